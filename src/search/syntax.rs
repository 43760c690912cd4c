//! The search syntax: words (all must occur), `OR` between words or groups, `-word` to exclude,
//! `"exact phrase"`, `prefix*`, `title:word` (or `title:"a phrase"`), parentheses.
//! Case-insensitive, accents fold, punctuation inside a word does not block a match (`U.S.` is
//! the phrase `u s`).
//!
//! A malformed query is an error with a hint, never "match everything".

use super::analysis::normalized_tokens;

/// Where a term must occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Title or body.
    Any,
    /// Only the title.
    Title,
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// Consecutive normalised tokens (one token for a plain word).
    Phrase {
        /// Where.
        field: Field,
        /// The tokens, in order.
        tokens: Vec<String>,
    },
    /// Any token starting with `prefix`.
    Prefix {
        /// Where.
        field: Field,
        /// The normalised prefix.
        prefix: String,
    },
    /// Every `must` matches and no `must_not` does.
    And {
        /// Required parts (at least one).
        must: Vec<Query>,
        /// Excluded parts.
        must_not: Vec<Query>,
    },
    /// At least one part matches.
    Or(Vec<Query>),
}

impl Query {
    /// The first word it asks for (a phrase's first token), if any: the node word the
    /// collocates of a search are counted around.
    pub fn first_word(&self) -> Option<&str> {
        match self {
            Self::Phrase { tokens, .. } => tokens.first().map(String::as_str),
            Self::Prefix { .. } => None,
            Self::And { must, .. } => must.iter().find_map(Self::first_word),
            Self::Or(parts) => parts.iter().find_map(Self::first_word),
        }
    }
}

/// Why a query cannot be run, with a hint for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// Nothing to search for.
    #[error("the query is empty")]
    Empty,
    /// A `"` without its closing `"`.
    #[error("a quotation mark is not closed: close the phrase with \"")]
    UnclosedQuote,
    /// `-` or `title:` with nothing after it.
    #[error("“{0}” must be followed by a word, e.g. {0}word")]
    Dangling(String),
    /// Parentheses that do not pair up.
    #[error("the parentheses do not pair up")]
    UnbalancedParenthesis,
    /// `OR` at the start or end, or twice in a row.
    #[error("OR must stand between two words or groups")]
    MisplacedOr,
    /// Only exclusions (`-word`): that would match nearly everything.
    #[error("the query only excludes words; add a word to look for")]
    OnlyExclusions,
    /// A word with no letters or digits (e.g. `*` or `--`).
    #[error("“{0}” has no letters or digits to look for")]
    NothingToFind(String),
    /// `source:`, `author:` or `tag:` inside parentheses.
    #[error("“{0}” narrows the whole query: put it outside the parentheses")]
    FieldInGroup(String),
    /// A prefix too short to be useful (`a*`).
    #[error("“{0}” is too short for a prefix search: use at least two letters before *")]
    ShortPrefix(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Minus,
    Title,
    Open,
    Close,
    Or,
}

fn lex(text: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' | '“' | '”' => {
                chars.next();
                let mut phrase = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if matches!(c, '"' | '“' | '”') {
                        closed = true;
                        break;
                    }
                    phrase.push(c);
                }
                if !closed {
                    return Err(SyntaxError::UnclosedQuote);
                }
                tokens.push(Token::Quoted(phrase));
            }
            // Words are lexed whole, so a `-` seen here starts a clause (`23-hour` stays a word).
            '-' => {
                chars.next();
                // A lone `-` (before a space, a parenthesis or the end) excludes nothing.
                if chars
                    .peek()
                    .is_none_or(|&(_, next)| next.is_whitespace() || next == ')')
                {
                    return Err(SyntaxError::Dangling("-".to_owned()));
                }
                tokens.push(Token::Minus);
            }
            _ => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”') {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                let word = &text[start..end];
                if word == "OR" {
                    tokens.push(Token::Or);
                } else if let Some(rest) = strip_title_prefix(word) {
                    tokens.push(Token::Title);
                    if !rest.is_empty() {
                        tokens.push(Token::Word(rest.to_owned()));
                    }
                } else {
                    tokens.push(Token::Word(word.to_owned()));
                }
            }
        }
    }
    Ok(tokens)
}

