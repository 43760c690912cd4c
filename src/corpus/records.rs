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
        // The stamps and skipped files are sorted beside the articles, on a thread of their own
        // when there are enough of them to be worth it (after a scan, the one thread left
        // working would sort them all in turn).
        if self.stamps.files.len() < 16_384 {
            self.sort_rest();
            return finish_articles(&mut self.articles);
        }
        let (stamps, skipped, articles) = (&mut self.stamps, &mut self.skipped, &mut self.articles);
        let (new_ids, sorted) = std::thread::scope(|scope| {
            let rest = std::thread::Builder::new()
                .name("sort-stamps".to_owned())
                .spawn_scoped(scope, move || {
                    skipped.sort_by(SkippedFile::order);
                    stamps.sort();
                });
            let new_ids = finish_articles(articles);
            (new_ids, rest.is_ok_and(|rest| rest.join().is_ok()))
        });
        if !sorted {
            // No thread to spare (or it failed): sort them here.
            self.sort_rest();
        }
        new_ids
    }

    fn sort_rest(&mut self) {
        self.skipped.sort_by(SkippedFile::order);
        self.stamps.sort();
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

/// Sort the articles by path; for each old article id, its new id.
fn finish_articles(articles: &mut Arc<Vec<Article>>) -> Vec<ArticleId> {
    let articles = Arc::make_mut(articles);
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
        a.0.cmp(&b.0).then_with(
            || match (articles.get(a.1 as usize), articles.get(b.1 as usize)) {
                (Some(x), Some(y)) => x.path_order(y),
                _ => a.1.cmp(&b.1),
            },
        )
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
    new_id_of_old
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::scan::{FileClass, FileStamp, SkipReason};

    #[test]
    fn a_large_scans_lists_sorted_beside_its_articles_come_out_in_path_order() {
        // Enough stamps for them to be sorted on a thread of their own; batches of sorted runs
        // arriving in a scrambled order, as a scan's threads send them.
        let mut corpus = Corpus::new(PathBuf::from("/folder"));
        let name = |n: u64| format!("f{:02}/a{:06}.txt", n % 37, n.wrapping_mul(7919) % 100_000);
        let mut batches: Vec<Vec<u64>> = (0..40_000u64)
            .collect::<Vec<_>>()
            .chunks(512)
            .map(<[u64]>::to_vec)
            .collect();
        batches.reverse();
        let skipped_count: usize = batches.iter().map(|b| b.len().div_ceil(3)).sum();
        for batch in batches {
            let mut names: Vec<String> = batch.iter().map(|&n| name(n)).collect();
            names.sort();
            let files = names
                .iter()
                .map(|path| FileStamp {
                    path: path.as_str().into(),
                    raw_path: None,
                    stamp: None,
                    class: FileClass::Articles,
                })
                .collect();
            let articles = names.iter().map(|p| Article::for_test(p)).collect();
            let skipped = names
                .iter()
                .step_by(3)
                .map(|p| SkippedFile {
                    path: format!("skipped/{p}"),
                    reason: SkipReason::Empty,
                })
                .collect();
            let stamps = crate::corpus::scan::Stamps {
                files,
                folders: Vec::new(),
            };
            corpus.apply(ScanEvent::Batch {
                articles,
                skipped,
                stamps,
                progress: ScanProgress::default(),
            });
        }
        corpus.finish();
        let mut expected: Vec<String> = (0..40_000).map(name).collect();
        expected.sort();
        let stamped: Vec<&str> = corpus.stamps.files.iter().map(|f| &*f.path).collect();
        let articles: Vec<&str> = corpus.articles.iter().map(|a| &*a.path).collect();
        assert_eq!(stamped, expected);
        assert_eq!(articles, expected);
        assert!(corpus.skipped.windows(2).all(|w| w[0].path <= w[1].path));
        assert_eq!(corpus.skipped.len(), skipped_count);
    }
}
