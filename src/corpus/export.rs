//! Writing article lists and skipped-file lists as TSV, CSV or JSON Lines, for scripts and the
//! command line.

use std::io::{self, Write};

use super::article::Article;
use super::reader::SkippedFile;

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
pub const ARTICLE_COLUMNS: [&str; 8] = [
    "path",
    "date",
    "title",
    "title_derived",
    "dateline",
    "words",
    "bytes",
    "encoding",
];

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
}

impl<'a> ArticleRow<'a> {
    fn new(article: &'a Article) -> Self {
        Self {
            path: &article.path,
            date: article.date.map(|d| d.format("%Y-%m-%d").to_string()),
            title: &article.title,
            title_derived: article.title_derived(),
            dateline: article.dateline.as_deref(),
            words: article.words,
            bytes: article.size_bytes,
            encoding: article.encoding_name(),
        }
    }

    fn fields(&self) -> [String; 8] {
        [
            self.path.to_owned(),
            self.date.clone().unwrap_or_default(),
            self.title.to_owned(),
            self.title_derived.to_string(),
            self.dateline.unwrap_or_default().to_owned(),
            self.words.to_string(),
            self.bytes.to_string(),
            self.encoding.to_owned(),
        ]
    }
}

/// Write one TSV field: tabs and line breaks become spaces (only then is anything copied).
fn write_tsv_field<W: Write>(out: &mut W, field: &str) -> io::Result<()> {
    if field.contains(['\t', '\n', '\r']) {
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

fn write_tsv_article<W: Write>(out: &mut W, article: &Article) -> io::Result<()> {
    write_tsv_field(out, &article.path)?;
    out.write_all(b"\t")?;
    if let Some(date) = article.date {
        write!(out, "{date}")?; // ISO 8601: YYYY-MM-DD
    }
    out.write_all(b"\t")?;
    write_tsv_field(out, &article.title)?;
    write!(out, "\t{}\t", article.title_derived())?;
    write_tsv_field(out, article.dateline.as_deref().unwrap_or_default())?;
    writeln!(
        out,
        "\t{}\t{}\t{}",
        article.words,
        article.size_bytes,
        article.encoding_name()
    )
}

/// Write articles in `format` (with a header row for TSV and CSV).
pub fn write_articles<'a, W: Write>(
    out: W,
    format: ExportFormat,
    articles: impl IntoIterator<Item = &'a Article>,
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
            writer
                .write_record(ARTICLE_COLUMNS)
                .map_err(io::Error::other)?;
            for article in articles {
                writer
                    .write_record(ArticleRow::new(article).fields())
                    .map_err(io::Error::other)?;
            }
            writer.flush()
        }
        ExportFormat::Jsonl => {
            let mut out = out;
            for article in articles {
                serde_json::to_writer(&mut out, &ArticleRow::new(article))
                    .map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            }
            out.flush()
        }
    }
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
            writer
                .write_record(["path", "reason"])
                .map_err(io::Error::other)?;
            for row in rows {
                writer
                    .write_record([row.path, &row.reason])
                    .map_err(io::Error::other)?;
            }
            writer.flush()
        }
        ExportFormat::Jsonl => {
            let mut out = out;
            for row in rows {
                serde_json::to_writer(&mut out, &row).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            }
            out.flush()
        }
    }
}
