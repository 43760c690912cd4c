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

#![cfg(unix)] // Symbolic links, FIFOs, sockets and names that are not UTF-8.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Tests fail loudly by design.
// A test reads as one story, its steps in order with what each checks: the length limit is
// for the program's functions.
#![allow(clippy::too_many_lines)]

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

// ---------------------------------------------------------------------------------------------
// The messy folder
// ---------------------------------------------------------------------------------------------

const HEADLINE: &str = "Zürich Café Sells a Naïve Espresso for €5";
const LEAD: &str = "The café in Zürich said the naïve price of €5 was fair.";
const SECOND: &str = "Customers disagreed.";

/// The story every encoded file tells, with `eol` as line break.
fn story(eol: &str) -> String {
    format!("{HEADLINE}{eol}{eol}{LEAD}{eol}{eol}{SECOND}{eol}")
}

/// The body the reader must show for [`story`], whatever the encoding and line breaks.
fn story_body() -> String {
    format!("{LEAD}\n\n{SECOND}")
}

fn encodings(folder: &mut Folder) {
    let body = story_body();
    let body = [body.as_str(), "Zürich", "naïve", "€5", "café"];
    let mut add = |name: &str, bytes: Vec<u8>, text: &str, encoding: &'static str| {
        folder.article(
            format!("encodings/{name}"),
            bytes,
            text,
            HEADLINE,
            encoding,
            &body,
        );
    };
    for (name, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let text = story(eol);
        add(
            &format!("utf8-{name}.txt"),
            text.clone().into_bytes(),
            &text,
            "UTF-8",
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        add(&format!("utf8-bom-{name}.txt"), bom, &text, "UTF-8");
        add(
            &format!("windows-1252-{name}.txt"),
            windows_1252(&text),
            &text,
            "windows-1252",
        );
        for (little, endian) in [(Endian::Little, "le"), (Endian::Big, "be")] {
            add(
                &format!("utf16{endian}-bom-{name}.txt"),
                utf16(&text, little, true),
                &text,
                if little == Endian::Little {
                    "UTF-16LE"
                } else {
                    "UTF-16BE"
                },
            );
            add(
                &format!("utf16{endian}-no-bom-{name}.txt"),
                utf16(&text, little, false),
                &text,
                if little == Endian::Little {
                    "UTF-16LE"
                } else {
                    "UTF-16BE"
                },
            );
        }
    }
    // All three line breaks in one file.
    let text = format!("{HEADLINE}\r\n\n{LEAD}\r\r{SECOND}\n");
    add(
        "utf8-mixed-line-breaks.txt",
        text.clone().into_bytes(),
        &text,
        "UTF-8",
    );

    // Mixed encodings. Mostly UTF-8 with one Windows-1252 byte: stays UTF-8, the stray byte
    // shows as U+FFFD and the accents stay right.
    let text = story("\n");
    let mut bytes = text.clone().into_bytes();
    bytes.extend_from_slice(b"Stray byte: caf\xe9.\n");
    folder.article(
        "encodings/mixed-mostly-utf8.txt",
        bytes,
        &format!("{text}Stray byte: café.\n"),
        HEADLINE,
        "UTF-8",
        &[LEAD, "Stray byte: caf\u{fffd}."],
    );
    // Mostly Windows-1252 with one UTF-8 sequence: read as Windows-1252, so the accents are
    // right and the UTF-8 euro sign shows as the three characters its bytes are in 1252.
    let text = story("\r\n");
    let mut bytes = windows_1252(&text);
    bytes.extend_from_slice("Price in UTF-8: €5.\r\n".as_bytes());
    folder.article(
        "encodings/mixed-mostly-windows-1252.txt",
        bytes,
        &format!("{text}Price in UTF-8: €5.\r\n"),
        HEADLINE,
        "windows-1252",
        &[LEAD, "Price in UTF-8: â‚¬5."],
    );

    // Larger than the whole-read limit: streamed, chunk by chunk, in a multi-byte encoding (a
    // character or a word may straddle two chunks).
    let paragraph = "Le café de Zürich reste ouvert: «naïve» ou pas, l’espresso coûte €5.\r\n";
    let repeats = usize::try_from(WHOLE_READ_MAX_BYTES).unwrap()
        / utf16(paragraph, Endian::Little, false).len()
        + 7;
    let text = format!("{HEADLINE}\r\n\r\n{}", paragraph.repeat(repeats));
    let expect = Expect::Article {
        title: HEADLINE.to_owned(),
        encoding: "UTF-16LE",
        words: words(&text),
        body: vec!["Le café de Zürich reste ouvert: «naïve» ou pas".to_owned()],
        truncated: true,
    };
    let bytes = utf16(&text, Endian::Little, true);
    assert!(bytes.len() as u64 > WHOLE_READ_MAX_BYTES);
    folder.file("encodings/streamed-utf16le.txt", bytes, expect);
    let repeats =
        usize::try_from(WHOLE_READ_MAX_BYTES).unwrap() / windows_1252(paragraph).len() + 7;
    let text = format!("{HEADLINE}\r\n\r\n{}", paragraph.repeat(repeats));
    let expect = Expect::Article {
        title: HEADLINE.to_owned(),
        encoding: "windows-1252",
        words: words(&text),
        body: vec!["Le café de Zürich reste ouvert: «naïve» ou pas".to_owned()],
        truncated: true,
    };
    let bytes = windows_1252(&text);
    assert!(bytes.len() as u64 > WHOLE_READ_MAX_BYTES);
    folder.file("encodings/streamed-windows-1252.txt", bytes, expect);
}

