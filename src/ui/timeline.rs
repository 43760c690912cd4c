//! The timeline: articles per period as bars (the whole corpus faint behind the articles the
//! table shows), the date filter as a shaded band. Drag across it to set the date range, click
//! a bar for its period, double-click to clear; Ctrl+scroll zooms, Shift+scroll or a right-drag
//! pans, and the period follows the span shown unless the user picks one.

use chrono::NaiveDate;
use egui_plot::{Bar, BarChart, GridInput, GridMark, Plot, PlotPoint, Span};

use super::trend_lines;
use crate::app::{AppState, Command};
use crate::corpus::DateFilter;
use crate::corpus::timeline::{Bins, Period};

/// The timeline's own state.
#[derive(Default)]
pub struct TimelinePanel {
    /// The height it starts with (the saved one).
    pub default_height: f32,
    /// Where a drag across the chart started (plot x, in days).
    drag_from: Option<f64>,
    /// Reset the zoom on the next frame.
    fit: bool,
    /// The span of the bars last drawn: when it changes (a scan found more), the view fits it.
    span: Option<(NaiveDate, NaiveDate)>,
    /// The query series' controls.
    series: trend_lines::SeriesBar,
    /// How the chart last drawn placed values on the screen.
    transform: Option<egui_plot::PlotTransform>,
}

/// The plot x of the first day of `date`.
fn x_of(date: NaiveDate) -> f64 {
    f64::from(chrono::Datelike::num_days_from_ce(&date))
}

/// The day at plot x.
fn date_at(x: f64) -> Option<NaiveDate> {
    let day = x.floor();
    if day.is_finite() && day.abs() < f64::from(i32::MAX) {
        NaiveDate::from_num_days_from_ce_opt(day as i32)
    } else {
        None
    }
}

impl TimelinePanel {
    /// A timeline starting `height` points tall.
    pub fn new(height: f32) -> Self {
        Self {
            default_height: height.clamp(80.0, 480.0),
            ..Self::default()
        }
    }

