//! `words`: frequency lists, n-grams, keyness and collocates of a generated corpus (JSON Lines
//! in several folders and plain-text files, several outlets, three years, some undated
//! articles), each checked against a brute-force reference computed here from the generated
//! articles; the output formats; the token store reused from the cache and updated when a file
//! changes; and the arguments that are refused.

// Tests fail loudly by design; a test reads as one story.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

    /// An item, the first ones more often (the smaller of two draws): a Zipf-like spread.
    fn skewed<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let at = self.below(items.len()).min(self.below(items.len()));
        items[at]
    }
}

/// Words that occur everywhere.
const FUNCTION_WORDS: &str = "the of and to a in is that for on with as was at by it from be this \
    has have are said but not its will more after new";

/// Three topics; each outlet leans to one, so keyness has something to find.
const TOPICS: [&str; 3] = [
    "harbour ferry island boats fishing port crossing tide pier crew captain cargo coast storm \
     dock sailors lighthouse waves Harbour Ferry",
    "council budget mayor vote tax school housing plan residents road park library meeting \
     election Council councillors permit zoning BUDGET Mayor",
    "market prices interest rates bank inflation shares investors growth jobs trade export \
     Market currency bonds profits wages lending Bank exports",
];

/// Names (some accented), words with accents and numbers, as written in the text.
const EXTRAS: &str = "Zoë Müller São Paulo Ana Ruiz café Café naïve piñata Ångström NATO EU \
    2021 3.5 40% covid-19 2,500 council's don't 1999";

/// Fixed phrases (between `|`), for n-grams and collocates with real counts.
const PHRASES: &str = "interest rates|city council|ferry crossing|the island ferry|\
    prime minister|climate change|Zoë Müller said";

/// What titles are made of.
const TITLE_WORDS: &str = "Harbour Ferry Island Storm Council Budget Mayor Vote Market Prices \
    Bank Jobs Café Zoë Plan Rates New Crew School Trade";

fn list(words: &'static str) -> Vec<&'static str> {
    words.split_whitespace().collect()
}

/// One generated article, with what the program should make of it.
struct Doc {
    /// The file it is in.
    file: String,
    /// The Source column: the outlet, or else the folder.
    source: String,
    date: Option<String>,
    /// The headline's tokens (none when the title is derived from the lead), then the text's.
    tokens: Vec<String>,
}

impl Doc {
    fn new(file: &str, source: &str, date: Option<String>, title: &str, text: &str) -> Self {
        let tokens = [tokenize(title), tokenize(text)].concat();
        let (file, source) = (file.to_owned(), source.to_owned());
        Self {
            file,
            source,
            date,
            tokens,
        }
    }
}

/// The accents used here, folded as the analyzer folds them (pairs of letters).
const FOLDS: &str = "éeëeïiãaåaüuöoñn";

fn fold(c: char) -> char {
    let folds: Vec<char> = FOLDS.chars().collect();
    let folded = folds.chunks(2).find(|p| p[0] == c).map_or(c, |p| p[1]);
    assert!(folded.is_ascii(), "the reference does not fold {c:?}");
    folded
}

/// Runs of letters and digits, lower-cased, accents folded.
fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                current.push(fold(lower));
            }
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Text of about `words` words, leaning to `topic`; sentences with commas and full stops.
fn text(rng: &mut Rng, topic: usize, words: usize) -> String {
    let (function, extras) = (list(FUNCTION_WORDS), list(EXTRAS));
    let topics = TOPICS.map(list);
    let phrases: Vec<&str> = PHRASES.split('|').map(str::trim).collect();
    let mut out = String::new();
    let mut written = 0;
    while written < words {
        let length = 4 + rng.below(11);
        let mut sentence: Vec<String> = Vec::new();
        while sentence.len() < length {
            let word = if rng.chance(6) {
                phrases[rng.below(phrases.len())].to_owned()
            } else if rng.chance(35) {
                rng.skewed(&function).to_owned()
            } else if rng.chance(8) {
                rng.skewed(&extras).to_owned()
            } else {
                let leaning = if rng.chance(65) { topic } else { rng.below(3) };
                rng.skewed(&topics[leaning]).to_owned()
            };
            sentence.push(word);
            if rng.chance(8) {
                sentence.push(",".to_owned());
            }
        }
        written += sentence.len();
        let joined = capitalized(&sentence.join(" ")).replace(" ,", ",");
        if !out.is_empty() {
            out.push_str(if rng.chance(15) { "\n\n" } else { " " });
        }
        out.push_str(joined.trim_end_matches(','));
        out.push_str([".", ".", ".", "?", "!"][rng.below(5)]);
    }
    out
}

