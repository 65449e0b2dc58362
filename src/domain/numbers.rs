//! Exact numbers of the grading model: points in hundredths, percentages in tenths.
//!
//! Grades are compared with thresholds as integers of tenths of a percent, so what is shown
//! ("70.0%") is exactly what is compared; see `Percent::from_ratio` for the one rounding rule.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::shown::echoed;

/// Points scored or available, in hundredths of a point (8.5 points is `Points(850)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Points(u32);

impl Points {
    pub const ZERO: Points = Points(0);

    pub fn from_hundredths(hundredths: u32) -> Points {
        Points(hundredths)
    }

    pub fn hundredths(self) -> u32 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// Points as a file writes them: with a decimal point, or, where the file's separator
    /// leaves the comma free (`decimal_comma`), a decimal comma (`8,5`).
    pub fn read(text: &str, decimal_comma: bool) -> Result<Points, NumberError> {
        let hundredths = parse_fixed(text, 2, decimal_comma)?;
        u32::try_from(hundredths).map(Points).map_err(|_| NumberError::TooLarge(text.trim().to_string()))
    }
}

impl fmt::Display for Points {
    /// Whole points print without decimals ("10"), others with what they need ("8.5", "7.25").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, hundredths) = (self.0 / 100, self.0 % 100);
        match hundredths {
            0 => write!(f, "{whole}"),
            h if h % 10 == 0 => write!(f, "{whole}.{}", h / 10),
            h => write!(f, "{whole}.{h:02}"),
        }
    }
}

/// Why a text is not a number of points or a percentage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// `comma_too` where a decimal comma is read as well (a file separated by semicolons or tabs).
    #[error("'{}' is not a number ({})", echoed(text), decimal_example(*comma_too))]
    NotANumber { text: String, comma_too: bool },
    #[error("'{}' is negative", echoed(.0))]
    Negative(String),
    #[error("'{}' has too many decimals (at most {max_decimals})", echoed(text))]
    TooPrecise { text: String, max_decimals: u32 },
    #[error("'{}' is too large", echoed(.0))]
    TooLarge(String),
    #[error("'{}' is above 100%", echoed(.0))]
    AboveHundred(String),
}

impl NumberError {
    /// Not a number where only a decimal point is read.
    fn not_a_number(text: &str) -> NumberError {
        NumberError::NotANumber { text: text.to_string(), comma_too: false }
    }
}

fn decimal_example(comma_too: bool) -> &'static str {
    match comma_too {
        true => "use a decimal point or comma, e.g. 8.5 or 8,5",
        false => "use a decimal point, e.g. 8.5",
    }
}

/// Parses a non-negative decimal with at most `max_decimals` decimals into an integer of
/// that many decimal places ("8.5" with 2 decimals is 850; with `decimal_comma`, "8,5" too).
/// Exact: no floating point.
fn parse_fixed(text: &str, max_decimals: u32, decimal_comma: bool) -> Result<u64, NumberError> {
    let trimmed = text.trim();
    let not_a_number = || NumberError::NotANumber { text: trimmed.to_string(), comma_too: decimal_comma };
    if let Some(magnitude) = trimmed.strip_prefix('-') {
        return match magnitude.parse::<f64>() {
            Ok(value) if value != 0.0 => Err(NumberError::Negative(trimmed.to_string())),
            Ok(_) => Ok(0),
            Err(_) => Err(not_a_number()),
        };
    }
    let unsigned = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let separator = |c: char| c == '.' || (decimal_comma && c == ',');
    let (whole, fraction) = unsigned.split_once(separator).unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(not_a_number());
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > max_decimals as usize {
        return Err(NumberError::TooPrecise { text: trimmed.to_string(), max_decimals });
    }
    let too_large = || NumberError::TooLarge(trimmed.to_string());
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_large())? };
    let mut fraction_digits: u64 = if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| too_large())? };
    for _ in fraction.len()..max_decimals as usize {
        fraction_digits *= 10;
    }
    whole
        .checked_mul(10u64.pow(max_decimals))
        .and_then(|scaled| scaled.checked_add(fraction_digits))
        .ok_or_else(too_large)
}

impl FromStr for Points {
    type Err = NumberError;

    fn from_str(text: &str) -> Result<Points, NumberError> {
        Points::read(text, false)
    }
}

/// A percentage in tenths of a percent (85.0% is `Percent(850)`), from 0.0% to 100.0%.
/// Stored as the integer; in JSON and other human-readable formats, a number like 85.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u16);

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_f64(self.as_f64())
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        use serde::de::Error as _;
        if deserializer.is_human_readable() {
            let value = f64::deserialize(deserializer)?;
            Percent::try_from(value).map_err(D::Error::custom)
        } else {
            let tenths = u16::deserialize(deserializer)?;
            Percent::from_tenths(tenths).ok_or_else(|| D::Error::custom(format!("{tenths} tenths is above 100%")))
        }
    }
}

impl Percent {
    pub const ZERO: Percent = Percent(0);
    pub const FULL: Percent = Percent(1000);

    /// Turns a share (0.0 to 1.0) into a percentage rounded half-up to one decimal.
    ///
    /// The share is computed in double precision, whose error after the few dozen operations
    /// of a grade is far below 10⁻⁹ of a percent; adding that tolerance before rounding makes
    /// an exact 72.45% round to 72.5% even when the machine computed 72.4499999999%. This is
    /// the only place where a grade is rounded, and the rounded value is the grade.
    pub fn from_ratio(ratio: f64) -> Percent {
        const TOLERANCE_TENTHS: f64 = 1e-8;
        let tenths = (ratio * 1000.0 + 0.5 + TOLERANCE_TENTHS).floor();
        Percent(tenths.clamp(0.0, 1000.0) as u16)
    }

