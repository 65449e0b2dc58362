//! Who is mailing which course through the server. Two mail runs of one course at once would
//! mail its learners twice, each planning from the records the other has not written yet, so
//! a course has one run at a time. A run holds its claim on a connection of its own, and the
//! claim ends with the connection, however the run ends (its process killed too: the kernel
//! closes the connection).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;

/// The courses being mailed, each with who mails it and since when.
#[derive(Default)]
pub(super) struct MailRuns {
    runs: Mutex<HashMap<String, (String, Timestamp)>>,
}

impl MailRuns {
    /// Claims `course`'s mail run for `login`, or says whose run goes on.
    pub(super) fn claim(&self, course: &str, login: &str) -> Result<(), String> {
        let mut runs = self.runs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((holder, since)) = runs.get(course) {
            return Err(format!(
                "{holder} is mailing {course} in another certdesk, since {}; two runs at once would mail its \
                 learners twice: once that run ends, run this again for what it leaves",
                crate::domain::when_utc(*since)
            ));
        }
        runs.insert(course.to_string(), (login.to_string(), Timestamp::now()));
        Ok(())
    }

    fn release(&self, courses: &[String]) {
        let mut runs = self.runs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for course in courses {
            runs.remove(course);
        }
    }
}

/// The mail runs one connection claimed, ended when it is dropped (the connection hung up).
pub(super) struct Claims {
    runs: Arc<MailRuns>,
    courses: Vec<String>,
}

impl Claims {
    pub(super) fn new(runs: Arc<MailRuns>) -> Claims {
        Claims { runs, courses: Vec::new() }
    }

    /// Claims `course`'s mail run for `login`, or says whose run goes on.
    pub(super) fn claim(&mut self, course: &str, login: &str) -> Result<(), String> {
        self.runs.claim(course, login)?;
        self.courses.push(course.to_string());
        Ok(())
    }
}

impl Drop for Claims {
    fn drop(&mut self) {
        self.runs.release(&self.courses);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_has_one_mail_run_at_a_time_and_its_connection_ending_lets_the_next_in() {
        let runs = Arc::new(MailRuns::default());
        let mut elronds = Claims::new(runs.clone());
        elronds.claim("c", "elrond").expect("the first run");
        let mut galadriels = Claims::new(runs.clone());
        let refused = galadriels.claim("c", "galadriel").expect_err("a second run");
        assert!(refused.starts_with("elrond is mailing c in another certdesk, since "), "{refused}");
        galadriels.claim("other", "galadriel").expect("another course");
        drop(elronds);
        galadriels.claim("c", "galadriel").expect("after the first ended");
    }
}
