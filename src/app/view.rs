//! The table's view of the corpus: which article ids pass the filters, in which order, and how
//! many each filter hides. Built outside the table's drawing code, only when something changed.

use chrono::NaiveDate;

use crate::corpus::filter::Filtered;
use crate::corpus::sort::sort_ids;
use crate::corpus::{
    Article, ArticleId, DateFilter, DateStats, RowFilter, SortKeys, SortOrder, SortedCorpus,
};

/// The filtered, sorted list of article ids the table shows.
#[derive(Debug, Default)]
pub struct View {
    /// Ids in display order.
    pub ids: Vec<ArticleId>,
    /// Articles hidden because their date is outside the range.
    pub hidden_by_range: usize,
    /// Undated articles hidden because "Include undated" is off.
    pub hidden_undated: usize,
    /// Undated articles in the corpus.
    pub undated_total: usize,
    /// Earliest and latest dates in the corpus (for the pickers and presets).
    pub date_span: Option<(NaiveDate, NaiveDate)>,
    /// The years that have articles, ascending.
    pub years: Vec<i32>,
    /// Articles in the date range hidden because they do not match the search.
    pub hidden_by_search: usize,
    /// Hits in the shown articles (with a search).
    pub hits: u64,
    /// Articles in the date range hidden because they are later members of a story family
    /// ("one per family").
    pub hidden_by_families: usize,
}

impl View {
    /// Build the view of `articles` under `filter` and `sort`, reading the records (while a
    /// scan runs, before the corpus has its [`SortKeys`]).
    pub fn build(articles: &[Article], filter: &DateFilter, sort: SortOrder) -> Self {
        let mut filtered = RowFilter::new(filter).apply_to_records(articles);
        sort_ids(articles, &mut filtered.ids, sort);
        Self::with_dates(&DateStats::of(articles.iter().map(|a| a.date))).filled(filtered)
    }

    /// Build the view from the whole corpus already in the wanted order: one pass, no sorting.
    pub fn from_sorted(sorted: &SortedCorpus, keys: &SortKeys, filter: &DateFilter) -> Self {
        Self::with_dates(&keys.dates).filled(sorted.filter(&RowFilter::new(filter)))
    }

    fn filled(mut self, filtered: Filtered) -> Self {
        self.ids = filtered.ids;
        self.hidden_by_range = filtered.hidden_by_range;
        self.hidden_undated = filtered.hidden_undated;
        self
    }

    fn with_dates(dates: &DateStats) -> Self {
        Self {
            undated_total: dates.undated,
            date_span: dates.span,
            years: dates.years.clone(),
            ..Self::default()
        }
    }

    /// Keep only the articles with hits (`counts` is indexed by article id; hits not counted yet
    /// are [`crate::search::run::UNCOUNTED`]), sorted by their
    /// hit count when `by_hits` is `Some(descending)` (ties keep the current order).
    pub fn keep_matches(&mut self, counts: &[u32], by_hits: Option<bool>) {
        let count = |id: ArticleId| counts.get(id as usize).copied().unwrap_or(0);
        let before = self.ids.len();
        self.ids.retain(|&id| count(id) > 0);
        self.hidden_by_search = before - self.ids.len();
        self.hits = self
            .ids
            .iter()
            .map(|&id| count(id))
            .filter(|&c| c != crate::search::run::UNCOUNTED)
            .map(u64::from)
            .sum();
        match by_hits {
            Some(true) => self.ids.sort_by_key(|&id| std::cmp::Reverse(count(id))),
            Some(false) => self.ids.sort_by_key(|&id| count(id)),
            None => {}
        }
    }

    /// Position of `id` in the view.
    pub fn row_of(&self, id: ArticleId) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SortColumn;

    fn article(path: &str, date: Option<(i32, u32, u32)>) -> Article {
        Article {
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            ..Article::for_test(path)
        }
    }

