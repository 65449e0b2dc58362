//! A PDF read an object at a time, so that checking an export of any number of pages keeps no
//! more than its cross-reference index, its list of pages and the objects of the pages being
//! read. What this cannot read (a damaged index, an encrypted file) is read whole by lopdf.

mod gather;
pub mod source;
mod xref;

use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, ObjectStream, Stream};

use self::source::{Source, unreadable};
use self::xref::{Index, Place};
use super::Result;
use super::pdf::MAX_STREAM;

/// Object streams kept decoded: the pages read one after another come from the same few.
const STREAMS_KEPT: usize = 4;
/// How deep the page tree is followed, as lopdf does.
const PAGE_TREE_DEPTH: usize = 256;

pub struct LazyPdf {
    source: Source,
    index: Index,
    trailer: Dictionary,
    pages: Vec<ObjectId>,
    streams: Vec<(u32, Arc<ObjectStream>)>,
    /// Page tree nodes with only what their pages inherit, by id: every page needs them.
    ancestors: std::collections::HashMap<ObjectId, Object>,
}

impl LazyPdf {
    /// Reads the index and the list of pages; an error when the file is one for lopdf.
    pub fn open(source: Source) -> Result<LazyPdf> {
        let mut source = source;
        let (index, trailer) = xref::read(&mut source)?;
        if trailer.has(b"Encrypt") {
            return Err(unreadable("it is encrypted"));
        }
        let mut pdf =
            LazyPdf { source, index, trailer, pages: Vec::new(), streams: Vec::new(), ancestors: Default::default() };
        pdf.pages = pdf.page_list()?;
        Ok(pdf)
    }

    /// The pages, in order, as lopdf lists them.
    pub fn pages(&self) -> &[ObjectId] {
        &self.pages
    }

    /// Every byte of the file, for lopdf to parse it whole.
    pub fn read_all(&mut self) -> Result<Vec<u8>> {
        self.source.read_all()
    }

