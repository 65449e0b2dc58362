//! The command line's grammar: every command and argument, with the help `--help` prints.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

/// The heading `--help` shows the options every command takes under, apart from its own.
pub const GLOBAL_OPTIONS: &str = "Global options (any command)";

#[derive(Debug, Parser)]
#[command(name = "certdesk", version, about = "Run the end of a course: gradebook, certificates and their templates.")]
pub struct Cli {
    /// Database directory [default: $XDG_DATA_HOME/certdesk]
    #[arg(long, global = true, env = "CERTDESK_DB", value_name = "PATH", help_heading = GLOBAL_OPTIONS, value_parser = path_or_unset)]
    pub db: Option<PathBuf>,
    /// Extra fonts to print with: every .ttf, .otf, .ttc and .otc file of this directory (names in
    /// scripts the embedded fonts lack)
    #[arg(long, global = true, env = "CERTDESK_FONTS", value_name = "DIR", help_heading = GLOBAL_OPTIONS, value_parser = path_or_unset)]
    pub fonts: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A directory given with `--db` or `--fonts` (or their variables), if any: one set but empty (as
/// a shell unsets `CERTDESK_DB=` for one command) counts as not given.
pub fn given(path: &Option<PathBuf>) -> Option<&Path> {
    path.as_deref().filter(|path| !path.as_os_str().is_empty())
}

/// Parses the command line as `Cli::parse` does, and also refuses `--db ""` and `--fonts ""`
/// typed as such (status 2): a script's `--db "$DB"` with `DB` unset acted on the user's own
/// database. Only the variables count as unset when empty.
pub fn parse() -> Cli {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let matches = Cli::command().try_get_matches().unwrap_or_else(|error| super::usage_error::exit_readably(error));
    for (id, flag, names) in [("db", "--db", "a database directory"), ("fonts", "--fonts", "a directory of fonts")] {
        let typed_empty = |matches: &clap::ArgMatches| {
            matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
                && matches.get_one::<PathBuf>(id).is_some_and(|path| path.as_os_str().is_empty())
        };
        let in_subcommand = matches.subcommand().is_some_and(|(_, sub)| typed_empty(sub));
        if typed_empty(&matches) || in_subcommand {
            let message = format!("{flag} is empty: name {names} (an empty variable in a script, say)");
            Cli::command().error(clap::error::ErrorKind::InvalidValue, message).exit();
        }
    }
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| super::usage_error::exit_readably(error))
}

/// A path as given, empty included: clap's own parser refuses an empty one ("a value is
/// required"), which an empty `CERTDESK_DB` would meet without `--db` ever being typed.
fn path_or_unset(value: &str) -> Result<PathBuf, std::convert::Infallible> {
    Ok(PathBuf::from(value))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import or re-import a course folder, or a learning platform's grade export
    Import(super::import::ImportArgs),
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
        #[arg(required_unless_present = "clear", allow_negative_numbers = true, value_parser = super::values::points)]
        points: Option<crate::domain::Points>,
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
    // Said by hand: clap's usage left out `--stale`, the other way to give what is replaced.
    #[command(override_usage = "certdesk regenerate [OPTIONS] <COURSE> <USERNAME | --stale>")]
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
    #[command(override_usage = "certdesk delete [OPTIONS] <COURSE> <USERNAME | --all>")]
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
        #[arg(long, value_parser = super::values::reason)]
        reason: String,
        /// Do not ask for confirmation on a terminal
        #[arg(long)]
        yes: bool,
    },
    /// Check a verification code (case, dashes and spaces do not matter)
    Verify {
        /// The verification code printed on the certificate (case, dashes and spaces do not matter)
        #[arg(required_unless_present = "file")]
        code: Option<String>,
        /// What follows the code or the file: a shell's `--file split/*.pdf` gives every file
        /// of an export's folder. Caught here to be told in words (one at a time), where clap
        /// said the second file was a code that `--file` cannot be used with.
        #[arg(hide = true)]
        more: Vec<String>,
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
    /// The institution's signing keys: make one, show it (fingerprint or public JWK), rotate, retire one
    /// that leaked
    #[command(subcommand)]
    Issuer(super::credential::IssuerCommand),
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
        #[arg(long, required_unless_present = "remove", conflicts_with = "remove", value_parser = super::values::reason)]
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
        #[arg(long, value_name = "on|off", value_parser = super::values::on_off)]
        self_generation: Option<bool>,
        /// Pass threshold in percent (until the course folder is imported again)
        #[arg(long, value_name = "PERCENT", value_parser = super::values::threshold)]
        threshold: Option<crate::domain::Percent>,
        /// final or threshold (until the course folder is imported again)
        #[arg(long, value_name = "POLICY", value_parser = super::values::issuance)]
        issuance: Option<crate::domain::IssuancePolicy>,
        /// Base of the verification URL printed on certificates; the code is appended
        #[arg(long, value_name = "URL", value_parser = super::values::verify_url)]
        verify_url: Option<String>,
        /// Which template a mode prints with: MODE=NAME (MODE= for the built-in one)
        #[arg(long, value_name = "MODE=NAME", value_parser = super::values::template_choice)]
        template: Option<(crate::domain::Mode, Option<String>)>,
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
    /// mail settings, templates)
    Log {
        /// The course whose trail to show; without one, the database's own
        course: Option<String>,
        /// Print JSON instead of text (shapes in the README's "JSON output")
        #[arg(long)]
        json: bool,
    },
    /// Export a course's active certificates to one PDF (or one PDF each with --split)
    Export(super::export::ExportArgs),
    /// Write one certificate, as issued, to a PDF or a PNG (or both)
    #[command(group(clap::ArgGroup::new("file").args(["out", "pdf", "png"]).required(true).multiple(true)))]
    Show {
        /// The certificate's verification code (case, dashes and spaces do not matter)
        code: String,
        /// Where to write it (the PNG is a 150-dpi picture)
        #[command(flatten)]
        files: super::page_files::PageFiles,
    },
    /// Preview a certificate: an example per mode, or a learner's; on the terminal, or as PDF/PNG
    Preview(super::preview::PreviewArgs),
    /// Certificate templates: list, show, check, save, assign, delete
    #[command(subcommand)]
    Template(super::template::TemplateCommand),
    /// Images (logos, signatures) that templates draw
    #[command(subcommand)]
    Image(super::template::ImageCommand),
    /// Send each learner their certificate with the course's farewell message
    Mail(super::mail::MailArgs),
    /// Show or change a course's farewell message
    Farewell(super::farewell::FarewellArgs),
    /// Where mail goes out from: the mail server, the sender, the rate, links' lifetime
    MailSettings(super::mail_settings::MailSettingsArgs),
    /// Learners' personal links: how many are open, make one by hand, or revoke them
    Links(super::links::LinksArgs),
    /// Share the database with the other staff: own it and serve every certdesk on it
    Serve(super::serve::ServeArgs),
    /// Who may use the database's server: list, add or remove login names
    Staff {
        /// Add these login names
        #[arg(long, value_name = "LOGIN", num_args = 1.., value_parser = super::values::login_name)]
        add: Vec<String>,
        /// Remove these login names
        #[arg(long, value_name = "LOGIN", num_args = 1..)]
        remove: Vec<String>,
        /// Take the last names off without asking (which lets in everyone the socket lets in)
        #[arg(long)]
        yes: bool,
    },
    /// Write a synthetic course folder for benchmarks and trials
    Sample {
        /// How many learners
        #[arg(long, value_parser = super::values::how_many)]
        learners: usize,
        /// How many graded activities
        #[arg(long, value_parser = super::values::how_many)]
        activities: usize,
        /// Share of learners who can be certified, in percent
        #[arg(long, default_value_t = 70, value_parser = super::values::share)]
        eligible: usize,
        /// Which scripts the names are written in
        #[arg(long, value_enum, default_value = "latin")]
        scripts: crate::sample::names::Scripts,
        /// The folder to write the course to (course.toml, roster.csv, grades.csv); made if it does not exist
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}
