//! Scanning folders built in a temporary directory: every shape, every encoding, every kind of
//! bad input, and the guarantees (totals add up, order is deterministic, nothing is written).

// Tests fail loudly by design; a test reads as one story (its steps in order, with what each
// checks), so the length limit on functions is for the program's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

mod common;
use common::{assert_totals_add_up, day, make_fifo, write};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use corpus_explorer::corpus::{
    Corpus, DEFAULT_BODY_MAX_BYTES, FormatKind, ScanEvent, ScanOptions, SkipReason, TitleSource,
    load_body, read_file, scan_folder, start_scan,
};

fn article<'a>(corpus: &'a Corpus, path: &str) -> &'a corpus_explorer::corpus::Article {
    corpus
        .articles
        .iter()
        .find(|a| &*a.path == path)
        .unwrap_or_else(|| {
            panic!(
                "no article {path}; have {:?}; skipped {:?}",
                corpus.articles.iter().map(|a| &a.path).collect::<Vec<_>>(),
                corpus.skipped
            )
        })
}

fn skip_reason<'a>(corpus: &'a Corpus, path: &str) -> &'a SkipReason {
    &corpus
        .skipped
        .iter()
        .find(|s| s.path == path)
        .unwrap_or_else(|| panic!("{path} not skipped: {:?}", corpus.skipped))
        .reason
}

/// Every file's bytes and modification time, to prove a scan changed nothing.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let meta = fs::symlink_metadata(entry.path()).unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else if meta.is_file() {
                out.insert(
                    entry.path(),
                    (fs::read(entry.path()).unwrap(), meta.modified().unwrap()),
                );
            } else {
                out.insert(entry.path(), (Vec::new(), meta.modified().unwrap()));
            }
        }
    }
    out
}

