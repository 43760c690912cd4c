//! What the state must be, recomputed from the records on their own terms (no code of the
//! app's is reused): the table's rows and counts, the order of two rows, and what is wrong
//! with a set of hits or of timeline bars.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use chrono::{Datelike as _, NaiveDate};

use crate::app::BodyState;
use crate::corpus::timeline::Bins;
use crate::corpus::{Article, ArticleId, DateFilter, SortColumn, SortOrder};
use crate::search::Hits;
use crate::search::run::UNCOUNTED;

/// At most this many ids are named in a message about a set of rows.
const SHOWN_IDS: usize = 8;

/// What the table must show, computed from the records.
pub(super) struct Expected {
    pub(super) ids: Vec<ArticleId>,
    pub(super) hidden_by_range: usize,
    pub(super) hidden_undated: usize,
    pub(super) hidden_by_search: usize,
    pub(super) hidden_by_facets: usize,
    pub(super) hidden_by_families: usize,
    pub(super) undated: usize,
    pub(super) hits: u64,
    pub(super) span: Option<(NaiveDate, NaiveDate)>,
    pub(super) years: Vec<i32>,
}

impl Expected {
    pub(super) fn of(
        articles: &[Article],
        filter: &DateFilter,
        counts: Option<&[u32]>,
        fields: &dyn Fn(ArticleId) -> bool,
        facets: &dyn Fn(ArticleId) -> bool,
        later_in_family: &dyn Fn(ArticleId) -> bool,
    ) -> Self {
        let mut out = Self {
            ids: Vec::new(),
            hidden_by_range: 0,
            hidden_undated: 0,
            hidden_by_search: 0,
            hidden_by_facets: 0,
            hidden_by_families: 0,
            undated: 0,
            hits: 0,
            span: None,
            years: Vec::new(),
        };
        let mut years = BTreeSet::new();
        for (i, article) in articles.iter().enumerate() {
            let Ok(id) = ArticleId::try_from(i) else {
                break;
            };
            match article.date {
                None => out.undated += 1,
                Some(date) => {
                    years.insert(date.year());
                    out.span = Some(
                        out.span
                            .map_or((date, date), |(lo, hi)| (lo.min(date), hi.max(date))),
                    );
                }
            }
            let in_range = match article.date {
                None => filter.include_undated,
                Some(date) => {
                    filter.from.is_none_or(|from| from <= date)
                        && filter.to.is_none_or(|to| date <= to)
                }
            };
            if !in_range {
                if article.date.is_some() {
                    out.hidden_by_range += 1;
                } else {
                    out.hidden_undated += 1;
                }
                continue;
            }
            if later_in_family(id) {
                out.hidden_by_families += 1;
                continue;
            }
            if let Some(counts) = counts {
                let count = counts.get(i).copied().unwrap_or(0);
                if count == 0 {
                    out.hidden_by_search += 1;
                    continue;
                }
                if !fields(id) {
                    out.hidden_by_search += 1;
                    continue;
                }
                if !facets(id) {
                    out.hidden_by_facets += 1;
                    continue;
                }
                if count != UNCOUNTED {
                    out.hits += u64::from(count);
                }
            } else if !fields(id) {
                out.hidden_by_search += 1;
                continue;
            } else if !facets(id) {
                out.hidden_by_facets += 1;
                continue;
            }
            out.ids.push(id);
        }
        out.years = years.into_iter().collect();
        out
    }
}

/// Whether article `id` satisfies the query's `source:`, `author:` and `tag:` terms.
pub(super) fn field_filter(state: &crate::app::AppState) -> impl Fn(ArticleId) -> bool + '_ {
    let articles = state
        .corpus
        .as_ref()
        .map_or(&[][..], |c| c.articles.as_slice());
    move |id| {
        state.search.fields.is_empty()
            || articles.get(id as usize).is_some_and(|a| {
                state
                    .search
                    .fields
                    .accepts(a, state.marks.mark_of(id).map(|m| &m.tags))
            })
    }
}

