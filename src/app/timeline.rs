//! The timeline's counts: the whole corpus and the articles the table shows, per period.

use chrono::NaiveDate;

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
        let date_of = |id: ArticleId| match keys {
            Some(keys) => keys.date(id),
            None => articles.get(id as usize).and_then(|a| a.date),
        };
        if all_too || self.all.period != self.period {
            self.all = match keys {
                Some(keys) => Bins::count(
                    self.period,
                    span,
                    (0..articles.len()).map(|i| keys.date(i as ArticleId)),
                ),
                None => Bins::count(self.period, span, articles.iter().map(|a| a.date)),
            };
        }
        self.shown = Bins::count(self.period, span, shown.iter().map(|&id| date_of(id)));
    }
}
