//! What the window shows before a folder is open: an invitation to open or drop one.

use crate::app::{AppState, Command};

/// Draw the empty state.
pub fn ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.25).max(20.0));
        ui.heading(egui::RichText::new("Explore a folder of news articles").size(28.0));
        ui.add_space(8.0);
        ui.label("Sort, filter by date and read every article in a folder and its sub-folders.");
        ui.add_space(24.0);
        let open = egui::Button::new(egui::RichText::new("Open folder…").size(20.0))
            .min_size(egui::vec2(220.0, 48.0));
        if ui.add(open).clicked() {
            commands.push(Command::PickFolder);
        }
        ui.add_space(10.0);
        ui.label(
            egui::RichText::new("or drop a folder here")
                .size(16.0)
                .weak(),
        );
        if state.opening {
            ui.add_space(16.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Opening…");
            });
        }
        if !state.settings.recent_folders.is_empty() {
            ui.add_space(32.0);
            ui.strong("Recent folders");
            for folder in state.settings.recent_folders.iter().take(5) {
                if ui.link(folder.display().to_string()).clicked() {
                    commands.push(Command::Open(folder.clone()));
                }
            }
        }
    });
}
