//! Each input format gives the documents, metadata and spans expected.

mod common;

use common::*;
use isnad_core::{BlockKind, Format};
use isnad_ingest::{read_inputs, IngestOptions, Item};

#[test]
fn plain_text_title_and_exact_lines() {
    let items = read(&[fixture("article.txt").to_string_lossy().into_owned()]);
    assert_eq!(items.len(), 1);
    let d = docs(&items)[0];
    assert_eq!(d.format, Format::Text);
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(
        d.meta.title.as_deref(),
        Some("وزير الخارجية يبحث مع نظيره الأردني تطورات المنطقة")
    );
    assert_eq!(d.blocks.len(), 3);
    assert!(d
        .blocks
        .iter()
        .all(|b| b.exact && b.kind == BlockKind::Line));
    // Leading and trailing spaces of the last line are outside its span.
    assert_eq!(
        d.blocks[2].text,
        "وأضاف أن الزيارة تأتي في إطار الحرص المشترك على دعم الاستقرار في المنطقة."
    );
    assert_eq!(d.original, fixture_bytes("article.txt"));
    assert_eq!(d.source.path, fixture("article.txt").to_string_lossy());
    assert_eq!(d.meta.outlet, None, "`fixtures` is a generic folder name");
}

#[test]
fn one_line_text_has_no_title_and_folder_outlet() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "okaz/brief.txt",
        "عاجل: زلزال بقوة خمس درجات يضرب المنطقة".as_bytes(),
    );
    let items = read(&[p]);
    let d = docs(&items)[0];
    assert_eq!(d.meta.title, None);
    assert_eq!(d.blocks.len(), 1);
    assert_eq!(d.meta.outlet.as_deref(), Some("okaz"));
    assert_eq!(d.meta.outlet_how.as_deref(), Some("folder"));
}

#[test]
fn html_page_meta_and_spans() {
    let items = read(&[fixture("page.html").to_string_lossy().into_owned()]);
    let d = docs(&items)[0];
    assert_eq!(d.format, Format::Html);
    assert_eq!(
        d.meta.url.as_deref(),
        Some("https://www.almadina.example/article/2021/07/03/rain")
    );
    assert_eq!(d.meta.outlet.as_deref(), Some("almadina.example"));
    assert_eq!(d.meta.outlet_how.as_deref(), Some("url-host"));
    assert!(d
        .meta
        .published
        .as_deref()
        .unwrap()
        .starts_with("2021-07-03"));
    assert!(d
        .meta
        .title
        .as_deref()
        .unwrap()
        .contains("أمطار غزيرة على جدة"));
    let text = body(d).join("\n");
    assert!(text.contains("هطلت أمطار غزيرة صباح اليوم على مدينة جدة"));
    assert!(
        text.contains("توخي الحذر & الابتعاد"),
        "entity decoded: {text}"
    );
    assert!(!text.contains("<p>"));
    assert!(
        d.blocks.iter().any(|b| b.exact),
        "plain paragraphs map exactly"
    );
    let entity_block = d.blocks.iter().find(|b| b.text.contains('&')).unwrap();
    assert!(!entity_block.exact);
    let covered = &d.original[entity_block.span.start..entity_block.span.end];
    assert!(String::from_utf8_lossy(covered).contains("&amp;"));
}

