//! Page dictionaries and the page tree, written as the pages come: every `PER_NODE` pages go
//! into one compressed object stream together with the tree node that is their parent, so a
//! page costs a few bytes of dictionary and the root only lists one node per stream.

use std::io::Write;

use pdf_writer::{Chunk, Finish, Name, Rect, Ref, Settings};

use super::attachments::{NameIndex, PendingSpec, write_spec};
use super::deflate::zlib;
use super::sink::{FONTS, ObjectSink, PAGE_TREE};
use super::xobjects::XObjectNames;
use crate::render::error::{RenderError, Result};

/// Pages per tree node and object stream: the root of a million-page document lists 7,813 nodes.
const PER_NODE: usize = 128;

/// A page written but not yet in an object stream.
struct PendingPage {
    contents: Ref,
    /// Its size, when it differs from the document's.
    media_box: Option<(f32, f32)>,
    xobjects: XObjectNames,
    /// Its files, whose specifications go into the same object stream.
    files: Vec<PendingSpec>,
    /// Specifications of files it carries with other pages, already written.
    shared: Vec<Ref>,
}

pub(super) struct PageTree {
    pending: Vec<PendingPage>,
    nodes: Vec<Ref>,
    count: u64,
    media_box: Option<(f32, f32)>,
    compress: bool,
    /// Every page's files by name, for the catalog.
    pub(super) names: NameIndex,
}

impl PageTree {
    pub(super) fn new(compress: bool) -> PageTree {
        PageTree {
            pending: Vec::with_capacity(PER_NODE),
            nodes: Vec::new(),
            count: 0,
            media_box: None,
            compress,
            names: NameIndex::default(),
        }
    }

    pub(super) fn count(&self) -> u64 {
        self.count
    }

    /// Adds a page drawing `contents` with `xobjects`; writes a full node when there is one.
    pub(super) fn add<W: Write>(
        &mut self,
        sink: &mut ObjectSink<W>,
        size: (f32, f32),
        contents: Ref,
        xobjects: XObjectNames,
        files: Vec<PendingSpec>,
        shared: &[Ref],
    ) -> Result<()> {
        let document_size = *self.media_box.get_or_insert(size);
        let media_box = (document_size != size).then_some(size);
        self.pending.push(PendingPage { contents, media_box, xobjects, files, shared: shared.to_vec() });
        self.count += 1;
        if self.pending.len() == PER_NODE { self.flush(sink) } else { Ok(()) }
    }

    /// Writes the pending pages and their node as one object stream: the stream's id, then the
    /// node's, then one per page, then one per file specification of those pages.
    fn flush<W: Write>(&mut self, sink: &mut ObjectSink<W>) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let files: usize = self.pending.iter().map(|page| page.files.len()).sum();
        let members = self.pending.len() + 1 + files;
        let stream = sink.reserve(1 + members as i32);
        let node = Ref::new(stream.get() + 1);
        let first_page = node.get() + 1;
        let mut next_spec = first_page + self.pending.len() as i32;
        let settings = Settings { pretty: !self.compress };
        let mut objects = Chunk::with_settings_and_capacity(settings, members * 128);
        let mut starts = Vec::with_capacity(members + 1);
        starts.push(objects.len());
        objects
            .pages(node)
            .parent(PAGE_TREE)
            .kids((0..self.pending.len() as i32).map(|index| Ref::new(first_page + index)))
            .count(self.pending.len() as i32);
        for (index, page) in self.pending.iter().enumerate() {
            starts.push(objects.len());
            let mut writer = objects.page(Ref::new(first_page + index as i32));
            writer.parent(node).contents(page.contents);
            if let Some((width, height)) = page.media_box {
                writer.media_box(Rect::new(0.0, 0.0, width, height));
            }
            let mut resources = writer.resources();
            resources.pair(Name(b"Font"), FONTS);
            page.xobjects.write(&mut resources);
            resources.finish();
            if !page.files.is_empty() || !page.shared.is_empty() {
                let own = (0..page.files.len() as i32).map(|index| Ref::new(next_spec + index));
                writer.insert(Name(b"AF")).array().items(own.chain(page.shared.iter().copied()));
                next_spec += page.files.len() as i32;
            }
            writer.finish();
        }
        let specs = (first_page + self.pending.len() as i32..).map(Ref::new);
        for (spec, file) in specs.zip(self.pending.iter().flat_map(|page| &page.files)) {
            starts.push(objects.len());
            write_spec(&mut objects, spec, file);
            self.names.add(file.name(), spec);
        }
        starts.push(objects.len());

        // The object stream: "id offset" pairs, then the objects' bodies.
        let bytes = objects.as_bytes();
        let mut index = Vec::with_capacity(members * 12);
        let mut bodies = Vec::with_capacity(bytes.len());
        for (member, range) in starts.windows(2).enumerate() {
            let body = object_body(&bytes[range[0]..range[1]])
                .ok_or_else(|| RenderError::InvalidPage("pdf-writer wrote an unexpected object".into()))?;
            write!(index, "{} {} ", node.get() + member as i32, bodies.len())?;
            bodies.extend_from_slice(body);
            bodies.push(b'\n');
        }
        let first = index.len() as i32;
        index.extend_from_slice(&bodies);
        // libdeflate, not the page deflater: its matching pays off on 128 dictionaries.
        let packed;
        let data = if self.compress {
            packed = zlib(&index, 4);
            &packed
        } else {
            &index
        };
        let mut chunk = Chunk::with_settings_and_capacity(settings, data.len() + 128);
        let mut object_stream = chunk.stream(stream, data);
        object_stream.pair(Name(b"Type"), Name(b"ObjStm")).pair(Name(b"N"), members as i32).pair(Name(b"First"), first);
        if self.compress {
            object_stream.filter(pdf_writer::Filter::FlateDecode);
        }
        object_stream.finish();
        sink.put_object_stream(stream, members as u16, &chunk)?;
        self.nodes.push(node);
        self.pending.clear();
        Ok(())
    }

    /// Writes the last node and the root.
    pub(super) fn close<W: Write>(&mut self, sink: &mut ObjectSink<W>) -> Result<()> {
        self.flush(sink)?;
        let (width, height) = self.media_box.unwrap_or((595.28, 841.89));
        let mut chunk = Chunk::with_settings(Settings { pretty: !self.compress });
        let count = i32::try_from(self.count).map_err(|_| RenderError::InvalidPage("too many pages".into()))?;
        chunk
            .pages(PAGE_TREE)
            .kids(self.nodes.iter().copied())
            .count(count)
            .media_box(Rect::new(0.0, 0.0, width, height));
        sink.put_late(PAGE_TREE, &chunk)
    }
}

/// The body of the one indirect object pdf-writer wrote into `object` (`N 0 obj` … `endobj`):
/// pdf-writer writes only indirect objects, and an object stream holds bare bodies.
fn object_body(object: &[u8]) -> Option<&[u8]> {
    const OPEN: &[u8] = b" 0 obj\n";
    const CLOSE: &[u8] = b"\nendobj\n";
    let start = object.windows(OPEN.len()).position(|window| window == OPEN)? + OPEN.len();
    let end = object.windows(CLOSE.len()).rposition(|window| window == CLOSE)?;
    (start <= end).then(|| &object[start..end])
}

#[cfg(test)]
mod tests {
    use super::object_body;

    #[test]
    fn object_bodies_lose_only_their_wrapper() {
        assert_eq!(object_body(b"12 0 obj\n<</Type/Page>>\nendobj\n\n"), Some(&b"<</Type/Page>>"[..]));
        assert_eq!(object_body(b"garbage"), None);
    }
}
