//! A certificate as an Open Badges 3.0 `OpenBadgeCredential` (VC Data Model 2.0), signed as a
//! VC-JWT: the JWT's payload is the credential itself with the registered claims `iss`, `jti`,
//! `nbf` and `sub` beside its members, as the OB 3.0 VC-JWT proof format lays it out.
//!
//! What is stored per certificate is its `Seal`: the few facts a credential has beyond the
//! certificate (key id, institution, verification URL, the salted email hash) and the
//! signature. The payload is rebuilt from certificate and seal the same way byte for byte
//! (serde structs, fields in declaration order), so a credential costs about 200 bytes in the
//! database rather than two kilobytes, and `FORMAT` names that way of building it.

use p256::ecdsa::SigningKey;
use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::jose::{self, Header, b64};
use super::resign::Resigning;
use crate::domain::{Certificate, GradeStatus, hex};

/// How the payload is built from a certificate and its seal; a new way gets a new number and
/// the old one stays, so old seals keep verifying. Format 2 differs from 1 only for a course
/// that names no institution: its issuer has no name, and the achievement's description and
/// criteria do not say who awards it (format 1 wrote "from ." and an empty name).
pub const FORMAT: u8 = 2;

pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// What a credential holds beyond its certificate, and its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub format: u8,
    /// The RFC 7638 thumbprint of the key that signed.
    pub kid: String,
    /// The course's institution when it was signed: the issuer's name.
    pub institution: String,
    /// The course's verification URL when it was signed (`https://…/verify/`).
    pub verify_base_url: String,
    pub salt: [u8; 16],
    /// SHA-256 of the learner's email address (trimmed, lowercase) followed by the salt's hex.
    pub email_hash: [u8; 32],
    /// ES256: r and s, 32 bytes each.
    pub signature: Vec<u8>,
    /// When it was last signed again because the key that had signed it was retired as
    /// compromised: copies handed out before then carry a credential nobody can trust.
    pub resigned: Option<Resigning>,
}

/// The facts a seal is made of, besides the certificate and the key.
pub struct SealFacts<'a> {
    pub email: &'a str,
    pub institution: &'a str,
    pub verify_base_url: &'a str,
    pub salt: [u8; 16],
}

/// A credential ready to hand out: the JWT and its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub jwt: String,
    pub payload: Payload,
    /// The payload as signed: compact JSON.
    pub json: String,
}

impl Credential {
    /// The payload as JSON for people (indented as `serde_json::to_string_pretty` would).
    pub fn pretty_json(&self) -> String {
        let mut out = String::with_capacity(self.json.len() * 3 / 2);
        super::indent::indent_into(&self.json, 0, &mut out);
        out
    }
}

impl Seal {
    /// Signs `certificate`'s credential with `key` (whose thumbprint is `kid`).
    pub fn sign(certificate: &Certificate, facts: &SealFacts, key: &SigningKey, kid: &str) -> Seal {
        let salt_hex = hex(&facts.salt);
        let email = facts.email.trim().to_lowercase();
        let email_hash = Sha256::digest(format!("{email}{salt_hex}").as_bytes()).into();
        let mut seal = Seal {
            format: FORMAT,
            kid: kid.to_string(),
            institution: facts.institution.to_string(),
            verify_base_url: facts.verify_base_url.to_string(),
            salt: facts.salt,
            email_hash,
            signature: Vec::new(),
            resigned: None,
        };
        let input = seal.signing_input(&Payload::of(certificate, &seal).to_json());
        seal.signature = jose::sign(key, &input).to_vec();
        seal
    }

    pub(super) fn signing_input(&self, payload_json: &str) -> String {
        jose::signing_input(&Header::es256(&self.kid), payload_json.as_bytes())
    }

    /// The credential this seal signed for `certificate`.
    pub fn credential(&self, certificate: &Certificate) -> Credential {
        let payload = Payload::of(certificate, self);
        let json = payload.to_json();
        let mut jwt = self.signing_input(&json);
        jwt.push('.');
        jwt.push_str(&b64(&self.signature));
        Credential { jwt, payload, json }
    }
}

/// The verification code at the end of a credential's id: the verification URL and the code,
/// after the URL's last `/` (`…/verify/CODE`) or its query's `=` (`…/verify?code=CODE`).
pub fn code_in_id(id: &str) -> &str {
    id.rsplit(['/', '=']).next().unwrap_or_default()
}

