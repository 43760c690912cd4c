//! Background workers the window talks to over bounded channels: they open folders (checking
//! them and starting the scan), load article bodies, build the search index, run searches,
//! show dialogs and hand files to the desktop. The UI thread never touches the filesystem and
//! never blocks.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

pub use super::catalog_jobs::{CatalogSave, IndexDelta, OpenSource};
use super::catalog_jobs::{open_catalog, run_check, write_catalog};
pub use super::jobs::ExportKind;
use super::jobs::{BodyLoadError, Job, Progress};
use super::search::{IndexFailure, SearchFailure};
use crate::corpus::export::{
    ExportFormat, KwicRow, write_articles, write_kwic, write_search_results,
};
use crate::corpus::{
    Article, ArticleBody, BeforeRead, ScanError, ScanHandle, ScanOptions, SortKeys, panic_message,
    start_scan,
};
use crate::search::{Hits, Matcher, Query, SearchError, SearchIndex, SearchResults, UpdateStats};

/// A built (or updated) index and what the update did.
pub type IndexOutcome = Result<(Arc<SearchIndex>, UpdateStats), IndexFailure>;

/// Why a folder is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenPurpose {
    /// A new folder (dropped, picked, given or recent).
    Open,
    /// The open folder again (F5, Reload): the selection is kept.
    Reload,
}

/// The rows of the table to export: the shown articles in their order, with their hits when a
/// search is in effect.
pub struct TableRows {
    /// The corpus's articles.
    pub articles: Arc<Vec<Article>>,
    /// The rows, in the table's order.
    pub ids: Vec<crate::corpus::ArticleId>,
    /// The search's results (hits per article), when a search is in effect.
    pub results: Option<Arc<SearchResults>>,
    /// The tags and notes of the marked articles.
    pub marked: std::collections::HashMap<crate::corpus::ArticleId, crate::corpus::marks::Mark>,
}

/// An article's body and the search query's hits in it.
#[derive(Debug)]
pub struct LoadedBody {
    /// The text.
    pub body: ArticleBody,
    /// The hits of the query the request carried (none without a query, or without hits).
    pub hits: Option<Hits>,
}

