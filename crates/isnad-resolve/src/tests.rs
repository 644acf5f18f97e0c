//! Scenario tests of the resolver on short articles written for isnad.

use super::*;

/// Mentions from inline markup `[TYPE text]` (no nesting): returns the text
/// and the mentions, so tests read like the article.
fn doc(marked: &str) -> (String, Vec<MentionIn>) {
    let mut text = String::new();
    let mut out = Vec::new();
    let mut n = 0usize;
    let mut rest = marked;
    while let Some(i) = rest.find('[') {
        let before = &rest[..i];
        text.push_str(before);
        n += before.chars().count();
        let j = rest[i..].find(']').expect("closing bracket") + i;
        let inner = &rest[i + 1..j];
        let (label, surface) = inner.split_once(' ').expect("type and text");
        let len = surface.chars().count();
        out.push(MentionIn {
            start: n,
            end: n + len,
            label: label.into(),
            text: surface.into(),
        });
        text.push_str(surface);
        n += len;
        rest = &rest[j + 1..];
    }
    text.push_str(rest);
    (text, out)
}

struct Corpus(Vec<(String, String, Option<String>, Vec<MentionIn>)>);

impl Corpus {
    fn new(docs: &[(&str, Option<&str>, &str)]) -> Self {
        Corpus(
            docs.iter()
                .map(|(id, date, m)| {
                    let (t, ms) = doc(m);
                    (id.to_string(), t, date.map(str::to_string), ms)
                })
                .collect(),
        )
    }
    fn resolve(&self) -> Resolution {
        let inputs: Vec<DocInput> = self
            .0
            .iter()
            .map(|(id, t, d, ms)| DocInput {
                doc_id: id,
                text: t,
                date: d.as_deref(),
                mentions: ms,
            })
            .collect();
        Resolver::new().resolve(&inputs)
    }
}

/// The entity holding the mention whose text is `surface` in `doc`.
fn ent<'a>(r: &'a Resolution, doc: &str, surface: &str) -> &'a Entity {
    r.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.doc == doc && m.text == surface))
        .unwrap_or_else(|| panic!("no mention {surface} in {doc}"))
}

#[test]
fn surname_and_title_join_the_person_within_a_document() {
    let c = Corpus::new(&[(
        "a",
        Some("2024-03-01"),
        "استقبل [TITLE وزير الخارجية الأردني] [PER أيمن الصفدي] أمس وفدا. وقال [PER الصفدي] إن [TITLE وزير الخارجية الأردني] سيزور [GPE دمشق].",
    )]);
    let r = c.resolve();
    let e = ent(&r, "a", "أيمن الصفدي");
    assert_eq!(e.kind, "PER");
    assert_eq!(e.name, "أيمن الصفدي");
    assert_eq!(
        e.mentions
            .iter()
            .filter(|m| m.role == MentionRole::Title)
            .count(),
        2
    );
    assert!(e.mentions.iter().any(|m| m.text == "الصفدي"));
    assert!(e.roles.iter().any(|(o, c)| o == "وزير خارجيه" && c == "JO"));
    let dam = ent(&r, "a", "دمشق");
    assert_eq!(dam.gazetteer.as_ref().unwrap().geonames_id, Some(170654));
    assert_eq!(
        dam.gazetteer.as_ref().unwrap().country.as_deref(),
        Some("SY")
    );
    // The adjective inside the title is a mention of Jordan.
    let jo = ent(&r, "a", "الأردني");
    assert_eq!(jo.id, "gpe:iso:JO");
}

#[test]
fn counterpart_takes_the_office_of_the_other_participant() {
    let c = Corpus::new(&[
        (
            "a",
            Some("2024-03-01"),
            "بحث [TITLE وزير الخارجية التركي] [PER هاكان فيدان] مع [TITLE نظيره الروسي] [PER سيرغي لافروف] الأزمة.",
        ),
        (
            "b",
            Some("2024-03-04"),
            "اتصل [TITLE وزير الخارجية التركي] [PER هاكان فيدان] هاتفيا بنظيره الروسي، وبحثا الوضع.",
        ),
        ("c", Some("2024-03-05"), "قال [PER سيرجي لافروف] إن موسكو منفتحة."),
    ]);
    let r = c.resolve();
    let lavrov = ent(&r, "a", "سيرغي لافروف");
    assert!(lavrov
        .mentions
        .iter()
        .any(|m| m.doc == "a" && m.role == MentionRole::Counterpart));
    // The bare نظيره in b goes to Lavrov through the role table.
    assert!(lavrov
        .mentions
        .iter()
        .any(|m| m.doc == "b" && m.role == MentionRole::Counterpart));
    // Spelling variant across documents.
    assert!(lavrov.mentions.iter().any(|m| m.doc == "c"));
    let fidan = ent(&r, "a", "هاكان فيدان");
    assert_ne!(fidan.id, lavrov.id);
    assert!(fidan.mentions.iter().any(|m| m.doc == "b"));
}

