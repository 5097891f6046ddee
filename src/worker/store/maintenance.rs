//! Retention and erasure: purging what is done with (leaving tombstones of event ids, so a late
//! redelivery is not stored again) and erasing every row about one phone number, found through
//! the keyed phone index rather than by a scan.

use super::{json_list, Store};
use crate::worker::phones::{body_mentions, PhoneIndex};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::Result;

/// Rows removed by one purge.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    /// Events (delivered, or only stored) past the retention.
    pub events: usize,
    /// Quarantined bodies replayed, or refused, past the retention.
    pub quarantine: usize,
    /// Tombstones past their own retention.
    pub tombstones: usize,
}

/// An id and the R2 object it may point at.
#[derive(Deserialize)]
struct Doomed {
    id: String,
    blob_key: Option<String>,
}

impl Store {
    /// Purges, at most `limit` rows of each table: events delivered (or stored while delivery
    /// was off) and quarantined bodies replayed or refused, received before `before`; and
    /// tombstones made before it (a tombstone outlives its event by one retention period).
    /// Undelivered, dead and open rows stay.
    pub async fn purge(&self, before: &str, now: &str, limit: u32) -> Result<Purged> {
        let events: Vec<Doomed> = self
            .all(
                "SELECT id, blob_key FROM events WHERE received_at < ?1 \
                 AND (delivery_state IS NULL OR delivery_state = 'delivered') \
                 ORDER BY received_at LIMIT ?2",
                &[before.into(), JsValue::from(limit)],
            )
            .await?;
        let quarantine: Vec<Doomed> = self
            .all(
                "SELECT id, blob_key FROM quarantine WHERE received_at < ?1 \
                 AND (status = 'replayed' OR reason <> 'invalid') \
                 ORDER BY received_at LIMIT ?2",
                &[before.into(), JsValue::from(limit)],
            )
            .await?;
        let tombstones = self
            .changes(
                "DELETE FROM tombstones WHERE purged_at < ?1",
                &[before.into()],
            )
            .await?;
        let purged = Purged {
            events: events.len(),
            quarantine: quarantine.len(),
            tombstones,
        };
        self.delete_rows(events, Vec::new(), quarantine, now)
            .await?;
        Ok(purged)
    }

    /// Erases every stored event, conflict and quarantined body about `e164`; the number of
    /// rows erased. Erased event ids get tombstones, so a redelivery does not bring them back.
    pub async fn erase_phone(&self, index: &PhoneIndex, e164: &str, now: &str) -> Result<usize> {
        let (exact, loose) = index.erasure_keys(e164);
        #[derive(Deserialize)]
        struct Ref {
            r#ref: String,
        }
        let refs = |kind: &'static str, key: String| async move {
            let rows: Vec<Ref> = self
                .all(
                    "SELECT ref FROM phone_index WHERE key = ?1 AND kind = ?2",
                    &[key.into(), kind.into()],
                )
                .await?;
            Ok::<_, worker::Error>(rows.into_iter().map(|r| r.r#ref).collect::<Vec<_>>())
        };
        let event_ids = refs("event", exact.clone()).await?;
        let conflict_seqs = refs("conflict", exact).await?;
        let mut quarantine = Vec::new();
        for id in refs("quarantine", loose).await? {
            if let Some(kept) = self.quarantined(&id).await? {
                if body_mentions(&kept.body, e164) {
                    quarantine.push(id);
                }
            }
        }
        let events = self.doomed("events", &event_ids).await?;
        let quarantine = self.doomed("quarantine", &quarantine).await?;
        let erased = events.len() + conflict_seqs.len() + quarantine.len();
        self.delete_rows(events, conflict_seqs, quarantine, now)
            .await?;
        Ok(erased)
    }

    async fn doomed(&self, table: &str, ids: &[String]) -> Result<Vec<Doomed>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, blob_key FROM {table} WHERE id IN (SELECT value FROM json_each(?1))"
        );
        self.all(&sql, &[json_list(ids)]).await
    }

    /// Deletes rows in one transaction (tombstones for the events), then their R2 objects.
    async fn delete_rows(
        &self,
        events: Vec<Doomed>,
        conflict_seqs: Vec<String>,
        quarantine: Vec<Doomed>,
        now: &str,
    ) -> Result<()> {
        if events.is_empty() && conflict_seqs.is_empty() && quarantine.is_empty() {
            return Ok(());
        }
        let event_ids: Vec<String> = events.iter().map(|d| d.id.clone()).collect();
        let quarantine_ids: Vec<String> = quarantine.iter().map(|d| d.id.clone()).collect();
        let mut blobs: Vec<String> = events
            .into_iter()
            .chain(quarantine)
            .filter_map(|d| d.blob_key)
            .collect();
        blobs.extend(self.conflict_blobs(&event_ids, &conflict_seqs).await?);
        let statement = |sql: &str, args: &[JsValue]| self.db.prepare(sql).bind(args);
        self.wrote();
        let events = json_list(&event_ids);
        self.db
            .batch(vec![
                statement(
                    "INSERT OR IGNORE INTO tombstones (id, purged_at) \
                     SELECT value, ?2 FROM json_each(?1)",
                    &[events.clone(), now.into()],
                )?,
                statement(
                    "DELETE FROM conflicts WHERE id IN (SELECT value FROM json_each(?1)) \
                     OR CAST(seq AS TEXT) IN (SELECT value FROM json_each(?2))",
                    &[events.clone(), json_list(&conflict_seqs)],
                )?,
                statement(
                    "DELETE FROM events WHERE id IN (SELECT value FROM json_each(?1))",
                    &[events],
                )?,
                statement(
                    "DELETE FROM quarantine WHERE id IN (SELECT value FROM json_each(?1))",
                    &[json_list(&quarantine_ids)],
                )?,
            ])
            .await?;
        self.delete_blobs(blobs).await
    }

    async fn conflict_blobs(&self, event_ids: &[String], seqs: &[String]) -> Result<Vec<String>> {
        #[derive(Deserialize)]
        struct Blob {
            blob_key: String,
        }
        let blobs: Vec<Blob> = self
            .all(
                "SELECT blob_key FROM conflicts WHERE blob_key IS NOT NULL \
                 AND (id IN (SELECT value FROM json_each(?1)) \
                 OR CAST(seq AS TEXT) IN (SELECT value FROM json_each(?2)))",
                &[json_list(event_ids), json_list(seqs)],
            )
            .await?;
        Ok(blobs.into_iter().map(|b| b.blob_key).collect())
    }
}
