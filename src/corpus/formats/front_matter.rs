//! Text and Markdown files that open with a YAML front-matter block:
//!
//! ```text
//! ---
//! title: Dredgers Begin Clearing the Harbour
//! date: 2022-08-19
//! source: Coastal Herald
//! authors: [Ana Ruiz, Tom Vale]
//! ---
//! The body…
//! ```
//!
//! Keys are matched by role as in the other structured formats; other keys (`tags`, …) are
//! shown in the reader. Without a `title`, a first `# Heading` line of the body is the title.
//! A block that is not valid YAML is reported and the file is read as plain text, so nothing
//! is lost.

use std::fs::File;

use yaml_rust2::{Yaml, YamlLoader};

use super::body::{ArticleBody, BodyError, RecordBytes, read_span, record_body};
use super::fields::{Fields, Origin};
use crate::corpus::article::{Article, FormatKind};
use crate::corpus::scan::decode::TextFile;
use crate::corpus::scan::sink::{ArticleSink, FileInfo, SkipReason};
use crate::corpus::text::lines_with_ends;

/// A closing `---` further than this into the file is not looked for.
const BLOCK_MAX_BYTES: usize = 64 * 1024;

/// The YAML block and the offset where the body starts, when `text` opens with front matter.
fn split(text: &str) -> Option<(&str, usize)> {
    let text_start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
    let mut lines = lines_with_ends(text.get(text_start..)?);
    let (first, yaml_start) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut line_start = yaml_start;
    for (line, end) in lines {
        if line_start > BLOCK_MAX_BYTES {
            return None;
        }
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = text.get(text_start + yaml_start..text_start + line_start)?;
            return Some((yaml, text_start + end));
        }
        line_start = end;
    }
    None
}

/// A scalar as text (`None` for nulls, mappings and lists).
fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The fields of the block, or why it could not be read.
fn fields_of(yaml: &str, keep_extra: bool) -> Result<Fields, String> {
    let documents = YamlLoader::load_from_str(yaml).map_err(|e| format!("not valid YAML: {e}"))?;
    let mut fields = Fields::default();
    let Some(first) = documents.into_iter().next() else {
        return Ok(fields);
    };
    let Yaml::Hash(map) = first else {
        return Err("the block is not a list of `key: value` lines".to_owned());
    };
    for (key, value) in map {
        let Some(key) = scalar(&key) else { continue };
        match value {
            Yaml::Array(items) => {
                let texts: Vec<String> = items.iter().filter_map(scalar).collect();
                if matches!(
                    super::fields::role_of(&key),
                    Some((super::fields::Role::Authors, _))
                ) {
                    fields.set_authors(&key, texts);
                } else if !texts.is_empty() {
                    fields.set(&key, texts.join(", "), keep_extra);
                }
            }
            other => {
                if let Some(text) = scalar(&other) {
                    fields.set(&key, text, keep_extra);
                }
            }
        }
    }
    Ok(fields)
}

/// Fill in the body and, without a title, take a first `# Heading` line as the title (and
/// out of the body).
fn with_body(mut fields: Fields, body: &str) -> Fields {
    let body = body.trim_start_matches(['\r', '\n']);
    let mut body = body;
    if fields.title.is_none()
        && let Some((first, end)) = lines_with_ends(body).next()
        && let Some(heading) = first.strip_prefix("# ")
    {
        fields.title = Some(heading.trim().to_owned());
        body = body.get(end..).unwrap_or_default();
    }
    fields.text = body.to_owned();
    fields
}

/// Read a file that may open with front matter. `None` when it does not.
pub(crate) fn read(
    file: &TextFile<'_>,
    info: &FileInfo<'_>,
    out: &mut dyn ArticleSink,
) -> Option<Result<(), SkipReason>> {
    let (yaml, body_start) = split(file.text)?;
    let fields = match fields_of(yaml, false) {
        Ok(fields) => fields,
        Err(problem) => {
            // Keep the article: read as plain text (the title from the text after the block),
            // with the problem listed.
            out.bad_record("front matter".to_owned(), problem);
            let words = crate::corpus::text::count_words(file.text);
            return Some(
                super::plain_text::article_from_text(
                    file.text.get(body_start..).unwrap_or(file.text),
                    words,
                    file.encoding,
                    file.bom_len > 0,
                    info,
                    file.size_bytes,
                )
                .map(|article| out.article(article)),
            );
        }
    };
    let fields = with_body(fields, file.text.get(body_start..).unwrap_or_default());
    if fields.is_blank() {
        return Some(Err(SkipReason::Blank));
    }
    let stem = super::fields::fallback_title(info, None);
    let origin = Origin {
        info,
        format: FormatKind::FrontMatter,
        span: None,
        size_bytes: file.size_bytes,
        encoding: file.encoding,
        had_bom: file.bom_len > 0,
        fallback_title: &stem,
    };
    Some(
        fields
            .to_article(&origin)
            .map(|article| out.article(article))
            .map_err(SkipReason::Malformed),
    )
}

/// Read the body (and the block's other keys) again.
pub(crate) fn load_body(
    file: &mut File,
    article: &Article,
    max_bytes: usize,
) -> Result<ArticleBody, BodyError> {
    let RecordBytes {
        bytes,
        changed_since_scan: changed,
    } = read_span(file, article)?;
    let bom_len = if article.had_bom {
        encoding_rs::Encoding::for_bom(&bytes).map_or(0, |(_, len)| len)
    } else {
        0
    };
    let text = crate::corpus::scan::decode::decode(&bytes, article.encoding, bom_len, true);
    let (fields, body) = match split(&text) {
        Some((yaml, start)) => (
            fields_of(yaml, true).unwrap_or_default(),
            text.get(start..).unwrap_or_default(),
        ),
        None => (Fields::default(), &*text),
    };
    Ok(record_body(with_body(fields, body), max_bytes, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_is_found_only_at_the_start_and_closed() {
        let text = "---\ntitle: A\n---\nBody\n";
        let (yaml, start) = split(text).unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(&text[start..], "Body\n");
        assert_eq!(
            split("---\r\ntitle: A\r\n...\r\nB").unwrap().0,
            "title: A\r\n"
        );
        assert_eq!(split("Intro\n---\ntitle: A\n---\n"), None);
        assert_eq!(split("---\ntitle: never closed\n"), None);
        assert_eq!(split("----\n"), None);
    }

    #[test]
    fn keys_lists_and_headings() {
        let fields = fields_of(
            "title: \"Notebook: A Column\"\ndate: 2022-08-19\nauthors:\n  - Ana Ruiz\n  - Tom Vale\ntags: [harbour, dredging]\nsource: Herald\n",
            true,
        )
        .unwrap();
        assert_eq!(fields.title.as_deref(), Some("Notebook: A Column"));
        assert_eq!(fields.date.as_deref(), Some("2022-08-19"));
        assert_eq!(fields.authors, ["Ana Ruiz", "Tom Vale"]);
        assert_eq!(fields.outlet.as_deref(), Some("Herald"));
        assert_eq!(
            fields.extra,
            [("tags".to_owned(), "harbour, dredging".to_owned())]
        );
        let with = with_body(Fields::default(), "\n# The Heading\nText.");
        assert_eq!(with.title.as_deref(), Some("The Heading"));
        assert_eq!(with.text, "Text.");
        assert!(
            fields_of("title: [unclosed", false)
                .unwrap_err()
                .starts_with("not valid YAML")
        );
        assert!(fields_of("- a\n- b\n", false).is_err());
    }
}
