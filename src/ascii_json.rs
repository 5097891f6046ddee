//! Compact JSON text with every non-ASCII character written as a `\uXXXX` escape, or, from the
//! same writer, as UTF-8.
//!
//! JavaScript decodes ASCII text from wasm memory far faster than UTF-8, and `JSON.parse` reads
//! the escapes back into the same characters (`../shared/PERF-NOTES.md` measured the gain). The
//! large JSON texts that cross from wasm to JavaScript as strings are written so: the npm
//! package's `normalizeToJSON`, and the Worker's events kept in D1 and its JSON responses (a
//! string made from UTF-8 bytes costs Node 2.6 ms per MB of mixed text, from ASCII about 0.1 ms).
//! Text that crosses as bytes and never becomes a string (`normalizeToJSONBytes`, the Worker's
//! events from large bodies, kept in R2) is written as UTF-8: shorter, and nothing to escape but
//! `"`, `\` and control characters.
//!
//! A serde [`Serializer`] of its own rather than serde_json's with a custom formatter: serde_json
//! scans every string for escapes a byte at a time and a formatter would scan each run again for
//! non-ASCII characters; here one pass, eight bytes at a time, does both. Numbers are written as
//! serde_json writes them, and serde_json's exact numbers and raw values (`arbitrary_precision`,
//! `raw_value`) as sent.

use serde::ser::{self, Error as _, Serialize};
use serde_json::Error;

/// The struct name under which serde_json (`arbitrary_precision`) hands over a number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";
/// The struct name under which serde_json (`raw_value`) hands over a raw value's JSON text.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Serializes `value` as compact JSON whose text is pure ASCII.
pub fn to_ascii_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = Vec::with_capacity(256);
    write_ascii_json(&mut out, value)?;
    String::from_utf8(out).map_err(|err| Error::custom(err.to_string()))
}

/// Appends `value` to `out` as compact JSON whose text is pure ASCII.
pub fn write_ascii_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    write_json(out, value, Charset::Ascii)
}

/// Appends `value` to `out` as compact JSON in UTF-8: the same text as [`write_ascii_json`] but
/// for the characters beyond ASCII, written as they are.
pub fn write_utf8_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    write_json(out, value, Charset::Utf8)
}

/// The ASCII form of a compact JSON text in UTF-8 (as [`write_utf8_json`] writes it): its
/// characters beyond ASCII, which can only be inside its strings, escaped.
#[cfg_attr(not(feature = "worker"), allow(dead_code))]
pub fn ascii_from_utf8_json(json: &str) -> Result<String, Error> {
    if json.is_ascii() {
        return Ok(json.to_owned());
    }
    let mut out = Vec::with_capacity(json.len() + json.len() / 2);
    write_verbatim(&mut out, json, Charset::Ascii);
    String::from_utf8(out).map_err(|err| Error::custom(err.to_string()))
}

fn write_json<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    charset: Charset,
) -> Result<(), Error> {
    value.serialize(&mut TextSerializer {
        out,
        charset,
        verbatim: false,
    })
}

/// How the characters beyond ASCII are written.
#[derive(Clone, Copy)]
enum Charset {
    /// As `\uXXXX` escapes.
    Ascii,
    /// As their UTF-8 bytes.
    Utf8,
}

/// The serializer: appends to one output buffer.
struct TextSerializer<'o> {
    out: &'o mut Vec<u8>,
    charset: Charset,
    /// Set while the text of an exact number or raw value is written: strings are JSON text
    /// then, not string content.
    verbatim: bool,
}

