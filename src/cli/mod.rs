//! The command line: one module per subcommand, each parsing its arguments, calling `ops`
//! and printing a table or JSON.

mod courses;
mod grade;
mod gradebook;
mod import;
mod sample;
mod table;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::store::Store;

#[derive(Debug, Parser)]
#[command(name = "certdesk", version, about = "Run the end of a course: gradebook, certificates and their templates.")]
pub struct Cli {
    /// Database directory [default: $XDG_DATA_HOME/certdesk]
    #[arg(long, global = true, env = "CERTDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import or re-import a course folder (course.toml, roster.csv, grades.csv)
    Import {
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List the courses in the database
    Courses {
        #[arg(long)]
        json: bool,
    },
    /// Every learner of a course with their scores and grade
    Gradebook {
        course: String,
        #[arg(long)]
        json: bool,
    },
    /// Set or clear one score
    Grade {
        course: String,
        username: String,
        activity: String,
        /// Points, with a decimal point (8.5)
        #[arg(required_unless_present = "clear", allow_negative_numbers = true)]
        points: Option<String>,
        /// Mark the activity as not graded
        #[arg(long, conflicts_with = "points")]
        clear: bool,
    },
    /// Write a synthetic course folder for benchmarks and trials
    Sample {
        #[arg(long)]
        learners: usize,
        #[arg(long)]
        activities: usize,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        use clap::CommandFactory;
        Cli::command().print_help()?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Sample { learners, activities, out } => sample::run(learners, activities, &out),
        command => {
            let store = open_store(cli.db.as_deref())?;
            let now = jiff::Timestamp::now();
            match command {
                Command::Import { dir, json } => import::run(&store, &dir, json),
                Command::Courses { json } => courses::run(&store, json),
                Command::Gradebook { course, json } => gradebook::run(&store, &course, json, now),
                Command::Grade { course, username, activity, points, clear: _ } => {
                    grade::run(&store, &course, &username, &activity, points.as_deref(), now)
                }
                Command::Sample { .. } => unreachable!("handled above"),
            }
        }
    }
}

/// The database from `--db` or `CERTDESK_DB`, else the default one, which gets the sample
/// course the first time it is opened empty.
pub fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let (path, is_default) = match db {
        Some(path) => (path.to_path_buf(), false),
        None => (default_database()?, true),
    };
    let store = Store::open(&path)?;
    if is_default && store.is_empty()? {
        let folder = crate::import::validate(crate::sample::middle_earth(), Vec::new())
            .context("the built-in sample course is invalid")?;
        let report = crate::import::import_validated(&store, folder)?;
        eprintln!("certdesk: new database {}; loaded the sample course {}", path.display(), report.course);
    }
    Ok(store)
}

fn default_database() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "certdesk")
        .context("cannot find a home directory for the database; name one with --db PATH or CERTDESK_DB")?;
    Ok(dirs.data_dir().to_path_buf())
}

/// Writes JSON to stdout followed by a newline.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
