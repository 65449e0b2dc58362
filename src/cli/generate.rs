//! `certdesk generate COURSE [--dry-run] [--json]`

use std::process::ExitCode;

use super::interact::StderrProgress;
use crate::ops::{self, Context, GenerationReport, Printer};
use crate::store::Store;

/// Lines of issued learners shown before "... and N more".
const SHOWN: usize = 20;

pub fn run(
    store: &Store,
    course: &str,
    dry_run: bool,
    json: bool,
    context: &Context,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let mut progress = StderrProgress::new("generate");
    let report = ops::generate(store, course, context, printer, dry_run, &mut progress)?;
    drop(progress);
    let placeholder = if report.issued.is_empty() {
        None
    } else {
        ops::placeholder_url_advice(&store.settings(course)?, &ops::verify_url_command(course))
    };
    let code = super::end_parted_run(&report, json, report.unfinished.is_some() && !report.dry_run, print_report)?;
    if let Some(advice) = placeholder {
        let verb = if report.dry_run { "would name" } else { "name" };
        eprintln!("Note: these certificates {verb} {advice}.");
    }
    Ok(code)
}

pub(super) fn print_report(report: &GenerationReport, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let verb = if report.dry_run { "would issue" } else { "issued" };
    if report.dry_run {
        writeln!(out, "Dry run: nothing was written.")?;
    }
    writeln!(
        out,
        "{}: {verb} {}; {} already certified; {} not eligible.",
        report.course,
        crate::domain::counted(report.issued.len(), "certificate", "certificates"),
        report.already_certified,
        report.not_eligible_count()
    )?;
    for issued in report.issued.iter().take(SHOWN) {
        let code = issued.code.map_or_else(String::new, |code| code.to_string());
        let provisional = if issued.provisional { "provisional" } else { "" };
        let username = crate::cells::pad(&issued.username, 16);
        let line = format!("  {username} {:>6}  {:<11}  {code}", issued.percent.to_string(), provisional);
        writeln!(out, "{}", line.trim_end())?;
    }
    if report.issued.len() > SHOWN {
        writeln!(out, "  ... and {} more (--json lists all)", report.issued.len() - SHOWN)?;
    }
    print_not_eligible(&report.not_eligible, out)?;
    print_page_problems(&report.unprintable_pages, out)?;
    if let Some(unfinished) = &report.unfinished {
        writeln!(out, "{}", unfinished.describe_after_report(&report.course, report.dry_run))?;
    }
    Ok(())
}

pub fn print_not_eligible(
    not_eligible: &std::collections::BTreeMap<crate::domain::Ineligible, Vec<String>>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for (reason, usernames) in not_eligible {
        let names = crate::domain::first_of(usernames, 8);
        writeln!(out, "  not eligible, {reason}: {} ({names})", usernames.len())?;
    }
    // Said once, after every character: what staff do is the same for all of them.
    let unprintable = not_eligible
        .iter()
        .filter(|(reason, _)| matches!(reason, crate::domain::Ineligible::Unprintable(_)))
        .map(|(_, usernames)| usernames.len())
        .sum::<usize>();
    if unprintable > 0 {
        let whom = if unprintable == 1 { "that learner" } else { "those learners" };
        writeln!(
            out,
            "  A name no font has gets no certificate: {}, then generate again issues {whom} theirs.",
            crate::ops::FONT_ADVICE
        )?;
    }
    Ok(())
}

/// Why pages cannot be printed: each different problem once, with the first learner it stops.
pub fn print_page_problems(problems: &[ops::PageProblem], out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut said: Vec<&str> = Vec::new();
    for page in problems {
        if said.len() == SHOWN_PROBLEMS {
            writeln!(out, "    ... (--json lists every learner's)")?;
            break;
        }
        if !said.contains(&page.problem.as_str()) {
            said.push(&page.problem);
            writeln!(out, "    {}: {}", page.username, page.problem)?;
        }
    }
    if !problems.is_empty() {
        writeln!(out, "  Fix the template (`certdesk template check FILE --course COURSE`) and generate again.")?;
    }
    Ok(())
}

/// Different reasons a page cannot be printed shown before "...".
const SHOWN_PROBLEMS: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use crate::ops::Issued;

    #[test]
    fn a_dry_run_lists_learners_without_trailing_spaces() {
        let issued = Issued { username: "ana".into(), code: None, percent: "80".parse().unwrap(), provisional: false };
        let report = GenerationReport {
            course: "c".into(),
            dry_run: true,
            cancelled: false,
            issued: vec![issued],
            already_certified: 0,
            not_eligible: BTreeMap::new(),
            unprintable_pages: Vec::new(),
            unfinished: None,
        };
        let mut out = Vec::new();
        print_report(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("  ana"), "{text}");
        assert!(text.lines().all(|line| line == line.trim_end()), "{text:?}");
        assert!(!text.contains("--fonts"), "no name lacks a font: {text}");
    }

    /// The learners whose name no font has are told apart by character, and staff are told
    /// once what issues them their certificates.
    #[test]
    fn names_no_font_has_are_followed_by_what_to_do() {
        use crate::domain::Ineligible;
        let mut not_eligible = BTreeMap::new();
        not_eligible.insert(Ineligible::BelowThreshold, vec!["bob".to_string()]);
        not_eligible.insert(Ineligible::Unprintable('ක'), vec!["kamal".to_string()]);
        not_eligible.insert(Ineligible::Unprintable('శ'), vec!["ravi".to_string()]);
        let mut out = Vec::new();
        print_not_eligible(&not_eligible, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "  not eligible, below threshold: 1 (bob)",
                "  not eligible, name cannot be printed: no font has 'శ' (U+0C36): 1 (ravi)",
                "  not eligible, name cannot be printed: no font has 'ක' (U+0D9A): 1 (kamal)",
                "  A name no font has gets no certificate: give certdesk a font that has it with --fonts DIR, then generate again issues those learners theirs.",
            ]
        );
    }
}
