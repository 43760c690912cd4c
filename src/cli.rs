//! The command line: `corpus-explorer [FOLDER]` opens the window; subcommands serve scripts.

use std::io::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::corpus::export::{ExportFormat, write_articles, write_skipped};
use crate::corpus::query::{DateFilter, SortColumn, SortOrder, filter_ids, sort_ids};
use crate::corpus::{Corpus, ScanOptions, start_scan};

/// Explore a folder of news articles.
#[derive(Debug, Parser)]
#[command(
    name = "corpus-explorer",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A folder of articles to open in the window (or a file, to open its folder).
    pub folder: Option<PathBuf>,
    /// A command for scripts instead of the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the articles of a folder (one row each), or its skipped files.
    List(ListArgs),
    /// Print the articles that match a search query, with their hit counts (or every hit in
    /// context with --kwic). The index is kept in the user's cache directory.
    Search(SearchArgs),
}

/// Arguments of `search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The folder to search.
    pub folder: PathBuf,
    /// The query: words (all must occur), OR, -word, "a phrase", prefix*, title:word.
    pub query: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
    pub format: ExportFormat,
    /// One row per hit: path, left context, hit, right context.
    #[arg(long)]
    pub kwic: bool,
}

/// Arguments of `list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The folder to scan.
    pub folder: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
    pub format: ExportFormat,
    /// Keep articles dated on or after this day (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Keep articles dated on or before this day (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Sort by this column (undated articles last).
    #[arg(long, value_enum, default_value_t = ListSort::Path)]
    pub sort: ListSort,
    /// Reverse the sort.
    #[arg(long)]
    pub desc: bool,
    /// List the skipped files and their reasons instead of the articles.
    #[arg(long)]
    pub skipped: bool,
}

/// Sort keys of `list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListSort {
    /// Publication date.
    Date,
    /// Title, ignoring case.
    Title,
    /// Word count.
    Words,
    /// Relative path.
    Path,
}

impl From<ListSort> for SortColumn {
    fn from(sort: ListSort) -> Self {
        match sort {
            ListSort::Date => Self::Date,
            ListSort::Title => Self::Title,
            ListSort::Words => Self::Words,
            ListSort::Path => Self::File,
        }
    }
}

/// Run `search`: scan, bring the index up to date, search, print.
pub fn run_search(args: &SearchArgs) -> anyhow::Result<()> {
    let query = crate::search::parse(&args.query)
        .map_err(|err| anyhow::anyhow!("invalid query {:?}: {err}", args.query))?;
    let corpus: Corpus = start_scan(&args.folder, ScanOptions::default())?.collect();
    let dir = crate::search::default_index_dir(&corpus.root)
        .ok_or_else(|| anyhow::anyhow!("no cache directory to keep the search index in"))?;
    let mut index = crate::search::SearchIndex::open(&dir)?;
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let started = std::time::Instant::now();
    let stats = index.update(&corpus.root, &corpus.articles, &cancel, &mut |_, _| {})?;
    if stats.indexed + stats.removed > 0 {
        eprintln!(
            "indexed {} articles, removed {}, {} unchanged, in {:.2} s",
            stats.indexed,
            stats.removed,
            stats.unchanged,
            started.elapsed().as_secs_f64()
        );
    }
    let results = crate::search::search_corpus(
        &corpus.root,
        &corpus.articles,
        Some(&index),
        &query,
        &|| false,
        &mut |_| {},
        &mut |_, _| {},
    )?;
    if args.kwic && results.lines_dropped > 0 {
        eprintln!(
            "{} more hits not printed (at most {} concordance lines)",
            results.lines_dropped,
            crate::search::run::MAX_LINES
        );
    }
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    // Corpus order is path order.
    let kwic: Vec<_> = results
        .lines
        .iter()
        .filter_map(|line| line.to_row(&corpus.articles))
        .collect();
    let rows: Vec<_> = corpus
        .articles
        .iter()
        .zip(&results.counts)
        .filter(|&(_, &count)| count > 0)
        .map(|(article, &count)| (article, count as usize))
        .collect();
    let result = if args.kwic {
        crate::corpus::export::write_kwic(&mut out, args.format, &kwic)
    } else if rows.is_empty() {
        Ok(())
    } else {
        crate::corpus::export::write_search_results(&mut out, args.format, &rows)
    };
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Parse a `YYYY-MM-DD` date given for `flag`.
pub fn parse_day(flag: &str, text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!("invalid date for {flag}: {text:?} (expected YYYY-MM-DD, e.g. 2024-04-17)")
    })
}

/// Run `list`: rows on stdout, the summary line on stderr.
pub fn run_list(args: &ListArgs) -> anyhow::Result<()> {
    let from = args
        .from
        .as_deref()
        .map(|t| parse_day("--from", t))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|t| parse_day("--to", t))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        anyhow::bail!("--from {from} is after --to {to}: no day can match");
    }
    // The rows carry no modification time, so the scan does not ask for it (one system call
    // per file saved).
    let options = ScanOptions {
        modified_times: false,
        ..ScanOptions::default()
    };
    let corpus: Corpus = start_scan(&args.folder, options)?.collect();
    let stdout = std::io::stdout().lock();
    let out = std::io::BufWriter::new(stdout);
    let result = if args.skipped {
        write_skipped(out, args.format, &corpus.skipped)
    } else {
        let filter = DateFilter {
            from,
            to,
            include_undated: from.is_none() && to.is_none(),
        };
        let mut ids = filter_ids(&corpus.articles, &filter);
        // A finished scan is already in path order.
        if args.sort != ListSort::Path || args.desc {
            sort_ids(
                &corpus.articles,
                &mut ids,
                SortOrder {
                    column: args.sort.into(),
                    descending: args.desc,
                },
            );
        }
        write_articles(
            out,
            args.format,
            ids.iter()
                .filter_map(|&id| corpus.articles.get(id as usize)),
        )
    };
    match result {
        Ok(()) => {}
        // A closed pipe (`| head`) is not an error worth a message.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(err) => return Err(err.into()),
    }
    let mut stderr = std::io::stderr().lock();
    writeln!(stderr, "{}", corpus.summary_line())?;
    // The process ends here: freeing a hundred thousand records one by one would only delay it.
    std::mem::forget(corpus);
    Ok(())
}
