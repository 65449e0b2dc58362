//! `certdesk mail`: each learner their certificate with the farewell message, once.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::interact::StderrProgress;
use crate::domain::counted;
use crate::mail::{self, Mailing, Outbox, Selection};
use crate::ops::{self, Context};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct MailArgs {
    /// The course's id (`certdesk courses` lists them)
    pub(super) course: String,
    /// Compose every message and say what would be sent, sending nothing
    #[arg(long)]
    dry_run: bool,
    /// Only these learners
    #[arg(long, value_name = "USERNAME", num_args = 1..)]
    pub(super) only: Vec<String>,
    /// Send again what was sent before
    #[arg(long)]
    resend: bool,
    /// The mail server for this run, as smtp://host:port, smtps://user@host or smtp://host?tls=required
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// The sender for this run, as "Course Team <courses@example.edu>"
    #[arg(long, value_name = "ADDRESS", value_parser = super::values::sender)]
    from: Option<String>,
    /// Messages a minute at most, for this run
    #[arg(long, value_name = "N", value_parser = super::values::mail_rate)]
    rate: Option<u32>,
    /// Read the mail server's password from this file (else CERTDESK_SMTP_PASSWORD)
    #[arg(long, value_name = "FILE")]
    smtp_password_file: Option<String>,
    /// Print JSON instead of text (shapes in the README's "JSON output")
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
    nothing_for: Vec<Row<'a>>,
    /// Learners whose message carries a stale certificate, and what changed.
    stale: Vec<Row<'a>>,
    /// Learners whose certificate in force they no longer deserve, and why: not mailed.
    held_back: Vec<Row<'a>>,
    /// Learners mailed a certificate since revoked or deleted: no farewell without one.
    mailed_before: Vec<Row<'a>>,
    sent: Vec<Row<'a>>,
    refused: Vec<Row<'a>>,
    stopped: Option<&'a str>,
    /// Learners a stopped run did not get to.
    not_reached: &'a [String],
    /// Learners whose earlier personal links the messages sent closed.
    closed_links: &'a [String],
    /// Addresses more than one learner's message goes to.
    shared_addresses: Vec<Shared<'a>>,
}

#[derive(Serialize)]
struct Shared<'a> {
    address: &'a str,
    usernames: &'a [String],
}

#[derive(Serialize)]
struct Row<'a> {
    username: &'a str,
    detail: &'a str,
}

