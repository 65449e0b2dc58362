//! The certificate list of a course: each certificate beside the learner's current grade.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;

use super::Result;
use super::standing::{CourseState, load_course_state};
use crate::domain::{CertificateStatus, Code, Delivery, Ineligible, LedgerEntry, Mode, Percent, Subject};
use crate::store::Store;

#[derive(Debug, Clone, Serialize)]
pub struct CertificateRow {
    pub code: Code,
    pub username: String,
    pub full_name: String,
    pub mode: Mode,
    pub percent: Percent,
    pub letter: Option<String>,
    /// The learner's percent now (`None` if they are no longer on the roster).
    pub current_percent: Option<Percent>,
    pub provisional: bool,
    /// How the certificate differs from what is true now (`85.0% -> 95.0%`); only for
    /// certificates in force.
    pub stale: Option<String>,
    /// Why the learner would not be issued this certificate now (withdrawn since, below a
    /// raised threshold); only for certificates in force.
    pub not_eligible: Option<Ineligible>,
    pub status: CertificateStatus,
    pub issued_at: Timestamp,
    pub issued_by: String,
    pub template: String,
    /// The message that carried it to the learner (`certdesk mail`), sent or refused.
    pub mail: Option<Delivery>,
}

/// Active certificates, ordered by username; with `history`, every certificate ever issued.
pub fn list_certificates(store: &Store, course_id: &str, history: bool, now: Timestamp) -> Result<Vec<CertificateRow>> {
    let state = load_course_state(store, course_id, now)?;
    let deliveries = store.deliveries(course_id)?;
    Ok(certificate_rows(&state, history, &deliveries))
}

pub fn certificate_rows(state: &CourseState, history: bool, deliveries: &[Delivery]) -> Vec<CertificateRow> {
    let mut mailed = by_certificate(deliveries);
    let mut rows = Vec::new();
    for standing in &state.learners {
        let stale = standing.staleness().map(|staleness| staleness.describe());
        for entry in &standing.ledger.entries {
            let active = entry.status == CertificateStatus::Issued;
            if active || history {
                let mail = mailed.remove(&entry.certificate.code).cloned();
                let mut row = row(entry, Some(standing.grade.percent), mail);
                if active {
                    row.stale = stale.clone();
                    row.not_eligible = standing.eligibility.err();
                }
                rows.push(row);
            }
        }
    }
    rows
}

/// Each certificate's delivery, by its code.
pub fn by_certificate(deliveries: &[Delivery]) -> HashMap<Code, &Delivery> {
    deliveries
        .iter()
        .filter_map(|delivery| match delivery.subject {
            Subject::Certificate(code) => Some((code, delivery)),
            Subject::Farewell => None,
        })
        .collect()
}

fn row(entry: &LedgerEntry, current_percent: Option<Percent>, mail: Option<Delivery>) -> CertificateRow {
    let certificate = &entry.certificate;
    let snapshot = &certificate.snapshot;
    CertificateRow {
        code: certificate.code,
        username: certificate.username.clone(),
        full_name: snapshot.full_name.clone(),
        mode: snapshot.mode,
        percent: snapshot.percent,
        letter: snapshot.letter.clone(),
        current_percent,
        provisional: certificate.is_provisional(),
        stale: None,
        not_eligible: None,
        status: entry.status.clone(),
        issued_at: snapshot.issued_at,
        issued_by: snapshot.issued_by.clone(),
        template: snapshot.template.to_string(),
        mail,
    }
}
