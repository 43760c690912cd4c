//! The `list` command; The whole sample-data; Ten thousand records in one file.

use super::*;

/// `list FOLDER --format jsonl` over a sample-data folder: the rows and the last stderr line.
fn list_jsonl(folder: &str) -> (Vec<serde_json::Value>, String) {
    let path = sample_data().join(folder);
    let out = Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
        .args(["list", path.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .expect("run corpus-explorer");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let summary = stderr
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    (rows, summary)
}

/// Each row's path and format label.
fn paths_and_formats(rows: &[serde_json::Value]) -> Vec<(&str, &str)> {
    rows.iter()
        .map(|r| (r["path"].as_str().unwrap(), r["format"].as_str().unwrap()))
        .collect()
}

const LIST_COLUMNS: [&str; 16] = [
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

fn assert_columns(rows: &[serde_json::Value]) {
    let mut expected = LIST_COLUMNS.to_vec();
    expected.sort_unstable();
    for r in rows {
        let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, expected, "{r}");
    }
}

#[test]
fn list_prints_the_crawls_with_their_formats_and_the_bad_line_in_the_summary() {
    let (rows, summary) = list_jsonl("crawls");
    assert_columns(&rows);
    let mut expected = vec![("feed.jsonl", "JSON Lines"); 7];
    expected.extend([
        ("news-please/astrolabium-nordmoewensiel.json", "JSON"),
        ("news-please/greyhaven-net-mender.json", "JSON"),
        ("news-please/margarethe-late-crossing.json", "JSON"),
    ]);
    expected.extend([("wire.ndjson", "JSON Lines"); 3]);
    assert_eq!(paths_and_formats(&rows), expected);
    let late = &rows[9];
    assert_eq!(
        late["title"],
        "Margarethe Ferry to Add Late-Evening Crossing From April"
    );
    assert_eq!(late["date"], "2019-03-14");
    assert_eq!(late["source"], "www.coastalherald.example");
    assert_eq!(late["authors"], "Niamh Carrow-Bell");
    assert_eq!(late["language"], "en");
    assert_eq!(
        late["url"],
        "https://www.coastalherald.example/news/2019/03/14/margarethe-ferry-late-crossing"
    );
    assert_eq!(late["undated_reason"], serde_json::Value::Null);
    let letters = &rows[6];
    assert_eq!(
        letters["title"],
        "Letters: Give the Margarethe a Proper Farewell"
    );
    assert_eq!(letters["date"], serde_json::Value::Null);
    assert_eq!(
        letters["undated_reason"],
        "date “sometime in June” could not be read"
    );
    assert_eq!(rows[0]["dateline"], "MERROW CITY (CNS)");
    assert_eq!(
        rows[11]["authors"],
        "Niamh Carrow-Bell; Marisol Quintero-Haig"
    );
    assert_eq!(
        summary,
        "5 files: 13 articles, 0 skipped, 0 ignored, 1 record inside files not read"
    );
}

#[test]
fn list_prints_the_spreadsheets_row_by_row() {
    let (rows, summary) = list_jsonl("spreadsheets");
    assert_columns(&rows);
    let mut expected = vec![("coverage.csv", "CSV"); 6];
    expected.extend([("monitor.tsv", "TSV"); 4]);
    assert_eq!(paths_and_formats(&rows), expected);
    let dates: Vec<Option<&str>> = rows.iter().map(|r| r["date"].as_str()).collect();
    assert_eq!(
        dates,
        [
            Some("2017-05-04"),
            Some("2017-05-04"),
            Some("2017-05-04"),
            Some("2017-05-04"),
            Some("2017-05-04"),
            None,
            Some("2018-11-20"),
            Some("2018-11-21"),
            Some("2018-11-23"),
            Some("2018-11-26"),
        ]
    );
    assert_eq!(rows[3]["authors"], serde_json::Value::Null);
    assert_eq!(
        rows[5]["undated_reason"],
        "date “Spring 2017” could not be read"
    );
    assert_eq!(
        rows[9]["title"],
        "Hundreds Attend Funeral of Ignacio Fernández in Gull Point"
    );
    assert_eq!(rows[9]["source"], "Valley Wire");
    assert_eq!(rows[9]["language"], "en");
    assert_eq!(summary, "2 files: 10 articles, 0 skipped, 0 ignored");
}

#[test]
fn list_prints_each_document_of_the_archives() {
    let (rows, summary) = list_jsonl("archives");
    assert_columns(&rows);
    let mut expected = vec![("lexisnexis-batch.txt", "LexisNexis text export"); 4];
    expected.extend([("nexis-uni-export.docx", "Nexis Uni DOCX export"); 3]);
    assert_eq!(paths_and_formats(&rows), expected);
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "KESTREL NARROWS BRIDGE PASSES FIRST CHECK UNDER NEW MAINTENANCE CONTRACT",
            "Greyhaven hake landings reach ten-year high",
            "Wrenhaven Astrolabe Moves to Museum's New North Gallery",
            "SCIENTISTS URGE DEEP CUT TO HAKE QUOTA AHEAD OF APRIL VOTE",
            "Seafood Truckers Brace for Possible Kestrel Narrows Weight Limit",
            "Judge Denies Halvard Bid to Delay Kestrel Narrows Trial",
            "Kestrel Narrows Bridge Sensors Weather First Winter Storms",
        ]
    );
    assert_eq!(rows[0]["source"], "The Saltmarsh Courier");
    assert_eq!(rows[0]["authors"], "Gideon Pell");
    assert_eq!(rows[0]["language"], "ENGLISH");
    assert_eq!(rows[0]["date"], "2010-01-11");
    assert_eq!(rows[1]["authors"], serde_json::Value::Null);
    assert_eq!(rows[5]["source"], "Court News Service");
    assert_eq!(rows[5]["date"], "2020-09-09");
    assert_eq!(rows[6]["authors"], "Niamh Carrow-Bell");
    assert_eq!(summary, "2 files: 7 articles, 0 skipped, 0 ignored");
}

