//! Counting the words and n-grams of a selection of articles from their token sequences
//! ([`TermStore`]): tallies with the articles that have them, in passes over parts of the
//! n-grams when there are too many for one; and the collocates of a word.

use super::rows::{CollocateRow, log_dice, mutual_information};
use super::terms::{FastMap, Reading, TermStore, TermsError};
use crate::corpus::ArticleId;

/// The longest n-gram.
pub const MAX_GRAM: usize = 5;
/// An n-gram: token numbers, unused places [`NO_TOKEN`].
pub type Gram = [u32; MAX_GRAM];
/// An unused place of a [`Gram`].
pub const NO_TOKEN: u32 = u32::MAX;

/// How often a word (or n-gram) occurs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Occurrences.
    pub count: u64,
    /// Articles with at least one.
    pub articles: u32,
}

/// A tally while counting: `last` is the ordinal (plus one) of the last article that had it.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    tally: Tally,
    last: u32,
}

impl Slot {
    fn add(&mut self, ordinal: u32) {
        self.tally.count += 1;
        // Without a branch: whether a word is met first in its article does not follow a
        // pattern a branch predictor could learn.
        self.tally.articles += u32::from(self.last != ordinal);
        self.last = ordinal;
    }
}

/// The word (n = 1) or n-gram counts of some articles.
#[derive(Clone, Debug)]
pub struct Frequencies {
    /// Tokens an n-gram has.
    pub n: usize,
    /// Tokens of the articles counted.
    pub tokens: u64,
    /// Articles counted.
    pub articles: u32,
    /// True when a pass met more distinct n-grams than it may hold ([`PASS_GRAMS`]): its
    /// counts are incomplete, and the caller counts again in more passes.
    pub overflow: bool,
    unigrams: Vec<Slot>,
    grams: FastMap<u128, Slot>,
    /// This pass counts the n-grams of part `.0` of `.1` (by hash).
    part: (u64, u64),
}

impl super::terms::Tally for Frequencies {
    fn tally(&mut self, tokens: &[u32]) {
        self.add(tokens);
    }
}

/// Bits of one token number in a packed n-gram (5 × 25 bits fit in a `u128`).
const PACK_BITS: usize = 25;
/// The largest token number a packed n-gram holds (larger ones: their n-grams are not
/// counted; a vocabulary of 33 million distinct tokens).
const PACK_MASK: u128 = (1 << PACK_BITS) - 1;
/// The most distinct n-grams one pass over the store holds (about 40 bytes each in its
/// table): more, and the n-grams are counted in several passes, each over a part of them.
pub const PASS_GRAMS: usize = 4_000_000;

/// An n-gram's tokens packed into one number (`None`: a token number too large).
fn pack(window: &[u32]) -> Option<u128> {
    let mut key = 0u128;
    for (i, &id) in window.iter().enumerate() {
        if u128::from(id) >= PACK_MASK {
            return None;
        }
        key |= u128::from(id) << (PACK_BITS * i);
    }
    Some(key)
}

fn unpack(key: u128, n: usize) -> Gram {
    let mut gram = [NO_TOKEN; MAX_GRAM];
    for (i, slot) in gram.iter_mut().take(n).enumerate() {
        *slot = u32::try_from((key >> (PACK_BITS * i)) & PACK_MASK).unwrap_or(NO_TOKEN);
    }
    gram
}

/// Which of `parts` parts an n-gram belongs to (bits of its hash the table does not use).
fn part_of(key: u128, parts: u64) -> u64 {
    use std::hash::BuildHasher as _;
    let hash = std::hash::BuildHasherDefault::<super::terms::FxHasher>::default().hash_one(key);
    (hash >> 40) % parts
}

/// Which grams a list shows (e.g. without stopwords).
pub type Keep<'a> = &'a dyn Fn(&Gram) -> bool;

/// A gram of one token.
pub fn unigram(id: u32) -> Gram {
    let mut gram = [NO_TOKEN; MAX_GRAM];
    gram[0] = id;
    gram
}

impl Frequencies {
    /// Nothing counted yet, for n-grams of `n` tokens (1 to [`MAX_GRAM`]).
    pub fn new(n: usize) -> Self {
        Self {
            n: n.clamp(1, MAX_GRAM),
            tokens: 0,
            articles: 0,
            overflow: false,
            unigrams: Vec::new(),
            grams: FastMap::default(),
            part: (0, 1),
        }
    }

