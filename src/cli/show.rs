//! `corpus-explorer show PATH [--article N]`: one article as the reader shows it, for a
//! terminal or a script: `Title:`, `Date:` and `Source:` lines, a blank line, then the text,
//! one paragraph a line (hard-wrapped lines joined), paragraphs separated by one blank line,
//! the items of a list on lines of their own.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::shared::ignore_closed_pipe;
use crate::corpus::text::starts_list_item;
use crate::corpus::{
    Article, DEFAULT_BODY_MAX_BYTES, FormatKind, SkipReason, load_body, read_file,
};

/// Arguments of `show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The file of the article.
    pub path: PathBuf,
    /// Which article of a file that holds many (1 is the first).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub article: usize,
}

/// Run `show`: the article on stdout, or a one-line reason and a non-zero exit.
pub fn run_show(args: &ShowArgs) -> anyhow::Result<()> {
    let path = &args.path;
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => {
            anyhow::bail!("{shown} is a folder; show reads one file (list reads a folder)")
        }
        Ok(_) => {}
        Err(err) => anyhow::bail!("cannot read {shown}: {err}"),
    }
    let Some(format) = FormatKind::for_path(path) else {
        anyhow::bail!(
            "{shown} is not an article: {}",
            crate::corpus::formats_sentence()
        );
    };
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        anyhow::bail!("{shown} is not a file");
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let rel = name.to_string_lossy();
    let raw = name.to_str().is_none().then(|| Path::new(name));
    let articles =
        read_file(path, &rel, raw, format, &mut Vec::new()).map_err(|reason| match reason {
            SkipReason::NotAnArticle => anyhow::anyhow!("{shown} is {reason}"),
            _ => anyhow::anyhow!("{shown} is not an article: {reason}"),
        })?;
    if articles.is_empty() {
        anyhow::bail!("{shown}: no article could be read from the file");
    }
    let Some(article) = args.article.checked_sub(1).and_then(|i| articles.get(i)) else {
        anyhow::bail!(
            "{shown} holds {}; --article {} is not one of them",
            crate::corpus::counted(articles.len() as u64, "article"),
            args.article
        );
    };
    let body = load_body(folder, article, DEFAULT_BODY_MAX_BYTES)
        .map_err(|err| anyhow::anyhow!("{shown}: {err}"))?;
    let out = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(out);
    let text = format!("{}\n", shown_article(article, folder, &body.text));
    ignore_closed_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// The article as `show` prints it (without the final line break).
fn shown_article(article: &Article, folder: &Path, text: &str) -> String {
    let date = article.date.map_or_else(
        || "undated".to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let source = article.meta().outlet.as_deref().map_or_else(
        || {
            std::path::absolute(folder)
                .ok()
                .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default()
        },
        str::to_owned,
    );
    format!(
        "Title: {}\nDate: {date}\nSource: {source}\n\n{}",
        article.title,
        paragraphs(text)
    )
}

/// The text one paragraph a line, as the reader shows it, paragraphs separated by one blank
/// line and the items of a list by a line break only.
pub fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_was_item = false;
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let item = starts_list_item(line);
        if !out.is_empty() {
            out.push_str(if item && previous_was_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(line);
        previous_was_item = item;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_one_a_line_and_list_items_stay_together() {
        let text = "First paragraph, joined.\n\n\n  Second one.\nThird, in the next line.\n\
                    The list:\n- one\n- two\n1. three\n\nAfter the list.";
        assert_eq!(
            paragraphs(text),
            "First paragraph, joined.\n\nSecond one.\n\nThird, in the next line.\n\n\
             The list:\n\n- one\n- two\n1. three\n\nAfter the list."
        );
        assert_eq!(paragraphs(""), "");
    }
}
