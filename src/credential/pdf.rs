//! Reading a certificate's PDF back: the credentials its pages carry (`/AF`, or the document's
//! embedded files) and the text each page shows, as its fonts' ToUnicode maps and ActualText
//! spans give it, forms included.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

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
}

/// No stream a certificate needs is larger than this once inflated.
const MAX_STREAM: usize = 32 << 20;
/// Forms drawn inside forms: certdesk draws one level; more is refused rather than followed.
const MAX_DEPTH: usize = 8;

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

/// Keeps every object but images, which hold no text: an export draws a QR code on every
/// page, and parsed, those images were a fifth of what reading its 100,000 pages kept in
/// memory. A reference to a dropped image reads as a missing object, which text extraction
/// passes over.
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
    files: JwtFiles,
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
            files: JwtFiles::default(),
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
            for spec in specs {
                let Some((name, jwt)) = self.files.page_jwt(document, spec, &text) else { continue };
                found.push(Found { name, jwt, page: Some(number), text: Arc::clone(&text) });
            }
        }
        self.any_on_pages |= !found.is_empty();
        if found.is_empty() && !self.any_on_pages && !self.document_files_read {
            self.document_files_read = true;
            found = self.document_credentials()?;
        }
        Ok(found)
    }

    /// The JWTs of the document's own `.jwt` files, each with the text of every page.
    fn document_credentials(&mut self) -> Result<Vec<Found>> {
        let files = document_files(self.document);
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let mut all = String::new();
        for page_id in self.document.page_iter() {
            all.push_str(&self.reader.page_text(page_id)?);
            all.push('\n');
        }
        let all: Arc<str> = all.into();
        let mut found = Vec::new();
        for (name, jwts) in files {
            for jwt in jwts.lines() {
                found.push(Found { name: name.clone(), jwt: jwt.to_string(), page: None, text: Arc::clone(&all) });
            }
        }
        Ok(found)
    }
}

/// The `.jwt` files pages list in their `/AF`, each read once. A file of one JWT belongs to
/// its page; a file of several (an export's run of pages) has one a line, the nth for the nth
/// page that lists it, unless that page does not print the nth line's code but another's: a
/// page taken out of its export (`qpdf --pages`) keeps the whole run's file.
#[derive(Default)]
struct JwtFiles {
    /// By specification: the file's name, its JWTs and how many pages have taken one.
    read: HashMap<ObjectId, (String, Vec<String>, usize)>,
}

impl JwtFiles {
    fn page_jwt(&mut self, document: &Document, spec: &Object, text: &str) -> Option<(String, String)> {
        let Ok(id) = spec.as_reference() else {
            return jwt_of_spec(document, spec).map(|(name, jwt)| (name, jwt.trim_end().to_string()));
        };
        let (name, jwts, taken) = match self.read.entry(id) {
            Entry::Occupied(read) => read.into_mut(),
            Entry::Vacant(unread) => {
                let (name, text) = jwt_of_spec(document, spec)?;
                unread.insert((name, text.lines().map(str::to_string).collect(), 0))
            }
        };
        let jwt = match jwts.len() {
            1 => jwts[0].clone(),
            _ => {
                let prints = |jwt: &String| !jwt.is_empty() && jwt_code(jwt).is_some_and(|code| text.contains(&code));
                let at = match jwts.get(*taken) {
                    Some(nth) if prints(nth) => *taken,
                    _ => jwts.iter().position(prints).unwrap_or(*taken),
                };
                std::mem::take(jwts.get_mut(at)?)
            }
        };
        *taken += 1;
        Some((name.clone(), jwt))
    }
}

/// The verification code a JWT's credential is for (the last part of its `id`), read without
/// checking anything: only to find the line of a run that belongs to a page.
fn jwt_code(jwt: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: String,
    }
    let compact = super::jose::Compact::parse(jwt).ok()?;
    let Id { id } = serde_json::from_slice(&compact.payload).ok()?;
    id.rsplit('/').next().map(str::to_string)
}

