//! One test per phenomenon listed in the issue, on sentences written for these
//! tests (not taken from the gold set).

use isnad_time::{
    dct_from_metadata, gregorian_to_hijri, hijri_to_gregorian, infer_dct, infer_dct_from_event,
    infer_dct_from_related, Date, Dct, DctHow, TimeTagger, TimexKind,
};

fn dct(s: &str) -> Dct {
    Dct {
        date: Date::parse_iso(s).unwrap(),
        how: DctHow::Metadata,
        confidence: 1.0,
    }
}

/// (surface, value, modifier) of every expression.
fn tag(text: &str, d: &str) -> Vec<(String, String, Option<String>)> {
    TimeTagger::new()
        .tag(text, &dct(d))
        .into_iter()
        .map(|t| (t.text, t.value.unwrap_or_default(), t.modifier))
        .collect()
}

/// Assert that `text` holds exactly one expression with this surface and value.
#[track_caller]
fn one(text: &str, d: &str, surface: &str, value: &str) {
    let got = tag(text, d);
    assert_eq!(got.len(), 1, "{text}: {got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        (surface, value),
        "{text}"
    );
}

#[test]
fn month_names_of_every_tradition() {
    let d = "2021-07-03";
    for (text, v) in [
        ("وصل الوفد في 5 يناير 2021", "2021-01-05"),
        ("وصل الوفد في 5 كانون الثاني 2021", "2021-01-05"),
        ("وصل الوفد في 5 كانون ثاني 2021", "2021-01-05"),
        ("وصل الوفد في 5 جانفي 2021", "2021-01-05"),
        ("وصل الوفد في 5 ابريل 2021", "2021-04-05"),
        ("وصل الوفد في 5 أفريل 2021", "2021-04-05"),
        ("وصل الوفد في 5 يونية 2021", "2021-06-05"),
        ("وصل الوفد في 5 جوان 2021", "2021-06-05"),
        ("وصل الوفد في 5 يولية 2021", "2021-07-05"),
        ("وصل الوفد في 5 جويلية 2021", "2021-07-05"),
        ("وصل الوفد في 5 يوليوز 2021", "2021-07-05"),
        ("وصل الوفد في 5 اغسطس 2021", "2021-08-05"),
        ("وصل الوفد في 5 أوت 2021", "2021-08-05"),
        ("وصل الوفد في 5 غشت 2021", "2021-08-05"),
        ("وصل الوفد في 5 شتنبر 2021", "2021-09-05"),
        ("وصل الوفد في 5 تشرين أول 2021", "2021-10-05"),
        ("وصل الوفد في 5 تشرين الثاني 2021", "2021-11-05"),
        ("وصل الوفد في 5 دجنبر 2021", "2021-12-05"),
        ("وصل الوفد في 5 كانون الأول 2021", "2021-12-05"),
        ("وصل الوفد في 5 شباط 2021", "2021-02-05"),
        ("وصل الوفد في 5 فيفري 2021", "2021-02-05"),
        ("وصل الوفد في 5 آذار 2021", "2021-03-05"),
        ("وصل الوفد في 5 أيار 2021", "2021-05-05"),
        ("وصل الوفد في 5 آب 2021", "2021-08-05"),
        ("وصل الوفد في 5 أيلول 2021", "2021-09-05"),
    ] {
        let got = tag(text, d);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1, v, "{text}");
    }
}

#[test]
fn mixed_forms_with_slash_and_brackets() {
    one(
        "وقعت الحادثة في 10 تموز (يوليو) 2021 قرب الحدود",
        "2021-07-20",
        "10 تموز (يوليو) 2021",
        "2021-07-10",
    );
    one(
        "تنطلق المفاوضات في أيلول/سبتمبر المقبل",
        "2021-07-03",
        "أيلول/سبتمبر المقبل",
        "2021-09",
    );
    one(
        "انتهت المهلة في 30 حزيران / يونيو 2020",
        "2021-07-03",
        "30 حزيران / يونيو 2020",
        "2020-06-30",
    );
}

#[test]
fn digits_numeric_dates_and_ordinals() {
    one(
        "صدر القرار بتاريخ ٣/٧/٢٠٢١ عن الوزارة",
        "2021-07-10",
        "بتاريخ ٣/٧/٢٠٢١",
        "2021-07-03",
    );
    one(
        "صدر القرار في ۳/۷/۲۰۲۱ عن الوزارة",
        "2021-07-10",
        "۳/۷/۲۰۲۱",
        "2021-07-03",
    );
    one(
        "صدر القرار في 2021-07-03 عن الوزارة",
        "2021-07-10",
        "2021-07-03",
        "2021-07-03",
    );
    one(
        "يبدأ المهرجان في الثالث من تموز",
        "2021-06-20",
        "الثالث من تموز",
        "2021-07-03",
    );
    one(
        "أقيم الحفل في الحادي والعشرين من أيار 2019",
        "2021-06-20",
        "الحادي والعشرين من أيار 2019",
        "2019-05-21",
    );
    one(
        "وصلت القافلة في الخامس عشر من الشهر الجاري",
        "2021-06-20",
        "الخامس عشر من الشهر الجاري",
        "2021-06-15",
    );
}

