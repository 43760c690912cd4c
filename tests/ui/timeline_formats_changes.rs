//! The timeline, every format in the reader, files changed while open, a narrow window.

use super::*;

#[test]
fn dragging_across_the_timeline_sets_the_date_range_a_click_picks_a_period_reset_clears() {
    let mut h = loaded_sample();
    // The chart lies between the timeline's header and the table's header.
    let header = h
        .get_all_by_label("Timeline")
        .map(|n| n.rect())
        .max_by(|a, b| a.top().total_cmp(&b.top()))
        .unwrap();
    let table_top = h.get_by_label("Date").rect().top();
    let y = (header.bottom() + table_top) / 2.0;
    let (start, end) = (egui::pos2(420.0, y), egui::pos2(600.0, y));
    h.hover_at(start);
    h.step();
    h.drag_at(start);
    h.step();
    for x in [460.0, 520.0, 600.0] {
        h.hover_at(egui::pos2(x, y));
        h.step();
    }
    h.drop_at(end);
    h.run_steps(3);

    let app = h.state().state();
    let filter = app.settings.filter;
    let (from, to) = (filter.from.unwrap(), filter.to.unwrap());
    assert!(from < to, "{from} … {to}");
    // Exactly the articles in the range (and the undated ones, which stay included).
    let corpus = app.corpus.as_ref().unwrap();
    let mut expected: Vec<u32> = (0..corpus.articles.len() as u32)
        .filter(|&i| {
            corpus.articles[i as usize]
                .date
                .is_none_or(|d| from <= d && d <= to)
        })
        .collect();
    let mut shown = app.view.ids.clone();
    shown.sort_unstable();
    expected.sort_unstable();
    assert_eq!(shown, expected);
    assert!(shown.len() < corpus.articles.len());
    // The pickers show the same range.
    let from_field = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .unwrap();
    assert_eq!(
        from_field.value().as_deref(),
        Some(from.to_string().as_str())
    );
    snapshot(&mut h, "timeline");

    // Changing the From date moves the selection; a click on a bar selects its month; Reset
    // clears the range.
    h.state_mut().app_mut().push(Command::SetFilter(DateFilter {
        from: NaiveDate::from_ymd_opt(2000, 1, 1),
        ..filter
    }));
    h.run_steps(2);
    assert!(h.state().state().view.ids.len() > shown.len());
    // Clicking a bar selects its period.
    h.hover_at(start);
    h.step();
    h.drag_at(start);
    h.step();
    h.drop_at(start);
    h.run_steps(2);
    let filter = h.state().state().settings.filter;
    let (from, to) = (filter.from.unwrap(), filter.to.unwrap());
    assert!(
        from.day() == 1 && to.succ_opt().unwrap().day() == 1,
        "{from} … {to}"
    );
    h.get_by_label("Reset").click();
    h.run_steps(3);
    let filter = h.state().state().settings.filter;
    assert_eq!((filter.from, filter.to), (None, None));
    assert_eq!(h.state().state().view.ids.len(), 62);
}

#[test]
fn every_format_is_found_by_search_and_read_in_the_reader_with_its_fields() {
    let mut h = loaded_sample();
    // A phrase from one article of each format, its title, and something only the reader
    // shows for it (authors, language, a field of the file).
    for (phrase, title, in_reader) in [
        (
            "\"has mended nets\"",
            "In Greyhaven, the Last Net-Mender Takes an Apprentice",
            "By Tomasz Eriksen-Vale; Adaeze Fairlie · Language: en",
        ),
        (
            "\"full height of 118 metres\"",
            "South Tower of New Kestrel Narrows Bridge Reaches Full Height",
            "Language: en",
        ),
        (
            "\"missed the fish where the fish\"",
            "Greyhaven Cooperative Sues Fisheries Council Over Hake Quota",
            "Fisheries",
        ),
        (
            "\"lifted the seafood truck\"",
            "Divers Recover Seafood Truck From Port Alder Harbour",
            "Language: en",
        ),
        (
            "\"well-built old lady\"",
            "KESTREL NARROWS BRIDGE PASSES FIRST CHECK UNDER NEW MAINTENANCE CONTRACT",
            "Load-Date",
        ),
        (
            "\"Seventy kilometres through the valley\"",
            "Seafood Truckers Brace for Possible Kestrel Narrows Weight Limit",
            "182 words",
        ),
        (
            "\"barge-mounted crane\"",
            "Dredgers Begin Clearing Last of Old Bridge From Port Alder Harbour",
            "harbour, dredging",
        ),
    ] {
        search_for(&mut h, phrase);
        assert_eq!(titles(h.state().state()), [title], "{phrase}");
        h.get_by_label(title).click();
        h.step();
        settle(&mut h);
        assert_eq!(&*h.state().state().selected_article().unwrap().title, title);
        h.get_by_label(in_reader);
        h.get_by_label("hit 1 of 1");
    }
}

