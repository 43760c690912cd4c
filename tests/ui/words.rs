//! The Words tab: its lists follow the table's selection (dates, search), every mode against a
//! brute-force count of the same text, a click on a word searches for it, the columns sort,
//! and the list exports.

use super::*;
use corpus_explorer::app::{CentralTab, StoreState, WordsMode, WordsRows, WordsSettings};
use std::collections::BTreeMap;

/// Six articles: a headline, a date, a text of simple words.
const STORIES: [(&str, &str, &str); 6] = [
    (
        "Ferry Fares Rise",
        "2023-01-10",
        "The harbour ferry fares rise again. The ferry board said fares rise in spring.",
    ),
    (
        "Harbour Wall Mended",
        "2023-02-11",
        "Workers mended the harbour wall. The wall held in the storm.",
    ),
    (
        "Storm Closes Ferry",
        "2023-03-12",
        "A storm closed the ferry for two days. The harbour master said the storm passed.",
    ),
    (
        "School Roof Fixed",
        "2024-04-13",
        "The school roof was fixed before the term began.",
    ),
    (
        "Council Votes on Budget",
        "2024-05-14",
        "The council voted on the budget. The budget funds the school and the harbour.",
    ),
    (
        "Market Day Returns",
        "2024-06-15",
        "Market day returns to the harbour square with fish and bread.",
    ),
];

/// The stories as one news-please JSON Lines feed.
fn stories_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = STORIES
        .iter()
        .map(|(title, date, text)| {
            serde_json::json!({"title": title, "date_publish": date, "maintext": text}).to_string()
        })
        .collect();
    std::fs::write(dir.path().join("feed.jsonl"), lines.join("\n") + "\n").unwrap();
    dir
}

/// The tokens of story `i` as the analyzer makes them (these texts need no more than this):
/// title, then text.
fn tokens_of(i: usize) -> Vec<String> {
    let (title, _, text) = STORIES[i];
    format!("{title} {text}")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Word counts of the stories `which`, by brute force.
fn brute_counts(which: &[usize]) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for &i in which {
        for token in tokens_of(i) {
            *counts.entry(token).or_default() += 1;
        }
    }
    counts
}

