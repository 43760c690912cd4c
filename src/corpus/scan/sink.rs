//! Where a format's reader delivers what it finds in one file, and what it says about a file
//! it could not read.
//!
//! A file that cannot become an article is never dropped silently: it becomes a
//! [`SkippedFile`] with its path and a [`SkipReason`] people can read.

use std::io;
use std::path::Path;

use crate::corpus::article::Article;

/// Why a file did not become an article.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum SkipReason {
    /// The file has no bytes.
    Empty,
    /// The file holds only whitespace.
    Blank,
    /// The bytes are not text.
    Binary,
    /// A pipe, socket or device with an article's extension.
    NotRegularFile,
    /// The file was listed but was gone when it was opened.
    Vanished,
    /// A symbolic link whose target does not exist.
    BrokenLink,
    /// A symbolic link that leads back into one of its own parent folders.
    LinkLoop,
    /// The operating system refused to open the file or list the folder.
    PermissionDenied,
    /// A folder that could not be listed, with the system's message.
    FolderUnreadable(String),
    /// Any other read error, with the system's message.
    ReadError(String),
    /// A file of a multi-article format from which no article could be read (its bad records
    /// are listed separately).
    NoArticles,
    /// The file is too large for its format to be read (the limit is given).
    TooLarge(u64),
    /// The file is not in the layout its extension promises, e.g. a `.docx` that is not a
    /// Word document, or a CSV file without a text column.
    Malformed(String),
    /// One record inside a file holding many (a JSON line, a CSV row, a document of a batch)
    /// could not be read; the file's other records were.
    BadRecord {
        /// Where: `line 6`, `row 3 (line 9)`, `document 2 of 4`.
        at: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Not an article and not a problem: e.g. a Markdown note without front matter. Counted
    /// with the ignored files.
    NotAnArticle,
    /// Reading the file hit a bug in this program (a panic, with its message); the scan went
    /// on with the other files.
    Crashed(String),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("empty file (0 bytes)"),
            Self::Blank => f.write_str("no text: the file holds only whitespace"),
            Self::Binary => f.write_str("binary data, not text"),
            Self::NotRegularFile => f.write_str("not a regular file (a pipe, socket or device)"),
            Self::Vanished => f.write_str("the file disappeared during the scan"),
            Self::BrokenLink => f.write_str("broken symbolic link: its target does not exist"),
            Self::LinkLoop => f.write_str("symbolic link loop: it leads back into its own folder"),
            Self::PermissionDenied => f.write_str("permission denied"),
            Self::FolderUnreadable(message) => write!(f, "folder could not be listed: {message}"),
            Self::ReadError(message) => write!(f, "could not be read: {message}"),
            Self::NoArticles => f.write_str("no article could be read from the file"),
            Self::TooLarge(limit) => write!(
                f,
                "too large: files of this format are read up to {} MB",
                limit / (1024 * 1024)
            ),
            Self::Malformed(message) => f.write_str(message),
            Self::BadRecord { at, problem } => write!(f, "{at}: {problem}"),
            Self::NotAnArticle => {
                f.write_str("a note, not an article (a Markdown file without front matter)")
            }
            Self::Crashed(message) => write!(
                f,
                "reading this file failed unexpectedly (a bug in corpus-explorer, please report it): {message}"
            ),
        }
    }
}

impl SkipReason {
    /// The reason for an I/O error met while opening or reading a file.
    pub fn from_io(err: &io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::NotFound => Self::Vanished,
            io::ErrorKind::PermissionDenied => Self::PermissionDenied,
            // A file replaced by a folder after the walk listed it (reading a folder fails).
            io::ErrorKind::IsADirectory => Self::NotRegularFile,
            _ if is_link_loop(err) => Self::LinkLoop,
            _ => Self::ReadError(err.to_string()),
        }
    }
}

/// A file (or folder) the scan could not turn into articles.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SkippedFile {
    /// Path relative to the scanned folder, with `/`.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
}

impl SkippedFile {
    /// The order of the skipped list: by path, then a file's unreadable records by their
    /// position (`line 6` before `line 10`), whatever order the threads found them in.
    pub fn order(a: &Self, b: &Self) -> std::cmp::Ordering {
        let position = |s: &Self| match &s.reason {
            SkipReason::BadRecord { at, .. } => (1, natural_key(at), at.clone()),
            _ => (0, Vec::new(), String::new()),
        };
        a.path
            .cmp(&b.path)
            .then_with(|| position(a).cmp(&position(b)))
    }
}

/// The numbers in `text`, in order (`row 3 (line 9)` → `[3, 9]`).
fn natural_key(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(|run| run.parse().unwrap_or(u64::MAX))
        .collect()
}

/// Where a format's reader delivers what it finds in one file: the scan streams the articles
/// to the window as they come (a file can hold thousands).
pub trait ArticleSink {
    /// One article read.
    fn article(&mut self, article: Article);
    /// One article read whole from a plain-text file or a LexisNexis batch, with its body's
    /// text (see [`super::ArticleText`]); by default the body is not wanted.
    fn article_with_body(&mut self, article: Article, body: &str) {
        let _ = body;
        self.article(article);
    }
    /// One record that could not be read, with its position in the file.
    fn bad_record(&mut self, at: String, problem: String);
    /// True when nobody wants more (the scan was cancelled): readers of long files stop.
    fn stopped(&self) -> bool {
        false
    }
}

/// One record inside a file of many (a JSON line, a CSV row, a document of a batch) that could
/// not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRecord {
    /// Where it is: `line 6`, `row 3 (line 9)`, `document 2 of 4`.
    pub at: String,
    /// What is wrong with it.
    pub problem: String,
}

/// A sink that keeps everything (for [`super::read_file`] and tests).
#[derive(Debug, Default)]
pub struct Collected {
    /// The articles read.
    pub articles: Vec<Article>,
    /// The records that could not be read.
    pub bad_records: Vec<BadRecord>,
}

impl ArticleSink for Collected {
    fn article(&mut self, article: Article) {
        self.articles.push(article);
    }

    fn bad_record(&mut self, at: String, problem: String) {
        self.bad_records.push(BadRecord { at, problem });
    }
}

/// What the reader knows about a file before reading it.
#[derive(Clone, Copy, Debug)]
pub struct FileInfo<'a> {
    /// Relative path with `/` (for the record).
    pub rel_path: &'a str,
    /// The real relative path when `rel_path` had to replace invalid Unicode.
    pub raw_rel_path: Option<&'a Path>,
    /// Size from the file's metadata (`None` when the metadata was not asked for: the file is
    /// read to its end).
    pub size_bytes: Option<u64>,
    /// Modification time in seconds since the epoch.
    pub modified_unix_s: Option<i64>,
}

/// `ELOOP`: a link to itself, or links leading to each other (`io::ErrorKind::FilesystemLoop`
/// is not stable yet).
fn is_link_loop(err: &io::Error) -> bool {
    #[cfg(unix)]
    {
        err.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        false
    }
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}
