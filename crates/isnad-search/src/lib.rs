//! Full-text search over the store (`isnad search`, the web app's search box).
//!
//! A tantivy index beside the store, derived from it and rebuilt at will:
//! one index document per stored document, analysed by the Arabic analyzer
//! in [`analyzer`] (the pipeline's one normaliser plus light stemming).
//! Updating is incremental: a stored document is (re)indexed only when it is
//! new or its metadata (outlet, date, copy group, annotations) changed; the
//! text of a document never changes, since its id is the hash of its bytes.
//!
//! Query syntax: words (all must match, in the title or the body), `"a
//! phrase"` (consecutive words), `-word` (must not match). Filters: outlets,
//! a date range, an entity and an event type.

pub mod analyzer;
mod query;
mod snippet;
mod table;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use isnad_store::{Store, StoreError, StoredDocument};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use query::{date_bound, date_key, Query, Sort};
pub use snippet::Snippet;
pub use table::render_table;

/// Bumped whenever the schema or the analyzer changes: an index built by
/// another format is rebuilt from the store instead of giving wrong matches.
const FORMAT: u32 = 1;
const MARKER: &str = "isnad-search.json";
const TOK_STEM: &str = "isnad_ar_stem";
const TOK_EXACT: &str = "isnad_ar_exact";
/// Indexing memory: small, since the machine is shared and documents are short.
const WRITER_MEMORY: usize = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{dir}: search index: {source}")]
    Index {
        dir: String,
        source: tantivy::TantivyError,
    },
    #[error("{dir}: search index is being updated by another process; try again when it finishes")]
    Busy { dir: String },
    #[error("{dir}: {message}")]
    Dir { dir: String, message: String },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("query: {0}")]
    Query(String),
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// What a document is filtered by beyond its own fields. Filled from the
/// annotation stages (entity names, event types) when they exist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    pub entities: Vec<String>,
    pub event_types: Vec<String>,
}

