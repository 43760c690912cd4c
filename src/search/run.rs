//! Running a query over a whole corpus: the index (when it is ready) narrows the articles to
//! read, then each candidate's text is read from disk and the [`Matcher`] has the last word,
//! giving every article's hit count and every hit's concordance line. Without an index every
//! article is read, so search works while the index is still being built.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::analysis::analyzer;
use super::index::{IndexError, MAX_INDEXED_BYTES, SearchIndex, article_key, key_hash};
use super::matcher::Matcher;
use super::prefilter::{OtherWords, Prefilter};
use super::syntax::Query;
use crate::corpus::export::KwicRow;
use crate::corpus::{Article, ArticleId, BodyLoader};
use tantivy::tokenizer::TextAnalyzer;

/// Characters of context on each side of a hit in a concordance line.
pub const CONTEXT_CHARS: usize = 60;

/// At most this many concordance lines are kept (the hit counts stay complete beyond it).
pub const MAX_LINES: usize = 1_000_000;

/// One hit in its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcordanceLine {
    /// The article.
    pub article: ArticleId,
    /// Which of the article's hits this is (title hits first, then the body's, in order).
    pub hit: u32,
    /// Text before the hit.
    pub left: Box<str>,
    /// The hit as written.
    pub text: Box<str>,
    /// Text after the hit.
    pub right: Box<str>,
}

impl ConcordanceLine {
    /// The line as an export row, with its article's path (`articles` are the ones searched).
    pub fn to_row(&self, articles: &[Article]) -> Option<KwicRow> {
        Some(KwicRow {
            path: articles.get(self.article as usize)?.path.to_string(),
            left: self.left.to_string(),
            hit: self.text.to_string(),
            right: self.right.to_string(),
        })
    }
}

/// The complete result of a query over a corpus.
#[derive(Debug, Default)]
pub struct SearchResults {
    /// Hits per article, indexed by [`ArticleId`]; 0 means the article does not match.
    pub counts: Vec<u32>,
    /// Matching articles.
    pub matched: usize,
    /// Hits in all matching articles.
    pub total_hits: u64,
    /// Every hit in context, in corpus order (at most [`MAX_LINES`]).
    pub lines: Vec<ConcordanceLine>,
    /// Hits left out of `lines` because of [`MAX_LINES`].
    pub lines_dropped: u64,
    /// Articles whose text could not be read (left out of the results).
    pub unreadable: usize,
    /// True when the index chose the articles to read.
    pub used_index: bool,
    /// False for the index's answer before the articles were read: every match is counted
    /// [`UNCOUNTED`] and there are no lines yet.
    pub complete: bool,
}

/// The hit count of a match whose hits are not counted yet.
pub const UNCOUNTED: u32 = u32::MAX;

impl SearchResults {
    /// The articles with at least one hit.
    pub fn matching_ids(&self) -> crate::corpus::IdSet {
        let found = self
            .counts
            .iter()
            .enumerate()
            .filter(|&(_, &count)| count > 0);
        let ids = found.filter_map(|(i, _)| crate::corpus::ArticleId::try_from(i).ok());
        crate::corpus::IdSet::of(self.counts.len(), ids)
    }

    /// The index's answer, before the articles are read: `matches` (article positions) with
    /// [`UNCOUNTED`] hits.
    pub fn uncounted(articles: usize, matches: &[usize]) -> Self {
        let mut counts = vec![0; articles];
        for &i in matches {
            if let Some(count) = counts.get_mut(i) {
                *count = UNCOUNTED;
            }
        }
        Self {
            counts,
            matched: matches.len(),
            used_index: true,
            ..Self::default()
        }
    }
}

/// Why a search stopped.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A newer search replaced it, or the corpus closed.
    #[error("the search was cancelled")]
    Cancelled,
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Articles one worker takes at a time.
const CHUNK: usize = 128;

