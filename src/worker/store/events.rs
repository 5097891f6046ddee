//! The events table: one row per event id, written in one statement per accepted webhook;
//! an id that repeats with other content is kept as a conflict beside it.

use super::{delivery::DeliveryState, key_column, optional, Page, Row, Store, MAX_PAGE};
use crate::listed::Listed;
use crate::EventKind;
use serde::Deserialize;
use serde_json::value::RawValue;
use wasm_bindgen::JsValue;
use worker::Result;

/// An accepted event, ready to store.
pub struct NewEvent<'a> {
    /// The event (written out only: its `extra` may be a list).
    pub event: &'a Listed,
    /// Hex SHA-256 of the content that made its id.
    pub digest: &'a str,
    /// When it arrived (RFC 3339).
    pub received_at: &'a str,
    /// Whether it is to be delivered (`pending`) or only stored.
    pub delivered: bool,
    /// The keyed hashes of its phones (a JSON array).
    pub phone_keys: Option<String>,
    /// The size of the body it was read from, in bytes (it tells which JSON form to write
    /// first: see [`Store::place_event`]).
    pub body_bytes: usize,
}

/// What storing an event did.
#[derive(Debug, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now.
    New,
    /// The same content is already stored (or was, and was purged).
    Duplicate,
    /// Another content is stored under this id: this one was kept as a conflict.
    Conflict,
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

impl Store {
    /// Stores an event unless its id is stored or purged already; one D1 write (an event too
    /// large for a row is put in R2 first).
    pub async fn insert_event(&self, new: &NewEvent<'_>) -> Result<Inserted> {
        let event = &new.event.event;
        let key = format!("events/{}/{}", event.id, new.digest);
        let (document, blob_key) = self.place_event(key, new.event, new.body_bytes).await?;
        let sql = "INSERT INTO events (id, vendor, kind, call_id, occurred_at, received_at, \
             event, delivery_state, delivery_updated_at, digest, blob_key, phone_keys) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6, ?9, ?10, ?11 \
             WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE id = ?1) \
             ON CONFLICT (id) DO NOTHING";
        let state = new.delivered.then_some(DeliveryState::Pending.as_str());
        let args = [
            event.id.as_str().into(),
            event.vendor.as_str().into(),
            event.kind.as_str().into(),
            key_column(event.call.id.as_deref()),
            optional(event.occurred_at.as_deref()),
            new.received_at.into(),
            document.as_str().into(),
            optional(state),
            new.digest.into(),
            optional(blob_key.as_deref()),
            optional(new.phone_keys.as_deref()),
        ];
        if self.changes(sql, &args).await? > 0 {
            return Ok(Inserted::New);
        }
        #[derive(Deserialize)]
        struct Stored {
            digest: Option<String>,
        }
        let stored: Option<Stored> = self
            .first_row("SELECT digest FROM events WHERE id = ?1", &event.id)
            .await?;
        match stored {
            // Purged: a tombstone stands for it.
            None => Ok(Inserted::Duplicate),
            // Rows stored before digests were kept have ids of another scheme: no collision.
            Some(row) if row.digest.as_deref().is_none_or(|d| d == new.digest) => {
                Ok(Inserted::Duplicate)
            }
            Some(_) => {
                let sql = "INSERT INTO conflicts (id, digest, received_at, event, blob_key, \
                     phone_keys) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                     ON CONFLICT (id, digest) DO NOTHING";
                let args = [
                    event.id.as_str().into(),
                    new.digest.into(),
                    new.received_at.into(),
                    document.into(),
                    optional(blob_key.as_deref()),
                    optional(new.phone_keys.as_deref()),
                ];
                self.execute(sql, &args).await?;
                Ok(Inserted::Conflict)
            }
        }
    }

