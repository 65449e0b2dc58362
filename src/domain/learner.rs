//! Learners: who they are, how they are enrolled, and their scores in a course.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::numbers::Points;

/// A learner in one course with their scores, stored together as one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub mode: Mode,
    pub status: EnrollmentStatus,
    /// One entry per activity of the course, in the course's order; `None` is not graded yet.
    pub scores: Vec<Option<Points>>,
    /// The scores as the last import left them, in the same order, once one differs: a score
    /// that differs was entered in certdesk since, and a re-import may not silently overwrite
    /// it. `None` while every score is as imported, so most learners store it once.
    pub imported: Option<Vec<Option<Points>>>,
}

impl Enrollment {
    /// The score of activity `index` as the last import left it.
    pub fn imported_score(&self, index: usize) -> Option<Points> {
        let scores = self.imported.as_ref().unwrap_or(&self.scores);
        scores.get(index).copied().flatten()
    }

    /// The scores as the last import left them.
    pub fn imported_scores(&self) -> &[Option<Points>] {
        self.imported.as_deref().unwrap_or(&self.scores)
    }

    /// Whether the score of activity `index` was changed in certdesk since the last import.
    pub fn entered_in_certdesk(&self, index: usize) -> bool {
        self.scores.get(index).copied().flatten() != self.imported_score(index)
    }

    /// Sets a score in certdesk (not by an import): the imported one is remembered. Returns
    /// the score it replaces.
    pub fn enter_score(&mut self, index: usize, points: Option<Points>) -> Option<Points> {
        let count = self.scores.len().max(index + 1);
        self.scores.resize(count, None);
        let mut imported = self.imported.take().unwrap_or_else(|| self.scores.clone());
        imported.resize(count, None);
        let before = std::mem::replace(&mut self.scores[index], points);
        self.imported = (imported != self.scores).then_some(imported);
        before
    }
}

/// In JSON as in every other output, `audit`, `honor` or `verified`, as a certificate's digest
/// reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Audit,
    Honor,
    Verified,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Audit, Mode::Honor, Mode::Verified];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Audit => "audit",
            Mode::Honor => "honor",
            Mode::Verified => "verified",
        }
    }

    /// Audit learners follow the course but are never certified.
    pub fn grants_certificate(self) -> bool {
        match self {
            Mode::Audit => false,
            Mode::Honor | Mode::Verified => true,
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(text: &str) -> Result<Mode, String> {
        let wanted = text.trim().to_ascii_lowercase();
        Mode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == wanted)
            .ok_or_else(|| format!("unknown mode '{text}' (expected audit, honor or verified)"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EnrollmentStatus {
    #[default]
    Active,
    Withdrawn,
}

impl EnrollmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrollmentStatus::Active => "active",
            EnrollmentStatus::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for EnrollmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EnrollmentStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<EnrollmentStatus, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "active" => Ok(EnrollmentStatus::Active),
            "withdrawn" => Ok(EnrollmentStatus::Withdrawn),
            _ => Err(format!("unknown status '{text}' (expected active or withdrawn)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_and_grant() {
        assert_eq!("Verified".parse(), Ok(Mode::Verified));
        assert!("professional".parse::<Mode>().is_err());
        assert!(!Mode::Audit.grants_certificate());
        assert!(Mode::Honor.grants_certificate() && Mode::Verified.grants_certificate());
    }

    #[test]
    fn scores_entered_in_certdesk_are_told_from_imported_ones() {
        let points = |hundredths| Some(Points::from_hundredths(hundredths));
        let mut enrollment = Enrollment {
            username: "bilbo".into(),
            full_name: "Bilbo".into(),
            email: String::new(),
            mode: Mode::Honor,
            status: EnrollmentStatus::Active,
            scores: vec![points(800), None],
            imported: None,
        };
        assert!(!enrollment.entered_in_certdesk(0));
        assert_eq!(enrollment.enter_score(1, points(500)), None);
        assert!(enrollment.entered_in_certdesk(1) && !enrollment.entered_in_certdesk(0));
        assert_eq!(enrollment.imported_scores(), [points(800), None]);
        // Back to what the import set: nothing is entered in certdesk any more.
        enrollment.enter_score(1, None);
        assert_eq!(enrollment.imported, None);
    }
}
