//! What panels ask for. Panels never change state themselves: they push a [`Command`] and
//! `CorpusApp::apply` (in `apply.rs`) carries it out, in one place.

use std::path::PathBuf;

use super::settings::{ColumnVisibility, ThemeChoice};
use super::state::CentralTab;
use crate::corpus::timeline::Period;
use crate::corpus::{ArticleId, DateFilter, SortColumn};
use crate::search::ConcordanceSort;

/// A request from a panel (or a shortcut) to change the app's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Open a folder, or the folder of a file (selecting that article).
    Open(PathBuf),
    /// Show the folder dialog.
    PickFolder,
    /// Scan the open folder again.
    Reload,
    /// Stop the running scan (the rows found so far stay).
    CancelScan,
    /// Sort by a column; the same column again reverses the order.
    SortBy(SortColumn),
    /// Replace the date filter.
    SetFilter(DateFilter),
    /// Select an article (None clears the selection).
    Select(Option<ArticleId>),
    /// Select the row at this position in the table.
    SelectRow(usize),
    /// Move the keyboard focus to the reader (true) or back to the table.
    FocusReader(bool),
    /// Show or hide the skipped-files window.
    ShowSkipped(bool),
    /// Change which optional columns are shown.
    SetColumns(ColumnVisibility),
    /// Change the theme.
    SetTheme(ThemeChoice),
    /// Copy the open article's title and text to the clipboard.
    CopyArticle,
    /// Open the selected article's file with the default application.
    OpenArticleFile,
    /// Show the selected article's folder in the file manager.
    ShowInFileManager,
    /// Hide the message banner.
    DismissNotice,
    /// The search box's text changed.
    SetQuery(String),
    /// Show the next hit in the reader.
    NextHit,
    /// Show the previous hit in the reader.
    PreviousHit,
    /// Open an article in the reader at one of its hits (a concordance line).
    OpenHit {
        /// The article.
        article: ArticleId,
        /// Which of its hits.
        hit: usize,
    },
    /// Sort the table by hits (again: reverse).
    SortByHits,
    /// Show the article table or the concordance.
    ShowTab(CentralTab),
    /// Sort the concordance (the same order again reverses it).
    SortConcordance(ConcordanceSort),
    /// Ask where to export the concordance as CSV.
    ExportConcordance,
    /// Export the concordance, as shown, as CSV to this file.
    ExportConcordanceTo(PathBuf),
    /// Ask where to export the table.
    ExportTable,
    /// Export the table's rows, as shown (filters, search, sort; hits when searching), to
    /// this file: CSV, or JSON Lines for `.jsonl`, with the keys of `list`.
    ExportTableTo(PathBuf),
    /// The timeline's bars change period (the span shown changed, or the user chose).
    SetTimelinePeriod(Period),
    /// The user chose the timeline's period (`None`: follow the span shown).
    ChooseTimelinePeriod(Option<Period>),
    /// Show or hide the timeline.
    ShowTimeline(bool),
    /// The user resized the reader (its width is remembered).
    SetReaderWidth(f32),
    /// The user resized the timeline (its height is remembered).
    SetTimelineHeight(f32),
}
