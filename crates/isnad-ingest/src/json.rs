//! JSON inputs: JSON Lines (streamed a line at a time), JSON arrays of
//! records (the SaudiNewsNet day files) and `.json` files holding one or more
//! objects. Each record's `original` is its exact bytes (the line, the array
//! element); its body blocks are the lines of the text field, each spanning
//! the JSON string bytes it was unescaped from.

use crate::decode::decode_at;
use crate::meta::fill_fallbacks;
use crate::open::too_big;
use crate::spans::{finish_blocks, map_offsets, StrBlock, Width};
use crate::{Ctx, Item, ItemIter};
use encoding_rs::Encoding;
use isnad_core::{DocMeta, Format, RawDoc};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};

/// JSON Lines, one record per line, never more than one line in memory.
pub(crate) struct JsonlIter<R: BufRead> {
    ctx: Ctx,
    r: R,
    buf: Vec<u8>,
    line: usize,
    pos: usize,
    done: bool,
}

impl<R: BufRead> JsonlIter<R> {
    pub fn new(ctx: Ctx, r: R) -> Self {
        JsonlIter {
            ctx,
            r,
            buf: Vec::new(),
            line: 0,
            pos: 0,
            done: false,
        }
    }

    /// Consumes input up to and including the next newline.
    fn skip_line(&mut self) -> std::io::Result<()> {
        loop {
            let chunk = self.r.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(p) => {
                    self.r.consume(p + 1);
                    self.pos += p + 1;
                    return Ok(());
                }
                None => {
                    let n = chunk.len();
                    self.r.consume(n);
                    self.pos += n;
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlIter<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            let start = self.pos;
            let max = self.ctx.max();
            let n = match (&mut self.r).take(max + 1).read_until(b'\n', &mut self.buf) {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    let loc = format!("line {}", self.line + 1);
                    return Some(self.ctx.fail(Some(&loc), e.to_string()));
                }
            };
            if n == 0 {
                return None;
            }
            self.pos += n;
            self.line += 1;
            let loc = format!("line {}", self.line);
            if self.buf.len() as u64 > max && self.buf.last() != Some(&b'\n') {
                let msg = too_big(&self.ctx, "line", None);
                if let Err(e) = self.skip_line() {
                    self.done = true;
                    return Some(self.ctx.fail(Some(&loc), format!("{msg}; then {e}")));
                }
                return Some(self.ctx.fail(Some(&loc), msg));
            }
            let mut line = &self.buf[..];
            while let [rest @ .., b'\n' | b'\r'] = line {
                line = rest;
            }
            let mut base = start;
            if self.line == 1 && line.starts_with(b"\xEF\xBB\xBF") {
                line = &line[3..];
                base += 3;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // RFC 8259: JSON text is UTF-8, so each line declares it.
            let decoded = match decode_at(line, &["utf-8"], base) {
                Ok(d) => d,
                Err(msg) => return Some(self.ctx.fail(Some(&loc), msg)),
            };
            return Some(record_doc(
                &self.ctx,
                loc,
                Format::Jsonl,
                line.to_vec(),
                &decoded.text,
                decoded.enc(),
            ));
        }
        None
    }
}

/// A whole `.json` file (or a UTF-16 JSON Lines file): an array of records,
/// or a stream of top-level objects.
pub(crate) fn json_file(ctx: Ctx, bytes: Vec<u8>) -> ItemIter {
    let one = |item| -> ItemIter { Box::new(std::iter::once(item)) };
    let decoded = match decode_at(&bytes, &["utf-8"], 0) {
        Ok(d) => d,
        Err(msg) => return one(ctx.fail(None, msg)),
    };
    let text = decoded.text.as_str();
    let is_array = text.trim_start().starts_with('[');
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut trailing_error = None;
    if is_array {
        match serde_json::from_str::<Vec<&RawValue>>(text) {
            Ok(elems) => ranges = elems.iter().map(|r| range_in(text, r.get())).collect(),
            Err(e) => return one(ctx.fail(None, format!("not SaudiNewsNet/JSON: {e}"))),
        }
        if ranges.is_empty() {
            return one(ctx.skip(None, "empty JSON array"));
        }
    } else {
        for value in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
            match value {
                Ok(r) => ranges.push(range_in(text, r.get())),
                Err(e) => {
                    trailing_error = Some(format!("not SaudiNewsNet/JSON: {e}"));
                    break;
                }
            }
        }
    }
    let mut offsets: Vec<usize> = ranges.iter().flat_map(|&(s, e)| [s, e]).collect();
    map_offsets(
        text,
        Width::of(decoded.enc()),
        decoded.bom_len,
        &mut offsets,
    );
    let enc = decoded.enc();
    let text = decoded.text;
    let records: Vec<Record> = ranges
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| Record {
            text: (s, e),
            orig: (offsets[2 * i], offsets[2 * i + 1]),
        })
        .collect();
    Box::new(RecordIter {
        ctx,
        bytes,
        text,
        enc,
        records,
        next: 0,
        is_array,
        line: 1,
        line_scan: 0,
        trailing_error,
    })
}

