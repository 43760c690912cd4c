//! The menu bar: File (open, recent, reload), View (columns, theme, zoom), and the search box.

use crate::app::{ColumnVisibility, Command, CorpusApp, ThemeChoice};

/// Draw the menu bar.
pub fn ui(
    ui: &mut egui::Ui,
    app: &CorpusApp,
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
                if app.settings.recent_folders.is_empty() {
                    ui.label("None yet");
                }
                for folder in &app.settings.recent_folders {
                    if ui.button(folder.display().to_string()).clicked() {
                        commands.push(Command::Open(folder.clone()));
                        ui.close();
                    }
                }
            });
            let reload = ui.add_enabled(
                app.corpus.is_some(),
                egui::Button::new("Reload").shortcut_text("F5"),
            );
            if reload.clicked() {
                commands.push(Command::Reload);
                ui.close();
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("View", |ui| {
            ui.menu_button("Columns", |ui| {
                columns_ui(ui, app.settings.columns, commands);
            });
            ui.menu_button("Theme", |ui| {
                for (theme, label) in [
                    (ThemeChoice::System, "Follow the system"),
                    (ThemeChoice::Light, "Light"),
                    (ThemeChoice::Dark, "Dark"),
                ] {
                    if ui.radio(app.settings.theme == theme, label).clicked() {
                        commands.push(Command::SetTheme(theme));
                    }
                }
            });
            ui.separator();
            egui::gui_zoom::zoom_menu_buttons(ui);
        });
        ui.add_space(12.0);
        search_box.ui(ui, app, commands);
        if let Some(folder) = app.folder() {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(folder.display().to_string());
            });
        }
    });
}

/// Checkboxes for the optional columns (also the table header's context menu).
pub fn columns_ui(ui: &mut egui::Ui, current: ColumnVisibility, commands: &mut Vec<Command>) {
    let mut columns = current;
    ui.checkbox(&mut columns.date, "Date");
    ui.add_enabled(false, egui::Checkbox::new(&mut true, "Title"));
    ui.checkbox(&mut columns.source, "Source");
    ui.checkbox(&mut columns.words, "Words");
    ui.checkbox(&mut columns.file, "File");
    ui.checkbox(&mut columns.dateline, "Dateline");
    ui.checkbox(&mut columns.size, "Size");
    ui.checkbox(&mut columns.modified, "Modified");
    ui.checkbox(&mut columns.authors, "Authors");
    ui.checkbox(&mut columns.url, "URL");
    ui.checkbox(&mut columns.language, "Language");
    ui.checkbox(&mut columns.format, "Format");
    if columns != current {
        commands.push(Command::SetColumns(columns));
    }
}
