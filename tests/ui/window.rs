//! Opening, sorting, the date filter, selection, the reader, a restart, scripts, reloads and columns.

use super::*;

#[test]
fn empty_state_invites_a_folder_and_a_drop_fills_the_table() {
    let mut h = harness(Settings::default(), None);
    h.run_steps(3);
    h.get_by_label("Open folder…");
    h.get_by_label("or drop a folder here");
    snapshot(&mut h, "empty");

    drop_folder(&mut h, sample_data());
    let app = h.state().state();
    assert_eq!(app.view.ids.len(), 62);
    assert_eq!(app.corpus.as_ref().unwrap().skipped.len(), 2);
    h.get_by_label("Showing 62 of 62 articles");
    h.get_by_label("2 skipped");
    // Default sort: date ascending, undated last.
    let d = dates(h.state().state());
    assert_eq!(d[0], NaiveDate::from_ymd_opt(2010, 1, 11));
    assert!(d.last().unwrap().is_none());
    snapshot(&mut h, "loaded");
}

#[test]
fn dropping_a_file_opens_its_folder_and_selects_it_and_a_missing_path_changes_nothing() {
    let mut h = loaded_sample();
    drop_folder(&mut h, sample_data().join("court-news/bridge-verdict.txt"));
    let app = h.state().state();
    assert_eq!(app.view.ids.len(), 5, "court-news holds five articles");
    assert_eq!(
        &*app.selected_article().unwrap().title,
        "Jury Convicts Contractor Tobias Halvard in Kestrel Bridge Collapse"
    );

    drop_folder(&mut h, PathBuf::from("/no/such/place"));
    let app = h.state().state();
    assert_eq!(app.view.ids.len(), 5, "the open folder stays as it was");
    let notice = app.notice.as_ref().unwrap().to_string();
    assert!(
        notice.contains("folder not found") && notice.contains("unchanged"),
        "{notice}"
    );
}

#[test]
fn headers_sort_and_reverse() {
    let mut h = loaded_sample();
    h.get_by_label("Date").click();
    h.run_steps(3);
    assert_eq!(
        h.state().state().settings.sort,
        SortOrder {
            column: SortColumn::Date,
            descending: true
        }
    );
    let d = dates(h.state().state());
    assert_eq!(d[0], NaiveDate::from_ymd_opt(2025, 3, 15));
    assert!(
        d.last().unwrap().is_none(),
        "undated last when descending too"
    );
    let dated: Vec<NaiveDate> = d.iter().flatten().copied().collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]));

    h.get_by_label("Date").click();
    h.run_steps(3);
    let d = dates(h.state().state());
    let dated: Vec<NaiveDate> = d.iter().flatten().copied().collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(d[0], NaiveDate::from_ymd_opt(2010, 1, 11));

    h.get_all_by_label("Words").last().unwrap().click(); // the column, after the tab
    h.run_steps(3);
    let corpus = h.state().state().corpus.as_ref().unwrap();
    let words: Vec<u32> = h
        .state()
        .state()
        .view
        .ids
        .iter()
        .map(|&id| corpus.articles[id as usize].words)
        .collect();
    assert!(words.windows(2).all(|w| w[0] <= w[1]), "{words:?}");

    h.get_by_label("Title").click();
    h.run_steps(3);
    let t = titles(h.state().state());
    let mut expected = t.clone();
    expected.sort_by_key(|s| s.to_lowercase());
    assert_eq!(t, expected);
    assert!(t[0].starts_with("A 90-metre section"), "{}", t[0]);
}

