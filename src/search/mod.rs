//! Full-text search: the query syntax, the analysis shared by the index and the highlighter,
//! the tantivy index, a matcher that finds hits in one article's text, the search of a whole
//! corpus, and the concordance's lines and their order. No egui in here.

pub mod analysis;
pub mod concordance;
pub mod fields;
pub mod index;
pub mod kwic;
pub mod lookup;
pub mod matcher;
pub mod prefilter;
pub mod reading;
pub mod run;
pub mod syntax;

pub use concordance::{ConcordanceOrder, ConcordanceSort, concordance_order};
pub use fields::{FieldFilters, MetaField, MetaFilter, parse_with_fields, split_fields};
pub use index::{Delta, SearchIndex, UpdateStats, default_index_dir};
pub use lookup::ArticleLookup;
pub use matcher::{Hits, Matcher};
pub use prefilter::Prefilter;
pub use reading::{ReadMatches, match_by_reading};
pub use run::{ConcordanceLine, SearchError, SearchResults, search_corpus};
pub use syntax::{Field, Query, SyntaxError, parse};
