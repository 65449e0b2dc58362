//! The command line: one module per subcommand, each parsing its arguments, calling `ops`
//! and printing a table or JSON.

/// `println!` that returns the error instead of panicking, so that a reader who stops early
/// (`certdesk verify CODE | head -1`) ends the command quietly (see `main`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

/// `eprintln!` that drops a line stderr no longer takes (`certdesk template check F 2>&1 |
/// head -1`) where `eprintln!` would panic, ending the command with status 101.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!` (a question, a progress line) that drops what stderr no longer takes.
macro_rules! note_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod args;
mod certificates;
mod courses;
mod credential;
mod database;
mod examples;
mod exceptions;
mod export;
mod farewell;
mod generate;
mod grade;
mod gradebook;
#[cfg(test)]
mod help_tests;
mod import;
mod interact;
mod links;
mod log;
mod mail;
mod mail_settings;
mod owner;
mod page_files;
mod preview;
mod regenerate;
mod request;
mod revoke;
mod sample;
mod serve;
mod settings;
mod staff;
#[cfg(test)]
mod stopped_tests;
mod table;
mod template;
mod usage_error;
mod usernames;
mod values;
mod verify;
mod verify_file;
mod verify_file_verdict;
mod verify_printed;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use self::args::{Cli, Command, parse};
pub use self::database::open_store;
use self::database::{database_path, default_database, prepare};
use crate::ops;
use crate::store::Store;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let (db, fonts) = (args::given(&cli.db), args::given(&cli.fonts));
    let Some(command) = cli.command else {
        // Open the store first: a locked database is reported as a plain sentence, before
        // the terminal is taken over.
        let store = open_store(db)?;
        // From cron, a CI job or `ssh host certdesk`: crossterm said only `No such device or
        // address (os error 6)`.
        use std::io::IsTerminal as _;
        if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
            anyhow::bail!(
                "the terminal application needs a terminal to run in, and this is none (its input or output is a file or a pipe; over ssh, `ssh -t`); every action is also a command: `certdesk --help` lists them"
            );
        }
        // Work cut short by quitting exits 1, as the same command stopped would.
        let left_undone = crate::tui::run(store, fonts)?;
        return Ok(crate::tui::signal_status().map_or_else(|| finished(left_undone), std::process::ExitCode::from));
    };
    match command {
        Command::Sample { learners, activities, eligible, scripts, out } => {
            sample::run(learners, activities, eligible, scripts, &out)
        }
        Command::Serve(args) => serve::run(&database_path(db)?.0, &args, fonts),
        Command::Verify { code, more, file, .. } if !more.is_empty() || (code.is_some() && file.is_some()) => {
            Err(anyhow::anyhow!(one_at_a_time(code, more, file)))
        }
        Command::Verify { code: Some(code), .. } if looks_like_a_file(&code) => Err(anyhow::anyhow!(
            "{} is a file's name, not a certificate code: `certdesk verify --file {}` checks the credential a certificate's PDF carries",
            crate::domain::shown::visible(&code),
            crate::domain::shown::shell_word(Path::new(&code))
        )),
        // A third party checks a file with the issuer's key alone: no database is made for it.
        Command::Verify { file: Some(file), key, json, .. } => {
            let store = verify_file::verify_store(db, key.as_deref())?;
            verify_file::verify_file(store.as_ref(), &file, key.as_deref(), json)
        }
        // A dry run into a database that does not exist yet is one into an empty database: made
        // aside and removed, since a dry run writes nothing (it left the database made).
        Command::Import(args) if args.dry_run && !database_path(db)?.0.exists() => {
            let scratch = database::Scratch::new()?;
            let store = Store::open(scratch.path())?;
            let ran = import::run(&store, args, jiff::Timestamp::now());
            drop(store);
            ran
        }
        mut command => {
            let store = open_store(db)?;
            usernames::as_stored(&store, &mut command)?;
            let now = jiff::Timestamp::now();
            match command {
                Command::Import(args) => import::run(&store, args, now),
                Command::Courses { json } => courses::run(&store, json),
                Command::Gradebook { course, json } => gradebook::run(&store, &course, json, now),
                Command::Grade { course, username, activity, points, clear: _ } => {
                    let context = ops::Context::new(ops::current_actor(), now);
                    grade::run(&store, &course, &username, &activity, points, &context)
                }
                Command::Staff { add, remove, yes } => staff::staff(&store, add, remove, yes),
                Command::Sample { .. } | Command::Serve(_) => unreachable!("handled above"),
                Command::Issuer(command) => credential::issuer(&store, command),
                Command::Credential { code, json } => credential::credential(&store, &code, json),
                command => {
                    let context = ops::Context::new(ops::current_actor(), now);
                    run_certificate_command(&store, command, &context, fonts)
                }
            }
        }
    }
}

