//! `certdesk verify CODE [--json]`

use std::process::ExitCode;

use jiff::Timestamp;
use serde::Serialize;

use super::certificates::StatusJson;
use crate::domain::{Certificate, CertificateStatus, Code, Mode, Percent};
use crate::ops::{self, CodeStatus, Verdict};
use crate::store::Store;

#[derive(Serialize)]
struct VerificationJson<'a> {
    code: Code,
    verdict: CodeStatus,
    certificate: Option<CertificateJson<'a>>,
    status: Option<StatusJson<'a>>,
}

#[derive(Serialize)]
struct CertificateJson<'a> {
    course: &'a str,
    course_title: &'a str,
    username: &'a str,
    full_name: &'a str,
    percent: Percent,
    letter: Option<&'a str>,
    mode: Mode,
    grade_status: String,
    issued_at: Timestamp,
    issued_by: &'a str,
    template: String,
    /// SHA-256 over `canonical_text` (see the README).
    digest: String,
    digest_ok: bool,
}

pub fn run(store: &Store, code: &str, json: bool) -> anyhow::Result<ExitCode> {
    let code: Code = code.parse().map_err(ops::OpsError::from)?;
    let verification = ops::verify(store, code)?;
    let verdict = &verification.verdict;
    let status = match verdict {
        Verdict::Superseded { status, .. } | Verdict::Revoked { status, .. } => Some(status),
        _ => None,
    };
    let digest_ok = match verdict {
        Verdict::Valid { digest_ok, .. }
        | Verdict::Superseded { digest_ok, .. }
        | Verdict::Revoked { digest_ok, .. } => *digest_ok,
        Verdict::Example | Verdict::Unknown => false,
    };
    if json {
        super::print_json(&VerificationJson {
            code,
            verdict: verdict.status(),
            certificate: verdict.certificate().map(|certificate| certificate_json(certificate, digest_ok)),
            status: status.map(StatusJson::of),
        })?;
    } else {
        print_verdict(code, verdict, status, digest_ok)?;
    }
    Ok(if matches!(verdict, Verdict::Valid { .. }) { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn certificate_json(certificate: &Certificate, digest_ok: bool) -> CertificateJson<'_> {
    let snapshot = &certificate.snapshot;
    CertificateJson {
        course: &certificate.course_id,
        course_title: &snapshot.course_title,
        username: &certificate.username,
        full_name: &snapshot.full_name,
        percent: snapshot.percent,
        letter: snapshot.letter.as_deref(),
        mode: snapshot.mode,
        grade_status: snapshot.grade_status.to_string(),
        issued_at: snapshot.issued_at,
        issued_by: &snapshot.issued_by,
        template: snapshot.template.to_string(),
        digest: certificate.digest_hex(),
        digest_ok,
    }
}

fn print_verdict(
    code: Code,
    verdict: &Verdict,
    status: Option<&CertificateStatus>,
    digest_ok: bool,
) -> anyhow::Result<()> {
    match status {
        Some(CertificateStatus::Superseded { by, at, .. }) => {
            say!("{code}: SUPERSEDED on {} by {by}; verify {by} for the certificate in force.", day(*at));
        }
        Some(CertificateStatus::Revoked { reason, at, .. }) => {
            say!("{code}: REVOKED on {}: {reason}", day(*at));
        }
        _ => match verdict {
            Verdict::Valid { .. } => say!("{code}: VALID"),
            Verdict::Example => {
                say!("{code}: EXAMPLE: this code is printed on example certificates, which certify nothing.");
            }
            _ => say!("{code}: UNKNOWN: no certificate has this code."),
        },
    }
    let Some(certificate) = verdict.certificate() else {
        return Ok(());
    };
    let snapshot = &certificate.snapshot;
    let letter = snapshot.letter.as_deref().map(|letter| format!(" ({letter})")).unwrap_or_default();
    say!("  certifies  {}", snapshot.full_name);
    say!("  course     {} ({})", snapshot.course_title, certificate.course_id);
    say!("  grade      {}{letter}, {}", snapshot.percent, snapshot.grade_status);
    say!("  mode       {}", snapshot.mode);
    say!("  issued     {} by {}", snapshot.issued_at.strftime("%Y-%m-%d %H:%M UTC"), snapshot.issued_by);
    let check = if digest_ok { "matches the record" } else { "DOES NOT MATCH the record" };
    say!("  digest     sha256:{} ({check})", certificate.digest_hex());
    Ok(())
}

fn day(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d").to_string()
}
