//! `certdesk farewell`: show or change a course's farewell messages.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::domain::{Action, Farewell};
use crate::mail;
use crate::mail::message::{self, Audience};
use crate::mail::message_file;
use crate::ops::{self, Context};
use crate::render::data::RenderData;
use crate::store::{Commit, Store};

#[derive(Debug, Args)]
pub struct FarewellArgs {
    /// The course's id (`certdesk courses` lists them)
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
    /// Go back to the built-in message (with --uncertified, the one for learners without a
    /// certificate; whether they get one does not change)
    #[arg(long)]
    reset: bool,
}

pub fn farewell(store: &Store, args: FarewellArgs, context: &Context) -> anyhow::Result<ExitCode> {
    ops::require_course(store, &args.course)?;
    let mut farewell = mail::farewell(store, &args.course)?;
    let before = farewell.clone();
    // What was asked, said as done and, when it was so already, as it stands.
    let (change, summary, already) = if args.reset && args.uncertified {
        // The built-in words, sent if the message was; a reset does not stop it.
        farewell.uncertified = farewell.uncertified.as_ref().map(|_| message::built_in_uncertified());
        let (summary, already) = match farewell.uncertified {
            Some(_) => (
                "went back to the built-in farewell to learners without a certificate",
                "learners without a certificate get the built-in farewell",
            ),
            None => ("", "learners without a certificate get no farewell (--uncertified --on sends the built-in one)"),
        };
        (Some(Some(farewell.clone())), summary.to_string(), already.to_string())
    } else if args.reset {
        farewell.certified = message::built_in_certified();
        (
            Some(Some(farewell.clone())),
            "went back to the built-in farewell to learners with a certificate".to_string(),
            "learners with a certificate get the built-in farewell".to_string(),
        )
    } else if args.on {
        farewell.uncertified = Some(message::built_in_uncertified());
        (
            Some(Some(farewell.clone())),
            "set the built-in farewell to learners without a certificate".to_string(),
            "learners without a certificate get the built-in farewell".to_string(),
        )
    } else if args.off {
        farewell.uncertified = None;
        (
            Some(Some(farewell.clone())),
            "stopped the farewell to learners without a certificate".to_string(),
            "learners without a certificate get no farewell".to_string(),
        )
    } else if let Some(path) = &args.set {
        let text = crate::access::read_text(path)
            .map_err(|reason| anyhow::anyhow!("cannot read {}: {reason}", path.display()))?;
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            anyhow::bail!("{}", empty_file(path, &args));
        }
        let audience = if args.uncertified { Audience::Uncertified } else { Audience::Certified };
        let learners = roster_data(store, &args.course, context)?;
        let message = message_file::from_file(&text, audience, &learners)
            .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
        let which = if args.uncertified { "without" } else { "with" };
        if args.uncertified {
            farewell.uncertified = Some(message);
        } else {
            farewell.certified = message;
        }
        (
            Some(Some(farewell.clone())),
            format!("set the farewell to learners {which} a certificate"),
            format!("the farewell to learners {which} a certificate is this message"),
        )
    } else {
        (None, String::new(), String::new())
    };
    let unchanged =
        change.as_ref().is_some_and(|change| *change.as_ref().unwrap_or(&mail::built_in_farewell()) == before);
    if unchanged {
        // Nothing to record in the audit trail either.
        say!("{}: {already} already; nothing changed.", args.course);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(change) = change {
        let mut commit = Commit::new(context.event(Action::Farewell, summary.clone(), Vec::new(), Vec::new()));
        commit.farewell = Some(change);
        store.commit(&args.course, &commit)?;
        store.flush()?;
        say!("{}: {summary}.", args.course);
        return Ok(ExitCode::SUCCESS);
    }
    print_farewell(&farewell, args.uncertified)?;
    Ok(ExitCode::SUCCESS)
}

/// What an empty message file is answered with: it is not a way to stop a message, so say what is.
fn empty_file(path: &std::path::Path, args: &FarewellArgs) -> String {
    let (flag, stop) = if args.uncertified {
        ("--uncertified ", "; `--uncertified --off` sends nothing to learners without a certificate")
    } else {
        ("", "")
    };
    format!(
        "{}: the file is empty, and nothing changed: a message is a `Subject:` line, a blank line and the text \
         (`certdesk farewell {} {flag}> FILE` writes the current one to start from){stop}; `--reset` goes back to the built-in message",
        path.display(),
        args.course,
    )
}

/// The example data with each learner's own name, username, address and the course's own
/// title: what a message's subject is checked against before it is kept.
fn roster_data(store: &Store, course_id: &str, context: &Context) -> anyhow::Result<Vec<RenderData>> {
    let state = ops::load_course_state(store, course_id, context.now)?;
    Ok(state
        .learners
        .iter()
        .map(|standing| {
            let own = ops::learner_data(&state.course, &standing.enrollment, &standing.grade);
            RenderData { learner: own.learner, course: own.course, grade: own.grade, ..RenderData::example("verified") }
        })
        .collect())
}

fn print_farewell(farewell: &Farewell, uncertified: bool) -> std::io::Result<()> {
    match (uncertified, &farewell.uncertified) {
        (false, _) => super::print_text(&message_file::to_file(&farewell.certified))?,
        (true, Some(message)) => super::print_text(&message_file::to_file(message))?,
        (true, None) => {
            note!(
                "Learners without a certificate get nothing. Send them this with --uncertified --on, or edit it and set it with --uncertified --set FILE:"
            );
            super::print_text(&message_file::to_file(&message::built_in_uncertified()))?;
        }
    }
    Ok(())
}
