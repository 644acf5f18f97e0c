//! Behaviour of `Cleaner::clean` on small hand-written pages.

use isnad_clean::{Cleaner, OutletLineStats};
use isnad_core::{
    Block, BlockKind, ByteSpan, CharWidth, CleanDoc, DocMeta, Format, RawDoc, SentenceKind,
    SourceRef,
};

/// A UTF-8 page with one exact `Line` block per line.
fn page(outlet: &str, title: Option<&str>, lines: &[&str]) -> RawDoc {
    let original = lines.join("\n");
    let mut blocks = Vec::new();
    let mut pos = 0;
    for l in lines {
        blocks.push(Block {
            kind: BlockKind::Line,
            text: l.to_string(),
            span: ByteSpan::new(pos, pos + l.len()),
            exact: true,
            link_density: 0.0,
            hint: String::new(),
        });
        pos += l.len() + 1;
    }
    RawDoc {
        source: SourceRef::file(format!("{outlet}/page.txt")),
        format: Format::Text,
        original: original.into_bytes(),
        encoding: "UTF-8".into(),
        meta: DocMeta {
            outlet: Some(outlet.into()),
            title: title.map(str::to_string),
            ..Default::default()
        },
        blocks,
    }
}

fn clean(doc: RawDoc) -> CleanDoc {
    Cleaner::new().clean(doc, &OutletLineStats::default())
}

fn reason_of<'a>(c: &'a CleanDoc, line: &str) -> Option<&'a str> {
    c.removed
        .iter()
        .find(|r| r.text == line)
        .map(|r| r.reason.as_str())
}

fn kept(c: &CleanDoc, line: &str) -> bool {
    c.text.lines().any(|l| l == line)
}

const P1: &str = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة إربد بسعة 300 سرير.";
const P2: &str = "وقال الوزير في مؤتمر صحفي إن المستشفى سيخدم أكثر من مليون مواطن في الشمال.";
const P3: &str = "وأضاف أن الكوادر الطبية ستباشر عملها مطلع الشهر المقبل بعد استكمال التجهيزات.";

#[test]
fn each_kind_of_chrome_is_removed_with_its_seed_reason() {
    let chrome: &[(&str, &str)] = &[
        ("تخطى إلى المحتوى", "seed:skip-link"),
        ("انتقل إلى المحتوى", "seed:skip-link"),
        ("شارك", "seed:share-widget"),
        ("مشاركة: فيسبوك تويتر واتساب", "seed:share-widget"),
        ("تكبير الخط | تصغير الخط", "seed:font-size"),
        ("A+ A-", "seed:font-size"),
        ("الوضع الليلي", "seed:reading-mode"),
        ("وضع القراءة", "seed:reading-mode"),
        ("نشر في: 12 آذار 2024", "seed:published"),
        (
            "آخر تحديث: الثلاثاء 14 أيار 2024 - 10:35 ص",
            "seed:published",
        ),
        ("تاريخ النشر: 2024/05/14", "seed:published"),
        ("إعلان", "seed:ads"),
        ("مساحة إعلانية", "seed:ads"),
        ("3 تعليقات", "seed:comments"),
        ("أضف تعليقك", "seed:comments"),
        (
            "اقرأ أيضاً: الحكومة تقر نظاما جديدا للنقل العام في العاصمة",
            "seed:read-also",
        ),
        ("اقرأ المزيد", "seed:read-also"),
        ("مواضيع ذات صلة", "seed:read-also"),
        ("شاهد أيضا: فيديو من موقع الحادث", "seed:read-also"),
        ("اشترك في النشرة الإخبارية", "seed:newsletter"),
        ("انضم إلى المحادثة", "seed:join-prompt"),
        ("تابعونا على فيسبوك وتويتر", "seed:follow-us"),
        ("تصوير: محمد العلي", "seed:photo-credit"),
        ("الصورة: أرشيفية", "seed:photo-credit"),
        (
            "وزير الصحة خلال جولته في المستشفى (رويترز)",
            "seed:photo-credit",
        ),
        ("Getty Images", "seed:photo-credit"),
        ("English | Français | عربي", "seed:language-switch"),
        ("جميع الحقوق محفوظة © 2024", "seed:copyright"),
        ("Copyright 2024 Example Media", "seed:copyright"),
        (
            "العنوان: عمان - شارع الجامعة، هاتف: 065000000",
            "seed:footer",
        ),
    ];
    for (line, reason) in chrome {
        let doc = page("x", None, &[P1, line, P2, P3]);
        let c = clean(doc);
        let got = reason_of(&c, line).unwrap_or_else(|| panic!("{line:?} kept; text: {}", c.text));
        assert!(
            got.starts_with(reason),
            "{line:?}: reason {got:?}, expected {reason:?}"
        );
        assert!(
            kept(&c, P1) && kept(&c, P2) && kept(&c, P3),
            "content kept around {line:?}"
        );
    }
}

