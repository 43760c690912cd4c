//! The menu bar: File (open, recent, reload), View (columns, theme, zoom), and the search box.

use super::widgets::columns_ui;
use crate::app::{AppState, Command, ThemeChoice};

/// Draw the menu bar.
pub fn ui(
    ui: &mut egui::Ui,
    state: &AppState,
    search_box: &mut super::search_box::SearchBox,
    commands: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("Open folder…").shortcut_text("Ctrl+O"))
                .clicked()
            {
                commands.push(Command::PickFolder);
                ui.close();
            }
            ui.menu_button("Recent folders", |ui| {
                if state.settings.recent_folders.is_empty() {
                    ui.label("None yet");
                }
                for folder in &state.settings.recent_folders {
                    if ui.button(folder.display().to_string()).clicked() {
                        commands.push(Command::Open(folder.clone()));
                        ui.close();
                    }
                }
            });
            let reload = ui.add_enabled(
                state.corpus.is_some(),
                egui::Button::new("Reload").shortcut_text("F5"),
            );
            if reload.clicked() {
                commands.push(Command::Reload);
                ui.close();
            }
            ui.separator();
            let export = ui
                .add_enabled(
                    !state.view.ids.is_empty() && state.export_progress().is_none(),
                    egui::Button::new("Export table…"),
                )
                .on_hover_text(
                    "Save the rows shown (filters, search and order; hits when searching) as \
                     CSV or JSON Lines, with the columns of `corpus-explorer list`",
                );
            if export.clicked() {
                commands.push(Command::ExportTable);
                ui.close();
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("View", |ui| {
            ui.menu_button("Columns", |ui| {
                columns_ui(ui, state.settings.columns, commands);
            });
            ui.menu_button("Theme", |ui| {
                for (theme, label) in [
                    (ThemeChoice::System, "Follow the system"),
                    (ThemeChoice::Light, "Light"),
                    (ThemeChoice::Dark, "Dark"),
                ] {
                    if ui.radio(state.settings.theme == theme, label).clicked() {
                        commands.push(Command::SetTheme(theme));
                    }
                }
            });
            ui.separator();
            egui::gui_zoom::zoom_menu_buttons(ui);
        });
        ui.add_space(12.0);
        search_box.ui(ui, state, commands);
        if let Some(folder) = state.folder() {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(folder.display().to_string());
            });
        }
    });
}
