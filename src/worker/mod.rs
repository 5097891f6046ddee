//! The edge endpoint (feature `worker`): a Cloudflare Worker that authenticates each webhook,
//! normalizes it, stores the event (or quarantines the body) in D1 before answering, and serves
//! the admin read and replay endpoints. One structured JSON log line per request, without
//! personal data.

mod admin;
pub mod auth;
mod body;
mod delivery;
mod http;
pub(crate) mod ingest;
mod log;
mod maintenance;
mod phones;
pub(crate) mod settings;
pub(crate) mod store;

use http::problem;
use log::RequestLog;
use settings::Settings;
use worker::{
    event, js_sys, Context, Env, MessageBatch, Method, Request, Response, Result, ScheduleContext,
    ScheduledEvent, Url,
};

/// The queue consumer: delivers events, and marks dead-lettered ones dead.
#[event(queue)]
async fn queue(batch: MessageBatch<delivery::DeliveryJob>, env: Env, _ctx: Context) -> Result<()> {
    delivery::consume(batch, &env).await
}

/// The cron trigger: recovery of stranded events, then retention.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    if let Err(err) = maintenance::run(&env, &Settings::from_env(&env)).await {
        let line = serde_json::json!({ "route": "(scheduled)", "error": err.to_string() });
        worker::console_log!("{line}");
    }
}

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let started = js_sys::Date::now();
    let url = req.url()?;
    let method = req.method();
    let mut log = RequestLog::new(method.to_string());
    let mut settings = Settings::from_env(&env);
    let local = is_local_development(&settings, &url);
    if !local {
        // Test faults can never be turned on outside local development.
        settings.faults.clear();
    }
    let response = if settings.uses_development_secrets() && !local {
        log.outcome("development_secrets_refused");
        problem(
            503,
            "misconfigured",
            "Development secrets outside local development",
            "This deployment is configured with the documented development tokens; set real secrets.",
            &[],
        )
    } else {
        route(&mut req, &url, &method, &env, &settings, &mut log).await
    };
    let response = response.or_else(|err| {
        log.outcome("internal_error");
        log.error(&err);
        problem(
            503,
            "unavailable",
            "Temporarily unavailable",
            "Try again later.",
            &[],
        )
    })?;
    log.finish(response.status_code(), js_sys::Date::now() - started);
    Ok(response)
}

/// Local development: `VOICEHOOK_ENV=development` (from `.dev.vars`) and a loopback host.
fn is_local_development(settings: &Settings, url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    settings.development && matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

async fn route(
    req: &mut Request,
    url: &Url,
    method: &Method,
    env: &Env,
    settings: &Settings,
    log: &mut RequestLog,
) -> Result<Response> {
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    match (method, segments.as_slice()) {
        (Method::Get, ["healthz"]) => {
            log.route("/healthz");
            http::json(200, &serde_json::json!({ "ok": true }))
        }
        (Method::Get, ["v1", "schema"]) => {
            log.route("/v1/schema");
            http::json_text(200, crate::JSON_SCHEMA.to_owned())
        }
        (Method::Post, ["v1", "hooks"]) => {
            log.route("/v1/hooks");
            ingest::ingest(req, url, None, env, settings, log).await
        }
        // Callbacks configured as GET carry their parameters in the query string (Twilio).
        (Method::Post | Method::Get, ["v1", "hooks", vendor]) => {
            log.route("/v1/hooks/{vendor}");
            ingest::ingest(req, url, Some(vendor), env, settings, log).await
        }
        (Method::Post, ["v1", "normalize"]) => {
            log.route("/v1/normalize");
            ingest::dry_run(req, url, env, settings, log).await
        }
        (_, ["v1", ..]) => admin::route(req, url, method, &segments, env, settings, log).await,
        _ => {
            log.route("(none)");
            http::not_found("Not found", "No such route.")
        }
    }
}

#[cfg(test)]
mod tests {
    use worker::Url;

    /// `idna` runs without a Unicode back end here (Cargo.toml: `idna_adapter`): the URLs
    /// workerd hands the Worker still parse, punycode hosts included, and the routes and query
    /// read the same.
    #[test]
    fn request_urls_as_workerd_gives_them_parse_without_unicode_tables() {
        for (url, host) in [
            (
                "https://voicehook.example.workers.dev/v1/hooks/retell",
                "voicehook.example.workers.dev",
            ),
            (
                "https://xn--bcher-kva.example/v1/hooks?vendor=vapi",
                "xn--bcher-kva.example",
            ),
            (
                "http://localhost:8787/v1/hooks/twilio?CallSid=CA1",
                "localhost",
            ),
            ("http://127.0.0.1:8787/healthz", "127.0.0.1"),
            ("http://[::1]:8787/healthz", "[::1]"),
        ] {
            let parsed = Url::parse(url).expect(url);
            assert_eq!(parsed.host_str(), Some(host), "{url}");
        }
        let twilio = Url::parse("http://localhost:8787/v1/hooks/twilio?CallSid=CA1&From=%2B1555")
            .expect("a query");
        let pairs: Vec<_> = twilio.query_pairs().collect();
        assert_eq!(pairs[1].1, "+1555");
        // A host beyond ASCII, which workerd never hands over, is refused rather than misread.
        assert!(Url::parse("https://bücher.example/").is_err());
    }
}
