//! The catalog in memory: the records of a folder, the stamps, and where each file's records
//! are; asked file by file during a walk ([`Previous`]).

use std::path::{Path, PathBuf};

use crate::corpus::article::Article;
use crate::corpus::scan::{
    FileClass, FileStamp, Previous, Reused, ScanProgress, SkipReason, SkippedFile, Stamp, Stamps,
};

/// A file or folder whose modification time is this close to (or after) the start of the
/// check that recorded it is checked again by reading it, the next time.
pub const SETTLE_NS: i64 = 2_000_000_000;

/// True when `stamp`, taken by a check that started at `checked_at_ns`, can be trusted by the
/// next check: it was last modified more than [`SETTLE_NS`] before the check began.
pub(super) fn settled(stamp: &Stamp, checked_at_ns: i64) -> bool {
    stamp.modified_ns < checked_at_ns.saturating_sub(SETTLE_NS)
}

/// Where one file's records sit in the catalog's lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct FileRanges {
    /// The first of its articles.
    pub(super) first_article: usize,
    /// How many articles.
    pub(super) articles: usize,
    /// The first of its skipped entries.
    pub(super) first_skipped: usize,
    /// How many skipped entries.
    pub(super) skipped: usize,
}

/// What a scan found in one folder, with the stamps to tell what changed since.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The scanned folder (absolute).
    pub root: PathBuf,
    /// A number that changes with every catalog written (the search index notes the one it
    /// matches).
    pub generation: u64,
    /// When the check that made it started, nanoseconds since the Unix epoch.
    pub checked_at_ns: i64,
    /// Every article, in path order.
    pub articles: Vec<Article>,
    /// Every skipped file and unreadable record, in path order.
    pub skipped: Vec<SkippedFile>,
    /// The stamps of the files and folders, in path order.
    pub stamps: Stamps,
    /// The scan's counts.
    pub totals: ScanProgress,
    /// Hidden folders not entered.
    pub hidden_folders: u64,
    /// For each file of `stamps.files`, where its records are.
    pub(super) ranges: Vec<FileRanges>,
    /// Skipped entries that belong to no file (folders that could not be listed, broken
    /// links): they can change without any stamp showing it, so every check walks.
    pub(super) loose_skipped: bool,
    /// Some article belongs to no file: the catalog is not to be used.
    misaligned: bool,
}

impl Catalog {
    /// A catalog of a finished scan's `corpus` parts, checked from `checked_at_ns`.
    pub fn new(
        root: PathBuf,
        articles: Vec<Article>,
        skipped: Vec<SkippedFile>,
        stamps: Stamps,
        totals: ScanProgress,
        hidden_folders: u64,
        checked_at_ns: i64,
    ) -> Self {
        let mut catalog = Self {
            root,
            generation: new_generation(),
            checked_at_ns,
            articles,
            skipped,
            stamps,
            totals,
            hidden_folders,
            ranges: Vec::new(),
            loose_skipped: false,
            misaligned: false,
        };
        catalog.index_ranges();
        catalog
    }

    /// Work out where each file's records are (all three lists are in path order).
    fn index_ranges(&mut self) {
        let (ranges, loose, misaligned) =
            ranges_of(&self.articles, &self.skipped, &self.stamps.files);
        self.ranges = ranges;
        self.loose_skipped = loose;
        self.misaligned = misaligned;
    }

    /// True when a check may skip listing the folders (see [`refresh`]).
    pub(super) fn can_check_quickly(&self) -> bool {
        !self.loose_skipped && !self.misaligned
    }

    /// True when its records can be used at all.
    pub fn is_usable(&self) -> bool {
        !self.misaligned
    }

    /// The position of the file at `path` in `stamps.files`.
    fn find(&self, path: &str, raw_path: Option<&Path>) -> Option<usize> {
        self.stamps
            .files
            .binary_search_by(|f| (&*f.path, f.raw_path.as_deref()).cmp(&(path, raw_path)))
            .ok()
    }

    /// True when a stamp read now matches `recorded` and `recorded` had settled when it was
    /// taken.
    pub fn trusts(&self, recorded: &Stamp, now: &Stamp) -> bool {
        recorded == now && settled(recorded, self.checked_at_ns)
    }

    /// True when two files have one shown path (names that are not Unicode): their records
    /// cannot be told apart by path, so they are always read again.
    fn ambiguous(&self, index: usize) -> bool {
        let path = |i: usize| self.stamps.files.get(i).map(|f| &f.path);
        let here = path(index);
        (index > 0 && path(index - 1) == here) || path(index + 1) == here
    }

    /// Copies of the records of the file at `index`.
    fn records_of(&self, index: usize) -> Option<Reused> {
        let file = self.stamps.files.get(index)?;
        let range = self.ranges.get(index)?;
        Some(Reused {
            articles: self
                .articles
                .get(range.first_article..range.first_article + range.articles)?
                .to_vec(),
            skipped: self
                .skipped
                .get(range.first_skipped..range.first_skipped + range.skipped)?
                .to_vec(),
            class: file.class,
        })
    }

