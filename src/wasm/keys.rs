//! The map keys JavaScript already holds as strings, so a compact answer names them by a number.
//!
//! V8 stores a member under a fresh string about three times as slowly as under one it has used
//! as a key before (it must make the fresh one unique first: 500 against 180 µs for 2,400
//! `extra` pointers, measured in Node 20). The keys of `extra` (JSON Pointers such as
//! `/transcripts/7/id`), of variables and of nested objects repeat from one webhook of a vendor to
//! the next and within one. So each map key is given a slot by its hash: the first time, the key
//! is written whole with its slot ([`KeyUse::New`]) and JavaScript keeps the string there; while
//! the slot holds that key, later answers write only the slot ([`KeyUse::Held`]).
//!
//! The two sides agree on what each slot holds only if JavaScript read every answer whole: the
//! next call says which answer it last decoded ([`HeldKeys::begin`]); when that is not the last
//! one written (a decode that stopped, an answer never read), every slot that answer gave a key
//! is emptied, since JavaScript may or may not have taken it. A key is named by its slot only
//! when its bytes equal those kept here, so no body can make another's key read as its own.

use super::compact::{same_bytes, word};

/// How many slots there are (a power of two: a slot is the hash's low bits).
const SLOTS: usize = 4096;

/// Longer keys are written whole every time.
const LONGEST: usize = 64;

/// How one map key of an answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// Only the slot: JavaScript holds this key there.
    Held(u32),
    /// The slot, then the key: JavaScript keeps it there.
    New(u32),
    /// The key alone (too long, or its slot taken by another key of this answer).
    Plain,
}

/// The keys JavaScript holds, by slot, and what the answer being written changed.
#[derive(Debug, Default)]
pub struct HeldKeys {
    /// Made at the first key, [`SLOTS`] long.
    slots: Vec<Slot>,
    /// The number of the answer being written (never 0, which no answer has).
    answer: u32,
    /// The slots given a key by that answer.
    written: Vec<u32>,
}

#[derive(Debug, Default, Clone)]
struct Slot {
    key: String,
    /// Whether JavaScript holds `key` here.
    held: bool,
    /// The last answer that wrote or named this slot.
    used: u32,
}

impl HeldKeys {
    /// Starts a new answer, after JavaScript decoded answer `decoded` whole (0: none); returns
    /// the new answer's number, for JavaScript to give back with the next call.
    pub fn begin(&mut self, decoded: u32) -> u32 {
        if decoded != self.answer {
            for &slot in &self.written {
                if let Some(slot) = self.slots.get_mut(slot as usize) {
                    slot.held = false;
                }
            }
        }
        self.written.clear();
        self.answer = self.answer.wrapping_add(1).max(1);
        self.answer
    }

    /// How `key` is written in this answer (and what the slot holds from now on).
    pub fn key(&mut self, key: &str) -> KeyUse {
        if key.len() > LONGEST {
            return KeyUse::Plain;
        }
        if self.slots.is_empty() {
            self.slots = vec![Slot::default(); SLOTS];
        }
        let index = slot_of(key.as_bytes());
        let Some(slot) = self.slots.get_mut(index) else {
            return KeyUse::Plain;
        };
        if slot.held && same_bytes(slot.key.as_bytes(), key.as_bytes()) {
            slot.used = self.answer;
            return KeyUse::Held(index as u32);
        }
        if slot.held && slot.used == self.answer {
            // Another key of this answer has it: kept for that one.
            return KeyUse::Plain;
        }
        slot.key.clear();
        slot.key.push_str(key);
        slot.held = true;
        slot.used = self.answer;
        self.written.push(index as u32);
        KeyUse::New(index as u32)
    }
}

/// The slot of a key: its bytes eight at a time (then the rest), each word mixed in by a
/// multiply, as FxHash does, and the high bits folded to [`SLOTS`].
fn slot_of(bytes: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let words = bytes.chunks_exact(8);
    let rest = words.remainder().iter().rev();
    let tail = rest.fold(0, |tail, &byte| tail << 8 | u64::from(byte));
    let hash = words
        .map(word)
        .chain([tail])
        .fold(bytes.len() as u64, |hash, word| {
            (hash.rotate_left(5) ^ word).wrapping_mul(K)
        });
    (hash >> 52) as usize & (SLOTS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_new_once_then_held_while_each_answer_is_decoded() {
        let mut keys = HeldKeys::default();
        let first = keys.begin(0);
        let KeyUse::New(slot) = keys.key("/transcripts/0/id") else {
            panic!("a new key");
        };
        // Within the answer that gave it, JavaScript has it already (answers are read in order).
        assert_eq!(keys.key("/transcripts/0/id"), KeyUse::Held(slot));
        keys.begin(first);
        assert_eq!(keys.key("/transcripts/0/id"), KeyUse::Held(slot));
    }

    #[test]
    fn the_keys_of_an_answer_not_decoded_whole_are_given_anew() {
        let mut keys = HeldKeys::default();
        let first = keys.begin(0);
        let KeyUse::New(kept) = keys.key("kept") else {
            panic!("a new key");
        };
        let second = keys.begin(first);
        let KeyUse::New(lost) = keys.key("lost") else {
            panic!("a new key");
        };
        assert_eq!(keys.key("kept"), KeyUse::Held(kept));
        // JavaScript says it decoded the first answer, not the second: "lost" may not be there,
        // "kept" (only named by the second) still is.
        keys.begin(first);
        assert_eq!(keys.key("lost"), KeyUse::New(lost));
        assert_eq!(keys.key("kept"), KeyUse::Held(kept));
        assert_ne!(second, first);
    }

    #[test]
    fn a_slot_named_in_this_answer_is_not_taken_by_another_key() {
        let mut keys = HeldKeys::default();
        keys.begin(0);
        let slot = slot_of(b"a");
        let other = (0..100_000)
            .map(|n| format!("k{n}"))
            .find(|key| slot_of(key.as_bytes()) == slot)
            .expect("a key with the same slot");
        assert_eq!(keys.key("a"), KeyUse::New(slot as u32));
        assert_eq!(keys.key(&other), KeyUse::Plain);
        assert_eq!(keys.key("a"), KeyUse::Held(slot as u32));
        // In a later answer that has not named "a", the other key takes the slot.
        let answer = keys.answer;
        keys.begin(answer);
        assert_eq!(keys.key(&other), KeyUse::New(slot as u32));
        assert_eq!(keys.key("a"), KeyUse::Plain);
    }

    #[test]
    fn long_keys_are_always_written_whole() {
        let mut keys = HeldKeys::default();
        keys.begin(0);
        let long = "k".repeat(LONGEST + 1);
        assert_eq!(keys.key(&long), KeyUse::Plain);
        assert_eq!(keys.key(&long), KeyUse::Plain);
    }
}
