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

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::corpus::{Article, ArticleId, BodyLoader};
use crate::search::analysis::{analyzer, for_each_token};
use crate::search::index::{MAX_INDEXED_BYTES, article_key, key_hash};

/// The first bytes of a store; another version's file is rebuilt.
const MAGIC: &[u8; 24] = b"corpus-explorer terms 1\n";
/// Articles tokenized together on one thread.
const CHUNK: usize = 256;

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

/// The hash of the Rust compiler's own tables (FxHash: a rotate, a xor and a multiply per
/// eight bytes), for keys that are short strings or a few numbers: several times quicker than
/// the standard library's SipHash, which guards against hostile keys a word list does not have.
#[derive(Clone, Copy, Default)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        // The multiply carries a word's bits only upwards, and tables index by the low bits:
        // MurmurHash3's finalizer mixes the high bits down (without it, the pairs of one first
        // word all collide).
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A hash map with [`FxHasher`]: for keys made of tokens or their numbers.
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
/// A map keyed by tokens.
type TokenMap<K> = FastMap<K, u32>;

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

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

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

/// A token of 1 to 8 bytes as one number (its bytes, zeros after them: a token holds no zero
/// byte, so two tokens never share a number).
fn short_key(token: &str) -> Option<u64> {
    let bytes = token.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 {
        return None;
    }
    // Byte by byte: a copy into an array here became a call to `memcpy` for every token.
    Some(
        bytes
            .iter()
            .rev()
            .fold(0u64, |key, &b| (key << 8) | u64::from(b)),
    )
}

/// The tokens of one article (title when it is a headline, then text), numbered in the
/// vocabulary of its chunk.
struct Tokenized {
    ids: Vec<u32>,
    readable: bool,
}

/// A run of articles tokenized on one thread, numbered in the run's own vocabulary.
struct Chunk {
    number: usize,
    words: Vec<String>,
    articles: Vec<Tokenized>,
}

