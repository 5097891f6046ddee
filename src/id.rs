//! Event ids: `evt_` and 32 lowercase hex digits of BLAKE3 over what identifies the event.
//!
//! The rule (schema version 1, identity v2). The id hashes, length-prefixed: the vendor, the kind,
//! the subject (the campaign id for campaign events, else the call id, else the telephony sid,
//! each tagged with which one it is), the attempt, and a digest of the body's **content**. The
//! content is the parsed body, not its bytes: members are taken in key order, strings after
//! their escapes are decoded, numbers as written; so a retry that re-serializes the same webhook
//! (other key order, other whitespace, other escapes) gets the same id. Values a vendor changes
//! on every delivery of the same webhook (a delivery id) are left out, per vendor. Everything
//! else counts, so two webhooks that say different things (a status that moved on, a corrected
//! transcript, a campaign paused again another day) never share an id, and no real event is
//! taken for a redelivery.

use crate::event::CallEvent;
use crate::json::Value;
use crate::kept::Kept;
use blake3::Hasher;
use std::borrow::Cow;

/// Bytes of the digest kept: 16 bytes, 32 hex digits, 128 bits.
const ID_BYTES: usize = 16;

/// Where a value sits, as the member names from the root (arrays are not entered by these).
pub(crate) type MemberPath = &'static [&'static str];

