//! `corpus-explorer tag` and `corpus-explorer coding`: tags and notes from the command line,
//! through the same store the window uses (locked, so both can run at once).

use std::path::{Path, PathBuf};

use super::search::{SelectionArgs, select_articles};
use super::shared::{open_corpus, open_marks};
use crate::corpus::marks::coding::{read_sheet, write_sheet};
use crate::corpus::marks::{Change, attach::key_of, check_tag_name, fingerprint};
use crate::corpus::{ArticleId, Corpus};

/// Arguments of `tag`.
#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// The folder of the articles.
    pub folder: PathBuf,
    /// Which articles.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Only the articles of this file (as `list` prints it, or a path to it).
    #[arg(long, value_name = "P")]
    pub path: Option<String>,
    /// Only the Nth article of the file given with --path (1 is the first).
    #[arg(long, value_name = "N", requires = "path")]
    pub article: Option<u32>,
    /// Put this tag on every selected article.
    #[arg(
        long,
        value_name = "TAG",
        required_unless_present = "remove",
        conflicts_with = "remove"
    )]
    pub add: Option<String>,
    /// Take this tag off every selected article.
    #[arg(long, value_name = "TAG")]
    pub remove: Option<String>,
    /// Read every file again instead of trusting the catalog of the last scan.
    #[arg(long)]
    pub rescan: bool,
}

/// `--path` as the corpus names files: relative to the folder, `/`-separated.
fn relative_path(folder: &Path, given: &str) -> String {
    let path = Path::new(given);
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let inside = absolute(path)
        .strip_prefix(absolute(folder))
        .ok()
        .filter(|_| path.is_absolute() || path.exists())
        .map(Path::to_path_buf);
    let relative = inside.unwrap_or_else(|| path.to_owned());
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The articles `tag` selects, in path order.
fn selected(
    args: &TagArgs,
    opened: &crate::corpus::catalog::Opened,
) -> anyhow::Result<Vec<ArticleId>> {
    let corpus: &Corpus = &opened.refresh.corpus;
    let by_path = |ids: &mut Vec<ArticleId>| -> anyhow::Result<()> {
        let Some(path) = &args.path else {
            return Ok(());
        };
        let path = relative_path(&corpus.root, path);
        let numbers = crate::corpus::marks::article_numbers(&corpus.articles);
        ids.retain(|&id| {
            key_of(&corpus.articles, &numbers, id).is_some_and(|key| {
                key.path == path && args.article.is_none_or(|n| n == key.article)
            })
        });
        let given = &args.selection;
        if ids.is_empty() && given.query.is_none() && given.from.is_none() && given.to.is_none() {
            anyhow::bail!(
                "no article {path}{} in {}",
                args.article
                    .map(|n| format!(" (article {n})"))
                    .unwrap_or_default(),
                corpus.root.display()
            );
        }
        Ok(())
    };
    select_articles(opened, &args.selection.selection(), &by_path)
}

/// Run `tag`: change every selected article, print how many changed.
pub fn run_tag(args: &TagArgs) -> anyhow::Result<()> {
    let (tag, on) = match (&args.add, &args.remove) {
        (Some(tag), _) => (tag, true),
        (None, Some(tag)) => (tag, false),
        (None, None) => anyhow::bail!("say --add TAG or --remove TAG"),
    };
    check_tag_name(tag).map_err(anyhow::Error::msg)?;
    let opened = open_corpus(&args.folder, args.rescan)?;
    let ids = selected(args, &opened)?;
    let corpus = &opened.refresh.corpus;
    let marks = open_marks(corpus)?;
    let changes: Vec<Change> = ids
        .iter()
        .filter(|&&id| marks.has_tag(id, tag) != on)
        .filter_map(|&id| {
            Some(Change::Tag {
                key: marks.attached.key(&corpus.articles, id)?,
                fingerprint: fingerprint(corpus.articles.get(id as usize)?),
                tag: tag.clone(),
                on,
            })
        })
        .collect();
    if !changes.is_empty() {
        marks.store.commit(&changes)?;
    }
    println!("{} articles changed", changes.len());
    eprintln!(
        "{} selected; {} already {}",
        ids.len(),
        ids.len() - changes.len(),
        if on {
            format!("tagged {tag}")
        } else {
            format!("without {tag}")
        }
    );
    std::mem::forget(opened);
    Ok(())
}

/// Arguments of `coding`.
#[derive(Debug, clap::Args)]
pub struct CodingArgs {
    /// The folder of the articles.
    pub folder: PathBuf,
    /// Write every article's tags and note to this CSV file (`-` for standard output).
    #[arg(
        long,
        value_name = "FILE.csv",
        required_unless_present = "import",
        conflicts_with = "import"
    )]
    pub export: Option<PathBuf>,
    /// Merge a coding sheet: its tags are added, its notes replace the articles' notes.
    #[arg(long, value_name = "FILE.csv")]
    pub import: Option<PathBuf>,
    /// Read every file again instead of trusting the catalog of the last scan.
    #[arg(long)]
    pub rescan: bool,
}

/// Run `coding`.
pub fn run_coding(args: &CodingArgs) -> anyhow::Result<()> {
    let opened = open_corpus(&args.folder, args.rescan)?;
    let corpus = &opened.refresh.corpus;
    let marks = open_marks(corpus)?;
    if let Some(path) = &args.export {
        let write = |out: &mut dyn std::io::Write| {
            write_sheet(out, &corpus.articles, &marks.attached.numbers, &marks.marks)
        };
        if path.as_os_str() == "-" {
            super::shared::ignore_closed_pipe(write(&mut std::io::stdout().lock()))?;
        } else {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            write_file_atomically(path, &bytes)?;
            eprintln!(
                "wrote {} articles ({} marked) to {}",
                corpus.articles.len(),
                marks.attached.ids.len(),
                path.display()
            );
        }
    } else if let Some(path) = &args.import {
        let file = std::fs::File::open(path)
            .map_err(|err| anyhow::anyhow!("cannot read {}: {err}", path.display()))?;
        let changes = read_sheet(std::io::BufReader::new(file), &corpus.articles)
            .map_err(|err| anyhow::anyhow!("{}: {err}; nothing was changed", path.display()))?;
        let mut probe = marks.marks.clone();
        let merged = changes.iter().filter(|c| probe.apply(c)).count();
        if merged > 0 {
            marks.store.commit(&changes)?;
        }
        println!("{merged} changes merged");
    }
    std::mem::forget(opened);
    Ok(())
}

/// Write `bytes` to `path` through a temporary file beside it and a rename.
fn write_file_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".tmp-{}", std::process::id()));
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(|err| {
            let _ = std::fs::remove_file(&temp);
            anyhow::anyhow!("cannot write {}: {err}", path.display())
        })
}
