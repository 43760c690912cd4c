//! The user's marks in memory: a codebook of tags, and per article its tags, star and note.
//! Every edit is a [`Change`]; a store applies the changes of one process onto the latest
//! marks on disk, so two processes that edit at once both keep their work.

use std::collections::{BTreeMap, BTreeSet};

/// An article as the marks name it: its file (relative to the folder, `/`-separated, as in
/// `list`) and its number in that file (1 for the first; most files hold one).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleKey {
    /// The file, as `list` prints it.
    pub path: String,
    /// Which article of the file, from 1.
    pub article: u32,
}

impl ArticleKey {
    /// The key of article `article` (from 1) of `path`.
    pub fn new(path: impl Into<String>, article: u32) -> Self {
        Self {
            path: path.into(),
            article,
        }
    }
}

impl std::fmt::Display for ArticleKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.article == 1 {
            f.write_str(&self.path)
        } else {
            write!(f, "{} (article {})", self.path, self.article)
        }
    }
}

/// A tag of the codebook.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TagDef {
    /// The name, as shown and as written in exports.
    pub name: String,
    /// Its colour, `#rrggbb`.
    pub colour: String,
    /// The key 1–9 that toggles it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<u8>,
}

/// Colours given to new tags in turn: distinct, and readable on a dark and a light table.
pub const TAG_COLOURS: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f",
];

/// What a tag name may not be: empty, longer than 60 characters, or holding `;` (the
/// separator of tags in a coding sheet) or a control character.
pub fn check_tag_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a tag needs a name".to_owned());
    }
    if name.trim() != name {
        return Err(format!("the tag {name:?} starts or ends with a space"));
    }
    if name.chars().count() > 60 {
        return Err(format!("the tag {name:?} is longer than 60 characters"));
    }
    if name.contains(';') || name.chars().any(char::is_control) {
        return Err(format!(
            "the tag {name:?} holds a `;` or a control character (a coding sheet separates tags with `;`)"
        ));
    }
    Ok(())
}

/// What the user made of one article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// A fingerprint of the article's content when it was last marked, to find it again when
    /// its file is renamed.
    pub fingerprint: u64,
    /// Its tags.
    pub tags: BTreeSet<String>,
    /// Starred.
    pub star: bool,
    /// The note ("" for none).
    pub note: String,
}

impl Mark {
    /// Its tags joined by `;`, as sheets and tables write them.
    pub fn tags_joined(&self) -> String {
        self.tags
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Nothing is left to keep.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && !self.star && self.note.is_empty()
    }
}

/// One edit. Applying one twice changes nothing the second time, so a store can apply a
/// process's edits onto marks another process has changed meanwhile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Put `tag` on the article (`on`) or take it off.
    Tag {
        /// The article.
        key: ArticleKey,
        /// Its content's fingerprint.
        fingerprint: u64,
        /// The tag's name.
        tag: String,
        /// On or off.
        on: bool,
    },
    /// Star the article or take its star away.
    Star {
        /// The article.
        key: ArticleKey,
        /// Its content's fingerprint.
        fingerprint: u64,
        /// Starred or not.
        on: bool,
    },
    /// Replace the article's note ("" removes it).
    Note {
        /// The article.
        key: ArticleKey,
        /// Its content's fingerprint.
        fingerprint: u64,
        /// The new note.
        note: String,
    },
    /// The article's file was renamed: its marks follow it.
    Move {
        /// Where it was.
        from: ArticleKey,
        /// Where it is.
        to: ArticleKey,
        /// Its content's fingerprint.
        fingerprint: u64,
    },
    /// Add a tag to the codebook, or change its colour and key (by name).
    Define(TagDef),
    /// Remove a tag from the codebook and from every article.
    Undefine(String),
}

/// The codebook and every marked article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// The tags, in the order they were made.
    pub codebook: Vec<TagDef>,
    /// Marked articles (never an empty [`Mark`]).
    pub articles: BTreeMap<ArticleKey, Mark>,
}

impl Marks {
    /// The tag named `name`.
    pub fn tag(&self, name: &str) -> Option<&TagDef> {
        self.codebook.iter().find(|t| t.name == name)
    }

    /// The marks of `key`.
    pub fn get(&self, key: &ArticleKey) -> Option<&Mark> {
        self.articles.get(key)
    }