impl TextSerializer<'_> {
    fn raw(&mut self, text: &[u8]) {
        self.out.extend_from_slice(text);
    }

    /// Writes a struct member's key and the `:` after it. Field names are short and plain (Rust
    /// names), so they are written as they are, without the scan a string of any length gets.
    // One copy for every struct type (each `member` is generic).
    #[inline(never)]
    fn member_key(&mut self, key: &str) {
        if key.bytes().all(|byte| !is_escaped::<true, true>(byte)) {
            self.out.reserve(key.len() + 3);
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\":");
        } else {
            self.string(key);
            self.out.push(b':');
        }
    }

    /// Writes `text` as a JSON string.
    fn string(&mut self, text: &str) {
        write_string(self.out, text, self.charset);
    }

    /// Writes an integer (with `itoa`, as serde_json does: no `core::fmt` machinery per number).
    fn integer(&mut self, value: impl itoa::Integer) -> Result<(), Error> {
        self.raw(itoa::Buffer::new().format(value).as_bytes());
        Ok(())
    }

    /// Writes a float; as serde_json, `null` for NaN and infinities (JSON has none), else the
    /// shortest text that reads back the same (`125.0`, `1e300`), with `zmij`, which serde_json
    /// links for its own floats anyway.
    fn float(&mut self, value: impl zmij::Float, finite: bool) -> Result<(), Error> {
        if finite {
            self.raw(zmij::Buffer::new().format_finite(value).as_bytes());
        } else {
            self.raw(b"null");
        }
        Ok(())
    }
}

/// What the fields of a struct being written are: ordinary members, or the JSON text of one of
/// serde_json's exact numbers or raw values.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    Members,
    Text,
}

/// An array or object being written.
struct Compound<'s, 'o> {
    ser: &'s mut TextSerializer<'o>,
    first: bool,
    body: Body,
    /// The closing bytes: `]`, `}`, or `}}` for an enum variant's content.
    close: &'static [u8],
}

