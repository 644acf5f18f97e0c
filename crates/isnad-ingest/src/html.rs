//! HTML pages (files, WARC payloads): decode with the declared charset,
//! extract blocks with isnad-html, and move block spans from the decoded
//! string back onto the original bytes.

use crate::decode::decode_at;
use crate::meta::{fill_fallbacks, url_host};
use crate::spans::{finish_blocks, StrBlock};
use crate::{Ctx, Item};
use isnad_core::{Format, RawDoc};
use isnad_html as page;

/// One HTML document. `http_charset` comes from an HTTP `Content-Type`
/// (WARC), `url` from the record that carried the page.
pub(crate) fn html_doc(
    ctx: &Ctx,
    locator: Option<String>,
    format: Format,
    original: Vec<u8>,
    http_charset: Option<String>,
    url: Option<String>,
) -> Item {
    let loc = locator.as_deref();
    let meta_charset = declared_charset(&original);
    let declared: Vec<&str> = http_charset
        .iter()
        .chain(meta_charset.iter())
        .map(String::as_str)
        .collect();
    let decoded = match decode_at(&original, &declared, 0) {
        Ok(d) => d,
        Err(msg) => return ctx.fail(loc, msg),
    };
    let enc = decoded.enc();
    let page = page::extract(&decoded.text);
    let blocks: Vec<StrBlock> = page.blocks.into_iter().map(StrBlock::from).collect();
    let blocks = finish_blocks(blocks, &decoded.text, enc, decoded.bom_len, &original);
    if blocks.is_empty() {
        return ctx.skip(loc, "no text found in the page");
    }
    let mut meta = page.meta;
    if url.is_some() {
        meta.url = url;
    }
    // A URL host is a firmer outlet id than a page's self-description.
    if let Some(host) = meta.url.as_deref().and_then(url_host) {
        meta.outlet = Some(host);
        meta.outlet_how = Some("url-host".into());
    }
    fill_fallbacks(&mut meta, &ctx.path, ctx.entry.as_deref());
    Item::Doc(Box::new(RawDoc {
        source: ctx.source(locator),
        format,
        original,
        encoding: decoded.encoding.to_owned(),
        meta,
        blocks,
    }))
}

/// The charset a document declares about itself in its first 4 KiB: an XML
/// declaration's `encoding="..."` or an HTML `<meta charset>` /
/// `<meta http-equiv=Content-Type content="...; charset=...">`.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml") {
        let decl_end = find(&lower, b"?>", 0).unwrap_or(lower.len());
        if let Some(v) = attr_value(&lower[..decl_end], b"encoding") {
            return Some(v);
        }
    }
    let mut from = 0;
    while let Some(at) = find(&lower, b"<meta", from) {
        let end = find(&lower, b">", at).unwrap_or(lower.len());
        if let Some(v) = attr_value(&lower[at..end], b"charset") {
            return Some(v);
        }
        from = end;
    }
    None
}

/// A charset label from the `http` `Content-Type` header value.
pub(crate) fn content_type_charset(content_type: &str) -> Option<String> {
    attr_value(content_type.to_ascii_lowercase().as_bytes(), b"charset")
}

/// The value after `name` `=` (quotes optional), as a charset label.
fn attr_value(hay: &[u8], name: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find(hay, name, from) {
        from = at + name.len();
        let mut i = from;
        while hay.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if hay.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while hay
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'"' || *c == b'\'')
        {
            i += 1;
        }
        let v: String = hay[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
            .map(|&c| c as char)
            .collect();
        if !v.is_empty() {
            return Some(v);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1256\">").as_deref(),
            Some("windows-1256")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-6'>"
            )
            .as_deref(),
            Some("iso-8859-6")
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding='UTF-8'?><rss>").as_deref(),
            Some("utf-8")
        );
        assert_eq!(declared_charset(b"<p>no charset</p>"), None);
        assert_eq!(
            content_type_charset("text/html; Charset=\"cp1256\"").as_deref(),
            Some("cp1256")
        );
    }
}
