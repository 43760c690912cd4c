//! Which articles match each of several queries, found by reading every article once, without
//! an index: for a folder that has none yet, one pass over the files answers a few queries
//! sooner than building the index would (`trends` on a folder opened for the first time). The
//! [`Matcher`] decides, as it does for every search; the [`Prefilter`] spares it the articles
//! that cannot match.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::analysis::analyzer;
use super::index::MAX_INDEXED_BYTES;
use super::matcher::Matcher;
use super::prefilter::{OtherWords, Prefilter, Verdict};
use super::run::{SearchError, on_every_core};
use super::syntax::Query;
use crate::corpus::{Article, ArticleId, BodyLoader, IdSet};

/// Articles one worker takes at a time.
const CHUNK: usize = 256;

/// What reading found.
#[derive(Debug)]
pub struct ReadMatches {
    /// Per query, the articles (of those read) that match it.
    pub matching: Vec<IdSet>,
    /// Articles whose text could not be read (they match no query).
    pub unreadable: usize,
}

/// Read the articles `ids` of `articles` (under `root`) once, on all cores, and find which
/// match each of `queries`. `stop` is polled between articles.
pub fn match_by_reading(
    root: &Path,
    articles: &[Article],
    ids: &[ArticleId],
    queries: &[Query],
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<ReadMatches, SearchError> {
    let next = AtomicUsize::new(0);
    let chunks: Vec<&[ArticleId]> = ids.chunks(CHUNK).collect();
    let work = || read_chunks(root, articles, &chunks, &next, queries, stop);
    let parts = on_every_core("match", chunks.len(), work, &work);
    if stop() {
        return Err(SearchError::Cancelled);
    }
    let mut matching: Vec<Vec<ArticleId>> = vec![Vec::new(); queries.len()];
    let mut unreadable = 0;
    for (found, part_unreadable) in parts {
        unreadable += part_unreadable;
        for (all, part) in matching.iter_mut().zip(found) {
            all.extend(part);
        }
    }
    Ok(ReadMatches {
        matching: matching
            .into_iter()
            .map(|ids| IdSet::of(articles.len(), ids))
            .collect(),
        unreadable,
    })
}

/// What one worker found: per query, the articles (of the chunks it took) that match; and how
/// many it could not read.
type Found = (Vec<Vec<ArticleId>>, usize);

/// One worker's part of [`match_by_reading`]: chunks of `ids` taken in turn from `next`.
fn read_chunks(
    root: &Path,
    articles: &[Article],
    chunks: &[&[ArticleId]],
    next: &AtomicUsize,
    queries: &[Query],
    stop: &(dyn Fn() -> bool + Sync),
) -> Found {
    let mut matchers: Vec<(Prefilter, Matcher)> = queries
        .iter()
        .map(|q| (Prefilter::new(q), Matcher::new(q.clone())))
        .collect();
    let mut loader = BodyLoader::default();
    let mut analyzer = analyzer();
    let mut other = OtherWords::default();
    let mut found: Vec<Vec<ArticleId>> = vec![Vec::new(); queries.len()];
    let mut unreadable = 0;
    while let Some(chunk) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) {
        for &id in *chunk {
            if stop() {
                return (found, unreadable);
            }
            let Some(article) = articles.get(id as usize) else {
                continue;
            };
            let body = match loader.load(root, article, MAX_INDEXED_BYTES) {
                Ok(body) => body,
                Err(err) => {
                    log::warn!("not searched: {err}");
                    unreadable += 1;
                    continue;
                }
            };
            other.find(&mut analyzer, &article.title, &body.text);
            for ((prefilter, matcher), out) in matchers.iter_mut().zip(&mut found) {
                let matched = match prefilter.verdict(&article.title, &body.text, &other) {
                    Verdict::Cannot => false,
                    Verdict::Matches => true,
                    Verdict::Tokenize => matcher.run(&article.title, &body.text).is_some(),
                };
                if matched {
                    out.push(id);
                }
            }
        }
    }
    (found, unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::search_corpus;
    use crate::search::syntax::parse;

    /// Reading once for several queries finds what a search without an index finds for each.
    #[test]
    fn one_reading_finds_what_each_search_finds() {
        let dir = tempfile::tempdir().unwrap();
        let texts = [
            "Harbour dues rise\n\nThe city council met on the harbour dues.",
            "Ferry timetable\n\nThe ferry runs twice a day; no word of a strike.",
            "Félix on the HARBOUR\n\nFélix Åberg spoke.",
            "Tunnel\n\nA rumour about the ferry and the tunnel.",
            "Quota\n\nNothing here.",
            "记录\n\n记录就是记录",
        ];
        for _ in 0..3 {
            for (i, text) in texts.iter().enumerate() {
                let n = std::fs::read_dir(dir.path()).unwrap().count();
                std::fs::write(dir.path().join(format!("{n:03}-{i}.txt")), text).unwrap();
            }
        }
        let corpus: crate::corpus::Corpus =
            crate::corpus::start_scan(dir.path(), crate::corpus::ScanOptions::default())
                .unwrap()
                .collect();
        let queries: Vec<Query> = [
            "harbour",
            "\"city council\"",
            "ferry -rumour",
            "félix",
            "记录",
            "tunnel OR quota",
        ]
        .iter()
        .map(|q| parse(q).unwrap())
        .collect();
        let all: Vec<ArticleId> = (0..corpus.articles.len() as ArticleId).collect();
        let read =
            match_by_reading(&corpus.root, &corpus.articles, &all, &queries, &|| false).unwrap();
        assert_eq!(read.unreadable, 0);
        for (query, found) in queries.iter().zip(&read.matching) {
            let searched = search_corpus(
                &corpus.root,
                &corpus.articles,
                None,
                query,
                &|| false,
                &mut |_| {},
                &mut |_, _| {},
            )
            .unwrap()
            .matching_ids();
            assert_eq!(
                found.iter().collect::<Vec<_>>(),
                searched.iter().collect::<Vec<_>>()
            );
            assert!(found.len() >= 3, "{query:?}");
        }
        // Only the articles asked for are read.
        let some = &all[..6];
        let read =
            match_by_reading(&corpus.root, &corpus.articles, some, &queries, &|| false).unwrap();
        assert!(read.matching.iter().all(|m| m.iter().all(|id| id < 6)));
        let stopped = match_by_reading(&corpus.root, &corpus.articles, &all, &queries, &|| true);
        assert!(matches!(stopped, Err(SearchError::Cancelled)));
    }
}