#[test]
fn date_range_through_the_ui_with_and_without_undated() {
    let mut h = loaded_sample();
    h.get_by_label("Presets").click();
    h.run_steps(2);
    h.get_by_label("2021").click();
    h.run_steps(3);
    let app = h.state().state();
    assert_eq!(
        app.settings.filter.from,
        NaiveDate::from_ymd_opt(2021, 1, 1)
    );
    assert_eq!(
        app.settings.filter.to,
        NaiveDate::from_ymd_opt(2021, 12, 31)
    );
    let d = dates(app);
    assert_eq!(d.iter().flatten().count(), 9);
    assert_eq!(
        d.iter().filter(|d| d.is_none()).count(),
        12,
        "undated included by default"
    );

    h.get_by_label("Include undated (12)").click();
    h.run_steps(3);
    let d = dates(h.state().state());
    assert_eq!(
        d,
        [
            NaiveDate::from_ymd_opt(2021, 2, 17),
            NaiveDate::from_ymd_opt(2021, 4, 23),
            NaiveDate::from_ymd_opt(2021, 6, 2),
            NaiveDate::from_ymd_opt(2021, 6, 3),
            NaiveDate::from_ymd_opt(2021, 6, 4),
            NaiveDate::from_ymd_opt(2021, 6, 5),
            NaiveDate::from_ymd_opt(2021, 6, 6),
            NaiveDate::from_ymd_opt(2021, 6, 7),
            NaiveDate::from_ymd_opt(2021, 9, 8)
        ]
    );
    h.get_by_label("Showing 9 of 62 articles");
    snapshot(&mut h, "filtered");

    // Typing a From date: invalid text is not applied, a valid one is.
    let from = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .unwrap();
    from.focus();
    from.type_text("x");
    h.run_steps(2);
    h.get_by_label("invalid");
    assert_eq!(
        h.state().state().settings.filter.from,
        NaiveDate::from_ymd_opt(2021, 1, 1)
    );
    h.key_press(egui::Key::Backspace);
    for _ in 0..10 {
        h.key_press(egui::Key::Backspace);
    }
    h.run_steps(1);
    let from = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .unwrap();
    from.type_text("2021-03-01");
    h.run_steps(3);
    assert_eq!(
        h.state().state().settings.filter.from,
        NaiveDate::from_ymd_opt(2021, 3, 1)
    );
    assert_eq!(dates(h.state().state()).len(), 8);

    h.get_by_label("Clear").click();
    h.run_steps(3);
    assert_eq!(h.state().state().view.ids.len(), 62);
}

#[test]
fn selecting_by_click_and_keyboard_shows_the_article_in_the_reader() {
    let mut h = harness(Settings::default(), None);
    h.step();
    drop_folder(&mut h, sample_data().join("court-news"));
    h.get_by_label("Jury Convicts Contractor Tobias Halvard in Kestrel Bridge Collapse")
        .click();
    h.step();
    settle(&mut h);
    let app = h.state().state();
    let selected = app.selected_article().unwrap();
    assert_eq!(&*selected.path, "bridge-verdict.txt");
    h.get_by_label_contains("Friday, 23 April 2021");
    h.get_by_label_contains("found bridge contractor Tobias Halvard guilty of seven counts");
    snapshot(&mut h, "reader");

    let row = h.state().state().selected_row().unwrap();
    h.key_press(egui::Key::ArrowDown);
    h.step();
    settle(&mut h);
    assert_eq!(h.state().state().selected_row(), Some(row + 1));
    h.key_press(egui::Key::Home);
    h.step();
    settle(&mut h);
    assert_eq!(h.state().state().selected_row(), Some(0));
    let first = h.state().state().selected_article().unwrap().clone();
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2020, 10, 5));
    assert!(first.title_derived());
    assert!(
        h.get_all_by_label_contains(&first.dateline.clone().unwrap())
            .count()
            >= 1
    );
    h.key_press(egui::Key::End);
    h.step();
    settle(&mut h);
    assert_eq!(h.state().state().selected_row(), Some(4));
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert!(h.state().state().reader.focused);
    // While the reader has the keyboard, arrows do not move the selection.
    h.key_press(egui::Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(h.state().state().selected_row(), Some(4));
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().state().reader.focused);
}

