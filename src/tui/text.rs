//! Text in terminal cells: how much room a text needs, cutting it to a width with a visible
//! `…` (an identifier is never cut silently), and wrapping it under a column.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::cells::grapheme_cells;

/// Extra cells for a text whose graphemes terminals may draw wider than unicode-width says
/// (tmux gives Bengali's and Tamil's two-part vowel signs a cell of their own).
const COMPLEX_SLACK: usize = 2;

/// Whether terminals may disagree on the text's width: some grapheme is more than one
/// character (a letter with combining marks, a conjunct, an emoji sequence) or draws nothing.
pub fn is_complex(text: &str) -> bool {
    !text.is_ascii() && text.graphemes(true).any(|g| is_complex_grapheme(g, g.width()))
}

/// The cells to set aside for `text` in a column: the cells its graphemes take in the
/// screen's buffer (a lam-alef two, where unicode-width counts the pair as one), with
/// `COMPLEX_SLACK` more for complex text, or as many as a terminal counting one character at
/// a time draws it in where that is more (a Bengali name with three `া` took a cell more than
/// its room, and touched the next column).
pub fn room(text: &str) -> usize {
    if text.is_ascii() {
        return text.width();
    }
    let (mut buffer, mut drawn, mut complex) = (0, 0, false);
    for grapheme in text.graphemes(true) {
        let width = grapheme.width();
        complex |= is_complex_grapheme(grapheme, width);
        (buffer, drawn) = (buffer + width, drawn + grapheme_cells(grapheme));
    }
    (buffer + if complex { COMPLEX_SLACK } else { 0 }).max(drawn)
}

/// A grapheme of more than one character, or one that draws nothing (see `is_complex`).
fn is_complex_grapheme(grapheme: &str, width: usize) -> bool {
    grapheme.chars().nth(1).is_some() || width == 0
}

/// `text` cut to at most `width` cells, ending in `…` where it was cut. Complex text keeps
/// `COMPLEX_SLACK` cells of its width free for terminals that draw it wider (tmux draws an
/// Arabic lam-alef, which unicode-width counts as one cell, in two). A cut between words ends
/// the last word kept with the `…` (`Aragorn son of…`): a blank before it read as a word cut
/// off whole, and spent a cell on nothing.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    if room(text) <= width {
        return Cow::Borrowed(text);
    }
    let slack = if is_complex(text) { COMPLEX_SLACK } else { 0 };
    // Cut to leave the room `room` gives what is kept, and a cell for the `…`.
    let (mut cut, mut used, mut drawn) = (String::new(), 0, 0);
    for grapheme in text.graphemes(true) {
        let (w, cells) = (grapheme.width(), grapheme_cells(grapheme));
        let needs = (used + w + slack).max(drawn + cells);
        if needs + 1 > width {
            break;
        }
        cut.push_str(grapheme);
        (used, drawn) = (used + w, drawn + cells);
    }
    cut.truncate(cut.trim_end().len());
    // A text that says itself where it goes on (`Tab next field · … · Esc cancel`) needs no
    // second `…` when cut right after its own.
    if width > 0 && !cut.ends_with('…') {
        cut.push('…');
    }
    Cow::Owned(cut)
}

/// `text` cut to at most `width` cells by taking out its middle and keeping its last `tail`
/// cells, for texts told apart by their ends: `homewo…-01` beside `homewo…-02`; with a `tail`
/// of `width` or more, only the end is kept (`…/qa3/db1`).
pub fn fit_keeping_end(text: &str, width: usize, tail: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Owned(String::new());
    }
    let room = width - 1;
    let tail = tail.min(room);
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let (mut start, mut tail_used) = (graphemes.len(), 0);
    while start > 0 && tail_used + graphemes[start - 1].width() <= tail {
        start -= 1;
        tail_used += graphemes[start].width();
    }
    let mut cut = String::new();
    let mut used = tail_used;
    for grapheme in &graphemes[..start] {
        if used + grapheme.width() > room {
            break;
        }
        cut.push_str(grapheme);
        used += grapheme.width();
    }
    // No blank beside the `…`, as `fit` leaves none before it: `Week 3 …`, `… 01` read as gaps.
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    let blank = graphemes[start..].iter().take_while(|grapheme| grapheme.trim().is_empty()).count();
    cut.extend(graphemes[start + blank..].iter().copied());
    Cow::Owned(cut)
}

