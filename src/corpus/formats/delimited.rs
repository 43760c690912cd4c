//! CSV and TSV files: a header row, then one article per row.
//!
//! Columns are matched by their role ([`super::fields::role_of`]): the text is one of `text`,
//! `body`, `content`, `maintext`; the title `title` or `headline`; the date `date`,
//! `published`, `publish_date`, `pubDate`; the outlet `source`, `outlet`, `media_name`; `url`,
//! `author(s)`, `language`. Every other column is kept and shown in the reader. Quoted fields
//! may hold line breaks, delimiters and doubled quotes (RFC 4180); rows with fewer or more
//! fields than the header are read as far as they go. The file is read as a stream with the
//! `csv` crate; each row's byte span lets the reader read that row alone. Text that is not
//! UTF-8 is decoded with the encoding the start of the file suggests (e.g. Windows-1252).

use std::fs::File;
use std::io::{BufReader, Read as _, Seek as _};

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::Encoding;

use super::body::{ArticleBody, BodyError, RecordBytes, read_span, record_body};
use super::fields::{Fields, Origin, Role, role_of};
use crate::corpus::article::{Article, ByteSpan, FormatKind};
use crate::corpus::scan::decode::{SNIFF_BYTES, Sniffed, sniff};
use crate::corpus::scan::pipeline::{self, Outcome, Threads};
use crate::corpus::scan::sink::{ArticleSink, FileInfo, SkipReason};

fn builder(format: FormatKind) -> ReaderBuilder {
    let mut builder = ReaderBuilder::new();
    builder
        .delimiter(if format == FormatKind::Tsv {
            b'\t'
        } else {
            b','
        })
        .flexible(true)
        .has_headers(false);
    builder
}

fn decode_field(bytes: &[u8], encoding: &'static Encoding) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The header's names, decoded.
fn header_names(record: &ByteRecord, encoding: &'static Encoding) -> Vec<String> {
    record
        .iter()
        .map(|name| decode_field(name, encoding).trim().to_owned())
        .collect()
}

fn fields_of(
    names: &[String],
    record: &ByteRecord,
    encoding: &'static Encoding,
    keep_extra: bool,
) -> Fields {
    let mut fields = Fields::default();
    for (name, value) in names.iter().zip(record.iter()) {
        if name.is_empty() && !keep_extra {
            continue;
        }
        fields.set(name, decode_field(value, encoding), keep_extra);
    }
    fields
}

/// What the first bytes of a delimited file say.
#[derive(Clone, Copy)]
struct Encoded {
    /// The encoding of the text.
    encoding: &'static Encoding,
    /// The file starts with a byte-order mark.
    had_bom: bool,
    /// Its lines end with CRLF.
    crlf: bool,
}

/// What every row of one file shares.
struct Table<'a> {
    format: FormatKind,
    encoded: Encoded,
    /// The header's column names.
    names: Vec<String>,
    info: &'a FileInfo<'a>,
}

/// What the first bytes of a delimited file say. UTF-16 is refused: its rows cannot be read
/// back by byte offset through the CSV parser.
fn encoding_of(file: &mut File) -> Result<Encoded, SkipReason> {
    let mut sample = Vec::with_capacity(SNIFF_BYTES);
    file.by_ref()
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(|e| SkipReason::from_io(&e))?;
    file.rewind().map_err(|e| SkipReason::from_io(&e))?;
    if sample.is_empty() {
        return Err(SkipReason::Empty);
    }
    match sniff(&sample, sample.len() < SNIFF_BYTES) {
        Sniffed::Binary => Err(SkipReason::Binary),
        Sniffed::Text { encoding, .. }
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE =>
        {
            Err(SkipReason::Malformed(format!(
                "{} table: only UTF-8 and 8-bit encodings are read; save it as UTF-8 CSV",
                encoding.name()
            )))
        }
        Sniffed::Text { encoding, bom_len } => {
            let crlf = memchr::memchr(b'\n', &sample)
                .is_some_and(|at| at > 0 && sample.get(at - 1) == Some(&b'\r'));
            Ok(Encoded {
                encoding,
                had_bom: bom_len > 0,
                crlf,
            })
        }
    }
}