fn run_certificate_command(
    store: &Store,
    command: Command,
    context: &ops::Context,
    fonts: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    match command {
        Command::Generate { course, dry_run, json } => {
            generate::run(store, &course, dry_run, json, context, &ops::Printer::new(store, fonts)?)
        }
        Command::Certificates { course, all, json } => certificates::run(store, &course, all, json, context.now),
        Command::Regenerate { course, username, stale: _, dry_run, json } => {
            let target = username.map_or(ops::Target::Stale, ops::Target::Learner);
            regenerate::run(store, &course, &target, dry_run, json, context, &ops::Printer::new(store, fonts)?)
        }
        Command::Delete { course, username, all: _, yes } => {
            let target = username.map_or(ops::DeleteTarget::All, ops::DeleteTarget::Learner);
            revoke::delete(store, &course, &target, yes, context)
        }
        Command::Revoke { code, reason, yes } => revoke::revoke(store, &code, &reason, yes, context),
        Command::Verify { code, json, .. } => match code {
            Some(code) => verify::run(store, &code, json),
            None => unreachable!("verify --file is handled by run"),
        },
        Command::Allow { course, username, remove } => exceptions::allow(store, &course, &username, remove, context),
        Command::Invalidate { course, username, reason, remove: _, yes } => {
            exceptions::invalidate(store, &course, &username, reason.as_deref(), yes, context)
        }
        Command::Settings { course, self_generation, threshold, issuance, verify_url, template, yes, json } => {
            let change =
                ops::SettingsChange { self_generation, threshold, issuance, verify_base_url: verify_url, template };
            settings::run(store, &course, &change, yes, json, context, fonts)
        }
        Command::Request { course, username, json } => {
            request::run(store, &course, &username, json, context, &ops::Printer::new(store, fonts)?)
        }
        Command::Examples { course, json } => {
            examples::run(store, &ops::Printer::new(store, fonts)?, &course, json, context)
        }
        Command::Log { course, json } => log::run(store, course.as_deref(), json),
        Command::Export(args) => export::run(store, fonts, args, context.now),
        Command::Show { code, files } => export::show(store, fonts, &code, files.targets()?, context.now),
        Command::Preview(args) => preview::run(store, fonts, args, context.now),
        Command::Template(command) => template::run(store, fonts, command, context),
        Command::Image(command) => template::run_image(store, command, context),
        Command::Mail(args) => {
            let printer = ops::Printer::new(store, fonts)?;
            mail::mail(store, args, context, &printer)
        }
        Command::Farewell(args) => farewell::farewell(store, args, context),
        Command::MailSettings(args) => mail_settings::mail_settings(store, args),
        Command::Links(args) => links::links(store, args, context),
        Command::Import { .. } | Command::Courses { .. } | Command::Gradebook { .. } | Command::Grade { .. } => {
            unreachable!("handled by run")
        }
        Command::Sample { .. } | Command::Serve(_) | Command::Staff { .. } => unreachable!("handled by run"),
        Command::Issuer(_) | Command::Credential { .. } => unreachable!("handled by run"),
    }
}

/// Writes `text` as it is to stdout (see `say!`).
fn print_text(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::io::stdout().lock().write_all(text.as_bytes())
}

/// How a long run (generate, regenerate, delete of all) exits: 1 when the user stopped it
/// before its last part (its last line says what is left), so a script does not go on as if
/// every certificate were done.
fn finished(stopped: bool) -> std::process::ExitCode {
    if stopped { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}

/// How generate and regenerate end: `report` as JSON or as text, then the exit status of a run
/// that was `stopped` before its last part (see `finished`).
fn end_parted_run<R: serde::Serialize>(
    report: &R,
    json: bool,
    stopped: bool,
    print_text: impl FnOnce(&R, &mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> anyhow::Result<ExitCode> {
    if json {
        print_json(report)?;
    } else {
        print_text(report, &mut std::io::stdout().lock())?;
    }
    Ok(finished(stopped))
}

/// Writes JSON to stdout followed by a newline.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Whether what `verify` was given as a code names a PDF or a file that exists: no code does
/// (a code holds no `.`, and is no file's name here).
fn looks_like_a_file(text: &str) -> bool {
    text.to_ascii_lowercase().ends_with(".pdf") || Path::new(text).is_file()
}

/// What `verify` says when given more than one thing to check: it checks one code or one file a
/// run, and a shell's `*.pdf` is the usual way to give it several.
fn one_at_a_time(code: Option<String>, more: Vec<String>, file: Option<PathBuf>) -> String {
    if let (Some(code), true, Some(_)) = (&code, more.is_empty(), &file)
        && !looks_like_a_file(code)
    {
        return format!(
            "give verify a code ({code}) or --file, not both: a code is looked up in the database, a file's credential is checked"
        );
    }
    let extra: Vec<String> = code.into_iter().chain(more).collect();
    // A folder of thousands of files is named by its first few.
    let named = crate::domain::first_of(&extra, 3);
    match file {
        Some(file) => format!(
            "verify --file checks one PDF a run, and was given {} more ({named}) after {}: check each in turn, \
             for f in {}; do certdesk verify --file \"$f\"; done",
            extra.len(),
            file.display(),
            pattern_beside(&file)
        ),
        None => format!(
            "verify checks one code a run, and was given {}: check each in turn, or give a certificate's PDF with --file",
            extra.len()
        ),
    }
}

/// The shell pattern of the PDFs in `file`'s folder, as the loop that checks each names them:
/// `split/*.pdf`, or `*.pdf` in the working folder; a folder with a space or a quote in it is
/// quoted.
fn pattern_beside(file: &Path) -> String {
    let Some(folder) = file.parent().filter(|folder| !folder.as_os_str().is_empty()) else {
        return "*.pdf".to_string();
    };
    let folder = folder.display().to_string();
    let plain = folder.chars().all(|c| c.is_alphanumeric() || "/._-+,@%".contains(c));
    if plain { format!("{folder}/*.pdf") } else { format!("'{}'/*.pdf", folder.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::pattern_beside;
    use std::path::Path;

    #[test]
    fn the_loop_names_the_folder_the_files_are_in() {
        assert_eq!(pattern_beside(Path::new("a.pdf")), "*.pdf");
        assert_eq!(pattern_beside(Path::new("split/a.pdf")), "split/*.pdf");
        assert_eq!(pattern_beside(Path::new("/srv/course 1/a.pdf")), "'/srv/course 1'/*.pdf");
        assert_eq!(pattern_beside(Path::new("Bilbo's/a.pdf")), r"'Bilbo'\''s'/*.pdf");
    }
}
