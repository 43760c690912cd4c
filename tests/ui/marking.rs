//! Facets, tags, stars and notes in the window: facet counts that follow the dates, the search
//! and the other facets; tagging by key, by menu and for every row shown; multi-select; notes
//! saved as typed; two windows on one folder.

use super::*;
use corpus_explorer::corpus::ArticleId;
use corpus_explorer::corpus::marks::{ArticleKey, Store};
use egui_kittest::kittest::NodeT as _;

/// Nine stories in one JSON Lines feed: three outlets (the Guardian under three spellings),
/// two authors, 2023 and 2024.
fn feed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let stories = [
        (
            "Ferry Cut",
            "2023-03-01",
            "Guardian",
            "Ada Brenner",
            "The harbour ferry runs less.",
        ),
        (
            "Bridge Shut",
            "2023-05-01",
            "The Guardian(London)",
            "Tomas Keel",
            "The bridge shuts.",
        ),
        (
            "Port Dues",
            "2024-01-10",
            "Guardian.com",
            "Ada Brenner",
            "Harbour dues rise.",
        ),
        (
            "Storm Hits",
            "2024-02-01",
            "Herald",
            "Ada Brenner",
            "A storm hits the harbour.",
        ),
        (
            "School Roof",
            "2024-03-01",
            "Herald",
            "Tomas Keel",
            "The school roof is mended.",
        ),
        (
            "Market Opens",
            "2023-06-01",
            "Herald",
            "Tomas Keel",
            "The harbour market opens.",
        ),
        (
            "Council Vote",
            "2024-04-01",
            "Courier",
            "Ada Brenner",
            "The council votes.",
        ),
        (
            "Lamp Fixed",
            "2023-07-01",
            "Courier",
            "Tomas Keel",
            "The harbour lamp is fixed.",
        ),
        (
            "Road Works",
            "2024-05-01",
            "Courier",
            "Ada Brenner",
            "The road is dug up.",
        ),
    ];
    let lines: Vec<String> = stories
        .iter()
        .map(|(title, date, source, author, text)| {
            serde_json::json!({
                "title": title, "date_publish": date, "source_domain": source,
                "authors": [author], "maintext": text,
            })
            .to_string()
        })
        .collect();
    std::fs::write(dir.path().join("feed.jsonl"), lines.join("\n") + "\n").unwrap();
    dir
}

/// Settings with the facet panel open.
fn with_facets() -> Settings {
    Settings {
        facets_open: true,
        ..Settings::default()
    }
}

fn shown_titles(h: &Harness<'static, CorpusWindow>) -> Vec<String> {
    let mut titles = titles(h.state().state());
    titles.sort();
    titles
}

/// The counts of a facet's values, by the value's shown name.
fn facet_counts(h: &Harness<'static, CorpusWindow>, facet: usize) -> Vec<(String, u32)> {
    let app = h.state().state();
    let columns = app.facets.columns.as_ref().unwrap();
    let column = columns.get(facet).unwrap_or(&app.marks.tags);
    column
        .values
        .iter()
        .zip(&app.facets.counts[facet])
        .map(|(v, &n)| (v.shown.to_string(), n))
        .collect()
}

fn id_of(h: &Harness<'static, CorpusWindow>, title: &str) -> ArticleId {
    let corpus = h.state().state().corpus.as_ref().unwrap();
    corpus
        .articles
        .iter()
        .position(|a| &*a.title == title)
        .unwrap() as ArticleId
}

fn tags_of(h: &Harness<'static, CorpusWindow>, title: &str) -> Vec<String> {
    let app = h.state().state();
    app.marks
        .mark_of(id_of(h, title))
        .map(|m| m.tags.iter().cloned().collect())
        .unwrap_or_default()
}

fn starred(h: &Harness<'static, CorpusWindow>, title: &str) -> bool {
    let app = h.state().state();
    app.marks.mark_of(id_of(h, title)).is_some_and(|m| m.star)
}

