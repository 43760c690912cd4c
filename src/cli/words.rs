//! `corpus-explorer words FOLDER [QUERY]`: the frequency list of the selected articles, their
//! n-grams, their keywords against the rest of the folder, or a word's collocates. Every
//! article's tokens are kept in the user's cache, so only new and changed files are read.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::search::{SelectionArgs, select_articles};
use super::shared::{ignore_closed_pipe, open_corpus_tokenizing, open_term_store_visiting};
use crate::analysis::rows::write_table;
use crate::analysis::{Collocates, Frequencies, MAX_GRAM, Reading, Scanned};
use crate::corpus::ArticleId;
use crate::corpus::export::ExportFormat;

/// Arguments of `words`.
#[derive(Debug, clap::Args)]
pub struct WordsArgs {
    /// The folder of the articles.
    pub folder: PathBuf,
    /// Which articles.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Count n-grams of N consecutive tokens (2 to 5) instead of words.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=MAX_GRAM as i64))]
    pub ngram: Option<u8>,
    /// Keywords: the selection against every article not selected (G2 and Log Ratio).
    #[arg(long, conflicts_with = "collocates")]
    pub keyness: bool,
    /// The words found near WORD (within --window), with MI and logDice.
    #[arg(long, value_name = "WORD", conflicts_with = "ngram")]
    pub collocates: Option<String>,
    /// Tokens before and after WORD that count as near it.
    #[arg(long, value_name = "L,R", requires = "collocates", value_parser = parse_window)]
    pub window: Option<(usize, usize)>,
    /// Print at most K rows.
    #[arg(long, value_name = "K")]
    pub limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
    pub format: ExportFormat,
    /// Read every file again instead of trusting the catalog of the last scan.
    #[arg(long)]
    pub rescan: bool,
}

/// The default collocation window: five tokens each side.
pub const DEFAULT_WINDOW: (usize, usize) = (5, 5);

fn parse_window(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("expected L,R (tokens before and after, e.g. 5,5), not {text:?}");
    let (left, right) = text.split_once(',').ok_or_else(bad)?;
    let number = |t: &str| t.trim().parse::<usize>().map_err(|_| bad());
    Ok((number(left)?, number(right)?))
}

/// Run `words`.
pub fn run_words(args: &WordsArgs) -> anyhow::Result<()> {
    let n = usize::from(args.ngram.unwrap_or(1));
    // A frequency list is counted as the store is written, when it is (the first run on a
    // folder): the store is not read again for it. The articles the scan tokenizes are counted
    // by its writer, when every article is selected.
    let frequencies = args.collocates.is_none() && !args.keyness;
    let everything = args.selection.selection().is_everything();
    let tally = (frequencies && everything).then(|| Frequencies::new(n));
    let (opened, scanned, tally) = open_corpus_tokenizing(&args.folder, args.rescan, tally)?;
    let scanned_len = scanned.as_ref().map_or(0, Scanned::len);
    let ids = select_articles(&opened, &args.selection.selection(), &|_| Ok(()))?;
    let corpus = &opened.refresh.corpus;
    let cancel = AtomicBool::new(false);
    let all = ids.len() == corpus.articles.len();
    let mut counted = tally.unwrap_or_else(|| Frequencies::new(n));
    let mut visit = |id: ArticleId, tokens: &[u32]| {
        if all || ids.binary_search(&id).is_ok() {
            counted.add(tokens);
        }
    };
    let (store, stats) = if frequencies {
        open_term_store_visiting(corpus, &cancel, Some(&mut visit), scanned)?
    } else {
        open_term_store_visiting(corpus, &cancel, None, scanned)?
    };
    // The counts are whole when the store was written, and the scan's articles (when there
    // were any) were all counted by its writer and all taken into the store.
    let visited = stats.written
        && (stats.scanned == 0 || (everything && all && stats.scanned == scanned_len));
    let keep = |_: &crate::analysis::Gram| true;
    let limit = args.limit.unwrap_or(usize::MAX);
    let reading = Reading::cancelled_by(&cancel);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = if let Some(word) = &args.collocates {
        let node = node_token(word)?;
        let rows = match store.id_of(&node) {
            Some(node) => {
                let window = args.window.unwrap_or(DEFAULT_WINDOW);
                let found = Collocates::count(&store, &ids, node, window, reading)?;
                found.rows(&store, &keep, 1)
            }
            None => {
                eprintln!("{word:?} does not occur in the folder");
                Vec::new()
            }
        };
        write_table(&mut out, args.format, &truncated(rows, limit))
    } else if args.keyness {
        let list = crate::analysis::keyness_list(&store, &ids, n, (&keep, 1), limit, reading)?;
        if list.tokens == 0 || list.reference.0 == 0 {
            anyhow::bail!(
                "keyness compares the selection with the rest of the folder, but {} ({} articles selected of {})",
                if list.tokens == 0 {
                    "the selection has no words"
                } else {
                    "the rest has no words"
                },
                ids.len(),
                corpus.articles.len()
            );
        }
        write_table(&mut out, args.format, &list.rows)
    } else if visited && !counted.overflow {
        let list = crate::analysis::counted_frequency_list(&store, &counted, (&keep, 1), limit);
        write_table(&mut out, args.format, &list.rows)
    } else {
        let list = crate::analysis::frequency_list(&store, &ids, n, (&keep, 1), limit, reading)?;
        write_table(&mut out, args.format, &list.rows)
    };
    ignore_closed_pipe(result)?;
    // Freeing a million records one by one only delays the exit.
    std::mem::forget(opened);
    Ok(())
}

/// The one token `word` is, as the analyzer reads it.
fn node_token(word: &str) -> anyhow::Result<String> {
    let mut tokens = crate::search::analysis::normalized_tokens(word);
    match (tokens.pop(), tokens.is_empty()) {
        (Some(token), true) => Ok(token),
        (None, _) => anyhow::bail!("--collocates {word:?}: no word in it"),
        (Some(_), false) => anyhow::bail!(
            "--collocates {word:?} is several tokens; give one word (two characters in Chinese, Japanese or Korean)"
        ),
    }
}

fn truncated<T>(mut rows: Vec<T>, limit: usize) -> Vec<T> {
    rows.truncate(limit);
    rows
}
