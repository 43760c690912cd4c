//! The date-range filter: From and To as typed `YYYY-MM-DD` text and as calendar pickers,
//! presets, "Include undated" and Clear. Invalid text is shown as invalid and never applied.

use chrono::{Datelike as _, NaiveDate};

use crate::app::{AppState, Command, FamiliesSettings};
use crate::corpus::DateFilter;

/// The filter bar's own state: the text being typed.
#[derive(Default)]
pub struct FilterBar {
    from_text: String,
    to_text: String,
    synced: Option<DateFilter>,
    /// Makes the calendar pickers' ids unique per run, so a picker left open is never restored
    /// open at the next start.
    picker_salt: String,
}

/// Which end of the range.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    From,
    To,
}

impl FilterBar {
    /// Draw the bar.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
        let filter = state.settings.filter;
        if self.synced != Some(filter) {
            self.from_text = filter.from.map(|d| d.to_string()).unwrap_or_default();
            self.to_text = filter.to.map(|d| d.to_string()).unwrap_or_default();
            self.synced = Some(filter);
        }
        if self.picker_salt.is_empty() {
            self.picker_salt = format!(
                "{:x}",
                std::process::id() ^ (ui.input(|i| i.time) * 1000.0) as u32
            );
        }
        let span = state.view.date_span;
        ui.horizontal_wrapped(|ui| {
            self.end_ui(ui, End::From, filter, span, commands);
            self.end_ui(ui, End::To, filter, span, commands);
            ui.separator();
            presets_ui(ui, state, span, filter, commands);
            let mut include_undated = filter.include_undated;
            let undated = state.view.undated_total;
            if ui
                .checkbox(&mut include_undated, format!("Include undated ({undated})"))
                .changed()
            {
                commands.push(Command::SetFilter(DateFilter {
                    include_undated,
                    ..filter
                }));
            }
            if ui
                .add_enabled(!filter.is_inactive(), egui::Button::new("Clear"))
                .clicked()
            {
                commands.push(Command::SetFilter(DateFilter::default()));
            }
            ui.separator();
            let open = state.settings.timeline_open;
            if ui
                .selectable_label(open, "Timeline")
                .on_hover_text(if open {
                    "Hide the timeline"
                } else {
                    "Show the timeline"
                })
                .clicked()
            {
                commands.push(Command::ShowTimeline(!open));
            }
            let facets = state.settings.facets_open;
            let label = if state.facets.is_active() {
                "Facets (on)"
            } else {
                "Facets"
            };
            if ui
                .selectable_label(facets, label)
                .on_hover_text(if facets {
                    "Hide the facet panel (its choices keep narrowing the table)"
                } else {
                    "Narrow the table by source, author, language, format, folder and tag"
                })
                .clicked()
            {
                commands.push(Command::ShowFacets(!facets));
            }
            one_per_family_ui(ui, state, commands);
        });
    }

    fn end_ui(
        &mut self,
        ui: &mut egui::Ui,
        end: End,
        filter: DateFilter,
        span: Option<(NaiveDate, NaiveDate)>,
        commands: &mut Vec<Command>,
    ) {
        let (label, text, current) = match end {
            End::From => ("From", &mut self.from_text, filter.from),
            End::To => ("To", &mut self.to_text, filter.to),
        };
        ui.label(label);
        let parsed = parse_field(text);
        let invalid = parsed.is_err();
        let mut edit = egui::TextEdit::singleline(text)
            .hint_text("YYYY-MM-DD")
            .desired_width(92.0)
            .id_salt(label);
        if invalid {
            edit = edit.text_color(ui.visuals().error_fg_color);
        }
        let response = ui.add(edit);
        if invalid {
            response
                .clone()
                .on_hover_text("Not a date: type YYYY-MM-DD, e.g. 2024-04-17 (not applied)");
            ui.colored_label(ui.visuals().error_fg_color, "invalid")
                .on_hover_text("Type YYYY-MM-DD, e.g. 2024-04-17");
        }
        let commit =
            response.lost_focus() || (response.changed() && (text.is_empty() || text.len() == 10));
        if commit
            && let Ok(date) = parse_field(text)
            && date != current
        {
            commands.push(Command::SetFilter(with_end(filter, end, date)));
        }
        let fallback = match end {
            End::From => span.map(|s| s.0),
            End::To => span.map(|s| s.1),
        };
        let Some(shown) = current.or(fallback) else {
            return;
        };
        let Some(mut picked) = picker_date(shown) else {
            return; // The typed date stays in its field; only the calendar is not offered.
        };
        let salt = format!("{label}-picker-{}", self.picker_salt);
        let picker = egui_extras::DatePickerButton::new(&mut picked)
            .id_salt(&salt)
            .show_icon(false)
            .format(if current.is_some() {
                "%d %b %Y"
            } else {
                "choose…"
            })
            .calendar_week(false);
        if ui.add(picker).changed()
            && let Some(date) = from_jiff(picked)
        {
            commands.push(Command::SetFilter(with_end(filter, end, Some(date))));
        }
    }
}