    /// Draw the timeline.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| self.controls_ui(ui, state, commands));
        self.series.ui(ui, state, commands);
        let timeline = &state.timeline;
        let all = &timeline.all;
        if all.counts.is_empty() {
            ui.vertical_centered(|ui| {
                ui.add_space(12.0);
                ui.weak("No dated articles to place on a timeline.");
            });
            // Keep the panel's height: it follows its content.
            ui.allocate_space(egui::vec2(0.0, ui.available_height().floor().max(0.0)));
            return;
        }
        let Some(span) = state.view.date_span else {
            return;
        };
        let (Some(&first), Some(&last)) = (all.starts.first(), all.starts.last()) else {
            return;
        };
        let Some(scale) = Scale::of(state) else {
            trend_lines::by_source_ui(ui, state, &state.settings.trends, commands);
            return;
        };
        let (with_series, share) = (scale != Scale::Bars, scale == Scale::Shares);
        let colors = Colors::of(ui.visuals());
        let mut plot = plot(ui, span, scale);
        if std::mem::take(&mut self.fit) || self.span != Some(span) {
            self.span = Some(span);
            plot = plot.reset();
        }
        let filter = state.settings.filter;
        let drag_from = self.drag_from;
        let auto = state.settings.timeline_period.is_none();
        let response = plot.show(ui, |plot_ui| {
            let bounds = plot_ui.plot_bounds();
            let wanted = Period::for_span(bounds.width());
            if auto && wanted != timeline.period {
                commands.push(Command::SetTimelinePeriod(wanted));
            }
            let visible = bounds.min()[0]..=bounds.max()[0];
            let days_per_pixel = plot_ui.transform().dvalue_dpos()[0].abs();
            let chart = bars(
                all,
                &timeline.shown,
                &visible,
                BAR_MIN_PIXELS * days_per_pixel,
                colors.of_bars(with_series),
            );
            if !share {
                // Unnamed under series: the legend names only the series.
                let name = if with_series { "" } else { "articles" };
                plot_ui.bar_chart(
                    BarChart::new(name, chart)
                        .element_formatter(Box::new(|bar, _| bar.name.clone())),
                );
            }
            if with_series {
                trend_lines::lines_ui(plot_ui, state);
            }
            if let Some((from, to)) = selected_range(&filter, first, last) {
                let label = band_label(from, to, with_series);
                plot_ui.span(Span::new(label, x_of(from)..=x_of(to) + 1.0).fill(colors.band));
            }
            if let (Some(start), Some(now)) = (drag_from, plot_ui.pointer_coordinate()) {
                let dragged = start.min(now.x)..=start.max(now.x);
                plot_ui.span(Span::new("", dragged).fill(colors.band));
            }
            plot_ui.pointer_coordinate()
        });
        let rect = response.response.rect;
        if state.trends.chart_rect != Some(rect) {
            commands.push(Command::ChartMoved(rect));
        }
        self.transform = Some(response.transform);
        if with_series {
            series_pointer_ui(&response, state, commands);
        }
        self.pointer_ui(&response, &timeline.shown, filter, commands);
    }

    /// Where series `series`'s point for period `bar` was last drawn on the screen.
    pub fn series_point(&self, state: &AppState, series: usize, bar: usize) -> Option<egui::Pos2> {
        let transform = self.transform.as_ref()?;
        trend_lines::point_on_screen(state, transform, series, bar)
    }

    /// The row above the chart: the period, Reset, Fit and the undated count.
    fn controls_ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let timeline = &state.timeline;
        let filter = state.settings.filter;
        ui.strong("Timeline").on_hover_text(
            "Drag across the chart to select a range; click a bar for its period; \
             double-click to clear.\nCtrl+scroll zooms; Shift+scroll or a right-drag pans.",
        );
        let choice = state.settings.timeline_period;
        let auto_label = format!("Auto ({})", timeline.period.label().to_lowercase());
        egui::ComboBox::from_id_salt("timeline_period")
            .selected_text(choice.map_or(auto_label, |p| p.label().to_owned()))
            .show_ui(ui, |ui| {
                if ui.selectable_label(choice.is_none(), "Auto").clicked() {
                    commands.push(Command::ChooseTimelinePeriod(None));
                }
                for period in Period::ALL {
                    if ui
                        .selectable_label(choice == Some(period), period.label())
                        .clicked()
                    {
                        commands.push(Command::ChooseTimelinePeriod(Some(period)));
                    }
                }
            })
            .response
            .on_hover_text("The length of one bar");
        if ui
            .add_enabled(
                filter.from.is_some() || filter.to.is_some(),
                egui::Button::new("Reset"),
            )
            .on_hover_text("Clear the selected range (double-click the chart does too)")
            .clicked()
        {
            commands.push(Command::SetFilter(without_range(filter)));
        }
        if ui
            .button("Fit")
            .on_hover_text("Show the whole span")
            .clicked()
        {
            self.fit = true;
        }
        let undated = timeline.shown.undated;
        if undated > 0 || timeline.all.undated > 0 {
            ui.weak(format!(
                "{} undated shown (not on the axis)",
                super::widgets::thousands(undated as u64)
            ));
        }
    }

    /// A drag selects a range, a click a bar's period, a double-click clears the range.
    fn pointer_ui(
        &mut self,
        response: &egui_plot::PlotResponse<Option<PlotPoint>>,
        shown: &Bins,
        filter: DateFilter,
        commands: &mut Vec<Command>,
    ) {
        let pointer = response.inner;
        let r = &response.response;
        let set_range = |from, to| DateFilter {
            from: Some(from),
            to: Some(to),
            ..filter
        };
        if r.drag_started_by(egui::PointerButton::Primary) {
            // Where the press began, not where the drag was recognised.
            self.drag_from = r
                .ctx
                .input(|i| i.pointer.press_origin())
                .map(|p| response.transform.value_from_position(p).x)
                .or(pointer.map(|p| p.x));
        }
        if r.drag_stopped_by(egui::PointerButton::Primary) {
            if let (Some(start), Some(end)) = (self.drag_from.take(), pointer.map(|p| p.x))
                && let Some((from, to)) = range_over(shown, start.min(end), start.max(end))
            {
                commands.push(Command::SetFilter(set_range(from, to)));
            }
        } else if !r.dragged() {
            self.drag_from = None;
        }
        if r.double_clicked() {
            commands.push(Command::SetFilter(without_range(filter)));
        } else if r.clicked()
            && commands
                .iter()
                .any(|c| matches!(c, Command::ShowSeriesPoint { .. }))
        {
            // A series' point took the click.
        } else if r.clicked()
            && let Some(x) = pointer.map(|p| p.x)
            && let Some((from, to)) = range_over(shown, x, x)
        {
            commands.push(Command::SetFilter(set_range(from, to)));
        }
    }
}