    /// The colour a new tag gets: the codebook's colours in turn.
    pub fn next_colour(&self) -> &'static str {
        TAG_COLOURS[self.codebook.len() % TAG_COLOURS.len()]
    }

    /// The first key 1–9 no tag has.
    pub fn free_key(&self) -> Option<u8> {
        (1..=9).find(|k| self.codebook.iter().all(|t| t.key != Some(*k)))
    }

    /// Add `name` to the codebook (with the next colour) unless it is there.
    fn ensure_tag(&mut self, name: &str) {
        if self.tag(name).is_none() {
            self.codebook.push(TagDef {
                name: name.to_owned(),
                colour: self.next_colour().to_owned(),
                key: None,
            });
        }
    }

    /// Apply `change`; true when anything changed.
    pub fn apply(&mut self, change: &Change) -> bool {
        match change {
            Change::Tag {
                key,
                fingerprint,
                tag,
                on,
            } => {
                if *on {
                    self.ensure_tag(tag);
                }
                self.edit(key, *fingerprint, |mark| {
                    if *on {
                        mark.tags.insert(tag.clone())
                    } else {
                        mark.tags.remove(tag)
                    }
                })
            }
            Change::Star {
                key,
                fingerprint,
                on,
            } => self.edit(key, *fingerprint, |mark| {
                std::mem::replace(&mut mark.star, *on) != *on
            }),
            Change::Note {
                key,
                fingerprint,
                note,
            } => self.edit(key, *fingerprint, |mark| {
                if mark.note == *note {
                    false
                } else {
                    mark.note.clone_from(note);
                    true
                }
            }),
            Change::Move {
                from,
                to,
                fingerprint,
            } => {
                if from == to || self.articles.contains_key(to) {
                    return false;
                }
                let Some(mut mark) = self.articles.remove(from) else {
                    return false;
                };
                mark.fingerprint = *fingerprint;
                self.articles.insert(to.clone(), mark);
                true
            }
            Change::Define(def) => match self.codebook.iter_mut().find(|t| t.name == def.name) {
                Some(existing) if existing == def => false,
                Some(existing) => {
                    *existing = def.clone();
                    self.release_key(def);
                    true
                }
                None => {
                    self.codebook.push(def.clone());
                    self.release_key(def);
                    true
                }
            },
            Change::Undefine(name) => {
                let before = self.codebook.len();
                self.codebook.retain(|t| t.name != *name);
                let mut changed = self.codebook.len() != before;
                self.articles.retain(|_, mark| {
                    changed |= mark.tags.remove(name);
                    !mark.is_empty()
                });
                changed
            }
        }
    }

    /// A key belongs to one tag: the tag `def` takes it from any other.
    fn release_key(&mut self, def: &TagDef) {
        if def.key.is_some() {
            for tag in &mut self.codebook {
                if tag.name != def.name && tag.key == def.key {
                    tag.key = None;
                }
            }
        }
    }

    fn edit(
        &mut self,
        key: &ArticleKey,
        fingerprint: u64,
        f: impl FnOnce(&mut Mark) -> bool,
    ) -> bool {
        let mark = self.articles.entry(key.clone()).or_default();
        let changed = f(mark);
        if changed {
            mark.fingerprint = fingerprint;
        }
        if mark.is_empty() {
            self.articles.remove(key);
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(path: &str, name: &str, on: bool) -> Change {
        Change::Tag {
            key: ArticleKey::new(path, 1),
            fingerprint: 7,
            tag: name.to_owned(),
            on,
        }
    }

    #[test]
    fn changes_apply_once_and_an_emptied_mark_is_dropped() {
        let mut marks = Marks::default();
        assert!(marks.apply(&tag("a.txt", "relevant", true)));
        assert!(
            !marks.apply(&tag("a.txt", "relevant", true)),
            "twice is once"
        );
        assert_eq!(marks.codebook.len(), 1, "a new tag joins the codebook");
        assert!(marks.apply(&Change::Note {
            key: ArticleKey::new("a.txt", 1),
            fingerprint: 7,
            note: "check the date".to_owned(),
        }));
        assert!(marks.apply(&tag("a.txt", "relevant", false)));
        assert_eq!(marks.articles.len(), 1, "the note keeps the article");
        assert!(marks.apply(&Change::Note {
            key: ArticleKey::new("a.txt", 1),
            fingerprint: 7,
            note: String::new(),
        }));
        assert!(marks.articles.is_empty());
        assert_eq!(marks.codebook.len(), 1, "the codebook keeps the tag");
    }

    #[test]
    fn a_key_belongs_to_one_tag_and_undefine_clears_every_article() {
        let mut marks = Marks::default();
        for name in ["a", "b"] {
            marks.apply(&Change::Define(TagDef {
                name: name.to_owned(),
                colour: "#000000".to_owned(),
                key: Some(1),
            }));
        }
        assert_eq!(marks.tag("a").and_then(|t| t.key), None);
        assert_eq!(marks.tag("b").and_then(|t| t.key), Some(1));
        marks.apply(&tag("x.txt", "a", true));
        marks.apply(&tag("y.txt", "a", true));
        marks.apply(&tag("y.txt", "b", true));
        assert!(marks.apply(&Change::Undefine("a".to_owned())));
        assert_eq!(marks.articles.len(), 1);
        assert!(marks.tag("a").is_none());
    }

    #[test]
    fn a_move_carries_the_marks_and_never_overwrites() {
        let mut marks = Marks::default();
        marks.apply(&tag("old.txt", "t", true));
        marks.apply(&tag("taken.txt", "u", true));
        let to = |p: &str| Change::Move {
            from: ArticleKey::new("old.txt", 1),
            to: ArticleKey::new(p, 1),
            fingerprint: 9,
        };
        assert!(!marks.apply(&to("taken.txt")));
        assert!(marks.apply(&to("new.txt")));
        let moved = marks.get(&ArticleKey::new("new.txt", 1)).unwrap();
        assert!(moved.tags.contains("t"));
        assert_eq!(moved.fingerprint, 9);
    }

    #[test]
    fn tag_names_that_a_sheet_could_not_hold_are_refused() {
        assert!(check_tag_name("relevant").is_ok());
        assert!(check_tag_name("frame: economy").is_ok());
        for bad in ["", " x", "a;b", "tab\there"] {
            assert!(check_tag_name(bad).is_err(), "{bad:?}");
        }
    }
}
