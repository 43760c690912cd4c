//! The reference of `tests/trends.rs`: a generated corpus (JSON Lines and plain-text files, several
//! outlets, dates around year ends with empty periods, undated articles) and a brute-force
//! evaluation of the queries and periods `trends` is checked against.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::{Value, json};

/// A small pseudo-random generator (splitmix64): the same corpus every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words that never occur in a query.
pub(crate) const FILLER: &str = "the of and to a in is that for on with as was at by it from said new more \
    after report week people local officials morning plan road weather season river bridge \
    station market school";

/// What the queries look for: words in several cases, and word pairs (some of them the phrase
/// `city council`, some not, some across a comma, which does not break a phrase).
pub(crate) const SPECIALS: &str = "harbour|Harbour|HARBOUR|ferry|Ferry|storm|Storm|city|City|council|\
    Council|budget|Budget|city council|City Council|council city|city, council|harbour ferry|\
    Ferry Storm";

/// What headlines are made of, besides the specials.
pub(crate) const TITLE_WORDS: &str = "Report Week People Local Plan Road Weather Season River Bridge \
    Station Market School New Morning";

pub(crate) fn list(words: &'static str) -> Vec<&'static str> {
    words.split_whitespace().collect()
}

/// One generated article, with what the program should make of it.
pub(crate) struct Doc {
    /// The Source column: the outlet, or else the folder.
    pub(crate) source: String,
    pub(crate) date: Option<NaiveDate>,
    /// The headline's tokens.
    pub(crate) title: Vec<String>,
    /// The text's tokens.
    pub(crate) body: Vec<String>,
}

impl Doc {
    pub(crate) fn new(source: &str, date: Option<NaiveDate>, title: &str, text: &str) -> Self {
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
pub(crate) const FOLDS: &str = "áaÁAëeüu";

/// Runs of letters and digits, lower-cased, accents folded.
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    let folds: Vec<char> = FOLDS.chars().collect();
    let fold = |c: char| folds.chunks(2).find(|p| p[0] == c).map_or(c, |p| p[1]);
    let text: String = text.chars().map(fold).collect();
    assert!(text.is_ascii(), "the reference does not fold {text:?}");
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

pub(crate) fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Text of 1 to 5 sentences; `specials` percent of its words are the queries' words.
pub(crate) fn text(rng: &mut Rng, specials: u64) -> String {
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
pub(crate) fn title(rng: &mut Rng) -> String {
    let words = list(TITLE_WORDS);
    let special: Vec<&str> = SPECIALS.split('|').collect();
    let mut out: Vec<&str> = (0..3 + rng.below(4)).map(|_| rng.pick(&words)).collect();
    if rng.chance(25) {
        let at = rng.below(out.len() + 1);
        out.insert(at, rng.pick(&special));
    }
    out.join(" ")
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A date (or none, for 8%): many from 2019-12-20 to 2020-01-15 and from 2020-12-20 to
/// 2021-01-15 (ISO weeks across year ends), some in 2020 but never April to June (an empty
/// quarter) or September, some in 2023, none from 2021-01-16 to 2022-12-31 (2022: an empty
/// year).
pub(crate) fn date(rng: &mut Rng) -> Option<NaiveDate> {
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
pub(crate) fn json_article(rng: &mut Rng, outlet: Option<&str>, folder: &str) -> (Doc, Value) {
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
pub(crate) fn text_file(rng: &mut Rng, root: &Path, folder: &str, n: usize, dated: bool) -> Doc {
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
pub(crate) fn write_corpus(root: &Path) -> Vec<Doc> {
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
pub(crate) enum Rq {
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
    pub(crate) fn parse(text: &str) -> Self {
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

    pub(crate) fn matches(&self, doc: &Doc) -> bool {
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
pub(crate) enum Period {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    pub(crate) const ALL: [Self; 5] = [
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    pub(crate) fn parse(name: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .unwrap_or_else(|| panic!("no period {name}"))
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    /// The first day of the period holding `day` (weeks start on Monday, as ISO weeks do).
    pub(crate) fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => day,
            Self::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Self::Month => ymd(day.year(), day.month(), 1),
            Self::Quarter => ymd(day.year(), (day.month() - 1) / 3 * 3 + 1, 1),
            Self::Year => ymd(day.year(), 1, 1),
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub(crate) fn next(self, start: NaiveDate) -> NaiveDate {
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
pub(crate) struct Ask<'a> {
    pub(crate) period: Period,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    pub(crate) source: Option<&'a str>,
}

impl<'a> Ask<'a> {
    pub(crate) fn parse(flags: &'a [String]) -> Self {
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
    pub(crate) fn selects(&self, doc: &Doc) -> Option<NaiveDate> {
        let date = doc.date?;
        let inside = self.from.is_none_or(|from| date >= from)
            && self.to.is_none_or(|to| date <= to)
            && self.source.is_none_or(|source| doc.source == source);
        inside.then_some(date)
    }
}

/// One expected row.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) period: NaiveDate,
    pub(crate) articles: u64,
    /// Per query, in order.
    pub(crate) counts: Vec<u64>,
}

/// The rows for `queries` and `flags`: every period from the first selected article's to the
/// last's.
pub(crate) fn expected_rows(docs: &[Doc], queries: &[&str], flags: &[String]) -> Vec<Row> {
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

pub(crate) fn share(count: u64, articles: u64) -> f64 {
    if articles == 0 {
        0.0
    } else {
        count as f64 / articles as f64
    }
}

/// Compare `trends --format jsonl` rows with the expected ones, in order: exactly the keys
/// `period`, `articles`, `counts` and `shares`, the last two keyed by the queries as given.
pub(crate) fn assert_rows(what: &str, got: &[Value], expected: &[Row], queries: &[&str]) {
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
    super::common::assert_same_count(what, got, expected);
}
