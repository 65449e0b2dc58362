//! Long work off the UI thread: one job at a time on its own thread, reporting progress
//! over a channel and stopping between parts when the user presses Esc.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use super::course::Loaded;
use super::job_messages::{deleted, exported_to, generated, on_quit, regenerated, signed_with_retired};
use super::mail_messages;
use super::renderer::Renderer;
use crate::domain::Mode;
use crate::import::platform::FileImport;
use crate::mail::{Mailing, Outbox, Overrides, Selection};
use crate::ops::{self, Context, DeleteTarget, Progress, Target};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Load,
    Generate,
    Regenerate(Target),
    Delete(DeleteTarget),
    Examples,
    Export(PathBuf),
    Mail,
    /// `confirmed`: the user saw which certificates the import leaves stale and said yes.
    Import {
        request: FileImport,
        confirmed: bool,
    },
    /// Checks the template against the course, then makes the mode print with it: the check
    /// lays out the worst names of the whole roster, too long to wait for between frames.
    AssignTemplate(Mode, String),
    /// Whether a template may be deleted: certificates printed with it are found by reading
    /// every certificate.
    CheckTemplateDeletion(String),
    DeleteTemplate(String),
}

impl Job {
    /// Whether the shell hears how the job ended when the app quit while it ran: the work that
    /// changes certificates, writes a file or mails learners, which staff would otherwise learn of only on
    /// opening the course again, or not at all.
    fn said_on_quit(&self) -> bool {
        matches!(self, Job::Generate | Job::Regenerate(_) | Job::Delete(_) | Job::Export(_) | Job::Mail)
    }

    pub fn label(&self) -> &'static str {
        match self {
            Job::Load => "Loading",
            Job::Generate => "Generating certificates",
            Job::Regenerate(_) => "Regenerating certificates",
            Job::Delete(_) => "Deleting certificates",
            Job::Examples => "Making example certificates",
            Job::Export(_) => "Exporting certificates",
            Job::Mail => "Mailing learners",
            Job::Import { .. } => "Importing",
            Job::AssignTemplate(..) => "Checking the template for the course",
            Job::CheckTemplateDeletion(_) => "Looking for certificates printed with the template",
            Job::DeleteTemplate(_) => "Deleting the template",
        }
    }

    /// What Esc does to the job, said while it runs, and what it does once pressed; `None`
    /// for a job that cannot be stopped midway (it is short, or all or nothing).
    pub fn stopping(&self) -> Option<(&'static str, &'static str)> {
        match self {
            Job::Generate | Job::Regenerate(_) | Job::Delete(_) => {
                Some(("Esc stops it between parts", "Stopping after the current part…"))
            }
            Job::Export(_) => Some(("Esc stops it; nothing is written", "Stopping; nothing will be written…")),
            Job::Mail => Some(("Esc stops it between messages", "Stopping after the current message…")),
            Job::Load
            | Job::Examples
            | Job::Import { .. }
            | Job::AssignTemplate(..)
            | Job::CheckTemplateDeletion(_)
            | Job::DeleteTemplate(_) => None,
        }
    }

    /// What the message line says when Esc is pressed while the job runs.
    pub fn on_esc(&self) -> String {
        match self.stopping() {
            Some((_, stopping)) => stopping.to_string(),
            None => format!("{} cannot be stopped midway; it ends by itself.", self.label()),
        }
    }
}

/// What a finished job hands back: its message, and the course as it is now.
pub struct Finished {
    pub message: Result<String, String>,
    pub loaded: Option<Result<Box<Loaded>, String>>,
    /// What the user is asked or shown next.
    pub follow_up: Option<FollowUp>,
    /// What the shell is told when the app quit while the job ran (Ctrl-C, a signal).
    pub on_quit: Option<QuitNote>,
}

