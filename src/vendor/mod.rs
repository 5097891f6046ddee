//! The vendor registry: every platform voicehook knows, written once. Each vendor is one module
//! here with its `SPEC` (how its body is recognised and read, what changes per delivery, how it
//! authenticates) and one line in [`registry!`]; everything that lists vendors (the enum,
//! [`Vendor::ALL`], names, detection, the CLI usage, the npm `vendors()`, the Worker's credential
//! tables) derives from that line.

use crate::error::{Issue, IssueCode};
use crate::event::{CallEvent, EventKind};
use crate::id::MemberPath;
use crate::json::Value;
use crate::mapping::Mapping;
use crate::reader::{Node, Obj};
use crate::signature::Scheme;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What voicehook knows of one vendor.
pub(crate) struct Spec {
    /// Whether a parsed body has this vendor's shape (no issues are recorded).
    pub recognises: fn(&Value<'_>) -> bool,
    /// Maps a body into an event; problems are recorded on the reader. The mapping is for
    /// vendors whose body the user designs.
    pub map: fn(Node<'_>, Option<&Mapping>) -> CallEvent,
    /// The members this vendor changes from one delivery of a webhook to the next (left out of
    /// the event id, so a redelivery keeps its id).
    pub per_delivery: &'static [MemberPath],
    /// Whether the vendor can only be given a URL: its own ingest token may then ride in
    /// `?token=`.
    pub url_token: bool,
    /// How the vendor signs its webhooks, if it does.
    pub signing: Option<Signing>,
}

/// How a vendor signs its webhooks, and the Worker setting holding its secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signing {
    /// How the signature is made.
    pub scheme: Scheme,
    /// The Worker setting (secret) with the key, several comma-separated while one is rotated.
    pub setting: &'static str,
}

/// Declares the vendors: for each, its doc, its variant, its name (a contract: URLs, the CLI,
/// npm and the schema use it) and its module.
macro_rules! registry {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal => $module:ident, )*) => {
        $(mod $module;)*

        /// A calling platform whose webhooks voicehook normalizes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
        #[non_exhaustive]
        pub enum Vendor {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Vendor {
            /// Every vendor, in the order detection tries them.
            pub const ALL: &'static [Vendor] = &[$(Vendor::$variant),*];

            /// The snake_case name, as serialized and as used in URLs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Vendor::$variant => $name,)*
                }
            }

            /// What voicehook knows of this vendor.
            pub(crate) fn spec(self) -> &'static Spec {
                match self {
                    $(Vendor::$variant => &$module::SPEC,)*
                }
            }
        }
    };
}

registry! {
    /// Starleads (starleads.co): one campaign item per processed conversation.
    Starleads = "starleads" => starleads,
    /// StarAgent (staragent.io): `incoming_call` and `voicemail`.
    Staragent = "staragent" => staragent,
    /// Callab.ai: a user-templated body; eleven call, conversation and campaign events.
    Callab = "callab" => callab,
    /// Smallest.ai Atoms: pre-conversation, post-conversation, analytics-completed.
    SmallestAtoms = "smallest_atoms" => smallest_atoms,
    /// Autocalls.ai (and Famulor and white labels): one post-call body.
    Autocalls = "autocalls" => autocalls,
    /// Retell AI: `call_started`, `call_ended`, `call_analyzed`, `transcript_updated`, `transfer_*`.
    Retell = "retell" => retell,
    /// Vapi: server messages (`status-update`, `end-of-call-report`, transcripts …).
    Vapi = "vapi" => vapi,
    /// Bland AI: the flat call object after each call (and a corrected second one).
    Bland = "bland" => bland,
    /// Synthflow: one post-call body with `lead` and `call` (or flatter).
    Synthflow = "synthflow" => synthflow,
    /// ElevenLabs Agents: post-call transcription, post-call audio, call initiation failure.
    Elevenlabs = "elevenlabs" => elevenlabs,
    /// Twilio Voice: voice requests, status and recording callbacks (form bodies).
    Twilio = "twilio" => twilio,
    /// A platform voicehook does not know yet, read with the operator's mapping; its name is
    /// in `custom_vendor`.
    Custom = "custom" => custom,
}

pub(crate) use synthflow::signed_call_id as synthflow_signed_call_id;

/// The longest custom platform name.
const MAX_CUSTOM_NAME: usize = 64;