/// Byte range of `part` (a sub-slice) inside `whole`.
fn range_in(whole: &str, part: &str) -> (usize, usize) {
    let s = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    (s.min(whole.len()), (s + part.len()).min(whole.len()))
}

struct Record {
    text: (usize, usize),
    orig: (usize, usize),
}

/// Yields the records of a decoded `.json` file one at a time.
struct RecordIter {
    ctx: Ctx,
    bytes: Vec<u8>,
    text: String,
    enc: &'static Encoding,
    records: Vec<Record>,
    next: usize,
    is_array: bool,
    /// Line number at `line_scan` (for `line N` locators).
    line: usize,
    line_scan: usize,
    trailing_error: Option<String>,
}

impl Iterator for RecordIter {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let Some(rec) = self.records.get(self.next) else {
            let err = self.trailing_error.take()?;
            return Some(self.ctx.fail(None, err));
        };
        self.next += 1;
        let (s, e) = rec.text;
        let (os, oe) = rec.orig;
        let (locator, format) = if self.is_array {
            (format!("item {}", self.next), Format::SaudiNewsNet)
        } else {
            let from = self.line_scan.min(s);
            self.line += self.text.as_bytes()[from..s]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line_scan = s;
            (format!("line {}", self.line), Format::Jsonl)
        };
        let original = self.bytes.get(os..oe).unwrap_or_default().to_vec();
        let text = self.text.get(s..e).unwrap_or_default();
        Some(record_doc(
            &self.ctx, locator, format, original, text, self.enc,
        ))
    }
}

/// One JSON record (its decoded text and exact original bytes) → a document.
fn record_doc(
    ctx: &Ctx,
    locator: String,
    format: Format,
    original: Vec<u8>,
    text: &str,
    enc: &'static Encoding,
) -> Item {
    let loc = Some(locator.as_str());
    let map: BTreeMap<String, &RawValue> = match serde_json::from_str(text) {
        Ok(m) => m,
        Err(e) => {
            let what = if text.trim_start().starts_with('{') {
                "invalid JSON"
            } else {
                "not a JSON object"
            };
            return ctx.fail(loc, format!("{what}: {e}"));
        }
    };
    let f = ctx.fields();
    let Some((key, body)) = pick(&map, &f.text) else {
        return ctx.skip(
            loc,
            format!("no text field (looked for {})", f.text.join(", ")),
        );
    };
    let raw = body.get();
    let off = range_in(text, raw).0;
    let mut blocks = Vec::new();
    match raw.as_bytes().first() {
        Some(b'"') => blocks = string_lines(raw, off),
        Some(b'[') => match serde_json::from_str::<Vec<&RawValue>>(raw) {
            Ok(items) => {
                for item in items.iter().filter(|r| r.get().starts_with('"')) {
                    blocks.extend(string_lines(item.get(), range_in(text, item.get()).0));
                }
            }
            Err(e) => return ctx.fail(loc, format!("field `{key}`: {e}")),
        },
        _ => {
            return ctx.fail(
                loc,
                format!("field `{key}` is not a string or an array of strings"),
            )
        }
    }
    if blocks.is_empty() {
        return ctx.skip(loc, format!("empty text (field `{key}`)"));
    }
    let mut meta = DocMeta {
        title: pick_string(&map, &f.title).map(|(_, v)| v),
        url: pick_string(&map, &f.url).map(|(_, v)| v),
        author: pick_string(&map, &f.author).map(|(_, v)| v),
        ..DocMeta::default()
    };
    if let Some((k, v)) = pick_string(&map, &f.source) {
        meta.outlet = Some(v);
        meta.outlet_how = Some(format!("field:{k}"));
    }
    if let Some((k, v)) = pick_string(&map, &f.date) {
        meta.published = Some(v);
        meta.published_how = Some(format!("field:{k}"));
    }
    fill_fallbacks(&mut meta, &ctx.path, ctx.entry.as_deref());
    let blocks = finish_blocks(blocks, text, enc, 0, &original);
    Item::Doc(Box::new(RawDoc {
        source: ctx.source(Some(locator)),
        format,
        original,
        encoding: enc.name().to_owned(),
        meta,
        blocks,
    }))
}

