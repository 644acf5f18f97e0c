//! Removing page chrome from Arabic web copy, folding repeated leads, splitting sentences.
//!
//! `RawDoc` (decoded blocks with byte spans) → `CleanDoc` (body text, sentences,
//! headings, a normalised layer and an offset map back to the original bytes).
//!
//! Chrome is found by combining evidence into one score per line, never by a
//! word list alone:
//! - **frequency**: a line that recurs across many documents of one outlet is
//!   boilerplate ([`OutletLineStats`], pass 1 over the corpus); long
//!   sentence-like lines need to be very frequent;
//! - **structure**: HTML hints (footer, nav, aside, share, related, comments,
//!   `outside-main`...) and link density;
//! - **shape**: short lines without sentence content (few words, no function
//!   words, no sentence punctuation, mostly digits/symbols/Latin), lines
//!   inside a "most read"/"read also" block, lines sandwiched between chrome;
//! - **seeds**: a hand-written lexicon (`data/seeds.tsv`) adds evidence.
//!
//! Sentence-like lines (function words, sentence punctuation) get negative
//! evidence. A line is removed when the score reaches 1.0; every removal is
//! recorded in `CleanDoc::removed` with its reasons, strongest first.
//! "Source:" lines go to `meta.credits`; a lead repeated as a pull quote or a
//! truncated copy of an earlier sentence stays once; a first block that
//! repeats the title is dropped.

mod chars;
mod lexicon;
mod sentences;
mod stats;

use std::borrow::Cow;

use isnad_core::{
    Block, BlockKind, ByteSpan, CharWidth, CleanDoc, OffsetMap, RawDoc, RemovedLine, Segment,
    Sentence, SentenceKind,
};

use lexicon::{Lexicon, Mode, SeedHit};
pub use sentences::split_sentences;
use stats::OutletCounts;
pub use stats::OutletLineStats;

/// Score at which a line is removed.
const THRESHOLD: f32 = 1.0;
/// A line must recur in at least this many documents of the outlet.
const MIN_DOCS: u32 = 3;
/// Lines after a "most read" / "read also" opener that count as its block.
const SECTION_SPAN: u32 = 10;
/// A shorter block that is contained in another one is a repeat when it
/// covers this share of the sentences it matches...
const REPEAT_SHARE: f32 = 0.6;
/// ...or is at least this many words long (a verbatim pull quote).
const REPEAT_WORDS: usize = 8;
/// Blocks longer than this (bytes) skip the per-line normalised copy.
const LONG_BLOCK_BYTES: usize = 600;
/// Blocks shorter than this (in words) are never folded as repeats.
const REPEAT_MIN_WORDS: usize = 5;

/// Holds the seed lexicons (data files compiled in, parsed once).
pub struct Cleaner {
    lex: Lexicon,
}

impl Default for Cleaner {
    fn default() -> Self {
        Self::new()
    }
}

/// Surface features of one line, computed on the normalised layer.
#[derive(Debug, Default, Clone, Copy)]
struct LineInfo {
    words: u32,
    function_words: u32,
    letters: u32,
    latin: u32,
    arabic: u32,
    digits: u32,
    symbols: u32,
    sent_punct: bool,
    ends_terminal: bool,
    quoted: bool,
}

impl LineInfo {
    /// Running text: enough words, function words, punctuation or length.
    fn sentence_like(&self) -> bool {
        self.words >= 5 && self.function_words >= 1 && (self.sent_punct || self.words >= 8)
    }
    /// A label, button or link text rather than a sentence.
    fn short_no_sentence(&self) -> bool {
        self.words <= 6 && !self.sent_punct && self.function_words == 0
    }
    /// A headline or list item: no final stop, not too long.
    fn headline_like(&self) -> bool {
        self.words <= 15 && !self.ends_terminal
    }
}

#[derive(Debug, Clone, PartialEq)]
enum State {
    Empty,
    Keep,
    Removed(String),
    Credit,
}

/// Per-block working data.
struct Work<'a> {
    display: Cow<'a, str>,
    chars: usize,
    /// Bytes of the original trimmed off the block's start and end (exact blocks).
    lead_bytes: usize,
    trail_bytes: usize,
    exact: bool,
    norm: String,
    info: LineInfo,
    seed: Option<SeedHit>,
    /// Frequency fingerprint (only computed when the outlet has stats).
    fkey: Option<u64>,
    /// Matching key (`rep_key`) of the display text.
    key: String,
    state: State,
    sentences: Option<Vec<(usize, usize)>>,
}

