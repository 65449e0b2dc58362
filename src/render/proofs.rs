//! What a certificate's page must print for its credential to vouch for it, checked on a
//! laid-out page: the learner's name, the course, the grade and the code, each whole and
//! legible (`seen::legible_text`), no other grade, and a QR code a phone can read. Each problem
//! stands where the template writes what it is about.

use crate::domain::printed::{
    MIN_LEGIBLE_PT, MIN_LEGIBLE_RATIO, PageText, comparable, other_codes, other_grades, proofs,
};
use crate::render::data::RenderData;
use crate::render::layout::Diagnostic;
use crate::render::page::{Item, Rgb};
use crate::render::seen::{legible_text, unreadable_qr_codes, verifiable_text};
use crate::render::template::model::{Block, BlockKind, Document};
use crate::render::{ImageSet, Page};

/// Every problem of `page` (printed for `data` by the template `document`) with what it must
/// print, each placed where the template writes what it is about.
pub(crate) fn page_problems(page: &Page, data: &RenderData, images: &ImageSet, document: &Document) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> =
        proof_findings(page, data, images).into_iter().map(|finding| finding.placed(document)).collect();
    found.extend(unreadable_qr_code(page, images, document));
    found
}

/// An error for each of the learner's name, the course, the grade and the code that `page`
/// does not print where a reader sees it with ease (large enough, with a contrast ratio of 3:1
/// with what lies under it, not painted over: `seen::legible_text`), and for any other grade
/// or code it prints: `certdesk verify --file` finds such a certificate NOT AUTHENTIC (or, for
/// a proof only faint, hard to read), since its credential cannot vouch for a page that does
/// not say what it says, so no template that prints one may be saved.
pub fn proof_problems(page: &Page, data: &RenderData, images: &ImageSet) -> Vec<Diagnostic> {
    proof_findings(page, data, images).into_iter().map(|finding| finding.problem).collect()
}

/// The template variable that prints each of `printed::proofs`, in its order.
const PROOF_VARIABLES: [&str; 4] = ["learner.full_name", "course.title", "grade.percent", "certificate.code"];

/// A problem of `proof_problems`, with what places it in the template.
struct ProofFinding {
    problem: Diagnostic,
    /// What a text block writes to print what the problem is about: the variable of a proof
    /// the page hides, another grade as written.
    printed_by: String,
    /// For a proof: the problem when no text block names its variable, which no colour or
    /// cover is to blame for.
    unnamed: Option<Diagnostic>,
}

impl ProofFinding {
    /// The problem at the first place a text block of `document` has `printed_by`, where a
    /// reader of the template looks for the cause; where none has it, the whole page's.
    fn placed(self, document: &Document) -> Diagnostic {
        let mut at = None;
        document.walk(|block| match (&block.kind, at) {
            (BlockKind::Text(text), None) if !self.printed_by.is_empty() => {
                at = text.content.source.find(&self.printed_by).map(|offset| text.content.pos_of(offset));
            }
            _ => {}
        });
        match (at, self.unnamed) {
            (Some(pos), _) => Diagnostic { line: pos.line, col: pos.col, ..self.problem },
            (None, Some(unnamed)) => unnamed,
            (None, None) => self.problem,
        }
    }
}

