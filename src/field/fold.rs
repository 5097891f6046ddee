//! Vendor words compared without case or separators (`Voice-Mail`, `first_name`, `AI Agent`):
//! each word list is written folded, and a word is folded the same way before it is looked up.

use crate::field::lowercase;

/// Words up to this many bytes are folded on the stack, longer ones into a `String`. The longest
/// known word (`voicemail_message_left`) has 22.
pub const ON_STACK: usize = 32;

/// Drops spaces, `_` and `-`: `AI Agent`, `ai_agent` and `ai-agent` all read `aiagent`.
pub fn drop_separators(c: char) -> Option<char> {
    (!matches!(c, ' ' | '_' | '-')).then_some(c)
}

/// A word lower-cased, each of its characters first dropped or kept by a separator function
/// (`None`: dropped). This runs for every message and status word, so an ASCII word is folded in
/// a stack buffer; only a word with other characters is folded into a `String` (with Unicode
/// lower-casing).
pub enum Folded {
    /// An ASCII word: the buffer and how much of it is used.
    Ascii([u8; ON_STACK], usize),
    /// Any other word.
    Unicode(String),
}

impl Folded {
    /// `word` folded by `separator` (generic, so that it is inlined: this runs per character).
    pub fn new(word: &str, separator: impl Fn(char) -> Option<char> + Copy) -> Folded {
        let mut buffer = [0u8; ON_STACK];
        let mut len = 0;
        if word.is_ascii() {
            for c in word.bytes().map(char::from).filter_map(separator) {
                let Some(slot) = buffer.get_mut(len) else {
                    return Folded::unicode(word, separator);
                };
                *slot = c.to_ascii_lowercase() as u8;
                len += 1;
            }
            return Folded::Ascii(buffer, len);
        }
        Folded::unicode(word, separator)
    }

    fn unicode(word: &str, separator: impl Fn(char) -> Option<char>) -> Folded {
        let mut folded = String::with_capacity(word.len());
        for c in word.chars().filter_map(separator) {
            lowercase::push_lower(c, &mut folded);
        }
        Folded::Unicode(folded)
    }

    /// The folded word's bytes.
    fn as_bytes(&self) -> &[u8] {
        match self {
            Folded::Ascii(buffer, len) => buffer.get(..*len).unwrap_or_default(),
            Folded::Unicode(word) => word.as_bytes(),
        }
    }

    /// Whether the folded word is one of `words` (written folded).
    pub fn is_one_of(&self, words: &[&str]) -> bool {
        words.iter().any(|word| word.as_bytes() == self.as_bytes())
    }

    /// Whether `other` folds to the same word.
    pub fn same_as(&self, other: &Folded) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(word: &str, separator: impl Fn(char) -> Option<char> + Copy) -> String {
        String::from_utf8(Folded::new(word, separator).as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn ascii_and_unicode_words_fold_alike() {
        assert_eq!(fold("AI Agent", drop_separators), "aiagent");
        assert_eq!(fold("Téléphone_Fixe", drop_separators), "téléphonefixe");
        assert_eq!(fold("ÉTAT", drop_separators), "état");
        assert_eq!(fold("", drop_separators), "");
        let underscore = |c| Some(if matches!(c, '-' | ' ') { '_' } else { c });
        assert_eq!(fold("Voice-Mail Left", underscore), "voice_mail_left");
    }

    #[test]
    fn long_words_fold_whole() {
        let long = "A".repeat(ON_STACK * 3);
        assert_eq!(fold(&long, drop_separators), "a".repeat(ON_STACK * 3));
    }
}
