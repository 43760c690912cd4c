//! The article formats the scanner knows, chosen by file extension.
//!
//! Each format turns one file into zero or more [`Article`]s and can read one article's body
//! again. Adding a format means a new variant here and a module that implements its two
//! functions; files holding many articles record each article's [`super::ByteSpan`] so the
//! reader loads one without parsing the whole file again.

use std::path::Path;

use super::article::Article;
use super::body::{ArticleBody, BodyError};
use super::reader::{FileInfo, SkipReason};

/// A file format the scanner reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FormatKind {
    /// One article per `.txt` file (see [`super::plaintext`] for the layouts understood).
    PlainText,
}

impl FormatKind {
    /// Every format, in the order they are tried.
    pub const ALL: [Self; 1] = [Self::PlainText];

    /// The format for a path, from its extension (case-insensitive); `None` for other files,
    /// which the scan counts as ignored.
    pub fn for_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?;
        Self::ALL.into_iter().find(|format| {
            format
                .extensions()
                .iter()
                .any(|e| e.eq_ignore_ascii_case(extension))
        })
    }

    /// File extensions (without the dot) this format reads.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::PlainText => &["txt"],
        }
    }

    /// A short name for people, e.g. in the reader.
    pub fn label(self) -> &'static str {
        match self {
            Self::PlainText => "plain text",
        }
    }

    /// Read the articles of one opened file.
    pub(crate) fn read_articles(
        self,
        file: &mut std::fs::File,
        info: &FileInfo<'_>,
        buffer: &mut Vec<u8>,
        out: &mut Vec<Article>,
    ) -> Result<(), SkipReason> {
        match self {
            Self::PlainText => {
                out.push(super::reader::read_plain_text(file, info, buffer)?);
                Ok(())
            }
        }
    }

    /// Read one article's body again.
    pub(crate) fn load_body(
        self,
        file: &mut std::fs::File,
        article: &Article,
        max_bytes: usize,
    ) -> Result<ArticleBody, BodyError> {
        match self {
            Self::PlainText => super::body::load_plain_text_body(file, article, max_bytes),
        }
    }
}
