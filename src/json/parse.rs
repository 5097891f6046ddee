//! Parsing a body into a borrowed [`Value`] with serde_json, a nesting limit and the JSON Pointer of
//! the place where parsing failed.
//!
//! The UTF-8 check runs once over the whole body, with SIMD where the target has it (faster than
//! serde_json's check per string, and it lets the error name the byte offset). A leading UTF-8
//! byte-order mark is skipped: RFC 8259 §8.1 lets a parser ignore it, and some HTTP stacks add one.
//! Nesting deeper than [`MAX_DEPTH`] is refused before serde_json's own recursion guard, so the
//! issue is `too_deep` with the path of the container.

use super::pointer::escape_token;
use super::value::Value;
use crate::error::{Issue, IssueCode};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;

/// The deepest nesting of arrays and objects a body may have.
pub const MAX_DEPTH: usize = 64;

/// The key under which serde_json (feature `arbitrary_precision`) hands a number's text to
/// `visit_map`. Stable across serde_json 1.x; the unit tests below fail if it ever changes.
const SERDE_JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One step of the path to the place where parsing stopped, innermost first.
enum Step {
    Key(String),
    Index(usize),
}

/// State shared by every level of one parse.
struct ParseState {
    too_deep: Cell<bool>,
    error_path: RefCell<Vec<Step>>,
}

impl ParseState {
    fn failed_at(&self, step: Step) {
        self.error_path.borrow_mut().push(step);
    }

    fn pointer(&self) -> String {
        let steps = self.error_path.borrow();
        let mut pointer = String::new();
        for step in steps.iter().rev() {
            pointer.push('/');
            match step {
                Step::Key(key) => pointer.push_str(&escape_token(key)),
                Step::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    }
}

/// Parses `body` as one JSON value.
pub(crate) fn parse(body: &[u8]) -> Result<Value<'_>, Issue> {
    parse_document(body, "the body")
}

/// Parses `text` as one JSON value; an issue's message names the text `what` (`the mapping`).
pub(crate) fn parse_document<'t>(text: &'t [u8], what: &str) -> Result<Value<'t>, Issue> {
    let body = text.strip_prefix(UTF8_BOM).unwrap_or(text);
    let text = simdutf8::compat::from_utf8(body).map_err(|err| {
        Issue::new(
            IssueCode::InvalidUtf8,
            "",
            format!(
                "{what} is not valid UTF-8 (first bad byte at offset {})",
                err.valid_up_to()
            ),
        )
        .expected("UTF-8 text")
        .found("invalid UTF-8 byte sequence")
    })?;
    let state = ParseState {
        too_deep: Cell::new(false),
        error_path: RefCell::new(Vec::new()),
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = ValueSeed {
        state: &state,
        depth: 0,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|err| describe_failure(&state, &err, what))
}

fn describe_failure(state: &ParseState, err: &serde_json::Error, what: &str) -> Issue {
    let path = state.pointer();
    if state.too_deep.get() {
        return Issue::new(
            IssueCode::TooDeep,
            path,
            format!("{what} nests deeper than {MAX_DEPTH} levels"),
        )
        .expected(format!("at most {MAX_DEPTH} nested arrays and objects"))
        .found("deeper nesting");
    }
    let found = if err.is_eof() {
        "end of input"
    } else {
        "malformed JSON"
    };
    Issue::new(
        IssueCode::InvalidJson,
        path,
        format!("{what} is not valid JSON: {err}"),
    )
    .expected("a JSON value")
    .found(found)
}

#[derive(Clone, Copy)]
struct ValueSeed<'s> {
    state: &'s ParseState,
    depth: usize,
}

impl ValueSeed<'_> {
    fn nested(self) -> Self {
        ValueSeed {
            state: self.state,
            depth: self.depth + 1,
        }
    }

    fn enter<E: de::Error>(self) -> Result<(), E> {
        if self.depth >= MAX_DEPTH {
            self.state.too_deep.set(true);
            return Err(E::custom("nesting too deep"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value<'de>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Cow::Owned(v.to_string())))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Cow::Owned(v.to_string())))
    }

    // With `arbitrary_precision` numbers arrive as text; serde_json still has this path. Written
    // with zmij (as serde_json writes floats), not `core::fmt`, whose float code it would link.
    fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Cow::Owned(
            zmij::Buffer::new().format(v).to_owned(),
        )))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        self.enter()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            match seq.next_element_seed(self.nested()) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(err) => {
                    self.state.failed_at(Step::Index(items.len()));
                    return Err(err);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if entries.is_empty() && key == SERDE_JSON_NUMBER_TOKEN {
                // serde_json hands over a number that fits no u64/i64 as a one-entry map; an
                // object that merely uses this key stays an object (its value is no number).
                let value = map.next_value_seed(self)?;
                match value {
                    Value::String(text) if is_json_number(&text) => {
                        return Ok(Value::Number(text));
                    }
                    other => {
                        self.enter()?;
                        entries.push((key, other));
                        continue;
                    }
                }
            }
            if entries.is_empty() {
                self.enter()?;
            }
            match map.next_value_seed(self.nested()) {
                Ok(value) => entries.push((key, value)),
                Err(err) => {
                    self.state.failed_at(Step::Key(key.into_owned()));
                    return Err(err);
                }
            }
        }
        if entries.is_empty() {
            self.enter()?;
        }
        Ok(Value::Object(entries))
    }
}

