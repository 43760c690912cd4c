//! The full-text index of one folder, kept with tantivy in the user's cache directory (never in
//! the folder itself). Reopening a folder re-indexes only the articles whose file changed
//! (size or modification time), was added or was removed. An index that cannot be opened, or
//! was written by another version of this program, is deleted and rebuilt.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use tantivy::collector::DocSetCollector;
use tantivy::query::{
    BooleanQuery, Occur, PhraseQuery, Query as TantivyQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{
    FAST, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

use super::analysis::{ANALYZER_NAME, analyzer};
use super::syntax::{Field, Query};
use crate::corpus::{Article, BodyLoader};

/// Bumped whenever the schema or the analysis changes: an index with another version is rebuilt.
const FORMAT_VERSION: &str = "corpus-explorer index 3";
const VERSION_FILE: &str = "corpus-explorer-version";

/// At most this much of one article's text is indexed (a 300 MB file is searchable in its
/// first 32 MiB).
pub const MAX_INDEXED_BYTES: usize = 32 * 1024 * 1024;

/// Memory the index writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 96 * 1024 * 1024;

/// How long an update waits for another process (another window, a command) to finish
/// writing the same index.
const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// What changed in a folder opened through its catalog (see [`SearchIndex::update_from`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Delta<'a> {
    /// The catalog generation the check started from.
    pub previous_generation: Option<u64>,
    /// The catalog generation now on disk.
    pub generation: Option<u64>,
    /// Articles of files that changed or are gone.
    pub stale: &'a [Article],
    /// Files that changed or are new.
    pub fresh_paths: &'a [Box<str>],
}

/// What one write to the index does.
struct Written<'g, 'a> {
    /// Keys to delete.
    gone: &'g [String],
    /// Articles to (re)index, with their keys.
    to_index: Vec<(String, &'a Article)>,
    /// The catalog generation to note.
    generation: Option<u64>,
}

/// Why the index cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// An error of the search engine.
    #[error("search index: {0}")]
    Engine(#[from] tantivy::TantivyError),
    /// A file-system error around the index's folder.
    #[error("search index folder {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The update was cancelled.
    #[error("indexing was cancelled")]
    Cancelled,
}

/// What an update did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpdateStats {
    /// Articles indexed (new or changed).
    pub indexed: usize,
    /// Articles removed (gone or changed).
    pub removed: usize,
    /// Articles already indexed and unchanged.
    pub unchanged: usize,
    /// Articles whose text could not be read (left out of the index).
    pub unreadable: usize,
}

/// The index of one folder.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    key: tantivy::schema::Field,
    stamp: tantivy::schema::Field,
    key_hash: tantivy::schema::Field,
    title: tantivy::schema::Field,
    body: tantivy::schema::Field,
    /// Where it lives.
    pub dir: PathBuf,
    /// True when it was (re)created empty when opened.
    pub created: bool,
}

/// The folder under which this program keeps its indexes: the user's cache directory.
pub fn default_cache_root() -> Option<PathBuf> {
    Some(crate::corpus::catalog::default_cache_root()?.join("index"))
}

/// The default place for the index of `folder`: the user's cache directory, one sub-folder per
/// corpus folder (its name and a hash of its absolute path).
pub fn default_index_dir(folder: &Path) -> Option<PathBuf> {
    Some(index_dir_in(&default_cache_root()?, folder))
}

/// The index folder of `folder` under `cache_root`.
pub fn index_dir_in(cache_root: &Path, folder: &Path) -> PathBuf {
    cache_root.join(crate::corpus::catalog::cache_name(folder))
}

fn schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field("key", STRING | STORED);
    builder.add_text_field("stamp", STORED);
    builder.add_u64_field("key_hash", FAST);
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("title", text.clone());
    builder.add_text_field("body", text);
    builder.build()
}

/// The key of an article in the index: its path, and its place in a multi-article file.
pub fn article_key(article: &Article) -> String {
    // A name that is not UTF-8 is shown with U+FFFD, so several can look alike: the key
    // spells its bytes out instead (after a NUL, which no path holds).
    let path = match &article.raw_path {
        Some(raw) => format!("\0{}", raw.as_os_str().as_encoded_bytes().escape_ascii()),
        None => article.path.to_string(),
    };
    match article.span {
        Some(span) => format!("{path}#{}", span.start),
        None => path,
    }
}