/// Whether article `id` has one of the chosen values of every facet with a choice, read from
/// the articles again (and from the marks, for tags).
pub(super) fn facet_filter(state: &crate::app::AppState) -> impl Fn(ArticleId) -> bool + '_ {
    use crate::corpus::facets::{Facet, FacetColumn};
    let chosen = &state.facets.chosen;
    let active = state.facets.columns.is_some() && chosen.iter().any(|c| !c.is_empty());
    let articles = state
        .corpus
        .as_ref()
        .map_or(&[][..], |c| c.articles.as_slice());
    let columns: Vec<FacetColumn> = if active {
        Facet::ALL
            .iter()
            .map(|&f| FacetColumn::build(articles, f))
            .collect()
    } else {
        Vec::new()
    };
    move |id| {
        if !active {
            return true;
        }
        chosen.iter().enumerate().all(|(i, keys)| {
            keys.is_empty()
                || match columns.get(i) {
                    Some(column) => column
                        .of(id)
                        .iter()
                        .filter_map(|&v| column.values.get(v as usize))
                        .any(|value| keys.contains(&value.key)),
                    None => state
                        .marks
                        .mark_of(id)
                        .is_some_and(|m| keys.iter().any(|k| m.tags.contains(&**k))),
                }
        })
    }
}

