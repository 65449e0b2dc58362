//! Export figures, whole process, median of 3 runs, peak memory from /usr/bin/time:
//! `cargo bench --bench export`.
//!
//! - The anchor template (the certificate of ../shared/anchors, no QR code) at 1,000, 10,000 and
//!   100,000 pages, comparable with typst and reportlab there; the default template at 10,000.
//! - Shaping: 10,000 anchor pages of names in the nine scripts that need shaping (Arabic,
//!   Hebrew, Devanagari, Bengali, Tamil, Thai, Chinese, Japanese, Korean) beside 10,000 of
//!   Latin, Greek and Cyrillic names, runs interleaved. With `CERTDESK_BEFORE=PATH` (a certdesk
//!   built before shaping), that binary exports the Latin course too, in the same run.
//!
//! `EXPORT_BENCH=scripts` runs only the shaping comparison.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");
const RUNS: usize = 3;

fn certdesk(bin: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(bin).arg("--db").arg(db).args(args).env("USER", "bench").output().expect("run certdesk");
    assert!(output.status.success(), "certdesk {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// Wall seconds and peak MB of one export.
fn export(bin: &Path, db: &Path, out: &Path) -> (f64, f64) {
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(bin)
        .arg("--db")
        .arg(db)
        .args(["export", "synthetic", "--out"])
        .arg(out)
        .output()
        .expect("/usr/bin/time (apt-get install time)");
    let seconds = started.elapsed().as_secs_f64();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let kilobytes: f64 =
        String::from_utf8_lossy(&output.stderr).lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(f64::NAN);
    (seconds, kilobytes / 1024.0)
}

/// A database with a synthetic course of `learners` certified learners, as `bin` writes it.
/// `scripts` is passed to `certdesk sample` unless it is `None` (binaries without the option).
fn course(work: &Path, label: &str, bin: &Path, learners: usize, scripts: Option<&str>) -> PathBuf {
    let folder = work.join(format!("course-{label}"));
    let db = work.join(format!("db-{label}"));
    let n = learners.to_string();
    let mut sample = Command::new(bin);
    sample.args(["sample", "--learners", &n, "--activities", "5", "--eligible", "100"]);
    if let Some(scripts) = scripts {
        sample.args(["--scripts", scripts]);
    }
    let output = sample.arg("--out").arg(&folder).output().expect("sample");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    certdesk(bin, &db, &["import", folder.to_str().expect("path")]);
    db
}

fn use_anchor(bin: &Path, db: &Path) {
    let anchor = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/anchor.cdt");
    certdesk(bin, db, &["template", "save", "anchor", anchor.to_str().expect("path")]);
    certdesk(bin, db, &["template", "assign", "synthetic", "honor", "anchor"]);
    certdesk(bin, db, &["template", "assign", "synthetic", "verified", "anchor"]);
}

struct Figure {
    label: String,
    pages: usize,
    runs: Vec<(f64, f64)>,
    bytes: u64,
}

impl Figure {
    fn median(&self) -> (f64, f64) {
        let mut runs = self.runs.clone();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        runs[runs.len() / 2]
    }

    fn print(&self) {
        let (seconds, peak) = self.median();
        let all: Vec<String> = self.runs.iter().map(|run| format!("{:.3}", run.0)).collect();
        println!(
            "{:<34} {:>7} pages  median {seconds:>7.3} s  peak {peak:>5.0} MB  {:>5} B/page  {:>6.1} µs/page  runs [{}]",
            self.label,
            self.pages,
            self.bytes / self.pages as u64,
            seconds * 1e6 / self.pages as f64,
            all.join(", ")
        );
    }
}

/// Exports each (label, binary, database) `RUNS` times, the configurations interleaved so a
/// busy moment of the machine falls on all of them alike.
fn measure(work: &Path, configurations: &[(&str, &Path, &Path)], pages: usize) -> Vec<Figure> {
    let mut figures: Vec<Figure> = configurations
        .iter()
        .map(|(label, ..)| Figure { label: label.to_string(), pages, runs: Vec::new(), bytes: 0 })
        .collect();
    for _ in 0..RUNS {
        for ((_, bin, db), figure) in configurations.iter().zip(&mut figures) {
            let out = work.join("out.pdf");
            figure.runs.push(export(bin, db, &out));
            figure.bytes = std::fs::metadata(&out).expect("pdf").len();
        }
    }
    figures.iter().for_each(Figure::print);
    figures
}

fn main() {
    let work = tempfile::tempdir().expect("temp dir");
    let work = work.path();
    let bin = Path::new(BIN);
    println!("certdesk export, whole process, median of {RUNS}");
    if std::env::var("EXPORT_BENCH").as_deref() != Ok("scripts") {
        for learners in [1_000usize, 10_000, 100_000] {
            let db = course(work, &learners.to_string(), bin, learners, None);
            if learners == 10_000 {
                certdesk(bin, &db, &["generate", "synthetic"]);
                measure(work, &[("default template (QR)", bin, &db)], learners);
                certdesk(bin, &db, &["delete", "synthetic", "--all", "--yes"]);
            }
            use_anchor(bin, &db);
            certdesk(bin, &db, &["generate", "synthetic"]);
            measure(work, &[("anchor template", bin, &db)], learners);
        }
    }
    shaping(work, bin);
}

/// Latin against the nine shaped scripts, and against a certdesk from before shaping.
fn shaping(work: &Path, bin: &Path) {
    let pages = 10_000;
    let mut prepared: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    if let Some(before) = std::env::var_os("CERTDESK_BEFORE").map(PathBuf::from) {
        let db = course(work, "before", &before, pages, None);
        use_anchor(&before, &db);
        certdesk(&before, &db, &["generate", "synthetic"]);
        prepared.push(("anchor, Latin names, before".into(), before, db));
    }
    for (label, scripts) in [("anchor, Latin names", "latin"), ("anchor, names in 9 shaped scripts", "complex")] {
        let db = course(work, scripts, bin, pages, Some(scripts));
        use_anchor(bin, &db);
        certdesk(bin, &db, &["generate", "synthetic"]);
        prepared.push((label.into(), bin.to_path_buf(), db));
    }
    let configurations: Vec<(&str, &Path, &Path)> =
        prepared.iter().map(|(label, bin, db)| (label.as_str(), bin.as_path(), db.as_path())).collect();
    let figures = measure(work, &configurations, pages);
    let seconds = |label: &str| figures.iter().find(|f| f.label == label).map(|f| f.median().0);
    if let (Some(latin), Some(shaped)) = (seconds("anchor, Latin names"), seconds("anchor, names in 9 shaped scripts"))
    {
        println!("shaped scripts / Latin: {:.2}x (target < 2x)", shaped / latin);
    }
    if let (Some(latin), Some(before)) = (seconds("anchor, Latin names"), seconds("anchor, Latin names, before")) {
        println!("Latin now / before shaping: {:.2}x (target <= 1.10x)", latin / before);
    }
}