#[test]
fn jsonl_records_fields_and_escapes() {
    let items = read(&[fixture("records.jsonl").to_string_lossy().into_owned()]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 2);
    assert_eq!(skips(&items).len(), 1);
    assert!(
        skips(&items)[0].contains("#line 4: skipped: no text field"),
        "{:?}",
        skips(&items)
    );
    let a = ds[0];
    assert_eq!(a.format, Format::Jsonl);
    assert_eq!(a.source.locator.as_deref(), Some("line 1"));
    assert_eq!(
        a.meta.title.as_deref(),
        Some("افتتاح معرض الكتاب في الرياض")
    );
    assert_eq!(a.meta.outlet.as_deref(), Some("alriyadh"));
    assert_eq!(a.meta.outlet_how.as_deref(), Some("field:source"));
    assert_eq!(a.meta.published.as_deref(), Some("2022/09/29"));
    assert_eq!(a.meta.published_how.as_deref(), Some("url-path"));
    assert_eq!(
        body(a),
        [
            "افتتح أمير المنطقة مساء أمس معرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر.",
            "ويستمر المعرض عشرة أيام."
        ]
    );
    assert!(a.blocks.iter().all(|b| b.exact));
    let line1 = fixture_text("records.jsonl")
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(a.original, line1.as_bytes());
    let b = ds[1];
    assert_eq!(b.source.locator.as_deref(), Some("line 3"));
    assert_eq!(b.meta.title.as_deref(), Some("ارتفاع النفط"));
    assert_eq!(b.meta.outlet.as_deref(), Some("energy.example.com"));
    assert_eq!(b.meta.published.as_deref(), Some("2022-10-01 09:30"));
    assert_eq!(b.meta.published_how.as_deref(), Some("field:date"));
    assert!(body(b)[0].contains("\"اليوم\""));
    assert!(
        !b.blocks[0].exact,
        "escaped quotes: span covers the JSON string bytes"
    );
}

#[test]
fn configurable_jsonl_fields() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "x.jsonl",
        r#"{"headline_ar": "عنوان", "body_ar": ["فقرة أولى", "فقرة ثانية"], "site": "sabq"}"#
            .as_bytes(),
    );
    let mut opts = IngestOptions::default();
    opts.jsonl.title = vec!["headline_ar".into()];
    opts.jsonl.text = vec!["body_ar".into()];
    opts.jsonl.source = vec!["site".into()];
    let items = read_with(&[p], &opts);
    let d = docs(&items)[0];
    assert_eq!(d.meta.title.as_deref(), Some("عنوان"));
    assert_eq!(body(d), ["فقرة أولى", "فقرة ثانية"]);
    assert_eq!(d.meta.outlet_how.as_deref(), Some("field:site"));
}

#[test]
fn saudinewsnet_array_elements_are_exact_bytes() {
    let items = read(&[fixture("day.json").to_string_lossy().into_owned()]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 2);
    let file = fixture_text("day.json");
    let elems: Vec<serde_json::Value> = serde_json::from_str(&file).unwrap();
    for (d, want) in ds.iter().zip(&elems) {
        assert_eq!(d.format, Format::SaudiNewsNet);
        let got: serde_json::Value = serde_json::from_slice(&d.original).unwrap();
        assert_eq!(&got, want);
        assert!(file.contains(std::str::from_utf8(&d.original).unwrap()));
        assert!(d.original.starts_with(b"{") && d.original.ends_with(b"}"));
    }
    let a = ds[0];
    assert_eq!(a.source.locator.as_deref(), Some("item 1"));
    assert_eq!(a.meta.outlet.as_deref(), Some("alyaum"));
    assert_eq!(a.meta.published.as_deref(), Some("2015-07-21 10:20:30"));
    assert_eq!(
        a.meta.published_how.as_deref(),
        Some("field:date_extracted")
    );
    assert_eq!(a.meta.author.as_deref(), Some("الدمام: مراسل اليوم"));
    assert_eq!(a.blocks.len(), 2);
    assert!(a.blocks.iter().all(|b| b.exact));
    assert_eq!(ds[1].meta.author, None);
    assert_eq!(ds[1].blocks[1].text, "وناقش المجلس عددا من الموضوعات.");
    assert!(
        !ds[1].blocks[1].exact,
        "a \\t escape makes the line inexact"
    );
}

