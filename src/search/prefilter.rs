//! A quick answer for reading articles without an index: a query can only match a text that
//! contains, in any case, one of the words it requires, and a query of single words matches a
//! text where they are found as tokens. Most articles of a folder do not contain a given word,
//! and looking for a few words in a text (Aho-Corasick, ASCII case insensitive) is many times
//! quicker than cutting the whole text into tokens.
//!
//! When it holds: a token is a run of letters and digits, lower-cased and folded, and the
//! analyzer always cuts at ASCII spaces and punctuation. A run of ASCII letters and digits
//! between them is therefore one token, lower-cased (left out when too long), and a query word
//! (ASCII) it equals, or a prefix it starts with, is found in the text in some case. The runs
//! that hold any other character (`Félix` folds to `felix`, `Straße` to `strasse`, `“said”`
//! is `said`, CJK) are few: [`OtherWords`] gives their tokens, cut by the analyzer. A query
//! that requires no ASCII word (only exclusions, a CJK word) is matched by the matcher.

use aho_corasick::AhoCorasick;

use tantivy::tokenizer::TextAnalyzer;

use super::analysis::{LONGEST_TOKEN, for_each_token};
use super::syntax::{Field, Query};

/// The words one of which a text must contain for a query to match it.
#[derive(Clone, Debug)]
pub struct Prefilter {
    /// `None`: the query requires no word this can look for; every text may match.
    words: Option<AhoCorasick>,
    /// The query, when all its parts are single ASCII words and prefixes: then a text without
    /// other letters is matched or not by finding its words, without cutting it into tokens.
    quick: Option<Quick>,
}

/// What [`Prefilter::verdict`] says of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The query cannot match it.
    Cannot,
    /// The query matches it.
    Matches,
    /// Only the [`crate::search::Matcher`] can tell.
    Tokenize,
}

/// A query of single ASCII words and prefixes, each ready to be found.
#[derive(Clone, Debug)]
enum Quick {
    Word {
        field: Field,
        /// The word, as the analyzer gives it (lower case, ASCII).
        word: String,
        finder: AhoCorasick,
        /// A prefix (`harb*`): the word may go on.
        prefix: bool,
    },
    And {
        must: Vec<Quick>,
        must_not: Vec<Quick>,
    },
    Or(Vec<Quick>),
}

fn finder(words: &[String]) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words)
        .ok()
}

impl Quick {
    fn of(query: &Query) -> Option<Self> {
        let ascii =
            |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric());
        match query {
            Query::Phrase { field, tokens } => match tokens.as_slice() {
                [word] if ascii(word) => Some(Self::Word {
                    field: *field,
                    word: word.clone(),
                    finder: finder(std::slice::from_ref(word))?,
                    prefix: false,
                }),
                _ => None,
            },
            Query::Prefix { field, prefix } if ascii(prefix) => Some(Self::Word {
                field: *field,
                word: prefix.clone(),
                finder: finder(std::slice::from_ref(prefix))?,
                prefix: true,
            }),
            Query::Prefix { .. } => None,
            Query::And { must, must_not } => Some(Self::And {
                must: must.iter().map(Self::of).collect::<Option<_>>()?,
                must_not: must_not.iter().map(Self::of).collect::<Option<_>>()?,
            }),
            Query::Or(parts) => Some(Self::Or(parts.iter().map(Self::of).collect::<Option<_>>()?)),
        }
    }

    /// Whether the query matches an article with this title and body, whose words that are
    /// not all ASCII letters and digits give the tokens `other`.
    fn matches(&self, title: &str, body: &str, other: &OtherWords) -> bool {
        match self {
            Self::Word {
                field,
                word,
                finder,
                prefix,
            } => {
                let is_it = |token: &str| {
                    if *prefix {
                        token.starts_with(word.as_str())
                    } else {
                        token == word
                    }
                };
                let (texts, others): (&[&str], &[&str]) = if *field == Field::Any {
                    (&[title, body], &[&other.title, &other.body])
                } else {
                    (&[title], &[&other.title])
                };
                texts.iter().any(|text| has_token(finder, text, *prefix))
                    || others.iter().any(|o| o.split(' ').any(is_it))
            }
            Self::And { must, must_not } => {
                must.iter().all(|q| q.matches(title, body, other))
                    && !must_not.iter().any(|q| q.matches(title, body, other))
            }
            Self::Or(parts) => parts.iter().any(|q| q.matches(title, body, other)),
        }
    }
}

