//! The article table: virtualised rows (only visible rows are laid out), sortable headers,
//! resizable columns, whole-row selection.

use egui_extras::{Column, TableBuilder};

use super::widgets::{human_bytes, sort_arrow_ui};
use crate::analysis::families::Families;
use crate::app::{AppState, Choose, ColumnVisibility, Command};
use crate::corpus::{Article, ArticleId};
use crate::corpus::{SortColumn, SortOrder};

/// The table's own state.
#[derive(Default)]
pub struct ArticleTable {
    /// The newest request to scroll the selected row into view that the table answered
    /// (see [`AppState::table_scroll_request`]).
    answered_scroll_request: u64,
    /// Rows that fit in the table (for Page Up / Page Down).
    pub page_rows: usize,
    /// A row's context menu asked for the codebook.
    pub wants_codebook: bool,
}

/// The width of the Tags column.
const TAGS_WIDTH: f32 = 150.0;

/// The Tags column is shown: asked for, and the folder has tags.
fn shows_tags(state: &AppState) -> bool {
    state.settings.columns.tags && !state.marks.marks.codebook.is_empty()
}

/// The table's columns are the sort columns.
type TableColumn = SortColumn;

/// How each column is shown.
trait ColumnLook: Sized {
    fn visible(columns: ColumnVisibility) -> Vec<Self>;
    fn label(self) -> &'static str;
    fn layout(self) -> Column;
    fn width(self) -> f32;
}

/// The width of the Hits column.
const HITS_WIDTH: f32 = 56.0;

impl ColumnLook for TableColumn {
    fn visible(columns: ColumnVisibility) -> Vec<Self> {
        let mut out = Vec::new();
        if columns.date {
            out.push(Self::Date);
        }
        out.push(Self::Title);
        if columns.dateline {
            out.push(Self::Dateline);
        }
        if columns.source {
            out.push(Self::Source);
        }
        if columns.words {
            out.push(Self::Words);
        }
        if columns.size {
            out.push(Self::Size);
        }
        if columns.modified {
            out.push(Self::Modified);
        }
        if columns.file {
            out.push(Self::File);
        }
        out
    }

    fn label(self) -> &'static str {
        match self {
            Self::Date => "Date",
            Self::Title => "Title",
            Self::Source => "Source",
            Self::Words => "Words",
            Self::File => "File",
            Self::Dateline => "Dateline",
            Self::Size => "Size",
            Self::Modified => "Modified",
            Self::Authors => "Authors",
            Self::Url => "URL",
            Self::Language => "Language",
            Self::Format => "Format",
        }
    }

    /// The width the column starts with (the title's: the least it takes).
    fn width(self) -> f32 {
        match self {
            Self::Date => 92.0,
            Self::Title => 160.0,
            Self::Source | Self::Modified => 130.0,
            Self::Words => 64.0,
            Self::File => 190.0,
            Self::Dateline => 170.0,
            Self::Size => 72.0,
            Self::Authors => 150.0,
            Self::Url => 220.0,
            Self::Language => 70.0,
            Self::Format => 120.0,
        }
    }

    fn layout(self) -> Column {
        match self {
            Self::Date => Column::initial(self.width()).at_least(60.0),
            Self::Title => Column::remainder().at_least(self.width()).clip(true),
            Self::Source => Column::initial(self.width()).at_least(50.0).clip(true),
            Self::Words => Column::initial(self.width()).at_least(44.0),
            Self::File => Column::initial(self.width()).at_least(60.0).clip(true),
            Self::Dateline => Column::initial(self.width()).at_least(60.0).clip(true),
            Self::Size => Column::initial(self.width()).at_least(44.0),
            Self::Modified => Column::initial(self.width()).at_least(60.0),
            Self::Authors => Column::initial(self.width()).at_least(60.0).clip(true),
            Self::Url => Column::initial(self.width()).at_least(60.0).clip(true),
            Self::Language => Column::initial(self.width()).at_least(40.0).clip(true),
            Self::Format => Column::initial(self.width()).at_least(50.0).clip(true),
        }
    }
}

