#!/usr/bin/env python3
"""Writes the bundled example inputs of isnad (all text written by the isnad team).

The articles are invented, in the style of Levantine, Gulf, Egyptian and Maghrebi
outlets. This script exists because some examples must be stored in encodings a
text editor mangles (windows-1256, UTF-16) or in binary containers (WARC.gz):
the committed files are its output. Run it from anywhere:

    python3 scripts/make-examples.py
"""
import gzip
import io
import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# --- Story B: one wire story syndicated by three outlets -------------------
CALL_BODY = [
    "أجرى الرئيس التركي رجب طيب أردوغان اتصالاً هاتفياً مع نظيره الروسي فلاديمير بوتين، أمس الاثنين، بحثا خلاله تطورات الأوضاع في المنطقة وسبل تعزيز التعاون بين البلدين.",
    "وذكرت دائرة الاتصال في الرئاسة التركية في بيان أن الرئيسين تناولا ملف تصدير الحبوب عبر البحر الأسود، واتفقا على مواصلة التنسيق بين وزارتي خارجية البلدين.",
    "وأشار البيان إلى أن أردوغان أكد استعداد أنقرة لاستضافة جولة جديدة من المحادثات في إسطنبول خلال الأسابيع المقبلة.",
    "من جهته، قال المتحدث باسم الكرملين دميتري بيسكوف إن الاتصال جرى بمبادرة من الجانب التركي، وإن موسكو \"تدرس المقترح بعناية\".",
    "ويأتي الاتصال بعد شهر من لقاء جمع وزيري خارجية البلدين في أنطاليا في 3 شباط/فبراير الماضي.",
]

sahil = "\n".join([
    "تخطى إلى المحتوى",
    "English | Français",
    "الساحل نيوز",
    "أردوغان وبوتين يبحثان هاتفياً ملف الحبوب",
    "نشر في: 10 آذار 2026",
    "شارك: فيسبوك تويتر واتساب",
    "A+ A-",
    CALL_BODY[0],
    CALL_BODY[1],
    "اقرأ أيضاً: وزير الخارجية التركي يصل إلى الدوحة في زيارة رسمية",
    CALL_BODY[2],
    CALL_BODY[3],
    CALL_BODY[4],
    "المصدر: وكالات",
    "الأكثر قراءة",
    "جميع الحقوق محفوظة © الساحل نيوز 2026",
]) + "\n"
write("sahil/2026-03-10-erdogan-putin-call.txt", sahil.encode("utf-8"))

# A second article of the same outlet: its chrome recurs, which is what the
# frequency method learns from.
sahil2 = "\n".join([
    "تخطى إلى المحتوى",
    "English | Français",
    "الساحل نيوز",
    "أمطار غزيرة تغلق طرقاً في جبل لبنان",
    "نشر في: 11 آذار 2026",
    "شارك: فيسبوك تويتر واتساب",
    "A+ A-",
    "أغلقت السيول عدداً من الطرق الجبلية في قضاءي الشوف وعاليه صباح اليوم الأربعاء، بعد أمطار غزيرة استمرت منذ مساء الثلاثاء.",
    "وقالت غرفة التحكم المروري في بيان إن فرق الدفاع المدني عملت على فتح الطرق وسحب السيارات العالقة، داعية المواطنين إلى توخي الحذر.",
    "وتوقعت مصلحة الأرصاد الجوية أن يستمر المنخفض حتى يوم الجمعة المقبل، مع انخفاض ملموس في درجات الحرارة.",
    "اقرأ أيضاً: وزير الأشغال يتفقد أعمال صيانة الأوتوستراد الساحلي",
    "الأكثر قراءة",
    "جميع الحقوق محفوظة © الساحل نيوز 2026",
]) + "\n"
write("sahil/2026-03-11-storm-mount-lebanon.txt", sahil2.encode("utf-8"))

# Copy 2: a Levantine daily in windows-1256, with a dateline and the last
# paragraph cut, as wire copy usually arrives.
mashriq = "\n".join([
    "اتصال هاتفي بين أردوغان وبوتين",
    "أنقرة - وكالات:",
    CALL_BODY[0],
    CALL_BODY[1],
    CALL_BODY[2],
    CALL_BODY[3],
    "تابعونا على فيسبوك وتويتر",
]) + "\n"
write("mashriq/erdogan-putin-1256.txt", mashriq.replace("\n", "\r\n").encode("cp1256"))

