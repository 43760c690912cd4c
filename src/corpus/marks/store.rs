//! Where the marks of one folder are kept: a JSON file in the app's data folder (never in the
//! corpus folder), named after the folder like the catalog.
//!
//! Every commit takes an exclusive lock on a lock file beside it, reads the file as it is now,
//! applies this process's changes on top and writes the result to a temporary file, flushed to
//! the disk, that replaces the file by a rename; the version it replaces is kept as
//! `….marks.json.bak`. So a process killed at any moment leaves the old or the new version
//! whole, and two processes (two windows, a window and `tag`) that commit at once both keep
//! their changes.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::model::{ArticleKey, Change, Mark, Marks, TagDef};

/// The version of the file's layout.
pub const FORMAT: u32 = 1;

/// Why marks could not be read or kept.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file system refused.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file and its backup are both unreadable.
    #[error("the marks in {path} cannot be read ({problem}), nor their backup")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
}

fn io_error<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        what,
        path: path.to_owned(),
        source,
    }
}

/// The file as written.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    format: u32,
    /// The folder the marks belong to (to recognise it when it has moved).
    folder: String,
    codebook: Vec<TagDef>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    path: String,
    #[serde(default = "first", skip_serializing_if = "is_first")]
    article: u32,
    /// The content's fingerprint, hexadecimal.
    fp: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    star: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

fn first() -> u32 {
    1
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
fn is_first(n: &u32) -> bool {
    *n == 1
}

#[derive(serde::Deserialize)]
struct Whole {
    #[serde(flatten)]
    header: Header,
    articles: Vec<Entry>,
}

/// Write `marks` of `folder` as the file's bytes: the header, then one article a line.
pub fn encode(marks: &Marks, folder: &Path) -> Vec<u8> {
    let header = Header {
        format: FORMAT,
        folder: folder.to_string_lossy().into_owned(),
        codebook: marks.codebook.clone(),
    };
    let mut out = serde_json::to_vec(&header).unwrap_or_default();
    out.pop(); // the header's closing brace
    out.extend_from_slice(b",\"articles\":[");
    for (i, (key, mark)) in marks.articles.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        let entry = Entry {
            path: key.path.clone(),
            article: key.article,
            fp: format!("{:016x}", mark.fingerprint),
            tags: mark.tags.iter().cloned().collect(),
            star: mark.star,
            note: mark.note.clone(),
        };
        let _ = serde_json::to_writer(&mut out, &entry);
    }
    out.extend_from_slice(b"\n]}\n");
    out
}

/// Read a file's bytes: the marks and the folder they were made for.
pub fn decode(bytes: &[u8]) -> Result<(Marks, String), String> {
    let whole: Whole = serde_json::from_slice(bytes).map_err(|err| err.to_string())?;
    if whole.header.format != FORMAT {
        return Err(format!(
            "written in layout {} (this version reads {FORMAT})",
            whole.header.format
        ));
    }
    let mut marks = Marks {
        codebook: whole.header.codebook,
        articles: std::collections::BTreeMap::new(),
    };
    for entry in whole.articles {
        let fingerprint = u64::from_str_radix(&entry.fp, 16).map_err(|_| {
            format!(
                "fingerprint {:?} of {} is not a number",
                entry.fp, entry.path
            )
        })?;
        let mark = Mark {
            fingerprint,
            tags: entry.tags.into_iter().collect(),
            star: entry.star,
            note: entry.note,
        };
        if !mark.is_empty() {
            marks
                .articles
                .insert(ArticleKey::new(entry.path, entry.article), mark);
        }
    }
    Ok((marks, whole.header.folder))
}

/// What [`Store::load`] found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The marks (empty when there is no file yet).
    pub marks: Marks,
    /// The file was damaged and its backup was read instead: the problem.
    pub from_backup: Option<String>,
}

/// The marks file of one folder.
#[derive(Clone, Debug)]
pub struct Store {
    /// The file.
    pub path: PathBuf,
    /// The corpus folder it belongs to.
    pub folder: PathBuf,
}

