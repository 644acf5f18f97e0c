//! Unit tests on short sentences written for isnad, with hand-placed entity spans.

use super::*;

/// Entity spans by their text (first occurrence after the previous one).
fn ents(text: &str, list: &[(&str, &str)]) -> Vec<EntitySpan> {
    let chars: Vec<char> = text.chars().collect();
    let mut from = 0;
    let mut out = Vec::new();
    for (label, s) in list {
        let needle: Vec<char> = s.chars().collect();
        let pos = (from..=chars.len() - needle.len())
            .find(|&i| chars[i..i + needle.len()] == needle[..])
            .unwrap_or_else(|| panic!("{s} not in text"));
        out.push(EntitySpan {
            start: pos,
            end: pos + needle.len(),
            label: label.to_string(),
            text: s.to_string(),
        });
        from = pos + needle.len();
    }
    out
}

fn timex(text: &str, s: &str, value: &str) -> TimexSpan {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = s.chars().collect();
    let pos = (0..=chars.len() - needle.len())
        .find(|&i| chars[i..i + needle.len()] == needle[..])
        .unwrap();
    TimexSpan {
        start: pos,
        end: pos + needle.len(),
        text: s.into(),
        value: Some(value.into()),
        after_publication: false,
    }
}

/// These tests pin the rules; the learned argument and date models are scored by
/// cross-validation (`isnad eval events`) and tested in `arguments.rs` and `dates.rs`.
fn rules() -> EventExtractor {
    EventExtractor::new()
        .with_argument_model(None)
        .with_date_model(None)
        .with_trigger_model(None)
}

fn run(text: &str, e: &[EntitySpan], t: &[TimexSpan]) -> Vec<EventMention> {
    let n = text.chars().count();
    rules().extract_document(text, &[(0, n)], e, t, Some("test"))
}

/// The relays of an event's attribution, nearest the speaker first.
fn relays(ev: &EventMention) -> Vec<&str> {
    ev.attribution
        .relays
        .iter()
        .map(|r| r.text.as_str())
        .collect()
}

/// The event types of `evs`, in order.
fn types(evs: &[EventMention]) -> Vec<&str> {
    evs.iter().map(|e| e.event_type.as_str()).collect()
}

fn names(ev: &EventMention, role: &str) -> Vec<String> {
    ev.participants
        .iter()
        .filter(|p| p.role == role)
        .map(|p| p.span.text.clone())
        .collect()
}

#[test]
fn lexicons_parse() {
    EventExtractor::try_new().unwrap();
}

