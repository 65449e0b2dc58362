//! Text in terminal cells: how much room a text needs, cutting it to a width with a visible
//! `…` (an identifier is never cut silently), and wrapping it under a column.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Extra cells for a text whose graphemes terminals may draw wider than unicode-width says
/// (tmux gives Bengali's and Tamil's two-part vowel signs a cell of their own).
const COMPLEX_SLACK: usize = 2;

/// Whether terminals may disagree on the text's width: some grapheme is more than one
/// character (a letter with combining marks, a conjunct, an emoji sequence) or draws nothing.
pub fn is_complex(text: &str) -> bool {
    !text.is_ascii() && text.graphemes(true).any(|g| g.chars().nth(1).is_some() || g.width() == 0)
}

/// The cells to set aside for `text` in a column.
pub fn room(text: &str) -> usize {
    text.width() + if is_complex(text) { COMPLEX_SLACK } else { 0 }
}

/// `text` cut to at most `width` cells, ending in `…` where it was cut.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let mut cut = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w + 1 > width {
            break;
        }
        cut.push_str(grapheme);
        used += w;
    }
    if width > 0 {
        cut.push('…');
    }
    Cow::Owned(cut)
}

/// Word-wraps `text` into lines of at most `width` cells; a word longer than a line is cut
/// between graphemes.
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
        for grapheme in word.graphemes(true) {
            if line.width() + grapheme.width() > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(grapheme);
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_marks_the_cut_and_keeps_what_fits() {
        assert_eq!(fit("learner000001", 13), "learner000001");
        assert_eq!(fit("learner000001", 12), "learner0000…");
        assert_eq!(fit("中村 翔太", 6), "中村 …");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn complex_text_gets_room_for_wider_terminals() {
        assert!(!is_complex("Björn Schäfer") && !is_complex("中村 翔太") && !is_complex("מרים בן־דוד"));
        for name in ["स्नेहा त्रिपाठी", "শ্রাবন্তী রায়চৌধুরী", "กาญจนา ใจดี", "أَحْمَد"]
        {
            assert!(is_complex(name), "{name}");
            assert_eq!(room(name), name.width() + COMPLEX_SLACK);
        }
    }

    #[test]
    fn wrap_breaks_between_words_and_cuts_long_ones() {
        assert_eq!(wrap("the learner's progress: activities", 12), ["the", "learner's", "progress:", "activities"]);
        assert_eq!(wrap("move the column cursor", 30), ["move the column cursor"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    }
}
