//! The monkey: its harness, what it looks at and counts, and the checks after every frame and
//! whenever the workers are idle. Its actions are in `actions.rs`.

use super::*;

/// A widget as the accessibility tree describes it.
#[derive(Clone, Debug)]
pub(crate) struct Widget {
    pub(crate) role: Role,
    pub(crate) label: String,
    pub(crate) rect: Rect,
    pub(crate) focused: bool,
    pub(crate) placeholder: Option<String>,
    pub(crate) value: Option<String>,
}

impl Widget {
    pub(crate) fn dangerous(&self) -> bool {
        DANGEROUS.iter().any(|d| self.label.starts_with(d))
    }

    /// An entry of a menu (shown only while the menu the monkey opened is open).
    pub(crate) fn in_menu(&self) -> bool {
        self.label.starts_with("Open folder")
            || self.label.starts_with("Quit")
            || self.label.starts_with("Export table")
    }
}

/// Where things are in the window, from the last frame's accessibility tree.
pub(crate) struct Layout {
    pub(crate) widgets: Vec<Widget>,
    /// The table's body (below its header), if shown.
    pub(crate) table: Option<Rect>,
    /// The timeline's chart, if shown.
    pub(crate) timeline: Option<Rect>,
}

pub(crate) struct Monkey {
    pub(crate) h: Harness<'static, CorpusWindow>,
    pub(crate) rng: Rng,
    pub(crate) seed: u64,
    pub(crate) steps: usize,
    pub(crate) step: usize,
    pub(crate) frames: u64,
    pub(crate) settles: usize,
    pub(crate) size: Vec2,
    pub(crate) places: Places,
    pub(crate) log: VecDeque<String>,
    /// Where dangerous widgets are or may appear before the next look (see [`Self::layout`]).
    pub(crate) zones: Vec<Rect>,
    /// Where the reader's and the concordance's dangerous buttons were seen lately.
    pub(crate) seen_danger: Vec<Rect>,
    pub(crate) slips: Vec<String>,
    pub(crate) last_notice: Option<String>,
    pub(crate) counts: BTreeMap<&'static str, usize>,
    /// Frames spent in each state worth reaching (to see the monkey gets there).
    pub(crate) seen: BTreeMap<&'static str, usize>,
    /// Check the invariants after every frame (the targeted tests load the sample without).
    pub(crate) checking: bool,
    /// The text fields' texts at the last look, for a failure report.
    pub(crate) fields: String,
}

impl Monkey {
    pub(crate) fn new(seed: u64, steps: usize, index_root: PathBuf, places: Places) -> Self {
        // A codebook for the sample, so that the keys 1 and 2 and the Tag facet have tags.
        let sample = std::path::absolute(&places.sample).unwrap_or_else(|_| places.sample.clone());
        let store =
            corpus_explorer::corpus::marks::Store::in_root(&index_root.join("data"), &sample);
        let codebook = ["relevant", "later"]
            .into_iter()
            .zip(1u8..)
            .map(|(name, key)| {
                corpus_explorer::corpus::marks::Change::Define(
                    corpus_explorer::corpus::marks::TagDef {
                        name: name.to_owned(),
                        colour: "#1f77b4".to_owned(),
                        key: Some(key),
                    },
                )
            });
        if let Err(err) = store.commit(&codebook.collect::<Vec<_>>()) {
            panic!("cannot write the monkey's codebook: {err}");
        }
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
                window
                    .app_mut()
                    .set_data_root(Some(index_root.join("data")));
                window.app_mut().set_cache_root(Some(index_root));
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
    pub(crate) fn load_sample(&mut self) {
        self.frame();
        let sample = self.places.sample.clone();
        self.h
            .input_mut()
            .dropped_files
            .push(Arc::new(Dropped(sample)));
        self.frame();
        self.settle("loading the sample");
        let app = self.h.state().state();
        assert_eq!(app.view.ids.len(), 62, "the sample corpus did not load");
        assert!(matches!(app.search.index, IndexState::Ready(..)));
    }

    /// Record an action for the failure report.
    pub(crate) fn note(&mut self, kind: &'static str, what: impl std::fmt::Display) {
        *self.counts.entry(kind).or_default() += 1;
        if self.log.len() == LOG_LEN {
            self.log.pop_front();
        }
        self.log.push_back(format!("#{} {kind}: {what}", self.step));
    }

    /// The last actions, one a line.
    pub(crate) fn recent(&self) -> String {
        let lines: Vec<&str> = self.log.iter().map(String::as_str).collect();
        lines.join("\n  ")
    }

    #[track_caller]
    pub(crate) fn fail(&self, message: &str) -> ! {
        let log = format!("  {}\n", self.recent());
        panic!(
            "monkey failed at action {} of {} (frame {}), seed {:#x}:\n{message}\nlast actions:\n\
             {log}text fields at the last look: {}\n\
             rerun: MONKEY_SEED={:#x} MONKEY_STEPS={} cargo test --test monkey",
            self.step, self.steps, self.frames, self.seed, self.fields, self.seed, self.steps
        );
    }

    /// Run one frame, then check that nothing panicked or crashed and the invariants hold.
    pub(crate) fn frame(&mut self) {
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
    pub(crate) fn count_states(&mut self) {
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
            ("facets", app.facets.is_active()),
            ("tagged", !app.marks.marks.articles.is_empty()),
            ("several chosen", app.chosen.len() > 1),
        ];
        for (name, holds) in states {
            if holds {
                *self.seen.entry(name).or_default() += 1;
            }
        }
    }

    /// Crashed workers and the traces of a dangerous widget activated by mistake.
    pub(crate) fn watch(&mut self) {
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
    pub(crate) fn send(&mut self, events: Vec<Event>) {
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
    pub(crate) fn layout(&mut self) -> Layout {
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

    pub(crate) fn safe(&self, pos: Pos2) -> bool {
        !self.zones.iter().any(|r| r.contains(pos))
    }

    /// A random point of the window that is not on a dangerous widget.
    pub(crate) fn point(&mut self) -> Pos2 {
        self.point_in(Rect::from_min_size(Pos2::ZERO, self.size))
    }

    pub(crate) fn point_in(&mut self, area: Rect) -> Pos2 {
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
    pub(crate) fn under(layout: &Layout, pos: Pos2) -> String {
        layout
            .widgets
            .iter()
            .filter(|w| w.rect.contains(pos))
            .min_by(|a, b| a.rect.area().total_cmp(&b.rect.area()))
            .map_or_else(String::new, |w| {
                format!(" on {:?} {:?}", w.role, shorten(&w.label))
            })
    }

    /// Step until the workers are idle (the scan, the sort keys, the index, the search, the
    /// reader's body), then check that the window shows the state.
    pub(crate) fn settle(&mut self, why: &str) {
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
    pub(crate) fn check_window(&mut self) -> Result<(), String> {
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