/// Over the chart with series: every series' values for the period under the pointer; a
/// click on a point shows that period's articles matching its query.
fn series_pointer_ui(
    response: &egui_plot::PlotResponse<Option<PlotPoint>>,
    state: &AppState,
    commands: &mut Vec<Command>,
) {
    let bins = &state.trends.chart.articles;
    let Some(bar) = response.inner.and_then(|p| trend_lines::bar_at(bins, p.x)) else {
        return;
    };
    let r = &response.response;
    if r.clicked()
        && let Some(pointer) = r.interact_pointer_pos()
        && let Some(command) = trend_lines::clicked_point(state, &response.transform, pointer, bar)
    {
        commands.push(command);
    }
    r.clone()
        .on_hover_ui_at_pointer(|ui| trend_lines::values_ui(ui, state, bar));
}

/// The selected range's label; under series, none (the legend lists names, the band stays
/// out of it).
fn band_label(from: NaiveDate, to: NaiveDate, with_series: bool) -> String {
    if with_series {
        String::new()
    } else {
        format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
    }
}

/// `filter` without its date range (whether undated articles show stays).
fn without_range(filter: DateFilter) -> DateFilter {
    DateFilter {
        from: None,
        to: None,
        ..filter
    }
}

/// The chart's colours in the current theme.
struct Colors {
    /// The whole corpus's bars.
    faint: egui::Color32,
    /// The shown articles' bars.
    strong: egui::Color32,
    /// The shown articles' bars under query series.
    muted: egui::Color32,
    /// The selected range.
    band: egui::Color32,
}

impl Colors {
    /// The whole corpus's and the shown articles' bars; under series the bars step back so
    /// the lines stand out.
    fn of_bars(&self, with_series: bool) -> (egui::Color32, egui::Color32) {
        let strong = if with_series { self.muted } else { self.strong };
        (self.faint, strong)
    }

    fn of(visuals: &egui::Visuals) -> Self {
        Self {
            faint: if visuals.dark_mode {
                egui::Color32::from_gray(70)
            } else {
                egui::Color32::from_gray(205)
            },
            strong: visuals.selection.bg_fill,
            muted: if visuals.dark_mode {
                egui::Color32::from_gray(100)
            } else {
                egui::Color32::from_gray(170)
            },
            band: visuals.selection.bg_fill.gamma_multiply(0.25),
        }
    }
}

/// The chart: zoom and pan along the time axis only, dates below, counts on the left.
/// What the chart's vertical axis shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// Articles per period, no series.
    Bars,
    /// Articles per period, with series counting articles too.
    Counts,
    /// The series' shares, in percent.
    Shares,
}

impl Scale {
    /// The scale the settings ask for; `None` when the small charts per outlet replace the
    /// chart.
    fn of(state: &AppState) -> Option<Self> {
        let trends = &state.settings.trends;
        if state.trends.series.is_empty() {
            Some(Self::Bars)
        } else if trends.by_source {
            None
        } else if trends.share {
            Some(Self::Shares)
        } else {
            Some(Self::Counts)
        }
    }
}

fn plot(
    ui: &egui::Ui,
    (data_first, data_last): (NaiveDate, NaiveDate),
    scale: Scale,
) -> Plot<'static> {
    let percent = if scale == Scale::Shares { "%" } else { "" };
    let legend = (scale != Scale::Bars).then(|| {
        // The series' names and colours inside the chart, so a saved picture has them.
        egui_plot::Legend::default()
            .position(egui_plot::Corner::LeftTop)
            .background_alpha(0.8)
    });
    // A little room on each side, so a bar at either end of the span is not at the edge.
    let margin = ((x_of(data_last) - x_of(data_first)) * 0.02).max(1.0);
    let plot = match legend {
        Some(legend) => Plot::new("timeline_plot").legend(legend),
        None => Plot::new("timeline_plot"),
    };
    plot.height(ui.available_height().floor().max(40.0))
        .allow_zoom([true, false])
        .allow_scroll([true, false])
        .allow_drag([true, false])
        .pan_pointer_button(egui::PointerButton::Secondary)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_axis_zoom_drag(false)
        .show_grid([false, true])
        .auto_bounds([false, true])
        .include_y(0.0)
        // The dates' span, whatever the period: the view (and so the period) does not depend
        // on which period was in use when it was last fitted.
        .default_x_bounds(x_of(data_first) - margin, x_of(data_last) + 1.0 + margin)
        .sense(egui::Sense::click_and_drag())
        // Hovering shows a bar's period and counts (egui_plot needs one axis "shown" for
        // that); the plain coordinates under the pointer are not shown.
        .show_x(false)
        // With series, their own tooltip shows every value instead.
        .show_y(scale == Scale::Bars)
        .label_formatter(|_| None)
        .y_axis_min_width(44.0)
        .x_grid_spacer(date_marks)
        .y_grid_spacer(count_marks)
        .x_axis_formatter(|mark, _| {
            date_at(mark.value).map_or_else(String::new, |d| mark_label(d, mark.step_size))
        })
        .y_axis_formatter(move |mark, _| {
            if mark.value.fract() == 0.0 && mark.value >= 0.0 {
                format!("{}{percent}", mark.value)
            } else {
                String::new()
            }
        })
}

