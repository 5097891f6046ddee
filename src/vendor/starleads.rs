//! Starleads: one processed campaign item per webhook (no event name: the body is the item).
//!
//! The webhook serializes a .NET model in PascalCase (`Id`, `CampaignId`, `Result.Tag.Name`) with
//! Mongo-style `_id` on nested objects; the REST API sends the same object in camelCase. Keys are
//! therefore matched without case and `Id`/`_id`/`id` are all accepted, at every level.
//! Starleads places the calls of its campaigns, so the direction is outbound and `PhoneNumber`
//! is the called contact. `EventList` (documented for the API, uncertain in the webhook) is kept
//! in `extra` and its `LaunchCall`/`PickUp`/`EndCall` dates fill the call's times. `LastCallDate`
//! stays in `extra`: the docs do not say whether it marks the start or the end of the attempt.

use super::{Spec, Vendor, has_member_nocase};
use crate::event::{CallEvent, Campaign, Direction, EventKind, Outcome, Transcript};
use crate::field::contact::{self, Absorb};
use crate::field::{status, time, transcript};
use crate::json::Value;
use crate::reader::{Node, Obj};

const ID_KEYS: [&str; 2] = ["Id", "_id"];

/// `RunningStatus` as documented; the event's kind follows it (`Pending` is queued, `Calling`
/// started, `Error` failed, the rest ended).
const RUNNING_STATUSES: [&str; 5] = [
    "Pending",
    "Calling",
    "Processed",
    "ProcessingResult",
    "Error",
];

/// The registry's entry for Starleads (given a URL only).
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: true,
    signing: None,
};

/// Starleads' campaign item: a campaign id and an item status, result or data bag.
pub(super) fn recognises(body: &Value<'_>) -> bool {
    has_member_nocase(body, "CampaignId")
        && ["RunningStatus", "Result", "DataBag"]
            .iter()
            .any(|key| has_member_nocase(body, key))
}

pub(super) fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Starleads, EventKind::CallEnded);
    let Some(item) = root.object() else {
        return event;
    };
    // A missing id is reported in the casing the body uses (webhook `Id`, API `id`).
    let camel_case =
        root.value.get("campaignId").is_some() || root.value.get("runningStatus").is_some();
    let id_key = if camel_case { "id" } else { "Id" };
    event.call.id = item.subject_id(item.get_any_nocase(&ID_KEYS), id_key);
    event.call.direction = Some(Direction::Outbound);
    event.call.to = item.get_nocase("PhoneNumber").and_then(|n| n.phone());
    event.contact.phone = event.call.to.clone();
    event.call.attempt = item.get_nocase("AttemptCount").and_then(|n| n.count());
    event.occurred_at = item.get_nocase("ProcessedAt").and_then(|n| n.time());
    (event.call.status, event.call.status_raw) =
        status::read_documented(item.get_nocase("RunningStatus"), &RUNNING_STATUSES);
    event.kind = status::call_kind(event.call.status);
    event.campaign = item
        .get_nocase("CampaignId")
        .and_then(|n| n.string())
        .map(|id| Campaign {
            id: Some(id),
            ..Campaign::default()
        });
    if let Some(data_bag) = item.get_nocase("DataBag").and_then(|n| n.object()) {
        contact::absorb(&mut event.contact, &data_bag, Absorb::Move);
    }
    if let Some(result) = item.get_nocase("Result").and_then(|n| n.object()) {
        map_result(&result, &mut event);
    }
    apply_event_list(root.value, &mut event);
    event
}

fn map_result(result: &Obj<'_>, event: &mut CallEvent) {
    let label = result
        .get_nocase("Tag")
        .and_then(|n| n.object())
        .and_then(|tag| tag.get_nocase("Name").and_then(|n| n.string()));
    let system = result.get_nocase("IsSystem").and_then(|n| n.boolean());
    if label.is_some() || system.is_some() {
        event.outcome = Some(Outcome {
            label,
            system,
            ..Outcome::default()
        });
    }
    event.transcript = result
        .get_nocase("Conversation")
        .and_then(|n| n.object())
        .and_then(|conversation| {
            let messages = conversation.get_nocase("Messages")?.array()?;
            Some(Transcript {
                messages: transcript::messages(&messages),
                text: None,
            })
        });
    event.summary = result.get_nocase("Summary").and_then(|n| n.string());
    if let Some(metadata) = result.get_nocase("Metadata").and_then(|n| n.object()) {
        event.variables = metadata.node().map().unwrap_or_default();
        contact::absorb(&mut event.contact, &metadata, Absorb::Copy);
    }
}

/// Fills the call's times from `EventList` (left in `extra` as sent).
fn apply_event_list(item: &Value<'_>, event: &mut CallEvent) {
    let Some(Value::Array(list)) = item
        .entries()
        .and_then(|entries| {
            entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("EventList"))
        })
        .map(|(_, v)| v)
    else {
        return;
    };
    let member = |entry: &Value<'_>, key: &str| -> Option<String> {
        let entries = entry.entries()?;
        let (_, value) = entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))?;
        value.as_str().map(str::to_owned)
    };
    for entry in list {
        let (Some(kind), Some(date)) = (member(entry, "Type"), member(entry, "Date")) else {
            continue;
        };
        let Some(at) = time::parse_text(&date).map(|t| t.text()) else {
            continue;
        };
        let slot = match kind.as_str() {
            "LaunchCall" => &mut event.call.started_at,
            "PickUp" => &mut event.call.answered_at,
            "EndCall" => &mut event.call.ended_at,
            _ => continue,
        };
        slot.get_or_insert(at);
    }
}
