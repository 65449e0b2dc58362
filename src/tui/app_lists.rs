//! The app's lists: moving the selection and the gradebook's column cursor, and the filter
//! each list of a tab keeps.

use super::app::{App, Tone};
use super::list::{FilteredList, Motion};
use super::popup::{Popup, Prompt, PromptKind};
use super::tab::Tab;

impl App {
    /// Rows a list shows on screen: the terminal less the header, tabs, status lines and
    /// the list's own header and footer.
    pub(super) fn page(&self) -> usize {
        usize::from(self.size.1.saturating_sub(7)).max(1)
    }

    /// The list of the current tab, if it has one.
    pub(super) fn current_list_mut(&mut self) -> Option<&mut FilteredList> {
        let course = self.course.as_mut()?;
        match self.tab {
            Tab::Gradebook => Some(&mut course.gradebook.list),
            Tab::Certificates => Some(course.certificates.list_mut()),
            Tab::Templates => None,
            Tab::Log => Some(&mut course.log.list),
        }
    }

    pub(super) fn move_selection(&mut self, motion: Motion) {
        let page = self.page();
        if self.tab == Tab::Templates {
            return self.move_template_selection(motion);
        }
        if let Some(list) = self.current_list_mut() {
            list.apply(motion, page);
        }
    }

    pub(super) fn move_column(&mut self, right: bool) {
        if let Some(course) = &mut self.course {
            let width = self.size.0;
            if right { course.gradebook.column_right(width) } else { course.gradebook.column_left(width) }
        }
    }

    pub(super) fn open_filter(&mut self) {
        let Some(list) = self.current_list_mut() else {
            return self.tell("This tab has no list to filter.", Tone::Info);
        };
        let query = list.query().to_string();
        self.popup = Some(Popup::Prompt(Prompt::new(PromptKind::Filter, "Filter", query)));
    }

    pub(super) fn set_filter(&mut self, query: &str) {
        if let Some(list) = self.current_list_mut() {
            list.set_query(query);
        }
    }

    pub(super) fn clear_filter(&mut self) {
        self.set_filter("");
        if matches!(self.popup, Some(Popup::Prompt(Prompt { kind: PromptKind::Filter, .. }))) {
            self.popup = None;
        }
    }
}
