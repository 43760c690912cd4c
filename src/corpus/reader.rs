//! Reading one file into article records: what the scan does for every file it visits.
//!
//! A file that cannot become an article is never dropped silently: it becomes a
//! [`SkippedFile`] with its path and a [`SkipReason`] people can read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::article::{Article, TitleSource};
use super::decode::{self, SNIFF_BYTES, Sniffed};
use super::format::FormatKind;
use super::plaintext::{self, WordCounter};

/// Files up to this size are read whole into a reused buffer; larger ones are streamed so
/// memory stays bounded however big the file.
pub const WHOLE_READ_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// How much text from the start of a streamed file is kept to find the title.
const HEAD_TEXT_BYTES: usize = 64 * 1024;

/// How much to read in one call when the size of a file is not known.
const UNKNOWN_SIZE_GUESS: u64 = 64 * 1024;

/// Why a file did not become an article.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum SkipReason {
    /// The file has no bytes.
    Empty,
    /// The file holds only whitespace.
    Blank,
    /// The bytes are not text.
    Binary,
    /// A pipe, socket or device with an article's extension.
    NotRegularFile,
    /// The file was listed but was gone when it was opened.
    Vanished,
    /// A symbolic link whose target does not exist.
    BrokenLink,
    /// A symbolic link that leads back into one of its own parent folders.
    LinkLoop,
    /// The operating system refused to open the file or list the folder.
    PermissionDenied,
    /// A folder that could not be listed, with the system's message.
    FolderUnreadable(String),
    /// Any other read error, with the system's message.
    ReadError(String),
    /// A file of a multi-article format from which no article could be read (its bad records
    /// are listed separately).
    NoArticles,
    /// The file is too large for its format to be read (the limit is given).
    TooLarge(u64),
    /// The file is not in the layout its extension promises, e.g. a `.docx` that is not a
    /// Word document, or a CSV file without a text column.
    Malformed(String),
    /// One record inside a file holding many (a JSON line, a CSV row, a document of a batch)
    /// could not be read; the file's other records were.
    BadRecord {
        /// Where: `line 6`, `row 3 (line 9)`, `document 2 of 4`.
        at: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Not an article and not a problem: e.g. a Markdown note without front matter. Counted
    /// with the ignored files.
    NotAnArticle,
    /// Reading the file hit a bug in this program (a panic, with its message); the scan went
    /// on with the other files.
    Crashed(String),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("empty file (0 bytes)"),
            Self::Blank => f.write_str("no text: the file holds only whitespace"),
            Self::Binary => f.write_str("binary data, not text"),
            Self::NotRegularFile => f.write_str("not a regular file (a pipe, socket or device)"),
            Self::Vanished => f.write_str("the file disappeared during the scan"),
            Self::BrokenLink => f.write_str("broken symbolic link: its target does not exist"),
            Self::LinkLoop => f.write_str("symbolic link loop: it leads back into its own folder"),
            Self::PermissionDenied => f.write_str("permission denied"),
            Self::FolderUnreadable(message) => write!(f, "folder could not be listed: {message}"),
            Self::ReadError(message) => write!(f, "could not be read: {message}"),
            Self::NoArticles => f.write_str("no article could be read from the file"),
            Self::TooLarge(limit) => write!(
                f,
                "too large: files of this format are read up to {} MB",
                limit / (1024 * 1024)
            ),
            Self::Malformed(message) => f.write_str(message),
            Self::BadRecord { at, problem } => write!(f, "{at}: {problem}"),
            Self::NotAnArticle => f.write_str("not an article"),
            Self::Crashed(message) => write!(
                f,
                "reading this file failed unexpectedly (a bug in corpus-explorer, please report it): {message}"
            ),
        }
    }
}

impl SkipReason {
    /// The reason for an I/O error met while opening or reading a file.
    pub fn from_io(err: &io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::NotFound => Self::Vanished,
            io::ErrorKind::PermissionDenied => Self::PermissionDenied,
            // A file replaced by a folder after the walk listed it (reading a folder fails).
            io::ErrorKind::IsADirectory => Self::NotRegularFile,
            _ if is_link_loop(err) => Self::LinkLoop,
            _ => Self::ReadError(err.to_string()),
        }
    }
}

