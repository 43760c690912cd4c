//! The catalog: what a scan found in a folder (every record the table and `list` show, every
//! skipped file with its reason, the counts), with the stamp of every file and folder, kept in
//! the user's cache folder so that reopening the folder reads only what changed.
//!
//! - [`Catalog::load`] checks the file's version and checksum: a damaged, cut-short or
//!   other-version catalog is an error, and the caller scans afresh (and writes a new one).
//! - [`refresh`] brings a catalog up to date with the folder: when no folder changed (their
//!   stamps say the same names are there), every file's stamp is checked on every core and only
//!   changed files are read; otherwise the folder is walked as a scan does, reusing the records
//!   of every file whose stamp is unchanged. Either way the result is what a full scan gives.
//! - Writing is atomic (a temporary file, then a rename), so a reader sees the old catalog or
//!   the new one, and two processes writing at once leave one of two correct catalogs.
//! - A file or folder modified within [`SETTLE_NS`] before a check is not trusted the next
//!   time (the file system's clock may not have ticked between a change and the check).

mod check;
mod codec;
mod contents;
mod file;
#[cfg(test)]
mod file_tests;
mod open;
mod stat;

pub use check::{Changes, CheckKind, CheckProgress, Refresh, refresh};
pub use codec::Damaged;
pub use contents::{
    Catalog, Fnv1a, SETTLE_NS, cache_name, catalog_path_in, default_cache_root,
    default_catalog_path, fnv1a, mix, new_generation, now_ns,
};
pub use file::{CatalogError, FORMAT_VERSION, View, remove_stale_temporaries};
pub use open::{Opened, Use, default_path_for, load_or_discard, open_folder, save_corpus};
