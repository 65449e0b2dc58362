//! Checking a template before any learner sees it: parse errors, then a render on worst-case
//! data (the longest roster name, names of the longest legal length in capitals, in one
//! word and in Chinese, the longest sample name of every script certdesk prints, the widest code after
//! the longest legal verification URL, 0% and 100%, each mode) printed with the data of the
//! courses the template is for (their titles, dates, institution and signatories), reporting
//! overflowing text and undrawable characters.

use crate::domain::printed::{MIN_LEGIBLE_PT, comparable, other_grades, prints_each_word, proofs};
use crate::render::data::{RenderData, Signatory, mode_label};
use crate::render::layout::{Diagnostic, LayoutError, Renderer, Severity};
use crate::render::template::Template;
use crate::render::{FontBook, ImageSet, Item, Page};

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
    for data in worst_cases(roster_names, courses) {
        let found = match renderer.render_page(&data) {
            Ok((page, mut found)) => {
                found.extend(proof_problems(&page, &data));
                found
            }
            Err(LayoutError::Template(error)) => vec![Diagnostic::error(error.pos, error.message)],
            Err(error) => vec![Diagnostic::error(Default::default(), error.to_string())],
        };
        let found = found.into_iter().map(|diagnostic| unprintable_name(diagnostic, source, &data.learner.full_name));
        for diagnostic in found {
            if !diagnostics.iter().any(|known| same_problem(known, &diagnostic)) {
                diagnostics.push(diagnostic);
            }
        }
    }
    diagnostics.sort();
    diagnostics
}

/// A roster name's character that no font has is the learner's problem, not the template's:
/// they are refused certificates until a font that has it is added, whatever the template.
/// So it is a warning, naming the name, unless the template's own text has the character too.
fn unprintable_name(diagnostic: Diagnostic, source: &str, name: &str) -> Diagnostic {
    let missing = diagnostic
        .message
        .strip_prefix("no font can draw '")
        .and_then(|rest| rest.chars().next())
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
    let words = |message: &str| message.replace(|c: char| c.is_ascii_digit() || c == '.', "");
    (a.line, a.col, a.severity) == (b.line, b.col, b.severity) && words(&a.message) == words(&b.message)
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
/// whether the name is all capitals: the widest Latin names are.
fn script_of(name: &str) -> String {
    use unicode_script::{Script, UnicodeScript};
    let script = name
        .chars()
        .map(|c| c.script())
        .find(|script| !matches!(script, Script::Common | Script::Inherited | Script::Unknown))
        .unwrap_or(Script::Common);
    let capitals = name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase);
    format!("{}{}", script.full_name(), if capitals { " capitals" } else { "" })
}

