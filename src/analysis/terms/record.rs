//! What the store keeps of each article, and what opening it says.

use std::io;
use std::path::PathBuf;

use crate::corpus::Article;

/// The first bytes of a store; another version's file is rebuilt.
pub(super) const MAGIC: &[u8; 24] = b"corpus-explorer terms 1\n";

/// Why the store could not be had.
#[derive(Debug, thiserror::Error)]
pub enum TermsError {
    /// A file-system error.
    #[error("word counts {path}: {source}")]
    Io {
        /// The store's file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// Counting was cancelled.
    #[error("counting words was cancelled")]
    Cancelled,
    /// A part of the n-grams did not fit in one pass (not expected: the parts are sized for
    /// it).
    #[error("too many distinct n-grams to count; narrow the selection")]
    TooManyGrams,
}

/// Where one article's sequence is.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Entry {
    pub(super) key_hash: u64,
    /// 0 for an article whose text could not be read (it is read again next time).
    pub(super) stamp: u64,
    pub(super) offset: u64,
    pub(super) len_bytes: u32,
    pub(super) tokens: u32,
}

/// What opening the store did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TermsStats {
    /// Articles whose text was read and tokenized.
    pub counted: usize,
    /// Articles whose sequence was kept from the last time.
    pub reused: usize,
    /// Articles whose text could not be read (only their title is counted).
    pub unreadable: usize,
    /// Articles whose sequence was written as the folder was scanned ([`super::Follow::scanned`]).
    pub scanned: usize,
    /// The store was written anew: a visitor of [`super::TermStore::open_visiting`] heard every
    /// article not counted by the scan.
    pub written: bool,
}

/// What tells whether an article's tokens may have changed.
pub(super) fn stamp_of(article: &Article) -> u64 {
    use std::fmt::Write as _;
    let mut hash = crate::corpus::catalog::Fnv1a::default();
    let _ = write!(
        hash,
        "{}:{:?}:{}:{}",
        article.size_bytes,
        article.modified_unix_s,
        article.title_derived(),
        article.title
    );
    hash.0.max(1)
}
