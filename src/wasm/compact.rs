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
//!
//! A shared text: an answer may start with [`SHARED`] or [`WIDE_SHARED`] (then its length), a
//! text that later `text` fields are parts of (a transcript's text, whose messages' texts are in
//! it, in order). Each such part is written as [`PART`] (then its start and length in the shared
//! text), so it is neither copied nor transcoded again, and JavaScript takes it as a `substring`
//! of the shared text.
//!
//! Map keys JavaScript holds from earlier answers ([`super::keys`]): a key is written as
//! [`NEW_KEY`] (then its slot, then the string) the first time and as [`HELD_KEY`] (then its
//! slot) while JavaScript holds it.

use super::keys::{HeldKeys, KeyUse};
use crate::ascii_json::{char_at, utf16_units};
use crate::scan::plain_prefix;
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
/// The shared text, first in the ASCII table; the next slot is its length.
pub const SHARED: f64 = 12.0;
/// The shared text, first in the UTF-16 table; the next slot is its length in code units.
pub const WIDE_SHARED: f64 = 13.0;
/// A string that is part of the shared text; the next slots are its start and its length, in the
/// shared text's code units.
pub const PART: f64 = 14.0;
/// A map key JavaScript holds; the next slot is the key's slot (see [`super::keys`]).
pub const HELD_KEY: f64 = 15.0;
/// A map key for JavaScript to hold: the next slot is the key's slot, then the key as a string.
pub const NEW_KEY: f64 = 16.0;
/// How far past the end of the last part found the next one may start (the label and line break
/// between two messages of a transcript text, say): a string not found there is written whole.
const PART_WITHIN: usize = 256;
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
    /// Whether the next string is a `text` field, which may be part of the shared text.
    text_field: bool,
    /// The shared text, if any, and where its next part is looked for.
    shared: Shared,
    /// Whether the next string is a map key.
    map_key: bool,
    /// The map keys JavaScript holds, kept from answer to answer.
    keys: HeldKeys,
}

/// The shared text of an answer and how far its parts have been found.
#[derive(Debug, Default)]
struct Shared {
    /// Whether this answer has one.
    active: bool,
    /// Its UTF-8 bytes (a copy: strings are compared with it).
    text: Vec<u8>,
    /// Whether it is ASCII (its code units are its bytes).
    ascii: bool,
    /// Its length in code units, as written.
    units: usize,
    /// The address and length of the string it was copied from, so that string is known when
    /// written itself.
    source: (usize, usize),
    /// Where the next part is looked for: in bytes, and in code units.
    byte: usize,
    unit: usize,
    /// Bytes still to be compared while looking for parts: a few times the shared text's length,
    /// so a body made for every comparison to fail late costs no more than a few passes over it.
    budget: usize,
}

