//! The Worker's settings, read from its environment (`wrangler.toml` vars and secrets).

use super::auth::{secret_list, Credentials};
use crate::Vendor;
use worker::Env;

/// Default `MAX_BODY_BYTES`: 1 MiB.
const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;
/// Default `RETENTION_DAYS`.
const DEFAULT_RETENTION_DAYS: u32 = 30;
/// Default `RECOVERY_GRACE_S`: how long an event may wait for its queue message before the
/// recovery sweep hands it on again.
const DEFAULT_RECOVERY_GRACE_S: u32 = 600;

/// The secrets documented for local development (`.dev.vars`). The Worker refuses to serve
/// with any of them unless it runs in local development.
pub const DEVELOPMENT_SECRETS: [&str; 11] = [
    "dev-ingest-token",
    "dev-starleads-token",
    "dev-autocalls-token",
    "dev-admin-token",
    "dev-atoms-signing-secret",
    "dev-vapi-secret",
    "dev-retell-api-key",
    "dev-bland-webhook-secret",
    "dev-elevenlabs-webhook-secret",
    "dev-synthflow-webhook-secret",
    "dev-twilio-auth-token",
];

/// Everything a request may need from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Ingest tokens and the vendors' signing secrets.
    pub credentials: Credentials,
    /// `ADMIN_TOKEN` (comma-separated while one is rotated): the read, replay and mapping
    /// endpoints; none when unset.
    pub admin_tokens: Vec<String>,
    /// `PUBLIC_BASE_URL`: the scheme, host (and any path prefix) vendors call, when the Worker
    /// sits behind a proxy or a custom domain; Twilio signs the URL it called.
    pub public_base_url: Option<String>,
    /// `SIGNATURE_TOLERANCE_S`: the window for signed times, overriding each vendor's own
    /// (Retell 5 minutes, ElevenLabs 30 minutes).
    pub signature_tolerance_s: Option<u64>,
    /// `MAX_BODY_BYTES`: larger bodies get 413.
    pub max_body_bytes: usize,
    /// `REJECT_STATUS`: what a vendor sees for a quarantined body (422, or 200 for vendors that
    /// disable endpoints that keep failing).
    pub reject_status: u16,
    /// `CALLAB_MAPPING`: the Callab mapping's JSON text, unless one is stored in D1.
    pub callab_mapping: Option<String>,
    /// Whether `DELIVERY_URL` is set: accepted events are then handed to the delivery queue.
    pub delivery_configured: bool,
    /// `VOICEHOOK_ENV = "development"`, set only by `.dev.vars` for `wrangler dev`.
    pub development: bool,
    /// `RETENTION_DAYS`: delivered events and resolved quarantine are purged after this many
    /// days (0: kept forever).
    pub retention_days: u32,
    /// `RECOVERY_GRACE_S`: see [`DEFAULT_RECOVERY_GRACE_S`].
    pub recovery_grace_s: u32,
    /// `PHONE_INDEX_KEY`: the key of the phone index behind erasure.
    pub phone_index_key: Option<String>,
    /// `VOICEHOOK_FAULTS`: faults injected by the tests; honoured only in local development
    /// (see [`Fault`]).
    pub faults: Vec<Fault>,
}

/// A fault the end-to-end tests inject to prove recovery. Honoured only when
/// `VOICEHOOK_ENV=development` **and** the request reached a loopback host, which no deployed
/// Worker ever sees: it cannot be turned on in a deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `queue_send`: handing an event to the delivery queue fails.
    QueueSend,
    /// `drop_after_store`: the request dies right after the event is stored, before the
    /// hand-on (as when the vendor disconnects or the isolate is killed).
    DropAfterStore,
}

impl Settings {
    /// Reads the settings; a malformed number falls back to its default.
    pub fn from_env(env: &Env) -> Settings {
        let read = |name: &str| read(env, name);
        let list = |name: &str| {
            read(name)
                .map(|value| secret_list(&value))
                .unwrap_or_default()
        };
        let per_vendor = Vendor::ALL
            .iter()
            .map(|vendor| {
                let name = format!("INGEST_TOKEN_{}", vendor.as_str().to_ascii_uppercase());
                (*vendor, list(&name))
            })
            .filter(|(_, tokens)| !tokens.is_empty())
            .collect();
        let signing = Vendor::ALL
            .iter()
            .filter_map(|vendor| Some((*vendor, list(vendor.signing()?.setting))))
            .filter(|(_, secrets)| !secrets.is_empty())
            .collect();
        Settings {
            credentials: Credentials {
                global: list("INGEST_TOKEN"),
                per_vendor,
                signing,
            },
            admin_tokens: list("ADMIN_TOKEN"),
            public_base_url: read("PUBLIC_BASE_URL"),
            signature_tolerance_s: read("SIGNATURE_TOLERANCE_S")
                .and_then(|n| n.trim().parse().ok()),
            max_body_bytes: read("MAX_BODY_BYTES")
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(DEFAULT_MAX_BODY_BYTES),
            reject_status: read("REJECT_STATUS")
                .and_then(|n| n.trim().parse().ok())
                .filter(|status| matches!(status, 200..=299 | 400..=499))
                .unwrap_or(422),
            callab_mapping: read("CALLAB_MAPPING"),
            delivery_configured: read("DELIVERY_URL").is_some(),
            development: read("VOICEHOOK_ENV").as_deref() == Some("development"),
            retention_days: number(read("RETENTION_DAYS"), DEFAULT_RETENTION_DAYS),
            recovery_grace_s: number(read("RECOVERY_GRACE_S"), DEFAULT_RECOVERY_GRACE_S),
            phone_index_key: read("PHONE_INDEX_KEY"),
            faults: read("VOICEHOOK_FAULTS")
                .map(|list| {
                    list.split(',')
                        .filter_map(|name| match name.trim() {
                            "queue_send" => Some(Fault::QueueSend),
                            "drop_after_store" => Some(Fault::DropAfterStore),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Whether any configured secret is one of the documented development secrets.
    pub fn uses_development_secrets(&self) -> bool {
        self.credentials
            .all()
            .chain(&self.admin_tokens)
            .any(|secret| DEVELOPMENT_SECRETS.contains(&secret.as_str()))
    }
}

/// A whole number setting, or its default when unset or malformed.
fn number(text: Option<String>, default: u32) -> u32 {
    text.and_then(|n| n.trim().parse().ok()).unwrap_or(default)
}

/// A non-empty variable or secret.
pub fn read(env: &Env, name: &str) -> Option<String> {
    let value = env
        .secret(name)
        .map(|secret| secret.to_string())
        .or_else(|_| env.var(name).map(|var| var.to_string()))
        .ok()?;
    (!value.is_empty()).then_some(value)
}
