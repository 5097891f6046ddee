//! Durable storage: D1 for rows, R2 for what a D1 row cannot hold. Every write an answer
//! depends on finishes before the Worker answers, so an answered webhook is never lost.
//!
//! Production D1 refuses any string, BLOB or row over 2,000,000 bytes (local SQLite does not).
//! A document (an event, a quarantined body and its issues) over [`INLINE_LIMIT`] is therefore
//! put in R2 first and its row holds the R2 key (`blob_key`); reads follow the key, so the admin
//! API returns the document unchanged. Columns that hold request data are bounded too. An event
//! is kept as ASCII-only JSON in its row, and as JSON in R2 (UTF-8 from a large body; see
//! [`Store::place_event`]).
//! One module per table: events, quarantine, delivery records, mappings, and the maintenance
//! that purges and erases.

mod delivery;
mod events;
mod maintenance;
mod mappings;
mod quarantine;

pub use delivery::{Attempt, DeliveryState};
pub use events::{EventFilter, Inserted, NewEvent};
pub use maintenance::Purged;
pub use quarantine::{NewQuarantine, Reason};

use crate::ascii_json::{ascii_from_utf8_json, to_ascii_json, write_utf8_json};
use crate::listed::Listed;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::cell::Cell;
use wasm_bindgen::JsValue;
use worker::{Bucket, D1Database, D1Result, Env, Error, Result};

/// The D1 binding's name in `wrangler.toml`.
const DATABASE: &str = "DB";
/// The R2 binding's name in `wrangler.toml`.
const BUCKET: &str = "BLOBS";

/// The most rows one list request returns.
pub const MAX_PAGE: u32 = 500;

/// The largest document kept in its D1 row: half of D1's 2,000,000-byte limit, so the row's
/// other (bounded) columns always fit beside it.
pub const INLINE_LIMIT: usize = 1_000_000;

/// Bodies below this many bytes have their event written as ASCII JSON first (see
/// [`Store::place_event`]): a quarter of a row, since events run to a few times their body.
const ASCII_FIRST_BELOW: usize = INLINE_LIMIT / 4;

/// The longest indexed text kept in its own column (a call id); longer ones stay in the
/// document only.
const MAX_KEY_COLUMN: usize = 512;

/// D1 and R2, as bound to the Worker.
pub struct Store {
    db: D1Database,
    bucket: Option<Bucket>,
    /// D1 write requests made through this store (logged: one per accepted webhook).
    writes: Cell<u32>,
}

/// A stored JSON document and its sequence number (`blob_key` when it lives in R2).
#[derive(Deserialize)]
struct Row {
    seq: f64,
    document: String,
    blob_key: Option<String>,
}

/// One page of stored JSON documents and the cursor of the next page, if there may be one.
pub struct Page {
    /// The documents, each a JSON text.
    pub items: Vec<Box<RawValue>>,
    /// Pass as `cursor` to continue.
    pub next_cursor: Option<String>,
}

impl Store {
    /// The store bound as `DB` (and `BLOBS`, when bound).
    pub fn open(env: &Env) -> Result<Store> {
        Ok(Store {
            db: env.d1(DATABASE)?,
            bucket: env.bucket(BUCKET).ok(),
            writes: Cell::new(0),
        })
    }

    /// How many D1 write requests this store has made.
    pub fn writes(&self) -> u32 {
        self.writes.get()
    }

    fn wrote(&self) {
        self.writes.set(self.writes.get() + 1);
    }

    fn bucket(&self) -> Result<&Bucket> {
        self.bucket
            .as_ref()
            .ok_or_else(|| Error::RustError(format!("no R2 bucket bound as {BUCKET}")))
    }

