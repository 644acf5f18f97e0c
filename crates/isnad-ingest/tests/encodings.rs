//! The same article in every supported encoding reads to the same text, with
//! spans that decode exactly.

mod common;

use common::*;
use encoding_rs::{ISO_8859_6, WINDOWS_1256};
use isnad_ingest::decode;

fn utf8_reference() -> (Option<String>, Vec<String>) {
    let items = read(&[fixture("article.txt").to_string_lossy().into_owned()]);
    let d = docs(&items)[0];
    (
        d.meta.title.clone(),
        body(d).iter().map(|s| s.to_string()).collect(),
    )
}

#[test]
fn plain_text_in_every_encoding() {
    let text = fixture_text("article.txt");
    let (title, lines) = utf8_reference();
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend_from_slice(text.as_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf8-bom.txt", bom8, "UTF-8"),
        ("w1256.txt", encode(&text, WINDOWS_1256), "windows-1256"),
        ("utf16le-bom.txt", utf16(&text, true, true), "UTF-16LE"),
        ("utf16be-bom.txt", utf16(&text, false, true), "UTF-16BE"),
        ("utf16le.txt", utf16(&text, true, false), "UTF-16LE"),
        ("utf16be.txt", utf16(&text, false, false), "UTF-16BE"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<String> = cases
        .iter()
        .map(|(n, b, _)| write(dir.path(), n, b))
        .collect();
    let items = read(&paths);
    let ds = docs(&items);
    assert_eq!(ds.len(), cases.len(), "{:?}", failures(&items));
    for (d, (name, bytes, enc)) in ds.iter().zip(&cases) {
        assert_eq!(d.encoding, *enc, "{name}");
        assert_eq!(&d.original, bytes, "{name}");
        assert_eq!(d.meta.title, title, "{name}");
        assert_eq!(body(d), lines, "{name}");
        assert!(
            d.blocks.iter().all(|b| b.exact),
            "{name}: plain lines are exact"
        );
    }
    // Block spans are byte-precise in UTF-16: each is two bytes a unit.
    let le = ds[2];
    let first = &le.blocks[0];
    assert_eq!(first.span.len(), first.text.encode_utf16().count() * 2);
}

#[test]
fn iso_8859_6_declared_and_detected() {
    // ISO-8859-6 has no Arabic comma; keep to letters it has.
    let text = "اجتماع طارئ لمجلس الجامعة\n\nعقد مجلس الجامعة اجتماعا طارئا لبحث الاوضاع في المنطقة وسبل دعم الاستقرار فيها.\n";
    let bytes = encode(text, ISO_8859_6);
    let html = [
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\"></head><body><p>".to_vec(),
        encode("عقد مجلس الجامعة اجتماعا طارئا لبحث الاوضاع في المنطقة.", ISO_8859_6),
        b"</p></body></html>".to_vec(),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    let items = read(&[
        write(dir.path(), "a.txt", &bytes),
        write(dir.path(), "b.html", &html),
    ]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 2, "{:?}", failures(&items));
    // Undeclared: chardetng decides between the two Arabic code pages; the
    // text must come out right either way it labels it.
    assert!(["ISO-8859-6", "windows-1256"].contains(&ds[0].encoding.as_str()));
    assert_eq!(
        ds[0].meta.title.as_deref(),
        Some("اجتماع طارئ لمجلس الجامعة"),
        "{}",
        ds[0].encoding
    );
    assert_eq!(ds[1].encoding, "ISO-8859-6");
    assert_eq!(
        body(ds[1]),
        ["عقد مجلس الجامعة اجتماعا طارئا لبحث الاوضاع في المنطقة."]
    );
    assert!(ds[1].blocks[0].exact);
}

#[test]
fn html_in_windows_1256_and_utf16() {
    let page = fixture_text("page.html");
    let w1256 = encode(
        &page.replace("charset=\"utf-8\"", "charset=\"windows-1256\""),
        WINDOWS_1256,
    );
    let u16 = utf16(&page, true, true);
    let dir = tempfile::tempdir().unwrap();
    let items = read(&[
        fixture("page.html").to_string_lossy().into_owned(),
        write(dir.path(), "w.html", &w1256),
        write(dir.path(), "u.html", &u16),
    ]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 3, "{:?}", failures(&items));
    assert_eq!(ds[1].encoding, "windows-1256");
    assert_eq!(ds[2].encoding, "UTF-16LE");
    for d in &ds[1..] {
        assert_eq!(body(d), body(ds[0]), "{}", d.source);
        let exact: Vec<bool> = d.blocks.iter().map(|b| b.exact).collect();
        let want: Vec<bool> = ds[0].blocks.iter().map(|b| b.exact).collect();
        assert_eq!(exact, want, "{}", d.source);
    }
}

#[test]
fn lying_utf8_declaration_on_a_windows_1256_page() {
    // The server says UTF-8, the bytes are windows-1256 Arabic throughout.
    let page = "<html><head><meta charset=\"utf-8\"></head><body><p>أعلنت وزارة الصحة تسجيل حالات شفاء جديدة، وارتفاع عدد المتعافين إلى ألف حالة.</p></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let items = read(&[write(dir.path(), "lying.html", &encode(page, WINDOWS_1256))]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 1, "{items:?}");
    assert_eq!(ds[0].encoding, "windows-1256");
    assert!(body(ds[0])[0].starts_with("أعلنت وزارة الصحة"));
    let d = decode(&encode(page, WINDOWS_1256), Some("utf-8")).unwrap();
    assert!(d
        .note
        .unwrap()
        .contains("declared utf-8 but invalid at byte"));
}

#[test]
fn decode_api() {
    let d = decode(&utf16("نص", false, true), None).unwrap();
    assert_eq!(
        (d.text.as_str(), d.encoding, d.bom_len),
        ("نص", "UTF-16BE", 2)
    );
    let d = decode(
        &encode("مرحبا بكم في الرياض اليوم", WINDOWS_1256),
        Some("cp1256"),
    )
    .unwrap();
    assert_eq!(d.encoding, "windows-1256");
    assert_eq!(d.text, "مرحبا بكم في الرياض اليوم");
    let mut bad = "خبر عاجل".as_bytes().to_vec();
    bad.insert(4, 0xFF);
    assert_eq!(
        decode(&bad, Some("utf-8")).unwrap_err(),
        "invalid UTF-8 at byte 4 (declared utf-8)"
    );
    assert!(decode(b"\x00\x01\x02\x03junk", None)
        .unwrap_err()
        .starts_with("binary data"));
}

#[test]
fn json_inputs_in_other_encodings() {
    let jsonl = fixture_text("records.jsonl");
    let day = fixture_text("day.json");
    let mut bom_day = b"\xEF\xBB\xBF".to_vec();
    bom_day.extend_from_slice(day.as_bytes());
    // A windows-1256 JSONL line is not JSON (which is UTF-8), but it is
    // clearly Arabic in that code page, so it is read as such.
    let line_1256 = encode(
        "{\"title\": \"سقوط أمطار\", \"text\": \"شهدت المنطقة سقوط أمطار متفرقة صباح اليوم، وتوقعت الأرصاد استمرارها.\"}\n",
        WINDOWS_1256,
    );
    let dir = tempfile::tempdir().unwrap();
    let items = read(&[
        write(dir.path(), "u16.jsonl", &utf16(&jsonl, true, true)),
        write(dir.path(), "bom.json", &bom_day),
        write(dir.path(), "w.jsonl", &line_1256),
    ]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 5, "{items:?}");
    let reference = read(&[fixture("records.jsonl").to_string_lossy().into_owned()]);
    for (d, r) in ds[..2].iter().zip(docs(&reference)) {
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.source.locator, r.source.locator);
        assert_eq!(body(d), body(r));
        assert_eq!(d.meta, r.meta);
    }
    assert_eq!(ds[2].source.locator.as_deref(), Some("item 1"));
    assert_eq!(
        ds[2].original.first(),
        Some(&b'{'),
        "the BOM is not part of any element"
    );
    assert_eq!(ds[4].encoding, "windows-1256");
    assert_eq!(ds[4].meta.title.as_deref(), Some("سقوط أمطار"));
    assert!(ds[4].blocks[0].exact);
}
