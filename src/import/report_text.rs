//! The import report in words, for the command line and the terminal application alike.

use super::merge::{Conflict, ImportReport, Keep};
use super::platform::{Format, with_article};
use super::wording::Wording;
use crate::domain::{Named, counted};

/// What was read: `a Moodle grade export`, `a course folder`.
fn source(report: &ImportReport) -> String {
    match report.format.as_deref().and_then(|format| format.parse::<Format>().ok()) {
        Some(format) => with_article(format.label()),
        None => "a course folder".to_string(),
    }
}

/// `2 learners added, 1 updated; 1 score added, 0 changed, 0 cleared`
pub fn counts(report: &ImportReport) -> String {
    format!(
        "{} added, {} updated; {} added, {} changed, {} cleared",
        counted(report.learners_added, "learner", "learners"),
        report.learners_updated,
        counted(report.scores_added, "score", "scores"),
        report.scores_changed,
        report.scores_cleared
    )
}

/// `Activities removed: essay-1 (4 scores discarded)`, when any was.
fn removed_activities(report: &ImportReport) -> Option<String> {
    (!report.activities_removed.is_empty()).then(|| {
        format!(
            "activities removed: {} ({} discarded)",
            report.activities_removed.join(", "),
            counted(report.scores_discarded, "score", "scores")
        )
    })
}

/// `2 conflicts: kept the certdesk score`, when a side won any.
fn settled_conflicts(report: &ImportReport) -> Option<String> {
    let keep = report.kept.filter(|_| !report.conflicts.is_empty())?;
    let side = match (keep, report.dry_run) {
        (Keep::Certdesk, false) => "kept the certdesk score",
        (Keep::File, false) => "took the file's score",
        (Keep::Certdesk, true) => "would keep the certdesk score",
        (Keep::File, true) => "would take the file's score",
    };
    Some(format!("{}: {side}", counted(report.conflicts.len(), "conflict", "conflicts")))
}

/// How many conflicts the audit trail names; the rest are counted.
const CONFLICTS_NAMED: usize = 10;

/// The import in one line for the audit trail: what was read, what it changed, and which side
/// won each conflict.
pub fn audit_summary(report: &ImportReport) -> String {
    let mut parts = vec![format!("imported {}: {}", source(report), counts(report))];
    if !report.settings_changed.is_empty() {
        parts.push(format!("course definition from the file: {}", report.settings_changed.join("; ")));
    }
    if !report.activities_added.is_empty() {
        parts.push(format!("activities added: {}", report.activities_added.join(", ")));
    }
    parts.extend(removed_activities(report));
    if let Some(settled) = settled_conflicts(report) {
        let named = crate::domain::first_of(
            report.conflicts.iter().map(|conflict| format!("{} {}", conflict.username, conflict.activity)),
            CONFLICTS_NAMED,
        );
        parts.push(format!("{settled} ({named})"));
    }
    parts.extend(super::certificates::affected_audit(report));
    parts.join("; ")
}

/// One line per conflict: `  bilbo essay: imported -, certdesk 8, file -`, or `file: no
/// such activity` where the file removes it.
pub fn conflict_lines(conflicts: &[Conflict]) -> Vec<String> {
    let shown = |points: Option<crate::domain::Points>| points.map_or_else(|| "-".to_string(), |p| p.to_string());
    conflicts
        .iter()
        .map(|c| {
            let file =
                if c.activity_removed { ": no such activity".to_string() } else { format!(" {}", shown(c.file)) };
            format!(
                "  {} {}: imported {}, certdesk {}, file{file}",
                c.username,
                c.activity,
                shown(c.imported),
                shown(c.certdesk)
            )
        })
        .collect()
}

/// The report, one line each: what changed, conflicts, agreement with the platform, notes;
/// after a dry run, that nothing was written and how to write it. Where it says what staff
/// can do, in `wording`'s words.
pub fn report_lines(report: &ImportReport, wording: &dyn Wording) -> Vec<String> {
    let mut lines = findings(report, wording);
    if report.dry_run {
        lines.push("Nothing was written (--dry-run): import again without it to make these changes.".to_string());
    }
    lines
}

