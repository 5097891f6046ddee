//! `POST /v1/hooks[/{vendor}]`: authenticate, bound the body, normalize, then store the event or
//! quarantine the body, durably, before answering. And `POST /v1/normalize`, the dry run.

use super::auth::{self, Presented};
use super::body::{self, Body};
use super::delivery;
use super::http::{self, problem};
use super::log::RequestLog;
use super::phones::PhoneIndex;
use super::settings::{Fault, Settings};
use super::store::{Inserted, NewEvent, NewQuarantine, Reason, Store};
use crate::signature::encoding::encode_hex;
use crate::signature::{self, SignatureError, Signed};
use crate::{Issue, IssueCode, Mapping, Options, Rejection, Vendor, Verdict};
use serde_json::json;
use worker::{js_sys, Env, Error, Request, Response, Result, Url};

/// The vendor a hook route names, as the URL gave it.
enum RouteVendor<'a> {
    /// `/v1/hooks`: recognised from the body.
    Detect,
    /// `/v1/hooks/{vendor}` with a known name.
    Named(Vendor),
    /// `/v1/hooks/{name}` with an unknown name: kept in quarantine for the global token.
    Unknown(&'a str),
}

impl RouteVendor<'_> {
    /// The name to keep with a quarantined body.
    fn name(&self) -> Option<String> {
        match self {
            RouteVendor::Detect => None,
            RouteVendor::Named(vendor) => Some(vendor.as_str().to_owned()),
            RouteVendor::Unknown(name) => Some(truncated(name)),
        }
    }
}

/// One request to the hook routes, as far as it is known.
struct Hook<'a> {
    store: Store,
    settings: &'a Settings,
    route_vendor: RouteVendor<'a>,
    content_type: Option<String>,
    received_at: String,
}

