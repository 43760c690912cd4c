//! The concordance (key word in context): every hit of the search in the shown articles, one
//! line each, left context | hit | right context aligned on the hit, with the article's date
//! and title. Virtualised: only visible lines are laid out. Sortable by the words on either
//! side of the hit; a click opens the article in the reader at that hit.

use egui_extras::{Column, TableBuilder};

use super::widgets::{sort_arrow_ui, thousands};
use crate::app::{AppState, Command};
use crate::corpus::Article;
use crate::search::{ConcordanceLine, ConcordanceOrder, ConcordanceSort, SearchResults};

/// The concordance's own state.
#[derive(Default)]
pub struct ConcordancePanel {
    selected: Option<u32>,
}

impl ConcordancePanel {
    /// Draw the concordance.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let (Some(results), Some(corpus)) = (&state.search.results, &state.corpus) else {
            return;
        };
        let rows = &state.search.concordance;
        if !results.complete {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the matching articles for their hits…");
            });
            return;
        }
        ui.horizontal(|ui| toolbar_ui(ui, results, rows.is_empty(), commands));
        if rows.is_empty() {
            ui.vertical_centered(|ui| {
                ui.add_space(40.0);
                ui.weak("No hits in the articles the filters show.");
            });
            return;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let side = ((ui.available_width() - 92.0 - 180.0 - 110.0) / 2.0).max(120.0);
        ui.style_mut().interaction.selectable_labels = false;
        let sort = state.search.concordance_order;
        TableBuilder::new(ui)
            .id_salt("concordance")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .auto_shrink(false)
            .column(Column::initial(92.0).at_least(60.0))
            .column(Column::initial(180.0).at_least(60.0).clip(true))
            .column(Column::initial(side).at_least(60.0).clip(true))
            .column(Column::initial(110.0).at_least(40.0).clip(true))
            .column(Column::remainder().at_least(60.0).clip(true))
            .header(row_height + 2.0, |mut header| {
                for (order, label) in COLUMNS {
                    header.col(|ui| header_cell_ui(ui, order, label, sort, commands));
                }
            })
            .body(|body| {
                body.rows(row_height, rows.len(), |mut row| {
                    let Some(&index) = rows.get(row.index()) else {
                        return;
                    };
                    let Some(line) = results.lines.get(index as usize) else {
                        return;
                    };
                    let article = corpus.articles.get(line.article as usize);
                    row.set_selected(self.selected == Some(index));
                    line_cells_ui(&mut row, article, line);
                    if row.response().clicked() {
                        self.selected = Some(index);
                        commands.push(Command::OpenHit {
                            article: line.article,
                            hit: line.hit as usize,
                        });
                    }
                });
            });
    }
}

/// The columns, each with the order a click on its header asks for.
const COLUMNS: [(ConcordanceSort, &str); 5] = [
    (ConcordanceSort::Date, "Date"),
    (ConcordanceSort::Title, "Title"),
    (ConcordanceSort::Left, "Left context"),
    (ConcordanceSort::Hit, "Hit"),
    (ConcordanceSort::Right, "Right context"),
];

/// Export, the hint, and a warning when not every hit is listed.
fn toolbar_ui(
    ui: &mut egui::Ui,
    results: &SearchResults,
    no_rows: bool,
    commands: &mut Vec<Command>,
) {
    if ui
        .add_enabled(!no_rows, egui::Button::new("Export CSV…"))
        .on_hover_text("Save these lines (path, left, hit, right) as a CSV file")
        .clicked()
    {
        commands.push(Command::ExportConcordance);
    }
    ui.weak("Click a line to read the article at that hit. Click a header to sort.");
    if results.lines_dropped > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Showing the first {} hits; {} more are counted in the table but not listed.",
                thousands(results.lines.len() as u64),
                thousands(results.lines_dropped)
            ),
        );
    }
}

/// A header: click to sort by it (again: reverse); an arrow shows the sorted one.
fn header_cell_ui(
    ui: &mut egui::Ui,
    order: ConcordanceSort,
    label: &str,
    sort: ConcordanceOrder,
    commands: &mut Vec<Command>,
) {
    let layout = if order == ConcordanceSort::Left {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    };
    ui.with_layout(layout, |ui| {
        let text = egui::RichText::new(label).strong();
        let response = ui
            .add(egui::Button::new(text).frame(false))
            .on_hover_text(sort_hint(order));
        if sort.by == order {
            sort_arrow_ui(ui, sort.descending);
        }
        if response.clicked() {
            commands.push(Command::SortConcordance(order));
        }
    });
}

/// One line's cells: date, title, left context, hit, right context.
fn line_cells_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    article: Option<&Article>,
    line: &ConcordanceLine,
) {
    row.col(|ui| match article.and_then(|a| a.date) {
        Some(date) => {
            ui.label(date.format("%Y-%m-%d").to_string());
        }
        None => {
            ui.weak("undated");
        }
    });
    row.col(|ui| {
        let title = article.map_or("", |a| &a.title);
        ui.add(egui::Label::new(title).truncate());
    });
    row.col(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.add(egui::Label::new(&*line.left).extend());
        });
    });
    row.col(|ui| {
        ui.add(
            egui::Label::new(
                egui::RichText::new(&*line.text)
                    .strong()
                    .color(ui.visuals().hyperlink_color),
            )
            .extend(),
        );
    });
    row.col(|ui| {
        ui.add(egui::Label::new(&*line.right).extend());
    });
}

fn sort_hint(order: ConcordanceSort) -> &'static str {
    match order {
        ConcordanceSort::Left => "Sort by the words before the hit, nearest first",
        ConcordanceSort::Right => "Sort by the words after the hit",
        ConcordanceSort::Hit => "Sort by the hit",
        ConcordanceSort::Date => "Sort by date",
        ConcordanceSort::Title => "Sort by title",
        ConcordanceSort::Table => "The table's order",
    }
}