fn is_trim(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Bytes `s` takes in an original of the given char width.
fn encoded_len(s: &str, width: CharWidth) -> usize {
    match width {
        CharWidth::Utf8 => s.len(),
        CharWidth::Utf16 => s.encode_utf16().count() * 2,
        CharWidth::SingleByte => s.chars().count(),
    }
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Matching key of a block: its sentences' keys joined by `|`.
pub(crate) fn rep_key(display: &str, sents: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(display.len());
    let mut byte_at = Vec::with_capacity(sents.len() * 2);
    let mut targets: Vec<usize> = sents.iter().flat_map(|&(a, b)| [a, b]).collect();
    targets.sort_unstable();
    let mut ti = 0;
    for (ci, (bi, _)) in display.char_indices().enumerate() {
        while ti < targets.len() && targets[ti] == ci {
            byte_at.push((ci, bi));
            ti += 1;
        }
    }
    let byte_of = |ci: usize| {
        byte_at
            .iter()
            .find(|p| p.0 == ci)
            .map_or(display.len(), |p| p.1)
    };
    for (k, &(a, b)) in sents.iter().enumerate() {
        if k > 0 {
            out.push('|');
        }
        stats::for_each_key_char(&display[byte_of(a)..byte_of(b)], false, |c| out.push(c));
    }
    out
}

fn key_words(key: &str) -> usize {
    if key.is_empty() {
        0
    } else {
        key.matches([' ', '|']).count() + 1
    }
}

/// Hashes of every run of three consecutive words in a key (`' '` and `'|'`
/// both separate words), sorted: a cheap filter before substring search.
fn word_windows(key: &str) -> Vec<u64> {
    let words: Vec<&str> = key.split([' ', '|']).filter(|w| !w.is_empty()).collect();
    let mut out: Vec<u64> = words.windows(3).map(window_hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn window_hash(w: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for word in w {
        for b in word.bytes().chain(std::iter::once(b' ')) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Hash of the first three words of a key (repeat candidates have five or more).
fn first_window(key: &str) -> Option<u64> {
    let words: Vec<&str> = key
        .split([' ', '|'])
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    (words.len() == 3).then(|| window_hash(&words))
}

/// Where `needle` occurs in `hay` starting on a word boundary (it may end
/// inside a word: truncated copies), the share of the covered sentences it
/// makes up.
fn contained(needle: &str, hay: &str) -> Option<f32> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let at = from + p;
        let end = at + needle.len();
        let starts_ok = at == 0 || matches!(hay.as_bytes()[at - 1], b' ' | b'|');
        if starts_ok {
            let s = hay[..at].rfind('|').map_or(0, |i| i + 1);
            let e = hay[end..].find('|').map_or(hay.len(), |i| end + i);
            let covered = hay[s..e].chars().count().max(1);
            return Some(needle.chars().count() as f32 / covered as f32);
        }
        from = at + hay[at..].chars().next().map_or(1, |c| c.len_utf8());
    }
    None
}

/// Title variants: the whole title and its parts around " | " or " - "
/// (`<title>` often carries the outlet name).
fn title_keys(title: &str) -> Vec<String> {
    let mut parts: Vec<&str> = vec![title];
    for sep in [" | ", " - ", " – ", " — ", " :: ", " « "] {
        let mut more = Vec::new();
        for p in &parts {
            if p.contains(sep) {
                more.extend(p.split(sep));
            }
        }
        parts.extend(more);
    }
    let mut keys: Vec<String> = parts
        .into_iter()
        .map(|p| rep_key(p, &split_sentences(p)))
        .filter(|k| key_words(k) >= 2)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A caption that ends with a short credit in brackets: "جانب من الاجتماع (وام)".
fn caption_credit(norm: &str) -> bool {
    let t = norm.trim_end();
    let Some(body) = t.strip_suffix(')') else {
        return false;
    };
    let Some(open) = body.rfind('(') else {
        return false;
    };
    let inner = &body[open + 1..];
    let before = body[..open].trim();
    let inner_words = inner.split_whitespace().count();
    (1..=3).contains(&inner_words)
        && inner.chars().any(crate::chars::is_letter)
        && before.chars().any(crate::chars::is_letter)
}

/// Text after a prefix such as "نشر في:" or "كتب:".
fn remainder(display: &str, prefix_words: usize) -> String {
    if let Some((_, rest)) = display.split_once(':') {
        return rest.trim().to_string();
    }
    let mut it = display.split_whitespace();
    for _ in 0..prefix_words {
        it.next();
    }
    it.collect::<Vec<_>>().join(" ")
}

impl Cleaner {
    pub fn new() -> Self {
        Cleaner {
            lex: Lexicon::load(),
        }
    }

    fn line_info(&self, norm: &str) -> LineInfo {
        let mut info = LineInfo::default();
        for w in norm
            .split(|c: char| !crate::chars::is_alnum(c))
            .filter(|w| !w.is_empty())
        {
            if w.chars().any(crate::chars::is_letter) {
                info.words += 1;
                if self.lex.is_function_word(w) {
                    info.function_words += 1;
                }
            }
        }
        let mut prev = ' ';
        let mut it = norm.chars().peekable();
        while let Some(c) = it.next() {
            if crate::chars::is_letter(c) {
                info.letters += 1;
                if c.is_ascii_alphabetic() {
                    info.latin += 1;
                } else if isnad_arabic::is_arabic_letter(c) {
                    info.arabic += 1;
                }
            } else if crate::chars::is_number(c) {
                info.digits += 1;
            } else if !c.is_whitespace() {
                info.symbols += 1;
                match c {
                    '،' | '؛' | '!' | '؟' | '?' | '…' | ',' | ';' => info.sent_punct = true,
                    '.' if crate::chars::is_letter(prev)
                        && it.peek().is_none_or(|n| n.is_whitespace()) =>
                    {
                        info.sent_punct = true
                    }
                    _ => {}
                }
            }
            prev = c;
        }
        let tail = norm.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '»' | '”' | '"' | ')' | ']' | '\'')
        });
        info.ends_terminal = tail.ends_with(['.', '!', '?', '؟', '…']);
        info.quoted = norm.starts_with(['«', '“', '"']);
        info
    }

    fn prepare<'a>(&self, b: &'a Block, width: CharWidth, with_key: bool) -> Work<'a> {
        let t = b.text.as_str();
        let start = t.len() - t.trim_start_matches(is_trim).len();
        let end = t.trim_end_matches(is_trim).len().max(start);
        let inner = &t[start..end];
        let exact = b.exact && !inner.is_empty() && encoded_len(t, width) == b.span.len();
        let (lead_bytes, trail_bytes) = if exact {
            (
                encoded_len(&t[..start], width),
                encoded_len(&t[end..], width),
            )
        } else {
            (0, 0)
        };
        let display: Cow<'a, str> = if exact {
            // Same-width replacements keep the block char-for-char exact.
            if inner.contains(['\n', '\r', '\t', '\u{b}', '\u{c}']) {
                Cow::Owned(inner.replace(['\n', '\r', '\t', '\u{b}', '\u{c}'], " "))
            } else {
                Cow::Borrowed(inner)
            }
        } else if inner.chars().any(|c| c.is_whitespace() && c != ' ')
            || inner.as_bytes().windows(2).any(|w| w == b"  ")
        {
            Cow::Owned(collapse_ws(inner))
        } else {
            Cow::Borrowed(inner)
        };
        // Long blocks are never matched against seeds or labels: their
        // features (words, function words, punctuation) read fine unnormalised.
        let norm = if display.is_empty() || display.len() > LONG_BLOCK_BYTES {
            String::new()
        } else {
            lexicon::norm_line(&display)
        };
        let info = self.line_info(if norm.is_empty() { &display } else { &norm });
        let seed = if info.words <= 60 && !norm.is_empty() {
            self.lex.match_line(&norm, info.words as usize)
        } else {
            None
        };
        let sentences = split_sentences(&display);
        let key = rep_key(&display, &sentences);
        let fkey = if with_key {
            stats::freq_key_of_key(&key, display.len())
        } else {
            None
        };
        Work {
            fkey,
            key,
            sentences: Some(sentences),
            chars: display.chars().count(),
            state: if display.is_empty() {
                State::Empty
            } else {
                State::Keep
            },
            display,
            lead_bytes,
            trail_bytes,
            exact,
            norm,
            info,
            seed,
        }
    }

    /// Score one line; `Some(reason)` when it is chrome.
    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        w: &Work,
        b: &Block,
        counts: Option<&OutletCounts>,
        copy_like: bool,
        in_section: bool,
        inside_body: bool,
        structured: bool,
        arabic_doc: bool,
    ) -> (f32, String) {
        let info = &w.info;
        let mut ev: Vec<(&str, f32)> = Vec::new();
        if let Some(hit) = w.seed {
            let reason = self.lex.reasons[hit.cat as usize].as_str();
            let weight = match hit.mode {
                Mode::Contains => 1.2,
                Mode::Token => {
                    if hit.tokens >= 2 || info.symbols > 0 {
                        1.5
                    } else {
                        0.8
                    }
                }
                Mode::Credit => 0.0,
                // A call to the reader only on a short line without a final stop.
                Mode::Cta => {
                    if info.headline_like() && info.words <= 12 {
                        1.2
                    } else {
                        0.0
                    }
                }
                _ => 1.5,
            };
            if weight > 0.0 {
                ev.push((reason, weight));
            }
        }
        if w.seed.is_none() && info.words <= 12 && self.lex.is_date_line(&w.norm) {
            ev.push(("date-line", 1.5));
        }
        if let Some(c) = counts {
            if let Some(h) = w.fkey {
                let n = c.lines.get(&h).copied().unwrap_or(0);
                if n >= MIN_DOCS && c.docs >= MIN_DOCS as u64 {
                    let f = n as f32 / c.docs as f32;
                    let weight = if info.sentence_like() {
                        if !copy_like && n >= 5 && f >= 0.6 {
                            if f >= 0.9 {
                                1.8
                            } else {
                                1.5
                            }
                        } else {
                            0.0
                        }
                    } else if copy_like {
                        if f >= 0.5 {
                            1.0
                        } else {
                            0.0
                        }
                    } else if f >= 0.5 {
                        1.0
                    } else if inside_body {
                        // A label that introduces running text and that only
                        // part of the outlet's pages carry is more likely a
                        // recurring sub-heading ("خلفية") than chrome.
                        0.4
                    } else if f >= 0.1 {
                        0.8
                    } else {
                        0.6
                    };
                    if weight > 0.0 {
                        ev.push(("frequent-in-outlet", weight));
                    }
                }
            }
        }
        if let Some((weight, reason)) = self.lex.hint_weight(&b.hint) {
            ev.push((reason, weight));
        }
        if b.link_density >= 0.8 {
            ev.push(("link-dense", 0.7));
        } else if b.link_density >= 0.5 {
            ev.push(("link-dense", 0.4));
        }
        if b.kind == BlockKind::Caption {
            ev.push(("caption", 0.3));
        }
        if w.seed.is_none()
            && info.words <= 15
            && !info.ends_terminal
            && !info.sent_punct
            && caption_credit(&w.norm)
        {
            ev.push(("caption-credit", 1.0));
        }
        if in_section && info.headline_like() {
            let weight = if !structured || b.link_density >= 0.5 {
                1.0
            } else {
                0.3
            };
            ev.push(("in-chrome-section", weight));
        }
        if info.letters == 0 {
            ev.push(("no-letters", 1.5));
        } else if info.short_no_sentence() {
            let mostly_symbols = info.letters < info.digits + info.symbols;
            ev.push(("short-no-sentence", if mostly_symbols { 0.6 } else { 0.4 }));
            if arabic_doc && info.arabic == 0 && info.latin > 0 {
                ev.push(("latin-in-arabic", 0.3));
            }
        }
        let positive: f32 = ev.iter().map(|e| e.1).sum();
        let mut total = positive;
        if info.sentence_like() {
            total -= if info.words >= 20 {
                0.8
            } else if info.ends_terminal {
                0.5
            } else {
                0.2
            };
        }
        if b.kind == BlockKind::Heading && self.lex.hint_weight(&b.hint).is_none() {
            total -= 0.2;
        }
        ev.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut reason = String::new();
        for (k, (r, _)) in ev.iter().enumerate() {
            if k > 0 {
                reason.push('+');
            }
            reason.push_str(r);
        }
        (total, reason)
    }

    /// Plain text has no markup for its title: the reader takes the first
    /// short line. When that line is page chrome ("تخطى إلى المحتوى"), the
    /// headline is the fullest headline-like line, not chrome, before the
    /// running text starts; it leaves the body. Returns the dropped title.
    fn repick_chrome_title(
        &self,
        blocks: &mut Vec<Block>,
        meta: &mut isnad_core::DocMeta,
        width: CharWidth,
        with_key: bool,
        counts: Option<&OutletCounts>,
    ) -> Option<RemovedLine> {
        let is_chrome = |w: &Work| {
            w.seed.is_some_and(|h| h.mode != Mode::Credit)
                || w.fkey
                    .and_then(|h| counts.and_then(|c| c.lines.get(&h)))
                    .is_some_and(|&n| n >= MIN_DOCS)
        };
        let title = meta.title.clone()?;
        let probe = Block {
            kind: BlockKind::Line,
            text: title.clone(),
            span: Default::default(),
            exact: false,
            link_density: 0.0,
            hint: String::new(),
        };
        if !is_chrome(&self.prepare(&probe, width, with_key)) {
            return None;
        }
        meta.title = None;
        let mut best: Option<(usize, u32)> = None;
        for (i, b) in blocks.iter().enumerate() {
            let w = self.prepare(b, width, with_key);
            if w.state == State::Empty || is_chrome(&w) {
                continue;
            }
            if w.info.sentence_like() && w.info.ends_terminal {
                break;
            }
            if w.info.headline_like() && best.is_none_or(|(_, n)| w.info.words > n) {
                best = Some((i, w.info.words));
            }
        }
        if let Some((i, _)) = best {
            let b = blocks.remove(i);
            meta.title = Some(collapse_ws(b.text.trim()));
        }
        Some(RemovedLine {
            text: title,
            reason: "title-is-chrome".into(),
        })
    }

    /// Clean one document. `stats` are the outlet line counts from pass 1
    /// (an empty `OutletLineStats` disables the frequency evidence).
    pub fn clean(&self, doc: RawDoc, stats: &OutletLineStats) -> CleanDoc {
        let id = doc.id();
        let RawDoc {
            source,
            format,
            original,
            encoding,
            mut meta,
            mut blocks,
        } = doc;
        let width = CharWidth::for_encoding(&encoding);
        let counts = stats.counts(meta.outlet.as_deref().unwrap_or(""));
        let with_key = counts.is_some_and(|c| c.docs >= MIN_DOCS as u64);
        let title_removed = if format == isnad_core::Format::Text {
            self.repick_chrome_title(&mut blocks, &mut meta, width, with_key, counts)
        } else {
            None
        };
        let mut works: Vec<Work> = blocks
            .iter()
            .map(|b| self.prepare(b, width, with_key))
            .collect();
        let mut removed: Vec<(usize, RemovedLine)> = Vec::new();

        // Document-level context.
        let structured = blocks
            .iter()
            .any(|b| !b.hint.is_empty() || b.link_density > 0.0);
        let (arabic, latin) = works.iter().fold((0u32, 0u32), |(a, l), w| {
            (a + w.info.arabic, l + w.info.latin)
        });
        let arabic_doc = arabic > latin;
        // A document whose running text mostly recurs in the outlet is a copy
        // of another story (dedup's business), not boilerplate.
        let copy_like = counts.is_some_and(|c| {
            let (mut frequent, mut sentences) = (0, 0);
            for w in works.iter().filter(|w| w.info.sentence_like()) {
                sentences += 1;
                if w.fkey
                    .and_then(|h| c.lines.get(&h))
                    .is_some_and(|&n| n >= MIN_DOCS)
                {
                    frequent += 1;
                }
            }
            frequent >= 2 && frequent * 2 > sentences
        });

        // Title repeated in the body (any block equal to the title).
        let title_keys = meta.title.as_deref().map(title_keys).unwrap_or_default();
        let max_title = title_keys.iter().map(|k| k.len()).max().unwrap_or(0);

        // Lines that introduce running text (the next line is a sentence with
        // its final stop) inside the page, as sub-headings do.
        let live: Vec<usize> = (0..works.len())
            .filter(|&i| works[i].state != State::Empty)
            .collect();
        let mut inside_body = vec![false; works.len()];
        for k in 1..live.len().saturating_sub(1) {
            let next = &works[live[k + 1]].info;
            inside_body[live[k]] = next.sentence_like() && next.ends_terminal;
        }

        // Pass 1: credits, title copies and chrome scores.
        let mut section_left = 0u32;
        for (i, b) in blocks.iter().enumerate() {
            if works[i].state == State::Empty {
                continue;
            }
            let w = &works[i];
            if w.seed.is_some_and(|h| h.mode == Mode::Credit) {
                let line = w.display.to_string();
                if !meta.credits.contains(&line) {
                    meta.credits.push(line);
                }
                works[i].state = State::Credit;
                continue;
            }
            if !title_keys.is_empty() && w.key.len() <= max_title && title_keys.contains(&w.key) {
                works[i].state = State::Removed("repeats-title".into());
                continue;
            }
            let opens =
                w.seed.is_some_and(|h| h.mode == Mode::Section) || self.lex.opens_section(&w.norm);
            let in_section = if opens {
                section_left = SECTION_SPAN;
                false
            } else if section_left > 0 {
                if w.info.sentence_like() && w.info.ends_terminal {
                    section_left = 0;
                    false
                } else {
                    section_left -= 1;
                    true
                }
            } else {
                false
            };
            let (total, reason) = self.score(
                w,
                b,
                counts,
                copy_like,
                in_section,
                inside_body[i],
                structured,
                arabic_doc,
            );
            let hit = w.seed;
            let display_rest = hit.map(|h| remainder(&w.display, h.prefix_words as usize));
            if total >= THRESHOLD {
                // Stubs and bylines carry metadata worth keeping.
                if let (Some(h), Some(rest)) = (hit, display_rest) {
                    if h.mode == Mode::Stub
                        && meta.published.is_none()
                        && rest.chars().any(crate::chars::is_number)
                    {
                        meta.published = Some(rest);
                        meta.published_how = Some("clean:published-line".into());
                    } else if h.mode == Mode::Byline && meta.author.is_none() && !rest.is_empty() {
                        meta.author = Some(rest);
                    }
                }
                works[i].state = State::Removed(reason);
            }
        }

        // Pass 2: a run of weak candidates (headline-like lines: labels, link
        // titles) with chrome on both sides (or chrome on one side and the
        // document edge on the other) is chrome too: the rest of a menu, a
        // footer, a list of related stories.
        let live: Vec<usize> = (0..works.len())
            .filter(|&i| works[i].state != State::Empty)
            .collect();
        let weak = |w: &Work| w.state == State::Keep && w.info.headline_like() && !w.info.quoted;
        let mut k = 0;
        while k < live.len() {
            if !weak(&works[live[k]]) {
                k += 1;
                continue;
            }
            let run_start = k;
            while k < live.len() && weak(&works[live[k]]) {
                k += 1;
            }
            let run = &live[run_start..k];
            let before = run_start
                .checked_sub(1)
                .map(|j| works[live[j]].state != State::Keep);
            let after = live.get(k).map(|&j| works[j].state != State::Keep);
            let bounded = match (before, after) {
                (Some(b), Some(a)) => b && a,
                (Some(b), None) => b,
                (None, Some(a)) => a,
                (None, None) => false,
            };
            if bounded && run.len() <= 8 {
                for &i in run {
                    works[i].state = State::Removed("between-chrome".into());
                }
            }
        }

        // Pass 3: the first kept block against the title (truncated or extended
        // copies), then repeated leads and pull quotes.
        let kept: Vec<usize> = (0..works.len())
            .filter(|&i| works[i].state == State::Keep)
            .collect();
        if let Some(&first) = kept.first() {
            if !title_keys.is_empty() {
                let k = &works[first].key;
                let repeats = title_keys.iter().any(|t| {
                    (t.starts_with(k.as_str()) && k.len() * 5 >= t.len() * 4)
                        || (k.starts_with(t.as_str()) && t.len() * 5 >= k.len() * 4)
                });
                if repeats && key_words(k) >= 2 {
                    works[first].state = State::Removed("repeats-title".into());
                }
            }
        }
        let mut keys: Vec<String> = vec![String::new(); works.len()];
        let mut windows: Vec<Vec<u64>> = vec![Vec::new(); works.len()];
        let mut firsts: Vec<Option<u64>> = vec![None; works.len()];
        let mut earlier: Vec<usize> = Vec::new();
        for i in 0..works.len() {
            if works[i].state != State::Keep {
                continue;
            }
            // Headings and list items ("- ملعقة صغيرة من الملح.") legitimately
            // repeat; they are never folded.
            if blocks[i].kind == BlockKind::Heading
                || blocks[i].kind == BlockKind::ListItem
                || works[i]
                    .display
                    .starts_with(['-', '–', '•', '*', '·', '●', '▪'])
            {
                continue;
            }
            let key = std::mem::take(&mut works[i].key);
            let words = key_words(&key);
            if words < REPEAT_MIN_WORDS {
                continue;
            }
            let first = first_window(&key);
            let wins = word_windows(&key);
            let may_hold = |wins: &[u64], first: Option<u64>| {
                first.is_some_and(|f| wins.binary_search(&f).is_ok())
            };
            let mut is_repeat = false;
            for &j in &earlier {
                if !may_hold(&windows[j], first) {
                    continue;
                }
                if let Some(share) = contained(&key, &keys[j]) {
                    if share >= REPEAT_SHARE || words >= REPEAT_WORDS {
                        is_repeat = true;
                        break;
                    }
                }
            }
            if is_repeat {
                works[i].state = State::Removed("repeat-of-earlier".into());
                continue;
            }
            for &j in &earlier {
                if !may_hold(&wins, firsts[j]) {
                    continue;
                }
                if let Some(share) = contained(&keys[j], &key) {
                    if share >= REPEAT_SHARE || key_words(&keys[j]) >= REPEAT_WORDS {
                        works[j].state = State::Removed("repeat-of-later".into());
                    }
                }
            }
            earlier.retain(|&j| works[j].state == State::Keep);
            earlier.push(i);
            keys[i] = key;
            windows[i] = wins;
            firsts[i] = first;
        }

        // Pass 4: assemble text, headings, sentences and offsets.
        let kept: Vec<usize> = (0..works.len())
            .filter(|&i| works[i].state == State::Keep)
            .collect();
        let total_len: usize = kept.iter().map(|&i| works[i].display.len() + 1).sum();
        let mut text = String::with_capacity(total_len);
        let mut sentences = Vec::new();
        let mut offsets = OffsetMap::default();
        let mut pos = 0usize;
        for (p, &i) in kept.iter().enumerate() {
            let w = &works[i];
            let b = &blocks[i];
            let heading = b.kind == BlockKind::Heading
                || (matches!(b.kind, BlockKind::Line | BlockKind::Paragraph)
                    && (1..=12).contains(&w.info.words)
                    && w.chars <= 100
                    && !w.info.ends_terminal
                    && !w.info.sent_punct
                    && !w.info.quoted
                    && !w.norm.ends_with(['،', ':', '؛', ',', ';', '-'])
                    && kept.get(p + 1).is_some_and(|&n| {
                        let ni = &works[n].info;
                        ni.sentence_like() || ni.words >= 12
                    }));
            if p > 0 {
                text.push('\n');
                pos += 1;
            }
            text.push_str(&w.display);
            let bytes = if w.exact {
                ByteSpan::new(b.span.start + w.lead_bytes, b.span.end - w.trail_bytes)
            } else {
                b.span
            };
            offsets.push(Segment {
                text_start: pos,
                text_len: w.chars,
                bytes,
                exact: w.exact,
            });
            let paragraph = p as u32;
            if heading {
                sentences.push(Sentence {
                    start: pos,
                    end: pos + w.chars,
                    kind: SentenceKind::Heading,
                    paragraph,
                });
            } else {
                let own;
                let sents = match &w.sentences {
                    Some(s) => s,
                    None => {
                        own = split_sentences(&w.display);
                        &own
                    }
                };
                for &(a, e) in sents {
                    sentences.push(Sentence {
                        start: pos + a,
                        end: pos + e,
                        kind: SentenceKind::Body,
                        paragraph,
                    });
                }
            }
            pos += w.chars;
        }
        for (i, w) in works.iter().enumerate() {
            match &w.state {
                State::Removed(reason) => removed.push((
                    i,
                    RemovedLine {
                        text: w.display.to_string(),
                        reason: reason.clone(),
                    },
                )),
                State::Credit => removed.push((
                    i,
                    RemovedLine {
                        text: w.display.to_string(),
                        reason: "credit".into(),
                    },
                )),
                _ => {}
            }
        }
        drop(works);
        let (normalized, norm_to_text) = isnad_arabic::normalize_with_map(&text);
        CleanDoc {
            id,
            source,
            format,
            encoding,
            original,
            meta,
            text,
            normalized,
            norm_to_text,
            sentences,
            offsets,
            removed: title_removed
                .into_iter()
                .chain(removed.into_iter().map(|(_, r)| r))
                .collect(),
        }
    }
}