/// An error for each of the learner's name, the course, the grade and the code that `page`
/// does not print large enough to read, and for any other grade it prints: `certdesk verify
/// --file` finds such a certificate NOT AUTHENTIC, since its credential cannot vouch for a
/// page that does not say what it says, so no template that prints one may be saved.
pub fn proof_problems(page: &Page, data: &RenderData) -> Vec<Diagnostic> {
    let text: Vec<&str> = [&*page.fixed, &page.variable]
        .into_iter()
        .flat_map(|layer| &layer.items)
        .filter_map(|item| match item {
            Item::Text(run) if f64::from(run.size_pt) >= MIN_LEGIBLE_PT => Some(run.text.as_str()),
            _ => None,
        })
        .collect();
    let text = text.join("\n");
    let page = comparable(&text);
    let grade = format!("{}%", data.grade.percent);
    let (name, course, code) = (&data.learner.full_name, &data.course.title, &data.certificate.code);
    let would_fail = |what: String| {
        let message = format!("the certificate {what}: `certdesk verify --file` would find it NOT AUTHENTIC");
        Diagnostic::error(Default::default(), message)
    };
    let unprinted = proofs(name, course, &grade, code)
        .into_iter()
        .filter(|(_, value)| !prints_each_word(&page, value))
        .map(|(what, _)| format!("does not print {what} (at {MIN_LEGIBLE_PT}pt or more)"));
    let others =
        other_grades(&text, &grade).into_iter().map(|other| format!("prints a grade other than the grade ({other})"));
    unprinted.chain(others).map(would_fail).collect()
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
    use crate::domain::learner::MAX_NAME_CHARS;
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
    use crate::domain::learner::MAX_NAME_CHARS;
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
mod tests {
    use super::*;

    #[test]
    fn long_name_has_the_asked_length() {
        assert_eq!(long_name(120).chars().count(), 120);
        assert!(!long_name(120).ends_with(' '));
        assert_eq!(wide_text("WM", 7, 3), "WMW WMW");
    }

    #[test]
    fn check_reports_parse_errors_overflow_unknown_filters_and_missing_images() {
        let fonts = FontBook::new();
        let images = ImageSet::new();
        let broken = check("text\n  | {{ learner.nmae }}\n", &[], &[], &fonts, &images);
        assert_eq!(
            broken[0].to_string(),
            "2:8: unknown placeholder `learner.nmae` (learner has full_name, username, email)"
        );
        let source = "page\n  size: 400pt x 300pt\n  margin: 50pt\ntext\n  size: 30\n  fit: shrink\n  min-size: 20\n  | {{ learner.full_name }}\nimage \"seal\"\n  width: 10mm\n";
        let found: Vec<String> = check(source, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("8:5: text is wider than its box even at 20.0pt")
                    || d.starts_with("8:5: text needs")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|d| d == "9:1: there is no image called \"seal\"; add it with `certdesk image add`"),
            "{found:?}"
        );
        let filter = check("text\n  | {{ grade.percent | percentage }}\n", &[], &[], &fonts, &images);
        assert_eq!(filter[0].to_string(), "2:24: unknown filter `percentage`");
        let date = check("text\n  | {{ certificate.issued_on | date(\"xx\") }}\n", &[], &[], &fonts, &images);
        assert!(
            date[0].to_string().ends_with(
                "`date` knows no language \"xx\"; use en, en-gb, en-us, nl, fr, de, es, ja, ko, zh, zh-hans, zh-hant or zh-tw"
            ),
            "{date:?}"
        );
        let with_bom = format!("{}{}", '\u{FEFF}', crate::render::defaults::DEFAULTS[0].1);
        assert_eq!(check(&with_bom, &[], &[], &fonts, &images), Vec::new(), "a byte order mark is skipped");
    }

    #[test]
    fn a_large_roster_is_checked_on_its_worst_names_only() {
        let fonts = FontBook::new();
        let mut roster: Vec<String> = (0..100_000).map(|i| format!("Learner Number {i}")).collect();
        roster.extend(
            ["Nguyễn Thị Ngọc Lan Anh", "ΑΛΕΞΑΝΔΡΟΣ", "Αλέξανδρος Παπαδόπουλος", "\u{10FFFD}x"].map(String::from),
        );
        let started = std::time::Instant::now();
        let names = roster_worst_cases(&roster, &fonts);
        println!("worst names of {} in {:?}: {names:?}", roster.len(), started.elapsed());
        assert!(names.contains(&"Nguyễn Thị Ngọc Lan Anh".to_string()), "the longest Latin name: {names:?}");
        assert!(!names.iter().any(|name| name.starts_with("Learner")), "{names:?}");
        assert!(names.contains(&"ΑΛΕΞΑΝΔΡΟΣ".to_string()) && names.contains(&"Αλέξανδρος Παπαδόπουλος".to_string()));
        assert!(names.contains(&"\u{10FFFD}x".to_string()), "a name no font can draw: {names:?}");
        assert!(names.len() <= 6, "{names:?}");
        let source = "text\n  | {{ learner.full_name }}\n";
        let started = std::time::Instant::now();
        let _ = check(source, &names, &[], &fonts, &ImageSet::new());
        println!("check on the worst names: {:?}", started.elapsed());
    }

    #[test]
    fn a_roster_name_no_font_has_is_a_warning_but_the_templates_own_text_an_error() {
        let (fonts, images) = (FontBook::new(), ImageSet::new());
        let source =
            "text\n  | {{ learner.full_name }} {{ course.title }} {{ grade.percent }}% {{ certificate.code }}\n";
        let found = check(source, &["\u{10FFFD}x".to_string()], &[], &fonts, &images);
        let found: Vec<(Severity, String)> = found.into_iter().map(|d| (d.severity, d.to_string())).collect();
        assert!(!found.iter().any(|(severity, d)| *severity == Severity::Error && d.contains("no font")), "{found:?}");
        assert!(
            found
                .iter()
                .any(|(_, d)| d
                    .starts_with("2:5: warning: no font can draw '\u{10fffd}' (U+10FFFD) in the roster's name")),
            "{found:?}"
        );
        let own = format!("{source}text\n  | \u{10FFFD}\n");
        let found = check(&own, &["\u{10FFFD}x".to_string()], &[], &fonts, &images);
        assert!(found.iter().any(|d| d.severity == Severity::Error && d.message.starts_with("no font can draw")));
    }

    #[test]
    fn a_course_is_checked_with_its_own_title_and_signatories() {
        let (fonts, images) = (FontBook::new(), ImageSet::new());
        let source = "text\n  break: anywhere\n  | {{ learner.full_name }}\ntext\n  | {{ grade.percent }}% {{ certificate.code }}\ntext\n  width: 120mm\n  size: 20\n  min-size: 14\n  fit: shrink\n  | {{ course.title }}\nfor signer in signatories\n  text\n    width: 60mm\n    min-size: 10\n    fit: shrink\n    | {{ signer.title }}\n";
        let errors = |found: Vec<Diagnostic>| -> Vec<String> {
            found.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect()
        };
        assert_eq!(errors(check(source, &[], &[], &fonts, &images)), Vec::<String>::new(), "the made-up course fits");
        let mut course = RenderData::example("honor");
        course.course.title = "Advanced Interdisciplinary Perspectives on Computational Methods and Ethics".to_string();
        course.signatories[0].title = "Professor Emeritus of Cartography and Lore, Minas Tirith".to_string();
        let found = errors(check(source, &[], &[course], &fonts, &images));
        assert!(
            found.iter().any(|d| d.starts_with("11:5: text needs 2 lines at 14.0pt") && d.contains("Advanced")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|d| d.starts_with("17:7: text needs 3 lines") && d.contains("Professor")),
            "{found:?}"
        );
    }

    #[test]
    fn text_pushed_or_placed_off_the_page_is_an_error() {
        let (fonts, images) = (FontBook::new(), ImageSet::new());
        let mut source = "page\n  size: A5\ntext\n  size: 14\n".to_string();
        for line in 0..40 {
            source.push_str(&format!("  | This is filler line number {line} of a long preamble.\n  |\n"));
        }
        source.push_str("text\n  break: anywhere\n  | {{ learner.full_name }} {{ course.title }} {{ grade.percent }}% {{ certificate.code }}\n");
        let errors: Vec<String> = check(&source, &[], &[], &fonts, &images)
            .iter()
            .filter(|d| d.severity == crate::render::layout::Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert!(errors.iter().any(|e| e.starts_with("3:1: the text runs off the bottom of the page by")), "{errors:?}");
        assert!(
            errors.iter().any(|e| e.starts_with("85:1: the text runs off the bottom of the page by")),
            "{errors:?}"
        );
        assert_eq!(errors.len(), 2, "one error per block, not one per worst case: {errors:?}");

        let below = "text\n  top: 500mm\n  | {{ learner.full_name }} {{ course.title }} {{ grade.percent }}% {{ certificate.code }}\n";
        let found: Vec<String> = check(below, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
        assert!(found.iter().any(|e| e.starts_with("1:1: the text runs off the bottom of the page by 2")), "{found:?}");
    }
}

#[cfg(test)]
mod default_templates {
    use super::*;
    use crate::render::defaults::DEFAULTS;
    use crate::render::layout::tests::lines;

    fn renderer(source: &str) -> Renderer {
        let template = Template::parse(source).unwrap_or_else(|errors| panic!("{errors}"));
        Renderer::new(template, &FontBook::new(), &ImageSet::new()).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn a_120_character_name_fits_its_box_on_both_templates() {
        for (template, source) in DEFAULTS {
            let renderer = renderer(source);
            let mut data = RenderData::example(template);
            data.learner.full_name = long_name(120);
            let (page, diagnostics) = renderer.render_page(&data).unwrap_or_else(|error| panic!("{error}"));
            assert!(diagnostics.is_empty(), "{template}: {diagnostics:?}");
            // The name's lines (its runs are the only ones taken from it): at most two, inside the 235 mm box.
            let (left_box, right_box) = ((841.89 - 235.0 * 72.0 / 25.4) / 2.0, (841.89 + 235.0 * 72.0 / 25.4) / 2.0);
            let name_only = crate::render::page::Page {
                variable: crate::render::page::Layer {
                    items: page
                        .variable
                        .items
                        .iter()
                        .filter(|item| matches!(item, crate::render::page::Item::Text(run) if data.learner.full_name.contains(&run.text)))
                        .cloned()
                        .collect(),
                },
                fixed: Default::default(),
                ..page.clone()
            };
            let name_lines = lines(&name_only);
            assert!(!name_lines.is_empty() && name_lines.len() <= 2, "{template}: {name_lines:?}");
            for (_, left, right, _) in name_lines {
                assert!(left >= left_box - 0.01 && right <= right_box + 0.01, "{template}: {left}..{right}");
            }
        }
    }

    #[test]
    fn every_sample_name_is_drawn_without_missing_glyphs() {
        let mut names: Vec<String> = SAMPLE_NAMES.iter().map(|name| name.to_string()).collect();
        for group in crate::sample::names::GROUPS {
            names.extend(group.all());
        }
        for (template, source) in DEFAULTS {
            let renderer = renderer(source);
            for name in &names {
                let mut data = RenderData::example(template);
                data.learner.full_name = name.clone();
                let (_, diagnostics) = renderer.render_page(&data).unwrap_or_else(|error| panic!("{error}"));
                assert!(diagnostics.is_empty(), "{template}, {name}: {diagnostics:?}");
            }
        }
        assert!(names.len() > 1000);
    }

    #[test]
    fn default_templates_pass_the_check() {
        for (name, source) in DEFAULTS {
            let found: Vec<String> =
                check(source, &[], &[], &FontBook::new(), &ImageSet::new()).iter().map(ToString::to_string).collect();
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
    }
}
