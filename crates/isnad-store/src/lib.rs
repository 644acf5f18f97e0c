//! The embedded store (SQLite, bundled).
//!
//! Why SQLite: one file a user can copy, inspect with any SQLite tool, and
//! query from later stages without a server. Invariants:
//! - a document's id is the hash of its original bytes, so inserting is
//!   idempotent and an interrupted run resumes by skipping what is stored;
//! - the original bytes are kept beside the clean text and its offset map, so
//!   every citation leads back to the bytes the outlet published;
//! - every input the user gave leaves a trace: a document, an occurrence of a
//!   stored document, a skip note or an error row.

mod schema;

use std::path::Path;

use isnad_core::{CleanDoc, DocId, InputError, OffsetMap, Sentence, Skipped, SourceRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: cannot open store: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{path}: store schema version {found} is newer than this isnad supports ({supported}); upgrade isnad")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("store: corrupt JSON column: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A cleaned document plus what the corpus stages need later.
pub struct NewDocument {
    pub doc: CleanDoc,
    /// Hash of the normalised text: equal hashes are exact copies.
    pub content_hash: u64,
    /// Serialised MinHash signature (see isnad-dedup).
    pub signature: Vec<u8>,
    /// Publication date normalised to `YYYY-MM-DD` / `YYYY-MM` when known.
    pub published_value: Option<String>,
    /// How `published_value` was obtained (`metadata`, `url`, `inferred-from-expressions`...).
    pub published_value_how: Option<String>,
    /// 0..1: 1 for explicit metadata, lower for inferred dates.
    pub published_confidence: Option<f32>,
    pub timexes: Vec<TimexRow>,
    pub mentions: Vec<MentionRow>,
    pub events: Vec<EventRow>,
}

/// An event mention in a document: the indexed columns, and every field
/// (trigger, participants, place, date, modality, attribution) as JSON so
/// the events stage can add fields without a migration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub sentence: u32,
    pub event_type: String,
    pub modality: String,
    pub fields: serde_json::Value,
}

/// A temporal expression found in a document's clean text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimexRow {
    /// Char offsets into the clean text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// TIMEX3 type: DATE, TIME, DURATION, SET, RANGE.
    pub kind: String,
    /// TIMEX3 value (`2021-07-03`, `2021-07`, `2021-W27`, `P10Y`...), if resolved.
    pub value: Option<String>,
    /// What a relative value was resolved against (`DCT 2021-07-03`, `timex 3`).
    pub anchor: Option<String>,
    /// Part-of-period modifier (START, MID, END...).
    pub modifier: Option<String>,
}

/// An entity mention in a document's clean text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    /// Index of the sentence holding the mention, if any.
    pub sentence: Option<u32>,
    /// Char offsets into the clean text.
    pub start: usize,
    pub end: usize,
    /// PER, ORG, LOC, GPE, MISC, TITLE.
    pub label: String,
    pub text: String,
    /// Matching key: the normalised surface without leading clitics.
    pub norm: String,
    pub score: f32,
}

/// One fused event for [`Store::replace_fusion`].
#[derive(Debug, Clone)]
pub struct FusedEventRow {
    pub id: String,
    pub event_type: String,
    pub date: Option<String>,
    pub story: Option<String>,
    pub sources: usize,
    /// The mentions it cites: (document, index of the mention in it).
    pub mentions: Vec<(DocId, u32)>,
    /// The event's / story's JSON text, as the export writes it.
    pub data: String,
}

/// One story for [`Store::replace_fusion`].
#[derive(Debug, Clone)]
pub struct StoryRow {
    pub id: String,
    pub title: String,
    pub documents: Vec<DocId>,
    /// The event's / story's JSON text, as the export writes it.
    pub data: String,
}

/// Per document, the `(start, end, entity id)` of every resolved mention.
pub type EntitySpans = std::collections::HashMap<DocId, Vec<(usize, usize, String)>>;

/// A real-world entity from the resolution stage, with every mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedEntity {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Gazetteer references (GeoNames id, ISO code, country), when linked.
    pub gazetteer: Option<serde_json::Value>,
    pub mentions: Vec<ResolvedMention>,
}