    /// The object `id`, `None` when the file has no such object; a stream with its data, but
    /// an image without (it holds no text, and it is the largest thing a page has; what it
    /// covers is told from its dictionary).
    pub fn object(&mut self, id: ObjectId) -> Result<Option<Object>> {
        match self.index.place(id.0) {
            Place::Nowhere => Ok(None),
            Place::InStream(container) => {
                let stream = self.object_stream(container)?;
                Ok(stream.objects.get(&(id.0, 0)).cloned())
            }
            Place::At(offset) => {
                let found = self.source.indirect_at(offset)?;
                if found.id.0 != id.0 {
                    return Err(unreadable(format!("object {} is not at byte {offset}", id.0)));
                }
                let (Object::Dictionary(dict), Some(data_at)) = (&found.object, found.data_at) else {
                    return Ok(Some(found.object));
                };
                if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
                    return Ok(Some(Object::Stream(Stream::new(dict.clone(), Vec::new()))));
                }
                let length = self.length(dict)?;
                let data = self.source.read_at(data_at, length)?;
                let after = self.source.read_at(data_at + length as u64, 64)?;
                let end = source::skip_space(&after, 0);
                if data.len() < length || !after[end..].starts_with(b"endstream") {
                    return Err(unreadable(format!("the stream of object {} has a wrong /Length", id.0)));
                }
                Ok(Some(Object::Stream(Stream::new(dict.clone(), data))))
            }
        }
    }

    /// A stream's `/Length`, written in place or as an object of its own.
    fn length(&mut self, dict: &Dictionary) -> Result<usize> {
        let length = match dict.get(b"Length") {
            Ok(Object::Reference(id)) => match self.index.place(id.0) {
                Place::InStream(container) => self.object_stream(container)?.objects.get(&(id.0, 0)).cloned(),
                Place::At(offset) => Some(self.source.indirect_at(offset)?.object),
                Place::Nowhere => None,
            },
            Ok(length) => Some(length.clone()),
            Err(_) => None,
        };
        let length = length.and_then(|length| length.as_i64().ok()).and_then(|n| usize::try_from(n).ok());
        length.filter(|n| *n <= MAX_STREAM).ok_or_else(|| unreadable("a stream has no usable /Length"))
    }

    /// The objects of the object stream `container`, decoded once while they are being read.
    fn object_stream(&mut self, container: u32) -> Result<Arc<ObjectStream>> {
        if let Some(at) = self.streams.iter().position(|(number, _)| *number == container) {
            let kept = self.streams.remove(at);
            let stream = Arc::clone(&kept.1);
            self.streams.push(kept);
            return Ok(stream);
        }
        let Place::At(_) = self.index.place(container) else {
            return Err(unreadable(format!("object stream {container} is not in the file")));
        };
        let Some(Object::Stream(stream)) = self.object((container, 0))? else {
            return Err(unreadable(format!("object {container} is not an object stream")));
        };
        let objects = ObjectStream::new_with_limit(&stream, Some(MAX_STREAM)).map_err(unreadable)?;
        let objects = Arc::new(objects);
        if self.streams.len() >= STREAMS_KEPT {
            self.streams.remove(0);
        }
        self.streams.push((container, Arc::clone(&objects)));
        Ok(objects)
    }

    fn dictionary(&mut self, id: ObjectId) -> Result<Option<Dictionary>> {
        Ok(match self.object(id)? {
            Some(Object::Dictionary(dict)) => Some(dict),
            _ => None,
        })
    }

    /// `dict[key]`, followed when it is a reference.
    fn get_deref(&mut self, dict: &Dictionary, key: &[u8]) -> Result<Option<Object>> {
        match dict.get(key) {
            Ok(Object::Reference(id)) => self.object(*id),
            Ok(object) => Ok(Some(object.clone())),
            Err(_) => Ok(None),
        }
    }

    /// The catalog's dictionary.
    fn catalog(&mut self) -> Result<(ObjectId, Dictionary)> {
        let root = self.trailer.get(b"Root").and_then(Object::as_reference).map_err(unreadable)?;
        let catalog = self.dictionary(root)?.ok_or_else(|| unreadable("it has no catalog"))?;
        Ok((root, catalog))
    }

    /// The pages in the order lopdf's page tree walk gives them: a kid typed `/Page`, or one
    /// that cannot be read as a typed dictionary, is a page; a `/Pages` kid is walked into.
    fn page_list(&mut self) -> Result<Vec<ObjectId>> {
        let (_, catalog) = self.catalog()?;
        let Ok(tree) = catalog.get(b"Pages").and_then(Object::as_reference) else { return Ok(Vec::new()) };
        let mut pages = Vec::new();
        let mut stack: Vec<std::vec::IntoIter<Object>> = vec![self.kids(tree)?.into_iter()];
        // Every kid visited counts, so that a tree that loops still ends.
        let mut visits_left = self.index.count();
        while let Some(kids) = stack.last_mut() {
            let Some(kid) = kids.next() else {
                stack.pop();
                continue;
            };
            if visits_left == 0 {
                break;
            }
            visits_left -= 1;
            let Ok(kid) = kid.as_reference() else { continue };
            let kind = self.dictionary(kid)?.map(|dict| dict.get_type().map(<[u8]>::to_vec));
            match kind {
                Some(Ok(kind)) if kind == b"Page" => pages.push(kid),
                Some(Ok(kind)) if kind == b"Pages" => {
                    if stack.len() <= PAGE_TREE_DEPTH {
                        stack.push(self.kids(kid)?.into_iter());
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => pages.push(kid),
            }
        }
        Ok(pages)
    }

    fn kids(&mut self, node: ObjectId) -> Result<Vec<Object>> {
        let Some(node) = self.dictionary(node)? else { return Ok(Vec::new()) };
        Ok(match self.get_deref(&node, b"Kids")? {
            Some(Object::Array(kids)) => kids,
            _ => Vec::new(),
        })
    }
}