#[test]
fn a_restart_restores_folder_sort_filter_and_columns() {
    let mut h = loaded_sample();
    h.get_all_by_label("Words").last().unwrap().click(); // the column, after the tab
    h.run_steps(2);
    h.get_all_by_label("Words").last().unwrap().click(); // the column, after the tab
    h.run_steps(2);
    h.get_by_label("Presets").click();
    h.run_steps(2);
    h.get_by_label("2020").click();
    h.run_steps(2);
    // The timeline counts per year, then is hidden.
    h.get_by_role(egui::accesskit::Role::ComboBox).click();
    h.run_steps(2);
    h.get_by_label("Year").click();
    h.run_steps(2);
    assert_eq!(h.state().state().timeline.period, Period::Year);
    assert_eq!(
        h.state().state().timeline.all.counts.len(),
        16,
        "2010 to 2025"
    );
    h.get_all_by_label("Timeline")
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .click();
    h.run_steps(2);
    let saved = h.state().app().settings_ron();
    let before = h.state().state().settings.clone();
    drop(h);

    let mut restarted = harness(Settings::from_ron(&saved), None);
    restarted.step();
    settle(&mut restarted);
    let app = restarted.state().state();
    assert_eq!(app.settings, before);
    assert_eq!(app.folder(), Some(sample_data().as_path()));
    assert_eq!(
        app.settings.sort,
        SortOrder {
            column: SortColumn::Words,
            descending: true
        }
    );
    assert_eq!(
        app.settings.filter.from,
        NaiveDate::from_ymd_opt(2020, 1, 1)
    );
    assert_eq!(
        app.settings.filter.to,
        NaiveDate::from_ymd_opt(2020, 12, 31)
    );
    let d = dates(app);
    assert!(d.iter().flatten().all(|d| d.year() == 2020));
    assert_eq!(d.iter().flatten().count(), 4);
    assert!(!app.settings.timeline_open);
    assert_eq!(app.timeline.period, Period::Year);
}

#[test]
fn the_skipped_count_opens_the_list_of_skipped_files() {
    let mut h = loaded_sample();
    h.get_by_label("2 skipped").click();
    h.run_steps(3);
    h.get_by_label("drafts/unfinished.txt");
    h.get_by_label("empty file (0 bytes)");
    // A bad record inside a file of many is listed with its position.
    h.get_by_label("crawls/feed.jsonl");
    h.get_by_label("line 6: not valid JSON: EOF while parsing a string (column 501)");
}

#[test]
fn text_in_any_script_renders_with_system_fonts() {
    // A missing glyph fails the harness, so rendering this article proves the fallback works:
    // through fontconfig, with the subsets of Noto fonts in `tests/fonts` only.
    if rerun_with_project_fonts("window::text_in_any_script_renders_with_system_fonts") {
        return;
    }
    let mut h = harness(Settings::default(), None);
    h.step();
    drop_folder(
        &mut h,
        sample_data().join("international/024_9b1e5c0d7a2f4e68.txt"),
    );
    let app = h.state().state();
    assert_eq!(
        &*app.selected_article().unwrap().title,
        "Harbour Museums From Four Continents Sign Pact on Stolen Objects"
    );
    h.get_by_label_contains("盗まれた物は");
    h.get_by_label_contains("تبادل السجلات");
    h.get_by_label_contains("הזיכרון של הים");
    h.get_by_label_contains("जुने ते सोने");
    snapshot(&mut h, "multilingual");
}

#[test]
fn reload_brings_the_table_up_to_date_and_the_reader_notices_changes() {
    let (dir, mut h) = opened_on(&[
        ("a.txt", "First Story\n\nIt begins."),
        ("b.txt", "Another Story\n\nMeanwhile."),
    ]);
    assert_eq!(h.state().state().view.ids.len(), 2);
    h.get_by_label("First Story").click();
    h.step();
    settle(&mut h);
    h.get_by_label("It begins.");

    // The file changes under the open corpus: reading it again says so.
    std::fs::write(
        dir.path().join("a.txt"),
        "First Story\n\nIt begins again, at more length.",
    )
    .unwrap();
    h.get_by_label("Another Story").click();
    h.step();
    settle(&mut h);
    h.get_by_label("First Story").click();
    h.step();
    settle(&mut h);
    h.get_by_label("It begins again, at more length.");
    h.get_by_label_contains("changed since the folder was scanned");

    // A new file appears; F5 rescans, keeps the selection and the warning goes.
    std::fs::write(dir.path().join("c.txt"), "Third Story\n\nNew.").unwrap();
    h.key_press(egui::Key::F5);
    h.step();
    settle(&mut h);
    let app = h.state().state();
    assert_eq!(app.view.ids.len(), 3, "reload finds the new file");
    assert_eq!(
        &*app.selected_article().unwrap().title,
        "First Story",
        "reload keeps the selection"
    );
    assert!(
        h.query_by_label_contains("changed since the folder was scanned")
            .is_none()
    );
}

