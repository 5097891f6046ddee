//! Durable storage in D1: accepted events, the quarantine, and stored mappings. Every write
//! finishes before the Worker answers, so an answered webhook is never lost.

use super::hex::decode_hex;
use crate::{CallEvent, EventKind, Issue};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use wasm_bindgen::JsValue;
use worker::{js_sys, D1Database, D1Result, Env, Error, Result};

/// The D1 binding's name in `wrangler.toml`.
const BINDING: &str = "DB";

/// The most rows one list request returns.
pub const MAX_PAGE: u32 = 500;

/// The events table, the quarantine and the mappings.
pub struct Store {
    db: D1Database,
}

/// Which events to list.
#[derive(Debug, Default)]
pub struct EventFilter {
    /// Only this call's events.
    pub call_id: Option<String>,
    /// Only this vendor's.
    pub vendor: Option<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only events in this delivery state.
    pub delivery: Option<String>,
    /// Events after this cursor (a sequence number from `next_cursor`).
    pub after: i64,
    /// At most this many.
    pub limit: u32,
}

/// A stored JSON document and its sequence number.
#[derive(Deserialize)]
struct Row {
    seq: f64,
    document: String,
}

/// One page of stored JSON documents and the cursor of the next page, if there may be one.
pub struct Page {
    /// The documents, each a JSON text.
    pub items: Vec<Box<RawValue>>,
    /// Pass as `cursor` to continue.
    pub next_cursor: Option<String>,
}

/// A quarantined body, as kept.
pub struct Quarantined {
    /// The vendor named in the URL, if any.
    pub route_vendor: Option<String>,
    /// The body's bytes.
    pub body: Vec<u8>,
}

impl Store {
    /// The store bound as `DB`.
    pub fn open(env: &Env) -> Result<Store> {
        Ok(Store {
            db: env.d1(BINDING)?,
        })
    }

    /// Stores an event (with `delivery_state` `pending` when it is to be delivered); `false`
    /// when an event with its id was already stored (a redelivery).
    pub async fn insert_event(
        &self,
        event: &CallEvent,
        received_at: &str,
        delivered: bool,
    ) -> Result<bool> {
        let document = serde_json::to_string(event)?;
        let sql = "INSERT INTO events \
             (id, vendor, kind, call_id, occurred_at, received_at, event, delivery_state) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING";
        let args = [
            event.id.as_str().into(),
            event.vendor.as_str().into(),
            event.kind.as_str().into(),
            optional(event.call.id.as_deref()),
            optional(event.occurred_at.as_deref()),
            received_at.into(),
            document.into(),
            optional(delivered.then_some("pending")),
        ];
        let result = self.run(sql, &args).await?;
        let changes = result.meta()?.and_then(|meta| meta.changes).unwrap_or(0);
        Ok(changes > 0)
    }

    /// Keeps a body that could not be normalized, with its issues; a body already kept (same
    /// id) keeps its row and gets the latest issues.
    pub async fn quarantine(
        &self,
        id: &str,
        route_vendor: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
        issues: &[Issue],
        received_at: &str,
    ) -> Result<()> {
        let blob = js_sys::Uint8Array::from(body).buffer();
        self.execute(
            "INSERT INTO quarantine (id, route_vendor, content_type, received_at, issues, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (id) DO UPDATE SET issues = excluded.issues",
            &[
                id.into(),
                optional(route_vendor),
                optional(content_type),
                received_at.into(),
                serde_json::to_string(issues)?.into(),
                blob.into(),
            ],
        )
        .await
    }

    /// Lists events in the order they were stored.
    pub async fn events(&self, filter: &EventFilter) -> Result<Page> {
        let statement = self
            .db
            .prepare(
                "SELECT seq, event AS document FROM events \
                 WHERE (?1 IS NULL OR call_id = ?1) AND (?2 IS NULL OR vendor = ?2) \
                 AND (?3 IS NULL OR kind = ?3) AND (?6 IS NULL OR delivery_state = ?6) \
                 AND seq > ?4 ORDER BY seq LIMIT ?5",
            )
            .bind(&[
                optional(filter.call_id.as_deref()),
                optional(filter.vendor.as_deref()),
                optional(filter.kind.as_deref()),
                JsValue::from_f64(filter.after as f64),
                JsValue::from(filter.limit),
                optional(filter.delivery.as_deref()),
            ])?;
        page(statement.all().await?.results()?, filter.limit)
    }

