//! The articles a store lacks, read and tokenized on every core: each worker numbers the
//! tokens in a vocabulary of its own, kept from one of its chunks to the next, and the writer
//! makes the numbers global as the chunks come, in order.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tantivy::tokenizer::TextAnalyzer;

use super::hash::{FastMap, TokenMap};
use crate::corpus::{Article, BodyLoader};
use crate::search::analysis::{KeyedToken, analyzer, for_each_token_keyed, short_key_text};
use crate::search::index::MAX_INDEXED_BYTES;

/// Articles tokenized together on one thread.
pub(super) const CHUNK: usize = 256;

/// The most tokens a worker's vocabulary holds before it starts its numbering afresh (so that
/// a corpus of millions of distinct tokens keeps each worker's table bounded).
#[cfg(not(test))]
const LOCAL_VOCABULARY_MAX: usize = 1 << 20;
/// Small under test, so that the workers start afresh many times.
#[cfg(test)]
const LOCAL_VOCABULARY_MAX: usize = 64;

/// The numbers a worker gave the tokens it met, kept from one of its chunks to the next, so
/// that only the tokens new to it travel to the writer with a chunk.
pub(super) struct LocalVocabulary {
    /// The short tokens met last, by a hash of their number: most tokens of a text are words
    /// met a moment ago, found here with one multiply and one compare (key 0: an empty slot;
    /// no token's key is 0).
    recent: Box<[(u128, u32)]>,
    /// Tokens of up to 16 bytes (nearly every word), looked up as one number.
    short: FastMap<u128, u32>,
    /// The longer ones, looked up as text.
    long: TokenMap<Box<str>>,
}

/// Slots of [`LocalVocabulary::recent`]: a power of two.
const RECENT_SLOTS: usize = 1 << 15;

impl Default for LocalVocabulary {
    fn default() -> Self {
        Self {
            recent: vec![(0, 0); RECENT_SLOTS].into_boxed_slice(),
            short: FastMap::default(),
            long: TokenMap::default(),
        }
    }
}

impl LocalVocabulary {
    /// The number of `token`; `new_word` numbers a token met for the first time.
    fn number(&mut self, token: KeyedToken<'_>, new_word: &mut impl FnMut(&str) -> u32) -> u32 {
        match token {
            KeyedToken::Short(key) => match self.recent.get_mut(recent_slot(key)) {
                Some(&mut (k, id)) if k == key => id,
                slot => {
                    let id = *self
                        .short
                        .entry(key)
                        .or_insert_with(|| new_word(&short_key_text(key)));
                    if let Some(slot) = slot {
                        *slot = (key, id);
                    }
                    id
                }
            },
            KeyedToken::Long(word) => match self.long.get(word) {
                Some(&id) => id,
                None => {
                    let id = new_word(word);
                    self.long.insert(Box::from(word), id);
                    id
                }
            },
        }
    }

    /// Start afresh when the vocabulary has reached its bound (true: it did).
    fn bounded(&mut self) -> bool {
        let full = self.short.len() + self.long.len() >= LOCAL_VOCABULARY_MAX;
        if full {
            *self = Self::default();
        }
        full
    }
}

/// The slot of [`LocalVocabulary::recent`] for a short token's number (Fibonacci hashing:
/// the top bits of a multiply, of both halves folded together).
fn recent_slot(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
}

/// A run of articles tokenized on one thread, numbered in that thread's vocabulary.
pub(super) struct Chunk {
    number: usize,
    pub(super) worker: usize,
    /// The worker's numbering started afresh with this chunk.
    fresh: bool,
    /// The tokens the worker first met in this chunk, one after another, in the order of
    /// their numbers; `new_ends` says where each ends.
    new_words: String,
    new_ends: Vec<u32>,
    /// Every article's tokens (title when it is a headline, then text), one after another.
    pub(super) ids: Vec<u32>,
    /// Per article: how many of `ids` are its, and whether its text could be read.
    pub(super) articles: Vec<(u32, bool)>,
    /// Per article, when the chunk was made by the scan: the hash of its key and its stamp.
    pub(super) keys: Vec<(u64, u64)>,
}