#[test]
fn meeting_with_actor_target_place_date() {
    let s = "التقى وزير الخارجية أيمن الصفدي أمس في عمّان نظيره المصري سامح شكري.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الخارجية"),
            ("PER", "أيمن الصفدي"),
            ("GPE", "عمّان"),
            ("TITLE", "نظيره المصري"),
            ("PER", "سامح شكري"),
        ],
    );
    let evs = run(s, &e, &[timex(s, "أمس", "2024-03-11")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    let ev = &evs[0];
    assert_eq!(ev.event_type, "CONSULT");
    assert_eq!(names(ev, "actor"), vec!["أيمن الصفدي"]);
    assert_eq!(names(ev, "target"), vec!["سامح شكري"]);
    assert_eq!(ev.place.as_ref().unwrap().text, "عمّان");
    assert_eq!(
        ev.date.as_ref().unwrap().value.as_deref(),
        Some("2024-03-11")
    );
    assert_eq!(ev.modality, Modality::Asserted);
    assert!(ev.attribution.speaker.is_none());
}

#[test]
fn defence_ministers_of_three_countries_are_all_actors() {
    let s = "عقد وزراء دفاع السعودية والإمارات والبحرين اجتماعاً ثلاثياً في الرياض.";
    let e = ents(
        s,
        &[
            ("GPE", "السعودية"),
            ("GPE", "الإمارات"),
            ("GPE", "البحرين"),
            ("GPE", "الرياض"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(
        names(&evs[0], "actor"),
        vec!["السعودية", "الإمارات", "البحرين"]
    );
    assert_eq!(evs[0].parties, 3);
    assert_eq!(evs[0].place.as_ref().unwrap().text, "الرياض");
}

#[test]
fn relayed_possible_summit() {
    let s = "ونقلت وكالة الأنباء الأردنية عن مصدر دبلوماسي قوله إن قمة ثلاثية تضم الأردن ومصر قد تعقد في بغداد.";
    let e = ents(
        s,
        &[
            ("ORG", "وكالة الأنباء الأردنية"),
            ("GPE", "الأردن"),
            ("GPE", "مصر"),
            ("GPE", "بغداد"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    let ev = &evs[0];
    assert_eq!(ev.modality, Modality::Possible);
    assert_eq!(
        ev.attribution.speaker.as_ref().unwrap().text,
        "مصدر دبلوماسي"
    );
    assert_eq!(ev.attribution.relays[0].text, "وكالة الأنباء الأردنية");
    assert_eq!(names(ev, "actor"), vec!["الأردن", "مصر"]);
}

#[test]
fn denial_planned_proposed() {
    let s = "نفت دمشق أن يكون لوقا قد التقى أي مسؤول تركي.";
    let e = ents(s, &[("GPE", "دمشق"), ("PER", "لوقا")]);
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].modality, Modality::Denied);
    assert_eq!(evs[0].attribution.stance.as_deref(), Some("نفى"));
    assert_eq!(names(&evs[0], "actor"), vec!["لوقا"]);

    let s = "أعلن المتحدث باسم الحكومة باسم العوادي أن السوداني سيزور طهران الأسبوع المقبل.";
    let e = ents(
        s,
        &[
            ("PER", "باسم العوادي"),
            ("PER", "السوداني"),
            ("GPE", "طهران"),
        ],
    );
    let evs = run(s, &e, &[timex(s, "الأسبوع المقبل", "2024-W37")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].modality, Modality::Planned);
    assert_eq!(evs[0].place.as_ref().unwrap().text, "طهران");
    assert_eq!(
        evs[0].attribution.speaker.as_ref().unwrap().text,
        "باسم العوادي"
    );

    let s = "اقترحت مصر استضافة محادثات بين الجيش والدعم السريع في القاهرة.";
    let e = ents(
        s,
        &[
            ("GPE", "مصر"),
            ("ORG", "الجيش"),
            ("ORG", "الدعم السريع"),
            ("GPE", "القاهرة"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].modality, Modality::Proposed);
    assert_eq!(names(&evs[0], "actor"), vec!["الجيش", "الدعم السريع"]);
}

#[test]
fn declaration_without_event_is_a_statement() {
    let s = "وأكد وزير الدفاع خالد بن سلمان أن أمن الخليج كل لا يتجزأ.";
    let e = ents(s, &[("TITLE", "وزير الدفاع"), ("PER", "خالد بن سلمان")]);
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "STATEMENT");
    assert_eq!(evs[0].attribution.stance.as_deref(), Some("أكد"));
}

#[test]
fn call_received_from_caller() {
    let s = "تلقى الرئيس تبون اتصالاً هاتفياً من نظيره الفرنسي ماكرون.";
    let e = ents(
        s,
        &[
            ("TITLE", "الرئيس"),
            ("PER", "تبون"),
            ("TITLE", "نظيره الفرنسي"),
            ("PER", "ماكرون"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].subtype.as_deref(), Some("call"));
    assert_eq!(names(&evs[0], "actor"), vec!["ماكرون"]);
    assert_eq!(names(&evs[0], "target"), vec!["تبون"]);
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    let x = EventExtractor::new();
    assert!(x.extract_document("", &[], &[], &[], None).is_empty());
    // Spans out of range and reversed are ignored.
    let bad = EntitySpan {
        start: 50,
        end: 10,
        label: "PER".into(),
        text: "x".into(),
    };
    let t = TimexSpan {
        start: 3,
        end: 400,
        text: "x".into(),
        value: None,
        after_publication: false,
    };
    let s = "التقى زيد عمرا.";
    let _ = x.extract_document(s, &[(0, 15), (10, 200)], &[bad], &[t], None);
}

/// Run a document split into sentences at each full stop, with one date expression.
fn run_doc(text: &str, e: &[EntitySpan], t: &[TimexSpan]) -> Vec<EventMention> {
    let mut sents = Vec::new();
    let mut st = 0;
    for (i, c) in text.chars().enumerate() {
        if c == '.' {
            sents.push((st, i + 1));
            st = i + 1;
        }
    }
    rules().extract_document(text, &sents, e, t, None)
}

#[test]
fn dual_verb_takes_the_parties_of_the_last_meeting() {
    let s = "التقى الرئيس المصري عبد الفتاح السيسي نظيره الفرنسي إيمانويل ماكرون أمس في القاهرة. واتفقا على تعزيز التعاون الاقتصادي.";
    let e = ents(
        s,
        &[
            ("TITLE", "الرئيس المصري"),
            ("PER", "عبد الفتاح السيسي"),
            ("TITLE", "نظيره الفرنسي"),
            ("PER", "إيمانويل ماكرون"),
            ("GPE", "القاهرة"),
        ],
    );
    let evs = run_doc(s, &e, &[timex(s, "أمس", "2024-01-01")]);
    let agree = evs.iter().find(|e| e.event_type == "AGREE").expect("AGREE");
    assert_eq!(
        names(agree, "actor"),
        vec!["عبد الفتاح السيسي", "إيمانويل ماكرون"]
    );
    assert_eq!(
        agree.date.as_ref().unwrap().value.as_deref(),
        Some("2024-01-01")
    );
}

#[test]
fn sanction_and_aid_targets() {
    let s = "فرضت الولايات المتحدة أمس عقوبات جديدة على إيران.";
    let e = ents(s, &[("GPE", "الولايات المتحدة"), ("GPE", "إيران")]);
    let evs = run(s, &e, &[]);
    assert_eq!(names(&evs[0], "target"), vec!["إيران"], "{evs:#?}");
    let s = "قدمت الإمارات أمس مساعدات إنسانية إلى السودان.";
    let e = ents(s, &[("GPE", "الإمارات"), ("GPE", "السودان")]);
    let evs = run(s, &e, &[]);
    assert_eq!(names(&evs[0], "actor"), vec!["الإمارات"], "{evs:#?}");
    assert_eq!(names(&evs[0], "target"), vec!["السودان"]);
}

#[test]
fn verbal_noun_after_speaker_takes_the_speaker_as_actor() {
    let s = "أعلنت الكويت أمس تقديم مساعدات إنسانية للشعب اللبناني.";
    let e = ents(s, &[("GPE", "الكويت")]);
    let evs = run(s, &e, &[timex(s, "أمس", "2024-01-01")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "AID");
    assert_eq!(names(&evs[0], "actor"), vec!["الكويت"]);
}

#[test]
fn speech_verb_subject_is_not_a_party_of_what_it_welcomes() {
    let s = "رحبت قطر ومصر أمس بالاتفاق بين حماس وإسرائيل.";
    let e = ents(
        s,
        &[
            ("GPE", "قطر"),
            ("GPE", "مصر"),
            ("ORG", "حماس"),
            ("GPE", "إسرائيل"),
        ],
    );
    let evs = run(s, &e, &[]);
    let agree = evs.iter().find(|e| e.event_type == "AGREE").expect("AGREE");
    assert_eq!(names(agree, "actor"), vec!["حماس", "إسرائيل"]);
}

/// A meeting that did not happen has no day, not even the day of the visit it would have
/// been part of (eval/events/README.md: denied events are undated).
#[test]
fn denied_event_during_a_visit_is_undated() {
    let s = "وصل رئيس الوزراء العراقي محمد شياع السوداني أمس إلى طهران في زيارة رسمية. ولم يلتق السوداني خلال الزيارة المرشد علي خامنئي.";
    let e = ents(
        s,
        &[
            ("TITLE", "رئيس الوزراء العراقي"),
            ("PER", "محمد شياع السوداني"),
            ("GPE", "طهران"),
            ("PER", "السوداني"),
            ("TITLE", "المرشد"),
            ("PER", "علي خامنئي"),
        ],
    );
    let evs = run_doc(s, &e, &[timex(s, "أمس", "2024-01-01")]);
    let denied = evs
        .iter()
        .find(|e| e.modality == Modality::Denied)
        .expect("denied meeting");
    assert_eq!(denied.date, None, "{denied:#?}");
    let visit = evs.iter().find(|e| e.sentence == 0).expect("the visit");
    assert_eq!(
        visit.date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2024-01-01")
    );
}

#[test]
fn arrival_reports_the_visit_and_a_press_conference_is_no_event() {
    let s = "وصل وزير الخارجية الأردني أيمن الصفدي أمس إلى دمشق في زيارة رسمية، وعقد مؤتمرا صحفيا.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الخارجية الأردني"),
            ("PER", "أيمن الصفدي"),
            ("GPE", "دمشق"),
        ],
    );
    let evs = run(s, &e, &[timex(s, "أمس", "2024-01-21")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].trigger.text, "وصل");
    assert_eq!(evs[0].subtype.as_deref(), Some("visit"));
    assert_eq!(evs[0].place.as_ref().unwrap().text, "دمشق");
    assert_eq!(names(&evs[0], "actor"), vec!["أيمن الصفدي"]);
}

#[test]
fn titles_in_a_row_go_with_the_name_and_names_do_not_push_the_date_away() {
    let s = "التقى رئيس الوزراء وزير الخارجية القطري الشيخ محمد بن عبد الرحمن آل ثاني رئيس مجلس الوزراء، اليوم، وزير الخارجية الروسي سيرغي لافروف.";
    let e = ents(
        s,
        &[
            ("TITLE", "رئيس الوزراء وزير الخارجية القطري"),
            ("TITLE", "الشيخ"),
            ("PER", "محمد بن عبد الرحمن آل ثاني"),
            ("TITLE", "رئيس مجلس الوزراء"),
            ("TITLE", "وزير الخارجية الروسي"),
            ("PER", "سيرغي لافروف"),
        ],
    );
    let evs = run(s, &e, &[timex(s, "اليوم", "2024-09-09")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), vec!["محمد بن عبد الرحمن آل ثاني"]);
    assert_eq!(names(&evs[0], "target"), vec!["سيرغي لافروف"]);
    assert_eq!(
        evs[0].date.as_ref().unwrap().value.as_deref(),
        Some("2024-09-09")
    );
}

#[test]
fn a_circumstantial_event_with_its_own_day_is_a_new_event() {
    let s = "وكان السوداني قد وجه الدعوة إلى أردوغان خلال اتصال هاتفي بينهما في الخامس من آذار.";
    let e = ents(s, &[("PER", "السوداني"), ("PER", "أردوغان")]);
    let evs = run(s, &e, &[timex(s, "الخامس من آذار", "2024-03-05")]);
    let call = evs
        .iter()
        .find(|e| e.subtype.as_deref() == Some("call"))
        .unwrap_or_else(|| panic!("{evs:#?}"));
    assert_eq!(
        call.date.as_ref().unwrap().value.as_deref(),
        Some("2024-03-05")
    );
    // Without a day of its own, the same phrase refers back to a call already reported.
    let s2 = "أجرى السوداني اتصالا هاتفيا بأردوغان. ووجه السوداني الدعوة إلى أردوغان خلال اتصال هاتفي بينهما.";
    let e2 = ents(s2, &[("PER", "السوداني"), ("PER", "أردوغان")]);
    let evs2 = run_doc(s2, &e2, &[]);
    let calls = evs2
        .iter()
        .filter(|e| e.subtype.as_deref() == Some("call"))
        .count();
    assert_eq!(calls, 1, "{evs2:#?}");
}

#[test]
fn a_first_occasion_after_a_circumstantial_word_is_an_event() {
    // Nothing of its kind reported before: the visit is new, with its own parties.
    let s = "وقع العراق وتركيا مذكرتي تفاهم خلال زيارة وزير الخارجية التركي هاكان فيدان إلى بغداد.";
    let e = ents(
        s,
        &[
            ("GPE", "العراق"),
            ("GPE", "تركيا"),
            ("TITLE", "وزير الخارجية التركي"),
            ("PER", "هاكان فيدان"),
            ("GPE", "بغداد"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["AGREE", "CONSULT"], "{evs:#?}");
    // A definite noun (خلال الزيارة) stays a reference back.
    let s2 = "وقع العراق وتركيا مذكرتي تفاهم خلال الزيارة.";
    let e2 = ents(s2, &[("GPE", "العراق"), ("GPE", "تركيا")]);
    assert!(run(s2, &e2, &[]).iter().all(|e| e.event_type != "CONSULT"));
    // A proposal made at the end of a meeting does not propose the meeting.
    let s3 = "وكانت مصر قد اقترحت، في ختام اجتماع الفصائل، تشكيل حكومة توافق وطني.";
    let e3 = ents(s3, &[("GPE", "مصر")]);
    let evs3 = run(s3, &e3, &[]);
    assert!(
        evs3.iter()
            .any(|e| e.event_type == "CONSULT" && e.modality.as_str() == "asserted"),
        "{evs3:#?}"
    );
    assert!(evs3.iter().any(|e| e.event_type == "REQUEST"), "{evs3:#?}");
}

#[test]
fn light_verb_subject_and_the_event_agreed_on() {
    let s = "أجرى وزير الخارجية الروسي سيرغي لافروف، اليوم الثلاثاء، مكالمة هاتفية مع نظيره السوري فيصل المقداد.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الخارجية الروسي"),
            ("PER", "سيرغي لافروف"),
            ("TITLE", "نظيره السوري"),
            ("PER", "فيصل المقداد"),
        ],
    );
    let evs = run(s, &e, &[timex(s, "اليوم الثلاثاء", "2024-01-16")]);
    assert_eq!(names(&evs[0], "actor"), vec!["سيرغي لافروف"], "{evs:#?}");
    assert_eq!(names(&evs[0], "target"), vec!["فيصل المقداد"]);
    let s = "التقى أيمن الصفدي فيصل المقداد أمس. واتفق الوزيران على عقد لقاء في دمشق خلال الأسابيع المقبلة.";
    let e = ents(
        s,
        &[
            ("PER", "أيمن الصفدي"),
            ("PER", "فيصل المقداد"),
            ("GPE", "دمشق"),
        ],
    );
    let evs = run_doc(s, &e, &[]);
    let meeting = evs.iter().find(|e| e.trigger.text == "لقاء").expect("لقاء");
    assert_eq!(names(meeting, "actor"), vec!["أيمن الصفدي", "فيصل المقداد"]);
}

#[test]
fn general_news_triggers_and_a_ceasefire_as_purpose() {
    // Storming a building is a raid (COERCE), as the gold has it; the detention too.
    let s = "اقتحمت الشرطة أمس مقر الحزب واحتجزت عشرة من أعضائه.";
    let evs = run(s, &ents(s, &[("ORG", "الشرطة")]), &[]);
    assert_eq!(types(&evs), ["COERCE", "COERCE"], "{evs:#?}");
    assert_eq!(evs[0].subtype.as_deref(), Some("raid"));
    // A verb opening its clause with و after a comma shares the subject before it.
    let s = "اقتحمت قوات الاحتلال فجر اليوم مخيم جنين، واعتقلت 23 مواطناً على الأقل.";
    let evs = run(
        s,
        &ents(s, &[("ORG", "قوات الاحتلال"), ("LOC", "مخيم جنين")]),
        &[],
    );
    let arrest = evs
        .iter()
        .find(|e| e.trigger.text == "واعتقلت")
        .expect("واعتقلت");
    assert_eq!(names(arrest, "actor"), vec!["قوات الاحتلال"], "{evs:#?}");
    let s = "عرضت مصر مبادرة لوقف إطلاق النار في السودان.";
    let evs = run(s, &ents(s, &[("GPE", "مصر"), ("GPE", "السودان")]), &[]);
    assert!(
        evs.iter()
            .all(|e| e.subtype.as_deref() != Some("ceasefire")),
        "{evs:#?}"
    );
}

#[test]
fn wire_dateline_is_no_party_and_places_the_lead() {
    // Invented wire lead: the city and agency before the verb are the dateline.
    let text = "عمّان - 3 - 5 (بترا) -- التقى وزير الزراعة خالد الحنيفات اليوم نظيره العراقي عباس العلياوي.";
    let e = ents(
        text,
        &[
            ("GPE", "عمّان"),
            ("ORG", "بترا"),
            ("TITLE", "وزير الزراعة"),
            ("PER", "خالد الحنيفات"),
            ("TITLE", "نظيره العراقي"),
            ("PER", "عباس العلياوي"),
        ],
    );
    let t = [timex(text, "اليوم", "2025-05-03")];
    let evs = run(text, &e, &t);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    let ev = &evs[0];
    assert_eq!(names(ev, "actor"), ["خالد الحنيفات"]);
    assert_eq!(names(ev, "target"), ["عباس العلياوي"]);
    assert_eq!(ev.place.as_ref().map(|p| p.text.as_str()), Some("عمّان"));
    assert_eq!(
        ev.date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2025-05-03")
    );
}

#[test]
fn a_city_subject_is_not_a_dateline() {
    let text = "استضافت الرباط - رغم الأمطار - اجتماعاً لوزراء الداخلية.";
    let doc_ex = rules();
    let doc = Doc::new(&doc_ex, text);
    let e = ents(text, &[("GPE", "الرباط")]);
    let n = text.chars().count();
    assert!(dateline::find(&doc, &[(0, n)], &e, &[]).is_none());
    // A city opening the line but followed by a verb, not a mark: no dateline either.
    let text = "الرباط تستضيف اجتماعاً لوزراء الداخلية.";
    let doc = Doc::new(&doc_ex, text);
    let e = ents(text, &[("GPE", "الرباط")]);
    let n = text.chars().count();
    assert!(dateline::find(&doc, &[(0, n)], &e, &[]).is_none());
}

#[test]
fn an_invitation_to_visit_is_the_inviters_proposal() {
    let text = "ووجه الرئيس الغاني جون ماهاما دعوة إلى الملك عبد الله الثاني لزيارة أكرا.";
    let e = ents(
        text,
        &[
            ("TITLE", "الرئيس الغاني"),
            ("PER", "جون ماهاما"),
            ("PER", "الملك عبد الله الثاني"),
            ("GPE", "أكرا"),
        ],
    );
    let evs = run(text, &e, &[]);
    let visit = evs
        .iter()
        .find(|e| e.subtype.as_deref() == Some("visit"))
        .unwrap();
    assert_eq!(visit.modality, Modality::Proposed);
    assert_eq!(names(visit, "actor"), ["الملك عبد الله الثاني"]);
    assert_eq!(
        visit.attribution.speaker.as_ref().map(|s| s.text.as_str()),
        Some("جون ماهاما")
    );
}

#[test]
fn signing_verb_absorbs_the_document_it_signs() {
    let text = "ووقع الأردن والعراق أمس في بغداد مذكرة تفاهم للربط الكهربائي.";
    let e = ents(
        text,
        &[("GPE", "الأردن"), ("GPE", "العراق"), ("GPE", "بغداد")],
    );
    let t = [timex(text, "أمس", "2025-03-01")];
    let evs = run(text, &e, &t);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "AGREE");
    assert_eq!(evs[0].trigger.text, "ووقع");
    assert_eq!(names(&evs[0], "actor"), ["الأردن", "العراق"]);
    // وقع with nothing signed after it is not an agreement (وقع انفجار).
    let text = "ووقع انفجار قرب مقر الحكومة في بغداد.";
    let e = ents(text, &[("GPE", "بغداد")]);
    assert!(run(text, &e, &[]).iter().all(|e| e.event_type != "AGREE"));
}

#[test]
fn a_tagger_mention_that_swallowed_the_verb_gives_it_back() {
    // Tagger-shaped input: the TITLE runs over the trigger, the group word is tagged ORG.
    let text = "وذكر البيان أن الرئيس الكيني التقى نظيره الإماراتي. ووقع الوزيران مذكرة تفاهم.";
    let e = ents(
        text,
        &[
            ("TITLE", "الرئيس الكيني التقى"),
            ("TITLE", "نظيره الإماراتي"),
            ("ORG", "الوزيران"),
        ],
    );
    let n = text.chars().count();
    let cut = text.chars().position(|c| c == '.').unwrap() + 1;
    let evs = rules().extract_document(text, &[(0, cut), (cut, n)], &e, &[], None);
    let meet = evs
        .iter()
        .find(|e| e.event_type == "CONSULT")
        .expect("meeting");
    assert_eq!(meet.trigger.text, "التقى");
    assert_eq!(names(meet, "actor"), ["الرئيس الكيني"]);
    // الوزيران stands for the two who met, not for an organisation.
    let sign = evs
        .iter()
        .find(|e| e.event_type == "AGREE")
        .expect("signing");
    let mut parts: Vec<String> = sign
        .participants
        .iter()
        .map(|p| p.span.text.clone())
        .collect();
    parts.sort();
    assert_eq!(parts, ["الرئيس الكيني", "نظيره الإماراتي"], "{sign:#?}");
}

#[test]
fn formal_country_names_are_one_party() {
    let text = "وقعت دولة الإمارات وجمهورية كينيا اليوم اتفاقية للشراكة.";
    // Tagger-shaped: the state nouns left out or split off.
    let e = ents(
        text,
        &[("GPE", "الإمارات"), ("GPE", "جمهورية"), ("GPE", "كينيا")],
    );
    let ex = rules();
    let got: Vec<String> = tidy_mentions(&Doc::new(&ex, text), &e)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(got, ["دولة الإمارات", "جمهورية كينيا"]);
    let evs = run(text, &e, &[]);
    assert_eq!(names(&evs[0], "actor"), ["دولة الإمارات", "جمهورية كينيا"]);
}

#[test]
fn a_nominal_event_takes_the_mood_and_date_of_its_predicate() {
    let text = "وقالت مصادر إن لقاء بين الرئيس اللبناني جوزيف عون ونظيره القبرصي نيكوس خريستودوليدس قد يعقد في نيقوسيا خلال آذار المقبل.";
    let e = ents(
        text,
        &[
            ("TITLE", "الرئيس اللبناني"),
            ("PER", "جوزيف عون"),
            ("TITLE", "نظيره القبرصي"),
            ("PER", "نيكوس خريستودوليدس"),
            ("GPE", "نيقوسيا"),
        ],
    );
    let t = [timex(text, "آذار المقبل", "2026-03")];
    let evs = run(text, &e, &t);
    let meet = evs
        .iter()
        .find(|e| e.event_type == "CONSULT")
        .expect("meeting");
    assert_eq!(meet.modality, Modality::Possible);
    assert_eq!(
        meet.date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2026-03")
    );
}

#[test]
fn a_title_the_tagger_cut_short_still_goes_with_its_name() {
    let text = "أجرى نائب رئيس الوزراء وزير الخارجية وشؤون المغتربين أيمن الصفدي اتصالاً هاتفياً مع وزير الخارجية والمغتربين السوري فيصل المقداد.";
    let e = ents(
        text,
        &[
            ("TITLE", "نائب رئيس الوزراء"),
            ("TITLE", "وزير الخارجية"),
            ("PER", "أيمن الصفدي"),
            ("TITLE", "وزير الخارجية"),
            ("PER", "فيصل المقداد"),
        ],
    );
    let evs = run(text, &e, &[]);
    let call = evs
        .iter()
        .find(|e| e.event_type == "CONSULT")
        .expect("call");
    assert_eq!(names(call, "actor"), ["أيمن الصفدي"]);
    assert_eq!(names(call, "target"), ["فيصل المقداد"]);
}

#[test]
fn talks_reported_through_a_call_are_the_call() {
    let text = "بحث وزير الخارجية المغربي ناصر بوريطة، في اتصال هاتفي مع نظيره الموريتاني محمد سالم ولد مرزوك، سبل تعزيز التعاون.";
    let e = ents(
        text,
        &[
            ("TITLE", "وزير الخارجية المغربي"),
            ("PER", "ناصر بوريطة"),
            ("TITLE", "نظيره الموريتاني"),
            ("PER", "محمد سالم ولد مرزوك"),
        ],
    );
    let evs = run(text, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].trigger.text, "اتصال هاتفي");
    assert_eq!(evs[0].subtype.as_deref(), Some("call"));
    assert_eq!(names(&evs[0], "actor"), ["ناصر بوريطة"]);
    assert_eq!(names(&evs[0], "target"), ["محمد سالم ولد مرزوك"]);
}

#[test]
fn traced_events_carry_date_candidates_and_a_date_model_can_overrule_the_rules() {
    let s = "التقى وزير الخارجية أيمن الصفدي أمس في عمّان نظيره المصري سامح شكري.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الخارجية"),
            ("PER", "أيمن الصفدي"),
            ("GPE", "عمّان"),
            ("TITLE", "نظيره المصري"),
            ("PER", "سامح شكري"),
        ],
    );
    let t = [timex(s, "أمس", "2024-03-11")];
    let n = s.chars().count();
    let traced = rules().extract_document_traced(s, &[(0, n)], &e, &t, None);
    assert_eq!(traced.len(), 1);
    let c = &traced[0].date_candidates;
    // Undated, the expression of the sentence; the rules chose the expression.
    assert_eq!(c.len(), 2, "{c:#?}");
    assert!(c[0].date.is_none() && c[0].features.iter().any(|f| f == "none"));
    assert!(c[1].rule && c[1].date.as_ref().unwrap().value.as_deref() == Some("2024-03-11"));
    assert!(
        c[1].features.iter().any(|f| f == "own&pos=after"),
        "{:?}",
        c[1].features
    );
    // A model that strongly prefers no date for asserted meetings leaves it undated.
    let m = DateModel::parse("# isnad date model v1\nnone&type=CONSULT\t100\n").unwrap();
    let evs = rules()
        .with_date_model(Some(m))
        .extract_document(s, &[(0, n)], &e, &t, None);
    assert!(evs[0].date.is_none(), "{evs:#?}");
}