/// Find every article of `articles` (under `root`) that matches `query`, with its hits.
/// `index`, when given, must hold these articles; its answer goes to `indexed` (article
/// positions) before any article is read. The candidates are read on all cores; `stop` is
/// polled between articles; `progress(done, to_read)` is called now and then.
pub fn search_corpus(
    root: &Path,
    articles: &[Article],
    index: Option<&SearchIndex>,
    query: &Query,
    stop: &(dyn Fn() -> bool + Sync),
    indexed: &mut dyn FnMut(&[usize]),
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SearchResults, SearchError> {
    let candidates: Vec<usize> = match index {
        Some(index) => {
            let found: HashSet<u64> = index.search(query)?.into_iter().collect();
            articles
                .iter()
                .enumerate()
                .filter(|(_, a)| found.contains(&key_hash(&article_key(a))))
                .map(|(i, _)| i)
                .collect()
        }
        None => (0..articles.len()).collect(),
    };
    if index.is_some() {
        indexed(&candidates);
    }
    let to_read = candidates.len();
    progress(0, to_read);
    let chunks: Vec<&[usize]> = candidates.chunks(CHUNK).collect();
    let shared = Shared {
        root,
        articles,
        query,
        stop,
        chunks: &chunks,
        next: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
    };
    // This thread works too, reporting progress between chunks.
    let mut found: Vec<(usize, Found)> = on_every_core(
        "search",
        chunks.len(),
        || shared.work(&mut |done| progress(done, to_read)),
        &|| shared.work(&mut |_| {}),
    )
    .into_iter()
    .flatten()
    .collect();
    if stop() {
        return Err(SearchError::Cancelled);
    }
    // Back in corpus order.
    found.sort_unstable_by_key(|(k, _)| *k);
    let mut results = SearchResults {
        counts: vec![0; articles.len()],
        used_index: index.is_some(),
        complete: true,
        ..SearchResults::default()
    };
    for (_, part) in found {
        results.unreadable += part.unreadable;
        for (i, count) in part.counts {
            if let Some(slot) = results.counts.get_mut(i) {
                *slot = count;
            }
            results.matched += 1;
            results.total_hits += u64::from(count);
        }
        let room = MAX_LINES.saturating_sub(results.lines.len());
        results.lines_dropped += part.lines.len().saturating_sub(room) as u64;
        results.lines.extend(part.lines.into_iter().take(room));
    }
    progress(to_read, to_read);
    Ok(results)
}

/// Work on every core (at most 8 threads, and no more than `chunks`): `here` on this thread,
/// `others` on the rest, named `{name}-1`, `{name}-2`…. Their results, this thread's first; a
/// panic on another thread is raised again here.
pub(super) fn on_every_core<T: Send>(
    name: &str,
    chunks: usize,
    here: impl FnOnce() -> T,
    others: &(dyn Fn() -> T + Sync),
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .clamp(1, 8)
        .min(chunks.max(1));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads)
            .filter_map(|n| {
                std::thread::Builder::new()
                    .name(format!("{name}-{n}"))
                    .spawn_scoped(scope, others)
                    .ok()
            })
            .collect();
        let mut results = vec![here()];
        for handle in handles {
            match handle.join() {
                Ok(theirs) => results.push(theirs),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}

/// What the threads of one search share: the chunks of candidates, taken in turn.
struct Shared<'a> {
    root: &'a Path,
    articles: &'a [Article],
    query: &'a Query,
    stop: &'a (dyn Fn() -> bool + Sync),
    chunks: &'a [&'a [usize]],
    /// The next chunk to take.
    next: AtomicUsize,
    /// Candidates read so far, by all threads.
    done: AtomicUsize,
}

