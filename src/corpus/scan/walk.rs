//! The parallel walk: every entry of the folder is visited on one of the walker's threads,
//! each article file read where it is found, and the records sent in batches.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::time::{Duration, Instant};

use ignore::{DirEntry, WalkBuilder, WalkState};

use super::events::{ScanEvent, ScanOptions, ScanProgress, ScanSummary, Stamps};
use super::read::{FileMetadata, WHOLE_READ_MAX_BYTES, read_stamped};
use super::sink::{ArticleSink, FileInfo, SkipReason, SkippedFile, panic_message};
use super::stamp::{FileClass, FileStamp, FolderStamp, Reused, Stamp};
use crate::corpus::article::{Article, FormatKind};

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

pub(super) fn run_scan(
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
            files: Vec::new(),
            folders: Vec::new(),
            last_flush: Instant::now(),
            buffer: Vec::new(),
            file: FileTally::default(),
            texts: self.options.texts.as_ref().map(|make| make()),
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
    files: Vec<FileStamp>,
    folders: Vec<FolderStamp>,
    last_flush: Instant,
    buffer: Vec<u8>,
    /// What the file being read has given so far.
    file: FileTally,
    /// Told the bodies of plain-text articles ([`ScanOptions::texts`]).
    texts: Option<Box<dyn super::events::ArticleText>>,
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

    fn article_with_body(&mut self, article: Article, body: &str) {
        if let Some(texts) = &mut self.texts {
            texts.article_text(&article, body);
        }
        self.article(article);
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
            self.note_folder(entry.path());
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
        if let Some(previous) = &self.options.previous
            && let Ok(metadata) = std::fs::metadata(path)
            && metadata.is_file()
        {
            let stamp = Stamp::of(&metadata);
            if let Some(reused) = previous.reuse(&rel, raw.as_deref(), &stamp) {
                self.take_reused(rel, raw, stamp, reused);
                return;
            }
        }
        self.file = FileTally {
            path: rel.clone(),
            articles: 0,
            bad_records: 0,
        };
        let mut stamp = None;
        let info = FileInfo {
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
            let read = read_stamped(
                path,
                info,
                if self.options.modified_times {
                    FileMetadata::Ask
                } else {
                    FileMetadata::Skip
                },
                format,
                &mut buffer,
                self,
                &mut stamp,
            );
            self.buffer = buffer;
            read
        }))
        .unwrap_or_else(|panic| Err(SkipReason::Crashed(panic_message(panic.as_ref()))));
        let class = self.account(path, read);
        self.files.push(FileStamp {
            path: rel.into(),
            raw_path: raw.map(PathBuf::into_boxed_path),
            stamp,
            class,
        });
        if self.buffer.capacity() > 2 * WHOLE_READ_MAX_BYTES as usize {
            self.buffer = Vec::new();
        }
    }

    /// Count a file whose reading ended with `read`, and say what it came to.
    fn account(&mut self, path: &Path, read: Result<(), SkipReason>) -> FileClass {
        match verdict(read, self.file.articles, self.file.bad_records) {
            Verdict::Skip(reason) => {
                self.skip(path, reason);
                FileClass::Skipped
            }
            Verdict::Ignored => {
                self.counters.files_seen.fetch_add(1, Ordering::Relaxed);
                self.counters.ignored.fetch_add(1, Ordering::Relaxed);
                FileClass::Ignored
            }
            Verdict::Articles { rest_failed } => {
                if let Some(reason) = rest_failed {
                    // The file stopped giving articles part of the way: keep what was read.
                    self.bad_record("the rest of the file".to_owned(), reason.to_string());
                }
                self.counters.files_seen.fetch_add(1, Ordering::Relaxed);
                self.counters.article_files.fetch_add(1, Ordering::Relaxed);
                FileClass::Articles
            }
        }
    }

    /// Note a folder's stamp (taken before the walker lists it).
    fn note_folder(&mut self, path: &Path) {
        if let Ok(metadata) = std::fs::metadata(path) {
            let (rel, raw) = self.relative(path);
            self.folders.push(FolderStamp {
                path: rel.into(),
                raw_path: raw.map(PathBuf::into_boxed_path),
                stamp: Stamp::of(&metadata),
            });
        }
    }

    /// Deliver what an earlier scan read from an unchanged file, counted as if it was read.
    fn take_reused(&mut self, rel: String, raw: Option<PathBuf>, stamp: Stamp, reused: Reused) {
        self.counters.files_seen.fetch_add(1, Ordering::Relaxed);
        let counter = match reused.class {
            FileClass::Articles => &self.counters.article_files,
            FileClass::Skipped => &self.counters.skipped,
            FileClass::Ignored => &self.counters.ignored,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let bad = reused
            .skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::BadRecord { .. }))
            .count();
        self.counters
            .bad_records
            .fetch_add(bad as u64, Ordering::Relaxed);
        self.counters
            .articles
            .fetch_add(reused.articles.len() as u64, Ordering::Relaxed);
        let bytes: u64 = reused.articles.iter().map(Article::bytes).sum();
        self.counters.bytes_read.fetch_add(bytes, Ordering::Relaxed);
        self.articles.extend(reused.articles);
        self.skipped.extend(reused.skipped);
        self.files.push(FileStamp {
            path: rel.into(),
            raw_path: raw.map(PathBuf::into_boxed_path),
            stamp: Some(stamp),
            class: reused.class,
        });
    }

    fn visit_error(&mut self, err: &ignore::Error) {
        let (path, reason) = classify_walk_error(err);
        match path {
            Some(path) => self.skip(&path, reason),
            None => self.skip(self.root, reason),
        }
    }

    fn flush(&mut self, force: bool) -> bool {
        let pending =
            self.articles.len() + self.skipped.len() + self.files.len() + self.folders.len();
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
        self.skipped.sort_by(SkippedFile::order);
        let mut stamps = Stamps {
            files: std::mem::take(&mut self.files),
            folders: std::mem::take(&mut self.folders),
        };
        stamps.sort();
        let event = ScanEvent::Batch {
            articles: std::mem::take(&mut self.articles),
            skipped: std::mem::take(&mut self.skipped),
            stamps,
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

/// What a file's reading comes to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Skipped, with this reason.
    Skip(SkipReason),
    /// Not an article, not a problem.
    Ignored,
    /// An article file; `rest_failed` when it stopped giving articles part of the way.
    Articles {
        /// Why the rest of the file could not be read.
        rest_failed: Option<SkipReason>,
    },
}

/// The verdict on a file whose reading ended with `read`, having delivered `delivered`
/// articles and `bad_records` records that could not be read.
pub(crate) fn verdict(read: Result<(), SkipReason>, delivered: u64, bad_records: u64) -> Verdict {
    match read {
        Ok(()) if delivered == 0 && bad_records > 0 => Verdict::Skip(SkipReason::NoArticles),
        Ok(()) if delivered == 0 => Verdict::Skip(SkipReason::Blank),
        Err(SkipReason::NotAnArticle) if delivered == 0 => Verdict::Ignored,
        Err(reason) if delivered == 0 => Verdict::Skip(reason),
        Ok(()) => Verdict::Articles { rest_failed: None },
        Err(reason) => Verdict::Articles {
            rest_failed: Some(reason),
        },
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