fn strip_title_prefix(word: &str) -> Option<&str> {
    let head = word.get(..6)?;
    head.eq_ignore_ascii_case("title:").then(|| &word[6..])
}

/// Parse `text`.
pub fn parse(text: &str) -> Result<Query, SyntaxError> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(SyntaxError::Empty);
    }
    let mut parser = Parser { tokens, at: 0 };
    let query = parser.or_group()?;
    if parser.at < parser.tokens.len() {
        return Err(SyntaxError::UnbalancedParenthesis);
    }
    Ok(query)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// `and ( OR and )*`
    fn or_group(&mut self) -> Result<Query, SyntaxError> {
        if self.peek() == Some(&Token::Or) {
            return Err(SyntaxError::MisplacedOr);
        }
        let mut parts = vec![self.and_group()?];
        while self.peek() == Some(&Token::Or) {
            self.next();
            match self.peek() {
                None | Some(Token::Or | Token::Close) => return Err(SyntaxError::MisplacedOr),
                _ => parts.push(self.and_group()?),
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::Or(parts)
        })
    }

    /// One or more clauses up to `OR`, `)` or the end.
    fn and_group(&mut self) -> Result<Query, SyntaxError> {
        let mut must = Vec::new();
        let mut must_not = Vec::new();
        while let Some(token) = self.peek() {
            if matches!(token, Token::Or | Token::Close) {
                break;
            }
            let negated = token == &Token::Minus;
            if negated {
                self.next();
                if matches!(
                    self.peek(),
                    None | Some(Token::Or | Token::Close | Token::Minus)
                ) {
                    return Err(SyntaxError::Dangling("-".to_owned()));
                }
            }
            let clause = self.clause()?;
            if negated {
                must_not.push(clause);
            } else {
                must.push(clause);
            }
        }
        if must.is_empty() {
            return Err(if must_not.is_empty() {
                SyntaxError::Empty
            } else {
                SyntaxError::OnlyExclusions
            });
        }
        if must.len() == 1 && must_not.is_empty() {
            return Ok(must.remove(0));
        }
        Ok(Query::And { must, must_not })
    }

    fn clause(&mut self) -> Result<Query, SyntaxError> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or_group()?;
                if self.next() != Some(Token::Close) {
                    return Err(SyntaxError::UnbalancedParenthesis);
                }
                Ok(inner)
            }
            Some(Token::Title) => match self.next() {
                Some(Token::Word(word)) => term(&word, Field::Title),
                Some(Token::Quoted(phrase)) => phrase_of(&phrase, Field::Title),
                _ => Err(SyntaxError::Dangling("title:".to_owned())),
            },
            Some(Token::Word(word)) => term(&word, Field::Any),
            Some(Token::Quoted(phrase)) => phrase_of(&phrase, Field::Any),
            Some(Token::Close) => Err(SyntaxError::UnbalancedParenthesis),
            Some(Token::Or) => Err(SyntaxError::MisplacedOr),
            Some(Token::Minus) => Err(SyntaxError::Dangling("-".to_owned())),
            None => Err(SyntaxError::Empty),
        }
    }
}

/// A word: a prefix when it ends in `*`, else the phrase of its tokens (one for a plain word).
fn term(word: &str, field: Field) -> Result<Query, SyntaxError> {
    if let Some(stem) = word.strip_suffix('*') {
        let tokens = normalized_tokens(stem);
        let Some((last, before)) = tokens.split_last() else {
            return Err(SyntaxError::NothingToFind(word.to_owned()));
        };
        if !before.is_empty() {
            // `U.S.*`: the leading tokens as a phrase is not supported; keep it simple and
            // honest.
            return Err(SyntaxError::NothingToFind(word.to_owned()));
        }
        if last.chars().count() < 2 {
            return Err(SyntaxError::ShortPrefix(word.to_owned()));
        }
        return Ok(Query::Prefix {
            field,
            prefix: last.clone(),
        });
    }
    phrase_of(word, field).map_err(|_| SyntaxError::NothingToFind(word.to_owned()))
}

