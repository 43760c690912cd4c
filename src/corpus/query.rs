//! Views of a corpus: which articles pass the filters, in which order. A view is a list of
//! article ids (indices into [`super::Corpus::articles`]) so that filtering and sorting a
//! million records never copies them.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::article::Article;

/// Index of an article in [`super::Corpus::articles`].
pub type ArticleId = u32;

/// A column to sort by.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SortColumn {
    /// Publication date; undated articles go last in both directions.
    #[default]
    Date,
    /// Title, ignoring case.
    Title,
    /// The sub-folder the article is in.
    Source,
    /// Word count.
    Words,
    /// Relative path.
    File,
    /// The dateline; articles without one go last.
    Dateline,
    /// File size.
    Size,
    /// Modification time.
    Modified,
}

/// A sort: column and direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SortOrder {
    /// The column.
    pub column: SortColumn,
    /// True for largest (or latest, or Z) first.
    pub descending: bool,
}

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

    /// Whether `date` passes.
    pub fn accepts(&self, date: Option<NaiveDate>) -> bool {
        match date {
            None => self.include_undated,
            Some(date) => {
                self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
            }
        }
    }
}

/// Ids of the articles that pass `filter`, in corpus order.
pub fn filter_ids(articles: &[Article], filter: &DateFilter) -> Vec<ArticleId> {
    articles
        .iter()
        .enumerate()
        .filter(|(_, a)| filter.accepts(a.date))
        .filter_map(|(i, _)| ArticleId::try_from(i).ok())
        .collect()
}

/// Compare two strings ignoring case (ASCII fast path, full Unicode lower-casing otherwise).
pub fn cmp_caseless(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < ab.len() && i < bb.len() {
        let (x, y) = (ab[i], bb[i]);
        if !x.is_ascii() || !y.is_ascii() {
            // Back up to a character boundary shared by both and compare the rest fully.
            let mut start = i;
            while start > 0 && !(a.is_char_boundary(start) && b.is_char_boundary(start)) {
                start -= 1;
            }
            let rest_a = a
                .get(start..)
                .unwrap_or_default()
                .chars()
                .flat_map(char::to_lowercase);
            let rest_b = b
                .get(start..)
                .unwrap_or_default()
                .chars()
                .flat_map(char::to_lowercase);
            return rest_a.cmp(rest_b);
        }
        match x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()) {
            Ordering::Equal => i += 1,
            other => return other,
        }
    }
    ab.len().cmp(&bb.len())
}

/// Order `ids` by `order`. Ties keep path order; undated articles (and, for the dateline,
/// articles without one) go last whichever the direction.
pub fn sort_ids(articles: &[Article], ids: &mut [ArticleId], order: SortOrder) {
    let get = |id: ArticleId| articles.get(id as usize);
    let directed = |ordering: Ordering| {
        if order.descending {
            ordering.reverse()
        } else {
            ordering
        }
    };
    let compare = |a: &ArticleId, b: &ArticleId| -> Ordering {
        let (Some(x), Some(y)) = (get(*a), get(*b)) else {
            return a.cmp(b);
        };
        let primary = match order.column {
            SortColumn::Date => missing_last(x.date, y.date, directed),
            SortColumn::Title => directed(cmp_caseless(&x.title, &y.title)),
            SortColumn::Source => directed(cmp_caseless(x.folder(), y.folder())),
            SortColumn::Words => directed(x.words.cmp(&y.words)),
            SortColumn::File => directed(x.path.cmp(&y.path)),
            SortColumn::Dateline => {
                missing_last(x.dateline.as_deref(), y.dateline.as_deref(), |_| {
                    directed(cmp_caseless(
                        x.dateline.as_deref().unwrap_or(""),
                        y.dateline.as_deref().unwrap_or(""),
                    ))
                })
            }
            SortColumn::Size => directed(x.size_bytes.cmp(&y.size_bytes)),
            SortColumn::Modified => missing_last(x.modified_unix_s, y.modified_unix_s, directed),
        };
        primary
            .then_with(|| x.path.cmp(&y.path))
            .then_with(|| a.cmp(b))
    };
    ids.sort_unstable_by(compare);
}

