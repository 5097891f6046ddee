//! The fast scan shared by the JSON reader and the JSON writers: how far a text runs without a
//! byte that needs attention (one to escape when writing, the end of a string when reading).

/// An index from `at` at or before the first byte that needs attention (with `BEYOND_ASCII`, any
/// byte beyond ASCII; with `SPECIALS`, a control character, `"` or `\`), within the 8-byte word
/// holding it, or where the tail shorter than a word starts.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub(crate) fn plain_prefix<const BEYOND_ASCII: bool, const SPECIALS: bool>(
    bytes: &[u8],
    mut at: usize,
) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_ne_bytes(chunk);
        let beyond_ascii = BEYOND_ASCII && word & HIGHS != 0;
        let special = SPECIALS
            && (word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0
                || has_zero_byte(word ^ (ONES * u64::from(b'"')))
                || has_zero_byte(word ^ (ONES * u64::from(b'\\'))));
        if beyond_ascii || special {
            break;
        }
        at += 8;
    }
    at
}

/// The same, 16 bytes at a time with wasm SIMD (the npm package and the Worker): the exact index
/// of the first byte that needs attention, or where the tail shorter than 16
/// bytes starts.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) fn plain_prefix<const BEYOND_ASCII: bool, const SPECIALS: bool>(
    bytes: &[u8],
    mut at: usize,
) -> usize {
    use core::arch::wasm32::{
        i8x16_lt, i8x16_splat, u64x2, u8x16_bitmask, u8x16_eq, u8x16_lt, u8x16_splat, v128, v128_or,
    };
    let quote = u8x16_splat(b'"');
    let backslash = u8x16_splat(b'\\');
    let space = u8x16_splat(0x20);
    let zero = i8x16_splat(0);
    while let Some(chunk) = bytes.get(at..at + 16) {
        let Ok(chunk) = <[u8; 16]>::try_from(chunk) else {
            break;
        };
        let lanes = u128::from_le_bytes(chunk);
        let word: v128 = u64x2(lanes as u64, (lanes >> 64) as u64);
        let mut marked = 0;
        if BEYOND_ASCII {
            marked |= u8x16_bitmask(i8x16_lt(word, zero));
        }
        if SPECIALS {
            let special = v128_or(
                u8x16_lt(word, space),
                v128_or(u8x16_eq(word, quote), u8x16_eq(word, backslash)),
            );
            marked |= u8x16_bitmask(special);
        }
        if marked != 0 {
            return at + marked.trailing_zeros() as usize;
        }
        at += 16;
    }
    at
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
    use super::lines;

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
