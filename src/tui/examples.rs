//! The example certificates of a course, each with how its texts fit: which had to shrink or
//! wrap and by how much, the worst in the list and all of the selected one's in the footer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::list::FilteredList;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, room, wrap};
use super::theme::Theme;
use crate::domain::{ExampleSet, Percent};
use crate::render::layout::TextFit;

/// The columns always shown whole: the example's kind (as wide as the longest kind made, at
/// least `KIND`), its status, its mode and its percent.
const KIND: u16 = 15;
const FIXED: [u16; 3] = [7, 8, 6];
/// The template column, from 120 columns.
const TEMPLATE: u16 = 11;
/// The name gets this much before the fit column gets more than its shortest forms: it says
/// which learner's name the example is, and most names of every script fit in it.
const NAME_FIRST: u16 = 26;
/// The fit column at its narrowest: `as written`.
const FIT_LEAST: u16 = 10;
const FIT_HEADER: &str = "fit (smallest text)";

pub struct ExamplesView<'a> {
    pub list: &'a FilteredList,
    pub examples: Option<&'a ExampleSet>,
    pub fits: &'a [Vec<TextFit>],
    pub theme: Theme,
}

/// What an example's texts came to, from the fullest form to the shortest, for the fit column:
/// `as written`, or its smallest text and how many others had to shrink or wrap (`55%, 2 lines
/// "Maximiliana…" +1`), then without the text (`55%, 2 lines +1`), then by how much only
/// (`55%, 2 lines`). The footer names every text of the selected example.
fn fit_forms(fits: &[TextFit]) -> Vec<String> {
    let ratio = |fit: &TextFit| fit.size_pt / fit.nominal_pt;
    let Some(worst) = fits.iter().min_by(|a, b| ratio(a).total_cmp(&ratio(b)).then(b.lines.cmp(&a.lines))) else {
        return vec!["as written".to_string()];
    };
    let how_much = match (worst.shrunk(), worst.wrapped()) {
        (true, true) => format!("{:.0}%, {} lines", ratio(worst) * 100.0, worst.lines),
        (true, false) => format!("{:.0}%", ratio(worst) * 100.0),
        (false, _) => format!("{} lines", worst.lines),
    };
    let more = if fits.len() > 1 { format!(" +{}", fits.len() - 1) } else { String::new() };
    let text = crate::render::layout::quoted(&short(&worst.excerpt));
    let mut forms = vec![format!("{how_much} {text}{more}"), format!("{how_much}{more}"), how_much];
    forms.dedup();
    forms
}

fn short(text: &str) -> String {
    fit(text, 12).into_owned()
}

/// The fullest of `forms` that fits `width` cells, else the shortest cut with `…`.
fn within(forms: &[String], width: u16) -> String {
    let width = usize::from(width);
    match forms.iter().find(|form| form.width() <= width) {
        Some(form) => form.clone(),
        None => fit(forms.last().map_or("", String::as_str), width).into_owned(),
    }
}

/// How wide the fit and name columns are, and the space between columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    gap: u16,
    fit: u16,
    name: u16,
    template: bool,
}

/// The columns on `width` cells, for names as wide as `name_room` and fit texts from
/// `fit_least` (their shortest forms) to `fit_full` cells: the name gets `NAME_FIRST` cells
/// first, then the fit texts what they need, then the name the rest. From 120 columns the
/// template is shown, with two cells between columns; below, one.
fn columns(width: u16, kind: u16, name_room: u16, fit_least: u16, fit_full: u16) -> Columns {
    let template = width >= 120;
    let gap = if template { 2 } else { 1 };
    let fixed: u16 = kind + FIXED.iter().sum::<u16>() + if template { TEMPLATE } else { 0 };
    let count = FIXED.len() as u16 + 3 + u16::from(template);
    // A cell free at the right edge, as every list keeps.
    let room = width.saturating_sub(fixed + gap * (count - 1) + 1);
    let fit_least = fit_least.max(FIT_LEAST);
    let name = name_room.min(NAME_FIRST).min(room.saturating_sub(fit_least));
    let fit = fit_full.max(fit_least).min(room.saturating_sub(name));
    Columns { gap, fit, name: room.saturating_sub(fit).max(4), template }
}

