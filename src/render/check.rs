//! Checking a template before any learner sees it: parse errors, then a render on worst-case
//! data (the longest roster name, names of the longest legal length in capitals, in one
//! word and in Chinese, the longest sample name of every script certdesk prints, the widest code after
//! the longest legal verification URL, 0% and 100%, each mode) printed with the data of the
//! courses the template is for (their titles, dates, institution and signatories), reporting
//! overflowing text and undrawable characters.

use crate::render::data::{RenderData, Signatory, mode_label};
use crate::render::layout::{Diagnostic, LayoutError, Renderer, Severity};
use crate::render::proofs;
use crate::render::template::{Pos, Template};
use crate::render::{FontBook, ImageSet};

/// Names in the scripts a certificate must print.
pub const SAMPLE_NAMES: &[&str] = &[
    "Γιώργος Κωνσταντινίδης",
    "Екатерина Кузнецова-Соколова",
    "Nguyễn Thị Ngọc Lan",
    "Małgorzata Żółć-Wiśniewska",
    "Çağrı Gülşen Öztürk İlker",
    "Łukasz Ślęzak",
    "François Lemaître",
    "Íñigo Fernández Núñez",
];

const LONG_NAME_PARTS: &[&str] = &[
    "Maximiliana",
    "Wilhelmina",
    "Theodora",
    "von",
    "Hohenzollern-Sigmaringen",
    "zu",
    "Schwarzenberg",
    "und",
    "Lobkowicz",
];

/// A name of exactly `chars` characters, built from long real name parts.
pub fn long_name(chars: usize) -> String {
    let mut name = String::new();
    for part in LONG_NAME_PARTS.iter().cycle() {
        if name.chars().count() >= chars {
            break;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(part);
    }
    let mut name: String = name.chars().take(chars).collect();
    while name.ends_with(' ') || name.ends_with('-') {
        name.pop();
        name.push('x');
    }
    name
}

/// Every problem of `source` on worst-case data, sorted by position; empty when it is fine.
/// `courses`: an example certificate of each course the template prints for, whose title,
/// dates, institution and signatories the worst cases keep; none: a made-up course.
pub fn check(
    source: &str,
    roster_names: &[String],
    courses: &[RenderData],
    fonts: &FontBook,
    images: &ImageSet,
) -> Vec<Diagnostic> {
    let template = match Template::parse(source) {
        Ok(template) => template,
        Err(errors) => {
            return errors.0.iter().map(|error| Diagnostic::error(error.pos, error.message.clone())).collect();
        }
    };
    let renderer = match Renderer::new(template, fonts, images) {
        Ok(renderer) => renderer,
        Err(error) => return vec![Diagnostic::error(Default::default(), error.to_string())],
    };
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    // Refusals to lay a page out (more blocks than a page lays out, say), in their words: one
    // comes at another line on each worst case (after an `if` the mode decides, a `for` over
    // signatories), and is one problem, reported where it is met first. One at the same place
    // is the same mistake met with other data (a `date` filter given each worst name).
    let mut refusals: Vec<(Pos, String)> = Vec::new();
    let mut qr_sizes = proofs::QrSizes::default();
    for data in worst_cases(roster_names, courses) {
        let found = match renderer.render_page(&data) {
            Ok((page, mut found)) => {
                found.extend(proofs::page_problems(&page, &data, images, &renderer.template().document));
                qr_sizes.see(&page);
                found
            }
            Err(LayoutError::Template(error)) => {
                let words = words_of(&error.message);
                if refusals.iter().any(|(pos, known)| *pos == error.pos || *known == words) {
                    continue;
                }
                refusals.push((error.pos, words));
                vec![Diagnostic::error(error.pos, error.message)]
            }
            Err(error) => vec![Diagnostic::error(Default::default(), error.to_string())],
        };
        let found = found.into_iter().map(|diagnostic| unprintable_name(diagnostic, source, &data.learner.full_name));
        for diagnostic in found {
            match diagnostics
                .iter_mut()
                .find(|known| same_problem(known, &diagnostic) || same_proof(known, &diagnostic))
            {
                // A proof faint on one worst case and hidden on another is one problem, told
                // as the graver: verify would refuse the page.
                Some(known) if same_proof(known, &diagnostic) && diagnostic.message.contains("NOT AUTHENTIC") => {
                    *known = diagnostic;
                }
                Some(_) => {}
                None => diagnostics.push(diagnostic),
            }
        }
    }
    diagnostics.extend(qr_sizes.problems(&renderer.template().document));
    diagnostics.sort();
    diagnostics
}

/// A roster name's character that no font has is the learner's problem, not the template's:
/// they are refused certificates until a font that has it is added, whatever the template.
/// So it is a warning, naming the name, unless the template's own text has the character too.
fn unprintable_name(diagnostic: Diagnostic, source: &str, name: &str) -> Diagnostic {
    let missing = diagnostic
        .missing
        .filter(|&c| diagnostic.severity == Severity::Error && name.contains(c) && !source.contains(c));
    match missing {
        Some(_) => Diagnostic {
            severity: Severity::Warning,
            message: format!(
                "{} in the roster's name {}: that learner gets no certificate until a font that has it is added with --fonts",
                diagnostic.message,
                crate::render::layout::quoted(name)
            ),
            ..diagnostic
        },
        None => diagnostic,
    }
}

/// Whether two diagnostics say the same thing at the same place, but for their figures: a
/// block that runs off the page on every worst case is reported once, not once per name.
fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    (a.line, a.col, a.severity) == (b.line, b.col, b.severity) && words_of(&a.message) == words_of(&b.message)
}

