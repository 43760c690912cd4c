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
mod hash;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

pub use hash::{FastMap, FxHasher};

use chunks::{CHUNK, tokenize_on_every_core};
use hash::TokenMap;

use crate::corpus::{Article, ArticleId};
use crate::search::index::{article_key, key_hash};

/// The first bytes of a store; another version's file is rebuilt.
const MAGIC: &[u8; 24] = b"corpus-explorer terms 1\n";

/// Why the store could not be had.
#[derive(Debug, thiserror::Error)]
pub enum TermsError {
    /// A file-system error.
    #[error("word counts {path}: {source}")]
    Io {
        /// The store's file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// Counting was cancelled.
    #[error("counting words was cancelled")]
    Cancelled,
    /// A part of the n-grams did not fit in one pass (not expected: the parts are sized for
    /// it).
    #[error("too many distinct n-grams to count; narrow the selection")]
    TooManyGrams,
}

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

/// Where one article's sequence is.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    key_hash: u64,
    /// 0 for an article whose text could not be read (it is read again next time).
    stamp: u64,
    offset: u64,
    len_bytes: u32,
    tokens: u32,
}

/// What opening the store did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TermsStats {
    /// Articles whose text was read and tokenized.
    pub counted: usize,
    /// Articles whose sequence was kept from the last time.
    pub reused: usize,
    /// Articles whose text could not be read (only their title is counted).
    pub unreadable: usize,
    /// The store was written anew: a visitor of [`TermStore::open_visiting`] heard every
    /// article.
    pub written: bool,
}

