//! Integer sort keys for every column of a finished corpus, so that sorting a million records by
//! any column, in either direction, is an integer sort, and filtering by date reads a compact
//! column instead of the records.
//!
//! Building the keys costs one full sort per text column (hundreds of milliseconds for a million
//! titles), so a window builds them once, off its UI thread, after a scan has finished.

use chrono::{Datelike as _, NaiveDate};

use super::article::{Article, ArticleId, FormatKind};
use super::filter::{Filtered, RowFilter};
use super::sort::{SortColumn, SortOrder, cmp_caseless, sort_by_id_key, sort_ids};

/// The rank of a missing value (no dateline): after every present one.
const MISSING: u32 = u32::MAX;

/// The day number of an undated article in [`SortKeys::days`].
const UNDATED: i32 = i32::MIN;

/// The rank of each article's format among the formats' names: a table of a few entries, not
/// a sort of a million equal names.
fn format_ranks(articles: &[Article]) -> Vec<u32> {
    let mut kinds: Vec<FormatKind> = Vec::new();
    for article in articles {
        if !kinds.contains(&article.format) {
            kinds.push(article.format);
        }
    }
    kinds.sort_by(|a, b| cmp_caseless(a.label(), b.label()));
    articles
        .iter()
        .map(|a| {
            kinds
                .iter()
                .position(|k| *k == a.format)
                .map_or(MISSING, |p| p as u32)
        })
        .collect()
}

/// The columns of [`SortKeys::meta`].
const META_COLUMNS: [SortColumn; 4] = [
    SortColumn::Authors,
    SortColumn::Url,
    SortColumn::Language,
    SortColumn::Format,
];

/// Sort keys and the date column of a corpus whose articles are in their final (path) order.
#[derive(Debug, Default)]
pub struct SortKeys {
    /// Dense rank of each article's title in case-insensitive order (equal titles share one).
    title: Vec<u32>,
    /// Dense rank of each article's folder.
    source: Vec<u32>,
    /// Dense rank of each article's dateline ([`MISSING`] without one).
    dateline: Vec<u32>,
    /// Dense ranks of the authors, URL, language and format columns, in that order.
    meta: [Vec<u32>; 4],
    /// Days since the common era of each article's date ([`UNDATED`] without one).
    days: Vec<i32>,
    /// Word counts.
    words: Vec<u32>,
    /// Rank of each article's file (ids are in path order; the articles of one file share it,
    /// so they keep their order in the file whichever way the column is sorted).
    file: Vec<u32>,
    /// Facts about the whole corpus's dates.
    pub dates: DateStats,
}

/// Facts about the dates of a whole corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateStats {
    /// Undated articles.
    pub undated: usize,
    /// Earliest and latest date.
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// The years that have articles, ascending.
    pub years: Vec<i32>,
}

impl DateStats {
    /// The facts about `dates`.
    pub fn of(dates: impl Iterator<Item = Option<NaiveDate>>) -> Self {
        let mut stats = Self::default();
        let mut years = std::collections::BTreeSet::new();
        let mut last_year = None;
        for date in dates {
            let Some(date) = date else {
                stats.undated += 1;
                continue;
            };
            // Neighbouring articles often share a year: skip the set for them.
            if last_year != Some(date.year()) {
                years.insert(date.year());
                last_year = Some(date.year());
            }
            stats.span = Some(match stats.span {
                None => (date, date),
                Some((lo, hi)) => (lo.min(date), hi.max(date)),
            });
        }
        stats.years = years.into_iter().collect();
        stats
    }
}

impl SortKeys {
    /// Build the keys of `articles` (which must be in path order, as after a finished scan).
    pub fn build(articles: &[Article]) -> Self {
        let rank = |column: SortColumn, text: &dyn Fn(&Article) -> Option<&str>| {
            dense_rank(articles, column, text)
        };
        Self {
            title: rank(SortColumn::Title, &|a| Some(&a.title)),
            source: rank(SortColumn::Source, &|a| SortColumn::Source.text_of(a)),
            dateline: rank(SortColumn::Dateline, &|a| a.dateline.as_deref()),
            meta: META_COLUMNS.map(|column| {
                if column == SortColumn::Format {
                    format_ranks(articles)
                } else {
                    rank(column, &|a| column.text_of(a))
                }
            }),
            days: articles
                .iter()
                .map(|a| a.date.map_or(UNDATED, |d| d.num_days_from_ce()))
                .collect(),
            words: articles.iter().map(|a| a.words).collect(),
            file: file_ranks(articles),
            dates: DateStats::of(articles.iter().map(|a| a.date)),
        }
    }