/// Handles one webhook.
pub async fn ingest(
    req: &mut Request,
    url: &Url,
    vendor_segment: Option<&str>,
    env: &Env,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Response> {
    let route_vendor = match vendor_segment {
        None => RouteVendor::Detect,
        Some(name) => name
            .parse()
            .map_or(RouteVendor::Unknown(name), RouteVendor::Named),
    };
    let header_list = header_pairs(req);
    let headers = borrowed_pairs(&header_list);
    let tokens = signature::presented_tokens(&headers, url.as_str());
    let token_grant = auth::grant_for_tokens(&settings.credentials, &tokens);
    let signers = match route_vendor {
        RouteVendor::Named(vendor) => auth::signers(&settings.credentials, Some(vendor), &headers),
        RouteVendor::Detect => auth::signers(&settings.credentials, None, &headers),
        RouteVendor::Unknown(_) => Vec::new(),
    };
    if token_grant.is_none() && signers.is_empty() {
        // A signing vendor's route without its signature: say which is missing.
        return match route_vendor {
            RouteVendor::Named(vendor)
                if auth::expects_signature(&settings.credentials, vendor) =>
            {
                let header = vendor
                    .signing()
                    .map_or("", |signing| signing.scheme.header());
                signature_refused(SignatureError::Missing { header }, log)
            }
            _ => unauthorized(log),
        };
    }
    let hook = Hook {
        store: Store::open(env)?,
        settings,
        // A callback sent as a GET is its query string: a form, whatever the headers say.
        content_type: if req.method() == worker::Method::Get {
            Some(FORM.to_owned())
        } else {
            req.headers().get("content-type")?
        },
        received_at: now(),
        route_vendor,
    };
    let body = match query_body(req, url) {
        Some(body) => body,
        None => body::read_limited(req, settings.max_body_bytes).await?,
    };
    let content_type = hook.content_type.clone();
    log.body_bytes(body.bytes.len());
    // A sender with a valid token gets a trace of what was refused; the signature cannot be
    // checked on a body not read whole.
    let token_allows_route = match hook.route_vendor {
        RouteVendor::Named(vendor) => token_grant.allows(vendor),
        RouteVendor::Detect => !token_grant.is_none(),
        RouteVendor::Unknown(_) => token_grant.is_all(),
    };
    if body.over {
        if token_allows_route {
            hook.refusal(req, &body, Reason::TooLarge, log).await?;
        }
        return too_large(settings, log);
    }
    let public_url = public_url(url, settings);
    let signed = Signed {
        headers: &headers,
        body: &body.bytes,
        url: &public_url,
        body_kind: signature::Body::of(
            req.method() == worker::Method::Get,
            content_type.as_deref(),
        ),
        now_ms: js_sys::Date::now() as i64,
        tolerance_s: settings.signature_tolerance_s,
    };
    let signature_grant = match auth::check_signatures(&settings.credentials, &signers, &signed) {
        Ok(grant) => grant,
        Err(err) => return signature_refused(err, log),
    };
    let grant = token_grant.union(signature_grant);
    if !http::is_webhook_content_type(content_type.as_deref()) {
        if token_allows_route || !signature_grant.is_none() {
            hook.refusal(req, &body, Reason::UnsupportedMediaType, log)
                .await?;
        }
        return unsupported_media_type(log);
    }
    let allowed = match hook.route_vendor {
        RouteVendor::Named(vendor) => grant.allows(vendor),
        RouteVendor::Detect => true,
        RouteVendor::Unknown(_) => grant.allows(Vendor::Custom),
    };
    if !allowed {
        return unauthorized(log);
    }
    let name = hook.route_vendor.name();
    let mut options = match options_for(name.as_deref(), &hook.store, settings).await? {
        Ok(options) => options,
        Err(issue) => {
            return hook
                .quarantine(&body.bytes, &Rejection::single(issue), log)
                .await;
        }
    };
    options.content_type = content_type;
    match crate::normalize::normalize_listed(&body.bytes, &options) {
        Ok((listed, _)) if !grant.allows(listed.event.vendor) => unauthorized(log),
        Ok((listed, digest)) => {
            let event = &listed.event;
            log.event(event);
            let index = PhoneIndex::new(settings.phone_index_key.as_deref());
            let digest = encode_hex(&digest);
            let new = NewEvent {
                event: &listed,
                digest: &digest,
                received_at: &hook.received_at,
                delivered: settings.delivery_configured,
                phone_keys: index.event_keys(event),
                body_bytes: body.bytes.len(),
            };
            let inserted = hook.store.insert_event(&new).await?;
            if settings.faults.contains(&Fault::DropAfterStore) {
                return Err(Error::RustError(
                    "fault injected: the request died after the store".into(),
                ));
            }
            log.outcome(match inserted {
                Inserted::New => "accepted",
                Inserted::Duplicate => "duplicate",
                Inserted::Conflict => "conflict",
            });
            hand_on_if_new(env, &hook.store, &event.id, &inserted, settings).await;
            log.d1_writes(hook.store.writes());
            let duplicate = matches!(inserted, Inserted::Duplicate);
            http::json(
                200,
                &json!({ "accepted": true, "id": event.id, "kind": event.kind, "duplicate": duplicate }),
            )
        }
        Err(rejection) => hook.quarantine(&body.bytes, &rejection, log).await,
    }
}

impl Hook<'_> {
    /// Keeps a body that could not be normalized, whole, and answers with its issues.
    async fn quarantine(
        &self,
        body: &[u8],
        rejection: &Rejection,
        log: &mut RequestLog,
    ) -> Result<Response> {
        let id = self
            .keep(Reason::Invalid, body, body, None, &rejection.issues, log)
            .await?;
        log.outcome("quarantined");
        http::quarantined(self.settings.reject_status, &id, &rejection.issues)
    }

    /// Keeps the trace of a refused body (413, 415): its first 64 KiB, how many bytes came,
    /// their SHA-256 and the headers without credentials.
    async fn refusal(
        &self,
        req: &Request,
        body: &Body,
        reason: Reason,
        log: &mut RequestLog,
    ) -> Result<()> {
        let trace = body.bytes.get(..body::TRACE_BYTES).unwrap_or(&body.bytes);
        let headers = body::headers_without_credentials(req);
        let issue = match reason {
            Reason::TooLarge => Issue::new(
                IssueCode::InvalidBody,
                "",
                format!(
                    "the body is larger than MAX_BODY_BYTES ({}); its first {} bytes are kept",
                    self.settings.max_body_bytes,
                    trace.len()
                ),
            )
            .expected(format!("at most {} bytes", self.settings.max_body_bytes))
            .found("a larger body"),
            _ => Issue::new(
                IssueCode::InvalidBody,
                "",
                "the content type is not one a vendor sends; the body is kept",
            )
            .expected("application/json")
            .found("another content type"),
        };
        self.keep(reason, &body.bytes, trace, Some(&headers), &[issue], log)
            .await
            .map(drop)
    }

    /// Stores what is kept of the `received` bytes (`kept`: all of them, or a trace) with its
    /// issues; the quarantine id. A body delivered twice is kept once, and a refusal's trace
    /// apart from a quarantined body of the same bytes.
    async fn keep(
        &self,
        reason: Reason,
        received: &[u8],
        kept: &[u8],
        headers: Option<&str>,
        issues: &[Issue],
        log: &mut RequestLog,
    ) -> Result<String> {
        let route_vendor = self.route_vendor.name();
        let route = route_vendor.as_deref().unwrap_or("");
        let tag = match reason {
            Reason::Invalid => route.to_owned(),
            _ => format!("{}:{route}", reason.as_str()),
        };
        let id = crate::id::quarantine_id(&tag, received);
        let sha256 = body::sha256_hex(received);
        let index = PhoneIndex::new(self.settings.phone_index_key.as_deref());
        self.store
            .quarantine(&NewQuarantine {
                id: &id,
                reason,
                route_vendor: route_vendor.as_deref(),
                content_type: self.content_type.as_deref(),
                body: kept,
                body_bytes: received.len(),
                body_sha256: &sha256,
                headers,
                issues,
                received_at: &self.received_at,
                phone_keys: index.body_keys(kept),
            })
            .await?;
        log.quarantined(&id);
        log.d1_writes(self.store.writes());
        Ok(id)
    }
}