    /// Files counted as ignored without being looked at (other extensions, hidden files).
    pub(super) fn ignored_by_name(&self) -> u64 {
        let by_content = self
            .stamps
            .files
            .iter()
            .filter(|f| f.class == FileClass::Ignored)
            .count() as u64;
        self.totals.ignored.saturating_sub(by_content)
    }
}

/// Where each file's records are in `articles` and `skipped` (all three lists in path order),
/// and whether some record belongs to no file.
pub(super) fn ranges_of(
    articles: &[Article],
    skipped: &[SkippedFile],
    files: &[FileStamp],
) -> (Vec<FileRanges>, bool, bool) {
    let mut ranges = Vec::with_capacity(files.len());
    let (mut a, mut s) = (0, 0);
    let mut loose = false;
    for file in files {
        while skipped.get(s).is_some_and(|k| *k.path < *file.path) {
            loose = true;
            s += 1;
        }
        let first_article = a;
        while articles
            .get(a)
            .is_some_and(|x| x.path == file.path && x.raw_path == file.raw_path)
        {
            a += 1;
        }
        let first_skipped = s;
        while skipped.get(s).is_some_and(|k| *k.path == *file.path) {
            s += 1;
        }
        ranges.push(FileRanges {
            first_article,
            articles: a - first_article,
            first_skipped,
            skipped: s - first_skipped,
        });
    }
    loose |= s < skipped.len();
    // Articles that no file accounts for would be lost by a reuse: such a catalog is not
    // used at all.
    let misaligned = a < articles.len();
    (ranges, loose, misaligned)
}

/// The counts of a folder's files' classes, as a scan counts them (for a check that did not
/// walk): `ignored_by_name` are the files ignored without being looked at.
pub(super) fn recount(
    articles: &[Article],
    skipped: &[SkippedFile],
    files: &[FileStamp],
    ignored_by_name: u64,
) -> ScanProgress {
    let mut totals = ScanProgress {
        ignored: ignored_by_name,
        articles: articles.len() as u64,
        bytes_read: articles.iter().map(Article::bytes).sum(),
        bad_records: skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::BadRecord { .. }))
            .count() as u64,
        ..ScanProgress::default()
    };
    for file in files {
        match file.class {
            FileClass::Articles => totals.article_files += 1,
            FileClass::Skipped => totals.skipped += 1,
            FileClass::Ignored => totals.ignored += 1,
        }
    }
    totals.files_seen = totals.article_files + totals.skipped + totals.ignored;
    totals
}

impl Previous for Catalog {
    fn reuse(&self, path: &str, raw_path: Option<&Path>, stamp: &Stamp) -> Option<Reused> {
        let index = self.find(path, raw_path)?;
        let file: &FileStamp = self.stamps.files.get(index)?;
        if !self.trusts(file.stamp.as_ref()?, stamp) || self.ambiguous(index) {
            return None;
        }
        self.records_of(index)
    }
}

/// A number for a new catalog: the clock and the process, mixed.
pub fn new_generation() -> u64 {
    let nanos = now_ns() as u64;
    let mixed = nanos ^ (u64::from(std::process::id()) << 32) ^ 0x9E37_79B9_7F4A_7C15;
    // One round of SplitMix64, so that close clocks give unrelated numbers.
    mix(mixed.wrapping_add(0x9E37_79B9_7F4A_7C15))
}

/// SplitMix64's finaliser: every bit of the input reaches every bit of the output (a step of
/// its generator is this of the state plus 0x9E37_79B9_7F4A_7C15).
pub const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The wall clock in nanoseconds since the Unix epoch.
pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// The folder under which this program keeps what it derives from corpus folders: the user's
/// cache directory.
pub fn default_cache_root() -> Option<PathBuf> {
    Some(dirs::cache_dir()?.join("corpus-explorer"))
}

/// The name under which things derived from `folder` are kept in the cache: the folder's name
/// and a hash of its absolute path.
pub fn cache_name(folder: &Path) -> String {
    let name: String = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    let hash = fnv1a(folder.as_os_str().as_encoded_bytes());
    format!("{name}-{hash:016x}")
}

/// The catalog file of `folder` under `cache_root`.
pub fn catalog_path_in(cache_root: &Path, folder: &Path) -> PathBuf {
    cache_root
        .join("catalog")
        .join(format!("{}.catalog", cache_name(folder)))
}

/// The default catalog file of `folder` (in the user's cache directory).
pub fn default_catalog_path(folder: &Path) -> Option<PathBuf> {
    Some(catalog_path_in(&default_cache_root()?, folder))
}

/// FNV-1a: a hash that stays the same across Rust versions (names in the cache).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a::default();
    hash.add(bytes);
    hash.0
}

/// [`fnv1a`] of text written piece by piece (`write!` into it: the hash of what `format!`
/// would have made, without making it).
#[derive(Clone, Copy, Debug)]
pub struct Fnv1a(pub u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// Hash in `bytes`.
    pub fn add(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, &b| {
            (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    }
}

impl std::fmt::Write for Fnv1a {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.add(text.as_bytes());
        Ok(())
    }
}
