//! The messy folder of issue 7: a folder built in a temporary directory with every kind of file
//! a real corpus folder collects — line endings, byte-order marks, UTF-16, Windows-1252 and
//! mixed encodings, empty and blank files, binary data named `.txt`, odd names (spaces, Unicode,
//! bytes that are not UTF-8), deep nesting, a folder of 20,000 files, symbolic-link loops,
//! dangling links, FIFOs and sockets, hidden files — and files deleted, truncated, grown or
//! replaced while the scan runs.
//!
//! For every file the outcome is exact: an article (its title, encoding, word count and a body
//! that loads and decodes), skipped with the expected reason, or ignored. The totals add up to
//! the number of files made here, counted independently; no scan panics or hangs (each runs
//! against a deadline, so a FIFO that blocks fails the test instead of stalling it); and the
//! folder is byte-for-byte unchanged after the scan and after every body was read.
//!
//! The 200 MB article is in `tests/memory.rs`, alone in its binary so that its peak memory can be
//! measured.

#![cfg(unix)]
// Symbolic links, FIFOs, sockets and names that are not UTF-8.
// Tests fail loudly by design; a test reads as one story (its steps in order, with what each
// checks), so the length limit on functions is for the program's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

#[path = "../common/mod.rs"]
mod common;
use common::{assert_totals_add_up, make_fifo};

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, SystemTime};

use corpus_explorer::corpus::{
    Article, Corpus, DEFAULT_BODY_MAX_BYTES, ScanOptions, SkipReason, WHOLE_READ_MAX_BYTES,
    load_body, start_scan,
};

/// A scan that has not finished by then hangs (the slowest scan here takes a few seconds in
/// the debug profile on two busy cores).
const DEADLINE: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Scan `root` on background threads and wait at most [`DEADLINE`] for the result.
fn scan_within_deadline(root: &Path, options: ScanOptions) -> Corpus {
    let handle = start_scan(root, options).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("messy-scan".into())
        .spawn(move || {
            let _ = tx.send(handle.collect());
        })
        .unwrap();
    match rx.recv_timeout(DEADLINE) {
        Ok(corpus) => {
            let summary = corpus
                .summary
                .unwrap_or_else(|| panic!("the scan ended without its summary (a thread died)"));
            assert!(!summary.cancelled, "{summary:?}");
            corpus
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!(
                "the scan of {} hangs: no result after {DEADLINE:?}",
                root.display()
            )
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the scan panicked"),
    }
}

/// What a snapshot keeps of one entry (links are not followed).
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Link(PathBuf),
    Folder,
    /// A FIFO or a socket (never opened: opening a FIFO blocks).
    Special,
}

/// Every entry under `root` with its content (bytes of a file, target of a link) and its
/// modification time, to prove that nothing was written, touched, created or removed.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Entry, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let kind = if meta.file_type().is_symlink() {
                Entry::Link(fs::read_link(&path).unwrap())
            } else if meta.is_dir() {
                stack.push(path.clone());
                Entry::Folder
            } else if meta.is_file() {
                Entry::File(fs::read(&path).unwrap())
            } else {
                Entry::Special
            };
            out.insert(path, (kind, meta.modified().unwrap()));
        }
    }
    out
}

fn assert_unchanged(
    before: &BTreeMap<PathBuf, (Entry, SystemTime)>,
    after: &BTreeMap<PathBuf, (Entry, SystemTime)>,
    when: &str,
) {
    let before_paths: BTreeSet<&PathBuf> = before.keys().collect();
    let after_paths: BTreeSet<&PathBuf> = after.keys().collect();
    assert_eq!(before_paths, after_paths, "entries changed {when}");
    for (path, entry) in before {
        assert!(after[path] == *entry, "{} changed {when}", path.display());
    }
}

/// The byte order of UTF-16 text.
#[derive(Clone, Copy, PartialEq)]
enum Endian {
    Little,
    Big,
}

/// UTF-16 bytes of `text`, little- or big-endian, with or without a byte-order mark.
fn utf16(text: &str, endian: Endian, bom: bool) -> Vec<u8> {
    let units = bom
        .then_some('\u{feff}')
        .into_iter()
        .chain(text.chars())
        .collect::<String>();
    units
        .encode_utf16()
        .flat_map(|unit| {
            if endian == Endian::Little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            }
        })
        .collect()
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "{text}");
    bytes.into_owned()
}

fn words(text: &str) -> u32 {
    u32::try_from(text.split_whitespace().count()).unwrap()
}

/// A small deterministic pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The expected outcome of every file
// ---------------------------------------------------------------------------------------------

/// What the scan must make of one entry.
#[derive(Clone, Debug, PartialEq)]
enum Expect {
    Article {
        title: String,
        encoding: &'static str,
        words: u32,
        /// Pieces the loaded body must contain.
        body: Vec<String>,
        /// The body is longer than [`DEFAULT_BODY_MAX_BYTES`].
        truncated: bool,
    },
    Skipped(SkipReason),
    Ignored,
}

/// A folder under construction and what the scan must make of each entry it will meet, keyed by
/// the path relative to the root as bytes (an article's [`Article::fs_path`]).
struct Folder {
    root: PathBuf,
    expected: BTreeMap<PathBuf, Expect>,
}

