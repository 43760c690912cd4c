//! Taking in what the scan and the workers report, within a frame budget: each frame drains the
//! queues for a few milliseconds at most, so a huge folder never stalls drawing.

use std::sync::Arc;
use std::sync::mpsc::TryRecvError;
use std::time::{Duration, Instant};

use super::command::Command;
use super::corpus_app::{CorpusApp, PendingSelect};
use super::jobs::{BodyLoadError, Job};
use super::notice::Notice;
use super::search::{IndexFailure, IndexState};
use super::state::{BodyState, CheckState, ReaderState};
use super::view::View;
use super::workers::{
    CatalogSave, ExportKind, IndexDelta, LoadedBody, OpenPurpose, OpenSource, WorkerEvent,
};
use crate::corpus::catalog::Opened;
use crate::corpus::{ArticleId, Corpus, ScanError, ScanEvent, ScanHandle, ScanSummary};
use crate::search::SearchResults;

/// Time per frame spent taking in scan results.
const DRAIN_BUDGET: Duration = Duration::from_millis(4);

/// A folder dialog that closes sooner than this without a folder was never shown.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

impl CorpusApp {
    /// Take in what the workers reported, and scan batches for at most [`DRAIN_BUDGET`].
    pub(super) fn drain(&mut self, ctx: &egui::Context) {
        let started = Instant::now();
        while let Some(event) = self.workers.try_next() {
            self.on_worker_event(ctx, event);
        }
        while started.elapsed() < DRAIN_BUDGET {
            let Some(scan) = &self.state.scan else { break };
            match scan.receiver().try_recv() {
                Ok(event) => self.on_scan_event(event),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.on_scan_lost();
                    break;
                }
            }
        }
        if self.state.scan.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn on_scan_event(&mut self, event: ScanEvent) {
        let Some(corpus) = &mut self.state.corpus else {
            return;
        };
        self.pending.view = true;
        match event {
            ScanEvent::Batch { .. } => {
                corpus.apply(event);
            }
            ScanEvent::Finished(summary) => self.on_scan_finished(summary),
        }
        self.try_pending_select();
    }

    fn on_scan_finished(&mut self, summary: ScanSummary) {
        let Some(corpus) = &mut self.state.corpus else {
            return;
        };
        corpus.progress = summary.totals;
        corpus.summary = Some(summary);
        // Sort by path so ties in the table fall in path order whatever the thread timing;
        // keep the selection on the same article.
        let new_id_of_old = corpus.finish();
        let remap =
            |id: Option<ArticleId>| id.and_then(|id| new_id_of_old.get(id as usize).copied());
        self.state.selection = remap(self.state.selection);
        self.state.reader.article = remap(self.state.reader.article);
        self.workers.build_sort_keys(Arc::clone(&corpus.articles));
        if !summary.cancelled {
            self.corpus_complete();
        }
        let delta = if summary.cancelled {
            IndexDelta::default()
        } else {
            self.catalog_after_scan()
        };
        self.build_index(delta);
        self.state.scan = None;
        self.view_built = None;
        // The whole corpus's bars were counted while the scan ran: count them again.
        self.pending.timeline_all = true;
        self.start_search();
    }

    /// What follows a finished scan for its catalog: a corpus read from the catalog is checked
    /// against its folder; a scanned one has its catalog written. Returns what the index is
    /// to be brought in line with.
    fn catalog_after_scan(&mut self) -> IndexDelta {
        let Some(corpus) = &mut self.state.corpus else {
            return IndexDelta::default();
        };
        match self.state.source.clone() {
            Some(OpenSource::Catalog { path, generation }) => {
                self.state.check = Some(CheckState::Running);
                self.check_started = Some(Instant::now());
                let (root, articles) = (corpus.root.clone(), Arc::clone(&corpus.articles));
                self.workers.check_catalog(root, path, articles);
                IndexDelta {
                    previous_generation: Some(generation),
                    generation: Some(generation),
                    ..IndexDelta::default()
                }
            }
            Some(OpenSource::Scan {
                catalog: Some(path),
                checked_at_ns,
            }) => {
                let generation = crate::corpus::catalog::new_generation();
                self.workers.save_catalog(CatalogSave {
                    path,
                    generation,
                    checked_at_ns,
                    root: corpus.root.clone(),
                    articles: Arc::clone(&corpus.articles),
                    skipped: corpus.skipped.clone(),
                    stamps: std::mem::take(&mut corpus.stamps),
                    totals: corpus.progress,
                    hidden_folders: corpus.summary.map_or(0, |s| s.hidden_folders),
                });
                IndexDelta {
                    generation: Some(generation),
                    ..IndexDelta::default()
                }
            }
            Some(OpenSource::Scan { catalog: None, .. }) | None => IndexDelta::default(),
        }
    }