fn jwt_of_spec(document: &Document, spec: &Object) -> Option<(String, String)> {
    let (_, Object::Dictionary(spec)) = document.dereference(spec).ok()? else { return None };
    let name = ["UF", "F"]
        .iter()
        .find_map(|key| spec.get(key.as_bytes()).ok().and_then(|name| lopdf::decode_text_string(name).ok()))?;
    if !name.ends_with(".jwt") {
        return None;
    }
    let embedded = spec.get(b"EF").ok().and_then(|ef| document.dereference(ef).ok())?.1.as_dict().ok()?;
    let stream = embedded.get(b"F").or_else(|_| embedded.get(b"UF")).ok()?;
    let (_, Object::Stream(stream)) = document.dereference(stream).ok()? else { return None };
    let bytes = if stream.dict.has(b"Filter") {
        stream.decompressed_content_with_limit(MAX_STREAM).ok()?
    } else {
        stream.content.clone()
    };
    Some((name, String::from_utf8(bytes).ok()?))
}

/// The `.jwt` files of the catalog's `/EmbeddedFiles` name tree.
fn document_files(document: &Document) -> Vec<(String, String)> {
    let Ok(catalog) = document.catalog() else { return Vec::new() };
    let Ok(names) = catalog.get(b"Names").and_then(|names| document.dereference(names)) else { return Vec::new() };
    let Ok(files) = names.1.as_dict().and_then(|names| names.get(b"EmbeddedFiles")) else { return Vec::new() };
    let mut found = Vec::new();
    let mut nodes = vec![(files.clone(), 0usize)];
    while let Some((node, depth)) = nodes.pop() {
        let Ok((_, Object::Dictionary(node))) = document.dereference(&node) else { continue };
        if let Ok(Object::Array(pairs)) = node.get(b"Names") {
            found.extend(pairs.chunks(2).filter_map(|pair| pair.get(1).and_then(|spec| jwt_of_spec(document, spec))));
        }
        if let Ok(Object::Array(kids)) = node.get(b"Kids")
            && depth < MAX_DEPTH
        {
            nodes.extend(kids.iter().map(|kid| (kid.clone(), depth + 1)));
        }
    }
    found
}

/// Reads the text pages show. A document's pages share their fonts and forms (the fixed layer
/// of a course's certificates, lines that repeat): each font's Unicode map is read once, and
/// each form's text is taken once.
pub struct TextReader<'a> {
    document: &'a Document,
    encodings: HashMap<ObjectId, Option<Encoding<'a>>>,
    forms: HashMap<ObjectId, String>,
}

