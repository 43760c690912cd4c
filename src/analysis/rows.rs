//! The rows of the word lists (frequency, keyness, collocates) as tables with named columns,
//! and the formulas of their measures, written out on each function as corpus linguistics
//! defines them (AntConc, LancsBox).

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
}
