//! The eframe application: state, the commands panels emit, and the one place that applies
//! them. Workers (scan, body loader, dialogs) report over bounded channels; each frame drains
//! them for a few milliseconds at most, so the window never waits.

mod command;
#[cfg(any(test, feature = "test-support"))]
mod invariants;
mod search;
pub mod settings;
#[cfg(test)]
mod tests;
mod timeline;
mod view;
mod workers;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::TryRecvError;
use std::time::{Duration, Instant};

pub use command::Command;
pub use search::{CentralTab, ConcordanceSort, IndexState, SearchState, concordance_order};
pub use settings::{ColumnVisibility, Settings, ThemeChoice};
pub use timeline::TimelineState;
pub use view::View;
use workers::{Job, SearchRequest, WorkerEvent, Workers};

use crate::corpus::query::{ArticleId, SortOrder};
use crate::corpus::{ArticleBody, Corpus, ScanEvent, ScanHandle, SortKeys, SortedCorpus};
use crate::search::Hits;

/// The app's id: the settings live in the system's data folder under this name.
pub const APP_ID: &str = "corpus-explorer";

/// The reader reads at most this much of an article; longer ones show their first part.
pub const READER_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Time per frame spent taking in scan results, so a huge folder never stalls drawing.
const DRAIN_BUDGET: Duration = Duration::from_millis(4);

/// While scanning, the table's view is rebuilt at most this often.
const VIEW_REBUILD_INTERVAL: Duration = Duration::from_millis(200);

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
    Failed(String),
}

/// The reader's state.
#[derive(Debug, Default)]
pub struct ReaderState {
    /// The article whose body is shown or loading.
    pub article: Option<ArticleId>,
    /// The body loader request being waited for.
    request: u64,
    /// The query that request's hits are for (hits for another are dropped).
    request_query: Option<crate::search::Query>,
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
    wanted_hit: Option<usize>,
}

impl ReaderState {
    /// The number of hits in the shown article.
    pub fn hit_count(&self) -> usize {
        self.hits.as_ref().map_or(0, Hits::count)
    }
}

/// The running application.
pub struct CorpusApp {
    /// Persisted settings.
    pub settings: Settings,
    /// The open corpus (filling while a scan runs).
    pub corpus: Option<Corpus>,
    scan: Option<ScanHandle>,
    scan_started: Option<Instant>,
    /// When the process started, until the launch timings are logged.
    launch: Option<LaunchTiming>,
    /// The table's view.
    pub view: View,
    /// Integer sort keys of the finished corpus, once a worker has built them.
    keys: Option<Arc<SortKeys>>,
    /// The whole corpus in the current sort order (with keys only): a filter change walks it
    /// instead of sorting again.
    sorted_all: Option<SortedCorpus>,
    view_dirty: bool,
    view_built: Option<Instant>,
    /// The selected article.
    pub selection: Option<ArticleId>,
    selected_row: Option<usize>,
    /// The reader.
    pub reader: ReaderState,
    /// A message banner (errors, "no dialog available", …).
    pub notice: Option<String>,
    /// The banner offers to reload the folder (after a background task failed).
    pub notice_offers_reload: bool,
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
    timeline_dirty: bool,
    timeline_all_dirty: bool,
    /// Where search indexes are kept (`None`: nowhere, search reads the articles).
    index_root: Option<PathBuf>,
    pending_select: Option<PendingSelect>,
    open_request: u64,
    workers: Workers,
    commands: Vec<Command>,
    panels: crate::ui::Panels,
}

impl CorpusApp {
    /// Create the app: settings from eframe's storage (if any), then open `folder` or else the
    /// last folder.
    pub fn new(cc: &eframe::CreationContext<'_>, folder: Option<PathBuf>) -> Self {
        let settings = cc
            .storage
            .and_then(|storage| storage.get_string(eframe::APP_KEY))
            .map(|text| Settings::from_ron(&text))
            .unwrap_or_default();
        Self::with_settings(&cc.egui_ctx, settings, folder)
    }