/// How a job the app quit during ended, for the shell: what it did and, stopped short, the
/// command that does the rest, since the screen that would have said so, with its keys, is
/// gone; and whether it left work undone (stopped short, learners not mailed), which the app's
/// exit status says as the command's does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuitNote {
    pub text: String,
    pub left_undone: bool,
}

impl QuitNote {
    fn new(text: String, left_undone: bool) -> Option<QuitNote> {
        Some(QuitNote { text, left_undone })
    }
}

/// After an import: its report, what is wrong with the files, or who wins a conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUp {
    Report {
        title: String,
        lines: Vec<String>,
    },
    Problems {
        request: FileImport,
        lines: Vec<String>,
        /// The refusals among the problems that the user may overrule.
        waivers: Vec<crate::import::Waiver>,
    },
    /// `removed`: the activities the file no longer has that hold scores entered in certdesk.
    Conflicts {
        request: FileImport,
        lines: Vec<String>,
        removed: Vec<String>,
    },
    /// The import would leave certificates stale or no longer deserved: ask before writing it.
    ConfirmImport {
        request: FileImport,
        title: String,
        lines: Vec<String>,
    },
    /// Nothing uses the template: ask before deleting its `revisions`.
    ConfirmTemplateDeletion {
        name: String,
        revisions: u32,
    },
}

pub enum WorkerEvent {
    Progress {
        done: usize,
        total: usize,
    },
    /// Boxed: a finished job's outcome is many times the size of a progress report.
    Done(Box<Finished>),
}

/// Sends progress to the UI and reads the cancel flag the UI sets.
struct ChannelProgress {
    sender: Sender<WorkerEvent>,
    cancel: Arc<AtomicBool>,
}

impl Progress for ChannelProgress {
    fn step(&mut self, done: usize, total: usize) {
        // The UI may have gone (quit during work); the work still finishes its part.
        let _ = self.sender.send(WorkerEvent::Progress { done, total });
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed) || super::ending::requested()
    }
}

/// A job running on its thread.
pub struct Worker {
    pub job: Job,
    pub done: usize,
    pub total: usize,
    pub cancelling: bool,
    cancel: Arc<AtomicBool>,
    receiver: Receiver<WorkerEvent>,
}

/// Everything the job needs, moved to its thread.
pub struct JobInput {
    pub store: Arc<Store>,
    pub renderer: Arc<dyn Renderer>,
    pub course_id: Option<String>,
    pub context: Context,
}

/// Lowers the calling thread's priority (Linux keeps a nice value per thread), so that on a
/// busy server the threads answering keys, this terminal's and other staff's, run first.
/// Where that cannot be done, the thread runs as it is.
pub(super) fn yield_to_keys() {
    let _ = rustix::process::nice(10);
}

impl Worker {
    pub fn start(job: Job, input: JobInput) -> Worker {
        let (sender, receiver) = std::sync::mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let mut progress = ChannelProgress { sender: sender.clone(), cancel: cancel.clone() };
        let thread_job = job.clone();
        let running = super::ending::job_running();
        std::thread::spawn(move || {
            let _running = running;
            yield_to_keys();
            let finished = run(&thread_job, &input, &mut progress);
            let _ = sender.send(WorkerEvent::Done(Box::new(finished)));
        });
        Worker { job, done: 0, total: 0, cancelling: false, cancel, receiver }
    }

    pub fn cancel(&mut self) {
        self.cancelling = true;
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Takes in the progress reported so far; returns the outcome once the job is done.
    pub fn poll(&mut self) -> Option<Finished> {
        loop {
            match self.receiver.try_recv() {
                Ok(WorkerEvent::Progress { done, total }) => (self.done, self.total) = (done, total),
                Ok(WorkerEvent::Done(finished)) => return Some(*finished),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    return Some(Finished {
                        message: Err("the background work stopped unexpectedly".into()),
                        loaded: None,
                        follow_up: None,
                        on_quit: None,
                    });
                }
            }
        }
    }

