//! The phone index behind erasure (`DELETE /v1/contacts/{phone}`): keyed hashes of the phone
//! numbers in each stored row, so one person's rows are found without a scan and the index
//! itself does not reveal numbers (a plain hash of a phone number is reversed by trying them all).
//!
//! An event is indexed by the E.164 form of each of its phones (`e:` keys). A quarantined body
//! cannot be read as an event, so every run of 8 to 15 digits in it is indexed by its last nine
//! digits (`n:` keys); an erasure confirms each such candidate against the body before it deletes
//! it, so a stranger who shares nine digits keeps their data.

use crate::event::{CallEvent, Phone};
use crate::field::phone;
use hmac::{KeyInit, Mac};
use sha2::Sha256;

/// Digits compared by the loose index of quarantined bodies.
const SUFFIX_DIGITS: usize = 9;
/// Digit runs shorter than this are no phone numbers (E.164's subscriber minimum).
const MIN_RUN: usize = 8;
const MAX_RUN: usize = 15;
/// Characters that may separate the digits of one written number.
const SEPARATORS: &[u8] = b" -.()/";
/// Most separators in a row inside one written number.
const MAX_GAP: usize = 2;

/// The key of the index: `PHONE_INDEX_KEY`, or a fixed default (the index then hides numbers
/// only from whoever does not know voicehook's default).
pub struct PhoneIndex {
    key: Vec<u8>,
}

/// Used when no `PHONE_INDEX_KEY` is set.
const DEFAULT_KEY: &str = "voicehook-phone-index-v1";

impl PhoneIndex {
    /// The index keyed with `key` (the `PHONE_INDEX_KEY` setting).
    pub fn new(key: Option<&str>) -> PhoneIndex {
        PhoneIndex {
            key: key.unwrap_or(DEFAULT_KEY).as_bytes().to_vec(),
        }
    }

    fn hash(&self, prefix: &str, text: &str) -> String {
        let Ok(mut mac) = hmac::Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(text.as_bytes());
        crate::id::prefixed_hex(prefix, &mac.finalize().into_bytes())
    }

    /// The exact key of one E.164 number.
    pub fn exact(&self, e164: &str) -> String {
        self.hash("e:", e164)
    }

    /// The loose key of a number's last nine digits.
    fn loose(&self, digits: &str) -> String {
        let start = digits.len().saturating_sub(SUFFIX_DIGITS);
        self.hash("n:", digits.get(start..).unwrap_or(digits))
    }

    /// The keys of every phone an event holds, as a JSON array (`None` when it holds none).
    pub fn event_keys(&self, event: &CallEvent) -> Option<String> {
        let call = &event.call;
        let inferred = event
            .inferred_contact
            .as_ref()
            .and_then(|c| c.phone.as_ref());
        let phones = [
            call.from.as_ref(),
            call.to.as_ref(),
            call.forwarded_from.as_ref(),
            event.agent.phone.as_ref(),
            event.contact.phone.as_ref(),
            inferred,
        ];
        let mut keys: Vec<String> = phones
            .into_iter()
            .flatten()
            .filter_map(|p: &Phone| p.e164.as_deref())
            .map(|e164| self.exact(e164))
            .collect();
        json_array(&mut keys)
    }

    /// The loose keys of every digit run in a body that may be a phone number, as a JSON array.
    pub fn body_keys(&self, body: &[u8]) -> Option<String> {
        let mut keys: Vec<String> = digit_runs(body)
            .into_iter()
            .map(|run| self.loose(&run))
            .collect();
        json_array(&mut keys)
    }

    /// The keys an erasure of `e164` looks up: exact for events, loose for quarantined bodies.
    pub fn erasure_keys(&self, e164: &str) -> (String, String) {
        let digits = e164.trim_start_matches('+');
        (self.exact(e164), self.loose(digits))
    }
}

/// Whether `body` writes the number `e164`: a digit run that ends with its national digits and
/// starts with nothing, a trunk `0`, or the country code (bare, `00`, `011`).
pub fn body_mentions(body: &[u8], e164: &str) -> bool {
    let Some(code) = phone::calling_code(e164) else {
        return false;
    };
    let digits = e164.trim_start_matches('+');
    let national = digits.get(code.len()..).unwrap_or("");
    if national.is_empty() {
        return false;
    }
    digit_runs(body).iter().any(|run| {
        run.strip_suffix(national).is_some_and(|prefix| {
            prefix.is_empty()
                || prefix == "0"
                || prefix == code
                || prefix.strip_prefix("00") == Some(code)
                || prefix.strip_prefix("011") == Some(code)
        })
    })
}

/// Every run of 8 to 15 digits, separators inside a run allowed, in order of appearance.
fn digit_runs(body: &[u8]) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    // Separators since the last digit: `) ` between groups is two.
    let mut gap = 0;
    for &byte in body {
        if byte.is_ascii_digit() {
            current.push(char::from(byte));
            gap = 0;
        } else if !current.is_empty() && gap < MAX_GAP && SEPARATORS.contains(&byte) {
            gap += 1;
        } else {
            finish_run(&mut current, &mut runs);
            gap = 0;
        }
    }
    finish_run(&mut current, &mut runs);
    runs
}

fn finish_run(current: &mut String, runs: &mut Vec<String>) {
    if (MIN_RUN..=MAX_RUN).contains(&current.len()) {
        runs.push(std::mem::take(current));
    }
    current.clear();
}

/// The keys, sorted and once each, as a JSON array; `None` when there are none.
fn json_array(keys: &mut Vec<String>) -> Option<String> {
    keys.sort();
    keys.dedup();
    (!keys.is_empty()).then(|| serde_json::to_string(keys).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_accept_separators_inside_a_number() {
        let body = br#"{"a":"+1 (555) 987-6543","b":"06 12 34 56 78","c":12,"d":"2026-02-21"}"#;
        // A date is a candidate too: candidates are confirmed before anything is erased.
        assert_eq!(
            digit_runs(body),
            vec!["15559876543", "0612345678", "20260221"]
        );
    }

    #[test]
    fn a_body_mentions_a_number_in_any_usual_writing() {
        for written in [
            "+15559876543",
            "1-555-987-6543",
            "(555) 987-6543",
            "011 1 555 987 6543",
        ] {
            let body = format!(r#"{{"phone":"{written}"}}"#);
            assert!(body_mentions(body.as_bytes(), "+15559876543"), "{written}");
        }
        assert!(body_mentions(b"\"06 12 34 56 78\"", "+33612345678"));
        assert!(body_mentions(b"\"0033612345678\"", "+33612345678"));
        // The same nine last digits in another number are someone else.
        assert!(!body_mentions(b"\"+44 555 987 6543\"", "+15559876543"));
        assert!(!body_mentions(b"\"4445559876543\"", "+15559876543"));
    }

    #[test]
    fn keys_are_keyed_and_loose_keys_meet_their_number() {
        let index = PhoneIndex::new(Some("k1"));
        let other = PhoneIndex::new(Some("k2"));
        assert_ne!(index.exact("+15559876543"), other.exact("+15559876543"));
        let (_, loose) = index.erasure_keys("+15559876543");
        let keys = index.body_keys(b"{\"p\":\"(555) 987-6543\"}").unwrap();
        assert!(keys.contains(&loose));
        assert!(!keys.contains("5559876543"));
    }
}
