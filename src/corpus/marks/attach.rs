//! Joining the marks (named by file and number) to the articles of a scan (numbered by
//! position): which article each mark belongs to, which marked files were renamed, which are
//! missing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::model::{ArticleKey, Change, Marks};
use super::store::{Store, StoreError, orphans};
use crate::corpus::article::{Article, ArticleId};

/// A fingerprint of an article's content as the scan read it: its title, date, word count and
/// outlet. It stays the same when the file is renamed or moved within the folder, and changes
/// when the article is edited.
pub fn fingerprint(article: &Article) -> u64 {
    let mut bytes = Vec::with_capacity(article.title.len() + 40);
    bytes.extend_from_slice(article.title.as_bytes());
    bytes.push(0);
    if let Some(date) = article.date {
        bytes.extend_from_slice(date.to_string().as_bytes());
    }
    bytes.push(0);
    bytes.extend_from_slice(&article.words.to_le_bytes());
    bytes.extend_from_slice(article.meta().outlet.as_deref().unwrap_or("").as_bytes());
    crate::corpus::catalog::fnv1a(&bytes)
}

/// Every article's number in its file (from 1), for articles in path order (a finished scan).
pub fn article_numbers(articles: &[Article]) -> Vec<u32> {
    let mut numbers = Vec::with_capacity(articles.len());
    let mut previous: Option<&Article> = None;
    let mut n = 0;
    for article in articles {
        n = match previous {
            Some(p) if p.path == article.path && p.raw_path == article.raw_path => n + 1,
            _ => 1,
        };
        numbers.push(n);
        previous = Some(article);
    }
    numbers
}

/// The key of article `id`.
pub fn key_of(articles: &[Article], numbers: &[u32], id: ArticleId) -> Option<ArticleKey> {
    let article = articles.get(id as usize)?;
    let number = numbers.get(id as usize).copied()?;
    Some(ArticleKey::new(article.path.to_string(), number))
}

/// The article named `key` in `articles` (in path order).
pub fn find(articles: &[Article], key: &ArticleKey) -> Option<ArticleId> {
    let start = articles.partition_point(|a| *a.path < *key.path);
    let at = start + (key.article as usize).checked_sub(1)?;
    let article = articles.get(at)?;
    let first = articles.get(start)?;
    (*article.path == *key.path && article.raw_path == first.raw_path).then_some(at as ArticleId)
}

/// The marks joined to a corpus.
#[derive(Clone, Debug, Default)]
pub struct Attached {
    /// Each article's number in its file.
    pub numbers: Vec<u32>,
    /// The marked articles present in the corpus.
    pub ids: HashMap<ArticleId, ArticleKey>,
    /// Marked articles whose file is gone (and was not found renamed).
    pub missing: Vec<ArticleKey>,
    /// Marked articles whose file was renamed: the changes that carry their marks over.
    pub moves: Vec<Change>,
}

impl Attached {
    /// The key of article `id`.
    pub fn key(&self, articles: &[Article], id: ArticleId) -> Option<ArticleKey> {
        key_of(articles, &self.numbers, id)
    }
}

/// The marked articles found by their keys in `articles` (in path order), and the keys not
/// found.
pub fn join_keys(
    marks: &Marks,
    articles: &[Article],
) -> (HashMap<ArticleId, ArticleKey>, Vec<ArticleKey>) {
    let mut ids = HashMap::with_capacity(marks.articles.len());
    let mut lost = Vec::new();
    for key in marks.articles.keys() {
        match find(articles, key) {
            Some(id) => {
                ids.insert(id, key.clone());
            }
            None => lost.push(key.clone()),
        }
    }
    (ids, lost)
}

/// Join `marks` to `articles` (a finished scan, in path order). A mark whose article is gone
/// follows the one article that is not marked and has its fingerprint (its file was renamed);
/// otherwise it is listed as missing.
pub fn attach(marks: &Marks, articles: &[Article]) -> Attached {
    let numbers = article_numbers(articles);
    let (mut ids, lost) = join_keys(marks, articles);
    let mut missing = Vec::new();
    let mut moves = Vec::new();
    if !lost.is_empty() {
        let mut unmarked: HashMap<u64, Vec<ArticleId>> = HashMap::new();
        for (id, article) in articles.iter().enumerate() {
            let id = id as ArticleId;
            if !ids.contains_key(&id) {
                unmarked.entry(fingerprint(article)).or_default().push(id);
            }
        }
        for key in lost {
            let fp = marks.articles.get(&key).map_or(0, |m| m.fingerprint);
            match unmarked.get_mut(&fp).map(std::mem::take).as_deref() {
                Some(&[id]) => {
                    let to = key_of(articles, &numbers, id).unwrap_or_else(|| key.clone());
                    ids.insert(id, to.clone());
                    moves.push(Change::Move {
                        from: key,
                        to,
                        fingerprint: fp,
                    });
                }
                _ => missing.push(key),
            }
        }
    }
    Attached {
        numbers,
        ids,
        missing,
        moves,
    }
}

/// What opening the marks of a folder found.
#[derive(Debug)]
pub struct OpenedMarks {
    /// The store.
    pub store: Store,
    /// The marks, with renamed files' marks moved.
    pub marks: Marks,
    /// Joined to the corpus.
    pub attached: Attached,
    /// Things to tell the user: marks carried over from a moved folder, a damaged file.
    pub notices: Vec<String>,
}

