//! Two articles side by side: which words one has that the other has not.
//!
//! A word-level diff (`similar`'s patience diff over words and the spaces between them), as
//! editors compare versions of a story: the left text with the words the right one lacks
//! marked as deleted, the right with the words it adds marked as inserted.

use std::time::Duration;

use similar::{Algorithm, ChangeTag, TextDiff};

/// A diff of texts this long (in bytes, the two together) stops refining after
/// [`SLOW_DIFF`]: the answer is still a correct diff, only less minimal.
const SLOW_DIFF: Duration = Duration::from_millis(500);

/// A run of text on one side, changed or shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text, with its spaces and line breaks.
    pub text: String,
    /// True when the other side does not have it (deleted on the left, inserted on the right).
    pub changed: bool,
}

/// Two texts compared word by word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordDiff {
    /// The left text in pieces.
    pub left: Vec<Piece>,
    /// The right text in pieces.
    pub right: Vec<Piece>,
    /// Words of the left text the right one lacks.
    pub deleted: usize,
    /// Words of the right text the left one lacks.
    pub inserted: usize,
    /// Words the two share.
    pub shared: usize,
}

fn push(pieces: &mut Vec<Piece>, text: &str, changed: bool) {
    match pieces.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => pieces.push(Piece {
            text: text.to_owned(),
            changed,
        }),
    }
}

/// Compare `left` and `right` word by word.
pub fn word_diff(left: &str, right: &str) -> WordDiff {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(SLOW_DIFF)
        .diff_words(left, right);
    let mut out = WordDiff::default();
    for change in diff.iter_all_changes() {
        let text = change.value();
        let is_word = !text.trim().is_empty();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut out.left, text, false);
                push(&mut out.right, text, false);
                out.shared += usize::from(is_word);
            }
            ChangeTag::Delete => {
                // Spaces are never marked: only words are changes.
                push(&mut out.left, text, is_word);
                out.deleted += usize::from(is_word);
            }
            ChangeTag::Insert => {
                push(&mut out.right, text, is_word);
                out.inserted += usize::from(is_word);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(pieces: &[Piece]) -> Vec<&str> {
        pieces
            .iter()
            .filter(|p| p.changed)
            .map(|p| p.text.trim())
            .collect()
    }

    fn text(pieces: &[Piece]) -> String {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn edited_words_are_deleted_on_the_left_and_inserted_on_the_right() {
        let left = "The ferry left at noon with 40 passengers aboard.";
        let right = "The ferry left at dawn with 52 passengers aboard.";
        let diff = word_diff(left, right);
        assert_eq!(text(&diff.left), left, "the left text is kept whole");
        assert_eq!(text(&diff.right), right);
        assert_eq!(changed(&diff.left), ["noon", "40"]);
        assert_eq!(changed(&diff.right), ["dawn", "52"]);
        assert_eq!((diff.deleted, diff.inserted, diff.shared), (2, 2, 7));
    }

    #[test]
    fn an_added_paragraph_is_all_inserted_and_nothing_deleted() {
        let left = "First paragraph here.\n\nSecond one.";
        let right = "First paragraph here.\n\nA new paragraph of four.\n\nSecond one.";
        let diff = word_diff(left, right);
        assert_eq!(diff.deleted, 0);
        assert_eq!(diff.inserted, 5);
        assert!(changed(&diff.left).is_empty());
        assert_eq!(changed(&diff.right).join(" "), "A new paragraph of four.");
    }

    #[test]
    fn identical_texts_have_no_change() {
        let diff = word_diff("same words", "same words");
        assert_eq!((diff.deleted, diff.inserted, diff.shared), (0, 0, 2));
        assert!(diff.left.iter().all(|p| !p.changed));
    }
}
