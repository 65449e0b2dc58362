//! `certdesk links`: the learners' personal links of a course, counted or revoked.

use std::process::ExitCode;

use clap::Args;

use super::interact::confirm;
use crate::domain::{Action, LearnerLink};
use crate::mail::links;
use crate::ops::{self, Context};
use crate::store::{Commit, Store};

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// The course's id (`certdesk courses` lists them)
    pub(super) course: String,
    /// Revoke these learners' links
    #[arg(long, value_name = "USERNAME", num_args = 1..)]
    pub(super) revoke: Vec<String>,
    /// Revoke every link of the course
    #[arg(long, conflicts_with = "revoke")]
    revoke_all: bool,
    /// Make a new personal link for each of these learners and print it, to hand to a learner
    /// the farewell message cannot reach (no address, or the mail bounced)
    #[arg(long, value_name = "USERNAME", num_args = 1.., conflicts_with_all = ["revoke", "revoke_all"])]
    pub(super) issue: Vec<String>,
    /// Do not ask for confirmation (--revoke-all asks scripts too)
    #[arg(long)]
    yes: bool,
    /// The counts, or the links made by --issue, as JSON
    #[arg(long, conflicts_with_all = ["revoke", "revoke_all"])]
    json: bool,
}

/// A link made by `--issue`, as `--json` prints it.
#[derive(serde::Serialize)]
struct Issued {
    username: String,
    url: String,
    expires: jiff::Timestamp,
}

#[derive(serde::Serialize)]
struct LinkCounts<'a> {
    course: &'a str,
    open: usize,
    expired: usize,
    revoked: usize,
    /// Of the revoked ones, those a newer message's link replaced.
    replaced: usize,
    /// The learners with an open link.
    learners: Vec<&'a str>,
}

