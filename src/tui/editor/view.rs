//! How the template editor is drawn: the text with its own line numbers, the preview beside it
//! or full screen, and the problems and fits under them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use super::TemplateEditor;
use crate::render::layout::{Severity, quoted};
use crate::tui::renderer::Picture;

impl TemplateEditor {
    /// Where the preview's picture goes in `area`, if the preview is in view.
    pub fn picture(&self, area: Rect) -> Option<(Rect, &Picture)> {
        let preview = EditorLayout::of(area, self.full_preview).preview?;
        let picture = self.preview.as_ref()?;
        let (_, room) = self.preview_parts(Block::bordered().inner(preview));
        Some((crate::tui::popup::centred_at_top(room, picture.cols, picture.rows), picture))
    }

    /// What is said above the preview in a box `width` cells wide: why the text has none,
    /// and, when an earlier text had one, that the picture under it is that text's.
    pub(super) fn preview_note(&self, width: u16) -> Vec<String> {
        let Some(error) = &self.preview_error else { return Vec::new() };
        let mut note = crate::tui::text::wrap(error, usize::from(width));
        if self.page.is_some() {
            note.push("Under it, the last text that had a preview:".to_string());
        }
        note
    }

    /// The rows of the preview's box `inner` for its note, and the room left for the picture.
    pub(super) fn preview_parts(&self, inner: Rect) -> (Rect, Rect) {
        let rows = u16::try_from(self.preview_note(inner.width).len()).unwrap_or(u16::MAX).min(inner.height);
        let [note, picture] = Layout::vertical([Constraint::Length(rows), Constraint::Fill(1)]).areas(inner);
        (note, picture)
    }

    /// The text (with the preview beside it on a wide terminal, or the preview alone), and the
    /// problems and fits under it. `as_picture`: a graphics protocol draws the preview.
    pub fn render(&self, area: Rect, buf: &mut Buffer, truecolor: bool, as_picture: bool) {
        let layout = EditorLayout::of(area, self.full_preview);
        if let Some(editor) = layout.editor {
            let modified = if self.is_modified() { " (modified)" } else { "" };
            let since = self.since.as_ref().map(|since| format!(" · {since}")).unwrap_or_default();
            // Without the preview beside the text, F3/F4 would change what it shows unseen.
            let previewing = match (layout.preview, self.preview_names.chosen()) {
                (None, chosen) if chosen > 0 => {
                    format!(" · Ctrl-T preview: {}", self.preview_names.describe(chosen))
                }
                _ => String::new(),
            };
            let title = format!("{} revision {}{modified}{since}{previewing}", self.name, self.revision);
            let block = Block::bordered().title(border_title(&title, editor.width));
            let inner = block.inner(editor);
            block.render(editor, buf);
            let [gutter, text] =
                Layout::horizontal([Constraint::Length(self.gutter_width()), Constraint::Fill(1)]).areas(inner);
            // Rendered in place, not a clone: the text area keeps where it scrolled to, so the
            // view moves only when the cursor leaves it.
            (&self.textarea).render(text, buf);
            self.render_line_numbers(gutter, buf);
            self.mark_cut_lines(text, buf);
        }
        if let Some(preview) = layout.preview {
            // What is shown above, the keys under: a long name cut at the top leaves them whole.
            let keys = if self.full_preview {
                "F3/F4 other names · Ctrl-T or Esc: back to the text"
            } else {
                "F3/F4 other names · Ctrl-T: full screen"
            };
            let shown = if self.page.is_some() { self.page_name } else { self.preview_names.chosen() };
            let title = format!("preview: {}", self.preview_names.describe(shown));
            let block = Block::bordered()
                .title(border_title(&title, preview.width))
                .title_bottom(border_title(keys, preview.width));
            let inner = block.inner(preview);
            block.render(preview, buf);
            // Wrapped: a long error (a did-you-mean at its end) is read whole, above the
            // preview of the last text that had one, kept to compare while the error is fixed.
            let (note, room) = self.preview_parts(inner);
            let lines: Vec<Line> = self.preview_note(inner.width).into_iter().map(Line::from).collect();
            Paragraph::new(lines).render(note, buf);
            match &self.preview {
                Some(_) if as_picture => {}
                Some(picture) => crate::tui::popup::draw_half_blocks(&picture.blocks, room, buf, truecolor),
                None => {}
            }
        }
        self.render_problems(layout.problems, buf);
    }

    /// The line numbers' column: the widest number with a space each side.
    fn gutter_width(&self) -> u16 {
        let digits = self.textarea.lines().len().max(1).ilog10() + 1;
        u16::try_from(digits).unwrap_or(u16::MAX).saturating_add(2)
    }

    /// The number of each line in view, in the rows the text area scrolled to (the text is
    /// never wrapped, so a row is a line).
    fn render_line_numbers(&self, area: Rect, buf: &mut Buffer) {
        let (top_row, _) = self.textarea.scroll_offset();
        let digits = usize::from(area.width.saturating_sub(2));
        let style = Style::new().fg(Color::DarkGray);
        let last = self.textarea.lines().len();
        for (y, number) in (area.top()..area.bottom()).zip(usize::from(top_row) + 1..=last) {
            buf.set_stringn(area.x, y, format!(" {number:>digits$} "), usize::from(area.width), style);
        }
    }

