//! `trends`: per-period article counts and query shares of a generated corpus (JSON Lines files
//! from three outlets and plain-text files, dates clustered around two year ends with empty
//! months, an empty quarter and an empty year between them, some undated articles), checked
//! against a brute-force reference computed here from the generated articles: every period kind
//! (ISO weeks across year ends), the selection by dates and source, the TSV and CSV tables, an
//! empty selection, and the arguments that are refused.

// Tests fail loudly by design; a test reads as one story.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::{Value, json};

/// A small pseudo-random generator (splitmix64): the same corpus every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words that never occur in a query.
const FILLER: &str = "the of and to a in is that for on with as was at by it from said new more \
    after report week people local officials morning plan road weather season river bridge \
    station market school";

/// What the queries look for: words in several cases, and word pairs (some of them the phrase
/// `city council`, some not, some across a comma, which does not break a phrase).
const SPECIALS: &str = "harbour|Harbour|HARBOUR|ferry|Ferry|storm|Storm|city|City|council|\
    Council|budget|Budget|city council|City Council|council city|city, council|harbour ferry|\
    Ferry Storm";

/// What headlines are made of, besides the specials.
const TITLE_WORDS: &str = "Report Week People Local Plan Road Weather Season River Bridge \
    Station Market School New Morning";

fn list(words: &'static str) -> Vec<&'static str> {
    words.split_whitespace().collect()
}

/// One generated article, with what the program should make of it.
struct Doc {
    /// The Source column: the outlet, or else the folder.
    source: String,
    date: Option<NaiveDate>,
    /// The headline's tokens.
    title: Vec<String>,
    /// The text's tokens.
    body: Vec<String>,
}

impl Doc {
    fn new(source: &str, date: Option<NaiveDate>, title: &str, text: &str) -> Self {
        Self {
            source: source.to_owned(),
            date,
            title: tokenize(title),
            body: tokenize(text),
        }
    }
}

/// The accents the queries use, folded as the analyzer folds them (pairs of letters); the
/// generated text is ASCII.
const FOLDS: &str = "áaÁAëeüu";

/// Runs of letters and digits, lower-cased, accents folded.
fn tokenize(text: &str) -> Vec<String> {
    let folds: Vec<char> = FOLDS.chars().collect();
    let fold = |c: char| folds.chunks(2).find(|p| p[0] == c).map_or(c, |p| p[1]);
    let text: String = text.chars().map(fold).collect();
    assert!(text.is_ascii(), "the reference does not fold {text:?}");
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Text of 1 to 5 sentences; `specials` percent of its words are the queries' words.
fn text(rng: &mut Rng, specials: u64) -> String {
    let filler = list(FILLER);
    let special: Vec<&str> = SPECIALS.split('|').collect();
    let mut out = String::new();
    for _ in 0..1 + rng.below(5) {
        let length = 4 + rng.below(9);
        let words: Vec<&str> = (0..length)
            .map(|_| {
                if rng.chance(specials) {
                    rng.pick(&special)
                } else {
                    rng.pick(&filler)
                }
            })
            .collect();
        let mut sentence = capitalized(&words.join(" "));
        if rng.chance(20) {
            sentence = sentence.replacen(' ', ", ", 1);
        }
        if !out.is_empty() {
            out.push_str(if rng.chance(20) { "\n\n" } else { " " });
        }
        out.push_str(&sentence);
        out.push_str([".", ".", "?", "!"][rng.below(4)]);
    }
    out
}

/// A headline of 3 to 6 words, a quarter of them with one of the specials.
fn title(rng: &mut Rng) -> String {
    let words = list(TITLE_WORDS);
    let special: Vec<&str> = SPECIALS.split('|').collect();
    let mut out: Vec<&str> = (0..3 + rng.below(4)).map(|_| rng.pick(&words)).collect();
    if rng.chance(25) {
        let at = rng.below(out.len() + 1);
        out.insert(at, rng.pick(&special));
    }
    out.join(" ")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A date (or none, for 8%): many from 2019-12-20 to 2020-01-15 and from 2020-12-20 to
/// 2021-01-15 (ISO weeks across year ends), some in 2020 but never April to June (an empty
/// quarter) or September, some in 2023, none from 2021-01-16 to 2022-12-31 (2022: an empty
/// year).
fn date(rng: &mut Rng) -> Option<NaiveDate> {
    if rng.chance(8) {
        return None;
    }
    let in_month = |rng: &mut Rng, y: i32, months: &[u32]| {
        let m = months[rng.below(months.len())];
        let first = ymd(y, m, 1);
        let days = (first + Months::new(1) - first).num_days() as usize;
        first + Days::new(rng.below(days) as u64)
    };
    Some(match rng.below(100) {
        0..35 => ymd(2019, 12, 20) + Days::new(rng.below(27) as u64),
        35..60 => ymd(2020, 12, 20) + Days::new(rng.below(27) as u64),
        60..85 => in_month(rng, 2020, &[2, 3, 7, 8, 10, 11]),
        _ => in_month(rng, 2023, &[3, 5, 6, 11]),
    })
}

/// A generated article: its record for a JSON Lines file, and the article.
fn json_article(rng: &mut Rng, outlet: Option<&str>, folder: &str) -> (Doc, Value) {
    let headline = title(rng);
    let specials = [0, 4, 8, 12][rng.below(4)];
    let body = text(rng, specials);
    let date = date(rng);
    let mut object = json!({ "title": headline, "text": body });
    match &date {
        Some(d) => object["date"] = json!(d.to_string()),
        None if rng.chance(50) => object["date"] = Value::Null,
        None => {}
    }
    if let Some(outlet) = outlet {
        object["source"] = json!(outlet);
    }
    let doc = Doc::new(outlet.unwrap_or(folder), date, &headline, &body);
    (doc, object)
}

/// A plain-text article in `folder` (its Source): ` date YYYY-MM-DD HEADLINE`, a blank line and
/// the text; or, undated, the headline alone on the first line.
fn text_file(rng: &mut Rng, root: &Path, folder: &str, n: usize, dated: bool) -> Doc {
    let headline = title(rng);
    let body = text(rng, 8);
    let date = if dated { date(rng) } else { None };
    let content = match date {
        Some(d) => format!(" date {d} {headline}\n\n{body}\n"),
        None => format!("{headline}\n\n{body}\n"),
    };
    fs::create_dir_all(root.join(folder)).unwrap();
    fs::write(root.join(format!("{folder}/story-{n:02}.txt")), content).unwrap();
    Doc::new(folder, date, &headline, &body)
}

/// The corpus: 220 JSON Lines articles in three files, 40 plain-text files in `wires/` and 5
/// undated ones in `notes/`.
fn write_corpus(root: &Path) -> Vec<Doc> {
    let mut rng = Rng(0x7E4D_5EED_2020);
    let mut docs = Vec::new();
    // (file, articles, outlet, percent of records that name no outlet)
    let plan = [
        ("herald.jsonl", 80, "Valley Herald", 0),
        ("courier/feed.jsonl", 80, "The Courier", 10),
        ("wire.jsonl", 60, "Daily Wire", 0),
    ];
    for (file, count, outlet, unnamed) in plan {
        let folder = file.rsplit_once('/').map_or("", |(folder, _)| folder);
        let mut lines = String::new();
        for _ in 0..count {
            let outlet = (!rng.chance(unnamed)).then_some(outlet);
            let (doc, value) = json_article(&mut rng, outlet, folder);
            docs.push(doc);
            lines.push_str(&format!("{value}\n"));
        }
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, lines).unwrap();
    }
    for n in 0..40 {
        docs.push(text_file(&mut rng, root, "wires", n, true));
    }
    for n in 0..5 {
        docs.push(text_file(&mut rng, root, "notes", n, false));
    }
    docs
}

/// A query as the reference reads it: the subset of the search syntax the tests use (words,
/// `"phrases"`, `OR`, `-word`, `prefix*`, `title:word`; no parentheses).
#[derive(Debug)]
enum Rq {
    /// Consecutive tokens in the title or (unless `title`) the body.
    Phrase {
        title: bool,
        words: Vec<String>,
    },
    /// A token starting with `prefix`.
    Prefix {
        title: bool,
        prefix: String,
    },
    And {
        must: Vec<Rq>,
        not: Vec<Rq>,
    },
    Or(Vec<Rq>),
}

impl Rq {
    fn parse(text: &str) -> Self {
        // Groups between ORs: (must, must not).
        let mut groups: Vec<(Vec<Self>, Vec<Self>)> = vec![(Vec::new(), Vec::new())];
        let mut rest = text.trim_start();
        while !rest.is_empty() {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if &rest[..end] == "OR" {
                groups.push((Vec::new(), Vec::new()));
                rest = rest[end..].trim_start();
                continue;
            }
            let negated = rest.starts_with('-');
            rest = rest.strip_prefix('-').unwrap_or(rest);
            let title = rest.starts_with("title:");
            rest = rest.strip_prefix("title:").unwrap_or(rest);
            let (leaf, after) = if let Some(quoted) = rest.strip_prefix('"') {
                let (phrase, after) = quoted.split_once('"').unwrap();
                let words = tokenize(phrase);
                (Self::Phrase { title, words }, after)
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let (word, after) = rest.split_at(end);
                let leaf = match word.strip_suffix('*') {
                    Some(stem) => Self::Prefix {
                        title,
                        prefix: tokenize(stem).pop().unwrap(),
                    },
                    None => Self::Phrase {
                        title,
                        words: tokenize(word),
                    },
                };
                (leaf, after)
            };
            let (must, not) = groups.last_mut().unwrap();
            if negated { not } else { must }.push(leaf);
            rest = after.trim_start();
        }
        let groups = groups.into_iter().map(|(must, not)| {
            assert!(!must.is_empty(), "{text:?}: a group with nothing to find");
            Self::And { must, not }
        });
        Self::Or(groups.collect())
    }

    fn matches(&self, doc: &Doc) -> bool {
        let places = |title: bool| {
            if title {
                vec![&doc.title]
            } else {
                vec![&doc.title, &doc.body]
            }
        };
        match self {
            Self::Phrase { title, words } => places(*title)
                .into_iter()
                .any(|tokens| tokens.windows(words.len()).any(|w| w == words.as_slice())),
            Self::Prefix { title, prefix } => places(*title)
                .into_iter()
                .any(|tokens| tokens.iter().any(|t| t.starts_with(prefix.as_str()))),
            Self::And { must, not } => {
                must.iter().all(|q| q.matches(doc)) && !not.iter().any(|q| q.matches(doc))
            }
            Self::Or(parts) => parts.iter().any(|q| q.matches(doc)),
        }
    }
}

/// A period kind, as `--period` names it.
#[derive(Clone, Copy, Debug)]
enum Period {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    const ALL: [Self; 5] = [
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    fn parse(name: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .unwrap_or_else(|| panic!("no period {name}"))
    }

    fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    /// The first day of the period holding `day` (weeks start on Monday, as ISO weeks do).
    fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => day,
            Self::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Self::Month => ymd(day.year(), day.month(), 1),
            Self::Quarter => ymd(day.year(), (day.month() - 1) / 3 * 3 + 1, 1),
            Self::Year => ymd(day.year(), 1, 1),
        }
    }

    /// The first day of the period after the one starting on `start`.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => start + Days::new(1),
            Self::Week => start + Days::new(7),
            Self::Month => start + Months::new(1),
            Self::Quarter => start + Months::new(3),
            Self::Year => start + Months::new(12),
        }
    }
}

