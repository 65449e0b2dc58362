//! `certdesk log [COURSE] [--json]`: a course's audit trail, or without a course the
//! database's own (staff list, issuer keys, mail settings), oldest first.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use jiff::Timestamp;
use serde::Serialize;

use crate::cells::{cells, pad};
use crate::domain::{Code, Event, LearnerChanges};
use crate::ops;
use crate::store::Store;

#[derive(Serialize)]
struct EventJson<'a> {
    at: Timestamp,
    who: &'a str,
    action: &'static str,
    summary: &'a str,
    learners: &'a [String],
    codes: &'a [Code],
    learner_changes: Option<&'a LearnerChanges>,
}

pub fn run(store: &Store, course: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let (events, whose) = match course {
        Some(course) => {
            ops::require_course(store, course)?;
            (store.events(course)?, course.to_string())
        }
        None => (store.database_events()?, "The database (staff list, issuer keys, mail settings)".to_string()),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if json {
        let events: Vec<EventJson> = events
            .iter()
            .map(|event| EventJson {
                at: event.at,
                who: &event.who,
                action: event.action.as_str(),
                summary: &event.summary,
                learners: &event.learners,
                codes: &event.codes,
                learner_changes: event.learner_changes.as_deref(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &events)?;
        writeln!(out)?;
    } else if events.is_empty() {
        writeln!(out, "{whose}: nothing has been logged yet.")?;
    }
    if !json {
        write_events(&mut out, &events)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One line an event, its columns as wide as their widest cell (`frodo (learner page)`,
/// `mail-settings`) counted in a terminal's cells, as a login may be in any script; under the
/// action the learners and codes it touched (when there are many, how many), and whom an import
/// added, updated, found off the roster and regraded.
fn write_events(out: &mut impl Write, events: &[Event]) -> std::io::Result<()> {
    let who_width = events.iter().map(|event| cells(&event.who)).max().unwrap_or(0);
    let action_width = events.iter().map(|event| cells(event.action.as_str())).max().unwrap_or(0);
    for event in events {
        let at = format!("{} UTC", crate::domain::second(event.at));
        writeln!(
            out,
            "{at}  {}  {}  {}",
            pad(&event.who, who_width),
            pad(event.action.as_str(), action_width),
            event.summary
        )?;
        let indent = " ".repeat(at.len() + 2 + who_width + 2);
        let codes: Vec<String> = event.codes.iter().map(ToString::to_string).collect();
        for (label, named) in [("learners", &event.learners), ("codes", &codes)] {
            match named.len() {
                0 => {}
                1..=10 => writeln!(out, "{indent}{label}: {}", named.join(", "))?,
                many => writeln!(out, "{indent}{label}: {many} (`--json` lists them)")?,
            }
        }
        for (change, named) in event.learner_changes.iter().flat_map(|changes| changes.labelled()) {
            writeln!(out, "{indent}{change}: {named}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Action;

    fn event(who: &str, action: Action, summary: &str, learners: &[&str]) -> Event {
        Event {
            at: Timestamp::UNIX_EPOCH,
            who: who.into(),
            action,
            summary: summary.into(),
            learners: learners.iter().map(|learner| learner.to_string()).collect(),
            codes: Vec::new(),
            learner_changes: None,
        }
    }

    #[test]
    fn columns_line_up_however_long_who_and_the_action_are() {
        let events = [
            event("frodo (learner page)", Action::Request, "issued one", &["frodo"]),
            event("elrond", Action::MailSettings, "changed the sender", &[]),
            event("root", Action::Generate, "issued 23", &[]),
        ];
        let mut out = Vec::new();
        write_events(&mut out, &events).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        let column = |line: &str, word: &str| line.find(word).unwrap_or_else(|| panic!("{word} in {line:?}"));
        let summary = column(lines[0], "issued one");
        assert_eq!(column(lines[2], "changed the sender"), summary, "{text}");
        assert_eq!(column(lines[3], "issued 23"), summary, "{text}");
        assert_eq!(column(lines[2], "mail-settings"), column(lines[0], "request"), "{text}");
        assert!(lines[1].trim_start().starts_with("learners: frodo"), "{text}");
        assert_eq!(column(lines[1], "learners"), column(lines[0], "request"), "{text}");
    }

    /// A login in Bengali or Han takes the cells a terminal gives it (`শ্রাবন্তী`'s `া` takes
    /// one, which unicode-width counts as none), so the summaries still start in one column.
    #[test]
    fn a_login_in_any_script_keeps_the_columns() {
        let events = [
            event("শ্রাবন্তী (learner page)", Action::Request, "issued one", &[]),
            event("田中", Action::Generate, "issued 23", &[]),
            event("root", Action::MailSettings, "changed the sender", &[]),
        ];
        let mut out = Vec::new();
        write_events(&mut out, &events).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let starts: Vec<usize> = ["issued one", "issued 23", "changed the sender"]
            .iter()
            .zip(text.lines())
            .map(|(summary, line)| cells(&line[..line.find(summary).expect("the summary")]))
            .collect();
        assert_eq!(starts, vec![starts[0]; 3], "{text}");
    }
}