/// A file (or folder) the scan could not turn into articles.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SkippedFile {
    /// Path relative to the scanned folder, with `/`.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
}

/// Where a format's reader delivers what it finds in one file: the scan streams the articles
/// to the window as they come (a file can hold thousands).
pub(crate) trait ArticleSink {
    /// One article read.
    fn article(&mut self, article: Article);
    /// One record that could not be read, with its position in the file.
    fn bad_record(&mut self, at: String, problem: String);
    /// True when nobody wants more (the scan was cancelled): readers of long files stop.
    fn stopped(&self) -> bool {
        false
    }
}

/// A sink that keeps everything (for [`read_file`] and tests).
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub articles: Vec<Article>,
    pub bad_records: Vec<(String, String)>,
}

impl ArticleSink for Collected {
    fn article(&mut self, article: Article) {
        self.articles.push(article);
    }

    fn bad_record(&mut self, at: String, problem: String) {
        self.bad_records.push((at, problem));
    }
}

/// What the reader knows about a file before reading it.
#[derive(Clone, Copy, Debug)]
pub struct FileInfo<'a> {
    /// Relative path with `/` (for the record).
    pub rel_path: &'a str,
    /// The real relative path when `rel_path` had to replace invalid Unicode.
    pub raw_rel_path: Option<&'a Path>,
    /// Size from the file's metadata (`None` when the metadata was not asked for: the file is
    /// read to its end).
    pub size_bytes: Option<u64>,
    /// Modification time in seconds since the epoch.
    pub modified_unix_s: Option<i64>,
}

/// Modification time of a file's metadata in seconds since the Unix epoch.
pub fn modified_unix_s(metadata: &std::fs::Metadata) -> Option<i64> {
    let modified = metadata.modified().ok()?;
    match modified.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).ok(),
        Err(before) => i64::try_from(before.duration().as_secs()).ok().map(|s| -s),
    }
}

/// Open `abs_path` and read its articles with `format`. `buffer` is reused between calls.
/// Records that could not be read inside a file of many are left out (the scan lists them).
pub fn read_file(
    abs_path: &Path,
    rel_path: &str,
    raw_rel_path: Option<&Path>,
    format: FormatKind,
    buffer: &mut Vec<u8>,
) -> Result<Vec<Article>, SkipReason> {
    let mut out = Collected::default();
    let info = FileInfo {
        rel_path,
        raw_rel_path,
        size_bytes: None,
        modified_unix_s: None,
    };
    read_file_into(abs_path, info, true, format, buffer, &mut out)?;
    Ok(out.articles)
}

/// [`read_file`], delivering the articles to `out`. With `metadata`, the file's size and
/// modification time are asked for (one `fstat`) and a file that is not a regular file is
/// refused; without, the caller has checked the file's type and the records carry no
/// modification time. An error after some articles of a multi-article file were delivered
/// stops the reading there.
pub(crate) fn read_file_into(
    abs_path: &Path,
    mut info: FileInfo<'_>,
    metadata: bool,
    format: FormatKind,
    buffer: &mut Vec<u8>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    let mut file = match open_without_waiting(abs_path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let is_link =
                std::fs::symlink_metadata(abs_path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(if is_link {
                SkipReason::BrokenLink
            } else {
                SkipReason::Vanished
            });
        }
        Err(err) => return Err(SkipReason::from_io(&err)),
    };
    if metadata {
        let metadata = file.metadata().map_err(|e| SkipReason::from_io(&e))?;
        if !metadata.is_file() {
            return Err(SkipReason::NotRegularFile);
        }
        info.size_bytes = Some(metadata.len());
        info.modified_unix_s = modified_unix_s(&metadata);
    }
    // Every format: a file known to be empty is not opened by its reader.
    if info.size_bytes == Some(0) {
        return Err(SkipReason::Empty);
    }
    if metadata {
        return format.read_articles(&mut file, &info, buffer, out);
    }
    // Without the metadata call the size is not known beforehand: a file that gave nothing is
    // checked afterwards, so that an empty file is `Empty` in every format here too (a JSON
    // reader would call it blank, a DOCX reader a broken archive).
    let mut delivered = Delivered { out, any: false };
    let read = format.read_articles(&mut file, &info, buffer, &mut delivered);
    if !delivered.any
        && read != Err(SkipReason::Empty)
        && file.metadata().is_ok_and(|m| m.is_file() && m.len() == 0)
    {
        return Err(SkipReason::Empty);
    }
    read
}

