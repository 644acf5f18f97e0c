//! Small inputs for single rules of the tokenizer, tree builder and metadata.

mod common;

use common::check_spans;
use isnad_core::BlockKind;
use isnad_html::{extract, HtmlPage};

fn texts(p: &HtmlPage) -> Vec<&str> {
    p.blocks.iter().map(|b| b.text.as_str()).collect()
}

fn ex(html: &str) -> HtmlPage {
    let p = extract(html);
    check_spans(html, &p);
    p
}

#[test]
fn empty_and_text_only() {
    assert!(ex("").blocks.is_empty());
    assert!(ex("   \n\t ").blocks.is_empty());
    let p = ex("  نص بلا وسوم  ");
    assert_eq!(texts(&p), ["نص بلا وسوم"]);
    assert!(p.blocks[0].exact);
    assert_eq!(
        (p.blocks[0].span.start, p.blocks[0].span.end),
        (2, 2 + "نص بلا وسوم".len())
    );
}

#[test]
fn exact_spans_and_entity_spans() {
    let html = "<p>مرحبا بكم</p><p>أ &amp; ب</p>";
    let p = ex(html);
    assert!(p.blocks[0].exact);
    assert_eq!(
        &html[p.blocks[0].span.start..p.blocks[0].span.end],
        "مرحبا بكم"
    );
    assert!(!p.blocks[1].exact);
    assert_eq!(p.blocks[1].text, "أ & ب");
    assert_eq!(
        &html[p.blocks[1].span.start..p.blocks[1].span.end],
        "أ &amp; ب"
    );
}

#[test]
fn literal_nbsp_at_the_edges_is_trimmed_from_exact_spans() {
    let html = "<p>\u{a0}نص\u{a0}</p>";
    let p = ex(html);
    assert_eq!(p.blocks[0].text, "نص");
    assert!(p.blocks[0].exact);
    assert!(ex("<p>&nbsp;</p><p> \u{a0} </p>").blocks.is_empty());
}

#[test]
fn direct_div_text_around_paragraphs() {
    let p = ex("<div>مقدمة <b>قصيرة</b><p>فقرة</p>خاتمة</div>");
    assert_eq!(texts(&p), ["مقدمة قصيرة", "فقرة", "خاتمة"]);
    assert!(!p.blocks[0].exact && p.blocks[1].exact && p.blocks[2].exact);
}

#[test]
fn inline_markup_does_not_split_words() {
    let p = ex("<p>ال<b>كتاب</b> الجديد</p>");
    assert_eq!(texts(&p), ["الكتاب الجديد"]);
    let p = ex("<p><a href=/a>أ</a><a href=/b>ب</a> <a href=/c>ج</a></p>");
    assert_eq!(texts(&p), ["أ ب ج"]);
}

#[test]
fn link_density_counts_non_space_chars() {
    let p = ex("<p>abcd <a href='#'>ef</a></p>");
    assert!((p.blocks[0].link_density - 2.0 / 6.0).abs() < 1e-6);
    // An <a> without href is not a link.
    assert_eq!(
        ex("<p><a name=x>anchor</a></p>").blocks[0].link_density,
        0.0
    );
}

#[test]
fn line_breaks() {
    let p = ex("<p>سطر<br>سطر آخر<br/> <br />فقرة<br></p>");
    assert_eq!(texts(&p), ["سطر سطر آخر", "فقرة"]);
    let p = ex("<div>أ</br>ب</div>");
    assert_eq!(texts(&p), ["أ ب"]);
}

#[test]
fn raw_text_elements() {
    let p = ex("<script>var s = '</div><p>لا</p>';</SCRIPT ><p>نعم</p><style>p{}</style>");
    assert_eq!(texts(&p), ["نعم"]);
    let p = ex("<title>أ <b> ب &amp; ج</title><p>x</p>");
    assert_eq!(p.meta.title.as_deref(), Some("أ <b> ب & ج"));
    let p = ex("<textarea><p>لا</p></textarea><p>نعم</p>");
    assert_eq!(texts(&p), ["نعم"]);
    let p = ex("<p>قبل</p><plaintext><p>كما هو</p>");
    assert_eq!(texts(&p), ["قبل", "<p>كما هو</p>"]);
    // A script that never ends swallows the rest, as in browsers.
    assert_eq!(texts(&ex("<p>أ</p><script>x<p>ب</p>")), ["أ"]);
}

