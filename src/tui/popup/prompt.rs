//! A one-line text prompt: a score, a path, a code, a filter. Validates on Enter and stays
//! open with the reason when the text is not acceptable; a path to a file that exists is
//! written only after a second Enter.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::{Handled, draw_box, inner_width};
use crate::domain::template::{NAME_RULE, is_valid_name};
use crate::domain::{Code, NumberError, Percent, Points};
use crate::ops::SettingsChange;
use crate::ops::why_path_refused;
use crate::tui::action::Action;
use crate::tui::line_edit::LineCursor;
use crate::tui::path_completion::{Completed, complete};
use crate::tui::paths;
use crate::tui::text::wrap;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    /// Filters the current list as you type.
    Filter,
    Score {
        username: String,
        activity: String,
        max: Points,
        /// The score as stored: one above the maximum (a platform's extra credit) may be
        /// entered again as it is.
        stored: Option<Points>,
    },
    ExportPath,
    VerifyCode,
    Threshold,
    VerifyUrl,
    WritePdf(Code),
    /// The name of a new template, made as a copy of the template `from`; `taken` are the
    /// names saved already, refused here so the prompt stays open to type another.
    NewTemplate {
        from: String,
        taken: Vec<String>,
    },
}

pub struct Prompt {
    pub kind: PromptKind,
    pub title: String,
    pub input: String,
    cursor: LineCursor,
    pub error: Option<String>,
    /// The path the user was told exists: Enter on it again replaces the file.
    replace: Option<String>,
    /// What changed under the prompt since it opened (a colleague saved the score being typed):
    /// shown, unlike an error, until the prompt closes.
    pub changed_under: Option<String>,
    /// The number it opened with is selected, as a spreadsheet's cell is: typing replaces it
    /// (7 over 10 is 7, not 107), a move of the cursor keeps it to edit.
    selected: bool,
    /// The names that fit the path typed, listed by Tab where it could complete no further;
    /// shown until the next key.
    fits: Option<String>,
}

impl Prompt {
    pub fn new(kind: PromptKind, title: impl Into<String>, initial: impl Into<String>) -> Prompt {
        let input = initial.into();
        let selected = !input.is_empty() && matches!(kind, PromptKind::Score { .. } | PromptKind::Threshold);
        Prompt {
            kind,
            title: title.into(),
            input,
            cursor: LineCursor::default(),
            error: None,
            replace: None,
            changed_under: None,
            selected,
            fits: None,
        }
    }

    /// Whether what is typed is a path to write, which Tab completes.
    fn takes_path(&self) -> bool {
        matches!(self.kind, PromptKind::ExportPath | PromptKind::WritePdf(_))
    }

