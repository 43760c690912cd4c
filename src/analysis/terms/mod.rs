//! Every article's tokens, kept in the user's cache directory so that word statistics of any
//! selection never read the articles' files again.
//!
//! The store is a *forward index*: for each article (in the corpus's path order) the sequence
//! of its tokens as numbers into one vocabulary. The tokens are the search analyzer's
//! ([`crate::search::analysis`]): the title's, then the text's, and the title only when it is a
//! headline (a title derived from the lead is part of the text already). A sequence, not just
//! counts, so that n-grams and collocates come from the same file; LEB128-coded numbers, about
//! 1.3 bytes a token on news text.
//!
//! The file: a header, the articles' token sequences, then the vocabulary and a table (one
//! entry an article: the hash of its key, a stamp of its file, where its sequence is). Opening
//! reads only the header, the vocabulary and the table; a computation streams the sequences it
//! needs from disk, so memory stays bounded whatever the corpus's size. Reopening a folder
//! re-reads only the articles whose file changed: the others' sequences are copied over, and
//! the vocabulary only grows.

mod chunks;
mod file;
mod hash;
mod record;
mod scanned;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

pub use hash::{FastMap, FxHasher};
pub use record::{TermsError, TermsStats};
pub use scanned::{Scanned, Scanning, Tally};

use record::{Entry, stamp_of};

use chunks::{CHUNK, tokenize_on_every_core};
use file::{Sequences, Writer, decode, read_tail};

use crate::corpus::{Article, ArticleId};
use crate::search::index::article_key_hash;

/// How a computation over the store is followed: a flag that cancels it, and a function told
/// `(articles done, articles to do)` now and then.
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    /// Set to stop.
    pub cancel: &'a AtomicBool,
    /// Told how far it got.
    pub progress: &'a dyn Fn(usize, usize),
}

impl<'a> Reading<'a> {
    /// Cancelled by `cancel`, followed by nobody.
    pub fn cancelled_by(cancel: &'a AtomicBool) -> Self {
        Self {
            cancel,
            progress: &|_, _| {},
        }
    }
}

/// The token sequences of one corpus's articles.
#[derive(Debug)]
pub struct TermStore {
    path: PathBuf,
    vocabulary: Vec<Box<str>>,
    /// One entry an article, by [`ArticleId`].
    entries: Vec<Entry>,
    /// The articles' sequences are in the file in the articles' order (not when the scan
    /// wrote them, as its threads read the files).
    in_file_order: bool,
}

/// Where the store of `folder` is kept: the user's cache directory.
pub fn default_terms_path(folder: &Path) -> Option<PathBuf> {
    let root = crate::corpus::catalog::default_cache_root()?;
    Some(terms_path_in(&root, folder))
}

/// The store of `folder` under `cache_root`.
pub fn terms_path_in(cache_root: &Path, folder: &Path) -> PathBuf {
    let name = crate::corpus::catalog::cache_name(folder);
    cache_root.join("words").join(format!("{name}.terms"))
}

/// Each article's key hash and stamp (what an entry of it holds), made on every core: two
/// byte-at-a-time hashes of its path and title, tens of milliseconds for 100,000 articles on
/// one.
fn identities(articles: &[Article]) -> Vec<(u64, u64)> {
    let identity = |a: &Article| (article_key_hash(a), stamp_of(a));
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if cores == 1 || articles.len() < 16_384 {
        return articles.iter().map(identity).collect();
    }
    let mut parts = articles.chunks(articles.len().div_ceil(cores));
    let first = parts.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = parts
            .map(|part| {
                (
                    part,
                    scope.spawn(move || part.iter().map(identity).collect()),
                )
            })
            .collect();
        let mut all: Vec<(u64, u64)> = first.iter().map(identity).collect();
        for (part, other) in others {
            let done: Vec<(u64, u64)> = other
                .join()
                .unwrap_or_else(|_| part.iter().map(identity).collect());
            all.extend(done);
        }
        all
    })
}

