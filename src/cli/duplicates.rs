//! `corpus-explorer duplicates FOLDER`: the story families of a folder (wire copies, reprints,
//! updated versions), one row per member, largest families first, members by date. Every
//! article's tokens and signature are kept in the user's cache, so only new and changed files
//! are read again.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::shared::{ignore_closed_pipe, open_corpus_tokenizing, open_term_store_visiting};
use crate::analysis::Reading;
use crate::analysis::families::{
    DEFAULT_THRESHOLD, Families, Signatures, default_signatures_path, write_families,
};
use crate::corpus::export::ExportFormat;

/// Arguments of `duplicates`.
#[derive(Debug, clap::Args)]
pub struct DuplicatesArgs {
    /// The folder of the articles.
    pub folder: PathBuf,
    /// The similarity (estimated Jaccard similarity of word 5-gram shingles, 0 to 1) an article
    /// must have with a family's first member to belong to it.
    #[arg(long, value_name = "T", default_value_t = DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    pub threshold: f32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
    pub format: ExportFormat,
    /// Read every file again instead of trusting the catalog of the last scan.
    #[arg(long)]
    pub rescan: bool,
}

fn parse_threshold(text: &str) -> Result<f32, String> {
    let value: f32 = text
        .trim()
        .parse()
        .map_err(|_| format!("expected a number above 0 and at most 1, not {text:?}"))?;
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(format!("{value} is not above 0 and at most 1"))
    }
}

/// Run `duplicates`.
pub fn run_duplicates(args: &DuplicatesArgs) -> anyhow::Result<()> {
    // A first run tokenizes the articles as the folder is scanned.
    let (opened, scanned, _) = open_corpus_tokenizing::<()>(&args.folder, args.rescan, None)?;
    let corpus = &opened.refresh.corpus;
    let cancel = AtomicBool::new(false);
    let (store, _) = open_term_store_visiting(corpus, &cancel, None, scanned)?;
    let reading = Reading::cancelled_by(&cancel);
    let started = std::time::Instant::now();
    let signatures = match default_signatures_path(&corpus.root) {
        Some(path) => {
            let (signatures, stats) = Signatures::open(&path, &store, reading)?;
            if stats.signed > 0 {
                eprintln!(
                    "signed {} articles ({} kept from before) in {:.2} s",
                    stats.signed,
                    stats.reused,
                    started.elapsed().as_secs_f64()
                );
            }
            signatures
        }
        None => Signatures::compute(&store, reading)?,
    };
    let families = Families::find(&signatures, &corpus.articles, args.threshold, &|| false)
        .ok_or_else(|| anyhow::anyhow!("finding families was cancelled"))?;
    let rows = families.rows(&corpus.articles);
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    ignore_closed_pipe(write_families(out, args.format, &rows))?;
    // Freeing a million records one by one only delays the exit.
    std::mem::forget(opened);
    Ok(())
}
