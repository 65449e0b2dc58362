//! Laid-out texts by block, box and evaluated text: the course title, the institution and the
//! signatures are the same on most certificates of a course, so they are laid out once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::Diagnostic;
use crate::render::page::Item;

/// Beyond this many different texts for one block (names, codes), new ones are not kept.
const PER_BLOCK: usize = 64;

#[derive(Debug)]
pub(super) struct CachedText {
    pub items: Vec<Item>,
    pub height: f32,
    pub diagnostics: Vec<Diagnostic>,
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
