//! The app started for real on 127.0.0.1:0 and queried over HTTP.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;

use common::{enc, fixtures, get};
use isnad_core::DocId;
use isnad_web::{start, AppState, RunningServer};

struct App {
    _dir: tempfile::TempDir,
    server: RunningServer,
    ids: HashMap<String, DocId>,
    db: std::path::PathBuf,
}

impl App {
    fn addr(&self) -> SocketAddr {
        self.server.addr
    }
    fn id(&self, key: &str) -> &str {
        self.ids[key].as_str()
    }
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = fixtures::store_in(dir.path());
    drop(store);
    let db = dir.path().join("isnad.db");
    let state = AppState::open(&db, &dir.path().join("isnad.db.search")).unwrap();
    let server = start(state, "127.0.0.1:0".parse().unwrap()).unwrap();
    App {
        _dir: dir,
        server,
        ids,
        db,
    }
}

#[test]
fn pages_are_rtl_escaped_and_locked_down() {
    let a = app();
    let r = get(a.addr(), "/");
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("<html dir=\"rtl\" lang=\"ar\">"));
    assert!(
        html.contains("<p class=\"meta\" id=\"count\">8 وثيقة</p>"),
        "{html}"
    );
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("text/html; charset=utf-8"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
    // Newest day first, the undated section last.
    let rain = html.find(a.id("rain")).unwrap();
    let solar = html.find(a.id("solar")).unwrap();
    let undated = html.find("بلا تاريخ</h2>").unwrap();
    assert!(rain < solar && solar < undated);

    // The article with markup in its title and text renders it as text.
    let r = get(a.addr(), &format!("/doc/{}", a.id("script")));
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(
        !html.to_lowercase().contains("<script"),
        "a script element leaked: {html}"
    );
    assert!(
        html.contains(
            "<bdi dir=\"ltr\">&lt;script&gt;alert(&#39;isnad&#39;)&lt;/script&gt;</bdi> داخل"
        ),
        "{html}"
    );
    assert!(html.contains(
        "<title>ثغرة في مواقع حكومية تسمح بحقن &lt;script&gt; في الصفحات — إسناد</title>"
    ));
    // `&` in the text and in the URL are escaped too.
    assert!(html.contains(" &amp; دعت"));
    assert!(html.contains("href=\"https://sahil.example/tech/xss?id=7&amp;lang=ar\""));
    // Latin text, URLs and numeric dates inside Arabic are isolated.
    let html = get(a.addr(), &format!("/doc/{}", a.id("wheat"))).text();
    // (Reuters is also an ORG mention, 1/3/2026 a timex: both marked.)
    assert!(html.contains("وكالة <a class=\"ent ent-org\" href=\"/entity?label=ORG&amp;norm=reuters\" title=\"ORG\"><bdi dir=\"ltr\">Reuters</bdi></a> عن"), "{html}");
    assert!(html.contains("<bdi dir=\"ltr\">www.agri.example.org</bdi> منذ <span class=\"tx\" title=\"DATE 2026-03-01\"><bdi dir=\"ltr\">1/3/2026</bdi></span>."), "{html}");
}

#[test]
fn document_page_addresses_and_highlights_sentences() {
    let a = app();
    let id = a.id("minister");
    let html = get(a.addr(), &format!("/doc/{id}?s=2")).text();
    assert!(
        html.contains(
            "<span class=\"s hl\" id=\"s2\" aria-current=\"true\">وقال <a class=\"ent ent-per\""
        ),
        "{html}"
    );
    assert_eq!(html.matches("class=\"s hl\"").count(), 1);
    for i in 0..4 {
        assert!(html.contains(&format!("id=\"s{i}\"")));
    }
    // The cited sentence's bytes in the original are linked, and are right.
    let start = html.find("/original?start=").expect("byte link") + "/original?start=".len();
    let tail = &html[start..];
    let s: usize = tail[..tail.find('&').unwrap()].parse().unwrap();
    let tail = &tail[tail.find("end=").unwrap() + 4..];
    let e: usize = tail[..tail.find('"').unwrap()].parse().unwrap();
    let bytes = get(a.addr(), &format!("/doc/{id}/original?start={s}&end={e}"));
    assert_eq!(bytes.status, 200);
    assert_eq!(
        bytes.text(),
        "وقال السالم في مؤتمر صحفي إن المحادثات كانت «بنّاءة وصريحة»."
    );
    // The copy group: the original lists its copy, the copy its original.
    assert!(html.contains(&format!("href=\"/doc/{}\"", a.id("minister-copy"))));
    let copy = get(a.addr(), &format!("/doc/{}", a.id("minister-copy"))).text();
    assert!(copy.contains(&format!("<a href=\"/doc/{id}\">")) && copy.contains("(الأصل)"));
    // Headings render as headings.
    let fair = get(a.addr(), &format!("/doc/{}", a.id("bookfair"))).text();
    assert!(fair.contains("<h2 class=\"sub\"><span class=\"s\" id=\"s1\">ضيف الشرف</span>"));
    // A sentence number past the end is a note, not an error.
    let r = get(a.addr(), &format!("/doc/{id}?s=99"));
    assert_eq!(r.status, 200);
    assert!(r.text().contains("لا توجد جملة رقمها 99"));
    assert_eq!(get(a.addr(), &format!("/doc/{id}?s=x")).status, 400);
}

