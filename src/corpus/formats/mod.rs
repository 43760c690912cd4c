//! The article formats, one module each: every format owns both its scan reader (one file
//! into zero or more [`Article`]s) and its `load_body` (one article's text read again, from the
//! byte span the scan recorded, without parsing the whole file again).
//!
//! This module is the dispatch above them: by the file's extension ([`FormatKind::for_path`])
//! and, for text files, by what the file holds (front matter, a LexisNexis batch, or a plain
//! article). What the formats share sits below them: [`fields`] (named fields of a record
//! into an article), [`dates`], [`layout`] (the plain-text layout), [`body`], and the scan's
//! sink, decoding and file helpers.

pub mod body;
pub mod dates;
mod delimited;
mod fields;
mod front_matter;
mod json;
pub mod layout;
mod lexis;
mod nexis_uni;
mod plain_text;

use std::fs::File;
use std::io;
use std::path::Path;

pub use body::{ArticleBody, BodyError, DEFAULT_BODY_MAX_BYTES};

use crate::corpus::article::{Article, FormatKind};
use crate::corpus::scan::decode::{TextFile, decode_whole};
use crate::corpus::scan::file_io::{WHOLE_READ_MAX_BYTES, open_without_waiting, read_whole};
use crate::corpus::scan::sink::{ArticleSink, FileInfo, SkipReason};

/// What a text file with the `.txt` or a Markdown extension may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextExtension {
    /// `.txt`: a plain article, one with front matter, or a LexisNexis batch.
    Txt,
    /// `.md`: an article with front matter; without, a note (not an article).
    Markdown,
}

/// Read the articles of one opened file in `format`.
pub(crate) fn read_articles(
    format: FormatKind,
    file: &mut File,
    info: &FileInfo<'_>,
    buffer: &mut Vec<u8>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    match format {
        FormatKind::PlainText | FormatKind::LexisNexis => {
            read_text_file(file, info, buffer, out, TextExtension::Txt)
        }
        FormatKind::FrontMatter => read_text_file(file, info, buffer, out, TextExtension::Markdown),
        FormatKind::Json => json::read_json(file, info, buffer, out),
        FormatKind::JsonLines => json::read_json_lines(file, info, out),
        FormatKind::Csv | FormatKind::Tsv => delimited::read(format, file, info, out),
        FormatKind::NexisUni => nexis_uni::read(file, info, out),
    }
}

/// Read an article's body again from `root` (the scanned folder), reading at most `max_bytes`
/// of the file and decoding it the way the scan did.
pub fn load_body(
    root: &Path,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let (_, mut file) = open_article(root, article)?;
    load_body_from(&mut file, article, max_bytes)
}

/// Reads the bodies of many articles one after another, in the corpus's order (an index, a word
/// count, a search without one): the articles of a Word export are cut from its document
/// decompressed once, not decompressed again up to each of them. One per thread.
#[derive(Default)]
pub struct BodyLoader {
    unpacked: Option<nexis_uni::Unpacked>,
}

impl BodyLoader {
    /// What [`load_body`] reads, sooner for the next article of the same Word export.
    pub fn load(
        &mut self,
        root: &Path,
        article: &Article,
        max_bytes: usize,
    ) -> Result<ArticleBody, BodyError> {
        let (path, mut file) = open_article(root, article)?;
        if article.format == FormatKind::NexisUni {
            return nexis_uni::load_body_unpacked(
                &mut self.unpacked,
                &path,
                &mut file,
                article,
                max_bytes,
            );
        }
        self.unpacked = None;
        load_body_from(&mut file, article, max_bytes)
    }
}

fn open_article(root: &Path, article: &Article) -> Result<(std::path::PathBuf, File), BodyError> {
    let path = root.join(article.fs_path());
    let file = open_without_waiting(&path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => BodyError::Vanished(article.path.to_string()),
        _ => BodyError::Io {
            path: article.path.to_string(),
            source,
        },
    })?;
    Ok((path, file))
}

fn load_body_from(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    match article.format {
        FormatKind::PlainText => plain_text::load_body(file, article, max_bytes),
        FormatKind::FrontMatter => front_matter::load_body(file, article, max_bytes),
        FormatKind::LexisNexis => lexis::load_body(file, article, max_bytes),
        FormatKind::Json | FormatKind::JsonLines => json::load_body(file, article, max_bytes),
        FormatKind::Csv | FormatKind::Tsv => delimited::load_body(file, article, max_bytes),
        FormatKind::NexisUni => nexis_uni::load_body(file, article, max_bytes),
    }
}

/// A `.txt` or Markdown file: one plain-text article, or one article with YAML front matter,
/// or (for `.txt`) a LexisNexis batch of many. A Markdown file without front matter is a note,
/// not an article.
fn read_text_file(
    file: &mut File,
    info: &FileInfo<'_>,
    buffer: &mut Vec<u8>,
    out: &mut dyn ArticleSink,
    extension: TextExtension,
) -> Result<(), SkipReason> {
    // A file that grew past the whole-read limit while it was read is streamed instead.
    if info
        .size_bytes
        .is_none_or(|size| size <= WHOLE_READ_MAX_BYTES)
        && let Some(len) =
            read_whole(file, info.size_bytes, buffer).map_err(|e| SkipReason::from_io(&e))?
    {
        return read_whole_text(buffer.get(..len).unwrap_or_default(), info, out, extension);
    }
    if extension == TextExtension::Markdown {
        return Err(SkipReason::TooLarge(WHOLE_READ_MAX_BYTES));
    }
    out.article(plain_text::read_streamed(file, info, buffer)?);
    Ok(())
}

/// A whole text file: which format it is in is seen in its text.
fn read_whole_text(
    bytes: &[u8],
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
    extension: TextExtension,
) -> Result<(), SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    let Some((text, encoding, bom_len)) = decode_whole(bytes) else {
        return Err(SkipReason::Binary);
    };
    let decoded = TextFile {
        text: &text,
        encoding,
        bom_len,
        size_bytes: bytes.len() as u64,
    };
    if let Some(found) = front_matter::read(&decoded, info, out) {
        return found;
    }
    if extension == TextExtension::Markdown {
        return Err(SkipReason::NotAnArticle);
    }
    if lexis::is_batch(&text) {
        return lexis::read(&decoded, info, out);
    }
    out.article(plain_text::read_decoded(&decoded, info)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
