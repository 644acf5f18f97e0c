//! Reading every input format and encoding into `RawDoc`, with a clear error
//! per bad input.
//!
//! [`read_inputs`] takes what the user named (files, directories, `-` for
//! stdin) and yields one [`Item`] at a time: a document, a deliberate skip
//! (empty file, WARC request record...) or a failure naming the input and
//! the problem. It streams: one file, zip entry, WARC record, JSONL line or
//! feed at a time is in memory, never the corpus. A bad input never stops
//! the stream, and nothing panics out of it (a panic inside a format reader
//! is caught and reported as a failure of that input).
//!
//! Formats are chosen by magic bytes first (zip, gzip, WARC), then by file
//! extension, then by content: plain text, HTML, JSON Lines, JSON arrays
//! (SaudiNewsNet), a JSON object stream, WARC(.gz), RSS 2.0 / RSS 1.0 / Atom,
//! zip archives of any of these and `.gz` of a single file.
//! Encodings: see [`decode`].

mod decode;
mod feed;
mod html;
mod json;
mod meta;
mod open;
mod sniff;
mod spans;
mod text;
mod warc;

pub use decode::{decode, Decoded};

use isnad_core::{InputError, RawDoc, Skipped, SourceRef};
use std::collections::HashSet;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Field names looked up, in order, in JSON Lines records and JSON array
/// elements. The first present, non-null field of each list is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlFields {
    pub title: Vec<String>,
    /// The body: a string (split into lines) or an array of strings.
    pub text: Vec<String>,
    pub url: Vec<String>,
    pub date: Vec<String>,
    /// The outlet id (`source` in SaudiNewsNet).
    pub source: Vec<String>,
    pub author: Vec<String>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            title: names(&["title", "headline"]),
            text: names(&["text", "content", "body"]),
            url: names(&["url", "link"]),
            date: names(&["date", "published", "date_extracted"]),
            source: names(&["source", "outlet"]),
            author: names(&["author", "byline"]),
        }
    }
}

/// What [`read_inputs`] needs to know beyond the inputs themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    pub jsonl: JsonlFields,
    /// Largest file (on disk, or decompressed from an archive or gzip when it
    /// has to be held whole), and largest single JSONL line or WARC record, in
    /// bytes. Larger ones fail with a message saying so. Streamed formats
    /// (WARC, JSONL) may decompress to more in total; only single records count.
    pub max_file_bytes: u64,
    /// Largest decoded text of one document. A single article is a few tens
    /// of KB; text far beyond this is a dump or junk, and annotating it would
    /// stall the run, so it fails with a clear message instead.
    pub max_doc_text_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            jsonl: JsonlFields::default(),
            max_file_bytes: 512 * 1024 * 1024,
            max_doc_text_bytes: 4 * 1024 * 1024,
        }
    }
}

/// One result of reading the inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Doc(Box<RawDoc>),
    /// Seen and deliberately not turned into a document (with the reason).
    Skipped(Skipped),
    /// An input, or one record of it, that could not be read.
    Failed(InputError),
}

/// Reads `inputs` (files, directories walked recursively in sorted order,
/// `-` for stdin) lazily into documents, skips and failures, in input order.
pub fn read_inputs(
    inputs: &[String],
    opts: &IngestOptions,
) -> impl Iterator<Item = Item> + Send + 'static {
    let limit = opts.max_doc_text_bytes;
    let inputs = Inputs {
        opts: Arc::new(opts.clone()),
        stack: inputs
            .iter()
            .rev()
            .map(|p| Pending {
                path: p.clone(),
                explicit: true,
            })
            .collect(),
        current: None,
        current_path: String::new(),
        current_yielded: false,
        seen_dirs: HashSet::new(),
    };
    inputs.map(move |item| match item {
        Item::Doc(doc) => {
            let text: usize = doc.blocks.iter().map(|b| b.text.len()).sum();
            if text > limit {
                Item::Failed(InputError::new(
                    doc.source.to_string(),
                    format!(
                        "document text is {:.1} MB, over the {:.1} MB limit for one article \
                         (max_doc_text_bytes): not article text",
                        text as f64 / 1e6,
                        limit as f64 / 1e6
                    ),
                ))
            } else {
                Item::Doc(doc)
            }
        }
        other => other,
    })
}

type ItemIter = Box<dyn Iterator<Item = Item> + Send>;

/// A path still to be opened; `explicit` when the user named it.
struct Pending {
    path: String,
    explicit: bool,
}

