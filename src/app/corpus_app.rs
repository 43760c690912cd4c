//! The application without its window: the state the panels read, the workers, the queue of
//! commands, and what is waiting to be rebuilt. A frame is [`CorpusApp::begin_frame`] (take in
//! the workers' reports, apply queued commands, rebuild what changed), the panels drawing from
//! [`CorpusApp::state`], then [`CorpusApp::end_frame`] with the commands they emitted.
//!
//! The logic lives beside this file: `apply.rs` (commands), `events.rs` (worker and scan
//! reports), `refresh.rs` (the view, the concordance and the timeline).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::command::Command;
use super::families_worker::FamiliesWorker;
use super::marking::MarkWorker;
use super::measuring::WordsWorker;
use super::search::IndexState;
use super::settings::Settings;
use super::state::{AppState, BodyState};
use super::timeline::TimelineState;
use super::workers::{WorkerProgress, Workers};
use crate::corpus::{Corpus, SortKeys, SortedCorpus};

/// While scanning, the table's view is rebuilt at most this often.
pub(super) const VIEW_REBUILD_INTERVAL: Duration = Duration::from_millis(200);

/// What is waiting to be rebuilt from the state (see `refresh.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    /// The table's view (filters, sort or search results changed).
    pub view: bool,
    /// The concordance's order of lines.
    pub concordance: bool,
    /// The timeline's bars of the shown articles.
    pub timeline: bool,
    /// The timeline's bars of the whole corpus too.
    pub timeline_all: bool,
}

/// Facts derived from a finished corpus, kept to make the next rebuild quick.
#[derive(Default)]
pub(super) struct Derived {
    /// Integer sort keys of the finished corpus, once a worker has built them.
    pub keys: Option<Arc<SortKeys>>,
    /// The whole corpus in the current sort order (with keys only): a filter change walks it
    /// instead of sorting again.
    pub sorted_all: Option<SortedCorpus>,
}

/// An article to select once the scan finds it.
pub(super) struct PendingSelect {
    /// Its file (relative path).
    pub path: String,
    /// Where it starts in a file of several articles (a reload keeps the very article).
    pub span_start: Option<u64>,
    /// It was selected before a reload (else it is a file dropped on the window).
    pub reload: bool,
}

/// The running application (without its window).
pub struct CorpusApp {
    pub(super) state: AppState,
    pub(super) workers: Workers,
    pub(super) commands: Vec<Command>,
    pub(super) derived: Derived,
    pub(super) pending: Pending,
    /// When the view was last rebuilt (rebuilds are throttled while a scan streams rows in).
    pub(super) view_built: Option<Instant>,
    /// Where search indexes and catalogs are kept (`None`: nowhere; every open reads every
    /// file, and search reads the articles).
    pub(super) cache_root: Option<PathBuf>,
    pub(super) pending_select: Option<PendingSelect>,
    /// The newest open request (answers to older ones are dropped).
    pub(super) open_request: u64,
    /// When the running (or last) catalog check started.
    pub(super) check_started: Option<Instant>,
    /// Where tags and notes are kept (`None`: nowhere; they cannot be made).
    pub(super) data_root: Option<PathBuf>,
    /// The thread that writes the marks and builds the facet columns.
    pub(super) marking: MarkWorker,
    /// The thread that counts words for the Words tab.
    pub(super) measuring: WordsWorker,
    /// The thread that finds story families.
    pub(super) families_worker: FamiliesWorker,
}

impl CorpusApp {
    /// Create the app from `settings`, then open `folder` or else the last folder. `ctx` is
    /// woken by the workers when they report.
    pub fn new(ctx: &egui::Context, settings: Settings, folder: Option<PathBuf>) -> Self {
        let state = AppState {
            timeline: TimelineState {
                period: settings.timeline_period.unwrap_or_default(),
                ..TimelineState::default()
            },
            settings,
            ..AppState::default()
        };
        let workers = Workers::new(
            ctx,
            WorkerProgress {
                index: Arc::clone(&state.index_progress),
                search: Arc::clone(&state.search_progress),
                export: Arc::clone(&state.export_progress),
                check: Arc::clone(&state.check_progress),
            },
        );
        let state_words_progress = Arc::clone(&state.words.progress);
        let state_families_progress = Arc::clone(&state.families.progress);
        let mut app = Self {
            state,
            workers,
            commands: Vec::new(),
            derived: Derived::default(),
            pending: Pending {
                timeline: true,
                timeline_all: true,
                ..Pending::default()
            },
            view_built: None,
            cache_root: crate::corpus::catalog::default_cache_root(),
            pending_select: None,
            open_request: 0,
            check_started: None,
            data_root: crate::corpus::marks::default_data_root(),
            marking: MarkWorker::new(ctx),
            measuring: WordsWorker::new(ctx, Arc::clone(&state_words_progress)),
            families_worker: FamiliesWorker::new(ctx, state_families_progress),
        };
        if let Some(start) = folder.or_else(|| app.state.settings.last_folder.clone()) {
            app.commands.push(Command::Open(start));
        }
        app
    }