    /// Create the app from given settings (also used by tests to simulate a restart).
    pub fn with_settings(ctx: &egui::Context, settings: Settings, folder: Option<PathBuf>) -> Self {
        crate::ui::style::install(ctx, settings.theme);
        let mut app = Self {
            corpus: None,
            scan: None,
            scan_started: None,
            launch: None,
            view: View::default(),
            keys: None,
            sorted_all: None,
            view_dirty: false,
            view_built: None,
            selection: None,
            selected_row: None,
            reader: ReaderState::default(),
            notice: None,
            notice_offers_reload: false,
            show_skipped: false,
            opening: false,
            search: SearchState::default(),
            tab: CentralTab::default(),
            timeline: TimelineState {
                period: settings.timeline_period.unwrap_or_default(),
                ..TimelineState::default()
            },
            timeline_dirty: true,
            timeline_all_dirty: true,
            index_root: crate::search::index::default_cache_root(),
            pending_select: None,
            open_request: 0,
            workers: Workers::new(ctx),
            commands: Vec::new(),
            panels: crate::ui::Panels::new(&settings),
            settings,
        };
        if let Some(start) = folder.or_else(|| app.settings.last_folder.clone()) {
            app.commands.push(Command::Open(start));
        }
        app
    }

    /// Show an already scanned corpus (benchmarks and tests use this to skip the scan). It
    /// is not indexed: search reads its articles.
    pub fn show_corpus(&mut self, corpus: Corpus) {
        self.scan = None;
        self.forget_keys();
        self.workers.build_sort_keys(Arc::clone(&corpus.articles));
        self.corpus = Some(corpus);
        self.view_dirty = true;
        self.view_built = None;
        self.selection = None;
        self.selected_row = None;
        self.reader = ReaderState::default();
        self.forget_search_results();
        self.start_search();
        self.refresh_view();
    }

    /// Keep search indexes under `root` instead of the user's cache directory (`None`: build
    /// no index; search then reads every article).
    pub fn set_index_root(&mut self, root: Option<PathBuf>) {
        self.index_root = root;
    }

    /// Articles indexed so far and to index, while the index is being built.
    pub fn index_progress(&self) -> (usize, usize) {
        self.workers.index_progress.get()
    }

    /// Articles read so far and to read, while a search runs.
    pub fn search_progress(&self) -> (usize, usize) {
        self.workers.search_progress.get()
    }

    /// The settings as eframe stores them.
    pub fn settings_ron(&self) -> String {
        ron::to_string(&self.settings).unwrap_or_default()
    }

    /// True while a scan is running.
    pub fn is_scanning(&self) -> bool {
        self.scan.is_some()
    }