impl Widget for ExamplesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let Some(set) = self.examples else {
            let text = "No example certificates yet: press g to make them (one per mode plus the worst cases).";
            Paragraph::new(text).style(theme.hint()).wrap(ratatui::widgets::Wrap { trim: true }).render(area, buf);
            return;
        };
        let fits_of = |row: usize| self.fits.get(row).map_or(&[][..], Vec::as_slice);
        // Per example, what its fit column can say, from the fullest to the shortest.
        let forms: Vec<Vec<String>> = (0..set.examples.len())
            .map(|row| match &set.examples[row].error {
                None => fit_forms(fits_of(row)),
                Some(_) => vec!["-".to_string()],
            })
            .collect();
        let widest = |form: fn(&Vec<String>) -> Option<&String>| {
            forms.iter().filter_map(form).map(|text| text.width()).max().unwrap_or(0) as u16
        };
        // The name alone: why an example failed is said whole under the list, where the name
        // column cut it ('කමල් පෙරේරා: name cannot …').
        let names = set.examples.iter().map(|example| room(&example.full_name));
        let name_room = names.max().unwrap_or(4).max(4) as u16;
        // `unprintable name` is a cell longer than the other kinds, and was cut to its `…`.
        let kinds = set.examples.iter().map(|example| example.kind.label().width());
        let kind = kinds.max().unwrap_or(0).max(usize::from(KIND)) as u16;
        let (least, full) = (widest(|forms| forms.last()), widest(|forms| forms.first()));
        let columns = columns(area.width, kind, name_room, least, full);
        let fit_header = if usize::from(columns.fit) >= FIT_HEADER.len() { FIT_HEADER } else { "fit" };
        let mut widths = vec![kind];
        widths.extend(FIXED);
        let mut headers = vec!["example", "status", "mode", "pct", fit_header];
        widths.push(columns.fit);
        // The mode always (a worst case prints in one mode, which only this column says); the
        // template only where there is room: the settings line above names each mode's.
        if columns.template {
            widths.push(TEMPLATE);
            headers.push("template");
        }
        widths.push(columns.name);
        headers.push("name");
        let (rows, selected) = self.list.window(area.height.saturating_sub(1) as usize);
        let body = rows.iter().enumerate().map(|(position, &row)| {
            let example = &set.examples[row as usize];
            let percent = Percent::from_tenths(example.percent_tenths).map_or_else(String::new, |p| p.to_string());
            let status = match &example.error {
                None => Span::styled("success", theme.success()),
                Some(_) => Span::styled("FAILED", theme.error()),
            };
            let mut cells =
                vec![Cell::from(fit(&example.kind.label(), usize::from(kind)).into_owned()), Cell::from(status)];
            cells.push(Cell::from(example.mode.to_string()));
            cells.push(Cell::from(Line::from(percent).right_aligned()));
            cells.push(Cell::from(within(&forms[row as usize], columns.fit)));
            if columns.template {
                cells.push(Cell::from(fit(&example.template, usize::from(TEMPLATE)).into_owned()));
            }
            cells.push(Cell::from(fit(&example.full_name, usize::from(columns.name)).into_owned()));
            let row = Row::new(cells);
            if selected == Some(position) { row.style(theme.selection()) } else { row }
        });
        let widths = widths.into_iter().map(Constraint::Length);
        Table::new(body, widths)
            .header(Row::new(headers).style(theme.header()))
            .column_spacing(columns.gap)
            .render(area, buf);
    }
}

/// What the name column says of an example: the name, and why a failed one failed.
fn name_of(example: &crate::domain::Example) -> String {
    match &example.error {
        None => example.full_name.clone(),
        Some(error) => format!("{}: {error}", example.full_name),
    }
}

