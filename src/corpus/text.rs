//! Text helpers every part of the core shares: lines with their ends, word counting, line
//! breaks, shortening for display.

/// Split text into lines on `\n`, `\r\n` or a lone `\r`, yielding each line with the byte offset
/// just past its line break.
pub fn lines_with_ends(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let rest = &bytes[start..];
        let (line_len, break_len) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => (i, 2),
            Some(i) => (i, 1),
            None => (rest.len(), 0),
        };
        let line = text.get(start..start + line_len).unwrap_or_default();
        start += line_len + break_len;
        Some((line, start))
    })
}

/// `\r\n` and lone `\r` become `\n`.
pub fn normalise_line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (line, end) in lines_with_ends(text) {
        out.push_str(line);
        if end > start + line.len() {
            out.push('\n');
        }
        start = end;
    }
    out
}

/// Shorten at the last word boundary at or before `max_chars`, adding `…`.
pub fn shorten(text: &str, max_chars: usize) -> String {
    // Collapse whitespace, stopping once the text is known to be too long.
    let mut collapsed = String::with_capacity(text.len().min(max_chars * 2));
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > max_chars {
            break;
        }
        if !collapsed.is_empty() {
            collapsed.push(' ');
            chars += 1;
        }
        collapsed.push_str(word);
        chars += word.chars().count();
    }
    let text = collapsed;
    if chars <= max_chars {
        return text;
    }
    let hard_cut = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..hard_cut];
    let cut = match head.rfind(' ') {
        Some(space) if space >= hard_cut / 2 => space,
        _ => hard_cut,
    };
    let head = head[..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–' | '-' | '(')
    });
    format!("{head}…")
}

/// Counts whitespace-separated tokens across chunks of text (a word may span two chunks).
#[derive(Clone, Copy, Debug, Default)]
pub struct WordCounter {
    in_word: bool,
    /// Words counted so far.
    pub words: u64,
}

impl WordCounter {
    /// Count the words of one more chunk (a chunk always holds whole characters).
    ///
    /// Counting is the hottest loop of a scan, so it works on bytes: word starts are "an ASCII
    /// space followed by anything else", a loop the compiler vectorises, and multi-byte
    /// characters are word characters. Only a chunk holding one of the rare non-ASCII
    /// `White_Space` characters (no-break space, the U+2000 spaces, ideographic space, …, found
    /// with `memchr`) is counted character by character. Same result as `split_whitespace`.
    pub fn feed(&mut self, chunk: &str) {
        let bytes = chunk.as_bytes();
        let has_unicode_space = !bytes.is_ascii()
            && memchr::memchr3_iter(0xc2, 0xe1, 0xe2, bytes)
                .chain(memchr::memchr_iter(0xe3, bytes))
                .any(|lead| unicode_space_len(bytes.get(lead..).unwrap_or_default()) > 0);
        if has_unicode_space {
            self.feed_exact(chunk);
        } else {
            self.feed_ascii_spaces(bytes);
        }
    }

    /// Count words where only ASCII whitespace separates them.
    fn feed_ascii_spaces(&mut self, bytes: &[u8]) {
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return;
        };
        let is_space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
        let mut words = u64::from(!self.in_word && !is_space(first));
        // Pairs (previous, current) in blocks of 255, summed in u8 lanes: vectorises well.
        let previous = bytes.get(..bytes.len() - 1).unwrap_or_default();
        let current = bytes.get(1..).unwrap_or_default();
        for (p, c) in previous.chunks(255).zip(current.chunks(255)) {
            let starts = p
                .iter()
                .zip(c)
                .map(|(&a, &b)| u8::from(is_space(a) & !is_space(b)))
                .fold(0u8, u8::wrapping_add);
            words += u64::from(starts);
        }
        self.words += words;
        self.in_word = !is_space(last);
    }

    /// The exact loop, character by character (for chunks with non-ASCII whitespace).
    fn feed_exact(&mut self, chunk: &str) {
        let mut in_word = self.in_word;
        let mut words = self.words;
        for c in chunk.chars() {
            let space = c.is_whitespace();
            words += u64::from(!space && !in_word);
            in_word = !space;
        }
        self.in_word = in_word;
        self.words = words;
    }
}

/// The length in bytes of the non-ASCII `White_Space` character starting `bytes`, or 0.
fn unicode_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..] | [0xe2, 0x81, 0x9f, ..] | [0xe3, 0x80, 0x80, ..] => 3,
        [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..] => 3,
        _ => 0,
    }
}

/// Whitespace-separated tokens of `text`.
pub fn count_words(text: &str) -> u64 {
    let mut counter = WordCounter::default();
    counter.feed(text);
    counter.words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_normalised() {
        assert_eq!(normalise_line_breaks("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(normalise_line_breaks("a\r\n\r\nb"), "a\n\nb");
    }

    #[test]
    fn shorten_cuts_at_a_word_boundary() {
        let long = "word ".repeat(40);
        let short = shorten(&long, 22);
        assert_eq!(short, "word word word word…");
        assert_eq!(shorten("tiny", 10), "tiny");
    }

    #[test]
    fn word_counter_handles_chunks_and_unicode_spaces() {
        let mut c = WordCounter::default();
        c.feed("one tw");
        c.feed("o three\u{a0}four");
        assert_eq!(c.words, 4);
        assert_eq!(count_words("  a\tb\r\nc  "), 3);
        assert_eq!(count_words("—"), 1);
        // Every Unicode White_Space character separates words, like `split_whitespace`.
        let all_spaces: String = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let text: String = all_spaces.chars().map(|c| format!("é{c}")).collect();
        assert_eq!(count_words(&text), text.split_whitespace().count() as u64);
        let mixed = "Ελλάδα\u{3000}日本\u{2009}x\u{202f}y\u{85}z\u{1680}w";
        assert_eq!(count_words(mixed), mixed.split_whitespace().count() as u64);
    }
}
