//! `certdesk mail`, `certdesk farewell`, `certdesk mail-settings` and `certdesk links`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Args;
use serde::Serialize;

use super::interact::{StderrProgress, confirm};
use crate::domain::{Action, Farewell, MailSettings};
use crate::mail::{self, Mailing, Outbox, Selection, message, smtp};
use crate::ops::{self, Context};
use crate::render::FontBook;
use crate::store::{Commit, Store};

#[derive(Debug, Args)]
pub struct MailArgs {
    course: String,
    /// Compose every message and say what would be sent, sending nothing
    #[arg(long)]
    dry_run: bool,
    /// Only these learners
    #[arg(long, value_name = "USERNAME", num_args = 1..)]
    only: Vec<String>,
    /// Send again what was sent before
    #[arg(long)]
    resend: bool,
    /// The mail server for this run, as smtp://host:port, smtps://user@host or smtp://host?tls=required
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// The sender for this run, as "Course Team <courses@example.edu>"
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// Messages a minute at most, for this run
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate: Option<u32>,
    /// Read the mail server's password from this file (else CERTDESK_SMTP_PASSWORD)
    #[arg(long, value_name = "FILE")]
    smtp_password_file: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct MailJson<'a> {
    course: &'a str,
    dry_run: bool,
    planned: usize,
    already_sent: usize,
    no_address: &'a [String],
    sent: Vec<Row<'a>>,
    refused: Vec<Row<'a>>,
    stopped: Option<&'a str>,
}

#[derive(Serialize)]
struct Row<'a> {
    username: &'a str,
    detail: &'a str,
}

