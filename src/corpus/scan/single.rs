//! Reading one file of a folder outside a walk, exactly as the walk would: for a check that
//! found the file changed and reads it again.

use std::path::Path;

use super::read::{FileMetadata, read_stamped};
use super::sink::{ArticleSink, FileInfo, SkipReason, SkippedFile, panic_message};
use super::stamp::{FileClass, Stamp};
use super::walk::{Verdict, verdict};
use crate::corpus::article::{Article, FormatKind};

/// What one file gave.
#[derive(Debug)]
pub struct FileReading {
    /// Its articles, in the order read.
    pub articles: Vec<Article>,
    /// Its skipped entry, or the records it could not read.
    pub skipped: Vec<SkippedFile>,
    /// What it came to.
    pub class: FileClass,
    /// Its stamp when it was opened (`None` when it could not be opened).
    pub stamp: Option<Stamp>,
}

struct Gathered<'a> {
    path: &'a str,
    articles: Vec<Article>,
    skipped: Vec<SkippedFile>,
    bad: u64,
}

impl ArticleSink for Gathered<'_> {
    fn article(&mut self, article: Article) {
        self.articles.push(article);
    }

    fn bad_record(&mut self, at: String, problem: String) {
        self.bad += 1;
        self.skipped.push(SkippedFile {
            path: self.path.to_owned(),
            reason: SkipReason::BadRecord { at, problem },
        });
    }
}

/// Read the file at `rel_path` under `root` as the walk reads a file it lists (`format` from
/// its extension). A panic in a reader becomes the file's reason, as in the walk.
pub fn read_listed_file(
    root: &Path,
    rel_path: &str,
    raw_rel_path: Option<&Path>,
    format: FormatKind,
    buffer: &mut Vec<u8>,
) -> FileReading {
    let abs = match raw_rel_path {
        Some(raw) => root.join(raw),
        None => root.join(rel_path),
    };
    let mut out = Gathered {
        path: rel_path,
        articles: Vec::new(),
        skipped: Vec::new(),
        bad: 0,
    };
    let mut stamp = None;
    let is_file = std::fs::metadata(&abs).map(|m| m.is_file());
    let read = match is_file {
        Ok(false) => Err(SkipReason::NotRegularFile),
        Err(err) => Err(SkipReason::from_io(&err)),
        Ok(true) => {
            let info = FileInfo {
                rel_path,
                raw_rel_path,
                size_bytes: None,
                modified_unix_s: None,
            };
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_stamped(
                    &abs,
                    info,
                    FileMetadata::Ask,
                    format,
                    buffer,
                    &mut out,
                    &mut stamp,
                )
            }))
            .unwrap_or_else(|panic| Err(SkipReason::Crashed(panic_message(panic.as_ref()))))
        }
    };
    if stamp.is_none() {
        stamp = std::fs::metadata(&abs).ok().map(|m| Stamp::of(&m));
    }
    let class = match verdict(read, out.articles.len() as u64, out.bad) {
        Verdict::Skip(reason) => {
            out.skipped.push(SkippedFile {
                path: rel_path.to_owned(),
                reason,
            });
            FileClass::Skipped
        }
        Verdict::Ignored => FileClass::Ignored,
        Verdict::Articles { rest_failed } => {
            if let Some(reason) = rest_failed {
                out.bad_record("the rest of the file".to_owned(), reason.to_string());
            }
            FileClass::Articles
        }
    };
    out.articles.sort_by(Article::path_order);
    out.skipped.sort_by(SkippedFile::order);
    FileReading {
        articles: out.articles,
        skipped: out.skipped,
        class,
        stamp,
    }
}
