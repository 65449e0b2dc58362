//! Finding a certificate by its code wherever it was issued (the code index names the course
//! and learner, whose ledger holds the entry), and a learner by the username someone typed.

use super::Result;
use crate::domain::name::{composed, decomposed_form};
use crate::domain::{Certificate, CertificateStatus, Code, Ledger, LedgerEntry};
use crate::store::{CodeOwner, Store};

/// A certificate found by its code: where it was issued and the ledger that holds it.
#[derive(Debug, Clone)]
pub struct Located {
    pub owner: CodeOwner,
    pub ledger: Ledger,
    index: usize,
}

impl Located {
    /// The certificate's entry in its ledger.
    pub fn entry(&self) -> &LedgerEntry {
        &self.ledger.entries[self.index]
    }

    /// The certificate, taken out of its ledger.
    pub fn into_certificate(mut self) -> Certificate {
        self.ledger.entries.swap_remove(self.index).certificate
    }

    /// The learner's certificate in force when it was issued after this one: a replacement, or
    /// a certificate issued again after this one (or its replacement) was revoked or deleted.
    pub fn later_in_force(&self) -> Option<&LedgerEntry> {
        self.ledger.entries.iter().skip(self.index + 1).rev().find(|entry| entry.status == CertificateStatus::Issued)
    }
}

/// The certificate with `code` (in force or not), or `None` when no certificate has it.
pub fn find_certificate(store: &Store, code: Code) -> Result<Option<Located>> {
    let Some(owner) = store.code_owner(code)? else { return Ok(None) };
    let ledger = store.ledger(&owner.course_id, &owner.username)?.unwrap_or_default();
    Ok(ledger.position(code).map(|index| Located { owner, ledger, index }))
}

/// The sentence for a code no certificate has.
pub fn unknown_code(code: Code) -> super::OpsError {
    super::OpsError::Refused(format!("no certificate has the code {code}"))
}

/// The username `typed` names in the course, as the database keeps it: composed (NFC), as
/// imports keep every username, whatever form the terminal sent; or, for a learner imported by
/// an older certdesk from a file that wrote its accents decomposed, that form. An unknown
/// learner comes back composed, for the command to refuse as it does any unknown username.
///
/// Trying the second form costs one more lookup, only for a username with accents that is not
/// found composed. Composing such usernames when the database is opened instead would re-key
/// every tree a learner is kept under (enrollments, ledgers, exceptions, deliveries, the code
/// index's owners), and could not change the certificates issued to them: each certificate's
/// digest is taken over its username as issued.
pub fn stored_username(store: &Store, course_id: &str, typed: &str) -> Result<String> {
    let username = composed(typed.to_string());
    let Some(decomposed) = decomposed_form(&username) else { return Ok(username) };
    if store.enrollment(course_id, &username)?.is_none() && store.enrollment(course_id, &decomposed)?.is_some() {
        return Ok(decomposed);
    }
    Ok(username)
}