/// Whether `text` has a token of ASCII letters and digits alone that is the word `finder`
/// finds (in any case), or that starts with it (`prefix`). Such a token is a run of ASCII
/// letters and digits between other ASCII characters (or the text's ends), lower-cased, and
/// left out at [`LONGEST_TOKEN`] bytes or more. A run that touches any other character is not
/// one: its tokens are in [`OtherWords`].
fn has_token(finder: &AhoCorasick, text: &str, prefix: bool) -> bool {
    let bytes = text.as_bytes();
    let word_byte = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
    };
    // A word found where a token starts and, unless a prefix, ends. One found inside a longer
    // run never hides one that starts a token (that one starts after it ends).
    finder.find_iter(text).any(|found| {
        let starts = found.start() == 0 || !word_byte(found.start() - 1);
        if !starts {
            return false;
        }
        let mut end = found.end();
        if !prefix {
            return !word_byte(end);
        }
        while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            end += 1;
        }
        !word_byte(end) && end - found.start() < LONGEST_TOKEN
    })
}

/// The tokens of an article's words that are not all ASCII letters and digits (`Félix`,
/// `“said”`, `Straße`, CJK): each run of letters, digits and other characters than ASCII
/// between ASCII spaces and punctuation, cut into tokens by the analyzer, as it cuts them in
/// the whole text (it always cuts at ASCII spaces and punctuation). Space-separated; empty for
/// a text all in ASCII. Found once per article, for every query.
#[derive(Debug, Default)]
pub struct OtherWords {
    title: String,
    body: String,
}

impl OtherWords {
    /// The tokens of the words of `title` and `body` that are not all ASCII.
    pub fn find(&mut self, analyzer: &mut TextAnalyzer, title: &str, body: &str) {
        other_tokens(&mut self.title, analyzer, title);
        other_tokens(&mut self.body, analyzer, body);
    }
}

fn other_tokens(out: &mut String, analyzer: &mut TextAnalyzer, text: &str) {
    out.clear();
    let bytes = text.as_bytes();
    let in_run = |b: &u8| b.is_ascii_alphanumeric() || !b.is_ascii();
    let mut at = 0;
    while let Some(other) = next_other(bytes, at) {
        let start = bytes[at..other]
            .iter()
            .rposition(|b| !in_run(b))
            .map_or(at, |p| at + p + 1);
        let end = bytes[other..]
            .iter()
            .position(|b| !in_run(b))
            .map_or(bytes.len(), |p| other + p);
        // Both ends are ASCII bytes (or the text's ends): character boundaries.
        if let Some(run) = text.get(start..end) {
            for_each_token(analyzer, run, &mut |token| {
                out.push_str(token);
                out.push(' ');
            });
        }
        at = end;
    }
}

/// Where the first byte other than ASCII is in `bytes` from `from` on (checked a block at a
/// time: most news text has few such bytes, many none).
fn next_other(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut base = from;
    for block in rest.chunks(64) {
        if !block.is_ascii() {
            return block.iter().position(|b| !b.is_ascii()).map(|p| base + p);
        }
        base += block.len();
    }
    None
}

impl Prefilter {
    /// The prefilter of `query`.
    pub fn new(query: &Query) -> Self {
        Self {
            words: required_words(query).and_then(|words| finder(&words)),
            quick: Quick::of(query),
        }
    }

