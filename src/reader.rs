//! Typed, lenient reading of the parsed body, shared by every vendor module.
//!
//! A [`Node`] is a value plus its place in the body. Reading it as a string, number, time, phone
//! or object either succeeds (with the documented coercions: a number where a string id is
//! expected, a numeric string where a number is expected) or records a `wrong_type` /
//! `invalid_value` warning and keeps the value in `extra` under its JSON Pointer: a receiver that
//! is too strict loses calls, so only what an event cannot do without is fatal.
//!
//! An [`Obj`] remembers which members were read; when it is dropped, every member nobody read goes
//! to `extra`. That is how "nothing the vendor sent is dropped" holds without each vendor module
//! listing its leftovers.

use crate::error::{Issue, IssueCode};
use crate::event::Phone;
use crate::field::phone;
use crate::field::time::{self, Timestamp};
use crate::json::{float, pointer};
use crate::json::{Path, Value};
use serde_json::Map;
use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};

/// What reading one body found: fatal issues, warnings, and the values with no unified home.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub issues: Vec<Issue>,
    pub warnings: Vec<Issue>,
    /// The values kept for `extra`, in the order they were kept (see [`Findings::extra`]).
    kept: Vec<(String, serde_json::Value)>,
}

impl Findings {
    /// `extra`: every kept value under its pointer, in the order kept (the body's order, mostly).
    /// A pointer kept twice (a key repeated in its object) holds the last value and adds a
    /// `duplicate_key` warning.
    pub(crate) fn extra(&mut self) -> Map<String, serde_json::Value> {
        let kept = std::mem::take(&mut self.kept);
        let mut extra = Map::with_capacity(kept.len());
        for (pointer, value) in kept {
            // One hash per value: the entry is looked up once, whether new or repeated.
            match extra.entry(pointer) {
                serde_json::map::Entry::Occupied(mut repeated) => {
                    self.warnings.push(duplicate_key(repeated.key()));
                    repeated.insert(value);
                }
                serde_json::map::Entry::Vacant(new) => {
                    new.insert(value);
                }
            }
        }
        extra
    }

    /// The kept values as they were kept, for a body in which no object repeats a key: each
    /// value is kept once, under the pointer of its place, so no pointer is there twice (which
    /// the tests check).
    pub(crate) fn kept_once(&mut self) -> Vec<(String, serde_json::Value)> {
        debug_assert!(
            each_once(&self.kept),
            "a pointer kept twice in a body without repeated keys"
        );
        std::mem::take(&mut self.kept)
    }
}

/// Whether no pointer of `kept` is there twice.
fn each_once(kept: &[(String, serde_json::Value)]) -> bool {
    let mut seen = std::collections::HashSet::new();
    kept.iter()
        .all(|(pointer, _)| seen.insert(pointer.as_str()))
}

/// The shared state of one read; every [`Node`] points at it.
#[derive(Debug, Default)]
pub(crate) struct Reader {
    findings: RefCell<Findings>,
    /// The objects known to repeat a key, by the address of their members; `None` when not
    /// known, so every object is looked through for repeats.
    repeating: Option<Vec<usize>>,
    /// The address of the value [`Node::keep`] kept last: several fields of a mapping may read
    /// one value, and each that cannot use it keeps it, one after the other.
    last_kept: Cell<usize>,
}

impl Reader {
    /// A reader of a body whose objects that repeat a key are known: `repeating`, by the
    /// address of their members ([`crate::id::ContentDigest::repeating`]). Sorted here, so that
    /// each object is looked up in O(log n): a hostile body may repeat keys in every one.
    pub(crate) fn knowing_repeats(mut repeating: Vec<usize>) -> Reader {
        crate::sort::sort_by_less(&mut repeating, |a, b| a < b);
        Reader {
            findings: RefCell::default(),
            repeating: Some(repeating),
            last_kept: Cell::new(0),
        }
    }

    /// Whether no object of the body repeats a key (known from its digest).
    pub(crate) fn repeats_no_key(&self) -> bool {
        self.repeating.as_ref().is_some_and(Vec::is_empty)
    }

    /// Whether the object with these members may repeat a key.
    fn may_repeat(&self, entries: &[(Cow<'_, str>, Value<'_>)]) -> bool {
        self.repeating
            .as_ref()
            .is_none_or(|known| known.binary_search(&(entries.as_ptr() as usize)).is_ok())
    }