    /// Keeps an event's JSON inline when it fits a row, as ASCII-only text (D1 takes a
    /// JavaScript string, made from ASCII bytes by a copy, from UTF-8 by a decoder at 2.6 ms per
    /// MB of mixed text), else in R2 under `key` as UTF-8 (R2 takes bytes: nothing to escape).
    /// Returns the column's text (empty when in R2) and the R2 key. Which form is written first
    /// follows the body's size: a body under [`ASCII_FIRST_BELOW`] bytes gives an event that
    /// fits a row all but always, so its ASCII text is written directly; a larger body's UTF-8
    /// text is written first, and escaped only when it fits a row after all. Either way the
    /// right form is kept; the order only saves time.
    async fn place_event(
        &self,
        key: String,
        event: &Listed,
        body_bytes: usize,
    ) -> Result<(String, Option<String>)> {
        let in_r2 = if body_bytes < ASCII_FIRST_BELOW {
            let ascii = to_ascii_json(event)?;
            if ascii.len() <= INLINE_LIMIT {
                return Ok((ascii, None));
            }
            // An event that outgrew a row from a small body (many short turns): R2 takes its
            // ASCII text as it is.
            ascii.into_bytes()
        } else {
            let mut json = Vec::new();
            write_utf8_json(&mut json, event)?;
            if json.len() <= INLINE_LIMIT {
                let text = std::str::from_utf8(&json)
                    .map_err(|_| Error::RustError("the event's JSON is not UTF-8".into()))?;
                let ascii = ascii_from_utf8_json(text)?;
                if ascii.len() <= INLINE_LIMIT {
                    return Ok((ascii, None));
                }
            }
            json
        };
        self.put_blob(&key, in_r2).await?;
        Ok((String::new(), Some(key)))
    }

    async fn put_blob(&self, key: &str, bytes: Vec<u8>) -> Result<()> {
        self.bucket()?.put(key, bytes).execute().await.map(drop)
    }

    /// The bytes kept in R2 under `key`.
    async fn blob(&self, key: &str) -> Result<Vec<u8>> {
        let object = self
            .bucket()?
            .get(key)
            .execute()
            .await?
            .ok_or_else(|| Error::RustError(format!("R2 object {key} is missing")))?;
        match object.body() {
            Some(body) => body.bytes().await,
            None => Ok(Vec::new()),
        }
    }

    /// A document that is inline (`text`) or in R2 (`blob_key`).
    async fn document(&self, text: String, blob_key: Option<&str>) -> Result<String> {
        match blob_key {
            None => Ok(text),
            Some(key) => String::from_utf8(self.blob(key).await?)
                .map_err(|_| Error::RustError(format!("R2 object {key} is not UTF-8"))),
        }
    }

    /// Deletes R2 objects (purged or erased rows).
    async fn delete_blobs(&self, keys: Vec<String>) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        self.bucket()?.delete_multiple(keys).await
    }

    /// The documents of `rows`; a full page gets a cursor (its last sequence number).
    async fn page(&self, rows: Vec<Row>, limit: u32) -> Result<Page> {
        let next_cursor = match rows.last() {
            Some(last) if rows.len() >= limit as usize => Some(format!("{}", last.seq as i64)),
            _ => None,
        };
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let text = self.document(row.document, row.blob_key.as_deref()).await?;
            items.push(RawValue::from_string(text)?);
        }
        Ok(Page { items, next_cursor })
    }

    /// Runs one writing statement with its arguments.
    async fn run(&self, sql: &str, args: &[JsValue]) -> Result<D1Result> {
        self.wrote();
        self.db.prepare(sql).bind(args)?.run().await
    }

    /// The one row a statement keyed by an id (`?1`) selects, if any.
    async fn first_row<T: DeserializeOwned>(&self, sql: &str, id: &str) -> Result<Option<T>> {
        self.db.prepare(sql).bind(&[id.into()])?.first(None).await
    }

    /// Every row a statement selects.
    async fn all<T: DeserializeOwned>(&self, sql: &str, args: &[JsValue]) -> Result<Vec<T>> {
        self.db.prepare(sql).bind(args)?.all().await?.results()
    }

    /// Runs one statement whose result is not needed.
    async fn execute(&self, sql: &str, args: &[JsValue]) -> Result<()> {
        self.run(sql, args).await.map(drop)
    }

    /// How many rows a statement changed.
    async fn changes(&self, sql: &str, args: &[JsValue]) -> Result<usize> {
        let result = self.run(sql, args).await?;
        Ok(result.meta()?.and_then(|meta| meta.changes).unwrap_or(0))
    }
}

fn optional(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from)
}

/// A text for an indexed column, or null when it is too long to index.
fn key_column(value: Option<&str>) -> JsValue {
    optional(value.filter(|text| text.len() <= MAX_KEY_COLUMN))
}

/// A list of texts as one JSON array argument (read back with `json_each`).
fn json_list(items: &[String]) -> JsValue {
    JsValue::from(serde_json::to_string(items).unwrap_or_else(|_| "[]".into()))
}
