//! `certdesk template (list | show | check | save | assign | delete)` and `certdesk image (add | list)`

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;

use super::interact::{asks_at_terminal, confirm_at_terminal};
use super::table::{Align, Table, terminal_width};
use crate::domain::{Mode, StoredImage, counted};
use crate::ops::{self, Context, Printer};
use crate::render::layout::Severity;
use crate::store::Store;

/// The most problems `template check` lists; it counts the rest.
const SHOWN_PROBLEMS: usize = 50;

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// The templates with their newest revision and where each is used
    List {
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Print a template's text (the newest revision unless --revision)
    Show {
        /// The template's name (`certdesk template list`)
        name: String,
        /// This revision instead of the newest
        #[arg(long)]
        revision: Option<u32>,
    },
    /// Check a template file on worst-case data; exit 1 on errors
    Check {
        /// The template file
        file: std::path::PathBuf,
        /// Also try the names of this course's roster
        #[arg(long)]
        course: Option<String>,
    },
    /// Save a template file as the next revision of NAME (refused while it has errors)
    Save {
        /// The template's name: a new one, or one to revise
        #[arg(value_parser = super::values::template_name)]
        name: String,
        /// The template file
        file: std::path::PathBuf,
    },
    /// Print MODE's certificates of COURSE with template NAME from now on
    Assign {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// honor or verified
        #[arg(value_parser = super::values::mode)]
        mode: Mode,
        /// A saved template's name
        name: String,
    },
    /// Delete template NAME and all its revisions (refused while a course prints with it or a
    /// certificate was printed with it)
    Delete {
        /// The template's name (`certdesk template list`)
        name: String,
        /// Do not ask for confirmation on a terminal
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Store a PNG or JPEG under NAME for templates to draw (an `image "NAME"` block)
    Add {
        /// The name templates draw it by
        #[arg(value_parser = super::values::image_name)]
        name: String,
        /// The PNG or JPEG file
        file: std::path::PathBuf,
    },
    /// The stored images
    List,
}

fn read_source(file: &Path) -> anyhow::Result<String> {
    crate::access::read_text(file)
        .map_err(|reason| anyhow::anyhow!("cannot read the template file {}: {reason}", file.display()))
}

pub fn run(
    store: &Store,
    fonts: Option<&Path>,
    command: TemplateCommand,
    context: &Context,
) -> anyhow::Result<ExitCode> {
    match command {
        TemplateCommand::List { json } => list(store, json),
        TemplateCommand::Show { name, revision } => {
            let found = match revision {
                Some(revision) => store.template_revision(&name, revision)?,
                None => store.latest_template(&name)?,
            };
            let found = found.with_context(|| match revision {
                Some(revision) => format!("template {name} has no revision {revision} (see `certdesk template list`)"),
                None => format!("there is no template '{name}' (see `certdesk template list`)"),
            })?;
            super::print_text(&found.source)?;
            Ok(ExitCode::SUCCESS)
        }
        TemplateCommand::Check { file, course } => {
            let source = read_source(&file)?;
            let printer = Printer::new(store, fonts)?;
            let diagnostics = ops::check_template(store, &printer, &source, course.as_deref())?;
            // A file of garbage (a CSV given by mistake) has a problem a line: the first
            // screenful says what is wrong.
            for diagnostic in diagnostics.iter().take(SHOWN_PROBLEMS) {
                say!("{}", diagnostic.at(file.display()));
            }
            if let Some(first_left) = diagnostics.get(SHOWN_PROBLEMS) {
                let more = diagnostics.len() - SHOWN_PROBLEMS;
                say!(
                    "{}:{}:{}: and {} from here on, not shown; fix those above first",
                    file.display(),
                    first_left.line,
                    first_left.col,
                    counted(more, "more problem", "more problems")
                );
            }
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            if errors == 0 {
                note!("{}: no errors ({})", file.display(), counted(diagnostics.len(), "warning", "warnings"));
                Ok(ExitCode::SUCCESS)
            } else {
                note!("{}: {}", file.display(), counted(errors, "error", "errors"));
                Ok(ExitCode::FAILURE)
            }
        }
        TemplateCommand::Save { name, file } => {
            let source = read_source(&file)?;
            let printer = Printer::new(store, fonts)?;
            let unchanged = store.latest_template(&name)?.is_some_and(|latest| latest.source == source);
            let (revision, warnings) = ops::save_template(store, &printer, &name, &source, context)?;
            for warning in &warnings {
                say!("{}", warning.at(file.display()));
            }
            if unchanged {
                say!("Nothing saved: {name} revision {revision} has this text already.");
                return Ok(ExitCode::SUCCESS);
            }
            say!("Saved {name} revision {revision}. Certificates issued earlier keep their revision.");
            for course in ops::self_service_courses_printing(store, &name)? {
                say!(
                    "{course} issues certificates on request: requests wait for its examples, made with this revision (`certdesk examples {course}`)."
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        TemplateCommand::Assign { course, mode, name } => {
            let printer = Printer::new(store, fonts)?;
            let changed = ops::assign_template(store, &printer, &course, mode, &name, context)?;
            if changed.is_empty() {
                say!("{course}: {mode} certificates already print with {name}.");
            }
            for line in changed {
                say!("{course}: {line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        TemplateCommand::Delete { name, yes } => delete(store, &name, yes, context),
    }
}

fn delete(store: &Store, name: &str, yes: bool, context: &Context) -> anyhow::Result<ExitCode> {
    // Drafts of it (yours, other staff's) outlive it; said before and after, so nobody
    // thinks they went too.
    let drafts = ops::drafts_kept_at_deletion(store, name, &context.who)?.lines();
    // The store looks for the template's uses as it deletes, and refuses in the same words:
    // with no question to ask, looking first (every certificate read) would only do it twice.
    if !asks_at_terminal(yes) {
        return deleted(name, ops::delete_template(store, name, context)?, &drafts);
    }
    let revisions = ops::template_deletion(store, name, crate::domain::AssignBy::Command)?;
    let mut question = format!(
        "Delete template {name} and {}? No course prints with it and no certificate was printed with it; this cannot be undone.",
        its_revisions(revisions as usize)
    );
    if !drafts.is_empty() {
        question = format!("{}\n{question}", drafts.join("\n"));
    }
    if !confirm_at_terminal(&question, yes)? {
        say!("Nothing deleted.");
        return Ok(ExitCode::FAILURE);
    }
    deleted(name, ops::delete_template(store, name, context)?, &drafts)
}

fn deleted(name: &str, revisions: usize, drafts: &[String]) -> anyhow::Result<ExitCode> {
    say!("Deleted template {name} and {}.", its_revisions(revisions));
    for draft in drafts {
        say!("{draft}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `its revision` or `its 3 revisions`.
fn its_revisions(count: usize) -> String {
    match count {
        1 => "its revision".to_string(),
        count => format!("its {count} revisions"),
    }
}

fn list(store: &Store, json: bool) -> anyhow::Result<ExitCode> {
    let templates = ops::list_templates(store)?;
    if json {
        super::print_json(&templates)?;
        return Ok(ExitCode::SUCCESS);
    }
    // The name is what `template show`, `assign` and `delete` take: never cut. Where the
    // template is used, the longest cell, gives way at the edge of a terminal.
    let mut table = Table::new([
        ("name", Align::Left),
        ("revision", Align::Right),
        ("saved (UTC)", Align::Left),
        ("by", Align::Left),
        ("used by", Align::Left),
    ])
    .whole(0)
    .whole_last(terminal_width())
    .for_stdout();
    for template in templates {
        table.push(vec![
            template.name,
            template.latest.to_string(),
            crate::domain::minute(template.saved_at),
            template.saved_by,
            template.used_by.join(", "),
        ]);
    }
    table.write(&mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_image(store: &Store, command: ImageCommand, context: &Context) -> anyhow::Result<ExitCode> {
    match command {
        ImageCommand::Add { name, file } => {
            let bytes = crate::access::read_file(&file)
                .map_err(|reason| anyhow::anyhow!("cannot read {}: {reason}", file.display()))?;
            let image = crate::render::Image::decode_to_store(&bytes)
                .with_context(|| format!("{} is not an image certdesk can print", file.display()))?;
            store.add_image(&StoredImage {
                name: name.clone(),
                bytes,
                added_at: context.now,
                added_by: context.who.clone(),
            })?;
            say!(
                "Stored image {name} ({}x{} pixels); templates draw it with `image \"{name}\"`.",
                image.width(),
                image.height()
            );
        }
        ImageCommand::List => {
            let mut table = Table::new([
                ("name", Align::Left),
                ("bytes", Align::Right),
                ("added (UTC)", Align::Left),
                ("by", Align::Left),
            ])
            .for_stdout();
            for image in store.images()? {
                table.push(vec![
                    image.name,
                    image.bytes.len().to_string(),
                    crate::domain::minute(image.added_at),
                    image.added_by,
                ]);
            }
            table.write(&mut std::io::stdout().lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
