//! JSON articles: one object per `.json` file (news-please's layout) or an array of objects,
//! and JSON Lines (`.jsonl`, `.ndjson`), one object per line.
//!
//! Keys are matched by their role ([`super::fields::role_of`]): `title`/`headline`,
//! `maintext`/`text`/`body`/`content`, `date_publish`/`published`/`date`/…,
//! `source_domain`/`outlet`/`source` (also an object with a `name`, as news APIs write),
//! `url`, `authors` (a list or a string), `language`. Other keys with a value are shown in the
//! reader. JSON Lines are read as a stream, a line at a time: a bad line is reported with its
//! number and the others still load.

use std::fs::File;

use serde_json::{Map, Value};

use super::body::{ArticleBody, BodyError, RecordBytes, read_span, record_body};
use super::fields::{Fields, Origin, fallback_title};
use crate::corpus::article::{Article, ByteSpan, FormatKind};
use crate::corpus::scan::file_io::read_up_to;
use crate::corpus::scan::pipeline::{self, Outcome, Threads};
use crate::corpus::scan::sink::{ArticleSink, FileInfo, SkipReason};

/// `.json` files are read whole, up to this size.
const JSON_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Fields of one JSON object. `keep_extra` keeps the keys without a role for the reader.
fn fields_of(object: Map<String, Value>, keep_extra: bool) -> Fields {
    let mut fields = Fields::default();
    for (key, value) in object {
        match value {
            Value::Null => {}
            Value::String(text) => fields.set(&key, text, keep_extra),
            Value::Number(n) => fields.set(&key, n.to_string(), keep_extra),
            Value::Bool(b) => {
                if keep_extra {
                    fields.set(&key, b.to_string(), true);
                }
            }
            Value::Array(items) => {
                let texts: Vec<String> = items
                    .into_iter()
                    .filter_map(|item| match item {
                        Value::String(s) => Some(s),
                        Value::Object(mut o) => match o.remove("name") {
                            Some(Value::String(s)) => Some(s),
                            _ => None,
                        },
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect();
                if matches!(
                    super::fields::role_of(&key),
                    Some((super::fields::Role::Authors, _))
                ) {
                    fields.set_authors(&key, texts);
                } else if keep_extra && !texts.is_empty() {
                    fields.set(&key, texts.join("; "), true);
                }
            }
            Value::Object(mut inner) => {
                // `"source": {"id": …, "name": "Valley Wire"}`
                if let Some(Value::String(name)) = inner.remove("name") {
                    fields.set(&key, name, keep_extra);
                }
            }
        }
    }
    fields
}

fn origin<'a>(
    info: &'a FileInfo<'a>,
    format: FormatKind,
    span: Option<ByteSpan>,
    size_bytes: u64,
    fallback_title: &'a str,
) -> Origin<'a> {
    Origin {
        info,
        format,
        span,
        size_bytes,
        encoding: encoding_rs::UTF_8,
        had_bom: false,
        fallback_title,
    }
}

/// A `.json` file: one article object, or an array of them.
pub(crate) fn read_json(
    file: &mut File,
    info: &FileInfo<'_>,
    buffer: &mut Vec<u8>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    if info.size_bytes.is_some_and(|size| size > JSON_MAX_BYTES) {
        return Err(SkipReason::TooLarge(JSON_MAX_BYTES));
    }
    let expected = info.size_bytes.unwrap_or(0);
    read_up_to(file, JSON_MAX_BYTES + 1, expected, buffer).map_err(|e| SkipReason::from_io(&e))?;
    if buffer.len() as u64 > JSON_MAX_BYTES {
        return Err(SkipReason::TooLarge(JSON_MAX_BYTES));
    }
    let bytes = buffer.as_slice();
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = bytes.get(bom..).unwrap_or_default();
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or(SkipReason::Blank)?;
    let size = bytes.len() as u64;
    match body.get(start) {
        Some(b'{') => {
            let object: Map<String, Value> = serde_json::from_slice(body)
                .map_err(|e| SkipReason::Malformed(format!("not valid JSON: {e}")))?;
            let fields = fields_of(object, false);
            let title = fallback_title(info, None);
            let article = fields
                .to_article(&origin(info, FormatKind::Json, None, size, &title))
                .map_err(|problem| SkipReason::Malformed(format!("JSON article: {problem}")))?;
            out.article(article);
            Ok(())
        }
        Some(b'[') => read_array(body, bom, start, info, out, size),
        _ => Err(SkipReason::Malformed(
            "not a JSON article: the file holds neither an object nor an array".to_owned(),
        )),
    }
}

