//! The messy folder: every encoding, line ending, name, nesting, link and special file.

use super::*;

// ---------------------------------------------------------------------------------------------
// The messy folder
// ---------------------------------------------------------------------------------------------

const HEADLINE: &str = "Zürich Café Sells a Naïve Espresso for €5";
const LEAD: &str = "The café in Zürich said the naïve price of €5 was fair.";
const SECOND: &str = "Customers disagreed.";

/// The story every encoded file tells, with `eol` as line break.
fn story(eol: &str) -> String {
    format!("{HEADLINE}{eol}{eol}{LEAD}{eol}{eol}{SECOND}{eol}")
}

/// The body the reader must show for [`story`], whatever the encoding and line breaks.
fn story_body() -> String {
    format!("{LEAD}\n\n{SECOND}")
}

fn encodings(folder: &mut Folder) {
    let body = story_body();
    let body = [body.as_str(), "Zürich", "naïve", "€5", "café"];
    let mut add = |name: &str, bytes: Vec<u8>, text: &str, encoding: &'static str| {
        folder.article(
            format!("encodings/{name}"),
            bytes,
            text,
            HEADLINE,
            encoding,
            &body,
        );
    };
    for (name, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let text = story(eol);
        add(
            &format!("utf8-{name}.txt"),
            text.clone().into_bytes(),
            &text,
            "UTF-8",
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        add(&format!("utf8-bom-{name}.txt"), bom, &text, "UTF-8");
        add(
            &format!("windows-1252-{name}.txt"),
            windows_1252(&text),
            &text,
            "windows-1252",
        );
        for (little, endian) in [(Endian::Little, "le"), (Endian::Big, "be")] {
            add(
                &format!("utf16{endian}-bom-{name}.txt"),
                utf16(&text, little, true),
                &text,
                if little == Endian::Little {
                    "UTF-16LE"
                } else {
                    "UTF-16BE"
                },
            );
            add(
                &format!("utf16{endian}-no-bom-{name}.txt"),
                utf16(&text, little, false),
                &text,
                if little == Endian::Little {
                    "UTF-16LE"
                } else {
                    "UTF-16BE"
                },
            );
        }
    }
    // All three line breaks in one file.
    let text = format!("{HEADLINE}\r\n\n{LEAD}\r\r{SECOND}\n");
    add(
        "utf8-mixed-line-breaks.txt",
        text.clone().into_bytes(),
        &text,
        "UTF-8",
    );

    // Mixed encodings. Mostly UTF-8 with one Windows-1252 byte: stays UTF-8, the stray byte
    // shows as U+FFFD and the accents stay right.
    let text = story("\n");
    let mut bytes = text.clone().into_bytes();
    bytes.extend_from_slice(b"Stray byte: caf\xe9.\n");
    folder.article(
        "encodings/mixed-mostly-utf8.txt",
        bytes,
        &format!("{text}Stray byte: café.\n"),
        HEADLINE,
        "UTF-8",
        &[LEAD, "Stray byte: caf\u{fffd}."],
    );
    // Mostly Windows-1252 with one UTF-8 sequence: read as Windows-1252, so the accents are
    // right and the UTF-8 euro sign shows as the three characters its bytes are in 1252.
    let text = story("\r\n");
    let mut bytes = windows_1252(&text);
    bytes.extend_from_slice("Price in UTF-8: €5.\r\n".as_bytes());
    folder.article(
        "encodings/mixed-mostly-windows-1252.txt",
        bytes,
        &format!("{text}Price in UTF-8: €5.\r\n"),
        HEADLINE,
        "windows-1252",
        &[LEAD, "Price in UTF-8: â‚¬5."],
    );

    // Larger than the whole-read limit: streamed, chunk by chunk, in a multi-byte encoding (a
    // character or a word may straddle two chunks).
    let paragraph = "Le café de Zürich reste ouvert: «naïve» ou pas, l’espresso coûte €5.\r\n";
    let repeats = usize::try_from(WHOLE_READ_MAX_BYTES).unwrap()
        / utf16(paragraph, Endian::Little, false).len()
        + 7;
    let text = format!("{HEADLINE}\r\n\r\n{}", paragraph.repeat(repeats));
    let expect = Expect::Article {
        title: HEADLINE.to_owned(),
        encoding: "UTF-16LE",
        words: words(&text),
        body: vec!["Le café de Zürich reste ouvert: «naïve» ou pas".to_owned()],
        truncated: true,
    };
    let bytes = utf16(&text, Endian::Little, true);
    assert!(bytes.len() as u64 > WHOLE_READ_MAX_BYTES);
    folder.file("encodings/streamed-utf16le.txt", bytes, expect);
    let repeats =
        usize::try_from(WHOLE_READ_MAX_BYTES).unwrap() / windows_1252(paragraph).len() + 7;
    let text = format!("{HEADLINE}\r\n\r\n{}", paragraph.repeat(repeats));
    let expect = Expect::Article {
        title: HEADLINE.to_owned(),
        encoding: "windows-1252",
        words: words(&text),
        body: vec!["Le café de Zürich reste ouvert: «naïve» ou pas".to_owned()],
        truncated: true,
    };
    let bytes = windows_1252(&text);
    assert!(bytes.len() as u64 > WHOLE_READ_MAX_BYTES);
    folder.file("encodings/streamed-windows-1252.txt", bytes, expect);
}

