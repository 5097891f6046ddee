//! JSON text with every non-ASCII character written as a `\uXXXX` escape.
//!
//! JavaScript decodes ASCII text from wasm memory far faster than UTF-8, and `JSON.parse` reads
//! the escapes back into the same characters (`../shared/PERF-NOTES.md` measured the gain).

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, Serializer};
use std::io::{self, Write};

/// Serializes `value` as compact JSON whose text is pure ASCII.
pub fn to_ascii_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    write_ascii_json(&mut out, value)?;
    String::from_utf8(out).map_err(|err| serde::ser::Error::custom(err.to_string()))
}

/// Appends `value` to `out` as compact JSON whose text is pure ASCII.
pub fn write_ascii_json<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut Serializer::with_formatter(out, AsciiFormatter))
}

/// serde_json's compact formatter, escaping non-ASCII characters in strings and raw values.
struct AsciiFormatter;

impl Formatter for AsciiFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_ascii(writer, fragment)
    }

    /// Raw values (`raw`, numbers kept as sent) are JSON whose non-ASCII characters can only be
    /// inside strings, where an escape means the same character.
    fn write_raw_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_ascii(writer, fragment)
    }

    fn write_number_str<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        value: &str,
    ) -> io::Result<()> {
        CompactFormatter.write_number_str(writer, value)
    }
}

/// Writes `text`, ASCII runs verbatim and every other character as UTF-16 `\uXXXX` escapes.
fn write_ascii<W: ?Sized + Write>(writer: &mut W, text: &str) -> io::Result<()> {
    // Most fragments (keys, ids, times, English text) are ASCII: one word-at-a-time check.
    if text.is_ascii() {
        return writer.write_all(text.as_bytes());
    }
    // Otherwise characters are gathered in a stack buffer and written in batches.
    const BATCH: usize = 512;
    const LONGEST: usize = 12; // a surrogate pair: two `\uXXXX`
    let mut batch = [0u8; BATCH];
    let mut len = 0;
    for ch in text.chars() {
        if len + LONGEST > BATCH {
            writer.write_all(batch.get(..len).unwrap_or_default())?;
            len = 0;
        }
        if ch.is_ascii() {
            if let Some(slot) = batch.get_mut(len) {
                *slot = ch as u8;
            }
            len += 1;
        } else {
            for unit in ch.encode_utf16(&mut [0; 2]) {
                if let Some(slot) = batch.get_mut(len..len + 6) {
                    slot.copy_from_slice(&escape(*unit));
                }
                len += 6;
            }
        }
    }
    writer.write_all(batch.get(..len).unwrap_or_default())
}

/// `\uXXXX` for one UTF-16 code unit, lowercase hex.
fn escape(unit: u16) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |shift: u16| HEX[usize::from((unit >> shift) & 0xf)];
    [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    #[test]
    fn escapes_every_non_ascii_character_and_reads_back_the_same() {
        let text = "Zoë 📞 — 通话 \"quoted\"\n";
        let json = to_ascii_json(text).unwrap();
        assert!(json.is_ascii());
        assert_eq!(
            json,
            r#""Zo\u00eb \ud83d\udcde \u2014 \u901a\u8bdd \"quoted\"\n""#
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn long_mixed_text_crosses_batches_intact() {
        let text = "नमस्ते 📞 café, ".repeat(200) + "end";
        let json = to_ascii_json(&text).unwrap();
        assert!(json.is_ascii());
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn raw_values_and_numbers_stay_valid_json() {
        let raw = RawValue::from_string(r#"{"n":12345678901234567890,"t":"été"}"#.into()).unwrap();
        let json = to_ascii_json(&raw).unwrap();
        assert_eq!(json, r#"{"n":12345678901234567890,"t":"\u00e9t\u00e9"}"#);
    }
}
