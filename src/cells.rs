//! How many cells of a terminal a text takes, counted as terminals count them: one character at
//! a time (tmux, xterm, the VTE terminals and the C library's `wcwidth` do so), not as
//! unicode-width counts a text, which draws some letters together that these terminals do not.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Vowel signs and length marks that take a cell of their own in a terminal, which
/// unicode-width counts as none (they extend the letter before them): Bengali's `া` and `ৗ`,
/// Oriya's, Tamil's `ா` and `ௗ`, Kannada's, Malayalam's and Sinhala's.
const SPACING_MARKS: &[char] = &[
    '\u{09BE}', '\u{09D7}', '\u{0B3E}', '\u{0B57}', '\u{0BBE}', '\u{0BD7}', '\u{0CC0}', '\u{0CC2}', '\u{0CC7}',
    '\u{0CC8}', '\u{0CCA}', '\u{0CCB}', '\u{0CD5}', '\u{0CD6}', '\u{0D3E}', '\u{0D4E}', '\u{0D57}', '\u{0DCF}',
    '\u{0DDF}',
];

/// The cells `text` takes in a terminal. Letters are counted one by one, so an Arabic lam-alef
/// takes two cells and a Bengali `রা` two; an emoji sequence joined by U+200D takes the cells
/// unicode-width gives it, as terminals draw it as one picture.
pub fn cells(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.graphemes(true).map(grapheme_cells).sum()
}

/// The cells a terminal draws one grapheme in (see `cells`).
pub fn grapheme_cells(grapheme: &str) -> usize {
    if grapheme.contains('\u{200D}') {
        return grapheme.width();
    }
    grapheme.chars().map(|c| if SPACING_MARKS.contains(&c) { 1 } else { c.width().unwrap_or(0) }).sum()
}

/// `text` followed by the spaces that make it `width` cells wide (none when it is wider):
/// `format!("{:<16}")` counts characters, and `田中` takes four cells.
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(cells(text))))
}

/// `text` cut to at most `max` cells, ending in `…` when it was cut; a letter is cut with
/// its marks, never from them.
pub fn shorten(text: String, max: usize) -> String {
    if cells(&text) <= max {
        return text;
    }
    let mut short = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let width = grapheme_cells(grapheme);
        if used + width + 1 > max {
            break;
        }
        short.push_str(grapheme);
        used += width;
    }
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each as tmux 3 draws it (its cursor's column after printing the text).
    #[test]
    fn names_take_the_cells_a_terminal_gives_them() {
        for (name, tmux) in [
            ("Zoë Ångström", 12),
            ("Đặng Thị Ngọc Lan", 17),
            ("王小明", 6),
            ("김민지", 6),
            ("स्नेहा त्रिपाठी", 12),
            ("กาญจนา ใจดี", 10),
            ("น้ำ", 2),
            ("தமிழ்செல்வி", 9),
            ("லா", 2),
            ("শ্রাবন্তী রায়চৌধুরী", 16),
            ("أَحْمَد عَلَاء الدِّين", 15),
            ("لا", 2),
            ("ಕೊ", 2),
            ("ക്ഷേ", 3),
            ("👩\u{200D}👩\u{200D}👧", 2),
        ] {
            assert_eq!(cells(name), tmux, "{name}");
        }
    }

    #[test]
    fn padding_counts_cells() {
        assert_eq!(pad("frodo", 8), "frodo   ");
        assert_eq!(pad("田中", 8), "田中    ");
        assert_eq!(pad("learner0000001", 8), "learner0000001");
    }

    #[test]
    fn a_cut_keeps_each_letter_with_its_marks() {
        assert_eq!(shorten("x".repeat(50), 40), format!("{}…", "x".repeat(39)));
        assert_eq!(shorten("Bilbo".into(), 40), "Bilbo");
        // स्ने is one letter with its marks: cut before it or after it, never inside.
        let cut = shorten("स्नेहा त्रिपाठी".into(), 5);
        assert_eq!(cut, "स्नेहा…");
        assert!(cells(&cut) <= 5);
    }
}
