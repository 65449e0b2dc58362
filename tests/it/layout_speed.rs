//! Per-page layout time of the default templates (run in release):
//! `cargo test --release --test it layout_speed -- --ignored --nocapture`.

use std::time::Instant;

use certdesk::render::data::RenderData;
use certdesk::render::defaults::DEFAULTS;
use certdesk::render::layout::Renderer;
use certdesk::render::template::Template;
use certdesk::render::{FontBook, ImageSet};

#[test]
#[ignore = "a measurement, not a check: run in release with --ignored --nocapture"]
fn layout_time_per_page() {
    let fonts = FontBook::new();
    let names = ["Bilbo Baggins", "Nguyễn Thị Ngọc Lan", "Γιώργος Κωνσταντινίδης", "Małgorzata Żółć-Wiśniewska"];
    for (name, source) in DEFAULTS {
        let template = Template::parse(source).map_err(|e| e.to_string());
        let Ok(template) = template else { panic!("{template:?}") };
        let renderer = Renderer::new(template, &fonts, &ImageSet::new()).map_err(|e| e.to_string());
        let Ok(renderer) = renderer else { panic!("{renderer:?}") };
        let mut pages: Vec<RenderData> = Vec::new();
        for index in 0..10_000 {
            let mut data = RenderData::example(if index % 2 == 0 { "honor" } else { "verified" });
            data.learner.full_name = format!("{} {index}", names[index % names.len()]);
            data.grade.percent = format!("{}.{}", 60 + index % 40, index % 10);
            pages.push(data);
        }
        let _ = renderer.render_page(&pages[0]);
        let (started, cpu_started) = (Instant::now(), thread_cpu_seconds());
        let mut items = 0;
        for data in &pages {
            let (page, _) = renderer.render_page(data).map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
            items += page.variable.items.len();
        }
        let elapsed = started.elapsed();
        let cpu = thread_cpu_seconds() - cpu_started;
        println!(
            "{name}: {} pages in {:.1} ms = {:.1} µs per page wall, {:.1} µs CPU ({} variable items per page)",
            pages.len(),
            elapsed.as_secs_f64() * 1e3,
            elapsed.as_secs_f64() * 1e6 / pages.len() as f64,
            cpu * 1e6 / pages.len() as f64,
            items / pages.len()
        );
        let (started, cpu_started) = (Instant::now(), thread_cpu_seconds());
        let images = ImageSet::new();
        let info = certdesk::render::DocInfo::default();
        let mut document = certdesk::render::PdfDocument::new(&fonts, &images, info);
        for data in &pages {
            let (page, _) = renderer.render_page(data).map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
            document.add_page(&page).unwrap_or_else(|e| panic!("{e}"));
        }
        let bytes = document.finish().unwrap_or_else(|e| panic!("{e}"));
        println!(
            "{name}: layout + PDF of {} pages in {:.1} ms wall, {:.1} ms CPU, {} bytes ({} per page)",
            pages.len(),
            started.elapsed().as_secs_f64() * 1e3,
            (thread_cpu_seconds() - cpu_started) * 1e3,
            bytes.len(),
            bytes.len() / pages.len()
        );
    }
}

/// CPU time of this thread (user + system) from /proc, so a busy machine does not skew the figure.
fn thread_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum());
    ticks / 100.0
}
