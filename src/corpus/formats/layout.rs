//! The plain-text article layout: where the title, date, dateline and body are.
//!
//! Three shapes are seen in real folders:
//! 1. ` date YYYY-MM-DD HEADLINE` on the first line (leading space optional), body below.
//! 2. ` date YYYY-MM-DD DATELINE (AGENCY) — lead …`: no headline; the dateline opens the lead.
//! 3. No date marker: the first non-empty line is the headline, paragraphs follow.
//!
//! The heuristic, applied to the first non-empty line after any date marker (the *opening*):
//! - If the opening starts with a dateline (an upper-case place, optionally `, State` parts and an
//!   `(AGENCY)`, then a dash), it is a lead: the dateline is kept as its own field and the title
//!   is derived from the lead's first sentence.
//! - Else if the opening *reads as a paragraph* — over 200 characters, or 15 words or more
//!   ending in a full stop, or two sentences with 12 words or more — it is a lead too, and the
//!   title is derived from its first sentence.
//! - Else the opening is the headline and the body starts on the next line.
//!
//! A derived title is the first sentence (abbreviations such as `U.S.`, `N.Y.`, `Mr.` or a
//! single initial do not end a sentence), shortened at a word boundary to about 100 characters
//! with an ellipsis; a final full stop is dropped. When a marker's date is not a real date
//! (`2023-02-30`) the marker is still removed and the article is undated.

use chrono::NaiveDate;

use crate::corpus::article::TitleSource;
use crate::corpus::text::lines_with_ends;
use crate::corpus::text::shorten;

/// Derived titles are shortened to about this many characters.
pub const DERIVED_TITLE_CHARS: usize = 100;

/// Openings longer than this are paragraphs, not headlines.
const HEADLINE_MAX_CHARS: usize = 200;

/// What the layout rules found in an article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The title (a headline, or derived from the lead).
    pub title: String,
    /// Where the title came from.
    pub title_source: TitleSource,
    /// The date from the ` date YYYY-MM-DD` marker.
    pub date: Option<NaiveDate>,
    /// The dateline that opens the lead.
    pub dateline: Option<String>,
    /// Tokens of the marker (`date` and the date) to leave out of the word count.
    pub marker_words: u32,
    /// Byte offset in the text where the body starts (after the marker, and after the headline
    /// line when there is one).
    pub body_start: usize,
}

/// Work out the layout of an article's text (its first part is enough). `None` when the text
/// holds nothing but whitespace.
pub fn parse_layout(text: &str) -> Option<Layout> {
    let bom_len = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let text = &text[bom_len..];
    let mut lines = lines_with_ends(text).filter(|(line, _)| !line.trim().is_empty());
    let (first_line, first_end) = lines.next()?;

    let mut date = None;
    let mut marker_words = 0;
    let (opening, opening_end) = match split_date_marker(first_line) {
        Some((marker_date, rest)) => {
            date = marker_date;
            marker_words = 2;
            if rest.trim().is_empty() {
                // Marker alone on its line: the opening is the next non-empty line.
                match lines.next() {
                    Some(next) => next,
                    None => ("", first_end),
                }
            } else {
                (rest, first_end)
            }
        }
        None => (first_line, first_end),
    };
    let opening = opening.trim();
    let opening_start = substr_offset(text, opening).unwrap_or(first_end);

    let (title, title_source, dateline, body_start) =
        if let Some((dateline, lead)) = split_dateline(opening) {
            let title = derive_title(lead);
            (
                title,
                TitleSource::LeadSentence,
                Some(dateline.to_owned()),
                opening_start,
            )
        } else if reads_as_paragraph(opening) {
            (
                derive_title(opening),
                TitleSource::LeadSentence,
                None,
                opening_start,
            )
        } else {
            (opening.to_owned(), TitleSource::Headline, None, opening_end)
        };
    let (title, title_source) = if title.trim().is_empty() {
        (String::new(), TitleSource::FileName)
    } else {
        (title, title_source)
    };
    Some(Layout {
        title,
        title_source,
        date,
        dateline,
        marker_words,
        body_start: body_start + bom_len,
    })
}

/// Byte offset of `part` inside `whole` when `part` is a slice of it.
fn substr_offset(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start <= whole.len()).then_some(start)
}

/// ` date 2024-04-17 rest…` → the date (None when not a real date) and the rest of the line.
pub fn split_date_marker(line: &str) -> Option<(Option<NaiveDate>, &str)> {
    let line = line.trim_start();
    let word = line.get(..4)?;
    if !word.eq_ignore_ascii_case("date") {
        return None;
    }
    let after = &line[4..];
    if !after.starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    let after = after.trim_start();
    let date_text = after.get(..10)?;
    let shape_ok = date_text.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shape_ok {
        return None;
    }
    let rest = &after[10..];
    if !(rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace())) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        date_text
            .as_bytes()
            .get(range)
            .unwrap_or_default()
            .iter()
            .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))
    };
    let year = i32::try_from(number(0..4)).unwrap_or_default();
    let date = NaiveDate::from_ymd_opt(year, number(5..7), number(8..10));
    Some((date, rest.trim_start()))
}

