//! Broken templates and the exact `line:col: message` each must produce, and what valid ones parse to.

use super::Template;
use super::model::{BlockKind, Language};
use crate::render::data::RenderData;

#[track_caller]
fn error_of(source: &str) -> String {
    match Template::parse(source) {
        Ok(_) => "no error".to_string(),
        Err(errors) => errors.0.first().map(ToString::to_string).unwrap_or_default(),
    }
}

#[test]
fn broken_templates_name_line_and_column() {
    let deep: String = (0..20).map(|depth| format!("{}if 1\n", "  ".repeat(depth))).collect();
    let table: &[(&str, &str)] = &[
        ("txt\n", "1:1: unknown block `txt` (did you mean `text`?)"),
        ("text\n  | hi\n  colour: red\n", "3:3: `text` has no property `colour` (did you mean `color`?)"),
        (
            "text\n  size: big\n  | x\n",
            "2:9: `big` is not a length (write a number with pt, mm, cm or in, e.g. `20mm`)",
        ),
        ("text\n  size: 12\n  size: 14\n  | x\n", "3:3: `size` is set twice"),
        // Two letters swapped are one mistake: `weight`, not `right` (two letters changed).
        ("text\n  wieght: bold\n  | x\n", "2:3: `text` has no property `wieght` (did you mean `weight`?)"),
        ("txet\n  | x\n", "1:1: unknown block `txet` (did you mean `text`?)"),
        // A property without its colon reads as a block; it is named as what it is.
        ("text\n  size 24\n  | x\n", "2:3: `size` is a property, which needs a colon: write `size: 24`"),
        ("row\n  gap 4mm\n  column\n    rule\n", "2:3: `gap` is a property, which needs a colon: write `gap: 4mm`"),
        ("page\n  margin\n", "2:3: `margin` is a property, which needs a colon: write `margin: …`"),
        ("text\n", "1:1: this `text` block has no text: add lines starting with `| `"),
        ("  text\n", "1:3: a top-level block must start at the beginning of the line"),
        ("size: 12\n", "1:1: property `size` is not inside a block; indent it under one"),
        ("text\n  | a\n   | b\n", "3:4: unexpected indentation: only a block can have lines indented under it"),
        ("row\n    column\n  gap: 3\n", "3:3: this line's indentation does not line up with the lines above it"),
        ("text\n\t| a\n", "2:1: indent with spaces, not tabs"),
        ("page\n  size: B7\n", "2:9: unknown page size `B7` (use A3, A4, A5, Letter, Legal or `297mm x 210mm`)"),
        ("page\n  margin: 1 2 3\n", "2:11: give one, two or four lengths"),
        ("page\npage\n", "2:1: a template has one `page` block"),
        (
            "page\n  language: xx\n",
            "2:13: `xx` is not one of: en, en-gb, en-us, nl, fr, de, es, ja, ko, zh, zh-hans, zh-hant, zh-tw",
        ),
        ("rule\n  color: #12\n", "2:10: `#12` is not a colour (write `#rrggbb` or `#rgb`)"),
        (
            "text\n  fit: shrink\n  | {{ learner.full_name }}\n",
            "1:1: `fit: shrink` needs a `min-size`, the smallest size allowed",
        ),
        ("text\n  size: 10\n  min-size: 12\n  | x\n", "1:1: `min-size` (12pt) is larger than `size` (10pt)"),
        (
            "text\n  | Hello {{ learner.nmae }}\n",
            "2:14: unknown placeholder `learner.nmae` (learner has full_name, username, email)",
        ),
        ("text\n  | {{ learner.full_name \n", "2:16: a placeholder opened with `{{` is not closed: end it with `}}`"),
        (
            "text\n  | max {% if x %}b{% endif %}\n",
            "2:15: unknown placeholder `x` (placeholders are learner.*, course.*, grade.*, certificate.* and signatories)",
        ),
        (
            "text\n  | {% if certificate.mode == \"verified\" %}V\n",
            "2:44: a `{% if %}` or `{% for %}` is not closed: end it with `{% endif %}` or `{% endfor %}` within this text (each text is a template of its own)",
        ),
        (
            "if certificate.mod == 1\n  rule\n",
            "1:4: unknown placeholder `certificate.mod` (did you mean `certificate.mode`?)",
        ),
        ("if ==\n  rule\n", "1:4: syntax error: unexpected `==`"),
        (
            "text\n  | {% if grade.status == \u{201c}final\u{201d} %}F{% endif %}\n",
            "2:27: \u{201c} is a typographic quote, which is no quote here: write text in straight quotes (\"final\" or 'final')",
        ),
        (
            "if certificate.mode == \u{2018}verified\u{2019}\n  rule\n",
            "1:24: \u{2018} is a typographic quote, which is no quote here: write text in straight quotes (\"final\" or 'final')",
        ),
        ("text\n  | {{ learner.full_name }\n", "2:26: a placeholder ends with two braces, `}}`, not one"),
        (
            "text\n  | {# a note {{ learner.full_name }}\n",
            "2:38: a comment opened with `{#` is not closed: end it with `#}`",
        ),
        ("text\n  | Note {# unfinished\n", "2:23: a comment opened with `{#` is not closed: end it with `#}`"),
        ("text\n  | a{% endif %}\n", "2:9: `{% endif %}` closes no `{% if %}` opened before it in this text"),
        (
            "text\n  | {{ }}\n",
            "2:8: the placeholder `{{ }}` names nothing: write what it prints, e.g. `{{ learner.full_name }}`",
        ),
        ("else\n  rule\n", "1:1: `else` must directly follow an `if` block"),
        ("column\n", "1:1: `column` belongs inside a `row`"),
        ("if 1\n  page\n", "2:3: `page` must be a top-level block"),
        ("row\n  text\n    | a\n", "2:3: a `row` holds `column` blocks, not `text`"),
        ("rule\n  text\n    | a\n", "2:3: a `rule` block cannot contain other blocks"),
        ("rule\n  | a\n", "2:3: `rule` takes no text lines; only `text` and `qr` do"),
        ("image\n  width: 10\n", "1:6: name the image: `image \"logo\"`"),
        ("image \"logo\"\n", "1:1: give the image a `width` or a `height`"),
        ("text top\n  | a\n", "1:6: `text` takes no arguments on its line; use properties below it"),
        ("text\n  top: 1\n  bottom: 2\n  | a\n", "1:1: give only one of `top`, `bottom` and `middle`"),
        (
            "row\n  column\n    text\n      top: 3\n      | a\n",
            "3:5: blocks inside a column follow the flow: remove `top`, `bottom` or `middle`",
        ),
        ("for x signatories\n  rule\n", "1:5: write `for NAME in LIST`, e.g. `for signer in signatories`"),
        (
            "for signer in signatories\n  text\n    | {{ signer.nmae }}\n",
            "3:10: unknown placeholder `signer.nmae` (did you mean `signer.name`?)",
        ),
        (
            "for s in signatories[:1]\n  text\n    | {{ s.role }}\n",
            "3:10: unknown placeholder `s.role` (s has name, title)",
        ),
        (
            "for s in signatories\n  for s in range(2)\n    text\n      | {{ s.any }}\n  text\n    | {{ s.x }}\n",
            "6:10: unknown placeholder `s.x` (s has name, title)",
        ),
        ("space\n", "1:1: give the space a height: `space 12mm`"),
        ("text\n  | \u{7}\n", "2:5: control character U+0007 is not allowed in a template"),
        ("text\n  +oops\n", "2:3: expected a block (like `text`), a property (`key: value`) or a text line (`| ...`)"),
        ("xyz# a comment\n", "1:4: unexpected `#` after `xyz`"),
        ("\u{FEFF}txt\n", "1:1: unknown block `txt` (did you mean `text`?)"),
        (&deep, "18:35: blocks are nested more than 16 deep"),
        ("border\n  inset: -3mm\n", "2:10: `-3mm` must not be negative"),
        (
            "text\n  letter-spacing: -1pt\n  | {{ grade.percent }}%\n",
            "2:19: `letter-spacing` must be 0 or more, not `-1pt`: letters set closer than the font sets them overlap, and the page no longer reads as its text",
        ),
        (
            "text\n  | {% if grade.percent > 90 %}with distinction{% endif %}\n",
            "2:11: `grade.percent` is text, as it prints (\"85.5\"), so `>` does not compare it by its value: write `grade.percent | float > …`",
        ),
        (
            "if 50 <= grade.percent\n  rule\n",
            "1:10: `grade.percent` is text, as it prints (\"85.5\"), so `<=` does not compare it by its value: write `… <= grade.percent | float`",
        ),
        (
            "text\n  | Grade: {{ grade }}\n",
            "2:15: `grade` is a group of placeholders, which would print as `{'…': '…'}`: name one of them, grade.percent, grade.letter, grade.status",
        ),
        (
            "for s in signatories\n  text\n    | {{ s | upper }}\n",
            "3:10: `s` is a group of placeholders, which would print as `{'…': '…'}`: name one of them, s.name, s.title",
        ),
        (
            "for s in signatories\n  text\n    | {{ s.name }} {{ s }}\n",
            "3:23: `s` is a group of placeholders, which would print as `{'…': '…'}`: name one of them, s.name, s.title",
        ),
    ];
    let failures: Vec<String> = table
        .iter()
        .filter_map(|(source, expected)| {
            let actual = error_of(source);
            (actual != *expected).then(|| format!("{source:?}\n  expected {expected}\n  actual   {actual}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[track_caller]
pub(super) fn errors_of(source: &str) -> Vec<String> {
    match Template::parse(source) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

/// Checks that each source of `table` is refused with exactly its errors, listing every one
/// that is not.
#[track_caller]
pub(super) fn assert_each_refused_with(table: &[(&str, &[&str])]) {
    let failures: Vec<String> = table
        .iter()
        .filter_map(|(source, expected)| {
            let actual = errors_of(source);
            (actual != *expected).then(|| format!("{source:?}\n  expected {expected:#?}\n  actual   {actual:#?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_mistake_is_reported_once_and_what_follows_from_it_not_at_all() {
    let unknown_txt = "unknown block `txt` (did you mean `text`?)";
    let table: &[(&str, &[&str])] = &[
        // Mistakes in separate blocks, in the structure and in a placeholder, are all found.
        (
            "txt

text
  | hi
  colour: red
text
  | {{ learner.nmae }}
",
            &[
                "1:1: unknown block `txt` (did you mean `text`?)",
                "5:3: `text` has no property `colour` (did you mean `color`?)",
                "7:8: unknown placeholder `learner.nmae` (learner has full_name, username, email)",
            ],
        ),
        // Every mistake within one block: bad values, a key set twice, keys it does not take.
        (
            "text
  size: 12x
  color: #12
  colr: red
  | hi
",
            &[
                "2:9: unknown unit `x` (use pt, mm, cm or in)",
                "3:10: `#12` is not a colour (write `#rrggbb` or `#rgb`)",
                "4:3: `text` has no property `colr` (did you mean `color`?)",
            ],
        ),
        (
            "rule
  color: red
  color: blue
  thickness: -1
",
            &["3:3: `color` is set twice", "4:14: `-1` must not be negative"],
        ),
        (
            "text
  colr: red
",
            &[
                "1:1: this `text` block has no text: add lines starting with `| `",
                "2:3: `text` has no property `colr` (did you mean `color`?)",
            ],
        ),
        // A check across properties waits for their values to be right: a bad `size` read as
        // unset would otherwise make `min-size` too large, and a bad page size the margins.
        (
            "text\n  size: big\n  min-size: 14\n  | hi\n",
            &["2:9: `big` is not a length (write a number with pt, mm, cm or in, e.g. `20mm`)"],
        ),
        (
            "page\n  size: A9\n  margin: 400mm\n",
            &["2:9: unknown page size `A9` (use A3, A4, A5, Letter, Legal or `297mm x 210mm`)"],
        ),
        // A line that cannot be read is set aside: its block is not also said to have no text.
        (
            "text
	| {{ learner.full_name }}
rule
  color: #12
",
            &["2:1: indent with spaces, not tabs", "4:10: `#12` is not a colour (write `#rrggbb` or `#rgb`)"],
        ),
        // So is a line indented with no-break spaces, as a template copied from a web page
        // has them: the rest of its block is read, where the block was said to have no text.
        (
            "text\n\u{A0}\u{A0}top: 36mm\n  size: 38\n  | {{ learner.full_name }}\ntext\n \u{2003}| x\n",
            &[
                "2:1: indent with spaces, not no-break spaces (U+00A0, which text copied from a web page or a word \
                 processor brings)",
                "6:2: indent with spaces, not U+2003 (a space of another kind, which text copied from a web page or \
                 a word processor brings)",
            ],
        ),
        (
            "text
  | a
   | b
  colr: red
txt
",
            &[
                "3:4: unexpected indentation: only a block can have lines indented under it",
                &format!("5:1: {unknown_txt}"),
            ],
        ),
        // What is indented under a misplaced line goes with it.
        (
            "  text
    | a
    colr: red
txt
",
            &["1:3: a top-level block must start at the beginning of the line", &format!("4:1: {unknown_txt}")],
        ),
        // A block's own mistake does not hide those of the blocks inside it.
        (
            "row
  gap: x
  column
    txt
",
            &[
                "2:8: `x` is not a length (write a number with pt, mm, cm or in, e.g. `20mm`)",
                &format!("4:5: {unknown_txt}"),
            ],
        ),
        // The `else` of an `if` with a mistake is not also said to follow no `if`.
        (
            "if
  txt
else
  rule
else
  rule
",
            &[
                "1:3: `if` needs an expression",
                &format!("2:3: {unknown_txt}"),
                "5:1: `else` must directly follow an `if` block",
            ],
        ),
        (
            "rule
else
  rule
",
            &["2:1: `else` must directly follow an `if` block"],
        ),
    ];
    assert_each_refused_with(table);
}

#[test]
fn a_file_of_garbage_has_an_error_a_line() {
    let source = "txt\n".repeat(80);
    let errors = errors_of(&source);
    assert_eq!(errors.len(), 80, "{errors:#?}");
    assert_eq!(errors[79], "80:1: unknown block `txt` (did you mean `text`?)");
}

#[test]
fn a_block_for_every_construct_parses() {
    let source = "page\n  size: Letter\n  orientation: landscape\n  language: fr\n  font: sans\n\ntext\n  top: 1in\n  | {{ certificate.issued_on | date }}\nrow\n  gap: 20\n  for signer in signatories\n    column\n      text\n        | {{ signer.name }}\n";
    let template = Template::parse(source).map_err(|e| e.to_string());
    let template = match template {
        Ok(template) => template,
        Err(error) => panic!("{error}"),
    };
    let page = &template.document.page;
    assert_eq!((page.width_pt, page.height_pt, page.language), (792.0, 612.0, Language::French));
    assert!(matches!(template.document.blocks[1].kind, BlockKind::Row { .. }));
    let output = template.evaluate(&RenderData::example("honor")).map_err(|e| e.to_string());
    let texts: Vec<(u32, String)> =
        super::program::slots(output.as_deref().unwrap_or("")).map(|(id, text)| (id, text.to_string())).collect();
    // The date is a simple text, evaluated without minijinja; the loop goes through the program.
    let date = template.evaluate_simple(0, &RenderData::example("honor")).map(|r| r.map_err(|e| e.to_string()));
    assert_eq!(date, Some(Ok("23 novembre 2026".to_string())));
    assert_eq!(
        texts,
        vec![
            (2, String::new()),
            (4, "Gandalf the Grey".to_string()),
            (2, String::new()),
            (4, "Elrond Half-elven".to_string())
        ]
    );
}

#[test]
fn data_cannot_change_structure_or_style() {
    let mut data = RenderData::example("honor");
    data.learner.full_name = "**Bob** {{ x }}\n| text\u{1E}7\u{1F}".to_string();
    // Through minijinja (a tag makes the text go through the page program) and the fast path.
    let through_program = Template::parse("text\n  | {% if true %}*{{ learner.full_name }}*{% endif %}\n");
    let Ok(through_program) = through_program.map_err(|e| e.to_string()) else { panic!() };
    let output = through_program.evaluate(&data).unwrap_or_default();
    let slots: Vec<(u32, &str)> = super::program::slots(&output).collect();
    assert_eq!(slots.len(), 1);
    let fast = Template::parse("text\n  | *{{ learner.full_name }}*\n").map_err(|e| e.to_string());
    let Ok(fast) = fast else { panic!("{fast:?}") };
    let fast_text = fast.evaluate_simple(0, &data).and_then(Result::ok).unwrap_or_default();
    for evaluated in [slots[0].1, fast_text.as_str()] {
        let styled = super::markup::parse(evaluated);
        assert_eq!(styled.text, "**Bob** {{ x }} | text 7 ");
        assert_eq!(styled.spans.len(), 1, "the whole name is one italic span");
    }
}

#[test]
fn undefined_at_render_time_is_reported_at_its_line() {
    let template = Template::parse("text\n  | a\n\ntext\n  | {{ signatories[5].name }}\n").map_err(|e| e.to_string());
    let Ok(template) = template else { panic!("{template:?}") };
    let error = template.evaluate(&RenderData::example("honor")).map(|_| ()).map_err(|e| e.to_string());
    // minijinja adds the detail after the colon in debug builds only.
    let message = error.expect_err("signatories[5] does not exist");
    assert!(message.starts_with("5:19: undefined value"), "{message}");
}

#[test]
fn simple_texts_evaluate_exactly_as_minijinja_does() {
    use super::model::BlockKind;
    let mut checked = 0;
    for (_, source) in crate::render::defaults::DEFAULTS {
        let template = Template::parse(source).map_err(|e| e.to_string());
        let Ok(template) = template else { panic!("{template:?}") };
        let env = super::program::environment(template.document.page.language);
        let mut names = vec!["**Bob** \\* {{ x }}\u{1E}".to_string()];
        names.extend(crate::render::check::SAMPLE_NAMES.iter().map(|name| name.to_string()));
        for data in crate::render::check::worst_cases(&names, &[]) {
            template.document.walk(|block| {
                let content = match &block.kind {
                    BlockKind::Text(text) => &text.content,
                    BlockKind::Qr(qr) => &qr.content,
                    _ => return,
                };
                let Some(fast) = template.evaluate_simple(block.id, &data) else { return };
                let slow = env
                    .template_from_str(&content.source)
                    .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&data))))
                    .map_err(|e| e.to_string());
                assert_eq!(fast.map_err(|e| e.to_string()).ok(), slow.ok(), "{}", content.source);
                checked += 1;
            });
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn a_text_that_sets_variables_turns_the_fast_path_off() {
    let plain = Template::parse("text\n  | {{ learner.full_name }}\n").map_err(|e| e.to_string());
    let setting =
        Template::parse("text\n  | {%- set x = 1 %}\ntext\n  | {{ learner.full_name }}\n").map_err(|e| e.to_string());
    let (Ok(plain), Ok(setting)) = (plain, setting) else { panic!("both parse") };
    assert!(plain.is_simple(0));
    assert!(!setting.is_simple(1), "`set` could shadow a field, so minijinja evaluates every text");
}

#[test]
fn a_signatory_loop_reads_a_signatorys_fields_and_the_loop() {
    let source =
        "for s in signatories\n  text\n    | {{ s.name }}, {{ s.title }} ({{ loop.index }} of {{ loop.length }})\n";
    let template = Template::parse(source).map_err(|e| e.to_string());
    let Ok(template) = template else { panic!("{template:?}") };
    let slots = template.evaluate(&RenderData::example("honor")).map_err(|e| e.to_string());
    let Ok(output) = slots else { panic!("{slots:?}") };
    assert!(output.contains("Gandalf the Grey, Course Director (1 of 2)"), "{output:?}");
}
