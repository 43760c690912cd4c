//! The open corpus: the articles and skipped files of one folder, filled by a scan's events
//! and put in path order when it ends.

use std::path::PathBuf;
use std::sync::Arc;

use super::article::{Article, ArticleId};
use super::scan::events::{ScanEvent, ScanProgress, ScanSummary, Stamps};
use super::scan::sink::SkippedFile;

/// The articles and skipped files of one folder, filled by a scan.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The scanned folder (absolute).
    pub root: PathBuf,
    /// Every article found; sorted by path once the scan has finished. Shared, so that a
    /// finished corpus can be read by other threads (e.g. to build its [`SortKeys`]).
    pub articles: Arc<Vec<Article>>,
    /// Every file that could not be read as an article, with the reason; sorted by path at the
    /// end.
    pub skipped: Vec<SkippedFile>,
    /// Counts so far.
    pub progress: ScanProgress,
    /// Set when the scan has ended.
    pub summary: Option<ScanSummary>,
    /// The stamps of the files and folders the scan visited, for the catalog (in path order
    /// once the scan has ended; emptied once the catalog is written).
    pub stamps: Stamps,
}

impl Corpus {
    /// An empty corpus for `root`, before any batch arrived.
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            ..Self::default()
        }
    }

    /// Take in one event of a scan. Returns true when it was the last one (the scan finished
    /// and the lists are now sorted by path).
    pub fn apply(&mut self, event: ScanEvent) -> bool {
        match event {
            ScanEvent::Batch {
                articles,
                skipped,
                stamps,
                progress,
            } => {
                Arc::make_mut(&mut self.articles).extend(articles);
                self.skipped.extend(skipped);
                self.stamps.files.extend(stamps.files);
                self.stamps.folders.extend(stamps.folders);
                // Batches from different threads can arrive out of order; counts only grow.
                self.progress = max_progress(self.progress, progress);
                false
            }
            ScanEvent::Finished(summary) => {
                self.progress = summary.totals;
                self.summary = Some(summary);
                self.finish();
                true
            }
        }
    }

    /// Sort articles and skipped files by path (the deterministic order). Returns, for each
    /// old article id, its new id (so a window can keep its selection).
    pub fn finish(&mut self) -> Vec<ArticleId> {
        let articles = Arc::make_mut(&mut self.articles);
        let count = articles.len();
        // Scan workers sort each batch before sending it, so this stable sort finds sorted runs
        // and only merges them. Paths (with the span within a file) are unique, so the order
        // does not depend on the order the batches arrived in. Comparing the first bytes of
        // each path, kept side by side, settles almost every comparison without visiting the
        // records.
        let mut keys: Vec<(PathPrefix, ArticleId)> = articles
            .iter()
            .zip(0..)
            .map(|(article, id)| (PathPrefix::of(&article.path), id))
            .collect();
        keys.sort_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| {
                match (articles.get(a.1 as usize), articles.get(b.1 as usize)) {
                    (Some(x), Some(y)) => x.path_order(y),
                    _ => a.1.cmp(&b.1),
                }
            })
        });
        let mut new_id_of_old: Vec<ArticleId> = vec![0; count];
        for (&(_, old_id), new_id) in keys.iter().zip(0..) {
            if let Some(slot) = new_id_of_old.get_mut(old_id as usize) {
                *slot = new_id;
            }
        }
        drop(keys);
        // Move each record to its place by swapping along the permutation's cycles: no second
        // copy of the records.
        let mut target = new_id_of_old.clone();
        for i in 0..count {
            loop {
                let j = target.get(i).map_or(i, |&t| t as usize);
                if j == i || j >= count {
                    break;
                }
                articles.swap(i, j);
                target.swap(i, j);
            }
        }
        self.skipped.sort_by(SkippedFile::order);
        self.stamps.sort();
        new_id_of_old
    }

    /// True once the scan has ended (finished or cancelled).
    pub fn is_complete(&self) -> bool {
        self.summary.is_some()
    }

    /// The one-line summary the command line prints: `N files: A articles, S skipped, I ignored`.
    pub fn summary_line(&self) -> String {
        let p = &self.progress;
        let mut line = format!(
            "{}: {}, {} skipped, {} ignored",
            counted(p.files_seen, "file"),
            counted(p.articles, "article"),
            p.skipped,
            p.ignored
        );
        if p.bad_records > 0 {
            line.push_str(&format!(
                ", {} inside files not read",
                counted(p.bad_records, "record")
            ));
        }
        line
    }
}

/// `1 file`, `2 files`: a count and an English noun that takes `s` in the plural.
pub fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The first 24 bytes of a path as big-endian integers (zero-padded): their order is the byte
/// order of the paths, up to ties between paths that share those bytes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct PathPrefix(u64, u64, u64);

impl PathPrefix {
    fn of(path: &str) -> Self {
        let mut bytes = [0u8; 24];
        for (slot, &b) in bytes.iter_mut().zip(path.as_bytes()) {
            *slot = b;
        }
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(bytes.get(i * 8..i * 8 + 8).unwrap_or(&[0; 8]));
            u64::from_be_bytes(w)
        };
        Self(word(0), word(1), word(2))
    }
}

fn max_progress(a: ScanProgress, b: ScanProgress) -> ScanProgress {
    ScanProgress {
        files_seen: a.files_seen.max(b.files_seen),
        article_files: a.article_files.max(b.article_files),
        articles: a.articles.max(b.articles),
        skipped: a.skipped.max(b.skipped),
        ignored: a.ignored.max(b.ignored),
        bytes_read: a.bytes_read.max(b.bytes_read),
        bad_records: a.bad_records.max(b.bad_records),
    }
}
