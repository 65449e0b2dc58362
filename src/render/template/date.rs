//! The `date` filter: an ISO date or timestamp printed with month names in the template's
//! language (`{{ certificate.issued_on | date }}` → "23 novembre 2026"), or one given as argument.

use minijinja::{Error, ErrorKind};

use super::model::Language;

const MONTHS: [(Language, [&str; 12]); 5] = [
    (
        Language::English,
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    ),
    (
        Language::Dutch,
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
    ),
    (
        Language::French,
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
    ),
    (
        Language::German,
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    ),
    (
        Language::Spanish,
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
    ),
];

pub fn language_code(code: &str) -> Option<Language> {
    Language::from_code(code)
}

/// Formats `value` (`2026-11-23`, or a timestamp starting with that) in `language`.
pub fn format_date(value: &str, language: Language) -> Result<String, Error> {
    let invalid = || {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("`date` needs an ISO date like 2026-11-23, not {}", crate::render::layout::quoted(value)),
        )
    };
    let date: jiff::civil::Date = value.get(..10).ok_or_else(invalid)?.parse().map_err(|_| invalid())?;
    let (year, day) = (date.year(), date.day());
    let names = match language {
        Language::AmericanEnglish => &MONTHS[0].1,
        other => &MONTHS.iter().find(|(l, _)| *l == other).unwrap_or(&MONTHS[0]).1,
    };
    let month = names[usize::try_from(date.month() - 1).unwrap_or(0)];
    Ok(match language {
        Language::English | Language::Dutch => format!("{day} {month} {year}"),
        Language::AmericanEnglish => format!("{month} {day}, {year}"),
        Language::French if day == 1 => format!("1er {month} {year}"),
        Language::French => format!("{day} {month} {year}"),
        Language::German => format!("{day}. {month} {year}"),
        Language::Spanish => format!("{day} de {month} de {year}"),
        Language::Japanese | Language::SimplifiedChinese | Language::TraditionalChinese => {
            format!("{year}年{}月{day}日", date.month())
        }
        Language::Korean => format!("{year}년 {}월 {day}일", date.month()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(value: &str, language: Language, expected: &str) {
        assert_eq!(format_date(value, language).ok().as_deref(), Some(expected));
    }

    #[test]
    fn months_in_every_language() {
        check("2026-11-23", Language::English, "23 November 2026");
        check("2026-11-23T10:00:00Z", Language::AmericanEnglish, "November 23, 2026");
        check("2026-03-05", Language::Dutch, "5 maart 2026");
        check("2026-11-23", Language::French, "23 novembre 2026");
        check("2026-08-01", Language::French, "1er août 2026");
        check("2026-03-23", Language::German, "23. März 2026");
        check("2026-11-23", Language::Spanish, "23 de noviembre de 2026");
        check("2026-03-05", Language::Japanese, "2026年3月5日");
        check("2026-11-23", Language::TraditionalChinese, "2026年11月23日");
        check("2026-11-23", Language::Korean, "2026년 11월 23일");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        assert!(format_date("", Language::English).is_err());
        assert!(format_date("23/11/2026", Language::English).is_err());
        assert!(format_date("2026-13-01", Language::English).is_err());
    }
}
