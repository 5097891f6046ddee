//! The fast scan shared by the JSON reader, the JSON writers and the free-text searches: how far
//! a text runs without a byte that needs attention (one to escape when writing, the end of a
//! string when reading, where a phone number may start).
//!
//! Sixteen bytes at a time with SIMD where the target has it ([`lanes`]: wasm simd128 in the npm
//! package and the Worker, SSE2 on every x86-64), else eight at a time in a `u64` ([`words`]).
//! Both give the same answers; only how far before a found byte a scan may stop differs.

#[cfg(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
))]
use lanes as chunked;
#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
use words as chunked;

/// An index from `at` at or before the first byte that needs attention (with `BEYOND_ASCII`, any
/// byte beyond ASCII; with `SPECIALS`, a control character, `"` or `\`), within the chunk holding
/// it (exact with SIMD), or where the tail shorter than a chunk starts.
pub(crate) fn plain_prefix<const BEYOND_ASCII: bool, const SPECIALS: bool>(
    bytes: &[u8],
    at: usize,
) -> usize {
    chunked::plain_prefix::<BEYOND_ASCII, SPECIALS>(bytes, at)
}

/// The index of the first byte that can start a phone number (an ASCII digit, `+` or `(`), if
/// any.
pub(crate) fn phone_start(bytes: &[u8]) -> Option<usize> {
    let at = chunked::phone_start(bytes);
    let starts = |b: &u8| b.is_ascii_digit() || matches!(b, b'+' | b'(');
    let found = bytes.get(at..)?.iter().position(starts)?;
    Some(at + found)
}

/// Eight bytes at a time in a `u64`, where no SIMD is used.
#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
mod words {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = ONES * 0x80;

    /// Per byte, the high bit: set where the byte is zero (exact in the whole word: a borrow
    /// only starts at a zero byte).
    fn zero_bytes(word: u64) -> u64 {
        word.wrapping_sub(ONES) & !word & HIGHS
    }

    /// See [`super::plain_prefix`]: stops within the word holding the byte.
    pub(super) fn plain_prefix<const BEYOND_ASCII: bool, const SPECIALS: bool>(
        bytes: &[u8],
        at: usize,
    ) -> usize {
        first_marked(bytes, at, |word| {
            let beyond_ascii = if BEYOND_ASCII { word & HIGHS } else { 0 };
            let special = if SPECIALS {
                (word.wrapping_sub(ONES * 0x20) & !word & HIGHS)
                    | zero_bytes(word ^ (ONES * u64::from(b'"')))
                    | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            } else {
                0
            };
            beyond_ascii | special
        })
    }

    /// An index at or before the first byte that can start a phone number, within the word
    /// holding it, or where the tail shorter than a word starts.
    pub(super) fn phone_start(bytes: &[u8]) -> usize {
        const LOWS: u64 = ONES * 0x7f;
        first_marked(bytes, 0, |word| {
            // Per ASCII byte b (high bit cleared, so no carry crosses bytes): the high bit of
            // b + 0x50 is set when b >= 0x30 `0`, that of b + 0x46 when b >= 0x3a (past `9`).
            let low = word & LOWS;
            let digits = low.wrapping_add(ONES * 0x50) & !low.wrapping_add(ONES * 0x46) & !word;
            let marks = zero_bytes(word ^ (ONES * u64::from(b'+')))
                | zero_bytes(word ^ (ONES * u64::from(b'(')));
            (digits | marks) & HIGHS
        })
    }

    /// The start of the first word from `at` that `marks` marks (non-zero), or where the tail
    /// shorter than a word starts.
    fn first_marked(bytes: &[u8], mut at: usize, marks: impl Fn(u64) -> u64) -> usize {
        while let Some(chunk) = bytes.get(at..at + 8) {
            let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            if marks(u64::from_ne_bytes(chunk)) != 0 {
                break;
            }
            at += 8;
        }
        at
    }
}

