//! Front matter.

use super::*;

#[test]
fn front_matter_notes_give_their_keys_and_bodies() {
    let corpus = scan_sample("notes");
    let got: Vec<_> = corpus
        .articles
        .iter()
        .map(|a| (&*a.path, shown(a)))
        .collect();
    assert_eq!(
        got,
        [
            (
                "council-minutes.txt",
                (
                    "Council Refuses to Release Full Kestrel Narrows Inspection Archive",
                    day(2024, 3, 14),
                    "Coastal Herald",
                    None
                )
            ),
            (
                "ferry-timetable.markdown",
                (
                    "Margarethe Winter Timetable Trimmed as Bridge Nears Completion",
                    day(2023, 1, 9),
                    "Valley Wire",
                    Some("Adaeze Fairlie")
                )
            ),
            (
                "harbour-dredging.md",
                (
                    "Dredgers Begin Clearing Last of Old Bridge From Port Alder Harbour",
                    day(2022, 8, 19),
                    "Coastal Herald",
                    Some("Niamh Carrow-Bell; Rhiannon Tasker-Obi")
                )
            ),
            (
                "undated-column.md",
                (
                    "Quayside Notebook: What the Chalkboard Taught Me",
                    None,
                    "Coastal Herald",
                    None
                )
            ),
        ]
    );
    assert!(
        corpus
            .articles
            .iter()
            .all(|a| a.format == FormatKind::FrontMatter && a.span.is_none())
    );
    let dredging = only_article(&corpus, "harbour-dredging.md");
    assert_eq!(
        dredging.meta().url.as_deref(),
        Some("https://www.coastalherald.example/news/2022/08/19/dredgers-clear-old-bridge")
    );
    assert_eq!(dredging.meta().language.as_deref(), Some("en"));
    let dredging_body = body(&corpus, dredging);
    assert!(
        dredging_body
            .text
            .starts_with("A barge-mounted crane began lifting"),
        "{}",
        dredging_body.text
    );
    assert!(!dredging_body.text.contains("title:") && !dredging_body.text.contains("---"));
    assert_eq!(fields(&dredging_body), [("tags", "harbour, dredging")]);
    // A dateline in a front-matter body is found as in plain text.
    assert_eq!(
        only_article(&corpus, "ferry-timetable.markdown")
            .dateline
            .as_deref(),
        Some("PORT ALDER, Ore. (VW)")
    );
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
}

#[test]
fn a_markdown_note_without_front_matter_is_ignored_not_skipped() {
    let corpus = scan_sample("drafts");
    assert!(corpus.articles.is_empty());
    let p = corpus.progress;
    assert_eq!(
        (p.files_seen, p.article_files, p.skipped, p.ignored),
        (2, 0, 1, 1)
    );
    assert_eq!(corpus.skipped.len(), 1);
    assert_eq!(corpus.skipped[0].path, "unfinished.txt");
    assert_eq!(corpus.skipped[0].reason, SkipReason::Empty);
}

#[test]
fn invalid_yaml_front_matter_is_listed_and_the_file_still_read_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "notes/broken.md",
        "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n\nThe harbour lights came back on Friday.\n",
    );
    write(
        dir.path(),
        "notes/good.md",
        "---\ntitle: Good Note\ndate: 2024-01-02\n---\nBody of the good note.\n",
    );
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let broken = only_article(&corpus, "notes/broken.md");
    assert_eq!(broken.format, FormatKind::PlainText);
    assert_eq!(broken.meta, None);
    // The title comes from the text after the block, not from its `---` line.
    assert_eq!(&*broken.title, "The harbour lights came back on Friday.");
    let bad = bad_records(&corpus, "notes/broken.md");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].0, "front matter");
    assert!(bad[0].1.starts_with("not valid YAML"), "{}", bad[0].1);
    // Nothing is lost: the block and the body are both in the text.
    let text = body(&corpus, broken).text;
    assert!(
        text.contains("The harbour lights came back on Friday."),
        "{text}"
    );
    assert!(text.contains("title: [unclosed"), "{text}");
    let good = only_article(&corpus, "notes/good.md");
    assert_eq!((&*good.title, good.date), ("Good Note", day(2024, 1, 2)));
    let p = corpus.progress;
    assert_eq!(
        (p.files_seen, p.article_files, p.skipped, p.bad_records),
        (2, 2, 0, 1)
    );
}
