//! `certdesk import DIR|FILE`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::import::platform::{FileImport, Format, draft_for, import_file};
use crate::import::{Conflict, ImportError, ImportReport, Keep, import_folder};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A course folder, or a platform's export (Open edX, Moodle, Canvas, Chamilo)
    pub path: PathBuf,
    /// The export's format, when its header does not say
    #[arg(long, value_name = "openedx|moodle|canvas|chamilo")]
    pub format: Option<Format>,
    /// A course.toml with what the export lacks (it may leave out activities and categories)
    #[arg(long, value_name = "FILE")]
    pub course: Option<PathBuf>,
    /// Open edX: the course's grading_policy.json (categories, weights, drops, cutoffs)
    #[arg(long, value_name = "FILE")]
    pub grading_policy: Option<PathBuf>,
    /// Names and modes the export does not carry (a learner profile CSV or a roster.csv)
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Write a course.toml with everything the export tells, to fill in; imports nothing
    #[arg(long, value_name = "FILE")]
    pub draft: Option<PathBuf>,
    /// Which side wins when a score entered in certdesk since the last import differs from the file
    #[arg(long, value_name = "certdesk|file")]
    pub keep: Option<Keep>,
    #[arg(long)]
    pub json: bool,
}

impl ImportArgs {
    fn file_import(&self) -> FileImport {
        FileImport {
            path: self.path.clone(),
            format: self.format,
            course: self.course.clone(),
            grading_policy: self.grading_policy.clone(),
            roster: self.roster.clone(),
            keep: self.keep,
        }
    }
}

pub fn run(store: &Store, args: ImportArgs, now: jiff::Timestamp) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!(
            "{} does not exist: give a course folder (course.toml, roster.csv, grades.csv) or a platform's export file",
            args.path.display()
        );
    }
    if args.path.is_dir() {
        let extra = [
            ("--format", args.format.is_some()),
            ("--course", args.course.is_some()),
            ("--grading-policy", args.grading_policy.is_some()),
            ("--roster", args.roster.is_some()),
            ("--draft", args.draft.is_some()),
        ];
        if let Some((flag, _)) = extra.iter().find(|(_, given)| *given) {
            anyhow::bail!("{flag} is for a platform's export file; {} is a course folder", args.path.display());
        }
        return finish(import_folder(store, &args.path, args.keep), args.json);
    }
    if let Some(draft) = &args.draft {
        return write_draft(&args, draft);
    }
    finish(import_file(store, &args.file_import(), now), args.json)
}

/// Writes the draft course.toml, refusing to replace a file that is there.
fn write_draft(args: &ImportArgs, draft: &Path) -> anyhow::Result<ExitCode> {
    let text = draft_for(&args.file_import())?;
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(draft) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!("{} already exists; name another file for the draft", draft.display())
        }
        Err(error) => return Err(anyhow::anyhow!("cannot write {}: {error}", draft.display())),
    };
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    let fill_in = text.lines().filter(|line| line.contains("\"FILL IN\"") && !line.starts_with('#')).count();
    println!(
        "Wrote {} ({fill_in} value{} to fill in); then: certdesk import {} --course {}",
        draft.display(),
        if fill_in == 1 { "" } else { "s" },
        args.path.display(),
        draft.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn finish(outcome: Result<ImportReport, ImportError>, json: bool) -> anyhow::Result<ExitCode> {
    match outcome {
        Ok(report) => {
            if json {
                super::print_json(&report)?;
            } else {
                println!("{}", describe(&report));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Conflicts(report)) => {
            if json {
                super::print_json(&report)?;
            }
            eprintln!("certdesk: {}", ImportError::Conflicts(report.clone()));
            eprintln!("{}", conflict_lines(&report.conflicts).join("\n"));
            Ok(ExitCode::FAILURE)
        }
        Err(error) => Err(error.into()),
    }
}

/// One line per conflict: `  bilbo essay: imported -, certdesk 8, file -`.
pub fn conflict_lines(conflicts: &[Conflict]) -> Vec<String> {
    let shown = |points: Option<crate::domain::Points>| points.map_or_else(|| "-".to_string(), |p| p.to_string());
    conflicts
        .iter()
        .map(|c| {
            format!(
                "  {} {}: imported {}, certdesk {}, file {}",
                c.username,
                c.activity,
                shown(c.imported),
                shown(c.certdesk),
                shown(c.file)
            )
        })
        .collect()
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
    if let Some(format) = report.format.as_deref().and_then(|format| format.parse::<Format>().ok()) {
        let rule = if report.grading == "openedx" { "Open edX's rule" } else { "certdesk's own rule" };
        lines.insert(0, format!("Read the {}; the course grades by {rule}.", format.label()));
    }
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
    if let Some(keep) = report.kept.filter(|_| !report.conflicts.is_empty()) {
        let side = match keep {
            Keep::Certdesk => "kept the certdesk score",
            Keep::File => "took the file's score",
        };
        lines.push(format!("{}: {side}.", plural(report.conflicts.len(), "conflict")));
        lines.extend(conflict_lines(&report.conflicts));
    }
    lines.extend(agreement_lines(report));
    lines.extend(report.notes.iter().map(|note| format!("Note: {note}")));
    lines.join("\n")
}

/// How many learners certdesk grades as the platform does, and who differs.
fn agreement_lines(report: &ImportReport) -> Vec<String> {
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
