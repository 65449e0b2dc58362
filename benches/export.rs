//! Export figures, whole process, median of `RUNS` runs (3), peak memory from /usr/bin/time:
//! `cargo bench --bench export`.
//!
//! - The default templates (QR code included) at 10,000 and 100,000 pages of a synthetic
//!   course, and at 10,000 pages whose names are all different (the synthetic roster draws
//!   its names from lists, so a name comes back about every 600 pages and its line becomes a
//!   shared form). Beside each, the same export selecting nothing (`--stale` on a course
//!   without stale certificates): the peak memory of opening the database and loading the
//!   course, which the export itself does not add to.
//! - With `ANCHORS=DIR` (a copy of ../shared/anchors on which its `run.sh` has run, so that
//!   `DIR/.venv` holds typst), typst writes the anchors' 10,000 certificates in the same run,
//!   interleaved with certdesk's runs, and the ratio is printed.
//! - With `EXPORT_BENCH_MILLION=1`, 1,000,000 default-template pages into one PDF too (about
//!   a minute to build the course, 1.3 GB of database; a few minutes in all).
//! - The anchor template (the certificate of ../shared/anchors, no QR code) at 1,000, 10,000 and
//!   100,000 pages, comparable with typst and reportlab there.
//! - Shaping: 10,000 anchor pages of names in the nine scripts that need shaping (Arabic,
//!   Hebrew, Devanagari, Bengali, Tamil, Thai, Chinese, Japanese, Korean) beside 10,000 of
//!   Latin, Greek and Cyrillic names, runs interleaved. With `CERTDESK_BEFORE=PATH` (a certdesk
//!   built before shaping), that binary exports the Latin course too, in the same run.
//!
//! `EXPORT_BENCH=scripts` runs only the shaping comparison, `EXPORT_BENCH=default` only the
//! default templates (and typst, and the million).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");

fn runs() -> usize {
    std::env::var("RUNS").ok().and_then(|runs| runs.parse().ok()).filter(|&runs| runs > 0).unwrap_or(3)
}

fn certdesk(bin: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(bin).arg("--db").arg(db).args(args).env("USER", "bench").output().expect("run certdesk");
    assert!(output.status.success(), "certdesk {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// Wall seconds and peak MB of `command` run under /usr/bin/time; it must exit with `status`.
fn timed(command: Command, status: i32) -> (f64, f64) {
    let mut timed = Command::new("/usr/bin/time");
    timed.arg("-f").arg("%M").arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            timed.env(key, value);
        }
    }
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    let started = Instant::now();
    let output = timed.output().expect("/usr/bin/time (apt-get install time)");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(output.status.code(), Some(status), "{:?}: {}", command, String::from_utf8_lossy(&output.stderr));
    let kilobytes: f64 =
        String::from_utf8_lossy(&output.stderr).lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(f64::NAN);
    (seconds, kilobytes / 1024.0)
}

fn export_command(bin: &Path, db: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(bin);
    command.arg("--db").arg(db).args(["export", "synthetic", "--out"]).arg(out).args(extra);
    command
}

/// A database with a synthetic course of `learners` certified learners, as `bin` writes it.
/// `scripts` is passed to `certdesk sample` unless it is `None` (binaries without the option);
/// with `unique`, every name gets its learner's number, so no two are alike.
fn course(work: &Path, label: &str, bin: &Path, learners: usize, scripts: Option<&str>, unique: bool) -> PathBuf {
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
    if unique {
        number_the_names(&folder.join("roster.csv"));
    }
    certdesk(bin, &db, &["import", folder.to_str().expect("path")]);
    db
}

