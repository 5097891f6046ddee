//! The quarantine: bodies that could not be normalized (kept whole, for replay) and bodies
//! refused for their size or type from an authenticated sender (their first 64 KiB, size and
//! SHA-256, as a trace). Bodies and issues too large for a row live in R2.

use super::{optional, Page, Row, Store, INLINE_LIMIT};
use crate::Issue;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{js_sys, Error, Result};

/// Why a body is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// It could not be normalized (kept whole).
    Invalid,
    /// Over `MAX_BODY_BYTES` (413): only its start is kept.
    TooLarge,
    /// A content type no vendor sends (415).
    UnsupportedMediaType,
}

impl Reason {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Invalid => "invalid",
            Reason::TooLarge => "too_large",
            Reason::UnsupportedMediaType => "unsupported_media_type",
        }
    }
}

/// A body to keep.
pub struct NewQuarantine<'a> {
    /// `q_…`.
    pub id: &'a str,
    /// Why.
    pub reason: Reason,
    /// The vendor named in the URL, if any.
    pub route_vendor: Option<&'a str>,
    /// The request's `Content-Type`.
    pub content_type: Option<&'a str>,
    /// The bytes kept (the whole body, or its start).
    pub body: &'a [u8],
    /// How many bytes were received (more than `body` when only its start is kept).
    pub body_bytes: usize,
    /// Hex SHA-256 of the bytes received.
    pub body_sha256: &'a str,
    /// The request's headers without credentials (a JSON object), for refusals.
    pub headers: Option<&'a str>,
    /// What is wrong with it.
    pub issues: &'a [Issue],
    /// When it arrived.
    pub received_at: &'a str,
    /// Keyed hashes of the phone numbers it may hold (a JSON array).
    pub phone_keys: Option<String>,
}

/// A quarantined body, as kept, for replay.
pub struct KeptBody {
    /// The vendor named in the URL, if any.
    pub route_vendor: Option<String>,
    /// The request's `Content-Type`, to read the body as it was sent.
    pub content_type: Option<String>,
    /// Whether the body was kept whole (refused bodies keep only their start).
    pub complete: bool,
    /// The body's bytes.
    pub body: Vec<u8>,
}

/// Longest `Content-Type` kept.
const MAX_CONTENT_TYPE: usize = 256;

impl Store {
    /// Keeps a body with its issues; a body already kept (same id) keeps its row and gets the
    /// latest issues.
    pub async fn quarantine(&self, kept: &NewQuarantine<'_>) -> Result<()> {
        let issues = bounded_issues(kept.issues)?;
        let (body, blob_key) = if kept.body.len() <= INLINE_LIMIT {
            (kept.body, None)
        } else {
            let key = format!("quarantine/{}", kept.id);
            self.put_blob(&key, kept.body.to_vec()).await?;
            (&[][..], Some(key))
        };
        let content_type = kept
            .content_type
            .map(|t| t.chars().take(MAX_CONTENT_TYPE).collect::<String>());
        self.execute(
            "INSERT INTO quarantine (id, route_vendor, content_type, received_at, issues, body, \
                 reason, body_bytes, body_sha256, complete, headers, blob_key, phone_keys) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
             ON CONFLICT (id) DO UPDATE SET issues = excluded.issues",
            &[
                kept.id.into(),
                optional(kept.route_vendor),
                optional(content_type.as_deref()),
                kept.received_at.into(),
                issues.into(),
                js_sys::Uint8Array::from(body).buffer().into(),
                kept.reason.as_str().into(),
                JsValue::from_f64(kept.body_bytes as f64),
                kept.body_sha256.into(),
                JsValue::from(u8::from(kept.body.len() == kept.body_bytes)),
                optional(kept.headers),
                optional(blob_key.as_deref()),
                optional(kept.phone_keys.as_deref()),
            ],
        )
        .await
    }

    /// Lists quarantined bodies (without the bodies themselves), oldest first.
    pub async fn quarantine_list(
        &self,
        status: Option<&str>,
        after: i64,
        limit: u32,
    ) -> Result<Page> {
        let rows: Vec<Row> = self
            .all(
                "SELECT seq, NULL AS blob_key, json_object('id', id, 'reason', reason, \
                 'route_vendor', route_vendor, 'content_type', content_type, \
                 'received_at', received_at, 'body_bytes', COALESCE(body_bytes, length(body)), \
                 'body_sha256', body_sha256, 'complete', json(CASE complete WHEN 1 THEN 'true' \
                 ELSE 'false' END), 'headers', json(headers), 'status', status, \
                 'event_id', event_id, 'replayed_at', replayed_at, 'issues', json(issues)) \
                 AS document FROM quarantine WHERE (?1 IS NULL OR status = ?1) AND seq > ?2 \
                 ORDER BY seq LIMIT ?3",
                &[
                    optional(status),
                    JsValue::from_f64(after as f64),
                    JsValue::from(limit),
                ],
            )
            .await?;
        self.page(rows, limit).await
    }

    /// A quarantined body, for replay.
    pub async fn quarantined(&self, id: &str) -> Result<Option<KeptBody>> {
        #[derive(Deserialize)]
        struct Kept {
            route_vendor: Option<String>,
            content_type: Option<String>,
            complete: u8,
            body_hex: String,
            blob_key: Option<String>,
        }
        let kept: Option<Kept> = self
            .first_row(
                "SELECT route_vendor, content_type, complete, hex(body) AS body_hex, blob_key \
                 FROM quarantine WHERE id = ?1",
                id,
            )
            .await?;
        let Some(kept) = kept else {
            return Ok(None);
        };
        let body = match &kept.blob_key {
            Some(key) => self.blob(key).await?,
            None => crate::signature::encoding::decode_hex(&kept.body_hex)
                .ok_or_else(|| Error::RustError("a quarantined body is not hex".into()))?,
        };
        Ok(Some(KeptBody {
            route_vendor: kept.route_vendor,
            content_type: kept.content_type,
            complete: kept.complete == 1,
            body,
        }))
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
            &[id.into(), bounded_issues(issues)?.into()],
        )
        .await
    }
}

/// The most text of issues kept with a body: as many issues as fit, the first (most
/// fundamental) ones; a replay finds them all again.
const MAX_ISSUES_TEXT: usize = 256 * 1024;

/// The issues as a JSON array of at most [`MAX_ISSUES_TEXT`] bytes.
fn bounded_issues(issues: &[Issue]) -> Result<String> {
    let mut kept = Vec::new();
    let mut size = 2;
    for issue in issues {
        let text = serde_json::to_string(issue)?;
        size += text.len() + 1;
        if size > MAX_ISSUES_TEXT {
            break;
        }
        kept.push(text);
    }
    Ok(format!("[{}]", kept.join(",")))
}
