//! Layout invariants against the embedded DejaVu fonts: no line wider than its box, shrink to
//! fit really fits, centred text is centred; flow, rows and the fixed/variable split.

use super::flow::limits::{MAX_BLOCKS, MAX_TEXT_CHARS};
use super::{Renderer, Severity};
use crate::render::data::RenderData;
use crate::render::page::{Item, Page};
use crate::render::template::Template;
use crate::render::{FontBook, ImageSet};

#[track_caller]
fn renderer(source: &str) -> Renderer {
    let template = match Template::parse(source) {
        Ok(template) => template,
        Err(errors) => panic!("{errors}"),
    };
    match Renderer::new(template, &FontBook::new(), &ImageSet::new()) {
        Ok(renderer) => renderer,
        Err(error) => panic!("{error}"),
    }
}

#[track_caller]
fn page(renderer: &Renderer, name: &str) -> (Page, Vec<String>) {
    let mut data = RenderData::example("honor");
    data.learner.full_name = name.to_string();
    match renderer.render_page(&data) {
        Ok((page, diagnostics)) => (page, diagnostics.iter().map(ToString::to_string).collect()),
        Err(error) => panic!("{error}"),
    }
}

/// Every text line on the page as (baseline, left edge, right edge, size), fixed layer first.
pub(crate) fn lines(page: &Page) -> Vec<(f32, f32, f32, f32)> {
    let mut lines: Vec<(f32, f32, f32, f32)> = Vec::new();
    for item in page.items() {
        let Item::Text(run) = item else { continue };
        let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else { continue };
        let (left, right) = (run.x_pt + first.x_pt, run.x_pt + last.x_pt + last.advance_pt);
        match lines.iter_mut().find(|line| (line.0 - run.baseline_pt).abs() < 0.001) {
            Some(line) => {
                line.1 = line.1.min(left);
                line.2 = line.2.max(right);
            }
            None => lines.push((run.baseline_pt, left, right, run.size_pt)),
        }
    }
    lines
}

const BOX: &str = "page\n  size: 400pt x 300pt\n  margin: 50pt\n\ntext\n  top: 40\n  size: 20\n";

#[test]
fn no_line_is_wider_than_its_box() {
    let texts = [
        "A long paragraph of ordinary words that must wrap several times inside a narrow box without overflowing.",
        "Supercalifragilisticexpialidocious-and-then-some-more-without-any-space-at-all",
        "Nguyễn Thị Ngọc Lan, Κωνσταντινίδης Γεωργίου, Кузнецов Алексей, Żółć Wiśniewski, Öztürk Çağrı",
    ];
    for align in ["left", "center", "right"] {
        for text in texts {
            let r = renderer(&format!("{BOX}  align: {align}\n  letter-spacing: 1\n  | {text}\n"));
            let (page, _) = page(&r, "x");
            let lines = lines(&page);
            assert!(lines.len() > 1, "{text:?} should wrap");
            for (_, left, right, _) in lines {
                assert!(
                    left >= 50.0 - 0.01 && right <= 350.0 + 0.01,
                    "{align} {text:?}: line {left}..{right} leaves 50..350"
                );
            }
        }
    }
}

#[test]
fn shrink_to_fit_really_fits_on_one_line() {
    let r = renderer(&format!("{BOX}  fit: shrink\n  min-size: 6\n  | {{{{ learner.full_name }}}}\n"));
    for name in ["Bilbo", "Maximiliana Wilhelmina Theodora von Hohenzollern-Sigmaringen", "Thị Ngọc Lan Nguyễn"] {
        let (page, diagnostics) = page(&r, name);
        assert_eq!(diagnostics, Vec::<String>::new());
        let lines = lines(&page);
        assert_eq!(lines.len(), 1, "{name:?} must stay on one line");
        let (_, left, right, size) = lines[0];
        assert!(left >= 50.0 - 0.01 && right <= 350.0 + 0.01, "{name:?}: {left}..{right}");
        assert!((6.0..=20.0).contains(&size));
        if name.len() > 30 {
            assert!(
                size < 20.0 && right - left > 290.0,
                "{name:?} is shrunk just enough: {size}pt, {}pt wide",
                right - left
            );
        }
    }
}

#[test]
fn a_name_that_fits_at_no_size_is_a_diagnostic_not_an_overflow() {
    let r = renderer(&format!("{BOX}  fit: shrink\n  min-size: 16\n  | {{{{ learner.full_name }}}}\n"));
    let (page, diagnostics) = page(&r, &"Wolfeschlegelsteinhausenbergerdorff ".repeat(3));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].starts_with("10:5: text is wider than its box even at 16.0pt"), "{diagnostics:?}");
    for (_, left, right, _) in lines(&page) {
        assert!(left >= 50.0 - 0.01 && right <= 350.0 + 0.01);
    }
    let (page, diagnostics) = self::page(&r, &"Bilbo Baggins ".repeat(6));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].starts_with("10:5: text needs 3 lines at 16.0pt but has room for 1"), "{diagnostics:?}");
    for (_, left, right, _) in lines(&page) {
        assert!(left >= 50.0 - 0.01 && right <= 350.0 + 0.01);
    }
}