/// The elements of a top-level array, each with its byte span. `body` is the file after its
/// byte-order mark (`bom` bytes long) and `open` the offset of `[` in it.
fn read_array(
    body: &[u8],
    bom: usize,
    open: usize,
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
    size: u64,
) -> Result<(), SkipReason> {
    let mut pos = open + 1;
    let mut element = 0;
    loop {
        while body
            .get(pos)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b',')
        {
            pos += 1;
        }
        match body.get(pos) {
            None => {
                out.bad_record(
                    format!("element {}", element + 1),
                    "the array is not closed (the file ends early)".to_owned(),
                );
                return Ok(());
            }
            Some(b']') => return Ok(()),
            Some(_) => {}
        }
        element += 1;
        let rest = body.get(pos..).unwrap_or_default();
        let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<Value>();
        let value = stream.next();
        let used = stream.byte_offset();
        let span = ByteSpan {
            start: (bom + pos) as u64,
            len: used as u64,
        };
        match value {
            Some(Ok(Value::Object(object))) => {
                let title = fallback_title(info, Some(element));
                match fields_of(object, false).to_article(&origin(
                    info,
                    FormatKind::Json,
                    Some(span),
                    size,
                    &title,
                )) {
                    Ok(article) => out.article(article),
                    Err(problem) => out.bad_record(format!("element {element}"), problem),
                }
            }
            Some(Ok(_)) => {
                out.bad_record(format!("element {element}"), "not a JSON object".to_owned());
            }
            Some(Err(e)) => {
                // The rest of the array cannot be trusted: report and stop.
                out.bad_record(format!("element {element}"), format!("not valid JSON: {e}"));
                return Ok(());
            }
            None => return Ok(()),
        }
        pos += used.max(1);
    }
}

/// A JSON Lines file, read as a stream of chunks of whole lines; a large file's chunks are
/// parsed on every core.
pub(crate) fn read_json_lines(
    file: &mut File,
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    let threads = Threads::for_size(info.size_bytes);
    let produce = |send: &mut dyn FnMut(Chunk) -> bool| -> Result<(), SkipReason> {
        let mut offset = 0u64;
        let mut line = 1usize;
        // Whole lines only, unless the file has ended.
        let cut = |bytes: &[u8], at_end: bool| {
            let end = if at_end {
                bytes.len()
            } else {
                memchr::memrchr(b'\n', bytes)? + 1
            };
            let lines = memchr::memchr_iter(b'\n', bytes.get(..end)?).count();
            Some((end, lines))
        };
        pipeline::chunks(file, cut, &mut |bytes, lines| {
            let len = bytes.len() as u64;
            let chunk = Chunk {
                offset,
                first_line: line,
                bytes,
            };
            offset += len;
            line += lines;
            send(chunk)
        })
        .map_err(|e| SkipReason::from_io(&e))
    };
    let convert = |chunk: Chunk| lines_of(&chunk, info);
    pipeline::run(threads, produce, convert, out)
}

/// Whole lines of a JSON Lines file, from byte `offset`, the first being line `first_line`.
struct Chunk {
    offset: u64,
    first_line: usize,
    bytes: Vec<u8>,
}

