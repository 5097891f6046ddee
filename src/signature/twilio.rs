//! What Twilio signs (`X-Twilio-Signature`): the full URL it called, query included, followed
//! for a form POST by every parameter as `key` + `value`, sorted by key and then by value (a
//! value repeated under one key counts once, as Twilio's SDKs do). A JSON body is covered
//! through the URL instead: Twilio adds `bodySHA256=<hex SHA-256 of the body>` to its query.
//! Its SDKs also accept the URL with the default port added or removed; so does this.

use super::encoding::encode_hex;
use super::Body;
use crate::json::{parse_form, Value};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Why a request cannot carry a valid Twilio signature, whatever the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsigned {
    /// A JSON body, but the URL has no `bodySHA256`: the body is not covered.
    NoBodyDigest,
    /// The URL's `bodySHA256` is not the SHA-256 of the body received.
    BodyDigestMismatch,
}

/// The texts Twilio may have signed: each URL variant followed by the parameters.
pub fn signed_texts(url: &str, body: &[u8], kind: Body) -> Result<Vec<String>, Unsigned> {
    let parameters = match kind {
        Body::Form => sorted_parameters(body),
        Body::InUrl => String::new(),
        Body::Json => {
            let digest = query_value(url, "bodySHA256").ok_or(Unsigned::NoBodyDigest)?;
            let actual = encode_hex(&Sha256::digest(body));
            let presented = digest.to_ascii_lowercase();
            if !bool::from(actual.as_bytes().ct_eq(presented.as_bytes())) {
                return Err(Unsigned::BodyDigestMismatch);
            }
            String::new()
        }
    };
    let mut urls = vec![without_port(url), with_default_port(url)];
    urls.dedup();
    Ok(urls.into_iter().map(|url| url + &parameters).collect())
}

/// Every form parameter as `key` + `value`, sorted by key, then value; repeats counted once.
fn sorted_parameters(body: &[u8]) -> String {
    let (form, _) = parse_form(body);
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (key, value) in form.entries().unwrap_or_default() {
        match value {
            Value::Array(values) => {
                pairs.extend(values.iter().filter_map(Value::as_str).map(|v| (&**key, v)))
            }
            other => pairs.extend(other.as_str().map(|v| (&**key, v))),
        }
    }
    crate::sort::sort_by_less(&mut pairs, |a, b| a < b);
    pairs.dedup();
    pairs
        .iter()
        .flat_map(|(key, value)| [*key, *value])
        .collect()
}

/// The (still escaped) value of the first `name` in the URL's query.
fn query_value<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    super::query_of(url)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The URL split around its port: `(before the port, the port, after it)`.
fn split_port(url: &str) -> Option<(&str, Option<&str>, &str)> {
    let start = url.find("://")? + 3;
    let authority_end = url
        .get(start..)?
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| start + at);
    let authority = url.get(start..authority_end)?;
    // The port follows the last `:` after the host (an IPv6 host is bracketed).
    let host_end = authority.rfind(']').map_or(0, |at| at + 1);
    let port_at = authority
        .get(host_end..)?
        .rfind(':')
        .map(|at| start + host_end + at);
    Some(match port_at {
        Some(at) => (
            url.get(..at)?,
            url.get(at + 1..authority_end),
            url.get(authority_end..)?,
        ),
        None => (url.get(..authority_end)?, None, url.get(authority_end..)?),
    })
}

fn without_port(url: &str) -> String {
    match split_port(url) {
        Some((head, _, rest)) => format!("{head}{rest}"),
        None => url.to_owned(),
    }
}

fn with_default_port(url: &str) -> String {
    match split_port(url) {
        Some((head, None, rest)) => {
            let https = url
                .get(..8)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
            let port = if https { "443" } else { "80" };
            format!("{head}:{port}{rest}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_added_and_removed() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            with_default_port(url),
            "https://mycompany.com:443/myapp.php?foo=1&bar=2"
        );
        assert_eq!(
            without_port("https://mycompany.com:443/a?x=1"),
            "https://mycompany.com/a?x=1"
        );
        assert_eq!(with_default_port("http://a.example"), "http://a.example:80");
        assert_eq!(without_port("http://[::1]:8787/h"), "http://[::1]/h");
        assert_eq!(with_default_port("http://[::1]/h"), "http://[::1]:80/h");
        assert_eq!(without_port("not a url"), "not a url");
    }

    #[test]
    fn parameters_sorted_by_key_then_value() {
        let body = b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234&To=%2B1+2";
        assert_eq!(
            sorted_parameters(body),
            "Digits1234Digits5678SidCA123SidAccountAC123To+1 2"
        );
    }

    #[test]
    fn json_needs_its_digest_in_the_url() {
        let body = br#"{"a":1}"#;
        let digest = encode_hex(&Sha256::digest(body));
        let url = format!("https://x.example/h?bodySHA256={}", digest.to_uppercase());
        assert!(signed_texts(&url, body, Body::Json).is_ok());
        assert_eq!(
            signed_texts(&url, b"{}", Body::Json),
            Err(Unsigned::BodyDigestMismatch)
        );
        assert_eq!(
            signed_texts("https://x.example/h", body, Body::Json),
            Err(Unsigned::NoBodyDigest)
        );
    }
}
