//! The certificates pane: the course's active certificates (or their whole history), its
//! example certificates, and a line with the certificate settings.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};
use unicode_width::UnicodeWidthStr;

use super::cert_columns::{Flags, Wanted, lay_out};
use super::cert_flags::{describe_status, flags};
use super::confirmations::no_active;
use super::list::{FilteredList, ListPlace, NOT_IDENTITY};
use super::text::{fit, room};
use super::theme::Theme;
use std::collections::HashMap;

use crate::domain::name::folded;
use crate::domain::{CertificateStatus, Code, Delivery, ExampleSet, LedgerEntry, Mode};
use crate::ops::{self, CourseState, Standing};

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

/// What the pane draws besides its own lists.
#[derive(Clone, Copy)]
pub struct CourseParts<'a> {
    pub state: &'a CourseState,
    pub examples: Option<&'a ExampleSet>,
    /// Per example, the texts that had to shrink or wrap.
    pub example_fits: &'a [Vec<crate::render::layout::TextFit>],
    pub blocker: Option<&'a str>,
    /// The last generate, regenerate or delete of all, each that stopped short with work left.
    pub unfinished: &'a [ops::UnfinishedRun],
}

pub struct CertificatesView<'a> {
    pane: &'a CertificatesPane,
    course: CourseParts<'a>,
    theme: Theme,
}

impl Widget for CertificatesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // Above the active certificates, a line for each run stopped short with work left.
        let unfinished = if self.pane.view == CertView::Active { self.course.unfinished } else { &[] };
        let notice_height = u16::try_from(unfinished.len()).unwrap_or(u16::MAX);
        let settings_lines = settings_lines(self.course, self.theme, area.width);
        let footer_lines = match self.pane.view {
            CertView::Examples => {
                // The selected example whole takes two rows at most at 80x24, three from 40 rows.
                let max_rows = if area.height >= 30 { 4 } else { 3 };
                let (list, examples, fits) = (self.pane.list(), self.course.examples, self.course.example_fits);
                super::examples::footer(list, examples, fits, area.width, max_rows)
            }
            CertView::Active | CertView::History => vec![fit(&self.footer(), usize::from(area.width)).into_owned()],
        };
        let [settings, notice, table, footer] = Layout::vertical([
            Constraint::Length(settings_lines.len() as u16),
            Constraint::Length(notice_height),
            Constraint::Fill(1),
            Constraint::Length(footer_lines.len() as u16),
        ])
        .areas(area);
        Paragraph::new(settings_lines).render(settings, buf);
        for (run, row) in unfinished.iter().zip(notice.rows()) {
            Line::styled(unfinished_notice(run, row.width), self.theme.warning()).render(row, buf);
        }
        match self.pane.view {
            CertView::Active | CertView::History => self.render_certificates(table, buf),
            CertView::Examples => {
                let view = super::examples::ExamplesView {
                    list: &self.pane.examples_list,
                    examples: self.course.examples,
                    fits: self.course.example_fits,
                    theme: self.theme,
                };
                view.render(table, buf);
            }
        }
        let footer_lines = footer_lines.into_iter().map(|line| Line::from(Span::styled(line, self.theme.hint())));
        Paragraph::new(footer_lines.collect::<Vec<_>>()).render(footer, buf);
    }
}