/// Read every row of a CSV or TSV file.
pub(crate) fn read(
    format: FormatKind,
    file: &mut File,
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    let encoded = encoding_of(file)?;
    let (encoding, crlf) = (encoded.encoding, encoded.crlf);
    let (names, rows_start, rows_line) = {
        let mut reader =
            builder(format).from_reader(BufReader::with_capacity(64 * 1024, &mut *file));
        let mut record = ByteRecord::new();
        let read_header = reader
            .read_byte_record(&mut record)
            .map_err(|e| SkipReason::Malformed(format!("the header row could not be read: {e}")))?;
        if !read_header {
            return Err(SkipReason::Blank);
        }
        // The parser stops after the `\r` of a CRLF; the `\n` left over belongs to the line
        // before.
        let skip = u64::from(crlf);
        (
            header_names(&record, encoding),
            reader.position().byte() + skip,
            reader.position().line() + skip,
        )
    };
    let has = |wanted: Role| {
        names
            .iter()
            .any(|n| role_of(n).is_some_and(|(role, _)| role == wanted))
    };
    if !has(Role::Text) && !has(Role::Title) {
        return Err(SkipReason::Malformed(format!(
            "no text or title column: the header names {}; expected one of text, body, content, \
             maintext (or title, headline)",
            crate::corpus::text::shorten(&names.join(", "), 200)
        )));
    }
    file.seek(std::io::SeekFrom::Start(rows_start))
        .map_err(|e| SkipReason::from_io(&e))?;
    let threads = Threads::for_size(info.size_bytes);
    let delimiter = delimiter_of(format);
    let produce = move |send: &mut dyn FnMut(Rows) -> bool| -> Result<(), SkipReason> {
        let mut offset = rows_start;
        let mut line = rows_line;
        let mut row = 1usize;
        // Whole rows only (a quoted field may hold line breaks), unless the file has ended.
        let cut = |bytes: &[u8], at_end: bool| {
            if at_end {
                Some((bytes.len(), count_rows(bytes, delimiter)))
            } else {
                last_row_end(bytes, delimiter)
            }
        };
        pipeline::chunks(file, cut, &mut |bytes, rows| {
            let lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
            let len = bytes.len() as u64;
            let chunk = Rows {
                offset,
                first_line: line,
                first_row: row,
                bytes,
            };
            offset += len;
            line += lines;
            row += rows;
            send(chunk)
        })
        .map_err(|e| SkipReason::from_io(&e))
    };
    let table = Table {
        format,
        encoded,
        names,
        info,
    };
    let convert = |rows: Rows| rows_of(&rows, &table);
    pipeline::run(threads, produce, convert, out)
}

fn delimiter_of(format: FormatKind) -> u8 {
    if format == FormatKind::Tsv {
        b'\t'
    } else {
        b','
    }
}

/// Whole rows of a delimited file, from byte `offset`; the first is row `first_row` and
/// starts on line `first_line`.
struct Rows {
    offset: u64,
    first_line: u64,
    first_row: usize,
    bytes: Vec<u8>,
}

/// Where a row may end, reading RFC 4180 quoting the way the `csv` crate does: a quote opens a
/// quoted field only at the start of a field, `""` inside one is a quote, and a line break
/// ends a row only outside quotes. Calls `row_end(offset after the break, row had content)`.
fn row_ends(bytes: &[u8], delimiter: u8, row_end: &mut dyn FnMut(usize, bool)) {
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut content = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match state {
            State::Quoted => match memchr::memchr(b'"', bytes.get(i..).unwrap_or_default()) {
                Some(at) => {
                    i += at + 1;
                    state = State::QuoteInQuoted;
                    continue;
                }
                None => return,
            },
            State::Unquoted => {
                match memchr::memchr2(delimiter, b'\n', bytes.get(i..).unwrap_or_default()) {
                    Some(at) => i += at,
                    None => return,
                }
                state = State::FieldStart;
                if bytes.get(i) == Some(&b'\n') {
                    row_end(i + 1, content);
                    content = false;
                }
                i += 1;
                continue;
            }
            State::FieldStart | State::QuoteInQuoted => {
                let quoted = matches!(state, State::QuoteInQuoted);
                state = if b == b'"' {
                    content = true;
                    State::Quoted
                } else if b == delimiter {
                    content = true;
                    State::FieldStart
                } else if b == b'\n' {
                    row_end(i + 1, content);
                    content = false;
                    State::FieldStart
                } else if b == b'\r' && !quoted {
                    State::FieldStart
                } else {
                    content = true;
                    State::Unquoted
                };
            }
        }
        i += 1;
    }
}

