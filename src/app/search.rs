//! The window's search state: the text in the search box, the query in effect, the results of
//! the newest search, the index's state and the concordance's order.

use std::sync::Arc;

use crate::corpus::Article;
use crate::corpus::query::ArticleId;
use crate::search::{ConcordanceLine, Query, SearchIndex, SearchResults, SyntaxError, UpdateStats};

/// The search index of the open corpus.
#[derive(Default)]
pub enum IndexState {
    /// No finished corpus yet (or no cache directory).
    #[default]
    NotStarted,
    /// Being built or brought up to date.
    Building,
    /// Ready.
    Ready(Arc<SearchIndex>, UpdateStats),
    /// It could not be built; search reads every article instead.
    Failed(String),
}

/// What the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CentralTab {
    /// The article table.
    #[default]
    Articles,
    /// Every hit in context.
    Concordance,
}

/// The concordance's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConcordanceSort {
    /// The table's order, each article's hits in text order.
    #[default]
    Table,
    /// By the words before the hit, nearest first (as AntConc's 1L, 2L, …).
    Left,
    /// By the hit as written, ignoring case.
    Hit,
    /// By the words after the hit.
    Right,
    /// By the article's date (undated last).
    Date,
    /// By the article's title.
    Title,
}

/// The window's search.
#[derive(Default)]
pub struct SearchState {
    /// What is in the search box.
    pub text: String,
    /// Why the text is not a valid query (the query in effect stays the last valid one).
    pub error: Option<SyntaxError>,
    /// The query in effect.
    pub query: Option<Query>,
    /// The text of the query in effect.
    pub query_text: String,
    /// The newest search's number.
    pub(super) generation: u64,
    /// A search is running (or waits for the scan to finish).
    pub running: bool,
    /// Why the newest search failed.
    pub failure: Option<String>,
    /// The results of the query in effect on the open corpus.
    pub results: Option<Arc<SearchResults>>,
    /// The search the results come from.
    pub(super) results_generation: u64,
    /// The index.
    pub index: IndexState,
    /// Sort the table by hits: `Some(descending)`.
    pub sort_by_hits: Option<bool>,
    /// The concordance's order and direction.
    pub concordance_sort: (ConcordanceSort, bool),
    /// Indices into the results' lines, in the concordance's order, for the articles the table
    /// shows.
    pub concordance: Vec<u32>,
    pub(super) concordance_dirty: bool,
}

impl SearchState {
    /// True when a query is in effect.
    pub fn active(&self) -> bool {
        self.query.is_some()
    }

    /// Hits per article of the query in effect, when its results are in.
    pub fn counts(&self) -> Option<&[u32]> {
        self.results.as_deref().map(|r| r.counts.as_slice())
    }

    /// The index, when ready.
    pub fn ready_index(&self) -> Option<Arc<SearchIndex>> {
        match &self.index {
            IndexState::Ready(index, _) => Some(Arc::clone(index)),
            _ => None,
        }
    }
}

/// The concordance lines (in corpus order) of the articles the table shows (`table`, in its
/// order), in `order`; ties keep the table's order.
pub fn concordance_order(
    lines: &[ConcordanceLine],
    articles: &[Article],
    table: &[ArticleId],
    (order, descending): (ConcordanceSort, bool),
) -> Vec<u32> {
    let mut rows: Vec<u32> = Vec::with_capacity(lines.len().min(table.len() * 4));
    for &id in table {
        let first = lines.partition_point(|l| l.article < id);
        let count = lines
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|l| l.article == id)
            .count();
        rows.extend((first..first + count).filter_map(|i| u32::try_from(i).ok()));
    }
    let line = |i: u32| &lines[i as usize];
    let article = |id: ArticleId| articles.get(id as usize);
    match order {
        ConcordanceSort::Table => {}
        ConcordanceSort::Left => {
            rows.sort_by_cached_key(|&i| words_key(line(i).left.split_whitespace().rev()));
        }
        ConcordanceSort::Right => {
            rows.sort_by_cached_key(|&i| words_key(line(i).right.split_whitespace()));
        }
        ConcordanceSort::Hit => rows.sort_by_cached_key(|&i| line(i).text.to_lowercase()),
        ConcordanceSort::Date => {
            // Undated last in both directions: sort them apart.
            rows.sort_by_key(|&i| {
                article(line(i).article)
                    .and_then(|a| a.date)
                    .map_or((true, None), |d| (false, Some(d)))
            });
        }
        ConcordanceSort::Title => rows.sort_by_cached_key(|&i| {
            article(line(i).article).map_or_else(String::new, |a| a.title.to_lowercase())
        }),
    }
    if descending {
        if order == ConcordanceSort::Date {
            let dated = rows
                .iter()
                .take_while(|&&i| article(line(i).article).is_some_and(|a| a.date.is_some()))
                .count();
            rows[..dated].reverse();
        } else {
            rows.reverse();
        }
    }
    rows
}

/// A sort key of words (punctuation around them ignored, case folded), one after another.
fn words_key<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    words
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .take(4)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(article: ArticleId, left: &str, text: &str, right: &str) -> ConcordanceLine {
        ConcordanceLine {
            article,
            hit: 0,
            left: left.into(),
            text: text.into(),
            right: right.into(),
        }
    }

    #[test]
    fn concordance_sorts_by_the_nearest_words_and_keeps_shown_articles() {
        let lines = [
            line(0, "the old ", "bridge", " fell, said"),
            line(1, "a new ", "Bridge", " opened"),
            line(2, "(an old) ", "bridge", " again"),
            line(3, "hidden ", "bridge", " zzz"),
        ];
        let articles: Vec<Article> = (0..4)
            .map(|i| Article::for_test(&format!("a{i}.txt")))
            .collect();
        // The table shows articles 2, 0 and 1, in that order (3 is filtered out).
        let table = [2, 0, 1];
        let by =
            |order, descending| concordance_order(&lines, &articles, &table, (order, descending));
        assert_eq!(by(ConcordanceSort::Table, false), [2, 0, 1]);
        // Nearest left word first: "new" < "old"; then "an" < "the".
        assert_eq!(by(ConcordanceSort::Left, false), [1, 2, 0]);
        assert_eq!(by(ConcordanceSort::Left, true), [0, 2, 1]);
        assert_eq!(by(ConcordanceSort::Right, false), [2, 0, 1]);
    }
}