fn empty_binary_and_ignored(folder: &mut Folder) {
    folder.skipped("empty/empty.txt", "", SkipReason::Empty);
    folder.skipped("empty/EMPTY.TXT", "", SkipReason::Empty);
    for format in ["json", "jsonl", "ndjson", "csv", "tsv", "md", "docx"] {
        folder.skipped(format!("empty/empty.{format}"), "", SkipReason::Empty);
    }
    folder.skipped("empty/blank.txt", " \n\t\r\n  \r", SkipReason::Blank);
    folder.skipped("empty/bom-only.txt", b"\xEF\xBB\xBF", SkipReason::Blank);
    folder.skipped("empty/utf16-bom-only.txt", b"\xFF\xFE", SkipReason::Blank);
    folder.skipped(
        "empty/utf16-spaces.txt",
        utf16(" \r\n ", Endian::Little, true),
        SkipReason::Blank,
    );

    let mut rng = Rng(0x5eed_1234_5678_9abc);
    folder.skipped(
        "binary/image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
        SkipReason::Binary,
    );
    folder.skipped(
        "binary/program.txt",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0",
        SkipReason::Binary,
    );
    folder.skipped("binary/random.txt", rng.bytes(4096), SkipReason::Binary);
    let mut nul = story("\n").into_bytes();
    nul.extend_from_slice(b"\0\0\0\0");
    nul.extend_from_slice(story("\n").as_bytes());
    folder.skipped("binary/nul-bytes-in-text.txt", nul, SkipReason::Binary);
    folder.skipped(
        "binary/control-characters.txt",
        [1u8, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16].repeat(40),
        SkipReason::Binary,
    );
    // Larger than the whole-read limit: the streaming reader must say binary too.
    let big = usize::try_from(WHOLE_READ_MAX_BYTES).unwrap() + 4096;
    folder.skipped("binary/big-random.txt", rng.bytes(big), SkipReason::Binary);
    // A ZIP archive named `.txt`.
    folder.skipped(
        "binary/archive.txt",
        b"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0",
        SkipReason::Binary,
    );

    folder.ignored("ignored/notes.md", "# Notes\n\nA note, not an article.\n");
    folder.ignored("ignored/photo.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF");
    folder.ignored("ignored/Makefile", "all:\n\ttrue\n");
    folder.ignored("ignored/archive.tar.gz", b"\x1f\x8b\x08\0");
    folder.ignored("ignored/article.txt.bak", story("\n"));
    folder.ignored("ignored/txt", story("\n"));
    folder.ignored("ignored/.DS_Store", b"\0\0\0\x01Bud1");
    folder.ignored(".hidden.txt", story("\n"));
    // Inside hidden folders: not entered, so not seen at all.
    fs::write(folder.path(".git/HEAD.txt"), story("\n")).unwrap();
    fs::write(folder.path(".git/objects/ab/cdef.txt"), story("\n")).unwrap();
    fs::write(folder.path("ignored/.cache/article.txt"), story("\n")).unwrap();
}