/// Each article's sequence among `entries` (the old store's, or those the scan wrote), when it
/// has one: the same key, and its file unchanged (`identities`: the articles' keys and stamps;
/// an entry of stamp 0, whose text could not be read, is read again). `kept` says where the
/// sequence is.
fn kept_entries(
    entries: Vec<Entry>,
    identities: &[(u64, u64)],
    kept: fn(Entry) -> Kept,
) -> Vec<Option<Kept>> {
    let by_key: FastMap<u64, Entry> = entries
        .into_iter()
        .filter(|e| e.stamp != 0)
        .map(|e| (e.key_hash, e))
        .collect();
    identities
        .iter()
        .map(|&(key, stamp)| {
            by_key
                .get(&key)
                .filter(|e| e.stamp == stamp)
                .map(|&e| kept(e))
        })
        .collect()
}

/// Told an article's number and its tokens.
pub type Visit<'v> = &'v mut dyn FnMut(ArticleId, &[u32]);

/// How opening the store is followed: a flag that cancels it, a function told `(articles
/// done, articles to do)` now and then, and one that hears each article's tokens (by number)
/// when the store is written anew.
pub struct Follow<'a, 'v> {
    /// Set to stop.
    pub cancel: &'a AtomicBool,
    /// Told how far the reading got.
    pub progress: &'a mut dyn FnMut(usize, usize),
    /// Told each article's tokens, in order, as the store is written; not those of the
    /// articles taken from `scanned` (their tally was the scan's).
    pub visit: Option<Visit<'v>>,
    /// The articles tokenized as the folder was scanned ([`Scanning`]), when the store is
    /// written anew: their sequences are kept where the scan wrote them.
    pub scanned: Option<Scanned>,
}

/// Where an article's sequence is to be had without reading its file.
#[derive(Clone, Copy, Debug)]
enum Kept {
    /// In the store's last version.
    Old(Entry),
    /// Written as the folder was scanned, in the file being written.
    Scanned(Entry),
}

/// What a store is written with: the writer, the store's last version (when there is one) and
/// which articles' sequences are had without reading their file (by article; those past its
/// end: none).
type Writing = (Writer, Option<BufReader<File>>, Vec<Option<Kept>>);