fn empty_binary_and_ignored(folder: &mut Folder) {
    folder.skipped("empty/empty.txt", "", SkipReason::Empty);
    folder.skipped("empty/EMPTY.TXT", "", SkipReason::Empty);
    for format in ["json", "jsonl", "ndjson", "csv", "tsv", "md", "docx"] {
        folder.skipped(format!("empty/empty.{format}"), "", SkipReason::Empty);
    }
    folder.skipped("empty/blank.txt", " \n\t\r\n  \r", SkipReason::Blank);
    folder.skipped("empty/bom-only.txt", b"\xEF\xBB\xBF", SkipReason::Blank);
    folder.skipped("empty/utf16-bom-only.txt", b"\xFF\xFE", SkipReason::Blank);
    folder.skipped(
        "empty/utf16-spaces.txt",
        utf16(" \r\n ", Endian::Little, true),
        SkipReason::Blank,
    );

    let mut rng = Rng(0x5eed_1234_5678_9abc);
    folder.skipped(
        "binary/image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
        SkipReason::Binary,
    );
    folder.skipped(
        "binary/program.txt",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0",
        SkipReason::Binary,
    );
    folder.skipped("binary/random.txt", rng.bytes(4096), SkipReason::Binary);
    let mut nul = story("\n").into_bytes();
    nul.extend_from_slice(b"\0\0\0\0");
    nul.extend_from_slice(story("\n").as_bytes());
    folder.skipped("binary/nul-bytes-in-text.txt", nul, SkipReason::Binary);
    folder.skipped(
        "binary/control-characters.txt",
        [1u8, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16].repeat(40),
        SkipReason::Binary,
    );
    // Larger than the whole-read limit: the streaming reader must say binary too.
    let big = usize::try_from(WHOLE_READ_MAX_BYTES).unwrap() + 4096;
    folder.skipped("binary/big-random.txt", rng.bytes(big), SkipReason::Binary);
    // A ZIP archive named `.txt`.
    folder.skipped(
        "binary/archive.txt",
        b"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0",
        SkipReason::Binary,
    );

    folder.ignored("ignored/notes.md", "# Notes\n\nA note, not an article.\n");
    folder.ignored("ignored/photo.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF");
    folder.ignored("ignored/Makefile", "all:\n\ttrue\n");
    folder.ignored("ignored/archive.tar.gz", b"\x1f\x8b\x08\0");
    folder.ignored("ignored/article.txt.bak", story("\n"));
    folder.ignored("ignored/txt", story("\n"));
    folder.ignored("ignored/.DS_Store", b"\0\0\0\x01Bud1");
    folder.ignored(".hidden.txt", story("\n"));
    // Inside hidden folders: not entered, so not seen at all.
    fs::write(folder.path(".git/HEAD.txt"), story("\n")).unwrap();
    fs::write(folder.path(".git/objects/ab/cdef.txt"), story("\n")).unwrap();
    fs::write(folder.path("ignored/.cache/article.txt"), story("\n")).unwrap();
}

