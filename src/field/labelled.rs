//! `Label: value` lines in free text, and the contact details they (and the text) reveal.
//!
//! StarAgent sends `extracted_fields` and `inferred_contact` for its voicemail transcriptions;
//! this module computes the same for any free text of any vendor (a voicemail transcription, a
//! summary), so consumers get them whoever sent the call. A label is one to three words of
//! letters, digits, `_`, `-` or `'`, at the start of a line (after an optional list bullet),
//! before the line's first `:`; labels are lower-cased, the first occurrence of a label wins.

use crate::event::InferredContact;
use crate::field::lowercase::lowercase;
use crate::field::phone;
use std::collections::BTreeMap;

const MAX_LABEL_CHARS: usize = 32;
const MAX_LABEL_WORDS: usize = 3;

/// Labels that name the contact's name, email or phone, lower-cased.
const NAME_LABELS: [&str; 6] = [
    "name",
    "full name",
    "caller name",
    "contact name",
    "customer name",
    "caller",
];
const EMAIL_LABELS: [&str; 4] = ["email", "e-mail", "email address", "mail"];
const PHONE_LABELS: [&str; 8] = [
    "phone",
    "phone number",
    "callback number",
    "call back number",
    "number",
    "telephone",
    "mobile",
    "cell",
];

/// The `Label: value` lines of `text`, keyed by lower-cased label.
pub fn extract(text: &str) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    for line in crate::scan::lines(text) {
        let line = line.trim_start();
        let line = ["- ", "* ", "• "]
            .iter()
            .find_map(|bullet| line.strip_prefix(bullet))
            .unwrap_or(line);
        let Some((label, value)) = line.split_once(':') else {
            continue;
        };
        let (label, value) = (label.trim(), value.trim());
        // `https://…` is a link, not a label.
        if value.is_empty() || value.starts_with("//") || !is_label(label) {
            continue;
        }
        fields
            .entry(lowercase(label))
            .or_insert_with(|| value.to_owned());
    }
    fields
}

fn is_label(label: &str) -> bool {
    let starts_with_letter = label.chars().next().is_some_and(char::is_alphabetic);
    let allowed = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '\''));
    starts_with_letter
        && allowed
        && label.chars().count() <= MAX_LABEL_CHARS
        && label.split_whitespace().count() <= MAX_LABEL_WORDS
}

/// Name, email and phone from labelled fields, else the first email address or phone number
/// found in `texts` (searched in order). `hint` is the calling code used to place a national phone
/// number. Names are taken only from a label: guessing them from prose is wrong too often.
pub fn infer_contact(
    fields: &BTreeMap<String, String>,
    texts: &[&str],
    hint: Option<&str>,
) -> InferredContact {
    let labelled = |labels: &[&str]| {
        labels
            .iter()
            .find_map(|label| fields.get(*label))
            .map(String::to_owned)
    };
    let email = labelled(&EMAIL_LABELS)
        .filter(|value| looks_like_email(value))
        .or_else(|| texts.iter().find_map(|text| find_email(text)));
    let phone_text = labelled(&PHONE_LABELS)
        .filter(|value| count_digits(value) >= 7)
        .or_else(|| texts.iter().find_map(|text| find_phone(text)));
    InferredContact {
        name: labelled(&NAME_LABELS),
        email,
        phone: phone_text.map(|raw| phone::normalize(&raw, hint)),
    }
}

fn looks_like_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !word.contains(char::is_whitespace)
}

fn find_email(text: &str) -> Option<String> {
    // Most text holds no `@` at all: one memchr pass instead of a word-by-word scan.
    if !text.contains('@') {
        return None;
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')'))
        .map(|word| word.trim_end_matches(['.', '!', '?', ':']))
        .find(|word| looks_like_email(word))
        .map(str::to_owned)
}

fn count_digits(text: &str) -> usize {
    // Bytes, not chars: an ASCII digit is never part of a multi-byte character.
    text.bytes().filter(u8::is_ascii_digit).count()
}

