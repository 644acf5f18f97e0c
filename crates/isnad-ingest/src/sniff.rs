//! Choosing a reader: magic bytes first, then the file extension, then the
//! content. Magic bytes win because a misnamed archive is still an archive;
//! the extension wins over content because the user (or the crawler) named
//! it, and a `.json` that is not JSON deserves a JSON error.

use crate::decode::looks_utf16;
use encoding_rs::Encoding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Zip,
    Gzip,
    Tar,
    Warc,
    /// JSON Lines, streamed one line at a time.
    Jsonl,
    /// A `.json` file: an array of records (SaudiNewsNet) or a stream of objects.
    Json,
    /// RSS 2.0, RSS 1.0 (RDF) or Atom.
    Feed,
    Html,
    Text,
}

/// The lower-cased extension after the last dot of the last path component.
pub(crate) fn extension(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

pub(crate) fn sniff(name: &str, prefix: &[u8]) -> Kind {
    if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if prefix.starts_with(&[0x1f, 0x8b]) {
        return Kind::Gzip;
    }
    if prefix.starts_with(b"WARC/") {
        return Kind::Warc;
    }
    match extension(name).as_str() {
        "zip" => return Kind::Zip,
        "gz" | "tgz" | "gzip" => return Kind::Gzip,
        "tar" => return Kind::Tar,
        "warc" => return Kind::Warc,
        "txt" | "text" | "md" => return Kind::Text,
        "html" | "htm" | "xhtml" | "shtml" => return Kind::Html,
        "jsonl" | "ndjson" | "jsonlines" => return Kind::Jsonl,
        "json" => return Kind::Json,
        "rss" | "atom" | "rdf" => return Kind::Feed,
        _ => {}
    }
    by_content(prefix)
}

/// Looks at the start of the (decoded) content.
fn by_content(prefix: &[u8]) -> Kind {
    let head = head_text(prefix);
    let t = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.starts_with('{') {
        return Kind::Jsonl;
    }
    if t.starts_with('[') {
        return Kind::Json;
    }
    let lower = t.chars().take(4096).collect::<String>().to_lowercase();
    if lower.starts_with('<') {
        if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") {
            return Kind::Feed;
        }
        return Kind::Html;
    }
    if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<body") {
        return Kind::Html;
    }
    Kind::Text
}

/// A lossy decoding of the first bytes, enough to sniff markup and JSON.
fn head_text(prefix: &[u8]) -> String {
    let prefix = &prefix[..prefix.len().min(8192)];
    let enc = Encoding::for_bom(prefix)
        .map(|(e, _)| e)
        .or_else(|| looks_utf16(prefix));
    match enc {
        Some(e) => e.decode_with_bom_removal(prefix).0.into_owned(),
        None => String::from_utf8_lossy(prefix).into_owned(),
    }
}

/// The name of the file inside a gzip stream named `name`.
pub(crate) fn strip_gz(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tgz") {
        format!("{}.tar", &name[..name.len() - 4])
    } else if lower.ends_with(".gzip") {
        name[..name.len() - 5].to_owned()
    } else if lower.ends_with(".gz") {
        name[..name.len() - 3].to_owned()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_of_evidence() {
        assert_eq!(sniff("a.txt", b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(sniff("a.json", b"hello"), Kind::Json);
        assert_eq!(sniff("a", b"  {\"a\":1}"), Kind::Jsonl);
        assert_eq!(sniff("a.xml", b"<?xml version=\"1.0\"?><rss>"), Kind::Feed);
        assert_eq!(sniff("a.xml", b"<?xml version=\"1.0\"?><html>"), Kind::Html);
        assert_eq!(sniff("-", "خبر".as_bytes()), Kind::Text);
        assert_eq!(sniff("x.warc.gz", b"\x1f\x8b"), Kind::Gzip);
        assert_eq!(strip_gz("x.warc.gz"), "x.warc");
        assert_eq!(extension(".bashrc"), "");
    }
}
