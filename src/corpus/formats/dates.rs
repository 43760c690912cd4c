//! Reading the dates news exports write, without guessing.
//!
//! Understood (English month names, full or abbreviated, any case):
//! - ISO dates and date-times: `2017-05-04`, `2017-05-04 00:00:00`, `2017-05-04T23:30:00-04:00`,
//!   `2017-05-04T10:00:00Z`. The date is kept as written: a time zone never moves it to
//!   another day.
//! - Slashed year first: `2017/05/04`, `2017/05/04 10:00`; dotted day first: `4.5.2017`; slashed
//!   day and month when only one order is possible: `25/12/2019`, `12/25/2019`.
//! - Month first: `May 4, 2017`, `Thursday, May 4, 2017`, `January 11, 2010 Monday`,
//!   `March 3, 2011 Thursday 2:15 PM GMT`.
//! - Day first: `4 May 2017`, `4th May 2017`, `Thu, 04 May 2017 10:00:00 +0000` (RSS).
//!
//! Anything else is not read: `04/05/2017` could be April or May, `Spring 2017` is no day. The
//! article stays undated and the reason is kept ([`DateProblem`]).

use chrono::NaiveDate;

/// Why a date was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// The text is not a date form this reader knows.
    Unreadable(String),
    /// Day and month could be either way round (`04/05/2017`).
    Ambiguous(String),
    /// The parts read, but no such day exists (`2023-02-30`).
    NoSuchDay(String),
}

impl std::fmt::Display for DateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable(text) => write!(f, "date “{text}” could not be read"),
            Self::Ambiguous(text) => write!(
                f,
                "date “{text}” is ambiguous: the day and the month could be either way round"
            ),
            Self::NoSuchDay(text) => write!(f, "date “{text}” is not a day of the calendar"),
        }
    }
}

/// Longest date text kept in a [`DateProblem`] (a whole paragraph in a date column is cut).
const PROBLEM_TEXT_CHARS: usize = 60;

/// Read a date field. `Ok(None)` when the field is empty or a null marker (`None`, `null`,
/// `n/a`): the article has no date and nothing went wrong.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, DateProblem> {
    let text = text.trim();
    if text.is_empty()
        || ["none", "null", "nan", "n/a", "na", "-"]
            .iter()
            .any(|null| text.eq_ignore_ascii_case(null))
    {
        return Ok(None);
    }
    let shown = || crate::corpus::text::shorten(text, PROBLEM_TEXT_CHARS);
    if let Some(parts) = numeric_date(text) {
        return match parts {
            Numeric::YearFirst(y, m, d) => day(y, m, d).map(Some).ok_or_else(|| {
                if m > 12 && d <= 12 {
                    DateProblem::Unreadable(shown())
                } else {
                    DateProblem::NoSuchDay(shown())
                }
            }),
            Numeric::DayFirst(d, m, y) => day(y, m, d)
                .map(Some)
                .ok_or_else(|| DateProblem::NoSuchDay(shown())),
            Numeric::YearLast(a, b, y) => {
                if a > 12 && b <= 12 {
                    day(y, b, a)
                        .map(Some)
                        .ok_or_else(|| DateProblem::NoSuchDay(shown()))
                } else if b > 12 && a <= 12 {
                    day(y, a, b)
                        .map(Some)
                        .ok_or_else(|| DateProblem::NoSuchDay(shown()))
                } else if a == b && a <= 12 {
                    day(y, a, b)
                        .map(Some)
                        .ok_or_else(|| DateProblem::NoSuchDay(shown()))
                } else if a <= 12 && b <= 12 {
                    Err(DateProblem::Ambiguous(shown()))
                } else {
                    Err(DateProblem::Unreadable(shown()))
                }
            }
        };
    }
    match worded_date(text) {
        Some((y, m, d)) => day(y, m, d)
            .map(Some)
            .ok_or_else(|| DateProblem::NoSuchDay(shown())),
        None => Err(DateProblem::Unreadable(shown())),
    }
}

