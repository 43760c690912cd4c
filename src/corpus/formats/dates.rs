//! Reading the dates news exports write, without guessing.
//!
//! Understood (month and weekday names in English, German, French, Spanish, Italian, Dutch,
//! Portuguese and Russian, full or abbreviated, any case):
//! - ISO dates and date-times: `2017-05-04`, `2017-05-04 00:00:00`, `2017-05-04T23:30:00-04:00`,
//!   `2017-05-04T10:00:00Z`. The date is kept as written: a time zone never moves it to
//!   another day.
//! - Slashed year first: `2017/05/04`, `2017/05/04 10:00`; dotted day first: `4.5.2017`; slashed
//!   day and month when only one order is possible: `25/12/2019`, `12/25/2019`.
//! - Month first: `May 4, 2017`, `Thursday, May 4, 2017`, `January 11, 2010 Monday`,
//!   `March 3, 2011 Thursday 2:15 PM GMT`.
//! - Day first: `4 May 2017`, `4th May 2017`, `Thu, 04 May 2017 10:00:00 +0000` (RSS),
//!   `4. Mai 2017`, `Donnerstag, 4. Mai 2017`, `11. Januar 2010 Montag`, `4. Dez. 2017`,
//!   `jeudi 4 mai 2017`, `1er mai 2017`, `4 déc. 2017`, `4 de mayo de 2017`, `4 maggio 2017`,
//!   `4 mei 2017`, `4 de maio de 2017`, `4 мая 2017 г.`.
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

/// The month names of the languages LexisNexis exports are written in (those LexisNexisTools
/// reads): English, German, French, Spanish, Italian, Dutch, Portuguese and Russian (nominative
/// and genitive: `май`, `мая`). A name is also read from its first three letters or more
/// (`Sept.`, `Dez.`, `déc.`, `févr.`, `сент.`) when they belong to one month only.
const MONTH_NAMES: [[&str; 12]; 9] = [
    [
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
    ],
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
];

/// Other written forms of months: abbreviations that are not the start of the name, and
/// spellings without diacritics.
const MONTH_FORMS: [(&str, u32); 6] = [
    ("mrt", 3),
    ("maerz", 3),
    ("fevrier", 2),
    ("aout", 8),
    ("decembre", 12),
    ("marco", 3),
];

/// Weekday names in the same languages (Portuguese with and without `-feira`).
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "segunda-feira",
    "terça-feira",
    "quarta-feira",
    "quinta-feira",
    "sexta-feira",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
    "miercoles",
    "sabado",
];

/// Words written around a date that carry nothing: `4 de mayo de 2017`, `le 4 mai 2017`,
/// `den 4. Mai 2017`, `the 4th of May 2017`.
const FILLERS: [&str; 7] = ["de", "del", "of", "the", "le", "den", "el"];

/// What may follow the year of a Russian date: `4 мая 2017 г.`, `4 мая 2017 года`.
const YEAR_WORDS: [&str; 3] = ["г", "г.", "года"];

