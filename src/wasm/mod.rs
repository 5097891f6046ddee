//! The wasm-bindgen face of the core (feature `wasm`), wrapped by the npm package's JavaScript
//! (`pkg-config/`). The body crosses once, as bytes or text. A JSON answer, in [`Verdict`] form,
//! is left in an output buffer that JavaScript reads as a view on the wasm memory: ASCII-only
//! text it decodes as ASCII (Node: `latin1`, no UTF-8 work), or UTF-8 it copies out as bytes;
//! the buffer is reused from call to call. `normalize` itself takes the compact answer
//! ([`compact`]).

pub mod compact;
mod keys;

use crate::ascii_json::{to_ascii_json, write_ascii_json, write_utf8_json};
use crate::listed::Listed;
use crate::signature::{Body, Signed};
use crate::{Mapping, Options, Rejection, Vendor, Verdict};
use compact::Compact;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

/// An output buffer grown past this is let go before the next answer is written.
const KEPT_OUTPUT_BYTES: usize = 4 << 20;

thread_local! {
    /// The last answer of `normalizeBytes`/`normalizeText`.
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The last answer of `normalizeCompact`/`normalizeCompactText`.
    static COMPACT: RefCell<Compact> = RefCell::new(Compact::default());
    /// Where that answer is: the slots' address and count, then the address and length of the
    /// ASCII text table and of the UTF-16 one, in bytes; then its number.
    static COMPACT_HEADER: RefCell<[u32; 7]> = const { RefCell::new([0; 7]) };
}

/// Normalizes a body given as bytes into the compact form (see [`compact`]): `TRUE` and the
/// event, or `FALSE` and the issues. Returns the address of seven `u32`s: the slots' address and
/// count, the address and length in bytes of the ASCII text table and of the UTF-16 one, then the
/// answer's number. Read them before the next call, and give that number back with it as
/// `decoded` once the answer is decoded whole (0 if not): map keys JavaScript holds from the
/// answers it decoded are named by their slot (see [`compact`]).
#[wasm_bindgen(js_name = normalizeCompact)]
pub fn normalize_compact(
    body: &[u8],
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
    content_type: Option<String>,
    decoded: u32,
) -> *const u32 {
    let result = normalized(body, vendor, mapping, include_raw, content_type);
    COMPACT.with_borrow_mut(|out| {
        out.clear(KEPT_OUTPUT_BYTES);
        let mut answer = out.begin(decoded);
        let written = match &result {
            Ok(listed) => {
                if let Some(text) = shared_text(&listed.event) {
                    out.share(text);
                }
                out.write(&true).and_then(|()| out.write(listed))
            }
            Err(rejection) => out
                .write(&false)
                .and_then(|()| out.write(&rejection.issues)),
        };
        if written.is_err() {
            // Our types always serialize; should one ever not, the caller gets a rejection. No
            // answer is 0: the keys the answer let go had given slots are emptied.
            out.clear(KEPT_OUTPUT_BYTES);
            answer = out.begin(0);
            let issue = crate::Issue::new(
                crate::IssueCode::InvalidJson,
                "",
                "the result could not be serialized",
            );
            let _ = out.write(&false).and_then(|()| out.write(&[issue]));
        }
        COMPACT_HEADER.with_borrow_mut(|header| {
            *header = [
                out.slots.as_ptr() as u32,
                out.slots.len() as u32,
                out.ascii.as_ptr() as u32,
                out.ascii.len() as u32,
                out.wide.as_ptr() as u32,
                (out.wide.len() * 2) as u32,
                answer,
            ];
            header.as_ptr()
        })
    })
}

/// A transcript text at least this long is shared by the compact answer with its messages.
const SHARED_FROM: usize = 1024;

/// The text of an event that its other texts are parts of, to be shared in its compact answer:
/// a long transcript text with messages (split from it, or sent beside it with the same words).
fn shared_text(event: &crate::CallEvent) -> Option<&str> {
    let transcript = event.transcript.as_ref()?;
    let text = transcript.text.as_deref()?;
    (text.len() >= SHARED_FROM && !transcript.messages.is_empty()).then_some(text)
}

/// As [`normalize_compact`], for a body given as text.
#[wasm_bindgen(js_name = normalizeCompactText)]
pub fn normalize_compact_text(
    body: &str,
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
    content_type: Option<String>,
    decoded: u32,
) -> *const u32 {
    normalize_compact(
        body.as_bytes(),
        vendor,
        mapping,
        include_raw,
        content_type,
        decoded,
    )
}

/// Normalizes a body given as bytes. The answer (`{"ok":true,"event":…}` or
/// `{"ok":false,"issues":[…]}`) is left in the output buffer, as ASCII-only JSON when `ascii`,
/// else as UTF-8; returns its length in bytes. Read it at [`output_ptr`] before the next call.
/// `mapping` is the mapping's JSON text; `content_type` the body's `Content-Type` (a form, or
/// JSON).
#[wasm_bindgen(js_name = normalizeBytes)]
pub fn normalize_bytes(
    body: &[u8],
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
    content_type: Option<String>,
    ascii: bool,
) -> usize {
    let result = normalized(body, vendor, mapping, include_raw, content_type);
    OUTPUT.with_borrow_mut(|out| {
        if out.capacity() > KEPT_OUTPUT_BYTES {
            *out = Vec::new();
        }
        out.clear();
        let verdict = Verdict::new("event", &result);
        let written = if ascii {
            write_ascii_json(out, &verdict)
        } else {
            write_utf8_json(out, &verdict)
        };
        if written.is_err() {
            out.clear();
            out.extend_from_slice(UNSERIALIZABLE.as_bytes());
        }
        out.len()
    })
}