/// What one `update_from_store` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UpdateStats {
    pub added: u64,
    /// Re-indexed because their metadata changed (copy group, date...).
    pub updated: u64,
    /// Indexed but no longer in the store.
    pub removed: u64,
    pub unchanged: u64,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    /// BM25 score; 0 when sorted by date.
    pub score: f32,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM` when known.
    pub published: Option<String>,
    pub url: Option<String>,
    /// The canonical document of this hit's copy group (its own id when it is
    /// the original).
    pub group: String,
    /// Other members of the copy group that matched and were folded into
    /// this hit (only with `Query::collapse_copies`).
    pub copies: Vec<String>,
    /// The best matching sentence with the matched words.
    pub snippet: Snippet,
}

/// Hits of one page plus how many documents matched in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    id: Field,
    key: Field,
    meta: Field,
    title: Field,
    body: Field,
    exact: Field,
    sentences: Field,
    outlet: Field,
    date: Field,
    published: Field,
    url: Field,
    group: Field,
    entity: Field,
    event_type: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stem = TextFieldIndexing::default()
        .set_tokenizer(TOK_STEM)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let exact = TextFieldIndexing::default()
        .set_tokenizer(TOK_EXACT)
        .set_index_option(IndexRecordOption::WithFreqs);
    let stored_only = TextOptions::default().set_stored();
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        key: b.add_u64_field("key", INDEXED | FAST),
        meta: b.add_u64_field("meta", FAST),
        title: b.add_text_field(
            "title",
            TextOptions::default()
                .set_indexing_options(stem.clone())
                .set_stored(),
        ),
        body: b.add_text_field(
            "body",
            TextOptions::default()
                .set_indexing_options(stem)
                .set_stored(),
        ),
        exact: b.add_text_field("exact", TextOptions::default().set_indexing_options(exact)),
        sentences: b.add_bytes_field("sentences", STORED),
        outlet: b.add_text_field("outlet", STRING | STORED),
        date: b.add_u64_field("date", INDEXED | FAST),
        published: b.add_text_field("published", stored_only.clone()),
        url: b.add_text_field("url", stored_only),
        group: b.add_text_field("group", STRING | STORED),
        entity: b.add_text_field("entity", STRING),
        event_type: b.add_text_field("event_type", STRING),
    };
    (b.build(), f)
}

/// Tantivy tokenizer over [`analyzer::analyze`]: the stem field gets every
/// stem of a word at the word's position, the exact field its normalised form.
#[derive(Clone)]
struct ArabicTokenizer {
    stems: bool,
}

struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        for (position, w) in analyzer::analyze(text).into_iter().enumerate() {
            let forms = if self.stems { w.stems } else { vec![w.norm] };
            for text in forms {
                tokens.push(Token {
                    offset_from: w.start,
                    offset_to: w.end,
                    position,
                    text,
                    position_length: 1,
                });
            }
        }
        VecTokenStream { tokens, next: 0 }
    }
}

/// The conventional index location for a store file: `isnad.db` → `isnad.db.search/`.
pub fn default_index_dir(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".search");
    PathBuf::from(s)
}

/// A search index in a directory of its own.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    f: Fields,
}

#[derive(Serialize, Deserialize)]
struct Marker {
    format: u32,
}

impl SearchIndex {
    /// Open the index in `dir`, creating it (and the directory) if needed. An
    /// index written by another format version is deleted and recreated
    /// empty: it is derived data, and `update_from_store` refills it.
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex> {
        let shown = dir.display().to_string();
        let dir_err = |message: String| SearchError::Dir {
            dir: shown.clone(),
            message,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(dir_err("exists and is not a directory".into()));
        }
        let marker_path = dir.join(MARKER);
        if dir.join("meta.json").exists() {
            let marker: Option<Marker> = fs::read_to_string(&marker_path)
                .ok()
                .and_then(|s| serde_json::from_str(&s).ok());
            match marker {
                None => {
                    return Err(dir_err(
                        "holds an index that isnad did not write (no isnad-search.json); \
                         choose another directory"
                            .into(),
                    ))
                }
                Some(m) if m.format != FORMAT => {
                    fs::remove_dir_all(dir)
                        .map_err(|e| dir_err(format!("cannot remove outdated index: {e}")))?;
                }
                Some(_) => {}
            }
        }
        fs::create_dir_all(dir).map_err(|e| dir_err(format!("cannot create: {e}")))?;
        let (schema, f) = schema();
        let terr = |source| SearchError::Index {
            dir: shown.clone(),
            source,
        };
        let mmap = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| dir_err(format!("cannot open: {e}")))?;
        let index = Index::open_or_create(mmap, schema).map_err(terr)?;
        index
            .tokenizers()
            .register(TOK_STEM, ArabicTokenizer { stems: true });
        index
            .tokenizers()
            .register(TOK_EXACT, ArabicTokenizer { stems: false });
        fs::write(
            &marker_path,
            serde_json::to_string(&Marker { format: FORMAT }).expect("marker serialises"),
        )
        .map_err(|e| dir_err(format!("cannot write {MARKER}: {e}")))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(terr)?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            f,
        })
    }

    fn terr(&self, source: tantivy::TantivyError) -> SearchError {
        SearchError::Index {
            dir: self.dir.display().to_string(),
            source,
        }
    }

    /// Number of indexed documents (as of the last reload).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bring the index up to date with the store, with each document's
    /// entity mentions (their matching keys and normalised surfaces) as its
    /// entity annotations.
    pub fn update_from_store(&mut self, store: &Store) -> Result<UpdateStats> {
        let mut entities: HashMap<String, Vec<String>> = HashMap::new();
        store.for_each_mention_group(|g| {
            for (doc, m) in g.mentions {
                let names = entities.entry(doc.0).or_default();
                for n in [m.norm.clone(), isnad_arabic::normalize(m.text.trim())] {
                    if !n.is_empty() && !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            Ok::<(), StoreError>(())
        })?;
        self.update_from_store_with(store, |d| Annotations {
            entities: entities.remove(d.id.as_str()).unwrap_or_default(),
            event_types: Vec::new(),
        })
    }

    /// Bring the index up to date with the store: index new documents,
    /// re-index those whose metadata or annotations changed, drop those no
    /// longer stored. `annotate` gives each document's entity names and event
    /// types. Callers that index events should wrap this the way
    /// `update_from_store` does, so that every caller computes the same
    /// annotations (different ones would re-index documents back and forth).
    pub fn update_from_store_with(
        &mut self,
        store: &Store,
        mut annotate: impl FnMut(&StoredDocument) -> Annotations,
    ) -> Result<UpdateStats> {
        self.reader.reload().map_err(|e| self.terr(e))?;
        let mut known = self.indexed_keys()?;
        let mut writer: IndexWriter = match self.index.writer_with_num_threads(1, WRITER_MEMORY) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            )) => {
                return Err(SearchError::Busy {
                    dir: self.dir.display().to_string(),
                })
            }
            Err(e) => return Err(self.terr(e)),
        };
        let mut stats = UpdateStats::default();
        let f = self.f;
        let dir = self.dir.display().to_string();
        let res: Result<()> = store.for_each_document(|doc: StoredDocument| {
            let ann = annotate(&doc);
            let key = doc_key(doc.id.as_str());
            let meta = meta_hash(&doc, &ann);
            match known.remove(&key) {
                Some(m) if m == meta => {
                    stats.unchanged += 1;
                    return Ok(());
                }
                Some(_) => {
                    writer.delete_term(Term::from_field_u64(f.key, key));
                    stats.updated += 1;
                }
                None => stats.added += 1,
            }
            writer
                .add_document(to_tantivy(&f, &doc, &ann, key, meta))
                .map_err(|source| SearchError::Index {
                    dir: dir.clone(),
                    source,
                })?;
            Ok(())
        });
        res?;
        for key in known.keys() {
            writer.delete_term(Term::from_field_u64(f.key, *key));
            stats.removed += 1;
        }
        if stats.added + stats.updated + stats.removed > 0 {
            writer.commit().map_err(|e| self.terr(e))?;
        }
        writer.wait_merging_threads().map_err(|e| self.terr(e))?;
        self.reader.reload().map_err(|e| self.terr(e))?;
        Ok(stats)
    }

    /// `key → meta hash` of every live indexed document.
    fn indexed_keys(&self) -> Result<HashMap<u64, u64>> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for sr in searcher.segment_readers() {
            let keys = sr.fast_fields().u64("key").map_err(|e| self.terr(e))?;
            let metas = sr.fast_fields().u64("meta").map_err(|e| self.terr(e))?;
            for doc in sr.doc_ids_alive() {
                if let (Some(k), Some(m)) = (keys.first(doc), metas.first(doc)) {
                    out.insert(k, m);
                }
            }
        }
        Ok(out)
    }

    /// Run a query. Hits come with a snippet: the sentence that matches the
    /// most query words, with those words marked.
    pub fn search(&self, q: &Query) -> Result<SearchResults> {
        query::run(self, q)
    }

    pub(crate) fn parts(&self) -> (&IndexReader, &Fields) {
        (&self.reader, &self.f)
    }
}

/// The u64 key of a document id: its 16 hex digits when it has the standard
/// form, else a hash of the whole id.
fn doc_key(id: &str) -> u64 {
    id.strip_prefix('d')
        .filter(|h| h.len() == 16)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or_else(|| fnv(&[id]))
}

/// FNV-1a over the parts, each followed by a separator byte. Stable across
/// Rust versions, unlike `DefaultHasher`.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn group_of(doc: &StoredDocument) -> &str {
    doc.copy_of.as_ref().unwrap_or(&doc.id).as_str()
}

fn meta_hash(doc: &StoredDocument, ann: &Annotations) -> u64 {
    let mut parts: Vec<&str> = vec![
        doc.outlet.as_deref().unwrap_or(""),
        doc.title.as_deref().unwrap_or(""),
        doc.published_value.as_deref().unwrap_or(""),
        doc.url.as_deref().unwrap_or(""),
        group_of(doc),
        "entities",
    ];
    parts.extend(ann.entities.iter().map(String::as_str));
    parts.push("events");
    parts.extend(ann.event_types.iter().map(String::as_str));
    fnv(&parts)
}

fn to_tantivy(
    f: &Fields,
    doc: &StoredDocument,
    ann: &Annotations,
    key: u64,
    meta: u64,
) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    d.add_text(f.id, doc.id.as_str());
    d.add_u64(f.key, key);
    d.add_u64(f.meta, meta);
    if let Some(t) = &doc.title {
        d.add_text(f.title, t);
        d.add_text(f.exact, t);
    }
    d.add_text(f.body, &doc.text);
    d.add_text(f.exact, &doc.text);
    let spans: Vec<(usize, usize)> = doc.sentences.iter().map(|s| (s.start, s.end)).collect();
    d.add_bytes(
        f.sentences,
        &serde_json::to_vec(&spans).expect("spans serialise"),
    );
    if let Some(o) = &doc.outlet {
        d.add_text(f.outlet, o);
    }
    if let Some(p) = &doc.published_value {
        d.add_text(f.published, p);
        if let Some(k) = query::date_key(p, false) {
            d.add_u64(f.date, k);
        }
    }
    if let Some(u) = &doc.url {
        d.add_text(f.url, u);
    }
    d.add_text(f.group, group_of(doc));
    for e in &ann.entities {
        d.add_text(f.entity, isnad_arabic::normalize(e.trim()));
    }
    for t in &ann.event_types {
        d.add_text(f.event_type, t.trim().to_lowercase());
    }
    d
}

/// Read a stored text field.
pub(crate) fn stored_str(d: &TantivyDocument, field: Field) -> Option<String> {
    d.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

pub(crate) fn stored_bytes(d: &TantivyDocument, field: Field) -> Option<Vec<u8>> {
    d.get_first(field)
        .and_then(|v| v.as_bytes())
        .map(<[u8]>::to_vec)
}
