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
        let (line_len, break_len) = match memchr::memchr2(b'\n', b'\r', rest) {
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
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text.to_owned();
    }
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

/// Wrapped lines end at most this many characters short of the width (a long word that did
/// not fit went to the next line), or a quarter of the width when that is more.
const WRAP_SLACK_CHARS: usize = 15;

/// The widths hard-wrapped text is wrapped at, in characters.
const WRAP_WIDTHS: std::ops::RangeInclusive<usize> = 40..=120;

/// The width `text` is hard-wrapped at, when it is: most lines that go on in the next line
/// (not the last line of a paragraph) end close to one width, the width of the longest lines
/// (LexisNexis text exports and many plain-text corpora wrap at 70 to 80 columns and separate
/// paragraphs by blank lines). `None` for text with one paragraph a line, verse, or lists.
pub fn wrap_width(text: &str) -> Option<usize> {
    let lengths: Vec<usize> = text
        .split('\n')
        .map(|l| l.trim_end().chars().count())
        .collect();
    let mut filled: Vec<usize> = lengths.iter().copied().filter(|&n| n > 0).collect();
    if filled.len() < 3 {
        return None;
    }
    filled.sort_unstable();
    // The width: the longest lines, leaving out a few over-long ones (a URL, a table).
    let width = filled
        .get(filled.len() * 9 / 10)
        .copied()
        .unwrap_or_default();
    if !WRAP_WIDTHS.contains(&width) {
        return None;
    }
    let slack = WRAP_SLACK_CHARS.max(width / 4);
    let going_on: Vec<usize> = lengths
        .windows(2)
        .filter(|pair| pair[0] > 0 && pair[1] > 0)
        .map(|pair| pair[0])
        .collect();
    let near = going_on.iter().filter(|&&n| n + slack >= width).count();
    (going_on.len() >= 2 && near * 4 >= going_on.len() * 3).then_some(width)
}

