//! The app's background work: starting a job on the course (one at a time), stopping it, and
//! taking in what it made: a message, a follow-up dialog, a freshly loaded course.

use super::app::{App, BUSY, BUSY_TO_THE_END, NO_COURSE, QUITTING_AT_THE_END, QUITTING_WHEN_DONE, Tone};
use super::course::Loaded;
use super::worker::{Finished, Job, JobInput, Worker};

impl App {
    /// Shows `loaded`; the course it replaces is dropped on another thread (freeing 100,000
    /// learners takes longer than a frame).
    pub(super) fn replace_course(&mut self, loaded: Box<Loaded>) {
        if let Some(previous) = self.course.replace(loaded) {
            std::thread::spawn(move || {
                super::worker::yield_to_keys();
                drop(previous);
            });
        }
    }

    pub(super) fn refresh_courses(&mut self) {
        match self.store.courses() {
            Ok(courses) => self.courses = courses.into_iter().map(|course| (course.id, course.title)).collect(),
            Err(error) => self.fail(error),
        }
    }

    pub(super) fn switch_course(&mut self, id: String) {
        self.popup = None;
        self.start_job(Job::Load, Some(id));
    }

    /// Starts a job on the current course.
    pub(super) fn start_course_job(&mut self, job: Job) {
        self.popup = None;
        match self.course.as_ref().map(|course| course.id().to_string()) {
            Some(id) => self.start_job(job, Some(id)),
            None => self.tell(NO_COURSE, Tone::Info),
        }
    }

    /// `q` during long work: certdesk quits once it is done (`Esc` then stops the work instead,
    /// and certdesk stays).
    pub(super) fn quit_when_done(&mut self) {
        self.quit_when_done = true;
        let text = if self.work_stoppable() { QUITTING_WHEN_DONE } else { QUITTING_AT_THE_END };
        self.tell(text, Tone::Info);
    }

    /// What a key that must wait for the running work is told: Esc is offered only for work
    /// it stops.
    pub(super) fn tell_busy(&mut self) {
        self.tell(if self.work_stoppable() { BUSY } else { BUSY_TO_THE_END }, Tone::Info);
    }

    /// Whether the running work stops between its parts on Esc.
    fn work_stoppable(&self) -> bool {
        self.worker.as_ref().is_some_and(|worker| worker.job.stopping().is_some())
    }

    pub(super) fn start_job(&mut self, job: Job, course_id: Option<String>) {
        if self.worker.is_some() {
            return self.tell_busy();
        }
        self.popup = None;
        self.loading = course_id.clone();
        let input =
            JobInput { store: self.store.clone(), renderer: self.renderer.clone(), course_id, context: self.context() };
        self.worker = Some(Worker::start(job, input));
    }

    pub(super) fn cancel_job(&mut self) {
        let Some(worker) = &mut self.worker else { return };
        if worker.job.stopping().is_some() {
            worker.cancel();
            // Stopped, the work leaves something to do: certdesk stays to say what.
            self.quit_when_done = false;
        }
        let said = worker.job.on_esc();
        self.tell(said, Tone::Info);
    }

    /// On quitting: the running job, if any, asked to stop at its next step and waited for,
    /// `patience` at the most, so that what it leaves is what Esc would (an export its file
    /// removed, a generate whole parts). `tell` hears each line for the shell: that the job is
    /// stopping, then how it ended (`Stopped after part 2 of 5; 2067 certificates are still
    /// stale: ...`), which the screen that would have said so is no longer there to show.
    /// Returns whether the work left something undone (or did not end within `patience`), for
    /// the app's exit status.
    pub fn stop_work(&mut self, patience: std::time::Duration, mut tell: impl FnMut(&str)) -> bool {
        let Some(mut worker) = self.worker.take() else { return false };
        let waiting = match worker.job.stopping() {
            Some(_) => "stopping at the next step before quitting…",
            None => "it cannot be stopped midway; waiting for it to end before quitting…",
        };
        tell(&format!("{}: {waiting}", worker.job.label()));
        match worker.stop_within(patience) {
            None => true,
            Some(finished) => finished.on_quit.is_some_and(|ended| {
                tell(&ended.text);
                ended.left_undone
            }),
        }
    }