fn title(rng: &mut Rng) -> String {
    let words = list(TITLE_WORDS);
    let length = 3 + rng.below(5);
    (0..length)
        .map(|_| words[rng.below(words.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A day from 2020 to 2022.
fn day(rng: &mut Rng) -> String {
    let (y, m, d) = (2020 + rng.below(3), 1 + rng.below(12), 1 + rng.below(28));
    format!("{y}-{m:02}-{d:02}")
}

/// How a JSON Lines file names its fields.
#[derive(Clone, Copy)]
enum Style {
    /// `"source": "…"`, `"date": "YYYY-MM-DD"`.
    Plain,
    /// `"outlet": "…"`, `"date_publish": "YYYY-MM-DD HH:MM:SS"`.
    NewsPlease,
    /// `"source": {"id": null, "name": "…"}`.
    Object,
}

/// A generated article and its JSON object. `outlet` None: the record names none (the Source
/// is then the folder).
fn json_article(
    rng: &mut Rng,
    file: &str,
    outlet: Option<&str>,
    topic: usize,
    style: Style,
) -> (Doc, Value) {
    let headline = (!rng.chance(10)).then(|| title(rng));
    let words = 20 + rng.below(181);
    let body = text(rng, topic, words);
    let date = (!rng.chance(12)).then(|| day(rng));
    let mut object = json!({ "text": body });
    if let Some(headline) = &headline {
        object["title"] = json!(headline);
    }
    match (style, &date) {
        (Style::NewsPlease, Some(d)) => object["date_publish"] = json!(format!("{d} 09:30:00")),
        (_, Some(d)) => object["date"] = json!(d),
        (_, None) if rng.chance(50) => object["date"] = Value::Null,
        _ => {}
    }
    match (style, outlet) {
        (_, None) => {}
        (Style::Plain, Some(name)) => object["source"] = json!(name),
        (Style::NewsPlease, Some(name)) => object["outlet"] = json!(name),
        (Style::Object, Some(name)) => object["source"] = json!({"id": null, "name": name}),
    }
    let folder = file.rsplit_once('/').map_or("", |(folder, _)| folder);
    let source = outlet.unwrap_or(folder);
    let doc = Doc::new(file, source, date, headline.as_deref().unwrap_or(""), &body);
    (doc, object)
}

fn write_jsonl(root: &Path, file: &str, lines: &[Value]) {
    let path = root.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
    fs::write(path, text).unwrap();
}

/// The corpus: 220 × `scale` JSON Lines articles in five files and 20 plain-text files.
fn write_corpus(root: &Path, scale: usize) -> (Vec<Doc>, HashMap<String, Vec<Value>>) {
    let mut rng = Rng(0x5EED_0FC0_FFEE);
    let mut docs = Vec::new();
    let mut files: HashMap<String, Vec<Value>> = HashMap::new();
    // (file, articles, topic, style, outlet, percent of records that name no outlet)
    #[rustfmt::skip]
    let plan: [(&str, usize, usize, Style, &str, u64); 5] = [
        ("herald/2020-2021.jsonl", 60, 0, Style::Plain, "Valley Herald", 10),
        ("herald/2022.jsonl", 40, 0, Style::NewsPlease, "Valley Herald", 0),
        ("courier/feed.jsonl", 60, 1, Style::NewsPlease, "The Courier", 15),
        ("wire.jsonl", 40, 2, Style::Object, "Daily Wire", 0),
        ("archive/old/2020.jsonl", 20, 1, Style::Plain, "", 100),
    ];
    for (file, count, topic, style, outlet, unnamed) in plan {
        for _ in 0..count * scale {
            // Some of the Herald's records say just "Herald": a different Source.
            let outlet = match (rng.chance(unnamed), outlet) {
                (true, _) => None,
                (false, "Valley Herald") if rng.chance(10) => Some("Herald"),
                (false, outlet) => Some(outlet),
            };
            let (doc, value) = json_article(&mut rng, file, outlet, topic, style);
            docs.push(doc);
            files.entry(file.to_owned()).or_default().push(value);
        }
        write_jsonl(root, file, &files[file]);
    }
    fs::create_dir_all(root.join("wires")).unwrap();
    for n in 0..20 {
        let file = format!("wires/story-{n:02}.txt");
        docs.push(text_file(&mut rng, root, &file, n >= 17));
    }
    (docs, files)
}

/// A plain-text article in `wires/` (its Source): ` date YYYY-MM-DD HEADLINE` or no date,
/// and the body below; `derived`: no headline, a date marker alone on its line and a long first
/// paragraph, whose first sentence becomes the title (so the title is not counted twice).
fn text_file(rng: &mut Rng, root: &Path, file: &str, derived: bool) -> Doc {
    let headline = if derived { String::new() } else { title(rng) };
    let words = if derived { 60 } else { 20 } + rng.below(150);
    let topic = rng.below(3);
    let mut body = text(rng, topic, words);
    if derived {
        body = body.replace("\n\n", " ");
    }
    let date = (derived || !rng.chance(25)).then(|| day(rng));
    let content = match &date {
        Some(d) if derived => format!(" date {d}\n{body}\n"),
        Some(d) => format!(" date {d} {headline}\n\n{body}\n"),
        None => format!("{headline}\n\n{body}\n"),
    };
    fs::write(root.join(file), content).unwrap();
    Doc::new(file, "wires", date, &headline, &body)
}

/// What a command line asks for, as the reference reads it: the selection (`--from`, `--to`,
/// `--source`, QUERY) and the list (`--ngram` (0: words), `--keyness`, `--collocates`, …).
#[derive(Default)]
struct Ask<'a> {
    from: Option<&'a str>,
    to: Option<&'a str>,
    source: Option<&'a str>,
    query: Option<&'a str>,
    ngram: usize,
    keyness: bool,
    node: Option<&'a str>,
    window: Option<(usize, usize)>,
    limit: Option<usize>,
}

impl<'a> Ask<'a> {
    fn parse(args: &'a [String]) -> Self {
        let mut ask = Self::default();
        let mut args = args.iter().map(String::as_str);
        while let Some(arg) = args.next() {
            let mut value = || args.next().unwrap();
            match arg {
                "--from" => ask.from = Some(value()),
                "--to" => ask.to = Some(value()),
                "--source" => ask.source = Some(value()),
                "--ngram" => ask.ngram = value().parse().unwrap(),
                "--keyness" => ask.keyness = true,
                "--collocates" => ask.node = Some(value()),
                "--limit" => ask.limit = Some(value().parse().unwrap()),
                "--window" => {
                    let (l, r) = value().split_once(',').unwrap();
                    ask.window = Some((l.parse().unwrap(), r.parse().unwrap()));
                }
                query => ask.query = Some(query),
            }
        }
        ask
    }

    fn selects(&self, doc: &Doc) -> bool {
        if self.from.is_some() || self.to.is_some() {
            let Some(date) = doc.date.as_deref() else {
                return false;
            };
            if self.from.is_some_and(|from| date < from) || self.to.is_some_and(|to| date > to) {
                return false;
            }
        }
        self.source.is_none_or(|source| doc.source == source)
            && self.query.is_none_or(|query| {
                let tokens = tokenize(query);
                tokens.iter().all(|word| doc.tokens.contains(word))
            })
    }
}

mod common;

#[path = "words_support/reference.rs"]
mod reference;
use reference::{assert_rows, close, expected_collocates, expected_frequencies, expected_keyness};

struct Setup {
    root: tempfile::TempDir,
    cache: tempfile::TempDir,
    data: tempfile::TempDir,
    docs: Vec<Doc>,
    files: HashMap<String, Vec<Value>>,
}

impl Setup {
    fn new() -> Self {
        let setup = Self::scaled(1);
        assert_eq!(setup.docs.len(), 240);
        setup
    }

    /// The corpus with `scale` times as many JSON Lines articles.
    fn scaled(scale: usize) -> Self {
        let root = tempfile::tempdir().unwrap();
        let (docs, files) = write_corpus(root.path(), scale);
        Self {
            root,
            cache: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
            docs,
            files,
        }
    }

    fn folder(&self) -> PathBuf {
        self.root.path().to_path_buf()
    }

    /// `COMMAND FOLDER ARGS…`, `line` split as a shell would (`'…'` quotes).
    fn run(&self, command: &str, line: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
            .arg(command)
            .arg(self.folder())
            .args(argv(line))
            .env("XDG_CACHE_HOME", self.cache.path())
            .env("XDG_DATA_HOME", self.data.path())
            .output()
            .expect("run corpus-explorer")
    }

    /// (stdout, stderr) of a `words` run that must succeed.
    fn words(&self, line: &str) -> (String, String) {
        let out = self.run("words", line);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "words {line}: {stderr}");
        (String::from_utf8(out.stdout).unwrap(), stderr)
    }

    /// The rows of `words … --format jsonl`.
    fn jsonl(&self, line: &str) -> Vec<Value> {
        let (stdout, _) = self.words(&format!("{line} --format jsonl"));
        stdout
            .lines()
            .map(|row| serde_json::from_str(row).unwrap())
            .collect()
    }

    /// Run `words` and compare its rows with the reference's; the expected rows.
    fn check(&self, line: &str) -> Vec<Value> {
        let args = argv(line);
        let ask = Ask::parse(&args);
        let n = ask.ngram.max(1);
        let (chosen, rest): (Vec<&Doc>, Vec<&Doc>) = self.docs.iter().partition(|d| ask.selects(d));
        assert!(!chosen.is_empty(), "{line}: the generated corpus has none");
        let mut expected = if ask.keyness {
            assert!(!rest.is_empty(), "{line}: the generated corpus has no rest");
            expected_keyness(&chosen, &rest, n)
        } else if let Some(node) = ask.node {
            let node = tokenize(node).pop().unwrap();
            expected_collocates(&chosen, &node, ask.window.unwrap_or((5, 5)))
        } else {
            expected_frequencies(&chosen, n)
        };
        expected.truncate(ask.limit.unwrap_or(usize::MAX));
        assert_rows(line, &self.jsonl(line), &expected);
        expected
    }

    /// `words` as TSV and as CSV: `header` (comma-separated), then the rows of JSON Lines.
    fn tables(&self, line: &str, header: &str) -> Vec<Value> {
        let rows = self.jsonl(line);
        let keys: Vec<&str> = header.split(',').collect();
        for (format, separator) in [("tsv", "\t"), ("csv", ",")] {
            let (out, _) = self.words(&format!("{line} --format {format}"));
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines[0], keys.join(separator), "{line} --format {format}");
            assert_eq!(lines.len(), rows.len() + 1, "{line} --format {format}");
            for (text, row) in lines[1..].iter().zip(&rows) {
                let cells = keys.iter().zip(text.split(separator));
                let same = cells.into_iter().all(|(key, cell)| match &row[key] {
                    Value::String(word) => word == cell,
                    number => close(number.as_f64().unwrap(), cell.parse().unwrap()),
                });
                assert!(same, "{line} --format {format}: {text} is not {row}");
            }
        }
        rows
    }

    /// A `words` run that must fail: its stderr.
    fn refused(&self, line: &str) -> String {
        let out = self.run("words", line);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!out.status.success(), "words {line} should fail");
        assert!(out.stdout.is_empty(), "words {line} printed rows");
        assert!(!stderr.trim().is_empty(), "words {line}: no message");
        stderr
    }
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

#[test]
fn frequency_lists_and_ngrams_match_the_reference() {
    let setup = Setup::new();
    let expected = setup.check("");
    assert!(expected.iter().any(|r| r["word"] == "zoe"), "accents fold");
    assert!(expected.iter().any(|r| r["word"] == "19"), "covid-19");
    for line in [
        "--from 2022-01-01",
        "--to 2020-12-31 --source 'Valley Herald'",
        "--from 2021-03-01 --to 2021-09-30",
        // The Source exactly: not "Valley Herald", not "The Courier"; or else the folder.
        "--source Herald",
        "--source courier",
        "--source archive/old",
        "--source wires",
        "harbour",
        "Zoë",
        "'ferry budget' --source wires",
        // N-grams, which never cross articles.
        "--ngram 3",
        "--to 2020-12-31 --source 'Valley Herald' --ngram 2",
        "harbour --ngram 3",
        "--source courier --ngram 3 --limit 40",
        "--ngram 5 --limit 50",
    ] {
        setup.check(line);
    }
    let bigrams = setup.check("--ngram 2");
    assert!(bigrams[..30].iter().any(|r| r["word"] == "interest rates"));
    // --limit, and the same rows as TSV and CSV with their header.
    let header = "word,count,articles,per_10k";
    for line in [
        "--limit 7",
        "--ngram 2 --limit 3",
        "--source Herald --ngram 3",
    ] {
        setup.check(line);
        setup.tables(line, header);
    }
    // No rows: the header alone.
    assert!(setup.tables("--limit 0", header).is_empty());
    assert!(setup.tables("zeppelin", header).is_empty());
    // The generator's assumption: the last three plain-text files have a derived title.
    let listed = String::from_utf8(setup.run("list", "--format jsonl").stdout).unwrap();
    let derived: Vec<Value> = listed
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|row| row["title_derived"] == true && row["format"] == "plain text")
        .map(|row| row["path"].clone())
        .collect();
    let expected = (17..20).map(|n| format!("wires/story-{n}.txt"));
    assert_eq!(derived, expected.collect::<Vec<_>>());
}

