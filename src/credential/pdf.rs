//! Reading a certificate's PDF back: the credentials its pages carry (`/AF`, or the document's
//! embedded files), the JSON copies beside them, and the text each page shows.

use std::sync::{Arc, Mutex};

use lopdf::{Document, Object, ObjectId};

use super::embedded::{document_files, spec_name};
use super::lazy::LazyPdf;
use super::lazy::source::Source;
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
/// Pages whose objects are gathered and read together: the fonts and forms they share are
/// read once for all of them, and their objects are a few hundred kilobytes.
const PAGES_TOGETHER: usize = 128;

/// A PDF ready to be read: an object at a time when its index can be read, else parsed whole
/// by lopdf (a damaged index, an encrypted file, a page tree only a rebuild finds).
pub struct Pdf(Reading);

enum Reading {
    OnDemand(Box<Mutex<LazyPdf>>),
    Whole(Box<Document>),
}

impl Pdf {
    /// The PDF `bytes`.
    pub fn load(bytes: &[u8]) -> Result<Pdf> {
        match LazyPdf::open(Source::Memory(bytes.to_vec())) {
            Ok(lazy) if !lazy.pages().is_empty() => Ok(Pdf(Reading::OnDemand(Box::new(Mutex::new(lazy))))),
            _ => Pdf::load_whole(bytes),
        }
    }

    /// The PDF in `file`, read from it as its pages are.
    pub fn open(file: std::fs::File) -> Result<Pdf> {
        let mut again = file.try_clone().map_err(|error| CredentialError::Pdf(error.to_string()))?;
        // A file cut short within its cross-reference table still parses (readers rebuild
        // it), yet no viewer of the learner's opens it whole: refused as cut short.
        if !super::unreadable::ends_whole(&mut again).map_err(|error| CredentialError::Pdf(error.to_string()))? {
            let mut bytes = Vec::new();
            std::io::Seek::rewind(&mut again).map_err(|error| CredentialError::Pdf(error.to_string()))?;
            std::io::Read::read_to_end(&mut again, &mut bytes)
                .map_err(|error| CredentialError::Pdf(error.to_string()))?;
            return Err(super::unreadable::unreadable(&bytes, "its end is missing"));
        }
        // The clone shares the file's position with `file`, which is read from its start.
        std::io::Seek::rewind(&mut again).map_err(|error| CredentialError::Pdf(error.to_string()))?;
        if let Ok(lazy) = LazyPdf::open(Source::open(file)?)
            && !lazy.pages().is_empty()
        {
            return Ok(Pdf(Reading::OnDemand(Box::new(Mutex::new(lazy)))));
        }
        let mut bytes = Vec::new();
        std::io::Seek::rewind(&mut again).map_err(|error| CredentialError::Pdf(error.to_string()))?;
        std::io::Read::read_to_end(&mut again, &mut bytes).map_err(|error| CredentialError::Pdf(error.to_string()))?;
        Pdf::load_whole(&bytes)
    }

    /// The PDF `bytes`, parsed whole by lopdf.
    pub fn load_whole(bytes: &[u8]) -> Result<Pdf> {
        Ok(Pdf(Reading::Whole(Box::new(parse_whole(bytes)?))))
    }

    /// Whether the file is read an object at a time (else it was parsed whole).
    pub fn reads_on_demand(&self) -> bool {
        matches!(self.0, Reading::OnDemand(_))
    }

    #[cfg(test)]
    pub(crate) fn document(&self) -> Option<&Document> {
        match &self.0 {
            Reading::Whole(document) => Some(document),
            Reading::OnDemand(_) => None,
        }
    }

    /// The objects the first page needs, as the reader on demand gathers them.
    #[cfg(test)]
    pub(crate) fn first_page_objects(&self) -> Option<Document> {
        let Reading::OnDemand(lazy) = &self.0 else { return None };
        let mut lazy = lazy.lock().ok()?;
        let first = *lazy.pages().first()?;
        lazy.gather_pages(&[first]).ok()
    }
}

fn parse_whole(bytes: &[u8]) -> Result<Document> {
    let unreadable = |error| super::unreadable::unreadable(bytes, error);
    let options = lopdf::LoadOptions { filter: Some(without_images), ..lopdf::LoadOptions::default() };
    let document = Document::load_mem_with_options(bytes, options).map_err(unreadable)?;
    if !document.get_pages().is_empty() {
        return Ok(document);
    }
    // lopdf rebuilds a damaged page tree only when it loads everything.
    Document::load_mem(bytes).map_err(unreadable)
}

/// Keeps every object, but images without their data, which holds no text: a template's logo
/// or photo, and the QR codes of PDFs written before codes were drawn inline (parsed, those
/// were a fifth of what reading 100,000 pages kept in memory). An image's dictionary stays:
/// it tells whether the image covers what lies under it.
///
/// lopdf keeps the object as this leaves it when it stood alone in the file, and keeps what
/// this returns when it came out of an object stream (which holds no streams); so a stream is
/// left in place, and anything else is returned as a copy.
fn without_images(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(stream) => {
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
                stream.content = Vec::new();
            }
            Some((id, Object::Null))
        }
        other => Some((id, other.clone())),
    }
}

