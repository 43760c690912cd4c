//! The table's view of the corpus: which article ids pass the filters, in which order, and how
//! many each filter hides. Built outside the table's drawing code, only when something changed.

use chrono::{Datelike as _, NaiveDate};

use crate::corpus::Article;
use crate::corpus::query::{ArticleId, DateFilter, SortOrder, sort_ids};

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
}

impl View {
    /// Build the view of `articles` under `filter` and `sort`.
    pub fn build(articles: &[Article], filter: &DateFilter, sort: SortOrder) -> Self {
        let mut view = Self::default();
        view.ids.reserve(articles.len());
        let mut years = std::collections::BTreeSet::new();
        for (i, article) in articles.iter().enumerate() {
            let Ok(id) = ArticleId::try_from(i) else {
                break;
            };
            if let Some(date) = article.date {
                years.insert(date.year());
                view.date_span = Some(match view.date_span {
                    None => (date, date),
                    Some((lo, hi)) => (lo.min(date), hi.max(date)),
                });
            }
            match article.date {
                None => {
                    view.undated_total += 1;
                    if filter.include_undated {
                        view.ids.push(id);
                    } else {
                        view.hidden_undated += 1;
                    }
                }
                Some(_) if filter.accepts(article.date) => view.ids.push(id),
                Some(_) => view.hidden_by_range += 1,
            }
        }
        view.years = years.into_iter().collect();
        sort_ids(articles, &mut view.ids, sort);
        view
    }

    /// Position of `id` in the view.
    pub fn row_of(&self, id: ArticleId) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
    }
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
}
