//! Scanning a folder: a parallel walk (ripgrep's `ignore` crate, with every ignore-file rule
//! off) that reads every article file on all cores and streams batches of records to whoever
//! listens.
//!
//! - Every file is accounted for: `article_files + skipped + ignored == files_seen`.
//! - Batches arrive in whatever order the threads produce them; [`ScanHandle::collect`] and
//!   [`super::Corpus::finish`] sort by path, so the final order never depends on timing.
//! - The channel is bounded. Cancelling (or dropping the handle, and with it the receiver)
//!   stops the workers within milliseconds: they check the flag before every file and never
//!   block on a full channel for long.
//! - Nothing is ever written into the scanned folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use ignore::{DirEntry, WalkBuilder, WalkState};

use super::article::Article;
use super::format::FormatKind;
use super::reader::{self, ArticleSink, SkipReason, SkippedFile};

/// Called by the scan after each message it sends (e.g. to wake a window's event loop).
pub type Notify = std::sync::Arc<dyn Fn() + Send + Sync>;

/// Called by the scan with each article file's path just before it is read, from the scan's
/// threads. Tests use it to change the folder while it is scanned.
pub type BeforeRead = std::sync::Arc<dyn Fn(&Path) + Send + Sync>;

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

/// A running scan. Dropping it cancels the scan.
#[derive(Debug)]
pub struct ScanHandle {
    root: PathBuf,
    receiver: Receiver<ScanEvent>,
    cancel: Arc<AtomicBool>,
}

impl ScanHandle {
    /// The folder being scanned (as given, made absolute).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The stream of batches, ending with [`ScanEvent::Finished`].
    pub fn receiver(&self) -> &Receiver<ScanEvent> {
        &self.receiver
    }

    /// A handle on a stream fed by someone else (tests of what listens to a scan).
    #[cfg(test)]
    pub(crate) fn from_receiver(root: PathBuf, receiver: Receiver<ScanEvent>) -> Self {
        Self {
            root,
            receiver,
            cancel: Arc::default(),
        }
    }

    /// Ask the workers to stop; a `Finished` event with `cancelled: true` follows shortly.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Wait for the whole scan and return everything sorted by path.
    pub fn collect(self) -> super::Corpus {
        let mut corpus = super::Corpus::new(self.root.clone());
        for event in &self.receiver {
            if corpus.apply(event) {
                break;
            }
        }
        corpus
    }
}

impl Drop for ScanHandle {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Check that `folder` can be scanned and return its absolute path.
pub fn check_folder(folder: &Path) -> Result<PathBuf, ScanError> {
    let metadata = std::fs::metadata(folder).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ScanError::NotFound(folder.to_path_buf()),
        _ => ScanError::Unreadable {
            path: folder.to_path_buf(),
            source,
        },
    })?;
    if !metadata.is_dir() {
        return Err(ScanError::NotAFolder(folder.to_path_buf()));
    }
    std::fs::read_dir(folder).map_err(|source| ScanError::Unreadable {
        path: folder.to_path_buf(),
        source,
    })?;
    Ok(std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf()))
}

/// Start scanning `folder` on background threads.
pub fn start_scan(folder: &Path, options: ScanOptions) -> Result<ScanHandle, ScanError> {
    let root = check_folder(folder)?;
    let (sender, receiver) = mpsc::sync_channel(options.channel_capacity.max(1));
    let cancel = Arc::new(AtomicBool::new(false));
    let worker_root = root.clone();
    let worker_cancel = Arc::clone(&cancel);
    std::thread::Builder::new()
        .name("corpus-scan".to_owned())
        .spawn(move || run_scan(&worker_root, &options, &sender, &worker_cancel))
        .map_err(ScanError::Thread)?;
    Ok(ScanHandle {
        root,
        receiver,
        cancel,
    })
}

/// Scan `folder` and wait for the result (for the command line and tests).
pub fn scan_folder(folder: &Path) -> Result<super::Corpus, ScanError> {
    Ok(start_scan(folder, ScanOptions::default())?.collect())
}

