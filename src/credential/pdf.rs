//! Reading a certificate's PDF back: the credentials its pages carry (`/AF`, or the document's
//! embedded files), the JSON copies beside them, and the text each page shows.

use std::sync::Arc;

use lopdf::{Document, Object, ObjectId};

use super::page_text::TextReader;
use super::run_files::{JsonCopy, RunFiles, document_copies};
use super::{CredentialError, Result};

/// A credential found in the document, with the text of the page that carries it.
#[derive(Debug, Clone)]
pub struct Found {
    pub name: String,
    pub jwt: String,
    /// 1-based; `None` for a file of the document rather than of a page.
    pub page: Option<u32>,
    /// The page's text (every page's, for a file of the document), shared by the credentials
    /// the same page carries.
    pub text: Arc<str>,
    /// The credential's copy in the JSON file beside its `.jwt`, when there is one.
    pub copy: Option<JsonCopy>,
}

/// No stream a certificate needs is larger than this once inflated.
pub(super) const MAX_STREAM: usize = 32 << 20;
/// Forms drawn inside forms: certdesk draws one level; more is refused rather than followed.
pub(super) const MAX_DEPTH: usize = 8;

/// A parsed PDF. It keeps nothing of the bytes it was read from.
pub struct Pdf(Document);

impl Pdf {
    pub fn load(bytes: &[u8]) -> Result<Pdf> {
        let unreadable = |error| CredentialError::Pdf(format!("it is not a readable PDF: {error}"));
        let options = lopdf::LoadOptions { filter: Some(without_images), ..lopdf::LoadOptions::default() };
        let document = Document::load_mem_with_options(bytes, options).map_err(unreadable)?;
        if !document.get_pages().is_empty() {
            return Ok(Pdf(document));
        }
        // lopdf rebuilds a damaged page tree only when it loads everything.
        Ok(Pdf(Document::load_mem(bytes).map_err(unreadable)?))
    }

    #[cfg(test)]
    pub(crate) fn document(&self) -> &Document {
        &self.0
    }
}

/// Keeps every object but images, which hold no text: a template's logo or photo, and the QR
/// codes of PDFs written before codes were drawn inline (parsed, those were a fifth of what
/// reading 100,000 pages kept in memory). A reference to a dropped image reads as a missing
/// object, which text extraction passes over.
///
/// lopdf keeps the object as this leaves it when it stood alone in the file, and keeps what
/// this returns when it came out of an object stream (which holds no streams); so a stream is
/// left in place, and anything else is returned as a copy.
fn without_images(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(stream) if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") => None,
        Object::Stream(_) => Some((id, Object::Null)),
        other => Some((id, other.clone())),
    }
}

/// The credentials a document carries, in page order, read a batch at a time so that a
/// large export is never held as text and JWTs all at once. Pages list theirs in `/AF`; a
/// document none of whose pages does so may carry files of its own, each checked against
/// the text of every page.
pub struct Credentials<'a> {
    document: &'a Document,
    pages: std::collections::btree_map::IntoIter<u32, ObjectId>,
    reader: TextReader<'a>,
    files: RunFiles,
    /// Whether any page carried a credential; else, once the pages are read, the
    /// document's own files are looked at.
    any_on_pages: bool,
    document_files_read: bool,
}

