//! The compact form an answer crosses to JavaScript in: no JSON text, no keys. A serde
//! serializer writes every value as numbers in one `f64` list (a tag, then its payload) and every
//! text into one of two tables: ASCII texts into one, the others, as UTF-16 code units, into the
//! other. The decoder generated from the same Rust types (`pkg-config/decode.js`) reads the list
//! in field order, takes each text as a `substring` of its table, and builds each object with a
//! fixed shape. Each table is decoded once, without transcoding: the ASCII one a byte per
//! character (its substrings, keys, pointers and ids, are one-byte strings), the other a code unit
//! per character (Node makes a string of 767K mixed characters from UTF-16LE in 0.9 ms, from
//! UTF-8 in 2.8 ms: about half a `JSON.parse` of a megabyte).
//!
//! Tags: [`NULL`], [`FALSE`], [`TRUE`], [`NUMBER`] (then the value), [`STRING`] and
//! [`WIDE_STRING`] (then its length in UTF-16 code units), [`SEQ`] and [`MAP`] (then the count; a
//! map's entries are a key string and a value), [`STRUCT`] (then the fields in declaration
//! order), [`VARIANT`] (then the unit variant's index), [`RAW`] and [`WIDE_RAW`] (then the length
//! of JSON text that JavaScript parses: a raw body).

use crate::ascii_json::{char_at, utf16_units};
use crate::scan::{is_ascii, plain_prefix};
use serde::ser::{self, Serialize};
use std::fmt;

/// `null` (and `None`).
pub const NULL: f64 = 0.0;
/// `false`.
pub const FALSE: f64 = 1.0;
/// `true`.
pub const TRUE: f64 = 2.0;
/// A number; the next slot is its value.
pub const NUMBER: f64 = 3.0;
/// An ASCII string; the next slot is its length, its text the next in the ASCII table.
pub const STRING: f64 = 4.0;
/// A sequence; the next slot is its length, then each element.
pub const SEQ: f64 = 5.0;
/// A map; the next slot is its length, then each key (a string) and value.
pub const MAP: f64 = 6.0;
/// A struct; its fields follow in declaration order.
pub const STRUCT: f64 = 7.0;
/// A unit enum variant; the next slot is its index.
pub const VARIANT: f64 = 8.0;
/// ASCII JSON text to parse (a raw body); the next slot is its length, as for [`STRING`].
pub const RAW: f64 = 9.0;
/// A string with other characters; the next slot is its length in UTF-16 code units, its text
/// the next in the UTF-16 table.
pub const WIDE_STRING: f64 = 10.0;
/// JSON text with other characters, as [`WIDE_STRING`] is to [`STRING`].
pub const WIDE_RAW: f64 = 11.0;
/// The tags of a string: in the ASCII table, in the UTF-16 one.
const STRING_TAGS: [f64; 2] = [STRING, WIDE_STRING];
/// The tags of JSON text to parse: in the ASCII table, in the UTF-16 one.
const RAW_TAGS: [f64; 2] = [RAW, WIDE_RAW];

/// serde_json's private names for an arbitrary-precision number and a raw value.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// An answer in compact form.
#[derive(Debug, Default)]
pub struct Compact {
    /// Tags, numbers, lengths.
    pub slots: Vec<f64>,
    /// Every ASCII text, in the order written.
    pub ascii: Vec<u8>,
    /// Every other text, in the order written, as UTF-16 code units.
    pub wide: Vec<u16>,
    /// What the next string is: a plain one, or the text of a number or a raw value.
    pending: Pending,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Pending {
    #[default]
    Plain,
    Number,
    Raw,
}

impl Compact {
    /// Empties the lists, keeping their memory (those over `keep` bytes are let go).
    pub fn clear(&mut self, keep: usize) {
        empty(&mut self.ascii, keep);
        empty(&mut self.wide, keep);
        empty(&mut self.slots, keep);
        self.pending = Pending::Plain;
    }

    /// Writes `value`.
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut *self)
    }

    /// Writes a text with the first of `[ascii_tag, wide_tag]` into the ASCII table when it is
    /// ASCII, else with the second into the UTF-16 table.
    fn text(&mut self, [ascii_tag, wide_tag]: [f64; 2], text: &str) {
        let bytes = text.as_bytes();
        if is_ascii(bytes) {
            self.slots.push(ascii_tag);
            self.slots.push(bytes.len() as f64);
            self.ascii.extend_from_slice(bytes);
        } else {
            let units = push_utf16(&mut self.wide, bytes);
            self.slots.push(wide_tag);
            self.slots.push(units as f64);
        }
    }

    fn number(&mut self, value: f64) {
        self.slots.push(NUMBER);
        self.slots.push(value);
    }

    /// Starts a sequence or map: `tag` and a count slot, filled in when it ends.
    fn counted(&mut self, tag: f64) -> Counted<'_> {
        self.slots.push(tag);
        self.slots.push(0.0);
        let at = self.slots.len() - 1;
        Counted {
            out: self,
            at,
            count: 0,
        }
    }
}