fn names(folder: &mut Folder) {
    let bytes = |b: &[u8]| PathBuf::from(OsStr::from_bytes(b));
    let names: Vec<(PathBuf, &str)> = vec![
        ("names/with spaces in the name.txt".into(), "spaces"),
        (
            "names/  leading and trailing spaces  .txt".into(),
            "outer spaces",
        ),
        ("names/Zürich café naïve €.txt".into(), "precomposed"),
        ("names/Zu\u{308}rich decomposed.txt".into(), "decomposed"),
        ("names/日本語の記事.txt".into(), "Japanese"),
        ("names/📰 newspaper.txt".into(), "emoji"),
        (
            "names/line\nbreak and\ttab.txt".into(),
            "control characters",
        ),
        ("names/back\\slash.txt".into(), "backslash"),
        ("names/caf\u{fffd} replacement.txt".into(), "a real U+FFFD"),
        (format!("names/{}.txt", "n".repeat(251)).into(), "255 bytes"),
        (format!("names/{}.TXT", "Ü".repeat(125)).into(), "254 bytes"),
        // Bytes that are not UTF-8: Latin-1 names; two that look the same once shown with
        // U+FFFD, and one that also has a real U+FFFD.
        (bytes(b"names/caf\xe9 replacement.txt"), "Latin-1 e acute"),
        (bytes(b"names/caf\xe8 replacement.txt"), "Latin-1 e grave"),
        (bytes(b"names/cut short \xe2\x82.txt"), "truncated sequence"),
        (bytes(b"names/\xff\xfe folder/inside.txt"), "invalid folder"),
        (
            bytes(b"names/\xff\xfe folder/caf\xe9.txt"),
            "invalid folder and name",
        ),
    ];
    for (rel, label) in names {
        folder.simple_article(rel, label);
    }
    // A folder named like an article.
    folder.simple_article("names/folder.txt/inside.txt", "a folder named .txt");
}

fn nesting(folder: &mut Folder) {
    let mut deep = PathBuf::from("deep");
    for level in 1..=100 {
        deep.push(format!("level-{level:03}"));
        if level == 50 {
            folder.simple_article(deep.join("middle.txt"), "level 50");
        }
    }
    folder.simple_article(deep.join("deepest.txt"), "level 100");
}

fn links_and_special_files(folder: &mut Folder, outside: &Path) {
    let root = folder.root.clone();
    folder.simple_article("links/target.txt", "the link target");
    symlink("target.txt", folder.path("links/alias.txt")).unwrap();
    folder.expect(
        "links/alias.txt",
        folder.expected[Path::new("links/target.txt")].clone(),
    );
    // Loops: to the root, to the parent, to itself, and two links to each other.
    symlink(&root, folder.path("links/to-root")).unwrap();
    folder.expect("links/to-root", Expect::Skipped(SkipReason::LinkLoop));
    symlink("..", folder.path("links/up")).unwrap();
    folder.expect("links/up", Expect::Skipped(SkipReason::LinkLoop));
    symlink("self.txt", folder.path("links/self.txt")).unwrap();
    folder.expect("links/self.txt", Expect::Skipped(SkipReason::LinkLoop));
    symlink("pong.txt", folder.path("links/ping.txt")).unwrap();
    symlink("ping.txt", folder.path("links/pong.txt")).unwrap();
    folder.expect("links/ping.txt", Expect::Skipped(SkipReason::LinkLoop));
    folder.expect("links/pong.txt", Expect::Skipped(SkipReason::LinkLoop));
    // Dangling: to a file, to a folder.
    symlink("missing.txt", folder.path("links/dangling.txt")).unwrap();
    folder.expect(
        "links/dangling.txt",
        Expect::Skipped(SkipReason::BrokenLink),
    );
    symlink("no-such-folder", folder.path("links/dangling-folder")).unwrap();
    folder.expect(
        "links/dangling-folder",
        Expect::Skipped(SkipReason::BrokenLink),
    );
    // To a folder outside the root, which holds an article and a link back to the root.
    fs::write(
        outside.join("outside.txt"),
        "Headline for outside\n\nThe body of outside, a naïve café.\n",
    )
    .unwrap();
    symlink(&root, outside.join("back")).unwrap();
    symlink(outside, folder.path("links/outside")).unwrap();
    let outside_text = fs::read_to_string(outside.join("outside.txt")).unwrap();
    folder.expect(
        "links/outside/outside.txt",
        Expect::Article {
            title: "Headline for outside".to_owned(),
            encoding: "UTF-8",
            words: words(&outside_text),
            body: vec!["The body of outside, a naïve café.".to_owned()],
            truncated: false,
        },
    );
    folder.expect("links/outside/back", Expect::Skipped(SkipReason::LinkLoop));
    // To an empty file.
    symlink("../empty/empty.txt", folder.path("links/to-empty.txt")).unwrap();
    folder.expect("links/to-empty.txt", Expect::Skipped(SkipReason::Empty));

    // FIFOs: named like articles (skipped, never opened), like other files (ignored), hidden
    // (ignored), and reached through a link.
    let fifos = [
        "special/pipe.txt",
        "special/pipe.md",
        "special/pipe.json",
        "special/pipe.csv",
        "special/pipe.log",
        "special/.gitignore",
        "special/.ignore",
    ];
    for rel in fifos {
        make_fifo(&folder.path(rel)).unwrap();
    }
    for rel in fifos {
        let article_extension = [".txt", ".md", ".json", ".csv"]
            .iter()
            .any(|ext| rel.ends_with(ext));
        folder.expect(
            rel,
            if article_extension {
                Expect::Skipped(SkipReason::NotRegularFile)
            } else {
                Expect::Ignored
            },
        );
    }
    symlink("pipe.txt", folder.path("special/link-to-pipe.txt")).unwrap();
    folder.expect(
        "special/link-to-pipe.txt",
        Expect::Skipped(SkipReason::NotRegularFile),
    );
    let socket = std::os::unix::net::UnixListener::bind(folder.path("special/socket.txt"));
    drop(socket.unwrap());
    folder.expect(
        "special/socket.txt",
        Expect::Skipped(SkipReason::NotRegularFile),
    );
}

