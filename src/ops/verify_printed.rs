//! Pages that carry no credential: the certificate codes they print, and what the issuer's
//! records hold under each, checked against the page as a credential would be.
//!
//! A PDF loses its credential when another program prints or saves it again (browsers' "Save
//! as PDF", merging tools, scanners), which keep the pages and drop the files a PDF carries;
//! and certificates exported before the issuer had a key never had one. Such a page proves
//! nothing by itself, but its code can still be looked up, as the verification page does.

use serde::Serialize;

use super::Result;
use super::printing::neutral;
use super::verify::{CodeStatus, Ended, EndedKinds, verify};
use crate::credential::pdf::{PageTexts, Pdf};
use crate::domain::printed::{PageText, other_grades, proofs, unprinted};
use crate::domain::{Certificate, Code};
use crate::store::Store;

/// A code a page prints, and what the database holds under it.
#[derive(Debug, Clone, Serialize)]
pub struct PrintedCode {
    pub page: u32,
    pub code: Code,
    /// What the database says of the code; `None` when there is no database to ask.
    pub status: Option<CodeStatus>,
    /// What became of its certificate, when it is no longer in force (the command line
    /// writes it in words, and in the JSON as `verify --json` does).
    #[serde(skip)]
    pub ended: Option<Ended>,
    /// The certificate the database holds under the code.
    pub record: Option<OnRecord>,
    /// What the page fails to print of the record, or prints otherwise.
    pub problems: Vec<String>,
}

/// What the certificate on record under a code certifies.
#[derive(Debug, Clone, Serialize)]
pub struct OnRecord {
    pub name: String,
    /// The course's title, and its id.
    pub course: String,
    pub course_id: String,
    pub grade: String,
    pub letter: Option<String>,
    /// `final` or `provisional`, as `verify --json` has it.
    pub grade_status: String,
    pub mode: String,
    pub issued_at: jiff::Timestamp,
    /// The staff account that issued it, as `verify --json` has it.
    pub issued_by: String,
    /// What `certdesk verify` says of it after whom it certifies, label and text: the course,
    /// the grade, the mode and its issue (when and by whom, which the issue line left out).
    #[serde(skip)]
    pub said: Vec<(&'static str, String)>,
    /// Whether the record was changed after issue (its digest no longer matches): then a page
    /// that prints otherwise may be the true one, and the record is not to be relied on.
    pub altered: bool,
}

impl OnRecord {
    fn of(certificate: &Certificate) -> OnRecord {
        let snapshot = &certificate.snapshot;
        OnRecord {
            name: neutral(&snapshot.full_name),
            course: snapshot.course_title.clone(),
            course_id: certificate.course_id.clone(),
            grade: snapshot.percent.to_string(),
            letter: snapshot.letter.clone(),
            grade_status: snapshot.grade_status.to_string(),
            mode: snapshot.mode.to_string(),
            issued_at: snapshot.issued_at,
            issued_by: snapshot.issued_by.clone(),
            said: super::record_lines(certificate, true).into_iter().skip(1).collect(),
            altered: !certificate.digest_matches(),
        }
    }
}

/// How the codes a file prints stand: each counted once, by its worst finding.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct PrintedCounts {
    pub pages: usize,
    pub codes: usize,
    /// On record, in force, and printed as the record says.
    pub agree: usize,
    /// On record, but the page prints something else.
    pub disagree: usize,
    /// On record, printed as it says, but superseded or revoked since.
    pub no_longer_valid: usize,
    /// No certificate of the database has the code (or it is the examples' code).
    pub not_on_record: usize,
    /// What befell the certificates of those no longer valid (the JSON has it per code, in
    /// `ended`).
    #[serde(skip)]
    pub ended: EndedKinds,
}

impl PrintedCounts {
    fn add(&mut self, printed: &PrintedCode) {
        self.codes += 1;
        match printed.status {
            None => {}
            Some(CodeStatus::Unknown | CodeStatus::Example) => self.not_on_record += 1,
            Some(_) if !printed.problems.is_empty() => self.disagree += 1,
            Some(CodeStatus::Superseded | CodeStatus::Revoked) => {
                self.no_longer_valid += 1;
                if let Some(ended) = &printed.ended {
                    self.ended.add(ended);
                }
            }
            Some(CodeStatus::Valid) => self.agree += 1,
        }
    }
}

/// Reads a file's pages for the codes they print, a batch of pages at a time.
pub struct PrintedCodes<'a> {
    pages: PageTexts<'a>,
    store: Option<&'a Store>,
    counts: PrintedCounts,
}