fn number_the_names(roster: &Path) {
    let mut reader = csv::Reader::from_path(roster).expect("roster");
    let header = reader.headers().expect("header").clone();
    let name = header.iter().position(|column| column == "full_name").expect("full_name column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("row")).collect();
    let mut writer = csv::Writer::from_path(roster).expect("roster");
    writer.write_record(&header).expect("write");
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(column, cell)| if column == name { format!("{cell} {}", index + 1) } else { cell.to_string() })
            .collect();
        writer.write_record(&cells).expect("write");
    }
    writer.flush().expect("flush");
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
        let mut peaks: Vec<f64> = self.runs.iter().map(|run| run.1).collect();
        peaks.sort_by(f64::total_cmp);
        (runs[runs.len() / 2].0, peaks[peaks.len() / 2])
    }

    fn print(&self) {
        let (seconds, peak) = self.median();
        let all: Vec<String> = self.runs.iter().map(|run| format!("{:.3}", run.0)).collect();
        let per_page =
            if self.bytes > 0 { format!("{:>5} B/page", self.bytes / self.pages as u64) } else { " ".repeat(11) };
        println!(
            "{:<44} {:>7} pages  median {seconds:>7.3} s  peak {peak:>6.0} MB  {per_page}  {:>6.1} µs/page  runs [{}]",
            self.label,
            self.pages,
            seconds * 1e6 / self.pages as f64,
            all.join(", ")
        );
    }
}

/// One thing to measure: a label, the command, the status it exits with, and the file it
/// writes (for the bytes a page).
struct Configuration {
    label: String,
    command: Box<dyn Fn() -> Command>,
    status: i32,
    out: Option<PathBuf>,
}

fn export_of(label: &str, bin: &Path, db: &Path, out: &Path) -> Configuration {
    let (bin, db, out_path) = (bin.to_path_buf(), db.to_path_buf(), out.to_path_buf());
    Configuration {
        label: label.to_string(),
        command: Box::new(move || export_command(&bin, &db, &out_path, &[])),
        status: 0,
        out: Some(out.to_path_buf()),
    }
}

/// The same export selecting nothing: what opening the database and loading the course take.
fn loading_of(label: &str, bin: &Path, db: &Path, out: &Path) -> Configuration {
    let (bin, db, out) = (bin.to_path_buf(), db.to_path_buf(), out.to_path_buf());
    Configuration {
        label: label.to_string(),
        command: Box::new(move || export_command(&bin, &db, &out, &["--stale"])),
        status: 1,
        out: None,
    }
}

/// Runs each configuration `runs()` times, interleaved so a busy moment of the machine falls
/// on all of them alike.
fn measure(configurations: &[Configuration], pages: usize) -> Vec<Figure> {
    let mut figures: Vec<Figure> =
        configurations.iter().map(|c| Figure { label: c.label.clone(), pages, runs: Vec::new(), bytes: 0 }).collect();
    for _ in 0..runs() {
        for (configuration, figure) in configurations.iter().zip(&mut figures) {
            figure.runs.push(timed((configuration.command)(), configuration.status));
            if let Some(out) = &configuration.out {
                figure.bytes = std::fs::metadata(out).expect("pdf").len();
            }
        }
    }
    figures.iter().for_each(Figure::print);
    figures
}

fn main() {
    let work = tempfile::tempdir().expect("temp dir");
    let work = work.path();
    let bin = Path::new(BIN);
    println!("certdesk export, whole process, median of {}", runs());
    let only = std::env::var("EXPORT_BENCH").ok();
    if only.as_deref() != Some("scripts") {
        default_templates(work, bin);
    }
    if only.is_none() {
        for learners in [1_000usize, 10_000, 100_000] {
            let db = course(work, &format!("anchor-{learners}"), bin, learners, None, false);
            use_anchor(bin, &db);
            certdesk(bin, &db, &["generate", "synthetic"]);
            measure(&[export_of("anchor template", bin, &db, &work.join("out.pdf"))], learners);
        }
    }
    if only.as_deref() != Some("default") {
        shaping(work, bin);
    }
}