/// The first run of digits and phone punctuation with 10 to 15 digits (or 8 to 15 after `+`);
/// shorter runs are dates, times and amounts far more often than phone numbers.
fn find_phone(text: &str) -> Option<String> {
    // Searched by byte: every byte looked for is ASCII, so each position found is a character
    // boundary, and no byte of a multi-byte character is taken for one.
    let is_part =
        |b: u8| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'.' | b'(' | b')' | b'+');
    let mut rest = text;
    while let Some(start) = crate::scan::phone_start(rest.as_bytes()) {
        let tail = rest.get(start..)?;
        let end = tail.bytes().position(|b| !is_part(b)).unwrap_or(tail.len());
        let candidate = tail.get(..end)?.trim().trim_end_matches(['.', '-', ' ']);
        let digits = count_digits(candidate);
        let plus = candidate.starts_with('+');
        let enough = if plus {
            (8..=15).contains(&digits)
        } else {
            (10..=15).contains(&digits)
        };
        if enough && candidate.get(1..).is_some_and(|after| !after.contains('+')) {
            return Some(candidate.to_owned());
        }
        rest = tail.get(end.max(1)..)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_labelled_lines() {
        let text = "Name: Jane Smith\nPhone: 555-987-6543\nReason: Reschedule cleaning\n\
                    Preferred time: Tuesday morning\nUrgency: Not urgent";
        let fields = extract(text);
        let expected: BTreeMap<String, String> = [
            ("name", "Jane Smith"),
            ("phone", "555-987-6543"),
            ("reason", "Reschedule cleaning"),
            ("preferred time", "Tuesday morning"),
            ("urgency", "Not urgent"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(fields, expected);
    }

    #[test]
    fn prose_and_odd_lines_are_not_labels() {
        let text = "Hi, this is Jane. I was calling about rescheduling.\n\
                    The doctor said at the end of the visit: come back soon\n\
                    https://example.com: link\n\
                    Empty:\n\
                    - Callback: tomorrow 10:30\n\
                    Callback: later";
        let fields = extract(text);
        assert_eq!(fields.len(), 1, "{fields:?}");
        assert_eq!(fields["callback"], "tomorrow 10:30");
    }

    #[test]
    fn infers_from_labels_then_from_text() {
        let fields = extract("Name: Jane Smith\nPhone: 555-987-6543\nReason: Boarding inquiry");
        let contact = infer_contact(&fields, &[], Some("1"));
        assert_eq!(contact.name.as_deref(), Some("Jane Smith"));
        assert_eq!(contact.email, None);
        let phone = contact.phone.unwrap();
        assert_eq!(phone.raw, "555-987-6543");
        assert_eq!(phone.e164.as_deref(), Some("+15559876543"));

        let text = "Hi, it's Jane, reach me at jane.smith@example.com. or (555) 987-6543, thanks";
        let contact = infer_contact(&BTreeMap::new(), &["Hi", text], Some("1"));
        assert_eq!(contact.name, None);
        assert_eq!(contact.email.as_deref(), Some("jane.smith@example.com"));
        assert_eq!(contact.phone.unwrap().raw, "(555) 987-6543");
    }

    #[test]
    fn dates_times_and_amounts_are_not_phones() {
        let text = "On 2024-09-13 at 10:30 I paid 1500.00 for order 12345";
        assert_eq!(infer_contact(&BTreeMap::new(), &[text], None).phone, None);
        assert_eq!(
            find_phone("call +33 6 12 34 56 78 now").as_deref(),
            Some("+33 6 12 34 56 78")
        );
        assert_eq!(find_phone("1+2+3+4+5+6+7+8+9+0"), None);
    }

    #[test]
    fn emails_need_a_dotted_domain() {
        assert!(looks_like_email("a@b.co"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.co"));
        assert!(!looks_like_email("a@b.co."));
        assert!(!looks_like_email("a@@b.co"));
    }
}
