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
/// that: capitals lose what tells ß from ss, ς from σ and ı from i, and write some letters
/// as two (Armenian `և` as `ԵՒ`, the ligature `ﬁ` as `FI`), so each letter is compared as its
/// capitals in lower case.
/// Characters that print as nothing (`shown::is_invisible`) are left out: a name ending in a
/// right-to-left mark, as names pasted from right-to-left forms do, prints without it, and
/// its page was read as not printing the name.
pub fn comparable(text: &str) -> String {
    let kept = text.nfc().filter(|&c| !c.is_whitespace() && !super::shown::is_invisible(c));
    let mut folded = String::with_capacity(text.len());
    for c in kept.flat_map(char::to_uppercase).flat_map(char::to_lowercase) {
        // The capital ẞ comes back as ß, which the capitals of ß write as SS.
        match c {
            'ß' => folded.push_str("ss"),
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

/// A page's text as it is compared (`comparable`), knowing where its words begin: a value is
/// printed only where it stands apart from the letters around it, so that a page printing
/// `Aragorn son of Arathornn` does not print `Aragorn son of Arathorn`.
pub struct PageText {
    chars: Vec<char>,
    /// For each of `chars`, whether whitespace came before it in the page's text (or nothing
    /// did): a word may begin there.
    spaced: Vec<bool>,
}

impl PageText {
    pub fn of(text: &str) -> PageText {
        let (mut chars, mut spaced) = (Vec::with_capacity(text.len()), Vec::with_capacity(text.len()));
        let mut apart = true;
        for word in text.split(char::is_whitespace) {
            for c in comparable(word).chars() {
                chars.push(c);
                spaced.push(std::mem::take(&mut apart));
            }
            apart = true;
        }
        PageText { chars, spaced }
    }

    /// Whether the page prints `value`, in reading or in drawing order, apart from the letters
    /// around it.
    pub fn prints(&self, value: &str) -> bool {
        !value.trim().is_empty() && (self.holds(&comparable(value)) || self.holds(&comparable(&visual(value))))
    }

    /// Whether each word of `value` is on the page, apart from the letters around it, as a page
    /// laid out but not yet written holds it: a right-to-left line is a row of runs in drawing
    /// order, each run's words in reading order. Looser than `prints`, which reads a written PDF.
    pub fn prints_each_word(&self, value: &str) -> bool {
        !value.trim().is_empty() && value.split_whitespace().all(|word| self.holds(&comparable(word)))
    }

    fn holds(&self, value: &str) -> bool {
        let value: Vec<char> = value.chars().collect();
        if value.is_empty() {
            return true;
        }
        self.chars
            .windows(value.len())
            .enumerate()
            .any(|(at, seen)| seen == value.as_slice() && self.apart(at) && self.apart(at + value.len()))
    }

    /// Whether a word may begin or end between `chars[at - 1]` and `chars[at]`: at either end,
    /// after whitespace, next to what is no letter or digit (`-`, `,`, `/`), or next to a
    /// letter of a script that writes its words without spaces (`山田太郎様`, `김민준님`).
    fn apart(&self, at: usize) -> bool {
        let (Some(&before), Some(&after)) = (at.checked_sub(1).and_then(|at| self.chars.get(at)), self.chars.get(at))
        else {
            return true;
        };
        self.spaced[at] || !before.is_alphanumeric() || !after.is_alphanumeric() || unspaced(before) || unspaced(after)
    }
}

/// Letters of the scripts that do not put spaces between words (Chinese, Japanese, Thai, Lao,
/// Khmer, Myanmar, Tibetan), and Korean, whose honorifics and particles join a name.
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0FFF}' | '\u{1000}'..='\u{109F}' | '\u{1100}'..='\u{11FF}' | '\u{1780}'..='\u{17FF}'
        | '\u{2E80}'..='\u{A4CF}' | '\u{A960}'..='\u{A97F}' | '\u{AC00}'..='\u{D7FF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FFDC}' | '\u{20000}'..='\u{3FFFF}')
}

/// The percentages `text` prints the way a grade is printed (`85.0%`, `85.0 %`: digits, a
/// point and one decimal) that are not `grade` (`85.0%`). A certificate prints its grade so
/// and no other number so, as the default templates do; a page that shows another is not
/// what its credential says, whatever else it holds. One the values printed with it hold
/// (`names`: the course's title, `Statistics: 95.0% Confidence Intervals`) is theirs.
pub fn other_grades(text: &str, grade: &str, names: &[&str]) -> Vec<String> {
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
        if printed != grade && !found.contains(&printed) && !names.iter().any(|name| name.contains(&printed)) {
            found.push(printed);
        }
    }
    found
}

