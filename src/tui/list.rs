//! What every list pane shares: rows in display order, a text filter over search keys
//! computed once, and a selection with the scroll offset that keeps it on screen.
//!
//! Rows are indices into the pane's data, so sorting and filtering 100,000 learners moves
//! `u32`s, and only the rows on screen are ever turned into text.

/// How the selection moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

/// Where the user is in a list, kept across a reload: the filter, the selected row and the
/// scroll. The row is kept by its search text, not its index: a reload after a colleague's
/// change (a certificate revoked above it) puts other data at that index, and the next `d`
/// would act on someone else.
#[derive(Debug, Clone, Default)]
pub struct ListPlace {
    query: String,
    key: Option<Box<str>>,
    position: usize,
    offset: usize,
}

impl ListPlace {
    /// Whether the selection was on the first row shown.
    pub fn at_top(&self) -> bool {
        self.position == 0
    }
}

/// In a row's search text, what comes after this is matched by the filter but does not say
/// which row it is: words that change with the data (a certificate's flags), so that a reload
/// after a certificate went stale keeps it selected.
pub const NOT_IDENTITY: char = '\u{1f}';

/// The part of a row's search text that says which row it is.
fn identity(search: &str) -> &str {
    search.split_once(NOT_IDENTITY).map_or(search, |(identity, _)| identity)
}

#[derive(Debug, Clone, Default)]
pub struct FilteredList {
    /// Lower-case text each row is matched against, by row index.
    search: Vec<Box<str>>,
    /// Every row in display order (sorted).
    order: Vec<u32>,
    /// The rows that match the filter, in display order.
    shown: Vec<u32>,
    /// The filter as typed (`Müller`), shown and given back to edit.
    query: String,
    /// The filter as matched, case and accents aside (`muller`).
    folded: String,
    selected: usize,
    offset: usize,
}

impl FilteredList {
    /// A list over rows `0..search.len()`, in that order.
    pub fn new(search: Vec<Box<str>>) -> FilteredList {
        let order: Vec<u32> = (0..search.len() as u32).collect();
        FilteredList { shown: order.clone(), search, order, ..FilteredList::default() }
    }

    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    pub fn total(&self) -> usize {
        self.order.len()
    }

    /// The filter as the user typed it.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// What a footer says of the filter: `2 matches "son of"`.
    pub fn matches_said(&self) -> String {
        let word = if self.len() == 1 { "match" } else { "matches" };
        format!("{} {word} \"{}\"", self.len(), self.query)
    }

    /// The row under the selection.
    pub fn selected_row(&self) -> Option<usize> {
        self.shown.get(self.selected).map(|&row| row as usize)
    }

    #[cfg(test)]
    pub fn selected_position(&self) -> usize {
        self.selected
    }

    /// Re-orders the rows; the selection follows the row it was on.
    pub fn sort_by(&mut self, compare: impl Fn(usize, usize) -> std::cmp::Ordering) {
        let keep = self.selected_row();
        self.order.sort_by(|&a, &b| compare(a as usize, b as usize));
        self.refilter(keep);
    }

    /// Shows only the rows whose search text (made with `domain::name::folded`) contains
    /// `query`, case and accents aside.
    pub fn set_query(&mut self, query: &str) {
        self.query = query.to_string();
        let folded = crate::domain::name::folded(query);
        if folded == self.folded {
            return;
        }
        let keep = self.selected_row();
        let narrowing = folded.starts_with(&self.folded);
        self.folded = folded;
        if narrowing {
            // Typing one more character can only remove rows: filter what is shown.
            let search = &self.search;
            let folded = &self.folded;
            self.shown.retain(|&row| search[row as usize].contains(folded.as_str()));
            self.reselect(keep);
        } else {
            self.refilter(keep);
        }
    }