/// What a command line asks for, as the reference reads it.
struct Ask<'a> {
    period: Period,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    source: Option<&'a str>,
}

impl<'a> Ask<'a> {
    fn parse(flags: &'a [String]) -> Self {
        let mut ask = Self {
            period: Period::Month,
            from: None,
            to: None,
            source: None,
        };
        let mut args = flags.iter().map(String::as_str);
        while let Some(arg) = args.next() {
            let mut value = || args.next().unwrap();
            let mut day = || NaiveDate::parse_from_str(value(), "%Y-%m-%d").unwrap();
            match arg {
                "--period" => ask.period = Period::parse(value()),
                "--from" => ask.from = Some(day()),
                "--to" => ask.to = Some(day()),
                "--source" => ask.source = Some(value()),
                other => panic!("the reference does not read {other}"),
            }
        }
        ask
    }

    /// The date of a selected article (undated ones are never selected).
    fn selects(&self, doc: &Doc) -> Option<NaiveDate> {
        let date = doc.date?;
        let inside = self.from.is_none_or(|from| date >= from)
            && self.to.is_none_or(|to| date <= to)
            && self.source.is_none_or(|source| doc.source == source);
        inside.then_some(date)
    }
}

/// One expected row.
#[derive(Debug)]
struct Row {
    period: NaiveDate,
    articles: u64,
    /// Per query, in order.
    counts: Vec<u64>,
}

