//! The catalog's jobs: open a folder from its catalog (the table fills at once), check it
//! against the folder behind the table, and write the catalog of a finished scan.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::corpus::catalog::{self, Catalog, Opened, Use, View};
use crate::corpus::scan::Stamps;
use crate::corpus::{
    Article, ScanError, ScanEvent, ScanHandle, ScanOptions, ScanProgress, ScanSummary, SkippedFile,
    check_folder,
};

/// Where an opened folder's records come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenSource {
    /// Its catalog: to be checked against the folder once shown.
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// Its generation.
        generation: u64,
    },
    /// A scan of every file, begun at `checked_at_ns`; its catalog is written to `catalog`
    /// when it ends.
    Scan {
        /// Where to write the catalog (`None`: none is kept).
        catalog: Option<PathBuf>,
        /// When the scan began, nanoseconds since the epoch.
        checked_at_ns: i64,
    },
}

/// What the index is to be brought in line with (owned parts of a [`crate::search::Delta`]).
#[derive(Debug, Default)]
pub struct IndexDelta {
    /// The catalog generation the corpus was checked from.
    pub previous_generation: Option<u64>,
    /// The catalog generation of the corpus now.
    pub generation: Option<u64>,
    /// Articles of files that changed or are gone.
    pub stale: Vec<Article>,
    /// Files that changed or are new.
    pub fresh_paths: Vec<Box<str>>,
}

/// A finished scan's parts for its catalog (the articles are shared with the window).
pub struct CatalogSave {
    /// The catalog file.
    pub path: PathBuf,
    /// The generation to write.
    pub generation: u64,
    /// When the scan began.
    pub checked_at_ns: i64,
    /// The scanned folder.
    pub root: PathBuf,
    /// Its articles.
    pub articles: Arc<Vec<Article>>,
    /// Its skipped files.
    pub skipped: Vec<SkippedFile>,
    /// Its stamps.
    pub stamps: Stamps,
    /// Its counts.
    pub totals: ScanProgress,
    /// Hidden folders not entered.
    pub hidden_folders: u64,
}

/// The folder's catalog as a finished scan's stream, when it has a sound one.
pub(super) fn open_catalog(catalog_root: &Path, folder: &Path) -> Option<(ScanHandle, OpenSource)> {
    let root = check_folder(folder).ok()?;
    let path = catalog::catalog_path_in(catalog_root, &root);
    let started = std::time::Instant::now();
    let catalog = catalog::load_or_discard(&path, &root).ok()??;
    let source = OpenSource::Catalog {
        path,
        generation: catalog.generation,
    };
    Some((stream(root, catalog, started.elapsed()), source))
}

/// A scan's stream that gives the catalog's records in one batch and ends.
fn stream(root: PathBuf, catalog: Catalog, elapsed: std::time::Duration) -> ScanHandle {
    let (sender, receiver) = std::sync::mpsc::sync_channel(2);
    let totals = catalog.totals;
    let hidden_folders = catalog.hidden_folders;
    let _ = sender.send(ScanEvent::Batch {
        articles: catalog.articles,
        skipped: catalog.skipped,
        stamps: Stamps::default(),
        progress: totals,
    });
    let _ = sender.send(ScanEvent::Finished(ScanSummary {
        totals,
        hidden_folders,
        cancelled: false,
        elapsed,
    }));
    ScanHandle::from_receiver(root, receiver)
}

/// Check a corpus read from the catalog at `path` against its folder `root` (stamps first,
/// then only what changed is read), writing the catalog again if needed.
pub(super) fn run_check(
    root: &Path,
    path: &Path,
    report: &(dyn Fn(usize, usize) + Sync),
    before_read: Option<crate::corpus::BeforeRead>,
) -> Result<Box<Opened>, ScanError> {
    let options = ScanOptions {
        before_read,
        ..ScanOptions::default()
    };
    catalog::open_folder(root, Some(path), Use::Catalog, options, report).map(Box::new)
}

/// Write the catalog of a finished scan.
pub(super) fn write_catalog(save: &CatalogSave) {
    let view = View {
        root: &save.root,
        generation: save.generation,
        checked_at_ns: save.checked_at_ns,
        articles: &save.articles,
        skipped: &save.skipped,
        stamps: &save.stamps,
        totals: save.totals,
        hidden_folders: save.hidden_folders,
    };
    if let Err(err) = view.save(&save.path) {
        log::warn!("the folder's catalog was not written: {err}");
    }
}