fn tokenize_chunk<'a>(
    root: &Path,
    articles: impl Iterator<Item = &'a Article>,
    number: usize,
) -> Chunk {
    let mut analyzer = analyzer();
    let mut loader = BodyLoader::default();
    // Tokens of up to 8 bytes (most words) are looked up as one number, the others as text.
    let mut short: FastMap<u64, u32> = FastMap::default();
    let mut long: TokenMap<String> = TokenMap::default();
    let mut words = Vec::new();
    let mut out = Vec::new();
    for article in articles {
        let mut ids = Vec::new();
        let mut add = |text: &str| {
            for_each_token(&mut analyzer, text, &mut |token| {
                let mut new_word = || {
                    let id = u32::try_from(words.len()).unwrap_or(u32::MAX);
                    words.push(token.to_owned());
                    id
                };
                let id = match short_key(token) {
                    Some(key) => *short.entry(key).or_insert_with(new_word),
                    None => match long.get(token) {
                        Some(&id) => id,
                        None => {
                            let id = new_word();
                            long.insert(token.to_owned(), id);
                            id
                        }
                    },
                };
                ids.push(id);
            });
        };
        if !article.title_derived() {
            add(&article.title);
        }
        let readable = match loader.load(root, article, MAX_INDEXED_BYTES) {
            Ok(body) => {
                add(&body.text);
                true
            }
            Err(err) => {
                log::warn!("words not counted: {err}");
                false
            }
        };
        out.push(Tokenized { ids, readable });
    }
    Chunk {
        number,
        words,
        articles: out,
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

    /// The global numbers of a chunk's words (new ones join the vocabulary).
    fn remap(&mut self, words: Vec<String>) -> Vec<u32> {
        words
            .into_iter()
            .map(|word| {
                let next = u32::try_from(self.vocabulary.len()).unwrap_or(u32::MAX);
                *self
                    .lookup
                    .entry(word.into_boxed_str())
                    .or_insert_with_key(|w| {
                        self.vocabulary.push(w.clone());
                        next
                    })
            })
            .collect()
    }

    /// Write one tokenized article.
    fn tokenized(
        &mut self,
        article: &Article,
        tokenized: &Tokenized,
        remap: &[u32],
        stats: &mut TermsStats,
    ) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.buffer);
        bytes.clear();
        for id in &tokenized.ids {
            let global = remap.get(*id as usize).copied().unwrap_or(0);
            put_varint(&mut bytes, u64::from(global));
        }
        if tokenized.readable {
            stats.counted += 1;
        } else {
            stats.unreadable += 1;
        }
        let entry = Entry {
            key_hash: key_hash(&article_key(article)),
            stamp: if tokenized.readable {
                stamp_of(article)
            } else {
                0
            },
            tokens: u32::try_from(tokenized.ids.len()).unwrap_or(u32::MAX),
            ..Entry::default()
        };
        let result = self.record(entry, &bytes);
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
        let result = Self::write(&temporary, path, root, articles, old, cancel, progress);
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
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(Self, TermsStats), TermsError> {
        let io_error = |source| TermsError::Io {
            path: path.to_path_buf(),
            source,
        };
        let (vocabulary, old_entries) = old.unwrap_or_default();
        let mut writer = Writer::create(temporary, vocabulary, articles.len()).map_err(io_error)?;
        // The old file's sequences still good, by key.
        let old_by_key: HashMap<u64, Entry> = old_entries
            .into_iter()
            .filter(|e| e.stamp != 0)
            .map(|e| (e.key_hash, e))
            .collect();
        let mut old_file = File::open(path).ok().map(BufReader::new);
        let reusable = |article: &Article| {
            old_by_key
                .get(&key_hash(&article_key(article)))
                .filter(|e| e.stamp == stamp_of(article))
                .copied()
        };
        // Each article's old sequence, when it can be copied (decided once: keys are built).
        let kept: Vec<Option<Entry>> = match old_file {
            Some(_) => articles.iter().map(reusable).collect(),
            None => vec![None; articles.len()],
        };
        let to_read: Vec<usize> = (0..articles.len())
            .filter(|&i| kept.get(i).is_some_and(Option::is_none))
            .collect();
        let mut stats = TermsStats::default();
        std::thread::scope(|scope| -> Result<(), TermsError> {
            let mut chunks = tokenize_on_every_core(scope, root, articles, &to_read, cancel);
            let mut current: Option<(Vec<u32>, std::vec::IntoIter<Tokenized>)> = None;
            let mut bytes = Vec::new();
            let mut old_position = 0u64;
            for (article, kept) in articles.iter().zip(&kept) {
                if cancel.load(Ordering::Relaxed) {
                    return Err(TermsError::Cancelled);
                }
                if let (Some(entry), Some(old)) = (*kept, old_file.as_mut()) {
                    bytes.resize(entry.len_bytes as usize, 0);
                    let skip = i64::try_from(entry.offset).unwrap_or(i64::MAX)
                        - i64::try_from(old_position).unwrap_or(i64::MAX);
                    old.seek_relative(skip)
                        .and_then(|()| old.read_exact(&mut bytes))
                        .map_err(io_error)?;
                    old_position = entry.offset + u64::from(entry.len_bytes);
                    writer.record(entry, &bytes).map_err(io_error)?;
                    stats.reused += 1;
                    continue;
                }
                loop {
                    if let Some((remap, rest)) = current.as_mut()
                        && let Some(tokenized) = rest.next()
                    {
                        writer
                            .tokenized(article, &tokenized, remap, &mut stats)
                            .map_err(io_error)?;
                        break;
                    }
                    let chunk = chunks.next().ok_or(TermsError::Cancelled)?;
                    current = Some((writer.remap(chunk.words), chunk.articles.into_iter()));
                }
                let done = stats.counted + stats.unreadable;
                if done % CHUNK == 0 {
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
        let mut position = 0u64;
        let mut bytes = Vec::new();
        let mut tokens = Vec::new();
        for (n, &id) in ids.iter().enumerate() {
            if n % 4096 == 0 {
                if reading.cancel.load(Ordering::Relaxed) {
                    return Err(TermsError::Cancelled);
                }
                (reading.progress)(n, ids.len());
            }
            let Some(entry) = self.entries.get(id as usize) else {
                continue;
            };
            let skip = i64::try_from(entry.offset).unwrap_or(i64::MAX)
                - i64::try_from(position).unwrap_or(i64::MAX);
            file.seek_relative(skip).map_err(io_error)?;
            bytes.resize(entry.len_bytes as usize, 0);
            file.read_exact(&mut bytes).map_err(io_error)?;
            position = entry.offset + u64::from(entry.len_bytes);
            tokens.clear();
            let at = &mut 0;
            while let Some(value) = take_varint(&bytes, at) {
                tokens.push(u32::try_from(value).unwrap_or(u32::MAX));
            }
            each(id, &tokens);
        }
        Ok(())
    }
}

/// Chunks of articles tokenized on background threads, handed out in order.
struct InOrder {
    results: std::sync::mpsc::Receiver<Chunk>,
    waiting: std::collections::BTreeMap<usize, Chunk>,
    next: usize,
}

impl Iterator for InOrder {
    type Item = Chunk;

    fn next(&mut self) -> Option<Chunk> {
        loop {
            if let Some(chunk) = self.waiting.remove(&self.next) {
                self.next += 1;
                return Some(chunk);
            }
            let chunk = self.results.recv().ok()?;
            self.waiting.insert(chunk.number, chunk);
        }
    }
}

/// Tokenize the articles numbered `wanted` (ascending) on every core, [`CHUNK`] at a time.
fn tokenize_on_every_core<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    root: &'scope Path,
    articles: &'scope [Article],
    wanted: &'scope [usize],
    cancel: &'scope AtomicBool,
) -> InOrder {
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let (send, results) = std::sync::mpsc::sync_channel(workers * 2);
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    for worker in 0..workers {
        let send = send.clone();
        let next = std::sync::Arc::clone(&next);
        let spawned = std::thread::Builder::new()
            .name(format!("count-words-{worker}"))
            .spawn_scoped(scope, move || {
                loop {
                    let number = next.fetch_add(1, Ordering::Relaxed);
                    let from = number.saturating_mul(CHUNK);
                    let Some(part) = wanted.get(from..wanted.len().min(from + CHUNK)) else {
                        break;
                    };
                    if part.is_empty() {
                        break;
                    }
                    if cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    let chunk =
                        tokenize_chunk(root, part.iter().filter_map(|&i| articles.get(i)), number);
                    if send.send(chunk).is_err() {
                        break;
                    }
                }
            });
        if let Err(err) = spawned {
            log::warn!("no thread to count words on: {err}");
        }
    }
    InOrder {
        results,
        waiting: std::collections::BTreeMap::new(),
        next: 0,
    }
}