    /// Records an issue that makes the body unusable.
    #[cold]
    pub(crate) fn fatal(&self, issue: Issue) {
        self.findings.borrow_mut().issues.push(issue);
    }

    /// Records a non-fatal finding.
    #[cold]
    pub(crate) fn warn(&self, issue: Issue) {
        self.findings.borrow_mut().warnings.push(issue);
    }

    /// Everything found; the reader is done.
    pub(crate) fn into_findings(self) -> Findings {
        self.findings.into_inner()
    }

    /// The root of a parsed body.
    pub(crate) fn root<'p>(&'p self, value: &'p Value<'p>) -> Node<'p> {
        Node {
            value,
            path: Path::ROOT,
            reader: self,
        }
    }

    /// Keeps `value` in `extra` under `pointer` (a value that stands for what the body held
    /// there, when the body's own is not kept).
    pub(crate) fn keep_value(&self, pointer: String, value: serde_json::Value) {
        self.findings.borrow_mut().kept.push((pointer, value));
    }
}

fn duplicate_key(pointer: &str) -> Issue {
    Issue::new(
        IssueCode::DuplicateKey,
        pointer,
        "the key appears more than once in its object; the last value is used",
    )
    .expected("each key once")
    .found("repeated key")
}

/// One value of the body and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node<'p> {
    pub value: &'p Value<'p>,
    pub path: Path<'p>,
    reader: &'p Reader,
}

impl<'p> Node<'p> {
    /// The JSON Pointer of this value.
    pub(crate) fn pointer(&self) -> String {
        self.path.pointer()
    }

