//! The window listing every skipped file and why.

use crate::app::{AppState, Command};

/// Draw the skipped-files window.
pub fn ui(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(corpus) = &state.corpus else { return };
    let mut open = true;
    egui::Window::new("Skipped files and records")
        .open(&mut open)
        .default_size([620.0, 360.0])
        .resizable(true)
        .show(ctx, |ui| {
            let files = corpus.progress.skipped;
            let records = corpus.progress.bad_records;
            let counted = crate::corpus::counted;
            let mut summary = format!(
                "{} not read as articles. {} ignored (other formats, hidden files, notes).",
                counted(files, "file"),
                counted(corpus.progress.ignored, "other file"),
            );
            if records > 0 {
                summary.push_str(&format!(
                    " {} inside files holding many articles could not be read; the rest of those files was.",
                    counted(records, "record")
                ));
            }
            ui.label(summary);
            ui.separator();
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            egui_extras::TableBuilder::new(ui)
                .id_salt("skipped_table")
                .striped(true)
                .resizable(true)
                .column(egui_extras::Column::initial(300.0).at_least(80.0).clip(true))
                .column(egui_extras::Column::remainder().at_least(120.0))
                .header(row_height, |mut header| {
                    header.col(|ui| {
                        ui.strong("File");
                    });
                    header.col(|ui| {
                        ui.strong("Reason");
                    });
                })
                .body(|body| {
                    body.rows(row_height, corpus.skipped.len(), |mut row| {
                        let Some(skipped) = corpus.skipped.get(row.index()) else { return };
                        row.col(|ui| {
                            ui.label(&skipped.path);
                        });
                        row.col(|ui| {
                            ui.label(skipped.reason.to_string());
                        });
                    });
                });
        });
    if !open {
        commands.push(Command::ShowSkipped(false));
    }
}
