//! What the window does when a background thread dies: the scan's stream ends without its
//! last message, or a worker panics. Driven headless with egui_kittest, with the failures
//! injected where the window receives them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::CorpusWindow;
use crate::app::{
    AppState, Command, IndexFailure, IndexState, Job, OpenPurpose, Settings, WorkerEvent,
};
use crate::corpus::{ScanEvent, ScanHandle, scan_folder};

fn sample_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

fn harness() -> Harness<'static, CorpusWindow> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| {
            let mut window = CorpusWindow::with_settings(&cc.egui_ctx, Settings::default(), None);
            window.app_mut().set_cache_root(None);
            window.app_mut().set_data_root(None);
            window
        })
}

fn step_until(h: &mut Harness<'static, CorpusWindow>, done: impl Fn(&AppState) -> bool) {
    let started = Instant::now();
    while !done(h.state().state()) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the window did not get there"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.step();
}

#[test]
fn a_scan_that_dies_keeps_what_was_read_and_offers_a_reload() {
    let full = scan_folder(&sample_data()).unwrap();
    let mut h = harness();
    // A scan whose threads die after one batch: the stream ends without `Finished`.
    let (sender, receiver) = std::sync::mpsc::sync_channel(4);
    let half: Vec<_> = full.articles.iter().take(20).cloned().collect();
    let mut progress = full.progress;
    progress.articles = 20;
    sender
        .send(ScanEvent::Batch {
            articles: half,
            skipped: Vec::new(),
            stamps: Default::default(),
            progress,
        })
        .unwrap();
    drop(sender);
    let ctx = h.ctx.clone();
    let root = full.root.clone();
    h.state_mut().app_mut().start_corpus(
        &ctx,
        ScanHandle::from_receiver(root, receiver),
        None,
        OpenPurpose::Open,
    );
    step_until(&mut h, |app| !app.is_scanning());

    let app = h.state().state();
    let corpus = app.corpus.as_ref().unwrap();
    assert!(corpus.is_complete(), "no progress bar left running");
    assert_eq!(corpus.articles.len(), 20, "the articles read are kept");
    assert_eq!(app.view.ids.len(), 20, "and shown");
    let notice = app.notice.as_ref().unwrap().to_string();
    assert!(notice.contains("stopped unexpectedly"), "{notice}");
    assert!(notice.contains("20 articles"), "{notice}");

    // The way to continue: the banner's Reload scans the folder again, whole.
    h.get_by_label("Reload folder").click();
    h.step();
    assert!(
        h.state().state().opening || h.state().state().is_scanning(),
        "the reload started"
    );
    step_until(&mut h, |app| {
        !app.opening && app.corpus.as_ref().is_some_and(|c| c.is_complete()) && !app.is_scanning()
    });
    let app = h.state().state();
    assert_eq!(
        app.corpus.as_ref().unwrap().articles.len(),
        full.articles.len()
    );
    assert_eq!(app.notice, None, "the reload clears the banner");
}

#[test]
fn a_worker_that_panics_is_reported_and_nothing_waits_for_it() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    // Without a folder, the banner has nothing to reload.
    h.state_mut().app_mut().on_worker_event(
        &ctx,
        WorkerEvent::Crashed {
            job: Job::OpenFolder,
            message: "index out of bounds".to_owned(),
        },
    );
    h.step();
    assert!(!h.state().state().opening, "the spinner stops");
    let notice = h.state().state().notice.as_ref().unwrap().to_string();
    assert!(
        notice.starts_with("Opening the folder failed unexpectedly")
            && notice.contains("index out of bounds"),
        "{notice}"
    );
    assert!(h.query_by_label("Reload folder").is_none());
    h.get_by_label("Dismiss").click();
    h.step();
    assert_eq!(h.state().state().notice, None);

    // With a folder open, an indexer that panics leaves search working without an index.
    h.state_mut().app_mut().push(Command::Open(sample_data()));
    h.step();
    step_until(&mut h, |app| {
        !app.opening && app.corpus.as_ref().is_some_and(|c| c.is_complete()) && !app.is_scanning()
    });
    h.state_mut().app_mut().state_mut().search.index = IndexState::Building;
    h.state_mut().app_mut().on_worker_event(
        &ctx,
        WorkerEvent::Crashed {
            job: Job::Indexer,
            message: "disk full".to_owned(),
        },
    );
    h.step();
    assert!(matches!(
        &h.state().state().search.index,
        IndexState::Failed(IndexFailure::Crashed(m)) if m == "disk full"
    ));
    assert!(h.query_by_label("Reload folder").is_some());
}