/// Word-wraps `text` into lines of at most `width` cells; a word longer than a line (a path)
/// is cut after its last `/` on the line, so that a file's name stays whole, or else between
/// graphemes.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let gap = usize::from(!line.is_empty());
        if !line.is_empty() && line.width() + gap + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        let mut word_start = line.len();
        for grapheme in word.graphemes(true) {
            if line.width() + grapheme.width() > width && !line.is_empty() {
                // Not so early that the line is left nearly empty.
                let cut = line[word_start..]
                    .rfind('/')
                    .map(|at| word_start + at + 1)
                    .filter(|&cut| cut < line.len() && line[..cut].width() >= width / 3);
                let carried = cut.map(|cut| line.split_off(cut)).unwrap_or_default();
                lines.push(std::mem::replace(&mut line, carried));
                word_start = 0;
            }
            line.push_str(grapheme);
        }
    }
    lines.push(line);
    lines
}

/// How much deeper than its first line the rest of an indented text wraps.
const HANGING_INDENT: usize = 2;

/// Word-wraps `text` as [`wrap`] does, but an indented text (an item of a list under a
/// heading) keeps its indent, and its further lines are indented two cells deeper: a wrapped
/// item then reads as one, under its own text, not back at the left edge among the headings.
pub fn wrap_hanging(text: &str, width: usize) -> Vec<String> {
    wrap_hanging_after(0, text, width)
}