# --- JSON Lines from a news agency feed (copy 3 of story B among others) ---
agency = [
    {
        "title": "الرئيسان التركي والروسي يبحثان ملف الحبوب",
        "text": "\n".join(CALL_BODY[:4]) + "\nالمصدر: وكالة الأنباء",
        "url": "https://wafa-akhbar.example/ar/2026/03/10/erdogan-putin",
        "date": "2026-03-10T09:40:00+02:00",
        "source": "wafa-akhbar",
    },
    {
        "title": "مصر والسودان تبحثان تنسيق المواقف بشأن مياه النيل",
        "text": "استقبل وزير الخارجية المصري بدر عبد العاطي في القاهرة اليوم الثلاثاء نظيره السوداني، وبحث الجانبان ملف مياه النيل وتطورات الأوضاع الإنسانية.\n"
                "وقال المتحدث باسم الخارجية المصرية في تصريحات صحفية إن اللقاء تناول أيضاً ترتيبات عقد اجتماع ثلاثي يضم إثيوبيا في أواخر نيسان المقبل.\n"
                "ولم يصدر عن الجانب الإثيوبي أي تعليق حتى الآن.",
        "url": "https://wafa-akhbar.example/ar/2026/03/10/egypt-sudan-nile",
        "date": "2026-03-10",
        "source": "wafa-akhbar",
    },
    {
        "title": "السعودية تعلن موعد بدء شهر رمضان",
        "content": "أعلنت المحكمة العليا في المملكة العربية السعودية أن يوم الأربعاء ١٨ شباط ٢٠٢٦ هو أول أيام شهر رمضان المبارك لعام ١٤٤٧ هـ.\n"
                   "ودعت المحكمة المسلمين إلى تحري رؤية الهلال مساء الثلاثاء ٢٩ شعبان.",
        "link": "https://wafa-akhbar.example/ar/2026/02/17/ramadan",
        "published": "2026-02-17 21:05:00",
        "source": "wafa-akhbar",
    },
]
write("agency/feed.jsonl", "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in agency).encode("utf-8"))

# --- Gulf outlet statement in UTF-16LE with BOM -----------------------------
khaleej = "\n".join([
    "الخارجية تنفي عقد اجتماع مع الجانب الإيراني",
    "نفت وزارة الخارجية في بيان صدر مساء أمس الخميس ما تداولته بعض وسائل الإعلام عن اجتماع مرتقب مع مسؤولين إيرانيين في مسقط.",
    "وأكد البيان أن \"أي لقاء من هذا النوع غير مجدول في الوقت الحالي\"، مشيراً إلى أن الوزارة تعلن عن تحركاتها عبر قنواتها الرسمية.",
    "وكانت صحيفة محلية قد نقلت عن مصادر دبلوماسية أن الاجتماع قد يعقد منتصف الشهر الجاري.",
]) + "\n"
write("khaleej/statement-utf16.txt", b"\xff\xfe" + khaleej.encode("utf-16-le"))

# --- An HTML article page with heavy chrome and a pull quote ---------------
LEAD = "التقى وزير الخارجية الأردني أيمن الصفدي نظيره المصري بدر عبد العاطي في عمّان اليوم الأحد، وبحث الجانبان سبل تعزيز التعاون الثنائي والتطورات الإقليمية."
html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>الصفدي وعبد العاطي يبحثان التعاون الثنائي في عمّان | آفاق</title>
<meta property="og:site_name" content="آفاق">
<meta property="og:title" content="الصفدي وعبد العاطي يبحثان التعاون الثنائي في عمّان">
<meta property="article:published_time" content="2026-03-08T13:15:00+03:00">
<link rel="canonical" href="https://afaq-news.example/politics/2026/03/08/safadi-abdelatty">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"الصفدي وعبد العاطي يبحثان التعاون الثنائي","datePublished":"2026-03-08T13:15:00+03:00","publisher":{{"@type":"Organization","name":"آفاق"}}}}</script>
</head>
<body>
<a class="skip-link" href="#main">انتقل إلى المحتوى</a>
<header><nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li><li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<div class="lang-switch"><a href="/en">English</a> | <a href="/fr">Français</a></div></header>
<main id="main">
<article>
<h1>الصفدي وعبد العاطي يبحثان التعاون الثنائي في عمّان</h1>
<div class="meta">آخر تحديث: 08 آذار 2026 - 13:40</div>
<div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <button>تكبير الخط</button> <button>تصغير الخط</button></div>
<figure><img src="/img/talks.jpg" alt=""><figcaption>الصفدي وعبد العاطي خلال اللقاء (تصوير: أحمد خليل)</figcaption></figure>
<div class="article-body">
<p>{LEAD}</p>
<p>وقالت وزارة الخارجية وشؤون المغتربين في بيان إن الوزيرين تناولا الأوضاع في غزة والجهود المبذولة لإيصال المساعدات الإنسانية، واتفقا على عقد اجتماع للجنة العليا المشتركة في القاهرة في منتصف نيسان المقبل.</p>
<blockquote class="pull-quote">{LEAD}</blockquote>
<h2>تنسيق إقليمي</h2>
<p>وأكد الصفدي في مؤتمر صحفي مشترك أن &quot;التنسيق الأردني المصري مستمر ولن يتوقف&quot;، مشيراً إلى أن البلدين يرفضان أي محاولات لتهجير الفلسطينيين.</p>
<p>من جانبه، قال عبد العاطي إن القاهرة تدعم مقترحاً لعقد قمة ثلاثية تضم العراق قبل نهاية العام، دون أن يحدد موعداً لها.</p>
<p class="read-also">اقرأ أيضاً: <a href="/politics/2026/03/01/x">الصفدي يتلقى اتصالاً من نظيره العراقي</a></p>
<p>يذكر أن آخر لقاء جمع الوزيرين كان في القاهرة في 12 كانون الثاني الماضي.</p>
</div>
<div class="ad-label">إعلان</div>
<div class="comments-count">5 تعليقات</div>
</article>
<aside class="most-read"><h3>الأكثر قراءة</h3><ul><li><a href="/a">ارتفاع أسعار الوقود للشهر الثالث</a></li><li><a href="/b">منتخب النشامى يستعد لمواجهة حاسمة</a></li></ul></aside>
</main>
<footer><div class="newsletter">اشترك في النشرة البريدية</div><p>جميع الحقوق محفوظة © آفاق 2026</p><p>عمّان - شارع الملكة رانيا</p></footer>
</body>
</html>
"""
write("afaq/2026-03-08-safadi-abdelatty.html", html.encode("utf-8"))

# --- RSS 2.0 from a Maghrebi outlet ----------------------------------------
rss = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>المغرب الكبير</title>
<link>https://maghreb-kabir.example/</link>
<description>أخبار المغرب العربي</description>
<item>
<title>وزير الخارجية الجزائري يستقبل نظيره التونسي</title>
<link>https://maghreb-kabir.example/2026/03/05/algeria-tunisia</link>
<pubDate>Thu, 05 Mar 2026 10:30:00 +0100</pubDate>
<content:encoded><![CDATA[<p>استقبل وزير الخارجية الجزائري أحمد عطاف بالجزائر العاصمة يوم الأربعاء 4 مارس نظيره التونسي، في إطار زيارة عمل تدوم يومين.</p><p>وأفاد بيان للخارجية الجزائرية أن الوزيرين بحثا التحضير لاجتماع اللجنة المشتركة المقرر في تونس في أفريل المقبل.</p><p>وكان الطرفان قد اتفقا خلال لقائهما في جانفي الماضي على تكثيف المشاورات السياسية.</p>]]></content:encoded>
</item>
<item>
<title>الرباط تحتضن منتدى اقتصادياً إفريقياً</title>
<link>https://maghreb-kabir.example/2026/03/04/rabat-forum</link>
<pubDate>Wed, 04 Mar 2026 18:00:00 +0100</pubDate>
<description>&lt;p&gt;تحتضن العاصمة المغربية الرباط يومي 9 و10 مارس الجاري منتدى اقتصادياً يجمع ممثلين عن أكثر من ثلاثين دولة إفريقية.&lt;/p&gt;&lt;p&gt;وقال المنظمون إن المنتدى سيبحث سبل تعزيز التجارة البينية.&lt;/p&gt;</description>
</item>
</channel>
</rss>
"""
write("feeds/maghreb-kabir.rss", rss.encode("utf-8"))

