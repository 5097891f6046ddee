//! Who may send a webhook: ingest tokens (header or, for URL-only vendors, query) and Atoms'
//! `X-Signature`, checked in constant time. Pure functions over strings and bytes, so the rules
//! are tested natively.

use super::hex::decode_hex;
use crate::{Auth, Vendor};
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Where a request presented its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presented {
    /// `Authorization: Bearer …` or `X-Voicehook-Token: …`.
    Header,
    /// `?token=…` in the URL.
    Query,
}

/// The ingest secrets a deployment holds.
#[derive(Debug, Clone, Default)]
pub struct IngestSecrets {
    /// `INGEST_TOKEN`: valid for every vendor.
    pub global: Option<String>,
    /// `INGEST_TOKEN_<VENDOR>`: valid for that vendor only.
    pub per_vendor: Vec<(Vendor, String)>,
    /// `ATOMS_SIGNING_SECRET`: the key of Smallest.ai Atoms' `X-Signature`.
    pub atoms_signing: Option<String>,
}

/// The set of vendors a request is allowed to send for: one bit per vendor of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Grant(u64);

// One bit per vendor.
const _: () = assert!(Vendor::ALL.len() <= 64);

impl Grant {
    /// No vendor at all: the request is refused.
    pub const NONE: Grant = Grant(0);

    fn all() -> Grant {
        Vendor::ALL.iter().copied().fold(Grant::NONE, Grant::with)
    }

    fn with(self, vendor: Vendor) -> Grant {
        Grant(self.0 | bit(vendor))
    }

    fn union(self, other: Grant) -> Grant {
        Grant(self.0 | other.0)
    }

    /// Whether a body of `vendor` may be accepted.
    pub fn allows(self, vendor: Vendor) -> bool {
        self.0 & bit(vendor) != 0
    }

    /// Whether every vendor is allowed (the global token in a header).
    pub fn is_all(self) -> bool {
        self == Grant::all()
    }

    /// Whether nothing is allowed.
    pub fn is_none(self) -> bool {
        self == Grant::NONE
    }
}

fn bit(vendor: Vendor) -> u64 {
    Vendor::ALL
        .iter()
        .position(|v| *v == vendor)
        .map_or(0, |index| 1 << index)
}

/// The vendors a presented token grants. In the query (URLs end up in vendor dashboards and
/// request logs) only a URL-only vendor's own token counts, and only for that vendor: the
/// all-vendor `INGEST_TOKEN` is accepted in a header only.
pub fn grant_for_token(secrets: &IngestSecrets, token: &str, presented: Presented) -> Grant {
    let global = secrets
        .global
        .as_deref()
        .is_some_and(|secret| same_secret(secret, token));
    let mut grant = match (global, presented) {
        (true, Presented::Header) => Grant::all(),
        _ => Grant::NONE,
    };
    for (vendor, secret) in &secrets.per_vendor {
        let allowed_here = presented == Presented::Header || vendor.auth() == Auth::UrlToken;
        if allowed_here && same_secret(secret, token) {
            grant = grant.with(*vendor);
        }
    }
    grant
}

/// What Atoms' `X-Signature` says about a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// No header, or no secret configured to check it with.
    Absent,
    /// The body is signed with the configured secret.
    Valid,
    /// A signature that does not match (or is not hex): the request is refused outright.
    Invalid,
}

/// Checks `X-Signature` (hex HMAC-SHA256 of the raw body; a `sha256=` prefix is tolerated).
pub fn atoms_signature(secrets: &IngestSecrets, header: Option<&str>, body: &[u8]) -> Signature {
    let (Some(secret), Some(header)) = (secrets.atoms_signing.as_deref(), header) else {
        return Signature::Absent;
    };
    let hex = header.trim();
    let hex = hex.strip_prefix("sha256=").unwrap_or(hex);
    let Some(expected) = decode_hex(hex) else {
        return Signature::Invalid;
    };
    let Ok(mut mac) = hmac::Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return Signature::Invalid;
    };
    mac.update(body);
    if mac.verify_slice(&expected).is_ok() {
        Signature::Valid
    } else {
        Signature::Invalid
    }
}

