//! Copying the articles shown into a folder of their own: whole files copied with their
//! sub-folders, an article of a file of many written as a plain-text file that reads back the
//! same, `manifest.csv`, and a destination that is inside the corpus or not empty refused.

// Tests fail loudly by design; a test reads as one story.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::HashMap;
use std::fs;

use corpus_explorer::corpus::marks::{Mark, article_numbers};
use corpus_explorer::corpus::subset::copy_articles;
use corpus_explorer::corpus::{ArticleId, load_body, scan_folder};

fn corpus_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("herald/2024")).unwrap();
    fs::write(
        root.join("herald/2024/ferry.md"),
        "---\ntitle: Ferry Timetable Cut\ndate: 2024-03-12\n---\n\nThe island ferry will run twice a day.\n\nThe board met on Monday.\n",
    )
    .unwrap();
    fs::write(
        root.join("herald/notes.txt"),
        "Harbour Notes\nThe lamp is out.\n",
    )
    .unwrap();
    fs::write(
        root.join("briefs.csv"),
        "title,date,text,source\n\
         Market Reopens,2024-02-01,The fish market reopens by the harbour.,Courier\n\
         Council Meets,2024-02-02,\"The council meets on Tuesday.\n\nIt votes on the budget.\",Courier\n",
    )
    .unwrap();
    dir
}

#[test]
fn the_articles_shown_are_copied_with_their_folders_and_a_manifest() {
    let folder = corpus_folder();
    let before = fs::read_dir(folder.path()).unwrap().count();
    let corpus = scan_folder(folder.path()).unwrap();
    let articles = &corpus.articles;
    let numbers = article_numbers(articles);
    let id = |title: &str| articles.iter().position(|a| &*a.title == title).unwrap() as ArticleId;
    let chosen = [id("Ferry Timetable Cut"), id("Council Meets")];
    let mut marks = HashMap::new();
    marks.insert(
        id("Council Meets"),
        Mark {
            tags: ["budget".to_owned()].into(),
            note: "quote in para. 2".to_owned(),
            ..Mark::default()
        },
    );
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("subset");
    let mut last = (0, 0);
    let copied = copy_articles(
        &corpus.root,
        articles,
        &numbers,
        &chosen,
        &marks,
        &dest,
        &mut |done, total| last = (done, total),
    )
    .unwrap();
    assert_eq!((copied.files, copied.written), (1, 1));
    assert_eq!(last, (2, 2));
    // The whole file, byte for byte, in its sub-folder.
    assert_eq!(
        fs::read(dest.join("herald/2024/ferry.md")).unwrap(),
        fs::read(folder.path().join("herald/2024/ferry.md")).unwrap()
    );
    // The article of the CSV file, as plain text that reads back the same.
    let written = fs::read_to_string(dest.join("briefs-2.txt")).unwrap();
    assert!(
        written.starts_with("date 2024-02-02 Council Meets\n"),
        "{written}"
    );
    let subset = scan_folder(&dest).unwrap();
    let again = subset
        .articles
        .iter()
        .find(|a| &*a.path == "briefs-2.txt")
        .unwrap();
    assert_eq!(&*again.title, "Council Meets");
    assert_eq!(again.date, chrono::NaiveDate::from_ymd_opt(2024, 2, 2));
    let original = &articles[id("Council Meets") as usize];
    let body = |root: &std::path::Path, a| load_body(root, a, 1 << 20).unwrap().text;
    let paragraphs = |text: String| -> Vec<String> {
        text.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        paragraphs(body(&dest, again)),
        paragraphs(body(&corpus.root, original))
    );
    // The manifest says where each came from, with the tags and the note.
    let mut manifest = csv::Reader::from_path(dest.join("manifest.csv")).unwrap();
    assert_eq!(
        manifest.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "path",
            "source_path",
            "article",
            "date",
            "title",
            "source",
            "tags",
            "note"
        ]
    );
    let rows: Vec<Vec<String>> = manifest
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                "briefs-2.txt",
                "briefs.csv",
                "2",
                "2024-02-02",
                "Council Meets",
                "Courier",
                "budget",
                "quote in para. 2"
            ],
            vec![
                "herald/2024/ferry.md",
                "herald/2024/ferry.md",
                "1",
                "2024-03-12",
                "Ferry Timetable Cut",
                "herald/2024",
                "",
                ""
            ],
        ]
    );
    // Nothing was written into the corpus folder.
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), before);

    // A folder that is not empty, or inside the corpus, is refused and left as it was.
    let err = copy_articles(
        &corpus.root,
        articles,
        &numbers,
        &chosen,
        &marks,
        &dest,
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
    let inside = folder.path().join("herald/subset");
    let err = copy_articles(
        &corpus.root,
        articles,
        &numbers,
        &chosen,
        &marks,
        &inside,
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("inside the open folder"), "{err}");
    assert!(!inside.exists());
}
