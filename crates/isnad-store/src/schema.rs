//! Versioned schema: `PRAGMA user_version` counts applied migrations.
//! Migrations are only ever appended; an older isnad refuses a newer store.

use rusqlite::Connection;

use crate::{Result, StoreError};

const MIGRATIONS: &[&str] = &[
    // 1: documents, originals, runs and the trace of every input.
    r#"
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        inputs TEXT NOT NULL,
        stored INTEGER, already_stored INTEGER, skipped INTEGER, failed INTEGER,
        status TEXT NOT NULL
    );
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        entry TEXT,
        locator TEXT,
        format TEXT NOT NULL,
        encoding TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        outlet_how TEXT,
        title TEXT,
        author TEXT,
        published_raw TEXT,
        published_how TEXT,
        published_value TEXT,
        published_value_how TEXT,
        credits TEXT NOT NULL,
        text TEXT NOT NULL,
        normalized TEXT NOT NULL,
        sentences TEXT NOT NULL,
        offsets TEXT NOT NULL,
        removed TEXT NOT NULL,
        content_hash INTEGER NOT NULL,
        signature BLOB NOT NULL,
        copy_of TEXT,
        copy_similarity REAL,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE INDEX documents_published ON documents(published_value);
    CREATE TABLE originals (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id),
        bytes BLOB NOT NULL
    );
    CREATE TABLE occurrences (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        path TEXT NOT NULL,
        entry TEXT NOT NULL,
        locator TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        UNIQUE (doc_id, path, entry, locator)
    );
    CREATE TABLE input_errors (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        location TEXT NOT NULL,
        message TEXT NOT NULL
    );
    CREATE TABLE skipped (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        location TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE corpus_stats (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 2: annotations: temporal expressions and entity mentions per document.
    r#"
    CREATE TABLE timexes (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT,
        anchor TEXT,
        modifier TEXT
    );
    CREATE INDEX timexes_doc ON timexes(doc_id);
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        sentence INTEGER,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        norm TEXT NOT NULL,
        score REAL NOT NULL
    );
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE INDEX mentions_key ON mentions(label, norm);
    ALTER TABLE documents ADD COLUMN published_confidence REAL;
    "#,
    // 3: event mentions, one row per mention, its fields as JSON.
    r#"
    CREATE TABLE event_mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        idx INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        type TEXT NOT NULL,
        modality TEXT NOT NULL,
        fields TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX event_mentions_type ON event_mentions(type);
    "#,
    // 4: resolved entities (one per real-world entity across documents) and
    // the mentions that refer to them, rebuilt by the resolution stage.
    r#"
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        aliases TEXT NOT NULL,
        gazetteer TEXT
    );
    CREATE TABLE entity_mentions (
        entity_id TEXT NOT NULL REFERENCES entities(id),
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        sentence INTEGER
    );
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
    CREATE INDEX entity_mentions_doc ON entity_mentions(doc_id, start);
    "#,
    // 5: fusion: events merged across documents (fields as JSON, in timeline
    // order), the mentions they cite, and stories with their documents.
    r#"
    CREATE TABLE fused_events (
        id TEXT PRIMARY KEY,
        ord INTEGER NOT NULL,
        type TEXT NOT NULL,
        date TEXT,
        story TEXT,
        sources INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX fused_events_ord ON fused_events(ord);
    CREATE TABLE fused_event_mentions (
        event_id TEXT NOT NULL REFERENCES fused_events(id),
        doc_id TEXT NOT NULL REFERENCES documents(id),
        idx INTEGER NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX fused_event_mentions_event ON fused_event_mentions(event_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        ord INTEGER NOT NULL,
        title TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE story_documents (
        story_id TEXT NOT NULL REFERENCES stories(id),
        doc_id TEXT NOT NULL REFERENCES documents(id),
        PRIMARY KEY (doc_id)
    );
    CREATE INDEX story_documents_story ON story_documents(story_id);
    "#,
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &Connection, shown: &str) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: shown.to_string(),
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        // Each migration and its version bump commit together or not at all.
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {version}; COMMIT;"
        ))?;
    }
    Ok(())
}
