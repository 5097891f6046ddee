//! Declarative mappings: for webhook bodies that the user designs (Callab's body template), which
//! unified field comes from which place of the body. Pure data, no code evaluation.
//!
//! A mapping is JSON:
//! ```json
//! {
//!   "event": "/type",
//!   "events": { "CallCompleted": "call.ended" },
//!   "fields": { "call.id": ["/data/id", "/id"], "contact.phone": "/data/to", "variables": "/data/vars" },
//!   "constants": { "call.direction": "outbound" }
//! }
//! ```
//! - `event`: JSON Pointer to the vendor's event name (default `/event`); a constant `event`
//!   may name it instead, for a template configured per event.
//! - `events`: the user's event names and the [`EventKind`] each means (the vendor's own names
//!   and voicehook's kind names are always understood).
//! - `fields`: unified field (the schema's dotted path, e.g. `call.started_at`, `outcome.label`,
//!   or `variables.<key>`, `contact.fields.<key>`, `campaign.extra.<key>`, `metrics.<name>`) to
//!   one JSON Pointer or a list. For single values the first pointer that is present and not null
//!   is used; object fields (`variables`, `contact.fields`, `campaign.extra`, `metrics`) merge
//!   every listed pointer.
//! - `constants`: unified field to a fixed JSON value.
//!
//! Whatever the mapping does not read goes to `extra`, like for every vendor.

mod target;

use crate::error::{Issue, IssueCode, Rejection};
use crate::event::{CallEvent, EventKind};
use crate::json::{self, pointer, Value};
use crate::kept::Kept;
use crate::reader::{Node, Reader};
use crate::vendor::Vendor;
use target::Target;

const DEFAULT_EVENT_POINTER: &str = "/event";
const EVENT_CONSTANT: &str = "event";

/// A body template description: where each unified field is in the body.
#[derive(Debug, Clone)]
pub struct Mapping {
    event_pointer: String,
    /// `event_pointer`'s tokens, split once.
    event_tokens: Vec<String>,
    event_constant: Option<String>,
    events: Vec<(String, EventKind)>,
    fields: Vec<Field>,
    constants: Vec<(String, Target, serde_json::Value)>,
    /// The last body's plan and its trie, for the next body with the same plan: bodies of one
    /// template mostly plan the same pointers, so the trie is built once for them.
    last_plan: Kept<(Plan, Trie)>,
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    target: Target,
    pointers: Vec<Vec<String>>,
}

/// Where the event name came from, for the vendor module to judge it.
enum EventName {
    /// The name, and the pointer it was read at (in the body, or `/constants/event`).
    Found(String, String),
    /// No name at this pointer of the body.
    Missing(String),
}

impl Mapping {
    /// A mapping that reads only the event name at `/event`; everything else goes to `extra`.
    pub fn empty() -> Mapping {
        Mapping {
            event_pointer: DEFAULT_EVENT_POINTER.to_owned(),
            event_tokens: pointer::tokens(DEFAULT_EVENT_POINTER).unwrap_or_default(),
            event_constant: None,
            events: Vec::new(),
            fields: Vec::new(),
            constants: Vec::new(),
            last_plan: Kept::new(),
        }
    }

    /// Parses and checks a mapping document; every problem is reported with its path in it.
    pub fn from_json(text: &str) -> Result<Mapping, Rejection> {
        // voicehook's own reader, as for bodies: serde_json's typed reader would link float
        // formatting for its error messages (13 KB of the npm .wasm, gzipped).
        let document = json::parse_document(text.as_bytes(), "the mapping").map_err(|issue| {
            Rejection::single(Issue {
                code: IssueCode::InvalidMapping,
                ..issue
            })
        })?;
        Mapping::from_value(&document.to_owned_json())
    }

