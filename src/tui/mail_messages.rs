//! What a mail run says when it ends: on the status line, with the key that sends the rest, and
//! to the shell when the app quit while it ran, with the command that does.

use crate::domain::counted;
use crate::mail::{MailReport, named};

/// What a mail run did, for the status line. One stopped with Esc says how many it mailed and
/// how many `m` has left to mail, as a stopped generate says what `g` has left to issue.
pub(super) fn mailed(report: &MailReport) -> String {
    let mailed = counted(report.sent.len(), "learner", "learners");
    let mut message = match report.cancelled {
        true => format!("Stopped: mailed {mailed} before Esc; m mails the other {}.", report.not_reached.len()),
        false => format!("Mailed {mailed}."),
    };
    message.push_str(&refusals(report));
    if let Some(stopped) = report.stopped.as_ref().filter(|_| !report.cancelled) {
        let rest = match report.refused_alike.is_empty() {
            true => "m sends the rest",
            false => "once that is mended, m sends to those refused and the rest",
        };
        message.push_str(&format!(" Stopped: {stopped}; {rest}."));
    }
    message
}

/// A run the mail server stopped, for a dialog: what was sent, why it stopped with what to do,
/// and who is left, which the status line would cut short. `None` for a run that ended by
/// itself or was stopped with Esc.
pub(super) fn stopped_by_server(report: &MailReport) -> Option<Vec<String>> {
    let stopped = report.stopped.as_ref().filter(|_| !report.cancelled)?;
    let mut lines = vec![format!("Mailed {}.", counted(report.sent.len(), "learner", "learners"))];
    let refused = refusals(report);
    if !refused.is_empty() {
        lines.push(refused.trim_start().to_string());
    }
    lines.push(format!("Stopped: {stopped}."));
    if !report.not_reached.is_empty() {
        lines.push(format!("Not reached yet: {}.", named(&report.not_reached)));
    }
    lines.push(match report.refused_alike.is_empty() {
        true => "m sends the rest.".into(),
        false => "Once that is mended, m sends to those refused and the rest.".into(),
    });
    Some(lines)
}

/// What the shell is told of a mail run the app quit during (Ctrl-C, a signal), once the
/// terminal is given back: what was sent and, stopped short, who has had nothing yet and the
/// command that mails them, since the certificates pane that would show it is gone.
pub(super) fn mailed_on_quit(course: &str, report: &MailReport) -> String {
    let mailed = counted(report.sent.len(), "learner", "learners");
    let Some(stopped) = &report.stopped else {
        return format!("Mailed {mailed}.{}", refusals(report));
    };
    let why = match report.cancelled {
        true => String::new(),
        false => format!(": {stopped}"),
    };
    let have = if report.not_reached.len() == 1 { "has" } else { "have" };
    format!(
        "Mailed {mailed}, then stopped{why}; {} {have} not had their message yet: `certdesk mail {course}` sends it.{}",
        named(&report.not_reached),
        refusals(report)
    )
}

/// The learners not sent to, the first reason in full (the others are in the certificates'
/// mail column) and whether the next run tries again: a message the server refused may go next
/// time, one that could not be made (an address mail cannot take) fails the same way until what
/// it says is mended.
fn refusals(report: &MailReport) -> String {
    // The refusals that stopped the run are said once, with the stop.
    let one_by_one = report.refused.iter().filter(|not_sent| !report.refused_alike.contains(&not_sent.username));
    let (unmade, refused): (Vec<_>, Vec<_>) = one_by_one.partition(|not_sent| not_sent.unmade);
    let mut said = String::new();
    for (refusals, retry) in [
        (refused, "the next run tries again"),
        (unmade, "no message could be made, and the next run fails the same way until that is mended"),
    ] {
        if let Some(first) = refusals.first() {
            let names: Vec<&str> = refusals.iter().map(|not_sent| not_sent.username.as_str()).collect();
            said.push_str(&format!(
                " Not sent to {} ({}): {}; {retry}.",
                counted(names.len(), "learner", "learners"),
                names.join(", "),
                first.why
            ));
        }
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::NotSent;

    fn stopped_with_esc() -> MailReport {
        MailReport {
            sent: vec![("sam".into(), "the certificate K7QF-M2XD-9HTA".into())],
            refused: vec![NotSent {
                username: "merry".into(),
                why: "refused by the mail server: 550 mailbox full".into(),
                unmade: false,
            }],
            stopped: Some("cancelled".into()),
            cancelled: true,
            not_reached: (1..=12).map(|n| format!("learner{n:02}")).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_mail_run_stopped_with_esc_says_what_it_mailed_and_what_m_has_left() {
        assert_eq!(
            mailed(&stopped_with_esc()),
            "Stopped: mailed 1 learner before Esc; m mails the other 12. Not sent to 1 learner (merry): refused by \
             the mail server: 550 mailbox full; the next run tries again."
        );
    }

    #[test]
    fn the_shell_hears_a_mail_run_stopped_by_quitting_with_who_is_left_and_the_command() {
        assert_eq!(
            mailed_on_quit("synthetic", &stopped_with_esc()),
            "Mailed 1 learner, then stopped; 12 learners (learner01, learner02, learner03, learner04, learner05, \
             learner06, learner07, learner08, learner09, learner10 and 2 more) have not had their message yet: \
             `certdesk mail synthetic` sends it. Not sent to 1 learner (merry): refused by the mail server: 550 \
             mailbox full; the next run tries again."
        );
        // Stopped by the server, the shell hears why; run to its end, what it did.
        let mut report = stopped_with_esc();
        report.cancelled = false;
        report.refused.clear();
        report.stopped = Some("the mail server cannot be used: nothing answers at 127.0.0.1:2525".into());
        report.not_reached.truncate(1);
        assert_eq!(
            mailed_on_quit("synthetic", &report),
            "Mailed 1 learner, then stopped: the mail server cannot be used: nothing answers at 127.0.0.1:2525; 1 \
             learner (learner01) has not had their message yet: `certdesk mail synthetic` sends it."
        );
        report.stopped = None;
        report.not_reached.clear();
        assert_eq!(mailed_on_quit("synthetic", &report), "Mailed 1 learner.");
    }
}