/// The token sequences of one corpus's articles.
#[derive(Debug)]
pub struct TermStore {
    path: PathBuf,
    vocabulary: Vec<Box<str>>,
    /// One entry an article, by [`ArticleId`].
    entries: Vec<Entry>,
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

/// What tells whether an article's tokens may have changed.
fn stamp_of(article: &Article) -> u64 {
    let text = format!(
        "{}:{:?}:{}:{}",
        article.size_bytes,
        article.modified_unix_s,
        article.title_derived(),
        article.title
    );
    crate::corpus::catalog::fnv1a(text.as_bytes()).max(1)
}

/// Each article's sequence in the old store, when it can be copied: the same key, and its file
/// unchanged (decided once: keys are built).
fn kept_entries(old_entries: Vec<Entry>, articles: &[Article]) -> Vec<Option<Entry>> {
    let old_by_key: HashMap<u64, Entry> = old_entries
        .into_iter()
        .filter(|e| e.stamp != 0)
        .map(|e| (e.key_hash, e))
        .collect();
    articles
        .iter()
        .map(|article| {
            old_by_key
                .get(&key_hash(&article_key(article)))
                .filter(|e| e.stamp == stamp_of(article))
                .copied()
        })
        .collect()
}

/// The token numbers of a sequence's bytes, in `out` (emptied first).
fn decode(bytes: &[u8], out: &mut Vec<u32>) {
    out.clear();
    let at = &mut 0;
    while let Some(value) = take_varint(bytes, at) {
        out.push(u32::try_from(value).unwrap_or(u32::MAX));
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The LEB128 codes of `ids`, one after another from the start of `out`; how many bytes they
/// take. `out` only grows (to five bytes a number, the most a `u32` takes, and eight to spare),
/// and what it holds past the codes is left: each code is written as eight bytes at once, with
/// no branch on its length.
fn put_varints(out: &mut Vec<u8>, ids: &[u32]) -> usize {
    let room = ids.len() * 5 + 8;
    if out.len() < room {
        out.resize(room, 0);
    }
    let mut at = 0;
    for &id in ids {
        let (code, len) = leb128_u32(id);
        if let Some(eight) = out.get_mut(at..at + 8) {
            eight.copy_from_slice(&code.to_le_bytes());
        }
        at += len;
    }
    at
}

/// The LEB128 code of `value` in the low bytes of a `u64` (the first byte lowest), and its
/// length: seven bits a byte, the top bit set in every byte but the last.
fn leb128_u32(value: u32) -> (u64, usize) {
    let v = u64::from(value);
    let spread = (v & 0x7F)
        | ((v << 1) & 0x7F00)
        | ((v << 2) & 0x7F_0000)
        | ((v << 3) & 0x7F00_0000)
        | ((v << 4) & 0x7F_0000_0000);
    let (more, len) = CODE_SHAPE
        .get(value.leading_zeros() as usize)
        .copied()
        .unwrap_or((0, 1));
    (spread | more, len)
}

/// By a number's leading zero bits (0 to 32): the continuation bits of its LEB128 code (the
/// top bit of every byte but the last) and the code's length (a table: no shift by a
/// variable count).
const CODE_SHAPE: [(u64, usize); 33] = {
    let mut shapes = [(0, 1); 33];
    let mut zeros: usize = 0;
    while zeros <= 32 {
        let bits = 32 - zeros;
        let len = if bits == 0 { 1 } else { bits.div_ceil(7) };
        shapes[zeros] = (0x80_8080_8080 & ((1u64 << (8 * (len - 1))) - 1), len);
        zeros += 1;
    }
    shapes
};

/// The next LEB128 number of `bytes` from `*at`.
fn take_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
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
    /// Told each article's tokens, in order, as the store is written.
    pub visit: Option<Visit<'v>>,
}

/// Sequences read from a store's file, each from where the last one ended (a short seek when
/// they come in the file's order).
#[derive(Default)]
struct Sequences {
    bytes: Vec<u8>,
    position: u64,
}

impl Sequences {
    /// The bytes of `entry`'s sequence in the store's file `old`.
    fn read(&mut self, old: &mut BufReader<File>, entry: Entry) -> io::Result<&[u8]> {
        self.bytes.resize(entry.len_bytes as usize, 0);
        let skip = i64::try_from(entry.offset).unwrap_or(i64::MAX)
            - i64::try_from(self.position).unwrap_or(i64::MAX);
        old.seek_relative(skip)?;
        old.read_exact(&mut self.bytes)?;
        self.position = entry.offset + u64::from(entry.len_bytes);
        Ok(&self.bytes)
    }
}

/// The store being written.
struct Writer {
    out: BufWriter<File>,
    written: u64,
    vocabulary: Vec<Box<str>>,
    lookup: TokenMap<Box<str>>,
    entries: Vec<Entry>,
    buffer: Vec<u8>,
}

impl Writer {
    /// A new store file at `path`, its vocabulary starting with `vocabulary`.
    fn create(path: &Path, vocabulary: Vec<Box<str>>, articles: usize) -> io::Result<Self> {
        let mut file = File::create(path)?;
        file.write_all(MAGIC)?;
        file.write_all(&0u64.to_le_bytes())?;
        let lookup = vocabulary
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Ok(Self {
            out: BufWriter::with_capacity(1 << 20, file),
            written: (MAGIC.len() + 8) as u64,
            vocabulary,
            lookup,
            entries: Vec::with_capacity(articles),
            buffer: Vec::new(),
        })
    }

    fn record(&mut self, entry: Entry, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.entries.push(Entry {
            offset: self.written,
            len_bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            ..entry
        });
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// The global number of a token (a new one joins the vocabulary).
    fn global(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.lookup.get(word) {
            return id;
        }
        let id = u32::try_from(self.vocabulary.len()).unwrap_or(u32::MAX);
        let word: Box<str> = Box::from(word);
        self.vocabulary.push(word.clone());
        self.lookup.insert(word, id);
        id
    }

    /// Write one tokenized article: its tokens' global numbers, and whether its text could be
    /// read.
    fn tokenized(
        &mut self,
        article: &Article,
        (ids, readable): (&[u32], bool),
        stats: &mut TermsStats,
    ) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.buffer);
        let written = put_varints(&mut bytes, ids);
        if readable {
            stats.counted += 1;
        } else {
            stats.unreadable += 1;
        }
        let entry = Entry {
            key_hash: key_hash(&article_key(article)),
            stamp: if readable { stamp_of(article) } else { 0 },
            tokens: u32::try_from(ids.len()).unwrap_or(u32::MAX),
            ..Entry::default()
        };
        let result = self.record(entry, bytes.get(..written).unwrap_or_default());
        self.buffer = bytes;
        result
    }

    /// Write the vocabulary and the table, and the header's pointer to them.
    fn finish(mut self) -> io::Result<(Vec<Box<str>>, Vec<Entry>)> {
        let tail_at = self.written;
        let mut tail = Vec::new();
        put_varint(&mut tail, self.vocabulary.len() as u64);
        for word in &self.vocabulary {
            put_varint(&mut tail, word.len() as u64);
            tail.extend_from_slice(word.as_bytes());
        }
        put_varint(&mut tail, self.entries.len() as u64);
        for e in &self.entries {
            tail.extend_from_slice(&e.key_hash.to_le_bytes());
            tail.extend_from_slice(&e.stamp.to_le_bytes());
            put_varint(&mut tail, e.offset);
            put_varint(&mut tail, u64::from(e.len_bytes));
            put_varint(&mut tail, u64::from(e.tokens));
        }
        self.out.write_all(&tail)?;
        let mut file = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(MAGIC.len() as u64))?;
        file.write_all(&tail_at.to_le_bytes())?;
        Ok((self.vocabulary, self.entries))
    }
}

