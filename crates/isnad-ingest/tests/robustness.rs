//! Mutated fixtures (flipped, cut, spliced bytes) in every format never
//! panic: each gives documents, skips or failures, and no internal error.

mod common;

use common::*;
use isnad_ingest::Item;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parsers, to splice in.
const NASTY: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"&#x",
    b";",
    b"\"",
    b"\\",
    b"\\u",
    b"\\ud800",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xFF",
    b"\xD8",
    b"<![CDATA[",
    b"]]>",
    b"</item>",
    b"<item>",
    b"Content-Length: 99999\r\n",
    b"\r\n\r\n",
    b"WARC/1.0\r\n",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\x1f\x8b",
    b"PK\x03\x04",
];

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut b = src.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let at = rng.below(b.len());
        match rng.below(4) {
            0 => b[at] ^= 1 << rng.below(8),
            1 => b.truncate(at),
            2 => {
                let n = NASTY[rng.below(NASTY.len())];
                b.splice(at..at, n.iter().copied());
            }
            _ => {
                let end = (at + rng.below(64)).min(b.len());
                b.drain(at..end);
            }
        }
    }
    b
}

#[test]
fn mutated_inputs_never_panic() {
    let sources: Vec<(&str, Vec<u8>)> = vec![
        ("txt", fixture_bytes("article.txt")),
        ("html", fixture_bytes("page.html")),
        ("jsonl", fixture_bytes("records.jsonl")),
        ("json", fixture_bytes("day.json")),
        ("rss", fixture_bytes("feed.rss")),
        ("atom", fixture_bytes("feed.atom")),
        ("warc", sample_warc_records().concat()),
        ("warc.gz", warc_gz(&sample_warc_records())),
        (
            "zip",
            zip(&[
                ("a.html", &fixture_bytes("page.html")),
                ("b.jsonl", &fixture_bytes("records.jsonl")),
            ]),
        ),
        ("txt", utf16(&fixture_text("article.txt"), true, false)),
        ("bin", fixture_bytes("feed.rss")),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut paths = Vec::new();
    for round in 0..150 {
        for (i, (ext, src)) in sources.iter().enumerate() {
            let bytes = mutate(&mut rng, src);
            paths.push(write(dir.path(), &format!("m{round}-{i}.{ext}"), &bytes));
        }
    }
    let items = read(&paths);
    let mut seen = std::collections::HashSet::new();
    for item in &items {
        let loc = match item {
            Item::Doc(d) => d.source.path.clone(),
            Item::Skipped(s) => s.location.clone(),
            Item::Failed(e) => {
                assert!(!e.message.contains("internal error"), "{e}");
                e.location.clone()
            }
        };
        seen.insert(loc.split(['!', '#']).next().unwrap().to_owned());
    }
    // Every input was reached and reported on.
    for p in &paths {
        assert!(seen.contains(p), "nothing reported for {p}");
    }
}