#[test]
fn the_three_shapes_nested_folders_and_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "herald/2024/one.txt",
        " date 2024-04-17 Mayor Opens the New Ferry Terminal\nThe terminal opened on Wednesday.\nCrowds came.",
    );
    write(
        root,
        "wire/two.txt",
        " date 2017-05-04 PORT ALDER, N.C. (VW) — Unwilling to ignore the pilot’s two earlier escapes from custody, a U.S. judge declined Thursday to move him out of solitary confinement at the county jail.\n\n“We are disappointed,” his lawyer said.",
    );
    write(
        root,
        "three.txt",
        "Lighthouse Keeper Retires After Forty Years\n\nShe climbed the stairs every night.\n\nNow she rests.",
    );
    let corpus = scan_folder(root).unwrap();
    assert_totals_add_up(&corpus);
    assert_eq!(corpus.articles.len(), 3);
    // Sorted by path.
    let paths: Vec<&str> = corpus.articles.iter().map(|a| &*a.path).collect();
    assert_eq!(paths, ["herald/2024/one.txt", "three.txt", "wire/two.txt"]);

    let one = article(&corpus, "herald/2024/one.txt");
    assert_eq!(&*one.title, "Mayor Opens the New Ferry Terminal");
    assert_eq!(one.title_source, TitleSource::Headline);
    assert_eq!(one.date, day(2024, 4, 17));
    assert_eq!(one.folder(), "herald/2024");
    assert_eq!(one.words, 6 + 5 + 2, "marker not counted");
    assert_eq!(one.encoding_name(), "UTF-8");
    let body = load_body(&corpus.root, one, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert_eq!(body.text, "The terminal opened on Wednesday.\nCrowds came.");
    assert!(!body.truncated && !body.changed_since_scan);

    let two = article(&corpus, "wire/two.txt");
    assert_eq!(two.dateline.as_deref(), Some("PORT ALDER, N.C. (VW)"));
    assert!(two.title_derived());
    assert!(
        two.title
            .starts_with("Unwilling to ignore the pilot’s two earlier escapes"),
        "{}",
        two.title
    );
    assert!(two.title.ends_with('…'));
    assert_eq!(two.date, day(2017, 5, 4));
    let body = load_body(&corpus.root, two, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert!(body.text.starts_with("PORT ALDER, N.C. (VW) — Unwilling"));
    assert!(body.text.ends_with("his lawyer said."));

    let three = article(&corpus, "three.txt");
    assert_eq!(&*three.title, "Lighthouse Keeper Retires After Forty Years");
    assert_eq!(three.date, None);
    assert_eq!(three.folder(), "");
    let body = load_body(&corpus.root, three, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert_eq!(
        body.text,
        "She climbed the stairs every night.\n\nNow she rests."
    );
}

#[test]
fn encodings_and_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "bom.txt",
        b"\xEF\xBB\xBFCaf\xC3\xA9 Reopens on the Quay\nBody.",
    );
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Caf\u{e9} Reopens\r\nBody text."
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write(root, "utf16le.txt", utf16le);
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(
            "Caf\u{e9} Reopens\nBody text."
                .encode_utf16()
                .flat_map(u16::to_be_bytes),
        )
        .collect();
    write(root, "utf16be.txt", utf16be);
    write(root, "cp1252.txt", b"\x93Caf\xe9\x94 Owner Wins Appeal \x96 Again\nThe ruling came on Monday in Saint-\xc9tienne, the owner said.");
    write(
        root,
        "crlf.txt",
        "Tide Tables Change\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n",
    );
    write(
        root,
        "cr.txt",
        "Old Mac Headline\rFirst line.\rSecond line.",
    );
    let corpus = scan_folder(root).unwrap();
    assert_totals_add_up(&corpus);
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);

    let bom = article(&corpus, "bom.txt");
    assert_eq!(&*bom.title, "Café Reopens on the Quay");
    assert!(bom.had_bom);
    assert_eq!(bom.encoding_name(), "UTF-8");
    for name in ["utf16le.txt", "utf16be.txt"] {
        let a = article(&corpus, name);
        assert_eq!(&*a.title, "Café Reopens");
        assert_eq!(a.words, 4);
        let body = load_body(&corpus.root, a, DEFAULT_BODY_MAX_BYTES).unwrap();
        assert_eq!(body.text, "Body text.");
    }
    assert_eq!(article(&corpus, "utf16le.txt").encoding_name(), "UTF-16LE");
    assert_eq!(article(&corpus, "utf16be.txt").encoding_name(), "UTF-16BE");

    let cp = article(&corpus, "cp1252.txt");
    assert_eq!(cp.encoding_name(), "windows-1252");
    assert!(cp.is_legacy_encoding());
    assert_eq!(&*cp.title, "“Café” Owner Wins Appeal – Again");
    let body = load_body(&corpus.root, cp, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert!(body.text.contains("Saint-Étienne"), "{}", body.text);

    let crlf = article(&corpus, "crlf.txt");
    assert_eq!(&*crlf.title, "Tide Tables Change");
    let body = load_body(&corpus.root, crlf, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert_eq!(body.text, "First paragraph.\n\nSecond paragraph.");
    let cr = article(&corpus, "cr.txt");
    assert_eq!(&*cr.title, "Old Mac Headline");
    let body = load_body(&corpus.root, cr, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert_eq!(body.text, "First line.\nSecond line.");
}

#[test]
fn bad_input_is_skipped_with_reasons_and_other_files_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good.txt", "A Good Article\n\nBody.");
    write(root, "UPPER.TXT", "Upper Case Extension Works\n\nBody.");
    write(root, "empty.txt", "");
    write(root, "blank.txt", " \n\t\r\n  ");
    write(
        root,
        "binary.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\x08\x02",
    );
    write(root, "notes.md", "# not an article");
    write(root, "photo.jpg", b"\xff\xd8\xff\xe0");
    write(root, ".hidden.txt", "Hidden Article\n\nBody.");
    write(root, ".git/objects/x.txt", "Inside a hidden folder");
    fs::create_dir(root.join("folder.txt")).unwrap(); // a folder with an article's extension
    let corpus = scan_folder(root).unwrap();
    assert_totals_add_up(&corpus);
    let titles: Vec<&str> = corpus.articles.iter().map(|a| &*a.title).collect();
    assert_eq!(titles, ["Upper Case Extension Works", "A Good Article"]);
    assert_eq!(skip_reason(&corpus, "empty.txt"), &SkipReason::Empty);
    assert_eq!(skip_reason(&corpus, "blank.txt"), &SkipReason::Blank);
    assert_eq!(skip_reason(&corpus, "binary.txt"), &SkipReason::Binary);
    assert_eq!(
        corpus.progress.ignored, 3,
        "notes.md, photo.jpg, .hidden.txt"
    );
    assert_eq!(corpus.summary.unwrap().hidden_folders, 1);
    assert_eq!(corpus.progress.files_seen, 8);
    assert_eq!(
        corpus.summary_line(),
        "8 files: 2 articles, 3 skipped, 3 ignored"
    );
    // Reasons read as plain sentences.
    assert_eq!(SkipReason::Empty.to_string(), "empty file (0 bytes)");
    assert_eq!(SkipReason::Binary.to_string(), "binary data, not text");
}

#[cfg(unix)]
#[test]
fn links_loops_dangling_links_and_fifos() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "real/a.txt", "Real Article\n\nBody.");
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "b.txt", "Linked Folder Article\n\nBody.");
    symlink(outside.path(), root.join("linked")).unwrap();
    symlink(root.join("real/a.txt"), root.join("alias.txt")).unwrap();
    symlink(root, root.join("real/loop")).unwrap();
    symlink(root.join("missing.txt"), root.join("dangling.txt")).unwrap();
    let fifo = root.join("pipe.txt");
    make_fifo(&fifo).unwrap();

    // A FIFO must not hang the scan: run it with a deadline.
    let handle = start_scan(root, ScanOptions::default()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("test-scan".into())
        .spawn(move || tx.send(handle.collect()).unwrap())
        .unwrap();
    let corpus = rx.recv_timeout(Duration::from_secs(30)).expect("scan hung");
    assert_totals_add_up(&corpus);
    let paths: Vec<&str> = corpus.articles.iter().map(|a| &*a.path).collect();
    assert_eq!(paths, ["alias.txt", "linked/b.txt", "real/a.txt"]);
    assert_eq!(skip_reason(&corpus, "real/loop"), &SkipReason::LinkLoop);
    assert_eq!(
        skip_reason(&corpus, "dangling.txt"),
        &SkipReason::BrokenLink
    );
    assert_eq!(
        skip_reason(&corpus, "pipe.txt"),
        &SkipReason::NotRegularFile
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_unicode_are_kept_and_readable() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(dir.path().join(name), "Odd Name Article\n\nThe body.").unwrap();
    let corpus = scan_folder(dir.path()).unwrap();
    let a = &corpus.articles[0];
    assert_eq!(&*a.path, "caf\u{fffd}.txt");
    assert_eq!(
        load_body(&corpus.root, a, DEFAULT_BODY_MAX_BYTES)
            .unwrap()
            .text,
        "The body."
    );
}

#[cfg(unix)]
#[test]
fn names_that_look_alike_keep_one_order_whatever_the_threads() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    // Three names shown alike as `caf\u{fffd}.txt`, and the name that really is that.
    let names: [&[u8]; 4] = [
        b"caf\xe9.txt",
        b"caf\xe8.txt",
        b"caf\xc3.txt",
        "caf\u{fffd}.txt".as_bytes(),
    ];
    for (i, name) in names.iter().enumerate() {
        let name = std::ffi::OsStr::from_bytes(name);
        fs::write(dir.path().join(name), format!("Story {i}\n\nBody {i}.")).unwrap();
    }
    let order = |threads: usize| {
        let options = ScanOptions {
            threads,
            batch_size: 1,
            ..ScanOptions::default()
        };
        let corpus = start_scan(dir.path(), options).unwrap().collect();
        assert_totals_add_up(&corpus);
        corpus
            .articles
            .iter()
            .map(|a| a.title.to_string())
            .collect::<Vec<_>>()
    };
    let first = order(1);
    // The real U+FFFD name has no raw path and sorts first; the others by their bytes.
    assert_eq!(first, ["Story 3", "Story 2", "Story 1", "Story 0"]);
    for _ in 0..5 {
        assert_eq!(order(4), first);
    }
}

