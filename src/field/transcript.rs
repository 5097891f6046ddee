//! Transcripts: speaker words to the four roles, message arrays of any vendor's shape to
//! [`Message`]s, and speaker-prefixed text (`AI: …\nCustomer: …`) split into messages.

use crate::error::IssueCode;
use crate::event::{Message, Role, Transcript};
use crate::field::fold::{drop_separators, Folded, ON_STACK};
use crate::reader::{Arr, KeyGroups, MemberKeys, Node};
use std::sync::OnceLock;

/// Speaker words per role, compared without case, spaces, `_` or `-`.
const AGENT_WORDS: [&str; 9] = [
    "agent",
    "assistant",
    "bot",
    "robot",
    "ai",
    "aiagent",
    "model",
    "voicebot",
    "virtualagent",
];
const CALLER_WORDS: [&str; 9] = [
    "user", "caller", "customer", "human", "client", "prospect", "contact", "lead", "callee",
];
/// Bland's `agent-action` lines ("Ended call") are the platform's, not spoken.
const SYSTEM_WORDS: [&str; 3] = ["system", "platform", "agentaction"];
const TOOL_WORDS: [&str; 8] = [
    "tool",
    "function",
    "toolcall",
    "toolcalls",
    "toolresult",
    "toolcallresult",
    "functioncall",
    "functionresult",
];

/// Keys a message object may use for each part, in order of preference (compared without case).
/// Bland names the speaker `user` (`{"user": "assistant", "text": …}`).
const ROLE_KEYS: [&str; 6] = ["role", "speaker", "sender", "from", "author", "user"];
const TEXT_KEYS: [&str; 6] = [
    "text",
    "content",
    "message",
    "utterance",
    "transcript",
    "words",
];
const TIME_KEYS: [&str; 5] = ["timestamp", "time", "at", "date", "created_at"];
const OFFSET_KEYS: [&str; 7] = [
    "offset_seconds",
    "time_in_call_secs",
    "offset",
    "seconds_from_start",
    "secondsFromStart",
    "start",
    "start_time",
];
const INTENT_KEYS: [&str; 1] = ["intent"];
/// Item types that only say "this is a spoken message".
const MESSAGE_TYPES: [&str; 3] = ["transcript", "message", "text"];

/// The role a speaker word names (`assistant`, `AI`, `Customer`, `tool_call` …).
pub fn role(word: &str) -> Option<Role> {
    role_of_folded(&Folded::new(word, drop_separators))
}

fn role_of_folded(folded: &Folded) -> Option<Role> {
    let is = |words: &[&str]| folded.is_one_of(words);
    if is(&AGENT_WORDS) {
        Some(Role::Agent)
    } else if is(&CALLER_WORDS) {
        Some(Role::Caller)
    } else if is(&SYSTEM_WORDS) {
        Some(Role::System)
    } else if is(&TOOL_WORDS) {
        Some(Role::Tool)
    } else {
        None
    }
}

/// Splits `Speaker: text` lines into messages. A line without a known speaker continues the
/// message before it; text before the first known speaker is not a message (it stays in
/// `Transcript::text`). No known speaker at all gives no messages.
pub fn split_speaker_lines(text: &str) -> Vec<Message> {
    let mut messages: Vec<Message> = Vec::new();
    for line in crate::scan::lines(text) {
        match (spoken(line), messages.last_mut()) {
            (Some((role, said)), _) => messages.push(Message {
                role,
                text: said.to_owned(),
                at: None,
                offset_seconds: None,
                intent: None,
            }),
            (None, Some(last)) if !line.trim().is_empty() => {
                last.text.push('\n');
                last.text.push_str(line.trim());
            }
            (None, _) => {}
        }
    }
    messages
}

