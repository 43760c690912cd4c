//! `trends`: per-period article counts and query shares of a generated corpus (JSON Lines files
//! from three outlets and plain-text files, dates clustered around two year ends with empty
//! months, an empty quarter and an empty year between them, some undated articles), checked
//! against a brute-force reference computed here from the generated articles: every period kind
//! (ISO weeks across year ends), the selection by dates and source, the TSV and CSV tables, an
//! empty selection, and the arguments that are refused.

// Tests fail loudly by design; a test reads as one story.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use chrono::NaiveDate;
use serde_json::Value;

mod common;

#[path = "trends_support/reference.rs"]
mod reference;
use reference::*;

/// Split a command line on spaces, except inside `'…'`.
fn argv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, part) in line.split('\'').enumerate() {
        if n % 2 == 1 {
            out.push(part.to_owned());
        } else {
            out.extend(part.split_whitespace().map(str::to_owned));
        }
    }
    out
}

/// The header of a table for `queries`.
fn header(queries: &[&str]) -> Vec<String> {
    let mut out = vec!["period".to_owned(), "articles".to_owned()];
    for query in queries {
        out.push(format!("count:{query}"));
        out.push(format!("share:{query}"));
    }
    out
}

struct Setup {
    root: tempfile::TempDir,
    cache: tempfile::TempDir,
    data: tempfile::TempDir,
    docs: Vec<Doc>,
}

impl Setup {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let docs = write_corpus(root.path());
        assert_eq!(docs.len(), 265);
        Self {
            root,
            cache: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
            docs,
        }
    }

    fn folder(&self) -> PathBuf {
        self.root.path().to_path_buf()
    }

    /// `COMMAND FOLDER ARGS…`.
    fn run(&self, command: &str, args: &[String]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
            .arg(command)
            .arg(self.folder())
            .args(args)
            .env("XDG_CACHE_HOME", self.cache.path())
            .env("XDG_DATA_HOME", self.data.path())
            .output()
            .expect("run corpus-explorer")
    }

    /// `trends FOLDER QUERY… FLAGS…`, `flags` split as a shell would (`'…'` quotes).
    fn trends(&self, queries: &[&str], flags: &str) -> Output {
        let mut args: Vec<String> = queries.iter().map(|q| (*q).to_owned()).collect();
        args.extend(argv(flags));
        self.run("trends", &args)
    }

    /// The stdout of a `trends` run that must succeed.
    fn stdout(&self, queries: &[&str], flags: &str) -> String {
        let out = self.trends(queries, flags);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "trends {queries:?} {flags}: {stderr}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// The rows of `trends … --format jsonl`.
    fn jsonl(&self, queries: &[&str], flags: &str) -> Vec<Value> {
        let stdout = self.stdout(queries, &format!("{flags} --format jsonl"));
        stdout
            .lines()
            .map(|row| serde_json::from_str(row).unwrap())
            .collect()
    }

    /// Run `trends` and compare its rows with the reference's; the expected rows.
    fn check(&self, queries: &[&str], flags: &str) -> Vec<Row> {
        let expected = expected_rows(&self.docs, queries, &argv(flags));
        let what = format!("trends {queries:?} {flags}");
        assert_rows(&what, &self.jsonl(queries, flags), &expected, queries);
        expected
    }

    /// `trends` as TSV and as CSV: the header for `queries`, then the same cells as the JSON
    /// Lines rows; the rows.
    fn tables(&self, queries: &[&str], flags: &str) -> Vec<Value> {
        let rows = self.jsonl(queries, flags);
        let header = header(queries);
        for format in ["tsv", "csv"] {
            let what = format!("trends {queries:?} {flags} --format {format}");
            let out = self.stdout(queries, &format!("{flags} --format {format}"));
            let table: Vec<Vec<String>> = if format == "tsv" {
                let split = |line: &str| line.split('\t').map(str::to_owned).collect();
                out.lines().map(split).collect()
            } else {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(out.as_bytes());
                let records = reader.records().map(|r| r.unwrap());
                records
                    .map(|r| r.iter().map(str::to_owned).collect())
                    .collect()
            };
            assert_eq!(table.first(), Some(&header), "{what}: the header");
            assert_eq!(table.len(), rows.len() + 1, "{what}: the number of rows");
            for (cells, row) in table[1..].iter().zip(&rows) {
                let number = |cell: &str| cell.parse::<f64>().ok();
                let mut same = cells.len() == header.len()
                    && row["period"].as_str() == Some(cells[0].as_str())
                    && row["articles"].as_u64() == cells[1].parse().ok();
                for (n, query) in queries.iter().enumerate() {
                    let (count, share) = (&cells[2 + 2 * n], &cells[3 + 2 * n]);
                    let json_share = row["shares"][*query].as_f64().unwrap();
                    same = same
                        && row["counts"][*query].as_u64() == count.parse().ok()
                        && number(share).is_some_and(|s| (s - json_share).abs() < 1e-12);
                }
                assert!(same, "{what}: {cells:?} is not {row}");
            }
        }
        rows
    }

    /// A `trends` run that must fail: its exit code and stderr.
    fn refused(&self, queries: &[&str], flags: &str) -> (Option<i32>, String) {
        let out = self.trends(queries, flags);
        let stderr = String::from_utf8(out.stderr).unwrap();
        let what = format!("trends {queries:?} {flags}");
        assert!(!out.status.success(), "{what} should fail");
        assert!(out.stdout.is_empty(), "{what} printed rows");
        assert!(!stderr.trim().is_empty(), "{what}: no message");
        (out.status.code(), stderr)
    }

    /// Parse a `list` or `search` JSON Lines output: each article's (date, source).
    fn listed(&self, command: &str, args: &[&str]) -> Vec<(Option<String>, String)> {
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.extend(["--format".to_owned(), "jsonl".to_owned()]);
        let out = self.run(command, &args);
        assert!(out.status.success(), "{command} {args:?}");
        let mut rows: Vec<(Option<String>, String)> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|line| {
                let row: Value = serde_json::from_str(line).unwrap();
                let date = row["date"].as_str().map(str::to_owned);
                (date, row["source"].as_str().unwrap().to_owned())
            })
            .collect();
        rows.sort();
        rows
    }

    /// The (date, source) of the generated articles `matches` accepts.
    fn generated(&self, matches: &dyn Fn(&Doc) -> bool) -> Vec<(Option<String>, String)> {
        let mut rows: Vec<(Option<String>, String)> = self
            .docs
            .iter()
            .filter(|d| matches(d))
            .map(|d| (d.date.map(|d| d.to_string()), d.source.clone()))
            .collect();
        rows.sort();
        rows
    }
}

