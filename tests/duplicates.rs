//! `duplicates`: story families (near-duplicate articles). A planted-variant benchmark
//! (`benches/support/variants_gen.rs`: English news articles on shared topics, stories with
//! exact copies, re-wrapped and re-formatted copies, new headlines, trimmed, edited, extended
//! and re-ordered copies and combinations, and many distinct articles on the same topics) is
//! scored pairwise at the default threshold; small folders check identical and text-identical
//! files across formats, the TSV/CSV/JSON Lines tables, the order of families and members,
//! `--threshold`, broken files, tiny articles, paths as `list` prints them, and the cache.

// Tests fail loudly by design; a test reads as one story.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::BTreeSet;
use std::time::Instant;

#[path = "../benches/support/variants_gen.rs"]
#[allow(dead_code)] // Shared with examples/duplicates_quality.rs, which uses less of it.
mod variants_gen;

#[path = "duplicates_support/folder.rs"]
mod folder;

use folder::{Folder, families, pairs, table};
use variants_gen::text::Article;
use variants_gen::{Config, Kind, Style, edited_copy, eval, generate, jaccard, topic_articles};

/// The benchmark: 200 stories (about 530 variants) and 600 distinct articles on 40 topics, at
/// the default threshold: pairwise precision and recall, and recall per kind of variant.
#[test]
fn planted_variants_are_found_and_distinct_articles_are_not() {
    let folder = Folder::new();
    let started = Instant::now();
    let truth = generate(folder.path(), &Config::new(200, 600, 2024)).unwrap();
    let generated = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let rows = folder.rows(&[]);
    let ran = started.elapsed().as_secs_f64();
    let scores = eval::evaluate(&truth, &rows);
    let report = scores.report();
    println!("generated in {generated:.1} s, duplicates ran in {ran:.1} s\n{report}");
    assert!(scores.unknown.is_empty(), "{report}");
    assert!(
        scores.precision() >= 0.98,
        "pairwise precision below 0.98\n{report}"
    );
    assert!(
        scores.recall() >= 0.95,
        "pairwise recall below 0.95\n{report}"
    );
    for kind in Kind::VARIANTS {
        let floor = match kind {
            Kind::Exact | Kind::Text | Kind::Headline | Kind::Swapped => 0.99,
            Kind::Added => 0.95,
            _ => 0.9,
        };
        let score = scores.kind(kind);
        assert!(
            score.true_pairs >= 20,
            "too few {} variants\n{report}",
            kind.name()
        );
        assert!(
            score.recall() >= floor,
            "recall of {} below {floor}\n{report}",
            kind.name()
        );
    }
    // Byte-identical and text-identical copies of the family's first member have similarity 1.
    let by_path: std::collections::HashMap<&str, &variants_gen::Planted> =
        truth.iter().map(|p| (p.path.as_str(), p)).collect();
    for family in families(&rows) {
        let first = by_path[family[0].as_str()];
        for row in rows.iter().filter(|r| family.contains(&r.path)) {
            let planted = by_path[row.path.as_str()];
            let copy_of_first = first.kind == Kind::Original
                && planted.story == first.story
                && matches!(planted.kind, Kind::Exact | Kind::Text);
            if copy_of_first {
                assert!(
                    (row.similarity - 1.0).abs() < 1e-9,
                    "{} is a copy of {} but has similarity {}",
                    row.path,
                    first.path,
                    row.similarity
                );
            }
        }
    }
}

/// Three byte-identical files in different folders (dated the same day) are one family, in
/// path order, each with similarity 1; other articles on the same topic are in no family.
#[test]
fn identical_files_are_one_family() {
    let articles = topic_articles(11, 8);
    let folder = Folder::new();
    for (n, article) in articles[1..].iter().enumerate() {
        let date = format!("2024-03-{:02}", n + 1);
        folder.article(&format!("other/{n}.txt"), article, &date, Style::Blank);
    }
    for rel in [
        "wire/copy.txt",
        "b-herald/2024/story.txt",
        "a-courier/story.txt",
    ] {
        folder.article(rel, &articles[0], "2024-03-04", Style::Blank);
    }
    let rows = folder.rows(&[]);
    let expected = [
        "a-courier/story.txt",
        "b-herald/2024/story.txt",
        "wire/copy.txt",
    ];
    assert_eq!(
        families(&rows),
        vec![expected.map(str::to_owned).to_vec()],
        "{rows:#?}"
    );
    for row in &rows {
        assert_eq!(row.family, 1);
        assert_eq!(row.date.as_deref(), Some("2024-03-04"));
        assert_eq!(row.title, articles[0].headline);
        assert!((row.similarity - 1.0).abs() < 1e-9, "{row:?}");
    }
}