fn names(folder: &mut Folder) {
    let bytes = |b: &[u8]| PathBuf::from(OsStr::from_bytes(b));
    let names: Vec<(PathBuf, &str)> = vec![
        ("names/with spaces in the name.txt".into(), "spaces"),
        (
            "names/  leading and trailing spaces  .txt".into(),
            "outer spaces",
        ),
        ("names/Zürich café naïve €.txt".into(), "precomposed"),
        ("names/Zu\u{308}rich decomposed.txt".into(), "decomposed"),
        ("names/日本語の記事.txt".into(), "Japanese"),
        ("names/📰 newspaper.txt".into(), "emoji"),
        (
            "names/line\nbreak and\ttab.txt".into(),
            "control characters",
        ),
        ("names/back\\slash.txt".into(), "backslash"),
        ("names/caf\u{fffd} replacement.txt".into(), "a real U+FFFD"),
        (format!("names/{}.txt", "n".repeat(251)).into(), "255 bytes"),
        (format!("names/{}.TXT", "Ü".repeat(125)).into(), "254 bytes"),
        // Bytes that are not UTF-8: Latin-1 names; two that look the same once shown with
        // U+FFFD, and one that also has a real U+FFFD.
        (bytes(b"names/caf\xe9 replacement.txt"), "Latin-1 e acute"),
        (bytes(b"names/caf\xe8 replacement.txt"), "Latin-1 e grave"),
        (bytes(b"names/cut short \xe2\x82.txt"), "truncated sequence"),
        (bytes(b"names/\xff\xfe folder/inside.txt"), "invalid folder"),
        (
            bytes(b"names/\xff\xfe folder/caf\xe9.txt"),
            "invalid folder and name",
        ),
    ];
    for (rel, label) in names {
        folder.simple_article(rel, label);
    }
    // A folder named like an article.
    folder.simple_article("names/folder.txt/inside.txt", "a folder named .txt");
}

fn nesting(folder: &mut Folder) {
    let mut deep = PathBuf::from("deep");
    for level in 1..=100 {
        deep.push(format!("level-{level:03}"));
        if level == 50 {
            folder.simple_article(deep.join("middle.txt"), "level 50");
        }
    }
    folder.simple_article(deep.join("deepest.txt"), "level 100");
}

fn links_and_special_files(folder: &mut Folder, outside: &Path) {
    let root = folder.root.clone();
    folder.simple_article("links/target.txt", "the link target");
    symlink("target.txt", folder.path("links/alias.txt")).unwrap();
    folder.expect(
        "links/alias.txt",
        folder.expected[Path::new("links/target.txt")].clone(),
    );
    // Loops: to the root, to the parent, to itself, and two links to each other.
    symlink(&root, folder.path("links/to-root")).unwrap();
    folder.expect("links/to-root", Expect::Skipped(SkipReason::LinkLoop));
    symlink("..", folder.path("links/up")).unwrap();
    folder.expect("links/up", Expect::Skipped(SkipReason::LinkLoop));
    symlink("self.txt", folder.path("links/self.txt")).unwrap();
    folder.expect("links/self.txt", Expect::Skipped(SkipReason::LinkLoop));
    symlink("pong.txt", folder.path("links/ping.txt")).unwrap();
    symlink("ping.txt", folder.path("links/pong.txt")).unwrap();
    folder.expect("links/ping.txt", Expect::Skipped(SkipReason::LinkLoop));
    folder.expect("links/pong.txt", Expect::Skipped(SkipReason::LinkLoop));
    // Dangling: to a file, to a folder.
    symlink("missing.txt", folder.path("links/dangling.txt")).unwrap();
    folder.expect(
        "links/dangling.txt",
        Expect::Skipped(SkipReason::BrokenLink),
    );
    symlink("no-such-folder", folder.path("links/dangling-folder")).unwrap();
    folder.expect(
        "links/dangling-folder",
        Expect::Skipped(SkipReason::BrokenLink),
    );
    // To a folder outside the root, which holds an article and a link back to the root.
    fs::write(
        outside.join("outside.txt"),
        "Headline for outside\n\nThe body of outside, a naïve café.\n",
    )
    .unwrap();
    symlink(&root, outside.join("back")).unwrap();
    symlink(outside, folder.path("links/outside")).unwrap();
    let outside_text = fs::read_to_string(outside.join("outside.txt")).unwrap();
    folder.expect(
        "links/outside/outside.txt",
        Expect::Article {
            title: "Headline for outside".to_owned(),
            encoding: "UTF-8",
            words: words(&outside_text),
            body: vec!["The body of outside, a naïve café.".to_owned()],
            truncated: false,
        },
    );
    folder.expect("links/outside/back", Expect::Skipped(SkipReason::LinkLoop));
    // To an empty file.
    symlink("../empty/empty.txt", folder.path("links/to-empty.txt")).unwrap();
    folder.expect("links/to-empty.txt", Expect::Skipped(SkipReason::Empty));

    // FIFOs: named like articles (skipped, never opened), like other files (ignored), hidden
    // (ignored), and reached through a link.
    let fifos = [
        "special/pipe.txt",
        "special/pipe.md",
        "special/pipe.json",
        "special/pipe.csv",
        "special/pipe.log",
        "special/.gitignore",
        "special/.ignore",
    ];
    for rel in fifos {
        make_fifo(&folder.path(rel)).unwrap();
    }
    for rel in fifos {
        let article_extension = [".txt", ".md", ".json", ".csv"]
            .iter()
            .any(|ext| rel.ends_with(ext));
        folder.expect(
            rel,
            if article_extension {
                Expect::Skipped(SkipReason::NotRegularFile)
            } else {
                Expect::Ignored
            },
        );
    }
    symlink("pipe.txt", folder.path("special/link-to-pipe.txt")).unwrap();
    folder.expect(
        "special/link-to-pipe.txt",
        Expect::Skipped(SkipReason::NotRegularFile),
    );
    let socket = std::os::unix::net::UnixListener::bind(folder.path("special/socket.txt"));
    drop(socket.unwrap());
    folder.expect(
        "special/socket.txt",
        Expect::Skipped(SkipReason::NotRegularFile),
    );
}

