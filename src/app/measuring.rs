//! The Words tab's own worker: one thread that opens the folder's token store (reading only
//! the articles it does not hold yet) and computes lists of the articles shown. It keeps the
//! whole folder's counts, so keyness against the rest is the selection's counts and one
//! subtraction. A newer request cancels the running one; only the newest waiting one runs.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use super::jobs::Progress;
use super::words_state::{WordsMode, WordsResult, WordsRows, WordsSettings};
use crate::analysis::stopwords::stopword_ids;
use crate::analysis::words::{Gram, NO_TOKEN, every_article};
use crate::analysis::{Collocates, Frequencies, Reading, TermStore, frequency_list, keyness_rows};
use crate::corpus::{Article, ArticleId};

/// The most rows a list in the window holds (the first by its order): n-grams of a large
/// selection number in the millions.
pub const WINDOW_ROWS: usize = 200_000;

/// What the thread is asked to do.
pub(super) enum WordsJob {
    /// Open the store of a finished corpus.
    Open {
        path: PathBuf,
        root: PathBuf,
        articles: Arc<Vec<Article>>,
    },
    /// Compute a list of the articles `ids` (in any order).
    Compute {
        seq: u64,
        ids: Vec<ArticleId>,
        settings: WordsSettings,
        node: Option<String>,
    },
}

/// What the thread reports.
pub(super) enum WordsReport {
    /// The store of `articles` is open, or why not.
    Opened {
        articles: Arc<Vec<Article>>,
        result: Result<(usize, Arc<TermStore>), String>,
    },
    /// Request `seq` ended (`None`: cancelled).
    Computed {
        seq: u64,
        result: Option<Result<WordsResult, String>>,
    },
}

/// The thread, its queues and its cancel flag.
pub(super) struct WordsWorker {
    jobs: Sender<WordsJob>,
    reports: Receiver<WordsReport>,
    cancel: Arc<AtomicBool>,
}

/// What the thread keeps between jobs.
#[derive(Default)]
struct Held {
    store: Option<Arc<TermStore>>,
    /// The whole folder's word counts, once keyness has asked for them.
    totals: Option<Frequencies>,
    /// The stopword numbers, for the lists and own words they were made from.
    stopwords: Option<(Vec<String>, String, Arc<HashSet<u32>>)>,
}

impl WordsWorker {
    /// Start the thread; `ctx` is woken when it reports, `progress` follows its reading.
    pub(super) fn new(ctx: &egui::Context, progress: Arc<Progress>) -> Self {
        let (jobs, job_queue) = channel::<WordsJob>();
        let (report, reports) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("words".to_owned())
            .spawn(move || {
                let mut held = Held::default();
                while let Some(job) = newest(&job_queue) {
                    flag.store(false, Ordering::Relaxed);
                    let answer = run(&mut held, job, &flag, &progress);
                    if report.send(answer).is_err() {
                        break;
                    }
                    ctx.request_repaint();
                }
            });
        if let Err(err) = spawned {
            log::error!("cannot start the words thread: {err}");
        }
        Self {
            jobs,
            reports,
            cancel,
        }
    }

    /// Queue a job; a list being computed is cancelled (a newer one is wanted).
    pub(super) fn send(&self, job: WordsJob) {
        if matches!(job, WordsJob::Compute { .. }) {
            self.cancel.store(true, Ordering::Relaxed);
        }
        let _ = self.jobs.send(job);
    }

    /// Stop what runs.
    pub(super) fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// A report, if one is waiting.
    pub(super) fn try_next(&self) -> Option<WordsReport> {
        self.reports.try_recv().ok()
    }
}

/// The next job to run: every waiting store opening runs, but of the waiting lists only the
/// newest (blocks while nothing waits; `None` once the app is gone).
fn newest(queue: &Receiver<WordsJob>) -> Option<WordsJob> {
    let mut job = queue.recv().ok()?;
    loop {
        if matches!(job, WordsJob::Open { .. }) {
            return Some(job);
        }
        match queue.try_recv() {
            Ok(next) => job = next,
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => return Some(job),
        }
    }
}

