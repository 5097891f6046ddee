//! Delivery settings and the decisions made from them: which answers count as success, how long
//! to wait before the next try, when to give up. Pure, so the rules are tested natively.

use super::signing::SigningKey;
use crate::worker::auth::secret_list;
use serde_json::Value;

/// The longest delay a Cloudflare Queue accepts for a retry (12 hours).
pub const MAX_QUEUE_DELAY_S: u32 = 43_200;

/// Delivery settings, from the `DELIVERY_*` variables. No `DELIVERY_URL`: events are only stored.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryPolicy {
    /// `DELIVERY_URL`.
    pub url: String,
    /// `DELIVERY_METHOD`: POST (default), PUT, GET or DELETE (the last two send no body).
    pub method: String,
    /// `DELIVERY_HEADERS`: a JSON object of extra headers.
    pub headers: Vec<(String, String)>,
    /// `DELIVERY_TIMEOUT_S`: one attempt's limit (default 10).
    pub timeout_s: u32,
    /// `DELIVERY_RETRY_LIMIT`: retries after the first attempt (default 5).
    pub retry_limit: u32,
    /// `DELIVERY_TOTAL_TIMEOUT_S`: no attempt starts later than this after the first (default one day).
    pub total_timeout_s: u32,
    /// `DELIVERY_SUCCESS_STATUS`: codes or classes, comma-separated (default `2xx`).
    pub success_status: Vec<StatusPattern>,
    /// `DELIVERY_SUCCESS_KEY` + `DELIVERY_SUCCESS_VALUE`: a key (dotted path) of the JSON
    /// response and the boolean it must hold.
    pub success_key: Option<(String, bool)>,
    /// `DELIVERY_SIGNING_SECRET`: `whsec_<base64>` of at least 24 bytes; two, comma-separated,
    /// while the receiver rotates (each delivery then carries both signatures); unsigned when
    /// unset.
    pub signing_keys: Vec<SigningKey>,
    /// `DELIVERY_BACKOFF_BASE_S` (default 10) and `DELIVERY_BACKOFF_MAX_S` (default 3600).
    pub backoff_base_s: u32,
    /// The longest wait between tries.
    pub backoff_max_s: u32,
}

/// One accepted status: an exact code or a class (`2xx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusPattern {
    /// Exactly this code.
    Code(u16),
    /// Any code of this hundred (`2` for `2xx`).
    Class(u16),
}

/// A `DELIVERY_*` value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSetting(pub String);

