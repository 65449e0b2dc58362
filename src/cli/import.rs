//! `certdesk import DIR`

use std::path::Path;
use std::process::ExitCode;

use crate::import::{ImportReport, import_folder};
use crate::store::Store;

pub fn run(store: &Store, dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let report = import_folder(store, dir)?;
    if json {
        super::print_json(&report)?;
    } else {
        println!("{}", describe(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(report: &ImportReport) -> String {
    let plural = |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    let mut lines = vec![format!(
        "{} {}: {} added, {} updated, {} unchanged{}.",
        if report.created { "Imported the new course" } else { "Updated" },
        report.course,
        plural(report.learners_added, "learner"),
        report.learners_updated,
        report.learners_unchanged,
        match report.learners_not_on_roster {
            0 => String::new(),
            kept => format!(", {} not on the roster (kept as they were)", plural(kept, "learner")),
        },
    )];
    lines.push(format!(
        "Scores: {} added, {} changed, {} cleared.",
        report.scores_added, report.scores_changed, report.scores_cleared
    ));
    if !report.activities_added.is_empty() {
        lines.push(format!("Activities added: {}.", report.activities_added.join(", ")));
    }
    if !report.activities_removed.is_empty() {
        lines.push(format!(
            "Activities removed: {} ({} discarded).",
            report.activities_removed.join(", "),
            plural(report.scores_discarded, "score")
        ));
    }
    lines.join("\n")
}
