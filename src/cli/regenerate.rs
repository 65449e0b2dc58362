//! `certdesk regenerate COURSE (--stale | USERNAME) [--dry-run] [--json]`

use std::process::ExitCode;

use super::interact::StderrProgress;
use crate::cells::pad;
use crate::domain::Ineligible;
use crate::ops::{self, Context, Printer, RegenerationReport, Target};
use crate::store::Store;

pub fn run(
    store: &Store,
    course: &str,
    target: &Target,
    dry_run: bool,
    json: bool,
    context: &Context,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let mut progress = StderrProgress::new("regenerate");
    let report = ops::regenerate(store, course, target, context, printer, dry_run, &mut progress)?;
    drop(progress);
    super::end_parted_run(&report, json, report.unfinished.is_some() && !report.dry_run, print_report)
}

pub(super) fn print_report(report: &RegenerationReport, out: &mut impl std::io::Write) -> std::io::Result<()> {
    if report.dry_run {
        writeln!(out, "Dry run: nothing was written.")?;
    }
    let verb = if report.dry_run { "would replace" } else { "replaced" };
    writeln!(
        out,
        "{}: {verb} {}.",
        report.course,
        crate::domain::counted(report.reissued.len(), "stale certificate", "stale certificates")
    )?;
    for reissue in &report.reissued {
        let new_code = reissue.new_code.map_or_else(|| "(new code)".to_string(), |code| code.to_string());
        let username = pad(&reissue.username, 16);
        writeln!(out, "  {username} {}  {} -> {new_code}", reissue.change, reissue.old_code)?;
    }
    for refusal in &report.not_eligible {
        if let Some(problem) = &refusal.page_problem {
            // Most often the old certificate fails as the new one would: say it once.
            let why = if refusal.change.contains(problem.as_str()) { "(the same problem)" } else { problem };
            writeln!(
                out,
                "  {} stale ({}) but a new certificate cannot be printed either: {why}; left as is (fix the template)",
                pad(&refusal.username, 16),
                refusal.change
            )?;
            continue;
        }
        // A name no font given now draws was printed when it was issued (with --fonts, most
        // often): the explanation says to give the font; revoking it would take back a
        // certificate nothing is wrong with, and the allowlist draws no letters.
        let what_to_do = match refusal.reason {
            Ineligible::Unprintable(_) | Ineligible::UnprintablePage => "",
            Ineligible::BelowThreshold | Ineligible::Provisional => " (revoke it, or allow the learner)",
            Ineligible::Withdrawn | Ineligible::Audit | Ineligible::Invalidated => " (revoke it)",
        };
        writeln!(
            out,
            "  {} stale ({}) but not eligible: {}; left as is{what_to_do}",
            pad(&refusal.username, 16),
            refusal.change,
            refusal.reason.explain()
        )?;
    }
    for username in &report.up_to_date {
        writeln!(out, "  {} certificate is up to date; nothing to do", pad(username, 16))?;
    }
    for username in &report.without_certificate {
        writeln!(out, "  {} has no active certificate; use generate", pad(username, 16))?;
    }
    match &report.unfinished {
        Some(unfinished) => writeln!(out, "{}", unfinished.describe_after_report(&report.course, report.dry_run))?,
        // One learner's certificate is one part: stopped, it was not replaced.
        None if report.cancelled => writeln!(out, "Stopped before the certificate was replaced; nothing changed.")?,
        None => {}
    }
    Ok(())
}
