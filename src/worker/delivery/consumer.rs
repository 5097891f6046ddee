//! The queue side of delivery: handing stored events to the queue, and the consumer that sends
//! each one to the backend and records every try in D1.

use super::policy::DeliveryPolicy;
use super::signing::SigningKey;
use crate::worker::ingest::now;
use crate::worker::settings::read;
use crate::worker::store::{Attempt, Store};
use futures_util::future::{select, Either};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use worker::{
    console_log, js_sys, AbortController, Delay, Env, Fetch, Headers, Message, MessageBatch,
    MessageExt, Method, QueueRetryOptionsBuilder, Request, RequestInit, Result,
};

/// The producer binding of the delivery queue.
const DELIVERY_QUEUE: &str = "DELIVERY_QUEUE";
/// The producer binding of the dead-letter queue.
const DEAD_LETTER_QUEUE: &str = "DEAD_LETTER_QUEUE";
/// The dead-letter queue's name (its consumer marks events dead).
const DEAD_LETTER_QUEUE_NAME: &str = "voicehook-dead-letter";
/// How long to wait before retrying when the settings themselves are wrong.
const MISCONFIGURED_RETRY_S: u32 = 60;

/// One queue message: the id of a stored event to deliver.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeliveryJob {
    /// The event id (`evt_…`).
    pub id: String,
}

/// Hands a stored event to the delivery queue and marks it `pending`; if the queue refuses, the
/// event is marked `unqueued` (a redelivery of the webhook or `redeliver` hands it on again).
pub async fn hand_on(env: &Env, store: &Store, id: &str) -> Result<()> {
    let sent = match env.queue(DELIVERY_QUEUE) {
        Ok(queue) => queue.send(DeliveryJob { id: id.to_owned() }).await,
        Err(err) => Err(err),
    };
    match sent {
        Ok(()) => store.set_delivery_state(id, "pending", &now()).await,
        Err(err) => {
            store.set_delivery_state(id, "unqueued", &now()).await?;
            Err(err)
        }
    }
}

/// Handles one batch of the delivery queue or of the dead-letter queue.
pub async fn consume(batch: MessageBatch<DeliveryJob>, env: &Env) -> Result<()> {
    let store = Store::open(env)?;
    let dead_letters = batch.queue() == DEAD_LETTER_QUEUE_NAME;
    let policy = DeliveryPolicy::from_lookup(|name| read(env, name));
    for message in batch.messages()? {
        if dead_letters {
            store
                .mark_dead(&message.body().id, "dead-lettered by the queue", &now())
                .await?;
            message.ack();
            continue;
        }
        match &policy {
            Ok(Some(policy)) => deliver(env, &store, policy, &message).await?,
            // Delivery was switched off after this event was queued: it stays stored.
            Ok(None) => message.ack(),
            Err(err) => {
                let id = &message.body().id;
                store
                    .note_delivery_error(id, &format!("misconfigured: {}", err.0), &now())
                    .await?;
                log(id, "misconfigured", None);
                message.retry_with_options(
                    &QueueRetryOptionsBuilder::new()
                        .with_delay_seconds(MISCONFIGURED_RETRY_S)
                        .build(),
                );
            }
        }
    }
    Ok(())
}