#[test]
fn most_read_block_takes_its_list_with_it() {
    let lines = [
        P1,
        P2,
        "الأكثر قراءة",
        "ارتفاع أسعار الذهب في السوق المحلية",
        "منخفض جوي يضرب المملكة نهاية الأسبوع",
        "الحكومة تعلن عطلة رسمية بمناسبة العيد",
        "جميع الحقوق محفوظة 2024",
    ];
    let c = clean(page("x", None, &lines));
    assert_eq!(c.text, format!("{P1}\n{P2}"));
    assert!(reason_of(&c, lines[3])
        .unwrap()
        .contains("in-chrome-section"));
}

#[test]
fn content_that_mentions_chrome_words_is_kept() {
    let content = [
        "وكتب الوزير على تويتر أن الحكومة ماضية في خطتها لإصلاح قطاع النقل.",
        "نشر في الجريدة الرسمية أمس نظام جديد يربط الترفيع بتقييم الأداء.",
        "المصدر الرئيسي للدخل في المحافظة هو السياحة والزراعة، بحسب التقرير.",
        "شاهد عيان قال إن الحريق اندلع في الطابق الثالث قبل منتصف الليل.",
        "الصورة التي نشرتها الوزارة تظهر حجم الأضرار في الطريق الصحراوي.",
        "إعلان الحكومة عن الخطة جاء بعد أسابيع من المشاورات مع النقابات.",
    ];
    let mut lines = vec![P1];
    lines.extend(content);
    lines.push(P2);
    let c = clean(page("x", None, &lines));
    for l in content {
        assert!(kept(&c, l), "{l:?} removed: {:?}", reason_of(&c, l));
    }
    assert!(c.removed.is_empty(), "{:?}", c.removed);
}

