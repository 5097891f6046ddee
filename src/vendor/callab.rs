//! Callab.ai's Webhook Module: eleven events, and a body the user builds from a template.
//!
//! Callab has no fixed wire schema: each campaign's webhook body is a template filled from
//! contact fields, agent outcomes and call-log fields. voicehook reads two kinds of bodies:
//! (a) the recommended template (`callab_template.json` beside this file, documented in the
//! README): Callab's own call-log names (`call_id`, `call_from`, `call_duration`,
//! `agent_post_call_outcomes` …) plus `event`; (b) any other template, described by a
//! [`Mapping`]. Both run through the same mapping engine.

use super::{member_str, Spec, Vendor};
use crate::event::{CallEvent, EventKind};
use crate::json::Value;
use crate::mapping::Mapping;
use crate::reader::Node;
use std::sync::OnceLock;

/// Callab's event names (Webhook Module docs) and their kinds.
const EVENTS: [(&str, EventKind); 11] = [
    ("call.started", EventKind::CallStarted),
    ("call.ended", EventKind::CallEnded),
    ("call.failed", EventKind::CallFailed),
    ("call.voicemail_detected", EventKind::VoicemailDetected),
    ("conversation.transcript", EventKind::TranscriptUpdated),
    ("conversation.intent_detected", EventKind::IntentDetected),
    ("conversation.entity_captured", EventKind::EntityCaptured),
    ("campaign.started", EventKind::CampaignStarted),
    ("campaign.paused", EventKind::CampaignPaused),
    ("campaign.completed", EventKind::CampaignCompleted),
    ("campaign.quota_reached", EventKind::CampaignQuotaReached),
];

/// The recommended template, as a mapping.
const TEMPLATE: &str = include_str!("callab_template.json");

fn template() -> &'static Mapping {
    static TEMPLATE_MAPPING: OnceLock<Mapping> = OnceLock::new();
    // Built outside the normalization's arena: it is kept for good (crate::outside_arena).
    TEMPLATE_MAPPING.get_or_init(|| {
        crate::outside_arena(|| match Mapping::from_json(TEMPLATE) {
            Ok(mapping) => mapping,
            // The template is part of the crate and checked by a unit test; an empty mapping
            // would still read the event name and send everything else to `extra`.
            Err(_) => Mapping::empty(),
        })
    })
}

/// The registry's entry for Callab.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map,
    per_delivery: &[],
    url_token: false,
    signing: None,
};

/// A body whose `event` is one of Callab's eleven names.
fn recognises(body: &Value<'_>) -> bool {
    member_str(body, "event").is_some_and(|name| EVENTS.iter().any(|(e, _)| *e == name))
}

/// Reads a body with its mapping, or the recommended template.
fn map(root: Node<'_>, mapping: Option<&Mapping>) -> CallEvent {
    let mapping = mapping.unwrap_or_else(|| template());
    crate::mapping::read_event(root, mapping, Vendor::Callab, &EVENTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recommended_template_is_a_valid_mapping() {
        assert!(Mapping::from_json(TEMPLATE).is_ok());
    }
}
