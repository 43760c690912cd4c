//! The article record: the metadata the table holds for one article.
//!
//! A record is small on purpose (see the Performance section of the README): the body is never
//! kept, only what the table shows and what [`crate::corpus::load_body`] needs to read the
//! article again.

use std::path::Path;

use chrono::NaiveDate;
use encoding_rs::Encoding;

/// Index of an article in [`super::Corpus::articles`]: views of the corpus are lists of ids,
/// so filtering and sorting a million records never copies them.
pub type ArticleId = u32;

/// A file format the scanner reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FormatKind {
    /// One article per `.txt` file (see [`super::formats::layout`] for the layouts understood).
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
    /// Every format, in the order they are described to people.
    pub const ALL: [Self; 8] = [
        Self::PlainText,
        Self::FrontMatter,
        Self::LexisNexis,
        Self::NexisUni,
        Self::Json,
        Self::JsonLines,
        Self::Csv,
        Self::Tsv,
    ];

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
}

/// Where an article sits inside a file that holds many articles (a byte range of the file).
///
/// Plain-text files hold one article each and have no span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ByteSpan {
    /// Offset of the first byte of the article in its file.
    pub start: u64,
    /// Length of the article in bytes.
    pub len: u64,
}

/// Where an article's title came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TitleSource {
    /// A headline line written in the file.
    Headline,
    /// The first sentence of the lead paragraph (the file had no headline).
    LeadSentence,
    /// The file name (the text gave nothing usable as a title).
    FileName,
}

impl TitleSource {
    /// A sentence for a tooltip: where this title came from.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Headline => "Headline from the file",
            Self::LeadSentence => {
                "No headline in the file: title taken from the first sentence of the lead"
            }
            Self::FileName => "No usable text for a title: the file name is shown",
        }
    }
}

/// Fields some formats carry beyond the plain-text layout. Kept out of line (boxed) so that a
/// plain-text record, which has none of them, stays small.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleMeta {
    /// The outlet that published the article (`source_domain`, `outlet`, the LexisNexis
    /// publication line).
    pub outlet: Option<Box<str>>,
    /// The article's address on the web.
    pub url: Option<Box<str>>,
    /// Authors, separated by `; `.
    pub authors: Option<Box<str>>,
    /// The language as the file states it (`en`, `ENGLISH`).
    pub language: Option<Box<str>>,
    /// Why the article is undated although its file gave a date (the date could not be read).
    pub date_problem: Option<Box<str>>,
}

impl ArticleMeta {
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + [
                &self.outlet,
                &self.url,
                &self.authors,
                &self.language,
                &self.date_problem,
            ]
            .iter()
            .map(|field| field.as_ref().map_or(0, |f| f.len()))
            .sum::<usize>()
    }
}

/// One article found by a scan: metadata only, no body.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// Path relative to the scanned folder, with `/` as separator on every platform. A name
    /// that is not valid Unicode shows U+FFFD here; [`Article::raw_path`] keeps the real one.
    pub path: Box<str>,
    /// The real relative path when it is not valid Unicode (so the file can be read again).
    pub raw_path: Option<Box<std::path::Path>>,
    /// The headline, or a title derived from the lead (see [`Article::title_derived`]).
    pub title: Box<str>,
    /// Where the title came from: a headline, or derived from the text.
    pub title_source: TitleSource,
    /// Publication date, when the article states one.
    pub date: Option<NaiveDate>,
    /// The dateline that opens the lead, e.g. `BROOKLYN, N.Y. (CN)`.
    pub dateline: Option<Box<str>>,
    /// Whitespace-separated tokens of the text, not counting the ` date YYYY-MM-DD` marker.
    pub words: u32,
    /// Size of the file in bytes (for an article in a file of many, the whole file's size, as
    /// the scan saw it: [`Article::bytes`] is the article's own).
    pub size_bytes: u64,
    /// Last modification time of the file, in seconds since the Unix epoch.
    pub modified_unix_s: Option<i64>,
    /// The encoding the text was decoded from.
    pub encoding: &'static Encoding,
    /// Whether the file began with a byte-order mark.
    pub had_bom: bool,
    /// Which reader produced the record, and so how [`crate::corpus::load_body`] reads it again.
    pub format: FormatKind,
    /// For files holding many articles: where this one sits.
    pub span: Option<ByteSpan>,
    /// Outlet, URL, authors, language, when the format has them.
    pub meta: Option<Box<ArticleMeta>>,
}

impl Article {
    /// The folder the article is in, relative to the scanned folder (`""` at the top level).
    pub fn folder(&self) -> &str {
        match self.path.rfind('/') {
            Some(slash) => &self.path[..slash],
            None => "",
        }
    }

    /// The file name without its folder.
    pub fn file_name(&self) -> &str {
        match self.path.rfind('/') {
            Some(slash) => &self.path[slash + 1..],
            None => &self.path,
        }
    }

