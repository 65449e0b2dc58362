//! `certdesk verify --file` of a file that carries no credential: the codes its pages print,
//! each with what the database holds under it, and the words the verdict ends with.

use std::io::Write;

use super::verify_file::write_line;
use crate::domain::{counted, counts_listed};
use crate::ops::{PrintedCode, PrintedCodes, PrintedCounts};

/// Each code as it is found, in the layout of a credential's check.
pub(super) fn write_text(mut codes: PrintedCodes, out: &mut impl Write) -> anyhow::Result<PrintedCounts> {
    while let Some(found) = codes.next_codes()? {
        for printed in &found {
            write_code(printed, out)?;
        }
    }
    Ok(codes.finish())
}

fn write_code(printed: &PrintedCode, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "page {} (no credential) prints the code {}", printed.page, printed.code)?;
    if let Some(record) = &printed.record {
        write_line(out, "on record", &record.name)?;
        // Each line as `verify CODE` writes it.
        for (label, text) in &record.said {
            write_line(out, label, text)?;
        }
    }
    if !super::verify_file::write_ended(printed.ended.as_ref(), out)? {
        let status = match printed.status {
            None => "not looked up: no database here",
            Some(status) => super::verify_file::status_said(status),
        };
        write_line(out, "status", status)?;
    }
    for problem in &printed.problems {
        write_line(out, "problem", problem)?;
    }
    // Said after what the page prints otherwise, which the record's change may be.
    if printed.record.as_ref().is_some_and(|record| record.altered) {
        write_line(out, "ALTERED", crate::ops::ALTERED)?;
    }
    Ok(())
}

/// `"printed_codes": [...]` and `"printed": {...}`, members of the file's JSON document.
pub(super) fn write_json(mut codes: PrintedCodes, out: &mut impl Write) -> anyhow::Result<PrintedCounts> {
    out.write_all(b",\n  \"printed_codes\": [")?;
    let mut first = true;
    loop {
        let found = match codes.next_codes() {
            Ok(Some(found)) => found,
            Ok(None) => break,
            Err(error) => {
                // A whole JSON document still: the codes read so far, and why it ended.
                out.write_all(if first { b"]" } else { b"\n  ]" })?;
                writeln!(out, ",\n  \"error\": {}\n}}", serde_json::to_string(&error.to_string())?)?;
                return Err(error.into());
            }
        };
        for printed in &found {
            out.write_all(if first { b"\n    " } else { b",\n    " })?;
            first = false;
            let checked = super::verify_file::Checked::with(printed, printed.ended.as_ref());
            out.write_all(serde_json::to_string_pretty(&checked)?.replace('\n', "\n    ").as_bytes())?;
        }
    }
    out.write_all(if first { b"]" } else { b"\n  ]" })?;
    let counts = codes.finish();
    write!(out, ",\n  \"printed\": {}", serde_json::to_string_pretty(&counts)?.replace('\n', "\n  "))?;
    Ok(counts)
}

/// The verdict on a file without a credential, after what its codes came to.
pub(super) fn headline(counts: &PrintedCounts, looked_up: bool) -> String {
    const NONE: &str = "NO CREDENTIAL: the file carries no certdesk credential";
    const DROPPED: &str = "a program that printed or saved it again drops it: ask for the file certdesk wrote";
    if counts.codes == 0 {
        return format!(
            "{NONE}, and no certificate code can be read from its pages (a scan or a photograph has no text to read: \
             check the code it shows with certdesk verify CODE)"
        );
    }
    let said = codes_said(counts, looked_up, "it prints");
    if counts.agree == counts.codes || !looked_up {
        format!("{NONE} ({DROPPED}); {said}")
    } else {
        format!("{NONE}; {said}")
    }
}

/// What the pages without a credential of a file that has credentials came to, said after
/// the verdict on its credentials.
pub(super) fn beside(pages: &[u32], counts: &PrintedCounts, looked_up: bool) -> String {
    let (carry, it, prints) = match pages {
        [_] => ("carries", "it", "it prints"),
        _ => ("carry", "them", "they print"),
    };
    let said = match counts.codes {
        0 => format!("no certificate code can be read from {it}"),
        _ => codes_said(counts, looked_up, prints),
    };
    format!("; {} {carry} no credential, so nothing vouches for {it}; {said}", pages_named(pages))
}