    /// The shared reader state.
    pub(crate) fn reader(&self) -> &'p Reader {
        self.reader
    }

    /// Whether the value is JSON `null`.
    pub(crate) fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Keeps this value in `extra` under its pointer (it has no unified home, or could not be
    /// used).
    pub(crate) fn keep(&self) {
        let address = std::ptr::from_ref(self.value) as usize;
        if self.reader.last_kept.replace(address) != address {
            self.reader
                .keep_value(self.pointer(), self.value.to_owned_json());
        }
    }

    /// Records a warning about this value (the value itself is not repeated).
    #[cold]
    pub(crate) fn warn(&self, code: IssueCode, expected: &str, message: &str) {
        let found = self.value.type_name();
        self.reader.warn(
            Issue::new(code, self.pointer(), message)
                .expected(expected)
                .found(found),
        );
    }

    /// Records a warning about this value and keeps it in `extra`.
    #[cold]
    pub(crate) fn reject_softly(&self, code: IssueCode, expected: &str, message: &str) {
        self.warn(code, expected, message);
        self.keep();
    }

    #[cold]
    fn wrong_type(&self, expected: &str) {
        let message = format!("expected {expected}, found {}", self.value.type_name());
        self.reject_softly(IssueCode::WrongType, expected, &message);
    }

    /// Whether the value is one of `words` (a string, exactly); no finding is recorded.
    pub(crate) fn is_one_of(&self, words: &[&str]) -> bool {
        matches!(self.value, Value::String(s) if words.contains(&s.as_ref()))
    }

    /// The value as text: a string, or a number's text (ids sent as numbers). `null` and `""`
    /// give `None`.
    pub(crate) fn text(&self) -> Option<&'p str> {
        match self.value {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) | Value::Number(s) => Some(s),
            Value::Null => None,
            _ => {
                self.wrong_type("string");
                None
            }
        }
    }

    /// [`text`](Self::text), owned.
    pub(crate) fn string(&self) -> Option<String> {
        self.text().map(str::to_owned)
    }

    /// The value as a finite number: a number, or a string holding one (legacy senders).
    pub(crate) fn number(&self) -> Option<f64> {
        let text: &str = match self.value {
            Value::Number(text) => text,
            Value::String(text) if !text.trim().is_empty() => text.trim(),
            Value::Null | Value::String(_) => return None,
            _ => {
                self.wrong_type("number");
                return None;
            }
        };
        match float::parse(text) {
            Some(number) if number.is_finite() => Some(number),
            _ => {
                self.reject_softly(
                    IssueCode::InvalidValue,
                    "a finite number",
                    "the value is not a usable number",
                );
                None
            }
        }
    }

    /// The value as a non-negative whole number (counts, attempts).
    pub(crate) fn count(&self) -> Option<u32> {
        let number = self.number()?;
        if number >= 0.0 && number.fract() == 0.0 && number <= f64::from(u32::MAX) {
            // In range and integral, checked just above, so the cast is exact.
            Some(number as u32)
        } else {
            self.reject_softly(
                IssueCode::InvalidValue,
                "a whole number from 0",
                "the value is not a whole, non-negative count",
            );
            None
        }
    }

    /// The value as a boolean: `true`/`false`, or those words as a string.
    pub(crate) fn boolean(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            Value::Null => None,
            _ => {
                self.wrong_type("boolean");
                None
            }
        }
    }

    /// The value as a point in time, RFC 3339 UTC; see [`time`]. Text already in that form is
    /// kept as sent once read (most vendors send it so), not written again.
    pub(crate) fn time(&self) -> Option<String> {
        if let Value::String(text) = self.value {
            if time::is_written_time(text) {
                return Some(text.to_string());
            }
        }
        // Any other text in that form is no time (a 30 February), and is told so here.
        self.time_stamp().map(Timestamp::text)
    }

    /// The value as a point in time.
    pub(crate) fn time_stamp(&self) -> Option<Timestamp> {
        let parsed = match self.value {
            Value::String(s) if s.trim().is_empty() => return None,
            Value::String(s) => time::parse_text(s),
            Value::Number(n) => time::parse_number(n),
            Value::Null => return None,
            _ => {
                self.wrong_type("a time (ISO 8601 text or Unix seconds)");
                return None;
            }
        };
        if parsed.is_none() {
            self.reject_softly(
                IssueCode::InvalidValue,
                "an ISO 8601 time or Unix seconds/milliseconds",
                "the value is not a time that can be read; it is kept in extra",
            );
        }
        parsed
    }

    /// The value as a phone number, E.164 where derivable from the text alone (national
    /// numbers are placed later, once the other party's country is known). A number sent as a
    /// JSON number is read, with a warning: its `+` and any leading zeros are gone.
    pub(crate) fn phone(&self) -> Option<Phone> {
        if matches!(self.value, Value::Number(_)) {
            self.warn(
                IssueCode::WrongType,
                "string",
                "the phone number is a JSON number: a leading + or 0 cannot be known",
            );
        }
        self.text().map(|raw| phone::normalize(raw, None))
    }

    /// The value as an object whose members can be read.
    pub(crate) fn object(&self) -> Option<Obj<'p>> {
        match self.value {
            Value::Object(entries) => Some(Obj::new(*self, entries)),
            Value::Null => None,
            _ => {
                self.wrong_type("object");
                None
            }
        }
    }

    /// The value as an array.
    pub(crate) fn array(&self) -> Option<Arr<'p>> {
        match self.value {
            Value::Array(items) => Some(Arr { node: *self, items }),
            Value::Null => None,
            _ => {
                self.wrong_type("array");
                None
            }
        }
    }

    /// An owned copy of the value (numbers keep their text).
    pub(crate) fn json(&self) -> serde_json::Value {
        self.value.to_owned_json()
    }

    /// The value as a map of owned values (vendor-defined variables); `None` for null.
    pub(crate) fn map(&self) -> Option<Map<String, serde_json::Value>> {
        match self.json() {
            serde_json::Value::Object(map) => Some(map),
            serde_json::Value::Null => None,
            _ => {
                self.wrong_type("object");
                None
            }
        }
    }

    /// Records a fatal issue about this value.
    #[cold]
    pub(crate) fn fatal(&self, code: IssueCode, expected: &str, message: &str) {
        let found = self.value.type_name();
        self.reader.fatal(
            Issue::new(code, self.pointer(), message)
                .expected(expected)
                .found(found),
        );
    }
}

/// The first of two places holding the same part (a vendor that sends it twice, in an older
/// and a newer place). The other is dropped when it repeats the first, and kept in `extra` when
/// it says something else.
pub(crate) fn first_of<'a>(
    primary: Option<Node<'a>>,
    secondary: Option<Node<'a>>,
) -> Option<Node<'a>> {
    match (primary.filter(|n| !n.is_null()), secondary) {
        (Some(primary), Some(secondary)) => {
            if secondary.value != primary.value {
                secondary.keep();
            }
            Some(primary)
        }
        (Some(primary), None) => Some(primary),
        (None, secondary) => secondary,
    }
}

