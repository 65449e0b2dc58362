//! A shared database, live: the server's notices of changes others make reload the course on
//! screen in the background (keeping what the user was looking at) and say who did what; when
//! the server goes away (or turns the user away) the screen stays as it was until it is back.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use ratatui::text::Line;

use super::action::Action;
use super::app::{App, Tone};
use super::course::Loaded;
use super::popup::{MessageDialog, Popup, PromptKind};
use super::under_way::RunsUnderWay;
use crate::domain::Points;
use crate::ops::{self, OpsError};
use crate::serve::{Notice, Subscription};
use crate::store::StoreError;

/// Reloads at most this often while changes keep coming (someone issuing 100,000
/// certificates announces every part), and never more than a third of the time: a course
/// that takes 600 ms to load reloads every 1.8 s.
const RELOAD_EVERY: Duration = Duration::from_millis(800);

/// The title of the dialog that says the server turned the user away; it closes when they
/// are let in again.
const TURNED_AWAY: &str = "Turned away by the certdesk server";

pub(super) struct Live {
    subscription: Subscription,
    /// Who this user is, to tell others' changes from their own.
    me: String,
    /// A change arrived that the screen does not show yet.
    pending: bool,
    /// The server is away; nothing reloads until it is back.
    away: bool,
    /// Away because the server turned this user away (rather than went away itself): its
    /// coming back means they were let in again.
    turned_away: bool,
    /// A reload under way.
    reload: Option<Receiver<(ops::Result<Loaded>, Duration)>>,
    last_reload: Option<Instant>,
    /// How long the last reload took.
    last_took: Duration,
    /// Colleagues' runs in parts still going.
    pub(super) under_way: RunsUnderWay,
}

impl Live {
    pub(super) fn new(subscription: Subscription, me: String) -> Live {
        Live {
            subscription,
            me,
            pending: false,
            away: false,
            turned_away: false,
            reload: None,
            last_reload: None,
            last_took: Duration::ZERO,
            under_way: RunsUnderWay::default(),
        }
    }

    /// Forgets a reload under way: a job just loaded the course afresh.
    pub(super) fn superseded(&mut self) {
        self.reload = None;
    }
}

impl App {
    /// Takes in the server's notices and finished reloads; the event loop calls this before
    /// each frame.
    pub fn poll_changes(&mut self) {
        let Some(mut live) = self.live.take() else { return };
        while let Some(notice) = live.subscription.try_next() {
            self.notice(&mut live, notice);
        }
        self.take_reload(&mut live);
        self.start_reload(&mut live);
        self.live = Some(live);
    }

    fn notice(&mut self, live: &mut Live, notice: Notice) {
        match notice {
            Notice::Changed(change) => {
                let shown = self.course.as_ref().map(|course| course.id().to_string());
                match change.course.as_deref() {
                    // Templates, images and the staff list belong to no course.
                    None => self.load_templates(),
                    Some(course) if Some(course) == shown.as_deref() => live.pending = true,
                    Some(course) if !self.courses.iter().any(|(id, _)| id == course) => self.refresh_courses(),
                    Some(_) => {}
                }
                if change.who != live.me {
                    if let Some(course) = &change.course {
                        live.under_way.announced(course, &change.who, &change.summary, Instant::now());
                    }
                    // The user's own result stays until they have read it (their next key).
                    if !matches!(self.message, Some((_, Tone::Success | Tone::Error))) {
                        let place = change.course.map(|course| format!(" in {course}")).unwrap_or_default();
                        self.tell(format!("{}{place}: {}", change.who, change.summary), Tone::Info);
                    }
                }
            }
            Notice::Gone(advice) => {
                (live.away, live.turned_away) = (true, false);
                live.under_way.forget();
                let text =
                    format!("The certdesk server went away; {advice}. The screen stays as it was until it is back.");
                self.tell(text, Tone::Error);
            }
            Notice::Refused(reason) => {
                (live.away, live.turned_away) = (true, true);
                live.under_way.forget();
                self.turned_away(reason);
            }
            Notice::Back => {
                // The server never left someone it turned away: say what changed for them.
                let text = if live.turned_away {
                    "The certdesk server lets you in again; what you save is saved."
                } else {
                    "The certdesk server is back."
                };
                if live.turned_away
                    && matches!(&self.popup, Some(Popup::Message(dialog)) if dialog.title == TURNED_AWAY)
                {
                    self.popup = None;
                }
                (live.away, live.turned_away) = (false, false);
                self.tell(text, Tone::Success);
                live.pending = true;
                self.refresh_courses();
                self.load_templates();
            }
        }
    }

    /// The server will not serve this user any more: said where it cannot be missed, unless
    /// a dialog is open (a score being typed stays; saving it will say the same).
    fn turned_away(&mut self, reason: String) {
        if self.popup.is_none() {
            let lines = vec![
                Line::from(reason.clone()),
                Line::from(""),
                Line::from(
                    "The screen stays as it was, and nothing can be saved; it comes back by itself if you are let in again.",
                ),
            ];
            self.popup = Some(Popup::Message(MessageDialog::new(TURNED_AWAY, lines).wide()));
        }
        self.tell(format!("{TURNED_AWAY}: {reason}"), Tone::Error);
    }

