//! The table's order: sorting article ids by any column, in either direction, from the records.
//! (A finished corpus sorts faster with its integer [`super::keys::SortKeys`], which agree with
//! this sort exactly.)

use std::cmp::Ordering;

use chrono::Datelike as _;

use super::article::{Article, ArticleId};

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
    /// The outlet the file names, or else the sub-folder the article is in.
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
    /// Authors; articles without go last.
    Authors,
    /// The article's URL; articles without go last.
    Url,
    /// The language the file states; articles without go last.
    Language,
    /// The file format.
    Format,
}

impl SortColumn {
    /// Every column.
    pub const ALL: [Self; 12] = [
        Self::Date,
        Self::Title,
        Self::Source,
        Self::Words,
        Self::File,
        Self::Dateline,
        Self::Size,
        Self::Modified,
        Self::Authors,
        Self::Url,
        Self::Language,
        Self::Format,
    ];

    /// The text a text column sorts by (`None` for the numeric columns, and for an article
    /// without a value, which sorts last).
    pub fn text_of(self, article: &Article) -> Option<&str> {
        match self {
            Self::Title => Some(&article.title),
            Self::Source => Some(article.source()),
            Self::Dateline => article.dateline.as_deref(),
            Self::File => Some(&article.path),
            Self::Authors => article.meta().authors.as_deref(),
            Self::Url => article.meta().url.as_deref(),
            Self::Language => article.meta().language.as_deref(),
            Self::Format => Some(article.format.label()),
            Self::Date | Self::Words | Self::Size | Self::Modified => None,
        }
    }
}

/// A sort: column and direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SortOrder {
    /// The column.
    pub column: SortColumn,
    /// True for largest (or latest, or Z) first.
    pub descending: bool,
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

/// Order `ids` by `order`. Ties keep id order (which is path order once a scan has finished);
/// undated articles (and, for the dateline and modification time, articles without one) go
/// last whichever the direction.
///
/// Each id is paired with a sort key computed once (an integer, or the first 16 bytes of the
/// case-folded text), so the sort compares integers and only looks at whole strings when two
/// keys are equal: a million ids sort in tens of milliseconds.
pub fn sort_ids(articles: &[Article], ids: &mut [ArticleId], order: SortOrder) {
    let desc = order.descending;
    match order.column {
        SortColumn::Date => sort_by_number(articles, ids, desc, |a| {
            a.date.map(|d| i64::from(d.num_days_from_ce()))
        }),
        SortColumn::Words => sort_by_number(articles, ids, desc, |a| Some(i64::from(a.words))),
        SortColumn::Size => {
            sort_by_number(articles, ids, desc, |a| i64::try_from(a.bytes()).ok());
        }
        SortColumn::Modified => sort_by_number(articles, ids, desc, |a| a.modified_unix_s),
        SortColumn::File => sort_by_text(articles, ids, desc, Case::Exact, |a| Some(&a.path)),
        column => sort_by_text(articles, ids, desc, Case::Folded, |a| column.text_of(a)),
    }
}

/// A key for "missing last in both directions": the value's order (reversed when descending)
/// below `u64::MAX`, which is kept for a missing value.
fn directed_number_key(value: Option<i64>, desc: bool) -> u64 {
    match value {
        None => u64::MAX,
        Some(v) => {
            // Order-preserving map from i64 to u64.
            let key = (v as u64) ^ (1 << 63);
            (if desc { !key } else { key }).min(u64::MAX - 1)
        }
    }
}

fn sort_by_number(
    articles: &[Article],
    ids: &mut [ArticleId],
    desc: bool,
    value: impl Fn(&Article) -> Option<i64>,
) {
    sort_by_id_key(ids, desc, |id| articles.get(id as usize).and_then(&value));
}

/// Order `ids` by the number `key` gives each (missing last in both directions, ties in id
/// order): every number sort, from the records or from [`super::SortKeys`], comes here.
pub(crate) fn sort_by_id_key(
    ids: &mut [ArticleId],
    desc: bool,
    key: impl Fn(ArticleId) -> Option<i64>,
) {
    let mut keyed: Vec<(u64, ArticleId)> = ids
        .iter()
        .map(|&id| (directed_number_key(key(id), desc), id))
        .collect();
    keyed.sort_unstable();
    for (slot, (_, id)) in ids.iter_mut().zip(keyed) {
        *slot = id;
    }
}

