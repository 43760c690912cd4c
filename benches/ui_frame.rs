//! The window with a million articles in memory: CPU time of one frame (layout and
//! tessellation, no GPU), idle and while Page Down moves the selection, and the cost of
//! re-sorting and re-filtering the table's view, and of counting the timeline's bars again. Then
//! the concordance with 100,000 hits: a frame, and a frame that re-sorts it by the left context.
//!
//! Run: `cargo bench --bench ui_frame`. Targets: a frame under 8 ms (the timeline's share under
//! 2 ms), a sort under 150 ms, a date filter under 15 ms, re-binning under 20 ms.

use std::time::Duration;

use chrono::NaiveDate;
use corpus_explorer::app::{CentralTab, Command, Recount, Settings, TimelineState, View};
use corpus_explorer::corpus::{Corpus, SortKeys};
use corpus_explorer::corpus::{DateFilter, SortColumn, SortOrder};
use corpus_explorer::search::ConcordanceSort;
use corpus_explorer::ui::CorpusWindow;
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/corpus_gen.rs"]
#[allow(dead_code)]
mod corpus_gen;
#[path = "support/synthetic.rs"]
mod synthetic;

const ARTICLES: u64 = 1_000_000;

fn synthetic_corpus(n: u64) -> Corpus {
    let mut corpus = Corpus::new(std::env::temp_dir().join("synthetic-corpus"));
    corpus.articles = std::sync::Arc::new(synthetic::synthetic_articles(n));
    corpus
}

fn raw_input(events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        events,
        ..Default::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut CorpusWindow, events: Vec<egui::Event>) -> usize {
    let mut output = ctx.run_ui(raw_input(events), |ui| app.frame(ui));
    // No renderer takes the font atlas here: dropping its updates is intended.
    output.textures_delta.clear();
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn page_down() -> egui::Event {
    egui::Event::Key {
        key: egui::Key::PageDown,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

fn bench_frames(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = CorpusWindow::with_settings(&ctx, Settings::default(), None);
    app.app_mut().set_data_root(None);
    app.app_mut().show_corpus(synthetic_corpus(ARTICLES));
    for _ in 0..3 {
        frame(&ctx, &mut app, Vec::new());
    }
    let mut group = c.benchmark_group("frame_1m_articles");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("idle", |b| b.iter(|| frame(&ctx, &mut app, Vec::new())));
    group.bench_function("page_down", |b| {
        b.iter(|| frame(&ctx, &mut app, vec![page_down()]));
    });
    // What the timeline adds to a frame: the same idle frame without it.
    app.app_mut().push(Command::ShowTimeline(false));
    frame(&ctx, &mut app, Vec::new());
    group.bench_function("idle_without_timeline", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()));
    });
    group.finish();
}

/// 25,000 small articles with four hits each of the word searched for.
#[allow(clippy::expect_used)] // A benchmark without its data cannot run.
fn concordance_corpus(dir: &std::path::Path) -> Corpus {
    let words = [
        "tide", "ferry", "council", "pier", "storm", "quota", "vote", "bridge",
    ];
    for i in 0..25_000usize {
        let folder = dir.join(format!("f{:02}", i % 50));
        std::fs::create_dir_all(&folder).expect("temp folder");
        let mut text = format!("Story {i}\n\n");
        for k in 0..40 {
            let word = words[(i * 7 + k * 3) % words.len()];
            text.push_str(if k % 10 == 4 { "harbour" } else { word });
            text.push_str(if k % 9 == 8 { ".\n" } else { " " });
        }
        std::fs::write(folder.join(format!("{i:05}.txt")), text).expect("temp file");
    }
    corpus_explorer::corpus::scan_folder(dir).expect("scan")
}

#[allow(clippy::expect_used)]
fn bench_concordance(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let ctx = egui::Context::default();
    let mut app = CorpusWindow::with_settings(&ctx, Settings::default(), None);
    app.app_mut().set_cache_root(None);
    app.app_mut().set_data_root(None);
    app.app_mut().show_corpus(concordance_corpus(dir.path()));
    app.app_mut().push(Command::SetQuery("harbour".to_owned()));
    frame(&ctx, &mut app, Vec::new());
    while app.state().search.running {
        std::thread::sleep(Duration::from_millis(20));
        frame(&ctx, &mut app, Vec::new());
    }
    app.app_mut()
        .push(Command::ShowTab(CentralTab::Concordance));
    for _ in 0..3 {
        frame(&ctx, &mut app, Vec::new());
    }
    assert_eq!(app.state().search.concordance.len(), 100_000);
    let mut group = c.benchmark_group("concordance_100k_hits");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("frame", |b| b.iter(|| frame(&ctx, &mut app, Vec::new())));
    group.bench_function("sort_by_left_context", |b| {
        b.iter(|| {
            app.app_mut()
                .push(Command::SortConcordance(ConcordanceSort::Left));
            frame(&ctx, &mut app, Vec::new())
        });
    });
    group.finish();
}

