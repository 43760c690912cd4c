//! The fields of the search syntax that look at an article's record and marks rather than its
//! text: `source:NAME` (the outlet, spellings grouped as in the Source facet), `author:NAME`
//! (part of an author's name), `tag:NAME` (a tag), each with `"quotes"` for a name of several
//! words and `-` to exclude. They stand outside parentheses and narrow whatever the rest of the
//! query finds (or every article, when they are the whole query).

use std::collections::BTreeSet;

use super::syntax::{Query, SyntaxError, parse};
use crate::corpus::Article;
use crate::corpus::facets::outlet_key;

/// Which field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaField {
    /// `source:`
    Source,
    /// `author:`
    Author,
    /// `tag:`
    Tag,
}

impl MetaField {
    const ALL: [(Self, &'static str); 3] = [
        (Self::Source, "source:"),
        (Self::Author, "author:"),
        (Self::Tag, "tag:"),
    ];
}

/// One field term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetaFilter {
    /// The field.
    pub field: MetaField,
    /// What it must be (without quotes).
    pub value: String,
    /// `-field:value`: what it must not be.
    pub negated: bool,
}

/// Every field term of a query (all must hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldFilters(pub Vec<MetaFilter>);

impl FieldFilters {
    /// No field terms.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `article` (with `tags`) satisfies every term.
    pub fn accepts(&self, article: &Article, tags: Option<&BTreeSet<String>>) -> bool {
        self.0.iter().all(|f| f.matches(article, tags) != f.negated)
    }
}

impl MetaFilter {
    fn matches(&self, article: &Article, tags: Option<&BTreeSet<String>>) -> bool {
        let wanted = self.value.to_lowercase();
        match self.field {
            MetaField::Source => {
                let source = article.source();
                source.to_lowercase() == wanted || outlet_key(source) == outlet_key(&self.value)
            }
            MetaField::Author => article.meta().authors.as_deref().is_some_and(|authors| {
                authors
                    .split(';')
                    .any(|a| a.trim().to_lowercase().contains(&wanted))
            }),
            MetaField::Tag => {
                tags.is_some_and(|tags| tags.iter().any(|t| t.to_lowercase() == wanted))
            }
        }
    }
}

/// The words of `text`, split at white space outside quotes, each with the depth of
/// parentheses (outside quotes) where it starts.
fn words(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, None);
    for (i, c) in text.char_indices() {
        if c.is_whitespace() && !quoted {
            if let Some((s, at)) = start.take() {
                out.push((&text[s..i], at));
            }
        } else if start.is_none() {
            start = Some((i, depth));
        }
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some((s, at)) = start {
        out.push((&text[s..], at));
    }
    out
}

/// A search box's text as the window reads it: its words as a query (`None` when it has none)
/// and its field terms.
pub fn parse_with_fields(text: &str) -> Result<(Option<Query>, FieldFilters), SyntaxError> {
    let (rest, fields) = split_fields(text)?;
    match parse(&rest) {
        Ok(query) => Ok((Some(query), fields)),
        Err(SyntaxError::Empty) => Ok((None, fields)),
        Err(err) => Err(err),
    }
}

/// Take the field terms out of a query's text: the rest of the text (for [`super::parse`]) and
/// the terms. A field with nothing after it, or inside parentheses, is an error.
pub fn split_fields(text: &str) -> Result<(String, FieldFilters), SyntaxError> {
    let mut rest: Vec<&str> = Vec::new();
    let mut filters = Vec::new();
    for (word, depth) in words(text) {
        let (negated, body) = match word.strip_prefix('-') {
            Some(body) => (true, body),
            None => (false, word),
        };
        let bare = body.trim_start_matches(['(', '-']);
        let found = MetaField::ALL.iter().find(|(_, prefix)| {
            bare.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        });
        match found {
            Some(&(field, prefix)) => {
                if depth > 0 || bare.len() != body.len() {
                    return Err(SyntaxError::FieldInGroup(prefix.to_owned()));
                }
                let value = bare[prefix.len()..].trim_matches('"').trim();
                if value.is_empty() {
                    return Err(SyntaxError::Dangling(prefix.to_owned()));
                }
                filters.push(MetaFilter {
                    field,
                    value: value.to_owned(),
                    negated,
                });
            }
            None => rest.push(word),
        }
    }
    Ok((rest.join(" "), FieldFilters(filters)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ArticleMeta;

    #[test]
    fn fields_come_out_of_the_query_and_the_rest_stays() {
        let (rest, filters) =
            split_fields("harbour source:\"The Guardian\" -tag:done (a OR b) author:brenner")
                .unwrap();
        assert_eq!(rest, "harbour (a OR b)");
        assert_eq!(
            filters.0,
            [
                MetaFilter {
                    field: MetaField::Source,
                    value: "The Guardian".to_owned(),
                    negated: false
                },
                MetaFilter {
                    field: MetaField::Tag,
                    value: "done".to_owned(),
                    negated: true
                },
                MetaFilter {
                    field: MetaField::Author,
                    value: "brenner".to_owned(),
                    negated: false
                },
            ]
        );
        let (rest, filters) = split_fields("TAG:relevant").unwrap();
        assert!(rest.is_empty());
        assert_eq!(filters.0.len(), 1);
        assert_eq!(
            split_fields("source:"),
            Err(SyntaxError::Dangling("source:".to_owned()))
        );
        for grouped in ["(harbour tag:x)", "(tag:x harbour)", "-(source:x)"] {
            assert_eq!(
                split_fields(grouped),
                Err(SyntaxError::FieldInGroup(if grouped.contains("tag") {
                    "tag:".to_owned()
                } else {
                    "source:".to_owned()
                })),
                "{grouped}"
            );
        }
        // A phrase that holds the words stays text.
        let (rest, filters) = split_fields("\"tag: line\" sourced").unwrap();
        assert_eq!(rest, "\"tag: line\" sourced");
        assert!(filters.is_empty());
    }

    #[test]
    fn each_field_matches_as_the_facets_and_marks_do() {
        let mut article = Article::for_test("herald/a.txt");
        article.meta = Some(Box::new(ArticleMeta {
            outlet: Some("The Guardian(London)".into()),
            authors: Some("Ada Brenner; Tomas Keel".into()),
            ..ArticleMeta::default()
        }));
        let tags: BTreeSet<String> = ["Relevant".to_owned()].into();
        let accepts = |query: &str| {
            let (_, filters) = split_fields(query).unwrap();
            filters.accepts(&article, Some(&tags))
        };
        assert!(accepts("source:guardian.com"));
        assert!(accepts("source:\"The Guardian(London)\""));
        assert!(!accepts("source:herald"));
        assert!(accepts("author:keel"));
        assert!(accepts("author:\"ada brenner\""));
        assert!(!accepts("author:smith"));
        assert!(accepts("tag:relevant"));
        assert!(!accepts("-tag:relevant"));
        assert!(accepts("-tag:other source:guardian"));
    }
}