/// Something the workers report back to the window.
#[derive(Debug)]
pub enum WorkerEvent {
    /// A folder was checked and its scan started (or it could not be opened).
    FolderOpened {
        /// The scan, or why the folder cannot be opened.
        result: Result<ScanHandle, ScanError>,
        /// An article to select once the scan finds it (a dropped file), relative path.
        select: Option<String>,
        /// Why it was opened.
        purpose: OpenPurpose,
        /// Which open request this answers (only the newest counts).
        request: u64,
        /// Where the records come from.
        source: OpenSource,
    },
    /// A corpus opened from its catalog was checked against its folder.
    Checked {
        /// The articles shown while it was checked (the window checks it still shows them).
        articles: Arc<Vec<Article>>,
        /// The check, and the corpus brought up to date.
        result: Result<Box<crate::corpus::catalog::Opened>, ScanError>,
    },
    /// A body load finished.
    BodyLoaded {
        /// Which request this answers.
        request: u64,
        /// The body and the search query's hits in it, or why it could not be read.
        result: Result<LoadedBody, BodyLoadError>,
    },
    /// The search index of a finished corpus is ready (or could not be built).
    IndexReady {
        /// The articles it holds (the window checks it still shows them).
        articles: Arc<Vec<Article>>,
        /// The index, or why there is none.
        result: IndexOutcome,
    },
    /// A search finished.
    SearchDone {
        /// Which search this answers (only the newest counts).
        generation: u64,
        /// The articles searched.
        articles: Arc<Vec<Article>>,
        /// The results, or why the search failed.
        result: Result<Arc<SearchResults>, SearchFailure>,
    },
    /// The save dialog for an export closed.
    ExportPicked {
        /// What is exported.
        kind: ExportKind,
        /// The chosen file, if any.
        path: Option<PathBuf>,
    },
    /// The folder dialog closed.
    FolderPicked {
        /// The chosen folder, if any.
        folder: Option<PathBuf>,
        /// How long the dialog was open (an instant `None` means no dialog could be shown).
        open_for: Duration,
    },
    /// The sort keys of a finished corpus are ready.
    SortKeysBuilt {
        /// The articles they were built from (the window checks it still shows them).
        articles: Arc<Vec<Article>>,
        /// The keys.
        keys: Arc<SortKeys>,
    },
    /// An export was written (or not).
    ExportWritten {
        /// What was exported.
        kind: ExportKind,
        /// The file.
        path: PathBuf,
        /// Rows in it.
        rows: usize,
        /// What writing it gave.
        result: std::io::Result<()>,
    },
    /// The desktop could not open a file or folder.
    DesktopOpenFailed {
        /// `article` or `folder`.
        what: &'static str,
        /// What was to be opened.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The articles of the timeline's query series were found.
    SeriesMatched {
        /// The articles they are of.
        articles: Arc<Vec<Article>>,
        /// Which article each index document is, when the index was used.
        lookup: Option<Arc<crate::search::ArticleLookup>>,
        /// Per query, its articles or why not.
        matched: super::trends_state::Matched,
    },
    /// A worker thread could not be started.
    NotStarted {
        /// Which worker.
        job: Job,
        /// What the system said.
        error: std::io::Error,
    },
    /// A worker thread panicked.
    Crashed {
        /// Which worker.
        job: Job,
        /// The panic's message.
        message: String,
    },
}

/// Handles to the workers and the one queue they report on.
pub struct Workers {
    sender: SyncSender<WorkerEvent>,
    receiver: Receiver<WorkerEvent>,
    body_requests: SyncSender<BodyRequest>,
    search_requests: SyncSender<SearchRequest>,
    /// The newest search; a running search whose generation differs stops.
    search_generation: Arc<AtomicU64>,
    /// Articles read by the running search.
    search_progress: Arc<Progress>,
    /// Articles indexed by the running indexer.
    index_progress: Arc<Progress>,
    /// Rows written by the running table export.
    export_progress: Arc<Progress>,
    /// Files checked by the running catalog check.
    check_progress: Arc<Progress>,
    index_cancel: Arc<AtomicBool>,
    ctx: egui::Context,
    next_request: u64,
    /// Given to every scan (see [`BeforeRead`]).
    pub before_read: Option<BeforeRead>,
}

struct BodyRequest {
    request: u64,
    root: PathBuf,
    article: Box<Article>,
    max_bytes: usize,
    query: Option<Query>,
}

/// A query to run over a corpus.
pub struct SearchRequest {
    /// Its number (see [`Workers::search`]).
    pub generation: u64,
    /// The corpus folder.
    pub root: PathBuf,
    /// The corpus.
    pub articles: Arc<Vec<Article>>,
    /// The corpus's index, when ready.
    pub index: Option<Arc<SearchIndex>>,
    /// The query.
    pub query: Query,
}

impl Workers {
    /// Start the long-lived body loader and searcher; other workers start on demand. They
    /// report their progress into `index_progress` and `search_progress`.
    pub fn new(ctx: &egui::Context, progress: WorkerProgress) -> Self {
        let WorkerProgress {
            index: index_progress,
            search: search_progress,
            export: export_progress,
            check: check_progress,
        } = progress;
        let (sender, receiver) = sync_channel(64);
        let (body_requests, body_receiver) = sync_channel::<BodyRequest>(64);
        let loader_sender = sender.clone();
        let loader_ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("body-loader".to_owned())
            .spawn(move || body_loader(&body_receiver, &loader_sender, &loader_ctx));
        if let Err(err) = spawned {
            log::error!("could not start the body loader: {err}");
        }
        let (search_requests, search_receiver) = sync_channel::<SearchRequest>(16);
        let search_generation = Arc::new(AtomicU64::new(0));
        let searcher = Searcher {
            requests: search_receiver,
            sender: sender.clone(),
            ctx: ctx.clone(),
            generation: Arc::clone(&search_generation),
            progress: Arc::clone(&search_progress),
        };
        let spawned = std::thread::Builder::new()
            .name("search".to_owned())
            .spawn(move || searcher.run());
        if let Err(err) = spawned {
            log::error!("could not start the search worker: {err}");
        }
        Self {
            sender,
            receiver,
            body_requests,
            search_requests,
            search_generation,
            search_progress,
            index_progress,
            export_progress,
            check_progress,
            index_cancel: Arc::new(AtomicBool::new(false)),
            ctx: ctx.clone(),
            next_request: 0,
            before_read: None,
        }
    }