impl ArticleTable {
    /// Draw the table.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let Some(corpus) = &state.corpus else { return };
        if state.view.ids.is_empty() {
            self.empty_ui(ui, state, commands);
            return;
        }
        let columns = TableColumn::visible(state.settings.columns);
        let counts = state
            .search
            .counts()
            .filter(|c| c.len() == corpus.articles.len());
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let header_height = row_height + 2.0;
        self.page_rows = ((ui.available_height() - header_height) / row_height)
            .floor()
            .max(1.0) as usize;
        ui.style_mut().interaction.selectable_labels = false;
        let spacing = ui.spacing().item_spacing.x;
        let needed: f32 = columns
            .iter()
            .map(|c| c.width() + spacing)
            .chain(counts.map(|_| HITS_WIDTH + spacing))
            .chain(family_column(state).map(|_| FAMILY_WIDTH + spacing))
            .chain(shows_tags(state).then_some(TAGS_WIDTH + spacing))
            .sum();
        if needed <= ui.available_width() {
            self.rows_ui(ui, state, &columns, counts, commands);
            return;
        }
        // The columns do not fit (a narrow window): the table keeps their widths and scrolls
        // sideways, so every column can be reached.
        egui::ScrollArea::horizontal()
            .id_salt("articles_sideways")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.set_min_width(needed);
                self.rows_ui(ui, state, &columns, counts, commands);
            });
    }

    /// The header and the visible rows.
    fn rows_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        columns: &[TableColumn],
        counts: Option<&[u32]>,
        commands: &mut Vec<Command>,
    ) {
        let Some(corpus) = &state.corpus else { return };
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let header_height = row_height + 2.0;
        let tags = shows_tags(state);
        let families = family_column(state);
        let extra = Extra {
            tags,
            hits: counts.is_some(),
            family: families.is_some(),
        };
        let mut builder = with_columns(TableBuilder::new(ui), columns, extra);
        if self.answered_scroll_request != state.table_scroll_request {
            if let Some(row) = state.selected_row() {
                builder = builder.scroll_to_row(row, None);
            }
            self.answered_scroll_request = state.table_scroll_request;
        }
        let sort = state.settings.sort;
        builder
            .header(header_height, |mut header| {
                for &column in columns {
                    header.col(|ui| header_cell_ui(ui, column, sort, state, commands));
                    if tags && column == TableColumn::Title {
                        header.col(|ui| {
                            ui.strong("Tags").on_hover_text(
                                "Keys 1–9 toggle a tag on the chosen rows, S stars them; right-click a row for its menu",
                            );
                        });
                    }
                }
                if counts.is_some() {
                    header.col(|ui| hits_header_ui(ui, state.search.sort_by_hits, commands));
                }
                if families.is_some() {
                    header.col(|ui| family_header_ui(ui, state.families.sort, commands));
                }
            })
            .body(|body| {
                body.rows(row_height, state.view.ids.len(), |mut row| {
                    let Some(&id) = state.view.ids.get(row.index()) else {
                        return;
                    };
                    let Some(article) = corpus.articles.get(id as usize) else {
                        return;
                    };
                    row.set_selected(state.is_chosen(id));
                    for &column in columns {
                        row.col(|ui| cell_ui(ui, column, article));
                        if tags && column == TableColumn::Title {
                            row.col(|ui| {
                                super::marks_ui::tags_cell_ui(ui, state, state.marks.mark_of(id));
                            });
                        }
                    }
                    if let Some(counts) = counts {
                        let count = counts.get(id as usize).copied().unwrap_or(0);
                        row.col(|ui| hits_cell_ui(ui, count));
                    }
                    if let Some(families) = families {
                        row.col(|ui| family_cell_ui(ui, families, id, commands));
                    }
                    if row_clicks(&row.response(), id, state, commands) {
                        self.wants_codebook = true;
                    }
                    if row.response().double_clicked() {
                        commands.push(Command::FocusReader(true));
                    }
                });
            });
    }

    fn empty_ui(&self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.vertical_centered(|ui| {
            ui.add_space(60.0);
            let total = state.corpus.as_ref().map_or(0, |c| c.articles.len());
            if state.is_scanning() && total == 0 {
                ui.spinner();
                ui.label("Looking for articles…");
            } else if total == 0 {
                ui.heading("No articles in this folder");
                ui.label(format!(
                    "{} They may be in the folder or any sub-folder.",
                    crate::corpus::formats_sentence()
                ));
                if state.corpus.as_ref().is_some_and(|c| !c.skipped.is_empty())
                    && ui.link("Show skipped files").clicked()
                {
                    commands.push(Command::ShowSkipped(true));
                }
            } else if (state.search.results.is_some() || !state.search.fields.is_empty())
                && state.view.hidden_by_search > 0
            {
                ui.heading(format!("No article matches “{}”", state.search.query_text));
                if !state.settings.filter.is_inactive() && state.view.hidden_by_range > 0 {
                    ui.label("in the date range.");
                    if ui.button("Clear the date filter").clicked() {
                        commands.push(Command::SetFilter(Default::default()));
                    }
                }
                if ui.button("Clear the search").clicked() {
                    commands.push(Command::SetQuery(String::new()));
                }
            } else {
                ui.heading("No article matches the date range");
                if ui.button("Clear the date filter").clicked() {
                    commands.push(Command::SetFilter(Default::default()));
                }
            }
        });
    }
}

