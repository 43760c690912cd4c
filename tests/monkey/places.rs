//! The monkey's dice and the paths it drops on the window.

use super::*;

/// splitmix64: a small, fixed, good-enough generator (no dependency).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True `percent` times in 100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn float(&mut self, low: f32, high: f32) -> f32 {
        let unit = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        low + (high - low) * unit
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index chosen with the given weights.
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut at = (self.next() % u64::from(total.max(1))) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if at < w {
                return i;
            }
            at -= w;
        }
        weights.len() - 1
    }
}

/// Paths to drop on the window.
pub(crate) struct Places {
    pub(crate) sample: PathBuf,
    pub(crate) sample_files: Vec<PathBuf>,
    pub(crate) empty: tempfile::TempDir,
    pub(crate) odd: tempfile::TempDir,
}

impl Places {
    pub(crate) fn new() -> Self {
        let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let mut sample_files = Vec::new();
        let mut folders = vec![sample.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    sample_files.push(path);
                }
            }
        }
        sample_files.sort();
        let empty = tempfile::tempdir().unwrap();
        let odd = tempfile::tempdir().unwrap();
        odd_folder(odd.path());
        Self {
            sample,
            sample_files,
            empty,
            odd,
        }
    }

    /// A path to drop, and what it is.
    pub(crate) fn pick(&self, rng: &mut Rng) -> (&'static str, PathBuf) {
        match rng.weighted(&[2, 6, 1, 1, 1, 2, 2, 8, 2, 1]) {
            0 => (
                "missing",
                PathBuf::from(format!("/nonexistent/monkey/{}", rng.below(100))),
            ),
            1 => ("a sample file", rng.pick(&self.sample_files).clone()),
            2 => ("not a folder", PathBuf::from("/etc/passwd/x")),
            3 => ("a device", PathBuf::from("/dev/null")),
            4 => ("an empty folder", self.empty.path().to_path_buf()),
            5 => ("the odd folder", self.odd.path().to_path_buf()),
            6 => ("an odd entry", self.odd.path().join(rng.pick(&ODD_ENTRIES))),
            7 => ("the sample folder", self.sample.clone()),
            8 => ("a sample sub-folder", self.sample.join("court-news")),
            _ => ("a missing file in the sample", self.sample.join("gone.txt")),
        }
    }
}

/// Entries of the odd folder a drop may name.
pub(crate) const ODD_ENTRIES: [&str; 7] = [
    "pipe.txt",
    "socket.txt",
    "gone.txt",
    "locked.txt",
    "sealed",
    "noise.txt",
    "story.txt",
];

/// A folder of odd entries: a FIFO, a socket and a dangling link named like articles, a link
/// loop, a file and a folder no one may read (root reads them anyway), binary noise, a name
/// that is not UTF-8, and one good article.
pub(crate) fn odd_folder(dir: &Path) {
    use std::os::unix::ffi::OsStrExt as _;
    use std::os::unix::fs::PermissionsExt as _;
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    write(
        "story.txt",
        "Harbour Story\n\nThe bridge over the harbour opened. Félix said: 盗まれた物は.".as_bytes(),
    );
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write("noise.txt", &noise);
    write("locked.txt", b"Locked\n\nNobody may read this.");
    std::fs::set_permissions(
        dir.join("locked.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::create_dir(dir.join("sealed")).unwrap();
    std::fs::write(dir.join("sealed/inside.txt"), "Inside\n\nSealed away.").unwrap();
    std::fs::set_permissions(dir.join("sealed"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("gone.txt")).unwrap();
    std::os::unix::fs::symlink(dir, dir.join("loop")).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff.txt");
    std::fs::write(
        dir.join(name),
        "Not UTF-8 Name\n\nThe file's name is Latin-1.",
    )
    .unwrap();
    // A socket and a FIFO named like articles.
    let socket = std::os::unix::net::UnixListener::bind(dir.join("socket.txt"));
    let fifo = make_fifo(&dir.join("pipe.txt"));
    if socket.is_err() || fifo.is_err() {
        println!("monkey: the odd folder has no socket or no FIFO");
    }
}

impl Drop for Places {
    /// Make the unreadable entries removable again (for a user other than root).
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt as _;
        for (name, mode) in [("sealed", 0o755), ("locked.txt", 0o644)] {
            let _ = std::fs::set_permissions(
                self.odd.path().join(name),
                std::fs::Permissions::from_mode(mode),
            );
        }
    }
}
