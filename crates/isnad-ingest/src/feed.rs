//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one document per item/entry, whose
//! `original` is the item's XML bytes. The body comes from
//! `content:encoded`, Atom `content`, `description` or `summary`, which are
//! usually HTML (escaped or in CDATA) and go through the HTML extractor; block
//! spans are carried back through the XML unescaping to the item bytes.

use crate::decode::decode_at;
use crate::html::declared_charset;
use crate::meta::{fill_fallbacks, url_host};
use crate::spans::{finish_blocks, line_blocks, map_offsets, StrBlock, Width};
use crate::{Ctx, Item};
use isnad_core::{DocMeta, Format, RawDoc};
use isnad_html as page;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A run of a field's value and the source text it came from.
#[derive(Debug, Clone, Copy)]
struct Seg {
    v: usize,
    s: usize,
    vlen: usize,
    slen: usize,
    /// The value bytes are the source bytes (no entity in between).
    verbatim: bool,
}

/// A field value built from XML text/CDATA, with a map back to the source.
#[derive(Debug, Default, Clone)]
struct Mapped {
    value: String,
    segs: Vec<Seg>,
}

impl Mapped {
    fn push(&mut self, text: &str, s: usize, slen: usize, verbatim: bool) {
        if text.is_empty() && slen == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            if verbatim && last.verbatim && last.s + last.slen == s {
                last.vlen += text.len();
                last.slen += slen;
                self.value.push_str(text);
                return;
            }
        }
        self.segs.push(Seg {
            v: self.value.len(),
            s,
            vlen: text.len(),
            slen,
            verbatim,
        });
        self.value.push_str(text);
    }

    /// Appends XML character data found at source offset `s`, unescaping.
    fn push_escaped(&mut self, raw: &str, s: usize) {
        let mut i = 0;
        while let Some(p) = raw[i..].find('&') {
            let at = i + p;
            self.push(&raw[i..at], s + i, at - i, true);
            match entity(&raw[at..]) {
                Some((c, len)) => {
                    let mut buf = [0u8; 4];
                    self.push(c.encode_utf8(&mut buf), s + at, len, false);
                    i = at + len;
                }
                None => {
                    self.push("&", s + at, 1, true);
                    i = at + 1;
                }
            }
        }
        self.push(&raw[i..], s + i, raw.len() - i, true);
    }

    /// Source offset of value offset `x`, as a range start or a range end.
    fn to_source(&self, x: usize, end: bool) -> usize {
        let Some(first) = self.segs.first() else {
            return 0;
        };
        let idx = if end {
            self.segs.partition_point(|g| g.v + g.vlen < x)
        } else {
            self.segs.partition_point(|g| g.v + g.vlen <= x)
        };
        match self.segs.get(idx) {
            Some(g) if g.verbatim => g.s + (x.saturating_sub(g.v)).min(g.slen),
            Some(g) if end => g.s + g.slen,
            Some(g) => g.s,
            None => {
                let last = self.segs.last().unwrap_or(first);
                last.s + last.slen
            }
        }
    }
}

