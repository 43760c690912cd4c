//! The store's file: the LEB128 coding of its token numbers, the writer of a new file and
//! the reading of an old one's vocabulary, table and sequences.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::hash::TokenMap;
use super::record::{Entry, MAGIC, TermsStats, stamp_of};
use crate::corpus::Article;
use crate::search::index::article_key_hash;

/// The token numbers of a sequence's bytes, in `out` (emptied first).
pub(super) fn decode(bytes: &[u8], out: &mut Vec<u32>) {
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

/// Sequences read from a store's file, each from where the last one ended (a short seek when
/// they come in the file's order).
#[derive(Default)]
pub(super) struct Sequences {
    bytes: Vec<u8>,
    position: u64,
}

impl Sequences {
    /// The bytes of `entry`'s sequence in the store's file `old`.
    pub(super) fn read(&mut self, old: &mut BufReader<File>, entry: Entry) -> io::Result<&[u8]> {
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
pub(super) struct Writer {
    out: BufWriter<File>,
    written: u64,
    vocabulary: Vec<Box<str>>,
    lookup: TokenMap<Box<str>>,
    pub(super) entries: Vec<Entry>,
    buffer: Vec<u8>,
}

impl Writer {
    /// A new store file at `path`, its vocabulary starting with `vocabulary`.
    pub(super) fn create(
        path: &Path,
        vocabulary: Vec<Box<str>>,
        articles: usize,
    ) -> io::Result<Self> {
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

    pub(super) fn record(&mut self, entry: Entry, bytes: &[u8]) -> io::Result<()> {
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
    pub(super) fn global(&mut self, word: &str) -> u32 {
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
    pub(super) fn tokenized(
        &mut self,
        article: &Article,
        (ids, readable): (&[u32], bool),
        stats: &mut TermsStats,
    ) -> io::Result<()> {
        if readable {
            stats.counted += 1;
        } else {
            stats.unreadable += 1;
        }
        let entry = Entry {
            key_hash: article_key_hash(article),
            stamp: if readable { stamp_of(article) } else { 0 },
            ..Entry::default()
        };
        self.put(entry, ids)
    }

    /// Write the sequence of the tokens `ids` (global numbers), and `entry` (its key and
    /// stamp) pointing at it.
    pub(super) fn put(&mut self, entry: Entry, ids: &[u32]) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.buffer);
        let written = put_varints(&mut bytes, ids);
        let entry = Entry {
            tokens: u32::try_from(ids.len()).unwrap_or(u32::MAX),
            ..entry
        };
        let result = self.record(entry, bytes.get(..written).unwrap_or_default());
        self.buffer = bytes;
        result
    }

    /// Write the vocabulary and the table, and the header's pointer to them.
    pub(super) fn finish(mut self) -> io::Result<(Vec<Box<str>>, Vec<Entry>)> {
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

/// Remove the files a process left in the store's folder `dir` when it died while writing a
/// store (`NAME.terms.tmp-PID`, `NAME.terms.scan-PID`), once they are an hour old: a store of a
/// million articles leaves over half a gigabyte.
pub(super) fn remove_stale_temporaries(dir: &Path) {
    crate::corpus::catalog::remove_stale_temporaries(dir, |name| {
        name.contains(".terms.tmp-") || name.contains(".terms.scan-")
    });
}

/// The vocabulary and table of a store file, if it is one.
pub(super) fn read_tail(path: &Path) -> Option<(Vec<Box<str>>, Vec<Entry>)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_left_half_written_are_removed_once_an_hour_old_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let names = [
            ("a-1.terms.tmp-123", true, true),
            ("a-1.terms.scan-123", true, true),
            ("b-2.terms.scan-456", false, false),
            ("a-1.terms", true, false),
            ("other.tmp-123", true, false),
        ];
        for (name, old, _) in names {
            let file = File::create(dir.path().join(name)).unwrap();
            if old {
                file.set_modified(hours_ago).unwrap();
            }
        }
        remove_stale_temporaries(dir.path());
        for (name, _, removed) in names {
            assert_eq!(!dir.path().join(name).exists(), removed, "{name}");
        }
    }

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