#[test]
fn every_file_of_a_messy_folder_is_an_article_skipped_or_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let mut folder = Folder::new(dir.path());
    folder.simple_article("plain.txt", "a plain article");
    encodings(&mut folder);
    empty_binary_and_ignored(&mut folder);
    names(&mut folder);
    nesting(&mut folder);
    links_and_special_files(&mut folder, outside.path());
    assert!(folder.count(|e| matches!(e, Expect::Article { .. })) > 40);

    let before = (snapshot(dir.path()), snapshot(outside.path()));
    // Every entry made is registered: counted on disk, outside hidden folders (not entered),
    // and with the link to the outside folder replaced by the two entries found through it.
    let on_disk = before
        .0
        .iter()
        .filter(|(path, (entry, _))| {
            let rel = path.strip_prefix(dir.path()).unwrap();
            let in_hidden_folder = rel.parent().is_some_and(|parent| {
                parent
                    .components()
                    .any(|c| c.as_os_str().as_bytes().starts_with(b"."))
            });
            *entry != Entry::Folder && !in_hidden_folder
        })
        .count();
    assert_eq!(on_disk - 1 + 2, folder.expected.len());

    let corpus = scan_within_deadline(dir.path(), ScanOptions::default());
    let after_scan = (snapshot(dir.path()), snapshot(outside.path()));
    assert_unchanged(&before.0, &after_scan.0, "by the scan");
    assert_unchanged(&before.1, &after_scan.1, "by the scan (outside)");

    // `check` loads every article's body.
    check(&corpus, &folder.expected);
    assert_eq!(corpus.summary.unwrap().hidden_folders, 2, ".git, .cache");
    let after_bodies = (snapshot(dir.path()), snapshot(outside.path()));
    assert_unchanged(&before.0, &after_bodies.0, "by reading the bodies");
    assert_unchanged(
        &before.1,
        &after_bodies.1,
        "by reading the bodies (outside)",
    );

    // The same folder with one thread and without modification times: the same outcome.
    let options = ScanOptions {
        threads: 1,
        modified_times: false,
        ..ScanOptions::default()
    };
    let again = scan_within_deadline(dir.path(), options);
    assert_totals_add_up(&again);
    assert_eq!(again.progress, corpus.progress);
    assert_eq!(again.skipped, corpus.skipped);
    let titles = |c: &Corpus| {
        c.articles
            .iter()
            .map(|a| (a.fs_path().into_owned(), a.title.clone(), a.words))
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(titles(&again), titles(&corpus));
    assert_unchanged(&before.0, &snapshot(dir.path()), "by the second scan");
}
