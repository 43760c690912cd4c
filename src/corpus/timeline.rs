//! Articles per period for the timeline: days, ISO weeks (Monday to Sunday), months, quarters
//! or years, every period of the span present (an empty one counts 0, so gaps show). Pure; the
//! window draws what this counts.

use chrono::{Datelike as _, Days, Months, NaiveDate, Weekday};

/// The length of one bar of the timeline.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
pub enum Period {
    /// One day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    #[default]
    Month,
    /// A quarter (January–March, …).
    Quarter,
    /// A calendar year.
    Year,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Self; 5] = [
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    /// Its name, for a menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "Day",
            Self::Week => "Week",
            Self::Month => "Month",
            Self::Quarter => "Quarter",
            Self::Year => "Year",
        }
    }

    /// The shortest period that shows `days` days in at most about 150 bars.
    pub fn for_span(days: f64) -> Self {
        const BARS: f64 = 150.0;
        if days <= BARS {
            Self::Day
        } else if days <= BARS * 7.0 {
            Self::Week
        } else if days <= BARS * 30.44 {
            Self::Month
        } else if days <= BARS * 91.3 {
            Self::Quarter
        } else {
            Self::Year
        }
    }

    /// The first day of the period that holds `date`.
    pub fn start_of(self, date: NaiveDate) -> NaiveDate {
        let first_of_month =
            |month: u32| NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date);
        match self {
            Self::Day => date,
            Self::Week => date.week(Weekday::Mon).first_day(),
            Self::Month => first_of_month(date.month()),
            Self::Quarter => first_of_month((date.month0() / 3) * 3 + 1),
            Self::Year => first_of_month(1),
        }
    }

    /// The first day of the period after the one starting at `start` (saturating at the end
    /// of the calendar).
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        let next = match self {
            Self::Day => start.checked_add_days(Days::new(1)),
            Self::Week => start.checked_add_days(Days::new(7)),
            Self::Month => start.checked_add_months(Months::new(1)),
            Self::Quarter => start.checked_add_months(Months::new(3)),
            Self::Year => start.checked_add_months(Months::new(12)),
        };
        next.unwrap_or(NaiveDate::MAX)
    }

    /// The period starting at `start`, as a person would name it.
    pub fn describe(self, start: NaiveDate) -> String {
        match self {
            Self::Day => start.format("%a %-d %B %Y").to_string(),
            Self::Week => {
                let week = start.iso_week();
                format!(
                    "week {} of {} ({} – {})",
                    week.week(),
                    week.year(),
                    start.format("%-d %b"),
                    (self.next(start) - chrono::Duration::days(1)).format("%-d %b %Y")
                )
            }
            Self::Month => start.format("%B %Y").to_string(),
            Self::Quarter => format!("Q{} {}", start.month0() / 3 + 1, start.year()),
            Self::Year => start.year().to_string(),
        }
    }

    /// An index that grows by one from each period to the next (for counting).
    fn ordinal(self, date: NaiveDate) -> i64 {
        let months = i64::from(date.year()) * 12 + i64::from(date.month0());
        match self {
            Self::Day => i64::from(date.num_days_from_ce()),
            // Monday-based weeks: day 1 of the common era (0001-01-01) was a Monday.
            Self::Week => i64::from(date.num_days_from_ce() - 1).div_euclid(7),
            Self::Month => months,
            Self::Quarter => months.div_euclid(3),
            Self::Year => i64::from(date.year()),
        }
    }
}

/// Articles per period over a span of dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bins {
    /// The period of each bar.
    pub period: Period,
    /// Where each bar starts, then where the last one ends (one more than `counts`).
    pub starts: Vec<NaiveDate>,
    /// Articles per bar.
    pub counts: Vec<u32>,
    /// Articles without a date (they have no place on the axis).
    pub undated: usize,
}

impl Bins {
    /// The bars of `period` covering `span` (first and last day, inclusive), all empty.
    pub fn empty(period: Period, span: Option<(NaiveDate, NaiveDate)>) -> Self {
        let mut bins = Self {
            period,
            ..Self::default()
        };
        let Some((first, last)) = span.filter(|(a, b)| a <= b) else {
            return bins;
        };
        let mut start = period.start_of(first);
        while start <= last {
            bins.starts.push(start);
            let next = period.next(start);
            if next <= start {
                break; // The end of the calendar.
            }
            start = next;
        }
        bins.starts.push(start);
        bins.counts = vec![0; bins.starts.len() - 1];
        bins
    }

