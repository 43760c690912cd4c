//! Tokens counted while the scan has the files in hand: the first reading of a folder need not
//! open every file a second time for its words.
//!
//! Each of the scan's threads numbers the tokens of the plain-text bodies it reads in a
//! vocabulary of its own (as the store's own workers do, [`super::chunks`]) and sends them a
//! chunk at a time to one writer thread, which makes the numbers global and writes the
//! sequences to a new store file in the order they come. When the store is opened after the
//! scan ([`super::TermStore::open_visiting`] with [`super::Follow::scanned`]), that file
//! becomes the store: the articles the scan did not give (other formats, files it did not
//! read) are added to it, and its table is put in the corpus's order. No sequence is copied.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::tokenizer::TextAnalyzer;

use super::chunks::{CHUNK, Chunk, LocalVocabulary, Remaps};
use super::file::Writer;
use super::record::{Entry, TermsError, stamp_of};
use crate::corpus::{Article, ArticleText, ArticleTexts};
use crate::search::analysis::analyzer;
use crate::search::index::{MAX_INDEXED_BYTES, article_key_hash};

/// Hears each article's tokens (by number) as the writer gets them, in no particular order.
pub trait Tally: Send {
    /// One article's tokens.
    fn tally(&mut self, tokens: &[u32]);
}

/// No tally.
impl Tally for () {
    fn tally(&mut self, _: &[u32]) {}
}

/// The scan's share of a store being written: give [`Self::texts`] to the scan, then
/// [`Self::finish`] it.
pub struct Scanning<T: Tally + 'static> {
    /// The writer thread's way in, taken out by [`Self::finish`] (so that no sender outlives
    /// the scan, however long the scan's options are kept).
    send: Arc<Mutex<Option<SyncSender<Chunk>>>>,
    /// The writer thread, taken by [`Self::finish`].
    writer: Option<WriterThread<T>>,
    temporary: PathBuf,
}

/// The thread that writes the scan's chunks.
type WriterThread<T> = std::thread::JoinHandle<std::io::Result<(Writer, Option<T>)>>;

impl<T: Tally + 'static> Drop for Scanning<T> {
    /// Not finished (the scan failed): the writer stops when the scan's threads are gone, and
    /// its file is removed.
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            self.send
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// What the scan tokenized, written to a store file not yet finished.
pub struct Scanned {
    writer: Option<Writer>,
    temporary: Option<PathBuf>,
}

impl Scanned {
    /// Articles the scan tokenized.
    pub fn len(&self) -> usize {
        self.writer.as_ref().map_or(0, |w| w.entries.len())
    }

    /// True when the scan tokenized no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The writer and its file, to finish them (the file is no longer removed on drop).
    pub(super) fn take(mut self) -> Option<(Writer, PathBuf)> {
        Some((self.writer.take()?, self.temporary.take()?))
    }
}

