//! The story families window: the list of families (largest first), one family's members by
//! date with outlet, title and similarity, the threshold, and the side-by-side comparison of
//! two members with deleted and inserted words marked.

use egui_extras::{Column, TableBuilder};

use super::widgets::thousands;
use crate::analysis::families::diff::Piece;
use crate::analysis::families::{Families, FamilyId};
use crate::app::{AppState, Command, Comparison, FamiliesSettings, FamiliesStatus};
use crate::corpus::{Article, ArticleId};

/// Draw the families window (when open) and the comparison (when asked for).
pub fn ui(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(corpus) = &state.corpus else { return };
    let families = &state.families;
    if families.window_open {
        let mut open = true;
        egui::Window::new("Story families")
            .open(&mut open)
            .default_size([640.0, 380.0])
            .resizable(true)
            .show(ctx, |ui| {
                // Rows take clicks; selectable labels would swallow them.
                ui.style_mut().interaction.selectable_labels = false;
                threshold_ui(ui, state, commands);
                ui.separator();
                match (families.ready(&corpus.articles), families.shown) {
                    (Some(found), Some(family)) => {
                        family_ui(ui, found, family, &corpus.articles, state, commands);
                    }
                    (Some(found), None) => list_ui(ui, found, &corpus.articles, commands),
                    (None, _) => {
                        ui.label(status_text(&families.status));
                    }
                }
            });
        if !open {
            commands.push(Command::CloseFamilies);
        }
    }
    if let Some(comparison) = &families.comparison {
        comparison_ui(ctx, comparison, &corpus.articles, state, commands);
    }
}

/// What the families' finding is doing, for a label.
pub fn status_text(status: &FamiliesStatus) -> String {
    match status {
        FamiliesStatus::Waiting => {
            "Story families are found once the folder's words are counted…".to_owned()
        }
        FamiliesStatus::Finding => "Finding story families…".to_owned(),
        FamiliesStatus::Ready => String::new(),
        FamiliesStatus::Failed(err) => format!("Story families could not be found: {err}"),
    }
}

fn threshold_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let settings = &state.settings.families;
    ui.horizontal(|ui| {
        let mut threshold = settings.threshold;
        let slider = egui::Slider::new(&mut threshold, 0.2..=1.0)
            .step_by(0.05)
            .fixed_decimals(2)
            .text("similarity threshold");
        let response = ui.add(slider).on_hover_text(
            "How alike an article must be to a family's first (earliest) member to join it: \
             the estimated share of 5-word sequences the two have in common (Jaccard). Lower \
             finds more heavily edited copies.",
        );
        if response.drag_stopped() || (response.changed() && !response.dragged()) {
            commands.push(Command::SetFamiliesSettings(FamiliesSettings {
                threshold,
                ..*settings
            }));
        }
        if state.families.status == FamiliesStatus::Finding {
            ui.spinner();
        }
    });
}

fn list_ui(
    ui: &mut egui::Ui,
    families: &Families,
    articles: &[Article],
    commands: &mut Vec<Command>,
) {
    ui.label(format!(
        "{} of {} articles; click one to see its members.",
        super::widgets::counted(families.len() as u64, "family", "families"),
        thousands(families.members_total() as u64)
    ));
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt("families_list")
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::initial(52.0).at_least(40.0))
        .column(Column::initial(92.0).at_least(60.0))
        .column(Column::remainder().at_least(120.0).clip(true))
        .header(row_height, |mut header| {
            for title in ["Articles", "First", "Title of the first"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, families.len(), |mut row| {
                let family = FamilyId::try_from(row.index()).unwrap_or(FamilyId::MAX);
                let members = families.members(family);
                let Some(first) = members.first().and_then(|&id| articles.get(id as usize)) else {
                    return;
                };
                row.col(|ui| super::widgets::right_aligned(ui, &members.len().to_string()));
                row.col(|ui| {
                    ui.label(date_text(first));
                });
                row.col(|ui| {
                    ui.label(&*first.title);
                });
                if row.response().clicked() {
                    commands.push(Command::ShowFamily(Some(family)));
                }
            });
        });
}

fn date_text(article: &Article) -> String {
    article
        .date
        .map_or_else(|| "undated".to_owned(), |d| d.to_string())
}

