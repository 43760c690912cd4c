//! The corpus core: turning a folder into article records, and everything done with them that
//! does not need a window (filtering, sorting, export). Nothing here imports egui.
//!
//! Data flow: [`start_scan`] walks the folder on background threads and streams
//! [`ScanEvent`]s; a [`Corpus`] gathers them ([`Corpus::apply`]) and sorts by path when the
//! scan ends. Views of the corpus are lists of article ids ([`query`]). Bodies are never kept:
//! [`load_body`] reads one article again when the reader asks for it.

mod article;
mod body;
mod decode;
pub mod export;
mod format;
pub mod plaintext;
pub mod query;
mod reader;
mod scan;

pub use article::{Article, ByteSpan, TitleSource};
pub use body::{ArticleBody, BodyError, DEFAULT_BODY_MAX_BYTES, load_body, normalise_line_breaks};
pub use decode::{Sniffed, decode, sniff};
pub use format::FormatKind;
pub use reader::{SkipReason, SkippedFile, WHOLE_READ_MAX_BYTES, read_file};
pub use scan::{
    ScanError, ScanEvent, ScanHandle, ScanOptions, ScanProgress, ScanSummary, check_folder,
    scan_folder, start_scan,
};

use std::path::PathBuf;

/// The articles and skipped files of one folder, filled by a scan.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The scanned folder (absolute).
    pub root: PathBuf,
    /// Every article found; sorted by path once the scan has finished.
    pub articles: Vec<Article>,
    /// Every file that could not be read as an article, with the reason; sorted by path at the
    /// end.
    pub skipped: Vec<SkippedFile>,
    /// Counts so far.
    pub progress: ScanProgress,
    /// Set when the scan has ended.
    pub summary: Option<ScanSummary>,
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
                progress,
            } => {
                self.articles.extend(articles);
                self.skipped.extend(skipped);
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
    pub fn finish(&mut self) -> Vec<query::ArticleId> {
        let count = self.articles.len();
        let mut order: Vec<query::ArticleId> = (0..count)
            .filter_map(|i| query::ArticleId::try_from(i).ok())
            .collect();
        let by_path = query::SortOrder {
            column: query::SortColumn::File,
            descending: false,
        };
        query::sort_ids(&self.articles, &mut order, by_path);
        // Articles of one multi-article file keep their order within the file (a stable pass,
        // nearly free on the already sorted list).
        order.sort_by(|&a, &b| {
            match (self.articles.get(a as usize), self.articles.get(b as usize)) {
                (Some(x), Some(y)) => x
                    .path
                    .cmp(&y.path)
                    .then_with(|| x.span.map(|s| s.start).cmp(&y.span.map(|s| s.start))),
                _ => a.cmp(&b),
            }
        });
        let mut old: Vec<Option<Article>> = std::mem::take(&mut self.articles)
            .into_iter()
            .map(Some)
            .collect();
        let mut new_id_of_old = vec![0; count];
        self.articles = Vec::with_capacity(count);
        for (new_id, &old_id) in order.iter().enumerate() {
            if let Some(article) = old.get_mut(old_id as usize).and_then(Option::take) {
                self.articles.push(article);
            }
            if let (Some(slot), Ok(new_id)) = (
                new_id_of_old.get_mut(old_id as usize),
                query::ArticleId::try_from(new_id),
            ) {
                *slot = new_id;
            }
        }
        self.skipped.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        new_id_of_old
    }

    /// True once the scan has ended (finished or cancelled).
    pub fn is_complete(&self) -> bool {
        self.summary.is_some()
    }

    /// The one-line summary the command line prints: `N files: A articles, S skipped, I ignored`.
    pub fn summary_line(&self) -> String {
        let p = &self.progress;
        format!(
            "{} files: {} articles, {} skipped, {} ignored",
            p.files_seen, p.articles, p.skipped, p.ignored
        )
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
    }
}
