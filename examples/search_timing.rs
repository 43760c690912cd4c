//! Time the search engine on a folder: first-time indexing (against the plain scan), reopening
//! an indexed folder, and queries (median of repeated runs, the complete result set each time).
//! Then what the window does with each query's results: read the matching articles for their
//! hits and concordance lines, and sort the concordance by its left context.
//!
//! ```sh
//! cargo run --release --example search_timing -- DIR [QUERY …]
//! ```
//! The index goes to the user's cache directory, as the app's does; set `XDG_CACHE_HOME` to
//! keep it elsewhere.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use corpus_explorer::corpus::{Corpus, scan_folder};
use corpus_explorer::search::{
    ConcordanceOrder, ConcordanceSort, SearchIndex, concordance_order, default_index_dir, parse,
    search_corpus,
};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = std::path::PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: search_timing DIR [QUERY …]"))?,
    );
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = vec!["harbour".into(), "\"river crossing\"".into()];
    }
    let started = Instant::now();
    let corpus = scan_folder(&folder)?;
    let scan = started.elapsed();
    let dir = default_index_dir(&corpus.root).ok_or_else(|| anyhow::anyhow!("no cache dir"))?;
    let cancel = AtomicBool::new(false);

    let started = Instant::now();
    let mut index = SearchIndex::open(&dir)?;
    let stats = index.update(&corpus.root, &corpus.articles, &cancel, &mut |_, _| {})?;
    let update = started.elapsed();
    println!(
        "scan: {:.2} s for {} articles; index update: {:.2} s ({} indexed, {} unchanged)",
        scan.as_secs_f64(),
        corpus.articles.len(),
        update.as_secs_f64(),
        stats.indexed,
        stats.unchanged
    );
    drop(index);

    let started = Instant::now();
    let mut index = SearchIndex::open(&dir)?;
    index.update(&corpus.root, &corpus.articles, &cancel, &mut |_, _| {})?;
    println!(
        "reopen an indexed folder (open, check every article's stamp): {:.3} s",
        started.elapsed().as_secs_f64()
    );
    let size: u64 = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "index size: {:.1} MiB, {} bytes per article",
        size as f64 / 1_048_576.0,
        size / corpus.articles.len().max(1) as u64
    );
    for text in &queries {
        time_query(&corpus, &index, text)?;
    }
    Ok(())
}

/// Time one query: the index alone (median of 15), then what the window does with its
/// results.
fn time_query(corpus: &Corpus, index: &SearchIndex, text: &str) -> anyhow::Result<()> {
    let query = parse(text)?;
    let mut times: Vec<Duration> = Vec::new();
    let mut found = 0;
    for _ in 0..15 {
        let started = Instant::now();
        found = index.search(&query)?.len();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "query {text}: {found} articles, median {:.2} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0
    );
    let started = Instant::now();
    let results = search_corpus(
        &corpus.root,
        &corpus.articles,
        Some(index),
        &query,
        &|| false,
        &mut |_| {},
        &mut |_, _| {},
    )?;
    let window = started.elapsed();
    let table: Vec<u32> = (0..corpus.articles.len() as u32).collect();
    let started = Instant::now();
    let lines = concordance_order(
        &results.lines,
        &corpus.articles,
        &table,
        ConcordanceOrder {
            by: ConcordanceSort::Left,
            descending: false,
        },
    );
    println!(
        "  window: hits and concordance of {} articles ({} hits) in {:.2} s; \
         {} lines sorted by left context in {:.0} ms",
        results.matched,
        results.total_hits,
        window.as_secs_f64(),
        lines.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