#[test]
fn a_text_with_a_height_and_no_shrink_may_not_run_past_its_box() {
    let r = renderer(&format!("{BOX}  width: 150\n  height: 30\n  | {{{{ learner.full_name }}}}\n"));
    let (_, diagnostics) = page(&r, "Bilbo Baggins");
    assert_eq!(diagnostics, Vec::<String>::new(), "one line fits in 30pt");
    let (_, diagnostics) = page(&r, &"Bilbo Baggins ".repeat(6));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].starts_with("10:5: text needs 6 lines at 20.0pt but has room for 1"), "{diagnostics:?}");
}

#[test]
fn a_word_that_may_be_cut_is_reported_for_its_lines_not_its_width() {
    let r =
        renderer(&format!("{BOX}  fit: shrink\n  min-size: 16\n  break: anywhere\n  | {{{{ learner.full_name }}}}\n"));
    let (_, diagnostics) = page(&r, &"W".repeat(120));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].starts_with("11:5: text needs 7 lines at 16.0pt but has room for 1"), "{diagnostics:?}");
}

#[test]
fn centred_text_is_centred() {
    for text in ["Certificate", "Ωμέγα Ünïcödé", "W. A. Mozart", "i"] {
        let r = renderer(&format!("{BOX}  align: center\n  letter-spacing: 2.5\n  | {text}\n"));
        let (page, _) = page(&r, "x");
        let (_, left, right, _) = lines(&page)[0];
        assert!(((left - 50.0) - (350.0 - right)).abs() < 0.01, "{text:?}: gaps {} and {}", left - 50.0, 350.0 - right);
    }
}

#[test]
fn fixed_blocks_go_into_a_shared_layer_and_placeholders_into_the_variable_one() {
    let source = "text\n  | Fixed heading\ntext\n  fit: shrink\n  min-size: 8\n  | {{ learner.full_name }}\ntext\n  | Fixed after a reserved line\ntext\n  | {{ course.title }}\ntext\n  | Moves with the text above\n";
    let r = renderer(source);
    let (first, _) = page(&r, "Bilbo Baggins");
    let (second, _) = page(&r, "Frodo");
    assert!(std::sync::Arc::ptr_eq(&first.fixed, &second.fixed));
    let fixed_text: Vec<&str> = first
        .fixed
        .items
        .iter()
        .filter_map(|item| if let Item::Text(run) = item { Some(run.text.as_str()) } else { None })
        .collect();
    // The course title is course-level: in the fixed layer, shared by the pages of one course.
    assert_eq!(fixed_text, vec!["Fixed heading", "Fixed after a reserved line", "Cartography of Middle-earth"]);
    let variable_text: Vec<&str> = first
        .variable
        .items
        .iter()
        .filter_map(|item| if let Item::Text(run) = item { Some(run.text.as_str()) } else { None })
        .collect();
    assert_eq!(variable_text, vec!["Bilbo Baggins", "Moves with the text above"]);
    let mut other_course = RenderData::example("honor");
    other_course.course.title = "Elvish for Beginners".into();
    let (third, _) = r.render_page(&other_course).unwrap_or_else(|e| panic!("{e}"));
    assert!(!std::sync::Arc::ptr_eq(&first.fixed, &third.fixed));
    assert_eq!(
        lines(&first),
        lines(
            &renderer(source)
                .render_page(&{
                    let mut data = RenderData::example("honor");
                    data.learner.full_name = "Bilbo Baggins".into();
                    data
                })
                .map(|(page, _)| page)
                .unwrap_or_else(|e| panic!("{e}"))
        )
    );
}

#[test]
fn a_comment_is_not_printed_whether_or_not_its_text_has_a_placeholder() {
    let r = renderer("text\n  | Fixed {# a note #}heading\ntext\n  | {# who #}{{ learner.full_name }}\n");
    let (page, _) = page(&r, "Bilbo Baggins");
    let texts: Vec<&str> = page
        .fixed
        .items
        .iter()
        .chain(&page.variable.items)
        .filter_map(|item| if let Item::Text(run) = item { Some(run.text.as_str()) } else { None })
        .collect();
    assert_eq!(texts, vec!["Fixed heading", "Bilbo Baggins"]);
}