    /// Bring the corpus's search index in line with it (when indexes are kept).
    fn build_index(&mut self, delta: IndexDelta) {
        let Some(corpus) = &self.state.corpus else {
            return;
        };
        match self.cache_root.as_deref() {
            Some(cache) => {
                let dir = crate::search::index::index_dir_in(&cache.join("index"), &corpus.root);
                self.state.search.index = IndexState::Building;
                let (root, articles) = (corpus.root.clone(), Arc::clone(&corpus.articles));
                self.workers.build_index(dir, root, articles, delta);
            }
            None => self.state.search.index = IndexState::NotStarted,
        }
    }

    /// Take in the check of a corpus read from its catalog: show the folder as it is now.
    fn on_checked(&mut self, result: Result<Box<Opened>, ScanError>) {
        let seconds = self
            .check_started
            .map_or(0.0, |t| t.elapsed().as_secs_f64());
        let opened = match result {
            Ok(opened) => opened,
            Err(err) => {
                self.state.check = Some(CheckState::Failed(err.to_string()));
                return;
            }
        };
        let Opened {
            refresh,
            generation,
            ..
        } = *opened;
        let changes = refresh.changes;
        self.state.check = Some(CheckState::Done {
            files: changes.changed + changes.added + changes.unchanged,
            changes,
            seconds,
        });
        let path = match &self.state.source {
            Some(OpenSource::Catalog { path, .. }) => Some(path.clone()),
            _ => None,
        };
        self.state.source = path
            .zip(generation)
            .map(|(path, generation)| OpenSource::Catalog { path, generation });
        let delta = IndexDelta {
            previous_generation: refresh.previous_generation,
            generation,
            stale: refresh.stale,
            fresh_paths: refresh.fresh_paths,
        };
        if changes.is_empty() {
            if generation != delta.previous_generation {
                self.build_index(delta);
            }
            return;
        }
        let mut corpus = refresh.corpus;
        corpus.stamps = crate::corpus::scan::Stamps::default();
        self.replace_corpus(corpus);
        self.build_index(delta);
    }

    /// Show `corpus` (the open folder as it is now) in place of the one shown, keeping the
    /// selected article as a reload does (the same article, else its file's first one, else a
    /// word that it is gone).
    fn replace_corpus(&mut self, corpus: Corpus) {
        let selected = self.state.selected_article().map(|a| PendingSelect {
            path: a.path.to_string(),
            span_start: a.span.map(|s| s.start),
            reload: true,
        });
        self.forget_keys();
        self.workers.build_sort_keys(Arc::clone(&corpus.articles));
        self.state.corpus = Some(corpus);
        self.forget_marks_of_corpus();
        self.corpus_complete();
        self.forget_search_results();
        self.invalidate_view();
        self.pending.timeline_all = true;
        self.state.selection = None;
        self.state.selected_row = None;
        self.state.reader = ReaderState::default();
        if selected.is_some() {
            self.pending_select = selected;
        }
        self.try_pending_select();
        self.start_search();
    }

    /// The scan's threads died without finishing (a bug): keep what was read, say so, and
    /// offer to reload, instead of a progress bar that never moves again.
    fn on_scan_lost(&mut self) {
        let Some(corpus) = &self.state.corpus else {
            self.state.scan = None;
            return;
        };
        let totals = corpus.progress;
        self.on_scan_event(ScanEvent::Finished(ScanSummary {
            totals,
            hidden_folders: 0,
            cancelled: true,
            elapsed: Duration::ZERO,
        }));
        self.state.scan = None;
        self.state.notice = Some(Notice::ScanLost {
            files: totals.files_seen,
            articles: totals.articles,
        });
    }

