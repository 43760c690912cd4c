//! Background workers the window talks to over bounded channels: they open folders (checking
//! them and starting the scan), load article bodies, build the search index, run searches,
//! show dialogs and hand files to the desktop. The UI thread never touches the filesystem and
//! never blocks.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use crate::corpus::{
    Article, ArticleBody, BeforeRead, ScanHandle, ScanOptions, SortKeys, panic_message, start_scan,
};
use crate::search::{Hits, Matcher, Query, SearchIndex, SearchResults, UpdateStats};

/// Progress of a background job (done, total), written by the worker and read by the window
/// each frame: no message per step.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    fn set(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// (done, total).
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// A built (or updated) index and what the update did.
pub type IndexOutcome = Result<(Arc<SearchIndex>, UpdateStats), String>;

/// Something the workers report back to the window.
#[derive(Debug)]
pub enum WorkerEvent {
    /// A folder was checked and its scan started (or it could not be opened).
    FolderOpened {
        /// The scan, or a message saying why the folder cannot be opened.
        result: Result<ScanHandle, String>,
        /// An article to select once the scan finds it (a dropped file), relative path.
        select: Option<String>,
        /// True for a reload of the open folder (the selection is kept).
        reload: bool,
        /// Which open request this answers (only the newest counts).
        request: u64,
    },
    /// A body load finished.
    BodyLoaded {
        /// Which request this answers.
        request: u64,
        /// The body and the search query's hits in it, or why it could not be read.
        result: Result<(ArticleBody, Option<Hits>), String>,
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
        result: Result<Arc<SearchResults>, String>,
    },
    /// The save dialog for a concordance export closed.
    ExportPicked(Option<PathBuf>),
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
    /// A message for the user (e.g. the file manager could not be started).
    Notice(String),
    /// A worker thread panicked.
    Crashed {
        /// Which worker.
        job: Job,
        /// The panic's message.
        message: String,
    },
}

/// The one-shot workers (each runs on a thread of its own, named after it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Builds or updates the search index.
    Indexer,
    /// Checks a dropped or picked path and starts its scan.
    OpenFolder,
    /// Builds the sort keys of a finished corpus.
    SortKeys,
    /// Shows the folder dialog.
    FolderDialog,
    /// Shows the dialog asking where to export.
    SaveDialog,
    /// Writes an export.
    Export,
    /// Opens a file or folder with the desktop's application.
    DesktopOpen,
}

