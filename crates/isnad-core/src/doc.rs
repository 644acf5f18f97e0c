//! Documents as they move through the pipeline.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

use crate::offsets::{ByteSpan, OffsetMap};

/// Stable document id: `d` + the first 16 hex digits of SHA-256 over the
/// document's original bytes. Re-ingesting the same bytes gives the same id,
/// which is what makes runs idempotent and resumable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocId(pub String);

impl DocId {
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let digest = Sha256::digest(bytes);
        DocId(format!("d{}", &hex::encode(digest)[..16]))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Jsonl,
    /// The SaudiNewsNet JSON-array format (one array of articles per file).
    SaudiNewsNet,
    Warc,
    Rss,
    Atom,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::SaudiNewsNet => "saudinewsnet",
            Format::Warc => "warc",
            Format::Rss => "rss",
            Format::Atom => "atom",
        }
    }
}

/// Where a document came from, precisely enough to find its bytes again.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceRef {
    /// The input path exactly as the user gave it (or the file found under a
    /// directory they gave); `-` for stdin.
    pub path: String,
    /// Member path inside a zip archive, if any.
    pub entry: Option<String>,
    /// Position of the record inside a container: `line 12`, `item 3`,
    /// `record at byte 4096`.
    pub locator: Option<String>,
}

impl SourceRef {
    pub fn file(path: impl Into<String>) -> Self {
        SourceRef {
            path: path.into(),
            entry: None,
            locator: None,
        }
    }
}

impl fmt::Display for SourceRef {
    /// `path!entry#locator`, the form used in every error message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(e) = &self.entry {
            write!(f, "!{e}")?;
        }
        if let Some(l) = &self.locator {
            write!(f, "#{l}")?;
        }
        Ok(())
    }
}

/// Metadata found next to the text. Every field is optional: real inputs
/// rarely have all of them, and later stages infer what is missing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocMeta {
    pub url: Option<String>,
    /// Outlet id (e.g. `alriyadh`, `sana.sy`).
    pub outlet: Option<String>,
    /// How the outlet was found: `url-host`, `meta:og:site_name`, `field:source`, `folder`.
    pub outlet_how: Option<String>,
    pub title: Option<String>,
    /// Publication date/time exactly as found (not yet normalised).
    pub published: Option<String>,
    /// Where it was found: `meta:article:published_time`, `json-ld`, `time`, `field:date`, `url-path`...
    pub published_how: Option<String>,
    pub author: Option<String>,
    /// "Source:" credit lines (المصدر: ...) kept as metadata, not body text.
    pub credits: Vec<String>,
}

/// The structural role of a block of text in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    Caption,
    /// A line of plain text whose role is unknown (plain-text and JSON inputs).
    Line,
}

/// One block of decoded text in reading order, with the byte range it came
/// from in `RawDoc::original`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// Byte range in the document's original bytes.
    pub span: ByteSpan,
    /// True when `text` is exactly the decoding of `original[span]`, char for
    /// char, so offsets inside the block map to exact bytes. False when the
    /// text went through entity decoding, JSON unescaping or whitespace
    /// collapsing: then only the block's whole range is known.
    pub exact: bool,
    /// Share of the block's characters that sit inside links (HTML), 0.0 otherwise.
    pub link_density: f32,
    /// Structural hint for boilerplate detection: tag path, class or id words
    /// (e.g. `footer`, `aside.related`, `nav`). Empty when unknown.
    pub hint: String,
}

/// A document as read from its input: original bytes, decoded body blocks, metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDoc {
    pub source: SourceRef,
    pub format: Format,
    /// The exact bytes of this document's record (the file, the JSONL line,
    /// the WARC payload, the feed item). Never modified; kept in the store.
    pub original: Vec<u8>,
    /// Encoding the original was decoded with (an encoding_rs name, e.g. `UTF-8`,
    /// `UTF-16LE`, `windows-1256`, `ISO-8859-6`).
    pub encoding: String,
    pub meta: DocMeta,
    pub blocks: Vec<Block>,
}

impl RawDoc {
    pub fn id(&self) -> DocId {
        DocId::from_bytes(&self.original)
    }
}

/// What a sentence is in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceKind {
    Body,
    /// A sub-heading: kept as marked structure, never merged into a sentence.
    Heading,
}

/// A sentence as a character range into `CleanDoc::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub kind: SentenceKind,
    /// Index of the paragraph (block) the sentence belongs to.
    pub paragraph: u32,
}

/// Why a line was left out of the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    pub text: String,
    /// `seed:share-widget`, `frequent-in-outlet`, `link-dense`, `short-no-sentence`,
    /// `repeat-of-earlier`, `credit`...
    pub reason: String,
}

/// A document with its page chrome removed, split into sentences, with a
/// normalised layer for matching and a map back to the original bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanDoc {
    pub id: DocId,
    pub source: SourceRef,
    pub format: Format,
    pub encoding: String,
    pub original: Vec<u8>,
    pub meta: DocMeta,
    /// Display text exactly as written (no folding); paragraphs separated by `\n`.
    pub text: String,
    /// Normalised layer for matching (NFKC, no tatweel/diacritics, ASCII digits,
    /// alef/hamza/ya/ta-marbuta folded). Folding drops characters, so use
    /// `norm_to_text` to get back to display offsets.
    pub normalized: String,
    /// For each char of `normalized`, the char offset in `text` it came from.
    pub norm_to_text: Vec<u32>,
    pub sentences: Vec<Sentence>,
    /// Char offsets in `text` → byte ranges in `original`.
    pub offsets: OffsetMap,
    /// What cleaning removed and why (kept for audit and for `isnad eval clean`).
    pub removed: Vec<RemovedLine>,
}

impl CleanDoc {
    /// The sentence's display text.
    pub fn sentence_text(&self, s: &Sentence) -> String {
        self.text
            .chars()
            .skip(s.start)
            .take(s.end - s.start)
            .collect()
    }
}

/// Documents that are copies of one another (one wire story carried by
/// several outlets). Later stages count a group as one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyGroup {
    /// The earliest-seen (or most complete) copy; the others are `copy_of` it.
    pub canonical: DocId,
    /// Every other member with its estimated similarity to the canonical copy.
    pub copies: Vec<(DocId, f32)>,
}
