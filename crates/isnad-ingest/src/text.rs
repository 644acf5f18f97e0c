//! Plain-text files: one block per non-empty line, the first line taken as
//! the title when it looks like one.

use crate::decode::decode_at;
use crate::meta::fill_fallbacks;
use crate::spans::{finish_blocks, line_blocks};
use crate::{Ctx, Item};
use isnad_core::{DocMeta, Format, RawDoc};

/// Longest first line (in chars and in words) still taken for a title.
const TITLE_MAX_CHARS: usize = 160;
const TITLE_MAX_WORDS: usize = 20;

pub(crate) fn text_doc(ctx: &Ctx, original: Vec<u8>) -> Item {
    let decoded = match decode_at(&original, &[], 0) {
        Ok(d) => d,
        Err(msg) => return ctx.fail(None, msg),
    };
    let enc = decoded.enc();
    let mut lines = line_blocks(&decoded.text, 0);
    if lines.is_empty() {
        return ctx.skip(None, "no text (only whitespace)");
    }
    let mut meta = DocMeta::default();
    // The title is metadata, as it is for every other format; the body keeps
    // only the lines after it.
    if lines.len() > 1 && looks_like_title(&lines[0].text) {
        meta.title = Some(lines.remove(0).text);
    }
    fill_fallbacks(&mut meta, &ctx.path, ctx.entry.as_deref());
    let blocks = finish_blocks(lines, &decoded.text, enc, decoded.bom_len, &original);
    Item::Doc(Box::new(RawDoc {
        source: ctx.source(None),
        format: Format::Text,
        original,
        encoding: decoded.encoding.to_owned(),
        meta,
        blocks,
    }))
}

/// Short, and not ending like a sentence or a lead-in.
pub(crate) fn looks_like_title(line: &str) -> bool {
    let chars = line.chars().count();
    let words = line.split_whitespace().count();
    let last = line.chars().last().unwrap_or('.');
    chars <= TITLE_MAX_CHARS
        && words <= TITLE_MAX_WORDS
        && !matches!(
            last,
            '.' | '!' | '?' | '؟' | '…' | ':' | '؛' | ';' | '،' | ','
        )
        && line.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert!(looks_like_title(
            "وزير الخارجية يصل إلى الرياض في زيارة رسمية"
        ));
        assert!(!looks_like_title("وصل وزير الخارجية إلى الرياض."));
        assert!(!looks_like_title("قال المتحدث:"));
        assert!(!looks_like_title("2021"));
        let long = "كلمة ".repeat(25);
        assert!(!looks_like_title(long.trim()));
    }
}
