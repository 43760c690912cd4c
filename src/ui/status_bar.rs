//! The status bar: what the table shows, what the filters hide, scan progress and problems.

use crate::app::{Command, CorpusApp};

/// Draw the status bar.
pub fn ui(ui: &mut egui::Ui, app: &CorpusApp, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let Some(corpus) = &app.corpus else {
            ui.label(if app.opening {
                "Opening…"
            } else {
                "No folder open"
            });
            return;
        };
        if app.is_scanning() {
            ui.spinner();
            let progress = corpus.progress;
            ui.label(format!(
                "Scanning… {} files, {} articles",
                thousands(progress.files_seen),
                thousands(progress.articles)
            ));
            if ui.button("Cancel").clicked() {
                commands.push(Command::CancelScan);
            }
            ui.separator();
        }
        let total = corpus.articles.len();
        let shown = app.view.ids.len();
        ui.label(format!(
            "Showing {} of {} articles",
            thousands(shown as u64),
            thousands(total as u64)
        ));
        let mut hidden = Vec::new();
        if app.view.hidden_by_range > 0 {
            hidden.push(format!(
                "{} outside the date range",
                thousands(app.view.hidden_by_range as u64)
            ));
        }
        if app.view.hidden_undated > 0 {
            hidden.push(format!(
                "{} undated hidden",
                thousands(app.view.hidden_undated as u64)
            ));
        }
        if !hidden.is_empty() {
            ui.weak(format!("({})", hidden.join(", ")));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(seconds) = app.scan_seconds()
                && corpus.is_complete()
            {
                let cancelled = corpus.summary.is_some_and(|s| s.cancelled);
                ui.weak(if cancelled {
                    format!("scan cancelled after {seconds:.2} s")
                } else {
                    format!("scanned in {seconds:.2} s")
                });
            }
            ui.weak(format!("{} ignored", thousands(corpus.progress.ignored)));
            let skipped = corpus.skipped.len();
            let label = format!("{} skipped", thousands(skipped as u64));
            if skipped > 0 {
                if ui
                    .link(label)
                    .on_hover_text("Show the skipped files and why")
                    .clicked()
                {
                    commands.push(Command::ShowSkipped(true));
                }
            } else {
                ui.weak(label);
            }
        });
    });
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
