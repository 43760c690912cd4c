//! The lists the Words tab and `words` print: a frequency list (of words or n-grams) and a
//! keyword list of a selection, counted in passes over the token store that keep memory
//! bounded, with only the first rows kept while counting.

use super::rows::{KeyRow, WordRow, log_likelihood, log_ratio};
use super::terms::{Reading, TermStore, TermsError};
use super::words::{Frequencies, Gram, Keep, NO_TOKEN, Tally, gram_text};
use crate::corpus::ArticleId;

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
/// most [`PASS_GRAMS`](super::words::PASS_GRAMS) n-grams.
///
/// # Errors
///
/// The store cannot be read, or the reading was cancelled.
pub fn frequency_list(
    store: &TermStore,
    ids: &[ArticleId],
    n: usize,
    keep: (Keep<'_>, u64),
    limit: usize,
    reading: Reading<'_>,
) -> Result<List<WordRow>, TermsError> {
    listed(store, keep, limit, &mut |each| {
        Frequencies::in_passes(store, ids, n, reading, each)
    })
}

/// [`frequency_list`] of what is counted already (whole: all its n-grams in one count).
pub fn counted_frequency_list(
    store: &TermStore,
    counted: &Frequencies,
    keep: (Keep<'_>, u64),
    limit: usize,
) -> List<WordRow> {
    let mut once = |each: &mut dyn FnMut(&Frequencies)| {
        each(counted);
        Ok(())
    };
    match listed::<std::convert::Infallible>(store, keep, limit, &mut once) {
        Ok(list) => list,
        Err(never) => match never {},
    }
}

/// A count in passes: each pass's counts go to the function it is given.
type Passes<'a, E> = dyn FnMut(&mut dyn FnMut(&Frequencies)) -> Result<(), E> + 'a;

/// The frequency list of the counts `passes` makes.
fn listed<E>(
    store: &TermStore,
    (keep, min_count): (Keep<'_>, u64),
    limit: usize,
    passes: &mut Passes<'_, E>,
) -> Result<List<WordRow>, E> {
    let order = |a: &(Gram, Tally), b: &(Gram, Tally)| {
        b.1.count
            .cmp(&a.1.count)
            .then_with(|| by_text(store, &a.0, &b.0))
    };
    let mut entries = Vec::new();
    let (mut tokens, mut articles) = (0, 0);
    passes(&mut |counted| {
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