/// The end of the last whole row in `bytes`, and how many rows with content end there.
fn last_row_end(bytes: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    let mut last = None;
    let mut rows = 0;
    row_ends(bytes, delimiter, &mut |end, content| {
        rows += usize::from(content);
        last = Some((end, rows));
    });
    last
}

/// The rows with content in `bytes` (the last one may lack its line break).
fn count_rows(bytes: &[u8], delimiter: u8) -> usize {
    let mut rows = 0;
    let mut last_end = 0;
    row_ends(bytes, delimiter, &mut |end, content| {
        rows += usize::from(content);
        last_end = end;
    });
    let rest = bytes.get(last_end..).unwrap_or_default();
    rows + usize::from(rest.iter().any(|b| !b.is_ascii_whitespace()))
}

/// The articles (and bad rows) of one chunk of rows.
fn rows_of(rows: &Rows, table: &Table<'_>) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let crlf = table.encoded.crlf;
    let mut reader = builder(table.format).from_reader(rows.bytes.as_slice());
    let mut number = rows.first_row;
    loop {
        let skip = u64::from(crlf && reader.position().byte() > 0);
        let start = reader.position().byte() + skip;
        let line = rows.first_line + reader.position().line() - 1 + skip;
        let mut record = ByteRecord::new();
        let row = match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let end = reader.position().byte().max(start);
                Row {
                    number,
                    line,
                    span: ByteSpan {
                        start: rows.offset + start,
                        len: end - start,
                    },
                    record: Ok(record),
                }
            }
            Err(err) => Row {
                number,
                line,
                span: ByteSpan {
                    start: rows.offset + start,
                    len: 0,
                },
                record: Err(format!("reading stopped: {err}")),
            },
        };
        let stop = row.record.is_err();
        if let Some(outcome) = row_outcome(row, table) {
            outcomes.push(outcome);
        }
        if stop {
            break;
        }
        number += 1;
    }
    outcomes
}

/// One row as the parser read it.
struct Row {
    number: usize,
    line: u64,
    span: ByteSpan,
    record: Result<ByteRecord, String>,
}

/// One row: an article, a bad record, or nothing (a blank row).
fn row_outcome(row: Row, table: &Table<'_>) -> Option<Outcome> {
    let Table {
        format,
        encoded,
        names,
        info,
    } = table;
    let at = format!("row {} (line {})", row.number, row.line);
    let record = match row.record {
        Ok(record) => record,
        Err(problem) => return Some(Outcome::bad(at, problem)),
    };
    if record
        .iter()
        .all(|field| field.iter().all(u8::is_ascii_whitespace))
    {
        return None;
    }
    let title = super::fields::fallback_title(info, Some(row.number));
    let origin = Origin {
        info,
        format: *format,
        span: Some(row.span),
        size_bytes: info.size_bytes.unwrap_or(0),
        encoding: encoded.encoding,
        had_bom: encoded.had_bom,
        fallback_title: &title,
    };
    Some(
        match fields_of(names, &record, encoded.encoding, false).to_article(&origin) {
            Ok(article) => Outcome::Article(article),
            Err(problem) => Outcome::bad(at, problem),
        },
    )
}

