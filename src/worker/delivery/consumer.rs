//! The queue side of delivery: handing stored events to the queue, and the consumers that send
//! each one to the backend (recording every try in D1) and mark dead-lettered ones dead.
//!
//! A failure to reach D1 or R2 while handling one message retries that message alone, after a
//! delay that grows with the message's age; it never fails the batch (which would retry every
//! message at once, with no delay, and spend the queue's retries in seconds).

use super::policy::DeliveryPolicy;
use super::signing::SigningKey;
use crate::worker::ingest::now;
use crate::worker::settings::{read, Fault, Settings};
use crate::worker::store::{Attempt, DeliveryState, Store};
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use worker::{
    console_log, js_sys, AbortController, Delay, Env, Error, Fetch, Headers, Message, MessageBatch,
    MessageExt, Method, QueueRetryOptionsBuilder, Request, RequestInit, RequestRedirect, Result,
};

/// The producer binding of the delivery queue.
const DELIVERY_QUEUE: &str = "DELIVERY_QUEUE";
/// The producer binding of the dead-letter queue.
const DEAD_LETTER_QUEUE: &str = "DEAD_LETTER_QUEUE";
/// The dead-letter queue's name (its consumer marks events dead).
const DEAD_LETTER_QUEUE_NAME: &str = "voicehook-dead-letter";
/// How long to wait before retrying when the settings themselves are wrong.
const MISCONFIGURED_RETRY_S: u32 = 60;
/// The shortest and longest wait before a message whose handling failed is tried again.
const STORAGE_RETRY_MIN_S: u32 = 5;
const STORAGE_RETRY_MAX_S: u32 = 3_600;
/// How much of the backend's answer is read (enough for any success key).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// One queue message: the id of a stored event to deliver, in which delivery round.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeliveryJob {
    /// The event id (`evt_…`).
    pub id: String,
    /// The delivery round (0 at ingest; each `redeliver` adds one).
    #[serde(default)]
    pub round: u32,
}

/// Hands a stored (`pending`) event to the delivery queue. If the queue refuses, the event is
/// marked `unqueued` when D1 allows; either way the recovery sweep hands it on later, so the
/// caller never fails because of the queue.
pub async fn hand_on(env: &Env, store: &Store, id: &str, round: u32, settings: &Settings) {
    let sent = if settings.faults.contains(&Fault::QueueSend) {
        Err(Error::RustError("fault injected: queue.send fails".into()))
    } else {
        match env.queue(DELIVERY_QUEUE) {
            Ok(queue) => {
                let job = DeliveryJob {
                    id: id.to_owned(),
                    round,
                };
                queue.send(job).await
            }
            Err(err) => Err(err),
        }
    };
    if let Err(err) = sent {
        log(id, "unqueued", None, Some(&err.to_string()));
        // Best effort: a `pending` row with no message is found by the sweep after its grace.
        let _ = store
            .set_delivery_state(id, DeliveryState::Unqueued, &now())
            .await;
    }
}

/// Hands several stored events (ids and rounds) to the delivery queue at once (the sweep).
pub async fn hand_on_all(env: &Env, events: &[(String, u32)]) -> Result<()> {
    let jobs: Vec<DeliveryJob> = events
        .iter()
        .map(|(id, round)| DeliveryJob {
            id: id.clone(),
            round: *round,
        })
        .collect();
    env.queue(DELIVERY_QUEUE)?.send_batch(jobs).await
}

/// Handles one batch of the delivery queue or of the dead-letter queue.
pub async fn consume(batch: MessageBatch<DeliveryJob>, env: &Env) -> Result<()> {
    let dead_letters = batch.queue() == DEAD_LETTER_QUEUE_NAME;
    let store = Store::open(env);
    let policy = DeliveryPolicy::from_lookup(|name| read(env, name));
    for message in batch.messages()? {
        let handled = match &store {
            Err(err) => Err(Error::RustError(err.to_string())),
            Ok(store) if dead_letters => {
                let job = message.body();
                store
                    .mark_dead(&job.id, job.round, "dead-lettered by the queue", &now())
                    .await
                    .map(|()| message.ack())
            }
            Ok(store) => handle(env, store, &policy, &message).await,
        };
        if let Err(err) = handled {
            let delay = storage_retry_delay(&message);
            log(
                &message.body().id,
                "storage_error",
                None,
                Some(&err.to_string()),
            );
            message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(delay)
                    .build(),
            );
        }
    }
    Ok(())
}

/// The wait before a message whose handling failed is tried again: about its age, so the
/// waits double, between [`STORAGE_RETRY_MIN_S`] and [`STORAGE_RETRY_MAX_S`].
fn storage_retry_delay<T>(message: &Message<T>) -> u32 {
    let age_s = (js_sys::Date::now() - message.timestamp().as_millis() as f64) / 1000.0;
    let jitter = 0.5 + js_sys::Math::random() / 2.0;
    ((age_s * jitter) as u32).clamp(STORAGE_RETRY_MIN_S, STORAGE_RETRY_MAX_S)
}

async fn handle(
    env: &Env,
    store: &Store,
    policy: &std::result::Result<Option<DeliveryPolicy>, super::policy::InvalidSetting>,
    message: &Message<DeliveryJob>,
) -> Result<()> {
    match policy {
        Ok(Some(policy)) => deliver(env, store, policy, message).await,
        // Delivery was switched off after this event was queued: it stays stored.
        Ok(None) => {
            message.ack();
            Ok(())
        }
        Err(err) => {
            let id = &message.body().id;
            store
                .note_delivery_error(id, &format!("misconfigured: {}", err.0), &now())
                .await?;
            log(id, "misconfigured", None, None);
            message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(MISCONFIGURED_RETRY_S)
                    .build(),
            );
            Ok(())
        }
    }
}