#[test]
fn entities_are_marked_listed_and_have_pages() {
    let a = app();
    // On the document page: mentions link to their entity, timexes carry their value.
    let html = get(a.addr(), &format!("/doc/{}", a.id("minister"))).text();
    let norm = enc(&isnad_arabic::normalize("أحمد السالم"));
    let link = format!("<a class=\"ent ent-per\" href=\"/entity?label=PER&amp;norm={norm}\" title=\"PER\">أحمد السالم</a>");
    assert!(html.contains(&link), "{html}");
    assert!(html.contains("<span class=\"tx\" title=\"DATE 2026-03-10\">يوم الثلاثاء</span>"));
    assert!(
        html.contains(
            "<span class=\"tx\" title=\"DATE 2026-04\">أبريل <bdi dir=\"ltr\">2026</bdi></span>"
        ) || html.contains("<span class=\"tx\" title=\"DATE 2026-04\">أبريل 2026</span>"),
        "{html}"
    );
    assert!(html.contains("id=\"doc-entities\"") && html.contains("id=\"doc-timexes\""));
    // A mention inside a word (after a proclitic) is marked on its own letters.
    let html = get(a.addr(), &format!("/doc/{}", a.id("rain"))).text();
    assert!(
        html.contains("الرئيسية ب<a class=\"ent ent-gpe\""),
        "{html}"
    );
    // An unannotated document says so.
    let html = get(a.addr(), &format!("/doc/{}", a.id("undated"))).text();
    assert!(html.contains("لم تُستخرج الكيانات"));
    // The list, most mentioned first, filterable by type.
    let html = get(a.addr(), "/entities").text();
    assert!(html.contains("id=\"count\">8 كياناً"), "{html}");
    assert!(get(a.addr(), "/entities?label=ORG")
        .text()
        .contains("id=\"count\">3 كياناً"));
    // One entity: aliases, mentions in their sentence (linked), timeline, co-occurring.
    let r = get(a.addr(), &format!("/entity?label=PER&norm={norm}"));
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("<h1 id=\"title\"><bdi>أحمد السالم</bdi></h1>"));
    assert!(html.contains("2 إشارة في 2 وثيقة"));
    assert!(html.contains(&format!("href=\"/doc/{}?s=0#s0\"", a.id("minister"))));
    assert!(html.contains("وزير الخارجية <mark>أحمد السالم</mark> نظيره"));
    assert!(html.contains("<bdi dir=\"ltr\">2026-03-10</bdi></td><td><span class=\"bar\""));
    assert!(html.contains("id=\"co-occurring\"") && html.contains("عمّان"));
    assert_eq!(get(a.addr(), "/entity?label=PER&norm=nobody").status, 404);
    assert_eq!(get(a.addr(), "/entity").status, 400);
    // Search by entity through the API.
    let j = get(
        a.addr(),
        &format!("/api/search?entity={}&collapse=0", enc("أحمد السالم")),
    )
    .json();
    assert_eq!(j["total"], 2);
}

