//! The catalog on disk: a header (a magic line, the format version, the payload's length and
//! CRC-32), then the payload. Loading checks all four before reading a record; saving writes a
//! temporary file beside the catalog and renames it over the old one.
//!
//! In the payload, each file's path is stored once (as the bytes it shares with the previous
//! path and the rest), followed by its stamp and its records; an article's path is its file's.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike as _, NaiveDate};

use super::codec::{Damaged, Reader, Writer};
use super::contents::{Catalog, FileRanges, new_generation, ranges_of};
use crate::corpus::article::{Article, ArticleMeta, ByteSpan, FormatKind, TitleSource};
use crate::corpus::scan::{
    FileClass, FileStamp, FolderStamp, ScanProgress, SkipReason, SkippedFile, Stamp, Stamps,
};

/// The first bytes of every catalog file.
pub(super) const MAGIC: &[u8; 24] = b"corpus-explorer catalog\n";

/// Bumped whenever the payload's layout or the meaning of a record changes (including a change
/// in how a format is read): a catalog of another version is rebuilt.
pub const FORMAT_VERSION: u32 = 1;

pub(super) const HEADER_LEN: usize = MAGIC.len() + 4 + 8 + 4;

/// Why a catalog could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// There is none yet.
    #[error("no catalog yet")]
    Missing,
    /// It could not be read or written.
    #[error("catalog {path}: {source}")]
    Io {
        /// The catalog file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// It was written by another version of this program.
    #[error("catalog of another version ({found}, this program writes {FORMAT_VERSION})")]
    OtherVersion {
        /// The version found.
        found: u32,
    },
    /// It is damaged, cut short, or belongs to another folder.
    #[error("damaged catalog: {0}")]
    Damaged(#[from] Damaged),
}

impl Catalog {
    /// Read the catalog at `path`, written for the folder `root`.
    pub fn load(path: &Path, root: &Path) -> Result<Self, CatalogError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(CatalogError::Missing);
            }
            Err(source) => {
                return Err(CatalogError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let payload = check_header(&bytes)?;
        let catalog = decode(payload)?;
        if catalog.root != root {
            return Err(Damaged(format!(
                "written for {}, not {}",
                catalog.root.display(),
                root.display()
            ))
            .into());
        }
        Ok(catalog)
    }

    /// Write the catalog to `path` atomically: readers see the old file or the new one.
    pub fn save(&self, path: &Path) -> Result<(), CatalogError> {
        self.view().save(path)
    }

    /// The catalog's parts, borrowed.
    fn view(&self) -> View<'_> {
        View {
            root: &self.root,
            generation: self.generation,
            checked_at_ns: self.checked_at_ns,
            articles: &self.articles,
            skipped: &self.skipped,
            stamps: &self.stamps,
            totals: self.totals,
            hidden_folders: self.hidden_folders,
        }
    }
}

/// What a catalog file holds, borrowed from wherever it is (a [`Catalog`], or a corpus that
/// was just scanned).
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// The scanned folder (absolute).
    pub root: &'a Path,
    /// See [`Catalog::generation`].
    pub generation: u64,
    /// See [`Catalog::checked_at_ns`].
    pub checked_at_ns: i64,
    /// Every article, in path order.
    pub articles: &'a [Article],
    /// Every skipped entry, in path order.
    pub skipped: &'a [SkippedFile],
    /// The stamps, in path order.
    pub stamps: &'a Stamps,
    /// The scan's counts.
    pub totals: ScanProgress,
    /// Hidden folders not entered.
    pub hidden_folders: u64,
}

