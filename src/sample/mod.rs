//! Sample courses: the small hand-written one certdesk loads on first run, and large
//! synthetic ones for benchmarks (`certdesk sample`).

pub mod names;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::domain::name::MAX_NAME_CHARS;
use crate::import::FolderTexts;

/// The course in `sample-data/middle-earth`, built into the binary.
pub fn middle_earth() -> FolderTexts {
    FolderTexts {
        course: Some(include_str!("../../sample-data/middle-earth/course.toml").to_string()),
        roster: Some(include_str!("../../sample-data/middle-earth/roster.csv").to_string()),
        grades: Some(include_str!("../../sample-data/middle-earth/grades.csv").to_string()),
    }
}

pub const SYNTHETIC_COURSE_ID: &str = "synthetic";

/// A deterministic generator (SplitMix64): the same arguments always give the same course.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// A uniform number in [low, high).
    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
    }
}

/// Writes a course folder with `learners` learners and `activities` activities, all graded;
/// about `eligible_percent` of the learners can be certified (not audit, at or above the 80%
/// threshold), the others are audit learners or below the threshold.
pub fn write_synthetic(
    learners: usize,
    activities: usize,
    eligible_percent: usize,
    scripts: names::Scripts,
    out: &Path,
) -> io::Result<()> {
    write_synthetic_with(learners, activities, eligible_percent, scripts, out, &mut crate::ops::Quiet)
}

/// How often a run says how far it got, and looks whether it is asked to stop.
const LEARNERS_A_STEP: usize = 10_000;

/// As [`write_synthetic`], telling `progress` how many learners are written; when it asks to
/// stop, ends with an `Interrupted` error, the files written only in part.
pub fn write_synthetic_with(
    learners: usize,
    activities: usize,
    eligible_percent: usize,
    scripts: names::Scripts,
    out: &Path,
    progress: &mut dyn crate::ops::Progress,
) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    let max_points: Vec<u32> = (0..activities).map(|index| [10, 20, 50, 100][index % 4]).collect();
    write_course_file(&out.join("course.toml"), learners, &max_points)?;

    let mut random = Random(0x5EED ^ ((learners as u64) << 20) ^ activities as u64);
    let mut roster = csv::Writer::from_writer(BufWriter::new(File::create(out.join("roster.csv"))?));
    let mut grades = csv::Writer::from_writer(BufWriter::new(File::create(out.join("grades.csv"))?));
    roster.write_record(["username", "full_name", "email", "mode"])?;
    let mut header = vec!["username".to_string()];
    header.extend((1..=activities).map(|number| format!("a{number:02}")));
    grades.write_record(&header)?;

    let mut row = Vec::with_capacity(activities + 1);
    for index in 1..=learners {
        if index % LEARNERS_A_STEP == 0 {
            progress.step(index, learners);
            if progress.cancelled() {
                return Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"));
            }
        }
        let name = synthetic_name(&mut random, index, scripts);
        let username = format!("learner{index:06}");
        let eligible = random.below(100) < eligible_percent;
        let mode = match (eligible, random.below(100)) {
            (false, 0..40) => "audit",
            (_, 0..50) => "honor",
            _ => "verified",
        };
        roster.write_record([username.as_str(), &name, &format!("{username}@example.org"), mode])?;
        let passes = eligible || (mode == "audit" && random.below(2) == 0);
        let (low, high) = if passes { (0.82, 1.0) } else { (0.35, 0.78) };
        row.clear();
        row.push(username);
        for &max in &max_points {
            // Half points, so scores look like the ones staff type.
            let halves = (random.between(low, high) * f64::from(max) * 2.0).round() / 2.0;
            row.push(halves.min(f64::from(max)).to_string());
        }
        grades.write_record(&row)?;
    }
    roster.flush()?;
    grades.flush()
}

fn synthetic_name(random: &mut Random, index: usize, scripts: names::Scripts) -> String {
    let groups = scripts.groups();
    if index.is_multiple_of(997) {
        return match scripts {
            names::Scripts::Complex => groups[index % groups.len()].longest(),
            // As long as a name may be, the one `template check` proves every template fits.
            names::Scripts::Latin | names::Scripts::All => crate::render::check::long_name(MAX_NAME_CHARS),
        };
    }
    let group = &groups[random.below(groups.len())];
    let given = group.given[random.below(group.given.len())];
    let family = group.family[random.below(group.family.len())];
    group.full_name(given, family)
}

fn write_course_file(path: &Path, learners: usize, max_points: &[u32]) -> io::Result<()> {
    let mut file = BufWriter::new(File::create(path)?);
    writeln!(file, "id = \"{SYNTHETIC_COURSE_ID}\"")?;
    writeln!(file, "title = \"Synthetic Course ({learners} learners)\"")?;
    writeln!(file, "starts = 2026-09-01T08:00:00Z\nends = 2027-01-31T23:59:59Z")?;
    writeln!(file, "pass_threshold = 80\ninstitution = \"certdesk Benchmark University\"")?;
    writeln!(file, "\n[letter_cutoffs]\nA = 90\nB = 80\nC = 70\n")?;
    writeln!(file, "[[signatory]]\nname = \"Ada Lovelace\"\ntitle = \"Course Director\"\n")?;
    let exam = max_points.len().saturating_sub(1);
    writeln!(file, "[[category]]\nid = \"assignments\"\nweight = 70\n")?;
    if exam > 0 {
        writeln!(file, "[[category]]\nid = \"exam\"\nweight = 30\n")?;
    }
    for (index, max) in max_points.iter().enumerate() {
        let category = if index == exam && exam > 0 { "exam" } else { "assignments" };
        writeln!(file, "[[activity]]\nid = \"a{:02}\"\ncategory = \"{category}\"\nmax_points = {max}\n", index + 1)?;
    }
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::name::full_name_problem;

    #[test]
    fn every_997th_learner_has_the_longest_name_an_import_takes() {
        for scripts in [names::Scripts::Latin, names::Scripts::All] {
            let long = synthetic_name(&mut Random(1), 997, scripts);
            assert_eq!(long.chars().count(), MAX_NAME_CHARS, "{long}");
            assert_eq!(full_name_problem(&long), None);
        }
        let ordinary = synthetic_name(&mut Random(1), 996, names::Scripts::Latin);
        assert!(ordinary.chars().count() < 60, "{ordinary}");
    }
}
