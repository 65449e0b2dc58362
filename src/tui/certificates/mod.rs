//! The certificates pane: the course's active certificates (or their whole history), its
//! example certificates, and a line with the certificate settings.

use super::cert_flags::{describe_status, flags};
use super::list::{FilteredList, ListPlace, NOT_IDENTITY};
use super::text::room;
use super::theme::Theme;
use std::collections::HashMap;

use crate::domain::name::folded;
use crate::domain::{CertificateStatus, Code, Delivery, ExampleSet, LedgerEntry};
use crate::ops::{self, CourseState, Standing};

mod view;

pub use view::{CertificatesView, CourseParts};

/// Widest username column; longer ones end in `…`.
const USERNAME_MAX: usize = 24;
/// Widest status (`revoked: <reason>`) and issuer columns.
const STATUS_MAX: u16 = 32;
const BY_MAX: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertView {
    Active,
    History,
    Examples,
}

/// A certificate as (learner index, ledger entry index).
type EntryRef = (u32, u32);

/// Where the user is in the certificates pane: the view and each list.
#[derive(Debug, Clone)]
pub struct CertificatesPlace {
    view: CertView,
    lists: [ListPlace; 3],
}

pub struct CertificatesPane {
    pub view: CertView,
    active: Vec<EntryRef>,
    pub active_list: FilteredList,
    history: Vec<EntryRef>,
    pub history_list: FilteredList,
    pub examples_list: FilteredList,
    /// The username column, as wide as the widest username (the same on every screen).
    username_width: u16,
    /// How each mailed certificate's message went (`mailed 2026-12-02`, `mail refused`).
    mail: HashMap<Code, String>,
}

/// What the filter matches a certificate's row against, in the active list (`None` for one
/// no longer in force) and in the history: who it is, and what the row's flags and status
/// say ("stale", "not eligible", "provisional", "mailed", "revoked").
fn search_texts(
    standing: &Standing,
    entry: &LedgerEntry,
    mail: &HashMap<Code, String>,
) -> (Option<Box<str>>, Box<str>) {
    let certificate = &entry.certificate;
    let snapshot = &certificate.snapshot;
    let flags = flags(standing, entry, mail.get(&certificate.code).map(String::as_str));
    let said = format!(
        "{} {} {}{NOT_IDENTITY}{} {} {}",
        certificate.code,
        standing.username(),
        snapshot.full_name,
        flags.long(),
        flags.short(),
        snapshot.mode
    );
    let key = |status: &str| -> Box<str> { folded(&format!("{said} {status}")).into() };
    let active = (entry.status == CertificateStatus::Issued).then(|| key(""));
    (active, key(&describe_status(&entry.status, true)))
}

impl CertificatesPane {
    pub fn new(state: &CourseState, examples: Option<&ExampleSet>, deliveries: &[Delivery]) -> CertificatesPane {
        let mut active = Vec::new();
        let mut history = Vec::new();
        let mut active_search = Vec::new();
        let mut history_search = Vec::new();
        let mail: HashMap<Code, String> =
            ops::by_certificate(deliveries).into_iter().map(|(code, delivery)| (code, delivery.describe())).collect();
        for (learner, standing) in state.learners.iter().enumerate() {
            for (index, entry) in standing.ledger.entries.iter().enumerate() {
                let (active_key, history_key) = search_texts(standing, entry, &mail);
                if let Some(key) = active_key {
                    active.push((learner as u32, index as u32));
                    active_search.push(key);
                }
                history.push((learner as u32, index as u32));
                history_search.push(history_key);
            }
        }
        let widest = |text: fn(&Standing) -> &str| {
            state.learners.iter().filter(|s| !s.ledger.entries.is_empty()).map(|s| room(text(s))).max().unwrap_or(0)
        };
        let username_width = widest(|s| s.username()).clamp(8, USERNAME_MAX) as u16;
        let example_search = examples
            .map(|set| {
                set.examples
                    .iter()
                    .map(|example| folded(&format!("{} {}", example.kind.label(), example.full_name)).into())
                    .collect()
            })
            .unwrap_or_default();
        CertificatesPane {
            view: CertView::Active,
            active,
            active_list: FilteredList::new(active_search),
            history,
            history_list: FilteredList::new(history_search),
            examples_list: FilteredList::new(example_search),
            username_width,
            mail,
        }
    }