#[test]
fn a_name_that_reads_as_a_verb_with_a_proclitic_is_no_trigger() {
    // فيصل = ف + يصل ("then he arrives") once the proclitic is tried off.
    let s = "التقى الأمير فيصل بن فرحان أمس نظيره الكويتي عبد الله اليحيا.";
    let e = ents(
        s,
        &[
            ("PER", "الأمير فيصل بن فرحان"),
            ("TITLE", "نظيره الكويتي"),
            ("PER", "عبد الله اليحيا"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].trigger.text, "التقى");
}

#[test]
fn a_name_cut_before_its_nisba_surname_takes_it_back() {
    let s = "استقبل رئيس الوزراء محمد شياع السوداني أمس في بغداد وزير الخارجية التركي هاكان فيدان.";
    let e = ents(
        s,
        &[
            ("TITLE", "رئيس الوزراء"),
            ("PER", "محمد شياع"),
            ("GPE", "بغداد"),
            ("TITLE", "وزير الخارجية التركي"),
            ("PER", "هاكان فيدان"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), vec!["محمد شياع السوداني"]);
    assert_eq!(names(&evs[0], "target"), vec!["هاكان فيدان"]);
}

#[test]
fn signing_verb_reaches_its_document_over_a_date_between_commas() {
    // A noun shaped like a participle (مذكرة) after a comma does not open a new clause.
    let text = "وقعت السعودية وإندونيسيا، الثلاثاء، مذكرة تفاهم في مجالات الاستثمار.";
    let e = ents(text, &[("GPE", "السعودية"), ("GPE", "إندونيسيا")]);
    let t = [timex(text, "الثلاثاء", "2025-11-18")];
    let evs = run(text, &e, &t);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].trigger.text, "وقعت");
    assert_eq!(names(&evs[0], "actor"), ["السعودية", "إندونيسيا"]);
}

#[test]
fn what_is_agreed_on_is_planned_by_the_parties_to_the_agreement() {
    let text = "واتفق الوزيران الأردني والمصري على التعاون في مشروعات الطاقة.";
    let e = ents(text, &[("GPE", "الأردني"), ("GPE", "المصري")]);
    let evs = run(text, &e, &[]);
    let coop = evs
        .iter()
        .find(|e| e.event_type == "COOPERATE")
        .expect("cooperation");
    assert_eq!(coop.modality, Modality::Planned);
    assert_eq!(names(coop, "actor"), names(&evs[0], "actor"));
    assert!(!names(coop, "actor").is_empty(), "{evs:#?}");
}

#[test]
fn exchanging_trade_is_no_accusation() {
    let text = "وبلغ حجم التبادل التجاري بين مصر والأردن ملياري دولار.";
    let e = ents(text, &[("GPE", "مصر"), ("GPE", "الأردن")]);
    assert!(run(text, &e, &[]).iter().all(|e| e.event_type != "ACCUSE"));
    let text = "وتبادل الجيش وقوات المعارضة الاتهامات بقصف الأحياء.";
    let e = ents(text, &[("ORG", "الجيش"), ("ORG", "قوات المعارضة")]);
    assert!(run(text, &e, &[]).iter().any(|e| e.event_type == "ACCUSE"));
}

#[test]
fn a_noun_deep_inside_a_request_leaves_the_request_as_the_event() {
    let text = "وطالبت الوزارة مجلس الأمن بتحمل مسؤولياته في وضع حد للاعتداءات على أراضيها.";
    let e = ents(text, &[("ORG", "الوزارة"), ("ORG", "مجلس الأمن")]);
    let evs = run(text, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "REQUEST");
    // Right after إلى, the noun is the proposed event itself.
    let text = "ودعت الوزارة إلى عقد اجتماع طارئ لمجلس الأمن.";
    let e = ents(text, &[("ORG", "الوزارة"), ("ORG", "مجلس الأمن")]);
    let evs = run(text, &e, &[]);
    assert!(
        evs.iter()
            .any(|e| e.event_type == "CONSULT" && e.modality == Modality::Proposed),
        "{evs:#?}"
    );
}

#[test]
fn denying_the_accusations_is_a_statement() {
    let text = "ونفى الوزير، في مقابلة مع قناة محلية، جميع الاتهامات الموجهة إليه.";
    let e = ents(text, &[("TITLE", "الوزير")]);
    let evs = run(text, &e, &[]);
    assert!(evs.iter().all(|e| e.event_type != "ACCUSE"), "{evs:#?}");
}

#[test]
fn the_next_meeting_is_a_new_one() {
    let text = "وعقد الوزيران اجتماعا في الكويت. واتفق الوزيران على عقد الاجتماع المقبل في موسكو.";
    let e = ents(text, &[("GPE", "الكويت"), ("GPE", "موسكو")]);
    let n = text.chars().count();
    let cut = text
        .find(". ")
        .map(|b| text[..b + 1].chars().count())
        .unwrap();
    let evs = rules().extract_document(text, &[(0, cut), (cut + 1, n)], &e, &[], Some("test"));
    let meetings: Vec<_> = evs.iter().filter(|e| e.event_type == "CONSULT").collect();
    assert_eq!(meetings.len(), 2, "{evs:#?}");
    assert_eq!(meetings[1].modality, Modality::Planned);
}

