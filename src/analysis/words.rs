//! Word statistics of a selection of articles, from their token sequences ([`TermStore`]):
//! a frequency list of words or n-grams, keyness against a reference, and the collocates of a
//! word. The formulas are those corpus linguistics uses (AntConc, LancsBox), written out on
//! each function.

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
        if self.last != ordinal {
            self.last = ordinal;
            self.tally.articles += 1;
        }
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
        let mut out = Self::new_part(n, part, parts);
        store.read(ids, reading, &mut |_, tokens| out.add(tokens))?;
        Ok(out)
    }

    /// Count every article of `store`, the selected ones (ascending `selected`) apart from the
    /// others: (selection, rest), in one pass.
    ///
    /// # Errors
    ///
    /// The store cannot be read, or the reading was cancelled.
    pub fn count_split(
        store: &TermStore,
        selected: &[ArticleId],
        n: usize,
        reading: Reading<'_>,
    ) -> Result<(Self, Self), TermsError> {
        Self::split_part(store, selected, n, (0, 1), reading)
    }

    fn split_part(
        store: &TermStore,
        selected: &[ArticleId],
        n: usize,
        (part, parts): (u64, u64),
        reading: Reading<'_>,
    ) -> Result<(Self, Self), TermsError> {
        let all = every_article(store);
        let (mut chosen, mut rest) = (
            Self::new_part(n, part, parts),
            Self::new_part(n, part, parts),
        );
        let mut next = selected.iter().peekable();
        store.read(&all, reading, &mut |id, tokens| {
            while next.next_if(|&&s| s < id).is_some() {}
            if next.next_if_eq(&&id).is_some() {
                chosen.add(tokens);
            } else {
                rest.add(tokens);
            }
        })?;
        Ok((chosen, rest))
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

    /// [`Self::count_split`] in passes, as [`Self::in_passes`] counts.
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
fn every_article(store: &TermStore) -> Vec<ArticleId> {
    (0..ArticleId::try_from(store.len()).unwrap_or(ArticleId::MAX)).collect()
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

/// The log-likelihood (G2) of a word that occurs `a` times in a selection of `c` tokens and
/// `b` times in a reference of `d` tokens: with the expected counts E1 = c(a+b)/(c+d) and
/// E2 = d(a+b)/(c+d), G2 = 2(a ln(a/E1) + b ln(b/E2)), where 0 ln 0 = 0; negative when the
/// word is rarer in the selection (a/c < b/d).
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let part = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    let g2 = 2.0 * (part(a, e1) + part(b, e2));
    if a / c < b / d { -g2 } else { g2 }
}

/// Log Ratio (Hardie 2014): log2((a/c) / (b/d)), a zero count replaced by 0.5.
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let or_half = |x: u64| if x == 0 { 0.5 } else { x as f64 };
    ((or_half(a) / c as f64) / (or_half(b) / d as f64)).log2()
}

/// Mutual information of a collocate: log2(count·N / (f_node·freq)).
pub fn mutual_information(count: u64, tokens: u64, f_node: u64, freq: u64) -> f64 {
    ((count as f64 * tokens as f64) / (f_node as f64 * freq as f64)).log2()
}

/// logDice of a collocate (Rychlý 2008): 14 + log2(2·count / (f_node + freq)).
pub fn log_dice(count: u64, f_node: u64, freq: u64) -> f64 {
    14.0 + (2.0 * count as f64 / (f_node + freq) as f64).log2()
}

/// One row of a frequency list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WordRow {
    /// The word, or an n-gram's tokens joined by one space.
    pub word: String,
    /// Occurrences in the selection.
    pub count: u64,
    /// Articles of the selection with at least one.
    pub articles: u32,
    /// Occurrences per 10,000 tokens of the selection.
    pub per_10k: f64,
}

/// One row of a keyword list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KeyRow {
    /// The word or n-gram.
    pub word: String,
    /// Occurrences in the selection.
    pub count: u64,
    /// Occurrences in the reference.
    pub count_rest: u64,
    /// Log-likelihood, signed ([`log_likelihood`]).
    pub g2: f64,
    /// Log Ratio ([`log_ratio`]).
    pub log_ratio: f64,
}

/// One row of a collocate list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CollocateRow {
    /// The collocate.
    pub word: String,
    /// Times it occurs within the window of the node word.
    pub count: u64,
    /// Its occurrences in the selection.
    pub freq: u64,
    /// Mutual information ([`mutual_information`]).
    pub mi: f64,
    /// logDice ([`log_dice`]).
    pub log_dice: f64,
}

/// A row of one of the lists, as a table of named columns.
pub trait TableRow: serde::Serialize {
    /// The columns (and JSON keys), in order.
    const COLUMNS: &'static [&'static str];
    /// The row's cells, in the columns' order.
    fn cells(&self) -> Vec<String>;
}

impl TableRow for WordRow {
    const COLUMNS: &'static [&'static str] = &["word", "count", "articles", "per_10k"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.word.clone(),
            self.count.to_string(),
            self.articles.to_string(),
            self.per_10k.to_string(),
        ]
    }
}

