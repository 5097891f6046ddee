//! Ingest tokens: where a request presents them, and the check for vendors that sign nothing.
//! The Worker and the npm package's `verify` read them the same way.

use super::{matched, query_of, same_secret, SignatureError, Signed};

/// Where a request presented a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presented {
    /// `Authorization: Bearer …` or `X-Voicehook-Token: …`.
    Header,
    /// `?token=…` in the URL.
    Query,
}

/// Every token a request presents: `Authorization: Bearer`, `X-Voicehook-Token` and each
/// `?token=` of `url`. All count: a vendor's own `Authorization` header does not hide a `?token`.
pub fn presented_tokens(headers: &[(&str, &str)], url: &str) -> Vec<(String, Presented)> {
    let from_headers = headers.iter().filter_map(|(name, value)| {
        if name.eq_ignore_ascii_case("authorization") {
            bearer_token(value)
        } else if name.eq_ignore_ascii_case("x-voicehook-token") {
            Some(value.trim()).filter(|token| !token.is_empty())
        } else {
            None
        }
    });
    let from_query = query_of(url)
        .split('&')
        .filter_map(|pair| pair.strip_prefix("token="))
        .map(|token| (decode_query_value(token), Presented::Query));
    from_headers
        .map(|token| (token.to_owned(), Presented::Header))
        .chain(from_query)
        .collect()
}

/// Checks an ingest token, for vendors that sign nothing: in a header, or (`in_query`: a vendor
/// that can only be given a URL) in `?token=` of `request.url`. Any one presented token being a
/// secret is enough.
pub fn verify_token(
    secrets: &[&str],
    request: &Signed<'_>,
    in_query: bool,
) -> Result<(), SignatureError> {
    if secrets.iter().all(|secret| secret.is_empty()) {
        return Err(SignatureError::NoSecret);
    }
    let presented: Vec<String> = presented_tokens(request.headers, request.url)
        .into_iter()
        .filter(|(_, place)| in_query || *place == Presented::Header)
        .map(|(token, _)| token)
        .collect();
    if presented.is_empty() {
        return Err(SignatureError::Missing {
            header: "authorization",
        });
    }
    let valid = presented.iter().any(|token| {
        secrets
            .iter()
            .any(|secret| !secret.is_empty() && same_secret(secret, token))
    });
    matched(valid, "authorization", "a configured token")
}

/// A query value with `+` and `%XX` decoded (a malformed escape kept as written), as forms are.
fn decode_query_value(value: &str) -> String {
    let (form, _) = crate::json::parse_form(format!("t={value}").as_bytes());
    form.get("t")
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The token in `Authorization: Bearer …` (the scheme matched without case).
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