/// An array of the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arr<'p> {
    node: Node<'p>,
    items: &'p [Value<'p>],
}

impl<'p> Arr<'p> {
    /// Number of elements.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Calls `f` with each element as a node (its path borrows this array's).
    pub(crate) fn for_each(&self, mut f: impl FnMut(Node<'_>)) {
        let pointer = OnceCell::new();
        for (index, value) in self.items.iter().enumerate() {
            let path = self.node.path.index(index, &pointer);
            f(Node {
                value,
                path,
                reader: self.node.reader,
            });
        }
    }
}

/// The keys of `N` parts to read from objects that come by the thousand (transcript messages):
/// per part, the keys it may be under in order of preference, compared without ASCII case,
/// grouped by length, so each member of each object is compared with the few keys of its own
/// length only. Built once for the program (see [`MemberKeys`]).
pub(crate) struct KeyGroups<const N: usize> {
    /// By key length: (key, part, rank of the key within its part).
    by_length: Vec<Vec<(&'static str, usize, usize)>>,
}

/// [`KeyGroups`] read from the objects of one array: the last object's keys are remembered with
/// what they chose, since the objects of one array mostly share one shape.
pub(crate) struct MemberKeys<'k, const N: usize> {
    groups: &'k KeyGroups<N>,
    /// The last object read.
    last: RefCell<Shape<N>>,
}

/// An object's keys in order, and the entry each part chose among them.
struct Shape<const N: usize> {
    /// The keys, one after another.
    keys: String,
    /// Where each key ends in `keys`.
    ends: Vec<usize>,
    /// Per part, the index of the entry it reads.
    chosen: [Option<usize>; N],
}

impl<const N: usize> Shape<N> {
    /// Whether `entries` has exactly these keys, in this order.
    fn is_of(&self, entries: &[(Cow<'_, str>, Value<'_>)]) -> bool {
        let mut start = 0;
        entries.len() == self.ends.len()
            && entries.iter().zip(&self.ends).all(|((key, _), &end)| {
                let same = self.keys.get(start..end) == Some(key.as_ref());
                start = end;
                same
            })
    }