/// The first of `names` present and not null.
fn pick<'m, 'a>(
    map: &'m BTreeMap<String, &'a RawValue>,
    names: &'m [String],
) -> Option<(&'m str, &'a RawValue)> {
    names.iter().find_map(|n| {
        map.get(n)
            .filter(|v| v.get() != "null")
            .map(|v| (n.as_str(), *v))
    })
}

/// The first of `names` holding a non-empty string (or a number, for dates
/// stored as timestamps), whitespace-trimmed.
fn pick_string(map: &BTreeMap<String, &RawValue>, names: &[String]) -> Option<(String, String)> {
    names.iter().find_map(|n| {
        let raw = map.get(n)?.get();
        let value = match raw.as_bytes().first()? {
            b'"' => serde_json::from_str::<String>(raw).ok()?,
            b'-' | b'0'..=b'9' => raw.to_owned(),
            _ => return None,
        };
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        (!value.is_empty()).then(|| (n.clone(), value))
    })
}

/// Splits a raw JSON string literal (quotes included, already validated by
/// serde) into its lines, unescaping. `off` is the literal's offset in the
/// record text; each line spans its own escaped bytes and is exact only when
/// it contained no escape (then it is trimmed byte-precisely too).
pub(crate) fn string_lines(raw: &str, off: usize) -> Vec<StrBlock> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    if b.len() < 2 || b[0] != b'"' {
        return out;
    }
    let end = b.len() - 1;
    let mut cur = String::new();
    let mut start = 1;
    let mut exact = true;
    let mut i = 1;
    let flush =
        |out: &mut Vec<StrBlock>, cur: &mut String, start: usize, stop: usize, exact: bool| {
            let text = cur.trim();
            if !text.is_empty() {
                if exact {
                    let lead = cur.len() - cur.trim_start().len();
                    let trail = cur.len() - cur.trim_end().len();
                    out.push(StrBlock::line(
                        text.to_owned(),
                        off + start + lead,
                        off + stop - trail,
                        true,
                    ));
                } else {
                    out.push(StrBlock::line(
                        text.to_owned(),
                        off + start,
                        off + stop,
                        false,
                    ));
                }
            }
            cur.clear();
        };
    while i < end {
        if b[i] != b'\\' {
            let j = b[i..end]
                .iter()
                .position(|&c| c == b'\\')
                .map_or(end, |p| i + p);
            cur.push_str(raw.get(i..j).unwrap_or_default());
            i = j;
            continue;
        }
        let (c, next) = match b.get(i + 1) {
            Some(b'n') => ('\n', i + 2),
            Some(b'r') => ('\r', i + 2),
            Some(b't') => ('\t', i + 2),
            Some(b'b') => ('\u{8}', i + 2),
            Some(b'f') => ('\u{c}', i + 2),
            Some(b'u') => unicode_escape(b, i),
            Some(&other) => (other as char, i + 2),
            None => break,
        };
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            flush(&mut out, &mut cur, start, i, exact);
            start = next;
            exact = true;
        } else {
            cur.push(c);
            exact = false;
        }
        i = next.min(end);
    }
    flush(&mut out, &mut cur, start, end.max(start), exact);
    out
}

/// `\uXXXX` (and a following low surrogate) at `i`; the char and the index after.
fn unicode_escape(b: &[u8], i: usize) -> (char, usize) {
    let hex = |at: usize| -> Option<u32> {
        let s = std::str::from_utf8(b.get(at..at + 4)?).ok()?;
        u32::from_str_radix(s, 16).ok()
    };
    let Some(hi) = hex(i + 2) else {
        return ('\u{FFFD}', i + 2);
    };
    if (0xD800..0xDC00).contains(&hi) && b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u')
    {
        if let Some(lo) = hex(i + 8).filter(|lo| (0xDC00..0xE000).contains(lo)) {
            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            return (char::from_u32(c).unwrap_or('\u{FFFD}'), i + 12);
        }
    }
    (char::from_u32(hi).unwrap_or('\u{FFFD}'), i + 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_a_json_string() {
        let raw = r#""سطر أول\n  سطر ثان \n\u0645\u0635\u0631 \"قال\"\n""#;
        let lines = string_lines(raw, 10);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].text, "سطر أول");
        assert!(lines[0].exact);
        assert_eq!(&raw[lines[0].start - 10..lines[0].end - 10], "سطر أول");
        assert_eq!(lines[1].text, "سطر ثان");
        assert_eq!(&raw[lines[1].start - 10..lines[1].end - 10], "سطر ثان");
        assert_eq!(lines[2].text, "مصر \"قال\"");
        assert!(!lines[2].exact);
    }

    #[test]
    fn surrogate_pairs() {
        let lines = string_lines(r#""a\ud83d\ude00b""#, 0);
        assert_eq!(lines[0].text, "a😀b");
    }
}