/// What `text` prints in the shape of a certificate code that is not `code` as printed: a page
/// prints its own code, in the verification address too, and no other (a code with two of its
/// symbols swapped beside the address that holds the right one was taken for the code). What
/// has that shape in the values the page prints with it (`names`: the learner's, the course's)
/// is theirs: `Jean-Paul-Marc Dupont`, `Business Analytics BUSN-3425-FA25`.
pub fn other_codes(text: &str, code: &str, names: &[&str]) -> Vec<String> {
    let read = |printed: &str| -> String {
        printed.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_uppercase() } else { '-' }).collect()
    };
    let names: Vec<String> = names.iter().map(|name| read(&name.to_uppercase())).collect();
    let mut found: Vec<String> = Vec::new();
    for printed in super::Code::shapes_in(text) {
        let shape = read(&printed);
        if shape != code && !names.iter().any(|name| name.contains(&shape)) && !found.contains(&printed) {
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

/// Of `proofs`, the ones `page` does not print.
pub fn unprinted<'a>(page: &PageText, proofs: [(&'static str, &'a str); 4]) -> Vec<(&'static str, &'a str)> {
    proofs.into_iter().filter(|(_, value)| !page.prints(value)).collect()
}

#[cfg(test)]
mod tests {
    use super::{PageText, other_codes, other_grades};

    #[test]
    fn a_value_printed_in_capitals_or_small_letters_is_printed() {
        for (printed, value) in [
            ("ÆRWYN ØVERGÅRD", "Ærwyn Øvergård"),
            ("introduction to middle-earth studies", "Introduction to Middle-earth Studies"),
            ("JOHANNA WEISS", "Johanna Weiß"),
            ("JOHANNA WEIẞ", "Johanna Weiß"),
            ("ΟΔΥΣΣΈΑΣ ΠΑΠΑΔΌΠΟΥΛΟΣ", "Οδυσσέας Παπαδόπουλος"),
            ("ILGAZ YILDIRIM", "Ilgaz Yıldırım"),
            ("ԳԵՒՈՐԳ ՍԱՐԳՍՅԱՆ", "Գևորգ Սարգսյան"),
            ("FIONA FLYNN", "ﬁona ﬂynn"),
            // Decomposed on the page, composed in the credential.
            ("E\u{301}OWYN", "Éowyn"),
        ] {
            let page = PageText::of(&format!("awarded to {printed} for"));
            assert!(page.prints(value), "{printed} prints {value}");
            assert!(page.prints_each_word(value), "{printed} prints each word of {value}");
        }
        let page = PageText::of("awarded to ÆRWYN ØVERGÅRD for");
        assert!(!page.prints("Aerwyn Overgard"), "letters are still letters");
        // A direction mark or joiner prints as nothing: a name holding one is printed without.
        for name in ["Ærwyn Øvergård\u{200f}", "\u{200e}Ærwyn Øvergård", "Ærwyn\u{200d} Øvergård\u{feff}"] {
            assert!(page.prints(name), "{name:?}");
        }
        assert!(!page.prints("Ærwyn Øvergård-Smith"));
    }

    #[test]
    fn a_value_is_printed_only_apart_from_the_letters_around_it() {
        let page = PageText::of("This certifies that Aragorn son of\nArathornn, of nAragorn fame, completed");
        for glued in ["Aragorn son of Arathorn", "Aragor", "Arathorn", "son of Arathorn"] {
            assert!(!page.prints(glued), "{glued} is only part of a longer word");
            assert!(!page.prints_each_word(glued), "{glued}");
        }
        assert!(page.prints("Aragorn son of Arathornn") && page.prints("of Arathornn"), "across a line break");
        assert!(page.prints("nAragorn") && page.prints("fame") && page.prints("Arathornn,"));
        let page = PageText::of("Verify at https://x.example/verify/K7QF-M2XD-9HTA (Jean-Luc)");
        assert!(page.prints("K7QF-M2XD-9HTA") && page.prints("Jean") && page.prints("Luc"), "next to a sign");
        // Scripts that write words without spaces join a name to what follows it.
        let page = PageText::of("山田太郎様 김민준님 สมชายใจดี");
        assert!(page.prints("山田太郎") && page.prints("김민준") && page.prints("ใจดี"));
    }

    #[test]
    fn a_code_other_than_the_certificate_s_is_found() {
        let code = "K7QF-M2XD-9HTA";
        let page = "K7QF-M2XD-9HTA https://x.example/verify/K7QF-M2XD-9HTA k7qf\u{2010}m2xd\u{2010}9hta";
        assert!(other_codes(page, code, &[]).is_empty(), "{:?}", other_codes(page, code, &[]));
        let swapped = "K7QF-M2XD-9HAT https://x.example/verify/K7QF-M2XD-9HTA";
        assert_eq!(other_codes(swapped, code, &[]), ["K7QF-M2XD-9HAT"]);
        assert!(other_codes("a QUICK-FOXY-JUMP and BOOK-SHOP-2024 poster", code, &[]).is_empty(), "not a code's shape");
        // The shape of a code in the name or the course's title is theirs, in capitals too.
        let page = "JEAN-PAUL-MARC DUPONT completed Business Analytics BUSN-3425-FA25: K7QF-M2XD-9HTA";
        let names = ["Jean-Paul-Marc Dupont", "Business Analytics BUSN-3425-FA25"];
        assert!(other_codes(page, code, &names).is_empty(), "{:?}", other_codes(page, code, &names));
        assert_eq!(other_codes(page, code, &names[..1]), ["BUSN-3425-FA25"]);
    }

    #[track_caller]
    fn others(text: &str) -> Vec<String> {
        other_grades(text, "60.0%", &["Statistics: 95.0% Confidence Intervals"])
    }

    #[test]
    fn another_grade_is_found_and_nothing_else() {
        assert_eq!(others("with a final grade of 00.0% (grade B)"), ["00.0%"]);
        assert_eq!(others("grade 100.0 % and 5.5%, 5.5%"), ["100.0%", "5.5%"]);
        assert!(others("Statistics: 95.0% Confidence Intervals, 60.0%").is_empty(), "the course's own title");
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