impl TableRow for KeyRow {
    const COLUMNS: &'static [&'static str] = &["word", "count", "count_rest", "g2", "log_ratio"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.word.clone(),
            self.count.to_string(),
            self.count_rest.to_string(),
            self.g2.to_string(),
            self.log_ratio.to_string(),
        ]
    }
}

impl TableRow for CollocateRow {
    const COLUMNS: &'static [&'static str] = &["word", "count", "freq", "mi", "log_dice"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.word.clone(),
            self.count.to_string(),
            self.freq.to_string(),
            self.mi.to_string(),
            self.log_dice.to_string(),
        ]
    }
}

/// Write `rows` in `format` (TSV and CSV with a header row).
///
/// # Errors
///
/// Writing failed.
pub fn write_table<R: TableRow>(
    out: impl std::io::Write,
    format: crate::corpus::export::ExportFormat,
    rows: &[R],
) -> std::io::Result<()> {
    crate::corpus::export::write_rows(out, format, R::COLUMNS, rows, &R::cells)
}

/// Which grams a list shows (e.g. without stopwords).
pub type Keep<'a> = &'a dyn Fn(&Gram) -> bool;

/// Grams in the order of their text: token by token (the order of the texts joined by
/// spaces, as no token holds a space or anything before it).
fn by_text(store: &TermStore, a: &Gram, b: &Gram) -> std::cmp::Ordering {
    let words = |g: &Gram| {
        g.iter()
            .take_while(|&&id| id != NO_TOKEN)
            .map(|&id| store.term(id))
            .collect::<Vec<_>>()
    };
    if a == b {
        return std::cmp::Ordering::Equal;
    }
    words(a).cmp(&words(b))
}

/// Keep the first `limit` of `entries` in `order`, sorted.
fn keep_first<T>(entries: &mut Vec<T>, limit: usize, order: &dyn Fn(&T, &T) -> std::cmp::Ordering) {
    if limit == 0 {
        entries.clear();
    } else if entries.len() > limit {
        entries.select_nth_unstable_by(limit - 1, order);
        entries.truncate(limit);
    }
    entries.sort_by(order);
}

/// A list: its rows, and the tokens and articles of the selection it was made of.
#[derive(Clone, Debug)]
pub struct List<R> {
    /// The rows, in the list's order.
    pub rows: Vec<R>,
    /// Tokens of the selection.
    pub tokens: u64,
    /// Articles of the selection.
    pub articles: u32,
    /// For keyness: the reference's tokens and articles.
    pub reference: (u64, u32),
}

/// Frequency entries kept while counting before the surplus beyond `limit` is dropped.
const SURPLUS: usize = 1 << 16;

/// The frequency list of the articles `ids` (ascending): their words or n-grams kept by `keep`
/// that occur at least `min_count` times, by count (most first), then word; the first `limit`
/// of them. Counted in passes ([`Frequencies::in_passes`]): besides the rows, memory holds at
/// most [`PASS_GRAMS`] n-grams.
///
/// # Errors
///
/// The store cannot be read, or the reading was cancelled.
pub fn frequency_list(
    store: &TermStore,
    ids: &[ArticleId],
    n: usize,
    (keep, min_count): (Keep<'_>, u64),
    limit: usize,
    reading: Reading<'_>,
) -> Result<List<WordRow>, TermsError> {
    let order = |a: &(Gram, Tally), b: &(Gram, Tally)| {
        b.1.count
            .cmp(&a.1.count)
            .then_with(|| by_text(store, &a.0, &b.0))
    };
    let mut entries = Vec::new();
    let (mut tokens, mut articles) = (0, 0);
    Frequencies::in_passes(store, ids, n, reading, &mut |counted| {
        (tokens, articles) = (counted.tokens, counted.articles);
        let kept = counted.entries().into_iter();
        entries.extend(kept.filter(|(gram, tally)| tally.count >= min_count && keep(gram)));
        if entries.len() > limit.saturating_add(SURPLUS) {
            keep_first(&mut entries, limit, &order);
        }
    })?;
    keep_first(&mut entries, limit, &order);
    let rows = entries
        .into_iter()
        .map(|(gram, tally)| WordRow {
            word: gram_text(store, &gram),
            count: tally.count,
            articles: tally.articles,
            per_10k: per_10k(tally.count, tokens),
        })
        .collect();
    Ok(List {
        rows,
        tokens,
        articles,
        reference: (0, 0),
    })
}

/// Occurrences per 10,000 tokens.
pub fn per_10k(count: u64, tokens: u64) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        count as f64 * 10_000.0 / tokens as f64
    }
}

/// A keyword entry: the gram, its counts in the selection and the reference, G2.
type KeyEntry = (Gram, u64, u64, f64);

