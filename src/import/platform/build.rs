//! An export plus what it lacks, supplied once, makes a course: a course.toml (which may leave
//! out activities and categories), for Open edX the grading_policy.json, a roster for names
//! and modes. Whatever is still missing is a problem that says where to supply it.

use std::collections::HashMap;

use super::Problem;
use super::export::{Export, Format, Item, slug};
use super::numbers::Figure;
use super::policy::GradingPolicy;
use super::roster::Roster;
use crate::domain::{Activity, Category, Course, GradingRule, Points};
use crate::import::course_file::{CourseSpec, check_weights};
use crate::import::{Ask, CourseFolder, Supplement};

/// What the user gives beside the export, each with its file name for messages.
#[derive(Debug, Default)]
pub struct Supplements {
    pub course: Option<(String, CourseSpec)>,
    pub policy: Option<(String, GradingPolicy)>,
    pub roster: Option<(String, Roster)>,
    /// The course as stored, when this is a re-import: what an item is out of when the export
    /// cannot tell (a Moodle item nobody has a score on yet).
    pub stored: Option<Course>,
}

/// The platform's own verdict on a learner, to compare with certdesk's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub grade: Option<Figure>,
    pub eligible: Option<bool>,
}

#[derive(Debug)]
pub struct Built {
    pub folder: CourseFolder,
    pub verdicts: HashMap<String, Verdict>,
    pub format: Format,
    pub layout: &'static str,
    pub grade_column: Option<String>,
    pub notes: Vec<String>,
    /// (username, the username the learner had in earlier exports), where the platform says.
    pub earlier_usernames: Vec<(String, String)>,
    /// (stand-in username, line) of the learners whose login cell is empty.
    pub without_login: Vec<(String, u64)>,
}

/// Where a missing course setting can be given.
fn give_course() -> String {
    format!("{} ({} writes one to fill in)", Ask::Give(Supplement::Course), Ask::Draft)
}

pub fn build(mut export: Export, supplements: &Supplements, problems: &mut Vec<Problem>) -> Option<Built> {
    if export.learners.is_empty() {
        // Said only when no row was refused: then the refusals say why there is nobody. What
        // the learners' rows would have told (Moodle's maxima) is not worth asking for.
        if problems.is_empty() {
            problems.push(Problem::new(
                &export.file,
                None,
                None,
                format!(
                    "the {} has no learners, only its header: nothing to import (export it again with the learners in it)",
                    export.format.label()
                ),
            ));
        }
        return None;
    }
    let before = problems.len();
    let spec = supplements.course.as_ref().map(|(_, spec)| spec);
    let course_file = supplements.course.as_ref().map_or("the course file", |(file, _)| file.as_str());
    let policy = supplements.policy.as_ref().map(|(_, policy)| policy);
    leave_out_extra_credit(&mut export, spec);
    let (mut categories, group_category) = categories(&export, spec, policy, problems);
    let known = supplements.stored.as_ref();
    let activities = activities(&export, (spec, known), &mut categories, &group_category, course_file, problems);
    let course = course(course_file, &export, spec, policy, categories, activities, problems);
    let roster = supplements.roster.as_ref().map(|(_, roster)| roster);
    let entries = super::learners::learners(&export, spec, roster, problems);
    let grades = super::scores::grades(&export, course.as_ref(), problems);
    let mut notes = super::scores::notes(&export, course.as_ref());
    let course = course?;
    notes.extend(super::rescale::note(&export, &course, course_file));
    notes.extend(super::canvas::groups_note(&export.groups, spec.is_some_and(|spec| !spec.categories.is_empty())));
    if problems.len() > before {
        return None;
    }
    let verdicts = export
        .learners
        .iter()
        .map(|learner| {
            (learner.username.clone(), Verdict { grade: learner.platform_grade, eligible: learner.platform_eligible })
        })
        .collect();
    let earlier_usernames = export
        .learners
        .iter()
        .filter_map(|learner| Some((learner.username.clone(), learner.earlier_username.clone()?)))
        .collect();
    let without_login = export
        .learners
        .iter()
        .filter(|learner| learner.login_missing)
        .map(|learner| (learner.username.clone(), learner.line))
        .collect();
    Some(Built {
        earlier_usernames,
        without_login,
        folder: CourseFolder { course, roster: entries, grades },
        verdicts,
        format: export.format,
        layout: export.layout,
        grade_column: export.grade_column,
        notes,
    })
}

