//! A folder of articles for `tests/duplicates.rs`, the command run on it with a cache of its
//! own, and the shape every `duplicates` output must have.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use crate::variants_gen::eval::{FamilyRow, parse_jsonl};
use crate::variants_gen::text::Article;
use crate::variants_gen::{Style, render};

/// A temporary folder of articles, with its own cache and data folders.
pub struct Folder {
    root: tempfile::TempDir,
    cache: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Folder {
    pub fn new() -> Self {
        Self {
            root: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// Write `bytes` to `rel` (folders made as needed).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Write `article` dated `date` (`YYYY-MM-DD`) to `rel` in `style`.
    pub fn article(&self, rel: &str, article: &Article, date: &str, style: Style) {
        let date = date.parse().unwrap();
        self.write(rel, render(article, date, "Test Outlet", style));
    }

    /// Write `article` undated (headline, blank line, paragraphs) to `rel`.
    pub fn undated(&self, rel: &str, article: &Article) {
        let text = format!(
            "{}\n\n{}\n",
            article.headline,
            article.paragraphs.join("\n\n")
        );
        self.write(rel, text);
    }

    /// `corpus-explorer ARGS…` with this folder's cache and data folders.
    pub fn command(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
            .args(args)
            .env("XDG_CACHE_HOME", self.cache.path())
            .env("XDG_DATA_HOME", self.data.path())
            .output()
            .expect("run corpus-explorer")
    }

    /// `corpus-explorer duplicates FOLDER FLAGS…`.
    pub fn duplicates(&self, flags: &[&str]) -> Output {
        let folder = self.root.path().to_str().unwrap();
        let mut args = vec!["duplicates", folder];
        args.extend_from_slice(flags);
        self.command(&args)
    }

    /// The stdout of a `duplicates` run that must succeed.
    pub fn stdout(&self, flags: &[&str]) -> String {
        let out = self.duplicates(flags);
        assert!(
            out.status.success(),
            "duplicates {flags:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The rows of `duplicates FLAGS… --format jsonl`, checked for their shape.
    pub fn rows(&self, flags: &[&str]) -> Vec<FamilyRow> {
        let mut flags = flags.to_vec();
        flags.extend(["--format", "jsonl"]);
        let rows = parse_jsonl(&self.stdout(&flags)).unwrap();
        assert_well_formed(&rows);
        rows
    }

    /// The families of `duplicates FLAGS…`: their members' paths, in order.
    pub fn families(&self, flags: &[&str]) -> Vec<Vec<String>> {
        families(&self.rows(flags))
    }
}

/// The rows' paths grouped by family, in order.
pub fn families(rows: &[FamilyRow]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut last = None;
    for row in rows {
        if last != Some(row.family) {
            out.push(Vec::new());
            last = Some(row.family);
        }
        out.last_mut().unwrap().push(row.path.clone());
    }
    out
}

/// Unordered pairs of paths in one family.
pub fn pairs(rows: &[FamilyRow]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for family in families(rows) {
        for (n, a) in family.iter().enumerate() {
            for b in &family[n + 1..] {
                out.insert((a.min(b).clone(), a.max(b).clone()));
            }
        }
    }
    out
}

/// A date for sorting: undated after every date.
fn date_key(row: &FamilyRow) -> (bool, &str) {
    (row.date.is_none(), row.date.as_deref().unwrap_or(""))
}

/// The contract's shape: ids 1, 2, 3… in order, one block per family; two or more members;
/// families by size (largest first), ties by the first member's date; members by date (undated
/// last; within a day the longest first, which this cannot see); similarities in [0, 1], the
/// first member's 1; no path twice
/// (the tests write one article a file); dates `YYYY-MM-DD`.
pub fn assert_well_formed(rows: &[FamilyRow]) {
    let mut blocks: Vec<&[FamilyRow]> = Vec::new();
    let mut start = 0;
    for n in 1..=rows.len() {
        if n == rows.len() || rows[n].family != rows[start].family {
            blocks.push(&rows[start..n]);
            start = n;
        }
    }
    let paths: BTreeSet<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths.len(), rows.len(), "a path in two rows: {rows:#?}");
    for (n, block) in blocks.iter().enumerate() {
        let what = format!("family {} (block {})", block[0].family, n + 1);
        assert_eq!(
            block[0].family,
            n as u64 + 1,
            "{what}: ids are 1, 2, 3… in order"
        );
        assert!(block.len() >= 2, "{what} has one member: {block:?}");
        let first = &block[0];
        assert!(
            (first.similarity - 1.0).abs() < 1e-9,
            "{what}: the first member's similarity is {}",
            first.similarity
        );
        for row in *block {
            assert!(
                (0.0..=1.0).contains(&row.similarity),
                "{what}: similarity {} of {}",
                row.similarity,
                row.path
            );
            if let Some(date) = &row.date {
                assert!(
                    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() && date.len() == 10,
                    "{what}: date {date:?}"
                );
            }
        }
        for pair in block.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(
                date_key(a) <= date_key(b),
                "{what}: {} ({:?}) before {} ({:?})",
                a.path,
                a.date,
                b.path,
                b.date
            );
        }
    }
    for pair in blocks.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let key = |f: &[FamilyRow]| {
            let (undated, date) = date_key(&f[0]);
            (std::cmp::Reverse(f.len()), undated, date.to_owned())
        };
        assert!(
            key(a) <= key(b),
            "family {} ({} members, first {} {:?}) before family {} ({} members, first {} {:?})",
            a[0].family,
            a.len(),
            a[0].path,
            a[0].date,
            b[0].family,
            b.len(),
            b[0].path,
            b[0].date
        );
    }
}

/// The cells of a TSV or CSV table.
pub fn table(text: &str, format: &str) -> Vec<Vec<String>> {
    if format == "tsv" {
        text.lines()
            .map(|line| line.split('\t').map(str::to_owned).collect())
            .collect()
    } else {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }
}
