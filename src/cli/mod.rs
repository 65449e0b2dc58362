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

mod certificates;
mod courses;
mod credential;
mod database;
mod examples;
mod exceptions;
mod export;
mod farewell;
mod file_kind;
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
mod preview;
mod regenerate;
mod request;
mod revoke;
mod sample;
mod serve;
mod settings;
mod table;
mod template;
mod verify;
mod verify_file;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use self::database::open_store;
use self::database::{database_path, default_database, prepare};
use crate::domain::Percent;
use crate::ops;
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(name = "certdesk", version, about = "Run the end of a course: gradebook, certificates and their templates.")]
pub struct Cli {
    /// Database directory [default: $XDG_DATA_HOME/certdesk]
    #[arg(long, global = true, env = "CERTDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Extra fonts to print with: every .ttf, .otf, .ttc and .otc file of this directory (names in
    /// scripts the embedded fonts lack)
    #[arg(long, global = true, env = "CERTDESK_FONTS", value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import or re-import a course folder, or a learning platform's grade export
    Import(import::ImportArgs),
    /// List the courses in the database
    Courses {
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Every learner of a course with their scores and grade
    Gradebook {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Set or clear one score
    Grade {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// The learner's username
        username: String,
        /// The activity's id (the gradebook's column)
        activity: String,
        /// Points, with a decimal point (8.5)
        #[arg(required_unless_present = "clear", allow_negative_numbers = true)]
        points: Option<String>,
        /// Mark the activity as not graded
        #[arg(long, conflicts_with = "points")]
        clear: bool,
    },
    /// Issue certificates to every eligible learner who has none
    Generate {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// Report what would be issued, writing nothing
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// List a course's active certificates (with --all, the whole history)
    Certificates {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// The whole history: superseded, revoked and deleted certificates too
        #[arg(long)]
        all: bool,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Replace stale certificates with ones that say what is true now
    Regenerate {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// The learner whose certificate to replace
        #[arg(required_unless_present = "stale", conflicts_with = "stale")]
        username: Option<String>,
        /// Every stale certificate of the course
        #[arg(long)]
        stale: bool,
        /// Report what would be replaced, writing nothing
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Remove active certificates from the course's list (kept in the history as revoked)
    Delete {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// The learner whose active certificate to take off the list
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        username: Option<String>,
        /// Every active certificate of the course
        #[arg(long)]
        all: bool,
        /// Do not ask for confirmation (asked on a terminal; --all asks scripts too)
        #[arg(long)]
        yes: bool,
    },
    /// Revoke one certificate by its code
    Revoke {
        /// The certificate's verification code (case, dashes and spaces do not matter)
        code: String,
        /// Why, as the verification page and the log will say it
        #[arg(long)]
        reason: String,
        /// Do not ask for confirmation on a terminal
        #[arg(long)]
        yes: bool,
    },
    /// Check a verification code (case, dashes and spaces do not matter)
    Verify {
        /// The verification code printed on the certificate (case, dashes and spaces do not matter)
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        code: Option<String>,
        /// A certificate's PDF: check the credential it carries.
        #[arg(long, value_name = "FILE.pdf")]
        file: Option<PathBuf>,
        /// The issuer's public key (a JWK or JWK set file) to check the signature against.
        #[arg(long, value_name = "FILE.jwk", requires = "file")]
        key: Option<PathBuf>,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// The institution's signing keys: make one, show it (fingerprint or public JWK), rotate
    #[command(subcommand)]
    Issuer(credential::IssuerCommand),
    /// A certificate's Open Badges 3.0 credential: the signed JWT, or its JSON.
    Credential {
        /// The certificate's verification code (case, dashes and spaces do not matter)
        code: String,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Allow a learner a certificate whatever their grade
    Allow {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// The learner's username
        username: String,
        /// Take the learner off the allowlist
        #[arg(long)]
        remove: bool,
    },
    /// Bar a learner from certification, revoking their certificate
    Invalidate {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// The learner's username
        username: String,
        /// Why, as the log will say it (their revoked certificate gives it too)
        #[arg(long, required_unless_present = "remove", conflicts_with = "remove")]
        reason: Option<String>,
        /// Lift the invalidation
        #[arg(long)]
        remove: bool,
        /// Do not ask for confirmation on a terminal (asked when a certificate is revoked)
        #[arg(long)]
        yes: bool,
    },
    /// Show or change a course's certificate settings
    Settings {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// Whether learners may ask for their own certificate (`certdesk request`, their own page)
        #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
        self_generation: Option<bool>,
        /// Pass threshold in percent (until the course folder is imported again)
        #[arg(long, value_name = "PERCENT")]
        threshold: Option<String>,
        /// final or threshold (until the course folder is imported again)
        #[arg(long, value_name = "POLICY")]
        issuance: Option<String>,
        /// Base of the verification URL printed on certificates; the code is appended
        #[arg(long, value_name = "URL")]
        verify_url: Option<String>,
        /// Which template a mode prints with: MODE=NAME (MODE= for the built-in one)
        #[arg(long, value_name = "MODE=NAME")]
        template: Option<String>,
        /// Do not ask for confirmation (turning self-generation on asks scripts too)
        #[arg(long)]
        yes: bool,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// A learner asks for their certificate (for self-service portals)
    Request {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// The learner's username
        username: String,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Make and check the course's example certificates
    Examples {
        /// The course's id (`certdesk courses` lists them)
        course: String,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// The audit trail of a course; without one, the database's own (staff list, issuer keys,
    /// mail settings)
    Log {
        /// The course whose trail to show; without one, the database's own
        course: Option<String>,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Export a course's active certificates to one PDF (or one PDF each with --split)
    Export(export::ExportArgs),
    /// Write one certificate, as issued, to a PDF
    Show {
        /// The certificate's verification code (case, dashes and spaces do not matter)
        code: String,
        /// Write it as a PDF
        #[arg(long, value_name = "FILE.pdf", required_unless_present = "png")]
        pdf: Option<PathBuf>,
        /// A 150-dpi picture of it
        #[arg(long, value_name = "FILE.png")]
        png: Option<PathBuf>,
    },
    /// Preview a certificate: an example per mode, or a learner's; on the terminal, or as PDF/PNG
    Preview(preview::PreviewArgs),
    /// Certificate templates: list, show, check, save, assign
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// Images (logos, signatures) that templates draw
    #[command(subcommand)]
    Image(template::ImageCommand),
    /// Send each learner their certificate with the course's farewell message
    Mail(mail::MailArgs),
    /// Show or change a course's farewell message
    Farewell(farewell::FarewellArgs),
    /// Where mail goes out from: the mail server, the sender, the rate, links' lifetime
    MailSettings(mail_settings::MailSettingsArgs),
    /// Learners' personal links: how many are open, or revoke them
    Links(links::LinksArgs),
    /// Share the database with the other staff: own it and serve every certdesk on it
    Serve(serve::ServeArgs),
    /// Who may use the database's server: list, add or remove login names
    Staff {
        /// Add these login names
        #[arg(long, value_name = "LOGIN", num_args = 1..)]
        add: Vec<String>,
        /// Remove these login names
        #[arg(long, value_name = "LOGIN", num_args = 1..)]
        remove: Vec<String>,
    },
    /// Write a synthetic course folder for benchmarks and trials
    Sample {
        /// How many learners
        #[arg(long)]
        learners: usize,
        /// How many graded activities
        #[arg(long)]
        activities: usize,
        /// Share of learners who can be certified, in percent
        #[arg(long, default_value_t = 70)]
        eligible: usize,
        /// Which scripts the names are written in
        #[arg(long, value_enum, default_value = "latin")]
        scripts: crate::sample::names::Scripts,
        /// The folder to write (course.toml, roster.csv, grades.csv)
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        // Open the store first: a locked database is reported as a plain sentence, before
        // the terminal is taken over.
        let store = open_store(cli.db.as_deref())?;
        crate::tui::run(store, cli.fonts.as_deref())?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Sample { learners, activities, eligible, scripts, out } => {
            sample::run(learners, activities, eligible, scripts, &out)
        }
        Command::Serve(args) => serve::run(&database_path(cli.db.as_deref())?.0, &args, cli.fonts.as_deref()),
        // A third party checks a file with the issuer's key alone: no database is made for it.
        Command::Verify { file: Some(file), key, json, .. } => {
            let store = verify_file::verify_store(cli.db.as_deref(), key.as_deref())?;
            verify_file::verify_file(store.as_ref(), &file, key.as_deref(), json)
        }
        command => {
            let store = open_store(cli.db.as_deref())?;
            let now = jiff::Timestamp::now();
            match command {
                Command::Import(args) => import::run(&store, args, now),
                Command::Courses { json } => courses::run(&store, json),
                Command::Gradebook { course, json } => gradebook::run(&store, &course, json, now),
                Command::Grade { course, username, activity, points, clear: _ } => {
                    let context = ops::Context::new(ops::current_actor(), now);
                    grade::run(&store, &course, &username, &activity, points.as_deref(), &context)
                }
                Command::Staff { add, remove } => serve::staff(&store, add, remove),
                Command::Sample { .. } | Command::Serve(_) => unreachable!("handled above"),
                Command::Issuer(command) => credential::issuer(&store, command),
                Command::Credential { code, json } => credential::credential(&store, &code, json),
                command => {
                    let context = ops::Context::new(ops::current_actor(), now);
                    run_certificate_command(&store, command, &context, cli.fonts.as_deref())
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
            let change = ops::SettingsChange {
                self_generation,
                threshold: threshold.as_deref().map(str::parse::<Percent>).transpose().map_err(ops::OpsError::from)?,
                issuance: issuance.as_deref().map(str::parse).transpose().map_err(anyhow::Error::msg)?,
                verify_base_url: verify_url,
                template: template.as_deref().map(settings::parse_template_choice).transpose()?,
            };
            settings::run(store, &course, &change, yes, json, context)
        }
        Command::Request { course, username, json } => {
            request::run(store, &course, &username, json, context, &ops::Printer::new(store, fonts)?)
        }
        Command::Examples { course, json } => {
            examples::run(store, &ops::Printer::new(store, fonts)?, &course, json, context)
        }
        Command::Log { course, json } => log::run(store, course.as_deref(), json),
        Command::Export(args) => export::run(store, fonts, args, context.now),
        Command::Show { code, pdf, png } => {
            export::show(store, fonts, &code, pdf.as_deref(), png.as_deref(), context.now)
        }
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

fn parse_on_off(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" => Ok(true),
        "off" | "no" | "false" => Ok(false),
        _ => Err(format!("'{text}' is neither on nor off")),
    }
}

/// Writes `text` as it is to stdout (see `say!`).
fn print_text(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::io::stdout().lock().write_all(text.as_bytes())
}

/// Writes JSON to stdout followed by a newline.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