/// Leaves out the assignments worth no points (Canvas's way of extra credit: their points add
/// to a learner's total, not to what it is out of), with a note: a grade of certdesk's is a
/// share of what each activity is out of, so such points have nowhere to count. One the course
/// file gives a maximum is an activity like any other. They were refused, the advice being to
/// give each a maximum, which made them required work and lowered every other grade.
fn leave_out_extra_credit(export: &mut Export, spec: Option<&CourseSpec>) {
    // One the course file names is its to say: with a maximum it counts, without one the
    // import asks for it.
    let given = |item: &Item| spec.is_some_and(|spec| spec.activities.iter().any(|given| given.activity.id == item.id));
    let left_out: Vec<usize> = (0..export.items.len())
        .filter(|&at| export.items[at].max_points == Some(Points::ZERO) && !given(&export.items[at]))
        .collect();
    let Some((last, rest)) = left_out.split_last() else { return };
    let named = |at: &usize| format!("'{}'", export.items[*at].column);
    let titles = match rest {
        [] => named(last),
        _ => format!("{} and {}", rest.iter().map(named).collect::<Vec<_>>().join(", "), named(last)),
    };
    let (are, their) = if rest.is_empty() { ("it is", "its") } else { ("they are", "their") };
    export.notes.push(format!(
        "Left out {titles}: {are} worth 0 points possible, so Canvas adds {their} points to a learner's total as extra \
         credit, which certdesk does not count (a grade here may be below Canvas's). To count one as an activity, give \
         [[activity]] id = \"{}\" with max_points in the course file.",
        export.items[*last].id
    ));
    for &at in left_out.iter().rev() {
        export.items.remove(at);
        for learner in &mut export.learners {
            if at < learner.cells.len() {
                learner.cells.remove(at);
            }
        }
    }
}

/// The categories, and which category each item group goes to.
fn categories(
    export: &Export,
    spec: Option<&CourseSpec>,
    policy: Option<&GradingPolicy>,
    problems: &mut Vec<Problem>,
) -> (Vec<Category>, HashMap<String, String>) {
    let mut groups: Vec<&str> = Vec::new();
    for item in &export.items {
        if !groups.contains(&item.group.as_str()) {
            groups.push(&item.group);
        }
    }
    let mut mapping = HashMap::new();
    if let Some(spec) = spec.filter(|spec| !spec.categories.is_empty()) {
        for group in groups {
            let id = slug(group, "all");
            let grader_id = policy.and_then(|policy| policy.grader(group)).map(|grader| slug(&grader.kind, "all"));
            let found = spec
                .categories
                .iter()
                .find(|c| c.id == id || c.title == group || Some(&c.id) == grader_id.as_ref())
                .or_else(|| (spec.categories.len() == 1).then(|| &spec.categories[0]));
            if let Some(category) = found {
                mapping.insert(group.to_string(), category.id.clone());
            }
        }
        return (spec.categories.clone(), mapping);
    }
    let one = |id: &str, title: &str| Category {
        id: id.to_string(),
        title: title.to_string(),
        weight: 1.0,
        drop_lowest: 0,
        min_count: 0,
    };
    match export.format {
        Format::OpenEdx => {
            let Some(policy) = policy else {
                problems.push(Problem::new(
                    &export.file,
                    None,
                    None,
                    format!(
                        "an Open edX grade report does not say how its assignment types weigh: {} (grading_policy.json \
                         from the course export), or [[category]] entries in {}",
                        Ask::Give(Supplement::GradingPolicy),
                        Ask::In(Supplement::Course)
                    ),
                ));
                return (Vec::new(), mapping);
            };
            for group in groups {
                if let Some(grader) = policy.grader(group) {
                    mapping.insert(group.to_string(), slug(&grader.kind, "type"));
                }
            }
            let categories = policy
                .graders
                .iter()
                .map(|grader| Category {
                    id: slug(&grader.kind, "type"),
                    title: grader.kind.clone(),
                    weight: grader.weight,
                    drop_lowest: grader.drop_count,
                    min_count: grader.min_count,
                })
                .collect();
            (categories, mapping)
        }
        // Weighted later by the points of their items: Moodle's default Natural aggregation.
        Format::Moodle => {
            let categories = groups
                .iter()
                .map(|group| {
                    mapping.insert(group.to_string(), slug(group, "items"));
                    one(&slug(group, "items"), group)
                })
                .collect();
            (categories, mapping)
        }
        Format::Canvas => {
            mapping.extend(groups.iter().map(|group| (group.to_string(), "all".to_string())));
            (vec![one("all", "All assignments")], mapping)
        }
        Format::Chamilo => {
            mapping.extend(groups.iter().map(|group| (group.to_string(), "gradebook".to_string())));
            (vec![one("gradebook", "Gradebook")], mapping)
        }
    }
}