/// `BROOKLYN, N.Y. (CN) — Unwilling to …` → (`BROOKLYN, N.Y. (CN)`, `Unwilling to …`).
pub fn split_dateline(opening: &str) -> Option<(&str, &str)> {
    // A dateline is at most 60 characters, so only the start of the line is searched for the
    // separator: an em dash (spaced or not), or a spaced en dash, ` - ` or ` -- `.
    let bytes = opening.as_bytes();
    let window = bytes.get(..bytes.len().min(300)).unwrap_or_default();
    let spaced = |at: usize| at == 0 || bytes.get(at - 1) == Some(&b' ');
    let (cut, dash_len) = memchr::memchr2_iter(b'-', 0xe2, window).find_map(|pos| {
        if bytes.get(pos) == Some(&0xe2) {
            match bytes.get(pos + 1..pos + 3) {
                Some([0x80, 0x94]) => Some((pos, 3)),
                Some([0x80, 0x93]) if spaced(pos) && bytes.get(pos + 3) == Some(&b' ') => {
                    Some((pos, 3))
                }
                _ => None,
            }
        } else {
            let end = if bytes.get(pos + 1) == Some(&b'-') {
                pos + 2
            } else {
                pos + 1
            };
            (pos > 0 && spaced(pos) && bytes.get(end) == Some(&b' ')).then_some((pos, end - pos))
        }
    })?;
    let candidate = opening[..cut].trim();
    let lead = opening[cut + dash_len..].trim_start();
    if lead.is_empty() || candidate.chars().count() > 60 {
        return None;
    }
    let place = match candidate.rfind('(') {
        Some(open) if candidate.ends_with(')') => {
            let agency = &candidate[open + 1..candidate.len() - 1];
            if agency.is_empty() || agency.chars().count() > 30 {
                return None;
            }
            candidate[..open].trim_end()
        }
        _ => candidate,
    };
    let mut parts = place.split(',').map(str::trim);
    let city = parts.next()?;
    let letters = city.chars().filter(|c| c.is_alphabetic()).count();
    let city_ok = letters >= 2
        && city.chars().all(|c| {
            (c.is_alphabetic() && !c.is_lowercase()) || matches!(c, ' ' | '.' | '\'' | '’' | '-')
        });
    let rest_ok = parts.all(|part| {
        !part.is_empty()
            && part.chars().count() <= 24
            && part.chars().next().is_some_and(char::is_uppercase)
    });
    (city_ok && rest_ok).then_some((candidate, lead))
}

/// An opening reads as a paragraph (a lead) rather than a headline.
pub fn reads_as_paragraph(opening: &str) -> bool {
    if opening.chars().count() > HEADLINE_MAX_CHARS {
        return true;
    }
    let words = opening.split_whitespace().count();
    let body = opening.trim_end_matches(CLOSERS);
    if words >= 15 && body.ends_with('.') && !ends_with_abbreviation(body) {
        return true;
    }
    let first = first_sentence(opening);
    words >= 12 && first.len() < opening.len() && !opening[first.len()..].trim().is_empty()
}

/// Closing quotes and brackets that may follow a sentence's final mark.
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']'];

/// Words ending in a full stop that do not end a sentence (compared lower-case, without the
/// stop).
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gov", "sen", "rep", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "prof", "rev", "hon", "pres", "supt", "inc", "corp", "co", "ltd",
    "no", "vs", "v", "etc", "mt", "ft", "ave", "blvd", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "calif", "ariz", "fla", "mass", "wash", "penn",
    "conn", "ill", "mich", "minn", "tenn", "tex", "okla", "ore", "colo", "ga", "ky", "la", "md",
    "mo", "nev", "wis", "va", "approx", "dept", "est", "fig", "al", "e.g", "i.e",
];

/// The word before a final full stop is an abbreviation: listed, a single letter, or dotted
/// (`U.S`, `N.Y`, `a.m`).
fn ends_with_abbreviation(before_stop: &str) -> bool {
    last_word_is_abbreviation(before_stop.strip_suffix('.').unwrap_or(before_stop))
}