#[test]
fn times_of_day() {
    one(
        "انفجرت العبوة عند الساعة العاشرة صباحاً",
        "2021-07-03",
        "الساعة العاشرة صباحاً",
        "2021-07-03T10:00",
    );
    one(
        "تبدأ الجلسة الساعة 14:30 بتوقيت دمشق",
        "2021-07-03",
        "الساعة 14:30",
        "2021-07-03T14:30",
    );
    one(
        "وقع الهجوم في الثالثة من فجر أمس",
        "2021-07-03",
        "الثالثة من فجر أمس",
        "2021-07-02T03:00",
    );
    one(
        "يبدأ الحظر عند الساعة الثامنة والنصف مساءً",
        "2021-07-03",
        "الساعة الثامنة والنصف مساءً",
        "2021-07-03T20:30",
    );
    one(
        "وصل الموكب ظهر اليوم",
        "2021-07-03",
        "ظهر اليوم",
        "2021-07-03TMI",
    );
}

#[test]
fn deictic_expressions() {
    let d = "2021-07-03"; // a Saturday
    for (text, surface, v) in [
        (
            "قال الوزير اليوم إن المفاوضات مستمرة",
            "اليوم",
            "2021-07-03",
        ),
        ("قال الوزير أمس إن المفاوضات مستمرة", "أمس", "2021-07-02"),
        (
            "قال الوزير أمس الأول إن المفاوضات مستمرة",
            "أمس الأول",
            "2021-07-01",
        ),
        (
            "قال الوزير أول أمس إن المفاوضات مستمرة",
            "أول أمس",
            "2021-07-01",
        ),
        ("يصل الوزير غداً إلى بيروت", "غداً", "2021-07-04"),
        ("يصل الوزير بعد غد إلى بيروت", "بعد غد", "2021-07-05"),
        ("تعقد القمة الليلة في القصر", "الليلة", "2021-07-03TNI"),
        ("تتكثف الاتصالات هذا الأسبوع", "هذا الأسبوع", "2021-W26"),
        ("تتكثف الاتصالات الأسبوع المقبل", "الأسبوع المقبل", "2021-W27"),
        ("تراجعت الاتصالات الأسبوع الماضي", "الأسبوع الماضي", "2021-W25"),
        ("ارتفعت الأسعار الشهر الماضي", "الشهر الماضي", "2021-06"),
        ("ترتفع الأسعار الشهر الجاري", "الشهر الجاري", "2021-07"),
        ("ترتفع الأسعار الشهر المقبل", "الشهر المقبل", "2021-08"),
        ("تراجع النمو العام الماضي", "العام الماضي", "2020"),
        ("سُجلت الإصابة قبل أيام", "قبل أيام", "PAST_REF"),
        ("سُجلت الإصابة قبل أسبوعين", "قبل أسبوعين", "2021-W24"),
        ("سُجلت الإصابة قبل ثلاثة أيام", "قبل ثلاثة أيام", "2021-06-30"),
        (
            "يتوقع صدور القرار خلال الأيام المقبلة",
            "خلال الأيام المقبلة",
            "FUTURE_REF",
        ),
    ] {
        one(text, d, surface, v);
    }
}

#[test]
fn weekdays_past_and_future() {
    let d = "2021-07-03"; // Saturday
    one(
        "التقى الرئيس يوم السبت وفداً أوروبياً",
        d,
        "يوم السبت",
        "2021-07-03",
    );
    one(
        "التقى الرئيس يوم الأربعاء وفداً أوروبياً",
        d,
        "يوم الأربعاء",
        "2021-06-30",
    );
    one(
        "عقد المجلس جلسة الأحد الماضي",
        d,
        "الأحد الماضي",
        "2021-06-27",
    );
    one(
        "يعقد المجلس جلسة الخميس المقبل",
        d,
        "الخميس المقبل",
        "2021-07-08",
    );
    // A future verb turns a bare weekday forward.
    one(
        "سيعقد المجلس جلسة يوم الأربعاء",
        d,
        "يوم الأربعاء",
        "2021-07-07",
    );
    one(
        "ومن المقرر أن يصل الوفد الثلاثاء",
        d,
        "الثلاثاء",
        "2021-07-06",
    );
}

