//! Files a page carries (a certificate's credential): each an embedded file stream, written
//! with its page, and a file specification that goes into the page's object stream, listed in
//! the page's `/AF` (associated files) and in the catalog's `/EmbeddedFiles` name tree so
//! `pdfdetach` and viewers' attachment panes find them. Files that several pages carry
//! together (`SharedFiles`) are written once, specifications included, before those pages.

use std::io::Write;

use pdf_writer::{Chunk, Filter, Finish, Name, Ref, Settings, Str, TextStr};

use super::deflate::zlib;
use super::sink::ObjectSink;
use crate::render::error::{RenderError, Result};

/// How a file relates to the page (PDF 2.0 `/AFRelationship`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relationship {
    /// Another form of what the page shows (the signed credential).
    Alternative,
    /// Something that helps read it (the credential as plain JSON).
    Supplement,
}

/// A file to embed, compressed when made (on the thread that makes it, not the writer's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Unique in the document.
    pub name: String,
    /// A MIME type, e.g. `application/jwt`.
    pub mime: &'static str,
    pub description: String,
    pub relationship: Relationship,
    /// zlib-compressed, also in uncompressed (debug) documents: a credential is no text to diff.
    packed: Vec<u8>,
}

impl Attachment {
    pub fn new(name: String, mime: &'static str, description: String, relationship: Relationship, data: &[u8]) -> Self {
        Attachment { name, mime, description, relationship, packed: zlib(data, 6) }
    }
}

/// A file written with its page, whose specification waits for the page's object stream.
pub(super) struct PendingSpec {
    name: String,
    description: String,
    relationship: Relationship,
    stream: Ref,
}

/// Writes each attachment's stream now; returns what the page's specifications need.
pub(super) fn put_streams<W: Write>(
    sink: &mut ObjectSink<W>,
    settings: Settings,
    attachments: &[Attachment],
) -> Result<Vec<PendingSpec>> {
    let mut specs = Vec::with_capacity(attachments.len());
    for attachment in attachments {
        let id = sink.reserve(1);
        let mut chunk = Chunk::with_settings_and_capacity(settings, attachment.packed.len() + 128);
        let mut file = chunk.embedded_file(id, &attachment.packed);
        file.subtype(Name(attachment.mime.as_bytes()));
        file.filter(Filter::FlateDecode);
        file.finish();
        sink.put(id, &chunk)?;
        specs.push(PendingSpec {
            name: attachment.name.clone(),
            description: attachment.description.clone(),
            relationship: attachment.relationship,
            stream: id,
        });
    }
    Ok(specs)
}

/// Writes the file specification of `spec` as object `id` into `chunk`.
pub(super) fn write_spec(chunk: &mut Chunk, id: Ref, spec: &PendingSpec) {
    let mut file = chunk.file_spec(id);
    file.path(Str(spec.name.as_bytes())).unic_file(TextStr(&spec.name)).description(TextStr(&spec.description));
    file.insert(Name(b"EF")).dict().pair(Name(b"F"), spec.stream).pair(Name(b"UF"), spec.stream);
    let relationship = match spec.relationship {
        Relationship::Alternative => Name(b"Alternative"),
        Relationship::Supplement => Name(b"Supplement"),
    };
    file.pair(Name(b"AFRelationship"), relationship);
    file.finish();
}

impl PendingSpec {
    pub(super) fn name(&self) -> &str {
        &self.name
    }
}

/// Files written once for the pages that carry them together: `PdfDocument::add_shared_files`
/// makes it, `PdfDocument::add_page_sharing` lists it in a page's `/AF`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedFiles {
    pub(super) specs: Vec<Ref>,
}

/// Writes each attachment's stream and specification now, naming them in `names`.
pub(super) fn put_shared<W: Write>(
    sink: &mut ObjectSink<W>,
    settings: Settings,
    attachments: &[Attachment],
    names: &mut NameIndex,
) -> Result<SharedFiles> {
    let pending = put_streams(sink, settings, attachments)?;
    let mut specs = Vec::with_capacity(pending.len());
    for spec in &pending {
        let id = sink.reserve(1);
        let mut chunk = Chunk::with_settings(settings);
        write_spec(&mut chunk, id, spec);
        sink.put(id, &chunk)?;
        names.add(spec.name(), id);
        specs.push(id);
    }
    Ok(SharedFiles { specs })
}

/// Entries of the `/EmbeddedFiles` name tree per leaf.
const PER_LEAF: usize = 256;

/// The document's embedded files by name, for the catalog's name tree.
#[derive(Default)]
pub(super) struct NameIndex {
    entries: Vec<(Box<str>, Ref)>,
}

impl NameIndex {
    pub(super) fn add(&mut self, name: &str, spec: Ref) {
        self.entries.push((name.into(), spec));
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the name tree (sorted by name; leaves of `PER_LEAF` under one root when there are
    /// more) and returns its root. Two files of one name are an error: a reader would find
    /// only one of them.
    pub(super) fn write<W: Write>(mut self, sink: &mut ObjectSink<W>, settings: Settings) -> Result<Ref> {
        self.entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        if let Some(pair) = self.entries.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(RenderError::InvalidPage(format!("two attachments are named {}", pair[0].0)));
        }
        let leaves: Vec<&[(Box<str>, Ref)]> = self.entries.chunks(PER_LEAF).collect();
        if leaves.len() == 1 {
            let root = sink.reserve(1);
            let mut chunk = Chunk::with_settings(settings);
            let mut dict = chunk.indirect(root).dict();
            write_names(&mut dict, leaves[0]);
            dict.finish();
            sink.put(root, &chunk)?;
            return Ok(root);
        }
        let first_leaf = sink.reserve(leaves.len() as i32).get();
        for (index, leaf) in leaves.iter().enumerate() {
            let id = Ref::new(first_leaf + index as i32);
            let mut chunk = Chunk::with_settings(settings);
            let mut dict = chunk.indirect(id).dict();
            let (Some(first), Some(last)) = (leaf.first(), leaf.last()) else { continue };
            dict.insert(Name(b"Limits")).array().item(Str(first.0.as_bytes())).item(Str(last.0.as_bytes()));
            write_names(&mut dict, leaf);
            dict.finish();
            sink.put(id, &chunk)?;
        }
        let root = sink.reserve(1);
        let mut chunk = Chunk::with_settings(settings);
        chunk
            .indirect(root)
            .dict()
            .insert(Name(b"Kids"))
            .array()
            .items((0..leaves.len() as i32).map(|index| Ref::new(first_leaf + index)));
        sink.put(root, &chunk)?;
        Ok(root)
    }
}

fn write_names(dict: &mut pdf_writer::Dict, entries: &[(Box<str>, Ref)]) {
    let mut names = dict.insert(Name(b"Names")).array();
    for (name, spec) in entries {
        names.item(Str(name.as_bytes()));
        names.item(*spec);
    }
}
