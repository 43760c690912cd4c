//! Running a parsed query over one article's text directly: whether it matches and where each
//! hit is. This gives the hit counts, the highlights and the concordance lines, and it is the
//! reference the index's results are checked against in the tests.

use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use super::analysis::{self, TextToken};
use super::syntax::{Field, Query};

/// The hits of a query in one article, as byte ranges in its title and in its body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    /// In the title.
    pub title: Vec<Range<usize>>,
    /// In the body.
    pub body: Vec<Range<usize>>,
}

impl Hits {
    /// The number of hits.
    pub fn count(&self) -> usize {
        self.title.len() + self.body.len()
    }

    /// The hits of an article whose title may have been derived from its text (the first
    /// sentence of a lead that has no headline): such a title repeats the start of the body,
    /// so its hits are left out, unless only the title has hits (a `title:` query).
    pub fn of_article(mut self, title_derived: bool) -> Self {
        if title_derived && !self.body.is_empty() {
            self.title.clear();
        }
        self
    }
}

/// A query ready to run over texts.
pub struct Matcher {
    query: Query,
    analyzer: TextAnalyzer,
    /// Every word of the query's phrases, sorted.
    words: Vec<String>,
    /// Every prefix of the query.
    prefixes: Vec<String>,
}

struct Fields {
    title: Vec<TextToken>,
    body: Vec<TextToken>,
}

impl Matcher {
    /// A matcher for `query`.
    pub fn new(query: Query) -> Self {
        let (mut words, mut prefixes) = (Vec::new(), Vec::new());
        collect_terms(&query, &mut words, &mut prefixes);
        words.sort();
        words.dedup();
        Self {
            query,
            analyzer: analysis::analyzer(),
            words,
            prefixes,
        }
    }

    /// The query.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Whether an article with this title and body matches, and its hits (empty when it does
    /// not match).
    pub fn run(&mut self, title: &str, body: &str) -> Option<Hits> {
        // Only tokens that are a query word or start with a query prefix can be part of a
        // hit; phrases check positions, so leaving the others out changes nothing.
        let (words, prefixes) = (&self.words, &self.prefixes);
        // Most queries have a few words: comparing lengths first settles nearly every token
        // without comparing bytes.
        let few = words.len() <= 16;
        let keep = |token: &str| {
            let word = if few {
                words.iter().any(|w| w.as_str() == token)
            } else {
                words.binary_search_by(|w| w.as_str().cmp(token)).is_ok()
            };
            word || prefixes.iter().any(|p| token.starts_with(p.as_str()))
        };
        let fields = Fields {
            title: analysis::tokens_where(&mut self.analyzer, title, &keep),
            body: analysis::tokens_where(&mut self.analyzer, body, &keep),
        };
        if !matches(&self.query, &fields) {
            return None;
        }
        let mut hits = Hits::default();
        collect_hits(&self.query, &fields, &mut hits);
        for ranges in [&mut hits.title, &mut hits.body] {
            ranges.sort_by_key(|r| (r.start, r.end));
            ranges.dedup();
            // Overlapping hits (a word inside a matching phrase) count once, as the longer one.
            let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
            for range in ranges.drain(..) {
                match merged.last_mut() {
                    Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                    _ => merged.push(range),
                }
            }
            *ranges = merged;
        }
        Some(hits)
    }
}

/// The words and prefixes a query looks for (excluded ones too: they decide a match).
fn collect_terms(query: &Query, words: &mut Vec<String>, prefixes: &mut Vec<String>) {
    match query {
        Query::Phrase { tokens, .. } => words.extend(tokens.iter().cloned()),
        Query::Prefix { prefix, .. } => prefixes.push(prefix.clone()),
        Query::And { must, must_not } => {
            for q in must.iter().chain(must_not) {
                collect_terms(q, words, prefixes);
            }
        }
        Query::Or(parts) => parts.iter().for_each(|q| collect_terms(q, words, prefixes)),
    }
}

fn matches(query: &Query, fields: &Fields) -> bool {
    match query {
        Query::Phrase { .. } | Query::Prefix { .. } => {
            let mut any = false;
            leaf_hits(query, fields, &mut |_, _| any = true);
            any
        }
        Query::And { must, must_not } => {
            must.iter().all(|q| matches(q, fields)) && !must_not.iter().any(|q| matches(q, fields))
        }
        Query::Or(parts) => parts.iter().any(|q| matches(q, fields)),
    }
}

