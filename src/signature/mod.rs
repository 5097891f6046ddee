//! Vendors' own webhook signatures, checked over the bytes received. One [`Scheme`] per way
//! of signing; the vendor registry says which one each vendor uses ([`Vendor::signing`]).
//!
//! Every check is over raw bytes and strings (no HTTP type), compares in constant time, takes
//! several secrets (any one valid is enough, so a secret can be rotated without dropping a
//! webhook) and, where the vendor signs a time, refuses a time outside a window around `now`.
//! A genuine signature whose time is outside the window is *stale*; anything else that does
//! not verify is *invalid*.
//!
//! [`Vendor::signing`]: crate::Vendor::signing

pub(crate) mod encoding;
mod fields;
mod mac;
mod token;
mod twilio;

use crate::error::{Issue, IssueCode};
use encoding::{decode_base64, decode_hex};
use fields::FieldsError;
use mac::{signed_by_any, Algorithm};
use std::fmt;

#[cfg(any(test, feature = "worker"))]
pub use mac::hmac_sha256;
pub use mac::same_secret;
pub use token::{bearer_token, presented_tokens, verify_token, Presented};

/// How a vendor signs its webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// Hex HMAC-SHA256 of the raw body in `header` (a `sha256=` prefix is tolerated): Smallest.ai
    /// Atoms (`X-Signature`) and Bland (`X-Webhook-Signature`).
    BodyHmacHex {
        /// The header carrying the signature (and any other name it may arrive under).
        headers: &'static [&'static str],
    },
    /// Vapi: by default the server URL's secret itself, sent as is in `X-Vapi-Signature` (older
    /// setups: `X-Vapi-Secret`); with an HMAC credential, hex HMAC-SHA256 in the same header of
    /// the raw body, or of `"<t>.<body>"` when an `X-Timestamp` header carries `t`.
    Vapi,
    /// Retell: `X-Retell-Signature: v=<unix ms>,d=<hex>`, HMAC-SHA256 of the raw body followed
    /// by the timestamp's digits (no separator), keyed with the Retell API key.
    Retell,
    /// ElevenLabs: `ElevenLabs-Signature: t=<unix s>,v0=<hex>`, HMAC-SHA256 of `"<t>.<body>"`.
    ElevenLabs,
    /// Synthflow: `Synthflow-Signature`, base64 HMAC-SHA256 of the **call id only**: it proves
    /// who sent a webhook about that call, not what the rest of the body says.
    Synthflow,
    /// Twilio: `X-Twilio-Signature`, base64 HMAC-SHA1 (HMAC-SHA256 when
    /// `X-Twilio-Webhooks-Signature-Settings` says `algorithm=HMAC_SHA256`) of the public URL
    /// followed by the sorted form parameters; a JSON body through `bodySHA256` in the URL.
    /// No time is signed: replays are absorbed by event identity only.
    Twilio,
}

/// Vapi's header for its secret (or HMAC), and the older one.
const VAPI_HEADERS: [&str; 2] = ["x-vapi-signature", "x-vapi-secret"];
/// Synthflow's header as HTTP sends it, and as its docs literally write it (the CGI/Django
/// name `HTTP_SYNTHFLOW_SIGNATURE`, which a sender may copy as is).
const SYNTHFLOW_HEADERS: [&str; 3] = [
    "synthflow-signature",
    "http_synthflow_signature",
    "http-synthflow-signature",
];
/// The header of the time a Vapi HMAC credential signs.
const VAPI_TIMESTAMP: &str = "x-timestamp";
/// Twilio's header naming the signature's algorithm.
const TWILIO_SETTINGS: &str = "x-twilio-webhooks-signature-settings";

