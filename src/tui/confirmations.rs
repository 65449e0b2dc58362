//! The questions the certificates pane asks before it acts: each says exactly what will happen
//! (the dry run of a generate, regenerate or mail), or why there is nothing to do.

use super::action::Action;
use super::course::Loaded;
use super::popup::ConfirmDialog;
use crate::domain::{Ineligible, MailSettings, counted};
use crate::ops::{self, DeleteTarget};

/// How every place of the TUI says a course has no active certificates.
pub const NO_ACTIVE: &str = "No active certificates";

/// [`NO_ACTIVE`], with what they were wanted for (` to export`), and the key that issues them:
/// the pane, `e`, `v` and `r` say it alike, where they had three wordings.
pub fn no_active(wanted_for: &str) -> String {
    format!("{NO_ACTIVE}{wanted_for}: press g to generate them.")
}

/// Past this many certificates of learners no longer eligible, staff are not sent to delete
/// them one at a time.
const ONE_BY_ONE: usize = 20;

/// What staff can do with `count` certificates whose learners are no longer eligible, in the
/// TUI's keys: a few are deleted with `d` on each, or their learners allowed with `a` in the
/// gradebook; for more, the bulk action there is: delete every certificate and issue the
/// eligible ones again.
/// Allowing a learner helps only the `allowable` ones their grade keeps out: a withdrawn,
/// audit or barred learner stays so.
pub(super) fn delete_or_allow(count: usize, allowable: usize) -> &'static str {
    match (count, allowable) {
        (1, 0) => "delete it (d)",
        (1, _) => "delete it (d) or allow the learner (a in the gradebook)",
        (2..=ONE_BY_ONE, 0) => "delete them (d on each)",
        (2..=ONE_BY_ONE, _) if allowable == count => {
            "delete them (d on each) or allow the learners (a in the gradebook)"
        }
        (2..=ONE_BY_ONE, _) => "delete them (d on each), or allow those their grade keeps out (a in the gradebook)",
        _ => "delete every certificate (D), then issue the eligible new ones with new codes (g)",
    }
}

/// What staff can do with the certificates of learners not eligible now for `reasons` (one a
/// certificate). A name that no font given now draws, or a new page the template cannot
/// print, was printed when the certificate was issued (most often certdesk was started
/// without the `--fonts` it had then): deleting the certificate or allowing the learner would
/// not help, so those are sent to the fonts or the template.
pub(super) fn what_to_do(reasons: &[Ineligible]) -> String {
    let missing: Vec<char> = reasons
        .iter()
        .filter_map(|reason| match reason {
            Ineligible::Unprintable(c) => Some(*c),
            _ => None,
        })
        .collect();
    let template = reasons.iter().filter(|reason| **reason == Ineligible::UnprintablePage).count();
    let others = reasons.len() - missing.len() - template;
    let mut advice = Vec::new();
    if let Some(first) = missing.first() {
        let more = if missing.iter().any(|c| c != first) { " and others" } else { "" };
        advice.push(format!(
            "no font given has {}{more} of {}: start certdesk with --fonts DIR holding one",
            crate::domain::shown::named_char(*first),
            if missing.len() == 1 { "the name" } else { "their names" }
        ));
    }
    if template > 0 {
        advice.push("a new one would not fit the template: fix the template (3)".to_string());
    }
    if others > 0 {
        let allowable = reasons.iter().filter(|reason| reason.allowlist_helps()).count();
        advice.push(delete_or_allow(others, allowable).to_string());
    }
    advice.join("; ")
}

/// Learners named in a dialog before "... and N more".
const NAMED: usize = 6;

