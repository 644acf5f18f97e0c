//! Extraction from hand-written Arabic news pages (tests/fixtures/).

mod common;

use common::{check_spans, check_text_matches_source, fixture};
use isnad_core::{Block, BlockKind};
use isnad_html::{extract, HtmlPage, OUTSIDE_MAIN};

fn find<'p>(page: &'p HtmlPage, needle: &str) -> &'p Block {
    page.blocks
        .iter()
        .find(|b| b.text.contains(needle))
        .unwrap_or_else(|| panic!("no block contains {needle:?}"))
}

fn absent(page: &HtmlPage, needle: &str) {
    assert!(
        !page.blocks.iter().any(|b| b.text.contains(needle)),
        "{needle:?} should not be in any block"
    );
}

fn has_word(b: &Block, w: &str) -> bool {
    b.hint.split(' ').any(|x| x == w)
}

#[test]
fn alofoq_metadata() {
    let html = fixture("alofoq_article.html");
    let m = extract(&html).meta;
    assert_eq!(
        m.title.as_deref(),
        Some("افتتاح محطة تحلية جديدة في مدينة الساحل")
    );
    assert_eq!(m.outlet.as_deref(), Some("صحيفة الأفق"));
    assert_eq!(m.outlet_how.as_deref(), Some("meta:og:site_name"));
    assert_eq!(m.published.as_deref(), Some("2024-03-05T09:30:00+03:00"));
    assert_eq!(
        m.published_how.as_deref(),
        Some("meta:article:published_time")
    );
    assert_eq!(
        m.url.as_deref(),
        Some("https://alofoq.example/news/2024/03/05/desal-plant")
    );
    assert_eq!(m.author.as_deref(), Some("سارة العمري"));
}

#[test]
fn alofoq_body_blocks() {
    let html = fixture("alofoq_article.html");
    let page = extract(&html);
    check_spans(&html, &page);
    check_text_matches_source(&html, &page);

    let first = find(&page, "افتتح وزير المياه");
    assert!(first.exact);
    assert_eq!(first.kind, BlockKind::Paragraph);
    assert_eq!(first.link_density, 0.0);
    assert!(!has_word(first, OUTSIDE_MAIN));
    assert!(has_word(first, "entry-content"));

    let quoted = find(&page, "ستغطي احتياجات");
    assert!(!quoted.exact, "entities and a line break were decoded");
    assert!(quoted.text.contains("\"ستغطي") && quoted.text.contains("على توسعة"));
    assert!(html[quoted.span.start..quoted.span.end].contains("&quot;"));

    // <br><br> splits; the inline <b> makes the first half inexact.
    let a = find(&page, "كلفة المحطة");
    let b = find(&page, "المرحلة الثانية ستبدأ");
    assert!(a.span.end <= b.span.start);
    assert!(!a.text.contains("وأشار"));
    assert!(a.text.contains("فهد الزهراني،"));

    let quote = find(&page, "خطوة أولى نحو الاكتفاء");
    assert_eq!(quote.kind, BlockKind::Quote);
    assert_eq!(find(&page, "مراحل المشروع").kind, BlockKind::Heading);
    let items: Vec<_> = page
        .blocks
        .iter()
        .filter(|b| b.text.starts_with("المرحلة "))
        .collect();
    assert_eq!(items.len(), 2, "unclosed <li> elements are separate items");
    assert!(items
        .iter()
        .all(|b| b.kind == BlockKind::ListItem && b.exact));

    let caption = find(&page, "تصوير: ماجد الحربي");
    assert_eq!(caption.kind, BlockKind::Caption);
    assert!(has_word(caption, "figure"));

    // A paragraph that starts with a right-to-left mark stays exact.
    let rlm = find(&page, "انقطاعات متكررة");
    assert!(rlm.text.starts_with('\u{200f}'));
    assert!(rlm.exact);

    let h1 = find(&page, "افتتاح محطة تحلية");
    assert_eq!(h1.kind, BlockKind::Heading);
    assert!(
        !has_word(h1, OUTSIDE_MAIN),
        "the headline is inside the article"
    );
}