/// Whether two diagnostics say at one place that one proof is not printed legibly, in either
/// wording (faint, or hidden from verify).
fn same_proof(a: &Diagnostic, b: &Diagnostic) -> bool {
    let proof = |message: &str| {
        let rest = message.strip_prefix("the certificate does not print ")?;
        rest.split_once(" legibly").map(|(what, _)| what.to_string())
    };
    (a.line, a.col) == (b.line, b.col) && proof(&a.message).is_some_and(|what| proof(&b.message) == Some(what))
}

/// A message without its figures.
fn words_of(message: &str) -> String {
    message.replace(|c: char| c.is_ascii_digit() || c == '.', "")
}

/// The names of a roster that the check must try: its longest name, the longest in each
/// script, and the first with each character no font has. A name shorter than another of its
/// script fits wherever that one does, so a 100,000-learner roster is checked in the time a
/// 30-learner one is; take these once per roster, not once per check.
pub fn roster_worst_cases(roster_names: &[String], fonts: &FontBook) -> Vec<String> {
    use std::collections::BTreeMap;
    let mut longest_by_script: BTreeMap<String, &String> = BTreeMap::new();
    let mut missing: Vec<char> = Vec::new();
    let mut unprintable: Vec<String> = Vec::new();
    for name in roster_names {
        let script = script_of(name);
        let longest = longest_by_script.entry(script).or_insert(name);
        if name.chars().count() > longest.chars().count() {
            *longest = name;
        }
        if let Some(c) = fonts.missing_char(name).filter(|c| !missing.contains(c)) {
            missing.push(c);
            unprintable.push(name.clone());
        }
    }
    let mut names: Vec<String> = longest_by_script.into_values().cloned().collect();
    names.extend(unprintable);
    names
}

/// The script of a name's first letter that belongs to one (not punctuation or a mark), with
/// whether the name is all capitals: the widest Latin names are (`Latin capitals`). The
/// editor's preview names the worst case it shows with it.
pub fn script_of(name: &str) -> String {
    use unicode_script::{Script, UnicodeScript};
    let script = name
        .chars()
        .map(|c| c.script())
        .find(|script| !matches!(script, Script::Common | Script::Inherited | Script::Unknown))
        .unwrap_or(Script::Common);
    let capitals = name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase);
    format!("{}{}", script.full_name(), if capitals { " capitals" } else { "" })
}