#[test]
fn tidy_gives_the_nationality_to_the_title_and_drops_glued_clitics() {
    let ex = rules();
    let text = "وقال وزير الاستثمار الإندونيسي روسان روسلاني لـمجلس الأمن إن حماس ستلتقي فتح وحماس.";
    let doc = Doc::new(&ex, text);
    let given = ents(
        text,
        &[
            ("TITLE", "وزير الاستثمار"),
            ("PER", "الإندونيسي روسان روسلاني"),
            ("ORG", "لـمجلس الأمن"),
            ("ORG", "حماس"),
            ("ORG", "وحماس"),
        ],
    );
    let tidied: Vec<(String, String)> = tidy_mentions(&doc, &given)
        .into_iter()
        .map(|m| (m.label, m.text))
        .collect();
    let want = [
        ("TITLE", "وزير الاستثمار الإندونيسي"),
        ("PER", "روسان روسلاني"),
        ("ORG", "مجلس الأمن"),
        ("ORG", "حماس"),
        ("ORG", "حماس"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .collect();
    assert_eq!(tidied, want);
}

#[test]
fn a_dateline_on_a_line_of_its_own_places_the_lead() {
    for line in [
        "الرياض - واس",
        "الرياض/ الأناضول",
        "الرياض 18 نوفمبر 2025 واس",
    ] {
        let text = format!("{line}\nوقعت السعودية وإندونيسيا اليوم مذكرة تفاهم للتعاون.");
        let agency = line.split([' ', '/']).next_back().unwrap();
        let e = ents(
            &text,
            &[
                ("GPE", "الرياض"),
                ("ORG", agency),
                ("GPE", "السعودية"),
                ("GPE", "إندونيسيا"),
            ],
        );
        let cut = line.chars().count();
        let n = text.chars().count();
        let t: Vec<TimexSpan> = if line.contains("نوفمبر") {
            vec![timex(&text, "18 نوفمبر 2025", "2025-11-18")]
        } else {
            vec![]
        };
        let evs = rules().extract_document(&text, &[(0, cut), (cut + 1, n)], &e, &t, None);
        assert_eq!(evs.len(), 1, "{line}: {evs:#?}");
        assert_eq!(
            evs[0].place.as_ref().map(|p| p.text.as_str()),
            Some("الرياض"),
            "{line}"
        );
        assert_eq!(names(&evs[0], "actor"), ["السعودية", "إندونيسيا"]);
    }
}

#[test]
fn a_request_is_addressed_to_the_party_named_before_what_is_asked() {
    let text = "وطالبت الوزارة، في بيان رسمي، مجلس الأمن الدولي بتحمل مسؤولياته.";
    let e = ents(text, &[("ORG", "الوزارة"), ("ORG", "مجلس الأمن الدولي")]);
    let evs = run(text, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "REQUEST");
    assert_eq!(names(&evs[0], "actor"), ["الوزارة"]);
    assert_eq!(names(&evs[0], "target"), ["مجلس الأمن الدولي"]);
}

#[test]
fn the_outlet_given_an_interview_relays_and_is_no_party() {
    let text = "ورفض الوزير سامر الحلبي، في مقابلة خاصة مع «قناة الشرق»، الاتهامات الموجهة إليه.";
    let e = ents(
        text,
        &[
            ("TITLE", "الوزير"),
            ("PER", "سامر الحلبي"),
            ("ORG", "قناة الشرق"),
        ],
    );
    let evs = run(text, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "REJECT");
    assert_eq!(names(&evs[0], "target"), Vec::<String>::new());
    assert_eq!(relays(&evs[0]), ["قناة الشرق"]);
}

#[test]
fn a_preposition_before_a_quoted_outlet_makes_it_a_relay() {
    let text = "وقالت مصادر دبلوماسية لـ«النهار» إن وزير الخارجية التقى نظيره الفرنسي في باريس.";
    let e = ents(
        text,
        &[
            ("ORG", "النهار"),
            ("TITLE", "وزير الخارجية"),
            ("TITLE", "نظيره الفرنسي"),
            ("GPE", "باريس"),
        ],
    );
    let evs = run(text, &e, &[]);
    let visit = first_of(&evs, "CONSULT");
    let relays: Vec<&str> = visit
        .attribution
        .relays
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(relays, ["النهار"], "{visit:#?}");
}

#[test]
fn a_verb_between_two_titles_keeps_them_apart() {
    let text = "وزير الخارجية التقى نظيره الفرنسي في باريس.";
    let e = ents(
        text,
        &[
            ("TITLE", "وزير الخارجية"),
            ("TITLE", "نظيره الفرنسي"),
            ("GPE", "باريس"),
        ],
    );
    let evs = run(text, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].trigger.text, "التقى");
    assert_eq!(names(&evs[0], "actor"), ["وزير الخارجية"]);
}

#[test]
fn listing_on_a_sanctions_list_is_one_sanction_and_agreed_cooperation_no_topic() {
    let text = "وأدرج الاتحاد الأوروبي، أمس، أربعة من قادة الجماعة على قائمة عقوباته.";
    let e = ents(text, &[("ORG", "الاتحاد الأوروبي")]);
    let evs = run(text, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "SANCTION");
    assert_eq!(evs[0].trigger.text, "وأدرج");
    // Put on an agenda, not a list: no sanction.
    let text = "وأدرج البرلمان المشروع على جدول أعمال جلسته.";
    let e = ents(text, &[("ORG", "البرلمان")]);
    assert!(run(text, &e, &[])
        .iter()
        .all(|e| e.event_type != "SANCTION"));
    let text = "واتفقت مصر والجزائر، خلال المكالمة، على تعزيز التعاون في مجال الطاقة.";
    let e = ents(text, &[("GPE", "مصر"), ("GPE", "الجزائر")]);
    let evs = run(text, &e, &[]);
    assert!(
        evs.iter()
            .any(|e| e.event_type == "COOPERATE" && e.modality == Modality::Planned),
        "{evs:#?}"
    );
}

#[test]
fn a_place_noun_passes_its_preposition_to_the_place_name() {
    let text = "وقصفت المدفعية قرى حدودية في ناحية سيدكان فجر اليوم.";
    let e = ents(text, &[("ORG", "المدفعية"), ("GPE", "سيدكان")]);
    let evs = run(text, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(
        evs[0].place.as_ref().map(|p| p.text.as_str()),
        Some("سيدكان")
    );
    assert!(names(&evs[0], "target").is_empty(), "{evs:#?}");
}

#[test]
fn tidy_splits_two_joined_people_and_drops_a_kinship_word() {
    let ex = rules();
    let text =
        "التقى خليل الحية. وكان محمود عباس والحية قد التقيا، وحضر عبد الرحيم دقلو شقيق القائد.";
    let doc = Doc::new(&ex, text);
    let given = ents(
        text,
        &[
            ("PER", "خليل الحية"),
            ("PER", "محمود عباس والحية"),
            ("PER", "عبد الرحيم دقلو شقيق"),
        ],
    );
    let tidied: Vec<String> = tidy_mentions(&doc, &given)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(
        tidied,
        ["خليل الحية", "محمود عباس", "الحية", "عبد الرحيم دقلو"]
    );
}

#[test]
fn a_city_right_after_a_meeting_noun_is_its_venue() {
    let text = "قال المتحدث إن اجتماع جنيف المقترح مع الحكومة غير مجدول.";
    let e = ents(text, &[("GPE", "جنيف"), ("ORG", "الحكومة")]);
    let evs = run(text, &e, &[]);
    let ev = evs.iter().find(|e| e.trigger.text == "اجتماع").unwrap();
    assert_eq!(ev.place.as_ref().unwrap().text, "جنيف");
    assert!(!names(ev, "actor").contains(&"جنيف".to_string()));
    // Two names joined: the parties of the talks.
    let text = "بدأت محادثات باكستان والهند أمس.";
    let e = ents(text, &[("GPE", "باكستان"), ("GPE", "الهند")]);
    let evs = run(text, &e, &[]);
    assert!(evs[0].place.is_none());
    assert_eq!(evs[0].participants.len(), 2);
}

#[test]
fn a_country_inside_a_title_is_not_a_second_party() {
    let text = "التقى وزير خارجية دولة الكويت عبدالله اليحيا نظيره الروسي سيرغي لافروف.";
    let e = ents(
        text,
        &[
            ("TITLE", "وزير خارجية"),
            ("GPE", "دولة الكويت"),
            ("PER", "عبدالله اليحيا"),
            ("TITLE", "نظيره الروسي"),
            ("PER", "سيرغي لافروف"),
        ],
    );
    let evs = run(text, &e, &[]);
    assert_eq!(names(&evs[0], "actor"), vec!["عبدالله اليحيا"]);
    assert_eq!(names(&evs[0], "target"), vec!["سيرغي لافروف"]);
}

#[test]
fn what_follows_the_partner_of_talks_is_their_topic() {
    let text = "بحث الوزير أحمد مع نظيره سمير اليوم العلاقات التي تربط مصر والأردن.";
    let e = ents(
        text,
        &[
            ("PER", "أحمد"),
            ("PER", "سمير"),
            ("GPE", "مصر"),
            ("GPE", "الأردن"),
        ],
    );
    let evs = run(text, &e, &[]);
    let mut all = names(&evs[0], "actor");
    all.extend(names(&evs[0], "target"));
    all.sort();
    assert_eq!(all, vec!["أحمد", "سمير"]);
}

#[test]
fn a_condemned_attack_after_a_comma_is_the_condemnation_s_complement() {
    let text = "أدانت المملكة العربية السعودية بأشد العبارات، اليوم، القصف الذي تعرضت له مناطق حدودية في شمال جمهورية العراق فجر أمس، وفق بيان صادر عن وزارة الخارجية.";
    let e = ents(
        text,
        &[
            ("GPE", "المملكة العربية السعودية"),
            ("GPE", "جمهورية العراق"),
            ("ORG", "وزارة الخارجية"),
        ],
    );
    let t = vec![
        timex(text, "اليوم", "2026-03-04"),
        timex(text, "فجر أمس", "2026-03-03"),
    ];
    let evs = run(text, &e, &t);
    assert_eq!(evs.len(), 1, "{evs:?}");
    assert_eq!(evs[0].event_type, "ACCUSE");
    assert_eq!(
        evs[0].date.as_ref().unwrap().value.as_deref(),
        Some("2026-03-04")
    );
}

#[test]
fn an_aid_convoy_arriving_is_no_visit() {
    let text = "وصلت إلى مدينة كادقلي، أمس، قافلة مساعدات إنسانية.";
    let e = ents(text, &[("GPE", "كادقلي")]);
    let evs = run(text, &e, &[]);
    assert_eq!(types(&evs), ["AID"]);
    // A delegation arriving is the visit.
    let text = "وصل الوزير سامي إلى مدينة كادقلي أمس.";
    let e = ents(text, &[("PER", "سامي"), ("GPE", "كادقلي")]);
    assert_eq!(run(text, &e, &[])[0].event_type, "CONSULT");
}

#[test]
fn pumping_money_is_aid_and_pumping_oil_is_not() {
    let text = "قال الوزير إن المملكة ستضخ استثمارات في إندونيسيا.";
    let e = ents(text, &[("GPE", "المملكة"), ("GPE", "إندونيسيا")]);
    assert!(run(text, &e, &[]).iter().any(|e| e.event_type == "AID"));
    let text = "قال الوزير إن المملكة ستضخ النفط عبر الأنبوب.";
    let e = ents(text, &[("GPE", "المملكة")]);
    assert!(!run(text, &e, &[]).iter().any(|e| e.event_type == "AID"));
}

#[test]
fn giving_money_is_aid_and_giving_a_resignation_is_not() {
    let text = "أعلن الاتحاد الأوروبي أنه سيقدم لمصر ملياري يورو خلال العام المقبل.";
    let e = ents(text, &[("ORG", "الاتحاد الأوروبي"), ("GPE", "مصر")]);
    assert!(run(text, &e, &[]).iter().any(|e| e.event_type == "AID"));
    let text = "قال المتحدث إن الوزير قدم استقالته إلى رئيس الحكومة.";
    let e = ents(text, &[]);
    assert!(!run(text, &e, &[]).iter().any(|e| e.event_type == "AID"));
}

#[test]
fn a_platform_a_statement_was_posted_on_is_no_party() {
    let text = "اتهم أحمد سالم في منشور على منصة «إكس» الحكومة بالتقصير.";
    let e = ents(
        text,
        &[("PER", "أحمد سالم"), ("ORG", "إكس"), ("ORG", "الحكومة")],
    );
    let evs = run(text, &e, &[]);
    let ev = evs
        .iter()
        .find(|e| e.event_type == "ACCUSE")
        .expect("an accusation");
    let parts: Vec<&str> = ev
        .participants
        .iter()
        .map(|p| p.span.text.as_str())
        .collect();
    assert!(parts.contains(&"أحمد سالم"), "{parts:?}");
    assert!(!parts.contains(&"إكس"), "{parts:?}");
}

#[test]
fn designating_a_group_as_terrorist_is_a_sanction() {
    let text = "طالبت الحكومة بتصنيف الجماعة منظمة إرهابية.";
    let e = ents(text, &[]);
    assert!(run(text, &e, &[])
        .iter()
        .any(|e| e.event_type == "SANCTION"));
    // A classification with no list and no designation is no sanction.
    let text = "أصدرت الهيئة تصنيف الجامعات لهذا العام.";
    let e = ents(text, &[]);
    assert!(!run(text, &e, &[])
        .iter()
        .any(|e| e.event_type == "SANCTION"));
}

#[test]
fn the_host_after_a_list_of_parties_is_the_place_not_the_last_party() {
    let text = "وذكر بيان لوزارة الخارجية أن الوزيرين اتفقا على التحضير لقمة ثلاثية تضم مصر والأردن والعراق تستضيفها بغداد خلال أبريل المقبل.";
    let e = ents(
        text,
        &[
            ("ORG", "وزارة الخارجية"),
            ("GPE", "مصر"),
            ("GPE", "الأردن"),
            ("GPE", "العراق"),
            ("GPE", "بغداد"),
        ],
    );
    let evs = run(text, &e, &[]);
    let summit = evs.iter().find(|e| e.event_type == "CONSULT").unwrap();
    assert_eq!(names(summit, "actor"), vec!["مصر", "الأردن", "العراق"]);
    assert_eq!(summit.place.as_ref().unwrap().text, "بغداد");
}

#[test]
fn a_meeting_noun_is_denied_by_its_predicate_after_its_complements() {
    let text = "وأكدت الوزارة أن أي اجتماع مع «الميليشيا» في جنيف «غير مجدول» في الوقت الراهن.";
    let e = ents(
        text,
        &[("ORG", "الوزارة"), ("ORG", "الميليشيا"), ("GPE", "جنيف")],
    );
    let evs = run(text, &e, &[]);
    let m = evs.iter().find(|e| e.event_type == "CONSULT").unwrap();
    assert_eq!(m.modality, Modality::Denied);
}

#[test]
fn an_event_dated_after_publication_is_planned() {
    let text = "تستضيف الرياض يوم الجمعة 21 شباط لقاءً يجمع قادة مصر والأردن.";
    let e = ents(text, &[("GPE", "الرياض"), ("GPE", "مصر"), ("GPE", "الأردن")]);
    let mut t = timex(text, "يوم الجمعة 21 شباط", "2025-02-21");
    assert_eq!(run(text, &e, &[t.clone()])[0].modality, Modality::Asserted);
    t.after_publication = true;
    let evs = run(text, &e, &[t]);
    assert_eq!(evs[0].modality, Modality::Planned);
    assert_eq!(evs[0].modality_cue.as_deref(), Some("يوم الجمعة 21 شباط"));
}

#[test]
fn a_statement_that_goes_on_keeps_the_date_of_the_one_before() {
    let text =
        "أدانت الوزارة اليوم القصف الأخير. وأكدت الوزارة رفض المملكة القاطع لكل ما يمس سيادة البلاد.";
    let e = ents(
        text,
        &[("ORG", "الوزارة"), ("ORG", "الوزارة"), ("GPE", "المملكة")],
    );
    let t = [timex(text, "اليوم", "2026-03-04")];
    let evs = run_doc(text, &e, &t);
    let reject = evs.iter().find(|e| e.event_type == "REJECT").unwrap();
    let d = reject.date.as_ref().unwrap();
    assert_eq!(d.value.as_deref(), Some("2026-03-04"));
    assert!(d.inherited);
}

#[test]
fn a_characterisation_is_no_event_and_the_denial_is_a_statement() {
    let text = "نفى الوزير سامي هذه الأنباء، واصفاً إياها بأنها «استهداف سياسي» لعمل الوزارة.";
    let e = ents(text, &[("PER", "سامي"), ("ORG", "الوزارة")]);
    let evs = run(text, &e, &[]);
    assert_eq!(types(&evs), ["STATEMENT"]);
}

#[test]
fn what_a_request_asks_for_is_its_own_verbal_noun_not_a_noun_in_its_object() {
    let text = "وطالب المنتدى السلطات بالكشف عن أماكن احتجاز الموقوفين.";
    let e = ents(text, &[("ORG", "المنتدى")]);
    let evs = run(text, &e, &[]);
    assert_eq!(types(&evs), ["REQUEST"]);
}

#[test]
fn the_object_decides_what_an_everyday_verb_reports() {
    // A convoy that arrives is aid, on the movement verb, and the convoy noun is absorbed.
    let text = "وصلت قافلة مساعدات قطرية إلى غزة.";
    let evs = run(text, &ents(text, &[("GPE", "غزة")]), &[]);
    assert_eq!(evs.len(), 1, "{evs:?}");
    assert_eq!(evs[0].event_type, "AID");
    assert_eq!(evs[0].trigger.text, "وصلت");
    // A minister who arrives visits.
    let text = "وصل وزير الخارجية المصري إلى عمان في زيارة رسمية.";
    let evs = run(text, &ents(text, &[("GPE", "عمان")]), &[]);
    assert_eq!(evs[0].event_type, "CONSULT", "{evs:?}");
    // Troops sent are a mobilisation; a statement published is nothing.
    let text = "نشرت وزارة الدفاع قوات إضافية على الحدود.";
    let evs = run(text, &ents(text, &[("ORG", "وزارة الدفاع")]), &[]);
    assert_eq!(evs.len(), 1, "{evs:?}");
    assert_eq!(evs[0].event_type, "MOBILIZE");
    let text = "نشرت وزارة الدفاع صوراً للحدود.";
    let evs = run(text, &ents(text, &[("ORG", "وزارة الدفاع")]), &[]);
    assert!(evs.iter().all(|e| e.event_type != "MOBILIZE"), "{evs:?}");
    // Blame: حمّل ... المسؤولية.
    let text = "حمّلت الحكومة الميليشيا المسؤولية عن الهجوم.";
    let evs = run(
        text,
        &ents(text, &[("ORG", "الحكومة"), ("ORG", "الميليشيا")]),
        &[],
    );
    assert_eq!(evs[0].event_type, "ACCUSE", "{evs:?}");
}

#[test]
fn event_words_inside_quoted_speech_belong_to_the_statement() {
    let text = "وقال خطاب إن سوريا «حريصة على التعاون مع الأردن».";
    let evs = run(
        text,
        &ents(text, &[("PER", "خطاب"), ("GPE", "سوريا"), ("GPE", "الأردن")]),
        &[],
    );
    assert_eq!(evs.len(), 1, "{evs:?}");
    assert_eq!(evs[0].event_type, "STATEMENT");
    // Unquoted, the same words report cooperation.
    let text = "وقال خطاب إن سوريا ستتعاون مع الأردن.";
    let evs = run(
        text,
        &ents(text, &[("PER", "خطاب"), ("GPE", "سوريا"), ("GPE", "الأردن")]),
        &[],
    );
    assert!(evs.iter().any(|e| e.event_type == "COOPERATE"), "{evs:?}");
}

#[test]
fn a_convoy_that_arrives_is_aid_on_the_verb_and_one_attacked_is_no_aid() {
    let text = "وقالت الوزارة إن قافلة مساعدات من 120 شاحنة دخلت اليوم إلى غزة.";
    let evs = run(
        text,
        &ents(text, &[("ORG", "الوزارة"), ("GPE", "غزة")]),
        &[],
    );
    let aid: Vec<_> = evs.iter().filter(|e| e.event_type == "AID").collect();
    assert_eq!(aid.len(), 1, "{evs:?}");
    assert_eq!(aid[0].trigger.text, "دخلت");
    let text = "هاجمت قوات الدعم السريع قافلة إغاثة تابعة لبرنامج الأغذية العالمي.";
    let evs = run(
        text,
        &ents(
            text,
            &[
                ("ORG", "قوات الدعم السريع"),
                ("ORG", "برنامج الأغذية العالمي"),
            ],
        ),
        &[],
    );
    assert!(evs.iter().all(|e| e.event_type != "AID"), "{evs:?}");
    assert!(evs.iter().any(|e| e.event_type == "ASSAULT"), "{evs:?}");
}

#[test]
fn crowd_gathering_is_a_protest_but_a_summit_gathering_is_not() {
    let s = "وتجمّع عشرات الناشطين أمس أمام مقر الحكومة في روما.";
    let e = ents(s, &[("GPE", "روما")]);
    let evs = run(s, &e, &[]);
    assert_eq!(evs.len(), 1, "{evs:?}");
    assert_eq!(evs[0].event_type, "PROTEST");
    // Unnamed crowds, no named place: still a protest.
    for s in [
        "وأمس، تجمع عشرات الناشطين أمام مقر الحكومة.",
        "وتظاهروا أمام مقر البرلمان.",
    ] {
        let evs = run(s, &[], &[]);
        assert_eq!(evs.len(), 1, "{s}: {evs:?}");
        assert_eq!(evs[0].event_type, "PROTEST");
    }
    let s = "تستضيف الدوحة قمة تجمع قادة الدول الخليجية.";
    let e = ents(s, &[("GPE", "الدوحة")]);
    let evs = run(s, &e, &[]);
    assert!(evs.iter().all(|e| e.event_type != "PROTEST"), "{evs:?}");
}

#[test]
fn a_bar_closes_a_web_dateline_and_a_reporters_agency_is_no_party() {
    // Invented lead: "city | outlet:" as news sites write it.
    let text = "صنعاء | موقع الحدث: اتهم الوزير أحمد سالم اليوم الحكومة بعرقلة المفاوضات.";
    let e = ents(
        text,
        &[
            ("GPE", "صنعاء"),
            ("ORG", "موقع الحدث"),
            ("TITLE", "الوزير"),
            ("PER", "أحمد سالم"),
            ("ORG", "الحكومة"),
        ],
    );
    let evs = run(text, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "ACCUSE").unwrap();
    assert_eq!(names(ev, "actor"), ["أحمد سالم"]);
    assert_eq!(names(ev, "target"), ["الحكومة"]);
    let text =
        "وأوضح الوزير أحمد سالم في تصريح لمراسل وكالة سبأ أن وفداً سيزور الرياض الشهر المقبل.";
    let e = ents(
        text,
        &[
            ("TITLE", "الوزير"),
            ("PER", "أحمد سالم"),
            ("ORG", "وكالة سبأ"),
            ("GPE", "الرياض"),
        ],
    );
    let evs = run(text, &e, &[]);
    assert!(
        evs.iter()
            .all(|e| e.participants.iter().all(|p| p.span.text != "وكالة سبأ")),
        "{evs:#?}"
    );
}

#[test]
fn the_trigger_model_finds_a_word_the_lexicon_lacks() {
    // An invented verb, so no lexicon entry can match it: only the model knows it.
    let train = [
        ("دهمشت القوات بلدة الخيام فجر اليوم.", "الخيام"),
        (
            "وقالت مصادر محلية إن الجيش دهمشت وحداته قرية كفركلا.",
            "كفركلا",
        ),
        ("دهمشت الطائرات مواقع في مدينة صور.", "صور"),
    ];
    let ex = rules();
    let mut examples = Vec::new();
    for (s, place) in train {
        let n = s.chars().count();
        let e = ents(s, &[("GPE", place)]);
        for t in ex.trigger_tokens(s, &[(0, n)], &e, &[]) {
            let word: String = s.chars().skip(t.start).take(t.end - t.start).collect();
            let class = if word.contains("دهمشت") {
                "ASSAULT"
            } else {
                "O"
            };
            examples.push((t.features, trigger_class_index(class).unwrap()));
        }
    }
    let model = TriggerModel::train(&examples, 5, 1, "test").with_margin(0.5);
    let s = "ودهمشت القوات قرية مارون الراس.";
    let e = ents(s, &[("GPE", "مارون الراس")]);
    let n = s.chars().count();
    assert!(
        run(s, &e, &[]).is_empty(),
        "the lexicon alone finds nothing"
    );
    let evs = rules()
        .with_trigger_model(Some(model))
        .extract_document(s, &[(0, n)], &e, &[], None);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "ASSAULT");
    assert_eq!(evs[0].trigger.text, "ودهمشت");
}

#[test]
fn a_participle_speech_act_is_the_speakers_and_not_denied() {
    // Invented: the ministry denies one thing and, in the same breath, blames another party.
    let text =
        "ونفت وزارة الداخلية في بيان وجود أي معتقلين، محمّلاً المنظمات الحقوقية مسؤولية نشر الشائعات.";
    let e = ents(
        text,
        &[("ORG", "وزارة الداخلية"), ("ORG", "المنظمات الحقوقية")],
    );
    let evs = run(text, &e, &[]);
    let ev = evs
        .iter()
        .find(|e| e.event_type == "ACCUSE")
        .expect("ACCUSE");
    assert_eq!(names(ev, "actor"), ["وزارة الداخلية"]);
    assert_eq!(names(ev, "target"), ["المنظمات الحقوقية"]);
    assert_eq!(ev.modality, Modality::Asserted);
}

#[test]
fn a_definite_title_takes_no_genitive_party() {
    let s = "وطالب وزير الخارجية الاتحاد الأوروبي بمراجعة موقفه من ملف اللاجئين.";
    let e = ents(s, &[("TITLE", "وزير الخارجية"), ("ORG", "الاتحاد الأوروبي")]);
    let evs = run(s, &e, &[]);
    let ev = first_of(&evs, "REQUEST");
    assert_eq!(names(ev, "actor"), ["وزير الخارجية"]);
    assert_eq!(names(ev, "target"), ["الاتحاد الأوروبي"]);
}

#[test]
fn a_host_with_no_other_party_is_the_meetings_party_and_place() {
    let s = "ومن المقرر أن تستضيف القاهرة مؤتمراً دولياً للمانحين في تموز المقبل.";
    let e = ents(s, &[("GPE", "القاهرة")]);
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "CONSULT").unwrap();
    assert_eq!(names(ev, "actor"), ["القاهرة"]);
    assert_eq!(ev.place.as_ref().unwrap().text, "القاهرة");
    // Talks between named parties keep the host as their place only.
    let s = "واستضافت مسقط جولة من المحادثات بين طهران وواشنطن.";
    let e = ents(s, &[("GPE", "مسقط"), ("GPE", "طهران"), ("GPE", "واشنطن")]);
    let ev = run(s, &e, &[])
        .into_iter()
        .find(|e| e.event_type == "CONSULT")
        .unwrap();
    assert_eq!(names(&ev, "actor"), ["طهران", "واشنطن"]);
}

