//! Time what the timeline's query series cost once the index is ready: matching the index's
//! documents with the articles (once per index and corpus), then for 8 queries their matching
//! articles and their counts per month over the whole folder (what the window does when a
//! series is added or the filters change). Median of repeated runs.
//!
//! ```sh
//! cargo run --release --example trends_timing -- DIR [QUERY …]
//! ```
//! The folder is opened through its catalog and its index brought up to date first (the first
//! run on a folder builds both), in the user's cache directory as the app's are; set
//! `XDG_CACHE_HOME` to keep them elsewhere.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::Datelike as _;
use corpus_explorer::analysis::trends::Trends;
use corpus_explorer::corpus::catalog::{Use, default_path_for, open_folder};
use corpus_explorer::corpus::timeline::Period;
use corpus_explorer::corpus::{ArticleId, IdSet, ScanOptions, SortKeys};
use corpus_explorer::search::{ArticleLookup, Delta, SearchIndex, default_index_dir, parse};

/// Runs of each measurement; the median is printed.
const RUNS: usize = 7;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = std::path::PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: trends_timing DIR [QUERY …]"))?,
    );
    let mut texts: Vec<String> = args.collect();
    if texts.is_empty() {
        // Words of the generated corpus, from the rarest to words in nearly every article.
        texts = [
            "grosko",
            "varsol",
            "hatmomzouck",
            "satsundstack",
            "tean",
            "\"has shenkeat\"",
            "would",
            "said",
        ]
        .map(String::from)
        .to_vec();
    }
    let queries = texts
        .iter()
        .map(|t| parse(t).map_err(|e| anyhow::anyhow!("{t}: {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;

    let (opened, index) = open_with_index(&folder)?;
    let articles = &opened.refresh.corpus.articles;
    let keys = SortKeys::build(articles);
    let day_of = |id: ArticleId| keys.dated_day(id);
    let all = IdSet::full(articles.len());
    let span = keys.dates.span;

    let mut lookup_times = Vec::new();
    let mut lookup = None;
    for _ in 0..3 {
        let started = Instant::now();
        lookup = Some(ArticleLookup::new(&index, articles)?);
        lookup_times.push(started.elapsed());
    }
    let lookup = lookup.ok_or_else(|| anyhow::anyhow!("no lookup"))?;
    println!(
        "documents matched with articles (once per index and corpus): {:.1} ms",
        median(lookup_times).as_secs_f64() * 1e3
    );

    let mut match_times = Vec::new();
    let mut count_times = Vec::new();
    let mut matched = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        matched = queries
            .iter()
            .map(|q| lookup.matching(&index, q))
            .collect::<Result<Vec<_>, _>>()?;
        let found = started.elapsed();
        let refs: Vec<&IdSet> = matched.iter().collect();
        let trends = Trends::count(Period::Month, span, &all, &refs, &day_of);
        std::hint::black_box(&trends);
        count_times.push(started.elapsed() - found);
        match_times.push(found);
    }
    let (found, counted) = (median(match_times), median(count_times));
    for (text, set) in texts.iter().zip(&matched) {
        println!("  {text}: {} articles", set.len());
    }
    println!(
        "{} queries by month over {} articles: {:.1} ms ({:.1} ms finding their articles, {:.1} ms counting)",
        queries.len(),
        articles.len(),
        (found + counted).as_secs_f64() * 1e3,
        found.as_secs_f64() * 1e3,
        counted.as_secs_f64() * 1e3
    );
    let dated = articles.iter().filter(|a| a.date.is_some()).count();
    let first = articles.iter().filter_map(|a| a.date).min();
    println!("({dated} dated; first {:?})", first.map(|d| d.year()));
    Ok(())
}

/// The folder through its catalog, and its index brought up to date.
fn open_with_index(
    folder: &std::path::Path,
) -> anyhow::Result<(corpus_explorer::corpus::catalog::Opened, SearchIndex)> {
    let started = Instant::now();
    let catalog = default_path_for(folder);
    let opened = open_folder(
        folder,
        catalog.as_deref(),
        Use::Catalog,
        ScanOptions::default(),
        &|_, _| {},
    )?;
    let corpus = &opened.refresh.corpus;
    let articles = &corpus.articles;
    println!(
        "opened {} articles in {:.2} s",
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    let dir = default_index_dir(&corpus.root).ok_or_else(|| anyhow::anyhow!("no cache dir"))?;
    let started = Instant::now();
    let mut index = SearchIndex::open(&dir)?;
    let delta = Delta {
        previous_generation: opened.refresh.previous_generation,
        generation: opened.generation,
        stale: &opened.refresh.stale,
        fresh_paths: &opened.refresh.fresh_paths,
    };
    let stats = index.update_from(
        &corpus.root,
        articles,
        &delta,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )?;
    println!(
        "index ready in {:.2} s ({} indexed, {} unchanged)",
        started.elapsed().as_secs_f64(),
        stats.indexed,
        stats.unchanged
    );
    Ok((opened, index))
}