#[derive(Default)]
struct Counters {
    files_seen: AtomicU64,
    article_files: AtomicU64,
    articles: AtomicU64,
    skipped: AtomicU64,
    ignored: AtomicU64,
    bytes_read: AtomicU64,
    bad_records: AtomicU64,
    hidden_folders: AtomicU64,
}

impl Counters {
    fn snapshot(&self) -> ScanProgress {
        ScanProgress {
            files_seen: self.files_seen.load(Ordering::Relaxed),
            article_files: self.article_files.load(Ordering::Relaxed),
            articles: self.articles.load(Ordering::Relaxed),
            skipped: self.skipped.load(Ordering::Relaxed),
            ignored: self.ignored.load(Ordering::Relaxed),
            bytes_read: self.bytes_read.load(Ordering::Relaxed),
            bad_records: self.bad_records.load(Ordering::Relaxed),
        }
    }
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().as_encoded_bytes().first() == Some(&b'.')
}

fn run_scan(
    root: &Path,
    options: &ScanOptions,
    sender: &SyncSender<ScanEvent>,
    cancel: &Arc<AtomicBool>,
) {
    let started = Instant::now();
    let counters = Arc::new(Counters::default());
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        options.threads
    };
    let filter_counters = Arc::clone(&counters);
    let walker = WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(true)
        .threads(threads)
        .filter_entry(move |entry| {
            if !is_hidden(entry) {
                return true;
            }
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                filter_counters
                    .hidden_folders
                    .fetch_add(1, Ordering::Relaxed);
            } else {
                filter_counters.files_seen.fetch_add(1, Ordering::Relaxed);
                filter_counters.ignored.fetch_add(1, Ordering::Relaxed);
            }
            false
        })
        .build_parallel();
    let mut builder = VisitorBuilder {
        root,
        options,
        sender,
        cancel,
        counters: &counters,
    };
    walker.visit(&mut builder);
    let summary = ScanSummary {
        totals: counters.snapshot(),
        hidden_folders: counters.hidden_folders.load(Ordering::Relaxed),
        cancelled: cancel.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    };
    let _ = send_event(sender, ScanEvent::Finished(summary), cancel, true);
    if let Some(notify) = &options.notify {
        notify();
    }
}

/// Send without blocking forever: retry while the channel is full unless the scan was
/// cancelled. `always` delivers the final message even after a cancel. Returns false when the
/// listener is gone.
fn send_event(
    sender: &SyncSender<ScanEvent>,
    mut event: ScanEvent,
    cancel: &AtomicBool,
    always: bool,
) -> bool {
    loop {
        match sender.try_send(event) {
            Ok(()) => return true,
            Err(TrySendError::Disconnected(_)) => {
                cancel.store(true, Ordering::Relaxed);
                return false;
            }
            Err(TrySendError::Full(back)) => {
                if cancel.load(Ordering::Relaxed) && !always {
                    return false;
                }
                event = back;
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
}

struct VisitorBuilder<'s> {
    root: &'s Path,
    options: &'s ScanOptions,
    sender: &'s SyncSender<ScanEvent>,
    cancel: &'s Arc<AtomicBool>,
    counters: &'s Arc<Counters>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for VisitorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            root: self.root,
            options: self.options,
            sender: self.sender,
            cancel: self.cancel,
            counters: self.counters,
            articles: Vec::new(),
            skipped: Vec::new(),
            last_flush: Instant::now(),
            buffer: Vec::new(),
            file: FileTally::default(),
        })
    }
}

struct Visitor<'s> {
    root: &'s Path,
    options: &'s ScanOptions,
    sender: &'s SyncSender<ScanEvent>,
    cancel: &'s AtomicBool,
    counters: &'s Counters,
    articles: Vec<Article>,
    skipped: Vec<SkippedFile>,
    last_flush: Instant,
    buffer: Vec<u8>,
    /// What the file being read has given so far.
    file: FileTally,
}

/// The articles of the file being read, counted as they are delivered.
#[derive(Default)]
struct FileTally {
    /// Its path relative to the root (for its bad records).
    path: String,
    articles: u64,
    bad_records: u64,
}