/// True for a line that starts a list item (`- `, `• `, `* `, `– `, `1. `, `2) `).
pub fn starts_list_item(line: &str) -> bool {
    let line = line.trim_start();
    if ["- ", "• ", "* ", "– ", "· "]
        .iter()
        .any(|b| line.starts_with(b))
    {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && matches!(line.get(digits..digits + 2), Some(". " | ") "))
}

/// When `text` is hard-wrapped ([`wrap_width`]), join the lines of each paragraph: each line
/// break after a full line (not ending `:` or `;`), before a line that is neither blank,
/// indented nor a list item, becomes one space. Byte offsets do not move (a `\n` becomes a ` `), so hits found in the
/// text before or after land on the same words. Returns whether the text was hard-wrapped.
pub fn join_wrapped_lines(text: &mut String) -> bool {
    let Some(width) = wrap_width(text) else {
        return false;
    };
    let slack = WRAP_SLACK_CHARS.max(width / 4);
    let mut joined = String::with_capacity(text.len());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        joined.push_str(line);
        let Some(next) = lines.peek() else {
            break;
        };
        let trimmed = line.trim_end();
        // A line ending `:` or `;` introduces or ends a list item: its break stays.
        let full = trimmed.chars().count() + slack >= width && !trimmed.ends_with([':', ';']);
        let next_continues =
            !next.trim().is_empty() && !next.starts_with([' ', '\t']) && !starts_list_item(next);
        joined.push(if full && next_continues { ' ' } else { '\n' });
    }
    *text = joined;
    true
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

/// The paragraph (from 1) of `text` that holds byte `offset`, paragraphs being its non-blank
/// lines as the reader shows them.
pub fn paragraph_at(text: &str, offset: usize) -> usize {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let whole_lines = before.rfind('\n').map_or("", |end| &before[..end]);
    whole_lines
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .count()
        + 1
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
    fn a_paragraph_number_counts_the_non_blank_lines_before() {
        let text = "First para.\n\nSecond para, a hit here.\n  \nThird.";
        assert_eq!(paragraph_at(text, 0), 1);
        assert_eq!(paragraph_at(text, 3), 1);
        let second = text.find("Second").unwrap();
        assert_eq!(paragraph_at(text, second), 2);
        assert_eq!(paragraph_at(text, text.find("hit").unwrap()), 2);
        assert_eq!(paragraph_at(text, text.find("Third").unwrap()), 3);
        assert_eq!(paragraph_at(text, usize::MAX), 3);
    }

    /// A paragraph of news text wrapped at `width` columns.
    fn wrapped(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out
    }

    const LEAD: &str = "The Kestrel Narrows Bridge has passed its first annual inspection since \
        Halvard & Brine Construction took over its maintenance last year, with the Port Alder \
        firm rating the 48-year-old steel truss in good condition overall.";
    const SECOND: &str = "The inspection, carried out over four nights in December while the \
        bridge was closed to traffic, found minor corrosion on several bearing plates.";

    #[test]
    fn hard_wrapped_paragraphs_are_joined_without_moving_a_byte() {
        let original = format!("{}\n\n{}", wrapped(LEAD, 72), wrapped(SECOND, 72));
        assert!(original.lines().count() > 5);
        assert_eq!(wrap_width(&original), Some(72));
        let mut text = original.clone();
        assert!(join_wrapped_lines(&mut text));
        assert_eq!(text, format!("{LEAD}\n\n{SECOND}"));
        assert_eq!(text.len(), original.len(), "offsets do not move");
        // Wrapped in German at 75 columns, with long words.
        let german = "Die Brücke über die Kestrel-Enge hat ihre erste jährliche Prüfung seit dem \
            Wechsel des Wartungsunternehmens bestanden. Die Prüfer stuften den \
            Stahlfachwerkbau aus dem Jahr 1962 insgesamt als gut ein und empfahlen \
            Instandsetzungsarbeiten an den Lagerplatten.";
        let mut text = wrapped(german, 75);
        assert!(join_wrapped_lines(&mut text));
        assert_eq!(text, german);
    }

    #[test]
    fn list_items_indented_and_short_lines_keep_their_breaks() {
        let list = "The council listed what it wants the contractor to repair before winter:\n\
            - the bearing plates on the southern piers, which show corrosion;\n\
            - the cracked deck joints near the Gull Point approach, and the drains;\n\
            1. the railings on the north walkway, bent by a truck in the spring;\n\
            Signed,\n\
            The Clerk";
        let mut text = format!("{}\n\n{}\n\n{list}", wrapped(LEAD, 72), wrapped(SECOND, 72));
        assert!(join_wrapped_lines(&mut text));
        assert!(text.starts_with(LEAD), "{text}");
        assert!(
            text.ends_with(list),
            "the list and the short lines stay as they were: {text}"
        );
        let indented = format!("{}\n    A new paragraph, indented.", wrapped(LEAD, 72));
        let mut text = indented.clone();
        join_wrapped_lines(&mut text);
        assert!(text.ends_with("\n    A new paragraph, indented."), "{text}");
    }

    #[test]
    fn text_that_is_not_hard_wrapped_is_left_alone() {
        for text in [
            // One paragraph a line (most exports and crawls).
            format!("{LEAD}\n{SECOND}\n{LEAD}"),
            format!("{LEAD}\n\n{SECOND}"),
            // Verse and short lines.
            "The tide goes out,\nthe ferry waits,\nthe gulls complain,\nthe harbour sleeps."
                .to_owned(),
            // Too little text to tell.
            wrapped(LEAD, 72)
                .lines()
                .take(2)
                .collect::<Vec<_>>()
                .join("\n"),
            String::new(),
        ] {
            let mut joined = text.clone();
            assert!(!join_wrapped_lines(&mut joined), "{text}");
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn line_breaks_are_normalised() {
        assert_eq!(normalise_line_breaks("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(normalise_line_breaks("a\r\n\r\nb"), "a\n\nb");
        assert_eq!(normalise_line_breaks("a\nb\n\n"), "a\nb\n\n");
        assert_eq!(normalise_line_breaks("é\r"), "é\n");
    }

    #[test]
    fn lines_end_after_each_kind_of_break() {
        let text = "one\r\ntwo\rthree\n\nfour";
        let lines: Vec<(&str, usize)> = lines_with_ends(text).collect();
        assert_eq!(
            lines,
            [
                ("one", 5),
                ("two", 9),
                ("three", 15),
                ("", 16),
                ("four", 20)
            ]
        );
        assert_eq!(lines_with_ends("").count(), 0);
        assert_eq!(lines_with_ends("ü\r").collect::<Vec<_>>(), [("ü", 3)]);
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