/// `proof_problems`, each with what places it (`ProofFinding::placed`).
fn proof_findings(page: &Page, data: &RenderData, images: &ImageSet) -> Vec<ProofFinding> {
    let text = match legible_text(page, images) {
        Ok(text) => text,
        Err(reason) => {
            let problem = Diagnostic::error(Default::default(), reason);
            return vec![ProofFinding { problem, printed_by: String::new(), unnamed: None }];
        }
    };
    // Only for a proof the reader does not see with ease: whether verify would see it, and
    // whether the page writes it at all.
    let verifiable = std::cell::OnceCell::new();
    let verifiable = || verifiable.get_or_init(|| PageText::of(&verifiable_text(page, images).unwrap_or_default()));
    let written = std::cell::OnceCell::new();
    let written = || written.get_or_init(|| written_text(page));
    let page = PageText::of(&text);
    let grade = format!("{}%", data.grade.percent);
    let (name, course, code) = (&data.learner.full_name, &data.course.title, &data.certificate.code);
    let would_fail = |what: String| {
        let message = format!("the certificate {what}: `certdesk verify --file` would find it NOT AUTHENTIC");
        Diagnostic::error(Default::default(), message)
    };
    let unprinted = proofs(name, course, &grade, code)
        .into_iter()
        .zip(PROOF_VARIABLES)
        .filter(|((_, value), _)| !page.prints_each_word(value))
        .map(|((what, value), variable)| ProofFinding {
            problem: if verifiable().prints_each_word(value) {
                let faint = format!(
                    "the certificate does not print {what} legibly: it stands out from what lies under it by a contrast ratio under {MIN_LEGIBLE_RATIO}:1, which few can read"
                );
                Diagnostic::error(Default::default(), faint)
            } else if PageText::of(written()).prints_each_word(value) {
                would_fail(format!(
                    "does not print {what} legibly (at {MIN_LEGIBLE_PT}pt or more, standing out from what lies under it, not painted over)"
                ))
            } else if in_pieces(&comparable(written()), value) {
                would_fail(format!(
                    "does not print {what} in one piece: its parts are on the page, but broken across lines, put in \
                     another order by right-to-left text in its paragraph (`%100.0`), or changed by a filter; print it \
                     where it fits on one line, in a text block apart from the name"
                ))
            } else {
                would_fail(format!("does not print {what} as it is (a filter or a slice in the template changes it)"))
            },
            printed_by: variable.to_string(),
            unnamed: Some(would_fail(format!("does not print {what} (no text block names `{variable}`)"))),
        });
    let others = other_grades(&text, &grade, &[name, course]).into_iter().map(|other| ProofFinding {
        problem: would_fail(format!("prints a grade other than the grade ({other})")),
        printed_by: other,
        unnamed: None,
    });
    let other_codes = other_codes(&text, code, &[name, course]).into_iter().map(|other| ProofFinding {
        problem: would_fail(format!("prints a code other than the certificate's code ({other})")),
        printed_by: other,
        unnamed: None,
    });
    unprinted.chain(others).chain(other_codes).collect()
}

/// Whether every run of letters and digits of `value` is in `written` (made `comparable`),
/// each in a place of its own: the value is printed, but not whole in reading order.
fn in_pieces(written: &str, value: &str) -> bool {
    let value = comparable(value);
    let mut left = written.to_string();
    let mut pieces = value.split(|c: char| !c.is_alphanumeric()).filter(|piece| !piece.is_empty()).peekable();
    pieces.peek().is_some()
        && pieces.all(|piece| match left.find(piece) {
            Some(at) => {
                left.replace_range(at..at + piece.len(), "\u{0}");
                true
            }
            None => false,
        })
}

/// An error when a QR code of `page` does not stand out from what shows between its modules
/// (no phone reads it), at the template's `qr` block of that code's colour, else its first.
/// (Why a page cannot be told at all is `proof_findings`' to say.)
fn unreadable_qr_code(page: &Page, images: &ImageSet, document: &Document) -> Option<Diagnostic> {
    let unreadable = unreadable_qr_codes(page, images).ok()?;
    let block = qr_block(document, *unreadable.first()?);
    let message = format!(
        "the QR code does not stand out from what lies under it (a contrast ratio under {MIN_LEGIBLE_RATIO}:1, or painted over): a phone cannot read it"
    );
    Some(Diagnostic::error(block.map(|block| block.pos).unwrap_or_default(), message))
}

/// The smallest module a phone's camera makes out on paper, in millimetres: six dots of a
/// 600 dpi laser printer, and a standard reader's limit in DENSO WAVE's tables.
const MIN_QR_MODULE_MM: f32 = 0.25;
/// Modules under this a phone reads only held close; from it on, at a hand's distance.
const HANDY_QR_MODULE_MM: f32 = 0.4;

/// The QR codes of the pages a template check lays out, each colour's at its smallest modules:
/// a code's modules shrink as its text grows, so the longest verification URL decides.
#[derive(Debug, Default)]
pub(crate) struct QrSizes {
    smallest: Vec<(Rgb, f32)>,
}

impl QrSizes {
    pub(crate) fn see(&mut self, page: &Page) {
        for item in page.items() {
            let Item::Modules(grid) = item else { continue };
            match self.smallest.iter_mut().find(|(colour, _)| *colour == grid.color) {
                Some((_, module_pt)) => *module_pt = module_pt.min(grid.module_pt),
                None => self.smallest.push((grid.color, grid.module_pt)),
            }
        }
    }

