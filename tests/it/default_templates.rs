//! The default templates end to end: golden PDFs in the uncompressed debug mode (regenerate with
//! `UPDATE_GOLDEN=1`), text extracted exactly by pdftotext, and previews to look at
//! (`PREVIEW_DIR=/tmp/p cargo test --test it default_templates`).

use std::path::{Path, PathBuf};
use std::process::Command;

use certdesk::render::data::RenderData;
use certdesk::render::defaults::DEFAULTS;
use certdesk::render::layout::Renderer;
use certdesk::render::template::Template;
use certdesk::render::{DocInfo, FontBook, ImageSet, PdfDocument, PdfOptions};

fn pdf(source: &str, pages: &[RenderData], options: PdfOptions) -> Vec<u8> {
    let fonts = FontBook::new();
    let images = ImageSet::new();
    let template = Template::parse(source).unwrap_or_else(|errors| panic!("{errors}"));
    let renderer = Renderer::new(template, &fonts, &images).unwrap_or_else(|error| panic!("{error}"));
    let info = DocInfo {
        title: "Certificates".into(),
        author: "University of Minas Tirith".into(),
        date: Some((2026, 11, 23)),
    };
    let mut document = PdfDocument::with_options(&fonts, &images, info, options);
    for data in pages {
        let (page, diagnostics) = renderer.render_page(data).unwrap_or_else(|error| panic!("{error}"));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        document.add_page(&page).unwrap_or_else(|error| panic!("{error}"));
    }
    document.finish().unwrap_or_else(|error| panic!("{error}"))
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(format!("{name}.pdf"))
}

#[test]
fn default_templates_match_their_golden_pdfs() {
    for (name, source) in DEFAULTS {
        let bytes = pdf(source, &[RenderData::example(name)], PdfOptions::debug());
        let path = golden_path(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &bytes).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            continue;
        }
        let golden = std::fs::read(&path)
            .unwrap_or_else(|error| panic!("{}: {error} (run with UPDATE_GOLDEN=1)", path.display()));
        assert!(
            golden == bytes,
            "{name}.pdf differs from {}; if the change is intended, run with UPDATE_GOLDEN=1",
            path.display()
        );
    }
}

#[test]
fn write_previews_when_asked() {
    let Some(dir) = std::env::var_os("PREVIEW_DIR") else { return };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    for (name, source) in DEFAULTS {
        let mut long = RenderData::example(name);
        long.learner.full_name = certdesk::render::check::long_name(120);
        long.grade = certdesk::render::data::GradeData {
            percent: "85.0".into(),
            letter: "".into(),
            status: "provisional".into(),
        };
        let mut greek = RenderData::example(name);
        greek.learner.full_name = "Γιώργος Κωνσταντινίδης".into();
        let bytes = pdf(source, &[RenderData::example(name), long, greek], PdfOptions::default());
        std::fs::write(dir.join(format!("{name}.pdf")), bytes).unwrap_or_else(|error| panic!("{error}"));
        let status = Command::new("pdftoppm")
            .args(["-r", "60", "-png"])
            .arg(dir.join(format!("{name}.pdf")))
            .arg(dir.join(name))
            .status();
        assert!(status.is_ok_and(|s| s.success()));
    }
}

fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::ALPHA | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap_or_else(|error| panic!("{error}"));
    let mut buffer = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader.next_frame(&mut buffer).unwrap_or_else(|error| panic!("{error}"));
    buffer.truncate(info.buffer_size());
    let rgba = match info.color_type {
        png::ColorType::Rgba => buffer,
        png::ColorType::GrayscaleAlpha => buffer.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        other => panic!("unexpected colour type {other:?}"),
    };
    (info.width, info.height, rgba)
}

