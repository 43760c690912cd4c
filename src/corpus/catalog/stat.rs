//! Asking for many files' stamps quickly: on Linux each folder is opened once and its files
//! are asked for relative to it (`statx`), so the kernel does not walk every path from the root
//! again; elsewhere, the standard library's `metadata`.

use std::path::{Path, PathBuf};

use crate::corpus::scan::{FileStamp, Stamp};

/// Asks for the stamps of files under one root, keeping the last folder open.
pub(super) struct Stater {
    root: PathBuf,
    #[cfg(target_os = "linux")]
    folder: Option<(String, rustix::fd::OwnedFd)>,
}

impl Stater {
    /// A stater for files under `root`.
    pub(super) fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            #[cfg(target_os = "linux")]
            folder: None,
        }
    }

    /// The stamp of `file` now (following links, as a scan reads it); `None` when it cannot
    /// be asked (gone).
    pub(super) fn stamp(&mut self, file: &FileStamp) -> Option<Stamp> {
        if let Some(raw) = &file.raw_path {
            return std::fs::metadata(self.root.join(raw))
                .ok()
                .map(|m| Stamp::of(&m));
        }
        self.stamp_of(&file.path)
    }

    #[cfg(not(target_os = "linux"))]
    fn stamp_of(&mut self, path: &str) -> Option<Stamp> {
        std::fs::metadata(self.root.join(path))
            .ok()
            .map(|m| Stamp::of(&m))
    }

    #[cfg(target_os = "linux")]
    fn stamp_of(&mut self, path: &str) -> Option<Stamp> {
        use rustix::fs::{AtFlags, Mode, OFlags, StatxFlags};
        let (folder, name) = match path.rfind('/') {
            Some(slash) => (path.get(..slash)?, path.get(slash + 1..)?),
            None => ("", path),
        };
        if self.folder.as_ref().is_none_or(|(open, _)| open != folder) {
            let dir = rustix::fs::open(
                self.root.join(folder),
                OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .ok()?;
            self.folder = Some((folder.to_owned(), dir));
        }
        let (_, dir) = self.folder.as_ref()?;
        let st = rustix::fs::statx(dir, name, AtFlags::empty(), StatxFlags::BASIC_STATS).ok()?;
        let ns = |t: rustix::fs::StatxTimestamp| {
            t.tv_sec
                .saturating_mul(1_000_000_000)
                .saturating_add(i64::from(t.tv_nsec))
        };
        Some(Stamp {
            size: st.stx_size,
            modified_ns: ns(st.stx_mtime),
            changed_ns: ns(st.stx_ctime),
            inode: st.stx_ino,
            device: rustix::fs::makedev(st.stx_dev_major, st.stx_dev_minor),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::scan::FileClass;

    #[test]
    fn the_quick_stamp_is_the_standard_librarys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/c.txt"), "text").unwrap();
        std::fs::write(dir.path().join("top.txt"), "more text").unwrap();
        let mut stater = Stater::new(dir.path());
        for path in ["a/b/c.txt", "top.txt", "a/b/c.txt"] {
            let file = FileStamp {
                path: path.into(),
                raw_path: None,
                stamp: None,
                class: FileClass::Articles,
            };
            let std = Stamp::of(&std::fs::metadata(dir.path().join(path)).unwrap());
            assert_eq!(stater.stamp(&file), Some(std), "{path}");
        }
        let gone = FileStamp {
            path: "a/gone.txt".into(),
            raw_path: None,
            stamp: None,
            class: FileClass::Articles,
        };
        assert_eq!(stater.stamp(&gone), None);
    }
}
