//! From signatures to families: candidate pairs by locality-sensitive hashing, each candidate
//! checked against the threshold, and families grown around their first member.
//!
//! 1. **Text-identical articles** (the same token sequence: byte-identical files, the same
//!    text in another format or wrapping) are one article for what follows; they join the
//!    family of the earliest of them with its similarity.
//! 2. **Candidates.** A signature's 128 places are cut into bands of `r` places; two articles
//!    whose values agree in a whole band are a candidate pair. `r` is the largest that finds a
//!    pair at the threshold with a probability of at least 99.5 % (`1 − (1 − tʳ)^(128/r)`): 2
//!    at the default threshold, so 64 bands.
//! 3. **Families without chaining.** Articles are taken in date order (undated last; within a
//!    day the longest first, the likeliest original of its copies; then by path). An article joins the family of an earlier candidate only when its similarity with
//!    *that family's first member* reaches the threshold (of those that do, the most similar);
//!    otherwise it starts a family. So every member resembles the first directly, and a long
//!    series of small edits cannot join two unrelated texts through the articles between
//!    them: when the drift from the first member passes the threshold, a new family starts.

use super::minhash::{PERMUTATIONS, Signature, similarity};
use super::store::Signatures;
use crate::corpus::ArticleId;
use crate::corpus::catalog::mix;

/// Articles sharing a band beyond which an article is paired only with the ones just before
/// it (in date order): a band value shared by hundreds is a shingle of boilerplate.
const BUCKET_PAIRS: usize = 64;

/// How an article stands: the first member of its family (an index into the order), and its
/// estimated similarity with that first member.
#[derive(Clone, Copy, Debug)]
pub(super) struct Placed {
    pub first: u32,
    pub similarity: f32,
}

/// The fewest places in a band. Bands of one place make every article that shares a single
/// least hash with another a candidate: below a threshold of about 0.28, where 99.5 % would
/// ask for them, the candidates grow by orders of magnitude (measured: 14 times the time and 9
/// times the memory at 100,000 articles) for pairs that verification mostly rejects. With two,
/// a pair at 0.2 is still found 93 % of the time.
const FEWEST_ROWS: usize = 2;

/// Places in a band for `threshold`: the largest that still finds a pair at the threshold
/// with a probability of 99.5 %, and at least [`FEWEST_ROWS`].
pub(super) fn rows_per_band(threshold: f32) -> usize {
    let t = f64::from(threshold.clamp(0.01, 1.0));
    (FEWEST_ROWS..=16)
        .rev()
        .find(|&r| {
            let bands = (PERMUTATIONS / r) as i32;
            1.0 - (1.0 - t.powi(r as i32)).powi(bands) >= 0.995
        })
        .unwrap_or(FEWEST_ROWS)
}

/// The articles in date order, each reached by its place (its rank).
struct Ranked<'a> {
    signatures: &'a Signatures,
    order: &'a [ArticleId],
}