/// A click on a row chooses it (Ctrl: adds or removes it, Shift: the rows between); a
/// right-click opens its tag menu. True when that menu asked for the codebook.
fn row_clicks(
    response: &egui::Response,
    id: crate::corpus::ArticleId,
    state: &AppState,
    commands: &mut Vec<Command>,
) -> bool {
    if response.clicked() {
        let modifiers = response.ctx.input(|i| i.modifiers);
        let how = if modifiers.shift {
            Choose::Range
        } else if modifiers.command {
            Choose::Toggle
        } else {
            Choose::Only
        };
        commands.push(Command::ChooseRow { id, how });
    }
    let mut codebook = false;
    response.context_menu(|ui| {
        codebook = super::marks_ui::tag_menu_ui(ui, state, id, commands);
    });
    codebook
}

fn header_cell_ui(
    ui: &mut egui::Ui,
    column: TableColumn,
    sort: SortOrder,
    state: &AppState,
    commands: &mut Vec<Command>,
) {
    let sorted_here = sort.column == column && state.search.sort_by_hits.is_none();
    let text = egui::RichText::new(column.label()).strong();
    let response = ui
        .add(egui::Button::new(text).frame(false))
        .on_hover_text("Sort by this column; click again to reverse");
    if sorted_here {
        sort_arrow_ui(ui, sort.descending);
    }
    if response.clicked() {
        commands.push(Command::SortBy(column));
    }
    response.context_menu(|ui| {
        ui.label("Columns");
        super::widgets::columns_ui(ui, state.settings.columns, commands);
    });
}

/// The columns shown besides the sort columns.
#[derive(Clone, Copy)]
struct Extra {
    /// Tags, after the title.
    tags: bool,
    /// Hits, after the sort columns.
    hits: bool,
    /// Family, last.
    family: bool,
}

/// The table's columns: `columns`, with Tags after the title, then Hits and Family.
fn with_columns<'a>(
    builder: TableBuilder<'a>,
    columns: &[TableColumn],
    Extra { tags, hits, family }: Extra,
) -> TableBuilder<'a> {
    let mut builder = builder
        .id_salt("articles")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .auto_shrink(false);
    for column in columns {
        builder = builder.column(column.layout());
        if tags && *column == TableColumn::Title {
            builder = builder.column(Column::initial(TAGS_WIDTH).at_least(40.0).clip(true));
        }
    }
    if hits {
        builder = builder.column(Column::initial(HITS_WIDTH).at_least(40.0));
    }
    if family {
        builder = builder.column(Column::initial(FAMILY_WIDTH).at_least(44.0));
    }
    builder
}

/// The width of the Family column.
const FAMILY_WIDTH: f32 = 64.0;

/// The families, when the table shows their column (found, and at least one).
fn family_column(state: &AppState) -> Option<&Families> {
    let corpus = state.corpus.as_ref()?;
    state
        .families
        .ready(&corpus.articles)
        .filter(|f| !f.is_empty())
}

