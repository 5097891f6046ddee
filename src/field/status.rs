//! Call statuses: each vendor's words to [`CallStatus`], and the event kind a finished call gets.
//!
//! Words are compared lower-cased with `-` and spaces read as `_`, so Atoms' `no-answer` (guide)
//! and `no_answer` (OpenAPI), and `canceled`/`cancelled`, meet. A word not listed is no error:
//! the status is `unknown`, the word stays in `status_raw`, and a warning says so.

use crate::error::IssueCode;
use crate::event::{CallStatus, EventKind};
use crate::field::fold::Folded;
use crate::reader::Node;

const WORDS: [(CallStatus, &[&str]); 9] = [
    (
        CallStatus::Queued,
        &[
            "queued",
            "pending",
            "scheduled",
            "initiated",
            "created",
            "new",
            "registered",
            "paused",
        ],
    ),
    (CallStatus::Ringing, &["ringing", "dialing", "dialling"]),
    (
        CallStatus::InProgress,
        &[
            "in_progress",
            "inprogress",
            "ongoing",
            "active",
            "answered",
            "connected",
            "started",
            "calling",
        ],
    ),
    (
        CallStatus::Completed,
        &[
            "completed",
            "complete",
            "ended",
            "finished",
            "done",
            "success",
            "successful",
            "processed",
            "processingresult",
            "processing_result",
            "hangup",
            "hung_up",
        ],
    ),
    (
        CallStatus::NoAnswer,
        &[
            "no_answer",
            "noanswer",
            "not_answered",
            "unanswered",
            "missed",
        ],
    ),
    (CallStatus::Busy, &["busy", "line_busy", "user_busy"]),
    (
        CallStatus::Failed,
        &[
            "failed",
            "failure",
            "error",
            "errored",
            "invalid_number",
            "unreachable",
            "rejected",
            "not_connected",
            "spam",
        ],
    ),
    (
        CallStatus::Canceled,
        &[
            "canceled",
            "cancelled",
            "aborted",
            "abandoned",
            "user_canceled",
        ],
    ),
    (
        CallStatus::Voicemail,
        &[
            "voicemail",
            "voice_mail",
            "machine",
            "answering_machine",
            "voicemail_detected",
            "hangup_on_voicemail",
            "left_voicemail",
            "voicemail_message_left",
        ],
    ),
];

/// Folds `-` and spaces to `_` (`no-answer`, `No Answer` and `no_answer` read alike).
fn underscore(c: char) -> Option<char> {
    Some(if matches!(c, '-' | ' ') { '_' } else { c })
}

/// The status a vendor's word means, if it is one voicehook knows.
pub fn from_word(word: &str) -> Option<CallStatus> {
    from_folded(&Folded::new(word.trim(), underscore))
}

fn from_folded(folded: &Folded) -> Option<CallStatus> {
    WORDS
        .iter()
        .find(|(_, words)| folded.is_one_of(words))
        .map(|(status, _)| *status)
}

/// Reads a status node: the mapped status and the vendor's word (`unknown` plus a warning for a
/// word not known).
pub fn read(node: Option<Node<'_>>) -> (CallStatus, Option<String>) {
    read_documented(node, &[])
}

/// [`read`] for a vendor that documents its statuses (`documented`, compared as folded words):
/// a word outside that list is kept and warned about (`unknown_value`) even when voicehook
/// knows what it means, since it shows that the vendor changed.
pub fn read_documented(
    node: Option<Node<'_>>,
    documented: &[&str],
) -> (CallStatus, Option<String>) {
    let Some(node) = node else {
        return (CallStatus::Unknown, None);
    };
    let Some(word) = node.string() else {
        return (CallStatus::Unknown, None);
    };
    let folded = Folded::new(word.trim(), underscore);
    let status = from_folded(&folded);
    let is_word = |d: &&str| Folded::new(d, underscore).same_as(&folded);
    let listed = documented.is_empty() || documented.iter().any(is_word);
    if status.is_none() || !listed {
        node.warn(
            IssueCode::UnknownValue,
            &if documented.is_empty() {
                "a call status (completed, no-answer, busy, failed, canceled …)".to_owned()
            } else {
                documented.join(", ")
            },
            "the call status is not one the vendor documents; it is kept in call.status_raw",
        );
    }
    (status.unwrap_or(CallStatus::Unknown), Some(word))
}

/// The kind of an event that reports where a call stands: `call.queued` before it is dialled,
/// `call.started` while it rings or goes on, else as [`finished_call_kind`].
pub fn call_kind(status: CallStatus) -> EventKind {
    match status {
        CallStatus::Queued => EventKind::CallQueued,
        CallStatus::Ringing | CallStatus::InProgress => EventKind::CallStarted,
        finished => finished_call_kind(finished),
    }
}

/// The kind of the event that reports a finished call: `call.failed` when it never connected,
/// `voicemail.detected` when it reached a voicemail box, else `call.ended`.
pub fn finished_call_kind(status: CallStatus) -> EventKind {
    match status {
        CallStatus::NoAnswer | CallStatus::Busy | CallStatus::Failed | CallStatus::Canceled => {
            EventKind::CallFailed
        }
        CallStatus::Voicemail => EventKind::VoicemailDetected,
        _ => EventKind::CallEnded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_words() {
        let cases = [
            ("completed", Some(CallStatus::Completed)),
            ("no-answer", Some(CallStatus::NoAnswer)),
            ("no_answer", Some(CallStatus::NoAnswer)),
            ("No Answer", Some(CallStatus::NoAnswer)),
            ("cancelled", Some(CallStatus::Canceled)),
            ("canceled", Some(CallStatus::Canceled)),
            ("Processed", Some(CallStatus::Completed)),
            ("ProcessingResult", Some(CallStatus::Completed)),
            ("Calling", Some(CallStatus::InProgress)),
            ("Pending", Some(CallStatus::Queued)),
            ("Error", Some(CallStatus::Failed)),
            ("busy", Some(CallStatus::Busy)),
            ("exploded", None),
            ("", None),
        ];
        for (word, expected) in cases {
            assert_eq!(from_word(word), expected, "{word}");
        }
    }

    #[test]
    fn finished_kinds() {
        assert_eq!(
            finished_call_kind(CallStatus::Completed),
            EventKind::CallEnded
        );
        assert_eq!(
            finished_call_kind(CallStatus::Unknown),
            EventKind::CallEnded
        );
        assert_eq!(finished_call_kind(CallStatus::Busy), EventKind::CallFailed);
        assert_eq!(
            finished_call_kind(CallStatus::Voicemail),
            EventKind::VoicemailDetected
        );
    }
}
