//! A set of article ids as one bit per article: what a query matched, what a selection keeps.
//! A million articles take 125 KB; intersecting two sets is one pass over their words.

use super::article::ArticleId;

/// Article ids below a fixed bound, one bit each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdSet {
    words: Vec<u64>,
    len: usize,
    bound: usize,
}

impl IdSet {
    /// An empty set for ids below `bound`.
    pub fn with_bound(bound: usize) -> Self {
        Self {
            words: vec![0; bound.div_ceil(64)],
            len: 0,
            bound,
        }
    }

    /// The set of `ids` (ids at or above `bound` are left out).
    pub fn of(bound: usize, ids: impl IntoIterator<Item = ArticleId>) -> Self {
        let mut set = Self::with_bound(bound);
        for id in ids {
            set.insert(id);
        }
        set
    }

    /// Every id below `bound`.
    pub fn full(bound: usize) -> Self {
        let mut words = vec![u64::MAX; bound.div_ceil(64)];
        if let Some(last) = words.last_mut()
            && !bound.is_multiple_of(64)
        {
            *last = (1u64 << (bound % 64)) - 1;
        }
        Self {
            words,
            len: bound,
            bound,
        }
    }

    /// Add `id`; false when it was there already or is out of bounds.
    pub fn insert(&mut self, id: ArticleId) -> bool {
        let (word, bit) = (id as usize / 64, 1u64 << (id % 64));
        let Some(slot) = self
            .words
            .get_mut(word)
            .filter(|_| (id as usize) < self.bound)
        else {
            return false;
        };
        let new = *slot & bit == 0;
        *slot |= bit;
        self.len += usize::from(new);
        new
    }

    /// True when `id` is in the set.
    pub fn contains(&self, id: ArticleId) -> bool {
        self.words
            .get(id as usize / 64)
            .is_some_and(|w| w & (1u64 << (id % 64)) != 0)
    }

    /// How many ids it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The ids it can hold are below this.
    pub fn bound(&self) -> usize {
        self.bound
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The ids in both sets.
    pub fn and(&self, other: &Self) -> Self {
        let words: Vec<u64> = self
            .words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| a & b)
            .collect();
        let len = words.iter().map(|w| w.count_ones() as usize).sum();
        Self {
            words,
            len,
            bound: self.bound.min(other.bound),
        }
    }

    /// Add every id of `other`.
    pub fn union_with(&mut self, other: &Self) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        self.bound = self.bound.max(other.bound);
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
        self.len = self.words.iter().map(|w| w.count_ones() as usize).sum();
    }

    /// Take out of this set the ids of `other`.
    pub fn difference_with(&mut self, other: &Self) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
        self.len = self.words.iter().map(|w| w.count_ones() as usize).sum();
    }

    /// The ids in both sets, ascending (without making the intersection).
    pub fn iter_both<'a>(&'a self, other: &'a Self) -> impl Iterator<Item = ArticleId> + 'a {
        self.words
            .iter()
            .zip(&other.words)
            .enumerate()
            .flat_map(|(i, (&a, &b))| {
                let base = (i * 64) as ArticleId;
                BitsOf(a & b).map(move |bit| base + bit)
            })
    }

    /// The ids, ascending.
    pub fn iter(&self) -> impl Iterator<Item = ArticleId> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let base = (i * 64) as ArticleId;
            BitsOf(word).map(move |bit| base + bit)
        })
    }
}

/// The set bits of one word, lowest first.
struct BitsOf(u64);

impl Iterator for BitsOf {
    type Item = ArticleId;

    fn next(&mut self) -> Option<ArticleId> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros();
        self.0 &= self.0 - 1;
        Some(bit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_put_in_and_intersects() {
        let a = IdSet::of(200, [0, 5, 63, 64, 130, 199, 200, 5]);
        assert_eq!(a.len(), 6, "200 is out of bounds; 5 counted once");
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 5, 63, 64, 130, 199]);
        assert!(a.contains(63) && !a.contains(62) && !a.contains(200));
        let b = IdSet::of(200, [5, 64, 65, 199]);
        let both = a.and(&b);
        assert_eq!(a.iter_both(&b).collect::<Vec<_>>(), [5, 64, 199]);
        assert_eq!(both.iter().collect::<Vec<_>>(), [5, 64, 199]);
        assert_eq!(both.len(), 3);
        assert!(IdSet::with_bound(10).is_empty());
        let mut either = IdSet::of(200, [1, 5]);
        either.union_with(&b);
        assert_eq!(either.iter().collect::<Vec<_>>(), [1, 5, 64, 65, 199]);
        assert_eq!(either.len(), 5);
        either.difference_with(&IdSet::of(300, [5, 65, 250]));
        assert_eq!(either.iter().collect::<Vec<_>>(), [1, 64, 199]);
        assert_eq!(either.len(), 3);
    }

    #[test]
    fn a_full_set_holds_every_id_below_its_bound() {
        for bound in [0, 1, 63, 64, 65, 130] {
            let full = IdSet::full(bound);
            assert_eq!(full.len(), bound);
            assert_eq!(full.iter().count(), bound);
            assert_eq!(full.iter().last(), bound.checked_sub(1).map(|b| b as u32));
        }
    }
}
