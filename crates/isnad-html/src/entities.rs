//! Character references (`&amp;`, `&#1575;`, `&#x627;`, `&copy`) decoded by
//! the HTML5 rules, with whitespace collapsing for text nodes.
//!
//! Decoding reports whether the output equals the input verbatim, which is
//! what decides `Block::exact`.

use markup5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use std::borrow::Cow;

/// ASCII whitespace as HTML defines it (no vertical tab).
#[inline]
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Longest named reference is `&CounterClockwiseContourIntegral;` (32 letters).
const MAX_NAME: usize = 32;
/// Legacy references without `;` (`&amp`, `&copy`, `&eacute`) are at most 6 letters.
const MAX_LEGACY: usize = 6;

/// One decoded reference: up to two chars and the bytes consumed from `&`.
struct Ref {
    a: char,
    b: Option<char>,
    len: usize,
}

/// Decodes the character reference starting at `s[i] == b'&'`, or `None`
/// when the `&` is a literal ampersand.
fn char_ref(s: &[u8], i: usize, in_attr: bool) -> Option<Ref> {
    let mut j = i + 1;
    let first = *s.get(j)?;
    if first == b'#' {
        j += 1;
        let hex = matches!(s.get(j), Some(b'x' | b'X'));
        if hex {
            j += 1;
        }
        let digits_start = j;
        let mut v: u32 = 0;
        while let Some(&c) = s.get(j) {
            let d = match c {
                b'0'..=b'9' => (c - b'0') as u32,
                b'a'..=b'f' if hex => (c - b'a' + 10) as u32,
                b'A'..=b'F' if hex => (c - b'A' + 10) as u32,
                _ => break,
            };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            if v > 0x10FFFF {
                v = 0x110000;
            }
            j += 1;
        }
        if j == digits_start {
            return None;
        }
        if s.get(j) == Some(&b';') {
            j += 1;
        }
        let c = match v {
            0 | 0xD800..=0xDFFF | 0x110000.. => '\u{FFFD}',
            0x80..=0x9F => C1_REPLACEMENTS[(v - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(v).unwrap_or('\u{FFFD}')),
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some(Ref {
            a: c,
            b: None,
            len: j - i,
        });
    }
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    while j < s.len() && j - (i + 1) < MAX_NAME && s[j].is_ascii_alphanumeric() {
        j += 1;
    }
    let name = &s[i + 1..j];
    if s.get(j) == Some(&b';') {
        let mut buf = [0u8; MAX_NAME + 1];
        buf[..name.len()].copy_from_slice(name);
        buf[name.len()] = b';';
        if let Some(r) = lookup(&buf[..name.len() + 1], name.len() + 2) {
            return Some(r);
        }
    }
    // Legacy references without `;`: longest prefix wins (`&notit` = `¬it`).
    for k in (1..=name.len().min(MAX_LEGACY)).rev() {
        if let Some(r) = lookup(&name[..k], k + 1) {
            // In attribute values `&copy=1` stays literal (URLs with query strings).
            let next = s.get(i + 1 + k).copied();
            if in_attr && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric()) {
                return None;
            }
            return Some(r);
        }
    }
    None
}

fn lookup(key: &[u8], len: usize) -> Option<Ref> {
    let key = std::str::from_utf8(key).ok()?;
    match NAMED_ENTITIES.get(key) {
        // Prefix-only entries of the table map to (0, 0).
        Some(&(a, b)) if a != 0 => Some(Ref {
            a: char::from_u32(a)?,
            b: if b == 0 { None } else { char::from_u32(b) },
            len,
        }),
        _ => None,
    }
}

/// Appends the decoding of `src` to `out`. With `collapse`, each run of ASCII
/// whitespace becomes one space (callers trim the ends first). Returns true
/// when what was appended equals `src` byte for byte.
pub(crate) fn decode_into(out: &mut String, src: &str, collapse: bool, in_attr: bool) -> bool {
    let s = src.as_bytes();
    let mut verbatim = true;
    let mut run = 0;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == b'&' {
            if let Some(r) = char_ref(s, i, in_attr) {
                out.push_str(&src[run..i]);
                out.push(r.a);
                if let Some(b) = r.b {
                    out.push(b);
                }
                i += r.len;
                run = i;
                verbatim = false;
                continue;
            }
        } else if collapse && is_ws(c) && (c != b' ' || s.get(i + 1).is_some_and(|&n| is_ws(n))) {
            out.push_str(&src[run..i]);
            out.push(' ');
            while i < s.len() && is_ws(s[i]) {
                i += 1;
            }
            run = i;
            verbatim = false;
            continue;
        }
        i += 1;
    }
    out.push_str(&src[run..]);
    verbatim
}

/// Decodes the character references of a text fragment (`&amp;` → `&`,
/// `&#1605;` → `م`), leaving whitespace alone. Borrows when nothing changes.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    decode_into(&mut out, s, false, false);
    Cow::Owned(out)
}

/// Decodes an attribute value and collapses its whitespace, trimmed: the
/// form in which metadata (titles, dates, names) is reported.
pub(crate) fn attr_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    decode_into(
        &mut out,
        raw.trim_matches(|c: char| c.is_ascii_whitespace()),
        true,
        true,
    );
    let t = out.trim();
    if t.len() != out.len() {
        t.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> (String, bool) {
        let mut o = String::new();
        let v = decode_into(&mut o, s, true, false);
        (o, v)
    }

    #[test]
    fn named_numeric_and_legacy() {
        assert_eq!(dec("a &amp; b").0, "a & b");
        assert_eq!(dec("&#1575;&#x644;").0, "ال");
        assert_eq!(dec("&copy2024").0, "©2024");
        assert_eq!(dec("&notit;").0, "¬it;");
        assert_eq!(dec("&nbsp;").0, "\u{a0}");
        assert_eq!(dec("&#0;&#x110000;&#xD800;").0, "\u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(dec("&#150;").0, "\u{2013}");
        assert_eq!(dec("&#99999999999999999999;").0, "\u{FFFD}");
        assert_eq!(dec("&acE;").0, "\u{223E}\u{333}");
    }

    #[test]
    fn literal_ampersands_stay() {
        for s in ["&", "& b", "&#", "&#x", "&#;", "&zzzz;", "a&", "&;"] {
            let (o, v) = dec(s);
            assert_eq!(o, s);
            assert!(v, "{s}");
        }
    }

    #[test]
    fn attribute_rule_for_legacy_refs() {
        let mut o = String::new();
        decode_into(&mut o, "?a=1&copy=2&amp;x&lt", false, true);
        assert_eq!(o, "?a=1&copy=2&x<");
    }

    #[test]
    fn whitespace_collapse_and_verbatim_flag() {
        assert_eq!(dec("نص عربي"), ("نص عربي".to_string(), true));
        assert_eq!(dec("نص  عربي"), ("نص عربي".to_string(), false));
        assert_eq!(dec("نص\nعربي"), ("نص عربي".to_string(), false));
        assert_eq!(dec("a \r\n\t b"), ("a b".to_string(), false));
        assert_eq!(decode_entities("x &lt; y"), "x < y");
        assert!(matches!(decode_entities("plain"), Cow::Borrowed(_)));
    }
}