/// How a text column compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    /// Ignoring case ([`cmp_caseless`]): titles, sources, names.
    Folded,
    /// Byte for byte: paths.
    Exact,
}

/// Bytes `skip..skip + 16` of `text` (lower-cased when `Case::Folded`) as a big-endian number,
/// and whether more bytes follow. Comparing these keys level by level orders texts as
/// [`cmp_caseless`] (or byte order) does.
fn text_key(text: &str, case: Case, skip: usize) -> (u128, bool) {
    let caseless = case == Case::Folded;
    let raw = text.as_bytes();
    let window = raw.get(..raw.len().min(skip + 17)).unwrap_or_default();
    if !caseless || window.is_ascii() {
        // Fast path: the bytes are the key (lower-cased ASCII folds byte for byte).
        let mut bytes = [0u8; 16];
        let part = raw
            .get(skip.min(raw.len())..raw.len().min(skip + 16))
            .unwrap_or_default();
        for (slot, &b) in bytes.iter_mut().zip(part) {
            *slot = if caseless { b.to_ascii_lowercase() } else { b };
        }
        return (u128::from_be_bytes(bytes), raw.len() > skip + 16);
    }
    // Slow path: case-fold character by character (lower-casing may change byte lengths).
    let mut bytes = [0u8; 16];
    let mut seen = 0usize;
    let mut more = false;
    let mut put = |b: u8| {
        if seen >= skip + 16 {
            more = true;
            return false;
        }
        if seen >= skip {
            bytes[seen - skip] = b;
        }
        seen += 1;
        true
    };
    'outer: for c in text.chars() {
        for lower in c.to_lowercase() {
            let mut buf = [0u8; 4];
            for &b in lower.encode_utf8(&mut buf).as_bytes() {
                if !put(b) {
                    break 'outer;
                }
            }
        }
    }
    (u128::from_be_bytes(bytes), more)
}

/// Deepest key level before falling back to comparing whole strings.
const TEXT_KEY_LEVELS: usize = 6;

fn sort_by_text<'a>(
    articles: &'a [Article],
    ids: &mut [ArticleId],
    desc: bool,
    case: Case,
    text: impl Fn(&'a Article) -> Option<&'a str>,
) {
    let text_of = |id: ArticleId| articles.get(id as usize).and_then(&text);
    // Articles without the text go last in both directions, in id order.
    let (present, mut missing): (Vec<ArticleId>, Vec<ArticleId>) =
        ids.iter().partition(|&&id| text_of(id).is_some());
    missing.sort_unstable();
    let mut run: Vec<(u128, ArticleId, bool)> =
        present.into_iter().map(|id| (0, id, true)).collect();
    order_run(
        &mut run,
        0,
        &|id, level| {
            let (key, more) = text_of(id).map_or((0, false), |t| text_key(t, case, level * 16));
            (if desc { !key } else { key }, more)
        },
        &|a, b| {
            let whole = match (text_of(a), text_of(b)) {
                (Some(x), Some(y)) if case == Case::Folded => cmp_caseless(x, y),
                (Some(x), Some(y)) => x.cmp(y),
                _ => Ordering::Equal,
            };
            (if desc { whole.reverse() } else { whole }).then(a.cmp(&b))
        },
    );
    for (slot, id) in ids
        .iter_mut()
        .zip(run.into_iter().map(|(_, id, _)| id).chain(missing))
    {
        *slot = id;
    }
}