/// The dialog for `action` with exactly what it will do, or why there is nothing to do.
pub(super) fn confirmation(course: &Loaded, action: &Action, now: jiff::Timestamp) -> Result<ConfirmDialog, String> {
    let state = &course.state;
    let id = course.id();
    let dialog = match action {
        Action::Generate => {
            let plan = ops::plan_generation(state);
            if plan.issued.is_empty() {
                let mut said = format!(
                    "Nothing to generate: {} already certified, {} not eligible.",
                    plan.already_certified,
                    plan.not_eligible_count()
                );
                if let Some(page) = plan.unprintable_pages.first() {
                    let pages = counted(plan.unprintable_pages.len(), "of them has a page", "of them have pages");
                    said.push_str(&format!(
                        " {pages} the template cannot print ({}: {}): fix the template (3).",
                        page.username, page.problem
                    ));
                }
                return Err(said);
            }
            let provisional = plan.issued.iter().filter(|issued| issued.provisional).count();
            let mut lines = vec![
                format!("Generate certificates for {id}? Dry run:"),
                format!(
                    "  issue {} ({provisional} provisional)",
                    crate::domain::counted(plan.issued.len(), "certificate", "certificates")
                ),
                format!("  skip {} already certified", plan.already_certified),
            ];
            for (reason, usernames) in &plan.not_eligible {
                lines.push(format!("  skip {} not eligible: {reason} ({})", usernames.len(), named(usernames)));
            }
            if plan.not_eligible.keys().any(|reason| matches!(reason, Ineligible::Unprintable(_))) {
                lines.push("  for a name no font has: start certdesk with --fonts DIR holding one".to_string());
            }
            if let Some(page) = plan.unprintable_pages.first() {
                lines.push(format!(
                    "  for a page the template cannot print ({}: {}): fix the template (3)",
                    page.username, page.problem
                ));
            }
            if let Some(advice) = ops::placeholder_url_advice(&state.settings, "u in the settings (s)") {
                lines.push(format!("  they would name {advice}"));
            }
            ConfirmDialog::new("Generate certificates", lines, action.clone())
        }
        Action::Regenerate(_) if course.certificates.active_count() == 0 => return Err(no_active(" to regenerate")),
        Action::Regenerate(target) => {
            let plan = ops::plan_regeneration(state, target).map_err(|error| error.to_string())?;
            // Not stale, yet no longer deserved (a raised threshold): regenerating leaves them.
            let (undeserved, undeserved_why): (Vec<String>, Vec<Ineligible>) =
                not_eligible_now(state).into_iter().unzip();
            if plan.reissued.is_empty() && plan.not_eligible.is_empty() {
                // The message line's two rows at 80 columns (the course is named above them):
                // one learner named, many counted.
                return Err(match undeserved.as_slice() {
                    [] => format!("No stale certificates in {id}: every certificate says what is true."),
                    [one] => format!(
                        "No stale certificates; {one} is not eligible now, which r leaves: {}.",
                        what_to_do(&undeserved_why)
                    ),
                    many => format!(
                        "No stale certificates; {} not eligible now, which r leaves: {}.",
                        many.len(),
                        what_to_do(&undeserved_why)
                    ),
                });
            }
            let (with, stay) = match plan.reissued.len() {
                1 => ("one that says", "The old one stays"),
                _ => ("ones that say", "The old ones stay"),
            };
            let mut lines = vec![format!(
                "Replace {} of {id} with {with} what is true now? {stay} in the history as superseded. Dry run:",
                crate::domain::counted(plan.reissued.len(), "stale certificate", "stale certificates")
            )];
            for reissue in plan.reissued.iter().take(NAMED) {
                lines.push(format!("  reissue {}: {}", reissue.username, reissue.change));
            }
            if plan.reissued.len() > NAMED {
                lines.push(format!("  ... and {} more", plan.reissued.len() - NAMED));
            }
            // What r leaves, as the dialog's lines ("skip", "leave") or, with nothing to
            // replace, the message's sentence.
            let mut left = Vec::new();
            let mut by_reason = std::collections::BTreeMap::<_, Vec<String>>::new();
            for refusal in &plan.not_eligible {
                by_reason.entry(refusal.reason).or_default().push(refusal.username.clone());
            }
            for (reason, usernames) in by_reason {
                let (count, names, advice) =
                    (usernames.len(), named(&usernames), what_to_do(&vec![reason; usernames.len()]));
                left.push(("skip", format!("{count} stale, not eligible: {reason} ({names}): {advice}")));
            }
            if !undeserved.is_empty() {
                let (count, names, advice) = (undeserved.len(), named(&undeserved), what_to_do(&undeserved_why));
                left.push(("leave", format!("{count} not eligible now, not stale ({names}): {advice}")));
            }
            if plan.reissued.is_empty() {
                let left: Vec<String> = left.into_iter().map(|(_, what)| what).collect();
                return Err(format!("No stale certificate r can replace; {}.", left.join("; ")));
            }
            lines.extend(left.into_iter().map(|(verb, what)| format!("  {verb} {what}")));
            ConfirmDialog::new("Regenerate stale certificates", lines, action.clone())
        }
        Action::Delete(DeleteTarget::All) => {
            let count = course.certificates.active_count();
            if count == 0 {
                return Err(format!("{NO_ACTIVE} to delete."));
            }
            let lines = vec![format!(
                "Delete the {} of {id}? {} in the history as revoked.",
                crate::domain::counted(count, "active certificate", "active certificates"),
                if count == 1 { "It stays" } else { "They stay" }
            )];
            ConfirmDialog::new("Delete all certificates", lines, action.clone()).typing(id)
        }
        Action::Delete(DeleteTarget::Learner(username) | DeleteTarget::Shown { username, .. }) => {
            let standing = state.learner(username).ok_or_else(|| format!("{id} has no learner {username}"))?;
            let entry = standing.active().ok_or_else(|| format!("{username} has no active certificate"))?;
            if let Action::Delete(DeleteTarget::Shown { code, .. }) = action
                && *code != entry.certificate.code
            {
                return Err(format!("{username}'s certificate {code} was replaced by {}", entry.certificate.code));
            }
            let lines = vec![format!(
                "Delete certificate {} of {username} ({})? It stays in the history as revoked.",
                entry.certificate.code, standing.enrollment.full_name
            )];
            ConfirmDialog::new("Delete certificate", lines, action.clone())
        }
        Action::SetScore { username, activity, points: None } => {
            let lines = vec![super::app_grades::clear_score_question(state, username, activity, now)?];
            ConfirmDialog::new("Clear score", lines, action.clone())
        }
        Action::SetAllowed { username, allowed } => {
            let lines = vec![super::allowlist::question(state, username, *allowed)?];
            let title = if *allowed { "Allow a certificate" } else { "Take off the allowlist" };
            ConfirmDialog::new(title, lines, action.clone())
        }
        Action::ChangeSettings(change) if change.self_generation == Some(true) => {
            let mut lines = vec![format!(
                "Turn self-generation on for {id}? Every eligible learner will be able to issue their own certificate."
            )];
            if let Some(unprintable) = &course.unprintable {
                lines.push(format!(
                    "But {}. Until then they are refused; everyone else is served.",
                    unprintable.warning()
                ));
            }
            ConfirmDialog::new("Self-generation", lines, action.clone())
        }
        other => return Err(format!("Nothing to confirm for {other:?}.")),
    };
    Ok(dialog)
}