    /// Ends the selection of the number the prompt opened with: typed text, a paste, Backspace
    /// and Delete take it away (whether they did is returned); any other key leaves it to edit
    /// where the cursor goes.
    fn end_selection(&mut self, key: Option<KeyEvent>) -> bool {
        if !std::mem::take(&mut self.selected) {
            return false;
        }
        let replaces = key.is_none_or(|key| match key.code {
            KeyCode::Char(_) => !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT),
            KeyCode::Backspace | KeyCode::Delete => true,
            _ => false,
        });
        if replaces {
            self.input.clear();
            self.cursor = LineCursor::default();
        }
        replaces
    }

    /// Whether Enter would overwrite a file the user has not yet agreed to replace (one that
    /// may be replaced at all: any other is refused at once).
    fn would_replace(&self, text: &str) -> bool {
        self.takes_path()
            && paths::typed(text).is_file()
            && self.replace.as_deref() != Some(text)
            && pdf_path(text).is_ok()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        let before = self.input.clone();
        self.fits = None;
        let handled = match key.code {
            KeyCode::Esc if self.kind == PromptKind::Filter => Handled::Action(Action::ClearFilter),
            // A setting's prompt goes back to the settings it was opened from.
            KeyCode::Esc if matches!(self.kind, PromptKind::Threshold | PromptKind::VerifyUrl) => {
                Handled::Action(Action::OpenSettings)
            }
            KeyCode::Esc => Handled::Action(Action::ClosePopup),
            KeyCode::Enter if self.would_replace(self.input.trim()) => {
                let path = self.input.trim().to_string();
                self.error = Some(format!("{path} exists: Enter again replaces it"));
                self.replace = Some(path);
                Handled::Consumed
            }
            KeyCode::Enter => match submit(&self.kind, self.input.trim()) {
                Ok(action) => Handled::Action(action),
                Err(error) => {
                    self.error = Some(error);
                    Handled::Consumed
                }
            },
            KeyCode::Tab if self.takes_path() && self.cursor.at_end() => {
                match complete(&self.input) {
                    Completed::Longer(text) => self.input = text,
                    Completed::Several(names) => self.fits = Some(names),
                    Completed::Nothing => {}
                }
                Handled::Consumed
            }
            // Typing, moving and deleting where the cursor stands.
            _ => {
                let taken = self.end_selection(Some(key));
                // Backspace or Delete on the selected number took it away: nothing more to do.
                if !(taken && matches!(key.code, KeyCode::Backspace | KeyCode::Delete)) {
                    self.cursor.edit(&mut self.input, key);
                }
                Handled::Consumed
            }
        };
        self.after_edit(before, handled)
    }

    pub fn paste(&mut self, text: &str) -> Handled {
        let before = self.input.clone();
        self.fits = None;
        self.end_selection(None);
        // One line: a pasted newline would otherwise submit half a path.
        self.cursor.insert(&mut self.input, &text.replace(['\r', '\n'], ""));
        self.after_edit(before, Handled::Consumed)
    }

    /// A filter follows the typing; other prompts clear their error once edited.
    fn after_edit(&mut self, before: String, handled: Handled) -> Handled {
        if self.input == before || handled != Handled::Consumed {
            return handled;
        }
        self.error = None;
        match self.kind {
            PromptKind::Filter => Handled::Action(Action::Filter(self.input.clone())),
            _ => handled,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        if self.kind == PromptKind::Filter {
            // The filter sits on the key line at the bottom, leaving the list in view.
            let line = Rect { y: area.bottom().saturating_sub(2), height: 1, ..area };
            Clear.render(line, buf);
            const KEYS: &str = "  Enter keep · Esc clear";
            let room = usize::from(line.width).saturating_sub(1 + KEYS.chars().count());
            let (before, after) = self.cursor.shown(&self.input, room);
            Line::from(vec![
                Span::styled("/", theme.key()),
                Span::raw(format!("{before}▏{after}")),
                Span::styled(KEYS, theme.hint()),
            ])
            .render(line, buf);
            return;
        }
        // An error (or the names Tab found) wraps under the input, the box growing to hold it.
        let below = self.fits.as_ref().map(|names| (names, theme.hint()));
        let below = below.or(self.error.as_ref().or(self.changed_under.as_ref()).map(|error| (error, theme.error())));
        let (error, style) = match below {
            Some((text, style)) => (Some(wrap(text, usize::from(inner_width(area, 70)))), style),
            None => (None, theme.error()),
        };
        let error_rows = error.as_ref().map_or(1, Vec::len) as u16;
        let inner = draw_box(area, buf, 70, 4 + error_rows, &self.title, theme);
        // The cursor stays in view, where the typing is: what is far from it gives way to `…`.
        let (before, after) = self.cursor.shown(&self.input, usize::from(inner.width.saturating_sub(2)));
        let input = if self.selected {
            Line::from(vec![Span::raw("> "), Span::styled(before, theme.selection()), Span::raw("▏")])
        } else {
            Line::from(vec![Span::raw("> "), Span::styled(format!("{before}▏{after}"), theme.key())])
        };
        input.render(Rect { height: 1, ..inner }, buf);
        // The error between the input and the keys, which stay on the last row as in every
        // dialog: an error took their place, and Esc was no longer said once a path was refused.
        if let Some(error) = error {
            let below = Rect { y: inner.y + 1, height: inner.height.saturating_sub(2), ..inner };
            let lines: Vec<Line> = error.into_iter().map(|line| Line::styled(line, style)).collect();
            Paragraph::new(lines).render(below, buf);
        }
        let keys = match (self.selected, self.takes_path()) {
            (true, _) => "Enter accept · typing replaces it · ← edits it · Esc cancel",
            (false, true) => "Tab complete · Enter accept · Esc cancel",
            (false, false) => "Enter accept · Esc cancel",
        };
        super::keys_row(keys, inner, buf, theme);
    }
}

