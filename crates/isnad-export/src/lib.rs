//! The export contract: `isnad/1` JSON and CSV tables.
//!
//! The JSON is written as a stream (one document at a time from the store),
//! so exporting a large corpus never holds it in memory. Field names of
//! `isnad/1` are only ever added, never renamed: see docs/export-schema.md
//! and docs/isnad-1.schema.json.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use isnad_core::DocId;
use isnad_core::{CharWidth, SentenceKind};
use isnad_store::{
    EventRow, MentionGroup, ResolvedEntity, Store, StoreError, StoredDocument, TimexRow,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub const SCHEMA: &str = "isnad/1";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Csv { path: String, source: csv::Error },
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

#[derive(Serialize)]
struct Published<'a> {
    value: Option<&'a str>,
    how: Option<&'a str>,
    /// 0..1: 1 for explicit metadata, lower when inferred.
    confidence: Option<f32>,
    /// The date string exactly as found in the input, if any.
    raw: Option<&'a str>,
}

#[derive(Serialize)]
struct SentenceOut {
    start: usize,
    end: usize,
    kind: &'static str,
    paragraph: u32,
    /// Byte range of the sentence in the document's original bytes.
    bytes: Option<[usize; 2]>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a str,
    path: &'a str,
    entry: Option<&'a str>,
    locator: Option<&'a str>,
    format: &'a str,
    encoding: &'a str,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    title: Option<&'a str>,
    author: Option<&'a str>,
    credits: &'a [String],
    text: &'a str,
    published: Published<'a>,
    copy_of: Option<&'a str>,
    copy_similarity: Option<f32>,
    sentences: Vec<SentenceOut>,
}

fn sentences_out(d: &StoredDocument) -> Vec<SentenceOut> {
    let width = CharWidth::for_encoding(&d.encoding);
    d.sentences
        .iter()
        .map(|s| SentenceOut {
            start: s.start,
            end: s.end,
            kind: match s.kind {
                SentenceKind::Body => "body",
                SentenceKind::Heading => "heading",
            },
            paragraph: s.paragraph,
            bytes: d
                .offsets
                .to_original(&d.text, width, s.start, s.end)
                .map(|b| [b.start, b.end]),
        })
        .collect()
}

#[derive(Serialize)]
struct TimexOut<'a> {
    doc: &'a str,
    #[serde(flatten)]
    t: &'a TimexRow,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    doc: &'a str,
    sentence: Option<u32>,
    start: usize,
    end: usize,
    text: &'a str,
    score: f32,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    aliases: Vec<&'a str>,
    /// The matching key the mentions share.
    key: &'a str,
    mentions: Vec<MentionOut<'a>>,
}

/// Stable entity id from its type and matching key.
pub fn entity_id(label: &str, norm: &str) -> String {
    let d = Sha256::digest(format!("{label}\u{0}{norm}").as_bytes());
    format!("e{}", &hex_prefix(&d[..6]))
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One entity per (type, key) group: named by its most frequent spelling,
/// the other spellings kept as aliases.
fn entity_out(g: &MentionGroup) -> EntityOut<'_> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, m) in &g.mentions {
        match counts.iter_mut().find(|(t, _)| *t == m.text) {
            Some(c) => c.1 += 1,
            None => counts.push((&m.text, 1)),
        }
    }
    // Most frequent first; ties go to the longer (fuller) form, then text order.
    counts.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.0.len().cmp(&a.0.len()))
            .then(a.0.cmp(b.0))
    });
    EntityOut {
        id: entity_id(&g.label, &g.norm),
        kind: &g.label,
        name: counts[0].0,
        aliases: counts[1..].iter().map(|c| c.0).collect(),
        key: &g.norm,
        mentions: g
            .mentions
            .iter()
            .map(|(doc, m)| MentionOut {
                doc: doc.as_str(),
                sentence: m.sentence,
                start: m.start,
                end: m.end,
                text: &m.text,
                score: m.score,
            })
            .collect(),
    }
}

/// Sentence texts of the last document looked up: events come grouped by
/// document, so each document is read once.
#[derive(Default)]
struct SentenceTexts {
    doc: Option<DocId>,
    sentences: Vec<String>,
}

