//! LexisNexis text batch exports (the "legacy" `.txt` delivery): many articles in one file.
//!
//! ```text
//!                               1 of 25 DOCUMENTS
//!
//!                              The Saltmarsh Courier          ← outlet (indented)
//!                             January 11, 2010 Monday         ← date
//!                                  Final Edition              ← edition
//!
//! KESTREL NARROWS BRIDGE PASSES FIRST CHECK                  ← headline (may wrap)
//!
//! BYLINE: Gideon Pell                                        ← labelled fields
//! SECTION: NEWS; Pg. A3
//! LENGTH: 194 words
//!
//! The body…
//!
//! LOAD-DATE: January 12, 2010                                ← trailing labelled fields
//! LANGUAGE: ENGLISH
//! ```
//!
//! Text before the first `N of M DOCUMENTS` line (the request's cover block) is not an
//! article. Each document's byte span lets the reader read that one document again.

use std::fs::File;

use super::body::{ArticleBody, BodyError, RecordBytes, read_span, record_body};
use super::dates::parse_date;
use super::fields::{Fields, Origin};
use crate::corpus::article::{Article, ByteSpan, FormatKind};
use crate::corpus::scan::decode::TextFile;
use crate::corpus::scan::sink::{ArticleSink, FileInfo, SkipReason};
use crate::corpus::text::lines_with_ends;

/// Labels that come between the headline and the body, in the languages of the exports
/// (English, German, French).
const LEADING_LABELS: [&str; 13] = [
    "BYLINE",
    "SECTION",
    "LENGTH",
    "DATELINE",
    "HIGHLIGHT",
    "ABSTRACT",
    "SOURCE",
    "EDITION",
    "SERIES",
    "AUTOR",
    "RUBRIK",
    "LÄNGE",
    "LONGUEUR",
];

/// Labels that name the author, in the languages of the exports.
const AUTHOR_LABELS: [&str; 2] = ["BYLINE", "AUTOR"];

/// Labels that name the language, in the languages of the exports.
const LANGUAGE_LABELS: [&str; 3] = ["LANGUAGE", "SPRACHE", "LANGUE"];

/// Words that name an edition in a header line (`Final Edition`, `Ausgabe 1`, `Édition`).
const EDITION_WORDS: [&str; 3] = ["edition", "ausgabe", "édition"];

/// The document line: `N of M DOCUMENTS` (or `DOCUMENT`), `Dokument N von M` (German),
/// `Document N de M` (French), `Documento N de M`: the numbers.
fn marker(line: &str) -> Option<(u32, u32)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = |i: usize| words.get(i).and_then(|w| w.parse::<u32>().ok());
    match words.as_slice() {
        [_, of, _, documents]
            if of.eq_ignore_ascii_case("of")
                && (documents.eq_ignore_ascii_case("documents")
                    || documents.eq_ignore_ascii_case("document")) =>
        {
            Some((number(0)?, number(2)?))
        }
        [document, _, of, _]
            if matches!(*document, "Dokument" | "Document" | "Documento")
                && matches!(*of, "von" | "de") =>
        {
            Some((number(1)?, number(3)?))
        }
        _ => None,
    }
}

/// Whether the text is a LexisNexis batch: a line `1 of M DOCUMENTS` (or its German or French
/// form).
pub(crate) fn is_batch(text: &str) -> bool {
    // The searchers are made once: making them for every file cost more than the searches.
    static WORDS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| {
            [&b"DOCUMENT"[..], b"Dokument", b"Document"].map(memchr::memmem::Finder::new)
        });
    let bytes = text.as_bytes();
    let mentioned = WORDS.iter().any(|word| word.find(bytes).is_some());
    mentioned && lines_with_ends(text).any(|(line, _)| marker(line).is_some_and(|(n, _)| n == 1))
}

/// A labelled paragraph: `SECTION: NEWS; Pg. A3` → (`SECTION`, `NEWS; Pg. A3`); the label is
/// upper case in any script (`LÄNGE:`).
fn label(paragraph: &str) -> Option<(&str, &str)> {
    let (name, value) = paragraph.split_once(':')?;
    let ok = (2..=30).contains(&name.chars().count())
        && name.starts_with(char::is_uppercase)
        && name
            .chars()
            .all(|c| c.is_uppercase() || c == '-' || c == ' ');
    ok.then(|| (name, value.trim()))
}