/// The honor template drawn by pdftoppm at 40 dpi matches the stored picture: the mean channel
/// difference stays under 1.5 and under 0.5% of the pixels differ by more than a quarter.
#[test]
fn honor_preview_matches_the_stored_picture() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let pdf_path = dir.path().join("honor.pdf");
    std::fs::write(&pdf_path, pdf(DEFAULTS[0].1, &[RenderData::example("honor")], PdfOptions::default()))
        .unwrap_or_else(|error| panic!("{error}"));
    let out = dir.path().join("honor");
    let status = Command::new("pdftoppm").args(["-r", "40", "-png", "-singlefile"]).arg(&pdf_path).arg(&out).status();
    assert!(status.is_ok_and(|s| s.success()), "pdftoppm (poppler-utils) must be installed: scripts/test installs it");
    let actual = std::fs::read(out.with_extension("png")).unwrap_or_else(|error| panic!("{error}"));
    compare_with_stored(&actual, "honor-40dpi.png");
}

/// The complete example in the README's "Template language" section parses, checks clean and renders.
#[test]
fn the_readme_example_checks_clean() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .unwrap_or_else(|error| panic!("{error}"));
    let example = readme.split("### A complete example").nth(1).unwrap_or_else(|| panic!("no example in the README"));
    let source: String =
        example.split("```").nth(1).unwrap_or_default().lines().skip(1).map(|line| format!("{line}\n")).collect();
    let diagnostics = certdesk::render::check::check(&source, &[], &[], &FontBook::new(), &ImageSet::new());
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let mut data = RenderData::example("verified");
    data.grade.letter = "A".into();
    let bytes = pdf(&source, &[data], PdfOptions::default());
    if let Some(dir) = std::env::var_os("PREVIEW_DIR") {
        std::fs::write(PathBuf::from(dir).join("readme-example.pdf"), bytes).unwrap_or_else(|error| panic!("{error}"));
    }
}

/// The verified template drawn by the engine's own rasterizer (what the terminal preview shows)
/// at 40 dpi matches the stored picture within the same tolerance as above.
#[test]
fn verified_raster_preview_matches_the_stored_picture() {
    let fonts = FontBook::new();
    let images = ImageSet::new();
    let template = Template::parse(DEFAULTS[1].1).unwrap_or_else(|errors| panic!("{errors}"));
    let renderer = Renderer::new(template, &fonts, &images).unwrap_or_else(|error| panic!("{error}"));
    let (page, _) = renderer.render_page(&RenderData::example("verified")).unwrap_or_else(|error| panic!("{error}"));
    let mut rasterizer = certdesk::render::Rasterizer::new(fonts, images);
    let picture = rasterizer.render(&page, 40.0).unwrap_or_else(|error| panic!("{error}"));
    let actual = picture.to_png().unwrap_or_else(|error| panic!("{error}"));
    if let Some(dir) = std::env::var_os("PREVIEW_DIR") {
        std::fs::write(PathBuf::from(dir).join("verified-raster.png"), &actual)
            .unwrap_or_else(|error| panic!("{error}"));
    }
    compare_with_stored(&actual, "verified-raster-40dpi.png");
}

fn compare_with_stored(actual: &[u8], stored_name: &str) {
    let stored_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(stored_name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&stored_path, actual).unwrap_or_else(|error| panic!("{error}"));
        return;
    }
    let stored = std::fs::read(&stored_path).unwrap_or_else(|error| panic!("{}: {error}", stored_path.display()));
    let (aw, ah, a) = decode_png(actual);
    let (sw, sh, s) = decode_png(&stored);
    assert_eq!((aw, ah), (sw, sh), "picture size changed");
    let differences: u64 = a.iter().zip(&s).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    let mean = differences as f64 / a.len() as f64;
    let far = a
        .chunks_exact(4)
        .zip(s.chunks_exact(4))
        .filter(|(p, q)| p.iter().zip(*q).any(|(x, y)| x.abs_diff(*y) > 64))
        .count();
    let far_share = far as f64 / (aw * ah) as f64;
    assert!(
        mean < 1.5 && far_share < 0.005,
        "{stored_name}: mean {mean:.2}, {:.2}% of pixels far off",
        far_share * 100.0
    );
}

