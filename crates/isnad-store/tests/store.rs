use isnad_core::*;
use isnad_store::*;

fn doc(bytes: &[u8], text: &str) -> NewDocument {
    let id = DocId::from_bytes(bytes);
    NewDocument {
        doc: CleanDoc {
            id,
            source: SourceRef::file("in/a.txt"),
            format: Format::Text,
            encoding: "UTF-8".into(),
            original: bytes.to_vec(),
            meta: DocMeta {
                outlet: Some("sana".into()),
                ..Default::default()
            },
            text: text.into(),
            normalized: text.into(),
            norm_to_text: (0..text.chars().count() as u32).collect(),
            sentences: vec![Sentence {
                start: 0,
                end: text.chars().count(),
                kind: SentenceKind::Body,
                paragraph: 0,
            }],
            offsets: OffsetMap::default(),
            removed: vec![],
        },
        content_hash: 7,
        signature: vec![1, 2, 3],
        published_value: Some("2021-07-03".into()),
        published_value_how: Some("metadata".into()),
        published_confidence: Some(1.0),
        timexes: vec![TimexRow {
            start: 0,
            end: 2,
            text: "نص".into(),
            kind: "DATE".into(),
            value: Some("2021-07-03".into()),
            anchor: None,
            modifier: None,
        }],
        mentions: vec![MentionRow {
            sentence: Some(0),
            start: 3,
            end: 8,
            label: "PER".into(),
            text: "الخبر".into(),
            norm: "خبر".into(),
            score: 1.0,
        }],
        events: vec![EventRow {
            sentence: 0,
            event_type: "CONSULT".into(),
            modality: "asserted".into(),
            fields: serde_json::json!({"trigger": {"text": "التقى"}}),
        }],
    }
}

#[test]
fn insert_is_idempotent_and_keeps_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let run = store.begin_run(&["in".into()]).unwrap();
    let bytes = "نص الخبر الأصلي".as_bytes();
    let d = doc(bytes, "نص الخبر");
    assert_eq!(store.insert_documents(run, &[d]).unwrap(), 1);
    let again = doc(bytes, "نص الخبر");
    assert_eq!(store.insert_documents(run, &[again]).unwrap(), 0);
    assert_eq!(store.document_count().unwrap(), 1);
    let id = DocId::from_bytes(bytes);
    assert!(store.has_document(&id).unwrap());
    assert_eq!(store.original(&id).unwrap().unwrap(), bytes);
    drop(store);

    // Reopening does not re-run migrations and sees the same data.
    let store = Store::open(&path).unwrap();
    let mut seen = vec![];
    store
        .for_each_document(|d| {
            seen.push(d);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].outlet.as_deref(), Some("sana"));
    assert_eq!(seen[0].sentences.len(), 1);
}

#[test]
fn copy_groups_replace_previous_assignment() {
    let mut store = Store::open_in_memory().unwrap();
    let run = store.begin_run(&[]).unwrap();
    let a = doc(b"a", "x");
    let b = doc(b"b", "x");
    let (ia, ib) = (a.doc.id.clone(), b.doc.id.clone());
    store.insert_documents(run, &[a, b]).unwrap();
    store
        .set_copy_groups(&[(ib.clone(), ia.clone(), 0.9)])
        .unwrap();
    let mut copies = vec![];
    store
        .for_each_document(|d| {
            copies.push((d.id, d.copy_of));
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert!(copies.contains(&(ib, Some(ia))));
    assert_eq!(store.signatures().unwrap().len(), 2);
}

#[test]
fn newer_schema_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
        .unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("must refuse");
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn errors_and_skips_are_recorded() {
    let store = Store::open_in_memory().unwrap();
    let run = store.begin_run(&["x".into()]).unwrap();
    store
        .record_error(
            run,
            &InputError::new("x.warc", "invalid WARC record at byte 5"),
        )
        .unwrap();
    store
        .record_skip(
            run,
            &Skipped {
                location: "e.txt".into(),
                reason: "empty file".into(),
            },
        )
        .unwrap();
    let p = store.run_problems(run).unwrap();
    assert_eq!(p.len(), 2);
    assert!(p[0].contains("invalid WARC record"));
}

#[test]
fn annotations_are_stored_once_and_grouped() {
    let mut store = Store::open_in_memory().unwrap();
    let run = store.begin_run(&[]).unwrap();
    store
        .insert_documents(run, &[doc(b"a", "x"), doc(b"b", "y"), doc(b"a", "x")])
        .unwrap();
    let mut timexes = 0;
    store
        .for_each_timex(|_, t| {
            assert_eq!(t.value.as_deref(), Some("2021-07-03"));
            timexes += 1;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(timexes, 2, "the repeated document adds none");
    let mut groups = vec![];
    store
        .for_each_mention_group(|g| {
            groups.push(g);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].mentions.len(), 2);
    let mut events = 0;
    store
        .for_each_event(|_, idx, e| {
            assert_eq!((idx, e.event_type.as_str()), (0, "CONSULT"));
            assert_eq!(e.fields["trigger"]["text"], "التقى");
            events += 1;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(events, 2);
}