/// The last word of `text` (a full stop would follow it) is an abbreviation.
fn last_word_is_abbreviation(text: &str) -> bool {
    let word = text
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default()
        .trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[']);
    if word.is_empty() {
        return false;
    }
    if word.contains('.') || word.chars().count() == 1 {
        return true;
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// The first sentence of `text` (all of it when no sentence ends earlier), including its final
/// mark and any closing quote.
pub fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut from = 0;
    // Candidate ends: `.`, `!`, `?` and the first byte of `…` (E2 80 A6), found bytewise.
    while let Some(offset) = bytes.get(from..).and_then(|rest| {
        rest.iter()
            .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xe2))
    }) {
        let i = from + offset;
        from = i + 1;
        let c = match bytes.get(i) {
            Some(0xe2) if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xa6]) => '…',
            Some(0xe2) | None => continue,
            Some(&b) => char::from(b),
        };
        let mut end = i + c.len_utf8();
        for next in text.get(end..).unwrap_or_default().chars() {
            if CLOSERS.contains(&next) || (next == '.' && c == '.') {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        from = from.max(end);
        let rest = text.get(end..).unwrap_or_default();
        if rest.trim().is_empty() {
            return text;
        }
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let next_word_starts_sentence = rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || n.is_numeric() || "\"“‘'«(".contains(n));
        if !next_word_starts_sentence {
            continue;
        }
        let sentence = text.get(..end).unwrap_or(text);
        if c == '.' && ends_with_abbreviation(sentence.trim_end_matches(CLOSERS)) {
            continue;
        }
        return sentence;
    }
    text
}

