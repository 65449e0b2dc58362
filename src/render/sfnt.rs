//! sfnt font files (TrueType, OpenType) taken apart into their tables and put back together
//! with one table replaced: the rasterizer's subsets get a character map of their own, and PDF
//! subsets a smaller `name` table. That one keeps only the records that identify the font (name
//! IDs 0 to 6: copyright, family, subfamily, unique id, full name, version, PostScript name), as
//! fontTools' subsetter does by default. The license text and URLs go: they are 5 to 10 KB of
//! every DejaVu face, more than its glyphs in a one-certificate PDF, and no PDF reader looks at
//! them (the font dictionary names the font).

use std::ops::Range;

/// Name IDs kept: copyright notice up to the PostScript name.
const KEPT_NAME_IDS: Range<u16> = 0..7;
/// `head`'s checksum adjustment: this minus the sum of the whole font.
const CHECKSUM_MAGIC: u32 = 0xB1B0_AFBA;

/// `font` with its `name` table pruned, or `None` when there is nothing to prune or the font
/// is not laid out as expected (it is then embedded as it is).
pub(super) fn prune_names(font: &[u8]) -> Option<Vec<u8>> {
    let name = tables(font)?.into_iter().find(|(tag, _)| tag == b"name")?.1;
    let pruned = pruned_name_table(name)?;
    if pruned.len() >= name.len() {
        return None;
    }
    with_table(font, *b"name", &pruned)
}

/// `font` with the table `tag` replaced by `table` (added if it has none); `None` when the
/// font's table directory cannot be read.
pub(super) fn with_table(font: &[u8], tag: [u8; 4], table: &[u8]) -> Option<Vec<u8>> {
    let mut tables = tables(font)?;
    tables.retain(|(known, _)| *known != tag);
    tables.push((tag, table));
    assemble(read_u32(font, 0)?, &tables)
}

/// The table directory: tag and contents of each table, in the directory's order.
fn tables(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let count = read_u16(font, 4)? as usize;
    (0..count)
        .map(|index| {
            let record = 12 + 16 * index;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = read_u32(font, record + 8)? as usize;
            let length = read_u32(font, record + 12)? as usize;
            Some((tag, font.get(offset..offset.checked_add(length)?)?))
        })
        .collect()
}

/// A format 0 `name` table with only the kept records, their strings stored once each; `None`
/// for another format (format 1's language tags are left alone).
fn pruned_name_table(table: &[u8]) -> Option<Vec<u8>> {
    if read_u16(table, 0)? != 0 {
        return None;
    }
    let count = read_u16(table, 2)? as usize;
    let storage = table.get(read_u16(table, 4)? as usize..)?;
    let mut records: Vec<[u16; 6]> = Vec::new();
    let mut strings: Vec<u8> = Vec::new();
    let mut stored: Vec<(Range<usize>, u16)> = Vec::new();
    for index in 0..count {
        let at = 6 + 12 * index;
        let mut record = [0u16; 6];
        for (field, value) in record.iter_mut().enumerate() {
            *value = read_u16(table, at + 2 * field)?;
        }
        let [.., name_id, length, offset] = record;
        if !KEPT_NAME_IDS.contains(&name_id) {
            continue;
        }
        let source = offset as usize..offset as usize + length as usize;
        storage.get(source.clone())?;
        let new_offset = match stored.iter().find(|(known, _)| *known == source) {
            Some(&(_, new_offset)) => new_offset,
            None => {
                let new_offset = u16::try_from(strings.len()).ok()?;
                strings.extend_from_slice(&storage[source.clone()]);
                stored.push((source, new_offset));
                new_offset
            }
        };
        record[5] = new_offset;
        records.push(record);
    }
    let header = 6 + 12 * records.len();
    let mut out = Vec::with_capacity(header + strings.len());
    for value in [0, records.len() as u16, u16::try_from(header).ok()?] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    for value in records.iter().flatten() {
        out.extend_from_slice(&value.to_be_bytes());
    }
    out.extend_from_slice(&strings);
    Some(out)
}

