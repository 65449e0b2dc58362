//! `certdesk gradebook COURSE [--json]`

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use jiff::Timestamp;
use serde::Serialize;
use serde::ser::SerializeMap;

use super::table::{Align, Table};
use crate::domain::{Activity, Points};
use crate::ops::{self, Gradebook, GradebookRow};
use crate::store::Store;

pub fn run(store: &Store, course: &str, json: bool, now: Timestamp) -> anyhow::Result<ExitCode> {
    let gradebook = ops::load_gradebook(store, course, now)?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if json {
        write_json(&gradebook, &mut out)?
    } else {
        write_table(&gradebook, &mut out)?
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(gradebook: &Gradebook, out: &mut impl Write) -> anyhow::Result<()> {
    let activities = &gradebook.course.activities;
    let mut columns =
        vec![("username".to_string(), Align::Left), ("name".into(), Align::Left), ("mode".into(), Align::Left)];
    columns.extend(activities.iter().map(|activity| (activity.id.clone(), Align::Right)));
    columns.extend([
        ("percent".into(), Align::Right),
        ("reachable".into(), Align::Right),
        ("letter".into(), Align::Left),
        ("status".into(), Align::Left),
    ]);
    let mut table = Table::new(columns).for_stdout();
    for GradebookRow { enrollment, grade } in &gradebook.rows {
        let mut row = vec![enrollment.username.clone(), enrollment.full_name.clone(), enrollment.mode.to_string()];
        row.extend(
            enrollment.scores.iter().map(|score| score.map_or_else(|| "-".to_string(), |points| points.to_string())),
        );
        row.extend([
            grade.percent.to_string(),
            grade.reachable.to_string(),
            gradebook.course.letter_for(grade.percent).unwrap_or("-").to_string(),
            grade.status.to_string(),
        ]);
        table.push(row);
    }
    table.write(out)?;
    Ok(())
}

/// `{"course": ID, "activities": [...], "learners": [...]}`; see the README for the fields.
fn write_json(gradebook: &Gradebook, out: &mut impl Write) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct ActivityJson<'a> {
        id: &'a str,
        title: &'a str,
        category: &'a str,
        max_points: f64,
        weight: f64,
    }
    let activities: Vec<ActivityJson> = gradebook
        .course
        .activities
        .iter()
        .map(|a| ActivityJson {
            id: &a.id,
            title: &a.title,
            category: &a.category,
            max_points: a.max_points.as_f64(),
            weight: a.weight,
        })
        .collect();
    write!(out, "{{\"course\":")?;
    serde_json::to_writer(&mut *out, &gradebook.course.id)?;
    write!(out, ",\"activities\":")?;
    serde_json::to_writer(&mut *out, &activities)?;
    write!(out, ",\"learners\":[")?;
    for (index, row) in gradebook.rows.iter().enumerate() {
        if index > 0 {
            out.write_all(b",\n")?;
        } else {
            out.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut *out, &learner_json(gradebook, row))?;
    }
    writeln!(out, "\n]}}")?;
    Ok(())
}

#[derive(Serialize)]
struct LearnerJson<'a> {
    username: &'a str,
    full_name: &'a str,
    email: &'a str,
    mode: &'a str,
    status: &'a str,
    scores: ScoresJson<'a>,
    percent: f64,
    reachable: f64,
    letter: Option<&'a str>,
    grade_status: &'a str,
}

/// Scores as an object keyed by activity id, in course order; `null` when not graded.
struct ScoresJson<'a> {
    activities: &'a [Activity],
    scores: &'a [Option<Points>],
}

impl Serialize for ScoresJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.activities.len()))?;
        for (index, activity) in self.activities.iter().enumerate() {
            map.serialize_entry(&activity.id, &self.scores.get(index).copied().flatten().map(Points::as_f64))?;
        }
        map.end()
    }
}

fn learner_json<'a>(gradebook: &'a Gradebook, row: &'a GradebookRow) -> LearnerJson<'a> {
    let GradebookRow { enrollment, grade } = row;
    LearnerJson {
        username: &enrollment.username,
        full_name: &enrollment.full_name,
        email: &enrollment.email,
        mode: enrollment.mode.as_str(),
        status: enrollment.status.as_str(),
        scores: ScoresJson { activities: &gradebook.course.activities, scores: &enrollment.scores },
        percent: grade.percent.as_f64(),
        reachable: grade.reachable.as_f64(),
        letter: gradebook.course.letter_for(grade.percent),
        grade_status: grade.status.as_str(),
    }
}
