//! Tags and notes from the command line: `tag`, `list`/`search --tag` and their `tags` and
//! `note` keys, `coding --export/--import`; and the store under stress: processes killed while
//! writing, two writers at once, a moved folder, a renamed file, a missing file.

// Tests fail loudly by design; a test reads as one story.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Setup {
    /// Holds the corpus folder (so that it can be moved).
    parent: tempfile::TempDir,
    folder: PathBuf,
    cache: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let parent = tempfile::tempdir().unwrap();
        let folder = parent.path().join("coverage");
        let setup = Self {
            folder,
            parent,
            cache: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        };
        write_corpus(&setup.folder);
        setup
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_corpus-explorer"));
        command
            .args(args)
            .env("XDG_CACHE_HOME", self.cache.path())
            .env("XDG_DATA_HOME", self.data.path());
        command
    }

    fn try_run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run corpus-explorer")
    }

    fn run(&self, args: &[&str]) -> (String, String) {
        let out = self.try_run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn folder(&self) -> &str {
        self.folder.to_str().unwrap()
    }

    /// `tag` with `args` after the folder; the number it printed.
    fn tag(&self, args: &[&str]) -> usize {
        let mut all = vec!["tag", self.folder()];
        all.extend_from_slice(args);
        let (stdout, _) = self.run(&all);
        let number = stdout.split_whitespace().next().unwrap();
        assert_eq!(stdout.trim_end(), format!("{number} articles changed"));
        number.parse().unwrap()
    }

    /// `list --format jsonl` with `args`: (path, tags, note) of each row.
    fn listed(&self, args: &[&str]) -> Vec<(String, Vec<String>, Option<String>)> {
        let mut all = vec!["list", self.folder(), "--format", "jsonl"];
        all.extend_from_slice(args);
        let (stdout, _) = self.run(&all);
        stdout
            .lines()
            .map(|line| {
                let row: serde_json::Value = serde_json::from_str(line).unwrap();
                let tags = row["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect();
                (
                    row["path"].as_str().unwrap().to_owned(),
                    tags,
                    row["note"].as_str().map(str::to_owned),
                )
            })
            .collect()
    }

    fn tagged(&self, tag: &str) -> Vec<String> {
        self.listed(&["--tag", tag])
            .into_iter()
            .map(|(path, _, _)| path)
            .collect()
    }
}

/// A Markdown story with front matter (`day` as YYYY-MM-DD).
fn story(title: &str, day: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {day}\n---\n\n{body}\n")
}

/// Five stories in two outlets, and a CSV file of three more.
fn write_corpus(root: &Path) {
    fs::create_dir_all(root.join("herald")).unwrap();
    fs::create_dir_all(root.join("courier")).unwrap();
    let stories = [
        (
            "herald/ferry.md",
            "Ferry Timetable Cut",
            "2024-03-12",
            "The island ferry will run twice a day from May, the harbour board said.",
        ),
        (
            "herald/bridge.md",
            "Bridge Inspection Passed",
            "2024-03-14",
            "Inspectors found the old steel bridge sound.",
        ),
        (
            "herald/port.md",
            "Port Dues Rise",
            "2023-04-02",
            "Harbour dues for fishing boats rise by a tenth.",
        ),
        (
            "courier/storm.md",
            "Storm Closes Port",
            "2024-01-09",
            "A storm closed the harbour for two days.",
        ),
        (
            "courier/school.md",
            "School Roof Repaired",
            "2024-05-03",
            "The village school has a new roof.",
        ),
    ];
    for (path, title, day, body) in stories {
        fs::write(root.join(path), story(title, day, body)).unwrap();
    }
    fs::write(
        root.join("courier/briefs.csv"),
        "title,date,text,source\n\
         Market Reopens,2024-02-01,The fish market reopens by the harbour.,Courier\n\
         Council Meets,2024-02-02,The council meets on Tuesday.,Courier\n\
         Lamp Replaced,2024-02-03,The harbour lamp was replaced.,Courier\n",
    )
    .unwrap();
}

#[test]
fn tag_selects_by_query_date_source_and_path_and_list_search_filter_by_tag() {
    let setup = Setup::new();
    // Every article has the keys, empty at first.
    let rows = setup.listed(&[]);
    assert_eq!(rows.len(), 8);
    assert!(
        rows.iter()
            .all(|(_, tags, note)| tags.is_empty() && note.is_none())
    );

    assert_eq!(setup.tag(&["harbour", "--add", "harbour"]), 5);
    assert_eq!(
        setup.tagged("harbour"),
        [
            "courier/briefs.csv",
            "courier/briefs.csv",
            "courier/storm.md",
            "herald/ferry.md",
            "herald/port.md"
        ]
    );
    assert_eq!(
        setup.tag(&["harbour", "--add", "harbour"]),
        0,
        "already tagged"
    );
    assert_eq!(
        setup.tag(&[
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
            "--add",
            "march"
        ]),
        2
    );
    assert_eq!(
        setup.tagged("march"),
        ["herald/bridge.md", "herald/ferry.md"]
    );
    assert_eq!(setup.tag(&["--source", "Courier", "--add", "wire"]), 3);
    // --path (as list prints it, or a path to the file) and --article.
    assert_eq!(
        setup.tag(&[
            "--path",
            "courier/briefs.csv",
            "--article",
            "2",
            "--add",
            "council"
        ]),
        1
    );
    let briefs = setup.folder.join("courier/briefs.csv");
    assert_eq!(
        setup.tag(&["--path", briefs.to_str().unwrap(), "--add", "briefs"]),
        3
    );
    let rows = setup.listed(&["--tag", "council"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, ["briefs", "council", "wire"]);
    // search --tag, with its rows' tags.
    let (stdout, _) = setup.run(&[
        "search",
        setup.folder(),
        "harbour",
        "--tag",
        "march",
        "--format",
        "jsonl",
    ]);
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["path"], "herald/ferry.md");
    assert_eq!(rows[0]["tags"], serde_json::json!(["harbour", "march"]));
    // Removing, from a selection.
    assert_eq!(
        setup.tag(&["--source", "Courier", "--remove", "harbour"]),
        2
    );
    assert_eq!(
        setup.tagged("harbour"),
        ["courier/storm.md", "herald/ferry.md", "herald/port.md"],
        "the Source is exact: the folder `courier` is not the outlet `Courier`"
    );
    // Mistakes are one line and change nothing.
    for (args, says) in [
        (vec!["--add", "a;b"], "`;`"),
        (
            vec!["--path", "nope.md", "--add", "x"],
            "no article nope.md",
        ),
        (vec!["--add", "x", "--remove", "y"], "cannot be used with"),
        (vec!["--article", "2", "--add", "x"], "--path"),
        (vec!["title:(", "--add", "x"], "invalid query"),
    ] {
        let mut all = vec!["tag", setup.folder()];
        all.extend_from_slice(&args);
        let out = setup.try_run(&all);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert!(setup.tagged("x").is_empty());
}

#[test]
fn a_coding_sheet_goes_out_and_comes_back_and_a_bad_one_changes_nothing() {
    let setup = Setup::new();
    setup.tag(&["--path", "herald/ferry.md", "--add", "relevant"]);
    let sheet = setup.parent.path().join("sheet.csv");
    setup.run(&[
        "coding",
        setup.folder(),
        "--export",
        sheet.to_str().unwrap(),
    ]);
    let text = fs::read_to_string(&sheet).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("path,article,date,title,source,tags,note")
    );
    assert_eq!(
        text.lines().count(),
        9,
        "a header and every article:\n{text}"
    );
    assert!(
        text.contains("herald/ferry.md,1,2024-03-12,Ferry Timetable Cut,herald,relevant,"),
        "{text}"
    );
    assert!(
        text.contains("courier/briefs.csv,3,2024-02-03,Lamp Replaced,Courier,,"),
        "{text}"
    );
    // A coder fills in the sheet: tags and a note with a comma, a quote and a line break.
    let coded = text
        .replace(
            "Lamp Replaced,Courier,,",
            "Lamp Replaced,Courier,frame: safety;relevant,\"says \"\"lamp\"\", twice\nsecond line\"",
        )
        .replace("School Roof Repaired,courier,,", "School Roof Repaired,courier,irrelevant,");
    fs::write(&sheet, coded).unwrap();
    let (stdout, _) = setup.run(&[
        "coding",
        setup.folder(),
        "--import",
        sheet.to_str().unwrap(),
    ]);
    assert_eq!(stdout.trim(), "4 changes merged");
    let rows = setup.listed(&["--tag", "relevant"]);
    let paths: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(paths, ["courier/briefs.csv", "herald/ferry.md"]);
    assert_eq!(rows[0].1, ["frame: safety", "relevant"]);
    assert_eq!(
        rows[0].2.as_deref(),
        Some("says \"lamp\", twice\nsecond line")
    );
    // The same sheet again changes nothing.
    let (stdout, _) = setup.run(&[
        "coding",
        setup.folder(),
        "--import",
        sheet.to_str().unwrap(),
    ]);
    assert_eq!(stdout.trim(), "0 changes merged");
    // A malformed sheet: exit non-zero, the line and the reason, nothing changed.
    let before = setup.listed(&[]);
    let bad = setup.parent.path().join("bad.csv");
    fs::write(
        &bad,
        "path,article,tags,note\nherald/bridge.md,1,new-tag,\nherald/gone.md,1,x,\n",
    )
    .unwrap();
    let out = setup.try_run(&["coding", setup.folder(), "--import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3: no article herald/gone.md"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(setup.listed(&[]), before);
}

/// The marks files of the setup's data folder.
fn marks_files(setup: &Setup) -> Vec<PathBuf> {
    let dir = setup.data.path().join("corpus-explorer/marks");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn marks_follow_a_moved_folder_and_a_renamed_file_and_a_missing_file_is_listed() {
    let mut setup = Setup::new();
    setup.tag(&["--path", "herald/ferry.md", "--add", "relevant"]);
    setup.tag(&["--path", "herald/bridge.md", "--add", "relevant"]);
    setup.tag(&["--path", "courier/school.md", "--add", "later"]);
    // Nothing is written into the corpus folder.
    let mut inside: Vec<String> = walk(&setup.folder);
    inside.sort();
    assert_eq!(inside.len(), 6, "{inside:?}");
    // The folder is moved (renamed).
    let moved = setup.parent.path().join("coverage-2024");
    fs::rename(&setup.folder, &moved).unwrap();
    setup.folder = moved;
    let (_, stderr) = setup.run(&["list", setup.folder()]);
    assert!(stderr.contains("carried over"), "{stderr}");
    assert_eq!(
        setup.tagged("relevant"),
        ["herald/bridge.md", "herald/ferry.md"]
    );
    // A file is renamed inside the folder; another file changes.
    fs::rename(
        setup.folder.join("herald/ferry.md"),
        setup.folder.join("herald/ferry-2024-03-12.md"),
    )
    .unwrap();
    fs::write(
        setup.folder.join("herald/port.md"),
        story("Port Dues Rise Again", "2023-04-03", "Dues rise."),
    )
    .unwrap();
    assert_eq!(
        setup.tagged("relevant"),
        ["herald/bridge.md", "herald/ferry-2024-03-12.md"]
    );
    // A tagged file disappears: listed as missing, its marks kept.
    let school = fs::read(setup.folder.join("courier/school.md")).unwrap();
    fs::remove_file(setup.folder.join("courier/school.md")).unwrap();
    let (_, stderr) = setup.run(&["list", setup.folder()]);
    assert!(
        stderr.contains("1 tagged or annotated articles are missing"),
        "{stderr}"
    );
    assert!(stderr.contains("courier/school.md"), "{stderr}");
    assert!(setup.tagged("later").is_empty());
    fs::write(setup.folder.join("courier/school.md"), school).unwrap();
    assert_eq!(setup.tagged("later"), ["courier/school.md"]);
}

fn walk(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(root).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path.to_string_lossy().into_owned());
        }
    }
    found
}

#[test]
fn two_writers_at_once_both_keep_their_work() {
    let setup = Setup::new();
    setup.run(&["list", setup.folder()]);
    for round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|i| {
                let tag = format!("r{round}-w{i}");
                setup
                    .command(&["tag", setup.folder(), "--add", &tag])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                "8 articles changed"
            );
        }
    }
    for (path, tags, _) in setup.listed(&[]) {
        assert_eq!(tags.len(), 12, "{path}: {tags:?}");
    }
}