    /// Count `dates` into bars of `period` covering `span`; dates outside the span are left
    /// out, undated ones counted apart.
    pub fn count(
        period: Period,
        span: Option<(NaiveDate, NaiveDate)>,
        dates: impl Iterator<Item = Option<NaiveDate>>,
    ) -> Self {
        let mut bins = Self::empty(period, span);
        let first = bins.starts.first().map(|&d| period.ordinal(d));
        for date in dates {
            let Some(date) = date else {
                bins.undated += 1;
                continue;
            };
            let Some(first) = first else { continue };
            let index = period.ordinal(date) - first;
            if let Some(count) = usize::try_from(index)
                .ok()
                .and_then(|i| bins.counts.get_mut(i))
            {
                *count += 1;
            }
        }
        bins
    }

    /// Like [`Self::count`], with dates given as days of the common era
    /// ([`NaiveDate::num_days_from_ce`]): each day finds its bar in a table, so counting a
    /// million articles reads memory and does no calendar arithmetic.
    pub fn count_days(
        period: Period,
        span: Option<(NaiveDate, NaiveDate)>,
        days: impl Iterator<Item = Option<i32>>,
    ) -> Self {
        /// Spans longer than this (in days) count with calendar arithmetic instead.
        const LONGEST_TABLE: i64 = 4_000_000;
        let mut bins = Self::empty(period, span);
        let (Some(&first), Some(&end)) = (bins.starts.first(), bins.starts.last()) else {
            bins.undated = days.filter(Option::is_none).count();
            return bins;
        };
        let (first_day, end_day) = (first.num_days_from_ce(), end.num_days_from_ce());
        if i64::from(end_day) - i64::from(first_day) > LONGEST_TABLE {
            let dates = days.map(|d| d.and_then(NaiveDate::from_num_days_from_ce_opt));
            return Self::count(period, span, dates);
        }
        let mut table = Vec::with_capacity((end_day - first_day).max(0) as usize);
        for (bar, pair) in bins.starts.windows(2).enumerate() {
            let length = (pair[1] - pair[0]).num_days().max(0) as usize;
            table.extend(std::iter::repeat_n(bar as u32, length));
        }
        for day in days {
            let Some(day) = day else {
                bins.undated += 1;
                continue;
            };
            let bar = day
                .checked_sub(first_day)
                .and_then(|offset| usize::try_from(offset).ok())
                .and_then(|offset| table.get(offset));
            if let Some(count) = bar.and_then(|&bar| bins.counts.get_mut(bar as usize)) {
                *count += 1;
            }
        }
        bins
    }