/// One try for one event, recorded before the message is acknowledged or retried.
async fn deliver(
    env: &Env,
    store: &Store,
    policy: &DeliveryPolicy,
    message: &Message<DeliveryJob>,
) -> Result<()> {
    let id = message.body().id.as_str();
    let Some((event, delivery)) = store.event_with_delivery(id).await? else {
        message.ack();
        return Ok(());
    };
    if !matches!(
        delivery.state.as_deref(),
        Some("pending" | "retrying" | "unqueued")
    ) {
        // Delivered or dead already (a duplicate message): nothing to do.
        message.ack();
        return Ok(());
    }
    let started = js_sys::Date::now();
    let first_attempt_ms = delivery.first_attempt_ms.unwrap_or(started);
    let attempts = delivery.attempts + 1;
    let (status, failure) = match send(policy, id, &event).await {
        Ok((status, body)) => (Some(status), policy.failure(status, &body)),
        Err(error) => (None, Some(error)),
    };
    let elapsed_s = (js_sys::Date::now() - first_attempt_ms) / 1000.0;
    let mut attempt = Attempt {
        state: "delivered",
        attempts,
        status,
        error: failure.as_deref(),
        first_attempt_ms,
        next_attempt_at: None,
    };
    match &failure {
        None => {
            store.record_attempt(id, &attempt, &now()).await?;
            message.ack();
        }
        Some(_) if policy.may_retry(attempts, elapsed_s) => {
            let delay = policy.backoff_s(attempts, js_sys::Math::random(), elapsed_s);
            let next = js_sys::Date::new(&(js_sys::Date::now() + f64::from(delay) * 1000.0).into());
            let next_at = String::from(next.to_iso_string());
            let retrying = Attempt {
                state: "retrying",
                next_attempt_at: Some(&next_at),
                ..attempt
            };
            store.record_attempt(id, &retrying, &now()).await?;
            message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(delay)
                    .build(),
            );
        }
        Some(_) => {
            attempt.state = "dead";
            store.record_attempt(id, &attempt, &now()).await?;
            if let Ok(queue) = env.queue(DEAD_LETTER_QUEUE) {
                // The event is already marked dead; the dead-letter queue is for whoever watches it.
                let _ = queue.send(DeliveryJob { id: id.to_owned() }).await;
            }
            message.ack();
        }
    }
    log(id, attempt.state, status);
    Ok(())
}

/// Sends one event; the answer's status and body, or why no answer came.
async fn send(
    policy: &DeliveryPolicy,
    id: &str,
    event: &str,
) -> std::result::Result<(u16, String), String> {
    let headers = Headers::new();
    let set = |name: &str, value: &str| {
        headers
            .set(name, value)
            .map_err(|err| format!("header {name}: {err}"))
    };
    for (name, value) in &policy.headers {
        set(name, value)?;
    }
    let timestamp = (js_sys::Date::now() / 1000.0).floor() as u64;
    set("webhook-id", id)?;
    set("webhook-timestamp", &timestamp.to_string())?;
    if let Some(secret) = policy.signing_secret.as_deref() {
        let key = SigningKey::from_secret(secret).map_err(|_| {
            "misconfigured: DELIVERY_SIGNING_SECRET is not whsec_ base64".to_owned()
        })?;
        let signed: &[u8] = if policy.sends_body() {
            event.as_bytes()
        } else {
            b""
        };
        set("webhook-signature", &key.sign(id, timestamp, signed))?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::from(policy.method.clone()))
        .with_headers(headers.clone());
    if policy.sends_body() {
        set("content-type", "application/json")?;
        init.with_body(Some(event.into()));
    }
    let request =
        Request::new_with_init(&policy.url, &init).map_err(|err| format!("request: {err}"))?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let abort = controller;
    let timeout = Delay::from(Duration::from_secs(u64::from(policy.timeout_s)));
    let fetch = Fetch::Request(request);
    let answer = async move {
        let mut response = fetch
            .send_with_signal(&signal)
            .await
            .map_err(|err| format!("fetch: {err}"))?;
        let body = response.text().await.unwrap_or_default();
        Ok::<_, String>((response.status_code(), body))
    };
    match select(Box::pin(answer), timeout).await {
        Either::Left((answer, _)) => answer,
        Either::Right(((), _)) => {
            abort.abort();
            Err(format!("timed out after {} s", policy.timeout_s))
        }
    }
}

/// One log line per try: event id, state and status; never the event or the URL.
fn log(id: &str, state: &str, status: Option<u16>) {
    let line = serde_json::json!({ "route": "(queue)", "event_id": id, "outcome": state, "status": status });
    console_log!("{line}");
}