/// The same text as plain text, hard-wrapped plain text, one paragraph a line, a JSON Lines
/// record and a news-please JSON file: one family, every member similarity 1.
#[test]
fn text_identical_articles_in_other_formats_are_one_family() {
    let articles = topic_articles(12, 6);
    let a = &articles[0];
    let folder = Folder::new();
    folder.article("one/story.txt", a, "2024-05-01", Style::Blank);
    folder.article("two/story.txt", a, "2024-05-02", Style::Wrapped(72));
    folder.article("three/story.txt", a, "2024-05-02", Style::Lines);
    folder.article("four/feed.jsonl", a, "2024-05-03", Style::Jsonl);
    let news_please = serde_json::json!({
        "title": a.headline,
        "maintext": a.paragraphs.join("\n\n"),
        "date_publish": "2024-05-04 08:30:00",
        "source_domain": "example.org",
    });
    folder.write("five/story.json", news_please.to_string());
    for (n, other) in articles[1..].iter().enumerate() {
        folder.article(&format!("other/{n}.txt"), other, "2024-05-01", Style::Blank);
    }
    let rows = folder.rows(&[]);
    let expected = [
        "one/story.txt",
        "three/story.txt",
        "two/story.txt",
        "four/feed.jsonl",
        "five/story.json",
    ];
    assert_eq!(
        families(&rows),
        vec![expected.map(str::to_owned).to_vec()],
        "{rows:#?}"
    );
    for row in &rows {
        assert!((row.similarity - 1.0).abs() < 1e-9, "{row:?}");
        assert_eq!(row.title, a.headline);
    }
}

/// Distinct articles only (same topic, shared names, quotes and stock phrases): exit 0, no rows;
/// TSV and CSV print their header alone.
#[test]
fn no_families_no_rows() {
    let folder = Folder::new();
    for (n, article) in topic_articles(13, 12).iter().enumerate() {
        let date = format!("2024-06-{:02}", n + 1);
        folder.article(
            &format!("outlet-{}/{n}.txt", n % 3),
            article,
            &date,
            Style::Blank,
        );
    }
    assert_eq!(folder.stdout(&["--format", "jsonl"]), "");
    assert_eq!(
        folder.stdout(&[]),
        "family\tpath\tdate\ttitle\tsimilarity\n"
    );
    assert_eq!(
        folder.stdout(&["--format", "tsv"]),
        "family\tpath\tdate\ttitle\tsimilarity\n"
    );
    let csv = folder.stdout(&["--format", "csv"]);
    assert_eq!(
        csv.trim_end_matches(['\r', '\n']),
        "family,path,date,title,similarity"
    );
}

/// TSV, CSV and JSON Lines hold the same rows; CSV quotes a title with a comma and a quote; an
/// undated member has a null date (empty in TSV and CSV) and comes last.
#[test]
fn the_three_formats_agree() {
    let articles = topic_articles(14, 5);
    let mut a = articles[0].clone();
    a.headline = "Council, Unions Reach \"Final\" Deal on Ferry Pay".to_owned();
    let b = edited_copy(&articles[1], 0.02, 1);
    let folder = Folder::new();
    folder.article("x/a.txt", &a, "2024-02-10", Style::Blank);
    folder.article("y/a.txt", &a, "2024-02-11", Style::Blank);
    folder.undated("z/a-undated.txt", &a);
    folder.article("x/b.txt", &articles[1], "2024-02-01", Style::Blank);
    folder.article("y/b.jsonl", &b, "2024-02-03", Style::Jsonl);
    for (n, other) in articles[2..].iter().enumerate() {
        folder.article(&format!("other/{n}.txt"), other, "2024-02-05", Style::Blank);
    }
    let rows = folder.rows(&[]);
    let got = families(&rows);
    assert_eq!(got.len(), 2, "{rows:#?}");
    assert_eq!(
        got[0],
        ["x/a.txt", "y/a.txt", "z/a-undated.txt"],
        "{rows:#?}"
    );
    assert_eq!(got[1], ["x/b.txt", "y/b.jsonl"], "{rows:#?}");
    assert_eq!(rows[2].date, None, "the undated member: {:?}", rows[2]);
    assert_eq!(rows[0].title, a.headline);
    for format in ["tsv", "csv"] {
        let text = folder.stdout(&["--format", format]);
        let cells = table(&text, format);
        assert_eq!(
            cells[0],
            ["family", "path", "date", "title", "similarity"],
            "{format} header"
        );
        assert_eq!(cells.len(), rows.len() + 1, "{format}:\n{text}");
        for (cells, row) in cells[1..].iter().zip(&rows) {
            assert_eq!(cells.len(), 5, "{format}: {cells:?}");
            assert_eq!(
                cells[0].parse::<u64>().ok(),
                Some(row.family),
                "{format}: {cells:?}"
            );
            assert_eq!(cells[1], row.path, "{format}");
            assert_eq!(cells[2], row.date.clone().unwrap_or_default(), "{format}");
            assert_eq!(cells[3], row.title, "{format}");
            let similarity: f64 = cells[4].parse().unwrap();
            assert!(
                (similarity - row.similarity).abs() < 1e-6,
                "{format}: {cells:?} {row:?}"
            );
        }
    }
    let csv = folder.stdout(&["--format", "csv"]);
    assert!(
        csv.contains(",\"Council, Unions Reach \"\"Final\"\" Deal on Ferry Pay\","),
        "the title quoted as RFC 4180 says:\n{csv}"
    );
    let tsv = folder.stdout(&[]);
    assert!(
        tsv.lines()
            .nth(3)
            .unwrap()
            .starts_with("1\tz/a-undated.txt\t\t"),
        "the undated member's date is empty in TSV:\n{tsv}"
    );
}

