//! Finding a certificate by its code wherever it was issued: the code index names the course
//! and learner, whose ledger holds the entry.

use super::Result;
use crate::domain::{Code, Ledger, LedgerEntry};
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