impl Chunk {
    /// An empty chunk of `worker`'s, whose numbering starts afresh (`len` set to 0) when its
    /// vocabulary has reached its bound.
    pub(super) fn start(
        (number, worker): (usize, usize),
        (vocabulary, len): (&mut LocalVocabulary, &mut u32),
    ) -> Self {
        if vocabulary.bounded() {
            *len = 0;
        }
        Self {
            number,
            worker,
            fresh: *len == 0,
            new_words: String::new(),
            new_ends: Vec::new(),
            ids: Vec::new(),
            articles: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Add the tokens of `text` to the article being tokenized, numbered in `vocabulary`
    /// (`len` tokens so far).
    pub(super) fn add_text(
        &mut self,
        analyzer: &mut TextAnalyzer,
        (vocabulary, len): (&mut LocalVocabulary, &mut u32),
        text: &str,
    ) {
        for_each_token_keyed(analyzer, text, |token| {
            let id = vocabulary.number(token, &mut |word: &str| {
                let id = *len;
                *len += 1;
                self.new_words.push_str(word);
                self.new_ends
                    .push(u32::try_from(self.new_words.len()).unwrap_or(u32::MAX));
                id
            });
            self.ids.push(id);
        });
    }
}

fn tokenize_chunk<'a>(
    root: &Path,
    articles: impl Iterator<Item = &'a Article>,
    at: (usize, usize),
    (vocabulary, len): (&mut LocalVocabulary, &mut u32),
) -> Chunk {
    let mut chunk = Chunk::start(at, (vocabulary, len));
    let mut analyzer = analyzer();
    let mut loader = BodyLoader::default();
    let mut bytes = Vec::new();
    for article in articles {
        let before = chunk.ids.len();
        if !article.title_derived() {
            chunk.add_text(&mut analyzer, (vocabulary, len), &article.title);
        }
        let readable = match loader.load_words_text(root, article, MAX_INDEXED_BYTES, &mut bytes) {
            Ok(text) => {
                chunk.add_text(&mut analyzer, (vocabulary, len), &text);
                true
            }
            Err(err) => {
                log::warn!("words not counted: {err}");
                false
            }
        };
        let tokens = u32::try_from(chunk.ids.len() - before).unwrap_or(u32::MAX);
        chunk.articles.push((tokens, readable));
    }
    chunk
}

/// Per worker: the global numbers of the numbers it gave.
#[derive(Default)]
pub(super) struct Remaps(Vec<Vec<u32>>);

impl Remaps {
    /// Take in the tokens new to `chunk`'s worker (`global` numbers them).
    pub(super) fn learn(&mut self, chunk: &Chunk, global: &mut dyn FnMut(&str) -> u32) {
        if self.0.len() <= chunk.worker {
            self.0.resize_with(chunk.worker + 1, Vec::new);
        }
        let Some(remap) = self.0.get_mut(chunk.worker) else {
            return;
        };
        if chunk.fresh {
            remap.clear();
        }
        let mut from = 0;
        for &end in &chunk.new_ends {
            let word = chunk.new_words.get(from..end as usize).unwrap_or_default();
            from = end as usize;
            remap.push(global(word));
        }
    }

