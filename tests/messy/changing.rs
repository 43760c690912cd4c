//! Big and changing folders: 20,000 files in one folder, and files that change while the scan
//! runs.

use super::*;

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
