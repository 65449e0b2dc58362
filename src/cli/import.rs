//! `certdesk import DIR|FILE`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::import::platform::{FileImport, Format, import_path};
use crate::import::{ImportError, ImportReport, Keep, conflict_lines, report_lines};
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
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "keep", "new_learners", "remove_activities"])]
    pub draft: Option<PathBuf>,
    /// Which side wins when a score entered in certdesk since the last import differs from the file
    #[arg(long, value_name = "certdesk|file")]
    pub keep: Option<Keep>,
    /// The learners new to the course are new, though most of the course's are missing from the file
    #[arg(long)]
    pub new_learners: bool,
    /// The activities the file no longer has are gone, with their scores, though they are most of the course's graded ones
    #[arg(long)]
    pub remove_activities: bool,
    /// Check everything and report what the import would change, writing nothing
    #[arg(long, conflicts_with = "draft")]
    pub dry_run: bool,
    /// Print JSON instead of text (shapes in the README's "JSON output")
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
            new_learners: self.new_learners,
            remove_activities: self.remove_activities,
            dry_run: self.dry_run,
        }
    }
}

pub fn run(store: &Store, args: ImportArgs, now: jiff::Timestamp) -> anyhow::Result<ExitCode> {
    if let Some(reason) = crate::access::why_cannot_read(&args.path) {
        anyhow::bail!("cannot read {}: {reason}", args.path.display());
    }
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
            ("--new-learners", args.new_learners),
            ("--draft", args.draft.is_some()),
        ];
        if let Some((flag, _)) = extra.iter().find(|(_, given)| *given) {
            anyhow::bail!("{flag} is for a platform's export file; {} is a course folder", args.path.display());
        }
    } else if let Some(draft) = &args.draft {
        return write_draft(&args, draft);
    }
    finish(import_path(store, &args.file_import(), (&crate::ops::current_actor(), now)), args.json)
}

/// Writes the draft course.toml, refusing to replace a file that is there.
fn write_draft(args: &ImportArgs, draft: &Path) -> anyhow::Result<ExitCode> {
    if draft.is_dir() {
        anyhow::bail!("{} is a directory: name the file to write the draft in (nothing was written)", draft.display());
    }
    let written = match crate::import::platform::write_draft(&args.file_import(), draft, &crate::import::CliWording) {
        // Said once, and where the directory is missing or closed to this user, as exports say it.
        Err(ImportError::Write { path, source }) => {
            let reason = crate::ops::why_path_refused(&path).unwrap_or_else(|| source.to_string());
            anyhow::bail!("cannot write {}: {reason}", path.display());
        }
        written => written?,
    };
    // The command to import with it keeps what was given with the draft: without the roster
    // (or the grading policy) it would be refused for what they supplied. What the draft's
    // comments say to give besides (an Open edX report's roster) is named as they name it.
    let mut then = format!("certdesk import {} --course {}", args.path.display(), draft.display());
    if let Some(format) = args.format {
        then.push_str(&format!(" --format {format}"));
    }
    for (supplement, file) in &written.supplements {
        then.push_str(&format!(" {} {file}", supplement.flag()));
    }
    let fill_in = written.fill_in;
    say!("Wrote {} ({fill_in} value{} to fill in); then: {then}", draft.display(), if fill_in == 1 { "" } else { "s" });
    Ok(ExitCode::SUCCESS)
}

fn finish(outcome: Result<ImportReport, ImportError>, json: bool) -> anyhow::Result<ExitCode> {
    match outcome {
        Ok(report) => {
            if json {
                super::print_json(&report)?;
            } else {
                say!("{}", report_lines(&report, &crate::import::CliWording).join("\n"));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            let Some(report) = error.unsettled_report() else { return Err(error.into()) };
            if json {
                super::print_json(report)?;
            }
            note!("certdesk: {error}");
            note!("{}", conflict_lines(&report.conflicts).join("\n"));
            Ok(ExitCode::FAILURE)
        }
    }
}
