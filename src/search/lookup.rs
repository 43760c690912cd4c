//! Which article each document of the index is, worked out once for one state of the index, so
//! that many queries (the trends' series) give sets of article ids with no per-hit hashing: a
//! query's documents become bits of an [`IdSet`] by looking their number up in a table.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::index::{IndexError, SearchIndex, article_key, key_hash};
use super::syntax::Query;
use crate::corpus::{Article, ArticleId, IdSet};

/// No article (a document of an article the corpus no longer has).
const NO_ARTICLE: ArticleId = ArticleId::MAX;

/// The article of every document of one state of a [`SearchIndex`].
pub struct ArticleLookup {
    searcher: tantivy::Searcher,
    /// Per segment, the article of each document.
    segments: Vec<Arc<[ArticleId]>>,
    /// The number of articles (the bound of the sets given out).
    articles: usize,
}

impl std::fmt::Debug for ArticleLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArticleLookup")
            .field("segments", &self.segments.len())
            .field("articles", &self.articles)
            .finish_non_exhaustive()
    }
}

impl ArticleLookup {
    /// Match the documents of `index` (as it is now) with `articles`, which it must hold.
    pub fn new(index: &SearchIndex, articles: &[Article]) -> Result<Self, IndexError> {
        let by_hash: HashMap<u64, ArticleId, rustc_hash::FxBuildHasher> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let id = ArticleId::try_from(i).unwrap_or(NO_ARTICLE);
                (key_hash(&article_key(a)), id)
            })
            .collect();
        let searcher = index.searcher();
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let column = reader.fast_fields().u64("key_hash")?;
            let ids: Arc<[ArticleId]> = (0..reader.max_doc())
                .map(|doc| {
                    column
                        .first(doc)
                        .and_then(|hash| by_hash.get(&hash).copied())
                        .unwrap_or(NO_ARTICLE)
                })
                .collect();
            segments.push(ids);
        }
        Ok(Self {
            searcher,
            segments,
            articles: articles.len(),
        })
    }

    /// The articles that match `query` (`index` must be the one this was built from).
    pub fn matching(&self, index: &SearchIndex, query: &Query) -> Result<IdSet, IndexError> {
        let query = index.to_tantivy(query);
        let collector = IdCollector {
            segments: &self.segments,
            articles: self.articles,
        };
        Ok(self.searcher.search(&*query, &collector)?)
    }

    /// The number of articles it knows.
    pub fn articles(&self) -> usize {
        self.articles
    }
}

/// Gathers the articles of the matching documents.
struct IdCollector<'a> {
    segments: &'a [Arc<[ArticleId]>],
    articles: usize,
}

struct SegmentIds {
    ids: Arc<[ArticleId]>,
    found: IdSet,
}

impl Collector for IdCollector<'_> {
    type Fruit = IdSet;
    type Child = SegmentIds;

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        _segment: &SegmentReader,
    ) -> tantivy::Result<SegmentIds> {
        let ids = self
            .segments
            .get(segment_local_id as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new()));
        Ok(SegmentIds {
            ids,
            found: IdSet::with_bound(self.articles),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<IdSet>) -> tantivy::Result<IdSet> {
        let mut all = IdSet::with_bound(self.articles);
        for fruit in &fruits {
            all.union_with(fruit);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentIds {
    type Fruit = IdSet;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(&id) = self.ids.get(doc as usize) {
            self.found.insert(id);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            if let Some(&id) = self.ids.get(doc as usize) {
                self.found.insert(id);
            }
        }
    }

    fn harvest(self) -> IdSet {
        self.found
    }
}