/// One mention of a resolved entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedMention {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
    /// `name`, `title`, `counterpart` or `adjective`.
    pub role: String,
    pub text: String,
    pub sentence: Option<u32>,
}

/// Mentions sharing a type and matching key, across documents: the export's
/// entities until cross-document resolution merges spellings further.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionGroup {
    pub label: String,
    pub norm: String,
    /// (doc, mention) pairs in document order.
    pub mentions: Vec<(DocId, MentionRow)>,
}

/// One document as read back for export.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDocument {
    pub id: DocId,
    pub source: SourceRef,
    pub format: String,
    pub encoding: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published_raw: Option<String>,
    pub published_value: Option<String>,
    pub published_how: Option<String>,
    pub published_confidence: Option<f32>,
    pub credits: Vec<String>,
    pub text: String,
    pub sentences: Vec<Sentence>,
    pub offsets: OffsetMap,
    pub copy_of: Option<DocId>,
    pub copy_similarity: Option<f32>,
}

/// Counts for one run, as shown in the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RunCounts {
    /// Documents newly stored.
    pub stored: u64,
    /// Documents already in the store (same bytes seen before).
    pub already_stored: u64,
    pub skipped: u64,
    pub failed: u64,
}

/// A signature row for the dedup stage, in canonical order.
pub struct SignatureRow {
    pub id: DocId,
    pub content_hash: u64,
    pub signature: Vec<u8>,
}

pub struct Store {
    conn: Connection,
}

fn insert_timexes(conn: &Connection, doc: &DocId, timexes: &[TimexRow]) -> Result<()> {
    let mut ins = conn.prepare_cached(
        "INSERT INTO timexes(doc_id, start, end, text, kind, value, anchor, modifier)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for t in timexes {
        ins.execute(params![
            doc.as_str(),
            t.start as i64,
            t.end as i64,
            t.text,
            t.kind,
            t.value,
            t.anchor,
            t.modifier
        ])?;
    }
    Ok(())
}

/// Columns read by `row_to_document`, in its order.
const DOCUMENT_COLUMNS: &str = "id, path, entry, locator, format, encoding, url, outlet, title, \
    author, published_raw, published_value, published_value_how, credits, text, sentences, \
    offsets, copy_of, copy_similarity, published_confidence";