    /// Shows the course as reloaded, with the open dialogs that show it: the generate and
    /// regenerate dry runs are made again, and a score being typed says when the one stored
    /// changed under it.
    pub(super) fn show_reloaded(&mut self, loaded: Box<Loaded>) {
        self.replace_course(loaded);
        let now = self.context().now;
        let Some(course) = &self.course else { return };
        let mut nothing_left = None;
        match &mut self.popup {
            Some(Popup::Confirm(dialog))
                if matches!(
                    dialog.action,
                    Action::Generate
                        | Action::Regenerate(_)
                        | Action::Delete(crate::ops::DeleteTarget::Shown { .. })
                        | Action::SetScore { points: None, .. }
                        | Action::SetAllowed { .. }
                ) =>
            {
                match super::confirmations::confirmation(course, &dialog.action, now) {
                    Ok(fresh) => *dialog = fresh,
                    Err(text) => nothing_left = Some(text),
                }
            }
            Some(Popup::Prompt(prompt)) if prompt.kind == PromptKind::ExportPath => {
                super::app_certs::recount_export(prompt, course);
            }
            Some(Popup::Prompt(prompt)) => {
                if let PromptKind::Score { username, activity, stored, .. } = &mut prompt.kind {
                    let now_stored = stored_score(course, username, activity);
                    if now_stored != *stored {
                        let shown = |points: Option<Points>| points.map_or("not graded".to_string(), |p| p.to_string());
                        prompt.changed_under = Some(format!(
                            "{username}'s {activity} was changed meanwhile from {} to {}: Enter saves yours over it, Esc keeps it.",
                            shown(*stored),
                            shown(now_stored)
                        ));
                        *stored = now_stored;
                    }
                }
            }
            _ => {}
        }
        if let Some(text) = nothing_left {
            self.popup = None;
            self.tell(format!("Changed meanwhile: {text}"), Tone::Info);
        }
        // The settings show what they are now: a key pressed in them acts on what they show.
        if let Some(Popup::Settings(shown)) = &self.popup {
            let scroll = shown.scroll;
            self.open_settings();
            if let Some(Popup::Settings(fresh)) = &mut self.popup {
                fresh.scroll = scroll;
            }
        }
    }

    /// Per stopped run the course shows, whether it is a colleague's still going.
    pub(super) fn runs_going(&self, course: &Loaded) -> Vec<bool> {
        let now = Instant::now();
        let going = |run| self.live.as_ref().is_some_and(|live| live.under_way.is_going(course.id(), run, now));
        course.unfinished.iter().map(going).collect()
    }

    fn start_reload(&mut self, live: &mut Live) {
        let pause = RELOAD_EVERY.max(live.last_took * 3);
        let due = live.last_reload.is_none_or(|at| at.elapsed() >= pause);
        if !live.pending || live.away || live.reload.is_some() || self.worker.is_some() || !due {
            return;
        }
        let Some(course) = self.course.as_ref().map(|course| course.id().to_string()) else {
            live.pending = false;
            return;
        };
        live.pending = false;
        live.last_reload = Some(Instant::now());
        let (sender, receiver) = channel();
        let (store, renderer, now) = (self.store.clone(), self.renderer.clone(), self.context().now);
        // Sorting and filtering the new rows as the user has them happens on this thread too.
        let place = self.course.as_ref().map(|course| course.place());
        std::thread::spawn(move || {
            super::worker::yield_to_keys();
            let started = Instant::now();
            let loaded = Loaded::load(&store, &course, now, renderer.as_ref()).map(|mut loaded| {
                if let Some(place) = &place {
                    loaded.restore(place);
                }
                loaded
            });
            let _ = sender.send((loaded, started.elapsed()));
        });
        live.reload = Some(receiver);
    }

    fn take_reload(&mut self, live: &mut Live) {
        let Some(receiver) = &live.reload else { return };
        let loaded = match receiver.try_recv() {
            Ok((loaded, took)) => {
                live.last_took = took;
                loaded
            }
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(OpsError::Refused("the reload stopped unexpectedly".to_string())),
        };
        live.reload = None;
        match loaded {
            // The user may have moved since the reload began: keep where they are now.
            Ok(mut loaded) if self.course.as_ref().is_some_and(|shown| shown.id() == loaded.id()) => {
                if let Some(shown) = &self.course {
                    loaded.restore(&shown.place());
                }
                self.show_reloaded(Box::new(loaded));
            }
            Ok(_) => {}
            // The server's notice says it is gone, and the course reloads when it is back.
            Err(OpsError::Store(StoreError::ServerGone { .. })) => live.pending = true,
            Err(error) => self.fail(error),
        }
    }
}

/// `username`'s score of `activity` as `course` holds it.
fn stored_score(course: &Loaded, username: &str, activity: &str) -> Option<Points> {
    let index = course.state.course.activity_index(activity)?;
    course.state.learner(username)?.enrollment.scores.get(index).copied().flatten()
}
