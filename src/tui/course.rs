//! One course as the TUI holds it: the graded state from `ops`, its audit trail and
//! examples, and the panes' indices over them. Built on the worker thread, handed over whole.

use jiff::Timestamp;

use super::certificates::{CertificatesPane, CertificatesPlace};
use super::gradebook::{GradebookPane, GradebookPlace};
use super::list::ListPlace;
use super::log::LogPane;
use super::renderer::Renderer;
use crate::domain::{Delivery, Event, ExampleSet, Farewell};
use crate::ops::{self, CourseState};
use crate::render::layout::TextFit;
use crate::store::Store;

/// How the TUI makes a course's example certificates, as a blocker says it: the keys, not the
/// command (which would mean leaving the TUI).
pub const REMAKE_EXAMPLES: &str = "make them on the certificates tab (x, then g)";

/// Where the user is on a course's panes, kept across a reload.
#[derive(Debug, Clone)]
pub struct Place {
    course: String,
    gradebook: GradebookPlace,
    certificates: CertificatesPlace,
    log: ListPlace,
}

pub struct MailState {
    pub farewell: Farewell,
    pub deliveries: Vec<Delivery>,
}

pub struct Loaded {
    pub state: CourseState,
    pub examples: Option<ExampleSet>,
    /// For each example, the texts that had to shrink or wrap (empty where it failed).
    pub example_fits: Vec<Vec<TextFit>>,
    pub events: Vec<Event>,
    /// The course's last generate, regenerate or delete of all, each that stopped before its
    /// last part with work left, the most recent first.
    pub unfinished: Vec<ops::UnfinishedRun>,
    /// Why self-generation cannot be turned on, if it cannot.
    pub blocker: Option<String>,
    /// The learners whose names the fonts cannot print, marked when the course was loaded.
    pub unprintable: Option<ops::UnprintableNames>,
    /// The course's farewell and the messages sent so far.
    pub mail: MailState,
    pub gradebook: GradebookPane,
    pub certificates: CertificatesPane,
    pub log: LogPane,
    /// The time the grades were worked out for.
    pub loaded_at: Timestamp,
}

impl Loaded {
    /// Loads the course, marking the learners whose names the renderer's fonts cannot print,
    /// and lays the example certificates out again to see which texts had to shrink or wrap.
    pub fn load(store: &Store, course_id: &str, now: Timestamp, renderer: &dyn Renderer) -> ops::Result<Loaded> {
        let mut state = ops::load_course_state(store, course_id, now)?;
        let printer = renderer.printer();
        state.check_names(&printer.fonts);
        // The pages a generate would print, laid out as it lays them out, so that its dry run
        // leaves out whom it would (a title too long for the template); a few thousand a
        // second a core. Pages that cannot be laid out at all (a template gone) are the
        // generate's to report.
        let waiting: Vec<String> =
            ops::plan_generation(&state).issued.into_iter().map(|issued| issued.username).collect();
        let context = ops::Context::new(String::new(), now);
        let _ = ops::check_new_pages(store, printer, &mut state, &waiting, &context);
        let examples = store.examples(course_id)?;
        let example_fits = examples
            .iter()
            .flat_map(|set| &set.examples)
            .map(|example| if example.succeeded() { renderer.example_fits(&state, example) } else { Vec::new() })
            .collect();
        let events = with_database_events(store.events(course_id)?, store.database_events()?);
        let unfinished = ops::unfinished_runs(&state, &events);
        let blocker = ops::examples_blocker(&state, examples.as_ref(), REMAKE_EXAMPLES);
        let unprintable = ops::UnprintableNames::of(&state);
        let mail =
            MailState { farewell: crate::mail::farewell(store, course_id)?, deliveries: store.deliveries(course_id)? };
        let gradebook = GradebookPane::new(&state);
        let certificates = CertificatesPane::new(&state, examples.as_ref(), &mail.deliveries);
        let log = LogPane::new(&events);
        Ok(Loaded {
            state,
            examples,
            example_fits,
            events,
            unfinished,
            blocker,
            unprintable,
            mail,
            gradebook,
            certificates,
            log,
            loaded_at: now,
        })
    }

    /// The course's end, when it passed since the course was loaded: every grade shown as
    /// provisional then is final by `now`.
    pub fn ended_since_loaded(&self, now: Timestamp) -> Option<Timestamp> {
        self.state.course.ends.filter(|&ends| self.loaded_at < ends && ends <= now)
    }

    /// Where the user is on the course's panes (filters, sorts, selections, scrolls, views).
    pub fn place(&self) -> Place {
        Place {
            course: self.id().to_string(),
            gradebook: self.gradebook.place(),
            certificates: self.certificates.place(),
            log: self.log.place(),
        }
    }

    /// Puts the user back where they were across a reload of the same course.
    pub fn restore(&mut self, place: &Place) {
        if place.course != self.id() {
            return;
        }
        self.gradebook.restore(&place.gradebook, &self.state);
        self.certificates.restore(&place.certificates);
        self.log.restore(&place.log);
    }

    /// After a learner's score or place on the allowlist was saved from this screen: the log
    /// shows the change, the gradebook has room for what became of the certificate, and the
    /// certificates' filter finds what it made of the learner's certificate (`stale`, `not
    /// eligible`), as they would after a reload.
    pub fn learner_saved(&mut self, username: &str, event: Option<Event>) {
        if let Some(event) = event {
            self.events.push(event);
            let place = self.log.place();
            self.log = LogPane::new(&self.events);
            self.log.restore(&place);
        }
        if let Some(standing) = self.state.learner(username) {
            self.gradebook.fit_edited(standing);
        }
        // A list sorted by a score or a grade stays sorted, as its footer says; the cursor
        // stays on the learner, wherever the new score puts them.
        self.gradebook.sort_again(&self.state);
        // Only that learner's certificates' rows change; the rest of a 100,000-learner
        // course is not gone through again for nothing.
        self.certificates.learner_changed(&self.state, username);
    }

    pub fn id(&self) -> &str {
        &self.state.course.id
    }
}

/// The course's trail and the database's (the staff list, the issuer's keys, the mail
/// settings: what every course depends on) as one, in the order things happened.
fn with_database_events(course: Vec<Event>, database: Vec<Event>) -> Vec<Event> {
    let mut events = course;
    events.extend(database);
    events.sort_by_key(|event| event.at);
    events
}