/// Read one row again: the header from the start of the file, then the row from its span.
pub(crate) fn load_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let invalid = |problem| BodyError::invalid(article, problem);
    let mut header = ByteRecord::new();
    {
        let mut reader = builder(article.format).from_reader(BufReader::new(&mut *file));
        if !reader
            .read_byte_record(&mut header)
            .map_err(|e| invalid(format!("the header row could not be read: {e}")))?
        {
            return Err(invalid("the file is empty now".to_owned()));
        }
    }
    let names = header_names(&header, article.encoding);
    let RecordBytes {
        bytes,
        changed_since_scan: changed,
    } = read_span(file, article)?;
    let mut row = ByteRecord::new();
    let mut reader = builder(article.format).from_reader(bytes.as_slice());
    if !reader
        .read_byte_record(&mut row)
        .map_err(|e| invalid(format!("the row could not be read again: {e}")))?
    {
        return Err(invalid("the row is no longer in the file".to_owned()));
    }
    let fields = fields_of(&names, &row, article.encoding, true);
    Ok(record_body(fields, max_bytes, changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::scan::read::FileMetadata;
    use crate::corpus::scan::sink::{BadRecord, Collected};

    fn read_named(
        name: &str,
        bytes: &[u8],
    ) -> (Collected, Result<(), SkipReason>, Vec<ArticleBody>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let format = FormatKind::for_path(&path).unwrap();
        let mut out = Collected::default();
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
            &mut Vec::new(),
            &mut out,
        );
        let bodies = out
            .articles
            .iter()
            .map(|a| load_body(&mut File::open(&path).unwrap(), a, 1 << 20).unwrap())
            .collect();
        (out, result, bodies)
    }

    #[test]
    fn quoted_multi_line_fields_and_extra_columns() {
        let csv = "\u{feff}id,headline,published,outlet,text\r\n\
                   7,\"Quota, Cut\",\"May 4, 2017\",Valley Wire,\"First \"\"para\"\".\r\n\r\nSecond, para.\"\r\n\
                   8,,Spring 2017,Herald,\"Only text here. More.\"\r\n\
                   9,,,,\r\n\
                   10,Short row\r\n";
        let (out, result, bodies) = read_named("c.csv", csv.as_bytes());
        result.unwrap();
        let titles: Vec<&str> = out.articles.iter().map(|a| &*a.title).collect();
        assert_eq!(titles, ["Quota, Cut", "Only text here", "Short row"]);
        let first = &out.articles[0];
        assert_eq!(first.date, chrono::NaiveDate::from_ymd_opt(2017, 5, 4));
        assert_eq!(first.source(), "Valley Wire");
        assert!(first.had_bom);
        assert_eq!(bodies[0].text, "First \"para\".\n\nSecond, para.");
        assert_eq!(bodies[0].fields, [("id".to_owned(), "7".to_owned())]);
        assert_eq!(
            out.articles[1].meta().date_problem.as_deref(),
            Some("date “Spring 2017” could not be read")
        );
        // A row with only an id is reported where it is.
        assert_eq!(
            out.bad_records,
            [BadRecord {
                at: "row 3 (line 6)".to_owned(),
                problem: "no title and no text".to_owned(),
            }]
        );
    }

    #[test]
    fn rows_end_only_at_line_breaks_outside_quotes() {
        let bytes = b"a,\"x\ny\",b\nc,\"q\"\"\n\"\nd\"e\nf\n\r\n\ng,h";
        let mut ends = Vec::new();
        row_ends(bytes, b',', &mut |end, content| ends.push((end, content)));
        let rows: Vec<&[u8]> = std::iter::once(0)
            .chain(ends.iter().map(|(e, _)| *e))
            .zip(ends.iter().map(|(e, _)| *e))
            .map(|(a, b)| &bytes[a..b])
            .collect();
        assert_eq!(
            rows,
            [
                &b"a,\"x\ny\",b\n"[..],
                b"c,\"q\"\"\n\"\n",
                b"d\"e\n",
                b"f\n",
                b"\r\n",
                b"\n"
            ]
        );
        assert_eq!(
            ends.iter().map(|(_, c)| *c).collect::<Vec<_>>(),
            [true, true, true, true, false, false]
        );
        assert_eq!(count_rows(bytes, b','), 5);
        assert_eq!(last_row_end(b"a,\"open\nstill open", b','), None);
    }

    #[test]
    fn a_large_file_read_in_parallel_gives_the_same_rows_as_a_small_one() {
        // Over the parallel threshold, with quoted line breaks and CRLF: every row, in place.
        let mut csv = String::from("title,date,text\r\n");
        let mut expected = Vec::new();
        let mut line = 2;
        for i in 0..50_000 {
            expected.push((format!("T{i}"), line));
            csv.push_str(&format!(
                "T{i},2020-01-0{},\"Para {i}, \"\"quoted\"\".\r\n\r\nSecond para of {i} with some padding text to make it longer.\"\r\n",
                i % 9 + 1
            ));
            line += 3;
        }
        csv.push_str(",2020-01-01,\r\n");
        assert!(csv.len() as u64 > crate::corpus::scan::pipeline::PARALLEL_MIN_BYTES);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, &csv).unwrap();
        let mut out = Collected::default();
        let info = FileInfo {
            rel_path: "big.csv",
            raw_rel_path: None,
            size_bytes: None,
            modified_unix_s: None,
        };
        crate::corpus::scan::read::read_file_into(
            &path,
            info,
            FileMetadata::Ask,
            FormatKind::Csv,
            &mut Vec::new(),
            &mut out,
        )
        .unwrap();
        let mut got: Vec<(String, u64)> = out
            .articles
            .iter()
            .map(|a| (a.title.to_string(), a.span.unwrap().start))
            .collect();
        got.sort_by_key(|(_, start)| *start);
        assert_eq!(got.len(), 50_000);
        for ((title, start), (want, _)) in got.iter().zip(&expected) {
            assert_eq!(title, want);
            assert!(
                csv[*start as usize..].starts_with(&format!("{want},")),
                "{want}"
            );
        }
        let body = load_body(&mut File::open(&path).unwrap(), &out.articles[777], 1 << 20).unwrap();
        let n = &out.articles[777].title[1..];
        assert!(
            body.text.starts_with(&format!("Para {n}, \"quoted\".")),
            "{}",
            body.text
        );
        assert_eq!(
            out.bad_records,
            [BadRecord {
                at: format!("row 50001 (line {line})"),
                problem: "no title and no text".to_owned(),
            }]
        );
    }

    #[test]
    fn tsv_and_windows_1252() {
        let mut bytes = b"title\tpubDate\tmedia_name\tcontent\n".to_vec();
        bytes.extend_from_slice(b"Caf\xe9 Closes\t2018/11/20\tHerald\tThe caf\xe9 closed.\n");
        let (out, result, bodies) = read_named("m.tsv", &bytes);
        result.unwrap();
        assert_eq!(&*out.articles[0].title, "Café Closes");
        assert_eq!(out.articles[0].format, FormatKind::Tsv);
        assert_eq!(bodies[0].text, "The café closed.");
        assert_eq!(
            out.articles[0].date,
            chrono::NaiveDate::from_ymd_opt(2018, 11, 20)
        );
    }

    #[test]
    fn a_table_without_text_or_title_is_refused_with_its_columns() {
        let (_, result, _) = read_named("x.csv", b"a,b\n1,2\n");
        assert_eq!(
            result,
            Err(SkipReason::Malformed(
                "no text or title column: the header names a, b; expected one of text, body, \
                 content, maintext (or title, headline)"
                    .to_owned()
            ))
        );
    }

    #[test]
    fn a_row_without_title_or_text_is_reported_with_its_line() {
        let (out, _, _) = read_named("r.csv", b"title,text,id\nA,x,1\n,,2\n");
        assert_eq!(out.articles.len(), 1);
        assert_eq!(
            out.bad_records,
            [BadRecord {
                at: "row 2 (line 3)".to_owned(),
                problem: "no title and no text".to_owned(),
            }]
        );
    }
}
