//! `POST /v1/hooks[/{vendor}]`: authenticate, bound the body, normalize, then store the event or
//! quarantine the body, durably, before answering. And `POST /v1/normalize`, the dry run.

use super::auth::{self, Grant, Presented, Signature};
use super::delivery;
use super::http::{self, problem};
use super::log::RequestLog;
use super::settings::Settings;
use super::store::Store;
use crate::{Issue, IssueCode, Mapping, Options, Rejection, Vendor, Verdict};
use serde_json::json;
use worker::{js_sys, Env, Request, Response, Result, Url};

/// The vendor a hook route names, as the URL gave it.
enum RouteVendor<'a> {
    /// `/v1/hooks`: recognised from the body.
    Detect,
    /// `/v1/hooks/{vendor}` with a known name.
    Named(Vendor),
    /// `/v1/hooks/{name}` with an unknown name: kept in quarantine for the global token.
    Unknown(&'a str),
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
    if let Some(refusal) = check_size_and_type(req, settings, log)? {
        return Ok(refusal);
    }
    let token = presented_token(req, url)?;
    let signature_header = req.headers().get("x-signature")?;
    let token_grant = token.as_ref().map_or(Grant::NONE, |(token, how)| {
        auth::grant_for_token(&settings.secrets, token, *how)
    });
    let may_sign = signature_header.is_some() && settings.secrets.atoms_signing.is_some();
    if token_grant.is_none() && !may_sign {
        return unauthorized(log);
    }
    let body = req.bytes().await?;
    log.body_bytes(body.len());
    if body.len() > settings.max_body_bytes {
        return too_large(settings, log);
    }
    let signature = auth::atoms_signature(&settings.secrets, signature_header.as_deref(), &body);
    let grant = auth::grant(
        &settings.secrets,
        token.as_ref().map(|(token, how)| (token.as_str(), *how)),
        signature,
    );
    if signature == Signature::Invalid || grant.is_none() {
        return unauthorized(log);
    }
    let store = Store::open(env)?;
    let content_type = req.headers().get("content-type")?;
    let received_at = now();

    let (vendor, route_name) = match route_vendor {
        RouteVendor::Named(vendor) if grant.allows(vendor) => (Some(vendor), Some(vendor.as_str())),
        RouteVendor::Detect => (None, None),
        RouteVendor::Unknown(name) if grant.is_all() => {
            let issue = Issue::new(
                IssueCode::UnknownVendor,
                "",
                "the URL names no known vendor",
            )
            .expected(Vendor::ALL.map(Vendor::as_str).join(", "))
            .found("another name in the URL");
            let rejection = Rejection::single(issue);
            let name = truncated(name);
            return quarantine(
                &store,
                settings,
                log,
                Some(&name),
                content_type.as_deref(),
                &body,
                &rejection,
                &received_at,
            )
            .await;
        }
        RouteVendor::Named(_) | RouteVendor::Unknown(_) => return unauthorized(log),
    };
    let mapping = mapping_for(vendor, &store, settings).await?;
    let options = Options {
        vendor,
        mapping,
        include_raw: false,
    };
    match crate::normalize(&body, &options) {
        Ok(event) if grant.allows(event.vendor) => {
            log.event(&event);
            let stored = store
                .insert_event(&event, &received_at, settings.delivery_configured)
                .await?;
            log.outcome(if stored { "accepted" } else { "duplicate" });
            hand_on_if_needed(env, &store, &event.id, stored, settings).await?;
            http::json(
                200,
                &json!({ "accepted": true, "id": event.id, "kind": event.kind, "duplicate": !stored }),
            )
        }
        Ok(_) => unauthorized(log),
        Err(rejection) => {
            quarantine(
                &store,
                settings,
                log,
                route_name,
                content_type.as_deref(),
                &body,
                &rejection,
                &received_at,
            )
            .await
        }
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
    let token = presented_token(req, url)?;
    let admitted = match &token {
        Some((token, Presented::Header)) => {
            settings
                .admin_token
                .as_deref()
                .is_some_and(|admin| auth::same_secret(admin, token))
                || !auth::grant_for_token(&settings.secrets, token, Presented::Header).is_none()
        }
        _ => false,
    };
    if !admitted {
        return unauthorized(log);
    }
    if let Some(refusal) = check_size_and_type(req, settings, log)? {
        return Ok(refusal);
    }
    let body = req.bytes().await?;
    log.body_bytes(body.len());
    if body.len() > settings.max_body_bytes {
        return too_large(settings, log);
    }
    let query = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let result = match query("vendor").map(|name| name.parse::<Vendor>()) {
        Some(Err(err)) => Err(Rejection::single(err.into())),
        vendor => {
            let vendor = vendor.and_then(|parsed| parsed.ok());
            let mapping = mapping_for(vendor, &Store::open(env)?, settings).await?;
            let include_raw = query("include_raw").is_some_and(|v| v == "true" || v == "1");
            crate::normalize(
                &body,
                &Options {
                    vendor,
                    mapping,
                    include_raw,
                },
            )
        }
    };
    match &result {
        Ok(event) => {
            log.event(event);
            log.outcome("normalized");
        }
        Err(_) => log.outcome("rejected"),
    }
    http::json(200, &Verdict::new("event", &result))
}

/// Hands a newly stored event to delivery (when configured), and again an event whose first
/// hand-off the queue refused. Fails (503: the vendor retries) when the queue refuses now.
pub async fn hand_on_if_needed(
    env: &Env,
    store: &Store,
    id: &str,
    new: bool,
    settings: &Settings,
) -> Result<()> {
    if !settings.delivery_configured {
        return Ok(());
    }
    let unqueued = !new
        && store
            .delivery_state(id)
            .await?
            .is_some_and(|state| state.as_deref() == Some("unqueued"));
    if new || unqueued {
        delivery::hand_on(env, store, id).await?;
    }
    Ok(())
}

/// 413 for a declared length over the limit, 415 for a content type that is not JSON.
fn check_size_and_type(
    req: &Request,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Option<Response>> {
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|length| length.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > settings.max_body_bytes as u64) {
        return too_large(settings, log).map(Some);
    }
    if !http::is_json_content_type(req.headers().get("content-type")?.as_deref()) {
        log.outcome("unsupported_media_type");
        return problem(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "Webhook bodies must be JSON (application/json).",
            &[],
        )
        .map(Some);
    }
    Ok(None)
}

/// The token a request presents: `Authorization: Bearer`, then `X-Voicehook-Token`, then `?token=`.
pub fn presented_token(req: &Request, url: &Url) -> Result<Option<(String, Presented)>> {
    let headers = req.headers();
    if let Some(token) = headers
        .get("authorization")?
        .as_deref()
        .and_then(auth::bearer_token)
    {
        return Ok(Some((token.to_owned(), Presented::Header)));
    }
    if let Some(token) = headers
        .get("x-voicehook-token")?
        .filter(|t| !t.trim().is_empty())
    {
        return Ok(Some((token.trim().to_owned(), Presented::Header)));
    }
    Ok(url
        .query_pairs()
        .find(|(key, _)| key == "token")
        .map(|(_, token)| (token.into_owned(), Presented::Query)))
}

/// The mapping for a body of `vendor`: for Callab, the one stored in D1, else `CALLAB_MAPPING`,
/// else none (the recommended template). A malformed configured mapping is not used, so the
/// body is rejected and quarantined, not lost.
pub async fn mapping_for(
    vendor: Option<Vendor>,
    store: &Store,
    settings: &Settings,
) -> Result<Option<Mapping>> {
    if vendor != Some(Vendor::Callab) {
        return Ok(None);
    }
    let text = match store.mapping(Vendor::Callab.as_str()).await? {
        Some(text) => Some(text),
        None => settings.callab_mapping.clone(),
    };
    Ok(text.and_then(|text| Mapping::from_json(&text).ok()))
}

#[allow(clippy::too_many_arguments)]
async fn quarantine(
    store: &Store,
    settings: &Settings,
    log: &mut RequestLog,
    route_vendor: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
    rejection: &Rejection,
    received_at: &str,
) -> Result<Response> {
    let id = crate::id::quarantine_id(route_vendor.unwrap_or(""), body);
    store
        .quarantine(
            &id,
            route_vendor,
            content_type,
            body,
            &rejection.issues,
            received_at,
        )
        .await?;
    log.quarantined(&id);
    log.outcome("quarantined");
    http::quarantined(settings.reject_status, &id, &rejection.issues)
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

/// A URL segment short enough to keep (it is not trusted input).
fn truncated(name: &str) -> String {
    name.chars().take(64).collect()
}

/// The current time, RFC 3339 UTC with milliseconds.
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}