/// The dry run of `certdesk mail` with the kept settings, or why there is nothing to send.
/// `store` is asked only whether what the messages attach carries credentials a retired key
/// signed.
pub(super) fn mail_confirmation(
    course: &Loaded,
    settings: &MailSettings,
    store: &crate::store::Store,
) -> Result<ConfirmDialog, String> {
    let (state, mail) = (&course.state, &course.mail);
    let plan = crate::mail::plan(state, &mail.deliveries, &mail.farewell, &crate::mail::Selection::default())
        .map_err(|error| error.to_string())?;
    let (Some(url), Some(from)) = (&settings.smtp_url, &settings.from) else {
        return Err("No mail server: certdesk mail-settings --smtp URL --from ADDRESS, then m.".into());
    };
    let held_back: Vec<String> = plan.held_back.iter().map(|(username, why)| format!("{username}: {why}")).collect();
    if plan.messages.is_empty() {
        let held = match held_back.is_empty() {
            true => String::new(),
            false => format!(
                " {} held back, no longer deserved ({}): {}.",
                counted(held_back.len(), "certificate", "certificates"),
                named(&held_back),
                delete_or_allow(held_back.len(), plan.held_back_allowable)
            ),
        };
        return Err(format!(
            "Nothing to mail: {} had their message already (certdesk mail --resend sends again).{held}",
            counted(plan.already_sent, "learner", "learners")
        ));
    }
    let certified = plan.messages.iter().filter(|planned| planned.certificate.is_some()).count();
    let per_minute = settings.per_minute.max(1) as usize;
    let duration = match plan.messages.len() {
        n if n <= per_minute => "under a minute".to_string(),
        n => format!("about {} minutes", n.div_ceil(per_minute)),
    };
    let mut lines = vec![
        format!("Mail the learners of {} through {url} as {from}? Dry run:", course.id()),
        format!("  {certified} with their certificate attached"),
    ];
    if plan.messages.len() > certified {
        lines.push(format!("  {} farewells to learners without a certificate", plan.messages.len() - certified));
    }
    lines.push(format!("  skip {} who had their message already", plan.already_sent));
    if !plan.no_address.is_empty() {
        lines.push(format!("  skip {} with no address ({})", plan.no_address.len(), named(&plan.no_address)));
    }
    if !held_back.is_empty() {
        // Said before: a certificate staff will want to revoke is not mailed.
        lines.push(format!(
            "  hold back {} no longer deserved ({}): {}",
            held_back.len(),
            named(&held_back),
            delete_or_allow(held_back.len(), plan.held_back_allowable)
        ));
    }
    if !plan.mailed_before.is_empty() {
        let mailed: Vec<String> = plan.mailed_before.iter().map(|(username, _)| username.clone()).collect();
        lines.push(format!(
            "  no farewell for {} mailed a certificate since revoked or deleted ({})",
            mailed.len(),
            named(&mailed)
        ));
    }
    // Said before they go: one inbox gets several messages, each learner their own.
    const SHARED_SHOWN: usize = 3;
    for (address, usernames) in plan.shared_addresses.iter().take(SHARED_SHOWN) {
        lines.push(format!("  {address} is the address of {}: each gets their own message", named(usernames)));
    }
    if plan.shared_addresses.len() > SHARED_SHOWN {
        let more = plan.shared_addresses.len() - SHARED_SHOWN;
        lines.push(format!(
            "  ... and {} of several learners (certdesk mail --dry-run lists them)",
            counted(more, "more address", "more addresses")
        ));
    }
    if !plan.stale.is_empty() {
        // Said before they go: a stale certificate goes as issued, its old grade or name with it.
        let stale: Vec<String> = plan.stale.iter().map(|(username, _)| username.clone()).collect();
        lines.push(format!(
            "  {} stale, sent as issued unless r replaces them first ({})",
            plan.stale.len(),
            named(&stale)
        ));
    }
    // Said before they go: verifiers refuse these, and learners would keep what was mailed.
    let (attached, signed) = crate::mail::signed_with_retired(store, &plan).map_err(|error| error.to_string())?;
    if signed > 0 {
        let them = if signed == 1 { "it" } else { "them" };
        lines.push(format!(
            "  {}: certdesk issuer resign signs {them} again, before the messages go",
            ops::retired_among(signed, attached, "to mail")
        ));
    }
    if crate::mail::link_base(state).is_some() {
        lines.push("  each with a personal link to their own page (self-generation is on)".into());
    }
    lines.push(format!("  at most {} a minute: {duration} (Esc stops between messages)", settings.per_minute));
    Ok(ConfirmDialog::new("Mail learners", lines, Action::Mail))
}

