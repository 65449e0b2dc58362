//! Drawing the certificates pane: the settings line above the list, and the list of the view
//! chosen (active certificates, their history or the examples).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};
use unicode_width::UnicodeWidthStr;

use super::{BY_MAX, CertView, CertificatesPane, STATUS_MAX};
use crate::domain::{ExampleSet, LedgerEntry, Mode};
use crate::ops::{self, CourseState, Standing};
use crate::tui::cert_columns::{Flags, Wanted, lay_out};
use crate::tui::cert_flags::{describe_status, flags};
use crate::tui::confirmations::no_active;
use crate::tui::text::{fit, room, wrap};
use crate::tui::theme::Theme;

/// What the pane draws besides its own lists.
#[derive(Clone, Copy)]
pub struct CourseParts<'a> {
    pub state: &'a CourseState,
    pub examples: Option<&'a ExampleSet>,
    /// Per example, the texts that had to shrink or wrap.
    pub example_fits: &'a [Vec<crate::render::layout::TextFit>],
    pub blocker: Option<&'a str>,
    /// The learners whose names cannot be printed: refused a certificate each.
    pub unprintable: Option<&'a ops::UnprintableNames>,
    /// The last generate, regenerate or delete of all, each that stopped short with work left.
    pub unfinished: &'a [ops::UnfinishedRun],
    /// Per run of `unfinished`, whether it is a colleague's still going (see `RunsUnderWay`).
    pub going: &'a [bool],
}

pub struct CertificatesView<'a> {
    pub(super) pane: &'a CertificatesPane,
    pub(super) course: CourseParts<'a>,
    pub(super) theme: Theme,
}

impl Widget for CertificatesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // Above the active certificates, a line for each run stopped short with work left;
        // above the examples, which each say how they went when made, why they do not vouch
        // for self-generation now (a template changed since), in two rows at most.
        let notices: Vec<String> = match self.pane.view {
            CertView::Active => {
                let going = self.course.going.iter().copied().chain(std::iter::repeat(false));
                self.course
                    .unfinished
                    .iter()
                    .zip(going)
                    .map(|(run, going)| unfinished_notice(run, going, area.width))
                    .collect()
            }
            CertView::Examples if self.course.examples.is_some() => {
                // Said as it is (`the examples were made with honor@1, and …`), capitalised.
                let blocker = self.course.blocker.map(|why| format!("{}.", crate::domain::capitalized(why)));
                let mut rows = blocker.map_or_else(Vec::new, |text| wrap(&text, usize::from(area.width)));
                if rows.len() > 2 {
                    rows.truncate(2);
                    rows[1] = fit(&format!("{} …", rows[1]), usize::from(area.width)).into_owned();
                }
                rows
            }
            CertView::Examples | CertView::History => Vec::new(),
        };
        let notice_height = u16::try_from(notices.len()).unwrap_or(u16::MAX);
        let settings_lines = settings_lines(self.course, self.theme, area.width);
        let footer_lines = match self.pane.view {
            CertView::Examples => {
                // The selected example whole takes two rows at most at 80x24, three from 40 rows.
                let max_rows = if area.height >= 30 { 4 } else { 3 };
                let (list, examples, fits) = (self.pane.list(), self.course.examples, self.course.example_fits);
                crate::tui::examples::footer(list, examples, fits, area.width, max_rows)
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
        for (text, row) in notices.into_iter().zip(notice.rows()) {
            Line::styled(text, self.theme.warning()).render(row, buf);
        }
        match self.pane.view {
            CertView::Active | CertView::History => self.render_certificates(table, buf),
            CertView::Examples => {
                let view = crate::tui::examples::ExamplesView {
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
            username: username_width,
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
        // Below 80 columns the name, then the flags, may be left out, and below about 52 the
        // score at issue, the mode and the username (`cert_columns`).
        let (with_name, with_flags, scarce) = (layout.name > 0, layout.flags > 0, layout.scarce);
        let (headers, widths): (Vec<&str>, Vec<u16>) = layout.columns(username_width).into_iter().unzip();
        let cut = |text: &str, width: u16| fit(text, usize::from(width)).into_owned();
        let body = shown.iter().zip(statuses).enumerate().map(|(position, ((standing, entry, flags), status))| {
            let certificate = &entry.certificate;
            let snapshot = &certificate.snapshot;
            let mut cells = vec![certificate.code.to_string()];
            if scarce.username {
                cells.push(cut(standing.username(), username_width));
            }
            if with_name {
                cells.push(cut(&snapshot.full_name, layout.name));
            }
            if scarce.mode {
                cells.push(snapshot.mode.to_string());
            }
            if scarce.at_issue {
                cells.push(snapshot.percent.to_string());
            }
            cells.push(standing.grade.percent.to_string());
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
            parts.push(list.matches_said());
        }
        parts.join(" · ")
    }
}

/// What a stopped run left, as long as the line allows, with the key that finishes it; a
/// colleague's run still `going` has nothing to finish.
fn unfinished_notice(unfinished: &ops::UnfinishedRun, going: bool, width: u16) -> String {
    if going {
        return fit(&unfinished.describe_going(), usize::from(width)).into_owned();
    }
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
    // Self-service goes on without them: the line says who it refuses (`s` says more).
    let unprintable = match course.unprintable {
        Some(names) if names.count == 1 => " · 1 name unprintable".to_string(),
        Some(names) => format!(" · {} names unprintable", names.count),
        None => String::new(),
    };
    let settings = format!(
        "threshold {} · policy {} · self-gen {self_generation}{unprintable}",
        state.course.pass_threshold, state.course.issuance,
    );
    let room = usize::from(width.saturating_sub(2));
    let one_line = format!("settings: {settings} · templates {} {}", template(Mode::Honor), template(Mode::Verified));
    if one_line.width() <= room {
        return vec![Line::from(vec![Span::styled("s ", theme.key()), Span::raw(one_line)])];
    }
    // Narrower, the label goes before what it labels is cut: at 80 columns the count of names
    // unprintable was cut to `1 nam…`.
    let labelled = format!("settings: {settings}");
    let settings = if labelled.width() <= room { labelled } else { fit(&settings, room).into_owned() };
    let templates =
        format!("templates: {} for honor, {} for verified", template(Mode::Honor), template(Mode::Verified));
    vec![
        Line::from(vec![Span::styled("s ", theme.key()), Span::raw(settings)]),
        Line::from(vec![Span::raw("  "), Span::raw(fit(&templates, room).into_owned())]),
    ]
}
