//! How text becomes searchable tokens: split on anything that is not a letter or a digit,
//! lower-case, fold accents to ASCII (`Félix` → `felix`, `Åberg` → `aberg`). The index, the query
//! parser, the hit counter and the highlighter all use this one analyzer, so they agree on
//! what a word is.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "corpus_words";

/// Tokens longer than this many bytes (base64 blobs, URLs without punctuation) are dropped.
const LONGEST_TOKEN: usize = 80;

/// A new analyzer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// One token of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextToken {
    /// Byte range in the text.
    pub range: std::ops::Range<usize>,
    /// Position (dropped tokens leave gaps, as in the index).
    pub position: usize,
    /// The normalised form.
    pub text: String,
}

/// The tokens of `text`, with where they are.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<TextToken> {
    tokens_where(analyzer, text, &|_| true)
}

/// The tokens of `text` whose normalised form `keep` accepts (the others are only counted in
/// the positions): a search keeps just the tokens that can be part of a hit.
pub fn tokens_where(
    analyzer: &mut TextAnalyzer,
    text: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<TextToken> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        if keep(&token.text) {
            out.push(TextToken {
                range: token.offset_from..token.offset_to,
                position: token.position,
                text: token.text.clone(),
            });
        }
    }
    out
}

/// Just the normalised forms of the tokens of `text`.
pub fn normalized_tokens(text: &str) -> Vec<String> {
    tokens(&mut analyzer(), text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_punctuation() {
        assert_eq!(
            normalized_tokens("Félix Åberg's U.S. 23-hour-a-day Straße"),
            [
                "felix", "aberg", "s", "u", "s", "23", "hour", "a", "day", "strasse"
            ]
        );
        let mut analyzer = analyzer();
        let text = "Zoë — ok";
        let found = tokens(&mut analyzer, text);
        assert_eq!(&text[found[0].range.clone()], "Zoë");
        assert_eq!(found[1].position, found[0].position + 1);
    }
}
