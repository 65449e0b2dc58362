//! A long operation refused in its middle because someone else changed a learner of a later
//! part says what it did write, not that nothing was.

use crate::ops::{self, Context, Progress};
use crate::store::{Store, StoreError};

const COURSE: &str = "synthetic";
/// Two parts: 1000, then 500.
const LEARNERS: usize = 1500;

/// Once the first part is written, issues a certificate to the first learner of the second
/// part, as someone else's generate or request would meanwhile.
struct SomeoneElseAfterFirstPart<'a> {
    store: &'a Store,
    context: Context,
}

impl Progress for SomeoneElseAfterFirstPart<'_> {
    fn step(&mut self, done: usize, _total: usize) {
        if done != ops::CHUNK {
            return;
        }
        let state = ops::load_course_state(self.store, COURSE, self.context.now).unwrap();
        let next = ops::plan_generation(&state).issued[0].username.clone();
        let (write, code) = super::issue_to(&state, &next, &self.context).unwrap();
        let mut commit = crate::store::Commit::new(self.context.event(
            crate::domain::Action::Generate,
            format!("issued 1 certificate to {next}"),
            vec![next],
            vec![code],
        ));
        commit.ledgers.push(write);
        self.store.commit(COURSE, &commit).unwrap();
    }
}

#[test]
fn a_part_refused_after_others_were_written_says_what_was() {
    let course = crate::ops::test_course::TestCourse::synthetic(LEARNERS);
    let (store, context) = (&course.store, &course.context);
    let printer = course.printer();
    let mut meanwhile = SomeoneElseAfterFirstPart { store, context: Context::new("bruno", context.now) };
    let refused = ops::generate(store, COURSE, context, &printer, false, &mut meanwhile);
    let Err(ops::OpsError::Store(StoreError::Changed(message))) = refused else {
        panic!("expected a refusal, got {refused:?}");
    };
    assert_eq!(
        message,
        "learner001001's certificates were changed by someone else meanwhile: part 2 of 2 was not written; part 1 (1000 of 1500 learners) was, as the log says; run the command again for the rest"
    );
    assert_eq!(store.events(COURSE).unwrap().iter().filter(|e| e.who == "elrond").count(), 1, "part 1 stays written");
}

/// Once the first part is written, a colleague lowers a score of the last learner planned.
struct ScoreLoweredAfterFirstPart<'a> {
    store: &'a Store,
    context: Context,
    last: String,
}

impl Progress for ScoreLoweredAfterFirstPart<'_> {
    fn step(&mut self, done: usize, _total: usize) {
        if done == ops::CHUNK {
            let zero = Some(crate::domain::Points::from_hundredths(0));
            ops::set_score(self.store, COURSE, &self.last, "a01", zero, &self.context).unwrap();
        }
    }
}

/// A generate never issues a certificate on figures a colleague changed while it ran: the part
/// with the changed learner is refused, and the parts before it stay.
#[test]
fn a_part_whose_learner_was_regraded_meanwhile_is_refused() {
    let course = crate::ops::test_course::TestCourse::synthetic(LEARNERS);
    let (store, context) = (&course.store, &course.context);
    let printer = course.printer();
    let state = ops::load_course_state(store, COURSE, context.now).unwrap();
    let last = ops::plan_generation(&state).issued.last().map(|planned| planned.username.clone()).unwrap();
    let mut meanwhile = ScoreLoweredAfterFirstPart { store, context: Context::new("bruno", context.now), last };
    let refused = ops::generate(store, COURSE, context, &printer, false, &mut meanwhile);
    let Err(ops::OpsError::Store(StoreError::Changed(message))) = refused else {
        panic!("expected a refusal, got {refused:?}");
    };
    assert!(
        message.contains("'s scores or details were changed by someone else meanwhile: part 2 of 2 was not written"),
        "{message}"
    );
    let issued: usize = store.ledgers(COURSE).unwrap().iter().filter(|(_, ledger)| ledger.active().is_some()).count();
    assert_eq!(issued, ops::CHUNK, "part 1 stays written, part 2 is not");
}

/// A server gone while it wrote a part may have written it: the stop says so, rather than that
/// only the parts before it were written.
#[test]
fn a_part_cut_off_by_the_server_going_may_have_been_written() {
    let gone =
        StoreError::ServerGone { path: "/srv/db".into(), reason: "it closed the connection".into(), starter: None };
    let said = super::stopped_partway(gone, super::PartLabel { index: 6, parts: 178 }, 5000, 178_000).to_string();
    assert!(
        said.contains("parts 1 to 5 (5000 of 178000 learners) were written before (part 6 may have been written too"),
        "{said}"
    );
    let full = StoreError::Sled(sled::Error::Io(std::io::Error::from(std::io::ErrorKind::StorageFull)));
    let said = super::stopped_partway(full, super::PartLabel { index: 6, parts: 178 }, 5000, 178_000).to_string();
    assert!(!said.contains("may have been written"), "{said}");
}
