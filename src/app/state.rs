//! What the panels read: the open corpus, the table's view, the selection, the reader, the
//! search, the timeline, the banner and the settings. Panels get `&AppState` and can only
//! read it; [`super::CorpusApp`] changes it, in answer to commands and worker reports.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::catalog_jobs::OpenSource;
use super::jobs::{BodyLoadError, Progress};
use super::marks_state::{FacetsState, MarksState};
use super::notice::Notice;
use super::search::SearchState;
use super::settings::Settings;
use super::timeline::TimelineState;
use super::view::View;
use crate::corpus::catalog::Changes;
use crate::corpus::{Article, ArticleBody, ArticleId, Corpus, ScanHandle};
use crate::search::Hits;

/// What the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CentralTab {
    /// The article table.
    #[default]
    Articles,
    /// Every hit in context.
    Concordance,
    /// Word statistics of the articles shown.
    Words,
}

/// What the reader panel is showing.
#[derive(Debug, Default)]
pub enum BodyState {
    /// No article selected.
    #[default]
    Empty,
    /// Waiting for the body loader.
    Loading,
    /// The text.
    Loaded(ArticleBody),
    /// The body could not be read.
    Failed(BodyLoadError),
}

/// The reader's state.
#[derive(Debug, Default)]
pub struct ReaderState {
    /// The article whose body is shown or loading.
    pub article: Option<ArticleId>,
    /// The body loader request being waited for.
    pub(super) request: u64,
    /// The query that request's hits are for (hits for another are dropped).
    pub(super) request_query: Option<crate::search::Query>,
    /// The body.
    pub body: BodyState,
    /// True on the first frame of a new article: scroll to the top.
    pub scroll_to_top: bool,
    /// The reader has the keyboard (Enter on the table; Escape gives it back).
    pub focused: bool,
    /// The search's hits in the shown article (title hits first, then the body's).
    pub hits: Option<Hits>,
    /// The highlighted hit (an index into the hits).
    pub current_hit: usize,
    /// True when the reader should scroll the current hit into view.
    pub scroll_to_hit: bool,
    /// The hit to show once the body arrives (a concordance line was clicked).
    pub(super) wanted_hit: Option<usize>,
}

impl ReaderState {
    /// The number of hits in the shown article.
    pub fn hit_count(&self) -> usize {
        self.hits.as_ref().map_or(0, Hits::count)
    }
}

/// The app's state, as the panels read it.
#[derive(Default)]
pub struct AppState {
    /// Persisted settings.
    pub settings: Settings,
    /// The open corpus (filling while a scan runs).
    pub corpus: Option<Corpus>,
    /// The running scan (dropping it cancels the scan).
    pub(super) scan: Option<ScanHandle>,
    /// When the running (or last) scan started.
    pub(super) scan_started: Option<Instant>,
    /// The table's view.
    pub view: View,
    /// The selected article.
    pub selection: Option<ArticleId>,
    /// The selected article's row in the view, kept up to date with both.
    pub(super) selected_row: Option<usize>,
    /// Bumped whenever the table should scroll the selection into view (the table remembers
    /// the last request it answered, so a request made while it is hidden waits for it).
    pub table_scroll_request: u64,
    /// The reader.
    pub reader: ReaderState,
    /// A message banner (errors, "no dialog available", …).
    pub notice: Option<Notice>,
    /// The skipped-files window is open.
    pub show_skipped: bool,
    /// A folder is being opened (checked by a worker).
    pub opening: bool,
    /// The search.
    pub search: SearchState,
    /// What the central area shows.
    pub tab: CentralTab,
    /// The timeline's counts.
    pub timeline: TimelineState,
    /// Articles indexed so far and to index, while the index is being built.
    pub(super) index_progress: Arc<Progress>,
    /// Articles read so far and to read, while a search runs.
    pub(super) search_progress: Arc<Progress>,
    /// Rows written so far and to write, while the table is exported.
    pub(super) export_progress: Arc<Progress>,
    /// Files checked so far and to check, while a corpus read from its catalog is checked.
    pub(super) check_progress: Arc<Progress>,
    /// Where the corpus's records came from.
    pub source: Option<OpenSource>,
    /// The check of a corpus read from its catalog.
    pub check: Option<CheckState>,
    /// The open folder's tags, stars and notes.
    pub marks: MarksState,
    /// The facet panel's choices and counts.
    pub facets: FacetsState,
    /// The Words tab.
    pub words: super::words_state::WordsState,
    /// The timeline's query series.
    pub trends: super::trends_state::TrendsState,
    /// The story families.
    pub families: super::families_state::FamiliesState,
    /// The rows chosen for tagging (sorted ids; Ctrl- and Shift-click, Ctrl+A), the selected
    /// article among them. Empty: the selected article alone.
    pub chosen: Vec<ArticleId>,
    /// Where a Shift-click range starts.
    pub(super) anchor: Option<ArticleId>,
}

