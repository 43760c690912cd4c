//! Running a query over a whole corpus: the index (when it is ready) narrows the articles to
//! read, then each candidate's text is read from disk and the [`Matcher`] has the last word,
//! giving every article's hit count and every hit's concordance line. Without an index every
//! article is read, so search works while the index is still being built.

use std::collections::HashSet;
use std::path::Path;

use super::index::{IndexError, MAX_INDEXED_BYTES, SearchIndex, article_key, key_hash};
use super::matcher::Matcher;
use crate::corpus::query::ArticleId;
use crate::corpus::{Article, load_body};

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

/// Find every article of `articles` (under `root`) that matches the matcher's query, with
/// its hits. `index`, when given, must hold these articles; `stop` is polled between
/// articles; `progress(done, to_read)` is called now and then.
pub fn search_corpus(
    root: &Path,
    articles: &[Article],
    index: Option<&SearchIndex>,
    matcher: &mut Matcher,
    stop: &dyn Fn() -> bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SearchResults, SearchError> {
    let mut results = SearchResults {
        counts: vec![0; articles.len()],
        used_index: index.is_some(),
        ..SearchResults::default()
    };
    let candidates: Vec<usize> = match index {
        Some(index) => {
            let found: HashSet<u64> = index.search(matcher.query())?.into_iter().collect();
            articles
                .iter()
                .enumerate()
                .filter(|(_, a)| found.contains(&key_hash(&article_key(a))))
                .map(|(i, _)| i)
                .collect()
        }
        None => (0..articles.len()).collect(),
    };
    let to_read = candidates.len();
    progress(0, to_read);
    for (done, i) in candidates.into_iter().enumerate() {
        if stop() {
            return Err(SearchError::Cancelled);
        }
        if done % 64 == 0 {
            progress(done, to_read);
        }
        let (Some(article), Ok(id)) = (articles.get(i), ArticleId::try_from(i)) else {
            continue;
        };
        let body = match load_body(root, article, MAX_INDEXED_BYTES) {
            Ok(body) => body,
            Err(err) => {
                log::warn!("not searched: {err}");
                results.unreadable += 1;
                continue;
            }
        };
        // The index may hold a word the text no longer has (the file changed): the matcher
        // decides.
        let Some(hits) = matcher.run(&article.title, &body.text) else {
            continue;
        };
        let count = u32::try_from(hits.count()).unwrap_or(u32::MAX);
        results.counts[i] = count;
        results.matched += 1;
        results.total_hits += u64::from(count);
        let places = [(&*article.title, &hits.title), (&*body.text, &hits.body)];
        let mut n = 0u32;
        for (text, ranges) in places {
            for range in ranges {
                if results.lines.len() < MAX_LINES {
                    let row = super::kwic::line(&article.path, text, range.clone(), CONTEXT_CHARS);
                    results.lines.push(ConcordanceLine {
                        article: id,
                        hit: n,
                        left: row.left.into(),
                        text: row.hit.into(),
                        right: row.right.into(),
                    });
                } else {
                    results.lines_dropped += 1;
                }
                n = n.saturating_add(1);
            }
        }
    }
    progress(to_read, to_read);
    Ok(results)
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
        let mut matcher = Matcher::new(parse("bridge").unwrap());
        let mut calls = 0;
        let results = search_corpus(
            &corpus.root,
            &corpus.articles,
            None,
            &mut matcher,
            &|| false,
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
            &mut matcher,
            &|| true,
            &mut |_, _| {},
        );
        assert!(matches!(stopped, Err(SearchError::Cancelled)));
    }
}
