//! Building responses: JSON bodies, RFC 9457 problems, and the request facts handlers need.

use crate::ascii_json::to_ascii_json;
use crate::Issue;
use serde::Serialize;
use serde_json::json;
use worker::{Headers, Response, Result};

/// A JSON response with `status`, its text ASCII-only (non-ASCII characters escaped).
pub fn json<T: Serialize>(status: u16, value: &T) -> Result<Response> {
    text(status, "application/json", to_ascii_json(value)?)
}

/// A response whose body is already JSON text.
pub fn json_text(status: u16, body: String) -> Result<Response> {
    text(status, "application/json", body)
}

/// An `application/problem+json` response (RFC 9457); `issues` are added when there are any.
pub fn problem(
    status: u16,
    slug: &str,
    title: &str,
    detail: &str,
    issues: &[Issue],
) -> Result<Response> {
    let body = problem_body(status, slug, title, detail, issues)?;
    text(status, "application/problem+json", body.to_string())
}

/// The RFC 9457 members of a problem, with `issues` when there are any.
fn problem_body(
    status: u16,
    slug: &str,
    title: &str,
    detail: &str,
    issues: &[Issue],
) -> Result<serde_json::Value> {
    let mut body = json!({
        "type": format!("https://voicehook.dev/problems/{slug}"),
        "title": title,
        "status": status,
        "detail": detail,
    });
    if !issues.is_empty() {
        body["issues"] = serde_json::to_value(issues)?;
    }
    Ok(body)
}

/// A 404 problem.
pub fn not_found(title: &str, detail: &str) -> Result<Response> {
    problem(404, "not-found", title, detail, &[])
}

/// The problem for a quarantined body, with its quarantine id.
pub fn quarantined(status: u16, quarantine_id: &str, issues: &[Issue]) -> Result<Response> {
    if (200..300).contains(&status) {
        return json(
            status,
            &json!({ "accepted": false, "quarantined": true, "quarantine_id": quarantine_id }),
        );
    }
    let mut body = problem_body(
        status,
        "invalid-webhook",
        "The webhook could not be normalized",
        "The body was kept in quarantine; fix the mapping or the sender, then replay it.",
        issues,
    )?;
    body["quarantine_id"] = json!(quarantine_id);
    text(status, "application/problem+json", body.to_string())
}

fn text(status: u16, content_type: &str, body: String) -> Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", content_type)?;
    headers.set("cache-control", "no-store")?;
    Ok(Response::ok(body)?
        .with_status(status)
        .with_headers(headers))
}

/// Whether a `Content-Type` is one a vendor sends: JSON, or a form (Twilio).
pub fn is_webhook_content_type(content_type: Option<&str>) -> bool {
    is_json_content_type(content_type) || content_type.is_some_and(crate::is_form_content_type)
}

/// Whether a `Content-Type` names JSON: `application/json`, `text/json`, `application/*+json`,
/// with any parameters. A missing type is read as JSON (some senders set none).
pub fn is_json_content_type(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence == "text/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::{is_json_content_type, is_webhook_content_type};

    #[test]
    fn forms_are_webhooks_too() {
        assert!(is_webhook_content_type(Some(
            "application/x-www-form-urlencoded; charset=utf-8"
        )));
        assert!(is_webhook_content_type(None));
        assert!(!is_webhook_content_type(Some("multipart/form-data")));
    }

    #[test]
    fn json_content_types() {
        for yes in [
            None,
            Some("application/json"),
            Some("Application/JSON; charset=utf-8"),
            Some("application/cloudevents+json"),
            Some("text/json"),
        ] {
            assert!(is_json_content_type(yes), "{yes:?}");
        }
        for no in [
            Some("text/plain"),
            Some("multipart/form-data; boundary=x"),
            Some(""),
            Some("application/jsonx"),
        ] {
            assert!(!is_json_content_type(no), "{no:?}");
        }
    }
}