pub fn mail(
    store: &Store,
    args: MailArgs,
    context: &Context,
    fonts: &FontBook,
    printer: &ops::Printer,
) -> anyhow::Result<ExitCode> {
    let settings = store.mail_settings()?;
    let selection = Selection { only: args.only.clone(), resend: args.resend };
    let prepared = mail::prepare(store, &args.course, &selection, context.now, fonts)?;
    let plan = &prepared.plan;
    let mailing = Mailing { store, printer, state: &prepared.state, farewell: &prepared.farewell, plan };
    let from = args.from.clone().or(settings.from.clone());
    let url = args.smtp.clone().or(settings.smtp_url.clone());
    let certificates = plan.messages.iter().filter(|planned| planned.certificate.is_some()).count();
    if !args.json {
        println!(
            "{}: {} to send ({certificates} with a certificate, {} without); {} sent before{}.",
            args.course,
            messages(plan.messages.len()),
            plan.messages.len() - certificates,
            plan.already_sent,
            if plan.already_sent > 0 && !args.resend { " (--resend sends them again)" } else { "" },
        );
        if !plan.no_address.is_empty() {
            println!("  no address, left out: {}", plan.no_address.join(", "));
        }
        if prepared.state.settings.self_generation && mail::link_base(&prepared.state).is_none() {
            println!(
                "  no personal links: they are made from the verification URL, which must end in /verify/ (certdesk settings --verify-url)"
            );
        }
    }
    if args.dry_run {
        let from = from.unwrap_or_else(|| "Course staff <staff@example.org>".to_string());
        let bytes = mailing.compose_all(&from)?;
        if args.json {
            super::print_json(&json(&args, plan, &[], &[], None))?;
        } else {
            println!("Composed {} ({:.1} MB); nothing was sent.", messages(plan.messages.len()), bytes as f64 / 1e6);
            if url.is_none() {
                println!("  no mail server yet: give --smtp URL, or keep one with certdesk mail-settings --smtp URL");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if plan.messages.is_empty() {
        if args.json {
            super::print_json(&json(&args, plan, &[], &[], None))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let overrides = mail::Overrides {
        smtp: args.smtp.clone(),
        from: args.from.clone(),
        per_minute: args.rate,
        password_file: args.smtp_password_file.clone(),
    };
    let outbox = Outbox::open(&settings, &overrides).map_err(anyhow::Error::msg)?;
    let url = url.unwrap_or_default();
    let report = mailing.send_all(&outbox, context, &mut StderrProgress::new("mail"))?;
    let sent: Vec<Row> = report.sent.iter().map(|(username, what)| Row { username, detail: what }).collect();
    let refused: Vec<Row> = report.refused.iter().map(|(username, why)| Row { username, detail: why }).collect();
    if args.json {
        super::print_json(&json(&args, plan, &sent, &refused, report.stopped.as_deref()))?;
    } else {
        println!("Sent {} through {url}.", messages(report.sent.len()));
        for row in &refused {
            println!("  not sent to {}: {} (the next run tries again)", row.username, row.detail);
        }
        if let Some(stopped) = &report.stopped {
            println!("Stopped: {stopped}. What was sent is recorded; run the command again to send the rest.");
        }
    }
    let complete = report.refused.is_empty() && report.stopped.is_none();
    Ok(if complete { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn messages(count: usize) -> String {
    if count == 1 { "1 message".to_string() } else { format!("{count} messages") }
}

fn json<'a>(
    args: &'a MailArgs,
    plan: &'a mail::MailPlan,
    sent: &[Row<'a>],
    refused: &[Row<'a>],
    stopped: Option<&'a str>,
) -> MailJson<'a> {
    let copy = |rows: &[Row<'a>]| rows.iter().map(|row| Row { username: row.username, detail: row.detail }).collect();
    MailJson {
        course: &args.course,
        dry_run: args.dry_run,
        planned: plan.messages.len(),
        already_sent: plan.already_sent,
        no_address: &plan.no_address,
        sent: copy(sent),
        refused: copy(refused),
        stopped,
    }
}

#[derive(Debug, Args)]
pub struct FarewellArgs {
    course: String,
    /// The message for learners without a certificate (else the one with it)
    #[arg(long)]
    uncertified: bool,
    /// Use this message file (checked first): a `Subject:` line, a blank line, the text, and
    /// optionally a line `--- html` and the HTML
    #[arg(long, value_name = "FILE", conflicts_with_all = ["off", "on", "reset"])]
    set: Option<PathBuf>,
    /// Send learners without a certificate the built-in message (with --uncertified); their
    /// personal link, when self-generation is on, lets them ask for one
    #[arg(long, requires = "uncertified", conflicts_with_all = ["off", "reset"])]
    on: bool,
    /// Send nothing to learners without a certificate (with --uncertified)
    #[arg(long, requires = "uncertified", conflicts_with = "reset")]
    off: bool,
    /// Go back to the built-in messages
    #[arg(long)]
    reset: bool,
}

pub fn farewell(store: &Store, args: FarewellArgs, context: &Context) -> anyhow::Result<ExitCode> {
    ops::require_course(store, &args.course)?;
    let mut farewell = mail::farewell(store, &args.course)?;
    let (change, summary) = if args.reset {
        (Some(None), "went back to the built-in farewell".to_string())
    } else if args.on {
        farewell.uncertified = Some(message::built_in_uncertified());
        (Some(Some(farewell.clone())), "set the built-in farewell to learners without a certificate".to_string())
    } else if args.off {
        farewell.uncertified = None;
        (Some(Some(farewell.clone())), "stopped the farewell to learners without a certificate".to_string())
    } else if let Some(path) = &args.set {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let message = message::from_file(&text).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
        message::check(&message).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
        let which = if args.uncertified { "without" } else { "with" };
        if args.uncertified {
            farewell.uncertified = Some(message);
        } else {
            farewell.certified = message;
        }
        (Some(Some(farewell.clone())), format!("set the farewell to learners {which} a certificate"))
    } else {
        (None, String::new())
    };
    if let Some(change) = change {
        let mut commit = Commit::new(context.event(Action::Farewell, summary.clone(), Vec::new(), Vec::new()));
        commit.farewell = Some(change);
        store.commit(&args.course, &commit)?;
        store.flush()?;
        eprintln!("{}: {summary}.", args.course);
        return Ok(ExitCode::SUCCESS);
    }
    print_farewell(&farewell, args.uncertified);
    Ok(ExitCode::SUCCESS)
}

fn print_farewell(farewell: &Farewell, uncertified: bool) {
    match (uncertified, &farewell.uncertified) {
        (false, _) => print!("{}", message::to_file(&farewell.certified)),
        (true, Some(message)) => print!("{}", message::to_file(message)),
        (true, None) => {
            eprintln!(
                "Learners without a certificate get nothing. Send them this with --uncertified --on, or edit it and set it with --uncertified --set FILE:"
            );
            print!("{}", message::to_file(&message::built_in_uncertified()));
        }
    }
}

#[derive(Debug, Args)]
pub struct MailSettingsArgs {
    /// The mail server, as smtp://host:port, smtps://user@host or smtp://host?tls=required (no password)
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// The sender, as "Course Team <courses@example.edu>"
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// Messages a minute at most
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate: Option<u32>,
    /// Read the mail server's password from this file when sending (else CERTDESK_SMTP_PASSWORD)
    #[arg(long, value_name = "FILE", conflicts_with = "no_password_file")]
    password_file: Option<String>,
    #[arg(long)]
    no_password_file: bool,
    /// How many days a learner's personal link works
    #[arg(long, value_name = "DAYS")]
    link_days: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub fn mail_settings(store: &Store, args: MailSettingsArgs) -> anyhow::Result<ExitCode> {
    let mut settings = store.mail_settings()?;
    let before = settings.clone();
    if let Some(url) = args.smtp {
        smtp::check_url(&url).map_err(anyhow::Error::msg)?;
        settings.smtp_url = Some(url);
    }
    if let Some(from) = args.from {
        from.parse::<lettre::message::Mailbox>().map_err(|error| {
            anyhow::anyhow!("'{from}' is not a sender address (as `Course Team <courses@example.edu>`): {error}")
        })?;
        settings.from = Some(from);
    }
    if let Some(rate) = args.rate {
        settings.per_minute = rate;
    }
    if let Some(file) = args.password_file {
        settings.password_file = Some(file);
    }
    if args.no_password_file {
        settings.password_file = None;
    }
    if let Some(days) = args.link_days {
        if days == 0 {
            bail!("a link works at least 1 day");
        }
        settings.link_days = days;
    }
    if settings != before {
        store.set_mail_settings(&settings)?;
    }
    if args.json {
        return super::print_json(&settings).map(|()| ExitCode::SUCCESS);
    }
    print_settings(&settings);
    Ok(ExitCode::SUCCESS)
}

fn print_settings(settings: &MailSettings) {
    let or_unset = |value: &Option<String>| value.clone().unwrap_or_else(|| "(not set)".to_string());
    println!("mail server    {}", or_unset(&settings.smtp_url));
    println!("sender         {}", or_unset(&settings.from));
    println!("rate           {} messages a minute", settings.per_minute);
    match &settings.password_file {
        Some(file) => println!("password       read from {file}"),
        None => println!("password       from {} when sending (never stored)", smtp::PASSWORD_VARIABLE),
    }
    println!("learner links  work {} days", settings.link_days);
}

#[derive(Debug, Args)]
pub struct LinksArgs {
    course: String,
    /// Revoke these learners' links
    #[arg(long, value_name = "USERNAME", num_args = 1..)]
    revoke: Vec<String>,
    /// Revoke every link of the course
    #[arg(long, conflicts_with = "revoke")]
    revoke_all: bool,
    #[arg(long)]
    yes: bool,
}

pub fn links(store: &Store, args: LinksArgs, context: &Context) -> anyhow::Result<ExitCode> {
    let course = ops::require_course(store, &args.course)?;
    let links = store.links(&args.course)?;
    if !args.revoke.is_empty() || args.revoke_all {
        for username in &args.revoke {
            if store.enrollment(&course.id, username)?.is_none() {
                return Err(
                    ops::OpsError::UnknownLearner { course: course.id.clone(), username: username.clone() }.into()
                );
            }
        }
        let chosen: Vec<_> = links
            .into_iter()
            .filter(|(_, link)| link.revoked.is_none())
            .filter(|(_, link)| args.revoke_all || args.revoke.contains(&link.username))
            .collect();
        if args.revoke_all
            && !confirm(&format!("Revoke all {} open links of {}?", chosen.len(), args.course), args.yes, "--yes")?
        {
            eprintln!("Nothing was revoked.");
            return Ok(ExitCode::FAILURE);
        }
        let mut learners: Vec<String> = chosen.iter().map(|(_, link)| link.username.clone()).collect();
        learners.sort();
        learners.dedup();
        let summary = format!("revoked {} personal links of {} learners", chosen.len(), learners.len());
        let mut commit = Commit::new(context.event(Action::Links, summary.clone(), learners, Vec::new()));
        commit.links = chosen
            .into_iter()
            .map(|(hash, link)| (hash, crate::domain::LearnerLink { revoked: Some(context.now), ..link }))
            .collect();
        store.commit(&args.course, &commit)?;
        store.flush()?;
        println!("{}: {summary}.", args.course);
        return Ok(ExitCode::SUCCESS);
    }
    let open = links.iter().filter(|(_, link)| link.is_open(context.now)).count();
    let revoked = links.iter().filter(|(_, link)| link.revoked.is_some()).count();
    let expired = links.len() - open - revoked;
    let mut learners: Vec<&str> =
        links.iter().filter(|(_, link)| link.is_open(context.now)).map(|(_, link)| link.username.as_str()).collect();
    learners.sort_unstable();
    learners.dedup();
    println!(
        "{}: {open} open personal links ({} learners), {expired} expired, {revoked} revoked.",
        args.course,
        learners.len()
    );
    Ok(ExitCode::SUCCESS)
}