    /// Checks a mapping already parsed as JSON.
    pub fn from_value(document: &serde_json::Value) -> Result<Mapping, Rejection> {
        let mut issues = Vec::new();
        let mut mapping = Mapping::empty();
        let Some(members) = document.as_object() else {
            return Err(Rejection::single(mapping_issue(
                "",
                "object",
                json_type(document),
                "a mapping is a JSON object",
            )));
        };
        for (key, value) in members {
            let at = pointer::member("", key);
            match key.as_str() {
                "event" => match value.as_str().and_then(|p| Some((p, pointer::tokens(p)?))) {
                    Some((p, tokens)) => {
                        mapping.event_pointer = p.to_owned();
                        mapping.event_tokens = tokens;
                    }
                    None => issues.push(mapping_issue(
                        &at,
                        "a JSON Pointer",
                        json_type(value),
                        "`event` is the pointer to the event name",
                    )),
                },
                "events" => mapping.events = read_events(value, &at, &mut issues),
                "fields" => mapping.fields = read_fields(value, &at, &mut issues),
                "constants" => read_constants(value, &at, &mut mapping, &mut issues),
                _ => issues.push(mapping_issue(
                    &at,
                    "event, events, fields or constants",
                    "another key",
                    "unknown key in the mapping",
                )),
            }
        }
        if issues.is_empty() {
            Ok(mapping)
        } else {
            Err(Rejection { issues })
        }
    }

    /// The event kind this mapping's `events` table gives a vendor event name.
    pub(crate) fn kind_of(&self, name: &str) -> Option<EventKind> {
        self.events
            .iter()
            .find(|(event, _)| event == name)
            .map(|(_, kind)| *kind)
    }

    /// The pointer (or constant path) where the unified field `name` is read, for messages.
    pub(crate) fn source_of(&self, name: &str) -> Option<String> {
        if self.constants.iter().any(|(constant, ..)| constant == name) {
            return Some(pointer::member("/constants", name));
        }
        let field = self.fields.iter().find(|field| field.name == name)?;
        field.pointers.first().map(|tokens| to_pointer(tokens))
    }

    /// Reads the body into `event` and returns the event name.
    fn apply(&self, root: Node<'_>, event: &mut CallEvent) -> EventName {
        let plan = self.plan(root.value);
        let (plan, trie) = match self.last_plan.take() {
            Some((known, trie)) if known == plan => (known, trie),
            // Kept past this normalization, so outside its arena (crate::outside_arena).
            _ => crate::outside_arena(|| (plan.clone(), Trie::build(self, &plan))),
        };
        let mut name = None;
        walk(root, &trie, &mut |leaf, node| match leaf {
            Leaf::Event => name = node.string(),
            Leaf::Field(index) => {
                if let Some(field) = self.fields.get(index) {
                    field.target.apply(&node, event);
                }
            }
        });
        self.last_plan.put((plan, trie));
        self.apply_constants(event);
        match (&self.event_constant, name) {
            (Some(constant), _) => {
                EventName::Found(constant.clone(), format!("/constants/{EVENT_CONSTANT}"))
            }
            (None, Some(name)) => EventName::Found(name, self.event_pointer.clone()),
            (None, None) => EventName::Missing(self.event_pointer.clone()),
        }
    }

    /// The pointers to read in `root`, as (leaf, index of the pointer in its field's list).
    ///
    /// A pointer of one token needs no look ahead: when its member is absent, the walk finds
    /// nothing there and reads nothing. A longer one is planned only when its value is present,
    /// so that the objects on its way are not read for nothing (their members go to `extra`
    /// whole). Of several pointers to one value, the first present and not null is planned;
    /// failing that the first null, so it is read, not left over.
    fn plan(&self, root: &Value<'_>) -> Plan {
        let mut plan = Vec::with_capacity(self.fields.len() + 1);
        if self.event_constant.is_none() {
            plan.push((Leaf::Event, 0));
        }
        for (index, field) in self.fields.iter().enumerate() {
            let leaf = Leaf::Field(index);
            if field.target.merges() || field.pointers.len() == 1 {
                for (at, tokens) in field.pointers.iter().enumerate() {
                    if tokens.len() <= 1 || resolve(root, tokens).is_some() {
                        plan.push((leaf, at));
                    }
                }
                continue;
            }
            let mut first_null = None;
            let mut chosen = None;
            for (at, tokens) in field.pointers.iter().enumerate() {
                match resolve(root, tokens) {
                    Some(Value::Null) => first_null = first_null.or(Some(at)),
                    Some(_) => {
                        chosen = Some(at);
                        break;
                    }
                    None => {}
                }
            }
            if let Some(at) = chosen.or(first_null) {
                plan.push((leaf, at));
            }
        }
        plan
    }

