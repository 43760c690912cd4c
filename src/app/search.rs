//! The window's search state: the text in the search box, the query in effect, the results of
//! the newest search, the index's state and the concordance's order.

use std::sync::Arc;

use crate::search::index::IndexError;
use crate::search::{
    ConcordanceOrder, Query, SearchError, SearchIndex, SearchResults, SyntaxError, UpdateStats,
};

/// Why the open corpus has no search index (search then reads every article).
#[derive(Debug, thiserror::Error)]
pub enum IndexFailure {
    /// The index could not be opened, built or updated.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The indexer hit a bug (a panic, with its message).
    #[error("the indexer failed unexpectedly: {0}")]
    Crashed(String),
}

/// Why the newest search gave no results.
#[derive(Debug, thiserror::Error)]
pub enum SearchFailure {
    /// The search worker did not take the request.
    #[error("the search worker is busy or stopped; type the query again")]
    WorkerBusy,
    /// The search itself failed.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The search hit a bug (a panic, with its message).
    #[error("the search failed unexpectedly: {0}")]
    Crashed(String),
}

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
    Failed(IndexFailure),
}

/// The window's search.
#[derive(Default)]
pub struct SearchState {
    /// What is in the search box.
    pub text: String,
    /// Why the text is not a valid query (the query in effect stays the last valid one).
    pub error: Option<SyntaxError>,
    /// The query in effect (its text part).
    pub query: Option<Query>,
    /// Its `source:`, `author:` and `tag:` terms.
    pub fields: crate::search::FieldFilters,
    /// The text of the query in effect.
    pub query_text: String,
    /// The newest search's number.
    pub generation: u64,
    /// A search is running (or waits for the scan to finish).
    pub running: bool,
    /// Why the newest search failed.
    pub failure: Option<SearchFailure>,
    /// The results of the query in effect on the open corpus.
    pub results: Option<Arc<SearchResults>>,
    /// The search the results come from.
    pub results_generation: u64,
    /// The index.
    pub index: IndexState,
    /// Sort the table by hits: `Some(descending)`.
    pub sort_by_hits: Option<bool>,
    /// The concordance's order and direction.
    pub concordance_order: ConcordanceOrder,
    /// Indices into the results' lines, in the concordance's order, for the articles the table
    /// shows.
    pub concordance: Vec<u32>,
}

impl SearchState {
    /// True when a query with words is in effect (it has hits).
    pub fn active(&self) -> bool {
        self.query.is_some()
    }

    /// True when a query narrows the table (words, or only fields).
    pub fn narrows(&self) -> bool {
        self.query.is_some() || !self.fields.is_empty()
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
