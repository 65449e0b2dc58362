//! How wide the certificates table's columns are: each as wide as what the rows on screen hold,
//! and, when the screen is too narrow for that, the least important thing cut first.
//!
//! What matters, most first: the code, the username, the mode and the two scores (never cut:
//! they say which certificate and whether it is right); the flags (what staff act on); the
//! learner's name (the username already says who it is); the history's long status
//! (`superseded by 7KQ2-M9XD-4TPA`: `superseded` says the most of it); when it was issued; by
//! whom. So the cuts go, in order: a name past `NAME_MAX`; `by`; `issued (UTC)`; the long status;
//! a flags column no row on screen has anything in (its header alone said nothing); the name
//! down to `NAME_SHORT`; the flags down to shorter forms (`stale`: the two scores show by how
//! much); the flags' shortest forms cut at their end, down to their first flag whole (the one
//! staff act on first: `stale, pr…` still says it, where the name was cut to 12 cells to keep
//! `stale, provisional` whole on one row, and most names on screen with it); the name down to
//! `NAME_LEAST`, then to `NAME_TINY` (the history at 80 columns needs that, and there a first
//! flag `not eligible` stays whole: `not e…` said nothing); the flags down to their header;
//! below 80 columns, the name left out, then the flags (the
//! filter still finds them), then the short status cut down to six cells (`supe…`); below about
//! 52 columns, where even the columns never cut do not fit, the score at issue is left out (the
//! score now stays), then the mode, then the username, so that the code stays whole down to its
//! own 14 cells. Room a column left out frees beyond what was missing goes back to the name. So
//! the table never asks for more than the screen and ratatui never narrows a column whose `…`
//! was already cut, nor the code (at 60 columns it cut `3FZ5-EKM9-DXQ2` to `3FZ5-EKM9-DX`
//! without a word, and at 50 to `3FZ5-EKM9-DX` again once the name and flags were gone).

use unicode_width::UnicodeWidthStr;

/// Widest name before anything else gives way for it.
const NAME_MAX: u16 = 30;
/// The name gives way down to this before the flags do.
const NAME_SHORT: u16 = 16;
/// The name gives way down to this once the flags are down to their first flag.
const NAME_LEAST: u16 = 12;
/// The name gives way down to this when nothing else is left to cut.
const NAME_TINY: u16 = 4;
/// The `issued (UTC)` column: `2026-12-01 12:00`.
pub const ISSUED_AT: u16 = 16;
/// The code column: `3FZ5-EKM9-DXQ2`.
const CODE: u16 = 14;
/// The mode column: `verified`.
const MODE: u16 = 8;
/// The score at issue: `at issue` (`100.0%` is narrower).
const AT_ISSUE: u16 = 8;
/// The score now: `100.0%`.
const NOW: u16 = 6;

/// A row's flags, said ever shorter: in full (`stale 85.0% -> 95.0%, letter B -> A`), with
/// fewer details (`stale 85.0% -> 95.0%`), by name only (`stale`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flags {
    /// From the fullest to the shortest.
    pub forms: Vec<String>,
    /// The shortest form with a long word short (`stale, prov.`), where it differs: only for
    /// a column the layout left too narrow for any form (the history at 80 columns, which cut
    /// `provisional` to `provi…`), so it costs the name nothing.
    pub abbreviated: Option<String>,
}

impl Flags {
    pub fn long(&self) -> &str {
        self.forms.first().map_or("", String::as_str)
    }

    pub fn short(&self) -> &str {
        self.forms.last().map_or("", String::as_str)
    }

    /// The cells the first flag of the shortest form takes (with its long word short, where it
    /// has one: `prov.` says `provisional`), and one for `…` when more follow: what the column
    /// keeps before the name is cut below `NAME_SHORT`, and for the name's sake at all.
    pub fn first_width(&self) -> u16 {
        let shortest = self.abbreviated.as_deref().unwrap_or(self.short());
        let (first, more) = match shortest.split_once(", ") {
            Some((first, _)) => (first, 1),
            None => (shortest, 0),
        };
        first.width() as u16 + more
    }