/// A title from a lead: its first sentence, shortened at a word boundary to about
/// [`DERIVED_TITLE_CHARS`] characters with an ellipsis, without a final full stop.
pub fn derive_title(lead: &str) -> String {
    let sentence = first_sentence(lead.trim()).trim();
    let sentence = sentence
        .strip_suffix('.')
        .filter(|s| !last_word_is_abbreviation(s))
        .unwrap_or(sentence);
    shorten(sentence, DERIVED_TITLE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(text: &str) -> Layout {
        parse_layout(text).unwrap_or_else(|| panic!("no layout for {text:?}"))
    }

    #[test]
    fn shape_1_dated_headline() {
        let text = " date 2023-06-02 Harbour Bridge Closes for Repairs After Storm Damage\nThe bridge closed on Friday.\nTraffic was diverted.";
        let l = layout(text);
        assert_eq!(
            l.title,
            "Harbour Bridge Closes for Repairs After Storm Damage"
        );
        assert_eq!(l.title_source, TitleSource::Headline);
        assert_eq!(l.date, NaiveDate::from_ymd_opt(2023, 6, 2));
        assert_eq!(l.dateline, None);
        assert_eq!(l.marker_words, 2);
        assert_eq!(
            &text[l.body_start..],
            "The bridge closed on Friday.\nTraffic was diverted."
        );
    }

    #[test]
    fn shape_1_without_leading_space_and_a_colon_headline() {
        let l = layout("date 2021-01-05 REJECTED: Council Turns Down Ferry Plan\nBody.");
        assert_eq!(l.title, "REJECTED: Council Turns Down Ferry Plan");
        assert_eq!(l.date, NaiveDate::from_ymd_opt(2021, 1, 5));
    }

    #[test]
    fn shape_2_dateline_lead_gives_a_derived_title_and_keeps_the_dateline() {
        let text = " date 2019-03-14 PORTLAND, Ore. (AP) — A federal judge in the U.S. refused Thursday to release the harbor pilot accused of steering a tanker into the Willow Street pier, citing the risk that he would flee.\n\nMore text.";
        let l = layout(text);
        assert_eq!(l.dateline.as_deref(), Some("PORTLAND, Ore. (AP)"));
        assert_eq!(l.title_source, TitleSource::LeadSentence);
        assert!(
            l.title
                .starts_with("A federal judge in the U.S. refused Thursday"),
            "{}",
            l.title
        );
        assert!(l.title.ends_with('…'), "{}", l.title);
        assert!(l.title.chars().count() <= DERIVED_TITLE_CHARS + 1);
        assert!(text[l.body_start..].starts_with("PORTLAND, Ore. (AP) — A federal judge"));
    }

    #[test]
    fn dateline_with_dotted_state_and_em_dash_without_spaces() {
        assert_eq!(
            split_dateline("BROOKLYN, N.Y. (CN)—The jury returned."),
            Some(("BROOKLYN, N.Y. (CN)", "The jury returned."))
        );
        assert_eq!(
            split_dateline("PARIS — Rain fell."),
            Some(("PARIS", "Rain fell."))
        );
        assert_eq!(
            split_dateline("SÃO PAULO (Reuters) - Markets rose."),
            Some(("SÃO PAULO (Reuters)", "Markets rose."))
        );
    }

    #[test]
    fn headlines_with_dashes_are_not_datelines() {
        assert_eq!(
            split_dateline("Storm Hits Coast — Thousands Without Power"),
            None
        );
        assert_eq!(split_dateline("Q&A - What the New Rules Mean"), None);
        assert_eq!(split_dateline("UPDATE 2 - Port reopens"), None);
    }

    #[test]
    fn shape_3_undated_headline_then_paragraphs() {
        let text = "Lighthouse Keeper Retires After Forty Years\n\nShe climbed the stairs every night.\n\nNow she rests.";
        let l = layout(text);
        assert_eq!(l.title, "Lighthouse Keeper Retires After Forty Years");
        assert_eq!(l.title_source, TitleSource::Headline);
        assert_eq!(l.date, None);
        assert_eq!(l.marker_words, 0);
        assert!(text[l.body_start..].trim_start().starts_with("She climbed"));
    }

    #[test]
    fn a_file_opening_with_a_long_paragraph_gets_a_derived_title() {
        let text = "The regional water board met on Tuesday evening to discuss the drought, and after four hours of debate it voted to restrict garden watering to two days a week. Farmers objected.\nMore.";
        let l = layout(text);
        assert_eq!(l.title_source, TitleSource::LeadSentence);
        assert!(
            l.title
                .starts_with("The regional water board met on Tuesday evening")
        );
        assert!(l.title.ends_with('…'));
        assert_eq!(l.body_start, 0);
    }

    #[test]
    fn a_short_first_sentence_becomes_the_whole_title_without_its_full_stop() {
        let text = "Rain fell on the valley for the ninth straight day on Monday. Rivers rose above the flood marks set in 1987 and schools closed.";
        let l = layout(text);
        assert_eq!(
            l.title,
            "Rain fell on the valley for the ninth straight day on Monday"
        );
        assert_eq!(l.title_source, TitleSource::LeadSentence);
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert_eq!(
            first_sentence("Mr. Vance met U.S. officials in N.Y. on Monday. They talked."),
            "Mr. Vance met U.S. officials in N.Y. on Monday."
        );
        assert_eq!(
            first_sentence("J. R. Osei spoke. Then left."),
            "J. R. Osei spoke."
        );
        assert_eq!(
            first_sentence("It ended at 3 p.m. when police came."),
            "It ended at 3 p.m. when police came."
        );
        assert_eq!(first_sentence("“We won.” The crowd cheered."), "“We won.”");
    }

    #[test]
    fn short_headline_ending_in_question_mark_is_a_headline() {
        let l = layout("Will the Dam Hold?\n\nEngineers are not sure.");
        assert_eq!(l.title, "Will the Dam Hold?");
        assert_eq!(l.title_source, TitleSource::Headline);
    }

    #[test]
    fn marker_alone_on_its_line_takes_the_next_line_as_headline() {
        let text = "date 2020-02-29\n\nLeap Day Wedding Draws Crowd\nBody here.";
        let l = layout(text);
        assert_eq!(l.date, NaiveDate::from_ymd_opt(2020, 2, 29));
        assert_eq!(l.title, "Leap Day Wedding Draws Crowd");
        assert_eq!(&text[l.body_start..], "Body here.");
    }

    #[test]
    fn impossible_date_is_removed_and_leaves_the_article_undated() {
        let l = layout(" date 2023-02-30 Ghost Date Story\nBody.");
        assert_eq!(l.date, None);
        assert_eq!(l.title, "Ghost Date Story");
        assert_eq!(l.marker_words, 2);
    }

    #[test]
    fn date_word_in_a_headline_is_not_a_marker() {
        assert_eq!(
            split_date_marker("Date Night Returns to the Old Cinema"),
            None
        );
        assert_eq!(split_date_marker("date 2024-1-5 x"), None);
        assert_eq!(split_date_marker("dated 2024-01-05 x"), None);
    }

    #[test]
    fn crlf_and_cr_line_endings() {
        let crlf = layout("Tide Tables Change\r\n\r\nBody line.\r\n");
        assert_eq!(crlf.title, "Tide Tables Change");
        let cr = "Tide Tables Change\rBody line.\r";
        let l = layout(cr);
        assert_eq!(l.title, "Tide Tables Change");
        assert_eq!(&cr[l.body_start..], "Body line.\r");
    }

    #[test]
    fn whitespace_only_has_no_layout() {
        assert_eq!(parse_layout(" \n\t\r\n "), None);
        assert_eq!(parse_layout(""), None);
    }

    #[test]
    fn unicode_is_kept_exactly() {
        let l = layout("Café Owner’s “Last Stand” — Ends\u{a0}Quietly\nBody.");
        assert_eq!(l.title, "Café Owner’s “Last Stand” — Ends\u{a0}Quietly");
    }
}
