//! The import dialog: a course folder or a platform's export, with the files that supply what
//! an export lacks (course.toml, Open edX's grading_policy.json, a roster); it writes the
//! draft course.toml and lists what is wrong with the files. What a refusal lets the user
//! overrule is asked in `overrule.rs`; who wins a conflict, in `conflicts.rs`.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr;

use super::overrule::Overrule;
use super::{Handled, body_and_keys, draw_box, wrapped_height};
use crate::import::Waiver;
use crate::import::platform::FileImport;
use crate::tui::action::Action;
use crate::tui::line_edit::LineCursor;
use crate::tui::path_completion::{Completed, complete};
use crate::tui::paths;
use crate::tui::text::wrap_hanging_after;
use crate::tui::theme::Theme;

pub(super) const LABELS: [&str; 4] = ["File or folder", "Course file", "Grading policy", "Roster"];
/// What each field takes, said under the fields while it has the focus.
const HINTS: [&str; 4] = [
    "a course folder, or a grade export of Open edX, Moodle, Canvas or Chamilo",
    "optional: a course.toml with what the export lacks (Ctrl-D drafts one)",
    "optional, Open edX: the course's grading_policy.json (weights, cutoffs)",
    "optional: the learners' names and modes (profiles.csv, roster.csv)",
];
/// The same, where the hint cannot sit under the values: a sentence of its own.
const SENTENCES: [&str; 4] = [
    "The file: a course folder, or a grade export from Open edX, Moodle, Canvas or Chamilo; the other files are optional.",
    "The course file (optional): a course.toml with what the export lacks; Ctrl-D drafts one.",
    "The grading policy (optional, Open edX): the course's grading_policy.json, with its weights and cutoffs.",
    "The roster (optional): the learners' names and modes, in profiles.csv or roster.csv.",
];
/// Where the fields' values start: after the labels, right-aligned, and " > ".
const VALUES_AT: usize = 18;

pub struct ImportForm {
    /// File, course file, grading policy, roster.
    pub fields: [String; 4],
    /// Where each field's cursor stands.
    cursors: [LineCursor; 4],
    pub focus: usize,
    /// What went wrong last time, or what the draft said.
    pub notes: Vec<String>,
    pub notes_are_problems: bool,
    /// What of the last attempt's refusal the user may overrule (Ctrl-N, Ctrl-R).
    overrule: Overrule,
    /// The first note shown, when there are more than the dialog holds (PgUp/PgDn).
    notes_from: usize,
    /// How many notes the last drawing showed from `notes_from`, and the last `notes_from`
    /// that still fills the dialog: what PgDn moves by and how far.
    notes_page: Cell<(usize, usize)>,
    /// The names that fit the path in the focused field, listed by Tab where it could complete
    /// no further; shown in the hint's place until the next key.
    fits: Option<String>,
}

impl ImportForm {
    pub fn new() -> ImportForm {
        ImportForm {
            fields: Default::default(),
            cursors: Default::default(),
            focus: 0,
            notes: Vec::new(),
            notes_are_problems: false,
            overrule: Overrule::default(),
            notes_from: 0,
            notes_page: Cell::new((0, 0)),
            fits: None,
        }
    }

    /// The form after `request` was refused for reasons the user may overrule.
    pub fn with_waivers(mut self, request: FileImport, waivers: Vec<Waiver>) -> ImportForm {
        self.overrule = Overrule::new(request, waivers);
        self
    }

    /// The form as it was for `request`, with `notes` under it.
    pub fn again(request: &FileImport, notes: Vec<String>, problems: bool) -> ImportForm {
        let text = |path: &Option<PathBuf>| path.as_ref().map(|path| path.display().to_string()).unwrap_or_default();
        ImportForm {
            fields: [
                request.path.display().to_string(),
                text(&request.course),
                text(&request.grading_policy),
                text(&request.roster),
            ],
            notes,
            notes_are_problems: problems,
            ..ImportForm::new()
        }
    }

    pub fn request(&self) -> FileImport {
        let path = |text: &str| (!text.trim().is_empty()).then(|| paths::typed(text.trim()));
        FileImport {
            path: paths::typed(self.fields[0].trim()),
            format: None,
            course: path(&self.fields[1]),
            grading_policy: path(&self.fields[2]),
            roster: path(&self.fields[3]),
            keep: None,
            new_learners: false,
            remove_activities: false,
            dry_run: false,
        }
    }