impl ArticleSink for Visitor<'_> {
    fn article(&mut self, article: Article) {
        self.file.articles += 1;
        self.counters.articles.fetch_add(1, Ordering::Relaxed);
        self.counters
            .bytes_read
            .fetch_add(article.bytes(), Ordering::Relaxed);
        self.articles.push(article);
        // A file of thousands of articles streams into the table while it is read.
        self.flush(false);
    }

    fn stopped(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    fn bad_record(&mut self, at: String, problem: String) {
        self.file.bad_records += 1;
        self.counters.bad_records.fetch_add(1, Ordering::Relaxed);
        self.skipped.push(SkippedFile {
            path: self.file.path.clone(),
            reason: SkipReason::BadRecord { at, problem },
        });
    }
}

impl Visitor<'_> {
    fn relative(&self, path: &Path) -> (String, Option<PathBuf>) {
        // The common case: the walker's path is the root, `/` and a valid UTF-8 rest.
        if std::path::MAIN_SEPARATOR == '/'
            && let Some(rest) = path
                .as_os_str()
                .as_encoded_bytes()
                .strip_prefix(self.root.as_os_str().as_encoded_bytes())
                .and_then(|rest| rest.strip_prefix(b"/"))
            && let Ok(text) = std::str::from_utf8(rest)
            && !text.is_empty()
            && !text.starts_with('/')
        {
            return (text.to_owned(), None);
        }
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        let mut text = String::new();
        let mut lossless = true;
        for (i, component) in rel.components().enumerate() {
            if i > 0 {
                text.push('/');
            }
            let os = component.as_os_str();
            match os.to_str() {
                Some(part) => text.push_str(part),
                None => {
                    lossless = false;
                    text.push_str(&os.to_string_lossy());
                }
            }
        }
        (text, (!lossless).then(|| rel.to_path_buf()))
    }

    fn skip(&mut self, path: &Path, reason: SkipReason) {
        let (rel, _) = self.relative(path);
        self.counters.files_seen.fetch_add(1, Ordering::Relaxed);
        self.counters.skipped.fetch_add(1, Ordering::Relaxed);
        self.skipped.push(SkippedFile { path: rel, reason });
    }

    fn visit_entry(&mut self, entry: &DirEntry) {
        let file_type = entry.file_type();
        if file_type.is_some_and(|t| t.is_dir()) {
            return;
        }
        let path = entry.path();
        let Some(format) = FormatKind::for_path(path) else {
            self.counters.files_seen.fetch_add(1, Ordering::Relaxed);
            self.counters.ignored.fetch_add(1, Ordering::Relaxed);
            return;
        };
        if !file_type.is_some_and(|t| t.is_file()) {
            self.skip(path, SkipReason::NotRegularFile);
            return;
        }
        let (rel, raw) = self.relative(path);
        self.file = FileTally {
            path: rel.clone(),
            articles: 0,
            bad_records: 0,
        };
        let info = reader::FileInfo {
            rel_path: &rel,
            raw_rel_path: raw.as_deref(),
            size_bytes: None,
            modified_unix_s: None,
        };
        let mut buffer = std::mem::take(&mut self.buffer);
        // A bug in a format reader costs that file, never the scan: the panic becomes the
        // file's reason and the walk goes on. (The buffer is dropped with the panic.)
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Some(before_read) = &self.options.before_read {
                before_read(path);
            }
            let read = reader::read_file_into(
                path,
                info,
                self.options.modified_times,
                format,
                &mut buffer,
                self,
            );
            self.buffer = buffer;
            read
        }))
        .unwrap_or_else(|panic| Err(SkipReason::Crashed(panic_message(panic.as_ref()))));
        let delivered = self.file.articles;
        match read {
            Ok(()) if delivered == 0 && self.file.bad_records > 0 => {
                self.skip(path, SkipReason::NoArticles);
            }
            Ok(()) if delivered == 0 => self.skip(path, SkipReason::Blank),
            Err(SkipReason::NotAnArticle) if delivered == 0 => {
                self.counters.files_seen.fetch_add(1, Ordering::Relaxed);
                self.counters.ignored.fetch_add(1, Ordering::Relaxed);
            }
            Err(reason) if delivered == 0 => self.skip(path, reason),
            Ok(()) | Err(_) => {
                if let Err(reason) = read {
                    // The file stopped giving articles part of the way: keep what was read.
                    self.bad_record("the rest of the file".to_owned(), reason.to_string());
                }
                self.counters.files_seen.fetch_add(1, Ordering::Relaxed);
                self.counters.article_files.fetch_add(1, Ordering::Relaxed);
            }
        }
        if self.buffer.capacity() > 2 * reader::WHOLE_READ_MAX_BYTES as usize {
            self.buffer = Vec::new();
        }
    }

    fn visit_error(&mut self, err: &ignore::Error) {
        let (path, reason) = classify_walk_error(err);
        match path {
            Some(path) => self.skip(&path, reason),
            None => self.skip(self.root, reason),
        }
    }

    fn flush(&mut self, force: bool) -> bool {
        let pending = self.articles.len() + self.skipped.len();
        if pending == 0 {
            return true;
        }
        if !force
            && pending < self.options.batch_size
            && self.last_flush.elapsed() < self.options.flush_interval
        {
            return true;
        }
        self.last_flush = Instant::now();
        // Sorted here, in parallel, so that `Corpus::finish` only has to merge sorted runs.
        self.articles.sort_unstable_by(Article::path_order);
        self.skipped.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        let event = ScanEvent::Batch {
            articles: std::mem::take(&mut self.articles),
            skipped: std::mem::take(&mut self.skipped),
            progress: self.counters.snapshot(),
        };
        let sent = send_event(self.sender, event, self.cancel, false);
        if let Some(notify) = &self.options.notify {
            notify();
        }
        sent
    }
}