    /// Asks the job to stop at its next step and waits for it to end, `patience` at the most.
    /// An export stopped so removes its unfinished file, which a process that simply ended
    /// would leave.
    /// Returns how it ended, unless it is still running when `patience` runs out.
    pub fn stop_within(&mut self, patience: Duration) -> Option<Finished> {
        self.cancel();
        let deadline = Instant::now() + patience;
        loop {
            match self.receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(WorkerEvent::Progress { .. }) => {}
                Ok(WorkerEvent::Done(finished)) => return Some(*finished),
                Err(_) => return None,
            }
        }
    }

    /// Blocks until the job is done (tests and benchmarks).
    pub fn wait(&mut self) -> Finished {
        loop {
            match self.receiver.recv() {
                Ok(WorkerEvent::Progress { done, total }) => (self.done, self.total) = (done, total),
                Ok(WorkerEvent::Done(finished)) => return *finished,
                Err(_) => {
                    return Finished {
                        message: Err("the background work stopped unexpectedly".into()),
                        loaded: None,
                        follow_up: None,
                        on_quit: None,
                    };
                }
            }
        }
    }
}

fn run(job: &Job, input: &JobInput, progress: &mut ChannelProgress) -> Finished {
    if let Job::Import { request, confirmed } = job {
        return super::import_job::run(request, *confirmed, input);
    }
    // Template work shows no course afterwards: reloading one would only cost time.
    if let Job::CheckTemplateDeletion(name) = job {
        return super::template_jobs::check_deletion(&input.store, name);
    }
    if let Job::DeleteTemplate(name) = job {
        return super::template_jobs::delete(&input.store, name, &input.context);
    }
    let outcome = perform(job, input, progress);
    let mut mail_stop = None;
    let (message, course_id, on_quit) = match outcome {
        Ok(Performed { message, course_id, on_quit, follow_up }) => {
            mail_stop = follow_up;
            (Ok(message), course_id, on_quit)
        }
        // A run cut short by a full disk says what it wrote before; the shell hears that too.
        Err(error) => {
            let why = format!("{error:#}");
            // An export stopped, or any run ended by a failure, did not do all it was asked.
            let on_quit = job.said_on_quit().then(|| QuitNote { text: why.clone(), left_undone: true });
            (Err(why), input.course_id.clone(), on_quit)
        }
    };
    // Quitting on a signal: the course is not shown again.
    let loaded = course_id.filter(|_| !super::ending::requested()).map(|id| {
        Loaded::load(&input.store, &id, input.context.now, input.renderer.as_ref())
            .map(Box::new)
            .map_err(|error| error.to_string())
    });
    // A refused template's reason (where, and the command to see every problem) is longer
    // than the message line: it is shown whole in a dialog too.
    let follow_up = match (job, &message) {
        (Job::AssignTemplate(mode, _), Err(why)) => {
            Some(FollowUp::Report { title: format!("Template for {mode} certificates"), lines: vec![why.clone()] })
        }
        _ => mail_stop,
    };
    Finished { message, loaded, follow_up, on_quit }
}

/// Sends the course's unsent messages with the kept mail settings, as `certdesk mail` does;
/// returns what the status line says of the run, what the shell is told, and a run the mail
/// server stopped in a dialog: why it stopped and what to do takes more than the status line.
fn mail(
    store: &Store,
    input: &JobInput,
    course: &str,
    progress: &mut ChannelProgress,
) -> anyhow::Result<(String, Option<QuitNote>, Option<FollowUp>)> {
    let printer = input.renderer.printer();
    let prepared = crate::mail::prepare(store, course, &Selection::default(), input.context.now, &printer.fonts)?;
    let outbox = Outbox::open(&store.mail_settings()?, &Overrides::default()).map_err(anyhow::Error::msg)?;
    let mailing =
        Mailing { store, printer, state: &prepared.state, farewell: &prepared.farewell, plan: &prepared.plan };
    let report = mailing.send_all(&outbox, &input.context, progress)?;
    let left_undone = report.stopped.is_some() || !report.refused.is_empty();
    let note = QuitNote::new(mail_messages::mailed_on_quit(course, &report), left_undone);
    let stopped =
        mail_messages::stopped_by_server(&report).map(|lines| FollowUp::Report { title: "Mail stopped".into(), lines });
    Ok((mail_messages::mailed(&report), note, stopped))
}