/// The articles (and bad lines) of one chunk.
fn lines_of(chunk: &Chunk, info: &FileInfo<'_>) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let mut start = 0usize;
    let mut number = chunk.first_line;
    while start < chunk.bytes.len() {
        let end = memchr::memchr(b'\n', chunk.bytes.get(start..).unwrap_or_default())
            .map_or(chunk.bytes.len(), |i| start + i + 1);
        let line = chunk.bytes.get(start..end).unwrap_or_default();
        let span = ByteSpan {
            start: chunk.offset + start as u64,
            len: line.len() as u64,
        };
        if let Some(outcome) = line_outcome(line, span, number, info) {
            outcomes.push(outcome);
        }
        start = end;
        number += 1;
    }
    outcomes
}

/// One line: an article, a bad record, or nothing (a blank line).
fn line_outcome(
    line: &[u8],
    span: ByteSpan,
    number: usize,
    info: &FileInfo<'_>,
) -> Option<Outcome> {
    let mut content = line;
    if span.start == 0 && content.starts_with(b"\xEF\xBB\xBF") {
        content = content.get(3..).unwrap_or_default();
    }
    while let [rest @ .., b'\n' | b'\r'] = content {
        content = rest;
    }
    if content.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let at = || format!("line {number}");
    Some(match serde_json::from_slice::<Value>(content) {
        Ok(Value::Object(object)) => {
            let title = fallback_title(info, Some(number));
            match fields_of(object, false).to_article(&origin(
                info,
                FormatKind::JsonLines,
                Some(span),
                info.size_bytes.unwrap_or(0),
                &title,
            )) {
                Ok(article) => Outcome::Article(article),
                Err(problem) => Outcome::bad(at(), problem),
            }
        }
        Ok(_) => Outcome::bad(at(), "not a JSON object".to_owned()),
        Err(e) => Outcome::bad(at(), format!("not valid JSON: {}", line_error(&e))),
    })
}

/// A serde_json error without its line number (always 1 for a single line).
fn line_error(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(cut) => format!("{} (column {})", &message[..cut], err.column()),
        None => message,
    }
}

