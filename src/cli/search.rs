//! `corpus-explorer search FOLDER QUERY`: the articles that match, with their hit counts, or
//! every hit in context (`--kwic`).

use std::path::PathBuf;

use super::shared::{
    date_range, ignore_closed_pipe, keep_source, marks_for_listing, open_corpus, open_marks,
};
use crate::corpus::ArticleId;
use crate::corpus::Corpus;
use crate::corpus::catalog::Opened;
use crate::corpus::export::ExportFormat;
use crate::search::{Delta, SearchIndex};

/// Arguments of `search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The folder to search.
    pub folder: PathBuf,
    /// The query: words (all must occur), OR, -word, "a phrase", prefix*, title:word.
    pub query: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
    pub format: ExportFormat,
    /// One row per hit: path, left context, hit, right context.
    #[arg(long)]
    pub kwic: bool,
    /// Read every file again instead of trusting the catalog of the last scan (and write the
    /// catalog anew).
    #[arg(long)]
    pub rescan: bool,
    /// Keep articles whose Source is exactly this (the outlet the file names, else the folder).
    #[arg(long, value_name = "S")]
    pub source: Option<String>,
    /// Keep articles tagged TAG.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}

/// The folder's search index, brought in line with the opened corpus.
pub(super) fn up_to_date_index(opened: &Opened) -> anyhow::Result<SearchIndex> {
    let mut index = open_index(opened)?;
    update_index(opened, &mut index)?;
    Ok(index)
}

/// The folder's search index as it is (empty when it was never built).
pub(super) fn open_index(opened: &Opened) -> anyhow::Result<SearchIndex> {
    let dir = crate::search::default_index_dir(&opened.refresh.corpus.root)
        .ok_or_else(|| anyhow::anyhow!("no cache directory to keep the search index in"))?;
    Ok(SearchIndex::open(&dir)?)
}