fn family_ui(
    ui: &mut egui::Ui,
    families: &Families,
    family: FamilyId,
    articles: &[Article],
    state: &AppState,
    commands: &mut Vec<Command>,
) {
    let members = families.members(family);
    let Some(&first) = members.first() else {
        return;
    };
    // The left side of a comparison: the first member, unless another was chosen.
    let left = state
        .families
        .compare_with
        .filter(|id| members.contains(id))
        .unwrap_or(first);
    ui.horizontal(|ui| {
        if ui.button("All families").clicked() {
            commands.push(Command::ShowFamily(None));
        }
        ui.label(format!(
            "{} articles, by date; similarity with the first.",
            members.len()
        ));
    });
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt(("family_members", family))
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::initial(92.0).at_least(60.0))
        .column(Column::initial(130.0).at_least(50.0).clip(true))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::initial(72.0).at_least(60.0))
        .column(Column::initial(36.0).at_least(30.0))
        .column(Column::initial(80.0).at_least(70.0))
        .header(row_height, |mut header| {
            for title in ["Date", "Source", "Title", "Similarity", "Left", ""] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, members.len(), |mut row| {
                let Some(&id) = members.get(row.index()) else {
                    return;
                };
                let Some(article) = articles.get(id as usize) else {
                    return;
                };
                row.set_selected(state.selection == Some(id));
                row.col(|ui| {
                    ui.label(date_text(article));
                });
                row.col(|ui| {
                    ui.label(article.source());
                });
                row.col(|ui| {
                    ui.label(&*article.title);
                });
                row.col(|ui| {
                    super::widgets::right_aligned(
                        ui,
                        &format!("{:.0} %", families.similarity(id) * 100.0),
                    );
                });
                compare_cells_ui(&mut row, id, left, commands);
                if row.response().clicked() {
                    commands.push(Command::Select(Some(id)));
                }
            });
        });
}

/// A member's Left choice and its Compare button (none for the left one itself).
fn compare_cells_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    id: ArticleId,
    left: ArticleId,
    commands: &mut Vec<Command>,
) {
    row.col(|ui| {
        if ui
            .radio(id == left, "")
            .on_hover_text("Compare the others with this one (the first by default)")
            .clicked()
        {
            commands.push(Command::CompareWith(id));
        }
    });
    row.col(|ui| {
        if id != left
            && ui
                .button("Compare")
                .on_hover_text(
                    "Side by side with the one chosen as the left side, changed words marked",
                )
                .clicked()
        {
            commands.push(Command::Compare { left, right: id });
        }
    });
}

fn comparison_ui(
    ctx: &egui::Context,
    comparison: &Comparison,
    articles: &[Article],
    state: &AppState,
    commands: &mut Vec<Command>,
) {
    let (Some(left), Some(right)) = (
        articles.get(comparison.left as usize),
        articles.get(comparison.right as usize),
    ) else {
        return;
    };
    let mut open = true;
    egui::Window::new("Compare two articles")
        .open(&mut open)
        .default_size([860.0, 520.0])
        .resizable(true)
        .show(ctx, |ui| match &comparison.diff {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading the two articles…");
                });
            }
            Some(Err(err)) => {
                ui.colored_label(ui.visuals().error_fg_color, err);
            }
            Some(Ok(diff)) => {
                // The estimate, when the left one is the right one's family's first.
                let similarity = state.families.families.as_deref().and_then(|f| {
                    let family = f.family_of(comparison.right)?;
                    (f.members(family).first() == Some(&comparison.left))
                        .then(|| f.similarity(comparison.right))
                });
                let mut summary = format!(
                    "{} words deleted, {} inserted, {} shared",
                    thousands(diff.deleted as u64),
                    thousands(diff.inserted as u64),
                    thousands(diff.shared as u64)
                );
                if let Some(s) = similarity {
                    summary.push_str(&format!("; similarity {:.0} %", s * 100.0));
                }
                ui.label(summary);
                ui.separator();
                ui.columns(2, |columns| {
                    if let [left_ui, right_ui] = columns {
                        side_ui(left_ui, left, comparison.left, &diff.left, Side::Left);
                        side_ui(right_ui, right, comparison.right, &diff.right, Side::Right);
                    }
                });
            }
        });
    if !open {
        commands.push(Command::CloseComparison);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

fn side_ui(ui: &mut egui::Ui, article: &Article, id: ArticleId, pieces: &[Piece], side: Side) {
    ui.strong(format!("{} · {}", date_text(article), article.source()));
    ui.label(
        egui::RichText::new(match side {
            Side::Left => "struck through: words the other lacks",
            Side::Right => "underlined: words it adds",
        })
        .weak()
        .small(),
    );
    let visuals = ui.visuals().clone();
    let (deleted_bg, inserted_bg) = if visuals.dark_mode {
        (
            egui::Color32::from_rgb(110, 40, 40),
            egui::Color32::from_rgb(35, 95, 50),
        )
    } else {
        (
            egui::Color32::from_rgb(255, 205, 205),
            egui::Color32::from_rgb(200, 240, 200),
        )
    };
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    for piece in pieces {
        let mut format = egui::TextFormat {
            font_id: font.clone(),
            color: visuals.text_color(),
            ..Default::default()
        };
        if piece.changed {
            match side {
                Side::Left => {
                    format.background = deleted_bg;
                    format.strikethrough = egui::Stroke::new(1.0, visuals.text_color());
                }
                Side::Right => {
                    format.background = inserted_bg;
                    format.underline = egui::Stroke::new(1.0, visuals.text_color());
                }
            }
        }
        job.append(&piece.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    egui::ScrollArea::vertical()
        .id_salt(("compare", id, side == Side::Left))
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.label(job);
        });
}