#[test]
fn a_first_run_counts_its_list_while_it_writes_the_store_and_gives_the_reference_rows() {
    // The first run on a folder (a cache of its own) counts its list as the store is written;
    // later runs count it from the store (the other tests).
    for line in [
        "",
        "harbour --ngram 2",
        "--source 'The Courier' --limit 30",
        "--ngram 4",
    ] {
        let setup = Setup::new();
        let (first, stderr) = setup.words(line);
        assert!(
            stderr.contains("counted the words of 240 articles"),
            "{line}: {stderr}"
        );
        // The plain-text articles were tokenized as the folder was scanned (not read twice).
        assert!(
            stderr.contains("of them as the folder was scanned"),
            "{line}: {stderr}"
        );
        let (later, stderr) = setup.words(line);
        assert!(!stderr.contains("counted"), "{line}: {stderr}");
        assert_eq!(first, later, "{line}");
        setup.check(line);
    }
}

#[test]
fn word_counts_of_large_selections_are_counted_on_every_core_alike() {
    // 8,820 articles: a selection of more than 8,192 has its word counts and collocates counted
    // in runs, one per core, and merged (n-grams are counted on one thread).
    let setup = Setup::scaled(40);
    assert_eq!(setup.docs.len(), 8820);
    setup.check("");
    setup.check("--keyness --from 2021-06-01 --limit 300");
    setup.check("--keyness --source 'The Courier'");
    setup.check("--ngram 2 --limit 200");
    setup.check("--collocates ferry");
    setup.check("--collocates council --window 2,3 --from 2021-01-01");
}

