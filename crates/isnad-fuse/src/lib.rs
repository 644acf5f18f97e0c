//! Fusion: the last analysis stage. Event mentions found sentence by sentence
//! in many documents become *events*: one per real occurrence, citing every
//! mention with its source, reconciling date, place and participants, and
//! keeping each alternative where sources disagree. Documents and events are
//! then grouped into developing *stories*, each with its timeline.
//!
//! Input is plain data ([`DocumentInput`], [`MentionInput`]) so that the store,
//! the evaluation and tests can all feed it; nothing here reads files.
//!
//! - [`coref`]: blocking by participant and place keys inside a date window,
//!   pair scoring, and constrained agglomerative merging.
//! - [`reconcile`]: fields, disagreements and claims of one merged event.
//! - [`stories`]: single-pass story clustering over entity and event features.

pub mod claims;
pub mod coref;
pub mod dates;
pub mod reconcile;
pub mod stories;

pub use claims::find_claims;
pub use dates::{after_day, granularity, interval, Interval};

use isnad_time::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One document as fusion sees it.
#[derive(Debug, Clone, Default)]
pub struct DocumentInput {
    pub id: String,
    /// The canonical document of its copy group (itself when not a copy):
    /// copies in one group count as one source.
    pub source: String,
    pub outlet: Option<String>,
    pub published: Option<Date>,
    pub title: Option<String>,
    /// Resolved entities the document mentions, with mention counts.
    pub entities: Vec<(String, u32)>,
    /// Historical claims found in its sentences (see [`find_claims`]).
    pub claims: Vec<ClaimInput>,
    /// Content words of its title and lead (see [`content_words`]): what the
    /// story is about beyond its names.
    pub words: Vec<String>,
}

/// Normalised, clitic-stripped words of four letters or more, in order:
/// enough to compare what two texts are about without a stop list (frequent
/// words weigh nothing once IDF-weighted).
pub fn content_words(s: &str) -> Vec<String> {
    isnad_arabic::normalize(s)
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| isnad_arabic::strip_proclitics(w, 3))
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// A claim phrase and the sentence it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimInput {
    pub sentence: u32,
    pub text: String,
}

/// A participant or place of a mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyInput {
    /// Resolved entity id when there is one, else the matching key of the text.
    pub key: String,
    /// Whether `key` is a resolved entity id (only those can disagree: two
    /// unresolved spellings may name the same place).
    pub resolved: bool,
    pub name: String,
    /// `actor` or `target` (empty for places).
    pub role: String,
}

/// One event mention (one trigger in one sentence), with its arguments.
#[derive(Debug, Clone, Default)]
pub struct MentionInput {
    /// Index of its document in the `docs` slice given to [`fuse`].
    pub doc: usize,
    /// Index of the mention within its document (stable id part).
    pub index: u32,
    pub sentence: u32,
    pub event_type: String,
    pub subtype: Option<String>,
    pub participants: Vec<PartyInput>,
    pub place: Option<PartyInput>,
    /// TIMEX3 value of the event's date.
    pub date: Option<String>,
    /// The date was carried over from an earlier event of the same occasion.
    pub date_inherited: bool,
    /// asserted planned possible denied proposed.
    pub modality: String,
    pub speaker: Option<String>,
    pub relays: Vec<String>,
    pub stance: Option<String>,
    /// The sentence text (lexical evidence for speech acts; may be empty).
    pub text: String,
}

/// Tunable thresholds. Merging defaults were set reading errors on eval/events only;
/// the story threshold trades eval/events story F against hand-read precision of
/// same-story pairs on SaudiNewsNet (BENCHMARKS.md, "Fusion").
#[derive(Debug, Clone)]
pub struct FuseConfig {
    /// Lowest pair score that merges two mentions.
    pub merge_threshold: f32,
    /// Largest day gap between two explicit dates of one event (a disagreement).
    pub max_date_gap: i64,
    /// How far apart in time two mentions of one block are compared.
    pub window_days: i64,
    /// Most neighbours compared per mention and block (keeps merging near-linear).
    pub max_neighbours: usize,
    /// Lowest cosine between a document and a story to join it.
    pub story_threshold: f32,
    /// A story takes no new document more than this many days after its last one.
    pub story_window_days: i64,
    /// Put a copy in its canonical document's story without comparing (off
    /// only to measure how content alone groups syndicated copies).
    pub link_copies: bool,
}

impl Default for FuseConfig {
    fn default() -> Self {
        FuseConfig {
            merge_threshold: 0.5,
            max_date_gap: 3,
            window_days: 60,
            max_neighbours: 40,
            story_threshold: 0.4,
            story_window_days: 21,
            link_copies: true,
        }
    }
}

/// A reference to one mention of an event: where it is and who says it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRef {
    pub doc: String,
    pub index: u32,
    pub sentence: u32,
    pub source: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub modality: String,
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub relays: Vec<String>,
    pub stance: Option<String>,
}