/// A header line that names an edition (`Final Edition`, `3 Star Edition`, `Ausgabe 1`).
fn names_edition(line: &str) -> bool {
    let lower = line.to_lowercase();
    EDITION_WORDS.iter().any(|word| lower.contains(word))
}

fn indented(line: &str) -> bool {
    line.starts_with("  ") || line.starts_with('\t')
}

/// A paragraph: its lines joined, and its byte range in the document's text.
struct Paragraph<'a> {
    lines: Vec<&'a str>,
    start: usize,
    end: usize,
}

impl<'a> Paragraph<'a> {
    fn first_line(&self) -> &'a str {
        self.lines.first().copied().unwrap_or_default()
    }

    fn joined(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The paragraphs (runs of non-blank lines) of `text` after `from`.
fn paragraphs(text: &str, from: usize) -> Vec<Paragraph<'_>> {
    let mut out: Vec<Paragraph<'_>> = Vec::new();
    let mut start = from;
    let mut open = false;
    for (line, end) in lines_with_ends(text.get(from..).unwrap_or_default()) {
        let line_start = start;
        start = from + end;
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        let line_end = line_start + line.len();
        match out.last_mut() {
            Some(last) if open => {
                last.lines.push(line);
                last.end = line_end;
            }
            _ => out.push(Paragraph {
                lines: vec![line],
                start: line_start,
                end: line_end,
            }),
        }
        open = true;
    }
    out
}

/// The fields of one document (its text starts at its marker line).
fn parse_document(text: &str, keep_extra: bool) -> Fields {
    let mut fields = Fields::default();
    let after_marker = lines_with_ends(text).next().map_or(0, |(_, end)| end);
    let all = paragraphs(text, after_marker);
    let (header, next) = header_of(&all);
    set_header_fields(&mut fields, &header, keep_extra);
    let rest = all.get(next..).unwrap_or_default();
    let mut index = 0;
    // The headline: the first paragraph, unless it is already a label.
    if let Some(first) = rest.first()
        && label(first.first_line()).is_none_or(|(name, _)| !LEADING_LABELS.contains(&name))
    {
        fields.set("title", first.joined(), keep_extra);
        index = 1;
    }
    let (index, body_start) = set_leading_fields(&mut fields, rest, index, keep_extra);
    let body = rest.get(index..).unwrap_or_default();
    let trailer_at = trailer_start(body);
    let text_range = match (
        body_start,
        body.first(),
        body.get(..trailer_at).and_then(<[_]>::last),
    ) {
        (Some(start), _, Some(last)) => start..last.end,
        (Some(start), _, None) => start..start,
        (None, Some(first), Some(last)) => first.start..last.end,
        _ => 0..0,
    };
    fields.text = text.get(text_range).unwrap_or_default().to_owned();
    set_trailing_fields(
        &mut fields,
        body.get(trailer_at..).unwrap_or_default(),
        keep_extra,
    );
    fields
}

/// The header's lines (outlet, date, edition, copyright, before the headline) and the number
/// of paragraphs they take.
fn header_of<'a>(all: &[Paragraph<'a>]) -> (Vec<&'a str>, usize) {
    // Indented lines, when the export indents them.
    let mut header: Vec<&str> = Vec::new();
    let mut next = 0;
    for paragraph in all {
        if !paragraph.lines.iter().all(|l| indented(l)) {
            break;
        }
        header.extend(paragraph.lines.iter().map(|l| l.trim()));
        next += 1;
    }
    if header.is_empty() {
        // No indentation: the outlet, the date line, then edition lines (`Edition 1;` may go
        // on in the next line: `Scotland`).
        let edition = |line: &str, before: Option<&&str>| {
            names_edition(line) || before.is_some_and(|b| b.ends_with(';'))
        };
        for (i, paragraph) in all.iter().enumerate() {
            if i >= 2 && !edition(paragraph.first_line(), header.last()) {
                break;
            }
            for (j, line) in paragraph.lines.iter().enumerate() {
                if (i >= 2 || j > 0) && !edition(line, header.last()) {
                    break;
                }
                header.push(line.trim());
            }
            next += 1;
        }
    }
    (header, next)
}