#[test]
fn keyness_matches_the_reference_and_bad_arguments_are_refused() {
    let setup = Setup::new();
    for line in [
        // Undated articles are not selected by dates: they are in the rest.
        "--keyness --from 2021-01-01 --to 2021-12-31",
        "--keyness --source 'Valley Herald'",
        "--keyness ferry",
        "--keyness --source 'The Courier' --ngram 2",
        "--keyness --from 2022-01-01 --source wires",
        "--keyness --to 2020-12-31 Zoë --ngram 3",
    ] {
        let expected = setup.check(line);
        assert!(expected[0]["g2"].as_f64() > Some(0.0));
        assert!(expected.last().unwrap()["g2"].as_f64() < Some(0.0));
    }
    // The Herald leans to the harbour: its first keyword is one of those words.
    let expected = setup.check("--source 'Valley Herald' --keyness --limit 3");
    let harbour = TOPICS[0].to_lowercase();
    let top = expected[0]["word"].as_str().unwrap();
    assert!(harbour.split_whitespace().any(|w| w == top), "{top}");
    // TSV and CSV.
    let header = "word,count,count_rest,g2,log_ratio";
    setup.tables("--source 'Daily Wire' --keyness --limit 30", header);
    // Nothing to compare with: everything selected, or nothing.
    let stderr = setup.refused("--keyness");
    assert!(stderr.contains("the rest has no words"), "{stderr}");
    let stderr = setup.refused("--keyness --source Nobody");
    assert!(stderr.contains("no words"), "{stderr}");
    // Bad arguments.
    for line in [
        "--ngram 6",
        "--ngram 0",
        "--collocates harbour --window 5,x",
        "--window 2,2",
        "--collocates harbour --keyness --from 2021-01-01",
        "--collocates harbour --ngram 2",
        "--collocates 'harbour some' --to 2021-01-01",
        "--from 2021-13-01",
        "--from 2022-01-01 --to 2021-01-01",
        "--format xml",
    ] {
        setup.refused(line);
    }
    let stderr = setup.refused("--collocates harbour --window 5");
    assert!(stderr.contains("L,R"), "{stderr}");
}