impl Ranked<'_> {
    fn signature(&self, rank: u32) -> Option<&Signature> {
        self.signatures.get(*self.order.get(rank as usize)?)
    }

    /// For each rank, the earliest text-identical article (itself when it is the earliest),
    /// and the ranks of the articles with tokens that are the earliest of their text.
    fn identical(&self) -> (Vec<u32>, Vec<u32>) {
        let mut by_text: Vec<(u64, u32)> = (0..self.order.len())
            .filter_map(|rank| {
                let rank = u32::try_from(rank).ok()?;
                let hash = self.signatures.text_hash(*self.order.get(rank as usize)?);
                (hash != 0).then_some((hash, rank))
            })
            .collect();
        by_text.sort_unstable();
        let mut same_as: Vec<u32> = (0..self.order.len())
            .map(|r| u32::try_from(r).unwrap_or(u32::MAX))
            .collect();
        for run in by_text.chunk_by(|a, b| a.0 == b.0) {
            if let Some(&(_, earliest)) = run.first() {
                for &(_, rank) in run.iter().skip(1) {
                    if self.signature(rank) == self.signature(earliest)
                        && let Some(slot) = same_as.get_mut(rank as usize)
                    {
                        *slot = earliest;
                    }
                }
            }
        }
        let distinct = by_text
            .iter()
            .map(|&(_, rank)| rank)
            .filter(|&rank| same_as.get(rank as usize) == Some(&rank))
            .collect();
        (same_as, distinct)
    }

    /// The candidate pairs among `distinct`, each as `later << 32 | earlier` (ranks), sorted
    /// and without repeats; `None` when cancelled.
    fn candidates(
        &self,
        distinct: &[u32],
        rows: usize,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Vec<u64>> {
        let mut pairs = Vec::new();
        let mut keys: Vec<(u64, u32)> = Vec::with_capacity(distinct.len());
        for band in 0..PERMUTATIONS / rows {
            keys.clear();
            keys.extend(distinct.iter().filter_map(|&rank| {
                let values = self.signature(rank)?.get(band * rows..(band + 1) * rows)?;
                let key = values
                    .iter()
                    .fold(mix(band as u64), |h, &v| mix(h ^ u64::from(v)));
                Some((key, rank))
            }));
            keys.sort_unstable();
            for bucket in keys.chunk_by(|a, b| a.0 == b.0) {
                for (i, &(_, later)) in bucket.iter().enumerate().skip(1) {
                    let from = i.saturating_sub(BUCKET_PAIRS);
                    for &(_, earlier) in bucket.get(from..i).unwrap_or_default() {
                        pairs.push((u64::from(later) << 32) | u64::from(earlier));
                    }
                }
            }
            if cancelled() {
                return None;
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        Some(pairs)
    }

    /// Grow the families in date order from the candidate `pairs`: `placed` holds every
    /// distinct article as its own first member, and each later one joins the family of a
    /// candidate whose first member it resembles enough (the most similar).
    fn grow(&self, pairs: &[u64], threshold: f32, placed: &mut [Option<Placed>]) {
        for run in pairs.chunk_by(|a, b| a >> 32 == b >> 32) {
            let Some(&head) = run.first() else { continue };
            let later = (head >> 32) as u32;
            let Some(own) = self.signature(later) else {
                continue;
            };
            let mut best: Option<Placed> = None;
            for &pair in run {
                let earlier = (pair & u64::from(u32::MAX)) as u32;
                let Some(first) = placed
                    .get(earlier as usize)
                    .copied()
                    .flatten()
                    .map(|p| p.first)
                else {
                    continue;
                };
                if best.is_some_and(|b| b.first == first) {
                    continue;
                }
                let Some(theirs) = self.signature(first) else {
                    continue;
                };
                let s = similarity(own, theirs);
                if s >= threshold && best.is_none_or(|b| s > b.similarity) {
                    best = Some(Placed {
                        first,
                        similarity: s,
                    });
                }
            }
            if let (Some(best), Some(slot)) = (best, placed.get_mut(later as usize)) {
                *slot = Some(best);
            }
        }
    }
}

/// Where each article (by its place in `order`) stands; `None` for an article without tokens.
/// `None` altogether when `cancelled` said so.
pub(super) fn place(
    signatures: &Signatures,
    order: &[ArticleId],
    threshold: f32,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<Option<Placed>>> {
    let ranked = Ranked { signatures, order };
    let (same_as, distinct) = ranked.identical();
    if cancelled() {
        return None;
    }
    let pairs = ranked.candidates(&distinct, rows_per_band(threshold), cancelled)?;
    let mut placed: Vec<Option<Placed>> = vec![None; order.len()];
    for &rank in &distinct {
        if let Some(slot) = placed.get_mut(rank as usize) {
            *slot = Some(Placed {
                first: rank,
                similarity: 1.0,
            });
        }
    }
    ranked.grow(&pairs, threshold, &mut placed);
    // Text-identical articles follow the earliest of their kind.
    for (rank, &like) in same_as.iter().enumerate() {
        if like as usize != rank {
            let theirs = placed.get(like as usize).copied().flatten();
            if let Some(slot) = placed.get_mut(rank) {
                *slot = theirs;
            }
        }
    }
    Some(placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_per_band_find_pairs_at_the_threshold() {
        assert_eq!(rows_per_band(0.3), 2);
        assert!(rows_per_band(0.8) >= 4);
        assert_eq!(rows_per_band(0.05), FEWEST_ROWS);
        for t in [0.1f32, 0.3, 0.5, 0.8, 0.95] {
            let r = rows_per_band(t);
            let bands = (PERMUTATIONS / r) as i32;
            let found = 1.0 - (1.0 - f64::from(t).powi(r as i32)).powi(bands);
            assert!(found >= 0.995 || r == FEWEST_ROWS, "{t}: {found}");
        }
    }
}