    /// Fills the empty supplements with the usual files next to an export, when they exist.
    fn guess_supplements(&mut self) {
        let file = paths::typed(self.fields[0].trim());
        if !file.is_file() {
            return;
        }
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let names: [&[&str]; 3] = [&["course.toml"], &["grading_policy.json"], &["profiles.csv", "roster.csv"]];
        for (field, candidates) in self.fields[1..].iter_mut().zip(names) {
            if field.is_empty()
                && let Some(found) = candidates.iter().map(|name| dir.join(name)).find(|path| path.is_file())
            {
                *field = found.display().to_string();
            }
        }
    }

    fn move_focus(&mut self, forward: bool) {
        if self.focus == 0 {
            self.guess_supplements();
        }
        self.focus = if forward { (self.focus + 1) % 4 } else { (self.focus + 3) % 4 };
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        if let Some(answered) = self.overrule.answer(key) {
            return answered;
        }
        // Tab again, once the names are listed, goes on to the next field.
        let listed = self.fits.take().is_some();
        match key.code {
            KeyCode::Char('n') if control => self.overrule.ask(|waiver| matches!(waiver, Waiver::NewLearners { .. })),
            KeyCode::Char('r') if control => {
                self.overrule.ask(|waiver| matches!(waiver, Waiver::RemoveActivities { .. }))
            }
            KeyCode::Esc => return Handled::Action(Action::ClosePopup),
            KeyCode::Enter if self.fields[0].trim().is_empty() => {
                self.notes = vec!["Type the path of a course folder or of a platform's export.".to_string()];
                self.notes_are_problems = true;
            }
            KeyCode::Enter => {
                self.guess_supplements();
                return Handled::Action(Action::Import(self.request()));
            }
            KeyCode::Char('d') if control => {
                if self.fields[0].trim().is_empty() {
                    self.notes = vec!["Type the export's path first: the draft is made from it.".to_string()];
                    self.notes_are_problems = true;
                    return Handled::Consumed;
                }
                return Handled::Action(Action::WriteDraft(self.request()));
            }
            KeyCode::PageDown => {
                let (page, last_from) = self.notes_page.get();
                self.notes_from = (self.notes_from + page.max(1)).min(last_from);
            }
            KeyCode::PageUp => {
                let (page, _) = self.notes_page.get();
                self.notes_from = self.notes_from.saturating_sub(page.max(1));
            }
            KeyCode::Tab if !listed && self.completes() => {}
            KeyCode::Tab | KeyCode::Down => self.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(false),
            // Typing, moving and deleting where the field's cursor stands.
            _ => {
                let before = self.fields[self.focus].clone();
                self.cursors[self.focus].edit(&mut self.fields[self.focus], key);
                if self.fields[self.focus] != before {
                    self.edited();
                }
            }
        }
        Handled::Consumed
    }

    /// Tab at the end of a path begun: completes it, or lists the names that fit; whether it did
    /// either.
    fn completes(&mut self) -> bool {
        let field = &self.fields[self.focus];
        if field.trim().is_empty() || !self.cursors[self.focus].at_end() {
            return false;
        }
        match complete(field) {
            Completed::Longer(text) => {
                self.fields[self.focus] = text;
                self.edited();
            }
            Completed::Several(names) => self.fits = Some(names),
            Completed::Nothing => return false,
        }
        true
    }

    pub fn paste(&mut self, text: &str) -> Handled {
        self.fits = None;
        self.cursors[self.focus].insert(&mut self.fields[self.focus], &text.replace(['\r', '\n'], ""));
        self.edited();
        Handled::Consumed
    }

