//! The article formats the scanner knows, chosen by file extension (and, for `.txt`, by what
//! the file holds).
//!
//! Each format turns one file into zero or more [`Article`]s and can read one article's body
//! again. Files holding many articles record each article's [`super::ByteSpan`] so the reader
//! loads one without parsing the whole file again.

use std::path::Path;

use super::article::Article;
use super::body::{ArticleBody, BodyError};
use super::reader::{ArticleSink, FileInfo, SkipReason};

/// A file format the scanner reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FormatKind {
    /// One article per `.txt` file (see [`super::plaintext`] for the layouts understood).
    PlainText,
    /// Text or Markdown opening with a YAML front-matter block (`---`, `title:`, `date:` …).
    FrontMatter,
    /// A LexisNexis text batch export: `1 of 25 DOCUMENTS`, outlet, date, headline, labelled
    /// fields, body, `LOAD-DATE:` … (many articles per `.txt` file).
    LexisNexis,
    /// One JSON object per `.json` file (the news-please crawler's layout), or an array of
    /// them.
    Json,
    /// JSON Lines (`.jsonl`, `.ndjson`): one article object per line.
    JsonLines,
    /// Comma-separated values with a header row, one article per row.
    Csv,
    /// Tab-separated values with a header row, one article per row.
    Tsv,
    /// A Nexis Uni Word export (`.docx`): many articles, each ending `End of Document`.
    NexisUni,
}

impl FormatKind {
    /// The formats chosen by extension, in the order they are tried. (`FrontMatter` and
    /// `LexisNexis` `.txt` files are recognised by their content.)
    pub const BY_EXTENSION: [Self; 6] = [
        Self::PlainText,
        Self::FrontMatter,
        Self::Json,
        Self::JsonLines,
        Self::Csv,
        Self::NexisUni,
    ];

    /// The format for a path, from its extension (case-insensitive); `None` for other files,
    /// which the scan counts as ignored.
    pub fn for_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?;
        if extension.eq_ignore_ascii_case("tsv") {
            return Some(Self::Tsv);
        }
        Self::BY_EXTENSION.into_iter().find(|format| {
            format
                .extensions()
                .iter()
                .any(|e| e.eq_ignore_ascii_case(extension))
        })
    }

    /// File extensions (without the dot) this format reads.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::PlainText | Self::LexisNexis => &["txt"],
            Self::FrontMatter => &["md", "markdown"],
            Self::Json => &["json"],
            Self::JsonLines => &["jsonl", "ndjson"],
            Self::Csv => &["csv"],
            Self::Tsv => &["tsv"],
            Self::NexisUni => &["docx"],
        }
    }

    /// A short name for people, e.g. in the reader.
    pub fn label(self) -> &'static str {
        match self {
            Self::PlainText => "plain text",
            Self::FrontMatter => "text with front matter",
            Self::LexisNexis => "LexisNexis text export",
            Self::Json => "JSON",
            Self::JsonLines => "JSON Lines",
            Self::Csv => "CSV",
            Self::Tsv => "TSV",
            Self::NexisUni => "Nexis Uni DOCX export",
        }
    }

    /// Read the articles of one opened file.
    pub(crate) fn read_articles(
        self,
        file: &mut std::fs::File,
        info: &FileInfo<'_>,
        buffer: &mut Vec<u8>,
        out: &mut dyn ArticleSink,
    ) -> Result<(), SkipReason> {
        match self {
            Self::PlainText | Self::LexisNexis => {
                super::reader::read_text_file(file, info, buffer, out, false)
            }
            Self::FrontMatter => super::reader::read_text_file(file, info, buffer, out, true),
            Self::Json => super::json::read_json(file, info, buffer, out),
            Self::JsonLines => super::json::read_json_lines(file, info, out),
            Self::Csv | Self::Tsv => super::delimited::read(self, file, info, out),
            Self::NexisUni => super::docx::read(file, info, out),
        }
    }

    /// Read one article's body again.
    pub(crate) fn load_body(
        self,
        file: &mut std::fs::File,
        article: &Article,
        max_bytes: usize,
    ) -> Result<ArticleBody, BodyError> {
        match self {
            Self::PlainText => super::body::load_plain_text_body(file, article, max_bytes),
            Self::FrontMatter => super::frontmatter::load_body(file, article, max_bytes),
            Self::LexisNexis => super::lexis::load_body(file, article, max_bytes),
            Self::Json | Self::JsonLines => super::json::load_body(file, article, max_bytes),
            Self::Csv | Self::Tsv => super::delimited::load_body(file, article, max_bytes),
            Self::NexisUni => super::docx::load_body(file, article, max_bytes),
        }
    }
}
