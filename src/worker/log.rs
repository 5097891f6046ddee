//! One structured JSON log line per request: route template, vendor, kind, event id, outcome,
//! status, body size and time. Never URLs (tokens ride in queries), headers, phone numbers,
//! transcripts or bodies.

use serde::Serialize;
use worker::console_log;

/// What a request did, filled in as it is handled and logged once at the end.
#[derive(Debug, Default, Serialize)]
pub struct RequestLog {
    method: String,
    route: &'static str,
    vendor: Option<&'static str>,
    kind: Option<&'static str>,
    event_id: Option<String>,
    quarantine_id: Option<String>,
    outcome: &'static str,
    status: u16,
    body_bytes: Option<usize>,
    d1_writes: Option<u32>,
    ms: f64,
    error: Option<String>,
}

impl RequestLog {
    /// A log for a request with `method`.
    pub fn new(method: String) -> RequestLog {
        RequestLog {
            method,
            route: "(none)",
            outcome: "ok",
            ..RequestLog::default()
        }
    }

    /// The matched route's template (never the URL itself).
    pub fn route(&mut self, template: &'static str) {
        self.route = template;
    }

    /// What happened, as one word (`accepted`, `duplicate`, `quarantined`, `unauthorized`, ...).
    pub fn outcome(&mut self, outcome: &'static str) {
        self.outcome = outcome;
    }

    /// The event stored or found.
    pub fn event(&mut self, event: &crate::CallEvent) {
        self.vendor = Some(event.vendor.as_str());
        self.kind = Some(event.kind.as_str());
        self.event_id = Some(event.id.clone());
    }

    /// The quarantine row written.
    pub fn quarantined(&mut self, id: &str) {
        self.quarantine_id = Some(id.to_owned());
    }

    /// How many D1 write requests the request made.
    pub fn d1_writes(&mut self, writes: u32) {
        self.d1_writes = Some(writes);
    }

    /// The body's size in bytes.
    pub fn body_bytes(&mut self, bytes: usize) {
        self.body_bytes = Some(bytes);
    }

    /// An internal error (storage, runtime); its text never contains request data.
    pub fn error(&mut self, err: &worker::Error) {
        self.error = Some(err.to_string());
    }

    /// Writes the line.
    pub fn finish(mut self, status: u16, ms: f64) {
        self.status = status;
        self.ms = ms;
        if let Ok(line) = serde_json::to_string(&self) {
            console_log!("{line}");
        }
    }
}