/// The keyword entries of `selection` against `reference`: every gram of either kept by
/// `keep` that occurs at least `min_count` times in both together (none when either side has
/// no tokens).
fn key_entries(
    selection: &Frequencies,
    reference: &Frequencies,
    keep: Keep<'_>,
    min_count: u64,
) -> Vec<KeyEntry> {
    let (c, d) = (selection.tokens, reference.tokens);
    if c == 0 || d == 0 {
        return Vec::new();
    }
    let mut grams: Vec<Gram> = selection
        .entries()
        .into_iter()
        .chain(reference.entries())
        .map(|(gram, _)| gram)
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
        .into_iter()
        .filter(|gram| keep(gram))
        .filter_map(|gram| {
            let (a, b) = (selection.get(&gram).count, reference.get(&gram).count);
            (a + b >= min_count.max(1)).then(|| (gram, a, b, log_likelihood(a, b, c, d)))
        })
        .collect()
}

/// Keyword rows of entries, by G2 (highest first), then word.
fn key_rows(
    store: &TermStore,
    mut entries: Vec<KeyEntry>,
    limit: usize,
    (c, d): (u64, u64),
) -> Vec<KeyRow> {
    let order =
        |x: &KeyEntry, y: &KeyEntry| y.3.total_cmp(&x.3).then_with(|| by_text(store, &x.0, &y.0));
    keep_first(&mut entries, limit, &order);
    entries
        .into_iter()
        .map(|(gram, a, b, g2)| KeyRow {
            word: gram_text(store, &gram),
            count: a,
            count_rest: b,
            g2,
            log_ratio: log_ratio(a, b, c, d),
        })
        .collect()
}

/// The keyword list of `selection` against `reference`: every gram of either kept by `keep`
/// that occurs at least `min_count` times in both together, by G2 (highest first: the most
/// over-represented first, the most under-represented last), then word; the first `limit`.
/// Empty when either side has no tokens (nothing to compare).
pub fn keyness_rows(
    store: &TermStore,
    selection: &Frequencies,
    reference: &Frequencies,
    (keep, min_count): (Keep<'_>, u64),
    limit: usize,
) -> Vec<KeyRow> {
    let entries = key_entries(selection, reference, keep, min_count);
    key_rows(store, entries, limit, (selection.tokens, reference.tokens))
}

/// The keyword list of the articles `selected` (ascending) against every other article, as
/// [`keyness_rows`] makes it, counted in passes as [`frequency_list`] is.
///
/// # Errors
///
/// The store cannot be read, or the reading was cancelled.
pub fn keyness_list(
    store: &TermStore,
    selected: &[ArticleId],
    n: usize,
    (keep, min_count): (Keep<'_>, u64),
    limit: usize,
    reading: Reading<'_>,
) -> Result<List<KeyRow>, TermsError> {
    let mut entries = Vec::new();
    let mut sizes = ((0, 0), (0, 0));
    let order =
        |x: &KeyEntry, y: &KeyEntry| y.3.total_cmp(&x.3).then_with(|| by_text(store, &x.0, &y.0));
    Frequencies::split_in_passes(store, selected, n, reading, &mut |chosen, rest| {
        sizes = (
            (chosen.tokens, chosen.articles),
            (rest.tokens, rest.articles),
        );
        entries.extend(key_entries(chosen, rest, keep, min_count));
        if entries.len() > limit.saturating_add(SURPLUS) {
            keep_first(&mut entries, limit, &order);
        }
    })?;
    let ((c, articles), reference) = sizes;
    Ok(List {
        rows: key_rows(store, entries, limit, (c, reference.0)),
        tokens: c,
        articles,
        reference,
    })
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

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    #[test]
    fn formulas_against_hand_computed_values() {
        // a = 10 in c = 1000 tokens, b = 20 in d = 9000: E1 = 1000·30/10000 = 3,
        // E2 = 9000·30/10000 = 27; G2 = 2(10 ln(10/3) + 20 ln(20/27)).
        // (Values computed by hand with Python's math.log.)
        close(log_likelihood(10, 20, 1000, 9000), 12.075_272_388_505_194);
        // Rarer in the selection: negative. a = 1 in 1000, b = 90 in 9000: E1 = 9.1, E2 = 81.9.
        close(log_likelihood(1, 90, 1000, 9000), -12.559_373_477_777_807);
        // A word only in the reference: 0 ln 0 = 0; E2 = 4.5.
        close(log_likelihood(0, 5, 1000, 9000), -1.053_605_156_578_263_6);
        // Log Ratio: (10/1000)/(20/9000) = 4.5; zero replaced by 0.5.
        close(log_ratio(10, 20, 1000, 9000), 4.5f64.log2());
        close(log_ratio(4, 0, 1000, 1000), 3.0);
        close(log_ratio(0, 2, 1000, 1000), -2.0);
        // MI: 6 co-occurrences, N = 10000, f_node = 20, freq = 30: log2(60000/600) = log2(100).
        close(mutual_information(6, 10_000, 20, 30), 100f64.log2());
        // logDice: 14 + log2(12/50).
        close(log_dice(6, 20, 30), 14.0 + 0.24f64.log2());
        close(log_dice(8, 8, 8), 14.0);
    }

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
