//! A platform voicehook does not know yet, read with the operator's mapping: the event's
//! `vendor` is `custom` and `custom_vendor` the name the mapping was given (`acme`).
//! Never recognised from a body: it is named, with its mapping.

use super::{Spec, Vendor};
use crate::error::IssueCode;
use crate::event::{CallEvent, EventKind};
use crate::json::Value;
use crate::mapping::Mapping;
use crate::reader::Node;

/// The registry's entry for a custom platform.
pub(super) const SPEC: Spec = Spec {
    recognises,
    map,
    per_delivery: &[],
    url_token: false,
    signing: None,
};

fn recognises(_: &Value<'_>) -> bool {
    false
}

fn map(root: Node<'_>, mapping: Option<&Mapping>) -> CallEvent {
    match mapping {
        Some(mapping) => crate::mapping::read_event(root, mapping, Vendor::Custom, &[]),
        None => {
            root.fatal(
                IssueCode::InvalidMapping,
                "a mapping for this platform",
                "a custom platform is read with its mapping; none was given",
            );
            CallEvent::blank(Vendor::Custom, EventKind::CallEnded)
        }
    }
}