    #[test]
    fn span_years_and_hidden_counts_cover_the_whole_corpus() {
        let articles = [
            article("a.txt", Some((2021, 5, 1))),
            article("b.txt", None),
            article("c.txt", Some((2020, 1, 1))),
            article("d.txt", Some((2021, 5, 1))),
        ];
        let filter = DateFilter {
            from: NaiveDate::from_ymd_opt(2021, 1, 1),
            to: None,
            include_undated: false,
        };
        let view = View::build(&articles, &filter, SortOrder::default());
        assert_eq!(view.ids, [0, 3]);
        assert_eq!(
            view.date_span,
            Some((
                NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(2021, 5, 1).unwrap()
            ))
        );
        assert_eq!(view.years, [2020, 2021]);
        assert_eq!(
            (
                view.hidden_by_range,
                view.hidden_undated,
                view.undated_total
            ),
            (1, 1, 1)
        );
    }
    #[test]
    fn search_keeps_matching_articles_and_sorts_by_hits() {
        let articles: Vec<Article> = (1..=5)
            .map(|d| article(&format!("{d}.txt"), Some((2020, 1, d))))
            .collect();
        let counts = [0, 2, 5, 0, 2];
        let sort = SortOrder::default();
        let mut view = View::build(&articles, &DateFilter::default(), sort);
        view.keep_matches(&counts, None);
        assert_eq!(view.ids, [1, 2, 4]);
        assert_eq!((view.hidden_by_search, view.hits), (2, 9));
        let mut view = View::build(&articles, &DateFilter::default(), sort);
        view.keep_matches(&counts, Some(true));
        assert_eq!(view.ids, [2, 1, 4], "most hits first, ties in date order");
        let mut view = View::build(&articles, &DateFilter::default(), sort);
        view.keep_matches(&counts, Some(false));
        assert_eq!(view.ids, [1, 4, 2]);
        // The index's answer before the hits are counted: the matches show, no hits yet.
        let uncounted = crate::search::SearchResults::uncounted(5, &[0, 3]);
        let mut view = View::build(&articles, &DateFilter::default(), sort);
        view.keep_matches(&uncounted.counts, None);
        assert_eq!((view.ids.as_slice(), view.hits), (&[0, 3][..], 0));
    }

    #[test]
    fn the_keyed_view_equals_the_view_read_from_the_records() {
        let mut articles: Vec<Article> = (0..60)
            .map(|i| {
                let mut a = article(
                    &format!("f{}/a{i:02}.txt", i % 4),
                    (i % 5 != 0).then_some((
                        2018 + i % 4,
                        1 + (i as u32 % 12),
                        1 + (i as u32 % 27),
                    )),
                );
                a.title = format!("Title {}", (i * 7) % 13).into();
                a.words = (i as u32 * 37) % 11;
                a
            })
            .collect();
        articles.sort_by(|a, b| a.path.cmp(&b.path));
        let keys = SortKeys::build(&articles);
        let filters = [
            DateFilter::default(),
            DateFilter {
                from: NaiveDate::from_ymd_opt(2019, 3, 1),
                to: NaiveDate::from_ymd_opt(2020, 8, 31),
                include_undated: false,
            },
            DateFilter {
                from: None,
                to: NaiveDate::from_ymd_opt(2019, 12, 31),
                include_undated: true,
            },
        ];
        for filter in filters {
            for column in [SortColumn::Date, SortColumn::Title, SortColumn::Words] {
                for descending in [false, true] {
                    let sort = SortOrder { column, descending };
                    let keyed = View::from_sorted(&keys.sorted(&articles, sort), &keys, &filter);
                    let read = View::build(&articles, &filter, sort);
                    assert_eq!(keyed.ids, read.ids, "{filter:?} {sort:?}");
                    assert_eq!(
                        (
                            keyed.hidden_by_range,
                            keyed.hidden_undated,
                            keyed.undated_total
                        ),
                        (
                            read.hidden_by_range,
                            read.hidden_undated,
                            read.undated_total
                        )
                    );
                    assert_eq!(
                        (keyed.date_span, &keyed.years),
                        (read.date_span, &read.years)
                    );
                }
            }
        }
    }
}
