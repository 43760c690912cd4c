//! The `list` command over the project's sample-data: specific rows, formats, filters, sorting,
//! the summary line and the errors.

// Tests fail loudly by design; a test reads as one story (its steps in order, with what each
// checks), so the length limit on functions is for the program's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

fn sample_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
        .args(args)
        .output()
        .expect("run corpus-explorer")
}

fn list(extra: &[&str]) -> (String, String) {
    let folder = sample_data();
    let mut args = vec!["list", folder.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn jsonl(extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["--format", "jsonl"];
    args.extend_from_slice(extra);
    let (stdout, _) = list(&args);
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn row<'a>(rows: &'a [serde_json::Value], path: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["path"] == path)
        .unwrap_or_else(|| panic!("no row {path}"))
}

#[test]
fn jsonl_rows_have_exactly_the_documented_keys_and_values() {
    let rows = jsonl(&[]);
    assert_eq!(rows.len(), 62);
    for r in &rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = vec![
            "path",
            "date",
            "title",
            "title_derived",
            "dateline",
            "words",
            "bytes",
            "encoding",
            "format",
            "source",
            "authors",
            "url",
            "language",
            "undated_reason",
            "tags",
            "note",
        ];
        expected.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, expected);
    }
    // Shape 1: dated headline.
    let verdict = row(&rows, "court-news/bridge-verdict.txt");
    assert_eq!(verdict["date"], "2021-04-23");
    assert_eq!(
        verdict["title"],
        "Jury Convicts Contractor Tobias Halvard in Kestrel Bridge Collapse"
    );
    assert_eq!(verdict["title_derived"], false);
    assert_eq!(verdict["dateline"], serde_json::Value::Null);
    assert_eq!(verdict["encoding"], "UTF-8");
    // Shape 2: dateline lead, derived title, abbreviations inside the first sentence.
    let indictment = row(&rows, "coastal-herald/2019/007_b44014a651d677dc.txt");
    assert_eq!(indictment["date"], "2019-03-14");
    assert_eq!(indictment["dateline"], "PORT ALDER, Ore. (CH)");
    assert_eq!(indictment["title_derived"], true);
    let title = indictment["title"].as_str().unwrap();
    assert!(
        title.starts_with("A Merrow County grand jury on Thursday indicted Tobias Halvard"),
        "{title}"
    );
    assert!(
        title.ends_with('…') && title.chars().count() <= 101,
        "{title}"
    );
    // Shape 3: undated headline.
    let undated = row(&rows, "coastal-herald/004_72c188499388250c.txt");
    assert_eq!(undated["date"], serde_json::Value::Null);
    assert_eq!(undated["title"], "A Town Learns to Cross the Water Again");
    // Windows-1252 and byte-order mark.
    let cp = row(&rows, "valley-wire/012_06ccef93289ac5de.txt");
    assert_eq!(cp["encoding"], "windows-1252");
    assert_eq!(cp["dateline"], "PORT ALDER, Ore. (VW)");
    assert_eq!(
        row(&rows, "court-news/017_30dce94bb9299ab5.txt")["date"],
        "2021-02-17"
    );
    // A long first paragraph: derived title.
    let paragraph = row(&rows, "valley-wire/013_ce018013dc1c9af9.txt");
    assert_eq!(paragraph["title_derived"], true);
    assert!(
        paragraph["title"]
            .as_str()
            .unwrap()
            .starts_with("Zoë Åberg, a former Merrow Sound harbour pilot")
    );
    // The marker alone on its line.
    let opened = row(&rows, "coastal-herald/006_db2c2d97f14a3883.txt");
    assert_eq!(
        opened["title"],
        "New Kestrel Narrows Bridge Opens to Traffic"
    );
    assert_eq!(opened["date"], "2023-05-19");
}

#[test]
fn summary_line_on_stderr_adds_up() {
    let (_, stderr) = list(&[]);
    assert_eq!(
        stderr.trim_end().lines().last().unwrap(),
        "43 files: 62 articles, 1 skipped, 1 ignored, 1 record inside files not read"
    );
}

#[test]
fn skipped_lists_the_empty_draft_with_its_reason() {
    let (stdout, _) = list(&["--skipped"]);
    assert_eq!(
        stdout,
        "path\treason\n\
         crawls/feed.jsonl\tline 6: not valid JSON: EOF while parsing a string (column 501)\n\
         drafts/unfinished.txt\tempty file (0 bytes)\n"
    );
}

