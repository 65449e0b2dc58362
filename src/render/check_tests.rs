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
        found.iter().any(
            |d| d.starts_with("8:5: text is wider than its box even at 20.0pt") || d.starts_with("8:5: text needs")
        ),
        "{found:?}"
    );
    assert!(
        found.iter().any(|d| d == "9:1: there is no image called \"seal\"; add it with `certdesk image add`"),
        "{found:?}"
    );
    let filter = check("text\n  | {{ grade.percent | percentage }}\n", &[], &[], &fonts, &images);
    assert_eq!(filter[0].to_string(), "2:24: unknown filter `percentage`");
    // Another template language's name for a filter, or a slip from one, says which is meant.
    for (written, meant) in [("uppercase", "upper"), ("upcase", "upper"), ("strftime", "date"), ("uper", "upper")] {
        let source = format!("text\n  | {{{{ course.title | {written} }}}}\n");
        let found = check(&source, &[], &[], &fonts, &images);
        let expected = format!("2:23: unknown filter `{written}` (did you mean `{meant}`?)");
        assert_eq!(found.first().map(ToString::to_string), Some(expected));
    }
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
    roster
        .extend(["Nguyễn Thị Ngọc Lan Anh", "ΑΛΕΞΑΝΔΡΟΣ", "Αλέξανδρος Παπαδόπουλος", "\u{10FFFD}x"].map(String::from));
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
    let source = "text\n  | {{ learner.full_name }} {{ course.title }} {{ grade.percent }}% {{ certificate.code }}\n";
    let found = check(source, &["\u{10FFFD}x".to_string()], &[], &fonts, &images);
    let found: Vec<(Severity, String)> = found.into_iter().map(|d| (d.severity, d.to_string())).collect();
    assert!(!found.iter().any(|(severity, d)| *severity == Severity::Error && d.contains("no font")), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(_, d)| d.starts_with("2:5: warning: no font can draw U+10FFFD (private use) in the roster's name")),
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
    assert!(found.iter().any(|d| d.starts_with("17:7: text needs 3 lines") && d.contains("Professor")), "{found:?}");
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
    assert!(errors.iter().any(|e| e.starts_with("85:1: the text runs off the bottom of the page by")), "{errors:?}");
    assert_eq!(errors.len(), 2, "one error per block, not one per worst case: {errors:?}");

    let below = "text\n  top: 500mm\n  | {{ learner.full_name }} {{ course.title }} {{ grade.percent }}% {{ certificate.code }}\n";
    let found: Vec<String> = check(below, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
    assert!(found.iter().any(|e| e.starts_with("1:1: the text runs off the bottom of the page by 2")), "{found:?}");
}