struct Inputs {
    opts: Arc<IngestOptions>,
    /// Paths still to open, next on top.
    stack: Vec<Pending>,
    current: Option<ItemIter>,
    /// The path `current` reads, for reporting a caught panic.
    current_path: String,
    /// Whether `current` has yielded anything yet.
    current_yielded: bool,
    /// Canonical directories already walked (guards against symlink loops).
    seen_dirs: HashSet<PathBuf>,
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(cur) = self.current.as_mut() {
                match catch_unwind(AssertUnwindSafe(|| cur.next())) {
                    Ok(Some(item)) => {
                        self.current_yielded = true;
                        return Some(item);
                    }
                    Ok(None) => {
                        self.current = None;
                        if !self.current_yielded {
                            // A container with no record at all is reported, not silent.
                            return skip(
                                &std::mem::take(&mut self.current_path),
                                "nothing to read (no records, items or members found)",
                            );
                        }
                    }
                    Err(panic) => {
                        self.current = None;
                        return Some(Item::Failed(InputError::new(
                            std::mem::take(&mut self.current_path),
                            format!("internal error while reading: {}", panic_text(&panic)),
                        )));
                    }
                }
            }
            let p = self.stack.pop()?;
            let path = p.path.clone();
            self.current_path = path.clone();
            self.current_yielded = false;
            match catch_unwind(AssertUnwindSafe(|| self.open(p))) {
                Ok(Some(item)) => return Some(item),
                Ok(None) => {}
                Err(panic) => {
                    return Some(Item::Failed(InputError::new(
                        path,
                        format!("internal error while opening: {}", panic_text(&panic)),
                    )))
                }
            }
        }
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

impl Inputs {
    /// Opens one pending path: a directory pushes its children, a file
    /// becomes the current item stream. Returns an item to yield right away.
    fn open(&mut self, p: Pending) -> Option<Item> {
        let fail = |msg: String| Some(Item::Failed(InputError::new(p.path.clone(), msg)));
        if p.path == "-" {
            let ctx = Ctx::new(&self.opts, "-", "", true);
            self.current = Some(open::open_stdin(ctx));
            return None;
        }
        let path = Path::new(&p.path);
        let md = match fs::metadata(path) {
            Ok(md) => md,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return fail("no such file or directory".into())
            }
            Err(e) => return fail(format!("cannot access: {e}")),
        };
        if md.is_dir() {
            return self.push_dir(&p.path, path);
        }
        if !md.is_file() {
            let msg = "not a regular file or directory (device, socket or pipe?)";
            return if p.explicit {
                fail(msg.into())
            } else {
                skip(&p.path, msg)
            };
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ctx = Ctx::new(&self.opts, &p.path, &name, p.explicit);
        self.current = Some(open::open_file(ctx, md.len()));
        None
    }

    fn push_dir(&mut self, shown: &str, path: &Path) -> Option<Item> {
        let fail = |msg: String| Some(Item::Failed(InputError::new(shown.to_owned(), msg)));
        match path.canonicalize() {
            Ok(real) => {
                if !self.seen_dirs.insert(real) {
                    return skip(shown, "directory already read (symlink loop?)");
                }
            }
            Err(e) => return fail(format!("cannot read directory: {e}")),
        }
        let entries = match fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => return fail(format!("cannot read directory: {e}")),
        };
        let mut children = Vec::new();
        let mut hidden = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => {
                    let name = e.file_name();
                    if name.to_string_lossy().starts_with('.') {
                        hidden.push(name);
                    } else {
                        children.push(name);
                    }
                }
                Err(e) => return fail(format!("cannot list directory: {e}")),
            }
        }
        children.sort();
        for name in children.into_iter().rev() {
            self.stack.push(Pending {
                path: path.join(&name).to_string_lossy().into_owned(),
                explicit: false,
            });
        }
        hidden.sort();
        if hidden.is_empty() {
            None
        } else {
            let list: Vec<String> = hidden
                .iter()
                .map(|h| h.to_string_lossy().into_owned())
                .collect();
            skip(
                shown,
                &format!("hidden entries not read: {}", list.join(", ")),
            )
        }
    }
}

fn skip(location: &str, reason: &str) -> Option<Item> {
    Some(Item::Skipped(Skipped {
        location: location.to_owned(),
        reason: reason.to_owned(),
    }))
}

/// Where the bytes being read came from, and the options.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub opts: Arc<IngestOptions>,
    /// The path as given (or found under a directory given).
    pub path: String,
    /// Archive member path; nested archives are joined with `!`.
    pub entry: Option<String>,
    /// File or member name used for extension sniffing (`.gz` stripped when
    /// reading inside a gzip stream).
    pub name: String,
    /// Named by the user (binary junk fails) rather than found in a directory
    /// or archive (binary junk is skipped).
    pub explicit: bool,
    /// Nesting depth of archives and gzip streams.
    pub depth: u8,
}

impl Ctx {
    pub fn new(opts: &Arc<IngestOptions>, path: &str, name: &str, explicit: bool) -> Ctx {
        Ctx {
            opts: Arc::clone(opts),
            path: path.to_owned(),
            entry: None,
            name: name.to_owned(),
            explicit,
            depth: 0,
        }
    }

    pub fn source(&self, locator: Option<String>) -> SourceRef {
        SourceRef {
            path: self.path.clone(),
            entry: self.entry.clone(),
            locator,
        }
    }

    pub fn location(&self, locator: Option<&str>) -> String {
        self.source(locator.map(str::to_owned)).to_string()
    }

    pub fn fail(&self, locator: Option<&str>, message: impl Into<String>) -> Item {
        Item::Failed(InputError::new(self.location(locator), message))
    }

    pub fn skip(&self, locator: Option<&str>, reason: impl Into<String>) -> Item {
        Item::Skipped(Skipped {
            location: self.location(locator),
            reason: reason.into(),
        })
    }

    pub fn max(&self) -> u64 {
        self.opts.max_file_bytes
    }

    pub fn fields(&self) -> &JsonlFields {
        &self.opts.jsonl
    }
}