/// The char an entity reference at the start of `s` stands for, and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n)?
    } else {
        match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "laquo" => '«',
            "raquo" => '»',
            "hellip" => '…',
            "mdash" => '—',
            "ndash" => '–',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "zwnj" => '\u{200c}',
            "zwj" => '\u{200d}',
            "lrm" => '\u{200e}',
            "rlm" => '\u{200f}',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// XML/HTML entity references in `s` replaced by their chars.
pub(crate) fn unescape_text(s: &str) -> String {
    let mut m = Mapped::default();
    m.push_escaped(s, 0);
    m.value
}

/// One child element of an item being collected.
#[derive(Debug, Default)]
struct Child {
    name: String,
    kind: Option<String>,
    inner_start: usize,
    inner_end: usize,
    nested: bool,
    value: Mapped,
}

#[derive(Debug)]
struct PendingItem {
    start: usize,
    end: usize,
    level: usize,
    children: Vec<Child>,
    links: Vec<String>,
}

/// Reads a whole feed file into items.
pub(crate) fn feed_items(ctx: &Ctx, bytes: Vec<u8>) -> Vec<Item> {
    let declared: Vec<String> = declared_charset(&bytes).into_iter().collect();
    let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
    let decoded = match decode_at(&bytes, &declared, 0) {
        Ok(d) => d,
        Err(msg) => return vec![ctx.fail(None, msg)],
    };
    let enc = decoded.enc();
    let width = Width::of(enc);
    let text = decoded.text.as_str();
    let mut out = Vec::new();
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut format = None;
    let mut item: Option<PendingItem> = None;
    let mut child: Option<Child> = None;
    let mut items: Vec<PendingItem> = Vec::new();
    let mut chan_title = Mapped::default();
    let mut chan_link = String::new();
    let mut chan_field: Option<String> = None;
    let mut xml_error = None;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let mut at = [reader.error_position() as usize];
                map_offsets(text, width, decoded.bom_len, &mut at);
                xml_error = Some(format!("invalid XML at byte {}: {e}", at[0]));
                break;
            }
        };
        let after = (reader.buffer_position() as usize).min(text.len());
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = local(e);
                // Structure is matched case-insensitively (`rdf:RDF`); field
                // names keep their case (`pubDate`).
                let lname = name.to_ascii_lowercase();
                if format.is_none() {
                    format = match lname.as_str() {
                        "rss" | "rdf" => Some(Format::Rss),
                        "feed" => Some(Format::Atom),
                        _ => {
                            return vec![ctx.fail(
                                None,
                                format!("not an RSS or Atom feed (root element <{name}>)"),
                            )]
                        }
                    };
                }
                match item.as_mut() {
                    None if !empty && (lname == "item" || lname == "entry") => {
                        item = Some(PendingItem {
                            start: before,
                            end: after,
                            level: stack.len(),
                            children: Vec::new(),
                            links: Vec::new(),
                        });
                    }
                    None => {
                        let chan_level = matches!(
                            stack
                                .iter()
                                .map(String::as_str)
                                .collect::<Vec<_>>()
                                .as_slice(),
                            ["rss" | "rdf", "channel"] | ["feed"]
                        );
                        if chan_level && name == "link" {
                            if let Some(href) = alternate_href(e) {
                                chan_link = href;
                            }
                        }
                        if chan_level && !empty && (name == "title" || name == "link") {
                            chan_field = Some(name.clone());
                        }
                    }
                    Some(it) if stack.len() == it.level + 1 => {
                        if name == "link" {
                            if let Some(href) = alternate_href(e) {
                                it.links.push(href);
                            }
                        }
                        if !empty {
                            child = Some(Child {
                                name: name.clone(),
                                kind: attr(e, "type"),
                                inner_start: after,
                                ..Child::default()
                            });
                        }
                    }
                    Some(_) => {
                        if let Some(c) = child.as_mut() {
                            c.nested = true;
                        }
                    }
                }
                if !empty {
                    stack.push(lname);
                }
            }
            Event::End(_) => {
                stack.pop();
                chan_field = None;
                if let Some(mut it) = item.take() {
                    if stack.len() == it.level {
                        it.end = after;
                        items.push(it);
                        continue;
                    }
                    if stack.len() == it.level + 1 {
                        if let Some(mut c) = child.take() {
                            c.inner_end = before;
                            it.children.push(c);
                        }
                    }
                    item = Some(it);
                }
            }
            Event::Text(_) => {
                let raw = text.get(before..after).unwrap_or_default();
                if let Some(c) = child.as_mut() {
                    c.value.push_escaped(raw, before);
                } else if item.is_none() {
                    match chan_field.as_deref() {
                        Some("title") => chan_title.push_escaped(raw, before),
                        Some("link") => chan_link.push_str(&unescape_text(raw)),
                        _ => {}
                    }
                }
            }
            Event::CData(_) => {
                let (s, e) = (before + 9, after.saturating_sub(3).max(before + 9));
                let raw = text.get(s..e).unwrap_or_default();
                if let Some(c) = child.as_mut() {
                    c.value.push(raw, s, raw.len(), true);
                } else if item.is_none() && chan_field.as_deref() == Some("title") {
                    chan_title.push(raw, s, raw.len(), true);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if format.is_none() && xml_error.is_none() {
        return vec![ctx.fail(None, "not an RSS or Atom feed (no root element)")];
    }
    let format = format.unwrap_or(Format::Rss);
    let chan_title = collapse(&chan_title.value);
    let chan_link = chan_link.trim().to_owned();
    let mut bounds: Vec<usize> = items.iter().flat_map(|it| [it.start, it.end]).collect();
    map_offsets(text, width, decoded.bom_len, &mut bounds);
    for (n, it) in items.into_iter().enumerate() {
        let locator = format!("item {}", n + 1);
        let (os, oe) = (bounds[2 * n], bounds[2 * n + 1]);
        let original = bytes.get(os..oe).unwrap_or_default().to_vec();
        let item_text = text.get(it.start..it.end).unwrap_or_default();
        let field = |names: &[&str]| -> Option<&Child> {
            names.iter().find_map(|want| {
                it.children
                    .iter()
                    .find(|c| c.name == *want && !c.value.value.trim().is_empty())
            })
        };
        let mut meta = DocMeta {
            title: field(&["title"]).map(|c| collapse(&strip_tags(&c.value.value))),
            url: it
                .links
                .first()
                .cloned()
                .or_else(|| field(&["link"]).map(|c| collapse(&c.value.value)))
                .or_else(|| {
                    field(&["guid", "id"])
                        .map(|c| collapse(&c.value.value))
                        .filter(|g| g.starts_with("http"))
                }),
            ..DocMeta::default()
        };
        for (name, how) in [
            ("pubDate", "feed:pubDate"),
            ("published", "feed:published"),
            ("date", "feed:dc:date"),
            ("issued", "feed:issued"),
            ("updated", "feed:updated"),
        ] {
            if meta.published.is_none() {
                if let Some(c) = field(&[name]) {
                    meta.published = Some(collapse(&c.value.value));
                    meta.published_how = Some(how.into());
                }
            }
        }
        meta.author = field(&["creator", "author"]).map(|c| collapse(&c.value.value));
        let host = meta
            .url
            .as_deref()
            .and_then(url_host)
            .or_else(|| url_host(&chan_link));
        if let Some(h) = host {
            meta.outlet = Some(h);
            meta.outlet_how = Some("url-host".into());
        } else if !chan_title.is_empty() {
            meta.outlet = Some(chan_title.clone());
            meta.outlet_how = Some("feed:title".into());
        }
        fill_fallbacks(&mut meta, &ctx.path, ctx.entry.as_deref());
        let Some(body) = field(&["encoded", "content", "description", "summary"]) else {
            out.push(ctx.skip(Some(&locator), "item has no description or content"));
            continue;
        };
        let blocks = body_blocks(body, text, it.start);
        let blocks = finish_blocks(blocks, item_text, enc, 0, &original);
        if blocks.is_empty() {
            out.push(ctx.skip(Some(&locator), "item has no text"));
            continue;
        }
        out.push(Item::Doc(Box::new(RawDoc {
            source: ctx.source(Some(locator)),
            format,
            original,
            encoding: enc.name().to_owned(),
            meta,
            blocks,
        })));
    }
    if let Some(msg) = xml_error {
        out.push(ctx.fail(None, msg));
    }
    out
}

/// Body blocks of a content field, with spans relative to the item's text.
fn body_blocks(body: &Child, text: &str, item_start: usize) -> Vec<StrBlock> {
    // Atom type="xhtml": the markup itself is the content.
    let mapped = if body.nested {
        let mut m = Mapped::default();
        let raw = text
            .get(body.inner_start..body.inner_end)
            .unwrap_or_default();
        m.push(raw, body.inner_start, raw.len(), true);
        m
    } else {
        body.value.clone()
    };
    let value = mapped.value.as_str();
    let is_html = body.kind.as_deref() != Some("text") && looks_like_html(value);
    let blocks: Vec<StrBlock> = if is_html {
        page::extract(value)
            .blocks
            .into_iter()
            .map(StrBlock::from)
            .collect()
    } else {
        line_blocks(value, 0)
    };
    blocks
        .into_iter()
        .map(|mut b| {
            b.start = mapped.to_source(b.start, false).saturating_sub(item_start);
            b.end = mapped.to_source(b.end, true).saturating_sub(item_start);
            b
        })
        .filter(|b| b.end > b.start)
        .collect()
}

fn looks_like_html(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

fn strip_tags(s: &str) -> String {
    if !looks_like_html(s) {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn local(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name.as_bytes())
            .then(|| unescape_text(&String::from_utf8_lossy(&a.value)))
    })
}

/// `href` of an Atom `<link>` that points at the article (no `rel`, or
/// `rel="alternate"`).
fn alternate_href(e: &BytesStart) -> Option<String> {
    let rel = attr(e, "rel");
    if rel.as_deref().is_some_and(|r| r != "alternate") {
        return None;
    }
    attr(e, "href")
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_values_point_back() {
        let src = "xx&lt;p&gt;نص&amp;خبر";
        let mut m = Mapped::default();
        m.push_escaped(&src[2..], 2);
        assert_eq!(m.value, "<p>نص&خبر");
        let p = m.value.find("نص").unwrap();
        let s = m.to_source(p, false);
        let e = m.to_source(p + "نص".len(), true);
        assert_eq!(&src[s..e], "نص");
        let e2 = m.to_source(m.value.len(), true);
        assert_eq!(e2, src.len());
        let amp = m.value.find('&').unwrap();
        assert_eq!(
            &src[m.to_source(amp, false)..m.to_source(amp + 1, true)],
            "&amp;"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            unescape_text("a&#1575;&#x628;&nbsp;&bogus;"),
            "aاب\u{a0}&bogus;"
        );
    }
}