/// The check of a corpus read from its catalog against its folder.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckState {
    /// Running.
    Running,
    /// Done: what changed, in how many files, and how long it took.
    Done {
        /// Files checked.
        files: usize,
        /// What changed.
        changes: Changes,
        /// Seconds it took.
        seconds: f64,
    },
    /// It failed (the corpus shown is the catalog's).
    Failed(String),
}

impl AppState {
    /// True while a scan is running.
    pub fn is_scanning(&self) -> bool {
        self.scan.is_some()
    }

    /// The open folder.
    pub fn folder(&self) -> Option<&Path> {
        self.corpus.as_ref().map(|c| c.root.as_path())
    }

    /// The selected article's position in the table (kept up to date as the selection and the
    /// view change, so reading it costs nothing).
    pub fn selected_row(&self) -> Option<usize> {
        self.selected_row
    }

    /// The selected article's record.
    pub fn selected_article(&self) -> Option<&Article> {
        let id = self.selection?;
        self.corpus.as_ref()?.articles.get(id as usize)
    }

    /// Seconds the last (or running) scan took.
    pub fn scan_seconds(&self) -> Option<f64> {
        let corpus = self.corpus.as_ref()?;
        match corpus.summary {
            Some(summary) => Some(summary.elapsed.as_secs_f64()),
            None => self.scan_started.map(|t| t.elapsed().as_secs_f64()),
        }
    }

    /// Files checked so far and to check, while a check runs.
    pub fn check_progress(&self) -> (usize, usize) {
        self.check_progress.get()
    }

    /// Articles indexed so far and to index, while the index is being built.
    pub fn index_progress(&self) -> (usize, usize) {
        self.index_progress.get()
    }

    /// Articles read so far and to read, while a search runs.
    pub fn search_progress(&self) -> (usize, usize) {
        self.search_progress.get()
    }

    /// Rows written so far and to write, while the table is exported (`None` otherwise).
    pub fn export_progress(&self) -> Option<(usize, usize)> {
        let (done, total) = self.export_progress.get();
        (done < total).then_some((done, total))
    }

    /// True when `articles` are the open corpus's.
    pub(super) fn is_current(&self, articles: &Arc<Vec<Article>>) -> bool {
        self.corpus
            .as_ref()
            .is_some_and(|c| Arc::ptr_eq(&c.articles, articles))
    }

    /// True when article `id`'s row is chosen (or is the selection).
    pub fn is_chosen(&self, id: ArticleId) -> bool {
        self.selection == Some(id) || self.chosen.binary_search(&id).is_ok()
    }

    /// How many rows a tag key would change.
    pub fn chosen_count(&self) -> usize {
        if self.chosen.is_empty() {
            usize::from(self.selection.is_some())
        } else {
            self.chosen.len()
        }
    }

    pub(super) fn update_selected_row(&mut self) {
        self.selected_row = self.selection.and_then(|id| self.view.row_of(id));
    }
}
