//! certdesk's shaping against HarfBuzz itself: for the name of every script in the world
//! fixture, each run's glyph ids, clusters and advances must equal what `hb-shape` (Debian's
//! libharfbuzz-bin, installed by scripts/test) gives on the same font file with the same
//! direction, script, language and context.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use super::*;
use crate::render::fonts::{Style, Weight};

const ROSTER: &str = include_str!("../../../tests/fixtures/world/roster.csv");

/// Names the fixture lacks: a lam-alef, a shadda on a last letter and Arabic digits, Hebrew
/// points, a reph, Tamil two-part vowels, Thai marks above and below, and scripts mixed in one
/// name (both directions, and a CJK name with a Latin nickname).
const MORE: [&str; 9] = [
    "مُحَمَّد عبد الله السلاميّ ٣",
    "لانا الأمين",
    "שָׁלוֹם כֹּהֵן",
    "श्री अर्जुन क्षत्रिय",
    "রবীন্দ্রনাথ ঠাকুর শর্মা",
    "கொற்றவை கிருஷ்ணமூர்த்தி",
    "สุรัตน์ชัยศรีพงษ์ปิ่นทิพย์",
    "Omar عمر Khan",
    "李小龍 (Bruce Lee)",
];

/// The fixture's names and `MORE`, each in NFC (as shaping sees them).
fn names() -> Vec<String> {
    let fixture = ROSTER.lines().skip(1).filter_map(|line| line.split(',').nth(1));
    fixture.chain(MORE).map(str::to_string).collect()
}

#[derive(Debug, PartialEq)]
struct Shaped1 {
    glyph: u16,
    cluster: u32,
    advance: i32,
    x_offset: i32,
    y_offset: i32,
}

/// `hb-shape`'s glyphs for `text` (with `before`/`after` as context), in font units.
fn hb_shape(font: &PathBuf, index: u32, text: &str, before: &str, after: &str, run: &Run) -> Vec<Shaped1> {
    let script = run.script.tag().to_string();
    let output = Command::new("hb-shape")
        .arg(font)
        .arg(text)
        .args(["--no-glyph-names", "--utf8-clusters", "--output-format=json", "--language=en"])
        .arg(format!("--face-index={index}"))
        .arg(format!("--direction={}", if run.is_rtl() { "rtl" } else { "ltr" }))
        .arg(format!("--script={}", script.trim()))
        .arg(format!("--text-before={before}"))
        .arg(format!("--text-after={after}"))
        .args(["--remove-default-ignorables"])
        .args(before.is_empty().then_some("--bot"))
        .args(after.is_empty().then_some("--eot"))
        .output()
        .expect("hb-shape (Debian package libharfbuzz-bin; scripts/test installs it)");
    assert!(output.status.success(), "hb-shape: {}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("hb-shape json");
    let number = |value: &serde_json::Value, key: &str| value[key].as_i64().expect("number");
    json.as_array()
        .expect("glyphs")
        .iter()
        .map(|g| Shaped1 {
            glyph: number(g, "g") as u16,
            cluster: number(g, "cl") as u32,
            advance: number(g, "ax") as i32,
            x_offset: number(g, "dx") as i32,
            y_offset: number(g, "dy") as i32,
        })
        .collect()
}

#[test]
fn every_script_shapes_exactly_as_harfbuzz_does() {
    let book = FontBook::new();
    let serif = book.resolve("serif", Weight::Regular, Style::Normal).expect("serif");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files: HashMap<FaceId, PathBuf> = HashMap::new();
    let language = Language::new("en");
    let mut compared = 0;
    for name in names() {
        let shaped =
            shape(&book, &name, &[Span { range: 0..name.len(), face: serif }], Some(&language)).expect("shape");
        assert!(shaped.missing.is_empty(), "{name}: {:?}", shaped.missing);
        for run in &shaped.runs {
            let face = book.face(run.face).expect("face");
            let file = files.entry(run.face).or_insert_with(|| {
                let path = dir.path().join(format!("face-{}.font", run.face.0));
                std::fs::write(&path, face.bytes()).expect("write font");
                path
            });
            let text = &shaped.text[run.range.clone()];
            let before: String = {
                let mut chars: Vec<char> = shaped.text[..run.range.start].chars().rev().take(5).collect();
                chars.reverse();
                chars.into_iter().collect()
            };
            let after: String = shaped.text[run.range.end..].chars().take(5).collect();
            let expected = hb_shape(file, face.collection_index(), text, &before, &after, run);
            let units = face.metrics().units_per_em as f32;
            let ours: Vec<Shaped1> = shaped.glyphs[run.glyphs.clone()]
                .iter()
                .map(|g| Shaped1 {
                    glyph: g.id,
                    cluster: g.cluster - run.range.start as u32,
                    advance: (g.advance * units).round() as i32,
                    x_offset: (g.x_offset * units).round() as i32,
                    y_offset: (g.y_offset * units).round() as i32,
                })
                .collect();
            assert_eq!(ours, expected, "{name:?}, run {text:?} in {}", face.postscript_name());
            compared += 1;
        }
    }
    assert!(compared >= names().len(), "every name was compared");
}