fn phrase_of(text: &str, field: Field) -> Result<Query, SyntaxError> {
    let tokens = normalized_tokens(text);
    if tokens.is_empty() {
        return Err(SyntaxError::NothingToFind(format!("\"{text}\"")));
    }
    Ok(Query::Phrase { field, tokens })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Query {
        Query::Phrase {
            field: Field::Any,
            tokens: vec![w.to_owned()],
        }
    }

    #[test]
    fn words_are_all_required_and_fold_case_and_accents() {
        assert_eq!(
            parse("Cartel  ESCAPE Félix").unwrap(),
            Query::And {
                must: vec![word("cartel"), word("escape"), word("felix")],
                must_not: vec![],
            }
        );
    }

    #[test]
    fn or_exclusion_phrase_prefix_and_title() {
        assert_eq!(
            parse("bridge OR tunnel").unwrap(),
            Query::Or(vec![word("bridge"), word("tunnel")])
        );
        assert_eq!(
            parse("jury -mistrial").unwrap(),
            Query::And {
                must: vec![word("jury")],
                must_not: vec![word("mistrial")],
            }
        );
        assert_eq!(
            parse("\"Kestrel  Narrows\"").unwrap(),
            Query::Phrase {
                field: Field::Any,
                tokens: vec!["kestrel".into(), "narrows".into()],
            }
        );
        assert_eq!(
            parse("astrolab*").unwrap(),
            Query::Prefix {
                field: Field::Any,
                prefix: "astrolab".into(),
            }
        );
        assert_eq!(
            parse("Title:verdict").unwrap(),
            Query::Phrase {
                field: Field::Title,
                tokens: vec!["verdict".into()],
            }
        );
        assert_eq!(
            parse("title:\"quota deal\"").unwrap(),
            Query::Phrase {
                field: Field::Title,
                tokens: vec!["quota".into(), "deal".into()],
            }
        );
        assert_eq!(
            parse("(bridge OR tunnel) collapse").unwrap(),
            Query::And {
                must: vec![
                    Query::Or(vec![word("bridge"), word("tunnel")]),
                    word("collapse")
                ],
                must_not: vec![],
            }
        );
    }

    #[test]
    fn punctuation_inside_a_word_makes_a_phrase() {
        assert_eq!(
            parse("U.S.").unwrap(),
            Query::Phrase {
                field: Field::Any,
                tokens: vec!["u".into(), "s".into()],
            }
        );
        assert_eq!(
            parse("23-hour-a-day").unwrap(),
            Query::Phrase {
                field: Field::Any,
                tokens: vec!["23".into(), "hour".into(), "a".into(), "day".into()],
            }
        );
    }

    #[test]
    fn malformed_queries_are_errors_with_a_hint() {
        assert_eq!(parse(""), Err(SyntaxError::Empty));
        assert_eq!(parse("   "), Err(SyntaxError::Empty));
        assert_eq!(parse("\"open phrase"), Err(SyntaxError::UnclosedQuote));
        assert_eq!(parse("bridge -"), Err(SyntaxError::Dangling("-".into())));
        assert_eq!(parse("- bridge"), Err(SyntaxError::Dangling("-".into())));
        assert_eq!(parse("title:"), Err(SyntaxError::Dangling("title:".into())));
        assert_eq!(parse("-bridge"), Err(SyntaxError::OnlyExclusions));
        assert_eq!(parse("OR bridge"), Err(SyntaxError::MisplacedOr));
        assert_eq!(parse("bridge OR"), Err(SyntaxError::MisplacedOr));
        assert_eq!(parse("a OR OR b"), Err(SyntaxError::MisplacedOr));
        assert_eq!(parse("(bridge"), Err(SyntaxError::UnbalancedParenthesis));
        assert_eq!(parse("bridge)"), Err(SyntaxError::UnbalancedParenthesis));
        assert_eq!(parse("*"), Err(SyntaxError::NothingToFind("*".into())));
        assert_eq!(parse("--"), Err(SyntaxError::Dangling("-".into())));
        assert_eq!(parse("a*"), Err(SyntaxError::ShortPrefix("a*".into())));
        // Every error has a message for the user.
        for error in [SyntaxError::UnclosedQuote, SyntaxError::OnlyExclusions] {
            assert!(!error.to_string().is_empty());
        }
    }
}
