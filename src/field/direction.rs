//! Call directions: each vendor's words for inbound and outbound (seen from the agent).

use crate::error::IssueCode;
use crate::event::Direction;
use crate::field::fold::{drop_separators, Folded};
use crate::reader::Node;

/// Words per direction, compared lower-cased with `-`, `_` and spaces removed: plain words,
/// Twilio's `outbound-api`/`outbound-dial`, Vapi's call types.
const WORDS: [(Direction, &[&str]); 2] = [
    (
        Direction::Inbound,
        &["inbound", "incoming", "in", "inboundphonecall"],
    ),
    (
        Direction::Outbound,
        &[
            "outbound",
            "outgoing",
            "out",
            "outboundapi",
            "outbounddial",
            "outboundphonecall",
        ],
    ),
];

/// The direction a vendor's word means, if voicehook knows it.
pub fn from_word(word: &str) -> Option<Direction> {
    let folded = Folded::new(word, drop_separators);
    WORDS
        .iter()
        .find(|(_, words)| folded.is_one_of(words))
        .map(|(direction, _)| *direction)
}

/// Reads a direction node; a word not known is kept in `extra` with an `unknown_value` warning.
pub fn read(node: Option<Node<'_>>) -> Option<Direction> {
    let node = node?;
    let word = node.string()?;
    let direction = from_word(&word);
    if direction.is_none() {
        node.reject_softly(
            IssueCode::UnknownValue,
            "inbound or outbound",
            "the call direction is not one voicehook knows; it is kept in extra",
        );
    }
    direction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_words() {
        assert_eq!(from_word("inbound"), Some(Direction::Inbound));
        assert_eq!(from_word("outbound-api"), Some(Direction::Outbound));
        assert_eq!(from_word("outboundPhoneCall"), Some(Direction::Outbound));
        assert_eq!(from_word("sideways"), None);
    }
}