/// [`key_hash`] of [`article_key`], without making the key (its parts are hashed in turn).
pub fn article_key_hash(article: &Article) -> u64 {
    use std::fmt::Write as _;
    if article.raw_path.is_some() {
        return key_hash(&article_key(article));
    }
    let mut hash = crate::corpus::catalog::Fnv1a::default();
    hash.add(article.path.as_bytes());
    if let Some(span) = article.span {
        let _ = write!(hash, "#{}", span.start);
    }
    hash.0
}

/// A 64-bit hash of an article's key, kept in a fast column of the index so that a search
/// turns into articles without reading stored documents.
pub fn key_hash(key: &str) -> u64 {
    crate::corpus::catalog::fnv1a(key.as_bytes())
}

/// What tells whether an article's file changed since it was indexed.
fn stamp_of(article: &Article) -> String {
    format!(
        "{}:{}",
        article.size_bytes,
        article
            .modified_unix_s
            .map_or_else(|| "?".to_owned(), |t| t.to_string())
    )
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("created", &self.created)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Open the index in `dir`, creating it (or re-creating it when it is damaged or from
    /// another version).
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        let io = |source| IndexError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let version_ok = std::fs::read_to_string(dir.join(VERSION_FILE))
            .is_ok_and(|v| v.trim() == FORMAT_VERSION);
        if version_ok {
            match Index::open_in_dir(dir).map_err(IndexError::from) {
                Ok(index) if index.schema() == schema() => {
                    return Self::ready(index, dir, false);
                }
                Ok(_) => log::warn!("{}: another schema; rebuilding", dir.display()),
                Err(err) => log::warn!("{}: {err}; rebuilding", dir.display()),
            }
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io)?;
        }
        std::fs::create_dir_all(dir).map_err(io)?;
        let index = Index::create_in_dir(dir, schema())?;
        std::fs::write(dir.join(VERSION_FILE), FORMAT_VERSION).map_err(io)?;
        Self::ready(index, dir, true)
    }

    fn ready(index: Index, dir: &Path, created: bool) -> Result<Self, IndexError> {
        index.tokenizers().register(ANALYZER_NAME, analyzer());
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name);
        let (key, stamp, key_hash, title, body) = (
            field("key")?,
            field("stamp")?,
            field("key_hash")?,
            field("title")?,
            field("body")?,
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            key,
            stamp,
            key_hash,
            title,
            body,
            dir: dir.to_path_buf(),
            created,
        })
    }

    /// The number of articles in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bring the index in line with `articles` (found under `root`): add new and changed
    /// articles, remove gone ones. `progress(done, to_do)` is called as articles are indexed.
    pub fn update(
        &mut self,
        root: &Path,
        articles: &[Article],
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<UpdateStats, IndexError> {
        self.update_to(root, articles, None, cancel, progress)
    }

    /// The catalog generation the index was last brought in line with, if any.
    pub fn generation(&self) -> Option<u64> {
        self.index.load_metas().ok()?.payload?.parse().ok()
    }

    /// Bring the index in line with a folder opened through its catalog: when the index
    /// matches the catalog the check started from (`delta.previous_generation`), only the
    /// articles of changed, new and gone files are touched; otherwise every article's stamp is
    /// compared ([`Self::update`]). Either way the index then notes `delta.generation`.
    pub fn update_from(
        &mut self,
        root: &Path,
        articles: &[Article],
        delta: &Delta<'_>,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<UpdateStats, IndexError> {
        let nothing = delta.stale.is_empty() && delta.fresh_paths.is_empty();
        if nothing && delta.previous_generation.is_some() && self.generation() == delta.generation {
            return Ok(UpdateStats {
                unchanged: articles.len(),
                ..UpdateStats::default()
            });
        }
        // Another process may be writing: look again once the writer is ours.
        let writer = self.writer()?;
        self.reader.reload()?;
        let current = self.generation();
        let in_step = delta.previous_generation.is_some() && current == delta.previous_generation;
        if !in_step {
            return self.compare_and_write(
                writer,
                root,
                articles,
                delta.generation,
                cancel,
                progress,
            );
        }
        let fresh: std::collections::HashSet<&str> =
            delta.fresh_paths.iter().map(|p| &**p).collect();
        let to_index: Vec<(String, &Article)> = articles
            .iter()
            .filter(|a| fresh.contains(&*a.path))
            .map(|a| (article_key(a), a))
            .collect();
        let stale: Vec<String> = delta.stale.iter().map(article_key).collect();
        let mut stats = UpdateStats {
            unchanged: articles.len() - to_index.len(),
            removed: stale.len(),
            ..UpdateStats::default()
        };
        let parts = Written {
            gone: &stale,
            to_index,
            generation: delta.generation,
        };
        self.write(writer, root, parts, &mut stats, cancel, progress)?;
        Ok(stats)
    }

    fn update_to(
        &mut self,
        root: &Path,
        articles: &[Article],
        generation: Option<u64>,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<UpdateStats, IndexError> {
        let writer = self.writer()?;
        self.reader.reload()?;
        self.compare_and_write(writer, root, articles, generation, cancel, progress)
    }

    /// Compare every indexed article's stamp with `articles`, and write the differences.
    fn compare_and_write(
        &mut self,
        writer: IndexWriter,
        root: &Path,
        articles: &[Article],
        generation: Option<u64>,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<UpdateStats, IndexError> {
        let mut indexed: HashMap<String, String> = HashMap::new();
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(64)
                .map_err(|e| IndexError::Engine(e.into()))?;
            let alive = segment.alive_bitset();
            for doc_id in 0..segment.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc_id)) {
                    continue;
                }
                let doc: TantivyDocument = store.get(doc_id)?;
                let text = |field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_owned()
                };
                indexed.insert(text(self.key), text(self.stamp));
            }
        }
        let mut stats = UpdateStats::default();
        let mut to_index = Vec::new();
        for article in articles {
            let key = article_key(article);
            match indexed.remove(&key) {
                Some(stamp) if stamp == stamp_of(article) => stats.unchanged += 1,
                Some(_) => {
                    stats.removed += 1;
                    to_index.push((key, article));
                }
                None => to_index.push((key, article)),
            }
        }
        if to_index.is_empty() && indexed.is_empty() && self.generation() == generation {
            return Ok(stats);
        }
        let gone: Vec<String> = indexed.into_keys().collect();
        stats.removed += gone.len();
        let parts = Written {
            gone: &gone,
            to_index,
            generation,
        };
        self.write(writer, root, parts, &mut stats, cancel, progress)?;
        Ok(stats)
    }

    /// Delete the articles keyed `gone`, (re)index `to_index`, and commit noting `generation`.
    fn write(
        &mut self,
        mut writer: IndexWriter,
        root: &Path,
        parts: Written<'_, '_>,
        stats: &mut UpdateStats,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), IndexError> {
        let Written {
            gone,
            to_index,
            generation,
        } = parts;
        for key in gone {
            writer.delete_term(Term::from_field_text(self.key, key));
        }
        let total = to_index.len();
        let mut loader = BodyLoader::default();
        for (done, (key, article)) in to_index.into_iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                writer.rollback()?;
                return Err(IndexError::Cancelled);
            }
            writer.delete_term(Term::from_field_text(self.key, &key));
            match loader.load(root, article, MAX_INDEXED_BYTES) {
                Ok(body) => {
                    writer.add_document(doc!(
                        self.key_hash => key_hash(&key),
                        self.key => key,
                        self.stamp => stamp_of(article),
                        self.title => article.title.to_string(),
                        self.body => body.text,
                    ))?;
                    stats.indexed += 1;
                }
                Err(err) => {
                    log::warn!("not indexed: {err}");
                    stats.unreadable += 1;
                }
            }
            if done % 256 == 0 {
                progress(done, total);
            }
        }
        let mut commit = writer.prepare_commit()?;
        if let Some(generation) = generation {
            commit.set_payload(&generation.to_string());
        }
        commit.commit()?;
        progress(total, total);
        self.reader.reload()?;
        Ok(())
    }

    /// The index's writer, waiting up to [`WRITER_WAIT`] while another process holds it.
    fn writer(&self) -> Result<IndexWriter, IndexError> {
        let started = std::time::Instant::now();
        loop {
            match self.index.writer(WRITER_MEMORY) {
                Err(tantivy::TantivyError::LockFailure(..)) if started.elapsed() < WRITER_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => return Ok(other?),
            }
        }
    }

    /// The [`key_hash`]es of the articles that match `query` (the complete result set, read
    /// from a fast column: no stored document is opened).
    pub fn search(&self, query: &Query) -> Result<Vec<u64>, IndexError> {
        let query = self.to_tantivy(query);
        let searcher = self.reader.searcher();
        let mut found: Vec<_> = searcher
            .search(&*query, &DocSetCollector)?
            .into_iter()
            .collect();
        found.sort_unstable_by_key(|a| (a.segment_ord, a.doc_id));
        let mut hashes = Vec::with_capacity(found.len());
        let mut column = None;
        let mut column_segment = None;
        for address in found {
            if column_segment != Some(address.segment_ord) {
                column = Some(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .u64("key_hash")?,
                );
                column_segment = Some(address.segment_ord);
            }
            if let Some(hash) = column.as_ref().and_then(|c| c.first(address.doc_id)) {
                hashes.push(hash);
            }
        }
        Ok(hashes)
    }

    fn fields(&self, field: Field) -> Vec<tantivy::schema::Field> {
        match field {
            Field::Any => vec![self.title, self.body],
            Field::Title => vec![self.title],
        }
    }

    /// The index as it is now, for searches that must agree with each other.
    pub(super) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// `query` as tantivy runs it.
    pub(super) fn to_tantivy(&self, query: &Query) -> Box<dyn TantivyQuery> {
        let any_of = |mut parts: Vec<Box<dyn TantivyQuery>>| -> Box<dyn TantivyQuery> {
            match parts.pop() {
                Some(only) if parts.is_empty() => only,
                last => Box::new(BooleanQuery::new(
                    parts
                        .into_iter()
                        .chain(last)
                        .map(|q| (Occur::Should, q))
                        .collect(),
                )),
            }
        };
        match query {
            Query::Phrase { field, tokens } => any_of(
                self.fields(*field)
                    .into_iter()
                    .map(|f| -> Box<dyn TantivyQuery> {
                        if let [token] = tokens.as_slice() {
                            let term = Term::from_field_text(f, token);
                            return Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                        }
                        let terms = tokens.iter().map(|t| Term::from_field_text(f, t)).collect();
                        Box::new(PhraseQuery::new(terms))
                    })
                    .collect(),
            ),
            Query::Prefix { field, prefix } => any_of(
                self.fields(*field)
                    .into_iter()
                    .filter_map(|f| {
                        // Tokens are letters and digits only, so the prefix needs no escaping.
                        RegexQuery::from_pattern(&format!("{prefix}.*"), f)
                            .ok()
                            .map(|q| Box::new(q) as Box<dyn TantivyQuery>)
                    })
                    .collect(),
            ),
            Query::And { must, must_not } => Box::new(BooleanQuery::new(
                must.iter()
                    .map(|q| (Occur::Must, self.to_tantivy(q)))
                    .chain(
                        must_not
                            .iter()
                            .map(|q| (Occur::MustNot, self.to_tantivy(q))),
                    )
                    .collect(),
            )),
            Query::Or(parts) => any_of(parts.iter().map(|q| self.to_tantivy(q)).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_look_alike_have_their_own_keys() {
        use std::os::unix::ffi::OsStrExt as _;
        let named = |bytes: &[u8]| {
            let mut article = Article::for_test("caf\u{FFFD}.txt");
            article.raw_path =
                Some(std::path::Path::new(std::ffi::OsStr::from_bytes(bytes)).into());
            article
        };
        let latin1 = named(b"caf\xE9.txt");
        let cut = named(b"caf\xC3.txt");
        let plain = Article::for_test("caf\u{FFFD}.txt");
        let keys = [article_key(&latin1), article_key(&cut), article_key(&plain)];
        assert_eq!(keys[0], "\0caf\\xe9.txt");
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[0], keys[2]);
        assert_ne!(keys[1], keys[2]);
        // Hashed without making the key: the same hash.
        for article in [&latin1, &cut, &plain] {
            assert_eq!(article_key_hash(article), key_hash(&article_key(article)));
        }
    }

    #[test]
    fn a_key_hashed_in_parts_is_the_hash_of_the_key() {
        let mut articles = Vec::new();
        for path in ["a.txt", "outlet/2021/été 東京.jsonl", ""] {
            for start in [None, Some(0), Some(7), Some(u64::MAX)] {
                let mut article = Article::for_test(path);
                article.span = start.map(|start| crate::corpus::ByteSpan { start, len: 3 });
                articles.push(article);
            }
        }
        let mut hashes = std::collections::HashSet::new();
        for article in &articles {
            let hash = article_key_hash(article);
            assert_eq!(
                hash,
                key_hash(&article_key(article)),
                "{}",
                article_key(article)
            );
            hashes.insert(hash);
        }
        assert_eq!(hashes.len(), articles.len());
    }
}