#[test]
fn date_range_and_sort() {
    let rows = jsonl(&[
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--sort",
        "date",
    ]);
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "2021-02-17",
            "2021-04-23",
            "2021-06-02",
            "2021-06-03",
            "2021-06-04",
            "2021-06-05",
            "2021-06-06",
            "2021-06-07",
            "2021-09-08"
        ]
    );
    let desc = jsonl(&["--sort", "date", "--desc"]);
    assert_eq!(desc[0]["date"], "2025-03-15");
    // Undated last in both directions.
    assert_eq!(desc.last().unwrap()["date"], serde_json::Value::Null);
    let asc = jsonl(&["--sort", "date"]);
    assert_eq!(asc[0]["date"], "2010-01-11");
    assert_eq!(asc.last().unwrap()["date"], serde_json::Value::Null);
    let words = jsonl(&["--sort", "words", "--desc"]);
    let counts: Vec<u64> = words.iter().map(|r| r["words"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn csv_is_real_csv_and_tsv_has_a_header() {
    let (csv_out, _) = list(&["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "path",
            "date",
            "title",
            "title_derived",
            "dateline",
            "words",
            "bytes",
            "encoding",
            "format",
            "source",
            "authors",
            "url",
            "language",
            "undated_reason",
            "tags",
            "note"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 62);
    // Titles with commas survive quoting.
    assert!(records.iter().any(|r| r[2].contains(',')));
    let (tsv_out, _) = list(&[]);
    assert!(tsv_out.starts_with(
        "path\tdate\ttitle\ttitle_derived\tdateline\twords\tbytes\tencoding\tformat\t\
             source\tauthors\turl\tlanguage\tundated_reason\ttags\tnote\n"
    ));
    assert_eq!(tsv_out.lines().count(), 63);
    assert!(tsv_out.lines().all(|l| l.split('\t').count() == 16));
}

#[test]
fn errors_are_one_line_and_exit_non_zero() {
    let missing = run(&["list", "/no/such/folder"]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("folder not found: /no/such/folder"),
        "{stderr}"
    );

    let file = sample_data().join("court-news/bridge-verdict.txt");
    let not_folder = run(&["list", file.to_str().unwrap()]);
    assert!(!not_folder.status.success());
    assert!(
        String::from_utf8(not_folder.stderr)
            .unwrap()
            .contains("not a folder")
    );

    let folder = sample_data();
    let bad_date = run(&["list", folder.to_str().unwrap(), "--from", "2024-13-01"]);
    assert!(!bad_date.status.success());
    let stderr = String::from_utf8(bad_date.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("invalid date for --from: \"2024-13-01\""),
        "{stderr}"
    );
}

#[test]
fn a_mistyped_command_is_named_with_the_nearest_one() {
    let folder = sample_data();
    let folder = folder.to_str().unwrap();
    for (typed, nearest) in [("lsit", "list"), ("serch", "search"), ("lst", "list")] {
        let out = run(&[typed, folder, "x"]);
        assert_eq!(out.status.code(), Some(2), "{typed}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("'{typed}' is not a command"))
                && stderr.contains(&format!("similar name exists: '{nearest}'")),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

fn show(args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["show"];
    all.extend_from_slice(args);
    let out = run(&all);
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn show_prints_one_article_as_the_reader_shows_it() {
    let batch = sample_data().join("archives/lexisnexis-batch.txt");
    let (code, out, err) = show(&[batch.to_str().unwrap(), "--article", "2"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with(
            "Title: Greyhaven hake landings reach ten-year high\nDate: 2011-03-03\n\
             Source: Merrow Coast Business Journal\n\nSilver hake landed at Greyhaven"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("\n") && !out.ends_with("\n\n") && !out.contains("\n\n\n"),
        "{out:?}"
    );
    assert!(
        out.lines().all(|l| l == l.trim()),
        "no line starts or ends with spaces"
    );
    assert!(
        !out.contains("LOAD-DATE"),
        "the trailing fields are not text"
    );
    // A hard-wrapped German document: its lines joined, one paragraph a line.
    let german = format!(
        "{}/tests/fixtures/lexis/lexisnexis-de.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, out, _) = show(&[&german]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        &lines[..4],
        [
            "Title: Brücke über die Kestrel-Enge besteht erste Prüfung",
            "Date: 2010-01-11",
            "Source: Merrower Rundschau",
            ""
        ]
    );
    let paragraphs: Vec<&str> = lines[4..]
        .iter()
        .copied()
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(paragraphs.len(), 3, "{out}");
    assert!(
        paragraphs[0].ends_with("insgesamt als \"gut\" ein."),
        "{out}"
    );
    // An undated plain-text article, named by its folder.
    let (code, out, _) = show(&[sample_data()
        .join("court-news")
        .join(undated_court_file())
        .to_str()
        .unwrap()]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("\nDate: undated\nSource: court-news\n\n"),
        "{out}"
    );
}

/// A plain-text article of `sample-data/court-news` without a date.
fn undated_court_file() -> String {
    let rows = jsonl(&[]);
    rows.iter()
        .find(|r| {
            r["path"].as_str().unwrap().starts_with("court-news/")
                && r["date"].is_null()
                && r["format"] == "plain text"
        })
        .map(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("court-news/")
                .to_owned()
        })
        .unwrap()
}

#[test]
fn show_says_why_a_path_is_not_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    fs::write(&pdf, "%PDF").unwrap();
    let note = dir.path().join("note.md");
    fs::write(&note, "Just a note.").unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let batch = format!(
        "{}/tests/fixtures/lexis/lexisnexis-fr.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    for (args, reason) in [
        (
            vec![pdf.to_str().unwrap()],
            "report.pdf is not an article: Articles are read from",
        ),
        (
            vec![note.to_str().unwrap()],
            "note.md is a note, not an article",
        ),
        (
            vec![empty.to_str().unwrap()],
            "empty.txt is not an article: empty file (0 bytes)",
        ),
        (
            vec![dir.path().to_str().unwrap()],
            "is a folder; show reads one file",
        ),
        (vec!["/no/such/file.txt"], "cannot read /no/such/file.txt"),
        (
            vec![batch.as_str(), "--article", "3"],
            "holds 2 articles; --article 3 is not one of them",
        ),
        (
            vec![batch.as_str(), "--article", "0"],
            "--article 0 is not one of them",
        ),
    ] {
        let (code, out, err) = show(&args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(out.is_empty());
        assert!(err.contains(reason), "{args:?}: {err}");
    }
}

#[test]
fn source_keeps_the_articles_of_one_outlet_or_folder_exactly() {
    let paths = |extra: &[&str]| -> Vec<String> {
        jsonl(extra)
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_owned())
            .collect()
    };
    // An outlet named in the file: the two Saltmarsh Courier documents of the batch.
    assert_eq!(
        paths(&["--source", "The Saltmarsh Courier"]),
        [
            "archives/lexisnexis-batch.txt",
            "archives/lexisnexis-batch.txt"
        ]
    );
    // A folder as the source: its own files, not those of its sub-folders.
    let herald = paths(&["--source", "coastal-herald"]);
    assert_eq!(herald.len(), 7, "{herald:?}");
    assert!(
        herald
            .iter()
            .all(|p| p.starts_with("coastal-herald/") && p.matches('/').count() == 1)
    );
    // Exact: no case folding, no partial names.
    assert!(paths(&["--source", "the saltmarsh courier"]).is_empty());
    assert!(paths(&["--source", "Saltmarsh"]).is_empty());

    // search narrows the same way, rows and concordance lines alike.
    let folder = sample_data();
    let search = |extra: &[&str]| {
        let mut args = vec![
            "search",
            folder.to_str().unwrap(),
            "harbour",
            "--format",
            "jsonl",
        ];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let row: serde_json::Value = serde_json::from_str(l).unwrap();
                row["path"].as_str().unwrap().to_owned()
            })
            .collect::<Vec<_>>()
    };
    let all = search(&[]);
    let narrowed = search(&["--source", "coastal-herald"]);
    assert!(
        !narrowed.is_empty() && narrowed.len() < all.len(),
        "{narrowed:?} of {all:?}"
    );
    assert!(narrowed.iter().all(|p| herald.contains(p)));
    let lines = search(&["--source", "coastal-herald", "--kwic"]);
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|p| herald.contains(p)));
}
