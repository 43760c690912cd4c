//! The marks' own worker: one thread that opens a folder's marks, commits changes to the store
//! (a lock, a read, a merge and an atomic write: never on the UI thread), and builds the facet
//! columns of a finished corpus. One thread, so commits are written in the order they were
//! made.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::corpus::Article;
use crate::corpus::facets::{Facet, FacetColumn};
use crate::corpus::marks::{Change, Marks, OpenedMarks, Store, open_marks};

/// What the thread is asked to do.
pub(super) enum MarkJob {
    /// Open the marks of a finished corpus.
    Open {
        data_root: PathBuf,
        folder: PathBuf,
        articles: Arc<Vec<Article>>,
    },
    /// Commit changes (none: read what other processes wrote).
    Commit {
        store: Store,
        changes: Vec<Change>,
        seq: u64,
    },
    /// Build the facet columns of a finished corpus.
    Facets { articles: Arc<Vec<Article>> },
}

/// What the thread reports.
pub(super) enum MarkReport {
    /// The marks of `articles`.
    Opened {
        articles: Arc<Vec<Article>>,
        result: Result<Box<OpenedMarks>, String>,
    },
    /// Commit `seq` ended: the marks as they are on disk now, or why not.
    Committed {
        seq: u64,
        result: Result<Marks, String>,
    },
    /// The facet columns of `articles`, in [`Facet::ALL`] order.
    Facets {
        articles: Arc<Vec<Article>>,
        columns: Arc<Vec<FacetColumn>>,
    },
}

/// The thread and its two queues.
pub(super) struct MarkWorker {
    jobs: Sender<MarkJob>,
    reports: Receiver<MarkReport>,
}

impl MarkWorker {
    /// Start the thread; `ctx` is woken when it reports.
    pub(super) fn new(ctx: &egui::Context) -> Self {
        let (jobs, job_queue) = channel::<MarkJob>();
        let (report, reports) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("marks".to_owned())
            .spawn(move || {
                for job in job_queue {
                    let answer = run(job);
                    if report.send(answer).is_err() {
                        break;
                    }
                    ctx.request_repaint();
                }
            });
        if let Err(err) = spawned {
            log::error!("cannot start the marks thread: {err}");
        }
        Self { jobs, reports }
    }

    /// Queue a job.
    pub(super) fn send(&self, job: MarkJob) {
        let _ = self.jobs.send(job);
    }

    /// A report, if one is waiting.
    pub(super) fn try_next(&self) -> Option<MarkReport> {
        self.reports.try_recv().ok()
    }

    /// Wait for a report (at most `timeout`): for the last commit when the window closes.
    pub(super) fn wait(&self, timeout: std::time::Duration) -> Option<MarkReport> {
        self.reports.recv_timeout(timeout).ok()
    }
}

fn run(job: MarkJob) -> MarkReport {
    match job {
        MarkJob::Open {
            data_root,
            folder,
            articles,
        } => {
            let result = open_marks(&data_root, &folder, &articles)
                .map(Box::new)
                .map_err(|err| err.to_string());
            MarkReport::Opened { articles, result }
        }
        MarkJob::Commit {
            store,
            changes,
            seq,
        } => MarkReport::Committed {
            seq,
            result: store.commit(&changes).map_err(|err| err.to_string()),
        },
        MarkJob::Facets { articles } => {
            let started = std::time::Instant::now();
            let columns = Facet::ALL
                .iter()
                .map(|&facet| FacetColumn::build(&articles, facet))
                .collect();
            log::debug!(
                "facet columns of {} articles built in {:?}",
                articles.len(),
                started.elapsed()
            );
            MarkReport::Facets {
                articles,
                columns: Arc::new(columns),
            }
        }
    }
}
