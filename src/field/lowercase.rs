//! Unicode lower-casing as the standard library does it (`char::to_lowercase`,
//! `str::to_lowercase`), from a table of 185 runs of characters that lower-case by the same
//! offset, instead of the standard library's table of all 1,487 mapped characters: with the
//! code that reads it, 7 KB of the npm `.wasm` gzipped. A test checks every character against
//! the standard library, and prints the table anew when Rust's Unicode version moves on.

/// Runs of upper-case characters: the first, how many, the step between them (1, or 2 where
/// upper and lower case alternate), and the offset to add to each. Ordered by first character.
#[rustfmt::skip]
const RUNS: [(u32, u8, u8, i32); 185] = [
    (0x0041, 26, 1, 32),
    (0x00c0, 23, 1, 32),
    (0x00d8, 7, 1, 32),
    (0x0100, 24, 2, 1),
    (0x0132, 3, 2, 1),
    (0x0139, 8, 2, 1),
    (0x014a, 23, 2, 1),
    (0x0178, 1, 1, -121),
    (0x0179, 3, 2, 1),
    (0x0181, 1, 1, 210),
    (0x0182, 2, 2, 1),
    (0x0186, 1, 1, 206),
    (0x0187, 1, 1, 1),
    (0x0189, 2, 1, 205),
    (0x018b, 1, 1, 1),
    (0x018e, 1, 1, 79),
    (0x018f, 1, 1, 202),
    (0x0190, 1, 1, 203),
    (0x0191, 1, 1, 1),
    (0x0193, 1, 1, 205),
    (0x0194, 1, 1, 207),
    (0x0196, 1, 1, 211),
    (0x0197, 1, 1, 209),
    (0x0198, 1, 1, 1),
    (0x019c, 1, 1, 211),
    (0x019d, 1, 1, 213),
    (0x019f, 1, 1, 214),
    (0x01a0, 3, 2, 1),
    (0x01a6, 1, 1, 218),
    (0x01a7, 1, 1, 1),
    (0x01a9, 1, 1, 218),
    (0x01ac, 1, 1, 1),
    (0x01ae, 1, 1, 218),
    (0x01af, 1, 1, 1),
    (0x01b1, 2, 1, 217),
    (0x01b3, 2, 2, 1),
    (0x01b7, 1, 1, 219),
    (0x01b8, 1, 1, 1),
    (0x01bc, 1, 1, 1),
    (0x01c4, 1, 1, 2),
    (0x01c5, 1, 1, 1),
    (0x01c7, 1, 1, 2),
    (0x01c8, 1, 1, 1),
    (0x01ca, 1, 1, 2),
    (0x01cb, 9, 2, 1),
    (0x01de, 9, 2, 1),
    (0x01f1, 1, 1, 2),
    (0x01f2, 2, 2, 1),
    (0x01f6, 1, 1, -97),
    (0x01f7, 1, 1, -56),
    (0x01f8, 20, 2, 1),
    (0x0220, 1, 1, -130),
    (0x0222, 9, 2, 1),
    (0x023a, 1, 1, 10795),
    (0x023b, 1, 1, 1),
    (0x023d, 1, 1, -163),
    (0x023e, 1, 1, 10792),
    (0x0241, 1, 1, 1),
    (0x0243, 1, 1, -195),
    (0x0244, 1, 1, 69),
    (0x0245, 1, 1, 71),
    (0x0246, 5, 2, 1),
    (0x0370, 2, 2, 1),
    (0x0376, 1, 1, 1),
    (0x037f, 1, 1, 116),
    (0x0386, 1, 1, 38),
    (0x0388, 3, 1, 37),
    (0x038c, 1, 1, 64),
    (0x038e, 2, 1, 63),
    (0x0391, 17, 1, 32),
    (0x03a3, 9, 1, 32),
    (0x03cf, 1, 1, 8),
    (0x03d8, 12, 2, 1),
    (0x03f4, 1, 1, -60),
    (0x03f7, 1, 1, 1),
    (0x03f9, 1, 1, -7),
    (0x03fa, 1, 1, 1),
    (0x03fd, 3, 1, -130),
    (0x0400, 16, 1, 80),
    (0x0410, 32, 1, 32),
    (0x0460, 17, 2, 1),
    (0x048a, 27, 2, 1),
    (0x04c0, 1, 1, 15),
    (0x04c1, 7, 2, 1),
    (0x04d0, 48, 2, 1),
    (0x0531, 38, 1, 48),
    (0x10a0, 38, 1, 7264),
    (0x10c7, 1, 1, 7264),
    (0x10cd, 1, 1, 7264),
    (0x13a0, 80, 1, 38864),
    (0x13f0, 6, 1, 8),
    (0x1c89, 1, 1, 1),
    (0x1c90, 43, 1, -3008),
    (0x1cbd, 3, 1, -3008),
    (0x1e00, 75, 2, 1),
    (0x1e9e, 1, 1, -7615),
    (0x1ea0, 48, 2, 1),
    (0x1f08, 8, 1, -8),
    (0x1f18, 6, 1, -8),
    (0x1f28, 8, 1, -8),
    (0x1f38, 8, 1, -8),
    (0x1f48, 6, 1, -8),
    (0x1f59, 4, 2, -8),
    (0x1f68, 8, 1, -8),
    (0x1f88, 8, 1, -8),
    (0x1f98, 8, 1, -8),
    (0x1fa8, 8, 1, -8),
    (0x1fb8, 2, 1, -8),
    (0x1fba, 2, 1, -74),
    (0x1fbc, 1, 1, -9),
    (0x1fc8, 4, 1, -86),
    (0x1fcc, 1, 1, -9),
    (0x1fd8, 2, 1, -8),
    (0x1fda, 2, 1, -100),
    (0x1fe8, 2, 1, -8),
    (0x1fea, 2, 1, -112),
    (0x1fec, 1, 1, -7),
    (0x1ff8, 2, 1, -128),
    (0x1ffa, 2, 1, -126),
    (0x1ffc, 1, 1, -9),
    (0x2126, 1, 1, -7517),
    (0x212a, 1, 1, -8383),
    (0x212b, 1, 1, -8262),
    (0x2132, 1, 1, 28),
    (0x2160, 16, 1, 16),
    (0x2183, 1, 1, 1),
    (0x24b6, 26, 1, 26),
    (0x2c00, 48, 1, 48),
    (0x2c60, 1, 1, 1),
    (0x2c62, 1, 1, -10743),
    (0x2c63, 1, 1, -3814),
    (0x2c64, 1, 1, -10727),
    (0x2c67, 3, 2, 1),
    (0x2c6d, 1, 1, -10780),
    (0x2c6e, 1, 1, -10749),
    (0x2c6f, 1, 1, -10783),
    (0x2c70, 1, 1, -10782),
    (0x2c72, 1, 1, 1),
    (0x2c75, 1, 1, 1),
    (0x2c7e, 2, 1, -10815),
    (0x2c80, 50, 2, 1),
    (0x2ceb, 2, 2, 1),
    (0x2cf2, 1, 1, 1),
    (0xa640, 23, 2, 1),
    (0xa680, 14, 2, 1),
    (0xa722, 7, 2, 1),
    (0xa732, 31, 2, 1),
    (0xa779, 2, 2, 1),
    (0xa77d, 1, 1, -35332),
    (0xa77e, 5, 2, 1),
    (0xa78b, 1, 1, 1),
    (0xa78d, 1, 1, -42280),
    (0xa790, 2, 2, 1),
    (0xa796, 10, 2, 1),
    (0xa7aa, 1, 1, -42308),
    (0xa7ab, 1, 1, -42319),
    (0xa7ac, 1, 1, -42315),
    (0xa7ad, 1, 1, -42305),
    (0xa7ae, 1, 1, -42308),
    (0xa7b0, 1, 1, -42258),
    (0xa7b1, 1, 1, -42282),
    (0xa7b2, 1, 1, -42261),
    (0xa7b3, 1, 1, 928),
    (0xa7b4, 8, 2, 1),
    (0xa7c4, 1, 1, -48),
    (0xa7c5, 1, 1, -42307),
    (0xa7c6, 1, 1, -35384),
    (0xa7c7, 2, 2, 1),
    (0xa7cb, 1, 1, -42343),
    (0xa7cc, 8, 2, 1),
    (0xa7dc, 1, 1, -42561),
    (0xa7f5, 1, 1, 1),
    (0xff21, 26, 1, 32),
    (0x10400, 40, 1, 40),
    (0x104b0, 36, 1, 40),
    (0x10570, 11, 1, 39),
    (0x1057c, 15, 1, 39),
    (0x1058c, 7, 1, 39),
    (0x10594, 2, 1, 39),
    (0x10c80, 51, 1, 64),
    (0x10d50, 22, 1, 32),
    (0x118a0, 32, 1, 32),
    (0x16e40, 32, 1, 32),
    (0x16ea0, 25, 1, 27),
    (0x1e900, 34, 1, 34),
];

