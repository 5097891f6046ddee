//! Standard Webhooks signatures (<https://www.standardwebhooks.com>): `webhook-signature:
//! v1,<base64 HMAC-SHA256 over "id.timestamp.body">` with a `whsec_<base64>` secret, so a backend
//! can verify that an event came from its own voicehook and drop duplicates by `webhook-id`.

use crate::signature::encoding::encode_base64;
use crate::signature::hmac_sha256;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The shortest key Standard Webhooks allows (its secrets are 24 to 64 bytes).
pub const MIN_KEY_BYTES: usize = 24;

/// A delivery signing secret that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidSecret {
    /// Not `whsec_` followed by base64.
    NotBase64,
    /// A key of fewer than [`MIN_KEY_BYTES`] bytes: too weak to sign with.
    TooShort(usize),
}

impl std::fmt::Display for InvalidSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InvalidSecret::NotBase64 => f.write_str("is not whsec_ followed by base64"),
            InvalidSecret::TooShort(n) => write!(
                f,
                "holds a {n}-byte key; at least {MIN_KEY_BYTES} bytes are required"
            ),
        }
    }
}

/// A decoded signing secret.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

impl SigningKey {
    /// Reads a `whsec_…` secret (the prefix is optional, as Standard Webhooks libraries allow).
    pub fn from_secret(secret: &str) -> Result<SigningKey, InvalidSecret> {
        let encoded = secret.trim();
        let encoded = encoded.strip_prefix("whsec_").unwrap_or(encoded);
        match STANDARD.decode(encoded) {
            Ok(key) if key.len() >= MIN_KEY_BYTES => Ok(SigningKey(key)),
            Ok(key) => Err(InvalidSecret::TooShort(key.len())),
            Err(_) => Err(InvalidSecret::NotBase64),
        }
    }

    /// The `webhook-signature` value of one message: `v1,<base64>`.
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> String {
        format!(
            "v1,{}",
            encode_base64(&self.hmac(id, timestamp, body).unwrap_or_default())
        )
    }

    /// The `webhook-signature` value signed with every key: one `v1,` signature per key,
    /// space-separated (Standard Webhooks), so receivers can rotate to the new secret.
    pub fn sign_all(keys: &[SigningKey], id: &str, timestamp: u64, body: &[u8]) -> String {
        let signatures: Vec<String> = keys
            .iter()
            .map(|key| key.sign(id, timestamp, body))
            .collect();
        signatures.join(" ")
    }

    /// Whether any `v1,` signature in a (space-separated) `webhook-signature` header is this
    /// key's over the message; lengths first, then the bytes in constant time.
    #[cfg(test)]
    pub fn verify(&self, id: &str, timestamp: u64, body: &[u8], header: &str) -> bool {
        use subtle::ConstantTimeEq;
        header.split_whitespace().any(|signature| {
            let given = signature
                .strip_prefix("v1,")
                .and_then(|encoded| STANDARD.decode(encoded).ok());
            match (given, self.hmac(id, timestamp, body)) {
                (Some(given), Some(mac)) => bool::from(given.as_slice().ct_eq(&mac)),
                _ => false,
            }
        })
    }

    /// HMAC-SHA256 over `id.timestamp.body`.
    fn hmac(&self, id: &str, timestamp: u64, body: &[u8]) -> Option<[u8; 32]> {
        let timestamp = timestamp.to_string();
        hmac_sha256(
            &self.0,
            &[id.as_bytes(), b".", timestamp.as_bytes(), b".", body],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    const ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
    const TIMESTAMP: u64 = 1649367553;
    const BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;
    const SIGNATURE: &str = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";

    #[test]
    fn the_published_test_vector() {
        let key = SigningKey::from_secret(SECRET).unwrap();
        assert_eq!(key.sign(ID, TIMESTAMP, BODY), SIGNATURE);
        assert!(key.verify(ID, TIMESTAMP, BODY, SIGNATURE));
    }

    #[test]
    fn truncated_empty_other_and_several_signatures() {
        let key = SigningKey::from_secret(SECRET).unwrap();
        for bad in [
            "",
            "v1,",
            "v1",
            "v2,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
            &SIGNATURE[..20],
        ] {
            assert!(!key.verify(ID, TIMESTAMP, BODY, bad), "{bad:?}");
        }
        assert!(!key.verify(ID, TIMESTAMP + 1, BODY, SIGNATURE));
        assert!(!key.verify(ID, TIMESTAMP, b"{}", SIGNATURE));
        let rotated = format!("v1,AAAA {SIGNATURE}");
        assert!(key.verify(ID, TIMESTAMP, BODY, &rotated));
    }

    #[test]
    fn two_keys_give_two_signatures_each_verifiable_alone() {
        let old = SigningKey::from_secret(SECRET).unwrap();
        let new = SigningKey::from_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let header = SigningKey::sign_all(&[old.clone(), new.clone()], ID, TIMESTAMP, BODY);
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], SIGNATURE);
        assert!(old.verify(ID, TIMESTAMP, BODY, &header));
        assert!(new.verify(ID, TIMESTAMP, BODY, &header));
    }

    #[test]
    fn secrets_must_be_base64() {
        assert!(SigningKey::from_secret("whsec_").is_err());
        assert!(SigningKey::from_secret("whsec_not base64!").is_err());
        assert!(SigningKey::from_secret("C2FVsBQIhrscChlQIMV+b5sSYspob7oD").is_ok());
    }
}