#[test]
fn alofoq_page_chrome_is_hinted_not_dropped() {
    let html = fixture("alofoq_article.html");
    let page = extract(&html);

    let skip = find(&page, "انتقل إلى المحتوى");
    assert!(has_word(skip, "skip-link") && has_word(skip, OUTSIDE_MAIN));
    assert_eq!(skip.link_density, 1.0);

    let menu = find(&page, "محليات");
    assert!(has_word(menu, "nav") && has_word(menu, "header") && has_word(menu, "main-menu"));
    assert!(has_word(menu, OUTSIDE_MAIN));

    let lang = find(&page, "Français");
    assert!(has_word(lang, "lang-switcher"));

    let share = find(&page, "فيسبوك");
    assert_eq!(
        share.text, "فيسبوك تويتر واتساب",
        "adjacent links are spaced"
    );
    assert!(has_word(share, "share-buttons") && has_word(share, "social"));
    assert_eq!(share.link_density, 1.0);
    assert!(
        !has_word(share, OUTSIDE_MAIN),
        "inside the article, decided by the cleaner"
    );

    let font = find(&page, "أ+");
    assert!(has_word(font, "button") && has_word(font, "font-size-tools"));

    let ad = find(&page, "إعلان");
    assert!(has_word(ad, "ad-label") && has_word(ad, OUTSIDE_MAIN));

    let related = find(&page, "اقرأ أيضا");
    assert!(related.link_density > 0.5 && related.link_density < 1.0);
    assert!(has_word(related, "related-inline"));

    assert!(has_word(find(&page, "التعليقات (12)"), "entry-meta"));
    assert!(has_word(find(&page, "أضف تعليقك"), "form"));

    let most = find(&page, "منتخب الساحل");
    assert_eq!(most.kind, BlockKind::ListItem);
    assert!(has_word(most, "aside") && has_word(most, "most-read") && has_word(most, OUTSIDE_MAIN));
    assert!(
        has_word(find(&page, "معرض الكتاب"), OUTSIDE_MAIN),
        "a teaser <article> is not the main one"
    );
    assert!(has_word(find(&page, "النشرة البريدية"), "newsletter-box"));

    let copy = find(&page, "جميع الحقوق محفوظة");
    assert!(copy.text.starts_with("© 2024"));
    assert!(
        has_word(copy, "footer") && has_word(copy, "copyright") && has_word(copy, OUTSIDE_MAIN)
    );

    // Invisible markup yields nothing.
    absent(&page, "ليس نصا");
    absent(&page, "dataLayer");
    absent(&page, "margin");
    absent(&page, "يرجى تفعيل");
    absent(&page, "أيقونة");
    absent(&page, "اكتب هنا");
    absent(&page, "صحيفة الأفق |");
}

#[test]
fn malformed_page_metadata() {
    let html = fixture("rasd_malformed.html");
    assert!(html.contains("\r\n"), "fixture keeps CRLF line ends");
    let m = extract(&html).meta;
    assert_eq!(
        m.title.as_deref(),
        Some("مجلس البلدية يقر موازنة العام الجديد")
    );
    assert_eq!(m.outlet.as_deref(), Some("شبكة الرصد"));
    assert_eq!(m.outlet_how.as_deref(), Some("json-ld:publisher"));
    assert_eq!(m.published.as_deref(), Some("2023-12-28 14:05"));
    assert_eq!(m.published_how.as_deref(), Some("json-ld"));
    assert_eq!(m.author.as_deref(), Some("نادر سليم"));
    assert_eq!(m.url, None);
}

