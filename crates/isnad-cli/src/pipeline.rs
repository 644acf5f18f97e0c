//! `isnad analyze`: the per-document stages streamed in bounded batches,
//! then the corpus stages over the store.
//!
//! Two passes over the inputs: the first only counts line fingerprints per
//! outlet (what recurs across an outlet's pages is its chrome), the second
//! cleans with those counts. Both passes stream; memory stays bounded by the
//! batch size, whatever the corpus size.

use std::io::Read;

use anyhow::Context;
use isnad_clean::{Cleaner, OutletLineStats};
use isnad_core::{DocId, RawDoc};
use isnad_dedup::{CopyDetector, DedupParams, MinHasher, Signature};
use isnad_events::{EntitySpan, EventExtractor, TimexSpan};
use isnad_ingest::{read_inputs, IngestOptions, Item};
use isnad_ner::{Mention, NerModel};
use isnad_resolve::{DocInput, MentionIn, Resolver};
use isnad_store::{
    EventRow, MentionRow, NewDocument, ResolvedEntity, ResolvedMention, RunCounts, Store, TimexRow,
};
use isnad_time::{Dct, DctHow, TimeTagger};
use rayon::prelude::*;

use crate::{progress, AnalyzeArgs, EXIT_INPUT_FAILED, EXIT_OK};

/// Documents cleaned in parallel and committed in one transaction.
pub const BATCH: usize = 256;
const LINE_STATS_KEY: &str = "outlet_line_stats";

/// The per-document stages, built once and shared by the worker threads.
pub struct Stages {
    pub cleaner: Cleaner,
    pub hasher: MinHasher,
    pub time: TimeTagger,
    pub ner: NerModel,
    pub events: EventExtractor,
}

impl Stages {
    /// Fails only when the entity model cannot be loaded (its path and the
    /// problem are in the error; `ISNAD_NER_MODEL` points elsewhere).
    pub fn new() -> anyhow::Result<Self> {
        Ok(Stages {
            cleaner: Cleaner::new(),
            hasher: MinHasher::new(DedupParams::default()),
            time: TimeTagger::new(),
            ner: NerModel::load_default().context("loading the entity model")?,
            events: EventExtractor::try_new()
                .map_err(|e| anyhow::anyhow!("events lexicon: {e}"))?,
        })
    }

    /// clean → signature → dates (publication date, temporal expressions).
    pub fn process(&self, raw: RawDoc, stats: &OutletLineStats) -> NewDocument {
        let (doc, signature, content_hash) = self.clean_and_sign(raw, stats);
        let mut timexes = self.time.find(&doc.text);
        // The publication date anchors every relative expression: from the
        // metadata, URL or dateline, else inferred from the text itself.
        let dct = isnad_time::dct_from_metadata(
            doc.meta.published.as_deref(),
            doc.meta.url.as_deref(),
            &doc.text,
        )
        .or_else(|| isnad_time::infer_dct(&doc.text, &timexes));
        if let Some(dct) = &dct {
            self.time.resolve(&doc.text, &mut timexes, dct);
        }
        let tagged = self.ner.tag(&doc.text);
        let events = self.event_rows(&doc, &tagged, &timexes, dct.map(|d| d.date));
        let mentions = mention_rows(&doc.sentences, tagged);
        NewDocument {
            published_value: dct.map(|d| d.date.to_string()),
            published_value_how: dct.map(|d| d.how.as_str().to_string()),
            published_confidence: dct.map(|d| d.confidence),
            timexes: timexes.into_iter().map(timex_row).collect(),
            mentions,
            events,
            doc,
            content_hash,
            signature,
        }
    }
}

impl Stages {
    /// The foundation stages alone: clean, MinHash signature, content hash.
    pub fn clean_and_sign(
        &self,
        raw: RawDoc,
        stats: &OutletLineStats,
    ) -> (isnad_core::CleanDoc, Vec<u8>, u64) {
        let doc = self.cleaner.clean(raw, stats);
        let signature = self.hasher.signature(&doc.normalized).to_bytes();
        // Over the normalised text: a copy differing only in diacritics or
        // digit style is still exact.
        let content_hash = isnad_dedup::content_hash(&doc.normalized);
        (doc, signature, content_hash)
    }

