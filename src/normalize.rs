//! The pipeline behind [`normalize`](crate::normalize) and [`detect`](crate::detect): parse,
//! recognise the vendor, map, derive, identify.

use crate::enrich::enrich;
use crate::error::{Issue, IssueCode, Rejection};
use crate::event::CallEvent;
use crate::json::{self, Value};
use crate::mapping::Mapping;
use crate::reader::Reader;
use crate::vendor::{self, Vendor};
use crate::{id, Options};
use serde_json::value::RawValue;

/// Normalizes one webhook body.
pub(crate) fn normalize(body: &[u8], options: &Options) -> Result<CallEvent, Rejection> {
    let value = json::parse(body).map_err(Rejection::single)?;
    require_object(&value)?;
    let vendor = match (options.vendor, &options.mapping) {
        (Some(vendor), _) => vendor,
        (None, Some(_)) => Vendor::Callab,
        (None, None) => vendor::detect(&value).map_err(Rejection::single)?,
    };
    let mut event = map(vendor, &value, options.mapping.as_ref())?;
    enrich(&mut event);
    event.id = id::event_id(&event, body);
    if options.include_raw {
        event.raw = raw_payload(body);
    }
    Ok(event)
}

/// Recognises the vendor of one webhook body.
pub(crate) fn detect(body: &[u8]) -> Result<Vendor, Rejection> {
    let value = json::parse(body).map_err(Rejection::single)?;
    require_object(&value)?;
    vendor::detect(&value).map_err(Rejection::single)
}

fn require_object(value: &Value<'_>) -> Result<(), Rejection> {
    if value.entries().is_some() {
        return Ok(());
    }
    Err(Rejection::single(Issue::new(
        IssueCode::NotAnObject,
        "",
        Some("object"),
        Some(value.type_name()),
        "a webhook body is a JSON object",
    )))
}

fn map(
    vendor: Vendor,
    value: &Value<'_>,
    mapping: Option<&Mapping>,
) -> Result<CallEvent, Rejection> {
    let reader = Reader::default();
    let mut event = vendor.map(reader.root(value), mapping);
    let mut findings = reader.into_findings();
    if !findings.issues.is_empty() {
        // The fatal issues first; the warnings after them still help fix the sender.
        findings.issues.append(&mut findings.warnings);
        return Err(Rejection {
            issues: findings.issues,
        });
    }
    event.warnings = findings.warnings;
    event.extra = findings.extra;
    Ok(event)
}

/// The body as sent, for `raw` (a byte-order mark is dropped; the body is known to be JSON).
fn raw_payload(body: &[u8]) -> Option<Box<RawValue>> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).ok()?;
    RawValue::from_string(text.trim().to_owned()).ok()
}
