//! Background workers the window talks to over bounded channels: they open folders (checking
//! them and starting the scan), load article bodies, show the folder dialog and hand files to
//! the desktop. The UI thread never touches the filesystem and never blocks.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use std::sync::Arc;

use crate::corpus::{Article, ArticleBody, ScanHandle, ScanOptions, SortKeys, start_scan};

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
        /// The body, or why it could not be read.
        result: Result<ArticleBody, String>,
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
    /// A message for the user (e.g. the file manager could not be started).
    Notice(String),
    /// A worker thread panicked.
    Crashed(String),
}

/// Handles to the workers and the one queue they report on.
pub struct Workers {
    sender: SyncSender<WorkerEvent>,
    receiver: Receiver<WorkerEvent>,
    body_requests: SyncSender<BodyRequest>,
    ctx: egui::Context,
    next_request: u64,
}

struct BodyRequest {
    request: u64,
    root: PathBuf,
    article: Box<Article>,
    max_bytes: usize,
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
        Self {
            sender,
            receiver,
            body_requests,
            ctx: ctx.clone(),
            next_request: 0,
        }
    }

    /// The next report, if any (never blocks).
    pub fn try_next(&self) -> Option<WorkerEvent> {
        self.receiver.try_recv().ok()
    }

    /// Check `path` (a folder, or a file whose folder to open) and start scanning it.
    pub fn open_folder(&self, path: PathBuf, reload: bool, request: u64) {
        let ctx = self.ctx.clone();
        self.spawn("open-folder", move || {
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
        self.spawn("sort-keys", move || {
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
    pub fn load_body(&mut self, root: &Path, article: &Article, max_bytes: usize) -> u64 {
        self.next_request += 1;
        let request = BodyRequest {
            request: self.next_request,
            root: root.to_path_buf(),
            article: Box::new(article.clone()),
            max_bytes,
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
        self.spawn("folder-dialog", move || {
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

    /// Open `path` with the desktop's default application.
    pub fn open_with_desktop(&self, path: PathBuf, what: &'static str) {
        self.spawn("desktop-open", move || match open::that(&path) {
            Ok(()) => WorkerEvent::Notice(String::new()),
            Err(err) => WorkerEvent::Notice(format!(
                "Could not open the {what} {}: {err}",
                path.display()
            )),
        });
    }

    /// Run `job` on a named thread and report its result; a panic is reported too.
    fn spawn(&self, name: &str, job: impl FnOnce() -> WorkerEvent + Send + 'static) {
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        let thread_name = name.to_owned();
        let spawned = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let event = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                    .unwrap_or_else(|panic| {
                        WorkerEvent::Crashed(format!(
                            "{thread_name}: {}",
                            panic_message(panic.as_ref())
                        ))
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

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
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
        } = request;
        let result =
            std::panic::catch_unwind(|| crate::corpus::load_body(&root, &article, max_bytes))
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
