//! What a page prints, compared as a reader of it finds it: a certificate must print the
//! learner's name, the course, the grade and the code for its credential to vouch for it.

use unicode_normalization::UnicodeNormalization as _;

/// What a page's text is compared by: NFC, without whitespace (a name may be wrapped).
pub fn comparable(text: &str) -> String {
    text.nfc().filter(|c| !c.is_whitespace()).collect()
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

/// What a page must print for the credential it carries to vouch for it, with the value each
/// takes here.
pub fn proofs<'a>(name: &'a str, course: &'a str, grade: &'a str, code: &'a str) -> [(&'static str, &'a str); 4] {
    [("the learner's name", name), ("the course", course), ("the grade", grade), ("the verification code", code)]
}

/// Of `proofs`, the ones `page` (made `comparable`) does not print.
pub fn unprinted<'a>(page: &str, proofs: [(&'static str, &'a str); 4]) -> Vec<(&'static str, &'a str)> {
    proofs.into_iter().filter(|(_, value)| !prints(page, value)).collect()
}
