//! The timeline's query series: a row of coloured chips (add, remove, count or share, by
//! outlet, export), a line per query over the bars, the exact values of every series for the
//! period under the pointer, and the small charts of one query per outlet.

use chrono::NaiveDate;
use egui::Color32;
use egui_plot::{Line, PlotPoint, PlotPoints, PlotUi, Points};

use crate::analysis::trends::{MAX_SERIES, Trends};
use crate::app::{AppState, Command, MAX_TOP_SOURCES, SourceTrend, TrendsSettings};
use crate::corpus::timeline::Bins;

/// Series colours on a light background: distinct hues, each at least 3:1 against the panel.
const LIGHT: [Color32; MAX_SERIES] = [
    Color32::from_rgb(0x1f, 0x62, 0xb4),
    Color32::from_rgb(0xc4, 0x2b, 0x1c),
    Color32::from_rgb(0x1e, 0x7d, 0x32),
    Color32::from_rgb(0x7b, 0x3f, 0xb0),
    Color32::from_rgb(0x8a, 0x6d, 0x00),
    Color32::from_rgb(0x00, 0x7c, 0x82),
    Color32::from_rgb(0xb0, 0x2e, 0x7c),
    Color32::from_rgb(0x4d, 0x4d, 0x4d),
];

/// The same hues lighter, for a dark background.
const DARK: [Color32; MAX_SERIES] = [
    Color32::from_rgb(0x6c, 0xb4, 0xee),
    Color32::from_rgb(0xff, 0x85, 0x75),
    Color32::from_rgb(0x7b, 0xd6, 0x7b),
    Color32::from_rgb(0xc5, 0xa3, 0xef),
    Color32::from_rgb(0xe8, 0xd4, 0x4d),
    Color32::from_rgb(0x40, 0xc0, 0xc0),
    Color32::from_rgb(0xff, 0x6f, 0xb0),
    Color32::from_rgb(0xf0, 0xf0, 0xf0),
];

/// The colour of series `i` in a dark or light theme.
pub fn series_color(i: usize, dark: bool) -> Color32 {
    let palette = if dark { &DARK } else { &LIGHT };
    palette
        .get(i % MAX_SERIES)
        .copied()
        .unwrap_or(Color32::GRAY)
}

/// A series' value in period `bar`: its count, or its share in percent.
pub fn value_at(trends: &Trends, series: usize, bar: usize, share: bool) -> f64 {
    if share {
        trends.share_at(series, bar) * 100.0
    } else {
        f64::from(trends.count_at(series, bar))
    }
}

/// The plot x of the middle of period `bar`.
fn middle_of(bins: &Bins, bar: usize) -> Option<f64> {
    let (start, end) = (bins.starts.get(bar)?, bins.starts.get(bar + 1)?);
    Some((x_of(*start) + x_of(*end)) / 2.0)
}

fn x_of(date: NaiveDate) -> f64 {
    f64::from(chrono::Datelike::num_days_from_ce(&date))
}

/// The periods a series is drawn over: those the date filter reaches (outside it nothing is
/// counted).
fn drawn_bars(trends: &Trends, state: &AppState) -> std::ops::Range<usize> {
    let bins = &trends.articles;
    let filter = state.settings.filter;
    let first = filter
        .from
        .and_then(|d| bins.index_of(d))
        .unwrap_or_default();
    let last = filter
        .to
        .and_then(|d| bins.index_of(d))
        .map_or(bins.counts.len(), |i| i + 1);
    first..last.max(first)
}

