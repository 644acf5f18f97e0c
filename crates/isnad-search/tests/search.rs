//! The index built from a real store file, queried end to end.

mod fixtures;

use isnad_search::{render_table, Annotations, Query, SearchIndex, Sort};

fn setup() -> (
    tempfile::TempDir,
    isnad_store::Store,
    std::collections::HashMap<String, isnad_core::DocId>,
    SearchIndex,
) {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = fixtures::store_in(dir.path());
    let mut ix = SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    let stats = ix.update_from_store(&store).unwrap();
    assert_eq!(stats.added, 8);
    (dir, store, ids, ix)
}

fn ids_of(ix: &SearchIndex, q: &Query) -> Vec<String> {
    ix.search(q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn folds_spelling_and_clitics() {
    let (_d, _s, ids, ix) = setup();
    // Diacritics and tatweel in the document, none in the query.
    assert_eq!(
        ids_of(&ix, &Query::text("اعلنت الحكومه خطه")),
        vec![ids["solar"].0.clone()]
    );
    // Hamza folding and the article on the query side.
    assert_eq!(
        ids_of(&ix, &Query::text("الأسعار القمح")),
        vec![ids["wheat"].0.clone()]
    );
    // "بلبنان" in the text is found by "لبنان" (ambiguous proclitic on the document side).
    let hits = ids_of(&ix, &Query::text("الطرق لبنان"));
    assert_eq!(hits, vec![ids["rain"].0.clone()]);
    // Plural/feminine suffixes: "الحكومية" in the text, "حكومي" asked.
    assert_eq!(
        ids_of(&ix, &Query::text("مواقع حكومي")),
        vec![ids["script"].0.clone()]
    );
    // Arabic-Indic digits in the text match ASCII digits in the query, and back.
    assert_eq!(
        ids_of(&ix, &Query::text("2030")),
        vec![ids["solar"].0.clone()]
    );
    assert_eq!(
        ids_of(&ix, &Query::text("٤٠٠ دار")),
        vec![ids["bookfair"].0.clone()]
    );
    // Latin names inside Arabic text, case folded.
    assert_eq!(
        ids_of(&ix, &Query::text("reuters")),
        vec![ids["wheat"].0.clone()]
    );
    // Every word must match.
    assert!(ids_of(&ix, &Query::text("القمح لبنان")).is_empty());
}

#[test]
fn phrases_exclusions_and_snippets() {
    let (_d, _s, ids, ix) = setup();
    let r = ix.search(&Query::text("\"التعاون الاقتصادي\"")).unwrap();
    assert_eq!(r.total, 2);
    let r = ix.search(&Query::text("\"الاقتصادي التعاون\"")).unwrap();
    assert_eq!(r.total, 0, "word order matters in a phrase");
    let r = ix.search(&Query::text("السالم -مذكرة")).unwrap();
    assert_eq!(
        r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>(),
        vec![ids["minister-copy"].0.clone()]
    );
    // The snippet is the sentence with the most query words, marked.
    let r = ix.search(&Query::text("مديرة المعرض")).unwrap();
    let h = &r.hits[0];
    assert_eq!(h.snippet.sentence, Some(2));
    let marked: Vec<String> = h
        .snippet
        .highlights
        .iter()
        .map(|&(a, b)| h.snippet.text.chars().skip(a).take(b - a).collect())
        .collect();
    assert_eq!(marked, vec!["مديرة", "المعرض"]);
    let table = render_table(&r.hits);
    assert!(table.contains("【مديرة】 【المعرض】"), "{table}");
    assert!(table.contains("#s2"), "{table}");
}

#[test]
fn filters_by_outlet_and_date() {
    let (_d, _s, ids, ix) = setup();
    let all = Query {
        text: String::new(),
        limit: 100,
        ..Default::default()
    };
    let r = ix.search(&all).unwrap();
    assert_eq!(r.total, 8);
    // No text: newest first, undated last.
    assert_eq!(r.hits[0].id, ids["rain"].0);
    assert_eq!(r.hits[7].id, ids["undated"].0);
    let q = Query {
        outlet: Some("sahil".into()),
        ..all.clone()
    };
    assert_eq!(ix.search(&q).unwrap().total, 2);
    let q = Query {
        outlet: Some("sahil, khaleej".into()),
        ..all.clone()
    };
    assert_eq!(ix.search(&q).unwrap().total, 4);
    let q = Query {
        from: Some("2026-03-11".into()),
        to: Some("2026-03-12".into()),
        ..all.clone()
    };
    assert_eq!(ix.search(&q).unwrap().total, 3);
    let q = Query {
        to: Some("2026-02".into()),
        ..all.clone()
    };
    assert_eq!(ids_of(&ix, &q), vec![ids["solar"].0.clone()]);
    let q = Query {
        from: Some("2026-03".into()),
        sort: Sort::Oldest,
        ..all.clone()
    };
    let r = ix.search(&q).unwrap();
    assert_eq!(r.total, 6);
    assert_eq!(r.hits[0].published.as_deref(), Some("2026-03-10"));
    let bad = Query {
        from: Some("March".into()),
        ..all.clone()
    };
    let e = ix.search(&bad).unwrap_err().to_string();
    assert!(e.contains("from: 'March' is not a date"), "{e}");
    let bad = Query {
        from: Some("2026-04".into()),
        to: Some("2026-03".into()),
        ..all
    };
    assert!(ix.search(&bad).is_err());
}

#[test]
fn copies_collapse_into_one_hit() {
    let (_d, _s, ids, ix) = setup();
    let q = Query {
        collapse_copies: true,
        ..Query::text("السالم")
    };
    let r = ix.search(&q).unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].group, ids["minister"].0);
    assert_eq!(r.hits[0].copies.len(), 1);
}

