//! The window, driven headless with egui_kittest: a dropped folder fills the table, headers
//! sort, the date filter narrows, rows select by click and keyboard, the reader shows the text,
//! and a restart restores folder, sort and filter. PNG snapshots of the main states.

// Tests fail loudly by design; a test reads as one story (its steps in order, with what each
// checks), so the length limit on functions is for the program's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

#[path = "../common/mod.rs"]
mod common;
use common::{Dropped, fixtures, sample_data};

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike as _, NaiveDate};
use corpus_explorer::app::{
    AppState, BodyState, CheckState, Command, FamiliesStatus, IndexState, Settings, TAG_FACET,
};
use corpus_explorer::corpus::timeline::Period;
use corpus_explorer::corpus::{DateFilter, SortColumn, SortOrder};
use corpus_explorer::ui::CorpusWindow;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, SnapshotOptions};

fn harness(settings: Settings, folder: Option<PathBuf>) -> Harness<'static, CorpusWindow> {
    // Each window keeps its search index and catalogs in its own temporary folder, not in the
    // user's cache.
    harness_in(tempfile::tempdir().unwrap().keep(), settings, folder)
}

/// A window keeping its search indexes and catalogs in `cache`.
fn harness_in(
    cache: PathBuf,
    settings: Settings,
    folder: Option<PathBuf>,
) -> Harness<'static, CorpusWindow> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(|ctx| {
            ctx.add_font_provider(Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            ));
        })
        .build_eframe(move |cc| {
            let mut window = CorpusWindow::with_settings(&cc.egui_ctx, settings, folder);
            window.app_mut().set_data_root(Some(cache.join("data")));
            window.app_mut().set_cache_root(Some(cache));
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
        // A folder read from its catalog is checked against its files.
        let checked = !matches!(app.check, Some(CheckState::Running));
        // The facet columns are built, and the marks opened and saved, on their own thread.
        let marked = !h.state().app().marks_busy();
        // Story families are found once the scan is over, from the words counted.
        let families = app.corpus.is_none()
            || matches!(
                app.families.status,
                FamiliesStatus::Ready | FamiliesStatus::Failed(_)
            );
        if scanned && read && keyed && searched && checked && marked && families {
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

/// Step until the reader has the hits of the query in effect (they come with its text, read
/// again for the query).
fn wait_for_reader_hits(h: &mut Harness<'static, CorpusWindow>) {
    let started = Instant::now();
    while h.state().state().reader.hit_count() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no hits in the reader"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The fontconfig configuration that shows only the project's own fonts (`tests/fonts`).
fn project_fonts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fonts/fonts.conf")
}

/// Run the test `name` (its path in this test binary) again, alone, in a child process whose
/// system font fallback (fontconfig) sees only the project's fonts, so it needs no font
/// installed on the machine; true in the parent, once the child passed, false in the child,
/// which then runs the test.
fn rerun_with_project_fonts(name: &str) -> bool {
    let fonts = project_fonts();
    if std::env::var_os("FONTCONFIG_FILE").is_some_and(|f| f == fonts.as_os_str()) {
        return false;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env("FONTCONFIG_FILE", &fonts)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{name} with the project's fonts failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    true
}

mod families;
mod snapshot_check;
use snapshot_check::snapshot;
mod marking;
mod searching;
mod timeline_formats_changes;
mod trends;
mod window;
mod words;