    /// The number of articles the keys describe.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// True for the keys of an empty corpus.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The day of article `id` (days of the common era), from the compact date column.
    pub fn dated_day(&self, id: ArticleId) -> Option<i32> {
        Some(self.day(id)).filter(|&d| d != UNDATED)
    }

    /// Order `ids` by `order`, exactly as [`sort_ids`] does, with integer keys only.
    pub fn sort(&self, articles: &[Article], ids: &mut [ArticleId], order: SortOrder) {
        let rank = |ranks: &[u32], id: ArticleId| {
            ranks
                .get(id as usize)
                .filter(|&&r| r != MISSING)
                .map(|&r| i64::from(r))
        };
        let key = |id: ArticleId| -> Option<i64> {
            match order.column {
                SortColumn::Date => self
                    .days
                    .get(id as usize)
                    .filter(|&&d| d != UNDATED)
                    .map(|&d| i64::from(d)),
                SortColumn::Words => self.words.get(id as usize).map(|&w| i64::from(w)),
                SortColumn::Title => rank(&self.title, id),
                SortColumn::Source => rank(&self.source, id),
                SortColumn::Dateline => rank(&self.dateline, id),
                SortColumn::Authors
                | SortColumn::Url
                | SortColumn::Language
                | SortColumn::Format => {
                    let at = META_COLUMNS
                        .iter()
                        .position(|c| *c == order.column)
                        .unwrap_or(0);
                    rank(self.meta.get(at).map_or(&[][..], Vec::as_slice), id)
                }
                SortColumn::File => self.file.get(id as usize).map(|&r| i64::from(r)),
                SortColumn::Size => articles
                    .get(id as usize)
                    .and_then(|a| i64::try_from(a.bytes()).ok()),
                SortColumn::Modified => articles.get(id as usize).and_then(|a| a.modified_unix_s),
            }
        };
        sort_by_id_key(ids, order.descending, key);
    }

    /// The whole corpus in `order`, with each article's day alongside so that filtering it
    /// reads memory in order.
    pub fn sorted(&self, articles: &[Article], order: SortOrder) -> SortedCorpus {
        let mut ids: Vec<ArticleId> = (0..self.len())
            .filter_map(|i| ArticleId::try_from(i).ok())
            .collect();
        self.sort(articles, &mut ids, order);
        let days = ids.iter().map(|&id| self.day(id)).collect();
        SortedCorpus { order, ids, days }
    }

    fn day(&self, id: ArticleId) -> i32 {
        self.days.get(id as usize).copied().unwrap_or(UNDATED)
    }
}

/// The rank of each article's file, for articles in path order.
fn file_ranks(articles: &[Article]) -> Vec<u32> {
    let mut rank = 0u32;
    let mut previous: Option<&str> = None;
    articles
        .iter()
        .map(|a| {
            if previous.is_some_and(|p| p != &*a.path) {
                rank += 1;
            }
            previous = Some(&a.path);
            rank
        })
        .collect()
}

/// A whole corpus in one sort order (see [`SortKeys::sorted`]).
#[derive(Debug, Default)]
pub struct SortedCorpus {
    /// The order.
    pub order: SortOrder,
    /// Every article id, in that order.
    pub ids: Vec<ArticleId>,
    /// The day of each, in the same order.
    days: Vec<i32>,
}

impl SortedCorpus {
    /// The ids that pass `filter`, in this order, and how many each rule hid.
    pub fn filter(&self, filter: &RowFilter) -> Filtered {
        if filter.is_inactive() {
            return Filtered {
                ids: self.ids.clone(),
                ..Filtered::default()
            };
        }
        let verdicts =
            (self.days.iter()).map(|&day| filter.verdict((day != UNDATED).then_some(day)));
        RowFilter::tally(self.ids.iter().copied().zip(verdicts))
    }
}