/// Draw every series as a line with a point per period.
pub fn lines_ui(plot_ui: &mut PlotUi<'_>, state: &AppState) {
    let trends = &state.trends.chart;
    let settings = &state.settings.trends;
    let dark = plot_ui.ctx().global_style().visuals.dark_mode;
    let bars = drawn_bars(trends, state);
    for (i, series) in state.trends.series.iter().enumerate() {
        if series.matches.is_none() {
            continue;
        }
        let points: Vec<[f64; 2]> = bars
            .clone()
            .filter_map(|bar| {
                let x = middle_of(&trends.articles, bar)?;
                Some([x, value_at(trends, i, bar, settings.share)])
            })
            .collect();
        let color = series_color(i, dark);
        plot_ui.line(
            Line::new(series.text.clone(), PlotPoints::from(points.clone()))
                .color(color)
                .width(2.0),
        );
        plot_ui.points(
            Points::new(series.text.clone(), PlotPoints::from(points))
                .color(color)
                .radius(2.5),
        );
    }
}

/// The period under plot x `x`, if a bar is there.
pub fn bar_at(bins: &Bins, x: f64) -> Option<usize> {
    let day = x.floor();
    if !day.is_finite() || day.abs() >= f64::from(i32::MAX) {
        return None;
    }
    bins.index_of(NaiveDate::from_num_days_from_ce_opt(day as i32)?)
}

/// The exact values of every series in period `bar`, for the tooltip.
pub fn values_ui(ui: &mut egui::Ui, state: &AppState, bar: usize) {
    let trends = &state.trends.chart;
    let bins = &trends.articles;
    let Some(&start) = bins.starts.get(bar) else {
        return;
    };
    let articles = bins.counts.get(bar).copied().unwrap_or(0);
    ui.strong(bins.period.describe(start));
    ui.label(super::widgets::counted(
        u64::from(articles),
        "article",
        "articles",
    ));
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("series_values")
        .num_columns(3)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (i, series) in state.trends.series.iter().enumerate() {
                ui.colored_label(series_color(i, dark), &series.text);
                if series.matches.is_none() {
                    ui.weak("…");
                    ui.end_row();
                    continue;
                }
                let count = trends.count_at(i, bar);
                super::widgets::right_aligned(ui, &super::widgets::thousands(u64::from(count)));
                super::widgets::right_aligned(
                    ui,
                    &format!("{:.1}%", trends.share_at(i, bar) * 100.0),
                );
                ui.end_row();
            }
        });
    ui.weak("Click a point to show its articles.");
}

/// Where series `series`'s point for period `bar` is on the screen.
pub fn point_on_screen(
    state: &AppState,
    transform: &egui_plot::PlotTransform,
    series: usize,
    bar: usize,
) -> Option<egui::Pos2> {
    let trends = &state.trends.chart;
    let x = middle_of(&trends.articles, bar)?;
    let y = value_at(trends, series, bar, state.settings.trends.share);
    Some(transform.position_from_point(&PlotPoint::new(x, y)))
}

