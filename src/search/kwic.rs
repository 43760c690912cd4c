//! Concordance (key word in context) lines: a hit with the text on each side of it.

use std::ops::Range;

/// A hit and the text on each side of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sides {
    /// Text before the hit.
    pub left: String,
    /// The hit as written.
    pub hit: String,
    /// Text after the hit.
    pub right: String,
}

/// The concordance line of the hit at `range` in `text`: up to `context` characters on each
/// side, cut at a word boundary where one is near, with line breaks and runs of spaces shown
/// as one space.
pub fn line(text: &str, range: Range<usize>, context: usize) -> Sides {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let before = text.get(..start).unwrap_or_default();
    let after = text.get(end..).unwrap_or_default();
    let left_start = before
        .char_indices()
        .rev()
        .nth(context.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let mut left = before.get(left_start..).unwrap_or_default();
    if left_start > 0
        && let Some(space) = left.find(char::is_whitespace)
        && space < left.len() / 3
    {
        left = &left[space..];
    }
    let right_end = after
        .char_indices()
        .nth(context)
        .map_or(after.len(), |(i, _)| i);
    let mut right = after.get(..right_end).unwrap_or_default();
    if right_end < after.len()
        && let Some(space) = right.rfind(char::is_whitespace)
        && space > right.len() * 2 / 3
    {
        right = &right[..space];
    }
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let keep_edge = |s: &str, at_start: bool| {
        // One space stays between the context and the hit where the text had one.
        let flat = flat(s);
        let spaced = if at_start {
            s.starts_with(char::is_whitespace)
        } else {
            s.ends_with(char::is_whitespace)
        };
        match (spaced && !flat.is_empty(), at_start) {
            (true, true) => format!(" {flat}"),
            (true, false) => format!("{flat} "),
            (false, _) => flat,
        }
    };
    Sides {
        left: keep_edge(left, false),
        hit: flat(text.get(start..end).unwrap_or_default()),
        right: keep_edge(right, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_on_both_sides_with_flattened_breaks() {
        let text =
            "The jury heard\nthat the bridge collapsed in the storm of 2019, engineers said.";
        let at = text.find("bridge").unwrap();
        let row = line(text, at..at + 6, 20);
        assert_eq!(row.hit, "bridge");
        assert!(row.left.ends_with("that the "), "{row:?}");
        assert!(row.right.starts_with(" collapsed"), "{row:?}");
        assert!(!row.left.contains('\n'));
        // At the very start and end of the text.
        let row = line("bridge", 0..6, 20);
        assert_eq!((row.left.as_str(), row.right.as_str()), ("", ""));
    }
}
