//! A subset of the corpus as a folder of its own: the files of the chosen articles copied with
//! their sub-folders, each article of a file that holds many written as its own `.txt` in the
//! plain layout (` date YYYY-MM-DD Headline`, then the paragraphs), and `manifest.csv` saying
//! where each came from. The corpus folder is only read.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use super::article::{Article, ArticleId};
use super::formats::{BodyLoader, DEFAULT_BODY_MAX_BYTES};
use super::marks::coding::sheet_row;
use super::marks::model::Mark;

/// The manifest's columns.
pub const MANIFEST_COLUMNS: [&str; 8] = [
    "path",
    "source_path",
    "article",
    "date",
    "title",
    "source",
    "tags",
    "note",
];

/// What a copy wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Copied {
    /// Files copied whole.
    pub files: usize,
    /// Articles written as `.txt` files of their own.
    pub written: usize,
}

/// Why `dest` cannot take a subset: it is inside the corpus folder, or not empty.
fn check_destination(root: &Path, dest: &Path) -> io::Result<()> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if dest.exists() {
        if canonical(dest).starts_with(canonical(root)) {
            return Err(io::Error::other(format!(
                "{} is inside the open folder, which is never written to",
                dest.display()
            )));
        }
        if std::fs::read_dir(dest)?.next().is_some() {
            return Err(io::Error::other(format!(
                "{} is not empty: choose an empty folder",
                dest.display()
            )));
        }
    } else if let Some(parent) = dest.parent()
        && canonical(parent).starts_with(canonical(root))
    {
        return Err(io::Error::other(format!(
            "{} is inside the open folder, which is never written to",
            dest.display()
        )));
    }
    std::fs::create_dir_all(dest)
}

/// An article as a plain-text file the app reads back with the same title and date.
pub fn plain_text(article: &Article, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + article.title.len() + 24);
    if let Some(date) = article.date {
        out.push_str(&format!("date {} ", date.format("%Y-%m-%d")));
    }
    out.push_str(article.title.trim());
    out.push('\n');
    for paragraph in body.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        out.push('\n');
        out.push_str(paragraph);
        out.push('\n');
    }
    out
}

/// Copy the articles `ids` of the corpus at `root` (in path order, numbered in their files by
/// `numbers`) into the empty folder `dest`, with `manifest.csv`; `progress` hears (done, total).
pub fn copy_articles(
    root: &Path,
    articles: &[Article],
    numbers: &[u32],
    ids: &[ArticleId],
    marks: &HashMap<ArticleId, Mark>,
    dest: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> io::Result<Copied> {
    check_destination(root, dest)?;
    let mut per_file: HashMap<&str, u32> = HashMap::new();
    for article in articles {
        *per_file.entry(&article.path).or_default() += 1;
    }
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut manifest = csv::Writer::from_writer(Vec::new());
    manifest
        .write_record(MANIFEST_COLUMNS)
        .map_err(io::Error::other)?;
    let mut copied = Copied::default();
    let mut taken: HashSet<String> = HashSet::new();
    let mut loader = BodyLoader::default();
    for (done, &id) in ids.iter().enumerate() {
        progress(done, ids.len());
        let Some(article) = articles.get(id as usize) else {
            continue;
        };
        let number = numbers.get(id as usize).copied().unwrap_or(1);
        let whole_file = per_file.get(&*article.path).copied().unwrap_or(1) == 1;
        let written = if whole_file {
            let to = dest.join(article.fs_path());
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(root.join(article.fs_path()), &to)?;
            copied.files += 1;
            article.path.to_string()
        } else {
            let name = free_name(&article.path, number, &taken, &per_file);
            let body = loader
                .load(root, article, DEFAULT_BODY_MAX_BYTES)
                .map_err(|err| io::Error::other(format!("{}: {err}", article.path)))?;
            let to = dest.join(&name);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&to, plain_text(article, &body.text))?;
            copied.written += 1;
            name
        };
        taken.insert(written.clone());
        // The sheet's row, with the path in the copy first and `path` read as `source_path`.
        let mut row = vec![written];
        row.extend(sheet_row(article, number, marks.get(&id)));
        manifest.write_record(&row).map_err(io::Error::other)?;
    }
    let bytes = manifest
        .into_inner()
        .map_err(|err| io::Error::other(err.to_string()))?;
    std::fs::write(dest.join("manifest.csv"), bytes)?;
    progress(ids.len(), ids.len());
    Ok(copied)
}

/// `folder/stem-N.txt` for article N of `path`, not taken by another file of the subset or of
/// the corpus.
fn free_name(
    path: &str,
    number: u32,
    taken: &HashSet<String>,
    corpus: &HashMap<&str, u32>,
) -> String {
    let (folder, name) = path.rsplit_once('/').map_or(("", path), |(f, n)| (f, n));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let mut candidate = format!("{prefix}{stem}-{number}.txt");
    let mut k = 2;
    while taken.contains(&candidate) || corpus.contains_key(candidate.as_str()) {
        candidate = format!("{prefix}{stem}-{number}-{k}.txt");
        k += 1;
    }
    candidate
}

/// The default name of a subset folder beside `root`: `NAME-subset`.
pub fn suggested_folder(root: &Path) -> PathBuf {
    let name = root
        .file_name()
        .map_or_else(|| "corpus".to_owned(), |n| n.to_string_lossy().into_owned());
    root.with_file_name(format!("{name}-subset"))
}