#[test]
fn a_verb_after_a_relative_pronoun_has_the_antecedent_as_subject() {
    let s = "استقبل وزير الدولة خليفة المرر اليوم المبعوث الصيني جاي جيون، الذي يزور البلاد حالياً.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الدولة"),
            ("PER", "خليفة المرر"),
            ("TITLE", "المبعوث الصيني"),
            ("PER", "جاي جيون"),
        ],
    );
    let evs = run(s, &e, &[]);
    let visit = evs.iter().find(|e| e.trigger.text == "يزور").unwrap();
    assert_eq!(names(visit, "actor"), ["جاي جيون"]);
}

#[test]
fn a_light_verb_makes_its_noun_the_event_and_its_subject_the_speaker() {
    let s = "وأكد المبعوث جاي جيون دعم الصين للإمارات في جهودها الدبلوماسية.";
    let e = ents(
        s,
        &[
            ("TITLE", "المبعوث"),
            ("PER", "جاي جيون"),
            ("GPE", "الصين"),
            ("GPE", "إمارات"),
        ],
    );
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "SUPPORT").unwrap();
    assert_eq!(names(ev, "actor"), ["الصين"]);
    assert_eq!(names(ev, "target"), ["إمارات"]);
    assert_eq!(ev.attribution.speaker.as_ref().unwrap().text, "جاي جيون");
    assert!(evs.iter().all(|e| e.event_type != "STATEMENT"), "{evs:#?}");
    // Without a light verb the noun is no event.
    let s = "وخصصت الحكومة مبالغ لدعم المزارعين.";
    let e = ents(s, &[("ORG", "الحكومة")]);
    assert!(run(s, &e, &[]).iter().all(|e| e.event_type != "SUPPORT"));
}

#[test]
fn a_request_as_a_participle_is_the_main_clauses_actors() {
    let s = "ورحب المبعوث الأممي هانس غروندبرغ بالاتفاق، داعياً الطرفين إلى تنفيذه دون إبطاء.";
    let e = ents(s, &[("TITLE", "المبعوث الأممي"), ("PER", "هانس غروندبرغ")]);
    let evs = run(s, &e, &[]);
    let req = evs.iter().find(|e| e.event_type == "REQUEST").unwrap();
    assert_eq!(names(req, "actor"), ["هانس غروندبرغ"]);
}

#[test]
fn members_named_after_a_joining_word_are_the_parties_not_the_body() {
    let s = "تنطلق غداً في جيبوتي القمة الاستثنائية لالهيئة الحكومية للتنمية، بمشاركة رؤساء الصومال وإثيوبيا وكينيا.";
    let e = ents(
        s,
        &[
            ("GPE", "جيبوتي"),
            ("ORG", "الهيئة الحكومية للتنمية"),
            ("GPE", "الصومال"),
            ("GPE", "إثيوبيا"),
            ("GPE", "كينيا"),
        ],
    );
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "CONSULT").unwrap();
    assert_eq!(names(ev, "actor"), ["الصومال", "إثيوبيا", "كينيا"]);
}

#[test]
fn a_short_name_in_quotes_after_a_body_is_the_same_body() {
    let s = "دانت الهيئة الحكومية للتنمية «إيجاد» الهجوم على الحدود.";
    let e = ents(s, &[("ORG", "الهيئة الحكومية للتنمية"), ("ORG", "إيجاد")]);
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "ACCUSE").unwrap();
    assert_eq!(names(ev, "actor"), ["الهيئة الحكومية للتنمية"]);
    assert!(names(ev, "target").is_empty(), "{ev:#?}");
}

#[test]
fn a_city_after_a_title_is_where_its_holder_is() {
    let s = "بحث وزير الخارجية التركي هاكان فيدان، الثلاثاء، مع رئيس الوزراء العراقي في بغداد ملفات الطاقة.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الخارجية التركي"),
            ("PER", "هاكان فيدان"),
            ("TITLE", "رئيس الوزراء العراقي"),
            ("GPE", "بغداد"),
        ],
    );
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "CONSULT").unwrap();
    assert_eq!(names(ev, "target"), ["رئيس الوزراء العراقي"]);
    assert_eq!(ev.place.as_ref().unwrap().text, "بغداد");
}

#[test]
fn a_channel_between_commas_belongs_to_the_speech_or_the_frame() {
    let s = "وأعربت وزارة الخارجية، في بيان، عن إدانة الهجوم.";
    let e = ents(s, &[("ORG", "وزارة الخارجية")]);
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "ACCUSE").unwrap();
    assert_eq!(ev.attribution.channel.as_ref().unwrap().text, "بيان");
    let s = "وقال المتحدث باسم الحكومة باسم العوادي، في مؤتمر صحفي، إن رئيس الوزراء سيزور أنقرة.";
    let e = ents(
        s,
        &[
            ("TITLE", "المتحدث باسم الحكومة"),
            ("PER", "باسم العوادي"),
            ("TITLE", "رئيس الوزراء"),
            ("GPE", "أنقرة"),
        ],
    );
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "CONSULT").unwrap();
    assert_eq!(ev.attribution.channel.as_ref().unwrap().text, "مؤتمر صحفي");
    assert_eq!(
        ev.attribution.speaker.as_ref().unwrap().text,
        "باسم العوادي"
    );
}

#[test]
fn a_title_after_a_name_and_a_comma_is_that_name_again() {
    let s = "التقى السيسي محمد بن سلمان، ولي العهد رئيس مجلس الوزراء، في القاهرة.";
    let e = ents(
        s,
        &[
            ("PER", "السيسي"),
            ("PER", "محمد بن سلمان"),
            ("TITLE", "ولي العهد رئيس مجلس الوزراء"),
            ("GPE", "القاهرة"),
        ],
    );
    let evs = run(s, &e, &[]);
    let ev = &evs[0];
    assert_eq!(names(ev, "actor"), ["السيسي"]);
    assert_eq!(names(ev, "target"), ["محمد بن سلمان"], "{ev:#?}");
}

#[test]
fn a_threat_participle_after_a_statement_is_a_second_act() {
    let s = "وقال المتحدث يحيى سريع، في بيان، إن السفينة «تتعامل مع موانئ العدو»، متوعدا باستهداف أي سفينة أخرى.";
    let e = ents(s, &[("PER", "يحيى سريع")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["STATEMENT", "THREATEN"], "{evs:#?}");
}

#[test]
fn an_outlet_after_a_medium_noun_or_a_bracket_is_a_relay() {
    for (s, outlet) in [
        (
            "وقال الوزير معمر الإرياني، في تصريح لوكالة الأنباء اليمنية (سبأ)، إن الميليشيا احتجزت السفينة.",
            "سبأ",
        ),
        (
            "وقال رئيس المجلس الهادي بن شعبان، في تصريح خاص لـ(وال)، إن الاتفاق صامد.",
            "وال",
        ),
        (
            "وقال نوفاك، في تصريحات لقناة «روسيا 24»، إن السوق متوازنة.",
            "روسيا 24",
        ),
    ] {
        let mut list = Vec::new();
        if s.contains("رئيس المجلس") {
            list.push(("TITLE", "رئيس المجلس"));
        }
        for name in ["معمر الإرياني", "الهادي بن شعبان", "نوفاك"] {
            if s.contains(name) {
                list.push(("PER", name));
            }
        }
        list.push(("ORG", outlet));
        let e = ents(s, &list);
        let evs = run(s, &e, &[]);
        let relays = relays(&evs[0]);
        // The agency's full name, when the lexicon knows it, stands for its short name.
        assert!(
            relays == [outlet] || relays == ["وكالة الأنباء اليمنية"],
            "{s}: {evs:#?}"
        );
    }
}

#[test]
fn a_communique_with_no_issuer_and_a_toll_are_statements() {
    let s = "وأكد البيان الختامي التزام الدول المشاركة بمستويات الإنتاج.";
    let evs = run(s, &[], &[]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].event_type, "STATEMENT");
    assert!(evs[0].attribution.speaker.is_none());
    assert_eq!(
        evs[0].attribution.channel.as_ref().unwrap().text,
        "البيان الختامي"
    );

    let s = "وأعلنت وزارة الصحة مقتل سبعة أشخاص جراء الاشتباكات التي اندلعت ليل الثلاثاء.";
    let e = ents(s, &[("ORG", "وزارة الصحة")]);
    let evs = run(s, &e, &[]);
    assert!(types(&evs).contains(&"STATEMENT"), "{evs:#?}");
}

#[test]
fn tagger_mentions_of_joined_bodies_hyphenated_names_and_glued_prepositions_are_repaired() {
    let s = "وثمنت جبهة التحرير الوطني وحركة البناء الوطني موقف الحكومة، فيما هدد جان-نويل بارو الجزائر، ورحب وزير الخارجية لمجلس الأمن بالقرار.";
    let mut e = ents(
        s,
        &[
            ("ORG", "جبهة التحرير الوطني وحركة البناء الوطني"),
            ("PER", "جان"),
            ("PER", "نويل بارو"),
            ("GPE", "الجزائر"),
            ("ORG", "لمجلس الأمن"),
        ],
    );
    e.sort_by_key(|m| m.start);
    let x = EventExtractor::new().with_mention_completion(false);
    let doc = super::Doc::new(&x, s);
    let tidy: Vec<String> = super::tidy_mentions(&doc, &e)
        .into_iter()
        .map(|m| m.text)
        .collect();
    for want in [
        "جبهة التحرير الوطني",
        "حركة البناء الوطني",
        "جان-نويل بارو",
        "مجلس الأمن",
    ] {
        assert!(tidy.iter().any(|t| t == want), "{want}: {tidy:?}");
    }
}