/// The id of `event`, whose body's content has the [`content_digest`] `content`.
pub(crate) fn event_id(event: &CallEvent, content: &[u8; 32]) -> String {
    let (subject_kind, subject) = subject(event);
    let mut hasher = Hasher::new();
    for part in [
        "voicehook-event-v2",
        event.vendor.as_str(),
        event.kind.as_str(),
        subject_kind,
        subject.unwrap_or(""),
    ] {
        // Length-prefixed, so no two different lists of parts hash the same bytes.
        hasher.update(&(part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    let attempt = event.call.attempt.map_or(0, |n| u64::from(n) + 1);
    hasher.update(&attempt.to_be_bytes());
    hasher.update(content);
    prefixed_hex("evt_", hasher.finalize().as_bytes())
}

/// What the event is about: which id names it, and that id.
fn subject(event: &CallEvent) -> (&'static str, Option<&str>) {
    if event.kind.is_campaign() {
        let campaign = event.campaign.as_ref().and_then(|c| c.id.as_deref());
        return ("campaign", campaign);
    }
    match (&event.call.id, &event.call.sid) {
        (Some(id), _) => ("call", Some(id)),
        (None, Some(sid)) => ("sid", Some(sid)),
        (None, None) => ("none", None),
    }
}

/// The digest of a body's content, and what computing it learned of the body.
pub(crate) struct ContentDigest {
    /// BLAKE3 of the canonical form.
    pub bytes: [u8; 32],
    /// The objects that repeat a key, by the address of their members: the canonical form sorts
    /// every object's keys, so repeats are found there for free, and a reader of the body need
    /// not look for them in the other objects ([`crate::reader::Reader::knowing_repeats`]).
    pub repeating: Vec<usize>,
}

/// BLAKE3 of the canonical form of `body` without the `per_delivery` members (those the vendor
/// changes from one delivery of a webhook to the next).
pub(crate) fn content_digest(body: &Value<'_>, per_delivery: &[MemberPath]) -> ContentDigest {
    let mut feed = Feed::new();
    let skip = (!per_delivery.is_empty()).then_some(per_delivery);
    let mut orders = KeyOrders {
        order: Vec::new(),
        recalled: RECALLED_ORDERS.take().unwrap_or_default(),
    };
    canonical(body, skip, 0, &mut orders, &mut feed);
    RECALLED_ORDERS.put(orders.recalled);
    feed.finish()
}

/// How many key orders are kept for the next objects, and from one digest to the next.
const RECALLED: usize = 16;

/// The key orders kept from the digests before (see [`KeyOrders::recalled`]).
static RECALLED_ORDERS: Kept<Vec<(usize, Vec<usize>)>> = Kept::new();

/// Bytes on their way to the hasher, given to it in whole batches of [`FEED_BATCH`] bytes (the
/// last one aside): small pieces are gathered first, since each `update` has a fixed cost, and
/// every update starts and ends on a chunk boundary, so BLAKE3 hashes all its chunks side by side
/// (a batch of another size leaves a partial chunk, hashed a block at a time: natively a quarter
/// of the digest's time at 1 MB). The digest does not depend on how the bytes are split.
struct Feed {
    hasher: Hasher,
    /// The batch being gathered: its first `filled` bytes, less than a batch, not hashed yet. A
    /// buffer of fixed size, so appending checks no capacity; kept from one digest to the next.
    pending: Box<Batch>,
    filled: usize,
    /// The objects seen to repeat a key (see [`ContentDigest::repeating`]).
    repeating: Vec<usize>,
}

/// The size of each update: sixteen 1 KiB chunks, which BLAKE3 hashes several at once (four in
/// wasm SIMD, eight with AVX2).
const FEED_BATCH: usize = 16384;

/// The room for one batch.
type Batch = [u8; FEED_BATCH];

/// The batch buffer kept from the digest before.
static KEPT_BATCH: Kept<Box<Batch>> = Kept::new();

impl Feed {
    /// A feed with nothing pending, in the kept buffer (or a new one, made outside the arena of a
    /// normalization: crate::outside_arena).
    fn new() -> Feed {
        let pending = KEPT_BATCH
            .take()
            .unwrap_or_else(|| crate::outside_arena(|| Box::new([0; FEED_BATCH])));
        Feed {
            hasher: Hasher::new(),
            pending,
            filled: 0,
            repeating: Vec::new(),
        }
    }

    /// One byte: a value's tag, or the end of an array or object.
    #[inline]
    fn tag(&mut self, tag: u8) {
        if let Some(slot) = self.pending.get_mut(self.filled) {
            *slot = tag;
            self.filled += 1;
        }
        if self.filled == FEED_BATCH {
            self.flush();
        }
    }

    /// A tag, then a text with its length (bodies are far below 4 GiB).
    #[inline]
    fn text(&mut self, tag: u8, text: &str) {
        let [a, b, c, d] = (text.len() as u32).to_le_bytes();
        let header = [tag, a, b, c, d];
        if self.filled + header.len() + text.len() < FEED_BATCH {
            // The common case: both fit in the pending batch, with room left.
            self.append(&header);
            self.append(text.as_bytes());
        } else {
            self.text_across(header, text);
        }
    }

    /// [`Feed::text`] for a text that fills the pending batch.
    // Out of line: inlined copies of BLAKE3's update cost the npm .wasm about 2 KB gzip.
    #[inline(never)]
    fn text_across(&mut self, header: [u8; 5], text: &str) {
        self.bytes(&header);
        self.bytes(text.as_bytes());
    }

    /// Appends `bytes`: the pending batch is topped up (and hashed once full), then whole batches
    /// are hashed straight from `bytes`, and the rest waits.
    fn bytes(&mut self, mut bytes: &[u8]) {
        if self.filled > 0 || bytes.len() < FEED_BATCH {
            let room = FEED_BATCH - self.filled;
            let (head, rest) = bytes.split_at(room.min(bytes.len()));
            self.append(head);
            if self.filled < FEED_BATCH {
                return;
            }
            self.flush();
            bytes = rest;
        }
        let (whole, rest) = bytes.split_at(bytes.len() / FEED_BATCH * FEED_BATCH);
        self.hasher.update(whole);
        self.append(rest);
    }

    /// Appends `bytes`, which fit in the pending batch.
    #[inline]
    fn append(&mut self, bytes: &[u8]) {
        let end = self.filled + bytes.len();
        if let Some(room) = self.pending.get_mut(self.filled..end) {
            room.copy_from_slice(bytes);
            self.filled = end;
        }
    }

    /// Hashes the pending bytes.
    fn flush(&mut self) {
        self.hasher
            .update(self.pending.get(..self.filled).unwrap_or_default());
        self.filled = 0;
    }

    fn finish(mut self) -> ContentDigest {
        self.flush();
        KEPT_BATCH.put(self.pending);
        ContentDigest {
            bytes: self.hasher.finalize().into(),
            repeating: self.repeating,
        }
    }
}

/// Feeds `value` in a form where every value is tagged, every text length-prefixed and every
/// array and object closed, so that different trees never feed the same bytes. `skip` holds the
/// member paths still to leave out below this value (`None` once no path can match).
fn canonical(
    value: &Value<'_>,
    skip: Option<&[MemberPath]>,
    depth: usize,
    orders: &mut KeyOrders,
    feed: &mut Feed,
) {
    match value {
        Value::Null => feed.tag(b'n'),
        Value::Bool(true) => feed.tag(b't'),
        Value::Bool(false) => feed.tag(b'f'),
        Value::Number(number) => feed.text(b'd', number),
        Value::String(string) => feed.text(b's', string),
        Value::Array(items) => {
            feed.tag(b'[');
            for item in items {
                canonical(item, None, depth + 1, orders, feed);
            }
            feed.tag(b']');
        }
        Value::Object(entries) => {
            let start = orders.order.len();
            orders.put_in_key_order(entries, depth, feed);
            feed.tag(b'{');
            let mut position = start;
            while let Some(&index) = orders.order.get(position) {
                position += 1;
                let Some((key, member)) = entries.get(index) else {
                    continue;
                };
                let below = skip.and_then(|paths| paths_below(paths, depth, key));
                if below.as_ref().is_some_and(|(ends_here, _)| *ends_here) {
                    continue;
                }
                feed.text(b'k', key);
                let rest = below.as_ref().map(|(_, rest)| rest.as_slice());
                canonical(member, rest, depth + 1, orders, feed);
            }
            orders.order.truncate(start);
            feed.tag(b'}');
        }
    }
}

/// The members of one object as the key order of the canonical form, and the orders found for
/// the objects before. The objects of an array (a transcript's messages) mostly send their keys
/// in the same order, and one vendor's bodies mostly have the same shape: a recalled order of an
/// object at the same depth with as many members is checked first, and the object sorted only
/// when none checks out. Any order is safe to try: only the sorted one is strictly increasing.
struct KeyOrders {
    /// The order of each object being fed, innermost last: indexes of its members, by key, and
    /// (for a repeated key) in the order sent.
    order: Vec<usize>,
    /// Orders found by sorting, with their object's depth, the latest first; at most
    /// [`RECALLED`]. Kept from one digest to the next, so made outside the arena of a
    /// normalization (crate::outside_arena).
    recalled: Vec<(usize, Vec<usize>)>,
}

impl KeyOrders {
    /// Appends the order of `entries` (an object at `depth`) to [`KeyOrders::order`], and records
    /// the object when it repeats a key.
    fn put_in_key_order(
        &mut self,
        entries: &[(Cow<'_, str>, Value<'_>)],
        depth: usize,
        feed: &mut Feed,
    ) {
        let start = self.order.len();
        let key = |index: usize| entries.get(index).map_or("", |(k, _)| k.as_ref());
        // Keys in strictly increasing order are the sorted order, and none repeats.
        let increasing = |order: &[usize]| {
            order.windows(2).all(|pair| match pair {
                [a, b] => less(key(*a), key(*b)),
                _ => true,
            })
        };
        let known = self
            .recalled
            .iter()
            .find(|(at, known)| *at == depth && known.len() == entries.len() && increasing(known));
        if let Some((_, known)) = known {
            self.order.extend_from_slice(known);
            return;
        }
        self.order.extend(0..entries.len());
        let Some(order) = self.order.get_mut(start..) else {
            return;
        };
        if !increasing(order) {
            // By key, then (for a repeated key) in the order sent.
            crate::sort::sort_by_less(order, |a, b| {
                let (x, y) = (key(*a), key(*b));
                less(x, y) || (x == y && a < b)
            });
            // Sorted, a repeated key sits next to itself.
            if order.windows(2).any(|pair| match pair {
                [a, b] => key(*a) == key(*b),
                _ => false,
            }) {
                feed.repeating.push(entries.as_ptr() as usize);
            }
        }
        let recalled = &mut self.recalled;
        crate::outside_arena(|| {
            // The oldest order's room is reused once there are as many as are kept.
            let oldest = if recalled.len() >= RECALLED {
                recalled.pop()
            } else {
                None
            };
            let mut kept = oldest.map(|(_, kept)| kept).unwrap_or_default();
            kept.clear();
            kept.extend_from_slice(order);
            recalled.insert(0, (depth, kept));
        });
    }
}

/// `a < b` by bytes, deciding on the first ones where they differ (most keys of an object do)
/// without the call a whole comparison is in wasm.
#[inline]
fn less(a: &str, b: &str) -> bool {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x < y,
        _ => a < b,
    }
}

/// Of the member paths that matched down to `depth`, those naming `key` next: whether one ends
/// at this member (it is left out) and which continue below it.
fn paths_below(paths: &[MemberPath], depth: usize, key: &str) -> Option<(bool, Vec<MemberPath>)> {
    let mut ends_here = false;
    let mut rest = Vec::new();
    for path in paths {
        if path.get(depth).is_some_and(|step| *step == key) {
            if path.len() == depth + 1 {
                ends_here = true;
            } else {
                rest.push(*path);
            }
        }
    }
    (ends_here || !rest.is_empty()).then_some((ends_here, rest))
}

/// The id of a quarantined body: `q_` and 32 hex digits of BLAKE3 over the vendor named in the
/// URL (if any) and the body, so a rejected body delivered twice is kept once.
#[cfg_attr(not(feature = "worker"), allow(dead_code))]
pub(crate) fn quarantine_id(route_vendor: &str, body: &[u8]) -> String {
    let mut hasher = Hasher::new();
    hasher.update(b"voicehook-quarantine-v1");
    hasher.update(&(route_vendor.len() as u64).to_be_bytes());
    hasher.update(route_vendor.as_bytes());
    hasher.update(body);
    prefixed_hex("q_", hasher.finalize().as_bytes())
}

/// `prefix` and the first [`ID_BYTES`] of `digest` in lowercase hex.
pub(crate) fn prefixed_hex(prefix: &str, digest: &[u8]) -> String {
    let mut id = String::with_capacity(prefix.len() + ID_BYTES * 2);
    id.push_str(prefix);
    push_hex(&mut id, digest.get(..ID_BYTES).unwrap_or(digest));
    id
}

/// Appends `bytes` to `text` in lowercase hex.
pub(crate) fn push_hex(text: &mut String, bytes: &[u8]) {
    for byte in bytes {
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn digest(text: &str, skip: &[MemberPath]) -> [u8; 32] {
        content_digest(&parse(text.as_bytes()).unwrap(), skip).bytes
    }

    /// A tagged, length-prefixed text of the canonical form, as `Feed::text` writes it.
    fn text(tag: u8, content: &str, out: &mut Vec<u8>) {
        out.push(tag);
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(content.as_bytes());
    }

    #[test]
    fn objects_that_repeat_a_key_are_found() {
        let repeating = |text: &str| {
            let value = parse(text.as_bytes()).unwrap();
            let found = content_digest(&value, &[]).repeating;
            let inner = value
                .entries()
                .and_then(|e| e.last())
                .and_then(|(_, v)| v.entries());
            let addresses = [value.entries(), inner].map(|e| e.map(|e| e.as_ptr() as usize));
            addresses.map(|a| a.is_some_and(|a| found.contains(&a)))
        };
        assert_eq!(repeating(r#"{"a":1,"b":{"x":1,"y":2}}"#), [false, false]);
        assert_eq!(
            repeating(r#"{"b":1,"a":2,"b":{"y":1,"x":2}}"#),
            [true, false]
        );
        assert_eq!(
            repeating(r#"{"a":1,"b":{"y":1,"x":2,"y":3}}"#),
            [false, true]
        );
    }

    #[test]
    fn the_digest_is_blake3_of_the_canonical_bytes_however_they_fall_into_batches() {
        for len in [
            0,
            5,
            FEED_BATCH - 16,
            FEED_BATCH - 5,
            FEED_BATCH,
            FEED_BATCH + 1,
            3 * FEED_BATCH + 7,
        ] {
            for small in [1, 300] {
                // {"a": "x…x" (len), "b": ["x", …] (small of them)}
                let x = "x".repeat(len);
                let items = vec!["\"x\""; small].join(",");
                let body = format!(r#"{{"a":"{x}","b":[{items}]}}"#);
                let mut canonical = vec![b'{'];
                text(b'k', "a", &mut canonical);
                text(b's', &x, &mut canonical);
                text(b'k', "b", &mut canonical);
                canonical.push(b'[');
                for _ in 0..small {
                    text(b's', "x", &mut canonical);
                }
                canonical.extend_from_slice(b"]}");
                let expected: [u8; 32] = blake3::hash(&canonical).into();
                assert_eq!(digest(&body, &[]), expected, "len {len}, {small} items");
            }
        }
    }

    /// The canonical form written the plain way: every object's keys sorted by the standard
    /// library's stable sort.
    fn reference(value: &Value<'_>, out: &mut Vec<u8>) {
        match value {
            Value::Null => out.push(b'n'),
            Value::Bool(b) => out.push(if *b { b't' } else { b'f' }),
            Value::Number(n) => text(b'd', n, out),
            Value::String(s) => text(b's', s, out),
            Value::Array(items) => {
                out.push(b'[');
                items.iter().for_each(|item| reference(item, out));
                out.push(b']');
            }
            Value::Object(entries) => {
                let mut sorted: Vec<_> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                out.push(b'{');
                for (key, member) in sorted {
                    text(b'k', key, out);
                    reference(member, out);
                }
                out.push(b'}');
            }
        }
    }

    #[test]
    fn the_order_of_the_object_before_is_used_only_where_it_sorts() {
        // Siblings with the same keys, then the same number of keys in another order, in
        // order, repeated, empty and nested: each object's own sorted order counts.
        let body = r#"[{"b":1,"a":2},{"b":3,"a":4},{"d":1,"c":2},{"a":1,"b":2},
            {"b":1,"b":2},{"y":{"q":1,"p":2},"x":{"q":3,"p":4}},{"ab":1,"a":2},{"a":1,"ab":2},
            {},{"":1,"é":2},{"é":1,"":2},{"b":1,"a":2,"c":3},{"c":1,"b":2,"a":3}]"#;
        let value = parse(body.as_bytes()).unwrap();
        let mut canonical = Vec::new();
        reference(&value, &mut canonical);
        let found = content_digest(&value, &[]);
        assert_eq!(found.bytes, <[u8; 32]>::from(blake3::hash(&canonical)));
        let Value::Array(items) = &value else {
            panic!("an array");
        };
        let repeats = items[4].entries().unwrap();
        assert_eq!(found.repeating, vec![repeats.as_ptr() as usize]);
    }

    #[test]
    fn orders_recalled_from_digests_before_are_used_only_where_they_sort() {
        // Bodies of one shape, then others of as many keys in other orders, at several depths,
        // one with a repeated key: each digest is its own body's, whatever came before.
        let bodies = [
            r#"{"b":1,"a":2,"c":{"y":1,"x":2}}"#,
            r#"{"b":3,"a":4,"c":{"y":3,"x":4}}"#,
            r#"{"a":1,"c":2,"b":{"x":1,"y":2}}"#,
            r#"{"c":1,"b":2,"a":{"y":1,"y":2}}"#,
            r#"{"b":1,"b":2,"a":{"x":1,"y":2}}"#,
            r#"{"bb":1,"b":2,"a":{"é":1,"":2}}"#,
        ];
        for _ in 0..2 {
            for body in bodies.iter().chain(bodies.iter().rev()) {
                let value = parse(body.as_bytes()).unwrap();
                let mut canonical = Vec::new();
                reference(&value, &mut canonical);
                let found = content_digest(&value, &[]);
                assert_eq!(
                    found.bytes,
                    <[u8; 32]>::from(blake3::hash(&canonical)),
                    "{body}"
                );
                let repeats = body.contains(r#""b":1,"b""#) || body.contains(r#""y":1,"y""#);
                assert_eq!(found.repeating.len(), usize::from(repeats), "{body}");
            }
        }
    }

    #[test]
    fn key_order_whitespace_and_escapes_do_not_count() {
        let a = digest(r#"{"a":1,"b":{"x":"é","y":[1,2]}}"#, &[]);
        let b = digest(
            "{ \"b\" : { \"y\" : [1, 2], \"x\" : \"\\u00e9\" }, \"a\" : 1 }",
            &[],
        );
        assert_eq!(a, b);
    }

    #[test]
    fn any_other_content_counts() {
        let base = digest(r#"{"a":1,"b":"x"}"#, &[]);
        for other in [
            r#"{"a":2,"b":"x"}"#,
            r#"{"a":1,"b":"y"}"#,
            r#"{"a":1,"b":"x","c":null}"#,
            r#"{"a":"1","b":"x"}"#,
            r#"{"a":[1],"b":"x"}"#,
            r#"{"ab":1,"":"x"}"#,
            r#"{"a":1,"b":"x","b":"x"}"#,
        ] {
            assert_ne!(base, digest(other, &[]), "{other}");
        }
        // Arrays keep their order: a transcript in another order is another transcript.
        assert_ne!(digest("[1,2]", &[]), digest("[2,1]", &[]));
    }

    #[test]
    fn per_delivery_members_are_left_out_where_they_are_named() {
        let skip: &[MemberPath] = &[&["id"], &["meta", "sent_at"]];
        let a = digest(r#"{"id":"d1","meta":{"sent_at":1,"n":1},"x":1}"#, skip);
        let b = digest(r#"{"id":"d2","meta":{"sent_at":2,"n":1},"x":1}"#, skip);
        assert_eq!(a, b);
        let c = digest(r#"{"id":"d2","meta":{"sent_at":2,"n":2},"x":1}"#, skip);
        assert_ne!(a, c);
        // Whether the delivery id is there at all does not count either.
        let without = digest(r#"{"meta":{"sent_at":2,"n":1},"x":1}"#, skip);
        assert_eq!(a, without);
        // The same names deeper down still count.
        let d = digest(r#"{"x":{"id":1}}"#, skip);
        let e = digest(r#"{"x":{"id":2}}"#, skip);
        assert_ne!(d, e);
    }
}
