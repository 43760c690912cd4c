//! The reader: one article's metadata and text, loaded off the UI thread.

use crate::app::{BodyState, Command, CorpusApp};
use crate::corpus::Article;

/// The reader panel's own state.
pub struct ReaderPanel {
    default_width: f32,
}

impl Default for ReaderPanel {
    fn default() -> Self {
        Self::new(460.0)
    }
}

impl ReaderPanel {
    /// A reader starting at `width` points.
    pub fn new(width: f32) -> Self {
        Self {
            default_width: width.clamp(260.0, 1400.0),
        }
    }

    /// Draw the reader as a resizable right panel; returns its width (to remember).
    pub fn ui(&mut self, ui: &mut egui::Ui, app: &CorpusApp, commands: &mut Vec<Command>) -> f32 {
        let response = egui::Panel::right("reader")
            .resizable(true)
            .default_size(self.default_width)
            .size_range(260.0..=1400.0)
            .show(ui, |ui| {
                let frame = if app.reader.focused {
                    egui::Frame::NONE
                        .stroke(ui.visuals().selection.stroke)
                        .inner_margin(2.0)
                } else {
                    egui::Frame::NONE.inner_margin(2.0)
                };
                frame.show(ui, |ui| match app.selected_article() {
                    Some(article) => article_ui(ui, app, article, commands),
                    None => {
                        ui.add_space(40.0);
                        ui.vertical_centered(|ui| {
                            ui.weak("Select an article to read it here.");
                            ui.weak("Up/Down move through the table; Enter moves here.");
                        });
                    }
                });
            });
        response.response.rect.width()
    }
}

fn article_ui(ui: &mut egui::Ui, app: &CorpusApp, article: &Article, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let loaded = matches!(app.reader.body, BodyState::Loaded(_));
        if ui
            .add_enabled(loaded, egui::Button::new("Copy text"))
            .clicked()
        {
            commands.push(Command::CopyArticle);
        }
        if ui
            .button("Open file")
            .on_hover_text("Open the article in the default application")
            .clicked()
        {
            commands.push(Command::OpenArticleFile);
        }
        if ui
            .button("Show in folder")
            .on_hover_text("Open the article's folder in the file manager")
            .clicked()
        {
            commands.push(Command::ShowInFileManager);
        }
    });
    ui.separator();
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("reader_scroll")
        .auto_shrink(false);
    if app.reader.scroll_to_top {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    scroll.show(ui, |ui| {
        if app.reader.focused {
            keyboard_scroll(ui);
        }
        let mut title = egui::RichText::new(article.title.as_ref()).size(22.0).strong();
        if article.title_derived() {
            title = title.italics();
        }
        let title_label = ui.add(egui::Label::new(title).wrap());
        if article.title_derived() {
            title_label.on_hover_text(article.title_source.explanation());
        }
        ui.add_space(4.0);
        let mut line = Vec::new();
        line.push(article.date.map_or_else(|| "Undated".to_owned(), |d| d.format("%A, %-d %B %Y").to_string()));
        if let Some(dateline) = &article.dateline {
            line.push(dateline.to_string());
        }
        ui.label(line.join(" · "));
        let folder = if article.folder().is_empty() { String::new() } else { format!("{}/", article.folder()) };
        ui.weak(format!(
            "{folder}{} · {} words",
            article.file_name(),
            super::status_bar::thousands(u64::from(article.words))
        ));
        if article.is_legacy_encoding() {
            ui.weak(format!("Not UTF-8: read as {}", article.encoding_name()));
        }
        ui.add_space(6.0);
        match &app.reader.body {
            BodyState::Empty => {}
            BodyState::Loading => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Loading…");
                });
            }
            BodyState::Failed(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
                ui.label("Reload (F5) brings the table up to date.");
            }
            BodyState::Loaded(body) => {
                if body.changed_since_scan {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "This file changed since the folder was scanned; the table may be out of date (Reload: F5).",
                    );
                }
                if body.truncated {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!(
                            "This article is long: showing its first {}. Open the file to read all of it.",
                            super::table::human_bytes(crate::app::READER_MAX_BYTES as u64)
                        ),
                    );
                }
                ui.separator();
                paragraphs_ui(ui, &body.text);
            }
        }
    });
}

/// Paragraphs as selectable, wrapped labels (blank lines and single line breaks both separate
/// paragraphs, as the files do).
fn paragraphs_ui(ui: &mut egui::Ui, text: &str) {
    ui.style_mut().interaction.selectable_labels = true;
    for paragraph in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        ui.add(
            egui::Label::new(egui::RichText::new(paragraph).size(15.0))
                .wrap()
                .selectable(true),
        );
        ui.add_space(6.0);
    }
}

/// Up/Down and Page Up/Down scroll the reader when it has the keyboard.
fn keyboard_scroll(ui: &mut egui::Ui) {
    let page = ui.clip_rect().height() * 0.9;
    let delta = ui.input(|i| {
        let mut dy = 0.0;
        if i.key_pressed(egui::Key::ArrowDown) {
            dy -= 40.0;
        }
        if i.key_pressed(egui::Key::ArrowUp) {
            dy += 40.0;
        }
        if i.key_pressed(egui::Key::PageDown) || i.key_pressed(egui::Key::Space) {
            dy -= page;
        }
        if i.key_pressed(egui::Key::PageUp) {
            dy += page;
        }
        dy
    });
    if delta != 0.0 {
        ui.scroll_with_delta(egui::vec2(0.0, delta));
    }
}
