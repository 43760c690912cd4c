//! What a scan tells its listener, and how it is set up: options, counts, batches, the end.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::sink::SkippedFile;
use super::stamp::{FileStamp, FolderStamp, Previous};
use crate::corpus::article::Article;

/// Called by the scan after each message it sends (e.g. to wake a window's event loop).
pub type Notify = std::sync::Arc<dyn Fn() + Send + Sync>;

/// Called by the scan with each article file's path just before it is read, from the scan's
/// threads. Tests use it to change the folder while it is scanned.
pub type BeforeRead = std::sync::Arc<dyn Fn(&Path) + Send + Sync>;

/// Told the body of each article a scan reads whole from a plain-text file or a LexisNexis
/// batch (the text its words are counted from: what
/// [`crate::corpus::BodyLoader::load_words_text`] would give, or for a LexisNexis document
/// the same words with its line breaks as the file has them), on the scan's thread that read
/// it. Each of the scan's threads gets one of its own.
pub trait ArticleText: Send {
    /// One article and its body.
    fn article_text(&mut self, article: &Article, body: &str);
}

/// Makes each scan thread's [`ArticleText`] (called once by every thread as it starts; the
/// thread drops it as it ends).
pub type ArticleTexts = std::sync::Arc<dyn Fn() -> Box<dyn ArticleText> + Send + Sync>;

/// Settings for a scan.
#[derive(Clone)]
pub struct ScanOptions {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Records per batch sent to the listener.
    pub batch_size: usize,
    /// A partial batch is sent when it is this old, so rows appear while a scan runs.
    pub flush_interval: Duration,
    /// Batches that may wait in the channel before workers slow down.
    pub channel_capacity: usize,
    /// Called after every message sent, from the scan's threads.
    pub notify: Option<Notify>,
    /// Ask the file system for each file's size and modification time (one `fstat` per file).
    /// Without, records carry no modification time; `list`, which prints none, saves the call.
    pub modified_times: bool,
    /// Called before each article file is read (see [`BeforeRead`]).
    pub before_read: Option<BeforeRead>,
    /// An earlier scan of the folder: files whose stamp it still knows are not read again.
    pub previous: Option<std::sync::Arc<dyn Previous>>,
    /// Told the bodies of the plain-text articles read (see [`ArticleText`]), e.g. to count
    /// their words while their files are in hand.
    pub texts: Option<ArticleTexts>,
}

impl std::fmt::Debug for ScanOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanOptions")
            .field("threads", &self.threads)
            .field("batch_size", &self.batch_size)
            .field("flush_interval", &self.flush_interval)
            .field("channel_capacity", &self.channel_capacity)
            .field("notify", &self.notify.is_some())
            .field("modified_times", &self.modified_times)
            .field("before_read", &self.before_read.is_some())
            .field("previous", &self.previous.is_some())
            .field("texts", &self.texts.is_some())
            .finish()
    }
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            threads: 0,
            batch_size: 512,
            flush_interval: Duration::from_millis(30),
            channel_capacity: 64,
            notify: None,
            modified_times: true,
            before_read: None,
            previous: None,
            texts: None,
        }
    }
}

/// Counts so far (or in total, in [`ScanSummary`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ScanProgress {
    /// Files (and unlistable folders) met.
    pub files_seen: u64,
    /// Files that gave at least one article.
    pub article_files: u64,
    /// Articles found (more than `article_files` when a file holds many).
    pub articles: u64,
    /// Files that could not be read as articles (each with a reason).
    pub skipped: u64,
    /// Files that are not articles: other extensions, hidden files.
    pub ignored: u64,
    /// Bytes of article files read.
    pub bytes_read: u64,
    /// Records inside multi-article files that could not be read (each listed with the
    /// skipped files, with its position).
    pub bad_records: u64,
}

/// The stamps of the files and folders a scan visited (see [`super::stamp`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamps {
    /// Files with an article's extension, each with what it gave.
    pub files: Vec<FileStamp>,
    /// Folders listed (not hidden ones).
    pub folders: Vec<FolderStamp>,
}

impl Stamps {
    /// Put both lists in path order.
    ///
    /// A stable sort: the scan's workers sort each batch they send, so the stamps of a whole
    /// scan are runs that it merges (paths are unique, so the order is the same either way).
    pub fn sort(&mut self) {
        self.files
            .sort_by(|a, b| (&a.path, &a.raw_path).cmp(&(&b.path, &b.raw_path)));
        self.folders
            .sort_by(|a, b| (&a.path, &a.raw_path).cmp(&(&b.path, &b.raw_path)));
    }
}

/// How a scan ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanSummary {
    /// Final counts.
    pub totals: ScanProgress,
    /// Hidden folders not entered.
    pub hidden_folders: u64,
    /// True when the scan was cancelled before the end.
    pub cancelled: bool,
    /// Wall time of the scan.
    pub elapsed: Duration,
}

/// A message from a running scan.
#[derive(Debug)]
pub enum ScanEvent {
    /// Some records and skipped files, with the counts at the time.
    Batch {
        /// Articles found.
        articles: Vec<Article>,
        /// Files that were skipped, with reasons.
        skipped: Vec<SkippedFile>,
        /// The stamps of the files and folders visited.
        stamps: Stamps,
        /// Counts when the batch was sent.
        progress: ScanProgress,
    },
    /// The scan is over; no more messages follow.
    Finished(ScanSummary),
}

/// Why a scan could not start.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The folder does not exist.
    #[error("folder not found: {0}")]
    NotFound(PathBuf),
    /// The path is a file or something else.
    #[error("not a folder: {0}")]
    NotAFolder(PathBuf),
    /// The folder exists but cannot be read.
    #[error("cannot read folder {path}: {source}")]
    Unreadable {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The scan thread could not be started.
    #[error("could not start the scan thread: {0}")]
    Thread(std::io::Error),
}
