//! The wasm-bindgen face of the core (feature `wasm`), wrapped by the npm package's JavaScript
//! (`pkg-config/`). The body crosses once, as bytes or text; the answer crosses once, as ASCII-only
//! JSON text in [`Verdict`] form that the JavaScript side hands to `JSON.parse`.

mod ascii_json;

use crate::{Mapping, Options, Rejection, Vendor, Verdict};
use ascii_json::to_ascii_json;
use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;

/// Normalizes a body given as bytes: `{"ok":true,"event":…}` or `{"ok":false,"issues":[…]}`.
/// `mapping` is the mapping's JSON text.
#[wasm_bindgen(js_name = normalizeBytes)]
pub fn normalize_bytes(
    body: &[u8],
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
) -> String {
    let result =
        options(vendor, mapping, include_raw).and_then(|options| crate::normalize(body, &options));
    answer("event", &result)
}

/// Normalizes a body given as text (a JavaScript string, encoded to UTF-8 on the way in).
#[wasm_bindgen(js_name = normalizeText)]
pub fn normalize_text(
    body: &str,
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
) -> String {
    normalize_bytes(body.as_bytes(), vendor, mapping, include_raw)
}

/// Recognises the vendor of a body given as bytes: `{"ok":true,"vendor":…}` or a rejection.
#[wasm_bindgen(js_name = detectBytes)]
pub fn detect_bytes(body: &[u8]) -> String {
    answer("vendor", &crate::detect(body))
}

/// Recognises the vendor of a body given as text.
#[wasm_bindgen(js_name = detectText)]
pub fn detect_text(body: &str) -> String {
    detect_bytes(body.as_bytes())
}

/// The JSON Schema of a `CallEvent`, as text.
#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json() -> String {
    crate::JSON_SCHEMA.to_owned()
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

/// The options as the JavaScript caller gave them, checked.
fn options(
    vendor: Option<String>,
    mapping: Option<String>,
    include_raw: bool,
) -> Result<Options, Rejection> {
    let vendor = match vendor {
        Some(name) => Some(
            name.parse::<Vendor>()
                .map_err(|err| Rejection::single(err.into()))?,
        ),
        None => None,
    };
    let mapping = match mapping {
        Some(text) => Some(Mapping::from_json(&text)?),
        None => None,
    };
    Ok(Options {
        vendor,
        mapping,
        include_raw,
    })
}

fn answer<T: Serialize>(key: &'static str, result: &Result<T, Rejection>) -> String {
    answer_text(&Verdict::new(key, result))
}

/// ASCII JSON of `value`. Our types always serialize; should that ever fail, the caller still
/// gets a well-formed rejection rather than a trap.
fn answer_text<T: Serialize + ?Sized>(value: &T) -> String {
    to_ascii_json(value).unwrap_or_else(|_| {
        r#"{"ok":false,"issues":[{"code":"invalid_json","path":"","expected":null,"found":null,"message":"the result could not be serialized"}]}"#.to_owned()
    })
}
