//! A tolerant, single-pass HTML tokenizer and tree builder that keeps byte
//! offsets of every text node.
//!
//! It follows the HTML5 tokenizer for what counts as markup (tags, comments,
//! doctype, CDATA, raw-text and RCDATA elements, character references) and a
//! simplified tree builder for what matters to block extraction: implicit
//! closing of `p`/`li`/`td`..., scoped end tags, void elements. It never
//! builds a DOM: text is appended to the current block, and a block ends at
//! every block-level boundary.

use crate::entities::{attr_text, decode_into, is_ws};
use crate::lists;
use isnad_core::BlockKind;
use memchr::{memchr, memmem};
use std::collections::HashMap;

/// Deeper nesting is not tracked (browsers cap similar structures); keeps
/// memory and per-block work bounded on adversarial input.
const MAX_DEPTH: usize = 512;
/// At most this many class/id/role tokens go into a hint.
const MAX_HINT_TOKENS: usize = 12;
/// Ancestors looked at when collecting hint tokens.
const MAX_HINT_WALK: usize = 64;
const MAX_ATTRS: usize = 128;
const MAX_TIMES: usize = 64;

// ---- element flags -------------------------------------------------------

/// Ends the current block (start or end of the element).
const BLOCK: u32 = 1;
const VOID: u32 = 1 << 1;
/// Raw text up to the matching end tag (script, style, title...).
const RAW: u32 = 1 << 2;
/// Start tag closes an open `p`.
const CLOSES_P: u32 = 1 << 3;
/// Subtree never yields blocks (svg, template...).
const EXCL: u32 = 1 << 4;
/// svg/math: self-closing syntax is honoured.
const FOREIGN: u32 = 1 << 5;
const HEADING: u32 = 1 << 6;
const LI: u32 = 1 << 7;
const BQ: u32 = 1 << 8;
const FIGCAP: u32 = 1 << 9;
const ANCHOR: u32 = 1 << 10;
const QUOTE_INLINE: u32 = 1 << 11;
const OPTION: u32 = 1 << 12;
/// Boundary of "has an element in scope" searches for end tags.
const SCOPE: u32 = 1 << 13;
const H1: u32 = 1 << 14;

// ---- inherited flags -----------------------------------------------------

const IN_EXCL: u32 = 1;
const IN_LINK: u32 = 1 << 1;
const IN_HEADING: u32 = 1 << 2;
const IN_CAPTION: u32 = 1 << 3;
const IN_BQ: u32 = 1 << 4;
const IN_LI: u32 = 1 << 5;
const IN_Q: u32 = 1 << 6;
const IN_HIDDEN: u32 = 1 << 7;
const IN_FOREIGN: u32 = 1 << 8;
const IN_H1: u32 = 1 << 9;

/// Structural tag names reported as hint words, in output order.
const WORDS: &[&str] = &[
    "nav", "header", "footer", "aside", "menu", "form", "select", "button", "dialog", "address",
    "figure", "table",
];

fn tag_info(n: &[u8]) -> (u32, u16) {
    let f = match n {
        b"p" => BLOCK | CLOSES_P,
        b"div" | b"section" | b"article" | b"main" | b"center" | b"details" | b"summary"
        | b"dl" | b"fieldset" | b"figure" | b"hgroup" | b"search" | b"dialog" | b"address"
        | b"nav" | b"header" | b"footer" | b"aside" | b"menu" | b"dir" | b"form" | b"ul"
        | b"ol" | b"pre" | b"listing" => BLOCK | CLOSES_P,
        b"dt" | b"dd" => BLOCK | CLOSES_P,
        b"li" => BLOCK | CLOSES_P | LI,
        b"blockquote" => BLOCK | CLOSES_P | BQ,
        b"figcaption" => BLOCK | CLOSES_P | FIGCAP,
        b"h1" => BLOCK | CLOSES_P | HEADING | H1,
        b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => BLOCK | CLOSES_P | HEADING,
        b"table" => BLOCK | CLOSES_P | SCOPE,
        b"td" | b"th" | b"caption" => BLOCK | SCOPE | if n == b"caption" { FIGCAP } else { 0 },
        b"tr" | b"tbody" | b"thead" | b"tfoot" | b"colgroup" | b"frameset" | b"frame"
        | b"legend" | b"optgroup" | b"body" | b"html" => BLOCK,
        b"option" => BLOCK | OPTION,
        b"select" | b"button" => BLOCK,
        b"hr" => BLOCK | VOID | CLOSES_P,
        b"br" | b"img" | b"input" | b"meta" | b"link" | b"area" | b"base" | b"col" | b"embed"
        | b"param" | b"source" | b"track" | b"wbr" | b"keygen" => VOID,
        b"a" => ANCHOR,
        b"q" => QUOTE_INLINE,
        b"script" | b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript"
        | b"title" | b"textarea" | b"plaintext" => RAW,
        // Inline icons (`<a><svg/>تويتر</a>`) must not split a block.
        b"svg" | b"math" => EXCL | FOREIGN,
        b"template" | b"video" | b"audio" | b"canvas" | b"object" | b"applet" | b"marquee" => {
            EXCL | SCOPE
        }
        _ => 0,
    };
    let w = WORDS
        .iter()
        .position(|x| x.as_bytes() == n)
        .map_or(0u16, |i| 1 << i);
    (f, w)
}

