//! Numbers as the exports write them: `0.85` (edX fractions), `80.00 %` (Moodle), `"8,50"`
//! (Canvas in a locale with a decimal comma), `8 / 10 (80 %)` (Chamilo).

use crate::domain::Points;

/// A non-negative decimal: digits with at most one decimal separator, a point or (where the
/// file's locale may use one) a comma. No signs, exponents or thousands separators.
pub fn decimal(text: &str, comma: bool) -> Option<f64> {
    let text = text.trim();
    let mut separators = 0;
    let mut digits = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => separators += 1,
            ',' if comma => separators += 1,
            _ => return None,
        }
    }
    if digits == 0 || separators > 1 {
        return None;
    }
    text.replace(',', ".").parse().ok()
}

/// How many decimals a decimal text has.
pub fn decimals(text: &str) -> u32 {
    text.trim().rsplit_once(['.', ',']).map_or(0, |(_, fraction)| fraction.len() as u32)
}

/// Points from a number, rounded to the hundredth certdesk keeps.
pub fn points(value: f64) -> Option<Points> {
    let hundredths = (value * 100.0).round();
    (value.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&hundredths))
        .then(|| Points::from_hundredths(hundredths as u32))
}

/// A percentage with its sign: `80.00 %`, `80%`, `80`.
pub fn percentage(text: &str, comma: bool) -> Option<f64> {
    let text = text.trim();
    decimal(text.strip_suffix('%').unwrap_or(text).trim_end(), comma)
}

/// A platform's own figure for a learner's grade, as the interval of true percentages that
/// the platform would print as it did (in thousandths of a percent, upper end excluded).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// The percentage as printed.
    pub percent: f64,
    pub low: i64,
    pub high: i64,
}

impl Figure {
    /// A percentage printed with `decimals` decimals, rounded to nearest.
    pub fn rounded(percent: f64, decimals: u32) -> Figure {
        let half = 500 / 10i64.pow(decimals.min(3));
        let center = (percent * 1000.0).round() as i64;
        Figure { percent, low: center - half, high: center + half.max(1) }
    }

    /// edX's whole percent N: the true percent was in [N - 0.55, N + 0.45), see
    /// `domain::grading::open_edx_percent`.
    pub fn open_edx(whole: f64) -> Figure {
        let center = (whole * 1000.0).round() as i64;
        Figure { percent: whole, low: center - 550, high: center + 450 }
    }

    /// Whether the two figures can stand for the same true percentage.
    pub fn overlaps(&self, other: &Figure) -> bool {
        self.low.max(other.low) < self.high.min(other.high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_in_either_locale() {
        assert_eq!(decimal("8.5", false), Some(8.5));
        assert_eq!(decimal("8,50", true), Some(8.5));
        assert_eq!(decimal("8,50", false), None);
        assert_eq!(decimal("1.000,5", true), None, "thousands separators are not numbers here");
        assert_eq!(decimal("-1", false), None);
        assert_eq!(decimal("abc", false), None);
        assert_eq!(percentage("80.00 %", false), Some(80.0));
        assert_eq!(points(0.8549999), Some(Points::from_hundredths(85)));
    }

    #[test]
    fn figures_overlap_only_when_both_can_be_true() {
        // certdesk's 85.3% (85.25..85.35) and Canvas's 85.35 (85.345..85.355) can both be right.
        assert!(Figure::rounded(85.3, 1).overlaps(&Figure::rounded(85.35, 2)));
        assert!(!Figure::rounded(85.3, 1).overlaps(&Figure::rounded(85.36, 2)));
        // edX's 85 is anything from 84.45 up to 85.45.
        assert!(Figure::open_edx(85.0).overlaps(&Figure::rounded(84.5, 1)));
        assert!(!Figure::open_edx(85.0).overlaps(&Figure::open_edx(84.0)));
        assert!(!Figure::open_edx(85.0).overlaps(&Figure::rounded(84.4, 1)));
    }
}
