//! Write a synthetic corpus of plain-text news articles for testing and benchmarks.
//!
//! ```text
//! cargo run --release --example make_corpus -- OUT_DIR N [--seed S] [--threads T] [--force]
//! ```
//!
//! Writes N articles of 1.5–5 KB (about 3 KB on average) to `OUT_DIR/outlet-XX/YYYY/NNNNNN.txt`
//! in the three plain-text layouts the scanner reads (dated headline, dateline lead, undated),
//! roughly 40/30/30, dated 2005–2025. The output depends only on N and the seed.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;

#[path = "../benches/support/corpus_gen.rs"]
#[allow(dead_code)] // Shared with benches/scan.rs, which uses more of it.
mod corpus_gen;

/// Write a synthetic, deterministic corpus of news articles.
#[derive(Parser, Debug)]
struct Args {
    /// Folder to write into (created if missing; must be empty unless --force).
    out_dir: PathBuf,
    /// Number of articles.
    n: u64,
    /// Seed of the generator: the same seed and N give the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Writer threads (0: one per core); does not change the output.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Write into a non-empty folder (files of the same names are overwritten).
    #[arg(long)]
    force: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.out_dir.exists() {
        let mut entries = std::fs::read_dir(&args.out_dir)
            .with_context(|| format!("cannot list {}", args.out_dir.display()))?;
        if entries.next().is_some() && !args.force {
            bail!(
                "{} is not empty (pass --force to write into it anyway)",
                args.out_dir.display()
            );
        }
    }
    let started = Instant::now();
    let done = corpus_gen::generate(&args.out_dir, args.n, args.seed, args.threads)
        .with_context(|| format!("writing the corpus into {}", args.out_dir.display()))?;
    let secs = started.elapsed().as_secs_f64();
    let [dated, dateline, undated] = done.layouts;
    println!(
        "wrote {} files, {} bytes ({:.1} MiB, {:.0} bytes/file) in {} folders under {} in {secs:.2} s",
        done.files,
        done.bytes,
        done.bytes as f64 / (1024.0 * 1024.0),
        done.bytes as f64 / done.files.max(1) as f64,
        done.folders,
        args.out_dir.display(),
    );
    println!(
        "layouts: {dated} dated headline, {dateline} dateline, {undated} undated; \
         {} files with non-ASCII body text (seed {})",
        done.non_ascii_files, args.seed
    );
    Ok(())
}