impl<'a> TextReader<'a> {
    pub fn new(document: &'a Document) -> TextReader<'a> {
        TextReader { document, encodings: HashMap::new(), forms: HashMap::new() }
    }

    /// The text a page shows, in drawing order.
    pub fn page_text(&mut self, page_id: ObjectId) -> Result<String> {
        let document = self.document;
        let content = document
            .get_page_content_with_limit(page_id, MAX_STREAM)
            .map_err(|error| CredentialError::Pdf(format!("a page's contents cannot be read: {error}")))?;
        let (own, inherited) =
            document.get_page_resources(page_id).map_err(|error| CredentialError::Pdf(error.to_string()))?;
        // The page's own resources, else the nearest ones it inherits from the page tree.
        let resources = own.or_else(|| inherited.iter().find_map(|id| document.get_dictionary(*id).ok()));
        let mut text = String::new();
        if let Some(resources) = resources {
            self.draw_text(&content, resources, 0, &mut text)?;
        }
        Ok(text)
    }

    /// The encoding of the font `name` of `fonts`, read once per font.
    fn encoding(&mut self, fonts: Option<&'a Dictionary>, name: &[u8]) -> Option<ObjectId> {
        let document = self.document;
        let reference = fonts?.get(name).ok()?;
        let id = reference.as_reference().ok()?;
        self.encodings.entry(id).or_insert_with(|| {
            let (_, font) = document.dereference(reference).ok()?;
            font.as_dict().ok()?.get_font_encoding(document).ok()
        });
        Some(id)
    }

    fn draw_text(&mut self, content: &[u8], resources: &'a Dictionary, depth: usize, out: &mut String) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(CredentialError::Pdf("forms are nested too deeply".into()));
        }
        let document = self.document;
        let content =
            Content::decode(content).map_err(|error| CredentialError::Pdf(format!("a content stream: {error}")))?;
        let fonts = dict_in(document, resources, b"Font");
        let xobjects = dict_in(document, resources, b"XObject");
        let mut font: Option<ObjectId> = None;
        // Inside an ActualText span, its text stands for the glyphs it wraps.
        let mut actual_depth = 0usize;
        let mut marked_depth = 0usize;
        for operation in &content.operations {
            let operands = &operation.operands;
            match operation.operator.as_str() {
                "BT" | "Td" | "TD" | "Tm" | "T*" => out.push(' '),
                "Tf" => {
                    font = operands
                        .first()
                        .and_then(|name| name.as_name().ok())
                        .and_then(|name| self.encoding(fonts, name))
                }
                "BDC" | "BMC" => {
                    marked_depth += 1;
                    let actual = operands.get(1).and_then(|properties| {
                        let (_, properties) = document.dereference(properties).ok()?;
                        lopdf::decode_text_string(properties.as_dict().ok()?.get(b"ActualText").ok()?).ok()
                    });
                    if let Some(actual) = actual
                        && actual_depth == 0
                    {
                        out.push_str(&actual);
                        actual_depth = marked_depth;
                    }
                }
                "EMC" => {
                    if actual_depth == marked_depth {
                        actual_depth = 0;
                    }
                    marked_depth = marked_depth.saturating_sub(1);
                }
                "Tj" | "'" | "\"" | "TJ" if actual_depth == 0 => {
                    let Some(Some(encoding)) = font.and_then(|id| self.encodings.get(&id)) else { continue };
                    for operand in operands {
                        let strings: Vec<&Object> = match operand {
                            Object::Array(items) => items.iter().collect(),
                            other => vec![other],
                        };
                        for string in strings {
                            if let Object::String(bytes, _) = string
                                && let Ok(decoded) = Document::decode_text(encoding, bytes)
                            {
                                out.push_str(&decoded);
                            }
                        }
                    }
                }
                "Do" => {
                    let name = operands.first().and_then(|name| name.as_name().ok());
                    let reference = name.and_then(|name| xobjects.and_then(|xobjects| xobjects.get(name).ok()));
                    if let Some(reference) = reference {
                        out.push(' ');
                        self.form_text(reference, resources, depth, out)?;
                        out.push(' ');
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Appends the text of the form `reference` draws (nothing for an image), taken once.
    fn form_text(
        &mut self,
        reference: &'a Object,
        outer: &'a Dictionary,
        depth: usize,
        out: &mut String,
    ) -> Result<()> {
        let id = reference.as_reference().ok();
        if let Some(text) = id.and_then(|id| self.forms.get(&id)) {
            out.push_str(text);
            return Ok(());
        }
        let Ok((_, Object::Stream(form))) = self.document.dereference(reference) else { return Ok(()) };
        if form.dict.get(b"Subtype").and_then(|kind| kind.as_name()).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        let inner = if form.dict.has(b"Filter") {
            form.decompressed_content_with_limit(MAX_STREAM)
                .map_err(|error| CredentialError::Pdf(format!("a form: {error}")))?
        } else {
            form.content.clone()
        };
        let resources = dict_in(self.document, &form.dict, b"Resources").unwrap_or(outer);
        let mut text = String::new();
        self.draw_text(&inner, resources, depth + 1, &mut text)?;
        out.push_str(&text);
        if let Some(id) = id {
            self.forms.insert(id, text);
        }
        Ok(())
    }
}

fn dict_in<'a>(document: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let (_, object) = document.dereference(dict.get(key).ok()?).ok()?;
    object.as_dict().ok()
}
