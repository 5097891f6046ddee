//! The unified fields a mapping can fill, by their dotted names (`call.id`, `contact.phone`,
//! `variables.intent` …), and how a body value fills each.

use crate::error::IssueCode;
use crate::event::{
    CallEvent, Campaign, Direction, Metric, Outcome, Phone, Recording, Transcript, Voicemail,
};
use crate::field::contact::{self, Absorb};
use crate::field::{duration, metrics, status, transcript};
use crate::json::Value;
use crate::reader::Node;
use serde_json::Map;

type TextSlot = fn(&mut CallEvent) -> &mut Option<String>;
type PhoneSlot = fn(&mut CallEvent) -> &mut Option<Phone>;
type NumberSlot = fn(&mut CallEvent) -> &mut Option<f64>;
type BoolSlot = fn(&mut CallEvent) -> &mut Option<bool>;
type MapSlot = fn(&mut CallEvent) -> &mut Map<String, serde_json::Value>;
type MakeTarget = fn() -> Target;

/// A unified field and how a value is read into it.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Text(TextSlot),
    Time(TextSlot),
    Phone(PhoneSlot),
    Seconds(NumberSlot),
    Bool(BoolSlot),
    Attempt,
    Direction,
    Status,
    /// A transcript text or message array.
    Transcript,
    /// A message array (or an object holding one) that completes a transcript text.
    TranscriptMessages,
    /// An object merged into a map (`variables`, `campaign.extra`).
    Map(MapSlot),
    /// One named entry of a map (`variables.intent`).
    MapEntry(MapSlot, String),
    /// An object whose contact details fill the contact and the rest `contact.fields`.
    ContactFields,
    /// Metric objects, or an object of `name: value`.
    Metrics,
    /// One named metric (`metrics.call_rating`).
    Metric(String),
}

fn outcome(e: &mut CallEvent) -> &mut Outcome {
    e.outcome.get_or_insert_with(Outcome::default)
}

fn recording(e: &mut CallEvent) -> &mut Recording {
    e.recording.get_or_insert_with(Recording::default)
}

fn voicemail(e: &mut CallEvent) -> &mut Voicemail {
    e.voicemail.get_or_insert_with(Voicemail::default)
}

fn campaign(e: &mut CallEvent) -> &mut Campaign {
    e.campaign.get_or_insert_with(Campaign::default)
}

/// Fixed names and their targets. The schema's own field paths, so a mapping reads like it.
const NAMED: [(&str, MakeTarget); 45] = [
    ("occurred_at", || Target::Time(|e| &mut e.occurred_at)),
    ("call.id", || Target::Text(|e| &mut e.call.id)),
    ("call.sid", || Target::Text(|e| &mut e.call.sid)),
    ("call.direction", || Target::Direction),
    ("call.from", || Target::Phone(|e| &mut e.call.from)),
    ("call.to", || Target::Phone(|e| &mut e.call.to)),
    ("call.forwarded_from", || {
        Target::Phone(|e| &mut e.call.forwarded_from)
    }),
    ("call.started_at", || {
        Target::Time(|e| &mut e.call.started_at)
    }),
    ("call.answered_at", || {
        Target::Time(|e| &mut e.call.answered_at)
    }),
    ("call.ended_at", || Target::Time(|e| &mut e.call.ended_at)),
    ("call.duration_seconds", || {
        Target::Seconds(|e| &mut e.call.duration_seconds)
    }),
    ("call.status", || Target::Status),
    ("call.attempt", || Target::Attempt),
    ("agent.id", || Target::Text(|e| &mut e.agent.id)),
    ("agent.name", || Target::Text(|e| &mut e.agent.name)),
    ("agent.phone", || Target::Phone(|e| &mut e.agent.phone)),
    ("contact.id", || Target::Text(|e| &mut e.contact.id)),
    ("contact.name", || Target::Text(|e| &mut e.contact.name)),
    ("contact.first_name", || {
        Target::Text(|e| &mut e.contact.first_name)
    }),
    ("contact.last_name", || {
        Target::Text(|e| &mut e.contact.last_name)
    }),
    ("contact.email", || Target::Text(|e| &mut e.contact.email)),
    ("contact.phone", || Target::Phone(|e| &mut e.contact.phone)),
    ("contact.city", || Target::Text(|e| &mut e.contact.city)),
    ("contact.region", || Target::Text(|e| &mut e.contact.region)),
    ("contact.country", || {
        Target::Text(|e| &mut e.contact.country)
    }),
    ("contact.fields", || Target::ContactFields),
    ("campaign.id", || Target::Text(|e| &mut campaign(e).id)),
    ("campaign.name", || Target::Text(|e| &mut campaign(e).name)),
    ("campaign.status", || {
        Target::Text(|e| &mut campaign(e).status)
    }),
    ("campaign.extra", || Target::Map(|e| &mut campaign(e).extra)),
    ("transcript", || Target::Transcript),
    ("transcript.messages", || Target::TranscriptMessages),
    ("summary", || Target::Text(|e| &mut e.summary)),
    ("outcome.label", || Target::Text(|e| &mut outcome(e).label)),
    ("outcome.success", || {
        Target::Bool(|e| &mut outcome(e).success)
    }),
    ("outcome.reason", || {
        Target::Text(|e| &mut outcome(e).reason)
    }),
    ("outcome.sentiment", || {
        Target::Text(|e| &mut outcome(e).sentiment)
    }),
    ("outcome.system", || {
        Target::Bool(|e| &mut outcome(e).system)
    }),
    ("variables", || Target::Map(|e| &mut e.variables)),
    ("metrics", || Target::Metrics),
    ("recording.url", || Target::Text(|e| &mut recording(e).url)),
    ("recording.duration_seconds", || {
        Target::Seconds(|e| &mut recording(e).duration_seconds)
    }),
    ("recording.sid", || Target::Text(|e| &mut recording(e).sid)),
    ("voicemail.transcription", || {
        Target::Text(|e| &mut voicemail(e).transcription)
    }),
    ("voicemail.mode", || {
        Target::Text(|e| &mut voicemail(e).mode)
    }),
];

