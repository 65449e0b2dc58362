//! The example certificates of a course, each with how its texts fit: which had to shrink or
//! wrap and by how much, the worst in the list and all of the selected one's in the footer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::list::FilteredList;
use super::text::{fit, room};
use super::theme::Theme;
use crate::domain::{ExampleSet, Percent};
use crate::render::layout::TextFit;

const COLUMN_GAP: u16 = 2;

pub struct ExamplesView<'a> {
    pub list: &'a FilteredList,
    pub examples: Option<&'a ExampleSet>,
    pub fits: &'a [Vec<TextFit>],
    pub theme: Theme,
}

/// The one line about an example's texts: `as written`, or its smallest text (`74% "Maximilia…"`)
/// and how many others had to shrink or wrap.
pub fn fit_summary(fits: &[TextFit]) -> String {
    let ratio = |fit: &TextFit| fit.size_pt / fit.nominal_pt;
    let Some(worst) = fits.iter().min_by(|a, b| ratio(a).total_cmp(&ratio(b)).then(b.lines.cmp(&a.lines))) else {
        return "as written".to_string();
    };
    let mut summary = match (worst.shrunk(), worst.wrapped()) {
        (true, true) => format!("{:.0}%, {} lines", ratio(worst) * 100.0, worst.lines),
        (true, false) => format!("{:.0}%", ratio(worst) * 100.0),
        (false, _) => format!("{} lines", worst.lines),
    };
    summary.push_str(&format!(" {}", crate::render::layout::quoted(&short(&worst.excerpt))));
    if fits.len() > 1 {
        summary.push_str(&format!(" +{}", fits.len() - 1));
    }
    summary
}

fn short(text: &str) -> String {
    fit(text, 12).into_owned()
}

impl Widget for ExamplesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let Some(set) = self.examples else {
            let text = "No example certificates yet: press g to make them (one per mode plus the worst cases).";
            Paragraph::new(text).style(theme.hint()).wrap(ratatui::widgets::Wrap { trim: true }).render(area, buf);
            return;
        };
        let wide = area.width >= 120;
        let fit_width: u16 = if wide { 34 } else { 20 };
        let name_room = set.examples.iter().map(|example| room(&example.full_name)).max().unwrap_or(4).clamp(4, 40);
        // The mode always (a worst case prints in one mode, which only this column says); the
        // template only where there is room: the settings line above names each mode's.
        let (mut widths, mut headers) = if wide {
            (
                vec![15u16, 7, 8, 6, fit_width, 11],
                vec!["example", "status", "mode", "pct", "fit (smallest text)", "template"],
            )
        } else {
            (vec![15u16, 7, 8, 6, fit_width], vec!["example", "status", "mode", "pct", "fit (smallest text)"])
        };
        // Two spaces between columns: a column filled to its edge (a long kind, a cut text,
        // `100.0%`) would otherwise run into the next one.
        let taken: u16 = widths.iter().sum::<u16>() + COLUMN_GAP * widths.len() as u16;
        let name_width = area.width.saturating_sub(taken + 1).min(name_room as u16 + 40).max(4);
        widths.push(name_width);
        headers.push("name");
        let (rows, selected) = self.list.window(area.height.saturating_sub(1) as usize);
        let body = rows.iter().enumerate().map(|(position, &row)| {
            let example = &set.examples[row as usize];
            let percent = Percent::from_tenths(example.percent_tenths).map_or_else(String::new, |p| p.to_string());
            let (status, fit_text) = match &example.error {
                None => {
                    let fits = self.fits.get(row as usize).map_or(&[][..], Vec::as_slice);
                    (Span::styled("success", theme.success()), fit_summary(fits))
                }
                Some(_) => (Span::styled("FAILED", theme.error()), "-".to_string()),
            };
            let name = match &example.error {
                None => example.full_name.clone(),
                Some(error) => format!("{}: {error}", example.full_name),
            };
            let mut cells = vec![Cell::from(fit(&example.kind.label(), 15).into_owned()), Cell::from(status)];
            cells.push(Cell::from(example.mode.to_string()));
            cells.push(Cell::from(Line::from(percent).right_aligned()));
            cells.push(Cell::from(fit(&fit_text, usize::from(fit_width)).into_owned()));
            if wide {
                cells.push(Cell::from(fit(&example.template, 11).into_owned()));
            }
            cells.push(Cell::from(fit(&name, usize::from(name_width)).into_owned()));
            let row = Row::new(cells);
            if selected == Some(position) { row.style(theme.selection()) } else { row }
        });
        let widths = widths.into_iter().map(Constraint::Length);
        Table::new(body, widths)
            .header(Row::new(headers).style(theme.header()))
            .column_spacing(COLUMN_GAP)
            .render(area, buf);
    }
}

/// The footer: how many examples there are (and match the filter), when they were made, and
/// every text of the selected one that had to shrink or wrap, with its template line.
pub fn footer(list: &FilteredList, examples: Option<&ExampleSet>, fits: &[Vec<TextFit>]) -> String {
    let Some(set) = examples else { return "examples (x: back)".to_string() };
    let mut parts = vec![
        crate::domain::counted(list.total(), "example", "examples"),
        format!("made {} (x: back)", set.generated_at.strftime("%Y-%m-%d %H:%M")),
    ];
    if !list.query().is_empty() {
        parts.push(format!("{} match \"{}\"", list.len(), list.query()));
    }
    if let Some(selected) = list.selected_row().and_then(|row| fits.get(row))
        && !selected.is_empty()
    {
        let each = selected.iter().map(|fit| format!("line {}: {}", fit.line, fit.describe()));
        parts.push(each.collect::<Vec<_>>().join("; "));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_fit(nominal_pt: f32, size_pt: f32, lines: usize, excerpt: &str) -> TextFit {
        TextFit { line: 40, col: 3, excerpt: excerpt.into(), nominal_pt, size_pt, lines, written_lines: 1 }
    }

    #[test]
    fn the_summary_names_the_smallest_text_and_by_how_much() {
        assert_eq!(fit_summary(&[]), "as written");
        let name = text_fit(28.0, 19.6, 2, "Maximiliana Wilhelmina");
        let title = text_fit(14.0, 14.0, 2, "has completed");
        assert_eq!(fit_summary(&[title.clone(), name.clone()]), "70%, 2 lines \"Maximiliana…\" +1");
        assert_eq!(fit_summary(&[title]), "2 lines \"has complet…\"");
        assert_eq!(name.describe(), "shrunk 28.0→19.6pt (70%), wrapped to 2 lines");
    }
}
