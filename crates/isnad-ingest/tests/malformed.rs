//! Every kind of bad input gives one clear failure or skip naming the input,
//! nothing panics, and the good inputs in the same call still come through.

mod common;

use common::*;
use encoding_rs::WINDOWS_1256;
use isnad_ingest::{IngestOptions, Item};

/// Deterministic pseudo-random bytes (no external crate, no clock).
fn junk(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The message is about `path` itself (not a longer path it prefixes).
fn of(message: &str, path: &str) -> bool {
    message
        .strip_prefix(path)
        .is_some_and(|rest| rest.starts_with([':', '#', '!']))
}

fn has(list: &[String], needle: &str) -> bool {
    list.iter().any(|s| s.contains(needle))
}

#[test]
fn bad_inputs_between_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = fixture("article.txt").to_string_lossy().into_owned();
    let records = sample_warc_records();
    let warc_gz_bytes = warc_gz(&records);
    // Cut inside the block of the fourth record (the windows-1256 page).
    let warc_cut = [
        records[..3].concat(),
        records[3][..records[3].len() - 100].to_vec(),
    ]
    .concat();

    let mut bad_utf8 = fixture_bytes("page.html");
    let at = bad_utf8.windows(4).position(|w| w == b"<p>\xd9").unwrap() + 5;
    bad_utf8.insert(at, 0xFF);
    let mut bad_line = fixture_text("records.jsonl").into_bytes();
    let second = bad_line.iter().position(|&b| b == b'\n').unwrap() + 1;
    bad_line.splice(
        second..second,
        b"{\"text\": \"\xC3\x28 broken\"}\n".iter().copied(),
    );
    let mut odd_utf16 = utf16(&fixture_text("article.txt"), true, false);
    odd_utf16.push(b'x');
    let broken_feed = fixture_text("feed.rss").replace(
        "</item>\n<item><title>تراجع",
        "</item>\n<item><title>تراجع</wrong>",
    );
    let missing_len = String::from_utf8_lossy(&records[2]).replace("Content-Length", "X-Length");

    let inputs: Vec<(&str, String)> = vec![
        ("good", good.clone()),
        (
            "truncated warc.gz",
            write(
                d,
                "cut.warc.gz",
                &warc_gz_bytes[..warc_gz_bytes.len() * 2 / 3],
            ),
        ),
        ("truncated warc", write(d, "cut.warc", &warc_cut)),
        (
            "missing length",
            write(d, "nolen.warc", missing_len.as_bytes()),
        ),
        (
            "not warc",
            write(d, "junk.warc", b"HTTP/1.1 200 OK\r\n\r\nhello"),
        ),
        (
            "truncated gz",
            write(d, "cut.txt.gz", &gzip(&fixture_bytes("article.txt"))[..60]),
        ),
        ("bad gz", write(d, "bad.gz", b"this is not gzip")),
        (
            "invalid utf-8 claiming utf-8",
            write(d, "bad.html", &bad_utf8),
        ),
        ("jsonl bad line", write(d, "bad.jsonl", &bad_line)),
        (
            "jsonl not json",
            write(
                d,
                "notjson.jsonl",
                b"{\"text\": \"\xd8\xae\xd8\xa8\xd8\xb1\"}\nnot json at all\n",
            ),
        ),
        ("json not json", write(d, "bad.json", b"<html>oops</html>")),
        (
            "json wrong shape",
            write(d, "shape.json", b"[1, {\"content\": \"\xd9\x86\xd8\xb5\"}]"),
        ),
        (
            "utf-16 without bom, odd length",
            write(d, "odd16.txt", &odd_utf16),
        ),
        ("empty", write(d, "empty.txt", b"")),
        ("whitespace", write(d, "blank.txt", b" \n\r\n\t\n")),
        ("binary junk", write(d, "junk.bin", &junk(4096))),
        ("binary junk .txt", write(d, "junk.txt", &junk(100))),
        (
            "corrupt zip",
            write(
                d,
                "cut.zip",
                &zip(&[("a.txt", &fixture_bytes("article.txt"))])[..40],
            ),
        ),
        (
            "broken feed",
            write(d, "broken.rss", broken_feed.as_bytes()),
        ),
        (
            "not a feed",
            write(
                d,
                "x.rss",
                b"<?xml version=\"1.0\"?><html><body>x</body></html>",
            ),
        ),
        ("tar", write(d, "a.tar", &junk(512))),
        (
            "missing",
            d.join("missing.txt").to_string_lossy().into_owned(),
        ),
        ("not a dir", format!("{good}/child.txt")),
        ("good again", good),
    ];
    let paths: Vec<String> = inputs.iter().map(|(_, p)| p.clone()).collect();
    let items = read(&paths);
    let f = failures(&items);
    let s = skips(&items);
    let p = |name: &str| inputs.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    let expect_fail = |name: &str, msg: &str| {
        let path = p(name);
        assert!(
            f.iter().any(|e| of(e, &path) && e.contains(msg)),
            "{name}: no failure containing `{msg}` in\n{}",
            f.join("\n")
        );
    };
    expect_fail("truncated warc.gz", ": truncated gzip stream");
    expect_fail("truncated warc", "truncated WARC record at byte");
    expect_fail("truncated warc", "(Content-Length)");
    expect_fail(
        "missing length",
        ": invalid WARC record at byte 0: missing Content-Length",
    );
    expect_fail("not warc", "expected a `WARC/1.x` version line");
    expect_fail("truncated gz", ": truncated gzip stream");
    expect_fail("bad gz", "corrupt gzip stream");
    expect_fail(
        "invalid utf-8 claiming utf-8",
        &format!(": invalid UTF-8 at byte {at} (declared utf-8)"),
    );
    expect_fail("jsonl bad line", "#line 2: invalid UTF-8 at byte");
    expect_fail("jsonl not json", "#line 2: not a JSON object");
    expect_fail(
        "json not json",
        ": not SaudiNewsNet/JSON: expected value at line 1 column 1",
    );
    expect_fail("json wrong shape", "#item 1: not a JSON object");
    expect_fail("utf-16 without bom, odd length", "invalid UTF-16LE at byte");
    expect_fail("binary junk", ": binary data, not text");
    expect_fail("binary junk .txt", ": binary data, not text");
    expect_fail("corrupt zip", ": not a readable zip archive");
    expect_fail("broken feed", ": invalid XML at byte");
    expect_fail(
        "not a feed",
        ": not an RSS or Atom feed (root element <html>)",
    );
    expect_fail("tar", "tar archives are not supported");
    expect_fail("missing", ": no such file or directory");
    expect_fail("not a dir", ": cannot access");
    assert!(
        has(&s, &format!("{}: skipped: empty file", p("empty"))),
        "{s:?}"
    );
    assert!(
        has(&s, &format!("{}: skipped: no text", p("whitespace"))),
        "{s:?}"
    );

    let ds = docs(&items);
    let from = |name: &str| ds.iter().filter(|d| d.source.path == p(name)).count();
    // Good inputs and the good parts of bad ones still come through.
    assert_eq!(ds.iter().filter(|d| d.source.path == p("good")).count(), 2);
    assert!(
        from("truncated warc.gz") >= 1,
        "records before the cut are read"
    );
    assert_eq!(from("truncated warc"), 1);
    assert_eq!(from("jsonl bad line"), 2);
    assert_eq!(from("jsonl not json"), 1);
    assert_eq!(from("json wrong shape"), 1);
    assert_eq!(from("broken feed"), 1, "the item before the broken markup");
    // One message per bad input (the WARC ones stop at the first framing error).
    for name in [
        "truncated warc.gz",
        "truncated warc",
        "missing length",
        "invalid utf-8 claiming utf-8",
        "binary junk",
    ] {
        let n = f.iter().filter(|e| of(e, &p(name))).count();
        assert_eq!(n, 1, "{name}: {f:?}");
    }
    // The last item is the last good input: the stream went on to the end.
    match items.last().unwrap() {
        Item::Doc(d) => assert_eq!(d.source.path, p("good again")),
        other => panic!("last item: {other:?}"),
    }
}

