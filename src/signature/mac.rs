//! HMACs over several parts, compared in constant time against every configured secret (so a
//! secret can be rotated: any one of them signing is enough).

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::Sha256;

/// The hash under an HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA1 (Twilio's default).
    Sha1,
    /// HMAC-SHA256.
    Sha256,
}

/// Whether `presented` is the HMAC of `parts` (concatenated) under any of `secrets`. Each
/// comparison takes the same time whatever the bytes; a wrong length never matches.
pub fn signed_by_any(
    algorithm: Algorithm,
    secrets: &[&str],
    parts: &[&[u8]],
    presented: &[u8],
) -> bool {
    secrets.iter().any(|secret| match algorithm {
        Algorithm::Sha1 => verifies::<Hmac<Sha1>>(secret, parts, presented),
        Algorithm::Sha256 => verifies::<Hmac<Sha256>>(secret, parts, presented),
    })
}

fn verifies<M: Mac + KeyInit>(secret: &str, parts: &[&[u8]], presented: &[u8]) -> bool {
    let Ok(mut mac) = <M as KeyInit>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    for part in parts {
        mac.update(part);
    }
    mac.verify_slice(presented).is_ok()
}

/// The HMAC-SHA256 of `parts` under `secret` (the Worker's delivery signatures, and tests).
/// HMAC takes keys of any length, so `None` does not happen.
#[cfg(any(test, feature = "worker"))]
pub fn hmac_sha256(secret: &[u8], parts: &[&[u8]]) -> Option<[u8; 32]> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).ok()?;
    for part in parts {
        mac.update(part);
    }
    Some(mac.finalize().into_bytes().into())
}

/// Whether two secrets are the same, in constant time: both are hashed first, so neither their
/// contents nor their lengths show in the timing.
pub fn same_secret(expected: &str, presented: &str) -> bool {
    use sha2::Digest;
    use subtle::ConstantTimeEq;
    let expected = Sha256::digest(expected.as_bytes());
    let presented = Sha256::digest(presented.as_bytes());
    bool::from(expected.as_slice().ct_eq(presented.as_slice()))
}