#[test]
fn facets_narrow_the_table_and_their_counts_follow_dates_search_and_each_other() {
    let folder = feed_folder();
    let mut h = harness(with_facets(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    assert_eq!(
        facet_counts(&h, 0),
        [
            ("Courier".to_owned(), 3),
            ("Guardian".to_owned(), 3),
            ("Herald".to_owned(), 3)
        ],
        "three spellings of the Guardian are one value"
    );
    // Hovering a grouped outlet shows its spellings.
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Guardian")
        .hover();
    h.run_steps(60);
    h.get_by_label_contains("The Guardian(London) (1)");

    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Guardian")
        .click();
    h.run_steps(2);
    assert_eq!(shown_titles(&h), ["Bridge Shut", "Ferry Cut", "Port Dues"]);
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Herald")
        .click();
    h.run_steps(2);
    assert_eq!(
        shown_titles(&h).len(),
        6,
        "values of one facet are alternatives"
    );
    // The Author facet starts folded: open it, choose Ada Brenner.
    h.get_by_label("Author (2)").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Ada Brenner")
        .click();
    h.run_steps(2);
    assert_eq!(
        shown_titles(&h),
        ["Ferry Cut", "Port Dues", "Storm Hits"],
        "facets narrow together"
    );
    // Each facet counts over what the other facets let through.
    assert_eq!(
        facet_counts(&h, 0),
        [
            ("Courier".to_owned(), 2),
            ("Guardian".to_owned(), 2),
            ("Herald".to_owned(), 1)
        ]
    );
    assert_eq!(
        facet_counts(&h, 1),
        [("Ada Brenner".to_owned(), 3), ("Tomas Keel".to_owned(), 3)]
    );
    // The date range and the search narrow the counts too.
    h.state_mut().app_mut().push(Command::SetFilter(DateFilter {
        from: NaiveDate::from_ymd_opt(2024, 1, 1),
        to: None,
        include_undated: true,
    }));
    h.run_steps(2);
    assert_eq!(shown_titles(&h), ["Port Dues", "Storm Hits"]);
    assert_eq!(
        facet_counts(&h, 0),
        [
            ("Courier".to_owned(), 2),
            ("Guardian".to_owned(), 1),
            ("Herald".to_owned(), 1)
        ]
    );
    search_for(&mut h, "harbour");
    assert_eq!(shown_titles(&h), ["Port Dues", "Storm Hits"]);
    assert_eq!(
        facet_counts(&h, 0),
        [
            ("Courier".to_owned(), 0),
            ("Guardian".to_owned(), 1),
            ("Herald".to_owned(), 1)
        ]
    );
    assert_eq!(
        h.state().state().facets.hidden,
        0,
        "the search hid the rest first"
    );
    h.get_by_label("Clear all").click();
    h.run_steps(2);
    assert_eq!(
        shown_titles(&h),
        ["Port Dues", "Storm Hits"],
        "dates and search still apply"
    );
    assert!(!h.state().state().facets.is_active());
}

#[test]
fn tags_by_key_menu_and_for_all_shown_with_multi_select_and_a_note_that_outlives_a_restart() {
    let folder = feed_folder();
    let cache = tempfile::tempdir().unwrap().keep();
    let mut h = harness_in(
        cache.clone(),
        with_facets(),
        Some(folder.path().to_path_buf()),
    );
    h.step();
    settle(&mut h);
    // A tag made in the codebook gets the first free key.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Tags")
        .click();
    h.run_steps(2);
    h.get_by_label("Codebook…").click();
    h.run_steps(2);
    let field = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.accesskit_node().placeholder() == Some("New tag"))
        .unwrap();
    field.focus();
    field.type_text("relevant");
    h.run_steps(1);
    h.get_by_label("Add").click();
    settle(&mut h);
    let tag = h
        .state()
        .state()
        .marks
        .marks
        .tag("relevant")
        .cloned()
        .unwrap();
    assert_eq!(tag.key, Some(1));
    h.get_by_label("Close window").click();
    h.run_steps(2);

    // Key 1 toggles the tag on the selected row.
    h.get_by_label("Ferry Cut").click();
    h.run_steps(2);
    h.key_press(egui::Key::Num1);
    h.run_steps(2);
    assert_eq!(tags_of(&h, "Ferry Cut"), ["relevant"]);
    // Ctrl-click adds a row; the key puts the tag on both (one lacked it), then takes it off.
    h.get_by_label("Bridge Shut")
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run_steps(2);
    assert_eq!(h.state().state().chosen_count(), 2);
    h.key_press(egui::Key::Num1);
    h.run_steps(2);
    assert_eq!(tags_of(&h, "Bridge Shut"), ["relevant"]);
    h.key_press(egui::Key::Num1);
    h.run_steps(2);
    assert!(tags_of(&h, "Ferry Cut").is_empty() && tags_of(&h, "Bridge Shut").is_empty());
    // Shift-click chooses the rows between (in the table's date order); S stars them.
    h.get_by_label("Lamp Fixed")
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run_steps(2);
    assert_eq!(
        h.state().state().chosen_count(),
        3,
        "Bridge Shut, Market Opens, Lamp Fixed"
    );
    h.key_press(egui::Key::S);
    h.run_steps(2);
    for title in ["Bridge Shut", "Market Opens", "Lamp Fixed"] {
        assert!(starred(&h, title), "{title}");
    }
    assert!(!starred(&h, "Ferry Cut"));
    // Ctrl+A chooses every row shown.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(2);
    assert_eq!(h.state().state().chosen_count(), 9);

    // Tag all shown, on the Courier's three.
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Courier")
        .click();
    h.run_steps(2);
    assert_eq!(
        shown_titles(&h),
        ["Council Vote", "Lamp Fixed", "Road Works"]
    );
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Tags")
        .click();
    h.run_steps(2);
    h.get_by_label("Tag all shown…").click();
    h.run_steps(2);
    let field = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.accesskit_node().placeholder() == Some("or a new tag"))
        .unwrap();
    field.focus();
    field.type_text("wire");
    h.run_steps(2);
    h.get_by_label("Add to 3").click();
    settle(&mut h);
    for title in ["Council Vote", "Lamp Fixed", "Road Works"] {
        assert_eq!(tags_of(&h, title), ["wire"], "{title}");
    }
    h.get_by_label("Clear all").click();
    h.run_steps(2);
    assert_eq!(
        facet_counts(&h, TAG_FACET),
        [("relevant".to_owned(), 0), ("wire".to_owned(), 3)]
    );
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "wire")
        .click();
    h.run_steps(2);
    assert_eq!(
        shown_titles(&h),
        ["Council Vote", "Lamp Fixed", "Road Works"]
    );
    settle(&mut h);
    snapshot(&mut h, "tags_and_facets");

    // A note typed in the reader is saved as it is typed.
    h.get_by_label("Road Works").click();
    settle(&mut h);
    let note = h
        .get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .find(|n| n.accesskit_node().placeholder() == Some("Note (saved as you type)"))
        .unwrap();
    note.focus();
    note.type_text("Check the date with the council");
    h.run_steps(2);
    settle(&mut h);
    let store = Store::in_root(
        &cache.join("data"),
        &std::path::absolute(folder.path()).unwrap(),
    );
    let on_disk = store.load().unwrap().marks;
    let road = on_disk.get(&ArticleKey::new("feed.jsonl", 9)).unwrap();
    assert_eq!(road.note, "Check the date with the council");
    assert!(road.tags.contains("wire"));
    assert!(store.backup_path().exists(), "the version before is kept");
    drop(h);

    // After a restart the marks are there again.
    let mut h = harness_in(cache, with_facets(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    assert_eq!(tags_of(&h, "Road Works"), ["wire"]);
    assert!(starred(&h, "Market Opens"));
    let app = h.state().state();
    assert_eq!(
        app.marks.mark_of(id_of(&h, "Road Works")).unwrap().note,
        "Check the date with the council"
    );
}

#[test]
fn two_windows_on_one_folder_both_keep_their_tags() {
    let folder = feed_folder();
    let cache = tempfile::tempdir().unwrap().keep();
    let open = || {
        let mut h = harness_in(
            cache.clone(),
            with_facets(),
            Some(folder.path().to_path_buf()),
        );
        h.step();
        settle(&mut h);
        h
    };
    let mut a = open();
    let mut b = open();
    let ferry = id_of(&a, "Ferry Cut");
    a.state_mut().app_mut().push(Command::ChooseRow {
        id: ferry,
        how: corpus_explorer::app::Choose::Only,
    });
    a.state_mut()
        .app_mut()
        .push(Command::ToggleTag("from-a".to_owned()));
    let ferry = id_of(&b, "Ferry Cut");
    b.state_mut().app_mut().push(Command::ChooseRow {
        id: ferry,
        how: corpus_explorer::app::Choose::Only,
    });
    b.state_mut()
        .app_mut()
        .push(Command::ToggleTag("from-b".to_owned()));
    a.step();
    b.step();
    settle(&mut a);
    settle(&mut b);
    // Each window picks up the other's commit when it next looks at the store.
    let started = Instant::now();
    while tags_of(&a, "Ferry Cut").len() < 2 || tags_of(&b, "Ferry Cut").len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the windows did not merge"
        );
        a.step();
        b.step();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(tags_of(&a, "Ferry Cut"), ["from-a", "from-b"]);
    assert_eq!(tags_of(&b, "Ferry Cut"), ["from-a", "from-b"]);
}

