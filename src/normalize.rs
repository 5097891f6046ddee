//! The pipeline behind [`normalize`](crate::normalize) and [`detect`](crate::detect): parse,
//! recognise the vendor, map, derive, identify.

use crate::enrich::enrich;
use crate::error::{Issue, IssueCode, Rejection};
use crate::event::CallEvent;
use crate::json::{self, Value};
use crate::listed::{ExtraList, Listed};
use crate::mapping::Mapping;
use crate::reader::Reader;
use crate::vendor::{self, Vendor};
use crate::{id, Options};
use serde_json::value::RawValue;

/// Normalizes one webhook body.
pub(crate) fn normalize(original: &[u8], options: &Options) -> Result<CallEvent, Rejection> {
    crate::in_arena(|| normalize_in_scope(original, options).map(|(event, _)| event.into_event()))
}

/// Normalizes one webhook body for an answer that only writes the event out: its `extra` may
/// still be a list ([`Listed`]). Also the BLAKE3 digest of the content its id was made from (the
/// Worker stores it, to tell a redelivery from another content under the same id).
pub(crate) fn normalize_listed(
    original: &[u8],
    options: &Options,
) -> Result<(Listed, [u8; 32]), Rejection> {
    crate::in_arena(|| normalize_in_scope(original, options))
}

/// [`normalize_listed`], inside the allocation scope of one normalization.
fn normalize_in_scope(original: &[u8], options: &Options) -> Result<(Listed, [u8; 32]), Rejection> {
    let mut scratch = None;
    let parsed = parse_body(original, options, &mut scratch)?;
    let value = &parsed.value;
    require_object(value)?;
    let vendor = match (&options.custom_vendor, options.vendor, &options.mapping) {
        (Some(_), ..) => Vendor::Custom,
        (None, Some(vendor), _) => vendor,
        (None, None, Some(_)) => Vendor::Callab,
        (None, None, None) => vendor::detect(value).map_err(Rejection::single)?,
    };
    // The digest first: it finds the objects that repeat a key, which reading them needs.
    let digest = id::content_digest(value, vendor.per_delivery());
    let reader = Reader::knowing_repeats(digest.repeating);
    let (mut event, extra) = map(reader, vendor, value, options.mapping.as_ref())?;
    event.custom_vendor = options.custom_vendor.clone();
    enrich(&mut event);
    event.warnings.extend(parsed.warnings);
    event.id = id::event_id(&event, &digest.bytes);
    if options.include_raw {
        event.raw = raw_payload(parsed.text, parsed.form);
    }
    Ok((Listed::new(event, extra), digest.bytes))
}

/// A body read into a tree: the tree, the bytes it was read from, whether it was a form, and
/// warnings about the reading itself.
struct Parsed<'a> {
    value: Value<'a>,
    text: &'a [u8],
    form: bool,
    warnings: Vec<Issue>,
}

/// Reads the body as its content type says: a form, or JSON.
fn parse_body<'a>(
    original: &'a [u8],
    options: &Options,
    scratch: &'a mut Option<Vec<u8>>,
) -> Result<Parsed<'a>, Rejection> {
    let form = options
        .content_type
        .as_deref()
        .is_some_and(crate::is_form_content_type);
    if form {
        let (value, warnings) = json::parse_form(original);
        return Ok(Parsed {
            value,
            text: original,
            form,
            warnings,
        });
    }
    let (value, text, repaired) = parse_repairing(original, scratch)?;
    let warnings = (repaired > 0)
        .then(|| surrogates_replaced(repaired))
        .into_iter()
        .collect();
    Ok(Parsed {
        value,
        text,
        form,
        warnings,
    })
}

/// Recognises the vendor of one webhook body.
pub(crate) fn detect(original: &[u8], options: &Options) -> Result<Vendor, Rejection> {
    let mut scratch = None;
    let parsed = parse_body(original, options, &mut scratch)?;
    require_object(&parsed.value)?;
    vendor::detect(&parsed.value).map_err(Rejection::single)
}