#[test]
fn month_relative_days_and_parts() {
    let d = "2021-07-20";
    one(
        "بدأت الحملة في 3 تموز الجاري",
        d,
        "3 تموز الجاري",
        "2021-07-03",
    );
    one(
        "وقع الحادث في 12 آب الماضي",
        d,
        "12 آب الماضي",
        "2020-08-12",
    );
    one(
        "وقع الحادث في 12 تموز الماضي",
        d,
        "12 تموز الماضي",
        "2021-07-12",
    );
    one(
        "تنطلق المرحلة الثانية مطلع نيسان المقبل",
        d,
        "مطلع نيسان المقبل",
        "2022-04",
    );
    let got = tag("تنطلق المرحلة الثانية أواخر نيسان المقبل", d);
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_deref()),
        ("2022-04", Some("END"))
    );
    let got = tag("ارتفعت الأسعار منتصف الشهر الماضي", d);
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_deref()),
        ("2021-06", Some("MID"))
    );
    let got = tag("تصدر النتائج أوائل العام المقبل", d);
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_deref()),
        ("2022", Some("START"))
    );
}

#[test]
fn ranges_and_conjunctions() {
    let d = "2021-04-20";
    one(
        "تجري الانتخابات بين 3 و5 أيار",
        d,
        "بين 3 و5 أيار",
        "2021-05-03/2021-05-05",
    );
    one(
        "تجري الانتخابات يومي 9 و10 حزيران",
        d,
        "يومي 9 و10 حزيران",
        "2021-06-09,2021-06-10",
    );
    one(
        "يستمر المعرض من 28 نيسان إلى 3 أيار",
        d,
        "من 28 نيسان إلى 3 أيار",
        "2021-04-28/2021-05-03",
    );
    one(
        "يفتح المتحف من العاشرة صباحاً حتى الخامسة مساءً",
        d,
        "من العاشرة صباحاً حتى الخامسة مساءً",
        "2021-04-20T10:00/2021-04-20T17:00",
    );
    let t = TimeTagger::new().tag("تجري الانتخابات بين 3 و5 أيار", &dct(d));
    assert_eq!(t[0].kind, TimexKind::Range);
}

#[test]
fn years_durations_and_since_anchors() {
    let d = "2021-07-03";
    one("بلغ العجز ذروته العام 2019", d, "العام 2019", "2019");
    one("بلغ العجز ذروته عام 2019", d, "عام 2019", "2019");
    one(
        "يعيش المخيم على المساعدات منذ عشر سنوات",
        d,
        "منذ عشر سنوات",
        "P10Y",
    );
    one(
        "فاز الفريق بالكأس لأول مرة منذ 2015",
        d,
        "منذ 2015",
        "2015/2021-07-03",
    );
    one("استمر الحصار ثلاثة أشهر", d, "ثلاثة أشهر", "P3M");
    one("توقفت الرحلات 48 ساعة", d, "48 ساعة", "PT48H");
    one("تستمر الهدنة أسبوعين", d, "أسبوعين", "P2W");
    let t = TimeTagger::new().tag("يعيش المخيم على المساعدات منذ عشر سنوات", &dct(d));
    assert_eq!(t[0].kind, TimexKind::Duration);
}