/// Whether `name` can name a custom platform: 1 to 64 of `a-z`, `0-9`, `_` and `-`, and no
/// vendor voicehook knows (nor `custom` itself).
pub fn is_custom_vendor_name(name: &str) -> bool {
    (1..=MAX_CUSTOM_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && name.parse::<Vendor>().is_err()
}

impl Vendor {
    /// Every vendor's name, comma-separated (for usage texts and issues).
    pub fn names() -> String {
        let names: Vec<&str> = Vendor::ALL.iter().map(|vendor| vendor.as_str()).collect();
        names.join(", ")
    }

    /// Whether this vendor can only be given a URL (its own token may ride in `?token=`).
    pub fn takes_url_token(self) -> bool {
        self.spec().url_token
    }

    /// How this vendor signs its webhooks, if it does.
    pub fn signing(self) -> Option<Signing> {
        self.spec().signing
    }

    /// The members this vendor changes from one delivery of a webhook to the next.
    pub(crate) fn per_delivery(self) -> &'static [MemberPath] {
        self.spec().per_delivery
    }

    /// Maps a body of this vendor into an event; problems are recorded on the reader.
    pub(crate) fn map(self, root: Node<'_>, mapping: Option<&Mapping>) -> CallEvent {
        (self.spec().map)(root, mapping)
    }

    fn recognises(self, body: &Value<'_>) -> bool {
        (self.spec().recognises)(body)
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown vendor name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVendorName;

impl fmt::Display for UnknownVendorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown vendor; expected one of ")?;
        f.write_str(&Vendor::names())
    }
}

impl std::error::Error for UnknownVendorName {}

impl From<UnknownVendorName> for Issue {
    /// An `unknown_vendor` issue about the vendor named in the options (path `""`).
    fn from(err: UnknownVendorName) -> Issue {
        Issue::new(IssueCode::UnknownVendor, "", err.to_string())
            .expected(Vendor::names())
            .found("another name")
    }
}

impl FromStr for Vendor {
    type Err = UnknownVendorName;

    /// Accepts the snake_case name, with `-` for `_` and any case (`smallest-atoms`).
    fn from_str(name: &str) -> Result<Vendor, UnknownVendorName> {
        let folded = name.trim().to_ascii_lowercase().replace('-', "_");
        Vendor::ALL
            .iter()
            .copied()
            .find(|vendor| vendor.as_str() == folded)
            .ok_or(UnknownVendorName)
    }
}

/// Recognises the vendor of a parsed body: exactly one vendor must recognise it.
pub(crate) fn detect(body: &Value<'_>) -> Result<Vendor, Issue> {
    let mut matching = Vendor::ALL.iter().copied().filter(|v| v.recognises(body));
    match (matching.next(), matching.next()) {
        (Some(vendor), None) => Ok(vendor),
        (None, _) => Err(Issue::new(
            IssueCode::UnknownVendor,
            "",
            "no vendor recognises this body; name the vendor explicitly, or use a mapping",
        )
        .expected(format!("the body of one of: {}", Vendor::names()))
        .found("an object no vendor's shape matches")),
        (Some(first), Some(second)) => Err(Issue::new(
            IssueCode::UnknownVendor,
            "",
            format!("the body could come from {first} or {second}; name the vendor explicitly"),
        )
        .expected("the body of exactly one vendor")
        .found("a body several vendors' shapes match")),
    }
}

/// Reads the event name under `key` and looks it up in `events`: the name (for
/// `vendor_event`) and its kind. A missing name is a fatal `missing_field`, a name not listed a
/// fatal `unknown_event` expecting `expected`.
fn event_name(
    object: &Obj<'_>,
    key: &str,
    events: &[(&str, EventKind)],
    expected: &str,
) -> (Option<String>, Option<EventKind>) {
    let name = object.require_text(object.get(key), key);
    let kind = name
        .as_deref()
        .and_then(|name| events.iter().find(|(e, _)| *e == name))
        .map(|(_, kind)| *kind);
    if let (Some(_), None, Some(node)) = (&name, kind, object.get(key)) {
        node.fatal(
            IssueCode::UnknownEvent,
            expected,
            "not one of the vendor's events",
        );
    }
    (name, kind)
}

/// The text of a string member, for recognising shapes without recording anything.
fn member_str<'v>(body: &'v Value<'_>, key: &str) -> Option<&'v str> {
    body.get(key).and_then(Value::as_str)
}

/// Whether an object has a member named `key`, compared without ASCII case.
fn has_member_nocase(body: &Value<'_>, key: &str) -> bool {
    body.entries()
        .is_some_and(|entries| entries.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_of_the_registry_is_named_once_and_found_by_its_name() {
        let mut names: Vec<&str> = Vendor::ALL.iter().map(|v| v.as_str()).collect();
        for (vendor, name) in Vendor::ALL.iter().zip(&names) {
            assert_eq!(name.parse::<Vendor>(), Ok(*vendor));
            assert_eq!(name.to_uppercase().replace('_', "-").parse(), Ok(*vendor));
            let json = serde_json::to_string(vendor).unwrap();
            assert_eq!(json, format!("\"{name}\""));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Vendor::ALL.len(), "a name is used twice");
    }
}
