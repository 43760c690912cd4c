//! Helpers shared by the integration tests (each test binary uses some of them).

#![allow(dead_code, clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use corpus_explorer::corpus::Corpus;

/// The project's sample folder.
pub fn sample_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// The folder of test files written for the project (real-shaped exports in several
/// languages), outside `sample-data`.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Write `bytes` to `root/rel`, making its folders.
pub fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// Make a FIFO at `path` with the system's `mkfifo`, named by its place so that a test run
/// with an empty `PATH` finds it too.
pub fn make_fifo(path: &Path) -> std::io::Result<()> {
    let mut failure = std::io::Error::other("no mkfifo in /usr/bin or /bin");
    for mkfifo in ["/usr/bin/mkfifo", "/bin/mkfifo"] {
        match std::process::Command::new(mkfifo).arg(path).status() {
            Ok(status) if status.success() => return Ok(()),
            Ok(status) => failure = std::io::Error::other(format!("{mkfifo} {path:?}: {status}")),
            Err(err) => failure = err,
        }
    }
    Err(failure)
}

/// A date that exists.
pub fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Every file is accounted for, every bad record is listed, and the order is by path, then by
/// position in the file.
pub fn assert_totals_add_up(corpus: &Corpus) {
    let p = corpus.progress;
    assert_eq!(
        p.article_files + p.skipped + p.ignored,
        p.files_seen,
        "{p:?}"
    );
    assert_eq!(
        p.skipped + p.bad_records,
        corpus.skipped.len() as u64,
        "{p:?} {:?}",
        corpus.skipped
    );
    assert_eq!(p.articles as usize, corpus.articles.len(), "{p:?}");
    for pair in corpus.articles.windows(2) {
        assert!(
            pair[0].path_order(&pair[1]).is_lt(),
            "out of order: {} {:?} then {} {:?}",
            pair[0].path,
            pair[0].span,
            pair[1].path,
            pair[1].span
        );
    }
}

/// A dropped file or folder, as the windowing backend hands it to egui.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Fail when `got` has not as many rows as `expected`, naming the first row missing or extra.
pub fn assert_same_count<T: std::fmt::Debug, U: std::fmt::Debug>(
    what: &str,
    got: &[T],
    expected: &[U],
) {
    assert_eq!(
        got.len(),
        expected.len(),
        "{what}: the number of rows (expected first missing: {:?}; got first extra: {:?})",
        expected.get(got.len()),
        got.get(expected.len())
    );
}
