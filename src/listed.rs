//! An event whose `extra` is still the list it was gathered in, for the answers that only write
//! the event out (the npm package's, the Worker's).
//!
//! The event's `extra` is a [`serde_json::Map`]: an index of its pointers, for Rust callers to
//! look values up, that hashes each pointer (SipHash) and moves each value into itself. Written
//! out, it is only gone through in order, which the list as gathered already is: a [`Listed`]
//! keeps the list (each pointer once) and writes it where the map would be, the same text
//! (ElevenLabs' bodies, with a pointer for every null of every turn, about 7% faster in wasm).

use crate::event::CallEvent;
use serde::ser::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::cell::{Cell, RefCell};

/// `extra` as gathered: every kept value under its pointer, in the order kept, no pointer twice.
pub(crate) type ExtraList = Vec<(String, Value)>;

/// A normalized event; its `extra` is empty while the list stands for it.
pub(crate) struct Listed {
    pub event: CallEvent,
    /// The event's `extra`, when it is still a list. Lent to [`LENT`] while the event is written.
    extra: Cell<Option<ExtraList>>,
}

thread_local! {
    /// The list of the [`Listed`] being written, for [`write_extra`] to write in the map's place.
    static LENT: RefCell<Option<ExtraList>> = const { RefCell::new(None) };
}

impl Listed {
    /// `event`, whose `extra` is `extra` when that is given (the event's own is empty then).
    pub(crate) fn new(event: CallEvent, extra: Option<ExtraList>) -> Listed {
        Listed {
            event,
            extra: Cell::new(extra),
        }
    }

    /// The event with its `extra` made a map.
    pub(crate) fn into_event(self) -> CallEvent {
        let mut event = self.event;
        if let Some(list) = self.extra.into_inner() {
            // Each pointer once: the map takes every value, in the same order.
            event.extra = Map::from_iter(list);
        }
        event
    }
}

impl Serialize for Listed {
    /// The event, as [`CallEvent`] writes itself with `extra` a map.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(list) = self.extra.take() else {
            return self.event.serialize(serializer);
        };
        LENT.with_borrow_mut(|lent| *lent = Some(list));
        let written = self.event.serialize(serializer);
        self.extra.set(LENT.with_borrow_mut(Option::take));
        written
    }
}

/// How [`CallEvent`] writes its `extra`: the list lent by the [`Listed`] being written, if any
/// (its event's own `extra` is empty), else the map itself.
pub(crate) fn write_extra<S: Serializer>(
    extra: &Map<String, Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    LENT.with_borrow(|lent| match lent {
        Some(list) => serializer.collect_map(list.iter().map(|(pointer, value)| (pointer, value))),
        None => extra.serialize(serializer),
    })
}

#[cfg(test)]
mod tests {
    use crate::normalize::normalize_listed;
    use crate::Options;
    use std::path::Path;

    /// Every fixture body, read with default options (those it is rejected with are left out).
    fn fixture_bodies() -> Vec<Vec<u8>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut bodies = Vec::new();
        for dir in std::fs::read_dir(root).unwrap().flatten() {
            for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") && name.matches('.').count() == 1 {
                    bodies.push(std::fs::read(file.path()).unwrap());
                }
            }
        }
        bodies
    }

    #[test]
    fn a_listed_event_is_written_as_the_event_with_its_map() {
        let mut listed_count = 0;
        for body in fixture_bodies() {
            let Ok((listed, _)) = normalize_listed(&body, &Options::default()) else {
                continue;
            };
            let list = listed.extra.take();
            listed_count += usize::from(list.as_ref().is_some_and(|list| !list.is_empty()));
            listed.extra.set(list);
            let written = serde_json::to_string(&listed).unwrap();
            // Written twice: the list is lent back after each write.
            assert_eq!(serde_json::to_string(&listed).unwrap(), written);
            let event = listed.into_event();
            assert_eq!(serde_json::to_string(&event).unwrap(), written);
        }
        assert!(
            listed_count > 10,
            "only {listed_count} fixtures have a listed extra"
        );
    }

    #[test]
    fn a_body_that_repeats_a_key_gets_the_map_and_its_warning() {
        let body = br#"{"event":"incoming_call","call_id":"c1","call_sid":"CA1",
          "timestamp":"2026-02-21T18:30:00.000Z","business_name":"Sunrise Dental",
          "business_phone":"+15551234567","caller":{"phone":"+15559876543","note":"a",
          "note":"b"},"direction":"inbound","other":1}"#;
        let (listed, _) = normalize_listed(body, &Options::default()).unwrap();
        assert!(listed.extra.take().is_none());
        assert_eq!(listed.event.extra["/caller/note"], "b");
        let written: serde_json::Value = serde_json::to_value(&listed).unwrap();
        assert_eq!(written["extra"]["/other"], 1);
        assert!(written["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "duplicate_key"));
    }
}
