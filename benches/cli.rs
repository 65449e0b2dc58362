//! Whole-process figures for the CLI targets of the issues, on a synthetic course of
//! 100,000 learners: `cargo bench --bench cli`. Each figure is the median of 3 runs with
//! the peak memory of that run (from /usr/bin/time). Set `LEARNERS` to change the size.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");
const RUNS: usize = 3;

struct Run {
    seconds: f64,
    peak_mb: f64,
}

fn run(db: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("USER", "bench")
        .stdout(std::process::Stdio::null())
        .output()
        .expect("run certdesk under /usr/bin/time (apt-get install time)");
    let seconds = started.elapsed().as_secs_f64();
    assert!(output.status.success(), "certdesk {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kilobytes: f64 = stderr.lines().last().and_then(|line| line.trim().parse().ok()).unwrap_or(f64::NAN);
    Run { seconds, peak_mb: kilobytes / 1024.0 }
}

fn report(label: &str, mut runs: Vec<Run>) {
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let median = &runs[runs.len() / 2];
    let all: Vec<String> = runs.iter().map(|run| format!("{:.3}", run.seconds)).collect();
    println!(
        "{label:<44} median {:>8.3} s   peak {:>6.0} MB   runs [{}]",
        median.seconds,
        median.peak_mb,
        all.join(", ")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    let status = Command::new("cp").arg("-r").arg(from).arg(to).status().expect("cp");
    assert!(status.success());
    let _ = std::fs::remove_file(to.join("certdesk.lock"));
}

fn main() {
    let learners: usize = std::env::var("LEARNERS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let work = tempfile::tempdir().expect("temp dir");
    let folder = work.path().join("course");
    let fresh = work.path().join("fresh");
    let scratch: PathBuf = work.path().join("scratch");
    let n = learners.to_string();
    let status = Command::new(BIN)
        .args(["sample", "--learners", &n, "--activities", "20", "--eligible", "100", "--out"])
        .arg(&folder)
        .output()
        .expect("sample");
    assert!(status.status.success());
    println!("certdesk CLI, {learners} learners x 20 activities, all eligible; median of {RUNS}");

    report(
        "import",
        (0..RUNS)
            .map(|_| {
                let _ = std::fs::remove_dir_all(&scratch);
                run(&scratch, &["import", folder.to_str().expect("path")])
            })
            .collect(),
    );
    copy_dir(&scratch, &fresh);
    run(&fresh, &["courses"]);
    report("open + courses", (0..RUNS).map(|_| run(&fresh, &["courses"])).collect());
    report("gradebook --json", (0..RUNS).map(|_| run(&fresh, &["gradebook", "synthetic", "--json"])).collect());
    report(
        "generate (incl. flush)",
        (0..RUNS)
            .map(|_| {
                copy_dir(&fresh, &scratch);
                run(&scratch, &["courses"]);
                run(&scratch, &["generate", "synthetic"])
            })
            .collect(),
    );
    report("certificates --json", (0..RUNS).map(|_| run(&scratch, &["certificates", "synthetic", "--json"])).collect());
    let listing = Command::new(BIN).arg("--db").arg(&scratch).args(["certificates", "synthetic", "--json"]).output();
    let listing: serde_json::Value = serde_json::from_slice(&listing.expect("list").stdout).expect("json");
    let code = listing[learners / 2]["code"].as_str().expect("a code").to_string();
    report("verify one code (whole process)", (0..RUNS).map(|_| run(&scratch, &["verify", &code])).collect());
}
