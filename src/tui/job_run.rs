//! What each job does on the worker's thread: the work itself, through `ops`, and what the
//! status line, a dialog and the shell are told of it afterwards.

use super::course::Loaded;
use super::job_messages::{deleted, exported_to, generated, on_quit, regenerated, signed_with_retired, undeserved_in};
use super::mail_messages;
use super::worker::{Finished, FollowUp, Job, JobInput, QuitNote};
use crate::mail::{Mailing, Outbox, Overrides, Selection};
use crate::ops::{self, Progress};
use crate::store::Store;

/// Does `job` on the worker's thread and says how it ended, with the course as it is now.
pub(super) fn run(job: &Job, input: &JobInput, progress: &mut dyn Progress) -> Finished {
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
    progress: &mut dyn Progress,
) -> anyhow::Result<(String, Option<QuitNote>, Option<FollowUp>)> {
    let printer = input.renderer.printer();
    // Claimed before the plan is read: a colleague's run meanwhile would mail the same learners.
    let _run = store.claim_mail_run(course)?;
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
fn perform(job: &Job, input: &JobInput, progress: &mut dyn Progress) -> anyhow::Result<Performed> {
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
            let wrote = exported_to(&exported, path) + &undeserved_in(&state);
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
