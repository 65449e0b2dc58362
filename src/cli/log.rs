//! `certdesk log [COURSE] [--json]`: a course's audit trail, or without a course the
//! database's own (staff list, issuer keys, mail settings), oldest first.

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
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &events)?;
        writeln!(out)?;
    } else if events.is_empty() {
        writeln!(out, "{whose}: nothing has been logged yet.")?;
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
