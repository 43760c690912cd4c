//! Reading one article's body on demand (the table never holds bodies).

use std::fs::File;
use std::io;
use std::path::Path;

use super::article::Article;
use super::decode;
use super::plaintext;
use super::reader::{modified_unix_s, open_without_waiting, read_up_to};

/// The reader shows at most this much of an article by default; longer ones show their first
/// part with a notice.
pub const DEFAULT_BODY_MAX_BYTES: usize = 4 * 1024 * 1024;

/// An article's text, read again from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleBody {
    /// The body: the text after the headline (or the whole lead when the title was derived),
    /// with line breaks normalised to `\n`. Paragraphs are separated by blank lines or are one
    /// per line, as in the file.
    pub text: String,
    /// True when only the first part was read (the file is larger than the limit).
    pub truncated: bool,
    /// True when the file's size or modification time differs from the scan's record.
    pub changed_since_scan: bool,
    /// Fields the format holds beyond title, date, outlet, URL, authors and language, in the
    /// file's order: a CSV file's other columns, a LexisNexis `SECTION:` or `LENGTH:`, a
    /// news-please `description`.
    pub fields: Vec<(String, String)>,
}

/// Why a body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// The file is gone.
    #[error("the file no longer exists: {0}")]
    Vanished(String),
    /// Any other I/O error.
    #[error("could not read {path}: {source}")]
    Io {
        /// The file's path.
        path: String,
        /// What the system said.
        source: io::Error,
    },
}

impl BodyError {
    /// The article's record is no longer what the scan read (the file changed).
    pub(crate) fn invalid(article: &Article, problem: String) -> Self {
        Self::Io {
            path: article.path.to_string(),
            source: io::Error::new(io::ErrorKind::InvalidData, problem),
        }
    }
}

/// Read an article's body again from `root` (the scanned folder), reading at most `max_bytes`
/// of the file and decoding it the way the scan did.
pub fn load_body(
    root: &Path,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let path = root.join(article.fs_path());
    let mut file = open_without_waiting(&path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => BodyError::Vanished(article.path.to_string()),
        _ => BodyError::Io {
            path: article.path.to_string(),
            source,
        },
    })?;
    article.format.load_body(&mut file, article, max_bytes)
}

pub(crate) fn load_plain_text_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let io_error = |source| BodyError::Io {
        path: article.path.to_string(),
        source,
    };
    let metadata = file.metadata().map_err(io_error)?;
    let changed_since_scan = metadata.len() != article.size_bytes
        || modified_unix_s(&metadata) != article.modified_unix_s;
    let mut bytes = Vec::new();
    read_up_to(file, max_bytes as u64 + 1, &mut bytes).map_err(io_error)?;
    let truncated = bytes.len() > max_bytes;
    bytes.truncate(max_bytes);
    let bom_len = if article.had_bom {
        encoding_rs::Encoding::for_bom(&bytes).map_or(0, |(_, len)| len)
    } else {
        0
    };
    let text = decode::decode(&bytes, article.encoding, bom_len, !truncated);
    let body_start = plaintext::parse_layout(&text).map_or(0, |layout| layout.body_start);
    let body = text.get(body_start..).unwrap_or_default();
    let mut text = normalise_line_breaks(body.trim_start_matches(['\r', '\n']).trim_end());
    // Decoded text can be longer than the bytes read (UTF-16 CJK: 2 bytes become 3; a
    // Windows-1252 `€`: 1 byte becomes 3), so the limit applies to the text as well.
    let cut = cut_at_char_boundary(&mut text, max_bytes);
    Ok(ArticleBody {
        text,
        truncated: truncated || cut,
        changed_since_scan,
        fields: Vec::new(),
    })
}

/// Shorten `text` to at most `max_bytes` bytes, at a character boundary; whether it was cut.
fn cut_at_char_boundary(text: &mut String, max_bytes: usize) -> bool {
    if text.len() <= max_bytes {
        return false;
    }
    let mut cut = max_bytes;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    true
}

/// The longest single record of a multi-article file that is read back (a JSON line, a CSV
/// row, one document of a batch).
pub(crate) const RECORD_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Read the bytes of one record of a multi-article file again, and whether the file changed
/// since the scan (its modification time differs, or it no longer holds the record's span).
pub(crate) fn read_span(file: &mut File, article: &Article) -> Result<(Vec<u8>, bool), BodyError> {
    use std::io::{Read as _, Seek as _};
    let io_error = |source| BodyError::Io {
        path: article.path.to_string(),
        source,
    };
    let metadata = file.metadata().map_err(io_error)?;
    let span = article.span.unwrap_or(super::ByteSpan {
        start: 0,
        len: metadata.len(),
    });
    let mut changed = modified_unix_s(&metadata) != article.modified_unix_s
        || metadata.len() != article.size_bytes
        || metadata.len() < span.start.saturating_add(span.len);
    file.seek(io::SeekFrom::Start(span.start))
        .map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(span.len.min(RECORD_MAX_BYTES))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if (bytes.len() as u64) < span.len.min(RECORD_MAX_BYTES) {
        changed = true;
    }
    Ok((bytes, changed))
}

/// The body of a record whose fields were read again.
pub(crate) fn record_body(
    fields: super::record::Fields,
    max_bytes: usize,
    changed_since_scan: bool,
) -> ArticleBody {
    let mut text = normalise_line_breaks(fields.text.trim());
    let truncated = cut_at_char_boundary(&mut text, max_bytes);
    ArticleBody {
        text,
        truncated,
        changed_since_scan,
        fields: fields.extra,
    }
}

/// `\r\n` and lone `\r` become `\n`.
pub fn normalise_line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (line, end) in plaintext::lines_with_ends(text) {
        out.push_str(line);
        if end > start + line.len() {
            out.push('\n');
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_normalised() {
        assert_eq!(normalise_line_breaks("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(normalise_line_breaks("a\r\n\r\nb"), "a\n\nb");
    }

    #[cfg(unix)]
    #[test]
    fn an_article_replaced_by_a_fifo_does_not_block_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(dir.path().join("pipe.txt"))
            .status()
            .unwrap();
        assert!(status.success());
        let mut article = Article::for_test("pipe.txt");
        article.size_bytes = 20;
        let root = dir.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("body-fifo".into())
            .spawn(move || {
                let _ = tx.send(load_body(&root, &article, DEFAULT_BODY_MAX_BYTES));
            })
            .unwrap();
        let body = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("opening a FIFO blocked the reader")
            .unwrap();
        assert!(body.changed_since_scan);
        assert_eq!(body.text, "");
    }
}