    /// Event mentions of one document, their participants and place mapped to
    /// the ids of the entities the export lists.
    fn event_rows(
        &self,
        doc: &isnad_core::CleanDoc,
        mentions: &[Mention],
        timexes: &[isnad_time::Timex],
        published: Option<isnad_time::Date>,
    ) -> Vec<EventRow> {
        let sentences: Vec<(usize, usize)> =
            doc.sentences.iter().map(|s| (s.start, s.end)).collect();
        let spans: Vec<EntitySpan> = mentions
            .iter()
            .map(|m| EntitySpan {
                start: m.start,
                end: m.end,
                label: m.label.as_str().to_string(),
                text: m.text.clone(),
            })
            .collect();
        let times: Vec<TimexSpan> = timexes
            .iter()
            .map(|t| TimexSpan {
                start: t.start,
                end: t.end,
                text: t.text.clone(),
                value: t.value.clone(),
                after_publication: published
                    .zip(t.value.as_deref())
                    .is_some_and(|(d, v)| isnad_fuse::after_day(v, d)),
            })
            .collect();
        // The entity a span of text names: the tagged mention inside it.
        let entity_of = |start: usize, end: usize| -> Option<String> {
            mentions
                .iter()
                .filter(|m| m.start >= start && m.end <= end)
                .max_by_key(|m| m.end - m.start)
                .map(|m| {
                    isnad_export::entity_id(m.label.as_str(), &isnad_arabic::match_key(&m.text))
                })
        };
        self.events
            .extract_document(
                &doc.text,
                &sentences,
                &spans,
                &times,
                doc.meta.outlet.as_deref(),
            )
            .into_iter()
            .map(|e| {
                let participants: Vec<serde_json::Value> = e
                    .participants
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "entity": entity_of(p.span.start, p.span.end),
                            "text": p.span.text, "start": p.span.start, "end": p.span.end,
                            "role": p.role, "label": p.label,
                        })
                    })
                    .collect();
                let fields = serde_json::json!({
                    "subtype": e.subtype,
                    "trigger": e.trigger,
                    "parties": e.parties,
                    "participants": participants,
                    "place": e.place,
                    "location": e.place.as_ref().and_then(|p| entity_of(p.start, p.end)),
                    "date": e.date,
                    "modality_cue": e.modality_cue,
                    "topics": e.topics,
                    "attribution": e.attribution,
                });
                EventRow {
                    sentence: e.sentence as u32,
                    event_type: e.event_type,
                    modality: e.modality.as_str().to_string(),
                    fields,
                }
            })
            .collect()
    }
}

/// Entity mentions with the sentence that holds them and their matching key.
fn mention_rows(sentences: &[isnad_core::Sentence], mentions: Vec<Mention>) -> Vec<MentionRow> {
    mentions
        .into_iter()
        .map(|m| MentionRow {
            sentence: sentences
                .iter()
                .position(|s| s.start <= m.start && m.end <= s.end)
                .map(|i| i as u32),
            start: m.start,
            end: m.end,
            label: m.label.as_str().to_string(),
            norm: isnad_arabic::match_key(&m.text),
            text: m.text,
            score: m.score,
        })
        .collect()
}

fn timex_row(t: isnad_time::Timex) -> TimexRow {
    TimexRow {
        start: t.start,
        end: t.end,
        kind: format!("{:?}", t.kind).to_uppercase(),
        text: t.text,
        value: t.value,
        anchor: t.anchor,
        modifier: t.modifier,
    }
}

/// Read inputs on a thread of their own, a bounded queue ahead of the
/// consumer, so that decompressing and parsing overlap with cleaning
/// instead of alternating with it.
pub fn read_ahead(inputs: &[String], opts: &IngestOptions) -> std::sync::mpsc::Receiver<Item> {
    let (tx, rx) = std::sync::mpsc::sync_channel(4 * BATCH);
    let items = read_inputs(inputs, opts);
    std::thread::spawn(move || {
        for item in items {
            if tx.send(item).is_err() {
                break; // the consumer stopped early (an error): stop reading
            }
        }
    });
    rx
}

pub fn ingest_options(a: &AnalyzeArgs) -> IngestOptions {
    let mut opts = IngestOptions::default();
    let set = |dst: &mut Vec<String>, src: &Vec<String>| {
        if !src.is_empty() {
            *dst = src.clone();
        }
    };
    set(&mut opts.jsonl.title, &a.jsonl_title);
    set(&mut opts.jsonl.text, &a.jsonl_text);
    set(&mut opts.jsonl.url, &a.jsonl_url);
    set(&mut opts.jsonl.date, &a.jsonl_date);
    set(&mut opts.jsonl.source, &a.jsonl_source);
    opts
}

