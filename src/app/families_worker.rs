//! The story families' own worker: one thread that signs a finished corpus's articles (from the
//! token store the words thread opened; kept signatures are reused), finds their families,
//! finds them again at another threshold from the signatures it keeps, and compares two
//! articles word by word. Finding is cancelled by a newer request; only the newest waiting
//! one runs.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::jobs::Progress;
use crate::analysis::families::diff::{WordDiff, word_diff};
use crate::analysis::families::{Families, Signatures};
use crate::analysis::{Reading, TermStore, TermsError};
use crate::corpus::{Article, load_body};
use crate::search::index::MAX_INDEXED_BYTES;

/// What the thread is asked to do.
pub(super) enum FamiliesJob {
    /// Sign the articles of `store` (keeping the signatures at `path`) and find the families.
    Find {
        store: Arc<TermStore>,
        path: Option<PathBuf>,
        articles: Arc<Vec<Article>>,
        threshold: f32,
    },
    /// Find the families again at another threshold (from the signatures kept).
    Refind {
        articles: Arc<Vec<Article>>,
        threshold: f32,
    },
    /// Compare two articles word by word.
    Compare {
        seq: u64,
        root: PathBuf,
        left: Box<Article>,
        right: Box<Article>,
    },
}

/// What the thread reports.
pub(super) enum FamiliesReport {
    /// The families of `articles` at `threshold` (`None`: cancelled).
    Found {
        articles: Arc<Vec<Article>>,
        threshold: f32,
        result: Option<Result<Families, String>>,
    },
    /// Comparison `seq`, or why not.
    Compared {
        seq: u64,
        result: Result<WordDiff, String>,
    },
}

/// The thread, its queues and its cancel flag.
pub(super) struct FamiliesWorker {
    jobs: Sender<FamiliesJob>,
    reports: Receiver<FamiliesReport>,
    cancel: Arc<AtomicBool>,
}

/// The signatures of the last corpus signed.
#[derive(Default)]
struct Held {
    signed: Option<(Arc<Vec<Article>>, Signatures)>,
}

impl FamiliesWorker {
    /// Start the thread; `ctx` is woken when it reports, `progress` follows its signing.
    pub(super) fn new(ctx: &egui::Context, progress: Arc<Progress>) -> Self {
        let (jobs, job_queue) = channel::<FamiliesJob>();
        let (report, reports) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("families".to_owned())
            .spawn(move || {
                let mut held = Held::default();
                while let Some(jobs) = newest(&job_queue) {
                    flag.store(false, Ordering::Relaxed);
                    for job in jobs {
                        let answer = run(&mut held, job, &flag, &progress);
                        if report.send(answer).is_err() {
                            return;
                        }
                        ctx.request_repaint();
                    }
                }
            });
        if let Err(err) = spawned {
            log::error!("cannot start the families thread: {err}");
        }
        Self {
            jobs,
            reports,
            cancel,
        }
    }

    /// Queue a job. A new corpus cancels the signing of the last one; a new threshold does
    /// not (it needs the signatures being made).
    pub(super) fn send(&self, job: FamiliesJob) {
        if matches!(job, FamiliesJob::Find { .. }) {
            self.cancel.store(true, Ordering::Relaxed);
        }
        let _ = self.jobs.send(job);
    }

    /// A report, if one is waiting.
    pub(super) fn try_next(&self) -> Option<FamiliesReport> {
        self.reports.try_recv().ok()
    }
}

/// The next jobs to run: every waiting comparison, and of the waiting requests to find
/// families only the newest (a newer threshold still signs a corpus not yet signed); blocks
/// while nothing waits, `None` once the app is gone.
fn newest(queue: &Receiver<FamiliesJob>) -> Option<Vec<FamiliesJob>> {
    let mut waiting = vec![queue.recv().ok()?];
    while let Ok(job) = queue.try_recv() {
        waiting.push(job);
    }
    let mut find: Option<FamiliesJob> = None;
    let mut jobs = Vec::new();
    for job in waiting {
        match (job, &mut find) {
            (
                FamiliesJob::Refind { threshold, .. },
                Some(FamiliesJob::Find {
                    threshold: wanted, ..
                }),
            ) => {
                *wanted = threshold;
            }
            (job @ (FamiliesJob::Find { .. } | FamiliesJob::Refind { .. }), _) => find = Some(job),
            (compare, _) => jobs.push(compare),
        }
    }
    jobs.extend(find);
    Some(jobs)
}