/// One try for one event, recorded before the message is acknowledged or retried.
async fn deliver(
    env: &Env,
    store: &Store,
    policy: &DeliveryPolicy,
    message: &Message<DeliveryJob>,
) -> Result<()> {
    let DeliveryJob { id, round } = message.body();
    let (id, round) = (id.as_str(), *round);
    let Some(delivery) = store.delivery(id).await? else {
        message.ack();
        return Ok(());
    };
    if round < delivery.round || !delivery.state.is_some_and(DeliveryState::awaits_delivery) {
        // A message of an older round (a newer one has its own), an event delivered or dead
        // already (a duplicate message), or one only stored: nothing to do.
        message.ack();
        return Ok(());
    }
    let Some(event) = store.event_text(id).await? else {
        message.ack();
        return Ok(());
    };
    let started = js_sys::Date::now();
    let first_attempt_ms = delivery.first_attempt_ms.unwrap_or(started);
    let attempts = delivery.attempts + 1;
    let answer = send(policy, id, &event).await;
    let (status, failure, retry_after) = match &answer {
        Ok(answer) => (
            Some(answer.status),
            policy.failure(answer.status, &answer.body),
            answer.retry_after_s,
        ),
        Err(error) => (None, Some(error.clone()), None),
    };
    let elapsed_s = (js_sys::Date::now() - first_attempt_ms) / 1000.0;
    let mut attempt = Attempt {
        state: DeliveryState::Delivered,
        attempts,
        status,
        error: failure.as_deref(),
        first_attempt_ms,
        next_attempt_at: None,
    };
    match &failure {
        None => {
            store
                .record_attempt(id, delivery.round, &attempt, &now())
                .await?;
            message.ack();
        }
        Some(_) if policy.may_retry(attempts, elapsed_s, status) => {
            let delay = policy.delay_s(
                attempts,
                js_sys::Math::random(),
                elapsed_s,
                status,
                retry_after,
            );
            let next = js_sys::Date::new(&(js_sys::Date::now() + f64::from(delay) * 1000.0).into());
            let next_at = String::from(next.to_iso_string());
            let retrying = Attempt {
                state: DeliveryState::Retrying,
                next_attempt_at: Some(&next_at),
                ..attempt
            };
            store
                .record_attempt(id, delivery.round, &retrying, &now())
                .await?;
            message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(delay)
                    .build(),
            );
        }
        Some(_) => {
            attempt.state = DeliveryState::Dead;
            store
                .record_attempt(id, delivery.round, &attempt, &now())
                .await?;
            if let Ok(queue) = env.queue(DEAD_LETTER_QUEUE) {
                // The event is already marked dead; the dead-letter queue is for whoever watches it.
                let job = DeliveryJob {
                    id: id.to_owned(),
                    round,
                };
                let _ = queue.send(job).await;
            }
            message.ack();
        }
    }
    log(id, attempt.state.as_str(), status, None);
    Ok(())
}

/// What the backend answered.
struct Answer {
    status: u16,
    /// The first [`MAX_ANSWER_BYTES`] of the body, as text.
    body: String,
    /// `Retry-After`, in seconds from now.
    retry_after_s: Option<u32>,
}

/// Sends one event; the answer, or why no answer came. Redirects are not followed.
async fn send(
    policy: &DeliveryPolicy,
    id: &str,
    event: &str,
) -> std::result::Result<Answer, String> {
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
    if !policy.signing_keys.is_empty() {
        let signed: &[u8] = if policy.sends_body() {
            event.as_bytes()
        } else {
            b""
        };
        let signatures = SigningKey::sign_all(&policy.signing_keys, id, timestamp, signed);
        set("webhook-signature", &signatures)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::from(policy.method.clone()))
        .with_headers(headers.clone())
        .with_redirect(RequestRedirect::Manual);
    if policy.sends_body() {
        set("content-type", "application/json")?;
        // As bytes: the stored JSON is sent as it is kept (ASCII, or UTF-8 for a large event
        // kept in R2), and no JavaScript string is made of it.
        init.with_body(Some(js_sys::Uint8Array::from(event.as_bytes()).into()));
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
        let status = response.status_code();
        let retry_after_s = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|value| retry_after_s(&value));
        let body = read_capped(&mut response).await;
        Ok::<_, String>(Answer {
            status,
            body,
            retry_after_s,
        })
    };
    match select(Box::pin(answer), timeout).await {
        Either::Left((answer, _)) => answer,
        Either::Right(((), _)) => {
            abort.abort();
            Err(format!("timed out after {} s", policy.timeout_s))
        }
    }
}

/// The start of an answer's body (at most [`MAX_ANSWER_BYTES`]); the rest is never read.
async fn read_capped(response: &mut worker::Response) -> String {
    let mut bytes = Vec::new();
    if let Ok(mut stream) = response.stream() {
        while let Some(Ok(chunk)) = stream.next().await {
            let room = MAX_ANSWER_BYTES.saturating_sub(bytes.len());
            bytes.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
            if bytes.len() >= MAX_ANSWER_BYTES {
                break;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `Retry-After` in seconds from now: delta-seconds, or an HTTP date.
fn retry_after_s(value: &str) -> Option<u32> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(seconds);
    }
    let at = js_sys::Date::parse(value);
    if at.is_nan() {
        return None;
    }
    Some(((at - js_sys::Date::now()) / 1000.0).max(0.0).ceil() as u32)
}

/// One log line per try: event id, state and status; never the event or the URL.
fn log(id: &str, state: &str, status: Option<u16>, error: Option<&str>) {
    let line = serde_json::json!({
        "route": "(queue)", "event_id": id, "outcome": state, "status": status, "error": error,
    });
    console_log!("{line}");
}