    /// Reloads the course once its end passes while it is shown (and nothing is asked or
    /// running): its grades are all final from then on, as the gradebook, the flags and the
    /// dry runs must say.
    pub(super) fn reload_at_the_course_end(&mut self) {
        if self.worker.is_some() || self.popup.is_some() {
            return;
        }
        let Some(course) = &self.course else { return };
        let Some(ends) = course.ended_since_loaded(self.now()) else { return };
        let text = format!(
            "The course ended at {}: every grade is final now (work not graded counts 0).",
            crate::domain::when_utc(ends)
        );
        let id = course.id().to_string();
        self.start_job(Job::Load, Some(id));
        self.tell(text, Tone::Info);
    }

    /// Takes in a finished job, if any; the event loop calls this before each frame.
    pub fn poll_worker(&mut self) {
        if let Some(finished) = self.worker.as_mut().and_then(Worker::poll) {
            self.finish(finished);
        }
    }

    /// Blocks until the running job is done (tests and benchmarks).
    pub fn wait_for_worker(&mut self) {
        if let Some(finished) = self.worker.as_mut().map(Worker::wait) {
            self.finish(finished);
        }
    }

    fn finish(&mut self, finished: Finished) {
        let (job, cancelled) = self.worker.take().map_or((None, false), |worker| (Some(worker.job), worker.cancelling));
        self.loading = None;
        // "Busy" and "Stopping…" were about the work, which is over. A reload's own work
        // says nothing, so what was told before it (a template saved with warnings) stays.
        let reload = matches!(job, Some(Job::Load));
        let on_esc = job.as_ref().map(Job::on_esc);
        let about_the_work = |text: &str| {
            !reload
                || [BUSY, BUSY_TO_THE_END, QUITTING_WHEN_DONE, QUITTING_AT_THE_END].contains(&text)
                || Some(text) == on_esc.as_deref()
        };
        if matches!(&self.message, Some((text, Tone::Info)) if about_the_work(text)) {
            self.message = None;
        }
        let failed = finished.message.is_err() || matches!(finished.loaded, Some(Err(_)));
        match (finished.message, &job) {
            (Ok(text), _) if text.is_empty() => {}
            (Ok(text), _) => self.tell(text, Tone::Success),
            // Stopped with Esc, it was not the path's fault: the prompt stays closed.
            (Err(error), Some(Job::Export(path))) if !cancelled => self.export_failed(path, &error),
            (Err(error), _) => self.fail(error),
        }
        if let Some(follow_up) = finished.follow_up {
            self.follow_up(follow_up);
        }
        match finished.loaded {
            Some(Ok(mut loaded)) => {
                if let Some(previous) = &self.course {
                    loaded.restore(&previous.place());
                }
                if self.course.as_ref().is_none_or(|previous| previous.id() != loaded.id())
                    && let Some(last_course) = &self.last_course
                {
                    // Only where to open next time: a home that cannot be written in is no
                    // reason to interrupt the work at hand.
                    let _ = last_course.remember(loaded.id());
                }
                self.replace_course(loaded);
                if let Some(live) = &mut self.live {
                    live.superseded();
                }
            }
            Some(Err(error)) => self.fail(error),
            None => {}
        }
        if matches!(job, Some(Job::Import { .. })) {
            self.refresh_courses();
        }
        if matches!(job, Some(Job::DeleteTemplate(_))) {
            self.load_templates();
            self.reload_after_template_change();
        }
        if matches!(job, Some(Job::Load)) && self.message.is_none() {
            self.tell_unfinished_run();
        }
        if std::mem::take(&mut self.quit_when_done) {
            self.quit_after_work(failed);
        }
    }

    /// Quits after the work `q` waited for, keeping how it ended for the shell; unless it
    /// failed or asks something (a follow-up dialog): then certdesk stays to show it.
    fn quit_after_work(&mut self, failed: bool) {
        if failed || self.popup.is_some() {
            return;
        }
        self.parting_words = self.message.as_ref().map(|(text, _)| text.clone());
        self.apply(super::action::Action::Quit);
    }

    /// On opening a course: says so when its last generate, regenerate or delete of all
    /// stopped short (Esc, or the program killed) with work left. The message line holds one:
    /// the most recent; the certificates pane lists them all.
    fn tell_unfinished_run(&mut self) {
        let Some(course) = &self.course else { return };
        let going = self.runs_going(course);
        if let Some((unfinished, false)) = course.unfinished.iter().zip(going).next() {
            // Two lines of an 80-column screen: the message line and the key line.
            let (key, verb) = unfinished.run.key();
            let text = format!("{}: 2, then {key}, {verb}s them.", unfinished.describe());
            self.tell(text, Tone::Info);
        }
    }
}
