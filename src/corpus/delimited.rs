//! CSV and TSV files: a header row, then one article per row.
//!
//! Columns are matched by their role ([`super::record::role_of`]): the text is one of `text`,
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

use super::article::{Article, ByteSpan};
use super::body::{ArticleBody, BodyError, read_span, record_body};
use super::decode::{SNIFF_BYTES, Sniffed, sniff};
use super::format::FormatKind;
use super::reader::{ArticleSink, FileInfo, SkipReason};
use super::record::{Fields, Origin, Role, role_of};

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

/// What the first bytes of a delimited file say: its encoding, whether it has a byte-order
/// mark, and whether its lines end with CRLF. UTF-16 is refused: its rows cannot be read back
/// by byte offset through the CSV parser.
fn encoding_of(file: &mut File) -> Result<(&'static Encoding, bool, bool), SkipReason> {
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
            Ok((encoding, bom_len > 0, crlf))
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
    if info.size_bytes == Some(0) {
        return Err(SkipReason::Empty);
    }
    let (encoding, had_bom, crlf) = encoding_of(file)?;
    let mut reader = builder(format).from_reader(BufReader::with_capacity(256 * 1024, file));
    let mut record = ByteRecord::new();
    let read_header = reader
        .read_byte_record(&mut record)
        .map_err(|e| SkipReason::Malformed(format!("the header row could not be read: {e}")))?;
    if !read_header {
        return Err(SkipReason::Blank);
    }
    let names = header_names(&record, encoding);
    let has = |wanted: Role| {
        names
            .iter()
            .any(|n| role_of(n).is_some_and(|(role, _)| role == wanted))
    };
    if !has(Role::Text) && !has(Role::Title) {
        return Err(SkipReason::Malformed(format!(
            "no text or title column: the header names {}; expected one of text, body, content, \
             maintext (or title, headline)",
            super::plaintext::shorten(&names.join(", "), 200)
        )));
    }
    let mut row = 0usize;
    while !out.stopped() {
        // The parser stops after the `\r` of a CRLF; the `\n` left over belongs to the line
        // before, not to this row.
        let skip = u64::from(crlf && reader.position().byte() > 0);
        let start = reader.position().byte() + skip;
        let line = reader.position().line() + skip;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                out.bad_record(
                    format!("row {} (line {line})", row + 1),
                    format!("reading stopped: {err}"),
                );
                break;
            }
        }
        row += 1;
        let end = reader.position().byte().max(start);
        let at = || format!("row {row} (line {line})");
        if record
            .iter()
            .all(|field| field.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        let span = ByteSpan {
            start,
            len: end - start,
        };
        let title = super::json::fallback_title(info, Some(row));
        let origin = Origin {
            info,
            format,
            span: Some(span),
            size_bytes: info.size_bytes.unwrap_or(0),
            encoding,
            had_bom,
            fallback_title: &title,
        };
        match fields_of(&names, &record, encoding, false).to_article(&origin) {
            Ok(article) => out.article(article),
            Err(problem) => out.bad_record(at(), problem),
        }
    }
    Ok(())
}

/// Read one row again: the header from the start of the file, then the row from its span.
pub(crate) fn load_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let invalid = |problem: String| BodyError::Io {
        path: article.path.to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, problem),
    };
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
    let (bytes, changed) = read_span(file, article)?;
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
    use crate::corpus::reader::Collected;

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
        let result = crate::corpus::reader::read_file_into(
            &path,
            info,
            true,
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
            [(
                "row 3 (line 5)".to_owned(),
                "no title and no text".to_owned()
            )]
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
            [(
                "row 2 (line 3)".to_owned(),
                "no title and no text".to_owned()
            )]
        );
    }
}
