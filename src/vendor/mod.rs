//! The vendors voicehook knows, how a body is recognised as one of them, and the dispatch to
//! each vendor's mapping. Adding a vendor is one module here and one line in each `match`.

mod autocalls;
mod callab;
mod smallest_atoms;
mod staragent;
mod starleads;

use crate::error::{Issue, IssueCode};
use crate::event::CallEvent;
use crate::id::MemberPath;
use crate::json::Value;
use crate::mapping::Mapping;
use crate::reader::Node;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A calling platform whose webhooks voicehook normalizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Vendor {
    /// Starleads (starleads.co): one campaign item per processed conversation.
    Starleads,
    /// StarAgent (staragent.io): `incoming_call` and `voicemail`.
    Staragent,
    /// Callab.ai: a user-templated body; eleven call, conversation and campaign events.
    Callab,
    /// Smallest.ai Atoms: pre-conversation, post-conversation, analytics-completed.
    SmallestAtoms,
    /// Autocalls.ai (and Famulor and white labels): one post-call body.
    Autocalls,
}

impl Vendor {
    /// Every vendor, in the order detection tries them.
    pub const ALL: [Vendor; 5] = [
        Vendor::Starleads,
        Vendor::Staragent,
        Vendor::Callab,
        Vendor::SmallestAtoms,
        Vendor::Autocalls,
    ];

    /// The snake_case name, as serialized and as used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Starleads => "starleads",
            Vendor::Staragent => "staragent",
            Vendor::Callab => "callab",
            Vendor::SmallestAtoms => "smallest_atoms",
            Vendor::Autocalls => "autocalls",
        }
    }

    /// Whether `body` has this vendor's shape (no issues are recorded).
    fn recognises(self, body: &Value<'_>) -> bool {
        match self {
            Vendor::Starleads => starleads::recognises(body),
            Vendor::Staragent => staragent::recognises(body),
            Vendor::Callab => callab::recognises(body),
            Vendor::SmallestAtoms => smallest_atoms::recognises(body),
            Vendor::Autocalls => autocalls::recognises(body),
        }
    }

    /// The members this vendor changes from one delivery of a webhook to the next (left out of
    /// the event id, so a redelivery keeps its id).
    pub(crate) fn per_delivery(self) -> &'static [MemberPath] {
        match self {
            Vendor::SmallestAtoms => smallest_atoms::PER_DELIVERY,
            Vendor::Starleads | Vendor::Staragent | Vendor::Callab | Vendor::Autocalls => &[],
        }
    }

    /// Maps a body of this vendor into an event; problems are recorded on the reader.
    pub(crate) fn map(self, root: Node<'_>, mapping: Option<&Mapping>) -> CallEvent {
        match self {
            Vendor::Starleads => starleads::map(root),
            Vendor::Staragent => staragent::map(root),
            Vendor::Callab => callab::map(root, mapping),
            Vendor::SmallestAtoms => smallest_atoms::map(root),
            Vendor::Autocalls => autocalls::map(root),
        }
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
        f.write_str(&names().join(", "))
    }
}

impl std::error::Error for UnknownVendorName {}

impl From<UnknownVendorName> for Issue {
    /// An `unknown_vendor` issue about the vendor named in the options (path `""`).
    fn from(err: UnknownVendorName) -> Issue {
        Issue::new(IssueCode::UnknownVendor, "", err.to_string())
            .expected(names().join(", "))
            .found("another name")
    }
}

impl FromStr for Vendor {
    type Err = UnknownVendorName;

    /// Accepts the snake_case name, with `-` for `_` and any case (`smallest-atoms`).
    fn from_str(name: &str) -> Result<Vendor, UnknownVendorName> {
        let folded = name.trim().to_ascii_lowercase().replace('-', "_");
        Vendor::ALL
            .into_iter()
            .find(|vendor| vendor.as_str() == folded)
            .ok_or(UnknownVendorName)
    }
}

fn names() -> Vec<&'static str> {
    Vendor::ALL.iter().map(|vendor| vendor.as_str()).collect()
}

/// Recognises the vendor of a parsed body: exactly one vendor must recognise it.
pub(crate) fn detect(body: &Value<'_>) -> Result<Vendor, Issue> {
    let mut matching = Vendor::ALL.into_iter().filter(|v| v.recognises(body));
    match (matching.next(), matching.next()) {
        (Some(vendor), None) => Ok(vendor),
        (None, _) => Err(Issue::new(
            IssueCode::UnknownVendor,
            "",
            "no vendor recognises this body; name the vendor explicitly, or use a mapping",
        )
        .expected(format!("the body of one of: {}", names().join(", ")))
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

/// The text of a string member, for recognising shapes without recording anything.
fn member_str<'v>(body: &'v Value<'_>, key: &str) -> Option<&'v str> {
    body.get(key).and_then(Value::as_str)
}

/// Whether an object has a member named `key`, compared without ASCII case.
fn has_member_nocase(body: &Value<'_>, key: &str) -> bool {
    body.entries()
        .is_some_and(|entries| entries.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)))
}
