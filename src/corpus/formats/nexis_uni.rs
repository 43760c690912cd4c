//! Nexis Uni Word exports (`.docx`): many articles in one document.
//!
//! The document (`word/document.xml` inside the zip package) is read as a stream of
//! paragraphs with the `zip` and `quick-xml` crates. Per article, Nexis Uni writes:
//!
//! ```text
//! Seafood Truckers Brace for a Weight Limit     ← headline
//! Valley Wire                                   ← outlet
//! May 4, 2017 Thursday                          ← date
//! Copyright 2017 Valley Wire Media
//! Section: NEWS; Pg. 4                          ← labels (a no-break space may follow the colon)
//! Length: 182 words
//! Byline: Adaeze Fairlie
//! Body
//! The text…
//! Classification / Language: ENGLISH / Load-Date: May 5, 2017
//! End of Document
//! ```
//!
//! A cover page comes first and is not an article: the date and time of the request, a job
//! number, `Documents (10)`, the numbered list of titles, `Client/Matter:`, `Search Terms:`,
//! `Search Type:`, `Narrowed by`, content types and sources, some of them in the language of
//! the user's interface (`Quellen:`). An article starts after the last section or page break
//! before its `Body` line (Nexis Uni starts each document in a section of its own); where no
//! break was written, it starts after the last line of a cover page, recognised by two or more
//! of its labels (English or German), never one alone. Each article's span is a byte range of
//! the uncompressed `word/document.xml`, so the reader parses only that part again.

use std::fs::File;
use std::io::{BufReader, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::body::{ArticleBody, BodyError, is_as_scanned, record_body};
use super::dates::parse_date;
use super::fields::{Fields, Origin};
use crate::corpus::article::{Article, ByteSpan, FormatKind};
use crate::corpus::scan::sink::{ArticleSink, FileInfo, SkipReason};

/// The part of the package that holds the text.
const DOCUMENT_PART: &str = "word/document.xml";

/// The uncompressed document is read up to this size (a guard against zip bombs).
const DOCUMENT_MAX_BYTES: u64 = 1024 * 1024 * 1024;

/// Labels of the article's head (English, German, French).
const HEAD_LABELS: [&str; 12] = [
    "section",
    "length",
    "byline",
    "dateline",
    "highlight",
    "edition",
    "rubrik",
    "länge",
    "autor",
    "rubrique",
    "longueur",
    "auteur",
];

/// Head labels that name the author.
const AUTHOR_LABELS: [&str; 4] = ["byline", "author", "autor", "auteur"];

/// Tail labels that name the language.
const LANGUAGE_LABELS: [&str; 3] = ["language", "sprache", "langue"];

/// How the lines of a cover page start (lower-cased), in English and German.
const COVER_LABELS: [&str; 19] = [
    "date and time:",
    "job number:",
    "documents (",
    "client/matter:",
    "search terms:",
    "search type:",
    "narrowed by",
    "content type",
    "sources:",
    "datum und uhrzeit:",
    "auftragsnummer:",
    "dokumente (",
    "mandant/projekt:",
    "suchbegriffe:",
    "suchart:",
    "suchtyp:",
    "eingegrenzt durch",
    "inhaltstyp",
    "quellen:",
];

/// One paragraph of the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Paragraph {
    /// Byte range in the uncompressed document.
    start: u64,
    end: u64,
    /// Its text (runs joined; tabs and line breaks kept).
    text: String,
    /// A new page follows it: it holds a page break, or ends a section.
    page_break: bool,
    /// It starts on a new page (`pageBreakBefore`).
    new_page: bool,
}

/// A paragraph keeps at most this much text (memory stays bounded on a hostile document).
const PARAGRAPH_MAX_BYTES: usize = 16 * 1024 * 1024;

/// An article's paragraphs are held until its `End of Document` up to this much text; a longer
/// stretch without one is reported and dropped.
const ARTICLE_MAX_BYTES: usize = 64 * 1024 * 1024;

fn push_text(paragraph: &mut Paragraph, text: &str) {
    if paragraph.text.len() + text.len() <= PARAGRAPH_MAX_BYTES {
        paragraph.text.push_str(text);
    }
}