#[test]
fn a_proof_the_template_itself_hides_is_an_error() {
    let (fonts, images) = (FontBook::new(), ImageSet::new());
    // The course's title in a block of its own. What depends on the course is drawn over what
    // depends on nothing (boxes), and what depends on the learner over both: a box covers the
    // title when it is drawn for each learner.
    let hidden = |title_style: &str, before: &str, after: &str| {
        let mut source =
            "page\n  background: white\ntext\n  top: 20mm\n  break: anywhere\n  fit: shrink\n  min-size: 4\n"
                .to_string();
        source.push_str("  max-lines: 6\n  | {{ learner.full_name }} {{ grade.percent }}% {{ certificate.code }}\n");
        source.push_str(before);
        source.push_str(&format!("text\n  top: 60mm\n{title_style}  | {{{{ course.title }}}}\n"));
        source.push_str(after);
        let found: Vec<String> = check(&source, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
        found.iter().any(|problem| problem.contains("does not print the course legibly"))
    };
    let white_box = "rect\n  top: 55mm\n  height: 20mm\n  fill: white\n  color: white\n";
    let learners_box =
        format!("if learner.username\n{}", white_box.lines().map(|line| format!("  {line}\n")).collect::<String>());
    assert!(!hidden("", "", ""), "printed");
    assert!(hidden("", "", &learners_box), "under a box drawn over it");
    assert!(!hidden("", white_box, ""), "on a box drawn under it");
    assert!(!hidden("", "", white_box), "on a box that depends on nothing, drawn under it");
    assert!(hidden("  color: white\n", "", ""), "white on the white page");
    let navy_band = "rect\n  top: 55mm\n  height: 20mm\n  fill: navy\n";
    assert!(!hidden("  color: white\n", navy_band, ""), "white on a navy band");
    assert!(hidden("  color: navy\n", navy_band, ""), "navy on a navy band");
}

#[test]
fn a_proof_the_page_hides_is_placed_where_the_template_prints_it() {
    let (fonts, images) = (FontBook::new(), ImageSet::new());
    let lines = [
        "  | {{ learner.full_name }}",
        "  | {{ course.title }}",
        "  | with {{ grade.percent }}%",
        "  | code {{certificate.code}}",
    ];
    let variables = ["learner.full_name", "course.title", "grade.percent", "certificate.code"];
    let whats = ["the learner's name", "the course", "the grade", "the verification code"];
    for hidden in 0..lines.len() {
        let mut source = "page\n  background: white\n".to_string();
        for (index, line) in lines.iter().enumerate() {
            let colour = if index == hidden { "  color: white\n" } else { "" };
            source.push_str(&format!("text\n  top: {}mm\n{colour}{line}\n", 20 + 20 * index));
        }
        let line = source.lines().position(|line| line == lines[hidden]).map(|index| index + 1);
        let col = lines[hidden].find(variables[hidden]).map(|offset| offset + 1);
        let expected = format!(
            "{}:{}: the certificate does not print {} legibly",
            line.unwrap_or(0),
            col.unwrap_or(0),
            whats[hidden]
        );
        let found: Vec<String> = check(&source, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
        assert!(found.iter().any(|problem| problem.starts_with(&expected)), "{expected}: {found:?}");
    }
    // Another grade, at the text that writes it; a proof no text names, on the whole page.
    let source = "text\n  | {{ learner.full_name }} {{ course.title }} {{ certificate.code }}\ntext\n  | from 00.0%\n";
    let found: Vec<String> = check(source, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
    assert!(found.iter().any(|problem| problem.starts_with("4:10: the certificate prints a grade other")), "{found:?}");
    let unnamed = "the certificate does not print the grade (no text block names `grade.percent`): `certdesk verify";
    assert!(found.iter().any(|problem| problem.starts_with(unnamed)), "{found:?}");
}

#[test]
fn the_name_and_course_may_be_printed_in_capitals_or_small_letters() {
    let (fonts, images) = (FontBook::new(), ImageSet::new());
    let source = |filter: &str| {
        format!(
            "text\n  top: 20mm\n  break: anywhere\n  fit: shrink\n  min-size: 4\n  max-lines: 6\n  | {{{{ learner.full_name{filter} }}}}\n\
             text\n  top: 60mm\n  fit: shrink\n  min-size: 4\n  | {{{{ course.title{filter} }}}}\n\
             text\n  top: 100mm\n  | {{{{ grade.percent }}}}% {{{{ certificate.code }}}}\n"
        )
    };
    for filter in ["", " | upper", " | lower", " | title"] {
        let found: Vec<String> =
            check(&source(filter), &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
        assert!(found.is_empty(), "{filter}: {found:#?}");
    }
    // What changes the letters is still not the name.
    let found: Vec<String> =
        check(&source(" | replace('a', 'o')"), &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
    let changed = "7:8: the certificate does not print the learner's name as it is (a filter or a slice in the template changes it)";
    assert!(found.iter().any(|problem| problem.starts_with(changed)), "{found:#?}");
}

mod default_templates {
    use super::super::*;
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

#[test]
fn a_page_of_too_many_blocks_is_reported_once_whatever_the_worst_case() {
    // Written out, not repeated by a `for`: a long paste. The `if` makes the block past the
    // 1000th stand at another line for each mode, which was one error for each.
    let mut source = String::from(
        "if certificate.mode == \"verified\"\n  text\n    | VERIFIED\ntext\n  | {{ learner.full_name }} {{ course.title }} {{ grade.percent }}% {{ certificate.code }}\n",
    );
    for i in 0..1100 {
        source.push_str(&format!("rule\n  color: #{:06x}\n", i));
    }
    let found: Vec<String> =
        check(&source, &[], &[], &FontBook::new(), &ImageSet::new()).iter().map(ToString::to_string).collect();
    let refused: Vec<&String> = found.iter().filter(|d| d.contains("block number 1001 of the page")).collect();
    assert_eq!(refused.len(), 1, "{found:?}");
    assert!(refused[0].contains("a certificate lays out at most 1000 blocks"), "{found:?}");
}

/// A signatory or the list of them printed whole would print as `{'name': …}`: an error.
#[test]
fn a_signatory_printed_whole_is_an_error() {
    for source in ["text\n  | {{ signatories[0] }}\n", "text\n  | By {{ signatories }}\n"] {
        let found: Vec<String> =
            check(source, &[], &[], &FontBook::new(), &ImageSet::new()).iter().map(ToString::to_string).collect();
        assert!(
            found.iter().any(|d| d.starts_with("2:") && d.contains("prints a group of placeholders whole")),
            "{found:?}"
        );
    }
}

/// A filter that fails on the learner's name fails on every worst name: one mistake, told once,
/// at the filter, with the name as written.
#[test]
fn a_filter_that_fails_on_every_name_is_one_error_at_the_filter() {
    let names = ["अनिरुद्ध शर्मा".to_string()];
    for (source, col) in [
        ("text\n  | abc {{ learner.full_name | date }}\n", 32),
        ("text\n  | abc {{ \"x\" ~ (learner.full_name | date) }}\n", 39),
    ] {
        let found: Vec<String> =
            check(source, &names, &[], &FontBook::new(), &ImageSet::new()).iter().map(ToString::to_string).collect();
        let dates: Vec<&String> = found.iter().filter(|d| d.contains("needs an ISO date")).collect();
        assert_eq!(dates.len(), 1, "{found:?}");
        assert!(dates[0].starts_with(&format!("2:{col}: ")), "{found:?}");
        assert!(!dates[0].contains("\\u{"), "{found:?}");
    }
}

/// Text verify would still see, but few could read (a contrast ratio under 3:1 with what lies
/// under it), and a QR code no phone reads, are errors of the template; only hidden text is
/// said to make verify fail.
#[test]
fn a_proof_or_qr_code_that_hardly_stands_out_is_an_error() {
    let (fonts, images) = (FontBook::new(), ImageSet::new());
    let source = |grade_colour: &str, qr: &str| {
        format!(
            "page\n  background: white\ntext\n  top: 20mm\n  break: anywhere\n  fit: shrink\n  min-size: 4\n  max-lines: 6\n\
             \x20 | {{{{ learner.full_name }}}} {{{{ course.title }}}} {{{{ certificate.code }}}}\n\
             text\n  top: 60mm\n  color: {grade_colour}\n  | {{{{ grade.percent }}}}%\n\
             rect\n  top: 90mm\n  height: 40mm\n  fill: black\nqr\n  top: 95mm\n  size: 30mm\n{qr}"
        )
    };
    let line_of = |text: &str| source("", "").lines().position(|line| line.starts_with(text)).map_or(0, |at| at + 1);
    let problems = |grade_colour: &str, qr: &str| -> Vec<String> {
        check(&source(grade_colour, qr), &[], &[], &fonts, &images).iter().map(ToString::to_string).collect()
    };
    // #959595 on white: 2.9 to 1; #8a8a8a: 3.4 to 1.
    let faint = problems("#959595", "  color: white\n");
    let expected = format!(
        "{}:8: the certificate does not print the grade legibly: it stands out from what lies under it by a \
         contrast ratio under 3:1",
        line_of("  | {{ grade")
    );
    assert!(faint.len() == 1 && faint[0].starts_with(&expected) && !faint[0].contains("NOT AUTHENTIC"), "{faint:?}");
    assert_eq!(problems("#8a8a8a", "  color: white\n"), Vec::<String>::new());
    // A dark code on the black box.
    let dark = problems("#8a8a8a", "  color: #333333\n");
    assert_eq!(dark.len(), 1, "{dark:?}");
    let expected = format!("{}:1: the QR code does not stand out from what lies under it", line_of("qr"));
    assert!(dark[0].starts_with(&expected), "{dark:?}");
    // With a readable code before it in the template, the error is still the dark one's.
    let two = source("#8a8a8a", "  color: #333333\n").replace("rect\n", "qr\n  top: 150mm\n  size: 20mm\nrect\n");
    let found: Vec<String> = check(&two, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
    let dark_line = two.lines().enumerate().filter(|(_, line)| *line == "qr").map(|(at, _)| at + 1).last();
    let expected = format!("{}:1: the QR code does not stand out", dark_line.unwrap_or(0));
    assert!(found.len() == 1 && found[0].starts_with(&expected), "{found:?}");
}

/// A value the page prints in pieces (here the grade after a right-to-left name, which puts
/// its `%` first) is told apart from one a slice cut.
#[test]
fn a_value_printed_in_pieces_is_told_apart_from_one_a_slice_changed() {
    let (fonts, images) = (FontBook::new(), ImageSet::new());
    let page = "page\n  size: A4\n  orientation: landscape\ntext\n  size: 14\n  | {{ course.title }}\n";
    let rtl = format!(
        "{page}text\n  size: 14\n  | {{{{ certificate.code }}}}\ntext\n  size: 14\n  break: anywhere\n  \
         | {{{{ learner.full_name }}}} · {{{{ grade.percent }}}}%\n"
    );
    let found: Vec<String> = check(&rtl, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("13:34: the certificate does not print the grade in one piece"), "{found:?}");
    let sliced = format!(
        "{page}text\n  size: 14\n  | {{{{ certificate.code[:9] }}}}\ntext\n  size: 14\n  \
         break: anywhere\n  | {{{{ learner.full_name }}}}\ntext\n  size: 14\n  | {{{{ grade.percent }}}}%\n"
    );
    let found: Vec<String> = check(&sliced, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("does not print the verification code as it is (a filter or a slice"), "{found:?}");
}

/// A band of the name's colour under part of it: faint for some worst-case names, hidden from
/// verify for others. One problem, told once, as the graver.
#[test]
fn a_proof_faint_on_one_name_and_hidden_on_another_is_one_problem() {
    let (fonts, images) = (FontBook::new(), ImageSet::new());
    let source =
        format!("{}\nrect\n  top: 88mm\n  height: 8mm\n  fill: #1f3a5f\n", crate::render::defaults::DEFAULTS[0].1);
    let found: Vec<String> = check(&source, &[], &[], &fonts, &images).iter().map(ToString::to_string).collect();
    let about_the_name: Vec<&String> = found.iter().filter(|problem| problem.contains("the learner's name")).collect();
    assert_eq!(about_the_name.len(), 1, "{found:?}");
    assert!(about_the_name[0].contains("NOT AUTHENTIC"), "{found:?}");
}