/// Sixteen bytes at a time: each byte class as a bit mask of a chunk's bytes (bit `i` for byte
/// `i`), with wasm simd128 or x86-64's SSE2, and one loop for both.
#[cfg(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
))]
mod lanes {
    #[cfg(target_arch = "wasm32")]
    use core::arch::wasm32::{
        i8x16_sub, u64x2, u8x16_bitmask, u8x16_eq as eq, u8x16_le as le_unsigned,
        u8x16_splat as splat, v128 as Chunk, v128_or as or,
    };
    #[cfg(target_arch = "x86_64")]
    use core::arch::x86_64::{
        __m128i as Chunk, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_set_epi64x, _mm_sub_epi8,
    };

    /// See [`super::plain_prefix`]: the exact index.
    pub(super) fn plain_prefix<const BEYOND_ASCII: bool, const SPECIALS: bool>(
        bytes: &[u8],
        at: usize,
    ) -> usize {
        first_marked(bytes, at, |chunk| {
            let mut marked = 0;
            if BEYOND_ASCII {
                // The high bit of each byte is what the bit mask takes.
                marked |= bitmask(chunk);
            }
            if SPECIALS {
                let special = or(
                    le_unsigned(chunk, splat(0x1f)),
                    or(eq(chunk, splat(b'"')), eq(chunk, splat(b'\\'))),
                );
                marked |= bitmask(special);
            }
            marked
        })
    }

    /// The index of the first byte that can start a phone number (an ASCII digit, `+` or `(`),
    /// or where the tail shorter than a chunk starts.
    pub(super) fn phone_start(bytes: &[u8]) -> usize {
        first_marked(bytes, 0, |chunk| {
            let digits = le_unsigned(sub(chunk, splat(b'0')), splat(9));
            bitmask(or(
                digits,
                or(eq(chunk, splat(b'+')), eq(chunk, splat(b'('))),
            ))
        })
    }

    /// The index of the first byte from `at` that `marks` marks in its chunk, or where the
    /// tail shorter than a chunk starts.
    #[inline(always)]
    fn first_marked(bytes: &[u8], mut at: usize, marks: impl Fn(Chunk) -> u32) -> usize {
        while let Some(chunk) = bytes.get(at..at + 16) {
            let Ok(chunk) = <[u8; 16]>::try_from(chunk) else {
                break;
            };
            let marked = marks(load(chunk));
            if marked != 0 {
                return at + marked.trailing_zeros() as usize;
            }
            at += 16;
        }
        at
    }

    #[cfg(target_arch = "wasm32")]
    fn load(chunk: [u8; 16]) -> Chunk {
        let lanes = u128::from_le_bytes(chunk);
        u64x2(lanes as u64, (lanes >> 64) as u64)
    }

    #[cfg(target_arch = "wasm32")]
    fn bitmask(chunk: Chunk) -> u32 {
        u32::from(u8x16_bitmask(chunk))
    }

    #[cfg(target_arch = "wasm32")]
    fn sub(a: Chunk, b: Chunk) -> Chunk {
        i8x16_sub(a, b)
    }

    // SAFETY (every `unsafe` below): these SSE2 intrinsics take and give values only (no
    // pointer), and SSE2 is part of every x86-64 processor, so the target always has it.

    #[cfg(target_arch = "x86_64")]
    fn load(chunk: [u8; 16]) -> Chunk {
        let lanes = u128::from_le_bytes(chunk);
        unsafe { _mm_set_epi64x((lanes >> 64) as i64, lanes as i64) }
    }

    #[cfg(target_arch = "x86_64")]
    fn splat(byte: u8) -> Chunk {
        unsafe { _mm_set1_epi8(byte as i8) }
    }

    #[cfg(target_arch = "x86_64")]
    fn sub(a: Chunk, b: Chunk) -> Chunk {
        unsafe { _mm_sub_epi8(a, b) }
    }

    #[cfg(target_arch = "x86_64")]
    fn eq(a: Chunk, b: Chunk) -> Chunk {
        unsafe { _mm_cmpeq_epi8(a, b) }
    }

    #[cfg(target_arch = "x86_64")]
    fn or(a: Chunk, b: Chunk) -> Chunk {
        unsafe { _mm_or_si128(a, b) }
    }

    /// Unsigned `a <= b` per byte: `min(a, b) == a`.
    #[cfg(target_arch = "x86_64")]
    fn le_unsigned(a: Chunk, b: Chunk) -> Chunk {
        eq(unsafe { _mm_min_epu8(a, b) }, a)
    }