impl Scheme {
    /// The header the signature arrives in (lower case).
    pub fn header(self) -> &'static str {
        self.header_names().first().copied().unwrap_or_default()
    }

    /// Every name the signature may arrive under, the usual one first.
    fn header_names(self) -> &'static [&'static str] {
        match self {
            Scheme::Vapi => &VAPI_HEADERS,
            Scheme::Synthflow => &SYNTHFLOW_HEADERS,
            Scheme::BodyHmacHex { headers } => headers,
            Scheme::Retell => &["x-retell-signature"],
            Scheme::ElevenLabs => &["elevenlabs-signature"],
            Scheme::Twilio => &["x-twilio-signature"],
        }
    }

    /// Whether a request presents this scheme's signature (one of its headers, not empty).
    pub fn is_presented(self, headers: &[(&str, &str)]) -> bool {
        let names = self.header_names();
        headers.iter().any(|(name, value)| {
            names.iter().any(|n| name.eq_ignore_ascii_case(n)) && !value.trim().is_empty()
        })
    }

    /// The window, in seconds, the vendor allows between a signed time and now (what its own
    /// SDK checks); `None` when it signs no time.
    pub fn default_tolerance_s(self) -> Option<u64> {
        match self {
            Scheme::Retell | Scheme::Vapi => Some(5 * 60),
            Scheme::ElevenLabs => Some(30 * 60),
            _ => None,
        }
    }
}

/// How the parameters of a request travel (Twilio signs a form's parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// A JSON body (or any body that is not a form).
    Json,
    /// An `application/x-www-form-urlencoded` body.
    Form,
    /// No body: a callback sent as a GET, its parameters in the URL.
    InUrl,
}

impl Body {
    /// How the parameters of a request travel: in the URL for a `GET`, else as its
    /// `Content-Type` says.
    pub fn of(get: bool, content_type: Option<&str>) -> Body {
        match (get, content_type) {
            (true, _) => Body::InUrl,
            (false, Some(kind)) if crate::is_form_content_type(kind) => Body::Form,
            _ => Body::Json,
        }
    }
}

/// One request, as far as a signature covers it.
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    /// The request's headers as `(name, value)`; names are matched without case. A header that
    /// appears twice (or that Fetch joined with `, `) is refused, never guessed at.
    pub headers: &'a [(&'a str, &'a str)],
    /// The raw body, exactly as received.
    pub body: &'a [u8],
    /// The URL the vendor called, query included (Twilio signs it): behind a proxy or a custom
    /// domain, the public one, not the one the server sees.
    pub url: &'a str,
    /// How the parameters travel.
    pub body_kind: Body,
    /// Now, in Unix milliseconds.
    pub now_ms: i64,
    /// The window around `now` for signed times, in seconds; `None`: the vendor's own.
    pub tolerance_s: Option<u64>,
}

impl Signed<'_> {
    /// The value of header `name`; `Err` when it is repeated.
    fn header(&self, name: &'static str) -> Result<Option<&str>, SignatureError> {
        let mut values = self
            .headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim());
        match (values.next(), values.next()) {
            (_, Some(_)) => Err(SignatureError::Repeated { header: name }),
            (value, None) => Ok(value.filter(|value| !value.is_empty())),
        }
    }

    /// The signature header `name`: present and not empty, once.
    fn required(&self, name: &'static str) -> Result<&str, SignatureError> {
        self.header(name)?
            .ok_or(SignatureError::Missing { header: name })
    }

    /// The first of `names` the request carries (name and value); `Missing` names the first.
    fn first_of(
        &self,
        names: &'static [&'static str],
    ) -> Result<(&'static str, &str), SignatureError> {
        for name in names {
            if let Some(value) = self.header(name)? {
                return Ok((name, value));
            }
        }
        Err(SignatureError::Missing {
            header: names.first().copied().unwrap_or_default(),
        })
    }

    /// Whether a signed Unix time (seconds or milliseconds, by `unit_ms`) is inside the window.
    fn within_window(
        &self,
        scheme: Scheme,
        signed: i64,
        unit_ms: i64,
    ) -> Result<(), SignatureError> {
        let tolerance_s = self
            .tolerance_s
            .or(scheme.default_tolerance_s())
            .unwrap_or(0);
        let age_s = self.now_ms.saturating_sub(signed.saturating_mul(unit_ms)) / 1000;
        if age_s.unsigned_abs() > tolerance_s {
            return Err(SignatureError::Stale {
                header: scheme.header(),
                age_s,
                tolerance_s,
            });
        }
        Ok(())
    }
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The vendor's signature header is absent or empty.
    Missing {
        /// The header looked for.
        header: &'static str,
    },
    /// The header is sent more than once.
    Repeated {
        /// The header.
        header: &'static str,
    },
    /// The header is not in the vendor's format.
    Malformed {
        /// The header.
        header: &'static str,
        /// The format the vendor sends.
        expected: &'static str,
    },
    /// The signature matches no configured secret.
    Mismatch {
        /// The header.
        header: &'static str,
        /// What the vendor signs.
        covers: &'static str,
    },
    /// Something the signature depends on is absent or contradicts the body.
    Uncovered {
        /// The header.
        header: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A genuine signature whose signed time is outside the window.
    Stale {
        /// The header.
        header: &'static str,
        /// How old the signed time is, in seconds (negative: in the future).
        age_s: i64,
        /// The window, in seconds.
        tolerance_s: u64,
    },
    /// No secret is configured to check the signature with.
    NoSecret,
}