/// What zbarimg (zbar-tools, installed by scripts/test) reads from each page of `pdf`, drawn by
/// pdftoppm at `dpi`.
fn scanned_codes(pdf: &[u8], dpi: u32) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let pdf_path = dir.path().join("codes.pdf");
    std::fs::write(&pdf_path, pdf).unwrap_or_else(|error| panic!("{error}"));
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png"])
        .arg(&pdf_path)
        .arg(dir.path().join("page"))
        .status();
    assert!(status.is_ok_and(|s| s.success()), "pdftoppm (poppler-utils) must be installed");
    let mut pictures: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|error| panic!("{error}"))
        .map(|entry| entry.unwrap_or_else(|error| panic!("{error}")).path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "png"))
        .collect();
    pictures.sort();
    pictures
        .iter()
        .map(|picture| {
            let output = Command::new("zbarimg").args(["--quiet", "--raw"]).arg(picture).output();
            let output = output.unwrap_or_else(|error| panic!("zbarimg (zbar-tools) must be installed: {error}"));
            String::from_utf8_lossy(&output.stdout).trim().to_string()
        })
        .collect()
}

/// Every QR code of both templates, drawn as a 1-bit image, scans back to its certificate's
/// verification URL with a decoder nobody here wrote, at 150 dpi and at 300.
#[test]
fn qr_codes_scan_back_to_their_verification_urls() {
    for (name, source) in DEFAULTS {
        let pages: Vec<RenderData> = ["K7QF-M2XD-9HTA", "ZZ99-AB12-CD34", "2345-6789-ABCD"]
            .iter()
            .map(|code| {
                let mut data = RenderData::example(name);
                data.certificate.code = code.to_string();
                data.certificate.verify_url = format!("https://certs.example.org/verify/{code}");
                data
            })
            .collect();
        let expected: Vec<String> = pages.iter().map(|data| data.certificate.verify_url.clone()).collect();
        let bytes = pdf(source, &pages, PdfOptions::default());
        assert_eq!(inline_masks(&bytes), pages.len(), "one inline 1-bit mask a code");
        for dpi in [150, 300] {
            assert_eq!(scanned_codes(&bytes, dpi), expected, "{name} at {dpi} dpi");
        }
    }
}

/// How many inline image masks (stencils, in poppler's words) `pdf` draws, by `pdfimages`.
fn inline_masks(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = dir.path().join("codes.pdf");
    std::fs::write(&path, pdf).unwrap_or_else(|error| panic!("{error}"));
    let output = Command::new("pdfimages").arg("-list").arg(&path).output();
    let output = output.unwrap_or_else(|error| panic!("pdfimages (poppler-utils) must be installed: {error}"));
    let listing = String::from_utf8_lossy(&output.stdout);
    listing.lines().filter(|line| line.contains(" stencil ") && line.contains("[inline]")).count()
}

/// The text poppler reads from `pdf`.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("page.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = Command::new("pdftotext").arg(&path).arg("-").output().expect("run pdftotext");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn the_verified_certificate_says_the_course_ended_only_once_it_has() {
    let verified = DEFAULTS.iter().find(|(name, _)| *name == "verified").expect("verified").1;
    let mut data = RenderData::example("verified");
    // The example's course ends 2027-01-31, after the certificate's 2026-11-23.
    let running = pdf_text(&pdf(verified, &[data.clone()], PdfOptions::default()));
    assert!(running.contains("Issued 23 November 2026") && !running.contains("Course ended"), "{running}");
    data.course.ends = "2026-06-30T23:59:59Z".into();
    let ended = pdf_text(&pdf(verified, &[data], PdfOptions::default()));
    assert!(ended.contains("Course ended 30 June 2026 · Issued 23 November 2026"), "{ended}");
}

/// The default templates' letter-spaced lines (the institution, the mode, the ribbon) extract as
/// their words, not as letters with spaces between them.
#[test]
fn letter_spaced_lines_extract_as_their_words() {
    for (name, source) in DEFAULTS {
        let data = RenderData::example(name);
        let text = pdf_text(&pdf(source, std::slice::from_ref(&data), PdfOptions::default()));
        let institution = data.course.institution.to_uppercase();
        assert!(text.contains(&institution), "{name}: {institution:?} not in {text}");
        // honor prints its mode in capitals, spaced; verified has a spaced ribbon instead.
        let spaced = if name == "honor" { "HONOR CODE CERTIFICATE\n" } else { "VERIFIED\n" };
        assert!(text.contains(spaced), "{name}: {spaced:?} not in {text}");
    }
}
