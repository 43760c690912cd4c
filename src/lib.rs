//! corpus-explorer: explore a folder of news articles.
//!
//! The parts, and how data flows between them:
//! - [`corpus`]: the core, with no GUI code. It scans a folder on background threads into
//!   small article records (metadata only), accounts for every file, filters and sorts views of
//!   the records, reads one article's body on demand, and exports lists.
//! - [`cli`]: the command line (`list` for scripts; no subcommand opens the window).
//! - [`app`]: the eframe application: state, commands and the logic that applies them, with
//!   workers talking to the window over bounded channels.
//! - [`ui`]: one module per panel; panels read state and emit commands.

pub mod app;
pub mod cli;
pub mod corpus;
pub mod search;
pub mod ui;
