//! Facets: the values of a column that narrow a corpus (the outlet, the authors, the language,
//! the format, the first sub-folder), each article's values kept as numbers so that counting
//! them over any selection of a million articles is one pass of array increments.
//!
//! Outlet names are grouped by [`outlet_key`]: `Guardian`, `Guardian.com` and
//! `The Guardian(London)` are one value, shown by its most common spelling, with every
//! spelling kept (the Source column still shows what each file says).

use std::collections::HashMap;

use super::article::{Article, ArticleId};

/// A column the corpus can be narrowed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Facet {
    /// The outlet (else the folder), as the Source column shows it, spellings grouped.
    Source,
    /// Each of an article's authors.
    Author,
    /// The language as the file states it (case ignored).
    Language,
    /// The format the article was read from.
    Format,
    /// The first sub-folder of the opened folder the file is in.
    Folder,
}

impl Facet {
    /// Every facet, in the order they are shown.
    pub const ALL: [Self; 5] = [
        Self::Source,
        Self::Author,
        Self::Language,
        Self::Format,
        Self::Folder,
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Source => "Source",
            Self::Author => "Author",
            Self::Language => "Language",
            Self::Format => "Format",
            Self::Folder => "Folder",
        }
    }
}

/// What `(top level)` stands for in the Folder facet: files directly in the opened folder.
pub const TOP_LEVEL: &str = "(top level)";

/// One value of a facet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    /// What articles are grouped by (see [`outlet_key`] for sources).
    pub key: Box<str>,
    /// The name shown: the most common spelling.
    pub shown: Box<str>,
    /// Every spelling met, with its number of articles, most common first.
    pub spellings: Vec<(Box<str>, u32)>,
}

/// Every article's values of one facet, as indices into [`FacetColumn::values`].
#[derive(Clone, Debug, Default)]
pub struct FacetColumn {
    /// The values, in order of their keys.
    pub values: Vec<FacetValue>,
    /// Article `i`'s values are `of_articles[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    of_articles: Vec<u32>,
}

impl FacetColumn {
    /// The column of `facet` over `articles`.
    pub fn build(articles: &[Article], facet: Facet) -> Self {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut spellings: Vec<HashMap<Box<str>, u32>> = Vec::new();
        let mut starts = Vec::with_capacity(articles.len() + 1);
        let mut of_articles = Vec::with_capacity(articles.len());
        let mut names = Vec::new();
        for article in articles {
            starts.push(of_articles.len() as u32);
            names.clear();
            values_of(article, facet, &mut names);
            for name in &names {
                let key = match facet {
                    Facet::Source => outlet_key(name),
                    _ => plain_key(name),
                };
                if key.is_empty() {
                    continue;
                }
                let next = index.len() as u32;
                let at = *index.entry(key).or_insert(next);
                if at == next {
                    spellings.push(HashMap::new());
                }
                if let Some(seen) = spellings.get_mut(at as usize) {
                    *seen.entry(Box::from(name.as_str())).or_insert(0) += 1;
                }
                let first = starts.last().map_or(0, |&s| s as usize);
                if !of_articles
                    .get(first..)
                    .is_some_and(|mine| mine.contains(&at))
                {
                    of_articles.push(at);
                }
            }
        }
        starts.push(of_articles.len() as u32);
        let mut keys: Vec<(String, u32)> = index.into_iter().collect();
        keys.sort_unstable();
        // Number the values in key order.
        let mut renumber = vec![0u32; keys.len()];
        let mut values = Vec::with_capacity(keys.len());
        for (new, (key, old)) in keys.into_iter().enumerate() {
            if let Some(slot) = renumber.get_mut(old as usize) {
                *slot = new as u32;
            }
            let mut spelled: Vec<(Box<str>, u32)> = spellings
                .get_mut(old as usize)
                .map(std::mem::take)
                .unwrap_or_default()
                .into_iter()
                .collect();
            spelled.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let shown = spelled
                .first()
                .map_or_else(|| key.clone().into(), |s| s.0.clone());
            values.push(FacetValue {
                key: key.into(),
                shown,
                spellings: spelled,
            });
        }
        for value in &mut of_articles {
            *value = renumber.get(*value as usize).copied().unwrap_or(0);
        }
        Self {
            values,
            starts,
            of_articles,
        }
    }