impl DeliveryPolicy {
    /// Builds the policy from a variable lookup; `Ok(None)` when no `DELIVERY_URL` is set.
    pub fn from_lookup(
        read: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<DeliveryPolicy>, InvalidSetting> {
        let Some(url) = read("DELIVERY_URL") else {
            return Ok(None);
        };
        let number = |name: &str, default: u32| -> Result<u32, InvalidSetting> {
            read(name).map_or(Ok(default), |text| {
                text.trim()
                    .parse()
                    .map_err(|_| InvalidSetting(format!("{name} is not a whole number")))
            })
        };
        let method = read("DELIVERY_METHOD")
            .unwrap_or_else(|| "POST".into())
            .trim()
            .to_ascii_uppercase();
        if !matches!(method.as_str(), "POST" | "PUT" | "GET" | "DELETE") {
            return Err(InvalidSetting(
                "DELIVERY_METHOD must be POST, PUT, GET or DELETE".into(),
            ));
        }
        let headers = match read("DELIVERY_HEADERS") {
            None => Vec::new(),
            Some(text) => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(members)) => members
                    .into_iter()
                    .map(|(name, value)| match value {
                        Value::String(text) => Ok((name, text)),
                        _ => Err(InvalidSetting(format!(
                            "DELIVERY_HEADERS: `{name}` is not a string"
                        ))),
                    })
                    .collect::<Result<_, _>>()?,
                _ => {
                    return Err(InvalidSetting(
                        "DELIVERY_HEADERS is not a JSON object".into(),
                    ))
                }
            },
        };
        let success_status = read("DELIVERY_SUCCESS_STATUS")
            .unwrap_or_else(|| "2xx".into())
            .split(',')
            .map(|pattern| parse_status(pattern.trim()))
            .collect::<Option<Vec<_>>>()
            .filter(|patterns| !patterns.is_empty())
            .ok_or_else(|| {
                InvalidSetting(
                    "DELIVERY_SUCCESS_STATUS must list codes (200) or classes (2xx)".into(),
                )
            })?;
        let success_key = match read("DELIVERY_SUCCESS_KEY") {
            None => None,
            Some(key) => {
                let value = match read("DELIVERY_SUCCESS_VALUE").as_deref().map(str::trim) {
                    None | Some("true") => true,
                    Some("false") => false,
                    Some(_) => {
                        return Err(InvalidSetting(
                            "DELIVERY_SUCCESS_VALUE must be true or false".into(),
                        ))
                    }
                };
                Some((key, value))
            }
        };
        Ok(Some(DeliveryPolicy {
            url,
            method,
            headers,
            timeout_s: number("DELIVERY_TIMEOUT_S", 10)?.max(1),
            retry_limit: number("DELIVERY_RETRY_LIMIT", 5)?,
            total_timeout_s: number("DELIVERY_TOTAL_TIMEOUT_S", 86_400)?,
            success_status,
            success_key,
            signing_keys: read("DELIVERY_SIGNING_SECRET")
                .map(|secrets| secret_list(&secrets))
                .unwrap_or_default()
                .iter()
                .map(|secret| SigningKey::from_secret(secret))
                .collect::<std::result::Result<_, _>>()
                .map_err(|err| InvalidSetting(format!("DELIVERY_SIGNING_SECRET {err}")))?,
            backoff_base_s: number("DELIVERY_BACKOFF_BASE_S", 10)?,
            backoff_max_s: number("DELIVERY_BACKOFF_MAX_S", 3_600)?,
        }))
    }

    /// Whether the method carries the event as its body.
    pub fn sends_body(&self) -> bool {
        matches!(self.method.as_str(), "POST" | "PUT")
    }

    /// Why an answer is not a success, or `None` when it is. A redirect is a failure whatever
    /// the settings: it is not followed, so `DELIVERY_HEADERS` never reach another host.
    pub fn failure(&self, status: u16, body: &str) -> Option<String> {
        if (300..400).contains(&status) {
            return Some(format!("HTTP {status}: redirects are not followed"));
        }
        if !self
            .success_status
            .iter()
            .any(|pattern| pattern.matches(status))
        {
            return Some(format!("HTTP {status}"));
        }
        let (key, expected) = self.success_key.as_ref()?;
        let found = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|document| {
                key.split('.')
                    .try_fold(document, |value, part| value.get(part).cloned())
            });
        match found {
            Some(Value::Bool(value)) if value == *expected => None,
            Some(_) => Some(format!(
                "HTTP {status}, response key `{key}` is not {expected}"
            )),
            None => Some(format!("HTTP {status}, response has no boolean `{key}`")),
        }
    }

    /// Whether another try is allowed after `attempts` tries, the first `elapsed_s` ago, the
    /// last answered `status`: never after `410 Gone` (the backend says the endpoint is gone).
    pub fn may_retry(&self, attempts: u32, elapsed_s: f64, status: Option<u16>) -> bool {
        status != Some(410)
            && attempts <= self.retry_limit
            && elapsed_s < f64::from(self.total_timeout_s)
    }

    /// The wait before the next try: the backoff, or longer when a 429 or 503 said how long in
    /// `Retry-After` (`retry_after_s`); never past the total timeout nor the queue's 12 hours.
    pub fn delay_s(
        &self,
        attempts: u32,
        random: f64,
        elapsed_s: f64,
        status: Option<u16>,
        retry_after_s: Option<u32>,
    ) -> u32 {
        let backoff = self.backoff_s(attempts, random, elapsed_s);
        let asked = match status {
            Some(429 | 503) => retry_after_s.unwrap_or(0),
            _ => 0,
        };
        let remaining = (f64::from(self.total_timeout_s) - elapsed_s).max(0.0) as u32;
        backoff.max(asked.min(remaining)).min(MAX_QUEUE_DELAY_S)
    }

    /// Seconds to wait before try `attempts + 1`: exponential, with jitter in its upper half
    /// (`random` in `[0, 1)`), never past the total timeout.
    pub fn backoff_s(&self, attempts: u32, random: f64, elapsed_s: f64) -> u32 {
        let exponent = attempts.saturating_sub(1).min(20);
        let ceiling = self
            .backoff_base_s
            .saturating_mul(1 << exponent)
            .min(self.backoff_max_s);
        let jittered = f64::from(ceiling) * (0.5 + random.clamp(0.0, 1.0) / 2.0);
        let remaining = (f64::from(self.total_timeout_s) - elapsed_s).max(0.0);
        jittered.min(remaining).round() as u32
    }
}

