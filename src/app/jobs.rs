//! The background jobs as the rest of the app names them: which job, how far it has come, and
//! what reading an article can fail with.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::corpus::BodyError;

/// The one-shot workers (each runs on a thread of its own, named after it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Builds or updates the search index.
    Indexer,
    /// Checks a dropped or picked path and starts its scan.
    OpenFolder,
    /// Builds the sort keys of a finished corpus.
    SortKeys,
    /// Shows the folder dialog.
    FolderDialog,
    /// Shows the dialog asking where to export.
    SaveDialog,
    /// Writes an export.
    Export,
    /// Opens a file or folder with the desktop's application.
    DesktopOpen,
    /// Checks a folder opened from its catalog against its files.
    Check,
    /// Writes a folder's catalog.
    SaveCatalog,
}

impl Job {
    /// The thread's name.
    pub fn thread_name(self) -> &'static str {
        match self {
            Self::Indexer => "indexer",
            Self::OpenFolder => "open-folder",
            Self::SortKeys => "sort-keys",
            Self::FolderDialog => "folder-dialog",
            Self::SaveDialog => "save-dialog",
            Self::Export => "export",
            Self::DesktopOpen => "desktop-open",
            Self::Check => "check",
            Self::SaveCatalog => "save-catalog",
        }
    }

    /// What the job was doing, for the user ("… failed unexpectedly").
    pub fn doing(self) -> &'static str {
        match self {
            Self::Indexer => "Building the search index",
            Self::OpenFolder => "Opening the folder",
            Self::SortKeys => "Preparing the table's sort order",
            Self::FolderDialog => "Showing the folder dialog",
            Self::SaveDialog => "Showing the export dialog",
            Self::Export => "Exporting",
            Self::DesktopOpen => "Opening with the desktop's application",
            Self::Check => "Checking the folder for changes",
            Self::SaveCatalog => "Writing the folder's catalog",
        }
    }
}

/// Progress of a background job (done, total), written by the worker and read by the window
/// each frame: no message per step.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// Record `done` of `total`.
    pub fn set(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// (done, total).
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Why the reader has no text to show.
#[derive(Debug, thiserror::Error)]
pub enum BodyLoadError {
    /// The file could not be read (it is gone, or changed, or the system refused).
    #[error(transparent)]
    Read(#[from] BodyError),
    /// The body loader did not take the request.
    #[error("the body loader is busy or stopped; select the article again")]
    LoaderBusy,
    /// Reading the article hit a bug (a panic, with its message).
    #[error("reading the article failed unexpectedly: {0}")]
    Crashed(String),
}