/// Step until the Words tab has its list for the articles shown.
fn settle_words(h: &mut Harness<'static, CorpusWindow>) {
    let started = Instant::now();
    loop {
        h.step();
        let words = &h.state().state().words;
        let ready = matches!(words.store, StoreState::Ready { .. });
        if ready && !words.running && words.result.is_some() && !h.state().app().words_stale() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the word list did not come: {:?}",
            words.store
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(2);
}

/// The list's rows as (word, count).
fn word_counts(h: &Harness<'static, CorpusWindow>) -> BTreeMap<String, u64> {
    match &h.state().state().words.result.as_ref().unwrap().rows {
        WordsRows::Frequency(rows) => rows.iter().map(|r| (r.word.clone(), r.count)).collect(),
        other => panic!("not a frequency list: {other:?}"),
    }
}

fn open_words_tab(h: &mut Harness<'static, CorpusWindow>) {
    // The tab comes before the table's "Words" column header.
    h.get_all_by_label("Words").next().unwrap().click();
    h.step();
    assert_eq!(h.state().state().tab, CentralTab::Words);
    settle_words(h);
}

fn set_words(h: &mut Harness<'static, CorpusWindow>, settings: WordsSettings) {
    h.state_mut()
        .app_mut()
        .push(Command::SetWordsSettings(settings));
    settle_words(h);
}

#[test]
fn the_word_list_follows_the_dates_and_the_search_and_a_click_searches() {
    let folder = stories_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    open_words_tab(&mut h);
    assert_eq!(word_counts(&h), brute_counts(&[0, 1, 2, 3, 4, 5]));
    let result = h.state().state().words.result.clone().unwrap();
    assert_eq!(result.articles, 6);
    assert_eq!(
        result.tokens,
        brute_counts(&[0, 1, 2, 3, 4, 5]).values().sum::<u64>()
    );
    // The most frequent first: "the" leads; per 10,000 tokens is its share.
    let WordsRows::Frequency(rows) = &result.rows else {
        unreachable!()
    };
    assert_eq!(rows[0].word, "the");
    let expected = rows[0].count as f64 * 10_000.0 / result.tokens as f64;
    assert!((rows[0].per_10k - expected).abs() < 1e-9);
    h.get_by_label_contains("6 articles ·");

    // 2024 only.
    h.state_mut()
        .app_mut()
        .push(Command::SetFilter(corpus_explorer::corpus::DateFilter {
            from: NaiveDate::from_ymd_opt(2024, 1, 1),
            to: None,
            include_undated: false,
        }));
    settle_words(&mut h);
    assert_eq!(word_counts(&h), brute_counts(&[3, 4, 5]));
    h.state_mut().app_mut().push(Command::SetFilter(
        corpus_explorer::corpus::DateFilter::default(),
    ));
    settle_words(&mut h);

    // A search narrows the list to its articles; the tab stays.
    search_for(&mut h, "ferry");
    settle_words(&mut h);
    assert_eq!(word_counts(&h), brute_counts(&[0, 2]));
    assert_eq!(h.state().state().tab, CentralTab::Words);

    // A click on a word searches for it and shows its concordance.
    h.get_by_label("storm").click();
    h.run_steps(2);
    settle(&mut h);
    let app = h.state().state();
    assert_eq!(app.search.query_text, "storm");
    assert_eq!(app.tab, CentralTab::Concordance);
    assert_eq!(titles(app).len(), 2, "{:?}", titles(app));
}

#[test]
fn ngrams_collocates_and_keyness_against_brute_force() {
    let folder = stories_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    open_words_tab(&mut h);

    // Bigrams, through the mode's button.
    h.get_by_label("N-grams").click();
    h.step();
    settle_words(&mut h);
    let mut bigrams: BTreeMap<String, u64> = BTreeMap::new();
    for i in 0..STORIES.len() {
        for pair in tokens_of(i).windows(2) {
            *bigrams.entry(pair.join(" ")).or_default() += 1;
        }
    }
    assert_eq!(word_counts(&h), bigrams);

    // Collocates of "harbour", two tokens each side.
    let collocates = WordsSettings {
        mode: WordsMode::Collocates,
        node: "Harbour".to_owned(),
        window: (2, 2),
        ..WordsSettings::default()
    };
    set_words(&mut h, collocates);
    let mut near: BTreeMap<String, u64> = BTreeMap::new();
    let mut f_node = 0;
    for i in 0..STORIES.len() {
        let tokens = tokens_of(i);
        for (at, token) in tokens.iter().enumerate() {
            if token != "harbour" {
                continue;
            }
            f_node += 1;
            for (other, word) in tokens.iter().enumerate() {
                if other != at && other + 2 >= at && other <= at + 2 {
                    *near.entry(word.clone()).or_default() += 1;
                }
            }
        }
    }
    let all = brute_counts(&[0, 1, 2, 3, 4, 5]);
    let n: u64 = all.values().sum();
    let result = h.state().state().words.result.clone().unwrap();
    let WordsRows::Collocates(rows) = &result.rows else {
        panic!("{:?}", result.rows)
    };
    let got: BTreeMap<String, u64> = rows.iter().map(|r| (r.word.clone(), r.count)).collect();
    assert_eq!(got, near);
    for row in rows {
        let freq = all[&row.word];
        assert_eq!(row.freq, freq);
        let mi = ((row.count * n) as f64 / (f_node * freq) as f64).log2();
        assert!((row.mi - mi).abs() < 1e-9);
        let dice = 14.0 + (2.0 * row.count as f64 / (f_node + freq) as f64).log2();
        assert!((row.log_dice - dice).abs() < 1e-9);
    }

    // Keyness of 2023 against the rest.
    set_words(
        &mut h,
        WordsSettings {
            mode: WordsMode::Keyness,
            ..WordsSettings::default()
        },
    );
    h.state_mut()
        .app_mut()
        .push(Command::SetFilter(corpus_explorer::corpus::DateFilter {
            from: None,
            to: NaiveDate::from_ymd_opt(2023, 12, 31),
            include_undated: false,
        }));
    settle_words(&mut h);
    let (chosen, rest) = (brute_counts(&[0, 1, 2]), brute_counts(&[3, 4, 5]));
    let (c, d) = (
        chosen.values().sum::<u64>() as f64,
        rest.values().sum::<u64>() as f64,
    );
    let result = h.state().state().words.result.clone().unwrap();
    let WordsRows::Keyness(rows) = &result.rows else {
        panic!("{:?}", result.rows)
    };
    let words: std::collections::BTreeSet<&String> = chosen.keys().chain(rest.keys()).collect();
    assert_eq!(
        rows.len(),
        words.len(),
        "every word of either side: {} articles, {} tokens, against {:?}",
        result.articles,
        result.tokens,
        result.reference
    );
    assert_eq!(rows[0].word, "ferry", "the most over-represented first");
    for row in rows {
        let a = chosen.get(&row.word).copied().unwrap_or(0) as f64;
        let b = rest.get(&row.word).copied().unwrap_or(0) as f64;
        let (e1, e2) = (c * (a + b) / (c + d), d * (a + b) / (c + d));
        let part = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
        let g2 = 2.0 * (part(a, e1) + part(b, e2));
        let g2 = if a / c < b / d { -g2 } else { g2 };
        assert!((row.g2 - g2).abs() < 1e-9, "{row:?}");
        let half = |x: f64| if x == 0.0 { 0.5 } else { x };
        assert!((row.log_ratio - ((half(a) / c) / (half(b) / d)).log2()).abs() < 1e-9);
    }
    assert!(rows.windows(2).all(|w| w[0].g2 >= w[1].g2), "by G2");

    // Against the whole folder: the reference counts every article.
    h.get_by_label("the whole folder").click();
    h.step();
    settle_words(&mut h);
    let result = h.state().state().words.result.clone().unwrap();
    assert_eq!(result.reference.unwrap().0, 6);
}

#[test]
fn stopwords_sorting_and_export() {
    let folder = stories_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    open_words_tab(&mut h);
    h.get_by_label("Leave out stopwords").click();
    h.step();
    settle_words(&mut h);
    let counts = word_counts(&h);
    assert!(!counts.contains_key("the") && !counts.contains_key("and"));
    assert_eq!(
        counts["harbour"],
        brute_counts(&[0, 1, 2, 3, 4, 5])["harbour"]
    );

    // Sort by word, then the other way.
    h.get_by_label("word").click();
    h.step();
    let words = |h: &Harness<'static, CorpusWindow>| -> Vec<String> {
        let rows = &h.state().state().words.result.as_ref().unwrap().rows;
        (0..rows.len())
            .map(|i| rows.word(i).unwrap().to_owned())
            .collect()
    };
    let ascending = words(&h);
    let mut sorted = ascending.clone();
    sorted.sort();
    assert_eq!(ascending, sorted);
    h.get_by_label("word").click();
    h.step();
    let descending = words(&h);
    assert_eq!(descending.first(), ascending.last());

    snapshot(&mut h, "words_tab");

    // Export as shown.
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("words.csv");
    h.state_mut()
        .app_mut()
        .push(Command::ExportWordsTo(path.clone()));
    let started = Instant::now();
    while !path.exists() || h.state().state().notice.is_none() {
        assert!(started.elapsed() < Duration::from_secs(20), "no export");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("word,count,articles,per_10k"));
    let first_words: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(first_words, descending);
}