    /// Nothing counted yet, for the n-grams of part `part` of `parts`.
    fn new_part(n: usize, part: u64, parts: u64) -> Self {
        Self {
            part: (part, parts),
            ..Self::new(n)
        }
    }

    /// Count one more article's tokens.
    pub fn add(&mut self, tokens: &[u32]) {
        self.articles += 1;
        let ordinal = self.articles;
        self.tokens += tokens.len() as u64;
        if self.n == 1 {
            for &id in tokens {
                let at = id as usize;
                if at >= self.unigrams.len() {
                    self.unigrams.resize(at + 1, Slot::default());
                }
                if let Some(slot) = self.unigrams.get_mut(at) {
                    slot.add(ordinal);
                }
            }
            return;
        }
        let (part, parts) = self.part;
        for window in tokens.windows(self.n) {
            let Some(key) = pack(window) else {
                continue;
            };
            if parts > 1 && part_of(key, parts) != part {
                continue;
            }
            if let Some(slot) = self.grams.get_mut(&key) {
                slot.add(ordinal);
            } else if self.grams.len() < PASS_GRAMS {
                let mut slot = Slot::default();
                slot.add(ordinal);
                self.grams.insert(key, slot);
            } else {
                self.overflow = true;
            }
        }
    }

    /// Count the articles `ids` (ascending) of `store`.
    ///
    /// # Errors
    ///
    /// The store cannot be read, or the reading was cancelled.
    pub fn count(
        store: &TermStore,
        ids: &[ArticleId],
        n: usize,
        reading: Reading<'_>,
    ) -> Result<Self, TermsError> {
        Self::count_part(store, ids, n, (0, 1), reading)
    }