impl SignatureError {
    /// The issue code: `missing_signature`, `stale_signature` or `invalid_signature`.
    pub fn code(&self) -> IssueCode {
        match self {
            SignatureError::Missing { .. } => IssueCode::MissingSignature,
            SignatureError::Stale { .. } => IssueCode::StaleSignature,
            _ => IssueCode::InvalidSignature,
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::Missing { header } => {
                write!(f, "the request has no {header} header (or it is empty)")
            }
            SignatureError::Repeated { header } => {
                write!(f, "the {header} header is sent more than once")
            }
            SignatureError::Malformed { header, expected } => {
                write!(f, "the {header} header is not {expected}")
            }
            SignatureError::Mismatch { header, covers } => write!(
                f,
                "the {header} signature does not match {covers} under any configured secret"
            ),
            SignatureError::Uncovered { header, reason } => write!(f, "{header}: {reason}"),
            SignatureError::Stale {
                header,
                age_s,
                tolerance_s,
            } => write!(
                f,
                "the {header} signature is genuine but its time is {age_s} s from now, outside \
                 the {tolerance_s} s window (a replay, or a clock far off)"
            ),
            SignatureError::NoSecret => f.write_str("no secret is configured for this vendor"),
        }
    }
}

impl From<SignatureError> for Issue {
    /// The issue about a request's signature (path `""`: it is about the request, not a member).
    fn from(err: SignatureError) -> Issue {
        let (expected, found) = match &err {
            SignatureError::Missing { header } => (format!("a {header} header"), "none".into()),
            SignatureError::Repeated { header } => {
                (format!("one {header} header"), "several".into())
            }
            SignatureError::Malformed { expected, .. } => {
                ((*expected).into(), "another format".into())
            }
            SignatureError::Mismatch { covers, .. } => (
                format!("a signature of {covers} under a configured secret"),
                "another signature".into(),
            ),
            SignatureError::Uncovered { reason, .. } => {
                ("a signed request".into(), (*reason).into())
            }
            SignatureError::Stale {
                tolerance_s, age_s, ..
            } => (
                format!("a signed time within {tolerance_s} s of now"),
                format!("{age_s} s from now"),
            ),
            SignatureError::NoSecret => ("a configured secret".into(), "none".into()),
        };
        Issue::new(err.code(), "", err.to_string())
            .expected(expected)
            .found(found)
    }
}

/// Checks a request's signature under `scheme` with any of `secrets`.
pub fn verify(
    scheme: Scheme,
    secrets: &[&str],
    request: &Signed<'_>,
) -> Result<(), SignatureError> {
    let secrets: Vec<&str> = secrets.iter().copied().filter(|s| !s.is_empty()).collect();
    if secrets.is_empty() {
        return Err(SignatureError::NoSecret);
    }
    match scheme {
        Scheme::BodyHmacHex { .. } => body_hmac_hex(scheme, &secrets, request),
        Scheme::Vapi => vapi(&secrets, request),
        Scheme::Retell => retell(&secrets, request),
        Scheme::ElevenLabs => elevenlabs(&secrets, request),
        Scheme::Synthflow => synthflow(&secrets, request),
        Scheme::Twilio => twilio(&secrets, request),
    }
}

/// Checks what `vendor` proves a webhook with: its signature (the registry's scheme), or for a
/// vendor that signs nothing, a token ([`verify_token`]).
pub fn verify_vendor(
    vendor: crate::Vendor,
    secrets: &[&str],
    request: &Signed<'_>,
) -> Result<(), SignatureError> {
    match vendor.signing() {
        Some(signing) => verify(signing.scheme, secrets, request),
        None => verify_token(secrets, request, vendor.takes_url_token()),
    }
}

