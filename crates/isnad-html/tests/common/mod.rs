//! Shared checks for the integration tests.

#![allow(dead_code)]

use isnad_html::{decode_entities, HtmlPage};

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Invariants every page must satisfy: spans in range, on char boundaries,
/// in reading order and non-overlapping; exact blocks equal their slice;
/// link density in [0, 1]; no empty text.
pub fn check_spans(html: &str, page: &HtmlPage) {
    let mut prev_end = 0;
    for b in &page.blocks {
        let (s, e) = (b.span.start, b.span.end);
        assert!(
            s <= e && e <= html.len(),
            "span {s}..{e} out of range {}",
            html.len()
        );
        assert!(
            html.is_char_boundary(s) && html.is_char_boundary(e),
            "span {s}..{e} splits a char"
        );
        assert!(
            s >= prev_end,
            "block at {s} overlaps the previous one ending at {prev_end}"
        );
        prev_end = e;
        assert!(!b.text.trim().is_empty(), "empty block at {s}..{e}");
        assert!(
            (0.0..=1.0).contains(&b.link_density),
            "link density {}",
            b.link_density
        );
        if b.exact {
            assert_eq!(&html[s..e], b.text, "exact block differs from its slice");
        }
    }
}

/// A naive reference rendering of a slice (drop comments, CDATA, invisible
/// elements and tags, decode references), compared on non-whitespace chars:
/// what a block says must be exactly what its source range shows.
pub fn check_text_matches_source(html: &str, page: &HtmlPage) {
    for b in &page.blocks {
        let slice = &html[b.span.start..b.span.end];
        let want: String = render(slice)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let got: String = b.text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(got, want, "block text differs from its source {:?}", slice);
    }
}

fn render(s: &str) -> String {
    let mut s = s.to_string();
    for (open, close) in [
        ("<!--", "-->"),
        ("<![CDATA[", "]]>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<svg", "</svg>"),
        ("<template", "</template>"),
        ("<video", "</video>"),
        ("<iframe", "</iframe>"),
        ("<span style=\"display: none\"", "</span>"),
    ] {
        while let Some(a) = s.find(open) {
            let Some(l) = s[a..].find(close) else { break };
            s.replace_range(a..a + l + close.len(), "");
        }
    }
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(a) = rest.find('<') {
        out.push_str(&rest[..a]);
        let after = &rest[a + 1..];
        if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            match after.find('>') {
                Some(g) => rest = &after[g + 1..],
                None => rest = "",
            }
        } else {
            out.push('<');
            rest = after;
        }
    }
    out.push_str(rest);
    decode_entities(&out).into_owned()
}