    /// `worker`'s numbers `ids` in global numbers, in `out` (emptied first).
    pub(super) fn map(&self, worker: usize, ids: &[u32], out: &mut Vec<u32>) {
        let remap = self.0.get(worker).map_or(&[][..], Vec::as_slice);
        out.clear();
        out.extend(
            ids.iter()
                .map(|&i| remap.get(i as usize).copied().unwrap_or(0)),
        );
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

/// The tokenized articles as they come, in order.
pub(super) struct Incoming {
    chunks: InOrder,
    remaps: Remaps,
    /// The chunk being handed out, the next of its articles and where its tokens start.
    current: Option<(Chunk, usize, usize)>,
}

impl Incoming {
    /// The next article's tokens in global numbers, in `tokens` (`global` numbers a token new
    /// to a worker), and whether its text could be read. `None`: cancelled.
    pub(super) fn next_article(
        &mut self,
        global: &mut dyn FnMut(&str) -> u32,
        tokens: &mut Vec<u32>,
    ) -> Option<bool> {
        while self
            .current
            .as_ref()
            .is_none_or(|(chunk, next, _)| *next >= chunk.articles.len())
        {
            let chunk = self.chunks.next()?;
            self.remaps.learn(&chunk, global);
            self.current = Some((chunk, 0, 0));
        }
        let (chunk, next, from) = self.current.as_mut()?;
        let &(count, readable) = chunk.articles.get(*next)?;
        let to = *from + count as usize;
        let ids = chunk.ids.get(*from..to).unwrap_or_default();
        *next += 1;
        *from = to;
        self.remaps.map(chunk.worker, ids, tokens);
        Some(readable)
    }
}

/// Tokenize the articles numbered `wanted` (ascending) on every core, [`CHUNK`] at a time.
pub(super) fn tokenize_on_every_core<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    root: &'scope Path,
    articles: &'scope [Article],
    wanted: &'scope [usize],
    cancel: &'scope AtomicBool,
) -> Incoming {
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let (send, results) = std::sync::mpsc::sync_channel(workers * 2);
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    for worker in 0..workers {
        let send = send.clone();
        let next = std::sync::Arc::clone(&next);
        let spawned = std::thread::Builder::new()
            .name(format!("count-words-{worker}"))
            .spawn_scoped(scope, move || {
                let mut vocabulary = LocalVocabulary::default();
                let mut len = 0;
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
                    let chunk = tokenize_chunk(
                        root,
                        part.iter().filter_map(|&i| articles.get(i)),
                        (number, worker),
                        (&mut vocabulary, &mut len),
                    );
                    if send.send(chunk).is_err() {
                        break;
                    }
                }
            });
        if let Err(err) = spawned {
            log::warn!("no thread to count words on: {err}");
        }
    }
    Incoming {
        chunks: InOrder {
            results,
            waiting: std::collections::BTreeMap::new(),
            next: 0,
        },
        remaps: Remaps::default(),
        current: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::terms::{Reading, TermStore};
    use crate::corpus::ArticleId;
    use crate::search::analysis::for_each_token;

    #[test]
    fn every_articles_tokens_are_kept_in_order_across_chunks_workers_and_fresh_numberings() {
        let folder = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        // 700 articles (3 chunks), each with words of its own, so that the workers' numberings
        // outgrow their limit and start afresh; short and long words, ASCII in any case,
        // accents, CJK, digits, words of exactly 8, 9, 16 and 17 bytes (16 is the longest made
        // one number), some of them numbered anew in each article.
        for n in 0..700 {
            let text = format!(
                "Ferry Quota Row {n}\n\nThe HARBOUR ferry w{n} and Zoë's x{m} met at \
                 Straße 東京都 on 2021-03-0{d}; eightchr NINECHARS {filler}said \
                 Wirtschaftskrise Wirtschaftskrisen Exactlysixteen{k:02} Exactlyseventeen{j}.\n",
                m = n * 7,
                d = n % 9,
                k = n % 100,
                j = n % 10,
                filler = "Word ".repeat(n % 5),
            );
            std::fs::write(folder.path().join(format!("a{n:04}.txt")), text).unwrap();
        }
        let corpus = crate::corpus::scan::scan_folder(folder.path()).unwrap();
        let articles = &corpus.articles;
        assert_eq!(articles.len(), 700);
        let path = cache.path().join("t.terms");
        let cancel = AtomicBool::new(false);
        let (store, stats) =
            TermStore::open(&path, folder.path(), articles, &cancel, &mut |_, _| {}).unwrap();
        assert_eq!(stats.counted, 700);
        assert!(store.vocabulary_len() > 2 * LOCAL_VOCABULARY_MAX);
        // The reference: the analyzer's tokens (by the plain walk) of each title that is a
        // headline and each text.
        let mut analyzer = analyzer();
        let mut loader = BodyLoader::default();
        let mut expected = Vec::new();
        for article in articles.iter() {
            let mut tokens = Vec::new();
            let mut add = |text: &str| {
                for_each_token(&mut analyzer, text, &mut |t| tokens.push(t.to_owned()));
            };
            if !article.title_derived() {
                add(&article.title);
            }
            add(&loader
                .load(folder.path(), article, MAX_INDEXED_BYTES)
                .unwrap()
                .text);
            expected.push(tokens);
        }
        assert!(expected.iter().any(|t| t.contains(&"strasse".to_owned())));
        assert!(expected.iter().any(|t| t.contains(&"eightchr".to_owned())));
        for word in [
            "wirtschaftskrise",
            "wirtschaftskrisen",
            "exactlysixteen42",
            "exactlyseventeen7",
        ] {
            assert!(
                expected.iter().any(|t| t.iter().any(|w| w == word)),
                "{word}"
            );
        }
        let ids: Vec<ArticleId> = (0..700).collect();
        let mut kept = Vec::new();
        store
            .read(&ids, Reading::cancelled_by(&cancel), &mut |id, tokens| {
                let words: Vec<String> = tokens.iter().map(|&t| store.term(t).to_owned()).collect();
                assert_eq!(store.tokens_of(id) as usize, words.len());
                kept.push(words);
            })
            .unwrap();
        assert_eq!(kept, expected);
    }
}