/// A participant of a fused event with the roles sources gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub key: String,
    pub resolved: bool,
    pub name: String,
    pub roles: Vec<String>,
    /// How many sources name it.
    pub sources: usize,
}

/// One value of a disputed field and who claims it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub value: String,
    /// Source (canonical document) ids.
    pub sources: Vec<String>,
    pub outlets: Vec<String>,
    /// Indices into the event's `mentions`.
    pub mentions: Vec<usize>,
}

/// Sources differ on `field` (date, place, participants, modality).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub field: String,
    pub alternatives: Vec<Alternative>,
}

/// A historical claim made about the event in one mention's document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub text: String,
    pub doc: String,
    pub sentence: u32,
}

/// One real event: reconciled fields, every mention, every disagreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FusedEvent {
    /// `e` + 16 hex digits from the event's first mention: stable across runs.
    pub id: String,
    pub event_type: String,
    pub subtype: Option<String>,
    /// The most specific date the sources agree with (TIMEX3 value).
    pub date: Option<String>,
    pub granularity: Option<String>,
    /// First day of `date` (ISO), for ordering; else the earliest publication.
    pub sort_date: Option<String>,
    pub place: Option<Party>,
    pub participants: Vec<Party>,
    pub modality: String,
    pub mentions: Vec<MentionRef>,
    /// Distinct sources (copy groups), i.e. independent reports.
    pub sources: usize,
    pub disagreements: Vec<Disagreement>,
    pub claims: Vec<Claim>,
    /// Index into [`Fusion::stories`].
    pub story: Option<usize>,
}

/// A developing story: documents and events sharing entities and events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// `s` + 16 hex digits from its first document: stable across runs.
    pub id: String,
    pub title: String,
    pub documents: Vec<String>,
    /// Indices into [`Fusion::events`], in timeline order.
    pub events: Vec<usize>,
    pub first: Option<String>,
    pub last: Option<String>,
    /// The story's most weighted entity keys.
    pub entities: Vec<String>,
}

/// The result of [`fuse`]: events in timeline order, and stories.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fusion {
    pub events: Vec<FusedEvent>,
    pub stories: Vec<Story>,
    /// Story index of each input document.
    pub document_story: Vec<usize>,
    /// Event index of each input mention.
    pub mention_event: Vec<usize>,
    pub stats: FuseStats,
}

/// Counters for the bench and the run log.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FuseStats {
    pub mentions: usize,
    pub candidate_pairs: usize,
    pub merges: usize,
    pub events: usize,
    pub multi_source_events: usize,
    pub disagreements: usize,
    pub stories: usize,
}

/// Merge mentions into events and group documents into stories.
pub fn fuse(docs: &[DocumentInput], mentions: &[MentionInput], cfg: &FuseConfig) -> Fusion {
    let clustering = coref::cluster(docs, mentions, cfg);
    let claims = reconcile::assign_claims(docs, mentions);
    let mut events: Vec<FusedEvent> = clustering
        .clusters
        .iter()
        .map(|c| reconcile::reconcile(docs, mentions, c, &claims))
        .collect();
    // Timeline order: dated events by their first day, then undated ones by
    // their earliest report; ties by id for stable output.
    events.sort_by(|a, b| {
        (a.sort_date.is_none(), &a.sort_date, &a.id).cmp(&(
            b.sort_date.is_none(),
            &b.sort_date,
            &b.id,
        ))
    });
    let mut mention_event = vec![0usize; mentions.len()];
    let index_of: std::collections::HashMap<(usize, u32), usize> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| ((m.doc, m.index), i))
        .collect();
    let doc_index: std::collections::HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    for (e, ev) in events.iter().enumerate() {
        for m in &ev.mentions {
            if let Some(&i) = doc_index
                .get(m.doc.as_str())
                .and_then(|&d| index_of.get(&(d, m.index)))
            {
                mention_event[i] = e;
            }
        }
    }
    let (stories, document_story) =
        stories::group(docs, mentions, &mention_event, &mut events, cfg);
    let stats = FuseStats {
        mentions: mentions.len(),
        candidate_pairs: clustering.candidate_pairs,
        merges: clustering.merges,
        events: events.len(),
        multi_source_events: events.iter().filter(|e| e.sources > 1).count(),
        disagreements: events.iter().map(|e| e.disagreements.len()).sum(),
        stories: stories.len(),
    };
    Fusion {
        events,
        stories,
        document_story,
        mention_event,
        stats,
    }
}

/// `prefix` + 16 hex digits of SHA-256 over `key`.
pub(crate) fn stable_id(prefix: &str, key: &str) -> String {
    let h = Sha256::digest(key.as_bytes());
    format!("{prefix}{}", &hex::encode(h)[..16])
}