    /// What the last attempt said was about the file it named: once another file is named,
    /// it goes. (Edits to the other fields keep it: it is often what they are fixing.)
    fn edited(&mut self) {
        if self.focus == 0 {
            self.notes.clear();
            self.notes_from = 0;
            self.overrule.forget();
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        const WIDTH: u16 = 96;
        let waiver_lines = self.overrule.lines();
        // Every row the wrapped text takes, so that a narrow terminal shows every note too.
        let width = super::inner_width(area, WIDTH);
        // Whole: a long path goes on under where it starts, after its label, where it went
        // to the next row at the box's edge and left the label alone on its row.
        let fields: Vec<Vec<String>> = LABELS
            .iter()
            .zip(&self.fields)
            .enumerate()
            .map(|(index, (label, value))| {
                let value = match index == self.focus {
                    true => {
                        let (before, after) = self.cursors[index].shown(value, usize::MAX);
                        format!("{before}▏{after}")
                    }
                    false => value.clone(),
                };
                let mut rows = wrap_hanging_after(VALUES_AT, &value, usize::from(width));
                if let Some(first) = rows.first_mut() {
                    *first = format!("{label:>width$} > {first}", width = VALUES_AT - 3);
                }
                rows
            })
            .collect();
        let field_rows = u16::try_from(fields.iter().map(Vec::len).sum::<usize>()).unwrap_or(u16::MAX);
        // Under the fields when it fits there, else from the left edge, as a sentence of its own.
        let hint = HINTS[self.focus];
        let hint = match (&self.fits, usize::from(width) >= VALUES_AT + hint.width()) {
            (Some(names), _) => names.clone(),
            (None, true) => format!("{:VALUES_AT$}{hint}", ""),
            (None, false) => SENTENCES[self.focus].to_string(),
        };
        let rows = field_rows + wrapped_height(std::slice::from_ref(&hint), width) + 1;
        // The box is at most two rows shorter than the screen; in it, besides the notes, the
        // rows above, its borders and the keys. The waivers are always shown: they say what
        // the user may do.
        let room = area.height.saturating_sub(2).saturating_sub(rows + 3);
        let room = room.saturating_sub(wrapped_height(&waiver_lines, width));
        let from = self.notes_from.min(self.notes.len().saturating_sub(1));
        let mut notes = notes_that_fit(&self.notes, from, room, width);
        let shown = notes.iter().filter(|note| !note.starts_with(MORE)).count();
        self.notes_page.set((shown, last_start(&self.notes, room, width)));
        let first_waiver = notes.len();
        notes.extend(waiver_lines);
        let inner = draw_box(
            area,
            buf,
            WIDTH,
            rows + wrapped_height(&notes, width) + 3,
            "Import a course folder or a platform's export",
            theme,
        );
        let mut lines: Vec<Line> = fields
            .into_iter()
            .enumerate()
            .flat_map(|(index, rows)| {
                let style = if index == self.focus { theme.key() } else { theme.title() };
                rows.into_iter().enumerate().map(move |(row, text)| match row {
                    0 => {
                        let (label, value) = text.split_at(VALUES_AT);
                        Line::from(vec![Span::raw(label.to_string()), Span::styled(value.to_string(), style)])
                    }
                    _ => Line::styled(text, style),
                })
            })
            .collect();
        lines.push(Line::styled(hint, theme.hint()));
        lines.push(Line::raw(""));
        let style = if self.notes_are_problems { theme.error() } else { theme.success() };
        lines.extend(
            notes
                .into_iter()
                .enumerate()
                .map(|(index, note)| Line::styled(note, if index >= first_waiver { theme.key() } else { style })),
        );
        let hint = match self.overrule.is_asking() {
            true => "y/Enter yes · any other key back to the form",
            false => "Tab complete/next · Enter import · Ctrl-D draft course.toml · Esc cancel",
        };
        body_and_keys(lines, hint, inner, buf, theme);
    }
}

/// How a line standing for notes not shown starts.
const MORE: &str = "… ";

/// From `notes[from]` on, as many notes as fit in `rows` rows `width` wide, with a line before
/// them saying how many are above and one after saying how many more there are, each with the
/// key that shows them.
fn notes_that_fit(notes: &[String], from: usize, rows: u16, width: u16) -> Vec<String> {
    if from == 0 && wrapped_height(notes, width) <= rows {
        return notes.to_vec();
    }
    let above = (from > 0).then(|| format!("{MORE}{from} more above (PgUp)"));
    let more = |count: usize| format!("{MORE}and {count} more (PgDn; `certdesk import` lists them all)");
    let mut used = above.as_ref().map_or(0, |line| wrapped_height(std::slice::from_ref(line), width));
    let mut shown: Vec<String> = above.into_iter().collect();
    let mut taken = 0;
    for note in &notes[from.min(notes.len())..] {
        let height = wrapped_height(std::slice::from_ref(note), width);
        let after = notes.len() - from - taken - 1;
        let more_height = if after > 0 { wrapped_height(&[more(after)], width) } else { 0 };
        // One note at least, however tall: PgDn must always get somewhere.
        if taken > 0 && used + height + more_height > rows {
            break;
        }
        shown.push(note.clone());
        used += height;
        taken += 1;
    }
    let after = notes.len().saturating_sub(from + taken);
    if after > 0 {
        shown.push(more(after));
    }
    shown
}

/// The last first note PgDn goes to: the one from which the rest of `notes` fill the dialog.
fn last_start(notes: &[String], rows: u16, width: u16) -> usize {
    let mut start = notes.len().saturating_sub(1);
    while start > 0 {
        let trial = notes_that_fit(notes, start - 1, rows, width);
        if trial.last().is_some_and(|line| line.starts_with(MORE) && line.contains("PgDn")) {
            break;
        }
        start -= 1;
    }
    start
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