/// The bars in view: the whole corpus faint, the articles shown on top.
/// The smallest width of a bar on screen: a lone period in a long span stays visible.
const BAR_MIN_PIXELS: f64 = 3.0;

/// The bars of the whole corpus (`faint`) and of the shown articles (`strong`) in `visible`,
/// each at least `min_width` wide (in days).
fn bars(
    all: &Bins,
    shown: &Bins,
    visible: &std::ops::RangeInclusive<f64>,
    min_width: f64,
    (faint, strong): (egui::Color32, egui::Color32),
) -> Vec<Bar> {
    let mut out = Vec::new();
    for (i, &total) in all.counts.iter().enumerate() {
        let (Some(&start), Some(&end)) = (all.starts.get(i), all.starts.get(i + 1)) else {
            continue;
        };
        let (x0, x1) = (x_of(start), x_of(end));
        if x1 < *visible.start() || x0 > *visible.end() {
            continue;
        }
        let kept = shown.counts.get(i).copied().unwrap_or(0);
        let name = format!(
            "{}\n{kept} shown of {total} article{}",
            all.period.describe(start),
            if total == 1 { "" } else { "s" }
        );
        let width = ((x1 - x0) * 0.9).max(min_width);
        let middle = (x0 + x1) / 2.0;
        out.push(
            Bar::new(middle, f64::from(total))
                .width(width)
                .fill(faint)
                .name(&name),
        );
        if kept > 0 {
            out.push(
                Bar::new(middle, f64::from(kept))
                    .width(width)
                    .fill(strong)
                    .name(name),
            );
        }
    }
    out
}

/// The filter's range as it falls on the chart (an open end at the edge of the data).
fn selected_range(
    filter: &DateFilter,
    first: NaiveDate,
    end: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    if filter.from.is_none() && filter.to.is_none() {
        return None;
    }
    let from = filter.from.unwrap_or(first);
    let to = filter.to.unwrap_or(end.pred_opt().unwrap_or(end));
    (from <= to).then_some((from, to))
}

/// The dates covered by the bars from plot x `start` to `end`: whole periods, clamped to the
/// bars there are.
fn range_over(bins: &Bins, start: f64, end: f64) -> Option<(NaiveDate, NaiveDate)> {
    let last = bins.counts.len().checked_sub(1)?;
    let first_day = *bins.starts.first()?;
    let clamp = |x: f64| {
        let date = date_at(x)?;
        Some(
            bins.index_of(date)
                .unwrap_or(if date < first_day { 0 } else { last }),
        )
    };
    let (a, b) = (clamp(start)?, clamp(end)?);
    Some((bins.days_of(a)?.0, bins.days_of(b)?.1))
}

/// Grid marks at the starts of days, weeks, months, quarters or years, whichever gives a
/// readable number of them.
#[allow(clippy::needless_pass_by_value)] // The signature egui_plot asks for.
fn date_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let (Some(from), Some(to)) = (date_at(lo), date_at(hi)) else {
        return Vec::new();
    };
    let span = hi - lo;
    let (period, every, days) = [
        (Period::Day, 1, 1.0),
        (Period::Week, 1, 7.0),
        (Period::Month, 1, 30.44),
        (Period::Quarter, 1, 91.3),
        (Period::Year, 1, 365.25),
        (Period::Year, 2, 730.5),
        (Period::Year, 5, 1826.0),
        (Period::Year, 10, 3652.0),
        (Period::Year, 25, 9131.0),
        (Period::Year, 100, 36524.0),
    ]
    .into_iter()
    .find(|(_, _, days)| span / days <= 12.0)
    .unwrap_or((Period::Year, 1000, 365_242.0));
    let mut marks = Vec::new();
    let mut start = period.start_of(from);
    let mut n = 0u32;
    while start <= to && marks.len() < 200 {
        let keep = period != Period::Year || chrono::Datelike::year(&start).rem_euclid(every) == 0;
        if keep && start >= from {
            marks.push(GridMark {
                value: x_of(start),
                step_size: days,
            });
        }
        let next = period.next(start);
        if next <= start {
            break;
        }
        start = next;
        n += 1;
        if n > 100_000 {
            break;
        }
    }
    marks
}

