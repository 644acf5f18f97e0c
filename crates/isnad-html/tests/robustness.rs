//! Random and pathological inputs: `extract` must never panic, and every
//! span must stay in range, on char boundaries, in order, and exact blocks
//! must equal their slice.

mod common;

use common::check_spans;
use isnad_html::extract;

/// xorshift64*: a tiny deterministic generator (no extra dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "--!>",
    "<!",
    "<?",
    "<![CDATA[",
    "]]>",
    "&",
    "&amp;",
    "&#",
    "&#x",
    "&#1605;",
    "&#x110000;",
    "&nbsp",
    "&copy;",
    "&notin",
    ";",
    "=",
    "\"",
    "'",
    " ",
    "\n",
    "\r\n",
    "\t",
    "p",
    "div",
    "a",
    "li",
    "ul",
    "br",
    "script",
    "style",
    "title",
    "svg",
    "textarea",
    "plaintext",
    "table",
    "td",
    "tr",
    "h1",
    "option",
    "select",
    "article",
    "template",
    " href=",
    " class=",
    " itemprop=articleBody",
    " hidden",
    " style=display:none",
    "<p>",
    "</p>",
    "<div class='share social'>",
    "</div>",
    "<a href=x>",
    "</a>",
    "<br>",
    "<script type=application/ld+json>",
    "{\"datePublished\":\"",
    "\"}",
    "</script>",
    "<time datetime=2024>",
    "<meta property=og:title content=",
    "<title>",
    "</title>",
    "<svg>",
    "</svg>",
    "<table><tr><td>",
    "<li>",
    "<h1>",
    "<article>",
    "</article>",
    "خبر",
    "عاجل",
    "وزير",
    "\u{200f}",
    "\u{a0}",
    "é",
    "😀",
    "\u{0}",
    "\u{fffd}",
];

fn random_doc(rng: &mut Rng) -> String {
    let n = rng.below(120);
    let mut s = String::new();
    for _ in 0..n {
        match rng.below(10) {
            0 => {
                // A random char, any plane.
                let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('x');
                s.push(c);
            }
            1 => {
                let c = (rng.below(0x80) as u8) as char;
                s.push(c);
            }
            _ => s.push_str(PIECES[rng.below(PIECES.len())]),
        }
    }
    s
}

#[test]
fn random_documents_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let doc = random_doc(&mut rng);
        let page = extract(&doc);
        check_spans(&doc, &page);
        // Every prefix (truncated downloads) too, for some of them.
        if rng.below(20) == 0 {
            for (i, _) in doc.char_indices().step_by(3) {
                let cut = &doc[..i];
                check_spans(cut, &extract(cut));
            }
        }
    }
}

#[test]
fn random_bytes_decoded_lossily_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let n = rng.below(300);
        let bytes: Vec<u8> = (0..n)
            .map(|_| {
                if rng.below(4) == 0 {
                    b"<>&/!-=\"' pa"[rng.below(12)]
                } else {
                    rng.next() as u8
                }
            })
            .collect();
        let doc = String::from_utf8_lossy(&bytes);
        check_spans(&doc, &extract(&doc));
    }
}

#[test]
fn large_text_without_tags() {
    let doc = "كلمة عربية طويلة ".repeat(200_000); // ~5.8 MB
    let page = extract(&doc);
    check_spans(&doc, &page);
    assert_eq!(page.blocks.len(), 1);
    assert!(page.blocks[0].exact);
    assert_eq!(page.blocks[0].text, doc.trim_end());
}

#[test]
fn pathological_structures() {
    let docs = [
        "<div>".repeat(100_000) + "نص",
        "<a href=x>".repeat(50_000) + "نص",
        "<b><i>".repeat(50_000) + "<p>نص",
        "<".repeat(200_000),
        "&".repeat(100_000) + "&#" + &"9".repeat(10_000),
        "<!--".to_string() + &"نص ".repeat(100_000),
        "<p title=\"".to_string() + &"نص ".repeat(100_000),
        "<script>".to_string() + &"</scrip".repeat(50_000),
        "<li>".repeat(100_000),
        "<br>".repeat(100_000) + "نص",
        "<p>".to_string() + &"&nbsp;".repeat(100_000),
        "<table>".repeat(20_000) + &"<td>نص".repeat(20_000),
        format!(
            "<script type=application/ld+json>{}</script>",
            "[".repeat(100_000)
        ),
        format!(
            "<script type=application/ld+json>{}</script>",
            "{\"a\":".repeat(50_000)
        ),
    ];
    for doc in &docs {
        let page = extract(doc);
        check_spans(doc, &page);
    }
}