    #[cfg(target_arch = "x86_64")]
    fn bitmask(chunk: Chunk) -> u32 {
        unsafe { _mm_movemask_epi8(chunk) as u32 }
    }
}

/// The lines of `text`, as [`str::lines`] gives them (split at `\n`, a `\r` right before it
/// dropped, no empty line after a final `\n`). Each end is found with [`plain_prefix`], many
/// bytes at a time; `str::lines` calls a word-at-a-time `memchr` per line, which in wasm cost an
/// eighth of a long Synthflow transcript's normalization.
pub(crate) fn lines(text: &str) -> Lines<'_> {
    Lines { text, at: 0 }
}

/// The iterator of [`lines`].
pub(crate) struct Lines<'t> {
    text: &'t str,
    /// Where the next line starts.
    at: usize,
}

impl<'t> Iterator for Lines<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        // The next `\n`, or the end: the scan stops at every control character, `"` and `\`.
        let mut end = start;
        let ended_by_newline = loop {
            end = plain_prefix::<false, true>(bytes, end);
            match bytes.get(end) {
                Some(b'\n') => break true,
                Some(_) => end += 1,
                None => break false,
            }
        };
        self.at = end + 1;
        let line = self.text.get(start..end)?;
        match ended_by_newline {
            true => Some(line.strip_suffix('\r').unwrap_or(line)),
            false => Some(line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{lines, phone_start, plain_prefix};

    /// Every byte class at every offset and start: the scan stops at or before the first byte
    /// needing attention, never past it, and no further back than the chunk holding it or the
    /// short tail.
    #[test]
    fn plain_prefix_stops_where_attention_is_needed() {
        let needing = [0x00u8, 0x1f, b'"', b'\\', 0x80, 0xff, b'\n'];
        for &special in &needing {
            for at in 0..40 {
                let mut bytes = vec![b'a'; 40];
                bytes[at] = special;
                for start in 0..=at {
                    let found = plain_prefix::<true, true>(&bytes, start);
                    assert!(start <= found && found <= at, "{special:#x} {at} {start}");
                    assert!(at - found < 16 || bytes.len() - found < 16);
                    let ascii_only = plain_prefix::<true, false>(&bytes, start);
                    let specials_only = plain_prefix::<false, true>(&bytes, start);
                    if special.is_ascii() {
                        assert!(ascii_only >= found && specials_only <= at);
                    } else {
                        assert!(specials_only >= found && ascii_only <= at);
                    }
                }
            }
        }
    }

    #[test]
    fn phone_starts_are_found_at_every_alignment() {
        for filler in ["", "a", "é", "ab,.-/)*", "नमस्ते "] {
            for pad in 0..17 {
                for start in ["0", "9", "+", "("] {
                    let text = format!("{}{filler}{start}x", "z".repeat(pad));
                    let expected = text.find(start);
                    assert_eq!(phone_start(text.as_bytes()), expected, "{text:?}");
                }
                let none = format!("{}{filler}", "z:;)*,-./".repeat(pad));
                assert_eq!(phone_start(none.as_bytes()), None, "{none:?}");
            }
        }
    }

    #[test]
    fn phone_starts_are_the_first_digit_plus_or_parenthesis() {
        for &start_byte in b"0159+(" {
            for at in 0..40 {
                let mut bytes = [b'a'; 40];
                bytes[at] = start_byte;
                bytes[(at + 7) % 40] = b'/';
                bytes[(at + 3) % 40] = b':';
                for from in 0..=at {
                    assert_eq!(phone_start(&bytes[from..]), Some(at - from));
                }
                assert_eq!(phone_start(&bytes[at + 1..]), None);
            }
        }
        assert_eq!(phone_start("été 😀 / : *".as_bytes()), None);
    }

    #[test]
    fn lines_are_those_of_str_lines() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "a\rb\r\n\r\nc",
            "Agent: hi\nUser: \"quoted\" \\ back\tslash\n",
            "é\n😀\r\n\u{1}x\u{1f}\n",
            "a much longer line than sixteen bytes, with \"specials\" \\ in it\r\nand a second",
            "\r\r\n\r",
        ];
        for text in texts {
            let expected: Vec<&str> = text.lines().collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }
}