    /// Run a search; a newer one (or [`Self::cancel_search`]) stops it.
    pub fn search(&self, request: SearchRequest) {
        self.search_generation
            .store(request.generation, Ordering::Relaxed);
        self.search_progress.set(0, 0);
        let generation = request.generation;
        if self.search_requests.try_send(request).is_err() {
            let _ = self.sender.try_send(WorkerEvent::SearchDone {
                generation,
                articles: Arc::default(),
                result: Err(SearchFailure::WorkerBusy),
            });
        }
    }

    /// Stop the running search, if any: `generation` is newer than any request sent.
    pub fn cancel_search(&self, generation: u64) {
        self.search_generation.store(generation, Ordering::Relaxed);
    }

    /// Bring the index in `dir` up to date with `articles` (stopping any earlier indexer),
    /// with what a catalog check found changed (see [`crate::search::Delta`]).
    pub fn build_index(
        &mut self,
        dir: PathBuf,
        root: PathBuf,
        articles: Arc<Vec<Article>>,
        delta: IndexDelta,
    ) {
        self.cancel_indexing();
        let cancel = Arc::clone(&self.index_cancel);
        let progress = Arc::clone(&self.index_progress);
        progress.set(0, articles.len());
        let ctx = self.ctx.clone();
        self.spawn(Job::Indexer, move || {
            let started = Instant::now();
            let result = SearchIndex::open(&dir).and_then(|mut index| {
                let delta = crate::search::Delta {
                    previous_generation: delta.previous_generation,
                    generation: delta.generation,
                    stale: &delta.stale,
                    fresh_paths: &delta.fresh_paths,
                };
                let stats =
                    index.update_from(&root, &articles, &delta, &cancel, &mut |done, total| {
                        progress.set(done, total);
                        ctx.request_repaint();
                    })?;
                Ok((Arc::new(index), stats))
            });
            log::debug!(
                "index of {} ready in {:?}",
                root.display(),
                started.elapsed()
            );
            Some(WorkerEvent::IndexReady {
                articles,
                result: result.map_err(IndexFailure::from),
            })
        });
    }

    /// Check the corpus shown (`articles`, read from the catalog at `path`) against its folder
    /// `root`; the catalog is written again if needed.
    pub fn check_catalog(&self, root: PathBuf, path: PathBuf, articles: Arc<Vec<Article>>) {
        let progress = Arc::clone(&self.check_progress);
        progress.set(0, articles.len());
        let ctx = self.ctx.clone();
        let before_read = self.before_read.clone();
        self.spawn(Job::Check, move || {
            let report = |done, total| {
                progress.set(done, total);
                ctx.request_repaint();
            };
            let result = run_check(&root, &path, &report, before_read);
            progress.set(0, 0);
            Some(WorkerEvent::Checked { articles, result })
        });
    }

    /// Write the catalog of a finished scan (off the UI thread).
    pub fn save_catalog(&self, save: CatalogSave) {
        self.spawn(Job::SaveCatalog, move || {
            write_catalog(&save);
            None
        });
    }

    /// Stop the running indexer, if any.
    pub fn cancel_indexing(&mut self) {
        self.index_cancel.store(true, Ordering::Relaxed);
        self.index_cancel = Arc::new(AtomicBool::new(false));
    }

    /// The next report, if any (never blocks).
    pub fn try_next(&self) -> Option<WorkerEvent> {
        self.receiver.try_recv().ok()
    }