#[test]
fn a_line_unknown_to_the_seeds_recurring_in_one_outlet_is_removed() {
    let slogan = "نبض الوطن في كل بيت";
    let bodies = [
        "افتتحت البلدية حديقة عامة جديدة في الحي الشرقي بمساحة عشرة دونمات.",
        "أقرت الحكومة زيادة مخصصات صندوق المعونة الوطنية للعام المقبل.",
        "سجلت أسعار الخضار ارتفاعا طفيفا في السوق المركزي خلال الأسبوع.",
        "بدأت وزارة الأشغال صيانة الطريق الصحراوي بعد شكاوى السائقين.",
        "استقبل المطار أكثر من مليون مسافر خلال أشهر الصيف الثلاثة.",
        "أعلنت الجامعة عن منح دراسية جديدة لطلبة المحافظات البعيدة.",
        "وقعت المملكة اتفاقية لتزويد الشبكة بالكهرباء من الطاقة الشمسية.",
        "أغلقت السلطات مصنعا مخالفا للشروط البيئية في المنطقة الصناعية.",
        "ارتفع عدد السياح القادمين إلى العقبة خلال الربع الأخير من العام.",
        "نظمت مديرية التربية معرضا للكتاب في المدارس الحكومية بالعاصمة.",
    ];
    let mut stats = OutletLineStats::default();
    let docs: Vec<RawDoc> = bodies
        .iter()
        .map(|b| {
            page(
                "watan",
                None,
                &[
                    slogan,
                    b,
                    "وأكد المسؤولون أن العمل سيستمر حتى إنجاز المشروع كاملا.",
                ],
            )
        })
        .collect();
    for d in &docs {
        stats.observe(d);
    }
    // The same line in another outlet's page: only seen once there.
    let other = page("other", None, &[slogan, bodies[0]]);
    stats.observe(&other);
    assert_eq!(stats.docs_of("watan"), 10);
    assert_eq!(stats.docs_with_line("watan", slogan), 10);

    let cleaner = Cleaner::new();
    let c = cleaner.clean(docs[3].clone(), &stats);
    assert_eq!(
        reason_of(&c, slogan).map(|r| r.starts_with("frequent-in-outlet")),
        Some(true)
    );
    assert!(kept(&c, bodies[3]));
    // The recurring sentence-like closing line is in 10/10 pages: very frequent, removed.
    assert!(!kept(
        &c,
        "وأكد المسؤولون أن العمل سيستمر حتى إنجاز المشروع كاملا."
    ));

    // Without the stats, or in the other outlet, nothing marks the slogan.
    assert!(kept(
        &cleaner.clean(docs[3].clone(), &OutletLineStats::default()),
        slogan
    ));
    assert!(kept(&cleaner.clean(other, &stats), slogan));
}

#[test]
fn frequency_spares_sentences_and_syndicated_copies() {
    let background = "ويعد الأردن من أفقر دول العالم مائيا، إذ يعتمد على المياه الجوفية والسدود.";
    let mut stats = OutletLineStats::default();
    let mut docs = Vec::new();
    for i in 0..10 {
        let body = format!("خبر رقم {i} عن افتتاح مشروع جديد للمياه في محافظة من المحافظات.");
        let lines: Vec<&str> = if i < 4 {
            vec![&body, background]
        } else {
            vec![&body]
        };
        let d = page("jo", None, &lines);
        stats.observe(&d);
        docs.push(d);
    }
    // A background sentence in 4 of 10 pages is text, not chrome.
    let c = Cleaner::new().clean(docs[0].clone(), &stats);
    assert!(kept(&c, background), "{:?}", c.removed);

    // Five copies of one wire story: every sentence recurs, none is chrome.
    let story = [
        "وصل وزير الخارجية إلى بغداد في زيارة رسمية تستمر يومين.",
        "وسيلتقي الوزير خلال الزيارة رئيس الوزراء ورئيس البرلمان.",
        "وتأتي الزيارة في إطار تعزيز التعاون بين البلدين في مجالات الطاقة والتجارة.",
    ];
    let mut stats = OutletLineStats::default();
    for _ in 0..5 {
        stats.observe(&page("wire", None, &story));
    }
    let c = Cleaner::new().clean(page("wire", None, &story), &stats);
    assert_eq!(c.text, story.join("\n"));
}

#[test]
fn html_structure_and_link_density_are_evidence() {
    let mut doc = page(
        "x",
        None,
        &[P1, "سياسة | اقتصاد | رياضة", "الحكومة تعد بخفض الأسعار", P2],
    );
    doc.format = Format::Html;
    doc.blocks[1].hint = "nav.main-menu > ul > li".into();
    doc.blocks[2].hint = "aside.related".into();
    doc.blocks[2].link_density = 1.0;
    doc.blocks[3].hint = "article > div.body".into();
    let c = clean(doc);
    assert_eq!(c.text, format!("{P1}\n{P2}"));
    assert!(reason_of(&c, "سياسة | اقتصاد | رياضة")
        .unwrap()
        .contains("structure:nav"));
    let r = reason_of(&c, "الحكومة تعد بخفض الأسعار").unwrap();
    assert!(
        r.contains("structure:related") && r.contains("link-dense"),
        "{r}"
    );
}