    /// What the panels read.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The state, to change directly: tests put a wrong value in to see the invariants catch
    /// it, and benchmarks set up a window.
    #[cfg(any(test, feature = "test-support"))]
    pub fn state_mut(&mut self) -> &mut AppState {
        &mut self.state
    }

    /// Queue a command (applied before the end of this frame).
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// What is waiting to be rebuilt (the view is stale on purpose while a scan streams rows
    /// in, for at most [`VIEW_REBUILD_INTERVAL`]).
    pub fn pending(&self) -> Pending {
        self.pending
    }

    /// Show an already scanned corpus (benchmarks and tests use this to skip the scan). It
    /// is not indexed: search reads its articles.
    pub fn show_corpus(&mut self, corpus: Corpus) {
        self.state.scan = None;
        self.forget_keys();
        self.workers.build_sort_keys(Arc::clone(&corpus.articles));
        self.state.corpus = Some(corpus);
        self.forget_marks_of_corpus();
        self.corpus_complete();
        self.invalidate_view();
        self.state.selection = None;
        self.state.selected_row = None;
        self.state.reader = super::state::ReaderState::default();
        self.forget_search_results();
        self.start_search();
        self.refresh_view();
    }

    /// Keep search indexes and catalogs under `root` instead of the user's cache directory
    /// (`None`: keep none; every open reads every file, and search reads every article).
    pub fn set_cache_root(&mut self, root: Option<PathBuf>) {
        self.cache_root = root;
    }

    /// Make every scan call `hook` with each file's path before reading it (see
    /// [`crate::corpus::BeforeRead`]; tests use it to change the folder mid-scan).
    pub fn set_before_read(&mut self, hook: Option<crate::corpus::BeforeRead>) {
        self.workers.before_read = hook;
    }

    /// The settings as eframe stores them.
    pub fn settings_ron(&self) -> String {
        ron::to_string(&self.state.settings).unwrap_or_default()
    }

    /// True once the finished corpus's sort keys are in use (sorting and filtering then read
    /// only compact integer columns).
    pub fn has_sort_keys(&self) -> bool {
        self.current_keys().is_some()
    }

    /// The sort keys last built (for the open corpus, unless it changed since).
    pub fn sort_keys(&self) -> Option<&SortKeys> {
        self.derived.keys.as_deref()
    }

    /// The sort keys, when they describe the open corpus.
    pub(super) fn current_keys(&self) -> Option<&Arc<SortKeys>> {
        let corpus = self.state.corpus.as_ref()?;
        self.derived
            .keys
            .as_ref()
            .filter(|keys| keys.len() == corpus.articles.len())
    }

    /// Before the panels draw: take in what the workers reported, apply queued commands and
    /// rebuild what changed.
    pub fn begin_frame(&mut self, ctx: &egui::Context) {
        self.drain(ctx);
        self.marks_tick(ctx);
        self.words_tick();
        self.families_tick();
        self.trends_tick(ctx);
        self.apply_commands(ctx);
        self.refresh();
    }

    /// After the panels drew: apply what they asked for, rebuild, and end the one-frame
    /// requests they have answered.
    pub fn end_frame(&mut self, ctx: &egui::Context, commands: Vec<Command>) {
        let reader = &mut self.state.reader;
        if matches!(reader.body, BodyState::Loaded(_) | BodyState::Failed(_)) {
            reader.scroll_to_top = false;
        }
        self.commands.extend(commands);
        self.apply_commands(ctx);
        self.refresh();
        let reader = &mut self.state.reader;
        if reader.scroll_to_hit && matches!(reader.body, BodyState::Loaded(_)) {
            reader.scroll_to_hit = false;
        }
        let search = &self.state.search;
        if search.running || matches!(search.index, IndexState::Building) {
            ctx.request_repaint_after(Duration::from_millis(150));
        }
        if self.pending.view {
            ctx.request_repaint_after(VIEW_REBUILD_INTERVAL);
        }
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
}
