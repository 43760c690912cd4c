//! Measuring a corpus: word statistics of any selection (frequency lists, n-grams, keyness,
//! collocates) over every article's tokens, kept in the user's cache ([`terms`]). Pure
//! computations over records and terms: no egui, no window.
//!
//! Inside, imports point one way: `words` and `stopwords` read the token store (`terms`), which
//! reads the articles through the core and tokenizes them with the search analyzer.

pub mod stopwords;
pub mod terms;
pub mod words;

pub use terms::{Reading, TermStore, TermsError, TermsStats, default_terms_path, terms_path_in};
pub use words::{
    CollocateRow, Collocates, Frequencies, Gram, KeyRow, List, MAX_GRAM, WordRow, frequency_list,
    keyness_list, keyness_rows,
};