#[test]
fn a_50_mb_single_line() {
    let dir = tempfile::tempdir().unwrap();
    // 50 MB of Arabic on one line, in a JSONL file whose string never ends,
    // and the same as plain text.
    let mut line = b"{\"text\": \"".to_vec();
    let chunk = "خبر عاجل من العاصمة ".as_bytes();
    while line.len() < 50 * 1024 * 1024 {
        line.extend_from_slice(chunk);
    }
    let jsonl = write(dir.path(), "big.jsonl", &line);
    let txt = write(dir.path(), "big.txt", &line[10..]);
    drop(line);
    let after = fixture("article.txt").to_string_lossy().into_owned();
    let items = read(&[jsonl.clone(), txt.clone(), after.clone()]);
    let f = failures(&items);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(
        f[0].starts_with(&format!(
            "{jsonl}#line 1: invalid JSON: EOF while parsing a string"
        )),
        "{f:?}"
    );
    // Read fine, but far too long to be one article: a clear failure, not a
    // run stalled on annotating it.
    assert!(
        f[1].starts_with(&format!(
            "{txt}: document text is 52.4 MB, over the 4.2 MB limit"
        )),
        "{f:?}"
    );
    let ds = docs(&items);
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0].source.path, after);
}

#[test]
fn size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", &fixture_bytes("article.txt"));
    // Streamed from gzip, so the file on disk is small and only the line is too long.
    let jsonl = [
        fixture_bytes("records.jsonl"),
        b"{\"text\": \"".to_vec(),
        vec![b'a'; 5000],
        b"\"}\n{\"text\": \"\xd8\xae\"}\n".to_vec(),
    ]
    .concat();
    let long_line = write(dir.path(), "long.jsonl.gz", &gzip(&jsonl));
    let zipped = write(dir.path(), "z.zip", &zip(&[("a.txt", &vec![b'a'; 5000])]));
    let gz = write(dir.path(), "g.txt.gz", &gzip(&vec![b'a'; 5000]));
    let opts = IngestOptions {
        max_file_bytes: 4096,
        ..IngestOptions::default()
    };
    let items = read_with(
        &[big.clone(), long_line.clone(), zipped.clone(), gz.clone()],
        &opts,
    );
    let f = failures(&items);
    assert!(!f.iter().any(|e| e.starts_with(&big)), "{f:?}");
    assert!(
        f.iter().any(|e| e.starts_with(&format!(
            "{long_line}#line 5: line is over the 4.0 KiB limit (max_file_bytes)"
        ))),
        "{f:?}"
    );
    assert!(
        f.iter().any(|e| e.starts_with(&format!(
            "{zipped}!a.txt: member is 4.9 KiB, over the 4.0 KiB limit"
        ))),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|e| e.starts_with(&format!("{gz}: content is over the 4.0 KiB limit"))),
        "{f:?}"
    );
    let ds = docs(&items);
    // The article (under the limit), and the JSONL lines around the long one.
    assert_eq!(ds.iter().filter(|d| d.source.path == long_line).count(), 3);
    let opts = IngestOptions {
        max_file_bytes: 100,
        ..IngestOptions::default()
    };
    let f = failures(&read_with(std::slice::from_ref(&big), &opts));
    assert_eq!(f.len(), 1);
    assert!(
        f[0].starts_with(&format!("{big}: file is"))
            && f[0].contains("over the 100 bytes limit (max_file_bytes)"),
        "{f:?}"
    );
}

#[test]
fn utf16_without_bom_is_recognised_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.txt",
        &utf16(&fixture_text("article.txt"), true, false),
    );
    let items = read(&[p]);
    assert_eq!(docs(&items)[0].encoding, "UTF-16LE");
}

#[test]
fn mostly_utf8_with_a_stray_1256_byte_is_an_error_not_a_guess() {
    let mut bytes = fixture_bytes("article.txt");
    let extra = encode("ة", WINDOWS_1256);
    bytes.splice(8..8, extra);
    let err = isnad_ingest::decode(&bytes, Some("utf-8")).unwrap_err();
    assert_eq!(err, "invalid UTF-8 at byte 8 (declared utf-8)");
}