impl OpenedMarks {
    /// The marks of article `id`.
    pub fn mark_of(&self, id: ArticleId) -> Option<&super::model::Mark> {
        self.marks.get(self.attached.ids.get(&id)?)
    }

    /// True when article `id` has the tag `tag`.
    pub fn has_tag(&self, id: ArticleId, tag: &str) -> bool {
        self.mark_of(id).is_some_and(|m| m.tags.contains(tag))
    }
}

/// Open the marks of `folder` (absolute) under `data_root` and join them to `articles` (a
/// finished scan). A folder with no marks of its own takes the marks of a folder that no
/// longer exists when most of their articles are here (the folder was moved or renamed).
/// Renamed files' marks are moved and written.
pub fn open_marks(
    data_root: &Path,
    folder: &Path,
    articles: &[Article],
) -> Result<OpenedMarks, StoreError> {
    let store = Store::in_root(data_root, folder);
    let mut notices = Vec::new();
    if !store.exists()
        && !store.backup_path().exists()
        && let Some(from) = adopt_moved(data_root, &store, articles)?
    {
        notices.push(format!(
            "tags and notes of {} carried over: the folder was moved here",
            from.display()
        ));
    }
    let loaded = store.load()?;
    if let Some(problem) = &loaded.from_backup {
        notices.push(format!(
            "the marks file {} was damaged ({problem}): its backup was read",
            store.path.display()
        ));
    }
    let mut marks = loaded.marks;
    let mut attached = attach(&marks, articles);
    if !attached.moves.is_empty() {
        marks = store.commit(&attached.moves)?;
        notices.push(format!(
            "{} marked articles were found under a new file name",
            attached.moves.len()
        ));
        attached = attach(&marks, articles);
    }
    Ok(OpenedMarks {
        store,
        marks,
        attached,
        notices,
    })
}

/// Take over the marks of a folder that no longer exists when at least half of its marked
/// articles are found in `articles` (by file or by fingerprint): written as `store`, the old
/// file renamed `….moved`. Returns the old folder.
fn adopt_moved(
    data_root: &Path,
    store: &Store,
    articles: &[Article],
) -> Result<Option<PathBuf>, StoreError> {
    let best = orphans(data_root)
        .into_iter()
        .map(|(path, marks, folder)| {
            let attached = attach(&marks, articles);
            let found = marks.articles.len() - attached.missing.len();
            (found, marks.articles.len(), path, marks, folder)
        })
        .filter(|(found, total, ..)| *found > 0 && found * 2 >= *total)
        .max_by_key(|(found, ..)| *found);
    let Some((_, _, old_path, marks, old_folder)) = best else {
        return Ok(None);
    };
    store.locked(|| {
        if store.exists() {
            return Ok(None);
        }
        store.write(&marks)?;
        let mut moved = old_path.as_os_str().to_owned();
        moved.push(".moved");
        let _ = std::fs::rename(&old_path, moved);
        Ok(Some(old_folder))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str, title: &str) -> Article {
        Article {
            title: title.into(),
            words: 100,
            ..Article::for_test(path)
        }
    }

    #[test]
    fn numbers_count_within_each_file() {
        let articles = [
            article("a.txt", "A"),
            article("b.csv", "B1"),
            article("b.csv", "B2"),
            article("b.csv", "B3"),
            article("c.txt", "C"),
        ];
        assert_eq!(article_numbers(&articles), [1, 1, 2, 3, 1]);
        assert_eq!(find(&articles, &ArticleKey::new("b.csv", 3)), Some(3));
        assert_eq!(find(&articles, &ArticleKey::new("b.csv", 4)), None);
        assert_eq!(find(&articles, &ArticleKey::new("b.csv", 0)), None);
        assert_eq!(find(&articles, &ArticleKey::new("c.txt", 1)), Some(4));
    }

    #[test]
    fn a_renamed_file_keeps_its_marks_and_a_gone_one_is_missing() {
        let before = [article("a.txt", "Alpha"), article("b.txt", "Beta")];
        let mut marks = Marks::default();
        for (id, tag) in [(0u32, "x"), (1, "y")] {
            marks.apply(&Change::Tag {
                key: key_of(&before, &[1, 1], id).unwrap(),
                fingerprint: fingerprint(&before[id as usize]),
                tag: tag.to_owned(),
                on: true,
            });
        }
        // a.txt renamed to z.txt; b.txt deleted; a new file arrives.
        let after = [article("new.txt", "Gamma"), article("z.txt", "Alpha")];
        let attached = attach(&marks, &after);
        assert_eq!(attached.ids.get(&1), Some(&ArticleKey::new("z.txt", 1)));
        assert_eq!(attached.missing, [ArticleKey::new("b.txt", 1)]);
        assert_eq!(attached.moves.len(), 1);
        // Two unmarked articles with the fingerprint: no guess.
        let twins = [article("p.txt", "Alpha"), article("q.txt", "Alpha")];
        let attached = attach(&marks, &twins);
        assert!(attached.ids.is_empty());
        assert_eq!(attached.missing.len(), 2);
    }
}