    /// Makes the rows of `username`'s certificates find what their flags say now (a score
    /// saved can make one stale, or no longer deserved), where building the pane again went
    /// through every certificate of the course.
    pub fn learner_changed(&mut self, state: &CourseState, username: &str) {
        let Ok(learner) = state.learners.binary_search_by(|standing| standing.username().cmp(username)) else {
            return;
        };
        let standing = &state.learners[learner];
        let learner = learner as u32;
        // Both lists hold the rows in learner order.
        let first = self.history.partition_point(|&(row_learner, _)| row_learner < learner);
        let mut changed = Vec::new();
        for (row, &(_, index)) in
            self.history.iter().enumerate().skip(first).take_while(|(_, entry)| entry.0 == learner)
        {
            let Some(entry) = standing.ledger.entries.get(index as usize) else { continue };
            changed.push((row, index, search_texts(standing, entry, &self.mail)));
        }
        for (row, index, (active_key, history_key)) in changed {
            self.history_list.set_search(row, history_key);
            if let Some(key) = active_key
                && let Ok(active_row) = self.active.binary_search(&(learner, index))
            {
                self.active_list.set_search(active_row, key);
            }
        }
    }

    pub fn place(&self) -> CertificatesPlace {
        CertificatesPlace {
            view: self.view,
            lists: [self.active_list.place(), self.history_list.place(), self.examples_list.place()],
        }
    }

    pub fn restore(&mut self, place: &CertificatesPlace) {
        self.view = place.view;
        for (list, kept) in
            [&mut self.active_list, &mut self.history_list, &mut self.examples_list].into_iter().zip(&place.lists)
        {
            list.restore(kept);
        }
    }

    pub fn list(&self) -> &FilteredList {
        match self.view {
            CertView::Active => &self.active_list,
            CertView::History => &self.history_list,
            CertView::Examples => &self.examples_list,
        }
    }

    pub fn list_mut(&mut self) -> &mut FilteredList {
        match self.view {
            CertView::Active => &mut self.active_list,
            CertView::History => &mut self.history_list,
            CertView::Examples => &mut self.examples_list,
        }
    }

    /// The selected certificate with its learner (in the active or history view).
    pub fn selected<'a>(&self, state: &'a CourseState) -> Option<(&'a Standing, &'a LedgerEntry)> {
        let entries = match self.view {
            CertView::Active => &self.active,
            CertView::History => &self.history,
            CertView::Examples => return None,
        };
        let (learner, entry) = entries[self.list().selected_row()?];
        let standing = state.learners.get(learner as usize)?;
        Some((standing, standing.ledger.entries.get(entry as usize)?))
    }

    /// Shows the active list with the certificate `code` selected (the filter cleared if it
    /// hid it), so that `d` acts on it; false when it is not among the active ones.
    pub fn select_active(&mut self, state: &CourseState, code: crate::domain::Code) -> bool {
        let is_code = |&(learner, entry): &EntryRef| {
            let standing = state.learners.get(learner as usize);
            let entry = standing.and_then(|standing| standing.ledger.entries.get(entry as usize));
            entry.is_some_and(|entry| entry.certificate.code == code)
        };
        let Some(row) = self.active.iter().position(is_code) else { return false };
        self.view = CertView::Active;
        self.active_list.select_row(row);
        if self.active_list.selected_row() != Some(row) {
            self.active_list.set_query("");
            self.active_list.select_row(row);
        }
        true
    }

    pub fn selected_example(&self) -> Option<usize> {
        match self.view {
            CertView::Examples => self.examples_list.selected_row(),
            CertView::Active | CertView::History => None,
        }
    }

    pub fn active_count(&self) -> usize {
        self.active.len()
    }

    pub fn view<'a>(&'a self, course: CourseParts<'a>, theme: Theme) -> CertificatesView<'a> {
        CertificatesView { pane: self, course, theme }
    }
}