#[test]
fn paging_with_offset() {
    let (_d, _s, _ids, ix) = setup();
    let q = Query {
        limit: 3,
        ..Default::default()
    };
    let p1 = ids_of(&ix, &q);
    let p2 = ids_of(
        &ix,
        &Query {
            offset: 3,
            ..q.clone()
        },
    );
    assert_eq!(p1.len(), 3);
    assert_eq!(p2.len(), 3);
    assert!(p1.iter().all(|i| !p2.contains(i)));
}

#[test]
fn updates_are_incremental_and_follow_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = fixtures::store_in(dir.path());
    let ixdir = dir.path().join("index");
    {
        let mut ix = SearchIndex::open_or_create(&ixdir).unwrap();
        assert_eq!(ix.update_from_store(&store).unwrap().added, 8);
    }
    // Reopened: nothing to do.
    let mut ix = SearchIndex::open_or_create(&ixdir).unwrap();
    let s = ix.update_from_store(&store).unwrap();
    assert_eq!((s.added, s.updated, s.unchanged), (0, 0, 8));
    // Copy groups recomputed: the copy becomes its own original again.
    store.set_copy_groups(&[]).unwrap();
    let s = ix.update_from_store(&store).unwrap();
    assert_eq!((s.added, s.updated, s.unchanged), (0, 1, 7));
    assert_eq!(ix.num_docs(), 8);
    let q = Query {
        collapse_copies: true,
        ..Query::text("السالم")
    };
    assert_eq!(ix.search(&q).unwrap().hits.len(), 2);
    // Entity mentions in the store are indexed (key and surface, folded).
    let q = Query {
        entity: Some("أحمد السالم".into()),
        limit: 10,
        ..Default::default()
    };
    let mut got = ids_of(&ix, &q);
    got.sort();
    let mut want = vec![ids["minister"].0.clone(), ids["minister-copy"].0.clone()];
    want.sort();
    assert_eq!(got, want);
    let q = Query {
        entity: Some("لبنان".into()),
        ..Default::default()
    };
    assert_eq!(ids_of(&ix, &q), vec![ids["rain"].0.clone()]);
    let q = Query {
        entity: Some("نقابة الصحفيين".into()),
        ..Default::default()
    };
    assert!(ids_of(&ix, &q).is_empty());
    // Other annotations (event types) are indexed when a caller gives them.
    let minister = ids["minister"].clone();
    let s = ix
        .update_from_store_with(&store, |d| {
            if d.id == minister {
                Annotations {
                    entities: vec!["أحمد السالم".into()],
                    event_types: vec!["Meeting".into()],
                }
            } else {
                Annotations::default()
            }
        })
        .unwrap();
    // The minister gained an event type; four others lost their entities.
    assert_eq!((s.updated, s.unchanged), (5, 3));
    let q = Query {
        event_type: Some("meeting".into()),
        ..Default::default()
    };
    assert_eq!(ids_of(&ix, &q), vec![minister.0.clone()]);
    let q = Query {
        entity: Some("لبنان".into()),
        ..Default::default()
    };
    assert!(ids_of(&ix, &q).is_empty());
    // A store without those documents: the index follows.
    let empty = isnad_store::Store::open(&dir.path().join("other.db")).unwrap();
    let s = ix.update_from_store(&empty).unwrap();
    assert_eq!(s.removed, 8);
    assert_eq!(ix.num_docs(), 0);
}

#[test]
fn foreign_or_bad_directories_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let e = SearchIndex::open_or_create(&file)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("not a directory"), "{e}");
    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("meta.json"), "{}").unwrap();
    let e = SearchIndex::open_or_create(&foreign)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("did not write"), "{e}");
    // An index of another format version is rebuilt empty.
    let old = dir.path().join("old");
    SearchIndex::open_or_create(&old).unwrap();
    std::fs::write(old.join("isnad-search.json"), r#"{"format":0}"#).unwrap();
    let ix = SearchIndex::open_or_create(&old).unwrap();
    assert_eq!(ix.num_docs(), 0);
}

#[test]
fn a_second_writer_is_reported_busy() {
    let (d, store, _ids, _ix) = setup();
    let mut a = SearchIndex::open_or_create(&d.path().join("index")).unwrap();
    let mut b = SearchIndex::open_or_create(&d.path().join("index")).unwrap();
    // Hold a's writer while b updates, via a callback that runs b inside a's scan.
    let mut busy = None;
    let _ = a.update_from_store_with(&store, |_| {
        if busy.is_none() {
            busy = Some(b.update_from_store(&store).err().map(|e| e.to_string()));
        }
        Annotations::default()
    });
    let msg = busy.flatten().expect("second writer must fail");
    assert!(msg.contains("being updated by another process"), "{msg}");
}
