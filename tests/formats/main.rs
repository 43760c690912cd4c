//! The formats beyond plain text — news-please JSON, JSON Lines, CSV/TSV, LexisNexis text
//! batches, Nexis Uni DOCX exports and front matter — over the project's sample-data and over
//! files built in a temporary directory: the fields each reader extracts, how files holding many
//! articles split (in file order), where bad records are reported, that one article's body is
//! read again from its own span (with its extra fields, and noticing a file changed since the
//! scan), why an undated article is undated, the `list` command per format, that the totals add
//! up, and that ten thousand records in one file all arrive with their dates.

// Tests fail loudly by design; a test reads as one story (its steps in order, with what each
// checks), so the length limit on functions is for the program's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

#[path = "../common/mod.rs"]
mod common;
use common::{assert_totals_add_up, day, fixtures, sample_data, write};

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use corpus_explorer::corpus::formats::dates::parse_date;
use corpus_explorer::corpus::{
    Article, ArticleBody, BodyLoader, Corpus, DEFAULT_BODY_MAX_BYTES, FormatKind, SkipReason,
    load_body, scan_folder,
};

/// Scan a folder of sample-data (`""`: all of it), checking the totals.
fn scan_sample(folder: &str) -> Corpus {
    let corpus = scan_folder(&sample_data().join(folder)).unwrap();
    assert_totals_add_up(&corpus);
    corpus
}

/// The articles of one file, in file order.
fn articles_in<'a>(corpus: &'a Corpus, path: &str) -> Vec<&'a Article> {
    let found: Vec<&Article> = corpus
        .articles
        .iter()
        .filter(|a| &*a.path == path)
        .collect();
    assert!(
        !found.is_empty(),
        "no article in {path}; have {:?}; skipped {:?}",
        corpus.articles.iter().map(|a| &a.path).collect::<Vec<_>>(),
        corpus.skipped
    );
    found
}

/// The one article of a file.
fn only_article<'a>(corpus: &'a Corpus, path: &str) -> &'a Article {
    let found = articles_in(corpus, path);
    assert_eq!(found.len(), 1, "{path}");
    found[0]
}

/// Title, date, source and authors: what the table shows of an article.
fn shown(a: &Article) -> (&str, Option<NaiveDate>, &str, Option<&str>) {
    (&a.title, a.date, a.source(), a.meta().authors.as_deref())
}

fn body(corpus: &Corpus, article: &Article) -> ArticleBody {
    load_body(&corpus.root, article, DEFAULT_BODY_MAX_BYTES).unwrap()
}

fn fields(body: &ArticleBody) -> Vec<(&str, &str)> {
    body.fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// The bad records listed for a file, as (position, problem).
fn bad_records(corpus: &Corpus, path: &str) -> Vec<(String, String)> {
    corpus
        .skipped
        .iter()
        .filter(|s| s.path == path)
        .filter_map(|s| match &s.reason {
            SkipReason::BadRecord { at, problem } => Some((at.clone(), problem.clone())),
            _ => None,
        })
        .collect()
}

/// The line (1-based) of a byte offset of a file.
fn line_of(bytes: &[u8], offset: u64) -> usize {
    1 + bytes[..offset as usize]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The lines of a file where each of its articles' spans starts.
fn span_lines(corpus: &Corpus, path: &str) -> Vec<usize> {
    let bytes = fs::read(corpus.root.join(path)).unwrap();
    articles_in(corpus, path)
        .iter()
        .map(|a| {
            line_of(
                &bytes,
                a.span.expect("a multi-article record has a span").start,
            )
        })
        .collect()
}

/// Assert `text` holds `own` and none of `neighbours`.
fn assert_own_text(text: &str, own: &str, neighbours: &[&str]) {
    assert!(text.contains(own), "missing {own:?} in {text:?}");
    for other in neighbours {
        assert!(!text.contains(other), "neighbour's {other:?} in {text:?}");
    }
}

mod dates_and_changes;
mod delimited;
mod front_matter;
mod json;
mod lexis;
mod list_and_totals;
mod nexis_uni;
