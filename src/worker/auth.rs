//! Who may send a webhook: ingest tokens (header or, for URL-only vendors, query) and each
//! vendor's own signature, as the vendor registry names it. Pure functions over strings and
//! bytes, so the rules are tested natively.
//!
//! The rule for a request:
//! - a forged or stale signature is never accepted, whatever else the request carries;
//! - a valid vendor signature, or a valid ingest token, is enough;
//! - a vendor's signature header is only ever evaluated as that vendor's (on `/v1/hooks/{vendor}`
//!   only that vendor's; on `/v1/hooks` each configured vendor whose header is present);
//! - every credential presented counts: all tokens (header and query) are weighed together.

use crate::signature::{self, same_secret, SignatureError, Signed};
pub use crate::signature::{bearer_token, Presented};
use crate::Vendor;

/// The credentials a deployment holds. Each setting may list several secrets, comma-separated:
/// any one is valid, so a secret can be rotated without refusing a webhook.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// `INGEST_TOKEN`: valid for every vendor.
    pub global: Vec<String>,
    /// `INGEST_TOKEN_<VENDOR>`: valid for that vendor only.
    pub per_vendor: Vec<(Vendor, Vec<String>)>,
    /// Each signing vendor's secrets, from the setting the registry names (`RETELL_API_KEY`, …).
    pub signing: Vec<(Vendor, Vec<String>)>,
}

impl Credentials {
    /// The secrets `vendor` signs with; none when it does not sign or none is configured.
    pub fn signing_secrets(&self, vendor: Vendor) -> Vec<&str> {
        self.signing
            .iter()
            .filter(|(v, _)| *v == vendor)
            .flat_map(|(_, secrets)| secrets.iter().map(String::as_str))
            .collect()
    }

    /// Every configured secret (to refuse the documented development ones in a deployment).
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.global
            .iter()
            .chain(self.per_vendor.iter().flat_map(|(_, secrets)| secrets))
            .chain(self.signing.iter().flat_map(|(_, secrets)| secrets))
    }
}

/// The secrets of a setting: comma-separated, trimmed, empty entries dropped.
pub fn secret_list(setting: &str) -> Vec<String> {
    setting
        .split(',')
        .map(str::trim)
        .filter(|secret| !secret.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `presented` is any of `secrets` (each compared in constant time).
pub fn any_secret(secrets: &[String], presented: &str) -> bool {
    secrets.iter().any(|secret| same_secret(secret, presented))
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

    /// This grant and `vendor`.
    pub fn with(self, vendor: Vendor) -> Grant {
        Grant(self.0 | bit(vendor))
    }

    /// The vendors of both grants.
    pub fn union(self, other: Grant) -> Grant {
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
pub fn grant_for_token(credentials: &Credentials, token: &str, presented: Presented) -> Grant {
    let mut grant = match presented {
        Presented::Header if any_secret(&credentials.global, token) => Grant::all(),
        _ => Grant::NONE,
    };
    for (vendor, secrets) in &credentials.per_vendor {
        let allowed_here = presented == Presented::Header || vendor.takes_url_token();
        if allowed_here && any_secret(secrets, token) {
            grant = grant.with(*vendor);
        }
    }
    grant
}

/// What every token a request presents grants, together.
pub fn grant_for_tokens(credentials: &Credentials, tokens: &[(String, Presented)]) -> Grant {
    tokens
        .iter()
        .fold(Grant::NONE, |grant, (token, presented)| {
            grant.union(grant_for_token(credentials, token, *presented))
        })
}

/// The vendors whose signature a request presents and that are checked: the route's vendor
/// only, or on `/v1/hooks` (`route` `None`) every vendor with a secret whose header is present.
/// A vendor without a configured secret is never checked (its header proves nothing here).
pub fn signers(
    credentials: &Credentials,
    route: Option<Vendor>,
    headers: &[(&str, &str)],
) -> Vec<Vendor> {
    let candidates: Vec<Vendor> = match route {
        Some(vendor) => vec![vendor],
        None => Vendor::ALL.to_vec(),
    };
    candidates
        .into_iter()
        .filter(|vendor| {
            expects_signature(credentials, *vendor)
                && vendor
                    .signing()
                    .is_some_and(|signing| signing.scheme.is_presented(headers))
        })
        .collect()
}

/// Whether `route`'s vendor signs and has a configured secret, so that a request without a
/// token must carry its signature.
pub fn expects_signature(credentials: &Credentials, route: Vendor) -> bool {
    route.signing().is_some() && !credentials.signing_secrets(route).is_empty()
}

/// Checks the signature of each vendor in `signers`; the vendors proven, or the first failure.
pub fn check_signatures(
    credentials: &Credentials,
    signers: &[Vendor],
    request: &Signed<'_>,
) -> Result<Grant, SignatureError> {
    signers.iter().try_fold(Grant::NONE, |grant, vendor| {
        let Some(signing) = vendor.signing() else {
            return Ok(grant);
        };
        let secrets = credentials.signing_secrets(*vendor);
        signature::verify(signing.scheme, &secrets, request).map(|()| grant.with(*vendor))
    })
}

#[cfg(test)]
mod tests;