/// Bring `index` in line with the opened corpus, saying on stderr what changed.
pub(super) fn update_index(opened: &Opened, index: &mut SearchIndex) -> anyhow::Result<()> {
    let refresh = &opened.refresh;
    let corpus = &refresh.corpus;
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let started = std::time::Instant::now();
    let delta = Delta {
        previous_generation: refresh.previous_generation,
        generation: opened.generation,
        stale: &refresh.stale,
        fresh_paths: &refresh.fresh_paths,
    };
    let stats = index.update_from(
        &corpus.root,
        &corpus.articles,
        &delta,
        &cancel,
        &mut |_, _| {},
    )?;
    if stats.indexed + stats.removed > 0 {
        eprintln!(
            "indexed {} articles, removed {}, {} unchanged, in {:.2} s",
            stats.indexed,
            stats.removed,
            stats.unchanged,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Run `search`: open the folder through its catalog, bring the index up to date, search,
/// print.
pub fn run_search(args: &SearchArgs) -> anyhow::Result<()> {
    let (query, fields) = parse_query(&args.query)?;
    let opened = open_corpus(&args.folder, args.rescan)?;
    let corpus: &Corpus = &opened.refresh.corpus;
    let needs_tags = args.tag.is_some()
        || fields
            .0
            .iter()
            .any(|f| f.field == crate::search::MetaField::Tag);
    let marks = marks_for_listing(corpus, needs_tags)?;
    let results = match &query {
        Some(query) => Some(search_articles(&opened, query)?),
        None => None,
    };
    if let Some(results) = &results
        && args.kwic
        && results.lines_dropped > 0
    {
        eprintln!(
            "{} more hits not printed (at most {} concordance lines)",
            results.lines_dropped,
            crate::search::run::MAX_LINES
        );
    }
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    // Corpus order is path order.
    let wanted = |id: u32| {
        let mark = marks.as_ref().and_then(|m| m.mark_of(id));
        corpus.articles.get(id as usize).is_some_and(|article| {
            args.source
                .as_deref()
                .is_none_or(|source| article.source() == source)
                && fields.accepts(article, mark.map(|m| &m.tags))
        }) && args
            .tag
            .as_deref()
            .is_none_or(|tag| mark.is_some_and(|m| m.tags.contains(tag)))
    };
    let kwic: Vec<_> = results
        .iter()
        .flat_map(|r| &r.lines)
        .filter(|line| wanted(line.article))
        .filter_map(|line| line.to_row(&corpus.articles))
        .collect();
    let hits = |id: usize| match &results {
        Some(results) => results.counts.get(id).copied().unwrap_or(0) as usize,
        None => 0,
    };
    let rows: Vec<_> = corpus
        .articles
        .iter()
        .enumerate()
        .filter(|&(id, _)| (results.is_none() || hits(id) > 0) && wanted(id as u32))
        .map(|(id, article)| {
            let mark = marks.as_ref().and_then(|m| m.mark_of(id as u32));
            ((article, mark), hits(id))
        })
        .collect();
    let result = if args.kwic {
        crate::corpus::export::write_kwic(&mut out, args.format, &kwic)
    } else if rows.is_empty() {
        Ok(())
    } else {
        crate::corpus::export::write_search_results(&mut out, args.format, rows)
    };
    ignore_closed_pipe(result)
}

/// A query's words parsed, and its `source:`, `author:` and `tag:` terms (either may be
/// missing, not both).
pub(super) fn parse_query(
    text: &str,
) -> anyhow::Result<(Option<crate::search::Query>, crate::search::FieldFilters)> {
    let invalid = |err| anyhow::anyhow!("invalid query {text:?}: {err}");
    match crate::search::parse_with_fields(text).map_err(invalid)? {
        (None, fields) if fields.is_empty() => Err(invalid(crate::search::SyntaxError::Empty)),
        parsed => Ok(parsed),
    }
}

/// Run `query` over the opened folder: through its index, brought up to date, or reading the
/// files when the index cannot be had.
pub(super) fn search_articles(
    opened: &Opened,
    query: &crate::search::Query,
) -> anyhow::Result<crate::search::SearchResults> {
    let index = up_to_date_index(opened)
        .inspect_err(|err| eprintln!("{err}: searching the files themselves"))
        .ok();
    let corpus = &opened.refresh.corpus;
    Ok(crate::search::search_corpus(
        &corpus.root,
        &corpus.articles,
        index.as_ref(),
        query,
        &|| false,
        &mut |_| {},
        &mut |_, _| {},
    )?)
}

/// What `tag`, `words` and the other selecting commands select by: `--from`, `--to`,
/// `--source` and a query.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Selection<'a> {
    /// `--from`, as given.
    pub from: Option<&'a str>,
    /// `--to`, as given.
    pub to: Option<&'a str>,
    /// `--source`: the Source column's value, exactly.
    pub source: Option<&'a str>,
    /// The query (search syntax, with `source:`, `author:` and `tag:` terms).
    pub query: Option<&'a str>,
}

impl Selection<'_> {
    /// True when it selects every article (nothing narrows it).
    pub(super) fn is_everything(&self) -> bool {
        self.from.is_none() && self.to.is_none() && self.source.is_none() && self.query.is_none()
    }
}

/// The selecting arguments `tag` and `words` share.
#[derive(Debug, clap::Args)]
pub struct SelectionArgs {
    /// Only the articles that match this search (the search syntax of `search`).
    pub query: Option<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Only articles whose Source is exactly this.
    #[arg(long, value_name = "S")]
    pub source: Option<String>,
}

impl SelectionArgs {
    /// What they select by.
    pub(super) fn selection(&self) -> Selection<'_> {
        Selection {
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            source: self.source.as_deref(),
            query: self.query.as_deref(),
        }
    }
}

/// The articles `selection` selects, in path order; `narrow` may take more out after the date
/// range and the source (before the query runs).
pub(super) fn select_articles(
    opened: &Opened,
    selection: &Selection<'_>,
    narrow: &dyn Fn(&mut Vec<ArticleId>) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<ArticleId>> {
    let corpus: &Corpus = &opened.refresh.corpus;
    let filter = date_range(selection.from, selection.to)?;
    let mut ids = crate::corpus::filter::filter_ids(&corpus.articles, &filter);
    if let Some(source) = selection.source {
        keep_source(&corpus.articles, &mut ids, source);
    }
    narrow(&mut ids)?;
    let Some(text) = selection.query else {
        return Ok(ids);
    };
    let (query, fields) = parse_query(text)?;
    if let Some(query) = query {
        let results = search_articles(opened, &query)?;
        ids.retain(|&id| results.counts.get(id as usize).is_some_and(|&c| c > 0));
    }
    if !fields.is_empty() {
        let marks = open_marks(corpus)?;
        ids.retain(|&id| {
            corpus
                .articles
                .get(id as usize)
                .is_some_and(|a| fields.accepts(a, marks.mark_of(id).map(|m| &m.tags)))
        });
    }
    Ok(ids)
}
