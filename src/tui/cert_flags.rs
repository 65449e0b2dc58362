//! What a certificate's row says about it besides who it is: its flags (not eligible now,
//! stale, provisional, mailed), each in ever shorter forms, and its status in the history.

use super::cert_columns::Flags;
use crate::domain::{CertificateStatus, LedgerEntry};
use crate::ops::Standing;

/// `provisional` where a narrow screen has no room for it: whole in the flags' header's five
/// cells, where the history at 80 columns cut it to `provi…`.
pub const PROVISIONAL_SHORT: &str = "prov.";

/// A certificate's flags, from the fullest form to the shortest: every flag in full; then
/// eligibility and mail by name with the staleness losing details from its end; then every flag
/// by name (the scores beside them show by how much a certificate is stale); and, for the
/// narrowest column, that with `provisional` as `prov.`. In each, what staff must act on first
/// comes first.
pub(super) fn flags(standing: &Standing, entry: &LedgerEntry, mail: Option<&str>) -> Flags {
    let issued = entry.status == CertificateStatus::Issued;
    let not_eligible = standing.eligibility.as_ref().err().filter(|_| issued);
    // The row's own columns give the percents at issue and now: the flag says the rest of
    // what changed (the letter, final or provisional, the name), which the percents, said
    // again, pushed out of a 32-cell column.
    let stale = standing
        .staleness()
        .filter(|_| issued)
        .map(|staleness| crate::domain::Staleness { percent: None, ..staleness }.parts());
    let provisional = entry.certificate.is_provisional();
    let form = |in_full: bool, details: usize, abbreviated: bool| {
        let mut parts = Vec::new();
        if let Some(reason) = not_eligible {
            parts.push(if in_full { format!("now: {reason}") } else { "not eligible".to_string() });
        }
        if let Some(stale) = &stale {
            parts.push(match details.min(stale.len()) {
                0 => "stale".to_string(),
                kept => format!("stale: {}", stale[..kept].join(", ")),
            });
        }
        if provisional {
            parts.push(if abbreviated { PROVISIONAL_SHORT } else { "provisional" }.to_string());
        }
        if let Some(mail) = mail {
            parts.push(if in_full { mail } else { short_mail(mail) }.to_string());
        }
        parts.join(", ")
    };
    let details = stale.as_ref().map_or(0, Vec::len);
    let mut forms = vec![form(true, details, false)];
    forms.extend((0..=details).rev().map(|kept| form(false, kept, false)));
    forms.dedup();
    let abbreviated = Some(form(false, 0, true)).filter(|_| provisional);
    Flags { forms, abbreviated }
}

/// `mailed 2026-12-02` -> `mailed`; `mailed 2026-12-02, resend refused` -> `resend refused`;
/// `mail refused` stays.
fn short_mail(mail: &str) -> &str {
    match mail.rsplit_once(", ") {
        Some((_, last)) => last,
        None if mail.starts_with("mailed ") => "mailed",
        None => mail,
    }
}

pub fn describe_status(status: &CertificateStatus, long: bool) -> String {
    match status {
        CertificateStatus::Issued => "issued".to_string(),
        CertificateStatus::Superseded { by, .. } if long => format!("superseded by {by}"),
        CertificateStatus::Revoked { reason, .. } if long => format!("revoked: {reason}"),
        CertificateStatus::Superseded { .. } => "superseded".to_string(),
        CertificateStatus::Revoked { .. } => "revoked".to_string(),
    }
}