impl Drop for Scanned {
    fn drop(&mut self) {
        self.writer = None;
        if let Some(temporary) = self.temporary.take() {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

impl<T: Tally + 'static> Scanning<T> {
    /// Start the writer of a store for `path` (its file beside it until finished); `tally`
    /// hears every article the scan tokenizes.
    ///
    /// # Errors
    ///
    /// The store's file cannot be created.
    pub fn start(path: &Path, tally: Option<T>) -> Result<Self, TermsError> {
        let io_error = |source| TermsError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
            super::file::remove_stale_temporaries(parent);
        }
        let temporary = path.with_extension(format!("terms.scan-{}", std::process::id()));
        let writer = Writer::create(&temporary, Vec::new(), 0).map_err(io_error)?;
        let (send, chunks) = std::sync::mpsc::sync_channel(4);
        let writer = std::thread::Builder::new()
            .name("scan-words".to_owned())
            .spawn(move || write_chunks(&chunks, writer, tally))
            .map_err(io_error)?;
        Ok(Self {
            send: Arc::new(Mutex::new(Some(send))),
            writer: Some(writer),
            temporary,
        })
    }

    /// What the scan is given ([`crate::corpus::ScanOptions::texts`]).
    pub fn texts(&self) -> ArticleTexts {
        let send = Arc::clone(&self.send);
        let workers = AtomicUsize::new(0);
        Arc::new(move || {
            let send = send.lock().unwrap_or_else(PoisonError::into_inner).clone();
            Box::new(ScanWorker::new(
                workers.fetch_add(1, Ordering::Relaxed),
                send,
            )) as Box<dyn ArticleText>
        })
    }

    /// Wait for the writer (the scan must be over: its threads' senders dropped) and take
    /// what it wrote, and the tally.
    ///
    /// # Errors
    ///
    /// The store's file could not be written.
    pub fn finish(mut self) -> Result<(Scanned, Option<T>), TermsError> {
        self.send
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let scanned = |writer| Scanned {
            writer,
            temporary: Some(self.temporary.clone()),
        };
        let Some(thread) = self.writer.take() else {
            return Err(TermsError::Cancelled);
        };
        match thread.join() {
            Ok(Ok((writer, tally))) => Ok((scanned(Some(writer)), tally)),
            Ok(Err(source)) => {
                drop(scanned(None));
                Err(TermsError::Io {
                    path: self.temporary.clone(),
                    source,
                })
            }
            Err(_) => {
                drop(scanned(None));
                Err(TermsError::Cancelled)
            }
        }
    }
}

/// The writer thread: each chunk's numbers made global, its sequences written as they come.
fn write_chunks<T: Tally>(
    chunks: &Receiver<Chunk>,
    mut writer: Writer,
    mut tally: Option<T>,
) -> std::io::Result<(Writer, Option<T>)> {
    let mut remaps = Remaps::default();
    let mut global = Vec::new();
    for chunk in chunks {
        remaps.learn(&chunk, &mut |word| writer.global(word));
        let mut from = 0;
        for (&(count, _), &(key_hash, stamp)) in chunk.articles.iter().zip(&chunk.keys) {
            let to = from + count as usize;
            remaps.map(
                chunk.worker,
                chunk.ids.get(from..to).unwrap_or_default(),
                &mut global,
            );
            from = to;
            let entry = Entry {
                key_hash,
                stamp,
                ..Entry::default()
            };
            writer.put(entry, &global)?;
            if let Some(tally) = tally.as_mut() {
                tally.tally(&global);
            }
        }
    }
    Ok((writer, tally))
}

/// One scan thread's tokenizer.
struct ScanWorker {
    send: Option<SyncSender<Chunk>>,
    worker: usize,
    vocabulary: LocalVocabulary,
    len: u32,
    analyzer: TextAnalyzer,
    chunk: Chunk,
}

impl ScanWorker {
    fn new(worker: usize, send: Option<SyncSender<Chunk>>) -> Self {
        let mut vocabulary = LocalVocabulary::default();
        let mut len = 0;
        let chunk = Chunk::start((0, worker), (&mut vocabulary, &mut len));
        Self {
            send,
            worker,
            vocabulary,
            len,
            analyzer: analyzer(),
            chunk,
        }
    }

