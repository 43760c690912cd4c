//! The window, driven headless with egui_kittest: a dropped folder fills the table, headers
//! sort, the date filter narrows, rows select by click and keyboard, the reader shows the text,
//! and a restart restores folder, sort and filter. PNG snapshots of the main states.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Tests fail loudly by design.
// A test reads as one story, its steps in order with what each checks: the length limit is
// for the program's functions.
#![allow(clippy::too_many_lines)]

mod common;
use common::{Dropped, sample_data};

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike as _, NaiveDate};
use corpus_explorer::app::{AppState, BodyState, Command, IndexState, Settings};
use corpus_explorer::corpus::timeline::Period;
use corpus_explorer::corpus::{DateFilter, SortColumn, SortOrder};
use corpus_explorer::ui::CorpusWindow;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, SnapshotOptions};

fn harness(settings: Settings, folder: Option<PathBuf>) -> Harness<'static, CorpusWindow> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(|ctx| {
            ctx.add_font_provider(Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            ));
        })
        .build_eframe(move |cc| {
            let mut window = CorpusWindow::with_settings(&cc.egui_ctx, settings, folder);
            // Each window keeps its search index in its own temporary folder, not in the
            // user's cache.
            window
                .app_mut()
                .set_index_root(Some(tempfile::tempdir().unwrap().keep()));
            window
        })
}

