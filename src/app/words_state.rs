//! What the Words tab reads: its settings (remembered), the token store's state, and the last
//! list computed for the articles shown.

use std::sync::Arc;

use super::jobs::Progress;
use crate::analysis::rows::{CollocateRow, KeyRow, TableRow as _, WordRow};

/// Which list the Words tab shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WordsMode {
    /// Words by frequency.
    #[default]
    Frequency,
    /// N-grams by frequency.
    NGrams,
    /// The words near one word.
    Collocates,
    /// The shown articles against the others (or the whole folder).
    Keyness,
}

impl WordsMode {
    /// Every mode, in the tab's order.
    pub const ALL: [Self; 4] = [
        Self::Frequency,
        Self::NGrams,
        Self::Collocates,
        Self::Keyness,
    ];

    /// Its name in the tab.
    pub fn label(self) -> &'static str {
        match self {
            Self::Frequency => "Frequency",
            Self::NGrams => "N-grams",
            Self::Collocates => "Collocates",
            Self::Keyness => "Keyness",
        }
    }
}

/// The Words tab's settings (remembered between runs).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct WordsSettings {
    /// Which list.
    pub mode: WordsMode,
    /// Tokens in an n-gram (2 to 5).
    pub n: usize,
    /// Rows seen fewer times are left out.
    pub min_count: u64,
    /// The collocates' node word (empty: the search's first word).
    pub node: String,
    /// Tokens before and after the node that count as near it.
    pub window: (usize, usize),
    /// Keyness against the whole folder (else against the articles not shown).
    pub against_whole: bool,
    /// Stopwords are left out.
    pub stopwords: bool,
    /// The built-in stopword lists used (by language name).
    pub stop_languages: Vec<String>,
    /// The user's own stopwords (spaces, commas or new lines between them).
    pub own_stopwords: String,
}

impl Default for WordsSettings {
    fn default() -> Self {
        Self {
            mode: WordsMode::Frequency,
            n: 2,
            min_count: 1,
            node: String::new(),
            window: (5, 5),
            against_whole: false,
            stopwords: false,
            stop_languages: vec!["English".to_owned()],
            own_stopwords: String::new(),
        }
    }
}

/// The rows of one list.
#[derive(Clone, Debug)]
pub enum WordsRows {
    /// A frequency list (of words or n-grams).
    Frequency(Vec<WordRow>),
    /// A keyword list.
    Keyness(Vec<KeyRow>),
    /// A collocate list.
    Collocates(Vec<CollocateRow>),
}