    /// The tokens of a planned pointer.
    fn tokens_of(&self, (leaf, at): (Leaf, usize)) -> Option<&[String]> {
        match leaf {
            Leaf::Event => Some(&self.event_tokens),
            Leaf::Field(index) => self.fields.get(index)?.pointers.get(at).map(Vec::as_slice),
        }
    }

    fn apply_constants(&self, event: &mut CallEvent) {
        for (_, target, value) in &self.constants {
            let _ = apply_constant(target, value, event);
        }
    }
}

/// Applies one constant; `false` when the value does not suit the target.
fn apply_constant(target: &Target, value: &serde_json::Value, event: &mut CallEvent) -> bool {
    let text = value.to_string();
    let Ok(parsed) = json::parse(text.as_bytes()) else {
        return false;
    };
    let reader = Reader::default();
    target.apply(&reader.root(&parsed), event);
    let findings = reader.into_findings();
    findings.warnings.is_empty() && findings.issues.is_empty()
}

fn mapping_issue(path: &str, expected: &str, found: &str, message: impl Into<String>) -> Issue {
    Issue::new(IssueCode::InvalidMapping, path, message)
        .expected(expected)
        .found(found)
}

fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn read_events(
    value: &serde_json::Value,
    at: &str,
    issues: &mut Vec<Issue>,
) -> Vec<(String, EventKind)> {
    let Some(members) = value.as_object() else {
        issues.push(mapping_issue(
            at,
            "object",
            json_type(value),
            "`events` maps names to kinds",
        ));
        return Vec::new();
    };
    let mut events = Vec::new();
    for (name, kind) in members {
        match kind.as_str().and_then(EventKind::from_name) {
            Some(kind) => events.push((name.clone(), kind)),
            None => issues.push(mapping_issue(
                &pointer::member(at, name),
                "an event kind such as call.ended",
                json_type(kind),
                "not an event kind of the schema",
            )),
        }
    }
    events
}

