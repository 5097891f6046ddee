//! The admin endpoints, behind `ADMIN_TOKEN` (deny by default: no token configured, no access):
//! events, a call's timeline, the quarantine and its replay, stored mappings, and erasure of one
//! person's data.

use super::auth::{self, Presented};
use super::delivery;
use super::http::{self, problem};
use super::ingest::{hand_on_if_new, now, options_for, presented_tokens, unauthorized};
use super::log::RequestLog;
use super::phones::PhoneIndex;
use super::settings::Settings;
use super::store::{EventFilter, Inserted, NewEvent, Store, MAX_PAGE};
use crate::signature::encoding::encode_hex;
use crate::{Mapping, Options, Vendor};
use serde_json::json;
use worker::{js_sys, Env, Method, Request, Response, Result, Url};

/// Routes `/v1/...` requests that are not hooks.
pub async fn route(
    req: &mut Request,
    url: &Url,
    method: &Method,
    segments: &[&str],
    env: &Env,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Response> {
    let template = match (method, segments) {
        (Method::Get, ["v1", "events"]) => "/v1/events",
        (Method::Get, ["v1", "events", _]) => "/v1/events/{id}",
        (Method::Post, ["v1", "events", _, "redeliver"]) => "/v1/events/{id}/redeliver",
        (Method::Get, ["v1", "calls", _]) => "/v1/calls/{call_id}",
        (Method::Get, ["v1", "quarantine"]) => "/v1/quarantine",
        (Method::Post, ["v1", "quarantine", _, "replay"]) => "/v1/quarantine/{id}/replay",
        (Method::Get | Method::Put, ["v1", "mappings", _]) => "/v1/mappings/{name}",
        (Method::Delete, ["v1", "contacts", _]) => "/v1/contacts/{phone}",
        _ => {
            log.route("(none)");
            return http::not_found("Not found", "No such route.");
        }
    };
    log.route(template);
    if !is_admin(req, url, settings)? {
        return unauthorized(log);
    }
    let store = Store::open(env)?;
    let query = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .filter(|value| !value.is_empty())
    };
    let limit = query("limit")
        .and_then(|n| n.parse().ok())
        .unwrap_or(100)
        .clamp(1, MAX_PAGE);
    let after = query("cursor").and_then(|n| n.parse().ok()).unwrap_or(0);
    match segments {
        ["v1", "events"] => {
            let filter = EventFilter {
                call_id: query("call_id"),
                vendor: query("vendor"),
                kind: query("kind"),
                delivery: query("delivery"),
                after,
                limit,
            };
            let page = store.events(&filter).await?;
            http::json(
                200,
                &json!({ "events": page.items, "next_cursor": page.next_cursor }),
            )
        }
        ["v1", "events", id] => {
            let Some(record) = store.event_record(id).await? else {
                return unknown_event();
            };
            http::json(
                200,
                &json!({
                    "event": record.event,
                    "delivery": record.delivery,
                    "conflicts": record.conflicts,
                }),
            )
        }
        ["v1", "events", id, "redeliver"] => redeliver(env, &store, id, settings, log).await,
        ["v1", "calls", call_id] => {
            let call_id = decoded(call_id);
            let events = store.call_timeline(&call_id).await?;
            if events.is_empty() {
                return http::not_found("Unknown call", "No event of this call is stored.");
            }
            http::json(200, &json!({ "call_id": call_id, "events": events }))
        }
        ["v1", "quarantine"] => {
            let page = store
                .quarantine_list(query("status").as_deref(), after, limit)
                .await?;
            http::json(
                200,
                &json!({ "quarantine": page.items, "next_cursor": page.next_cursor }),
            )
        }
        ["v1", "quarantine", id, "replay"] => replay(env, &store, id, settings, log).await,
        ["v1", "mappings", vendor] => mapping(req, method, &store, vendor).await,
        ["v1", "contacts", phone] => erase(&store, phone, settings, log).await,
        _ => http::not_found("Not found", "No such route."),
    }
}

