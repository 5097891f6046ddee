//! Event ids: `evt_` and 32 lowercase hex digits of SHA-256 over what identifies the event.
//!
//! The same webhook delivered twice must get the same id (it is the idempotency key downstream),
//! and different events of one call must not. What identifies an event: the vendor, the kind, the
//! call id (the campaign id for campaign events) and the attempt. Kinds a call can emit several
//! times (transcript updates, intents, entities) add a digest of the body itself; so does an event
//! with no call or campaign id at all.

use crate::event::CallEvent;
use sha2::{Digest, Sha256};

/// Bytes of the digest kept: 16 bytes, 32 hex digits, 128 bits.
const ID_BYTES: usize = 16;

/// The id of `event`, which was read from `body`.
pub(crate) fn event_id(event: &CallEvent, body: &[u8]) -> String {
    let subject = if event.kind.is_campaign() {
        event.campaign.as_ref().and_then(|c| c.id.as_deref())
    } else {
        event.call.id.as_deref()
    };
    let mut hasher = Sha256::new();
    for part in [
        "voicehook-event-v1",
        event.vendor.as_str(),
        event.kind.as_str(),
        subject.unwrap_or(""),
    ] {
        // Length-prefixed, so no two different lists of parts hash the same bytes.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.update(
        event
            .call
            .attempt
            .map_or(0, |n| u64::from(n) + 1)
            .to_be_bytes(),
    );
    if subject.is_none() || event.kind.repeats_within_call() {
        hasher.update(Sha256::digest(body));
    }
    prefixed_hex("evt_", &hasher.finalize())
}

/// The id of a quarantined body: `q_` and 32 hex digits of SHA-256 over the vendor named in the
/// URL (if any) and the body, so a rejected body delivered twice is kept once.
#[cfg_attr(not(feature = "worker"), allow(dead_code))]
pub(crate) fn quarantine_id(route_vendor: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"voicehook-quarantine-v1");
    hasher.update((route_vendor.len() as u64).to_be_bytes());
    hasher.update(route_vendor.as_bytes());
    hasher.update(body);
    prefixed_hex("q_", &hasher.finalize())
}

/// `prefix` and the first [`ID_BYTES`] of `digest` in lowercase hex.
fn prefixed_hex(prefix: &str, digest: &[u8]) -> String {
    let mut id = String::with_capacity(prefix.len() + ID_BYTES * 2);
    id.push_str(prefix);
    for byte in digest.iter().take(ID_BYTES) {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    id
}

const HEX: &[u8; 16] = b"0123456789abcdef";
