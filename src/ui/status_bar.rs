//! The status bar: what the table shows, what the filters hide, scan progress and problems.

use super::widgets::{counted, thousands};
use crate::app::{
    AppState, CheckState, Command, FamiliesStatus, IndexState, OpenSource, StoreState,
};
use crate::corpus::Corpus;

/// Draw the status bar.
pub fn ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let Some(corpus) = &state.corpus else {
            ui.label(if state.opening {
                "Opening…"
            } else {
                "No folder open"
            });
            return;
        };
        if state.is_scanning() {
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
        shown_ui(ui, state, corpus);
        if let Some((done, total)) = state.export_progress() {
            ui.separator();
            ui.spinner();
            ui.label(format!(
                "Exporting… {} of {} rows",
                thousands(done as u64),
                thousands(total as u64)
            ));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            files_ui(ui, state, corpus, commands);
        });
    });
}

/// What the table shows, the search's hits, and what each filter hides.
fn shown_ui(ui: &mut egui::Ui, state: &AppState, corpus: &Corpus) {
    let view = &state.view;
    ui.label(format!(
        "Showing {} of {} articles",
        thousands(view.ids.len() as u64),
        thousands(corpus.articles.len() as u64)
    ));
    let searched = state.search.results.as_deref();
    if let Some(results) = searched {
        ui.label(if results.complete {
            format!(
                "· {} for {}",
                counted(view.hits, "hit", "hits"),
                state.search.query_text
            )
        } else {
            format!("· counting the hits for {}…", state.search.query_text)
        });
    }
    let hidden: Vec<String> = [
        (
            searched.map_or(0, |_| view.hidden_by_search),
            "without a hit",
        ),
        (view.hidden_by_range, "outside the date range"),
        (view.hidden_by_families, "later in a story family"),
        (view.hidden_undated, "undated hidden"),
    ]
    .into_iter()
    .filter(|&(count, _)| count > 0)
    .map(|(count, what)| format!("{} {what}", thousands(count as u64)))
    .collect();
    if !hidden.is_empty() {
        ui.weak(format!("({})", hidden.join(", ")));
    }
}

/// The scan's time, the ignored and skipped files and the index (right to left layout).
fn files_ui(ui: &mut egui::Ui, state: &AppState, corpus: &Corpus, commands: &mut Vec<Command>) {
    let from_catalog = matches!(state.source, Some(OpenSource::Catalog { .. }));
    match &state.check {
        Some(CheckState::Running) => {
            let (done, total) = state.check_progress();
            ui.weak(format!(
                "checking {} of {} files for changes…",
                thousands(done as u64),
                thousands(total as u64)
            ));
            ui.spinner();
        }
        Some(CheckState::Done {
            files,
            changes,
            seconds,
        }) => {
            ui.weak(format!(
                "checked {} in {seconds:.2} s: {}",
                counted(*files as u64, "file", "files"),
                changes.sentence()
            ))
            .on_hover_text(
                "The table was read from the folder's catalog, then every file's size and \
                 times were compared with it; only new and changed files were read.",
            );
        }
        Some(CheckState::Failed(message)) => {
            ui.colored_label(ui.visuals().warn_fg_color, "not checked for changes")
                .on_hover_text(format!(
                    "{message}\nThe table shows the folder as it was last read; reload (F5) to \
                     try again."
                ));
        }
        None => {}
    }
    if let Some(seconds) = state.scan_seconds()
        && corpus.is_complete()
        && (!from_catalog || state.check.is_none())
    {
        let cancelled = corpus.summary.is_some_and(|s| s.cancelled);
        ui.weak(if cancelled {
            format!("scan cancelled after {seconds:.2} s")
        } else if from_catalog {
            format!("read from the catalog in {seconds:.2} s")
        } else {
            format!("scanned in {seconds:.2} s")
        });
    }
    ui.weak(format!("{} ignored", thousands(corpus.progress.ignored)));
    families_status_ui(ui, state, commands);
    index_status_ui(ui, state);
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
}

/// The story families' state (right to left layout): a link to the families once found.
fn families_status_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Some(corpus) = &state.corpus else { return };
    let families = &state.families;
    match &families.status {
        FamiliesStatus::Waiting => {
            // The families are found from the words counted: say so while they are.
            if state.words.store != StoreState::Opening {
                return;
            }
            let (done, total) = state.words.progress.get();
            ui.weak(format!(
                "counting words for story families… {} of {}",
                thousands(done as u64),
                thousands(total as u64)
            ))
            .on_hover_text(
                "Every article is read once and its tokens kept in the cache; story families \
                 and the Words tab are found from them",
            );
            ui.spinner();
        }
        FamiliesStatus::Finding => {
            let (done, total) = families.progress.get();
            ui.weak(if done > 0 && done < total {
                format!(
                    "finding story families… {} of {}",
                    thousands(done as u64),
                    thousands(total as u64)
                )
            } else {
                "finding story families…".to_owned()
            });
            ui.spinner();
        }
        FamiliesStatus::Ready => {
            let Some(found) = families.ready(&corpus.articles) else {
                return;
            };
            if found.is_empty() {
                ui.weak("no story families").on_hover_text(format!(
                    "No article resembles another enough to be a copy or a version of it \
                     (similarity threshold {:.2})",
                    found.threshold()
                ));
                ui.separator();
                return;
            }
            let label = counted(found.len() as u64, "story family", "story families");
            if ui
                .link(label)
                .on_hover_text(format!(
                    "{} articles are copies or versions of another ({} in families); click to \
                     list the families",
                    thousands((found.members_total() - found.len()) as u64),
                    thousands(found.members_total() as u64)
                ))
                .clicked()
            {
                commands.push(Command::ShowFamily(None));
            }
        }
        FamiliesStatus::Failed(err) => {
            ui.colored_label(ui.visuals().warn_fg_color, "no story families")
                .on_hover_text(err.as_str());
        }
    }
    ui.separator();
}

/// The search index's state (right to left layout).
fn index_status_ui(ui: &mut egui::Ui, state: &AppState) {
    match &state.search.index {
        IndexState::NotStarted => {}
        IndexState::Building => {
            let (done, total) = state.index_progress();
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
