//! The bytes of a PDF read where they are needed, from the file or from memory, and the one
//! object found at an offset. Nothing here keeps more than the object being read.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use lopdf::{Dictionary, Object, ObjectStream, Stream};

use crate::credential::{CredentialError, Result};

/// What a first look at an object reads; an object larger than this is read again whole.
const FIRST_LOOK: usize = 4 << 10;
/// No single object's dictionary or array (a page tree node of a huge document) is larger.
const MAX_OBJECT: usize = 64 << 20;

pub enum Source {
    Memory(Vec<u8>),
    File { file: File, len: u64 },
}

/// An object as it stands in the file: its number and generation, its value, and where its
/// stream's data starts when it is a stream (the value is then the stream's dictionary).
pub struct Indirect {
    pub id: (u32, u16),
    pub object: Object,
    pub data_at: Option<u64>,
}

pub fn unreadable(what: impl std::fmt::Display) -> CredentialError {
    CredentialError::Pdf(format!("it is not a readable PDF: {what}"))
}

impl Source {
    pub fn open(file: File) -> Result<Source> {
        let len = file.metadata().map_err(unreadable)?.len();
        Ok(Source::File { file, len })
    }

    pub fn size(&self) -> u64 {
        match self {
            Source::Memory(bytes) => bytes.len() as u64,
            Source::File { len, .. } => *len,
        }
    }

    /// Up to `len` bytes from `offset`: fewer at the end of the file.
    pub fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>> {
        let available = self.size().saturating_sub(offset);
        let len = len.min(usize::try_from(available).unwrap_or(usize::MAX));
        match self {
            Source::Memory(bytes) => {
                let start = usize::try_from(offset).map_err(unreadable)?;
                Ok(bytes.get(start..start + len).unwrap_or_default().to_vec())
            }
            Source::File { file, .. } => {
                let mut buffer = vec![0; len];
                file.seek(SeekFrom::Start(offset)).map_err(unreadable)?;
                file.read_exact(&mut buffer).map_err(unreadable)?;
                Ok(buffer)
            }
        }
    }

    /// Every byte: for the parser that reads a whole document.
    pub fn read_all(&mut self) -> Result<Vec<u8>> {
        let len = usize::try_from(self.size()).map_err(unreadable)?;
        self.read_at(0, len)
    }

    /// The direct object (a trailer's dictionary) that starts at `offset`, after white space.
    pub fn direct_at(&mut self, offset: u64) -> Result<Object> {
        self.with_object_at(offset, |bytes, whole, _| {
            let (object, _) = match object_in(bytes, 0, whole)? {
                Ok(found) => found,
                Err(error) => return Some(Err(error)),
            };
            Some(Ok(object))
        })
    }

    /// The indirect object `N G obj … endobj` that starts at `offset`.
    pub fn indirect_at(&mut self, offset: u64) -> Result<Indirect> {
        self.with_object_at(offset, |bytes, whole, window_offset| {
            let Some((id, body)) = header(bytes, 0) else {
                return Some(Err(unreadable(format!("no object starts at byte {offset}"))));
            };
            let (object, end) = match object_in(bytes, body, whole)? {
                Ok(found) => found,
                Err(error) => return Some(Err(error)),
            };
            let data_at = match &object {
                Object::Dictionary(_) => stream_data_start(bytes, end, whole)?.map(|at| window_offset + at as u64),
                _ => None,
            };
            Some(Ok(Indirect { id, object, data_at }))
        })
    }

    /// Runs `read` on a window of the file from `offset`, larger each time it needs more
    /// (returns `None`) until the end of the file or `MAX_OBJECT`.
    fn with_object_at<T>(&mut self, offset: u64, read: impl Fn(&[u8], bool, u64) -> Option<Result<T>>) -> Result<T> {
        let mut window = FIRST_LOOK;
        loop {
            let bytes = self.read_at(offset, window)?;
            let whole = bytes.len() < window;
            if let Some(result) = read(&bytes, whole, offset) {
                return result;
            }
            if whole || window >= MAX_OBJECT {
                return Err(unreadable(format!("the object at byte {offset} does not end")));
            }
            window = (window * 8).min(MAX_OBJECT);
        }
    }
}

/// `N G obj` at `at`: the object's id and where its value starts.
fn header(bytes: &[u8], at: usize) -> Option<((u32, u16), usize)> {
    let (number, at) = digits(bytes, skip_space(bytes, at))?;
    let (generation, at) = digits(bytes, skip_space(bytes, at))?;
    let at = skip_space(bytes, at);
    let rest = bytes.get(at..)?;
    rest.starts_with(b"obj").then_some(())?;
    Some(((u32::try_from(number).ok()?, u16::try_from(generation).ok()?), at + 3))
}

fn digits(bytes: &[u8], at: usize) -> Option<(u64, usize)> {
    let count = bytes.get(at..)?.iter().take_while(|byte| byte.is_ascii_digit()).count();
    let text = std::str::from_utf8(bytes.get(at..at + count)?).ok()?;
    Some((text.parse().ok()?, at + count))
}