    pub const fn from_tenths(tenths: u16) -> Option<Percent> {
        if tenths <= 1000 { Some(Percent(tenths)) } else { None }
    }

    pub fn tenths(self) -> u16 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// The number without the percent sign: "85.0".
    pub fn decimal(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl fmt::Display for Percent {
    /// Always one decimal and a percent sign: "85.0%".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}%", self.0 / 10, self.0 % 10)
    }
}

impl FromStr for Percent {
    type Err = NumberError;

    /// Accepts "80", "80.5" and "80.5%"; at most one decimal, at most 100.
    fn from_str(text: &str) -> Result<Percent, NumberError> {
        let trimmed = text.trim();
        let number = trimmed.strip_suffix('%').unwrap_or(trimmed);
        let tenths = parse_fixed(number, 1, false)?;
        u16::try_from(tenths)
            .ok()
            .and_then(Percent::from_tenths)
            .ok_or_else(|| NumberError::AboveHundred(trimmed.to_string()))
    }
}

impl TryFrom<f64> for Percent {
    type Error = NumberError;

    /// For numbers read from TOML: the value must already have at most one decimal.
    fn try_from(value: f64) -> Result<Percent, NumberError> {
        // TOML has `nan`, which every comparison below would let through as 0%.
        if value.is_nan() {
            return Err(NumberError::not_a_number("nan"));
        }
        if value < 0.0 {
            return Err(NumberError::Negative(value.to_string()));
        }
        let tenths = (value * 10.0).round();
        if (tenths - value * 10.0).abs() > 1e-6 {
            return Err(NumberError::TooPrecise { text: value.to_string(), max_decimals: 1 });
        }
        if tenths > 1000.0 {
            return Err(NumberError::AboveHundred(value.to_string()));
        }
        Ok(Percent(tenths as u16))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn points(text: &str, expected: Result<u32, NumberError>) {
        assert_eq!(text.parse::<Points>().map(Points::hundredths), expected, "parsing {text:?}");
    }

    #[test]
    fn points_parse_exactly() {
        points("10", Ok(1000));
        points("8.5", Ok(850));
        points(" 7.25 ", Ok(725));
        points("0.10", Ok(10));
        points(".5", Ok(50));
        points("+3", Ok(300));
        points("-0", Ok(0));
        points("-1", Err(NumberError::Negative("-1".into())));
        points("1.234", Err(NumberError::TooPrecise { text: "1.234".into(), max_decimals: 2 }));
        points("ten", Err(NumberError::not_a_number("ten")));
        points("8,5", Err(NumberError::not_a_number("8,5")));
        points("", Err(NumberError::not_a_number("")));
        points(".", Err(NumberError::not_a_number(".")));
        points("1e3", Err(NumberError::not_a_number("1e3")));
        points("99999999999", Err(NumberError::TooLarge("99999999999".into())));
    }

    #[test]
    fn points_display_without_needless_decimals() {
        let shown: Vec<String> = [1000, 850, 725, 5, 0].map(|h| Points::from_hundredths(h).to_string()).into();
        assert_eq!(shown, ["10", "8.5", "7.25", "0.05", "0"]);
    }

    #[test]
    fn percent_parses_and_displays_one_decimal() {
        assert_eq!("80".parse::<Percent>(), Ok(Percent(800)));
        assert_eq!("72.5%".parse::<Percent>(), Ok(Percent(725)));
        assert_eq!("100.0".parse::<Percent>(), Ok(Percent::FULL));
        assert!(matches!("100.1".parse::<Percent>(), Err(NumberError::AboveHundred(_))));
        assert_eq!("101".parse::<Percent>().map_err(|error| error.to_string()), Err("'101' is above 100%".to_string()));
        assert!(matches!("72.55".parse::<Percent>(), Err(NumberError::TooPrecise { .. })));
        assert_eq!(Percent(850).to_string(), "85.0%");
        assert_eq!(Percent(5).to_string(), "0.5%");
    }

    #[test]
    fn ratio_rounds_half_up_despite_binary_error() {
        // 0.7 * 3 / 3 is 0.6999999999999998 in binary floating point: still 70.0%.
        assert_eq!(Percent::from_ratio((0.7 + 0.7 + 0.7) / 3.0), Percent(700));
        // 72.45% exactly, computed as 0.72449999...: rounds half-up to 72.5%.
        assert_eq!(Percent::from_ratio(0.7245), Percent(725));
        assert_eq!(Percent::from_ratio(0.72449), Percent(724));
        assert_eq!(Percent::from_ratio(1.0), Percent::FULL);
        assert_eq!(Percent::from_ratio(0.0), Percent::ZERO);
    }

    #[test]
    fn percent_from_toml_float() {
        assert_eq!(Percent::try_from(80.0), Ok(Percent(800)));
        assert_eq!(Percent::try_from(72.5), Ok(Percent(725)));
        assert!(Percent::try_from(72.55).is_err());
        assert!(Percent::try_from(-1.0).is_err());
        assert!(Percent::try_from(101.0).is_err());
        assert_eq!(Percent::try_from(f64::NAN), Err(NumberError::not_a_number("nan")), "TOML's nan");
    }
}