#[test]
fn original_bytes_are_served_as_plain_text() {
    let a = app();
    let id = a.id("script");
    let r = get(a.addr(), &format!("/doc/{id}/original"));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=UTF-8"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.text().contains("<script>alert('isnad')</script>"));
    let r = get(a.addr(), &format!("/doc/{id}/original?start=9&end=3"));
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("byte range 9..3 is outside the original"),
        "{}",
        r.text()
    );
    assert_eq!(
        get(a.addr(), &format!("/doc/{id}/original?end=99999999")).status,
        400
    );
    assert_eq!(get(a.addr(), "/doc/d0000000000000000/original").status, 404);
    assert_eq!(get(a.addr(), "/doc/d0000000000000000").status, 404);
    assert_eq!(get(a.addr(), "/no/such/page").status, 404);
}

#[test]
fn search_page_links_hits_to_their_sentence() {
    let a = app();
    let r = get(a.addr(), &format!("/search?q={}", enc("الأمطار لبنان")));
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(
        html.contains("<p class=\"meta\" id=\"count\">1 نتيجة</p>"),
        "{html}"
    );
    let rain = a.id("rain");
    assert!(
        html.contains(&format!("href=\"/doc/{rain}?s=0#s0\"")),
        "{html}"
    );
    assert!(
        html.contains("<mark>الأمطار</mark>") && html.contains("<mark>بلبنان</mark>"),
        "{html}"
    );
    // Copies fold into one hit that names the other outlet.
    let html = get(a.addr(), &format!("/search?q={}", enc("السالم"))).text();
    assert!(html.contains("<p class=\"meta\" id=\"count\">2 نتيجة</p>"));
    assert_eq!(html.matches("class=\"hit\"").count(), 1);
    // The best-ranked member stands for the group (here the copy, whose
    // title names the minister) and names the other outlet.
    assert!(
        html.contains("وأيضاً في: <bdi dir=\"ltr\">sahil</bdi>"),
        "{html}"
    );
    // Filters, and a bad date named in a 400 page.
    let html = get(
        a.addr(),
        &format!("/search?q={}&outlet=khaleej", enc("المعرض")),
    )
    .text();
    assert!(html.contains("id=\"count\">1 نتيجة"));
    let r = get(a.addr(), &format!("/search?q=x&from={}", enc("أمس")));
    assert_eq!(r.status, 400);
    assert!(r.text().contains("from: &#39;أمس&#39; is not a date"));
    // An empty search explains the syntax.
    assert!(get(a.addr(), "/search").text().contains("علامتي تنصيص"));
}

#[test]
fn json_api() {
    let a = app();
    let j = get(
        a.addr(),
        &format!("/api/search?q={}&collapse=0", enc("السالم")),
    )
    .json();
    assert_eq!(j["total"], 2);
    assert_eq!(j["hits"].as_array().unwrap().len(), 2);
    let h = &j["hits"][0];
    assert!(!h["snippet"]["highlights"].as_array().unwrap().is_empty());
    let j = get(a.addr(), "/api/search?sort=oldest&limit=1").json();
    assert_eq!(j["hits"][0]["id"], a.id("solar"));
    let r = get(a.addr(), "/api/search?sort=sideways");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("sort: 'sideways'"));
    assert_eq!(get(a.addr(), "/api/search?limit=0").status, 400);

    let j = get(a.addr(), &format!("/api/doc/{}", a.id("minister"))).json();
    assert_eq!(j["outlet"], "sahil");
    assert_eq!(j["published"]["value"], "2026-03-10");
    assert_eq!(j["sentences"].as_array().unwrap().len(), 4);
    let s = &j["sentences"][1];
    assert_eq!(
        s["text"],
        "وبحث الجانبان سُبل تعزيز التعاون الاقتصادي بين البلدين."
    );
    let (b0, b1) = (
        s["bytes"][0].as_u64().unwrap() as usize,
        s["bytes"][1].as_u64().unwrap() as usize,
    );
    let orig = get(a.addr(), &format!("/doc/{}/original", a.id("minister"))).body;
    assert_eq!(&orig[b0..b1], s["text"].as_str().unwrap().as_bytes());
    assert_eq!(j["also_carried_by"][0]["id"], a.id("minister-copy"));
    let ents = j["entities"].as_array().unwrap();
    assert_eq!(ents.len(), 3);
    assert_eq!(ents[0]["text"], "أحمد السالم");
    assert_eq!(ents[0]["label"], "PER");
    assert_eq!(j["timexes"][0]["value"], "2026-03-10");
    assert_eq!(get(a.addr(), "/api/doc/nope").status, 404);

    let j = get(a.addr(), "/api/docs?outlet=khaleej").json();
    assert_eq!(j["total"], 2);
    let j = get(a.addr(), "/api/docs?from=2026-03-12&to=2026-03-12").json();
    assert_eq!(j["total"], 2);
    assert_eq!(get(a.addr(), "/api/docs?to=2026-99").status, 400);
    let j = get(a.addr(), "/api/entities?label=PER").json();
    assert_eq!(j["total"], 2);
    assert_eq!(j["items"][0]["name"], "أحمد السالم");
    assert_eq!(j["items"][0]["mentions"], 2);
    assert_eq!(j["items"][0]["documents"], 2);
    let j = get(a.addr(), "/api/entities?label=GPE").json();
    let lebanon = j["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "لبنان")
        .unwrap();
    let norm = lebanon["norm"].as_str().unwrap();
    let j = get(
        a.addr(),
        &format!("/api/entity?label=GPE&norm={}", enc(norm)),
    )
    .json();
    assert_eq!(j["entity"]["mentions"][0]["doc"], a.id("rain"));
    assert_eq!(j["co_occurring"][0]["name"], "الدفاع المدني اللبناني");
    assert_eq!(get(a.addr(), "/api/entity?label=GPE&norm=zzz").status, 404);
    assert_eq!(get(a.addr(), "/api/entity?label=GPE").status, 400);
    for what in ["stories", "events"] {
        let j = get(a.addr(), &format!("/api/{what}")).json();
        assert_eq!(j["items"], serde_json::json!([]));
        let r = get(a.addr(), &format!("/{what}"));
        assert_eq!(r.status, 200);
        assert!(r.text().contains("class=\"empty\" id=\"empty\""));
    }
}

