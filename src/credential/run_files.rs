//! The credential files pages list in their `/AF`: a page's own (`credential-CODE.jwt` and
//! its `.json`), or its run's (`credentials-pages-F-L.jwt`, a JWT a line, and `.json`, their
//! payloads as an array in the same order). Each file is read once while the pages that list
//! it are read, and only the last few are kept, so an export of any size is never held whole.

use std::collections::HashMap;

use lopdf::{Document, Object, ObjectId};
use serde_json::value::RawValue;

use super::embedded::embedded_text;

/// Files kept read: a run's pages follow each other, and a page taken out of its export
/// (`qpdf --pages`) that comes back to an earlier run only costs reading it again.
const KEPT: usize = 2;

/// The copy of a credential's payload that travels beside it, for people to read.
#[derive(Debug, Clone)]
pub struct JsonCopy {
    pub file: String,
    /// The copy's text (an element's, for a run's array), or why there is none.
    pub text: std::result::Result<String, String>,
    /// How deep the text is nested: 1 for an element of a run's array.
    pub depth: usize,
}

/// A JSON file's copies: one payload, or a run's array of them.
enum Copies {
    One(String),
    Each(Vec<Box<RawValue>>),
}

impl Copies {
    fn read(text: String) -> std::result::Result<Copies, String> {
        let unreadable = |error: serde_json::Error| format!("is not JSON ({error})");
        if text.trim_start().starts_with('[') {
            return serde_json::from_str(&text).map(Copies::Each).map_err(unreadable);
        }
        serde_json::from_str::<&RawValue>(&text).map_err(unreadable)?;
        Ok(Copies::One(text))
    }

    fn copy(&self, line: usize) -> std::result::Result<(String, usize), String> {
        match self {
            Copies::One(text) if line == 0 => Ok((text.trim().to_string(), 0)),
            Copies::One(_) => Err("holds one credential, not a run's".into()),
            Copies::Each(each) => {
                each.get(line).map(|copy| (copy.get().to_string(), 1)).ok_or_else(|| "holds no copy of it".into())
            }
        }
    }
}

/// The last few files read, by the specification that lists them; a specification written
/// in place rather than referred to (never by certdesk) is read each time.
struct Recent<T>(Vec<(Option<ObjectId>, T)>);

impl<T> Recent<T> {
    fn get_or_read(&mut self, id: Option<ObjectId>, read: impl FnOnce() -> Option<T>) -> Option<&mut T> {
        let at = match self.0.iter().position(|(kept, _)| kept.is_some() && *kept == id) {
            Some(at) => at,
            None => {
                if self.0.len() >= KEPT {
                    self.0.remove(0);
                }
                self.0.push((id, read()?));
                self.0.len() - 1
            }
        };
        self.0.get_mut(at).map(|(_, value)| value)
    }
}

/// The `.jwt` and `.json` files of the pages read so far.
pub struct RunFiles {
    jwts: Recent<Vec<String>>,
    copies: Recent<std::result::Result<Copies, String>>,
    /// How many pages have listed each `.jwt` file.
    listed: HashMap<ObjectId, usize>,
}

impl Default for RunFiles {
    fn default() -> RunFiles {
        RunFiles { jwts: Recent(Vec::new()), copies: Recent(Vec::new()), listed: HashMap::new() }
    }
}

impl RunFiles {
    /// How many pages have listed each file: what reading pages again must start from.
    pub fn listed(&self) -> HashMap<ObjectId, usize> {
        self.listed.clone()
    }

    pub fn rewind(&mut self, listed: HashMap<ObjectId, usize>) {
        self.listed = listed;
    }

    /// The JWT `spec` holds for the page whose text is `text`, and its line. A file of several
    /// has one a line, the nth for the nth page that lists it, unless that page prints another
    /// line's code: a page taken out of its export keeps the whole run's file, and a page
    /// printed twice is vouched for twice by its line. A page that prints no line's code gets
    /// its nth line (or the last), which the page check refuses.
    pub fn page_jwt(&mut self, document: &Document, spec: &Object, text: &str) -> Option<(String, usize)> {
        let id = spec.as_reference().ok();
        let nth = id.map_or(0, |id| *self.listed.entry(id).and_modify(|listed| *listed += 1).or_default());
        let jwts =
            self.jwts.get_or_read(id, || Some(embedded_text(document, spec)?.lines().map(String::from).collect()))?;
        let line = match jwts.len() {
            0 => return None,
            1 => 0,
            _ => {
                let prints = |jwt: &String| jwt_code(jwt).is_some_and(|code| text.contains(&code));
                match jwts.get(nth) {
                    Some(jwt) if prints(jwt) => nth,
                    _ => jwts.iter().position(prints).unwrap_or(nth.min(jwts.len() - 1)),
                }
            }
        };
        Some((jwts[line].clone(), line))
    }

    /// The copy of line `line`'s credential in the JSON file `spec`, named `file`.
    pub fn copy(&mut self, document: &Document, spec: &Object, file: &str, line: usize) -> JsonCopy {
        let read =
            || Some(embedded_text(document, spec).ok_or_else(|| "cannot be read".to_string()).and_then(Copies::read));
        let copies = self.copies.get_or_read(spec.as_reference().ok(), read);
        let text = match copies {
            Some(copies) => copies.as_ref().map_err(String::clone).and_then(|copies| copies.copy(line)),
            None => Err("cannot be read".to_string()),
        };
        let depth = text.as_ref().map_or(0, |(_, depth)| *depth);
        JsonCopy { file: file.to_string(), text: text.map(|(text, _)| text), depth }
    }
}

/// The copies of the JSON file `text` named `file` for each of `lines` JWTs of the document's
/// own files.
pub fn document_copies(file: &str, text: Option<String>, lines: usize) -> Vec<Option<JsonCopy>> {
    let Some(text) = text else { return vec![None; lines] };
    let copies = Copies::read(text);
    (0..lines)
        .map(|line| {
            let copy = copies.as_ref().map_err(String::clone).and_then(|copies| copies.copy(line));
            let depth = copy.as_ref().map_or(0, |(_, depth)| *depth);
            Some(JsonCopy { file: file.to_string(), text: copy.map(|(text, _)| text), depth })
        })
        .collect()
}

/// The verification code a JWT's credential is for (the end of its `id`), read without
/// checking anything: only to find the line of a run that belongs to a page.
fn jwt_code(jwt: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: String,
    }
    let compact = super::jose::Compact::parse(jwt).ok()?;
    let Id { id } = serde_json::from_slice(&compact.payload).ok()?;
    Some(super::payload::code_in_id(&id).to_string())
}