    /// An error for each QR code whose modules are too small for a phone to make out, and a
    /// warning for one a phone reads only held close, each saying the `size` that reads well.
    pub(crate) fn problems(&self, document: &Document) -> Vec<Diagnostic> {
        let mm = |pt: f32| pt * 25.4 / 72.0;
        let small = self.smallest.iter().filter(|(_, module_pt)| mm(*module_pt) < HANDY_QR_MODULE_MM);
        small
            .map(|&(colour, module_pt)| {
                let module_mm = mm(module_pt);
                let block = qr_block(document, colour);
                let side_mm = block.and_then(|block| block.place.width).map_or(module_mm, mm);
                // The side that gives each module the handy size, rounded up to half millimetres.
                let wanted_mm = (side_mm * HANDY_QR_MODULE_MM / module_mm * 2.0).ceil() / 2.0;
                let at = block.map(|block| block.pos).unwrap_or_default();
                let modules = format!("the QR code's modules are {module_mm:.2} mm across");
                let size = format!("`size: {wanted_mm}mm` or more");
                if module_mm < MIN_QR_MODULE_MM {
                    let message = format!(
                        "{modules}, under the {MIN_QR_MODULE_MM} mm a phone's camera makes out: give it {size}"
                    );
                    Diagnostic::error(at, message)
                } else {
                    let message =
                        format!("{modules}: a phone reads it only held close; {size} reads at a hand's distance");
                    Diagnostic::warning(at, message)
                }
            })
            .collect()
    }
}

/// The template's `qr` block drawn in `colour`, where a reader of the template looks for what
/// a QR code of that colour is about; else its first.
fn qr_block(document: &Document, colour: Rgb) -> Option<&Block> {
    let (mut first, mut coloured) = (None, None);
    document.walk(|block| {
        if let BlockKind::Qr(qr) = &block.kind {
            first = first.or(Some(block));
            if Rgb::new(qr.color.r, qr.color.g, qr.color.b) == colour {
                coloured = coloured.or(Some(block));
            }
        }
    });
    coloured.or(first)
}

/// Every run of text `page` draws, seen or not.
fn written_text(page: &Page) -> String {
    let runs = page.items();
    let texts = runs.filter_map(|item| match item {
        Item::Text(run) => Some(run.text.as_str()),
        _ => None,
    });
    texts.collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use crate::render::check::check;
    use crate::render::{FontBook, ImageSet};

    /// The QR code problems of the default honor template with its code `side` across.
    fn qr_problems(side: &str) -> Vec<String> {
        let honor = crate::render::defaults::DEFAULTS[0].1;
        let block = "qr\n  right: 36mm\n  bottom: 33mm\n  size: 24mm";
        assert!(honor.contains(block), "the default template's qr block changed");
        let source = honor.replace(block, &block.replace("24mm", side));
        let found = check(&source, &[], &[], &FontBook::new(), &ImageSet::new());
        found.iter().map(ToString::to_string).filter(|problem| problem.contains("QR code")).collect()
    }

    /// The size a problem advises.
    fn advised(problem: &str) -> String {
        let after = problem.split("`size: ").nth(1).unwrap_or_default();
        after.split('`').next().unwrap_or_default().to_string()
    }

    #[test]
    fn a_qr_code_too_small_for_a_phone_is_an_error_and_one_read_only_close_a_warning_each_with_a_size_that_reads() {
        assert_eq!(qr_problems("24mm"), Vec::<String>::new());
        let tiny = qr_problems("5mm");
        assert_eq!(tiny.len(), 1, "{tiny:?}");
        assert!(tiny[0].contains(": the QR code's modules are 0.1") && !tiny[0].contains("warning"), "{tiny:?}");
        assert!(tiny[0].contains("under the 0.25 mm a phone's camera makes out: give it `size: "), "{tiny:?}");
        let close = qr_problems("12mm");
        assert_eq!(close.len(), 1, "{close:?}");
        assert!(
            close[0].contains("warning: the QR code's modules are 0.3") && close[0].contains("only held close"),
            "{close:?}"
        );
        for problem in [&tiny[0], &close[0]] {
            let size = advised(problem);
            assert!(size.ends_with("mm") && size.len() > 2, "{problem}");
            assert_eq!(qr_problems(&size), Vec::<String>::new(), "the advised {size} reads");
        }
    }
}