impl Folder {
    fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            expected: BTreeMap::new(),
        }
    }

    /// The absolute path of `rel`, its folders created.
    fn path(&self, rel: impl AsRef<Path>) -> PathBuf {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        path
    }

    /// Register what the scan must make of `rel` (a link, a FIFO, …, made by the caller).
    fn expect(&mut self, rel: impl AsRef<Path>, expect: Expect) {
        let previous = self.expected.insert(rel.as_ref().to_path_buf(), expect);
        assert!(previous.is_none(), "{:?} registered twice", rel.as_ref());
    }

    fn file(&mut self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>, expect: Expect) {
        fs::write(self.path(&rel), bytes).unwrap();
        self.expect(rel, expect);
    }

    /// An article whose text (as written, before encoding) is `text`.
    fn article(
        &mut self,
        rel: impl AsRef<Path>,
        bytes: impl AsRef<[u8]>,
        text: &str,
        title: &str,
        encoding: &'static str,
        body: &[&str],
    ) {
        let expect = Expect::Article {
            title: title.to_owned(),
            encoding,
            words: words(text),
            body: body.iter().map(|&piece| piece.to_owned()).collect(),
            truncated: false,
        };
        self.file(rel, bytes, expect);
    }

    /// A UTF-8 article `Headline for {label}` with a body naming `label`.
    fn simple_article(&mut self, rel: impl AsRef<Path>, label: &str) {
        let text = format!("Headline for {label}\n\nThe body of {label}, a naïve café.\n");
        self.article(
            rel,
            &text,
            &text,
            &format!("Headline for {label}"),
            "UTF-8",
            &[&format!("The body of {label}, a naïve café.")],
        );
    }

    fn skipped(&mut self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>, reason: SkipReason) {
        self.file(rel, bytes, Expect::Skipped(reason));
    }

    fn ignored(&mut self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
        self.file(rel, bytes, Expect::Ignored);
    }

    fn count(&self, which: fn(&Expect) -> bool) -> u64 {
        self.expected.values().filter(|e| which(e)).count() as u64
    }
}

/// Check every article, skipped file and count of `corpus` against `expected`.
fn check(corpus: &Corpus, expected: &BTreeMap<PathBuf, Expect>) {
    assert_totals_add_up(corpus);
    let mut articles_found = BTreeSet::new();
    for article in corpus.articles.iter() {
        let key = article.fs_path().into_owned();
        assert!(
            articles_found.insert(key.clone()),
            "{key:?} gave two articles"
        );
        let Some(Expect::Article {
            title,
            encoding,
            words,
            body,
            truncated,
        }) = expected.get(&key)
        else {
            panic!(
                "{key:?} became an article titled {:?}; expected {:?}",
                article.title,
                expected.get(&key)
            );
        };
        assert_eq!(&*article.title, title, "title of {key:?}");
        assert_eq!(article.encoding_name(), *encoding, "encoding of {key:?}");
        assert_eq!(article.words, *words, "words of {key:?}");
        check_body(corpus, article, body, *truncated);
    }

    // Skipped files are reported by their displayed path (U+FFFD for bytes that are not UTF-8).
    let mut skipped_found = BTreeMap::new();
    for skipped in &corpus.skipped {
        let previous = skipped_found.insert(skipped.path.clone(), skipped.reason.clone());
        assert!(previous.is_none(), "{} skipped twice", skipped.path);
    }
    let skipped_expected: BTreeMap<String, SkipReason> = expected
        .iter()
        .filter_map(|(path, expect)| match expect {
            Expect::Skipped(reason) => Some((path.to_string_lossy().into_owned(), reason.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(skipped_found, skipped_expected);

    // Every file made is counted once; ignored files have no list, only their count.
    let is_article = |e: &Expect| matches!(e, Expect::Article { .. });
    let p = corpus.progress;
    let articles = expected.values().filter(|e| is_article(e)).count();
    assert_eq!(articles_found.len(), articles, "articles missing");
    assert_eq!(p.files_seen, expected.len() as u64, "{p:?}");
    assert_eq!(p.article_files, articles as u64, "{p:?}");
    assert_eq!(p.articles, articles as u64, "{p:?}");
    assert_eq!(p.skipped, skipped_expected.len() as u64, "{p:?}");
    let ignored = expected
        .values()
        .filter(|e| matches!(e, Expect::Ignored))
        .count();
    assert_eq!(p.ignored, ignored as u64, "{p:?}");
    assert_eq!(p.bad_records, 0, "{p:?}");
}

fn check_body(corpus: &Corpus, article: &Article, pieces: &[String], truncated: bool) {
    let body = load_body(&corpus.root, article, DEFAULT_BODY_MAX_BYTES)
        .unwrap_or_else(|err| panic!("body of {:?}: {err}", article.fs_path()));
    let short = || body.text.chars().take(300).collect::<String>();
    for piece in pieces {
        assert!(
            body.text.contains(piece.as_str()),
            "body of {:?} lacks {piece:?}: {:?}",
            article.fs_path(),
            short()
        );
    }
    // (A scan without modification times records none, so every body would look changed.)
    if article.modified_unix_s.is_some() {
        assert!(!body.changed_since_scan, "{:?}", article.fs_path());
    }
    assert_eq!(body.truncated, truncated, "{:?}", article.fs_path());
    // The limit counts the file's bytes: decoded to UTF-8, one byte of Windows-1252 (`€`) or
    // two of UTF-16 take up to three.
    assert!(
        body.text.len() <= 3 * DEFAULT_BODY_MAX_BYTES,
        "{:?}",
        article.fs_path()
    );
    // Line breaks are normalised and a byte-order mark never shows; U+FFFD only where a piece
    // says so.
    assert!(!body.text.contains('\r'), "{:?}", article.fs_path());
    assert!(!body.text.contains('\u{feff}'), "{:?}", article.fs_path());
    if !pieces.iter().any(|piece| piece.contains('\u{fffd}')) {
        assert!(
            !body.text.contains('\u{fffd}'),
            "{:?}: {:?}",
            article.fs_path(),
            short()
        );
    }
}

mod changing;
mod messy_folder;