#[test]
fn a_file_that_vanished_or_is_unreadable_gets_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.txt");
    let mut buffer = Vec::new();
    assert_eq!(
        read_file(
            &missing,
            "gone.txt",
            None,
            FormatKind::PlainText,
            &mut buffer
        ),
        Err(SkipReason::Vanished)
    );
    let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    assert_eq!(SkipReason::from_io(&denied), SkipReason::PermissionDenied);
    assert_eq!(
        SkipReason::from_io(&denied).to_string(),
        "permission denied"
    );
}

#[test]
fn a_huge_file_is_streamed_and_its_words_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // 20 MB: above the whole-read limit, so the streaming path runs.
    let paragraph = "Harbour officials said the dredging would continue through the winter months — weather permitting.\n";
    let repeats = 20 * 1024 * 1024 / paragraph.len() + 1;
    let mut text = String::from(" date 2022-11-03 Dredging Report Runs Long\n");
    for _ in 0..repeats {
        text.push_str(paragraph);
    }
    write(root, "huge.txt", &text);
    let corpus = scan_folder(root).unwrap();
    let huge = article(&corpus, "huge.txt");
    assert_eq!(&*huge.title, "Dredging Report Runs Long");
    assert_eq!(huge.date, day(2022, 11, 3));
    assert_eq!(huge.words as usize, 4 + repeats * 14);
    assert_eq!(huge.size_bytes, text.len() as u64);
    // The reader gets the first part with a flag.
    let body = load_body(&corpus.root, huge, 1024 * 1024).unwrap();
    assert!(body.truncated);
    assert!(body.text.len() <= 1024 * 1024);
    assert!(body.text.starts_with("Harbour officials said"));
}