    /// Gives row `row` new search text; under a filter, the row shows or not as it matches.
    pub fn set_search(&mut self, row: usize, text: Box<str>) {
        let Some(search) = self.search.get_mut(row) else { return };
        if *search == text {
            return;
        }
        *search = text;
        if !self.folded.is_empty() {
            let keep = self.selected_row();
            self.refilter(keep);
        }
    }

    fn refilter(&mut self, keep: Option<usize>) {
        self.shown = if self.folded.is_empty() {
            self.order.clone()
        } else {
            let folded = self.folded.as_str();
            self.order.iter().copied().filter(|&row| self.search[row as usize].contains(folded)).collect()
        };
        self.reselect(keep);
    }

    fn reselect(&mut self, keep: Option<usize>) {
        let position = keep.and_then(|row| self.shown.iter().position(|&shown| shown as usize == row));
        self.selected = position.unwrap_or(0).min(self.shown.len().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    pub fn place(&self) -> ListPlace {
        ListPlace {
            query: self.query.clone(),
            key: self.selected_row().map(|row| identity(&self.search[row]).into()),
            position: self.selected,
            offset: self.offset,
        }
    }

    /// Goes back to `place`: the same filter, the same row (the one with the same identity)
    /// selected at the same height on screen; when that row is gone, the row now where it was.
    pub fn restore(&mut self, place: &ListPlace) {
        self.set_query(&place.query);
        let same = place
            .key
            .as_ref()
            .and_then(|key| self.shown.iter().position(|&row| identity(&self.search[row as usize]) == &**key));
        self.selected = same.unwrap_or(place.position).min(self.shown.len().saturating_sub(1));
        self.offset = place.offset.min(self.selected);
    }

    /// Selects `row` if it is shown.
    pub fn select_row(&mut self, row: usize) {
        if let Some(position) = self.shown.iter().position(|&shown| shown as usize == row) {
            self.selected = position;
        }
    }

    /// Moves the selection; `page` is the number of rows on screen.
    pub fn apply(&mut self, motion: Motion, page: usize) {
        let last = self.shown.len().saturating_sub(1);
        let page = page.max(1);
        self.selected = match motion {
            Motion::Up => self.selected.saturating_sub(1),
            Motion::Down => (self.selected + 1).min(last),
            Motion::PageUp => self.selected.saturating_sub(page),
            Motion::PageDown => (self.selected + page).min(last),
            Motion::Top => 0,
            Motion::Bottom => last,
        };
        self.offset = scroll_offset(self.offset, self.selected, page);
    }

    /// The shown rows that fit in `height` lines, with the position of the selected one
    /// among them.
    pub fn window(&self, height: usize) -> (&[u32], Option<usize>) {
        let offset = scroll_offset(self.offset, self.selected, height.max(1));
        let end = (offset + height).min(self.shown.len());
        let start = offset.min(end);
        let selected = (self.selected >= start && self.selected < end).then(|| self.selected - start);
        (&self.shown[start..end], selected)
    }
}

/// The smallest change to `offset` that keeps `selected` within `height` lines.
fn scroll_offset(offset: usize, selected: usize, height: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(words: &[&str]) -> FilteredList {
        FilteredList::new(words.iter().map(|word| Box::from(*word)).collect())
    }

    #[test]
    fn filter_narrows_and_widens_and_keeps_the_selected_row() {
        let mut rows = list(&["bilbo baggins", "frodo baggins", "samwise gamgee"]);
        rows.apply(Motion::Down, 10);
        assert_eq!(rows.selected_row(), Some(1));
        rows.set_query("Bag");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows.selected_row(), Some(1), "frodo stays selected");
        rows.set_query("bagx");
        assert!(rows.is_empty());
        assert_eq!(rows.selected_row(), None);
        rows.set_query("");
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn a_filter_is_kept_as_typed_and_matched_without_case_and_accents() {
        let mut rows = list(&["lena muller", "ute meyer"]);
        rows.set_query("Müller");
        assert_eq!((rows.query(), rows.len()), ("Müller", 1));
        let mut reloaded = list(&["lena muller", "ute meyer"]);
        reloaded.restore(&rows.place());
        assert_eq!((reloaded.query(), reloaded.len()), ("Müller", 1));
    }

    #[test]
    fn a_reloaded_list_keeps_the_filter_the_selection_and_the_scroll() {
        let words: Vec<String> =
            (0..100).map(|n| format!("learner{n:03} {}", if n % 2 == 0 { "even" } else { "odd" })).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut before = list(&words);
        before.set_query("even");
        for _ in 0..30 {
            before.apply(Motion::Down, 10);
        }
        for _ in 0..5 {
            before.apply(Motion::Up, 10);
        }
        let (window, selected) = before.window(10);
        assert_eq!((window[0], selected), (42, Some(4)), "row 50 in the middle of the screen");

        // The same course loaded afresh, with one more learner at the end.
        let mut words = words;
        words.push("learner100 even");
        let mut after = list(&words);
        after.restore(&before.place());
        assert_eq!(after.query(), "even");
        assert_eq!(after.selected_row(), Some(50));
        assert_eq!(after.window(10), before.window(10), "the same rows on screen, the same one selected");
    }

    #[test]
    fn a_reload_without_a_row_above_keeps_the_same_row_selected_not_the_same_index() {
        let mut before = list(&["aaaa-1 ann", "bbbb-2 bob", "cccc-3 cid", "dddd-4 dee"]);
        before.apply(Motion::Down, 10);
        before.apply(Motion::Down, 10);
        assert_eq!(before.selected_row(), Some(2));
        // A colleague revoked ann's certificate: every row after it moves up by one.
        let mut after = list(&["bbbb-2 bob", "cccc-3 cid", "dddd-4 dee"]);
        after.restore(&before.place());
        assert_eq!(after.selected_row(), Some(1), "cid's certificate, not dee's");
        // Cid's is revoked too: the selection stays where it was on screen, on dee's.
        let mut gone = list(&["bbbb-2 bob", "dddd-4 dee"]);
        gone.restore(&after.place());
        assert_eq!(gone.selected_row(), Some(1));
    }

    #[test]
    fn a_row_whose_flags_changed_in_a_reload_stays_selected() {
        let row = |who: &str, flags: &str| format!("{who}{NOT_IDENTITY}{flags}");
        let (ann, bob, dee) = (row("aaaa-1 ann", ""), row("bbbb-2 bob", ""), row("dddd-4 dee", ""));
        let mut before = list(&[&ann, &bob, &row("cccc-3 cid", "provisional"), &dee]);
        before.apply(Motion::Down, 10);
        before.apply(Motion::Down, 10);
        // Ann's certificate was revoked, and cid's grade changed: it is stale now.
        let mut after = list(&[&bob, &row("cccc-3 cid", "stale provisional"), &dee]);
        after.restore(&before.place());
        assert_eq!(after.selected_row(), Some(1), "cid's certificate, found again with its new flags, not dee's");
        after.set_query("stale");
        assert_eq!(after.len(), 1, "the flags are searched");
    }

    #[test]
    fn paging_scrolls_just_enough_to_show_the_selection() {
        let mut rows = list(&["a"; 100]);
        rows.apply(Motion::PageDown, 10);
        assert_eq!(rows.selected_position(), 10);
        let (window, selected) = rows.window(10);
        assert_eq!((window[0], selected), (1, Some(9)));
        rows.apply(Motion::Bottom, 10);
        assert_eq!(rows.window(10).0[0], 90);
        rows.apply(Motion::Top, 10);
        assert_eq!(rows.window(10), (&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9][..], Some(0)));
    }

    #[test]
    fn sorting_keeps_the_selected_row() {
        let mut rows = list(&["c", "a", "b"]);
        let keys = ["c", "a", "b"];
        rows.sort_by(|a, b| keys[a].cmp(keys[b]));
        assert_eq!(rows.selected_row(), Some(0), "c is still selected, now last");
        assert_eq!(rows.selected_position(), 2);
    }
}
