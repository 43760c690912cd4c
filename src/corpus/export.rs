//! Writing article lists and skipped-file lists as TSV, CSV or JSON Lines, for scripts and the
//! command line.

use std::io::{self, Write};

use super::article::Article;
use super::marks::model::Mark;
use super::scan::sink::SkippedFile;

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Tab-separated values with a header row (tabs and line breaks in fields become spaces).
    #[default]
    Tsv,
    /// Comma-separated values with a header row, quoted as needed.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The columns of an article row, in order (also the JSON keys).
pub const ARTICLE_COLUMNS: [&str; 16] = [
    "path",
    "date",
    "title",
    "title_derived",
    "dateline",
    "words",
    "bytes",
    "encoding",
    "format",
    "source",
    "authors",
    "url",
    "language",
    "undated_reason",
    "tags",
    "note",
];

/// One row to write: an article and what the user made of it (its tags and note).
pub type Marked<'a> = (&'a Article, Option<&'a Mark>);

#[derive(serde::Serialize)]
struct ArticleRow<'a> {
    path: &'a str,
    date: Option<String>,
    title: &'a str,
    title_derived: bool,
    dateline: Option<&'a str>,
    words: u32,
    bytes: u64,
    encoding: &'a str,
    format: &'a str,
    source: &'a str,
    authors: Option<&'a str>,
    url: Option<&'a str>,
    language: Option<&'a str>,
    undated_reason: Option<&'a str>,
    tags: Vec<&'a str>,
    note: Option<&'a str>,
}

impl<'a> ArticleRow<'a> {
    fn new((article, mark): Marked<'a>) -> Self {
        Self {
            path: &article.path,
            date: article.date.map(|d| d.format("%Y-%m-%d").to_string()),
            title: &article.title,
            title_derived: article.title_derived(),
            dateline: article.dateline.as_deref(),
            words: article.words,
            bytes: article.bytes(),
            encoding: article.encoding_name(),
            format: article.format.label(),
            source: article.source(),
            authors: article.meta().authors.as_deref(),
            url: article.meta().url.as_deref(),
            language: article.meta().language.as_deref(),
            undated_reason: article.meta().date_problem.as_deref(),
            tags: mark
                .map(|m| m.tags.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            note: mark.map(|m| m.note.as_str()).filter(|n| !n.is_empty()),
        }
    }

    fn fields(&self) -> [String; 16] {
        [
            self.path.to_owned(),
            self.date.clone().unwrap_or_default(),
            self.title.to_owned(),
            self.title_derived.to_string(),
            self.dateline.unwrap_or_default().to_owned(),
            self.words.to_string(),
            self.bytes.to_string(),
            self.encoding.to_owned(),
            self.format.to_owned(),
            self.source.to_owned(),
            self.authors.unwrap_or_default().to_owned(),
            self.url.unwrap_or_default().to_owned(),
            self.language.unwrap_or_default().to_owned(),
            self.undated_reason.unwrap_or_default().to_owned(),
            self.tags.join(";"),
            self.note.unwrap_or_default().to_owned(),
        ]
    }
}

/// Write one TSV field: tabs and line breaks become spaces (only then is anything copied).
fn write_tsv_field<W: Write>(out: &mut W, field: &str) -> io::Result<()> {
    if memchr::memchr3(b'\t', b'\n', b'\r', field.as_bytes()).is_some() {
        out.write_all(field.replace(['\t', '\n', '\r'], " ").as_bytes())
    } else {
        out.write_all(field.as_bytes())
    }
}

fn write_tsv_row<W: Write, S: AsRef<str>>(out: &mut W, fields: &[S]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        write_tsv_field(out, field.as_ref())?;
    }
    out.write_all(b"\n")
}

fn write_tsv_article<W: Write>(out: &mut W, row: Marked<'_>) -> io::Result<()> {
    write_tsv_article_fields(out, row)?;
    out.write_all(b"\n")
}