#[test]
fn rows_put_columns_side_by_side_and_if_chooses_a_branch() {
    let source = "page\n  size: 600pt x 400pt\n  margin: 50pt\nrow\n  top: 100\n  gap: 20\n  for signer in signatories\n    column\n      rule\n      text\n        align: left\n        | {{ signer.name }}\nif certificate.mode == \"verified\"\n  text\n    | VERIFIED\nelse\n  text\n    | HONOR\n";
    let r = renderer(source);
    let (page, diagnostics) = page(&r, "x");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let texts: Vec<(String, f32)> = page
        .fixed
        .items
        .iter()
        .chain(&page.variable.items)
        .filter_map(|item| if let Item::Text(run) = item { Some((run.text.clone(), run.x_pt)) } else { None })
        .collect();
    assert_eq!(
        texts.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        vec!["Gandalf the Grey", "Elrond Half-elven", "HONOR"]
    );
    // Two columns of (500 - 20) / 2 = 240pt: the second starts at 50 + 240 + 20.
    assert!((texts[0].1 - 50.0).abs() < 0.01 && (texts[1].1 - 310.0).abs() < 0.01, "{texts:?}");
}

#[test]
fn missing_glyphs_and_images_are_reported_at_their_line() {
    let r = renderer("text\n  | {{ learner.full_name }}\nimage \"logo\"\n  width: 20mm\n");
    let (_, diagnostics) = page(&r, "Ashoka अशोक \u{13000}");
    assert_eq!(diagnostics[0], "2:5: no font can draw '\u{13000}' (U+13000)");
    // Text is quoted as it reads: a virama is a virama, not `\u{94d}`.
    assert_eq!(super::quoted("हिन्दी \"x\"\n"), "\"हिन्दी \\\"x\\\"\\n\"");
    assert!(
        diagnostics.iter().any(|d| d == "3:1: there is no image called \"logo\"; add it with `certdesk image add`"),
        "{diagnostics:?}"
    );
    let _ = Severity::Error;
}

#[test]
fn images_keep_their_aspect_ratio_and_a_renderer_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Renderer>();
    let mut images = ImageSet::new();
    let image = crate::render::Image::from_rgba(40, 20, vec![0; 40 * 20 * 4]).unwrap_or_else(|error| panic!("{error}"));
    images.insert("logo", image);
    let template = Template::parse(
        "image \"logo\"\n  top: 10\n  left: 30\n  width: 100\nimage \"logo\"\n  top: 200\n  height: 30\n  width: 30\n",
    )
    .unwrap_or_else(|errors| panic!("{errors}"));
    let renderer = Renderer::new(template, &FontBook::new(), &images).unwrap_or_else(|error| panic!("{error}"));
    let (page, diagnostics) =
        renderer.render_page(&RenderData::example("honor")).unwrap_or_else(|error| panic!("{error}"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let boxes: Vec<(f32, f32, f32, f32)> = page
        .fixed
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Image { x_pt, y_pt, w_pt, h_pt, .. } => Some((*x_pt, *y_pt, *w_pt, *h_pt)),
            _ => None,
        })
        .collect();
    // 100 wide → 50 high at (30, 10); in a 30 x 30 box → 30 x 15, centred vertically and on the page.
    let centre = 595.276 / 2.0;
    assert_eq!(boxes.len(), 2);
    assert_eq!(boxes[0], (30.0, 10.0, 100.0, 50.0));
    assert!(
        (boxes[1].0 - (centre - 15.0)).abs() < 0.01
            && (boxes[1].1 - 207.5).abs() < 0.01
            && boxes[1].2 == 30.0
            && boxes[1].3 == 15.0,
        "{boxes:?}"
    );
}

