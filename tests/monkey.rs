//! A monkey test of the window (issue 7). On the loaded sample corpus, thousands of random
//! actions with a fixed seed: clicks anywhere (left, right, middle, double, triple) and on
//! random widgets, pointer moves, scroll wheels (plain, Ctrl, Shift), keys (arrows, Page
//! Up/Down, Home/End, Enter, Escape, Tab, Space, Delete, Backspace, F3, F5, Ctrl+F, Ctrl+A, zoom
//! …), typing and pasting random text (words of the corpus, search syntax, dates, any script,
//! combining marks, bidi controls, long runs; typed text holds what a window backend delivers
//! as typed, pasted text anything) into whatever has the keyboard and into each text field on
//! purpose (the search box, From and To), drags across the table, the timeline and anywhere
//! (panel edges, column edges), window resizes, hovering files over the window, and drops of
//! odd paths (a missing path, a file of the sample data, `/etc/passwd/x`, `/dev/null`, an empty
//! folder, a folder of odd entries — a FIFO, a socket, a dangling link, a link loop, unreadable
//! files and folders, binary noise, a name that is not UTF-8 — and the sample folder again).
//! The other tests here drive what the monkey seldom reaches (every sort order, races between
//! the search and the reader) and show that each invariant check can fail.
//!
//! After every frame no panic may have happened, no worker may have crashed, and the app's
//! state invariants must hold ([`check_invariants`]); whenever the workers are idle
//! (every few dozen actions) the window must also show what the state says (the search box's
//! text, the From/To fields, the status bar's counts, the reader's text read again from the
//! file). A failure names the seed, the step and the last actions.
//!
//! egui 0.37 can panic in debug builds ("attempt to subtract with overflow" in
//! `text_cursor_state.rs`, `ccursor_previous_word`) on a double-click with the right or middle
//! button in a text field; release builds wrap and carry on. That is not this app's bug, so the
//! monkey clicks text fields with those buttons only once at a time.
//!
//! `MONKEY_STEPS` (default 3000) and `MONKEY_SEED` (decimal or `0x…`) run other or longer
//! sequences, e.g. `MONKEY_STEPS=50000 MONKEY_SEED=7 cargo test --test monkey`. A seed fixes
//! the monkey's choices, not the workers' timing, so a rerun follows the same path only as long
//! as the timing agrees.
//!
//! The monkey must never open a dialog or start a program: it does not click (or press Enter
//! or Space on) the widgets that would (Open folder…, Quit, Open file, Show in folder, Export
//! CSV…: their rectangles are looked up every step and remembered), never presses Ctrl+O, and
//! runs in a child process whose environment can start nothing (an empty `PATH`, no D-Bus
//! session, no display), so that even a click that lands on such a button as it appears does
//! nothing outside the test; such slips are detected and reported. Settings are never saved
//! (the harness has no storage), and the search index lives in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Tests fail loudly by design.
// A test reads as one story, its steps in order with what each checks: the length limit is
// for the program's functions.
#![allow(clippy::too_many_lines)]

mod common;
use common::{Dropped, make_fifo};

use std::collections::{BTreeMap, VecDeque};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use corpus_explorer::app::{AppState, BodyState, Command, IndexState, Settings};
use corpus_explorer::corpus::SkipReason;
use corpus_explorer::corpus::timeline::Period;
use corpus_explorer::search::SearchResults;
use corpus_explorer::test_support::check_invariants;
use corpus_explorer::ui::CorpusWindow;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Rect, Vec2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::NodeT as _;

/// Actions in a default (CI) run.
const DEFAULT_STEPS: usize = 3000;
/// The default seed.
const DEFAULT_SEED: u64 = 0x6d6f_6e6b_6579;
/// Set in the child process that runs the monkey (see [`monkey`]).
const SANDBOX_VAR: &str = "CORPUS_EXPLORER_MONKEY_SANDBOX";
/// Actions between two waits for the workers (and the checks of what the window shows).
const SETTLE_EVERY: usize = 40;
/// Actions named in a failure.
const LOG_LEN: usize = 20;
/// Widgets that open a dialog, start a program or close the window (by the start of their
/// accessible label).
const DANGEROUS: [&str; 5] = [
    "Open folder",
    "Quit",
    "Open file",
    "Show in folder",
    "Export CSV",
];
/// Window size.
const WINDOW: Vec2 = vec2(1280.0, 800.0);

/// The monkey, in a child process that cannot start programs or show dialogs.
#[test]
fn monkey() {
    if std::env::var_os(SANDBOX_VAR).is_some() {
        let steps = env_number("MONKEY_STEPS").map_or(DEFAULT_STEPS, |n| n as usize);
        let seed = env_number("MONKEY_SEED").unwrap_or(DEFAULT_SEED);
        run_monkey(seed, steps);
        return;
    }
    let nothing = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["monkey", "--exact", "--nocapture", "--test-threads=1"])
        .env(SANDBOX_VAR, "1")
        // No program can be found, no portal or file manager reached, no window shown.
        .env("PATH", nothing.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/monkey-bus",
        )
        .env("XDG_RUNTIME_DIR", nothing.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("BROWSER")
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the monkey failed (its report is above): {status}"
    );
}

/// A number from the environment, decimal or `0x` hex.
fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim().replace('_', "");
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number")))
}

fn run_monkey(seed: u64, steps: usize) {
    let index_root = tempfile::tempdir().unwrap();
    let places = Places::new();
    let mut monkey = Monkey::new(seed, steps, index_root.path().to_path_buf(), places);
    let started = Instant::now();
    monkey.load_sample();
    while monkey.step < steps {
        monkey.step += 1;
        monkey.act();
        if monkey.step.is_multiple_of(SETTLE_EVERY) {
            monkey.settle("periodic");
            monkey.back_to_sample();
        }
        if monkey.step.is_multiple_of(1000) {
            println!(
                "monkey: {} of {steps} actions, {} frames, {:.1} s",
                monkey.step,
                monkey.frames,
                started.elapsed().as_secs_f64()
            );
        }
    }
    monkey.settle("the end");
    let never: Vec<&str> = [
        "date range",
        "selection",
        "selection hidden",
        "query",
        "results",
        "another folder",
        "reader hits",
    ]
    .into_iter()
    .filter(|s| !monkey.seen.contains_key(s))
    .collect();
    println!("monkey: frames per state: {:?}", monkey.seen);
    println!(
        "monkey (seed {seed:#x}): {steps} actions, {} frames, {} settles in {:.1} s; slips: {}; \
         actions: {:?}",
        monkey.frames,
        monkey.settles,
        started.elapsed().as_secs_f64(),
        if monkey.slips.is_empty() {
            "none".to_owned()
        } else {
            monkey.slips.join("; ")
        },
        monkey.counts
    );
    if steps >= DEFAULT_STEPS {
        // The run must reach the states that matter (a change to the window could leave the
        // monkey stuck outside them).
        assert!(never.is_empty(), "the monkey never reached: {never:?}");
    }
    assert!(
        monkey.slips.is_empty(),
        "the monkey activated widgets it must avoid (harmless in its sandbox): {:?}",
        monkey.slips
    );
}

/// splitmix64: a small, fixed, good-enough generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True `percent` times in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn float(&mut self, low: f32, high: f32) -> f32 {
        let unit = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        low + (high - low) * unit
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index chosen with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut at = (self.next() % u64::from(total.max(1))) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if at < w {
                return i;
            }
            at -= w;
        }
        weights.len() - 1
    }
}

/// Paths to drop on the window.
struct Places {
    sample: PathBuf,
    sample_files: Vec<PathBuf>,
    empty: tempfile::TempDir,
    odd: tempfile::TempDir,
}