/// "One per family": keep only the earliest article of each story family.
fn one_per_family_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let settings = &state.settings.families;
    let on = settings.one_per_family;
    let found = state
        .corpus
        .as_ref()
        .and_then(|c| state.families.kept_for(&c.articles))
        .is_some();
    let hover = if found {
        "Keep only the earliest article of each story family (wire copies, reprints and \
         versions of one story count once) in the table, the timeline, the series, the word \
         statistics and the facet counts"
    } else {
        "Story families are being found; this applies once they are"
    };
    if ui
        .selectable_label(on, "One per family")
        .on_hover_text(hover)
        .clicked()
    {
        commands.push(Command::SetFamiliesSettings(FamiliesSettings {
            one_per_family: !on,
            ..*settings
        }));
    }
}

fn with_end(filter: DateFilter, end: End, date: Option<NaiveDate>) -> DateFilter {
    match end {
        End::From => DateFilter {
            from: date,
            ..filter
        },
        End::To => DateFilter { to: date, ..filter },
    }
}

/// Empty text is no bound; otherwise it must be a real `YYYY-MM-DD` day.
fn parse_field(text: &str) -> Result<Option<NaiveDate>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

fn presets_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    span: Option<(NaiveDate, NaiveDate)>,
    filter: DateFilter,
    commands: &mut Vec<Command>,
) {
    let Some((first, last)) = span else { return };
    let before = commands.len();
    ui.menu_button("Presets", |ui| {
        if ui.selectable_label(false, "Whole corpus span").clicked() {
            commands.push(Command::SetFilter(DateFilter {
                from: Some(first),
                to: Some(last),
                ..filter
            }));
        }
        let year_before = last
            .checked_sub_months(chrono::Months::new(12))
            .and_then(|d| d.succ_opt());
        if ui
            .selectable_label(false, "Last 12 months")
            .on_hover_text("The 12 months up to the newest article")
            .clicked()
        {
            commands.push(Command::SetFilter(DateFilter {
                from: year_before,
                to: Some(last),
                ..filter
            }));
        }
        ui.separator();
        for &year in state.view.years.iter().rev() {
            if ui.selectable_label(false, year.to_string()).clicked() {
                commands.push(Command::SetFilter(DateFilter {
                    from: NaiveDate::from_ymd_opt(year, 1, 1),
                    to: NaiveDate::from_ymd_opt(year, 12, 31),
                    ..filter
                }));
            }
        }
        if commands.len() > before {
            ui.close();
        }
    });
}

/// chrono → jiff (the date picker's type), at the widget edge only.
pub fn to_jiff(date: NaiveDate) -> Option<jiff::civil::Date> {
    let year = i16::try_from(date.year()).ok()?;
    jiff::civil::Date::new(
        year,
        i8::try_from(date.month()).ok()?,
        i8::try_from(date.day()).ok()?,
    )
    .ok()
}

/// The calendar popup's starting day, if it can show `date`: egui_extras 0.37's popup panics
/// when it reaches jiff's last representable year (9999: its month grid and `>>>` step past
/// it), so a date near the edge (typed, like `9999-12-31`) gets no calendar.
fn picker_date(date: NaiveDate) -> Option<jiff::civil::Date> {
    const SAFE_YEARS: std::ops::RangeInclusive<i32> = -9000..=9000;
    SAFE_YEARS
        .contains(&date.year())
        .then(|| to_jiff(date))
        .flatten()
}

/// jiff → chrono.
pub fn from_jiff(date: jiff::civil::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::try_from(date.month()).ok()?,
        u32::try_from(date.day()).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_parse_or_are_invalid() {
        assert_eq!(parse_field(""), Ok(None));
        assert_eq!(
            parse_field(" 2024-04-17 "),
            Ok(NaiveDate::from_ymd_opt(2024, 4, 17))
        );
        assert_eq!(parse_field("2024-02-30"), Err(()));
        assert_eq!(parse_field("17/04/2024"), Err(()));
    }

    #[test]
    fn no_calendar_near_the_last_year_the_picker_can_show() {
        let day = |y| NaiveDate::from_ymd_opt(y, 12, 31).unwrap();
        assert!(picker_date(day(2024)).is_some());
        assert!(picker_date(day(9000)).is_some());
        assert_eq!(picker_date(day(9999)), None);
        assert_eq!(picker_date(day(-9999)), None);
        assert_eq!(picker_date(day(20_000)), None);
    }

    #[test]
    fn jiff_round_trip() {
        let date = NaiveDate::from_ymd_opt(2020, 2, 29).unwrap();
        assert_eq!(to_jiff(date).and_then(from_jiff), Some(date));
    }
}