    /// Check `path` (a folder, or a file whose folder to open) and start scanning it, or read
    /// its catalog under `catalog_root` when there is a sound one.
    pub fn open_folder(
        &self,
        path: PathBuf,
        purpose: OpenPurpose,
        request: u64,
        catalog_root: Option<PathBuf>,
    ) {
        let ctx = self.ctx.clone();
        let before_read = self.before_read.clone();
        self.spawn(Job::OpenFolder, move || {
            let (folder, select) = match std::fs::metadata(&path) {
                Ok(meta) if meta.is_file() => match path.parent() {
                    Some(parent) => {
                        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                        (parent.to_path_buf(), name)
                    }
                    None => (path.clone(), None),
                },
                _ => (path.clone(), None),
            };
            let notify_ctx = ctx.clone();
            let options = ScanOptions {
                notify: Some(std::sync::Arc::new(move || notify_ctx.request_repaint())),
                before_read,
                ..ScanOptions::default()
            };
            if let Some(catalog_root) = &catalog_root
                && let Some((handle, source)) = open_catalog(catalog_root, &folder)
            {
                return Some(WorkerEvent::FolderOpened {
                    result: Ok(handle),
                    select,
                    purpose,
                    request,
                    source,
                });
            }
            let checked_at_ns = crate::corpus::catalog::now_ns();
            let result = start_scan(&folder, options);
            let source = OpenSource::Scan {
                catalog: catalog_root
                    .zip(result.as_ref().ok())
                    .map(|(catalog_root, handle)| {
                        crate::corpus::catalog::catalog_path_in(&catalog_root, handle.root())
                    }),
                checked_at_ns,
            };
            Some(WorkerEvent::FolderOpened {
                result,
                select,
                purpose,
                request,
                source,
            })
        });
    }

    /// Build the sort keys of a finished corpus (a second or so for a million articles).
    pub fn build_sort_keys(&self, articles: Arc<Vec<Article>>) {
        self.spawn(Job::SortKeys, move || {
            let started = Instant::now();
            let keys = Arc::new(SortKeys::build(&articles));
            log::debug!(
                "sort keys of {} articles built in {:?}",
                articles.len(),
                started.elapsed()
            );
            Some(WorkerEvent::SortKeysBuilt { articles, keys })
        });
    }

    /// Ask for an article's body; returns the request number the answer will carry.
    /// With a query, the answer carries the query's hits in the article.
    pub fn load_body(
        &mut self,
        root: &Path,
        article: &Article,
        max_bytes: usize,
        query: Option<Query>,
    ) -> u64 {
        self.next_request += 1;
        let request = BodyRequest {
            request: self.next_request,
            root: root.to_path_buf(),
            article: Box::new(article.clone()),
            max_bytes,
            query,
        };
        if self.body_requests.try_send(request).is_err() {
            let _ = self.sender.try_send(WorkerEvent::BodyLoaded {
                request: self.next_request,
                result: Err(BodyLoadError::LoaderBusy),
            });
        }
        self.next_request
    }

    /// Show the folder dialog on a worker thread.
    pub fn pick_folder(&self, start_in: Option<PathBuf>) {
        self.spawn(Job::FolderDialog, move || {
            let opened = Instant::now();
            let mut dialog = rfd::FileDialog::new().set_title("Open a folder of articles");
            if let Some(dir) = start_in {
                dialog = dialog.set_directory(dir);
            }
            log::debug!("showing the folder dialog");
            let folder = dialog.pick_folder();
            log::debug!(
                "folder dialog closed after {:?}: {folder:?}",
                opened.elapsed()
            );
            Some(WorkerEvent::FolderPicked {
                folder,
                open_for: opened.elapsed(),
            })
        });
    }

    /// Ask where to save an export, on a worker thread.
    pub fn pick_export_path(&self, kind: ExportKind, suggested_name: String) {
        self.spawn(Job::SaveDialog, move || {
            let dialog = rfd::FileDialog::new().set_title(kind.dialog_title());
            let path = if kind == ExportKind::Articles {
                dialog.pick_folder()
            } else {
                let dialog = dialog.set_file_name(suggested_name);
                kind.file_types()
                    .iter()
                    .fold(dialog, |d, (name, extensions)| {
                        d.add_filter(*name, extensions)
                    })
                    .save_file()
            };
            Some(WorkerEvent::ExportPicked { kind, path })
        });
    }

