//! The search box: the query as typed, its syntax in a tooltip, an invalid query shown as such
//! with a hint, and what the search is doing.

use crate::app::{AppState, Command, IndexState};

/// The syntax, as the tooltip shows it.
pub const SYNTAX_HELP: &str = "\
Search the titles and texts of all articles.

bridge collapse        both words (in any order)
bridge OR tunnel       either word
(bridge OR tunnel) -ferry   groups; -word excludes
\"bridge collapse\"      the exact phrase
contract*              words starting with contract
title:verdict          only in titles (also title:\"a phrase\")
source:guardian        only that outlet (its spellings grouped)
author:brenner         an author whose name holds the word
tag:relevant  -tag:done   tagged, not tagged (outside parentheses)

Case and accents are ignored (felix finds Félix); punctuation inside a
word does not stop a match (U.S., 23-hour-a-day).
Enter / Shift+Enter: next / previous hit in the article. Esc: clear.";

/// The search box's own state.
#[derive(Default)]
pub struct SearchBox {
    /// Give the box the keyboard on the next frame (Ctrl+F).
    pub focus_requested: bool,
    text: String,
    synced: String,
}

impl SearchBox {
    /// The id of the text field.
    pub fn id() -> egui::Id {
        egui::Id::unique("search_box")
    }

    /// Draw the box and its state.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        if self.synced != state.search.text {
            self.text.clone_from(&state.search.text);
            self.synced.clone_from(&state.search.text);
        }
        let invalid = state.search.error.is_some();
        let mut edit = egui::TextEdit::singleline(&mut self.text)
            .id(Self::id())
            .hint_text("Search  (Ctrl+F)")
            .desired_width(300.0);
        if invalid {
            edit = edit.text_color(ui.visuals().error_fg_color);
        }
        let enabled = state.corpus.is_some();
        let response = ui.add_enabled(enabled, edit);
        let response = response.on_hover_text(SYNTAX_HELP);
        if invalid {
            ui.painter().rect_stroke(
                response.rect.expand(1.0),
                2.0,
                egui::Stroke::new(1.5, ui.visuals().error_fg_color),
                egui::StrokeKind::Outside,
            );
        }
        if self.focus_requested {
            response.request_focus();
            self.focus_requested = false;
        }
        if response.changed() {
            self.synced.clone_from(&self.text);
            commands.push(Command::SetQuery(self.text.clone()));
        }
        if response.lost_focus() {
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(egui::Key::Escape),
                )
            });
            if enter {
                commands.push(if shift {
                    Command::PreviousHit
                } else {
                    Command::NextHit
                });
                response.request_focus();
            } else if escape {
                self.text.clear();
                self.synced.clear();
                commands.push(Command::SetQuery(String::new()));
            }
        }
        if !self.text.is_empty()
            && ui
                .small_button("×")
                .on_hover_text("Clear the search")
                .clicked()
        {
            self.text.clear();
            self.synced.clear();
            commands.push(Command::SetQuery(String::new()));
        }
        status_ui(ui, state);
    }
}

/// What the search is doing, beside the box.
fn status_ui(ui: &mut egui::Ui, state: &AppState) {
    let search = &state.search;
    if let Some(error) = &search.error {
        let message = if search.query.is_some() {
            format!("{error} (showing results for {})", search.query_text)
        } else {
            error.to_string()
        };
        ui.colored_label(ui.visuals().error_fg_color, message);
        return;
    }
    if let Some(failure) = &search.failure {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("Search failed: {failure}"),
        );
        return;
    }
    if !search.running {
        return;
    }
    ui.spinner();
    if state.is_scanning() {
        ui.weak("searching when the scan is over…");
        return;
    }
    let (done, total) = state.search_progress();
    let how = match search.index {
        IndexState::Ready(..) => "",
        IndexState::Building => " (reading every article: the index is not ready yet)",
        IndexState::NotStarted | IndexState::Failed(_) => " (reading every article)",
    };
    let thousands = |n: usize| super::widgets::thousands(n as u64);
    ui.weak(format!(
        "searching… {} of {}{how}",
        thousands(done),
        thousands(total)
    ));
}
