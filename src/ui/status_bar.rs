//! The status bar: what the table shows, what the filters hide, scan progress and problems.

use crate::app::{Command, CorpusApp, IndexState};

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
        let searched = app.search.results.as_deref();
        if let Some(results) = searched {
            if results.complete {
                ui.label(format!(
                    "· {} hits for {}",
                    thousands(app.view.hits),
                    app.search.query_text
                ));
            } else {
                ui.label(format!(
                    "· counting the hits for {}…",
                    app.search.query_text
                ));
            }
        }
        let searched = searched.is_some();
        let mut hidden = Vec::new();
        if searched && app.view.hidden_by_search > 0 {
            hidden.push(format!(
                "{} without a hit",
                thousands(app.view.hidden_by_search as u64)
            ));
        }
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
            index_status_ui(ui, app);
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

/// The search index's state (right to left layout).
fn index_status_ui(ui: &mut egui::Ui, app: &CorpusApp) {
    match &app.search.index {
        IndexState::NotStarted => {}
        IndexState::Building => {
            let (done, total) = app.index_progress();
            ui.weak(format!(
                "indexing for search… {} of {}",
                thousands(done as u64),
                thousands(total as u64)
            ));
            ui.spinner();
        }
        IndexState::Ready(index, stats) => {
            ui.weak("search index ready").on_hover_text(format!(
                "{} articles newly indexed, {} unchanged, {} removed, {} unreadable.\nKept in {}",
                thousands(stats.indexed as u64),
                thousands(stats.unchanged as u64),
                thousands(stats.removed as u64),
                thousands(stats.unreadable as u64),
                index.dir.display()
            ));
        }
        IndexState::Failed(message) => {
            ui.colored_label(ui.visuals().warn_fg_color, "no search index")
                .on_hover_text(format!(
                    "{message}\nSearch still works: it reads every article, more slowly."
                ));
        }
    }
    ui.separator();
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
