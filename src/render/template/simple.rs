//! A fast path for the most common texts: literal text with `{{ field }}` placeholders, optionally
//! through `upper`, `lower` or `date`. They are evaluated here, without minijinja, with the same
//! result (a test compares the two on every default template); anything else goes to minijinja.

use super::date::format_date;
use super::model::Language;
use super::program::escape_value;
use crate::render::data::RenderData;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Upper,
    Lower,
    Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    /// Each filter with the offset of its name in the text, where an error it meets is told.
    Field {
        path: &'static str,
        filters: Vec<(Filter, usize)>,
    },
}

/// A text that needs no template engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleText {
    pieces: Vec<Piece>,
}

impl SimpleText {
    /// `Some` when `source` is only literals and `{{ field | upper|lower|date }}` placeholders.
    pub fn recognise(source: &str) -> Option<SimpleText> {
        if source.contains("{%") || source.contains("{#") || source.contains("%}") || source.contains("#}") {
            return None;
        }
        let mut pieces = Vec::new();
        let mut rest = source;
        while let Some(start) = rest.find("{{") {
            if start > 0 {
                pieces.push(Piece::Literal(rest[..start].to_string()));
            }
            let after = &rest[start + 2..];
            let end = after.find("}}")?;
            let inner = &after[..end];
            if inner.starts_with('-')
                || inner.ends_with('-')
                || inner.contains(['(', '[', '"', '\'', '~', '+', '{', '}'])
            {
                return None;
            }
            let inner_offset = source.len() - after.len();
            // Each part trimmed, with the offset in `source` where what is left of it starts.
            let mut parts = inner.split('|').scan(inner_offset, |start, part| {
                let at = *start + part.len() - part.trim_start().len();
                *start += part.len() + 1;
                Some((part.trim(), at))
            });
            let (name, _) = parts.next()?;
            let path = crate::render::data::FIELDS.iter().find(|field| **field == name && **field != "signatories")?;
            let filters = parts
                .map(|(filter, offset)| match filter {
                    "upper" => Some((Filter::Upper, offset)),
                    "lower" => Some((Filter::Lower, offset)),
                    "date" => Some((Filter::Date, offset)),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            pieces.push(Piece::Field { path, filters });
            rest = &after[end + 2..];
        }
        if rest.contains("}}") {
            return None;
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest.to_string()));
        }
        Some(SimpleText { pieces })
    }

    /// The text on `data`; the error is minijinja's message for the same failure (a bad date),
    /// with the offset in the text of the filter that met it.
    pub fn evaluate(&self, data: &RenderData, language: Language, out: &mut String) -> Result<(), (usize, String)> {
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Field { path, filters } => {
                    let mut value = std::borrow::Cow::Borrowed(field(data, path).unwrap_or_default());
                    for &(filter, offset) in filters {
                        value = std::borrow::Cow::Owned(match filter {
                            Filter::Upper => value.to_uppercase(),
                            Filter::Lower => value.to_lowercase(),
                            Filter::Date => format_date(&value, language).map_err(|error| {
                                (offset, format!("{}: {}", error.kind(), error.detail().unwrap_or_default()))
                            })?,
                        });
                    }
                    // Writing to a String cannot fail.
                    let _ = escape_value(&value, out);
                }
            }
        }
        Ok(())
    }
}

fn field<'a>(data: &'a RenderData, path: &str) -> Option<&'a str> {
    Some(match path {
        "learner.full_name" => &data.learner.full_name,
        "learner.username" => &data.learner.username,
        "learner.email" => &data.learner.email,
        "course.id" => &data.course.id,
        "course.title" => &data.course.title,
        "course.institution" => &data.course.institution,
        "course.starts" => &data.course.starts,
        "course.ends" => &data.course.ends,
        "grade.percent" => &data.grade.percent,
        "grade.letter" => &data.grade.letter,
        "grade.status" => &data.grade.status,
        "certificate.code" => &data.certificate.code,
        "certificate.issued_on" => &data.certificate.issued_on,
        "certificate.mode" => &data.certificate.mode,
        "certificate.mode_label" => &data.certificate.mode_label,
        "certificate.verify_url" => &data.certificate.verify_url,
        _ => return None,
    })
}
