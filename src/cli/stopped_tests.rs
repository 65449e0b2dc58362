//! A generate, regenerate or delete of all certificates stopped between its parts (Ctrl-C,
//! SIGTERM or SIGHUP raise the flag `StderrProgress` reads) ends by saying so: what it left, and
//! the command that finishes it. Here the flag is raised right after the first part, so the stop
//! cannot race the work, and what is checked is what each command prints.

use super::revoke::print_deletion;
use crate::ops::test_course::TestCourse;
use crate::ops::{self, DeleteTarget, Progress, Quiet, Target};

const COURSE: &str = "synthetic";
/// Two parts: 1000, then 500.
const LEARNERS: usize = 1500;

/// Asks to stop as soon as the first part is committed, as a Ctrl-C during it would.
struct StopAfterFirstPart {
    done: usize,
}

impl Progress for StopAfterFirstPart {
    fn step(&mut self, done: usize, _total: usize) {
        self.done = done;
    }

    fn cancelled(&self) -> bool {
        self.done > 0
    }
}

fn stop() -> StopAfterFirstPart {
    StopAfterFirstPart { done: 0 }
}

/// A course of `LEARNERS` learners, every one eligible, none certified yet.
fn course() -> TestCourse {
    TestCourse::synthetic(LEARNERS)
}

fn printed(print: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    print(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_delete_of_all_stopped_after_its_first_part_says_how_many_it_deleted_and_what_is_left() {
    let course = course();
    course.generate(&mut Quiet);
    let deletion =
        ops::delete_certificates(&course.store, COURSE, &DeleteTarget::All, &course.context, &mut stop()).unwrap();
    let text = printed(|out| print_deletion(COURSE, &DeleteTarget::All, &deletion, out));
    assert_eq!(
        text,
        "Deleted 1000 certificates of synthetic; they stay in the history as revoked (deleted).\n\
         Stopped after part 1 of 2; 500 certificates are still active: `certdesk delete synthetic --all` deletes them.\n"
    );
    let active = ops::active_ledgers(&course.store, COURSE).unwrap().len();
    assert_eq!(active, 500, "what it says is left is left");

    let rest =
        ops::delete_certificates(&course.store, COURSE, &DeleteTarget::All, &course.context, &mut stop()).unwrap();
    let text = printed(|out| print_deletion(COURSE, &DeleteTarget::All, &rest, out));
    assert_eq!(text, "Deleted 500 certificates of synthetic; they stay in the history as revoked (deleted).\n");
}

#[test]
fn a_generate_stopped_after_its_first_part_says_what_is_left_and_what_issues_it() {
    let course = course();
    let report = course.generate(&mut stop());
    let text = printed(|out| super::generate::print_report(&report, out));
    assert!(text.starts_with("synthetic: issued 1000 certificates; 0 already certified"), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "Stopped after part 1 of 2; 500 eligible learners have no certificate yet: `certdesk generate synthetic` issues them."
    );
}

#[test]
fn a_regenerate_stopped_after_its_first_part_says_what_is_left_and_what_replaces_it() {
    let course = course();
    course.generate(&mut Quiet);
    // Every name changes (its words in reverse order, so that a name as long as a name may be
    // stays importable): every certificate is stale.
    let roster = course.folder.join("roster.csv");
    let text = std::fs::read_to_string(&roster).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for line in lines.iter_mut().skip(1) {
        let (username, rest) = line.split_once(',').unwrap();
        let (name, rest) = rest.split_once(',').unwrap();
        let reversed: Vec<&str> = name.split(' ').rev().collect();
        *line = format!("{username},{},{rest}", reversed.join(" "));
    }
    std::fs::write(&roster, lines.join("\n") + "\n").unwrap();
    crate::import::import_folder(&course.store, &course.folder, None, ("tester", course.context.now)).unwrap();

    let (store, context, printer) = (&course.store, &course.context, course.printer());
    let report = ops::regenerate(store, COURSE, &Target::Stale, context, &printer, false, &mut stop()).unwrap();
    let text = printed(|out| super::regenerate::print_report(&report, out));
    assert!(text.starts_with("synthetic: replaced 1000 stale certificates."), "{}", &text[..200.min(text.len())]);
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "Stopped after part 1 of 2; 500 certificates are still stale: `certdesk regenerate synthetic --stale` replaces them."
    );
}