impl<'a> PrintedCodes<'a> {
    /// The codes pages `pages` (numbered from 1) of `pdf` print, looked up in `store`.
    pub fn of(pdf: &'a Pdf, pages: &[u32], store: Option<&'a Store>) -> PrintedCodes<'a> {
        PrintedCodes { pages: PageTexts::of(pdf, pages), store, counts: PrintedCounts::default() }
    }

    /// The codes the next pages print, in page order; `None` once every page is read.
    pub fn next_codes(&mut self) -> Result<Option<Vec<PrintedCode>>> {
        let pages = self.pages.next_batch().map_err(|error| super::OpsError::Refused(error.to_string()))?;
        if pages.is_empty() {
            return Ok(None);
        }
        self.counts.pages += pages.len();
        let mut found = Vec::new();
        for (page, text) in pages {
            for code in Code::all_in(&text) {
                let printed = self.look_up(page, code, &text)?;
                self.counts.add(&printed);
                found.push(printed);
            }
        }
        Ok(Some(found))
    }

    fn look_up(&self, page: u32, code: Code, text: &str) -> Result<PrintedCode> {
        let mut printed = PrintedCode { page, code, status: None, ended: None, record: None, problems: Vec::new() };
        let Some(store) = self.store else { return Ok(printed) };
        let verification = verify(store, code)?;
        printed.status = Some(verification.verdict.status());
        printed.ended = verification.ended();
        if let Some(certificate) = verification.verdict.certificate() {
            let record = OnRecord::of(certificate);
            printed.problems = page_problems(&record, code, text);
            printed.record = Some(record);
        }
        Ok(printed)
    }

    pub fn finish(self) -> PrintedCounts {
        self.counts
    }
}

/// What the page does not print of what the record holds (the name, the course, the grade and
/// the code), and any grade it prints that the record does not give.
fn page_problems(record: &OnRecord, code: Code, text: &str) -> Vec<String> {
    let code = code.to_string();
    let page = PageText::of(text);
    let mut problems: Vec<String> = unprinted(&page, proofs(&record.name, &record.course, &record.grade, &code))
        .into_iter()
        .map(|(what, value)| format!("the page does not print {what} the record holds ({value})"))
        .collect();
    problems.extend(
        other_grades(text, &record.grade, &[&record.name, &record.course])
            .into_iter()
            .map(|other| format!("the page prints a grade the record does not give ({other})")),
    );
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> OnRecord {
        OnRecord {
            name: "Ærwyn Øvergård".into(),
            course: "Introduction to Middle-earth Studies".into(),
            course_id: "middle-earth-101".into(),
            grade: "80.0%".into(),
            letter: Some("B".into()),
            grade_status: "final".into(),
            mode: "verified".into(),
            issued_at: jiff::Timestamp::UNIX_EPOCH,
            issued_by: "elrond".into(),
            said: Vec::new(),
            altered: false,
        }
    }

    #[test]
    fn a_page_printing_other_than_its_record_is_named() {
        let code: Code = "ZUYH-RF97-SBAK".parse().expect("a code");
        let genuine = "ÆRWYN ØVERGÅRD completed Introduction to Middle-earth Studies with 80.0% ZUYH-RF97-SBAK";
        assert_eq!(page_problems(&record(), code, genuine), Vec::<String>::new());
        let edited = "Erwin Overgard completed Introduction to Middle-earth Studies with 98.0% ZUYH-RF97-SBAK";
        assert_eq!(
            page_problems(&record(), code, edited),
            [
                "the page does not print the learner's name the record holds (Ærwyn Øvergård)",
                "the page does not print the grade the record holds (80.0%)",
                "the page prints a grade the record does not give (98.0%)",
            ]
        );
    }

    #[test]
    fn each_code_counts_once_by_its_worst_finding() {
        let printed = |status, problems: &[&str]| PrintedCode {
            page: 1,
            code: Code::EXAMPLE,
            status,
            ended: None,
            record: None,
            problems: problems.iter().map(|problem| problem.to_string()).collect(),
        };
        let mut counts = PrintedCounts::default();
        for found in [
            printed(Some(CodeStatus::Valid), &[]),
            printed(Some(CodeStatus::Valid), &["another name"]),
            printed(Some(CodeStatus::Revoked), &["another name"]),
            printed(Some(CodeStatus::Superseded), &[]),
            printed(Some(CodeStatus::Unknown), &[]),
            printed(Some(CodeStatus::Example), &[]),
            printed(None, &[]),
        ] {
            counts.add(&found);
        }
        let PrintedCounts { codes, agree, disagree, no_longer_valid, not_on_record, .. } = counts;
        assert_eq!((codes, agree, disagree, no_longer_valid, not_on_record), (7, 1, 2, 1, 2));
    }
}