/// One query of each kind, and more of the syntax.
const QUERIES: [&str; 4] = [
    "harbour",
    "city budget",
    "\"city council\"",
    "ferry OR storm",
];

/// More of the syntax.
const MORE: [&str; 9] = [
    "Harbour",
    "title:ferry",
    "harb*",
    "council -city",
    "zeppelin",
    "\"harbour ferry\" OR title:budget",
    // Accents fold, and the keys are the queries as given.
    "Hárbour",
    "fërry OR STORM",
    "title:\"city council\"",
];

/// The files under `dir`, at any depth.
fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    files_under(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}

#[test]
fn the_files_read_once_and_the_search_index_give_the_same_counts() {
    let setup = Setup::new();
    let queries: Vec<&str> = QUERIES.iter().chain(&MORE).copied().collect();
    let flags = [
        "--period quarter",
        "--period week --source wires --from 2020-03-01",
    ];
    // No index yet: trends reads the files (and builds none), and counts as the reference.
    let read: Vec<Vec<Value>> = flags.iter().map(|f| setup.jsonl(&queries, f)).collect();
    for f in flags {
        setup.check(&queries, f);
    }
    let cached = files_under(setup.cache.path());
    assert_eq!(setup.jsonl(&queries, flags[0]), read[0]);
    assert_eq!(
        files_under(setup.cache.path()),
        cached,
        "trends built an index"
    );
    // `search` builds the index; trends then counts with it, and counts the same.
    assert!(!setup.listed("search", &["harbour"]).is_empty());
    assert!(
        files_under(setup.cache.path()) > cached,
        "no index was built"
    );
    for (f, rows) in flags.iter().zip(&read) {
        assert_eq!(&setup.jsonl(&queries, f), rows, "{f}");
    }
}