    /// The values of article `id`.
    pub fn of(&self, id: ArticleId) -> &[u32] {
        let i = id as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.of_articles.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// How many of the articles `ids` have each value (indexed like [`Self::values`]).
    pub fn count(&self, ids: &[ArticleId]) -> Vec<u32> {
        let mut counts = vec![0u32; self.values.len()];
        for &id in ids {
            for &value in self.of(id) {
                if let Some(count) = counts.get_mut(value as usize) {
                    *count += 1;
                }
            }
        }
        counts
    }

    /// True when article `id` has one of the values `chosen` (sorted).
    pub fn has_any(&self, id: ArticleId, chosen: &[u32]) -> bool {
        self.of(id).iter().any(|v| chosen.binary_search(v).is_ok())
    }

    /// A column of `n` articles whose values are given per article (`lists`: article and its
    /// values, indices into `values`; articles not listed have none).
    pub fn from_lists<'a>(
        values: Vec<FacetValue>,
        n: usize,
        lists: impl IntoIterator<Item = (ArticleId, &'a [u32])>,
    ) -> Self {
        let mut by_article: Vec<(ArticleId, &[u32])> = lists.into_iter().collect();
        by_article.sort_unstable_by_key(|&(id, _)| id);
        let mut starts = Vec::with_capacity(n + 1);
        let mut of_articles = Vec::new();
        let mut next = by_article.iter().peekable();
        for id in 0..n {
            starts.push(of_articles.len() as u32);
            while let Some(&&(at, list)) = next.peek() {
                if at as usize > id {
                    break;
                }
                if at as usize == id {
                    of_articles.extend_from_slice(list);
                }
                next.next();
            }
        }
        starts.push(of_articles.len() as u32);
        Self {
            values,
            starts,
            of_articles,
        }
    }

    /// The value whose key is `key`.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.values
            .binary_search_by(|v| (*v.key).cmp(key))
            .ok()
            .map(|i| i as u32)
    }
}

/// What [`narrow`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narrowed {
    /// Per column, how many of the articles each value would show: counted over the articles
    /// that pass every other column's choice (so a column's other values stay in sight).
    pub counts: Vec<Vec<u32>>,
    /// Articles hidden by the choices.
    pub hidden: usize,
}

/// Keep the `ids` that have one of the chosen values (sorted) in every column with a choice:
/// values of one column are alternatives (OR), columns narrow together (AND). Counts each
/// column's values over the articles that pass the other columns.
pub fn narrow(columns: &[&FacetColumn], chosen: &[Vec<u32>], ids: &mut Vec<ArticleId>) -> Narrowed {
    let mut counts: Vec<Vec<u32>> = columns.iter().map(|c| vec![0; c.values.len()]).collect();
    let active: Vec<usize> = (0..columns.len())
        .filter(|&c| chosen.get(c).is_some_and(|v| !v.is_empty()))
        .collect();
    let count = |counts: &mut Vec<Vec<u32>>, c: usize, id: ArticleId| {
        if let (Some(column), Some(slots)) = (columns.get(c), counts.get_mut(c)) {
            for &value in column.of(id) {
                if let Some(slot) = slots.get_mut(value as usize) {
                    *slot += 1;
                }
            }
        }
    };
    let before = ids.len();
    ids.retain(|&id| {
        let mut failed = None;
        for &c in &active {
            let passes = match (columns.get(c), chosen.get(c)) {
                (Some(column), Some(values)) => column.has_any(id, values),
                _ => true,
            };
            if !passes {
                if failed.is_some() {
                    return false; // fails two: counted nowhere
                }
                failed = Some(c);
            }
        }
        match failed {
            Some(c) => {
                count(&mut counts, c, id);
                false
            }
            None => {
                for c in 0..columns.len() {
                    count(&mut counts, c, id);
                }
                true
            }
        }
    });
    Narrowed {
        counts,
        hidden: before - ids.len(),
    }
}

/// The names an article has for `facet` (several authors; one value otherwise).
fn values_of(article: &Article, facet: Facet, out: &mut Vec<String>) {
    let meta = article.meta();
    match facet {
        Facet::Source => out.push(article.source().to_owned()),
        Facet::Author => {
            if let Some(authors) = &meta.authors {
                out.extend(
                    authors
                        .split(';')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_owned),
                );
            }
        }
        Facet::Language => out.extend(meta.language.as_deref().map(|l| l.trim().to_owned())),
        Facet::Format => out.push(article.format.label().to_owned()),
        Facet::Folder => out.push(match article.path.split_once('/') {
            Some((first, _)) => first.to_owned(),
            None => TOP_LEVEL.to_owned(),
        }),
    }
}

