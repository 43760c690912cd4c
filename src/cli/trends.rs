//! `corpus-explorer trends FOLDER QUERY [QUERY...]`: per period, the selected dated articles
//! and how many of them match each query, as counts and as shares. Queries run through the
//! folder's search index (kept in the user's cache); undated articles are left out.

use std::path::PathBuf;

use chrono::Datelike as _;

use super::search::{parse_query, search_articles, up_to_date_index};
use super::shared::{date_range, ignore_closed_pipe, keep_source, open_corpus, open_marks};
use crate::analysis::trends::{Trends, write_trends};
use crate::corpus::catalog::Opened;
use crate::corpus::export::ExportFormat;
use crate::corpus::timeline::Period;
use crate::corpus::{ArticleId, IdSet};
use crate::search::{ArticleLookup, SearchIndex};

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
    let mut matcher = Matching::new(&opened);
    let needs_marks = parsed.iter().any(|(_, fields)| !fields.is_empty());
    let marks = needs_marks.then(|| open_marks(corpus)).transpose()?;
    let mut matches = Vec::with_capacity(parsed.len());
    for (query, fields) in &parsed {
        let mut found = match query {
            Some(query) => matcher.matching(query)?,
            None => IdSet::full(articles.len()),
        };
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

/// Queries run through the folder's index, or, when it cannot be had, by reading the files.
struct Matching<'a> {
    opened: &'a Opened,
    index: Option<(SearchIndex, ArticleLookup)>,
}

impl<'a> Matching<'a> {
    fn new(opened: &'a Opened) -> Self {
        let articles = &opened.refresh.corpus.articles;
        let index = up_to_date_index(opened)
            .and_then(|index| {
                let lookup = ArticleLookup::new(&index, articles)?;
                Ok((index, lookup))
            })
            .inspect_err(|err| eprintln!("{err}: searching the files themselves"))
            .ok();
        Self { opened, index }
    }

    fn matching(&mut self, query: &crate::search::Query) -> anyhow::Result<IdSet> {
        if let Some((index, lookup)) = &self.index {
            return Ok(lookup.matching(index, query)?);
        }
        Ok(search_articles(self.opened, query)?.matching_ids())
    }
}