#[test]
fn a_process_killed_while_writing_leaves_the_marks_whole() {
    let setup = Setup::new();
    // More articles, so that a write takes long enough to be interrupted.
    let many = setup.folder.join("many");
    fs::create_dir_all(&many).unwrap();
    for i in 0..400 {
        fs::write(
            many.join(format!("story-{i:03}.md")),
            story(
                &format!("Story {i}"),
                "2024-06-01",
                &format!("Harbour story number {i}."),
            ),
        )
        .unwrap();
    }
    setup.run(&["list", setup.folder()]);
    let mut finished = 0;
    for round in 0..12u64 {
        let tag = format!("t{round:02}");
        let mut child = setup
            .command(&["tag", setup.folder(), "--add", &tag])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill at a different moment each round (some rounds finish first).
        std::thread::sleep(std::time::Duration::from_millis(20 + round * 17));
        let _ = child.kill();
        let status = child.wait().unwrap();
        // Whatever happened, the marks read whole: every article has the same tags (each
        // `tag` changes all of them or none), and those are the finished rounds.
        let rows = setup.listed(&[]);
        let first = rows[0].1.clone();
        for (path, tags, _) in &rows {
            assert_eq!(tags, &first, "round {round}: {path}");
        }
        if status.success() {
            finished += 1;
            assert!(
                first.contains(&tag),
                "round {round}: a finished round is kept"
            );
        }
        assert!(first.len() >= finished, "round {round}: {first:?}");
    }
    // Nothing but the marks, their backup and the lock is left behind.
    for file in marks_files(&setup) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".marks.json")
                || name.ends_with(".bak")
                || name.ends_with(".lock")
                || name.contains(".tmp-"),
            "{name}"
        );
    }
}