    /// Select the article a drop or a reload asked for, once the scan has found it.
    fn try_pending_select(&mut self) {
        let (Some(wanted), Some(corpus)) = (&self.pending_select, &self.state.corpus) else {
            return;
        };
        let same_file = |a: &&crate::corpus::Article| a.path.as_ref() == wanted.path.as_str();
        // The very article (same file, same place in it) if it is still there; else, once the
        // scan is over, the file's first article.
        let scanning = self.state.is_scanning();
        let found = match wanted.span_start {
            Some(start) => corpus
                .articles
                .iter()
                .position(|a| same_file(&a) && a.span.map(|s| s.start) == Some(start))
                .or_else(|| {
                    (!scanning)
                        .then(|| corpus.articles.iter().position(|a| same_file(&a)))
                        .flatten()
                }),
            None => corpus.articles.iter().position(|a| same_file(&a)),
        };
        if let Some(id) = found {
            self.pending_select = None;
            if let Ok(id) = ArticleId::try_from(id) {
                // Select now (not through the queue): ids change when the scan finishes.
                self.select_and_show(id);
            }
        } else if !scanning {
            self.state.notice = Some(Notice::NotAnArticle {
                path: wanted.path.clone(),
                after_reload: wanted.reload,
            });
            self.pending_select = None;
        }
    }

    /// Take in one worker's report.
    pub(crate) fn on_worker_event(&mut self, ctx: &egui::Context, event: WorkerEvent) {
        match event {
            WorkerEvent::FolderOpened {
                result,
                select,
                purpose,
                request,
                source,
            } => {
                if request == self.open_request {
                    self.state.source = Some(source);
                    self.state.check = None;
                }
                self.on_folder_opened(ctx, result, select, purpose, request);
            }
            WorkerEvent::Checked { articles, result } => {
                if self.state.is_current(&articles) && self.state.check == Some(CheckState::Running)
                {
                    self.on_checked(result);
                }
            }
            WorkerEvent::BodyLoaded { request, result } => {
                if request == self.state.reader.request {
                    self.on_body_loaded(result);
                }
            }
            WorkerEvent::IndexReady { articles, result } => {
                if self.state.is_current(&articles) {
                    self.state.search.index = match result {
                        Ok((index, stats)) => IndexState::Ready(index, stats),
                        Err(failure) => IndexState::Failed(failure),
                    };
                }
            }
            WorkerEvent::SearchDone {
                generation,
                articles,
                result,
            } => {
                if generation == self.state.search.generation && self.state.is_current(&articles) {
                    self.on_search_done(generation, result);
                }
            }
            WorkerEvent::SortKeysBuilt { articles, keys } => {
                if self.state.is_current(&articles) && self.state.scan.is_none() {
                    self.derived.keys = Some(keys);
                    self.derived.sorted_all = None;
                    self.pending.view = true;
                    self.pending.timeline_all = true;
                }
            }
            WorkerEvent::SeriesMatched {
                articles,
                lookup,
                matched,
            } => self.on_series_matched(&articles, lookup, matched),
            event => self.on_job_event(event),
        }
    }

    /// The reports of the one-shot jobs: dialogs, exports, the desktop, crashes.
    fn on_job_event(&mut self, event: WorkerEvent) {
        let notice = match event {
            WorkerEvent::ExportPicked { kind, path } => {
                if let Some(path) = path {
                    self.commands.push(match kind {
                        ExportKind::Concordance => Command::ExportConcordanceTo(path),
                        ExportKind::Table => Command::ExportTableTo(path),
                        ExportKind::Articles => Command::CopyArticlesTo(path),
                        ExportKind::Words => Command::ExportWordsTo(path),
                        ExportKind::Trends => Command::ExportTrendsTo(path),
                        ExportKind::Chart => Command::ExportChartTo(path),
                    });
                }
                return;
            }
            WorkerEvent::FolderPicked { folder, open_for } => match folder {
                Some(folder) => {
                    self.commands.push(Command::Open(folder));
                    return;
                }
                None if open_for < NO_DIALOG_WITHIN => Notice::NoFolderDialog,
                None => return,
            },
            WorkerEvent::ExportWritten {
                kind,
                path,
                rows,
                result,
            } => match result {
                Ok(()) => Notice::Exported { kind, rows, path },
                Err(error) => Notice::ExportFailed {
                    path,
                    error: error.to_string(),
                },
            },
            WorkerEvent::DesktopOpenFailed { what, path, error } => Notice::DesktopOpenFailed {
                what,
                path,
                error: error.to_string(),
            },
            WorkerEvent::NotStarted { job, error } => {
                self.job_ended(job, &error.to_string());
                Notice::WorkerNotStarted {
                    error: error.to_string(),
                }
            }
            WorkerEvent::Crashed { job, message } => {
                self.job_ended(job, &message);
                Notice::WorkerCrashed { job, message }
            }
            _ => return,
        };
        self.state.notice = Some(notice);
    }