fn missing_last<T: Ord>(
    a: Option<T>,
    b: Option<T>,
    directed: impl Fn(Ordering) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Earliest and latest dates among `articles`.
pub fn date_span(articles: &[Article]) -> Option<(NaiveDate, NaiveDate)> {
    let mut dates = articles.iter().filter_map(|a| a.date);
    let first = dates.next()?;
    Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{FormatKind, TitleSource};

    fn article(path: &str, title: &str, date: Option<(i32, u32, u32)>, words: u32) -> Article {
        Article {
            path: path.into(),
            raw_path: None,
            title: title.into(),
            title_source: TitleSource::Headline,
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            dateline: None,
            words,
            size_bytes: u64::from(words) * 6,
            modified_unix_s: None,
            encoding: encoding_rs::UTF_8,
            had_bom: false,
            format: FormatKind::PlainText,
            span: None,
        }
    }

    fn sample() -> Vec<Article> {
        vec![
            article("a.txt", "banana", Some((2021, 5, 1)), 30),
            article("b.txt", "Apple", None, 10),
            article("c.txt", "cherry", Some((2020, 1, 1)), 20),
            article("d.txt", "apple pie", Some((2021, 5, 1)), 10),
        ]
    }

    fn sorted(order: SortOrder) -> Vec<&'static str> {
        let articles = sample();
        let mut ids = filter_ids(&articles, &DateFilter::default());
        sort_ids(&articles, &mut ids, order);
        let names = ["a.txt", "b.txt", "c.txt", "d.txt"];
        ids.iter().map(|&i| names[i as usize]).collect()
    }

    #[test]
    fn date_sort_puts_undated_last_both_ways_and_ties_by_path() {
        let asc = SortOrder {
            column: SortColumn::Date,
            descending: false,
        };
        assert_eq!(sorted(asc), ["c.txt", "a.txt", "d.txt", "b.txt"]);
        let desc = SortOrder {
            column: SortColumn::Date,
            descending: true,
        };
        assert_eq!(sorted(desc), ["a.txt", "d.txt", "c.txt", "b.txt"]);
    }

    #[test]
    fn title_sort_ignores_case() {
        let asc = SortOrder {
            column: SortColumn::Title,
            descending: false,
        };
        assert_eq!(sorted(asc), ["b.txt", "d.txt", "a.txt", "c.txt"]);
    }

    #[test]
    fn words_sort_ties_keep_path_order_in_both_directions() {
        let asc = SortOrder {
            column: SortColumn::Words,
            descending: false,
        };
        assert_eq!(sorted(asc), ["b.txt", "d.txt", "c.txt", "a.txt"]);
        let desc = SortOrder {
            column: SortColumn::Words,
            descending: true,
        };
        assert_eq!(sorted(desc), ["a.txt", "c.txt", "b.txt", "d.txt"]);
    }

    #[test]
    fn date_filter_is_inclusive_and_handles_undated() {
        let articles = sample();
        let filter = DateFilter {
            from: NaiveDate::from_ymd_opt(2021, 5, 1),
            to: NaiveDate::from_ymd_opt(2021, 5, 1),
            include_undated: false,
        };
        assert_eq!(filter_ids(&articles, &filter), [0, 3]);
        let with_undated = DateFilter {
            include_undated: true,
            ..filter
        };
        assert_eq!(filter_ids(&articles, &with_undated), [0, 1, 3]);
    }

    #[test]
    fn caseless_comparison_handles_unicode() {
        assert_eq!(cmp_caseless("Émile", "émile"), Ordering::Equal);
        assert_eq!(cmp_caseless("abc", "ABD"), Ordering::Less);
        assert_eq!(cmp_caseless("ab", "abc"), Ordering::Less);
    }

    #[test]
    fn span_of_dates() {
        let articles = sample();
        assert_eq!(
            date_span(&articles),
            Some((
                NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2021, 5, 1).unwrap_or_default()
            ))
        );
    }
}