/// An image given only a height, and a QR code of the default size, have their left or right
/// edge where `left` or `right` says, not centred in the room beyond it.
#[test]
fn an_image_sized_by_its_height_and_a_qr_code_stand_at_their_left_or_right_edge() {
    let mut images = ImageSet::new();
    let image = crate::render::Image::from_rgba(64, 32, vec![0; 64 * 32 * 4]).unwrap_or_else(|error| panic!("{error}"));
    images.insert("logo", image);
    let template = Template::parse(
        "image \"logo\"\n  top: 40\n  left: 45\n  height: 20\n\
         image \"logo\"\n  top: 40\n  right: 45\n  height: 20\n\
         qr\n  top: 100\n  left: 45\n\
         qr\n  top: 100\n  right: 45\n",
    )
    .unwrap_or_else(|errors| panic!("{errors}"));
    let renderer = Renderer::new(template, &FontBook::new(), &images).unwrap_or_else(|error| panic!("{error}"));
    let (page, diagnostics) =
        renderer.render_page(&RenderData::example("honor")).unwrap_or_else(|error| panic!("{error}"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let items = page.items();
    let spans = |qr: bool| -> Vec<(f32, f32)> {
        let mut spans: Vec<(f32, f32)> = items
            .clone()
            .filter_map(|item| match item {
                Item::Image { x_pt, w_pt, .. } if !qr => Some((*x_pt, *w_pt)),
                Item::Modules(grid) if qr => Some((grid.x_pt, grid.module_pt * f32::from(grid.size))),
                _ => None,
            })
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        spans
    };
    let right_at = 595.276 - 45.0;
    // 64 x 32 pixels at 20 pt high: 40 pt wide. The QR code: 72 pt.
    for (qr, width) in [(false, 40.0), (true, 72.0)] {
        let spans = spans(qr);
        assert_eq!(spans.len(), 2, "{spans:?}");
        let [(left, left_w), (right, right_w)] = [spans[0], spans[1]];
        assert!((left - 45.0).abs() < 0.01 && (left_w - width).abs() < 0.01, "{spans:?}");
        assert!((right + right_w - right_at).abs() < 0.01 && (right_w - width).abs() < 0.01, "{spans:?}");
    }
}

#[test]
fn max_lines_without_a_height_leaves_a_one_line_text_where_it_was() {
    let title = "text\n  top: 100pt\n  size: 20\n  fit: shrink\n  min-size: 8\n";
    let below = "text\n  top: 140pt\n  | with a final grade\n";
    let baseline = |extra: &str, name: &str| {
        let source = format!("{title}{extra}  | {{{{ learner.full_name }}}}\n{below}");
        let (page, diagnostics) = page(&renderer(&source), name);
        let first = lines(&page).iter().map(|line| line.0).fold(f32::INFINITY, f32::min);
        (first, diagnostics)
    };
    let (one_line, _) = baseline("", "Short Title");
    let (with_max_lines, diagnostics) = baseline("  max-lines: 3\n", "Short Title");
    assert!((one_line - with_max_lines).abs() < 0.01, "{one_line} then {with_max_lines}");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    // Three lines at 20pt do reach the text below: that is reported, at the title's block.
    let long = "A Title Long Enough To Need Three Lines At Twenty Points In This Box, Or Even Longer Still";
    let (_, diagnostics) = baseline("  max-lines: 3\n", long);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.starts_with("1:1: the text runs") && d.contains("into the text of line 8 below it")),
        "{diagnostics:?}"
    );
}

#[test]
fn a_page_of_too_many_blocks_or_too_long_a_text_is_refused_at_its_line() {
    let data = RenderData::example("honor");
    let refusal = |source: &str| match renderer(source).render_page(&data) {
        Ok(_) => None,
        Err(error) => Some(error.to_string()),
    };
    let repeated = |times: usize| format!("for i in range({times})\n  text\n    | {{{{ i }}}}\n");
    assert_eq!(refusal(&repeated(MAX_BLOCKS)), None, "as many as may be");
    assert_eq!(
        refusal(&repeated(MAX_BLOCKS + 1)).as_deref(),
        Some(
            "2:3: this is block number 1001 of the page (a `for` counts its blocks each time it repeats them): a certificate lays out at most 1000 blocks"
        )
    );
    let long = |times: usize| format!("text\n  size: 4\n  | {{% for i in range({times}) %}}ab {{% endfor %}}x\n");
    assert_eq!(refusal(&long(MAX_TEXT_CHARS / 3)).as_deref(), None, "just under the most a text prints");
    assert_eq!(
        refusal(&long(MAX_TEXT_CHARS / 3 + 1)).as_deref(),
        Some("3:5: the text comes to 20002 characters on this certificate; a text prints at most 20000")
    );
    let written = format!("text\n  | {}\n", "é".repeat(MAX_TEXT_CHARS + 1));
    assert!(refusal(&written).is_some_and(|error| error.contains("comes to 20001 characters")), "written out, too");
}

/// A placed row of signatories was not looked at: the flow's text could run over a signatory's
/// name and `template check` said nothing. The texts of a row's columns count as texts.
#[test]
fn a_text_that_runs_into_a_placed_rows_texts_is_an_error_at_its_line() {
    let page_of = |lines: usize| {
        let flow = "Completed with distinction. ".repeat(lines * 4);
        let source = format!(
            "page\n  flow: top\ntext\n  size: 16\n  | {flow}\nrow\n  bottom: 30mm\n  column\n    text\n      size: 12\n      | Gandalf the Grey\n  column\n    text\n      | Director\n"
        );
        page(&renderer(&source), "Bilbo Baggins").1
    };
    assert!(page_of(2).is_empty(), "{:?}", page_of(2));
    let diagnostics = page_of(40);
    let into_row: Vec<_> = diagnostics.iter().filter(|d| d.contains("into the text of line")).collect();
    assert_eq!(into_row.len(), 1, "{diagnostics:?}");
    assert!(into_row[0].starts_with("3:1: the text runs"), "{diagnostics:?}");
    assert!(into_row[0].contains("into the text of line 9 below it"), "{diagnostics:?}");
}
