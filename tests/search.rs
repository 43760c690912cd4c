//! Search: the index's results checked against the matcher run over every article (a
//! brute-force reference), incremental re-indexing, a damaged index, and the `search` command.

// Tests fail loudly by design; a test reads as one story (its steps in order, with what each
// checks), so the length limit on functions is for the program's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use corpus_explorer::corpus::{Corpus, DEFAULT_BODY_MAX_BYTES, load_body, scan_folder};
use corpus_explorer::search::index::{article_key, key_hash};
use corpus_explorer::search::{Matcher, SearchIndex, parse};

const WORDS: &[&str] = &[
    "bridge",
    "jury",
    "Félix",
    "felix",
    "harbour",
    "U.S.",
    "cartel",
    "escape",
    "astrolabe",
    "astronomy",
    "verdict",
    "quota",
    "Åberg",
    "23-hour-a-day",
    "storm",
    "court",
    "ferry",
];

/// A small pseudo-random generator (the same corpus every run).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

fn generate(root: &Path, n: usize) {
    let mut rng = Rng(7);
    for i in 0..n {
        let mut text = String::new();
        let title: Vec<&str> = (0..3).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        text.push_str(&title.join(" "));
        text.push_str("\n\n");
        for w in 0..40 {
            text.push_str(WORDS[rng.below(WORDS.len())]);
            // Line breaks inside phrases, and punctuation.
            text.push_str(match w % 9 {
                3 => "\n",
                5 => ", ",
                8 => ".\n\n",
                _ => " ",
            });
        }
        let path = root.join(format!("outlet-{}/{i:04}.txt", i % 3));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn brute_force(corpus: &Corpus, query: &str) -> BTreeSet<String> {
    let mut matcher = Matcher::new(parse(query).unwrap());
    corpus
        .articles
        .iter()
        .filter(|a| {
            let body = load_body(&corpus.root, a, DEFAULT_BODY_MAX_BYTES).unwrap();
            matcher.run(&a.title, &body.text).is_some()
        })
        .map(article_key)
        .collect()
}

/// The keys of the articles of `corpus` the index finds.
fn indexed_in(index: &SearchIndex, corpus: &Corpus, query: &str) -> BTreeSet<String> {
    let found = index.search(&parse(query).unwrap()).unwrap();
    let hashes: BTreeSet<u64> = found.iter().copied().collect();
    assert_eq!(hashes.len(), found.len(), "each article once");
    corpus
        .articles
        .iter()
        .map(article_key)
        .filter(|k| hashes.contains(&key_hash(k)))
        .collect()
}

fn update(index: &mut SearchIndex, corpus: &Corpus) -> corpus_explorer::search::UpdateStats {
    index
        .update(
            &corpus.root,
            &corpus.articles,
            &AtomicBool::new(false),
            &mut |_, _| {},
        )
        .unwrap()
}

#[test]
fn the_index_finds_exactly_what_the_reference_finds() {
    let folder = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    generate(folder.path(), 240);
    let corpus = scan_folder(folder.path()).unwrap();
    let mut index = SearchIndex::open(&cache.path().join("index")).unwrap();
    let stats = update(&mut index, &corpus);
    assert_eq!(stats.indexed, 240);
    for query in [
        "bridge",
        "JURY verdict",
        "felix",
        "Félix storm",
        "aberg",
        "U.S.",
        "\"u.s. cartel\"",
        "23-hour-a-day",
        "\"harbour court\"",
        "\"escape\nferry\"",
        "astro*",
        "astron*",
        "title:quota",
        "title:\"bridge jury\"",
        "bridge OR ferry",
        "(bridge OR ferry) -storm",
        "quota -verdict -storm",
        "verdict title:cartel",
    ] {
        let expected = brute_force(&corpus, query);
        let found = indexed_in(&index, &corpus, query);
        assert_eq!(found, expected, "query {query:?}");
        assert!(
            !found.is_empty() || query.contains('-'),
            "query {query:?} should find something in this corpus"
        );
    }
}

#[test]
fn reopening_reindexes_only_what_changed_and_a_damaged_index_is_rebuilt() {
    let folder = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path().join("index");
    generate(folder.path(), 30);
    let corpus = scan_folder(folder.path()).unwrap();
    let mut index = SearchIndex::open(&dir).unwrap();
    assert!(index.created);
    assert_eq!(update(&mut index, &corpus).indexed, 30);
    drop(index);

    // Change one file (new size), remove one, add one.
    fs::write(
        folder.path().join("outlet-0/0000.txt"),
        "Changed\n\nA zeppelin landed.",
    )
    .unwrap();
    fs::remove_file(folder.path().join("outlet-1/0001.txt")).unwrap();
    fs::write(
        folder.path().join("outlet-2/new.txt"),
        "New\n\nAnother zeppelin.",
    )
    .unwrap();
    let corpus = scan_folder(folder.path()).unwrap();
    let mut index = SearchIndex::open(&dir).unwrap();
    assert!(!index.created);
    let stats = update(&mut index, &corpus);
    assert_eq!((stats.indexed, stats.removed, stats.unchanged), (2, 2, 28));
    assert_eq!(index.len(), 30);
    assert_eq!(index.search(&parse("zeppelin").unwrap()).unwrap().len(), 2);
    assert!(indexed_in(&index, &corpus, "zeppelin").contains("outlet-0/0000.txt"));
    drop(index);

    // A damaged index: rebuilt, not fatal.
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            fs::write(&path, "{ not json").unwrap();
        }
    }
    let mut index = SearchIndex::open(&dir).unwrap();
    assert!(index.created);
    assert_eq!(update(&mut index, &corpus).indexed, 30);
    assert_eq!(indexed_in(&index, &corpus, "zeppelin").len(), 2);
}

