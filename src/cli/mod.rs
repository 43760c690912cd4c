//! The command line: `corpus-explorer [FOLDER]` opens the window; subcommands serve scripts,
//! one file each. They use the core (`corpus`, `search`) and never the window.

mod list;
mod search;
mod shared;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use list::{ListArgs, ListSort, run_list};
pub use search::{SearchArgs, run_search};
pub use shared::parse_day;

/// Explore a folder of news articles.
#[derive(Debug, Parser)]
#[command(
    name = "corpus-explorer",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A folder of articles to open in the window (or a file, to open its folder).
    pub folder: Option<PathBuf>,
    /// A command for scripts instead of the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the articles of a folder (one row each), or its skipped files.
    List(ListArgs),
    /// Print the articles that match a search query, with their hit counts (or every hit in
    /// context with --kwic). The index is kept in the user's cache directory.
    Search(SearchArgs),
}

/// Run a subcommand.
pub fn run(command: &Command) -> anyhow::Result<()> {
    match command {
        Command::List(args) => run_list(args),
        Command::Search(args) => run_search(args),
    }
}
