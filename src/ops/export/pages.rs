//! Which certificates an export prints, in which order, and laying each out with its
//! credential: what the single-file and the split export share.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{ExportOptions, SortKey};
use crate::credential::{Credential, Seal};
use crate::domain::{Code, LedgerEntry, TemplateRef};
use crate::ops::printing::{PrintProblem, Printer, certificate_data, first_error};
use crate::ops::standing::{CourseState, Standing};
use crate::ops::{OpsError, Result};
use crate::render::Page;
use crate::render::layout::Renderer;
use crate::store::Store;

/// The active certificates `options` selects, in its order, as indices into `state.learners`
/// (four bytes a certificate: a course of a million selects into 4 MB).
pub fn select(state: &CourseState, options: &ExportOptions) -> Vec<u32> {
    let mut selected: Vec<u32> = state
        .learners
        .iter()
        .enumerate()
        .filter(|(_, standing)| selects(standing, options))
        .map(|(index, _)| index as u32)
        .collect();
    let entry = |index: &u32| state.learners[*index as usize].active().map(|entry| &entry.certificate.snapshot);
    match options.sort {
        SortKey::Username => {}
        SortKey::Name => {
            selected.sort_by_cached_key(|index| entry(index).map(|s| crate::domain::name::name_sort_key(&s.full_name)))
        }
        SortKey::Percent => selected.sort_by_key(|index| std::cmp::Reverse(entry(index).map(|s| s.percent))),
    }
    selected
}

/// Whether `options` select the learner's certificate in force, if they hold one.
pub fn selects(standing: &Standing, options: &ExportOptions) -> bool {
    standing.active().is_some_and(|entry| {
        options.mode.is_none_or(|mode| entry.certificate.snapshot.mode == mode)
            && (!options.provisional_only || entry.certificate.is_provisional())
            && (!options.stale_only || standing.staleness().is_some())
    })
}

/// What laying out a selected certificate gives.
pub(super) enum Laid {
    /// The page and its credential.
    Page(Page, Box<Credential>),
    /// Why it cannot be printed.
    Unprintable(PrintProblem),
}

/// Lays out the selected certificates of one course; shared by the threads (the store is used
/// only up front, to load each template revision once).
pub(super) struct Pages<'a> {
    state: &'a CourseState,
    selected: Vec<u32>,
    renderers: Vec<(TemplateRef, Arc<Renderer>)>,
    /// The keys retired as compromised, and how many of the seals loaded so far one of them
    /// signed: counted from the seals the pages carry anyway, with no read of its own.
    retired: Vec<String>,
    signed_with_retired: AtomicUsize,
}

impl<'a> Pages<'a> {
    pub(super) fn new(
        store: &Store,
        printer: &Printer,
        state: &'a CourseState,
        options: &ExportOptions,
    ) -> Result<Pages<'a>> {
        let selected = select(state, options);
        let mut renderers: Vec<(TemplateRef, Arc<Renderer>)> = Vec::new();
        for &index in &selected {
            let (_, entry) = Self::certificate(state, index);
            let template = &entry.certificate.snapshot.template;
            if !renderers.iter().any(|(known, _)| known == template) {
                renderers.push((template.clone(), printer.renderer(store, template)?));
            }
        }
        let retired = crate::ops::retired_kids(store);
        Ok(Pages { state, selected, renderers, retired, signed_with_retired: AtomicUsize::new(0) })
    }

    pub(super) fn len(&self) -> usize {
        self.selected.len()
    }

    fn certificate(state: &CourseState, index: u32) -> (&Standing, &LedgerEntry) {
        let standing = &state.learners[index as usize];
        // `select` keeps only learners with an active certificate.
        let Some(entry) = standing.active() else { unreachable!("selected without an active certificate") };
        (standing, entry)
    }

    /// The `position`th selected certificate.
    pub(super) fn entry(&self, position: usize) -> (&'a Standing, &'a LedgerEntry) {
        Self::certificate(self.state, self.selected[position])
    }

    /// The credential seals of the pages `positions`, one store call for them all.
    pub(super) fn seals(&self, store: &Store, positions: Range<usize>) -> Result<Sealed> {
        let codes: Vec<Code> = positions.clone().map(|position| self.entry(position).1.certificate.code).collect();
        let seals = store.credentials(&self.state.course.id, &codes)?;
        if !self.retired.is_empty() {
            let signed = seals.iter().filter(|seal| self.retired.contains(&seal.kid)).count();
            self.signed_with_retired.fetch_add(signed, Ordering::Relaxed);
        }
        Ok(Sealed { start: positions.start, seals })
    }

    /// How many of the pages whose seals were loaded carry a credential a retired key signed:
    /// once every page is written, how many of the export's.
    pub(super) fn signed_with_retired(&self) -> usize {
        self.signed_with_retired.load(Ordering::Relaxed)
    }

    pub(super) fn lay_out(&self, sealed: &Sealed, position: usize) -> Result<Laid> {
        let (standing, entry) = self.entry(position);
        let certificate = &entry.certificate;
        let data = certificate_data(certificate, &self.state.course, &self.state.settings, &standing.enrollment.email);
        let template = &certificate.snapshot.template;
        let Some((_, renderer)) = self.renderers.iter().find(|(known, _)| known == template) else {
            unreachable!("every selected template was loaded in `new`")
        };
        let (page, diagnostics) =
            renderer.render_page(&data).map_err(|error| OpsError::Refused(format!("template {template}: {error}")))?;
        let Some(seal) = sealed.seals.get(position - sealed.start) else {
            return Err(OpsError::Refused(format!("certificate {} came without its credential", certificate.code)));
        };
        Ok(match first_error(template, &diagnostics) {
            Some(problem) => Laid::Unprintable(problem),
            None => Laid::Page(page, Box::new(seal.credential(certificate))),
        })
    }
}

/// The credential seals of a batch of pages, from its first position on.
pub(super) struct Sealed {
    start: usize,
    seals: Vec<Seal>,
}