/// The rows for `queries` and `flags`: every period from the first selected article's to the
/// last's.
fn expected_rows(docs: &[Doc], queries: &[&str], flags: &[String]) -> Vec<Row> {
    let ask = Ask::parse(flags);
    let parsed: Vec<Rq> = queries.iter().map(|q| Rq::parse(q)).collect();
    let mut by_period: BTreeMap<NaiveDate, (u64, Vec<u64>)> = BTreeMap::new();
    for doc in docs {
        let Some(date) = ask.selects(doc) else {
            continue;
        };
        let entry = by_period
            .entry(ask.period.start(date))
            .or_insert_with(|| (0, vec![0; queries.len()]));
        entry.0 += 1;
        for (count, query) in entry.1.iter_mut().zip(&parsed) {
            *count += u64::from(query.matches(doc));
        }
    }
    let (Some(&first), Some(&last)) = (by_period.keys().next(), by_period.keys().last()) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut period = first;
    while period <= last {
        let (articles, counts) = by_period
            .remove(&period)
            .unwrap_or_else(|| (0, vec![0; queries.len()]));
        rows.push(Row {
            period,
            articles,
            counts,
        });
        period = ask.period.next(period);
    }
    assert!(by_period.is_empty(), "a period start the walk missed");
    rows
}