/// The default templates at 10,000 and 100,000 pages (and a million), typst beside them.
fn default_templates(work: &Path, bin: &Path) {
    let out = work.join("default.pdf");
    let ten = course(work, "10000", bin, 10_000, None, false);
    certdesk(bin, &ten, &["generate", "synthetic"]);
    let unique = course(work, "10000-unique", bin, 10_000, None, true);
    certdesk(bin, &unique, &["generate", "synthetic"]);
    let mut configurations = vec![
        export_of("default templates", bin, &ten, &out),
        loading_of("  same course, nothing exported", bin, &ten, &out),
        export_of("default templates, no two names alike", bin, &unique, &out),
    ];
    let anchors = std::env::var_os("ANCHORS").map(PathBuf::from);
    if let Some(dir) = &anchors {
        let data = dir.join("data/certs_10000.csv");
        if !data.exists() {
            let status = Command::new(dir.join(".venv/bin/python"))
                .arg(dir.join("gen_data.py"))
                .arg("10000")
                .arg(&data)
                .status()
                .expect("gen_data.py");
            assert!(status.success());
        }
        let (dir, typst_out) = (dir.clone(), work.join("typst.pdf"));
        configurations.push(Configuration {
            label: "typst, the anchors' certificate".into(),
            command: Box::new({
                let typst_out = typst_out.clone();
                move || {
                    let mut command = Command::new(dir.join(".venv/bin/python"));
                    command.arg(dir.join("gen_typst.py")).arg(dir.join("data/certs_10000.csv")).arg(&typst_out);
                    command.current_dir(&dir);
                    command
                }
            }),
            status: 0,
            out: Some(typst_out),
        });
    }
    let figures = measure(&configurations, 10_000);
    let seconds = |label: &str| figures.iter().find(|f| f.label == label).map(|f| f.median().0);
    if let (Some(ours), Some(typst)) = (seconds("default templates"), seconds("typst, the anchors' certificate")) {
        println!("typst / certdesk default templates at 10,000: {:.1}x (target >= 10x)", typst / ours);
    }
    let hundred = course(work, "100000", bin, 100_000, None, false);
    certdesk(bin, &hundred, &["generate", "synthetic"]);
    measure(
        &[
            export_of("default templates", bin, &hundred, &out),
            loading_of("  same course, nothing exported", bin, &hundred, &out),
        ],
        100_000,
    );
    if std::env::var_os("EXPORT_BENCH_MILLION").is_some() {
        let million = course(work, "1000000", bin, 1_000_000, None, false);
        certdesk(bin, &million, &["generate", "synthetic"]);
        measure(
            &[
                export_of("default templates", bin, &million, &out),
                loading_of("  same course, nothing exported", bin, &million, &out),
            ],
            1_000_000,
        );
    }
}

/// Latin against the nine shaped scripts, and against a certdesk from before shaping.
fn shaping(work: &Path, bin: &Path) {
    let pages = 10_000;
    let mut prepared: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    if let Some(before) = std::env::var_os("CERTDESK_BEFORE").map(PathBuf::from) {
        let db = course(work, "before", &before, pages, None, false);
        use_anchor(&before, &db);
        certdesk(&before, &db, &["generate", "synthetic"]);
        prepared.push(("anchor, Latin names, before".into(), before, db));
    }
    for (label, scripts) in [("anchor, Latin names", "latin"), ("anchor, names in 9 shaped scripts", "complex")] {
        let db = course(work, scripts, bin, pages, Some(scripts), false);
        use_anchor(bin, &db);
        certdesk(bin, &db, &["generate", "synthetic"]);
        prepared.push((label.into(), bin.to_path_buf(), db));
    }
    let out = work.join("out.pdf");
    let configurations: Vec<Configuration> =
        prepared.iter().map(|(label, bin, db)| export_of(label, bin, db, &out)).collect();
    let figures = measure(&configurations, pages);
    let seconds = |label: &str| figures.iter().find(|f| f.label == label).map(|f| f.median().0);
    if let (Some(latin), Some(shaped)) = (seconds("anchor, Latin names"), seconds("anchor, names in 9 shaped scripts"))
    {
        println!("shaped scripts / Latin: {:.2}x (target < 2x)", shaped / latin);
    }
    if let (Some(latin), Some(before)) = (seconds("anchor, Latin names"), seconds("anchor, Latin names, before")) {
        println!("Latin now / before shaping: {:.2}x (target <= 1.10x)", latin / before);
    }
}