    /// A job ended without its answer: nothing may wait forever on it.
    fn job_ended(&mut self, job: Job, message: &str) {
        match job {
            Job::OpenFolder => self.state.opening = false,
            Job::Indexer => {
                self.state.search.index =
                    IndexState::Failed(IndexFailure::Crashed(message.to_owned()));
            }
            Job::Check => self.state.check = Some(CheckState::Failed(message.to_owned())),
            Job::Trends => {
                let trends = &mut self.state.trends;
                trends.matching = false;
                for series in trends.series.iter_mut().filter(|s| s.matches.is_none()) {
                    series.error.get_or_insert_with(|| message.to_owned());
                }
            }
            Job::SortKeys
            | Job::SaveCatalog
            | Job::FolderDialog
            | Job::SaveDialog
            | Job::Export
            | Job::DesktopOpen => {}
        }
    }

    fn on_folder_opened(
        &mut self,
        ctx: &egui::Context,
        result: Result<ScanHandle, crate::corpus::ScanError>,
        select: Option<String>,
        purpose: OpenPurpose,
        request: u64,
    ) {
        if request != self.open_request {
            // The user opened something else since: drop this (and cancel its scan).
            return;
        }
        self.state.opening = false;
        match result {
            Ok(handle) => self.start_corpus(ctx, handle, select, purpose),
            Err(error) => {
                self.state.notice = Some(Notice::CannotOpen {
                    reason: error.to_string(),
                    keeps_open_folder: self.state.corpus.is_some(),
                });
            }
        }
    }

    fn on_body_loaded(&mut self, result: Result<LoadedBody, BodyLoadError>) {
        self.state.reader.body = match result {
            Ok(LoadedBody { body, hits }) => {
                // The query changed while the body loaded: its hits are stale (the new
                // query's come with its results).
                let current = self.state.reader.request_query == self.state.search.query;
                self.show_hits(hits.filter(|_| current));
                BodyState::Loaded(body)
            }
            Err(error) => BodyState::Failed(error),
        };
    }

    fn on_search_done(
        &mut self,
        generation: u64,
        result: Result<Arc<SearchResults>, super::search::SearchFailure>,
    ) {
        let search = &mut self.state.search;
        match result {
            Ok(results) => {
                // The index's answer comes first (hits not counted yet), then the complete
                // results.
                search.running = !results.complete;
                let first = search.results_generation != generation;
                search.results_generation = generation;
                search.results = Some(results);
                search.failure = None;
                self.invalidate_view();
                self.pending.concordance = true;
                if first {
                    self.reload_reader_hits();
                }
            }
            Err(failure) => {
                search.running = false;
                search.failure = Some(failure);
            }
        }
    }

    /// A folder's scan started: show its corpus as it fills.
    pub(crate) fn start_corpus(
        &mut self,
        ctx: &egui::Context,
        handle: ScanHandle,
        select: Option<String>,
        purpose: OpenPurpose,
    ) {
        let root = handle.root().to_path_buf();
        let keep_selection = match purpose {
            OpenPurpose::Reload => self.state.selected_article().map(|a| PendingSelect {
                path: a.path.to_string(),
                span_start: a.span.map(|s| s.start),
                reload: true,
            }),
            OpenPurpose::Open => None,
        };
        self.state.scan = Some(handle); // Dropping the previous handle cancels its scan.
        self.state.scan_started = Some(Instant::now());
        self.state.corpus = Some(Corpus::new(root.clone()));
        self.forget_keys();
        self.forget_marks_of_corpus();
        self.workers.cancel_indexing();
        self.state.search.index = IndexState::NotStarted;
        self.forget_search_results();
        // The query stays; it runs when the scan finishes.
        self.start_search();
        self.state.view = View::default();
        self.invalidate_view();
        self.state.selection = None;
        self.state.selected_row = None;
        self.state.reader = ReaderState::default();
        self.pending_select = select
            .map(|path| PendingSelect {
                path,
                span_start: None,
                reload: false,
            })
            .or(keep_selection);
        self.state.notice = None;
        self.state.settings.remember_folder(&root);
        let name = root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(format!(
            "{name} — corpus-explorer"
        )));
    }
}
