//! Measuring a corpus: word statistics of any selection (frequency lists, n-grams, keyness,
//! collocates) over every article's tokens, kept in the user's cache ([`terms`]), and trends of
//! queries over time ([`trends`]). Pure
//! computations over records and terms: no egui, no window.
//!
//! Inside, imports point one way: `lists` (the lists as printed) counts with `words` (tallies
//! of words and n-grams, collocates), which reads the token store (`terms`: the articles read
//! through the core and tokenized with the search analyzer); `rows` (the rows and the formulas
//! of their measures) and `stopwords` sit beside them.

pub mod families;
pub mod lists;
pub mod rows;
pub mod stopwords;
pub mod terms;
pub mod trends;
pub mod words;

pub use lists::{List, counted_frequency_list, frequency_list, keyness_list, keyness_rows};
pub use rows::{CollocateRow, KeyRow, TableRow, WordRow, write_table};
pub use terms::{
    Follow, Reading, Scanned, Scanning, Tally, TermStore, TermsError, TermsStats, Visit,
    default_terms_path, terms_path_in,
};
pub use words::{Collocates, Frequencies, Gram, MAX_GRAM};