/// A lowercase tag name, truncated to 24 bytes (longer custom element names
/// only need to compare equal to themselves).
#[derive(Clone, Copy)]
pub(crate) struct TagName {
    buf: [u8; 24],
    len: u8,
}

impl TagName {
    fn new(raw: &[u8]) -> Self {
        let mut t = TagName {
            buf: [0; 24],
            len: raw.len().min(24) as u8,
        };
        for (d, s) in t.buf.iter_mut().zip(raw) {
            *d = s.to_ascii_lowercase();
        }
        t
    }
    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

/// FNV-1a of a (lowercase) tag name.
fn name_hash(n: &[u8]) -> u64 {
    n.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[derive(Clone, Copy)]
struct Attr {
    name: (usize, usize),
    value: (usize, usize),
}

/// An open element.
struct Open {
    name: TagName,
    own: u32,
    inh: u32,
    words: u16,
    class: (usize, usize),
    id: (usize, usize),
    role: (usize, usize),
    /// Innermost main-content candidate (index + 1 into `Parsed::cands`; 0 = none).
    cand: u32,
    serial: u32,
}

/// A main-content candidate element.
pub(crate) struct Cand {
    /// Enclosing candidate (index + 1, 0 = none); always smaller than own index + 1.
    pub parent: u32,
    /// 1 = itemprop=articleBody, 2 = body class, 3 = article, 4 = main.
    pub tier: u8,
    pub article: bool,
}

/// A block as first produced, before main-content marking.
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub exact: bool,
    pub chars: usize,
    pub link_density: f32,
    pub hint: String,
    pub cand: u32,
    pub h1: bool,
}

pub(crate) struct TimeRec {
    pub datetime: String,
    pub cand: u32,
    pub pubdate: bool,
}

/// Everything one pass over the page collects.
#[derive(Default)]
pub(crate) struct Parsed {
    pub blocks: Vec<RawBlock>,
    pub cands: Vec<Cand>,
    /// `(key, value)` of interesting `<meta>` tags, first occurrence per key.
    /// Keys are lowercase `property`/`name` values, or `itemprop:<value>`.
    pub metas: Vec<(String, String)>,
    pub canonical: Option<String>,
    pub title: Option<String>,
    /// Byte ranges of `<script type="application/ld+json">` contents.
    pub ld: Vec<(usize, usize)>,
    pub times: Vec<TimeRec>,
    /// From a non-meta element with `itemprop=datePublished`.
    pub itemprop_date: Option<String>,
}

/// The block being filled.
struct Cur {
    text: String,
    start: usize,
    end: usize,
    exact: bool,
    chars: usize,
    link_chars: usize,
    q_chars: usize,
    kind: BlockKind,
    hint: String,
    cand: u32,
    h1: bool,
    pending_space: bool,
}

/// Meta keys worth keeping (lowercase).
const META_KEYS: &[&str] = &[
    "og:title",
    "twitter:title",
    "og:url",
    "og:site_name",
    "article:published_time",
    "og:published_time",
    "article:published",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "author",
    "article:author",
    "dc.creator",
    "application-name",
    "itemprop:datepublished",
    "itemprop:headline",
];

pub(crate) struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    stack: Vec<Open>,
    attrs: Vec<Attr>,
    cur: Cur,
    out: Parsed,
    br_pending: bool,
    /// Byte position right after the last `</a>`, to space out `</a><a>`.
    a_closed_at: usize,
    serial: u32,
    hint_cache: Option<(u32, String)>,
    /// Open elements per name hash, so that searches for an element that is
    /// not open (stray end tags, implicit closes) skip the stack walk and the
    /// parse stays linear on adversarial nesting.
    open_counts: HashMap<u64, u32>,
}

