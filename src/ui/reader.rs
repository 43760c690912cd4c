//! The reader: one article's metadata and text, loaded off the UI thread, with the search's
//! hits highlighted and a way to step through them.

use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextFormat};

use crate::app::{AppState, BodyState, Command, ReaderState};
use crate::corpus::Article;

/// The reader panel's own state.
pub struct ReaderPanel {
    default_width: f32,
    note: super::marks_ui::NoteEditor,
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
            note: super::marks_ui::NoteEditor::default(),
        }
    }

    /// Draw the reader as a resizable right panel; returns its width (to remember).
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) -> f32 {
        // The table keeps at least 40% of a narrow window.
        let max_width = (ui.available_width() * 0.6).clamp(260.0, 1400.0);
        let response = egui::Panel::right("reader")
            .resizable(true)
            .default_size(self.default_width.min(max_width))
            .size_range(260.0..=max_width)
            .show(ui, |ui| {
                let frame = if state.reader.focused {
                    egui::Frame::NONE
                        .stroke(ui.visuals().selection.stroke)
                        .inner_margin(2.0)
                } else {
                    egui::Frame::NONE.inner_margin(2.0)
                };
                frame.show(ui, |ui| match (state.selection, state.selected_article()) {
                    (Some(id), Some(article)) => {
                        ui.horizontal(|ui| buttons_ui(ui, &state.reader, commands));
                        if state.marks.store.is_some() {
                            self.note.ui(ui, state, id, commands);
                        }
                        article_ui(ui, state, article, commands);
                    }
                    _ => {
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

fn article_ui(ui: &mut egui::Ui, state: &AppState, article: &Article, commands: &mut Vec<Command>) {
    if state.search.active() && matches!(state.reader.body, BodyState::Loaded(_)) {
        hit_bar_ui(ui, &state.reader, commands);
    }
    ui.separator();
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("reader_scroll")
        .auto_shrink(false);
    if state.reader.scroll_to_top {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    scroll.show(ui, |ui| {
        if state.reader.focused {
            keyboard_scroll(ui);
        }
        let highlight = Highlight::new(ui, &state.reader);
        title_ui(ui, article, &state.reader, &highlight);
        ui.add_space(4.0);
        metadata_ui(ui, article);
        if article.is_legacy_encoding() {
            ui.weak(format!("Not UTF-8: read as {}", article.encoding_name()));
        }
        ui.add_space(6.0);
        body_ui(ui, &state.reader, &highlight);
    });
}

/// Copy text, Open file, Show in folder.
fn buttons_ui(ui: &mut egui::Ui, reader: &ReaderState, commands: &mut Vec<Command>) {
    let loaded = matches!(reader.body, BodyState::Loaded(_));
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
}

/// The title, large, with the search's hits in it highlighted (italic when derived).
fn title_ui(ui: &mut egui::Ui, article: &Article, reader: &ReaderState, highlight: &Highlight) {
    let title_hits = reader.hits.as_ref().map_or(&[][..], |h| &h.title);
    let title_label = if title_hits.is_empty() {
        let mut title = egui::RichText::new(article.title.as_ref())
            .size(22.0)
            .strong();
        if article.title_derived() {
            title = title.italics();
        }
        ui.add(egui::Label::new(title).wrap())
    } else {
        let font = egui::FontId::proportional(22.0);
        let color = ui.visuals().strong_text_color();
        let job = highlight.job(&article.title, (false, 0), title_hits, 0, &font, color);
        ui.add(egui::Label::new(job).wrap())
    };
    if article.title_derived() {
        title_label.on_hover_text(article.title_source.explanation());
    }
}

/// The body as it loads: a spinner, the reason it failed, or its fields and paragraphs.
fn body_ui(ui: &mut egui::Ui, reader: &ReaderState, highlight: &Highlight) {
    match &reader.body {
        BodyState::Empty => {}
        BodyState::Loading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading…");
            });
        }
        BodyState::Failed(message) => {
            ui.colored_label(ui.visuals().error_fg_color, message.to_string());
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
                        super::widgets::human_bytes(crate::app::READER_MAX_BYTES as u64)
                    ),
                );
            }
            fields_ui(ui, &body.fields);
            ui.separator();
            paragraphs_ui(ui, &body.text, reader, highlight);
        }
    }
}

/// Date, dateline, outlet, authors, language, URL and where the article is stored.
fn metadata_ui(ui: &mut egui::Ui, article: &crate::corpus::Article) {
    let meta = article.meta();
    let mut line = Vec::new();
    line.push(article.date.map_or_else(
        || "Undated".to_owned(),
        |d| d.format("%A, %-d %B %Y").to_string(),
    ));
    if let Some(dateline) = &article.dateline {
        line.push(dateline.to_string());
    }
    if let Some(outlet) = &meta.outlet {
        line.push(outlet.to_string());
    }
    ui.label(line.join(" · "));
    if let Some(problem) = &meta.date_problem {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Undated: the {problem}"),
        );
    }
    let mut people = Vec::new();
    if let Some(authors) = &meta.authors {
        people.push(format!("By {authors}"));
    }
    if let Some(language) = &meta.language {
        people.push(format!("Language: {language}"));
    }
    if !people.is_empty() {
        ui.label(people.join(" · "));
    }
    if let Some(url) = &meta.url {
        // Shown as text to copy, not a link: the app opens nothing on the network.
        ui.add(
            egui::Label::new(egui::RichText::new(url.as_ref()).weak().monospace()).selectable(true),
        )
        .on_hover_text("The article's address, as the file gives it (select to copy)");
    }
    let folder = if article.folder().is_empty() {
        String::new()
    } else {
        format!("{}/", article.folder())
    };
    let place = if article.span.is_some() {
        format!(
            " ({}, one of several articles in the file)",
            article.format.label()
        )
    } else if article.format == crate::corpus::FormatKind::PlainText {
        String::new()
    } else {
        format!(" ({})", article.format.label())
    };
    ui.weak(format!(
        "{folder}{}{place} · {} words",
        article.file_name(),
        super::widgets::thousands(u64::from(article.words))
    ));
}