fn family_header_ui(ui: &mut egui::Ui, sort: Option<bool>, commands: &mut Vec<Command>) {
    let text = egui::RichText::new("Family").strong();
    let response = ui.add(egui::Button::new(text).frame(false)).on_hover_text(
        "Articles in the story family (wire copies, reprints, versions). Click to sort by it, \
         members together; click a number to see the family",
    );
    if let Some(descending) = sort {
        sort_arrow_ui(ui, descending);
    }
    if response.clicked() {
        commands.push(Command::SortByFamily);
    }
}

/// An article's family size, a link to the family (empty for an article without one).
fn family_cell_ui(
    ui: &mut egui::Ui,
    families: &Families,
    id: ArticleId,
    commands: &mut Vec<Command>,
) {
    let Some(family) = families.family_of(id) else {
        return;
    };
    let size = families.members(family).len();
    {
        let first = families.members(family).first() == Some(&id);
        let hover = if first {
            format!("The first of {size} articles of one story; click to see them")
        } else {
            format!(
                "One of {size} articles of one story, {:.0} % like the first; click to see them",
                families.similarity(id) * 100.0
            )
        };
        // Left-aligned: the last column runs under the scroll bar.
        if ui.link(size.to_string()).on_hover_text(hover).clicked() {
            commands.push(Command::ShowFamily(Some(family)));
        }
    }
}

fn hits_header_ui(ui: &mut egui::Ui, by_hits: Option<bool>, commands: &mut Vec<Command>) {
    let text = egui::RichText::new("Hits").strong();
    let response = ui
        .add(egui::Button::new(text).frame(false))
        .on_hover_text("Sort by the number of hits; click again to reverse");
    if let Some(descending) = by_hits {
        sort_arrow_ui(ui, descending);
    }
    if response.clicked() {
        commands.push(Command::SortByHits);
    }
}

/// An article's hits (`…` while they are being counted).
fn hits_cell_ui(ui: &mut egui::Ui, count: u32) {
    if count == crate::search::run::UNCOUNTED {
        super::widgets::right_aligned(ui, "…");
    } else {
        super::widgets::right_aligned(ui, &super::widgets::thousands(count.into()));
    }
}

fn cell_ui(ui: &mut egui::Ui, column: TableColumn, article: &Article) {
    match column {
        TableColumn::Date => match article.date {
            Some(date) => {
                ui.label(date.format("%Y-%m-%d").to_string());
            }
            None => {
                let label = ui.weak("undated");
                if let Some(problem) = &article.meta().date_problem {
                    label.on_hover_text(problem.as_ref());
                }
            }
        },
        TableColumn::Title => {
            let mut text = egui::RichText::new(article.title.as_ref());
            if article.title_derived() {
                text = text.italics();
            }
            let label = ui.add(egui::Label::new(text).truncate());
            if article.title_derived() {
                label.on_hover_text(article.title_source.explanation());
            }
        }
        TableColumn::Source => {
            if let Some(outlet) = &article.meta().outlet {
                ui.add(egui::Label::new(outlet.as_ref()).truncate())
                    .on_hover_text(format!(
                        "Outlet named in the file · folder: {}",
                        folder_label(article)
                    ));
            } else if article.folder().is_empty() {
                ui.weak("(top level)");
            } else {
                ui.add(egui::Label::new(article.folder()).truncate());
            }
        }
        TableColumn::Authors | TableColumn::Url | TableColumn::Language | TableColumn::Format => {
            ui.add(egui::Label::new(column.text_of(article).unwrap_or_default()).truncate());
        }
        TableColumn::Words => {
            super::widgets::right_aligned(ui, &super::widgets::thousands(u64::from(article.words)));
        }
        TableColumn::File => {
            ui.add(egui::Label::new(article.file_name()).truncate());
        }
        TableColumn::Dateline => {
            ui.add(egui::Label::new(article.dateline.as_deref().unwrap_or_default()).truncate());
        }
        TableColumn::Size => super::widgets::right_aligned(ui, &human_bytes(article.bytes())),
        TableColumn::Modified => {
            let text = article
                .modified_unix_s
                .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            ui.label(text);
        }
    }
}

fn folder_label(article: &Article) -> &str {
    if article.folder().is_empty() {
        "(top level)"
    } else {
        article.folder()
    }
}