/// Whether `text` is a number in JSON's grammar (RFC 8259 §6).
fn is_json_number(text: &str) -> bool {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = text.strip_prefix('-').unwrap_or(text);
    let int = digits(rest);
    if int == 0 || (int > 1 && rest.starts_with('0')) {
        return false;
    }
    let mut rest = &rest[int..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = &exponent[n..];
    }
    rest.is_empty()
}

/// Object keys, borrowed when they have no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(body: &str) -> Issue {
        match parse(body.as_bytes()) {
            Ok(value) => panic!("parsed {value:?}"),
            Err(issue) => issue,
        }
    }

    #[test]
    fn numbers_keep_their_text() {
        let value = parse(br#"[1, -2, 1.50, 1e400, 123456789012345678901234, -0]"#).unwrap();
        let texts: Vec<_> = match &value {
            Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    Value::Number(t) => t.to_string(),
                    other => panic!("{other:?}"),
                })
                .collect(),
            other => panic!("{other:?}"),
        };
        // serde_json writes exponents with a sign; -0 keeps its sign.
        assert_eq!(
            texts,
            [
                "1",
                "-2",
                "1.50",
                "1e+400",
                "123456789012345678901234",
                "-0"
            ]
        );
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let value = parse(br#"{"plain":"abc","escaped":"a\nb"}"#).unwrap();
        let entries = value.entries().unwrap();
        assert!(matches!(entries[0].0, Cow::Borrowed(_)));
        assert!(matches!(entries[0].1, Value::String(Cow::Borrowed("abc"))));
        assert!(matches!(&entries[1].1, Value::String(Cow::Owned(s)) if s == "a\nb"));
    }

    #[test]
    fn syntax_errors_name_the_json_pointer() {
        assert_eq!(issue(r#"{"a": [1, 2, tru]}"#).path, "/a/2");
        assert_eq!(issue(r#"{"a/b": {"c~d": x}}"#).path, "/a~1b/c~0d");
        assert_eq!(issue(r#"{"a": 1,}"#).path, "");
        assert_eq!(issue(r#"{"a": [1, 2"#).code, IssueCode::InvalidJson);
        assert_eq!(issue("").code, IssueCode::InvalidJson);
        assert_eq!(issue("{} {}").code, IssueCode::InvalidJson);
    }

    #[test]
    fn nesting_beyond_the_limit_is_too_deep_with_its_path() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let found = issue(&deep);
        assert_eq!(found.code, IssueCode::TooDeep);
        assert_eq!(found.path, "/0".repeat(MAX_DEPTH));
        let objects = r#"{"a":"#.repeat(100_000);
        assert_eq!(issue(&objects).code, IssueCode::TooDeep);
    }

    #[test]
    fn invalid_utf8_is_its_own_code_and_a_bom_is_skipped() {
        let found = parse(b"{\"a\":\"\xff\"}").unwrap_err();
        assert_eq!(found.code, IssueCode::InvalidUtf8);
        assert!(found.message.contains("offset 6"));
        assert_eq!(parse(b"\xEF\xBB\xBF{}").unwrap(), Value::Object(vec![]));
        assert_eq!(
            parse(b"\xEF\xBB\xBF").unwrap_err().code,
            IssueCode::InvalidJson
        );
    }

    #[test]
    fn json_number_grammar() {
        for good in ["0", "-0", "12", "1.5", "1e5", "1E+5", "-1.25e-3"] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "abc", "1.5x", "+1"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn an_object_using_the_private_number_key_stays_an_object() {
        let value = parse(br#"{"$serde_json::private::Number": "abc", "b": 1}"#).unwrap();
        assert_eq!(value.entries().map(<[_]>::len), Some(2));
    }

    #[test]
    fn the_number_token_is_what_serde_json_uses() {
        let number: serde_json::Value = serde_json::from_str("1.5").unwrap();
        let as_map = serde_json::to_string(&number).unwrap();
        assert_eq!(as_map, "1.5");
        // If serde_json renamed its private token, 1.5 would come back as an object here.
        assert_eq!(parse(b"1.5").unwrap(), Value::Number(Cow::Borrowed("1.5")));
    }
}