impl ignore::ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        if self.cancel.load(Ordering::Relaxed) {
            return WalkState::Quit;
        }
        match entry {
            Ok(entry) => self.visit_entry(&entry),
            Err(err) => self.visit_error(&err),
        }
        if self.flush(false) {
            WalkState::Continue
        } else {
            WalkState::Quit
        }
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        if !self.cancel.load(Ordering::Relaxed) {
            self.flush(true);
        }
    }
}

/// The path and reason behind an error from the walker.
fn classify_walk_error(err: &ignore::Error) -> (Option<PathBuf>, SkipReason) {
    match err {
        ignore::Error::WithPath { path, err } => {
            let (inner_path, reason) = classify_walk_error(err);
            let reason = match reason {
                SkipReason::ReadError(message) | SkipReason::FolderUnreadable(message)
                    if path.is_dir() =>
                {
                    SkipReason::FolderUnreadable(message)
                }
                SkipReason::PermissionDenied if path.is_dir() => {
                    SkipReason::FolderUnreadable("permission denied".to_owned())
                }
                SkipReason::Vanished if is_symlink(path) => SkipReason::BrokenLink,
                other => other,
            };
            (inner_path.or_else(|| Some(path.clone())), reason)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            classify_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child.clone()), SkipReason::LinkLoop),
        ignore::Error::Io(io) => (None, SkipReason::from_io(io)),
        other => (None, SkipReason::ReadError(other.to_string())),
    }
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlistable_folder_becomes_a_skipped_entry_with_its_path() {
        // Running as root, a real permission error cannot be produced; build the walker's error.
        let dir = tempfile::tempdir().unwrap();
        let err = ignore::Error::WithPath {
            path: dir.path().to_path_buf(),
            err: Box::new(ignore::Error::Io(std::io::Error::from(
                std::io::ErrorKind::PermissionDenied,
            ))),
        };
        let (path, reason) = classify_walk_error(&err);
        assert_eq!(path.as_deref(), Some(dir.path()));
        assert_eq!(
            reason,
            SkipReason::FolderUnreadable("permission denied".to_owned())
        );
        assert_eq!(
            reason.to_string(),
            "folder could not be listed: permission denied"
        );
    }

    #[test]
    fn a_file_that_vanished_between_listing_and_reading_is_reported_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.txt");
        let err = ignore::Error::WithPath {
            path: gone.clone(),
            err: Box::new(ignore::Error::Io(std::io::Error::from(
                std::io::ErrorKind::NotFound,
            ))),
        };
        assert_eq!(
            classify_walk_error(&err),
            (Some(gone), SkipReason::Vanished)
        );
    }
}
