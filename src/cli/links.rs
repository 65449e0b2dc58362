//! `certdesk links`: the learners' personal links of a course, counted or revoked.

use std::process::ExitCode;

use clap::Args;

use super::interact::confirm;
use crate::domain::Action;
use crate::ops::{self, Context};
use crate::store::{Commit, Store};

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// The course's id (`certdesk courses` lists them)
    course: String,
    /// Revoke these learners' links
    #[arg(long, value_name = "USERNAME", num_args = 1..)]
    revoke: Vec<String>,
    /// Revoke every link of the course
    #[arg(long, conflicts_with = "revoke")]
    revoke_all: bool,
    /// Do not ask for confirmation (--revoke-all asks scripts too)
    #[arg(long)]
    yes: bool,
    /// The counts as JSON
    #[arg(long, conflicts_with_all = ["revoke", "revoke_all"])]
    json: bool,
}

#[derive(serde::Serialize)]
struct LinkCounts<'a> {
    course: &'a str,
    open: usize,
    expired: usize,
    revoked: usize,
    /// The learners with an open link.
    learners: Vec<&'a str>,
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
        let summary = format!(
            "revoked {} of {}",
            crate::domain::counted(chosen.len(), "personal link", "personal links"),
            crate::domain::counted(learners.len(), "learner", "learners")
        );
        let mut commit = Commit::new(context.event(Action::Links, summary.clone(), learners, Vec::new()));
        commit.links = chosen
            .into_iter()
            .map(|(hash, link)| (hash, crate::domain::LearnerLink { revoked: Some(context.now), ..link }))
            .collect();
        store.commit(&args.course, &commit)?;
        store.flush()?;
        say!("{}: {summary}.", args.course);
        return Ok(ExitCode::SUCCESS);
    }
    let open = links.iter().filter(|(_, link)| link.is_open(context.now)).count();
    let revoked = links.iter().filter(|(_, link)| link.revoked.is_some()).count();
    let expired = links.len() - open - revoked;
    let mut learners: Vec<&str> =
        links.iter().filter(|(_, link)| link.is_open(context.now)).map(|(_, link)| link.username.as_str()).collect();
    learners.sort_unstable();
    learners.dedup();
    if args.json {
        super::print_json(&LinkCounts { course: &args.course, open, expired, revoked, learners })?;
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "{}: {open} open personal links ({}), {expired} expired, {revoked} revoked.",
        args.course,
        crate::domain::counted(learners.len(), "learner", "learners")
    );
    Ok(ExitCode::SUCCESS)
}
