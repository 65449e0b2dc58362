//! `certdesk log COURSE [--json]`: the audit trail, oldest first.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use jiff::Timestamp;
use serde::Serialize;

use crate::domain::Code;
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
}

pub fn run(store: &Store, course: &str, json: bool) -> anyhow::Result<ExitCode> {
    ops::require_course(store, course)?;
    let events = store.events(course)?;
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
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &events)?;
        writeln!(out)?;
    } else if events.is_empty() {
        writeln!(out, "{course}: nothing has been logged yet.")?;
    }
    for event in if json { &[][..] } else { &events[..] } {
        writeln!(
            out,
            "{}  {:<10} {:<10} {}",
            event.at.strftime("%Y-%m-%d %H:%M:%S"),
            event.who,
            event.action.as_str(),
            event.summary
        )?;
        if !event.learners.is_empty() && event.learners.len() <= 10 {
            writeln!(out, "{:31}learners: {}", "", event.learners.join(", "))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