/// [`wrap_hanging`] for a text that starts `lead` cells into its line, after a label (a key
/// in the help): its further lines go on under where it starts, an indented text's two cells
/// deeper than its indent. The first line comes without the lead, which the caller draws.
pub fn wrap_hanging_after(lead: usize, text: &str, width: usize) -> Vec<String> {
    let body = text.trim_start_matches(' ');
    let indent = text.len() - body.len();
    let hang = lead + indent + if indent > 0 { HANGING_INDENT } else { 0 };
    // Too narrow to hang and still hold a few letters a line: the plain wrap (after the lead).
    let narrow = width < hang + 8;
    if lead == 0 && (indent == 0 || narrow) {
        return wrap(text, width);
    }
    let (indent, hang) = if narrow { (0, 0) } else { (indent, hang) };
    // Not even a few letters' room after the lead: the text starts on the next line.
    let room = width.saturating_sub(lead + indent);
    let first = if room < 8 { String::new() } else { wrap(body, room).swap_remove(0) };
    let rest = body[first.len()..].trim_start_matches(' ');
    let mut lines = vec![format!("{:indent$}{first}", "")];
    if !rest.is_empty() {
        lines.extend(wrap(rest, width - hang).into_iter().map(|line| format!("{:hang$}{line}", "")));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_marks_the_cut_and_keeps_what_fits() {
        assert_eq!(fit("learner000001", 13), "learner000001");
        assert_eq!(fit("learner000001", 12), "learner0000…");
        assert_eq!(fit("中村 翔太", 6), "中村…");
        assert_eq!(fit("abc", 0), "");
        // unicode-width counts lam-alef as one cell; the screen's buffer and tmux give it two.
        let arabic = "مُحَمَّد عَلَاء الدِّين";
        assert_eq!(fit(arabic, 17), arabic);
        assert_eq!(fit(arabic, 16), "مُحَمَّد عَلَاء الدِّ…");
        assert_eq!(fit(arabic, 14), "مُحَمَّد عَلَاء ا…");
        assert_eq!(fit(arabic, 0), "");
    }

    /// Cut where a word ends, the `…` came after the blank: `Aragorn son of …`.
    #[test]
    fn a_cut_between_words_puts_the_ellipsis_after_the_last_word_kept() {
        assert_eq!(fit("Aragorn son of Arathorn", 16), "Aragorn son of…");
        assert_eq!(fit("Aragorn son of Arathorn", 17), "Aragorn son of A…");
        assert_eq!(fit("Gimli,   son of Glóin", 9), "Gimli,…");
        assert_eq!(fit("   Gimli", 3), "…");
        // Cut right after a `…` of its own, the text gets no second one.
        assert_eq!(fit("Tab next · … · Esc cancel", 13), "Tab next · …");
    }

    #[test]
    fn fit_keeping_end_takes_out_the_middle() {
        assert_eq!(fit_keeping_end("homework-01", 11, 3), "homework-01");
        assert_eq!(fit_keeping_end("homework-01", 10, 3), "homewo…-01");
        assert_eq!(fit_keeping_end("/tmp/qa3/db1", 9, 9), "…/qa3/db1");
        assert_eq!(fit_keeping_end("中村翔太郎", 7, 2), "中村…郎");
        assert_eq!(fit_keeping_end("abc", 0, 3), "");
        assert_eq!(fit_keeping_end("abcdef", 1, 3), "…");
        // The blanks beside the cut go: `Week 3 …` and `… 01` were cut there.
        assert_eq!(fit_keeping_end("Week 3 of the course 01", 11, 3), "Week 3…01");
        assert_eq!(fit_keeping_end("Week 3 homework", 10, 4), "Week…work");
    }

    #[test]
    fn complex_text_gets_room_for_wider_terminals() {
        assert!(!is_complex("Björn Schäfer") && !is_complex("中村 翔太") && !is_complex("מרים בן־דוד"));
        for name in ["स्नेहा त्रिपाठी", "শ্রাবন্তী রায়চৌধুরী", "กาญจนา ใจดี", "أَحْمَد"]
        {
            assert!(is_complex(name), "{name}");
            assert!(room(name) >= name.width() + COMPLEX_SLACK, "{name}");
        }
    }

    /// tmux draws this name in 18 cells (each `া` takes one), where unicode-width counts 15:
    /// two cells of slack left it touching the next column.
    #[test]
    fn a_name_a_terminal_draws_wider_than_the_slack_gets_the_cells_it_takes() {
        let name = "রবীন্দ্রনাথ ভট্টাচার্য";
        assert_eq!(room(name), 18);
        assert_eq!(fit(name, 18), name);
        let cut = fit(name, 17);
        assert!(cut.ends_with('…') && room(&cut) <= 17, "{cut}");
        // Lam-alef: unicode-width gives it one cell, terminals two.
        assert_eq!(room("لا"), 2);
        assert_eq!(room("علاء الدين البلالي"), 18);
    }

    #[test]
    fn wrap_breaks_between_words_and_cuts_long_ones() {
        assert_eq!(wrap("the learner's progress: activities", 12), ["the", "learner's", "progress:", "activities"]);
        assert_eq!(wrap("move the column cursor", 30), ["move the column cursor"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    }

    #[test]
    fn a_path_longer_than_a_line_is_cut_after_a_slash() {
        let wrote =
            "Wrote 4 certificates to /srv/exports/a-rather-long-directory-name/autumn/moodle-certificates-2026.pdf.";
        assert_eq!(
            wrap(wrote, 60),
            [
                "Wrote 4 certificates to",
                "/srv/exports/a-rather-long-directory-name/autumn/",
                "moodle-certificates-2026.pdf."
            ]
        );
        // A slash too near the line's start would leave it nearly empty: cut where the line ends.
        assert_eq!(wrap("/bcdefghijkl", 6), ["/bcdef", "ghijkl"]);
        assert_eq!(wrap("ab/cdefghij", 6), ["ab/", "cdefgh", "ij"]);
    }

    #[test]
    fn wrap_hanging_indents_the_rest_of_an_indented_line() {
        let skip = "  skip 5 not eligible: below threshold (dmitri, merry, pippin, radagast, soren)";
        assert_eq!(
            wrap_hanging(skip, 40),
            ["  skip 5 not eligible: below threshold", "    (dmitri, merry, pippin, radagast,", "    soren)"]
        );
        assert_eq!(wrap_hanging(skip, 100), [skip]);
        // A heading wraps to the left edge; too narrow a line for the indent, too.
        assert_eq!(wrap_hanging("Generate certificates? Dry run:", 13), ["Generate", "certificates?", "Dry run:"]);
        assert_eq!(wrap_hanging("  skip 0 already certified", 9), ["skip 0", "already", "certified"]);
        assert_eq!(wrap_hanging("  ", 20), ["  "]);
    }

    #[test]
    fn wrap_hanging_after_a_label_goes_on_under_the_text() {
        let what = "edit the score under the cursor; on other columns, the learner's progress";
        assert_eq!(
            wrap_hanging_after(16, what, 50),
            [
                "edit the score under the cursor;",
                "                on other columns, the learner's",
                "                progress"
            ]
        );
        // Indented after a label: two cells deeper than the indent.
        assert_eq!(wrap_hanging_after(4, "  a b c d e f g h i j", 16), ["  a b c d e", "        f g h i", "        j"]);
        // Too narrow to hang: from the left edge, on the next line when the label leaves no room.
        assert_eq!(wrap_hanging_after(4, "  move the selection", 15), ["move the", "selection"]);
        assert_eq!(wrap_hanging_after(16, "move the selection", 20), ["", "move the selection"]);
    }
}