/// What a header holding a hex HMAC-SHA256 alone looks like.
const SHA256_HEX: &str = "64 hex digits (HMAC-SHA256)";

/// A hex HMAC-SHA256 (64 digits, either case, `sha256=` prefix tolerated); `Malformed` with
/// `expected` (the whole header's format) when it is not one.
fn sha256_hex(
    header: &'static str,
    value: &str,
    expected: &'static str,
) -> Result<Vec<u8>, SignatureError> {
    let hex = value.strip_prefix("sha256=").unwrap_or(value);
    decode_hex(hex)
        .filter(|bytes| bytes.len() == 32)
        .ok_or(SignatureError::Malformed { header, expected })
}

/// The query of `url` (after `?`, before any `#`), `""` when it has none.
fn query_of(url: &str) -> &str {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    query.split('#').next().unwrap_or(query)
}

/// `Ok` when the signature was found `signed` by a configured secret, else a `Mismatch` saying
/// what it covers.
fn matched(signed: bool, header: &'static str, covers: &'static str) -> Result<(), SignatureError> {
    match signed {
        true => Ok(()),
        false => Err(SignatureError::Mismatch { header, covers }),
    }
}

fn body_hmac_hex(
    scheme: Scheme,
    secrets: &[&str],
    request: &Signed<'_>,
) -> Result<(), SignatureError> {
    let (header, value) = request.first_of(scheme.header_names())?;
    let presented = sha256_hex(header, value, SHA256_HEX)?;
    let signed = signed_by_any(Algorithm::Sha256, secrets, &[request.body], &presented);
    matched(signed, header, "the raw body")
}

fn vapi(secrets: &[&str], request: &Signed<'_>) -> Result<(), SignatureError> {
    let (header, value) = request.first_of(&VAPI_HEADERS)?;
    // The default credential: the secret itself.
    if secrets.iter().any(|secret| same_secret(secret, value)) {
        return Ok(());
    }
    const SECRET_OR_HMAC: &str = "the server URL secret, or an HMAC-SHA256 of the body";
    let Ok(presented) = sha256_hex(header, value, SHA256_HEX) else {
        return matched(false, header, SECRET_OR_HMAC);
    };
    match request.header(VAPI_TIMESTAMP)? {
        None => {
            let signed = signed_by_any(Algorithm::Sha256, secrets, &[request.body], &presented);
            matched(signed, header, SECRET_OR_HMAC)
        }
        Some(time) => {
            let signed_time = parse_time(header, time, "a Unix time in X-Timestamp")?;
            let parts: [&[u8]; 3] = [time.as_bytes(), b".", request.body];
            let signed = signed_by_any(Algorithm::Sha256, secrets, &parts, &presented);
            matched(signed, header, "\"<X-Timestamp>.<raw body>\"")?;
            // Seconds or milliseconds, whichever the credential sends.
            let unit_ms = if signed_time > 100_000_000_000 {
                1
            } else {
                1000
            };
            request.within_window(Scheme::Vapi, signed_time, unit_ms)
        }
    }
}

fn retell(secrets: &[&str], request: &Signed<'_>) -> Result<(), SignatureError> {
    const FORMAT: &str = "v=<unix ms>,d=<64 hex digits>";
    let header = Scheme::Retell.header();
    let value = request.required(header)?;
    let fields = fields::pairs(value).map_err(|err| fields_error(header, err, FORMAT))?;
    let read = |key| fields::single(&fields, key).map_err(|err| fields_error(header, err, FORMAT));
    let (time, digest) = (read("v")?, read("d")?);
    if fields.len() != 2 {
        return Err(fields_error(header, FieldsError::Malformed, FORMAT));
    }
    let signed_time = parse_time(header, time, FORMAT)?;
    let presented = sha256_hex(header, digest, FORMAT)?;
    let parts = [request.body, time.as_bytes()];
    matched(
        signed_by_any(Algorithm::Sha256, secrets, &parts, &presented),
        header,
        "the raw body followed by the timestamp (keyed with the Retell API key)",
    )?;
    request.within_window(Scheme::Retell, signed_time, 1)
}

