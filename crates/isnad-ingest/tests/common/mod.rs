//! Helpers shared by the integration tests.
#![allow(dead_code)]

use encoding_rs::Encoding;
use isnad_core::RawDoc;
use isnad_ingest::{read_inputs, IngestOptions, Item};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture exists")
}

pub fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture_bytes(name)).expect("fixture is UTF-8")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

pub fn read(paths: &[String]) -> Vec<Item> {
    read_with(paths, &IngestOptions::default())
}

/// Reads and checks the invariants every item must satisfy.
pub fn read_with(paths: &[String], opts: &IngestOptions) -> Vec<Item> {
    let items: Vec<Item> = read_inputs(paths, opts).collect();
    for item in &items {
        if let Item::Doc(d) = item {
            check_doc(d);
        }
    }
    items
}

/// Every block's span lies inside `original`, and every exact block's text
/// is exactly the decoding of its span.
pub fn check_doc(d: &RawDoc) {
    let enc = Encoding::for_label(d.encoding.as_bytes())
        .unwrap_or_else(|| panic!("{}: unknown encoding {}", d.source, d.encoding));
    assert!(!d.blocks.is_empty(), "{}: no blocks", d.source);
    for b in &d.blocks {
        assert!(
            b.span.start <= b.span.end && b.span.end <= d.original.len(),
            "{}: span {:?} outside original ({} bytes)",
            d.source,
            b.span,
            d.original.len()
        );
        assert!(!b.text.trim().is_empty(), "{}: empty block", d.source);
        if b.exact {
            let bytes = &d.original[b.span.start..b.span.end];
            let decoded = enc
                .decode_without_bom_handling_and_without_replacement(bytes)
                .unwrap_or_else(|| panic!("{}: span {:?} does not decode", d.source, b.span));
            assert_eq!(
                decoded, b.text,
                "{}: exact block differs from its bytes",
                d.source
            );
        }
    }
}

pub fn docs(items: &[Item]) -> Vec<&RawDoc> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Doc(d) => Some(d.as_ref()),
            _ => None,
        })
        .collect()
}

pub fn failures(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Failed(e) => Some(e.to_string()),
            _ => None,
        })
        .collect()
}

pub fn skips(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Skipped(s) => Some(s.to_string()),
            _ => None,
        })
        .collect()
}

pub fn body(d: &RawDoc) -> Vec<&str> {
    d.blocks.iter().map(|b| b.text.as_str()).collect()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = if bom { vec![0xFEFF] } else { vec![] };
    for u in units.into_iter().chain(text.encode_utf16()) {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

pub fn encode(text: &str, enc: &'static Encoding) -> Vec<u8> {
    let (bytes, _, had_errors) = enc.encode(text);
    assert!(
        !had_errors,
        "fixture text not representable in {}",
        enc.name()
    );
    bytes.into_owned()
}

/// A zip archive of `(name, bytes)` members, deflated.
pub fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// One WARC record with a correct Content-Length.
pub fn warc_record(typ: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-06-20T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

pub fn http_response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    r.extend_from_slice(body);
    r
}

/// A small crawl: warcinfo, request, an HTML response in UTF-8, one in
/// windows-1256 (declared in the HTTP header only), an image, metadata.
pub fn sample_warc_records() -> Vec<Vec<u8>> {
    let page = fixture_bytes("page.html");
    let arabic_1256 = encode(
        "<html><body><h1>انقطاع الكهرباء عن أحياء في المدينة</h1><p>أعلنت شركة الكهرباء انقطاع التيار عن عدة أحياء لمدة ساعتين بسبب أعمال صيانة.</p></body></html>",
        encoding_rs::WINDOWS_1256,
    );
    vec![
        warc_record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: isnad-test\r\nformat: WARC File Format 1.0\r\n",
        ),
        warc_record(
            "request",
            "https://www.almadina.example/article/2021/07/03/rain",
            "application/http; msgtype=request",
            b"GET /article/2021/07/03/rain HTTP/1.1\r\nHost: www.almadina.example\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://www.almadina.example/article/2021/07/03/rain",
            "application/http; msgtype=response",
            &http_response(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                &page,
            ),
        ),
        warc_record(
            "response",
            "<http://old-news.example.sa/2009/11/05/power.html>",
            "application/http; msgtype=response",
            &http_response(
                "200 OK",
                "Content-Type: text/html; charset=windows-1256\r\nServer: test\r\n",
                &arabic_1256,
            ),
        ),
        warc_record(
            "response",
            "https://www.almadina.example/logo.png",
            "application/http; msgtype=response",
            &http_response(
                "200 OK",
                "Content-Type: image/png\r\n",
                b"\x89PNG\r\n\x1a\n\0\0",
            ),
        ),
        warc_record(
            "metadata",
            "https://www.almadina.example/article/2021/07/03/rain",
            "application/warc-fields",
            b"fetchTimeMs: 120\r\n",
        ),
    ]
}

/// Each record gzipped as its own member, as crawlers write `.warc.gz`.
pub fn warc_gz(records: &[Vec<u8>]) -> Vec<u8> {
    records.iter().flat_map(|r| gzip(r)).collect()
}