/// The file's other fields for this article (CSV columns, export labels) as a small table.
fn fields_ui(ui: &mut egui::Ui, fields: &[(String, String)]) {
    if fields.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Other fields ({})", fields.len()))
        .id_salt("reader_fields")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("reader_fields_grid")
                .num_columns(2)
                .spacing([12.0, 2.0])
                .show(ui, |ui| {
                    for (name, value) in fields {
                        ui.weak(name);
                        ui.add(egui::Label::new(crate::corpus::text::shorten(value, 300)).wrap());
                        ui.end_row();
                    }
                });
        });
}

/// "Previous hit", "Next hit" and "hit 3 of 12".
fn hit_bar_ui(ui: &mut egui::Ui, reader: &ReaderState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let count = reader.hit_count();
        if count == 0 {
            ui.weak("No hits of the search in this article.");
            return;
        }
        if ui
            .button("Previous hit")
            .on_hover_text("Shift+Enter or Shift+F3")
            .clicked()
        {
            commands.push(Command::PreviousHit);
        }
        if ui
            .button("Next hit")
            .on_hover_text("Enter (in the search box or the reader) or F3")
            .clicked()
        {
            commands.push(Command::NextHit);
        }
        ui.label(format!(
            "hit {} of {}",
            reader.current_hit.min(count - 1) + 1,
            count
        ));
    });
}

/// How hits look, and which one is current.
struct Highlight {
    hit: egui::Color32,
    current: egui::Color32,
    on_hit: egui::Color32,
    /// The current hit's index among the title's or the body's hits, and whether it is in the
    /// body.
    current_at: Option<(bool, usize)>,
    scroll: bool,
}

impl Highlight {
    fn new(ui: &egui::Ui, reader: &ReaderState) -> Self {
        let dark = ui.visuals().dark_mode;
        let title_hits = reader.hits.as_ref().map_or(0, |h| h.title.len());
        let current_at = (reader.hit_count() > 0).then(|| {
            let current = reader.current_hit.min(reader.hit_count() - 1);
            if current < title_hits {
                (false, current)
            } else {
                (true, current - title_hits)
            }
        });
        Self {
            hit: if dark {
                egui::Color32::from_rgb(110, 90, 20)
            } else {
                egui::Color32::from_rgb(255, 232, 130)
            },
            current: egui::Color32::from_rgb(255, 140, 40),
            on_hit: if dark {
                egui::Color32::WHITE
            } else {
                egui::Color32::BLACK
            },
            current_at,
            scroll: reader.scroll_to_hit,
        }
    }