    /// Write the table's `rows` to `path` (CSV, or JSON Lines for `.jsonl`, with the keys of
    /// `list`) on a worker thread, row after row, counting them in the export progress; the
    /// outcome comes back as an event.
    pub fn write_table(&self, path: PathBuf, rows: TableRows) {
        let progress = Arc::clone(&self.export_progress);
        let total = rows.ids.len();
        progress.set(0, total);
        self.spawn(Job::Export, move || {
            let result = std::fs::File::create(&path).and_then(|file| {
                let out = std::io::BufWriter::new(file);
                write_table_rows(out, ExportFormat::for_path(&path), &rows, &progress)
            });
            progress.set(total, total);
            Some(WorkerEvent::ExportWritten {
                kind: ExportKind::Table,
                path,
                rows: total,
                result,
            })
        });
    }

    /// Copy the table's rows' articles into the empty folder `dest` (with `manifest.csv`) on a
    /// worker thread, counting them in the export progress.
    pub fn copy_articles(&self, root: PathBuf, numbers: Vec<u32>, dest: PathBuf, rows: TableRows) {
        let progress = Arc::clone(&self.export_progress);
        let total = rows.ids.len();
        progress.set(0, total);
        self.spawn(Job::Export, move || {
            let result = crate::corpus::subset::copy_articles(
                &root,
                &rows.articles,
                &numbers,
                &rows.ids,
                &rows.marked,
                &dest,
                &mut |done, total| progress.set(done, total),
            );
            progress.set(total, total);
            Some(WorkerEvent::ExportWritten {
                kind: ExportKind::Articles,
                path: dest,
                rows: total,
                result: result.map(|_| ()),
            })
        });
    }

    /// Write `rows` as CSV to `path` on a worker thread; the outcome comes back as an event.
    pub fn write_concordance(&self, path: PathBuf, rows: Vec<KwicRow>) {
        self.spawn(Job::Export, move || {
            let result = std::fs::File::create(&path).and_then(|file| {
                write_kwic(std::io::BufWriter::new(file), ExportFormat::Csv, &rows)
            });
            Some(WorkerEvent::ExportWritten {
                kind: ExportKind::Concordance,
                path,
                rows: rows.len(),
                result,
            })
        });
    }

    /// Open `path` with the desktop's default application (`what`: `article` or `folder`);
    /// only a failure is reported.
    pub fn open_with_desktop(&self, path: PathBuf, what: &'static str) {
        self.spawn(Job::DesktopOpen, move || {
            open::that(&path)
                .err()
                .map(|error| WorkerEvent::DesktopOpenFailed { what, path, error })
        });
    }