/// A font of `tables`, sorted by tag, each padded to four bytes, with fresh checksums and
/// `head`'s checksum adjustment set for the whole; `None` for more tables or bytes than a
/// table directory can describe.
fn assemble(version: u32, tables: &[([u8; 4], &[u8])]) -> Option<Vec<u8>> {
    let mut tables = tables.to_vec();
    tables.sort_by_key(|(tag, _)| *tag);
    // The directory's fields are 16 bytes a table, in u16.
    let count = u16::try_from(tables.len()).ok().filter(|count| *count < 4096)?;
    let total: usize = tables.iter().map(|(_, data)| data.len().next_multiple_of(4)).sum();
    u32::try_from(12 + 16 * tables.len() + total).ok()?;
    let power = if count == 0 { 0 } else { 1u16 << (15 - count.leading_zeros()) };
    let mut font = Vec::new();
    font.extend_from_slice(&version.to_be_bytes());
    for value in [count, power * 16, power.trailing_zeros() as u16, count * 16 - power * 16] {
        font.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        font.extend_from_slice(tag);
        let checksum = if tag == b"head" { checksum(&without_adjustment(data)) } else { checksum(data) };
        font.extend_from_slice(&checksum.to_be_bytes());
        font.extend_from_slice(&(offset as u32).to_be_bytes());
        font.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(font.len());
            font.extend_from_slice(&without_adjustment(data));
        } else {
            font.extend_from_slice(data);
        }
        font.resize(font.len().next_multiple_of(4), 0);
    }
    if let Some(head) = head_at.filter(|head| font.len() >= head + 12) {
        let adjustment = CHECKSUM_MAGIC.wrapping_sub(checksum(&font));
        font[head + 8..head + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    Some(font)
}

/// `head` with its checksum adjustment zeroed, as checksums are taken.
fn without_adjustment(head: &[u8]) -> Vec<u8> {
    let mut head = head.to_vec();
    if let Some(adjustment) = head.get_mut(8..12) {
        adjustment.fill(0);
    }
    head
}

/// The sum of big-endian 32-bit words, the last padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, word| {
        let mut padded = [0u8; 4];
        padded[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(padded))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fonts::{FontBook, Style, Weight};

    fn dejavu_sans() -> Vec<u8> {
        let book = FontBook::new();
        let id = book.resolve("DejaVu Sans", Weight::Regular, Style::Normal).expect("DejaVu Sans");
        book.face(id).expect("face").bytes().to_vec()
    }

    #[test]
    fn the_license_goes_and_everything_else_stays() {
        let font = dejavu_sans();
        let pruned = prune_names(&font).expect("DejaVu Sans has license records to prune");
        assert!(pruned.len() + 5_000 < font.len(), "{} -> {} bytes", font.len(), pruned.len());
        let face = ttf_parser::Face::parse(&pruned, 0).expect("the pruned font parses");
        let ids: Vec<u16> = face.names().into_iter().map(|name| name.name_id).collect();
        assert!(ids.contains(&0) && ids.contains(&6), "{ids:?}");
        assert!(ids.iter().all(|id| KEPT_NAME_IDS.contains(id)), "{ids:?}");
        let family = face.names().into_iter().filter(|name| name.name_id == 1).find_map(|name| name.to_string());
        assert_eq!(family.as_deref(), Some("DejaVu Sans"));
        let before = tables(&font).expect("original directory");
        let after = tables(&pruned).expect("pruned directory");
        assert_eq!(before.len(), after.len());
        for (tag, data) in before.into_iter().filter(|(tag, _)| tag != b"name" && tag != b"head") {
            let kept = after.iter().find(|(known, _)| *known == tag).map(|(_, data)| *data);
            assert_eq!(kept, Some(data), "{} changed", String::from_utf8_lossy(&tag));
        }
    }

    #[test]
    fn checksums_are_those_of_the_spec() {
        let pruned = prune_names(&dejavu_sans()).expect("pruned");
        assert_eq!(checksum(&pruned), CHECKSUM_MAGIC, "the whole font sums to the magic number");
        for (index, (tag, data)) in tables(&pruned).expect("directory").into_iter().enumerate() {
            let stored = read_u32(&pruned, 12 + 16 * index + 4).expect("record");
            let data = if &tag == b"head" { without_adjustment(data) } else { data.to_vec() };
            assert_eq!(stored, checksum(&data), "{}", String::from_utf8_lossy(&tag));
        }
    }

    #[test]
    fn fonts_it_cannot_read_are_left_alone() {
        assert_eq!(prune_names(b""), None);
        assert_eq!(prune_names(b"\0\x01\0\0\0\x05"), None);
        let mut font = dejavu_sans();
        font.truncate(font.len() / 2);
        assert_eq!(prune_names(&font), None, "a table past the end");
    }
}
