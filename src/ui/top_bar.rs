//! The menu bar: File (open, recent, reload, export, copy), View (facets, columns, theme, zoom),
//! Tags (codebook, tag all shown, star, citation), and the search box.

use super::widgets::columns_ui;
use crate::app::{AppState, Command, ThemeChoice};

/// Draw the menu bar.
pub fn ui(
    ui: &mut egui::Ui,
    state: &AppState,
    search_box: &mut super::search_box::SearchBox,
    codebook: &mut super::marks_ui::CodebookWindow,
    commands: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu_ui(ui, state, commands));
        ui.menu_button("View", |ui| {
            let mut facets = state.settings.facets_open;
            if ui.checkbox(&mut facets, "Facets").clicked() {
                commands.push(Command::ShowFacets(facets));
            }
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
        ui.menu_button("Tags", |ui| tags_menu_ui(ui, state, codebook, commands));
        ui.add_space(12.0);
        search_box.ui(ui, state, commands);
        if let Some(folder) = state.folder() {
            // The folder's name, its whole path on hover (a long path would crowd the search).
            let name = folder.file_name().map_or_else(
                || folder.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(egui::RichText::new(name).weak()).truncate())
                    .on_hover_text(folder.display().to_string());
            });
        }
    });
}

/// File: open, recent folders, reload, export, copy, quit.
fn file_menu_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
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
    let copy = ui
        .add_enabled(
            !state.view.ids.is_empty() && state.export_progress().is_none(),
            egui::Button::new("Copy articles to folder…"),
        )
        .on_hover_text(
            "Copy the files of the articles shown into an empty folder, with their \
             sub-folders and manifest.csv; an article of a file that holds many is \
             written as its own .txt",
        );
    if copy.clicked() {
        commands.push(Command::CopyArticles);
        ui.close();
    }
    ui.separator();
    if ui.button("Quit").clicked() {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

/// Tags: the codebook, tagging every row shown, starring, the citation.
fn tags_menu_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    codebook: &mut super::marks_ui::CodebookWindow,
    commands: &mut Vec<Command>,
) {
    let ready = state.marks.store.is_some();
    if ui
        .add_enabled(ready, egui::Button::new("Codebook…"))
        .clicked()
    {
        codebook.open = true;
        ui.close();
    }
    let tag_all = ui
        .add_enabled(
            ready && !state.view.ids.is_empty(),
            egui::Button::new("Tag all shown…"),
        )
        .on_hover_text("Put a tag on (or take it off) every row the table shows");
    if tag_all.clicked() {
        codebook.tag_all_open = true;
        ui.close();
    }
    ui.separator();
    let chosen = state.chosen_count();
    if ui
        .add_enabled(
            ready && chosen > 0,
            egui::Button::new("Star").shortcut_text("S"),
        )
        .clicked()
    {
        commands.push(Command::ToggleStar);
        ui.close();
    }
    if ui
        .add_enabled(
            ready && !state.view.ids.is_empty(),
            egui::Button::new("Choose all shown").shortcut_text("Ctrl+A"),
        )
        .clicked()
    {
        commands.push(Command::ChooseAllShown);
        ui.close();
    }
    if ui
        .add_enabled(
            state.selection.is_some(),
            egui::Button::new("Copy citation").shortcut_text("Ctrl+Shift+C"),
        )
        .clicked()
    {
        commands.push(Command::CopyCitation);
        ui.close();
    }
    for tag in state
        .marks
        .marks
        .codebook
        .iter()
        .filter(|t| t.key.is_some())
    {
        ui.weak(format!("{}: {}", tag.key.unwrap_or_default(), tag.name));
    }
}
