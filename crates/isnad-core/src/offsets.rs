//! Mapping clean-text character offsets back to the original bytes.
//!
//! Offsets are sacred: every span a later stage produces is a char range in
//! `CleanDoc::text`, and this map leads from it to the exact bytes the outlet
//! published, whatever the encoding.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` in a document's original bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ByteSpan {
    pub start: usize,
    pub end: usize,
}

impl ByteSpan {
    pub fn new(start: usize, end: usize) -> Self {
        ByteSpan { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One contiguous piece of clean text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// First char of the piece in the clean text.
    pub text_start: usize,
    /// Number of chars in the piece.
    pub text_len: usize,
    /// Source bytes of the piece.
    pub bytes: ByteSpan,
    /// True when the piece is a char-for-char decoding of `bytes`, so single
    /// chars can be located exactly; false when only the whole range is known.
    pub exact: bool,
}

/// How many bytes one char takes in the original encoding, so that exact
/// segments can be walked char by char without re-decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharWidth {
    Utf8,
    Utf16,
    /// windows-1256, ISO-8859-6 and other single-byte encodings.
    SingleByte,
}

impl CharWidth {
    /// From an encoding_rs encoding name.
    pub fn for_encoding(name: &str) -> Self {
        let n = name.to_ascii_uppercase();
        if n.starts_with("UTF-16") {
            CharWidth::Utf16
        } else if n == "UTF-8" || n.is_empty() {
            CharWidth::Utf8
        } else {
            CharWidth::SingleByte
        }
    }
    fn bytes_of(self, c: char) -> usize {
        match self {
            CharWidth::Utf8 => c.len_utf8(),
            CharWidth::Utf16 => c.len_utf16() * 2,
            CharWidth::SingleByte => 1,
        }
    }
}

/// Char offsets in the clean text → byte ranges in the original.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OffsetMap {
    /// Sorted by `text_start`, non-overlapping. Chars not covered by any
    /// segment (the `\n` between paragraphs) map to nothing.
    pub segments: Vec<Segment>,
}

impl OffsetMap {
    pub fn push(&mut self, seg: Segment) {
        debug_assert!(self
            .segments
            .last()
            .is_none_or(|l| l.text_start + l.text_len <= seg.text_start));
        self.segments.push(seg);
    }

    /// The original byte range of the clean-text char range `[start, end)`.
    ///
    /// `text` is the clean text and `width` the original's char width. For
    /// exact segments the range is byte-precise; for inexact ones it widens to
    /// the segment's whole source range. `None` when the range touches no
    /// segment.
    pub fn to_original(
        &self,
        text: &str,
        width: CharWidth,
        start: usize,
        end: usize,
    ) -> Option<ByteSpan> {
        let mut lo: Option<usize> = None;
        let mut hi: Option<usize> = None;
        for seg in &self.segments {
            let seg_end = seg.text_start + seg.text_len;
            if seg_end <= start || seg.text_start >= end {
                continue;
            }
            let (a, b) = if seg.exact {
                let from = start.max(seg.text_start) - seg.text_start;
                let to = end.min(seg_end) - seg.text_start;
                let mut byte = seg.bytes.start;
                let (mut a, mut b) = (seg.bytes.start, seg.bytes.end);
                for (i, c) in text
                    .chars()
                    .skip(seg.text_start)
                    .take(seg.text_len)
                    .enumerate()
                {
                    if i == from {
                        a = byte;
                    }
                    byte += width.bytes_of(c);
                    if i + 1 == to {
                        b = byte;
                        break;
                    }
                }
                (a, b.min(seg.bytes.end))
            } else {
                (seg.bytes.start, seg.bytes.end)
            };
            lo = Some(lo.map_or(a, |l| l.min(a)));
            hi = Some(hi.map_or(b, |h| h.max(b)));
        }
        Some(ByteSpan::new(lo?, hi?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_utf8_segment_maps_each_char() {
        let original = "xx\u{0633}\u{0644}\u{0627}\u{0645}yy".as_bytes();
        let text = "سلام";
        let mut map = OffsetMap::default();
        map.push(Segment {
            text_start: 0,
            text_len: 4,
            bytes: ByteSpan::new(2, 10),
            exact: true,
        });
        let span = map.to_original(text, CharWidth::Utf8, 1, 3).unwrap();
        assert_eq!(&original[span.start..span.end], "لا".as_bytes());
    }

    #[test]
    fn inexact_segment_widens_to_whole_range() {
        let mut map = OffsetMap::default();
        map.push(Segment {
            text_start: 0,
            text_len: 5,
            bytes: ByteSpan::new(10, 30),
            exact: false,
        });
        assert_eq!(
            map.to_original("a&b c", CharWidth::Utf8, 1, 2),
            Some(ByteSpan::new(10, 30))
        );
    }

    #[test]
    fn utf16_and_single_byte_widths() {
        let text = "نص";
        let mut map = OffsetMap::default();
        map.push(Segment {
            text_start: 0,
            text_len: 2,
            bytes: ByteSpan::new(2, 6),
            exact: true,
        });
        assert_eq!(
            map.to_original(text, CharWidth::Utf16, 1, 2),
            Some(ByteSpan::new(4, 6))
        );
        let mut map = OffsetMap::default();
        map.push(Segment {
            text_start: 0,
            text_len: 2,
            bytes: ByteSpan::new(0, 2),
            exact: true,
        });
        assert_eq!(
            map.to_original(text, CharWidth::SingleByte, 1, 2),
            Some(ByteSpan::new(1, 2))
        );
        assert_eq!(
            CharWidth::for_encoding("windows-1256"),
            CharWidth::SingleByte
        );
    }

    #[test]
    fn uncovered_range_is_none() {
        let map = OffsetMap::default();
        assert_eq!(map.to_original("abc", CharWidth::Utf8, 0, 1), None);
    }
}