#[test]
fn the_reader_limit_holds_for_text_that_grows_when_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // UTF-16LE Japanese: every character is 2 bytes in the file and 3 in the text.
    let mut japanese = String::from("港湾の浚渫\n\n");
    japanese.push_str(&"港湾の浚渫工事は冬の間も続く。".repeat(5_000));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(japanese.encode_utf16().flat_map(u16::to_le_bytes));
    write(root, "japanese.txt", &utf16);
    // Windows-1252 with a euro sign in every other byte: 1 byte in the file, 3 in the text.
    let mut cp1252 = b"Prices In Euro\n\n".to_vec();
    cp1252.extend(b"\x80 ".repeat(50_000));
    write(root, "euro.txt", &cp1252);
    let corpus = scan_folder(root).unwrap();
    let limit = 64 * 1024;

    let japanese_article = article(&corpus, "japanese.txt");
    assert_eq!(japanese_article.encoding_name(), "UTF-16LE");
    let body = load_body(&corpus.root, japanese_article, limit).unwrap();
    assert!(body.truncated);
    assert!(body.text.len() <= limit, "{} bytes", body.text.len());
    assert!(
        body.text.len() > limit - 3,
        "cut at most one character short"
    );
    assert!(body.text.starts_with("港湾の浚渫工事は冬の間も続く。"));

    let euro = article(&corpus, "euro.txt");
    assert_eq!(euro.encoding_name(), "windows-1252");
    let body = load_body(&corpus.root, euro, limit).unwrap();
    assert!(body.truncated);
    assert!(body.text.len() <= limit, "{} bytes", body.text.len());
    assert!(body.text.starts_with("€ € €"));

    // With room for all of it, nothing is cut.
    let body = load_body(&corpus.root, euro, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert!(!body.truncated);
    assert_eq!(body.text.chars().filter(|&c| c == '€').count(), 50_000);
}

#[test]
fn body_notices_changed_and_vanished_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", "Headline Here\n\nBody.");
    let corpus = scan_folder(dir.path()).unwrap();
    let a = &corpus.articles[0];
    fs::write(&path, "Headline Here\n\nBody, now longer than before.").unwrap();
    let body = load_body(&corpus.root, a, DEFAULT_BODY_MAX_BYTES).unwrap();
    assert!(body.changed_since_scan);
    fs::remove_file(&path).unwrap();
    let err = load_body(&corpus.root, a, DEFAULT_BODY_MAX_BYTES).unwrap_err();
    assert!(err.to_string().contains("no longer exists"), "{err}");
}