impl Job {
    /// The thread's name.
    pub fn thread_name(self) -> &'static str {
        match self {
            Self::Indexer => "indexer",
            Self::OpenFolder => "open-folder",
            Self::SortKeys => "sort-keys",
            Self::FolderDialog => "folder-dialog",
            Self::SaveDialog => "save-dialog",
            Self::Export => "export",
            Self::DesktopOpen => "desktop-open",
        }
    }

    /// What the job was doing, for the user ("… failed unexpectedly").
    pub fn doing(self) -> &'static str {
        match self {
            Self::Indexer => "Building the search index",
            Self::OpenFolder => "Opening the folder",
            Self::SortKeys => "Preparing the table's sort order",
            Self::FolderDialog => "Showing the folder dialog",
            Self::SaveDialog => "Showing the export dialog",
            Self::Export => "Exporting",
            Self::DesktopOpen => "Opening with the desktop's application",
        }
    }
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
    pub search_progress: Arc<Progress>,
    /// Articles indexed by the running indexer.
    pub index_progress: Arc<Progress>,
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
    /// Start the long-lived body loader; other workers start on demand.
    pub fn new(ctx: &egui::Context) -> Self {
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
        let search_progress = Arc::new(Progress::default());
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
            index_progress: Arc::new(Progress::default()),
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
            let _ =
                self.sender.try_send(WorkerEvent::SearchDone {
                    generation,
                    articles: Arc::default(),
                    result: Err(
                        "the search worker is busy or stopped; type the query again".to_owned()
                    ),
                });
        }
    }

    /// Stop the running search, if any: `generation` is newer than any request sent.
    pub fn cancel_search(&self, generation: u64) {
        self.search_generation.store(generation, Ordering::Relaxed);
    }

    /// Bring the index in `dir` up to date with `articles` (stopping any earlier indexer).
    pub fn build_index(&mut self, dir: PathBuf, root: PathBuf, articles: Arc<Vec<Article>>) {
        self.cancel_indexing();
        let cancel = Arc::clone(&self.index_cancel);
        let progress = Arc::clone(&self.index_progress);
        progress.set(0, articles.len());
        let ctx = self.ctx.clone();
        self.spawn(Job::Indexer, move || {
            let started = Instant::now();
            let result = SearchIndex::open(&dir).and_then(|mut index| {
                let stats = index.update(&root, &articles, &cancel, &mut |done, total| {
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
            WorkerEvent::IndexReady {
                articles,
                result: result.map_err(|err| err.to_string()),
            }
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

    /// Check `path` (a folder, or a file whose folder to open) and start scanning it.
    pub fn open_folder(&self, path: PathBuf, reload: bool, request: u64) {
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
            let result = start_scan(&folder, options).map_err(|err| err.to_string());
            WorkerEvent::FolderOpened {
                result,
                select,
                reload,
                request,
            }
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
            WorkerEvent::SortKeysBuilt { articles, keys }
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
                result: Err(
                    "the body loader is busy or stopped; select the article again".to_owned(),
                ),
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
            WorkerEvent::FolderPicked {
                folder,
                open_for: opened.elapsed(),
            }
        });
    }

    /// Ask where to save the concordance, on a worker thread.
    pub fn pick_export_path(&self, suggested_name: String) {
        self.spawn(Job::SaveDialog, move || {
            let path = rfd::FileDialog::new()
                .set_title("Export the concordance")
                .set_file_name(suggested_name)
                .add_filter("CSV", &["csv"])
                .save_file();
            WorkerEvent::ExportPicked(path)
        });
    }

    /// Write `rows` as CSV to `path` on a worker thread; the outcome comes back as a notice.
    pub fn write_concordance(&self, path: PathBuf, rows: Vec<crate::corpus::export::KwicRow>) {
        self.spawn(Job::Export, move || {
            let written = std::fs::File::create(&path).and_then(|file| {
                crate::corpus::export::write_kwic(
                    std::io::BufWriter::new(file),
                    crate::corpus::export::ExportFormat::Csv,
                    &rows,
                )
            });
            WorkerEvent::Notice(match written {
                Ok(()) => format!(
                    "Exported {} concordance lines to {}",
                    rows.len(),
                    path.display()
                ),
                Err(err) => format!("Could not export to {}: {err}", path.display()),
            })
        });
    }

    /// Open `path` with the desktop's default application.
    pub fn open_with_desktop(&self, path: PathBuf, what: &'static str) {
        self.spawn(Job::DesktopOpen, move || match open::that(&path) {
            Ok(()) => WorkerEvent::Notice(String::new()),
            Err(err) => WorkerEvent::Notice(format!(
                "Could not open the {what} {}: {err}",
                path.display()
            )),
        });
    }

    /// Run `job` on a named thread and report its result; a panic is reported too.
    fn spawn(&self, which: Job, job: impl FnOnce() -> WorkerEvent + Send + 'static) {
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name(which.thread_name().to_owned())
            .spawn(move || {
                let event = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                    .unwrap_or_else(|panic| WorkerEvent::Crashed {
                        job: which,
                        message: panic_message(panic.as_ref()),
                    });
                let _ = sender.send(event);
                ctx.request_repaint();
            });
        if let Err(err) = spawned {
            let _ = self.sender.try_send(WorkerEvent::Notice(format!(
                "could not start a worker thread: {err}"
            )));
        }
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
            Ok::<_, crate::corpus::BodyError>((body, hits))
        })
        .map_err(|panic| {
            format!(
                "reading the article failed unexpectedly: {}",
                panic_message(panic.as_ref())
            )
        })
        .and_then(|r| r.map_err(|err| err.to_string()));
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
                Ok(Err(crate::search::SearchError::Cancelled)) => continue,
                Ok(Ok(results)) => Ok(Arc::new(results)),
                Ok(Err(err)) => Err(err.to_string()),
                Err(panic) => Err(format!(
                    "the search failed unexpectedly: {}",
                    panic_message(panic.as_ref())
                )),
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
