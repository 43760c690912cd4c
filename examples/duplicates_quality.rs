//! How well `duplicates` finds planted variants: precision and recall per kind of variant.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example duplicates_quality -- DIR [--stories N] [--singletons M] \
//!     [--seed S] [--threshold T] [--truth FILE] [--no-run]
//! ```
//!
//! Generates the planted-variant benchmark of `benches/support/variants_gen.rs` into DIR (which
//! must be empty or absent): N stories (an original and 1–6 variants each: exact copies, the
//! same text wrapped otherwise or as JSON Lines, new headlines, trimmed, edited, a paragraph
//! added, paragraphs swapped, combinations) and M distinct articles on the same topics. Then runs
//! the release binary's `duplicates DIR --format jsonl` (`target/release/corpus-explorer`, or
//! the binary `CORPUS_EXPLORER_BIN` names) with a cache of its own, and prints a Markdown table:
//! per kind, the pairs (original, variant), how many were found (recall) and the precision of
//! the predicted pairs with such a variant in them; then pairwise precision and recall over
//! every pair of articles. `--truth FILE` (outside DIR) also writes the ground truth as TSV
//! (`path`, `story`, `kind`, `topic`, `date`, `combo`); `--no-run` only generates.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;

#[path = "../benches/support/variants_gen.rs"]
#[allow(dead_code)] // Shared with tests/duplicates.rs, which uses more of it.
mod variants_gen;

use variants_gen::eval;

/// Score `corpus-explorer duplicates` on a generated benchmark of planted variants.
#[derive(Parser, Debug)]
struct Args {
    /// Folder to generate into (must be empty or absent).
    dir: PathBuf,
    /// Stories (an original and 1–6 variants each).
    #[arg(long, default_value_t = 400)]
    stories: usize,
    /// Distinct articles without variants, on the same topics.
    #[arg(long, default_value_t = 1200)]
    singletons: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passed to `duplicates --threshold` (its default when absent).
    #[arg(long)]
    threshold: Option<f64>,
    /// Also write the ground truth as TSV to this file (outside DIR).
    #[arg(long)]
    truth: Option<PathBuf>,
    /// Generate only; do not run `duplicates`.
    #[arg(long)]
    no_run: bool,
}

fn truth_tsv(truth: &[variants_gen::Planted]) -> String {
    let mut out = String::from("path\tstory\tkind\ttopic\tdate\tcombo\n");
    for p in truth {
        let story = p.story.map_or_else(String::new, |s| s.to_string());
        let combo: Vec<&str> = p.combo.iter().map(|k| k.name()).collect();
        let _ = writeln!(
            out,
            "{}\t{story}\t{}\t{}\t{}\t{}",
            p.path,
            p.kind.name(),
            p.topic,
            p.date,
            combo.join("+")
        );
    }
    out
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.dir.exists() {
        let mut entries = std::fs::read_dir(&args.dir)
            .with_context(|| format!("cannot list {}", args.dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty", args.dir.display());
        }
    }
    let config = variants_gen::Config::new(args.stories, args.singletons, args.seed);
    let started = Instant::now();
    let truth = variants_gen::generate(&args.dir, &config)
        .with_context(|| format!("writing the benchmark into {}", args.dir.display()))?;
    println!(
        "generated {} articles ({} stories, {} singletons, {} topics, seed {}) in {:.2} s",
        truth.len(),
        config.stories,
        config.singletons,
        config.topics,
        config.seed,
        started.elapsed().as_secs_f64()
    );
    if let Some(file) = &args.truth {
        std::fs::write(file, truth_tsv(&truth))
            .with_context(|| format!("writing {}", file.display()))?;
    }
    if args.no_run {
        return Ok(());
    }
    let binary = std::env::var_os("CORPUS_EXPLORER_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/corpus-explorer"),
        PathBuf::from,
    );
    let cache = tempfile::tempdir().context("a temporary cache folder")?;
    let mut command = Command::new(&binary);
    command
        .arg("duplicates")
        .arg(&args.dir)
        .args(["--format", "jsonl"])
        .env("XDG_CACHE_HOME", cache.path().join("cache"))
        .env("XDG_DATA_HOME", cache.path().join("data"));
    if let Some(t) = args.threshold {
        command.args(["--threshold", &t.to_string()]);
    }
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    let secs = started.elapsed().as_secs_f64();
    if !output.status.success() {
        bail!(
            "{} duplicates failed ({}): {}",
            binary.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8(output.stdout).context("duplicates printed non-UTF-8")?;
    let rows = eval::parse_jsonl(&stdout).map_err(anyhow::Error::msg)?;
    let scores = eval::evaluate(&truth, &rows);
    let threshold = args
        .threshold
        .map_or_else(|| "default".to_owned(), |t| t.to_string());
    println!("duplicates ran in {secs:.2} s (threshold {threshold})\n");
    print!("{}", scores.report());
    Ok(())
}
