//! Rejections and issues: what went wrong, where (a JSON Pointer into the input), what was expected
//! and what was found.
//!
//! An [`Issue`] never repeats a value from the body: `found` names a type or a shape, because
//! webhook bodies carry phone numbers and transcripts. The same structure is used for fatal issues
//! (collected in a [`Rejection`]) and for the non-fatal `warnings` of a
//! [`CallEvent`](crate::CallEvent).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable, machine-readable issue code, serialized in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueCode {
    /// The body is not JSON (syntax error, truncated, trailing data, empty).
    InvalidJson,
    /// The body is not valid UTF-8.
    InvalidUtf8,
    /// The body (or a part that must be an object) is JSON but not an object.
    NotAnObject,
    /// No vendor could be recognised, or an unknown vendor name was given.
    UnknownVendor,
    /// The vendor's event name is not one it documents.
    UnknownEvent,
    /// A field the event cannot do without is absent or null.
    MissingField,
    /// A field has another JSON type than the vendor documents.
    WrongType,
    /// A field has the right type but a value that cannot be used (a time that is no time, ...).
    InvalidValue,
    /// The body nests deeper than [`MAX_DEPTH`](crate::MAX_DEPTH).
    TooDeep,
    /// A value outside a vendor's documented set; kept as sent (warning only).
    UnknownValue,
    /// An object repeats a key; the last value is used, as `JSON.parse` does (warning only).
    DuplicateKey,
    /// A mapping (Callab body template) is itself malformed.
    InvalidMapping,
    /// The body is a request that waits for an answer configuring the call (Vapi's
    /// `assistant-request`, `tool-calls` …); voicehook receives notifications only.
    NotANotification,
    /// A binding was given something other than a raw body (JavaScript: an already-parsed object
    /// instead of the text or bytes received).
    InvalidBody,
    /// The vendor signs its webhooks, but the request carries no signature (and no other valid
    /// credential).
    MissingSignature,
    /// The request's signature is malformed or matches no configured secret.
    InvalidSignature,
    /// The signature is genuine, but the time it signs is outside the allowed window.
    StaleSignature,
}

impl IssueCode {
    /// The snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::InvalidJson => "invalid_json",
            IssueCode::InvalidUtf8 => "invalid_utf8",
            IssueCode::NotAnObject => "not_an_object",
            IssueCode::UnknownVendor => "unknown_vendor",
            IssueCode::UnknownEvent => "unknown_event",
            IssueCode::MissingField => "missing_field",
            IssueCode::WrongType => "wrong_type",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::TooDeep => "too_deep",
            IssueCode::UnknownValue => "unknown_value",
            IssueCode::DuplicateKey => "duplicate_key",
            IssueCode::InvalidMapping => "invalid_mapping",
            IssueCode::InvalidBody => "invalid_body",
            IssueCode::NotANotification => "not_a_notification",
            IssueCode::MissingSignature => "missing_signature",
            IssueCode::InvalidSignature => "invalid_signature",
            IssueCode::StaleSignature => "stale_signature",
        }
    }
}

impl fmt::Display for IssueCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Issue {
    /// Stable code for programs.
    pub code: IssueCode,
    /// JSON Pointer (RFC 6901) into the input; `""` is the whole body.
    pub path: String,
    /// What the vendor's documentation allows here, in words or as a type name.
    pub expected: Option<String>,
    /// The type or shape that was found; never the value itself.
    pub found: Option<String>,
    /// A sentence for people.
    pub message: String,
}

// The builders of issues are `cold`: they run only on bad input, so they stay out of the hot paths
// they are called from (and out of each vendor's code, once each in the .wasm).
impl Issue {
    /// An issue of `code` at `path` (a JSON Pointer); `expected` and `found` are added with
    /// [`expected`](Self::expected) and [`found`](Self::found).
    pub fn new(code: IssueCode, path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            code,
            path: path.into(),
            expected: None,
            found: None,
            message: message.into(),
        }
    }

    /// The issue, saying what the vendor's documentation allows at its place.
    #[cold]
    pub fn expected(mut self, expected: impl Into<String>) -> Issue {
        self.expected = Some(expected.into());
        self
    }

    /// The issue, naming the type or shape found (never the value).
    #[cold]
    pub fn found(mut self, found: impl Into<String>) -> Issue {
        self.found = Some(found.into());
        self
    }

    /// `missing_field`: something the event needs is absent or null.
    pub fn missing_field(
        path: impl Into<String>,
        expected: &str,
        message: impl Into<String>,
    ) -> Issue {
        Issue::new(IssueCode::MissingField, path, message)
            .expected(expected)
            .found("missing")
    }

    /// `wrong_type`: another JSON type than documented.
    pub fn wrong_type(path: impl Into<String>, expected: &str, found: &str) -> Issue {
        Issue::new(
            IssueCode::WrongType,
            path,
            format!("expected {expected}, found {found}"),
        )
        .expected(expected)
        .found(found)
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(body)"
        } else {
            &self.path
        };
        write!(f, "{} at {}: {}", self.code, path, self.message)
    }
}

/// The answer for a body that could not be normalized: every issue found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema, ts_rs::TS))]
pub struct Rejection {
    /// At least one issue; the first is the most fundamental.
    pub issues: Vec<Issue>,
}

impl Rejection {
    /// A rejection with a single issue.
    #[cold]
    pub fn single(issue: Issue) -> Rejection {
        Rejection {
            issues: vec![issue],
        }
    }

    /// The code of the first issue, the one a caller would branch on.
    pub fn code(&self) -> Option<IssueCode> {
        self.issues.first().map(|issue| issue.code)
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.issues.as_slice() {
            [] => f.write_str("rejected"),
            [only] => write!(f, "{only}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more)", rest.len()),
        }
    }
}

impl std::error::Error for Rejection {}