#[test]
fn a_vanished_file_is_reported_in_the_reader() {
    let (dir, mut h) = opened_on(&[
        ("a.txt", "Gone Soon\n\nBody."),
        ("b.txt", "Staying\n\nBody."),
    ]);
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    h.get_by_label("Gone Soon").click();
    h.step();
    settle(&mut h);
    h.get_by_label_contains("the file no longer exists");
    h.get_by_label_contains("Reload (F5)");
}

#[test]
fn column_menu_shows_optional_columns_and_theme_switches() {
    let mut h = loaded_sample();
    assert!(h.query_by_label("Dateline").is_none());
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Columns").hover();
    h.run_steps(2);
    h.get_by_label("Dateline").click();
    h.run_steps(3);
    assert!(h.state().state().settings.columns.dateline);
    // The header now has a Dateline column and a row shows one.
    assert!(h.get_all_by_label("PORT ALDER, Ore. (VW)").count() >= 1);

    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Theme").hover();
    h.run_steps(2);
    h.get_by_label("Light").click();
    h.run_steps(2);
    assert_eq!(
        h.state().state().settings.theme,
        corpus_explorer::app::ThemeChoice::Light
    );
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
}

#[test]
fn dragging_over_the_window_says_what_a_drop_will_do() {
    let mut h = loaded_sample();
    h.input_mut().hovered_files.push(egui::HoveredFile {
        path: Some(PathBuf::from("/home/reporter/harbour-coverage")),
        mime: String::new(),
    });
    h.run_steps(2);
    snapshot(&mut h, "drop_overlay");
    // The table underneath is unchanged until something is dropped.
    assert_eq!(h.state().state().view.ids.len(), 62);
}

#[test]
fn opening_another_folder_mid_scan_replaces_it_without_mixing_rows() {
    let big = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        let folder = big.path().join(format!("f{}", i % 30));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join(format!("{i:04}.txt")),
            format!("Story {i}\n\nBody {i}."),
        )
        .unwrap();
    }
    let mut h = harness(Settings::default(), None);
    h.step();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(big.path().to_path_buf())));
    // A few frames into the big scan, open the sample folder instead.
    for _ in 0..3 {
        h.step();
    }
    drop_folder(&mut h, sample_data());
    let app = h.state().state();
    assert_eq!(app.folder(), Some(sample_data().as_path()));
    assert_eq!(app.corpus.as_ref().unwrap().articles.len(), 62);
    assert!(titles(app).iter().all(|t| !t.starts_with("Story ")));
    assert_eq!(
        app.settings.recent_folders.first().map(PathBuf::as_path),
        Some(sample_data().as_path())
    );
}

/// A folder without articles says which files would have been read: every format, not only
/// plain text.
#[test]
fn an_empty_folder_names_every_format_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.pdf"), "not an article").unwrap();
    let mut h = harness(Settings::default(), None);
    h.step();
    drop_folder(&mut h, dir.path().to_path_buf());
    h.get_by_label("No articles in this folder");
    for format in [
        "plain text (.txt)",
        "text with front matter (.md, .markdown)",
        "LexisNexis text export (.txt)",
        "Nexis Uni DOCX export (.docx)",
        "JSON (.json)",
        "JSON Lines (.jsonl, .ndjson)",
        "CSV (.csv)",
        "TSV (.tsv)",
    ] {
        h.get_by_label_contains(format);
    }
}