fn share(count: u64, articles: u64) -> f64 {
    if articles == 0 {
        0.0
    } else {
        count as f64 / articles as f64
    }
}

/// Compare `trends --format jsonl` rows with the expected ones, in order: exactly the keys
/// `period`, `articles`, `counts` and `shares`, the last two keyed by the queries as given.
fn assert_rows(what: &str, got: &[Value], expected: &[Row], queries: &[&str]) {
    for (at, (got, want)) in got.iter().zip(expected).enumerate() {
        let row = got.as_object().unwrap();
        let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["articles", "counts", "period", "shares"],
            "{what}: {got}"
        );
        let (counts, shares) = (row["counts"].as_object(), row["shares"].as_object());
        let (counts, shares) = (counts.unwrap(), shares.unwrap());
        let period = want.period.to_string();
        let same = row["period"].as_str() == Some(period.as_str())
            && row["articles"].as_u64() == Some(want.articles)
            && counts.len() == queries.len()
            && shares.len() == queries.len()
            && queries.iter().zip(&want.counts).all(|(query, &count)| {
                let got_share = shares.get(*query).and_then(Value::as_f64);
                counts.get(*query).and_then(Value::as_u64) == Some(count)
                    && got_share.is_some_and(|s| (s - share(count, want.articles)).abs() < 1e-12)
            });
        assert!(
            same,
            "{what}: row {at}: got {got}, expected period {period}, articles {}, counts {:?} \
             (of {queries:?})",
            want.articles, want.counts
        );
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "{what}: the number of rows (expected first missing: {:?}; got first extra: {:?})",
        expected.get(got.len()),
        got.get(expected.len())
    );
}

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

#[test]
fn every_period_kind_matches_the_reference() {
    let setup = Setup::new();
    // The generator's assumptions: the program reads the dates and sources written, and its
    // search finds what the reference finds.
    assert_eq!(setup.listed("list", &[]), setup.generated(&|_| true));
    let more = [
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