impl SentenceTexts {
    fn get(&mut self, store: &Store, doc: &DocId, i: u32) -> Result<String, ExportError> {
        if self.doc.as_ref() != Some(doc) {
            self.sentences = match store.document(doc)? {
                Some(d) => {
                    let chars: Vec<char> = d.text.chars().collect();
                    d.sentences
                        .iter()
                        .map(|s| {
                            chars[s.start.min(chars.len())..s.end.min(chars.len())]
                                .iter()
                                .collect()
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            self.doc = Some(doc.clone());
        }
        Ok(self.sentences.get(i as usize).cloned().unwrap_or_default())
    }
}

/// Point an event's participants and place at the resolved entities whose
/// mentions lie inside their spans (the longest such mention wins).
fn link_event_entities(e: &mut EventRow, spans: &[(usize, usize, String)]) {
    let find = |v: &serde_json::Value| -> serde_json::Value {
        let (Some(a), Some(b)) = (v["start"].as_u64(), v["end"].as_u64()) else {
            return serde_json::Value::Null;
        };
        let (a, b) = (a as usize, b as usize);
        spans
            .iter()
            .filter(|(s, t, _)| *s >= a && *t <= b)
            .max_by_key(|(s, t, _)| t - s)
            .map(|(_, _, id)| serde_json::Value::String(id.clone()))
            .unwrap_or(serde_json::Value::Null)
    };
    if let Some(ps) = e.fields["participants"].as_array_mut() {
        for p in ps {
            p["entity"] = find(p);
        }
    }
    let place = find(&e.fields["place"].clone());
    e.fields["location"] = place;
}

#[derive(Serialize)]
struct ResolvedMentionOut<'a> {
    doc: &'a str,
    sentence: Option<u32>,
    start: usize,
    end: usize,
    text: &'a str,
    role: &'a str,
}

/// A resolved entity in the contract's shape plus its gazetteer links.
fn resolved_out(e: &ResolvedEntity) -> serde_json::Value {
    let mentions: Vec<ResolvedMentionOut> = e
        .mentions
        .iter()
        .map(|m| ResolvedMentionOut {
            doc: m.doc.as_str(),
            sentence: m.sentence,
            start: m.start,
            end: m.end,
            text: &m.text,
            role: &m.role,
        })
        .collect();
    serde_json::json!({
        "id": e.id,
        "type": e.kind,
        "name": e.name,
        "aliases": e.aliases,
        "gazetteer": e.gazetteer,
        "mentions": mentions,
    })
}

/// Stable event-mention id: the document and the mention's index in it.
pub fn event_id(doc: &DocId, idx: u32) -> String {
    format!("v{}-{idx}", &doc.as_str()[1..])
}

/// One `isnad/1` event per mention (merging across documents is the fusion
/// stage's job): the contract's keys first, then every field the events
/// stage found.
fn event_out(doc: &DocId, idx: u32, e: &EventRow, sentence: String) -> serde_json::Value {
    let f = &e.fields;
    let participants: Vec<serde_json::Value> = f["participants"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.get("entity").cloned())
                .filter(|v| !v.is_null())
                .collect()
        })
        .unwrap_or_default();
    let attribution = &f["attribution"];
    serde_json::json!({
        "id": event_id(doc, idx),
        "type": e.event_type,
        "subtype": f["subtype"],
        "modality": e.modality,
        "modality_cue": f["modality_cue"],
        "date": {
            "value": f["date"]["value"],
            "text": f["date"]["span"]["text"],
            "inherited": f["date"]["inherited"],
        },
        "location": f["location"],
        "place": f["place"]["text"],
        "participants": participants,
        "participant_details": f["participants"],
        "parties": f["parties"],
        "trigger": f["trigger"],
        "topics": f["topics"],
        "mentions": [{"doc": doc.as_str(), "sentence": e.sentence, "text": sentence}],
        "sources": [{
            "doc": doc.as_str(),
            "speaker": attribution["speaker"]["text"],
            "speaker_label": attribution["speaker_label"],
            "channel": attribution["channel"]["text"],
            "relays": attribution["relays"].as_array().map(|r| r.iter().map(|x| x["text"].clone()).collect::<Vec<_>>()).unwrap_or_default(),
            "outlet": attribution["outlet"],
            "stance": attribution["stance"],
        }],
        "disagreements": [],
    })
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Write one element of a JSON array: a comma before all but the first.
fn array_item(
    out: &mut impl Write,
    first: &mut bool,
    item: &impl Serialize,
) -> Result<(), ExportError> {
    let io = |e: io::Error| ExportError::Io {
        path: "output".into(),
        source: e,
    };
    out.write_all(if *first { b"\n" } else { b",\n" })
        .map_err(io)?;
    *first = false;
    serde_json::to_writer(&mut *out, item)?;
    Ok(())
}

/// Write the whole store as one `isnad/1` JSON document to `out`.
pub fn write_json(store: &Store, out: &mut impl Write) -> Result<u64, ExportError> {
    let io = |e: io::Error| ExportError::Io {
        path: "output".into(),
        source: e,
    };
    write!(out, "{{\"schema\":\"{SCHEMA}\",\"documents\":[").map_err(io)?;
    let mut n = 0u64;
    store.for_each_document(|d| {
        let sentences = sentences_out(&d);
        let o = DocumentOut {
            id: d.id.as_str(),
            path: &d.source.path,
            entry: d.source.entry.as_deref(),
            locator: d.source.locator.as_deref(),
            format: &d.format,
            encoding: &d.encoding,
            url: d.url.as_deref(),
            outlet: d.outlet.as_deref(),
            title: d.title.as_deref(),
            author: d.author.as_deref(),
            credits: &d.credits,
            text: &d.text,
            published: Published {
                value: d.published_value.as_deref(),
                how: d.published_how.as_deref(),
                confidence: d.published_confidence,
                raw: d.published_raw.as_deref(),
            },
            copy_of: d.copy_of.as_ref().map(|c| c.as_str()),
            copy_similarity: d.copy_similarity,
            sentences,
        };
        if n > 0 {
            out.write_all(b",").map_err(io)?;
        }
        out.write_all(b"\n").map_err(io)?;
        serde_json::to_writer(&mut *out, &o)?;
        n += 1;
        Ok::<_, ExportError>(())
    })?;
    out.write_all(b"\n],\"entities\":[").map_err(io)?;
    let mut first = true;
    let resolved = store.resolved_entity_count()? > 0;
    if resolved {
        store.for_each_resolved_entity(|e| array_item(out, &mut first, &resolved_out(&e)))?;
    } else {
        // Before resolution has run: one entity per (type, matching key).
        store.for_each_mention_group(|g| array_item(out, &mut first, &entity_out(&g)))?;
    }
    out.write_all(b"\n],\"timexes\":[").map_err(io)?;
    let mut first = true;
    store.for_each_timex(|doc, t| {
        array_item(
            out,
            &mut first,
            &TimexOut {
                doc: doc.as_str(),
                t: &t,
            },
        )
    })?;
    out.write_all(b"\n],\"events\":[").map_err(io)?;
    let mut first = true;
    if store.fused_event_count()? > 0 {
        // The fusion stage ran: one event per real occurrence, citing every mention.
        store.for_each_fused_event(|e| array_item(out, &mut first, &e))?;
    } else {
        let mut texts = SentenceTexts::default();
        let spans = if resolved {
            Some(store.entity_spans()?)
        } else {
            None
        };
        store.for_each_event(|doc, idx, mut e| {
            if let Some(spans) = &spans {
                link_event_entities(&mut e, spans.get(&doc).map(Vec::as_slice).unwrap_or(&[]));
            }
            let sentence = texts.get(store, &doc, e.sentence)?;
            array_item(out, &mut first, &event_out(&doc, idx, &e, sentence))
        })?;
    }
    out.write_all(b"\n],\"stories\":[").map_err(io)?;
    let mut first = true;
    store.for_each_story(|s| array_item(out, &mut first, &s))?;
    out.write_all(b"\n]}\n").map_err(io)?;
    out.flush().map_err(io)?;
    Ok(n)
}

/// Write the store as `isnad/1` JSON to the file `path`.
pub fn write_json_file(store: &Store, path: &Path) -> Result<u64, ExportError> {
    let f = File::create(path).map_err(io_err(path))?;
    let mut w = BufWriter::new(f);
    write_json(store, &mut w)
}

/// Write `documents.csv`, `sentences.csv`, `entities.csv`, `events.csv` and
/// `timexes.csv` into `dir` (created if missing). Columns: docs/export-schema.md.
pub fn write_csv_dir(store: &Store, dir: &Path) -> Result<u64, ExportError> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let open = |name: &str| -> Result<(csv::Writer<File>, String), ExportError> {
        let p = dir.join(name);
        let shown = p.display().to_string();
        let w = csv::Writer::from_path(&p).map_err(|source| ExportError::Csv {
            path: shown.clone(),
            source,
        })?;
        Ok((w, shown))
    };
    let (mut docs, docs_path) = open("documents.csv")?;
    let (mut sents, sents_path) = open("sentences.csv")?;
    let csv_err = |path: &str| {
        let path = path.to_string();
        move |source| ExportError::Csv { path, source }
    };
    docs.write_record([
        "id",
        "path",
        "url",
        "outlet",
        "title",
        "published",
        "published_how",
        "copy_of",
        "sentences",
        "chars",
    ])
    .map_err(csv_err(&docs_path))?;
    sents
        .write_record(["doc", "index", "start", "end", "kind", "text"])
        .map_err(csv_err(&sents_path))?;
    let mut n = 0u64;
    store.for_each_document(|d| {
        docs.write_record([
            d.id.as_str(),
            &d.source.to_string(),
            d.url.as_deref().unwrap_or(""),
            d.outlet.as_deref().unwrap_or(""),
            d.title.as_deref().unwrap_or(""),
            d.published_value.as_deref().unwrap_or(""),
            d.published_how.as_deref().unwrap_or(""),
            d.copy_of.as_ref().map(|c| c.as_str()).unwrap_or(""),
            &d.sentences.len().to_string(),
            &d.text.chars().count().to_string(),
        ])
        .map_err(csv_err(&docs_path))?;
        let chars: Vec<char> = d.text.chars().collect();
        for (i, s) in d.sentences.iter().enumerate() {
            let text: String = chars[s.start.min(chars.len())..s.end.min(chars.len())]
                .iter()
                .collect();
            let kind = match s.kind {
                SentenceKind::Heading => "heading",
                SentenceKind::Body => "body",
            };
            sents
                .write_record([
                    d.id.as_str(),
                    &i.to_string(),
                    &s.start.to_string(),
                    &s.end.to_string(),
                    kind,
                    &text,
                ])
                .map_err(csv_err(&sents_path))?;
        }
        n += 1;
        Ok::<_, ExportError>(())
    })?;
    docs.flush().map_err(io_err(dir))?;
    sents.flush().map_err(io_err(dir))?;
    let (mut ents, ents_path) = open("entities.csv")?;
    ents.write_record(["id", "type", "name", "aliases", "mentions"])
        .map_err(csv_err(&ents_path))?;
    if store.resolved_entity_count()? > 0 {
        store.for_each_resolved_entity(|e| {
            ents.write_record([
                e.id.as_str(),
                &e.kind,
                &e.name,
                &e.aliases.join(" | "),
                &e.mentions.len().to_string(),
            ])
            .map_err(csv_err(&ents_path))?;
            Ok::<_, ExportError>(())
        })?;
    } else {
        store.for_each_mention_group(|g| {
            let e = entity_out(&g);
            ents.write_record([
                e.id.as_str(),
                e.kind,
                e.name,
                &e.aliases.join(" | "),
                &e.mentions.len().to_string(),
            ])
            .map_err(csv_err(&ents_path))?;
            Ok::<_, ExportError>(())
        })?;
    }
    ents.flush().map_err(io_err(dir))?;
    let (mut tmx, tmx_path) = open("timexes.csv")?;
    tmx.write_record(["doc", "start", "end", "text", "value", "anchor"])
        .map_err(csv_err(&tmx_path))?;
    store.for_each_timex(|doc, t| {
        tmx.write_record([
            doc.as_str(),
            &t.start.to_string(),
            &t.end.to_string(),
            &t.text,
            t.value.as_deref().unwrap_or(""),
            t.anchor.as_deref().unwrap_or(""),
        ])
        .map_err(csv_err(&tmx_path))?;
        Ok::<_, ExportError>(())
    })?;
    tmx.flush().map_err(io_err(dir))?;
    let (mut ev, ev_path) = open("events.csv")?;
    ev.write_record([
        "id",
        "type",
        "modality",
        "date",
        "location",
        "participants",
        "mentions",
    ])
    .map_err(csv_err(&ev_path))?;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let ids = |o: &serde_json::Value| -> String {
        o["participants"]
            .as_array()
            .map(|a| a.iter().map(text).collect::<Vec<_>>())
            .unwrap_or_default()
            .join(" | ")
    };
    if store.fused_event_count()? > 0 {
        store.for_each_fused_event(|o| {
            let cites: Vec<String> = o["mentions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| format!("{}#{}", text(&m["doc"]), m["sentence"]))
                .collect();
            ev.write_record([
                text(&o["id"]),
                text(&o["type"]),
                text(&o["modality"]),
                text(&o["date"]["value"]),
                text(&o["location"]),
                ids(&o),
                cites.join(" | "),
            ])
            .map_err(csv_err(&ev_path))?;
            Ok::<_, ExportError>(())
        })?;
    } else {
        store.for_each_event(|doc, idx, e| {
            let o = event_out(&doc, idx, &e, String::new());
            ev.write_record([
                text(&o["id"]),
                e.event_type.clone(),
                e.modality.clone(),
                text(&o["date"]["value"]),
                text(&o["location"]),
                ids(&o),
                format!("{}#{}", doc, e.sentence),
            ])
            .map_err(csv_err(&ev_path))?;
            Ok::<_, ExportError>(())
        })?;
    }
    ev.flush().map_err(io_err(dir))?;
    let (mut st, st_path) = open("stories.csv")?;
    st.write_record(["id", "title", "first", "last", "documents", "events"])
        .map_err(csv_err(&st_path))?;
    store.for_each_story(|o| {
        let list = |v: &serde_json::Value| -> String {
            v.as_array()
                .map(|a| a.iter().map(text).collect::<Vec<_>>())
                .unwrap_or_default()
                .join(" | ")
        };
        st.write_record([
            text(&o["id"]),
            text(&o["title"]),
            text(&o["first"]),
            text(&o["last"]),
            list(&o["documents"]),
            list(&o["events"]),
        ])
        .map_err(csv_err(&st_path))?;
        Ok::<_, ExportError>(())
    })?;
    st.flush().map_err(io_err(dir))?;
    Ok(n)
}