#[test]
fn pull_quotes_and_repeated_leads_stay_once() {
    let lead = "قال وزير المالية إن الحكومة ستخفض العجز إلى ثلاثة بالمئة خلال عامين. وأضاف أن الإصلاحات ستشمل النظام الضريبي.";
    let quote = "«الحكومة ستخفض العجز إلى ثلاثة بالمئة خلال عامين»";
    let truncated = "قال وزير المالية إن الحكومة ستخفض العجز إلى ثلاثة…";
    let c = clean(page("x", None, &[lead, P2, quote, P3, truncated]));
    assert_eq!(c.text, format!("{lead}\n{P2}\n{P3}"));
    assert_eq!(reason_of(&c, quote), Some("repeat-of-earlier"));
    assert_eq!(reason_of(&c, truncated), Some("repeat-of-earlier"));

    // A teaser that is a truncated copy of the paragraph after it.
    let teaser = "قال وزير المالية إن الحكومة ستخفض العجز إلى ثلاثة بالمئة...";
    let c = clean(page("x", None, &[teaser, lead, P2]));
    assert_eq!(c.text, format!("{lead}\n{P2}"));
    assert_eq!(reason_of(&c, teaser), Some("repeat-of-later"));

    // Below 60% of the sentence and under 8 words: not a copy.
    let short = "قال وزير المالية إن الحكومة ستخفض العجز...";
    let c = clean(page("x", None, &[short, lead]));
    assert!(c.removed.is_empty(), "{:?}", c.removed);

    // List items recur legitimately (two ingredient lists in one recipe).
    let item = "- ملعقة صغيرة من الملح الخشن.";
    let c = clean(page("x", None, &[item, P1, item]));
    assert!(c.removed.is_empty(), "{:?}", c.removed);

    // Short phrases that happen to recur are not folded.
    let c = clean(page(
        "x",
        None,
        &["وزير المالية", P1, "قال وزير المالية إن الأرقام مشجعة."],
    ));
    assert!(c.removed.is_empty(), "{:?}", c.removed);
}

#[test]
fn headings_stay_marked_and_the_title_copy_goes() {
    let title = "مستشفى جديد في إربد بسعة 300 سرير";
    let mut doc = page(
        "x",
        Some(&format!("{title} | صوت الشمال")),
        &[title, P1, "تفاصيل المشروع", P2, "ردود الفعل", P3],
    );
    doc.blocks[4].kind = BlockKind::Heading;
    let c = clean(doc);
    assert_eq!(reason_of(&c, title), Some("repeats-title"));
    assert_eq!(c.text.lines().count(), 5);
    let headings: Vec<String> = c
        .sentences
        .iter()
        .filter(|s| s.kind == SentenceKind::Heading)
        .map(|s| c.sentence_text(s))
        .collect();
    assert_eq!(headings, vec!["تفاصيل المشروع", "ردود الفعل"]);
    // Headings are their own paragraph, never merged with the next sentence.
    let h = c
        .sentences
        .iter()
        .find(|s| s.kind == SentenceKind::Heading)
        .unwrap();
    let next = c.sentences.iter().find(|s| s.start > h.end).unwrap();
    assert_ne!(h.paragraph, next.paragraph);
    assert_eq!(c.sentences.iter().map(|s| s.paragraph).max(), Some(4));
}

#[test]
fn credits_go_to_metadata() {
    let lines = [
        P1,
        P2,
        "المصدر: وكالة الأنباء الأردنية (بترا)",
        "مصدر الخبر : الجزيرة نت",
    ];
    let c = clean(page("x", None, &lines));
    assert_eq!(c.text, format!("{P1}\n{P2}"));
    assert_eq!(
        c.meta.credits,
        vec![lines[2].to_string(), lines[3].to_string()]
    );
    assert_eq!(reason_of(&c, lines[2]), Some("credit"));
}

#[test]
fn stubs_fill_missing_metadata() {
    let c = clean(page(
        "x",
        None,
        &["كتب: سامر الخالدي", "نشر في: 14 نيسان 2024", P1],
    ));
    assert_eq!(c.meta.author.as_deref(), Some("سامر الخالدي"));
    assert_eq!(c.meta.published.as_deref(), Some("14 نيسان 2024"));
    assert_eq!(
        c.meta.published_how.as_deref(),
        Some("clean:published-line")
    );
}