impl Store {
    /// Open (creating and migrating as needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        Self::init(conn, &shown)
    }

    /// A private in-memory store (benchmarks, tests).
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, shown: &str) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers (export, serve) never block the writer; NORMAL sync is
        // safe under WAL (a crash loses at most the last transaction, which a
        // re-run redoes because ids are content hashes).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|source| StoreError::Open {
                path: shown.to_string(),
                source,
            })?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&conn, shown)?;
        Ok(Store { conn })
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Record the start of a run over `inputs`; returns its id.
    pub fn begin_run(&self, inputs: &[String]) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO runs(started, inputs, status) VALUES (datetime('now'), ?1, 'running')",
            params![serde_json::to_string(inputs)?],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_run(&self, run: i64, counts: RunCounts, status: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE runs SET finished = datetime('now'), stored = ?2, already_stored = ?3,
             skipped = ?4, failed = ?5, status = ?6 WHERE id = ?1",
            params![
                run,
                counts.stored as i64,
                counts.already_stored as i64,
                counts.skipped as i64,
                counts.failed as i64,
                status
            ],
        )?;
        Ok(())
    }

    pub fn has_document(&self, id: &DocId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .query_row([id.as_str()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Note that the document `id` (already stored) was also found at `source`.
    pub fn record_occurrence(&self, run: i64, id: &DocId, source: &SourceRef) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO occurrences(doc_id, path, entry, locator, run_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id.as_str(),
                source.path,
                source.entry.as_deref().unwrap_or(""),
                source.locator.as_deref().unwrap_or(""),
                run
            ])?;
        Ok(())
    }

    pub fn record_error(&self, run: i64, err: &InputError) -> Result<()> {
        self.conn.execute(
            "INSERT INTO input_errors(run_id, location, message) VALUES (?1, ?2, ?3)",
            params![run, err.location, err.message],
        )?;
        Ok(())
    }

    pub fn record_skip(&self, run: i64, skip: &Skipped) -> Result<()> {
        self.conn.execute(
            "INSERT INTO skipped(run_id, location, reason) VALUES (?1, ?2, ?3)",
            params![run, skip.location, skip.reason],
        )?;
        Ok(())
    }

    /// Store a batch of new documents in one transaction. Documents whose id
    /// is already stored only gain an occurrence row. Returns how many were new.
    pub fn insert_documents(&mut self, run: i64, docs: &[NewDocument]) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut new = 0;
        {
            let mut ins = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents(id, path, entry, locator, format, encoding, url, outlet,
                 outlet_how, title, author, published_raw, published_how, published_value,
                 published_value_how, credits, text, normalized, sentences, offsets, removed,
                 content_hash, signature, run_id, published_confidence)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25)",
            )?;
            let mut orig = tx
                .prepare_cached("INSERT OR IGNORE INTO originals(doc_id, bytes) VALUES (?1, ?2)")?;
            let mut men = tx.prepare_cached(
                "INSERT INTO mentions(doc_id, sentence, start, end, label, text, norm, score)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut evt = tx.prepare_cached(
                "INSERT INTO event_mentions(doc_id, idx, sentence, type, modality, fields)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut occ = tx.prepare_cached(
                "INSERT OR IGNORE INTO occurrences(doc_id, path, entry, locator, run_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for nd in docs {
                let d = &nd.doc;
                let changed = ins.execute(params![
                    d.id.as_str(),
                    d.source.path,
                    d.source.entry,
                    d.source.locator,
                    d.format.as_str(),
                    d.encoding,
                    d.meta.url,
                    d.meta.outlet,
                    d.meta.outlet_how,
                    d.meta.title,
                    d.meta.author,
                    d.meta.published,
                    d.meta.published_how,
                    nd.published_value,
                    nd.published_value_how,
                    serde_json::to_string(&d.meta.credits)?,
                    d.text,
                    d.normalized,
                    serde_json::to_string(&d.sentences)?,
                    serde_json::to_string(&d.offsets)?,
                    serde_json::to_string(&d.removed)?,
                    nd.content_hash as i64,
                    nd.signature,
                    run,
                    nd.published_confidence.map(f64::from)
                ])?;
                if changed > 0 {
                    new += 1;
                    orig.execute(params![d.id.as_str(), d.original])?;
                    insert_timexes(&tx, &d.id, &nd.timexes)?;
                    for (i, e) in nd.events.iter().enumerate() {
                        evt.execute(params![
                            d.id.as_str(),
                            i as i64,
                            e.sentence,
                            e.event_type,
                            e.modality,
                            e.fields.to_string()
                        ])?;
                    }
                    for m in &nd.mentions {
                        men.execute(params![
                            d.id.as_str(),
                            m.sentence,
                            m.start as i64,
                            m.end as i64,
                            m.label,
                            m.text,
                            m.norm,
                            m.score as f64
                        ])?;
                    }
                }
                occ.execute(params![
                    d.id.as_str(),
                    d.source.path,
                    d.source.entry.as_deref().unwrap_or(""),
                    d.source.locator.as_deref().unwrap_or(""),
                    run
                ])?;
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// The corpus-wide boilerplate statistics saved by earlier runs (JSON).
    pub fn load_stat(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM corpus_stats WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn save_stat(&self, name: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO corpus_stats(name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
        Ok(())
    }

    /// All signatures in canonical order: earliest publication first, then
    /// input order, so the canonical copy of a group is the earliest one.
    pub fn signatures(&self) -> Result<Vec<SignatureRow>> {
        let mut st = self.conn.prepare(
            "SELECT id, content_hash, signature FROM documents
             ORDER BY published_value IS NULL, published_value, seq",
        )?;
        let rows = st.query_map([], |r| {
            Ok(SignatureRow {
                id: DocId(r.get(0)?),
                content_hash: r.get::<_, i64>(1)? as u64,
                signature: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Replace the copy-group assignment: `copies` maps a copy to its canonical
    /// document and similarity; every other document is its own original.
    pub fn set_copy_groups(&mut self, copies: &[(DocId, DocId, f32)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE documents SET copy_of = NULL, copy_similarity = NULL",
            [],
        )?;
        {
            let mut st = tx
                .prepare("UPDATE documents SET copy_of = ?2, copy_similarity = ?3 WHERE id = ?1")?;
            for (copy, canonical, sim) in copies {
                st.execute(params![copy.as_str(), canonical.as_str(), *sim as f64])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn document_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Visit every stored document in stable order (by id), one at a time.
    /// The callback's error type only needs to absorb `StoreError`, so
    /// writers (export, index) can stop the scan with their own errors.
    pub fn for_each_document<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(StoredDocument) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents
                 ORDER BY published_value IS NULL, published_value, id"
            ))
            .map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let doc = Self::row_to_document(r).map_err(E::from)?;
            f(doc)?;
        }
        Ok(())
    }

    /// One stored document by id.
    pub fn document(&self, id: &DocId) -> Result<Option<StoredDocument>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"
        ))?;
        let mut rows = st.query([id.as_str()])?;
        match rows.next()? {
            Some(r) => Ok(Some(Self::row_to_document(r)?)),
            None => Ok(None),
        }
    }

    fn row_to_document(r: &rusqlite::Row<'_>) -> Result<StoredDocument> {
        {
            let doc = StoredDocument {
                id: DocId(r.get(0)?),
                source: SourceRef {
                    path: r.get(1)?,
                    entry: r.get(2)?,
                    locator: r.get(3)?,
                },
                format: r.get(4)?,
                encoding: r.get(5)?,
                url: r.get(6)?,
                outlet: r.get(7)?,
                title: r.get(8)?,
                author: r.get(9)?,
                published_raw: r.get(10)?,
                published_value: r.get(11)?,
                published_how: r.get(12)?,
                credits: serde_json::from_str(&r.get::<_, String>(13)?)?,
                text: r.get(14)?,
                sentences: serde_json::from_str(&r.get::<_, String>(15)?)?,
                offsets: serde_json::from_str(&r.get::<_, String>(16)?)?,
                copy_of: r.get::<_, Option<String>>(17)?.map(DocId),
                copy_similarity: r.get::<_, Option<f64>>(18)?.map(|v| v as f32),
                published_confidence: r.get::<_, Option<f64>>(19)?.map(|v| v as f32),
            };
            Ok(doc)
        }
    }

    /// Copies without a publication date whose canonical copy has one:
    /// `(copy, canonical)` pairs. A wire copy is dated by the story it copies.
    pub fn undated_copies(&self) -> Result<Vec<(DocId, DocId)>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, o.id FROM documents c JOIN documents o ON c.copy_of = o.id
             WHERE c.published_value IS NULL AND o.published_value IS NOT NULL
             ORDER BY c.seq",
        )?;
        let rows = st.query_map([], |r| Ok((DocId(r.get(0)?), DocId(r.get(1)?))))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Set a document's publication date and replace its temporal expressions
    /// (resolved against that date), in one transaction.
    pub fn set_dating(
        &mut self,
        id: &DocId,
        value: &str,
        how: &str,
        confidence: f32,
        timexes: &[TimexRow],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE documents SET published_value = ?2, published_value_how = ?3,
             published_confidence = ?4 WHERE id = ?1",
            params![id.as_str(), value, how, confidence as f64],
        )?;
        tx.execute("DELETE FROM timexes WHERE doc_id = ?1", [id.as_str()])?;
        insert_timexes(&tx, id, timexes)?;
        tx.commit()?;
        Ok(())
    }

    /// Every document's text, date, sentences and entity mentions, for the
    /// resolution stage (which needs all documents at once to link them).
    pub fn annotated_documents(&self) -> Result<Vec<(StoredDocument, Vec<MentionRow>)>> {
        let mut by_doc: std::collections::HashMap<String, Vec<MentionRow>> = Default::default();
        {
            let mut st = self.conn.prepare(
                "SELECT doc_id, sentence, start, end, label, text, norm, score
                 FROM mentions ORDER BY doc_id, start",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                by_doc.entry(r.get(0)?).or_default().push(MentionRow {
                    sentence: r.get(1)?,
                    start: r.get::<_, i64>(2)? as usize,
                    end: r.get::<_, i64>(3)? as usize,
                    label: r.get(4)?,
                    text: r.get(5)?,
                    norm: r.get(6)?,
                    score: r.get::<_, f64>(7)? as f32,
                });
            }
        }
        let mut out = Vec::new();
        self.for_each_document(|d| {
            let m = by_doc.remove(d.id.as_str()).unwrap_or_default();
            out.push((d, m));
            Ok::<_, StoreError>(())
        })?;
        Ok(out)
    }

    /// Replace every resolved entity and its mentions in one transaction.
    pub fn replace_entities(&mut self, entities: &[ResolvedEntity]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM entity_mentions", [])?;
        tx.execute("DELETE FROM entities", [])?;
        {
            let mut ent = tx.prepare(
                "INSERT INTO entities(id, kind, name, aliases, gazetteer) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut men = tx.prepare(
                "INSERT INTO entity_mentions(entity_id, doc_id, start, end, role, text, sentence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for e in entities {
                ent.execute(params![
                    e.id,
                    e.kind,
                    e.name,
                    serde_json::to_string(&e.aliases)?,
                    e.gazetteer.as_ref().map(|g| g.to_string())
                ])?;
                for m in &e.mentions {
                    men.execute(params![
                        e.id,
                        m.doc.as_str(),
                        m.start as i64,
                        m.end as i64,
                        m.role,
                        m.text,
                        m.sentence
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn resolved_entity_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM entities", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Visit resolved entities one at a time, ordered by id.
    pub fn for_each_resolved_entity<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(ResolvedEntity) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut st = self
            .conn
            .prepare(
                "SELECT e.id, e.kind, e.name, e.aliases, e.gazetteer,
                        m.doc_id, m.start, m.end, m.role, m.text, m.sentence
                 FROM entities e JOIN entity_mentions m ON m.entity_id = e.id
                 ORDER BY e.id, m.doc_id, m.start",
            )
            .map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        let mut current: Option<ResolvedEntity> = None;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let read = || -> Result<(String, ResolvedMention)> {
                Ok((
                    r.get(0)?,
                    ResolvedMention {
                        doc: DocId(r.get(5)?),
                        start: r.get::<_, i64>(6)? as usize,
                        end: r.get::<_, i64>(7)? as usize,
                        role: r.get(8)?,
                        text: r.get(9)?,
                        sentence: r.get(10)?,
                    },
                ))
            };
            let (id, m) = read()?;
            match &mut current {
                Some(e) if e.id == id => e.mentions.push(m),
                _ => {
                    if let Some(e) = current.take() {
                        f(e)?;
                    }
                    let head = || -> Result<ResolvedEntity> {
                        let gaz: Option<String> = r.get(4)?;
                        Ok(ResolvedEntity {
                            id: id.clone(),
                            kind: r.get(1)?,
                            name: r.get(2)?,
                            aliases: serde_json::from_str(&r.get::<_, String>(3)?)?,
                            gazetteer: gaz.map(|g| serde_json::from_str(&g)).transpose()?,
                            mentions: vec![m],
                        })
                    };
                    current = Some(head()?);
                }
            }
        }
        if let Some(e) = current {
            f(e)?;
        }
        Ok(())
    }

    /// Resolved entity spans per document: `(start, end, entity id)`, so that
    /// event participants can be mapped to entities at export time.
    pub fn entity_spans(&self) -> Result<EntitySpans> {
        let mut st = self
            .conn
            .prepare("SELECT doc_id, start, end, entity_id FROM entity_mentions")?;
        let mut rows = st.query([])?;
        let mut out = EntitySpans::default();
        while let Some(r) = rows.next()? {
            out.entry(DocId(r.get(0)?)).or_default().push((
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
                r.get(3)?,
            ));
        }
        Ok(out)
    }

    /// Replace the fusion stage's output (events across documents and stories)
    /// in one transaction. `data` is the JSON the export writes.
    pub fn replace_fusion(&mut self, events: &[FusedEventRow], stories: &[StoryRow]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for t in [
            "fused_event_mentions",
            "fused_events",
            "story_documents",
            "stories",
        ] {
            tx.execute(&format!("DELETE FROM {t}"), [])?;
        }
        {
            let mut ev = tx.prepare(
                "INSERT INTO fused_events(id, ord, type, date, story, sources, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut men = tx.prepare(
                "INSERT OR REPLACE INTO fused_event_mentions(event_id, doc_id, idx) VALUES (?1, ?2, ?3)",
            )?;
            for (ord, e) in events.iter().enumerate() {
                ev.execute(params![
                    e.id,
                    ord as i64,
                    e.event_type,
                    e.date,
                    e.story,
                    e.sources as i64,
                    e.data
                ])?;
                for (doc, idx) in &e.mentions {
                    men.execute(params![e.id, doc.as_str(), idx])?;
                }
            }
            let mut st =
                tx.prepare("INSERT INTO stories(id, ord, title, data) VALUES (?1, ?2, ?3, ?4)")?;
            let mut sd = tx.prepare(
                "INSERT OR REPLACE INTO story_documents(story_id, doc_id) VALUES (?1, ?2)",
            )?;
            for (ord, s) in stories.iter().enumerate() {
                st.execute(params![s.id, ord as i64, s.title, s.data])?;
                for d in &s.documents {
                    sd.execute(params![s.id, d.as_str()])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Number of fused events (0 before the fusion stage has run).
    pub fn fused_event_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM fused_events", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    /// Visit fused events in timeline order: their JSON as stored.
    pub fn for_each_fused_event<E: From<StoreError>>(
        &self,
        f: impl FnMut(serde_json::Value) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_json("SELECT data FROM fused_events ORDER BY ord", f)
    }

    /// Visit stories (largest first, as fusion ordered them): their JSON.
    pub fn for_each_story<E: From<StoreError>>(
        &self,
        f: impl FnMut(serde_json::Value) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_json("SELECT data FROM stories ORDER BY ord", f)
    }

    fn for_each_json<E: From<StoreError>>(
        &self,
        sql: &str,
        mut f: impl FnMut(serde_json::Value) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut st = self.conn.prepare(sql).map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let s: String = r.get(0).map_err(StoreError::from)?;
            f(serde_json::from_str(&s).map_err(StoreError::from)?)?;
        }
        Ok(())
    }

    /// One page of fused events in timeline order (optionally of one story),
    /// with the total count: for the web app.
    pub fn fused_events_page(
        &self,
        story: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<serde_json::Value>, u64)> {
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM fused_events WHERE ?1 IS NULL OR story = ?1",
            params![story],
            |r| r.get(0),
        )?;
        let out = self.json_rows(
            "SELECT data FROM fused_events WHERE ?1 IS NULL OR story = ?1
             ORDER BY ord LIMIT ?2 OFFSET ?3",
            params![story, limit as i64, offset as i64],
        )?;
        Ok((out, total as u64))
    }

    /// The fused events one document reports, in timeline order.
    pub fn fused_events_of_document(&self, doc: &DocId) -> Result<Vec<serde_json::Value>> {
        self.json_rows(
            "SELECT data FROM fused_events WHERE id IN
               (SELECT event_id FROM fused_event_mentions WHERE doc_id = ?1)
             ORDER BY ord",
            params![doc.as_str()],
        )
    }

    /// One page of stories (most documents first) with the total count.
    pub fn stories_page(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<serde_json::Value>, u64)> {
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        let out = self.json_rows(
            "SELECT s.data FROM stories s
             LEFT JOIN (SELECT story_id, count(*) AS n FROM story_documents GROUP BY story_id) c
               ON c.story_id = s.id
             ORDER BY coalesce(c.n, 0) DESC, s.ord LIMIT ?1 OFFSET ?2",
            params![limit as i64, offset as i64],
        )?;
        Ok((out, total as u64))
    }

    /// Rows of one JSON text column, parsed.
    fn json_rows(&self, sql: &str, p: impl rusqlite::Params) -> Result<Vec<serde_json::Value>> {
        let mut st = self.conn.prepare(sql)?;
        let rows = st.query_map(p, |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(serde_json::from_str(&r?)?);
        }
        Ok(out)
    }

    /// One story's JSON.
    pub fn story(&self, id: &str) -> Result<Option<serde_json::Value>> {
        let data: Option<String> = self
            .conn
            .query_row("SELECT data FROM stories WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// The story each document belongs to.
    pub fn document_stories(&self) -> Result<std::collections::HashMap<DocId, String>> {
        let mut st = self
            .conn
            .prepare("SELECT doc_id, story_id FROM story_documents")?;
        let mut rows = st.query([])?;
        let mut out = std::collections::HashMap::new();
        while let Some(r) = rows.next()? {
            out.insert(DocId(r.get(0)?), r.get(1)?);
        }
        Ok(out)
    }

    /// Visit every event mention: (document, index in the document, row).
    pub fn for_each_event<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(DocId, u32, EventRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut st = self
            .conn
            .prepare(
                "SELECT e.doc_id, e.idx, e.sentence, e.type, e.modality, e.fields
                 FROM event_mentions e JOIN documents d ON d.id = e.doc_id
                 ORDER BY d.published_value IS NULL, d.published_value, e.doc_id, e.idx",
            )
            .map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let read = || -> Result<(DocId, u32, EventRow)> {
                let fields: String = r.get(5)?;
                Ok((
                    DocId(r.get(0)?),
                    r.get(1)?,
                    EventRow {
                        sentence: r.get(2)?,
                        event_type: r.get(3)?,
                        modality: r.get(4)?,
                        fields: serde_json::from_str(&fields)?,
                    },
                ))
            };
            let (doc, idx, row) = read()?;
            f(doc, idx, row)?;
        }
        Ok(())
    }

    /// Visit every temporal expression, grouped by document in export order.
    pub fn for_each_timex<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(DocId, TimexRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut st = self
            .conn
            .prepare(
                "SELECT doc_id, start, end, text, kind, value, anchor, modifier
                 FROM timexes ORDER BY doc_id, start",
            )
            .map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let read = || -> rusqlite::Result<(DocId, TimexRow)> {
                Ok((
                    DocId(r.get(0)?),
                    TimexRow {
                        start: r.get::<_, i64>(1)? as usize,
                        end: r.get::<_, i64>(2)? as usize,
                        text: r.get(3)?,
                        kind: r.get(4)?,
                        value: r.get(5)?,
                        anchor: r.get(6)?,
                        modifier: r.get(7)?,
                    },
                ))
            };
            let (doc, t) = read().map_err(StoreError::from)?;
            f(doc, t)?;
        }
        Ok(())
    }

    /// Visit mentions grouped by (type, matching key), one group at a time,
    /// so exporting entities streams however many mentions there are.
    pub fn for_each_mention_group<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(MentionGroup) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut st = self
            .conn
            .prepare(
                "SELECT label, norm, doc_id, sentence, start, end, text, score
                 FROM mentions ORDER BY label, norm, doc_id, start",
            )
            .map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        let mut current: Option<MentionGroup> = None;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let read = || -> rusqlite::Result<(String, DocId, MentionRow)> {
                let label: String = r.get(0)?;
                let norm: String = r.get(1)?;
                Ok((
                    label.clone(),
                    DocId(r.get(2)?),
                    MentionRow {
                        sentence: r.get(3)?,
                        start: r.get::<_, i64>(4)? as usize,
                        end: r.get::<_, i64>(5)? as usize,
                        text: r.get(6)?,
                        label,
                        norm,
                        score: r.get::<_, f64>(7)? as f32,
                    },
                ))
            };
            let (label, doc, m) = read().map_err(StoreError::from)?;
            match &mut current {
                Some(g) if g.label == label && g.norm == m.norm => g.mentions.push((doc, m)),
                _ => {
                    if let Some(g) = current.take() {
                        f(g)?;
                    }
                    current = Some(MentionGroup {
                        label,
                        norm: m.norm.clone(),
                        mentions: vec![(doc, m)],
                    });
                }
            }
        }
        if let Some(g) = current {
            f(g)?;
        }
        Ok(())
    }

    /// The exact bytes a document was read from.
    pub fn original(&self, id: &DocId) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT bytes FROM originals WHERE doc_id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Errors and skips recorded by a run, for the summary.
    pub fn run_problems(&self, run: i64) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT location || ': ' || message FROM input_errors WHERE run_id = ?1
             UNION ALL SELECT location || ': skipped: ' || reason FROM skipped WHERE run_id = ?1",
        )?;
        let rows = st.query_map([run], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