    /// True once the finished corpus's sort keys are in use (sorting and filtering then read
    /// only compact integer columns).
    pub fn has_sort_keys(&self) -> bool {
        match (&self.keys, &self.corpus) {
            (Some(keys), Some(corpus)) => keys.len() == corpus.articles.len(),
            _ => false,
        }
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

    fn update_selected_row(&mut self) {
        self.selected_row = self.selection.and_then(|id| self.view.row_of(id));
    }

    /// Show `text` in the banner.
    fn set_notice(&mut self, text: String) {
        self.notice = Some(text);
        self.notice_offers_reload = false;
    }

    /// Make every scan call `hook` with each file's path before reading it (see
    /// [`crate::corpus::BeforeRead`]; tests use it to change the folder mid-scan).
    pub fn set_before_read(&mut self, hook: Option<crate::corpus::BeforeRead>) {
        self.workers.before_read = hook;
    }

    /// Queue a command (applied before the end of this frame).
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Take in what the workers reported, for at most a few milliseconds.
    fn drain(&mut self, ctx: &egui::Context) {
        let started = Instant::now();
        while let Some(event) = self.workers.try_next() {
            self.on_worker_event(ctx, event);
        }
        while started.elapsed() < DRAIN_BUDGET {
            let Some(scan) = &self.scan else { break };
            match scan.receiver().try_recv() {
                Ok(event) => self.on_scan_event(event),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.on_scan_lost();
                    break;
                }
            }
        }
        if self.scan.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn on_scan_event(&mut self, event: ScanEvent) {
        let Some(corpus) = &mut self.corpus else {
            return;
        };
        let finished = match event {
            ScanEvent::Batch {
                articles,
                skipped,
                progress,
            } => {
                corpus.apply(ScanEvent::Batch {
                    articles,
                    skipped,
                    progress,
                });
                false
            }
            ScanEvent::Finished(summary) => {
                corpus.progress = summary.totals;
                corpus.summary = Some(summary);
                // Sort by path so ties in the table fall in path order whatever the thread
                // timing; keep the selection on the same article.
                let new_id_of_old = corpus.finish();
                let remap = |id: Option<ArticleId>| {
                    id.and_then(|id| new_id_of_old.get(id as usize).copied())
                };
                self.selection = remap(self.selection);
                self.reader.article = remap(self.reader.article);
                self.workers.build_sort_keys(Arc::clone(&corpus.articles));
                let cancelled = summary.cancelled;
                match self.index_root.as_deref() {
                    Some(root) if !cancelled => {
                        let dir = crate::search::index::index_dir_in(root, &corpus.root);
                        self.search.index = IndexState::Building;
                        self.workers.build_index(
                            dir,
                            corpus.root.clone(),
                            Arc::clone(&corpus.articles),
                        );
                    }
                    _ => self.search.index = IndexState::NotStarted,
                }
                true
            }
        };
        self.view_dirty = true;
        if finished {
            self.scan = None;
            self.view_built = None;
            // The whole corpus's bars were counted while the scan ran: count them again.
            self.timeline_all_dirty = true;
            self.start_search();
        }
        self.try_pending_select();
    }

    /// The scan's threads died without finishing (a bug): keep what was read, say so, and
    /// offer to reload, instead of a progress bar that never moves again.
    fn on_scan_lost(&mut self) {
        let Some(corpus) = &self.corpus else {
            self.scan = None;
            return;
        };
        let totals = corpus.progress;
        self.on_scan_event(ScanEvent::Finished(crate::corpus::ScanSummary {
            totals,
            hidden_folders: 0,
            cancelled: true,
            elapsed: Duration::ZERO,
        }));
        self.scan = None;
        self.set_notice(format!(
            "The scan stopped unexpectedly after {} (a bug in corpus-explorer). \
             The table shows the {} read so far; reload to scan the folder again.",
            crate::corpus::counted(totals.files_seen, "file"),
            crate::corpus::counted(totals.articles, "article"),
        ));
        self.notice_offers_reload = true;
    }

    fn try_pending_select(&mut self) {
        let Some(wanted) = &self.pending_select else {
            return;
        };
        let Some(corpus) = &self.corpus else { return };
        let same_file = |a: &&crate::corpus::Article| a.path.as_ref() == wanted.path.as_str();
        // The very article (same file, same place in it) if it is still there; else, once the
        // scan is over, the file's first article.
        let found = match wanted.span_start {
            Some(start) => corpus
                .articles
                .iter()
                .position(|a| same_file(&a) && a.span.map(|s| s.start) == Some(start))
                .or_else(|| {
                    (!self.is_scanning())
                        .then(|| corpus.articles.iter().position(|a| same_file(&a)))
                        .flatten()
                }),
            None => corpus.articles.iter().position(|a| same_file(&a)),
        };
        if let Some(id) = found {
            self.pending_select = None;
            if let Ok(id) = ArticleId::try_from(id) {
                // Select now (not through the queue): ids change when the scan finishes.
                self.select(Some(id));
                self.panels.table.scroll_to_selection = true;
            }
        } else if !self.is_scanning() {
            let message = if wanted.reload {
                format!("{} is no longer an article of this folder.", wanted.path)
            } else {
                format!(
                    "{} is not an article of this folder (see the skipped files).",
                    wanted.path
                )
            };
            self.set_notice(message);
            self.pending_select = None;
        }
    }

    fn on_worker_event(&mut self, ctx: &egui::Context, event: WorkerEvent) {
        match event {
            WorkerEvent::FolderOpened {
                result,
                select,
                reload,
                request,
            } => {
                if request != self.open_request {
                    // The user opened something else since: drop this (and cancel its scan).
                    return;
                }
                self.opening = false;
                match result {
                    Ok(handle) => self.start_corpus(ctx, handle, select, reload),
                    Err(message) => {
                        let keep = if self.corpus.is_some() {
                            " The open folder is unchanged."
                        } else {
                            ""
                        };
                        self.set_notice(format!("Cannot open {message}.{keep}"));
                    }
                }
            }
            WorkerEvent::BodyLoaded { request, result } => {
                if request == self.reader.request {
                    self.reader.body = match result {
                        Ok((body, hits)) => {
                            // The query changed while the body loaded: its hits are stale (the
                            // new query's come with its results).
                            let current = self.reader.request_query == self.search.query;
                            self.show_hits(hits.filter(|_| current));
                            BodyState::Loaded(body)
                        }
                        Err(message) => BodyState::Failed(message),
                    };
                }
            }
            WorkerEvent::IndexReady { articles, result } => {
                if self.is_current(&articles) {
                    self.search.index = match result {
                        Ok((index, stats)) => IndexState::Ready(index, stats),
                        Err(message) => IndexState::Failed(message),
                    };
                }
            }
            WorkerEvent::SearchDone {
                generation,
                articles,
                result,
            } => {
                if generation == self.search.generation && self.is_current(&articles) {
                    match result {
                        Ok(results) => {
                            // The index's answer comes first (hits not counted yet), then
                            // the complete results.
                            self.search.running = !results.complete;
                            let first = self.search.results_generation != generation;
                            self.search.results_generation = generation;
                            self.search.results = Some(results);
                            self.search.failure = None;
                            self.view_dirty = true;
                            self.view_built = None;
                            self.search.concordance_dirty = true;
                            if first {
                                self.reload_reader_hits();
                            }
                        }
                        Err(message) => {
                            self.search.running = false;
                            self.search.failure = Some(message);
                        }
                    }
                }
            }
            WorkerEvent::ExportPicked(path) => {
                if let Some(path) = path {
                    self.commands.push(Command::ExportConcordanceTo(path));
                }
            }
            WorkerEvent::FolderPicked { folder, open_for } => match folder {
                Some(folder) => self.commands.push(Command::Open(folder)),
                None if open_for < Duration::from_millis(400) => {
                    self.set_notice(
                        "No folder dialog could be shown on this system (no desktop portal or zenity). \
                         Drop a folder onto the window, or start the app with: corpus-explorer FOLDER"
                            .to_owned(),
                    );
                }
                None => {}
            },
            WorkerEvent::SortKeysBuilt { articles, keys } => {
                if self.is_current(&articles) && self.scan.is_none() {
                    self.keys = Some(keys);
                    self.sorted_all = None;
                    self.view_dirty = true;
                    self.timeline_all_dirty = true;
                }
            }
            WorkerEvent::Notice(message) => {
                if !message.is_empty() {
                    self.set_notice(message);
                }
            }
            WorkerEvent::Crashed { job, message } => {
                // Nothing may wait forever on the job that died.
                match job {
                    Job::OpenFolder => self.opening = false,
                    Job::Indexer => self.search.index = IndexState::Failed(message.clone()),
                    Job::SortKeys
                    | Job::FolderDialog
                    | Job::SaveDialog
                    | Job::Export
                    | Job::DesktopOpen => {}
                }
                self.set_notice(format!(
                    "{} failed unexpectedly (a bug in corpus-explorer): {message}. You can keep \
                     working; try the action again or reload the folder.",
                    job.doing()
                ));
                self.notice_offers_reload = self.corpus.is_some();
            }
        }
    }

    fn start_corpus(
        &mut self,
        ctx: &egui::Context,
        handle: ScanHandle,
        select: Option<String>,
        reload: bool,
    ) {
        let root = handle.root().to_path_buf();
        let keep_selection = if reload {
            self.selection
                .and_then(|id| self.corpus.as_ref()?.articles.get(id as usize))
                .map(|a| PendingSelect {
                    path: a.path.to_string(),
                    span_start: a.span.map(|s| s.start),
                    reload: true,
                })
        } else {
            None
        };
        self.scan = Some(handle); // Dropping the previous handle cancels its scan.
        self.scan_started = Some(Instant::now());
        self.corpus = Some(Corpus::new(root.clone()));
        self.forget_keys();
        self.workers.cancel_indexing();
        self.search.index = IndexState::NotStarted;
        self.forget_search_results();
        // The query stays; it runs when the scan finishes.
        self.start_search();
        self.view = View::default();
        self.view_dirty = true;
        self.view_built = None;
        self.selection = None;
        self.selected_row = None;
        self.reader = ReaderState::default();
        self.pending_select = select
            .map(|path| PendingSelect {
                path,
                span_start: None,
                reload: false,
            })
            .or(keep_selection);
        self.notice = None;
        self.notice_offers_reload = false;
        self.settings.remember_folder(&root);
        let name = root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(format!(
            "{name} — corpus-explorer"
        )));
    }