#[test]
fn qad_after_kana_is_a_past_perfect_not_a_possibility() {
    let s = "وكان الوزير اليحيا قد تلقى أمس اتصالا هاتفيا من نظيره العراقي.";
    let e = ents(s, &[("PER", "اليحيا"), ("TITLE", "نظيره العراقي")]);
    let evs = run(s, &e, &[]);
    assert_eq!(evs[0].modality, Modality::Asserted, "{evs:#?}");
    let s = "وقال إن الوزير قد يتلقى اتصالا هاتفيا من نظيره العراقي.";
    let e = ents(s, &[("TITLE", "نظيره العراقي")]);
    let evs = run(s, &e, &[]);
    assert_eq!(evs[0].modality, Modality::Possible, "{evs:#?}");
}

#[test]
fn a_noun_after_a_light_verb_takes_the_verb_into_its_trigger() {
    let s = "وفرضت عقوبات جديدة على شركات شحن إيرانية.";
    let evs = run(s, &[], &[]);
    assert_eq!(evs[0].event_type, "SANCTION", "{evs:#?}");
    assert_eq!(evs[0].trigger.text, "فرضت عقوبات");
}

#[test]
fn a_light_verb_before_its_subject_still_joins_the_noun() {
    let s = "فرضت وزارة الخزانة الأمريكية، الثلاثاء، عقوبات على شركة الوادي للصرافة.";
    let e = ents(
        s,
        &[
            ("ORG", "وزارة الخزانة الأمريكية"),
            ("ORG", "شركة الوادي للصرافة"),
        ],
    );
    let evs = run(s, &e, &[timex(s, "الثلاثاء", "2026-08-25")]);
    assert_eq!(evs[0].event_type, "SANCTION", "{evs:#?}");
    assert!(evs[0].trigger.text.starts_with("فرضت"), "{evs:#?}");
    assert!(evs[0].trigger.text.ends_with("عقوبات"), "{evs:#?}");
    // Another noun between verb and object: no light verb, the trigger stays the noun.
    let s = "فرضت الأزمة المالية على الحكومة عقوبات قاسية.";
    let evs = run(s, &[], &[]);
    assert!(
        evs.iter().all(|e| !e.trigger.text.starts_with("فرضت")),
        "{evs:#?}"
    );
}

#[test]
fn a_meeting_that_brought_two_together_is_between_the_first_and_last_party() {
    let s = "كما نقل حسين رسالة من السوداني إلى مشعل الأحمد خلال لقاء جمعهما.";
    let e = ents(
        s,
        &[("PER", "حسين"), ("PER", "السوداني"), ("PER", "مشعل الأحمد")],
    );
    let evs = run(s, &e, &[]);
    let meeting = first_of(&evs, "CONSULT");
    assert_eq!(
        names(meeting, "actor"),
        ["حسين", "مشعل الأحمد"],
        "{meeting:#?}"
    );
}

