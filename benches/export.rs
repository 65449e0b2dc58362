//! Export figures, whole process, for 1,000, 10,000 and 100,000 certificates:
//! `cargo bench --bench export`. The anchor template is the certificate of
//! ../shared/anchors (no QR code), so the figures compare with typst and reportlab there;
//! the default template (with a QR code per page) is measured at 10,000 as well.
//! Median of 3 runs; peak memory from /usr/bin/time.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");
const RUNS: usize = 3;

fn certdesk(db: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(BIN).arg("--db").arg(db).args(args).env("USER", "bench").output().expect("run certdesk");
    assert!(output.status.success(), "certdesk {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// Wall seconds and peak MB of one export.
fn export(db: &Path, out: &Path) -> (f64, f64) {
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M", BIN, "--db"])
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

fn measure(label: &str, db: &Path, out: &Path, pages: usize) {
    let mut runs: Vec<(f64, f64)> = (0..RUNS).map(|_| export(db, out)).collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (seconds, peak) = runs[RUNS / 2];
    let bytes = std::fs::metadata(out).expect("pdf").len();
    let all: Vec<String> = runs.iter().map(|run| format!("{:.3}", run.0)).collect();
    println!(
        "{label:<26} {pages:>7} pages  median {seconds:>7.3} s  peak {peak:>5.0} MB  {:>5} B/page  {:>6.1} µs/page  runs [{}]",
        bytes / pages as u64,
        seconds * 1e6 / pages as f64,
        all.join(", ")
    );
}

fn main() {
    let work = tempfile::tempdir().expect("temp dir");
    let anchor = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/anchor.cdt");
    println!("certdesk export, whole process, median of {RUNS}");
    for learners in [1_000usize, 10_000, 100_000] {
        let folder = work.path().join(format!("course-{learners}"));
        let db = work.path().join(format!("db-{learners}"));
        let n = learners.to_string();
        let output = Command::new(BIN)
            .args(["sample", "--learners", &n, "--activities", "5", "--eligible", "100", "--out"])
            .arg(&folder)
            .output()
            .expect("sample");
        assert!(output.status.success());
        certdesk(&db, &["import", folder.to_str().expect("path")]);
        let out = work.path().join(format!("out-{learners}.pdf"));
        if learners == 10_000 {
            certdesk(&db, &["generate", "synthetic"]);
            measure("default template (QR)", &db, &out, learners);
            certdesk(&db, &["delete", "synthetic", "--all", "--yes"]);
        }
        certdesk(&db, &["template", "save", "anchor", anchor.to_str().expect("path")]);
        certdesk(&db, &["template", "assign", "synthetic", "honor", "anchor"]);
        certdesk(&db, &["template", "assign", "synthetic", "verified", "anchor"]);
        certdesk(&db, &["generate", "synthetic"]);
        measure("anchor template", &db, &out, learners);
    }
}
