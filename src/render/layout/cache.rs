//! Laid-out texts by block, box and evaluated text: the course title, the institution and the
//! signatures are the same on most certificates of a course, so they are laid out once; and the
//! fixed layer of each course (the template's fixed items plus its course-level blocks).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Diagnostic, TextFit};
use crate::render::page::{Item, Layer};

/// Beyond this many different texts for one block, new ones are not kept. A grade line takes a
/// few hundred values in a course (one decimal between the threshold and 100%), which should
/// all stay; names and codes are all different and fill it in vain, at about 1 KB each.
const PER_BLOCK: usize = 512;

#[derive(Debug)]
pub(super) struct CachedText {
    pub items: Vec<Item>,
    pub height: f32,
    pub diagnostics: Vec<Diagnostic>,
    pub fit: Option<TextFit>,
}

/// Block id, box x and box width (as bits): one block can be drawn in several boxes (columns).
type Key = (u32, u32, u32);

#[derive(Debug, Default)]
pub(super) struct TextCache {
    texts: Mutex<HashMap<Key, HashMap<String, Arc<CachedText>>>>,
}

impl TextCache {
    pub fn get(&self, key: Key, text: &str) -> Option<Arc<CachedText>> {
        let texts = self.texts.lock().ok()?;
        texts.get(&key)?.get(text).cloned()
    }

    pub fn insert(&self, key: Key, text: &str, laid: CachedText) {
        if let Ok(mut texts) = self.texts.lock() {
            let block = texts.entry(key).or_default();
            if block.len() < PER_BLOCK {
                block.insert(text.to_owned(), Arc::new(laid));
            }
        }
    }
}

/// Beyond this many courses (or modes) per template, course layers are built per page.
const COURSES: usize = 64;

/// A course's items and the fixed layer built with them.
type CourseLayer = (Vec<Item>, Arc<Layer>);

/// Fixed layers by their course-level items: pages of one course share one `Arc`, so the PDF
/// draws that layer once.
#[derive(Debug, Default)]
pub(super) struct CourseLayers {
    layers: Mutex<HashMap<u64, Vec<CourseLayer>>>,
}

impl CourseLayers {
    /// The page's fixed layer: `fixed` alone, or `fixed` followed by `course` items.
    pub fn layer(&self, fixed: &Arc<Layer>, course: Vec<Item>) -> Arc<Layer> {
        if course.is_empty() {
            return fixed.clone();
        }
        let key = Layer { items: course }.fingerprint_and_items();
        let (hash, course) = key;
        let Ok(mut layers) = self.layers.lock() else {
            return build(fixed, course);
        };
        if let Some((_, layer)) = layers.get(&hash).and_then(|found| found.iter().find(|(items, _)| *items == course)) {
            return layer.clone();
        }
        let layer = build(fixed, course.clone());
        if layers.len() < COURSES {
            layers.entry(hash).or_default().push((course, layer.clone()));
        }
        layer
    }
}

fn build(fixed: &Layer, course: Vec<Item>) -> Arc<Layer> {
    let mut items = fixed.items.clone();
    items.extend(course);
    Arc::new(Layer { items })
}

trait Fingerprinted {
    fn fingerprint_and_items(self) -> (u64, Vec<Item>);
}

impl Fingerprinted for Layer {
    fn fingerprint_and_items(self) -> (u64, Vec<Item>) {
        (self.fingerprint(), self.items)
    }
}