    /// Lists events in the order they were stored.
    pub async fn events(&self, filter: &EventFilter) -> Result<Page> {
        let rows: Vec<Row> = self
            .all(
                "SELECT seq, event AS document, blob_key FROM events \
                 WHERE (?1 IS NULL OR call_id = ?1) AND (?2 IS NULL OR vendor = ?2) \
                 AND (?3 IS NULL OR kind = ?3) AND (?6 IS NULL OR delivery_state = ?6) \
                 AND seq > ?4 ORDER BY seq LIMIT ?5",
                &[
                    optional(filter.call_id.as_deref()),
                    optional(filter.vendor.as_deref()),
                    optional(filter.kind.as_deref()),
                    JsValue::from_f64(filter.after as f64),
                    JsValue::from(filter.limit),
                    optional(filter.delivery.as_deref()),
                ],
            )
            .await?;
        self.page(rows, filter.limit).await
    }

    /// Every event of one call in the order it happened: queued and started first, its
    /// analysis last, the rest by time (the vendor's, else arrival), then arrival order.
    pub async fn call_timeline(&self, call_id: &str) -> Result<Vec<Box<RawValue>>> {
        let sql = format!(
            "SELECT seq, event AS document, blob_key FROM events WHERE call_id = ?1 \
             ORDER BY CASE kind WHEN '{queued}' THEN 0 WHEN '{started}' THEN 1 \
             WHEN '{analyzed}' THEN 3 ELSE 2 END, \
             COALESCE(occurred_at, received_at), seq LIMIT {MAX_PAGE}",
            queued = EventKind::CallQueued.as_str(),
            started = EventKind::CallStarted.as_str(),
            analyzed = EventKind::CallAnalyzed.as_str(),
        );
        let rows: Vec<Row> = self.all(&sql, &[call_id.into()]).await?;
        Ok(self.page(rows, MAX_PAGE).await?.items)
    }

    /// The stored event as JSON text (from D1 or R2), for the consumer.
    pub async fn event_text(&self, id: &str) -> Result<Option<String>> {
        #[derive(Deserialize)]
        struct Doc {
            event: String,
            blob_key: Option<String>,
        }
        let doc: Option<Doc> = self
            .first_row("SELECT event, blob_key FROM events WHERE id = ?1", id)
            .await?;
        match doc {
            Some(doc) => Ok(Some(
                self.document(doc.event, doc.blob_key.as_deref()).await?,
            )),
            None => Ok(None),
        }
    }

    /// An event, its delivery record and any conflicting contents, as JSON, for the admin API.
    pub async fn event_record(&self, id: &str) -> Result<Option<EventRecord>> {
        #[derive(Deserialize)]
        struct Record {
            event: String,
            blob_key: Option<String>,
            delivery: String,
        }
        let record: Option<Record> = self
            .first_row(
                "SELECT event, blob_key, json_object('state', delivery_state, \
                 'attempts', delivery_attempts, 'last_status', delivery_last_status, \
                 'last_error', delivery_last_error, 'next_attempt_at', delivery_next_attempt_at, \
                 'updated_at', delivery_updated_at, 'delivered_at', delivered_at) AS delivery \
                 FROM events WHERE id = ?1",
                id,
            )
            .await?;
        let Some(record) = record else {
            return Ok(None);
        };
        let conflicts: Vec<Row> = self
            .all(
                "SELECT seq, event AS document, blob_key FROM conflicts WHERE id = ?1 ORDER BY seq",
                &[id.into()],
            )
            .await?;
        Ok(Some(EventRecord {
            event: RawValue::from_string(
                self.document(record.event, record.blob_key.as_deref())
                    .await?,
            )?,
            delivery: RawValue::from_string(record.delivery)?,
            conflicts: self.page(conflicts, MAX_PAGE).await?.items,
        }))
    }
}

/// One stored event as the admin API shows it.
pub struct EventRecord {
    /// The event.
    pub event: Box<RawValue>,
    /// Its delivery record.
    pub delivery: Box<RawValue>,
    /// Other contents received under the same id.
    pub conflicts: Vec<Box<RawValue>>,
}
