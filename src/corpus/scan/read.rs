//! Reading one file into article records: what the scan does for every file it visits. The
//! file's extension picks the format ([`crate::corpus::formats`]); whatever the format, the
//! same checks come first (a file that vanished, a broken link, a FIFO, an empty file).

use std::io;
use std::path::Path;

use super::file_io::{modified_unix_s, open_without_waiting};
use super::sink::{ArticleSink, Collected, FileInfo, SkipReason};
use super::stamp::Stamp;
use crate::corpus::article::{Article, FormatKind};
use crate::corpus::formats;

pub use super::file_io::WHOLE_READ_MAX_BYTES;

/// Whether to ask the file system for a file's size and modification time before reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileMetadata {
    /// One `fstat`: the records carry the size and modification time, and a file that is not
    /// a regular file is refused.
    Ask,
    /// The caller has checked the file's type; the records carry no modification time.
    Skip,
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
    read_file_into(abs_path, info, FileMetadata::Ask, format, buffer, &mut out)?;
    Ok(out.articles)
}

/// [`read_file`], delivering the articles to `out`, asking for the file's metadata or not (see
/// [`FileMetadata`]). An error after some articles of a multi-article file were delivered
/// stops the reading there.
pub(crate) fn read_file_into(
    abs_path: &Path,
    info: FileInfo<'_>,
    metadata: FileMetadata,
    format: FormatKind,
    buffer: &mut Vec<u8>,
    out: &mut dyn ArticleSink,
) -> Result<(), SkipReason> {
    read_stamped(abs_path, info, metadata, format, buffer, out, &mut None)
}

/// [`read_file_into`]; with the metadata asked for, `stamp` gets the file's stamp as it was
/// opened.
pub(crate) fn read_stamped(
    abs_path: &Path,
    mut info: FileInfo<'_>,
    metadata: FileMetadata,
    format: FormatKind,
    buffer: &mut Vec<u8>,
    out: &mut dyn ArticleSink,
    stamp: &mut Option<Stamp>,
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
    if metadata == FileMetadata::Ask {
        let metadata = file.metadata().map_err(|e| SkipReason::from_io(&e))?;
        *stamp = Some(Stamp::of(&metadata));
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
    if metadata == FileMetadata::Ask {
        return formats::read_articles(format, &mut file, &info, buffer, out);
    }
    // Without the metadata call the size is not known beforehand: a file that gave nothing is
    // checked afterwards, so that an empty file is `Empty` in every format here too (a JSON
    // reader would call it blank, a DOCX reader a broken archive).
    let mut delivered = Delivered { out, any: false };
    let read = formats::read_articles(format, &mut file, &info, buffer, &mut delivered);
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

    fn article_with_body(&mut self, article: Article, body: &str) {
        self.any = true;
        self.out.article_with_body(article, body);
    }

    fn bad_record(&mut self, at: String, problem: String) {
        self.any = true;
        self.out.bad_record(at, problem);
    }

    fn stopped(&self) -> bool {
        self.out.stopped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

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
                let checked = read_file_into(
                    &fifo,
                    info,
                    FileMetadata::Ask,
                    format,
                    &mut buffer,
                    &mut with_metadata,
                );
                let unchecked = read_file_into(
                    &fifo,
                    info,
                    FileMetadata::Skip,
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
            for metadata in [FileMetadata::Ask, FileMetadata::Skip] {
                let info = FileInfo {
                    rel_path: &name,
                    raw_rel_path: None,
                    size_bytes: None,
                    modified_unix_s: None,
                };
                let mut out = Collected::default();
                let read = read_file_into(&path, info, metadata, format, &mut Vec::new(), &mut out);
                assert_eq!(
                    read,
                    Err(SkipReason::Empty),
                    "{name}, metadata: {metadata:?}"
                );
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
        for metadata in [FileMetadata::Ask, FileMetadata::Skip] {
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
                "metadata: {metadata:?}"
            );
        }
    }
}
