//! Synthflow: one post-call body, no event name.
//!
//! The current body nests `lead{name, phone_number, prompt_variables}` and `call{status,
//! end_call_reason, call_id, duration, start_time, transcript, recording_url, …}` beside
//! `executed_actions` and `collected_variables` (since 2026-02, nullable). Older and white-label
//! bodies are flatter: the call's members at the top, and the call id spelled `Call_id` in some
//! setups; every member is therefore looked up in `call` first, then at the top, without case.
//! The transcript is `bot:`/`human:` lines. Each executed action's `return_value` and each
//! collected variable's `value` go to `variables`; the actions' settings stay in `extra`.

use super::{has_member_nocase, member_str, Spec, Vendor, Signing};
use crate::signature::Scheme;
use crate::event::{CallEvent, CallStatus, EventKind, Outcome, Recording};
use crate::field::contact::{self, Absorb};
use crate::field::{duration, status, transcript};
use crate::json::Value;
use crate::reader::{Node, Obj};

/// Call statuses as documented (NOTES.md).
const CALL_STATUSES: [&str; 14] = [
    "pending",
    "ringing",
    "in-progress",
    "completed",
    "no-answer",
    "busy",
    "failed",
    "canceled",
    "user-canceled",
    "hangup_on_voicemail",
    "left_voicemail",
    "spam",
    "paused",
    "registered",
];

/// `end_call_reason`s that mean the call reached a voicemail box.
const VOICEMAIL_REASONS: [&str; 2] = ["voicemail", "voicemail_message_left"];

/// The registry's entry for Synthflow.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map: |root, _| map(root),
    per_delivery: &[],
    url_token: false,
    signing: Some(Signing {
        scheme: Scheme::Synthflow,
        setting: "SYNTHFLOW_WEBHOOK_SECRET",
    }),
};

/// A body without `event` that has Synthflow's `end_call_reason`, `executed_actions` or
/// `collected_variables`, its `Call_id`, or a `call` object beside a `lead`.
fn recognises(body: &Value<'_>) -> bool {
    let nested_reason = body
        .get("call")
        .is_some_and(|call| call.get("end_call_reason").is_some());
    member_str(body, "event").is_none()
        && (nested_reason
            || ["end_call_reason", "executed_actions", "collected_variables"]
                .iter()
                .any(|key| body.get(key).is_some())
            || body.get("Call_id").is_some()
            || (body.get("lead").is_some() && has_member_nocase(body, "call")))
}

/// The call id Synthflow signs (`Synthflow-Signature` covers it alone): `call.call_id`, else
/// the top-level `call_id` (any case: `Call_id`), as `map` reads it; `None` when the body is not
/// a JSON object or has none.
pub(crate) fn signed_call_id(body: &[u8]) -> Option<String> {
    let body = crate::json::parse(body).ok()?;
    let member = |object: &Value<'_>| -> Option<String> {
        let (_, value) = object
            .entries()?
            .iter()
            .rev()
            .find(|(key, _)| key.eq_ignore_ascii_case("call_id"))?;
        match value {
            Value::String(text) | Value::Number(text) => Some(text.to_string()),
            _ => None,
        }
    };
    body.get("call")
        .and_then(member)
        .or_else(|| member(&body))
}

fn map(root: Node<'_>) -> CallEvent {
    let mut event = CallEvent::blank(Vendor::Synthflow, EventKind::CallEnded);
    let Some(body) = root.object() else {
        return event;
    };
    let call = body.get("call").and_then(|n| n.object());
    // A member of the call: in `call`, else at the top (older and white-label bodies).
    let member = |key: &str| -> Option<Node<'_>> {
        call.as_ref()
            .and_then(|call| call.get_nocase(key))
            .or_else(|| body.get_nocase(key))
    };
    event.call.id = match call.as_ref() {
        Some(call) if call.get_nocase("call_id").is_some() => {
            call.subject_id(call.get_nocase("call_id"), "call_id")
        }
        _ => body.subject_id(body.get_nocase("call_id"), "call_id"),
    };
    let status_node = member("status").or_else(|| member("call_status"));
    (event.call.status, event.call.status_raw) =
        status::read_documented(status_node, &CALL_STATUSES);
    let reason = member("end_call_reason").and_then(|n| n.string());
    if reason
        .as_deref()
        .is_some_and(|r| VOICEMAIL_REASONS.contains(&r))
    {
        event.call.status = CallStatus::Voicemail;
    }
    event.kind = status::finished_call_kind(event.call.status);
    event.call.duration_seconds = member("duration").and_then(|n| duration::seconds(&n));
    event.call.started_at = member("start_time").and_then(|n| n.time());
    event.transcript = member("transcript").and_then(|n| transcript::from_node(&n));
    event.recording = Recording::at(member("recording_url").and_then(|n| n.string()));
    if let Some(lead) = body.get("lead").and_then(|n| n.object()) {
        map_lead(&lead, &mut event);
    }
    if let Some(actions) = body.get("executed_actions").and_then(|n| n.object()) {
        actions.for_each_rest(|_, action| {
            let returned = action
                .object()
                .and_then(|action| action.get("return_value").and_then(|n| n.map()));
            event.variables.extend(returned.unwrap_or_default());
        });
    }
    if let Some(collected) = body.get("collected_variables").and_then(|n| n.object()) {
        read_collected(&collected, &mut event);
    }
    let error = body.get("error_message").and_then(|n| n.string());
    let outcome = Outcome {
        reason: reason.or(error),
        ..Outcome::default()
    };
    event.outcome = outcome.if_known();
    event
}

fn map_lead(lead: &Obj<'_>, event: &mut CallEvent) {
    event.contact.name = lead.get("name").and_then(|n| n.string());
    event.contact.phone = lead.get("phone_number").and_then(|n| n.phone());
    if let Some(variables) = lead.get("prompt_variables").and_then(|n| n.object()) {
        contact::absorb(&mut event.contact, &variables, Absorb::Move);
    }
}

/// `collected_variables{<var>: {value, collected}}`: each value to `variables`.
fn read_collected(collected: &Obj<'_>, event: &mut CallEvent) {
    collected.for_each_rest(|name, entry| {
        let value = entry
            .object()
            .and_then(|entry| entry.get("value").map(|n| n.json()));
        if let Some(value) = value {
            event.variables.insert(name.to_owned(), value);
        }
    });
}
