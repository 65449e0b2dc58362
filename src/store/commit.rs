//! Writing a change to a course's certificates and settings in one transaction, together
//! with the audit event that explains it, so the log never misses a change and no
//! verification code points at a certificate that was not stored.

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::certificates::CodeOwner;
use super::codec::encode;
use super::courses::CourseRecord;
use super::error::{Result, StoreError};
use super::keys;
use super::local::LocalStore;
use crate::domain::{
    Code, Course, CourseSettings, Delivery, Enrollment, Event, ExampleSet, Exception, Farewell, LearnerLink, Ledger,
};

/// How a refused commit's message ends: true of that commit, not of the parts of a long
/// operation committed before it (which replace these words with what they did write).
pub const NOTHING_WRITTEN: &str = "; nothing was written, run the command again";

/// One learner's ledger as it should be stored, with the codes it newly contains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerWrite {
    pub username: String,
    pub ledger: Ledger,
    pub new_codes: Vec<Code>,
    /// The ledger this one was made from (`None`: the learner had none). When the stored
    /// ledger is no longer that one (someone else issued or revoked meanwhile), the commit
    /// writes nothing and fails with `StoreError::Changed`.
    pub replaces: Option<Ledger>,
}

impl LedgerWrite {
    /// `ledger` for `username`, made from `before` as it was read (an empty ledger is one
    /// that was never stored).
    pub fn new(username: &str, ledger: Ledger, new_codes: Vec<Code>, before: &Ledger) -> LedgerWrite {
        let replaces = (!before.entries.is_empty()).then(|| before.clone());
        LedgerWrite { username: username.to_string(), ledger, new_codes, replaces }
    }
}

/// Everything one step of an operation changes. Keep it to about a thousand learners:
/// sled holds a whole transaction in memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    pub event: Event,
    pub ledgers: Vec<LedgerWrite>,
    /// `None` removes the learner from the list.
    pub allowlist: Vec<(String, Option<Exception>)>,
    pub invalidations: Vec<(String, Option<Exception>)>,
    pub settings: Option<CourseSettings>,
    pub examples: Option<ExampleSet>,
    /// A course whose rules changed (threshold, issuance policy); its learners stay.
    pub course: Option<Course>,
    /// `Some(None)` goes back to the built-in farewell.
    pub farewell: Option<Option<Farewell>>,
    pub deliveries: Vec<Delivery>,
    /// Links changed (revoked), under the hash of their token.
    pub links: Vec<([u8; 32], LearnerLink)>,
    /// The learners whose scores and details the certificates of this commit were decided on,
    /// each with `enrollment_digest` of them as read: a learner changed since (a colleague's
    /// score lowered below the threshold while a long generate ran) refuses the commit.
    pub decided_on: Vec<(String, [u8; 8])>,
}

/// What `Commit::decided_on` keeps of an enrollment: a digest of it as stored, the same on the
/// server and its clients.
pub fn enrollment_digest(enrollment: &Enrollment) -> [u8; 8] {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(encode(enrollment));
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    first
}

impl Commit {
    pub fn new(event: Event) -> Commit {
        Commit {
            event,
            ledgers: Vec::new(),
            allowlist: Vec::new(),
            invalidations: Vec::new(),
            settings: None,
            examples: None,
            course: None,
            farewell: None,
            deliveries: Vec::new(),
            links: Vec::new(),
            decided_on: Vec::new(),
        }
    }
}

type Pairs = Vec<(Vec<u8>, Option<Vec<u8>>)>;

fn exception_pairs(course_id: &str, changes: &[(String, Option<Exception>)]) -> Pairs {
    changes
        .iter()
        .map(|(username, exception)| (keys::learner(course_id, username), exception.as_ref().map(encode)))
        .collect()
}

fn apply(tree: &TransactionalTree, pairs: &Pairs) -> sled::transaction::ConflictableTransactionResult<(), StoreError> {
    for (key, value) in pairs {
        match value {
            Some(value) => tree.insert(key.as_slice(), value.as_slice())?,
            None => tree.remove(key.as_slice())?,
        };
    }
    Ok(())
}

