//! Reading one large file of many articles on every core: one thread reads and cuts the file
//! into jobs (chunks of whole lines, batches of rows), the others turn each job into article
//! records, and the calling thread hands the records to the scan's sink as they come. Small
//! files are read on the calling thread alone (starting threads would cost more).
//!
//! Records arrive out of file order; the scan sorts by path and span at the end.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use super::file_io::read_fill;
use super::sink::{ArticleSink, BadRecord};
use crate::corpus::article::Article;

/// The longest single record of a multi-article file that is read (a JSON line, a CSV row,
/// one document of a batch), when the file is scanned and when the record is read back.
pub(crate) const RECORD_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// What one record gave.
pub(crate) enum Outcome {
    /// An article.
    Article(Article),
    /// A record that could not be read.
    Bad(BadRecord),
}

impl Outcome {
    /// A record that could not be read: where, and why.
    pub(crate) fn bad(at: String, problem: String) -> Self {
        Self::Bad(BadRecord { at, problem })
    }
}

/// How much of a file is read at a time by [`chunks`].
const CHUNK_BYTES: usize = 1024 * 1024;

/// Read `file` in chunks of whole records: `cut(bytes, at_end)` says where the last whole
/// record in `bytes` ends and how many records (lines, rows) come before (`None`: no record
/// ends there yet, read on); `each(piece, records)` gets every piece in order and returns false
/// to stop. What follows the cut is read again with the next chunk.
pub(crate) fn chunks(
    file: &mut std::fs::File,
    cut: impl Fn(&[u8], bool) -> Option<(usize, usize)>,
    each: &mut dyn FnMut(Vec<u8>, usize) -> bool,
) -> std::io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut bytes = std::mem::take(&mut carry);
        let filled = bytes.len();
        bytes.resize(filled + CHUNK_BYTES, 0);
        let read = read_fill(file, bytes.get_mut(filled..).unwrap_or_default())?;
        bytes.truncate(filled + read);
        if bytes.is_empty() {
            return Ok(());
        }
        let Some((end, records)) = cut(&bytes, read == 0) else {
            if bytes.len() as u64 > RECORD_MAX_BYTES {
                // Memory stays bounded: a record this long is a broken file.
                return Err(std::io::Error::other(format!(
                    "a record runs on for more than {} MB (an unclosed quote?); reading stopped",
                    RECORD_MAX_BYTES / (1024 * 1024)
                )));
            }
            carry = bytes;
            continue;
        };
        carry = bytes.split_off(end.min(bytes.len()));
        if !each(bytes, records) {
            return Ok(());
        }
    }
}

/// Files smaller than this are read on the calling thread.
pub(crate) const PARALLEL_MIN_BYTES: u64 = 4 * 1024 * 1024;

/// Where the records of one file are turned into articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Threads {
    /// On the calling thread alone (a small file: starting threads would cost more).
    Calling,
    /// On every core.
    EveryCore,
}

impl Threads {
    /// Every core for a file of [`PARALLEL_MIN_BYTES`] or more, or of unknown size.
    pub(crate) fn for_size(size_bytes: Option<u64>) -> Self {
        if size_bytes.is_none_or(|size| size >= PARALLEL_MIN_BYTES) {
            Self::EveryCore
        } else {
            Self::Calling
        }
    }
}

/// Run `produce` (which calls `send` with each job and stops when it returns false) and
/// `convert` (job → outcomes) on the `threads` chosen; the outcomes go to `out`. Returns what
/// `produce` returned.
pub(crate) fn run<J, E>(
    threads: Threads,
    produce: impl FnOnce(&mut dyn FnMut(J) -> bool) -> Result<(), E> + Send,
    convert: impl Fn(J) -> Vec<Outcome> + Sync,
    out: &mut dyn ArticleSink,
) -> Result<(), E>
where
    J: Send,
    E: Send,
{
    let deliver = |outcomes: Vec<Outcome>, out: &mut dyn ArticleSink| {
        for outcome in outcomes {
            match outcome {
                Outcome::Article(article) => out.article(article),
                Outcome::Bad(BadRecord { at, problem }) => out.bad_record(at, problem),
            }
        }
    };
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    if threads == Threads::Calling || workers < 2 {
        return produce(&mut |job| {
            deliver(convert(job), out);
            !out.stopped()
        });
    }
    let stop = AtomicBool::new(false);
    let (job_sender, jobs) = mpsc::sync_channel::<J>(workers * 2);
    let jobs = Arc::new(Mutex::new(jobs));
    let (result_sender, results) = mpsc::sync_channel::<Vec<Outcome>>(workers * 2);
    std::thread::scope(|scope| {
        let stop = &stop;
        let convert = &convert;
        let producer = scope.spawn(move || {
            produce(&mut |job| !stop.load(Ordering::Relaxed) && job_sender.send(job).is_ok())
        });
        for _ in 0..workers {
            let jobs = Arc::clone(&jobs);
            let results = result_sender.clone();
            scope.spawn(move || {
                loop {
                    let job = match jobs.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    if results.send(convert(job)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(result_sender);
        for outcomes in &results {
            deliver(outcomes, out);
            if out.stopped() {
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        // Unblock the workers and the producer if the loop stopped early.
        drop(results);
        producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
