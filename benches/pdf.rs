//! Export benchmark: N realistic certificate pages (shaping included) into one PDF, for
//! N = 1,000 / 10,000 / 100,000. Prints the median of 3 runs, bytes per page and peak RSS.
//! Then times the raster back end on one certificate: the terminal preview (half-blocks at
//! 160 x 48 cells) and a 150-dpi PNG, first use (fontdue parses the faces) and warm.
//! Run with `cargo bench --bench pdf` (add `-- 1000 10000` to choose the counts; set
//! CERTDESK_BENCH_PDF=FILE to keep the last document).

use std::sync::Arc;
use std::time::Instant;

use certdesk::render::halfblock::page_cells;
use certdesk::render::{
    ColorMode, DocInfo, FontBook, ImageSet, Item, Layer, Page, PdfDocument, Rasterizer, Result, Rgb, Stroke, Style,
    Weight, shape_line,
};

const FIRST: [&str; 8] = ["Nguyễn Thị", "Αλέξανδρος", "Жанна", "Zofia", "Çağrı", "Ada", "José María", "Søren"];
const LAST: [&str; 8] =
    ["Minh Khai", "Παπαδόπουλος", "Иванова", "Wróblewska", "Yılmaz", "Lovelace", "Núñez", "Kierkegaard"];
const INK: Rgb = Rgb::new(25, 35, 80);

fn text(book: &FontBook, s: &str, family: &str, weight: Weight, size: f32, at: (f32, f32)) -> Result<Vec<Item>> {
    let face = book
        .resolve(family, weight, Style::Normal)
        .ok_or_else(|| certdesk::render::RenderError::InvalidPage(format!("no family {family}")))?;
    let (shaped, line) = shape_line(book, s, face, size, 0.0)?;
    // Centre on `at.0`, as the layout engine would.
    Ok(line.to_runs(&shaped.text, at.0 - line.width_pt / 2.0, at.1, INK, size).into_iter().map(Item::Text).collect())
}

fn fixed_layer(book: &FontBook) -> Result<Arc<Layer>> {
    let gold = Stroke { width_pt: 2.5, color: Rgb::new(150, 110, 30) };
    let mut items = vec![
        Item::Rect { x_pt: 24.0, y_pt: 24.0, w_pt: 793.89, h_pt: 547.28, fill: None, stroke: Some(gold) },
        Item::Rect {
            x_pt: 32.0,
            y_pt: 32.0,
            w_pt: 777.89,
            h_pt: 531.28,
            fill: None,
            stroke: Some(Stroke { width_pt: 0.8, ..gold }),
        },
    ];
    items.extend(text(book, "Certificate of Achievement", "serif", Weight::Bold, 34.0, (420.9, 130.0))?);
    items.extend(text(book, "This certifies that", "serif", Weight::Regular, 14.0, (420.9, 190.0))?);
    items.extend(text(book, "has successfully completed the course", "serif", Weight::Regular, 14.0, (420.9, 300.0))?);
    items.extend(text(book, "Introduction to Data Science (DS-101)", "serif", Weight::Bold, 20.0, (420.9, 335.0))?);
    items.extend(text(book, "Example University", "sans", Weight::Bold, 12.0, (420.9, 520.0))?);
    for x in [150.0, 540.0] {
        items.push(Item::Line {
            from: (x, 470.0),
            to: (x + 150.0, 470.0),
            stroke: Stroke { width_pt: 0.6, color: INK },
        });
    }
    items.extend(text(book, "Course Director", "sans", Weight::Regular, 10.0, (225.0, 485.0))?);
    items.extend(text(book, "Registrar", "sans", Weight::Regular, 10.0, (615.0, 485.0))?);
    Ok(Arc::new(Layer { items }))
}