#[test]
fn list_prints_the_front_matter_notes() {
    let (rows, summary) = list_jsonl("notes");
    assert_columns(&rows);
    assert_eq!(
        paths_and_formats(&rows),
        [
            ("council-minutes.txt", "text with front matter"),
            ("ferry-timetable.markdown", "text with front matter"),
            ("harbour-dredging.md", "text with front matter"),
            ("undated-column.md", "text with front matter"),
        ]
    );
    assert_eq!(rows[0]["date"], "2024-03-14");
    assert_eq!(rows[1]["authors"], "Adaeze Fairlie");
    assert_eq!(rows[2]["authors"], "Niamh Carrow-Bell; Rhiannon Tasker-Obi");
    assert_eq!(rows[2]["language"], "en");
    assert_eq!(rows[3]["date"], serde_json::Value::Null);
    assert_eq!(rows[3]["undated_reason"], "date “TBC” could not be read");
    assert_eq!(summary, "4 files: 4 articles, 0 skipped, 0 ignored");
}

#[test]
fn totals_add_up_over_the_whole_sample_data() {
    let corpus = scan_sample("");
    let p = corpus.progress;
    assert_eq!(
        (
            p.files_seen,
            p.article_files,
            p.articles,
            p.skipped,
            p.ignored,
            p.bad_records
        ),
        (43, 41, 62, 1, 1, 1)
    );
    assert_eq!(
        corpus.summary_line(),
        "43 files: 62 articles, 1 skipped, 1 ignored, 1 record inside files not read"
    );
    let skipped: Vec<(&str, String)> = corpus
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.to_string()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "crawls/feed.jsonl",
                "line 6: not valid JSON: EOF while parsing a string (column 501)".to_owned()
            ),
            ("drafts/unfinished.txt", "empty file (0 bytes)".to_owned()),
        ]
    );
    // The Markdown note without front matter: ignored, neither an article nor skipped.
    assert!(
        corpus
            .articles
            .iter()
            .all(|a| &*a.path != "drafts/photo-credits.md")
    );
    assert!(
        corpus
            .skipped
            .iter()
            .all(|s| s.path != "drafts/photo-credits.md")
    );

    // Articles per file holding many, and per format.
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_format: BTreeMap<&str, usize> = BTreeMap::new();
    for a in corpus.articles.iter() {
        *per_file.entry(&a.path).or_default() += 1;
        *per_format.entry(a.format.label()).or_default() += 1;
    }
    per_file.retain(|_, n| *n > 1);
    assert_eq!(
        per_file.into_iter().collect::<Vec<_>>(),
        [
            ("archives/lexisnexis-batch.txt", 4),
            ("archives/nexis-uni-export.docx", 3),
            ("crawls/feed.jsonl", 7),
            ("crawls/wire.ndjson", 3),
            ("spreadsheets/coverage.csv", 6),
            ("spreadsheets/monitor.tsv", 4),
        ]
    );
    assert_eq!(
        per_format.into_iter().collect::<Vec<_>>(),
        [
            ("CSV", 6),
            ("JSON", 3),
            ("JSON Lines", 10),
            ("LexisNexis text export", 4),
            ("Nexis Uni DOCX export", 3),
            ("TSV", 4),
            ("plain text", 28),
            ("text with front matter", 4),
        ]
    );
    // Every article's body loads, unchanged, and is not empty.
    for a in corpus.articles.iter() {
        let b = body(&corpus, a);
        assert!(!b.text.trim().is_empty(), "{} {:?}", a.path, a.span);
        assert!(!b.changed_since_scan && !b.truncated, "{}", a.path);
    }
}