#[test]
fn files_deleted_changed_and_added_while_open_then_reload() {
    let line =
        |title: &str, text: &str| format!("{{\"title\": \"{title}\", \"text\": \"{text}\"}}\n");
    let feed = [
        line("Alpha Report", "First line."),
        line("Beta Report", "Second line."),
        line("Gamma Report", "Third line."),
    ]
    .concat();
    let (dir, mut h) = opened_on(&[
        ("feed.jsonl", &feed),
        ("keep.txt", "Kept Story\n\nStays."),
        ("gone.txt", "Going Story\n\nLeaves."),
    ]);
    assert_eq!(h.state().state().view.ids.len(), 5);
    let select = |h: &mut Harness<'static, CorpusWindow>, title: &str| {
        h.get_by_label(title).click();
        h.step();
        settle(h);
    };
    let selected_title = |h: &Harness<'static, CorpusWindow>| {
        h.state()
            .state()
            .selected_article()
            .map(|a| a.title.to_string())
    };

    // A reload with nothing changed keeps the very article of a file of several.
    select(&mut h, "Beta Report");
    h.get_by_label("Second line.");
    h.key_press(egui::Key::F5);
    h.step();
    settle(&mut h);
    assert_eq!(selected_title(&h).as_deref(), Some("Beta Report"));

    // Deleted: the reader says so and points to Reload.
    std::fs::remove_file(dir.path().join("gone.txt")).unwrap();
    select(&mut h, "Going Story");
    h.get_by_label_contains("the file no longer exists: gone.txt");
    h.get_by_label("Reload (F5) brings the table up to date.");

    // Changed: the record the table holds is no longer in the file.
    std::fs::write(
        dir.path().join("feed.jsonl"),
        [
            line("Beta Report Revised", "Second line, revised."),
            line("Gamma Report", "Third line."),
        ]
        .concat(),
    )
    .unwrap();
    select(&mut h, "Beta Report");
    h.get_by_label_contains("could not read feed.jsonl");

    // Added, in a new sub-folder.
    std::fs::create_dir(dir.path().join("late")).unwrap();
    std::fs::write(dir.path().join("late/added.txt"), "Added Story\n\nNew.").unwrap();

    h.key_press(egui::Key::F5);
    h.step();
    settle(&mut h);
    let app = h.state().state();
    let mut titles: Vec<String> = app
        .view
        .ids
        .iter()
        .map(|&id| {
            app.corpus.as_ref().unwrap().articles[id as usize]
                .title
                .to_string()
        })
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Added Story",
            "Beta Report Revised",
            "Gamma Report",
            "Kept Story"
        ]
    );
    // The selected article moved inside its file: the file's first article is selected.
    assert_eq!(selected_title(&h).as_deref(), Some("Beta Report Revised"));
    h.get_by_label("Second line, revised.");
    assert!(h.query_by_label_contains("could not read").is_none());

    // The selected article's file is deleted, then Reload: the selection goes, with a word.
    select(&mut h, "Kept Story");
    std::fs::remove_file(dir.path().join("keep.txt")).unwrap();
    h.key_press(egui::Key::F5);
    h.step();
    settle(&mut h);
    assert_eq!(h.state().state().view.ids.len(), 3);
    assert_eq!(selected_title(&h), None);
    h.get_by_label_contains("keep.txt is no longer an article of this folder");
}

#[test]
fn a_narrow_window_keeps_room_for_the_table() {
    let folder = Some(sample_data());
    let mut h = Harness::builder()
        .with_size([640.0, 400.0])
        .build_eframe(move |cc| {
            let mut window = CorpusWindow::with_settings(&cc.egui_ctx, Settings::default(), folder);
            window.app_mut().set_cache_root(None);
            window.app_mut().set_data_root(None);
            window
        });
    h.step();
    settle(&mut h);
    // The reader's placeholder is centred in the right-hand panel, so the panel's width is
    // twice the distance from the text's centre to the window's right edge.
    let hint = h.get_by_label("Select an article to read it here.");
    let panel_width = 2.0 * (640.0 - hint.rect().center().x);
    assert!(
        panel_width <= 0.6 * 640.0 + 2.0,
        "reader {panel_width} wide"
    );
    assert!(panel_width >= 260.0 - 2.0, "reader {panel_width} wide");
}

/// A hard-wrapped export (a German LexisNexis batch) reads as paragraphs in the reader, and a
/// phrase that ran across a line break is a hit there.
#[test]
fn a_hard_wrapped_article_reads_as_paragraphs_with_its_hits() {
    let mut h = harness(Settings::default(), None);
    h.step();
    drop_folder(&mut h, fixtures().join("lexis/lexisnexis-de.txt"));
    assert_eq!(
        &*h.state().state().selected_article().unwrap().title,
        "Brücke über die Kestrel-Enge besteht erste Prüfung"
    );
    let first = "Die Brücke über die Kestrel-Enge hat ihre erste jährliche Prüfung seit dem \
                 Wechsel des Wartungsunternehmens bestanden. Die Prüfer stuften den \
                 Stahlfachwerkbau aus dem Jahr 1962 insgesamt als \"gut\" ein.";
    h.get_by_label(first);
    search_for(&mut h, "\"den stahlfachwerkbau\"");
    wait_for_reader_hits(&mut h);
    assert_eq!(h.state().state().reader.hit_count(), 1);
    h.get_by_label_contains("hit 1 of 1");
    h.get_by_label(first);
}

