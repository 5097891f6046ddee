//! Phone numbers to E.164, keeping the text as sent.
//!
//! International forms (`+33 6 12 34 56 78`, `0033 6…`, `+1 (555) 987-6543`) are read directly.
//! A national form (`555-987-6543`, `06 12 34 56 78`) needs a country: the caller passes the
//! calling code of the other party's E.164 number (a business in +1 hears +1 callers far more
//! often than not) and only then is it placed: ten digits for the North American plan, the trunk
//! `0` replaced by the code elsewhere (Italy keeps its `0`). Anything else keeps `e164: null`; the
//! `raw` text is never dropped. This checks the shape of a number, not whether it is assigned.

use crate::event::Phone;

/// E.164 allows at most 15 digits; fewer than 8 is no subscriber number anywhere we can place.
const MIN_DIGITS: usize = 8;
const MAX_DIGITS: usize = 15;

/// Country calling codes of two digits (ITU-T E.164 assignments); `1` and `7` have one digit and
/// every other code three.
const TWO_DIGIT_CODES: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// Normalizes `raw`; `hint` is a country calling code (digits, no `+`) for national forms.
pub fn normalize(raw: &str, hint: Option<&str>) -> Phone {
    Phone {
        e164: to_e164(raw, hint),
        raw: raw.to_owned(),
    }
}

/// The country calling code of an E.164 number (`+15551234567` gives `1`).
pub fn calling_code(e164: &str) -> Option<&str> {
    let digits = e164.strip_prefix('+')?;
    let length = match digits.as_bytes().first()? {
        b'1' | b'7' => 1,
        _ if TWO_DIGIT_CODES.iter().any(|code| digits.starts_with(code)) => 2,
        _ => 3,
    };
    digits.get(..length)
}

fn to_e164(raw: &str, hint: Option<&str>) -> Option<String> {
    let text = raw.trim();
    let text = text
        .strip_prefix("tel:")
        .or_else(|| text.strip_prefix("TEL:"))
        .unwrap_or(text);
    let (international, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return None,
        }
    }
    if international {
        return international_number(&digits);
    }
    if let Some(after_prefix) = digits.strip_prefix("00") {
        return international_number(after_prefix);
    }
    national_number(&digits, hint?)
}

fn international_number(digits: &str) -> Option<String> {
    let plausible = (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()) && !digits.starts_with('0');
    plausible.then(|| ["+", digits].concat())
}

fn national_number(digits: &str, calling_code: &str) -> Option<String> {
    if calling_code == "1" {
        // North American plan: a 10-digit number whose area code does not start with 0 or 1,
        // optionally behind the trunk prefix 1.
        let national = match digits.len() {
            11 => digits.strip_prefix('1')?,
            10 => digits,
            _ => return None,
        };
        let area_code_ok = !national.starts_with(['0', '1']);
        return area_code_ok.then(|| ["+1", national].concat());
    }
    let national = if calling_code == "39" {
        digits
    } else {
        digits
            .strip_prefix('0')
            .filter(|rest| !rest.starts_with('0'))?
    };
    international_number(&[calling_code, national].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_forms() {
        let cases = [
            ("+15551234567", "+15551234567"),
            ("+1 (555) 987-6543", "+15559876543"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("0033612345678", "+33612345678"),
            ("+3300000000", "+3300000000"),
            ("tel:+918035317096", "+918035317096"),
            (" +44.20.7946.0958 ", "+442079460958"),
        ];
        for (raw, e164) in cases {
            assert_eq!(normalize(raw, None).e164.as_deref(), Some(e164), "{raw}");
            assert_eq!(normalize(raw, None).raw, raw);
        }
    }

    #[test]
    fn national_forms_need_a_hint() {
        let cases = [
            ("555-987-6543", Some("1"), Some("+15559876543")),
            ("1 555 987 6543", Some("1"), Some("+15559876543")),
            ("555-987-6543", None, None),
            ("155-987-6543", Some("1"), None),
            ("06 12 34 56 78", Some("33"), Some("+33612345678")),
            ("06 1234 5678", Some("39"), Some("+390612345678")),
            ("612345678", Some("33"), None),
            ("98765", Some("1"), None),
        ];
        for (raw, hint, e164) in cases {
            assert_eq!(normalize(raw, hint).e164.as_deref(), e164, "{raw} {hint:?}");
        }
    }

    #[test]
    fn not_numbers() {
        for raw in [
            "",
            "anonymous",
            "+",
            "+0123456789",
            "+1234567",
            "+1234567890123456",
            "+1 555 123 4567 ext 2",
            "+١٢٣٤٥٦٧٨٩",
        ] {
            assert_eq!(normalize(raw, Some("1")).e164, None, "{raw}");
        }
    }

    #[test]
    fn calling_codes() {
        assert_eq!(calling_code("+15551234567"), Some("1"));
        assert_eq!(calling_code("+79161234567"), Some("7"));
        assert_eq!(calling_code("+33612345678"), Some("33"));
        assert_eq!(calling_code("+918035317096"), Some("91"));
        assert_eq!(calling_code("+353861234567"), Some("353"));
        assert_eq!(calling_code("15551234567"), None);
        assert_eq!(calling_code("+"), None);
        assert_eq!(calling_code("+35"), None);
    }
}