/// Families of 4, 3, 2 and 2 members (dates out of path order, an undated member): largest
/// first, ties by the first member's date; members by date (the same text on one day: by path),
/// undated last; ids 1–4.
#[test]
fn families_and_members_are_in_order() {
    let articles = topic_articles(15, 8);
    let folder = Folder::new();
    let write = |rel: &str, n: usize, date: Option<&str>| match date {
        Some(date) => folder.article(rel, &articles[n], date, Style::Blank),
        None => folder.undated(rel, &articles[n]),
    };
    // Two of two: the one whose first member is earlier comes first.
    write("a/late-pair.txt", 0, Some("2024-07-20"));
    write("b/late-pair.txt", 0, Some("2024-07-21"));
    write("z/early-pair.txt", 1, Some("2024-07-02"));
    write("a/early-pair.txt", 1, Some("2024-07-03"));
    // Three, one undated.
    write("c/three.txt", 2, Some("2024-07-09"));
    write("a/three.txt", 2, None);
    write("b/three.txt", 2, Some("2024-07-08"));
    // Four, two on one day.
    write("d/four.txt", 3, Some("2024-07-15"));
    write("c/four.txt", 3, Some("2024-07-15"));
    write("b/four.txt", 3, Some("2024-07-14"));
    write("a/four.txt", 3, Some("2024-07-16"));
    for n in 4..8 {
        write(&format!("other/{n}.txt"), n, Some("2024-07-01"));
    }
    let rows = folder.rows(&[]);
    let expected: Vec<Vec<&str>> = vec![
        vec!["b/four.txt", "c/four.txt", "d/four.txt", "a/four.txt"],
        vec!["b/three.txt", "c/three.txt", "a/three.txt"],
        vec!["z/early-pair.txt", "a/early-pair.txt"],
        vec!["a/late-pair.txt", "b/late-pair.txt"],
    ];
    assert_eq!(families(&rows), expected, "{rows:#?}");
    let ids: Vec<u64> = rows.iter().map(|r| r.family).collect();
    assert_eq!(ids, [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4]);
}