    fn count_part(
        store: &TermStore,
        ids: &[ArticleId],
        n: usize,
        (part, parts): (u64, u64),
        reading: Reading<'_>,
    ) -> Result<Self, TermsError> {
        let count = |ids: &[ArticleId], reading: Reading<'_>| {
            let mut out = Self::new_part(n, part, parts);
            store.read(ids, reading, &mut |_, tokens| out.add(tokens))?;
            Ok(out)
        };
        if n == 1 {
            on_every_core(ids, reading, &count, &mut |all, more| all.merge(more))
        } else {
            count(ids, reading)
        }
    }

    /// Add the word counts of other articles (n = 1).
    fn merge(&mut self, other: Self) {
        self.tokens += other.tokens;
        self.articles += other.articles;
        self.overflow |= other.overflow;
        if self.unigrams.len() < other.unigrams.len() {
            self.unigrams.resize(other.unigrams.len(), Slot::default());
        }
        for (mine, theirs) in self.unigrams.iter_mut().zip(other.unigrams) {
            mine.tally.count += theirs.tally.count;
            mine.tally.articles += theirs.tally.articles;
        }
    }

    /// Count every article of `store`, the selected ones (ascending `selected`) apart from the
    /// others: (selection, rest), in one pass, for part `part` of `parts` of the n-grams.
    fn split_part(
        store: &TermStore,
        selected: &[ArticleId],
        n: usize,
        (part, parts): (u64, u64),
        reading: Reading<'_>,
    ) -> Result<(Self, Self), TermsError> {
        let all = every_article(store);
        let count = |ids: &[ArticleId], reading: Reading<'_>| {
            let (mut chosen, mut rest) = (
                Self::new_part(n, part, parts),
                Self::new_part(n, part, parts),
            );
            // The store may give the articles in any order (see `TermStore::read`).
            store.read(ids, reading, &mut |id, tokens| {
                if selected.binary_search(&id).is_ok() {
                    chosen.add(tokens);
                } else {
                    rest.add(tokens);
                }
            })?;
            Ok((chosen, rest))
        };
        if n == 1 {
            on_every_core(&all, reading, &count, &mut |(chosen, rest), more| {
                chosen.merge(more.0);
                rest.merge(more.1);
            })
        } else {
            count(&all, reading)
        }
    }

    /// Count the n-grams of `ids` in as many passes as keep each pass under [`PASS_GRAMS`]
    /// distinct n-grams (memory stays bounded): `each` gets every pass's counts, disjoint parts
    /// of the n-grams (words, and n-grams that fit, in one pass).
    ///
    /// # Errors
    ///
    /// The store cannot be read, or the reading was cancelled.
    pub fn in_passes(
        store: &TermStore,
        ids: &[ArticleId],
        n: usize,
        reading: Reading<'_>,
        each: &mut dyn FnMut(&Self),
    ) -> Result<(), TermsError> {
        let tokens: u64 = ids.iter().map(|&id| u64::from(store.tokens_of(id))).sum();
        passes(
            (tokens, PASS_GRAMS),
            &mut |part| {
                let counted = Self::count_part(store, ids, n, part, reading)?;
                let overflow = counted.overflow;
                Ok((counted, overflow))
            },
            &mut |counted| each(&counted),
        )
    }

    /// The selected articles (ascending `selected`) and the others counted apart, in one pass
    /// over the store each time, and in passes as [`Self::in_passes`] counts.
    ///
    /// # Errors
    ///
    /// The store cannot be read, or the reading was cancelled.
    pub fn split_in_passes(
        store: &TermStore,
        selected: &[ArticleId],
        n: usize,
        reading: Reading<'_>,
        each: &mut dyn FnMut(&Self, &Self),
    ) -> Result<(), TermsError> {
        let tokens: u64 = every_article(store)
            .iter()
            .map(|&id| u64::from(store.tokens_of(id)))
            .sum();
        passes(
            (tokens, PASS_GRAMS),
            &mut |part| {
                let split = Self::split_part(store, selected, n, part, reading)?;
                let overflow = split.0.overflow || split.1.overflow;
                Ok((split, overflow))
            },
            &mut |(chosen, rest)| each(&chosen, &rest),
        )
    }

    /// These counts less `part`'s (a subset of the same articles): the rest of a corpus once
    /// a selection is taken out.
    pub fn minus(&self, part: &Self) -> Self {
        let mut out = self.clone();
        out.tokens = out.tokens.saturating_sub(part.tokens);
        out.articles = out.articles.saturating_sub(part.articles);
        let take = |slot: &mut Slot, away: &Slot| {
            slot.tally.count = slot.tally.count.saturating_sub(away.tally.count);
            slot.tally.articles = slot.tally.articles.saturating_sub(away.tally.articles);
        };
        for (slot, away) in out.unigrams.iter_mut().zip(&part.unigrams) {
            take(slot, away);
        }
        for (gram, away) in &part.grams {
            if let Some(slot) = out.grams.get_mut(gram) {
                take(slot, away);
            }
        }
        out
    }

    /// The tally of `gram`.
    pub fn get(&self, gram: &Gram) -> Tally {
        if self.n == 1 {
            return self
                .unigrams
                .get(gram[0] as usize)
                .map_or_else(Tally::default, |s| s.tally);
        }
        pack(gram.get(..self.n).unwrap_or_default())
            .and_then(|key| self.grams.get(&key))
            .map_or_else(Tally::default, |s| s.tally)
    }

    /// Every gram that occurs, with its tally (in no order).
    pub fn entries(&self) -> Vec<(Gram, Tally)> {
        if self.n == 1 {
            return (0u32..)
                .zip(&self.unigrams)
                .filter(|(_, s)| s.tally.count > 0)
                .map(|(id, s)| (unigram(id), s.tally))
                .collect();
        }
        self.grams
            .iter()
            .filter(|(_, s)| s.tally.count > 0)
            .map(|(&key, s)| (unpack(key, self.n), s.tally))
            .collect()
    }
}

/// Every article of `store`, by number.
pub fn every_article(store: &TermStore) -> Vec<ArticleId> {
    (0..ArticleId::try_from(store.len()).unwrap_or(ArticleId::MAX)).collect()
}

/// Counts a run of articles (for [`on_every_core`]).
type CountRun<'a, T> = dyn Fn(&[ArticleId], Reading<'_>) -> Result<T, TermsError> + Sync + 'a;

