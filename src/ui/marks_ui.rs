//! Tags, stars and notes in the window: coloured chips, the tag menu of a row, the reader's
//! marks (star, tags, note), the codebook window and the "Tag all shown" dialog.

use super::widgets::thousands;
use crate::app::{AppState, Command};
use crate::corpus::ArticleId;
use crate::corpus::marks::{Mark, TagDef, check_tag_name};

/// `#rrggbb` as a colour (grey when it is not one).
pub fn colour(hex: &str) -> egui::Color32 {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(128)
    };
    if hex.len() == 7 && hex.starts_with('#') {
        egui::Color32::from_rgb(channel(1), channel(3), channel(5))
    } else {
        egui::Color32::GRAY
    }
}

fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// A small square of a tag's colour.
pub fn swatch(ui: &mut egui::Ui, hex: &str) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour(hex));
}

/// At most `max` characters of `text`, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// A tag as a chip: its name on its colour, in black or white, whichever reads better.
pub fn chip(ui: &mut egui::Ui, tag: &TagDef) -> egui::Response {
    let fill = colour(&tag.colour);
    let [r, g, b, _] = fill.to_array();
    let light = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b) > 150.0;
    let text_colour = if light {
        egui::Color32::BLACK
    } else {
        egui::Color32::WHITE
    };
    let text = egui::RichText::new(shorten(&tag.name, 18))
        .size(11.5)
        .color(text_colour);
    let button = egui::Button::new(text)
        .fill(fill)
        .corner_radius(6.0)
        .stroke(egui::Stroke::NONE)
        .small();
    ui.add(button).on_hover_text(&tag.name)
}

/// The star, drawn (no font needed): filled when starred.
pub fn star_ui(ui: &mut egui::Ui, on: bool) -> egui::Response {
    let size = egui::vec2(14.0, 14.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let c = rect.center();
    let points: Vec<egui::Pos2> = (0..10)
        .map(|i| {
            let r = if i % 2 == 0 { 6.5 } else { 2.8 };
            let a = std::f32::consts::PI * (i as f32) / 5.0 - std::f32::consts::FRAC_PI_2;
            egui::pos2(c.x + r * a.cos(), c.y + r * a.sin())
        })
        .collect();
    let gold = egui::Color32::from_rgb(232, 170, 20);
    let shape = if on {
        egui::epaint::PathShape::closed_line(points.clone(), egui::Stroke::new(1.0, gold))
    } else {
        egui::epaint::PathShape::closed_line(
            points.clone(),
            egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
        )
    };
    if on {
        // A filled star: a fan of triangles from the centre.
        for i in 0..10 {
            let (a, b) = (points[i], points[(i + 1) % 10]);
            ui.painter().add(egui::Shape::convex_polygon(
                vec![c, a, b],
                gold,
                egui::Stroke::NONE,
            ));
        }
    }
    ui.painter().add(shape);
    response
}

/// The chips of `mark` (and its star) in a table cell.
pub fn tags_cell_ui(ui: &mut egui::Ui, state: &AppState, mark: Option<&Mark>) {
    let Some(mark) = mark else { return };
    ui.spacing_mut().item_spacing.x = 3.0;
    if mark.star {
        star_ui(ui, true).on_hover_text("Starred");
    }
    for tag in state.marks.tags_of(mark) {
        chip(ui, tag);
    }
    if !mark.note.is_empty() {
        ui.weak("note").on_hover_text(shorten(&mark.note, 300));
    }
}

/// What a row's context menu offers: each tag (with its key) to toggle on the chosen rows,
/// the star, and the codebook.
pub fn tag_menu_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    id: ArticleId,
    commands: &mut Vec<Command>,
) -> bool {
    let count = if state.is_chosen(id) {
        state.chosen_count()
    } else {
        1
    };
    if !state.is_chosen(id) {
        commands.push(Command::Select(Some(id)));
    }
    ui.label(if count == 1 {
        "This article".to_owned()
    } else {
        format!("{} chosen articles", thousands(count as u64))
    });
    let mark = state.marks.mark_of(id);
    let mut codebook = false;
    for tag in &state.marks.marks.codebook {
        let has = mark.is_some_and(|m| m.tags.contains(&tag.name));
        let mut text = tag.name.clone();
        if let Some(key) = tag.key {
            text = format!("{text}    ({key})");
        }
        ui.horizontal(|ui| {
            swatch(ui, &tag.colour);
            let mut on = has;
            if ui.checkbox(&mut on, text).clicked() {
                commands.push(Command::ToggleTag(tag.name.clone()));
                ui.close();
            }
        });
    }
    let starred = mark.is_some_and(|m| m.star);
    if ui
        .button(if starred {
            "Remove the star    (S)"
        } else {
            "Star    (S)"
        })
        .clicked()
    {
        commands.push(Command::ToggleStar);
        ui.close();
    }
    ui.separator();
    if ui.button("Codebook…").clicked() {
        codebook = true;
        ui.close();
    }
    if ui.button("Copy citation").clicked() {
        commands.push(Command::CopyCitation);
        ui.close();
    }
    codebook
}

