//! Lone UTF-16 surrogates in `\u` escapes (`"\ud83d"` without its pair). JavaScript senders
//! produce them when they cut a string inside an emoji; `JSON.parse` accepts them, serde_json
//! does not. Rather than reject the whole webhook, each lone surrogate escape is replaced by
//! `\ufffd` (U+FFFD, the replacement character) and the event carries a warning.

/// The body with every lone surrogate escape replaced by `\ufffd`, and how many there were;
/// `None` when there are none. Replacements have the same length, so every offset (and every
/// JSON Pointer) of the body stays the same.
pub(crate) fn repair_lone_surrogates(body: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut repaired = body.to_vec();
    let mut count = 0;
    let mut at = 0;
    while let Some(offset) = repaired
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
    {
        let escape = at + offset;
        match repaired.get(escape + 1) {
            Some(b'u') => {}
            // Any other escape (`\\`, `\"`, ...) is two bytes: skip both.
            Some(_) => {
                at = escape + 2;
                continue;
            }
            None => break,
        }
        let Some(unit) = unit_at(&repaired, escape) else {
            at = escape + 2;
            continue;
        };
        let paired = (0xD800..0xDC00).contains(&unit)
            && unit_at(&repaired, escape + 6).is_some_and(|next| (0xDC00..0xE000).contains(&next));
        if paired {
            at = escape + 12;
        } else if (0xD800..0xE000).contains(&unit) {
            if let Some(hex) = repaired.get_mut(escape + 2..escape + 6) {
                hex.copy_from_slice(b"fffd");
            }
            count += 1;
            at = escape + 6;
        } else {
            at = escape + 6;
        }
    }
    (count > 0).then_some((repaired, count))
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn unit_at(body: &[u8], at: usize) -> Option<u16> {
    let escape = body.get(at..at + 6)?;
    if escape.get(..2)? != b"\\u" {
        return None;
    }
    let hex = std::str::from_utf8(escape.get(2..)?).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::repair_lone_surrogates;

    fn repaired(text: &str) -> Option<(String, usize)> {
        repair_lone_surrogates(text.as_bytes())
            .map(|(bytes, n)| (String::from_utf8(bytes).unwrap(), n))
    }

    #[test]
    fn lone_high_and_low_surrogates_are_replaced() {
        assert_eq!(
            repaired(r#"{"a":"x\ud83d","b":"\udcde y","c":"\uD83D\u0041"}"#),
            Some((
                r#"{"a":"x\ufffd","b":"\ufffd y","c":"\ufffd\u0041"}"#.into(),
                3
            ))
        );
    }

    #[test]
    fn pairs_escaped_backslashes_and_plain_text_are_left_alone() {
        assert_eq!(
            repaired(r#"{"a":"\ud83d\udcde","b":"\\ud83d","c":"é"}"#),
            None
        );
        assert_eq!(repaired(r#"{"a":"\u00e9\"\\"}"#), None);
        assert_eq!(repaired(r#"{"a":"\ud83"#), None);
        assert_eq!(repaired("\\"), None);
    }
}