#[test]
fn documents_added_while_serving_appear() {
    let a = app();
    assert!(get(a.addr(), "/").text().contains("8 وثيقة"));
    // Another process (here: another connection) stores a new article.
    let mut store = isnad_store::Store::open(&a.db).unwrap();
    let art = serde_json::json!({
        "key": "late", "outlet": "sahil", "title": "زلزال خفيف يضرب الساحل",
        "url": null, "published": "2026-03-14",
        "paragraphs": [["ضرب زلزال خفيف بقوة ٣٫٢ درجات المنطقة الساحلية فجر الجمعة دون أضرار."]]
    });
    let doc = fixtures::clean_doc(&art, "late.txt");
    let run = store.begin_run(&["late.txt".into()]).unwrap();
    store
        .insert_documents(
            run,
            &[isnad_store::NewDocument {
                published_value: Some("2026-03-14".into()),
                published_value_how: Some("metadata".into()),
                content_hash: 99,
                signature: Vec::new(),
                published_confidence: Some(1.0),
                timexes: Vec::new(),
                mentions: Vec::new(),
                events: Vec::new(),
                doc,
            }],
        )
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert!(get(a.addr(), "/").text().contains("9 وثيقة"));
    let j = get(a.addr(), &format!("/api/search?q={}", enc("زلزال"))).json();
    assert_eq!(j["total"], 1);
}

#[test]
fn bad_setups_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let e = AppState::open(&missing, &dir.path().join("ix"))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("missing.db: no such store"), "{e}");
    let (store, _) = fixtures::store_in(dir.path());
    drop(store);
    let state = AppState::open(&dir.path().join("isnad.db"), &dir.path().join("ix")).unwrap();
    let e = start(state, "0.0.0.0:0".parse().unwrap())
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("refusing to serve on a non-loopback address"),
        "{e}"
    );
}

