//! Importing Open edX course grade reports, whole process: `cargo bench --bench import`.
//! The reports are synthetic, written here: 7,000 learners x 50 columns and 100,000 learners
//! x 30 columns, with the grading policy and the learner profiles beside them, each learner's
//! `Grade` computed the way edX does so that the agreement report is as short as on a real
//! course. Each figure is the median of 3 runs of a fresh import (and, second, of a
//! re-import of the same file into the imported course), with the peak memory of that run
//! from /usr/bin/time. Set `SIZES=7000x50` to run one size.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");
const RUNS: usize = 3;

/// A small deterministic generator (xorshift), so the same size always writes the same file.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A subsection cell: mostly a fraction with two decimals, sometimes not attempted.
    fn cell(&mut self) -> Option<f64> {
        let roll = self.next() % 100;
        (roll >= 6).then(|| (40 + self.next() % 61) as f64 / 100.0)
    }
}

/// The mean after dropping the lowest `drop`, padded to `min_count`, as edX's grader.
fn type_score(scores: &[f64], drop: usize, min_count: usize) -> f64 {
    let mut padded = scores.to_vec();
    padded.resize(padded.len().max(min_count), 0.0);
    let mut order: Vec<usize> = (0..padded.len()).collect();
    order.sort_by(|&a, &b| padded[b].total_cmp(&padded[a]));
    let dropped: Vec<usize> = order[padded.len().saturating_sub(drop)..].to_vec();
    let kept: f64 = padded.iter().enumerate().filter(|(i, _)| !dropped.contains(i)).map(|(_, s)| s).sum();
    if padded.len() > drop { kept / (padded.len() - drop) as f64 } else { kept }
}

/// Writes report.csv, grading_policy.json, profiles.csv and course.toml into `dir`.
fn write_course(dir: &Path, learners: usize, columns: usize) {
    // 4 leading, 6 trailing, a single Final Exam, and (Avg) columns for the two other types.
    let subsections = columns - 4 - 6 - 1 - 2;
    let (homework, labs) = (subsections - subsections / 3, subsections / 3);
    let policy = format!(
        r#"{{"GRADER": [
  {{"type": "Homework", "short_label": "HW", "min_count": {homework}, "drop_count": 2, "weight": 0.4}},
  {{"type": "Lab", "short_label": "Lab", "min_count": {labs}, "drop_count": 1, "weight": 0.2}},
  {{"type": "Final Exam", "short_label": "Final", "min_count": 1, "drop_count": 0, "weight": 0.4}}],
 "GRADE_CUTOFFS": {{"Pass": 0.5}}}}"#
    );
    std::fs::write(dir.join("grading_policy.json"), policy).expect("policy");
    std::fs::write(
        dir.join("course.toml"),
        "id = \"bench\"\ntitle = \"Benchmark Course\"\nends = 2025-01-01T00:00:00Z\n",
    )
    .expect("course");
    let mut header = String::from("Student ID,Email,Username,Grade");
    for n in 1..=homework {
        let _ = write!(header, ",Homework {n}: Problem set {n}");
    }
    header.push_str(",Homework (Avg)");
    for n in 1..=labs {
        let _ = write!(header, ",Lab {n}: Bench work {n}");
    }
    header.push_str(",Lab (Avg),Final Exam,Cohort Name,Enrollment Track,Verification Status,Certificate Eligible,Certificate Delivered,Enrollment Status\r\n");
    let mut report = header;
    let mut profiles = String::from("User ID,Username,Name,Email,Enrollment Mode\n");
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let show = |cell: Option<f64>| cell.map_or_else(|| "Not Attempted".to_string(), |value| format!("{value}"));
    for learner in 0..learners {
        let hw: Vec<Option<f64>> = (0..homework).map(|_| random.cell()).collect();
        let lab: Vec<Option<f64>> = (0..labs).map(|_| random.cell()).collect();
        let exam = random.cell();
        let zero = |cells: &[Option<f64>]| cells.iter().map(|c| c.unwrap_or(0.0)).collect::<Vec<f64>>();
        let (hw_avg, lab_avg) = (type_score(&zero(&hw), 2, homework), type_score(&zero(&lab), 1, labs));
        let total = hw_avg * 0.4 + lab_avg * 0.2 + exam.unwrap_or(0.0) * 0.4;
        let grade = ((total * 100.0 + 0.05) + 0.5).floor() / 100.0;
        let mode = ["verified", "honor", "audit", "professional"][learner % 4];
        let username = format!("learner{learner:06}");
        let _ = write!(report, "{},{username}@example.org,{username},{grade}", 1000 + learner);
        for cell in &hw {
            let _ = write!(report, ",{}", show(*cell));
        }
        let _ = write!(report, ",{hw_avg}");
        for cell in &lab {
            let _ = write!(report, ",{}", show(*cell));
        }
        let eligible = if grade >= 0.5 && mode != "audit" && mode != "honor" { "Y" } else { "N" };
        let _ = write!(report, ",{lab_avg},{},Default Group,{mode},N/A,{eligible},N,enrolled\r\n", show(exam));
        let _ =
            writeln!(profiles, "{},{username},Learner Number {learner},{username}@example.org,{mode}", 1000 + learner);
    }
    std::fs::write(dir.join("report.csv"), report).expect("report");
    std::fs::write(dir.join("profiles.csv"), profiles).expect("profiles");
}

/// Wall seconds and peak MB of one `certdesk import`.
fn import(db: &Path, dir: &Path) -> (f64, f64) {
    let file = |name: &str| dir.join(name).display().to_string();
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M", BIN, "--db"])
        .arg(db)
        .args(["import", &file("report.csv"), "--course", &file("course.toml")])
        .args(["--grading-policy", &file("grading_policy.json"), "--roster", &file("profiles.csv")])
        .stdout(std::process::Stdio::null())
        .output()
        .expect("/usr/bin/time (apt-get install time)");
    let seconds = started.elapsed().as_secs_f64();
    assert!(output.status.success(), "import failed: {}", String::from_utf8_lossy(&output.stderr));
    let kilobytes: f64 =
        String::from_utf8_lossy(&output.stderr).lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(f64::NAN);
    (seconds, kilobytes / 1024.0)
}

fn report(label: &str, mut runs: Vec<(f64, f64)>) {
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (seconds, peak) = runs[runs.len() / 2];
    let all: Vec<String> = runs.iter().map(|(s, _)| format!("{s:.3}")).collect();
    println!("{label:<40} median {seconds:>7.3} s   peak {peak:>6.0} MB   runs [{}]", all.join(", "));
}

fn main() {
    let sizes = std::env::var("SIZES").unwrap_or_else(|_| "7000x50,100000x30".to_string());
    for size in sizes.split(',') {
        let (learners, columns) = size.split_once('x').expect("SIZES like 7000x50");
        let (learners, columns): (usize, usize) =
            (learners.parse().expect("learners"), columns.parse().expect("columns"));
        let work = tempfile::tempdir().expect("temp dir");
        write_course(work.path(), learners, columns);
        let megabytes = std::fs::metadata(work.path().join("report.csv")).expect("report").len() as f64 / 1e6;
        println!(
            "Open edX course grade report, {learners} learners x {columns} columns ({megabytes:.1} MB); median of {RUNS}"
        );
        let fresh: Vec<(f64, f64)> =
            (0..RUNS).map(|run| import(&work.path().join(format!("db-{run}")), work.path())).collect();
        report("import (new course)", fresh);
        let again: Vec<(f64, f64)> = (0..RUNS).map(|_| import(&work.path().join("db-0"), work.path())).collect();
        report("re-import (same file, no change)", again);
    }
}
