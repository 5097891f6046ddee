//! The text forms signatures travel in: hex (either case) and base64 (standard alphabet,
//! padding optional).

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// The standard alphabet; `=` padding accepted but not required.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Lowercase hex of `bytes`.
pub fn encode_hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    crate::id::push_hex(&mut text, bytes);
    text
}

/// The bytes of a hex string (either case); `None` for an odd length or a non-hex digit.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |b: u8| char::from(b).to_digit(16);
            match pair {
                [high, low] => u8::try_from(digit(*high)? * 16 + digit(*low)?).ok(),
                _ => None,
            }
        })
        .collect()
}

/// The bytes of a base64 string (standard alphabet, padding optional); `None` when malformed.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text).ok()
}

/// Standard base64 with padding.
#[cfg(any(test, feature = "worker"))]
pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_in_both_cases_and_nothing_else() {
        assert_eq!(decode_hex("00fFa1"), Some(vec![0, 255, 161]));
        assert_eq!(decode_hex(""), Some(vec![]));
        assert_eq!(decode_hex("abc"), None);
        assert_eq!(decode_hex("zz"), None);
        assert_eq!(decode_hex("é1"), None);
        assert_eq!(decode_hex("+1"), None);
    }

    #[test]
    fn base64_with_or_without_padding() {
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("aGk"), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("aG k="), None);
        assert_eq!(decode_base64("aGk_"), None);
        assert_eq!(encode_base64(b"hi"), "aGk=");
    }
}