/// Normalizes a kept body again (after a mapping or vendor fix): stored as an event when it now
/// passes, else its issues are updated. A refused body kept only in part cannot be replayed.
async fn replay(
    env: &Env,
    store: &Store,
    id: &str,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Response> {
    let Some(kept) = store.quarantined(id).await? else {
        return http::not_found("Unknown quarantine id", "Nothing is kept under this id.");
    };
    if !kept.complete {
        return problem(
            409,
            "incomplete-body",
            "Only the start of this body was kept",
            "A body refused for its size cannot be replayed; ask the sender to send it again.",
            &[],
        );
    }
    let options = match options_for(kept.route_vendor.as_deref(), store, settings).await? {
        Ok(options) => Options {
            content_type: kept.content_type.clone(),
            ..options
        },
        Err(issue) => {
            let issues = [issue];
            store.update_issues(id, &issues).await?;
            log.outcome("still_invalid");
            return http::quarantined(422, id, &issues);
        }
    };
    match crate::normalize::normalize_listed(&kept.body, &options) {
        Ok((listed, digest)) => {
            let event = &listed.event;
            log.event(event);
            let index = PhoneIndex::new(settings.phone_index_key.as_deref());
            let digest = encode_hex(&digest);
            let at = now();
            let inserted = store
                .insert_event(&NewEvent {
                    event: &listed,
                    digest: &digest,
                    received_at: &at,
                    delivered: settings.delivery_configured,
                    phone_keys: index.event_keys(event),
                    body_bytes: kept.body.len(),
                })
                .await?;
            store.mark_replayed(id, &event.id, &at).await?;
            hand_on_if_new(env, store, &event.id, &inserted, settings).await;
            log.outcome("replayed");
            let duplicate = matches!(inserted, Inserted::Duplicate);
            http::json(
                200,
                &json!({ "replayed": true, "id": event.id, "kind": event.kind, "duplicate": duplicate }),
            )
        }
        Err(rejection) => {
            store.update_issues(id, &rejection.issues).await?;
            log.outcome("still_invalid");
            http::quarantined(422, id, &rejection.issues)
        }
    }
}

/// Erases every stored event and quarantined body about one phone number (E.164, URL-encoded):
/// `{"erased": n}`.
async fn erase(
    store: &Store,
    phone: &str,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Response> {
    let decoded = decoded(phone);
    let e164 = crate::field::phone::normalize(&decoded, None).e164;
    let Some(e164) = e164.filter(|e164| *e164 == decoded.trim()) else {
        return problem(
            400,
            "invalid-phone",
            "Not an E.164 number",
            "Give the number as E.164 (+15559876543), URL-encoded (%2B15559876543).",
            &[],
        );
    };
    let index = PhoneIndex::new(settings.phone_index_key.as_deref());
    let erased = store.erase_phone(&index, &e164, &now()).await?;
    log.outcome("erased");
    http::json(200, &json!({ "erased": erased }))
}

/// Sends an event again, whatever its state: a new delivery round (pending, no tries yet).
/// An event already on its way may then be sent twice; the backend drops duplicates by
/// `webhook-id`.
async fn redeliver(
    env: &Env,
    store: &Store,
    id: &str,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Response> {
    if !settings.delivery_configured {
        return problem(
            409,
            "delivery-off",
            "Delivery is not configured",
            "Set DELIVERY_URL first.",
            &[],
        );
    }
    let Some(round) = store.restart_delivery(id, &now()).await? else {
        return unknown_event();
    };
    delivery::hand_on(env, store, id, round, settings).await;
    log.outcome("redelivery_queued");
    http::json(202, &json!({ "id": id, "delivery": "pending" }))
}

/// `GET` shows a stored mapping; `PUT` checks and stores a new one: Callab's, or a custom
/// platform's under its name (then `POST /v1/hooks/{name}` reads with it).
async fn mapping(
    req: &mut Request,
    method: &Method,
    store: &Store,
    name: &str,
) -> Result<Response> {
    let name = match name.parse::<Vendor>() {
        Ok(Vendor::Callab) => Vendor::Callab.as_str().to_owned(),
        Ok(_) => {
            return problem(
                409,
                "fixed-format",
                "This vendor's format is fixed",
                "Only Callab and custom platforms are read with a mapping.",
                &[],
            )
        }
        Err(_) if crate::is_custom_vendor_name(name) => name.to_owned(),
        Err(_) => {
            return http::not_found(
                "Not a platform name",
                "A custom platform is named with 1 to 64 of a-z, 0-9, _ and -.",
            )
        }
    };
    if *method == Method::Get {
        return match store.mapping(&name).await? {
            Some(text) => http::json_text(200, text),
            None => http::not_found("No stored mapping", "This vendor has no stored mapping."),
        };
    }
    let text = req.text().await?;
    if let Err(rejection) = Mapping::from_json(&text) {
        return problem(
            422,
            "invalid-mapping",
            "Invalid mapping",
            "The mapping was not stored.",
            &rejection.issues,
        );
    }
    let at = now();
    store.set_mapping(&name, &text, &at).await?;
    http::json(200, &json!({ "vendor": name, "updated_at": at }))
}

fn unknown_event() -> Result<Response> {
    http::not_found("Unknown event", "No event is stored under this id.")
}

/// Whether the request presents an `ADMIN_TOKEN` (any of them while one is rotated) in a header.
fn is_admin(req: &Request, url: &Url, settings: &Settings) -> Result<bool> {
    Ok(presented_tokens(req, url).iter().any(|(token, presented)| {
        *presented == Presented::Header && auth::any_secret(&settings.admin_tokens, token)
    }))
}

/// A percent-decoded path segment (call ids may hold any character).
fn decoded(segment: &str) -> String {
    js_sys::decode_uri_component(segment)
        .map(String::from)
        .unwrap_or_else(|_| segment.to_owned())
}
