//! The certificates pane: the course's active certificates (or their whole history), its
//! example certificates, and a line with the certificate settings.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::list::{FilteredList, ListPlace};
use super::theme::Theme;
use crate::domain::{CertificateStatus, ExampleSet, LedgerEntry, Mode, Percent};
use crate::ops::{CourseState, Standing};

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
}

impl CertificatesPane {
    pub fn new(state: &CourseState, examples: Option<&ExampleSet>) -> CertificatesPane {
        let mut active = Vec::new();
        let mut history = Vec::new();
        let mut active_search = Vec::new();
        let mut history_search = Vec::new();
        for (learner, standing) in state.learners.iter().enumerate() {
            for (index, entry) in standing.ledger.entries.iter().enumerate() {
                let certificate = &entry.certificate;
                let key: Box<str> =
                    format!("{} {} {}", certificate.code, standing.username(), certificate.snapshot.full_name)
                        .to_lowercase()
                        .into();
                if entry.status == CertificateStatus::Issued {
                    active.push((learner as u32, index as u32));
                    active_search.push(key.clone());
                }
                history.push((learner as u32, index as u32));
                history_search.push(key);
            }
        }
        let example_search = examples
            .map(|set| {
                set.examples
                    .iter()
                    .map(|example| format!("{} {}", example.kind.label(), example.full_name).to_lowercase().into())
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
    pub blocker: Option<&'a str>,
}

pub struct CertificatesView<'a> {
    pane: &'a CertificatesPane,
    course: CourseParts<'a>,
    theme: Theme,
}

impl Widget for CertificatesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [settings, table, footer] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        settings_line(self.course, self.theme).render(settings, buf);
        match self.pane.view {
            CertView::Active | CertView::History => self.render_certificates(table, buf),
            CertView::Examples => self.render_examples(table, buf),
        }
        self.footer().render(footer, buf);
    }
}