impl Places {
    fn new() -> Self {
        let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let mut sample_files = Vec::new();
        let mut folders = vec![sample.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    sample_files.push(path);
                }
            }
        }
        sample_files.sort();
        let empty = tempfile::tempdir().unwrap();
        let odd = tempfile::tempdir().unwrap();
        odd_folder(odd.path());
        Self {
            sample,
            sample_files,
            empty,
            odd,
        }
    }

    /// A path to drop, and what it is.
    fn pick(&self, rng: &mut Rng) -> (&'static str, PathBuf) {
        match rng.weighted(&[2, 6, 1, 1, 1, 2, 2, 8, 2, 1]) {
            0 => (
                "missing",
                PathBuf::from(format!("/nonexistent/monkey/{}", rng.below(100))),
            ),
            1 => ("a sample file", rng.pick(&self.sample_files).clone()),
            2 => ("not a folder", PathBuf::from("/etc/passwd/x")),
            3 => ("a device", PathBuf::from("/dev/null")),
            4 => ("an empty folder", self.empty.path().to_path_buf()),
            5 => ("the odd folder", self.odd.path().to_path_buf()),
            6 => ("an odd entry", self.odd.path().join(rng.pick(&ODD_ENTRIES))),
            7 => ("the sample folder", self.sample.clone()),
            8 => ("a sample sub-folder", self.sample.join("court-news")),
            _ => ("a missing file in the sample", self.sample.join("gone.txt")),
        }
    }
}

/// Entries of the odd folder a drop may name.
const ODD_ENTRIES: [&str; 7] = [
    "pipe.txt",
    "socket.txt",
    "gone.txt",
    "locked.txt",
    "sealed",
    "noise.txt",
    "story.txt",
];