/// A word lower-cased, without the full stop of an abbreviation.
fn normalised(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// A month's number from its name in one of the languages, or an abbreviation of it (`Sept`,
/// `Dez.`, `déc.`, `févr.`); `None` when the word is not a month or could be two.
fn month_of(word: &str) -> Option<u32> {
    let word = normalised(word);
    if word.chars().count() < 3 {
        return None;
    }
    if let Some(&(_, month)) = MONTH_FORMS.iter().find(|(form, _)| *form == word) {
        return Some(month);
    }
    let mut found = None;
    for names in &MONTH_NAMES {
        for (name, month) in names.iter().zip(1..) {
            if name.starts_with(&word) {
                match found {
                    Some(other) if other != month => return None, // `jui`: juin or juillet
                    _ => found = Some(month),
                }
            }
        }
    }
    found
}

/// A weekday's name in one of the languages, or an abbreviation of it: three letters or more
/// (`Thu`, `jeu.`), or two with a full stop (`Do.`, `Mo.`).
fn is_weekday(word: &str) -> bool {
    let abbreviated = word.ends_with('.');
    let word = normalised(word);
    let letters = word.chars().count();
    (letters >= 3 || (letters == 2 && abbreviated))
        && WEEKDAYS.iter().any(|name| name.starts_with(&word))
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
                | "uhr"
                | "h"
                | "gmt"
                | "utc"
                | "bst"
                | "cet"
                | "cest"
                | "mez"
                | "mesz"
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

/// The day of the month a word gives: `4`, `04`, `4.` (German), `4th`, `1er` (French), `1º`.
fn day_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    let digits_end = word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(word.len());
    let (digits, suffix) = word.split_at(digits_end);
    let suffix_ok = matches!(
        suffix.to_lowercase().as_str(),
        "" | "st" | "nd" | "rd" | "th" | "er" | "º" | "°" | "o"
    );
    (is_digits(digits, 1, 2) && suffix_ok)
        .then(|| digits.parse().ok())
        .flatten()
}

/// `May 4, 2017`, `4 May 2017`, `4. Mai 2017`, `jeudi 4 mai 2017`, `4 de mayo de 2017`,
/// `4 мая 2017 г.`, `11. Januar 2010 Montag`: a day and a month next to each other before the
/// year, with weekdays anywhere and a time after.
fn worded_date(text: &str) -> Option<(i32, u32, u32)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .filter(|w| !FILLERS.contains(&normalised(w).as_str()))
        .collect();
    // One year, and after it only weekdays, a time, AM/PM, a zone or `г.`.
    let year_at = words.iter().position(|w| is_digits(w, 4, 4))?;
    let after_ok = words.get(year_at + 1..)?.iter().all(|w| {
        is_time_part(w) || is_weekday(w) || YEAR_WORDS.contains(&w.to_lowercase().as_str())
    });
    if !after_ok {
        return None;
    }
    let year: i32 = words.get(year_at)?.parse().ok()?;
    let before = words.get(..year_at)?;
    // The day, with its month on one side (`4 May`, `May 4`); every other word a weekday.
    let day_at = before.iter().position(|w| day_of(w).is_some())?;
    let day = day_of(before.get(day_at)?)?;
    let after_day = before.get(day_at + 1).copied().and_then(month_of);
    let before_day = day_at
        .checked_sub(1)
        .and_then(|i| before.get(i).copied())
        .and_then(month_of);
    let (month, month_at) = match (after_day, before_day) {
        (Some(month), _) => (month, day_at + 1),
        (None, Some(month)) => (month, day_at - 1),
        (None, None) => return None,
    };
    let rest_are_weekdays = before
        .iter()
        .enumerate()
        .all(|(i, w)| i == day_at || i == month_at || is_weekday(w));
    rest_are_weekdays.then_some((year, month, day))
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
    fn dates_in_the_languages_of_the_exports() {
        let may4 = ymd(2017, 5, 4);
        for text in [
            // German.
            "4. Mai 2017",
            "Donnerstag, 4. Mai 2017",
            "Do., 4. Mai 2017",
            "4 Mai 2017",
            "den 4. Mai 2017",
            "4. Mai 2017 10:00 Uhr",
            // French.
            "jeudi 4 mai 2017",
            "le 4 mai 2017",
            "jeu. 4 mai 2017",
            // Spanish.
            "4 de mayo de 2017",
            "jueves, 4 de mayo de 2017",
            // Italian.
            "4 maggio 2017",
            "giovedì 4 maggio 2017",
            // Dutch.
            "4 mei 2017",
            "donderdag 4 mei 2017",
            // Portuguese.
            "4 de maio de 2017",
            "quinta-feira, 4 de maio de 2017",
            // Russian, with the genitive month and the year word.
            "4 мая 2017",
            "4 мая 2017 г.",
            "четверг, 4 мая 2017 года",
        ] {
            assert_eq!(parse_date(text), Ok(may4), "{text}");
        }
        let dec4 = ymd(2017, 12, 4);
        for text in [
            "4. Dez. 2017",
            "4. Dezember 2017",
            "4 déc. 2017",
            "4 décembre 2017",
            "4 dic. 2017",
            "4 de dezembro de 2017",
            "4 дек. 2017",
            "4 декабря 2017",
        ] {
            assert_eq!(parse_date(text), Ok(dec4), "{text}");
        }
        // LexisNexis date lines: the weekday after the year.
        assert_eq!(parse_date("11. Januar 2010 Montag"), Ok(ymd(2010, 1, 11)));
        assert_eq!(parse_date("11 janvier 2010 lundi"), Ok(ymd(2010, 1, 11)));
        // Abbreviations, the French first, a German spelling without umlaut.
        assert_eq!(parse_date("1er mai 2017"), Ok(ymd(2017, 5, 1)));
        assert_eq!(parse_date("3. März 2011"), Ok(ymd(2011, 3, 3)));
        assert_eq!(parse_date("3. Maerz 2011"), Ok(ymd(2011, 3, 3)));
        assert_eq!(parse_date("3 mrt. 2011"), Ok(ymd(2011, 3, 3)));
        assert_eq!(parse_date("14 févr. 2019"), Ok(ymd(2019, 2, 14)));
        assert_eq!(parse_date("14 juil. 2019"), Ok(ymd(2019, 7, 14)));
        assert_eq!(parse_date("14 juin 2019"), Ok(ymd(2019, 6, 14)));
        assert_eq!(parse_date("15 août 2019"), Ok(ymd(2019, 8, 15)));
        assert_eq!(parse_date("1 сентября 2019 г."), Ok(ymd(2019, 9, 1)));
        // Spanish Tuesday (`mar.`) before the day is a weekday, not March.
        assert_eq!(parse_date("mar., 4 de abril de 2017"), Ok(ymd(2017, 4, 4)));
        // No such day in any language.
        assert_eq!(
            parse_date("30. Februar 2023"),
            Err(DateProblem::NoSuchDay("30. Februar 2023".to_owned()))
        );
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
                "4 Mai 2017 und mehr",
                DateProblem::Unreadable("4 Mai 2017 und mehr".to_owned()),
            ),
            // `jui` could be juin or juillet.
            (
                "4 jui 2017",
                DateProblem::Unreadable("4 jui 2017".to_owned()),
            ),
            // A day between two months is not read either way.
            (
                "Mai 4 Juni 2017",
                DateProblem::Unreadable("Mai 4 Juni 2017".to_owned()),
            ),
            ("Mai 2017", DateProblem::Unreadable("Mai 2017".to_owned())),
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