impl CertificatesView<'_> {
    fn render_certificates(&self, area: Rect, buf: &mut Buffer) {
        let (pane, state, theme) = (self.pane, self.course.state, self.theme);
        let history = pane.view == CertView::History;
        let wide = area.width >= 120;
        let mut headers = vec!["code", "username"];
        let mut widths = vec![Constraint::Length(14), Constraint::Length(12)];
        if wide {
            headers.push("name");
            widths.push(Constraint::Length(26));
        }
        headers.extend(["mode", "at issue", "now"]);
        widths.extend([Constraint::Length(8), Constraint::Length(8), Constraint::Length(6)]);
        if history {
            headers.push("status");
            widths.push(Constraint::Length(if wide { 32 } else { 12 }));
        }
        headers.push("flags");
        widths.push(Constraint::Fill(1));
        if wide {
            headers.extend(["issued at", "by"]);
            widths.extend([Constraint::Length(16), Constraint::Length(10)]);
        }
        let entries = if history { &pane.history } else { &pane.active };
        let height = area.height.saturating_sub(1) as usize;
        let (rows, selected) = pane.list().window(height);
        let body = rows.iter().enumerate().map(|(position, &row)| {
            let (learner, entry) = entries[row as usize];
            let standing = &state.learners[learner as usize];
            let entry = &standing.ledger.entries[entry as usize];
            let certificate = &entry.certificate;
            let snapshot = &certificate.snapshot;
            let mut cells = vec![certificate.code.to_string(), standing.username().to_string()];
            if wide {
                cells.push(snapshot.full_name.clone());
            }
            cells.extend([snapshot.mode.to_string(), snapshot.percent.to_string(), standing.grade.percent.to_string()]);
            if history {
                cells.push(describe_status(&entry.status, wide));
            }
            cells.push(flags(standing, entry));
            if wide {
                cells.extend([snapshot.issued_at.strftime("%Y-%m-%d %H:%M").to_string(), snapshot.issued_by.clone()]);
            }
            let row = Row::new(cells.into_iter().map(Cell::from));
            if selected == Some(position) { row.style(theme.selection()) } else { row }
        });
        Table::new(body, widths).header(Row::new(headers).style(theme.header())).column_spacing(1).render(area, buf);
        if pane.list().is_empty() {
            let message = if pane.list().total() > 0 {
                "No certificate matches the filter."
            } else if history {
                "No certificate has been issued in this course."
            } else {
                "No active certificates: press g to generate them."
            };
            Paragraph::new(message).style(theme.hint()).render(Rect { y: area.y + 1, height: 1, ..area }, buf);
        }
    }

    fn render_examples(&self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let Some(set) = self.course.examples else {
            let text = "No example certificates yet: press g to make them (one per mode plus the worst cases).";
            Paragraph::new(text).style(theme.hint()).render(area, buf);
            return;
        };
        let widths = [
            Constraint::Length(15),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(7),
            Constraint::Fill(1),
            Constraint::Length(11),
        ];
        let headers = ["example", "status", "mode", "percent", "name", "template"];
        let (rows, selected) = self.pane.examples_list.window(area.height.saturating_sub(1) as usize);
        let body = rows.iter().enumerate().map(|(position, &row)| {
            let example = &set.examples[row as usize];
            let percent = Percent::from_tenths(example.percent_tenths).map_or_else(String::new, |p| p.to_string());
            let status = match &example.error {
                None => Span::styled("success", theme.success()),
                Some(_) => Span::styled("FAILED", theme.error()),
            };
            let name = match &example.error {
                None => example.full_name.clone(),
                Some(error) => format!("{}: {error}", example.full_name),
            };
            let cells = vec![
                Cell::from(example.kind.label()),
                Cell::from(status),
                Cell::from(example.mode.to_string()),
                Cell::from(Line::from(percent).right_aligned()),
                Cell::from(name),
                Cell::from(example.template.clone()),
            ];
            let row = Row::new(cells);
            if selected == Some(position) { row.style(theme.selection()) } else { row }
        });
        Table::new(body, widths).header(Row::new(headers).style(theme.header())).column_spacing(1).render(area, buf);
    }

    fn footer(&self) -> Line<'static> {
        let list = self.pane.list();
        let mut parts = vec![match self.pane.view {
            CertView::Active => format!("{} active certificates", list.total()),
            CertView::History => format!("history: {} certificates ever issued (H: back)", list.total()),
            CertView::Examples => match self.course.examples {
                Some(set) => format!("examples made {} (x: back)", set.generated_at.strftime("%Y-%m-%d %H:%M")),
                None => "examples (x: back)".to_string(),
            },
        }];
        if !list.query().is_empty() {
            parts.push(format!("{} match \"{}\"", list.len(), list.query()));
        }
        Line::from(Span::styled(parts.join(" · "), self.theme.hint()))
    }
}

fn settings_line(course: CourseParts<'_>, theme: Theme) -> Line<'static> {
    let state = course.state;
    let template = |mode| state.settings.template_for(mode).unwrap_or("built-in").to_string();
    let self_generation = match (state.settings.self_generation, course.blocker) {
        (true, _) => "on",
        (false, None) => "off",
        (false, Some(_)) => "off (blocked)",
    };
    let text = format!(
        "threshold {} · policy {} · self-gen {self_generation} · templates honor={} verified={}",
        state.course.pass_threshold,
        state.course.issuance,
        template(Mode::Honor),
        template(Mode::Verified),
    );
    Line::from(vec![Span::styled("s ", theme.key()), Span::raw(text)])
}

fn flags(standing: &Standing, entry: &LedgerEntry) -> String {
    let mut flags = Vec::new();
    // Stale first: on a narrow screen it is what must stay visible.
    if entry.status == CertificateStatus::Issued
        && let Some(staleness) = standing.staleness()
    {
        flags.push(format!("stale {}", staleness.describe()));
    }
    if entry.certificate.is_provisional() {
        flags.push("provisional".to_string());
    }
    flags.join(", ")
}

pub fn describe_status(status: &CertificateStatus, long: bool) -> String {
    match status {
        CertificateStatus::Issued => "issued".to_string(),
        CertificateStatus::Superseded { by, .. } if long => format!("superseded by {by}"),
        CertificateStatus::Revoked { reason, .. } if long => format!("revoked: {reason}"),
        CertificateStatus::Superseded { .. } => "superseded".to_string(),
        CertificateStatus::Revoked { .. } => "revoked".to_string(),
    }
}
