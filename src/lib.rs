//! voicehook receives the webhooks that voice-AI calling platforms send about calls, checks them,
//! and turns every vendor's shape into one call-event schema ([`CallEvent`]).
//!
//! ```
//! use voicehook::{normalize, EventKind, Options, Vendor};
//!
//! let body = br#"{"event":"incoming_call","call_id":"clx1","call_sid":"CA1",
//!   "timestamp":"2026-02-21T18:30:00.000Z","business_name":"Sunrise Dental",
//!   "business_phone":"+15551234567","caller":{"phone":"+15559876543","name":null,
//!   "city":null,"state":null,"country":"US"},"forwarded_from":null,"direction":"inbound"}"#;
//! let event = normalize(body, &Options::default()).expect("a StarAgent webhook");
//! assert_eq!(event.vendor, Vendor::Staragent);
//! assert_eq!(event.kind, EventKind::CallStarted);
//! assert_eq!(event.contact.phone.unwrap().e164.as_deref(), Some("+15559876543"));
//!
//! let rejection = normalize(b"{\"event\":", &Options::default()).unwrap_err();
//! assert_eq!(rejection.issues[0].code, voicehook::IssueCode::InvalidJson);
//! ```

/// The allocator of the wasm builds (npm package, Worker): Talc, single-threaded wasm, with a
/// bump arena in front of it for the allocations of each normalization ([`in_arena`]).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: arena::ScopedArena<talc::wasm::WasmDynamicTalc> =
    arena::ScopedArena::new(talc::wasm::new_wasm_dynamic_allocator());

/// Runs `work` with its allocations bumped in the wasm builds' arena (natively, as it is).
fn in_arena<T>(work: impl FnOnce() -> T) -> T {
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    return ALLOCATOR.scope(work);
    #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
    work()
}

/// Runs `work` with its allocations made outside the arena, even inside a normalization: for
/// what is kept for the life of the program (a lazily built table), which would otherwise keep
/// the arena from ever starting over.
fn outside_arena<T>(work: impl FnOnce() -> T) -> T {
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    return ALLOCATOR.outside(work);
    #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
    work()
}

/// The bump arena of the wasm builds' allocator.
#[cfg(any(test, all(target_arch = "wasm32", not(target_feature = "atomics"))))]
mod arena;
/// JSON text written ASCII-only (the npm answers, the Worker's rows and responses) or as UTF-8
/// (`normalizeToJSONBytes`, the Worker's large events in R2).
#[cfg(any(feature = "wasm", feature = "worker"))]
mod ascii_json;
#[cfg(test)]
mod decoder;
mod enrich;
mod error;
mod event;
mod field;
mod id;
mod json;
mod kept;
mod listed;
mod mapping;
mod normalize;
mod reader;
mod scan;
mod schema;
pub mod signature;
mod sort;
#[cfg(test)]
mod typescript;
mod vendor;
mod verdict;
/// The Cloudflare Worker edge endpoint (feature `worker`).
#[cfg(feature = "worker")]
pub mod worker;

pub use error::{Issue, IssueCode, Rejection};
pub use event::{
    Agent, Call, CallEvent, CallStatus, Campaign, Contact, Direction, EventKind, InferredContact,
    Message, Metric, Outcome, Phone, Recording, Role, Transcript, Voicemail, SCHEMA_VERSION,
};
pub use json::MAX_DEPTH;
pub use mapping::Mapping;
pub use schema::{json_schema, JSON_SCHEMA};
pub use vendor::{is_custom_vendor_name, Signing, UnknownVendorName, Vendor};
pub use verdict::Verdict;

/// The wasm-bindgen exports that the npm package wraps (feature `wasm`).
#[cfg(feature = "wasm")]
pub mod wasm;

/// How to read a body.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The vendor that sent it; `None` recognises it from its shape (or, with a `mapping`,
    /// takes it as Callab's).
    pub vendor: Option<Vendor>,
    /// How to read a user-designed body (Callab's templates); see [`Mapping`].
    pub mapping: Option<Mapping>,
    /// Whether to attach the original payload as `raw`.
    pub include_raw: bool,
    /// A platform voicehook does not know, read with `mapping`: its name (see
    /// [`is_custom_vendor_name`]). The event's `vendor` is then `custom` and `custom_vendor`
    /// this name.
    pub custom_vendor: Option<String>,
    /// The body's `Content-Type` header value (parameters allowed). A form
    /// (`application/x-www-form-urlencoded`, Twilio's callbacks) is read as one; anything else,
    /// or none, as JSON. The format is never guessed from the bytes.
    pub content_type: Option<String>,
}

/// Whether a `Content-Type` value names a form body (`application/x-www-form-urlencoded`).
pub fn is_form_content_type(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// Normalizes one webhook body into a [`CallEvent`], or rejects it with every issue found.
pub fn normalize(body: &[u8], options: &Options) -> Result<CallEvent, Rejection> {
    normalize::normalize(body, options)
}

/// Recognises which vendor sent a body (read as JSON).
pub fn detect(body: &[u8]) -> Result<Vendor, Rejection> {
    normalize::detect(body, &Options::default())
}

/// Recognises which vendor sent a body read as `options.content_type` says (a form, or JSON).
pub fn detect_with(body: &[u8], options: &Options) -> Result<Vendor, Rejection> {
    normalize::detect(body, options)
}