/// The known speaker of a `Speaker: text` line, and what they said (trimmed).
fn spoken(line: &str) -> Option<(Role, &str)> {
    match speaker_prefix(line) {
        Prefix::Word(folded, colon) => {
            Some((role_of_folded(&folded)?, line.get(colon + 1..)?.trim()))
        }
        Prefix::NotASpeaker => None,
        Prefix::BeyondAscii => line
            .split_once(':')
            .and_then(|(speaker, said)| Some((role(speaker.trim())?, said.trim()))),
    }
}

/// What a line's start says about a speaker before its first `:`.
enum Prefix {
    /// The speaker as [`role`] folds it (trimmed, without separators, lower-cased), and where
    /// the `:` is.
    Word(Folded, usize),
    /// No `:`, or before it a character that no speaker word folds from (a digit, a mark, a
    /// tab between two words, more letters than any speaker word has).
    NotASpeaker,
    /// A character beyond ASCII before the `:` (Unicode spaces trim, Unicode letters fold):
    /// read the general way.
    BeyondAscii,
}

/// Reads the speaker before a line's first `:` in one pass over its bytes, folding as [`role`]
/// does: the text before the `:` trimmed, then spaces, `_` and `-` dropped and letters
/// lower-cased. Most lines of a transcript are `Agent: …`, and the rest are told apart in a few
/// bytes, without looking for a `:` through the whole line.
fn speaker_prefix(line: &str) -> Prefix {
    /// Where the speaker word is: before it (whitespace trims), in it, or after it (only
    /// whitespace may follow before the `:`, as trimmed).
    #[derive(PartialEq)]
    enum Part {
        Before,
        Within,
        After,
    }
    let mut word = [0u8; ON_STACK];
    let mut len = 0;
    let mut part = Part::Before;
    for (at, &byte) in line.as_bytes().iter().enumerate() {
        match byte {
            b':' => return Prefix::Word(Folded::Ascii(word, len), at),
            b' ' => {}
            b'_' | b'-' if part != Part::After => part = Part::Within,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => {
                if part == Part::Within {
                    part = Part::After;
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' if part != Part::After => {
                let Some(slot) = word.get_mut(len) else {
                    return Prefix::NotASpeaker;
                };
                *slot = byte.to_ascii_lowercase();
                len += 1;
                part = Part::Within;
            }
            0x80.. => return Prefix::BeyondAscii,
            _ => return Prefix::NotASpeaker,
        }
    }
    Prefix::NotASpeaker
}

/// A transcript sent as one text: kept whole, and split into messages where it names speakers.
pub fn from_text(text: &str) -> Transcript {
    Transcript {
        messages: split_speaker_lines(text),
        text: Some(text.to_owned()),
    }
}

/// Keys under which an object may hold its message array (Callab's `transcript_object`).
const MESSAGE_LIST_KEYS: [&str; 5] = ["messages", "turns", "transcript", "items", "utterances"];

/// Reads a transcript node that is either one text or an array of message objects.
pub fn from_node(node: &Node<'_>) -> Option<Transcript> {
    match node.value.as_str() {
        Some(text) if text.trim().is_empty() => None,
        Some(text) => Some(from_text(text)),
        None => node.array().map(|array| Transcript {
            messages: messages(&array),
            text: None,
        }),
    }
}

/// A transcript a vendor sends twice, as message objects (`list`) and as one text: the messages
/// are read from the list and the text kept as the text, never split a second time; either one
/// alone is read as [`from_node`] would.
pub fn from_parts(list: Option<Node<'_>>, text: Option<Node<'_>>) -> Option<Transcript> {
    let list = list.filter(|n| !n.is_null()).and_then(|n| n.array());
    match (list, text) {
        (Some(list), text) => Some(Transcript {
            messages: messages(&list),
            text: text.and_then(|n| n.string()),
        }),
        (None, Some(text)) => from_node(&text),
        (None, None) => None,
    }
}

/// Reads messages from an array, or from an object holding one under a usual key.
pub fn messages_of(node: &Node<'_>) -> Option<Vec<Message>> {
    if node.value.entries().is_none() {
        return node.array().map(|array| messages(&array));
    }
    let object = node.object()?;
    let list = object.get_any_nocase(&MESSAGE_LIST_KEYS)?.array()?;
    Some(messages(&list))
}

/// Reads an array of message objects of any seed vendor's shape. An element whose speaker is
/// not known is kept in `extra` with a warning rather than guessed. Offsets from the call's
/// start are filled in later, once the whole event is known.
pub fn messages(array: &Arr<'_>) -> Vec<Message> {
    let keys = MemberKeys::new(message_keys());
    let mut out = Vec::with_capacity(array.len());
    array.for_each(|element| {
        if let Some(message) = message(&element, &keys) {
            out.push(message);
        }
    });
    out
}

/// The keys of a message's parts, grouped once for the program (outside the arena of the
/// normalization that first needs them: crate::outside_arena).
fn message_keys() -> &'static KeyGroups<5> {
    static GROUPS: OnceLock<KeyGroups<5>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        crate::outside_arena(|| {
            KeyGroups::new([
                &ROLE_KEYS,
                &TEXT_KEYS,
                &TIME_KEYS,
                &OFFSET_KEYS,
                &INTENT_KEYS,
            ])
        })
    })
}

