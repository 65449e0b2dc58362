//! The import dialog's words for what a problem asks of the user: its keys and fields, and the
//! gradebook's, where `certdesk import` names its flags and other commands.

use crate::domain::CertificateImpact;
use crate::import::{Ask, Problem, Supplement, Waiver, Wording};

/// Words the import dialog can act on: "press Ctrl-N", "fill in the Roster field".
pub struct DialogWording;

impl Wording for DialogWording {
    fn waiver(&self, waiver: &Waiver) -> String {
        format!("press {}", super::overrule::key_of(waiver))
    }

    fn ask(&self, ask: &Ask) -> String {
        match ask {
            Ask::Give(supplement) => format!("fill in the {} field", label(*supplement)),
            Ask::In(supplement) => format!("the {}", label(*supplement).to_lowercase()),
            Ask::Draft => "Ctrl-D".to_string(),
            // The dialog cannot force a format; and a header no platform's reading recognises
            // is not read as one by naming it either.
            Ask::NameFormat => "export it again from the platform".to_string(),
            // The dialog is opened from the gradebook, whose keys set and clear a score.
            Ask::SetScores { .. } => "in the gradebook (e edits the score under the cursor, x clears it)".to_string(),
            Ask::SeeCertificates { .. } => "the Certificates tab".to_string(),
        }
    }

    /// The Certificates tab's keys, where the CLI names `certdesk regenerate` and `revoke`.
    fn certificate_advice(&self, _: &str, impacts: &[CertificateImpact]) -> Vec<String> {
        let (undeserved, stale): (Vec<&CertificateImpact>, Vec<&CertificateImpact>) =
            impacts.iter().partition(|impact| impact.not_eligible.is_some());
        let mut advice = Vec::new();
        if !stale.is_empty() {
            let s = if stale.len() == 1 { "" } else { "s" };
            advice.push(format!("Replace the stale certificate{s} with r on the Certificates tab."));
        }
        match undeserved.as_slice() {
            [] => {}
            [one] => advice.push(format!(
                "A certificate no longer deserved stays valid until revoked (nothing revokes it by itself): d on \
                 the Certificates tab, with {} selected, revokes it as deleted, if you want.",
                one.code
            )),
            _ => advice.push(
                "Certificates no longer deserved stay valid until revoked (nothing revokes them by itself): d on the \
                 Certificates tab revokes the one selected as deleted, if you want."
                    .to_string(),
            ),
        }
        advice
    }

    fn import_with_draft(&self, export: &str, supplements: &[(Supplement, &str)]) -> String {
        let mut fields = vec![format!("this file in its {} field", label(Supplement::Course))];
        fields
            .extend(supplements.iter().map(|(supplement, file)| format!("{file} in its {} field", label(*supplement))));
        format!("the import dialog (i in the gradebook): {export}, with\n{}", fields.join(",\n"))
    }
}

/// The field's label in the dialog.
fn label(supplement: Supplement) -> &'static str {
    let [_, course, policy, roster] = super::import::LABELS;
    match supplement {
        Supplement::Course => course,
        Supplement::GradingPolicy => policy,
        Supplement::Roster => roster,
    }
}

/// Each of `problems` in the dialog's words.
pub fn problem_lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|problem| problem.describe(&DialogWording)).collect()
}