#[test]
fn source_author_and_tag_fields_narrow_search_and_tag() {
    let setup = Setup::new();
    setup.tag(&["--path", "herald/ferry.md", "--add", "relevant"]);
    setup.tag(&[
        "--path",
        "courier/briefs.csv",
        "--article",
        "3",
        "--add",
        "relevant",
    ]);
    let search = |query: &str| -> Vec<(String, u64)> {
        let (stdout, _) = setup.run(&["search", setup.folder(), query, "--format", "jsonl"]);
        stdout
            .lines()
            .map(|l| {
                let row: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    row["title"].as_str().unwrap().to_owned(),
                    row["hits"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // Words and a field: the outlet's spellings are grouped (`courier` is the folder of two
    // files and the outlet of the CSV rows).
    assert_eq!(
        search("harbour source:Courier"),
        [
            ("Market Reopens".to_owned(), 1),
            ("Lamp Replaced".to_owned(), 1),
            ("Storm Closes Port".to_owned(), 1)
        ]
    );
    // Only fields: every article that has them, with no hits.
    assert_eq!(
        search("tag:relevant"),
        [
            ("Lamp Replaced".to_owned(), 0),
            ("Ferry Timetable Cut".to_owned(), 0)
        ]
    );
    assert_eq!(
        search("harbour -tag:relevant source:herald"),
        [("Port Dues Rise".to_owned(), 1)]
    );
    // `tag` selects with the fields too.
    assert_eq!(setup.tag(&["tag:relevant", "--add", "checked"]), 2);
    // A field with nothing after it, or inside parentheses, is refused.
    for (query, says) in [
        ("source:", "must be followed"),
        ("(tag:x harbour)", "outside the parentheses"),
    ] {
        let out = setup.try_run(&["search", setup.folder(), query]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{query}: {stderr}");
    }
}