/// The folder under `data_root` that holds every folder's marks.
pub fn marks_dir(data_root: &Path) -> PathBuf {
    data_root.join("marks")
}

/// The user's data folder for the app (`~/.local/share/corpus-explorer` on Linux).
pub fn default_data_root() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join("corpus-explorer"))
}

impl Store {
    /// The marks of `folder` (absolute) kept under `data_root`.
    pub fn in_root(data_root: &Path, folder: &Path) -> Self {
        let name = crate::corpus::catalog::cache_name(folder);
        Self {
            path: marks_dir(data_root).join(format!("{name}.marks.json")),
            folder: folder.to_owned(),
        }
    }

    /// The backup: the version before the last commit.
    pub fn backup_path(&self) -> PathBuf {
        with_suffix(&self.path, ".bak")
    }

    fn lock_path(&self) -> PathBuf {
        with_suffix(&self.path, ".lock")
    }

    /// True when the file exists.
    pub fn exists(&self) -> bool {
        self.path.is_file()
    }

    /// The file's length and modification time, to notice another process's commit.
    pub fn stamp(&self) -> Option<(u64, std::time::SystemTime)> {
        let metadata = fs::metadata(&self.path).ok()?;
        Some((metadata.len(), metadata.modified().ok()?))
    }

    /// Read the marks (no file: none yet). A damaged file falls back to its backup.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return self.load_backup("the file is missing".to_owned());
            }
            Err(err) => return Err(io_error("cannot read", &self.path)(err)),
        };
        match decode(&bytes) {
            Ok((marks, _)) => Ok(Loaded {
                marks,
                from_backup: None,
            }),
            Err(problem) => self.load_backup(problem),
        }
    }

    fn load_backup(&self, problem: String) -> Result<Loaded, StoreError> {
        let backup = self.backup_path();
        match fs::read(&backup) {
            Ok(bytes) => match decode(&bytes) {
                Ok((marks, _)) => Ok(Loaded {
                    marks,
                    from_backup: Some(problem),
                }),
                Err(backup_problem) => Err(StoreError::Damaged {
                    path: self.path.clone(),
                    problem: format!("{problem}; backup: {backup_problem}"),
                }),
            },
            // No file and no backup: nothing was ever marked.
            Err(_) if !self.path.exists() => Ok(Loaded::default()),
            Err(_) => Err(StoreError::Damaged {
                path: self.path.clone(),
                problem,
            }),
        }
    }

    /// Hold the lock for `f`: no other process commits meanwhile.
    pub fn locked<T>(&self, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io_error("cannot make the folder", dir))?;
        let lock_path = self.lock_path();
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error("cannot open the lock", &lock_path))?;
        lock.lock().map_err(io_error("cannot lock", &lock_path))?;
        let result = f();
        let _ = lock.unlock();
        result
    }

    /// Apply `changes` onto the marks on disk, write them if anything changed, and return
    /// them: this process's changes merged with every other process's.
    pub fn commit(&self, changes: &[Change]) -> Result<Marks, StoreError> {
        self.locked(|| {
            let loaded = self.load()?;
            let mut marks = loaded.marks;
            let mut changed = loaded.from_backup.is_some();
            for change in changes {
                changed |= marks.apply(change);
            }
            if changed {
                if loaded.from_backup.is_some() {
                    self.set_damaged_aside();
                }
                self.write(&marks)?;
            }
            Ok(marks)
        })
    }

    /// Keep a damaged file beside the marks instead of overwriting it.
    fn set_damaged_aside(&self) {
        let aside = with_suffix(&self.path, &format!(".damaged-{}", std::process::id()));
        let _ = fs::rename(&self.path, aside);
    }

    /// Write `marks` whole (call with the lock held): a temporary file flushed to the disk,
    /// the current version kept as the backup, then a rename.
    pub fn write(&self, marks: &Marks) -> Result<(), StoreError> {
        let bytes = encode(marks, &self.folder);
        let temp = with_suffix(&self.path, &format!(".tmp-{}", std::process::id()));
        let written = (|| {
            let mut file = File::create(&temp)?;
            file.write_all(&bytes)?;
            file.sync_all()
        })();
        if let Err(err) = written {
            let _ = fs::remove_file(&temp);
            return Err(io_error("cannot write", &temp)(err));
        }
        if self.path.exists() {
            let backup = self.backup_path();
            let backup_temp = with_suffix(&backup, ".tmp");
            let _ = fs::remove_file(&backup_temp);
            let kept = fs::hard_link(&self.path, &backup_temp)
                .or_else(|_| fs::copy(&self.path, &backup_temp).map(|_| ()))
                .and_then(|()| fs::rename(&backup_temp, &backup));
            if let Err(err) = kept {
                let _ = fs::remove_file(&temp);
                return Err(io_error("cannot keep the backup", &backup)(err));
            }
        }
        fs::rename(&temp, &self.path).map_err(io_error("cannot replace", &self.path))?;
        if let Some(dir) = self.path.parent()
            && let Ok(dir) = File::open(dir)
        {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The marks files under `data_root` whose folder no longer exists, with their marks: the
/// candidates when a folder with no marks of its own is opened (it may have moved).
pub fn orphans(data_root: &Path) -> Vec<(PathBuf, Marks, PathBuf)> {
    let Ok(entries) = fs::read_dir(marks_dir(data_root)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.to_string_lossy().ends_with(".marks.json") {
            continue;
        }
        let Ok(bytes) = fs::read(&path) else { continue };
        let Ok((marks, folder)) = decode(&bytes) else {
            continue;
        };
        let folder = PathBuf::from(folder);
        if !folder.is_dir() && !marks.articles.is_empty() {
            found.push((path, marks, folder));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagged(path: &str, tag: &str) -> Change {
        Change::Tag {
            key: ArticleKey::new(path, 1),
            fingerprint: 0xabc,
            tag: tag.to_owned(),
            on: true,
        }
    }

    #[test]
    fn a_commit_round_trips_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_root(dir.path(), Path::new("/corpora/news"));
        assert_eq!(store.load().unwrap().marks, Marks::default());
        store.commit(&[tagged("a.txt", "one")]).unwrap();
        let marks = store
            .commit(&[
                tagged("b.txt", "two"),
                Change::Note {
                    key: ArticleKey::new("b.txt", 3),
                    fingerprint: 1,
                    note: "line one\nline \"two\"".to_owned(),
                },
            ])
            .unwrap();
        assert_eq!(store.load().unwrap().marks, marks);
        assert_eq!(marks.articles.len(), 3);
        let (backup, _) = decode(&fs::read(store.backup_path()).unwrap()).unwrap();
        assert_eq!(backup.articles.len(), 1, "the backup is the version before");
    }

    #[test]
    fn a_damaged_file_falls_back_to_its_backup_and_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_root(dir.path(), Path::new("/corpora/news"));
        store.commit(&[tagged("a.txt", "one")]).unwrap();
        store.commit(&[tagged("b.txt", "one")]).unwrap();
        fs::write(&store.path, b"{\"format\":1,\"fol").unwrap();
        let loaded = store.load().unwrap();
        assert!(loaded.from_backup.is_some());
        assert_eq!(loaded.marks.articles.len(), 1);
        let marks = store.commit(&[tagged("c.txt", "one")]).unwrap();
        assert_eq!(marks.articles.len(), 2);
        assert_eq!(store.load().unwrap().from_backup, None);
        let aside = fs::read_dir(store.path.parent().unwrap())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".damaged-"));
        assert!(aside, "the damaged file is kept, not overwritten");
    }

    #[test]
    fn commits_from_many_threads_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_root(dir.path(), Path::new("/corpora/news"));
        std::thread::scope(|scope| {
            for t in 0..4 {
                let store = store.clone();
                scope.spawn(move || {
                    for i in 0..25 {
                        store
                            .commit(&[tagged(&format!("{t}-{i}.txt"), "x")])
                            .unwrap();
                    }
                });
            }
        });
        assert_eq!(store.load().unwrap().marks.articles.len(), 100);
    }
}