/// A sink that notes whether anything was delivered.
struct Delivered<'a> {
    out: &'a mut dyn ArticleSink,
    any: bool,
}

impl ArticleSink for Delivered<'_> {
    fn article(&mut self, article: Article) {
        self.any = true;
        self.out.article(article);
    }

    fn bad_record(&mut self, at: String, problem: String) {
        self.any = true;
        self.out.bad_record(at, problem);
    }

    fn stopped(&self) -> bool {
        self.out.stopped()
    }
}

/// `ELOOP`: a link to itself, or links leading to each other (`io::ErrorKind::FilesystemLoop`
/// is not stable yet).
fn is_link_loop(err: &io::Error) -> bool {
    #[cfg(unix)]
    {
        err.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        false
    }
}

/// Open a file to read it without ever waiting in `open`: a FIFO put in the place of a file
/// after the walk listed it (or after the scan, for the reader) would otherwise block the open
/// until something writes to it, hanging the scan for good. Regular files read as usual (the
/// flag only matters for FIFOs and devices); a FIFO opened this way reads as empty or fails.
pub(crate) fn open_without_waiting(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Read up to `limit` bytes of `file` into `buffer` (cleared first).
pub(crate) fn read_up_to(file: &mut File, limit: u64, buffer: &mut Vec<u8>) -> io::Result<()> {
    buffer.clear();
    file.take(limit).read_to_end(buffer)?;
    Ok(())
}

/// The reader of `.txt` and Markdown files: one plain-text article, or one article with YAML
/// front matter, or (for `.txt`) a LexisNexis batch of many. A Markdown file without front
/// matter is a note, not an article.
pub(crate) fn read_text_file(
    file: &mut File,
    info: &FileInfo<'_>,
    buffer: &mut Vec<u8>,
    out: &mut dyn ArticleSink,
    markdown: bool,
) -> Result<(), SkipReason> {
    // A file that grew past the whole-read limit while it was read is streamed instead.
    if info
        .size_bytes
        .is_none_or(|size| size <= WHOLE_READ_MAX_BYTES)
        && let Some(len) =
            read_whole(file, info.size_bytes, buffer).map_err(|e| SkipReason::from_io(&e))?
    {
        return text_from_whole(buffer.get(..len).unwrap_or_default(), info, out, markdown);
    }
    if markdown {
        return Err(SkipReason::TooLarge(WHOLE_READ_MAX_BYTES));
    }
    out.article(plain_text_streamed(file, info, buffer)?);
    Ok(())
}

fn text_from_whole(
    bytes: &[u8],
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
    markdown: bool,
) -> Result<(), SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    let Some((text, encoding, bom_len)) = decode::decode_whole(bytes) else {
        return Err(SkipReason::Binary);
    };
    let decoded = super::TextFile {
        text: &text,
        encoding,
        bom_len,
        size_bytes: bytes.len() as u64,
    };
    if let Some(found) = super::frontmatter::read(&decoded, info, out) {
        return found;
    }
    if markdown {
        return Err(SkipReason::NotAnArticle);
    }
    if super::lexis::is_batch(&text) {
        return super::lexis::read(&decoded, info, out);
    }
    let words = plaintext::count_words(&text);
    out.article(build_article(
        &text,
        words,
        encoding,
        bom_len > 0,
        info,
        bytes.len() as u64,
    )?);
    Ok(())
}