/// `İ` (U+0130), the one character whose lower case is two: `i` and a combining dot above.
const DOTTED_CAPITAL_I: char = '\u{130}';

/// Appends the lower case of `c` to `out`, as `char::to_lowercase` gives it.
pub fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if c == DOTTED_CAPITAL_I {
        out.push_str("i\u{307}");
        return;
    }
    out.push(lower_single(c));
}

/// The lower case of `c`, for every character but [`DOTTED_CAPITAL_I`].
fn lower_single(c: char) -> char {
    let code = u32::from(c);
    let after = RUNS.partition_point(|&(first, ..)| first <= code);
    let Some(&(first, count, stride, offset)) = after.checked_sub(1).and_then(|i| RUNS.get(i))
    else {
        return c;
    };
    let steps = (code - first) / u32::from(stride);
    let on_the_run = (code - first) % u32::from(stride) == 0 && steps < u32::from(count);
    if !on_the_run {
        return c;
    }
    code.checked_add_signed(offset)
        .and_then(char::from_u32)
        .unwrap_or(c)
}

/// `text` lower-cased, as `str::to_lowercase` gives it: a capital sigma that ends a word becomes
/// `ς`, any other `σ`. For "ends a word", letters stand for the cased characters and apostrophes
/// and combining marks for the case-ignorable ones; the two differ only where a `Σ` touches a
/// letter of a script without case, or a rarer mark.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if c == 'Σ' {
            let before = text.get(..at).unwrap_or_default().chars().rev();
            let after = text.get(at + c.len_utf8()..).unwrap_or_default().chars();
            let word_final = letter_past_ignorable(before) && !letter_past_ignorable(after);
            out.push(if word_final { 'ς' } else { 'σ' });
        } else {
            push_lower(c, &mut out);
        }
    }
    out
}

