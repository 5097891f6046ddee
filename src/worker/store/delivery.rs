//! Delivery records, kept on each event's row: the state, tries, last answer and next try.

use super::{json_list, optional, Store};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::Result;

/// Where an event stands on its way to `DELIVERY_URL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryState {
    /// Stored, but the queue refused it; the recovery sweep hands it on.
    Unqueued,
    /// Handed to the queue, no try yet.
    Pending,
    /// Tried and failed; another try is due at `next_attempt_at`.
    Retrying,
    /// The backend accepted it.
    Delivered,
    /// Every try failed (or the backend answered 410): `redeliver` starts a new round.
    Dead,
}

impl DeliveryState {
    /// The name stored in D1 and shown by the admin API.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Unqueued => "unqueued",
            DeliveryState::Pending => "pending",
            DeliveryState::Retrying => "retrying",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Dead => "dead",
        }
    }

    /// Whether a delivery queue message about the event still has work to do.
    pub fn awaits_delivery(self) -> bool {
        matches!(
            self,
            DeliveryState::Unqueued | DeliveryState::Pending | DeliveryState::Retrying
        )
    }
}

/// An event's delivery record.
#[derive(Debug, Deserialize)]
pub struct Delivery {
    /// The state, or null when the event was only stored.
    pub state: Option<DeliveryState>,
    /// Tries so far in this round.
    pub attempts: u32,
    /// When this round's first try started (ms since the epoch).
    pub first_attempt_ms: Option<f64>,
    /// The delivery round: each `redeliver` starts a new one.
    pub round: u32,
}

/// A delivery record update after one try.
pub struct Attempt<'a> {
    /// The new state.
    pub state: DeliveryState,
    /// Tries so far.
    pub attempts: u32,
    /// The answer's status, if one came.
    pub status: Option<u16>,
    /// Why it failed.
    pub error: Option<&'a str>,
    /// When this round's first try started.
    pub first_attempt_ms: f64,
    /// When the next try is due, if any.
    pub next_attempt_at: Option<&'a str>,
}

impl Store {
    /// An event's delivery record; `None` when no event has this id. Reads no event body.
    pub async fn delivery(&self, id: &str) -> Result<Option<Delivery>> {
        self.first_row(
            "SELECT delivery_state AS state, delivery_attempts AS attempts, \
             delivery_first_attempt_ms AS first_attempt_ms, delivery_round AS round \
             FROM events WHERE id = ?1",
            id,
        )
        .await
    }

    /// Sets the delivery state alone (`unqueued` when the queue refused the hand-on).
    pub async fn set_delivery_state(&self, id: &str, state: DeliveryState, at: &str) -> Result<()> {
        self.execute(
            "UPDATE events SET delivery_state = ?2, delivery_updated_at = ?3 WHERE id = ?1",
            &[id.into(), state.as_str().into(), at.into()],
        )
        .await
    }

    /// Starts a new delivery round (`redeliver`): pending, no tries yet; the new round's
    /// number, or `None` when no event has this id.
    pub async fn restart_delivery(&self, id: &str, at: &str) -> Result<Option<u32>> {
        #[derive(Deserialize)]
        struct Round {
            round: u32,
        }
        self.wrote();
        let round: Option<Round> = self
            .db
            .prepare(
                "UPDATE events SET delivery_state = 'pending', delivery_attempts = 0, \
                 delivery_first_attempt_ms = NULL, delivery_next_attempt_at = NULL, \
                 delivery_last_error = NULL, delivery_updated_at = ?2, \
                 delivery_round = delivery_round + 1 WHERE id = ?1 \
                 RETURNING delivery_round AS round",
            )
            .bind(&[id.into(), at.into()])?
            .first(None)
            .await?;
        Ok(round.map(|r| r.round))
    }

    /// Records one try of `round` (nothing when a newer round has started meanwhile).
    pub async fn record_attempt(
        &self,
        id: &str,
        round: u32,
        attempt: &Attempt<'_>,
        at: &str,
    ) -> Result<()> {
        let sql = "UPDATE events SET delivery_state = ?2, delivery_attempts = ?3, \
             delivery_last_status = ?4, delivery_last_error = ?5, delivery_first_attempt_ms = ?6, \
             delivery_next_attempt_at = ?7, delivery_updated_at = ?8, \
             delivered_at = CASE WHEN ?2 = 'delivered' THEN ?8 ELSE delivered_at END \
             WHERE id = ?1 AND delivery_round = ?9";
        let args = [
            id.into(),
            attempt.state.as_str().into(),
            JsValue::from(attempt.attempts),
            attempt.status.map_or(JsValue::NULL, JsValue::from),
            optional(attempt.error),
            JsValue::from_f64(attempt.first_attempt_ms),
            optional(attempt.next_attempt_at),
            at.into(),
            JsValue::from(round),
        ];
        self.execute(sql, &args).await
    }

    /// Notes why deliveries cannot be tried (wrong settings), leaving the state as it is.
    pub async fn note_delivery_error(&self, id: &str, error: &str, at: &str) -> Result<()> {
        self.execute(
            "UPDATE events SET delivery_last_error = ?2, delivery_updated_at = ?3 WHERE id = ?1",
            &[id.into(), error.into(), at.into()],
        )
        .await
    }

    /// Marks an event dead unless it was delivered meanwhile or a newer round started (the
    /// dead-letter queue's consumer).
    pub async fn mark_dead(&self, id: &str, round: u32, error: &str, at: &str) -> Result<()> {
        self.execute(
            "UPDATE events SET delivery_state = 'dead', \
                 delivery_last_error = COALESCE(delivery_last_error, ?2), delivery_updated_at = ?3 \
                 WHERE id = ?1 AND delivery_round = ?4 \
                 AND delivery_state IN ('pending', 'retrying', 'unqueued')",
            &[id.into(), error.into(), at.into(), JsValue::from(round)],
        )
        .await
    }

    /// Events stranded on their way: unqueued, or pending or retrying with nothing heard of
    /// them since `before` (their queue message was lost). Oldest first, at most `limit`.
    pub async fn stranded(&self, before: &str, limit: u32) -> Result<Vec<(String, u32)>> {
        #[derive(Deserialize)]
        struct Id {
            id: String,
            round: u32,
        }
        let ids: Vec<Id> = self
            .all(
                "SELECT id, delivery_round AS round FROM events WHERE delivery_state = 'unqueued' \
                 OR (delivery_state = 'pending' AND delivery_updated_at < ?1) \
                 OR (delivery_state = 'retrying' AND COALESCE(delivery_next_attempt_at, \
                     delivery_updated_at) < ?1) \
                 ORDER BY seq LIMIT ?2",
                &[before.into(), JsValue::from(limit)],
            )
            .await?;
        Ok(ids.into_iter().map(|row| (row.id, row.round)).collect())
    }

    /// Marks events handed to the queue again (by the recovery sweep).
    pub async fn requeued(&self, ids: &[String], at: &str) -> Result<()> {
        self.execute(
            "UPDATE events SET delivery_state = 'pending', delivery_updated_at = ?2 \
             WHERE id IN (SELECT value FROM json_each(?1)) \
             AND delivery_state IN ('unqueued', 'pending', 'retrying')",
            &[json_list(ids), at.into()],
        )
        .await
    }
}