/// The outlet, the date, an edition and a copyright line, from the header.
fn set_header_fields(fields: &mut Fields, header: &[&str], keep_extra: bool) {
    // `Edition 1;` and the line after it are one edition: `Edition 1; Scotland`.
    let mut joined: Vec<String> = Vec::with_capacity(header.len());
    for line in header {
        match joined.last_mut() {
            Some(last) if last.ends_with(';') => {
                last.push(' ');
                last.push_str(line);
            }
            _ => joined.push((*line).to_owned()),
        }
    }
    let header: Vec<&str> = joined.iter().map(String::as_str).collect();
    let date_at = header
        .iter()
        .position(|line| matches!(parse_date(line), Ok(Some(_))));
    let mut outlet_done = false;
    for (i, line) in header.iter().enumerate() {
        let copyright = line.starts_with("Copyright") || line.starts_with('©');
        if Some(i) == date_at {
            fields.set("date", (*line).to_owned(), keep_extra);
        } else if copyright {
            fields.set("Copyright", (*line).to_owned(), keep_extra);
        } else if !outlet_done {
            fields.set("outlet", (*line).to_owned(), keep_extra);
            outlet_done = true;
            if date_at.is_none() {
                // The line after the outlet is where the date should be: keep it so the
                // article records why it is undated.
                if let Some(candidate) = header.get(i + 1) {
                    fields.set("date", (*candidate).to_owned(), false);
                }
            }
        } else {
            fields.set("Edition", (*line).to_owned(), keep_extra);
        }
    }
}