#[test]
fn report_is_one_static_rtl_page() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = fixtures::store_in(dir.path());
    let out = dir.path().join("report.html");
    let stats = isnad_web::write_report(&store, &out).unwrap();
    assert_eq!(
        (stats.documents, stats.stories, stats.outlets, stats.undated),
        (8, 7, 4, 1)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(
        !html.contains("<link") && !html.contains("src=\""),
        "must be self-contained"
    );
    assert!(html.contains("بحقن <bdi dir=\"ltr\">&lt;script&gt;</bdi> في"));
    // Days in order, the copy folded under its original.
    let d1 = html
        .find("<section class=\"day\"><h2><bdi dir=\"ltr\">2026-02-28</bdi>")
        .unwrap();
    let d2 = html
        .find("<section class=\"day\"><h2><bdi dir=\"ltr\">2026-03-13</bdi>")
        .unwrap();
    assert!(d1 < d2);
    assert!(html.contains(
        "نشرها أيضاً: <bdi dir=\"ltr\">mashriq</bdi> (<bdi dir=\"ltr\">2026-03-10</bdi>)"
    ));
    assert!(!html.contains(&format!("<bdi dir=\"ltr\">{}</bdi>", ids["minister-copy"])));
    assert!(html.contains("id=\"undated\""));
    assert!(html.contains("id=\"events\""));
    // Same store, same bytes.
    let again = isnad_web::render_report(&store).unwrap().0;
    assert_eq!(again, html);
    let e = isnad_web::write_report(&store, &dir.path().join("no/such/dir/r.html")).unwrap_err();
    assert!(format!("{e:#}").contains("r.html: cannot write report"));
}

#[test]
fn fused_events_and_stories_are_browsable_and_escaped() {
    let a = app();
    let (rain, solar) = (a.id("rain").to_string(), a.id("solar").to_string());
    let event = serde_json::json!({
        "id": "e1", "type": "CONSULT", "subtype": "meeting", "modality": "asserted",
        "date": {"value": "2026-03-09", "text": "أمس"},
        "participant_details": [{"name": "<script>alert(1)</script>"}, {"name": "أيمن الصفدي"}],
        "place": {"name": "عمّان"}, "source_count": 2,
        "claims": [{"text": "أول لقاء منذ 2011", "doc": rain, "sentence": 0}],
        "disagreements": [{"field": "date", "alternatives": [
            {"value": "2026-03-09", "outlets": ["petra"], "sources": ["x"]},
            {"value": "2026-03-10", "outlets": ["ghad"], "sources": ["y"]}]}],
        "mentions": [{"doc": rain, "sentence": 1, "text": "التقى الوزيران", "outlet": "petra", "published": "2026-03-10"}],
        "story": "s1",
    });
    let story = serde_json::json!({"id": "s1", "title": "قصة <b>الاختبار</b>", "documents": [rain, solar],
                                   "events": ["e1"], "first": "2026-03-09", "last": "2026-03-10"});
    let mut store = isnad_store::Store::open(&a.db).unwrap();
    store
        .replace_fusion(
            &[isnad_store::FusedEventRow {
                id: "e1".into(),
                event_type: "CONSULT".into(),
                date: Some("2026-03-09".into()),
                story: Some("s1".into()),
                sources: 2,
                mentions: vec![(DocId(rain.clone()), 0)],
                data: event.to_string(),
            }],
            &[isnad_store::StoryRow {
                id: "s1".into(),
                title: "قصة <b>الاختبار</b>".into(),
                documents: vec![DocId(rain.clone()), DocId(solar.clone())],
                data: story.to_string(),
            }],
        )
        .unwrap();
    let j = get(a.addr(), "/api/events?story=s1").json();
    assert_eq!(j["total"], 1);
    assert_eq!(j["items"][0]["id"], "e1");
    assert_eq!(get(a.addr(), "/api/stories").json()["items"][0]["id"], "s1");
    let html = get(a.addr(), "/events").text();
    assert!(html.contains("id=\"timeline\""), "{html}");
    assert!(!html.contains("<script>alert"), "escaped");
    assert!(html.contains("خلاف على التاريخ"));
    assert!(html.contains(&format!("/doc/{rain}?s=1#s1")));
    assert!(html.contains("أول لقاء منذ 2011"));
    let html = get(a.addr(), "/stories").text();
    assert!(html.contains("href=\"/events?story=s1\""));
    assert!(!html.contains("<b>الاختبار"));
    let r = get(a.addr(), "/events?story=s1");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("قصة &lt;b&gt;الاختبار"));
    assert_eq!(get(a.addr(), "/events?story=nope").status, 404);
    // The document page and its API list the events it reports.
    assert_eq!(
        get(a.addr(), &format!("/api/doc/{rain}")).json()["events"][0]["id"],
        "e1"
    );
    assert!(get(a.addr(), &format!("/doc/{rain}"))
        .text()
        .contains("<section id=\"doc-events\">"));
    let report = isnad_web::render_report(&store).unwrap().0;
    assert!(report.contains("<ol class=\"timeline\" id=\"events\">"));
    assert!(!report.contains("<script>alert"));
}
