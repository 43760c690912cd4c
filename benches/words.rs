//! Word statistics over 100,000 generated articles (the synthetic corpus of `make_corpus`,
//! written to a temporary folder): the token store built once, then what the Words tab's thread
//! does when the selection changes: keyness of one year against the rest (the year's counts,
//! the folder's counts less them, G2 and Log Ratio of every word), the whole folder's
//! frequency list, a year's bigrams, and the collocates of a frequent word.
//!
//! Run: `cargo bench --bench words`. Target: keyness of a newly brushed year against the rest
//! within 1 s once the token store is kept. The store's build time and size are printed.

// A benchmark fails loudly when its setup fails.
#![allow(clippy::expect_used)]

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::Datelike as _;
use corpus_explorer::analysis::{
    Collocates, Frequencies, Reading, TermStore, frequency_list, keyness_rows,
};
use corpus_explorer::corpus::catalog::{Use, open_folder};
use corpus_explorer::corpus::{ArticleId, ScanOptions};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/corpus_gen.rs"]
#[allow(dead_code)]
mod corpus_gen;

const ARTICLES: u64 = 100_000;

fn bench_words(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("corpus");
    corpus_gen::generate(&root, ARTICLES, 1, 0).expect("generate the corpus");
    let opened = open_folder(&root, None, Use::Rescan, ScanOptions::default(), &|_, _| {})
        .expect("scan the corpus");
    let articles = &opened.refresh.corpus.articles;
    let cancel = AtomicBool::new(false);
    let path = dir.path().join("corpus.terms");
    let started = Instant::now();
    let (store, _) = TermStore::open(&path, &root, articles, &cancel, &mut |_, _| {})
        .expect("build the token store");
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "token store of {} articles: built in {:.1} s, {:.1} MB on disk ({:.0} bytes an article), {} distinct tokens",
        articles.len(),
        started.elapsed().as_secs_f64(),
        size as f64 / 1e6,
        size as f64 / articles.len() as f64,
        store.vocabulary_len()
    );
    let reading = Reading::cancelled_by(&cancel);
    let all = corpus_explorer::analysis::words::every_article(&store);
    let year: Vec<ArticleId> = all
        .iter()
        .copied()
        .filter(|&id| articles[id as usize].date.is_some_and(|d| d.year() == 2015))
        .collect();
    let keep = |_: &corpus_explorer::analysis::Gram| true;
    // The folder's counts: once, when the tab first shows keyness.
    let total = Frequencies::count(&store, &all, 1, reading).expect("count all");
    let mut group = c.benchmark_group("words");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("keyness_of_a_year_against_the_rest_100k", |b| {
        b.iter(|| {
            let chosen = Frequencies::count(&store, &year, 1, reading).expect("count");
            let rest = total.minus(&chosen);
            keyness_rows(&store, &chosen, &rest, (&keep, 1), usize::MAX).len()
        });
    });
    group.bench_function("frequency_list_of_everything_100k", |b| {
        b.iter(|| {
            let list = frequency_list(&store, &all, 1, (&keep, 1), usize::MAX, reading);
            list.expect("count").rows.len()
        });
    });
    group.bench_function("bigrams_of_a_year_100k", |b| {
        b.iter(|| {
            let list = frequency_list(&store, &year, 2, (&keep, 1), usize::MAX, reading);
            list.expect("count").rows.len()
        });
    });
    let node = store.id_of("said").expect("a frequent word");
    group.bench_function("collocates_of_said_100k", |b| {
        b.iter(|| {
            let found = Collocates::count(&store, &all, node, (5, 5), reading).expect("collocates");
            found.rows(&store, &keep, 1).len()
        });
    });
    group.finish();
}

criterion_group!(benches, bench_words);
criterion_main!(benches);
