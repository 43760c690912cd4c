//! Every article's MinHash signature, computed from the token store and kept in the user's
//! cache beside it, so that reopening a folder signs only new and changed articles.
//!
//! The file: a header (magic, the number of articles), a table (one entry an article: the hash
//! of its key and the stamp of its tokens, both as the token store has them, and the hash of
//! its whole token sequence), then the signatures, 256 bytes each, in the same order. It is
//! written to a temporary file and renamed over the old one, so a reader never sees half of
//! it; it holds nothing the user made, and a file that cannot be read is computed again.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, sync_channel};

use super::minhash::{EMPTY, PERMUTATIONS, Signature, Signer, token_hash};
use crate::analysis::terms::{Reading, TermStore, TermsError};
use crate::corpus::ArticleId;

const MAGIC: &[u8; 24] = b"corpus-explorer sigs 2\n\0";
/// Articles signed together on one thread.
const BATCH: usize = 512;

/// The signatures of one corpus's articles, by [`ArticleId`].
#[derive(Debug, Default)]
pub struct Signatures {
    /// The token store's identity of each article (key hash, stamp).
    identity: Vec<(u64, u64)>,
    /// The hash of each article's token sequence; 0 for an article without tokens.
    text: Vec<u64>,
    values: Vec<Signature>,
}

/// What opening the signatures did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignStats {
    /// Articles signed now.
    pub signed: usize,
    /// Articles whose signature was kept from the last time.
    pub reused: usize,
}

/// Where the signatures of `folder` are kept, under `cache_root`.
pub fn signatures_path_in(cache_root: &Path, folder: &Path) -> PathBuf {
    let name = crate::corpus::catalog::cache_name(folder);
    cache_root.join("families").join(format!("{name}.sigs"))
}

/// Where the signatures of `folder` are kept: the user's cache directory.
pub fn default_signatures_path(folder: &Path) -> Option<PathBuf> {
    let root = crate::corpus::catalog::default_cache_root()?;
    Some(signatures_path_in(&root, folder))
}

impl Signatures {
    /// Signatures computed now for every article of `store` (nothing read from or written to
    /// disk).
    ///
    /// # Errors
    ///
    /// The token store cannot be read, or `reading` was cancelled.
    pub fn compute(store: &TermStore, reading: Reading<'_>) -> Result<Self, TermsError> {
        let mut signatures = Self::unsigned(store);
        let all: Vec<ArticleId> = (0..signatures.len())
            .filter_map(|i| ArticleId::try_from(i).ok())
            .collect();
        signatures.sign(store, &all, reading)?;
        Ok(signatures)
    }

    /// The signatures at `path` for the articles of `store`: those kept there for the same
    /// tokens are reused, the others computed (on every core), and the file written anew when
    /// anything was computed. A file that cannot be written is only logged.
    ///
    /// # Errors
    ///
    /// The token store cannot be read, or `reading` was cancelled.
    pub fn open(
        path: &Path,
        store: &TermStore,
        reading: Reading<'_>,
    ) -> Result<(Self, SignStats), TermsError> {
        let mut signatures = Self::unsigned(store);
        let kept = match signatures.read_kept(path) {
            Ok(kept) => kept,
            Err(err) => {
                if err.kind() != io::ErrorKind::NotFound {
                    log::info!("signatures {} not used: {err}", path.display());
                }
                vec![false; signatures.len()]
            }
        };
        let to_sign: Vec<ArticleId> = kept
            .iter()
            .enumerate()
            .filter(|(_, kept)| !**kept)
            .filter_map(|(i, _)| ArticleId::try_from(i).ok())
            .collect();
        let stats = SignStats {
            signed: to_sign.len(),
            reused: signatures.len() - to_sign.len(),
        };
        if !to_sign.is_empty() {
            signatures.sign(store, &to_sign, reading)?;
            if let Err(err) = signatures.write(path) {
                log::warn!("signatures not kept in {}: {err}", path.display());
            }
        }
        Ok((signatures, stats))
    }

    fn unsigned(store: &TermStore) -> Self {
        let n = store.len();
        Self {
            identity: (0..n)
                .map(|i| store.identity(ArticleId::try_from(i).unwrap_or(ArticleId::MAX)))
                .collect(),
            text: vec![0; n],
            values: vec![EMPTY; n],
        }
    }

    /// The number of articles.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when there is no article.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// An article's signature, `None` when it has no tokens.
    pub fn get(&self, id: ArticleId) -> Option<&Signature> {
        let i = id as usize;
        (self.text.get(i).copied().unwrap_or(0) != 0)
            .then(|| self.values.get(i))
            .flatten()
    }

    /// The hash of an article's token sequence (equal for text-identical articles), 0 when it
    /// has no tokens.
    pub fn text_hash(&self, id: ArticleId) -> u64 {
        self.text.get(id as usize).copied().unwrap_or(0)
    }