#[test]
fn narrative_anchoring() {
    let text =
        "اعتقل الناشط في 12 آذار 2020، وأفرج عنه في اليوم التالي، وكان ذلك في حينه خبراً بارزاً.";
    let t = TimeTagger::new().tag(text, &dct("2021-07-03"));
    let v: Vec<(&str, &str, Option<&str>)> = t
        .iter()
        .map(|t| {
            (
                t.text.as_str(),
                t.value.as_deref().unwrap(),
                t.anchor.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        v,
        vec![
            ("12 آذار 2020", "2020-03-12", None),
            ("اليوم التالي", "2020-03-13", Some("timex 0")),
            ("في حينه", "2020-03-13", Some("timex 1"))
        ]
    );
    // Deictic values record the DCT they used.
    let t = TimeTagger::new().tag("قال أمس", &dct("2021-07-03"));
    assert_eq!(t[0].anchor.as_deref(), Some("DCT 2021-07-03"));
}

#[test]
fn hijri_dates() {
    assert_eq!(hijri_to_gregorian(1442, 9, 1), Some((2021, 4, 13)));
    assert_eq!(gregorian_to_hijri(2021, 4, 13), Some((1442, 9, 1)));
    one(
        "يبدأ الصيام في 1 رمضان 1442 هـ",
        "2021-04-01",
        "1 رمضان 1442 هـ",
        "2021-04-13",
    );
    one(
        "ينتهي الموسم في 10 ذي الحجة",
        "2022-06-30",
        "10 ذي الحجة",
        "2022-07-09",
    );
    one(
        "تتضاعف الحركة خلال شهر رمضان",
        "2024-03-20",
        "شهر رمضان",
        "2024-03-11/2024-04-09",
    );
}

#[test]
fn dct_from_metadata_url_and_dateline() {
    let d = |s: &str| Date::parse_iso(s).unwrap();
    let m = dct_from_metadata(Some("Sat, 03 Jul 2021 10:22:00 GMT"), None, "نص").unwrap();
    assert_eq!((m.date, m.how), (d("2021-07-03"), DctHow::Metadata));
    let m = dct_from_metadata(None, Some("https://example.com/2021/07/03/story"), "نص").unwrap();
    assert_eq!((m.date, m.how), (d("2021-07-03"), DctHow::Url));
    let m = dct_from_metadata(None, None, "بيروت 3 تموز 2021 (وكالات) - قال مسؤول").unwrap();
    assert_eq!((m.date, m.how), (d("2021-07-03"), DctHow::Dateline));
    assert!(dct_from_metadata(
        Some("غير معروف"),
        Some("https://example.com/news/story"),
        "قال مسؤول إن الوضع مستقر"
    )
    .is_none());
}

#[test]
fn dct_inferred_from_constraining_expressions() {
    let tagger = TimeTagger::new();
    // "أمس الاثنين" fixes the weekday, "3 مارس الجاري" the month, the past tense a day after the 3rd,
    // and "موازنة 2021" the year.
    let text = "قال الوزير أمس الاثنين إن الحكومة، التي كانت قد أقرت الخطة في 3 مارس الجاري، ستعرضها على البرلمان ضمن موازنة 2021.";
    let tx = tagger.find(text);
    let dct = infer_dct(text, &tx).unwrap();
    assert_eq!(dct.how, DctHow::InferredFromExpressions);
    assert_eq!(dct.date.weekday(), 2, "a Tuesday: {:?}", dct.date);
    assert_eq!((dct.date.y, dct.date.m), (2021, 3));
    assert!(dct.date.d > 3);
    assert!(dct.confidence < 0.9);
}

#[test]
fn dct_from_another_document() {
    let tagger = TimeTagger::new();
    let dated = "أعلن الدفاع المدني أن حريقاً كبيراً اندلع في سوق الخضار المركزي بمدينة صور فجر الخميس 8 تموز 2021 وأتى على عشرات المحال.";
    let mut dated_tx = tagger.find(dated);
    tagger.resolve(dated, &mut dated_tx, &dct("2021-07-08"));
    let undated =
        "أتى حريق اندلع فجر أمس في سوق الخضار المركزي بمدينة صور على عشرات المحال التجارية.";
    let tx = tagger.find(undated);
    assert!(infer_dct(undated, &tx).is_none());
    let d = infer_dct_from_related(undated, &tx, dated, &dated_tx).unwrap();
    assert_eq!(
        (d.date, d.how),
        (
            Date::parse_iso("2021-07-09").unwrap(),
            DctHow::InferredFromOtherDoc
        )
    );
    let e = infer_dct_from_event(&tx[0], Date::parse_iso("2021-07-08").unwrap()).unwrap();
    assert_eq!(e.date, Date::parse_iso("2021-07-09").unwrap());
}

#[test]
fn no_false_alarms_on_lookalike_words() {
    let d = "2021-07-03";
    for text in [
        "مارس الضغط على الحكومة لتغيير موقفها",
        "قال أب الضحية إن ابنه بريء",
        "سجلت النتيجة صفر مقابل ثلاثة أهداف",
        "أدى المصلون صلاة الجمعة في المسجد الكبير",
        "يسكن في مدينة السادس من أكتوبر منذ طفولته",
        "قال رجب إن اللقاء كان إيجابياً",
        "بلغ عدد الزوار 2019 زائراً",
    ] {
        let got: Vec<_> = tag(text, d)
            .into_iter()
            .filter(|t| t.0 != "منذ طفولته")
            .collect();
        assert!(got.is_empty(), "{text}: {got:?}");
    }
}

#[test]
fn offsets_are_chars_of_the_given_text() {
    let text = "وأعلنت الوزارة، أمسِ الأحدَ، أنّ الحملة تبدأ غداً.";
    let t = TimeTagger::new().find(text);
    let chars: Vec<char> = text.chars().collect();
    for x in &t {
        assert_eq!(chars[x.start..x.end].iter().collect::<String>(), x.text);
    }
    assert_eq!(t[0].text, "أمسِ الأحدَ");
    assert_eq!(t[1].text, "غداً");
}

#[test]
fn tomorrow_in_construct_with_a_weekday() {
    // 2026-11-08 is a Sunday: "the morning of tomorrow Monday" is the 9th.
    let got = tag("لدى وصولهما إلى المطار صباح غد الاثنين.", "2026-11-08");
    assert!(
        got.iter().any(|(_, v, _)| v.starts_with("2026-11-09")),
        "{got:?}"
    );
}