impl<'a> Credentials<'a> {
    pub fn new(Pdf(document): &'a Pdf) -> Credentials<'a> {
        Credentials {
            document,
            pages: document.get_pages().into_iter(),
            reader: TextReader::new(document),
            files: RunFiles::default(),
            any_on_pages: false,
            document_files_read: false,
        }
    }

    /// The next credentials, about `at_least` of them (a page's are never split); empty
    /// once all are read.
    pub fn next_batch(&mut self, at_least: usize) -> Result<Vec<Found>> {
        let document = self.document;
        let mut found = Vec::new();
        while found.len() < at_least {
            let Some((number, page_id)) = self.pages.next() else { break };
            let Ok(page) = document.get_dictionary(page_id) else { continue };
            let Some(Ok((_, Object::Array(specs)))) = page.get(b"AF").ok().map(|files| document.dereference(files))
            else {
                continue;
            };
            // A page that lists files is a certificate's: its text is needed anyway.
            let text: Arc<str> = self.reader.page_text(page_id)?.into();
            let named: Vec<(&Object, String)> =
                specs.iter().filter_map(|spec| Some((spec, spec_name(document, spec)?))).collect();
            for (spec, name) in &named {
                let Some(stem) = name.strip_suffix(".jwt") else { continue };
                let Some((jwt, line)) = self.files.page_jwt(document, spec, &text) else { continue };
                let json = named.iter().find(|(_, other)| other.strip_suffix(".json") == Some(stem));
                let copy = json.map(|(json, file)| self.files.copy(document, json, file, line));
                found.push(Found { name: name.clone(), jwt, page: Some(number), text: Arc::clone(&text), copy });
            }
        }
        self.any_on_pages |= !found.is_empty();
        if found.is_empty() && !self.any_on_pages && !self.document_files_read {
            self.document_files_read = true;
            found = self.document_credentials()?;
        }
        Ok(found)
    }

    /// The JWTs of the document's own `.jwt` files, each with the text of every page and its
    /// copy in the `.json` file of the same name.
    fn document_credentials(&mut self) -> Result<Vec<Found>> {
        let mut files = document_files(self.document);
        if !files.iter().any(|(name, _)| name.ends_with(".jwt")) {
            return Ok(Vec::new());
        }
        let mut all = String::new();
        for page_id in self.document.page_iter() {
            all.push_str(&self.reader.page_text(page_id)?);
            all.push('\n');
        }
        let all: Arc<str> = all.into();
        let mut found = Vec::new();
        let jwt_files: Vec<(String, String)> =
            files.iter().filter(|(name, _)| name.ends_with(".jwt")).cloned().collect();
        for (name, jwts) in jwt_files {
            let json_name = format!("{}.json", name.trim_end_matches(".jwt"));
            let json = files.iter_mut().find(|(other, _)| *other == json_name).map(|(_, text)| std::mem::take(text));
            let copies = document_copies(&json_name, json, jwts.lines().count());
            for (jwt, copy) in jwts.lines().zip(copies) {
                let text = Arc::clone(&all);
                found.push(Found { name: name.clone(), jwt: jwt.to_string(), page: None, text, copy });
            }
        }
        Ok(found)
    }
}

/// The name of the file `spec` specifies.
fn spec_name(document: &Document, spec: &Object) -> Option<String> {
    let (_, Object::Dictionary(spec)) = document.dereference(spec).ok()? else { return None };
    ["UF", "F"]
        .iter()
        .find_map(|key| spec.get(key.as_bytes()).ok().and_then(|name| lopdf::decode_text_string(name).ok()))
}

/// The text of the file embedded by `spec`.
pub(super) fn embedded_text(document: &Document, spec: &Object) -> Option<String> {
    let (_, Object::Dictionary(spec)) = document.dereference(spec).ok()? else { return None };
    let embedded = spec.get(b"EF").ok().and_then(|ef| document.dereference(ef).ok())?.1.as_dict().ok()?;
    let stream = embedded.get(b"F").or_else(|_| embedded.get(b"UF")).ok()?;
    let (_, Object::Stream(stream)) = document.dereference(stream).ok()? else { return None };
    let bytes = if stream.dict.has(b"Filter") {
        stream.decompressed_content_with_limit(MAX_STREAM).ok()?
    } else {
        stream.content.clone()
    };
    String::from_utf8(bytes).ok()
}

/// The `.jwt` and `.json` files of the catalog's `/EmbeddedFiles` name tree.
fn document_files(document: &Document) -> Vec<(String, String)> {
    let Ok(catalog) = document.catalog() else { return Vec::new() };
    let Ok(names) = catalog.get(b"Names").and_then(|names| document.dereference(names)) else { return Vec::new() };
    let Ok(files) = names.1.as_dict().and_then(|names| names.get(b"EmbeddedFiles")) else { return Vec::new() };
    let mut found = Vec::new();
    let mut nodes = vec![(files.clone(), 0usize)];
    while let Some((node, depth)) = nodes.pop() {
        let Ok((_, Object::Dictionary(node))) = document.dereference(&node) else { continue };
        if let Ok(Object::Array(pairs)) = node.get(b"Names") {
            let specs = pairs.chunks(2).filter_map(|pair| pair.get(1));
            let credential = |name: &String| name.ends_with(".jwt") || name.ends_with(".json");
            let named = specs.filter_map(|spec| Some((spec, spec_name(document, spec).filter(credential)?)));
            found.extend(named.filter_map(|(spec, name)| Some((name, embedded_text(document, spec)?))));
        }
        if let Ok(Object::Array(kids)) = node.get(b"Kids")
            && depth < MAX_DEPTH
        {
            nodes.extend(kids.iter().map(|kid| (kid.clone(), depth + 1)));
        }
    }
    found
}