/// Standard input can be read only once, but analysis reads inputs twice:
/// keep it in a temporary file for the run.
fn materialise_stdin(
    inputs: &[String],
) -> anyhow::Result<(Vec<String>, Option<tempfile::TempPath>)> {
    if !inputs.iter().any(|i| i == "-") {
        return Ok((inputs.to_vec(), None));
    }
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .context("-: cannot read standard input")?;
    let tmp = tempfile::Builder::new().prefix("isnad-stdin-").tempfile()?;
    std::fs::write(tmp.path(), &buf)?;
    let path = tmp.into_temp_path();
    let shown = path.display().to_string();
    let inputs = inputs
        .iter()
        .map(|i| if i == "-" { shown.clone() } else { i.clone() })
        .collect();
    Ok((inputs, Some(path)))
}

pub fn analyze(a: &AnalyzeArgs) -> anyhow::Result<u8> {
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("--threads")?;
    }
    let (inputs, _stdin_file) = materialise_stdin(&a.inputs)?;
    let opts = ingest_options(a);
    let mut store = Store::open(&a.store.db)?;
    let run = store.begin_run(&a.inputs)?;
    let stages = Stages::new()?;

    // Pass 1: boilerplate statistics over documents not seen before.
    let mut stats: OutletLineStats = match store.load_stat(LINE_STATS_KEY)? {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => OutletLineStats::default(),
    };
    let pb = progress::spinner("pass 1/2 (outlet statistics)");
    for item in read_inputs(&inputs, &opts) {
        if let Item::Doc(doc) = item {
            if !store.has_document(&doc.id())? {
                stats.observe(&doc);
            }
            pb.inc(1);
        }
    }
    pb.finish_and_clear();
    store.save_stat(LINE_STATS_KEY, &serde_json::to_string(&stats)?)?;

    // Pass 2: clean in parallel batches, store each batch in one transaction.
    let pb = progress::spinner("pass 2/2 (clean, store)");
    let mut counts = RunCounts::default();
    let mut batch: Vec<RawDoc> = Vec::with_capacity(BATCH);
    let mut bytes = 0usize;
    let flush = |batch: &mut Vec<RawDoc>,
                 store: &mut Store,
                 counts: &mut RunCounts|
     -> anyhow::Result<()> {
        let docs: Vec<NewDocument> = std::mem::take(batch)
            .into_par_iter()
            .map(|raw| stages.process(raw, &stats))
            .collect();
        counts.stored += store.insert_documents(run, &docs)?;
        Ok(())
    };
    for item in read_ahead(&inputs, &opts) {
        match item {
            Item::Doc(doc) => {
                pb.inc(1);
                bytes += doc.original.len();
                pb.set_message(format!("{:.1} MB", bytes as f64 / 1e6));
                let id = doc.id();
                if store.has_document(&id)? {
                    counts.already_stored += 1;
                    store.record_occurrence(run, &id, &doc.source)?;
                } else {
                    batch.push(*doc);
                    if batch.len() >= BATCH {
                        flush(&mut batch, &mut store, &mut counts)?;
                    }
                }
            }
            Item::Skipped(s) => {
                counts.skipped += 1;
                if !a.quiet {
                    pb.suspend(|| eprintln!("isnad: {s}"));
                }
                store.record_skip(run, &s)?;
            }
            Item::Failed(e) => {
                counts.failed += 1;
                if !a.quiet {
                    pb.suspend(|| eprintln!("isnad: error: {e}"));
                }
                store.record_error(run, &e)?;
            }
        }
    }
    flush(&mut batch, &mut store, &mut counts)?;
    pb.finish_and_clear();

    // Corpus stages: copy groups over everything stored so far; then copies
    // without a date take it from the story they copy.
    let groups = fold_copies(&mut store)?;
    date_undated_copies(&mut store, &stages.time)?;
    let entities = resolve_entities(&mut store)?;
    let fused = fuse_events(&mut store)?;

    let status = if counts.failed > 0 { "partial" } else { "ok" };
    store.finish_run(run, counts, status)?;
    eprintln!(
        "isnad: {} documents stored, {} already stored, {} skipped, {} failed; {} copy groups, {} entities, {} events from {} mentions, {} stories; store {}",
        counts.stored,
        counts.already_stored,
        counts.skipped,
        counts.failed,
        groups,
        entities,
        fused.events,
        fused.mentions,
        fused.stories,
        a.store.db.display()
    );

    // The search index follows the store incrementally.
    crate::update_index(&store, &a.store.db)?;

    if let Some(path) = &a.json {
        let n = isnad_export::write_json_file(&store, path)?;
        eprintln!("isnad: exported {n} documents to {}", path.display());
    }
    if let Some(dir) = &a.csv {
        let n = isnad_export::write_csv_dir(&store, dir)?;
        eprintln!(
            "isnad: exported {n} documents as CSV into {}",
            dir.display()
        );
    }
    Ok(if counts.failed > 0 {
        EXIT_INPUT_FAILED
    } else {
        EXIT_OK
    })
}

