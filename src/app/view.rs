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