/// A self-closing element inside a paragraph: a tab, a line break or a page break.
fn on_empty_element(paragraph: &mut Paragraph, element: &BytesStart<'_>) {
    match element.local_name().as_ref() {
        b"pageBreakBefore" => {
            let off = element
                .try_get_attribute("w:val")
                .ok()
                .flatten()
                .is_some_and(|a| matches!(a.value.as_ref(), b"0" | b"false" | b"off"));
            paragraph.new_page = !off;
        }
        b"sectPr" => paragraph.page_break = true,
        b"tab" => paragraph.text.push('\t'),
        b"cr" => paragraph.text.push('\n'),
        b"br" => {
            let page = element
                .try_get_attribute("w:type")
                .ok()
                .flatten()
                .is_some_and(|a| a.value.as_ref() == b"page");
            if page {
                paragraph.page_break = true;
            } else {
                paragraph.text.push('\n');
            }
        }
        _ => {}
    }
}

/// A character or entity reference inside a run of text.
fn on_reference(paragraph: &mut Paragraph, reference: &BytesRef<'_>) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        paragraph.text.push(c);
    } else if let Ok(name) = reference.decode()
        && let Some(text) = quick_xml::escape::resolve_predefined_entity(&name)
    {
        paragraph.text.push_str(text);
    }
}