fn collect_hits(query: &Query, fields: &Fields, hits: &mut Hits) {
    match query {
        Query::Phrase { .. } | Query::Prefix { .. } => {
            leaf_hits(query, fields, &mut |in_title, range| {
                if in_title {
                    hits.title.push(range);
                } else {
                    hits.body.push(range);
                }
            });
        }
        // Excluded parts do not occur in a matching article.
        Query::And { must, .. } => must.iter().for_each(|q| collect_hits(q, fields, hits)),
        Query::Or(parts) => parts.iter().for_each(|q| collect_hits(q, fields, hits)),
    }
}

/// Call `found(in_title, range)` for every occurrence of a phrase or prefix.
fn leaf_hits(query: &Query, fields: &Fields, found: &mut dyn FnMut(bool, Range<usize>)) {
    let field = match query {
        Query::Phrase { field, .. } | Query::Prefix { field, .. } => *field,
        _ => return,
    };
    let mut places: Vec<(bool, &[TextToken])> = vec![(true, &fields.title)];
    if field == Field::Any {
        places.push((false, &fields.body));
    }
    for (in_title, tokens) in places {
        match query {
            Query::Phrase { tokens: words, .. } => {
                let Some(first) = words.first() else { continue };
                for (i, token) in tokens.iter().enumerate() {
                    if &token.text != first {
                        continue;
                    }
                    let rest = tokens.get(i + 1..i + words.len()).unwrap_or_default();
                    let follows =
                        rest.len() + 1 == words.len()
                            && rest.iter().zip(words.iter().skip(1)).enumerate().all(
                                |(k, (t, w))| &t.text == w && t.position == token.position + k + 1,
                            );
                    if follows {
                        let end = rest.last().map_or(token.range.end, |t| t.range.end);
                        found(in_title, token.range.start..end);
                    }
                }
            }
            Query::Prefix { prefix, .. } => {
                for token in tokens
                    .iter()
                    .filter(|t| t.text.starts_with(prefix.as_str()))
                {
                    found(in_title, token.range.clone());
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::syntax::parse;

    fn run(query: &str, title: &str, body: &str) -> Option<Hits> {
        Matcher::new(parse(query).unwrap()).run(title, body)
    }

    #[test]
    fn words_phrases_prefixes_and_exclusions() {
        let title = "Bridge Verdict";
        let body = "The jury found the contractor liable.\nThe bridge\ncollapsed in 2019; U.S. inspectors…";
        assert_eq!(run("bridge", title, body).unwrap().count(), 2);
        assert!(run("title:bridge", title, body).unwrap().body.is_empty());
        assert!(run("title:jury", title, body).is_none());
        // A phrase across a line break.
        let hits = run("\"bridge collapsed\"", title, body).unwrap();
        assert_eq!(&body[hits.body[0].clone()], "bridge\ncollapsed");
        assert!(run("jury -liable", title, body).is_none());
        assert!(run("jury -acquitted", title, body).is_some());
        assert_eq!(run("contract*", title, body).unwrap().count(), 1);
        let hits = run("U.S.", title, body).unwrap();
        assert_eq!(&body[hits.body[0].clone()], "U.S");
        assert!(run("tunnel OR jury", title, body).is_some());
        assert!(run("tunnel OR ferry", title, body).is_none());
    }

    #[test]
    fn a_derived_title_does_not_count_its_hits_twice() {
        let lead = "Jury selection began in the bridge trial. More text.";
        let title = "Jury selection began in the bridge trial.";
        let hits = run("bridge", title, lead).unwrap();
        assert_eq!(hits.count(), 2);
        assert_eq!(hits.clone().of_article(true).count(), 1);
        assert_eq!(hits.of_article(false).count(), 2);
        // A title-only query keeps its title hits.
        let hits = run("title:jury", title, lead).unwrap().of_article(true);
        assert_eq!(hits.title.len(), 1);
    }

    #[test]
    fn accents_fold_both_ways() {
        assert!(run("felix", "", "Félix Rojas testified.").is_some());
        assert!(run("Félix", "", "Felix Rojas testified.").is_some());
    }
}
