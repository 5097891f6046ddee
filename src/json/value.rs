//! A JSON tree that borrows from the body: strings without escapes and object keys point into the
//! input, numbers keep their text exactly as sent, objects keep every entry in order (duplicates
//! included, so the reader can see and report them).

use std::borrow::Cow;

/// One JSON value borrowed from the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's text as serde_json read it (digits exact; `1e400` reads as `1e+400`).
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl Value<'_> {
    /// The JSON type's name, as used in `found` and `expected`.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The entries of an object, or `None`.
    pub(crate) fn entries(&self) -> Option<&[(Cow<'_, str>, Value<'_>)]> {
        match self {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key` in an object (the last one when the key repeats, as `JSON.parse`).
    pub(crate) fn get(&self, key: &str) -> Option<&Value<'_>> {
        self.entries()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The text of a string, or `None`.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// An owned `serde_json::Value` with the same content (numbers keep their text).
    pub(crate) fn to_owned_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(text) => number_from_text(text),
            Value::String(s) => serde_json::Value::String(s.as_ref().to_owned()),
            Value::Array(items) => items.iter().map(Value::to_owned_json).collect(),
            Value::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_ref().to_owned(), v.to_owned_json()))
                    .collect(),
            ),
        }
    }
}

/// A `serde_json` number with exactly this text. The text always comes from the JSON parser, so it
/// is valid number syntax; should it ever not be, it is kept as a string rather than lost.
fn number_from_text(text: &str) -> serde_json::Value {
    // Most numbers are plain integers (message ids, counts, Unix times): made from their value,
    // whose digits (with `arbitrary_precision`) are this very text, without serde_json's parser.
    // `-0` and a leading zero would not write back the same, so they take the long way.
    if let Some(number) = plain_integer(text) {
        return serde_json::Value::Number(number);
    }
    match text.parse::<serde_json::Number>() {
        Ok(number) => serde_json::Value::Number(number),
        Err(_) => serde_json::Value::String(text.to_owned()),
    }
}

/// The number of an integer's text when its value writes back as the same text: digits with an
/// optional `-`, no leading zero (`0` itself aside) and not `-0`.
fn plain_integer(text: &str) -> Option<serde_json::Number> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    let canonical = match digits.as_bytes() {
        [b'0'] => !negative,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !canonical {
        return None;
    }
    if negative {
        text.parse::<i64>().ok().map(serde_json::Number::from)
    } else {
        digits.parse::<u64>().ok().map(serde_json::Number::from)
    }
}

#[cfg(test)]
mod tests {
    use super::number_from_text;

    #[test]
    fn numbers_keep_their_text_by_either_way() {
        for text in [
            "0",
            "-0",
            "7",
            "-7",
            "101",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "-0.0",
            "1e+400",
            "12345678901234567890123",
        ] {
            let long_way = serde_json::Value::Number(text.parse().unwrap());
            assert_eq!(number_from_text(text), long_way, "{text}");
            assert_eq!(number_from_text(text).to_string(), text, "{text}");
        }
    }
}