/// `chars` characters of `pattern` repeated, in words of `word` characters: the widest text a
/// field can legally hold.
fn wide_text(pattern: &str, chars: usize, word: usize) -> String {
    let letters: Vec<char> = pattern.chars().collect();
    (0..chars).map(|i| if (i + 1) % (word + 1) == 0 { ' ' } else { letters[i % letters.len()] }).collect()
}

/// The widest certificate code: the widest letters of the code alphabet.
const WIDEST_CODE: &str = "WMWM-MWMW-WMWM";

/// The data sets `check` renders: every worst case printed for each of `courses` (for a
/// made-up course when there are none).
pub fn worst_cases(roster_names: &[String], courses: &[RenderData]) -> Vec<RenderData> {
    use crate::domain::name::MAX_NAME_CHARS;
    let made_up = [RenderData::example("honor")];
    let courses = if courses.is_empty() { &made_up[..] } else { courses };
    let names = worst_names(roster_names);
    let mut cases: Vec<RenderData> = courses.iter().flat_map(|course| course_cases(course, &names)).collect();
    // More signatories than a course has today: an import can add them without a new check.
    let mut three = RenderData::example("verified");
    three.signatories.push(Signatory { name: "Galadriel of Lothlórien".to_string(), title: "Chancellor".to_string() });
    three.learner.full_name = long_name(MAX_NAME_CHARS);
    cases.push(three);
    cases
}

/// The names every check tries, with the roster's.
fn worst_names(roster_names: &[String]) -> Vec<String> {
    use crate::domain::name::MAX_NAME_CHARS;
    let longest = roster_names.iter().max_by_key(|name| name.chars().count()).cloned();
    let mut names: Vec<String> = vec![
        long_name(MAX_NAME_CHARS),
        // Rosters exported from some systems are in capitals: the widest real names.
        long_name(MAX_NAME_CHARS).to_uppercase(),
        wide_text("龍鑑", MAX_NAME_CHARS, MAX_NAME_CHARS),
        // One word as long as a name may be: some rosters join given and family names.
        wide_text("WM", MAX_NAME_CHARS, MAX_NAME_CHARS),
    ];
    names.extend(longest);
    names.extend(SAMPLE_NAMES.iter().map(|name| name.to_string()));
    names.extend(crate::sample::names::GROUPS.iter().map(|group| group.longest()));
    names.extend(roster_names.iter().cloned());
    names
}

/// The worst cases of one course: each mode at 0%, 100% and a middle grade, each name, and
/// the widest code after the longest legal verification URL.
fn course_cases(course: &RenderData, names: &[String]) -> Vec<RenderData> {
    use crate::domain::settings::MAX_VERIFY_URL_CHARS;
    let in_mode = |mode: &str| {
        let mut data = course.clone();
        data.certificate.mode = mode.to_string();
        data.certificate.mode_label = mode_label(mode);
        data
    };
    let mut cases = Vec::new();
    for mode in ["honor", "verified"] {
        for (percent, letter) in [("0.0", ""), ("100.0", "A+"), ("85.5", "B")] {
            let mut data = in_mode(mode);
            data.grade.percent = percent.to_string();
            data.grade.letter = letter.to_string();
            data.grade.status = if letter.is_empty() { "provisional" } else { "final" }.to_string();
            cases.push(data);
        }
    }
    let base = cases.clone();
    for (index, name) in names.iter().enumerate() {
        let mut data = base[index % base.len()].clone();
        data.learner.full_name = name.clone();
        cases.push(data);
    }
    for mode in ["honor", "verified"] {
        let mut widest_url = in_mode(mode);
        let base = format!("https://{}/", wide_text("wm", MAX_VERIFY_URL_CHARS - "https:///".len(), 64));
        widest_url.certificate.code = WIDEST_CODE.to_string();
        widest_url.certificate.verify_url = format!("{base}{WIDEST_CODE}");
        cases.push(widest_url);
    }
    cases
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
