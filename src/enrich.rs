//! What every event gets after its vendor module read it: the parts one vendor sends and another
//! leaves to be derived, derived the same way for all.
//!
//! - the duration, from the answer (or start) and end times;
//! - the parties' phones, from the call's `from`/`to` and its direction, and back;
//! - `extracted_fields` and `inferred_contact`, from the voicemail transcription and the summary,
//!   when the vendor did not send its own;
//! - national phone numbers placed in the country of the other party's E.164 number;
//! - each message's `offset_seconds`, from its time and the call's answer (or start) time.

use crate::event::{CallEvent, Direction, Phone};
use crate::field::{duration, labelled, phone, time};

/// Derives what can be derived; never overwrites what the vendor sent.
pub(crate) fn enrich(event: &mut CallEvent) {
    derive_duration(event);
    link_parties(event);
    read_free_text(event);
    place_national_phones(event);
    fill_offsets(event);
}

fn call_start(event: &CallEvent) -> Option<time::Timestamp> {
    let call = &event.call;
    let start = call.answered_at.as_deref().or(call.started_at.as_deref())?;
    time::parse_text(start)
}

fn derive_duration(event: &mut CallEvent) {
    if event.call.duration_seconds.is_some() {
        return;
    }
    let end = event.call.ended_at.as_deref().and_then(time::parse_text);
    event.call.duration_seconds = duration::between(call_start(event), end);
}

fn link_parties(event: &mut CallEvent) {
    let Some(direction) = event.call.direction else {
        return;
    };
    let call = &mut event.call;
    let (agent_side, contact_side) = match direction {
        Direction::Outbound => (&mut call.from, &mut call.to),
        Direction::Inbound => (&mut call.to, &mut call.from),
    };
    fill_both(agent_side, &mut event.agent.phone);
    fill_both(contact_side, &mut event.contact.phone);
}

/// Makes two places that name the same phone agree when only one is known.
fn fill_both(a: &mut Option<Phone>, b: &mut Option<Phone>) {
    match (a.is_some(), b.is_some()) {
        (true, false) => *b = a.clone(),
        (false, true) => *a = b.clone(),
        _ => {}
    }
}

fn read_free_text(event: &mut CallEvent) {
    let texts: Vec<&str> = [
        event
            .voicemail
            .as_ref()
            .and_then(|v| v.transcription.as_deref()),
        event.summary.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if event.extracted_fields.is_empty() {
        for text in &texts {
            for (label, value) in labelled::extract(text) {
                event.extracted_fields.entry(label).or_insert(value);
            }
        }
    }
    if event.inferred_contact.is_none() {
        let inferred = labelled::infer_contact(&event.extracted_fields, &texts, None);
        event.inferred_contact = (!inferred.is_empty()).then_some(inferred);
    }
}

fn place_national_phones(event: &mut CallEvent) {
    let known = [
        &event.agent.phone,
        &event.call.to,
        &event.call.from,
        &event.contact.phone,
    ];
    let Some(hint) = known
        .into_iter()
        .flatten()
        .find_map(|p| p.e164.as_deref().and_then(phone::calling_code))
        .map(str::to_owned)
    else {
        return;
    };
    let inferred_phone = event
        .inferred_contact
        .as_mut()
        .and_then(|c| c.phone.as_mut());
    let phones = [
        event.call.from.as_mut(),
        event.call.to.as_mut(),
        event.call.forwarded_from.as_mut(),
        event.agent.phone.as_mut(),
        event.contact.phone.as_mut(),
        inferred_phone,
    ];
    for phone in phones.into_iter().flatten() {
        if phone.e164.is_none() {
            *phone = phone::normalize(&phone.raw, Some(&hint));
        }
    }
}

fn fill_offsets(event: &mut CallEvent) {
    let Some(start) = call_start(event) else {
        return;
    };
    let Some(transcript) = event.transcript.as_mut() else {
        return;
    };
    for message in &mut transcript.messages {
        if message.offset_seconds.is_none() {
            let at = message.at.as_deref().and_then(time::parse_text);
            message.offset_seconds = at.map(|at| start.seconds_until(at));
        }
    }
}