fn many_files(root: &Path, n: usize) {
    for i in 0..n {
        let shape = match i % 3 {
            0 => format!(
                " date 20{:02}-0{}-1{} Story Number {i}\nBody of story {i}.",
                10 + i % 10,
                1 + i % 9,
                i % 10
            ),
            1 => format!("Undated Story {i}\n\nBody of story {i}."),
            _ => format!(
                " date 2015-03-0{} CAPE HOLLOW (CW) — Story {i} began when the tide turned. More.",
                1 + i % 9
            ),
        };
        write(root, &format!("f{}/g{}/{i:05}.txt", i % 7, i % 3), shape);
    }
}

#[test]
fn order_is_deterministic_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    many_files(dir.path(), 600);
    let scan = |threads| {
        let options = ScanOptions {
            threads,
            batch_size: 7,
            ..ScanOptions::default()
        };
        start_scan(dir.path(), options).unwrap().collect()
    };
    let one = scan(1);
    let four = scan(4);
    assert_eq!(one.articles.len(), 600);
    assert_eq!(one.articles, four.articles);
    assert_totals_add_up(&four);
}

#[test]
fn batches_stream_before_the_end_and_cancel_stops_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    many_files(dir.path(), 3000);
    let options = ScanOptions {
        batch_size: 16,
        channel_capacity: 2,
        ..ScanOptions::default()
    };
    let handle = start_scan(dir.path(), options).unwrap();
    let first = handle
        .receiver()
        .recv_timeout(Duration::from_secs(30))
        .unwrap();
    let ScanEvent::Batch {
        articles, progress, ..
    } = first
    else {
        panic!("expected a batch first");
    };
    assert!(!articles.is_empty());
    assert!(progress.files_seen > 0);
    handle.cancel();
    let finished = loop {
        match handle
            .receiver()
            .recv_timeout(Duration::from_secs(30))
            .unwrap()
        {
            ScanEvent::Batch { .. } => {}
            ScanEvent::Finished(summary) => break summary,
        }
    };
    assert!(finished.cancelled);
    assert!(
        finished.totals.files_seen < 3000,
        "cancel did not stop the walk: {finished:?}"
    );
}

#[test]
fn a_scan_writes_nothing_into_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    many_files(dir.path(), 50);
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "cp.txt", b"Caf\xe9 News\n\nBody.");
    let before = snapshot(dir.path());
    let corpus = scan_folder(dir.path()).unwrap();
    for a in corpus.articles.iter() {
        load_body(&corpus.root, a, DEFAULT_BODY_MAX_BYTES).unwrap();
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_missing_folder_or_a_file_cannot_be_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let err = scan_folder(&dir.path().join("nope")).unwrap_err();
    assert!(err.to_string().starts_with("folder not found"), "{err}");
    let file = write(dir.path(), "a.txt", "x");
    let err = scan_folder(&file).unwrap_err();
    assert!(err.to_string().starts_with("not a folder"), "{err}");
}

#[test]
fn paths_sharing_long_prefixes_come_out_in_byte_order() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a-folder-name-longer-than-the-sort-key/and-deeper";
    let mut expected = Vec::new();
    for i in (0..300).rev() {
        // Mixed case and digits of different widths, so byte order is not numeric order.
        let rel = format!("{long}/{}{i}.txt", if i % 2 == 0 { "B" } else { "a" });
        write(dir.path(), &rel, format!("Headline {i}\n\nBody.\n"));
        expected.push(rel);
    }
    expected.sort();
    let options = ScanOptions {
        threads: 3,
        batch_size: 11,
        ..ScanOptions::default()
    };
    let corpus = start_scan(dir.path(), options).unwrap().collect();
    let paths: Vec<&str> = corpus.articles.iter().map(|a| &*a.path).collect();
    assert_eq!(paths, expected);
}