/// Each article's rank in `column`'s ascending order, equal texts sharing a rank; articles
/// without the text get [`MISSING`].
fn dense_rank(
    articles: &[Article],
    column: SortColumn,
    text: &dyn Fn(&Article) -> Option<&str>,
) -> Vec<u32> {
    // A column no article has (authors in a folder of plain text): nothing to sort.
    if articles.iter().all(|a| text(a).is_none()) {
        return vec![MISSING; articles.len()];
    }
    let mut ids: Vec<ArticleId> = (0..articles.len())
        .filter_map(|i| ArticleId::try_from(i).ok())
        .collect();
    sort_ids(
        articles,
        &mut ids,
        SortOrder {
            column,
            descending: false,
        },
    );
    let mut ranks = vec![MISSING; articles.len()];
    let mut rank = 0u32;
    let mut previous: Option<&str> = None;
    for &id in &ids {
        let Some(current) = articles.get(id as usize).and_then(text) else {
            continue; // Missing texts come last; they keep MISSING.
        };
        if previous.is_some_and(|p| cmp_caseless(p, current) != std::cmp::Ordering::Equal) {
            rank += 1;
        }
        previous = Some(current);
        if let Some(slot) = ranks.get_mut(id as usize) {
            *slot = rank;
        }
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::filter::{DateFilter, filter_ids};

    fn articles() -> Vec<Article> {
        let titles = [
            "beta", "Alpha", "alpha", "Émile", "zeta", "Beta", "", "ALPHA", "émile", "gamma",
        ];
        let mut articles = titles
            .iter()
            .enumerate()
            .map(|(i, title)| {
                let mut a = Article::for_test(&format!("{}/f{i:02}.txt", ["b", "A", "a"][i % 3]));
                if matches!(i, 2 | 4 | 7) {
                    // Three rows of one file of several articles.
                    a.path = "a/many.csv".into();
                    a.span = Some(crate::corpus::ByteSpan {
                        start: 100 - i as u64,
                        len: 1,
                    });
                }
                a.title = (*title).into();
                a.words = [5, 3, 5, 1, 9, 3, 0, 7, 5, 2][i];
                a.date = (i % 4 != 0)
                    .then(|| NaiveDate::from_ymd_opt(2020 + (i % 3) as i32, 1 + i as u32, 2))
                    .flatten();
                a.dateline = (i % 3 == 0).then(|| ["ROME", "rome", "Oslo"][i % 3].into());
                // Formats, outlets, authors, URLs and languages, some missing.
                a.format = [
                    FormatKind::PlainText,
                    FormatKind::Csv,
                    FormatKind::JsonLines,
                    FormatKind::Json,
                ][i % 4];
                if i % 3 != 1 {
                    a.meta = Some(Box::new(crate::corpus::ArticleMeta {
                        outlet: (i % 2 == 0).then(|| ["Herald", "herald", "Wire"][i % 3].into()),
                        url: Some(format!("https://x.example/{}", 9 - i).into()),
                        authors: (i != 4).then(|| ["Ruiz", "ruiz; Vale", "Åberg"][i % 3].into()),
                        language: (i % 2 == 1).then(|| "en".into()),
                        date_problem: None,
                    }));
                }
                a
            })
            .collect::<Vec<_>>();
        // Ids in path order, as after a finished scan.
        articles.sort_by(Article::path_order);
        articles
    }

    #[test]
    fn integer_keys_sort_exactly_like_the_text_sort_in_both_directions() {
        let articles = articles();
        let keys = SortKeys::build(&articles);
        assert_eq!(keys.len(), articles.len());
        for column in SortColumn::ALL {
            for descending in [false, true] {
                let order = SortOrder { column, descending };
                // A subset in a scrambled order, as a filtered view would hold.
                let mut expected: Vec<ArticleId> = vec![9, 2, 7, 0, 5, 3, 8, 6, 1];
                let mut keyed = expected.clone();
                sort_ids(&articles, &mut expected, order);
                keys.sort(&articles, &mut keyed, order);
                assert_eq!(keyed, expected, "{order:?}");
            }
        }
    }

    #[test]
    fn the_date_column_filters_like_the_records() {
        let articles = articles();
        let keys = SortKeys::build(&articles);
        let filters = [
            DateFilter::default(),
            DateFilter {
                from: NaiveDate::from_ymd_opt(2021, 1, 1),
                to: None,
                include_undated: false,
            },
            DateFilter {
                from: NaiveDate::from_ymd_opt(2020, 3, 2),
                to: NaiveDate::from_ymd_opt(2022, 7, 2),
                include_undated: true,
            },
        ];
        for filter in filters {
            // In path (id) order, as `filter_ids` gives them.
            let in_path_order = keys.sorted(
                &articles,
                SortOrder {
                    column: SortColumn::File,
                    descending: false,
                },
            );
            let by_keys = in_path_order.filter(&RowFilter::new(&filter)).ids;
            assert_eq!(by_keys, filter_ids(&articles, &filter), "{filter:?}");
        }
        assert_eq!(keys.dates, DateStats::of(articles.iter().map(|a| a.date)));
        assert_eq!(keys.dates.undated, 3);
        assert_eq!(keys.dates.years, [2020, 2021, 2022]);
    }
}