#[test]
fn two_abdullahs_and_two_ministers_stay_apart() {
    let c = Corpus::new(&[
        (
            "a",
            Some("2024-05-01"),
            "استقبل [TITLE الملك] [PER عبد الله الثاني] [TITLE وزير الخارجية الإماراتي] [PER عبد الله بن زايد].",
        ),
        (
            "b",
            Some("2024-05-02"),
            "التقى [TITLE وزير الخارجية المصري] [PER سامح شكري] [TITLE وزير الخارجية الأردني] [PER أيمن الصفدي]. وقال [TITLE وزير الخارجية المصري] إن اللقاء مثمر.",
        ),
        ("c", Some("2024-05-03"), "أكد [PER عبدالله الثاني] دعمه."),
    ]);
    let r = c.resolve();
    assert_ne!(
        ent(&r, "a", "عبد الله الثاني").id,
        ent(&r, "a", "عبد الله بن زايد").id
    );
    assert_eq!(
        ent(&r, "a", "عبد الله الثاني").id,
        ent(&r, "c", "عبدالله الثاني").id
    );
    assert_ne!(ent(&r, "b", "سامح شكري").id, ent(&r, "b", "أيمن الصفدي").id);
    let shoukry = ent(&r, "b", "سامح شكري");
    assert_eq!(
        shoukry
            .mentions
            .iter()
            .filter(|m| m.role == MentionRole::Title)
            .count(),
        2
    );
}

#[test]
fn role_links_are_bounded_by_the_article_date() {
    let c = Corpus::new(&[
        (
            "a",
            Some("2020-01-10"),
            "قال [TITLE رئيس الوزراء الأردني] [PER عمر الرزاز] إن الحكومة ماضية.",
        ),
        (
            "b",
            Some("2023-06-01"),
            "قال [TITLE رئيس الوزراء الأردني] [PER بشر الخصاونة] إن الموازنة جاهزة.",
        ),
        (
            "c",
            Some("2023-07-01"),
            "أعلن [TITLE رئيس الوزراء الأردني] خطة جديدة.",
        ),
        (
            "d",
            Some("2020-02-01"),
            "أعلن [TITLE رئيس الحكومة الأردنية] خطة جديدة.",
        ),
        (
            "e",
            Some("2027-01-01"),
            "أعلن [TITLE رئيس الوزراء الأردني] خطة جديدة.",
        ),
    ]);
    let r = c.resolve();
    assert!(ent(&r, "c", "رئيس الوزراء الأردني").name == "بشر الخصاونة");
    assert!(ent(&r, "d", "رئيس الحكومة الأردنية").name == "عمر الرزاز");
    // Too far from any attested date: left alone.
    assert_eq!(ent(&r, "e", "رئيس الوزراء الأردني").mentions.len(), 1);
}

#[test]
fn organisations_merge_over_their_variants() {
    let c = Corpus::new(&[
        (
            "a",
            Some("2024-01-01"),
            "قالت [ORG وزارة الخارجية الروسية] في بيان نقلته [ORG وكالة رويترز] إن...",
        ),
        (
            "b",
            Some("2024-01-02"),
            "ذكرت [ORG «رويترز»] أن [ORG الخارجية الروسية] نفت ذلك.",
        ),
        (
            "c",
            Some("2024-01-03"),
            "نقلت [ORG Reuters] عن [ORG وزارة الخارجية] في [GPE روسيا] قولها...",
        ),
        (
            "d",
            Some("2024-01-03"),
            "قالت [ORG وزارة الخارجية الأمريكية] إن...",
        ),
    ]);
    let r = c.resolve();
    let reu = ent(&r, "a", "وكالة رويترز");
    assert_eq!(reu.id, "org:reuters");
    assert_eq!(reu.id, ent(&r, "b", "«رويترز»").id);
    assert_eq!(reu.id, ent(&r, "c", "Reuters").id);
    let mfa = ent(&r, "a", "وزارة الخارجية الروسية");
    assert_eq!(mfa.id, ent(&r, "b", "الخارجية الروسية").id);
    assert_eq!(mfa.id, ent(&r, "c", "وزارة الخارجية").id);
    assert_ne!(mfa.id, ent(&r, "d", "وزارة الخارجية الأمريكية").id);
    assert_eq!(mfa.name, "وزارة الخارجية الروسية");
}

#[test]
fn bad_spans_are_ignored_not_a_panic() {
    let ms = vec![MentionIn {
        start: 5,
        end: 500,
        label: "PER".into(),
        text: "x".into(),
    }];
    let r = Resolver::new().resolve(&[DocInput {
        doc_id: "x",
        text: "قصير",
        date: Some("not a date"),
        mentions: &ms,
    }]);
    assert!(r.entities.is_empty());
}
