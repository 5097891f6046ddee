//! The scheduled handler (`[triggers] crons`): hands on events stranded on their way to the
//! queue, and purges what the retention allows. Both are idempotent, so a missed or doubled
//! run does no harm.

use super::delivery;
use super::settings::Settings;
use super::store::{Purged, Store};
use worker::{console_log, js_sys, Env, Result};

/// Most events handed on by one sweep: one queue batch (100 messages at most).
const SWEEP_LIMIT: u32 = 100;
/// Most rows of each table purged by one run.
const PURGE_LIMIT: u32 = 500;
const DAY_MS: f64 = 86_400_000.0;

/// One run: the recovery sweep, then the retention purge.
pub async fn run(env: &Env, settings: &Settings) -> Result<()> {
    let store = Store::open(env)?;
    let swept = sweep(env, &store, settings).await?;
    let purged = purge(&store, settings).await?;
    let line = serde_json::json!({
        "route": "(scheduled)", "requeued": swept, "purged_events": purged.events,
        "purged_quarantine": purged.quarantine, "purged_tombstones": purged.tombstones,
    });
    console_log!("{line}");
    Ok(())
}

/// Hands on the events that should be on the queue but may not be (unqueued, or silent for
/// longer than `RECOVERY_GRACE_S`); how many.
pub async fn sweep(env: &Env, store: &Store, settings: &Settings) -> Result<usize> {
    if !settings.delivery_configured {
        return Ok(0);
    }
    let now = js_sys::Date::now();
    let before = iso(now - f64::from(settings.recovery_grace_s) * 1000.0);
    let stranded = store.stranded(&before, SWEEP_LIMIT).await?;
    if stranded.is_empty() {
        return Ok(0);
    }
    delivery::hand_on_all(env, &stranded).await?;
    let ids: Vec<String> = stranded.into_iter().map(|(id, _)| id).collect();
    store.requeued(&ids, &iso(now)).await?;
    Ok(ids.len())
}

/// Purges what is past `RETENTION_DAYS` (nothing when it is 0); tombstones live one more
/// retention period, longer than any vendor retries.
async fn purge(store: &Store, settings: &Settings) -> Result<Purged> {
    if settings.retention_days == 0 {
        return Ok(Purged::default());
    }
    let now = js_sys::Date::now();
    let retention_ms = f64::from(settings.retention_days) * DAY_MS;
    store
        .purge(&iso(now - retention_ms), &iso(now), PURGE_LIMIT)
        .await
}

fn iso(ms: f64) -> String {
    js_sys::Date::new(&ms.into()).to_iso_string().into()
}