    /// A line that goes on past the text's right edge ends in `…` on the border, and one
    /// scrolled sideways starts with `…` in the gutter, as a cut text does everywhere else:
    /// without them a long line looked whole (`# Lengths … \`left\`/\`ri`).
    fn mark_cut_lines(&self, text: Rect, buf: &mut Buffer) {
        let (top_row, left) = self.textarea.scroll_offset();
        let (left, width) = (usize::from(left), usize::from(text.width));
        let style = Style::new().fg(Color::DarkGray);
        let lines = self.textarea.lines().iter().skip(usize::from(top_row));
        for (y, line) in (text.top()..text.bottom()).zip(lines) {
            let cells = line_cells(line);
            if cells > left + width && text.right() < buf.area.right() {
                buf[(text.right(), y)].set_symbol("…").set_style(style);
            }
            if left > 0 && cells > 0 && text.x > buf.area.x {
                buf[(text.x - 1, y)].set_symbol("…").set_style(style);
            }
        }
    }

    /// A heading with the counts, then the problems from the one Ctrl-E last went to (that one
    /// whole, wrapped; the rest a line each, errors before warnings), then each text that did
    /// not fit as written.
    fn render_problems(&self, area: Rect, buf: &mut Buffer) {
        let problems = self.problems();
        let errors = problems.iter().filter(|d| d.severity == Severity::Error).count();
        let shown = if problems.is_empty() { 0 } else { self.shown_problem % problems.len() };
        let mut heading = match problems.len() {
            0 => "no problems".to_string(),
            1 if errors == 1 => "1 problem (an error) · Ctrl-E go to it".to_string(),
            1 => "1 problem (a warning) · Ctrl-E go to it".to_string(),
            n => format!(
                "{n} problems ({}) · {} of {n} below · Ctrl-E next",
                crate::domain::counted(errors, "error", "errors"),
                shown + 1
            ),
        };
        // Only a layout that rendered has fits to report.
        if self.preview_error.is_none() {
            let shrunk = self.fits.iter().filter(|fit| fit.shrunk()).count();
            let wrapped = self.fits.iter().filter(|fit| fit.wrapped()).count();
            heading.push_str(&format!(" · fit: {shrunk} shrunk, {wrapped} wrapped"));
        }
        let width = usize::from(area.width);
        let mut lines = vec![Line::styled(
            crate::tui::text::fit(&heading, width).into_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        )];
        for (index, diagnostic) in
            problems.iter().enumerate().skip(shown).chain(problems.iter().enumerate().take(shown))
        {
            let style = match diagnostic.severity {
                Severity::Error => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                Severity::Warning => Style::new().fg(Color::Yellow),
            };
            let text = diagnostic.to_string();
            if index == shown {
                lines.extend(crate::tui::text::wrap(&text, width).into_iter().map(|line| Line::styled(line, style)));
            } else {
                lines.push(Line::styled(crate::tui::text::fit(&text, width).into_owned(), style));
            }
        }
        lines.extend(self.fits.iter().map(|fit| {
            let text = format!("{}:{}: {} {}", fit.line, fit.col, fit.describe(), quoted(&fit.excerpt));
            Line::styled(
                crate::tui::text::fit(&text, usize::from(area.width)).into_owned(),
                Style::new().fg(Color::Cyan),
            )
        }));
        Paragraph::new(lines).render(area, buf);
    }
}

/// The cells inside a bordered box.
pub(super) fn inside(area: Rect) -> (u16, u16) {
    (area.width.saturating_sub(2), area.height.saturating_sub(2))
}

/// Where the editor's parts go: the text gets most of the screen (the preview sits beside it
/// only where the terminal is wide enough for both), the problems a few lines under it.
pub(super) struct EditorLayout {
    pub editor: Option<Rect>,
    pub preview: Option<Rect>,
    pub problems: Rect,
}

impl EditorLayout {
    pub fn of(area: Rect, full_preview: bool) -> EditorLayout {
        let problems_height = if area.height < 30 { 3 } else { 6 };
        let [top, problems] = Layout::vertical([Constraint::Min(6), Constraint::Length(problems_height)]).areas(area);
        if full_preview {
            return EditorLayout { editor: None, preview: Some(area), problems: Rect { height: 0, ..problems } };
        }
        if area.width >= 110 {
            let [editor, preview] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top);
            EditorLayout { editor: Some(editor), preview: Some(preview), problems }
        } else {
            EditorLayout { editor: Some(top), preview: None, problems }
        }
    }
}

/// `title` between the corners of a box `width` wide, a blank each side, ending in `…` where
/// it is cut (a narrow terminal, a long template name), where the border cut it silently.
/// The cells a line of the text takes as the text area draws it: tabs to the next stop of
/// two, control characters none.
fn line_cells(line: &str) -> usize {
    use ratatui::buffer::CellWidth as _;
    use unicode_segmentation::UnicodeSegmentation as _;
    line.graphemes(true).fold(0, |cells, grapheme| match grapheme {
        "\t" => cells + 2 - cells % 2,
        _ if grapheme.contains(char::is_control) => cells,
        _ => cells + usize::from(grapheme.cell_width()),
    })
}

fn border_title(title: &str, width: u16) -> String {
    format!(" {} ", crate::tui::text::fit(title, usize::from(width.saturating_sub(4))))
}
