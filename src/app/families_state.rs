//! What the story families' parts of the window read: their settings (remembered), the
//! families of the open corpus, the family shown and the comparison of two articles.

use std::sync::{Arc, Weak};

use super::jobs::Progress;
use crate::analysis::families::diff::WordDiff;
use crate::analysis::families::{DEFAULT_THRESHOLD, Families, FamilyId};
use crate::corpus::{Article, ArticleId, IdSet};

/// The families' settings (remembered between runs).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FamiliesSettings {
    /// The similarity an article must have with a family's first member to join it.
    pub threshold: f32,
    /// Keep only the earliest article of each family everywhere (table, timeline, series,
    /// word statistics, facet counts).
    pub one_per_family: bool,
}

impl Default for FamiliesSettings {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
            one_per_family: false,
        }
    }
}

/// Where finding the families of the open corpus stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum FamiliesStatus {
    /// Not started (no finished corpus yet, or its tokens are being counted).
    #[default]
    Waiting,
    /// Signing the articles and finding the families.
    Finding,
    /// Found.
    Ready,
    /// They could not be found.
    Failed(String),
}

/// Two articles compared side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The left article (usually the family's first).
    pub left: ArticleId,
    /// The right article.
    pub right: ArticleId,
    /// The comparison's number (older answers are dropped).
    pub seq: u64,
    /// The words compared, once read, or why not.
    pub diff: Option<Result<WordDiff, String>>,
}

/// The families' state.
#[derive(Debug, Default)]
pub struct FamiliesState {
    /// Where finding them stands.
    pub status: FamiliesStatus,
    /// The families of the open corpus, once found.
    pub families: Option<Arc<Families>>,
    /// The articles the families were found in.
    pub(super) for_articles: Weak<Vec<Article>>,
    /// What "one per family" keeps (every article but the later members of each family).
    pub kept: Option<IdSet>,
    /// Articles signed so far and to sign.
    pub progress: Arc<Progress>,
    /// The families window is open.
    pub window_open: bool,
    /// The family the window shows (`None`: the list of families).
    pub shown: Option<FamilyId>,
    /// The table is sorted by family size (descending when true), members together.
    pub sort: Option<bool>,
    /// The side-by-side comparison, when open.
    pub comparison: Option<Comparison>,
    /// The member of the family shown the others are compared with (`None`: its first).
    pub compare_with: Option<ArticleId>,
    /// The number of the last comparison asked for.
    pub(super) compare_seq: u64,
    /// The threshold of the families asked for last.
    pub(super) requested: Option<f32>,
}

impl FamiliesState {
    /// The families, when found for `articles` (and not being found again).
    pub fn ready(&self, articles: &Arc<Vec<Article>>) -> Option<&Families> {
        self.families
            .as_deref()
            .filter(|_| self.status == FamiliesStatus::Ready && self.found_in(articles))
    }

    /// What "one per family" keeps of `articles`, when their families are known (while they
    /// are found again at another threshold, the last ones).
    pub fn kept_for(&self, articles: &Arc<Vec<Article>>) -> Option<&IdSet> {
        self.kept.as_ref().filter(|_| self.found_in(articles))
    }

    fn found_in(&self, articles: &Arc<Vec<Article>>) -> bool {
        std::ptr::eq(self.for_articles.as_ptr(), Arc::as_ptr(articles))
    }
}