fn read_fields(value: &serde_json::Value, at: &str, issues: &mut Vec<Issue>) -> Vec<Field> {
    let Some(members) = value.as_object() else {
        issues.push(mapping_issue(
            at,
            "object",
            json_type(value),
            "`fields` maps unified fields to pointers",
        ));
        return Vec::new();
    };
    let mut fields = Vec::new();
    for (name, pointers) in members {
        let field_at = pointer::member(at, name);
        let Some(target) = Target::from_name(name) else {
            issues.push(mapping_issue(
                &field_at,
                "a unified field such as call.id or variables.<key>",
                "an unknown field name",
                "no such field in the schema",
            ));
            continue;
        };
        let list: Vec<&serde_json::Value> = match pointers {
            serde_json::Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        let mut parsed = Vec::new();
        for (index, item) in list.iter().enumerate() {
            match item.as_str().and_then(pointer::tokens) {
                Some(tokens) => parsed.push(tokens),
                None => issues.push(mapping_issue(
                    &if pointers.is_array() {
                        format!("{field_at}/{index}")
                    } else {
                        field_at.clone()
                    },
                    "a JSON Pointer such as /data/id",
                    json_type(item),
                    "not a JSON Pointer",
                )),
            }
        }
        fields.push(Field {
            name: name.clone(),
            target,
            pointers: parsed,
        });
    }
    fields
}

fn read_constants(
    value: &serde_json::Value,
    at: &str,
    mapping: &mut Mapping,
    issues: &mut Vec<Issue>,
) {
    let Some(members) = value.as_object() else {
        issues.push(mapping_issue(
            at,
            "object",
            json_type(value),
            "`constants` maps unified fields to values",
        ));
        return;
    };
    for (name, constant) in members {
        let constant_at = pointer::member(at, name);
        if name == EVENT_CONSTANT {
            match constant.as_str() {
                Some(event) => mapping.event_constant = Some(event.to_owned()),
                None => issues.push(mapping_issue(
                    &constant_at,
                    "string",
                    json_type(constant),
                    "the event name is text",
                )),
            }
            continue;
        }
        let Some(target) = Target::from_name(name) else {
            issues.push(mapping_issue(
                &constant_at,
                "a unified field such as call.direction",
                "an unknown field name",
                "no such field in the schema",
            ));
            continue;
        };
        let mut scratch = CallEvent::blank(crate::Vendor::Callab, EventKind::CallEnded);
        if !apply_constant(&target, constant, &mut scratch) {
            issues.push(mapping_issue(
                &constant_at,
                "a value this field can hold",
                json_type(constant),
                "the constant does not suit its field",
            ));
            continue;
        }
        mapping
            .constants
            .push((name.clone(), target, constant.clone()));
    }
}

fn to_pointer(tokens: &[String]) -> String {
    let mut pointer = String::new();
    for token in tokens {
        pointer::push_token(&mut pointer, token);
    }
    pointer
}

/// The value at `tokens` below `value`, without recording anything.
fn resolve<'v>(value: &'v Value<'v>, tokens: &[String]) -> Option<&'v Value<'v>> {
    tokens.iter().try_fold(value, |at, token| match at {
        Value::Object(_) => at.get(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The pointers read in one body: each leaf, with the index of its pointer in its field's list.
type Plan = Vec<(Leaf, usize)>;

/// What a place of the body fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    Event,
    Field(usize),
}

/// The planned pointers as a tree, so the body is walked once, each object read through one
/// reader (its unread members then go to `extra` exactly once).
#[derive(Debug, Default)]
struct Trie {
    leaves: Leaves,
    /// Each token and what lies below it.
    children: Vec<(String, Trie)>,
}

impl Trie {
    fn build(mapping: &Mapping, plan: &[(Leaf, usize)]) -> Trie {
        let mut root = Trie::default();
        for &(leaf, at) in plan {
            let Some(tokens) = mapping.tokens_of((leaf, at)) else {
                continue;
            };
            let mut node = &mut root;
            for token in tokens {
                let position = match node.children.iter().position(|(t, _)| t == token) {
                    Some(position) => position,
                    None => {
                        node.children.push((token.clone(), Trie::default()));
                        node.children.len() - 1
                    }
                };
                node = match node.children.get_mut(position) {
                    Some((_, child)) => child,
                    None => return root,
                };
            }
            node.leaves.add(leaf);
        }
        root
    }
}

/// The leaves at one place of a [`Trie`]: nearly always none or one, kept without a list of
/// their own (a mapping such as Callab's template has thirty, one per field).
#[derive(Debug, Default)]
enum Leaves {
    #[default]
    None,
    One(Leaf),
    Many(Vec<Leaf>),
}

impl Leaves {
    fn add(&mut self, leaf: Leaf) {
        *self = match std::mem::take(self) {
            Leaves::None => Leaves::One(leaf),
            Leaves::One(first) => Leaves::Many(vec![first, leaf]),
            Leaves::Many(mut all) => {
                all.push(leaf);
                Leaves::Many(all)
            }
        };
    }

    fn all(&self) -> &[Leaf] {
        match self {
            Leaves::None => &[],
            Leaves::One(leaf) => std::slice::from_ref(leaf),
            Leaves::Many(all) => all,
        }
    }

    fn any(&self) -> bool {
        !self.all().is_empty()
    }
}

fn walk(node: Node<'_>, trie: &Trie, visit: &mut dyn FnMut(Leaf, Node<'_>)) {
    for leaf in trie.leaves.all() {
        visit(*leaf, node);
    }
    if trie.children.is_empty() {
        return;
    }
    match node.value {
        Value::Object(_) => {
            let Some(object) = node.object() else {
                return;
            };
            for (token, child_trie) in &trie.children {
                if let Some(child) = object.get(token) {
                    walk(child, child_trie, visit);
                }
            }
            if trie.leaves.any() {
                // Read whole by a leaf above: nothing left over for `extra`.
                object.for_each_rest(|_, _| {});
            }
        }
        Value::Array(_) => {
            let Some(array) = node.array() else {
                return;
            };
            let whole = trie.leaves.any();
            let mut index = 0usize;
            array.for_each(|element| {
                let at = index;
                index += 1;
                let numbered = |token: &String| token.parse::<usize>().ok() == Some(at);
                match trie.children.iter().find(|(t, _)| numbered(t)) {
                    Some((_, child_trie)) => walk(element, child_trie, visit),
                    None if !whole => element.keep(),
                    None => {}
                }
            });
        }
        _ => {}
    }
}

/// Reads a body with `mapping` into an event of `vendor`: the event name must be one of the
/// mapping's `events`, one of the vendor's own (`own_events`) or a kind's name; the call (or
/// campaign) id, when missing, is a warning, as for every vendor.
pub(crate) fn read_event(
    root: Node<'_>,
    mapping: &Mapping,
    vendor: Vendor,
    own_events: &[(&str, EventKind)],
) -> CallEvent {
    let mut event = CallEvent::blank(vendor, EventKind::CallEnded);
    let reader = root.reader();
    match mapping.apply(root, &mut event) {
        EventName::Found(name, at) => {
            let kind = mapping
                .kind_of(&name)
                .or_else(|| own_events.iter().find(|(e, _)| *e == name).map(|(_, k)| *k))
                .or_else(|| EventKind::from_name(&name));
            match kind {
                Some(kind) => event.kind = kind,
                None => reader.fatal(
                    Issue::new(
                        IssueCode::UnknownEvent,
                        at,
                        "the event name is not the vendor's nor in the mapping's events",
                    )
                    .expected("an event named in the mapping's events (or a kind: call.ended …)")
                    .found("string"),
                ),
            }
            event.vendor_event = Some(name);
        }
        EventName::Missing(at) => reader.fatal(Issue::missing_field(
            at,
            "string",
            "the event name is required",
        )),
    }
    let (subject, name) = if event.kind.is_campaign() {
        (
            event.campaign.as_ref().and_then(|c| c.id.as_ref()),
            "campaign.id",
        )
    } else {
        (event.call.id.as_ref(), "call.id")
    };
    if subject.is_none() {
        // A real call (or campaign) without its id is still accepted: its content identifies it.
        let at = mapping.source_of(name).unwrap_or_default();
        reader.warn(Issue::missing_field(
            at,
            "string",
            format!(
                "`{name}` is missing; the {} event is accepted without it",
                event.kind.as_str()
            ),
        ));
    }
    event
}

#[cfg(test)]
mod tests {
    use crate::{normalize, Mapping, Options};

    fn read(mapping: &str, body: &str) -> crate::CallEvent {
        let options = Options {
            mapping: Some(Mapping::from_json(mapping).expect("a valid mapping")),
            custom_vendor: Some("acme".to_owned()),
            ..Options::default()
        };
        normalize(body.as_bytes(), &options).expect("an event")
    }

    #[test]
    fn a_value_two_fields_cannot_use_is_kept_once() {
        let mapping = r#"{"event": "/type", "fields": {
            "call.id": "/who", "contact.name": "/who", "summary": ["/who", "/note"]
        }}"#;
        let body = r#"{"type": "call.ended", "who": {"first": "Dana"}, "note": [1]}"#;
        let event = read(mapping, body);
        let extra: Vec<&str> = event.extra.keys().map(String::as_str).collect();
        assert_eq!(extra, ["/who", "/note"]);
        assert_eq!(event.extra["/who"]["first"], "Dana");
        // Each field that could not use it says so; no key repeats in the body.
        let codes: Vec<_> = event.warnings.iter().map(|w| w.code).collect();
        assert!(
            !codes.contains(&crate::IssueCode::DuplicateKey),
            "{codes:?}"
        );
    }

    #[test]
    fn array_elements_first_non_null_values_and_merges_in_mapping_order() {
        let mapping = r#"{"event": "/type", "fields": {
            "call.id": ["/missing", "/ids/0", "/ids/1"],
            "summary": ["/items/1/text", "/items/0/text"],
            "variables": ["/b", "/a"]
        }}"#;
        let body = r#"{"type": "call.ended", "ids": [null, "c1"],
            "items": [{"text": "first", "n": 1}, {"text": "second"}, {"text": "third"}],
            "a": {"k": "from a", "only_a": 1}, "b": {"k": "from b"}}"#;
        let event = read(mapping, body);
        // `/ids/0` is null, so the next pointer that is present and not null is used.
        assert_eq!(event.call.id.as_deref(), Some("c1"));
        assert_eq!(event.summary.as_deref(), Some("second"));
        // Merged in the order the mapping lists them: `/a` after `/b`, so its `k` is kept.
        assert_eq!(event.variables["k"], "from a");
        assert_eq!(event.variables["only_a"], 1);
        // What no chosen pointer reads goes to `extra`: the null id passed over, the other items.
        let extra: Vec<&str> = event.extra.keys().map(String::as_str).collect();
        assert_eq!(extra, ["/ids/0", "/items/0", "/items/2"]);
    }

    /// A mapping keeps the trie of its last plan: bodies that plan other pointers (another
    /// alternative chosen, a nested value present or not) read as with a mapping never used.
    #[test]
    fn a_kept_plan_serves_only_bodies_with_the_same_plan() {
        let mapping = Mapping::from_json(
            r#"{"event": "/type", "fields": {
                "call.id": ["/id", "/ref"], "summary": "/data/text", "variables": ["/a", "/b/c"]
            }}"#,
        )
        .expect("a valid mapping");
        let bodies = [
            r#"{"type": "call.ended", "id": "i-1", "ref": "r-1", "data": {"text": "t", "n": 1}}"#,
            r#"{"type": "call.ended", "id": null, "ref": "r-2", "data": {"n": 2}, "b": {"c": {"k": 1}}}"#,
            r#"{"type": "call.ended", "ref": "r-3", "data": {"text": "u"}, "a": {"k": 2}, "b": {"d": 1}}"#,
            r#"{"type": "call.ended", "id": "i-4", "ref": "r-4", "data": {"text": "v", "n": 4}}"#,
        ];
        let options = |mapping: Mapping| Options {
            mapping: Some(mapping),
            custom_vendor: Some("acme".to_owned()),
            ..Options::default()
        };
        let kept = options(mapping.clone());
        for body in bodies.iter().chain(bodies.iter().rev()) {
            let fresh = options(mapping.clone());
            let read = |options: &Options| {
                serde_json::to_value(normalize(body.as_bytes(), options).expect("an event"))
                    .expect("an event is JSON")
            };
            assert_eq!(read(&kept), read(&fresh), "{body}");
        }
        let second = normalize(bodies[1].as_bytes(), &kept).expect("an event");
        assert_eq!(second.call.id.as_deref(), Some("r-2"));
        let extra: Vec<&str> = second.extra.keys().map(String::as_str).collect();
        // The null id passed over; `/data` whole, since the summary's `/data/text` is absent.
        assert_eq!(extra, ["/id", "/data"]);
    }

    /// One place of the body read by several fields fills each of them, and is not left over.
    #[test]
    fn fields_that_share_a_pointer_each_read_it() {
        let mapping = r#"{"event": "/type", "fields": {
            "call.id": "/ref",
            "metrics.ref": "/ref",
            "variables.ref": "/ref",
            "summary": "/type"
        }}"#;
        let body = r#"{"type": "call.ended", "ref": "r-1", "other": 2}"#;
        let event = read(mapping, body);
        assert_eq!(event.call.id.as_deref(), Some("r-1"));
        assert_eq!(event.variables["ref"], "r-1");
        assert_eq!(event.summary.as_deref(), Some("call.ended"));
        assert_eq!(event.vendor_event.as_deref(), Some("call.ended"));
        let extra: Vec<&str> = event.extra.keys().map(String::as_str).collect();
        assert_eq!(extra, ["/other"]);
    }

    #[test]
    fn malformed_mapping_text_is_an_invalid_mapping_with_its_place() {
        let issue = |text: &str| Mapping::from_json(text).expect_err("malformed").issues[0].clone();
        let truncated = issue(r#"{"fields": {"call.id": ["/id", "#);
        assert_eq!(truncated.code, crate::IssueCode::InvalidMapping);
        assert_eq!(truncated.path, "/fields/call.id/1");
        assert!(truncated
            .message
            .starts_with("the mapping is not valid JSON: "));
        assert_eq!(truncated.found.as_deref(), Some("end of input"));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(issue(&deep).code, crate::IssueCode::InvalidMapping);
        assert!(issue(&deep)
            .message
            .starts_with("the mapping nests deeper than"));
        // The mapping's numbers keep their text, as the body's do.
        let exact = r#"{"constants": {"metrics.score": 12345678901234567890123}}"#;
        assert!(Mapping::from_json(exact).is_ok());
    }
}