pub fn mail(store: &Store, args: MailArgs, context: &Context, printer: &ops::Printer) -> anyhow::Result<ExitCode> {
    let settings = store.mail_settings()?;
    let selection = Selection { only: args.only.clone(), resend: args.resend };
    if let Some(url) = &args.smtp {
        // Checked before a dry run too, which would otherwise pass a URL the real run refuses.
        mail::smtp::check_url(url).map_err(anyhow::Error::msg)?;
    }
    // Claimed before the plan is read: a colleague's run meanwhile would mail the same learners.
    let _run = if args.dry_run { None } else { Some(store.claim_mail_run(&args.course)?) };
    let prepared = mail::prepare(store, &args.course, &selection, context.now, &printer.fonts)?;
    let plan = &prepared.plan;
    // Said before they go, of the certificates this run attaches (the dry run's too).
    let (attached, signed_with_retired) = mail::signed_with_retired(store, plan)?;
    if signed_with_retired > 0 {
        let among = ops::retired_among(signed_with_retired, attached, "to mail");
        let them = if signed_with_retired == 1 { "it" } else { "them" };
        match args.dry_run {
            true => note!("certdesk: note: {among}: certdesk issuer resign signs {them} again, before the messages go"),
            false => note!(
                "certdesk: note: {among}, in the messages sent now too, until certdesk issuer resign signs {them} again"
            ),
        }
    }
    let mailing = Mailing { store, printer, state: &prepared.state, farewell: &prepared.farewell, plan };
    let certificates = plan.messages.iter().filter(|planned| planned.certificate.is_some()).count();
    if !args.json {
        let again = plan.messages.iter().filter(|planned| planned.sent_before.is_some()).count();
        let before = match (again, plan.already_sent) {
            (0, 0) => "0 sent before".to_string(),
            (0, 1) => "1 sent before (--resend sends it again)".to_string(),
            (0, already) => format!("{already} sent before (--resend sends them again)"),
            (again, _) => format!("{again} of them sent before, sent again (--resend)"),
        };
        say!(
            "{}: {} to send ({certificates} with a certificate, {} without); {before}.",
            args.course,
            counted(plan.messages.len(), "message", "messages"),
            plan.messages.len() - certificates,
        );
        if !plan.no_address.is_empty() {
            say!("  no address, left out: {}", plan.no_address.join(", "));
        }
        // Said before sending: many servers refuse these, and a dry run cannot ask the server.
        let international: Vec<&str> = plan
            .messages
            .iter()
            .map(|planned| &prepared.state.learners[planned.learner])
            .filter(|standing| !standing.enrollment.email.is_ascii())
            .map(|standing| standing.username())
            .collect();
        if !international.is_empty() {
            say!(
                "  international addresses, which need a mail server that takes SMTPUTF8: {}",
                international.join(", ")
            );
        }
        // Said before sending: one inbox gets several messages, each learner their own.
        for (address, usernames) in plan.shared_addresses.iter().take(NAMED) {
            say!(
                "  one address for {} learners, each sent their own message: {address} ({})",
                usernames.len(),
                usernames.join(", ")
            );
        }
        if plan.shared_addresses.len() > NAMED {
            say!(
                "  and {} of several learners (--json lists them)",
                counted(plan.shared_addresses.len() - NAMED, "more address", "more addresses")
            );
        }
        for (username, why) in &plan.nothing_for {
            say!("  nothing for {username}: {why}");
        }
        // Said before sending: the learner would otherwise get a certificate with a grade or
        // name that is no longer theirs, and a second message once it is replaced.
        if !plan.stale.is_empty() {
            say!(
                "  stale, sent as issued unless `certdesk regenerate {} --stale` replaces them first: {}",
                args.course,
                named_with(&plan.stale)
            );
        }
        // Said before sending: these would carry a certificate staff will want to revoke.
        if !plan.held_back.is_empty() {
            let allow = match plan.held_back_allowable {
                0 => String::new(),
                _ => format!(
                    ", or `certdesk allow {} USERNAME` one below the threshold who should keep theirs",
                    args.course
                ),
            };
            say!(
                "  held back, certificates no longer deserved: {}; `certdesk revoke` each{allow}, and mail again",
                named_with(&plan.held_back)
            );
        }
        if !plan.mailed_before.is_empty() {
            say!(
                "  no farewell without a certificate for learners mailed one since revoked or deleted: {}",
                named_with(&plan.mailed_before)
            );
        }
        if prepared.state.settings.self_generation && mail::link_base(&prepared.state).is_none() {
            say!(
                "  no personal links: they are made from the verification URL, which must end in /verify/ (certdesk settings --verify-url)"
            );
        }
    }
    let overrides = mail::Overrides {
        smtp: args.smtp.clone(),
        from: args.from.clone(),
        per_minute: args.rate,
        password_file: args.smtp_password_file.clone(),
    };
    if args.dry_run {
        // What the real run would stop at before its first message (a password file it cannot
        // read, a user without a password, no sender) is said now, as a bad --smtp URL is; with
        // no server at all, the dry run only points that out below.
        if args.smtp.is_some() || settings.smtp_url.is_some() {
            Outbox::open(&settings, &overrides).map_err(anyhow::Error::msg)?;
        }
        let from = args.from.clone().or(settings.from.clone());
        let from = from.unwrap_or_else(|| "Course staff <staff@example.org>".to_string());
        let composition = mailing.compose_all(&from)?;
        // A message that cannot be made is refused by the real run, which goes on to the others.
        let unsendable: Vec<Row> =
            composition.unsendable.iter().map(|(username, why)| Row { username, detail: why }).collect();
        if args.json {
            super::print_json(&json(&args, plan, &[], &unsendable, None, &[]))?;
        } else {
            say!(
                "Composed {} ({:.1} MB); nothing was sent.",
                counted(composition.messages, "message", "messages"),
                composition.bytes as f64 / 1e6
            );
            for row in &unsendable {
                say!("  would not be sent to {}: {}", row.username, row.detail);
            }
            if args.smtp.is_none() && settings.smtp_url.is_none() {
                say!("  no mail server yet: give --smtp URL, or keep one with certdesk mail-settings --smtp URL");
            }
        }
        return Ok(if unsendable.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    if plan.messages.is_empty() {
        if args.json {
            super::print_json(&json(&args, plan, &[], &[], None, &[]))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let outbox = Outbox::open(&settings, &overrides).map_err(anyhow::Error::msg)?;
    let report = mailing.send_all(&outbox, context, &mut StderrProgress::new("mail"))?;
    let sent: Vec<Row> = report.sent.iter().map(|(username, what)| Row { username, detail: what }).collect();
    let refused: Vec<Row> =
        report.refused.iter().map(|not_sent| Row { username: &not_sent.username, detail: &not_sent.why }).collect();
    if args.json {
        let mut shown = json(&args, plan, &sent, &refused, report.stopped.as_deref(), &report.closed_links);
        shown.not_reached = &report.not_reached;
        super::print_json(&shown)?;
    } else {
        say!("Sent {} through {}.", counted(report.sent.len(), "message", "messages"), outbox.url);
        if let Some(closed) = closed_links(&report.closed_links) {
            say!("  {closed}");
        }
        let resent = |username: &str| {
            plan.messages.iter().any(|planned| {
                planned.sent_before.is_some() && prepared.state.learners[planned.learner].username() == username
            })
        };
        // The refusals that stopped the run are said once, with the stop, not one by one.
        let one_by_one = report.refused.iter().filter(|not_sent| !report.refused_alike.contains(&not_sent.username));
        for not_sent in one_by_one {
            // A failed resend leaves the earlier delivery on record: only --resend tries it again.
            // A message that could not be made fails the same way until what it says is mended.
            let retry = if not_sent.unmade {
                "no message could be made: the next run fails the same way until then"
            } else if resent(&not_sent.username) {
                "sent before; --resend tries again"
            } else {
                "the next run tries again"
            };
            say!("  not sent to {}: {} ({retry})", not_sent.username, not_sent.why);
        }
        if report.cancelled {
            say!("{}; {}.", cancelled(&report), the_rest(&args, &report));
            say!("  not reached yet: {}", mail::named(&report.not_reached));
        } else if let Some(stopped) = &report.stopped {
            say!("Stopped: {stopped}. What was sent is recorded; {}.", the_rest(&args, &report));
            say!("  not reached yet: {}", mail::named(&report.not_reached));
        }
    }
    let complete = report.refused.is_empty() && report.stopped.is_none();
    Ok(if complete { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn json<'a>(
    args: &'a MailArgs,
    plan: &'a mail::MailPlan,
    sent: &[Row<'a>],
    refused: &[Row<'a>],
    stopped: Option<&'a str>,
    closed_links: &'a [String],
) -> MailJson<'a> {
    let copy = |rows: &[Row<'a>]| rows.iter().map(|row| Row { username: row.username, detail: row.detail }).collect();
    MailJson {
        course: &args.course,
        dry_run: args.dry_run,
        planned: plan.messages.len(),
        already_sent: plan.already_sent,
        no_address: &plan.no_address,
        nothing_for: plan.nothing_for.iter().map(|(username, why)| Row { username, detail: why }).collect(),
        stale: plan.stale.iter().map(|(username, what)| Row { username, detail: what }).collect(),
        held_back: plan.held_back.iter().map(|(username, why)| Row { username, detail: why }).collect(),
        mailed_before: plan.mailed_before.iter().map(|(username, what)| Row { username, detail: what }).collect(),
        sent: copy(sent),
        refused: copy(refused),
        stopped,
        not_reached: &[],
        closed_links,
        shared_addresses: plan
            .shared_addresses
            .iter()
            .map(|(address, usernames)| Shared { address, usernames })
            .collect(),
    }
}

/// How many learners a line of the plan names: longer lists are named by their start.
const NAMED: usize = 10;

/// The first `NAMED` learners of `rows` with their detail (`aerwyn (below threshold)`), and how
/// many more (`--json` lists them all).
fn named_with(rows: &[(String, String)]) -> String {
    crate::domain::first_of(rows.iter().map(|(username, what)| format!("{username} ({what})")), NAMED)
}

/// What a run stopped by Ctrl-C or a signal did, in plain words: it stops between messages, so
/// none went half-way, and what went is recorded.
fn cancelled(report: &mail::MailReport) -> String {
    match report.sent.len() {
        0 => "Stopped as asked (Ctrl-C or a signal), before any message went: nothing was sent".to_string(),
        sent => format!(
            "Stopped as asked (Ctrl-C or a signal), between two messages: the {} recorded, and no other went out",
            counted(sent, "message sent is", "messages sent are")
        ),
    }
}

/// How a stopped run's learners not reached get their message. Run again as it was, a resend
/// would mail those it reached a second time: it names them with `--only` instead.
fn the_rest(args: &MailArgs, report: &mail::MailReport) -> String {
    // Longer than this, the command is no longer one to copy from the screen.
    const IN_A_COMMAND: usize = 20;
    // Refused alike, those learners are not sent yet either: they go with the rest.
    let rest: Vec<&str> = report.refused_alike.iter().chain(&report.not_reached).map(String::as_str).collect();
    // A resend that reached no one mails no one twice when run again as it was.
    let again_as_it_was = !args.resend || report.sent.is_empty();
    match (again_as_it_was, rest.len()) {
        (true, _) if !report.refused_alike.is_empty() => {
            "once that is mended, run the command again: it sends to those refused and the rest".to_string()
        }
        (true, _) => "run the command again to send the rest".to_string(),
        (false, left) if left <= IN_A_COMMAND => format!(
            "`certdesk mail {} --resend --only {}` sends the rest (the same command again would mail the {} again)",
            args.course,
            rest.join(" "),
            counted(report.sent.len(), "learner just mailed", "learners just mailed")
        ),
        (false, _) => format!(
            "the same command again would mail the {} again: give the rest with --resend --only USERNAME...",
            counted(report.sent.len(), "learner just mailed", "learners just mailed")
        ),
    }
}

/// What staff need to know of the links a run closed: a learner who clicks the link of an
/// earlier message (or one handed out by hand) is told it was replaced, and finds the one that
/// works in the message just sent.
fn closed_links(usernames: &[String]) -> Option<String> {
    const NAMED: usize = 10;
    match usernames {
        [] => None,
        [one] => Some(format!(
            "{one}'s earlier personal link is closed: it says it was replaced, and the message just sent carries the one that works."
        )),
        many => {
            let names = crate::domain::first_of(many, NAMED);
            Some(format!(
                "The earlier personal links of {} learners ({names}) are closed: they say they were replaced, and the messages just sent carry the ones that work.",
                many.len()
            ))
        }
    }
}
