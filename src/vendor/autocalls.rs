//! Autocalls.ai post-call webhook (the same body is documented by Famulor and white labels):
//! one body per call, no event name.
//!
//! The transcript is a text (`AI: …\nCustomer: …`, Autocalls) or an array of
//! `{text, type, sender, timestamp}` with Unix-second timestamps (Famulor); both are accepted.
//! `campaign` sits inside `lead` in the published example and beside it in the field tables:
//! both places are read. `extracted_variables` stays whole in `variables`; by convention its
//! `summary` is the call summary and its boolean `status` whether the objective was reached.
//! Campaign calls (those with a `lead`) are outbound; otherwise the direction is not known.

use super::{Spec, Vendor, member_str};
use crate::event::{CallEvent, Campaign, Direction, EventKind, Outcome, Recording};
use crate::field::contact::{self, Absorb};
use crate::field::{duration, status, transcript};
use crate::json::Value;
use crate::reader::{Node, Obj};

/// Members only the Autocalls body has; `event` marks every other vendor's body.
const OWN_KEYS: [&str; 4] = [
    "customer_phone",
    "assistant_phone",
    "extracted_variables",
    "input_variables",
];

/// The registry's entry for Autocalls.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: true,
    signing: None,
};

/// A body without `event` that has one of Autocalls' own members.
pub(super) fn recognises(body: &Value<'_>) -> bool {
    member_str(body, "event").is_none() && OWN_KEYS.iter().any(|key| body.get(key).is_some())
}

pub(super) fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Autocalls, EventKind::CallEnded);
    let Some(body) = root.object() else {
        return event;
    };
    event.call.id = body.subject_id(body.get("id"), "id");
    event.contact.phone = body.get("customer_phone").and_then(|n| n.phone());
    event.agent.phone = body.get("assistant_phone").and_then(|n| n.phone());
    event.call.duration_seconds = body.get("duration").and_then(|n| duration::seconds(&n));
    (event.call.status, event.call.status_raw) = status::read(body.get("status"));
    event.kind = status::finished_call_kind(event.call.status);
    event.call.started_at = body.get("created_at").and_then(|n| n.time());
    event.call.ended_at = body.get("finished_at").and_then(|n| n.time());
    event.occurred_at = event.call.ended_at.clone();
    event.recording = Recording::at(body.get("recording_url").and_then(|n| n.string()));
    event.transcript = body
        .get("transcript")
        .and_then(|n| transcript::from_node(&n));
    if let Some(inputs) = body.get("input_variables").and_then(|n| n.object()) {
        contact::absorb(&mut event.contact, &inputs, Absorb::Move);
    }
    if let Some(extracted) = body.get("extracted_variables").and_then(|n| n.object()) {
        map_extracted(&extracted, &mut event);
    }
    if let Some(lead) = body.get("lead").and_then(|n| n.object()) {
        event.call.direction = Some(Direction::Outbound);
        map_lead(&lead, &mut event);
    }
    if let Some(campaign) = body.get("campaign").and_then(|n| n.object()) {
        event.campaign = Some(read_campaign(&campaign));
    }
    event
}

/// `extracted_variables`: kept whole; `summary` and boolean `status` also fill their homes.
fn map_extracted(extracted: &Obj<'_>, event: &mut CallEvent) {
    event.summary = extracted.get("summary").and_then(|n| n.string());
    let success = extracted.get("status").and_then(|n| match n.value {
        Value::Bool(b) => Some(*b),
        _ => None,
    });
    if success.is_some() {
        event.outcome = Some(Outcome {
            success,
            ..Outcome::default()
        });
    }
    event.variables = extracted.node().map().unwrap_or_default();
    contact::absorb(&mut event.contact, extracted, Absorb::Copy);
}

fn map_lead(lead: &Obj<'_>, event: &mut CallEvent) {
    event.contact.id = lead.get("id").and_then(|n| n.string());
    if event.contact.phone.is_none() {
        event.contact.phone = lead.get("phone_number").and_then(|n| n.phone());
    }
    if let Some(variables) = lead.get("variables").and_then(|n| n.object()) {
        contact::absorb(&mut event.contact, &variables, Absorb::Move);
    }
    if let Some(campaign) = lead.get("campaign").and_then(|n| n.object()) {
        event.campaign = Some(read_campaign(&campaign));
    }
}

fn read_campaign(campaign: &Obj<'_>) -> Campaign {
    Campaign {
        id: campaign.get("id").and_then(|n| n.string()),
        name: campaign.get("name").and_then(|n| n.string()),
        status: campaign.get("status").and_then(|n| n.string()),
        extra: campaign.rest(),
    }
}
