//! A credential held against the certificate the issuer's database keeps under its code. A
//! signature proves only that a key of the issuer signed: a key that leaked (a key file left
//! readable, a backup) signs a forged grade as well as a true one, and only the record tells
//! them apart. A genuine credential is built from its certificate's snapshot, which is never
//! edited, so it says exactly what the record says.

use super::Payload;
use crate::domain::{Certificate, GradeStatus};

impl Payload {
    /// What this credential says otherwise than `certificate`, the record under its code, one
    /// sentence each; empty for a credential the issuer made from it.
    pub fn differences_from_record(&self, certificate: &Certificate) -> Vec<String> {
        let snapshot = &certificate.snapshot;
        let status = |provisional: bool| if provisional { "provisional" } else { "final" };
        let issued_at = snapshot.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        let course = format!("/courses/{}", certificate.course_id);
        let compared = [
            ("learner's name", self.learner_name().unwrap_or(""), snapshot.full_name.as_str()),
            ("course", self.name.as_str(), snapshot.course_title.as_str()),
            ("achievement", self.subject.achievement.name.as_str(), snapshot.course_title.as_str()),
            ("grade", self.grade().unwrap_or(""), &snapshot.percent.to_string()),
            ("letter", self.letter().unwrap_or("none"), snapshot.letter.as_deref().unwrap_or("none")),
            ("mode", self.mode().unwrap_or(""), &snapshot.mode.to_string()),
            ("grade status", status(self.is_provisional()), status(snapshot.grade_status == GradeStatus::Provisional)),
            ("issue time", self.valid_from.as_str(), issued_at.as_str()),
            ("verification code", self.code(), &certificate.code.to_string()),
        ];
        let mut differences: Vec<String> = compared
            .iter()
            .filter(|(_, said, held)| said != held)
            .map(|(what, said, held)| {
                format!("the credential's {what} ({said}) is not the one the issuer's record holds ({held})")
            })
            .collect();
        if !self.subject.achievement.id.ends_with(&course) {
            differences.push(format!(
                "the credential's achievement ({}) is not the course the issuer's record names ({})",
                self.subject.achievement.id, certificate.course_id
            ));
        }
        differences
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::{Seal, SealFacts};
    use crate::domain::{Code, Percent, Snapshot};

    fn certificate() -> Certificate {
        let snapshot =
            Snapshot { issued_at: "2026-11-23T10:00:00.123456Z".parse().expect("date"), ..Snapshot::for_tests() };
        Certificate::new(Code::from_random(7), "me-101", "bilbo", snapshot)
    }

    fn credential_of(certificate: &Certificate) -> Payload {
        let key = p256::ecdsa::SigningKey::from_slice(&[3u8; 32]).expect("scalar");
        let facts = SealFacts {
            email: "bilbo@bagend.shire",
            institution: "University of Middle-earth",
            verify_base_url: "https://certs.example.org/verify/",
            salt: [0xab; 16],
        };
        Payload::of(certificate, &Seal::sign(certificate, &facts, &key, "kid"))
    }

    #[test]
    fn a_credential_made_from_its_record_says_what_the_record_says() {
        let record = certificate();
        assert_eq!(credential_of(&record).differences_from_record(&record), Vec::<String>::new());
    }

    #[test]
    fn a_credential_signed_for_another_grade_or_name_is_told_from_its_record() {
        let record = certificate();
        let mut forged = record.clone();
        forged.snapshot.percent = Percent::from_tenths(990).expect("99%");
        forged.snapshot.full_name = "Lobelia Sackville-Baggins".into();
        let held_name = record.snapshot.full_name.clone();
        let held_grade = record.snapshot.percent.to_string();
        assert_eq!(
            credential_of(&forged).differences_from_record(&record),
            [
                format!(
                    "the credential's learner's name (Lobelia Sackville-Baggins) is not the one the issuer's record holds ({held_name})"
                ),
                format!("the credential's grade (99.0%) is not the one the issuer's record holds ({held_grade})"),
            ]
        );
        // Another certificate's credential, of another course, under this one's code.
        let mut other = record.clone();
        other.course_id = "me-202".into();
        other.snapshot.grade_status = GradeStatus::Final;
        let differences = credential_of(&other).differences_from_record(&record);
        assert_eq!(
            differences,
            [
                "the credential's grade status (final) is not the one the issuer's record holds (provisional)",
                "the credential's achievement (https://certs.example.org/issuer/courses/me-202) is not the course the issuer's record names (me-101)",
            ]
        );
    }
}
