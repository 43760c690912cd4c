//! How text becomes searchable tokens: split on anything that is not a letter or a digit,
//! lower-case, fold accents to ASCII (`Félix` → `felix`, `Åberg` → `aberg`). Chinese, Japanese
//! and Korean are written without spaces between words: a run of their characters becomes
//! overlapping pairs (`记录就是` → `记录`, `录就`, `就是`), as Lucene's CJK analyzer does, so a
//! query of two or more characters (a phrase of its pairs) finds them anywhere in a run. A
//! character alone in its run is one token. The index, the query parser, the hit counter and
//! the highlighter all use this one analyzer, so they agree on what a word is.

mod bytes;

pub use bytes::is_cjk;

use bytes::{ByteClasses, char_at, word_end};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "corpus_words";

/// Tokens longer than this many bytes (base64 blobs, URLs without punctuation) are dropped.
pub(crate) const LONGEST_TOKEN: usize = 80;

/// Words (runs of letters and digits) and, inside runs of CJK characters, overlapping pairs of
/// characters.
#[derive(Clone, Default)]
pub struct WordsAndPairs {
    token: Token,
}

/// The tokens of one text, one at a time.
pub struct WordsAndPairsStream<'a> {
    text: &'a str,
    /// The next byte to look at (a character boundary).
    at: usize,
    token: &'a mut Token,
    /// Inside a run of CJK characters: the last one (its offset and itself) and whether it is
    /// the run's first.
    in_run: Option<(usize, char, bool)>,
}

impl Tokenizer for WordsAndPairs {
    type TokenStream<'a> = WordsAndPairsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndPairsStream<'a> {
        self.token.reset();
        WordsAndPairsStream {
            text,
            at: 0,
            token: &mut self.token,
            in_run: None,
        }
    }
}

impl WordsAndPairsStream<'_> {
    /// Make the current token the text's `from..to`.
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.clear();
        self.token
            .text
            .push_str(self.text.get(from..to).unwrap_or_default());
        true
    }
}

impl TokenStream for WordsAndPairsStream<'_> {
    fn advance(&mut self) -> bool {
        // Inside a run: the pair of the last character and the next, or, when the run ends
        // after one character, that character alone.
        if let Some((last_at, last, first)) = self.in_run.take() {
            let at = self.at;
            if at < self.text.len()
                && let c = char_at(self.text, at)
                && is_cjk(c)
            {
                self.at += c.len_utf8();
                self.in_run = Some((at, c, false));
                return self.emit(last_at, self.at);
            }
            if first {
                return self.emit(last_at, last_at + last.len_utf8());
            }
        }
        // ASCII (most of any text's letters, digits and punctuation) is read byte by byte.
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            let start = self.at;
            if b.is_ascii() {
                self.at += 1;
                if !b.is_ascii_alphanumeric() {
                    continue;
                }
            } else {
                let c = char_at(self.text, start);
                self.at += c.len_utf8();
                if is_cjk(c) {
                    self.in_run = Some((start, c, true));
                    return self.advance();
                }
                if !c.is_alphanumeric() {
                    continue;
                }
            }
            self.at = word_end(self.text, self.at).0;
            return self.emit(start, self.at);
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// A new analyzer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordsAndPairs::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// One token of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextToken {
    /// Byte range in the text.
    pub range: std::ops::Range<usize>,
    /// Position (dropped tokens leave gaps, as in the index).
    pub position: usize,
    /// The normalised form.
    pub text: String,
}

/// The tokens of `text`, with where they are, as the analyzer makes them (the definition the
/// quicker [`tokens_where`] is checked against).
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<TextToken> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        out.push(TextToken {
            range: token.offset_from..token.offset_to,
            position: token.position,
            text: token.text.clone(),
        });
    }
    out
}

