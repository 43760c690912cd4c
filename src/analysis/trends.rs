//! Trends: how many of the selected articles match each of several queries, period by period,
//! and what share of the period's articles that is (Media Cloud's "attention over time", over
//! the user's own folder).
//!
//! Counting takes the selection as a set of article ids and each query's matches as another;
//! a series counts the ids in both. Whatever narrows the selection (dates, outlets, facets,
//! tags, or keeping one article per story family) therefore narrows every series and every
//! share's denominator alike, with no change here.

use chrono::{Datelike as _, NaiveDate};
use serde::ser::{SerializeMap as _, SerializeStruct as _};

use crate::corpus::export::{ExportFormat, write_rows};
use crate::corpus::timeline::{Bins, Period};
use crate::corpus::{ArticleId, IdSet};

/// The most queries one chart compares.
pub const MAX_SERIES: usize = 8;

/// Articles per period, and per query the articles that match it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trends {
    /// The dated articles of the selection per period.
    pub articles: Bins,
    /// Per query (in order), its matching articles of the selection per period, in the same
    /// periods as `articles`.
    pub counts: Vec<Bins>,
}

impl Trends {
    /// Count the articles of `selected` and, for each of `matches`, those of `selected` it
    /// holds, in periods of `period` over `span` (first and last day; `None`: from the first
    /// to the last dated article of the selection). `day_of` gives an article's date as days
    /// of the common era ([`chrono::Datelike::num_days_from_ce`]); undated ones are left out.
    pub fn count(
        period: Period,
        span: Option<(NaiveDate, NaiveDate)>,
        selected: &IdSet,
        matches: &[&IdSet],
        day_of: &dyn Fn(ArticleId) -> Option<i32>,
    ) -> Self {
        let span = span.or_else(|| dated_span(selected, day_of));
        let mut articles = Bins::empty(period, span);
        // Each selected article's period, found once (from a day-to-period table); a series
        // then only adds up the periods of its articles.
        let to_period = PeriodOf::new(&articles);
        let mut bar_of = vec![NO_PERIOD; selected.bound()];
        for id in selected.iter() {
            let Some(day) = day_of(id) else {
                articles.undated += 1;
                continue;
            };
            let Some(bar) = to_period.of(day) else {
                continue;
            };
            if let Some(count) = articles.counts.get_mut(bar as usize) {
                *count += 1;
            }
            if let Some(slot) = bar_of.get_mut(id as usize) {
                *slot = bar;
            }
        }
        let counts = matches
            .iter()
            .map(|found| {
                let mut bins = Bins {
                    counts: vec![0; articles.counts.len()],
                    ..articles.clone()
                };
                bins.undated = 0;
                for id in selected.iter_both(found) {
                    let bar = bar_of.get(id as usize).copied().unwrap_or(NO_PERIOD);
                    if let Some(count) = bins.counts.get_mut(bar as usize) {
                        *count += 1;
                    } else if day_of(id).is_none() {
                        bins.undated += 1;
                    }
                }
                bins
            })
            .collect();
        Self { articles, counts }
    }

    /// The periods' number.
    pub fn periods(&self) -> usize {
        self.articles.counts.len()
    }

    /// The matching articles of series `series` in period `bar`.
    pub fn count_at(&self, series: usize, bar: usize) -> u32 {
        self.counts
            .get(series)
            .and_then(|bins| bins.counts.get(bar))
            .copied()
            .unwrap_or(0)
    }

    /// The share of period `bar`'s articles that series `series` matches (0 when it has none).
    pub fn share_at(&self, series: usize, bar: usize) -> f64 {
        let articles = self.articles.counts.get(bar).copied().unwrap_or(0);
        share(self.count_at(series, bar), articles)
    }

    /// One row per period, for printing.
    pub fn rows<'a>(&'a self, queries: &'a [String]) -> Vec<TrendRow<'a>> {
        (0..self.periods())
            .filter_map(|bar| {
                Some(TrendRow {
                    period: *self.articles.starts.get(bar)?,
                    articles: self.articles.counts.get(bar).copied().unwrap_or(0),
                    counts: (0..queries.len()).map(|s| self.count_at(s, bar)).collect(),
                    queries,
                })
            })
            .collect()
    }
}

/// No period (an undated article, or one outside the span).
const NO_PERIOD: u32 = u32::MAX;

/// The period of a day (days of the common era): a table for spans up to [`LONGEST_TABLE`]
/// days, calendar arithmetic beyond.
struct PeriodOf {
    /// Where each period starts, then where the last one ends.
    starts: Vec<NaiveDate>,
    first_day: i32,
    table: Vec<u32>,
}

/// Spans longer than this (in days) find periods with calendar arithmetic instead of a table.
const LONGEST_TABLE: i64 = 4_000_000;