impl LocalStore {
    /// Applies `commit` all or nothing. Fails with `StoreError::CodeTaken`, writing nothing,
    /// when a new code is already in use, so the caller can draw another. Not flushed: the
    /// caller flushes once before it reports success.
    pub fn commit(&self, course_id: &str, commit: &Commit) -> Result<()> {
        // Held to the end: no template this commit names is deleted before it is written.
        let _templates_named = self.read_template_uses(course_id, commit)?;
        // Checked just before the transaction, which does not hold the enrollments: a score
        // saved in the moment between is the one race left, where a whole run was before.
        if !commit.decided_on.is_empty() {
            let generation = self.course_record(course_id)?.map(|record| record.generation);
            for (username, digest) in &commit.decided_on {
                let stored = match generation {
                    Some(generation) => self.enrollment_in(course_id, generation, username)?,
                    None => None,
                };
                if stored.as_ref().map(enrollment_digest).as_ref() != Some(digest) {
                    return Err(StoreError::Changed(format!(
                        "{username}'s scores or details were changed by someone else meanwhile{NOTHING_WRITTEN}"
                    )));
                }
            }
        }
        let ledgers: Pairs = commit
            .ledgers
            .iter()
            .map(|write| (keys::learner(course_id, &write.username), Some(encode(&write.ledger))))
            .collect();
        // Each ledger's key, the bytes it must hold now, and whose it is.
        type Expected<'a> = (Vec<u8>, Option<Vec<u8>>, &'a str);
        let expected: Vec<Expected> = commit
            .ledgers
            .iter()
            .map(|write| {
                (
                    keys::learner(course_id, &write.username),
                    write.replaces.as_ref().map(encode),
                    write.username.as_str(),
                )
            })
            .collect();
        let mut codes = Vec::new();
        for write in &commit.ledgers {
            let owner = encode(&CodeOwner { course_id: course_id.to_string(), username: write.username.clone() });
            codes.extend(write.new_codes.iter().map(|&code| (code, owner.clone())));
        }
        // Sorted, so the index's tree nodes are visited in order rather than at random.
        codes.sort_unstable_by_key(|(code, _)| *code);
        let allowlist = exception_pairs(course_id, &commit.allowlist);
        let invalidations = exception_pairs(course_id, &commit.invalidations);
        let course_key = keys::course(course_id);
        let settings: Pairs =
            commit.settings.iter().map(|settings| (course_key.clone(), Some(encode(settings)))).collect();
        let examples: Pairs =
            commit.examples.iter().map(|examples| (course_key.clone(), Some(encode(examples)))).collect();
        let course = match &commit.course {
            Some(course) => {
                let generation = self
                    .course_record(course_id)?
                    .ok_or_else(|| StoreError::Conflict(format!("course '{course_id}' is not in the database")))?
                    .generation;
                vec![(course_key.clone(), Some(encode(&CourseRecord { course: course.clone(), generation })))]
            }
            None => Vec::new(),
        };
        let farewell: Pairs =
            commit.farewell.iter().map(|farewell| (course_key.clone(), farewell.as_ref().map(encode))).collect();
        let deliveries: Pairs = commit
            .deliveries
            .iter()
            .map(|delivery| (super::mail::delivery_key(course_id, delivery), Some(encode(delivery))))
            .collect();
        let links: Pairs = commit.links.iter().map(|(hash, link)| (hash.to_vec(), Some(encode(link)))).collect();
        // Signed before the transaction (whose closure may run more than once), written in it.
        let seals = self.seals_of(course_id, commit)?;
        let event_key = keys::audit_event(course_id, self.db.generate_id()?);
        let event = encode(&commit.event);

        let trees = (
            &self.ledgers,
            &self.codes,
            &self.audit,
            &self.allowlist,
            &self.invalidations,
            &self.settings,
            &self.examples,
            &self.courses,
            &self.farewells,
            &self.deliveries,
            &self.links,
            &self.credentials,
        );
        trees.transaction(
            |(
                ledger_tree,
                code_tree,
                audit,
                allow_tree,
                invalid_tree,
                settings_tree,
                example_tree,
                course_tree,
                farewell_tree,
                delivery_tree,
                link_tree,
                credential_tree,
            )| {
                for (key, replaces, username) in &expected {
                    if ledger_tree.get(key)?.as_deref() != replaces.as_deref() {
                        return Err(ConflictableTransactionError::Abort(StoreError::Changed(format!(
                            "{username}'s certificates were changed by someone else meanwhile{NOTHING_WRITTEN}"
                        ))));
                    }
                }
                for (code, owner) in &codes {
                    if code_tree.insert(&keys::code(*code), owner.as_slice())?.is_some() {
                        return Err(ConflictableTransactionError::Abort(StoreError::CodeTaken(*code)));
                    }
                }
                apply(ledger_tree, &ledgers)?;
                apply(allow_tree, &allowlist)?;
                apply(invalid_tree, &invalidations)?;
                apply(settings_tree, &settings)?;
                apply(example_tree, &examples)?;
                apply(course_tree, &course)?;
                apply(farewell_tree, &farewell)?;
                apply(delivery_tree, &deliveries)?;
                apply(link_tree, &links)?;
                for (code, seal) in &seals {
                    credential_tree.insert(code, seal.as_slice())?;
                }
                audit.insert(event_key.as_slice(), event.as_slice())?;
                Ok(())
            },
        )?;
        Ok(())
    }
}