#[test]
fn rss_items() {
    let items = read(&[fixture("feed.rss").to_string_lossy().into_owned()]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 2, "{items:?}");
    assert_eq!(
        skips(&items),
        [format!(
            "{}#item 3: skipped: item has no description or content",
            fixture("feed.rss").to_string_lossy()
        )]
    );
    let file = fixture_text("feed.rss");
    let a = ds[0];
    assert_eq!(a.format, Format::Rss);
    let orig = std::str::from_utf8(&a.original).unwrap();
    assert!(orig.starts_with("<item>") && orig.ends_with("</item>") && file.contains(orig));
    assert_eq!(a.meta.title.as_deref(), Some("انطلاق موسم الحج"));
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://news.example.org/2023/06/20/hajj")
    );
    assert_eq!(a.meta.outlet.as_deref(), Some("news.example.org"));
    assert_eq!(
        a.meta.published.as_deref(),
        Some("Tue, 20 Jun 2023 10:00:00 +0300")
    );
    assert_eq!(a.meta.published_how.as_deref(), Some("feed:pubDate"));
    assert_eq!(
        body(a),
        [
            "بدأت طلائع الحجاج بالوصول إلى مكة المكرمة وسط استعدادات مكثفة.",
            "وأكدت الجهات المختصة جاهزيتها لاستقبال ضيوف الرحمن."
        ]
    );
    assert!(
        a.blocks.iter().all(|b| b.exact),
        "CDATA content maps exactly"
    );
    let b = ds[1];
    assert_eq!(b.meta.author.as_deref(), Some("قسم الاقتصاد"));
    assert_eq!(
        b.blocks[0].text,
        "تراجعت أسعار الذهب في التعاملات الصباحية مع ارتفاع الدولار."
    );
    assert!(
        b.blocks[0].exact,
        "escaped markup around plain text still maps exactly"
    );
    assert!(b.blocks[1].text.contains("مؤقت & محدود"));
    assert!(!b.blocks[1].exact);
}

#[test]
fn atom_entries() {
    let items = read(&[fixture("feed.atom").to_string_lossy().into_owned()]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 2, "{items:?}");
    let a = ds[0];
    assert_eq!(a.format, Format::Atom);
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://blog.example.net/posts/ai-seminar"),
        "rel=self is not the article"
    );
    assert_eq!(a.meta.published.as_deref(), Some("2024-02-11T18:00:00Z"));
    assert_eq!(a.meta.published_how.as_deref(), Some("feed:published"));
    assert_eq!(a.meta.author.as_deref(), Some("هيئة التحرير"));
    assert_eq!(
        body(a),
        [
            "نظمت الجامعة ندوة عن تطبيقات الذكاء الاصطناعي في التعليم.",
            "وشارك فيها عدد من الباحثين."
        ]
    );
    let b = ds[1];
    assert_eq!(b.meta.published_how.as_deref(), Some("feed:updated"));
    assert_eq!(
        body(b),
        ["قام الوفد بزيارة ميدانية إلى موقع المشروع للاطلاع على سير العمل."]
    );
    assert!(b.blocks[0].exact, "xhtml content is markup in place");
}

#[test]
fn warc_and_warc_gz_records() {
    let dir = tempfile::tempdir().unwrap();
    let records = sample_warc_records();
    let plain = write(dir.path(), "crawl.warc", &records.concat());
    let gz = write(dir.path(), "crawl.warc.gz", &warc_gz(&records));
    for path in [plain, gz] {
        let items = read(std::slice::from_ref(&path));
        let ds = docs(&items);
        assert_eq!(ds.len(), 2, "{path}: {items:?}");
        let sk = skips(&items);
        assert_eq!(sk.len(), 4, "{sk:?}");
        assert!(
            sk[0].ends_with("#record at byte 0: skipped: warcinfo record"),
            "{sk:?}"
        );
        assert!(sk[1].contains("skipped: request record"));
        assert!(sk[2].contains("skipped: response is image/png, not HTML"));
        assert!(sk[3].contains("skipped: metadata record"));
        let a = ds[0];
        assert_eq!(a.format, Format::Warc);
        assert_eq!(
            a.original,
            fixture_bytes("page.html"),
            "original is the HTTP payload"
        );
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://www.almadina.example/article/2021/07/03/rain")
        );
        let b = ds[1];
        assert_eq!(
            b.encoding, "windows-1256",
            "charset from the HTTP Content-Type"
        );
        assert_eq!(
            b.meta.url.as_deref(),
            Some("http://old-news.example.sa/2009/11/05/power.html")
        );
        assert_eq!(b.meta.outlet.as_deref(), Some("old-news.example.sa"));
        assert_eq!(b.meta.published.as_deref(), Some("2009/11/05"));
        assert!(body(b).contains(&"انقطاع الكهرباء عن أحياء في المدينة"));
        assert!(b.blocks.iter().all(|bl| bl.exact));
        let loc = b.source.locator.as_deref().unwrap();
        let at: usize = loc
            .strip_prefix("record at byte ")
            .unwrap()
            .parse()
            .unwrap();
        assert!(records.concat()[at..].starts_with(b"WARC/1.0"));
    }
}