#[test]
fn without_modified_times_records_match_except_for_the_time() {
    let dir = tempfile::tempdir().unwrap();
    many_files(dir.path(), 50);
    // Larger than the first read when the size is not known, and larger than a whole read.
    let big = format!("Big one\n\n{}", "word ".repeat(40_000));
    write(dir.path(), "big/larger-than-one-read.txt", &big);
    let huge = format!("Huge one\n\n{}", "word ".repeat(1_800_000));
    write(dir.path(), "big/larger-than-a-whole-read.txt", &huge);
    write(dir.path(), "big/empty.txt", "");
    let with = scan_folder(dir.path()).unwrap();
    let options = ScanOptions {
        modified_times: false,
        ..ScanOptions::default()
    };
    let without = start_scan(dir.path(), options).unwrap().collect();
    assert!(with.articles.iter().all(|a| a.modified_unix_s.is_some()));
    assert!(without.articles.iter().all(|a| a.modified_unix_s.is_none()));
    let forget_time = |corpus: &Corpus| {
        corpus
            .articles
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.modified_unix_s = None;
                a
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(forget_time(&with), forget_time(&without));
    assert_eq!(with.skipped, without.skipped);
    let big_article = article(&without, "big/larger-than-one-read.txt");
    assert_eq!(big_article.size_bytes, big.len() as u64);
    assert_eq!(big_article.words, 40_002);
    let huge_article = article(&without, "big/larger-than-a-whole-read.txt");
    assert_eq!(huge_article.size_bytes, huge.len() as u64);
    assert_eq!(huge_article.words, 1_800_002);
    assert_eq!(skip_reason(&without, "big/empty.txt"), &SkipReason::Empty);
}

#[test]
fn a_10k_article_json_lines_file_streams_in_batches_while_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..10_000 {
        lines.push_str(&format!(
            "{{\"title\": \"Article {i}\", \"date\": \"2020-01-{:02}\", \"text\": \"Body of article {i}.\"}}\n",
            i % 28 + 1
        ));
    }
    fs::write(dir.path().join("big.jsonl"), lines).unwrap();
    let handle = start_scan(dir.path(), ScanOptions::default()).unwrap();
    let mut batches_with_articles = 0;
    let mut corpus = Corpus::new(handle.root().to_path_buf());
    for event in handle.receiver() {
        if let ScanEvent::Batch { articles, .. } = &event
            && !articles.is_empty()
        {
            batches_with_articles += 1;
        }
        if corpus.apply(event) {
            break;
        }
    }
    // One file, yet the rows arrive in many batches (512 articles each by default), not all
    // at once when the file has been read.
    assert!(batches_with_articles >= 10, "{batches_with_articles}");
    assert_eq!(corpus.articles.len(), 10_000);
    assert_eq!(corpus.progress.article_files, 1);
    assert_totals_add_up(&corpus);
    assert_eq!(&*corpus.articles[0].title, "Article 0");
    assert_eq!(&*corpus.articles[9_999].title, "Article 9999");
    assert!(corpus.articles.iter().all(|a| a.date.is_some()));
}

#[test]
fn the_summary_line_counts_one_file_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Headline\n\nBody.");
    let corpus = scan_folder(dir.path()).unwrap();
    assert_eq!(
        corpus.summary_line(),
        "1 file: 1 article, 0 skipped, 0 ignored"
    );
}

#[test]
fn a_panic_while_reading_one_file_costs_that_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in ["a.txt", "b.txt", "c.txt"] {
        write(root, name, format!("Headline of {name}\n\nBody."));
    }
    // Stands for a bug in a format reader: the panic happens while `b.txt` is being read.
    let options = ScanOptions {
        before_read: Some(std::sync::Arc::new(|path: &Path| {
            assert!(!path.ends_with("b.txt"), "a reader bug");
        })),
        threads: 2,
        ..ScanOptions::default()
    };
    let corpus = start_scan(root, options).unwrap().collect();
    assert!(corpus.is_complete());
    assert_totals_add_up(&corpus);
    assert_eq!(&*article(&corpus, "a.txt").title, "Headline of a.txt");
    assert_eq!(&*article(&corpus, "c.txt").title, "Headline of c.txt");
    let reason = skip_reason(&corpus, "b.txt");
    assert!(
        matches!(reason, SkipReason::Crashed(message) if message == "a reader bug"),
        "{reason:?}"
    );
    assert!(
        reason.to_string().contains("failed unexpectedly"),
        "{reason}"
    );
}