#[test]
fn every_file_of_a_messy_folder_is_an_article_skipped_or_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let mut folder = Folder::new(dir.path());
    folder.simple_article("plain.txt", "a plain article");
    encodings(&mut folder);
    empty_binary_and_ignored(&mut folder);
    names(&mut folder);
    nesting(&mut folder);
    links_and_special_files(&mut folder, outside.path());
    assert!(folder.count(|e| matches!(e, Expect::Article { .. })) > 40);

    let before = (snapshot(dir.path()), snapshot(outside.path()));
    // Every entry made is registered: counted on disk, outside hidden folders (not entered),
    // and with the link to the outside folder replaced by the two entries found through it.
    let on_disk = before
        .0
        .iter()
        .filter(|(path, (entry, _))| {
            let rel = path.strip_prefix(dir.path()).unwrap();
            let in_hidden_folder = rel.parent().is_some_and(|parent| {
                parent
                    .components()
                    .any(|c| c.as_os_str().as_bytes().starts_with(b"."))
            });
            *entry != Entry::Folder && !in_hidden_folder
        })
        .count();
    assert_eq!(on_disk - 1 + 2, folder.expected.len());

    let corpus = scan_within_deadline(dir.path(), ScanOptions::default());
    let after_scan = (snapshot(dir.path()), snapshot(outside.path()));
    assert_unchanged(&before.0, &after_scan.0, "by the scan");
    assert_unchanged(&before.1, &after_scan.1, "by the scan (outside)");

    // `check` loads every article's body.
    check(&corpus, &folder.expected);
    assert_eq!(corpus.summary.unwrap().hidden_folders, 2, ".git, .cache");
    let after_bodies = (snapshot(dir.path()), snapshot(outside.path()));
    assert_unchanged(&before.0, &after_bodies.0, "by reading the bodies");
    assert_unchanged(
        &before.1,
        &after_bodies.1,
        "by reading the bodies (outside)",
    );

    // The same folder with one thread and without modification times: the same outcome.
    let options = ScanOptions {
        threads: 1,
        modified_times: false,
        ..ScanOptions::default()
    };
    let again = scan_within_deadline(dir.path(), options);
    assert_totals_add_up(&again);
    assert_eq!(again.progress, corpus.progress);
    assert_eq!(again.skipped, corpus.skipped);
    let titles = |c: &Corpus| {
        c.articles
            .iter()
            .map(|a| (a.fs_path().into_owned(), a.title.clone(), a.words))
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(titles(&again), titles(&corpus));
    assert_unchanged(&before.0, &snapshot(dir.path()), "by the second scan");
}

