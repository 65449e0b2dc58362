//! The import dialog's overrule question: after a refusal the user may overrule (most of the
//! course's learners missing from the file: Ctrl-N; most activities holding scores missing:
//! Ctrl-R), it offers the key, asks how many learners, activities and scores, and on a `y`
//! imports again as the CLI's `--new-learners` or `--remove-activities` would.
//!
//! Asked in the form itself, not in a confirmation dialog, so that saying no goes back to the
//! form as it was.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::Handled;
use crate::import::Waiver;
use crate::import::platform::FileImport;
use crate::tui::action::Action;

/// The key of the import dialog that gives `waiver` (the CLI's flag, in the dialog).
pub fn key_of(waiver: &Waiver) -> &'static str {
    match waiver {
        Waiver::NewLearners { .. } => "Ctrl-N",
        Waiver::RemoveActivities { .. } => "Ctrl-R",
    }
}

#[derive(Default)]
pub struct Overrule {
    /// Refusals of the last attempt that the user may overrule, with the request they refused.
    waivers: Vec<Waiver>,
    refused: Option<FileImport>,
    /// The overruling asked for, waiting for y.
    pending: Option<Waiver>,
}

impl Overrule {
    /// What may be overruled of `request`'s refusal.
    pub fn new(request: FileImport, waivers: Vec<Waiver>) -> Overrule {
        if waivers.is_empty() {
            return Overrule::default();
        }
        Overrule { waivers, refused: Some(request), pending: None }
    }

    pub fn is_asking(&self) -> bool {
        self.pending.is_some()
    }

    /// Asks about the refusal `wanted` picks, when the last attempt had one.
    pub fn ask(&mut self, wanted: fn(&Waiver) -> bool) {
        self.pending = self.waivers.iter().copied().find(wanted);
    }

    /// The answer to the question, if one was asked: y or Enter imports with the refusal
    /// overruled; any other key goes back to the form.
    pub fn answer(&mut self, key: KeyEvent) -> Option<Handled> {
        let waiver = self.pending.take()?;
        Some(match key.code {
            KeyCode::Char('y') | KeyCode::Enter => {
                self.waived(waiver).map_or(Handled::Consumed, |request| Handled::Action(Action::Import(request)))
            }
            _ => Handled::Consumed,
        })
    }

    /// Another file is named: what was refused of the last one no longer applies.
    pub fn forget(&mut self) {
        self.waivers.clear();
        self.refused = None;
    }

    /// The request refused, with `waiver` given as the CLI's flag gives it.
    fn waived(&self, waiver: Waiver) -> Option<FileImport> {
        let request = self.refused.clone()?;
        Some(match waiver {
            Waiver::NewLearners { .. } => FileImport { new_learners: true, ..request },
            Waiver::RemoveActivities { .. } => FileImport { remove_activities: true, ..request },
        })
    }

    /// What the user may do about the refusals, or the question about the one asked for.
    pub fn lines(&self) -> Vec<String> {
        let learners = |count: u32| crate::domain::counted(count as usize, "learner", "learners");
        let activities = |count: u32| crate::domain::counted(count as usize, "activity", "activities");
        let scores = |count: u32| crate::domain::counted(count as usize, "score", "scores");
        // The question only: the dialog's key line says how to answer it.
        if let Some(waiver) = self.pending {
            return vec![match waiver {
                Waiver::NewLearners { learners: count } => format!(
                    "Import the {} new to the course as {}?",
                    learners(count),
                    if count == 1 { "a new learner" } else { "new learners" }
                ),
                Waiver::RemoveActivities { activities: count, scores: deleted } => {
                    format!("Remove {} from the course and delete their {}?", activities(count), scores(deleted))
                }
            }];
        }
        self.waivers
            .iter()
            .map(|waiver| match *waiver {
                Waiver::NewLearners { learners: count } => format!(
                    "{}: they really are other learners: add the {} new to the course",
                    key_of(waiver),
                    learners(count)
                ),
                Waiver::RemoveActivities { activities: count, scores: deleted } => format!(
                    "{}: these activities really are gone: remove the {} and their {}",
                    key_of(waiver),
                    activities(count),
                    scores(deleted)
                ),
            })
            .collect()
    }
}