/// The grant of a request: its token (header first, then query) and its signature.
pub fn grant(
    secrets: &IngestSecrets,
    token: Option<(&str, Presented)>,
    signature: Signature,
) -> Grant {
    let by_token = token.map_or(Grant::NONE, |(token, presented)| {
        grant_for_token(secrets, token, presented)
    });
    match signature {
        Signature::Invalid => Grant::NONE,
        Signature::Valid => by_token.union(Grant::NONE.with(Vendor::SmallestAtoms)),
        Signature::Absent => by_token,
    }
}

/// The token in `Authorization: Bearer …` (scheme matched without case).
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Compares two secrets in constant time: both are hashed first, so neither their contents
/// nor their lengths show in the timing.
pub fn same_secret(expected: &str, presented: &str) -> bool {
    let expected = Sha256::digest(expected.as_bytes());
    let presented = Sha256::digest(presented.as_bytes());
    bool::from(expected.as_slice().ct_eq(presented.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> IngestSecrets {
        IngestSecrets {
            global: Some("global-secret".into()),
            per_vendor: vec![
                (Vendor::Staragent, "staragent-secret".into()),
                (Vendor::Starleads, "starleads-secret".into()),
            ],
            atoms_signing: Some("atoms-key".into()),
        }
    }

    fn sign(body: &[u8]) -> String {
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(b"atoms-key").unwrap();
        mac.update(body);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn global_token_in_a_header_allows_every_vendor() {
        let grant = grant_for_token(&secrets(), "global-secret", Presented::Header);
        assert!(grant.is_all());
    }

    #[test]
    fn a_vendor_token_allows_only_its_vendor() {
        let grant = grant_for_token(&secrets(), "staragent-secret", Presented::Header);
        assert!(grant.allows(Vendor::Staragent));
        assert!(!grant.allows(Vendor::Callab));
    }

    #[test]
    fn query_tokens_only_serve_url_only_vendors_with_their_own_token() {
        let global = grant_for_token(&secrets(), "global-secret", Presented::Query);
        assert!(
            global.is_none(),
            "the all-vendor token never rides in a URL"
        );
        let staragent = grant_for_token(&secrets(), "staragent-secret", Presented::Query);
        assert!(staragent.is_none());
        let starleads = grant_for_token(&secrets(), "starleads-secret", Presented::Query);
        assert!(starleads.allows(Vendor::Starleads));
    }

    #[test]
    fn wrong_empty_and_prefix_tokens_are_refused() {
        for token in [
            "",
            "global",
            "global-secret ",
            "GLOBAL-SECRET",
            "global-secretx",
        ] {
            assert!(
                grant_for_token(&secrets(), token, Presented::Header).is_none(),
                "{token:?}"
            );
        }
        let unset = IngestSecrets::default();
        assert!(grant_for_token(&unset, "", Presented::Header).is_none());
    }

    #[test]
    fn atoms_signatures_over_the_raw_bytes() {
        let body = "{\"event_type\":\"post-conversation\",\"note\":\"café ☕ 📞\"}".as_bytes();
        let good = sign(body);
        assert_eq!(
            atoms_signature(&secrets(), Some(&good), body),
            Signature::Valid
        );
        let upper = good.to_uppercase();
        assert_eq!(
            atoms_signature(&secrets(), Some(&upper), body),
            Signature::Valid
        );
        let prefixed = format!("sha256={good}");
        assert_eq!(
            atoms_signature(&secrets(), Some(&prefixed), body),
            Signature::Valid
        );
        assert_eq!(
            atoms_signature(&secrets(), Some(&good), b"{}"),
            Signature::Invalid
        );
        assert_eq!(
            atoms_signature(&secrets(), Some("zz"), body),
            Signature::Invalid
        );
        assert_eq!(
            atoms_signature(&secrets(), Some("abc"), body),
            Signature::Invalid
        );
        assert_eq!(atoms_signature(&secrets(), None, body), Signature::Absent);
        let unset = IngestSecrets::default();
        assert_eq!(
            atoms_signature(&unset, Some(&good), body),
            Signature::Absent
        );
    }

    #[test]
    fn a_bad_signature_refuses_even_a_good_token() {
        let token = Some(("global-secret", Presented::Header));
        assert!(grant(&secrets(), token, Signature::Invalid).is_none());
        let signed = grant(&secrets(), None, Signature::Valid);
        assert!(signed.allows(Vendor::SmallestAtoms) && !signed.allows(Vendor::Callab));
    }

    #[test]
    fn bearer_scheme_is_matched_without_case() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token(""), None);
    }
}
