use super::*;
use crate::credential::jose::{Compact, PublicJwk};
use crate::domain::{Code, Snapshot};

fn certificate() -> Certificate {
    let snapshot =
        Snapshot { issued_at: "2026-11-23T10:00:00.123456Z".parse().expect("date"), ..Snapshot::for_tests() };
    Certificate::new(Code::from_random(7), "me-101", "bilbo", snapshot)
}

fn key() -> SigningKey {
    SigningKey::from_slice(&[3u8; 32]).expect("scalar")
}

fn facts() -> SealFacts<'static> {
    SealFacts {
        email: " Bilbo@BagEnd.shire ",
        institution: "University of Middle-earth",
        verify_base_url: "https://certs.example.org/verify/",
        salt: [0xab; 16],
    }
}

fn seal() -> Seal {
    let kid = PublicJwk::of(key().verifying_key()).thumbprint();
    Seal::sign(&certificate(), &facts(), &key(), &kid)
}

/// The payload's exact bytes are frozen: a seal stores only the signature, so a payload built
/// differently from the same certificate and seal would no longer verify.
#[test]
fn the_payload_of_format_1_is_frozen() {
    let seal = Seal { format: 1, signature: vec![0; 64], kid: "kid".into(), ..seal() };
    let json = serde_json::to_string(&Payload::of(&certificate(), &seal)).expect("json");
    let expected = concat!(
        r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"#,
        r#""id":"https://certs.example.org/verify/2222-2222-2229","type":["VerifiableCredential","OpenBadgeCredential"],"#,
        r#""issuer":{"id":"https://certs.example.org/issuer","type":["Profile"],"name":"University of Middle-earth"},"#,
        r#""validFrom":"2026-11-23T10:00:00Z","name":"Middle-earth","#,
        r#""credentialSubject":{"id":"urn:certdesk:learner:"#,
    );
    assert!(json.starts_with(expected), "{json}");
    let email_hash = hex(&Sha256::digest(format!("bilbo@bagend.shire{}", "ab".repeat(16)).as_bytes()));
    let rest = format!(
        concat!(
            r#"{}","type":["AchievementSubject"],"identifier":[{{"type":"IdentityObject","identityHash":"Bilbo Baggins","identityType":"name","hashed":false}},"#,
            r#"{{"type":"IdentityObject","identityHash":"sha256${}","identityType":"emailAddress","hashed":true,"salt":"{}"}}],"#,
            r#""achievement":{{"id":"https://certs.example.org/issuer/courses/me-101","type":["Achievement"],"achievementType":"Certificate","name":"Middle-earth","#,
            r#""description":"Certificate of Middle-earth from University of Middle-earth.","criteria":{{"narrative":"Awarded by University of Middle-earth under the course's certification rules."}},"#,
            r#""resultDescription":[{{"id":"urn:certdesk:result:grade","type":["ResultDescription"],"name":"Grade","resultType":"Percent"}},"#,
            r#"{{"id":"urn:certdesk:result:letter","type":["ResultDescription"],"name":"Letter","resultType":"LetterGrade"}},"#,
            r#"{{"id":"urn:certdesk:result:mode","type":["ResultDescription"],"name":"Mode","resultType":"Status"}}]}},"#,
            r#""result":[{{"type":["Result"],"resultDescription":"urn:certdesk:result:grade","value":"85.0%","status":"Provisional"}},"#,
            r#"{{"type":["Result"],"resultDescription":"urn:certdesk:result:letter","value":"B"}},"#,
            r#"{{"type":["Result"],"resultDescription":"urn:certdesk:result:mode","value":"honor"}}]}},"#,
            r#""credentialStatus":{{"id":"https://certs.example.org/verify/2222-2222-2229.json","type":"CertdeskVerification"}},"#,
            r#""iss":"https://certs.example.org/issuer","jti":"https://certs.example.org/verify/2222-2222-2229","nbf":1795428000,"sub":"urn:certdesk:learner:{}"}}"#
        ),
        &email_hash[..32],
        email_hash,
        "ab".repeat(16),
        &email_hash[..32],
    );
    assert_eq!(json, format!("{expected}{rest}"));
}