/// Date copies that carry no publication date from their dated canonical
/// copy: the relative expression that dates the same event in both texts
/// fixes the day ("أمس الاثنين" here, "الاثنين 9 آذار" there); failing that,
/// wire copies run the same day as the original, with a lower confidence.
pub fn date_undated_copies(store: &mut Store, time: &TimeTagger) -> anyhow::Result<usize> {
    let mut dated = 0;
    for (copy, canonical) in store.undated_copies()? {
        let (Some(c), Some(o)) = (store.document(&copy)?, store.document(&canonical)?) else {
            continue;
        };
        let Some(o_day) = o
            .published_value
            .as_deref()
            .and_then(isnad_time::Date::parse_iso)
        else {
            continue;
        };
        let o_dct = Dct {
            date: o_day,
            how: DctHow::Metadata,
            confidence: o.published_confidence.unwrap_or(1.0),
        };
        let o_timexes = time.tag(&o.text, &o_dct);
        let mut timexes = time.find(&c.text);
        let dct = isnad_time::infer_dct_from_related(&c.text, &timexes, &o.text, &o_timexes)
            .unwrap_or(Dct {
                date: o_day,
                how: DctHow::InferredFromOtherDoc,
                confidence: 0.5 * o_dct.confidence,
            });
        time.resolve(&c.text, &mut timexes, &dct);
        let rows: Vec<TimexRow> = timexes.into_iter().map(timex_row).collect();
        store.set_dating(
            &copy,
            &dct.date.to_string(),
            DctHow::InferredFromOtherDoc.as_str(),
            dct.confidence,
            &rows,
        )?;
        dated += 1;
    }
    Ok(dated)
}

/// Link every entity mention in the store to a real-world entity across
/// spellings, roles, counterparts and documents (isnad-resolve), replacing
/// the previous resolution. Returns the number of entities.
pub fn resolve_entities(store: &mut Store) -> anyhow::Result<usize> {
    let docs = store.annotated_documents()?;
    let mentions: Vec<Vec<MentionIn>> = docs
        .iter()
        .map(|(_, ms)| {
            ms.iter()
                .map(|m| MentionIn {
                    start: m.start,
                    end: m.end,
                    label: m.label.clone(),
                    text: m.text.clone(),
                })
                .collect()
        })
        .collect();
    let inputs: Vec<DocInput> = docs
        .iter()
        .zip(&mentions)
        .map(|((d, _), ms)| DocInput {
            doc_id: d.id.as_str(),
            text: &d.text,
            date: d.published_value.as_deref(),
            mentions: ms,
        })
        .collect();
    let resolution = Resolver::new().resolve(&inputs);
    let doc_index: std::collections::HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, (d, _))| (d.id.as_str(), i))
        .collect();
    let entities: Vec<ResolvedEntity> = resolution
        .entities
        .into_iter()
        .map(|e| ResolvedEntity {
            gazetteer: e
                .gazetteer
                .as_ref()
                .and_then(|g| serde_json::to_value(g).ok()),
            mentions: e
                .mentions
                .iter()
                .map(|m| ResolvedMention {
                    doc: DocId(m.doc.clone()),
                    start: m.start,
                    end: m.end,
                    role: format!("{:?}", m.role).to_lowercase(),
                    text: m.text.clone(),
                    sentence: doc_index.get(m.doc.as_str()).and_then(|&i| {
                        docs[i]
                            .0
                            .sentences
                            .iter()
                            .position(|s| s.start <= m.start && m.start < s.end)
                            .map(|i| i as u32)
                    }),
                })
                .collect(),
            id: e.id,
            kind: e.kind,
            name: e.name,
            aliases: e.aliases,
        })
        .collect();
    store.replace_entities(&entities)?;
    Ok(entities.len())
}

