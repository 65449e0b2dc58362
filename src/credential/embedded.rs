//! The files a PDF embeds: their names, their text, and the credentials the document's own
//! `/EmbeddedFiles` name tree lists (rather than a page's `/AF`).

use lopdf::{Document, Object};

use super::pdf::{MAX_DEPTH, MAX_STREAM};

/// The name of the file `spec` specifies.
pub(super) fn spec_name(document: &Document, spec: &Object) -> Option<String> {
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
pub(super) fn document_files(document: &Document) -> Vec<(String, String)> {
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