impl TermStore {
    /// Open the store at `path` for `articles` (of the folder `root`), reading and tokenizing
    /// the articles it does not hold yet (on every core) and writing it anew when anything
    /// changed. `progress(done, to_do)` follows the articles read.
    ///
    /// # Errors
    ///
    /// The store's file cannot be written, or `cancel` was set.
    pub fn open(
        path: &Path,
        root: &Path,
        articles: &[Article],
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(Self, TermsStats), TermsError> {
        let follow = Follow {
            cancel,
            progress,
            visit: None,
            scanned: None,
        };
        Self::open_visiting(path, root, articles, follow)
    }

    /// [`Self::open`], and when the store is written anew (`written` in the stats: it was not
    /// current), `follow.visit` hears each article's tokens as it is written, in order: what
    /// the first count of a folder can take instead of reading the store again. The articles
    /// `follow.scanned` holds (tokenized as the folder was scanned, when there was no store)
    /// keep their sequences where the scan wrote them, and are not visited.
    ///
    /// # Errors
    ///
    /// The store's file cannot be written, or `cancel` was set.
    pub fn open_visiting(
        path: &Path,
        root: &Path,
        articles: &[Article],
        mut follow: Follow<'_, '_>,
    ) -> Result<(Self, TermsStats), TermsError> {
        let io_error = |source| TermsError::Io {
            path: path.to_path_buf(),
            source,
        };
        let old = read_tail(path);
        let identities = if old.is_some() || follow.scanned.is_some() {
            identities(articles)
        } else {
            Vec::new()
        };
        let all_current = old.as_ref().is_some_and(|(_, entries)| {
            entries.len() == articles.len()
                && entries
                    .iter()
                    .zip(&identities)
                    .all(|(e, &(key, stamp))| e.stamp == stamp && e.key_hash == key)
        });
        if all_current && let Some((vocabulary, entries)) = old {
            let store = Self::new(path, vocabulary, entries);
            let stats = TermsStats {
                reused: articles.len(),
                ..TermsStats::default()
            };
            return Ok((store, stats));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
            file::remove_stale_temporaries(parent);
        }
        // The scan's sequences are used when there is no store to copy from; otherwise they
        // are dropped, and their file with them.
        let scanned = follow.scanned.take().filter(|_| old.is_none());
        let (temporary, writing) = match scanned.and_then(Scanned::take) {
            Some((mut writer, temporary)) => {
                let scanned = std::mem::take(&mut writer.entries);
                let kept = kept_entries(scanned, &identities, Kept::Scanned);
                (temporary, Ok((writer, None, kept)))
            }
            None => {
                let temporary = path.with_extension(format!("terms.tmp-{}", std::process::id()));
                let writing =
                    Self::start_writing((&temporary, path), articles.len(), &identities, old);
                (temporary, writing.map_err(io_error))
            }
        };
        let result = writing.and_then(|writing| Self::write(writing, path, root, articles, follow));
        match result {
            Ok(done) => {
                std::fs::rename(&temporary, path).map_err(io_error)?;
                Ok(done)
            }
            Err(err) => {
                let _ = std::fs::remove_file(&temporary);
                Err(err)
            }
        }
    }

    /// A new store file at `temporary` for `articles`, and which of them the store at `path`
    /// (`old`: its vocabulary and table) holds unchanged.
    fn start_writing(
        (temporary, path): (&Path, &Path),
        articles: usize,
        identities: &[(u64, u64)],
        old: Option<(Vec<Box<str>>, Vec<Entry>)>,
    ) -> io::Result<Writing> {
        let (vocabulary, old_entries) = old.unwrap_or_default();
        let writer = Writer::create(temporary, vocabulary, articles)?;
        let old_file = File::open(path).ok().map(BufReader::new);
        let kept = match old_file {
            Some(_) => kept_entries(old_entries, identities, Kept::Old),
            None => Vec::new(),
        };
        Ok((writer, old_file, kept))
    }

    fn write(
        (mut writer, mut old_file, kept): Writing,
        path: &Path,
        root: &Path,
        articles: &[Article],
        follow: Follow<'_, '_>,
    ) -> Result<(Self, TermsStats), TermsError> {
        let Follow {
            cancel,
            progress,
            mut visit,
            scanned: _,
        } = follow;
        let io_error = |source| TermsError::Io {
            path: path.to_path_buf(),
            source,
        };
        // An article past the end of `kept` has nothing kept.
        let kept_of = |i: usize| kept.get(i).copied().flatten();
        let to_read: Vec<usize> = (0..articles.len())
            .filter(|&i| kept_of(i).is_none())
            .collect();
        let mut stats = TermsStats {
            written: true,
            ..TermsStats::default()
        };
        std::thread::scope(|scope| -> Result<(), TermsError> {
            let mut incoming = tokenize_on_every_core(scope, root, articles, &to_read, cancel);
            let mut old_sequences = Sequences::default();
            // The article's tokens in global numbers.
            let mut global = Vec::new();
            for (id, (i, article)) in (0..).zip(articles.iter().enumerate()) {
                if cancel.load(Ordering::Relaxed) {
                    return Err(TermsError::Cancelled);
                }
                match (kept_of(i), old_file.as_mut()) {
                    (Some(Kept::Old(entry)), Some(old)) => {
                        let bytes = old_sequences.read(old, entry).map_err(io_error)?;
                        writer.record(entry, bytes).map_err(io_error)?;
                        stats.reused += 1;
                        if let Some(visit) = visit.as_mut() {
                            decode(bytes, &mut global);
                            visit(id, &global);
                        }
                        continue;
                    }
                    (Some(Kept::Scanned(entry)), _) => {
                        writer.entries.push(entry);
                        stats.scanned += 1;
                        continue;
                    }
                    _ => {}
                }
                let readable = incoming
                    .next_article(&mut |word| writer.global(word), &mut global)
                    .ok_or(TermsError::Cancelled)?;
                writer
                    .tokenized(article, (&global, readable), &mut stats)
                    .map_err(io_error)?;
                if let Some(visit) = visit.as_mut() {
                    visit(id, &global);
                }
                let done = stats.counted + stats.unreadable;
                if done.is_multiple_of(CHUNK) {
                    progress(done, to_read.len());
                }
            }
            Ok(())
        })?;
        progress(to_read.len(), to_read.len());
        let (vocabulary, entries) = writer.finish().map_err(io_error)?;
        let store = Self::new(path, vocabulary, entries);
        Ok((store, stats))
    }

    fn new(path: &Path, vocabulary: Vec<Box<str>>, entries: Vec<Entry>) -> Self {
        let in_file_order = entries.is_sorted_by_key(|e| e.offset);
        Self {
            path: path.to_path_buf(),
            vocabulary,
            entries,
            in_file_order,
        }
    }

    /// The number of articles.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the store holds no article.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of distinct tokens.
    pub fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// The token numbered `id`.
    pub fn term(&self, id: u32) -> &str {
        self.vocabulary.get(id as usize).map_or("", |w| w)
    }

    /// The number of a token, if any article has it.
    pub fn id_of(&self, term: &str) -> Option<u32> {
        let position = self.vocabulary.iter().position(|w| &**w == term)?;
        u32::try_from(position).ok()
    }

    /// Every token's number, by the token.
    pub fn lookup(&self) -> HashMap<&str, u32> {
        self.vocabulary
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((&**w, u32::try_from(i).ok()?)))
            .collect()
    }