/// The credentials a document carries, in page order, read a batch at a time so that a
/// large export is never held as text and JWTs all at once. Pages list theirs in `/AF`; a
/// document none of whose pages does so may carry files of its own, each checked against
/// the text of every page.
pub struct Credentials<'a> {
    pdf: &'a Pdf,
    /// The document parsed whole after the reader on demand failed on a page.
    parsed_late: Option<Document>,
    /// The pages in order (a page's number is its place plus one), and the next to read.
    pages: Vec<ObjectId>,
    next_page: usize,
    files: RunFiles,
    /// Whether any page carried a credential; else, once the pages are read, the
    /// document's own files are looked at.
    any_on_pages: bool,
    document_files_read: bool,
    /// The pages read that list no files (numbered from 1); none once the document's own
    /// files turn out to hold credentials, which vouch for every page.
    bare_pages: Vec<u32>,
}

impl<'a> Credentials<'a> {
    pub fn new(pdf: &'a Pdf) -> Credentials<'a> {
        let pages = match &pdf.0 {
            Reading::Whole(document) => document.page_iter().collect(),
            Reading::OnDemand(lazy) => lazy.lock().map(|lazy| lazy.pages().to_vec()).unwrap_or_default(),
        };
        Credentials {
            pdf,
            parsed_late: None,
            pages,
            next_page: 0,
            files: RunFiles::default(),
            any_on_pages: false,
            document_files_read: false,
            bare_pages: Vec::new(),
        }
    }

    /// The whole document, when that is how the file is read.
    fn whole(&self) -> Option<&Document> {
        whole(self.pdf, &self.parsed_late)
    }

    /// Parses the file whole from now on.
    fn parse_whole_now(&mut self) -> Result<()> {
        self.parsed_late = parse_late(self.pdf)?;
        Ok(())
    }

    /// The next credentials, about `at_least` of them (a page's are never split); empty
    /// once all are read.
    pub fn next_batch(&mut self, at_least: usize) -> Result<Vec<Found>> {
        let mut found = Vec::new();
        while found.len() < at_least && self.next_page < self.pages.len() {
            let first = self.next_page;
            let pdf = self.pdf;
            let read = match (whole(pdf, &self.parsed_late), &pdf.0) {
                (Some(document), _) => {
                    let pages = &self.pages[first..];
                    let mut into = Read { found: &mut found, bare: &mut self.bare_pages };
                    read_pages(document, pages, first, &mut self.files, at_least - into.found.len(), &mut into)?
                }
                (None, Reading::OnDemand(lazy)) => {
                    let pages = &self.pages[first..self.pages.len().min(first + PAGES_TOGETHER)];
                    let listed = self.files.listed();
                    let (mut read, mut bare) = (Vec::new(), Vec::new());
                    let gathered = lazy.lock().ok().and_then(|mut lazy| lazy.gather_pages(pages).ok());
                    let done = gathered.and_then(|document| {
                        let mut into = Read { found: &mut read, bare: &mut bare };
                        read_pages(&document, pages, first, &mut self.files, usize::MAX, &mut into).ok()
                    });
                    let Some(done) = done else {
                        // Read again, these pages and the rest, by lopdf.
                        self.files.rewind(listed);
                        self.parse_whole_now()?;
                        continue;
                    };
                    found.append(&mut read);
                    self.bare_pages.append(&mut bare);
                    done
                }
                (None, Reading::Whole(_)) => break,
            };
            self.next_page += read;
        }
        self.any_on_pages |= !found.is_empty();
        if found.is_empty() && !self.any_on_pages && !self.document_files_read {
            self.document_files_read = true;
            found = self.document_credentials()?;
            if !found.is_empty() {
                self.bare_pages.clear();
            }
        }
        Ok(found)
    }

    /// The pages read so far that carry no credential, numbered from 1.
    pub fn bare_pages(&self) -> &[u32] {
        &self.bare_pages
    }

    /// The JWTs of the document's own `.jwt` files, each with the text of every page and its
    /// copy in the `.json` file of the same name.
    fn document_credentials(&mut self) -> Result<Vec<Found>> {
        if let Reading::OnDemand(lazy) = &self.pdf.0
            && self.parsed_late.is_none()
        {
            // A file with credentials of its own rather than its pages' is a small one,
            // written before pages carried theirs: it is parsed whole.
            let names = lazy.lock().ok().and_then(|mut lazy| lazy.gather_names().ok());
            let files = names.map(|names| document_files(&names)).unwrap_or_default();
            if !files.iter().any(|(name, _)| name.ends_with(".jwt")) {
                return Ok(Vec::new());
            }
            self.parse_whole_now()?;
        }
        let Some(document) = self.whole() else { return Ok(Vec::new()) };
        let mut files = document_files(document);
        if !files.iter().any(|(name, _)| name.ends_with(".jwt")) {
            return Ok(Vec::new());
        }
        let mut reader = TextReader::new(document);
        let mut all = String::new();
        for page_id in document.page_iter() {
            all.push_str(&reader.page_text(page_id)?);
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

/// The file parsed whole, when it is read on demand: what that reader failed on, lopdf may
/// read (it rebuilds a damaged index, and lengths written wrong).
fn parse_late(pdf: &Pdf) -> Result<Option<Document>> {
    let Reading::OnDemand(lazy) = &pdf.0 else { return Ok(None) };
    let mut lazy = lazy.lock().map_err(|_| CredentialError::Pdf("the file cannot be read again".into()))?;
    Ok(Some(parse_whole(&lazy.read_all()?)?))
}

/// The text each page of a document shows, a batch of pages at a time: what is left to read
/// of a file that carries no credential.
pub struct PageTexts<'a> {
    pdf: &'a Pdf,
    parsed_late: Option<Document>,
    /// The pages to read, and their numbers (from 1).
    pages: Vec<ObjectId>,
    numbers: Vec<u32>,
    next_page: usize,
}

impl<'a> PageTexts<'a> {
    /// Pages `numbers` (from 1) of `pdf`; those past its last page are left out.
    pub fn of(pdf: &'a Pdf, numbers: &[u32]) -> PageTexts<'a> {
        let all: Vec<ObjectId> = match &pdf.0 {
            Reading::Whole(document) => document.page_iter().collect(),
            Reading::OnDemand(lazy) => lazy.lock().map(|lazy| lazy.pages().to_vec()).unwrap_or_default(),
        };
        let (numbers, pages) = numbers
            .iter()
            .filter_map(|&number| Some((number, *all.get(usize::try_from(number).ok()?.checked_sub(1)?)?)))
            .unzip();
        PageTexts { pdf, parsed_late: None, pages, numbers, next_page: 0 }
    }

    /// The next pages' numbers and texts; empty once every page is read.
    pub fn next_batch(&mut self) -> Result<Vec<(u32, String)>> {
        let first = self.next_page;
        let pages = &self.pages[first..self.pages.len().min(first + PAGES_TOGETHER)];
        let numbers = &self.numbers[first..];
        let read = |document: &Document| -> Result<Vec<(u32, String)>> {
            let mut reader = TextReader::new(document);
            pages.iter().zip(numbers).map(|(&page, &number)| Ok((number, reader.page_text(page)?))).collect()
        };
        let texts = match (whole(self.pdf, &self.parsed_late), &self.pdf.0) {
            (Some(document), _) => read(document)?,
            (None, Reading::OnDemand(lazy)) => {
                let gathered = lazy.lock().ok().and_then(|mut lazy| lazy.gather_pages(pages).ok());
                match gathered.map(|document| read(&document)) {
                    Some(Ok(texts)) => texts,
                    _ => {
                        self.parsed_late = parse_late(self.pdf)?;
                        return self.next_batch();
                    }
                }
            }
            (None, Reading::Whole(_)) => Vec::new(),
        };
        self.next_page += pages.len();
        Ok(texts)
    }
}

fn whole<'d>(pdf: &'d Pdf, parsed_late: &'d Option<Document>) -> Option<&'d Document> {
    match &pdf.0 {
        Reading::Whole(document) => Some(document),
        Reading::OnDemand(_) => parsed_late.as_ref(),
    }
}

/// Where `read_pages` puts what it reads: the credentials, and the pages that list no files.
struct Read<'v> {
    found: &'v mut Vec<Found>,
    bare: &'v mut Vec<u32>,
}

/// Reads the credentials of `pages` of `document` (the first of them numbered `first` + 1)
/// into `read`, until `at_least` more are there; how many pages were read.
fn read_pages(
    document: &Document,
    pages: &[ObjectId],
    first: usize,
    files: &mut RunFiles,
    at_least: usize,
    read_into: &mut Read,
) -> Result<usize> {
    let Read { found, bare } = read_into;
    let mut reader = TextReader::new(document);
    let wanted = found.len().saturating_add(at_least);
    let mut read = 0;
    for (place, &page_id) in pages.iter().enumerate() {
        if found.len() >= wanted {
            break;
        }
        read = place + 1;
        let number = u32::try_from(first + place + 1).unwrap_or(u32::MAX);
        let Ok(page) = document.get_dictionary(page_id) else {
            bare.push(number);
            continue;
        };
        let Some(Ok((_, Object::Array(specs)))) = page.get(b"AF").ok().map(|files| document.dereference(files)) else {
            bare.push(number);
            continue;
        };
        // A page that lists files is a certificate's: its text is needed anyway.
        let text: Arc<str> = reader.page_text(page_id)?.into();
        let named: Vec<(&Object, String)> =
            specs.iter().filter_map(|spec| Some((spec, spec_name(document, spec)?))).collect();
        for (spec, name) in &named {
            let Some(stem) = name.strip_suffix(".jwt") else { continue };
            let Some((jwt, line)) = files.page_jwt(document, spec, &text) else { continue };
            let json = named.iter().find(|(_, other)| other.strip_suffix(".json") == Some(stem));
            let copy = json.map(|(json, file)| files.copy(document, json, file, line));
            found.push(Found { name: name.clone(), jwt, page: Some(number), text: Arc::clone(&text), copy });
        }
    }
    Ok(read)
}
