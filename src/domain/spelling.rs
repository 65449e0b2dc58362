//! "Did you mean" hints: the known word a mistyped one was most likely meant to be.

/// The closest of `candidates` to `word`, at most two edits away.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, candidate)| candidate)
}

/// What `typed` (a course id, a username) most likely meant among `ids`, case aside: the one id
/// it is, else the one that starts with it, else the one at most two edits from it; nothing when
/// several fit.
pub fn meant<'a>(typed: &str, ids: &[&'a str]) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    let only = |fits: &dyn Fn(&str) -> bool| -> Option<Option<&'a str>> {
        let mut fitting = ids.iter().copied().filter(|id| fits(&id.to_lowercase()));
        match (fitting.next(), fitting.next()) {
            (None, _) => None,
            (Some(id), None) => Some(Some(id)),
            (Some(_), Some(_)) => Some(None),
        }
    };
    // The same id in other capitals is meant, however many others start with it or are a slip
    // from it (`U3` among u0 to u9, `S100` beside s1001).
    if let Some(Some(id)) = only(&|id: &str| id == typed) {
        return Some(id);
    }
    let starts = |id: &str| typed.chars().count() >= 3 && id.starts_with(&typed);
    only(&starts).unwrap_or_else(|| only(&|id: &str| edit_distance(&typed, id) <= 2).flatten())
}

/// Edits that turn `a` into `b`: a letter inserted, deleted or changed, or two neighbours
/// swapped (`wieght` is one edit from `weight`, two from `right`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two rows up (for swaps), the row above and this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut above: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let changed = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (above[j - 1] + changed).min(row[j - 1] + 1).min(above[j] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut above);
        std::mem::swap(&mut above, &mut row);
    }
    above[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, meant};

    #[test]
    fn a_swap_is_one_slip_and_the_nearest_word_wins() {
        assert_eq!(closest("wieght", &["right", "weight"]), Some("weight"));
        assert_eq!(closest("colour", &["color", "size"]), Some("color"));
        assert_eq!(closest("zzzzzz", &["color", "size"]), None);
    }

    #[test]
    fn a_course_is_meant_by_its_start_or_a_slip_when_only_one_fits() {
        let ids = ["middle-earth-101", "middle-earth-201", "rings-101"];
        assert_eq!(meant("rings", &ids), Some("rings-101"));
        assert_eq!(meant("Rigns-101", &ids), Some("rings-101"));
        assert_eq!(meant("middle-earth", &ids), None, "two courses start so");
        assert_eq!(meant("middle-earth-10", &ids), Some("middle-earth-101"));
        assert_eq!(meant("ri", &ids), None, "too short to mean anything");
        assert_eq!(meant("history", &ids), None);
    }

    #[test]
    fn an_id_typed_in_other_capitals_is_meant_among_others_a_slip_from_it() {
        let ids = ["s100", "s1001", "s1002", "s1003", "u0", "u3", "u4"];
        assert_eq!(meant("S100", &ids), Some("s100"), "s1001 starts with it too");
        assert_eq!(meant("U3", &ids), Some("u3"), "u0 and u4 are a slip from it");
        assert_eq!(meant("s1004", &ids), None, "three are a slip from it");
    }
}