/// The issuer's id for a verification URL: the service's `/issuer` beside its `/verify/`.
pub fn issuer_id(verify_base_url: &str) -> String {
    format!("{}issuer", service_root(verify_base_url))
}

/// `https://host/prefix/` of `https://host/prefix/verify/` (or of any other base URL, up to
/// its last slash).
pub fn service_root(verify_base_url: &str) -> &str {
    if let Some(root) = verify_base_url.strip_suffix("verify/") {
        return root;
    }
    match verify_base_url.rfind('/') {
        Some(at) => &verify_base_url[..=at],
        None => verify_base_url,
    }
}

/// Text of a payload: the words every credential repeats are borrowed, not allocated anew for
/// each one (a payload is built for every page of an export).
pub type Text = Cow<'static, str>;

/// The VC-JWT payload: the credential's members, then the JWT claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    #[serde(rename = "@context")]
    pub context: Vec<Text>,
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<Text>,
    pub issuer: Profile,
    #[serde(rename = "validFrom")]
    pub valid_from: String,
    pub name: String,
    #[serde(rename = "credentialSubject")]
    pub subject: Subject,
    #[serde(rename = "credentialStatus")]
    pub status: Status,
    pub iss: String,
    pub jti: String,
    pub nbf: i64,
    pub sub: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<Text>,
    /// The institution; none for a course that names none (from format 2 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<Text>,
    pub identifier: Vec<Identity>,
    pub achievement: Achievement,
    pub result: Vec<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    #[serde(rename = "type")]
    pub kind: Text,
    #[serde(rename = "identityHash")]
    pub identity_hash: String,
    #[serde(rename = "identityType")]
    pub identity_type: Text,
    pub hashed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Achievement {
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<Text>,
    #[serde(rename = "achievementType")]
    pub achievement_type: Text,
    pub name: String,
    pub description: String,
    pub criteria: Criteria,
    #[serde(rename = "resultDescription")]
    pub result_description: Vec<ResultDescription>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    pub narrative: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultDescription {
    pub id: Text,
    #[serde(rename = "type")]
    pub types: Vec<Text>,
    pub name: Text,
    #[serde(rename = "resultType")]
    pub result_type: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    #[serde(rename = "type")]
    pub types: Vec<Text>,
    #[serde(rename = "resultDescription")]
    pub result_description: Text,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Text,
}

/// The type of `credentialStatus`: the verification service's JSON for the code says
/// `valid`, `superseded` or `revoked`.
pub const STATUS_TYPE: &str = "CertdeskVerification";

/// The ids of the results' descriptions: the same for every course, so short.
const GRADE: &str = "urn:certdesk:result:grade";
const LETTER: &str = "urn:certdesk:result:letter";
const MODE: &str = "urn:certdesk:result:mode";

impl Payload {
    pub fn of(certificate: &Certificate, seal: &Seal) -> Payload {
        let snapshot = &certificate.snapshot;
        let issuer = issuer_id(&seal.verify_base_url);
        let id = format!("{}{}", seal.verify_base_url, certificate.code);
        let achievement_id = format!("{issuer}/courses/{}", certificate.course_id);
        let subject_id = format!("urn:certdesk:learner:{}", hex(&seal.email_hash[..16]));
        // Who awards it, if anyone is named: format 1 named even an empty institution.
        let awarder = Some(seal.institution.as_str()).filter(|institution| seal.format < 2 || !institution.is_empty());
        let outcome = |id: &'static str, value: String, status: Option<Text>| Outcome {
            types: vec!["Result".into()],
            result_description: id.into(),
            value,
            status,
        };
        let description = |id: &'static str, name: &'static str, result_type: &'static str| ResultDescription {
            id: id.into(),
            types: vec!["ResultDescription".into()],
            name: name.into(),
            result_type: result_type.into(),
        };
        let grade_status = match snapshot.grade_status {
            GradeStatus::Final => "Completed",
            GradeStatus::Provisional => "Provisional",
        };
        let mut result = vec![outcome(GRADE, snapshot.percent.to_string(), Some(grade_status.into()))];
        if let Some(letter) = &snapshot.letter {
            result.push(outcome(LETTER, letter.clone(), None));
        }
        result.push(outcome(MODE, snapshot.mode.to_string(), None));
        Payload {
            context: vec![VC_CONTEXT.into(), OB_CONTEXT.into()],
            id: id.clone(),
            types: vec!["VerifiableCredential".into(), "OpenBadgeCredential".into()],
            issuer: Profile { id: issuer.clone(), types: vec!["Profile".into()], name: awarder.map(str::to_owned) },
            valid_from: snapshot.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            name: snapshot.course_title.clone(),
            subject: Subject {
                id: subject_id.clone(),
                types: vec!["AchievementSubject".into()],
                identifier: vec![
                    Identity {
                        kind: "IdentityObject".into(),
                        identity_hash: snapshot.full_name.clone(),
                        identity_type: "name".into(),
                        hashed: false,
                        salt: None,
                    },
                    Identity {
                        kind: "IdentityObject".into(),
                        identity_hash: format!("sha256${}", hex(&seal.email_hash)),
                        identity_type: "emailAddress".into(),
                        hashed: true,
                        salt: Some(hex(&seal.salt)),
                    },
                ],
                achievement: Achievement {
                    id: achievement_id.clone(),
                    types: vec!["Achievement".into()],
                    achievement_type: "Certificate".into(),
                    name: snapshot.course_title.clone(),
                    description: match awarder {
                        Some(institution) => format!("Certificate of {} from {institution}.", snapshot.course_title),
                        None => format!("Certificate of {}.", snapshot.course_title),
                    },
                    criteria: Criteria {
                        narrative: match awarder {
                            Some(institution) => {
                                format!("Awarded by {institution} under the course's certification rules.")
                            }
                            None => "Awarded under the course's certification rules.".to_string(),
                        },
                    },
                    result_description: vec![
                        description(GRADE, "Grade", "Percent"),
                        description(LETTER, "Letter", "LetterGrade"),
                        description(MODE, "Mode", "Status"),
                    ],
                },
                result,
            },
            status: Status { id: format!("{id}.json"), kind: STATUS_TYPE.into() },
            iss: issuer,
            jti: id,
            nbf: snapshot.issued_at.as_second(),
            sub: subject_id,
        }
    }

    /// The payload as compact JSON: what is signed.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The verification code the credential is for (the end of its id).
    pub fn code(&self) -> &str {
        code_in_id(&self.id)
    }

    /// The id of the course the credential certifies: the last part of its achievement's id
    /// (`…/courses/middle-earth-101`); `None` for an achievement not named that way.
    pub fn course_id(&self) -> Option<&str> {
        let (_, course_id) = self.subject.achievement.id.rsplit_once("/courses/")?;
        Some(course_id).filter(|id| !id.is_empty() && !id.contains('/'))
    }

    pub fn learner_name(&self) -> Option<&str> {
        self.subject
            .identifier
            .iter()
            .find(|i| i.identity_type == "name" && !i.hashed)
            .map(|i| i.identity_hash.as_str())
    }

    /// The result whose description has the id `id` (`GRADE`, `LETTER`, `MODE`).
    fn result(&self, id: &str) -> Option<&Outcome> {
        self.subject.result.iter().find(|outcome| outcome.result_description == id)
    }

    pub fn grade(&self) -> Option<&str> {
        self.result(GRADE).map(|outcome| outcome.value.as_str())
    }

    pub fn letter(&self) -> Option<&str> {
        self.result(LETTER).map(|outcome| outcome.value.as_str())
    }

    pub fn mode(&self) -> Option<&str> {
        self.result(MODE).map(|outcome| outcome.value.as_str())
    }

    pub fn is_provisional(&self) -> bool {
        self.result(GRADE).and_then(|outcome| outcome.status.as_deref()) == Some("Provisional")
    }

    /// Whether the registered claims say what the credential's members say.
    pub fn claims_match(&self) -> bool {
        self.iss == self.issuer.id && self.jti == self.id && self.sub == self.subject.id && {
            jiff::Timestamp::from_second(self.nbf)
                .is_ok_and(|at| at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string() == self.valid_from)
        }
    }

    /// Whether `email` is the address the credential's hashed identifier was made from.
    pub fn is_for_email(&self, email: &str) -> bool {
        let email = email.trim().to_lowercase();
        self.subject.identifier.iter().filter(|i| i.identity_type == "emailAddress" && i.hashed).any(|identity| {
            let salt = identity.salt.as_deref().unwrap_or("");
            identity.identity_hash == format!("sha256${}", hex(&Sha256::digest(format!("{email}{salt}").as_bytes())))
        })
    }
}

#[cfg(test)]
#[path = "payload_tests.rs"]
mod tests;
