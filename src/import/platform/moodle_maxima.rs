//! A Moodle item's maximum, which the export never writes: each row with both a Real and a
//! Percentage implies one (`8.00` and `80.00 %`: 10 points), and every row must imply the same.
//!
//! Moodle gives an item one maximum for every learner, and the export has no per-row maximum
//! to use instead, so rows that imply different ones mean the file is not what Moodle wrote
//! (edited, or pasted together from two exports) or the item is not graded from 0 (a minimum
//! grade above 0, which the Percentage counts from). Taking one row's maximum would silently
//! rescale the others' points; the import is refused instead, naming both rows.

use super::numbers::{decimal, decimals, percentage, points};

/// What one row says about the maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct Implied {
    pub line: u64,
    real: f64,
    percent: f64,
    /// The maxima that print as the row does, given how its two cells are rounded.
    low: f64,
    high: f64,
    /// The cells as written, for messages.
    texts: (String, String),
}

impl Implied {
    /// The maximum `real` points at `percent_text` imply; `None` when a cell is not a number
    /// or the percentage is too small to say (0 %, or 0.00 % after rounding).
    pub fn from_cells(line: u64, real_text: &str, percent_text: &str, comma: bool) -> Option<Implied> {
        let (real_text, percent_text) = (real_text.trim(), percent_text.trim());
        let real = decimal(real_text, comma)?;
        let percent = percentage(percent_text, comma)?;
        let unrounded = |text: &str| 0.5 / 10f64.powi(decimals(text) as i32);
        let real_error = unrounded(real_text);
        let percent_error = unrounded(percent_text.trim_end_matches(['%', ' ']));
        if percent - percent_error <= 0.0 {
            return None;
        }
        Some(Implied {
            line,
            real,
            percent,
            low: (real - real_error).max(0.0) / (percent + percent_error) * 100.0,
            high: (real + real_error) / (percent - percent_error) * 100.0,
            texts: (real_text.to_string(), percent_text.to_string()),
        })
    }

    /// The maximum, as exactly as the row says it.
    pub fn maximum(&self) -> f64 {
        self.real / self.percent * 100.0
    }

    fn agrees_with(&self, other: &Implied) -> bool {
        self.low.max(other.low) <= self.high.min(other.high)
    }

    fn shown(&self) -> String {
        points(self.maximum()).map_or_else(|| format!("{:.2}", self.maximum()), |max| max.to_string())
    }
}

/// The rows seen so far of one item: the first that implied a maximum (what later rows must
/// agree with) and the one with the highest percentage (the most exact).
#[derive(Debug, Default)]
pub struct Maximum {
    first: Option<Implied>,
    best: Option<Implied>,
}

impl Maximum {
    /// Takes one row's evidence; `Err` says how it disagrees with the first row's.
    pub fn admit(&mut self, row: Implied) -> Result<(), String> {
        if let Some(first) = &self.first
            && !row.agrees_with(first)
        {
            return Err(format!(
                "{} and {} make the maximum {} points, but {} and {} on line {} make it {}: Moodle gives an item \
                 one maximum (check both learners' grades on Moodle, and that the item is graded from 0, then \
                 export again)",
                row.texts.0,
                row.texts.1,
                row.shown(),
                first.texts.0,
                first.texts.1,
                first.line,
                first.shown()
            ));
        }
        if self.best.as_ref().is_none_or(|best| row.percent > best.percent) {
            self.best = Some(row.clone());
        }
        self.first.get_or_insert(row);
        Ok(())
    }

    /// The maximum the rows agree on; `None` when none implied one.
    pub fn value(&self) -> Option<f64> {
        self.best.as_ref().map(Implied::maximum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, real: &str, percent: &str) -> Implied {
        Implied::from_cells(line, real, percent, false).expect("cells")
    }

    #[test]
    fn rounding_alone_is_no_disagreement() {
        let mut maximum = Maximum::default();
        // 3.33 of 7 is 47.571…%; 1.00 of 7 is 14.285…%.
        assert_eq!(maximum.admit(row(2, "3.33", "47.57 %")), Ok(()));
        assert_eq!(maximum.admit(row(3, "1.00", "14.29 %")), Ok(()));
        assert_eq!(maximum.admit(row(4, "7.00", "100.00 %")), Ok(()));
        assert_eq!(maximum.value().and_then(points), points(7.0), "from the most exact row");
        assert_eq!(Implied::from_cells(5, "0.00", "0.00 %", false), None, "says nothing about the maximum");
    }

    #[test]
    fn another_maximum_names_both_rows() {
        let mut maximum = Maximum::default();
        maximum.admit(row(2, "8.00", "80.00 %")).expect("first");
        let error = maximum.admit(row(5, "8.00", "40.00 %")).expect_err("20 is not 10");
        assert_eq!(
            error,
            "8.00 and 40.00 % make the maximum 20 points, but 8.00 and 80.00 % on line 2 make it 10: Moodle gives an \
             item one maximum (check both learners' grades on Moodle, and that the item is graded from 0, then \
             export again)"
        );
        assert_eq!(maximum.value().and_then(points), points(10.0));
    }
}
