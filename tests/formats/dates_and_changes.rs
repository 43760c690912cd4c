//! Dates; Changes after the scan.

use super::*;

#[test]
fn dates_that_cannot_be_read_leave_the_article_undated_with_the_reason() {
    let corpus = scan_sample("");
    let problem = |path: &str, index: usize| {
        let a = articles_in(&corpus, path)[index];
        assert_eq!(a.date, None, "{path} #{index}");
        a.meta().date_problem.as_deref().map(str::to_owned)
    };
    assert_eq!(
        problem("crawls/feed.jsonl", 6).as_deref(),
        Some("date “sometime in June” could not be read")
    );
    assert_eq!(
        problem("spreadsheets/coverage.csv", 5).as_deref(),
        Some("date “Spring 2017” could not be read")
    );
    assert_eq!(
        problem("notes/undated-column.md", 0).as_deref(),
        Some("date “TBC” could not be read")
    );
    // news-please writes null or "None" for an unknown date: undated, nothing went wrong.
    assert_eq!(
        problem("crawls/news-please/greyhaven-net-mender.json", 0),
        None
    );
    assert_eq!(
        problem("crawls/news-please/astrolabium-nordmoewensiel.json", 0),
        None
    );
    assert_eq!(problem("crawls/wire.ndjson", 1), None);
    // Exactly these six articles of other formats are undated.
    let undated: Vec<&str> = corpus
        .articles
        .iter()
        .filter(|a| a.format != FormatKind::PlainText && a.date.is_none())
        .map(|a| &*a.title)
        .collect();
    assert_eq!(undated.len(), 6, "{undated:?}");
    // And no dated article carries a problem.
    assert!(
        corpus
            .articles
            .iter()
            .filter(|a| a.date.is_some())
            .all(|a| a.meta().date_problem.is_none())
    );
}

#[test]
fn every_date_form_in_the_sample_files_is_read_as_written() {
    let cases = [
        ("2019-03-14 09:30:00", day(2019, 3, 14)),
        ("2021-06-03T14:05:00Z", day(2021, 6, 3)),
        // A time zone never moves the date to another day.
        ("2021-06-04T08:00:00+02:00", day(2021, 6, 4)),
        ("2023-01-09T06:30:00-05:00", day(2023, 1, 9)),
        ("June 5, 2021", day(2021, 6, 5)),
        ("6 June 2021", day(2021, 6, 6)),
        ("Monday, June 7, 2021", day(2021, 6, 7)),
        ("May 4, 2017", day(2017, 5, 4)),
        ("4 May 2017", day(2017, 5, 4)),
        ("Thursday, May 4, 2017", day(2017, 5, 4)),
        ("2017/05/04 10:00", day(2017, 5, 4)),
        ("2018/11/20", day(2018, 11, 20)),
        ("14 March 2024", day(2024, 3, 14)),
        ("January 11, 2010 Monday", day(2010, 1, 11)),
        ("March 3, 2011 Thursday 2:15 PM GMT", day(2011, 3, 3)),
        ("September 9, 2020 Wednesday 10:30 AM EST", day(2020, 9, 9)),
        ("February 29, 2016 Monday", day(2016, 2, 29)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_date(text), Ok(expected), "{text}");
    }
    for null in ["None", "null", ""] {
        assert_eq!(parse_date(null), Ok(None), "{null:?}");
    }
    for unreadable in ["sometime in June", "Spring 2017", "TBC"] {
        let problem = parse_date(unreadable).unwrap_err();
        assert_eq!(
            problem.to_string(),
            format!("date “{unreadable}” could not be read")
        );
    }
}

/// Copy the sample files holding many articles (and one of each single-article format) into
/// `root`; returns their names.
fn copy_samples(root: &Path) -> Vec<&'static str> {
    let files = [
        ("crawls", "feed.jsonl"),
        ("crawls", "wire.ndjson"),
        ("crawls/news-please", "margarethe-late-crossing.json"),
        ("spreadsheets", "coverage.csv"),
        ("spreadsheets", "monitor.tsv"),
        ("archives", "lexisnexis-batch.txt"),
        ("archives", "nexis-uni-export.docx"),
        ("notes", "harbour-dredging.md"),
    ];
    for (folder, name) in files {
        fs::copy(sample_data().join(folder).join(name), root.join(name)).unwrap();
    }
    files.iter().map(|(_, name)| *name).collect()
}

fn set_modified(path: &Path, time: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// The second article of a file (the only one of a single-article file).
fn second_or_only<'a>(corpus: &'a Corpus, name: &str) -> &'a Article {
    let found = articles_in(corpus, name);
    found.get(1).copied().unwrap_or(found[0])
}

#[test]
fn touching_a_file_after_the_scan_marks_its_bodies_changed_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let names = copy_samples(dir.path());
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let before: Vec<ArticleBody> = names
        .iter()
        .map(|name| body(&corpus, second_or_only(&corpus, name)))
        .collect();
    for (name, b) in names.iter().zip(&before) {
        assert!(!b.changed_since_scan, "{name} changed before any change");
    }
    let later = SystemTime::now() + Duration::from_secs(3600);
    for name in &names {
        set_modified(&dir.path().join(name), later);
    }
    let mut unnoticed = Vec::new();
    for (name, old) in names.iter().zip(&before) {
        let new = body(&corpus, second_or_only(&corpus, name));
        if !new.changed_since_scan {
            unnoticed.push(*name);
        }
        assert_eq!(new.text, old.text, "{name}: same bytes, same text");
        assert_eq!(new.fields, old.fields, "{name}");
    }
    assert!(
        unnoticed.is_empty(),
        "a new time not noticed in {unnoticed:?}"
    );
}

#[test]
fn appending_to_a_file_after_the_scan_marks_its_bodies_changed_even_within_the_same_second() {
    // Modification times are kept in whole seconds, so an append in the second of the scan
    // leaves the time as recorded (a crawler adding lines while the window reads). The time is
    // pinned here to make that case certain; the size still changed.
    let dir = tempfile::tempdir().unwrap();
    let mut names = copy_samples(dir.path());
    names.retain(|name| !name.ends_with(".docx")); // Appending breaks a zip package.
    write(dir.path(), "plain.txt", "Plain Headline\n\nPlain body.\n");
    names.push("plain.txt");
    let pinned = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for name in &names {
        set_modified(&dir.path().join(name), pinned);
    }
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    for name in &names {
        let path = dir.path().join(name);
        let mut file = fs::File::options().append(true).open(&path).unwrap();
        file.write_all(b"\nAppended after the scan.\n").unwrap();
        drop(file);
        set_modified(&path, pinned);
    }
    let unnoticed: Vec<&str> = names
        .iter()
        .filter(|name| !body(&corpus, second_or_only(&corpus, name)).changed_since_scan)
        .copied()
        .collect();
    assert!(
        unnoticed.is_empty(),
        "bytes appended after the scan (same modification second) not noticed in {unnoticed:?}"
    );
}
