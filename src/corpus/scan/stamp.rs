//! What tells, without reading a file, that it may have changed since it was read: its stamp
//! (size, modification and change times to the nanosecond, inode and device). A scan notes the
//! stamp of every article file and every folder it visits, so that the next scan of the folder
//! can reuse what it read ([`Previous`]) instead of reading it again.

use std::path::Path;

use super::sink::SkippedFile;
use crate::corpus::article::Article;

/// A file's or folder's stamp, from one `stat`.
///
/// The change time (`ctime`) moves on every write, `chmod`, rename and link count change, and
/// cannot be set back by programs (unlike the modification time, which `touch -d` and archive
/// tools set), so comparing it catches a file put back with an old modification time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: i64,
    /// Status change time, nanoseconds since the Unix epoch (0 where the platform has none).
    pub changed_ns: i64,
    /// Inode number (0 where the platform has none).
    pub inode: u64,
    /// Device number (0 where the platform has none).
    pub device: u64,
}

impl Stamp {
    /// The stamp of `metadata`.
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            Self {
                size: metadata.len(),
                modified_ns: ns(metadata.mtime(), metadata.mtime_nsec()),
                changed_ns: ns(metadata.ctime(), metadata.ctime_nsec()),
                inode: metadata.ino(),
                device: metadata.dev(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified_ns = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .and_then(|d| i64::try_from(d.as_nanos()).ok())
                .unwrap_or(0);
            Self {
                size: metadata.len(),
                modified_ns,
                changed_ns: 0,
                inode: 0,
                device: 0,
            }
        }
    }

    /// The later of the modification and change times.
    pub fn newest_ns(&self) -> i64 {
        self.modified_ns.max(self.changed_ns)
    }
}

/// What became of one article file (or one file with an article's extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileClass {
    /// It gave at least one article (and perhaps records that could not be read).
    Articles,
    /// It was skipped, with a reason.
    Skipped,
    /// It is not an article and not a problem (e.g. a Markdown note): counted as ignored.
    Ignored,
}

/// One file a scan looked at, with its stamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// Relative path with `/`, as in the records.
    pub path: Box<str>,
    /// The real relative path when `path` had to replace invalid Unicode.
    pub raw_path: Option<Box<Path>>,
    /// Its stamp when it was read (`None`: it could not be asked, e.g. it vanished).
    pub stamp: Option<Stamp>,
    /// What it gave.
    pub class: FileClass,
}

/// One folder a scan listed, with its stamp: a folder whose stamp is unchanged holds the same
/// names (creating, deleting or renaming an entry changes the folder's times).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderStamp {
    /// Relative path with `/` (`""` for the scanned folder itself).
    pub path: Box<str>,
    /// The real relative path when `path` had to replace invalid Unicode.
    pub raw_path: Option<Box<Path>>,
    /// Its stamp when it was listed.
    pub stamp: Stamp,
}

/// What an earlier scan found in one file, handed back for a file whose stamp has not changed.
#[derive(Debug)]
pub struct Reused {
    /// Its articles, in path order.
    pub articles: Vec<Article>,
    /// Its skipped entry or the records it could not read.
    pub skipped: Vec<SkippedFile>,
    /// What it gave.
    pub class: FileClass,
}

/// An earlier scan of the same folder, asked file by file during a new one.
pub trait Previous: Send + Sync {
    /// What the earlier scan found in the file at `path`, when the file's stamp is still
    /// `stamp` and the earlier reading can be trusted; `None` to read the file again.
    fn reuse(&self, path: &str, raw_path: Option<&Path>, stamp: &Stamp) -> Option<Reused>;
}