fn submit(kind: &PromptKind, text: &str) -> Result<Action, String> {
    let required = |what: &str| if text.is_empty() { Err(format!("type {what}, or Esc to cancel")) } else { Ok(()) };
    match kind {
        PromptKind::Filter => Ok(Action::ClosePopup),
        PromptKind::Score { username, activity, max, stored } => {
            // Emptied to make it "not graded": that is the gradebook's `x`, which asks first.
            if text.is_empty() && stored.is_some() {
                return Err("type the points, or Esc to cancel (to clear the score: Esc, then x)".to_string());
            }
            required("the points")?;
            let points = text.parse::<Points>().map_err(|error| match error {
                NumberError::TooLarge(_) => above_maximum(text, *max, activity),
                other => number_error(other, text, "8.5"),
            })?;
            if points > *max && Some(points) != *stored {
                return Err(above_maximum(&points.to_string(), *max, activity));
            }
            Ok(Action::SetScore { username: username.clone(), activity: activity.clone(), points: Some(points) })
        }
        PromptKind::ExportPath => {
            required("the PDF path")?;
            Ok(Action::Export(pdf_path(text)?))
        }
        PromptKind::WritePdf(code) => {
            required("the PDF path")?;
            Ok(Action::WritePdf(*code, pdf_path(text)?))
        }
        PromptKind::VerifyCode => {
            required("a verification code")?;
            let code = Code::from_typed(text).map_err(|error| error.to_string())?;
            Ok(Action::Verify(code))
        }
        PromptKind::Threshold => {
            required("the pass threshold in percent")?;
            let threshold = text.parse::<Percent>().map_err(|error| number_error(error, text, "82.5"))?;
            Ok(Action::ChangeSettings(SettingsChange { threshold: Some(threshold), ..SettingsChange::default() }))
        }
        PromptKind::VerifyUrl => {
            required("the verification URL")?;
            if let Some(problem) = crate::domain::settings::verify_url_problem(text) {
                return Err(problem);
            }
            let change = SettingsChange { verify_base_url: Some(text.to_string()), ..SettingsChange::default() };
            Ok(Action::ChangeSettings(change))
        }
        PromptKind::NewTemplate { from, taken } => {
            required("a name for the new template")?;
            if !is_valid_name(text) {
                return Err(format!("'{text}' is not a template name: {NAME_RULE}"));
            }
            if taken.iter().any(|name| name == text) {
                return Err(format!("there is a template called {text} already: type another name"));
            }
            Ok(Action::NewTemplate { name: text.to_string(), from: from.clone() })
        }
    }
}

fn above_maximum(points: &str, max: Points, activity: &str) -> String {
    format!("{points} points is above the maximum of {max} for {activity}")
}

/// Why `text` is not the number asked for. The shared sentence gives a score's example
/// (8.5), which a percent prompt replaces with its own; a decimal comma is shown the number
/// it meant, written with a point.
fn number_error(error: NumberError, text: &str, example: &str) -> String {
    let NumberError::NotANumber { .. } = error else { return error.to_string() };
    let with_point = text.replacen(',', ".", 1);
    match text.matches(',').count() == 1 && with_point.parse::<Points>().is_ok() {
        true => format!("'{text}' is not a number: write {with_point}, with a decimal point"),
        false => format!("'{text}' is not a number (use digits and a decimal point, e.g. {example})"),
    }
}

/// The PDF path typed, if the file can go there: a directory, a directory that does not exist,
/// or one this user may not write in, keeps the prompt open with the reason, the path still
/// typed to be corrected.
fn pdf_path(text: &str) -> Result<PathBuf, String> {
    let path = paths::typed(text);
    if path.is_dir() || text.ends_with('/') {
        return Err(format!("{text} is a directory: add the name of the PDF to write in it"));
    }
    if let Some(reason) = why_path_refused(&path) {
        return Err(format!("cannot write {text}: {reason}"));
    }
    // As `export --out` and `show --pdf` refuse them: a PDF under a picture's name, and a file
    // that holds something else (a roster typed by mistake), which would be lost.
    crate::ops::file_kind::ensure_output(&path, "", "pdf").map_err(|error| format!("{error:#}"))?;
    Ok(path)
}

#[cfg(test)]
#[path = "prompt_tests.rs"]
mod tests;
