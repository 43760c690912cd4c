//! The Words tab: word statistics of the articles shown (the table's date range, search,
//! facets and tags). A frequency list, n-grams, the collocates of a word, or keyness against
//! the other articles; stopwords; sortable columns; a click on a word searches for it.
//! Virtualised: only visible rows are laid out.

use egui_extras::{Column, TableBuilder};

use super::widgets::{sort_arrow_ui, thousands};
use crate::analysis::stopwords::LISTS;
use crate::app::{AppState, Command, StoreState, WordsMode, WordsResult, WordsRows, WordsSettings};

/// Draw the Words tab.
pub fn ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let words = &state.words;
    let mut settings = state.settings.words.clone();
    ui.horizontal_wrapped(|ui| settings_ui(ui, state, &mut settings));
    if settings != state.settings.words {
        commands.push(Command::SetWordsSettings(settings));
    }
    ui.horizontal(|ui| status_ui(ui, state, commands));
    ui.separator();
    if let StoreState::Failed(err) = &words.store {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("Word counts unavailable: {err}"),
        );
        if ui.button("Try again").clicked() {
            commands.push(Command::RetryWords);
        }
        return;
    }
    let Some(result) = &words.result else {
        return;
    };
    if result.rows.is_empty() {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.weak(empty_reason(result, &state.settings.words));
        });
        return;
    }
    rows_ui(ui, result, words.sort, commands);
}

/// Mode, its own settings, minimum frequency and stopwords.
fn settings_ui(ui: &mut egui::Ui, state: &AppState, settings: &mut WordsSettings) {
    for mode in WordsMode::ALL {
        ui.selectable_value(&mut settings.mode, mode, mode.label());
    }
    ui.separator();
    match settings.mode {
        WordsMode::Frequency => {}
        WordsMode::NGrams => {
            ui.label("Tokens");
            ui.add(egui::DragValue::new(&mut settings.n).range(2..=crate::analysis::MAX_GRAM));
        }
        WordsMode::Collocates => {
            ui.label("Word");
            let hint = state
                .search
                .query
                .as_ref()
                .and_then(|q| q.first_word())
                .unwrap_or("a word")
                .to_owned();
            ui.add(
                egui::TextEdit::singleline(&mut settings.node)
                    .hint_text(hint)
                    .desired_width(110.0),
            )
            .on_hover_text("Empty: the search's first word");
            ui.label("Left");
            ui.add(egui::DragValue::new(&mut settings.window.0).range(0..=20));
            ui.label("Right");
            ui.add(egui::DragValue::new(&mut settings.window.1).range(0..=20));
        }
        WordsMode::Keyness => {
            ui.label("Against");
            ui.radio_value(&mut settings.against_whole, false, "the other articles");
            ui.radio_value(&mut settings.against_whole, true, "the whole folder");
        }
    }
    ui.separator();
    ui.label("Min. frequency");
    ui.add(egui::DragValue::new(&mut settings.min_count).range(1..=100_000));
    ui.separator();
    ui.checkbox(&mut settings.stopwords, "Leave out stopwords");
    ui.menu_button("Stopword lists", |ui| {
        for (language, _) in LISTS {
            let mut on = settings.stop_languages.iter().any(|l| l == language);
            if ui.checkbox(&mut on, language).changed() {
                settings.stop_languages.retain(|l| l != language);
                if on {
                    settings.stop_languages.push(language.to_owned());
                }
            }
        }
        ui.separator();
        ui.label("Your own (spaces or new lines between them):");
        ui.add(
            egui::TextEdit::multiline(&mut settings.own_stopwords)
                .desired_rows(3)
                .desired_width(220.0),
        );
    });
}

/// What was counted, or how far the counting got, and the export.
fn status_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let words = &state.words;
    let (done, total) = words.progress.get();
    match &words.store {
        StoreState::Opening => {
            ui.spinner();
            ui.label(format!(
                "Counting the words of every article (once; kept for next time): {} of {}",
                thousands(done as u64),
                thousands(total as u64)
            ));
        }
        _ if words.running => {
            ui.spinner();
            ui.label(format!(
                "Counting {} of {} articles…",
                thousands(done as u64),
                thousands(total as u64)
            ));
        }
        _ => {
            if let Some(result) = &words.result {
                ui.label(summary(result));
            }
        }
    }
    if words.running && ui.button("Cancel").clicked() {
        commands.push(Command::CancelWords);
    }
    if let Some(err) = &words.error {
        ui.colored_label(ui.visuals().error_fg_color, err);
    }
    if let StoreState::Ready { unreadable } = words.store
        && unreadable > 0
    {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} articles could not be read: only their titles are counted",
                thousands(unreadable as u64)
            ),
        );
    }
    let has_rows = words.result.as_ref().is_some_and(|r| !r.rows.is_empty());
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if ui
            .add_enabled(has_rows, egui::Button::new("Export CSV…"))
            .on_hover_text("Save this list, as sorted, as a CSV file")
            .clicked()
        {
            commands.push(Command::ExportWords);
        }
    });
}