    /// What identifies the token sequence kept for an article: the hash of its key and the
    /// stamp of its file (0 when its text could not be read: it is read again next time).
    pub fn identity(&self, id: ArticleId) -> (u64, u64) {
        self.entries
            .get(id as usize)
            .map_or((0, 0), |e| (e.key_hash, e.stamp))
    }

    /// An article's number of tokens.
    pub fn tokens_of(&self, id: ArticleId) -> u32 {
        self.entries.get(id as usize).map_or(0, |e| e.tokens)
    }

    /// Call `each(id, tokens)` for the articles `ids`, with each one's tokens, streamed from
    /// the file (`reading` can cancel, and hears how far it got). They come in the order of
    /// the file: ascending when the store was written in the articles' order, else in the
    /// order the scan wrote them.
    ///
    /// # Errors
    ///
    /// The file cannot be read, or `cancel` was set.
    pub fn read(
        &self,
        ids: &[ArticleId],
        reading: Reading<'_>,
        each: &mut dyn FnMut(ArticleId, &[u32]),
    ) -> Result<(), TermsError> {
        let io_error = |source| TermsError::Io {
            path: self.path.clone(),
            source,
        };
        let by_offset;
        let ids = if self.in_file_order {
            ids
        } else {
            let mut sorted = ids.to_vec();
            sorted.sort_unstable_by_key(|&id| self.entries.get(id as usize).map(|e| e.offset));
            by_offset = sorted;
            &by_offset
        };
        let file = File::open(&self.path).map_err(io_error)?;
        let mut file = BufReader::with_capacity(1 << 20, file);
        let mut sequences = Sequences::default();
        let mut tokens = Vec::new();
        for (n, &id) in ids.iter().enumerate() {
            if n % 4096 == 0 {
                if reading.cancel.load(Ordering::Relaxed) {
                    return Err(TermsError::Cancelled);
                }
                (reading.progress)(n, ids.len());
            }
            let Some(&entry) = self.entries.get(id as usize) else {
                continue;
            };
            let bytes = sequences.read(&mut file, entry).map_err(io_error)?;
            decode(bytes, &mut tokens);
            each(id, &tokens);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_made_on_every_core_are_each_articles_key_and_stamp_in_order() {
        // Enough articles to be split between threads, each one's key and stamp its own.
        let articles: Vec<Article> = (0..40_000)
            .map(|n| {
                let mut article = Article::for_test(&format!("outlet-{}/a{n:05}.txt", n % 7));
                article.size_bytes = n;
                article
            })
            .collect();
        let made = identities(&articles);
        let one_by_one: Vec<(u64, u64)> = articles
            .iter()
            .map(|a| (article_key_hash(a), stamp_of(a)))
            .collect();
        assert_eq!(made, one_by_one);
        let distinct: std::collections::HashSet<_> = made.iter().collect();
        assert_eq!(distinct.len(), articles.len());
    }
}