/// Read the paragraphs of an XML stream, calling `found` for each; it returns false to stop.
fn paragraphs(
    input: impl Read,
    offset: u64,
    found: &mut dyn FnMut(Paragraph) -> bool,
) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, input));
    // An article's part of the document is a fragment: it may close elements (a table cell)
    // opened before it.
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let mut buffer = Vec::new();
    let mut current: Option<Paragraph> = None;
    let mut in_text = false;
    loop {
        let before = reader.buffer_position();
        buffer.clear();
        let event = reader.read_event_into(&mut buffer).map_err(|e| {
            format!(
                "the document's XML is broken at byte {}: {e}",
                offset + before
            )
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"p" => {
                    current = Some(Paragraph {
                        start: offset + before,
                        ..Paragraph::default()
                    });
                }
                b"t" => in_text = true,
                // A paragraph's section properties end a section: the next one starts a page.
                b"sectPr" => {
                    if let Some(paragraph) = current.as_mut() {
                        paragraph.page_break = true;
                    }
                }
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"p" => {
                let empty = Paragraph {
                    start: offset + before,
                    end: offset + reader.buffer_position(),
                    ..Paragraph::default()
                };
                if !found(empty) {
                    return Ok(());
                }
            }
            Event::Empty(e) => {
                if let Some(paragraph) = current.as_mut() {
                    on_empty_element(paragraph, &e);
                }
            }
            Event::Text(text) if in_text => {
                if let (Some(paragraph), Ok(text)) = (current.as_mut(), text.decode()) {
                    push_text(paragraph, &text);
                }
            }
            Event::GeneralRef(reference) if in_text => {
                if let Some(paragraph) = current.as_mut() {
                    on_reference(paragraph, &reference);
                }
            }
            Event::CData(data) if in_text => {
                if let (Some(paragraph), Ok(text)) = (current.as_mut(), data.decode()) {
                    push_text(paragraph, &text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    if let Some(mut paragraph) = current.take() {
                        paragraph.end = offset + reader.buffer_position();
                        if !found(paragraph) {
                            return Ok(());
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// `Length: 182 words` (with a normal or no-break space) → (`Length`, `182 words`), for the
/// labels Nexis Uni writes.
fn label(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.trim().split_once(':')?;
    let name = name.trim();
    let lower = name.to_lowercase();
    let known = HEAD_LABELS
        .iter()
        .chain(&TAIL_LABELS)
        .chain(&AUTHOR_LABELS)
        .chain(&LANGUAGE_LABELS)
        .any(|l| *l == lower);
    known.then(|| (name, value.trim()))
}

/// Where an article's head starts: after the last section or page break before its `Body`
/// line (`body_at`), and after a cover page that no break ended.
fn head_start(paragraphs: &[Paragraph], body_at: usize) -> usize {
    let before_body = paragraphs.get(..body_at).unwrap_or_default();
    let after_break = before_body
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            if p.page_break {
                Some(i + 1)
            } else {
                p.new_page.then_some(i)
            }
        })
        .max()
        .unwrap_or(0);
    after_cover(before_body, after_break)
}

/// After the last line of a cover page in `paragraphs[from..]`, when at least two different
/// cover labels are there (one alone could be an article's own line); else `from`.
fn after_cover(paragraphs: &[Paragraph], from: usize) -> usize {
    let mut labels_seen: Vec<&str> = Vec::new();
    let mut last = None;
    for (i, paragraph) in paragraphs.iter().enumerate().skip(from) {
        let text = paragraph.text.trim().to_lowercase();
        if let Some(label) = COVER_LABELS.iter().find(|l| text.starts_with(*l)) {
            if !labels_seen.contains(label) {
                labels_seen.push(label);
            }
            last = Some(i);
        }
    }
    match last {
        Some(last) if labels_seen.len() >= 2 => last + 1,
        _ => from,
    }
}

/// Labels after the body.
const TAIL_LABELS: [&str; 14] = [
    "language",
    "load-date",
    "publication-type",
    "subject",
    "industry",
    "geographic",
    "organization",
    "person",
    "company",
    "ticker",
    "graphic",
    "notes",
    "document-type",
    "journal-code",
];

fn is_copyright(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("Copyright") || text.starts_with('©')
}

/// The fields of one article's paragraphs (the last one is its `End of Document`).
fn parse_article(paragraphs: &[Paragraph], keep_extra: bool) -> Result<(Fields, usize), String> {
    let body_at = paragraphs
        .iter()
        .position(|p| p.text.trim() == "Body")
        .ok_or_else(|| "no “Body” line".to_owned())?;
    let start = head_start(paragraphs, body_at);
    let head: Vec<&str> = paragraphs
        .get(start..body_at)
        .unwrap_or_default()
        .iter()
        .map(|p| p.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let labels_at = head
        .iter()
        .position(|t| label(t).is_some() || is_copyright(t))
        .unwrap_or(head.len());
    let top = head.get(..labels_at).unwrap_or_default();
    let mut fields = Fields::default();
    set_top_fields(&mut fields, top, keep_extra);
    for line in head.get(labels_at..).unwrap_or_default() {
        match label(line) {
            Some((name, value)) if AUTHOR_LABELS.contains(&name.to_lowercase().as_str()) => {
                fields.set("byline", value.to_owned(), keep_extra);
            }
            Some((name, value)) => fields.set(name, value.to_owned(), keep_extra),
            None if is_copyright(line) => fields.set("Copyright", (*line).to_owned(), keep_extra),
            None => fields.set("Note", (*line).to_owned(), keep_extra),
        }
    }
    // The body ends at `Classification`, or where only labels follow.
    set_body_and_tail(
        &mut fields,
        paragraphs.get(body_at + 1..).unwrap_or_default(),
        keep_extra,
    );
    Ok((fields, start))
}

/// The headline, outlet, date and edition lines above the labels.
fn set_top_fields(fields: &mut Fields, top: &[&str], keep_extra: bool) {
    let date_at = top
        .iter()
        .skip(1)
        .position(|t| matches!(parse_date(t), Ok(Some(_))))
        .map(|i| i + 1);
    match date_at {
        Some(date_at) => {
            let (headline, outlet) = if date_at >= 2 {
                (
                    top.get(..date_at - 1).unwrap_or_default().join(" "),
                    top.get(date_at - 1),
                )
            } else {
                (top.first().copied().unwrap_or_default().to_owned(), None)
            };
            fields.set("title", headline, keep_extra);
            if let Some(outlet) = outlet {
                fields.set("outlet", (*outlet).to_owned(), keep_extra);
            }
            if let Some(date) = top.get(date_at) {
                fields.set("date", (*date).to_owned(), keep_extra);
            }
            for edition in top.get(date_at + 1..).unwrap_or_default() {
                fields.set("Edition", (*edition).to_owned(), keep_extra);
            }
        }
        None => {
            // No line reads as a date: headline, outlet, and the line where the date should
            // be (kept so the article says why it is undated).
            let mut lines = top.iter();
            if let Some(title) = lines.next() {
                fields.set("title", (*title).to_owned(), keep_extra);
            }
            if let Some(outlet) = lines.next() {
                fields.set("outlet", (*outlet).to_owned(), keep_extra);
            }
            if let Some(date) = lines.next() {
                fields.set("date", (*date).to_owned(), false);
            }
        }
    }
}

/// The body, up to `Classification` or to where only labels follow, and the labelled fields
/// after it.
fn set_body_and_tail(fields: &mut Fields, rest: &[Paragraph], keep_extra: bool) {
    let rest = match rest.last() {
        Some(last) if last.text.trim() == "End of Document" => {
            rest.get(..rest.len() - 1).unwrap_or_default()
        }
        _ => rest,
    };
    let is_tail = |p: &Paragraph| {
        let text = p.text.trim();
        text.is_empty() || label(text).is_some() || text == "Classification" || text == "Graphic"
    };
    let mut tail_at = rest
        .iter()
        .position(|p| p.text.trim() == "Classification")
        .unwrap_or(rest.len());
    while tail_at > 0 && rest.get(tail_at - 1).is_some_and(is_tail) {
        tail_at -= 1;
    }
    let text: Vec<&str> = rest
        .get(..tail_at)
        .unwrap_or_default()
        .iter()
        .map(|p| p.text.trim_end())
        .filter(|t| !t.trim().is_empty())
        .collect();
    fields.text = text.join("\n\n");
    for paragraph in rest.get(tail_at..).unwrap_or_default() {
        if let Some((name, value)) = label(&paragraph.text) {
            if LANGUAGE_LABELS.contains(&name.to_lowercase().as_str()) {
                fields.set("language", value.to_owned(), keep_extra);
            } else {
                fields.set(name, value.to_owned(), keep_extra);
            }
        }
    }
}

fn is_end(paragraph: &Paragraph) -> bool {
    paragraph.text.trim() == "End of Document"
}

/// Open the package's document part.
fn open_document(file: &mut File) -> Result<zip::ZipArchive<&mut File>, String> {
    zip::ZipArchive::new(file).map_err(|e| format!("not a Word document (zip): {e}"))
}

/// Read every article of a Nexis Uni export.
pub(crate) fn read(
    file: &mut File,
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    let mut archive = open_document(file).map_err(SkipReason::Malformed)?;
    let part = archive.by_name(DOCUMENT_PART).map_err(|_| {
        SkipReason::Malformed(format!("not a Word document: no {DOCUMENT_PART} inside"))
    })?;
    if part.size() > DOCUMENT_MAX_BYTES {
        return Err(SkipReason::TooLarge(DOCUMENT_MAX_BYTES));
    }
    let mut region: Vec<Paragraph> = Vec::new();
    let mut number = 0usize;
    let mut any = false;
    let mut held = 0usize;
    let mut too_long = Vec::new();
    let result = paragraphs(part.take(DOCUMENT_MAX_BYTES), 0, &mut |paragraph| {
        let end = is_end(&paragraph);
        held += paragraph.text.len();
        region.push(paragraph);
        if end {
            number += 1;
            any |= emit_article(&region, number, info, out);
            region.clear();
            held = 0;
        } else if held > ARTICLE_MAX_BYTES {
            too_long.push(number + 1);
            region.clear();
            held = 0;
        }
        true
    });
    for number in too_long {
        out.bad_record(
            format!("article {number}"),
            format!(
                "more than {} MB of text without an “End of Document” line: left out",
                ARTICLE_MAX_BYTES / (1024 * 1024)
            ),
        );
    }
    if let Err(problem) = result {
        if number == 0 {
            return Err(SkipReason::Malformed(problem));
        }
        out.bad_record(format!("after article {number}"), problem);
    }
    if number == 0 {
        return Err(SkipReason::Malformed(
            "not a Nexis Uni export: no “End of Document” line".to_owned(),
        ));
    }
    if any {
        Ok(())
    } else {
        Err(SkipReason::NoArticles)
    }
}

/// Deliver the article of `region` (its paragraphs up to `End of Document`), or why it could
/// not be read; true for an article.
fn emit_article(
    region: &[Paragraph],
    number: usize,
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
) -> bool {
    let title = super::fields::fallback_title(info, Some(number));
    let article = parse_article(region, false).and_then(|(fields, start)| {
        let first = region.get(start).map_or(0, |p| p.start);
        let last = region.last().map_or(first, |p| p.end);
        let origin = Origin {
            info,
            format: FormatKind::NexisUni,
            span: Some(ByteSpan {
                start: first,
                len: last.saturating_sub(first),
            }),
            size_bytes: info.size_bytes.unwrap_or(0),
            encoding: encoding_rs::UTF_8,
            had_bom: false,
            fallback_title: &title,
        };
        fields.to_article(&origin)
    });
    match article {
        Ok(article) => {
            out.article(article);
            true
        }
        Err(problem) => {
            out.bad_record(format!("article {number}"), problem);
            false
        }
    }
}

/// Read one article again: its part of the document only.
pub(crate) fn load_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let invalid = |problem| BodyError::invalid(article, problem);
    let changed = stamp_as_scanned(file, article).is_none();
    let mut archive = open_document(file).map_err(invalid)?;
    let mut part = archive
        .by_name(DOCUMENT_PART)
        .map_err(|e| invalid(e.to_string()))?;
    let span = span_of(article);
    // Skip to the article: decompressing is all that is done with the bytes before it.
    let skipped = std::io::copy(&mut part.by_ref().take(span.start), &mut std::io::sink())
        .map_err(|e| invalid(e.to_string()))?;
    if skipped < span.start {
        return Err(invalid(
            "the article is no longer in the document".to_owned(),
        ));
    }
    body_of(part.take(span.len), span.start, article, max_bytes, changed)
}

/// The file's modification time and size when they are still those of the scan.
fn stamp_as_scanned(file: &File, article: &Article) -> Option<(Option<i64>, u64)> {
    let metadata = file.metadata().ok()?;
    is_as_scanned(&metadata, article).then_some((article.modified_unix_s, article.size_bytes))
}

fn span_of(article: &Article) -> ByteSpan {
    article.span.unwrap_or(ByteSpan {
        start: 0,
        len: DOCUMENT_MAX_BYTES,
    })
}

/// The article whose part of the document `region` is (at `offset` in it).
fn body_of(
    region: impl Read,
    offset: u64,
    article: &Article,
    max_bytes: usize,
    changed: bool,
) -> Result<ArticleBody, BodyError> {
    let invalid = |problem| BodyError::invalid(article, problem);
    let mut found = Vec::new();
    paragraphs(region, offset, &mut |p| {
        found.push(p);
        true
    })
    .map_err(invalid)?;
    let (fields, _) = parse_article(&found, true).map_err(invalid)?;
    Ok(record_body(fields, max_bytes, changed))
}

/// The largest document kept decompressed whole while its articles are read one after another.
const UNPACKED_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// A document decompressed whole, for reading many of its articles: an export holds up to
/// hundreds, and decompressing it up to each article again made reading them all quadratic.
pub(crate) struct Unpacked {
    path: std::path::PathBuf,
    stamp: (Option<i64>, u64),
    xml: Vec<u8>,
}

/// Read one article again, from `unpacked` when it holds the article's document as the scan
/// saw it; a document read whole is kept there for the next article.
pub(crate) fn load_body_unpacked(
    unpacked: &mut Option<Unpacked>,
    path: &std::path::Path,
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let invalid = |problem| BodyError::invalid(article, problem);
    // A file changed since the scan is read the single-article way (its spans may be wrong).
    let Some(stamp) = stamp_as_scanned(file, article) else {
        return load_body(file, article, max_bytes);
    };
    let held = unpacked
        .as_ref()
        .is_some_and(|u| u.path == path && u.stamp == stamp);
    if !held {
        *unpacked = None;
        let xml = {
            let mut archive = open_document(file).map_err(invalid)?;
            let part = archive
                .by_name(DOCUMENT_PART)
                .map_err(|e| invalid(e.to_string()))?;
            if part.size() <= UNPACKED_MAX_BYTES {
                let mut xml = Vec::with_capacity(usize::try_from(part.size()).unwrap_or(0));
                part.take(UNPACKED_MAX_BYTES)
                    .read_to_end(&mut xml)
                    .map_err(|e| invalid(e.to_string()))?;
                Some(xml)
            } else {
                None
            }
        };
        let Some(xml) = xml else {
            return load_body(file, article, max_bytes);
        };
        *unpacked = Some(Unpacked {
            path: path.to_path_buf(),
            stamp,
            xml,
        });
    }
    let xml = unpacked.as_ref().map_or(&[][..], |u| u.xml.as_slice());
    let span = span_of(article);
    let start = usize::try_from(span.start).unwrap_or(usize::MAX);
    let Some(rest) = xml.get(start..) else {
        return Err(invalid(
            "the article is no longer in the document".to_owned(),
        ));
    };
    let len = usize::try_from(span.len)
        .unwrap_or(usize::MAX)
        .min(rest.len());
    body_of(
        rest.get(..len).unwrap_or_default(),
        span.start,
        article,
        max_bytes,
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Paragraph {
        Paragraph {
            text: text.to_owned(),
            ..Paragraph::default()
        }
    }

    #[test]
    fn runs_tabs_breaks_and_entities_make_paragraph_text() {
        let xml = r#"<w:body><w:p><w:r><w:t>Sea</w:t></w:r><w:r><w:t xml:space="preserve">food &amp; </w:t></w:r><w:r><w:tab/><w:t>x</w:t><w:br/><w:t>y&#233;</w:t></w:r></w:p><w:p/><w:p><w:r><w:br w:type="page"/></w:r></w:p></w:body>"#;
        let mut found = Vec::new();
        paragraphs(xml.as_bytes(), 0, &mut |p| {
            found.push(p);
            true
        })
        .unwrap();
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].text, "Seafood & \tx\nyé");
        assert_eq!(
            &xml[found[0].start as usize..found[0].end as usize][..5],
            "<w:p>"
        );
        assert!(xml[..found[0].end as usize].ends_with("</w:p>"));
        assert!(found[2].page_break);
        // A fragment that closes what it did not open (an article inside a table cell).
        let fragment = r#"<w:p><w:r><w:t>In a cell</w:t></w:r></w:p></w:tc></w:tr><w:p><w:r><w:t>After</w:t></w:r></w:p>"#;
        let mut texts = Vec::new();
        paragraphs(fragment.as_bytes(), 0, &mut |p| {
            texts.push(p.text);
            true
        })
        .unwrap();
        assert_eq!(texts, ["In a cell", "After"]);
    }

    #[test]
    fn an_article_after_a_cover_page() {
        let mut cover_break = p("");
        cover_break.page_break = true;
        let region = vec![
            p("User Name: =Someone"),
            p("Date and Time: Monday, November 16, 2026 3:12:00 PM EST"),
            p("1. Seafood Truckers Brace"),
            cover_break,
            p("Seafood Truckers Brace"),
            p("Valley Wire"),
            p("May 4, 2017 Thursday"),
            p("Copyright 2017 Valley Wire Media"),
            p("Section:\u{a0}NEWS; Pg. 4"),
            p("Length:\u{a0}182 words"),
            p("Byline: Ana Ruiz"),
            p("Body"),
            p("\tFirst paragraph."),
            p("Second."),
            p("Classification"),
            p("Language: ENGLISH"),
            p("Load-Date: May 5, 2017"),
            p("End of Document"),
        ];
        let (fields, start) = parse_article(&region, true).unwrap();
        assert_eq!(start, 4);
        assert_eq!(fields.title.as_deref(), Some("Seafood Truckers Brace"));
        assert_eq!(fields.outlet.as_deref(), Some("Valley Wire"));
        assert_eq!(fields.date.as_deref(), Some("May 4, 2017 Thursday"));
        assert_eq!(fields.authors, ["Ana Ruiz"]);
        assert_eq!(fields.language.as_deref(), Some("ENGLISH"));
        assert_eq!(fields.text, "\tFirst paragraph.\n\nSecond.");
        let names: Vec<&str> = fields.extra.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Copyright", "Section", "Length", "Load-Date"]);
        assert_eq!(fields.extra[1].1, "NEWS; Pg. 4");
        assert_eq!(
            parse_article(&[p("Title"), p("End of Document")], false).unwrap_err(),
            "no “Body” line"
        );
    }
}
