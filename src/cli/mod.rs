//! The command line: `corpus-explorer [FOLDER]` opens the window; subcommands serve scripts,
//! one file each. They use the core (`corpus`, `search`) and never the window.

mod duplicates;
mod list;
mod marks;
mod search;
mod shared;
mod show;
mod trends;
mod words;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{CommandFactory as _, Parser, Subcommand};

pub use duplicates::{DuplicatesArgs, run_duplicates};
pub use list::{ListArgs, ListSort, run_list};
pub use marks::{CodingArgs, TagArgs, run_coding, run_tag};
pub use search::{SearchArgs, SelectionArgs, run_search};
pub use shared::parse_day;
pub use show::{ShowArgs, run_show};
pub use trends::{TrendsArgs, run_trends};
pub use words::{WordsArgs, run_words};

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
    /// Print one article as the reader shows it: title, date, source, then its paragraphs.
    Show(ShowArgs),
    /// Put a tag on the selected articles, or take it off; prints how many changed.
    Tag(TagArgs),
    /// Export every article's tags and note as a CSV coding sheet, or merge one back.
    Coding(CodingArgs),
    /// Word statistics of the selected articles: a frequency list (or n-grams with --ngram),
    /// keywords against the rest of the folder (--keyness), or a word's collocates.
    Words(WordsArgs),
    /// Per period, the selected articles and how many match each query (counts and shares):
    /// coverage over time.
    Trends(TrendsArgs),
    /// Story families: wire copies, reprints and updated versions of one article (one row per
    /// member of a family of two or more, largest families first, members by date).
    Duplicates(DuplicatesArgs),
}

impl Cli {
    /// Parse the process's arguments; exits with clap's message on an error.
    pub fn from_env() -> Self {
        Self::try_from_args(std::env::args_os()).unwrap_or_else(|err| err.exit())
    }

    /// Parse `args` (the program's name first). A word that is neither a command nor an
    /// existing path but is close to a command (`lsit`) is an error that names the command,
    /// instead of being taken for a folder to open; `corpus-explorer FOLDER` and
    /// `corpus-explorer FILE` still open the window.
    ///
    /// # Errors
    ///
    /// clap's error, or the mistyped command with the nearest one.
    pub fn try_from_args(args: impl IntoIterator<Item = OsString>) -> Result<Self, clap::Error> {
        let args: Vec<OsString> = args.into_iter().collect();
        if let Some(message) = args.get(1..).and_then(mistyped_command) {
            let mut command = Self::command();
            return Err(command.error(clap::error::ErrorKind::InvalidSubcommand, message));
        }
        Self::try_parse_from(args)
    }
}

/// A command's name at most this many edits away from a word is suggested for it.
const SUGGESTION_MAX_EDITS: usize = 2;

/// The message for a first word that is not a command, not a path, and close to a command.
fn mistyped_command(args: &[OsString]) -> Option<String> {
    let first = args
        .iter()
        .find(|a| !a.to_string_lossy().starts_with('-'))?;
    let word = first.to_str()?;
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    if names.iter().any(|n| n == word) || Path::new(first).exists() {
        return None;
    }
    let (distance, nearest) = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(word, n), n))
        .min()?;
    (distance <= SUGGESTION_MAX_EDITS).then(|| {
        format!(
            "'{word}' is not a command, and no file or folder of that name exists\n\n  \
             tip: a command with a similar name exists: '{nearest}'\n  \
             tip: the commands are {}; to open a folder in the window, give its path",
            names.join(", ")
        )
    })
}

/// Run a subcommand.
pub fn run(command: &Command) -> anyhow::Result<()> {
    match command {
        Command::List(args) => run_list(args),
        Command::Search(args) => run_search(args),
        Command::Show(args) => run_show(args),
        Command::Tag(args) => run_tag(args),
        Command::Coding(args) => run_coding(args),
        Command::Words(args) => run_words(args),
        Command::Trends(args) => run_trends(args),
        Command::Duplicates(args) => run_duplicates(args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        let mut all = vec![OsString::from("corpus-explorer")];
        all.extend(args.iter().map(OsString::from));
        Cli::try_from_args(all)
    }

    #[test]
    fn a_word_near_a_command_is_an_error_unless_it_is_a_path() {
        let err = parse(&["lsit", "/no/such/folder"]).unwrap_err();
        assert!(err.to_string().contains("'list'"), "{err}");
        assert!(
            parse(&["lst"]).is_err(),
            "one word near a command, no such path"
        );
        // A folder or file of that name opens in the window.
        let dir = tempfile::tempdir().unwrap();
        let lsit = dir.path().join("lsit");
        std::fs::create_dir(&lsit).unwrap();
        let file = dir.path().join("serch.txt");
        std::fs::write(&file, "A story").unwrap();
        for path in [&lsit, &file] {
            let cli = Cli::try_from_args([OsString::from("corpus-explorer"), path.into()]).unwrap();
            assert_eq!(cli.folder.as_deref(), Some(path.as_path()));
            assert!(cli.command.is_none());
        }
        // A word far from every command is a folder the window will say it cannot open.
        let cli = parse(&["harbour-news"]).unwrap();
        assert_eq!(cli.folder.as_deref(), Some(Path::new("harbour-news")));
        assert!(parse(&["shwo", "/no/such.txt"]).is_err());
        // Commands and flags parse as always.
        assert!(matches!(
            parse(&["list", "/tmp"]).unwrap().command,
            Some(Command::List(_))
        ));
        assert!(
            parse(&["--version"]).is_err(),
            "clap's --version is an early exit"
        );
    }
}