/// Count `ids` (ascending) cut into one run per core, each on its own thread, and merge the
/// counts in order. Only word counts (n = 1) and collocates are counted so: they merge by a sum
/// per word, and their tables are at most the vocabulary's size; an n-gram table is bounded by
/// [`PASS_GRAMS`] for the whole count, not per thread. The calling thread counts the first run
/// and tells `reading` how far it got; the others follow only its cancel flag.
fn on_every_core<T: Send>(
    ids: &[ArticleId],
    reading: Reading<'_>,
    count: &CountRun<'_, T>,
    merge: &mut dyn FnMut(&mut T, T),
) -> Result<T, TermsError> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // Small selections are not worth a thread.
    let runs = cores.min(ids.len() / 4096).max(1);
    if runs == 1 {
        return count(ids, reading);
    }
    let mut runs = ids.chunks(ids.len().div_ceil(runs));
    let first = runs.next().unwrap_or_default();
    let cancel = reading.cancel;
    std::thread::scope(|scope| {
        let others: Vec<_> = runs
            .map(|run| scope.spawn(move || count(run, Reading::cancelled_by(cancel))))
            .collect();
        let share = others.len() + 1;
        let progress = |done: usize, _: usize| (reading.progress)(done * share, ids.len());
        let mut all = count(
            first,
            Reading {
                cancel,
                progress: &progress,
            },
        )?;
        for other in others {
            let counted = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            merge(&mut all, counted);
        }
        Ok(all)
    })
}

/// Count with `count((part, parts))`: once over everything, and when that meets more than
/// [`PASS_GRAMS`] distinct n-grams (it stops taking new ones), again in parts that each hold
/// well under that many of the at most `tokens` distinct n-grams. `each` gets only complete
/// counts.
fn passes<T>(
    (tokens, budget): (u64, usize),
    count: &mut dyn FnMut((u64, u64)) -> Result<(T, bool), TermsError>,
    each: &mut dyn FnMut(T),
) -> Result<(), TermsError> {
    let (first, overflow) = count((0, 1))?;
    if !overflow {
        each(first);
        return Ok(());
    }
    drop(first);
    let parts = (tokens.saturating_mul(3) / 2)
        .div_ceil(budget.max(1) as u64)
        .max(2);
    for part in 0..parts {
        let (counted, overflow) = count((part, parts))?;
        if overflow {
            return Err(TermsError::TooManyGrams);
        }
        each(counted);
    }
    Ok(())
}

/// A gram's tokens joined by one space.
pub fn gram_text(store: &TermStore, gram: &Gram) -> String {
    let mut out = String::new();
    for &id in gram.iter().take_while(|&&id| id != NO_TOKEN) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(store.term(id));
    }
    out
}

/// The collocates of one word in some articles.
#[derive(Clone, Debug)]
pub struct Collocates {
    /// The word's occurrences (f_node).
    pub node_count: u64,
    /// Word counts of the articles (for each collocate's own frequency).
    pub frequencies: Frequencies,
    together: FastMap<u32, u64>,
}