impl PeriodOf {
    fn new(bins: &Bins) -> Self {
        let starts = bins.starts.clone();
        let (Some(first), Some(end)) = (starts.first(), starts.last()) else {
            return Self {
                starts,
                first_day: 0,
                table: Vec::new(),
            };
        };
        let (first_day, end_day) = (first.num_days_from_ce(), end.num_days_from_ce());
        let mut table = Vec::new();
        if i64::from(end_day) - i64::from(first_day) <= LONGEST_TABLE {
            for (bar, pair) in bins.starts.windows(2).enumerate() {
                let length = usize::try_from((pair[1] - pair[0]).num_days()).unwrap_or(0);
                table.extend(std::iter::repeat_n(bar as u32, length));
            }
        }
        Self {
            starts,
            first_day,
            table,
        }
    }

    fn of(&self, day: i32) -> Option<u32> {
        if self.table.is_empty() {
            let date = NaiveDate::from_num_days_from_ce_opt(day)?;
            let after = self.starts.partition_point(|&start| start <= date);
            let bar = after.checked_sub(1).filter(|_| after < self.starts.len())?;
            return u32::try_from(bar).ok();
        }
        let offset = usize::try_from(day.checked_sub(self.first_day)?).ok()?;
        self.table.get(offset).copied()
    }
}

/// `count / articles`, or 0 when there are no articles.
pub fn share(count: u32, articles: u32) -> f64 {
    if articles == 0 {
        0.0
    } else {
        f64::from(count) / f64::from(articles)
    }
}

/// The first and last day of the dated articles of `selected`.
pub fn dated_span(
    selected: &IdSet,
    day_of: &dyn Fn(ArticleId) -> Option<i32>,
) -> Option<(NaiveDate, NaiveDate)> {
    let (first, last) = selected.iter().filter_map(day_of).fold(
        None,
        |span: Option<(i32, i32)>, day| match span {
            None => Some((day, day)),
            Some((a, b)) => Some((a.min(day), b.max(day))),
        },
    )?;
    Some((
        NaiveDate::from_num_days_from_ce_opt(first)?,
        NaiveDate::from_num_days_from_ce_opt(last)?,
    ))
}

/// One period of a trends table.
#[derive(Clone, Debug)]
pub struct TrendRow<'a> {
    /// The period's first day.
    pub period: NaiveDate,
    /// The dated articles of the selection in it.
    pub articles: u32,
    /// Per query, the articles matching it.
    pub counts: Vec<u32>,
    /// The queries, in order.
    pub queries: &'a [String],
}

impl TrendRow<'_> {
    /// The cells of a TSV or CSV row, in the order of [`columns`].
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![self.period.to_string(), self.articles.to_string()];
        for &count in &self.counts {
            cells.push(count.to_string());
            cells.push(share(count, self.articles).to_string());
        }
        cells
    }
}

/// The JSON Lines row: `{"period", "articles", "counts": {QUERY: n}, "shares": {QUERY: x}}`.
impl serde::Serialize for TrendRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut row = serializer.serialize_struct("TrendRow", 4)?;
        row.serialize_field("period", &self.period.to_string())?;
        row.serialize_field("articles", &self.articles)?;
        row.serialize_field("counts", &ByQuery(self, |n, _| f64::from(n), true))?;
        row.serialize_field("shares", &ByQuery(self, share, false))?;
        row.end()
    }
}

/// One number per query, keyed by the query's text (in the queries' order).
struct ByQuery<'r, 'a>(&'r TrendRow<'a>, fn(u32, u32) -> f64, bool);

impl serde::Serialize for ByQuery<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Self(row, value, whole) = self;
        let mut map = serializer.serialize_map(Some(row.queries.len()))?;
        for (query, &count) in row.queries.iter().zip(&row.counts) {
            if *whole {
                map.serialize_entry(query, &count)?;
            } else {
                map.serialize_entry(query, &value(count, row.articles))?;
            }
        }
        map.end()
    }
}

/// The TSV and CSV header: `period`, `articles`, then `count:QUERY` and `share:QUERY` for each
/// query.
pub fn columns(queries: &[String]) -> Vec<String> {
    let mut columns = vec!["period".to_owned(), "articles".to_owned()];
    for query in queries {
        columns.push(format!("count:{query}"));
        columns.push(format!("share:{query}"));
    }
    columns
}

/// Write `trends` of `queries` in `format`.
pub fn write_trends(
    out: impl std::io::Write,
    format: ExportFormat,
    queries: &[String],
    trends: &Trends,
) -> std::io::Result<()> {
    let columns = columns(queries);
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    write_rows(
        out,
        format,
        &columns,
        &trends.rows(queries),
        &TrendRow::cells,
    )
}

#[cfg(test)]
mod tests {
    use chrono::Datelike as _;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Articles 0..8 on these days (7 undated).
    fn days() -> Vec<Option<NaiveDate>> {
        vec![
            Some(d(2020, 12, 27)), // Sunday: the week of Monday 21 December
            Some(d(2020, 12, 28)), // Monday
            Some(d(2021, 1, 3)),   // Sunday: the same ISO week (2020-W53)
            Some(d(2021, 1, 4)),   // Monday of 2021-W01
            Some(d(2021, 1, 20)),
            Some(d(2021, 3, 2)),
            Some(d(2021, 3, 2)),
            None,
        ]
    }

