//! The worst-case names the editor's preview shows, one at a time (F3 the next, F4 the one
//! before): the roster's longest name, the longest of each other script on the roster and each
//! name with a letter no font has; made-up ones, as the check uses, when there is no roster.

use crate::render::FontBook;
use crate::render::check::{long_name, roster_worst_cases, script_of};

/// A name the preview can show, with what makes it a worst case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewName {
    /// `longest name`, `Thai name`, `made-up Arabic name`.
    pub kind: String,
    pub name: String,
}

/// The names, and which of them the preview is to show.
#[derive(Debug, Clone)]
pub struct PreviewNames {
    names: Vec<PreviewName>,
    chosen: usize,
}

impl PreviewNames {
    /// `roster_worst`: the roster's worst names (`roster_worst_cases`), few however large the
    /// roster; empty when there is no course or it has no learners.
    pub fn of(roster_worst: &[String], fonts: &FontBook) -> PreviewNames {
        let names = if roster_worst.is_empty() {
            use crate::domain::name::MAX_NAME_CHARS;
            // The longest name a roster may hold, in capitals too (the widest real names),
            // and the longest sample name of each script certdesk prints.
            let mut made_up = vec![long_name(MAX_NAME_CHARS), long_name(MAX_NAME_CHARS).to_uppercase()];
            made_up.extend(crate::sample::names::GROUPS.iter().map(|group| group.longest()));
            kinds(&roster_worst_cases(&made_up, fonts), fonts, "made-up ")
        } else {
            kinds(roster_worst, fonts, "")
        };
        PreviewNames { names, chosen: 0 }
    }

    /// The index of the name the preview is to show.
    pub fn chosen(&self) -> usize {
        self.chosen
    }

    pub fn get(&self, index: usize) -> Option<&PreviewName> {
        self.names.get(index)
    }

    /// Chooses the next name, after the last the first.
    pub fn next(&mut self) {
        self.chosen = (self.chosen + 1) % self.names.len().max(1);
    }

    /// Chooses the name before, before the first the last.
    pub fn back(&mut self) {
        let count = self.names.len().max(1);
        self.chosen = (self.chosen + count - 1) % count;
    }

    /// What the preview of the name at `index` says it shows: `Thai name 2/5 — สมชาย ใจดี`.
    pub fn describe(&self, index: usize) -> String {
        match self.names.get(index) {
            Some(shown) => format!("{} {}/{} — {}", shown.kind, index + 1, self.names.len(), shown.name),
            None => "no name".to_string(),
        }
    }
}

/// The longest of `worst` first (the name most likely not to fit), then each other one, named
/// by its script or by the letter no font has, each name once.
fn kinds(worst: &[String], fonts: &FontBook, prefix: &str) -> Vec<PreviewName> {
    // The first of the longest: a made-up name before the same in capitals.
    let longest = worst.iter().rev().max_by_key(|name| name.chars().count());
    let mut names: Vec<PreviewName> = longest
        .map(|name| PreviewName { kind: format!("{prefix}longest name"), name: name.clone() })
        .into_iter()
        .collect();
    for name in worst {
        if names.iter().any(|known| known.name == *name) {
            continue;
        }
        let kind = match fonts.missing_char(name) {
            Some(missing) => format!("{prefix}name with {} no font has", crate::domain::shown::named_char(missing)),
            None => format!("{prefix}{}", script_kind(name)),
        };
        names.push(PreviewName { kind, name: name.clone() });
    }
    names
}

/// `Thai name`, `Latin name in capitals`; a name of no script's letters is just a name.
fn script_kind(name: &str) -> String {
    // Han is the script of a Chinese name and of a Japanese one written kanji first: kana say
    // which.
    let kana = |c: char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9f}');
    if name.chars().any(kana) {
        return "Japanese name".to_string();
    }
    let script = script_of(name);
    // A script without capitals (Thai, Arabic) has no lowercase either: the check tells such
    // a name from others of its script all the same, but it is not in capitals.
    match script.strip_suffix(" capitals") {
        Some(script) if name.chars().any(char::is_uppercase) => format!("{script} name in capitals"),
        Some(script) => format!("{script} name"),
        None if script == "Common" => "name".to_string(),
        None => format!("{script} name"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(names: &[&str]) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
        roster_worst_cases(&names, &FontBook::new())
    }

    #[test]
    fn the_longest_comes_first_then_each_other_script_once() {
        let names = PreviewNames::of(
            &roster(&["สมชาย ใจดี", "Bilbo Baggins", "Frodo Baggins of Bag End", "محمد علي", "Anna"]),
            &FontBook::new(),
        );
        let described: Vec<String> = (0..4).map(|index| names.describe(index)).collect();
        assert_eq!(
            described,
            [
                "longest name 1/3 — Frodo Baggins of Bag End",
                "Arabic name 2/3 — محمد علي",
                "Thai name 3/3 — สมชาย ใจดี",
                "no name"
            ]
        );
    }

    #[test]
    fn a_name_with_kana_is_japanese_whatever_its_first_letter() {
        assert_eq!(script_kind("山田 はなこ"), "Japanese name");
        assert_eq!(script_kind("サトウ 太郎"), "Japanese name");
        assert_eq!(script_kind("王小明"), "Han name");
        assert_eq!(script_kind("Анна"), "Cyrillic name");
    }

    #[test]
    fn next_and_back_go_round() {
        let mut names =
            PreviewNames::of(&roster(&["Bilbo Baggins of Bag End", "Анна Каренина", "Σοφία"]), &FontBook::new());
        assert_eq!(names.chosen(), 0);
        names.back();
        assert_eq!(names.chosen(), 2);
        names.next();
        names.next();
        assert_eq!(names.chosen(), 1);
        assert_eq!(names.get(1).map(|name| name.kind.as_str()), Some("Cyrillic name"));
    }

    #[test]
    fn a_name_no_font_can_draw_says_so() {
        let names = PreviewNames::of(&roster(&["Bilbo Baggins", "\u{10FFFD}x"]), &FontBook::new());
        assert_eq!(names.describe(1), "name with U+10FFFD (private use) no font has 2/2 — \u{10FFFD}x");
    }

    #[test]
    fn without_a_roster_the_names_are_made_up_in_every_script() {
        let names = PreviewNames::of(&[], &FontBook::new());
        let longest = names.get(0).expect("a name");
        assert_eq!(longest.kind, "made-up longest name");
        assert_eq!(longest.name.chars().count(), crate::domain::name::MAX_NAME_CHARS);
        assert!(longest.name.starts_with("Maximiliana"), "{longest:?}");
        let kinds: Vec<&str> = (1..20).filter_map(|index| names.get(index)).map(|name| name.kind.as_str()).collect();
        for kind in
            ["made-up Latin name in capitals", "made-up Thai name", "made-up Arabic name", "made-up Devanagari name"]
        {
            assert!(kinds.contains(&kind), "{kind}: {kinds:?}");
        }
    }
}
