//! The table's view of the corpus: which article ids pass the filters, in which order, and how
//! many each filter hides. Built outside the table's drawing code, only when something changed.

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
}

impl View {
    /// Build the view of `articles` under `filter` and `sort`.
    pub fn build(articles: &[Article], filter: &DateFilter, sort: SortOrder) -> Self {
        let mut view = Self::default();
        view.ids.reserve(articles.len());
        for (i, article) in articles.iter().enumerate() {
            let Ok(id) = ArticleId::try_from(i) else {
                break;
            };
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
        sort_ids(articles, &mut view.ids, sort);
        view
    }

    /// Position of `id` in the view.
    pub fn row_of(&self, id: ArticleId) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
    }
}
