//! The concordance's order: which hit lines the table's articles give, sorted as AntConc sorts
//! a KWIC list (by the words left or right of the hit, the hit, or the article's date or
//! title), ties in the table's order.

use super::run::ConcordanceLine;
use crate::corpus::{Article, ArticleId};

/// The concordance's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConcordanceSort {
    /// The table's order, each article's hits in text order.
    #[default]
    Table,
    /// By the words before the hit, nearest first (as AntConc's 1L, 2L, …).
    Left,
    /// By the hit as written, ignoring case.
    Hit,
    /// By the words after the hit.
    Right,
    /// By the article's date (undated last).
    Date,
    /// By the article's title.
    Title,
}

/// How the concordance is sorted: by what, in which direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConcordanceOrder {
    /// What the lines are sorted by.
    pub by: ConcordanceSort,
    /// True for the reverse order (undated lines stay last when sorted by date).
    pub descending: bool,
}

impl ConcordanceOrder {
    /// The order after the user asked for `by`: the same again reverses it, another starts
    /// ascending.
    pub fn toggled(self, by: ConcordanceSort) -> Self {
        Self {
            by,
            descending: self.by == by && !self.descending,
        }
    }
}

/// The concordance lines (in corpus order) of the articles the table shows (`table`, in its
/// order), in `order`; ties keep the table's order.
pub fn concordance_order(
    lines: &[ConcordanceLine],
    articles: &[Article],
    table: &[ArticleId],
    ConcordanceOrder {
        by: order,
        descending,
    }: ConcordanceOrder,
) -> Vec<u32> {
    let mut rows: Vec<u32> = Vec::with_capacity(lines.len().min(table.len() * 4));
    for &id in table {
        let first = lines.partition_point(|l| l.article < id);
        let count = lines
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|l| l.article == id)
            .count();
        rows.extend((first..first + count).filter_map(|i| u32::try_from(i).ok()));
    }
    let line = |i: u32| &lines[i as usize];
    let article = |id: ArticleId| articles.get(id as usize);
    match order {
        ConcordanceSort::Table => {}
        ConcordanceSort::Left => {
            rows.sort_by_cached_key(|&i| words_key(line(i).left.split_whitespace().rev()));
        }
        ConcordanceSort::Right => {
            rows.sort_by_cached_key(|&i| words_key(line(i).right.split_whitespace()));
        }
        ConcordanceSort::Hit => rows.sort_by_cached_key(|&i| line(i).text.to_lowercase()),
        ConcordanceSort::Date => {
            // Undated last in both directions: sort them apart.
            rows.sort_by_key(|&i| {
                article(line(i).article)
                    .and_then(|a| a.date)
                    .map_or((true, None), |d| (false, Some(d)))
            });
        }
        ConcordanceSort::Title => rows.sort_by_cached_key(|&i| {
            article(line(i).article).map_or_else(String::new, |a| a.title.to_lowercase())
        }),
    }
    if descending {
        if order == ConcordanceSort::Date {
            let dated = rows
                .iter()
                .take_while(|&&i| article(line(i).article).is_some_and(|a| a.date.is_some()))
                .count();
            rows[..dated].reverse();
        } else {
            rows.reverse();
        }
    }
    rows
}

/// A sort key of words (punctuation around them ignored, case folded), one after another.
fn words_key<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    words
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .take(4)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(article: ArticleId, left: &str, text: &str, right: &str) -> ConcordanceLine {
        ConcordanceLine {
            article,
            hit: 0,
            left: left.into(),
            text: text.into(),
            right: right.into(),
        }
    }

    #[test]
    fn concordance_sorts_by_the_nearest_words_and_keeps_shown_articles() {
        let lines = [
            line(0, "the old ", "bridge", " fell, said"),
            line(1, "a new ", "Bridge", " opened"),
            line(2, "(an old) ", "bridge", " again"),
            line(3, "hidden ", "bridge", " zzz"),
        ];
        let articles: Vec<Article> = (0..4)
            .map(|i| Article::for_test(&format!("a{i}.txt")))
            .collect();
        // The table shows articles 2, 0 and 1, in that order (3 is filtered out).
        let table = [2, 0, 1];
        let by = |order, descending| {
            concordance_order(
                &lines,
                &articles,
                &table,
                ConcordanceOrder {
                    by: order,
                    descending,
                },
            )
        };
        assert_eq!(by(ConcordanceSort::Table, false), [2, 0, 1]);
        // Nearest left word first: "new" < "old"; then "an" < "the".
        assert_eq!(by(ConcordanceSort::Left, false), [1, 2, 0]);
        assert_eq!(by(ConcordanceSort::Left, true), [0, 2, 1]);
        assert_eq!(by(ConcordanceSort::Right, false), [2, 0, 1]);
    }
}