    /// `text` (which starts at byte `base` of the title or the body) with the `hits` that fall
    /// in it highlighted; `first` is the index of `hits[0]` among the field's hits.
    fn job(
        &self,
        text: &str,
        (in_body, base): (bool, usize),
        hits: &[Range<usize>],
        first: usize,
        font: &egui::FontId,
        color: egui::Color32,
    ) -> LayoutJob {
        let plain = TextFormat::simple(font.clone(), color);
        let mut job = LayoutJob::default();
        let mut at = 0;
        for (k, hit) in hits.iter().enumerate() {
            let start = hit.start.saturating_sub(base).clamp(at, text.len());
            let end = hit.end.saturating_sub(base).clamp(start, text.len());
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            job.append(&text[at..start], 0.0, plain.clone());
            let is_current = self.current_at == Some((in_body, first + k));
            let format = TextFormat {
                background: if is_current { self.current } else { self.hit },
                color: self.on_hit,
                ..plain.clone()
            };
            job.append(&text[start..end], 0.0, format);
            at = end;
        }
        job.append(&text[at..], 0.0, plain);
        job
    }
}

/// Paragraphs as selectable, wrapped labels (blank lines and single line breaks both separate
/// paragraphs, as the files do), hits highlighted; the current hit is scrolled into view when
/// asked.
fn paragraphs_ui(ui: &mut egui::Ui, text: &str, reader: &ReaderState, highlight: &Highlight) {
    ui.style_mut().interaction.selectable_labels = true;
    let hits = reader.hits.as_ref().map_or(&[][..], |h| &h.body);
    let font = egui::FontId::proportional(15.0);
    let color = ui.visuals().text_color();
    let current = highlight
        .current_at
        .filter(|&(body, _)| body)
        .map(|(_, i)| i);
    let mut next_hit = 0; // Hits are sorted and do not overlap.
    let mut offset = 0;
    for line in text.split('\n') {
        let line_start = offset;
        offset += line.len() + 1;
        let paragraph = line.trim();
        if paragraph.is_empty() {
            continue;
        }
        let start = line_start + (line.len() - line.trim_start().len());
        let end = start + paragraph.len();
        while hits.get(next_hit).is_some_and(|h| h.end <= start) {
            next_hit += 1;
        }
        let mut last = next_hit;
        while hits.get(last).is_some_and(|h| h.start < end) {
            last += 1;
        }
        let here = hits.get(next_hit..last).unwrap_or_default();
        if here.is_empty() {
            ui.add(
                egui::Label::new(egui::RichText::new(paragraph).size(15.0))
                    .wrap()
                    .selectable(true),
            );
        } else {
            let job = highlight.job(paragraph, (true, start), here, next_hit, &font, color);
            let response = ui.add(egui::Label::new(job.clone()).wrap().selectable(true));
            if highlight.scroll
                && let Some(k) = current.filter(|c| (next_hit..last).contains(c))
                && let Some(hit) = hits.get(k)
            {
                scroll_to_hit(
                    ui,
                    job,
                    &response,
                    paragraph,
                    hit.start.saturating_sub(start),
                );
            }
            // A hit across a line break continues in the next paragraph.
            if last > next_hit && hits.get(last - 1).is_some_and(|h| h.end > end) {
                last -= 1;
            }
            next_hit = last;
        }
        ui.add_space(6.0);
    }
}

/// Scroll so that the hit at byte `at` of the paragraph shown by `response` is in view.
fn scroll_to_hit(
    ui: &egui::Ui,
    mut job: LayoutJob,
    response: &egui::Response,
    paragraph: &str,
    at: usize,
) {
    job.wrap.max_width = response.rect.width();
    let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
    let chars = paragraph.get(..at).map_or(0, |p| p.chars().count());
    let rect = galley
        .pos_from_cursor(CCursor::new(chars))
        .translate(response.rect.min.to_vec2());
    ui.scroll_to_rect(rect.expand(4.0), Some(egui::Align::Center));
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