/// A folder of odd entries: a FIFO, a socket and a dangling link named like articles, a link
/// loop, a file and a folder no one may read (root reads them anyway), binary noise, a name
/// that is not UTF-8, and one good article.
fn odd_folder(dir: &Path) {
    use std::os::unix::ffi::OsStrExt as _;
    use std::os::unix::fs::PermissionsExt as _;
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    write(
        "story.txt",
        "Harbour Story\n\nThe bridge over the harbour opened. Félix said: 盗まれた物は.".as_bytes(),
    );
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write("noise.txt", &noise);
    write("locked.txt", b"Locked\n\nNobody may read this.");
    std::fs::set_permissions(
        dir.join("locked.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::create_dir(dir.join("sealed")).unwrap();
    std::fs::write(dir.join("sealed/inside.txt"), "Inside\n\nSealed away.").unwrap();
    std::fs::set_permissions(dir.join("sealed"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("gone.txt")).unwrap();
    std::os::unix::fs::symlink(dir, dir.join("loop")).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff.txt");
    std::fs::write(
        dir.join(name),
        "Not UTF-8 Name\n\nThe file's name is Latin-1.",
    )
    .unwrap();
    // A socket and a FIFO named like articles.
    let socket = std::os::unix::net::UnixListener::bind(dir.join("socket.txt"));
    let fifo = make_fifo(&dir.join("pipe.txt"));
    if socket.is_err() || fifo.is_err() {
        println!("monkey: the odd folder has no socket or no FIFO");
    }
}

impl Drop for Places {
    /// Make the unreadable entries removable again (for a user other than root).
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt as _;
        for (name, mode) in [("sealed", 0o755), ("locked.txt", 0o644)] {
            let _ = std::fs::set_permissions(
                self.odd.path().join(name),
                std::fs::Permissions::from_mode(mode),
            );
        }
    }
}

/// A widget as the accessibility tree describes it.
#[derive(Clone, Debug)]
struct Widget {
    role: Role,
    label: String,
    rect: Rect,
    focused: bool,
    placeholder: Option<String>,
    value: Option<String>,
}

impl Widget {
    fn dangerous(&self) -> bool {
        DANGEROUS.iter().any(|d| self.label.starts_with(d))
    }

    /// An entry of a menu (shown only while the menu the monkey opened is open).
    fn in_menu(&self) -> bool {
        self.label.starts_with("Open folder") || self.label.starts_with("Quit")
    }
}

/// Where things are in the window, from the last frame's accessibility tree.
struct Layout {
    widgets: Vec<Widget>,
    /// The table's body (below its header), if shown.
    table: Option<Rect>,
    /// The timeline's chart, if shown.
    timeline: Option<Rect>,
}

struct Monkey {
    h: Harness<'static, CorpusWindow>,
    rng: Rng,
    seed: u64,
    steps: usize,
    step: usize,
    frames: u64,
    settles: usize,
    size: Vec2,
    places: Places,
    log: VecDeque<String>,
    /// Where dangerous widgets are or may appear before the next look (see [`Self::layout`]).
    zones: Vec<Rect>,
    /// Where the reader's and the concordance's dangerous buttons were seen lately.
    seen_danger: Vec<Rect>,
    slips: Vec<String>,
    last_notice: Option<String>,
    counts: BTreeMap<&'static str, usize>,
    /// Frames spent in each state worth reaching (to see the monkey gets there).
    seen: BTreeMap<&'static str, usize>,
    /// Check the invariants after every frame (the targeted tests load the sample without).
    checking: bool,
    /// The text fields' texts at the last look, for a failure report.
    fields: String,
}

impl Monkey {
    fn new(seed: u64, steps: usize, index_root: PathBuf, places: Places) -> Self {
        let h = Harness::builder()
            .with_size(WINDOW)
            // Typed text may be in any script; a box for a character no font has is fine here
            // (tests/ui.rs checks the app's own text renders).
            .allow_missing_glyphs()
            .with_step_dt(1.0 / 60.0)
            .with_context_setup(|ctx| {
                ctx.add_font_provider(Arc::new(
                    egui_system_font_provider::SystemFontProvider::new(),
                ));
            })
            .build_eframe(move |cc| {
                let mut window =
                    CorpusWindow::with_settings(&cc.egui_ctx, Settings::default(), None);
                window.app_mut().set_index_root(Some(index_root));
                window
            });
        Self {
            h,
            rng: Rng(seed),
            seed,
            steps,
            step: 0,
            frames: 0,
            settles: 0,
            size: WINDOW,
            places,
            log: VecDeque::new(),
            zones: Vec::new(),
            seen_danger: Vec::new(),
            slips: Vec::new(),
            last_notice: None,
            counts: BTreeMap::new(),
            seen: BTreeMap::new(),
            checking: true,
            fields: String::new(),
        }
    }

    /// Open the sample folder and wait for the workers.
    fn load_sample(&mut self) {
        self.frame();
        let sample = self.places.sample.clone();
        self.h
            .input_mut()
            .dropped_files
            .push(Arc::new(Dropped(sample)));
        self.frame();
        self.settle("loading the sample");
        let app = self.h.state().state();
        assert_eq!(app.view.ids.len(), 60, "the sample corpus did not load");
        assert!(matches!(app.search.index, IndexState::Ready(..)));
    }

    /// Record an action for the failure report.
    fn note(&mut self, kind: &'static str, what: impl std::fmt::Display) {
        *self.counts.entry(kind).or_default() += 1;
        if self.log.len() == LOG_LEN {
            self.log.pop_front();
        }
        self.log.push_back(format!("#{} {kind}: {what}", self.step));
    }

    /// The last actions, one a line.
    fn recent(&self) -> String {
        let lines: Vec<&str> = self.log.iter().map(String::as_str).collect();
        lines.join("\n  ")
    }

    #[track_caller]
    fn fail(&self, message: &str) -> ! {
        let log = format!("  {}\n", self.recent());
        panic!(
            "monkey failed at action {} of {} (frame {}), seed {:#x}:\n{message}\nlast actions:\n\
             {log}text fields at the last look: {}\n\
             rerun: MONKEY_SEED={:#x} MONKEY_STEPS={} cargo test --test monkey",
            self.step, self.steps, self.frames, self.seed, self.fields, self.seed, self.steps
        );
    }

    /// Run one frame, then check that nothing panicked or crashed and the invariants hold.
    fn frame(&mut self) {
        let h = &mut self.h;
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| h.step()));
        self.frames += 1;
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            self.fail(&format!("the window panicked: {message}"));
        }
        if self.checking
            && let Err(message) = check_invariants(self.h.state().app())
        {
            self.fail(&format!("broken invariants:\n{message}"));
        }
        self.watch();
        self.count_states();
    }

    /// Count the frames spent in states worth reaching.
    fn count_states(&mut self) {
        let app = self.h.state().state();
        let sample = self.places.sample.as_path();
        let filter = app.settings.filter;
        let states = [
            ("scanning", app.is_scanning()),
            ("another folder", app.folder().is_some_and(|f| f != sample)),
            ("date range", filter.from.is_some() || filter.to.is_some()),
            ("undated hidden", !filter.include_undated),
            ("no rows", app.corpus.is_some() && app.view.ids.is_empty()),
            (
                "no rows: empty folder",
                app.corpus.as_ref().is_some_and(|c| c.articles.is_empty()),
            ),
            (
                "no rows: no hits",
                app.view.ids.is_empty() && app.view.hidden_by_search > 0,
            ),
            ("selection", app.selection.is_some()),
            (
                "selection hidden",
                app.selection.is_some() && app.selected_row().is_none(),
            ),
            ("reader focused", app.reader.focused),
            ("query", app.search.query.is_some()),
            ("search error", app.search.error.is_some()),
            ("results", app.search.results.is_some()),
            ("reader hits", app.reader.hit_count() > 0),
            (
                "sorted by hits",
                app.search.sort_by_hits.is_some() && !app.view.ids.is_empty(),
            ),
            (
                "concordance",
                app.search.results.is_some()
                    && app.tab == corpus_explorer::app::CentralTab::Concordance,
            ),
            (
                "sorted not by date",
                app.settings.sort.column != Default::default(),
            ),
            ("descending", app.settings.sort.descending),
            ("timeline hidden", !app.settings.timeline_open),
            ("notice", app.notice.is_some()),
            ("skipped window", app.show_skipped),
            (
                "body failed",
                matches!(app.reader.body, BodyState::Failed(_)),
            ),
            ("zoomed", (self.h.ctx.zoom_factor() - 1.0).abs() > 0.01),
        ];
        for (name, holds) in states {
            if holds {
                *self.seen.entry(name).or_default() += 1;
            }
        }
    }

    /// Crashed workers and the traces of a dangerous widget activated by mistake.
    fn watch(&mut self) {
        let app = self.h.state().state();
        let mut problem = None;
        if let Some(notice) = app.notice.as_ref().map(ToString::to_string)
            && notice.contains("(a bug in corpus-explorer)")
        {
            problem = Some(format!("a worker crashed: {notice}"));
        }
        if let BodyState::Failed(message) = &app.reader.body
            && message.to_string().contains("unexpectedly")
        {
            problem = Some(format!("reading an article panicked: {message}"));
        }
        if let Some(failure) = &app.search.failure {
            problem = Some(format!("the search failed: {failure}"));
        }
        if let Some(corpus) = &app.corpus
            && let Some(crashed) = corpus
                .skipped
                .iter()
                .find(|s| matches!(s.reason, SkipReason::Crashed(_)))
        {
            problem = Some(format!(
                "reading {} panicked: {}",
                crashed.path, crashed.reason
            ));
        }
        if let Some(problem) = problem {
            self.fail(&problem);
        }
        let notice = app.notice.as_ref().map(ToString::to_string);
        if notice != self.last_notice {
            if let Some(text) = &notice
                && [
                    "No folder dialog",
                    "Could not open the",
                    "Exported",
                    "Could not export",
                ]
                .iter()
                .any(|t| text.contains(t))
            {
                let slip = format!("action {}: {text}", self.step);
                println!("monkey slip: {slip}; last actions:\n  {}", self.recent());
                self.slips.push(slip);
            }
            self.last_notice = notice;
        }
        let closing = self.h.output().viewport_output.values().any(|v| {
            v.commands
                .iter()
                .any(|c| matches!(c, egui::ViewportCommand::Close))
        });
        if closing {
            let slip = format!("action {}: the window was asked to close", self.step);
            println!("monkey slip: {slip}; last actions:\n  {}", self.recent());
            self.slips.push(slip);
        }
    }

    /// Run one frame per event, or (sometimes) all of them in one frame, as a fast user or a
    /// slow frame would.
    fn send(&mut self, events: Vec<Event>) {
        if events.is_empty() {
            self.frame();
        } else if self.rng.chance(15) {
            self.h.input_mut().events.extend(events);
            self.frame();
        } else {
            for event in events {
                self.h.input_mut().events.push(event);
                self.frame();
            }
        }
        if self.rng.chance(10) {
            // Give the workers a moment, so their answers arrive between actions too.
            std::thread::sleep(Duration::from_millis(self.rng.below(6) as u64));
            self.frame();
        }
    }

    /// The widgets of the last frame; remembers where the dangerous ones are.
    fn layout(&mut self) -> Layout {
        let ppp = self.h.ctx.pixels_per_point();
        let mut widgets = Vec::new();
        for node in self.h.root().children_recursive() {
            let node = node.accesskit_node();
            let Some(bounds) = node.bounding_box() else {
                continue;
            };
            let rect = Rect::from_min_max(
                pos2(bounds.x0 as f32 / ppp, bounds.y0 as f32 / ppp),
                pos2(bounds.x1 as f32 / ppp, bounds.y1 as f32 / ppp),
            );
            widgets.push(Widget {
                role: node.role(),
                label: node.label().unwrap_or_default(),
                rect,
                focused: node.is_focused(),
                placeholder: node.data().placeholder().map(str::to_owned),
                value: node.value(),
            });
        }
        // The reader's buttons and the export button appear (or move, when a notice comes or
        // goes above them) as the workers answer, possibly between this look and a click:
        // their places seen lately are avoided, widened up and down by a notice's height.
        for widget in widgets.iter().filter(|w| w.dangerous() && !w.in_menu()) {
            let rect = widget.rect;
            if !self
                .seen_danger
                .iter()
                .any(|r| (r.min - rect.min).length() < 1.0 && (r.max - rect.max).length() < 1.0)
            {
                self.seen_danger.push(rect);
                if self.seen_danger.len() > 24 {
                    self.seen_danger.remove(0);
                }
            }
        }
        self.zones = widgets
            .iter()
            .filter(|w| w.dangerous())
            .map(|w| w.rect.expand(6.0))
            .chain(self.seen_danger.iter().map(|r| r.expand2(vec2(6.0, 70.0))))
            .collect();
        // Where Open file and Show in folder will appear when an article gets selected (a
        // dropped file is selected once the scan finds it): right of Copy text, at the top of
        // the reader, which starts at its splitter.
        let reader_splitter = widgets
            .iter()
            .filter(|w| {
                w.role == Role::Splitter
                    && w.label == "Resize panel"
                    && w.rect.height() > w.rect.width()
            })
            .map(|w| w.rect)
            .max_by(|a, b| a.height().total_cmp(&b.height()));
        if let Some(splitter) = reader_splitter {
            self.zones.push(Rect::from_min_max(
                pos2(splitter.right() + 70.0, splitter.top() - 70.0),
                pos2(splitter.right() + 270.0, splitter.top() + 100.0),
            ));
        }
        self.fields = widgets
            .iter()
            .filter(|w| w.role == Role::TextInput)
            .map(|w| {
                format!(
                    "{:?}{}: {:?}",
                    w.placeholder.as_deref().unwrap_or_default(),
                    if w.focused { " (focused)" } else { "" },
                    w.value.as_deref().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let header = widgets
            .iter()
            .filter(|w| w.role == Role::Button && w.label == "Title")
            .map(|w| w.rect)
            .min_by(|a, b| a.top().total_cmp(&b.top()));
        let reader_left = reader_splitter.map_or(self.size.x, |r| r.left());
        let table = header.map(|h| {
            Rect::from_min_max(
                pos2(4.0, h.bottom() + 4.0),
                pos2(reader_left - 12.0, self.size.y - 30.0),
            )
        });
        let timeline_top = widgets
            .iter()
            .filter(|w| w.label == "Fit")
            .map(|w| w.rect.bottom())
            .next();
        let timeline = timeline_top.zip(header).and_then(|(top, header)| {
            let rect = Rect::from_min_max(
                pos2(60.0, top + 6.0),
                pos2(reader_left - 16.0, header.top() - 30.0),
            );
            (rect.height() > 10.0 && rect.width() > 40.0).then_some(rect)
        });
        Layout {
            widgets,
            table,
            timeline,
        }
    }

    fn safe(&self, pos: Pos2) -> bool {
        !self.zones.iter().any(|r| r.contains(pos))
    }

    /// A random point of the window that is not on a dangerous widget.
    fn point(&mut self) -> Pos2 {
        self.point_in(Rect::from_min_size(Pos2::ZERO, self.size))
    }

    fn point_in(&mut self, area: Rect) -> Pos2 {
        for _ in 0..50 {
            let pos = pos2(
                self.rng.float(area.left(), area.right()),
                self.rng.float(area.top(), area.bottom()),
            );
            if self.safe(pos) {
                return pos;
            }
        }
        pos2(1.0, self.size.y - 1.0)
    }

    /// The label of the smallest widget at `pos`, for the log.
    fn under(layout: &Layout, pos: Pos2) -> String {
        layout
            .widgets
            .iter()
            .filter(|w| w.rect.contains(pos))
            .min_by(|a, b| a.rect.area().total_cmp(&b.rect.area()))
            .map_or_else(String::new, |w| {
                format!(" on {:?} {:?}", w.role, shorten(&w.label))
            })
    }

    /// One random action.
    fn act(&mut self) {
        // A quiet frame first: a popup opened by the last click is drawn a frame later, and
        // must be in the layout looked at (a menu covers the widgets under it).
        self.frame();
        let layout = self.layout();
        let empty = self.h.state().state().view.ids.is_empty();
        let weights = [
            18,                        // click anywhere
            16,                        // click a widget
            5,                         // move the pointer
            7,                         // scroll
            16,                        // key
            8,                         // type
            7,                         // type into a text field
            5,                         // drag across the table
            5,                         // drag across the timeline
            3,                         // drag anywhere
            2,                         // drop
            1,                         // hover files
            1,                         // resize
            if empty { 8 } else { 1 }, // bring rows back
            2,                         // wait for the workers
        ];
        match self.rng.weighted(&weights) {
            0 => self.click_anywhere(&layout),
            1 => self.click_widget(&layout),
            2 => {
                let pos = self.point();
                self.note("move", format!("{pos:?}"));
                let event = if self.rng.chance(10) {
                    Event::PointerGone
                } else {
                    Event::PointerMoved(pos)
                };
                self.send(vec![event]);
            }
            3 => self.scroll(&layout),
            4 => self.key(&layout),
            5 => {
                let text = self.text();
                self.note("type", format!("{:?}", shorten(&text)));
                self.type_text(text);
            }
            6 => self.type_into_field(&layout),
            7 => match layout.table {
                Some(area) => self.drag("drag table", area, PointerButton::Primary, &layout),
                None => self.click_anywhere(&layout),
            },
            8 => match layout.timeline {
                Some(area) => {
                    let button = if self.rng.chance(75) {
                        PointerButton::Primary
                    } else {
                        PointerButton::Secondary
                    };
                    self.drag("drag timeline", area, button, &layout);
                }
                None => self.click_anywhere(&layout),
            },
            9 => {
                let area = Rect::from_min_size(Pos2::ZERO, self.size);
                self.drag("drag anywhere", area, PointerButton::Primary, &layout);
            }
            10 => self.drop_path(),
            11 => self.hover_files(),
            12 => self.resize(),
            13 => self.recover(&layout),
            _ => {
                self.note("wait", String::new());
                self.settle("waiting");
            }
        }
    }

    /// Bring rows back, as a user facing an empty table would: open the sample folder again
    /// (when the folder has no articles), or click what clears the search or the date filter.
    fn recover(&mut self, layout: &Layout) {
        let app = self.h.state().state();
        if app.corpus.as_ref().is_some_and(|c| c.articles.is_empty()) {
            let sample = self.places.sample.clone();
            self.note("recover", format!("drop {}", sample.display()));
            self.h
                .input_mut()
                .dropped_files
                .push(Arc::new(Dropped(sample)));
            self.frame();
            return;
        }
        let labels: &[&str] = if app.view.hidden_by_search > 0 {
            &["Clear the search", "×"]
        } else {
            &["Clear the date filter", "Clear", "Reset", "Dismiss"]
        };
        let candidates: Vec<Widget> = layout
            .widgets
            .iter()
            .filter(|w| labels.contains(&w.label.as_str()) && self.safe(w.rect.center()))
            .cloned()
            .collect();
        if candidates.is_empty() {
            self.click_widget(layout);
            return;
        }
        let widget = self.rng.pick(&candidates).clone();
        self.note(
            "recover",
            format!("{:?} at {:?}", widget.label, widget.rect.center()),
        );
        self.click_at(
            widget.rect.center(),
            PointerButton::Primary,
            1,
            Modifiers::NONE,
        );
    }

    fn click_anywhere(&mut self, layout: &Layout) {
        let pos = self.point();
        let button = *self.rng.pick(&[
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Secondary,
            PointerButton::Middle,
        ]);
        let mut times = *self.rng.pick(&[1, 1, 1, 1, 1, 1, 2, 2, 3]);
        if button != PointerButton::Primary
            && layout
                .widgets
                .iter()
                .any(|w| w.role == Role::TextInput && w.rect.contains(pos))
        {
            times = 1; // egui's double-click bug: see the module's notes.
        }
        let modifiers = self.click_modifiers();
        let on = Self::under(layout, pos);
        self.note(
            "click",
            format!("{button:?} ×{times} {modifiers:?} at {pos:?}{on}"),
        );
        self.click_at(pos, button, times, modifiers);
    }

    fn click_modifiers(&mut self) -> Modifiers {
        match self.rng.below(20) {
            0 => Modifiers::SHIFT,
            1 => Modifiers::COMMAND,
            2 => Modifiers::ALT,
            _ => Modifiers::NONE,
        }
    }

    fn click_at(&mut self, pos: Pos2, button: PointerButton, times: usize, modifiers: Modifiers) {
        let mut events = vec![Event::PointerMoved(pos)];
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(modifiers));
        }
        for _ in 0..times {
            for pressed in [true, false] {
                events.push(Event::PointerButton {
                    pos,
                    button,
                    pressed,
                    modifiers,
                });
            }
        }
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(Modifiers::NONE));
        }
        self.send(events);
    }

    fn click_widget(&mut self, layout: &Layout) {
        let window = Rect::from_min_size(Pos2::ZERO, self.size);
        // Mostly controls (buttons, boxes, links, tabs, headers…), else anything (labels, the
        // table's cells, the reader's paragraphs).
        let controls_only = self.rng.chance(60);
        let candidates: Vec<&Widget> = layout
            .widgets
            .iter()
            .filter(|w| {
                !w.dangerous()
                    && w.role != Role::Window
                    && w.rect.area() > 4.0
                    && window.contains(w.rect.center())
                    && self.safe(w.rect.center())
                    && (!controls_only || is_control(w.role))
            })
            .collect();
        if candidates.is_empty() {
            self.click_anywhere(layout);
            return;
        }
        let widget = (*self.rng.pick(&candidates)).clone();
        let button = if self.rng.chance(12) {
            PointerButton::Secondary
        } else {
            PointerButton::Primary
        };
        let mut times = if self.rng.chance(10) { 2 } else { 1 };
        if button != PointerButton::Primary && widget.role == Role::TextInput {
            times = 1; // egui's double-click bug: see the module's notes.
        }
        self.note(
            "click widget",
            format!(
                "{button:?} ×{times} on {:?} {:?} at {:?}",
                widget.role,
                shorten(&widget.label),
                widget.rect.center()
            ),
        );
        self.click_at(widget.rect.center(), button, times, Modifiers::NONE);
    }

    fn scroll(&mut self, layout: &Layout) {
        let area = match self.rng.below(4) {
            0 => layout.table,
            1 => layout.timeline,
            _ => None,
        };
        let pos = match area {
            Some(area) => self.point_in(area),
            None => self.point(),
        };
        let delta = if self.rng.chance(20) {
            vec2(self.rng.float(-400.0, 400.0), 0.0)
        } else {
            vec2(0.0, self.rng.float(-900.0, 900.0))
        };
        let unit = *self.rng.pick(&[
            egui::MouseWheelUnit::Point,
            egui::MouseWheelUnit::Point,
            egui::MouseWheelUnit::Line,
            egui::MouseWheelUnit::Page,
        ]);
        let modifiers = match self.rng.below(6) {
            0 => Modifiers::COMMAND,
            1 => Modifiers::SHIFT,
            _ => Modifiers::NONE,
        };
        self.note(
            "scroll",
            format!(
                "{delta:?} {unit:?} {modifiers:?} at {pos:?}{}",
                Self::under(layout, pos)
            ),
        );
        self.send(vec![
            Event::PointerMoved(pos),
            Event::ModifiersChanged(modifiers),
            Event::MouseWheel {
                unit,
                delta,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers,
            },
            Event::ModifiersChanged(Modifiers::NONE),
        ]);
    }

    fn key(&mut self, layout: &Layout) {
        const KEYS: [Key; 27] = [
            Key::ArrowDown,
            Key::ArrowDown,
            Key::ArrowUp,
            Key::ArrowUp,
            Key::ArrowLeft,
            Key::ArrowRight,
            Key::PageDown,
            Key::PageUp,
            Key::Home,
            Key::End,
            Key::Enter,
            Key::Enter,
            Key::Escape,
            Key::Escape,
            Key::Tab,
            Key::Tab,
            Key::Space,
            Key::Delete,
            Key::Backspace,
            Key::Backspace,
            Key::F3,
            Key::F5,
            Key::A,
            Key::C,
            Key::V,
            Key::Z,
            Key::Insert,
        ];
        let (modifiers, key) = match self.rng.below(14) {
            0 => (Modifiers::COMMAND, Key::F),
            1 => (Modifiers::COMMAND, Key::A),
            2 => (
                Modifiers::SHIFT,
                *self.rng.pick(&[Key::Tab, Key::Enter, Key::F3]),
            ),
            3 => (
                Modifiers::COMMAND,
                *self.rng.pick(&[
                    Key::Plus,
                    Key::Minus,
                    Key::Num0,
                    Key::Num0,
                    Key::C,
                    Key::X,
                    Key::V,
                    Key::Z,
                    Key::Y,
                    Key::ArrowLeft,
                    Key::ArrowRight,
                    Key::Backspace,
                    Key::Delete,
                    Key::Home,
                    Key::End,
                ]),
            ),
            4 => (Modifiers::ALT, *self.rng.pick(&KEYS)),
            _ => (Modifiers::NONE, *self.rng.pick(&KEYS)),
        };
        let mut key = key;
        // A focused button is pressed by Enter or Space: never a dangerous one.
        if matches!(key, Key::Enter | Key::Space)
            && let Some(focused) = layout.widgets.iter().find(|w| w.focused && w.dangerous())
        {
            self.note(
                "key",
                format!("Escape instead of {key:?} on {:?}", focused.label),
            );
            key = Key::Escape;
        }
        assert!(
            !(modifiers.command || modifiers.ctrl) || key != Key::O,
            "Ctrl+O opens the folder dialog"
        );
        let repeat = if self.rng.chance(10) {
            self.rng.below(8) + 2
        } else {
            1
        };
        self.note("key", format!("{modifiers:?} {key:?} ×{repeat}"));
        let mut events = Vec::new();
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(modifiers));
        }
        for i in 0..repeat {
            events.push(Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: i > 0,
                modifiers,
            });
        }
        events.push(Event::Key {
            key,
            physical_key: None,
            pressed: false,
            repeat: false,
            modifiers,
        });
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(Modifiers::NONE));
        }
        self.send(events);
    }

    /// Random text: words of the corpus and the search syntax, any script, odd characters.
    fn text(&mut self) -> String {
        const PIECES: [&str; 44] = [
            "bridge",
            "harbour",
            "Kestrel",
            "kestrel narrows",
            "Greyhaven",
            "trawler",
            "astrolabe",
            "quota",
            "ferry",
            "verdict",
            "contract*",
            "title:verdict",
            "title:\"bridge\"",
            "\"kestrel narrows\"",
            "\"open",
            " OR ",
            " AND ",
            "-",
            "(",
            ")",
            "\"",
            "*",
            ":",
            " ",
            "  ",
            "2021",
            "2021-06-03",
            "Félix",
            "FELIX",
            "盗まれた物は",
            "تبادل السجلات",
            "הזיכרון של הים",
            "जुने ते सोने",
            "ΣΊΣΥΦΟΣ",
            "straße",
            "İstanbul",
            "e\u{301}",
            "👩‍👩‍👧",
            "\u{202e}",
            "\u{feff}",
            "\t",
            "\u{0}",
            "\n",
            "\\",
        ];
        let mut text = String::new();
        match self.rng.below(10) {
            0 => {
                // Any characters at all.
                for _ in 0..self.rng.below(12) + 1 {
                    let c = char::from_u32(self.rng.below(0x3_0000) as u32).unwrap_or('?');
                    text.push(c);
                }
            }
            1 => {
                // A long run.
                let piece = *self.rng.pick(&PIECES);
                for _ in 0..self.rng.below(80) + 20 {
                    text.push_str(piece);
                    text.push(' ');
                }
            }
            _ => {
                for _ in 0..self.rng.below(4) + 1 {
                    let piece = PIECES[self.rng.below(PIECES.len())];
                    text.push_str(piece);
                    if self.rng.chance(60) {
                        text.push(' ');
                    }
                }
            }
        }
        text
    }

    /// Text into whatever has the keyboard: typed (sometimes in pieces) or pasted. Typed text
    /// holds only what a window backend delivers as typed (egui-winit drops control and
    /// private-use characters: Enter, Tab and the like come as keys); pasted text may hold
    /// anything.
    fn type_text(&mut self, text: String) {
        let typed: String = text.chars().filter(|&c| typeable(c)).collect();
        let events = match self.rng.below(5) {
            0 => vec![Event::Paste(text)],
            1 => typed.chars().map(|c| Event::Text(c.to_string())).collect(),
            _ if typed.is_empty() => Vec::new(),
            _ => vec![Event::Text(typed)],
        };
        self.send(events);
    }

    /// Focus one of the text fields (search box, From, To) and type into it.
    fn type_into_field(&mut self, layout: &Layout) {
        let fields: Vec<&Widget> = layout
            .widgets
            .iter()
            .filter(|w| w.role == Role::TextInput && self.safe(w.rect.center()))
            .collect();
        if fields.is_empty() {
            let text = self.text();
            self.note("type", format!("{:?} (no field)", shorten(&text)));
            self.type_text(text);
            return;
        }
        let field = (*self.rng.pick(&fields)).clone();
        let is_date = field.placeholder.as_deref() == Some("YYYY-MM-DD");
        let text = if !is_date && self.rng.chance(40) {
            // A query with hits in the sample.
            (*self.rng.pick(&[
                "bridge",
                "harbour",
                "kestrel narrows",
                "\"kestrel narrows\"",
                "bridge OR ferry",
                "title:verdict",
                "contract*",
                "Greyhaven -quota",
                "felix",
                "盗まれた",
            ]))
            .to_owned()
        } else if is_date && self.rng.chance(50) {
            // A day in the sample's span.
            format!(
                "{}-{:02}-{:02}",
                2010 + self.rng.below(16),
                1 + self.rng.below(12),
                1 + self.rng.below(28)
            )
        } else if is_date && self.rng.chance(70) {
            (*self.rng.pick(&[
                "2021-03-01",
                "2020-02-29",
                "2021-02-29",
                "2019-06-03",
                "2010-01-11",
                "2025-03-15",
                "2030-01-01",
                "1900-01-01",
                "0001-01-01",
                "0000-01-01",
                "9999-12-31",
                "-0001-01-01",
                "+10000-01-01",
                "2021-13-01",
                "2021-3-1",
                "20210301",
                " 2021-06-03 ",
                "２０２１-０１-０１",
                "x",
                "",
            ]))
            .to_owned()
        } else {
            self.text()
        };
        let focus_by_click = self.rng.chance(50);
        self.note(
            "field",
            format!(
                "{:?} (value {:?}) ← {:?}, focus by {}",
                field.placeholder.as_deref().unwrap_or(&field.label),
                field.value.as_deref().map(shorten),
                shorten(&text),
                if focus_by_click { "click" } else { "accesskit" }
            ),
        );
        if focus_by_click {
            self.click_at(
                field.rect.center(),
                PointerButton::Primary,
                1,
                Modifiers::NONE,
            );
        } else {
            let node = self
                .h
                .root()
                .children_recursive()
                .find(|n| {
                    let n = n.accesskit_node();
                    n.role() == Role::TextInput
                        && n.data().placeholder() == field.placeholder.as_deref()
                })
                .map(|n| n.accesskit_node().locate());
            if let Some((target_node, target_tree)) = node {
                self.send(vec![Event::AccessKitActionRequest(
                    egui::accesskit::ActionRequest {
                        action: egui::accesskit::Action::Focus,
                        target_node,
                        target_tree,
                        data: None,
                    },
                )]);
            }
        }
        if self.rng.chance(70) {
            // Select all and delete, as a user replacing the text.
            self.send(vec![
                Event::ModifiersChanged(Modifiers::COMMAND),
                Event::Key {
                    key: Key::A,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Modifiers::COMMAND,
                },
                Event::ModifiersChanged(Modifiers::NONE),
                Event::Key {
                    key: Key::Backspace,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Modifiers::NONE,
                },
            ]);
        }
        self.type_text(text);
        let end = *self.rng.pick(&[
            None,
            Some(Key::Enter),
            Some(Key::Tab),
            Some(Key::Escape),
            Some(Key::Enter),
        ]);
        if let Some(key) = end {
            self.send(vec![
                Event::Key {
                    key,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Modifiers::NONE,
                },
                Event::Key {
                    key,
                    physical_key: None,
                    pressed: false,
                    repeat: false,
                    modifiers: Modifiers::NONE,
                },
            ]);
        }
    }

    /// Press in `area`, move in a few steps, release (inside the area or anywhere).
    fn drag(&mut self, kind: &'static str, area: Rect, button: PointerButton, layout: &Layout) {
        let from = self.point_in(area);
        let to = if self.rng.chance(80) {
            self.point_in(area)
        } else {
            self.point()
        };
        let modifiers = self.click_modifiers();
        let moves = self.rng.below(6) + 1;
        self.note(
            kind,
            format!(
                "{button:?} {modifiers:?} {from:?} → {to:?} in {moves} moves{}",
                Self::under(layout, from)
            ),
        );
        let mut events = vec![
            Event::PointerMoved(from),
            Event::ModifiersChanged(modifiers),
            Event::PointerButton {
                pos: from,
                button,
                pressed: true,
                modifiers,
            },
        ];
        for i in 1..=moves {
            let t = i as f32 / moves as f32;
            events.push(Event::PointerMoved(from + (to - from) * t));
        }
        events.push(Event::PointerButton {
            pos: to,
            button,
            pressed: false,
            modifiers,
        });
        events.push(Event::ModifiersChanged(Modifiers::NONE));
        self.send(events);
    }

    fn drop_path(&mut self) {
        let (what, path) = self.places.pick(&mut self.rng);
        let two = self.rng.chance(10);
        self.note(
            "drop",
            format!(
                "{what}: {}{}",
                path.display(),
                if two { " (+1)" } else { "" }
            ),
        );
        let input = self.h.input_mut();
        input.dropped_files.push(Arc::new(Dropped(path)));
        if two {
            let (_, other) = self.places.pick(&mut self.rng);
            self.h
                .input_mut()
                .dropped_files
                .push(Arc::new(Dropped(other)));
        }
        self.frame();
    }

    /// Now and then open the sample folder again (most drops lead elsewhere), so that most
    /// of the run has rows to act on.
    fn back_to_sample(&mut self) {
        let elsewhere = self.h.state().state().folder() != Some(self.places.sample.as_path());
        if elsewhere && self.rng.chance(40) {
            let sample = self.places.sample.clone();
            self.note(
                "drop",
                format!("the sample folder again: {}", sample.display()),
            );
            self.h
                .input_mut()
                .dropped_files
                .push(Arc::new(Dropped(sample)));
            self.frame();
        }
    }

    fn hover_files(&mut self) {
        let (what, path) = self.places.pick(&mut self.rng);
        self.note("hover files", format!("{what}: {}", path.display()));
        self.h.input_mut().hovered_files.push(egui::HoveredFile {
            path: Some(path),
            mime: String::new(),
        });
        for _ in 0..self.rng.below(3) + 1 {
            self.frame();
        }
        self.h.input_mut().hovered_files.clear();
        self.frame();
    }

    fn resize(&mut self) {
        let size = if self.size == WINDOW && self.rng.chance(70) {
            vec2(self.rng.float(500.0, 1700.0), self.rng.float(300.0, 1100.0)).round()
        } else {
            WINDOW
        };
        self.note("resize", format!("{size:?}"));
        self.size = size;
        self.h.set_size(size);
        self.frame();
    }

    /// Step until the workers are idle (the scan, the sort keys, the index, the search, the
    /// reader's body), then check that the window shows the state.
    fn settle(&mut self, why: &str) {
        self.settles += 1;
        let started = Instant::now();
        loop {
            self.frame();
            if idle(self.h.state()) {
                break;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let app = self.h.state().state();
                self.fail(&format!(
                    "the workers never finished ({why}): opening {}, scanning {}, sort keys {}, \
                     index building {}, search running {}, body loading {}",
                    app.opening,
                    app.is_scanning(),
                    self.h.state().app().has_sort_keys(),
                    matches!(app.search.index, IndexState::Building),
                    app.search.running,
                    matches!(app.reader.body, BodyState::Loading)
                ));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        // The panels read the state at the start of a frame: two quiet frames, and the window
        // shows the state as it is.
        self.frame();
        self.frame();
        if let Err(message) = self.check_window() {
            self.fail(&format!(
                "the window does not show the state ({why}):\n{message}"
            ));
        }
    }

    /// What the window shows agrees with the state (when the workers are idle).
    fn check_window(&mut self) -> Result<(), String> {
        let layout = self.layout();
        let app = self.h.state().state();
        let mut problems = Vec::new();
        // In the order the window lays them out (From before To, also when the bar wraps).
        let field = |placeholder: &str| -> Vec<&Widget> {
            layout
                .widgets
                .iter()
                .filter(|w| {
                    w.role == Role::TextInput && w.placeholder.as_deref() == Some(placeholder)
                })
                .collect()
        };
        if let Some(search) = field("Search  (Ctrl+F)").first() {
            let shown = search.value.clone().unwrap_or_default();
            if shown != app.search.text {
                problems.push(format!(
                    "the search box shows {:?}, the search text is {:?}",
                    shorten(&shown),
                    shorten(&app.search.text)
                ));
            }
        }
        if let (Some(corpus), [from, to]) = (&app.corpus, field("YYYY-MM-DD").as_slice()) {
            let filter = app.settings.filter;
            for (name, widget, end) in [("From", from, filter.from), ("To", to, filter.to)] {
                if widget.focused {
                    continue; // Being typed: applied when complete or when the field is left.
                }
                let text = widget.value.clone().unwrap_or_default();
                let text = text.trim();
                let parsed = if text.is_empty() {
                    Some(None)
                } else {
                    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Some)
                };
                if let Some(date) = parsed
                    && date != end
                {
                    problems.push(format!(
                        "the {name} field shows {text:?}, the filter has {end:?}"
                    ));
                }
            }
            let status = format!(
                "Showing {} of {} articles",
                thousands(app.view.ids.len()),
                thousands(corpus.articles.len())
            );
            if !layout
                .widgets
                .iter()
                .any(|w| w.label == status || w.value.as_deref() == Some(status.as_str()))
            {
                problems.push(format!("the status bar does not say {status:?}"));
            }
        }
        if let (Some(article), Some(corpus), BodyState::Loaded(body)) =
            (app.selected_article(), &app.corpus, &app.reader.body)
        {
            match corpus_explorer::corpus::load_body(
                &corpus.root,
                article,
                corpus_explorer::app::READER_MAX_BYTES,
            ) {
                Ok(again) if again.text == body.text => {}
                Ok(_) => problems.push(format!(
                    "the reader's text is not the text of {} ({})",
                    article.path, article.title
                )),
                Err(err) => problems.push(format!(
                    "the reader shows a text for {}, which cannot be read: {err}",
                    article.path
                )),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// True when no worker has anything under way that would change the state.
fn idle(window: &CorpusWindow) -> bool {
    let app = window.state();
    let scanned =
        !app.opening && !app.is_scanning() && app.corpus.as_ref().is_none_or(|c| c.is_complete());
    let keyed = app.corpus.is_none() || window.app().has_sort_keys();
    let searched = !matches!(app.search.index, IndexState::Building) && !app.search.running;
    let read = !matches!(app.reader.body, BodyState::Loading);
    scanned && keyed && searched && read
}

/// True for the roles of widgets that do something when clicked.
fn is_control(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::RadioButton
            | Role::ComboBox
            | Role::Link
            | Role::MenuItem
            | Role::MenuItemCheckBox
            | Role::MenuItemRadio
            | Role::Tab
            | Role::TextInput
            | Role::Splitter
            | Role::ScrollBar
            | Role::SpinButton
            | Role::Slider
            | Role::ListBoxOption
    )
}

/// True for a character a window backend delivers as typed text (as egui-winit's
/// `is_printable_char`).
fn typeable(c: char) -> bool {
    let private_use = ('\u{e000}'..='\u{f8ff}').contains(&c)
        || ('\u{f0000}'..='\u{ffffd}').contains(&c)
        || ('\u{100000}'..='\u{10fffd}').contains(&c);
    !private_use && !c.is_ascii_control()
}

/// 1234567 → "1,234,567", as the status bar writes it.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// At most 60 characters of `text`, for a log line.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// A monkey on the loaded sample that took no action yet; the invariants were not checked
/// while the sample loaded (see [`the_timeline_counts_the_whole_corpus_as_soon_as_the_scan_ends`]
/// for that), only once it was loaded, and are from now on after every frame.
fn quiet_monkey(index_root: &Path) -> Monkey {
    let mut monkey = Monkey::new(1, 0, index_root.to_path_buf(), Places::new());
    monkey.checking = false;
    monkey.load_sample();
    monkey.checking = true;
    if let Err(message) = check_invariants(monkey.h.state().app()) {
        monkey.fail(&format!("broken invariants once loaded:\n{message}"));
    }
    monkey
}

/// The invariants hold in every frame while a folder is opened and scanned, and after (the
/// monkey starts so): in particular the timeline's bars of the whole corpus count every
/// article as soon as the scan has ended, not only once the sort keys are built.
#[test]
fn the_timeline_counts_the_whole_corpus_as_soon_as_the_scan_ends() {
    let index_root = tempfile::tempdir().unwrap();
    let mut monkey = Monkey::new(1, 0, index_root.path().to_path_buf(), Places::new());
    monkey.load_sample();
}

/// Each invariant check can fail: break the state one way at a time and expect the check to
/// say so (then put it back).
#[test]
fn invariants_catch_a_broken_state() {
    let index_root = tempfile::tempdir().unwrap();
    let mut monkey = quiet_monkey(index_root.path());
    monkey
        .h
        .state_mut()
        .app_mut()
        .push(Command::SetQuery("bridge".into()));
    monkey.settle("searching");
    let first = monkey.h.state().state().view.ids[1];
    monkey
        .h
        .state_mut()
        .app_mut()
        .push(Command::Select(Some(first)));
    monkey.settle("selecting");
    let app = monkey.h.state_mut().app_mut();
    check_invariants(app).unwrap();
    let state = app.state();
    assert!(state.reader.hit_count() > 0 && state.view.ids.len() > 3);
    let other = state.view.ids[0];
    // Wrong values worked out before the checks begin (the state is the same before each one).
    let mut other_filter = state.settings.filter;
    other_filter.include_undated = !other_filter.include_undated;
    let other_period = if state.timeline.all.period == Period::Day {
        Period::Year
    } else {
        Period::Day
    };
    let broken_results = [
        (
            "the index's answer left alone",
            "first answer",
            (|r: &mut SearchResults| r.complete = false) as fn(&mut SearchResults),
        ),
        ("a wrong number of matches", "articles match", |r| {
            r.matched += 1;
        }),
        ("a wrong number of hits", "the results count", |r| {
            r.total_hits += 1;
        }),
        ("lines out of order", "not in corpus order", |r| {
            r.lines.swap(0, 2);
        }),
        ("a line of an article without hits", "not a hit", |r| {
            let none = r.counts.iter().position(|&c| c == 0).unwrap();
            let last = r.lines.len() - 1;
            r.lines[last].article = none as u32;
        }),
    ]
    .map(|(what, needle, change)| {
        let mut copy = copy_results(state.search.results.as_ref().unwrap());
        change(&mut copy);
        (what, needle, Some(Arc::new(copy)))
    });

    let mut expect = |what: &str, needle: &str, change: &mut dyn FnMut(&mut AppState)| {
        change(app.state_mut());
        let result = check_invariants(app);
        change(app.state_mut());
        let message = result.expect_err(what);
        assert!(message.contains(needle), "{what}: {message}");
        check_invariants(app).unwrap_or_else(|m| panic!("{what} was not put back: {m}"));
    };
    // The selection.
    expect(
        "selection beyond the corpus",
        "is not an article",
        &mut swap_in(|app| &mut app.selection, Some(9999)),
    );
    expect(
        "selection moved behind the app's back",
        "selected_row()",
        &mut swap_in(|app| &mut app.selection, Some(other)),
    );
    // The rows.
    expect("two rows swapped", "out of order", &mut |app| {
        app.view.ids.swap(0, 1);
    });
    let mut saved = None;
    expect("a row missing", "missing:", &mut |app| match saved.take() {
        None => saved = app.view.ids.pop(),
        Some(id) => app.view.ids.push(id),
    });
    let mut added = false;
    expect("a row twice", "shown twice", &mut |app| {
        if added {
            app.view.ids.pop();
        } else {
            let id = app.view.ids[0];
            app.view.ids.push(id);
        }
        added = !added;
    });
    let mut added = false;
    expect("a row that is no article", "does not exist", &mut |app| {
        if added {
            app.view.ids.pop();
        } else {
            app.view.ids.push(100_000);
        }
        added = !added;
    });
    let mut flip = 1isize;
    expect("a wrong hidden count", "the view counts", &mut |app| {
        app.view.hidden_by_range = app.view.hidden_by_range.wrapping_add_signed(flip);
        flip = -flip;
    });
    expect(
        "a wrong date span",
        "date span",
        &mut swap_in(|app| &mut app.view.date_span, None),
    );
    expect(
        "a filter the table does not follow",
        "pass the date filter",
        &mut swap_in(|app| &mut app.settings.filter, other_filter),
    );
    expect(
        "a sort the table does not follow",
        "out of order",
        &mut swap_in(|app| &mut app.search.sort_by_hits, Some(true)),
    );
    // The search.
    expect(
        "an invalid query shown as valid",
        "not a valid query",
        &mut swap_in(|app| &mut app.search.text, "\"open".into()),
    );
    expect(
        "the status names another query",
        "names the query",
        &mut swap_in(|app| &mut app.search.query_text, "ferry".into()),
    );
    expect(
        "results lost after the search",
        "the search is over",
        &mut swap_in(|app| &mut app.search.results, None),
    );
    let mut saved = None;
    expect(
        "a concordance line missing",
        "the concordance lists",
        &mut |app| match saved.take() {
            None => saved = app.search.concordance.pop(),
            Some(line) => app.search.concordance.push(line),
        },
    );
    expect("concordance lines swapped", "table's order", &mut |app| {
        app.search.concordance.swap(0, 1);
    });
    // The reader.
    expect(
        "the reader shows another article",
        "the reader shows",
        &mut swap_in(|app| &mut app.reader.article, Some(other)),
    );
    expect(
        "the reader's text missing",
        "its body is empty",
        &mut swap_in(|app| &mut app.reader.body, Default::default()),
    );
    let mut saved = None;
    expect(
        "the keyboard in an empty reader",
        "has the keyboard",
        &mut |app| match saved.take() {
            None => {
                saved = Some((
                    app.selection.take(),
                    app.reader.article.take(),
                    std::mem::take(&mut app.reader.body),
                    app.reader.hits.take(),
                ));
                app.reader.focused = true;
            }
            Some((selection, article, body, hits)) => {
                app.selection = selection;
                app.reader.article = article;
                app.reader.body = body;
                app.reader.hits = hits;
                app.reader.focused = false;
            }
        },
    );
    expect(
        "a hit that does not exist",
        "does not exist",
        &mut swap_in(|app| &mut app.reader.current_hit, 999),
    );
    let mut saved = None;
    expect(
        "hits outside the text",
        "reader's hits",
        &mut |app| match saved.take() {
            None => {
                let hits = app.reader.hits.as_mut().unwrap();
                saved = Some(hits.body.clone());
                hits.body.push(usize::MAX - 1..usize::MAX);
            }
            Some(body) => app.reader.hits.as_mut().unwrap().body = body,
        },
    );
    // The search's results.
    for (what, needle, broken) in broken_results {
        expect(
            what,
            needle,
            &mut swap_in(|app| &mut app.search.results, broken),
        );
    }
    // The timeline.
    let mut flip = 1i64;
    expect(
        "a bar counted wrong",
        "timeline's bars of the shown",
        &mut |app| {
            let bar = app
                .timeline
                .shown
                .counts
                .iter()
                .position(|&c| c > 0)
                .unwrap();
            let count = &mut app.timeline.shown.counts[bar];
            *count = (i64::from(*count) + flip) as u32;
            flip = -flip;
        },
    );
    expect(
        "bars of another period",
        "period",
        &mut swap_in(|app| &mut app.timeline.all.period, other_period),
    );
    // With no query, no results or hits may be left over.
    let mut saved = None;
    expect(
        "hits of a cleared query",
        "no query is in effect",
        &mut |app| match saved.take() {
            None => {
                saved = Some((
                    std::mem::take(&mut app.search.text),
                    app.search.query.take(),
                    std::mem::take(&mut app.search.query_text),
                ));
            }
            Some((text, query, query_text)) => {
                app.search.text = text;
                app.search.query = query;
                app.search.query_text = query_text;
            }
        },
    );
}

/// A change that swaps `value` into the field `field` picks out; made a second time, it puts the
/// field back.
fn swap_in<T>(field: fn(&mut AppState) -> &mut T, mut value: T) -> impl FnMut(&mut AppState) {
    move |app| std::mem::swap(field(app), &mut value)
}

/// Every sort, both ways, with and without a search and a date range, leaves the rows in the
/// order the invariants compute from the records (the monkey reaches few of these).
#[test]
fn every_sort_order_holds_the_invariants() {
    use corpus_explorer::corpus::{DateFilter, SortColumn};
    let index_root = tempfile::tempdir().unwrap();
    let mut monkey = quiet_monkey(index_root.path());
    let ranged = DateFilter {
        from: NaiveDate::from_ymd_opt(2019, 1, 1),
        to: NaiveDate::from_ymd_opt(2022, 12, 31),
        include_undated: false,
    };
    for (query, filter) in [
        ("", DateFilter::default()),
        ("bridge OR harbour", DateFilter::default()),
        ("", ranged),
    ] {
        monkey
            .h
            .state_mut()
            .app_mut()
            .push(Command::SetQuery(query.into()));
        monkey
            .h
            .state_mut()
            .app_mut()
            .push(Command::SetFilter(filter));
        monkey.settle(query);
        for column in SortColumn::ALL {
            for _ in 0..2 {
                monkey.note("sort", format!("{column:?} ({query:?}, {filter:?})"));
                monkey.h.state_mut().app_mut().push(Command::SortBy(column));
                monkey.settle("sorting");
            }
        }
        if !query.is_empty() {
            for _ in 0..2 {
                monkey.note("sort", format!("by hits ({query:?})"));
                monkey.h.state_mut().app_mut().push(Command::SortByHits);
                monkey.settle("sorting by hits");
            }
            assert!(monkey.h.state().state().search.sort_by_hits.is_some());
        }
    }
}

/// A new query ends the sort by hits: the rows go back to the column's order at once (the
/// header says so), not only when the new query's results arrive.
#[test]
fn a_new_query_ends_the_sort_by_hits_at_once() {
    let index_root = tempfile::tempdir().unwrap();
    let mut monkey = quiet_monkey(index_root.path());
    monkey.note("search", "bridge OR harbour");
    monkey
        .h
        .state_mut()
        .app_mut()
        .push(Command::SetQuery("bridge OR harbour".into()));
    monkey.settle("searching");
    monkey.note("sort", "by hits");
    monkey.h.state_mut().app_mut().push(Command::SortByHits);
    monkey.settle("sorting by hits");
    assert_eq!(monkey.h.state().state().search.sort_by_hits, Some(true));
    monkey.note("search", "another query, sorted by hits");
    monkey
        .h
        .state_mut()
        .app_mut()
        .push(Command::SetQuery("harbour OR ferry".into()));
    monkey.frame();
    monkey.settle("another query");
}

/// A query cleared while the reader's text is being read again for its hits leaves no hits
/// behind (the reader would highlight a search no longer in effect).
#[test]
fn clearing_the_query_leaves_no_hits_in_the_reader() {
    let index_root = tempfile::tempdir().unwrap();
    let mut monkey = quiet_monkey(index_root.path());
    for round in 0..8 {
        let ids = monkey.h.state().state().view.ids.clone();
        let id = ids[round * 7 % ids.len()];
        monkey.note("select", format!("article {id}"));
        monkey
            .h
            .state_mut()
            .app_mut()
            .push(Command::Select(Some(id)));
        monkey.settle("selecting");
        let query = ["bridge", "harbour", "the", "said"][round % 4];
        monkey.note("search", query);
        monkey
            .h
            .state_mut()
            .app_mut()
            .push(Command::SetQuery(query.into()));
        monkey.frame();
        // The search's answer waits for the next frame, which takes it in (and asks the reader
        // to read its text again for the hits), then clears the query, as a Backspace typed
        // in that frame would; the text with the hits arrives after.
        std::thread::sleep(Duration::from_millis(100));
        monkey.note("search", "cleared");
        monkey
            .h
            .state_mut()
            .app_mut()
            .push(Command::SetQuery(String::new()));
        monkey.frame();
        std::thread::sleep(Duration::from_millis(20));
        monkey.settle("clearing");
    }
}

/// A copy of `results` (the type is not `Clone`).
fn copy_results(results: &SearchResults) -> SearchResults {
    SearchResults {
        counts: results.counts.clone(),
        matched: results.matched,
        total_hits: results.total_hits,
        lines: results.lines.clone(),
        lines_dropped: results.lines_dropped,
        unreadable: results.unreadable,
        used_index: results.used_index,
        complete: results.complete,
    }
}
