//! The catalog, from the command line: after every kind of change to a folder, `list` and
//! `search` through the catalog give exactly what `--rescan` gives; a damaged cache gives the
//! same output; two processes at once leave a catalog that works.

// Tests fail loudly by design; a test reads as one story.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

struct Setup {
    folder: tempfile::TempDir,
    cache: tempfile::TempDir,
}

fn run(setup: &Setup, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
        .args(args)
        .env("XDG_CACHE_HOME", setup.cache.path())
        .env("RUST_LOG", "corpus_explorer::corpus::catalog=info")
        .output()
        .expect("run corpus-explorer");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn folder_arg(setup: &Setup) -> String {
    setup.folder.path().to_str().unwrap().to_owned()
}

/// `list` (jsonl, and the skipped list) and its summary line, through the catalog or not; with
/// the way the check went (from the log).
fn list(setup: &Setup, rescan: bool) -> (String, String, String) {
    let folder = folder_arg(setup);
    let mut args = vec!["list", &folder, "--format", "jsonl"];
    if rescan {
        args.push("--rescan");
    }
    let out = run(setup, &args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let summary = stderr
        .lines()
        .filter(|l| !l.contains(" INFO ") && !l.contains(" WARN "))
        .collect::<Vec<_>>()
        .join("\n");
    args.push("--skipped");
    let skipped = run(setup, &args);
    let rows = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(skipped.stdout).unwrap();
    (rows, summary, stderr)
}

fn search(setup: &Setup, query: &str, rescan: bool) -> String {
    let folder = folder_arg(setup);
    let mut args = vec!["search", &folder, query, "--format", "jsonl"];
    if rescan {
        args.push("--rescan");
    }
    String::from_utf8(run(setup, &args).stdout).unwrap()
}

fn paths_found(setup: &Setup, query: &str) -> Vec<String> {
    search(setup, query, false)
        .lines()
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).unwrap();
            row["path"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// Set a file's or folder's modification time an hour back (so that the catalog trusts its
/// stamp at once: a stamp from the last two seconds is always looked at again).
fn age(path: &Path) {
    let file = fs::File::open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

fn age_all(root: &Path) {
    for entry in walk(root) {
        age(&entry);
    }
    age(root);
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}

fn article(title: &str, day: &str, body: &str) -> String {
    format!("{title}\n\n{day}\n\n{body}\n")
}

/// The ferry story, at `herald/2024/ferry.txt` under `root`.
fn write_ferry(root: &Path) {
    fs::write(
        root.join("herald/2024/ferry.txt"),
        article(
            "Ferry Timetable Cut",
            "12 March 2024",
            "The island ferry will run twice a day from May, the harbour board said.",
        ),
    )
    .unwrap();
}

fn corpus() -> Setup {
    let setup = Setup {
        folder: tempfile::tempdir().unwrap(),
        cache: tempfile::tempdir().unwrap(),
    };
    let root = setup.folder.path();
    fs::create_dir_all(root.join("herald/2024")).unwrap();
    fs::create_dir_all(root.join("wire")).unwrap();
    write_ferry(root);
    fs::write(
        root.join("herald/2024/bridge.txt"),
        article(
            "Bridge Inspection Passed",
            "14 March 2024",
            "Inspectors found the old steel bridge sound after a week of tests.",
        ),
    )
    .unwrap();
    fs::write(
        root.join("herald/lighthouse.txt"),
        article(
            "Lighthouse Keeper Retires",
            "2 April 2023",
            "After forty years the keeper hands over the lamp to an automatic system.",
        ),
    )
    .unwrap();
    let line = |title: &str, date: &str, text: &str| {
        serde_json::json!({"title": title, "date_publish": date, "maintext": text, "source_domain": "wire.example"})
            .to_string()
    };
    fs::write(
        root.join("wire/feed.jsonl"),
        [
            line(
                "Harbour Dues Rise",
                "2024-01-05",
                "Dues for fishing boats rise by a tenth.",
            ),
            line(
                "Storm Closes Port",
                "2024-01-09",
                "A storm closed the port for two days.",
            ),
            "{not json".to_owned(),
        ]
        .join("\n")
            + "\n",
    )
    .unwrap();
    fs::write(root.join("wire/empty.txt"), "").unwrap();
    fs::write(root.join("notes.md"), "just a note, no front matter\n").unwrap();
    fs::write(root.join("readme.pdf"), "not an article").unwrap();
    age_all(root);
    setup
}

/// The catalog's output equals a full scan's, in rows, skipped files and summary; returns the
/// catalog run's log.
fn assert_catalog_matches_rescan(setup: &Setup, step: &str) -> String {
    let (rows, summary, log) = list(setup, false);
    let (fresh_rows, fresh_summary, _) = list(setup, true);
    assert_eq!(rows, fresh_rows, "{step}: rows");
    assert_eq!(summary, fresh_summary, "{step}: summary");
    log
}

#[test]
fn every_kind_of_change_gives_what_a_rescan_gives() {
    let setup = corpus();
    let root = setup.folder.path().to_path_buf();
    let (first, summary, log) = list(&setup, false);
    assert!(log.contains("Full"), "{log}");
    assert!(first.contains("Ferry Timetable Cut"));
    assert!(first.contains("Storm Closes Port"));
    assert!(first.contains("empty file"), "{first}");
    assert!(first.contains("line 3"), "{first}");
    assert!(
        summary.contains("7 files: 5 articles, 1 skipped, 2 ignored"),
        "{summary}"
    );
    let catalogs: Vec<_> = walk(&setup.cache.path().join("corpus-explorer/catalog"));
    assert_eq!(catalogs.len(), 1, "{catalogs:?}");
    assert!(
        walk(&root)
            .iter()
            .all(|p| !p.to_string_lossy().contains("catalog"))
    );

    // Nothing changed: the catalog answers without listing a folder.
    let log = assert_catalog_matches_rescan(&setup, "unchanged");
    assert!(log.contains("Quick: no changes"), "{log}");
    assert_eq!(paths_found(&setup, "ferry"), ["herald/2024/ferry.txt"]);

    // Rewritten in place (the folder's stamp does not move).
    fs::write(
        root.join("herald/2024/bridge.txt"),
        article(
            "Bridge Closed For Repairs",
            "20 March 2024",
            "A zanzibarite crack was found in the second span.",
        ),
    )
    .unwrap();
    assert_eq!(
        paths_found(&setup, "zanzibarite"),
        ["herald/2024/bridge.txt"]
    );
    assert!(paths_found(&setup, "inspectors").is_empty());
    let log = assert_catalog_matches_rescan(&setup, "rewritten");
    assert!(log.contains("Quick"), "{log}");

    // Appended to: a new article in a file of many.
    let mut feed = fs::read_to_string(root.join("wire/feed.jsonl")).unwrap();
    feed.push_str(
        &serde_json::json!({"title": "Quokkafest Opens", "date_publish": "2024-02-01", "maintext": "The quokkafest opened on the pier."}).to_string(),
    );
    feed.push('\n');
    fs::write(root.join("wire/feed.jsonl"), feed).unwrap();
    assert_eq!(paths_found(&setup, "quokkafest"), ["wire/feed.jsonl"]);
    let (rows, _, _) = list(&setup, false);
    assert!(rows.contains("Quokkafest Opens"));
    assert_catalog_matches_rescan(&setup, "appended");

    // Only touched: same content, new times.
    let touched = fs::File::open(root.join("herald/lighthouse.txt")).unwrap();
    touched.set_modified(SystemTime::now()).unwrap();
    drop(touched);
    assert_catalog_matches_rescan(&setup, "touched");
    assert_eq!(paths_found(&setup, "keeper"), ["herald/lighthouse.txt"]);

    // Deleted: its words are found no more.
    fs::remove_file(root.join("herald/2024/ferry.txt")).unwrap();
    assert!(paths_found(&setup, "ferry").is_empty());
    let log = assert_catalog_matches_rescan(&setup, "deleted");
    assert!(!list(&setup, false).0.contains("Ferry Timetable Cut"));
    assert!(log.contains("Walk") || log.contains("Full"), "{log}");

    // Renamed: found under its new name.
    fs::rename(
        root.join("herald/lighthouse.txt"),
        root.join("herald/lighthouse-keeper.txt"),
    )
    .unwrap();
    assert_eq!(
        paths_found(&setup, "keeper"),
        ["herald/lighthouse-keeper.txt"]
    );
    assert_catalog_matches_rescan(&setup, "renamed");

    // Added, in a new folder.
    fs::create_dir_all(root.join("gazette/2025")).unwrap();
    fs::write(
        root.join("gazette/2025/pier.txt"),
        article(
            "Pier Reopens",
            "1 June 2025",
            "The pier reopened with a xylocarp market.",
        ),
    )
    .unwrap();
    assert_eq!(paths_found(&setup, "xylocarp"), ["gazette/2025/pier.txt"]);
    assert_catalog_matches_rescan(&setup, "added");

    // An empty file that gets text, and a note that becomes an article.
    fs::write(
        root.join("wire/empty.txt"),
        article(
            "No Longer Empty",
            "3 June 2025",
            "Now it holds a vellichor story.",
        ),
    )
    .unwrap();
    fs::write(
        root.join("notes.md"),
        "---\ntitle: A Note Promoted\ndate: 2025-06-04\n---\nThe note speaks of tidewater.\n",
    )
    .unwrap();
    assert_eq!(paths_found(&setup, "vellichor"), ["wire/empty.txt"]);
    assert_eq!(paths_found(&setup, "tidewater"), ["notes.md"]);
    assert_catalog_matches_rescan(&setup, "skipped and ignored files changed");

    // Search through the catalog and with --rescan agree on every query tried.
    for query in [
        "harbour",
        "\"the pier\"",
        "title:storm",
        "port OR pier",
        "bridge -crack",
    ] {
        assert_eq!(
            search(&setup, query, false),
            search(&setup, query, true),
            "{query}"
        );
    }
}

#[test]
fn a_damaged_cache_gives_the_same_output() {
    let setup = corpus();
    let (rows, summary, _) = list(&setup, false);
    let found = search(&setup, "harbour", false);
    assert!(!found.is_empty());
    let cache_files: Vec<PathBuf> = walk(setup.cache.path())
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    assert!(cache_files.len() > 2, "{cache_files:?}");
    let originals: Vec<Vec<u8>> = cache_files.iter().map(|p| fs::read(p).unwrap()).collect();

    // Every cache file overwritten with garbage.
    for path in &cache_files {
        fs::write(path, b"\x00garbage\xFF not a catalog, not an index").unwrap();
    }
    let (again, again_summary, log) = list(&setup, false);
    assert_eq!(again, rows);
    assert_eq!(again_summary, summary);
    assert!(
        log.contains("damaged") || log.contains("not a catalog"),
        "{log}"
    );
    assert_eq!(search(&setup, "harbour", false), found);
    // And now it is sound again.
    assert!(list(&setup, false).2.contains("Quick: no changes"));

    // Cut short, half-written, another version, one flipped byte.
    let catalog = walk(&setup.cache.path().join("corpus-explorer/catalog"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "catalog"))
        .unwrap();
    let good = fs::read(&catalog).unwrap();
    let mut other_version = good.clone();
    other_version[24] ^= 0x7F;
    let mut flipped = good.clone();
    let middle = good.len() / 2;
    flipped[middle] ^= 0x01;
    for (what, bytes) in [
        ("cut short", good[..good.len() / 3].to_vec()),
        ("header only", good[..40.min(good.len())].to_vec()),
        ("empty", Vec::new()),
        ("other version", other_version),
        ("flipped byte", flipped),
    ] {
        fs::write(&catalog, &bytes).unwrap();
        let (again, again_summary, log) = list(&setup, false);
        assert_eq!(again, rows, "{what}");
        assert_eq!(again_summary, summary, "{what}");
        assert!(log.contains("Full"), "{what}: {log}");
        assert_eq!(search(&setup, "harbour", false), found, "{what}");
    }
    // The index's own files, garbage again, with a sound catalog and the index's version
    // file intact (so that it is opened, not rebuilt at once).
    for (path, original) in cache_files.iter().zip(&originals) {
        let name = path.file_name().unwrap().to_string_lossy();
        if path.extension().is_none_or(|e| e != "catalog")
            && name != "corpus-explorer-version"
            && !original.is_empty()
        {
            fs::write(path, b"garbage").unwrap();
        }
    }
    assert_eq!(search(&setup, "harbour", false), found);
}

#[test]
fn two_processes_at_once_leave_a_catalog_that_works() {
    let setup = corpus();
    let (rows, _, _) = list(&setup, true);
    let found = search(&setup, "harbour", true);
    let folder = folder_arg(&setup);
    for round in 0..3 {
        // A new file each round, so that every process has something to write.
        fs::write(
            setup.folder.path().join(format!("wire/round-{round}.txt")),
            article("Round Story", "5 May 2025", "Another harbour story."),
        )
        .unwrap();
        let children: Vec<_> = (0..4)
            .map(|i| {
                let mut command = Command::new(env!("CARGO_BIN_EXE_corpus-explorer"));
                if i % 2 == 0 {
                    command.args(["list", &folder, "--format", "jsonl"]);
                } else {
                    command.args(["search", &folder, "harbour", "--format", "jsonl"]);
                }
                if i >= 2 {
                    command.arg("--rescan");
                }
                command
                    .env("XDG_CACHE_HOME", setup.cache.path())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        for out in &outputs {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(outputs[0].stdout, outputs[2].stdout, "round {round}: list");
        assert_eq!(
            outputs[1].stdout, outputs[3].stdout,
            "round {round}: search"
        );
        let (now, _, _) = list(&setup, false);
        assert_eq!(now, list(&setup, true).0);
        assert!(
            String::from_utf8_lossy(&outputs[1].stdout).contains(&format!("round-{round}.txt"))
        );
    }
    // The files added since are all there, and the rest as before.
    let (now, _, _) = list(&setup, false);
    assert!(now.len() > rows.len());
    assert!(search(&setup, "harbour", false).len() > found.len());
}

#[test]
fn files_read_again_go_to_the_index_again_even_when_their_records_are_the_same() {
    use corpus_explorer::corpus::ScanOptions;
    use corpus_explorer::corpus::catalog::{self, Catalog, CheckKind};
    let setup = corpus();
    let root = fs::canonicalize(setup.folder.path()).unwrap();
    // Written just now: too recent for a check to trust its stamp next time.
    write_ferry(&root);
    age(&root.join("herald/2024"));
    let quiet = |_: usize, _: usize| {};
    let first = catalog::refresh(&root, None, ScanOptions::default(), &quiet).unwrap();
    assert_eq!(first.kind, CheckKind::Full);
    let path = setup.cache.path().join("test.catalog");
    catalog::save_corpus(&path, &first, 7).unwrap();
    let loaded = Catalog::load(&path, &root).unwrap();
    assert_eq!(loaded.generation, 7);

    let second = catalog::refresh(&root, Some(loaded), ScanOptions::default(), &quiet).unwrap();
    assert_eq!(second.kind, CheckKind::Quick);
    assert!(second.changes.is_empty(), "{:?}", second.changes);
    assert_eq!(second.previous_generation, Some(7));
    // The recent file was read again and goes to the index again; the others were trusted.
    let fresh: Vec<&str> = second.fresh_paths.iter().map(|p| &**p).collect();
    assert_eq!(fresh, ["herald/2024/ferry.txt"]);
    assert_eq!(second.stale.len(), 1);
    assert!(
        second.dirty,
        "the catalog is written again, so the file is trusted next time"
    );
    assert_eq!(*second.corpus.articles, *first.corpus.articles);
    assert_eq!(second.corpus.skipped, first.corpus.skipped);
    assert_eq!(second.corpus.progress, first.corpus.progress);
}

#[test]
fn stamps_too_recent_to_trust_are_trusted_after_the_next_check_writes_the_catalog() {
    use corpus_explorer::corpus::ScanOptions;
    use corpus_explorer::corpus::catalog::{self, Catalog, CheckKind};
    let setup = corpus();
    let root = fs::canonicalize(setup.folder.path()).unwrap();
    // Every file and folder modified 1.5 s before the first check: too recent to trust then,
    // settled by the second check.
    let recent = |path: &Path| {
        fs::File::open(path)
            .unwrap()
            .set_modified(SystemTime::now() - Duration::from_millis(1500))
            .unwrap();
    };
    for entry in walk(&root) {
        recent(&entry);
    }
    recent(&root);
    let quiet = |_: usize, _: usize| {};
    let first = catalog::refresh(&root, None, ScanOptions::default(), &quiet).unwrap();
    let path = setup.cache.path().join("test.catalog");
    catalog::save_corpus(&path, &first, 1).unwrap();
    std::thread::sleep(Duration::from_millis(700));

    let loaded = Catalog::load(&path, &root).unwrap();
    let second = catalog::refresh(&root, Some(loaded), ScanOptions::default(), &quiet).unwrap();
    assert!(second.changes.is_empty(), "{:?}", second.changes);
    assert!(
        !second.fresh_paths.is_empty(),
        "untrusted files are read again"
    );
    assert!(
        second.dirty,
        "{:?}: the catalog is written again, so they are trusted next time",
        second.kind
    );
    catalog::save_corpus(&path, &second, 2).unwrap();
    let loaded = Catalog::load(&path, &root).unwrap();
    let third = catalog::refresh(&root, Some(loaded), ScanOptions::default(), &quiet).unwrap();
    assert_eq!(third.kind, CheckKind::Quick);
    assert!(third.fresh_paths.is_empty(), "{:?}", third.fresh_paths);
    assert!(!third.dirty);
}