impl View<'_> {
    /// Write it to `path` atomically: readers see the old file or the new one.
    pub fn save(&self, path: &Path) -> Result<(), CatalogError> {
        let io = |source| CatalogError::Io {
            path: path.to_path_buf(),
            source,
        };
        let (ranges, _, misaligned) = ranges_of(self.articles, self.skipped, &self.stamps.files);
        if misaligned {
            return Err(
                Damaged("articles without their file's stamp: not written".to_owned()).into(),
            );
        }
        let payload = encode(self, &ranges);
        let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        drop(payload);
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        // Catalogs a process left half-written (`.NAME.PID-GENERATION.tmp`).
        remove_stale_temporaries(dir, |name| name.starts_with('.') && name.ends_with(".tmp"));
        let temporary = dir.join(format!(
            ".{}.{}-{:x}.tmp",
            path.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id(),
            new_generation()
        ));
        let written = (|| {
            // No `fsync`: the catalog is a cache. After a crash a file cut short or left
            // empty by the system is caught by its length and checksum, and rebuilt.
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(&bytes)?;
            drop(file);
            std::fs::rename(&temporary, path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written.map_err(io)
    }
}

/// Remove the files of `dir` that `is_temporary` names (by file name) once they are over an
/// hour old: what a process left when it died while writing a file of the cache.
pub fn remove_stale_temporaries(dir: &Path, is_temporary: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_temporary(&name.to_string_lossy()) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The payload of a catalog file, once its header is checked.
fn check_header(bytes: &[u8]) -> Result<&[u8], CatalogError> {
    let damaged = |what: &str| CatalogError::Damaged(Damaged(what.to_owned()));
    let header = bytes
        .get(..HEADER_LEN)
        .ok_or_else(|| damaged("shorter than its header"))?;
    let (magic, rest) = header.split_at(MAGIC.len());
    if magic != MAGIC {
        return Err(damaged("not a catalog file"));
    }
    let word = |range: std::ops::Range<usize>| rest.get(range).unwrap_or_default();
    let version = u32::from_le_bytes(word(0..4).try_into().unwrap_or_default());
    if version != FORMAT_VERSION {
        return Err(CatalogError::OtherVersion { found: version });
    }
    let len = u64::from_le_bytes(word(4..12).try_into().unwrap_or_default());
    let crc = u32::from_le_bytes(word(12..16).try_into().unwrap_or_default());
    let payload = bytes.get(HEADER_LEN..).unwrap_or_default();
    if payload.len() as u64 != len {
        return Err(damaged(&format!(
            "{} bytes of payload where the header says {len} (cut short or half-written)",
            payload.len()
        )));
    }
    if crc32fast::hash(payload) != crc {
        return Err(damaged("checksum mismatch"));
    }
    Ok(payload)
}

fn encode(catalog: &View<'_>, ranges: &[FileRanges]) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(catalog.root.as_os_str().as_encoded_bytes());
    w.u64(catalog.generation);
    w.i64(catalog.checked_at_ns);
    let t = &catalog.totals;
    for count in [
        t.files_seen,
        t.article_files,
        t.articles,
        t.skipped,
        t.ignored,
        t.bytes_read,
        t.bad_records,
        catalog.hidden_folders,
    ] {
        w.u64(count);
    }
    let files = &catalog.stamps.files;
    w.u64(files.len() as u64);
    let mut previous: &str = "";
    for (file, range) in files.iter().zip(ranges) {
        path(&mut w, previous, &file.path, file.raw_path.as_deref());
        previous = &file.path;
        match &file.stamp {
            Some(stamp) => {
                w.u8(1);
                write_stamp(&mut w, stamp);
            }
            None => w.u8(0),
        }
        w.u8(match file.class {
            FileClass::Articles => 0,
            FileClass::Skipped => 1,
            FileClass::Ignored => 2,
        });
        let articles = catalog
            .articles
            .get(range.first_article..range.first_article + range.articles)
            .unwrap_or_default();
        w.u64(articles.len() as u64);
        for article in articles {
            write_article(&mut w, article);
        }
        let skipped = catalog
            .skipped
            .get(range.first_skipped..range.first_skipped + range.skipped)
            .unwrap_or_default();
        w.u64(skipped.len() as u64);
        for entry in skipped {
            write_reason(&mut w, &entry.reason);
        }
    }
    // Entries that belong to no file (and, in a catalog whose lists disagree, anything left).
    let owned: std::collections::HashSet<usize> = ranges
        .iter()
        .flat_map(|r| r.first_skipped..r.first_skipped + r.skipped)
        .collect();
    let loose: Vec<&SkippedFile> = catalog
        .skipped
        .iter()
        .enumerate()
        .filter(|(i, _)| !owned.contains(i))
        .map(|(_, s)| s)
        .collect();
    w.u64(loose.len() as u64);
    for entry in loose {
        w.str(&entry.path);
        write_reason(&mut w, &entry.reason);
    }
    w.u64(catalog.stamps.folders.len() as u64);
    let mut previous: &str = "";
    for folder in &catalog.stamps.folders {
        path(&mut w, previous, &folder.path, folder.raw_path.as_deref());
        previous = &folder.path;
        write_stamp(&mut w, &folder.stamp);
    }
    w.bytes
}

/// A path as the bytes it shares with the previous one and the rest (cut at a character
/// boundary), then the real path's bytes when it is not Unicode.
fn path(w: &mut Writer, previous: &str, path: &str, raw: Option<&Path>) {
    let mut shared = previous
        .bytes()
        .zip(path.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !path.is_char_boundary(shared) {
        shared -= 1;
    }
    w.u64(shared as u64);
    w.str(path.get(shared..).unwrap_or_default());
    match raw {
        Some(raw) => {
            w.u8(1);
            w.bytes(raw.as_os_str().as_encoded_bytes());
        }
        None => w.u8(0),
    }
}

fn read_path(r: &mut Reader<'_>, previous: &str) -> Result<(Box<str>, Option<Box<Path>>), Damaged> {
    let shared = usize::try_from(r.u64("path")?).unwrap_or(usize::MAX);
    let head = previous
        .get(..shared)
        .ok_or_else(|| Damaged(format!("a path shares {shared} bytes of {previous:?}")))?;
    let tail = r.str("path")?;
    let mut path = String::with_capacity(head.len() + tail.len());
    path.push_str(head);
    path.push_str(tail);
    let raw = match r.u8("path")? {
        0 => None,
        _ => {
            let bytes = r.bytes("raw path")?;
            Some(raw_path(bytes)?)
        }
    };
    Ok((path.into_boxed_str(), raw))
}

#[cfg(unix)]
fn raw_path(bytes: &[u8]) -> Result<Box<Path>, Damaged> {
    use std::os::unix::ffi::OsStrExt as _;
    Ok(Path::new(std::ffi::OsStr::from_bytes(bytes)).into())
}

#[cfg(not(unix))]
fn raw_path(bytes: &[u8]) -> Result<Box<Path>, Damaged> {
    // Elsewhere a path that is not Unicode is never written (names are kept lossy there).
    let text = std::str::from_utf8(bytes).map_err(|_| Damaged("a raw path".to_owned()))?;
    Ok(Path::new(text).into())
}

fn write_stamp(w: &mut Writer, stamp: &Stamp) {
    w.u64(stamp.size);
    w.i64(stamp.modified_ns);
    w.i64(stamp.changed_ns);
    w.u64(stamp.inode);
    w.u64(stamp.device);
}

fn read_stamp(r: &mut Reader<'_>) -> Result<Stamp, Damaged> {
    Ok(Stamp {
        size: r.u64("stamp")?,
        modified_ns: r.i64("stamp")?,
        changed_ns: r.i64("stamp")?,
        inode: r.u64("stamp")?,
        device: r.u64("stamp")?,
    })
}

const HAS_DATE: u64 = 1 << 2;
const HAS_DATELINE: u64 = 1 << 3;
const HAS_MODIFIED: u64 = 1 << 4;
const HAD_BOM: u64 = 1 << 5;
const HAS_SPAN: u64 = 1 << 6;
const HAS_META: u64 = 1 << 7;

fn write_article(w: &mut Writer, a: &Article) {
    let mut flags = match a.title_source {
        TitleSource::Headline => 0,
        TitleSource::LeadSentence => 1,
        TitleSource::FileName => 2,
    };
    for (set, bit) in [
        (a.date.is_some(), HAS_DATE),
        (a.dateline.is_some(), HAS_DATELINE),
        (a.modified_unix_s.is_some(), HAS_MODIFIED),
        (a.had_bom, HAD_BOM),
        (a.span.is_some(), HAS_SPAN),
        (a.meta.is_some(), HAS_META),
    ] {
        if set {
            flags |= bit;
        }
    }
    w.u64(flags);
    w.u8(format_code(a.format));
    w.str(&a.title);
    if let Some(date) = a.date {
        w.i64(i64::from(date.num_days_from_ce()));
    }
    if let Some(dateline) = &a.dateline {
        w.str(dateline);
    }
    w.u64(u64::from(a.words));
    w.u64(a.size_bytes);
    if let Some(modified) = a.modified_unix_s {
        w.i64(modified);
    }
    w.str(a.encoding.name());
    if let Some(span) = a.span {
        w.u64(span.start);
        w.u64(span.len);
    }
    if let Some(meta) = &a.meta {
        for field in [
            &meta.outlet,
            &meta.url,
            &meta.authors,
            &meta.language,
            &meta.date_problem,
        ] {
            w.opt_str(field.as_deref());
        }
    }
}

fn read_article(r: &mut Reader<'_>, path: &str, raw: Option<&Path>) -> Result<Article, Damaged> {
    let flags = r.u64("article")?;
    let format = read_format(r.u8("format")?)?;
    let title_source = match flags & 3 {
        0 => TitleSource::Headline,
        1 => TitleSource::LeadSentence,
        2 => TitleSource::FileName,
        _ => return Err(Damaged("a title source".to_owned())),
    };
    let title = r.str("title")?.into();
    let date = if flags & HAS_DATE != 0 {
        let days = i32::try_from(r.i64("date")?).map_err(|_| Damaged("a date".to_owned()))?;
        Some(NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| Damaged("a date".into()))?)
    } else {
        None
    };
    let dateline = (flags & HAS_DATELINE != 0)
        .then(|| r.str("dateline").map(Box::from))
        .transpose()?;
    let words = r.u32("words")?;
    let size_bytes = r.u64("size")?;
    let modified_unix_s = (flags & HAS_MODIFIED != 0)
        .then(|| r.i64("modified"))
        .transpose()?;
    let encoding_name = r.str("encoding")?;
    let encoding = encoding_rs::Encoding::for_label(encoding_name.as_bytes())
        .ok_or_else(|| Damaged(format!("an encoding {encoding_name:?}")))?;
    let span = if flags & HAS_SPAN != 0 {
        Some(ByteSpan {
            start: r.u64("span")?,
            len: r.u64("span")?,
        })
    } else {
        None
    };
    let meta = if flags & HAS_META != 0 {
        let mut field = || r.opt_str("meta").map(|f| f.map(Box::from));
        Some(Box::new(ArticleMeta {
            outlet: field()?,
            url: field()?,
            authors: field()?,
            language: field()?,
            date_problem: field()?,
        }))
    } else {
        None
    };
    Ok(Article {
        path: path.into(),
        raw_path: raw.map(Box::from),
        title,
        title_source,
        date,
        dateline,
        words,
        size_bytes,
        modified_unix_s,
        encoding,
        had_bom: flags & HAD_BOM != 0,
        format,
        span,
        meta,
    })
}

fn format_code(format: FormatKind) -> u8 {
    FormatKind::ALL
        .iter()
        .position(|&f| f == format)
        .map_or(u8::MAX, |i| i as u8)
}

fn read_format(code: u8) -> Result<FormatKind, Damaged> {
    FormatKind::ALL
        .get(usize::from(code))
        .copied()
        .ok_or_else(|| Damaged(format!("a format {code}")))
}

fn write_reason(w: &mut Writer, reason: &SkipReason) {
    let (tag, text, more): (u8, Option<&str>, Option<&str>) = match reason {
        SkipReason::Empty => (0, None, None),
        SkipReason::Blank => (1, None, None),
        SkipReason::Binary => (2, None, None),
        SkipReason::NotRegularFile => (3, None, None),
        SkipReason::Vanished => (4, None, None),
        SkipReason::BrokenLink => (5, None, None),
        SkipReason::LinkLoop => (6, None, None),
        SkipReason::PermissionDenied => (7, None, None),
        SkipReason::FolderUnreadable(m) => (8, Some(m), None),
        SkipReason::ReadError(m) => (9, Some(m), None),
        SkipReason::NoArticles => (10, None, None),
        SkipReason::TooLarge(limit) => {
            w.u8(11);
            w.u64(*limit);
            return;
        }
        SkipReason::Malformed(m) => (12, Some(m), None),
        SkipReason::BadRecord { at, problem } => (13, Some(at), Some(problem)),
        SkipReason::NotAnArticle => (14, None, None),
        SkipReason::Crashed(m) => (15, Some(m), None),
    };
    w.u8(tag);
    for part in [text, more].into_iter().flatten() {
        w.str(part);
    }
}

fn read_reason(r: &mut Reader<'_>) -> Result<SkipReason, Damaged> {
    let tag = r.u8("reason")?;
    let mut text = || r.str("reason").map(str::to_owned);
    Ok(match tag {
        0 => SkipReason::Empty,
        1 => SkipReason::Blank,
        2 => SkipReason::Binary,
        3 => SkipReason::NotRegularFile,
        4 => SkipReason::Vanished,
        5 => SkipReason::BrokenLink,
        6 => SkipReason::LinkLoop,
        7 => SkipReason::PermissionDenied,
        8 => SkipReason::FolderUnreadable(text()?),
        9 => SkipReason::ReadError(text()?),
        10 => SkipReason::NoArticles,
        11 => SkipReason::TooLarge(r.u64("reason")?),
        12 => SkipReason::Malformed(text()?),
        13 => SkipReason::BadRecord {
            at: text()?,
            problem: text()?,
        },
        14 => SkipReason::NotAnArticle,
        15 => SkipReason::Crashed(text()?),
        other => return Err(Damaged(format!("a skip reason {other}"))),
    })
}

fn decode(payload: &[u8]) -> Result<Catalog, Damaged> {
    let mut r = Reader::new(payload);
    let root = raw_path(r.bytes("root")?)?.into_path_buf();
    let generation = r.u64("generation")?;
    let checked_at_ns = r.i64("check time")?;
    let mut counts = [0u64; 8];
    for count in &mut counts {
        *count = r.u64("counts")?;
    }
    let [
        files_seen,
        article_files,
        articles_count,
        skipped_count,
        ignored,
        bytes_read,
        bad_records,
        hidden_folders,
    ] = counts;
    let totals = ScanProgress {
        files_seen,
        article_files,
        articles: articles_count,
        skipped: skipped_count,
        ignored,
        bytes_read,
        bad_records,
    };
    let (files, articles, mut skipped) = read_files(&mut r, articles_count)?;
    for _ in 0..r.count("loose skipped")? {
        let path = r.str("skipped path")?.to_owned();
        skipped.push(SkippedFile {
            path,
            reason: read_reason(&mut r)?,
        });
    }
    let folders = read_folders(&mut r)?;
    if !r.at_end() {
        return Err(Damaged("bytes after the last folder".to_owned()));
    }
    // Loose entries were written after the files': put the list back in path order.
    skipped.sort_by(SkippedFile::order);
    let mut catalog = Catalog::new(
        root,
        articles,
        skipped,
        Stamps { files, folders },
        totals,
        hidden_folders,
        checked_at_ns,
    );
    catalog.generation = generation;
    if !catalog.is_usable() {
        return Err(Damaged("records that belong to no file".to_owned()));
    }
    Ok(catalog)
}

type FileRecords = (Vec<FileStamp>, Vec<Article>, Vec<SkippedFile>);

/// The files, each with its articles and skipped entries.
fn read_files(r: &mut Reader<'_>, articles_count: u64) -> Result<FileRecords, Damaged> {
    let file_count = r.count("files")?;
    let mut files = Vec::with_capacity(file_count);
    let mut articles = Vec::with_capacity(
        usize::try_from(articles_count)
            .unwrap_or(0)
            .min(file_count * 4),
    );
    let mut skipped = Vec::new();
    let mut previous = String::new();
    for _ in 0..file_count {
        let (path, raw) = read_path(r, &previous)?;
        let stamp = match r.u8("stamp")? {
            0 => None,
            _ => Some(read_stamp(r)?),
        };
        let class = match r.u8("class")? {
            0 => FileClass::Articles,
            1 => FileClass::Skipped,
            2 => FileClass::Ignored,
            other => return Err(Damaged(format!("a file class {other}"))),
        };
        for _ in 0..r.count("articles")? {
            articles.push(read_article(r, &path, raw.as_deref())?);
        }
        for _ in 0..r.count("skipped")? {
            skipped.push(SkippedFile {
                path: path.to_string(),
                reason: read_reason(r)?,
            });
        }
        previous.clear();
        previous.push_str(&path);
        files.push(FileStamp {
            path,
            raw_path: raw,
            stamp,
            class,
        });
    }
    Ok((files, articles, skipped))
}

/// The folders and their stamps.
fn read_folders(r: &mut Reader<'_>) -> Result<Vec<FolderStamp>, Damaged> {
    let folder_count = r.count("folders")?;
    let mut folders = Vec::with_capacity(folder_count);
    let mut previous = String::new();
    for _ in 0..folder_count {
        let (path, raw_path) = read_path(r, &previous)?;
        let stamp = read_stamp(r)?;
        previous.clear();
        previous.push_str(&path);
        folders.push(FolderStamp {
            path,
            raw_path,
            stamp,
        });
    }
    Ok(folders)
}
