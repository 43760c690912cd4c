//! The eframe application: the app, its panels, the theme in effect, the launch timings, and
//! how the native window is opened.

use std::path::PathBuf;
use std::time::Instant;

use super::panels::Panels;
use super::style;
use crate::app::{APP_ID, AppState, CorpusApp, Settings, ThemeChoice};

/// The window: the app and its panels.
pub struct CorpusWindow {
    app: CorpusApp,
    panels: Panels,
    /// The theme last given to egui (the settings may name another since).
    theme: ThemeChoice,
    /// When the process started, until the launch timings are logged.
    launch: Option<LaunchTiming>,
}

/// Launch timings still to log.
struct LaunchTiming {
    started: Instant,
    first_frame_logged: bool,
}

impl CorpusWindow {
    /// Create the window: settings from eframe's storage (if any), then open `folder` or else
    /// the last folder.
    pub fn new(cc: &eframe::CreationContext<'_>, folder: Option<PathBuf>) -> Self {
        let settings = cc
            .storage
            .and_then(|storage| storage.get_string(eframe::APP_KEY))
            .map(|text| Settings::from_ron(&text))
            .unwrap_or_default();
        Self::with_settings(&cc.egui_ctx, settings, folder)
    }

    /// Create the window from given settings (also used by tests to simulate a restart).
    pub fn with_settings(ctx: &egui::Context, settings: Settings, folder: Option<PathBuf>) -> Self {
        style::install(ctx, settings.theme);
        Self {
            theme: settings.theme,
            panels: Panels::new(&settings),
            app: CorpusApp::new(ctx, settings, folder),
            launch: None,
        }
    }

    /// The app.
    pub fn app(&self) -> &CorpusApp {
        &self.app
    }

    /// The app, to queue commands or set it up.
    pub fn app_mut(&mut self) -> &mut CorpusApp {
        &mut self.app
    }

    /// What the panels read.
    pub fn state(&self) -> &AppState {
        self.app.state()
    }

    /// Where the timeline drew series `series`'s point for period `bar` (for tests).
    pub fn series_point(&self, series: usize, bar: usize) -> Option<egui::Pos2> {
        self.panels
            .timeline
            .series_point(self.app.state(), series, bar)
    }

    /// One frame's logic and drawing (also what the tests and benchmarks drive).
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.app.begin_frame(&ctx);
        self.follow_theme(&ctx);
        let mut commands = Vec::new();
        self.panels.ui(ui, self.app.state(), &mut commands);
        self.app.end_frame(&ctx, commands);
        self.follow_theme(&ctx);
    }

    /// Give egui the theme the settings name, when it changed.
    fn follow_theme(&mut self, ctx: &egui::Context) {
        let wanted = self.app.state().settings.theme;
        if wanted != self.theme {
            style::apply_theme(ctx, wanted);
            self.theme = wanted;
        }
    }

    /// Log (at `info`) how long after launch the first frame was drawn and the table of the
    /// folder given at launch was complete: `RUST_LOG=corpus_explorer=info`.
    fn log_launch_timing(&mut self) {
        let Some(launch) = &mut self.launch else {
            return;
        };
        let ms = |at: Instant| at.elapsed().as_secs_f64() * 1000.0;
        if !launch.first_frame_logged {
            launch.first_frame_logged = true;
            log::info!(
                "first frame drawn {:.0} ms after launch",
                ms(launch.started)
            );
        }
        let state = self.app.state();
        match &state.corpus {
            Some(corpus) if corpus.is_complete() => {
                log::info!(
                    "table complete ({} from {}) {:.0} ms after launch",
                    crate::corpus::counted(corpus.articles.len() as u64, "article"),
                    corpus.root.display(),
                    ms(launch.started)
                );
                self.launch = None;
            }
            None if !state.opening => self.launch = None,
            _ => {}
        }
    }
}

impl eframe::App for CorpusWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
        self.log_launch_timing();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        storage.set_string(eframe::APP_KEY, self.app.settings_ron());
    }

    fn on_exit(&mut self) {
        self.app.save_marks_before_exit();
    }
}

/// Open the window, optionally on `folder`.
///
/// `started` is when the process started (for the launch timings logged at `info`).
pub fn run(folder: Option<PathBuf>, started: Instant) -> anyhow::Result<()> {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon-256.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("corpus-explorer")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let mut window = CorpusWindow::new(cc, folder);
            window.launch = Some(LaunchTiming {
                started,
                first_frame_logged: false,
            });
            Ok(Box::new(window))
        }),
    )
    .map_err(|err| anyhow::anyhow!("could not open the window: {err}"))
}