/// Recompute copy groups over the whole store (signatures are small; this is
/// near-linear thanks to LSH banding) and record `copy_of` for every copy.
pub fn fold_copies(store: &mut Store) -> anyhow::Result<usize> {
    let mut detector = CopyDetector::new(DedupParams::default());
    for row in store.signatures()? {
        let sig = Signature::from_bytes(&row.signature)
            .with_context(|| format!("{}: corrupt signature in store", row.id))?;
        detector.insert(row.id, sig, row.content_hash);
    }
    let groups = detector.groups();
    let copies: Vec<(DocId, DocId, f32)> = groups
        .iter()
        .flat_map(|g| {
            g.copies
                .iter()
                .map(move |(c, sim)| (c.clone(), g.canonical.clone(), *sim))
        })
        .collect();
    store.set_copy_groups(&copies)?;
    Ok(groups.len())
}

/// The resolved entity whose mention lies inside `[start, end)` (the longest).
fn entity_inside(spans: &[(usize, usize, String)], start: usize, end: usize) -> Option<&str> {
    spans
        .iter()
        .filter(|(s, t, _)| *s >= start && *t <= end)
        .max_by_key(|(s, t, _)| t - s)
        .map(|(_, _, id)| id.as_str())
}

/// A participant or place of a stored event mention as fusion sees it.
fn party_input(
    spans: &[(usize, usize, String)],
    v: &serde_json::Value,
    role: &str,
) -> Option<isnad_fuse::PartyInput> {
    let text = v["text"].as_str()?;
    let (start, end) = (v["start"].as_u64()? as usize, v["end"].as_u64()? as usize);
    Some(match entity_inside(spans, start, end) {
        Some(id) => isnad_fuse::PartyInput {
            key: id.to_string(),
            resolved: true,
            name: text.to_string(),
            role: role.to_string(),
        },
        None => isnad_fuse::PartyInput {
            key: isnad_arabic::match_key(text),
            resolved: false,
            name: text.to_string(),
            role: role.to_string(),
        },
    })
}

/// Sentences that may hold a historical claim: a cheap filter before the
/// normalising matcher.
fn may_claim(s: &str) -> bool {
    ["أول", "اول", "مسبوق", "مستوى"]
        .iter()
        .any(|c| s.contains(c))
}

/// Sentences of the lead that say, with the title, what a story is about.
const LEAD_SENTENCES: usize = 2;

/// Everything fusion reads from the store.
pub struct FusionInputs {
    pub docs: Vec<isnad_fuse::DocumentInput>,
    pub mentions: Vec<isnad_fuse::MentionInput>,
    /// Per mention: the sentence text and the written date, for the export.
    pub extra: Vec<(String, Option<String>)>,
}

/// Merge event mentions across documents, reconcile their fields, and group
/// documents into stories (isnad-fuse), replacing the previous fusion.
pub fn fuse_events(store: &mut Store) -> anyhow::Result<isnad_fuse::FuseStats> {
    let inputs = fusion_inputs(store)?;
    let fusion = isnad_fuse::fuse(
        &inputs.docs,
        &inputs.mentions,
        &isnad_fuse::FuseConfig::default(),
    );
    write_fusion(store, &inputs, &fusion)?;
    Ok(fusion.stats)
}

