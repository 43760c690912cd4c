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

use std::borrow::Cow;
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

    /// The text of an article's body for counting its words: text with the tokens of
    /// [`Self::load`]'s. A plain-text file's is read into `bytes` and borrowed from it when it
    /// can be (see [`plain_text::words_text`]); other formats' is [`Self::load`]'s text.
    ///
    /// # Errors
    ///
    /// As [`Self::load`].
    pub fn load_words_text<'b>(
        &mut self,
        root: &Path,
        article: &Article,
        max_bytes: usize,
        bytes: &'b mut Vec<u8>,
    ) -> Result<Cow<'b, str>, BodyError> {
        if article.format != FormatKind::PlainText {
            return Ok(Cow::Owned(self.load(root, article, max_bytes)?.text));
        }
        let (_, mut file) = open_article(root, article)?;
        self.unpacked = None;
        plain_text::words_text(&mut file, article, max_bytes, bytes)
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
    let (article, body_start) = plain_text::read_decoded(&decoded, info)?;
    out.article_with_body(article, text.get(body_start..).unwrap_or_default());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain-text articles in every layout and encoding a body is read from: wrapped lines (LF
    /// and CRLF), lone CRs, a BOM, UTF-16, Windows-1252, a title derived from the lead.
    fn articles_in_every_layout() -> Vec<(&'static str, Vec<u8>)> {
        let paragraph = "The harbour authority said on Tuesday that the new ferry quota would \
                         apply from March, after months of talks with operators and unions";
        let wrapped = |width: usize, eol: &str| {
            let mut lines = vec![String::new()];
            for word in paragraph.split(' ').chain(paragraph.split(' ')) {
                let line = lines.last_mut().unwrap();
                if line.len() + word.len() + 1 > width {
                    lines.push(word.to_owned());
                } else {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                }
            }
            lines.join(eol)
        };
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                format!("Quota row\n\nLONDON (AP) \u{2014} {paragraph}. 東京都 Zoë\n")
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        vec![
            (
                "wrapped.txt",
                format!(
                    "Ferry quota\n\n{}\n\n{}\n",
                    wrapped(60, "\n"),
                    wrapped(72, "\n")
                )
                .into(),
            ),
            (
                "crlf.txt",
                format!("Ferry quota\r\n\r\n{}\r\n\r\nEnd.\r\n", wrapped(64, "\r\n")).into(),
            ),
            (
                "lone-cr.txt",
                format!("Ferry quota\r\r{paragraph}\rsecond\rline\r").into(),
            ),
            (
                "bom.txt",
                format!("\u{FEFF}Ferry quota date 2021-03-05\n\n{paragraph}\n").into(),
            ),
            ("utf16.txt", utf16),
            (
                "latin1.txt",
                b"Caf\xe9 quota\n\nLe caf\xe9 na\xefve \x80 ferm\xe9.\n".to_vec(),
            ),
            (
                "lead.txt",
                format!("{paragraph}. And a second sentence here.\n").into(),
            ),
        ]
    }

    /// [`articles_in_every_layout`] written in `dir`.
    fn write_every_layout(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
        let files = articles_in_every_layout();
        for (name, bytes) in &files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        files
    }

    #[test]
    fn the_text_for_counting_words_has_the_bodys_words_in_every_encoding_and_layout() {
        let dir = tempfile::tempdir().unwrap();
        let files = write_every_layout(dir.path());
        let corpus = crate::corpus::scan::scan_folder(dir.path()).unwrap();
        assert_eq!(corpus.articles.len(), files.len(), "{:?}", corpus.skipped);
        let mut loader = BodyLoader::default();
        let mut buffer = Vec::new();
        let mut borrowed = 0;
        // Whole, cut at 120 bytes, and cut at a byte inside a character somewhere.
        for max_bytes in [DEFAULT_BODY_MAX_BYTES, 120, 101] {
            for article in corpus.articles.iter() {
                let body = loader.load(dir.path(), article, max_bytes).unwrap();
                let text = loader
                    .load_words_text(dir.path(), article, max_bytes, &mut buffer)
                    .unwrap();
                let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
                assert_eq!(
                    words(&text),
                    words(&body.text),
                    "{} at {max_bytes}",
                    article.path
                );
                if max_bytes == DEFAULT_BODY_MAX_BYTES {
                    assert!(words(&text).len() > 3, "{}: {text:?}", article.path);
                }
                borrowed += usize::from(matches!(text, Cow::Borrowed(_)));
            }
        }
        // Every UTF-8 file read whole is borrowed from the buffer, not copied.
        assert_eq!(borrowed, 5);
    }

    /// Keeps what a scan tells of its plain-text bodies.
    #[derive(Clone, Default)]
    struct Told(std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>);

    impl crate::corpus::ArticleText for Told {
        fn article_text(&mut self, article: &Article, body: &str) {
            let told = (article.path.to_string(), body.to_owned());
            self.0.lock().unwrap().push(told);
        }
    }

    #[test]
    fn a_scan_tells_each_plain_text_and_lexisnexis_body_as_the_words_text_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let files = write_every_layout(dir.path());
        // LexisNexis batches (German, French, two editions; one also in Windows-1252 with CRLF
        // line breaks) are told; a JSON Lines file is not (its bodies are read as the store
        // needs them).
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lexis");
        for name in [
            "lexisnexis-de.txt",
            "lexisnexis-fr.txt",
            "lexisnexis-editions.txt",
        ] {
            std::fs::copy(format!("{fixtures}/{name}"), dir.path().join(name)).unwrap();
        }
        let french = std::fs::read_to_string(format!("{fixtures}/lexisnexis-fr.txt")).unwrap();
        let crlf = french.replace('\n', "\r\n");
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&crlf);
        std::fs::write(dir.path().join("lexisnexis-fr-1252.txt"), &latin1).unwrap();
        std::fs::write(
            dir.path().join("feed.jsonl"),
            "{\"title\": \"Quota\", \"text\": \"The harbour quota rose.\"}\n",
        )
        .unwrap();
        let told = Told::default();
        let make = told.clone();
        let options = crate::corpus::ScanOptions {
            texts: Some(std::sync::Arc::new(move || {
                Box::new(make.clone()) as Box<dyn crate::corpus::ArticleText>
            })),
            ..crate::corpus::ScanOptions::default()
        };
        let corpus = crate::corpus::start_scan(dir.path(), options)
            .unwrap()
            .collect();
        let formats: Vec<FormatKind> = corpus.articles.iter().map(|a| a.format).collect();
        assert!(formats.contains(&FormatKind::JsonLines), "{formats:?}");
        let lexis = formats
            .iter()
            .filter(|&&f| f == FormatKind::LexisNexis)
            .count();
        assert!(lexis >= 7, "{formats:?}");
        let mut told = told.0.lock().unwrap().clone();
        told.sort();
        let mut expected = Vec::new();
        let (mut loader, mut buffer) = (BodyLoader::default(), Vec::new());
        let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        for article in corpus.articles.iter() {
            if article.format == FormatKind::JsonLines {
                continue;
            }
            let text = loader
                .load_words_text(dir.path(), article, DEFAULT_BODY_MAX_BYTES, &mut buffer)
                .unwrap();
            assert!(words(&text).len() > 3, "{}: {text:?}", article.path);
            expected.push((article.path.to_string(), text.into_owned()));
        }
        expected.sort();
        assert_eq!(expected.len(), files.len() + lexis);
        assert_eq!(told.len(), expected.len());
        for ((path, body), (expected_path, text)) in told.iter().zip(&expected) {
            assert_eq!(path, expected_path);
            if path.starts_with("lexisnexis") {
                // The same words; the line breaks as the file has them.
                assert_eq!(words(body), words(text), "{path}");
            } else {
                assert_eq!(body, text, "{path}");
            }
        }
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