#[test]
fn the_search_command_prints_hits_and_concordance_lines() {
    let folder = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    fs::write(
        folder.path().join("a.txt"),
        "Bridge Verdict\n\nThe jury said the bridge\ncollapsed. Félix agreed.",
    )
    .unwrap();
    fs::write(
        folder.path().join("b.txt"),
        "Quota Deal\n\nNothing about it.",
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
            .arg("search")
            .arg(folder.path())
            .args(args)
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap()
    };
    let out = run(&["bridge", "--format", "jsonl"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["path"], "a.txt");
    assert_eq!(rows[0]["hits"], 2);

    let out = run(&["felix", "--kwic", "--format", "jsonl"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let row: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(row["hit"], "Félix");
    assert_eq!(row["left"], "The jury said the bridge collapsed. ");

    let out = run(&["zeppelin"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "no match: no output");

    let out = run(&["\"unclosed"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("quotation mark"), "{err}");
    // The index went to the cache, not into the folder.
    let names: Vec<_> = fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2);
}

/// In a hard-wrapped export the reader's text has its lines joined; a phrase that ran across a
/// line break is found there, its hit covers exactly its words, and the concordance shows it
/// with its context on one line.
#[test]
fn a_phrase_across_a_wrapped_line_is_found_on_its_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lexis");
    let raw = fs::read_to_string(root.join("lexisnexis-de.txt")).unwrap();
    assert!(
        raw.contains("stuften den\nStahlfachwerkbau"),
        "the file wraps there"
    );
    let corpus = scan_folder(&root).unwrap();
    let query = parse("\"den stahlfachwerkbau\"").unwrap();
    let results = corpus_explorer::search::search_corpus(
        &corpus.root,
        &corpus.articles,
        None,
        &query,
        &|| false,
        &mut |_| {},
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(results.matched, 1);
    let id = results.counts.iter().position(|&c| c > 0).unwrap();
    let article = &corpus.articles[id];
    let body = load_body(&corpus.root, article, DEFAULT_BODY_MAX_BYTES).unwrap();
    let hits = Matcher::new(query).run(&article.title, &body.text).unwrap();
    let words: Vec<&str> = hits.body.iter().map(|r| &body.text[r.clone()]).collect();
    assert_eq!(words, ["den Stahlfachwerkbau"]);
    let line = &results.lines[0];
    assert_eq!(line.text.as_ref(), "den Stahlfachwerkbau");
    assert!(
        line.left.ends_with("Die Prüfer stuften "),
        "{:?}",
        line.left
    );
    assert!(
        line.right.starts_with(" aus dem Jahr 1962"),
        "{:?}",
        line.right
    );
}

/// Every hit of `query` in the articles of `corpus`, as the text it covers.
fn hit_texts(corpus: &Corpus, query: &str) -> Vec<String> {
    let mut out = Vec::new();
    for article in corpus.articles.iter() {
        let body = load_body(&corpus.root, article, DEFAULT_BODY_MAX_BYTES).unwrap();
        if let Some(hits) = Matcher::new(parse(query).unwrap()).run(&article.title, &body.text) {
            out.extend(
                hits.title
                    .iter()
                    .map(|r| article.title[r.clone()].to_owned()),
            );
            out.extend(hits.body.iter().map(|r| body.text[r.clone()].to_owned()));
        }
    }
    out
}

#[test]
fn chinese_japanese_and_korean_words_are_found_inside_runs_of_characters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cjk");
    let corpus = scan_folder(&root).unwrap();
    assert_eq!(corpus.articles.len(), 3);
    let cache = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open(&cache.path().join("index")).unwrap();
    update(&mut index, &corpus);
    for (query, files) in [
        // Inside a run, with no space around: two, three and four characters.
        ("记录就是", &["harbour-museum-zh.txt"][..]),
        ("被盗", &["harbour-museum-zh.txt"]),
        ("\"被盗的文物\"", &["harbour-museum-zh.txt"]),
        ("冬ダイヤ", &["ferry-timetable-ja.txt"]),
        ("マーガレット", &["ferry-timetable-ja.txt"]),
        ("박물관", &["port-ko.txt"]),
        ("title:博物馆", &["harbour-museum-zh.txt"]),
        (
            "title:冬ダイヤ OR title:박물관",
            &["ferry-timetable-ja.txt", "port-ko.txt"],
        ),
        ("博物馆 -记录", &[]),
        // Characters that do not stand next to each other anywhere.
        ("记就", &[]),
    ] {
        let wanted: BTreeSet<String> = files.iter().map(|f| (*f).to_owned()).collect();
        assert_eq!(brute_force(&corpus, query), wanted, "reference: {query}");
        assert_eq!(indexed_in(&index, &corpus, query), wanted, "index: {query}");
    }
    // Hits cover exactly the characters asked for, in the title and the text.
    assert_eq!(hit_texts(&corpus, "记录就是"), ["记录就是"]);
    assert_eq!(hit_texts(&corpus, "被盗"), ["被盗", "被盗", "被盗"]);
    assert_eq!(hit_texts(&corpus, "冬ダイヤ"), ["冬ダイヤ", "冬ダイヤ"]);
    // The concordance shows the characters with their context.
    let results = corpus_explorer::search::search_corpus(
        &corpus.root,
        &corpus.articles,
        Some(&index),
        &parse("记录就是").unwrap(),
        &|| false,
        &mut |_| {},
        &mut |_, _| {},
    )
    .unwrap();
    let line = &results.lines[0];
    assert_eq!(line.text.as_ref(), "记录就是");
    assert!(line.left.ends_with("她说：\""), "{:?}", line.left);
    assert!(line.right.starts_with("保护。"), "{:?}", line.right);
    // One character finds the character only where it stands alone (README says so): `港` is
    // inside runs everywhere here.
    assert!(brute_force(&corpus, "港").is_empty());
}
