//! What panels ask for. Panels never change state themselves: they push a [`Command`] and
//! `CorpusApp::apply` (in `apply.rs`) carries it out, in one place.

use std::path::PathBuf;

use super::families_state::FamiliesSettings;
use super::settings::{ColumnVisibility, ThemeChoice};
use super::state::CentralTab;
use super::trends_state::TrendsSettings;
use super::words_state::WordsSettings;
use crate::analysis::families::FamilyId;
use crate::corpus::marks::TagDef;
use crate::corpus::timeline::Period;
use crate::corpus::{ArticleId, DateFilter, SortColumn};
use crate::search::ConcordanceSort;

/// How a click on a row chooses rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choose {
    /// That row alone (a plain click).
    Only,
    /// Add or remove that row (Ctrl-click).
    Toggle,
    /// The rows from the last clicked one to it (Shift-click).
    Range,
}

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
    /// Change the Words tab's settings (its list is computed again).
    SetWordsSettings(WordsSettings),
    /// Order the Words list by this column (again: the other way).
    SortWords(usize),
    /// Search for a word of the Words list and show its concordance.
    SearchWord(String),
    /// Stop counting words (until the articles shown or the settings change).
    CancelWords,
    /// Count the words again after a failure.
    RetryWords,
    /// Ask where to export the Words list.
    ExportWords,
    /// Export the Words list, as shown, to this file (CSV, or JSON Lines for `.jsonl`).
    ExportWordsTo(PathBuf),
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
    /// A row was clicked: choose it (and select it) as `how` says.
    ChooseRow {
        /// The article.
        id: ArticleId,
        /// Alone, toggled, or a range.
        how: Choose,
    },
    /// Choose every row shown (Ctrl+A).
    ChooseAllShown,
    /// Put the tag on the chosen articles, or take it off when all have it.
    ToggleTag(String),
    /// The same for the tag whose key (1–9) was pressed.
    ToggleTagKey(u8),
    /// Star the chosen articles, or unstar them when all are starred.
    ToggleStar,
    /// Put a tag on every row shown (`on`), or take it off.
    TagShown {
        /// The tag (made if new).
        tag: String,
        /// On or off.
        on: bool,
    },
    /// Replace an article's note.
    SetNote {
        /// The article.
        article: ArticleId,
        /// The note ("" removes it).
        note: String,
    },
    /// Add a tag to the codebook or change its colour or key.
    DefineTag(TagDef),
    /// Remove a tag from the codebook and from every article.
    RemoveTag(String),
    /// Choose a facet value, or un-choose it.
    ToggleFacetValue {
        /// Which panel facet ([`super::TAG_FACET`] for tags).
        facet: usize,
        /// The value's key.
        key: Box<str>,
    },
    /// Clear one facet's choices (`None`: every facet's).
    ClearFacets(Option<usize>),
    /// Show or hide the facet panel.
    ShowFacets(bool),
    /// Copy the citation of the article in the reader (outlet, date, headline, file,
    /// paragraph of the current hit).
    CopyCitation,
    /// Ask for an empty folder to copy the articles shown into.
    CopyArticles,
    /// Draw the articles matching a query (search syntax) as a line over the timeline.
    AddSeries(String),
    /// Take the `n`th query series off the timeline.
    RemoveSeries(usize),
    /// Change how the series are drawn (share or count, small charts per outlet).
    SetTrendsSettings(TrendsSettings),
    /// A series' point was clicked: show that period's articles matching its query.
    ShowSeriesPoint {
        /// The series.
        series: usize,
        /// The period's first day.
        from: chrono::NaiveDate,
        /// The period's last day.
        to: chrono::NaiveDate,
        /// The outlet, for a point of an outlet's small chart.
        source: Option<String>,
    },
    /// Ask where to save the series' counts.
    ExportTrends,
    /// Save the series' counts (CSV, or JSON Lines for `.jsonl`).
    ExportTrendsTo(PathBuf),
    /// The timeline's chart is now drawn in this rectangle (what a saved picture shows).
    ChartMoved(egui::Rect),
    /// Ask where to save the timeline as a picture.
    ExportChart,
    /// Save the timeline as a PNG picture.
    ExportChartTo(PathBuf),
    /// Copy the articles shown into this empty folder (their files, an article of a file of
    /// many as its own `.txt`, and `manifest.csv`).
    CopyArticlesTo(PathBuf),
    /// Change the story families' threshold, or "one per family".
    SetFamiliesSettings(FamiliesSettings),
    /// Open the families window on a family (`None`: the list of families).
    ShowFamily(Option<FamilyId>),
    /// Close the families window.
    CloseFamilies,
    /// Sort the table by family size, members together (again: reverse).
    SortByFamily,
    /// Compare two articles side by side, word by word.
    Compare {
        /// The left one.
        left: ArticleId,
        /// The right one.
        right: ArticleId,
    },
    /// Close the comparison.
    CloseComparison,
    /// Compare the other members of the family shown with this one (instead of the first).
    CompareWith(ArticleId),
}