#[test]
fn every_period_kind_matches_the_reference() {
    let setup = Setup::new();
    // The generator's assumptions: the program reads the dates and sources written, and its
    // search finds what the reference finds.
    assert_eq!(setup.listed("list", &[]), setup.generated(&|_| true));
    let more = MORE;
    for query in QUERIES.iter().chain(&more) {
        let reference = Rq::parse(query);
        let found = setup.listed("search", &[query]);
        assert_eq!(found, setup.generated(&|d| reference.matches(d)), "{query}");
    }

    let mut rows_of = BTreeMap::new();
    for period in Period::ALL {
        let flags = format!("--period {}", period.name());
        let rows = setup.check(&QUERIES, &flags);
        let what = format!("--period {}", period.name());
        // The rows are consecutive periods, some empty, some holding every query.
        assert!(
            rows.iter().any(|r| r.articles == 0),
            "{what}: no empty period"
        );
        assert!(
            rows.iter()
                .all(|r| r.counts.iter().all(|&c| c <= r.articles))
        );
        for (n, query) in QUERIES.iter().enumerate() {
            let total: u64 = rows.iter().map(|r| r.counts[n]).sum();
            let matched = rows.iter().filter(|r| r.counts[n] > 0).count();
            assert!(matched > 1, "{what}: {query} in too few periods ({total})");
        }
        rows_of.insert(period.name(), rows);
    }
    let dated = setup.docs.iter().filter(|d| d.date.is_some()).count() as u64;
    for rows in rows_of.values() {
        assert_eq!(rows.iter().map(|r| r.articles).sum::<u64>(), dated);
    }
    // The default is month.
    setup.check(&QUERIES, "--period month");
    let default = setup.jsonl(&QUERIES, "");
    assert_eq!(default, setup.jsonl(&QUERIES, "--period month"));
    // ISO weeks across year ends: 2019-12-30 is the Monday of week 1 of 2020, 2020-12-28 the
    // Monday of week 53 of 2020 (which holds 2021-01-03).
    let weeks = &rows_of["week"];
    for monday in [ymd(2019, 12, 30), ymd(2020, 12, 28)] {
        let row = weeks.iter().find(|r| r.period == monday).unwrap();
        assert!(row.articles > 0, "the week of {monday}");
    }
    assert_eq!(rows_of["year"].len(), 5, "2019 to 2023");
    assert_eq!(rows_of["year"][3].articles, 0, "2022");
    assert!(
        rows_of["quarter"]
            .iter()
            .any(|r| r.period == ymd(2020, 4, 1) && r.articles == 0)
    );
    assert!(rows_of["day"].iter().any(|r| r.period == ymd(2020, 2, 29)));

    // More of the syntax, and a word no article has: a column of zeros.
    let rows = setup.check(&more, "--period quarter");
    assert!(rows.iter().all(|r| r.counts[4] == 0));
    setup.check(&["zeppelin"], "--period year");
}

#[test]
fn dates_and_source_narrow_the_selection() {
    let setup = Setup::new();
    // From and to are days with articles, included.
    let mut days: Vec<NaiveDate> = setup.docs.iter().filter_map(|d| d.date).collect();
    days.sort_unstable();
    let (from, to) = (days[30], days[days.len() - 40]);
    let flags = format!("--from {from} --to {to}");
    for period in ["day", "week", "month"] {
        let rows = setup.check(&QUERIES, &format!("{flags} --period {period}"));
        let period = Period::parse(period);
        assert_eq!(rows[0].period, period.start(from));
        assert_eq!(rows.last().unwrap().period, period.start(to));
        let on_edges = |r: &Row| r.period == from || r.period == to;
        if let Period::Day = period {
            assert!(rows.iter().filter(|r| on_edges(r)).all(|r| r.articles > 0));
        }
    }
    // Rows start and end with the selected articles, not with --from and --to.
    let rows = setup.check(&QUERIES, "--from 2020-04-01 --to 2022-12-31 --period week");
    let first = days.iter().find(|&&d| d >= ymd(2020, 4, 1)).unwrap();
    let last = days.iter().rfind(|&&d| d <= ymd(2022, 12, 31)).unwrap();
    assert!(*first > ymd(2020, 7, 1) && *last < ymd(2021, 1, 16));
    assert_eq!(rows[0].period, Period::Week.start(*first));
    assert_eq!(rows.last().unwrap().period, Period::Week.start(*last));
    for line in [
        "--from 2020-12-28 --to 2021-01-03 --period day",
        "--from 2020-12-20",
        "--to 2020-06-30 --period quarter",
        "--source 'Valley Herald'",
        "--source 'The Courier' --period week",
        "--source courier --period year",
        "--source wires --period quarter",
        "--source 'Daily Wire' --from 2020-01-01 --to 2020-12-31 --period week",
    ] {
        let rows = setup.check(&QUERIES, line);
        assert!(!rows.is_empty(), "{line}: the generated corpus has none");
    }
    // One day.
    let rows = setup.check(
        &["harbour"],
        &format!("--from {from} --to {from} --period year"),
    );
    assert_eq!(rows.len(), 1);
}

