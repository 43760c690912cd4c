//! Time the tokenizing of a folder's articles on one thread, their text already in memory: the
//! keyed walk (every token found, and a word of up to 16 bytes made one number: what the token
//! store is built with) and the lower-casing walk (every token written out: what search and
//! trends match with). Median of repeated runs, per token and per megabyte.
//!
//! ```sh
//! cargo run --release --example tokenize_timing -- DIR [ARTICLES]
//! ```
//! ARTICLES: how many of the folder's articles to take (default 20,000).

use std::time::{Duration, Instant};

use corpus_explorer::corpus::formats::BodyLoader;
use corpus_explorer::corpus::scan_folder;
use corpus_explorer::search::analysis::{
    KeyedToken, analyzer, for_each_token, for_each_token_keyed,
};
use corpus_explorer::search::index::MAX_INDEXED_BYTES;

/// Runs of each measurement; the median is printed.
const RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let folder = std::path::PathBuf::from(args.next().ok_or("give a folder")?);
    let take: usize = args.next().map_or(Ok(20_000), |n| n.parse())?;
    let corpus = scan_folder(&folder)?;
    let mut loader = BodyLoader::default();
    let mut texts = Vec::new();
    for article in corpus.articles.iter().take(take) {
        texts.push(loader.load(&corpus.root, article, MAX_INDEXED_BYTES)?.text);
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut analyzer = analyzer();
    let mut tokens = 0u64;
    let walk = median(
        (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                let mut sum = 0u64;
                tokens = 0;
                for text in &texts {
                    for_each_token_keyed(&mut analyzer, text, |token| {
                        tokens += 1;
                        sum = sum.wrapping_add(match token {
                            KeyedToken::Short(key) => key as u64,
                            KeyedToken::Long(word) => word.len() as u64,
                        });
                    });
                }
                std::hint::black_box(sum);
                started.elapsed()
            })
            .collect(),
    );
    let lowered = median(
        (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                let mut sum = 0usize;
                for text in &texts {
                    for_each_token(&mut analyzer, text, &mut |token| sum += token.len());
                }
                std::hint::black_box(sum);
                started.elapsed()
            })
            .collect(),
    );
    let mb = bytes as f64 / 1e6;
    println!(
        "{} articles, {mb:.1} MB of text, {tokens} tokens",
        texts.len()
    );
    for (what, time) in [("keyed walk", walk), ("lower-casing walk", lowered)] {
        println!(
            "{what:>18}: {:>7.1} ms  {:>5.1} ns/token  {:>6.1} MB/s",
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() * 1e9 / tokens as f64,
            mb / time.as_secs_f64()
        );
    }
    Ok(())
}