fn run(
    held: &mut Held,
    job: FamiliesJob,
    cancel: &AtomicBool,
    progress: &Progress,
) -> FamiliesReport {
    let cancelled = || cancel.load(Ordering::Relaxed);
    match job {
        FamiliesJob::Find {
            store,
            path,
            articles,
            threshold,
        } => {
            held.signed = None;
            let reading = Reading {
                cancel,
                progress: &|done, total| progress.set(done, total),
            };
            let signed = match &path {
                Some(path) => Signatures::open(path, &store, reading).map(|(s, _)| s),
                None => Signatures::compute(&store, reading),
            };
            let result = match signed {
                Ok(signatures) => {
                    let found = Families::find(&signatures, &articles, threshold, &cancelled);
                    held.signed = Some((Arc::clone(&articles), signatures));
                    found.map(Ok)
                }
                Err(TermsError::Cancelled) => None,
                Err(err) => Some(Err(err.to_string())),
            };
            FamiliesReport::Found {
                articles,
                threshold,
                result,
            }
        }
        FamiliesJob::Refind {
            articles,
            threshold,
        } => {
            let result = match &held.signed {
                Some((signed, signatures)) if Arc::ptr_eq(signed, &articles) => {
                    Families::find(signatures, &articles, threshold, &cancelled).map(Ok)
                }
                _ => Some(Err("the articles are not signed yet".to_owned())),
            };
            FamiliesReport::Found {
                articles,
                threshold,
                result,
            }
        }
        FamiliesJob::Compare {
            seq,
            root,
            left,
            right,
        } => {
            let text = |article: &Article| {
                load_body(&root, article, MAX_INDEXED_BYTES)
                    .map(|body| {
                        if article.title_derived() {
                            body.text
                        } else {
                            format!("{}\n\n{}", article.title, body.text)
                        }
                    })
                    .map_err(|err| err.to_string())
            };
            let result = text(&left).and_then(|l| Ok(word_diff(&l, &text(&right)?)));
            FamiliesReport::Compared { seq, result }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// The report that answers the last request, waiting for it.
    fn wait_found(worker: &FamiliesWorker, threshold: f32) -> Result<Families, String> {
        let started = Instant::now();
        loop {
            if let Some(FamiliesReport::Found {
                threshold: t,
                result: Some(result),
                ..
            }) = worker.try_next()
                && (t - threshold).abs() < f32::EPSILON
            {
                return result;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "no report");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_new_threshold_sent_while_signing_is_answered_not_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text: String = (0..200).map(|i| format!("w{} ", i * 7 % 113)).collect();
        for name in ["a.txt", "b.txt"] {
            std::fs::write(
                dir.path().join(name),
                format!(" date 2024-01-02 Same\n\n{text}\n"),
            )
            .unwrap();
        }
        std::fs::write(
            dir.path().join("c.txt"),
            " date 2024-01-03 Other\n\nnothing alike\n",
        )
        .unwrap();
        let corpus = crate::corpus::scan_folder(dir.path()).unwrap();
        let articles = Arc::clone(&corpus.articles);
        let cache = tempfile::tempdir().unwrap();
        let (store, _) = TermStore::open(
            &cache.path().join("t.terms"),
            dir.path(),
            &articles,
            &AtomicBool::new(false),
            &mut |_, _| {},
        )
        .unwrap();
        let worker = FamiliesWorker::new(&egui::Context::default(), Arc::default());
        worker.send(FamiliesJob::Find {
            store: Arc::new(store),
            path: Some(cache.path().join("f.sigs")),
            articles: Arc::clone(&articles),
            threshold: 0.3,
        });
        // At once, before the signing can be over.
        worker.send(FamiliesJob::Refind {
            articles: Arc::clone(&articles),
            threshold: 0.9,
        });
        let found = wait_found(&worker, 0.9).expect("found at the new threshold");
        assert_eq!(found.len(), 1);
        assert_eq!(found.members(0).len(), 2);
        assert!((found.threshold() - 0.9).abs() < f32::EPSILON);
    }
}