    /// Whether the query matches an article with this title and body, if that can be told
    /// without cutting all of them into tokens; `other` is what [`OtherWords::find`] found in
    /// them.
    pub fn verdict(&self, title: &str, body: &str, other: &OtherWords) -> Verdict {
        if self.cannot_match(title, body, other) {
            return Verdict::Cannot;
        }
        match &self.quick {
            Some(quick) if quick.matches(title, body, other) => Verdict::Matches,
            Some(_) => Verdict::Cannot,
            None => Verdict::Tokenize,
        }
    }

    /// True when the query cannot match an article with this title and body (`other`: what
    /// [`OtherWords::find`] found in them) for want of a word it requires; quicker than
    /// [`Self::verdict`], and false more often.
    pub fn cannot_match(&self, title: &str, body: &str, other: &OtherWords) -> bool {
        self.words.as_ref().is_some_and(|words| {
            ![title, body, &other.title, &other.body]
                .iter()
                .any(|text| words.is_match(text))
        })
    }
}

/// Words one of which every text the query matches contains (as a token or a token's start);
/// `None` when there is no such list of ASCII words.
fn required_words(query: &Query) -> Option<Vec<String>> {
    let ascii = |word: &String| {
        (!word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| vec![word.clone()])
    };
    match query {
        Query::Phrase { tokens, .. } => tokens.first().and_then(ascii),
        Query::Prefix { prefix, .. } => ascii(prefix),
        // Every required part is required: any one of them will do.
        Query::And { must, .. } => must.iter().find_map(required_words),
        // Any part may match: one of all their words is required.
        Query::Or(parts) => parts
            .iter()
            .map(required_words)
            .collect::<Option<Vec<_>>>()
            .map(|lists| lists.concat()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Matcher;
    use crate::search::syntax::parse;

    #[test]
    fn required_words_of_each_kind_of_query() {
        let words = |q: &str| required_words(&parse(q).unwrap());
        assert_eq!(words("harbour"), Some(vec!["harbour".to_owned()]));
        assert_eq!(words("\"city council\""), Some(vec!["city".to_owned()]));
        assert_eq!(words("harb*"), Some(vec!["harb".to_owned()]));
        assert_eq!(words("Félix"), Some(vec!["felix".to_owned()]));
        assert_eq!(words("ferry -rumour"), Some(vec!["ferry".to_owned()]));
        assert_eq!(
            words("ferry OR tunnel"),
            Some(vec!["ferry".to_owned(), "tunnel".to_owned()])
        );
        // A CJK word, or an OR with one, cannot be looked for.
        assert_eq!(words("记录"), None);
        assert_eq!(words("ferry OR 记录"), None);
        assert_eq!(words("记录 ferry"), Some(vec!["ferry".to_owned()]));
    }

    #[test]
    fn other_words_are_the_analyzers_tokens_of_the_runs_with_other_characters() {
        let mut analyzer = crate::search::analysis::analyzer();
        let mut other = OtherWords::default();
        other.find(
            &mut analyzer,
            "Plain ASCII, 2024.",
            "“Quoted” — Félix Åberg, the Straße; ﬁnance Ｆｅｒｒｙ 记录就是 x-é end",
        );
        assert_eq!(other.title, "");
        assert_eq!(
            other.body,
            "quoted felix aberg strasse finance ferry 记录 录就 就是 e "
        );
    }

    /// For each query and each (title, body): whether the matcher matches it, with the query's
    /// prefilter and what [`OtherWords`] found in the text, for `check` to compare.
    fn each_answer(
        queries: &[&str],
        texts: &[(&str, &str)],
        mut check: impl FnMut(&str, (&str, &str), bool, &Prefilter, &OtherWords),
    ) {
        let mut analyzer = crate::search::analysis::analyzer();
        let mut other = OtherWords::default();
        for q in queries {
            let query = parse(q).unwrap();
            let prefilter = Prefilter::new(&query);
            let mut matcher = Matcher::new(query);
            for &(title, body) in texts {
                let matched = matcher.run(title, body).is_some();
                other.find(&mut analyzer, title, body);
                check(q, (title, body), matched, &prefilter, &other);
            }
        }
    }

    /// The prefilter never says "cannot match" of a text the matcher matches, and it does say
    /// it of plain texts without the words.
    #[test]
    fn the_prefilter_never_refuses_a_match() {
        let queries = [
            "harbour",
            "HARBOUR",
            "harb*",
            "\"city council\"",
            "ferry -rumour",
            "ferry OR tunnel",
            "title:bridge",
            "felix",
            "strasse",
            "finance",
            "ferry",
            "-rumour ferry",
            "记录",
            "u.s.",
        ];
        let texts = [
            ("Harbour dues", "The council met."),
            ("", "The HARBOUR-master said the City\nCouncil would meet."),
            ("Bridge", "ferry and tunnel and rumour"),
            ("", "Félix Åberg and the Straße; ﬁnance; Ｆｅｒｒｙ"),
            ("", "“Quoted” — the ferry… ran"),
            ("", "记录就是记录"),
            ("", "U.S. inspectors"),
            ("Nothing", "Nothing to see here, nothing at all."),
        ];
        let mut refused = 0;
        each_answer(
            &queries,
            &texts,
            |q, (title, body), matched, prefilter, other| {
                let may = !prefilter.cannot_match(title, body, other);
                assert!(may || !matched, "{q:?} refused {title:?} / {body:?}");
                refused += usize::from(!may);
            },
        );
        // It is not a filter that lets everything through.
        assert!(refused > 40, "refused only {refused}");
    }

    /// Random texts of words in any case, punctuation, long runs and a few other letters.
    fn random_texts() -> Vec<String> {
        let long = format!("harb{}", "x".repeat(LONGEST_TOKEN));
        let almost = format!("harb{}", "x".repeat(LONGEST_TOKEN - 5));
        let pieces = [
            "harbour",
            "Harbour",
            "HARBOURS",
            "harbourmaster",
            "city",
            "Council",
            "ferry",
            "FERRY",
            "rumour",
            "tunnel",
            "2019",
            "x",
            " ",
            " ",
            " ",
            "-",
            ".",
            "'",
            "\n",
            "“",
            "—",
            "é",
            "Félix",
            "Hárbour",
            "FÉRRY",
            "harbourδ",
            "Ｈａｒｂｏｕｒ",
            "Straße",
            "记录",
            "“",
            &long,
            &almost,
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        (0..4000)
            .map(|_| {
                let n = next() % 12;
                (0..n)
                    .map(|_| pieces[next() as usize % pieces.len()])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_verdict_is_the_matchers_answer() {
        let queries = [
            "harbour",
            "harb*",
            "HARBOURMASTER",
            "ferry -rumour",
            "-rumour harbour",
            "ferry OR tunnel",
            "title:harbour",
            "title:harb* ferry",
            "2019",
            "harbx*",
            "\"city council\"",
            "city council",
            "félix",
        ];
        let texts = random_texts();
        let pairs: Vec<(&str, &str)> = texts.chunks(2).map(|p| (&*p[0], &*p[1])).collect();
        let (mut matches, mut cannot) = (0, 0);
        each_answer(
            &queries,
            &pairs,
            |q, (title, body), matched, prefilter, other| match prefilter
                .verdict(title, body, other)
            {
                Verdict::Matches => {
                    assert!(matched, "{q:?} said to match {title:?} / {body:?}");
                    matches += 1;
                }
                Verdict::Cannot => {
                    assert!(!matched, "{q:?} said not to match {title:?} / {body:?}");
                    cannot += 1;
                }
                Verdict::Tokenize => {}
            },
        );
        // Most texts are told either way without tokens.
        assert!(matches > 1000 && cannot > 8000, "{matches} {cannot}");
    }
}