// ---------------------------------------------------------------------------------------------
// 20,000 files in one folder
// ---------------------------------------------------------------------------------------------

const FLAT_FILES: usize = 20_000;

fn flat_title(i: usize) -> String {
    format!("Story {i:05} From the Flat Folder")
}

fn flat_text(i: usize) -> String {
    format!(
        "{}\n\nParagraph {i} of the naïve café in Zürich.\n",
        flat_title(i)
    )
}

fn flat_folder(root: &Path) {
    for i in 0..FLAT_FILES {
        fs::write(root.join(format!("{i:05}.txt")), flat_text(i)).unwrap();
    }
}

#[test]
fn twenty_thousand_files_in_one_folder_are_twenty_thousand_articles() {
    let dir = tempfile::tempdir().unwrap();
    flat_folder(dir.path());
    let before = snapshot(dir.path());
    assert_eq!(before.len(), FLAT_FILES);
    let corpus = scan_within_deadline(dir.path(), ScanOptions::default());
    assert_totals_add_up(&corpus);
    assert!(corpus.skipped.is_empty(), "{:?}", &corpus.skipped[..1]);
    assert_eq!(corpus.progress.files_seen, FLAT_FILES as u64);
    assert_eq!(corpus.progress.articles, FLAT_FILES as u64);
    assert_eq!(corpus.articles.len(), FLAT_FILES);
    for (i, article) in corpus.articles.iter().enumerate() {
        assert_eq!(&*article.path, format!("{i:05}.txt"));
        assert_eq!(*article.title, flat_title(i));
        assert_eq!(article.words, words(&flat_text(i)));
        let body = load_body(&corpus.root, article, DEFAULT_BODY_MAX_BYTES).unwrap();
        assert_eq!(
            body.text,
            format!("Paragraph {i} of the naïve café in Zürich.")
        );
    }
    assert_unchanged(&before, &snapshot(dir.path()), "by the scan");
}

// ---------------------------------------------------------------------------------------------
// Files that change while the scan runs
// ---------------------------------------------------------------------------------------------