fn bench_view(c: &mut Criterion) {
    let corpus = synthetic_corpus(ARTICLES);
    let articles = &corpus.articles;
    let mut group = c.benchmark_group("view_1m_articles");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    // Once per finished corpus, on a worker thread.
    group.bench_function("sort_keys_build", |b| {
        b.iter(|| SortKeys::build(articles).len());
    });
    let keys = SortKeys::build(articles);
    let sorted = |order: SortOrder| keys.sorted(articles, order);
    // A click on a header: sort the whole corpus with the keys, then the view.
    for column in SortColumn::ALL {
        let order = SortOrder {
            column,
            descending: true,
        };
        group.bench_function(format!("sort_{column:?}"), |b| {
            b.iter(|| {
                View::from_sorted(&sorted(order), &keys, &DateFilter::default())
                    .ids
                    .len()
            });
        });
    }
    // A change of the date filter: one pass over the corpus in its current order.
    let one_year = DateFilter {
        from: NaiveDate::from_ymd_opt(2015, 1, 1),
        to: NaiveDate::from_ymd_opt(2015, 12, 31),
        include_undated: false,
    };
    let by_title = sorted(SortOrder {
        column: SortColumn::Title,
        descending: false,
    });
    group.bench_function("filter_one_year", |b| {
        b.iter(|| View::from_sorted(&by_title, &keys, &one_year).ids.len());
    });
    // The timeline after a filter change: count the articles shown per month (here all of
    // them, the most there can be), and the whole corpus too (after a period change).
    let everything = View::from_sorted(&by_title, &keys, &DateFilter::default());
    let mut timeline = TimelineState::default();
    for (name, recount) in [
        ("timeline_rebin_shown", Recount::ShownOnly),
        ("timeline_rebin_all_and_shown", Recount::AllToo),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                timeline.recount(
                    articles,
                    Some(&keys),
                    everything.date_span,
                    &everything.ids,
                    recount,
                );
                timeline.shown.counts.len()
            });
        });
    }
    // Before the keys are ready (while a scan runs): filter and sort reading the records.
    for column in [SortColumn::Date, SortColumn::Title] {
        let order = SortOrder {
            column,
            descending: true,
        };
        group.bench_function(format!("records_sort_{column:?}"), |b| {
            b.iter(|| {
                View::build(articles, &DateFilter::default(), order)
                    .ids
                    .len()
            });
        });
    }
    group.finish();
}

/// Step frames until the marks are opened and every change is on disk.
fn settle_marks(ctx: &egui::Context, app: &mut CorpusWindow) {
    while app.app().marks_busy() {
        std::thread::sleep(Duration::from_millis(2));
        frame(ctx, app, Vec::new());
    }
}

/// Tag all shown, on 100,000 articles: from the command to the marks on disk (the table shows
/// the tags in the first frame; the store is written on the marks thread). Prints the size of
/// the store with every article tagged.
#[allow(clippy::expect_used, clippy::print_stdout)]
fn bench_tagging(c: &mut Criterion) {
    let data = tempfile::tempdir().expect("temp dir");
    let ctx = egui::Context::default();
    let mut app = CorpusWindow::with_settings(&ctx, Settings::default(), None);
    app.app_mut().set_cache_root(None);
    app.app_mut().set_data_root(Some(data.path().to_path_buf()));
    app.app_mut().show_corpus(synthetic_corpus(100_000));
    frame(&ctx, &mut app, Vec::new());
    settle_marks(&ctx, &mut app);
    assert_eq!(app.state().view.ids.len(), 100_000);
    let mut group = c.benchmark_group("tag_all_shown_100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let mut on = true;
    group.bench_function("first_frame", |b| {
        b.iter(|| {
            app.app_mut().push(Command::TagShown {
                tag: "relevant".to_owned(),
                on,
            });
            on = !on;
            frame(&ctx, &mut app, Vec::new())
        });
        settle_marks(&ctx, &mut app);
    });
    group.bench_function("until_written", |b| {
        b.iter(|| {
            app.app_mut().push(Command::TagShown {
                tag: "relevant".to_owned(),
                on,
            });
            on = !on;
            frame(&ctx, &mut app, Vec::new());
            settle_marks(&ctx, &mut app);
        });
    });
    group.finish();
    if !on {
        app.app_mut().push(Command::TagShown {
            tag: "relevant".to_owned(),
            on: true,
        });
        frame(&ctx, &mut app, Vec::new());
        settle_marks(&ctx, &mut app);
    }
    let marks = &app.state().marks;
    assert_eq!(marks.marks.articles.len(), 100_000);
    let store = marks.store.as_ref().expect("a store");
    let bytes = std::fs::metadata(&store.path).expect("the store").len();
    println!(
        "store with 100,000 tagged articles: {bytes} bytes ({:.1} MB, {:.0} bytes an article)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e5
    );
}

criterion_group!(
    benches,
    bench_frames,
    bench_view,
    bench_concordance,
    bench_tagging
);
criterion_main!(benches);