/// What the import changed (or would, after a dry run): `report_lines` without its advice for
/// the command line.
pub fn findings(report: &ImportReport, wording: &dyn Wording) -> Vec<String> {
    let verb = match (report.created, report.dry_run) {
        (true, false) => "Imported the new course",
        (false, false) => "Updated",
        (true, true) => "Would import the new course",
        (false, true) => "Would update",
    };
    let mut lines = vec![format!(
        "{verb} {}: {} added, {} updated, {} unchanged{}.",
        report.course,
        counted(report.learners_added, "learner", "learners"),
        report.learners_updated,
        report.learners_unchanged,
        match report.learners_not_on_roster {
            0 => String::new(),
            kept => format!(", {} not on the roster (kept as they were)", counted(kept, "learner", "learners")),
        },
    )];
    lines.extend(learner_lines(report));
    lines.push(format!(
        "Scores: {} added, {} changed, {} cleared.",
        report.scores_added, report.scores_changed, report.scores_cleared
    ));
    if let Some(format) = report.format.as_deref().and_then(|format| format.parse::<Format>().ok()) {
        let rule = if report.grading == "openedx" { "Open edX's rule" } else { "certdesk's own rule" };
        lines.insert(0, format!("Read the {}; the course grades by {rule}.", format.label()));
    }
    if !report.settings_changed.is_empty() {
        lines.push(format!("Course definition from the file: {}.", report.settings_changed.join("; ")));
    }
    if !report.activities_added.is_empty() {
        lines.push(format!("Activities added: {}.", report.activities_added.join(", ")));
    }
    lines.extend(removed_activities(report).map(|removed| format!("{}.", crate::domain::capitalized(&removed))));
    if let Some(settled) = settled_conflicts(report) {
        lines.push(format!("{settled}."));
        lines.extend(conflict_lines(&report.conflicts));
    }
    lines.extend(super::certificates::affected_lines(report, wording));
    lines.extend(agreement_lines(report));
    lines.extend(report.notes.iter().map(|note| format!("Note: {note}")));
    lines
}

/// How many learners each line names; the rest are counted.
const LEARNERS_NAMED: usize = 10;

/// Who was added, updated and left alone while not on the roster: `  Updated: bilbo, frodo`.
/// A new course's learners are all added, so naming them would only repeat the roster. Who
/// was withdrawn and is active again is said apart, with how to keep them withdrawn.
fn learner_lines(report: &ImportReport) -> Vec<String> {
    let added: &[String] = if report.created { &[] } else { &report.usernames_added };
    let mut lines: Vec<String> = [
        ("Added", added),
        ("Updated", &report.usernames_updated),
        ("Not on the roster", &report.usernames_not_on_roster),
    ]
    .into_iter()
    .filter(|(_, usernames)| !usernames.is_empty())
    .map(|(what, usernames)| format!("  {what}: {}", Named::first(usernames, LEARNERS_NAMED)))
    .collect();
    if !report.usernames_active_again.is_empty() {
        lines.push(format!(
            "  Active again, withdrawn before: {} (as a roster says active, or has no status column: give them status \
             withdrawn to keep them so)",
            Named::first(&report.usernames_active_again, LEARNERS_NAMED)
        ));
    }
    lines
}

/// How many learners certdesk grades as the platform does, and who differs.
pub fn agreement_lines(report: &ImportReport) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(agreement) = &report.agreement {
        lines.push(format!(
            "Agreement with the platform's grades: {} of {} the same.",
            agreement.agree, agreement.compared
        ));
        for differ in &agreement.differ {
            lines.push(format!(
                "  {}: platform {}%, certdesk {:.1}%",
                differ.username, differ.platform, differ.certdesk
            ));
        }
    }
    if let Some(agreement) = &report.eligibility_agreement {
        lines.push(format!(
            "Agreement with the platform's certificate eligibility: {} of {} the same.",
            agreement.agree, agreement.compared
        ));
        for differ in &agreement.differ {
            let yes_no = |eligible: bool| if eligible { "eligible" } else { "not eligible" };
            lines.push(format!(
                "  {}: platform {}, certdesk {}{}",
                differ.username,
                yes_no(differ.platform),
                yes_no(differ.certdesk),
                differ.reason.as_deref().map(|reason| format!(" ({reason})")).unwrap_or_default()
            ));
        }
    }
    lines
}