/// "1,234 articles · 456,789 tokens · 2,345 rows".
fn summary(result: &WordsResult) -> String {
    let rows = result.rows.len();
    let mut text = format!(
        "{} articles · {} tokens · {} rows{}",
        thousands(result.articles as u64),
        thousands(result.tokens),
        thousands(rows as u64),
        if rows >= crate::app::WINDOW_ROWS {
            " (only the first; a higher minimum frequency shows others)"
        } else {
            ""
        }
    );
    if let Some((articles, tokens)) = result.reference {
        text.push_str(&format!(
            " · against {} articles, {} tokens",
            thousands(articles as u64),
            thousands(tokens)
        ));
    }
    if let Some(node) = &result.node {
        text.push_str(&format!(" · near \"{node}\""));
    }
    text
}

fn empty_reason(result: &WordsResult, settings: &WordsSettings) -> String {
    match settings.mode {
        WordsMode::Collocates if result.node.is_none() => {
            "Type a word above, or search for one: its collocates are listed here.".to_owned()
        }
        WordsMode::Collocates => format!(
            "\"{}\" does not occur in the articles shown.",
            result.node.as_deref().unwrap_or_default()
        ),
        WordsMode::Keyness if result.reference.is_some_and(|(_, tokens)| tokens == 0) => {
            "Every article is shown: narrow the table (dates, search, facets) to compare it with the rest.".to_owned()
        }
        _ if result.articles == 0 => "No article is shown.".to_owned(),
        _ => "No word reaches the minimum frequency.".to_owned(),
    }
}

/// The list: a header to sort by, one row a word.
fn rows_ui(
    ui: &mut egui::Ui,
    result: &WordsResult,
    sort: Option<(usize, bool)>,
    commands: &mut Vec<Command>,
) {
    let rows = &result.rows;
    let columns = rows.columns();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    ui.style_mut().interaction.selectable_labels = false;
    let mut table = TableBuilder::new(ui)
        .id_salt("words")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .auto_shrink(false)
        .column(Column::initial(220.0).at_least(80.0).clip(true));
    for _ in 1..columns.len() {
        table = table.column(Column::initial(100.0).at_least(50.0));
    }
    table
        .header(row_height + 2.0, |mut header| {
            for (i, name) in columns.iter().enumerate() {
                header.col(|ui| {
                    let response = ui
                        .add(egui::Button::new(egui::RichText::new(*name).strong()).frame(false))
                        .on_hover_text(column_hint(name));
                    if let Some((column, descending)) = sort
                        && column == i
                    {
                        sort_arrow_ui(ui, descending);
                    }
                    if response.clicked() {
                        commands.push(Command::SortWords(i));
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let i = row.index();
                let Some(cells) = rows.cells(i) else {
                    return;
                };
                let negative =
                    matches!(rows, WordsRows::Keyness(r) if r.get(i).is_some_and(|k| k.g2 < 0.0));
                for (c, cell) in cells.iter().enumerate() {
                    row.col(|ui| {
                        if c == 0 {
                            let link = ui.link(cell).on_hover_text("Search for it");
                            if link.clicked() {
                                commands.push(Command::SearchWord(cell.clone()));
                            }
                            return;
                        }
                        let text = short_number(cell);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if negative {
                                ui.weak(text);
                            } else {
                                ui.label(text);
                            }
                        });
                    });
                }
            });
        });
}

/// A number as the table shows it: integers as they are, others with two decimals.
fn short_number(cell: &str) -> String {
    match cell.parse::<u64>() {
        Ok(n) => thousands(n),
        Err(_) => cell
            .parse::<f64>()
            .map_or_else(|_| cell.to_owned(), |x| format!("{x:.2}")),
    }
}

fn column_hint(name: &str) -> &'static str {
    match name {
        "word" => "The word (or n-gram); click one to search for it",
        "count" => "Occurrences in the articles shown",
        "articles" => "Articles shown that have it",
        "per_10k" => "Occurrences per 10,000 tokens of the articles shown",
        "count_rest" => "Occurrences in the reference",
        "g2" => {
            "Log-likelihood: how surely the frequencies differ (negative: rarer in the articles shown)"
        }
        "log_ratio" => {
            "Log Ratio: binary log of how many times more frequent it is in the articles shown"
        }
        "freq" => "Its own frequency in the articles shown",
        "mi" => "Mutual information: log2(count × tokens / (frequency of the word × frequency))",
        "log_dice" => "logDice: 14 + log2(2 × count / (frequency of the word + frequency))",
        _ => "",
    }
}