impl CertificatesView<'_> {
    fn render_certificates(&self, area: Rect, buf: &mut Buffer) {
        let (pane, state, theme) = (self.pane, self.course.state, self.theme);
        let history = pane.view == CertView::History;
        let entries = if history { &pane.history } else { &pane.active };
        let height = area.height.saturating_sub(1) as usize;
        let (rows, selected) = pane.list().window(height);
        let shown: Vec<(&Standing, &LedgerEntry, Flags)> = rows
            .iter()
            .map(|&row| {
                let (learner, entry) = entries[row as usize];
                let standing = &state.learners[learner as usize];
                let entry = &standing.ledger.entries[entry as usize];
                let mail = pane.mail.get(&entry.certificate.code).map(String::as_str);
                (standing, entry, flags(standing, entry, mail))
            })
            .collect();
        let username_width = pane.username_width;
        // Each column as wide as the rows on screen need; `cert_columns` says what gives way.
        let widest = |texts: &mut dyn Iterator<Item = usize>| texts.max().unwrap_or(0) as u16;
        let statuses: Vec<[String; 2]> = shown
            .iter()
            .map(|(_, entry, _)| [describe_status(&entry.status, true), describe_status(&entry.status, false)])
            .collect();
        let wanted = Wanted {
            // code, username, mode, at issue, now, and a cell of spacing after each
            fixed: 14 + username_width + 8 + 8 + 6 + 5,
            name: widest(&mut shown.iter().map(|(_, entry, _)| room(&entry.certificate.snapshot.full_name))),
            flags: shown
                .iter()
                .map(|(_, _, flags)| (flags.long().width() as u16, flags.short().width() as u16))
                .collect(),
            first_flag: widest(&mut shown.iter().map(|(_, _, flags)| usize::from(flags.first_width()))),
            status: history.then(|| {
                let long = widest(&mut statuses.iter().map(|[long, _]| long.width())).min(STATUS_MAX);
                (long, widest(&mut statuses.iter().map(|[_, short]| short.width())))
            }),
            by: widest(&mut shown.iter().map(|(_, entry, _)| entry.certificate.snapshot.issued_by.width())).min(BY_MAX),
        };
        let layout = lay_out(&wanted, area.width);
        // Below 80 columns the name, then the flags, may be left out (`cert_columns`).
        let (with_name, with_flags) = (layout.name > 0, layout.flags > 0);
        let (headers, widths): (Vec<&str>, Vec<u16>) = layout.columns(username_width).into_iter().unzip();
        let cut = |text: &str, width: u16| fit(text, usize::from(width)).into_owned();
        let body = shown.iter().zip(statuses).enumerate().map(|(position, ((standing, entry, flags), status))| {
            let certificate = &entry.certificate;
            let snapshot = &certificate.snapshot;
            let mut cells = vec![certificate.code.to_string(), cut(standing.username(), username_width)];
            if with_name {
                cells.push(cut(&snapshot.full_name, layout.name));
            }
            cells.extend([snapshot.mode.to_string(), snapshot.percent.to_string(), standing.grade.percent.to_string()]);
            if let Some((width, long)) = layout.status {
                let [long_status, short_status] = &status;
                cells.push(cut(if long { long_status } else { short_status }, width));
            }
            if with_flags {
                cells.push(flags.within(layout.flags));
            }
            if layout.issued_at {
                cells.push(crate::domain::minute(snapshot.issued_at));
            }
            if let Some(width) = layout.by {
                cells.push(cut(&snapshot.issued_by, width));
            }
            let row = Row::new(cells.into_iter().map(Cell::from));
            if selected == Some(position) { row.style(theme.selection()) } else { row }
        });
        let widths = widths.into_iter().map(Constraint::Length);
        Table::new(body, widths).header(Row::new(headers).style(theme.header())).column_spacing(1).render(area, buf);
        if pane.list().is_empty() {
            let message = if pane.list().total() > 0 {
                "No certificate matches the filter.".to_string()
            } else if history {
                "No certificate has been issued in this course.".to_string()
            } else {
                no_active("")
            };
            Paragraph::new(message).style(theme.hint()).render(Rect { y: area.y + 1, height: 1, ..area }, buf);
        }
    }

    fn footer(&self) -> String {
        let list = self.pane.list();
        let mut parts = vec![match self.pane.view {
            CertView::History => format!(
                "history: {} ever issued (H: back)",
                crate::domain::counted(list.total(), "certificate", "certificates")
            ),
            CertView::Active | CertView::Examples => {
                crate::domain::counted(list.total(), "active certificate", "active certificates")
            }
        }];
        if self.pane.view == CertView::Active {
            let state = self.course.state;
            let not_eligible = state
                .learners
                .iter()
                .filter(|standing| standing.active().is_some() && standing.eligibility.is_err())
                .count();
            if not_eligible > 0 {
                parts.push(format!("{not_eligible} not eligible now"));
            }
        }
        if !list.query().is_empty() {
            parts.push(format!("{} match \"{}\"", list.len(), list.query()));
        }
        parts.join(" · ")
    }
}

/// What a stopped run left, as long as the line allows, with the key that finishes it.
fn unfinished_notice(unfinished: &ops::UnfinishedRun, width: u16) -> String {
    let (key, verb) = unfinished.run.key();
    let long = format!("{}; press {key} to {verb} them.", unfinished.describe_briefly());
    if long.width() <= usize::from(width) {
        return long;
    }
    fit(&format!("{} ({key})", unfinished.describe_briefly()), usize::from(width)).into_owned()
}

/// The course's certificate settings: on one line where it fits, else the templates on a
/// second line of their own (an 80-column terminal), each saying which mode it prints.
fn settings_lines(course: CourseParts<'_>, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let state = course.state;
    let template = |mode| state.templates.get(&mode).map(ToString::to_string).unwrap_or_else(|| "none".into());
    let self_generation = match (state.settings.self_generation, course.blocker) {
        (true, None) => "on",
        (true, Some(_)) => "on (examples outdated)",
        (false, None) => "off",
        (false, Some(_)) => "off (blocked)",
    };
    let settings = format!(
        "settings: threshold {} · policy {} · self-gen {self_generation}",
        state.course.pass_threshold, state.course.issuance,
    );
    let room = usize::from(width.saturating_sub(2));
    let one_line = format!("{settings} · templates {} {}", template(Mode::Honor), template(Mode::Verified));
    if one_line.width() <= room {
        return vec![Line::from(vec![Span::styled("s ", theme.key()), Span::raw(one_line)])];
    }
    let templates =
        format!("templates: {} for honor, {} for verified", template(Mode::Honor), template(Mode::Verified));
    vec![
        Line::from(vec![Span::styled("s ", theme.key()), Span::raw(fit(&settings, room).into_owned())]),
        Line::from(vec![Span::raw("  "), Span::raw(fit(&templates, room).into_owned())]),
    ]
}