#[test]
fn malformed_page_blocks() {
    let html = fixture("rasd_malformed.html");
    let page = extract(&html);
    check_spans(&html, &page);
    check_text_matches_source(&html, &page);

    let p1 = find(&page, "أقر مجلس البلدية");
    assert!(
        p1.text.ends_with("عن العام الماضي."),
        "an unclosed <P> ends at the next one"
    );
    assert!(p1.text.contains("دينار\u{a0}،"));
    let p2 = find(&page, "تحسين الطرق");
    assert!(p2.text.contains("\"تحسين الطرق\" & شبكات"));
    assert!(p2.text.contains("النسبة < 10%"), "a bare < is text");
    let p3 = find(&page, "وأضاف");
    assert!(p3.text.contains("إن المجلس") && p3.text.contains("جلسة … استثنائية"));
    assert!(
        p3.text.contains("&qu الأسبوع"),
        "an unknown reference stays literal"
    );
    assert!(p3.text.contains("المقبل لمناقشة"));
    absent(&page, "غير مرئي");
    absent(&page, "متصفحك قديم");
    absent(&page, "Content-Type");

    let lines = find(&page, "سطر أول في الفقرة");
    assert_eq!(lines.text, "سطر أول في الفقرة سطر ثان في الفقرة");
    let after = find(&page, "فقرة جديدة بعد");
    assert!(after.exact);
    assert!(find(&page, "نص بعد تعليق غريب").exact);

    let items: Vec<_> = page
        .blocks
        .iter()
        .filter(|b| b.text.starts_with("البند"))
        .collect();
    assert_eq!(items.len(), 3);
    assert!(items
        .iter()
        .all(|b| b.kind == BlockKind::ListItem && has_word(b, "facts")));

    let cells: Vec<_> = page
        .blocks
        .iter()
        .filter(|b| has_word(b, "table"))
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(cells, ["الطرق", "12 مليون", "الحدائق", "3 ملايين"]);

    let nav = find(&page, "الرئيسية");
    assert_eq!(nav.text, "الرئيسية عربي EN");
    assert!(has_word(nav, "topnav") && has_word(nav, "top") && has_word(nav, OUTSIDE_MAIN));
    assert!(has_word(find(&page, "شارك"), "social-share"));
    assert!(!has_word(find(&page, "فقرة بعد رابط"), OUTSIDE_MAIN));
    let footer = find(&page, "جميع الحقوق");
    assert!(footer.text.contains("© 2023"), "legacy &copy without ';'");
    assert!(has_word(footer, "footer") && has_word(footer, OUTSIDE_MAIN));
    // The page ends inside a tag: the tag is dropped, the text before stays.
    assert_eq!(page.blocks.last().unwrap().text, "نص أخير");
}

#[test]
fn teaser_page_metadata_from_title_time_and_app_name() {
    let html = fixture("wadi_teasers.html");
    let m = extract(&html).meta;
    assert_eq!(
        m.title.as_deref(),
        Some("وصول أول رحلة جوية إلى مطار الوادي الجديد")
    );
    assert_eq!(m.outlet.as_deref(), Some("بوابة الوادي"));
    assert_eq!(m.outlet_how.as_deref(), Some("meta:application-name"));
    assert_eq!(m.published.as_deref(), Some("2022-07-14T08:00:00Z"));
    assert_eq!(m.published_how.as_deref(), Some("time"));
    assert_eq!(m.author, None);
}

#[test]
fn teaser_page_blocks() {
    let html = fixture("wadi_teasers.html");
    let page = extract(&html);
    check_spans(&html, &page);
    check_text_matches_source(&html, &page);

    let hidden = find(&page, "تسجيل الدخول");
    assert!(has_word(hidden, "hidden") && has_word(hidden, "header-bar"));
    let opt = find(&page, "English");
    assert_eq!(opt.kind, BlockKind::ListItem);
    assert!(has_word(opt, "select") && has_word(opt, "language"));

    for card in ["مهرجان التمور", "مباراة القمة"] {
        let b = find(&page, card);
        assert!(has_word(b, "card") && has_word(b, OUTSIDE_MAIN));
    }
    let body = find(&page, "هبطت صباح اليوم");
    assert!(!body.exact);
    assert!(
        body.text.contains("في خطوة طال انتظارها"),
        "whitespace runs collapse"
    );
    assert!(!has_word(body, OUTSIDE_MAIN));
    assert_eq!(find(&page, "تصوير: ليلى حداد").kind, BlockKind::Caption);
    assert_eq!(find(&page, "نحن فخورون").kind, BlockKind::Quote);
    assert_eq!(find(&page, "جدول الرحلات").kind, BlockKind::Caption);
    assert_eq!(find(&page, "مليون مسافر").kind, BlockKind::Paragraph);
    assert_eq!(
        find(&page, "وقال مدير المطار").text,
        "وقال مدير المطار إن المطار سيستقبل ست رحلات أسبوعيا في المرحلة الأولى."
    );
    absent(&page, "نص مخفي");
    absent(&page, "قالب لا يظهر");
    absent(&page, "لا يدعم الفيديو");
    absent(&page, "إطار");
    assert!(has_word(find(&page, "طريق الوادي السريع"), OUTSIDE_MAIN));
    assert!(has_word(find(&page, "حقوق النشر"), "copyright"));
}