impl Collocates {
    /// Count the tokens within `left` before and `right` after each occurrence of `node` in the
    /// articles `ids` (ascending) of `store`, inside one article.
    ///
    /// # Errors
    ///
    /// The store cannot be read, or the reading was cancelled.
    pub fn count(
        store: &TermStore,
        ids: &[ArticleId],
        node: u32,
        (left, right): (usize, usize),
        reading: Reading<'_>,
    ) -> Result<Self, TermsError> {
        let count = |ids: &[ArticleId], reading: Reading<'_>| {
            let mut frequencies = Frequencies::new(1);
            let mut together: FastMap<u32, u64> = FastMap::default();
            let mut node_count = 0;
            store.read(ids, reading, &mut |_, tokens| {
                frequencies.add(tokens);
                for (at, _) in tokens.iter().enumerate().filter(|(_, t)| **t == node) {
                    node_count += 1;
                    let from = at.saturating_sub(left);
                    let to = tokens.len().min(at.saturating_add(right).saturating_add(1));
                    for (other, id) in tokens.iter().enumerate().take(to).skip(from) {
                        if other != at {
                            *together.entry(*id).or_default() += 1;
                        }
                    }
                }
            })?;
            Ok(Self {
                node_count,
                frequencies,
                together,
            })
        };
        // Both tables are at most the vocabulary's size: each run counts its own, and they add.
        on_every_core(ids, reading, &count, &mut |all, more| {
            all.node_count += more.node_count;
            all.frequencies.merge(more.frequencies);
            for (id, n) in more.together {
                *all.together.entry(id).or_default() += n;
            }
        })
    }

    /// The rows: collocates kept by `keep` seen at least `min_count` times with the node, by
    /// count (most first), then word.
    pub fn rows(&self, store: &TermStore, keep: Keep<'_>, min_count: u64) -> Vec<CollocateRow> {
        let tokens = self.frequencies.tokens;
        let mut rows: Vec<CollocateRow> = self
            .together
            .iter()
            .filter(|&(&id, &count)| count >= min_count && keep(&unigram(id)))
            .map(|(&id, &count)| {
                let freq = self.frequencies.get(&unigram(id)).count;
                CollocateRow {
                    word: store.term(id).to_owned(),
                    count,
                    freq,
                    mi: mutual_information(count, tokens, self.node_count, freq),
                    log_dice: log_dice(count, self.node_count, freq),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_and_document_counts() {
        let mut f = Frequencies::new(2);
        f.add(&[1, 2, 1, 2]);
        f.add(&[1, 2]);
        f.add(&[3]);
        let g = |a, b| {
            let mut g = [NO_TOKEN; MAX_GRAM];
            g[0] = a;
            g[1] = b;
            g
        };
        assert_eq!(
            f.get(&g(1, 2)),
            Tally {
                count: 3,
                articles: 2
            }
        );
        assert_eq!(f.get(&g(2, 1)).count, 1);
        assert_eq!(f.tokens, 7);
        assert_eq!(f.entries().len(), 2, "no gram crosses articles");
        let mut part = Frequencies::new(2);
        part.add(&[1, 2]);
        let rest = f.minus(&part);
        assert_eq!(
            rest.get(&g(1, 2)),
            Tally {
                count: 2,
                articles: 1
            }
        );
        assert_eq!(rest.tokens, 5);
    }

    #[test]
    fn a_count_that_overflows_is_done_again_in_parts_and_only_complete_counts_pass_on() {
        // 1,000 tokens, at most 100 distinct n-grams a pass: 15 parts after the first try.
        let mut asked = Vec::new();
        let mut given = Vec::new();
        let result = passes(
            (1000, 100),
            &mut |(part, parts)| {
                asked.push((part, parts));
                Ok(((part, parts), parts == 1))
            },
            &mut |counted| given.push(counted),
        );
        assert!(result.is_ok());
        assert_eq!(asked.len(), 16);
        assert!(given.iter().all(|&(_, parts)| parts == 15));
        assert_eq!(given.len(), 15);
        // A first try that fits is the only pass.
        let mut given = Vec::new();
        let result = passes((1000, 100), &mut |p| Ok((p, false)), &mut |c| given.push(c));
        assert!(result.is_ok());
        assert_eq!(given, [(0, 1)]);
        // A part that still overflows is an error, not a wrong count.
        let result = passes((1000, 100), &mut |p| Ok((p, true)), &mut |_: (u64, u64)| {});
        assert!(matches!(result, Err(TermsError::TooManyGrams)));
    }

    #[test]
    fn the_parts_of_a_count_in_passes_add_up_to_the_whole() {
        let articles: Vec<Vec<u32>> = (0..50u32)
            .map(|a| (0..40).map(|i| (a * 7 + i * 13) % 23).collect())
            .collect();
        for n in [2, 3, 5] {
            let mut whole = Frequencies::new(n);
            for tokens in &articles {
                whole.add(tokens);
            }
            let parts = 4;
            let mut seen = Vec::new();
            for part in 0..parts {
                let mut counted = Frequencies::new_part(n, part, parts);
                for tokens in &articles {
                    counted.add(tokens);
                }
                assert_eq!(
                    counted.tokens, whole.tokens,
                    "every pass counts every token"
                );
                for (gram, tally) in counted.entries() {
                    assert_eq!(whole.get(&gram), tally, "n = {n}");
                    seen.push(gram);
                }
            }
            seen.sort_unstable();
            let before = seen.len();
            seen.dedup();
            assert_eq!(before, seen.len(), "each n-gram in one part");
            assert_eq!(seen.len(), whole.entries().len(), "and every n-gram in one");
        }
    }
}
