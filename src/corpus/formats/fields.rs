//! The record the structured formats share: fields found under one of several names (JSON
//! keys, CSV columns, front-matter keys, export labels), turned into an [`Article`].

use encoding_rs::Encoding;

use super::dates::parse_date;
use super::layout;
use crate::corpus::article::{Article, ArticleMeta, ByteSpan, FormatKind, TitleSource};
use crate::corpus::scan::sink::FileInfo;
use crate::corpus::text;

/// Headlines longer than this are shortened (a whole paragraph in a title column).
const TITLE_MAX_CHARS: usize = 300;

/// What a field means for the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Title,
    Text,
    Date,
    Outlet,
    Url,
    Authors,
    Language,
}

/// The names each role goes by, most specific first (compared ignoring case, `_`, `-` and
/// spaces: `pubDate`, `pub_date` and `Pub Date` are one name).
const ALIASES: [(Role, &[&str]); 7] = [
    (
        Role::Title,
        &["title", "headline", "heading", "titlepage", "titlerss"],
    ),
    (
        Role::Text,
        &[
            "maintext",
            "text",
            "body",
            "content",
            "fulltext",
            "articletext",
            "article",
        ],
    ),
    (
        Role::Date,
        &[
            "datepublish",
            "published",
            "publishdate",
            "pubdate",
            "date",
            "publishedat",
            "publicationdate",
            "datepublished",
            "datetime",
        ],
    ),
    (
        Role::Outlet,
        &[
            "sourcedomain",
            "outlet",
            "source",
            "medianame",
            "publication",
            "publisher",
            "sitename",
            "newspaper",
        ],
    ),
    (Role::Url, &["url", "link", "uri", "articleurl"]),
    (Role::Authors, &["authors", "author", "byline", "creator"]),
    (Role::Language, &["language", "lang"]),
];

/// The role of a field name and its rank among the role's names (lower is preferred).
pub(crate) fn role_of(name: &str) -> Option<(Role, usize)> {
    // Every alias is short ASCII: fold into a buffer on the stack (this runs for every key of
    // every record).
    let mut buffer = [0u8; 24];
    let mut len = 0;
    for b in name.bytes() {
        if matches!(b, b'_' | b'-' | b' ') {
            continue;
        }
        if !b.is_ascii() {
            return None;
        }
        *buffer.get_mut(len)? = b.to_ascii_lowercase();
        len += 1;
    }
    let key = buffer.get(..len)?;
    ALIASES.iter().find_map(|(role, names)| {
        names
            .iter()
            .position(|n| n.as_bytes() == key)
            .map(|rank| (*role, rank))
    })
}

/// One article's fields as a structured format states them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fields {
    pub title: Option<String>,
    pub text: String,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// Other fields, for the reader (name, value).
    pub extra: Vec<(String, String)>,
    /// Rank of the name each role was filled from, so that a preferred name wins whatever
    /// the order of the fields (0: not filled).
    ranks: [usize; 7],
    /// The name each role was filled from.
    names: [String; 7],
}

impl Fields {
    /// Set a field by its name. A field whose name has no role goes to `extra` when `keep_extra`
    /// is set. Empty values are left out.
    pub fn set(&mut self, name: &str, value: String, keep_extra: bool) {
        if value.trim().is_empty() {
            return;
        }
        let Some((role, rank)) = role_of(name) else {
            if keep_extra {
                self.extra.push((name.to_owned(), value));
            }
            return;
        };
        let slot = role as usize;
        let current = self.ranks.get(slot).copied().unwrap_or(0);
        if current != 0 && current <= rank + 1 {
            // A better or equal name already filled it; keep this one for the reader.
            if keep_extra && role != Role::Text {
                self.extra.push((name.to_owned(), value));
            }
            return;
        }
        if let Some(r) = self.ranks.get_mut(slot) {
            *r = rank + 1;
        }
        let old_name = std::mem::replace(
            self.names.get_mut(slot).map_or(&mut String::new(), |n| n),
            name.to_owned(),
        );
        let old = match role {
            Role::Title => self.title.replace(value),
            Role::Text => {
                self.text = value;
                None
            }
            Role::Date => self.date.replace(value),
            Role::Outlet => self.outlet.replace(value),
            Role::Url => self.url.replace(value),
            Role::Authors => {
                let old = std::mem::replace(&mut self.authors, split_authors(&value));
                (!old.is_empty()).then(|| old.join("; "))
            }
            Role::Language => self.language.replace(value),
        };
        if keep_extra && let Some(old) = old {
            self.extra.push((old_name, old));
        }
    }