#[test]
fn offsets_lead_back_to_the_original_bytes() {
    // Whitespace at block edges is trimmed and the span follows it.
    let body = "  \u{200f}نص الخبر الأول هنا.\t ";
    let original = format!("شارك\n{body}\nسطر ثان للخبر.");
    let start = original.find(body).unwrap();
    let mut doc = page("x", None, &["شارك", body, "سطر ثان للخبر."]);
    doc.original = original.clone().into_bytes();
    doc.blocks[1].span = ByteSpan::new(start, start + body.len());
    doc.blocks[2].span = ByteSpan::new(start + body.len() + 1, original.len());
    let c = clean(doc);
    assert_eq!(c.text, "نص الخبر الأول هنا.\nسطر ثان للخبر.");
    for seg in &c.offsets.segments {
        let piece: String = c
            .text
            .chars()
            .skip(seg.text_start)
            .take(seg.text_len)
            .collect();
        assert_eq!(
            &c.original[seg.bytes.start..seg.bytes.end],
            piece.as_bytes()
        );
    }
    // A word inside maps to its exact bytes.
    let span = c
        .offsets
        .to_original(&c.text, CharWidth::Utf8, 3, 8)
        .unwrap();
    assert_eq!(&c.original[span.start..span.end], "الخبر".as_bytes());
    // The normalised layer points back into the text.
    assert_eq!(c.normalized.chars().count(), c.norm_to_text.len());
    assert!(c.normalized.starts_with("نص الخبر الاول"));

    // UTF-16 originals: the trimmed lead is two bytes per char.
    let text = " خبر.";
    let mut bytes = Vec::new();
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let mut doc = page("x", None, &[text]);
    doc.encoding = "UTF-16LE".into();
    doc.blocks[0].span = ByteSpan::new(0, bytes.len());
    doc.original = bytes;
    let c = clean(doc);
    assert_eq!(c.offsets.segments[0].bytes, ByteSpan::new(2, 10));
    assert!(c.offsets.segments[0].exact);

    // Inexact blocks keep their whole range and may have whitespace collapsed.
    let mut doc = page("x", None, &["خبر   &amp;  تعليق"]);
    doc.blocks[0].text = "خبر   &  \n تعليق".into();
    doc.blocks[0].exact = false;
    let c = clean(doc);
    assert_eq!(c.text, "خبر & تعليق");
    assert!(!c.offsets.segments[0].exact);
    assert_eq!(
        c.offsets.segments[0].bytes,
        ByteSpan::new(0, "خبر   &amp;  تعليق".len())
    );
}

#[test]
fn sentences_index_paragraphs_and_never_cross_blocks() {
    let c = clean(page(
        "x",
        None,
        &["جملة أولى في الفقرة. وجملة ثانية فيها", "فقرة ثانية قصيرة."],
    ));
    let got: Vec<(String, u32)> = c
        .sentences
        .iter()
        .map(|s| (c.sentence_text(s), s.paragraph))
        .collect();
    assert_eq!(
        got,
        vec![
            ("جملة أولى في الفقرة.".to_string(), 0),
            ("وجملة ثانية فيها".to_string(), 0),
            ("فقرة ثانية قصيرة.".to_string(), 1)
        ]
    );
}

#[test]
fn empty_and_odd_input_do_not_panic() {
    let c = clean(page("x", None, &[]));
    assert!(c.text.is_empty() && c.sentences.is_empty());
    let c = clean(page("x", None, &["", "   ", "|", "2024", "•••"]));
    assert!(c.text.is_empty());
    // A block whose span does not match its text is treated as inexact.
    let mut doc = page("x", None, &[P1]);
    doc.blocks[0].span = ByteSpan::new(0, 3);
    let c = clean(doc);
    assert!(!c.offsets.segments[0].exact);
}
