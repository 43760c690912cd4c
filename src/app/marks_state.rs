//! What the panels read of the marks and the facets: the open folder's tags, stars and notes
//! joined to its articles, and the facet panel's choices and counts. Changed only by the
//! commands in `marks.rs`.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::corpus::facets::{FacetColumn, FacetValue};
use crate::corpus::marks::attach::{find, key_of};
use crate::corpus::marks::{ArticleKey, Attached, Change, Mark, Marks, Store, TagDef, fingerprint};
use crate::corpus::{Article, ArticleId};

/// The panel's facets: [`crate::corpus::facets::Facet::ALL`], then the tags.
pub const PANEL_FACETS: usize = 6;
/// The Tag facet's place in the panel.
pub const TAG_FACET: usize = 5;

/// The marks of the open folder, as the panels read them.
#[derive(Default)]
pub struct MarksState {
    /// Where they are kept (`None` until the folder's marks are open).
    pub store: Option<Store>,
    /// The marks, with this window's changes not yet written.
    pub marks: Marks,
    /// Joined to the corpus.
    pub attached: Attached,
    /// Every article's tags, as a facet column (values by name).
    pub tags: FacetColumn,
    /// The last failure to read or write them.
    pub error: Option<String>,
    /// The corpus they are joined to.
    pub(super) articles: Option<Arc<Vec<Article>>>,
    pub(super) unsent: Vec<Change>,
    pub(super) in_flight: Option<(u64, Vec<Change>)>,
    pub(super) seq: u64,
    pub(super) last_sent: Option<Instant>,
    pub(super) last_poll: Option<Instant>,
    pub(super) stamp: Option<(u64, SystemTime)>,
    /// Commits numbered up to this one were for the folder shown before.
    pub(super) foreign_until: u64,
}

impl MarksState {
    /// The marks of article `id`.
    pub fn mark_of(&self, id: ArticleId) -> Option<&Mark> {
        self.marks.get(self.attached.ids.get(&id)?)
    }

    /// The codebook entries of `mark`'s tags, in codebook order.
    pub fn tags_of<'a>(&'a self, mark: &'a Mark) -> impl Iterator<Item = &'a TagDef> + 'a {
        self.marks
            .codebook
            .iter()
            .filter(|t| mark.tags.contains(&t.name))
    }

    /// True while changes wait to be written.
    pub fn is_saving(&self) -> bool {
        !self.unsent.is_empty() || self.in_flight.is_some()
    }

    /// Build the Tag column again from the marks.
    pub(super) fn rebuild_tags(&mut self) {
        let n = self.articles.as_ref().map_or(0, |a| a.len());
        let mut names: Vec<&str> = self
            .marks
            .codebook
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        names.sort_unstable();
        let values: Vec<FacetValue> = names
            .iter()
            .map(|&name| FacetValue {
                key: name.into(),
                shown: name.into(),
                spellings: Vec::new(),
            })
            .collect();
        let lists: Vec<(ArticleId, Vec<u32>)> = self
            .attached
            .ids
            .iter()
            .filter_map(|(&id, key)| {
                let mark = self.marks.get(key)?;
                let list: Vec<u32> = mark
                    .tags
                    .iter()
                    .filter_map(|t| names.binary_search(&t.as_str()).ok())
                    .map(|i| i as u32)
                    .collect();
                Some((id, list))
            })
            .collect();
        self.tags = FacetColumn::from_lists(
            values,
            n,
            lists.iter().map(|(id, list)| (*id, list.as_slice())),
        );
    }

    /// Apply `changes` here (the store gets them soon); true when anything changed.
    pub(super) fn apply_local(&mut self, changes: Vec<Change>) -> bool {
        let Some(articles) = self.articles.clone() else {
            return false;
        };
        let mut changed = false;
        for change in &changes {
            if self.marks.apply(change) {
                changed = true;
                if let Change::Tag { key, .. } | Change::Star { key, .. } | Change::Note { key, .. } =
                    change
                    && let Some(id) = find(&articles, key)
                {
                    self.attached.ids.insert(id, key.clone());
                }
            }
        }
        if changed {
            self.unsent.extend(changes);
            self.rebuild_tags();
        }
        changed
    }

    /// The key and fingerprint of article `id`.
    pub(super) fn key(&self, id: ArticleId) -> Option<(ArticleKey, u64)> {
        let articles = self.articles.as_deref()?;
        let key = key_of(articles, &self.attached.numbers, id)?;
        Some((key, fingerprint(articles.get(id as usize)?)))
    }

    /// Join the marks to the corpus again (after another process's changes were merged).
    pub(super) fn reattach(&mut self) {
        let Some(articles) = self.articles.clone() else {
            return;
        };
        let numbers = std::mem::take(&mut self.attached.numbers);
        let (ids, missing) = crate::corpus::marks::attach::join_keys(&self.marks, &articles);
        self.attached = Attached {
            numbers,
            ids,
            missing,
            moves: Vec::new(),
        };
        self.rebuild_tags();
    }
}

/// The facet panel's choices and counts.
#[derive(Clone, Debug, Default)]
pub struct FacetsState {
    /// The columns read from the articles ([`crate::corpus::facets::Facet::ALL`] order), once
    /// built.
    pub columns: Option<Arc<Vec<FacetColumn>>>,
    /// The chosen values' keys, per panel facet.
    pub chosen: [Vec<Box<str>>; PANEL_FACETS],
    /// Per panel facet, each value's count (indexed like the column's values).
    pub counts: Vec<Vec<u32>>,
    /// Articles the choices hide.
    pub hidden: usize,
}

impl FacetsState {
    /// True when a value is chosen in some facet.
    pub fn is_active(&self) -> bool {
        self.chosen.iter().any(|c| !c.is_empty())
    }
}