/// The fields of an article's TSV row, without the line break.
fn write_tsv_article_fields<W: Write>(out: &mut W, (article, mark): Marked<'_>) -> io::Result<()> {
    let mut numbers = itoa::Buffer::new();
    write_tsv_field(out, &article.path)?;
    out.write_all(b"\t")?;
    if let Some(date) = article.date {
        write_iso_date(out, date)?;
    }
    out.write_all(b"\t")?;
    write_tsv_field(out, &article.title)?;
    out.write_all(if article.title_derived() {
        b"\ttrue\t"
    } else {
        b"\tfalse\t"
    })?;
    write_tsv_field(out, article.dateline.as_deref().unwrap_or_default())?;
    out.write_all(b"\t")?;
    out.write_all(numbers.format(article.words).as_bytes())?;
    out.write_all(b"\t")?;
    out.write_all(numbers.format(article.bytes()).as_bytes())?;
    out.write_all(b"\t")?;
    out.write_all(article.encoding_name().as_bytes())?;
    out.write_all(b"\t")?;
    out.write_all(article.format.label().as_bytes())?;
    let meta = article.meta();
    for field in [
        Some(article.source()),
        meta.authors.as_deref(),
        meta.url.as_deref(),
        meta.language.as_deref(),
        meta.date_problem.as_deref(),
    ] {
        out.write_all(b"\t")?;
        write_tsv_field(out, field.unwrap_or_default())?;
    }
    out.write_all(b"\t")?;
    if let Some(mark) = mark {
        for (i, tag) in mark.tags.iter().enumerate() {
            if i > 0 {
                out.write_all(b";")?;
            }
            write_tsv_field(out, tag)?;
        }
        out.write_all(b"\t")?;
        write_tsv_field(out, &mark.note)?;
    } else {
        out.write_all(b"\t")?;
    }
    Ok(())
}