    /// The bar holding `date`.
    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        let after = self.starts.partition_point(|&start| start <= date);
        (after > 0 && after < self.starts.len()).then(|| after - 1)
    }

    /// The first and last day of bar `index`.
    pub fn days_of(&self, index: usize) -> Option<(NaiveDate, NaiveDate)> {
        let start = *self.starts.get(index)?;
        let end = *self.starts.get(index + 1)?;
        Some((start, end.pred_opt().unwrap_or(end)))
    }

    /// The largest count.
    pub fn max(&self) -> u32 {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn period_boundaries() {
        let date = d(2021, 8, 19); // A Thursday.
        assert_eq!(Period::Day.start_of(date), date);
        assert_eq!(Period::Week.start_of(date), d(2021, 8, 16));
        assert_eq!(Period::Month.start_of(date), d(2021, 8, 1));
        assert_eq!(Period::Quarter.start_of(date), d(2021, 7, 1));
        assert_eq!(Period::Year.start_of(date), d(2021, 1, 1));
        assert_eq!(Period::Quarter.next(d(2021, 10, 1)), d(2022, 1, 1));
        assert_eq!(Period::Month.next(d(2021, 12, 1)), d(2022, 1, 1));
        assert_eq!(Period::Quarter.describe(d(2021, 7, 1)), "Q3 2021");
        assert_eq!(Period::Month.describe(d(2021, 7, 1)), "July 2021");
    }

    #[test]
    fn leap_years_have_a_29th_of_february() {
        let bins = Bins::count(
            Period::Day,
            Some((d(2024, 2, 28), d(2024, 3, 1))),
            [Some(d(2024, 2, 29)), Some(d(2024, 3, 1))].into_iter(),
        );
        assert_eq!(bins.counts, [0, 1, 1]);
        assert_eq!(bins.days_of(1), Some((d(2024, 2, 29), d(2024, 2, 29))));
        let bins = Bins::count(
            Period::Month,
            Some((d(2023, 2, 1), d(2024, 2, 29))),
            [Some(d(2024, 2, 29)), Some(d(2023, 2, 28))].into_iter(),
        );
        assert_eq!(bins.counts.len(), 13);
        assert_eq!((bins.counts[0], bins.counts[12]), (1, 1));
        assert_eq!(bins.days_of(12), Some((d(2024, 2, 1), d(2024, 2, 29))));
        assert_eq!(bins.days_of(0), Some((d(2023, 2, 1), d(2023, 2, 28))));
    }

    #[test]
    fn iso_weeks_cross_the_year_end() {
        // 2020-12-31 (Thursday) and 2021-01-03 (Sunday) are both in ISO week 53 of 2020;
        // 2021-01-04 (Monday) starts week 1 of 2021.
        let dates = [d(2020, 12, 31), d(2021, 1, 3), d(2021, 1, 4)];
        let bins = Bins::count(
            Period::Week,
            Some((d(2020, 12, 31), d(2021, 1, 4))),
            dates.iter().copied().map(Some),
        );
        assert_eq!(
            bins.starts,
            [d(2020, 12, 28), d(2021, 1, 4), d(2021, 1, 11)]
        );
        assert_eq!(bins.counts, [2, 1]);
        assert!(
            Period::Week
                .describe(bins.starts[0])
                .starts_with("week 53 of 2020")
        );
        assert!(
            Period::Week
                .describe(bins.starts[1])
                .starts_with("week 1 of 2021")
        );
        // Week 1 of 2026 starts in 2025.
        assert_eq!(Period::Week.start_of(d(2026, 1, 1)), d(2025, 12, 29));
    }

    #[test]
    fn empty_periods_are_gaps_not_skipped() {
        let bins = Bins::count(
            Period::Year,
            Some((d(2001, 5, 1), d(2005, 1, 1))),
            [Some(d(2001, 5, 1)), Some(d(2005, 1, 1)), None].into_iter(),
        );
        assert_eq!(bins.counts, [1, 0, 0, 0, 1]);
        assert_eq!(bins.undated, 1);
        assert_eq!(bins.index_of(d(2003, 6, 1)), Some(2));
        assert_eq!(bins.index_of(d(2006, 1, 1)), None);
        assert_eq!(bins.max(), 1);
    }

    #[test]
    fn empty_corpus_single_day_and_all_undated() {
        let empty = Bins::count(Period::Month, None, std::iter::empty());
        assert!(empty.counts.is_empty() && empty.starts.is_empty());
        assert_eq!(empty.undated, 0);

        let day = d(2019, 3, 14);
        for period in Period::ALL {
            let bins = Bins::count(period, Some((day, day)), [Some(day); 3].into_iter());
            assert_eq!(bins.counts, [3], "{period:?}");
            let (first, last) = bins.days_of(0).unwrap();
            assert!(first <= day && day <= last, "{period:?}");
        }

        let undated = Bins::count(Period::Week, None, [None, None].into_iter());
        assert!(undated.counts.is_empty());
        assert_eq!(undated.undated, 2);
    }

    #[test]
    fn counting_days_through_the_table_equals_counting_dates() {
        let dates: Vec<Option<NaiveDate>> = (0..2000)
            .map(|i| (i % 13 != 0).then(|| d(2019, 12, 20) + chrono::Duration::days(i * 7 % 900)))
            .collect();
        let span = Some((
            d(2019, 12, 20),
            d(2019, 12, 20) + chrono::Duration::days(899),
        ));
        for period in Period::ALL {
            let by_dates = Bins::count(period, span, dates.iter().copied());
            let days = dates.iter().map(|d| d.map(|d| d.num_days_from_ce()));
            assert_eq!(Bins::count_days(period, span, days), by_dates, "{period:?}");
        }
        // Outside the span, and no span at all.
        let outside = [Some(d(2030, 1, 1).num_days_from_ce()), None];
        let bins = Bins::count_days(Period::Month, span, outside.into_iter());
        assert_eq!((bins.counts.iter().sum::<u32>(), bins.undated), (0, 1));
        let bins = Bins::count_days(Period::Month, None, outside.into_iter());
        assert_eq!((bins.counts.len(), bins.undated), (0, 1));
    }

    #[test]
    fn the_period_follows_the_span() {
        assert_eq!(Period::for_span(30.0), Period::Day);
        assert_eq!(Period::for_span(365.0), Period::Week);
        assert_eq!(Period::for_span(5.0 * 365.0), Period::Month);
        assert_eq!(Period::for_span(20.0 * 365.0), Period::Quarter);
        assert_eq!(Period::for_span(100.0 * 365.0), Period::Year);
    }
}