/// The learners whose active certificate is not stale but who are not eligible now.
fn not_eligible_now(state: &ops::CourseState) -> Vec<(String, Ineligible)> {
    let undeserved = |standing: &ops::Standing| match standing.eligibility {
        Err(reason) if standing.active().is_some() && standing.staleness().is_none() => {
            Some((standing.username().to_string(), reason))
        }
        _ => None,
    };
    state.learners.iter().filter_map(undeserved).collect()
}

/// The first learners of a dry run's list, then `and N more`.
fn named(usernames: &[String]) -> String {
    crate::domain::first_of(usernames, NAMED)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `d on each` is advice for a few; thousands are deleted with `D`, and `g` issues the
    /// eligible ones again.
    #[test]
    fn the_advice_for_certificates_no_longer_deserved_fits_their_count() {
        assert_eq!(delete_or_allow(1, 1), "delete it (d) or allow the learner (a in the gradebook)");
        assert_eq!(
            delete_or_allow(ONE_BY_ONE, ONE_BY_ONE),
            "delete them (d on each) or allow the learners (a in the gradebook)"
        );
        for many in [ONE_BY_ONE + 1, 18_000] {
            let advice = delete_or_allow(many, many);
            assert!(advice.contains("(D)") && advice.contains("(g)") && !advice.contains("d on each"), "{advice}");
        }
    }

    /// Allowing a withdrawn learner does nothing (`certdesk allow` says so): only the learners
    /// their grade keeps out are sent to it.
    #[test]
    fn allowing_is_advised_only_for_learners_it_helps() {
        let advice = |reasons: &[Ineligible]| what_to_do(reasons);
        assert_eq!(advice(&[Ineligible::Withdrawn]), "delete it (d)");
        assert_eq!(advice(&[Ineligible::Invalidated, Ineligible::Audit]), "delete them (d on each)");
        assert_eq!(advice(&[Ineligible::BelowThreshold]), "delete it (d) or allow the learner (a in the gradebook)");
        assert_eq!(advice(&[Ineligible::Provisional]), "delete it (d) or allow the learner (a in the gradebook)");
        assert_eq!(
            advice(&[Ineligible::Withdrawn, Ineligible::BelowThreshold]),
            "delete them (d on each), or allow those their grade keeps out (a in the gradebook)"
        );
    }

    #[test]
    fn a_long_list_of_skipped_learners_ends_as_the_list_of_reissues_does() {
        let usernames: Vec<String> = (1..=8).map(|n| format!("learner{n:06}")).collect();
        let named_six = "learner000001, learner000002, learner000003, learner000004, learner000005, learner000006";
        assert_eq!(named(&usernames), format!("{named_six} and 2 more"));
        assert_eq!(named(&usernames[..NAMED]), named_six);
    }
}