    fn day_of(days: &[Option<NaiveDate>]) -> impl Fn(ArticleId) -> Option<i32> + '_ {
        |id| {
            days.get(id as usize)
                .copied()
                .flatten()
                .map(|d| d.num_days_from_ce())
        }
    }

    #[test]
    fn weeks_cross_the_year_end_and_empty_periods_are_rows() {
        let days = days();
        let selected = IdSet::full(days.len());
        let found = IdSet::of(days.len(), [1, 2, 3, 6, 7]);
        let trends = Trends::count(Period::Week, None, &selected, &[&found], &day_of(&days));
        let queries = ["q".to_owned()];
        let rows = trends.rows(&queries);
        let table: Vec<(NaiveDate, u32, u32)> = rows
            .iter()
            .map(|r| (r.period, r.articles, r.counts[0]))
            .collect();
        assert_eq!(table.first(), Some(&(d(2020, 12, 21), 1, 0)));
        assert_eq!(table.get(1), Some(&(d(2020, 12, 28), 2, 2)));
        assert_eq!(table.get(2), Some(&(d(2021, 1, 4), 1, 1)));
        assert_eq!(table.get(3), Some(&(d(2021, 1, 11), 0, 0)), "an empty week");
        assert_eq!(table.last(), Some(&(d(2021, 3, 1), 2, 1)));
        assert_eq!(table.len(), 11, "21 Dec to 1 Mar, every week");
        let undated_left_out: u32 = table.iter().map(|r| r.1).sum();
        assert_eq!(undated_left_out, 7);
        assert_eq!(trends.share_at(0, 1), 1.0);
        assert_eq!(trends.share_at(0, 3), 0.0, "no articles: share 0");
        assert_eq!(trends.share_at(0, 10), 0.5);
    }

    #[test]
    fn the_selection_narrows_counts_and_shares_alike() {
        let days = days();
        let selected = IdSet::of(days.len(), [0, 1, 5]);
        let a = IdSet::of(days.len(), [1, 2, 5]);
        let b = IdSet::of(days.len(), [3]);
        let trends = Trends::count(Period::Month, None, &selected, &[&a, &b], &day_of(&days));
        assert_eq!(trends.articles.starts.first(), Some(&d(2020, 12, 1)));
        assert_eq!(trends.articles.counts, [2, 0, 0, 1]);
        assert_eq!(trends.counts[0].counts, [1, 0, 0, 1]);
        assert_eq!(trends.counts[1].counts, [0, 0, 0, 0], "3 is not selected");
        assert_eq!(trends.share_at(0, 0), 0.5);
    }

    #[test]
    fn a_span_of_millennia_counts_without_a_day_table() {
        let days = [
            Some(d(-20_000, 6, 1)),
            Some(d(20_000, 6, 1)),
            Some(d(20_000, 7, 1)),
        ];
        let selected = IdSet::full(days.len());
        let found = IdSet::of(days.len(), [0, 2]);
        let trends = Trends::count(Period::Year, None, &selected, &[&found], &day_of(&days));
        assert_eq!(trends.periods(), 40_001);
        assert_eq!(trends.articles.counts.first(), Some(&1));
        assert_eq!(trends.articles.counts.last(), Some(&2));
        assert_eq!(trends.counts[0].counts.first(), Some(&1));
        assert_eq!(trends.counts[0].counts.last(), Some(&1));
        assert_eq!(trends.articles.counts.iter().sum::<u32>(), 3);
    }

    #[test]
    fn rows_print_as_the_command_promises() {
        let days = days();
        let selected = IdSet::full(days.len());
        let found = IdSet::of(days.len(), [5]);
        let trends = Trends::count(
            Period::Quarter,
            None,
            &selected,
            &[&found, &found],
            &day_of(&days),
        );
        let queries = ["x".to_owned(), "\"a b\"".to_owned()];
        let mut out = Vec::new();
        write_trends(&mut out, ExportFormat::Jsonl, &queries, &trends).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines[1],
            serde_json::json!({"period": "2021-01-01", "articles": 5,
                "counts": {"x": 1, "\"a b\"": 1},
                "shares": {"x": 0.2, "\"a b\"": 0.2}})
        );
        assert_eq!(lines[0]["period"], "2020-10-01");
        let mut out = Vec::new();
        write_trends(&mut out, ExportFormat::Tsv, &queries, &trends).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("period\tarticles\tcount:x\tshare:x\tcount:\"a b\"\tshare:\"a b\"")
        );
        assert_eq!(lines.next(), Some("2020-10-01\t2\t0\t0\t0\t0"));
        assert_eq!(lines.next(), Some("2021-01-01\t5\t1\t0.2\t1\t0.2"));
    }
}