pub fn links(store: &Store, args: LinksArgs, context: &Context) -> anyhow::Result<ExitCode> {
    let course = ops::require_course(store, &args.course)?;
    for username in args.revoke.iter().chain(&args.issue) {
        if store.enrollment(&course.id, username)?.is_none() {
            return Err(ops::unknown_enrolled(store, &course.id, username).into());
        }
    }
    if !args.issue.is_empty() {
        return issue(store, &args, context);
    }
    let mut links = store.links(&args.course)?;
    if !args.revoke.is_empty() || args.revoke_all {
        let chosen = to_revoke(links, args.revoke_all, &args.revoke, context.now);
        if chosen.is_empty() {
            let whose = if args.revoke_all { String::new() } else { format!(" of {}", args.revoke.join(", ")) };
            say!("{}: no open personal links{whose}; nothing was revoked.", args.course);
            return Ok(ExitCode::SUCCESS);
        }
        let question = match chosen.len() {
            1 => format!("Revoke the 1 open link of {}?", args.course),
            count => format!("Revoke all {count} open links of {}?", args.course),
        };
        if args.revoke_all && !confirm(&question, args.yes, "--yes")? {
            note!("Nothing was revoked.");
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
    // A link whose message did not go was never anyone's: not counted, as if never made.
    links.retain(|(_, link)| !link.never_sent());
    let open = links.iter().filter(|(_, link)| link.is_open(context.now)).count();
    let revoked = links.iter().filter(|(_, link)| link.revoked.is_some()).count();
    let expired = links.len() - open - revoked;
    let replaced = links.iter().filter(|(_, link)| links::replaced_among(&links, link)).count();
    let mut learners: Vec<&str> =
        links.iter().filter(|(_, link)| link.is_open(context.now)).map(|(_, link)| link.username.as_str()).collect();
    learners.sort_unstable();
    learners.dedup();
    if args.json {
        super::print_json(&LinkCounts { course: &args.course, open, expired, revoked, replaced, learners })?;
        return Ok(ExitCode::SUCCESS);
    }
    let replaced = match replaced {
        0 => String::new(),
        _ => format!(" ({replaced} replaced by a newer message's link)"),
    };
    say!(
        "{}: {} ({}), {expired} expired, {revoked} revoked{replaced}.",
        args.course,
        crate::domain::counted(open, "open personal link", "open personal links"),
        crate::domain::counted(learners.len(), "learner", "learners")
    );
    Ok(ExitCode::SUCCESS)
}

/// `--issue`: a new link for each learner named, kept in one commit with its audit entry, then
/// printed. Links made before stay open (a learner may still use the one mailed to them) until
/// a message carries a newer one.
fn issue(store: &Store, args: &LinksArgs, context: &Context) -> anyhow::Result<ExitCode> {
    let settings = store.settings(&args.course)?;
    let base = links::handed_out_at(&settings).ok_or_else(|| {
        anyhow::anyhow!(
            "{} hands out no personal links: they need self-generation on and a verification URL that \
             ends in /verify/ (`certdesk settings {} --self-generation on --verify-url https://HOST/verify/`)",
            args.course,
            args.course
        )
    })?;
    let days = store.mail_settings()?.link_days;
    let mut learners: Vec<String> = Vec::new();
    for username in &args.issue {
        if !learners.contains(username) {
            learners.push(username.clone());
        }
    }
    let minted = learners
        .iter()
        .map(|username| links::make(&base, &args.course, username, context.now, days))
        .collect::<ops::Result<Vec<_>>>()?;
    let summary =
        format!("made personal links by hand for {}", crate::domain::counted(learners.len(), "learner", "learners"));
    let mut commit = Commit::new(context.event(Action::Links, summary, learners, Vec::new()));
    commit.links = minted.iter().map(|minted| (minted.hash, minted.link.clone())).collect();
    store.commit(&args.course, &commit)?;
    store.flush()?;
    let issued: Vec<Issued> = minted
        .into_iter()
        .map(|minted| Issued { username: minted.link.username, url: minted.url, expires: minted.link.expires })
        .collect();
    if args.json {
        super::print_json(&issued)?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = issued.iter().map(|link| link.username.chars().count()).max().unwrap_or(0);
    for link in &issued {
        say!("{:width$}  {}  (until {})", link.username, link.url, link.expires.strftime("%Y-%m-%d"));
    }
    note!("Anyone with a link sees that learner's page: give each one to its learner only.");
    Ok(ExitCode::SUCCESS)
}

/// The links `--revoke` (of `usernames`) or `--revoke-all` takes: the open ones. An expired
/// link opens nothing already; counting it made "Revoke all 3 open links?" of one open link.
fn to_revoke(
    links: Vec<([u8; 32], LearnerLink)>,
    all: bool,
    usernames: &[String],
    now: jiff::Timestamp,
) -> Vec<([u8; 32], LearnerLink)> {
    links.into_iter().filter(|(_, link)| link.is_open(now) && (all || usernames.contains(&link.username))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_links_are_revoked() {
        let now: jiff::Timestamp = "2026-12-05T12:00:00Z".parse().expect("time");
        let link = |username: &str, expires_in_hours: i64, revoked: bool| {
            let expires = now + jiff::SignedDuration::from_hours(expires_in_hours);
            let created = now - jiff::SignedDuration::from_hours(24);
            let revoked = revoked.then_some(created);
            LearnerLink { course_id: "c".into(), username: username.into(), created, expires, revoked }
        };
        let links = vec![
            ([1; 32], link("frodo", 1, false)),
            ([2; 32], link("frodo", -1, false)),
            ([3; 32], link("sam", 1, true)),
            ([4; 32], link("sam", 5, false)),
        ];
        let hashes =
            |chosen: Vec<([u8; 32], LearnerLink)>| chosen.into_iter().map(|(hash, _)| hash[0]).collect::<Vec<_>>();
        assert_eq!(hashes(to_revoke(links.clone(), true, &[], now)), [1, 4]);
        assert_eq!(hashes(to_revoke(links.clone(), false, &["frodo".into()], now)), [1]);
        assert_eq!(hashes(to_revoke(links, false, &["merry".into()], now)), Vec::<u8>::new());
    }
}