fn message(element: &Node<'_>, keys: &MemberKeys<'_, 5>) -> Option<Message> {
    let object = element.object()?;
    let [role_node, text, time, offset, intent] = object.get_each_nocase(keys);
    let Some(role) = role_node.and_then(|node| node.text()).and_then(role) else {
        let (code, at, expected) = match role_node {
            Some(node) => (
                IssueCode::UnknownValue,
                node,
                "agent, caller, system or tool (or a synonym)",
            ),
            None => (
                IssueCode::MissingField,
                *element,
                "a speaker (role, speaker or sender)",
            ),
        };
        at.warn(
            code,
            expected,
            "the message's speaker is unknown; it is kept in extra",
        );
        object.keep_whole();
        return None;
    };
    let text = text.and_then(|node| node.string()).unwrap_or_default();
    let at = time.and_then(|node| node.time());
    let offset_seconds = offset.and_then(|node| node.number());
    let intent = intent.and_then(|node| node.string());
    // Famulor marks each item `type: "transcript"`: saying it is a message adds nothing. Any
    // other type (a tool call, say) is kept in `extra`.
    if let Some(kind) = object.get("type") {
        if !kind.is_one_of(&MESSAGE_TYPES) {
            kind.keep();
        }
    }
    Some(Message {
        role,
        text,
        at,
        offset_seconds,
        intent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_words() {
        assert_eq!(role("assistant"), Some(Role::Agent));
        assert_eq!(role("AI"), Some(Role::Agent));
        assert_eq!(role("bot"), Some(Role::Agent));
        assert_eq!(role("user"), Some(Role::Caller));
        assert_eq!(role("Customer"), Some(Role::Caller));
        assert_eq!(role("human"), Some(Role::Caller));
        assert_eq!(role("system"), Some(Role::System));
        assert_eq!(role("tool_call"), Some(Role::Tool));
        assert_eq!(role("Function-Result"), Some(Role::Tool));
        assert_eq!(role("Sarah"), None);
        assert_eq!(role(""), None);
    }

    #[test]
    fn splits_speaker_prefixed_text() {
        let text = "AI: Hello! This is Sarah.\nCustomer: Hi: who?\nwell, go on\n\nAI: Great.";
        let messages = split_speaker_lines(text);
        let pairs: Vec<_> = messages.iter().map(|m| (m.role, m.text.as_str())).collect();
        assert_eq!(
            pairs,
            [
                (Role::Agent, "Hello! This is Sarah."),
                (Role::Caller, "Hi: who?\nwell, go on"),
                (Role::Agent, "Great."),
            ]
        );
    }

    #[test]
    fn text_without_speakers_gives_no_messages() {
        assert!(split_speaker_lines("Hello there.\nSecond line: with a colon").is_empty());
        assert!(split_speaker_lines("").is_empty());
        let preamble = split_speaker_lines("Call log\nAgent: Hi");
        assert_eq!(preamble.len(), 1);
        assert_eq!(preamble[0].text, "Hi");
    }

    /// The one-pass speaker read agrees with trimming the text before the first `:` and folding
    /// it, on lines built from the characters that decide it: letters of speaker words, the
    /// separators, ASCII and Unicode spaces, marks, and letters that fold beyond ASCII.
    // proptest is a native-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_one_pass_speaker_read_agrees_with_trim_and_fold() {
        use proptest::prelude::*;
        fn general(line: &str) -> Option<(Role, &str)> {
            line.split_once(':')
                .and_then(|(speaker, said)| Some((role(speaker.trim())?, said.trim())))
        }
        let piece = prop::sample::select(vec![
            "agent", "AI", "ai", "Bot", "user", "Tool", "call", "result", "virtual", "a", "i", " ",
            "_", "-", "\t", "\r", "\u{b}", "\u{c}", ":", "1", ".", "é", "\u{a0}", "\u{3000}",
            "\u{212a}", "İ", "\u{85}", "x", "FUNCTION", "human",
        ]);
        let line = prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat());
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(
            proptest::test_runner::Config::with_cases(20_000),
            proptest::test_runner::TestRng::deterministic_rng(
                proptest::test_runner::RngAlgorithm::ChaCha,
            ),
        );
        let outcome = runner.run(&line, |line| {
            prop_assert_eq!(spoken(&line), general(&line), "line {:?}", line);
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
        let long = format!("{}:", "a".repeat(ON_STACK + 1));
        assert_eq!(spoken(&long), general(&long));
        assert_eq!(spoken(" ai\t : hi "), Some((Role::Agent, "hi")));
        assert_eq!(spoken("ai\tagent: hi"), None);
    }

    #[test]
    fn windows_line_endings() {
        let messages = split_speaker_lines("AI: one\r\nUser: two\r\n");
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[1].text, "two");
    }
}

#[cfg(test)]
mod shapes {
    use super::*;
    use crate::reader::Reader;

    /// Messages of an array read alike whatever shape each has, whether it repeats the one
    /// before (read as remembered) or not: other keys, the same keys in another order or case,
    /// a preferred key beside a lesser one, a key sent twice.
    #[test]
    fn each_message_is_read_by_its_own_keys() {
        let body = br#"[
            {"role": "agent", "text": "one"},
            {"role": "user", "text": "two"},
            {"text": "three", "role": "agent"},
            {"Role": "user", "Content": "four"},
            {"Role": "agent", "Content": "five", "text": "preferred"},
            {"Role": "user", "Content": "six"},
            {"speaker": "agent", "message": "seven", "offset_seconds": 7},
            {"speaker": "agent", "message": "eight", "offset_seconds": 8},
            {"role": "user", "text": "nine", "text": "ten"},
            {"role": "user", "text": "eleven"}
        ]"#;
        let value = crate::json::parse(body).expect("the test body is JSON");
        let reader = Reader::default();
        let array = reader.root(&value).array().expect("an array");
        let read: Vec<_> = messages(&array)
            .into_iter()
            .map(|m| (m.role, m.text, m.offset_seconds))
            .collect();
        let expected = [
            (Role::Agent, "one", None),
            (Role::Caller, "two", None),
            (Role::Agent, "three", None),
            (Role::Caller, "four", None),
            (Role::Agent, "preferred", None),
            (Role::Caller, "six", None),
            (Role::Agent, "seven", Some(7.0)),
            (Role::Agent, "eight", Some(8.0)),
            (Role::Caller, "ten", None),
            (Role::Caller, "eleven", None),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(role, text, offset)| (role, text.to_owned(), offset))
            .collect();
        assert_eq!(read, expected);
    }
}