# --- A WARC.gz crawl with one response record (a Gulf outlet's page) -------
page = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="windows-1256">
<title>وزراء دفاع ثلاث دول يجتمعون في الرياض الأسبوع المقبل - الخليج اليوم</title>
<meta name="date" content="2026-03-09"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/gulf">الخليج</a></nav>
<div class="story-body">
<h1>وزراء دفاع ثلاث دول يجتمعون في الرياض الأسبوع المقبل</h1>
<p>من المقرر أن يعقد وزراء دفاع السعودية والإمارات والبحرين اجتماعاً في الرياض الأسبوع المقبل لبحث أمن الملاحة في البحر الأحمر.</p>
<p>وقالت مصادر دبلوماسية لـ"الخليج اليوم" إن الاجتماع قد يشهد توقيع مذكرة تفاهم للتعاون العسكري، فيما لم يستبعد مسؤول بحريني انضمام الكويت.</p>
<p>ويأتي الاجتماع بعد أسبوعين من مناورات بحرية مشتركة نفذتها الدول الثلاث قبالة سواحل جدة.</p>
</div>
<div class="social-share">شارك هذا الخبر</div>
<footer>جميع الحقوق محفوظة لصحيفة الخليج اليوم</footer>
</body></html>
"""
payload = page.encode("cp1256")
http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1256\r\n"
        b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)


def warc_record(kind, uri, body, rid):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2026-03-09T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            + ("Content-Type: application/http; msgtype=response\r\n" if kind == "response" else
               "Content-Type: application/http; msgtype=request\r\n")
            + f"Content-Length: {len(body)}\r\n\r\n").encode()
    return gzip.compress(head + body + b"\r\n\r\n", mtime=0)


uri = "https://khaleej-alyoum.example/gulf/2026/03/09/defence-ministers-riyadh"
req = b"GET /gulf/2026/03/09/defence-ministers-riyadh HTTP/1.1\r\nHost: khaleej-alyoum.example\r\n\r\n"
write("crawl/khaleej-alyoum.warc.gz",
      warc_record("request", uri, req, "00000000-0000-4000-8000-000000000001")
      + warc_record("response", uri, http, "00000000-0000-4000-8000-000000000002"))
print("examples written")