fn run(held: &mut Held, job: WordsJob, cancel: &AtomicBool, progress: &Progress) -> WordsReport {
    match job {
        WordsJob::Open {
            path,
            root,
            articles,
        } => {
            *held = Held::default();
            let result = TermStore::open(&path, &root, &articles, cancel, &mut |done, total| {
                progress.set(done, total);
            });
            let result = result
                .map(|(store, stats)| {
                    let store = Arc::new(store);
                    held.store = Some(Arc::clone(&store));
                    (stats.unreadable, store)
                })
                .map_err(|err| err.to_string());
            WordsReport::Opened { articles, result }
        }
        WordsJob::Compute {
            seq,
            mut ids,
            settings,
            node,
        } => {
            ids.sort_unstable();
            let reading = Reading {
                cancel,
                progress: &|done, total| progress.set(done, total),
            };
            let started = std::time::Instant::now();
            let result = match compute(held, &ids, &settings, node, reading) {
                Ok(mut result) => {
                    result.elapsed_ms =
                        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    Some(Ok(result))
                }
                Err(crate::analysis::TermsError::Cancelled) => None,
                Err(err) => Some(Err(err.to_string())),
            };
            WordsReport::Computed { seq, result }
        }
    }
}

/// The stopwords of `settings` as token numbers (kept while the lists asked for stay the same).
fn stopwords(held: &mut Held, settings: &WordsSettings) -> Arc<HashSet<u32>> {
    if !settings.stopwords {
        return Arc::new(HashSet::new());
    }
    if let Some((languages, own, ids)) = &held.stopwords
        && *languages == settings.stop_languages
        && *own == settings.own_stopwords
    {
        return Arc::clone(ids);
    }
    let Some(store) = &held.store else {
        return Arc::new(HashSet::new());
    };
    let languages: Vec<&str> = settings.stop_languages.iter().map(String::as_str).collect();
    let ids = Arc::new(stopword_ids(store, &languages, &settings.own_stopwords));
    held.stopwords = Some((
        settings.stop_languages.clone(),
        settings.own_stopwords.clone(),
        Arc::clone(&ids),
    ));
    ids
}

/// Count the whole folder's words, unless they are counted already (then kept).
fn count_word_totals(
    held: &mut Held,
    reading: Reading<'_>,
) -> Result<(), crate::analysis::TermsError> {
    if let (Some(store), None) = (&held.store, &held.totals) {
        let all = every_article(store);
        held.totals = Some(Frequencies::count(store, &all, 1, reading)?);
    }
    Ok(())
}

fn compute(
    held: &mut Held,
    ids: &[ArticleId],
    settings: &WordsSettings,
    node: Option<String>,
    reading: Reading<'_>,
) -> Result<WordsResult, crate::analysis::TermsError> {
    let stop = stopwords(held, settings);
    let keep_word = |gram: &Gram| !stop.contains(&gram[0]);
    let keep_gram = |gram: &Gram| {
        let last = gram.iter().rev().find(|&&id| id != NO_TOKEN).copied();
        !stop.contains(&gram[0]) && last.is_none_or(|id| !stop.contains(&id))
    };
    let n = match settings.mode {
        WordsMode::NGrams => settings.n.clamp(2, crate::analysis::MAX_GRAM),
        _ => 1,
    };
    let mut result = WordsResult {
        rows: WordsRows::Frequency(Vec::new()),
        articles: ids.len(),
        tokens: 0,
        node: None,
        reference: None,
        elapsed_ms: 0,
    };
    if settings.mode == WordsMode::Keyness {
        count_word_totals(held, reading)?;
        let (Some(store), Some(total)) = (&held.store, &held.totals) else {
            return Ok(result);
        };
        let chosen = Frequencies::count(store, ids, 1, reading)?;
        let rest;
        let reference = if settings.against_whole {
            total
        } else {
            rest = total.minus(&chosen);
            &rest
        };
        result.tokens = chosen.tokens;
        result.reference = Some((reference.articles as usize, reference.tokens));
        result.rows = WordsRows::Keyness(keyness_rows(
            store,
            &chosen,
            reference,
            (&keep_word, settings.min_count),
            WINDOW_ROWS,
        ));
        return Ok(result);
    }
    let Some(store) = &held.store else {
        return Ok(result);
    };
    if settings.mode == WordsMode::Collocates {
        let node = node.filter(|n| !n.is_empty());
        result.node = node.clone();
        let Some(id) = node.as_deref().and_then(|n| store.id_of(n)) else {
            result.rows = WordsRows::Collocates(Vec::new());
            return Ok(result);
        };
        let found = Collocates::count(store, ids, id, settings.window, reading)?;
        result.tokens = found.frequencies.tokens;
        result.rows = WordsRows::Collocates(found.rows(store, &keep_word, settings.min_count));
        return Ok(result);
    }
    let keep: &dyn Fn(&Gram) -> bool = if n == 1 { &keep_word } else { &keep_gram };
    let list = frequency_list(
        store,
        ids,
        n,
        (keep, settings.min_count),
        WINDOW_ROWS,
        reading,
    )?;
    result.tokens = list.tokens;
    result.rows = WordsRows::Frequency(list.rows);
    Ok(result)
}
