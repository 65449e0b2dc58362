//! Parsers for property values: lengths with units, colours, numbers and keywords.

use super::model::{Color, Edges};

/// A length in points: `12`, `12pt`, `20mm`, `2.5cm`, `1in` (negative allowed).
pub(super) fn length(value: &str) -> Result<f32, String> {
    let value = value.trim();
    if let Some((whole, fraction)) = value.split_once(',')
        && whole.ends_with(|c: char| c.is_ascii_digit())
        && fraction.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(format!("`{value}` has a decimal comma: write `{whole}.{fraction}`, with a point"));
    }
    let split = value.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let number: f32 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a length (write a number with pt, mm, cm or in, e.g. `20mm`)"))?;
    let scale = match unit {
        "" | "pt" => 1.0,
        "mm" => 72.0 / 25.4,
        "cm" => 72.0 / 2.54,
        "in" => 72.0,
        other => return Err(format!("unknown unit `{other}` (use pt, mm, cm or in)")),
    };
    if !number.is_finite() || number.abs() > 100_000.0 {
        return Err(format!("`{value}` is out of range"));
    }
    Ok(number * scale)
}

pub(super) fn positive_length(value: &str) -> Result<f32, String> {
    let length = length(value)?;
    if length < 0.0 {
        return Err(format!("`{value}` must not be negative"));
    }
    Ok(length)
}

/// One to four lengths, as in CSS: `all`, `vertical horizontal`, or `top right bottom left`.
pub(super) fn edges(value: &str) -> Result<Edges, String> {
    // A comma between digits is a decimal comma, which `length` names; any other separates.
    let bytes = value.as_bytes();
    let digit = |at: Option<&u8>| at.is_some_and(u8::is_ascii_digit);
    let separates = (0..bytes.len())
        .any(|at| bytes[at] == b',' && !(at > 0 && digit(bytes.get(at - 1)) && digit(bytes.get(at + 1))));
    if separates {
        let spaced: Vec<&str> = value.split([',', ' ']).filter(|word| !word.is_empty()).collect();
        return Err(format!("separate the lengths with spaces, not commas: `{}`", spaced.join(" ")));
    }
    // A unit set apart from its number (`20 mm`) belongs to it, as it does in a single length;
    // read as a length of its own it was `mm is not a length`.
    let mut words: Vec<String> = Vec::new();
    for word in value.split_whitespace() {
        match words.last_mut() {
            Some(last) if ["pt", "mm", "cm", "in"].contains(&word) && last.parse::<f32>().is_ok() => {
                last.push_str(word)
            }
            _ => words.push(word.to_string()),
        }
    }
    let parts = words.iter().map(|word| positive_length(word)).collect::<Result<Vec<_>, _>>()?;
    match parts[..] {
        [all] => Ok(Edges { top: all, right: all, bottom: all, left: all }),
        [vertical, horizontal] => Ok(Edges { top: vertical, right: horizontal, bottom: vertical, left: horizontal }),
        [top, right, bottom, left] => Ok(Edges { top, right, bottom, left }),
        _ => Err("give one, two or four lengths".to_string()),
    }
}

pub(super) fn number(value: &str, min: f32, max: f32) -> Result<f32, String> {
    let number: f32 = value.trim().parse().map_err(|_| format!("`{value}` is not a number"))?;
    if !(min..=max).contains(&number) {
        return Err(format!("{number} is out of range ({min} to {max})"));
    }
    Ok(number)
}

const NAMED_COLORS: &[(&str, Color)] = &[
    ("black", Color { r: 0, g: 0, b: 0 }),
    ("white", Color { r: 255, g: 255, b: 255 }),
    ("gray", Color { r: 128, g: 128, b: 128 }),
    ("grey", Color { r: 128, g: 128, b: 128 }),
    ("navy", Color { r: 0x1f, g: 0x2a, b: 0x44 }),
    ("gold", Color { r: 0xb0, g: 0x8d, b: 0x57 }),
    ("maroon", Color { r: 0x80, g: 0x20, b: 0x20 }),
    ("green", Color { r: 0x2e, g: 0x6b, b: 0x3a }),
    ("blue", Color { r: 0x1f, g: 0x4e, b: 0x99 }),
    ("red", Color { r: 0xb0, g: 0x20, b: 0x20 }),
];