impl Shared<'_> {
    /// Take chunks until none is left (or the search stops); `after_chunk(done)` is called
    /// after each with the candidates read so far. Returns what was found, chunk by chunk.
    fn work(&self, after_chunk: &mut dyn FnMut(usize)) -> Vec<(usize, Found)> {
        let mut tools = Tools {
            prefilter: Prefilter::new(self.query),
            matcher: Matcher::new(self.query.clone()),
            loader: BodyLoader::default(),
            analyzer: analyzer(),
            other: OtherWords::default(),
        };
        let mut mine = Vec::new();
        loop {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = self.chunks.get(k) else {
                break;
            };
            let mut out = Found::default();
            for &i in *chunk {
                if (self.stop)() {
                    return mine;
                }
                read_one(self.root, self.articles, i, &mut tools, &mut out);
            }
            let done = self.done.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len();
            mine.push((k, out));
            after_chunk(done);
        }
        mine
    }
}

/// What one worker found in one chunk of articles.
#[derive(Default)]
struct Found {
    counts: Vec<(usize, u32)>,
    lines: Vec<ConcordanceLine>,
    unreadable: usize,
}

/// What one worker reads and matches articles with.
struct Tools {
    prefilter: Prefilter,
    matcher: Matcher,
    loader: BodyLoader,
    analyzer: TextAnalyzer,
    other: OtherWords,
}

/// Read article `i` and add its hits to `out`.
fn read_one(root: &Path, articles: &[Article], i: usize, tools: &mut Tools, out: &mut Found) {
    let Tools {
        prefilter,
        matcher,
        loader,
        analyzer,
        other,
    } = tools;
    let (Some(article), Ok(id)) = (articles.get(i), ArticleId::try_from(i)) else {
        return;
    };
    let body = match loader.load(root, article, MAX_INDEXED_BYTES) {
        Ok(body) => body,
        Err(err) => {
            log::warn!("not searched: {err}");
            out.unreadable += 1;
            return;
        }
    };
    other.find(analyzer, &article.title, &body.text);
    if prefilter.cannot_match(&article.title, &body.text, other) {
        return;
    }
    // The index may hold a word the text no longer has (the file changed): the matcher
    // decides.
    let Some(hits) = matcher.run(&article.title, &body.text) else {
        return;
    };
    let hits = hits.of_article(article.title_derived());
    out.counts
        .push((i, u32::try_from(hits.count()).unwrap_or(u32::MAX)));
    let places = [(&*article.title, &hits.title), (&*body.text, &hits.body)];
    let mut n = 0u32;
    for (text, ranges) in places {
        for range in ranges {
            let row = super::kwic::line(text, range.clone(), CONTEXT_CHARS);
            out.lines.push(ConcordanceLine {
                article: id,
                hit: n,
                left: row.left.into(),
                text: row.hit.into(),
                right: row.right.into(),
            });
            n = n.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::syntax::parse;

    #[test]
    fn counts_lines_and_misses_over_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Bridge Verdict\n\nThe bridge fell. A second bridge stood.",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.txt"), "Quota\n\nNothing here.").unwrap();
        let corpus: crate::corpus::Corpus =
            crate::corpus::start_scan(dir.path(), crate::corpus::ScanOptions::default())
                .unwrap()
                .collect();
        let query = parse("bridge").unwrap();
        let mut calls = 0;
        let results = search_corpus(
            &corpus.root,
            &corpus.articles,
            None,
            &query,
            &|| false,
            &mut |_| {},
            &mut |_, _| calls += 1,
        )
        .unwrap();
        assert_eq!(results.counts, [3, 0]);
        assert_eq!((results.matched, results.total_hits), (1, 3));
        let hits: Vec<_> = results.lines.iter().map(|l| (l.hit, &*l.text)).collect();
        assert_eq!(hits, [(0, "Bridge"), (1, "bridge"), (2, "bridge")]);
        assert_eq!(&*results.lines[2].left, "The bridge fell. A second ");
        assert!(calls >= 2);
        let stopped = search_corpus(
            &corpus.root,
            &corpus.articles,
            None,
            &query,
            &|| true,
            &mut |_| {},
            &mut |_, _| {},
        );
        assert!(matches!(stopped, Err(SearchError::Cancelled)));
    }
}
