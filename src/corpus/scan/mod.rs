//! Scanning a folder: a parallel walk (ripgrep's `ignore` crate, with every ignore-file rule
//! off) that reads every article file on all cores and streams batches of records to whoever
//! listens.
//!
//! - Every file is accounted for: `article_files + skipped + ignored == files_seen`.
//! - Batches arrive in whatever order the threads produce them; [`ScanHandle::collect`] and
//!   [`crate::corpus::Corpus::finish`] sort by path, so the final order never depends on timing.
//! - The channel is bounded. Cancelling (or dropping the handle, and with it the receiver)
//!   stops the workers within milliseconds: they check the flag before every file and never
//!   block on a full channel for long.
//! - Nothing is ever written into the scanned folder.

pub(crate) mod decode;
pub(crate) mod events;
pub(crate) mod file_io;
pub(crate) mod pipeline;
pub(crate) mod read;
mod single;
pub(crate) mod sink;
pub mod stamp;
mod walk;

pub use decode::{Sniffed, decode, sniff};
pub use events::{
    ArticleText, ArticleTexts, BeforeRead, Notify, ScanError, ScanEvent, ScanOptions, ScanProgress,
    ScanSummary, Stamps,
};
pub use read::{WHOLE_READ_MAX_BYTES, read_file};
pub use single::{FileReading, read_listed_file};
pub use sink::{BadRecord, SkipReason, SkippedFile, panic_message};
pub use stamp::{FileClass, FileStamp, FolderStamp, Previous, Reused, Stamp};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use crate::corpus::records::Corpus;

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

    /// A handle on a stream fed by someone else (a catalog's records, or tests of what
    /// listens to a scan).
    pub fn from_receiver(root: PathBuf, receiver: Receiver<ScanEvent>) -> Self {
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
    pub fn collect(self) -> Corpus {
        let mut corpus = Corpus::new(self.root.clone());
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
        .spawn(move || walk::run_scan(&worker_root, &options, &sender, &worker_cancel))
        .map_err(ScanError::Thread)?;
    Ok(ScanHandle {
        root,
        receiver,
        cancel,
    })
}

/// Scan `folder` and wait for the result (for the command line and tests).
pub fn scan_folder(folder: &Path) -> Result<Corpus, ScanError> {
    Ok(start_scan(folder, ScanOptions::default())?.collect())
}
