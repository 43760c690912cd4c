//! Plain-text articles: one article per `.txt` file, its title, date and dateline found by the
//! layout rules ([`super::layout`]). Files up to
//! [`crate::corpus::WHOLE_READ_MAX_BYTES`] are read whole; larger
//! ones are streamed, keeping the first part of the text for the title and counting words chunk
//! by chunk, so memory stays bounded however big the file.

use std::borrow::Cow;
use std::fs::File;
use std::io;

use super::body::{ArticleBody, BodyError, cut_at_char_boundary, is_as_scanned};
use super::layout::parse_layout;
use crate::corpus::article::{Article, FormatKind, TitleSource};
use crate::corpus::scan::decode::{self, SNIFF_BYTES, Sniffed, TextFile};
use crate::corpus::scan::file_io::{read_fill, read_up_to};
use crate::corpus::scan::sink::{FileInfo, SkipReason};
use crate::corpus::text::{WordCounter, count_words, join_wrapped_lines, normalise_line_breaks};

/// How much text from the start of a streamed file is kept to find the title.
const HEAD_TEXT_BYTES: usize = 64 * 1024;

/// The article of a whole decoded text file, and where its body starts in the text.
pub(super) fn read_decoded(
    file: &TextFile<'_>,
    info: &FileInfo<'_>,
) -> Result<(Article, usize), SkipReason> {
    let Some(layout) = parse_layout(file.text) else {
        return Err(SkipReason::Blank);
    };
    let body_start = layout.body_start;
    let article = article_of_layout(
        layout,
        count_words(file.text),
        (file.encoding, file.bom_len > 0),
        info,
        file.size_bytes,
    );
    Ok((article, body_start))
}

/// A big file: decide the encoding from the first part, keep the first part of the text for
/// the title, and count words chunk by chunk without holding the text.
pub(super) fn read_streamed(
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
    article_from_text(&head, words, encoding, bom_len > 0, info, total_bytes)
}

/// The record of a plain-text article whose (first part of the) text is `text`.
pub(super) fn article_from_text(
    text: &str,
    words: u64,
    encoding: &'static encoding_rs::Encoding,
    had_bom: bool,
    info: &FileInfo<'_>,
    size_bytes: u64,
) -> Result<Article, SkipReason> {
    let Some(layout) = parse_layout(text) else {
        return Err(SkipReason::Blank);
    };
    Ok(article_of_layout(
        layout,
        words,
        (encoding, had_bom),
        info,
        size_bytes,
    ))
}

/// The record of a plain-text article laid out as `layout`, its text `words` words long.
fn article_of_layout(
    layout: super::layout::Layout,
    words: u64,
    (encoding, had_bom): (&'static encoding_rs::Encoding, bool),
    info: &FileInfo<'_>,
    size_bytes: u64,
) -> Article {
    let (title, title_source) = if layout.title_source == TitleSource::FileName {
        (file_stem(info.rel_path).into(), TitleSource::FileName)
    } else {
        (layout.title.into_boxed_str(), layout.title_source)
    };
    let words = words.saturating_sub(u64::from(layout.marker_words));
    Article {
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
    }
}

fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// Read the body again: the text after the headline (or the whole lead when the title was
/// derived).
pub(super) fn load_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let metadata = file.metadata().map_err(|e| io_error(article, e))?;
    let changed_since_scan = !is_as_scanned(&metadata, article);
    let mut bytes = Vec::new();
    read_up_to(file, max_bytes as u64 + 1, metadata.len(), &mut bytes)
        .map_err(|e| io_error(article, e))?;
    Ok(ArticleBody {
        changed_since_scan,
        ..body_of(decoded(&bytes, article, max_bytes), max_bytes)
    })
}

/// The body of a file's text as [`decoded`] gives it.
fn body_of(
    (text, body_start, truncated): (Cow<'_, str>, usize, bool),
    max_bytes: usize,
) -> ArticleBody {
    let body = text.get(body_start..).unwrap_or_default();
    let mut text = normalise_line_breaks(body.trim_start_matches(['\r', '\n']).trim_end());
    join_wrapped_lines(&mut text);
    // Decoded text can be longer than the bytes read (UTF-16 CJK: 2 bytes become 3; a
    // Windows-1252 `€`: 1 byte becomes 3), so the limit applies to the text as well.
    let cut = cut_at_char_boundary(&mut text, max_bytes);
    ArticleBody {
        text,
        truncated: truncated || cut,
        changed_since_scan: false,
        fields: Vec::new(),
    }
}

/// The text of a file's first `max_bytes` bytes (borrowed when they are UTF-8), where its body
/// starts in it, and whether the file had more bytes.
fn decoded<'b>(
    bytes: &'b [u8],
    article: &Article,
    max_bytes: usize,
) -> (Cow<'b, str>, usize, bool) {
    let truncated = bytes.len() > max_bytes;
    let bytes = bytes.get(..max_bytes).unwrap_or(bytes);
    let bom_len = if article.had_bom {
        encoding_rs::Encoding::for_bom(bytes).map_or(0, |(_, len)| len)
    } else {
        0
    };
    let text = decode::decode(bytes, article.encoding, bom_len, !truncated);
    let body_start = parse_layout(&text).map_or(0, |layout| layout.body_start);
    (text, body_start, truncated)
}

/// The body's text for counting its words, read into `bytes`: text with [`load_body`]'s
/// tokens. When nothing is cut off, that is the body as the file has it, borrowed from `bytes`
/// when it is UTF-8: its line breaks are not made one kind nor its wrapped lines joined, which
/// only puts one space or line break for another between words. The file's size is taken from
/// the scan (a file that changed since is still read to its end).
pub(super) fn words_text<'b>(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
    bytes: &'b mut Vec<u8>,
) -> Result<Cow<'b, str>, BodyError> {
    read_up_to(file, max_bytes as u64 + 1, article.size_bytes, bytes)
        .map_err(|e| io_error(article, e))?;
    let bytes: &'b [u8] = bytes;
    let (text, body_start, truncated) = decoded(bytes, article, max_bytes);
    if truncated || text.len() > max_bytes {
        return Ok(Cow::Owned(
            body_of((text, body_start, truncated), max_bytes).text,
        ));
    }
    Ok(match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.get(body_start..).unwrap_or_default()),
        Cow::Owned(mut text) => {
            text.drain(..body_start.min(text.len()));
            Cow::Owned(text)
        }
    })
}

fn io_error(article: &Article, source: io::Error) -> BodyError {
    BodyError::Io {
        path: article.path.to_string(),
        source,
    }
}
