//! `certdesk certificates COURSE [--all] [--json]`

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use jiff::Timestamp;
use serde::Serialize;

use super::table::{Align, Table, terminal_width};
use crate::domain::{CertificateStatus, Code, Ineligible, Mode, Percent};
use crate::ops::{self, CertificateRow};
use crate::store::Store;

/// A certificate's status for JSON: flat fields instead of an enum.
#[derive(Serialize)]
pub struct StatusJson<'a> {
    pub status: &'static str,
    pub superseded_by: Option<Code>,
    pub reason: Option<&'a str>,
    pub ended_at: Option<Timestamp>,
    pub ended_by: Option<&'a str>,
}

impl<'a> StatusJson<'a> {
    pub fn of(status: &'a CertificateStatus) -> StatusJson<'a> {
        let mut json =
            StatusJson { status: status.label(), superseded_by: None, reason: None, ended_at: None, ended_by: None };
        match status {
            CertificateStatus::Issued => {}
            CertificateStatus::Superseded { by, at, who } => {
                (json.superseded_by, json.ended_at, json.ended_by) = (Some(*by), Some(*at), Some(who.as_str()));
            }
            CertificateStatus::Revoked { reason, at, who } => {
                (json.reason, json.ended_at, json.ended_by) = (Some(reason.as_str()), Some(*at), Some(who.as_str()));
            }
        }
        json
    }
}

#[derive(Serialize)]
struct RowJson<'a> {
    code: Code,
    username: &'a str,
    full_name: &'a str,
    mode: Mode,
    percent: Percent,
    letter: Option<&'a str>,
    current_percent: Option<Percent>,
    provisional: bool,
    stale: Option<&'a str>,
    /// For a certificate in force: why the learner would not be issued it now.
    not_eligible: Option<Ineligible>,
    #[serde(flatten)]
    status: StatusJson<'a>,
    issued_at: Timestamp,
    issued_by: &'a str,
    template: &'a str,
    /// The message that carried it (`certdesk mail`): null when none was tried.
    mail: Option<MailJson<'a>>,
}

#[derive(Serialize)]
struct MailJson<'a> {
    to: &'a str,
    sent_at: Option<Timestamp>,
    message_id: Option<&'a str>,
    error: Option<&'a str>,
    attempts: u32,
    last_attempt: Timestamp,
}

pub fn run(store: &Store, course: &str, history: bool, json: bool, now: Timestamp) -> anyhow::Result<ExitCode> {
    let rows = ops::list_certificates(store, course, history, now)?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if json {
        let rows: Vec<RowJson> = rows.iter().map(row_json).collect();
        serde_json::to_writer(&mut out, &rows)?;
        writeln!(out)?;
    } else if rows.is_empty() {
        writeln!(out, "{course} has no {}certificates.", if history { "" } else { "active " })?;
    } else {
        write_table(&rows, history, &mut out)?;
        let not_eligible = rows.iter().filter(|row| row.not_eligible.is_some()).count();
        if not_eligible > 0 {
            writeln!(
                out,
                "{} in force for learners who would not be issued one now (see flags): keep them, or revoke each with certdesk revoke CODE --reason TEXT.",
                crate::domain::counted(not_eligible, "certificate", "certificates")
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn row_json(row: &CertificateRow) -> RowJson<'_> {
    RowJson {
        code: row.code,
        username: &row.username,
        full_name: &row.full_name,
        mode: row.mode,
        percent: row.percent,
        letter: row.letter.as_deref(),
        current_percent: row.current_percent,
        provisional: row.provisional,
        stale: row.stale.as_deref(),
        not_eligible: row.not_eligible,
        status: StatusJson::of(&row.status),
        issued_at: row.issued_at,
        issued_by: &row.issued_by,
        template: &row.template,
        mail: row.mail.as_ref().map(|delivery| MailJson {
            to: &delivery.to,
            sent_at: delivery.sent_at,
            message_id: delivery.message_id.as_deref(),
            error: delivery.error.as_deref(),
            attempts: delivery.attempts,
            last_attempt: delivery.last_attempt,
        }),
    }
}

fn write_table(rows: &[CertificateRow], history: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let mut columns = vec![
        ("code", Align::Left),
        ("username", Align::Left),
        ("name", Align::Left),
        ("mode", Align::Left),
        ("at issue", Align::Right),
        ("now", Align::Right),
        ("issued (UTC)", Align::Left),
        ("by", Align::Left),
        ("flags", Align::Left),
    ];
    if history {
        columns.insert(1, ("status", Align::Left));
    }
    // The flags, last, are whole in a file or a pipe, and use a terminal's whole width.
    let mut table = Table::new(columns).whole_last(terminal_width()).for_stdout();
    for row in rows {
        let mut flags = Vec::new();
        if let Some(reason) = row.not_eligible {
            flags.push(format!("not eligible now: {reason}"));
        }
        if row.provisional {
            flags.push("provisional".to_string());
        }
        if let Some(stale) = &row.stale {
            flags.push(format!("stale: {stale}"));
        }
        if let Some(mail) = &row.mail {
            flags.push(mail.describe());
        }
        let mut cells = vec![
            row.code.to_string(),
            row.username.clone(),
            row.full_name.clone(),
            row.mode.to_string(),
            row.percent.to_string(),
            row.current_percent.map_or_else(|| "-".to_string(), |percent| percent.to_string()),
            crate::domain::minute(row.issued_at),
            row.issued_by.clone(),
            flags.join(", "),
        ];
        if history {
            cells.insert(1, describe_status(&row.status));
        }
        table.push(cells);
    }
    table.write(out)?;
    Ok(())
}

pub fn describe_status(status: &CertificateStatus) -> String {
    match status {
        CertificateStatus::Issued => "issued".to_string(),
        CertificateStatus::Superseded { by, .. } => format!("superseded by {by}"),
        CertificateStatus::Revoked { reason, .. } => format!("revoked: {reason}"),
    }
}
