//! What the subcommands share: reading dates from flags, and ending their output.

use std::path::Path;

use chrono::NaiveDate;

use crate::corpus::ScanOptions;
use crate::corpus::catalog::{self, Opened, Use};
use crate::corpus::marks::OpenedMarks;

/// Open `folder` through its catalog (or read every file with `rescan`); a catalog on disk
/// that could not be used is logged as a warning (and replaced).
pub fn open_corpus(folder: &Path, rescan: bool) -> anyhow::Result<Opened> {
    open_corpus_telling(folder, rescan, None)
}

/// [`open_corpus`]; the files the scan reads tell their bodies to `texts` (see
/// [`crate::corpus::ArticleText`]).
fn open_corpus_telling(
    folder: &Path,
    rescan: bool,
    texts: Option<crate::corpus::ArticleTexts>,
) -> anyhow::Result<Opened> {
    let path = catalog::default_path_for(folder);
    let mode = if rescan { Use::Rescan } else { Use::Catalog };
    let options = ScanOptions {
        texts,
        ..ScanOptions::default()
    };
    let opened = catalog::open_folder(folder, path.as_deref(), mode, options, &|_, _| {})?;
    Ok(opened)
}

/// The date range `--from` and `--to` ask for (undated articles are kept only when neither is
/// given); a range that ends before it starts is an error.
pub fn date_range(
    from: Option<&str>,
    to: Option<&str>,
) -> anyhow::Result<crate::corpus::DateFilter> {
    let from = from.map(|t| parse_day("--from", t)).transpose()?;
    let to = to.map(|t| parse_day("--to", t)).transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        anyhow::bail!("--from {from} is after --to {to}: no day can match");
    }
    Ok(crate::corpus::DateFilter {
        from,
        to,
        include_undated: from.is_none() && to.is_none(),
    })
}

/// Keep the `ids` whose Source is exactly `source` (`--source`).
pub fn keep_source(
    articles: &[crate::corpus::Article],
    ids: &mut Vec<crate::corpus::ArticleId>,
    source: &str,
) {
    ids.retain(|&id| {
        articles
            .get(id as usize)
            .is_some_and(|a| a.source() == source)
    });
}

/// Parse a `YYYY-MM-DD` date given for `flag`.
pub fn parse_day(flag: &str, text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!("invalid date for {flag}: {text:?} (expected YYYY-MM-DD, e.g. 2024-04-17)")
    })
}

/// The end of a command's output: a closed pipe (`| head`) is not an error worth a message.
pub fn ignore_closed_pipe(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// The marks of the opened corpus's folder (renamed files' marks carried over and written).
/// What the user should know about them goes to stderr.
pub fn open_marks(corpus: &crate::corpus::Corpus) -> anyhow::Result<OpenedMarks> {
    let root = crate::corpus::marks::default_data_root()
        .ok_or_else(|| anyhow::anyhow!("no data folder to keep tags and notes in"))?;
    let opened = crate::corpus::marks::open_marks(&root, &corpus.root, &corpus.articles)?;
    for notice in &opened.notices {
        eprintln!("{notice}");
    }
    if !opened.attached.missing.is_empty() {
        eprintln!(
            "{} tagged or annotated articles are missing from the folder (their marks are kept): {}",
            opened.attached.missing.len(),
            opened
                .attached
                .missing
                .iter()
                .take(5)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(opened)
}

/// The marks for `list` and `search`: needed when filtering by tag (an error then), else
/// shown when they can be read (a warning otherwise).
pub fn marks_for_listing(
    corpus: &crate::corpus::Corpus,
    tag_filter: bool,
) -> anyhow::Result<Option<OpenedMarks>> {
    match open_marks(corpus) {
        Ok(opened) => Ok(Some(opened)),
        Err(err) if tag_filter => Err(err),
        Err(err) => {
            eprintln!("tags and notes not shown: {err:#}");
            Ok(None)
        }
    }
}

/// The token store of `corpus` (kept in the user's cache), reading and tokenizing the articles
/// it does not hold yet; says on stderr how many were read. When the store is written anew,
/// `visit` hears the tokens of every article not tokenized by the scan (`scanned`) as it is
/// written. The stats say what was done.
pub fn open_term_store_visiting(
    corpus: &crate::corpus::Corpus,
    cancel: &std::sync::atomic::AtomicBool,
    visit: Option<crate::analysis::Visit<'_>>,
    scanned: Option<crate::analysis::Scanned>,
) -> anyhow::Result<(crate::analysis::TermStore, crate::analysis::TermsStats)> {
    let path = crate::analysis::default_terms_path(&corpus.root)
        .ok_or_else(|| anyhow::anyhow!("no cache directory to keep word counts in"))?;
    let started = std::time::Instant::now();
    let mut no_progress = |_, _| {};
    let follow = crate::analysis::Follow {
        cancel,
        progress: &mut no_progress,
        visit,
        scanned,
    };
    let (store, stats) =
        crate::analysis::TermStore::open_visiting(&path, &corpus.root, &corpus.articles, follow)?;
    if stats.counted + stats.unreadable + stats.scanned > 0 {
        eprintln!(
            "counted the words of {} articles ({} kept from before) in {:.2} s{}",
            stats.counted + stats.unreadable + stats.scanned,
            stats.reused,
            started.elapsed().as_secs_f64(),
            if stats.scanned > 0 {
                format!(", {} of them as the folder was scanned", stats.scanned)
            } else {
                String::new()
            }
        );
    }
    if stats.unreadable > 0 {
        eprintln!(
            "{} articles could not be read again: only their titles are counted",
            stats.unreadable
        );
    }
    Ok((store, stats))
}

/// [`open_corpus`], and on the first run on a folder (no token store yet) the store's
/// articles tokenized as the scan reads them, so that the files are not read again for their
/// words: what the scan tokenized, and `tally` having heard each of those articles' tokens.
pub fn open_corpus_tokenizing<T: crate::analysis::Tally + 'static>(
    folder: &Path,
    rescan: bool,
    tally: Option<T>,
) -> anyhow::Result<(Opened, Option<crate::analysis::Scanned>, Option<T>)> {
    let scanning = start_scanning(folder, tally);
    let texts = scanning.as_ref().map(crate::analysis::Scanning::texts);
    let opened = open_corpus_telling(folder, rescan, texts)?;
    let (scanned, tally) = finish_scanning(scanning);
    Ok((opened, scanned, tally))
}

/// The writer of the token store of `folder`, when it has not been written yet.
fn start_scanning<T: crate::analysis::Tally + 'static>(
    folder: &Path,
    tally: Option<T>,
) -> Option<crate::analysis::Scanning<T>> {
    let root = std::path::absolute(folder).ok()?;
    let path = crate::analysis::default_terms_path(&root)?;
    if path.exists() || !root.is_dir() {
        return None;
    }
    match crate::analysis::Scanning::start(&path, tally) {
        Ok(scanning) => Some(scanning),
        Err(err) => {
            log::warn!("words not counted as the folder is scanned: {err}");
            None
        }
    }
}

/// What [`start_scanning`]'s writer wrote, and its tally, once the scan is over (nothing when
/// it failed: the store reads the files itself).
fn finish_scanning<T: crate::analysis::Tally + 'static>(
    scanning: Option<crate::analysis::Scanning<T>>,
) -> (Option<crate::analysis::Scanned>, Option<T>) {
    match scanning.map(crate::analysis::Scanning::finish) {
        Some(Ok((scanned, tally))) => (Some(scanned), tally),
        Some(Err(err)) => {
            log::warn!("words not counted as the folder was scanned: {err}");
            (None, None)
        }
        None => (None, None),
    }
}