    /// Every event of one call in the order it happened: the call's start first, its analysis
    /// last, the rest by time (the vendor's, else arrival), then arrival order.
    pub async fn call_timeline(&self, call_id: &str) -> Result<Vec<Box<RawValue>>> {
        let statement = self
            .db
            .prepare(format!(
                "SELECT seq, event AS document FROM events WHERE call_id = ?1 \
                 ORDER BY CASE kind WHEN '{started}' THEN 0 WHEN '{analyzed}' THEN 2 ELSE 1 END, \
                 COALESCE(occurred_at, received_at), seq LIMIT {MAX_PAGE}",
                started = EventKind::CallStarted.as_str(),
                analyzed = EventKind::CallAnalyzed.as_str(),
            ))
            .bind(&[call_id.into()])?;
        Ok(page(statement.all().await?.results()?, MAX_PAGE)?.items)
    }

    /// Lists quarantined bodies (without the bodies themselves), oldest first.
    pub async fn quarantine_list(
        &self,
        status: Option<&str>,
        after: i64,
        limit: u32,
    ) -> Result<Page> {
        let statement = self
            .db
            .prepare(
                "SELECT seq, json_object('id', id, 'route_vendor', route_vendor, \
                 'content_type', content_type, 'received_at', received_at, \
                 'body_bytes', length(body), 'status', status, 'event_id', event_id, \
                 'replayed_at', replayed_at, 'issues', json(issues)) AS document \
                 FROM quarantine WHERE (?1 IS NULL OR status = ?1) AND seq > ?2 \
                 ORDER BY seq LIMIT ?3",
            )
            .bind(&[
                optional(status),
                JsValue::from_f64(after as f64),
                JsValue::from(limit),
            ])?;
        page(statement.all().await?.results()?, limit)
    }

    /// A quarantined body, for replay.
    pub async fn quarantined(&self, id: &str) -> Result<Option<Quarantined>> {
        #[derive(Deserialize)]
        struct Kept {
            route_vendor: Option<String>,
            body_hex: String,
        }
        let kept: Option<Kept> = self
            .first_row(
                "SELECT route_vendor, hex(body) AS body_hex FROM quarantine WHERE id = ?1",
                id,
            )
            .await?;
        kept.map(|kept| {
            let body = decode_hex(&kept.body_hex)
                .ok_or_else(|| Error::RustError("a quarantined body is not hex".into()))?;
            Ok(Quarantined {
                route_vendor: kept.route_vendor,
                body,
            })
        })
        .transpose()
    }

    /// Records a successful replay of a quarantined body.
    pub async fn mark_replayed(&self, id: &str, event_id: &str, at: &str) -> Result<()> {
        let sql = "UPDATE quarantine SET status = 'replayed', event_id = ?2, replayed_at = ?3 \
             WHERE id = ?1";
        self.execute(sql, &[id.into(), event_id.into(), at.into()])
            .await
    }

    /// Records the issues of a replay that failed again.
    pub async fn update_issues(&self, id: &str, issues: &[Issue]) -> Result<()> {
        self.execute(
            "UPDATE quarantine SET issues = ?2 WHERE id = ?1",
            &[id.into(), serde_json::to_string(issues)?.into()],
        )
        .await
    }

    /// The stored mapping of a vendor (JSON text), if any.
    pub async fn mapping(&self, vendor: &str) -> Result<Option<String>> {
        self.db
            .prepare("SELECT mapping FROM mappings WHERE vendor = ?1")
            .bind(&[vendor.into()])?
            .first(Some("mapping"))
            .await
    }

    /// Stores (or replaces) a vendor's mapping.
    pub async fn set_mapping(&self, vendor: &str, mapping: &str, at: &str) -> Result<()> {
        let sql = "INSERT INTO mappings (vendor, mapping, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (vendor) DO UPDATE \
             SET mapping = excluded.mapping, updated_at = excluded.updated_at";
        self.execute(sql, &[vendor.into(), mapping.into(), at.into()])
            .await
    }
}

/// An event's delivery record.
#[derive(Debug, Deserialize)]
pub struct Delivery {
    /// `unqueued`, `pending`, `retrying`, `delivered`, `dead`, or null when only stored.
    pub state: Option<String>,
    /// Tries so far in this round.
    pub attempts: u32,
    /// When this round's first try started (ms since the epoch).
    pub first_attempt_ms: Option<f64>,
}