    /// Rebuild the view when something changed (throttled while a scan streams rows in).
    fn refresh_view(&mut self) {
        if !self.view_dirty {
            return;
        }
        if self.is_scanning()
            && self
                .view_built
                .is_some_and(|t| t.elapsed() < VIEW_REBUILD_INTERVAL)
        {
            return;
        }
        let Some(corpus) = &self.corpus else {
            self.view = View::default();
            self.view_dirty = false;
            return;
        };
        let (filter, sort) = (&self.settings.filter, self.settings.sort);
        self.view = match &self.keys {
            Some(keys) if keys.len() == corpus.articles.len() => {
                let sorted = match self.sorted_all.take() {
                    Some(sorted) if sorted.order == sort => sorted,
                    _ => keys.sorted(&corpus.articles, sort),
                };
                let view = View::from_sorted(&sorted, keys, filter);
                self.sorted_all = Some(sorted);
                view
            }
            _ => View::build(&corpus.articles, filter, sort),
        };
        if let Some(counts) = self.search.counts()
            && counts.len() == corpus.articles.len()
        {
            self.view.keep_matches(counts, self.search.sort_by_hits);
        }
        self.view_dirty = false;
        self.view_built = Some(Instant::now());
        self.search.concordance_dirty = true;
        self.timeline_dirty = true;
        self.update_selected_row();
    }

