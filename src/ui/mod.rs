//! The window's panels, one module each. A panel reads the app's state and pushes
//! [`Command`]s; it holds only its own view state (text being typed, scroll requests).

mod concordance;
mod empty_state;
mod filter_bar;
mod reader;
mod search_box;
mod skipped_window;
mod status_bar;
pub mod style;
mod table;
mod timeline;
mod top_bar;

use crate::app::{CentralTab, Command, CorpusApp, Settings};

/// Every panel's own state.
#[derive(Default)]
pub struct Panels {
    /// The date-range filter bar.
    pub filter_bar: filter_bar::FilterBar,
    /// The article table.
    pub table: table::ArticleTable,
    /// The reader.
    pub reader: reader::ReaderPanel,
    /// The search box.
    pub search_box: search_box::SearchBox,
    /// The concordance.
    pub concordance: concordance::ConcordancePanel,
    /// The timeline.
    pub timeline: timeline::TimelinePanel,
}

impl Panels {
    /// Panels for a new window.
    pub fn new(settings: &Settings) -> Self {
        Self {
            reader: reader::ReaderPanel::new(settings.reader_width),
            timeline: timeline::TimelinePanel::new(settings.timeline_height),
            ..Self::default()
        }
    }

    /// Draw the window for one frame.
    pub fn ui(&mut self, ui: &mut egui::Ui, app: &mut CorpusApp, commands: &mut Vec<Command>) {
        if handle_input(ui.ctx(), app, self.table.page_rows, commands) {
            self.search_box.focus_requested = true;
        }
        egui::Panel::top("top_bar").show(ui, |ui| {
            top_bar::ui(ui, app, &mut self.search_box, commands);
        });
        if app.corpus.is_some() {
            egui::Panel::top("filter_bar").show(ui, |ui| {
                self.filter_bar.ui(ui, app, commands);
            });
        }
        if let Some(notice) = &app.notice {
            let reload = app.notice_offers_reload && app.folder().is_some();
            egui::Panel::top("notice").show(ui, |ui| notice_ui(ui, notice, reload, commands));
        }
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            status_bar::ui(ui, app, commands);
        });
        if app.corpus.is_some() {
            let width = self.reader.ui(ui, app, commands);
            app.settings.reader_width = width;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if app.corpus.is_none() {
                empty_state::ui(ui, app, commands);
                return;
            }
            if app.settings.timeline_open {
                let height = egui::Panel::top("timeline")
                    .resizable(true)
                    .default_size(self.timeline.default_height)
                    .size_range(80.0..=480.0)
                    .show(ui, |ui| self.timeline.ui(ui, app, commands))
                    .response
                    .rect
                    .height();
                app.settings.timeline_height = height;
            }
            let tab = if app.search.results.is_some() {
                tabs_ui(ui, app, commands)
            } else {
                CentralTab::Articles
            };
            match tab {
                CentralTab::Articles => self.table.ui(ui, app, commands),
                CentralTab::Concordance => self.concordance.ui(ui, app, commands),
            }
        });
        if app.show_skipped {
            skipped_window::ui(ui.ctx(), app, commands);
        }
        drop_overlay_ui(ui.ctx());
    }
}

/// "Articles | Concordance" above the central area (while a search has results); returns the
/// tab to show.
fn tabs_ui(ui: &mut egui::Ui, app: &CorpusApp, commands: &mut Vec<Command>) -> CentralTab {
    use status_bar::thousands;
    ui.horizontal(|ui| {
        let articles = format!("Articles ({})", thousands(app.view.ids.len() as u64));
        let complete = app.search.results.as_ref().is_some_and(|r| r.complete);
        let lines = if complete {
            format!(
                "Concordance ({} hits)",
                thousands(app.search.concordance.len() as u64)
            )
        } else {
            "Concordance (counting…)".to_owned()
        };
        for (tab, label) in [
            (CentralTab::Articles, articles),
            (CentralTab::Concordance, lines),
        ] {
            if ui.selectable_label(app.tab == tab, label).clicked() && app.tab != tab {
                commands.push(Command::ShowTab(tab));
            }
        }
    });
    ui.separator();
    app.tab
}