/// How many times its length the shared text may be compared with strings in all.
const PART_BUDGET: usize = 4;

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
        empty(&mut self.shared.text, keep);
        self.pending = Pending::Plain;
        self.text_field = false;
        self.map_key = false;
        self.shared.active = false;
    }

    /// Starts an answer, after JavaScript decoded answer `decoded` whole (0: none); the new
    /// answer's number, for JavaScript to give back with the next call (see [`super::keys`]).
    pub fn begin(&mut self, decoded: u32) -> u32 {
        self.keys.begin(decoded)
    }

    /// Starts the answer with `text` as its shared text (see the module's documentation): written
    /// once here, and later `text` fields that are parts of it (the whole, or pieces in order)
    /// as [`PART`]s of it.
    pub fn share(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let ascii = is_ascii(bytes);
        let units = if ascii {
            self.ascii.extend_from_slice(bytes);
            bytes.len()
        } else {
            push_utf16(&mut self.wide, bytes)
        };
        self.slots.push(if ascii { SHARED } else { WIDE_SHARED });
        self.slots.push(units as f64);
        let shared = &mut self.shared;
        shared.text.clear();
        shared.text.extend_from_slice(bytes);
        (shared.active, shared.ascii, shared.units) = (true, ascii, units);
        shared.source = (text.as_ptr() as usize, text.len());
        (shared.byte, shared.unit) = (0, 0);
        shared.budget = PART_BUDGET * bytes.len();
    }

    /// Writes `text` as a [`PART`] of the shared text if it is the shared text itself or is found
    /// in it within [`PART_WITHIN`] bytes of the last part; whether it was.
    fn part(&mut self, text: &str) -> bool {
        let shared = &mut self.shared;
        if !shared.active || text.is_empty() {
            return false;
        }
        let units = |bytes: &[u8]| {
            if shared.ascii {
                bytes.len()
            } else {
                utf16_length(bytes)
            }
        };
        let (start, length) = if (text.as_ptr() as usize, text.len()) == shared.source {
            (0, shared.units)
        } else {
            let bytes = text.as_bytes();
            let rest = shared.text.get(shared.byte..).unwrap_or_default();
            let Some(offset) = find_near(rest, bytes, &mut shared.budget) else {
                return false;
            };
            let start = shared.unit + units(rest.get(..offset).unwrap_or_default());
            let length = units(bytes);
            shared.byte += offset + bytes.len();
            shared.unit = start + length;
            (start, length)
        };
        self.slots
            .extend_from_slice(&[PART, start as f64, length as f64]);
        true
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

    /// Writes a map key: by its slot when JavaScript holds it, else whole (see [`super::keys`]).
    fn key(&mut self, key: &str) {
        match self.keys.key(key) {
            KeyUse::Held(slot) => self.slots.extend_from_slice(&[HELD_KEY, f64::from(slot)]),
            KeyUse::New(slot) => {
                self.slots.extend_from_slice(&[NEW_KEY, f64::from(slot)]);
                self.text(STRING_TAGS, key);
            }
            KeyUse::Plain => self.text(STRING_TAGS, key),
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
#[inline(never)]
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

/// Whether every byte is ASCII: [`plain_prefix`] first (16 bytes at a time in wasm, where the
/// standard library's check goes 4 at a time), the rest checked one by one.
fn is_ascii(bytes: &[u8]) -> bool {
    bytes
        .get(plain_prefix::<true, false>(bytes, 0)..)
        .is_some_and(<[u8]>::is_ascii)
}

/// Whether `a` and `b` hold the same bytes, compared eight at a time (the wasm `memcmp` goes one
/// byte at a time).
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let tails_match = a_words.remainder() == b_words.remainder();
    tails_match && a_words.zip(b_words).all(|(x, y)| word(x) == word(y))
}

/// The UTF-16 code units of `bytes` (valid UTF-8): one per character, two for those of four
/// bytes. Counted eight bytes at a time: the bytes less those that continue a character, plus
/// those that start one of four bytes.
fn utf16_length(bytes: &[u8]) -> usize {
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let units = |byte: &u8| usize::from(byte & 0xc0 != 0x80) + usize::from(*byte >= 0xf0);
    let words = bytes.chunks_exact(8);
    let tail: usize = words.remainder().iter().map(units).sum();
    words.fold(tail, |count, chunk| {
        let x = word(chunk);
        // Per byte, in its high bit: 10xxxxxx continues a character, 1111xxxx starts one of four
        // bytes (a shift moves each byte's lower bits up into its own high bit).
        let continuing = x & !(x << 1) & HIGHS;
        let four_bytes = x & (x << 1) & (x << 2) & (x << 3) & HIGHS;
        count + 8 - continuing.count_ones() as usize + four_bytes.count_ones() as usize
    })
}

/// Eight bytes as a word (a chunk of `chunks_exact(8)`, so always eight).
pub(super) fn word(chunk: &[u8]) -> u64 {
    <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes)
}

/// Where `needle` first occurs in `haystack`, starting at most [`PART_WITHIN`] bytes in. Each
/// whole comparison (its first and last bytes matched) takes the needle's length from `budget`;
/// none is made once it cannot.
fn find_near(haystack: &[u8], needle: &[u8], budget: &mut usize) -> Option<usize> {
    let (&first, &last) = (needle.first()?, needle.last()?);
    let last_start = haystack.len().checked_sub(needle.len())?.min(PART_WITHIN);
    (0..=last_start).find(|&start| {
        let end = start + needle.len();
        let ends_match =
            haystack.get(start) == Some(&first) && haystack.get(end - 1) == Some(&last);
        if !ends_match || *budget < needle.len() {
            return false;
        }
        *budget -= needle.len();
        haystack
            .get(start..end)
            .is_some_and(|found| same_bytes(found, needle))
    })
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
            Pending::Plain if std::mem::take(&mut self.map_key) => self.key(v),
            Pending::Plain if std::mem::take(&mut self.text_field) && self.part(v) => {}
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
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.text_field = key == "text";
        let written = value.serialize(&mut **self);
        // Taken by the string if the field is one; else (`None`) let go here.
        self.text_field = false;
        written
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
        self.out.map_key = true;
        let written = key.serialize(&mut *self.out);
        // Taken by the key if it is a string (every map of the answer's types has string keys).
        self.out.map_key = false;
        written
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
    use super::*;

    #[derive(serde::Serialize)]
    struct Said {
        text: String,
        note: String,
    }

    /// The slots and texts an answer sharing `shared` writes for `said`.
    fn sharing(shared: &str, said: &[Said]) -> Compact {
        let mut out = Compact::default();
        out.share(shared);
        out.write(said).unwrap();
        out
    }

    #[test]
    fn text_fields_found_in_order_in_the_shared_text_are_parts_of_it() {
        let text = "Agent: Hi 📱 there\nUser: né\nAgent: Hi 📱 there";
        let said = |text: &str, note: &str| Said {
            text: text.into(),
            note: note.into(),
        };
        let out = sharing(
            text,
            &[
                said("Hi 📱 there", "Hi 📱 there"),
                said("né", "x"),
                said("Hi 📱 there", "y"),
                said("Hi 📱 there", "z"),
            ],
        );
        // In UTF-16 units: "Agent: " is 7, "Hi 📱 there" 11 (the emoji is two).
        let units = text.encode_utf16().count() as f64;
        let part = |start: f64, length: f64| [PART, start, length];
        let mut expected = vec![WIDE_SHARED, units, SEQ, 4.0];
        for (text_slots, note) in [
            (part(7.0, 11.0).to_vec(), vec![WIDE_STRING, 11.0]),
            (part(25.0, 2.0).to_vec(), vec![STRING, 1.0]),
            (part(35.0, 11.0).to_vec(), vec![STRING, 1.0]),
            // Not found again after the last part: written whole.
            (vec![WIDE_STRING, 11.0], vec![STRING, 1.0]),
        ] {
            expected.push(STRUCT);
            expected.extend(text_slots);
            expected.extend(note);
        }
        assert_eq!(out.slots, expected);
        // The shared text, then the texts written whole, in order.
        let wide: Vec<u16> = [text, "Hi 📱 there", "Hi 📱 there"]
            .concat()
            .encode_utf16()
            .collect();
        assert_eq!(out.wide, wide);
        assert_eq!(out.ascii, b"xyz");
    }

    #[test]
    fn comparisons_made_to_fail_late_use_up_a_budget_then_stop() {
        // Each text matches the shared text at every start but in its middle: every comparison
        // would reach it. The budget (four times the shared text) ends the search.
        let shared = "a".repeat(2000);
        let hostile = Said {
            text: ["a".repeat(150), "b".into(), "a".repeat(149)].concat(),
            note: String::new(),
        };
        let said: Vec<&Said> = std::iter::repeat_n(&hostile, 200).collect();
        let mut out = Compact::default();
        out.share(&shared);
        out.write(&said).unwrap();
        // 26 whole comparisons of 300 bytes fit in 8,000; then none is made.
        assert_eq!(out.shared.budget, 8000 - 26 * 300);
        assert!(!out.slots.contains(&PART));
        // A text whose first or last byte differs costs no comparison at all.
        let ends_differ = sharing(
            &shared,
            &[Said {
                text: "ab".into(),
                note: "ba".into(),
            }],
        );
        assert_eq!(ends_differ.shared.budget, 8000);
    }

    #[test]
    fn an_ascii_shared_text_counts_in_bytes_and_a_clear_ends_it() {
        let shared = "one two three";
        let mut out = sharing(
            shared,
            &[Said {
                text: "two".into(),
                note: "two".into(),
            }],
        );
        assert_eq!(
            out.slots,
            [SHARED, 13.0, SEQ, 1.0, STRUCT, PART, 4.0, 3.0, STRING, 3.0]
        );
        assert_eq!(out.ascii, b"one two threetwo");
        out.clear(1 << 20);
        out.write(&[Said {
            text: "two".into(),
            note: String::new(),
        }])
        .unwrap();
        assert_eq!(out.slots, [SEQ, 1.0, STRUCT, STRING, 3.0, STRING, 0.0]);
    }

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

    #[test]
    fn utf16_lengths_are_those_of_encode_utf16() {
        let pieces = [
            "a",
            "é",
            "न",
            "📱",
            "\u{7f}",
            "\u{80}",
            "\u{ffff}",
            "\u{10000}",
            "\u{10ffff}",
        ];
        for first in pieces {
            for second in pieces {
                for pad in 0..17 {
                    let text = format!("{}{first}{}{second}", "x".repeat(pad), "y".repeat(pad % 5));
                    assert_eq!(
                        utf16_length(text.as_bytes()),
                        text.encode_utf16().count(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn same_bytes_is_equality() {
        let text = b"The quick brown fox jumps over the lazy dog, twice over.";
        for end in 0..text.len() {
            let a = &text[..end];
            assert!(same_bytes(a, a));
            for at in 0..end {
                let mut b = a.to_vec();
                b[at] ^= 1;
                assert!(!same_bytes(a, &b), "{end} {at}");
            }
            assert!(!same_bytes(a, &text[..text.len().min(end + 1)]) || end == text.len());
        }
    }
}
