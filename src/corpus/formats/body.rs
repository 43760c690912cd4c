//! An article's body read again on demand (the table never holds bodies): what every format's
//! `load_body` returns, and the pieces they share.

use std::fs::File;
use std::io;

use super::fields::Fields;
use crate::corpus::article::{Article, ByteSpan};
use crate::corpus::scan::file_io::{modified_unix_s, read_up_to};
use crate::corpus::scan::pipeline::RECORD_MAX_BYTES;
use crate::corpus::text::{join_wrapped_lines, normalise_line_breaks};

/// The reader shows at most this much of an article by default; longer ones show their first
/// part with a notice.
pub const DEFAULT_BODY_MAX_BYTES: usize = 4 * 1024 * 1024;

/// An article's text, read again from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleBody {
    /// The body: the text after the headline (or the whole lead when the title was derived),
    /// with line breaks normalised to `\n`. Paragraphs are separated by blank lines or are one
    /// per line, as in the file; the lines of a hard-wrapped text are joined into paragraphs
    /// (see [`crate::corpus::text::join_wrapped_lines`]: no byte moves, so the offsets of hits
    /// are those of the text as read).
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

/// Shorten `text` to at most `max_bytes` bytes, at a character boundary; whether it was cut.
pub(crate) fn cut_at_char_boundary(text: &mut String, max_bytes: usize) -> bool {
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

/// One record of a multi-article file, read again.
pub(crate) struct RecordBytes {
    /// The bytes of the record's span.
    pub bytes: Vec<u8>,
    /// The file changed since the scan: its modification time or size differs, or it no
    /// longer holds the record's span.
    pub changed_since_scan: bool,
}

/// Whether a file's size and modification time are still those the scan recorded for the
/// article: if not, the file changed since the scan (spans and offsets may be wrong).
pub(crate) fn is_as_scanned(metadata: &std::fs::Metadata, article: &Article) -> bool {
    metadata.len() == article.size_bytes && modified_unix_s(metadata) == article.modified_unix_s
}

/// Read the bytes of one record of a multi-article file again.
pub(crate) fn read_span(file: &mut File, article: &Article) -> Result<RecordBytes, BodyError> {
    use std::io::Seek as _;
    let io_error = |source| BodyError::Io {
        path: article.path.to_string(),
        source,
    };
    let metadata = file.metadata().map_err(io_error)?;
    let span = article.span.unwrap_or(ByteSpan {
        start: 0,
        len: metadata.len(),
    });
    let mut changed =
        !is_as_scanned(&metadata, article) || metadata.len() < span.start.saturating_add(span.len);
    file.seek(io::SeekFrom::Start(span.start))
        .map_err(io_error)?;
    let want = span.len.min(RECORD_MAX_BYTES);
    let mut bytes = Vec::new();
    read_up_to(file, want, want, &mut bytes).map_err(io_error)?;
    if (bytes.len() as u64) < want {
        changed = true;
    }
    Ok(RecordBytes {
        bytes,
        changed_since_scan: changed,
    })
}

/// The body of a record whose fields were read again.
pub(crate) fn record_body(
    fields: Fields,
    max_bytes: usize,
    changed_since_scan: bool,
) -> ArticleBody {
    let mut text = normalise_line_breaks(fields.text.trim());
    join_wrapped_lines(&mut text);
    let truncated = cut_at_char_boundary(&mut text, max_bytes);
    ArticleBody {
        text,
        truncated,
        changed_since_scan,
        fields: fields.extra,
    }
}
