//! The objects some pages need, gathered into a small lopdf document of their own: each page,
//! the page tree nodes it inherits from, and what its contents, resources and attached files
//! refer to, but never another page, a font's program or an image.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::LazyPdf;
use crate::credential::Result;

/// What reading a page's text and credentials looks at of the page itself.
const PAGE_KEYS: [&[u8]; 5] = [b"Contents", b"Resources", b"AF", b"MediaBox", b"CropBox"];
/// What a page inherits from the nodes above it.
const INHERITED: [&[u8]; 3] = [b"Resources", b"MediaBox", b"CropBox"];
/// References not followed: up the tree, to other pages, to fonts' programs and metadata.
const NOT_FOLLOWED: [&[u8]; 10] =
    [b"Parent", b"P", b"Pg", b"Dest", b"Annots", b"Thumb", b"FontFile", b"FontFile2", b"FontFile3", b"Metadata"];
/// Page tree nodes above a page, as lopdf follows them.
const MAX_ANCESTORS: usize = 100;
/// Page tree nodes kept between gatherings: a few hundred cover a million pages' paths.
const ANCESTORS_KEPT: usize = 1024;

impl LazyPdf {
    /// A document of `pages` and everything reading them needs.
    pub fn gather_pages(&mut self, pages: &[ObjectId]) -> Result<Document> {
        let mut document = Document::new();
        let mut wanted = Vec::new();
        let mut parents = Vec::new();
        for &page in pages {
            let Some(object) = self.object(page)? else { continue };
            if let Object::Dictionary(dict) = &object {
                for key in PAGE_KEYS {
                    refer(dict.get(key).ok(), &mut wanted);
                }
                parents.extend(dict.get(b"Parent").and_then(Object::as_reference).ok());
            }
            document.objects.insert(page, object);
        }
        for parent in parents {
            self.ancestors_into(parent, &mut document, &mut wanted)?;
        }
        self.follow(&mut document, wanted)?;
        Ok(document)
    }

    /// A document of the catalog and its `/Names` (the document's embedded files).
    pub fn gather_names(&mut self) -> Result<Document> {
        let (root, catalog) = self.catalog()?;
        let mut document = Document::new();
        let mut wanted = Vec::new();
        refer(catalog.get(b"Names").ok(), &mut wanted);
        document.objects.insert(root, Object::Dictionary(catalog));
        document.trailer.set("Root", root);
        self.follow(&mut document, wanted)?;
        Ok(document)
    }

    /// The nodes above a page, from `parent` up, with only what pages inherit.
    fn ancestors_into(&mut self, parent: ObjectId, document: &mut Document, wanted: &mut Vec<ObjectId>) -> Result<()> {
        let mut next = Some(parent);
        let mut walked = Vec::new();
        for _ in 0..MAX_ANCESTORS {
            let Some(id) = next.take() else { break };
            if walked.contains(&id) {
                break;
            }
            walked.push(id);
            let parent_of = |node: &Object| node.as_dict().ok()?.get(b"Parent").ok()?.as_reference().ok();
            // A page of these, or a node gathered for one before: its own parents are next.
            if let Some(known) = document.objects.get(&id) {
                next = parent_of(known);
                continue;
            }
            let node = match self.ancestors.get(&id) {
                Some(node) => node.clone(),
                None => {
                    let Some(node) = self.object(id)? else { break };
                    let node = inherited_only(node);
                    if self.ancestors.len() >= ANCESTORS_KEPT {
                        self.ancestors.clear();
                    }
                    self.ancestors.insert(id, node.clone());
                    node
                }
            };
            if let Object::Dictionary(dict) = &node {
                for key in INHERITED {
                    refer(dict.get(key).ok(), wanted);
                }
            }
            next = parent_of(&node);
            document.objects.insert(id, node);
        }
        Ok(())
    }

    /// Adds `wanted` and all they refer to, but no page or page tree node.
    fn follow(&mut self, document: &mut Document, mut wanted: Vec<ObjectId>) -> Result<()> {
        while let Some(id) = wanted.pop() {
            if document.objects.contains_key(&id) {
                continue;
            }
            let Some(object) = self.object(id)? else { continue };
            let kind = match &object {
                Object::Dictionary(dict) => dict.get_type().ok(),
                _ => None,
            };
            if matches!(kind, Some(b"Page" | b"Pages" | b"Catalog")) {
                continue;
            }
            refer(Some(&object), &mut wanted);
            document.objects.insert(id, object);
        }
        Ok(())
    }
}

/// A page tree node with only the entries its pages inherit, and its parent.
fn inherited_only(node: Object) -> Object {
    let Object::Dictionary(dict) = node else { return node };
    let mut kept = Dictionary::new();
    for key in INHERITED.iter().chain([&b"Parent".as_slice(), &b"Type".as_slice()]) {
        if let Ok(value) = dict.get(key) {
            kept.set(key.to_vec(), value.clone());
        }
    }
    Object::Dictionary(kept)
}

/// Pushes the references `object` holds, however deep, but those of `NOT_FOLLOWED` keys.
fn refer(object: Option<&Object>, wanted: &mut Vec<ObjectId>) {
    let Some(object) = object else { return };
    let dict_refs = |dict: &Dictionary, wanted: &mut Vec<ObjectId>| {
        for (key, value) in dict.iter() {
            if !NOT_FOLLOWED.contains(&key.as_slice()) {
                refer(Some(value), wanted);
            }
        }
    };
    match object {
        Object::Reference(id) => wanted.push(*id),
        Object::Array(items) => items.iter().for_each(|item| refer(Some(item), wanted)),
        Object::Dictionary(dict) => dict_refs(dict, wanted),
        Object::Stream(stream) => dict_refs(&stream.dict, wanted),
        _ => {}
    }
}
