//! The timeline's counts: the whole corpus and the articles the table shows, per period.

use chrono::{Datelike as _, NaiveDate};

use crate::corpus::query::ArticleId;
use crate::corpus::timeline::{Bins, Period};
use crate::corpus::{Article, SortKeys};

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
    /// Count again: the whole corpus when `all_too`, and the articles in `shown`.
    pub fn recount(
        &mut self,
        articles: &[Article],
        keys: Option<&SortKeys>,
        span: Option<(NaiveDate, NaiveDate)>,
        shown: &[ArticleId],
        all_too: bool,
    ) {
        let day_of = |id: ArticleId| match keys {
            Some(keys) => keys.dated_day(id),
            None => articles
                .get(id as usize)
                .and_then(|a| a.date)
                .map(|d| d.num_days_from_ce()),
        };
        if all_too || self.all.period != self.period {
            let ids = 0..ArticleId::try_from(articles.len()).unwrap_or(ArticleId::MAX);
            self.all = Bins::count_days(self.period, span, ids.map(day_of));
        }
        self.shown = Bins::count_days(self.period, span, shown.iter().map(|&id| day_of(id)));
    }
}