    /// The article's size in bytes: its span in a file of many, else the whole file.
    pub fn bytes(&self) -> u64 {
        self.span.map_or(self.size_bytes, |span| span.len)
    }

    /// The outlet, URL, authors and language (all empty for a plain-text article).
    pub fn meta(&self) -> &ArticleMeta {
        static NONE: ArticleMeta = ArticleMeta {
            outlet: None,
            url: None,
            authors: None,
            language: None,
            date_problem: None,
        };
        self.meta.as_deref().unwrap_or(&NONE)
    }

    /// What the Source column shows: the outlet the file names, or else the folder.
    pub fn source(&self) -> &str {
        self.meta()
            .outlet
            .as_deref()
            .unwrap_or_else(|| self.folder())
    }

    /// The corpus's deterministic order: by path (bytes), then by position within the file.
    /// Names that are not UTF-8 and look alike (`caf\u{FFFD}.txt`) are told apart by their
    /// real bytes.
    pub fn path_order(&self, other: &Self) -> std::cmp::Ordering {
        self.path
            .cmp(&other.path)
            .then_with(|| self.raw_path.cmp(&other.raw_path))
            .then_with(|| self.span.map(|s| s.start).cmp(&other.span.map(|s| s.start)))
    }

    /// True when the title was derived from the text rather than written as a headline.
    pub fn title_derived(&self) -> bool {
        self.title_source != TitleSource::Headline
    }

    /// The relative path to open the file with (the real one when it is not valid Unicode).
    pub fn fs_path(&self) -> std::borrow::Cow<'_, std::path::Path> {
        match &self.raw_path {
            Some(raw) => std::borrow::Cow::Borrowed(raw),
            None => std::borrow::Cow::Owned(self.path.split('/').collect()),
        }
    }

    /// The encoding's name as users know it, e.g. `UTF-8`, `UTF-16LE`, `windows-1252`.
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    /// True when the text was not UTF-8 (the reader says which encoding it was read as).
    pub fn is_legacy_encoding(&self) -> bool {
        self.encoding != encoding_rs::UTF_8
            && self.encoding != encoding_rs::UTF_16LE
            && self.encoding != encoding_rs::UTF_16BE
    }

    /// Approximate bytes this record occupies in memory: the struct plus its strings.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.path.len()
            + self.title.len()
            + self.dateline.as_ref().map_or(0, |d| d.len())
            + self.meta.as_ref().map_or(0, |m| m.memory_bytes())
    }
}

#[cfg(test)]
impl Article {
    /// A plain UTF-8 headline record at `path` (title = path), for tests to adjust.
    pub(crate) fn for_test(path: &str) -> Self {
        Self {
            path: path.into(),
            raw_path: None,
            title: path.into(),
            title_source: TitleSource::Headline,
            date: None,
            dateline: None,
            words: 0,
            size_bytes: 0,
            modified_unix_s: None,
            encoding: encoding_rs::UTF_8,
            had_bom: false,
            format: FormatKind::PlainText,
            span: None,
            meta: None,
        }
    }
}

/// What a folder's articles may be, in a sentence: every format with its extensions.
pub fn formats_sentence() -> String {
    let described: Vec<String> = FormatKind::ALL
        .iter()
        .map(|format| {
            let extensions: Vec<String> = format
                .extensions()
                .iter()
                .map(|e| format!(".{e}"))
                .collect();
            format!("{} ({})", format.label(), extensions.join(", "))
        })
        .collect();
    let (last, first) = described
        .split_last()
        .map_or((None, &[][..]), |(l, f)| (Some(l), f));
    match last {
        Some(last) => format!(
            "Articles are read from {} and {last} files.",
            first.join(", ")
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formats_sentence_names_every_format_and_extension() {
        let sentence = formats_sentence();
        for format in FormatKind::ALL {
            assert!(sentence.contains(format.label()), "{sentence}");
            for extension in format.extensions() {
                assert!(sentence.contains(&format!(".{extension}")), "{sentence}");
            }
        }
        assert!(sentence.starts_with("Articles are read from plain text (.txt), "));
        assert!(sentence.ends_with(" and TSV (.tsv) files."), "{sentence}");
    }

    fn article(path: &str) -> Article {
        Article::for_test(path)
    }

    #[test]
    fn folder_and_file_name_split_on_the_last_slash() {
        let nested = article("outlet/2024/a.txt");
        assert_eq!(nested.folder(), "outlet/2024");
        assert_eq!(nested.file_name(), "a.txt");
        let top = article("a.txt");
        assert_eq!(top.folder(), "");
        assert_eq!(top.file_name(), "a.txt");
    }

    #[test]
    fn record_stays_small() {
        // The table holds a million of these; keep the fixed part compact.
        assert!(
            std::mem::size_of::<Article>() <= 144,
            "{}",
            std::mem::size_of::<Article>()
        );
    }
}