    /// Send the chunk to the writer, and start the next.
    fn send_chunk(&mut self) {
        let next = Chunk::start((0, self.worker), (&mut self.vocabulary, &mut self.len));
        let full = std::mem::replace(&mut self.chunk, next);
        if let Some(send) = &self.send
            && send.send(full).is_err()
        {
            // The writer failed (and says why when it is finished): tokenize no more.
            self.send = None;
        }
    }
}

impl ArticleText for ScanWorker {
    fn article_text(&mut self, article: &Article, body: &str) {
        // The same text as the store's own reading takes (the whole body, not cut off).
        if self.send.is_none()
            || article.size_bytes > MAX_INDEXED_BYTES as u64
            || body.len() > MAX_INDEXED_BYTES
        {
            return;
        }
        let before = self.chunk.ids.len();
        let numbering = (&mut self.vocabulary, &mut self.len);
        if !article.title_derived() {
            self.chunk
                .add_text(&mut self.analyzer, numbering, &article.title);
        }
        let numbering = (&mut self.vocabulary, &mut self.len);
        self.chunk.add_text(&mut self.analyzer, numbering, body);
        let tokens = u32::try_from(self.chunk.ids.len() - before).unwrap_or(u32::MAX);
        self.chunk.articles.push((tokens, true));
        self.chunk
            .keys
            .push((article_key_hash(article), stamp_of(article)));
        if self.chunk.articles.len() >= CHUNK {
            self.send_chunk();
        }
    }
}

impl Drop for ScanWorker {
    fn drop(&mut self) {
        if !self.chunk.articles.is_empty() {
            self.send_chunk();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::atomic::AtomicBool;

    use super::super::{Follow, Reading, TermStore};
    use super::*;
    use crate::corpus::ArticleId;

    /// Every article's tokens as the writer heard them.
    #[derive(Default)]
    struct Heard(Vec<Vec<u32>>);

    impl Tally for Heard {
        fn tally(&mut self, tokens: &[u32]) {
            self.0.push(tokens.to_vec());
        }
    }

    /// Every article's tokens in `store`, as words, by article.
    fn words_of(store: &TermStore, articles: usize) -> BTreeMap<ArticleId, Vec<String>> {
        let ids: Vec<ArticleId> = (0..).take(articles).collect();
        let cancel = AtomicBool::new(false);
        let mut words = BTreeMap::new();
        store
            .read(&ids, Reading::cancelled_by(&cancel), &mut |id, tokens| {
                let text = tokens.iter().map(|&t| store.term(t).to_owned()).collect();
                assert!(words.insert(id, text).is_none(), "article {id} read twice");
            })
            .unwrap();
        words
    }

    /// 600 plain-text articles with words of their own (so that every numbering starts afresh
    /// many times), headlines and leads, in two folders; three JSON Lines articles, a
    /// Windows-1252 file and a LexisNexis batch of two.
    fn write_folder(folder: &Path) {
        for n in 0..600 {
            let title = if n % 3 == 0 {
                String::new()
            } else {
                format!("Quota Row {n}\n\n")
            };
            let text = format!(
                "{title}The HARBOUR ferry w{n} and Zoë's x{m} met at Straße 東京都; {filler}said \
                 Wirtschaftskrise{k}.\n",
                m = n * 7,
                k = n % 13,
                filler = "Word ".repeat(n % 5),
            );
            let sub = if n % 2 == 0 { "a" } else { "b" };
            std::fs::create_dir_all(folder.join(sub)).unwrap();
            std::fs::write(folder.join(format!("{sub}/{n:04}.txt")), text).unwrap();
        }
        let lines: String = (0..3)
            .map(|n| format!("{{\"title\": \"Feed {n}\", \"text\": \"The quota q{n} rose.\"}}\n"))
            .collect();
        std::fs::write(folder.join("feed.jsonl"), lines).unwrap();
        std::fs::write(
            folder.join("latin.txt"),
            b"Caf\xe9 quota\n\nLe caf\xe9 ferm\xe9.\n",
        )
        .unwrap();
        // A LexisNexis batch of two documents, tokenized as the scan reads it too.
        let fixture = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/lexis/lexisnexis-fr.txt"
        );
        std::fs::copy(fixture, folder.join("batch.txt")).unwrap();
    }

    /// Scan `folder`, its plain-text articles tokenized for a store at `path`.
    fn scan_tokenizing(
        folder: &Path,
        path: &Path,
        tally: Option<Heard>,
    ) -> (crate::corpus::Corpus, Scanned, Option<Heard>) {
        let scanning = Scanning::start(path, tally).unwrap();
        let options = crate::corpus::ScanOptions {
            texts: Some(scanning.texts()),
            ..crate::corpus::ScanOptions::default()
        };
        let corpus = crate::corpus::start_scan(folder, options)
            .unwrap()
            .collect();
        let (scanned, tally) = scanning.finish().unwrap();
        (corpus, scanned, tally)
    }

    /// Open the store at `path`, reading what it lacks from the files.
    fn open_reading(
        path: &Path,
        corpus: &crate::corpus::Corpus,
    ) -> (TermStore, super::super::TermsStats) {
        let cancel = AtomicBool::new(false);
        TermStore::open(
            path,
            &corpus.root,
            &corpus.articles,
            &cancel,
            &mut |_, _| {},
        )
        .unwrap()
    }

    /// Open the store at `path` with what the scan tokenized; the articles visited.
    fn open_with(
        path: &Path,
        corpus: &crate::corpus::Corpus,
        scanned: Scanned,
    ) -> (TermStore, super::super::TermsStats, Vec<ArticleId>) {
        let cancel = AtomicBool::new(false);
        let mut visited = Vec::new();
        let mut visit = |id: ArticleId, _: &[u32]| visited.push(id);
        let follow = Follow {
            cancel: &cancel,
            progress: &mut |_, _| {},
            visit: Some(&mut visit),
            scanned: Some(scanned),
        };
        let (store, stats) =
            TermStore::open_visiting(path, &corpus.root, &corpus.articles, follow).unwrap();
        (store, stats, visited)
    }

    #[test]
    fn a_store_written_as_the_folder_is_scanned_holds_what_reading_the_files_gives() {
        let folder = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        write_folder(folder.path());
        // The reference: a store that reads every file itself.
        let corpus = crate::corpus::scan::scan_folder(folder.path()).unwrap();
        let count = corpus.articles.len();
        assert_eq!(count, 606);
        let (reference, _) = open_reading(&cache.path().join("read.terms"), &corpus);

        let path = cache.path().join("scanned.terms");
        let (corpus, scanned, heard) =
            scan_tokenizing(folder.path(), &path, Some(Heard::default()));
        let heard = heard.unwrap().0;
        assert_eq!((scanned.len(), heard.len()), (603, 603));
        let temporary = path.with_extension(format!("terms.scan-{}", std::process::id()));
        assert!(temporary.exists());
        let (store, stats, visited) = open_with(&path, &corpus, scanned);
        assert_eq!((stats.scanned, stats.counted, stats.reused), (603, 3, 0));
        assert!(stats.written);
        assert!(!temporary.exists() && path.exists());
        // Only the articles the scan did not tokenize are visited: the JSON Lines ones.
        let feed: Vec<ArticleId> = (0..)
            .zip(corpus.articles.iter())
            .filter(|(_, a)| a.path.ends_with(".jsonl"))
            .map(|(id, _)| id)
            .collect();
        assert_eq!(visited, feed);

        let expected = words_of(&reference, count);
        assert_eq!(words_of(&store, count), expected);
        for id in (0..).take(count) {
            assert_eq!(store.identity(id), reference.identity(id));
            assert_eq!(store.tokens_of(id), reference.tokens_of(id));
        }
        // The writer heard each scanned article's tokens once (the LexisNexis documents' with
        // them).
        let words = |tokens: &Vec<u32>| tokens.iter().map(|&t| store.term(t).to_owned()).collect();
        let mut heard: Vec<Vec<String>> = heard.iter().map(words).collect();
        let mut scanned_words: Vec<Vec<String>> = expected
            .iter()
            .filter(|(id, _)| !feed.contains(id))
            .map(|(_, words)| words.clone())
            .collect();
        heard.sort();
        scanned_words.sort();
        assert_eq!(heard, scanned_words);

        // Opened again: current, the same tokens.
        let (again, stats) = open_reading(&path, &corpus);
        assert_eq!(stats.reused, count);
        assert_eq!(words_of(&again, count), expected);
    }

    #[test]
    fn a_scanning_dropped_unfinished_leaves_no_file() {
        let cache = tempfile::tempdir().unwrap();
        let path = cache.path().join("x.terms");
        let scanning = Scanning::<()>::start(&path, None).unwrap();
        let texts = scanning.texts();
        let mut worker = texts();
        worker.article_text(&Article::for_test("a.txt"), "The harbour ferry.");
        drop((worker, texts));
        let temporary = path.with_extension(format!("terms.scan-{}", std::process::id()));
        assert!(temporary.exists());
        drop(scanning);
        assert!(!temporary.exists() && !path.exists());
    }

    #[test]
    fn with_a_store_there_already_the_scans_tokens_are_not_used_and_their_file_is_removed() {
        let folder = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        write_folder(folder.path());
        let path = cache.path().join("scanned.terms");
        let (corpus, scanned, _) = scan_tokenizing(folder.path(), &path, None);
        let (_, stats, _) = open_with(&path, &corpus, scanned);
        assert_eq!(stats.scanned, 603);
        std::fs::write(
            folder.path().join("a/0000.txt"),
            "Changed\n\nA zeppelin rose.\n",
        )
        .unwrap();
        let (corpus, scanned, heard) = scan_tokenizing(folder.path(), &path, None);
        let temporary = path.with_extension(format!("terms.scan-{}", std::process::id()));
        assert!(heard.is_none() && scanned.len() == 603 && temporary.exists());
        let (store, stats, visited) = open_with(&path, &corpus, scanned);
        // The store's sequences are copied, the changed file read again.
        let count = corpus.articles.len();
        assert_eq!(
            (stats.scanned, stats.counted, stats.reused),
            (0, 1, count - 1)
        );
        assert_eq!(visited.len(), count);
        assert!(!temporary.exists());
        let changed = words_of(&store, count);
        assert!(changed.values().any(|w| w.contains(&"zeppelin".to_owned())));
        // A scan's tokens dropped unused leave no file either.
        let (_, scanned, _) = scan_tokenizing(folder.path(), &path, None);
        assert!(temporary.exists());
        drop(scanned);
        assert!(!temporary.exists());
    }
}