/// Set a file's or folder's modification time an hour back: the catalog trusts a stamp at once
/// only when it is older than the last two seconds.
fn age(path: &std::path::Path) {
    let file = std::fs::File::open(path).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

fn corpus_titles(app: &AppState) -> Vec<String> {
    let mut titles: Vec<String> = app
        .corpus
        .as_ref()
        .unwrap()
        .articles
        .iter()
        .map(|a| a.title.to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn a_reopened_folder_shows_its_catalog_at_once_then_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("anchor.txt", "Anchor Story\n\nThe anchor held."),
        ("bay.txt", "Bay Story\n\nThe bay froze."),
        ("cove.txt", "Cove Story\n\nThe cove flooded."),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
        age(&dir.path().join(name));
    }
    age(dir.path());
    let mut h = harness_in(
        cache.path().to_path_buf(),
        Settings::default(),
        Some(dir.path().to_path_buf()),
    );
    h.step();
    settle(&mut h);
    assert!(
        h.state().state().check.is_none(),
        "a first open reads every file"
    );
    let catalog_dir = cache.path().join("catalog");
    let started = Instant::now();
    let written = |dir: &std::path::Path| {
        std::fs::read_dir(dir).is_ok_and(|mut entries| {
            entries.any(|e| {
                e.unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "catalog")
            })
        })
    };
    while !written(&catalog_dir) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no catalog written"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(h);

    // While the window is closed: one file rewritten, one deleted, one added.
    std::fs::write(
        dir.path().join("bay.txt"),
        "Bay Story Revised\n\nThe bay thawed.",
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("cove.txt")).unwrap();
    std::fs::write(dir.path().join("dune.txt"), "Dune Story\n\nThe dune moved.").unwrap();

    let mut h = harness_in(cache.path().to_path_buf(), Settings::default(), None);
    // The check reads the changed files only once the test has seen the catalog's table.
    let gate = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let held = Arc::clone(&gate);
    h.state_mut()
        .app_mut()
        .set_before_read(Some(Arc::new(move |_: &std::path::Path| {
            let waiting = Instant::now();
            while !held.load(std::sync::atomic::Ordering::Relaxed)
                && waiting.elapsed() < Duration::from_secs(20)
            {
                std::thread::sleep(Duration::from_millis(1));
            }
        })));
    h.state_mut()
        .app_mut()
        .push(Command::Open(dir.path().to_path_buf()));
    // The table fills from the catalog first: the folder as it was.
    let started = Instant::now();
    loop {
        h.step();
        let app = h.state().state();
        if app.corpus.as_ref().is_some_and(|c| c.is_complete()) {
            assert_eq!(
                corpus_titles(app),
                ["Anchor Story", "Bay Story", "Cove Story"],
                "{:?} {:?}",
                app.source,
                app.check
            );
            assert!(matches!(app.check, Some(CheckState::Running)));
            h.get_by_label_contains("checking");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(2));
    }
    // Then the check brings it up to date, and says what changed.
    gate.store(true, std::sync::atomic::Ordering::Relaxed);
    settle(&mut h);
    let app = h.state().state();
    assert_eq!(
        corpus_titles(app),
        ["Anchor Story", "Bay Story Revised", "Dune Story"]
    );
    assert_eq!(titles(app).len(), 3);
    let Some(CheckState::Done { files, changes, .. }) = &app.check else {
        panic!("{:?}", app.check);
    };
    assert_eq!(*files, 3);
    assert_eq!((changes.changed, changes.added, changes.removed), (1, 1, 1));
    h.get_by_label_contains("checked 3 files in");
    h.get_by_label_contains(": 1 changed, 1 new, 1 gone");
    // The search index follows: the new words are found, the gone ones not.
    search_for(&mut h, "thawed OR moved OR flooded");
    let mut found = titles(h.state().state());
    found.sort();
    assert_eq!(found, ["Bay Story Revised", "Dune Story"]);
    assert!(matches!(
        h.state().state().search.index,
        IndexState::Ready(..)
    ));

    // Opened again with nothing changed: the check finds nothing.
    drop(h);
    let mut h = harness_in(
        cache.path().to_path_buf(),
        Settings::default(),
        Some(dir.path().to_path_buf()),
    );
    h.step();
    settle(&mut h);
    assert_eq!(
        corpus_titles(h.state().state()),
        ["Anchor Story", "Bay Story Revised", "Dune Story"]
    );
    h.get_by_label_contains(": no changes");
}