enum Mk {
    Start,
    End,
    Comment,
    Cdata,
    /// Up to the next `>`, searching from the given position.
    Bogus(usize),
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Parser {
            src,
            b: src.as_bytes(),
            stack: Vec::new(),
            attrs: Vec::new(),
            cur: Cur {
                text: String::new(),
                start: 0,
                end: 0,
                exact: false,
                chars: 0,
                link_chars: 0,
                q_chars: 0,
                kind: BlockKind::Paragraph,
                hint: String::new(),
                cand: 0,
                h1: false,
                pending_space: false,
            },
            out: Parsed::default(),
            br_pending: false,
            a_closed_at: usize::MAX,
            serial: 0,
            hint_cache: None,
            open_counts: HashMap::new(),
        }
    }

    pub(crate) fn run(mut self) -> Parsed {
        let b = self.b;
        let n = b.len();
        let mut text_start = 0;
        let mut i = 0;
        while i < n {
            let Some(off) = memchr(b'<', &b[i..]) else {
                break;
            };
            let lt = i + off;
            let Some(mk) = self.markup_kind(lt) else {
                // A literal `<`: part of the surrounding text node.
                i = lt + 1;
                continue;
            };
            if text_start < lt {
                self.text(text_start, lt);
            }
            let next = match mk {
                Mk::Start => self.start_tag(lt),
                Mk::End => self.end_tag(lt),
                Mk::Comment => self.comment_end(lt),
                Mk::Cdata => memmem::find(&b[lt + 9..], b"]]>").map_or(n, |p| lt + 9 + p + 3),
                Mk::Bogus(from) => memchr(b'>', &b[from..]).map_or(n, |p| from + p + 1),
            };
            i = next.max(lt + 1);
            text_start = i;
        }
        if text_start < n {
            self.text(text_start, n);
        }
        self.flush();
        self.out
    }

    fn markup_kind(&self, lt: usize) -> Option<Mk> {
        let b = self.b;
        let c = *b.get(lt + 1)?;
        if c.is_ascii_alphabetic() {
            return Some(Mk::Start);
        }
        match c {
            b'/' => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => Some(Mk::End),
                // `</>` is dropped; `</` at the end of input is text.
                Some(b'>') => Some(Mk::Bogus(lt + 2)),
                Some(_) => Some(Mk::Bogus(lt + 2)),
                None => None,
            },
            b'!' => {
                let rest = &b[lt + 2..];
                if rest.starts_with(b"--") {
                    Some(Mk::Comment)
                } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"[CDATA[") {
                    Some(Mk::Cdata)
                } else {
                    Some(Mk::Bogus(lt + 2))
                }
            }
            b'?' => Some(Mk::Bogus(lt + 1)),
            _ => None,
        }
    }

    /// End of a comment starting at `lt` (`<!--`): after `-->` or `--!>`;
    /// `<!-->` and `<!--->` are complete (empty) comments.
    fn comment_end(&self, lt: usize) -> usize {
        let b = self.b;
        let body = lt + 4;
        if b.get(body) == Some(&b'>') {
            return body + 1;
        }
        if b.get(body..body + 2) == Some(&b"->"[..]) {
            return body + 2;
        }
        let a = memmem::find(&b[body..], b"-->").map(|p| body + p + 3);
        let lim = a.unwrap_or(b.len());
        let c = memmem::find(&b[body..lim], b"--!>").map(|p| body + p + 4);
        c.or(a).unwrap_or(b.len())
    }

    /// Parses the tag at `from` (the byte after `<` or `</`). Fills
    /// `self.attrs` when `keep_attrs`. `None` when the input ends inside the
    /// tag (the HTML5 tokenizer then drops it).
    fn parse_tag(&mut self, from: usize, keep_attrs: bool) -> Option<(TagName, usize, bool)> {
        let b = self.b;
        let n = b.len();
        self.attrs.clear();
        let mut i = from;
        while i < n && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = TagName::new(&b[from..i]);
        loop {
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            if i >= n {
                return None;
            }
            match b[i] {
                b'>' => return Some((name, i + 1, false)),
                b'/' => {
                    if b.get(i + 1) == Some(&b'>') {
                        return Some((name, i + 2, true));
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let ns = i;
            i += 1;
            while i < n && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let ne = i;
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            let mut value = (i, i);
            if i < n && b[i] == b'=' {
                i += 1;
                while i < n && is_ws(b[i]) {
                    i += 1;
                }
                if i >= n {
                    return None;
                }
                let q = b[i];
                if q == b'"' || q == b'\'' {
                    let close = memchr(q, &b[i + 1..])?;
                    value = (i + 1, i + 1 + close);
                    i = i + 2 + close;
                } else {
                    let vs = i;
                    while i < n && !is_ws(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = (vs, i);
                }
            }
            if keep_attrs && self.attrs.len() < MAX_ATTRS {
                self.attrs.push(Attr {
                    name: (ns, ne),
                    value,
                });
            }
        }
    }

    /// The raw (undecoded) value of attribute `name` (lowercase) of the
    /// current tag; the first occurrence wins, as in browsers.
    fn attr(&self, name: &str) -> Option<&'a str> {
        let src = self.src;
        self.attrs
            .iter()
            .find(|a| src.as_bytes()[a.name.0..a.name.1].eq_ignore_ascii_case(name.as_bytes()))
            .map(|a| &src[a.value.0..a.value.1])
    }

    fn attr_range(&self, name: &str) -> (usize, usize) {
        let b = self.b;
        self.attrs
            .iter()
            .find(|a| b[a.name.0..a.name.1].eq_ignore_ascii_case(name.as_bytes()))
            .map_or((0, 0), |a| a.value)
    }

    /// Finds the end tag `</name` of a raw-text element from `from`:
    /// returns (end of content, position after the end tag).
    fn raw_end(&self, from: usize, name: &[u8]) -> (usize, usize) {
        let b = self.b;
        let mut i = from;
        while let Some(p) = memmem::find(&b[i..], b"</") {
            let lt = i + p;
            let ns = lt + 2;
            let ne = ns + name.len();
            if ne < b.len()
                && b[ns..ne].eq_ignore_ascii_case(name)
                && (is_ws(b[ne]) || b[ne] == b'/' || b[ne] == b'>')
            {
                let after = memchr(b'>', &b[ne..]).map_or(b.len(), |q| ne + q + 1);
                return (lt, after);
            }
            i = lt + 2;
        }
        (b.len(), b.len())
    }

    fn top_inh(&self) -> u32 {
        self.stack.last().map_or(0, |o| o.inh)
    }

    fn top_cand(&self) -> u32 {
        self.stack.last().map_or(0, |o| o.cand)
    }

    // ---- start tags ------------------------------------------------------

    fn start_tag(&mut self, lt: usize) -> usize {
        let Some((name, end, self_closing)) = self.parse_tag(lt + 1, true) else {
            return self.b.len();
        };
        let nb = name.as_bytes();
        let (own, words) = tag_info(nb);
        let inh_parent = self.top_inh();

        self.metadata_hooks(nb);

        if own & RAW != 0 {
            return self.raw_element(nb, end, inh_parent);
        }
        if matches!(nb, b"html" | b"head" | b"body") {
            return end;
        }
        if inh_parent & IN_FOREIGN != 0 {
            if !self_closing {
                self.push(name, 0, 0);
            }
            return end;
        }

        self.implicit_closes(nb, own);

        if own & BLOCK != 0 {
            self.flush();
        }
        if own & VOID != 0 {
            if nb == b"br" {
                self.line_break();
            }
            return end;
        }
        if own & ANCHOR != 0 && self.a_closed_at == lt && !self.cur.text.is_empty() {
            // `</a><a>`: adjacent menu links read as separate words.
            self.cur.pending_space = true;
        }
        if self.stack.len() < MAX_DEPTH {
            self.push(name, own, words);
        }
        end
    }

    /// Reads a raw-text element's content; returns the position after its end tag.
    fn raw_element(&mut self, nb: &[u8], end: usize, inh_parent: u32) -> usize {
        if nb == b"plaintext" {
            let n = self.b.len();
            self.text(end, n);
            return n;
        }
        let (cend, after) = self.raw_end(end, nb);
        match nb {
            b"script"
                if self
                    .attr("type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
            {
                self.out.ld.push((end, cend));
            }
            b"title" if self.out.title.is_none() && inh_parent & IN_FOREIGN == 0 => {
                let t = attr_text(&self.src[end..cend]);
                if !t.is_empty() {
                    self.out.title = Some(t);
                }
            }
            _ => {}
        }
        after
    }

    /// Metadata carried by attributes: `<meta>`, `<link rel=canonical>`,
    /// `itemprop=datePublished`, `<time datetime>`.
    fn metadata_hooks(&mut self, nb: &[u8]) {
        if self.attrs.is_empty() {
            return;
        }
        match nb {
            b"meta" => {
                let key = self
                    .attr("property")
                    .or_else(|| self.attr("name"))
                    .map(|k| k.trim().to_ascii_lowercase())
                    .or_else(|| {
                        self.attr("itemprop")
                            .map(|k| format!("itemprop:{}", k.trim().to_ascii_lowercase()))
                    });
                if let (Some(key), Some(content)) = (key, self.attr("content")) {
                    if META_KEYS.contains(&key.as_str())
                        && !self.out.metas.iter().any(|(k, _)| *k == key)
                    {
                        let v = attr_text(content);
                        if !v.is_empty() {
                            self.out.metas.push((key, v));
                        }
                    }
                }
                return;
            }
            b"link" => {
                if self.out.canonical.is_none()
                    && self.attr("rel").is_some_and(|r| {
                        r.split_ascii_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("canonical"))
                    })
                {
                    if let Some(h) = self.attr("href") {
                        let h = attr_text(h);
                        if !h.is_empty() {
                            self.out.canonical = Some(h);
                        }
                    }
                }
                return;
            }
            b"time" => {
                if let Some(dt) = self.attr("datetime") {
                    let dt = attr_text(dt);
                    if !dt.is_empty() && self.out.times.len() < MAX_TIMES {
                        let rec = TimeRec {
                            datetime: dt,
                            cand: self.top_cand(),
                            pubdate: self.attr("pubdate").is_some(),
                        };
                        self.out.times.push(rec);
                    }
                }
            }
            _ => {}
        }
        if self.out.itemprop_date.is_none()
            && self.attr("itemprop").is_some_and(|p| {
                p.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("datePublished"))
            })
        {
            if let Some(v) = self.attr("content").or_else(|| self.attr("datetime")) {
                let v = attr_text(v);
                if !v.is_empty() {
                    self.out.itemprop_date = Some(v);
                }
            }
        }
    }

    /// The tree-construction rules that matter for blocks: a new `p`, `li`,
    /// `td`, `option`, heading or `a` closes the open one.
    fn implicit_closes(&mut self, nb: &[u8], own: u32) {
        if own & CLOSES_P != 0 {
            self.close_in_scope(b"p", &[b"button"]);
        }
        match nb {
            b"li" => self.close_list_item(&[b"li"]),
            b"dt" | b"dd" => self.close_list_item(&[b"dt", b"dd"]),
            b"td" | b"th" => {
                self.close_in_scope(b"td", &[b"tr"]);
                self.close_in_scope(b"th", &[b"tr"]);
            }
            b"tr" => self.close_in_scope(b"tr", &[]),
            b"option" | b"optgroup" => {
                if self.top_is(b"option") {
                    self.pop_to(self.stack.len() - 1);
                }
                if nb == b"optgroup" && self.top_is(b"optgroup") {
                    self.pop_to(self.stack.len() - 1);
                }
            }
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
                if self.stack.last().is_some_and(|o| o.own & HEADING != 0) =>
            {
                self.pop_to(self.stack.len() - 1);
            }
            b"a" => self.close_in_scope(b"a", &[]),
            b"button" => self.close_in_scope(b"button", &[]),
            _ => {}
        }
    }

    fn top_is(&self, name: &[u8]) -> bool {
        self.stack.last().is_some_and(|o| o.name.as_bytes() == name)
    }

    /// Index of the innermost open `name` not hidden behind a scope boundary
    /// (table, cell, template...) or one of `extra`.
    ///
    /// Table parts (`table`, `tr`, `td`...) use "table scope": only a `table`
    /// (or `template`) hides them, so `</table>` closes open cells.
    fn in_scope(&self, name: &[u8], extra: &[&[u8]]) -> Option<usize> {
        if !self.is_open(name) {
            return None;
        }
        let table_part = matches!(
            name,
            b"table" | b"tbody" | b"thead" | b"tfoot" | b"tr" | b"td" | b"th" | b"caption"
        );
        for (i, o) in self.stack.iter().enumerate().rev() {
            let n = o.name.as_bytes();
            if n == name {
                return Some(i);
            }
            let boundary = if table_part {
                matches!(n, b"table" | b"template")
            } else {
                o.own & SCOPE != 0
            };
            if boundary || extra.contains(&n) {
                return None;
            }
        }
        None
    }

    fn close_in_scope(&mut self, name: &[u8], extra: &[&[u8]]) {
        if let Some(i) = self.in_scope(name, extra) {
            self.pop_to(i);
        }
    }

    /// A new `li` (or `dt`/`dd`) closes the open one unless a list or other
    /// block element (but div/p/address) stands in between.
    fn close_list_item(&mut self, targets: &[&[u8]]) {
        if !targets.iter().any(|t| self.is_open(t)) {
            return;
        }
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            let n = o.name.as_bytes();
            if targets.contains(&n) {
                self.pop_to(i);
                return;
            }
            if o.own & BLOCK != 0 && !matches!(n, b"div" | b"p" | b"address") {
                return;
            }
        }
    }

    fn is_open(&self, name: &[u8]) -> bool {
        self.open_counts
            .get(&name_hash(name))
            .is_some_and(|&c| c > 0)
    }

    /// Pops elements `i..`; a popped block-level element ends the block.
    fn pop_to(&mut self, i: usize) {
        let mut block = false;
        for o in &self.stack[i..] {
            block |= o.own & BLOCK != 0;
            if let Some(c) = self.open_counts.get_mut(&name_hash(o.name.as_bytes())) {
                *c = c.saturating_sub(1);
            }
        }
        if block {
            self.flush();
        }
        self.stack.truncate(i);
    }

    fn push(&mut self, name: TagName, own: u32, words: u16) {
        let (mut inh, mut w, mut cand) = self
            .stack
            .last()
            .map_or((0, 0, 0), |o| (o.inh, o.words, o.cand));
        w |= words;
        if own & EXCL != 0 {
            inh |= IN_EXCL;
        }
        if own & FOREIGN != 0 {
            inh |= IN_FOREIGN;
        }
        if own & ANCHOR != 0 && self.attr("href").is_some() {
            inh |= IN_LINK;
        }
        if own & HEADING != 0 {
            inh |= IN_HEADING;
            if own & H1 != 0 {
                inh |= IN_H1;
            } else {
                inh &= !IN_H1;
            }
        }
        if own & FIGCAP != 0 {
            inh |= IN_CAPTION;
        }
        if own & BQ != 0 {
            inh |= IN_BQ;
        }
        if own & (LI | OPTION) != 0 {
            inh |= IN_LI;
        }
        if own & QUOTE_INLINE != 0 {
            inh |= IN_Q;
        }
        let (class, id, role) = if self.attrs.is_empty() {
            ((0, 0), (0, 0), (0, 0))
        } else {
            let class = self.attr_range("class");
            let id = self.attr_range("id");
            let role = self.attr_range("role");
            let cl = &self.b[class.0..class.1];
            let idb = &self.b[id.0..id.1];
            if contains_ci(cl, b"caption")
                || contains_ci(cl, b"credit")
                || contains_ci(idb, b"caption")
                || contains_ci(idb, b"credit")
            {
                inh |= IN_CAPTION;
            }
            // Not rendered: a hidden block is still reported (hint `hidden`),
            // but hidden inline text would corrupt the visible sentence around it.
            // (`aria-hidden` elements are visible, so they do not count.)
            if self.attr("hidden").is_some()
                || self.attr("style").is_some_and(|s| {
                    let s: String = s
                        .chars()
                        .filter(|c| !c.is_ascii_whitespace())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    s.contains("display:none") || s.contains("visibility:hidden")
                })
            {
                inh |= if own & BLOCK != 0 { IN_HIDDEN } else { IN_EXCL };
            }
            let tier = self.main_tier(name.as_bytes(), class, id, role);
            if tier > 0 {
                let article = name.as_bytes() == b"article"
                    || self
                        .attr("itemtype")
                        .is_some_and(|t| contains_ci(t.as_bytes(), b"article"));
                self.out.cands.push(Cand {
                    parent: cand,
                    tier,
                    article,
                });
                cand = self.out.cands.len() as u32;
            }
            (class, id, role)
        };
        if self.attrs.is_empty() && (name.as_bytes() == b"article" || name.as_bytes() == b"main") {
            let tier = if name.as_bytes() == b"article" { 3 } else { 4 };
            self.out.cands.push(Cand {
                parent: cand,
                tier,
                article: tier == 3,
            });
            cand = self.out.cands.len() as u32;
        }
        self.serial = self.serial.wrapping_add(1);
        *self
            .open_counts
            .entry(name_hash(name.as_bytes()))
            .or_insert(0) += 1;
        self.stack.push(Open {
            name,
            own,
            inh,
            words: w,
            class,
            id,
            role,
            cand,
            serial: self.serial,
        });
    }

    /// Main-content tier of an element with attributes (0 = not a candidate).
    fn main_tier(
        &self,
        nb: &[u8],
        class: (usize, usize),
        id: (usize, usize),
        role: (usize, usize),
    ) -> u8 {
        if self
            .attr("itemprop")
            .is_some_and(|p| contains_ci(p.as_bytes(), b"articlebody"))
        {
            return 1;
        }
        let mains = lists::main_classes();
        let is_main_token = |t: &str| mains.iter().any(|m| m.eq_ignore_ascii_case(t));
        if self.src[class.0..class.1]
            .split_ascii_whitespace()
            .any(is_main_token)
            || is_main_token(self.src[id.0..id.1].trim())
        {
            return 2;
        }
        if nb == b"article"
            || self
                .attr("itemtype")
                .is_some_and(|t| contains_ci(t.as_bytes(), b"article"))
        {
            return 3;
        }
        if nb == b"main" || self.b[role.0..role.1].eq_ignore_ascii_case(b"main") {
            return 4;
        }
        0
    }

    fn line_break(&mut self) {
        if self.br_pending {
            self.flush();
        } else if !self.cur.text.is_empty() {
            self.br_pending = true;
            self.cur.pending_space = true;
        }
    }

    // ---- end tags --------------------------------------------------------

    fn end_tag(&mut self, lt: usize) -> usize {
        let Some((name, end, _)) = self.parse_tag(lt + 2, false) else {
            return self.b.len();
        };
        let nb = name.as_bytes();
        let (own, _) = tag_info(nb);
        match nb {
            b"html" | b"head" | b"body" => return end,
            b"br" => {
                self.line_break();
                return end;
            }
            _ => {}
        }
        if own & (VOID | RAW) != 0 {
            return end;
        }
        let extra: &[&[u8]] = match nb {
            b"li" => &[b"ul", b"ol", b"menu"],
            b"dt" | b"dd" => &[b"dl"],
            b"p" => &[b"button"],
            _ => &[],
        };
        match self.in_scope(nb, extra) {
            Some(i) => {
                if own & ANCHOR != 0 {
                    self.a_closed_at = end;
                }
                self.pop_to(i);
            }
            None => {
                if own & BLOCK != 0 && nb == b"p" {
                    // `</p>` without `<p>` is an empty paragraph: still a break.
                    self.flush();
                }
            }
        }
        end
    }

    // ---- text and blocks -------------------------------------------------

    fn text(&mut self, s: usize, e: usize) {
        let inh = self.top_inh();
        if inh & (IN_EXCL | IN_FOREIGN) != 0 {
            return;
        }
        let b = &self.b[s..e];
        let Some(first) = b.iter().position(|&c| !is_ws(c)) else {
            if !self.cur.text.is_empty() {
                self.cur.pending_space = true;
            }
            return;
        };
        let last = b.iter().rposition(|&c| !is_ws(c)).unwrap_or(first);
        let (ts, te) = (s + first, s + last + 1);
        let fresh = self.cur.text.is_empty();
        if fresh {
            self.begin_block(inh);
            self.cur.start = ts;
        } else if self.cur.pending_space || first > 0 {
            self.cur.text.push(' ');
        }
        let before = self.cur.text.len();
        let verbatim = decode_into(&mut self.cur.text, &self.src[ts..te], true, false);
        self.cur.exact = fresh && verbatim;
        self.cur.end = te;
        self.cur.pending_space = te < e;
        self.br_pending = false;
        let n = self.cur.text.as_bytes()[before..]
            .iter()
            .filter(|&&c| (c & 0xC0) != 0x80 && !is_ws(c))
            .count();
        self.cur.chars += n;
        if inh & IN_LINK != 0 {
            self.cur.link_chars += n;
        }
        if inh & IN_Q != 0 {
            self.cur.q_chars += n;
        }
    }

    fn begin_block(&mut self, inh: u32) {
        let c = &mut self.cur;
        c.kind = if inh & IN_HEADING != 0 {
            BlockKind::Heading
        } else if inh & IN_CAPTION != 0 {
            BlockKind::Caption
        } else if inh & IN_BQ != 0 {
            BlockKind::Quote
        } else if inh & IN_LI != 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        c.h1 = inh & IN_H1 != 0;
        c.cand = self.stack.last().map_or(0, |o| o.cand);
        c.chars = 0;
        c.link_chars = 0;
        c.q_chars = 0;
        c.pending_space = false;
        let serial = self.stack.last().map_or(0, |o| o.serial);
        let hint = match &self.hint_cache {
            Some((s, h)) if *s == serial => h.clone(),
            _ => {
                let h = self.build_hint(inh);
                self.hint_cache = Some((serial, h.clone()));
                h
            }
        };
        self.cur.hint = hint;
    }

    /// Structural words, then class/id/role tokens of the ancestors (root to
    /// leaf, lowercase, deduplicated, at most `MAX_HINT_TOKENS`), then `hidden`.
    fn build_hint(&self, inh: u32) -> String {
        let mut out = String::new();
        let words = self.stack.last().map_or(0, |o| o.words);
        for (i, w) in WORDS.iter().enumerate() {
            if words & (1 << i) != 0 {
                push_token(&mut out, w);
            }
        }
        let mut toks: Vec<String> = Vec::new();
        'walk: for o in self.stack.iter().rev().take(MAX_HINT_WALK) {
            let mut mine: Vec<String> = Vec::new();
            for r in [o.role, o.id, o.class] {
                for t in self.src[r.0..r.1].split_ascii_whitespace() {
                    let t = t.to_ascii_lowercase();
                    if keep_token(&t) && !toks.contains(&t) && !mine.contains(&t) {
                        mine.push(t);
                    }
                }
            }
            for t in mine.into_iter().rev() {
                if toks.len() >= MAX_HINT_TOKENS {
                    break 'walk;
                }
                toks.push(t);
            }
        }
        for t in toks.iter().rev() {
            if !out.split(' ').any(|w| w == t) {
                push_token(&mut out, t);
            }
        }
        if inh & IN_HIDDEN != 0 {
            push_token(&mut out, "hidden");
        }
        out
    }

    fn flush(&mut self) {
        self.br_pending = false;
        let c = &mut self.cur;
        c.pending_space = false;
        if c.text.is_empty() {
            return;
        }
        let mut text = std::mem::take(&mut c.text);
        let lead = text.len() - text.trim_start().len();
        let trail = text.trim_start().len() - text.trim().len();
        let (mut start, mut end) = (c.start, c.end);
        if lead + trail > 0 {
            if lead + trail >= text.len() {
                return;
            }
            if c.exact {
                start += lead;
                end -= trail;
            }
            text = text.trim().to_string();
        }
        let kind = if c.kind == BlockKind::Paragraph && c.chars > 0 && c.q_chars == c.chars {
            BlockKind::Quote
        } else {
            c.kind
        };
        let link_density = if c.chars > 0 {
            c.link_chars as f32 / c.chars as f32
        } else {
            0.0
        };
        self.out.blocks.push(RawBlock {
            kind,
            text,
            start,
            end,
            exact: c.exact,
            chars: c.chars,
            link_density,
            hint: std::mem::take(&mut c.hint),
            cand: c.cand,
            h1: c.h1,
        });
    }
}

fn push_token(out: &mut String, t: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(t);
}

fn keep_token(t: &str) -> bool {
    t.len() >= 2
        && t.len() <= 40
        && t.bytes().any(|b| b.is_ascii_alphabetic())
        && t.bytes().filter(|b| b.is_ascii_digit()).count() < 4
        && !lists::is_stop_token(t)
}

/// ASCII case-insensitive substring test (`needle` lowercase).
fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}