/// The tokens of `text` whose normalised form `keep` accepts (the others are only counted in
/// the positions): a search keeps just the tokens that can be part of a hit. What [`tokens`]
/// gives, quicker (see [`for_each_token`]).
pub fn tokens_where(
    analyzer: &mut TextAnalyzer,
    text: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<TextToken> {
    let mut out = Vec::new();
    walk_tokens(analyzer, text, |token, range, position| {
        if keep(token) {
            out.push(TextToken {
                range,
                position,
                text: token.to_owned(),
            });
        }
    });
    out
}

/// Call `each` with the normalised form of every token of `text`, in order: what
/// [`analyzer`] makes, quicker. The text is cut into the runs the analyzer's tokenizer cuts it
/// into (a word: letters and digits other than CJK; a run of CJK characters; what lies between
/// is dropped). A word of ASCII letters and digits (most words of most news text, whatever its
/// language) needs no folding: it is lower-cased here, and left out when it has
/// [`LONGEST_TOKEN`] bytes or more, as the analyzer does. Any other word, and every CJK run,
/// goes through the analyzer alone, which gives for it what it gives for it in its text.
pub fn for_each_token(analyzer: &mut TextAnalyzer, text: &str, each: &mut dyn FnMut(&str)) {
    walk_tokens(analyzer, text, |token, _, _| each(token));
}

/// A token as [`for_each_token_keyed`] gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyedToken<'a> {
    /// A token of 1 to [`SHORT_KEY_BYTES`] bytes as one number ([`short_key`]).
    Short(u128),
    /// A longer token.
    Long(&'a str),
}

/// The most bytes of a token that [`short_key`] makes one number of.
pub const SHORT_KEY_BYTES: usize = 16;

/// A token of 1 to 16 bytes as one number: its bytes, the first the lowest, zeros after them
/// (a token holds no zero byte, so two tokens never share a number).
pub fn short_key(token: &str) -> Option<u128> {
    let bytes = token.as_bytes();
    if bytes.is_empty() || bytes.len() > SHORT_KEY_BYTES {
        return None;
    }
    // Byte by byte: a copy into an array here became a call to `memcpy` for every token.
    Some(
        bytes
            .iter()
            .rev()
            .fold(0u128, |key, &b| (key << 8) | u128::from(b)),
    )
}

/// The token a [`short_key`] stands for.
pub fn short_key_text(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = bytes
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(SHORT_KEY_BYTES);
    String::from_utf8_lossy(bytes.get(..len).unwrap_or_default()).into_owned()
}

/// [`for_each_token`], each token as a [`KeyedToken`]: a word of up to 16 ASCII letters and
/// digits (nearly every word) becomes its number straight from the text, lower-cased on the
/// way, and no copy of it is made.
pub fn for_each_token_keyed(
    analyzer: &mut TextAnalyzer,
    text: &str,
    mut each: impl FnMut(KeyedToken<'_>),
) {
    let bytes = text.as_bytes();
    let mut lower = String::new();
    walk_runs(analyzer, text, |run, range, _| {
        let token = match run {
            Run::Ascii(word) if word.len() <= SHORT_KEY_BYTES => {
                // The sixteen bytes from the word's start, when the text has them (one load),
                // the bytes after the word masked off; else the word byte by byte.
                let keep = u128::MAX >> (8 * (SHORT_KEY_BYTES - word.len()));
                let key = bytes
                    .get(range.start..range.start + SHORT_KEY_BYTES)
                    .and_then(|sixteen| sixteen.try_into().ok())
                    .map_or_else(
                        || short_key(word).unwrap_or(0),
                        |sixteen| u128::from_le_bytes(sixteen) & keep,
                    );
                // Lower case for ASCII letters and digits alike: digits have this bit set.
                each(KeyedToken::Short(key | (LOWER_CASE_BITS & keep)));
                return;
            }
            Run::Ascii(word) => lowered(&mut lower, word),
            Run::Folded(token) => token,
        };
        match short_key(token) {
            Some(key) => each(KeyedToken::Short(key)),
            None => each(KeyedToken::Long(token)),
        }
    });
}

/// The bit that makes an ASCII letter lower case, in every byte.
const LOWER_CASE_BITS: u128 = 0x2020_2020_2020_2020_2020_2020_2020_2020;

/// [`for_each_token`], with each token's byte range in `text` and its position (a token left
/// out for its length leaves a gap, as in the analyzer: a word takes one position, a run of
/// `n` CJK characters `n - 1`, one for a character alone).
fn walk_tokens(
    analyzer: &mut TextAnalyzer,
    text: &str,
    mut each: impl FnMut(&str, std::ops::Range<usize>, usize),
) {
    let mut lower = String::new();
    walk_runs(analyzer, text, |run, range, position| match run {
        Run::Ascii(word) => each(lowered(&mut lower, word), range, position),
        Run::Folded(token) => each(token, range, position),
    });
}

/// An ASCII word's token: the word in lower case (in `buffer` when it had a capital).
fn lowered<'b>(buffer: &'b mut String, word: &'b str) -> &'b str {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return word;
    }
    buffer.clear();
    buffer.push_str(word);
    buffer.make_ascii_lowercase();
    buffer
}

/// A token as [`walk_runs`] finds it.
enum Run<'a> {
    /// A word of ASCII letters and digits shorter than [`LONGEST_TOKEN`], as the text has it:
    /// its token is it in lower case.
    Ascii(&'a str),
    /// A token the analyzer made.
    Folded(&'a str),
}

/// [`walk_tokens`], an ASCII word given as the text has it.
fn walk_runs(
    analyzer: &mut TextAnalyzer,
    text: &str,
    mut each: impl FnMut(Run<'_>, std::ops::Range<usize>, usize),
) {
    let bytes = text.as_bytes();
    let mut classes = ByteClasses::new(bytes);
    let mut at = 0;
    let mut position = 0;
    loop {
        at = classes.next_word_byte(at);
        let Some(&first) = bytes.get(at) else {
            break;
        };
        let start = at;
        let (cjk, mut ascii) = if first.is_ascii() {
            (false, true)
        } else {
            let c = char_at(text, at);
            at += c.len_utf8();
            if is_cjk(c) {
                (true, false)
            } else if c.is_alphanumeric() {
                (false, false)
            } else {
                continue;
            }
        };
        // Positions the run takes.
        let mut takes = 1;
        if cjk {
            let mut chars = 1;
            while bytes.get(at).is_some_and(|b| !b.is_ascii()) {
                let c = char_at(text, at);
                if !is_cjk(c) {
                    break;
                }
                at += c.len_utf8();
                chars += 1;
            }
            takes = (chars - 1).max(1);
        } else {
            if ascii {
                at = classes.ascii_word_end(at);
            }
            // A word that goes on past ASCII (or began past it) goes on byte by byte.
            if !ascii || bytes.get(at).is_some_and(|b| !b.is_ascii()) {
                let (end, rest_ascii) = word_end(text, at);
                at = end;
                ascii &= rest_ascii;
            }
        }
        let run = text.get(start..at).unwrap_or_default();
        if ascii {
            if run.len() < LONGEST_TOKEN {
                each(Run::Ascii(run), start..at, position);
            }
        } else {
            let mut stream = analyzer.token_stream(run);
            while stream.advance() {
                let token = stream.token();
                each(
                    Run::Folded(&token.text),
                    start + token.offset_from..start + token.offset_to,
                    position + token.position,
                );
            }
        }
        position += takes;
    }
}

/// Just the normalised forms of the tokens of `text`.
pub fn normalized_tokens(text: &str) -> Vec<String> {
    tokens(&mut analyzer(), text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_punctuation() {
        assert_eq!(
            normalized_tokens("Félix Åberg's U.S. 23-hour-a-day Straße"),
            [
                "felix", "aberg", "s", "u", "s", "23", "hour", "a", "day", "strasse"
            ]
        );
        let mut analyzer = analyzer();
        let text = "Zoë — ok";
        let found = tokens(&mut analyzer, text);
        assert_eq!(&text[found[0].range.clone()], "Zoë");
        assert_eq!(found[1].position, found[0].position + 1);
    }

    #[test]
    fn the_quick_path_gives_the_analyzers_tokens() {
        let long = "x".repeat(LONGEST_TOKEN);
        let texts = [
            "The U.S. said: 23-hour-a-day ops, e-mail & co.; (AP) -- OK?".to_owned(),
            format!(
                "a {} b {} c {}",
                &long[1..],
                long,
                "y".repeat(LONGEST_TOKEN + 1)
            ),
            "  leading and trailing  ".to_owned(),
            String::new(),
            "!!!".to_owned(),
            "Félix Åberg 记录就是 mixed with ASCII".to_owned(),
            "MiXeD CaSe 42nd 3.5%".to_owned(),
        ];
        let mut analyzer = analyzer();
        for text in &texts {
            let mut quick = Vec::new();
            for_each_token(&mut analyzer, text, &mut |t| quick.push(t.to_owned()));
            assert_eq!(quick, normalized_tokens(text), "{text:?}");
        }
    }

    /// What the tokenizer cuts `text` into, by its definition, character by character: a run
    /// of letters and digits other than CJK is a word; a run of CJK characters gives its
    /// overlapping pairs, or its one character.
    fn reference_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars[i].0 + chars[i].1.len_utf8();
        let word = |c: char| c.is_alphanumeric() && !is_cjk(c);
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            let same: &dyn Fn(char) -> bool = if is_cjk(c) { &is_cjk } else { &word };
            if !same(c) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < chars.len() && same(chars[j].1) {
                j += 1;
            }
            if is_cjk(c) && j - i > 1 {
                out.extend((i..j - 1).map(|k| chars[k].0..end_of(k + 1)));
            } else {
                out.push(chars[i].0..end_of(j - 1));
            }
            i = j;
        }
        out
    }

    /// Random texts of pieces of every kind the tokenizer tells apart (with a fixed seed).
    fn mixed_texts() -> Vec<String> {
        let pieces = [
            "a",
            "Z",
            "7",
            "word",
            "ASCII",
            " ",
            "  ",
            ".",
            "-",
            "'",
            "\n",
            "é",
            "É",
            "ß",
            "Ø",
            "ñ",
            "Straße",
            "Félix",
            "naïve",
            "e\u{301}",
            "Ωμέγα",
            "Москва",
            "١٢٣",
            "٣",
            "中",
            "国",
            "记录就是",
            "한국어",
            "まれ",
            "ｶﾀｶﾅ",
            "ﬁ",
            "²",
            "Ⅻ",
            "—",
            "“",
            "”",
            "。",
            "😀",
            "\u{200b}",
            "\u{a0}",
            "x".repeat(LONGEST_TOKEN - 1).leak(),
            "é".repeat(40).leak(),
            "é".repeat(41).leak(),
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            state
        };
        (0..3000)
            .map(|_| {
                (0..=next() >> 60)
                    .map(|_| pieces[(next() >> 33) as usize % pieces.len()])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_tokenizer_cuts_where_its_definition_says() {
        let mut tokenizer = WordsAndPairs::default();
        for text in mixed_texts() {
            let mut stream = tokenizer.token_stream(&text);
            let (mut ranges, mut positions) = (Vec::new(), Vec::new());
            while stream.advance() {
                let token = stream.token();
                assert_eq!(token.text, text[token.offset_from..token.offset_to]);
                ranges.push(token.offset_from..token.offset_to);
                positions.push(token.position);
            }
            assert_eq!(ranges, reference_ranges(&text), "{text:?}");
            assert!(positions.iter().copied().eq(0..ranges.len()), "{text:?}");
        }
    }

    #[test]
    fn the_quick_path_agrees_on_mixed_scripts() {
        let mut analyzer = analyzer();
        for text in mixed_texts() {
            let mut quick = Vec::new();
            for_each_token(&mut analyzer, &text, &mut |t| quick.push(t.to_owned()));
            assert_eq!(quick, normalized_tokens(&text), "{text:?}");
        }
    }

    #[test]
    fn the_keyed_walk_gives_the_analyzers_tokens_and_a_number_for_each_short_one() {
        let mut analyzer = analyzer();
        let mut texts = mixed_texts();
        // Words of 7, 8, 9, 15, 16 and 17 bytes at the very end of a text (no sixteen bytes
        // left to load), and in its middle.
        texts.extend(
            [
                "Ferry ABCDEFG",
                "end Eightchr",
                "end NINECHARS",
                "Eightchr mid",
                "x 9Z",
                "end Gewerkschaftler",
                "end Wirtschaftskrise",
                "end Wirtschaftskrisen",
                "Wirtschaftskrise and Wirtschaftskrisen mid",
                "Übergangsregelung Übergangsregelungen",
            ]
            .map(String::from),
        );
        assert_eq!(
            ["Gewerkschaftler", "Wirtschaftskrise", "Wirtschaftskrisen"].map(str::len),
            [15, 16, 17]
        );
        for text in texts {
            let mut keyed = Vec::new();
            for_each_token_keyed(&mut analyzer, &text, |token| {
                keyed.push(match token {
                    KeyedToken::Short(key) => {
                        let word = short_key_text(key);
                        assert_eq!(short_key(&word), Some(key), "{text:?}");
                        word
                    }
                    KeyedToken::Long(word) => {
                        assert!(word.len() > SHORT_KEY_BYTES, "{word:?} of {text:?}");
                        word.to_owned()
                    }
                });
            });
            assert_eq!(keyed, normalized_tokens(&text), "{text:?}");
        }
    }

    #[test]
    fn words_across_the_64_byte_blocks_are_found_whole() {
        // The quick walk looks at 64 bytes at a time: a word (ASCII, or going on past ASCII)
        // starting at every offset around a block's end, and texts ending there.
        let mut analyzer = analyzer();
        let words = [
            "Harbour",
            "Wirtschaftskrise",
            "Straße",
            "naïve",
            "记录就是",
            "a1",
        ];
        for lead in 50..80 {
            for word in words {
                for tail in ["", " x", ". Ferry", "é"] {
                    let text = format!("{}{word}{tail}", "-".repeat(lead));
                    let quick = tokens_where(&mut analyzer, &text, &|_| true);
                    assert_eq!(quick, tokens(&mut analyzer, &text), "{text:?}");
                    let mut keyed = Vec::new();
                    for_each_token_keyed(&mut analyzer, &text, |token| {
                        keyed.push(match token {
                            KeyedToken::Short(key) => short_key_text(key),
                            KeyedToken::Long(word) => word.to_owned(),
                        });
                    });
                    assert_eq!(keyed, normalized_tokens(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn the_quick_path_gives_the_analyzers_ranges_and_positions() {
        let mut analyzer = analyzer();
        let long = "x".repeat(LONGEST_TOKEN);
        let mut texts = mixed_texts();
        texts.push(format!("a {long} b {} c 记录就是 d", "é".repeat(41)));
        texts.push("她说：“记录就是保护。”iPhone用户 한국어 猫 x".to_owned());
        for text in &texts {
            let quick = tokens_where(&mut analyzer, text, &|_| true);
            assert_eq!(quick, tokens(&mut analyzer, text), "{text:?}");
            // Tokens left out still take their positions.
            let kept = tokens_where(&mut analyzer, text, &|t| t.len() == 1);
            let all: Vec<_> = quick.into_iter().filter(|t| t.text.len() == 1).collect();
            assert_eq!(kept, all, "{text:?}");
        }
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs() {
        let mut analyzer = analyzer();
        let text = "她说：“记录就是保护。”iPhone用户 한국어 猫 x";
        let found = tokens(&mut analyzer, text);
        let words: Vec<&str> = found.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(
            words,
            [
                "她说", "记录", "录就", "就是", "是保", "保护", "iPhone", "用户", "한국", "국어",
                "猫", "x"
            ]
        );
        let positions: Vec<usize> = found.iter().map(|t| t.position).collect();
        assert_eq!(
            positions,
            (0..12).collect::<Vec<_>>(),
            "one position a token"
        );
        assert_eq!(found[6].text, "iphone");
        // Japanese: kanji and kana in one run.
        assert_eq!(
            normalized_tokens("盗まれた物"),
            ["盗ま", "まれ", "れた", "た物"]
        );
        assert!(
            normalized_tokens("、。").is_empty(),
            "punctuation is no token"
        );
    }
}