    /// Set the authors from a list.
    pub fn set_authors(&mut self, name: &str, authors: Vec<String>) {
        let authors: Vec<String> = authors
            .into_iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        if authors.is_empty() {
            return;
        }
        if let Some((Role::Authors, rank)) = role_of(name) {
            let slot = Role::Authors as usize;
            let current = self.ranks.get(slot).copied().unwrap_or(0);
            if current == 0 || current > rank + 1 {
                if let Some(r) = self.ranks.get_mut(slot) {
                    *r = rank + 1;
                }
                if let Some(n) = self.names.get_mut(slot) {
                    *n = name.to_owned();
                }
                self.authors = authors;
            }
        }
    }

    /// True when neither a title nor any text was found.
    pub fn is_blank(&self) -> bool {
        self.title.as_deref().is_none_or(|t| t.trim().is_empty()) && self.text.trim().is_empty()
    }

    /// The article record. `Err` with a reason when the record has neither title nor text.
    pub fn to_article(&self, origin: &Origin<'_>) -> Result<Article, String> {
        if self.is_blank() {
            return Err("no title and no text".to_owned());
        }
        let lead = first_paragraph(&self.text);
        let split = layout::split_dateline(lead);
        let dateline = split.map(|(dateline, _)| Box::<str>::from(dateline));
        let headline = self
            .title
            .as_deref()
            .map(|t| text::shorten(t, TITLE_MAX_CHARS))
            .filter(|t| !t.is_empty());
        let (title, title_source) = match headline {
            Some(title) => (title, TitleSource::Headline),
            None => {
                let derived = layout::derive_title(split.map_or(lead, |(_, rest)| rest));
                if derived.is_empty() {
                    (origin.fallback_title.to_owned(), TitleSource::FileName)
                } else {
                    (derived, TitleSource::LeadSentence)
                }
            }
        };
        let mut words = text::count_words(&self.text);
        if title_source == TitleSource::Headline {
            words += text::count_words(&title);
        }
        let (date, date_problem) = match self.date.as_deref().map(parse_date) {
            None | Some(Ok(None)) => (None, None),
            Some(Ok(Some(date))) => (Some(date), None),
            Some(Err(problem)) => (None, Some(problem.to_string().into_boxed_str())),
        };
        let meta = ArticleMeta {
            outlet: clean(self.outlet.as_deref()),
            url: clean(self.url.as_deref()),
            authors: clean(Some(&self.authors.join("; "))),
            language: clean(self.language.as_deref()),
            date_problem,
        };
        Ok(Article {
            path: origin.info.rel_path.into(),
            raw_path: origin.info.raw_rel_path.map(Into::into),
            title: title.into_boxed_str(),
            title_source,
            date,
            dateline,
            words: u32::try_from(words).unwrap_or(u32::MAX),
            size_bytes: origin.size_bytes,
            modified_unix_s: origin.info.modified_unix_s,
            encoding: origin.encoding,
            had_bom: origin.had_bom,
            format: origin.format,
            span: origin.span,
            meta: (!meta.is_empty()).then(|| Box::new(meta)),
        })
    }
}

/// Where a record comes from.
pub(crate) struct Origin<'a> {
    pub info: &'a FileInfo<'a>,
    pub format: FormatKind,
    pub span: Option<ByteSpan>,
    /// Size of the whole file (0 when the scan did not ask for it).
    pub size_bytes: u64,
    pub encoding: &'static Encoding,
    pub had_bom: bool,
    /// The title when the record gives nothing to make one from.
    pub fallback_title: &'a str,
}

/// Authors written in one field: `A; B`, `A and B`, `By A, B`.
fn split_authors(value: &str) -> Vec<String> {
    let value = value.trim();
    let value = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| value.strip_prefix(p))
        .unwrap_or(value);
    let separator = if value.contains(';') { ';' } else { '\u{0}' };
    value
        .split(separator)
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect()
}

fn clean(value: Option<&str>) -> Option<Box<str>> {
    let value = text::shorten(value?, 200);
    (!value.is_empty()).then(|| value.into_boxed_str())
}