/// A big file: decide the encoding from the first part, keep the first part of the text for
/// the title, and count words chunk by chunk without holding the text.
fn plain_text_streamed(
    file: &mut File,
    info: &FileInfo<'_>,
    buffer: &mut Vec<u8>,
) -> Result<Article, SkipReason> {
    use std::io::Seek as _;
    file.seek(io::SeekFrom::Start(0))
        .map_err(|e| SkipReason::from_io(&e))?;
    buffer.clear();
    buffer.resize(SNIFF_BYTES, 0);
    let sample_len = read_fill(file, buffer).map_err(|e| SkipReason::from_io(&e))?;
    if sample_len == 0 {
        return Err(SkipReason::Empty);
    }
    let Sniffed::Text { encoding, bom_len } = decode::sniff(&buffer[..sample_len], false) else {
        return Err(SkipReason::Binary);
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut counter = WordCounter::default();
    let mut head = String::new();
    let mut chunk = String::new();
    let mut total_bytes = sample_len as u64;
    let mut pending: Vec<u8> = buffer[bom_len.min(sample_len)..sample_len].to_vec();
    const CHUNK_BYTES: usize = 1024 * 1024;
    buffer.resize(CHUNK_BYTES, 0);
    loop {
        let read = read_fill(file, buffer).map_err(|e| SkipReason::from_io(&e))?;
        pending.extend_from_slice(&buffer[..read]);
        total_bytes += read as u64;
        let last = read == 0;
        chunk.clear();
        chunk.reserve(
            decoder
                .max_utf8_buffer_length(pending.len())
                .unwrap_or(pending.len() * 3),
        );
        let (_, consumed, _) = decoder.decode_to_string(&pending, &mut chunk, last);
        pending.drain(..consumed);
        counter.feed(&chunk);
        if head.len() < HEAD_TEXT_BYTES {
            let room = HEAD_TEXT_BYTES - head.len();
            let mut cut = chunk.len().min(room);
            while !chunk.is_char_boundary(cut) {
                cut -= 1;
            }
            head.push_str(&chunk[..cut]);
        }
        if last {
            break;
        }
    }
    let words = counter.words;
    build_article(&head, words, encoding, bom_len > 0, info, total_bytes)
}

/// Read a whole file into the start of `buffer`, usually with one `read` call: the buffer has
/// room for one byte more than the size the metadata gave (or a guess), and a regular file that
/// returns fewer bytes than asked is at its end. Returns the length read, or `None` when the
/// file turned out larger than [`WHOLE_READ_MAX_BYTES`]. The buffer keeps its length between
/// calls, so only its growth is ever zeroed.
fn read_whole(
    file: &mut File,
    size: Option<u64>,
    buffer: &mut Vec<u8>,
) -> io::Result<Option<usize>> {
    let want = usize::try_from(size.unwrap_or(UNKNOWN_SIZE_GUESS))
        .unwrap_or(usize::MAX)
        .min(WHOLE_READ_MAX_BYTES as usize)
        + 1;
    if buffer.len() < want {
        buffer.resize(want, 0);
    }
    let mut end = want;
    let mut filled = 0;
    loop {
        match file.read(buffer.get_mut(filled..end).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if filled < end {
                    break;
                }
                // Exactly full: the file is larger than expected; keep reading.
                if end as u64 > WHOLE_READ_MAX_BYTES {
                    return Ok(None);
                }
                end += end.min(WHOLE_READ_MAX_BYTES as usize + 1 - end).max(1);
                if buffer.len() < end {
                    buffer.resize(end, 0);
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(Some(filled))
}

/// Fill `buffer` as far as the file allows; returns the bytes read (less only at the end).
pub(crate) fn read_fill(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

pub(crate) fn build_article(
    text: &str,
    words: u64,
    encoding: &'static encoding_rs::Encoding,
    had_bom: bool,
    info: &FileInfo<'_>,
    size_bytes: u64,
) -> Result<Article, SkipReason> {
    let Some(layout) = plaintext::parse_layout(text) else {
        return Err(SkipReason::Blank);
    };
    let (title, title_source) = if layout.title_source == TitleSource::FileName {
        (file_stem(info.rel_path).into(), TitleSource::FileName)
    } else {
        (layout.title.into_boxed_str(), layout.title_source)
    };
    let words = words.saturating_sub(u64::from(layout.marker_words));
    Ok(Article {
        path: info.rel_path.into(),
        raw_path: info.raw_rel_path.map(Into::into),
        title,
        title_source,
        date: layout.date,
        dateline: layout.dateline.map(String::into_boxed_str),
        words: u32::try_from(words).unwrap_or(u32::MAX),
        size_bytes,
        modified_unix_s: info.modified_unix_s,
        encoding,
        had_bom,
        format: FormatKind::PlainText,
        span: None,
        meta: None,
    })
}

fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_the_place_of_a_listed_file_does_not_block_its_reading() {
        // The scan's type check comes from the folder's listing; the file may have become a
        // FIFO since. Opening a FIFO without a writer blocks, so this read used to hang.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("read-fifo".into())
            .spawn(move || {
                let mut with_metadata = Collected::default();
                let mut without_metadata = Collected::default();
                let info = FileInfo {
                    rel_path: "pipe.txt",
                    raw_rel_path: None,
                    size_bytes: None,
                    modified_unix_s: None,
                };
                let mut buffer = Vec::new();
                let format = FormatKind::PlainText;
                let checked =
                    read_file_into(&fifo, info, true, format, &mut buffer, &mut with_metadata);
                let unchecked = read_file_into(
                    &fifo,
                    info,
                    false,
                    format,
                    &mut buffer,
                    &mut without_metadata,
                );
                let _ = tx.send((checked, unchecked));
            })
            .unwrap();
        let (checked, unchecked) = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("reading a FIFO blocked");
        assert_eq!(checked, Err(SkipReason::NotRegularFile));
        // Without the metadata call the FIFO reads as what it holds: nothing.
        assert_eq!(unchecked, Err(SkipReason::Empty));
    }

    #[cfg(unix)]
    #[test]
    fn links_that_lead_to_themselves_are_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        let (ping, pong) = (dir.path().join("ping.txt"), dir.path().join("pong.txt"));
        std::os::unix::fs::symlink("self.txt", dir.path().join("self.txt")).unwrap();
        std::os::unix::fs::symlink("pong.txt", &ping).unwrap();
        std::os::unix::fs::symlink("ping.txt", &pong).unwrap();
        for path in [dir.path().join("self.txt"), ping, pong] {
            let err = File::open(&path).unwrap_err();
            assert_eq!(SkipReason::from_io(&err), SkipReason::LinkLoop, "{err}");
            let read = read_file(&path, "x.txt", None, FormatKind::PlainText, &mut Vec::new());
            assert_eq!(read, Err(SkipReason::LinkLoop));
        }
        let other = io::Error::other("disk on fire");
        assert_eq!(
            SkipReason::from_io(&other),
            SkipReason::ReadError("disk on fire".to_owned())
        );
    }

    #[test]
    fn an_empty_file_is_empty_in_every_format_with_or_without_metadata() {
        let dir = tempfile::tempdir().unwrap();
        for extension in ["txt", "md", "json", "jsonl", "ndjson", "csv", "tsv", "docx"] {
            let name = format!("empty.{extension}");
            let path = dir.path().join(&name);
            std::fs::write(&path, "").unwrap();
            let format = FormatKind::for_path(&path).unwrap();
            for metadata in [true, false] {
                let info = FileInfo {
                    rel_path: &name,
                    raw_rel_path: None,
                    size_bytes: None,
                    modified_unix_s: None,
                };
                let mut out = Collected::default();
                let read = read_file_into(&path, info, metadata, format, &mut Vec::new(), &mut out);
                assert_eq!(read, Err(SkipReason::Empty), "{name}, metadata: {metadata}");
                assert!(out.articles.is_empty() && out.bad_records.is_empty());
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_in_the_place_of_a_listed_file_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let info = FileInfo {
            rel_path: "folder.txt",
            raw_rel_path: None,
            size_bytes: None,
            modified_unix_s: None,
        };
        let mut buffer = Vec::new();
        for metadata in [true, false] {
            let read = read_file_into(
                dir.path(),
                info,
                metadata,
                FormatKind::PlainText,
                &mut buffer,
                &mut Collected::default(),
            );
            assert_eq!(
                read,
                Err(SkipReason::NotRegularFile),
                "metadata: {metadata}"
            );
        }
    }
}