/// Parses the body; when it is not JSON only because of lone surrogate escapes, parses a repaired
/// copy (kept in `scratch`) instead. Well-formed bodies are parsed once and never copied.
/// Returns the tree, the bytes it was read from, and how many escapes were repaired.
fn parse_repairing<'a>(
    original: &'a [u8],
    scratch: &'a mut Option<Vec<u8>>,
) -> Result<(Value<'a>, &'a [u8], usize), Rejection> {
    let issue = match json::parse(original) {
        Ok(value) => return Ok((value, original, 0)),
        Err(issue) => issue,
    };
    let repair = match issue.code {
        IssueCode::InvalidJson => json::repair_lone_surrogates(original),
        _ => None,
    };
    let Some((fixed, count)) = repair else {
        return Err(Rejection::single(issue));
    };
    let fixed: &'a [u8] = scratch.insert(fixed);
    let value = json::parse(fixed).map_err(Rejection::single)?;
    Ok((value, fixed, count))
}

fn surrogates_replaced(count: usize) -> Issue {
    Issue::new(
        IssueCode::InvalidValue,
        "",
        format!("{count} lone surrogate escape(s) replaced by U+FFFD"),
    )
    .expected("UTF-16 surrogate pairs in \\u escapes")
    .found("lone surrogate")
}

fn require_object(value: &Value<'_>) -> Result<(), Rejection> {
    if value.entries().is_some() {
        return Ok(());
    }
    Err(Rejection::single(
        Issue::new(
            IssueCode::NotAnObject,
            "",
            "a webhook body is a JSON object",
        )
        .expected("object")
        .found(value.type_name()),
    ))
}

/// The event the vendor module reads, and its `extra` as a list when no object of the body
/// repeats a key (else the event's `extra` holds it, with a warning for each repeated key).
fn map(
    reader: Reader,
    vendor: Vendor,
    value: &Value<'_>,
    mapping: Option<&Mapping>,
) -> Result<(CallEvent, Option<ExtraList>), Rejection> {
    let mut event = vendor.map(reader.root(value), mapping);
    let listed = reader.repeats_no_key();
    let mut findings = reader.into_findings();
    if !findings.issues.is_empty() {
        // The fatal issues first; the warnings after them still help fix the sender.
        findings.issues.append(&mut findings.warnings);
        return Err(Rejection {
            issues: findings.issues,
        });
    }
    let extra = if listed {
        Some(findings.kept_once())
    } else {
        event.extra = findings.extra();
        None
    };
    event.warnings = findings.warnings;
    Ok((event, extra))
}

/// The body as sent, for `raw`: the JSON itself (a byte-order mark dropped), or a form's text
/// as a JSON string. `body` is the text just parsed as one JSON value.
fn raw_payload(body: &[u8], form: bool) -> Option<Box<RawValue>> {
    if form {
        let text = String::from_utf8_lossy(body);
        return serde_json::value::to_raw_value(&text).ok();
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).ok()?;
    // SAFETY: the text parsed as one JSON value (`parse_body`), and trimmed it has no whitespace
    // around it: what `from_string_unchecked` asks for. Checked again in debug builds (the
    // tests); `from_string` would parse it a second time, with serde_json's parser (5 KB of the
    // npm .wasm).
    Some(unsafe { RawValue::from_string_unchecked(text.trim().to_owned()) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::IssueCode;

    #[test]
    fn a_repeated_key_gives_its_last_value_and_a_warning_read_or_kept() {
        let body = br#"{"event":"incoming_call","call_id":"first","call_sid":"CA1",
          "timestamp":"2026-02-21T18:30:00.000Z","business_name":"Sunrise Dental",
          "business_phone":"+15551234567","caller":{"phone":"+15559876543","country":"US",
          "note":"a","note":"b"},"direction":"inbound","call_id":"clx1"}"#;
        let event = normalize(body, &Options::default()).unwrap();
        assert_eq!(event.call.id.as_deref(), Some("clx1"));
        assert_eq!(event.extra["/caller/note"], "b");
        let repeats: Vec<&str> = event
            .warnings
            .iter()
            .filter(|w| w.code == IssueCode::DuplicateKey)
            .map(|w| w.path.as_str())
            .collect();
        assert_eq!(repeats, ["/call_id", "/caller/note"]);
    }
}