/// The date of invented record `i`, and how it is written (four forms in turn).
fn invented_date(i: usize) -> (NaiveDate, String) {
    let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(i as u64);
    let text = match i % 4 {
        0 => date.format("%Y-%m-%d").to_string(),
        1 => date.format("%B %-d, %Y").to_string(),
        2 => date.format("%-d %B %Y").to_string(),
        _ => date.format("%Y-%m-%dT23:30:00-05:00").to_string(),
    };
    (date, text)
}

const OUTLETS: [&str; 3] = ["Coastal Herald", "Valley Wire", "Court News Service"];

#[test]
fn ten_thousand_json_lines_scan_to_ten_thousand_dated_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..10_000 {
        let (_, date) = invented_date(i);
        let record = serde_json::json!({
            "headline": format!("Harbour Notice {i}"),
            "body": format!("PORT ALDER (CH) — Notice {i} was posted on the quay.\n\nIt said little."),
            "published": date,
            "outlet": OUTLETS[i % 3],
            "authors": ["Ana Ruiz", format!("Reporter {i}")],
        });
        text.push_str(&record.to_string());
        text.push('\n');
    }
    write(dir.path(), "big.jsonl", &text);
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    assert_eq!(corpus.articles.len(), 10_000);
    assert!(corpus.skipped.is_empty(), "{:?}", &corpus.skipped[..1]);
    let p = corpus.progress;
    assert_eq!((p.files_seen, p.article_files, p.articles), (1, 1, 10_000));
    for (i, a) in corpus.articles.iter().enumerate() {
        let (date, written) = invented_date(i);
        assert_eq!(&*a.title, format!("Harbour Notice {i}"));
        assert_eq!(a.date, Some(date), "record {i}: {written}");
        assert_eq!(a.source(), OUTLETS[i % 3]);
        assert_eq!(
            a.meta().authors.as_deref(),
            Some(format!("Ana Ruiz; Reporter {i}").as_str())
        );
        assert_eq!(a.format, FormatKind::JsonLines);
    }
    for i in [0, 4_999, 9_999] {
        let b = body(&corpus, &corpus.articles[i]);
        assert_eq!(
            b.text,
            format!("PORT ALDER (CH) — Notice {i} was posted on the quay.\n\nIt said little.")
        );
    }
}

#[test]
fn ten_thousand_csv_rows_scan_to_ten_thousand_dated_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["id", "headline", "published", "outlet", "text"])
        .unwrap();
    for i in 0..10_000 {
        let (_, date) = invented_date(i);
        writer
            .write_record([
                format!("{i}"),
                format!("Harbour Notice {i}, Posted"),
                date,
                OUTLETS[i % 3].to_owned(),
                format!("Notice {i} said \"little\", they wrote.\n\nA second paragraph."),
            ])
            .unwrap();
    }
    let bytes = writer.into_inner().unwrap();
    write(dir.path(), "big.csv", &bytes);
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    assert_eq!(corpus.articles.len(), 10_000);
    assert!(corpus.skipped.is_empty(), "{:?}", &corpus.skipped[..1]);
    for (i, a) in corpus.articles.iter().enumerate() {
        let (date, written) = invented_date(i);
        assert_eq!(&*a.title, format!("Harbour Notice {i}, Posted"));
        assert_eq!(a.date, Some(date), "row {i}: {written}");
        assert_eq!(a.source(), OUTLETS[i % 3]);
        assert_eq!(a.format, FormatKind::Csv);
    }
    // Each row takes three lines (the text holds a blank line).
    for i in [0, 1, 5_000, 9_999] {
        let a = &corpus.articles[i];
        assert_eq!(line_of(&bytes, a.span.unwrap().start), 2 + 3 * i, "row {i}");
        let b = body(&corpus, a);
        assert_eq!(
            b.text,
            format!("Notice {i} said \"little\", they wrote.\n\nA second paragraph.")
        );
        assert_eq!(fields(&b), [("id", i.to_string().as_str())]);
    }
}