/// One activity per item, as the course file overrides it.
fn activities(
    export: &Export,
    (spec, known): (Option<&CourseSpec>, Option<&Course>),
    categories: &mut [Category],
    group_category: &HashMap<String, String>,
    course_file: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Activity> {
    let overrides = spec.map_or(&[][..], |spec| spec.activities.as_slice());
    let mut activities = Vec::new();
    for item in &export.items {
        // Named by its heading as the file spells it (`Essay 1 (101)`), which is what the
        // user finds in the file; the title certdesk makes of it (`Essay 1`) is not there.
        let at = |message: String| Problem::at(&export.file, 1, item.position, Some(&item.column), message);
        let given = overrides.iter().find(|given| given.activity.id == item.id);
        let category = match (given, group_category.get(&item.group)) {
            (Some(given), _) if given.category_given => given.activity.category.clone(),
            // A course file without [[category]] cannot name the export's categories, so an
            // activity it gives (often just to say what the item is out of) stays in its group's.
            (_, Some(category)) => category.clone(),
            (_, None) => {
                if !categories.is_empty() {
                    problems.push(at(unplaced(export, item, categories, course_file)));
                }
                continue;
            }
        };
        let stored_max = || {
            let stored = known?.activities.iter().find(|activity| activity.id == item.id)?;
            Some(stored.max_points)
        };
        let max_points = match (given, item.max_points.filter(|max| *max > Points::ZERO).or_else(stored_max)) {
            (Some(given), _) if given.max_points_given => given.activity.max_points,
            (_, Some(max_points)) => max_points,
            (_, None) => {
                problems.push(at(format!(
                    "the export does not say what '{}' is out of: add [[activity]] id = \"{}\" with max_points to \
                     {course_file}{}",
                    item.title,
                    item.id,
                    match export.format {
                        Format::Moodle => {
                            " (a Real and Percentage pair tells it once a row has a score other than 0)"
                        }
                        Format::Canvas if item.max_points == Some(Points::ZERO) => " (it is worth 0 points possible)",
                        Format::Canvas => " (the Points Possible cell is empty)",
                        _ => "",
                    }
                )));
                continue;
            }
        };
        let weight = match (given, export.format) {
            (Some(given), _) if given.weight_given => given.activity.weight,
            // Points-weighted: Canvas total points, Moodle Natural.
            (_, Format::Canvas | Format::Moodle) => max_points.as_f64(),
            (_, Format::Chamilo) => item.weight.unwrap_or(1.0),
            (_, Format::OpenEdx) => 1.0,
        };
        let title = match given {
            Some(given) if given.title_given => given.activity.title.clone(),
            _ => item.title.clone(),
        };
        activities.push(Activity {
            id: item.id.clone(),
            title,
            category,
            max_points,
            weight,
            platform_id: item.platform_id.clone(),
        });
    }
    if export.format == Format::Moodle && spec.is_none_or(|spec| spec.categories.is_empty()) {
        for category in categories.iter_mut() {
            category.weight = activities
                .iter()
                .filter(|activity| activity.category == category.id)
                .map(|activity| activity.weight)
                .sum();
        }
    }
    for given in overrides.iter().map(|given| &given.activity) {
        if !export.items.iter().any(|item| item.id == given.id) {
            problems.push(Problem::new(
                course_file,
                None,
                Some("activity.id"),
                format!("activity '{}' has no column in {}", given.id, export.file),
            ));
        }
    }
    activities
}

/// Why an item of a group no category takes cannot be imported, and what to give.
fn unplaced(export: &Export, item: &Item, categories: &[Category], course_file: &str) -> String {
    let known: Vec<&str> = categories.iter().map(|category| category.title.as_str()).collect();
    let what = match export.format {
        Format::Canvas => format!("a Canvas export does not say which assignment group '{}' is in", item.title),
        Format::OpenEdx => {
            format!("type '{}' is not in the grading policy (its types: {})", item.group, known.join(", "))
        }
        _ => {
            format!("no category of {course_file} takes '{}' items (its categories: {})", item.group, known.join(", "))
        }
    };
    format!("{what}; or give [[activity]] id = \"{}\" with its category", item.id)
}

fn course(
    course_file_name: &str,
    export: &Export,
    spec: Option<&CourseSpec>,
    policy: Option<&GradingPolicy>,
    categories: Vec<Category>,
    activities: Vec<Activity>,
    problems: &mut Vec<Problem>,
) -> Option<Course> {
    let course_file = "the course file";
    let given = spec.map(|_| course_file_name);
    let mut missing = |what: &str, key: &str| {
        let remedy = match given {
            Some(file) => format!("set `{key}` in {file}"),
            None => give_course(),
        };
        problems.push(Problem::new(&export.file, None, None, format!("the export does not name {what}: {remedy}")))
    };
    let id = spec.and_then(|spec| spec.id.clone());
    let title = spec.and_then(|spec| spec.title.clone());
    if id.is_none() {
        missing("the course id", "id");
    }
    if title.is_none() {
        missing("the course title", "title");
    }
    let pass_threshold =
        spec.and_then(|spec| spec.pass_threshold).or_else(|| policy.and_then(GradingPolicy::lowest_cutoff));
    if pass_threshold.is_none() {
        missing("the pass threshold (a grading policy's lowest cutoff, or pass_threshold)", "pass_threshold");
    }
    let default_rule = if export.format == Format::OpenEdx { GradingRule::OpenEdx } else { GradingRule::Certdesk };
    let grading = spec.and_then(|spec| spec.grading).unwrap_or(default_rule);
    let weight_problems = check_weights(course_file, &categories, &activities, grading);
    // Weights the course file gives are mended there; the others come with the export.
    let weighed_in = match given {
        Some(file) if spec.is_some_and(|spec| !spec.categories.is_empty()) => file.to_string(),
        _ => export.file.clone(),
    };
    problems.extend(weight_problems.into_iter().map(|problem| Problem { file: weighed_in.clone(), ..problem }));
    let letter_cutoffs = spec
        .and_then(|spec| spec.letter_cutoffs.clone())
        .or_else(|| policy.map(|policy| policy.cutoffs.clone()))
        .unwrap_or_default();
    Some(Course {
        id: id?,
        title: title?,
        starts: spec.and_then(|spec| spec.starts),
        ends: spec.and_then(|spec| spec.ends),
        pass_threshold: pass_threshold?,
        letter_cutoffs,
        issuance: spec.and_then(|spec| spec.issuance).unwrap_or_default(),
        institution: spec.map(|spec| spec.institution.clone()).unwrap_or_default(),
        signatories: spec.map(|spec| spec.signatories.clone()).unwrap_or_default(),
        categories,
        activities,
        grading,
    })
}
