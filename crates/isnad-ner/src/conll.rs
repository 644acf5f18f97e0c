//! Reading CoNLL-style `token TAG` files (ANERcorp, AQMAR, Wojood) and turning
//! BIO tag sequences into spans.

use std::path::Path;

use crate::{EntityType, Error};

/// One sentence: tokens and their raw tag columns (the first tag column, and
/// for nested corpora such as Wojood, all the others).
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    /// `tags[i]` are the tag columns of token `i` as written (at least one).
    pub tags: Vec<Vec<String>>,
}

/// Read a CoNLL-like file: one `token TAG [TAG...]` per line (space or tab
/// separated), blank line between sentences. A BOM and U+200E/U+200F marks are
/// dropped. Lines with no tag get `O`.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(parse(&text))
}

/// Parse CoNLL text (see [`read_file`]).
pub fn parse(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for line in text.lines() {
        let line: String = line
            .chars()
            .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200E}' | '\u{200F}'))
            .collect();
        let line = line.trim();
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let mut parts = line.split([' ', '\t']).filter(|p| !p.is_empty());
        let Some(tok) = parts.next() else { continue };
        let mut tags: Vec<String> = parts.map(str::to_string).collect();
        if tags.is_empty() {
            tags.push("O".to_string());
        }
        cur.tokens.push(tok.to_string());
        cur.tags.push(tags);
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    out
}

/// A labelled span of tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: EntityType,
}

/// Map a corpus tag type (after `B-`/`I-`) to our types. ANERcorp `PERS`,
/// AQMAR `MIS0..3`, Wojood `OCC`; anything else (AQMAR's stray `ENGLISH`,
/// Wojood's DATE...) is `None`, i.e. outside.
pub fn map_type(t: &str) -> Option<EntityType> {
    let t = t.trim_matches(|c: char| c == '-' || c == '`');
    let up = t.to_ascii_uppercase();
    match up.as_str() {
        "PER" | "PERS" | "PERSON" => Some(EntityType::Per),
        "ORG" => Some(EntityType::Org),
        "LOC" => Some(EntityType::Loc),
        "GPE" => Some(EntityType::Gpe),
        "OCC" | "TITLE" => Some(EntityType::Title),
        _ if up.starts_with("MIS") => Some(EntityType::Misc),
        _ => None,
    }
}

/// Split a raw tag into (is_begin, type). `O`, `OO`, `IO` and unknown types
/// are outside. Tags without a dash are outside too.
pub fn split_tag(tag: &str) -> Option<(bool, EntityType)> {
    let tag = tag.trim();
    let (bi, rest) = tag.split_once('-')?;
    let ty = map_type(rest)?;
    match bi.to_ascii_uppercase().as_str() {
        "B" => Some((true, ty)),
        "I" => Some((false, ty)),
        _ => None,
    }
}

/// CoNLL span extraction from BIO tags: a span starts at `B-X`, or at an
/// `I-X` that does not continue an `X` span (the conlleval convention).
pub fn spans_from_tags<S: AsRef<str>>(tags: &[S]) -> Vec<Span> {
    let parsed: Vec<Option<(bool, EntityType)>> =
        tags.iter().map(|t| split_tag(t.as_ref())).collect();
    spans_from_parsed(&parsed)
}

/// Same as [`spans_from_tags`] over already parsed tags.
pub fn spans_from_parsed(tags: &[Option<(bool, EntityType)>]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntityType)> = None;
    for (i, t) in tags.iter().enumerate() {
        match *t {
            Some((false, ty)) if cur.is_some_and(|(_, c)| c == ty) => {}
            Some((_, ty)) => {
                if let Some((s, c)) = cur.take() {
                    out.push(Span {
                        start: s,
                        end: i,
                        label: c,
                    });
                }
                cur = Some((i, ty));
            }
            None => {
                if let Some((s, c)) = cur.take() {
                    out.push(Span {
                        start: s,
                        end: i,
                        label: c,
                    });
                }
            }
        }
    }
    if let Some((s, c)) = cur {
        out.push(Span {
            start: s,
            end: tags.len(),
            label: c,
        });
    }
    out
}

/// The outermost spans of one type in a nested corpus (Wojood): for each
/// token, the first tag column that holds `ty`, then BIO spans over that.
pub fn outer_spans_of(sent: &Sentence, ty: EntityType) -> Vec<Span> {
    let parsed: Vec<Option<(bool, EntityType)>> = sent
        .tags
        .iter()
        .map(|cols| {
            cols.iter()
                .filter_map(|t| split_tag(t))
                .find(|&(_, t)| t == ty)
        })
        .collect();
    spans_from_parsed(&parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_extracts_spans() {
        let s = parse("\u{FEFF}محمد B-PERS\nعلي I-PERS\nفي O\n\nمصر B-LOC\nو\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].tags[1], vec!["O"]);
        let spans = spans_from_tags(&["B-PERS", "I-PERS", "O", "I-LOC", "B-MIS1", "I-MIS1", "IO"]);
        assert_eq!(
            spans,
            vec![
                Span {
                    start: 0,
                    end: 2,
                    label: EntityType::Per
                },
                Span {
                    start: 3,
                    end: 4,
                    label: EntityType::Loc
                },
                Span {
                    start: 4,
                    end: 6,
                    label: EntityType::Misc
                },
            ]
        );
    }

    #[test]
    fn nested_columns_pick_the_type() {
        let s = parse("وزير B-OCC\nالداخلية I-OCC\nالأردني I-OCC B-GPE\nقال O\n");
        assert_eq!(
            outer_spans_of(&s[0], EntityType::Title),
            vec![Span {
                start: 0,
                end: 3,
                label: EntityType::Title
            }]
        );
        assert_eq!(
            outer_spans_of(&s[0], EntityType::Gpe),
            vec![Span {
                start: 2,
                end: 3,
                label: EntityType::Gpe
            }]
        );
    }
}
