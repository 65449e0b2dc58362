//! What a page prints, compared as a reader of it finds it: a certificate must print the
//! learner's name, the course, the grade and the code for its credential to vouch for it.

use unicode_normalization::UnicodeNormalization as _;

/// Text smaller than this, in points (its em after every scaling), does not count as printed:
/// nobody reads it on paper or at a viewer's usual zoom, and a forger could keep a page's
/// original values that small beside new ones. Well below anything certdesk's default
/// templates print (the verification address shrinks to 4pt at the least; the name, course,
/// grade and code are 7pt or more); template sizes start at 1pt, and `template check` warns
/// when one of those four would be printed smaller than this.
pub const MIN_LEGIBLE_PT: f64 = 2.0;

/// The contrast ratio (WCAG 2) a template's own pages must give the name, the course, the
/// grade, the code and its QR code against what lies under them: the least WCAG asks of large
/// text and of graphics. `verify --file` asks less of a page already issued (`credential::sight`).
pub const MIN_LEGIBLE_RATIO: f64 = 3.0;

/// What a page's text is compared by: NFC, without whitespace (a name may be wrapped), and
/// without case: a template may print the name in capitals (`{{ learner.full_name | upper }}`),
/// as many certificates do, and capitals say who it is as well. Lower case is not enough for
/// that: capitals lose what tells ß from ss, ς from σ and ı from i, so those are folded too.
/// Characters that print as nothing (`shown::is_invisible`) are left out: a name ending in a
/// right-to-left mark, as names pasted from right-to-left forms do, prints without it, and
/// its page was read as not printing the name.
pub fn comparable(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfc().filter(|&c| !c.is_whitespace() && !super::shown::is_invisible(c)).flat_map(char::to_lowercase) {
        match c {
            'ß' => folded.push_str("ss"),
            'ς' => folded.push('σ'),
            'ı' => folded.push('i'),
            _ => folded.push(c),
        }
    }
    folded
}

/// `text` in the order its characters are drawn: a PDF holds right-to-left text as it is seen
/// (the renderer wraps multi-character clusters in ActualText spans that read right that way).
pub fn visual(text: &str) -> String {
    let info = unicode_bidi::BidiInfo::new(text, None);
    info.paragraphs.iter().map(|paragraph| info.reorder_line(paragraph, paragraph.range.clone())).collect()
}

/// Whether `page` (made `comparable`) prints `value`, in reading or in drawing order.
pub fn prints(page: &str, value: &str) -> bool {
    !value.is_empty() && (page.contains(&comparable(value)) || page.contains(&comparable(&visual(value))))
}

/// Whether each word of `value` is on `page` (made `comparable`), as a page laid out but not
/// yet written holds it: a right-to-left line is a row of runs in drawing order, each run's
/// words in reading order. Looser than `prints`, which reads a written PDF.
pub fn prints_each_word(page: &str, value: &str) -> bool {
    !value.trim().is_empty() && value.split_whitespace().all(|word| page.contains(&comparable(word)))
}

/// The percentages `text` prints the way a grade is printed (`85.0%`, `85.0 %`: digits, a
/// point and one decimal) that are not `grade` (`85.0%`). A certificate prints its grade so
/// and no other number so, as the default templates do; a page that shows another is not
/// what its credential says, whatever else it holds.
pub fn other_grades(text: &str, grade: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '%') {
        let end = at - chars[..at].iter().rev().take_while(|c| c.is_whitespace()).count();
        let Some(point) = end.checked_sub(2) else { continue };
        if !(chars[end - 1].is_ascii_digit() && chars[point] == '.') {
            continue;
        }
        let start = point - chars[..point].iter().rev().take_while(|c| c.is_ascii_digit()).count();
        if start == point || start.checked_sub(1).is_some_and(|before| matches!(chars[before], '.' | ',')) {
            continue;
        }
        let printed: String = chars[start..end].iter().chain(['%'].iter()).collect();
        if printed != grade && !found.contains(&printed) {
            found.push(printed);
        }
    }
    found
}

/// What a page must print for the credential it carries to vouch for it, with the value each
/// takes here.
pub fn proofs<'a>(name: &'a str, course: &'a str, grade: &'a str, code: &'a str) -> [(&'static str, &'a str); 4] {
    [("the learner's name", name), ("the course", course), ("the grade", grade), ("the verification code", code)]
}

/// Of `proofs`, the ones `page` (made `comparable`) does not print.
pub fn unprinted<'a>(page: &str, proofs: [(&'static str, &'a str); 4]) -> Vec<(&'static str, &'a str)> {
    proofs.into_iter().filter(|(_, value)| !prints(page, value)).collect()
}

#[cfg(test)]
mod tests {
    use super::{comparable, other_grades, prints, prints_each_word};

    #[test]
    fn a_value_printed_in_capitals_or_small_letters_is_printed() {
        for (printed, value) in [
            ("ÆRWYN ØVERGÅRD", "Ærwyn Øvergård"),
            ("introduction to middle-earth studies", "Introduction to Middle-earth Studies"),
            ("JOHANNA WEISS", "Johanna Weiß"),
            ("ΟΔΥΣΣΈΑΣ ΠΑΠΑΔΌΠΟΥΛΟΣ", "Οδυσσέας Παπαδόπουλος"),
            ("ILGAZ YILDIRIM", "Ilgaz Yıldırım"),
            // Decomposed on the page, composed in the credential.
            ("E\u{301}OWYN", "Éowyn"),
        ] {
            let page = comparable(&format!("awarded to {printed} for"));
            assert!(prints(&page, value), "{printed} prints {value}");
            assert!(prints_each_word(&page, value), "{printed} prints each word of {value}");
        }
        let page = comparable("awarded to ÆRWYN ØVERGÅRD for");
        assert!(!prints(&page, "Aerwyn Overgard"), "letters are still letters");
        // A direction mark or joiner prints as nothing: a name holding one is printed without.
        for name in ["Ærwyn Øvergård\u{200f}", "\u{200e}Ærwyn Øvergård", "Ærwyn\u{200d} Øvergård\u{feff}"] {
            assert!(prints(&page, name), "{name:?}");
        }
        assert!(!prints(&page, "Ærwyn Øvergård-Smith"));
    }

    #[track_caller]
    fn others(text: &str) -> Vec<String> {
        other_grades(text, "60.0%")
    }

    #[test]
    fn another_grade_is_found_and_nothing_else() {
        assert_eq!(others("with a final grade of 00.0% (grade B)"), ["00.0%"]);
        assert_eq!(others("grade 100.0 % and 5.5%, 5.5%"), ["100.0%", "5.5%"]);
        for fine in [
            "with a final grade of 60.0% (grade B)",
            "avec la note 60.0 % (B)",
            "a pass mark of 50% and 75 %",
            "1.5.0% 2,5.0% 60.00% 0.5",
            "%.5% .5%",
        ] {
            assert!(others(fine).is_empty(), "{fine}: {:?}", others(fine));
        }
    }
}