#[test]
fn tables_have_the_header_and_the_numbers_of_json_lines() {
    let setup = Setup::new();
    for (queries, flags) in [
        (&QUERIES[..], ""),
        (&QUERIES[..], "--period week --source wires"),
        (
            &["storm", "title:harbour"][..],
            "--period quarter --to 2020-12-31",
        ),
    ] {
        let rows = setup.tables(queries, flags);
        assert!(!rows.is_empty());
    }
    // A query with a space and quotation marks: one CSV cell, quoted (RFC 4180), and the TSV
    // cell as given.
    let queries = ["\"city council\" budget", "ferry OR storm"];
    setup.tables(&queries, "--period quarter");
    let csv = setup.stdout(&queries, "--period quarter --format csv");
    let first = csv.lines().next().unwrap();
    assert_eq!(
        first,
        "period,articles,\"count:\"\"city council\"\" budget\",\"share:\"\"city council\"\" \
         budget\",count:ferry OR storm,share:ferry OR storm"
    );
    let tsv = setup.stdout(&queries, "--period quarter");
    assert_eq!(
        tsv.lines().next().unwrap(),
        "period\tarticles\tcount:\"city council\" budget\tshare:\"city council\" budget\t\
         count:ferry OR storm\tshare:ferry OR storm"
    );
    // The default format is TSV.
    assert_eq!(tsv, setup.stdout(&queries, "--period quarter --format tsv"));
}

#[test]
fn bad_arguments_are_refused() {
    let setup = Setup::new();
    let (_, stderr) = setup.refused(&["harbour"], "--from 2020-13-01");
    assert!(stderr.contains("2020-13-01"), "{stderr}");
    let (_, stderr) = setup.refused(&["harbour"], "--to 2021-02-30 --period week");
    assert!(stderr.contains("2021-02-30"), "{stderr}");
    setup.refused(&["harbour"], "--from 20200101");
    setup.refused(&["harbour"], "--from 2021-01-01 --to 2020-01-01");
    setup.refused(&["harbour"], "--period fortnight");
    setup.refused(&["harbour"], "--format xml");
    // No query: a usage error.
    for flags in ["", "--period week"] {
        let (code, stderr) = setup.refused(&[], flags);
        assert_eq!(code, Some(2), "{flags}: {stderr}");
    }
    // A query with a syntax error, alone or after a good one: as `search` says it.
    let search = setup.run("search", &["\"abc".to_owned()]);
    let said = String::from_utf8(search.stderr).unwrap();
    assert!(
        !search.status.success() && said.contains("not closed"),
        "{said}"
    );
    for queries in [&["\"abc"][..], &["harbour", "\"abc"][..]] {
        let (_, stderr) = setup.refused(queries, "");
        assert!(stderr.contains("not closed"), "{queries:?}: {stderr}");
    }
    let (_, stderr) = setup.refused(&["harbour OR"], "--period year");
    assert!(stderr.contains("OR"), "{stderr}");
}

#[test]
fn a_selection_without_dated_articles_has_no_rows() {
    let setup = Setup::new();
    // A source that does not exist, one whose articles are all undated, and a range without
    // articles (2022): exit 0, the header alone.
    for flags in [
        "--source Nobody",
        "--source notes",
        "--from 2022-01-01 --to 2022-12-31 --period week",
    ] {
        assert!(setup.jsonl(&QUERIES, flags).is_empty(), "{flags}");
        let tsv = setup.stdout(&QUERIES, flags);
        assert_eq!(tsv, format!("{}\n", header(&QUERIES).join("\t")), "{flags}");
        let csv = setup.stdout(&QUERIES, &format!("{flags} --format csv"));
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(headers, header(&QUERIES), "{flags}");
        assert_eq!(reader.records().count(), 0, "{flags}");
    }
    // The notes are there, undated.
    let notes = setup.generated(&|d| d.source == "notes");
    assert_eq!(notes.len(), 5);
    assert!(notes.iter().all(|(date, _)| date.is_none()));
}
