//! The facet panel: Source, Author, Language, Format, Folder and Tag, each value with its count
//! in the current selection. Clicking a value narrows the table (values of one facet are
//! alternatives; facets narrow together); the counts follow every other choice.

use super::widgets::thousands;
use crate::app::{AppState, Command, PANEL_FACETS, TAG_FACET};
use crate::corpus::facets::{Facet, FacetColumn};

/// Values shown at first in each facet; "more" shows this many again.
const FIRST_VALUES: usize = 12;

/// The panel's own state: each facet's filter text and how many values it shows.
#[derive(Default)]
pub struct FacetPanel {
    filters: [String; PANEL_FACETS],
    limits: [usize; PANEL_FACETS],
}

/// The panel facet's name.
fn label(facet: usize) -> &'static str {
    Facet::ALL.get(facet).map_or("Tag", |f| f.label())
}

impl FacetPanel {
    /// Draw the panel's contents.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        // The same lines whatever is chosen, so that choosing moves nothing below.
        ui.horizontal(|ui| {
            ui.strong("Facets");
            if ui
                .add_enabled(
                    state.facets.is_active(),
                    egui::Button::new("Clear all").small(),
                )
                .on_hover_text("Show the articles of every facet value again")
                .clicked()
            {
                commands.push(Command::ClearFacets(None));
            }
        });
        ui.weak(if state.facets.hidden > 0 {
            format!(
                "{} hidden by the facets",
                thousands(state.facets.hidden as u64)
            )
        } else {
            "Click values to narrow the table".to_owned()
        });
        ui.separator();
        let Some(columns) = &state.facets.columns else {
            // Wrapped, so that a passing message never widens the panel for good (a panel
            // keeps the width its widest content gave it).
            ui.horizontal_wrapped(|ui| {
                ui.spinner();
                ui.weak(if state.is_scanning() {
                    "Facets count once the folder is read"
                } else {
                    "Counting…"
                });
            });
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("facets")
            .auto_shrink(false)
            .show(ui, |ui| {
                for facet in 0..PANEL_FACETS {
                    let column = columns.get(facet).unwrap_or(&state.marks.tags);
                    self.facet_ui(ui, state, facet, column, commands);
                }
            });
    }

    fn facet_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        facet: usize,
        column: &FacetColumn,
        commands: &mut Vec<Command>,
    ) {
        let chosen = &state.facets.chosen[facet];
        let counts = state
            .facets
            .counts
            .get(facet)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let count = |value: usize| counts.get(value).copied().unwrap_or(0);
        let with_articles = (0..column.values.len()).filter(|&v| count(v) > 0).count();
        let mut title = format!("{} ({})", label(facet), thousands(with_articles as u64));
        if !chosen.is_empty() {
            title.push_str(&format!(" · {} chosen", chosen.len()));
        }
        egui::CollapsingHeader::new(egui::RichText::new(title).strong())
            .id_salt(("facet", facet))
            .default_open(facet == 0 || facet == TAG_FACET)
            .show(ui, |ui| {
                if column.values.is_empty() {
                    ui.weak(if facet == TAG_FACET {
                        "No tags yet: Tags, Codebook…"
                    } else {
                        "No values in this folder"
                    });
                    return;
                }
                if column.values.len() > FIRST_VALUES {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.filters[facet])
                            .hint_text(format!("Filter {}…", label(facet).to_lowercase()))
                            .desired_width(f32::INFINITY),
                    );
                }
                let filter = self.filters[facet].to_lowercase();
                // Values without articles only when chosen (tags always).
                let mut order: Vec<usize> = (0..column.values.len())
                    .filter(|&v| {
                        let value = &column.values[v];
                        (chosen.contains(&value.key) || count(v) > 0 || facet == TAG_FACET)
                            && (filter.is_empty()
                                || value.shown.to_lowercase().contains(&filter)
                                || value.key.contains(&filter))
                    })
                    .collect();
                // By count, then name: choosing a value moves nothing (a facet's counts do
                // not depend on its own choices); chosen values beyond the first ones follow.
                order.sort_by(|&a, &b| {
                    count(b)
                        .cmp(&count(a))
                        .then_with(|| column.values[a].shown.cmp(&column.values[b].shown))
                });
                let limit = self.limits[facet].max(FIRST_VALUES);
                let shown = order
                    .iter()
                    .enumerate()
                    .filter(|&(i, &v)| i < limit || chosen.contains(&column.values[v].key));
                for (_, &v) in shown {
                    self.value_ui(ui, state, facet, column, v, count(v), commands);
                }
                // Below the values, so that choosing one does not move the others.
                if !chosen.is_empty()
                    && ui
                        .small_button(format!("Clear {}", label(facet).to_lowercase()))
                        .clicked()
                {
                    commands.push(Command::ClearFacets(Some(facet)));
                }
                if order.len() > limit {
                    let more = (order.len() - limit).min(FIRST_VALUES * 4);
                    if ui
                        .small_button(format!(
                            "{more} more of {}",
                            thousands((order.len() - limit) as u64)
                        ))
                        .clicked()
                    {
                        self.limits[facet] = limit + more;
                    }
                }
            });
    }

    #[expect(clippy::too_many_arguments, reason = "one row of one facet")]
    fn value_ui(
        &self,
        ui: &mut egui::Ui,
        state: &AppState,
        facet: usize,
        column: &FacetColumn,
        v: usize,
        count: u32,
        commands: &mut Vec<Command>,
    ) {
        let value = &column.values[v];
        let mut is_chosen = state.facets.chosen[facet].contains(&value.key);
        ui.horizontal(|ui| {
            if facet == TAG_FACET
                && let Some(tag) = state.marks.marks.tag(&value.key)
            {
                super::marks_ui::swatch(ui, &tag.colour);
            }
            let shown = super::marks_ui::shorten(&value.shown, 28);
            let response = ui.checkbox(&mut is_chosen, shown);
            if response.clicked() {
                commands.push(Command::ToggleFacetValue {
                    facet,
                    key: value.key.clone(),
                });
            }
            let response = if value.spellings.len() > 1 {
                let spellings: Vec<String> = value
                    .spellings
                    .iter()
                    .map(|(name, n)| format!("{name} ({})", thousands(u64::from(*n))))
                    .collect();
                response.on_hover_text(format!("Spelled:\n{}", spellings.join("\n")))
            } else if value.shown.chars().count() > 28 {
                response.on_hover_text(value.shown.as_ref())
            } else {
                response
            };
            let _ = response;
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(thousands(u64::from(count)));
            });
        });
    }
}