#[test]
fn zip_members_gz_and_nested() {
    let dir = tempfile::tempdir().unwrap();
    let inner = zip(&[("inner/feed.rss", &fixture_bytes("feed.rss"))]);
    let archive = zip(&[
        ("okaz/article.txt", &fixture_bytes("article.txt")),
        ("page.html.gz", &gzip(&fixture_bytes("page.html"))),
        ("records.jsonl", &fixture_bytes("records.jsonl")),
        ("crawl.warc.gz", &warc_gz(&sample_warc_records())),
        (
            "photos/logo.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
        ),
        ("__MACOSX/._article.txt", b"\0\x05\x16\x07"),
        ("nested.zip", &inner),
    ]);
    let zpath = write(dir.path(), "bundle.zip", &archive);
    let items = read(std::slice::from_ref(&zpath));
    let ds = docs(&items);
    let entries: Vec<&str> = ds
        .iter()
        .map(|d| d.source.entry.as_deref().unwrap())
        .collect();
    assert_eq!(
        entries,
        [
            "okaz/article.txt",
            "page.html.gz",
            "records.jsonl",
            "records.jsonl",
            "crawl.warc.gz",
            "crawl.warc.gz",
            "nested.zip!inner/feed.rss",
            "nested.zip!inner/feed.rss"
        ]
    );
    assert!(ds.iter().all(|d| d.source.path == zpath));
    assert_eq!(
        ds[0].meta.outlet.as_deref(),
        Some("okaz"),
        "folder inside the archive"
    );
    assert_eq!(ds[1].format, Format::Html);
    assert_eq!(ds[1].original, fixture_bytes("page.html"));
    assert!(failures(&items).is_empty(), "{:?}", failures(&items));
    let sk = skips(&items);
    assert!(
        sk.iter()
            .any(|s| s.contains("!photos/logo.png: skipped: binary data")),
        "{sk:?}"
    );
    assert!(sk.iter().any(|s| s.contains("__MACOSX")), "{sk:?}");
    assert_eq!(
        ds[6].source.to_string(),
        format!("{zpath}!nested.zip!inner/feed.rss#item 1")
    );
}

#[test]
fn directories_are_walked_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    let article = fixture_bytes("article.txt");
    write(&root, "b/2.txt", &article);
    write(&root, "a/10.txt", &article);
    write(&root, "a/9.txt", &article);
    write(&root, "c.txt", &article);
    write(&root, ".git/HEAD", b"ref: refs/heads/main\n");
    let shown = root.to_string_lossy().into_owned();
    let items = read(std::slice::from_ref(&shown));
    let paths: Vec<String> = docs(&items).iter().map(|d| d.source.path.clone()).collect();
    let want: Vec<String> = ["a/10.txt", "a/9.txt", "b/2.txt", "c.txt"]
        .iter()
        .map(|p| format!("{shown}/{p}"))
        .collect();
    assert_eq!(paths, want);
    assert_eq!(
        skips(&items),
        [format!("{shown}: skipped: hidden entries not read: .git")]
    );
    assert_eq!(docs(&items)[0].meta.outlet.as_deref(), Some("a"));
}

