//! The gradebook pane drawn: the columns in view with their headers and the cursor, the rows,
//! and the footer that says where the view is.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};
use unicode_width::UnicodeWidthStr;

use super::gradebook::{Column, GradebookPane, SPACING};
use super::gradebook_cells::{cell_text, header, right_aligned};
use super::text::{fit, fit_keeping_end};
use super::theme::Theme;
use crate::domain::GradeStatus;
use crate::ops::CourseState;

pub struct GradebookView<'a> {
    pane: &'a GradebookPane,
    state: &'a CourseState,
    theme: Theme,
}

impl<'a> GradebookView<'a> {
    pub(super) fn new(pane: &'a GradebookPane, state: &'a CourseState, theme: Theme) -> GradebookView<'a> {
        GradebookView { pane, state, theme }
    }
}

impl Widget for GradebookView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let GradebookView { pane, state, theme } = self;
        let [table_area, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let shown = pane.window(table_area.width);
        let shown_widths = pane.shown_widths(&shown, table_area.width);
        let widths: Vec<Constraint> = shown_widths.iter().map(|&width| Constraint::Length(width)).collect();
        let header_cells = shown.iter().zip(&shown_widths).map(|(&i, &column_width)| {
            let column = pane.columns[i];
            let arrow = match pane.sort {
                Some((sorted, descending)) if sorted == column => {
                    if descending {
                        "▼"
                    } else {
                        "▲"
                    }
                }
                _ => "",
            };
            // Room for the sort arrow first; activities are told apart by their ends
            // (`homework-01`, `homework-02`), so a long id loses its middle.
            let width = usize::from(column_width).saturating_sub(arrow.width());
            let name = header(column, state);
            let name = match column {
                Column::Score(_) => fit_keeping_end(&name, width, 3),
                _ => fit(&name, width),
            };
            let text = format!("{name}{arrow}");
            let line = if right_aligned(column) { Line::from(text).right_aligned() } else { Line::from(text) };
            // The column cursor's column is marked in the header too, where the eye looks for
            // which activity the cell belongs to.
            if i == pane.column { Cell::from(line).style(theme.cell_cursor()) } else { Cell::from(line) }
        });
        let height = table_area.height.saturating_sub(1) as usize;
        let (rows, selected) = pane.list.window(height);
        let body = rows.iter().enumerate().map(|(position, &row)| {
            let standing = &state.learners[row as usize];
            let is_selected = selected == Some(position);
            let cells = shown.iter().zip(&shown_widths).map(|(&i, &column_width)| {
                let column = pane.columns[i];
                let text = fit(&cell_text(column, standing), usize::from(column_width)).into_owned();
                let line = if right_aligned(column) { Line::from(text).right_aligned() } else { Line::from(text) };
                let cell = Cell::from(line);
                if is_selected && i == pane.column { cell.style(theme.cell_cursor()) } else { cell }
            });
            let row = Row::new(cells);
            let row = if standing.grade.status == GradeStatus::Provisional && !is_selected {
                row.style(theme.warning())
            } else {
                row
            };
            if is_selected { row.style(theme.selection()) } else { row }
        });
        Table::new(body, widths)
            .header(Row::new(header_cells).style(theme.header()))
            .column_spacing(SPACING)
            .render(table_area, buf);
        if pane.list.is_empty() {
            let message =
                if pane.list.total() == 0 { "No learners in this course." } else { "No learner matches the filter." };
            let empty = Rect { y: table_area.y + 1, height: 1, ..table_area };
            Paragraph::new(message).style(theme.hint()).render(empty, buf);
        }
        footer_line(pane, state, &shown, theme, footer.width).render(footer, buf);
    }
}

/// The fewest cells of an activity's title worth showing cut (`Final…`).
const TITLE_MIN: usize = 6;

/// The footer in `width` cells. What a user acts on stays (the count, the filter's matches and
/// the sort); where the line is too long the rest gives way in this order: the activity's
/// title (cut to the room left, then dropped; its id and maximum stay), the grading rule, the
/// activity, the column range. At 80 columns with a filter on, the sort label was cut off the
/// end (`maps:…`).
fn footer_line<'a>(pane: &GradebookPane, state: &CourseState, shown: &[usize], theme: Theme, width: u16) -> Line<'a> {
    let rule = match state.course.grading {
        crate::domain::GradingRule::Certdesk => "certdesk grading",
        crate::domain::GradingRule::OpenEdx => "Open edX grading",
    };
    let scrollable = pane.columns.len() - 1;
    let columns = (shown.len() - 1 < scrollable)
        .then(|| format!("columns {}-{} of {scrollable} (h/l)", shown[1], shown[shown.len() - 1]));
    let activity = pane.selected_activity(state);
    let matches = (!pane.list.query().is_empty()).then(|| pane.list.matches_said());
    let sort = pane.sort_label(state).map(|sort| format!("sorted by {sort}"));
    let line = |title: Option<&str>, rule_shown: bool, activity_shown: bool, columns_shown: bool| {
        let mut parts = vec![crate::domain::counted(pane.list.total(), "learner", "learners")];
        parts.extend(rule_shown.then(|| rule.to_string()));
        parts.extend(matches.clone());
        parts.extend(columns.clone().filter(|_| columns_shown));
        parts.extend(activity.filter(|_| activity_shown).map(|activity| match title {
            Some(title) => format!("{}: {title}, max {}", activity.id, activity.max_points),
            None => format!("{}: max {}", activity.id, activity.max_points),
        }));
        parts.extend(sort.clone());
        parts.join(" · ")
    };
    let width = usize::from(width);
    // The title cut to the room the line without it leaves (", " and a few letters at least),
    // a cell short of the edge, so that the line is not taken for one cut there.
    let untitled = line(None, true, true, true);
    let cut_title = activity.and_then(|activity| {
        let room = width.checked_sub(untitled.width() + ", ".len() + 1)?;
        (room >= TITLE_MIN).then(|| fit(&activity.title, room).into_owned())
    });
    let forms = [
        line(activity.map(|activity| activity.title.as_str()), true, true, true),
        line(cut_title.as_deref(), true, true, true),
        untitled,
        line(None, false, true, true),
        line(None, false, false, true),
        line(None, false, false, false),
    ];
    let text = forms.iter().find(|form| form.width() <= width).unwrap_or(&forms[forms.len() - 1]);
    Line::from(Span::styled(fit(text, width).into_owned(), theme.hint()))
}
