//! `corpus-explorer trends FOLDER QUERY [QUERY...]`: per period, the selected dated articles
//! and how many of them match each query, as counts and as shares. Queries run through the
//! folder's search index (kept in the user's cache) when one was built before, or else over the
//! files, read once for all the queries; undated articles are left out.

use std::path::PathBuf;

use chrono::Datelike as _;

use super::search::{open_index, parse_query, update_index};
use super::shared::{date_range, ignore_closed_pipe, keep_source, open_corpus, open_marks};
use crate::analysis::trends::{Trends, write_trends};
use crate::corpus::catalog::Opened;
use crate::corpus::export::ExportFormat;
use crate::corpus::timeline::Period;
use crate::corpus::{ArticleId, IdSet};
use crate::search::{ArticleLookup, Query, match_by_reading};

/// Arguments of `trends`.
#[derive(Debug, clap::Args)]
pub struct TrendsArgs {
    /// The folder of the articles.
    pub folder: PathBuf,
    /// The queries to compare (search syntax, as in `search`). A query that starts with `-`
    /// goes after `--`: `trends DIR -- '-rumour harbour'`. A query given twice counts once.
    #[arg(required = true, num_args = 1..)]
    pub queries: Vec<String>,
    /// The length of one period.
    #[arg(long, value_enum, default_value_t = Period::Month)]
    pub period: Period,
    /// Only articles dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Only articles whose Source is exactly this.
    #[arg(long, value_name = "S")]
    pub source: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
    pub format: ExportFormat,
    /// Read every file again instead of trusting the catalog of the last scan.
    #[arg(long)]
    pub rescan: bool,
}

/// Run `trends`.
pub fn run_trends(args: &TrendsArgs) -> anyhow::Result<()> {
    let mut queries: Vec<String> = Vec::with_capacity(args.queries.len());
    for query in &args.queries {
        if queries.contains(query) {
            eprintln!("{query:?} is given twice: it counts once");
        } else {
            queries.push(query.clone());
        }
    }
    // Every query is checked before any work.
    let parsed = queries
        .iter()
        .map(|q| parse_query(q))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let filter = date_range(args.from.as_deref(), args.to.as_deref())?;
    let opened = open_corpus(&args.folder, args.rescan)?;
    let corpus = &opened.refresh.corpus;
    let articles = &corpus.articles;
    let mut ids = crate::corpus::filter::filter_ids(articles, &filter);
    if let Some(source) = &args.source {
        keep_source(articles, &mut ids, source);
    }
    let selected = IdSet::of(articles.len(), ids);
    let needs_marks = parsed.iter().any(|(_, fields)| !fields.is_empty());
    let marks = needs_marks.then(|| open_marks(corpus)).transpose()?;
    let dated: Vec<ArticleId> = selected
        .iter()
        .filter(|&id| articles.get(id as usize).is_some_and(|a| a.date.is_some()))
        .collect();
    let text_queries: Vec<Option<&crate::search::Query>> =
        parsed.iter().map(|(query, _)| query.as_ref()).collect();
    let found = matching(&opened, &text_queries, &dated)?;
    let mut matches = Vec::with_capacity(parsed.len());
    for ((_, fields), mut found) in parsed.iter().zip(found) {
        if !fields.is_empty() {
            let kept = found.iter().filter(|&id| {
                articles.get(id as usize).is_some_and(|a| {
                    let tags = marks.as_ref().and_then(|m| m.mark_of(id)).map(|m| &m.tags);
                    fields.accepts(a, tags)
                })
            });
            found = IdSet::of(articles.len(), kept.collect::<Vec<ArticleId>>());
        }
        matches.push(found);
    }
    let day_of = |id: ArticleId| {
        articles
            .get(id as usize)
            .and_then(|a| a.date)
            .map(|d| d.num_days_from_ce())
    };
    let refs: Vec<&IdSet> = matches.iter().collect();
    let trends = Trends::count(args.period, None, &selected, &refs, &day_of);
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    ignore_closed_pipe(write_trends(out, args.format, &queries, &trends))
}

/// The articles matching each query (`None`: a query of field terms only, which every article
/// passes here). With a search index built before (by `search` or the window), the index
/// answers, brought up to date first. Without one, the selected dated articles (`dated`) are
/// read once for all the queries: for one command that is several times quicker than building
/// an index, which is left to `search` and the window.
fn matching(
    opened: &Opened,
    queries: &[Option<&Query>],
    dated: &[ArticleId],
) -> anyhow::Result<Vec<IdSet>> {
    let articles = &opened.refresh.corpus.articles;
    let index = open_index(opened)
        .inspect_err(|err| eprintln!("{err}: reading the files themselves"))
        .ok()
        .filter(|index| !index.is_empty());
    if let Some(mut index) = index {
        update_index(opened, &mut index)?;
        let lookup = ArticleLookup::new(&index, articles)?;
        return queries
            .iter()
            .map(|query| match query {
                Some(query) => Ok(lookup.matching(&index, query)?),
                None => Ok(IdSet::full(articles.len())),
            })
            .collect();
    }
    let text: Vec<Query> = queries.iter().flatten().map(|&q| q.clone()).collect();
    let read = match_by_reading(&opened.refresh.corpus.root, articles, dated, &text, &|| {
        false
    })?;
    if read.unreadable > 0 {
        eprintln!(
            "{} articles could not be read: they match no query",
            read.unreadable
        );
    }
    let mut read = read.matching.into_iter();
    Ok(queries
        .iter()
        .map(|query| match query {
            Some(_) => read
                .next()
                .unwrap_or_else(|| IdSet::with_bound(articles.len())),
            None => IdSet::full(articles.len()),
        })
        .collect())
}
