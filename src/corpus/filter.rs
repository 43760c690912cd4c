//! The one row filter: which articles the table shows, the same whether the rows come from
//! the records (while a scan runs), from the sort keys' compact date column (a finished
//! corpus), or from the command line. Dates become day numbers once, so testing a row is two
//! integer comparisons.

use chrono::{Datelike as _, NaiveDate};

use super::article::{Article, ArticleId};

/// The date-range filter. Both ends are inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DateFilter {
    /// Earliest date kept.
    pub from: Option<NaiveDate>,
    /// Latest date kept.
    pub to: Option<NaiveDate>,
    /// Whether articles without a date are kept.
    pub include_undated: bool,
}

impl Default for DateFilter {
    fn default() -> Self {
        Self {
            from: None,
            to: None,
            include_undated: true,
        }
    }
}

impl DateFilter {
    /// True when the filter keeps every article.
    pub fn is_inactive(&self) -> bool {
        self.from.is_none() && self.to.is_none() && self.include_undated
    }

    /// Whether `date` passes (one date; for many rows, make a [`RowFilter`] once).
    pub fn accepts(&self, date: Option<NaiveDate>) -> bool {
        RowFilter::new(self).verdict_on_date(date) == Verdict::Kept
    }
}

/// The day number (days of the common era) of a date: what the filter compares.
pub fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// What the filter says of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Shown.
    Kept,
    /// Hidden: its date is outside the range.
    OutOfRange,
    /// Hidden: it has no date and undated articles are left out.
    Undated,
}

/// A [`DateFilter`] made ready to test many rows (and, later, the facets). A row's date is
/// compared as a date when it comes from a record, and as a [`day_number`] when it comes from
/// the sort keys' compact column; the rule is the same ([`RowFilter::judge`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowFilter {
    from: NaiveDate,
    to: NaiveDate,
    from_day: i32,
    to_day: i32,
    include_undated: bool,
    inactive: bool,
}

/// The rows a filter kept, in the order they came, and how many each rule hid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filtered {
    /// The ids kept.
    pub ids: Vec<ArticleId>,
    /// Rows hidden because their date is outside the range.
    pub hidden_by_range: usize,
    /// Undated rows hidden because undated articles are left out.
    pub hidden_undated: usize,
}

impl RowFilter {
    /// The filter for `dates`.
    pub fn new(dates: &DateFilter) -> Self {
        let from = dates.from.unwrap_or(NaiveDate::MIN);
        let to = dates.to.unwrap_or(NaiveDate::MAX);
        Self {
            from,
            to,
            from_day: dates.from.map_or(i32::MIN, day_number),
            to_day: dates.to.map_or(i32::MAX, day_number),
            include_undated: dates.include_undated,
            inactive: dates.is_inactive(),
        }
    }

    /// True when the filter keeps every row.
    pub fn is_inactive(&self) -> bool {
        self.inactive
    }

    /// The rule: an undated row passes when undated rows are kept, a dated one when it lies in
    /// `from..=to` (both ends included).
    fn judge<T: PartialOrd + Copy>(&self, value: Option<T>, from: T, to: T) -> Verdict {
        match value {
            None if self.include_undated => Verdict::Kept,
            None => Verdict::Undated,
            Some(value) if from <= value && value <= to => Verdict::Kept,
            Some(_) => Verdict::OutOfRange,
        }
    }

    /// The verdict on a row dated `day` (a [`day_number`]; `None`: undated).
    pub fn verdict(&self, day: Option<i32>) -> Verdict {
        self.judge(day, self.from_day, self.to_day)
    }

    /// The verdict on a row dated `date` (`None`: undated).
    pub fn verdict_on_date(&self, date: Option<NaiveDate>) -> Verdict {
        self.judge(date, self.from, self.to)
    }