    /// The text shown in `width` cells: the fullest form that fits, else the shortest (with
    /// its long word short where it has one) cut with `…`.
    pub fn within(&self, width: u16) -> String {
        let width = usize::from(width);
        match self.forms.iter().chain(&self.abbreviated).find(|form| form.width() <= width) {
            Some(form) => form.clone(),
            None => super::text::fit(self.abbreviated.as_deref().unwrap_or(self.short()), width).into_owned(),
        }
    }
}

/// What the rows on screen would take, each column at its widest (headers included).
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    /// The username column: the widest username in the course (`learner000001` whole).
    pub username: u16,
    pub name: u16,
    /// Per row, the width of its flags in full and short.
    pub flags: Vec<(u16, u16)>,
    /// The widest first flag of a row's shortest form, with a cell for `…` when more follow.
    pub first_flag: u16,
    /// The history's status column: widest long and short forms.
    pub status: Option<(u16, u16)>,
    pub by: u16,
}

/// The widths chosen; `None` (or, for the name and the flags, 0) for a column left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widths {
    pub name: u16,
    pub flags: u16,
    /// Width of the status column, and whether it says the long form.
    pub status: Option<(u16, bool)>,
    pub issued_at: bool,
    pub by: Option<u16>,
    /// The columns cut last, only below about 52 cells, each left out whole.
    pub scarce: Scarce,
}

/// The columns that give way only when the code itself would otherwise be cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scarce {
    pub username: bool,
    pub mode: bool,
    pub at_issue: bool,
}

impl Scarce {
    const ALL: Scarce = Scarce { username: true, mode: true, at_issue: true };

    /// The cells they take, a cell of spacing after each; the code and the score now always
    /// there.
    fn total(self, username: u16) -> u16 {
        let shown = |on: bool, width: u16| if on { width + 1 } else { 0 };
        CODE + 1 + NOW + 1 + shown(self.username, username) + shown(self.mode, MODE) + shown(self.at_issue, AT_ISSUE)
    }
}

impl Widths {
    /// Each column shown, its header and width, in order; those left out are not there.
    pub fn columns(&self, username: u16) -> Vec<(&'static str, u16)> {
        let mut columns = vec![("code", CODE)];
        columns.extend(self.scarce.username.then_some(("username", username)));
        columns.extend((self.name > 0).then_some(("name", self.name)));
        columns.extend(self.scarce.mode.then_some(("mode", MODE)));
        columns.extend(self.scarce.at_issue.then_some(("at issue", AT_ISSUE)));
        columns.push(("now", NOW));
        columns.extend(self.status.map(|(width, _)| ("status", width)));
        columns.extend((self.flags > 0).then_some(("flags", self.flags)));
        columns.extend(self.issued_at.then_some(("issued (UTC)", ISSUED_AT)));
        columns.extend(self.by.map(|width| ("by", width)));
        columns
    }

    /// Every column with a cell of spacing after it: the last one's keeps the right edge free,
    /// so that text that fits is not read as text cut.
    fn total(&self, wanted: &Wanted) -> u16 {
        let shown = |width: u16| if width > 0 { width + 1 } else { 0 };
        self.scarce.total(wanted.username)
            + shown(self.name)
            + shown(self.flags)
            + self.status.map_or(0, |(width, _)| width + 1)
            + if self.issued_at { ISSUED_AT + 1 } else { 0 }
            + self.by.map_or(0, |width| width + 1)
    }
}

/// The widths for a table `width` cells wide. Rows whose flags in full do not fit even once
/// everything less important gave way show them short; the layout is then made again for
/// those, so that the room the full flags would have taken goes back to the rest.
pub fn lay_out(wanted: &Wanted, width: u16) -> Widths {
    let first = cut_to(wanted, width);
    if wanted.flags.iter().all(|&(long, _)| long <= first.flags) {
        return first;
    }
    let flags =
        wanted.flags.iter().map(|&(long, short)| if long <= first.flags { (long, short) } else { (short, short) });
    let shortened = Wanted { flags: flags.collect(), ..wanted.clone() };
    let mut widths = cut_to(&shortened, width);
    // What is left goes to the flags: a row may say more than its shortest form in it.
    if widths.flags > 0 {
        widths.flags += width.saturating_sub(widths.total(&shortened));
    }
    widths
}

/// One cut: narrows or leaves out a column, given how many cells are still missing.
type Cut<'a> = &'a dyn Fn(&mut Widths, u16);

