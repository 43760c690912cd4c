//! Opening a folder through its catalog: load it (or learn why it cannot be used), bring it up
//! to date, and write it again when something changed.

use std::path::{Path, PathBuf};

use super::check::{CheckProgress, Refresh, refresh};
use super::contents::{Catalog, default_catalog_path, new_generation};
use super::file::{CatalogError, View};
use crate::corpus::scan::{ScanError, ScanOptions, check_folder};

/// Whether to use the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Use it when it is sound.
    Catalog,
    /// Read every file again (and write a new catalog).
    Rescan,
}

/// A folder opened through its catalog.
#[derive(Debug)]
pub struct Opened {
    /// The check and its complete corpus.
    pub refresh: Refresh,
    /// The generation of the catalog now on disk for this corpus (`None` when none could be
    /// written).
    pub generation: Option<u64>,
    /// Why the catalog on disk was not used (damaged, another version), when it was not.
    pub discarded: Option<String>,
    /// Why the new catalog could not be written, when it could not.
    pub not_written: Option<String>,
}

/// Load the catalog at `path` for `root`: `Ok(None)` when there is none, `Err(reason)` when
/// it was there but cannot be used (it is then deleted, so that a new one takes its place).
pub fn load_or_discard(path: &Path, root: &Path) -> Result<Option<Catalog>, String> {
    match Catalog::load(path, root) {
        Ok(catalog) => Ok(Some(catalog)),
        Err(CatalogError::Missing) => Ok(None),
        Err(err) => {
            log::warn!("{}: {err}; reading the folder again", path.display());
            let _ = std::fs::remove_file(path);
            Err(err.to_string())
        }
    }
}

/// Open `folder` with the catalog at `catalog_path` (none: no catalog is kept), bring it up to
/// date and write it back when it changed.
pub fn open_folder(
    folder: &Path,
    catalog_path: Option<&Path>,
    mode: Use,
    options: ScanOptions,
    progress: CheckProgress<'_>,
) -> Result<Opened, ScanError> {
    let root = check_folder(folder)?;
    let started = std::time::Instant::now();
    let (previous, discarded) = match (catalog_path, mode) {
        (Some(path), Use::Catalog) => match load_or_discard(path, &root) {
            Ok(previous) => (previous, None),
            Err(reason) => (None, Some(reason)),
        },
        _ => (None, None),
    };
    let mut previous_generation = previous.as_ref().map(|c| c.generation);
    let loaded = started.elapsed();
    let refresh = refresh(&root, previous, options, progress)?;
    log::info!(
        "catalog: loaded in {:.1} ms, checked ({:?}: {}) in {:.1} ms",
        loaded.as_secs_f64() * 1000.0,
        refresh.kind,
        refresh.changes.sentence(),
        (started.elapsed() - loaded).as_secs_f64() * 1000.0
    );
    let mut not_written = None;
    let cancelled = refresh.corpus.summary.is_none_or(|s| s.cancelled);
    if let Some(path) = catalog_path
        && refresh.dirty
        && !cancelled
    {
        let generation = new_generation();
        match save_corpus(path, &refresh, generation) {
            Ok(()) => previous_generation = Some(generation),
            Err(err) => {
                log::warn!("{err}");
                not_written = Some(err.to_string());
                previous_generation = None;
            }
        }
    }
    Ok(Opened {
        refresh,
        generation: previous_generation,
        discarded,
        not_written,
    })
}

/// Write the catalog of a refreshed corpus.
pub fn save_corpus(path: &Path, refresh: &Refresh, generation: u64) -> Result<(), CatalogError> {
    let corpus = &refresh.corpus;
    View {
        root: &corpus.root,
        generation,
        checked_at_ns: refresh.checked_at_ns,
        articles: &corpus.articles,
        skipped: &corpus.skipped,
        stamps: &corpus.stamps,
        totals: corpus.progress,
        hidden_folders: corpus.summary.map_or(0, |s| s.hidden_folders),
    }
    .save(path)
}

/// The catalog path of `folder` in the default cache, made absolute the way a scan makes it.
pub fn default_path_for(folder: &Path) -> Option<PathBuf> {
    let root = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    default_catalog_path(&root)
}