/// Step until the notice of a finished export appears.
fn wait_for_notice(h: &mut Harness<'static, CorpusWindow>, contains: &str) -> String {
    let started = Instant::now();
    loop {
        h.step();
        if let Some(notice) = &h.state().state().notice {
            let text = notice.to_string();
            if text.contains(contains) {
                return text;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no notice {contains:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_articles_shown_go_to_a_folder_and_a_table_with_their_tags_and_a_hit_is_cited() {
    let folder = feed_folder();
    let mut h = harness(with_facets(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    let lamp = id_of(&h, "Lamp Fixed");
    h.state_mut().app_mut().push(Command::Select(Some(lamp)));
    h.state_mut()
        .app_mut()
        .push(Command::ToggleTag("wire".to_owned()));
    h.state_mut().app_mut().push(Command::SetNote {
        article: lamp,
        note: "the lamp, again".to_owned(),
    });
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Courier")
        .click();
    settle(&mut h);
    assert_eq!(
        shown_titles(&h),
        ["Council Vote", "Lamp Fixed", "Road Works"]
    );

    // Copy articles to folder: three articles of one JSON Lines file, each its own .txt.
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("courier-only");
    h.state_mut()
        .app_mut()
        .push(Command::CopyArticlesTo(dest.clone()));
    let notice = wait_for_notice(&mut h, "Exported");
    assert!(notice.contains("Exported 3 articles"), "{notice}");
    let mut names: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["feed-7.txt", "feed-8.txt", "feed-9.txt", "manifest.csv"]
    );
    let manifest = std::fs::read_to_string(dest.join("manifest.csv")).unwrap();
    assert!(
        manifest.contains(
            "feed-8.txt,feed.jsonl,8,2023-07-01,Lamp Fixed,Courier,wire,\"the lamp, again\""
        ),
        "{manifest}"
    );

    // Export table: the rows shown, with their tags and notes.
    let csv_path = out.path().join("courier.csv");
    h.state_mut()
        .app_mut()
        .push(Command::ExportTableTo(csv_path.clone()));
    wait_for_notice(&mut h, "courier.csv");
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let tags_at = headers.iter().position(|h| h == "tags").unwrap();
    let note_at = headers.iter().position(|h| h == "note").unwrap();
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[2].to_owned(),
                r[tags_at].to_owned(),
                r[note_at].to_owned(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.contains(&(
        "Lamp Fixed".to_owned(),
        "wire".to_owned(),
        "the lamp, again".to_owned()
    )));

    // Copy citation: outlet, date, headline, file, and the current hit's paragraph.
    search_for(&mut h, "harbour");
    h.state_mut().app_mut().push(Command::Select(Some(lamp)));
    settle(&mut h);
    wait_for_reader_hits(&mut h);
    h.state_mut().app_mut().push(Command::CopyCitation);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("a citation was copied");
    assert_eq!(
        copied,
        "Courier, 2023-07-01, \"Lamp Fixed\", feed.jsonl (article 8), para. 1"
    );
}

#[test]
fn source_author_and_tag_in_the_search_box_narrow_the_table() {
    let folder = feed_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    search_for(&mut h, "source:guardian");
    assert_eq!(shown_titles(&h), ["Bridge Shut", "Ferry Cut", "Port Dues"]);
    assert_eq!(h.state().state().view.hidden_by_search, 6);
    search_for(&mut h, "harbour author:ada");
    assert_eq!(shown_titles(&h), ["Ferry Cut", "Port Dues", "Storm Hits"]);
    assert_eq!(h.state().state().view.hits, 3, "the hits of the rows shown");
    // A tag: field follows tagging as it happens.
    search_for(&mut h, "tag:wire");
    assert!(shown_titles(&h).is_empty());
    h.get_by_label("No article matches “tag:wire”");
    let road = id_of(&h, "Road Works");
    h.state_mut().app_mut().push(Command::Select(Some(road)));
    h.state_mut()
        .app_mut()
        .push(Command::ToggleTag("wire".to_owned()));
    settle(&mut h);
    assert_eq!(shown_titles(&h), ["Road Works"]);
    // A field inside parentheses is shown as a mistake, with its hint.
    search_for(&mut h, "(tag:wire OR harbour)");
    assert_eq!(
        h.state().state().search.error,
        Some(corpus_explorer::search::SyntaxError::FieldInGroup(
            "tag:".to_owned()
        ))
    );
}
