//! The window's panels and where each sits, drawn once a frame from the app's state. A panel
//! reads [`AppState`] and pushes [`Command`]s; it holds only its own view state (text being
//! typed, a scroll request answered).

use super::{
    concordance, empty_state, facet_panel, families_window, filter_bar, input, marks_ui, reader,
    search_box, skipped_window, status_bar, table, timeline, top_bar, words_panel,
};
use crate::app::{AppState, CentralTab, Command, Notice, Settings};

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
    /// The facet panel.
    pub facets: facet_panel::FacetPanel,
    /// The codebook window and the "Tag all shown" dialog.
    pub codebook: marks_ui::CodebookWindow,
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
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        if input::handle_input(ui.ctx(), state, self.table.page_rows, commands) {
            self.search_box.focus_requested = true;
        }
        egui::Panel::top("top_bar").show(ui, |ui| {
            top_bar::ui(
                ui,
                state,
                &mut self.search_box,
                &mut self.codebook,
                commands,
            );
        });
        if state.corpus.is_some() {
            egui::Panel::top("filter_bar").show(ui, |ui| {
                self.filter_bar.ui(ui, state, commands);
            });
        }
        if let Some(notice) = &state.notice {
            let reload = notice.offers_reload() && state.folder().is_some();
            egui::Panel::top("notice").show(ui, |ui| notice_ui(ui, notice, reload, commands));
        }
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            status_bar::ui(ui, state, commands);
        });
        if state.corpus.is_some() && state.settings.facets_open {
            egui::Panel::left("facets")
                .resizable(true)
                .default_size(230.0)
                .size_range(160.0..=480.0)
                .show(ui, |ui| self.facets.ui(ui, state, commands));
        }
        if state.corpus.is_some() {
            let width = self.reader.ui(ui, state, commands);
            if width != state.settings.reader_width {
                commands.push(Command::SetReaderWidth(width));
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if state.corpus.is_none() {
                empty_state::ui(ui, state, commands);
                return;
            }
            if state.settings.timeline_open {
                let height = egui::Panel::top("timeline")
                    .resizable(true)
                    .default_size(self.timeline.default_height)
                    .size_range(80.0..=480.0)
                    .show(ui, |ui| self.timeline.ui(ui, state, commands))
                    .response
                    .rect
                    .height();
                if height != state.settings.timeline_height {
                    commands.push(Command::SetTimelineHeight(height));
                }
            }
            match tabs_ui(ui, state, commands) {
                CentralTab::Articles => self.table.ui(ui, state, commands),
                CentralTab::Concordance => self.concordance.ui(ui, state, commands),
                CentralTab::Words => words_panel::ui(ui, state, commands),
            }
        });
        if state.show_skipped {
            skipped_window::ui(ui.ctx(), state, commands);
        }
        families_window::ui(ui.ctx(), state, commands);
        if std::mem::take(&mut self.table.wants_codebook) {
            self.codebook.open = true;
        }
        self.codebook.ui(ui.ctx(), state, commands);
        input::drop_overlay_ui(ui.ctx());
    }
}

/// "Articles | Concordance | Words" above the central area (the concordance while a search has
/// results); returns the tab to show.
fn tabs_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) -> CentralTab {
    use super::widgets::thousands;
    let searching = state.search.results.is_some();
    let shown = match state.tab {
        CentralTab::Concordance if !searching => CentralTab::Articles,
        tab => tab,
    };
    ui.horizontal(|ui| {
        let articles = format!("Articles ({})", thousands(state.view.ids.len() as u64));
        let complete = state.search.results.as_ref().is_some_and(|r| r.complete);
        let lines = if complete {
            format!(
                "Concordance ({})",
                super::widgets::counted(state.search.concordance.len() as u64, "hit", "hits")
            )
        } else {
            "Concordance (counting…)".to_owned()
        };
        let tabs = [
            (CentralTab::Articles, articles),
            (CentralTab::Concordance, lines),
            (CentralTab::Words, "Words".to_owned()),
        ];
        for (tab, label) in tabs {
            if tab == CentralTab::Concordance && !searching {
                continue;
            }
            if ui.selectable_label(shown == tab, label).clicked() && shown != tab {
                commands.push(Command::ShowTab(tab));
            }
        }
    });
    ui.separator();
    shown
}

fn notice_ui(ui: &mut egui::Ui, notice: &Notice, reload: bool, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(ui.visuals().warn_fg_color, notice.to_string());
        if reload && ui.button("Reload folder").clicked() {
            commands.push(Command::Reload);
        }
        if ui.button("Dismiss").clicked() {
            commands.push(Command::DismissNotice);
        }
    });
}