    /// Becomes the shape of `entries`, whose parts chose `chosen`.
    fn remember(&mut self, entries: &[(Cow<'_, str>, Value<'_>)], chosen: [Option<usize>; N]) {
        self.keys.clear();
        self.ends.clear();
        for (key, _) in entries {
            self.keys.push_str(key);
            self.ends.push(self.keys.len());
        }
        self.chosen = chosen;
    }
}

impl<const N: usize> KeyGroups<N> {
    /// The keys of each part, most preferred first.
    pub(crate) fn new(parts: [&[&'static str]; N]) -> KeyGroups<N> {
        let mut by_length: Vec<Vec<(&'static str, usize, usize)>> = Vec::new();
        for (part, keys) in parts.iter().enumerate() {
            for (rank, key) in keys.iter().enumerate() {
                if by_length.len() <= key.len() {
                    by_length.resize_with(key.len() + 1, Vec::new);
                }
                if let Some(group) = by_length.get_mut(key.len()) {
                    group.push((key, part, rank));
                }
            }
        }
        KeyGroups { by_length }
    }

    fn of_length(&self, length: usize) -> &[(&'static str, usize, usize)] {
        self.by_length.get(length).map_or(&[], Vec::as_slice)
    }
}

impl<'k, const N: usize> MemberKeys<'k, N> {
    /// `groups`, for the objects of one array.
    pub(crate) fn new(groups: &'k KeyGroups<N>) -> MemberKeys<'k, N> {
        let last = Shape {
            keys: String::new(),
            ends: Vec::new(),
            chosen: [None; N],
        };
        MemberKeys {
            groups,
            last: RefCell::new(last),
        }
    }

    /// Per part, the index of the entry of `entries` it reads: that of its most preferred key
    /// present (the last such entry, for a key sent twice).
    fn chosen(&self, entries: &[(Cow<'_, str>, Value<'_>)]) -> [Option<usize>; N] {
        let mut last = self.last.borrow_mut();
        if last.is_of(entries) {
            return last.chosen;
        }
        // Per part: the rank of the best key found so far, and the index of its last entry.
        let mut best: [Option<(usize, usize)>; N] = [None; N];
        for (index, (key, _)) in entries.iter().enumerate() {
            for &(alias, part, rank) in self.groups.of_length(key.len()) {
                let Some(slot) = best.get_mut(part) else {
                    continue;
                };
                if alias.eq_ignore_ascii_case(key) && slot.is_none_or(|(known, _)| rank <= known) {
                    *slot = Some((rank, index));
                }
            }
        }
        let chosen = best.map(|found| found.map(|(_, index)| index));
        last.remember(entries, chosen);
        chosen
    }
}

/// An object of the body; members nobody reads go to `extra` when it is dropped.
#[derive(Debug)]
pub(crate) struct Obj<'p> {
    node: Node<'p>,
    entries: &'p [(Cow<'p, str>, Value<'p>)],
    used: Used,
    /// Whether a key may be repeated: if not, reading a member looks for no other.
    may_repeat: bool,
}

/// Which entries were read: a bit mask for the common small object, a vector beyond 64 entries.
#[derive(Debug)]
enum Used {
    Small(Cell<u64>),
    Large(RefCell<Vec<bool>>),
}

impl Used {
    fn new(len: usize) -> Used {
        if len <= 64 {
            Used::Small(Cell::new(0))
        } else {
            Used::Large(RefCell::new(vec![false; len]))
        }
    }

    fn mark(&self, index: usize) {
        match self {
            Used::Small(bits) => bits.set(bits.get() | (1u64 << index)),
            Used::Large(flags) => {
                if let Some(flag) = flags.borrow_mut().get_mut(index) {
                    *flag = true;
                }
            }
        }
    }

    fn is_marked(&self, index: usize) -> bool {
        match self {
            Used::Small(bits) => bits.get() & (1u64 << index) != 0,
            Used::Large(flags) => flags.borrow().get(index).copied().unwrap_or(false),
        }
    }
}

impl<'p> Obj<'p> {
    fn new(node: Node<'p>, entries: &'p [(Cow<'p, str>, Value<'p>)]) -> Obj<'p> {
        Obj {
            node,
            entries,
            used: Used::new(entries.len()),
            may_repeat: node.reader.may_repeat(entries),
        }
    }

    /// The node of the object itself.
    pub(crate) fn node(&self) -> Node<'p> {
        self.node
    }

    fn child(&self, index: usize) -> Option<Node<'_>> {
        let (key, value) = self.entries.get(index)?;
        Some(Node {
            value,
            path: self.node.path.key(key),
            reader: self.node.reader,
        })
    }

    /// Reads the member `key` (exact spelling); a repeated key gives the last value and a warning.
    // Not inlined, here and in `get_nocase`: they are called from dozens of places, and inlined
    // copies cost the wasm ~14 KB for no measurable speed.
    #[inline(never)]
    pub(crate) fn get(&self, key: &str) -> Option<Node<'_>> {
        self.find(|k| k == key)
    }

    /// Reads the member `key` compared without ASCII case (`Id`, `id`, `ID`).
    #[inline(never)]
    pub(crate) fn get_nocase(&self, key: &str) -> Option<Node<'_>> {
        self.find(|k| k.eq_ignore_ascii_case(key))
    }