#[test]
fn a_speech_participle_after_an_accusation_is_its_subjects_own_threat() {
    let s = "واتهم المنسق الوزارة بالالتفاف على المطالب، ملوّحا بالدخول في إضراب مفتوح.";
    let e = ents(s, &[("PER", "المنسق"), ("ORG", "الوزارة")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["ACCUSE", "THREATEN"], "{evs:#?}");
    assert_eq!(names(&evs[1], "actor"), ["المنسق"]);
}

#[test]
fn a_request_participle_after_a_denial_is_the_deniers_on_the_same_day() {
    let s = "ونفى المتحدث كنعاني، اليوم، أي صلة لبلاده بالحادث، داعياً دول المنطقة إلى التروي.";
    let e = ents(s, &[("PER", "كنعاني")]);
    let evs = run(s, &e, &[timex(s, "اليوم", "2026-07-08")]);
    let req = first_of(&evs, "REQUEST");
    assert_eq!(names(req, "actor"), ["كنعاني"]);
    assert_eq!(
        req.date.as_ref().unwrap().value.as_deref(),
        Some("2026-07-08")
    );
}

#[test]
fn praise_during_a_call_received_is_the_receivers() {
    let s = "تلقى رئيس الوزراء جعفر حسان اتصالاً هاتفياً من نظيره القطري، ثمّن خلاله جهود قطر.";
    let e = ents(
        s,
        &[
            ("TITLE", "رئيس الوزراء"),
            ("PER", "جعفر حسان"),
            ("TITLE", "نظيره القطري"),
            ("GPE", "قطر"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["CONSULT", "SUPPORT"], "{evs:#?}");
    assert_eq!(names(&evs[1], "actor"), ["جعفر حسان"]);
    assert_eq!(names(&evs[1], "target"), ["قطر"]);
}

#[test]
fn a_verb_inside_quoted_words_is_predicated() {
    let s = "وقال الناطق إن الحكومة «تقف بكامل أعضائها خلف الوزير».";
    let e = ents(
        s,
        &[("PER", "الناطق"), ("ORG", "الحكومة"), ("TITLE", "الوزير")],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["SUPPORT"], "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), ["الحكومة"]);
    // A noun there is what the words are about.
    let s = "وقال الناطق إن بلاده «حريصة على التعاون مع الجميع».";
    let e = ents(s, &[("PER", "الناطق")]);
    assert_eq!(types(&run(s, &e, &[])), ["STATEMENT"]);
}

#[test]
fn solidarity_after_a_condemnation_is_not_part_of_what_is_condemned() {
    let s = "وأدانت السعودية ومصر الهجوم، معربة عن تضامنها مع أبوظبي.";
    let e = ents(s, &[("GPE", "السعودية"), ("GPE", "مصر"), ("GPE", "أبوظبي")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["ACCUSE", "SUPPORT"], "{evs:#?}");
    assert_eq!(names(&evs[1], "target"), ["أبوظبي"]);
}

#[test]
fn more_sanctions_take_the_light_verb_into_the_trigger() {
    let s = "وقال الوكيل إن واشنطن ستفرض مزيداً من العقوبات على الشبكة.";
    let e = ents(s, &[("PER", "الوكيل"), ("GPE", "واشنطن")]);
    let evs = run(s, &e, &[]);
    assert_eq!(evs[0].trigger.text, "ستفرض مزيداً من العقوبات", "{evs:#?}");
    assert_eq!(evs[0].modality, Modality::Planned);
}

#[test]
fn a_protest_called_for_after_a_channel_is_proposed() {
    let s = "ودعا المنتدى، في بيان، إلى تنظيم وقفة احتجاجية أمام السفارة.";
    let e = ents(s, &[("ORG", "المنتدى")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["PROTEST"], "{evs:#?}");
    assert_eq!(evs[0].modality, Modality::Proposed);
}

#[test]
fn a_cautious_calm_is_no_warning() {
    let s = "ساد هدوء حذر مدينة الزاوية غداة هدنة هشة بين الكتيبة واللواء.";
    let e = ents(
        s,
        &[("GPE", "الزاوية"), ("ORG", "الكتيبة"), ("ORG", "اللواء")],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["AGREE"], "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), ["الكتيبة", "اللواء"]);
}

#[test]
fn what_a_body_announces_as_its_first_words_is_its_own_act() {
    let s = "أعلن الجيش، مساء السبت، استدعاء لواءين من قوات الاحتياط.";
    let e = ents(s, &[("ORG", "الجيش")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["MOBILIZE"], "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), ["الجيش"]);
    // A toll announced is not the announcer's act.
    let s = "أعلنت الوزارة مقتل ثلاثة أشخاص في القصف.";
    let e = ents(s, &[("ORG", "الوزارة")]);
    let evs = run(s, &e, &[]);
    assert!(
        evs.iter()
            .filter(|e| e.event_type == "ASSAULT")
            .all(|e| names(e, "actor").is_empty()),
        "{evs:#?}"
    );
}

#[test]
fn words_that_go_on_keep_the_outlet_that_carried_the_first() {
    let s = "وأكد الوزير سالم، في تصريح لـ«بترا»، أن المملكة لن تتنازل. \
             وأضاف أن دمشق ترفض أي حل. وحمّل الوزير دمشق المسؤولية.";
    let e = ents(
        s,
        &[
            ("PER", "سالم"),
            ("ORG", "بترا"),
            ("GPE", "دمشق"),
            ("TITLE", "الوزير"),
            ("GPE", "دمشق"),
        ],
    );
    let evs = run_doc(s, &e, &[]);
    let reject = evs.iter().find(|e| e.event_type == "REJECT").unwrap();
    assert_eq!(relays(reject), ["بترا"], "{evs:#?}");
    let accuse = evs.iter().find(|e| e.event_type == "ACCUSE").unwrap();
    assert_eq!(relays(accuse), ["بترا"], "{evs:#?}");
    assert_eq!(accuse.attribution.channel.as_ref().unwrap().text, "تصريح");
}

#[test]
fn names_inside_an_accusation_are_not_its_targets() {
    let s = "واتهمت الحركة الجيش بـ«استغلال القوافل لنقل الذخائر» إلى الدلنج وكادقلي.";
    let e = ents(
        s,
        &[
            ("ORG", "الحركة"),
            ("ORG", "الجيش"),
            ("GPE", "الدلنج"),
            ("GPE", "كادقلي"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["ACCUSE"], "{evs:#?}");
    assert_eq!(names(&evs[0], "target"), ["الجيش"]);
}

#[test]
fn a_town_after_a_locative_word_is_the_place_not_a_target() {
    let s = "وأكد الناطق أن الجهاز ضبط ثلاثة مراكب قبالة أبوكماش غربي زوارة.";
    let e = ents(
        s,
        &[
            ("PER", "الناطق"),
            ("ORG", "الجهاز"),
            ("GPE", "أبوكماش"),
            ("GPE", "زوارة"),
        ],
    );
    let evs = run(s, &e, &[]);
    let ev = evs.iter().find(|e| e.event_type == "COERCE").unwrap();
    assert_eq!(names(ev, "target"), Vec::<String>::new(), "{evs:#?}");
    assert_eq!(ev.place.as_ref().unwrap().text, "أبوكماش");
}

#[test]
fn a_convoy_that_arrives_late_in_the_sentence_is_aid_from_its_owner() {
    let s = "وصلت إلى مدينة الدلنج بولاية جنوب كردفان، اليوم الاثنين، قافلة مساعدات \
             إنسانية تضم 35 شاحنة، تابعة لبرنامج الأغذية العالمي.";
    let e = ents(
        s,
        &[
            ("GPE", "الدلنج"),
            ("LOC", "جنوب كردفان"),
            ("ORG", "برنامج الأغذية العالمي"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["AID"], "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), ["برنامج الأغذية العالمي"]);
}

#[test]
fn an_event_past_a_report_participle_is_said_through_it() {
    let s = "وقال الوزير خالد سالم إن بلاده «حريصة على الحوار»، مشيراً إلى أن جولة ثانية ستعقد في القاهرة.";
    let e = ents(s, &[("PER", "خالد سالم"), ("GPE", "القاهرة")]);
    let evs = run(s, &e, &[]);
    // The words before the participle hold no event: they are a statement of their own.
    assert_eq!(types(&evs), ["STATEMENT", "CONSULT"], "{evs:#?}");
    assert_eq!(evs[1].attribution.stance.as_deref(), Some("أشار"));
    assert_eq!(
        evs[1].attribution.speaker.as_ref().map(|s| s.text.as_str()),
        Some("خالد سالم")
    );
    // A request as a participle keeps its own stance, and the words before stay a statement.
    let s = "وأكد الوزير خالد سالم أن «أبواب الحوار مفتوحة»، داعياً النقابة إلى تغليب المصلحة.";
    let e = ents(s, &[("PER", "خالد سالم"), ("ORG", "النقابة")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["STATEMENT", "REQUEST"], "{evs:#?}");
    assert_eq!(evs[1].attribution.stance.as_deref(), Some("دعا"));
    // With no event after it, a report participle stays in the same statement.
    let s = "وقال الوزير خالد سالم إن بلاده «حريصة على الحوار»، مؤكداً أن بلاده لن تتراجع.";
    let e = ents(s, &[("PER", "خالد سالم")]);
    assert_eq!(types(&run(s, &e, &[])), ["STATEMENT"]);
}

#[test]
fn a_title_cut_off_from_its_name_is_not_a_second_party() {
    let s = "استقبل وزير الدولة خالد المرر اليوم المبعوث الخاص للحكومة الصينية إلى الشرق الأوسط جاي جيون.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الدولة"),
            ("PER", "خالد المرر"),
            ("TITLE", "المبعوث الخاص للحكومة الصينية"),
            ("PER", "جاي جيون"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["CONSULT"], "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), ["خالد المرر"]);
    assert_eq!(names(&evs[0], "target"), ["جاي جيون"]);
    assert_eq!(evs[0].parties, 2);
}

#[test]
fn talks_with_no_party_named_go_on_between_the_story_parties() {
    let s = "التقى وزير الخارجية خالد سالم نظيره السوري محمد البشير في عمّان. واختتمت مساء أمس جولة جديدة من المفاوضات دون اتفاق.";
    let e = ents(
        s,
        &[
            ("PER", "خالد سالم"),
            ("PER", "محمد البشير"),
            ("GPE", "عمّان"),
        ],
    );
    let evs = run_doc(s, &e, &[]);
    let talks = evs
        .iter()
        .find(|e| e.trigger.text.starts_with("جولة"))
        .unwrap();
    let mut parties = names(talks, "actor");
    parties.sort();
    assert_eq!(parties, ["خالد سالم", "محمد البشير"], "{evs:#?}");
}

#[test]
fn protesters_nobody_names_still_demand() {
    let s = "اعتصم ذوو الأسرى اليوم أمام مقر اللجنة الدولية، مطالبين إياها بممارسة ضغط حقيقي.";
    let e = ents(s, &[("ORG", "اللجنة الدولية")]);
    let t = [timex(s, "اليوم", "2026-06-14")];
    let evs = run(s, &e, &t);
    assert_eq!(types(&evs), ["PROTEST", "REQUEST"], "{evs:#?}");
    let req = &evs[1];
    assert!(req.attribution.speaker.is_none());
    assert_eq!(req.attribution.stance.as_deref(), Some("طالب"));
    assert!(names(req, "actor").is_empty());
    assert_eq!(names(req, "target"), ["اللجنة الدولية"]);
    assert_eq!(
        req.date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2026-06-14")
    );
    // No protest before it: a plural participle with no one to say it is no event.
    let s = "وفي سياق آخر، مطالبين بالإسراع في الصفقة.";
    assert!(types(&run(s, &[], &[])).iter().all(|t| *t != "REQUEST"));
}

#[test]
fn an_event_over_a_stretch_is_dated_to_its_first_day() {
    let s = "يخوض الأسرى إضراباً عن الطعام منذ الأحد الماضي.";
    let t = [timex(s, "منذ الأحد الماضي", "2026-10-18/2026-10-20")];
    let evs = run(s, &[], &t);
    assert_eq!(types(&evs), ["PROTEST"], "{evs:#?}");
    assert_eq!(
        evs[0].date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2026-10-18")
    );
    // A planned stretch stays one.
    let s = "سيزور الوزير خالد سالم عمّان.";
    let mut ev = run(s, &ents(s, &[("PER", "خالد سالم"), ("GPE", "عمّان")]), &[])
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(ev.modality, Modality::Planned);
    ev.date = Some(EventDate {
        span: Span {
            start: 0,
            end: 1,
            text: "x".into(),
        },
        value: Some("2026-08/2026-09".into()),
        inherited: false,
    });
    crate::date_to_start(&mut ev);
    assert_eq!(
        ev.date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2026-08/2026-09")
    );
}

#[test]
fn titles_in_apposition_before_a_name_are_that_person() {
    let s = "تلقت وزيرة التجارة، السيدة زينب سالم، اتصالاً هاتفياً من نظيرها المغربي، وزير الصناعة، السيد كريم العلوي.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزيرة التجارة"),
            ("TITLE", "السيدة"),
            ("PER", "زينب سالم"),
            ("TITLE", "نظيرها المغربي"),
            ("TITLE", "وزير الصناعة"),
            ("TITLE", "السيد"),
            ("PER", "كريم العلوي"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["CONSULT"], "{evs:#?}");
    let mut all: Vec<String> = evs[0]
        .participants
        .iter()
        .map(|p| p.span.text.clone())
        .collect();
    all.sort();
    assert_eq!(all, ["زينب سالم", "كريم العلوي"], "{evs:#?}");
}

#[test]
fn a_quoted_event_a_request_asks_for_is_proposed() {
    let s = "ودعا الاتحاد الأفريقي الطرفين إلى «وقف فوري لإطلاق النار».";
    let e = ents(s, &[("ORG", "الاتحاد الأفريقي")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["AGREE"], "{evs:#?}");
    assert_eq!(evs[0].modality, Modality::Proposed);
    // Quoted words of a statement stay the statement's.
    let s = "وقال الوزير خالد سالم إن بلاده «حريصة على التعاون».";
    let e = ents(s, &[("PER", "خالد سالم")]);
    assert_eq!(types(&run(s, &e, &[])), ["STATEMENT"]);
}

#[test]
fn an_import_ban_falls_on_the_country_named_after_it() {
    let s = "وقررت وزارة التجارة وقف استيراد الخضروات والفواكه من المغرب.";
    let e = ents(s, &[("ORG", "وزارة التجارة"), ("GPE", "المغرب")]);
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["SANCTION"], "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), ["وزارة التجارة"]);
    assert_eq!(names(&evs[0], "target"), ["المغرب"]);
}

#[test]
fn force_and_pressure_wording_of_the_newer_stories() {
    for (s, ents_list, ty) in [
        (
            "فكك المكتب المركزي خلية إرهابية في الرباط.",
            vec![("ORG", "المكتب المركزي"), ("GPE", "الرباط")],
            "COERCE",
        ),
        (
            "وعلّق الجيش مشاركته في المفاوضات مع الدعم السريع.",
            vec![("ORG", "الجيش"), ("ORG", "الدعم السريع")],
            "SANCTION",
        ),
        (
            "ولم يحضر السلطان هيثم بن طارق القمة هذا العام.",
            vec![("PER", "هيثم بن طارق")],
            "CONSULT",
        ),
    ] {
        let e = ents(s, &ents_list);
        assert_eq!(types(&run(s, &e, &[])).first(), Some(&ty), "{s}");
    }
    // تفكيك alone is not coercion (تفكيك الألغام is, but not a cell): the object decides.
    let s = "أعلنت الوزارة خطة لتفكيك المصانع القديمة.";
    assert!(!types(&run(s, &ents(s, &[("ORG", "الوزارة")]), &[])).contains(&"COERCE"));
}

#[test]
fn a_person_who_travels_to_discuss_aid_visits() {
    let s = "ويُنتظر أن يزور قائد الجيش رودولف هيكل الرياض الأسبوع المقبل لبحث آليات صرف المنحة السعودية.";
    let e = ents(
        s,
        &[
            ("TITLE", "قائد الجيش"),
            ("PER", "رودولف هيكل"),
            ("GPE", "الرياض"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(evs[0].event_type, "CONSULT", "{evs:#?}");
    assert_eq!(names(&evs[0], "actor"), ["رودولف هيكل"]);
    // A convoy that arrives is the aid, and no one visits.
    let s = "وصلت قافلة مساعدات إلى مدينة الفاشر اليوم.";
    let e = ents(s, &[("GPE", "الفاشر")]);
    assert!(!types(&run(s, &e, &[])).contains(&"CONSULT"));
}

#[test]
fn a_verb_after_kama_is_done_by_the_actor_before_it() {
    let s = "والتقى نواف سلام الوزير فيصل بن فرحان، كما اجتمع بـالمبعوث الأميركي توم براك لنحو ساعة.";
    let e = ents(
        s,
        &[
            ("PER", "نواف سلام"),
            ("PER", "فيصل بن فرحان"),
            ("TITLE", "المبعوث الأميركي"),
            ("PER", "توم براك"),
        ],
    );
    let evs = run(s, &e, &[]);
    assert_eq!(types(&evs), ["CONSULT", "CONSULT"], "{evs:#?}");
    assert_eq!(names(&evs[1], "actor"), ["نواف سلام"]);
    assert_eq!(names(&evs[1], "target"), ["توم براك"]);
}

#[test]
fn the_name_after_a_request_participle_is_asked_not_asking() {
    let s = "وكشف المتحدث سالم الحداد أن الجماعة احتجزت عشرات المدنيين، مطالباً الأمم المتحدة بموقف واضح.";
    let e = ents(
        s,
        &[
            ("PER", "سالم الحداد"),
            ("ORG", "الجماعة"),
            ("ORG", "الأمم المتحدة"),
        ],
    );
    let evs = run(s, &e, &[]);
    let req = evs
        .iter()
        .find(|e| e.event_type == "REQUEST")
        .expect("a request");
    assert_eq!(names(req, "actor"), ["سالم الحداد"], "{evs:#?}");
    assert_eq!(names(req, "target"), ["الأمم المتحدة"]);
}

#[test]
fn every_listed_subject_asks_in_a_participle() {
    let s = "ودانت الأردن والكويت وسلطنة عمان الاعتداء، داعيةً المجتمع الدولي إلى التحرك.";
    let e = ents(
        s,
        &[("GPE", "الأردن"), ("GPE", "الكويت"), ("GPE", "سلطنة عمان")],
    );
    let evs = run(s, &e, &[]);
    let req = evs
        .iter()
        .find(|e| e.event_type == "REQUEST")
        .expect("a request");
    assert_eq!(
        names(req, "actor"),
        ["الأردن", "الكويت", "سلطنة عمان"],
        "{evs:#?}"
    );
}

#[test]
fn a_group_word_asked_is_the_last_meeting_parties() {
    let s = "والتقى الوزير خالد العمري نظيره سمير داود في القاهرة. من جهته، رحّب المبعوث رامي فارس بالوساطة المصرية، داعياً الجانبين إلى ضبط النفس.";
    let e = ents(
        s,
        &[
            ("PER", "خالد العمري"),
            ("PER", "سمير داود"),
            ("GPE", "القاهرة"),
            ("PER", "رامي فارس"),
        ],
    );
    let evs = run(s, &e, &[]);
    let req = first_of(&evs, "REQUEST");
    assert_eq!(names(req, "actor"), ["رامي فارس"], "{evs:#?}");
    assert_eq!(names(req, "target"), ["خالد العمري", "سمير داود"]);
}

#[test]
fn no_comment_from_a_party_is_its_denied_statement() {
    let s = "في المقابل، لم يصدر حتى مساء أمس أي تعليق رسمي من أنقرة على القصف.";
    let e = ents(s, &[("GPE", "أنقرة")]);
    let evs = run(s, &e, &[]);
    let st = first_of(&evs, "STATEMENT");
    assert_eq!(st.modality, Modality::Denied);
    assert_eq!(names(st, "actor"), ["أنقرة"]);
    // Suspending talks is still a sanction.
    let s = "وقرر الوفد تعليق مشاركته في المفاوضات.";
    let evs = run(s, &ents(s, &[("ORG", "الوفد")]), &[]);
    let t = types(&evs);
    assert!(
        t.contains(&"SANCTION") && !t.contains(&"STATEMENT"),
        "{t:?}"
    );
}

#[test]
fn a_speech_participle_takes_the_day_of_its_clause() {
    let s = "واستقبل الرئيس قيس سعيد أمس وزير الداخلية خالد النوري، متوعداً كل من يعبث بأمن البلاد.";
    let e = ents(
        s,
        &[
            ("TITLE", "الرئيس"),
            ("PER", "قيس سعيد"),
            ("TITLE", "وزير الداخلية"),
            ("PER", "خالد النوري"),
        ],
    );
    let evs = run(s, &e, &[timex(s, "أمس", "2026-10-28")]);
    let threat = first_of(&evs, "THREATEN");
    assert_eq!(names(threat, "actor"), ["قيس سعيد"]);
    assert_eq!(
        threat.date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2026-10-28")
    );
}

#[test]
fn a_meeting_verb_with_an_object_pronoun_meets_the_subject_before() {
    let s = "وكان عباس عراقجي قد بدأ جولته في مسقط، حيث استقبله السلطان هيثم بن طارق.";
    let e = ents(
        s,
        &[
            ("PER", "عباس عراقجي"),
            ("GPE", "مسقط"),
            ("TITLE", "السلطان"),
            ("PER", "هيثم بن طارق"),
        ],
    );
    let evs = run(s, &e, &[]);
    let met = first_of(&evs, "CONSULT");
    assert_eq!(names(met, "actor"), ["هيثم بن طارق"], "{evs:#?}");
    assert_eq!(names(met, "target"), ["عباس عراقجي"]);
}

#[test]
fn the_body_that_called_a_protest_is_its_actor() {
    let s = "ونفّذ المعلمون وقفة احتجاجية أمام مقر الوزارة بدعوة من نقابة التعليم الأساسي.";
    let e = ents(s, &[("ORG", "نقابة التعليم الأساسي")]);
    let evs = run(s, &e, &[]);
    let p = first_of(&evs, "PROTEST");
    assert_eq!(names(p, "actor"), ["نقابة التعليم الأساسي"]);
}

#[test]
fn a_statement_made_after_a_reported_meeting_takes_its_day() {
    let s = "استقبل الرئيس عبد المجيد تبون أمس ناصر بوريطة. \
             وفي تصريح للصحافة عقب المقابلة، أوضح بوريطة أن العلاقات ممتازة.";
    let e = ents(
        s,
        &[
            ("TITLE", "الرئيس"),
            ("PER", "عبد المجيد تبون"),
            ("PER", "ناصر بوريطة"),
            ("PER", "بوريطة"),
        ],
    );
    let evs = run_doc(s, &e, &[timex(s, "أمس", "2026-06-22")]);
    let said = first_of(&evs, "STATEMENT");
    assert_eq!(
        said.date.as_ref().and_then(|d| d.value.as_deref()),
        Some("2026-06-22"),
        "{evs:#?}"
    );
}

#[test]
fn casualties_caused_by_strikes_are_the_ministry_statement() {
    let s = "وأعلنت وزارة الصحة، في بيان، أن الغارات أسفرت عن استشهاد أربعة مواطنين.";
    let e = ents(s, &[("ORG", "وزارة الصحة")]);
    let evs = run(s, &e, &[]);
    let said = first_of(&evs, "STATEMENT");
    assert_eq!(names(said, "actor"), ["وزارة الصحة"]);
}

#[test]
fn thanks_sit_ins_and_walk_outs_are_events() {
    let cases = [
        ("موجّهاً الشكر إلى الدوحة على وساطتها.", "SUPPORT"),
        ("ونفّذ العشرات وقفة أمام مقر الوزارة.", "PROTEST"),
        ("وقطع محتجون الطريق الدولية بالإطارات المشتعلة.", "PROTEST"),
        ("إذ غادر تسعة نواب القاعة احتجاجاً على القرار.", "PROTEST"),
        ("وخرج الآلاف في تظاهرة جابت شوارع المدينة.", "PROTEST"),
    ];
    for (s, want) in cases {
        let evs = run(s, &[], &[]);
        assert!(types(&evs).contains(&want), "{s}: {evs:#?}");
    }
}

#[test]
fn a_contract_signed_in_a_relative_clause_is_an_agreement() {
    let s = "وطعنت الكتلة في العقد الذي وقّعته وزارة النفط مع شركة شيفرون الشهر الماضي.";
    let e = ents(
        s,
        &[
            ("ORG", "الكتلة"),
            ("ORG", "وزارة النفط"),
            ("ORG", "شركة شيفرون"),
        ],
    );
    let evs = run(s, &e, &[]);
    let signed = first_of(&evs, "AGREE");
    assert_eq!(signed.trigger.text, "وقّعته");
    assert!(
        names(signed, "actor").contains(&"وزارة النفط".to_string()),
        "{evs:#?}"
    );
}

#[test]
fn a_name_right_after_a_threat_participle_is_threatened() {
    let s = "ودان المجلس السياسي الأعلى العدوان على اليمن، متوعداً أمريكا وبريطانيا بردّ قاسٍ.";
    let e = ents(
        s,
        &[
            ("ORG", "المجلس السياسي الأعلى"),
            ("GPE", "اليمن"),
            ("GPE", "أمريكا"),
            ("GPE", "بريطانيا"),
        ],
    );
    let evs = run(s, &e, &[]);
    let threat = first_of(&evs, "THREATEN");
    assert_eq!(names(threat, "actor"), ["المجلس السياسي الأعلى"], "{evs:#?}");
    assert_eq!(names(threat, "target"), ["أمريكا", "بريطانيا"]);
}

#[test]
fn chained_meeting_verbs_meet_the_names_after_them() {
    // The traveller meets whoever is named after حيث يلتقي; the name is no subject.
    let s =
        "ويتوجه وزير الخارجية المصري بدر عبد العاطي إلى عمّان غداً، حيث يلتقي العاهل الأردني الملك عبد الله الثاني.";
    let evs = run(
        s,
        &ents(
            s,
            &[
                ("TITLE", "وزير الخارجية المصري"),
                ("PER", "بدر عبد العاطي"),
                ("GPE", "عمّان"),
                ("TITLE", "العاهل الأردني"),
                ("PER", "عبد الله الثاني"),
            ],
        ),
        &[],
    );
    let meet = evs
        .iter()
        .find(|e| e.trigger.text == "يلتقي")
        .expect("يلتقي");
    assert_eq!(names(meet, "actor"), vec!["بدر عبد العاطي"], "{evs:#?}");
    assert!(
        names(meet, "target").contains(&"عبد الله الثاني".to_string()),
        "{evs:#?}"
    );
    // A second reception after كما is the same host's.
    let s =
        "واستقبل الرئيس التونسي قيس سعيّد وفد البنك الدولي، كما استقبل سفير اليابان كينجي أوكادا.";
    let evs = run(
        s,
        &ents(
            s,
            &[
                ("TITLE", "الرئيس التونسي"),
                ("PER", "قيس سعيّد"),
                ("ORG", "البنك الدولي"),
                ("TITLE", "سفير اليابان"),
                ("PER", "كينجي أوكادا"),
            ],
        ),
        &[],
    );
    let second = evs
        .iter()
        .rfind(|e| e.trigger.text == "استقبل")
        .expect("استقبل");
    assert_eq!(names(second, "actor"), vec!["قيس سعيّد"], "{evs:#?}");
    // A plural verb's names are its subjects: nothing moves.
    let s = "وصل الوفدان إلى الدوحة، حيث التقيا الوسيط القطري محمد الخليفي.";
    let evs = run(
        s,
        &ents(
            s,
            &[
                ("GPE", "الدوحة"),
                ("TITLE", "الوسيط القطري"),
                ("PER", "محمد الخليفي"),
            ],
        ),
        &[],
    );
    assert!(
        evs.iter().all(
            |e| !names(e, "target").contains(&"محمد الخليفي".to_string())
                || e.trigger.text != "التقيا"
        ),
        "{evs:#?}"
    );
}

#[test]
fn first_form_participle_is_a_second_act_and_the_words_stay_a_statement() {
    // قال X إن ...، رافضاً Y: the words are a statement, the refusal X's own act.
    let s =
        "وقال رئيس الكتلة النيابية سمير عطا الله إن «الجلسة قانونية تماماً»، رافضاً اتهامات الحكومة.";
    let evs = run(
        s,
        &ents(
            s,
            &[
                ("TITLE", "رئيس الكتلة النيابية"),
                ("PER", "سمير عطا الله"),
                ("ORG", "الحكومة"),
            ],
        ),
        &[],
    );
    assert!(types(&evs).contains(&"STATEMENT"), "{evs:#?}");
    let refusal = evs
        .iter()
        .find(|e| e.event_type == "REJECT")
        .expect("REJECT");
    assert_eq!(names(refusal, "actor"), vec!["سمير عطا الله"], "{evs:#?}");
}

/// What an agreement sets up (a joint committee) is a planned COOPERATE of the agreement's
/// parties, undated, and the committee named later in the clause is not one of them.
#[test]
fn committee_an_agreement_sets_up_is_planned_cooperation_of_its_parties() {
    let s = "التقى وزير الخارجية الأردني أيمن الصفدي نظيره السوري أسعد الشيباني أمس في عمان. واتفق الجانبان على تشكيل لجنة مشتركة على أن تعقد اللجنة اجتماعها الأول في دمشق.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الخارجية الأردني"),
            ("PER", "أيمن الصفدي"),
            ("TITLE", "نظيره السوري"),
            ("PER", "أسعد الشيباني"),
            ("GPE", "عمان"),
            ("ORG", "اللجنة"),
            ("GPE", "دمشق"),
        ],
    );
    let evs = run_doc(s, &e, &[timex(s, "أمس", "2024-01-01")]);
    let coop = evs
        .iter()
        .find(|e| e.trigger.text == "تشكيل")
        .unwrap_or_else(|| panic!("no event on تشكيل: {evs:#?}"));
    assert_eq!(coop.event_type, "COOPERATE");
    assert_eq!(coop.modality, Modality::Planned);
    assert_eq!(names(coop, "actor"), vec!["أيمن الصفدي", "أسعد الشيباني"]);
    assert_eq!(coop.date, None);
    assert_eq!(coop.place, None);
    // Elsewhere تشكيل is forming one's own government: no event.
    let s = "وأعلن رئيس الوزراء تشكيل الحكومة الجديدة أمس.";
    let e = ents(s, &[("TITLE", "رئيس الوزراء")]);
    let evs = run_doc(s, &e, &[timex(s, "أمس", "2024-01-01")]);
    assert!(evs.iter().all(|e| e.trigger.text != "تشكيل"), "{evs:#?}");
}

/// "عرب 48 - هدّد ...": a dateline of the outlet's name alone is no party to the lead.
#[test]
fn outlet_only_dateline_is_no_party() {
    let s = "عرب 48 - هدّد وزير الأمن القومي الإسرائيلي اليوم بفرض عقوبات جديدة على الأسرى.";
    let e = ents(
        s,
        &[("ORG", "عرب 48"), ("TITLE", "وزير الأمن القومي الإسرائيلي")],
    );
    let evs = run_doc(s, &e, &[timex(s, "اليوم", "2024-01-01")]);
    let threat = first_of(&evs, "THREATEN");
    assert_eq!(names(threat, "actor"), vec!["وزير الأمن القومي الإسرائيلي"]);
    assert!(names(threat, "target").is_empty(), "{threat:#?}");
}

#[test]
fn outlet_and_slash_dateline_is_no_party() {
    let s = "شفق نيوز/ وقع العراق وتركيا، أمس الثلاثاء، مذكرة تفاهم بشأن المياه.";
    let e = ents(
        s,
        &[("ORG", "شفق نيوز"), ("GPE", "العراق"), ("GPE", "تركيا")],
    );
    let evs = run_doc(s, &e, &[timex(s, "أمس الثلاثاء", "2024-01-01")]);
    let agree = first_of(&evs, "AGREE");
    assert_eq!(names(agree, "actor"), vec!["العراق", "تركيا"], "{agree:#?}");
}

#[test]
fn a_bare_definite_title_after_a_name_is_the_one_met() {
    // استقبل X الوزير الضيف: a two-word definite title with a nisba is another person.
    let s = "ويستقبل الرئيس سالم الهاشمي الوزير الفنلندي غداً في القصر.";
    let e = ents(
        s,
        &[
            ("TITLE", "الرئيس"),
            ("PER", "سالم الهاشمي"),
            ("TITLE", "الوزير الفنلندي"),
        ],
    );
    let evs = run(s, &e, &[]);
    let m = first_of(&evs, "CONSULT");
    assert_eq!(names(m, "actor"), ["سالم الهاشمي"], "{evs:#?}");
    assert_eq!(names(m, "target"), ["الوزير الفنلندي"], "{evs:#?}");
    // A full office after the name is still that name's apposition.
    let s = "والتقى منير العلوي الأمين العام للمنظمة الدولية وفداً من النقابة.";
    let e = ents(
        s,
        &[
            ("PER", "منير العلوي"),
            ("TITLE", "الأمين العام للمنظمة الدولية"),
            ("ORG", "النقابة"),
        ],
    );
    let evs = run(s, &e, &[]);
    let m = first_of(&evs, "CONSULT");
    assert_eq!(names(m, "actor"), ["منير العلوي"], "{evs:#?}");
}

#[test]
fn the_body_whose_session_is_asked_for_holds_it() {
    let s = "وطلبت النرويج عقد جلسة طارئة لمجلس الأمن خلال الأسبوع الجاري.";
    let e = ents(s, &[("GPE", "النرويج"), ("ORG", "مجلس الأمن")]);
    let evs = run(s, &e, &[]);
    let m = first_of(&evs, "CONSULT");
    assert_eq!(names(m, "actor"), ["مجلس الأمن"], "{evs:#?}");
    assert!(names(m, "target").is_empty(), "{evs:#?}");
    assert_eq!(m.modality, Modality::Proposed);
}

#[test]
fn the_two_sides_are_the_people_who_met_and_agree_on_joint_patrols() {
    let s = "التقى وزير الداخلية كريم الشامي نظيره الإسباني خوان رويث واللجنة الأمنية المشتركة في الرباط. واتفق الجانبان على تسيير دوريات بحرية مشتركة. وقال مصدر إن الجانبين توصلا إلى تفاهم على تشكيل لجنة لأمن الحدود.";
    let e = ents(
        s,
        &[
            ("TITLE", "وزير الداخلية"),
            ("PER", "كريم الشامي"),
            ("TITLE", "نظيره الإسباني"),
            ("PER", "خوان رويث"),
            ("ORG", "اللجنة الأمنية المشتركة"),
            ("GPE", "الرباط"),
        ],
    );
    let evs = run_doc(s, &e, &[]);
    let patrols = evs
        .iter()
        .find(|e| e.trigger.text.contains("دوريات"))
        .unwrap_or_else(|| panic!("no patrols: {evs:#?}"));
    assert_eq!(patrols.event_type, "COOPERATE");
    assert_eq!(patrols.modality, Modality::Planned);
    assert_eq!(
        names(patrols, "actor"),
        ["كريم الشامي", "خوان رويث"],
        "{evs:#?}"
    );
    // An agreement noun sets up a committee as the verb does.
    let committee = evs
        .iter()
        .find(|e| e.trigger.text == "تشكيل")
        .unwrap_or_else(|| panic!("no committee: {evs:#?}"));
    assert_eq!(committee.modality, Modality::Planned);
    assert_eq!(
        names(committee, "actor"),
        ["كريم الشامي", "خوان رويث"],
        "{evs:#?}"
    );
}

#[test]
fn the_author_of_what_is_rejected_is_its_target() {
    let s = "رفضت وزارة الخارجية، في بيان اليوم، المقترح الذي تقدم به المبعوث الأممي سامر الحلو بشأن الهدنة.";
    let e = ents(
        s,
        &[
            ("ORG", "وزارة الخارجية"),
            ("TITLE", "المبعوث الأممي"),
            ("PER", "سامر الحلو"),
        ],
    );
    let evs = run(s, &e, &[]);
    let r = first_of(&evs, "REJECT");
    assert_eq!(names(r, "actor"), ["وزارة الخارجية"], "{evs:#?}");
    assert_eq!(names(r, "target"), ["سامر الحلو"], "{evs:#?}");
    // A relative clause on the actor names no target.
    let s = "واتهمت المنظمة، التي تتخذ من جنيف مقراً لها، بالتقصير.";
    let e = ents(s, &[("ORG", "المنظمة"), ("GPE", "جنيف")]);
    let evs = run(s, &e, &[]);
    let a = first_of(&evs, "ACCUSE");
    assert!(names(a, "target").is_empty(), "{evs:#?}");
}

/// A dual Hijri and Gregorian dateline is cut off like any other.
#[test]
fn hijri_dateline_agency_is_no_party() {
    let s = "بورتسودان الثلاثاء 12 ربيع الأول 1448هـ الموافق 25-8-2026م (سونا) - رفضت وزارة الخارجية المقترح الأخير.";
    let e = ents(
        s,
        &[
            ("GPE", "بورتسودان"),
            ("ORG", "سونا"),
            ("ORG", "وزارة الخارجية"),
        ],
    );
    let evs = run_doc(s, &e, &[]);
    let r = first_of(&evs, "REJECT");
    assert_eq!(names(r, "actor"), ["وزارة الخارجية"], "{evs:#?}");
    assert!(names(r, "target").is_empty(), "{evs:#?}");
}

/// The first event of a type, or a panic that prints them all.
fn first_of<'a>(evs: &'a [EventMention], event_type: &str) -> &'a EventMention {
    evs.iter()
        .find(|e| e.event_type == event_type)
        .unwrap_or_else(|| panic!("no {event_type}: {evs:#?}"))
}

#[test]
fn who_must_give_way_is_the_target_of_a_threat() {
    let s = "ولوّحت النقابة بإضراب مفتوح إذا لم تستجب وزارة التربية لمطالبها.";
    let e = ents(s, &[("ORG", "النقابة"), ("ORG", "وزارة التربية")]);
    let evs = run(s, &e, &[]);
    let threat = first_of(&evs, "THREATEN");
    assert_eq!(names(threat, "actor"), vec!["النقابة"], "{evs:#?}");
    assert_eq!(names(threat, "target"), vec!["وزارة التربية"], "{evs:#?}");
    // A name in a prepositional phrase after the condition is not who must give way.
    let s = "وهدد الحزب بمقاطعة الجلسة إذا لم يستجب لمطالبه في بيروت.";
    let e = ents(s, &[("ORG", "الحزب"), ("GPE", "بيروت")]);
    let evs = run(s, &e, &[]);
    assert!(
        names(first_of(&evs, "THREATEN"), "target").is_empty(),
        "{evs:#?}"
    );
}

#[test]
fn a_pronoun_object_after_an_accusing_participle_is_the_party_named_before() {
    let s = "وقال النائب إن الحكومة «تتهرب من مسؤولياتها»، متهماً إياها بالتقصير.";
    let e = ents(s, &[("TITLE", "النائب"), ("ORG", "الحكومة")]);
    let evs = run(s, &e, &[]);
    assert_eq!(
        names(first_of(&evs, "ACCUSE"), "target"),
        vec!["الحكومة"],
        "{evs:#?}"
    );
}