/// Normalizes a body given as text (a JavaScript string, encoded to UTF-8 on the way in); the
/// answer is left as by [`normalize_bytes`].
#[wasm_bindgen(js_name = normalizeText)]
pub fn normalize_text(
    body: &str,
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
    content_type: Option<String>,
    ascii: bool,
) -> usize {
    normalize_bytes(
        body.as_bytes(),
        vendor,
        mapping,
        include_raw,
        content_type,
        ascii,
    )
}

/// Where the last answer starts in the wasm memory.
#[wasm_bindgen(js_name = outputPtr)]
pub fn output_ptr() -> *const u8 {
    OUTPUT.with_borrow(|out| out.as_ptr())
}

/// The last answer, as text (for Rust callers; JavaScript reads the buffer in place).
pub fn output_text() -> String {
    OUTPUT.with_borrow(|out| String::from_utf8_lossy(out).into_owned())
}

/// Recognises the vendor of a body given as bytes, read as `content_type` says (a form, or
/// JSON): `{"ok":true,"vendor":…}` or a rejection.
#[wasm_bindgen(js_name = detectBytes)]
pub fn detect_bytes(body: &[u8], content_type: Option<String>) -> String {
    let options = Options {
        content_type,
        ..Options::default()
    };
    answer("vendor", &crate::detect_with(body, &options))
}

/// Recognises the vendor of a body given as text.
#[wasm_bindgen(js_name = detectText)]
pub fn detect_text(body: &str, content_type: Option<String>) -> String {
    detect_bytes(body.as_bytes(), content_type)
}

/// Checks a request's credentials as `vendor` presents them (its signature, or a token for a
/// vendor that signs nothing) against `secrets`: `{"ok":true}` or a rejection whose issue is
/// `missing_signature`, `invalid_signature` or `stale_signature`. `headers` alternates names
/// and values; `url` is the URL the vendor called; a `GET` carries its parameters in the URL.
#[wasm_bindgen(js_name = verifyRequest)]
#[allow(clippy::too_many_arguments)]
pub fn verify_request(
    vendor: &str,
    secrets: Vec<String>,
    headers: Vec<String>,
    body: &[u8],
    url: &str,
    content_type: Option<String>,
    get: bool,
    now_ms: f64,
    tolerance_s: Option<f64>,
) -> String {
    // A platform voicehook does not know proves itself as `custom` does: with a token.
    let vendor = match vendor.parse::<Vendor>() {
        Ok(vendor) => vendor,
        Err(_) if crate::is_custom_vendor_name(vendor) => Vendor::Custom,
        Err(err) => return answer::<()>("ok", &Err(Rejection::single(err.into()))),
    };
    let pairs: Vec<(&str, &str)> = headers
        .chunks(2)
        .filter_map(|pair| match pair {
            [name, value] => Some((name.as_str(), value.as_str())),
            _ => None,
        })
        .collect();
    let request = Signed {
        headers: &pairs,
        body,
        url,
        body_kind: Body::of(get, content_type.as_deref()),
        now_ms: now_ms as i64,
        tolerance_s: tolerance_s.map(|seconds| seconds.max(0.0) as u64),
    };
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    match crate::signature::verify_vendor(vendor, &secrets, &request) {
        Ok(()) => r#"{"ok":true}"#.to_owned(),
        Err(err) => answer::<()>("ok", &Err(Rejection::single(err.into()))),
    }
}

/// The schema version every event carries.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> u32 {
    crate::SCHEMA_VERSION
}

/// The vendor names, as JSON text (an array of strings).
#[wasm_bindgen(js_name = vendorsJson)]
pub fn vendors_json() -> String {
    let names: Vec<&str> = Vendor::ALL.iter().map(|vendor| vendor.as_str()).collect();
    answer_text(&names)
}

/// The event of a body, for an answer (its `extra` may be a list), with the options as the
/// JavaScript caller gave them.
fn normalized(
    body: &[u8],
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
    content_type: Option<String>,
) -> Result<Listed, Rejection> {
    let options = options(vendor, mapping, include_raw, content_type)?;
    crate::normalize::normalize_listed(body, &options).map(|(listed, _)| listed)
}

/// The options as the JavaScript caller gave them, checked.
fn options(
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
    content_type: Option<String>,
) -> Result<Options, Rejection> {
    let mapping = match mapping {
        Some(text) => Some(Mapping::from_json(&text)?),
        None => None,
    };
    // Another name than a known vendor's, with a mapping, is a custom platform.
    let (vendor, custom_vendor) = match vendor {
        None => (None, None),
        Some(name) => match name.parse::<Vendor>() {
            Ok(vendor) => (Some(vendor), None),
            Err(_) if mapping.is_some() && crate::is_custom_vendor_name(&name) => {
                (None, Some(name))
            }
            Err(err) => return Err(Rejection::single(err.into())),
        },
    };
    Ok(Options {
        vendor,
        mapping,
        include_raw,
        content_type,
        custom_vendor,
    })
}

fn answer<T: Serialize>(key: &'static str, result: &Result<T, Rejection>) -> String {
    answer_text(&Verdict::new(key, result))
}

/// What the caller gets should a result ever fail to serialize (our types always do): a
/// well-formed rejection rather than a trap.
const UNSERIALIZABLE: &str = r#"{"ok":false,"issues":[{"code":"invalid_json","path":"","expected":null,"found":null,"message":"the result could not be serialized"}]}"#;

/// ASCII JSON of `value`.
fn answer_text<T: Serialize + ?Sized>(value: &T) -> String {
    to_ascii_json(value).unwrap_or_else(|_| UNSERIALIZABLE.to_owned())
}