/// The reader's marks: star, tags, note. The note being typed is kept here and sent as it
/// changes.
#[derive(Default)]
pub struct NoteEditor {
    article: Option<ArticleId>,
    text: String,
}

impl NoteEditor {
    /// Draw the star, the tags and the note of article `id`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        id: ArticleId,
        commands: &mut Vec<Command>,
    ) {
        let mark = state.marks.mark_of(id);
        let saved = mark.map_or("", |m| m.note.as_str());
        let editing_id = egui::Id::unique("reader_note");
        let editing = ui.memory(|m| m.has_focus(editing_id));
        if self.article != Some(id) || (!editing && self.text != saved) {
            self.article = Some(id);
            self.text = saved.to_owned();
        }
        ui.horizontal_wrapped(|ui| {
            let starred = mark.is_some_and(|m| m.star);
            if star_ui(ui, starred)
                .on_hover_text(if starred {
                    "Starred (S to remove)"
                } else {
                    "Star (S)"
                })
                .clicked()
            {
                commands.push(Command::ToggleStar);
            }
            for tag in mark
                .map(|m| state.marks.tags_of(m).collect::<Vec<_>>())
                .unwrap_or_default()
            {
                if chip(ui, tag)
                    .on_hover_text(format!("{} — click to remove", tag.name))
                    .clicked()
                {
                    commands.push(Command::ToggleTag(tag.name.clone()));
                }
            }
            ui.menu_button("Tags…", |ui| {
                if state.marks.marks.codebook.is_empty() {
                    ui.weak("No tags yet: Tags, Codebook…");
                }
                for tag in &state.marks.marks.codebook {
                    let mut on = mark.is_some_and(|m| m.tags.contains(&tag.name));
                    let text = match tag.key {
                        Some(key) => format!("{}    ({key})", tag.name),
                        None => tag.name.clone(),
                    };
                    if ui.checkbox(&mut on, text).clicked() {
                        commands.push(Command::ToggleTag(tag.name.clone()));
                    }
                }
            });
        });
        let response = ui.add(
            egui::TextEdit::multiline(&mut self.text)
                .id(editing_id)
                .hint_text("Note (saved as you type)")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        );
        if response.changed() {
            commands.push(Command::SetNote {
                article: id,
                note: self.text.clone(),
            });
        }
    }
}

/// The codebook window and the "Tag all shown" dialog.
#[derive(Default)]
pub struct CodebookWindow {
    /// The codebook window is open.
    pub open: bool,
    new_name: String,
    problem: Option<String>,
    remove: Option<String>,
    /// The "Tag all shown" dialog is open.
    pub tag_all_open: bool,
    tag_all_name: String,
}