/// `#rgb`, `#rrggbb` or a name such as `navy`.
pub(super) fn color(value: &str) -> Result<Color, String> {
    let value = value.trim();
    if let Some(hex) = value.strip_prefix('#') {
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("`{value}` is not a colour (write `#rrggbb`, `#rgb` or a name like `navy`)"))?;
        return match digits[..] {
            [r, g, b] => Ok(Color { r: r * 17, g: g * 17, b: b * 17 }),
            [r1, r0, g1, g0, b1, b0] => Ok(Color { r: r1 * 16 + r0, g: g1 * 16 + g0, b: b1 * 16 + b0 }),
            _ => Err(format!("`{value}` is not a colour (write `#rrggbb` or `#rgb`)")),
        };
    }
    NAMED_COLORS.iter().find(|(name, _)| name.eq_ignore_ascii_case(value)).map(|(_, c)| *c).ok_or_else(|| {
        let names: Vec<&str> = NAMED_COLORS.iter().map(|(name, _)| *name).collect();
        format!("unknown colour `{value}` (write `#rrggbb` or one of: {})", names.join(", "))
    })
}

/// One of a fixed set of words.
pub(super) fn keyword<T: Copy>(value: &str, choices: &[(&str, T)]) -> Result<T, String> {
    choices.iter().find(|(word, _)| word.eq_ignore_ascii_case(value.trim())).map(|(_, v)| *v).ok_or_else(|| {
        let words: Vec<&str> = choices.iter().map(|(word, _)| *word).collect();
        format!("`{value}` is not one of: {}", words.join(", "))
    })
}

/// A page size: a name (A3, A4, A5, Letter, Legal) or `WIDTH x HEIGHT` (`x`, `X` or `×`), in
/// portrait.
pub(super) fn page_size(value: &str) -> Result<(f32, f32), String> {
    let mm = 72.0 / 25.4;
    let named = [
        ("a3", (297.0 * mm, 420.0 * mm)),
        ("a4", (210.0 * mm, 297.0 * mm)),
        ("a5", (148.0 * mm, 210.0 * mm)),
        ("letter", (612.0, 792.0)),
        ("legal", (612.0, 1008.0)),
    ];
    if let Some((_, size)) = named.iter().find(|(name, _)| name.eq_ignore_ascii_case(value.trim())) {
        return Ok(*size);
    }
    // A size begins with its width's number; one that begins with a letter is a name mistyped
    // (`A4x`), which split at its `x` was told `A4 is not a length`.
    let sides = value.split_once(['x', 'X', '\u{d7}']).filter(|_| !value.trim_start().starts_with(char::is_alphabetic));
    let Some((w, h)) = sides else {
        return Err(format!("unknown page size `{}` (use A3, A4, A5, Letter, Legal or `297mm x 210mm`)", value.trim()));
    };
    if w.trim().is_empty() || h.trim().is_empty() {
        return Err(format!("`{}` lacks a side: write the width and the height, as in `297mm x 210mm`", value.trim()));
    }
    let (width, height) = (positive_length(w)?, positive_length(h)?);
    if let Some(meant) = unit_meant(w.trim(), h.trim(), (width, height)) {
        return Err(format!(
            "a page of {w} x {h} points is {} x {} mm: a length without a unit is in points, so write {meant}",
            (width * 25.4 / 72.0).round(),
            (height * 25.4 / 72.0).round(),
            w = w.trim(),
            h = h.trim(),
        ));
    }
    if !(36.0..=14_400.0).contains(&width) || !(36.0..=14_400.0).contains(&height) {
        return Err("a page side must be between 36pt and 14400pt".to_string());
    }
    Ok((width, height))
}