#[test]
fn files_deleted_truncated_grown_or_replaced_just_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let long = "Headline That Stays\n\nFirst paragraph stays.\n\nSecond paragraph goes away.\n";
    let short_len = "Headline That Stays\n\nFirst paragraph stays.\n".len();
    // The others are written at the start of each round below.
    fs::write(root.join("keep.txt"), long).unwrap();
    let appended = "Third paragraph, added during the scan.\n";

    // Without modification times the scan makes no metadata call, so a FIFO that took a file's
    // place is opened (without waiting) and read: it holds nothing.
    for (options, fifo_reason) in [
        (ScanOptions::default(), SkipReason::NotRegularFile),
        (
            ScanOptions {
                modified_times: false,
                threads: 1,
                ..ScanOptions::default()
            },
            SkipReason::Empty,
        ),
    ] {
        // Write every file as it was (the previous round changed them).
        for name in [
            "becomes-fifo.txt",
            "becomes-dangling-link.txt",
            "becomes-folder.txt",
        ] {
            let path = root.join(name);
            if path.is_dir() {
                fs::remove_dir(&path).unwrap();
            } else if fs::symlink_metadata(&path).is_ok() {
                fs::remove_file(&path).unwrap();
            }
        }
        for name in [
            "vanish.txt",
            "shrink.txt",
            "shrink-to-nothing.txt",
            "grow.txt",
            "becomes-binary.txt",
            "becomes-fifo.txt",
            "becomes-dangling-link.txt",
            "becomes-folder.txt",
        ] {
            fs::write(root.join(name), long).unwrap();
        }

        // The hook runs on the scan's threads inside its panic guard: it must not panic, so
        // failures are written down and checked afterwards.
        let failures = Arc::new(Mutex::new(Vec::<String>::new()));
        let hook_failures = Arc::clone(&failures);
        let change = move |path: &Path| -> std::io::Result<()> {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            match &*name {
                "vanish.txt" => fs::remove_file(path),
                "shrink.txt" => fs::OpenOptions::new()
                    .write(true)
                    .open(path)?
                    .set_len(short_len as u64),
                "shrink-to-nothing.txt" => {
                    fs::OpenOptions::new().write(true).open(path)?.set_len(0)
                }
                "grow.txt" => fs::OpenOptions::new()
                    .append(true)
                    .open(path)?
                    .write_all(appended.as_bytes()),
                "becomes-binary.txt" => fs::write(path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
                "becomes-fifo.txt" => {
                    fs::remove_file(path)?;
                    make_fifo(path)
                }
                "becomes-dangling-link.txt" => {
                    fs::remove_file(path)?;
                    symlink("nowhere.txt", path)
                }
                "becomes-folder.txt" => {
                    fs::remove_file(path)?;
                    fs::create_dir(path)
                }
                _ => Ok(()),
            }
        };
        let options = ScanOptions {
            before_read: Some(Arc::new(move |path: &Path| {
                if let Err(err) = change(path) {
                    hook_failures
                        .lock()
                        .unwrap()
                        .push(format!("{}: {err}", path.display()));
                }
            })),
            ..options
        };
        let described = format!("{options:?}");
        let corpus = scan_within_deadline(root, options);
        assert!(failures.lock().unwrap().is_empty(), "{failures:?}");

        let mut expected = BTreeMap::new();
        let article = |title: &str, text: &str, body: &str| Expect::Article {
            title: title.to_owned(),
            encoding: "UTF-8",
            words: words(text),
            body: vec![body.to_owned()],
            truncated: false,
        };
        let grown = format!("{long}{appended}");
        expected.insert(
            "keep.txt".into(),
            article("Headline That Stays", long, "Second paragraph goes away."),
        );
        expected.insert(
            "shrink.txt".into(),
            article(
                "Headline That Stays",
                &long[..short_len],
                "First paragraph stays.",
            ),
        );
        expected.insert(
            "grow.txt".into(),
            article("Headline That Stays", &grown, appended.trim_end()),
        );
        let skipped = [
            ("vanish.txt", SkipReason::Vanished),
            ("shrink-to-nothing.txt", SkipReason::Empty),
            ("becomes-binary.txt", SkipReason::Binary),
            ("becomes-fifo.txt", fifo_reason.clone()),
            ("becomes-dangling-link.txt", SkipReason::BrokenLink),
            ("becomes-folder.txt", SkipReason::NotRegularFile),
        ];
        for (name, reason) in skipped {
            expected.insert(PathBuf::from(name), Expect::Skipped(reason));
        }
        check(&corpus, &expected);
        // The shrunk article records the size it was read at, and its body is exactly what
        // remained.
        let shrunk = corpus
            .articles
            .iter()
            .find(|a| &*a.path == "shrink.txt")
            .unwrap();
        assert_eq!(shrunk.size_bytes, short_len as u64, "{described}");
        let body = load_body(&corpus.root, shrunk, DEFAULT_BODY_MAX_BYTES).unwrap();
        assert_eq!(body.text, "First paragraph stays.");
        let grew = corpus
            .articles
            .iter()
            .find(|a| &*a.path == "grow.txt")
            .unwrap();
        assert_eq!(grew.size_bytes, grown.len() as u64, "{described}");
    }
}