/// `page 2`, `pages 2 and 5`, `pages 2, 5 and 7`; past five, how many and the first five.
fn pages_named(pages: &[u32]) -> String {
    const NAMED: usize = 5;
    let listed = |pages: &[u32]| pages.iter().map(u32::to_string).collect::<Vec<_>>();
    match pages {
        [page] => format!("page {page}"),
        _ if pages.len() > NAMED => format!("{} pages ({}, …)", pages.len(), listed(&pages[..NAMED]).join(", ")),
        [rest @ .., last] => format!("pages {} and {last}", listed(rest).join(", ")),
        [] => "no page".into(),
    }
}

/// `PRINTS 2 certificate codes: each is on record, …`, or how many fell short and how.
fn codes_said(counts: &PrintedCounts, looked_up: bool, prints: &str) -> String {
    let codes = counted(counts.codes, "certificate code", "certificate codes");
    if !looked_up {
        return format!("{prints} {codes}, which only the issuer's database can look up");
    }
    if counts.agree == counts.codes {
        let agree = if counts.codes == 1 { "it is" } else { "each is" };
        return format!("{prints} {codes}: {agree} on record, in force, and printed as its record says");
    }
    let short = [(counts.not_on_record, "not on record"), (counts.disagree, "printed otherwise than its record")];
    let ended = super::verify::ended_kinds(counts.no_longer_valid, &counts.ended);
    let agree = [(counts.agree, "on record and in force")];
    format!("{prints} {codes}: {}", counts_listed(&[&short[..], &ended[..], &agree[..]].concat()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_says_what_the_codes_came_to() {
        let counts = |codes, agree, disagree, no_longer_valid, not_on_record| PrintedCounts {
            pages: 3,
            codes,
            agree,
            disagree,
            no_longer_valid,
            not_on_record,
            ended: crate::ops::EndedKinds::default(),
        };
        let ends = |counts: PrintedCounts, looked_up: bool, end: &str| {
            let said = headline(&counts, looked_up);
            assert!(said.starts_with("NO CREDENTIAL: the file carries no certdesk credential"), "{said}");
            assert!(said.ends_with(end), "{said}");
        };
        ends(counts(0, 0, 0, 0, 0), true, "check the code it shows with certdesk verify CODE)");
        ends(
            counts(2, 2, 0, 0, 0),
            true,
            "it prints 2 certificate codes: each is on record, in force, and printed as its record says",
        );
        ends(
            counts(4, 1, 1, 1, 1),
            true,
            "it prints 4 certificate codes: 1 not on record, 1 printed otherwise than its record, 1 no longer valid, 1 on record and in force",
        );
        // What befell the codes no longer valid is said, each kind counted.
        let ended = crate::ops::EndedKinds { superseded: 2, revoked: 0, withdrawn: 1 };
        ends(
            PrintedCounts { ended, ..counts(4, 1, 0, 3, 0) },
            true,
            "it prints 4 certificate codes: 2 superseded, 1 withdrawn, 1 on record and in force",
        );
        ends(
            counts(1, 0, 0, 0, 0),
            false,
            "it prints 1 certificate code, which only the issuer's database can look up",
        );
    }

    #[test]
    fn pages_without_a_credential_are_named_beside_the_verdict() {
        let counts = PrintedCounts { pages: 1, codes: 1, agree: 1, ..PrintedCounts::default() };
        assert_eq!(
            beside(&[2], &counts, true),
            "; page 2 carries no credential, so nothing vouches for it; it prints 1 certificate code: it is on \
             record, in force, and printed as its record says"
        );
        let none = PrintedCounts { pages: 2, ..PrintedCounts::default() };
        assert_eq!(
            beside(&[2, 5], &none, true),
            "; pages 2 and 5 carry no credential, so nothing vouches for them; no certificate code can be read from \
             them"
        );
        assert_eq!(pages_named(&[2, 5, 7]), "pages 2, 5 and 7");
        assert_eq!(pages_named(&[1, 2, 3, 4, 5, 6, 7]), "7 pages (1, 2, 3, 4, 5, …)");
    }
}