/// An article, a copy with about a third of its shingles changed (kept at the default
/// threshold) and a copy with one word changed: a higher threshold drops the first copy, keeps
/// the second, and never adds a pair; thresholds outside (0, 1] are refused.
#[test]
fn threshold_narrows_families() {
    let articles = topic_articles(16, 8);
    let original = &articles[0];
    let (edited, j) = (1..200)
        .map(|seed| {
            let copy = edited_copy(original, 0.04 + (seed % 7) as f64 * 0.01, seed);
            let j = jaccard(original, &copy);
            (copy, j)
        })
        .find(|(_, j)| (0.62..=0.7).contains(j))
        .expect("an edited copy with Jaccard 0.62–0.7");
    let mut near = original.clone();
    let mut words: Vec<&str> = original.paragraphs[3].split(' ').collect();
    words[4] = "indeed";
    near.paragraphs[3] = words.join(" ");
    let near_j = jaccard(original, &near);
    assert!(near_j > 0.97, "{near_j}");
    let folder = Folder::new();
    folder.article("a/original.txt", original, "2024-08-01", Style::Blank);
    folder.article("b/edited.txt", &edited, "2024-08-02", Style::Blank);
    folder.article("c/near.txt", &near, "2024-08-02", Style::Blank);
    folder.article("d/exact.txt", original, "2024-08-03", Style::Blank);
    // Another family, of lower similarity, and distinct articles.
    let other = edited_copy(&articles[1], 0.04, 3);
    folder.article("a/other.txt", &articles[1], "2024-08-05", Style::Blank);
    folder.article("b/other.txt", &other, "2024-08-06", Style::Blank);
    for (n, article) in articles[2..].iter().enumerate() {
        folder.article(&format!("x/{n}.txt"), article, "2024-08-04", Style::Blank);
    }
    let all = [
        "a/original.txt",
        "b/edited.txt",
        "c/near.txt",
        "d/exact.txt",
    ];
    let default = folder.rows(&[]);
    assert_eq!(
        families(&default)[0],
        all,
        "Jaccard of the edited copy {j:.3}: {default:#?}"
    );
    let high = folder.rows(&["--threshold", "0.88"]);
    let first = &families(&high)[0];
    assert_eq!(
        first,
        &["a/original.txt", "c/near.txt", "d/exact.txt"],
        "{high:#?}"
    );
    let mut last = pairs(&default);
    for t in ["0.05", "0.3", "0.5", "0.75", "0.88", "0.95", "1"] {
        let rows = folder.rows(&["--threshold", t]);
        let now = pairs(&rows);
        if t != "0.05" {
            let new: Vec<_> = now.difference(&last).collect();
            assert!(new.is_empty(), "--threshold {t} adds pairs {new:?}");
        }
        assert!(
            now.contains(&("a/original.txt".to_owned(), "d/exact.txt".to_owned())),
            "--threshold {t} loses the exact copy: {rows:#?}"
        );
        last = now;
    }
    let one = folder.rows(&["--threshold", "1"]);
    assert!(
        !pairs(&one)
            .iter()
            .any(|(a, b)| a == "b/edited.txt" || b == "b/edited.txt")
    );
    for bad in ["0", "1.5", "abc", "-0.2", "", "NaN"] {
        let out = folder.duplicates(&["--threshold", bad]);
        assert!(!out.status.success(), "--threshold {bad:?} accepted");
        assert!(out.stdout.is_empty(), "--threshold {bad:?} printed rows");
        assert!(!out.stderr.is_empty(), "--threshold {bad:?}: no message");
    }
}

/// Empty, binary, undecodable and malformed files in the folder are skipped; the families of
/// the rest are found.
#[test]
fn broken_files_do_not_stop_it() {
    let articles = topic_articles(17, 4);
    let folder = Folder::new();
    folder.article("a/story.txt", &articles[0], "2024-09-01", Style::Blank);
    folder.article("b/story.txt", &articles[0], "2024-09-02", Style::Blank);
    folder.article("c/other.txt", &articles[1], "2024-09-02", Style::Blank);
    folder.write("junk/empty.txt", "");
    folder.write("junk/blank.txt", "\n\n   \n");
    folder.write(
        "junk/binary.txt",
        [0u8, 159, 146, 150, 0, 0, 1, 2, 255, 254, 0, 7],
    );
    folder.write(
        "junk/latin1.txt",
        b" date 2024-09-03 Caf\xe9 Reopens\n\nThe caf\xe9 reopened.\n",
    );
    folder.write(
        "junk/broken.jsonl",
        "{\"headline\": \"Half a record\", \"body\": \n{not json}\n",
    );
    folder.write("junk/fake.docx", "this is not a zip file");
    folder.write("junk/broken.json", "{\"title\": ");
    let rows = folder.rows(&[]);
    assert_eq!(
        families(&rows),
        [["a/story.txt", "b/story.txt"]],
        "{rows:#?}"
    );
}

/// Articles of fewer than five tokens are compared by all their tokens; articles without a
/// token are in no family.
#[test]
fn tiny_and_tokenless_articles() {
    let folder = Folder::new();
    folder.write(
        "a/brief.txt",
        " date 2024-10-01 Ferry Late\n\nBoat delayed.\n",
    );
    folder.write(
        "b/brief.txt",
        " date 2024-10-02 Ferry Late\n\nBoat delayed!\n",
    );
    folder.write(
        "c/brief.txt",
        " date 2024-10-02 Ferry Late\n\nBoat early.\n",
    );
    folder.write("a/dashes.txt", "***\n\n— — —\n");
    folder.write("b/dashes.txt", "***\n\n— — —\n");
    folder.write("a/dated-dashes.txt", " date 2024-10-01 ***\n\n— — —\n");
    folder.write("b/dated-dashes.txt", " date 2024-10-01 ***\n\n— — —\n");
    for (n, article) in topic_articles(18, 3).iter().enumerate() {
        folder.article(&format!("x/{n}.txt"), article, "2024-10-03", Style::Blank);
    }
    let rows = folder.rows(&[]);
    assert_eq!(
        families(&rows),
        [["a/brief.txt", "b/brief.txt"]],
        "{rows:#?}"
    );
}