/// Each column at its widest, then the cuts in order until the table fits in `width`.
fn cut_to(wanted: &Wanted, width: u16) -> Widths {
    let mut widths = Widths {
        name: wanted.name.max(4),
        flags: wanted.flags.iter().map(|&(long, _)| long).max().unwrap_or(0).max(5),
        status: wanted.status.map(|(long, _)| (long.max(6), true)),
        issued_at: true,
        by: Some(wanted.by.max(2)),
        scarce: Scarce::ALL,
    };
    let shortest_flags = wanted.flags.iter().map(|&(_, short)| short).max().unwrap_or(0).max(5);
    let no_flags = wanted.flags.iter().all(|&(long, _)| long == 0);
    // Each cut takes only what is still missing, and no more than it may.
    let cuts: [Cut; 17] = [
        &|w, over| w.name = w.name.saturating_sub(over).max(w.name.min(NAME_MAX)),
        &|w, _| w.by = None,
        &|w, _| w.issued_at = false,
        &|w, _| w.status = wanted.status.map(|(_, short)| (short.max(6), false)),
        &|w, _| w.flags = if no_flags { 0 } else { w.flags },
        &|w, over| w.name = w.name.saturating_sub(over).max(w.name.min(NAME_SHORT)),
        &|w, over| w.flags = w.flags.saturating_sub(over).max(w.flags.min(shortest_flags)),
        &|w, over| w.flags = w.flags.saturating_sub(over).max(w.flags.min(wanted.first_flag.max(5))),
        &|w, over| w.name = w.name.saturating_sub(over).max(w.name.min(NAME_LEAST)),
        &|w, over| w.name = w.name.saturating_sub(over).max(w.name.min(NAME_TINY)),
        &|w, over| w.flags = w.flags.saturating_sub(over).max(5),
        &|w, _| w.name = 0,
        &|w, _| w.flags = 0,
        &|w, over| w.status = w.status.map(|(width, _)| (width.saturating_sub(over).max(6), false)),
        &|w, _| w.scarce.at_issue = false,
        &|w, _| w.scarce.mode = false,
        &|w, _| w.scarce.username = false,
    ];
    for cut in cuts {
        let over = widths.total(wanted).saturating_sub(width);
        if over == 0 {
            break;
        }
        cut(&mut widths, over);
    }
    // A column left out whole may free more than was missing: that goes back to a name cut
    // before it, which at 100 columns stopped at `NAME_MAX` with 9 cells blank at the right.
    if widths.name > 0 {
        let spare = width.saturating_sub(widths.total(wanted));
        widths.name = widths.name.saturating_add(spare).min(wanted.name.max(widths.name));
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code 14, username 11, mode 8, at issue 8, now 6, with their spacing: 52 cells.
    fn wanted(name: u16, flags: &[(u16, u16)]) -> Wanted {
        Wanted { username: 11, name, flags: flags.to_vec(), first_flag: 5, status: None, by: 6 }
    }

    #[test]
    fn with_room_for_everything_nothing_is_cut() {
        let widths = lay_out(&wanted(25, &[(35, 5), (0, 0)]), 160);
        assert_eq!(
            widths,
            Widths { name: 25, flags: 35, status: None, issued_at: true, by: Some(6), scarce: Scarce::ALL },
            "52 + 26 + 36 + 17 + 7 = 138 cells"
        );
    }

    #[test]
    fn the_least_important_goes_first() {
        let want = wanted(25, &[(35, 5)]);
        // 138 wanted: `by` goes first, then `issued at`.
        assert_eq!(lay_out(&want, 135).by, None);
        assert!(lay_out(&want, 135).issued_at);
        let at_120 = lay_out(&want, 120);
        assert_eq!((at_120.issued_at, at_120.name, at_120.flags), (false, 25, 35), "114 cells: name and flags whole");
        // Then the name, down to 16, before the flags lose a cell.
        let narrower = lay_out(&want, 105);
        assert_eq!((narrower.name, narrower.flags), (16, 35));
        // At 80 the flags go short (`stale`), and the name takes back what they leave.
        let at_80 = lay_out(&want, 80);
        assert_eq!((at_80.name, at_80.flags), (21, 5));
        // Full flags that cannot fit even with the name at 16 go short at once, and the
        // columns they would have pushed out come back; the flags keep the 6 cells left over.
        let long_flags = lay_out(&wanted(25, &[(60, 18)]), 120);
        assert_eq!((long_flags.name, long_flags.flags, long_flags.issued_at, long_flags.by), (25, 24, true, None));
    }

    /// One row stale and provisional (`stale, provisional` at its shortest) among names of 23
    /// cells: the name kept 12 cells so that the flags could say 14 (`stale, provis…`), and most
    /// names on screen were cut. Now the flags' end gives way first, down to their first flag.
    #[test]
    fn at_80_columns_a_name_keeps_16_cells_before_the_flags_shortest_form_is_cut() {
        let forms = vec!["stale 85.0% -> 95.0%, provisional".into(), "stale, provisional".into()];
        let flags = Flags { forms, abbreviated: Some("stale, prov.".into()) };
        assert_eq!(flags.first_width(), 6, "`stale` and a cell for `…`");
        let want = Wanted { first_flag: 6, ..wanted(23, &[(33, 18), (0, 0)]) };
        let widths = lay_out(&want, 80);
        assert_eq!((widths.name, widths.flags, widths.issued_at, widths.by), (16, 10, false, None));
        assert_eq!(widths.total(&want), 80);
        assert_eq!(flags.within(widths.flags), "stale, pr…");
        assert_eq!(flags.within(12), "stale, prov.", "short, `provisional` stays whole");
        // Narrower, the flags give way down to their first flag before the name goes below 16.
        let narrower = lay_out(&want, 76);
        assert_eq!((narrower.name, narrower.flags), (16, 6));
        assert_eq!(flags.within(narrower.flags), "stale…");
        assert_eq!(lay_out(&want, 74).name, 14);
        // A first flag is never cut for the name's sake: `not eligible` on every row stays whole.
        let all_not_eligible = Wanted { first_flag: 12, ..wanted(23, &[(40, 12), (40, 12)]) };
        let widths = lay_out(&all_not_eligible, 80);
        assert_eq!((widths.name, widths.flags), (14, 12));
        // Nor in the history at 80 columns, whose status takes 11 cells more (usernames of 8
        // cells, `username` itself): the name gives way further (it was kept at 12, and the
        // flag cut to `not e…`).
        let history = Wanted { username: 8, status: Some((30, 10)), ..all_not_eligible };
        let widths = lay_out(&history, 80);
        assert_eq!((widths.name, widths.flags, widths.total(&history)), (6, 12, 80), "{widths:?}");
    }

    /// No row on screen has a flag: the column's header alone gives way before the name is cut.
    #[test]
    fn a_flags_column_with_nothing_in_it_gives_way_to_the_name() {
        let want = wanted(30, &[(0, 0), (0, 0)]);
        let widths = lay_out(&want, 80);
        assert_eq!((widths.name, widths.flags), (27, 0), "52 + 28 = 80");
        assert!(!widths.columns(11).iter().any(|(header, _)| *header == "flags"));
        // With room for both, the header stays, as with every other column.
        let wide = lay_out(&want, 120);
        assert_eq!((wide.name, wide.flags, wide.issued_at), (30, 5, true));
    }

    /// A name of 55 cells at 100 columns: cut to 30 before `by` and `issued at` were left out,
    /// it stayed at 30 with the room they freed left blank at the right.
    #[test]
    fn the_room_a_column_left_out_frees_goes_back_to_the_name() {
        let want = wanted(55, &[(0, 0)]);
        let widths = lay_out(&want, 100);
        assert_eq!((widths.name, widths.issued_at, widths.by), (41, false, None));
        assert_eq!(widths.total(&want), 100);
        // A name that fits takes no more than it needs.
        assert_eq!(lay_out(&wanted(20, &[(0, 0)]), 100).name, 20);
    }

    #[test]
    fn a_very_long_name_gives_way_before_anything_else() {
        // 198 cells wanted; at 128 the name alone gives the 70 missing.
        let widths = lay_out(&wanted(100, &[(20, 5)]), 128);
        assert_eq!((widths.name, widths.flags, widths.issued_at, widths.by), (30, 20, true, Some(6)));
    }

    #[test]
    fn the_long_status_goes_before_the_name() {
        let want = Wanted { status: Some((29, 10)), ..wanted(20, &[(11, 11)]) };
        let widths = lay_out(&want, 112);
        assert_eq!((widths.status, widths.name, widths.issued_at), (Some((10, false)), 20, false));
    }

    #[test]
    fn the_history_at_80_columns_fits_by_narrowing_the_name_last() {
        // Username 11 wide (`maximiliana`) and the short status `superseded`: with the name at
        // 12 and the flags at 5, 82 cells were asked of 80.
        let want = Wanted { status: Some((30, 10)), ..wanted(22, &[(5, 5)]) };
        let widths = lay_out(&want, 80);
        assert_eq!(widths.total(&want), 80, "{widths:?}");
        assert_eq!((widths.name, widths.flags, widths.status), (10, 5, Some((10, false))));
    }

    /// At 60 columns the name goes, then (in the history) the flags, rather than the table
    /// asking for more than the screen, which narrowed the code.
    #[test]
    fn below_80_columns_the_name_and_then_the_flags_are_left_out() {
        let widths = lay_out(&wanted(22, &[(5, 5)]), 60);
        assert_eq!((widths.name, widths.flags), (0, 5));
        assert!(widths.total(&wanted(22, &[(5, 5)])) <= 60);
        let history = Wanted { status: Some((30, 10)), ..wanted(22, &[(5, 5)]) };
        let widths = lay_out(&history, 64);
        assert_eq!((widths.name, widths.flags, widths.status), (0, 0, Some((10, false))));
        assert!(widths.total(&history) <= 64, "{widths:?}");
        let widths = lay_out(&history, 60);
        assert_eq!((widths.name, widths.flags, widths.status), (0, 0, Some((7, false))));
        assert_eq!(widths.total(&history), 60, "{widths:?}");
    }

    /// Below 52 columns even the columns never cut do not fit: they go whole, least needed
    /// first, and the code stays whole where ratatui cut it to `3FZ5-EKM9-DX`.
    #[test]
    fn below_52_columns_the_scores_at_issue_mode_and_username_go_before_the_code_is_cut() {
        let want = wanted(22, &[(5, 5)]);
        let scarce = |width| lay_out(&want, width).scarce;
        assert_eq!(scarce(52), Scarce::ALL);
        assert_eq!(scarce(51), Scarce { at_issue: false, ..Scarce::ALL });
        assert_eq!(scarce(43), Scarce { at_issue: false, ..Scarce::ALL });
        assert_eq!(scarce(42), Scarce { at_issue: false, mode: false, username: true });
        assert_eq!(scarce(34), Scarce { at_issue: false, mode: false, username: true });
        assert_eq!(scarce(33), Scarce { at_issue: false, mode: false, username: false });
        for width in 22..=80 {
            let widths = lay_out(&want, width);
            assert!(widths.total(&want) <= width, "{width}: {widths:?}");
            assert_eq!(widths.columns(11)[0], ("code", 14));
        }
        let headers =
            |width| lay_out(&want, width).columns(11).into_iter().map(|(header, _)| header).collect::<Vec<_>>();
        assert_eq!(headers(48), ["code", "username", "mode", "now"]);
        assert_eq!(headers(24), ["code", "now"]);
        // The history's status goes down to six cells before any of them goes.
        let history = Wanted { status: Some((30, 10)), ..want.clone() };
        assert_eq!(lay_out(&history, 60).scarce, Scarce::ALL);
        assert_eq!(lay_out(&history, 59).status, Some((6, false)), "52 and the status's 7");
        assert_eq!(lay_out(&history, 59).scarce, Scarce::ALL);
        assert_eq!(lay_out(&history, 58).scarce, Scarce { at_issue: false, ..Scarce::ALL });
    }

    #[test]
    fn flags_show_the_fullest_form_that_fits() {
        let forms = ["stale 85.0% -> 95.0%, letter B -> A", "stale 85.0% -> 95.0%", "stale"];
        let flags = Flags { forms: forms.map(String::from).to_vec(), abbreviated: None };
        assert_eq!(flags.within(40), forms[0]);
        assert_eq!(flags.within(30), forms[1]);
        assert_eq!(flags.within(12), "stale");
        assert_eq!(flags.within(4), "sta…");
    }
}