/// Step until the scan is over and the reader (if anything is selected) has its body.
fn settle(h: &mut Harness<'static, CorpusWindow>) {
    let started = Instant::now();
    loop {
        h.step();
        let app = h.state().state();
        let scanned = app.corpus.as_ref().is_some_and(|c| c.is_complete())
            && !app.opening
            && !app.is_scanning();
        let read = !matches!(app.reader.body, BodyState::Loading);
        // Once a scan has finished, a worker builds the sort keys; the table sorts with them.
        let keyed = app.corpus.is_none() || h.state().app().has_sort_keys();
        // The index is built after the scan; a search runs on a worker.
        let searched = !matches!(app.search.index, IndexState::Building) && !app.search.running;
        if scanned && read && keyed && searched {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the window did not settle"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // A few more frames so the view is rebuilt and laid out.
    for _ in 0..4 {
        h.step();
    }
}

fn drop_folder(h: &mut Harness<'static, CorpusWindow>, path: PathBuf) {
    h.input_mut().dropped_files.push(Arc::new(Dropped(path)));
    h.step();
    settle(h);
}

fn titles(app: &AppState) -> Vec<String> {
    let corpus = app.corpus.as_ref().unwrap();
    app.view
        .ids
        .iter()
        .map(|&id| corpus.articles[id as usize].title.to_string())
        .collect()
}

fn dates(app: &AppState) -> Vec<Option<NaiveDate>> {
    let corpus = app.corpus.as_ref().unwrap();
    app.view
        .ids
        .iter()
        .map(|&id| corpus.articles[id as usize].date)
        .collect()
}

fn snapshot_options() -> SnapshotOptions {
    // The status bar shows the scan time, which differs from run to run by a few pixels.
    SnapshotOptions::default().max_failed_pixels(600)
}

fn loaded_sample() -> Harness<'static, CorpusWindow> {
    let mut h = harness(Settings::default(), None);
    h.step();
    drop_folder(&mut h, sample_data());
    h
}

#[test]
fn empty_state_invites_a_folder_and_a_drop_fills_the_table() {
    let mut h = harness(Settings::default(), None);
    h.run_steps(3);
    h.get_by_label("Open folder…");
    h.get_by_label("or drop a folder here");
    h.snapshot_options("empty", &snapshot_options());

    drop_folder(&mut h, sample_data());
    let app = h.state().state();
    assert_eq!(app.view.ids.len(), 60);
    assert_eq!(app.corpus.as_ref().unwrap().skipped.len(), 2);
    h.get_by_label("Showing 60 of 60 articles");
    h.get_by_label("2 skipped");
    // Default sort: date ascending, undated last.
    let d = dates(h.state().state());
    assert_eq!(d[0], NaiveDate::from_ymd_opt(2010, 1, 11));
    assert!(d.last().unwrap().is_none());
    h.snapshot_options("loaded", &snapshot_options());
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

    h.get_by_label("Words").click();
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
    h.get_by_label("Showing 9 of 60 articles");
    h.snapshot_options("filtered", &snapshot_options());

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
    assert_eq!(h.state().state().view.ids.len(), 60);
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
    h.snapshot_options("reader", &snapshot_options());

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
    h.get_by_label("Words").click();
    h.run_steps(2);
    h.get_by_label("Words").click();
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
    // A missing glyph fails the harness, so rendering this article proves the fallback works.
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
    h.snapshot_options("multilingual", &snapshot_options());
}

/// A window opened (as on the command line) on a new folder holding `files`.
fn opened_on(files: &[(&str, &str)]) -> (tempfile::TempDir, Harness<'static, CorpusWindow>) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut h = harness(Settings::default(), Some(dir.path().to_path_buf()));
    h.step();
    settle(&mut h);
    (dir, h)
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
    h.snapshot_options("drop_overlay", &snapshot_options());
    // The table underneath is unchanged until something is dropped.
    assert_eq!(h.state().state().view.ids.len(), 60);
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
    assert_eq!(app.corpus.as_ref().unwrap().articles.len(), 60);
    assert!(titles(app).iter().all(|t| !t.starts_with("Story ")));
    assert_eq!(
        app.settings.recent_folders.first().map(PathBuf::as_path),
        Some(sample_data().as_path())
    );
}

/// Type `query` into the search box (replacing what is there) and wait for the results.
fn search_for(h: &mut Harness<'static, CorpusWindow>, query: &str) {
    // Ctrl+F gives the search box the keyboard.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.step();
    assert!(
        h.ctx.memory(|m| m.focused().is_some()),
        "Ctrl+F focuses the box"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    let search = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap();
    search.type_text(query);
    h.step();
    settle(h);
}

/// The titles of the sample articles that match `query`, read from the files with the
/// reference matcher.
fn matching_titles(app: &AppState, query: &str) -> Vec<String> {
    let corpus = app.corpus.as_ref().unwrap();
    let mut matcher =
        corpus_explorer::search::Matcher::new(corpus_explorer::search::parse(query).unwrap());
    let mut titles: Vec<String> = corpus
        .articles
        .iter()
        .filter(|a| {
            let body = corpus_explorer::corpus::load_body(&corpus.root, a, 1 << 20).unwrap();
            matcher.run(&a.title, &body.text).is_some()
        })
        .map(|a| a.title.to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn typing_a_query_filters_the_table_and_the_reader_steps_through_highlighted_hits() {
    let mut h = loaded_sample();
    assert!(matches!(
        h.state().state().search.index,
        IndexState::Ready(..)
    ));
    search_for(&mut h, "bridge");
    let app = h.state().state();
    let mut shown = titles(app);
    shown.sort();
    assert_eq!(shown, matching_titles(app, "bridge"));
    assert!(shown.len() > 3 && shown.len() < 60, "{shown:?}");
    assert!(app.search.results.as_ref().unwrap().used_index);
    let hits = app.view.hits;
    h.get_by_label_contains(&format!("{hits} hits for bridge"));

    // The Hits column sorts, most hits first.
    h.get_by_label("Hits").click();
    h.run_steps(2);
    let app = h.state().state();
    let counts = app.search.counts().unwrap();
    let sorted: Vec<u32> = app.view.ids.iter().map(|&id| counts[id as usize]).collect();
    assert!(sorted.windows(2).all(|w| w[0] >= w[1]), "{sorted:?}");

    // The reader shows the first hit of the selected article; Next and Previous step through
    // them, wrapping around.
    h.get_by_label("Jury Convicts Contractor Tobias Halvard in Kestrel Bridge Collapse")
        .click();
    h.step();
    settle(&mut h);
    let count = h.state().state().reader.hit_count();
    assert!(count >= 3, "{count}");
    h.get_by_label(&format!("hit 1 of {count}"));
    h.get_by_label("Next hit").click();
    h.run_steps(2);
    h.get_by_label(&format!("hit 2 of {count}"));
    h.get_by_label("Previous hit").click();
    h.get_by_label("Previous hit").click();
    h.run_steps(2);
    h.get_by_label(&format!("hit {count} of {count}"));
    // Enter in the reader moves on too.
    h.state_mut().app_mut().push(Command::FocusReader(true));
    h.step();
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    h.get_by_label(&format!("hit 1 of {count}"));
    h.snapshot_options("search", &snapshot_options());

    // Combined with the date filter.
    h.get_by_label("Presets").click();
    h.run_steps(2);
    h.get_by_label("2021").click();
    h.run_steps(3);
    let app = h.state().state();
    assert!(
        dates(app)
            .iter()
            .all(|d| d.is_none_or(|d| d.year() == 2021))
    );
    assert!(!app.view.ids.is_empty() && app.view.ids.len() < shown.len());

    // Clearing the search brings every article of the range back.
    search_for(&mut h, "");
    assert!(h.state().state().search.results.is_none());
    assert!(h.query_by_label("Hits").is_none());
}

#[test]
fn a_malformed_query_is_shown_with_a_hint_and_changes_nothing() {
    let mut h = loaded_sample();
    search_for(&mut h, "\"kestrel narrows");
    h.get_by_label_contains("quotation mark is not closed");
    assert!(h.state().state().search.results.is_none());
    assert_eq!(h.state().state().view.ids.len(), 60);
    // Closing the quote makes it a phrase query.
    let search = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap();
    search.focus();
    h.step();
    h.key_press(egui::Key::End);
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap()
        .type_text("\"");
    h.step();
    settle(&mut h);
    let app = h.state().state();
    assert!(app.search.error.is_none());
    let mut shown = titles(app);
    shown.sort();
    assert_eq!(shown, matching_titles(app, "\"kestrel narrows\""));
    assert!(!shown.is_empty());
}

#[test]
fn concordance_lines_sort_by_context_open_the_article_at_the_hit_and_export() {
    let mut h = loaded_sample();
    search_for(&mut h, "bridge");
    let lines = h.state().state().search.concordance.len() as u64;
    assert_eq!(lines, h.state().state().view.hits, "one line per hit");
    h.get_by_label(&format!("Concordance ({lines} hits)"))
        .click();
    h.run_steps(2);
    h.snapshot_options("concordance", &snapshot_options());

    // Sorted by the word just left of the hit.
    h.get_by_label("Left context").click();
    h.run_steps(2);
    let app = h.state().state();
    let results = app.search.results.as_ref().unwrap();
    let nearest_left: Vec<String> = app
        .search
        .concordance
        .iter()
        .map(|&i| {
            let left = &results.lines[i as usize].left;
            left.split_whitespace()
                .next_back()
                .unwrap_or_default()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let mut sorted = nearest_left.clone();
    sorted.sort();
    assert_eq!(nearest_left, sorted);

    // A click on a line opens its article at that hit.
    let third = app.search.concordance[2];
    let line = results.lines[third as usize].clone();
    let article = app.corpus.as_ref().unwrap().articles[line.article as usize].clone();
    let right = line.right.to_string();
    h.get_by_label(&right).click();
    h.step();
    settle(&mut h);
    let app = h.state().state();
    assert_eq!(app.selection, Some(line.article));
    assert_eq!(app.reader.current_hit, line.hit as usize);
    h.get_by_label(&format!(
        "hit {} of {}",
        line.hit + 1,
        h.state().state().reader.hit_count()
    ));
    assert_eq!(
        h.state().state().reader.hit_count() as u32,
        h.state().state().search.counts().unwrap()[line.article as usize]
    );
    assert!(!article.title.is_empty());

    // Export writes the lines as shown.
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("lines.csv");
    h.state_mut()
        .app_mut()
        .push(Command::ExportConcordanceTo(csv.clone()));
    let started = Instant::now();
    while h.query_by_label_contains("Exported").is_none() {
        h.step();
        assert!(started.elapsed() < Duration::from_secs(10), "no export");
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u64, lines);
    assert_eq!(&rows[0][1], &*results_left(&h, 0));
}

fn results_left(h: &Harness<'static, CorpusWindow>, row: usize) -> String {
    let app = h.state().state();
    let results = app.search.results.as_ref().unwrap();
    results.lines[app.search.concordance[row] as usize]
        .left
        .to_string()
}

#[test]
fn search_reads_every_article_when_there_is_no_index() {
    let mut h = harness(Settings::default(), None);
    h.state_mut().app_mut().set_index_root(None);
    h.step();
    drop_folder(&mut h, sample_data());
    assert!(matches!(
        h.state().state().search.index,
        IndexState::NotStarted
    ));
    search_for(&mut h, "astrolabe OR trawler");
    let app = h.state().state();
    assert!(!app.search.results.as_ref().unwrap().used_index);
    let mut shown = titles(app);
    shown.sort();
    assert_eq!(shown, matching_titles(app, "astrolabe OR trawler"));
    assert!(shown.len() >= 3);
}

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
    h.snapshot_options("timeline", &snapshot_options());

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
    assert_eq!(h.state().state().view.ids.len(), 60);
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
            window.app_mut().set_index_root(None);
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
