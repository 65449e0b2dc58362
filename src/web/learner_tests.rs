//! The learner's page and link as `learner` makes them from the store: which links open, and
//! why a learner without a certificate has none yet.

use jiff::SignedDuration;

use super::*;
use crate::store::tests::{import_event, sample_course, sample_enrollment, temp_store};

fn store() -> (tempfile::TempDir, Store) {
    let (dir, local) = temp_store();
    let store = Store::from_local(local);
    store.replace_course(&sample_course(), &[sample_enrollment("ann", Some(500))], &import_event()).unwrap();
    (dir, store)
}

fn link(username: &str, now: Timestamp) -> LearnerLink {
    LearnerLink {
        course_id: sample_course().id,
        username: username.into(),
        created: now,
        expires: now + SignedDuration::from_hours(24),
        revoked: None,
    }
}

#[test]
fn a_link_opens_only_while_it_is_neither_expired_nor_revoked() {
    let (_dir, store) = store();
    // Links are kept to the microsecond.
    let now = Timestamp::from_microsecond(Timestamp::now().as_microsecond()).unwrap();
    let token = "0123456789abcdef0123456789abcdef01234567";
    store.add_link(links::token_hash(token), &link("ann", now)).unwrap();
    assert_eq!(open(&store, token, now).unwrap(), Ok(link("ann", now)));
    assert_eq!(open(&store, token, now + SignedDuration::from_hours(25)).unwrap(), Err(Closed::Expired));
    let revoked = LearnerLink { revoked: Some(now), ..link("ann", now) };
    store.add_link(links::token_hash(token), &revoked).unwrap();
    assert_eq!(open(&store, token, now).unwrap(), Err(Closed::Revoked));
    assert_eq!(open(&store, "1123456789abcdef0123456789abcdef01234567", now).unwrap(), Err(Closed::Unknown));
    assert_eq!(open(&store, "../verify", now).unwrap(), Err(Closed::Unknown));
}

#[test]
fn a_page_says_why_not_yet_and_only_for_an_enrolled_learner() {
    let (_dir, store) = store();
    let now = Timestamp::now();
    let fonts = FontBook::new();
    let page = page(&store, &fonts, &link("ann", now), now, Some(&[])).unwrap().expect("ann is enrolled");
    assert_eq!(page.full_name, "Learner ann");
    assert_eq!(page.certificate, None);
    assert!(!page.may_request);
    assert!(page.why_not.as_deref().unwrap_or("").contains("80.0%"), "{page:?}");
    assert!(super::page(&store, &fonts, &link("bob", now), now, Some(&[])).unwrap().is_none());
    // Her one activity is graded: her grade is final, and the page does not say otherwise.
    assert!(page.why_not.as_deref().unwrap_or("").ends_with("Your grade is final."), "{page:?}");
    assert!(page.settled, "no certificate is coming: {page:?}");
}

#[test]
fn a_grade_still_open_below_the_mark_is_not_the_last_word() {
    let (_dir, store) = store();
    let enrollments = [sample_enrollment("ann", Some(500)), sample_enrollment("cy", None)];
    store.replace_course(&sample_course(), &enrollments, &import_event()).unwrap();
    let now = Timestamp::now();
    let page = page(&store, &FontBook::new(), &link("cy", now), now, Some(&[])).unwrap().expect("cy is enrolled");
    assert!(page.why_not.as_deref().unwrap_or("").contains("may still change"), "{page:?}");
    assert!(!page.settled, "{page:?}");
}

#[test]
fn a_name_no_font_has_gets_no_button_but_a_reason() {
    let (_dir, store) = store();
    let mut kamal = sample_enrollment("kamal", Some(1000));
    kamal.full_name = "කමල් පෙරේරා".into();
    store.replace_course(&sample_course(), &[kamal.clone()], &import_event()).unwrap();
    let course = sample_course().id;
    let mut commit = crate::store::Commit::new(import_event());
    commit.settings = Some(crate::domain::CourseSettings { self_generation: true, ..store.settings(&course).unwrap() });
    store.commit(&course, &commit).unwrap();
    let now = Timestamp::now();
    let state = ops::load_learner_state(&store, &course, "kamal", now).unwrap().unwrap();
    assert_eq!(state.learner("kamal").unwrap().eligibility, Ok(()), "eligible but for the name");
    let page = page(&store, &FontBook::new(), &link("kamal", now), now, Some(&[])).unwrap().expect("enrolled");
    assert!(!page.may_request, "{page:?}");
    assert!(page.why_not.as_deref().unwrap_or("").contains("cannot be printed yet"), "{page:?}");
}