/// Grid marks for counts: 0 and a few round numbers (1, 2 or 5 times a power of ten) up to the
/// top of the view.
#[allow(clippy::needless_pass_by_value)] // The signature egui_plot asks for.
fn count_marks(input: GridInput) -> Vec<GridMark> {
    let top = input.bounds.1.max(1.0);
    let rough = top / 3.0;
    let power = 10f64.powf(rough.log10().floor()).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * power);
    (0..=((top / step).floor() as usize).min(20))
        .map(|k| GridMark {
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

/// An axis label for a mark at `date`, as precise as the marks' spacing.
fn mark_label(date: NaiveDate, step_days: f64) -> String {
    if step_days >= 365.0 {
        date.format("%Y").to_string()
    } else if step_days >= 28.0 {
        date.format("%b %Y").to_string()
    } else {
        date.format("%-d %b").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_drag_covers_whole_periods() {
        let bins = Bins::empty(Period::Month, Some((d(2020, 1, 15), d(2020, 6, 2))));
        let range = range_over(&bins, x_of(d(2020, 2, 10)), x_of(d(2020, 4, 3)));
        assert_eq!(range, Some((d(2020, 2, 1), d(2020, 4, 30))));
        // Beyond the data: clamped to the first and last bars.
        let range = range_over(&bins, x_of(d(2019, 1, 1)), x_of(d(2021, 1, 1)));
        assert_eq!(range, Some((d(2020, 1, 1), d(2020, 6, 30))));
    }

    #[test]
    fn a_lone_period_in_a_long_span_is_still_a_visible_bar() {
        // A batch of 2010 and one article of 2019, by day: a day is a fraction of a pixel.
        let mut all = Bins::empty(Period::Day, Some((d(2010, 3, 1), d(2019, 6, 1))));
        let last = all.counts.len() - 1;
        all.counts[0] = 12;
        all.counts[last] = 1;
        let visible = x_of(d(2010, 1, 1))..=x_of(d(2020, 1, 1));
        let days_per_pixel = 3390.0 / 800.0;
        let min_width = BAR_MIN_PIXELS * days_per_pixel;
        let colors = (egui::Color32::GRAY, egui::Color32::BLUE);
        let drawn: Vec<Bar> = bars(&all, &all, &visible, min_width, colors)
            .into_iter()
            .filter(|bar| bar.value > 0.0)
            .collect();
        assert_eq!(
            drawn.len(),
            4,
            "the whole corpus's bar and the shown one, twice"
        );
        for bar in &drawn {
            assert!(bar.bar_width >= min_width, "{} days wide", bar.bar_width);
            assert!(visible.contains(&bar.argument));
        }
        // Bars wider than the least keep nine tenths of their period.
        let months = Bins::empty(Period::Month, Some((d(2020, 1, 1), d(2020, 2, 1))));
        let mut months = months;
        months.counts[0] = 3;
        let wide = bars(&months, &months, &(0.0..=f64::MAX), 1.0, colors);
        assert!((wide[0].bar_width - 31.0 * 0.9).abs() < 1e-9);
    }

    #[test]
    fn count_marks_are_round_numbers() {
        let values = |top: f64| -> Vec<f64> {
            count_marks(GridInput {
                bounds: (0.0, top),
                base_step_size: 1.0,
            })
            .iter()
            .map(|m| m.value)
            .collect()
        };
        assert_eq!(values(2.2), [0.0, 1.0, 2.0]);
        assert_eq!(values(1100.0), [0.0, 500.0, 1000.0]);
        assert_eq!(values(70.0), [0.0, 50.0]);
    }

    #[test]
    fn marks_fall_on_period_starts() {
        let marks = date_marks(GridInput {
            bounds: (x_of(d(2019, 12, 20)), x_of(d(2021, 2, 1))),
            base_step_size: 1.0,
        });
        let dates: Vec<_> = marks.iter().filter_map(|m| date_at(m.value)).collect();
        assert_eq!(dates.first(), Some(&d(2020, 1, 1)));
        assert!(dates.iter().all(|d| chrono::Datelike::day(d) == 1));
    }
}