/// Whether the first character of `chars` past apostrophes and combining marks is a letter.
fn letter_past_ignorable(mut chars: impl Iterator<Item = char>) -> bool {
    let ignorable = |c: &char| matches!(c, '\'' | '\u{2019}' | '\u{300}'..='\u{36f}');
    chars
        .find(|c| !ignorable(c))
        .is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs the standard library's lower-casing makes, built as [`RUNS`] is.
    fn standard_runs() -> Vec<(u32, u8, u8, i32)> {
        let mut mapped = Vec::new();
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            if let (Some(single), None) = (lower.next(), lower.next()) {
                if single != c {
                    mapped.push((
                        u32::from(c),
                        i32::try_from(u32::from(single)).unwrap()
                            - i32::try_from(u32::from(c)).unwrap(),
                    ));
                }
            }
        }
        let mut runs = Vec::new();
        let mut index = 0;
        while let Some(&(first, offset)) = mapped.get(index) {
            let reach = |stride: u32| {
                (index + 1..mapped.len())
                    .take_while(|&i| mapped[i] == (first + stride * (i - index) as u32, offset))
                    .count()
                    + 1
            };
            let (count, stride) = match (reach(1), reach(2)) {
                (by_one, by_two) if by_two > by_one => (by_two, 2),
                (by_one, _) => (by_one, 1),
            };
            runs.push((first, u8::try_from(count).unwrap(), stride as u8, offset));
            index += count;
        }
        runs
    }

    #[test]
    fn the_runs_are_the_standard_librarys_lower_casing() {
        let expected = standard_runs();
        if expected != RUNS {
            let table: String = expected
                .iter()
                .map(|(first, count, stride, offset)| {
                    format!("    (0x{first:04x}, {count}, {stride}, {offset}),\n")
                })
                .collect();
            panic!(
                "Rust's lower-casing moved on; the new RUNS ({} runs):\n{table}",
                expected.len()
            );
        }
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let mut ours = String::new();
            push_lower(c, &mut ours);
            assert_eq!(
                ours,
                c.to_lowercase().collect::<String>(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn texts_lower_case_as_the_standard_library_does() {
        for text in [
            "Phone",
            "ÉTAT",
            "Straße ẞ",
            "ИМЯ Фамилия",
            "ΟΔΟΣ",
            "ΟΔΟΣ ΣΑΣ",
            "Σ",
            "ΑΣ'",
            "ΑΣ'Β",
            "ΌΝΟΜΑ",
            "İstanbul",
            "ǅemal",
            "Ωμέγα",
            "ÀÉÎÕÜ",
            "Ａｂｃ",
            "𐐀𐐨",
            "ΑΣ1",
            "ΑΣ ",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }
}