    /// Tally the verdicts on `rows` (each an id and its verdict): the ids kept, in the order
    /// given, and how many each rule hid.
    pub fn tally(rows: impl ExactSizeIterator<Item = (ArticleId, Verdict)>) -> Filtered {
        let mut filtered = Filtered {
            ids: Vec::with_capacity(rows.len()),
            ..Filtered::default()
        };
        for (id, verdict) in rows {
            match verdict {
                Verdict::Kept => filtered.ids.push(id),
                Verdict::OutOfRange => filtered.hidden_by_range += 1,
                Verdict::Undated => filtered.hidden_undated += 1,
            }
        }
        filtered
    }

    /// The articles of `articles` that pass, in corpus order, read from the records.
    pub fn apply_to_records(&self, articles: &[Article]) -> Filtered {
        let ids = 0..ArticleId::try_from(articles.len()).unwrap_or(ArticleId::MAX);
        Self::tally(
            ids.zip(articles)
                .map(|(id, article)| (id, self.verdict_on_date(article.date))),
        )
    }
}

/// Ids of the articles that pass `filter`, in corpus order (the command line's filter: the
/// ids only, without counting what each rule hid).
pub fn filter_ids(articles: &[Article], filter: &DateFilter) -> Vec<ArticleId> {
    let filter = RowFilter::new(filter);
    (0..ArticleId::try_from(articles.len()).unwrap_or(ArticleId::MAX))
        .zip(articles)
        .filter(|(_, article)| filter.verdict_on_date(article.date) == Verdict::Kept)
        .map(|(id, _)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str, date: Option<(i32, u32, u32)>) -> Article {
        Article {
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            ..Article::for_test(path)
        }
    }

    fn sample() -> Vec<Article> {
        vec![
            article("a.txt", Some((2021, 5, 1))),
            article("b.txt", None),
            article("c.txt", Some((2020, 1, 1))),
            article("d.txt", Some((2021, 5, 1))),
        ]
    }

    #[test]
    fn date_filter_is_inclusive_and_handles_undated() {
        let filter = DateFilter {
            from: NaiveDate::from_ymd_opt(2021, 5, 1),
            to: NaiveDate::from_ymd_opt(2021, 5, 1),
            include_undated: false,
        };
        assert_eq!(filter_ids(&sample(), &filter), [0, 3]);
        let with_undated = DateFilter {
            include_undated: true,
            ..filter
        };
        assert_eq!(filter_ids(&sample(), &with_undated), [0, 1, 3]);
    }

    #[test]
    fn the_verdicts_count_what_each_rule_hid() {
        let filter = DateFilter {
            from: NaiveDate::from_ymd_opt(2021, 1, 1),
            to: None,
            include_undated: false,
        };
        let filtered = RowFilter::new(&filter).apply_to_records(&sample());
        assert_eq!(
            (
                filtered.ids,
                filtered.hidden_by_range,
                filtered.hidden_undated
            ),
            (vec![0, 3], 1, 1)
        );
        assert!(RowFilter::new(&DateFilter::default()).is_inactive());
        // Dates at the ends of the calendar pass an open range, as dates and as day numbers.
        let open = RowFilter::new(&DateFilter::default());
        assert_eq!(open.verdict(Some(i32::MIN)), Verdict::Kept);
        assert_eq!(open.verdict(Some(i32::MAX)), Verdict::Kept);
        assert_eq!(open.verdict_on_date(Some(NaiveDate::MIN)), Verdict::Kept);
        assert_eq!(open.verdict_on_date(Some(NaiveDate::MAX)), Verdict::Kept);
        // The day numbers and the dates agree at the ends of a range.
        let filter = RowFilter::new(&DateFilter {
            from: NaiveDate::from_ymd_opt(2020, 2, 29),
            to: NaiveDate::from_ymd_opt(2021, 1, 1),
            include_undated: true,
        });
        for (y, m, d) in [(2020, 2, 28), (2020, 2, 29), (2021, 1, 1), (2021, 1, 2)] {
            let date = NaiveDate::from_ymd_opt(y, m, d);
            assert_eq!(
                filter.verdict_on_date(date),
                filter.verdict(date.map(day_number)),
                "{date:?}"
            );
        }
    }
}