/// A delivery record update after one try.
pub struct Attempt<'a> {
    /// The new state.
    pub state: &'a str,
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
    /// The stored event (JSON text) and its delivery record.
    pub async fn event_with_delivery(&self, id: &str) -> Result<Option<(String, Delivery)>> {
        #[derive(Deserialize)]
        struct Row {
            event: String,
            #[serde(flatten)]
            delivery: Delivery,
        }
        let row: Option<Row> = self
            .first_row(
                "SELECT event, delivery_state AS state, delivery_attempts AS attempts, \
                 delivery_first_attempt_ms AS first_attempt_ms FROM events WHERE id = ?1",
                id,
            )
            .await?;
        Ok(row.map(|row| (row.event, row.delivery)))
    }

    /// The delivery state of a stored event (`Some(None)`: stored, not for delivery); `None`
    /// when no event has this id. Reads no event body.
    pub async fn delivery_state(&self, id: &str) -> Result<Option<Option<String>>> {
        #[derive(Deserialize)]
        struct Row {
            state: Option<String>,
        }
        let row: Option<Row> = self
            .first_row(
                "SELECT delivery_state AS state FROM events WHERE id = ?1",
                id,
            )
            .await?;
        Ok(row.map(|row| row.state))
    }

    /// An event and its delivery record, both as JSON, for the admin API.
    pub async fn event_record(&self, id: &str) -> Result<Option<(Box<RawValue>, Box<RawValue>)>> {
        #[derive(Deserialize)]
        struct Record {
            event: String,
            delivery: String,
        }
        let record: Option<Record> = self
            .first_row(
                "SELECT event, json_object('state', delivery_state, \
                 'attempts', delivery_attempts, 'last_status', delivery_last_status, \
                 'last_error', delivery_last_error, 'next_attempt_at', delivery_next_attempt_at, \
                 'updated_at', delivery_updated_at, 'delivered_at', delivered_at) AS delivery \
                 FROM events WHERE id = ?1",
                id,
            )
            .await?;
        record
            .map(|record| {
                Ok((
                    RawValue::from_string(record.event)?,
                    RawValue::from_string(record.delivery)?,
                ))
            })
            .transpose()
    }

    /// Sets the delivery state alone (`unqueued` when the queue refused, `pending` when handed on).
    pub async fn set_delivery_state(&self, id: &str, state: &str, at: &str) -> Result<()> {
        self.execute(
            "UPDATE events SET delivery_state = ?2, delivery_updated_at = ?3 WHERE id = ?1",
            &[id.into(), state.into(), at.into()],
        )
        .await
    }

    /// Starts a new delivery round (`redeliver`): pending, no tries yet.
    pub async fn restart_delivery(&self, id: &str, at: &str) -> Result<()> {
        self.execute(
            "UPDATE events SET delivery_state = 'pending', delivery_attempts = 0, \
                 delivery_first_attempt_ms = NULL, delivery_next_attempt_at = NULL, \
                 delivery_updated_at = ?2 WHERE id = ?1",
            &[id.into(), at.into()],
        )
        .await
    }

    /// Records one try.
    pub async fn record_attempt(&self, id: &str, attempt: &Attempt<'_>, at: &str) -> Result<()> {
        let sql = "UPDATE events SET delivery_state = ?2, delivery_attempts = ?3, \
             delivery_last_status = ?4, delivery_last_error = ?5, delivery_first_attempt_ms = ?6, \
             delivery_next_attempt_at = ?7, delivery_updated_at = ?8, \
             delivered_at = CASE WHEN ?2 = 'delivered' THEN ?8 ELSE delivered_at END \
             WHERE id = ?1";
        let args = [
            id.into(),
            attempt.state.into(),
            JsValue::from(attempt.attempts),
            attempt.status.map_or(JsValue::NULL, JsValue::from),
            optional(attempt.error),
            JsValue::from_f64(attempt.first_attempt_ms),
            optional(attempt.next_attempt_at),
            at.into(),
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

    /// Marks an event dead unless it was delivered meanwhile (the dead-letter queue's consumer).
    pub async fn mark_dead(&self, id: &str, error: &str, at: &str) -> Result<()> {
        self.execute(
            "UPDATE events SET delivery_state = 'dead', \
                 delivery_last_error = COALESCE(delivery_last_error, ?2), delivery_updated_at = ?3 \
                 WHERE id = ?1 AND delivery_state IN ('pending', 'retrying', 'unqueued')",
            &[id.into(), error.into(), at.into()],
        )
        .await
    }
}

impl Store {
    /// Runs one statement with its arguments.
    async fn run(&self, sql: &str, args: &[JsValue]) -> Result<D1Result> {
        self.db.prepare(sql).bind(args)?.run().await
    }

    /// The one row a statement keyed by an id (`?1`) selects, if any.
    async fn first_row<T: DeserializeOwned>(&self, sql: &str, id: &str) -> Result<Option<T>> {
        self.db.prepare(sql).bind(&[id.into()])?.first(None).await
    }

    /// Runs one statement whose result is not needed.
    async fn execute(&self, sql: &str, args: &[JsValue]) -> Result<()> {
        self.run(sql, args).await.map(drop)
    }
}

fn optional(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from)
}

/// The documents of `rows`; a full page gets a cursor (its last sequence number).
fn page(rows: Vec<Row>, limit: u32) -> Result<Page> {
    let next_cursor = match rows.last() {
        Some(last) if rows.len() >= limit as usize => Some(format!("{}", last.seq as i64)),
        _ => None,
    };
    let items = rows
        .into_iter()
        .map(|row| RawValue::from_string(row.document).map_err(Error::from))
        .collect::<Result<Vec<_>>>()?;
    Ok(Page { items, next_cursor })
}