/// `POST /v1/normalize?vendor=&include_raw=`: what `safeNormalize` returns; nothing is stored.
/// Open to the admin token and to ingest tokens presented in a header.
pub async fn dry_run(
    req: &mut Request,
    url: &Url,
    env: &Env,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Response> {
    let admitted = presented_tokens(req, url)
        .iter()
        .filter(|(_, presented)| *presented == Presented::Header)
        .any(|(token, _)| {
            auth::any_secret(&settings.admin_tokens, token)
                || !auth::grant_for_token(&settings.credentials, token, Presented::Header).is_none()
        });
    if !admitted {
        return unauthorized(log);
    }
    let content_type = req.headers().get("content-type")?;
    if !http::is_webhook_content_type(content_type.as_deref()) {
        return unsupported_media_type(log);
    }
    let body = body::read_limited(req, settings.max_body_bytes).await?;
    log.body_bytes(body.bytes.len());
    if body.over {
        return too_large(settings, log);
    }
    let query = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let name = query("vendor");
    let result = match options_for(name.as_deref(), &Store::open(env)?, settings).await? {
        Err(issue) => Err(Rejection::single(issue)),
        Ok(options) => {
            let options = Options {
                include_raw: query("include_raw").is_some_and(|v| v == "true" || v == "1"),
                content_type,
                ..options
            };
            crate::normalize::normalize_listed(&body.bytes, &options).map(|(listed, _)| listed)
        }
    };
    match &result {
        Ok(listed) => {
            log.event(&listed.event);
            log.outcome("normalized");
        }
        Err(_) => log.outcome("rejected"),
    }
    http::json(200, &Verdict::new("event", &result))
}

/// Hands a newly stored event to delivery (when configured). Never fails the request: the
/// event is stored, and the recovery sweep hands on whatever did not reach the queue (an
/// `unqueued` event at its next run).
pub async fn hand_on_if_new(
    env: &Env,
    store: &Store,
    id: &str,
    inserted: &Inserted,
    settings: &Settings,
) {
    if settings.delivery_configured && *inserted == Inserted::New {
        delivery::hand_on(env, store, id, 0, settings).await;
    }
}

/// Every token a request presents (see [`signature::presented_tokens`]).
pub fn presented_tokens(req: &Request, url: &Url) -> Vec<(String, Presented)> {
    let header_list = header_pairs(req);
    let headers = borrowed_pairs(&header_list);
    signature::presented_tokens(&headers, url.as_str())
}

/// The request's headers as `(name, value)`, for the signature checks.
fn header_pairs(req: &Request) -> Vec<(String, String)> {
    req.headers().entries().collect()
}

/// `(name, value)` pairs as the signature checks take them.
fn borrowed_pairs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

/// The URL the vendor called: `PUBLIC_BASE_URL` (behind a proxy or a custom domain) followed
/// by the path and query received, else the URL as received.
fn public_url(url: &Url, settings: &Settings) -> String {
    match settings.public_base_url.as_deref() {
        Some(base) => {
            let mut public = base.trim_end_matches('/').to_owned();
            public.push_str(url.path());
            if let Some(query) = url.query() {
                public.push('?');
                public.push_str(query);
            }
            public
        }
        None => url.as_str().to_owned(),
    }
}

/// How to read a body sent for the vendor `name` (none: recognised from the body). A known
/// vendor is read as itself (Callab with its stored mapping, else `CALLAB_MAPPING`, else the
/// recommended template); another name is a custom platform, read with the mapping stored
/// under it. A name with no vendor and no mapping is an `unknown_vendor` issue. A malformed
/// configured mapping is not used, so the body is rejected and quarantined, not lost.
pub async fn options_for(
    name: Option<&str>,
    store: &Store,
    settings: &Settings,
) -> Result<std::result::Result<Options, Issue>> {
    let Some(name) = name else {
        return Ok(Ok(Options::default()));
    };
    if let Ok(vendor) = name.parse::<Vendor>() {
        let mapping = if vendor == Vendor::Callab {
            let text = match store.mapping(vendor.as_str()).await? {
                Some(text) => Some(text),
                None => settings.callab_mapping.clone(),
            };
            text.and_then(|text| Mapping::from_json(&text).ok())
        } else {
            None
        };
        return Ok(Ok(Options {
            vendor: Some(vendor),
            mapping,
            ..Options::default()
        }));
    }
    let stored = match crate::is_custom_vendor_name(name) {
        true => store.mapping(name).await?,
        false => None,
    };
    Ok(
        match stored.and_then(|text| Mapping::from_json(&text).ok()) {
            Some(mapping) => Ok(Options {
                custom_vendor: Some(name.to_owned()),
                mapping: Some(mapping),
                ..Options::default()
            }),
            None => Err(Issue::new(
                IssueCode::UnknownVendor,
                "",
                "the URL names no known vendor and no stored mapping",
            )
            .expected(format!(
                "{}, or a name with a stored mapping",
                Vendor::names()
            ))
            .found("another name")),
        },
    )
}

/// 401 for a signature that is missing, malformed, forged or stale: the issue says which (it
/// names the header and the format, never a secret), so an operator can fix a wrong secret or
/// a proxy's URL from the answer and the log.
fn signature_refused(err: SignatureError, log: &mut RequestLog) -> Result<Response> {
    log.outcome(err.code().as_str());
    problem(
        401,
        "unauthorized",
        "Unauthorized",
        "The vendor's signature could not be verified.",
        &[Issue::from(err)],
    )
}

/// 401 with nothing that helps an attacker.
pub fn unauthorized(log: &mut RequestLog) -> Result<Response> {
    log.outcome("unauthorized");
    problem(
        401,
        "unauthorized",
        "Unauthorized",
        "Missing or invalid credentials.",
        &[],
    )
}

fn too_large(settings: &Settings, log: &mut RequestLog) -> Result<Response> {
    log.outcome("too_large");
    problem(
        413,
        "too-large",
        "Body too large",
        &format!("Bodies are limited to {} bytes.", settings.max_body_bytes),
        &[],
    )
}

fn unsupported_media_type(log: &mut RequestLog) -> Result<Response> {
    log.outcome("unsupported_media_type");
    problem(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "Webhook bodies must be JSON (application/json) or a form (application/x-www-form-urlencoded).",
        &[],
    )
}

/// The content type of a form body (and of a callback sent as a GET).
const FORM: &str = "application/x-www-form-urlencoded";

/// The body of a callback configured as a GET (Twilio can be): its query string as a form,
/// without voicehook's own `token`. `None` for any other request.
fn query_body(req: &Request, url: &Url) -> Option<Body> {
    if req.method() != worker::Method::Get {
        return None;
    }
    let query = url.query().unwrap_or("");
    let pairs: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("token="))
        .collect();
    Some(Body {
        bytes: pairs.join("&").into_bytes(),
        over: false,
    })
}

/// A URL segment short enough to keep (it is not trusted input).
fn truncated(name: &str) -> String {
    name.chars().take(64).collect()
}

/// The current time, RFC 3339 UTC with milliseconds.
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}