impl Compound<'_, '_> {
    fn separate(&mut self) {
        if !self.first {
            self.ser.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(&mut *self.ser)
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.separate();
        self.ser.member_key(key);
        value.serialize(&mut *self.ser)
    }

    fn finish(self) -> Result<(), Error> {
        if self.body == Body::Members {
            self.ser.raw(self.close);
        }
        Ok(())
    }
}

/// The serializer methods of the integer types: each writes its value in decimal.
macro_rules! integers {
    ($($method:ident: $type:ty),+) => {$(
        fn $method(self, v: $type) -> Result<(), Error> {
            self.integer(v)
        }
    )+};
}

impl<'s, 'o> ser::Serializer for &'s mut TextSerializer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'s, 'o>;
    type SerializeTuple = Compound<'s, 'o>;
    type SerializeTupleStruct = Compound<'s, 'o>;
    type SerializeTupleVariant = Compound<'s, 'o>;
    type SerializeMap = Compound<'s, 'o>;
    type SerializeStruct = Compound<'s, 'o>;
    type SerializeStructVariant = Compound<'s, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.raw(if v { b"true" } else { b"false" });
        Ok(())
    }

    integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128
    );

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v, v.is_finite())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v, v.is_finite())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if self.verbatim {
            write_verbatim(self.out, v, self.charset);
        } else {
            self.string(v);
        }
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.raw(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        self.string(variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'s, 'o>, Error> {
        self.out.push(b'[');
        Ok(Compound {
            ser: self,
            first: true,
            body: Body::Members,
            close: b"]",
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'s, 'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'s, 'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'o>, Error> {
        self.out.push(b'{');
        self.string(variant);
        self.out.extend_from_slice(b":[");
        Ok(Compound {
            ser: self,
            first: true,
            body: Body::Members,
            close: b"]}",
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'s, 'o>, Error> {
        self.out.push(b'{');
        Ok(Compound {
            ser: self,
            first: true,
            body: Body::Members,
            close: b"}",
        })
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'s, 'o>, Error> {
        if name != NUMBER_TOKEN && name != RAW_TOKEN {
            return self.serialize_map(Some(len));
        }
        Ok(Compound {
            ser: self,
            first: true,
            body: Body::Text,
            close: b"",
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'o>, Error> {
        self.out.push(b'{');
        self.string(variant);
        self.out.extend_from_slice(b":{");
        Ok(Compound {
            ser: self,
            first: true,
            body: Body::Members,
            close: b"}}",
        })
    }
}

/// The four serde traits for lists of elements (sequences, tuples, tuple structs, tuple
/// variants): each writes its elements the same way, under the name the trait gives the method.
macro_rules! elements {
    ($($trait:ident :: $method:ident),+) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )+};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.separate();
        let start = self.ser.out.len();
        key.serialize(&mut *self.ser)?;
        // JSON keys are strings; none of our maps has other keys (serde_json would quote them).
        match self.ser.out.get(start) {
            Some(b'"') => Ok(()),
            _ => Err(Error::custom("a map key must be a string")),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.out.push(b':');
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match self.body {
            Body::Members => self.member(key, value),
            // The text of a number is ASCII already; a raw value's non-ASCII characters can
            // only be inside its strings, where an escape means the same character.
            Body::Text => {
                self.ser.verbatim = true;
                let written = value.serialize(&mut *self.ser);
                self.ser.verbatim = false;
                written
            }
        }
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.member(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// Writes `text` as a JSON string: escaped where JSON requires (`"`, `\` and control
/// characters) and, in ASCII, every character beyond as UTF-16 `\uXXXX` escapes.
fn write_string(out: &mut Vec<u8>, text: &str, charset: Charset) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    match charset {
        Charset::Ascii => write_escaped::<true, true>(out, text),
        Charset::Utf8 => write_escaped::<false, true>(out, text),
    }
    out.push(b'"');
}

/// Writes JSON text as it is, but, in ASCII, for its non-ASCII characters, escaped.
fn write_verbatim(out: &mut Vec<u8>, json: &str, charset: Charset) {
    match charset {
        Charset::Ascii => write_escaped::<true, false>(out, json),
        Charset::Utf8 => out.extend_from_slice(json.as_bytes()),
    }
}

/// Whether a character to escape starts at `byte`: with `BEYOND_ASCII` every character beyond
/// ASCII, with `SPECIALS` control characters, `"` and `\`.
#[inline(always)]
fn is_escaped<const BEYOND_ASCII: bool, const SPECIALS: bool>(byte: u8) -> bool {
    (BEYOND_ASCII && !byte.is_ascii())
        || (SPECIALS && (byte < 0x20 || byte == b'"' || byte == b'\\'))
}

/// Writes `text`, copying runs of bytes that need no escape and escaping the characters that
/// [`is_escaped`] names.
fn write_escaped<const BEYOND_ASCII: bool, const SPECIALS: bool>(out: &mut Vec<u8>, text: &str) {
    let escaped = is_escaped::<BEYOND_ASCII, SPECIALS>;
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut at = 0;
    loop {
        at = crate::scan::plain_prefix::<BEYOND_ASCII, SPECIALS>(bytes, at);
        // The word where the fast scan stopped (or the tail), byte by byte.
        let rest = bytes.get(at..).unwrap_or_default();
        let word = rest.get(..8).unwrap_or(rest);
        match word.iter().position(|&byte| escaped(byte)) {
            Some(offset) => {
                at += offset;
                out.extend_from_slice(bytes.get(run_start..at).unwrap_or_default());
                // The characters to escape that follow (a word in another script, an emoji
                // sequence), without going back to the scan for each.
                loop {
                    match bytes.get(at) {
                        Some(&byte) if escaped(byte) => at += write_char_escape(out, bytes, at),
                        // A space or mark between two words of that script.
                        Some(&byte) if bytes.get(at + 1).is_some_and(|&next| escaped(next)) => {
                            out.push(byte);
                            at += 1;
                        }
                        _ => break,
                    }
                }
                run_start = at;
            }
            None if word.len() < 8 => break,
            None => at += 8,
        }
    }
    out.extend_from_slice(bytes.get(run_start..).unwrap_or_default());
}

/// Writes the escape of the character that starts at `bytes[at]`: the short forms JSON has, else
/// `\uXXXX` per UTF-16 unit. Returns the character's length in bytes.
#[inline(always)]
fn write_char_escape(out: &mut Vec<u8>, bytes: &[u8], at: usize) -> usize {
    let (code, len) = char_at(bytes, at);
    let short = match code {
        0x22 => b'"',
        0x5c => b'\\',
        0x0a => b'n',
        0x0d => b'r',
        0x09 => b't',
        0x08 => b'b',
        0x0c => b'f',
        _ => 0,
    };
    if short != 0 {
        out.extend_from_slice(&[b'\\', short]);
    } else {
        let (units, count) = utf16_units(code);
        for unit in units.get(..count).unwrap_or_default() {
            out.extend_from_slice(&unicode_escape(*unit));
        }
    }
    len
}

/// The code point of the character that starts at `bytes[at]`, and its length in bytes. `bytes`
/// is valid UTF-8 (it comes from a `str`), so the character is decoded from its bytes without
/// checks.
#[inline(always)]
pub(crate) fn char_at(bytes: &[u8], at: usize) -> (u32, usize) {
    let byte = |i: usize| u32::from(bytes.get(at + i).copied().unwrap_or(0));
    let tail = |i: usize| byte(i) & 0x3f;
    let lead = byte(0);
    match lead {
        0x00..=0x7f => (lead, 1),
        0xc0..=0xdf => ((lead & 0x1f) << 6 | tail(1), 2),
        0xe0..=0xef => ((lead & 0x0f) << 12 | tail(1) << 6 | tail(2), 3),
        _ => (
            (lead & 0x07) << 18 | tail(1) << 12 | tail(2) << 6 | tail(3),
            4,
        ),
    }
}

/// The UTF-16 code units of code point `code`: one, or a surrogate pair beyond U+FFFF; and how
/// many.
#[inline(always)]
pub(crate) fn utf16_units(code: u32) -> ([u16; 2], usize) {
    match code.checked_sub(0x1_0000) {
        // `beyond` < 2^20, so both halves fit.
        Some(beyond) => (
            [
                0xd800 | (beyond >> 10) as u16,
                0xdc00 | (beyond & 0x3ff) as u16,
            ],
            2,
        ),
        None => ([code as u16, 0], 1),
    }
}

/// `\uXXXX` for one UTF-16 code unit, lowercase hex.
fn unicode_escape(unit: u16) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |shift: u16| HEX[usize::from((unit >> shift) & 0xf)];
    [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;
    use serde_json::{json, Value};

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
    fn every_character_class_at_every_alignment_reads_back_the_same() {
        let pieces = [
            "a", "é", "📞", "\"", "\\", "\n", "\u{1}", "\u{7f}", "\u{1f}", "/", "通",
        ];
        for offset in 0..9 {
            let mut text = "x".repeat(offset);
            for (i, piece) in pieces.iter().enumerate() {
                text.push_str(piece);
                text.push_str(&"y".repeat(i % 9));
            }
            let json = to_ascii_json(&text).unwrap();
            assert!(json.is_ascii());
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        }
    }

    #[test]
    fn words_of_another_script_apart_by_one_byte_read_back_the_same() {
        // A single plain byte between two escaped characters is copied inside the run.
        let texts = [
            "мир мир",
            "é é",
            "é ",
            " é",
            "é\"é",
            "é\né",
            "\n \n",
            "通,通 a",
            "é  é",
            "éaé",
        ];
        for text in texts {
            let json = to_ascii_json(text).unwrap();
            assert!(json.is_ascii(), "{json}");
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        }
        assert_eq!(to_ascii_json("é é").unwrap(), r#""\u00e9 \u00e9""#);
    }

    #[test]
    fn the_utf8_text_differs_only_in_characters_beyond_ascii() {
        let raw = RawValue::from_string(r#"{"t":"été \"q\" 📞","n":1e400}"#.into()).unwrap();
        let value = json!({
            "plain": "a \"q\" \\ \n\u{1}",
            "mixed": "Zoë 📞 — 通话 мир мир",
            "clé": ["é", 1.5, null, true],
        });
        for item in [&value, &json!({ "raw": raw.get() })] {
            let mut utf8 = Vec::new();
            write_utf8_json(&mut utf8, item).unwrap();
            let utf8 = String::from_utf8(utf8).unwrap();
            assert!(!utf8.is_ascii());
            assert_eq!(serde_json::from_str::<Value>(&utf8).unwrap(), *item);
            assert_eq!(
                ascii_from_utf8_json(&utf8).unwrap(),
                to_ascii_json(item).unwrap()
            );
        }
        let mut raw_utf8 = Vec::new();
        write_utf8_json(&mut raw_utf8, &raw).unwrap();
        assert_eq!(
            raw_utf8,
            raw.get().as_bytes(),
            "a raw value is written as sent"
        );
        assert_eq!(
            ascii_from_utf8_json(raw.get()).unwrap(),
            to_ascii_json(&raw).unwrap()
        );
    }

    #[test]
    fn every_character_class_reads_back_the_same_from_both_charsets() {
        // Every ASCII byte, and characters at the edges of each UTF-8 length and of UTF-16.
        let mut characters: Vec<char> = (0u8..0x80).map(char::from).collect();
        characters.extend([
            '\u{80}', '\u{7ff}', '\u{800}', '\u{2028}', '\u{feff}', '\u{ffff}',
        ]);
        characters.extend(['\u{10000}', '\u{1f4de}', '\u{10ffff}']);
        for offset in 0..9 {
            let mut text = "x".repeat(offset);
            for (i, c) in characters.iter().enumerate() {
                text.push(*c);
                if i % 3 == 0 {
                    text.push(' ');
                }
            }
            let ascii = to_ascii_json(&text).unwrap();
            let mut utf8 = Vec::new();
            write_utf8_json(&mut utf8, &text).unwrap();
            let utf8 = String::from_utf8(utf8).unwrap();
            assert!(ascii.is_ascii());
            assert_eq!(serde_json::from_str::<String>(&ascii).unwrap(), text);
            assert_eq!(serde_json::from_str::<String>(&utf8).unwrap(), text);
            assert_eq!(ascii_from_utf8_json(&utf8).unwrap(), ascii);
        }
    }

    #[test]
    fn writes_what_serde_json_writes_for_ascii_content() {
        let value = json!({
            "s": "plain \"q\" \\ \t\u{0}",
            "n": [0, -1, 18446744073709551615u64, 1.5, 125.0, 1e300, -0.0],
            "b": [true, false, null],
            "o": {"nested": {"empty": {}, "list": []}},
        });
        assert_eq!(
            to_ascii_json(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
        assert_eq!(to_ascii_json(&f64::NAN).unwrap(), "null");
        assert_eq!(to_ascii_json(&Some(2.5f64)).unwrap(), "2.5");
    }

    #[test]
    fn floats_read_back_the_same() {
        let values = [
            0.1,
            1e-5,
            1e-4,
            1e15,
            1e16,
            123_456.789,
            5e-324,
            f64::MAX,
            -2.5e-8,
        ];
        for value in values {
            let text = to_ascii_json(&value).unwrap();
            assert_eq!(text.parse::<f64>().unwrap(), value, "{text}");
            assert!(serde_json::from_str::<Value>(&text).is_ok(), "{text}");
        }
    }

    #[test]
    fn exact_numbers_and_raw_values_stay_as_sent() {
        let raw = RawValue::from_string(r#"{"n":12345678901234567890,"t":"été"}"#.into()).unwrap();
        let json = to_ascii_json(&raw).unwrap();
        assert_eq!(json, r#"{"n":12345678901234567890,"t":"\u00e9t\u00e9"}"#);
        let exact: Value = serde_json::from_str("[1e400, 123456789012345678901234567890]").unwrap();
        assert_eq!(
            to_ascii_json(&exact).unwrap(),
            "[1e+400,123456789012345678901234567890]"
        );
    }

    #[test]
    fn enums_and_keys_as_serde_json() {
        #[derive(serde::Serialize)]
        enum Shape {
            Unit,
            Newtype(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        let shapes = [
            Shape::Unit,
            Shape::Newtype(1),
            Shape::Tuple(1, 2),
            Shape::Struct { a: 3 },
        ];
        assert_eq!(
            to_ascii_json(&shapes).unwrap(),
            serde_json::to_string(&shapes).unwrap()
        );
        let numeric_keys = std::collections::BTreeMap::from([(1, 2)]);
        assert!(to_ascii_json(&numeric_keys).is_err());
    }

    /// Field names are written as they are when plain, and escaped otherwise (a rename may give
    /// a field any name).
    #[test]
    fn struct_field_names_as_serde_json() {
        #[derive(serde::Serialize)]
        struct Named {
            plain_name: u8,
            #[serde(rename = "with \"quote\" \\ and\ttab")]
            escaped: u8,
            #[serde(rename = "été")]
            beyond_ascii: u8,
        }
        let named = Named {
            plain_name: 1,
            escaped: 2,
            beyond_ascii: 3,
        };
        let expected = serde_json::to_string(&named).unwrap();
        assert_eq!(
            to_ascii_json(&named).unwrap(),
            r#"{"plain_name":1,"with \"quote\" \\ and\ttab":2,"\u00e9t\u00e9":3}"#
        );
        let mut utf8 = Vec::new();
        write_utf8_json(&mut utf8, &named).unwrap();
        assert_eq!(String::from_utf8(utf8).unwrap(), expected);
    }
}