/// The vocabulary and table of a store file, if it is one.
fn read_tail(path: &Path) -> Option<(Vec<Box<str>>, Vec<Entry>)> {
    let mut file = File::open(path).ok()?;
    let mut head = [0u8; MAGIC.len() + 8];
    file.read_exact(&mut head).ok()?;
    if head.get(..MAGIC.len())? != MAGIC {
        return None;
    }
    let tail_at = u64::from_le_bytes(head.get(MAGIC.len()..)?.try_into().ok()?);
    file.seek(SeekFrom::Start(tail_at)).ok()?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).ok()?;
    let at = &mut 0;
    let words = usize::try_from(take_varint(&tail, at)?).ok()?;
    let mut vocabulary = Vec::with_capacity(words.min(tail.len()));
    for _ in 0..words {
        let len = usize::try_from(take_varint(&tail, at)?).ok()?;
        let word = std::str::from_utf8(tail.get(*at..*at + len)?).ok()?;
        vocabulary.push(Box::from(word));
        *at += len;
    }
    let count = usize::try_from(take_varint(&tail, at)?).ok()?;
    let mut entries = Vec::with_capacity(count.min(tail.len()));
    let u64_at = |at: &mut usize| -> Option<u64> {
        let v = u64::from_le_bytes(tail.get(*at..*at + 8)?.try_into().ok()?);
        *at += 8;
        Some(v)
    };
    for _ in 0..count {
        let key_hash = u64_at(at)?;
        let stamp = u64_at(at)?;
        let offset = take_varint(&tail, at)?;
        let len_bytes = u32::try_from(take_varint(&tail, at)?).ok()?;
        let tokens = u32::try_from(take_varint(&tail, at)?).ok()?;
        if offset + u64::from(len_bytes) > tail_at {
            return None;
        }
        entries.push(Entry {
            key_hash,
            stamp,
            offset,
            len_bytes,
            tokens,
        });
    }
    Some((vocabulary, entries))
}

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
        };
        Self::open_visiting(path, root, articles, follow)
    }

    /// [`Self::open`], and when the store is written anew (`written` in the stats: it was not
    /// current), `follow.visit` hears each article's tokens as it is written, in order: what
    /// the first count of a folder can take instead of reading the store again.
    ///
    /// # Errors
    ///
    /// The store's file cannot be written, or `cancel` was set.
    pub fn open_visiting(
        path: &Path,
        root: &Path,
        articles: &[Article],
        follow: Follow<'_, '_>,
    ) -> Result<(Self, TermsStats), TermsError> {
        let io_error = |source| TermsError::Io {
            path: path.to_path_buf(),
            source,
        };
        let old = read_tail(path);
        let all_current = old.as_ref().is_some_and(|(_, entries)| {
            entries.len() == articles.len()
                && entries
                    .iter()
                    .zip(articles)
                    .all(|(e, a)| e.stamp == stamp_of(a) && e.key_hash == key_hash(&article_key(a)))
        });
        if all_current && let Some((vocabulary, entries)) = old {
            let store = Self {
                path: path.to_path_buf(),
                vocabulary,
                entries,
            };
            let stats = TermsStats {
                reused: articles.len(),
                ..TermsStats::default()
            };
            return Ok((store, stats));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        let temporary = path.with_extension(format!("terms.tmp-{}", std::process::id()));
        let result = Self::write(&temporary, path, root, articles, old, follow);
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

    fn write(
        temporary: &Path,
        path: &Path,
        root: &Path,
        articles: &[Article],
        old: Option<(Vec<Box<str>>, Vec<Entry>)>,
        follow: Follow<'_, '_>,
    ) -> Result<(Self, TermsStats), TermsError> {
        let Follow {
            cancel,
            progress,
            mut visit,
        } = follow;
        let io_error = |source| TermsError::Io {
            path: path.to_path_buf(),
            source,
        };
        let (vocabulary, old_entries) = old.unwrap_or_default();
        let mut writer = Writer::create(temporary, vocabulary, articles.len()).map_err(io_error)?;
        let mut old_file = File::open(path).ok().map(BufReader::new);
        let kept = match old_file {
            Some(_) => kept_entries(old_entries, articles),
            None => vec![None; articles.len()],
        };
        let to_read: Vec<usize> = (0..articles.len())
            .filter(|&i| kept.get(i).is_some_and(Option::is_none))
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
            for (id, (article, kept)) in (0..).zip(articles.iter().zip(&kept)) {
                if cancel.load(Ordering::Relaxed) {
                    return Err(TermsError::Cancelled);
                }
                if let (Some(entry), Some(old)) = (*kept, old_file.as_mut()) {
                    let bytes = old_sequences.read(old, entry).map_err(io_error)?;
                    writer.record(entry, bytes).map_err(io_error)?;
                    stats.reused += 1;
                    if let Some(visit) = visit.as_mut() {
                        decode(bytes, &mut global);
                        visit(id, &global);
                    }
                    continue;
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
        let store = Self {
            path: path.to_path_buf(),
            vocabulary,
            entries,
        };
        Ok((store, stats))
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

    /// Call `each(id, tokens)` for the articles `ids` (ascending), with each one's tokens,
    /// streamed from the file (`reading` can cancel, and hears how far it got).
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
    fn numbers_coded_eight_bytes_at_once_read_back_as_coded_one_byte_at_a_time() {
        // Every length's edges (1 to 5 bytes), and a spread of numbers between them.
        let mut ids: Vec<u32> = [0, 1, 7, 8, 14, 15, 21, 22, 28, 29, 31, 32]
            .iter()
            .flat_map(|&bits: &u32| {
                let edge = 1u64 << bits;
                [edge.saturating_sub(1), edge, edge + 1]
            })
            .filter_map(|v| u32::try_from(v).ok())
            .collect();
        ids.extend((0..2000u32).map(|i| i.wrapping_mul(2_654_435_761) >> (i % 32)));
        ids.push(u32::MAX);
        let mut expected = Vec::new();
        for &id in &ids {
            put_varint(&mut expected, u64::from(id));
        }
        // A buffer holding other bytes already, larger and smaller than needed.
        for mut out in [vec![0xFF; 3], vec![0xAA; 40_000]] {
            let written = put_varints(&mut out, &ids);
            assert_eq!(&out[..written], &expected[..]);
            let mut back = Vec::new();
            decode(&out[..written], &mut back);
            assert_eq!(back, ids);
        }
        assert_eq!(put_varints(&mut Vec::new(), &[]), 0);
    }
}