/// The series whose point in period `bar` is within reach of the pointer (screen distance),
/// and the period's days.
pub fn clicked_point(
    state: &AppState,
    transform: &egui_plot::PlotTransform,
    pointer: egui::Pos2,
    bar: usize,
) -> Option<Command> {
    const REACH: f32 = 10.0;
    let trends = &state.trends.chart;
    let (series, distance) = state
        .trends
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.matches.is_some())
        .filter_map(|(i, _)| {
            let at = point_on_screen(state, transform, i, bar)?;
            Some((i, at.distance(pointer)))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let (from, to) = trends.articles.days_of(bar)?;
    (distance <= REACH).then_some(Command::ShowSeriesPoint {
        series,
        from,
        to,
        source: None,
    })
}

/// The controls of the series, with their colour chips.
#[derive(Default)]
pub struct SeriesBar {
    /// The query being typed.
    input: String,
}

impl SeriesBar {
    /// The row of chips and controls.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let settings = &state.settings.trends;
        let dark = ui.visuals().dark_mode;
        ui.horizontal_wrapped(|ui| {
            ui.label("Series:");
            for (i, series) in state.trends.series.iter().enumerate() {
                chip_ui(ui, i, series, dark, commands);
            }
            let full = settings.queries.len() >= MAX_SERIES;
            let edit = ui.add_enabled(
                !full,
                egui::TextEdit::singleline(&mut self.input)
                    .hint_text("add a query")
                    .desired_width(120.0),
            );
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui
                .add_enabled(!full, egui::Button::new("Add series"))
                .clicked()
                || entered)
                && !self.input.trim().is_empty()
            {
                commands.push(Command::AddSeries(std::mem::take(&mut self.input)));
            }
            if full {
                ui.weak(format!("(at most {MAX_SERIES})"));
            }
            if settings.queries.is_empty() {
                ui.weak("Compare queries over time: each becomes a line.");
                return;
            }
            ui.separator();
            self.options_ui(ui, state, commands);
        });
    }

    fn options_ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let settings = &state.settings.trends;
        let mut new = settings.clone();
        ui.selectable_value(&mut new.share, false, "Count")
            .on_hover_text("Articles matching each query per period");
        ui.selectable_value(&mut new.share, true, "Share")
            .on_hover_text("The part of each period's articles that match");
        ui.separator();
        ui.checkbox(&mut new.by_source, "By outlet")
            .on_hover_text("One small chart per outlet for one query, on the same scale");
        if new.by_source {
            let name = |i: usize| settings.queries.get(i).cloned().unwrap_or_default();
            egui::ComboBox::from_id_salt("series_by_source")
                .selected_text(name(new.source_series))
                .show_ui(ui, |ui| {
                    for i in 0..settings.queries.len() {
                        ui.selectable_value(&mut new.source_series, i, name(i));
                    }
                });
            ui.label("top");
            ui.add(egui::DragValue::new(&mut new.top_sources).range(1..=MAX_TOP_SOURCES));
        }
        if new != *settings {
            commands.push(Command::SetTrendsSettings(new));
        }
        ui.separator();
        ui.menu_button("Export", |ui| {
            if ui.button("Series as CSV…").clicked() {
                commands.push(Command::ExportTrends);
                ui.close();
            }
            if ui
                .add_enabled(
                    state.trends.chart_rect.is_some(),
                    egui::Button::new("Chart as PNG…"),
                )
                .clicked()
            {
                commands.push(Command::ExportChart);
                ui.close();
            }
        });
    }
}

/// One series' chip: its colour, its query (and its state), a button to remove it.
fn chip_ui(
    ui: &mut egui::Ui,
    i: usize,
    series: &crate::app::Series,
    dark: bool,
    commands: &mut Vec<Command>,
) {
    let color = series_color(i, dark);
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.5, color))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            let (dot, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().circle_filled(dot.center(), 4.5, color);
            let label = ui.label(&series.text);
            if let Some(err) = &series.error {
                ui.colored_label(ui.visuals().error_fg_color, "!")
                    .on_hover_text(err.as_str());
            } else if series.matches.is_none() {
                ui.spinner().on_hover_text("Finding its articles…");
            } else {
                label.on_hover_text(format!("Series {}: {}", i + 1, series.text));
            }
            if ui
                .small_button("x")
                .on_hover_text("Remove this series")
                .clicked()
            {
                commands.push(Command::RemoveSeries(i));
            }
        });
}

