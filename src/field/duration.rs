//! Durations, always in seconds.
//!
//! Vendors send seconds as integers (Autocalls), floats (Atoms: `49.350622`), strings (older
//! Atoms: `"30"`) and, once documented by Atoms, milliseconds (`180000`). No call lasts a day, so
//! a value above [`LONGEST_CALL_SECONDS`] is read as milliseconds, with a warning.

use crate::error::IssueCode;
use crate::field::time::Timestamp;
use crate::reader::Node;

/// The longest duration read as seconds; anything longer was sent in milliseconds.
pub const LONGEST_CALL_SECONDS: f64 = 86_400.0;

/// Reads a duration in seconds from a number or numeric string.
pub fn seconds(node: &Node<'_>) -> Option<f64> {
    let value = node.number()?;
    if value < 0.0 {
        node.reject_softly(
            IssueCode::InvalidValue,
            "a duration of 0 seconds or more",
            "a negative duration cannot be used; it is kept in extra",
        );
        return None;
    }
    if value > LONGEST_CALL_SECONDS {
        node.warn(
            IssueCode::InvalidValue,
            "seconds",
            "the duration is longer than a day in seconds, so it was read as milliseconds",
        );
        return Some(value / 1000.0);
    }
    Some(value)
}

/// The seconds between two times, when both are known and in order.
pub fn between(start: Option<Timestamp>, end: Option<Timestamp>) -> Option<f64> {
    let seconds = start?.seconds_until(end?);
    (seconds >= 0.0).then_some(seconds)
}