#[test]
fn comments_doctype_cdata_and_processing_instructions() {
    let p = ex("<!DOCTYPE html><?xml version='1.0'?><!-- <p>لا</p> --><!--><p>أ</p><!---><p>ب</p><![CDATA[x]]><p>ج</p></>");
    assert_eq!(texts(&p), ["أ", "ب", "ج"]);
    assert!(ex("<p>أ</p><!-- never closed <p>ب</p>").blocks.len() == 1);
}

#[test]
fn svg_icons_inside_links_do_not_split() {
    let p =
        ex("<a href=/s><svg viewBox='0 0 1 1'><path d='M0'/><title>icon</title></svg> تويتر</a>");
    assert_eq!(texts(&p), ["تويتر"]);
    assert_eq!(p.blocks[0].link_density, 1.0);
}

#[test]
fn kinds() {
    let p = ex(
        "<h3>عنوان</h3><ul><li>بند</li></ul><blockquote>اقتباس</blockquote>\
                <figure><figcaption>شرح</figcaption></figure><p class='img-credit'>حقوق الصورة</p>\
                <p><q>قول كامل</q></p><p>نص <q>جزئي</q></p>",
    );
    let kinds: Vec<_> = p.blocks.iter().map(|b| b.kind).collect();
    use BlockKind::*;
    assert_eq!(
        kinds,
        [Heading, ListItem, Quote, Caption, Caption, Quote, Paragraph]
    );
}

#[test]
fn hints_are_lowercase_deduplicated_capped_and_skip_utilities() {
    let p = ex("<footer class='Site-Footer row'><div class='col-md-6 footer mb-3' id='Copy'>x</div></footer>");
    assert_eq!(p.blocks[0].hint, "footer site-footer copy");
    let mut deep = String::new();
    for i in 0..30 {
        deep.push_str(&format!("<div class='level{i}x'>"));
    }
    deep.push_str("نص");
    let p = ex(&deep);
    let toks: Vec<_> = p.blocks[0].hint.split(' ').collect();
    assert_eq!(toks.len(), 12);
    assert_eq!(
        toks.last(),
        Some(&"level29x"),
        "the innermost tokens are kept"
    );
}

#[test]
fn main_content_marks() {
    let html =
        "<div class='menu'>قائمة</div><div itemprop='articleBody'><p>متن</p></div><p>بعد</p>";
    let p = ex(html);
    let marked: Vec<bool> = p
        .blocks
        .iter()
        .map(|b| b.hint.contains("outside-main"))
        .collect();
    assert_eq!(marked, [true, false, true]);
    // Without any main candidate nothing is marked.
    let p = ex("<div class='menu'>قائمة</div><p>متن</p>");
    assert!(p.blocks.iter().all(|b| !b.hint.contains("outside-main")));
}

#[test]
fn date_sources_in_order() {
    let cases = [
        ("<meta property='og:published_time' content='2024-01-02'><meta name=pubdate content=2023>", "2024-01-02", "meta:og:published_time"),
        ("<meta name='DC.date.issued' content='2021-06-01'>", "2021-06-01", "meta:dc.date.issued"),
        ("<meta name=date content='2020-02-02'><meta itemprop=datePublished content=2019>", "2020-02-02", "meta:date"),
        ("<span itemprop='datePublished' content='2019-09-09'>٩ سبتمبر</span>", "2019-09-09", "itemprop:datePublished"),
        ("<time itemprop=datePublished datetime='2018-08-08'>x</time>", "2018-08-08", "itemprop:datePublished"),
        ("<script type='application/ld+json'>{\"@type\":\"Article\",\"datePublished\":\"2017\"}</script>", "2017", "json-ld"),
        ("<time datetime='2016-01-01'>header</time><article><time datetime='2016-06-06'>x</time><p>متن</p></article>", "2016-06-06", "time"),
        ("<time pubdate datetime='2015-05-05'>x</time>", "2015-05-05", "time"),
    ];
    for (html, date, how) in cases {
        let m = ex(html).meta;
        assert_eq!(m.published.as_deref(), Some(date), "{html}");
        assert_eq!(m.published_how.as_deref(), Some(how), "{html}");
    }
    // A lone <time> outside any article (a header clock) is not a publication date.
    assert_eq!(
        ex("<time datetime='2016-01-01'>x</time><p>نص</p>")
            .meta
            .published,
        None
    );
}