#[test]
fn a_folder_of_20000_files_changing_while_it_is_scanned() {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Change {
        Delete,
        Truncate,
        TruncateToHeadline,
        Append,
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    flat_folder(&root);
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed:#x}");

    // The changer starts when the scan reads its first file and stops when the scan is over.
    let reading = Arc::new(AtomicBool::new(false));
    let over = Arc::new(AtomicBool::new(false));
    let changer = {
        let (reading, over, root) = (Arc::clone(&reading), Arc::clone(&over), root.clone());
        std::thread::Builder::new()
            .name("messy-changer".into())
            .spawn(move || {
                let mut rng = Rng(seed);
                let mut changed: BTreeMap<usize, Vec<Change>> = BTreeMap::new();
                let mut deleted = BTreeSet::new();
                while !reading.load(Ordering::Relaxed) && !over.load(Ordering::Relaxed) {
                    std::thread::yield_now();
                }
                while !over.load(Ordering::Relaxed) && changed.len() < FLAT_FILES / 4 {
                    let i = rng.below(FLAT_FILES);
                    let path = root.join(format!("{i:05}.txt"));
                    let change = match rng.below(4) {
                        0 => Change::Delete,
                        1 => Change::Truncate,
                        2 => Change::TruncateToHeadline,
                        _ => Change::Append,
                    };
                    // Nothing is ever created: a deleted file stays deleted.
                    let open = || fs::OpenOptions::new().write(true).open(&path);
                    let done = match change {
                        Change::Delete => fs::remove_file(&path).is_ok(),
                        Change::Truncate => open().and_then(|f| f.set_len(0)).is_ok(),
                        Change::TruncateToHeadline => open()
                            .and_then(|f| {
                                let len = f.metadata()?.len();
                                f.set_len(len.min(flat_title(i).len() as u64 + 1))
                            })
                            .is_ok(),
                        Change::Append => fs::OpenOptions::new()
                            .append(true)
                            .open(&path)
                            .and_then(|mut f| f.write_all(b"\nAppended while scanned.\n"))
                            .is_ok(),
                    };
                    if done {
                        changed.entry(i).or_default().push(change);
                        if change == Change::Delete {
                            deleted.insert(i);
                        }
                    }
                }
                (changed, deleted)
            })
            .unwrap()
    };
    let hook_reading = Arc::clone(&reading);
    let options = ScanOptions {
        before_read: Some(Arc::new(move |_: &Path| {
            hook_reading.store(true, Ordering::Relaxed);
        })),
        ..ScanOptions::default()
    };
    let corpus = scan_within_deadline(&root, options);
    over.store(true, Ordering::Relaxed);
    let (changed, deleted) = changer.join().unwrap();
    eprintln!(
        "{} files changed ({} deleted) while {} were scanned",
        changed.len(),
        deleted.len(),
        corpus.progress.files_seen
    );
    assert!(!changed.is_empty(), "nothing changed during the scan");

    assert_totals_add_up(&corpus);
    let p = corpus.progress;
    assert_eq!((p.ignored, p.bad_records), (0, 0), "{p:?}");
    // A file deleted before its folder was listed is never seen; every other file is.
    assert!(p.files_seen <= FLAT_FILES as u64, "{p:?}");
    assert!(p.files_seen >= (FLAT_FILES - deleted.len()) as u64, "{p:?}");
    let index = |path: &str| -> usize {
        let stem = path.strip_suffix(".txt").unwrap();
        assert_eq!(stem.len(), 5, "{path}");
        stem.parse().unwrap()
    };
    let mut seen = BTreeSet::new();
    for article in corpus.articles.iter() {
        let i = index(&article.path);
        assert!(seen.insert(i), "{} twice", article.path);
        if !changed.contains_key(&i) {
            assert_eq!(*article.title, flat_title(i));
            assert_eq!(article.words, words(&flat_text(i)));
            let body = load_body(&corpus.root, article, DEFAULT_BODY_MAX_BYTES).unwrap();
            assert!(!body.changed_since_scan);
            assert_eq!(
                body.text,
                format!("Paragraph {i} of the naïve café in Zürich.")
            );
        }
    }
    for skipped in &corpus.skipped {
        let i = index(&skipped.path);
        assert!(seen.insert(i), "{} twice", skipped.path);
        let changes = changed
            .get(&i)
            .unwrap_or_else(|| panic!("{skipped:?} but the file never changed"));
        let expected = match skipped.reason {
            SkipReason::Vanished => Change::Delete,
            SkipReason::Empty => Change::Truncate,
            _ => panic!("{skipped:?} after {changes:?}"),
        };
        assert!(changes.contains(&expected), "{skipped:?} after {changes:?}");
    }
    assert_eq!(seen.len() as u64, p.files_seen);
    eprintln!(
        "outcome: {} articles, {} skipped: {:?}",
        corpus.articles.len(),
        corpus.skipped.len(),
        corpus
            .skipped
            .iter()
            .fold(BTreeMap::<String, usize>::new(), |mut counts, s| {
                *counts.entry(s.reason.to_string()).or_default() += 1;
                counts
            })
    );
    // Every file that existed throughout was seen.
    for i in 0..FLAT_FILES {
        assert!(
            seen.contains(&i) || deleted.contains(&i),
            "{i:05}.txt not seen"
        );
    }
}
