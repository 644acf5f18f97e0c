//! A hand-made week of reports: which mentions become one event, what the
//! sources disagree on, and how documents group into stories.

use isnad_fuse::{fuse, ClaimInput, DocumentInput, FuseConfig, MentionInput, PartyInput};
use isnad_time::Date;

fn doc(id: &str, source: &str, outlet: &str, day: &str, ents: &[&str]) -> DocumentInput {
    DocumentInput {
        id: id.into(),
        source: source.into(),
        outlet: Some(outlet.into()),
        published: Date::parse_iso(day),
        title: Some(format!("title of {id}")),
        entities: ents.iter().map(|e| (e.to_string(), 2)).collect(),
        claims: Vec::new(),
        words: Vec::new(),
    }
}

fn party(key: &str, role: &str) -> PartyInput {
    PartyInput {
        key: key.into(),
        resolved: true,
        name: key.trim_start_matches("per:").into(),
        role: role.into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn mention(
    doc: usize,
    index: u32,
    subtype: &str,
    parties: &[&str],
    place: Option<&str>,
    date: Option<&str>,
    modality: &str,
) -> MentionInput {
    MentionInput {
        doc,
        index,
        sentence: index,
        event_type: "CONSULT".into(),
        subtype: Some(subtype.into()),
        participants: parties
            .iter()
            .enumerate()
            .map(|(i, p)| party(p, if i == 0 { "actor" } else { "target" }))
            .collect(),
        place: place.map(|p| party(p, "")),
        date: date.map(str::to_string),
        modality: modality.into(),
        ..Default::default()
    }
}

#[test]
fn one_meeting_many_reports_with_disagreements_and_a_separate_call() {
    let (a, b) = ("per:safadi", "per:shoukry");
    let mut docs = vec![
        doc("d1", "d1", "petra", "2024-03-12", &[a, b, "gpe:amman"]),
        doc("d2", "d2", "ahram", "2024-03-12", &[a, b, "gpe:amman"]),
        // A wire copy of d2: a third mention, not a third source.
        doc("d3", "d2", "alghad", "2024-03-12", &[a, b, "gpe:amman"]),
        doc("d4", "d4", "alquds", "2024-03-13", &[a, b, "gpe:amman"]),
        // Weeks later, another story entirely.
        doc(
            "d5",
            "d5",
            "spa",
            "2024-05-02",
            &["per:other", "gpe:riyadh"],
        ),
        doc("d6", "d6", "rudaw", "2024-03-12", &[a, b, "gpe:deadsea"]),
    ];
    docs[1].claims.push(ClaimInput {
        sentence: 1,
        text: "أول لقاء على هذا المستوى منذ 2011".into(),
    });
    let mentions = vec![
        mention(
            0,
            0,
            "meeting",
            &[a, b],
            Some("gpe:amman"),
            Some("2024-03-11"),
            "asserted",
        ),
        mention(
            1,
            0,
            "talks",
            &[b, a],
            Some("gpe:amman"),
            Some("2024-03-11"),
            "asserted",
        ),
        mention(
            2,
            0,
            "talks",
            &[b, a],
            Some("gpe:amman"),
            Some("2024-03-11"),
            "asserted",
        ),
        // Another day for the same meeting: a disagreement, not a new event.
        mention(
            3,
            0,
            "meeting",
            &[a, b],
            Some("gpe:amman"),
            Some("2024-03-12"),
            "asserted",
        ),
        // The phone call of 3 March between the same two men: its own event.
        mention(3, 1, "call", &[a, b], None, Some("2024-03-03"), "asserted"),
        mention(
            4,
            0,
            "meeting",
            &["per:other", "per:third"],
            Some("gpe:riyadh"),
            Some("2024-05-01"),
            "asserted",
        ),
        // ...and another place.
        mention(
            5,
            0,
            "meeting",
            &[a, b],
            Some("gpe:deadsea"),
            Some("2024-03-11"),
            "asserted",
        ),
    ];
    let f = fuse(&docs, &mentions, &FuseConfig::default());
    assert_eq!(f.events.len(), 3, "{:#?}", f.events);
    let meeting = &f.events[f.mention_event[0]];
    assert_eq!(meeting.mentions.len(), 5);
    assert_eq!(meeting.sources, 4, "the copy counts once");
    assert_ne!(
        f.mention_event[4], f.mention_event[0],
        "the call is another event"
    );
    // The best-supported date wins; the other stays as an alternative.
    assert_eq!(meeting.date.as_deref(), Some("2024-03-11"));
    let fields: Vec<&str> = meeting
        .disagreements
        .iter()
        .map(|d| d.field.as_str())
        .collect();
    assert!(
        fields.contains(&"date") && fields.contains(&"place"),
        "{fields:?}"
    );
    let date = meeting
        .disagreements
        .iter()
        .find(|d| d.field == "date")
        .unwrap();
    let alt = date
        .alternatives
        .iter()
        .find(|x| x.value == "2024-03-12")
        .unwrap();
    assert_eq!(alt.outlets, vec!["alquds".to_string()]);
    assert_eq!(meeting.place.as_ref().unwrap().key, "gpe:amman");
    assert_eq!(meeting.claims.len(), 1, "the claim follows its sentence");
    // Timeline order: the call of 3 March comes first.
    assert_eq!(
        f.mention_event[4],
        0,
        "{:?}",
        f.events
            .iter()
            .map(|e| (&e.sort_date, e.mentions.len()))
            .collect::<Vec<_>>()
    );
    assert_eq!(f.events[0].granularity.as_deref(), Some("day"));
    // Stories: the March reports together, May's report apart.
    assert_eq!(f.document_story[0], f.document_story[3]);
    assert_eq!(f.document_story[0], f.document_story[5]);
    assert_eq!(f.document_story[2], f.document_story[1]);
    assert_ne!(f.document_story[0], f.document_story[4]);
    let s = &f.stories[f.document_story[0]];
    assert_eq!(s.documents.len(), 5);
    assert_eq!(s.events.len(), 2);
}

#[test]
fn a_plan_reported_after_the_day_it_happened_is_a_disagreement() {
    let (a, b) = ("per:x", "per:y");
    let docs = vec![
        doc("d1", "d1", "one", "2024-06-01", &[a, b]),
        doc("d2", "d2", "two", "2024-06-11", &[a, b]),
        doc("d3", "d3", "three", "2024-06-12", &[a, b]),
    ];
    let mentions = vec![
        // Announced before: the normal course of things.
        mention(0, 0, "summit", &[a, b], None, Some("2024-06-10"), "planned"),
        mention(
            1,
            0,
            "summit",
            &[a, b],
            None,
            Some("2024-06-10"),
            "asserted",
        ),
        // Still "planned" after the day: the sources disagree.
        mention(2, 0, "summit", &[a, b], None, Some("2024-06-10"), "planned"),
    ];
    let f = fuse(&docs, &mentions, &FuseConfig::default());
    assert_eq!(f.events.len(), 1);
    let d: Vec<&str> = f.events[0]
        .disagreements
        .iter()
        .map(|d| d.field.as_str())
        .collect();
    assert_eq!(d, vec!["modality"]);
    // Without the late report there is nothing to flag.
    let f = fuse(&docs[..2], &mentions[..2], &FuseConfig::default());
    assert!(f.events[0].disagreements.is_empty());
    assert_eq!(f.events[0].modality, "asserted");
}

#[test]
fn statements_of_one_speaker_stay_apart_unless_their_words_match() {
    let docs = vec![
        doc("d1", "d1", "one", "2024-06-01", &["per:x"]),
        doc("d2", "d2", "two", "2024-06-01", &["per:x"]),
    ];
    let statement = |doc: usize, text: &str| MentionInput {
        doc,
        event_type: "STATEMENT".into(),
        participants: vec![party("per:x", "actor")],
        modality: "asserted".into(),
        text: text.into(),
        ..Default::default()
    };
    let f = fuse(
        &docs,
        &[
            statement(
                0,
                "قال الوزير إن المفاوضات بشأن الحدود البحرية دخلت مرحلة حاسمة",
            ),
            statement(
                1,
                "أكد الوزير أن أسعار القمح ستبقى مستقرة خلال الموسم المقبل",
            ),
        ],
        &FuseConfig::default(),
    );
    assert_eq!(f.events.len(), 2);
    let f = fuse(
        &docs,
        &[
            statement(
                0,
                "قال الوزير إن المفاوضات بشأن الحدود البحرية دخلت مرحلة حاسمة",
            ),
            statement(
                1,
                "أكد الوزير أن المفاوضات بشأن الحدود البحرية دخلت مرحلتها الحاسمة",
            ),
        ],
        &FuseConfig::default(),
    );
    assert_eq!(f.events.len(), 1);
}

#[test]
fn ministers_in_one_outlet_and_their_countries_in_another_are_one_meeting() {
    let docs = vec![
        doc("d1", "d1", "kuna", "2024-06-18", &[]),
        doc("d2", "d2", "aljarida", "2024-06-18", &[]),
        doc("d3", "d3", "nhk", "2024-06-18", &[]),
    ];
    let day = Some("2024-06-18");
    let mentions = vec![
        mention(
            0,
            0,
            "meeting",
            &["per:عبدالله_يحيا", "per:يوكو_كاميكاوا"],
            Some("gpe:gn:1"),
            day,
            "asserted",
        ),
        mention(
            1,
            0,
            "meeting",
            &["gpe:iso:KW", "gpe:iso:JP"],
            Some("gpe:gn:1"),
            day,
            "asserted",
        ),
        // A title the tagger left inside the name does not make another person.
        mention(
            2,
            0,
            "meeting",
            &["per:شيخ_عبدالله_يحيا", "per:يوكو_كاميكاوا"],
            None,
            day,
            "asserted",
        ),
    ];
    let f = fuse(&docs, &mentions, &FuseConfig::default());
    assert_eq!(
        f.events.len(),
        1,
        "{:?}",
        f.events.iter().map(|e| &e.mentions).collect::<Vec<_>>()
    );
    // Two sources naming different people, on both sides, still report two encounters,
    // even when one of them also names the countries.
    let mentions = vec![
        mention(
            0,
            0,
            "meeting",
            &["per:a_b", "per:c_d", "gpe:iso:KW"],
            None,
            day,
            "asserted",
        ),
        mention(
            1,
            0,
            "meeting",
            &["per:a_b", "per:e_f", "gpe:iso:KW"],
            None,
            day,
            "asserted",
        ),
    ];
    let f = fuse(&docs[..2], &mentions, &FuseConfig::default());
    assert_eq!(f.events.len(), 2);
}