    /// Read the signatures kept at `path` that are still good, in place; which ones were.
    fn read_kept(&mut self, path: &Path) -> io::Result<Vec<bool>> {
        let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
        let mut file = BufReader::with_capacity(1 << 20, File::open(path)?);
        let mut head = [0u8; MAGIC.len() + 8];
        file.read_exact(&mut head)?;
        if head.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(bad("another version"));
        }
        let count = u64::from_le_bytes(head[MAGIC.len()..].try_into().map_err(|_| bad("head"))?);
        let count = usize::try_from(count).map_err(|_| bad("count"))?;
        let length = file.get_ref().metadata()?.len();
        let expected = (MAGIC.len() + 8) as u64 + count as u64 * (24 + 2 * PERMUTATIONS as u64);
        if length != expected {
            return Err(bad("truncated"));
        }
        // Where each kept entry goes: by position when the corpus did not change (the usual
        // case), else by key.
        let mut table = vec![0u8; count * 24];
        file.read_exact(&mut table)?;
        let word = |row: &[u8], at: usize| {
            u64::from_le_bytes(row[at..at + 8].try_into().unwrap_or_default())
        };
        let old: Vec<(u64, u64, u64)> = table
            .chunks_exact(24)
            .map(|row| (word(row, 0), word(row, 8), word(row, 16)))
            .collect();
        drop(table);
        let aligned = old.len() == self.len()
            && old
                .iter()
                .zip(&self.identity)
                .all(|(o, now)| (o.0, o.1) == *now);
        let destination: Vec<Option<usize>> = if aligned {
            (0..old.len()).map(Some).collect()
        } else {
            let by_key: std::collections::HashMap<u64, usize> = self
                .identity
                .iter()
                .enumerate()
                .map(|(i, (key, _))| (*key, i))
                .collect();
            old.iter()
                .map(|(key, stamp, _)| {
                    by_key
                        .get(key)
                        .copied()
                        .filter(|&i| self.identity.get(i).is_some_and(|now| now.1 == *stamp))
                })
                .collect()
        };
        let mut kept = vec![false; self.len()];
        let mut bytes = [0u8; 2 * PERMUTATIONS];
        for ((_, stamp, text), to) in old.iter().zip(destination) {
            file.read_exact(&mut bytes)?;
            // A stamp of 0: the text was not read; signed again with the tokens there are.
            let Some(to) = to.filter(|_| *stamp != 0) else {
                continue;
            };
            if let (Some(value), Some(slot), Some(flag)) = (
                self.values.get_mut(to),
                self.text.get_mut(to),
                kept.get_mut(to),
            ) {
                for (v, pair) in value.iter_mut().zip(bytes.chunks_exact(2)) {
                    *v = u16::from_le_bytes([pair[0], pair[1]]);
                }
                *slot = *text;
                *flag = true;
            }
        }
        Ok(kept)
    }

    /// Write every signature to `path` (through a temporary file renamed over it).
    fn write(&self, path: &Path) -> io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let temporary = path.with_extension(format!("sigs.tmp-{}", std::process::id()));
        let written = (|| {
            let mut out = BufWriter::with_capacity(1 << 20, File::create(&temporary)?);
            out.write_all(MAGIC)?;
            out.write_all(&(self.len() as u64).to_le_bytes())?;
            for ((key, stamp), text) in self.identity.iter().zip(&self.text) {
                out.write_all(&key.to_le_bytes())?;
                out.write_all(&stamp.to_le_bytes())?;
                out.write_all(&text.to_le_bytes())?;
            }
            for value in &self.values {
                for v in value {
                    out.write_all(&v.to_le_bytes())?;
                }
            }
            out.into_inner()
                .map_err(io::IntoInnerError::into_error)?
                .sync_all()
        })();
        match written {
            Ok(()) => std::fs::rename(&temporary, path),
            Err(err) => {
                let _ = std::fs::remove_file(&temporary);
                Err(err)
            }
        }
    }

    /// Sign the articles `ids` (ascending) from their tokens in `store`, on every core.
    fn sign(
        &mut self,
        store: &TermStore,
        ids: &[ArticleId],
        reading: Reading<'_>,
    ) -> Result<(), TermsError> {
        let hashes: Vec<u64> = (0..store.vocabulary_len())
            .map(|i| token_hash(store.term(u32::try_from(i).unwrap_or(u32::MAX))))
            .collect();
        let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let (send_batch, batches) = sync_channel::<Batch>(workers * 2);
        let (send_signed, signed) = sync_channel::<Signed>(workers * 2);
        let batches = Mutex::new(batches);
        std::thread::scope(|scope| -> Result<(), TermsError> {
            for _ in 0..workers {
                let send_signed = send_signed.clone();
                let batches = &batches;
                scope.spawn(move || sign_batches(batches, &send_signed));
            }
            drop(send_signed);
            let (values, text) = (&mut self.values, &mut self.text);
            let collector = scope.spawn(move || {
                for done in signed {
                    for (id, signature) in done {
                        let i = id as usize;
                        if let (Some(value), Some(hash)) = (values.get_mut(i), text.get_mut(i)) {
                            (*value, *hash) = signature.unwrap_or((EMPTY, 0));
                        }
                    }
                }
            });
            let mut batch = Vec::with_capacity(BATCH);
            let result = store.read(ids, reading, &mut |id, tokens| {
                let words = tokens
                    .iter()
                    .map(|&t| hashes.get(t as usize).copied().unwrap_or(0))
                    .collect();
                batch.push((id, words));
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    let _ = send_batch.send(full);
                }
            });
            if !batch.is_empty() {
                let _ = send_batch.send(batch);
            }
            drop(send_batch);
            if collector.join().is_err() {
                log::warn!("a thread signing articles failed");
                return Err(TermsError::Cancelled);
            }
            result
        })
    }
}

/// Articles' token hashes, to be signed.
type Batch = Vec<(ArticleId, Vec<u64>)>;

/// The signatures of one batch.
type Signed = Vec<(ArticleId, Option<(Signature, u64)>)>;

/// Sign the batches that arrive until there are no more.
fn sign_batches(batches: &Mutex<Receiver<Batch>>, send: &std::sync::mpsc::SyncSender<Signed>) {
    let mut signer = Signer::default();
    loop {
        let batch = match batches.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(batch) = batch else {
            return;
        };
        let done = batch
            .into_iter()
            .map(|(id, words)| (id, signer.sign(&words)))
            .collect();
        if send.send(done).is_err() {
            return;
        }
    }
}