#[test]
fn stream_is_lazy_and_send() {
    fn assert_send<T: Send>(_: &T) {}
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "x.txt", "خبر".as_bytes());
    let mut it = read_inputs(&[p.clone(), p], &IngestOptions::default());
    assert_send(&it);
    assert!(matches!(it.next(), Some(Item::Doc(_))));
    // Files are opened only when reached: removing the second input now
    // makes it fail rather than having been read already.
    drop(dir);
    let second = it.next().unwrap();
    assert!(matches!(second, Item::Failed(_)), "{second:?}");
}

/// `-` reads standard input: this test re-runs itself as a child process
/// with the fixture piped in.
#[test]
fn stdin_dash() {
    if std::env::var_os("ISNAD_INGEST_STDIN_CHILD").is_some() {
        for item in read_inputs(&["-".to_string()], &IngestOptions::default()) {
            match item {
                Item::Doc(d) => println!("DOC {} {:?} {}", d.source, d.format, d.blocks.len()),
                other => println!("OTHER {other:?}"),
            }
        }
        return;
    }
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["stdin_dash", "--exact", "--nocapture", "--test-threads=1"])
        .env("ISNAD_INGEST_STDIN_CHILD", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let gz = gzip(&fixture_bytes("records.jsonl"));
    child.stdin.take().unwrap().write_all(&gz).unwrap();
    let out = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("DOC -#line 1 Jsonl 2"), "{out}");
    assert!(out.contains("DOC -#line 3 Jsonl 1"), "{out}");
}

#[test]
fn rss_1_0_in_windows_1256_by_xml_declaration() {
    let feed = r#"<?xml version="1.0" encoding="windows-1256"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://gazette.example.ae/"><title>الجريدة التجريبية</title><link>http://gazette.example.ae/</link></channel>
<item rdf:about="http://gazette.example.ae/a/1"><title>افتتاح جسر جديد</title><link>http://gazette.example.ae/a/1</link><dc:date>2010-05-04</dc:date><description>افتتحت البلدية جسرا جديدا يربط ضفتي الخور، ويخفف الازدحام.</description></item>
</rdf:RDF>
"#;
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "feed.xml",
        &encode(feed, encoding_rs::WINDOWS_1256),
    );
    let items = read(&[p]);
    let ds = docs(&items);
    assert_eq!(ds.len(), 1, "{items:?}");
    let d = ds[0];
    assert_eq!(
        (d.format, d.encoding.as_str()),
        (Format::Rss, "windows-1256")
    );
    assert_eq!(d.meta.title.as_deref(), Some("افتتاح جسر جديد"));
    assert_eq!(d.meta.published.as_deref(), Some("2010-05-04"));
    assert_eq!(d.meta.published_how.as_deref(), Some("feed:dc:date"));
    assert_eq!(d.meta.outlet.as_deref(), Some("gazette.example.ae"));
    assert_eq!(
        body(d),
        ["افتتحت البلدية جسرا جديدا يربط ضفتي الخور، ويخفف الازدحام."]
    );
    assert!(d.blocks[0].exact);
    assert!(d.original.starts_with(b"<item ") && d.original.ends_with(b"</item>"));
}

#[test]
fn warc_chunked_and_gzipped_payload() {
    let page = fixture_bytes("page.html");
    let gz = gzip(&page);
    let mut chunked = Vec::new();
    for part in gz.chunks(100) {
        chunked.extend(format!("{:x}\r\n", part.len()).bytes());
        chunked.extend_from_slice(part);
        chunked.extend(b"\r\n");
    }
    chunked.extend(b"0\r\n\r\n");
    let record = warc_record(
        "response",
        "https://www.almadina.example/article/2021/07/03/rain",
        "application/http; msgtype=response",
        &http_response(
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        ),
    );
    let redirect = warc_record(
        "response",
        "https://www.almadina.example/old",
        "application/http; msgtype=response",
        &http_response("301 Moved Permanently", "Location: /new\r\n", b""),
    );
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.warc", &[redirect, record].concat());
    let items = read(&[p]);
    assert!(
        skips(&items)[0].ends_with("skipped: HTTP status 301"),
        "{items:?}"
    );
    let d = docs(&items)[0];
    assert_eq!(
        d.original, page,
        "original is the payload with both encodings undone"
    );
}
