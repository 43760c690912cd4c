//! Story families: wire copies, reprints and updated versions of one article, found so that
//! each story can be counted once.
//!
//! Every article gets a MinHash signature of its word 5-gram shingles ([`minhash`]), computed
//! from the token store and kept beside it ([`store`]); candidate pairs come from banding the
//! signatures, each is checked against a similarity threshold, and families are grown around
//! their earliest member so that no family chains unrelated texts ([`cluster`] says how).
//! Memory: 256 bytes of signature an article, plus about 40 while families are found.

mod cluster;
pub mod diff;
pub mod minhash;
pub mod store;

pub use minhash::{PERMUTATIONS, SHINGLE_WORDS, Signature, similarity};
pub use store::{SignStats, Signatures, default_signatures_path, signatures_path_in};

use crate::corpus::{Article, ArticleId, IdSet};

/// The similarity (estimated Jaccard similarity of word 5-gram shingles with the family's first
/// member) an article must reach to join a family, unless the user chooses another. Chosen by
/// measurement on the planted-variant benchmark (see README, Performance).
pub const DEFAULT_THRESHOLD: f32 = 0.3;

/// The number of a family (0 is the largest).
pub type FamilyId = u32;

const NONE: u32 = u32::MAX;

/// The families of two or more articles of one corpus.
#[derive(Clone, Debug, Default)]
pub struct Families {
    /// Each article's family, or [`NONE`].
    family_of: Vec<u32>,
    /// Each article's estimated similarity with its family's first member (1 for the first).
    similarity: Vec<f32>,
    /// The members of each family in date order; families by size (largest first), then by
    /// their first member's date and path.
    members: Vec<Vec<ArticleId>>,
    threshold: f32,
}

/// The articles' ids in date order: dated ones by day, then undated ones; within a day the
/// longest first (a trimmed copy, run the same day as the wire story, comes after it), then by
/// path (the order of the ids).
pub fn date_order(articles: &[Article]) -> Vec<ArticleId> {
    let mut order: Vec<ArticleId> = (0..articles.len())
        .filter_map(|i| ArticleId::try_from(i).ok())
        .collect();
    order.sort_by_key(|&id| {
        let article = articles.get(id as usize);
        let date = article.and_then(|a| a.date);
        let words = article.map_or(0, |a| a.words);
        (date.is_none(), date, std::cmp::Reverse(words), id)
    });
    order
}