/// The text up to the first blank line (or the first line break when the text has no blank
/// lines and its first line is long enough to be a paragraph).
pub(crate) fn first_paragraph(text: &str) -> &str {
    let text = text.trim_start();
    let end = text
        .find("\n\n")
        .or_else(|| text.find("\r\n\r\n"))
        .or_else(|| text.find('\n').filter(|&i| i > 80))
        .unwrap_or(text.len());
    text.get(..end.min(4096)).map_or(text, str::trim_end)
}

/// The file name without its extension, and `#N` for the Nth record of a file of many.
pub(crate) fn fallback_title(info: &FileInfo<'_>, record: Option<usize>) -> String {
    let name = info.rel_path.rsplit('/').next().unwrap_or(info.rel_path);
    match record {
        Some(n) => format!("{name} #{n}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> FileInfo<'static> {
        FileInfo {
            rel_path: "feed.jsonl",
            raw_rel_path: None,
            size_bytes: None,
            modified_unix_s: None,
        }
    }

    fn article(fields: &Fields) -> Result<Article, String> {
        let info = info();
        let origin = Origin {
            info: &info,
            format: FormatKind::JsonLines,
            span: Some(ByteSpan { start: 10, len: 90 }),
            size_bytes: 1000,
            encoding: encoding_rs::UTF_8,
            had_bom: false,
            fallback_title: "feed.jsonl #1",
        };
        fields.to_article(&origin)
    }

    #[test]
    fn names_are_compared_loosely_and_preferred_names_win() {
        assert_eq!(role_of("pubDate"), Some((Role::Date, 3)));
        assert_eq!(role_of("Publish Date"), Some((Role::Date, 2)));
        assert_eq!(role_of("media_name"), Some((Role::Outlet, 3)));
        assert_eq!(role_of("id"), None);
        let mut fields = Fields::default();
        fields.set("text", "second choice".to_owned(), true);
        fields.set("maintext", "first choice".to_owned(), true);
        fields.set("date", "2020-01-01".to_owned(), true);
        fields.set("date_publish", "2019-03-14 09:30:00".to_owned(), true);
        fields.set("date_download", "2021-10-02".to_owned(), true);
        fields.set("title", "  ".to_owned(), true);
        assert_eq!(fields.text, "first choice");
        assert_eq!(fields.date.as_deref(), Some("2019-03-14 09:30:00"));
        assert_eq!(fields.title, None);
        assert_eq!(
            fields.extra,
            vec![
                ("date".to_owned(), "2020-01-01".to_owned()),
                ("date_download".to_owned(), "2021-10-02".to_owned())
            ]
        );
    }

    #[test]
    fn a_record_becomes_an_article() {
        let mut fields = Fields::default();
        fields.set("headline", "Ferry  Timetable\nCut".to_owned(), false);
        fields.set(
            "body",
            "PORT ALDER (VW) — The ferry runs less. More.\n\nSecond.".to_owned(),
            false,
        );
        fields.set("published", "June 5, 2021".to_owned(), false);
        fields.set("outlet", "Valley Wire".to_owned(), false);
        fields.set("author", "By Ana Ruiz; Tom Vale".to_owned(), false);
        let a = article(&fields).unwrap();
        assert_eq!(&*a.title, "Ferry Timetable Cut");
        assert_eq!(a.title_source, TitleSource::Headline);
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(2021, 6, 5));
        assert_eq!(a.dateline.as_deref(), Some("PORT ALDER (VW)"));
        assert_eq!(a.words, 3 + 10);
        assert_eq!(a.source(), "Valley Wire");
        assert_eq!(a.meta().authors.as_deref(), Some("Ana Ruiz; Tom Vale"));
        assert_eq!(a.bytes(), 90);
        assert_eq!(a.size_bytes, 1000);
    }

    #[test]
    fn no_title_is_derived_and_a_bad_date_is_explained() {
        let mut fields = Fields::default();
        fields.set("content", "The council met. It agreed.".to_owned(), false);
        fields.set("date", "sometime in June".to_owned(), false);
        let a = article(&fields).unwrap();
        assert_eq!(&*a.title, "The council met");
        assert!(a.title_derived());
        assert_eq!(a.date, None);
        assert_eq!(
            a.meta().date_problem.as_deref(),
            Some("date “sometime in June” could not be read")
        );
        assert_eq!(
            article(&Fields::default()),
            Err("no title and no text".to_owned())
        );
    }
}
