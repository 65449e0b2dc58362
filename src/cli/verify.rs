//! `certdesk verify CODE [--json]`

use std::process::ExitCode;

use jiff::Timestamp;
use serde::Serialize;

use super::certificates::StatusJson;
use crate::domain::{Certificate, CertificateStatus, Code, Mode, Percent};
use crate::ops::{self, CodeStatus, Latest, Verdict};
use crate::store::Store;

#[derive(Serialize)]
struct VerificationJson<'a> {
    code: Code,
    /// `record_altered` for a record changed after issue, whatever its status.
    verdict: ops::CodeVerdict,
    certificate: Option<CertificateJson<'a>>,
    status: Option<StatusJson<'a>>,
    /// For a superseded certificate, the end of its chain of replacements.
    latest_replacement: Option<LatestJson<'a>>,
    /// When this code leads to no certificate in force, the learner's certificate in force
    /// issued after it (certified again after a revocation or a deletion).
    later_in_force: Option<ops::InForce>,
}

/// What became of a certificate no longer in force, for `verify --file --json`: the members
/// `verify --json` gives it (`status` flat, as `certificates --json` has it).
#[derive(Serialize)]
pub(super) struct EndedJson<'a> {
    #[serde(flatten)]
    status: StatusJson<'a>,
    latest_replacement: Option<LatestJson<'a>>,
    later_in_force: Option<ops::InForce>,
}

impl<'a> EndedJson<'a> {
    pub(super) fn of(ended: &'a ops::Ended) -> EndedJson<'a> {
        EndedJson {
            status: StatusJson::of(&ended.status),
            latest_replacement: ended.latest.as_ref().map(LatestJson::of),
            later_in_force: ended.later_in_force,
        }
    }
}

#[derive(Serialize)]
struct LatestJson<'a> {
    code: Code,
    /// `valid` or `revoked`.
    verdict: CodeStatus,
    /// As `status` above: `null` for a certificate in force.
    status: Option<StatusJson<'a>>,
}

impl<'a> LatestJson<'a> {
    fn of(latest: &'a Latest) -> LatestJson<'a> {
        let in_force = latest.status == CertificateStatus::Issued;
        LatestJson {
            code: latest.code,
            verdict: latest.code_status(),
            status: (!in_force).then(|| StatusJson::of(&latest.status)),
        }
    }
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
    let code = Code::from_typed(code).map_err(ops::OpsError::from)?;
    let verification = ops::verify(store, code)?;
    let verdict = &verification.verdict;
    let status = match verdict {
        Verdict::Superseded { status, .. } | Verdict::Revoked { status, .. } => Some(status),
        _ => None,
    };
    let latest = match verdict {
        Verdict::Superseded { latest, .. } => latest.as_ref(),
        _ => None,
    };
    let digest_ok = verdict.digest_ok().unwrap_or(false);
    let later = verification.later_in_force;
    if json {
        super::print_json(&VerificationJson {
            code,
            verdict: verdict.code_verdict(),
            certificate: verdict.certificate().map(|certificate| certificate_json(certificate, digest_ok)),
            status: status.map(StatusJson::of),
            latest_replacement: latest.map(LatestJson::of),
            later_in_force: later,
        })?;
    } else {
        print_verdict(code, verdict, (status, latest, later.as_ref()), digest_ok)?;
    }
    // A record changed after issue is not to be relied on, which a script learns from the exit
    // status as a person does from the ALTERED line: it exited 0, as for any valid one.
    let relied_on = matches!(verdict, Verdict::Valid { .. }) && digest_ok;
    Ok(if relied_on { ExitCode::SUCCESS } else { ExitCode::FAILURE })
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
    (status, latest, later): (Option<&CertificateStatus>, Option<&Latest>, Option<&ops::InForce>),
    digest_ok: bool,
) -> anyhow::Result<()> {
    let said = match status.and_then(|status| ops::no_longer_in_force(status, latest)) {
        Some((word, what)) => format!("{} {what}", word.to_uppercase()),
        None => match verdict {
            Verdict::Valid { .. } => "VALID".to_string(),
            Verdict::Example => {
                "EXAMPLE: this code is printed on example certificates, which certify nothing.".to_string()
            }
            _ => "UNKNOWN: no certificate has this code.".to_string(),
        },
    };
    // What `--json` answers: an altered record first, where the first line said VALID of a
    // record the last line said not to rely on.
    match verdict.code_verdict() {
        ops::CodeVerdict::RecordAltered => {
            say!("{code}: RECORD ALTERED after issue (see ALTERED below); on record as {said}")
        }
        ops::CodeVerdict::Status(_) => say!("{code}: {said}"),
    }
    if let Some((label, text)) = later.map(ops::later_in_force) {
        say!("  {}", ops::labelled(label, &text));
    }
    let Some(certificate) = verdict.certificate() else {
        return Ok(());
    };
    for (label, text) in ops::record_lines(certificate, matches!(verdict, Verdict::Valid { .. })) {
        say!("  {}", ops::labelled(label, &text));
    }
    let check = if digest_ok { "matches the record" } else { "no longer matches the record" };
    say!("  {}", ops::labelled("digest", &format!("sha256:{} ({check})", certificate.digest_hex())));
    // What a digest that does not match means, and what to do, where "DOES NOT MATCH the
    // record" left staff to work out both; the verify dialog says it in the same words.
    if !digest_ok {
        say!("  {}", ops::labelled("ALTERED", ops::ALTERED));
    }
    Ok(())
}

/// What befell the certificates found no longer valid, each kind with its count, for
/// `domain::counts_listed` (`1 superseded, 2 withdrawn`): a verdict once named all three kinds
/// whatever had happened; one whose record did not say stays `no longer valid`.
pub(super) fn ended_kinds(no_longer_valid: usize, kinds: &ops::EndedKinds) -> [(usize, &'static str); 4] {
    let untold = no_longer_valid.saturating_sub(kinds.total());
    [
        (kinds.superseded, "superseded"),
        (kinds.revoked, "revoked"),
        (kinds.withdrawn, "withdrawn"),
        (untold, "no longer valid"),
    ]
}

/// The one word for what befell a single certificate no longer valid (`superseded`,
/// `revoked`, `withdrawn`); `None` when there were several, or its record did not say.
pub(super) fn ended_word(kinds: &ops::EndedKinds) -> Option<&'static str> {
    match (kinds.superseded, kinds.revoked, kinds.withdrawn) {
        (1, 0, 0) => Some("superseded"),
        (0, 1, 0) => Some("revoked"),
        (0, 0, 1) => Some("withdrawn"),
        _ => None,
    }
}