/// Each facet's counts by value key, recomputed: over `base` (the rows the date range and the
/// search let through), the articles that pass every other facet's choice.
pub(super) fn facet_counts(
    state: &crate::app::AppState,
    base: &[ArticleId],
) -> Vec<std::collections::BTreeMap<String, u32>> {
    use crate::corpus::facets::{Facet, FacetColumn};
    let articles = state
        .corpus
        .as_ref()
        .map_or(&[][..], |c| c.articles.as_slice());
    let columns: Vec<FacetColumn> = Facet::ALL
        .iter()
        .map(|&f| FacetColumn::build(articles, f))
        .collect();
    let keys_of = |facet: usize, id: ArticleId| -> Vec<String> {
        match columns.get(facet) {
            Some(column) => column
                .of(id)
                .iter()
                .filter_map(|&v| column.values.get(v as usize))
                .map(|v| v.key.to_string())
                .collect(),
            None => state
                .marks
                .mark_of(id)
                .map(|m| {
                    m.tags
                        .iter()
                        .filter(|t| state.marks.marks.tag(t).is_some())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        }
    };
    let chosen = &state.facets.chosen;
    let passes = |facet: usize, id: ArticleId| {
        let keys = &chosen[facet];
        keys.is_empty()
            || keys_of(facet, id)
                .iter()
                .any(|k| keys.iter().any(|c| **c == **k))
    };
    (0..chosen.len())
        .map(|facet| {
            let mut counts = std::collections::BTreeMap::new();
            for &id in base {
                if (0..chosen.len()).all(|other| other == facet || passes(other, id)) {
                    for key in keys_of(facet, id) {
                        *counts.entry(key).or_insert(0) += 1;
                    }
                }
            }
            counts
        })
        .collect()
}

/// How article `x` compares with article `y` in the table sorted by `sort`: articles without a
/// value for the column last in both directions; ties, and articles without a value, in id
/// order (path order once a scan has finished).
pub(super) fn table_order(
    articles: &[Article],
    sort: SortOrder,
    x: ArticleId,
    y: ArticleId,
) -> Ordering {
    let (Some(a), Some(b)) = (articles.get(x as usize), articles.get(y as usize)) else {
        return x.cmp(&y);
    };
    let by_value = match sort.column {
        SortColumn::Date => present(a.date, b.date, Ord::cmp),
        SortColumn::Words => a.words.cmp(&b.words).into(),
        SortColumn::Size => a.bytes().cmp(&b.bytes()).into(),
        SortColumn::Modified => present(a.modified_unix_s, b.modified_unix_s, Ord::cmp),
        SortColumn::File => a.path.as_bytes().cmp(b.path.as_bytes()).into(),
        column => present(column.text_of(a), column.text_of(b), |p, q| {
            let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
            lower(p).cmp(&lower(q))
        }),
    };
    match by_value {
        Values::Both(order) if sort.descending => order.reverse().then(x.cmp(&y)),
        Values::Both(order) => order.then(x.cmp(&y)),
        Values::OnlyFirst => Ordering::Less,
        Values::OnlySecond => Ordering::Greater,
        Values::Neither => x.cmp(&y),
    }
}

/// Which of two articles have a value for a column, and how the values compare.
enum Values {
    Both(Ordering),
    OnlyFirst,
    OnlySecond,
    Neither,
}

impl From<Ordering> for Values {
    fn from(order: Ordering) -> Self {
        Self::Both(order)
    }
}

fn present<T>(a: Option<T>, b: Option<T>, cmp: impl FnOnce(&T, &T) -> Ordering) -> Values {
    match (a, b) {
        (Some(a), Some(b)) => Values::Both(cmp(&a, &b)),
        (Some(_), None) => Values::OnlyFirst,
        (None, Some(_)) => Values::OnlySecond,
        (None, None) => Values::Neither,
    }
}

/// What is wrong with `hits` as the hits of an article titled `title` with `text`: each must be
/// a range of its text, on character boundaries, in order and not overlapping.
pub(super) fn hits_problem(hits: &Hits, title: &str, text: &str) -> Option<String> {
    for (field, ranges, text) in [("title", &hits.title, title), ("body", &hits.body, text)] {
        let mut end = 0;
        for range in ranges {
            let fits = end <= range.start
                && range.start < range.end
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end);
            if !fits {
                return Some(format!(
                    "in the {field} are not in order within its {} bytes: {range:?} after {end}",
                    text.len()
                ));
            }
            end = range.end;
        }
    }
    None
}

/// What is wrong with `bins` as the bars of `dates` over `span` (every date in the span is in
/// the span's bars, which follow each other; undated ones are counted apart).
pub(super) fn bins_problem(
    bins: &Bins,
    span: Option<(NaiveDate, NaiveDate)>,
    dates: &[Option<NaiveDate>],
) -> Option<String> {
    let undated = dates.iter().filter(|d| d.is_none()).count();
    if bins.undated != undated {
        return Some(format!(
            "count {} undated articles, not {undated}",
            bins.undated
        ));
    }
    let Some((first, last)) = span else {
        return (!bins.counts.is_empty())
            .then(|| format!("have {} bars without dates", bins.counts.len()));
    };
    let starts = &bins.starts;
    if starts.len() != bins.counts.len() + 1 || !starts.windows(2).all(|w| w[0] < w[1]) {
        return Some(format!(
            "have {} starts for {} bars, or starts not in order",
            starts.len(),
            bins.counts.len()
        ));
    }
    let (Some(&from), Some(&end)) = (starts.first(), starts.last()) else {
        return Some("have no bars for the span".into());
    };
    if from > first || end <= last {
        return Some(format!(
            "cover {from} to {end}, not the span {first} to {last}"
        ));
    }
    let mut wanted = vec![0u32; bins.counts.len()];
    for date in dates.iter().flatten() {
        // The bar whose start is the last one at or before the date.
        let bar = starts.partition_point(|start| start <= date);
        if let Some(count) = bar.checked_sub(1).and_then(|b| wanted.get_mut(b)) {
            *count += 1;
        } else {
            return Some(format!("have no bar for {date}"));
        }
    }
    if wanted != bins.counts {
        let first_wrong = wanted
            .iter()
            .zip(&bins.counts)
            .position(|(w, c)| w != c)
            .unwrap_or(0);
        return Some(format!(
            "count {} in the bar from {:?}, the dates give {} (total {} shown, {} wanted)",
            bins.counts.get(first_wrong).copied().unwrap_or(0),
            starts.get(first_wrong),
            wanted.get(first_wrong).copied().unwrap_or(0),
            bins.counts.iter().map(|&c| u64::from(c)).sum::<u64>(),
            wanted.iter().map(|&c| u64::from(c)).sum::<u64>(),
        ));
    }
    None
}

pub(super) fn body_name(body: &BodyState) -> &'static str {
    match body {
        BodyState::Empty => "empty",
        BodyState::Loading => "loading",
        BodyState::Loaded(_) => "loaded",
        BodyState::Failed(_) => "failed",
    }
}

/// The first few of `ids`, for a message.
pub(super) fn some_ids<'a>(ids: impl Iterator<Item = &'a ArticleId>) -> String {
    let ids: Vec<String> = ids.map(ToString::to_string).collect();
    if ids.len() > SHOWN_IDS {
        format!("{} … ({} in all)", ids[..SHOWN_IDS].join(", "), ids.len())
    } else if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}