fn elevenlabs(secrets: &[&str], request: &Signed<'_>) -> Result<(), SignatureError> {
    const FORMAT: &str = "t=<unix s>,v0=<64 hex digits>";
    let header = Scheme::ElevenLabs.header();
    let value = request.required(header)?;
    let fields = fields::pairs(value).map_err(|err| fields_error(header, err, FORMAT))?;
    let time = fields::single(&fields, "t").map_err(|err| fields_error(header, err, FORMAT))?;
    let signed = parse_time(header, time, FORMAT)?;
    let parts: [&[u8]; 3] = [time.as_bytes(), b".", request.body];
    let mut any = false;
    for digest in fields::all(&fields, "v0") {
        any = true;
        let presented = sha256_hex(header, digest, FORMAT)?;
        if signed_by_any(Algorithm::Sha256, secrets, &parts, &presented) {
            return request.within_window(Scheme::ElevenLabs, signed, 1000);
        }
    }
    match any {
        true => Err(SignatureError::Mismatch {
            header,
            covers: "\"<t>.<raw body>\"",
        }),
        false => Err(SignatureError::Malformed {
            header,
            expected: FORMAT,
        }),
    }
}

fn synthflow(secrets: &[&str], request: &Signed<'_>) -> Result<(), SignatureError> {
    let (header, value) = request.first_of(&SYNTHFLOW_HEADERS)?;
    let presented = decode_base64(value)
        .filter(|bytes| bytes.len() == 32)
        .or_else(|| decode_hex(value).filter(|bytes| bytes.len() == 32))
        .ok_or(SignatureError::Malformed {
            header,
            expected: "base64 of an HMAC-SHA256",
        })?;
    let call_id =
        crate::vendor::synthflow_signed_call_id(request.body).ok_or(SignatureError::Uncovered {
            header,
            reason: "the body has no call id, which is all Synthflow signs",
        })?;
    let signed = signed_by_any(
        Algorithm::Sha256,
        secrets,
        &[call_id.as_bytes()],
        &presented,
    );
    matched(signed, header, "the call id")
}

fn twilio(secrets: &[&str], request: &Signed<'_>) -> Result<(), SignatureError> {
    let header = Scheme::Twilio.header();
    let value = request.required(header)?;
    let algorithm = match request.header(TWILIO_SETTINGS)? {
        Some(settings) if settings.contains("algorithm=HMAC_SHA256") => Algorithm::Sha256,
        _ => Algorithm::Sha1,
    };
    let length = match algorithm {
        Algorithm::Sha1 => 20,
        Algorithm::Sha256 => 32,
    };
    let presented = decode_base64(value)
        .filter(|bytes| bytes.len() == length)
        .ok_or(SignatureError::Malformed {
            header,
            expected: "base64 of an HMAC-SHA1 (or HMAC-SHA256)",
        })?;
    let texts =
        twilio::signed_texts(request.url, request.body, request.body_kind).map_err(|unsigned| {
            SignatureError::Uncovered {
                header,
                reason: match unsigned {
                    twilio::Unsigned::NoBodyDigest => {
                        "a JSON body, but the URL has no bodySHA256, so the body is not signed"
                    }
                    twilio::Unsigned::BodyDigestMismatch => {
                        "the URL's bodySHA256 is not the SHA-256 of the body received"
                    }
                },
            }
        })?;
    let signed = texts
        .iter()
        .any(|text| signed_by_any(algorithm, secrets, &[text.as_bytes()], &presented));
    matched(
        signed,
        header,
        "the public URL Twilio called and the form parameters (behind a proxy or a custom \
         domain, set the public URL)",
    )
}

/// A signed Unix time: decimal digits only.
fn parse_time(
    header: &'static str,
    time: &str,
    expected: &'static str,
) -> Result<i64, SignatureError> {
    time.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| time.parse().ok())
        .flatten()
        .ok_or(SignatureError::Malformed { header, expected })
}

fn fields_error(header: &'static str, err: FieldsError, expected: &'static str) -> SignatureError {
    match err {
        FieldsError::Malformed => SignatureError::Malformed { header, expected },
        FieldsError::Repeated => SignatureError::Repeated { header },
    }
}

#[cfg(test)]
mod tests;