    /// Run `job` on a named thread and report what it returns, if anything; a panic is
    /// reported too.
    pub(super) fn spawn(
        &self,
        which: Job,
        job: impl FnOnce() -> Option<WorkerEvent> + Send + 'static,
    ) {
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name(which.thread_name().to_owned())
            .spawn(move || {
                let event = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                    .unwrap_or_else(|panic| {
                        Some(WorkerEvent::Crashed {
                            job: which,
                            message: panic_message(panic.as_ref()),
                        })
                    });
                if let Some(event) = event {
                    let _ = sender.send(event);
                }
                ctx.request_repaint();
            });
        if let Err(error) = spawned {
            let _ = self
                .sender
                .try_send(WorkerEvent::NotStarted { job: which, error });
        }
    }
}

/// The progress counters the workers write and the window reads.
#[derive(Default)]
pub struct WorkerProgress {
    /// Articles indexed.
    pub index: Arc<Progress>,
    /// Articles read by the search.
    pub search: Arc<Progress>,
    /// Rows written by a table export.
    pub export: Arc<Progress>,
    /// Files checked against the catalog.
    pub check: Arc<Progress>,
}

/// Rows between two updates of the export's progress.
const EXPORT_PROGRESS_ROWS: usize = 4096;

/// The table's rows in `format`, counting them in `progress`.
fn write_table_rows(
    out: impl std::io::Write,
    format: ExportFormat,
    rows: &TableRows,
    progress: &Progress,
) -> std::io::Result<()> {
    let total = rows.ids.len();
    let articles = rows
        .ids
        .iter()
        .filter_map(|&id| Some((rows.articles.get(id as usize)?, rows.marked.get(&id))))
        .enumerate()
        .map(|(i, row)| {
            if i % EXPORT_PROGRESS_ROWS == 0 {
                progress.set(i, total);
            }
            row
        });
    match &rows.results {
        Some(results) => {
            let hits = rows.ids.iter().map(|&id| {
                let count = results.counts.get(id as usize).copied().unwrap_or(0);
                usize::try_from(count).unwrap_or(0)
            });
            write_search_results(out, format, articles.zip(hits))
        }
        None => write_articles(out, format, articles),
    }
}

fn body_loader(
    requests: &Receiver<BodyRequest>,
    sender: &SyncSender<WorkerEvent>,
    ctx: &egui::Context,
) {
    while let Ok(mut request) = requests.recv() {
        // Only the newest request matters: skip the ones the user has already moved past.
        while let Ok(newer) = requests.try_recv() {
            request = newer;
        }
        let BodyRequest {
            request,
            root,
            article,
            max_bytes,
            query,
        } = request;
        let result = std::panic::catch_unwind(|| {
            let body = crate::corpus::load_body(&root, &article, max_bytes)?;
            let hits = query.and_then(|q| {
                let hits = Matcher::new(q).run(&article.title, &body.text)?;
                Some(hits.of_article(article.title_derived()))
            });
            Ok(LoadedBody { body, hits })
        })
        .unwrap_or_else(|panic| Err(BodyLoadError::Crashed(panic_message(panic.as_ref()))));
        if sender
            .send(WorkerEvent::BodyLoaded { request, result })
            .is_err()
        {
            return;
        }
        ctx.request_repaint();
    }
}

/// The search worker: runs the newest request; a newer one stops the running search.
struct Searcher {
    requests: Receiver<SearchRequest>,
    sender: SyncSender<WorkerEvent>,
    ctx: egui::Context,
    generation: Arc<AtomicU64>,
    progress: Arc<Progress>,
}

impl Searcher {
    fn run(&self) {
        while let Ok(mut request) = self.requests.recv() {
            while let Ok(newer) = self.requests.try_recv() {
                request = newer;
            }
            if request.generation != self.generation.load(Ordering::Relaxed) {
                continue;
            }
            let started = Instant::now();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut last_repaint = Instant::now();
                let generation = &self.generation;
                crate::search::search_corpus(
                    &request.root,
                    &request.articles,
                    request.index.as_deref(),
                    &request.query,
                    &|| generation.load(Ordering::Relaxed) != request.generation,
                    &mut |matches| {
                        // The index's answer: the table shows it while the hits are counted.
                        let uncounted = SearchResults::uncounted(request.articles.len(), matches);
                        let _ = self.sender.send(WorkerEvent::SearchDone {
                            generation: request.generation,
                            articles: Arc::clone(&request.articles),
                            result: Ok(Arc::new(uncounted)),
                        });
                        self.ctx.request_repaint();
                    },
                    &mut |done, total| {
                        self.progress.set(done, total);
                        if last_repaint.elapsed() > Duration::from_millis(100) {
                            last_repaint = Instant::now();
                            self.ctx.request_repaint();
                        }
                    },
                )
            }));
            let result = match outcome {
                Ok(Err(SearchError::Cancelled)) => continue,
                Ok(Ok(results)) => Ok(Arc::new(results)),
                Ok(Err(err)) => Err(SearchFailure::Search(err)),
                Err(panic) => Err(SearchFailure::Crashed(panic_message(panic.as_ref()))),
            };
            log::debug!("search done in {:?}", started.elapsed());
            let event = WorkerEvent::SearchDone {
                generation: request.generation,
                articles: request.articles,
                result,
            };
            if self.sender.send(event).is_err() {
                return;
            }
            self.ctx.request_repaint();
        }
    }
}
