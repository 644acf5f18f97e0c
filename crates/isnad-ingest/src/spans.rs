//! From byte offsets in decoded text to byte offsets in the original bytes,
//! and the check that keeps `Block::exact` honest.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use isnad_core::{Block, BlockKind, ByteSpan};

/// A block whose span is still a byte range in some decoded `&str`.
#[derive(Debug, Clone)]
pub(crate) struct StrBlock {
    pub kind: BlockKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub exact: bool,
    pub link_density: f32,
    pub hint: String,
}

impl From<isnad_core::Block> for StrBlock {
    /// An HTML block whose span is still a byte range into the decoded page.
    fn from(b: isnad_core::Block) -> Self {
        StrBlock {
            kind: b.kind,
            text: b.text,
            start: b.span.start,
            end: b.span.end,
            exact: b.exact,
            link_density: b.link_density,
            hint: b.hint,
        }
    }
}

impl StrBlock {
    pub fn line(text: String, start: usize, end: usize, exact: bool) -> Self {
        StrBlock {
            kind: BlockKind::Line,
            text,
            start,
            end,
            exact,
            link_density: 0.0,
            hint: String::new(),
        }
    }
}

/// Bytes one char of the decoded text took in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Width {
    Utf8,
    Utf16,
    Single,
}

impl Width {
    pub fn of(enc: &'static Encoding) -> Width {
        if enc == UTF_8 {
            Width::Utf8
        } else if enc == UTF_16LE || enc == UTF_16BE {
            Width::Utf16
        } else {
            Width::Single
        }
    }
    fn bytes(self, c: char) -> usize {
        match self {
            Width::Utf8 => c.len_utf8(),
            Width::Utf16 => c.len_utf16() * 2,
            Width::Single => 1,
        }
    }
}

/// Rewrites `offsets` (byte offsets into `text`, any order) into offsets in
/// the original bytes that `text` was decoded from, `base` bytes in (the BOM,
/// or where the decoded region starts). One pass over `text` for all offsets.
pub(crate) fn map_offsets(text: &str, width: Width, base: usize, offsets: &mut [usize]) {
    if width == Width::Utf8 {
        for o in offsets.iter_mut() {
            *o += base;
        }
        return;
    }
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut chars = text.char_indices().peekable();
    let mut orig = base;
    for i in order {
        let target = offsets[i];
        while let Some(&(p, c)) = chars.peek() {
            if p >= target {
                break;
            }
            orig += width.bytes(c);
            chars.next();
        }
        offsets[i] = orig;
    }
}

/// Turns str-domain blocks into core blocks with spans in `original`, then
/// re-checks every block claimed exact: its text must equal the decoding of
/// `original[span]`, else it is downgraded to inexact. Blocks with empty text
/// are dropped.
pub(crate) fn finish_blocks(
    blocks: Vec<StrBlock>,
    text: &str,
    enc: &'static Encoding,
    base: usize,
    original: &[u8],
) -> Vec<Block> {
    let mut offsets: Vec<usize> = blocks.iter().flat_map(|b| [b.start, b.end]).collect();
    map_offsets(text, Width::of(enc), base, &mut offsets);
    blocks
        .into_iter()
        .enumerate()
        .filter(|(_, b)| !b.text.is_empty())
        .map(|(i, b)| {
            let start = offsets[2 * i].min(original.len());
            let end = offsets[2 * i + 1].clamp(start, original.len());
            let exact = b.exact && decodes_to(enc, &original[start..end], &b.text);
            Block {
                kind: b.kind,
                text: b.text,
                span: ByteSpan::new(start, end),
                exact,
                link_density: b.link_density,
                hint: b.hint,
            }
        })
        .collect()
}

/// True when `bytes` decode (strictly, without BOM handling) to exactly `text`.
pub(crate) fn decodes_to(enc: &'static Encoding, bytes: &[u8], text: &str) -> bool {
    if enc == UTF_8 {
        return bytes == text.as_bytes();
    }
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => s == text,
        None => false,
    }
}

/// Splits decoded text into trimmed, non-empty lines as exact str-domain
/// blocks (`offset` is added to every span). Used for plain text and for
/// plain-text feed descriptions.
pub(crate) fn line_blocks(text: &str, offset: usize) -> Vec<StrBlock> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive(['\n', '\r', '\u{2029}']) {
        let start = pos;
        pos += raw.len();
        let trimmed_start = raw.trim_start();
        let lead = raw.len() - trimmed_start.len();
        let line = trimmed_start.trim_end();
        if line.is_empty() {
            continue;
        }
        let s = offset + start + lead;
        out.push(StrBlock::line(line.to_owned(), s, s + line.len(), true));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1256;

    #[test]
    fn single_byte_and_utf16_offsets() {
        let text = "أ ب";
        let mut o = vec![text.len(), 0, "أ ".len()];
        map_offsets(text, Width::Single, 0, &mut o);
        assert_eq!(o, vec![3, 0, 2]);
        let mut o = vec!["أ ".len()];
        map_offsets(text, Width::Utf16, 2, &mut o);
        assert_eq!(o, vec![6]);
    }

    #[test]
    fn exactness_is_rechecked() {
        let (bytes, _, _) = WINDOWS_1256.encode("نص\nآخر");
        let text = "نص\nآخر";
        let blocks = line_blocks(text, 0);
        let mut b = finish_blocks(blocks, text, WINDOWS_1256, 0, &bytes);
        assert!(b.iter().all(|b| b.exact));
        assert_eq!(b[1].span, ByteSpan::new(3, 6));
        // A block whose text does not match its bytes loses `exact`.
        let wrong = vec![StrBlock::line("xx".into(), 0, 2, true)];
        b = finish_blocks(wrong, text, WINDOWS_1256, 0, &bytes);
        assert!(!b[0].exact);
    }
}
