//! Form bodies (`application/x-www-form-urlencoded`, Twilio's callbacks) read into the same
//! [`Value`] tree as JSON, so vendor modules read both alike.
//!
//! Each `key=value` pair becomes a member whose value is a string; `+` is a space and `%XX` a
//! byte. A key sent several times (`Digits=5678&Digits=1234`) becomes one member holding an
//! array of its values, in order, so none is lost. A `%` not followed by two hex digits is kept
//! as written, and the text that does not decode as UTF-8 gets U+FFFD: each with an
//! `invalid_value` warning naming the member. The format is chosen by the content type, never
//! guessed from the bytes.

use super::pointer;
use super::value::Value;
use crate::error::{Issue, IssueCode};
use std::borrow::Cow;

/// Parses a form body; the tree and the warnings about it.
pub(crate) fn parse_form(body: &[u8]) -> (Value<'static>, Vec<Issue>) {
    let mut warnings = Vec::new();
    let mut entries: Vec<(Cow<'static, str>, Value<'static>)> = Vec::new();
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (raw_key, raw_value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (pair.get(..at).unwrap_or_default(), pair.get(at + 1..)),
            None => (pair, None),
        };
        let (key, key_ok) = decode(raw_key);
        let (value, value_ok) = raw_value.map_or((String::new(), true), decode);
        if !(key_ok && value_ok) {
            warnings.push(
                Issue::new(
                    IssueCode::InvalidValue,
                    pointer::member("", &key),
                    "a bad percent-escape or bytes that are not UTF-8; kept as written",
                )
                .expected("%XX escapes of UTF-8 text")
                .found("a malformed escape"),
            );
        }
        add(&mut entries, key, value);
    }
    (Value::Object(entries), warnings)
}

/// Adds one pair; a repeated key gathers its values into an array.
fn add(entries: &mut Vec<(Cow<'static, str>, Value<'static>)>, key: String, value: String) {
    let value = Value::String(Cow::Owned(value));
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some((_, Value::Array(values))) => values.push(value),
        Some((_, first)) => {
            let earlier = std::mem::replace(first, Value::Null);
            *first = Value::Array(vec![earlier, value]);
        }
        None => entries.push((Cow::Owned(key), value)),
    }
}

/// Decodes `+` and `%XX`; whether every escape was well formed and the result UTF-8.
fn decode(raw: &[u8]) -> (String, bool) {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut well_formed = true;
    let mut rest = raw;
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => match (tail.first().and_then(hex), tail.get(1).and_then(hex)) {
                (Some(high), Some(low)) => {
                    bytes.push((high << 4) | low);
                    rest = tail.get(2..).unwrap_or_default();
                }
                _ => {
                    well_formed = false;
                    bytes.push(b'%');
                }
            },
            other => bytes.push(other),
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, well_formed),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), false),
    }
}

fn hex(digit: &u8) -> Option<u8> {
    char::from(*digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(body: &str) -> Vec<(String, Value<'static>)> {
        match parse_form(body.as_bytes()).0 {
            Value::Object(entries) => entries
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect(),
            _ => unreachable!("a form is an object"),
        }
    }

    fn text(value: &str) -> Value<'static> {
        Value::String(Cow::Owned(value.to_owned()))
    }

    #[test]
    fn pairs_plus_and_escapes() {
        let got = members("CallSid=CA123&From=%2B15551234567&CallerName=Jane+Doe&Empty=&Flag");
        assert_eq!(
            got,
            vec![
                ("CallSid".into(), text("CA123")),
                ("From".into(), text("+15551234567")),
                ("CallerName".into(), text("Jane Doe")),
                ("Empty".into(), text("")),
                ("Flag".into(), text("")),
            ]
        );
        assert_eq!(members("City=S%C3%A3o+Paulo")[0].1, text("São Paulo"));
    }

    #[test]
    fn repeated_keys_keep_every_value_in_order() {
        let got = members("Digits=5678&Sid=CA1&Digits=1234&Digits=9");
        assert_eq!(
            got[0].1,
            Value::Array(vec![text("5678"), text("1234"), text("9")])
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn bad_escapes_are_kept_and_reported_at_their_member() {
        let (value, warnings) = parse_form(b"Good=1&Bad=50%25%2&Worse=%zz&Bytes=%ff");
        assert_eq!(value.get("Bad"), Some(&text("50%%2")));
        assert_eq!(value.get("Worse"), Some(&text("%zz")));
        assert_eq!(value.get("Bytes"), Some(&text("\u{fffd}")));
        let paths: Vec<&str> = warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["/Bad", "/Worse", "/Bytes"]);
        assert!(warnings.iter().all(|w| w.code == IssueCode::InvalidValue));
    }

    #[test]
    fn empty_and_separator_only_bodies_are_empty_objects() {
        assert!(members("").is_empty());
        assert!(members("&&").is_empty());
    }
}