/// The small charts: one per outlet, the same scale, one query.
pub fn by_source_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    settings: &TrendsSettings,
    commands: &mut Vec<Command>,
) {
    let charts = &state.trends.by_source;
    if charts.is_empty() {
        ui.weak("No outlet has articles in the selection.");
        return;
    }
    let share = settings.share;
    let top = charts
        .iter()
        .flat_map(|c| (0..c.trends.periods()).map(move |b| value_at(&c.trends, 0, b, share)))
        .fold(0.0f64, f64::max)
        .max(1.0);
    let color = series_color(settings.source_series, ui.visuals().dark_mode);
    let columns = charts.len().clamp(1, 4);
    let rows = charts.len().div_ceil(columns);
    let spacing = 8.0;
    let width = (ui.available_width() - spacing * (columns as f32 - 1.0)) / columns as f32;
    let height = ((ui.available_height() - spacing * (rows as f32 - 1.0)) / rows as f32).max(40.0);
    egui::Grid::new("by_source")
        .spacing([spacing, spacing])
        .show(ui, |ui| {
            for (n, chart) in charts.iter().enumerate() {
                let clicked =
                    small_chart_ui(ui, chart, egui::vec2(width, height), (top, share), color);
                if let Some((from, to)) = clicked {
                    commands.push(Command::ShowSeriesPoint {
                        series: settings.source_series,
                        from,
                        to,
                        source: Some(chart.source.clone()),
                    });
                }
                if (n + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
}

/// One outlet's chart: its name and articles, the query's line on a scale from 0 to `top`
/// (shares in percent when `share`); the days of the period clicked, if any.
fn small_chart_ui(
    ui: &mut egui::Ui,
    chart: &SourceTrend,
    size: egui::Vec2,
    (top, share): (f64, bool),
    color: Color32,
) -> Option<(NaiveDate, NaiveDate)> {
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_stroke(
        rect,
        2.0,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let title = format!("{} ({})", chart.source, chart.articles);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, title.clone()));
    painter.text(
        rect.left_top() + egui::vec2(4.0, 2.0),
        egui::Align2::LEFT_TOP,
        &title,
        egui::FontId::proportional(11.0),
        visuals.text_color(),
    );
    let trends = &chart.trends;
    let n = trends.periods();
    let plot = rect
        .shrink2(egui::vec2(4.0, 8.0))
        .with_min_y(rect.top() + 16.0);
    let point = |bar: usize| {
        let x = plot.left() + plot.width() * (bar as f32 + 0.5) / n.max(1) as f32;
        let y = plot.bottom() - plot.height() * (value_at(trends, 0, bar, share) / top) as f32;
        egui::pos2(x, y)
    };
    let points: Vec<egui::Pos2> = (0..n).map(point).collect();
    painter.line_segment(
        [plot.left_bottom(), plot.right_bottom()],
        visuals.widgets.noninteractive.bg_stroke,
    );
    painter.add(egui::Shape::line(points, egui::Stroke::new(1.5, color)));
    let pointer = response.hover_pos()?;
    if n == 0 {
        return None;
    }
    let bar = (((pointer.x - plot.left()) / plot.width()) * n as f32).floor();
    let bar = (bar.max(0.0) as usize).min(n - 1);
    let days = trends.articles.days_of(bar)?;
    let articles = trends.articles.counts.get(bar).copied().unwrap_or(0);
    let clicked = response.clicked();
    response.on_hover_text(format!(
        "{}: {} of {} ({:.1}%)\nClick to show these articles.",
        trends.articles.period.describe(days.0),
        trends.count_at(0, bar),
        articles,
        trends.share_at(0, bar) * 100.0
    ));
    clicked.then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's relative luminance of an sRGB colour.
    fn luminance(c: Color32) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn series_colours_stand_out_in_both_themes_and_from_each_other() {
        for (dark, visuals) in [
            (true, egui::Visuals::dark()),
            (false, egui::Visuals::light()),
        ] {
            for i in 0..MAX_SERIES {
                let color = series_color(i, dark);
                // Lines cross the panel and the plot's own background: 3:1 is WCAG's floor for
                // graphics.
                for background in [visuals.panel_fill, visuals.extreme_bg_color] {
                    let ratio = contrast(color, background);
                    assert!(ratio >= 3.0, "series {i} (dark: {dark}): {ratio:.2}");
                }
                for j in 0..i {
                    let other = series_color(j, dark);
                    let distance = [
                        i32::from(color.r()) - i32::from(other.r()),
                        i32::from(color.g()) - i32::from(other.g()),
                        i32::from(color.b()) - i32::from(other.b()),
                    ]
                    .iter()
                    .map(|d| d * d)
                    .sum::<i32>();
                    assert!(distance > 60 * 60, "series {i} and {j} look alike");
                }
            }
        }
        assert_eq!(series_color(MAX_SERIES, true), series_color(0, true));
    }
}
