//! The import dialog's words for what a problem asks of the user: its keys and fields, and the
//! gradebook's, where `certdesk import` names its flags and other commands.

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