/// Order a run of ids whose keys so far are equal, by key `level` (16 bytes each, so only the
/// texts still tied are read again), recursing into runs that are still equal and where some
/// text is longer than the keys read; past [`TEXT_KEY_LEVELS`], compare whole strings. Ties end
/// in id order.
fn order_run(
    run: &mut [(u128, ArticleId, bool)],
    level: usize,
    key_at: &dyn Fn(ArticleId, usize) -> (u128, bool),
    whole: &dyn Fn(ArticleId, ArticleId) -> Ordering,
) {
    if level > TEXT_KEY_LEVELS {
        run.sort_by(|a, b| whole(a.1, b.1));
        return;
    }
    for entry in run.iter_mut() {
        let (key, more) = key_at(entry.1, level);
        *entry = (key, entry.1, more);
    }
    run.sort_unstable();
    let mut start = 0;
    while start < run.len() {
        let key = run[start].0;
        let end = start + run[start..].iter().take_while(|k| k.0 == key).count();
        let sub = &mut run[start..end.max(start + 1)];
        if sub.len() > 1 && sub.iter().any(|k| k.2) {
            order_run(sub, level + 1, key_at, whole);
        }
        start = end.max(start + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::filter::{DateFilter, filter_ids};
    use chrono::NaiveDate;

    fn article(path: &str, title: &str, date: Option<(i32, u32, u32)>, words: u32) -> Article {
        Article {
            title: title.into(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            words,
            size_bytes: u64::from(words) * 6,
            ..Article::for_test(path)
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
    fn caseless_comparison_handles_unicode() {
        assert_eq!(cmp_caseless("Émile", "émile"), Ordering::Equal);
        assert_eq!(cmp_caseless("abc", "ABD"), Ordering::Less);
        assert_eq!(cmp_caseless("ab", "abc"), Ordering::Less);
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

    #[test]
    fn keyed_sorts_agree_with_a_plain_comparison() {
        let words = [
            "Émile",
            "émile",
            "apple",
            "Apple pie",
            "zebra",
            "Zürich",
            "zurich",
            "",
            "the council of the harbour town",
            "The Council of the Harbour Towns",
            "the council of the harbour town",
        ];
        let articles: Vec<Article> = words
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut a = article(
                    &format!("p{:02}.txt", words.len() - i),
                    t,
                    Some((2020, 1 + (i as u32 % 3), 1)),
                    (i % 4) as u32,
                );
                if i % 4 == 0 {
                    a.date = None;
                }
                a.dateline = (i % 2 == 0).then(|| (*t).into());
                a
            })
            .collect();
        for column in [
            SortColumn::Title,
            SortColumn::Dateline,
            SortColumn::File,
            SortColumn::Date,
            SortColumn::Words,
        ] {
            for descending in [false, true] {
                let mut ids: Vec<ArticleId> = (0..articles.len() as u32).collect();
                sort_ids(&articles, &mut ids, SortOrder { column, descending });
                let mut expected: Vec<ArticleId> = (0..articles.len() as u32).collect();
                let directed = |o: Ordering| if descending { o.reverse() } else { o };
                expected.sort_by(|&a, &b| {
                    let (x, y) = (&articles[a as usize], &articles[b as usize]);
                    let primary = match column {
                        SortColumn::Title => directed(cmp_caseless(&x.title, &y.title)),
                        SortColumn::Dateline => {
                            missing_last(x.dateline.as_deref(), y.dateline.as_deref(), |_| {
                                directed(cmp_caseless(
                                    x.dateline.as_deref().unwrap_or(""),
                                    y.dateline.as_deref().unwrap_or(""),
                                ))
                            })
                        }
                        SortColumn::File => directed(x.path.cmp(&y.path)),
                        SortColumn::Date => missing_last(x.date, y.date, directed),
                        _ => directed(x.words.cmp(&y.words)),
                    };
                    primary.then(a.cmp(&b))
                });
                assert_eq!(ids, expected, "{column:?} descending={descending}");
            }
        }
    }

    #[test]
    fn keyed_text_sort_matches_the_comparator_on_long_shared_prefixes() {
        // Titles from a tiny alphabet share long prefixes, which forces every key level.
        let pieces = ["a", "A", "b", "é", "É", " ", "ß", "harbour council "];
        let mut state = 7u64;
        let articles: Vec<Article> = (0..400)
            .map(|i| {
                let mut title = String::from("the harbour council of the northern coast ");
                for _ in 0..(i % 9) {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    title.push_str(pieces[(state >> 33) as usize % pieces.len()]);
                }
                article(&format!("p{i:03}.txt"), &title, None, 0)
            })
            .collect();
        for descending in [false, true] {
            let mut ids: Vec<ArticleId> = (0..400).collect();
            sort_ids(
                &articles,
                &mut ids,
                SortOrder {
                    column: SortColumn::Title,
                    descending,
                },
            );
            let mut expected: Vec<ArticleId> = (0..400).collect();
            expected.sort_by(|&a, &b| {
                let o = cmp_caseless(&articles[a as usize].title, &articles[b as usize].title);
                (if descending { o.reverse() } else { o }).then(a.cmp(&b))
            });
            assert_eq!(ids, expected, "descending={descending}");
        }
    }
}