fn day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

enum Numeric {
    YearFirst(i32, u32, u32),
    YearLast(u32, u32, i32),
    /// `D.M.YYYY`: dots mean day first.
    DayFirst(u32, u32, i32),
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `DD/MM/YYYY`-like, optionally followed by a time (after `T` or
/// a space) that is ignored.
fn numeric_date(text: &str) -> Option<Numeric> {
    let end = text
        .find(|c: char| c == 'T' || c == 't' || c.is_whitespace())
        .unwrap_or(text.len());
    let (date, rest) = text.split_at(end);
    if !rest.is_empty() && !looks_like_time(rest.get(1..).unwrap_or_default()) {
        return None;
    }
    let separator = date.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '-' | '/' | '.') {
        return None;
    }
    let mut parts = date.split(separator);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || [a, b, c].iter().any(|p| !is_digits(p, 1, 4)) {
        return None;
    }
    if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        Some(Numeric::YearFirst(
            a.parse().ok()?,
            b.parse().ok()?,
            c.parse().ok()?,
        ))
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 && separator == '.' {
        Some(Numeric::DayFirst(
            a.parse().ok()?,
            b.parse().ok()?,
            c.parse().ok()?,
        ))
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        Some(Numeric::YearLast(
            a.parse().ok()?,
            b.parse().ok()?,
            c.parse().ok()?,
        ))
    } else {
        None
    }
}

fn is_digits(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// A time of day, possibly with seconds, fractions, AM/PM and a zone: `10:00`, `23:30:00-04:00`,
/// `10:00:00.123Z`, `2:15 PM GMT`, `00:00:00 +0000`.
fn looks_like_time(text: &str) -> bool {
    let text = text.trim();
    let Some(first) = text.split([' ', '+', '-', 'Z', 'z', '.']).next() else {
        return false;
    };
    let mut fields = first.split(':');
    let hour_ok = fields.next().is_some_and(|h| is_digits(h, 1, 2));
    let rest_ok = fields.all(|f| is_digits(f, 2, 2));
    hour_ok && rest_ok && first.contains(':')
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A month's number from its English name or an abbreviation of it (`Sept`, `Sep.`, `Jan`).
fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .zip(1..)
        .find(|(name, _)| name.starts_with(&word))
        .map(|(_, n)| n)
}

fn is_weekday(word: &str) -> bool {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    word.len() >= 3 && WEEKDAYS.iter().any(|name| name.starts_with(&word))
}

/// Words that may follow a date and are not part of it: a time, AM/PM, a zone.
fn is_time_part(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    looks_like_time(word)
        || matches!(
            lower.as_str(),
            "am" | "pm"
                | "a.m."
                | "p.m."
                | "gmt"
                | "utc"
                | "bst"
                | "cet"
                | "cest"
                | "est"
                | "edt"
                | "cst"
                | "cdt"
                | "mst"
                | "mdt"
                | "pst"
                | "pdt"
                | "z"
        )
        || ((lower.starts_with('+') || lower.starts_with('-'))
            && is_digits(
                lower.get(1..).unwrap_or_default().replace(':', "").as_str(),
                4,
                4,
            ))
}

/// `May 4, 2017`, `4 May 2017` and their forms with weekdays, ordinals and times.
fn worded_date(text: &str) -> Option<(i32, u32, u32)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .filter(|w| !is_weekday(w) || month_of(w).is_some())
        .collect();
    // Everything after the year must be a time, AM/PM or a zone.
    let year_at = words.iter().position(|w| is_digits(w, 4, 4))?;
    if !words.get(year_at + 1..)?.iter().all(|w| is_time_part(w)) || year_at != 2 {
        return None;
    }
    let year: i32 = words.get(year_at)?.parse().ok()?;
    let (first, second) = (*words.first()?, *words.get(1)?);
    let (month, day_word) = match (month_of(first), month_of(second)) {
        (Some(month), None) => (month, second),
        (None, Some(month)) => (month, first),
        _ => return None,
    };
    let digits = day_word
        .trim_end_matches('.')
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &day_word.trim_end_matches('.')[digits.len()..];
    if !is_digits(digits, 1, 2)
        || !matches!(
            suffix.to_ascii_lowercase().as_str(),
            "" | "st" | "nd" | "rd" | "th"
        )
    {
        return None;
    }
    Some((year, month, digits.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn every_form_the_exports_write() {
        let may4 = ymd(2017, 5, 4);
        for text in [
            "2017-05-04",
            "2017-05-04 00:00:00",
            "2017-05-04T23:30:00-04:00",
            "2017-05-04T10:00:00Z",
            "2017-05-04T10:00:00.123+02:00",
            "2017/05/04",
            "2017/05/04 10:00",
            "May 4, 2017",
            "May 4 2017",
            "4 May 2017",
            "4th May 2017",
            "Thursday, May 4, 2017",
            "Thursday 4 May 2017",
            "May 4, 2017 Thursday",
            "May 4, 2017 Thursday 2:15 PM GMT",
            "Thu, 04 May 2017 10:00:00 +0000",
            "  may 4, 2017 ",
            "4.5.2017",
        ] {
            assert_eq!(parse_date(text), Ok(may4), "{text}");
        }
        assert_eq!(parse_date("January 11, 2010 Monday"), Ok(ymd(2010, 1, 11)));
        assert_eq!(parse_date("Sept. 9, 2020"), Ok(ymd(2020, 9, 9)));
        assert_eq!(parse_date("29 February 2016"), Ok(ymd(2016, 2, 29)));
        assert_eq!(parse_date("25/12/2019"), Ok(ymd(2019, 12, 25)));
        assert_eq!(parse_date("12/25/2019"), Ok(ymd(2019, 12, 25)));
    }

    #[test]
    fn a_time_zone_never_moves_the_day() {
        assert_eq!(parse_date("2021-06-04T23:59:00-11:00"), Ok(ymd(2021, 6, 4)));
        assert_eq!(parse_date("2021-06-04T00:30:00+14:00"), Ok(ymd(2021, 6, 4)));
    }

    #[test]
    fn nulls_are_no_date_and_no_problem() {
        for text in ["", "  ", "None", "null", "NaN", "n/a"] {
            assert_eq!(parse_date(text), Ok(None), "{text}");
        }
    }

    #[test]
    fn nothing_is_guessed() {
        for (text, problem) in [
            (
                "Spring 2017",
                DateProblem::Unreadable("Spring 2017".to_owned()),
            ),
            ("TBC", DateProblem::Unreadable("TBC".to_owned())),
            (
                "04/05/2017",
                DateProblem::Ambiguous("04/05/2017".to_owned()),
            ),
            (
                "2023-02-30",
                DateProblem::NoSuchDay("2023-02-30".to_owned()),
            ),
            (
                "February 30, 2023",
                DateProblem::NoSuchDay("February 30, 2023".to_owned()),
            ),
            ("May 2017", DateProblem::Unreadable("May 2017".to_owned())),
            (
                "2017-05-04 tomorrow",
                DateProblem::Unreadable("2017-05-04 tomorrow".to_owned()),
            ),
            (
                "May 4, 2017 and more",
                DateProblem::Unreadable("May 4, 2017 and more".to_owned()),
            ),
            (
                "4 Mai 2017",
                DateProblem::Unreadable("4 Mai 2017".to_owned()),
            ),
            (
                "1700000000",
                DateProblem::Unreadable("1700000000".to_owned()),
            ),
        ] {
            assert_eq!(parse_date(text), Err(problem), "{text}");
        }
        assert_eq!(
            DateProblem::Ambiguous("04/05/2017".to_owned()).to_string(),
            "date “04/05/2017” is ambiguous: the day and the month could be either way round"
        );
    }
}