/// The size meant by sides `w` and `h` written as bare numbers (so read as points) that make a
/// page too small to be one, if they do: `297 x 210` was a card of 105 x 74 mm on which every
/// block ran off the page, in a dozen errors that never named the size; `8.5 x 11` a page of 3 x
/// 4 mm. Under a postcard's 6 in, millimetres were meant; under half an inch, inches.
fn unit_meant(w: &str, h: &str, (width, height): (f32, f32)) -> Option<String> {
    let bare = |side: &str| side.parse::<f32>().is_ok();
    // A side of 0 is no unit slipped: the range check says what a side may be.
    if !bare(w) || !bare(h) || width.min(height) <= 0.0 {
        return None;
    }
    let longer = width.max(height);
    if longer < 36.0 {
        Some(format!("`{w}in x {h}in` (`{w}cm x {h}cm` for centimetres)"))
    } else if longer < 432.0 {
        Some(format!("`{w}mm x {h}mm` (`{w}pt x {h}pt` for points)"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_read_a_unit_set_apart_from_its_number_as_a_single_length_does() {
        let mm = 72.0 / 25.4;
        assert_eq!(length("20 mm"), Ok(20.0 * mm));
        let spaced = edges("20 mm 1 in").map(|e| (e.top, e.right));
        assert_eq!(spaced, Ok((20.0 * mm, 72.0)));
        assert_eq!(edges("20 mm").map(|e| e.left), Ok(20.0 * mm));
        assert_eq!(
            edges("10mm 12 pt 14 15mm").map(|e| (e.top, e.right, e.bottom, e.left)),
            Ok((10.0 * mm, 12.0, 14.0, 15.0 * mm))
        );
        assert_eq!(
            edges("mm 20").err().as_deref(),
            Some("`mm` is not a length (write a number with pt, mm, cm or in, e.g. `20mm`)")
        );
        assert_eq!(edges("1 2 3").err().as_deref(), Some("give one, two or four lengths"));
    }

    #[test]
    fn commas_between_lengths_or_in_them_say_what_to_write() {
        assert_eq!(
            edges("20mm, 30mm").err().as_deref(),
            Some("separate the lengths with spaces, not commas: `20mm 30mm`")
        );
        assert_eq!(
            edges("1cm, 2cm, 1cm, 2cm").err().as_deref(),
            Some("separate the lengths with spaces, not commas: `1cm 2cm 1cm 2cm`")
        );
        assert_eq!(
            edges("20mm,30mm").err().as_deref(),
            Some("separate the lengths with spaces, not commas: `20mm 30mm`")
        );
        assert_eq!(edges("2,5cm").err().as_deref(), Some("`2,5cm` has a decimal comma: write `2.5cm`, with a point"));
        assert_eq!(
            length("1,5 mm").err().as_deref(),
            Some("`1,5 mm` has a decimal comma: write `1.5 mm`, with a point")
        );
        assert_eq!(edges("2.5cm").map(|e| e.top), Ok(2.5 * 72.0 / 2.54));
    }

    #[test]
    fn page_sizes_are_names_or_two_lengths_and_a_mistyped_name_is_told_as_one() {
        let mm = 72.0 / 25.4;
        assert_eq!(page_size(" a4 "), Ok((210.0 * mm, 297.0 * mm)));
        for written in ["297mm x 210mm", "297mm X 210mm", "297mm \u{d7} 210mm", "297 mm x 210 mm"] {
            assert_eq!(page_size(written), Ok((297.0 * mm, 210.0 * mm)), "{written}");
        }
        for mistyped in ["A4x", "Letterx", "x4", "A4 landscape"] {
            assert_eq!(
                page_size(mistyped).err(),
                Some(format!("unknown page size `{mistyped}` (use A3, A4, A5, Letter, Legal or `297mm x 210mm`)")),
            );
        }
        assert_eq!(
            page_size("297mm x ").err().as_deref(),
            Some("`297mm x` lacks a side: write the width and the height, as in `297mm x 210mm`")
        );
        assert_eq!(page_size("297mm x 21O").err().as_deref(), Some("unknown unit `O` (use pt, mm, cm or in)"));
    }

    #[test]
    fn a_small_page_in_bare_numbers_is_taken_for_millimetres_or_inches_written_as_points() {
        assert_eq!(
            page_size("297 x 210").err().as_deref(),
            Some(
                "a page of 297 x 210 points is 105 x 74 mm: a length without a unit is in points, so write `297mm x 210mm` (`297pt x 210pt` for points)"
            )
        );
        assert_eq!(
            page_size("8.5 x 11").err().as_deref(),
            Some(
                "a page of 8.5 x 11 points is 3 x 4 mm: a length without a unit is in points, so write `8.5in x 11in` (`8.5cm x 11cm` for centimetres)"
            )
        );
        assert_eq!(page_size("8.5in x 11in"), Ok((612.0, 792.0)));
        assert_eq!(page_size("0 x 0").err().as_deref(), Some("a page side must be between 36pt and 14400pt"));
        assert_eq!(page_size("8.5pt x 11pt").err().as_deref(), Some("a page side must be between 36pt and 14400pt"));
        // Said in points, or large enough to be a page in points, it is taken as written.
        assert_eq!(page_size("297pt x 210pt"), Ok((297.0, 210.0)));
        assert_eq!(page_size("842 x 595"), Ok((842.0, 595.0)));
        assert_eq!(page_size("297 x 210mm").map(|(w, _)| w), Ok(297.0));
    }
}