/// The footer, at most `max_rows` rows of `width` cells: the selected example whole, as the
/// columns may not show it (every text of it that had to shrink or wrap, with its template
/// line, its name and why it failed); under it, how many examples there are (and match the
/// filter) and when they were made.
pub fn footer(
    list: &FilteredList,
    examples: Option<&ExampleSet>,
    fits: &[Vec<TextFit>],
    width: u16,
    max_rows: usize,
) -> Vec<String> {
    let width = usize::from(width);
    let Some(set) = examples else { return vec!["examples (x: back)".to_string()] };
    let failed = set.examples.iter().filter(|example| !example.succeeded()).count();
    let mut parts = vec![crate::domain::counted(list.total(), "example", "examples")];
    if failed > 0 {
        parts.push(format!("{failed} failed (select one to see why)"));
    }
    let made = format!("made {}", crate::domain::when_utc(set.generated_at));
    let with_made = |made: String| {
        let mut parts = [parts.as_slice(), &[made]].concat();
        if !list.query().is_empty() {
            parts.push(list.matches_said());
        }
        parts.join(" · ")
    };
    // The key line under it says `x back` too: where both do not fit, the time goes whole.
    let summary = Some(with_made(format!("{made} (x: back)"))).filter(|long| long.width() <= width);
    let mut rows = vec![fit(&summary.unwrap_or_else(|| with_made(made)), width).into_owned()];
    // As many rows as the longest example's needs, whichever is selected: the list above keeps
    // its height as the selection moves.
    let height = (0..set.examples.len())
        .map(|row| detail(set, fits, row, width).len())
        .max()
        .unwrap_or(0)
        .min(max_rows.saturating_sub(1));
    let mut selected = list.selected_row().map_or_else(Vec::new, |row| detail(set, fits, row, width));
    if selected.len() > height
        && let Some(last) = selected.get_mut(height.saturating_sub(1))
    {
        // Cut where the room ends: the `…` says there is more.
        *last = fit(&format!("{last} …"), width).into_owned();
    }
    selected.resize(height, String::new());
    rows.splice(0..0, selected);
    rows
}

/// The example in row `row` whole, on rows of `width` cells: its kind, every text of it that
/// had to shrink or wrap, and its name (and why it failed).
fn detail(set: &ExampleSet, fits: &[Vec<TextFit>], row: usize, width: usize) -> Vec<String> {
    let Some(example) = set.examples.get(row) else { return Vec::new() };
    // The texts first: the column says least of them, and shows the name's start.
    let texts = fits.get(row).map_or(&[][..], Vec::as_slice);
    let mut said: Vec<String> = texts
        .iter()
        .map(|text| {
            let excerpt = crate::render::layout::quoted(&short(&text.excerpt));
            format!("line {} {excerpt}: {}", text.line, text.describe())
        })
        .collect();
    said.push(name_of(example));
    wrap(&format!("{}: {}", example.kind.label(), said.join(" · ")), width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_fit(nominal_pt: f32, size_pt: f32, lines: usize, excerpt: &str) -> TextFit {
        TextFit { line: 40, col: 3, excerpt: excerpt.into(), nominal_pt, size_pt, lines, written_lines: 1 }
    }

    #[test]
    fn the_summary_names_the_smallest_text_and_by_how_much() {
        assert_eq!(fit_forms(&[]), ["as written"]);
        let name = text_fit(28.0, 19.6, 2, "Maximiliana Wilhelmina");
        let title = text_fit(14.0, 14.0, 2, "has completed");
        let both = fit_forms(&[title.clone(), name.clone()]);
        assert_eq!(both, ["70%, 2 lines \"Maximiliana…\" +1", "70%, 2 lines +1", "70%, 2 lines"]);
        assert_eq!(fit_forms(&[title]), ["2 lines \"has complet…\"", "2 lines"]);
        assert_eq!(name.describe(), "shrunk 28.0→19.6pt (70%), wrapped to 2 lines");
        assert_eq!(within(&both, 20), "70%, 2 lines +1");
        assert_eq!(within(&both, 12), "70%, 2 lines");
        assert_eq!(within(&both, 8), "70%, 2…");
    }

    /// At 80 columns the name gets its room before the fit column grows past its shortest
    /// forms; at 120 both get what they need, with the template between them.
    #[test]
    fn the_name_gets_room_first() {
        // 36 cells of fixed columns, 5 gaps of one cell and the edge leave 38 at 80 columns.
        assert_eq!(columns(80, KIND, 60, 12, 32), Columns { gap: 1, fit: 12, name: 26, template: false });
        assert_eq!(columns(80, KIND, 14, 12, 32), Columns { gap: 1, fit: 24, name: 14, template: false });
        // A longer kind (`unprintable name`) takes its cell from the name, not the fit.
        assert_eq!(columns(80, KIND + 1, 60, 12, 32), Columns { gap: 1, fit: 12, name: 25, template: false });
        // With the template, 6 gaps of two cells: 60 cells.
        assert_eq!(columns(120, KIND, 60, 12, 32), Columns { gap: 2, fit: 32, name: 28, template: true });
    }
}