#[test]
fn title_url_outlet_author_fallbacks() {
    let m = ex("<title>خبر عاجل عن الطقس | موقع النبأ</title><meta property=og:url content='https://a.example/x'>").meta;
    assert_eq!(m.title.as_deref(), Some("خبر عاجل عن الطقس"));
    assert_eq!(m.url.as_deref(), Some("https://a.example/x"));
    let m =
        ex("<meta name=twitter:title content='تغريدة &quot;العنوان&quot;'><h1>عنوان آخر</h1>").meta;
    assert_eq!(m.title.as_deref(), Some("تغريدة \"العنوان\""));
    let m = ex("<body><h1>  العنوان   من h1 </h1>").meta;
    assert_eq!(m.title.as_deref(), Some("العنوان من h1"));
    let m = ex("<link rel='Canonical alternate' href='https://c.example/?a=1&amp;b=2'><meta property=og:url content=x>").meta;
    assert_eq!(m.url.as_deref(), Some("https://c.example/?a=1&b=2"));
    let m = ex("<meta property=article:author content='https://fb.example/x'><meta name=author content='  ريم   ناصر '>").meta;
    assert_eq!(m.author.as_deref(), Some("ريم ناصر"));
    let m = ex("<script type=\"application/ld+json\">[{\"@type\":\"NewsArticle\",\"author\":\"هيئة التحرير\",\"publisher\":{\"name\":\"النبأ\"}}]</script>").meta;
    assert_eq!(m.author.as_deref(), Some("هيئة التحرير"));
    assert_eq!(
        (m.outlet.as_deref(), m.outlet_how.as_deref()),
        (Some("النبأ"), Some("json-ld:publisher"))
    );
}

#[test]
fn implicit_closing() {
    let p = ex("<table><tr><td>أ<td>ب<tr><td>ج</table><p>د");
    assert_eq!(texts(&p), ["أ", "ب", "ج", "د"]);
    assert!(!p.blocks[3].hint.contains("table"));
    let p = ex("<ul><li>أ<ul><li>ب</ul><li>ج</ul>");
    assert_eq!(texts(&p), ["أ", "ب", "ج"]);
    let p = ex("<dl><dt>أ<dd>ب</dl><select><option>ج<option>د</select>");
    assert_eq!(texts(&p), ["أ", "ب", "ج", "د"]);
    let p = ex("<h2>أ<h3>ب</h3>");
    assert_eq!(texts(&p), ["أ", "ب"]);
    // An unclosed link does not turn the rest of the page into links.
    let p = ex("<p><a href=x>رابط<p>نص عادي");
    assert_eq!(p.blocks[1].link_density, 0.0);
    // A stray end tag closes nothing it should not.
    let p = ex("<div class=body><p>أ</span></p></div></div><p>ب</p>");
    assert_eq!(texts(&p), ["أ", "ب"]);
}

#[test]
fn attribute_syntax() {
    let m = ex("<meta property=og:title content=عنوان_بلا_علامات><meta name = 'author' content = \"سعاد\" />").meta;
    assert_eq!(m.title.as_deref(), Some("عنوان_بلا_علامات"));
    assert_eq!(m.author.as_deref(), Some("سعاد"));
    // `/` inside an unquoted value, duplicated attributes (first wins).
    let p = ex("<div class=a/b class=c><p>نص</p></div>");
    assert!(p.blocks[0].hint.contains("a/b") && !p.blocks[0].hint.contains('c'));
}
