//! The brute-force reference `words` is checked against: n-grams, tallies, and the rows each
//! mode must print, computed from the generated articles' own tokens; and the comparison of
//! rows.

use super::*;

/// The n-grams of one article's tokens, joined by one space.
pub(crate) fn grams(tokens: &[String], n: usize) -> impl Iterator<Item = String> + '_ {
    tokens.windows(n).map(|w| w.join(" "))
}

/// Gram → (count, articles), and the token total.
pub(crate) fn tally(docs: &[&Doc], n: usize) -> (BTreeMap<String, (u64, u64)>, u64) {
    let mut out: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut tokens = 0;
    for doc in docs {
        tokens += doc.tokens.len() as u64;
        let mut seen = BTreeSet::new();
        for gram in grams(&doc.tokens, n) {
            let entry = out.entry(gram.clone()).or_default();
            entry.0 += 1;
            if seen.insert(gram) {
                entry.1 += 1;
            }
        }
    }
    (out, tokens)
}

/// Rows by `key` (highest first), then by word.
pub(crate) fn sorted(mut rows: Vec<Value>, key: &str) -> Vec<Value> {
    let number = |row: &Value| row[key].as_f64().unwrap();
    rows.sort_by(|a, b| {
        let word = |row: &Value| row["word"].as_str().unwrap().to_owned();
        number(b)
            .total_cmp(&number(a))
            .then_with(|| word(a).cmp(&word(b)))
    });
    rows
}

/// Frequency list: by count (most first), then word.
pub(crate) fn expected_frequencies(docs: &[&Doc], n: usize) -> Vec<Value> {
    let (counts, tokens) = tally(docs, n);
    let rows = counts.into_iter().map(|(word, (count, articles))| {
        let per_10k = count as f64 * 10_000.0 / tokens as f64;
        json!({"word": word, "count": count, "articles": articles, "per_10k": per_10k})
    });
    sorted(rows.collect(), "count")
}

/// Keyness of the selection against the rest: by G2 (highest first), then word.
pub(crate) fn expected_keyness(chosen: &[&Doc], rest: &[&Doc], n: usize) -> Vec<Value> {
    let (mine, c) = tally(chosen, n);
    let (theirs, d) = tally(rest, n);
    let words: BTreeSet<&String> = mine.keys().chain(theirs.keys()).collect();
    let rows = words.into_iter().map(|word| {
        let a = mine.get(word).map_or(0, |t| t.0);
        let b = theirs.get(word).map_or(0, |t| t.0);
        let (af, bf, cf, df) = (a as f64, b as f64, c as f64, d as f64);
        let e1 = cf * (af + bf) / (cf + df);
        let e2 = df * (af + bf) / (cf + df);
        let part = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
        let g2 = 2.0 * (part(af, e1) + part(bf, e2));
        let g2 = if af / cf < bf / df { -g2 } else { g2 };
        let half = |x: f64| if x == 0.0 { 0.5 } else { x };
        let log_ratio = ((half(af) / cf) / (half(bf) / df)).log2();
        json!({"word": word, "count": a, "count_rest": b, "g2": g2, "log_ratio": log_ratio})
    });
    sorted(rows.collect(), "g2")
}

/// Collocates of `node` within (`left`, `right`): by count (most first), then word.
pub(crate) fn expected_collocates(
    docs: &[&Doc],
    node: &str,
    (left, right): (usize, usize),
) -> Vec<Value> {
    let (freq, tokens) = tally(docs, 1);
    let f_node = freq.get(node).map_or(0, |t| t.0) as f64;
    let mut near: BTreeMap<&str, u64> = BTreeMap::new();
    for doc in docs {
        for (at, _) in doc.tokens.iter().enumerate().filter(|(_, t)| *t == node) {
            let end = (at + right).min(doc.tokens.len() - 1);
            for other in (at.saturating_sub(left)..=end).filter(|&o| o != at) {
                *near.entry(&doc.tokens[other]).or_default() += 1;
            }
        }
    }
    let rows = near.into_iter().map(|(word, count)| {
        let f = freq[word].0;
        let (cf, ff) = (count as f64, f as f64);
        let mi = (cf * tokens as f64 / (f_node * ff)).log2();
        let log_dice = 14.0 + (2.0 * cf / (f_node + ff)).log2();
        json!({"word": word, "count": count, "freq": f, "mi": mi, "log_dice": log_dice})
    });
    sorted(rows.collect(), "count")
}

pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12
}

/// Compare `words --format jsonl` output with the expected rows, in order: the same keys, the
/// same words and integers, floats within 1e-9 (relative).
pub(crate) fn assert_rows(what: &str, got: &[Value], expected: &[Value]) {
    for (at, (got, want)) in got.iter().zip(expected).enumerate() {
        let (got_row, want_row) = (got.as_object().unwrap(), want.as_object().unwrap());
        let same = got_row.len() == want_row.len()
            && want_row
                .iter()
                .all(|(key, want)| match (want, got_row.get(key)) {
                    (Value::Number(w), Some(Value::Number(g))) if w.is_f64() => {
                        close(w.as_f64().unwrap(), g.as_f64().unwrap())
                    }
                    (want, got) => Some(want) == got,
                });
        assert!(same, "{what}: row {at}: got {got}, expected {want}");
    }
    super::common::assert_same_count(what, got, expected);
}