/// Appends `bytes` (valid UTF-8: they come from a `str`) as UTF-16 code units and returns how
/// many: written into room made at once (at most one unit per byte). Runs of ASCII are found by
/// the writers' scan (16 bytes at a time in wasm) and widened in one loop; other characters are
/// decoded as the JSON writers decode them to escape them, one after the other while they last.
fn push_utf16(out: &mut Vec<u16>, bytes: &[u8]) -> usize {
    let start = out.len();
    out.resize(start + bytes.len(), 0);
    let mut written = 0;
    if let Some(room) = out.get_mut(start..) {
        let mut at = 0;
        while at < bytes.len() {
            let run_end = plain_prefix::<true, false>(bytes, at);
            let run = run_end - at;
            if let (Some(run), Some(slots)) =
                (bytes.get(at..run_end), room.get_mut(written..written + run))
            {
                for (slot, &byte) in slots.iter_mut().zip(run) {
                    *slot = u16::from(byte);
                }
            }
            (at, written) = (run_end, written + run);
            // At least one character (the scan stops short of a tail), then every one beyond
            // ASCII that follows.
            while at < bytes.len() {
                let (code, len) = char_at(bytes, at);
                at += len;
                let ([first, second], count) = utf16_units(code);
                if let Some(slot) = room.get_mut(written) {
                    *slot = first;
                }
                if let (2, Some(slot)) = (count, room.get_mut(written + 1)) {
                    *slot = second;
                }
                written += count;
                if bytes.get(at).is_none_or(u8::is_ascii) {
                    break;
                }
            }
        }
    }
    out.truncate(start + written);
    written
}

/// Empties `list`, keeping its memory unless it holds more than `keep` bytes.
fn empty<T>(list: &mut Vec<T>, keep: usize) {
    if list.capacity() * std::mem::size_of::<T>() > keep {
        *list = Vec::new();
    }
    list.clear();
}

/// A value the compact form does not carry (none of the answer's types has one).
#[derive(Debug)]
pub struct Unsupported(String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(message: T) -> Unsupported {
        Unsupported(message.to_string())
    }
}

/// A sequence or map being written: the slot of its count, and the count so far.
pub struct Counted<'a> {
    out: &'a mut Compact,
    at: usize,
    count: usize,
}

impl Counted<'_> {
    fn end(self) {
        if let Some(slot) = self.out.slots.get_mut(self.at) {
            *slot = self.count as f64;
        }
    }
}

impl<'a> ser::Serializer for &'a mut Compact {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Counted<'a>;
    type SerializeTuple = Counted<'a>;
    type SerializeTupleStruct = Counted<'a>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Counted<'a>;
    type SerializeStruct = &'a mut Compact;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.slots.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        // JSON has no NaN or infinity: serde_json writes them as null, and so does this.
        match v.is_finite() {
            true => self.number(v),
            false => self.slots.push(NULL),
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        match std::mem::take(&mut self.pending) {
            // A number as written in the body: JavaScript reads the same f64 JSON.parse would.
            Pending::Number => match crate::json::float::parse(v) {
                Some(number) if number.is_finite() => self.number(number),
                _ => self.text(RAW_TAGS, v),
            },
            Pending::Raw => self.text(RAW_TAGS, v),
            Pending::Plain => self.text(STRING_TAGS, v),
        }
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported("bytes".into()))
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.slots.push(NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.slots.push(VARIANT);
        self.slots.push(f64::from(index));
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _value: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported(format!("newtype variant {name}::{variant}")))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Counted<'a>, Unsupported> {
        Ok(self.counted(SEQ))
    }
    fn serialize_tuple(self, len: usize) -> Result<Counted<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Counted<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported(format!("tuple variant {name}::{variant}")))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Counted<'a>, Unsupported> {
        Ok(self.counted(MAP))
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<&'a mut Compact, Unsupported> {
        // serde_json's number and raw value are one-field structs around their text.
        self.pending = match name {
            NUMBER_TOKEN => Pending::Number,
            RAW_TOKEN => Pending::Raw,
            _ => {
                self.slots.push(STRUCT);
                Pending::Plain
            }
        };
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported(format!("struct variant {name}::{variant}")))
    }
}

impl ser::SerializeStruct for &mut Compact {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeSeq for Counted<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.count += 1;
        value.serialize(&mut *self.out)
    }
    fn end(self) -> Result<(), Unsupported> {
        Counted::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Counted<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Counted<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Counted<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.count += 1;
        key.serialize(&mut *self.out)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut *self.out)
    }
    fn end(self) -> Result<(), Unsupported> {
        Counted::end(self);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::push_utf16;

    /// The same code units as `encode_utf16`, for characters of every UTF-8 length (and the
    /// edges of each) at every place around a run of eight ASCII bytes, after text already
    /// written.
    #[test]
    fn utf16_units_are_those_of_encode_utf16() {
        let characters = [
            "a",
            "\u{0}",
            "\u{7f}",
            "\u{80}",
            "é",
            "\u{7ff}",
            "\u{800}",
            "न",
            "—",
            "\u{d7ff}",
            "\u{e000}",
            "\u{fffd}",
            "\u{ffff}",
            "\u{10000}",
            "📱",
            "\u{10ffff}",
        ];
        let mut out = vec![7u16; 3];
        for character in characters {
            for before in 0..18 {
                for after in [0, 1, 7, 8, 9, 17] {
                    let (x, y) = ("x".repeat(before), "y".repeat(after));
                    // Alone, and in a run of characters beyond ASCII with ASCII between runs.
                    for text in [
                        format!("{x}{character}{y}"),
                        format!("{x}{character}é{character}{y}{character}{x}"),
                    ] {
                        out.truncate(3);
                        let units = push_utf16(&mut out, text.as_bytes());
                        let expected: Vec<u16> = text.encode_utf16().collect();
                        assert_eq!(out.get(3..), Some(expected.as_slice()), "{text:?}");
                        assert_eq!(units, expected.len());
                        assert_eq!(out.get(..3), Some([7u16; 3].as_slice()));
                    }
                }
            }
        }
    }
}