/// Seals of a course that names its institution build the same payload in both formats.
#[test]
fn format_2_differs_from_1_only_without_an_institution() {
    let named = |format| Payload::of(&certificate(), &Seal { format, ..seal() }).to_json();
    assert_eq!(named(1), named(2));
    let unnamed = |format| Payload::of(&certificate(), &Seal { format, institution: String::new(), ..seal() });
    let old = unnamed(1);
    assert_eq!(old.issuer.name.as_deref(), Some(""));
    assert_eq!(old.subject.achievement.description, "Certificate of Middle-earth from .");
    assert!(old.to_json().contains(r#""type":["Profile"],"name":""}"#), "format 1 is frozen: {}", old.to_json());
    let new = unnamed(2);
    assert_eq!(new.issuer.name, None);
    assert!(new.to_json().contains(r#""issuer":{"id":"https://certs.example.org/issuer","type":["Profile"]},"#));
    assert_eq!(new.subject.achievement.description, "Certificate of Middle-earth.");
    assert_eq!(new.subject.achievement.criteria.narrative, "Awarded under the course's certification rules.");
}

/// A seal signed before format 2, of a course with no institution, still verifies: its payload
/// is rebuilt the way it was signed.
#[test]
fn an_old_seal_without_an_institution_still_verifies() {
    let mut old = Seal { format: 1, institution: String::new(), ..seal() };
    old.signature = jose::sign(&key(), &old.signing_input(&Payload::of(&certificate(), &old).to_json())).to_vec();
    let credential = old.credential(&certificate());
    let compact = Compact::parse(&credential.jwt).expect("parses");
    compact.verify(key().verifying_key()).expect("signature");
    let payload: Payload = serde_json::from_slice(&compact.payload).expect("payload");
    assert_eq!(payload.issuer.name.as_deref(), Some(""));
    let new = Seal::sign(&certificate(), &SealFacts { institution: "", ..facts() }, &key(), &old.kid);
    assert_eq!(new.format, FORMAT);
    let credential = new.credential(&certificate());
    Compact::parse(&credential.jwt).expect("parses").verify(key().verifying_key()).expect("signature");
    assert_eq!(credential.payload.issuer.name, None);
    assert_eq!(credential.payload.subject.achievement.description, "Certificate of Middle-earth.");
}

#[test]
fn a_sealed_credential_verifies_and_says_what_the_certificate_says() {
    let credential = seal().credential(&certificate());
    let compact = Compact::parse(&credential.jwt).expect("parses");
    assert_eq!(compact.header.alg, "ES256");
    assert_eq!(compact.header.typ.as_deref(), Some("JWT"));
    assert_eq!(compact.header.kid.as_deref(), Some(PublicJwk::of(key().verifying_key()).thumbprint().as_str()));
    compact.verify(key().verifying_key()).expect("signature");
    let payload: Payload = serde_json::from_slice(&compact.payload).expect("payload");
    assert_eq!(payload, credential.payload);
    assert!(payload.claims_match());
    assert_eq!(payload.code(), "2222-2222-2229");
    assert_eq!(payload.learner_name(), Some("Bilbo Baggins"));
    assert_eq!(payload.course_id(), Some("me-101"));
    assert_eq!((payload.grade(), payload.letter(), payload.mode()), (Some("85.0%"), Some("B"), Some("honor")));
    assert!(payload.is_provisional());
    assert!(payload.is_for_email("bilbo@bagend.shire"));
    assert!(!payload.is_for_email("frodo@bagend.shire"));
    // Signing is deterministic (RFC 6979): the same certificate gives the same JWT.
    assert_eq!(seal().credential(&certificate()).jwt, credential.jwt);
}

#[test]
fn issuer_ids_sit_beside_the_verification_path() {
    assert_eq!(issuer_id("https://certs.example.org/verify/"), "https://certs.example.org/issuer");
    assert_eq!(issuer_id("https://example.edu/certs/verify/"), "https://example.edu/certs/issuer");
    assert_eq!(issuer_id("https://example.edu/check?code="), "https://example.edu/issuer");
}

#[test]
fn the_code_is_found_after_a_query_as_after_a_path() {
    let query = SealFacts { verify_base_url: "https://certs.example.edu/verify?code=", ..facts() };
    let kid = PublicJwk::of(key().verifying_key()).thumbprint();
    let credential = Seal::sign(&certificate(), &query, &key(), &kid).credential(&certificate());
    assert_eq!(credential.payload.id, "https://certs.example.edu/verify?code=2222-2222-2229");
    assert_eq!(credential.payload.code(), "2222-2222-2229");
    assert_eq!(credential.payload.status.id, "https://certs.example.edu/verify?code=2222-2222-2229.json");
    assert_eq!(code_in_id("https://certs.example.org/verify/2222-2222-2229"), "2222-2222-2229");
}

#[test]
fn a_credential_signed_again_says_the_same_under_the_new_key() {
    let old = Seal { format: 1, ..seal() };
    let new_key = SigningKey::from_slice(&[5u8; 32]).expect("scalar");
    let new_kid = PublicJwk::of(new_key.verifying_key()).thumbprint();
    let at: jiff::Timestamp = "2026-12-05T10:00:00Z".parse().expect("time");
    let resigned = old.resigned(&certificate(), &new_key, &new_kid, at);
    assert_eq!(resigned.resigned, Some(crate::credential::Resigning { retired_kid: old.kid.clone(), at }));
    let unchanged = Seal { kid: old.kid.clone(), signature: old.signature.clone(), resigned: None, ..resigned.clone() };
    assert_eq!(unchanged, old);
    let (before, after) = (old.credential(&certificate()), resigned.credential(&certificate()));
    assert_eq!(after.json, before.json, "the payload, format and salt included, is unchanged");
    let compact = Compact::parse(&after.jwt).expect("parses");
    assert_eq!(compact.header.kid.as_deref(), Some(new_kid.as_str()));
    compact.verify(new_key.verifying_key()).expect("signed with the new key");
    assert!(compact.verify(key().verifying_key()).is_err(), "no longer with the old one");
}
