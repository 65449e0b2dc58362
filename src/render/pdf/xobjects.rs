//! The XObjects a content stream draws, by the names it draws them with. Every stream lists
//! only what it draws: a page names its fixed layer's form and its repeated lines, never the
//! whole document's images.

use pdf_writer::writers::Resources;
use pdf_writer::{Finish, Name, Ref};

/// An XObject as a content stream names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum XObject {
    /// A fixed layer's form: `/X0`.
    Form(u32),
    /// An image of the document's image set: `/I0`.
    Image(u32),
    /// A line that repeats from page to page: `/T0`.
    Line(u32),
}

impl XObject {
    pub(super) fn prefix(self) -> (u8, u32) {
        match self {
            XObject::Form(index) => (b'X', index),
            XObject::Image(index) => (b'I', index),
            XObject::Line(index) => (b'T', index),
        }
    }
}

/// A stream's XObject resources: name and object.
#[derive(Debug, Clone, Default)]
pub(super) struct XObjectNames(Vec<(XObject, Ref)>);

impl XObjectNames {
    pub(super) fn resolve(used: &[XObject], mut reference: impl FnMut(XObject) -> Option<Ref>) -> Option<Self> {
        used.iter().map(|&xobject| Some((xobject, reference(xobject)?))).collect::<Option<Vec<_>>>().map(XObjectNames)
    }

    /// Adds `/XObject <<…>>` to `resources`, unless the stream draws none.
    pub(super) fn write(&self, resources: &mut Resources) {
        if self.0.is_empty() {
            return;
        }
        let mut dict = resources.x_objects();
        let mut name = Vec::with_capacity(12);
        for &(xobject, id) in &self.0 {
            let (prefix, index) = xobject.prefix();
            name.clear();
            name.push(prefix);
            name.extend_from_slice(index.to_string().as_bytes());
            dict.pair(Name(&name), id);
        }
        dict.finish();
    }
}