    /// Put the concordance lines of the shown articles in order, when something changed.
    fn refresh_concordance(&mut self) {
        if !self.search.concordance_dirty || self.view_dirty {
            return;
        }
        self.search.concordance_dirty = false;
        let (Some(results), Some(corpus)) = (&self.search.results, &self.corpus) else {
            self.search.concordance.clear();
            return;
        };
        self.search.concordance = search::concordance_order(
            &results.lines,
            &corpus.articles,
            &self.view.ids,
            self.search.concordance_sort,
        );
    }

    /// Count the timeline's bars again when the view (or the period) changed.
    fn refresh_timeline(&mut self) {
        if !self.timeline_dirty || self.view_dirty {
            return;
        }
        self.timeline_dirty = false;
        let Some(corpus) = &self.corpus else {
            self.timeline = TimelineState {
                period: self.timeline.period,
                ..TimelineState::default()
            };
            return;
        };
        let keys = self
            .keys
            .as_deref()
            .filter(|k| k.len() == corpus.articles.len());
        // While a scan runs the corpus grows: count all of it each time.
        let all_too = self.timeline_all_dirty || self.scan.is_some();
        self.timeline_all_dirty = false;
        self.timeline.recount(
            &corpus.articles,
            keys,
            self.view.date_span,
            &self.view.ids,
            all_too,
        );
    }

    /// True when `articles` are the open corpus's.
    fn is_current(&self, articles: &Arc<Vec<crate::corpus::Article>>) -> bool {
        self.corpus
            .as_ref()
            .is_some_and(|c| Arc::ptr_eq(&c.articles, articles))
    }

    /// Take the text of the search box: a valid query different from the one in effect starts
    /// a search (stopping the running one); an invalid one is shown with its hint and the
    /// last valid query stays in effect.
    fn set_query(&mut self, text: String) {
        let parsed = crate::search::parse(&text);
        self.search.text = text;
        let query = match parsed {
            Ok(query) => Some(query),
            Err(crate::search::SyntaxError::Empty) => None,
            Err(err) => {
                self.search.error = Some(err);
                return;
            }
        };
        self.search.error = None;
        if query == self.search.query {
            return;
        }
        self.search.query = query;
        self.search.query_text = self.search.text.trim().to_owned();
        if self.search.sort_by_hits.take().is_some() {
            // Back to the column's order now, not when the new results arrive.
            self.view_dirty = true;
            self.view_built = None;
        }
        self.start_search();
    }