#[test]
fn collocates_match_the_reference() {
    let setup = Setup::new();
    for line in [
        "--collocates harbour",
        "--collocates ferry --window 2,0",
        "--collocates interest --window 0,3",
        // The node as typed: accents and case fold.
        "--collocates Zoë --window 1,1",
        "--collocates council --from 2021-01-01 --source 'The Courier'",
        "--collocates the --window 3,1 island",
        "--collocates harbour --window 0,2 --to 2021-06-30 --source wires",
    ] {
        assert!(setup.check(line).len() > 10, "{line}: a real list");
    }
    setup.check("--collocates NATO --window 0,0");
    // The node itself counts when another occurrence is in the window.
    let expected = setup.check("--collocates THE");
    assert!(expected.iter().any(|r| r["word"] == "the"));
    // TSV and CSV; a word the folder does not have: exit 0, the header alone.
    let header = "word,count,freq,mi,log_dice";
    setup.tables("--collocates harbour --window 2,2 --limit 30", header);
    assert!(setup.tables("--collocates zeppelin", header).is_empty());
}

#[test]
fn the_store_is_reused_and_follows_changed_files() {
    let mut setup = Setup::new();
    let runs = [
        "",
        "--ngram 2",
        "--source 'The Courier' --keyness",
        "--collocates council --window 2,2",
    ];
    let mut first = Vec::new();
    for (n, line) in runs.iter().enumerate() {
        let (stdout, stderr) = setup.words(line);
        let counted = stderr.contains("counted the words of 240 articles (0 kept from before)");
        assert!(counted == (n == 0), "{line}: {stderr}");
        first.push(stdout);
    }
    for (line, before) in runs.iter().zip(&first) {
        let (stdout, stderr) = setup.words(line);
        assert_eq!(&stdout, before, "{line}: a second run differs");
        assert!(!stderr.contains("counted"), "{line}: {stderr}");
    }
    // Change one article's text and add one to the Courier's file; delete a plain-text file
    // and write another.
    let file = "courier/feed.jsonl";
    let mut rng = Rng(7);
    let changed = format!(
        "The zeppelin flew over the city council. {} The zeppelin landed, and staff cheered.",
        text(&mut rng, 1, 40)
    );
    let at = setup.docs.iter().position(|d| d.file == file).unwrap();
    let lines = setup.files.get_mut(file).unwrap();
    let title = lines[0]["title"].as_str().map(tokenize).unwrap_or_default();
    setup.docs[at].tokens = [title, tokenize(&changed)].concat();
    lines[0]["text"] = json!(changed);
    let (mut added, mut value) = json_article(&mut rng, file, Some("The Courier"), 1, Style::Plain);
    value["title"] = json!("Zeppelin Returns To The Council");
    let text = value["text"].as_str().unwrap();
    added.tokens = tokenize(&format!("Zeppelin Returns To The Council {text}"));
    setup.docs.push(added);
    lines.push(value);
    let root = setup.folder();
    let before = fs::metadata(root.join(file)).unwrap().len();
    write_jsonl(&root, file, &setup.files[file]);
    assert_ne!(fs::metadata(root.join(file)).unwrap().len(), before);
    fs::remove_file(root.join("wires/story-05.txt")).unwrap();
    setup.docs.retain(|d| d.file != "wires/story-05.txt");
    let new = text_file(&mut rng, &root, "wires/story-99.txt", false);
    setup.docs.push(new);

    // This run writes the store anew and counts its list as it writes (the sequences kept
    // from before among it); a later run reads it from the store: the same rows.
    let (written, stderr) = setup.words("");
    // "counted the words of N articles (K kept from before)": at least the articles of the files
    // left alone are kept (179: 240 less the Courier's 60 and the deleted file's one).
    let line = stderr
        .lines()
        .find(|l| l.contains("counted the words"))
        .unwrap();
    let kept: usize = line.split(['(', ' ']).nth(7).unwrap().parse().unwrap();
    let counted = format!("counted the words of {} articles", 241 - kept);
    assert!(kept >= 179 && line.starts_with(&counted), "{line}");
    let expected = setup.check("");
    assert!(expected.iter().any(|r| r["word"] == "zeppelin"));
    assert_eq!(setup.words("").0, written);
    for line in [
        "--ngram 2",
        "--source 'The Courier' --keyness",
        "--source wires --keyness --ngram 2",
        "--collocates zeppelin",
        "--collocates council --window 2,2",
    ] {
        setup.check(line);
    }
    // The query finds the new word too.
    let expected = setup.check("zeppelin");
    let zeppelin = expected.iter().find(|r| r["word"] == "zeppelin").unwrap();
    assert_eq!(zeppelin["articles"], 2, "in two articles");
    // And the next run reuses everything.
    let (_, stderr) = setup.words("--limit 1");
    assert!(!stderr.contains("counted"), "{stderr}");
}