/// What a job did: the status line's message, the course to show after, and what the shell is
/// told of it should the app have quit meanwhile.
struct Performed {
    message: String,
    course_id: Option<String>,
    on_quit: Option<QuitNote>,
    /// What is shown next: a mail run the server stopped, in a dialog.
    follow_up: Option<FollowUp>,
}

/// Does the work.
fn perform(job: &Job, input: &JobInput, progress: &mut ChannelProgress) -> anyhow::Result<Performed> {
    let store = &*input.store;
    let context = &input.context;
    let printer = input.renderer.printer();
    let course = input.course_id.clone();
    let id = || course.clone().ok_or_else(|| anyhow::anyhow!("there is no course yet: import one with i"));
    let mut follow_up = None;
    let (message, on_quit) = match job {
        Job::Load => (String::new(), None),
        Job::Generate => {
            let report = ops::generate(store, &id()?, context, printer, false, progress)?;
            (generated(&report), QuitNote::new(on_quit::generated(&report), report.unfinished.is_some()))
        }
        Job::Regenerate(target) => {
            let report = ops::regenerate(store, &id()?, target, context, printer, false, progress)?;
            (regenerated(&report), QuitNote::new(on_quit::regenerated(&report), report.unfinished.is_some()))
        }
        Job::Delete(target) => {
            let course = id()?;
            let deletion = ops::delete_certificates(store, &course, target, context, progress)?;
            let left_undone = deletion.unfinished.is_some();
            (deleted(&course, &deletion), QuitNote::new(on_quit::deleted(&course, &deletion), left_undone))
        }
        Job::Examples => {
            let set = ops::generate_examples(store, input.renderer.printer(), &id()?, context)?;
            let failed = set.examples.iter().filter(|example| !example.succeeded()).count();
            (format!("Made {} example certificates, {failed} failed.", set.examples.len()), None)
        }
        Job::Export(path) => {
            let course = id()?;
            let state = ops::load_course_state(store, &course, context.now)?;
            let exported = input.renderer.export_pdf(&state, path, progress)?;
            let wrote = exported_to(&exported, path);
            let refused = signed_with_retired(&exported);
            follow_up = refused.as_ref().map(|lines| FollowUp::Report {
                title: "Exported".into(),
                lines: std::iter::once(wrote.clone()).chain(lines.iter().cloned()).collect(),
            });
            // The shell hears it too, should the app have quit meanwhile.
            let said = std::iter::once(wrote.clone()).chain(refused.into_iter().flatten()).collect::<Vec<_>>();
            (wrote, QuitNote::new(said.join(" "), false))
        }
        Job::Mail => {
            let (message, note, stopped) = mail(store, input, &id()?, progress)?;
            follow_up = stopped;
            (message, note)
        }
        Job::AssignTemplate(mode, name) => {
            let course = id()?;
            let changed = ops::assign_template(store, printer, &course, *mode, name, context)?;
            let message = if changed.is_empty() {
                format!("{course}: {mode} certificates already print with {name}.")
            } else {
                format!("{course}: {}.", changed.join("; "))
            };
            (message, None)
        }
        Job::Import { .. } => unreachable!("imports run in import_job::run"),
        Job::CheckTemplateDeletion(_) | Job::DeleteTemplate(_) => unreachable!("template jobs run in template_jobs"),
    };
    Ok(Performed { message, course_id: course, on_quit, follow_up })
}
