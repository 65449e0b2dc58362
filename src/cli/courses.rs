//! `certdesk courses`

use std::process::ExitCode;

use serde::Serialize;

use super::table::{Align, Table};
use crate::domain::Course;
use crate::store::Store;

/// One course in `courses --json`.
#[derive(Serialize)]
struct CourseJson<'a> {
    id: &'a str,
    title: &'a str,
    institution: &'a str,
    starts: Option<String>,
    ends: Option<String>,
    pass_threshold: f64,
    issuance: &'a str,
    grading: &'a str,
    letter_cutoffs: Vec<CutoffJson<'a>>,
    learners: usize,
    activities: Vec<&'a str>,
}

#[derive(Serialize)]
struct CutoffJson<'a> {
    letter: &'a str,
    minimum: f64,
}

pub fn run(store: &Store, json: bool) -> anyhow::Result<ExitCode> {
    let courses = store.courses()?;
    let counts = courses.iter().map(|course| store.enrollment_count(&course.id)).collect::<Result<Vec<_>, _>>()?;
    if json {
        let listing: Vec<CourseJson> =
            courses.iter().zip(&counts).map(|(course, &learners)| course_json(course, learners)).collect();
        super::print_json(&listing)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new([
        ("course", Align::Left),
        ("learners", Align::Right),
        ("activities", Align::Right),
        ("threshold", Align::Right),
        ("issuance", Align::Left),
        ("grading", Align::Left),
        ("ends", Align::Left),
        ("title", Align::Left),
    ])
    .for_stdout();
    for (course, learners) in courses.iter().zip(counts) {
        table.push(vec![
            course.id.clone(),
            learners.to_string(),
            course.activities.len().to_string(),
            course.pass_threshold.to_string(),
            course.issuance.to_string(),
            course.grading.to_string(),
            course.ends.map_or_else(|| "-".to_string(), |ends| ends.strftime("%Y-%m-%d").to_string()),
            course.title.clone(),
        ]);
    }
    if table.is_empty() {
        say!("No courses yet: import one with `certdesk import DIR` or `certdesk import EXPORT-FILE`.");
    } else {
        table.write(&mut std::io::stdout().lock())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn course_json(course: &Course, learners: usize) -> CourseJson<'_> {
    CourseJson {
        id: &course.id,
        title: &course.title,
        institution: &course.institution,
        starts: course.starts.map(|time| time.to_string()),
        ends: course.ends.map(|time| time.to_string()),
        pass_threshold: course.pass_threshold.as_f64(),
        issuance: course.issuance.as_str(),
        grading: course.grading.as_str(),
        letter_cutoffs: course
            .letter_cutoffs
            .iter()
            .map(|cutoff| CutoffJson { letter: &cutoff.letter, minimum: cutoff.minimum.as_f64() })
            .collect(),
        learners,
        activities: course.activities.iter().map(|activity| activity.id.as_str()).collect(),
    }
}