    /// Run the query in effect over the open corpus (once its scan is over), or clear the
    /// results when there is none.
    fn start_search(&mut self) {
        self.search.generation += 1;
        self.search.failure = None;
        self.workers.cancel_search(self.search.generation);
        let Some(query) = self.search.query.clone() else {
            self.search.running = false;
            self.forget_search_results();
            self.reader.hits = None;
            return;
        };
        self.search.running = true;
        let Some(corpus) = &self.corpus else { return };
        if self.scan.is_some() {
            return; // Started again when the scan finishes.
        }
        self.workers.search(SearchRequest {
            generation: self.search.generation,
            root: corpus.root.clone(),
            articles: Arc::clone(&corpus.articles),
            index: self.search.ready_index(),
            query,
        });
    }

    fn forget_search_results(&mut self) {
        if self.search.results.take().is_some() {
            self.view_dirty = true;
            self.view_built = None;
        }
        self.search.concordance.clear();
        self.search.concordance_dirty = true;
    }

    /// Load the shown article again for the new query's hits (the text stays on screen).
    fn reload_reader_hits(&mut self) {
        if let Some(id) = self.reader.article {
            self.request_body(id);
        }
    }

    /// Ask the body loader for article `id`'s body, with the current query's hits in it;
    /// false when the corpus has no such article.
    fn request_body(&mut self, id: ArticleId) -> bool {
        let Some(corpus) = &self.corpus else {
            return false;
        };
        let Some(article) = corpus.articles.get(id as usize) else {
            return false;
        };
        self.reader.request = self.workers.load_body(
            &corpus.root,
            article,
            READER_MAX_BYTES,
            self.search.query.clone(),
        );
        self.reader.request_query.clone_from(&self.search.query);
        true
    }

    /// The reader's hits arrived with its body.
    fn show_hits(&mut self, hits: Option<Hits>) {
        let count = hits.as_ref().map_or(0, Hits::count);
        self.reader.hits = hits;
        let wanted = self.reader.wanted_hit.take();
        self.reader.current_hit = wanted.unwrap_or(0).min(count.saturating_sub(1));
        self.reader.scroll_to_hit = count > 0;
    }

    /// Move to the next (or previous) hit in the reader, wrapping around.
    fn step_hit(&mut self, forward: bool) {
        let count = self.reader.hit_count();
        if count == 0 {
            return;
        }
        let current = self.reader.current_hit.min(count - 1);
        self.reader.current_hit = if forward {
            (current + 1) % count
        } else {
            (current + count - 1) % count
        };
        self.reader.scroll_to_hit = true;
    }

    /// Drop the sort keys (the corpus changes).
    fn forget_keys(&mut self) {
        self.keys = None;
        self.sorted_all = None;
        self.timeline_all_dirty = true;
    }

    /// Apply every queued command.
    pub fn apply_commands(&mut self, ctx: &egui::Context) {
        while !self.commands.is_empty() {
            let commands = std::mem::take(&mut self.commands);
            for command in commands {
                self.apply(ctx, command);
            }
        }
    }