/// The labelled fields between the headline and the body, from paragraph `index` of `rest`;
/// returns where the body's paragraphs start and, after a `BODY:` label, where its text does.
fn set_leading_fields(
    fields: &mut Fields,
    rest: &[Paragraph<'_>],
    mut index: usize,
    keep_extra: bool,
) -> (usize, Option<usize>) {
    while let Some(paragraph) = rest.get(index) {
        let Some((name, _)) = label(paragraph.first_line()) else {
            break;
        };
        if name == "BODY" {
            // `BODY:` opens the text; what follows the label on its line is text.
            let label_len = paragraph.first_line().find(':').map_or(0, |c| c + 1);
            return (index, Some(paragraph.start + label_len));
        }
        if !LEADING_LABELS.contains(&name) {
            break;
        }
        let value = paragraph.joined();
        let value = value
            .split_once(':')
            .map_or(value.as_str(), |(_, v)| v.trim());
        if AUTHOR_LABELS.contains(&name) {
            fields.set("byline", value.to_owned(), keep_extra);
        } else {
            fields.set(&title_case(name), value.to_owned(), keep_extra);
        }
        index += 1;
    }
    (index, None)
}

/// Where the trailing fields start: the first paragraph after which every paragraph is
/// labelled or a copyright notice.
fn trailer_start(body: &[Paragraph<'_>]) -> usize {
    let is_trailer = |p: &Paragraph<'_>| {
        let first = p.first_line().trim();
        label(first).is_some()
            || first.starts_with("Copyright")
            || first.starts_with('©')
            || first.starts_with("All Rights Reserved")
    };
    let mut trailer_at = body.len();
    while trailer_at > 0 && body.get(trailer_at - 1).is_some_and(is_trailer) {
        trailer_at -= 1;
    }
    trailer_at
}

/// The labelled fields and copyright notices after the body.
fn set_trailing_fields(fields: &mut Fields, trailer: &[Paragraph<'_>], keep_extra: bool) {
    for paragraph in trailer {
        match label(paragraph.first_line()) {
            Some((name, _)) => {
                let joined = paragraph.joined();
                let value = joined.split_once(':').map_or("", |(_, v)| v.trim());
                if LANGUAGE_LABELS.contains(&name) {
                    fields.set("language", value.to_owned(), keep_extra);
                } else {
                    fields.set(&title_case(name), value.to_owned(), keep_extra);
                }
            }
            None => fields.set("Copyright", paragraph.joined(), keep_extra),
        }
    }
}

/// `LOAD-DATE` → `Load-Date`.
fn title_case(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut upper = true;
    for c in label.chars() {
        if upper {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        upper = !c.is_alphanumeric();
    }
    out
}

/// Split a batch into its documents.
pub(crate) fn read(
    file: &TextFile<'_>,
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    let mut starts: Vec<(usize, (u32, u32))> = Vec::new();
    let mut line_start = 0;
    for (line, end) in lines_with_ends(file.text) {
        if let Some(numbers) = marker(line) {
            starts.push((line_start, numbers));
        }
        line_start = end;
    }
    let mut offsets: Vec<usize> = starts.iter().map(|(start, _)| *start).collect();
    offsets.push(file.text.len());
    let bytes = file.byte_offsets(&offsets);
    let mut any = false;
    for (i, (start, (n, m))) in starts.iter().enumerate() {
        let end = offsets.get(i + 1).copied().unwrap_or(file.text.len());
        let document = file.text.get(*start..end).unwrap_or_default();
        let (Some(&byte_start), Some(&byte_end)) = (bytes.get(i), bytes.get(i + 1)) else {
            continue;
        };
        let fields = parse_document(document, false);
        let title = super::fields::fallback_title(info, Some(*n as usize));
        let origin = Origin {
            info,
            format: FormatKind::LexisNexis,
            span: Some(ByteSpan {
                start: byte_start,
                len: byte_end - byte_start,
            }),
            size_bytes: file.size_bytes,
            encoding: file.encoding,
            had_bom: file.bom_len > 0,
            fallback_title: &title,
        };
        match fields.to_article(&origin) {
            Ok(article) => {
                any = true;
                // The body as `load_body` gives it, but for its line breaks: the same words.
                out.article_with_body(article, &fields.text);
            }
            Err(problem) => out.bad_record(format!("document {n} of {m}"), problem),
        }
    }
    if any {
        Ok(())
    } else {
        Err(SkipReason::NoArticles)
    }
}

/// Read one document again.
pub(crate) fn load_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let RecordBytes {
        bytes,
        changed_since_scan: changed,
    } = read_span(file, article)?;
    let bom_len = encoding_rs::Encoding::for_bom(&bytes).map_or(0, |(_, len)| len);
    let text = crate::corpus::scan::decode::decode(&bytes, article.encoding, bom_len, true);
    let fields = parse_document(&text, true);
    Ok(record_body(fields, max_bytes, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "                              2 of 9 DOCUMENTS\r\n\r\n\
        \x20                  The Courier\r\n\r\n\
        \x20              March 3, 2011 Thursday 2:15 PM GMT\r\n\
        \x20                  Final Edition\r\n\r\n\
        HAKE LANDINGS REACH\r\nTEN-YEAR HIGH\r\n\r\n\
        BYLINE: Ana Ruiz\r\n\r\nSECTION: MARKETS; Pg. 12\r\n\r\nLENGTH: 9 words\r\n\r\n\
        GREYHAVEN: Landings rose.\r\n\r\nPrices: fell a little.\r\n\r\n\
        LOAD-DATE: March 4, 2011\r\n\r\nLANGUAGE: ENGLISH\r\n\r\n\
        \x20       Copyright 2011 The Courier\r\n";

    #[test]
    fn markers_and_labels() {
        assert_eq!(marker("   1 of 4 DOCUMENTS  "), Some((1, 4)));
        assert_eq!(marker("1 of 1 DOCUMENT"), Some((1, 1)));
        assert_eq!(marker("1 of 4 documents were found"), None);
        assert_eq!(label("LOAD-DATE: May 5"), Some(("LOAD-DATE", "May 5")));
        assert_eq!(label("Prices: fell"), None);
        assert_eq!(title_case("LOAD-DATE"), "Load-Date");
    }

    #[test]
    fn a_document_s_fields_and_body() {
        let fields = parse_document(DOC, true);
        assert_eq!(
            fields.title.as_deref(),
            Some("HAKE LANDINGS REACH TEN-YEAR HIGH")
        );
        assert_eq!(fields.outlet.as_deref(), Some("The Courier"));
        assert_eq!(
            fields.date.as_deref(),
            Some("March 3, 2011 Thursday 2:15 PM GMT")
        );
        assert_eq!(fields.authors, ["Ana Ruiz"]);
        assert_eq!(fields.language.as_deref(), Some("ENGLISH"));
        assert_eq!(
            fields.text,
            "GREYHAVEN: Landings rose.\r\n\r\nPrices: fell a little."
        );
        let names: Vec<&str> = fields.extra.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["Edition", "Section", "Length", "Load-Date", "Copyright"]
        );
    }

    #[test]
    fn no_indentation_no_byline_and_an_unreadable_date() {
        let doc = "1 of 1 DOCUMENT\n\nThe Courier\n\nSummer 2011\n\nHeadline\n\nText here.\n";
        let fields = parse_document(doc, false);
        assert_eq!(fields.title.as_deref(), Some("Headline"));
        assert_eq!(fields.outlet.as_deref(), Some("The Courier"));
        assert_eq!(fields.text, "Text here.");
        assert!(fields.authors.is_empty());
        // Nothing here is a date: none is guessed.
        assert!(
            fields
                .date
                .as_deref()
                .is_none_or(|d| parse_date(d).is_err()),
            "{fields:?}"
        );
    }
}