impl WordsRows {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            Self::Frequency(rows) => rows.len(),
            Self::Keyness(rows) => rows.len(),
            Self::Collocates(rows) => rows.len(),
        }
    }

    /// True with no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column names.
    pub fn columns(&self) -> &'static [&'static str] {
        match self {
            Self::Frequency(_) => WordRow::COLUMNS,
            Self::Keyness(_) => KeyRow::COLUMNS,
            Self::Collocates(_) => CollocateRow::COLUMNS,
        }
    }

    /// Write every row in `format` (with a header row for CSV and TSV).
    ///
    /// # Errors
    ///
    /// Writing failed.
    pub fn write(
        &self,
        out: impl std::io::Write,
        format: crate::corpus::export::ExportFormat,
    ) -> std::io::Result<()> {
        use crate::analysis::rows::write_table;
        match self {
            Self::Frequency(rows) => write_table(out, format, rows),
            Self::Keyness(rows) => write_table(out, format, rows),
            Self::Collocates(rows) => write_table(out, format, rows),
        }
    }

    /// Row `i`'s word.
    pub fn word(&self, i: usize) -> Option<&str> {
        match self {
            Self::Frequency(rows) => rows.get(i).map(|r| r.word.as_str()),
            Self::Keyness(rows) => rows.get(i).map(|r| r.word.as_str()),
            Self::Collocates(rows) => rows.get(i).map(|r| r.word.as_str()),
        }
    }

    /// Row `i`'s cells, as the table and the export show them.
    pub fn cells(&self, i: usize) -> Option<Vec<String>> {
        match self {
            Self::Frequency(rows) => rows.get(i).map(|r| r.cells()),
            Self::Keyness(rows) => rows.get(i).map(|r| r.cells()),
            Self::Collocates(rows) => rows.get(i).map(|r| r.cells()),
        }
    }

    /// Order the rows by `column` (a number of [`Self::columns`]), descending or not; ties
    /// by word.
    pub fn sort(&mut self, column: usize, descending: bool) {
        fn by<R>(rows: &mut [R], key: impl Fn(&R) -> f64, word: impl Fn(&R) -> &str, d: bool) {
            rows.sort_by(|a, b| {
                let order = key(a).total_cmp(&key(b));
                let order = if d { order.reverse() } else { order };
                order.then_with(|| word(a).cmp(word(b)))
            });
        }
        fn by_word<R>(rows: &mut [R], word: impl Fn(&R) -> &str, d: bool) {
            rows.sort_by(|a, b| {
                let order = word(a).cmp(word(b));
                if d { order.reverse() } else { order }
            });
        }
        let d = descending;
        match self {
            Self::Frequency(rows) => match column {
                0 => by_word(rows, |r| &r.word, d),
                2 => by(rows, |r| f64::from(r.articles), |r| &r.word, d),
                _ => by(rows, |r| r.count as f64, |r| &r.word, d),
            },
            Self::Keyness(rows) => match column {
                0 => by_word(rows, |r| &r.word, d),
                1 => by(rows, |r| r.count as f64, |r| &r.word, d),
                2 => by(rows, |r| r.count_rest as f64, |r| &r.word, d),
                4 => by(rows, |r| r.log_ratio, |r| &r.word, d),
                _ => by(rows, |r| r.g2, |r| &r.word, d),
            },
            Self::Collocates(rows) => match column {
                0 => by_word(rows, |r| &r.word, d),
                2 => by(rows, |r| r.freq as f64, |r| &r.word, d),
                3 => by(rows, |r| r.mi, |r| &r.word, d),
                4 => by(rows, |r| r.log_dice, |r| &r.word, d),
                _ => by(rows, |r| r.count as f64, |r| &r.word, d),
            },
        }
    }
}

/// A list computed for the articles shown.
#[derive(Clone, Debug)]
pub struct WordsResult {
    /// The rows, in the order chosen.
    pub rows: WordsRows,
    /// Articles counted (the selection).
    pub articles: usize,
    /// Their tokens.
    pub tokens: u64,
    /// The node word of a collocate list, or what is missing for one.
    pub node: Option<String>,
    /// For keyness: the reference's articles and tokens.
    pub reference: Option<(usize, u64)>,
    /// How long it took, in milliseconds.
    pub elapsed_ms: u64,
}

/// The token store of the open folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum StoreState {
    /// Not asked for yet (the Words tab has not been opened).
    #[default]
    Unopened,
    /// Being read (articles counted so far in the progress).
    Opening,
    /// Ready.
    Ready {
        /// Articles whose text could not be read (their titles are counted).
        unreadable: usize,
    },
    /// Could not be had.
    Failed(String),
}

/// The Words tab's state.
#[derive(Debug, Default)]
pub struct WordsState {
    /// The token store.
    pub store: StoreState,
    /// The last list computed (for `computed_for`).
    pub result: Option<WordsResult>,
    /// Why the last list could not be computed.
    pub error: Option<String>,
    /// A computation is running.
    pub running: bool,
    /// Articles read by the running job (store or list).
    pub progress: Arc<Progress>,
    /// The column the rows are ordered by, and whether descending.
    pub sort: Option<(usize, bool)>,
    /// The shown articles changed since the last request.
    pub(super) stale: bool,
    /// The settings of the last request.
    pub(super) requested: Option<WordsSettings>,
    /// The number of the last request (older answers are dropped).
    pub(super) seq: u64,
}