fn notice_ui(ui: &mut egui::Ui, notice: &str, reload: bool, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(ui.visuals().warn_fg_color, notice);
        if reload && ui.button("Reload folder").clicked() {
            commands.push(Command::Reload);
        }
        if ui.button("Dismiss").clicked() {
            commands.push(Command::DismissNotice);
        }
    });
}

/// Keyboard shortcuts and dropped files; returns true when Ctrl+F asks for the search box.
fn handle_input(
    ctx: &egui::Context,
    app: &CorpusApp,
    page_rows: usize,
    commands: &mut Vec<Command>,
) -> bool {
    use egui::{Key, KeyboardShortcut, Modifiers};
    let dropped = ctx.input(|i| i.raw.dropped_files.clone());
    if let Some(file) = dropped.first() {
        commands.push(Command::Open(file.path().to_path_buf()));
    }
    ctx.input_mut(|i| {
        if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O)) {
            commands.push(Command::PickFolder);
        }
        if i.consume_key(Modifiers::NONE, Key::F5) {
            commands.push(Command::Reload);
        }
        if i.consume_key(Modifiers::SHIFT, Key::F3) {
            commands.push(Command::PreviousHit);
        }
        if i.consume_key(Modifiers::NONE, Key::F3) {
            commands.push(Command::NextHit);
        }
    });
    let find =
        ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)));
    if ctx.egui_wants_keyboard_input() || app.reader.focused {
        if app.reader.focused {
            ctx.input(|i| {
                if i.key_pressed(Key::Escape) {
                    commands.push(Command::FocusReader(false));
                } else if i.key_pressed(Key::Enter) {
                    commands.push(if i.modifiers.shift {
                        Command::PreviousHit
                    } else {
                        Command::NextHit
                    });
                }
            });
        }
        return find;
    }
    let rows = app.view.ids.len();
    if rows == 0 || app.tab == CentralTab::Concordance && app.search.results.is_some() {
        return find;
    }
    let last = rows - 1;
    let current = app.selected_row();
    let page = page_rows.max(1);
    let target = ctx.input(|i| {
        if i.key_pressed(Key::ArrowDown) {
            Some(current.map_or(0, |r| (r + 1).min(last)))
        } else if i.key_pressed(Key::ArrowUp) {
            Some(current.map_or(0, |r| r.saturating_sub(1)))
        } else if i.key_pressed(Key::PageDown) {
            Some(current.map_or(0, |r| (r + page).min(last)))
        } else if i.key_pressed(Key::PageUp) {
            Some(current.map_or(0, |r| r.saturating_sub(page)))
        } else if i.key_pressed(Key::Home) {
            Some(0)
        } else if i.key_pressed(Key::End) {
            Some(last)
        } else {
            None
        }
    });
    if let Some(row) = target {
        commands.push(Command::SelectRow(row));
    }
    if ctx.input(|i| i.key_pressed(Key::Enter)) && app.selection.is_some() {
        commands.push(Command::FocusReader(true));
    }
    find
}

/// While files are dragged over the window, say what a drop will do.
fn drop_overlay_ui(ctx: &egui::Context) {
    let hovered = ctx.input(|i| i.raw.hovered_files.clone());
    let Some(first) = hovered.first() else { return };
    let name = first.path.as_ref().and_then(|p| p.file_name()).map_or_else(
        || "the dropped item".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_overlay"),
    ));
    let screen = ctx.content_rect();
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(190));
    painter.text(
        screen.center() - egui::vec2(0.0, 16.0),
        egui::Align2::CENTER_CENTER,
        format!("Drop to open “{name}”"),
        egui::FontId::proportional(26.0),
        egui::Color32::WHITE,
    );
    painter.text(
        screen.center() + egui::vec2(0.0, 20.0),
        egui::Align2::CENTER_CENTER,
        "A folder opens with all its articles; a file opens its folder and shows that article.",
        egui::FontId::proportional(15.0),
        egui::Color32::LIGHT_GRAY,
    );
}