    /// Reads the first of `keys` present, compared without ASCII case.
    pub(crate) fn get_any_nocase(&self, keys: &[&str]) -> Option<Node<'_>> {
        keys.iter().find_map(|key| self.get_nocase(key))
    }

    /// Reads one member per part of `keys`, each as [`get_any_nocase`](Self::get_any_nocase)
    /// would with that part's keys, in one pass over the object.
    pub(crate) fn get_each_nocase<const N: usize>(
        &self,
        keys: &MemberKeys<'_, N>,
    ) -> [Option<Node<'_>>; N] {
        keys.chosen(self.entries)
            .map(|index| index.and_then(|index| self.take(index)))
    }

    /// Finds the last entry whose key matches, and takes it.
    fn find(&self, matches: impl Fn(&str) -> bool) -> Option<Node<'_>> {
        let last = self.entries.iter().rposition(|(k, _)| matches(k))?;
        self.take(last)
    }

    /// The entry at `index`, with every entry of that exact key marked read (and a warning when
    /// there are several).
    fn take(&self, index: usize) -> Option<Node<'_>> {
        if !self.may_repeat {
            self.used.mark(index);
            return self.child(index);
        }
        let chosen = self.entries.get(index).map(|(k, _)| k)?;
        let mut repeats = 0;
        for (other, (key, _)) in self.entries.iter().enumerate() {
            if key == chosen {
                self.used.mark(other);
                repeats += 1;
            }
        }
        let node = self.child(index)?;
        if repeats > 1 {
            self.node.reader.warn(duplicate_key(&node.pointer()));
        }
        Some(node)
    }

    /// Text the event cannot do without, found under `key` (or an alias looked up by the caller):
    /// absent or null is a fatal `missing_field`, another type than text a fatal `wrong_type`.
    pub(crate) fn require_text(&self, found: Option<Node<'_>>, key: &str) -> Option<String> {
        let Some(node) = found.filter(|node| !node.is_null()) else {
            self.missing(key, "string");
            return None;
        };
        match node.value {
            Value::String(s) if !s.trim().is_empty() => Some(s.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::String(_) => {
                node.fatal(
                    IssueCode::MissingField,
                    "a non-empty string",
                    "the value is empty",
                );
                None
            }
            _ => {
                self.node.reader.fatal(Issue::wrong_type(
                    node.pointer(),
                    "string",
                    node.value.type_name(),
                ));
                None
            }
        }
    }

    /// Records that the member `key`, which the event cannot do without, is absent or null.
    pub(crate) fn missing(&self, key: &str, expected: &str) {
        self.node.reader.fatal(Issue::missing_field(
            self.member_pointer(key),
            expected,
            format!("`{key}` is required to read the event"),
        ));
    }

    /// The id of the call (or campaign) an event is about, found under `key` (or an alias looked
    /// up by the caller): text, or a number's text. A real call without one is still a call, so
    /// absent, null or empty is a `missing_field` warning, never fatal; another type is a
    /// `wrong_type` warning with the value kept in `extra`.
    pub(crate) fn subject_id(&self, found: Option<Node<'_>>, key: &str) -> Option<String> {
        let absent = found.is_none_or(|node| match node.value {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            _ => false,
        });
        if absent {
            self.node.reader.warn(Issue::missing_field(
                self.member_pointer(key),
                "string",
                format!("`{key}` is missing; the event is accepted without it"),
            ));
            return None;
        }
        found.and_then(|node| node.string())
    }

    fn member_pointer(&self, key: &str) -> String {
        pointer::member(&self.node.pointer(), key)
    }

    /// Reads every member not read yet, in order, marking each read.
    pub(crate) fn for_each_rest(&self, mut f: impl FnMut(&str, Node<'_>)) {
        for (index, (key, _)) in self.entries.iter().enumerate() {
            if self.used.is_marked(index) {
                continue;
            }
            self.used.mark(index);
            if let Some(node) = self.child(index) {
                f(key, node);
            }
        }
    }

    /// Every member not read yet, as an owned map (for `campaign.extra`, `contact.fields`).
    pub(crate) fn rest(&self) -> Map<String, serde_json::Value> {
        let mut map = Map::new();
        self.for_each_rest(|key, node| {
            map.insert(key.to_owned(), node.json());
        });
        map
    }
}

impl Obj<'_> {
    /// Keeps the whole object in `extra` under its own pointer (none of it could be used).
    pub(crate) fn keep_whole(self) {
        self.for_each_rest(|_, _| {});
        self.node.keep();
    }
}

impl Drop for Obj<'_> {
    /// Keeps every member not read in `extra`. The object's own pointer is built once, for the
    /// first such member, and each member's pointer from it (ElevenLabs: thousands of turns
    /// with four members kept each).
    fn drop(&mut self) {
        let mut own_pointer: Option<String> = None;
        self.for_each_rest(|key, node| {
            let prefix = own_pointer.get_or_insert_with(|| self.node.pointer());
            let pointer = pointer::member(prefix, key);
            node.reader.keep_value(pointer, node.value.to_owned_json());
        });
    }
}
