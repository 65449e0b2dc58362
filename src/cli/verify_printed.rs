//! `certdesk verify --file` of a file that carries no credential: the codes its pages print,
//! each with what the database holds under it, and the words the verdict ends with.

use std::io::Write;

use crate::domain::counted;
use crate::ops::{CodeStatus, PrintedCode, PrintedCodes, PrintedCounts};

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
        writeln!(out, "    on record  {}", record.name)?;
        writeln!(out, "    course     {}", record.course)?;
        let letter = record.letter.as_ref().map(|letter| format!(" ({letter})")).unwrap_or_default();
        writeln!(out, "    grade      {}{letter}", record.grade)?;
        writeln!(out, "    mode       {}", record.mode)?;
        writeln!(out, "    issued     {}", record.issued_at)?;
    }
    let status = match printed.status {
        None => "not looked up: no database here",
        Some(CodeStatus::Unknown) => "unknown: this database holds no certificate with this code",
        Some(CodeStatus::Example) => "example: the code example certificates print, never issued",
        Some(status) => status.label(),
    };
    writeln!(out, "    status     {status}")?;
    for problem in &printed.problems {
        writeln!(out, "    problem    {problem}")?;
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
            out.write_all(serde_json::to_string_pretty(printed)?.replace('\n', "\n    ").as_bytes())?;
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
    let codes = counted(counts.codes, "certificate code", "certificate codes");
    if counts.codes == 0 {
        return format!(
            "{NONE}, and no certificate code can be read from its pages (a scan or a photograph has no text to read: \
             check the code it shows with certdesk verify CODE)"
        );
    }
    if !looked_up {
        return format!("{NONE} ({DROPPED}); it prints {codes}, which only the issuer's database can look up");
    }
    if counts.agree == counts.codes {
        let agree = if counts.codes == 1 { "it is" } else { "each is" };
        return format!(
            "{NONE} ({DROPPED}); it prints {codes}: {agree} on record, in force, and printed as its record says"
        );
    }
    let findings = [
        (counts.not_on_record, "not on record"),
        (counts.disagree, "printed otherwise than its record"),
        (counts.no_longer_valid, "no longer valid"),
        (counts.agree, "on record and in force"),
    ];
    let said: Vec<String> =
        findings.iter().filter(|(count, _)| *count > 0).map(|(count, what)| format!("{count} {what}")).collect();
    format!("{NONE}; it prints {codes}: {}", said.join(", "))
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
        ends(
            counts(1, 0, 0, 0, 0),
            false,
            "it prints 1 certificate code, which only the issuer's database can look up",
        );
    }
}
