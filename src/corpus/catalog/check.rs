//! Bringing a catalog up to date with its folder.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::contents::{Catalog, FileRanges, now_ns, recount, settled};
use super::stat::Stater;
use crate::corpus::article::{Article, FormatKind};
use crate::corpus::records::Corpus;
use crate::corpus::scan::{
    FileReading, FileStamp, ScanError, ScanOptions, ScanSummary, Stamp, Stamps, check_folder,
    read_listed_file, start_scan,
};

/// How a check went about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    /// There was no catalog to trust: every file was read.
    Full,
    /// No folder changed: each file's stamp was checked, and only changed files read.
    Quick,
    /// Some folder changed: the folder was walked, and only new and changed files read.
    Walk,
}

/// What changed since the catalog, counted in files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files whose stamp or records changed.
    pub changed: usize,
    /// Files the catalog did not have.
    pub added: usize,
    /// Files the catalog had that are gone.
    pub removed: usize,
    /// Files unchanged.
    pub unchanged: usize,
}

impl Changes {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changed + self.added + self.removed == 0
    }

    /// `3 changed, 1 new, 2 gone` (`no changes` when empty).
    pub fn sentence(&self) -> String {
        if self.is_empty() {
            return "no changes".to_owned();
        }
        let mut parts = Vec::new();
        if self.changed > 0 {
            parts.push(format!("{} changed", self.changed));
        }
        if self.added > 0 {
            parts.push(format!("{} new", self.added));
        }
        if self.removed > 0 {
            parts.push(format!("{} gone", self.removed));
        }
        parts.join(", ")
    }
}

/// A folder's records brought up to date.
#[derive(Debug)]
pub struct Refresh {
    /// The complete corpus, as a full scan would give it (with its stamps).
    pub corpus: Corpus,
    /// How the check went.
    pub kind: CheckKind,
    /// What changed, by file.
    pub changes: Changes,
    /// The generation of the catalog checked against.
    pub previous_generation: Option<u64>,
    /// The catalog's articles of files that changed or are gone (their search entries are
    /// stale).
    pub stale: Vec<Article>,
    /// The paths of files that changed or are new (their articles are to be indexed).
    pub fresh_paths: Vec<Box<str>>,
    /// When the check started, nanoseconds since the epoch.
    pub checked_at_ns: i64,
    /// True when the catalog should be written again (something changed, or some stamp was
    /// too recent to trust next time without one more look).
    pub dirty: bool,
}

