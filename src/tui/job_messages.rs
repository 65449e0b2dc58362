//! What a finished run says on the status line: what it did and, stopped with Esc, which key
//! does the rest; and what the shell is told of it when the app quit while it ran.

use crate::domain::counted;
use crate::ops;

/// What a generate did. One stopped with Esc says what it issued and how to issue the rest:
/// the learners it did not reach were neither counted as certified nor as not eligible.
pub(super) fn generated(report: &ops::GenerationReport) -> String {
    let issued = counted(report.issued.len(), "certificate", "certificates");
    let provisional = report.issued.iter().filter(|issued| issued.provisional).count();
    if report.cancelled {
        return format!("Stopped: issued {issued} ({provisional} provisional) before Esc; g issues the rest.");
    }
    let mut message = format!(
        "Issued {issued} ({provisional} provisional); {} already certified; {} not eligible.",
        report.already_certified,
        report.not_eligible_count()
    );
    if !report.unprintable_pages.is_empty() {
        let pages = counted(report.unprintable_pages.len(), "of them has a page", "of them have pages");
        message.push_str(&format!(" {pages} the template cannot print: fix the template (3)."));
    }
    message
}

/// What a regenerate did; one stopped with Esc says how to replace the rest.
pub(super) fn regenerated(report: &ops::RegenerationReport) -> String {
    let replaced = counted(report.reissued.len(), "stale certificate", "stale certificates");
    let mut message = match report.cancelled {
        true => format!("Stopped: replaced {replaced} before Esc; r replaces the rest."),
        false => format!("Replaced {replaced}."),
    };
    if !report.not_eligible.is_empty() {
        let refused = counted(report.not_eligible.len(), "stale one is", "stale ones are");
        let reasons: Vec<_> = report.not_eligible.iter().map(|refusal| refusal.reason).collect();
        let what_to_do = super::confirmations::what_to_do(&reasons);
        message.push_str(&format!(" {refused} no longer eligible: {what_to_do}."));
    }
    message
}

/// What a delete of `course`'s certificates did; one stopped with Esc says how to delete the rest.
pub(super) fn deleted(course: &str, deletion: &ops::Deletion) -> String {
    let deleted = counted(deletion.revoked.len(), "certificate", "certificates");
    let stay = if deletion.revoked.len() == 1 { "it stays" } else { "they stay" };
    match deletion.unfinished {
        Some(_) => format!(
            "Stopped: deleted {deleted} of {course} before Esc ({stay} in the history as revoked); D deletes the rest."
        ),
        None => format!("Deleted {deleted} of {course}; {stay} in the history as revoked (deleted)."),
    }
}

/// What an export of every certificate in force printed that its learner would not be issued
/// now (withdrawn since, a score corrected below the threshold): said after what it wrote,
/// since staff hand the file on.
pub(super) fn undeserved_in(state: &ops::CourseState) -> String {
    let (names, reasons): (Vec<String>, Vec<crate::domain::Ineligible>) = state
        .learners
        .iter()
        .filter_map(|standing| Some((standing.username().to_string(), standing.undeserved()?)))
        .unzip();
    if names.is_empty() {
        return String::new();
    }
    let named = crate::domain::first_of(&names, 3);
    format!(
        " {} no longer deserved ({named}): {} before handing it on.",
        counted(names.len(), "of them is", "of them are"),
        super::confirmations::what_to_do(&reasons)
    )
}

/// What an export wrote, for the status line.
pub(super) fn exported_to(exported: &ops::Exported, path: &std::path::Path) -> String {
    format!("Wrote {} to {}.", counted(exported.certificates, "certificate", "certificates"), path.display())
}

/// An export's certificates whose credentials a retired key signed, for a dialog after it (or
/// `None`): staff would otherwise hand on a PDF verifiers refuse without a word, where
/// `certdesk export` notes it. Too long for the status line, as a mail run the server stopped.
pub(super) fn signed_with_retired(exported: &ops::Exported) -> Option<Vec<String>> {
    if exported.signed_with_retired == 0 {
        return None;
    }
    let among = ops::retired_among(exported.signed_with_retired, exported.certificates, "exported");
    let them = if exported.signed_with_retired == 1 { "it" } else { "them" };
    Some(vec![
        format!("{among}, in this PDF too."),
        format!("certdesk issuer resign signs {them} again; then e exports the course again."),
    ])
}

/// What the shell is told of a run the app quit during (Ctrl-C, a signal), once the terminal is
/// given back: the command line's words, since the keys the status line would name are gone
/// with the screen. Stopped short, the run says so as `certdesk generate` stopped with Ctrl-C
/// does, with the command that does the rest.
pub(super) mod on_quit {
    use super::counted;
    use crate::ops;

    pub fn generated(report: &ops::GenerationReport) -> String {
        match &report.unfinished {
            Some(unfinished) => unfinished.describe_stop(&report.course),
            None => super::generated(report),
        }
    }

    pub fn regenerated(report: &ops::RegenerationReport) -> String {
        match &report.unfinished {
            Some(unfinished) => unfinished.describe_stop(&report.course),
            None => format!("Replaced {}.", counted(report.reissued.len(), "stale certificate", "stale certificates")),
        }
    }