/// `YYYY-MM-DD` (ISO 8601), written without the formatting machinery: the command line writes
/// one per row.
fn write_iso_date<W: Write>(out: &mut W, date: chrono::NaiveDate) -> io::Result<()> {
    use chrono::Datelike as _;
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        return write!(out, "{date}");
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let year = year.unsigned_abs();
    out.write_all(&[
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

/// A JSON writer's error as an I/O error of the same kind (a closed pipe stays one).
fn json_error(err: serde_json::Error) -> io::Error {
    match err.io_error_kind() {
        Some(kind) => io::Error::new(kind, err),
        None => io::Error::other(err),
    }
}

/// A CSV writer's error as an I/O error of the same kind (a closed pipe stays one).
fn csv_error(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Write a table of `rows` in `format`: TSV and CSV with a header row of `columns` and each
/// row's `cells`; JSON Lines with each row serialized (its keys are the columns).
pub fn write_rows<W: Write, R: serde::Serialize>(
    mut out: W,
    format: ExportFormat,
    columns: &[&str],
    rows: &[R],
    cells: &dyn Fn(&R) -> Vec<String>,
) -> io::Result<()> {
    match format {
        ExportFormat::Tsv => {
            write_tsv_row(&mut out, columns)?;
            for row in rows {
                write_tsv_row(&mut out, &cells(row))?;
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(columns).map_err(csv_error)?;
            for row in rows {
                writer.write_record(cells(row)).map_err(csv_error)?;
            }
            writer.flush()?;
        }
        ExportFormat::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut out, row).map_err(json_error)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()
}

/// Write articles in `format` (with a header row for TSV and CSV).
pub fn write_articles<'a, W: Write>(
    out: W,
    format: ExportFormat,
    articles: impl IntoIterator<Item = Marked<'a>>,
) -> io::Result<()> {
    match format {
        ExportFormat::Tsv => {
            let mut out = out;
            write_tsv_row(&mut out, &ARTICLE_COLUMNS)?;
            for article in articles {
                write_tsv_article(&mut out, article)?;
            }
            out.flush()
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(ARTICLE_COLUMNS).map_err(csv_error)?;
            for article in articles {
                writer
                    .write_record(ArticleRow::new(article).fields())
                    .map_err(csv_error)?;
            }
            writer.flush()
        }
        ExportFormat::Jsonl => {
            let mut out = out;
            for article in articles {
                serde_json::to_writer(&mut out, &ArticleRow::new(article)).map_err(json_error)?;
                out.write_all(b"\n")?;
            }
            out.flush()
        }
    }
}

#[derive(serde::Serialize)]
struct SearchRow<'a> {
    #[serde(flatten)]
    article: ArticleRow<'a>,
    hits: usize,
}

impl ExportFormat {
    /// The format a file name asks for: JSON Lines for `.jsonl`, `.ndjson` and `.json`, TSV for
    /// `.tsv`, else CSV.
    pub fn for_path(path: &std::path::Path) -> Self {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("jsonl" | "ndjson" | "json") => Self::Jsonl,
            Some("tsv") => Self::Tsv,
            _ => Self::Csv,
        }
    }
}

/// Write search results (the article columns and `hits`) in `format`.
pub fn write_search_results<'a, W: Write>(
    mut out: W,
    format: ExportFormat,
    rows: impl IntoIterator<Item = (Marked<'a>, usize)>,
) -> io::Result<()> {
    let mut numbers = itoa::Buffer::new();
    let mut header = ARTICLE_COLUMNS.to_vec();
    header.push("hits");
    match format {
        ExportFormat::Tsv => {
            write_tsv_row(&mut out, &header)?;
            for (article, hits) in rows {
                write_tsv_article_fields(&mut out, article)?;
                out.write_all(b"\t")?;
                out.write_all(numbers.format(hits).as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(header).map_err(csv_error)?;
            for (article, hits) in rows {
                let mut record = ArticleRow::new(article).fields().to_vec();
                record.push(hits.to_string());
                writer.write_record(record).map_err(csv_error)?;
            }
            writer.flush()?;
        }
        ExportFormat::Jsonl => {
            for (article, hits) in rows {
                let row = SearchRow {
                    article: ArticleRow::new(article),
                    hits,
                };
                serde_json::to_writer(&mut out, &row).map_err(json_error)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()
}

/// An article cited on one line: outlet (else folder), date, headline, file (and which article
/// of it), and the paragraph of the passage cited.
pub fn citation(article: &Article, number_in_file: u32, paragraph: Option<usize>) -> String {
    let date = article.date.map_or_else(
        || "undated".to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let mut line = format!(
        "{}, {date}, \"{}\", {}",
        article.source(),
        article.title,
        article.path
    );
    if number_in_file > 1 {
        line.push_str(&format!(" (article {number_in_file})"));
    }
    if let Some(paragraph) = paragraph {
        line.push_str(&format!(", para. {paragraph}"));
    }
    line
}

/// One hit in its context (a concordance line).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct KwicRow {
    /// The article's path.
    pub path: String,
    /// Text before the hit.
    pub left: String,
    /// The hit as written.
    pub hit: String,
    /// Text after the hit.
    pub right: String,
}

/// Write concordance lines (`path`, `left`, `hit`, `right`) in `format`.
pub fn write_kwic<W: Write>(mut out: W, format: ExportFormat, rows: &[KwicRow]) -> io::Result<()> {
    const COLUMNS: [&str; 4] = ["path", "left", "hit", "right"];
    match format {
        ExportFormat::Tsv => {
            if !rows.is_empty() {
                write_tsv_row(&mut out, &COLUMNS)?;
            }
            for row in rows {
                write_tsv_row(&mut out, &[&row.path, &row.left, &row.hit, &row.right])?;
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            if !rows.is_empty() {
                writer.write_record(COLUMNS).map_err(csv_error)?;
            }
            for row in rows {
                writer
                    .write_record([&row.path, &row.left, &row.hit, &row.right])
                    .map_err(csv_error)?;
            }
            writer.flush()?;
        }
        ExportFormat::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut out, row).map_err(json_error)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()
}

#[derive(serde::Serialize)]
struct SkippedRow<'a> {
    path: &'a str,
    reason: String,
}

/// Write skipped files (`path`, `reason`) in `format`.
pub fn write_skipped<'a, W: Write>(
    out: W,
    format: ExportFormat,
    skipped: impl IntoIterator<Item = &'a SkippedFile>,
) -> io::Result<()> {
    let rows = skipped.into_iter().map(|s| SkippedRow {
        path: &s.path,
        reason: s.reason.to_string(),
    });
    match format {
        ExportFormat::Tsv => {
            let mut out = out;
            writeln!(out, "path\treason")?;
            for row in rows {
                write_tsv_row(&mut out, &[row.path, &row.reason])?;
            }
            out.flush()
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(["path", "reason"]).map_err(csv_error)?;
            for row in rows {
                writer
                    .write_record([row.path, &row.reason])
                    .map_err(csv_error)?;
            }
            writer.flush()
        }
        ExportFormat::Jsonl => {
            let mut out = out;
            for row in rows {
                serde_json::to_writer(&mut out, &row).map_err(json_error)?;
                out.write_all(b"\n")?;
            }
            out.flush()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_match_chrono_for_every_year_shape() {
        for (y, m, d) in [
            (2024, 4, 17),
            (987, 3, 4),
            (5, 12, 31),
            (-44, 3, 15),
            (12000, 1, 1),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = Vec::new();
            write_iso_date(&mut out, date).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), date.to_string());
        }
    }

    #[test]
    fn tsv_rows_replace_tabs_and_breaks_and_write_every_column() {
        let mut article = Article::for_test("a/b.txt");
        article.title = "Tab\there\nand there".into();
        article.date = chrono::NaiveDate::from_ymd_opt(2021, 2, 3);
        article.words = 42;
        article.size_bytes = 300;
        let mark = Mark {
            tags: ["frame: risk", "relevant"].map(str::to_owned).into(),
            note: "first\tline\nsecond".to_owned(),
            ..Mark::default()
        };
        let mut out = Vec::new();
        write_articles(
            &mut out,
            ExportFormat::Tsv,
            [(&article, None), (&article, Some(&mark))],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        for (i, row) in text.lines().skip(1).enumerate() {
            let fields: Vec<&str> = row.split('\t').collect();
            assert_eq!(fields.len(), ARTICLE_COLUMNS.len());
            assert_eq!(
                &fields[..3],
                ["a/b.txt", "2021-02-03", "Tab here and there"]
            );
            assert_eq!(&fields[5..7], ["42", "300"]);
            let marked = if i == 0 {
                ["", ""]
            } else {
                ["frame: risk;relevant", "first line second"]
            };
            assert_eq!(&fields[14..], marked);
        }
        let mut out = Vec::new();
        write_articles(&mut out, ExportFormat::Jsonl, [(&article, Some(&mark))]).unwrap();
        let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(row["tags"], serde_json::json!(["frame: risk", "relevant"]));
        assert_eq!(row["note"], "first\tline\nsecond");
    }

    #[test]
    fn a_citation_is_one_line_with_the_paragraph_when_there_is_one() {
        let mut article = Article::for_test("courier/briefs.csv");
        article.title = "Lamp Fixed".into();
        article.date = chrono::NaiveDate::from_ymd_opt(2023, 7, 1);
        assert_eq!(
            citation(&article, 8, Some(3)),
            "courier, 2023-07-01, \"Lamp Fixed\", courier/briefs.csv (article 8), para. 3"
        );
        article.date = None;
        assert_eq!(
            citation(&article, 1, None),
            "courier, undated, \"Lamp Fixed\", courier/briefs.csv"
        );
    }
}