/// Case and runs of white space ignored.
fn plain_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Endings of web addresses dropped from outlet names (`guardian.com`, `bbc.co.uk`).
const DOMAIN_ENDINGS: [&str; 16] = [
    ".co.uk", ".com.au", ".co.nz", ".com", ".org", ".net", ".news", ".info", ".uk", ".de", ".fr",
    ".es", ".it", ".nl", ".ch", ".at",
];

/// What outlet names are grouped by: case, punctuation, a leading "The", a trailing ", The",
/// a leading `www.`, a web address's ending (`.com`, `.co.uk`) and a place in parentheses
/// (`(London)`) are ignored. `The Guardian(London)`, `Guardian.com` and `guardian` are all
/// `guardian`. A name that is nothing but those is kept as its plain key.
pub fn outlet_key(name: &str) -> String {
    let mut text = name.trim().to_lowercase();
    // A place (or an edition) in parentheses at the end.
    while text.ends_with(')') {
        match text.rfind('(') {
            Some(open) if open > 0 => {
                text.truncate(open);
                text = text.trim_end().to_owned();
            }
            _ => break,
        }
    }
    if let Some(rest) = text.strip_prefix("www.") {
        text = rest.to_owned();
    }
    for ending in DOMAIN_ENDINGS {
        if let Some(rest) = text.strip_suffix(ending)
            && !rest.is_empty()
            && !rest.ends_with(' ')
        {
            text = rest.to_owned();
            break;
        }
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut words: &[String] = &words;
    if words.len() > 1 && words.first().is_some_and(|w| w == "the") {
        words = words.get(1..).unwrap_or_default();
    } else if words.len() > 1 && words.last().is_some_and(|w| w == "the") {
        words = words.get(..words.len() - 1).unwrap_or_default();
    }
    let key = words.concat();
    if key.is_empty() { plain_key(name) } else { key }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::article::{ArticleMeta, FormatKind};

    #[test]
    fn spellings_of_one_outlet_are_one_key() {
        for name in [
            "Guardian",
            "guardian",
            "Guardian.com",
            "The Guardian(London)",
            "The Guardian (London)",
            "THE GUARDIAN",
            "Guardian, The",
            "www.guardian.co.uk",
        ] {
            assert_eq!(outlet_key(name), "guardian", "{name}");
        }
        assert_eq!(outlet_key("The New York Times"), "newyorktimes");
        assert_eq!(outlet_key("New York Times (Online)"), "newyorktimes");
        assert_eq!(outlet_key("nytimes.com"), "nytimes");
        assert_eq!(outlet_key("Süddeutsche Zeitung"), "süddeutschezeitung");
        assert_eq!(outlet_key("Le Monde.fr"), "lemonde");
        assert_eq!(outlet_key("人民日报"), "人民日报");
        // Different outlets stay apart.
        assert_ne!(outlet_key("The Times"), outlet_key("The Sunday Times"));
        assert_ne!(outlet_key("Die Zeit"), outlet_key("Zeit"));
        // A name that is only what is dropped keeps a key.
        assert_eq!(outlet_key("The"), "the");
        assert_eq!(outlet_key("(London)"), "london");
        assert_eq!(outlet_key(".com"), "com");
    }

    fn article(path: &str, outlet: Option<&str>, authors: Option<&str>) -> Article {
        let mut a = Article::for_test(path);
        if outlet.is_some() || authors.is_some() {
            a.meta = Some(Box::new(ArticleMeta {
                outlet: outlet.map(Box::from),
                authors: authors.map(Box::from),
                ..ArticleMeta::default()
            }));
        }
        a
    }

    #[test]
    fn values_are_counted_over_any_selection() {
        let articles = vec![
            article(
                "wire/a.txt",
                Some("The Guardian(London)"),
                Some("A. Smith; B. Jones"),
            ),
            article("wire/b.txt", Some("Guardian.com"), Some("b. jones")),
            article("wire/c.txt", Some("Guardian"), None),
            article("d.txt", Some("Guardian"), Some("C. Wu")),
            article("herald/e.txt", None, None),
        ];
        let source = FacetColumn::build(&articles, Facet::Source);
        let shown: Vec<&str> = source.values.iter().map(|v| &*v.shown).collect();
        assert_eq!(shown, ["Guardian", "herald"]);
        let guardian = source.find("guardian").unwrap();
        let spellings: Vec<(&str, u32)> = source.values[guardian as usize]
            .spellings
            .iter()
            .map(|(s, n)| (&**s, *n))
            .collect();
        assert_eq!(
            spellings,
            [
                ("Guardian", 2),
                ("Guardian.com", 1),
                ("The Guardian(London)", 1)
            ]
        );
        assert_eq!(source.count(&[0, 1, 2, 3, 4]), [4, 1]);
        assert_eq!(source.count(&[1, 4]), [1, 1]);
        assert!(source.has_any(1, &[guardian]));
        assert!(!source.has_any(4, &[guardian]));

        let author = FacetColumn::build(&articles, Facet::Author);
        let shown: Vec<&str> = author.values.iter().map(|v| &*v.shown).collect();
        assert_eq!(shown, ["A. Smith", "B. Jones", "C. Wu"]);
        assert_eq!(author.count(&[0, 1, 2, 3, 4]), [1, 2, 1]);
        assert_eq!(author.of(2), &[] as &[u32]);

        let folder = FacetColumn::build(&articles, Facet::Folder);
        let shown: Vec<&str> = folder.values.iter().map(|v| &*v.shown).collect();
        assert_eq!(shown, [TOP_LEVEL, "herald", "wire"]);
        assert_eq!(folder.count(&[0, 1, 2, 3, 4]), [1, 1, 3]);

        let format = FacetColumn::build(&articles, Facet::Format);
        assert_eq!(format.values.len(), 1);
        assert_eq!(&*format.values[0].shown, FormatKind::PlainText.label());
        assert_eq!(format.count(&[0, 3]), [2]);
        assert!(
            FacetColumn::build(&articles, Facet::Language)
                .values
                .is_empty()
        );
    }

    #[test]
    fn narrowing_is_or_within_and_across_and_counts_follow_the_other_columns() {
        // 60 articles: outlet i % 3, authors i % 4 (two authors when i % 5 == 0), folder i % 2.
        let outlets = ["Herald", "Courier", "Wire"];
        let articles: Vec<Article> = (0..60)
            .map(|i| {
                let authors = if i % 5 == 0 {
                    format!("A{}; A{}", i % 4, (i + 1) % 4)
                } else {
                    format!("A{}", i % 4)
                };
                article(
                    &format!("f{}/{i:02}.txt", i % 2),
                    Some(outlets[i % 3]),
                    Some(&authors),
                )
            })
            .collect();
        let columns: Vec<FacetColumn> = [Facet::Source, Facet::Author, Facet::Folder]
            .map(|f| FacetColumn::build(&articles, f))
            .into();
        let refs: Vec<&FacetColumn> = columns.iter().collect();
        let all: Vec<ArticleId> = (0..60).collect();
        let choices = [
            vec![vec![], vec![], vec![]],
            vec![vec![0], vec![], vec![]],
            vec![vec![0, 2], vec![1], vec![]],
            vec![vec![1], vec![0, 3], vec![1]],
        ];
        for chosen in choices {
            let passes = |id: ArticleId, skip: Option<usize>| {
                (0..3).all(|c| {
                    Some(c) == skip || chosen[c].is_empty() || columns[c].has_any(id, &chosen[c])
                })
            };
            let mut ids = all.clone();
            let narrowed = narrow(&refs, &chosen, &mut ids);
            let expected: Vec<ArticleId> =
                all.iter().copied().filter(|&id| passes(id, None)).collect();
            assert_eq!(ids, expected, "{chosen:?}");
            assert_eq!(narrowed.hidden, 60 - expected.len());
            for (c, column) in columns.iter().enumerate() {
                let others: Vec<ArticleId> = all
                    .iter()
                    .copied()
                    .filter(|&id| passes(id, Some(c)))
                    .collect();
                assert_eq!(
                    narrowed.counts[c],
                    column.count(&others),
                    "{chosen:?} column {c}"
                );
            }
        }
    }

    #[test]
    fn a_column_from_lists_gives_each_article_its_values() {
        let values = ["a", "b"]
            .map(|k| FacetValue {
                key: k.into(),
                shown: k.into(),
                spellings: Vec::new(),
            })
            .to_vec();
        let column = FacetColumn::from_lists(values, 5, [(3, &[0u32, 1][..]), (1, &[1][..])]);
        assert_eq!(column.of(0), &[] as &[u32]);
        assert_eq!(column.of(1), &[1]);
        assert_eq!(column.of(3), &[0, 1]);
        assert_eq!(column.of(4), &[] as &[u32]);
        assert_eq!(column.count(&[0, 1, 2, 3, 4]), [1, 2]);
    }
}