    pub fn deleted(course: &str, deletion: &ops::Deletion) -> String {
        match &deletion.unfinished {
            Some(unfinished) => unfinished.describe_stop(course),
            None => super::deleted(course, deletion),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generate_stopped_with_esc_says_what_it_issued_and_how_to_issue_the_rest() {
        let mut report = ops::GenerationReport {
            course: "middle-earth-101".to_string(),
            dry_run: false,
            cancelled: true,
            issued: Vec::new(),
            already_certified: 0,
            not_eligible: Default::default(),
            unprintable_pages: Vec::new(),
            unfinished: None,
        };
        assert_eq!(generated(&report), "Stopped: issued 0 certificates (0 provisional) before Esc; g issues the rest.");
        report.cancelled = false;
        assert_eq!(generated(&report), "Issued 0 certificates (0 provisional); 0 already certified; 0 not eligible.");
    }

    #[test]
    fn a_regenerate_stopped_with_esc_says_what_it_replaced_and_how_to_replace_the_rest() {
        let refusal = ops::Refusal {
            username: "pippin".to_string(),
            reason: crate::domain::Ineligible::BelowThreshold,
            change: "85.0% -> 60.0%".to_string(),
            page_problem: None,
        };
        let mut report = ops::RegenerationReport {
            course: "middle-earth-101".to_string(),
            dry_run: false,
            cancelled: true,
            reissued: Vec::new(),
            not_eligible: vec![refusal],
            up_to_date: Vec::new(),
            without_certificate: Vec::new(),
            unfinished: None,
        };
        assert_eq!(
            regenerated(&report),
            "Stopped: replaced 0 stale certificates before Esc; r replaces the rest. 1 stale one is no longer eligible: delete it (d) or allow the learner (a in the gradebook)."
        );
        report.cancelled = false;
        report.not_eligible.clear();
        assert_eq!(regenerated(&report), "Replaced 0 stale certificates.");
    }

    #[test]
    fn a_delete_of_all_stopped_with_esc_says_what_it_deleted_and_how_to_delete_the_rest() {
        let revoked = ops::Revoked { username: "bilbo".to_string(), code: "K7QF-M2XD-9HTA".parse().expect("a code") };
        let unfinished = ops::UnfinishedRun {
            run: ops::PartedRun::DeleteAll,
            part: 1,
            parts: 3,
            at: jiff::Timestamp::UNIX_EPOCH,
            who: "elrond".to_string(),
            waiting: 20,
        };
        let mut deletion = ops::Deletion { revoked: vec![revoked], unfinished: Some(unfinished) };
        assert_eq!(
            deleted("middle-earth-101", &deletion),
            "Stopped: deleted 1 certificate of middle-earth-101 before Esc (it stays in the history as revoked); D deletes the rest."
        );
        deletion.unfinished = None;
        assert_eq!(
            deleted("middle-earth-101", &deletion),
            "Deleted 1 certificate of middle-earth-101; it stays in the history as revoked (deleted)."
        );
        let again = ops::Revoked { username: "frodo".to_string(), code: "M2XD-9HTA-K7QF".parse().expect("a code") };
        deletion.revoked.push(again);
        assert_eq!(
            deleted("middle-earth-101", &deletion),
            "Deleted 2 certificates of middle-earth-101; they stay in the history as revoked (deleted)."
        );
    }

    #[test]
    fn the_shell_hears_a_run_stopped_by_quitting_in_the_command_lines_words() {
        let stopped = |run| ops::UnfinishedRun {
            run,
            part: 2,
            parts: 5,
            at: jiff::Timestamp::UNIX_EPOCH,
            who: "elrond".to_string(),
            waiting: 2067,
        };
        let mut report = ops::RegenerationReport {
            course: "synthetic".to_string(),
            dry_run: false,
            cancelled: true,
            reissued: Vec::new(),
            not_eligible: Vec::new(),
            up_to_date: Vec::new(),
            without_certificate: Vec::new(),
            unfinished: Some(stopped(ops::PartedRun::Regenerate)),
        };
        assert_eq!(
            on_quit::regenerated(&report),
            "Stopped after part 2 of 5; 2067 certificates are still stale: `certdesk regenerate synthetic --stale` replaces them."
        );
        // Run to its end, it says what it did, without the keys of a screen that is gone.
        report.cancelled = false;
        report.unfinished = None;
        report.not_eligible.push(ops::Refusal {
            username: "pippin".to_string(),
            reason: crate::domain::Ineligible::BelowThreshold,
            change: "85.0% -> 60.0%".to_string(),
            page_problem: None,
        });
        assert_eq!(on_quit::regenerated(&report), "Replaced 0 stale certificates.");
        let deletion = ops::Deletion { revoked: Vec::new(), unfinished: Some(stopped(ops::PartedRun::DeleteAll)) };
        assert_eq!(
            on_quit::deleted("synthetic", &deletion),
            "Stopped after part 2 of 5; 2067 certificates are still active: `certdesk delete synthetic --all` deletes them."
        );
    }
}
