//! The corpus core: turning a folder into article records, and everything done with them that
//! does not need a window (filtering, sorting, export, timeline counts). Nothing here imports
//! egui.
//!
//! Data flow: [`start_scan`] walks the folder on background threads ([`scan`]), reading each
//! file with the reader its extension picks ([`formats`]), and streams [`ScanEvent`]s; a
//! [`Corpus`] gathers them ([`Corpus::apply`]) and sorts by path when the scan ends. Views of
//! the corpus are lists of [`ArticleId`]s: the one row filter ([`filter`]) and the sort
//! ([`sort`], or the integer [`SortKeys`] of a finished corpus) pick and order them. Bodies are
//! never kept: [`load_body`] reads one article again when the reader asks for it.
//!
//! Inside, imports point one way: `scan` (walk, read one file) calls the format dispatch
//! (`formats/mod.rs`), which calls each format; the formats use what they share below them
//! (`formats::{fields, body, dates, layout}`, the scan's sink, decoding and pipeline, `text`,
//! `article`).

mod article;
pub mod catalog;
pub mod export;
pub mod facets;
pub mod filter;
pub mod formats;
mod id_set;
mod keys;
pub mod marks;
mod records;
pub mod scan;
pub mod sort;
pub mod subset;
pub mod text;
pub mod timeline;

pub use article::{
    Article, ArticleId, ArticleMeta, ByteSpan, FormatKind, TitleSource, formats_sentence,
};
pub use filter::{DateFilter, RowFilter};
pub use formats::{ArticleBody, BodyError, BodyLoader, DEFAULT_BODY_MAX_BYTES, load_body};
pub use id_set::IdSet;
pub use keys::{DateStats, SortKeys, SortedCorpus};
pub use records::{Corpus, counted};
pub use scan::{
    ArticleText, ArticleTexts, BadRecord, BeforeRead, ScanError, ScanEvent, ScanHandle,
    ScanOptions, ScanProgress, ScanSummary, SkipReason, SkippedFile, Sniffed, WHOLE_READ_MAX_BYTES,
    check_folder, decode, panic_message, read_file, scan_folder, sniff, start_scan,
};
pub use sort::{SortColumn, SortOrder};
pub use text::normalise_line_breaks;

/// What [`read_one_file`] found in one file: its articles and the records it could not read,
/// or why the whole file was skipped.
pub type FileReading = Result<(Vec<Article>, Vec<BadRecord>), SkipReason>;

/// Read the file `name` in `dir` the way a scan does (its extension picks the format), then
/// read every article found back again the way the reader does. For tests and fuzzing: a
/// broken file must give a reason, never a panic. Body errors are returned with the articles'
/// problems (`body of N`).
pub fn read_one_file(dir: &std::path::Path, name: &str) -> FileReading {
    let path = dir.join(name);
    let format = FormatKind::for_path(&path).ok_or(SkipReason::NotAnArticle)?;
    let info = scan::sink::FileInfo {
        rel_path: name,
        raw_rel_path: None,
        size_bytes: None,
        modified_unix_s: None,
    };
    let mut out = scan::sink::Collected::default();
    scan::read::read_file_into(
        &path,
        info,
        scan::read::FileMetadata::Ask,
        format,
        &mut Vec::new(),
        &mut out,
    )?;
    for (i, article) in out.articles.iter().enumerate() {
        if let Err(err) = load_body(dir, article, DEFAULT_BODY_MAX_BYTES) {
            out.bad_records.push(BadRecord {
                at: format!("body of {}", i + 1),
                problem: err.to_string(),
            });
        }
    }
    Ok((out.articles, out.bad_records))
}