/// The object that starts after white space at `at`, parsed by lopdf, and where it ends;
/// `None` when it runs past the end of `bytes` and they are not `whole` (the rest of the file).
fn object_in(bytes: &[u8], at: usize, whole: bool) -> Option<Result<(Object, usize)>> {
    let start = skip_space(bytes, at);
    let end = match composite_end(bytes, start) {
        Ending::At(end) => end,
        Ending::Beyond => return None,
        // A number, name, reference or keyword: short, and ended by what follows it.
        Ending::NotComposite => {
            let short = bytes.len().min(start + 64);
            if short == bytes.len() && !whole {
                return None;
            }
            short
        }
    };
    let parsed = parse_direct(&bytes[start..end]).ok_or_else(|| unreadable(format!("an object at byte {start}")));
    Some(parsed.map(|object| (object, end)))
}

/// Where a stream's data starts when the dictionary ending at `end` is a stream's: after the
/// `stream` keyword and its end of line. `None` when the window ends before it can be told.
fn stream_data_start(bytes: &[u8], end: usize, whole: bool) -> Option<Option<usize>> {
    let at = skip_space(bytes, end);
    if bytes.len() < at + 8 && !whole {
        return None;
    }
    if !bytes.get(at..).unwrap_or_default().starts_with(b"stream") {
        return Some(None);
    }
    let after = at + 6;
    Some(Some(match bytes.get(after..).unwrap_or_default() {
        [b'\r', b'\n', ..] => after + 2,
        [b'\n' | b'\r', ..] => after + 1,
        _ => after,
    }))
}

/// Parses one direct object with lopdf's own parser, which it opens to files only through
/// object streams: `bytes` are made the one object of a stream of them.
pub fn parse_direct(bytes: &[u8]) -> Option<Object> {
    let mut content = b"1 0 ".to_vec();
    content.extend_from_slice(bytes);
    let mut dict = Dictionary::new();
    dict.set("N", 1);
    dict.set("First", 4);
    ObjectStream::new(&Stream::new(dict, content)).ok()?.objects.remove(&(1, 0))
}

/// After white space and comments.
pub fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0' => at += 1,
            b'%' => {
                while bytes.get(at).is_some_and(|&byte| byte != b'\r' && byte != b'\n') {
                    at += 1;
                }
            }
            _ => break,
        }
    }
    at
}

enum Ending {
    At(usize),
    Beyond,
    NotComposite,
}

/// Where the dictionary, array or string that starts at `start` ends, its strings and
/// comments skipped as the PDF syntax has them: a `stream` inside a string is not the one
/// that follows the dictionary.
fn composite_end(bytes: &[u8], start: usize) -> Ending {
    if !matches!(bytes.get(start), Some(b'<' | b'[' | b'(')) {
        return Ending::NotComposite;
    }
    let mut depth = 0usize;
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'<' if bytes.get(at + 1) == Some(&b'<') => {
                depth += 1;
                at += 2;
                continue;
            }
            b'>' if bytes.get(at + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                at += 2;
            }
            b'[' => {
                depth += 1;
                at += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                at += 1;
            }
            b'<' => match bytes[at..].iter().position(|&byte| byte == b'>') {
                Some(length) => at += length + 1,
                None => return Ending::Beyond,
            },
            b'(' => match string_end(bytes, at) {
                Some(end) => at = end,
                None => return Ending::Beyond,
            },
            b'%' => {
                at = skip_space(bytes, at);
                if at >= bytes.len() {
                    return Ending::Beyond;
                }
                continue;
            }
            _ => {
                at += 1;
                continue;
            }
        }
        if depth == 0 {
            return Ending::At(at);
        }
    }
    Ending::Beyond
}

/// The end of the literal string that starts at `start`: balanced parentheses, and any byte
/// after a backslash taken as is.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn ends(bytes: &[u8], expected: Option<usize>) {
        let found = match composite_end(bytes, 0) {
            Ending::At(end) => Some(end),
            _ => None,
        };
        assert_eq!(found, expected, "{}", String::from_utf8_lossy(bytes));
    }

    #[test]
    fn an_object_ends_where_its_syntax_says_not_where_a_keyword_is_seen() {
        ends(b"<</A 1>>stream", Some(8));
        ends(b"<</A (>>stream) /B <<>> >> x", Some(26));
        ends(b"<</A (a \\) b >> ( ) ) >> x", Some(24));
        ends(b"<</A <3e3e> % >> comment\n>>", Some(27));
        ends(b"[1 [2] (]) ] 3", Some(12));
        ends(b"<</A (unclosed", None);
        ends(b"<</A 1", None);
    }

    #[test]
    fn a_stream_found_after_its_dictionary_even_with_stream_in_a_string() {
        let mut source = Source::Memory(b"%PDF\n5 0 obj\n<</Length 3/X (stream)>>\nstream\nabc\nendstream".to_vec());
        let found = source.indirect_at(5).expect("an object");
        assert_eq!(found.id, (5, 0));
        assert_eq!(found.data_at, Some(45));
        let Object::Dictionary(dict) = found.object else { panic!("a dictionary") };
        assert_eq!(dict.get(b"X").and_then(Object::as_str).ok(), Some(b"stream".as_slice()));
        let mut source = Source::Memory(b"7 0 obj 42 endobj".to_vec());
        let found = source.indirect_at(0).expect("an object");
        assert_eq!((found.id, found.object.as_i64().ok(), found.data_at), ((7, 0), Some(42), None));
    }
}