/// Read documents, their resolved entities, claims and event mentions.
pub fn fusion_inputs(store: &Store) -> anyhow::Result<FusionInputs> {
    let spans = store.entity_spans()?;
    let mut by_doc: std::collections::HashMap<DocId, Vec<(u32, isnad_store::EventRow)>> =
        Default::default();
    store.for_each_event(|doc, idx, mut e| {
        // Keep only what fusion reads: the whole corpus's events are held here.
        let f = &e.fields;
        let party = |p: &serde_json::Value| {
            serde_json::json!({"text": p["text"], "start": p["start"], "end": p["end"], "role": p["role"]})
        };
        e.fields = serde_json::json!({
            "subtype": f["subtype"],
            "participants": f["participants"].as_array().map(|ps| ps.iter().map(party).collect::<Vec<_>>()),
            "place": party(&f["place"]),
            "date": {"value": f["date"]["value"], "inherited": f["date"]["inherited"],
                     "span": {"text": f["date"]["span"]["text"]}},
            "attribution": {"speaker": {"text": f["attribution"]["speaker"]["text"]},
                            "relays": f["attribution"]["relays"].as_array().map(|r| r.iter().map(|x| serde_json::json!({"text": x["text"]})).collect::<Vec<_>>()),
                            "stance": f["attribution"]["stance"]},
        });
        by_doc.entry(doc).or_default().push((idx, e));
        Ok::<_, anyhow::Error>(())
    })?;
    let mut docs: Vec<isnad_fuse::DocumentInput> = Vec::new();
    let mut mentions: Vec<isnad_fuse::MentionInput> = Vec::new();
    let mut extra: Vec<(String, Option<String>)> = Vec::new();
    let no_spans = Vec::new();
    store.for_each_document(|d| {
        let di = docs.len();
        let ds = spans.get(&d.id).unwrap_or(&no_spans);
        let chars: Vec<char> = d.text.chars().collect();
        let sentence_text = |i: usize| -> String {
            d.sentences
                .get(i)
                .map(|s| {
                    chars[s.start.min(chars.len())..s.end.min(chars.len())]
                        .iter()
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut claims = Vec::new();
        for i in 0..d.sentences.len() {
            let t = sentence_text(i);
            if may_claim(&t) {
                for text in isnad_fuse::find_claims(&t) {
                    claims.push(isnad_fuse::ClaimInput {
                        sentence: i as u32,
                        text,
                    });
                }
            }
        }
        let mut counts: std::collections::BTreeMap<&str, u32> = Default::default();
        for (_, _, id) in ds {
            *counts.entry(id.as_str()).or_default() += 1;
        }
        for (idx, e) in by_doc.remove(&d.id).unwrap_or_default() {
            let f = &e.fields;
            let mut participants = Vec::new();
            for p in f["participants"].as_array().into_iter().flatten() {
                let role = p["role"].as_str().unwrap_or("actor");
                participants.extend(party_input(ds, p, role));
            }
            let att = &f["attribution"];
            let text = sentence_text(e.sentence as usize);
            mentions.push(isnad_fuse::MentionInput {
                doc: di,
                index: idx,
                sentence: e.sentence,
                event_type: e.event_type.clone(),
                subtype: f["subtype"].as_str().map(str::to_string),
                participants,
                place: party_input(ds, &f["place"], ""),
                date: f["date"]["value"].as_str().map(str::to_string),
                date_inherited: f["date"]["inherited"].as_bool().unwrap_or(false),
                modality: e.modality.clone(),
                speaker: att["speaker"]["text"].as_str().map(str::to_string),
                relays: att["relays"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r["text"].as_str().map(str::to_string))
                    .collect(),
                stance: att["stance"].as_str().map(str::to_string),
                text: text.clone(),
            });
            extra.push((text, f["date"]["span"]["text"].as_str().map(str::to_string)));
        }
        docs.push(isnad_fuse::DocumentInput {
            id: d.id.as_str().to_string(),
            source: d.copy_of.as_ref().unwrap_or(&d.id).as_str().to_string(),
            outlet: d.outlet.clone(),
            published: d
                .published_value
                .as_deref()
                .and_then(isnad_time::Date::parse_iso),
            title: d.title.clone().or_else(|| {
                Some(sentence_text(0).chars().take(120).collect())
                    .filter(|t: &String| !t.is_empty())
            }),
            entities: counts
                .into_iter()
                .map(|(k, c)| (k.to_string(), c))
                .collect(),
            claims,
            words: {
                let mut lead = d.title.clone().unwrap_or_default();
                for i in 0..LEAD_SENTENCES.min(d.sentences.len()) {
                    lead.push('\n');
                    lead.push_str(&sentence_text(i));
                }
                isnad_fuse::content_words(&lead)
            },
        });
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(FusionInputs {
        docs,
        mentions,
        extra,
    })
}

/// Store a fusion result (events in timeline order, stories).
pub fn write_fusion(
    store: &mut Store,
    inputs: &FusionInputs,
    fusion: &isnad_fuse::Fusion,
) -> anyhow::Result<()> {
    let (docs, mentions, extra) = (&inputs.docs, &inputs.mentions, &inputs.extra);
    let index: std::collections::HashMap<(&str, u32), usize> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| ((docs[m.doc].id.as_str(), m.index), i))
        .collect();
    let story_id = |s: Option<usize>| s.map(|s| fusion.stories[s].id.clone());
    let events: Vec<isnad_store::FusedEventRow> = fusion
        .events
        .iter()
        .map(|e| {
            let ms: Vec<usize> = e
                .mentions
                .iter()
                .map(|m| index.get(&(m.doc.as_str(), m.index)).copied().unwrap_or(0))
                .collect();
            isnad_store::FusedEventRow {
                id: e.id.clone(),
                event_type: e.event_type.clone(),
                date: e.date.clone(),
                story: story_id(e.story),
                sources: e.sources,
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| (DocId(m.doc.clone()), m.index))
                    .collect(),
                data: fused_event_json(e, &ms, extra, story_id(e.story)).to_string(),
            }
        })
        .collect();
    let stories: Vec<isnad_store::StoryRow> = fusion
        .stories
        .iter()
        .map(|s| isnad_store::StoryRow {
            id: s.id.clone(),
            title: s.title.clone(),
            documents: s.documents.iter().map(|d| DocId(d.clone())).collect(),
            data: serde_json::json!({
                "id": s.id,
                "title": s.title,
                "documents": s.documents,
                "events": s.events.iter().map(|&e| fusion.events[e].id.clone()).collect::<Vec<_>>(),
                "first": s.first,
                "last": s.last,
                "entities": s.entities,
            })
            .to_string(),
        })
        .collect();
    store.replace_fusion(&events, &stories)?;
    Ok(())
}

/// The `isnad/1` object of one fused event: the contract's keys, then the
/// reconciled details. `ms` maps the event's mentions to `extra` rows.
fn fused_event_json(
    e: &isnad_fuse::FusedEvent,
    ms: &[usize],
    extra: &[(String, Option<String>)],
    story: Option<String>,
) -> serde_json::Value {
    let date_text = e.date.as_ref().and_then(|v| {
        e.mentions
            .iter()
            .zip(ms)
            .find(|(m, _)| m.date.as_ref() == Some(v))
            .and_then(|(_, &i)| extra.get(i).and_then(|x| x.1.clone()))
    });
    let mentions: Vec<serde_json::Value> = e
        .mentions
        .iter()
        .zip(ms)
        .map(|(m, &i)| {
            serde_json::json!({
                "doc": m.doc, "index": m.index, "sentence": m.sentence,
                "text": extra.get(i).map(|x| x.0.as_str()).unwrap_or(""),
                "outlet": m.outlet, "published": m.published, "source": m.source,
                "modality": m.modality, "date": m.date,
                "attribution": {"speaker": m.speaker, "relays": m.relays, "stance": m.stance},
            })
        })
        .collect();
    // One entry per independent source (a copy group counts once).
    let mut sources: Vec<serde_json::Value> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for m in &e.mentions {
        if seen.contains(&m.source.as_str()) {
            continue;
        }
        seen.push(&m.source);
        let group: Vec<&isnad_fuse::MentionRef> =
            e.mentions.iter().filter(|x| x.source == m.source).collect();
        let mut outlets: Vec<&str> = group.iter().filter_map(|x| x.outlet.as_deref()).collect();
        outlets.sort_unstable();
        outlets.dedup();
        let mut documents: Vec<&str> = group.iter().map(|x| x.doc.as_str()).collect();
        documents.sort_unstable();
        documents.dedup();
        sources.push(serde_json::json!({
            "source": m.source,
            "outlets": outlets,
            "documents": documents,
            "chains": group.iter().map(|x| serde_json::json!({
                "doc": x.doc, "speaker": x.speaker, "relays": x.relays,
                "outlet": x.outlet, "stance": x.stance,
            })).collect::<Vec<_>>(),
        }));
    }
    serde_json::json!({
        "id": e.id,
        "type": e.event_type,
        "subtype": e.subtype,
        "modality": e.modality,
        "date": {"value": e.date, "text": date_text, "granularity": e.granularity},
        "sort_date": e.sort_date,
        "location": e.place.as_ref().filter(|p| p.resolved).map(|p| p.key.clone()),
        "place": e.place,
        "participants": e.participants.iter().filter(|p| p.resolved).map(|p| p.key.clone()).collect::<Vec<_>>(),
        "participant_details": e.participants,
        "mentions": mentions,
        "sources": sources,
        "source_count": e.sources,
        "disagreements": e.disagreements,
        "claims": e.claims,
        "story": story,
    })
}
