//! Full-text search: the query syntax, the analysis shared by the index and the highlighter,
//! and a matcher that finds hits in one article's text. No egui in here.

pub mod analysis;
pub mod index;
pub mod kwic;
pub mod matcher;
pub mod run;
pub mod syntax;

pub use index::{SearchIndex, UpdateStats, default_index_dir};
pub use matcher::{Hits, Matcher};
pub use run::{ConcordanceLine, SearchError, SearchResults, search_corpus};
pub use syntax::{Field, Query, SyntaxError, parse};