impl Families {
    /// The families of `articles` (whose signatures are `signatures`) at `threshold`; `None`
    /// when `cancelled` said so on the way.
    pub fn find(
        signatures: &Signatures,
        articles: &[Article],
        threshold: f32,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Self> {
        let order = date_order(articles);
        let placed = cluster::place(signatures, &order, threshold, cancelled)?;
        let mut members: Vec<Vec<ArticleId>> = Vec::new();
        let mut family_at_first: Vec<u32> = vec![NONE; order.len()];
        let mut similarity = vec![1.0f32; articles.len()];
        for (rank, place) in placed.iter().enumerate() {
            let Some(place) = place else { continue };
            let (Some(&id), Some(slot)) = (
                order.get(rank),
                family_at_first.get_mut(place.first as usize),
            ) else {
                continue;
            };
            if *slot == NONE {
                *slot = u32::try_from(members.len()).unwrap_or(NONE);
                members.push(Vec::new());
            }
            if let Some(list) = members.get_mut(*slot as usize) {
                list.push(id);
            }
            if let Some(s) = similarity.get_mut(id as usize) {
                *s = place.similarity;
            }
        }
        drop(family_at_first);
        members.retain(|m| m.len() >= 2);
        // Families were made in their first members' date order: a stable sort by size keeps
        // that order among families of one size.
        members.sort_by_key(|m| std::cmp::Reverse(m.len()));
        members.shrink_to_fit();
        let mut family_of = vec![NONE; articles.len()];
        for (family, list) in members.iter().enumerate() {
            for &id in list {
                if let Some(slot) = family_of.get_mut(id as usize) {
                    *slot = u32::try_from(family).unwrap_or(NONE);
                }
            }
        }
        for (s, f) in similarity.iter_mut().zip(&family_of) {
            if *f == NONE {
                *s = 1.0;
            }
        }
        Some(Self {
            family_of,
            similarity,
            members,
            threshold,
        })
    }

    /// The number of families (of two or more articles).
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when no two articles are of one family.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The threshold the families were found at.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The number of articles of the corpus the families were found in.
    pub fn bound(&self) -> usize {
        self.family_of.len()
    }

    /// The family of an article, if it has one.
    pub fn family_of(&self, id: ArticleId) -> Option<FamilyId> {
        self.family_of
            .get(id as usize)
            .copied()
            .filter(|&f| f != NONE)
    }

    /// The number of articles of an article's family (1 when it has none).
    pub fn size_of(&self, id: ArticleId) -> usize {
        self.family_of(id).map_or(1, |f| self.members(f).len())
    }

    /// An article's estimated similarity with its family's first member (1 for the first, and
    /// for an article without a family).
    pub fn similarity(&self, id: ArticleId) -> f32 {
        self.similarity.get(id as usize).copied().unwrap_or(1.0)
    }

    /// The members of a family, in date order (the first is the earliest).
    pub fn members(&self, family: FamilyId) -> &[ArticleId] {
        self.members.get(family as usize).map_or(&[], Vec::as_slice)
    }

    /// Every family with its members, largest first.
    pub fn iter(&self) -> impl Iterator<Item = (FamilyId, &[ArticleId])> {
        self.members
            .iter()
            .enumerate()
            .map(|(f, m)| (u32::try_from(f).unwrap_or(NONE), m.as_slice()))
    }

    /// The number of articles that are in a family.
    pub fn members_total(&self) -> usize {
        self.members.iter().map(Vec::len).sum()
    }

    /// Every article but the later members of each family: what counting each story once
    /// keeps (a story counts where and when it first appeared).
    pub fn one_per_family(&self) -> IdSet {
        let mut kept = IdSet::full(self.bound());
        let mut later = IdSet::with_bound(self.bound());
        for list in &self.members {
            for &id in list.iter().skip(1) {
                later.insert(id);
            }
        }
        kept.difference_with(&later);
        kept
    }
}

/// One row of `duplicates`: an article of a family.
#[derive(Debug, serde::Serialize)]
pub struct FamilyRow<'a> {
    /// The family's number, from 1, in the order of the rows.
    pub family: u32,
    /// The article's path, as `list` prints it.
    pub path: &'a str,
    /// Its day, if it is dated.
    pub date: Option<String>,
    /// Its title.
    pub title: &'a str,
    /// Its estimated similarity with the family's first member, rounded to 4 decimals.
    pub similarity: f64,
}

/// The columns of a [`FamilyRow`], in order.
pub const FAMILY_COLUMNS: [&str; 5] = ["family", "path", "date", "title", "similarity"];

impl Families {
    /// One row per member of every family, families largest first, members by date.
    pub fn rows<'a>(&self, articles: &'a [Article]) -> Vec<FamilyRow<'a>> {
        let mut rows = Vec::with_capacity(self.members_total());
        for (number, (_, list)) in (1u32..).zip(self.iter()) {
            for &id in list {
                let Some(article) = articles.get(id as usize) else {
                    continue;
                };
                rows.push(FamilyRow {
                    family: number,
                    path: &article.path,
                    date: article.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    title: &article.title,
                    similarity: (f64::from(self.similarity(id)) * 10_000.0).round() / 10_000.0,
                });
            }
        }
        rows
    }
}

/// Write `rows` in `format` (TSV and CSV with a header of [`FAMILY_COLUMNS`]).
///
/// # Errors
///
/// Writing fails.
pub fn write_families<W: std::io::Write>(
    out: W,
    format: crate::corpus::export::ExportFormat,
    rows: &[FamilyRow<'_>],
) -> std::io::Result<()> {
    crate::corpus::export::write_rows(out, format, &FAMILY_COLUMNS, rows, &|row| {
        vec![
            row.family.to_string(),
            row.path.to_owned(),
            row.date.clone().unwrap_or_default(),
            row.title.to_owned(),
            row.similarity.to_string(),
        ]
    })
}