/// Read one JSON article again: the whole file, or its span (an array element, a line).
pub(crate) fn load_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let RecordBytes {
        bytes,
        changed_since_scan: changed,
    } = read_span(file, article)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let invalid = |problem| BodyError::invalid(article, problem);
    let value: Value = serde_json::Deserializer::from_slice(bytes)
        .into_iter::<Value>()
        .next()
        .ok_or_else(|| invalid("the article is no longer in the file".to_owned()))?
        .map_err(|e| invalid(format!("the article is no longer valid JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(invalid("the article is no longer a JSON object".to_owned()));
    };
    Ok(record_body(fields_of(object, true), max_bytes, changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::scan::read::FileMetadata;
    use crate::corpus::scan::sink::Collected;

    fn read(name: &str, content: &str) -> (Collected, Result<(), SkipReason>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let format = FormatKind::for_path(&path).unwrap();
        let mut out = Collected::default();
        let mut buffer = Vec::new();
        let info = FileInfo {
            rel_path: name,
            raw_rel_path: None,
            size_bytes: None,
            modified_unix_s: None,
        };
        let result = crate::corpus::scan::read::read_file_into(
            &path,
            info,
            FileMetadata::Ask,
            format,
            &mut buffer,
            &mut out,
        );
        // Every article loads back from its span.
        for article in &out.articles {
            let mut file = File::open(&path).unwrap();
            load_body(&mut file, article, 1 << 20).unwrap();
        }
        (out, result)
    }

    #[test]
    fn news_please_fields() {
        let (out, result) = read(
            "a.json",
            r#"{"authors": ["Ana Ruiz", "Tom Vale"], "date_publish": "2019-03-14 09:30:00",
                "description": "Short.", "language": "en", "localpath": null,
                "maintext": "The ferry adds a crossing.\nMore text.", "source_domain": "www.herald.example",
                "text": null, "title": "Ferry Adds Crossing", "url": "https://herald.example/a"}"#,
        );
        result.unwrap();
        let [a] = out.articles.as_slice() else {
            panic!("{out:?}")
        };
        assert_eq!(&*a.title, "Ferry Adds Crossing");
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(2019, 3, 14));
        assert_eq!(a.source(), "www.herald.example");
        assert_eq!(a.meta().authors.as_deref(), Some("Ana Ruiz; Tom Vale"));
        assert_eq!(a.meta().language.as_deref(), Some("en"));
        assert_eq!(a.meta().url.as_deref(), Some("https://herald.example/a"));
        assert_eq!(a.format, FormatKind::Json);
        assert_eq!(a.span, None);
    }

    #[test]
    fn none_and_null_dates_are_undated_without_a_problem() {
        for date in ["null", "\"None\""] {
            let (out, _) = read(
                "a.json",
                &format!(r#"{{"title": "T", "maintext": "B", "date_publish": {date}}}"#),
            );
            let a = &out.articles[0];
            assert_eq!(a.date, None);
            assert_eq!(a.meta().date_problem, None);
        }
    }

    #[test]
    fn json_lines_report_bad_lines_by_number_and_keep_the_rest() {
        let content = "{\"headline\": \"One\", \"body\": \"First.\", \"published\": \"June 5, 2021\"}\n\
             \n\
             {\"headline\": \"Two\", \"content\": \"Sec\n\
             [1, 2]\n\
             {\"headline\": \"Three\", \"body\": \"Third.\", \"source\": {\"id\": null, \"name\": \"Wire\"}}\n\
             {\"id\": 7}\n";
        let (out, result) = read("feed.jsonl", content);
        result.unwrap();
        let titles: Vec<&str> = out.articles.iter().map(|a| &*a.title).collect();
        assert_eq!(titles, ["One", "Three"]);
        assert_eq!(out.articles[1].source(), "Wire");
        let at: Vec<&str> = out.bad_records.iter().map(|b| b.at.as_str()).collect();
        assert_eq!(at, ["line 3", "line 4", "line 6"]);
        assert!(
            out.bad_records[0].problem.starts_with("not valid JSON: "),
            "{:?}",
            out.bad_records
        );
        assert_eq!(out.bad_records[1].problem, "not a JSON object");
        assert_eq!(out.bad_records[2].problem, "no title and no text");
        let third = content.find("{\"headline\": \"Three\"").unwrap() as u64;
        assert_eq!(out.articles[1].span.unwrap().start, third);
    }

    #[test]
    fn an_array_of_articles_is_split_and_each_loads_alone() {
        let (out, result) = read(
            "all.json",
            r#"[ {"title": "A", "text": "Alpha body."},
                 {"title": "B", "text": "Beta body.", "extra": 3} ]"#,
        );
        result.unwrap();
        assert_eq!(out.articles.len(), 2);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("all.json");
        std::fs::write(
            &path,
            r#"[ {"title": "A", "text": "Alpha body."},
                 {"title": "B", "text": "Beta body.", "extra": 3} ]"#,
        )
        .unwrap();
        let mut file = File::open(&path).unwrap();
        let mut b = out.articles[1].clone();
        b.modified_unix_s =
            crate::corpus::scan::file_io::modified_unix_s(&file.metadata().unwrap());
        let body = load_body(&mut file, &b, 1000).unwrap();
        assert_eq!(body.text, "Beta body.");
        assert_eq!(body.fields, [("extra".to_owned(), "3".to_owned())]);
        assert!(!body.changed_since_scan);
    }

    #[test]
    fn not_json_is_skipped_with_the_parser_s_message() {
        let (_, result) = read("bad.json", "{\"title\": ");
        let Err(SkipReason::Malformed(message)) = result else {
            panic!("{result:?}")
        };
        assert!(
            message.starts_with("not valid JSON: EOF while parsing"),
            "{message}"
        );
        let (_, result) = read("num.json", "42");
        assert!(matches!(result, Err(SkipReason::Malformed(_))));
    }
}