/// Paths are relative, `/`-separated and exactly as `list` prints them, at any depth, with
/// spaces and non-ASCII names.
#[test]
fn paths_are_as_list_prints_them() {
    let articles = topic_articles(19, 4);
    let folder = Folder::new();
    let rels = [
        "Le Monde/économie/2024 mars/article 1.txt",
        "wire feed/AP/deep/er/still/story.txt",
        "Ölandsbladet/x.txt",
    ];
    for (n, rel) in rels.iter().enumerate() {
        folder.article(
            rel,
            &articles[0],
            &format!("2024-03-0{}", n + 1),
            Style::Blank,
        );
    }
    folder.article(
        "Ölandsbladet/feed.jsonl",
        &articles[0],
        "2024-03-05",
        Style::Jsonl,
    );
    folder.article("plain/other.txt", &articles[1], "2024-03-01", Style::Blank);
    let rows = folder.rows(&[]);
    let folder_arg = folder.path().to_str().unwrap();
    let list = folder.command(&["list", folder_arg, "--format", "jsonl"]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let listed: BTreeSet<String> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let found: BTreeSet<String> = rows.iter().map(|r| r.path.clone()).collect();
    let mut expected: BTreeSet<String> = rels.iter().map(|r| (*r).to_owned()).collect();
    expected.insert("Ölandsbladet/feed.jsonl".to_owned());
    assert_eq!(found, expected, "{rows:#?}");
    assert!(found.is_subset(&listed), "list printed {listed:?}");
}

/// The second run reads signatures from the cache and gives the same rows; a file rewritten
/// into another article leaves its family; `--rescan` gives the same rows again.
#[test]
fn the_cache_follows_changes() {
    let articles = topic_articles(20, 4);
    let folder = Folder::new();
    for rel in ["a/s.txt", "b/s.txt", "c/s.txt"] {
        folder.article(rel, &articles[0], "2024-11-01", Style::Blank);
    }
    folder.article("d/other.txt", &articles[1], "2024-11-02", Style::Blank);
    let first = folder.stdout(&["--format", "jsonl"]);
    assert_eq!(folder.stdout(&["--format", "jsonl"]), first);
    assert_eq!(folder.families(&[]), [["a/s.txt", "b/s.txt", "c/s.txt"]]);
    folder.article("b/s.txt", &articles[2], "2024-11-01", Style::Blank);
    let after = folder.families(&[]);
    assert_eq!(after, [["a/s.txt", "c/s.txt"]]);
    assert_eq!(folder.families(&["--rescan"]), after);
    // A new copy joins.
    folder.article("e/s.txt", &articles[2], "2024-11-03", Style::Lines);
    let mut last = folder.families(&[]);
    last.sort();
    assert_eq!(
        last,
        [vec!["a/s.txt", "c/s.txt"], vec!["b/s.txt", "e/s.txt"]]
    );
}

/// The generator: the same configuration writes the same files; articles are 6–14 paragraphs
/// and about 250–900 words; distinct articles of a topic share few shingles.
#[test]
fn the_benchmark_is_deterministic_and_news_shaped() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = Config::new(10, 20, 5);
    let a = generate(one.path(), &config).unwrap();
    let b = generate(two.path(), &config).unwrap();
    assert_eq!(a, b);
    for p in &a {
        let x = std::fs::read(one.path().join(&p.path)).unwrap();
        assert_eq!(
            x,
            std::fs::read(two.path().join(&p.path)).unwrap(),
            "{}",
            p.path
        );
    }
    let articles: Vec<Article> = topic_articles(21, 12);
    for article in &articles {
        let words = article.words();
        assert!((6..=14).contains(&article.paragraphs.len()), "{article:#?}");
        assert!((200..=1000).contains(&words), "{words} words: {article:#?}");
    }
    for (n, x) in articles.iter().enumerate() {
        for y in &articles[n + 1..] {
            assert!(jaccard(x, y) < 0.15, "{} ~ {}", x.headline, y.headline);
        }
    }
    let kinds: BTreeSet<Kind> = a.iter().map(|p| p.kind).collect();
    assert!(kinds.len() >= 6, "{kinds:?}");
}
