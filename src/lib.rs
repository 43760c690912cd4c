//! corpus-explorer: explore a folder of news articles.
//!
//! The crate is a library (which the tests, benchmarks and fuzz targets use) under a thin
//! binary. Its layers import one way only, top to bottom:
//!
//! - [`ui`]: the window. [`ui::CorpusWindow`] is the eframe application; one module per panel.
//!   Panels read [`app::AppState`] and emit [`app::Command`]s; they never write state.
//! - [`app`]: the application without its window: its state, the one place commands change it
//!   (`apply.rs`), the workers' reports taken in within a frame budget (`events.rs`), the
//!   view, concordance and timeline rebuilt when something changed (`refresh.rs`), and the
//!   background workers (`workers.rs`), which talk to it over bounded channels.
//! - [`cli`]: the subcommands for scripts (`list`, `search`), beside the app: they use the
//!   core directly.
//! - [`analysis`]: measuring a selection: word frequencies, n-grams, keyness and collocates
//!   over every article's tokens, kept in the cache. No egui.
//! - [`search`]: query syntax, analyzer, the tantivy index, the matcher, the search of a whole
//!   corpus and the concordance's lines and order. No egui.
//! - [`corpus`]: the article model, the scan ([`corpus::scan`]: walking, reading one file, the
//!   parallel pipeline, decoding, the record sink), the formats ([`corpus::formats`]: one file
//!   each, owning its scan reader and its `load_body`), the one row filter, the sort and its
//!   integer keys, export and timeline binning. No egui.
//!
//! A folder, followed through them: the window drops it into `Command::Open`; `app/apply.rs`
//! asks a worker (`app/workers.rs`) to check it and call [`corpus::start_scan`];
//! `corpus/scan/walk.rs` visits every file on all cores and `corpus/scan/read.rs` reads each
//! with the format its extension picks (`corpus/formats/mod.rs` dispatches, e.g. to
//! `corpus/formats/json.rs`), sending batches of [`corpus::Article`] records; `app/events.rs`
//! takes them into the [`corpus::Corpus`], and `app/refresh.rs` builds the table's view
//! ([`app::View`], with [`corpus::RowFilter`] and the sort) that `ui/table.rs` draws.
//!
//! A search query, followed through them: `ui/search_box.rs` emits `Command::SetQuery`;
//! `app/apply.rs` parses it ([`search::parse`]) and hands it to the search worker, which runs
//! [`search::search_corpus`]: the tantivy index (`search/index.rs`) names the candidates, the
//! matcher (`search/matcher.rs`) counts the hits in each, `search/kwic.rs` cuts the
//! concordance lines; `app/events.rs` takes the results in, `app/refresh.rs` keeps the matching
//! rows and orders the lines ([`search::concordance_order`]), and `ui/concordance.rs` and
//! `ui/reader.rs` show them.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod corpus;
pub mod search;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod ui;