impl StatusPattern {
    fn matches(self, status: u16) -> bool {
        match self {
            StatusPattern::Code(code) => status == code,
            StatusPattern::Class(class) => status / 100 == class,
        }
    }
}

fn parse_status(text: &str) -> Option<StatusPattern> {
    let lower = text.to_ascii_lowercase();
    if let Some(class) = lower.strip_suffix("xx") {
        return class
            .parse()
            .ok()
            .filter(|c| (1..=5).contains(c))
            .map(StatusPattern::Class);
    }
    lower
        .parse()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(StatusPattern::Code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn policy(vars: &[(&str, &str)]) -> Result<Option<DeliveryPolicy>, InvalidSetting> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        DeliveryPolicy::from_lookup(|name| vars.get(name).cloned())
    }

    fn configured(vars: &[(&str, &str)]) -> DeliveryPolicy {
        let mut all = vec![("DELIVERY_URL", "http://127.0.0.1:9/hook")];
        all.extend_from_slice(vars);
        policy(&all).unwrap().unwrap()
    }

    #[test]
    fn no_url_means_no_delivery() {
        assert_eq!(policy(&[]), Ok(None));
    }

    #[test]
    fn defaults_and_settings() {
        let p = configured(&[]);
        assert_eq!(
            (p.method.as_str(), p.timeout_s, p.retry_limit),
            ("POST", 10, 5)
        );
        let p = configured(&[
            ("DELIVERY_METHOD", "get"),
            ("DELIVERY_HEADERS", r#"{"x-api-key":"k"}"#),
        ]);
        assert!(!p.sends_body());
        assert_eq!(p.headers, vec![("x-api-key".to_string(), "k".to_string())]);
        assert!(policy(&[("DELIVERY_URL", "u"), ("DELIVERY_METHOD", "PATCH")]).is_err());
        assert!(policy(&[("DELIVERY_URL", "u"), ("DELIVERY_HEADERS", "[1]")]).is_err());
        assert!(policy(&[("DELIVERY_URL", "u"), ("DELIVERY_HEADERS", r#"{"a":1}"#)]).is_err());
        assert!(policy(&[("DELIVERY_URL", "u"), ("DELIVERY_RETRY_LIMIT", "many")]).is_err());
        assert!(policy(&[("DELIVERY_URL", "u"), ("DELIVERY_SUCCESS_STATUS", "2yy")]).is_err());
    }

    #[test]
    fn success_by_status_code_or_class() {
        let p = configured(&[]);
        assert_eq!(p.failure(204, ""), None);
        assert_eq!(p.failure(500, ""), Some("HTTP 500".into()));
        let p = configured(&[("DELIVERY_SUCCESS_STATUS", "200, 202")]);
        assert_eq!(p.failure(202, ""), None);
        assert!(p.failure(201, "").is_some());
    }

    #[test]
    fn success_by_response_key() {
        let p = configured(&[
            ("DELIVERY_SUCCESS_KEY", "ok"),
            ("DELIVERY_SUCCESS_VALUE", "true"),
        ]);
        assert_eq!(p.failure(200, r#"{"ok":true}"#), None);
        assert!(p.failure(200, r#"{"ok":false}"#).is_some());
        assert!(p.failure(200, r#"{"ok":"true"}"#).is_some());
        assert!(p.failure(200, "not json").is_some());
        let nested = configured(&[("DELIVERY_SUCCESS_KEY", "result.accepted")]);
        assert_eq!(nested.failure(200, r#"{"result":{"accepted":true}}"#), None);
    }

    #[test]
    fn retries_stop_at_the_limit_or_the_total_timeout() {
        let p = configured(&[
            ("DELIVERY_RETRY_LIMIT", "2"),
            ("DELIVERY_TOTAL_TIMEOUT_S", "60"),
        ]);
        assert!(p.may_retry(1, 0.0, Some(500)) && p.may_retry(2, 0.0, None));
        assert!(!p.may_retry(3, 0.0, Some(500)));
        assert!(!p.may_retry(1, 60.0, Some(500)));
        assert!(
            !p.may_retry(1, 0.0, Some(410)),
            "410 Gone stops the retries"
        );
    }

    #[test]
    fn redirects_are_failures_even_when_listed() {
        let p = configured(&[("DELIVERY_SUCCESS_STATUS", "2xx,3xx")]);
        for status in [301, 302, 307, 308] {
            assert!(p.failure(status, "").is_some(), "{status}");
        }
    }

    #[test]
    fn retry_after_is_honoured_on_429_and_503_only() {
        let p = configured(&[
            ("DELIVERY_BACKOFF_BASE_S", "10"),
            ("DELIVERY_TOTAL_TIMEOUT_S", "86400"),
        ]);
        assert_eq!(p.delay_s(1, 0.999, 0.0, Some(429), Some(120)), 120);
        assert_eq!(p.delay_s(1, 0.999, 0.0, Some(503), Some(3)), 10);
        assert_eq!(p.delay_s(1, 0.999, 0.0, Some(500), Some(120)), 10);
        assert_eq!(p.delay_s(1, 0.999, 86_000.0, Some(429), Some(9_999)), 400);
        assert_eq!(
            p.delay_s(1, 0.999, 0.0, Some(503), Some(999_999)),
            MAX_QUEUE_DELAY_S
        );
    }

    #[test]
    fn a_signing_secret_shorter_than_24_bytes_is_a_configuration_error() {
        let short = policy(&[
            ("DELIVERY_URL", "u"),
            ("DELIVERY_SIGNING_SECRET", "whsec_c2hvcnQ="),
        ]);
        let Err(InvalidSetting(message)) = short else {
            panic!("accepted a 5-byte key");
        };
        assert!(message.contains("24"), "{message}");
        let good = configured(&[(
            "DELIVERY_SIGNING_SECRET",
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        )]);
        assert_eq!(good.signing_keys.len(), 1);
        let rotating = configured(&[(
            "DELIVERY_SIGNING_SECRET",
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD, whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        )]);
        assert_eq!(rotating.signing_keys.len(), 2);
    }

    #[test]
    fn backoff_grows_exponentially_with_jitter_and_caps() {
        let p = configured(&[
            ("DELIVERY_BACKOFF_BASE_S", "10"),
            ("DELIVERY_BACKOFF_MAX_S", "100"),
        ]);
        assert_eq!(p.backoff_s(1, 0.0, 0.0), 5);
        assert_eq!(p.backoff_s(1, 0.999, 0.0), 10);
        assert_eq!(p.backoff_s(3, 0.999, 0.0), 40);
        assert_eq!(p.backoff_s(30, 0.999, 0.0), 100);
        assert_eq!(p.backoff_s(3, 0.999, 86_390.0), 10);
        let immediate = configured(&[("DELIVERY_BACKOFF_BASE_S", "0")]);
        assert_eq!(immediate.backoff_s(4, 0.7, 0.0), 0);
    }
}
