//! The drafts a template's deletion keeps: the deleting user's own and any other staff's.
//! Each stays (typed work is never lost unasked), and a template made again under that name
//! offers each back to its author, saying it was typed over the one deleted.

use jiff::Timestamp;

use super::error::Result;
use crate::domain::{DraftAuthor, when_utc};
use crate::store::Store;

/// How many other staff are named in the question before "and N more".
const NAMED: usize = 3;

/// The drafts of one template that deleting it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDrafts {
    pub name: String,
    /// When the deleting user last wrote their own draft of it, if they left one.
    pub own: Option<Timestamp>,
    /// Who else left a draft of it, by login.
    pub others: Vec<DraftAuthor>,
}

/// What deleting template `name` keeps of the drafts typed in it, `who`'s and other staff's.
pub fn drafts_kept_at_deletion(store: &Store, name: &str, who: &str) -> Result<KeptDrafts> {
    let own = store.template_draft(name, who)?.map(|draft| draft.written_at);
    let others = store.others_template_drafts(name, who)?;
    Ok(KeptDrafts { name: name.to_string(), own, others })
}

impl KeptDrafts {
    pub fn is_empty(&self) -> bool {
        self.own.is_none() && self.others.is_empty()
    }

    /// What the deletion's question (and the command's answer) says of them, a line each
    /// for the user's own draft and for the others'.
    pub fn lines(&self) -> Vec<String> {
        let name = &self.name;
        let mut lines = Vec::new();
        if let Some(written_at) = self.own {
            lines.push(format!(
                "Your unsaved edits to {name} from {} are kept as a draft: a template made again as {name} offers them back.",
                when_utc(written_at)
            ));
        }
        match self.others.as_slice() {
            [] => {}
            [one] => lines.push(format!(
                "{} has unsaved edits to {name} from {}, kept as a draft: a template made again as {name} offers them back to {}.",
                one.login,
                when_utc(one.written_at),
                one.login
            )),
            others => {
                let named = crate::domain::first_of(
                    others.iter().map(|author| format!("{} from {}", author.login, when_utc(author.written_at))),
                    NAMED,
                );
                let whose = if self.own.is_some() { "other staff" } else { "members of staff" };
                lines.push(format!(
                    "{} {whose} have unsaved edits to {name}, kept as drafts ({}): a template made again as {name} offers each theirs back.",
                    others.len(),
                    named
                ));
            }
        }
        lines
    }

    /// What is said once the template is gone, short enough for a status line: whose drafts
    /// of it stay kept.
    pub fn after_deletion(&self) -> Option<String> {
        let others = match self.others.as_slice() {
            [] => None,
            [one] => Some(format!("{}'s", one.login)),
            others => Some(format!("{} others'", others.len())),
        };
        let drafts = if usize::from(self.own.is_some()) + self.others.len() == 1 { "a draft" } else { "drafts" };
        match (self.own.is_some(), others) {
            (false, None) => None,
            (true, None) => Some(format!("your unsaved edits to it stay kept as {drafts}")),
            (false, Some(others)) => Some(format!("{others} unsaved edits to it stay kept as {drafts}")),
            (true, Some(others)) => Some(format!("your and {others} unsaved edits to it stay kept as {drafts}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_796_126_400 + minute * 60).unwrap()
    }

    fn author(login: &str, minute: i64) -> DraftAuthor {
        DraftAuthor { login: login.into(), written_at: at(minute) }
    }

    #[track_caller]
    fn says(own: Option<i64>, others: &[(&str, i64)], lines: &[&str], after: Option<&str>) {
        let kept = KeptDrafts {
            name: "gold".into(),
            own: own.map(at),
            others: others.iter().map(|(login, minute)| author(login, *minute)).collect(),
        };
        assert_eq!(kept.lines(), lines);
        assert_eq!(kept.after_deletion().as_deref(), after);
        assert_eq!(kept.is_empty(), lines.is_empty());
    }

    #[test]
    fn a_deletion_says_whose_drafts_it_keeps() {
        says(None, &[], &[], None);
        says(
            Some(0),
            &[],
            &[
                "Your unsaved edits to gold from 2026-12-01 12:00 UTC are kept as a draft: a template made again as gold offers them back.",
            ],
            Some("your unsaved edits to it stay kept as a draft"),
        );
        says(
            None,
            &[("arwen", 5)],
            &[
                "arwen has unsaved edits to gold from 2026-12-01 12:05 UTC, kept as a draft: a template made again as gold offers them back to arwen.",
            ],
            Some("arwen's unsaved edits to it stay kept as a draft"),
        );
        says(
            Some(0),
            &[("arwen", 5), ("elrond", 7)],
            &[
                "Your unsaved edits to gold from 2026-12-01 12:00 UTC are kept as a draft: a template made again as gold offers them back.",
                "2 other staff have unsaved edits to gold, kept as drafts (arwen from 2026-12-01 12:05 UTC, elrond from 2026-12-01 12:07 UTC): a template made again as gold offers each theirs back.",
            ],
            Some("your and 2 others' unsaved edits to it stay kept as drafts"),
        );
        says(
            None,
            &[("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)],
            &[
                "5 members of staff have unsaved edits to gold, kept as drafts (a from 2026-12-01 12:01 UTC, b from 2026-12-01 12:02 UTC, c from 2026-12-01 12:03 UTC and 2 more): a template made again as gold offers each theirs back.",
            ],
            Some("5 others' unsaved edits to it stay kept as drafts"),
        );
    }
}