/// Called with (files checked, files to check).
pub type CheckProgress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Bring `previous` (the folder's catalog, if any) up to date with `folder`: see the module
/// documentation of [`super`].
pub fn refresh(
    folder: &Path,
    previous: Option<Catalog>,
    options: ScanOptions,
    progress: CheckProgress<'_>,
) -> Result<Refresh, ScanError> {
    let checked_at_ns = now_ns();
    let root = check_folder(folder)?;
    let Some(previous) = previous.filter(|p| p.root == root) else {
        let corpus = start_scan(&root, options)?.collect();
        let changes = Changes {
            added: corpus.stamps.files.len(),
            ..Changes::default()
        };
        return Ok(Refresh {
            fresh_paths: Vec::new(),
            corpus,
            kind: CheckKind::Full,
            changes,
            previous_generation: None,
            stale: Vec::new(),
            checked_at_ns,
            dirty: true,
        });
    };
    let generation = Some(previous.generation);
    if previous.can_check_quickly()
        && folders_unchanged(&root, &previous)
        && let Some(stamps) = file_stamps(&root, &previous, progress)
    {
        let mut refresh = quick(root, previous, &stamps, options.threads, checked_at_ns);
        refresh.previous_generation = generation;
        return Ok(refresh);
    }
    let previous = Arc::new(previous);
    let walk_options = ScanOptions {
        previous: Some(Arc::clone(&previous) as Arc<dyn crate::corpus::scan::Previous>),
        modified_times: true,
        ..options
    };
    let corpus = start_scan(&root, walk_options)?.collect();
    let compared = compare(&previous, &corpus);
    // Files read again because their stamps were too recent to trust are trusted next time
    // only if the catalog is written again with this check's time.
    let dirty = !compared.changes.is_empty()
        || !compared.fresh_paths.is_empty()
        || corpus_is_unsettled(&corpus, checked_at_ns);
    Ok(Refresh {
        corpus,
        kind: CheckKind::Walk,
        changes: compared.changes,
        previous_generation: generation,
        stale: compared.stale,
        fresh_paths: compared.fresh_paths,
        checked_at_ns,
        dirty,
    })
}

/// True when every folder's stamp is what the catalog recorded (so each holds the same names).
fn folders_unchanged(root: &Path, catalog: &Catalog) -> bool {
    !catalog.stamps.folders.is_empty()
        && catalog.stamps.folders.iter().all(|folder| {
            let path = fs_path(root, &folder.path, folder.raw_path.as_deref());
            std::fs::metadata(path).is_ok_and(|m| catalog.trusts(&folder.stamp, &Stamp::of(&m)))
        })
}

fn fs_path(root: &Path, path: &str, raw: Option<&Path>) -> std::path::PathBuf {
    match raw {
        Some(raw) => root.join(raw),
        None if path.is_empty() => root.to_path_buf(),
        None => root.join(path),
    }
}

/// Every catalogued file's stamp now, asked on every core; `None` when one is gone (the folder
/// changed after all: walk).
fn file_stamps(root: &Path, catalog: &Catalog, progress: CheckProgress<'_>) -> Option<Vec<Stamp>> {
    let files = &catalog.stamps.files;
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let chunk = files.len().div_ceil(threads).max(1);
    let done = AtomicUsize::new(0);
    let parts: Vec<Option<Vec<Stamp>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let done = &done;
                scope.spawn(move || {
                    let mut stamps = Vec::with_capacity(part.len());
                    let mut stater = Stater::new(root);
                    for (i, file) in part.iter().enumerate() {
                        stamps.push(stater.stamp(file)?);
                        if i % 4096 == 4095 {
                            let so_far = done.fetch_add(4096, Ordering::Relaxed) + 4096;
                            progress(so_far, files.len());
                        }
                    }
                    Some(stamps)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    progress(files.len(), files.len());
    let mut stamps = Vec::with_capacity(files.len());
    for part in parts {
        stamps.extend(part?);
    }
    Some(stamps)
}

/// The check when no folder changed: read the files whose stamp changed (or is too recent to
/// trust), keep the rest.
fn quick(
    root: std::path::PathBuf,
    previous: Catalog,
    now: &[Stamp],
    threads: usize,
    checked_at_ns: i64,
) -> Refresh {
    let to_read: Vec<usize> = previous
        .stamps
        .files
        .iter()
        .zip(now)
        .enumerate()
        .filter(|(_, (file, now))| {
            file.stamp
                .as_ref()
                .is_none_or(|recorded| !previous.trusts(recorded, now))
        })
        .map(|(i, _)| i)
        .collect();
    let ignored_by_name = previous.ignored_by_name();
    let hidden_folders = previous.hidden_folders;
    let merged = if to_read.is_empty() {
        // Nothing to read: the catalog's lists are the corpus's, as they are.
        let changes = Changes {
            unchanged: previous.stamps.files.len(),
            ..Changes::default()
        };
        Merged {
            articles: previous.articles,
            skipped: previous.skipped,
            stamps: previous.stamps,
            changes,
            stale: Vec::new(),
            fresh_paths: Vec::new(),
        }
    } else {
        let readings = read_files(&root, &previous.stamps.files, &to_read, threads);
        merge(previous, readings)
    };
    let Merged {
        articles,
        skipped,
        stamps,
        changes,
        stale,
        fresh_paths,
    } = merged;
    let totals = recount(&articles, &skipped, &stamps.files, ignored_by_name);
    let dirty = !changes.is_empty() || !to_read.is_empty();
    let mut corpus = Corpus::new(root);
    corpus.articles = Arc::new(articles);
    corpus.skipped = skipped;
    corpus.stamps = stamps;
    corpus.progress = totals;
    corpus.summary = Some(ScanSummary {
        totals,
        hidden_folders,
        cancelled: false,
        elapsed: std::time::Duration::from_nanos(
            u64::try_from(now_ns().saturating_sub(checked_at_ns)).unwrap_or(0),
        ),
    });
    Refresh {
        corpus,
        kind: CheckKind::Quick,
        changes,
        previous_generation: None,
        stale,
        fresh_paths,
        checked_at_ns,
        dirty,
    }
}

/// The records of a quick check: the catalog's, with those of the files read again.
struct Merged {
    articles: Vec<Article>,
    skipped: Vec<crate::corpus::scan::SkippedFile>,
    stamps: Stamps,
    changes: Changes,
    stale: Vec<Article>,
    fresh_paths: Vec<Box<str>>,
}

/// Take the catalog's records, replacing those of the files in `readings` (in file order).
fn merge(previous: Catalog, readings: Vec<(usize, FileReading)>) -> Merged {
    let Catalog {
        articles: old_articles,
        skipped: old_skipped,
        stamps: old_stamps,
        ranges,
        ..
    } = previous;
    let mut old_articles = old_articles.into_iter();
    let mut old_skipped = old_skipped.into_iter();
    let mut readings = readings.into_iter().peekable();
    let mut articles = Vec::with_capacity(old_articles.len());
    let mut skipped = Vec::new();
    let mut files = Vec::with_capacity(old_stamps.files.len());
    let mut changes = Changes::default();
    let (mut stale, mut fresh_paths) = (Vec::new(), Vec::new());
    for (i, (file, range)) in old_stamps.files.into_iter().zip(ranges).enumerate() {
        let FileRanges {
            articles: article_count,
            skipped: skipped_count,
            ..
        } = range;
        let kept_articles = old_articles.by_ref().take(article_count);
        let kept_skipped = old_skipped.by_ref().take(skipped_count);
        match readings.next_if(|(at, _)| *at == i) {
            None => {
                articles.extend(kept_articles);
                skipped.extend(kept_skipped);
                changes.unchanged += 1;
                files.push(file);
            }
            Some((_, reading)) => {
                let old: Vec<Article> = kept_articles.collect();
                let old_skipped_here: Vec<_> = kept_skipped.collect();
                let same = reading.stamp == file.stamp
                    && reading.articles == old
                    && reading.skipped == old_skipped_here
                    && reading.class == file.class;
                if same {
                    changes.unchanged += 1;
                } else {
                    changes.changed += 1;
                }
                // Read again: its records may be the same while its text is not (a write in
                // the same clock tick as the last check), so the index takes it again.
                stale.extend(old);
                fresh_paths.push(file.path.clone());
                articles.extend(reading.articles);
                skipped.extend(reading.skipped);
                files.push(FileStamp {
                    stamp: reading.stamp,
                    class: reading.class,
                    ..file
                });
            }
        }
    }
    Merged {
        articles,
        skipped,
        stamps: Stamps {
            files,
            folders: old_stamps.folders,
        },
        changes,
        stale,
        fresh_paths,
    }
}

/// Read the files at `indices` of `files`, on every core; in the order of `indices`.
fn read_files(
    root: &Path,
    files: &[FileStamp],
    indices: &[usize],
    threads: usize,
) -> Vec<(usize, FileReading)> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        threads
    };
    let chunk = indices.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = indices
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut buffer = Vec::new();
                    part.iter()
                        .filter_map(|&i| {
                            let file = files.get(i)?;
                            let format = FormatKind::for_path(Path::new(&*file.path))?;
                            let reading = read_listed_file(
                                root,
                                &file.path,
                                file.raw_path.as_deref(),
                                format,
                                &mut buffer,
                            );
                            Some((i, reading))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// True when some stamp of the corpus is too recent to trust next time: writing the catalog
/// again moves the check time on, so that the next check can trust it.
fn corpus_is_unsettled(corpus: &Corpus, checked_at_ns: i64) -> bool {
    corpus
        .stamps
        .files
        .iter()
        .any(|f| f.stamp.is_none_or(|s| !settled(&s, checked_at_ns)))
        || corpus
            .stamps
            .folders
            .iter()
            .any(|f| !settled(&f.stamp, checked_at_ns))
}

struct Compared {
    changes: Changes,
    stale: Vec<Article>,
    fresh_paths: Vec<Box<str>>,
}

/// What changed between the catalog and a walk's corpus, file by file.
fn compare(previous: &Catalog, corpus: &Corpus) -> Compared {
    let old = &previous.stamps.files;
    let new = &corpus.stamps.files;
    fn key(f: &FileStamp) -> (&str, Option<&Path>) {
        (&f.path, f.raw_path.as_deref())
    }
    let mut changes = Changes::default();
    let mut stale = Vec::new();
    let mut fresh_paths = Vec::new();
    let old_records = |i: usize| {
        previous.ranges.get(i).map_or(&[][..], |r| {
            previous
                .articles
                .get(r.first_article..r.first_article + r.articles)
                .unwrap_or_default()
        })
    };
    let new_records = |file: &FileStamp| -> &[Article] {
        let start = corpus.articles.partition_point(|a| {
            (&*a.path, a.raw_path.as_deref()) < (&*file.path, file.raw_path.as_deref())
        });
        let rest = corpus.articles.get(start..).unwrap_or_default();
        let len = rest
            .iter()
            .position(|a| a.path != file.path || a.raw_path != file.raw_path)
            .unwrap_or(rest.len());
        rest.get(..len).unwrap_or_default()
    };
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        let order = match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) => key(a).cmp(&key(b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                changes.removed += 1;
                stale.extend_from_slice(old_records(i));
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                changes.added += 1;
                if let Some(file) = new.get(j) {
                    fresh_paths.push(file.path.clone());
                }
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let (Some(a), Some(b)) = (old.get(i), new.get(j)) else {
                    break;
                };
                let same =
                    a.stamp == b.stamp && a.class == b.class && old_records(i) == new_records(b);
                // A file the walk read again (its stamp not trusted) goes to the index again,
                // even when its records are the same: its text may not be.
                let reused =
                    matches!((&a.stamp, &b.stamp), (Some(x), Some(y)) if previous.trusts(x, y));
                if same {
                    changes.unchanged += 1;
                } else {
                    changes.changed += 1;
                }
                if !same || !reused {
                    stale.extend_from_slice(old_records(i));
                    fresh_paths.push(b.path.clone());
                }
                i += 1;
                j += 1;
            }
        }
    }
    Compared {
        changes,
        stale,
        fresh_paths,
    }
}