impl CodebookWindow {
    /// Draw what is open.
    pub fn ui(&mut self, ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
        if self.open {
            let mut open = true;
            egui::Window::new("Codebook")
                .open(&mut open)
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ctx.content_rect().center())
                .resizable(true)
                .default_width(380.0)
                .show(ctx, |ui| self.codebook_ui(ui, state, commands));
            self.open = open;
        }
        if self.tag_all_open {
            let mut open = true;
            egui::Window::new("Tag all shown")
                .open(&mut open)
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ctx.content_rect().center())
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| self.tag_all_ui(ui, state, commands));
            self.tag_all_open &= open;
        }
    }

    fn codebook_ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let marks = &state.marks;
        if marks.store.is_none() {
            ui.weak("Tags can be made once the folder is read.");
            return;
        }
        let mut uses = std::collections::HashMap::<&str, usize>::new();
        for mark in marks.marks.articles.values() {
            for tag in &mark.tags {
                *uses.entry(tag.as_str()).or_default() += 1;
            }
        }
        egui::Grid::new("codebook").striped(true).show(ui, |ui| {
            ui.strong("Colour");
            ui.strong("Tag");
            ui.strong("Key");
            ui.strong("Articles");
            ui.end_row();
            for tag in &marks.marks.codebook {
                let c = colour(&tag.colour).to_array();
                let mut rgb = [c[0], c[1], c[2]];
                if egui::color_picker::color_edit_button_srgb(ui, &mut rgb).changed() {
                    commands.push(Command::DefineTag(TagDef {
                        colour: hex(rgb),
                        ..tag.clone()
                    }));
                }
                ui.label(&tag.name);
                let mut key = tag.key;
                egui::ComboBox::from_id_salt(("key", &tag.name))
                    .width(48.0)
                    .selected_text(key.map_or_else(|| "–".to_owned(), |k| k.to_string()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut key, None, "–");
                        for k in 1..=9 {
                            ui.selectable_value(&mut key, Some(k), k.to_string());
                        }
                    });
                if key != tag.key {
                    commands.push(Command::DefineTag(TagDef { key, ..tag.clone() }));
                }
                let used = uses.get(tag.name.as_str()).copied().unwrap_or(0);
                ui.label(thousands(used as u64));
                if self.remove.as_deref() == Some(tag.name.as_str()) {
                    if ui
                        .button(format!("Remove from {}", thousands(used as u64)))
                        .clicked()
                    {
                        commands.push(Command::RemoveTag(tag.name.clone()));
                        self.remove = None;
                    }
                } else if ui.small_button("Remove…").clicked() {
                    self.remove = Some(tag.name.clone());
                }
                ui.end_row();
            }
        });
        ui.separator();
        self.new_tag_ui(ui, state, commands);
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
        ui.weak("Keys 1–9 toggle a tag on the chosen rows; S stars them. Ctrl- and Shift-click choose several rows, Ctrl+A all shown.");
    }

    /// A field and a button to add a tag (with the next colour and the first free key).
    fn new_tag_ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let field = ui.add(egui::TextEdit::singleline(&mut self.new_name).hint_text("New tag"));
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Add").clicked() || enter {
                let name = self.new_name.trim().to_owned();
                match check_tag_name(&name) {
                    Ok(()) if state.marks.marks.tag(&name).is_some() => {
                        self.problem = Some(format!("{name} is already in the codebook"));
                    }
                    Ok(()) => {
                        let codebook = &state.marks.marks;
                        commands.push(Command::DefineTag(TagDef {
                            name,
                            colour: codebook.next_colour().to_owned(),
                            key: codebook.free_key(),
                        }));
                        self.new_name.clear();
                        self.problem = None;
                    }
                    Err(problem) => self.problem = Some(problem),
                }
            }
        });
    }

    fn tag_all_ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let shown = state.view.ids.len();
        ui.label(format!("Every article shown: {}", thousands(shown as u64)));
        ui.horizontal(|ui| {
            ui.label("Tag");
            egui::ComboBox::from_id_salt("tag_all_name")
                .selected_text(if self.tag_all_name.is_empty() {
                    "choose…"
                } else {
                    self.tag_all_name.as_str()
                })
                .show_ui(ui, |ui| {
                    for tag in &state.marks.marks.codebook {
                        ui.selectable_value(&mut self.tag_all_name, tag.name.clone(), &tag.name);
                    }
                });
            ui.add(
                egui::TextEdit::singleline(&mut self.tag_all_name)
                    .hint_text("or a new tag")
                    .desired_width(120.0),
            );
        });
        let name = self.tag_all_name.trim().to_owned();
        let valid = check_tag_name(&name);
        if let Err(problem) = &valid
            && !name.is_empty()
        {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
        ui.horizontal(|ui| {
            let ready = valid.is_ok() && shown > 0;
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(format!("Add to {}", thousands(shown as u64))),
                )
                .clicked()
            {
                commands.push(Command::TagShown {
                    tag: name.clone(),
                    on: true,
                });
                self.tag_all_open = false;
            }
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(format!("Remove from {}", thousands(shown as u64))),
                )
                .clicked()
            {
                commands.push(Command::TagShown {
                    tag: name.clone(),
                    on: false,
                });
                self.tag_all_open = false;
            }
        });
    }
}