fn certificate(book: &FontBook, fixed: &Arc<Layer>, i: usize) -> Result<Page> {
    let mut page = Page::new(841.89, 595.28);
    page.background = Some(Rgb::new(255, 253, 246));
    page.fixed = fixed.clone();
    let name = format!("{} {}", FIRST[i % 8], LAST[(i / 8) % 8]);
    let mut items = text(book, &name, "serif", Weight::Regular, 30.0, (420.9, 250.0))?;
    items.extend(text(
        book,
        &format!("with a final grade of {}%", 60 + i % 41),
        "serif",
        Weight::Regular,
        14.0,
        (420.9, 375.0),
    )?);
    items.extend(text(book, "Verified Certificate", "sans", Weight::Bold, 11.0, (420.9, 400.0))?);
    items.extend(text(
        book,
        &format!("Issued on {} March 2026", 1 + i % 28),
        "sans",
        Weight::Regular,
        10.0,
        (420.9, 420.0),
    )?);
    items.extend(text(
        book,
        &format!("Code {:04X}-{:04X}", (i * 7919) % 65536, (i * 104_729) % 65536),
        "mono",
        Weight::Bold,
        9.0,
        (700.0, 550.0),
    )?);
    items.extend(text(
        book,
        &format!("https://certs.example.edu/v/{:08x}", i * 2_654_435_761 % (1 << 32)),
        "mono",
        Weight::Regular,
        7.0,
        (700.0, 560.0),
    )?);
    page.variable = Layer { items };
    Ok(page)
}

fn export(book: &FontBook, count: usize) -> Result<Vec<u8>> {
    let images = ImageSet::new();
    let info = DocInfo { title: "DS-101 certificates".into(), author: "Example University".into(), date: None };
    let mut doc = PdfDocument::new(book, &images, info);
    let fixed = fixed_layer(book)?;
    for i in 0..count {
        doc.add_page(&certificate(book, &fixed, i)?)?;
    }
    doc.finish()
}

/// Peak resident set size in MB since the last reset, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn median_ms(mut f: impl FnMut() -> Result<()>) -> Result<f64> {
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[2])
}

fn raster(book: &FontBook) -> Result<()> {
    let page = certificate(book, &fixed_layer(book)?, 7)?;
    let mut rasterizer = Rasterizer::new(book.clone(), ImageSet::new());
    let start = Instant::now();
    page_cells(&mut rasterizer, &page, 160, 48, ColorMode::TrueColor)?;
    println!("preview 160x48 cells, first use (parses fonts): {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    let preview = median_ms(|| page_cells(&mut rasterizer, &page, 160, 48, ColorMode::Palette256).map(drop))?;
    println!("preview 160x48 cells, warm: {preview:.2} ms (median of 5)");
    let png = median_ms(|| rasterizer.render(&page, 150.0)?.to_png().map(drop))?;
    println!("150-dpi PNG ({} px wide), warm: {png:.1} ms (median of 5)", (page.width_pt * 150.0 / 72.0).round());
    let cold = median_ms(|| Rasterizer::new(book.clone(), ImageSet::new()).render(&page, 150.0)?.to_png().map(drop))?;
    println!("150-dpi PNG with an empty glyph cache (fonts already parsed): {cold:.1} ms");
    Ok(())
}

fn main() -> Result<()> {
    let counts: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let counts = if counts.is_empty() { vec![1_000, 10_000, 100_000] } else { counts };
    let book = FontBook::new();
    let warm = export(&book, 10)?; // first use parses the faces' tables
    println!("warm-up: {} bytes for 10 pages", warm.len());
    println!("{:>8} {:>10} {:>10} {:>12} {:>12}", "pages", "median ms", "us/page", "bytes/page", "peak RSS MB");
    for count in counts {
        // Reset the peak-RSS counter so each count reports its own peak (Linux >= 4.0).
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let pdf = export(&book, count)?;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            size = pdf.len();
        }
        times.sort_by(f64::total_cmp);
        let median = times[1];
        if let Ok(path) = std::env::var("CERTDESK_BENCH_PDF") {
            std::fs::write(&path, export(&book, count)?)?; // to check the big document with qpdf & co.
        }
        let rss = peak_rss_mb().map_or("n/a".to_owned(), |mb| format!("{mb:.1}"));
        println!(
            "{count:>8} {median:>10.1} {:>10.2} {:>12.0} {rss:>12}",
            median * 1000.0 / count as f64,
            size as f64 / count as f64
        );
    }
    raster(&book)
}