    /// Apply one command: the only place state changes in answer to the user.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Open(path) => {
                self.opening = true;
                self.open_request += 1;
                self.workers.open_folder(path, false, self.open_request);
            }
            Command::PickFolder => self
                .workers
                .pick_folder(self.folder().map(Path::to_path_buf)),
            Command::Reload => {
                if let Some(folder) = self.folder().map(Path::to_path_buf) {
                    self.opening = true;
                    self.open_request += 1;
                    self.workers.open_folder(folder, true, self.open_request);
                }
            }
            Command::CancelScan => {
                if let Some(scan) = &self.scan {
                    scan.cancel();
                }
            }
            Command::SortBy(column) => {
                self.search.sort_by_hits = None;
                let sort = &mut self.settings.sort;
                *sort = if sort.column == column {
                    SortOrder {
                        column,
                        descending: !sort.descending,
                    }
                } else {
                    SortOrder {
                        column,
                        descending: false,
                    }
                };
                self.view_dirty = true;
                self.view_built = None;
                self.panels.table.scroll_to_selection = true;
            }
            Command::SetFilter(filter) => {
                self.settings.filter = filter;
                self.view_dirty = true;
                self.view_built = None;
            }
            Command::Select(id) => self.select(id),
            Command::SelectRow(row) => {
                self.refresh_view();
                if let Some(&id) = self.view.ids.get(row) {
                    self.select(Some(id));
                    self.panels.table.scroll_to_selection = true;
                }
            }
            Command::FocusReader(focused) => {
                self.reader.focused = focused && self.selection.is_some();
            }
            Command::ShowSkipped(show) => self.show_skipped = show,
            Command::SetColumns(columns) => self.settings.columns = columns,
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                crate::ui::style::apply_theme(ctx, theme);
            }
            Command::CopyArticle => {
                if let (Some(article), BodyState::Loaded(body)) =
                    (self.selected_article(), &self.reader.body)
                {
                    ctx.copy_text(format!("{}\n\n{}", article.title, body.text));
                }
            }
            Command::OpenArticleFile => {
                if let Some(path) = self.selected_path() {
                    self.workers.open_with_desktop(path, "article");
                }
            }
            Command::ShowInFileManager => {
                if let Some(folder) = self.selected_path().as_deref().and_then(Path::parent) {
                    self.workers
                        .open_with_desktop(folder.to_path_buf(), "folder");
                }
            }
            Command::DismissNotice => {
                self.notice = None;
                self.notice_offers_reload = false;
            }
            Command::SetQuery(text) => self.set_query(text),
            Command::NextHit => self.step_hit(true),
            Command::PreviousHit => self.step_hit(false),
            Command::OpenHit { article, hit } => {
                if self.selection == Some(article)
                    && matches!(self.reader.body, BodyState::Loaded(_))
                {
                    self.reader.current_hit = hit.min(self.reader.hit_count().saturating_sub(1));
                    self.reader.scroll_to_hit = true;
                } else {
                    self.select(Some(article));
                    self.reader.wanted_hit = Some(hit);
                    self.panels.table.scroll_to_selection = true;
                }
            }
            Command::SortByHits => {
                self.search.sort_by_hits = Some(self.search.sort_by_hits != Some(true));
                self.view_dirty = true;
                self.view_built = None;
                self.panels.table.scroll_to_selection = true;
            }
            Command::ShowTab(tab) => self.tab = tab,
            Command::SetTimelinePeriod(period) => {
                if self.timeline.period != period {
                    // `recount` counts the whole corpus again for a new period.
                    self.timeline.period = period;
                    self.timeline_dirty = true;
                }
            }
            Command::ChooseTimelinePeriod(choice) => {
                self.settings.timeline_period = choice;
                if let Some(period) = choice {
                    self.commands.push(Command::SetTimelinePeriod(period));
                }
            }
            Command::ShowTimeline(open) => self.settings.timeline_open = open,
            Command::SortConcordance(order) => {
                let (current, descending) = self.search.concordance_sort;
                self.search.concordance_sort = (order, current == order && !descending);
                self.search.concordance_dirty = true;
            }
            Command::ExportConcordance => {
                let name = self
                    .search
                    .query_text
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .take(40)
                    .collect::<String>();
                self.workers
                    .pick_export_path(format!("concordance-{}.csv", name.trim_matches('-')));
            }
            Command::ExportConcordanceTo(path) => {
                let rows = self.concordance_rows();
                self.workers.write_concordance(path, rows);
            }
        }
    }

    /// The concordance as shown (order and filters), as export rows.
    pub fn concordance_rows(&self) -> Vec<crate::corpus::export::KwicRow> {
        let (Some(results), Some(corpus)) = (&self.search.results, &self.corpus) else {
            return Vec::new();
        };
        self.search
            .concordance
            .iter()
            .filter_map(|&i| results.lines.get(i as usize)?.to_row(&corpus.articles))
            .collect()
    }

    fn select(&mut self, id: Option<ArticleId>) {
        if id == self.selection && id.is_some() {
            return;
        }
        self.selection = id;
        self.update_selected_row();
        self.reader = ReaderState {
            focused: false,
            ..ReaderState::default()
        };
        if let Some(id) = id
            && self.request_body(id)
        {
            self.reader.article = Some(id);
            self.reader.body = BodyState::Loading;
            self.reader.scroll_to_top = true;
        }
    }

    /// The selected article's record.
    pub fn selected_article(&self) -> Option<&crate::corpus::Article> {
        let id = self.selection?;
        self.corpus.as_ref()?.articles.get(id as usize)
    }

    fn selected_path(&self) -> Option<PathBuf> {
        let root = self.folder()?;
        Some(root.join(self.selected_article()?.fs_path()))
    }

    /// Seconds the last (or running) scan took.
    pub fn scan_seconds(&self) -> Option<f64> {
        let corpus = self.corpus.as_ref()?;
        match corpus.summary {
            Some(summary) => Some(summary.elapsed.as_secs_f64()),
            None => self.scan_started.map(|t| t.elapsed().as_secs_f64()),
        }
    }

    /// Log (at `info`) how long after launch the first frame was drawn and the table of the
    /// folder given at launch was complete: `RUST_LOG=corpus_explorer=info`.
    fn log_launch_timing(&mut self) {
        let Some(launch) = &mut self.launch else {
            return;
        };
        let ms = |at: Instant| at.elapsed().as_secs_f64() * 1000.0;
        if !launch.first_frame_logged {
            launch.first_frame_logged = true;
            log::info!(
                "first frame drawn {:.0} ms after launch",
                ms(launch.started)
            );
        }
        match &self.corpus {
            Some(corpus) if corpus.is_complete() => {
                log::info!(
                    "table complete ({} from {}) {:.0} ms after launch",
                    crate::corpus::counted(corpus.articles.len() as u64, "article"),
                    corpus.root.display(),
                    ms(launch.started)
                );
                self.launch = None;
            }
            None if !self.opening => self.launch = None,
            _ => {}
        }
    }

    /// One frame's logic and drawing (also what the tests drive).
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.drain(&ctx);
        self.apply_commands(&ctx);
        self.refresh_view();
        self.refresh_concordance();
        self.refresh_timeline();
        let mut panels = std::mem::take(&mut self.panels);
        let mut commands = Vec::new();
        panels.ui(ui, self, &mut commands);
        self.panels = panels;
        self.commands.extend(commands);
        if matches!(
            self.reader.body,
            BodyState::Loaded(_) | BodyState::Failed(_)
        ) {
            self.reader.scroll_to_top = false;
        }
        self.apply_commands(&ctx);
        self.refresh_view();
        self.refresh_concordance();
        self.refresh_timeline();
        if self.reader.scroll_to_hit && matches!(self.reader.body, BodyState::Loaded(_)) {
            self.reader.scroll_to_hit = false;
        }
        if self.search.running || matches!(self.search.index, IndexState::Building) {
            ctx.request_repaint_after(Duration::from_millis(150));
        }
        if self.view_dirty {
            ctx.request_repaint_after(VIEW_REBUILD_INTERVAL);
        }
    }
}

impl eframe::App for CorpusApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
        self.log_launch_timing();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        storage.set_string(eframe::APP_KEY, self.settings_ron());
    }
}

/// Launch timings still to log.
struct LaunchTiming {
    started: Instant,
    first_frame_logged: bool,
}

/// An article to select once the scan finds it.
struct PendingSelect {
    /// Its file (relative path).
    path: String,
    /// Where it starts in a file of several articles (a reload keeps the very article).
    span_start: Option<u64>,
    /// It was selected before a reload (else it is a file dropped on the window).
    reload: bool,
}

/// Open the window, optionally on `folder`.
///
/// `started` is when the process started (for the launch timings logged at `info`).
pub fn run(folder: Option<PathBuf>, started: Instant) -> anyhow::Result<()> {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon-256.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("corpus-explorer")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let mut app = CorpusApp::new(cc, folder);
            app.launch = Some(LaunchTiming {
                started,
                first_frame_logged: false,
            });
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("could not open the window: {err}"))
}
