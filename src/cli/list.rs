//! `corpus-explorer list FOLDER`: one row per article (or per skipped file), filtered by date
//! with the one row filter and sorted as the window sorts.

use std::io::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use super::shared::{date_range, keep_source, marks_for_listing, open_corpus};
use crate::corpus::export::{ExportFormat, write_articles, write_skipped};
use crate::corpus::filter::filter_ids;
use crate::corpus::sort::sort_ids;
use crate::corpus::{Corpus, SortColumn, SortOrder};

/// Arguments of `list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The folder to scan.
    pub folder: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
    pub format: ExportFormat,
    /// Keep articles dated on or after this day (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Keep articles dated on or before this day (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Sort by this column (undated articles last).
    #[arg(long, value_enum, default_value_t = ListSort::Path)]
    pub sort: ListSort,
    /// Reverse the sort.
    #[arg(long)]
    pub desc: bool,
    /// List the skipped files and their reasons instead of the articles.
    #[arg(long)]
    pub skipped: bool,
    /// Read every file again instead of trusting the catalog of the last scan (and write the
    /// catalog anew).
    #[arg(long)]
    pub rescan: bool,
    /// Keep articles whose Source is exactly this (the outlet the file names, else the folder).
    #[arg(long, value_name = "S")]
    pub source: Option<String>,
    /// Keep articles tagged TAG.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}

/// Sort keys of `list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListSort {
    /// Publication date.
    Date,
    /// Title, ignoring case.
    Title,
    /// Word count.
    Words,
    /// Relative path.
    Path,
}

impl From<ListSort> for SortColumn {
    fn from(sort: ListSort) -> Self {
        match sort {
            ListSort::Date => Self::Date,
            ListSort::Title => Self::Title,
            ListSort::Words => Self::Words,
            ListSort::Path => Self::File,
        }
    }
}

/// Run `list`: rows on stdout, the summary line on stderr.
pub fn run_list(args: &ListArgs) -> anyhow::Result<()> {
    let filter = date_range(args.from.as_deref(), args.to.as_deref())?;
    let opened = open_corpus(&args.folder, args.rescan)?;
    let corpus: Corpus = opened.refresh.corpus;
    let stdout = std::io::stdout().lock();
    let out = std::io::BufWriter::new(stdout);
    let result = if args.skipped {
        write_skipped(out, args.format, &corpus.skipped)
    } else {
        let marks = marks_for_listing(&corpus, args.tag.is_some())?;
        let mut ids = filter_ids(&corpus.articles, &filter);
        if let (Some(tag), Some(marks)) = (&args.tag, &marks) {
            ids.retain(|&id| marks.has_tag(id, tag));
        }
        if let Some(source) = &args.source {
            keep_source(&corpus.articles, &mut ids, source);
        }
        // A finished scan is already in path order.
        if args.sort != ListSort::Path || args.desc {
            sort_ids(
                &corpus.articles,
                &mut ids,
                SortOrder {
                    column: args.sort.into(),
                    descending: args.desc,
                },
            );
        }
        write_articles(
            out,
            args.format,
            ids.iter().filter_map(|&id| {
                let mark = marks.as_ref().and_then(|m| m.mark_of(id));
                Some((corpus.articles.get(id as usize)?, mark))
            }),
        )
    };
    match result {
        Ok(()) => {}
        // A closed pipe (`| head`) is not an error worth a message.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(err) => return Err(err.into()),
    }
    let mut stderr = std::io::stderr().lock();
    writeln!(stderr, "{}", corpus.summary_line())?;
    // The process ends here: freeing a hundred thousand records one by one would only delay it.
    std::mem::forget(corpus);
    Ok(())
}
