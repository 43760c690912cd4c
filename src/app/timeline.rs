//! The timeline's counts: the whole corpus and the articles the table shows, per period.

use chrono::{Datelike as _, NaiveDate};

use crate::corpus::timeline::{Bins, Period};
use crate::corpus::{Article, ArticleId, SortKeys};

/// What a recount counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recount {
    /// The shown articles only (the whole corpus's bars are still right).
    ShownOnly,
    /// The whole corpus too (it changed, or its bars are of another period).
    AllToo,
}

/// What the timeline draws.
#[derive(Debug, Default)]
pub struct TimelineState {
    /// The period of the bars.
    pub period: Period,
    /// The whole corpus.
    pub all: Bins,
    /// The articles the table shows (every filter, search included).
    pub shown: Bins,
}

impl TimelineState {
    /// Count again the articles in `shown`, and the whole corpus as `recount` says (or when its
    /// bars are of another period).
    pub fn recount(
        &mut self,
        articles: &[Article],
        keys: Option<&SortKeys>,
        span: Option<(NaiveDate, NaiveDate)>,
        shown: &[ArticleId],
        recount: Recount,
    ) {
        let day_of = day_reader(articles, keys);
        if recount == Recount::AllToo || self.all.period != self.period {
            let ids = 0..ArticleId::try_from(articles.len()).unwrap_or(ArticleId::MAX);
            self.all = Bins::count_days(self.period, span, ids.map(&day_of));
        }
        self.shown = Bins::count_days(self.period, span, shown.iter().map(|&id| day_of(id)));
    }
}

/// An article's date as days of the common era: from the sort keys once they are built, else
/// from its record.
pub(super) fn day_reader<'a>(
    articles: &'a [Article],
    keys: Option<&'a SortKeys>,
) -> impl Fn(ArticleId) -> Option<i32> + 'a {
    move |id| match keys {
        Some(keys) => keys.dated_day(id),
        None => articles
            .get(id as usize)
            .and_then(|a| a.date)
            .map(|d| d.num_days_from_ce()),
    }
}
