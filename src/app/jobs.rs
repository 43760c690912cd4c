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
    /// Finding the articles of the timeline's query series.
    Trends,
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
            Self::Trends => "trends",
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
            Self::Trends => "Finding the articles of the query series",
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

/// What is exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The concordance as shown.
    Concordance,
    /// The table's rows as shown.
    Table,
    /// The articles shown, copied into a folder.
    Articles,
    /// The Words tab's list.
    Words,
    /// The timeline's series: counts and shares per period.
    Trends,
    /// The timeline as a picture.
    Chart,
}

/// Spreadsheet-friendly files a table can be saved as.
const TABLE_FILES: &[(&str, &[&str])] = &[("CSV", &["csv"]), ("JSON Lines", &["jsonl"])];

impl ExportKind {
    /// What one row of it is, for people (`concordance lines`, `table rows`).
    pub fn rows_noun(self) -> &'static str {
        match self {
            Self::Concordance => "concordance lines",
            Self::Table => "table rows",
            Self::Articles => "articles",
            Self::Words => "word rows",
            Self::Trends => "periods",
            Self::Chart => "picture",
        }
    }

    /// The title of its save dialog.
    pub fn dialog_title(self) -> &'static str {
        match self {
            Self::Concordance => "Export the concordance",
            Self::Table => "Export the table",
            Self::Articles => "Copy the articles shown into an empty folder",
            Self::Words => "Export the word list",
            Self::Trends => "Export the timeline's series",
            Self::Chart => "Save the timeline as a picture",
        }
    }

    /// The kinds of file it can be saved as: a name and its extensions.
    pub fn file_types(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Self::Concordance => &[("CSV", &["csv"])],
            Self::Table | Self::Words | Self::Trends => TABLE_FILES,
            Self::Articles => &[],
            Self::Chart => &[("PNG image", &["png"])],
        }
    }
}