/// Prefixes of names with a key of the user's choice after them.
const ENTRY_PREFIXES: [(&str, MapSlot); 3] = [
    ("variables.", |e| &mut e.variables),
    ("contact.fields.", |e| &mut e.contact.fields),
    ("campaign.extra.", |e| &mut campaign(e).extra),
];

impl Target {
    /// The target a dotted name denotes.
    pub(crate) fn from_name(name: &str) -> Option<Target> {
        if let Some((_, make)) = NAMED.iter().find(|(n, _)| *n == name) {
            return Some(make());
        }
        if let Some(metric) = name.strip_prefix("metrics.").filter(|m| !m.is_empty()) {
            return Some(Target::Metric(metric.to_owned()));
        }
        ENTRY_PREFIXES.iter().find_map(|(prefix, slot)| {
            let key = name.strip_prefix(prefix).filter(|k| !k.is_empty())?;
            Some(Target::MapEntry(*slot, key.to_owned()))
        })
    }

    /// Whether every listed pointer is merged in (maps), rather than the first present used.
    pub(crate) fn merges(&self) -> bool {
        matches!(
            self,
            Target::Map(_) | Target::ContactFields | Target::Metrics
        )
    }

    /// Reads `node` into the event.
    pub(crate) fn apply(&self, node: &Node<'_>, event: &mut CallEvent) {
        match self {
            Target::Text(slot) => set(event, *slot, node.string()),
            Target::Time(slot) => set(event, *slot, node.time()),
            Target::Phone(slot) => set(event, *slot, node.phone()),
            Target::Seconds(slot) => set(event, *slot, duration::seconds(node)),
            Target::Bool(slot) => set(event, *slot, node.boolean()),
            Target::Attempt => event.call.attempt = node.count().or(event.call.attempt),
            Target::Direction => event.call.direction = direction(node).or(event.call.direction),
            Target::Status => {
                let (status, raw) = status::read(Some(*node));
                if raw.is_some() {
                    (event.call.status, event.call.status_raw) = (status, raw);
                }
            }
            Target::Transcript => {
                if let Some(read) = transcript::from_node(node) {
                    let existing = event.transcript.get_or_insert_with(Transcript::default);
                    existing.text = read.text.or(existing.text.take());
                    if !read.messages.is_empty() {
                        existing.messages = read.messages;
                    }
                }
            }
            Target::TranscriptMessages => {
                if let Some(messages) = transcript::messages_of(node) {
                    event
                        .transcript
                        .get_or_insert_with(Transcript::default)
                        .messages = messages;
                }
            }
            Target::Map(slot) => {
                if let Some(mut map) = node.map() {
                    slot(event).append(&mut map);
                }
            }
            Target::MapEntry(slot, key) => {
                if !node.is_null() {
                    slot(event).insert(key.clone(), node.json());
                }
            }
            Target::ContactFields => {
                if let Some(object) = node.object() {
                    contact::absorb(&mut event.contact, &object, Absorb::Move);
                }
            }
            Target::Metrics => match node.value {
                Value::Object(_) => {
                    if let Some(object) = node.object() {
                        event.metrics.extend(metrics::from_object(&object));
                    }
                }
                _ => {
                    if let Some(list) = node.array() {
                        event.metrics.extend(metrics::from_array(&list));
                    }
                }
            },
            Target::Metric(name) => {
                if !node.is_null() {
                    event.metrics.push(Metric {
                        name: name.clone(),
                        value: node.json(),
                        confidence: None,
                        reasoning: None,
                    });
                }
            }
        }
    }
}

/// Sets a slot when the value is known, leaving what an earlier source set otherwise.
fn set<T>(event: &mut CallEvent, slot: fn(&mut CallEvent) -> &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot(event) = value;
    }
}

fn direction(node: &Node<'_>) -> Option<Direction> {
    let word = node.string()?;
    match word.to_ascii_lowercase().as_str() {
        "inbound" | "incoming" | "in" => Some(Direction::Inbound),
        "outbound" | "outgoing" | "out" => Some(Direction::Outbound),
        _ => {
            node.reject_softly(
                IssueCode::UnknownValue,
                "inbound or outbound",
                "the call direction is not one voicehook knows; it is kept in extra",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixed_name_is_distinct_and_resolves() {
        let mut names: Vec<_> = NAMED.iter().map(|(n, _)| *n).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
        for name in names {
            assert!(Target::from_name(name).is_some(), "{name}");
        }
    }

    #[test]
    fn open_names() {
        assert!(
            matches!(Target::from_name("variables.intent"), Some(Target::MapEntry(_, k)) if k == "intent")
        );
        assert!(
            matches!(Target::from_name("metrics.call_rating"), Some(Target::Metric(m)) if m == "call_rating")
        );
        assert!(Target::from_name("variables.").is_none());
        assert!(Target::from_name("call.nope").is_none());
        assert!(Target::from_name("").is_none());
    }
}
