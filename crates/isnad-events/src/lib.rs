//! Events from Arabic news: who did what with whom, where and when, how certain, and who says so.
//!
//! Rules over a shallow parse, one sentence at a time, with a little document memory:
//!
//! 1. Words come from [`isnad_arabic::word_spans`] and are matched in their normalised form,
//!    proclitics (و ف ب ل ال, future س) and the accusative alef / pronoun suffixes tried off.
//! 2. Triggers (`data/triggers.tsv`) carry a PLOVER type and subtype. A nominal trigger after
//!    a circumstantial word (خلال، على هامش، عقب) refers to an event already reported; a
//!    trigger inside a topic phrase (لبحث تعزيز التعاون) is a topic, not an event.
//! 3. Attribution frames (`data/frames.tsv`): reporting verbs (قال، أكد، زعم), denials (نفى),
//!    proposals (اقترح، دعا إلى), relays (نقلت A عن B) and "according to" phrases (بحسب،
//!    وفق). A frame's speaker is the named entity or unnamed source phrase (مصادر دبلوماسية)
//!    next to its verb; channels (بيان، تصريحات) and relays (لـ«وكالة») are read around it.
//!    Events inside a frame's content take its speaker, stance and (deny/propose) modality; a
//!    reporting frame with no event inside is itself a STATEMENT, a proposal with none a REQUEST.
//! 4. Participants are the entity mentions of the event's clause (a title followed by a name
//!    counts as the name), with roles from position and prepositions: subject before or right
//!    after the trigger is the actor, مع / بـ (التقى بـ) / the object give the target, من
//!    (اتصال من X) makes X the caller, بين / تضم / تجمع make every party an actor, و keeps
//!    the role of the previous party. Group words (الجانبان) stand for the parties of the last
//!    meeting. The place is a GPE/LOC (or a place phrase: العاصمة الأردنية) after في / بـ,
//!    after إلى for visits, after على for attacks.
//!    A dual verb with no named subject (واتفقا) takes those parties too; a group word after
//!    a preposition (على الطرفين) makes them targets; on (على) gives the target of sanctions
//!    and attacks on a party, إلى/لـ the recipient of aid, أمام/ضد the target of a protest;
//!    the invitee of دعوة إلى X لزيارة is the visitor; دعا إليها X names the organiser; the
//!    subject of a speech verb (رحبت X بالاتفاق) is not a party of the event it speaks of.
//! 5. The date is the nearest temporal expression of the clause (each expression goes to its
//!    nearest trigger); an event without one inherits the date of the previous event it
//!    continues (same sentence, a shared party or speaker, or the next sentence in the same
//!    asserted or planned mood, looking back over sentences of undated speech acts only); an
//!    event placed inside one already reported (خلال الزيارة) takes that event's date.
//! 6. Modality cues (`data/modality.tsv`), the future prefix and future dates decide between
//!    asserted, planned, possible, denied and proposed (denied > proposed > possible > planned).
//!
//! Entity mentions and temporal expressions are inputs (from `isnad-ner` and `isnad-time`),
//! so the crate stays independent of the models and can be scored on gold spans.

use isnad_arabic::{normalize, word_spans};

mod arguments;
mod complete;
mod dateline;
mod dates;
mod model_file;
mod trigger_model;
use arguments::SentenceView;
pub use arguments::{ArgCandidate, ArgRole, ArgumentModel, TracedEvent};
pub use dates::{DateCandidate, DateExample, DateModel, DATE_MARGIN};
pub use model_file::ModelError;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
pub use trigger_model::{
    class_index as trigger_class_index, FeatureVocab, TokenFeatures, TriggerModel,
    CLASSES as TRIGGER_CLASSES,
};

/// An entity mention given to the extractor: char offsets into the document text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    /// PER ORG GPE LOC TITLE MISC.
    pub label: String,
    pub text: String,
}

/// A temporal expression given to the extractor (from `isnad_time`), char offsets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimexSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// TIMEX3 value; expressions without one, and durations, date nothing.
    pub value: Option<String>,
    /// The value lies wholly after the publication day: set by the caller, who knows
    /// that day (`false` when unknown). An event dated so is planned, not reported.
    pub after_publication: bool,
}

/// A char range of the document text with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One party of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub span: Span,
    /// `actor` (subject, initiator) or `target` (met, called, attacked, addressed).
    pub role: String,
    /// Entity label of the mention (PER ORG GPE LOC TITLE), `SRC` for a source phrase.
    pub label: String,
}

/// How certain the text says the event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Planned,
    Possible,
    Denied,
    Proposed,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Possible => "possible",
            Modality::Denied => "denied",
            Modality::Proposed => "proposed",
        }
    }
    /// Parse the lower-case name.
    pub fn parse(s: &str) -> Option<Modality> {
        Some(match s {
            "asserted" => Modality::Asserted,
            "planned" => Modality::Planned,
            "possible" => Modality::Possible,
            "denied" => Modality::Denied,
            "proposed" => Modality::Proposed,
            _ => return None,
        })
    }
    /// Which of two cues wins: denied > proposed > possible > planned > asserted.
    fn rank(self) -> u8 {
        match self {
            Modality::Asserted => 0,
            Modality::Planned => 1,
            Modality::Possible => 2,
            Modality::Proposed => 3,
            Modality::Denied => 4,
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who says the event happened, through what, passed on by whom.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Attribution {
    /// The source of the claim; `None` when the outlet narrates the event itself.
    pub speaker: Option<Span>,
    /// Entity label of the speaker, or `SRC` for an unnamed source phrase.
    pub speaker_label: Option<String>,
    /// بيان، تصريحات صحفية، مقابلة...
    pub channel: Option<Span>,
    /// Media and agencies that passed the words on, nearest the speaker first.
    pub relays: Vec<Span>,
    /// The outlet that published the article.
    pub outlet: Option<String>,
    /// Lemma of the attribution verb (أكد vs زعم), when there is one.
    pub stance: Option<String>,
}

/// The date of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    pub span: Span,
    pub value: Option<String>,
    /// True when taken from an earlier event this one continues.
    pub inherited: bool,
}

/// One event mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    /// Index into the sentence list given to [`EventExtractor::extract_document`].
    pub sentence: usize,
    pub trigger: Span,
    /// PLOVER type: CONSULT AGREE REQUEST SUPPORT COOPERATE AID ACCUSE REJECT THREATEN
    /// PROTEST SANCTION MOBILIZE COERCE ASSAULT STATEMENT.
    pub event_type: String,
    /// meeting, call, visit, summit, talks, agreement, airstrike, deny...
    pub subtype: Option<String>,
    /// Number of parties (distinct participants, or what ثنائية/ثلاثية says).
    pub parties: usize,
    pub participants: Vec<Participant>,
    pub place: Option<Span>,
    pub date: Option<EventDate>,
    pub modality: Modality,
    pub modality_cue: Option<String>,
    /// Topic phrases (لبحث ...، حول ...).
    pub topics: Vec<String>,
    pub attribution: Attribution,
}

/// Bad data in an embedded lexicon file (only possible if a data file is edited badly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for LexiconError {}

#[derive(Debug, Clone, Default)]
struct TriggerEntry {
    words: Vec<String>,
    etype: String,
    subtype: Option<String>,
    verb: bool,
    speech: bool,
    needs_ma: bool,
    visit: bool,
    /// A signing verb (وقع): an event only with the document it signs after it, which it
    /// then absorbs (وقعت X وY اتفاقية: one AGREE, the verb predicated).
    sign: bool,
    /// Exchanging (تبادل): an accusation only when what is exchanged is accusations
    /// (تبادل X وY الاتهامات), not trade, views or prisoners.
    mutual: bool,
    /// Listing (أدرج): a sanction only when the list follows (أدرج X على قائمة العقوبات),
    /// not an item put on an agenda.
    listing: bool,
    /// Pumping (ضخ): aid only when money is pumped (ضخ استثمارات، ضخ مليار دولار), not
    /// oil or water.
    funds: bool,
    /// `obj=a|b`: the entry applies only when a word starting with one of these stems
    /// follows within a few words (أرسلت مساعدات، دفعت بتعزيزات، وصلت قافلة): the object
    /// decides what an everyday verb means. A later entry of the same words applies
    /// otherwise, and a nominal trigger of the same type in that object is absorbed.
    obj: Vec<String>,
    /// `pre=a|b`: the entry applies only when a word starting with one of these stems comes
    /// just before it (أعرب عن إدانة، أكد دعم): a light verb makes an everyday noun the
    /// predicate.
    pre: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Report,
    Deny,
    Propose,
    Relay,
    According,
    Source,
}

#[derive(Debug, Clone)]
struct FrameEntry {
    lemma: Option<String>,
    kind: FrameKind,
    /// Modality the verb gives its content (توقع: possible).
    implied: Option<Modality>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueWhere {
    Pre,
    Before,
    Post,
}

#[derive(Debug, Clone)]
struct CueEntry {
    words: Vec<String>,
    class: Modality,
    place: CueWhere,
}

/// The rule-based extractor; build once and share (it holds only the lexicons).
#[derive(Debug, Clone)]
pub struct EventExtractor {
    /// First word → entries starting with it, longest first.
    triggers: HashMap<String, Vec<TriggerEntry>>,
    frames: HashMap<String, FrameEntry>,
    cues: Vec<CueEntry>,
    classes: HashMap<String, Vec<String>>,
    multi_classes: Vec<(Vec<String>, String)>,
    /// Known organisations (`data/organisations.tsv`): first word → (words, label),
    /// longest first; for completing a tagger's mentions.
    known_names: HashMap<String, Vec<(Vec<String>, String)>>,
    /// Learned re-decision of participants and place (`data/argument_model.tsv`).
    args: Option<ArgumentModel>,
    /// Learned re-decision of event dates (`data/date_model.tsv`).
    dates: Option<DateModel>,
    /// Learned triggers for words the lexicon lacks (`data/trigger_model.tsv`).
    trigger_model: Option<TriggerModel>,
    /// Add the parties the tagger leaves out (surnames, الجيش السوداني) to its mentions.
    complete: bool,
}

impl Default for EventExtractor {
    fn default() -> Self {
        Self::new()
    }
}

fn data_lines(src: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    src.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end();
        if l.is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

/// The normalised words of a `key=a|b` flag (`obj=`, `pre=`).
fn flag_words(flags: &[&str], key: &str) -> Vec<String> {
    flags
        .iter()
        .filter_map(|f| f.strip_prefix(key))
        .flat_map(|v| v.split('|'))
        .map(isnad_arabic::normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

fn norm_words(s: &str) -> Vec<String> {
    normalize(s)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

impl EventExtractor {
    /// The extractor with the lexicons shipped in `data/`.
    pub fn new() -> Self {
        // The data files are part of the crate and tested; a parse error is a build bug.
        Self::try_new().expect("isnad-events data files are valid (tested)")
    }

    /// Parse the embedded lexicons, naming the file and line of any bad entry.
    pub fn try_new() -> Result<Self, LexiconError> {
        let err = |file: &'static str, line: usize, m: &str| LexiconError {
            file,
            line,
            message: m.to_string(),
        };
        let mut triggers: HashMap<String, Vec<TriggerEntry>> = HashMap::new();
        const TF: &str = "data/triggers.tsv";
        for (n, f) in data_lines(include_str!("../data/triggers.tsv")) {
            if f.len() != 4 {
                return Err(err(TF, n, "expected 4 tab-separated fields"));
            }
            let words = norm_words(f[0]);
            if words.is_empty() {
                return Err(err(TF, n, "empty phrase"));
            }
            let flags: Vec<&str> = f[3].split(',').map(str::trim).collect();
            for fl in &flags {
                if ![
                    "verb", "noun", "speech", "ma", "visit", "sign", "mutual", "listing", "funds",
                ]
                .contains(fl)
                    && !fl.starts_with("obj=")
                    && !fl.starts_with("pre=")
                {
                    return Err(err(TF, n, &format!("unknown flag {fl:?}")));
                }
            }
            let e = TriggerEntry {
                words: words.clone(),
                etype: f[1].to_string(),
                subtype: (f[2] != "-").then(|| f[2].to_string()),
                verb: flags.contains(&"verb"),
                speech: flags.contains(&"speech"),
                needs_ma: flags.contains(&"ma"),
                visit: flags.contains(&"visit"),
                sign: flags.contains(&"sign"),
                mutual: flags.contains(&"mutual"),
                listing: flags.contains(&"listing"),
                funds: flags.contains(&"funds"),
                obj: flag_words(&flags, "obj="),
                pre: flag_words(&flags, "pre="),
            };
            triggers.entry(words[0].clone()).or_default().push(e);
        }
        for v in triggers.values_mut() {
            v.sort_by_key(|b| {
                (
                    std::cmp::Reverse(b.words.len()),
                    b.obj.is_empty() && b.pre.is_empty(),
                )
            });
        }
        let mut frames = HashMap::new();
        const FF: &str = "data/frames.tsv";
        for (n, f) in data_lines(include_str!("../data/frames.tsv")) {
            if f.len() != 3 && f.len() != 4 {
                return Err(err(FF, n, "expected 3 or 4 tab-separated fields"));
            }
            let implied = match f.get(3) {
                None => None,
                Some(m) => Some(
                    Modality::parse(m)
                        .ok_or_else(|| err(FF, n, &format!("unknown modality {m:?}")))?,
                ),
            };
            let kind = match f[2] {
                "report" => FrameKind::Report,
                "deny" => FrameKind::Deny,
                "propose" => FrameKind::Propose,
                "relay" => FrameKind::Relay,
                "according" => FrameKind::According,
                "source" => FrameKind::Source,
                k => return Err(err(FF, n, &format!("unknown kind {k:?}"))),
            };
            frames.insert(
                normalize(f[0]),
                FrameEntry {
                    lemma: (f[1] != "-").then(|| f[1].to_string()),
                    kind,
                    implied,
                },
            );
        }
        let mut cues = Vec::new();
        const MF: &str = "data/modality.tsv";
        for (n, f) in data_lines(include_str!("../data/modality.tsv")) {
            if f.len() != 3 {
                return Err(err(MF, n, "expected 3 tab-separated fields"));
            }
            let class = Modality::parse(f[1])
                .filter(|m| *m != Modality::Asserted)
                .ok_or_else(|| err(MF, n, &format!("unknown class {:?}", f[1])))?;
            let place = match f[2] {
                "pre" => CueWhere::Pre,
                "before" => CueWhere::Before,
                "post" => CueWhere::Post,
                w => return Err(err(MF, n, &format!("unknown position {w:?}"))),
            };
            cues.push(CueEntry {
                words: norm_words(f[0]),
                class,
                place,
            });
        }
        // Longest cues first, so that لا يستبعد is read before لا.
        cues.sort_by_key(|b| std::cmp::Reverse(b.words.len()));
        let mut classes: HashMap<String, Vec<String>> = HashMap::new();
        let mut multi_classes = Vec::new();
        const LF: &str = "data/lexicon.tsv";
        for (n, f) in data_lines(include_str!("../data/lexicon.tsv")) {
            if f.len() != 2 {
                return Err(err(LF, n, "expected 2 tab-separated fields"));
            }
            let w = norm_words(f[0]);
            if w.len() == 1 {
                classes
                    .entry(w[0].clone())
                    .or_default()
                    .push(f[1].to_string());
            } else if !w.is_empty() {
                multi_classes.push((w, f[1].to_string()));
            }
        }
        const AF: &str = "data/argument_model.tsv";
        let args = ArgumentModel::parse(include_str!("../data/argument_model.tsv"))
            .map_err(|e| err(AF, e.line, &e.message))?;
        const DF: &str = "data/date_model.tsv";
        let dates = DateModel::parse(include_str!("../data/date_model.tsv"))
            .map_err(|e| err(DF, e.line, &e.message))?;
        const TMF: &str = "data/trigger_model.tsv";
        let trigger_model = TriggerModel::parse(include_str!("../data/trigger_model.tsv"))
            .map_err(|e| err(TMF, e.line, &e.message))?;
        let mut known_names: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        const OF: &str = "data/organisations.tsv";
        for (n, f) in data_lines(include_str!("../data/organisations.tsv")) {
            if f.len() != 2 || !["ORG", "GPE", "LOC", "PER"].contains(&f[1]) {
                return Err(err(OF, n, "expected a name and a label (ORG GPE LOC PER)"));
            }
            let words = norm_words(f[0]);
            let Some(first) = words.first().cloned() else {
                return Err(err(OF, n, "empty name"));
            };
            known_names
                .entry(first)
                .or_default()
                .push((words, f[1].to_string()));
        }
        for v in known_names.values_mut() {
            v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Ok(EventExtractor {
            triggers,
            frames,
            cues,
            classes,
            multi_classes,
            known_names,
            args: (!args.is_empty()).then_some(args),
            dates: (!dates.is_empty()).then_some(dates),
            trigger_model: (!trigger_model.is_empty()).then_some(trigger_model),
            complete: true,
        })
    }

    /// The same lexicons with another argument model; `None` leaves the rules' answer.
    pub fn with_argument_model(mut self, model: Option<ArgumentModel>) -> Self {
        self.args = model.filter(|m| !m.is_empty());
        self
    }

    /// The same lexicons with another date model; `None` leaves the rules' dates.
    pub fn with_date_model(mut self, model: Option<DateModel>) -> Self {
        self.dates = model.filter(|m| !m.is_empty());
        self
    }

    /// The same lexicons with another trigger model; `None`: the lexicon's triggers only.
    pub fn with_trigger_model(mut self, model: Option<TriggerModel>) -> Self {
        self.trigger_model = model.filter(|m| !m.is_empty());
        self
    }

    /// The trigger model in use, if any.
    pub fn trigger_model(&self) -> Option<&TriggerModel> {
        self.trigger_model.as_ref()
    }

    /// The date model in use, if any.
    pub fn date_model(&self) -> Option<&DateModel> {
        self.dates.as_ref()
    }

    /// Whether to complete the given mentions with repeated names and institution nouns
    /// (on by default; off scores the given mentions alone).
    pub fn with_mention_completion(mut self, on: bool) -> Self {
        self.complete = on;
        self
    }

    /// The argument model in use, if any.
    pub fn argument_model(&self) -> Option<&ArgumentModel> {
        self.args.as_ref()
    }
}

// ---------------------------------------------------------------------------
// Shallow parse
// ---------------------------------------------------------------------------

/// Proclitic strings tried off a word, longest first (normalised forms).
/// How far (in words, names counting as one) a date may stand from its trigger when the
/// raw distance is over 12 tokens.
const MAX_DATE_WORDS: usize = 6;

const PREFIXES: &[&str] = &[
    "وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "وب", "ول", "فب", "فل", "وس",
    "فس", "و", "ف", "ب", "ل", "س",
];
/// Pronoun suffixes tried off a word (اجتماعاتها، زيارته).
const SUFFIXES: &[&str] = &["هما", "ها", "هم", "ه"];

#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    norm: String,
    punct: bool,
    /// The written word ends in ة (folded to ه): no pronoun suffix to strip.
    tm: bool,
}

/// A party candidate: an entity mention (a title followed by a name is the name).
#[derive(Debug, Clone)]
struct Unit {
    /// Token range.
    t0: usize,
    t1: usize,
    span: Span,
    label: String,
    /// Preposition before it: the clitic glued to its first word or the previous word.
    prep: Option<String>,
    /// Glued or preceded by و.
    conj: bool,
}

impl Unit {
    /// This mention as a party of an event in `role` (actor or target).
    fn as_party(&self, role: &str) -> Participant {
        Participant {
            span: self.span.clone(),
            role: role.into(),
            label: self.label.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct Frame {
    /// Token of the verb.
    at: usize,
    kind: FrameKind,
    lemma: Option<String>,
    speaker: Option<(Span, String)>,
    channel: Option<Span>,
    relays: Vec<Span>,
    /// First token of its content (after إن/أن/إلى or the speaker).
    content: usize,
    /// A verb with no subject of its own (وأضاف), or a definite source word (المصادر):
    /// takes the previous sentence's speaker.
    inherits: bool,
    /// The content opens with a pronoun (أنه، إنها): the speaker is its subject.
    pronoun: bool,
    implied: Option<Modality>,
    /// "وفق بيان أصدرته": the event's actor issued the channel.
    actor_issued: bool,
    /// Last token read as part of this frame (the verb after بحسب ما).
    last: usize,
}

struct Doc<'a> {
    chars: Vec<char>,
    toks: Vec<Token>,
    ex: &'a EventExtractor,
}

impl<'a> Doc<'a> {
    fn new(ex: &'a EventExtractor, text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let toks: Vec<Token> = word_spans(text)
            .into_iter()
            .map(|(s, e)| {
                let w: String = chars[s..e].iter().collect();
                let n = normalize(&w);
                let punct = !w.chars().any(|c| c.is_alphanumeric());
                Token {
                    start: s,
                    end: e,
                    norm: n,
                    punct,
                    tm: w.ends_with('ة'),
                }
            })
            .collect();
        Doc { chars, toks, ex }
    }

    fn text(&self, s: usize, e: usize) -> String {
        self.chars[s.min(self.chars.len())..e.min(self.chars.len())]
            .iter()
            .collect()
    }
    fn span_of_tokens(&self, a: usize, b: usize) -> Span {
        let (s, e) = (self.toks[a].start, self.toks[b - 1].end);
        Span {
            start: s,
            end: e,
            text: self.text(s, e),
        }
    }
    fn is(&self, i: usize, class: &str) -> bool {
        self.word_class(i).iter().any(|c| c == class)
    }
    /// Lexicon classes of token `i`, tried with proclitics off.
    fn word_class(&self, i: usize) -> Vec<String> {
        let Some(t) = self.toks.get(i) else {
            return Vec::new();
        };
        for cand in candidates(&t.norm, t.tm) {
            if let Some(c) = self.ex.classes.get(&cand) {
                return c.clone();
            }
        }
        Vec::new()
    }
    /// Length in tokens of a multiword lexicon phrase of `class` starting at `i`.
    fn multi_at(&self, i: usize, class: &str) -> Option<usize> {
        self.ex
            .multi_classes
            .iter()
            .filter(|(_, c)| c == class)
            .find(|(w, _)| self.words_match(i, w))
            .map(|(w, _)| w.len())
    }
    fn words_match(&self, i: usize, words: &[String]) -> bool {
        words.iter().enumerate().all(|(k, w)| {
            self.toks
                .get(i + k)
                .is_some_and(|t| candidates(&t.norm, t.tm).any(|c| &c == w))
        })
    }
    fn norm(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.norm.as_str())
    }
}

/// The word and its forms with proclitics, a final accusative alef or a pronoun suffix off.
fn candidates(w: &str, tm: bool) -> impl Iterator<Item = String> + '_ {
    let mut out = vec![w.to_string()];
    let mut stems = vec![w.to_string()];
    for p in PREFIXES {
        if let Some(r) = w.strip_prefix(p) {
            if r.chars().count() >= 2 {
                stems.push(r.to_string());
                out.push(r.to_string());
            }
        }
    }
    for s in &stems {
        if let Some(r) = s.strip_suffix('ا') {
            if r.chars().count() >= 3 {
                out.push(r.to_string());
            }
        }
        for suf in SUFFIXES {
            if tm && *suf == "ه" {
                continue;
            }
            if let Some(r) = s.strip_suffix(suf) {
                if r.chars().count() >= 3 {
                    out.push(r.to_string());
                }
            }
        }
    }
    out.into_iter()
}

/// Whether a word starting with one of `stems` (proclitics و ب ل and the article off)
/// comes within six words from `from`, before the sentence ends.
fn object_near(doc: &Doc, from: usize, stems: &[String]) -> bool {
    // وصلت إلى مدينة X بولاية Y، اليوم الاثنين، قافلة: the subject may come late.
    (from..doc.toks.len().min(from + 14))
        .take_while(|&k| {
            !(doc.toks[k].punct && matches!(doc.norm(k), "." | "؛" | ":" | "!" | "?" | "؟"))
        })
        .any(|k| {
            let w = doc.norm(k);
            let w = w
                .strip_prefix('و')
                .filter(|r| r.chars().count() >= 3)
                .unwrap_or(w);
            ["بال", "لل", "ال", "ب", "ل", ""].iter().any(|p| {
                w.strip_prefix(p)
                    .filter(|r| r.chars().count() >= 3)
                    .is_some_and(|n| stems.iter().any(|st| n.starts_with(st.as_str())))
            })
        })
}

/// أعلنت وزارة الصحة مقتل سبعة أشخاص جراء الاشتباكات: a casualty toll is the statement;
/// the fighting it names is reported, not claimed by the speaker.
/// أعلنت الوزارة أن الغارات أسفرت عن استشهاد أربعة: the same when the content's event noun
/// is only the cause of the casualties or losses it counts.
fn toll_reported(doc: &Doc, f: &Frame) -> bool {
    let toll = |k: usize| {
        k < doc.toks.len()
            && matches!(
                bare_form(doc.norm(k)),
                "مقتل"
                    | "اصابه"
                    | "سقوط"
                    | "حصيله"
                    | "وفاه"
                    | "استشهاد"
                    | "ارتفاع"
                    | "مصرع"
                    | "خساره"
                    | "خسائر"
            )
    };
    let caused = || {
        (f.content + 1..f.content + 4).any(|k| {
            k + 2 < doc.toks.len()
                && matches!(
                    doc.norm(k),
                    "اسفر" | "اسفرت" | "ادي" | "ادت" | "تسبب" | "تسببت" | "خلف" | "خلفت"
                )
                && matches!(doc.norm(k + 1), "عن" | "في" | "الي")
                && toll(k + 2)
        })
    };
    f.kind == FrameKind::Report && (toll(f.content) || caused())
}

/// وكان X قد تلقى: قد after كان marks a past perfect (تلقى، تعهد begin with ت as a
/// present tense would), not a possibility.
fn pluperfect(doc: &Doc, qad: usize) -> bool {
    (qad.saturating_sub(6)..qad).any(|k| {
        let w = doc.norm(k);
        let w = w.strip_prefix('و').unwrap_or(w);
        matches!(w, "كان" | "كانت" | "كانوا" | "كانا" | "كانتا")
    })
}

/// The head noun of a medium the words were given to, with its ل (لوكالة، لقناة، لمراسل).
fn medium_head(n: &str) -> bool {
    n.strip_prefix('ل').is_some_and(|r| {
        [
            "وكال",
            "قنا",
            "اذاع",
            "صحيف",
            "مراسل",
            "موقع",
            "تلفزيون",
            "جريد",
            "مجل",
            "شبك",
        ]
        .iter()
        .any(|h| r.starts_with(h))
    })
}

/// An adjective after a channel noun (تصريح خاص، بيان مقتضب، مؤتمر صحفي مشترك).
fn is_channel_adjective(n: &str) -> bool {
    matches!(
        n,
        "خاص"
            | "خاصه"
            | "مقتضب"
            | "مقتضبه"
            | "مكتوب"
            | "مكتوبه"
            | "رسمي"
            | "رسميه"
            | "مشترك"
            | "مشتركه"
            | "متلفز"
            | "متلفزه"
            | "اذاعي"
            | "اذاعيه"
            | "صحفي"
            | "صحفيه"
            | "صحافي"
            | "صحافيه"
            | "هاتفي"
            | "هاتفيه"
    )
}

/// A bare indefinite noun as written (زيارة، اتصال): no article and no pronoun suffix.
fn indefinite(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    let w: String = doc.chars[t.start..t.end].iter().collect();
    let w = w.strip_prefix(['و', 'ف']).unwrap_or(&w);
    let w = w.strip_prefix(['ب', 'ل']).unwrap_or(w);
    !w.starts_with("ال")
        && !w.starts_with("لل")
        && (w.ends_with('ة')
            || !["ه", "ها", "هم", "هما", "هن", "كم", "نا"]
                .iter()
                .any(|s| w.ends_with(s)))
}

/// Whether a relative or verbal clause describing the noun ending at `t1` follows
/// (اتصال أجراه، لقاء جمعهما، اجتماع وزاري عُقد، زيارة مرتقبة).
fn own_clause_follows(doc: &Doc, t1: usize, s1: usize) -> bool {
    (t1..(t1 + 3).min(s1))
        .take_while(|&k| !doc.toks[k].punct)
        .any(|k| {
            let n = doc.norm(k);
            n == "الذي"
                || n == "التي"
                || [
                    "اجرا",
                    "اجري",
                    "عقد",
                    "جمع",
                    "احتضن",
                    "استضاف",
                    "مرتقب",
                    "يجري",
                    "تجري",
                ]
                .iter()
                .any(|st| n.starts_with(st))
        })
}

/// Whether one of `stems` (و/ف off) is among the six words before `i` (a verb and its
/// subject's name) with no punctuation between, or, right after عن, anywhere back in the sentence's last dozen
/// words (أعربت الوزارة، في بيان، عن إدانة).
fn light_verb_before(doc: &Doc, i: usize, stems: &[String]) -> bool {
    // أعربت الوزارة، في بيان، عن تضامن: after عن the verb may stand further back, and so
    // after the comma that closes a channel phrase (أعلن X، في بيان أمس، مساندته).
    // اتفق الجانبان، خلال الاجتماع، على تشكيل: after على too.
    let reach = if i > 0 && matches!(doc.norm(i - 1), "عن" | "،" | "," | "علي") {
        20
    } else {
        6
    };
    (i.saturating_sub(reach)..i)
        .rev()
        .take_while(|&k| {
            let stop = if reach > 6 {
                matches!(doc.norm(k), "." | "؛" | ":" | "!" | "?" | "؟")
            } else {
                doc.toks[k].punct
            };
            !stop
        })
        .any(|k| {
            let w = doc.norm(k);
            let w = w
                .strip_prefix('و')
                .or_else(|| w.strip_prefix('ف'))
                .filter(|r| r.chars().count() >= 3)
                .unwrap_or(w);
            // معربةً عن، مؤكداً، مجدداً: the light verb as a circumstantial participle.
            let part = w
                .strip_prefix('م')
                .filter(|r| r.chars().count() >= 3)
                .map(|r| r.strip_prefix('و').unwrap_or(r));
            stems.iter().any(|st| {
                w.starts_with(st.as_str())
                    || part.is_some_and(|r| {
                        st.strip_prefix('ا').unwrap_or(st).len() >= 4
                            && r.starts_with(st.strip_prefix('ا').unwrap_or(st))
                    })
            })
        })
}

/// Per word of a sentence: the event type the lexicon gives it and the frame it opens.
struct LexiconView {
    s0: usize,
    /// The lexicon's trigger at each word (kept whole, so that the trigger loop does not
    /// match the word a second time) and the frame it opens.
    words: Vec<(Option<Hit>, Option<FrameKind>)>,
}

/// The speaker becomes the event's actor and the parties found so far its targets (a
/// proposer, a participle's subject).
fn speaker_acts(parts: &mut Vec<Participant>, span: Span, label: String) {
    for p in parts.iter_mut() {
        p.role = "target".into();
    }
    parts.insert(
        0,
        Participant {
            span,
            role: "actor".into(),
            label,
        },
    );
}

/// Whether token `i` is an active participle in the accusative after a comma (، محمّلاً،
/// مؤكداً، ملوّحاً): a circumstantial clause whose subject is the main clause's.
fn circumstantial_participle(doc: &Doc, i: usize) -> bool {
    let w = doc.norm(i);
    let w = w
        .strip_prefix('و')
        .filter(|r| r.chars().count() >= 5)
        .unwrap_or(w);
    after_comma_participle(doc, i) && w.starts_with('م') && w.chars().count() >= 5
}

/// [`circumstantial_participle`] for a trigger word, which may also be the first form's
/// participle (فاعلاً: ، رافضاً، لافتاً، واصفاً), with no م. Only for triggers: an adverb of
/// that shape after a comma (، سابقاً) opens no clause.
fn circumstantial_act(doc: &Doc, i: usize) -> bool {
    let first_form = after_comma_word(doc, i).is_some_and(|w| {
        let c: Vec<char> = w.chars().collect();
        (5..=6).contains(&c.len())
            && c[1] == 'ا'
            && (w.ends_with('ا') || w.ends_with('ه') || w.ends_with("ين"))
    });
    first_form || circumstantial_participle(doc, i)
}

/// A participle right after a comma (، داعياً، مطالبةً، مطالبين): it hangs on the clause
/// before.
fn after_comma_participle(doc: &Doc, i: usize) -> bool {
    after_comma_word(doc, i).is_some_and(|w| {
        (w.starts_with('م') || w.starts_with("دا"))
            && (w.ends_with('ا') || w.ends_with('ه') || w.ends_with("ين"))
    })
}

/// The word at token `i` when a comma comes right before it, without a joining و
/// (مثمّناً ...، وداعياً: a second participle joined by و).
fn after_comma_word<'d>(doc: &'d Doc, i: usize) -> Option<&'d str> {
    if i == 0 || !matches!(doc.norm(i - 1), "،" | ",") {
        return None;
    }
    let w = doc.norm(i);
    Some(
        w.strip_prefix('و')
            .filter(|r| r.chars().count() >= 5)
            .unwrap_or(w),
    )
}

/// [المبعوث الخاص للحكومة الصينية] إلى الشرق الأوسط [جاي جيون]: a title the tagger cut
/// off from the name it belongs to is that person, who is a party by name only. A title
/// a few words before a name of the same role, or right after one (آل ثاني رئيس مجلس
/// الوزراء), with no punctuation between, goes.
fn drop_titles_of_named(doc: &Doc, ev: &mut EventMention) {
    let text = |a: usize, b: usize| -> String { doc.chars[a.min(b)..b].iter().collect() };
    let names: Vec<(usize, usize, String)> = ev
        .participants
        .iter()
        .filter(|p| p.label == "PER")
        .map(|p| (p.span.start, p.span.end, p.role.clone()))
        .collect();
    if names.is_empty() {
        return;
    }
    let before_count = ev.participants.len();
    ev.participants.retain(|p| {
        if p.label != "TITLE" {
            return true;
        }
        !names.iter().any(|(a, b, role)| {
            if *role != p.role {
                return false;
            }
            let (gap, title_first) = if p.span.end <= *a {
                (text(p.span.end, *a), true)
            } else if *b <= p.span.start {
                (text(*b, p.span.start), false)
            } else {
                return false;
            };
            let words: Vec<&str> = gap.split_whitespace().collect();
            let max = if title_first { 6 } else { 4 };
            let plain = words.len() <= max
                && !gap.chars().any(|c| "،,.:؛()«»\"-–".contains(c))
                && (title_first || !words.first().is_some_and(|w| w.starts_with('و')));
            // [وزيرة التجارة]، السيدة [زينب …]؛ [نظيرها المغربي]، وزير الصناعة، السيد
            // [كريم العلوي]: titles in apposition, one after another, before the name.
            let appositive = title_first
                && words.len() <= 8
                && !gap.chars().any(|c| ".:؛()«»\"-–".contains(c))
                && gap.split(['،', ',']).enumerate().all(|(i, seg)| {
                    let ws: Vec<&str> = seg.split_whitespace().collect();
                    // وزيرة التجارة] والسياحة، السيدة: a title word joined by و may end the
                    // title the tagger cut short.
                    let title_tail = i == 0 && ws.len() == 1;
                    ws.len() <= 4
                        && !ws.first().is_some_and(|w| {
                            (w.starts_with('و') && !title_tail)
                                || ["مع", "من", "الى", "إلى", "في", "عن", "على", "بين"].contains(w)
                        })
                });
            plain || appositive
        })
    });
    let dropped = before_count - ev.participants.len();
    ev.parties = ev
        .parties
        .saturating_sub(dropped)
        .max(ev.participants.len());
}

/// Whether the name at token `t0` follows تابعة لـ (قافلة ... تابعة لبرنامج الأغذية): the
/// convoy's owner, who gives the aid.
fn convoy_owner_at(doc: &Doc, t0: usize) -> bool {
    (t0.saturating_sub(2)..t0).any(|k| {
        let n = doc.norm(k);
        let n = n.strip_prefix("ال").unwrap_or(n);
        n.starts_with("تابعه") || n == "تابعتين"
    })
}

/// A word without و/ف and the article or a preposition glued before it (وبالاجتماع →
/// اجتماع), when at least three letters remain.
fn bare_form(w: &str) -> &str {
    let w = w
        .strip_prefix('و')
        .or_else(|| w.strip_prefix('ف'))
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(w);
    ["بال", "لل", "ال", "كال"]
        .iter()
        .find_map(|p| w.strip_prefix(p).filter(|r| r.chars().count() >= 3))
        .unwrap_or(w)
}

/// العقد الذي وقّعته بغداد، الاتفاق الذي أبرمه: a signing verb in a relative clause whose
/// antecedent, a few words back, is the document signed.
fn signed_antecedent(doc: &Doc, t0: usize) -> bool {
    if t0 < 2 || !matches!(doc.norm(t0 - 1), "الذي" | "التي") {
        return false;
    }
    (t0.saturating_sub(5)..t0 - 1).any(|k| {
        let w = bare_form(doc.norm(k));
        let w = w.strip_suffix('ا').unwrap_or(w);
        w.starts_with("اتفاقي")
            || [
                "عقد",
                "اتفاق",
                "مذكره",
                "بروتوكول",
                "صفقه",
                "ميثاق",
                "معاهده",
            ]
            .contains(&w)
    })
}

/// Whether `word` is the trigger form `entry` with a pronoun suffix (اجتماعه، زيارتها:
/// the feminine ending written ت before it).
fn possessive_of(word: &str, entry: &str) -> bool {
    SUFFIXES.iter().any(|x| {
        word.strip_suffix(x).is_some_and(|stem| {
            stem.ends_with(entry)
                || entry
                    .strip_suffix('ه')
                    .is_some_and(|e| stem.strip_suffix('ت').is_some_and(|s| s.ends_with(e)))
        })
    })
}

/// Movement verbs an aid convoy or ship takes (قافلة ... دخلت، حمولة القافلة وصلت).
/// Subtypes of talks that, with no party named, go on between the story's parties.
const TALKS_SUBTYPES: &[&str] = &["talks"];

/// Report verbs as circumstantial participles (normalised forms) and their lemmas: after a
/// comma they open words of their own (، مشيراً إلى أن ...).
const PARTICIPLE_REPORTS: &[(&str, &str)] = &[
    ("مشيرا", "أشار"),
    ("مشيره", "أشار"),
    ("موكدا", "أكد"),
    ("موكده", "أكد"),
    ("موضحا", "أوضح"),
    ("موضحه", "أوضح"),
    ("لافتا", "لفت"),
    ("لافته", "لفت"),
    ("مضيفا", "أضاف"),
    ("مضيفه", "أضاف"),
    ("كاشفا", "كشف"),
    ("كاشفه", "كشف"),
    ("معلنا", "أعلن"),
    ("معلنه", "أعلن"),
    ("معتبرا", "اعتبر"),
    ("معتبره", "اعتبر"),
    ("منوها", "نوه"),
    ("منوهه", "نوه"),
    ("مشددا", "شدد"),
    ("مشدده", "شدد"),
    ("مبينا", "بين"),
    ("مبينه", "بين"),
];

/// The lemma of a report participle at token `i` (، مشيراً / ، ومؤكداً).
fn participle_report(doc: &Doc, i: usize) -> Option<&'static str> {
    let w = after_comma_word(doc, i)?;
    PARTICIPLE_REPORTS
        .iter()
        .find(|(f, _)| *f == w)
        .map(|(_, l)| *l)
}

const ARRIVAL_VERBS: &[&str] = &[
    "وصل", "وصلت", "دخل", "دخلت", "عبرت", "تصل", "يصل", "تدخل", "يدخل", "تعبر", "رست",
];

/// The proclitic part of a word glued before an entity that starts inside it.
fn clitic_before(doc: &Doc, tok: usize, ent_start: usize) -> Option<String> {
    let t = &doc.toks[tok];
    if ent_start > t.start {
        let c = normalize(&doc.text(t.start, ent_start));
        let c: String = c.chars().filter(|c| *c != '\u{0640}').collect();
        if !c.is_empty() {
            return Some(c);
        }
    }
    None
}

const PREPS: &[&str] = &[
    "في", "مع", "الي", "من", "علي", "بين", "عن", "لدي", "ب", "ل", "و", "وب", "ول", "وفي", "ومع",
];

fn build_units(doc: &Doc, mentions: &[EntitySpan], s0: usize, s1: usize) -> Vec<Unit> {
    let tok_at = |c: usize| doc.toks.iter().position(|t| t.end > c);
    let mut ms: Vec<&EntitySpan> = mentions
        .iter()
        .filter(|m| m.start < m.end && m.end <= doc.chars.len())
        .filter(|m| ["PER", "ORG", "GPE", "LOC", "TITLE"].contains(&m.label.as_str()))
        .collect();
    ms.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut raw: Vec<(usize, usize, &EntitySpan)> = Vec::new();
    for m in ms {
        let (Some(a), Some(b)) = (tok_at(m.start), tok_at(m.end - 1)) else {
            continue;
        };
        if a < s0 || b >= s1 {
            continue;
        }
        // Nested or overlapping mentions: keep the outer one.
        if raw.last().is_some_and(|(_, pb, _)| a < *pb) {
            continue;
        }
        raw.push((a, b + 1, m));
    }
    // The rest of a title a tagger stopped short of ([وزير الخارجية] وشؤون المغتربين
    // [أيمن الصفدي]): a few words between a title's end `b` and the next mention at `na`,
    // each a conjunct or a definite word (وشؤون، المغتربين، السوري، بالخارج), none a
    // trigger, a frame or a function word.
    let title_tail = |b: usize, na: usize| {
        // [رئيس الجمهورية]، السيد [عبد المجيد تبون]: an apposition after a comma.
        let b = if na > b + 1 && doc.norm(b) == "،" {
            b + 1
        } else {
            b
        };
        na > b
            && na - b <= 6
            && (b..na).all(|k| {
                let t = &doc.toks[k];
                let n = t.norm.as_str();
                !t.punct
                    && (n.starts_with('و')
                        || n.starts_with("ال")
                        || n.starts_with("بال")
                        || n.starts_with("لل"))
                    && !matches!(n, "الي" | "الذي" | "التي")
                    && !is_day_word(n)
                    && doc.ex.match_trigger(doc, k).is_none()
                    && doc.ex.frame_at(doc, k).is_none()
                    && doc.word_class(k).is_empty()
            })
    };
    // One word between may join ([رئيس الوزراء]، [وزير الخارجية]), but not a verb
    // ([وزير الخارجية] التقى [نظيره الفرنسي]).
    let joins = |b: usize, na: usize, nm: &EntitySpan| {
        let verb_between = na == b + 1
            && (doc.ex.match_trigger(doc, b).is_some() || doc.ex.frame_at(doc, b).is_some());
        // [وزير الخارجية] [الاتحاد الأوروبي]: a title that ends in a definite word takes no
        // genitive, so a body or country right after it (no ل between) is another party.
        let definite_end = b > 0 && doc.norm(b - 1).starts_with("ال") && doc.norm(b - 1).len() > 4;
        let bare_next = na == b
            && matches!(nm.label.as_str(), "GPE" | "ORG")
            && doc.toks.get(na).is_some_and(|t| t.start == nm.start);
        if definite_end && bare_next {
            return false;
        }
        (na <= b + 1 && !verb_between)
            || (nm.label == "PER" || nm.label == "TITLE") && title_tail(b, na)
    };
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let (a, b, m) = raw[i];
        let next = raw.get(i + 1);
        // Titles in a row before a name ([رئيس الوزراء وزير الخارجية القطري] [الشيخ] [محمد]):
        // the first ones go with the last.
        if m.label == "TITLE"
            && next.is_some_and(|&(na, _, nm)| joins(b, na, nm) && nm.label == "TITLE")
        {
            let mut k = i + 1;
            while raw
                .get(k + 1)
                .is_some_and(|&(na, _, nm)| joins(raw[k].1, na, nm) && nm.label == "TITLE")
            {
                k += 1;
            }
            if raw
                .get(k + 1)
                .is_some_and(|&(na, _, nm)| joins(raw[k].1, na, nm) && nm.label != "TITLE")
            {
                let (ka, _, km) = raw[k + 1];
                let mut u = make_unit(doc, ka, raw[k + 1].1, km);
                u.prep = prep_of(doc, a, m.start);
                u.conj = conj_of(doc, a, m.start);
                u.t0 = a;
                units.push(u);
                i = k + 2;
                continue;
            }
        }
        // A title directly followed by a name, a country or an organisation is that party.
        if m.label == "TITLE" {
            if let Some(&(na, nb, nm)) = next {
                // [رئيس الوزراء العراقي] في [بغداد]: a city after في is where the title's
                // holder is, unless a name follows it ([رئيس الحركة] في [غزة] [خليل الحية]).
                let where_held = na == b + 1
                    && doc.norm(b) == "في"
                    && matches!(nm.label.as_str(), "GPE" | "LOC")
                    && !raw
                        .get(i + 2)
                        .is_some_and(|&(na2, _, nm2)| nm2.label == "PER" && na2 == nb);
                if joins(b, na, nm) && nm.label != "TITLE" && !where_held {
                    i += 1;
                    // [وزير خارجية] [دولة الكويت] [عبدالله اليحيا], [رئيس الحركة] في [غزة]
                    // [خليل الحية]: the country or body belongs to the title of the
                    // person named next.
                    if matches!(nm.label.as_str(), "GPE" | "ORG")
                        && raw
                            .get(i + 1)
                            .is_some_and(|&(na2, _, nm2)| nm2.label == "PER" && na2 == raw[i].1)
                    {
                        i += 1;
                    }
                    let (_, _, nm) = raw[i];
                    let mut u = make_unit(doc, raw[i].0, raw[i].1, nm);
                    u.prep = prep_of(doc, a, m.start);
                    u.conj = conj_of(doc, a, m.start);
                    u.t0 = a;
                    units.push(u);
                    i += 1;
                    continue;
                }
            }
        }
        // A title right after a name is its apposition (محمد بن سلمان ولي العهد), after a
        // comma too (مصطفى مدبولي، رئيس الوزراء).
        // But a bare definite title with a nisba (استقبل X الوزير الإيراني، المبعوثة
        // الأممية) is the one met, not X: an apposition names X's office in full
        // (البديوي الأمين العام لمجلس التعاون).
        let other_party = m.label == "TITLE" && {
            let ws: Vec<String> = m.text.split_whitespace().map(normalize).collect();
            ws.len() == 2
                && ws
                    .iter()
                    .all(|w| w.starts_with("ال") && w.chars().count() > 4)
                && (ws[1].ends_with('ي') || ws[1].ends_with("يه"))
        };
        let apposition = m.label == "TITLE"
            && units.last().is_some_and(|u| {
                u.t1 == a && !other_party
                    || u.label == "PER" && a == u.t1 + 1 && matches!(doc.norm(u.t1), "،" | ",")
            });
        // الهيئة الحكومية للتنمية «إيجاد»، (إيغاد): a short name in quotes or brackets
        // right after a body is that body again, not another party.
        let quote = |k: usize| {
            doc.toks[k].punct && matches!(doc.norm(k), "«" | "»" | "(" | ")" | "\"" | "“" | "”")
        };
        let alias = m.label == "ORG"
            && units.last().is_some_and(|u| {
                u.label == "ORG" && u.t1 < a && (u.t1..a).all(quote) && b < s1 && quote(b)
            });
        if alias {
            i += 1;
            continue;
        }
        if !apposition {
            units.push(make_unit(doc, a, b, m));
        }
        i += 1;
    }
    units
}

fn make_unit(doc: &Doc, a: usize, b: usize, m: &EntitySpan) -> Unit {
    Unit {
        t0: a,
        t1: b,
        span: Span {
            start: m.start,
            end: m.end,
            text: m.text.clone(),
        },
        label: m.label.clone(),
        prep: prep_of(doc, a, m.start),
        conj: conj_of(doc, a, m.start),
    }
}

fn prep_of(doc: &Doc, a: usize, start: usize) -> Option<String> {
    if let Some(c) = clitic_before(doc, a, start) {
        let c = c.trim_start_matches('و').to_string();
        if !c.is_empty() {
            return Some(c);
        }
    }
    // لـ«القبس»، مع "الشرق"، لـ(وال): the preposition stands before the opening quote.
    let mut b = a;
    while b > 0 && matches!(doc.norm(b - 1), "«" | "\"" | "“" | "(") {
        b -= 1;
    }
    // في مدينة كادقلي، بمحافظة أربيل، قرب بلدة X: the preposition of the place noun.
    if b > 0 {
        let head = doc.norm(b - 1);
        let bare = ["وب", "ب", "و", "ف", "ل"].iter().find_map(|c| {
            head.strip_prefix(c)
                .filter(|r| PLACE_HEADS.contains(r))
                .map(|r| (*c, r))
        });
        if PLACE_HEADS.contains(&head) {
            b -= 1;
        } else if let Some((c, _)) = bare {
            let c = c.trim_start_matches('و');
            if !c.is_empty() {
                return Some(c.to_string());
            }
            b -= 1;
        }
    }
    if b > 0 {
        let p = doc.norm(b - 1);
        let p = p.strip_prefix('و').filter(|r| !r.is_empty()).unwrap_or(p);
        if PREPS.contains(&p) {
            return Some(p.to_string());
        }
    }
    None
}

/// Nouns that name the kind of place before a place name (مدينة، محافظة، بلدة).
const PLACE_HEADS: &[&str] = &[
    "مدينه",
    "بلده",
    "قريه",
    "ناحيه",
    "محافظه",
    "منطقه",
    "ولايه",
    "قضاء",
    "مخيم",
    "عاصمه",
    "العاصمه",
    "اقليم",
    "جزيره",
    "ميناء",
    "مطار",
    "حي",
    "مديريه",
    "بلدات",
    "قري",
    "مدن",
];

fn conj_of(doc: &Doc, a: usize, start: usize) -> bool {
    clitic_before(doc, a, start).is_some_and(|c| c.starts_with('و'))
        || (a > 0 && doc.norm(a - 1) == "و")
}

/// One found trigger before argument attachment.
#[derive(Debug, Clone)]
struct Hit {
    t0: usize,
    t1: usize,
    entry: TriggerEntry,
}

impl EventExtractor {
    fn match_trigger(&self, doc: &Doc, i: usize) -> Option<Hit> {
        for cand in candidates(&doc.toks[i].norm, doc.toks[i].tm) {
            let Some(list) = self.triggers.get(&cand) else {
                continue;
            };
            for e in list {
                if (e.words.len() == 1 || doc.words_match(i + 1, &e.words[1..]))
                    && (e.obj.is_empty() || object_near(doc, i + e.words.len(), &e.obj))
                    && (e.pre.is_empty() || light_verb_before(doc, i, &e.pre))
                {
                    return Some(Hit {
                        t0: i,
                        t1: i + e.words.len(),
                        entry: e.clone(),
                    });
                }
            }
        }
        None
    }

    /// A trigger the learned model proposes for token `i`, which the lexicon does not know.
    /// What the lexicon and the frames say of each word of the sentence `s0..s1` (the trigger
    /// model's context features), read once per sentence.
    fn lexicon_view(&self, doc: &Doc, s0: usize, s1: usize) -> LexiconView {
        LexiconView {
            s0,
            words: (s0..s1)
                .map(|j| {
                    (
                        self.match_trigger(doc, j),
                        self.frame_at(doc, j).map(|f| f.kind),
                    )
                })
                .collect(),
        }
    }

    fn learned_trigger(&self, doc: &Doc, i: usize, view: &LexiconView) -> Option<Hit> {
        let model = self.trigger_model.as_ref()?;
        let t = &doc.toks[i];
        if t.punct || t.norm.chars().count() < 3 || self.frame_at(doc, i).is_some() {
            return None;
        }
        let mut scores = model.zero_scores();
        let mut buf = String::new();
        let s0 = view.s0;
        self.each_token_feature(doc, i, view, &mut |a| {
            buf.clear();
            let _ = fmt::Write::write_fmt(&mut buf, a);
            model.add_scores(&buf, &mut scores);
        });
        let (etype, _) = model.decide(&scores)?;
        let bare = bare_form(&t.norm);
        // A noun reads as a reference back to an event when definite; a verb never does.
        let prev = if i > s0 { doc.norm(i - 1) } else { "" };
        let verb = !(bare.len() < t.norm.len() && t.norm.contains("ال")
            || t.tm
            || t.norm.ends_with("ات")
            || t.norm.ends_with("ين")
            || matches!(
                prev,
                "في" | "خلال" | "بعد" | "عقب" | "اثر" | "علي" | "الي" | "من" | "قبل"
            ));
        Some(Hit {
            t0: i,
            t1: i + 1,
            entry: TriggerEntry {
                words: vec![t.norm.clone()],
                etype: etype.to_string(),
                verb,
                ..TriggerEntry::default()
            },
        })
    }

    /// What the trigger model reads of token `i` in the sentence `s0..s1`: the word, its
    /// clitic-stripped forms and affixes, and its neighbours with what the lexicon and the
    /// entity mentions say of them. The token's own lexicon entry is left out, so the
    /// model learns words, not the lexicon, and can stand in where the lexicon is silent.
    fn token_features(&self, doc: &Doc, i: usize, view: &LexiconView) -> Vec<String> {
        let mut f = Vec::new();
        self.each_token_feature(doc, i, view, &mut |a| f.push(fmt::format(a)));
        f
    }

    /// [`Self::token_features`], each handed to `add` as it is made: scoring writes them
    /// into one buffer and looks them up, which keeps the shipped extractor's speed.
    fn each_token_feature(
        &self,
        doc: &Doc,
        i: usize,
        view: &LexiconView,
        add: &mut dyn FnMut(fmt::Arguments),
    ) {
        let (s0, s1) = (view.s0, view.s0 + view.words.len());
        let t = &doc.toks[i];
        let bare = bare_form(&t.norm);
        add(format_args!("bias"));
        add(format_args!("w={}", t.norm));
        add(format_args!("b={bare}"));
        for c in candidates(&t.norm, t.tm).skip(1) {
            add(format_args!("c={c}"));
        }
        let at = |k: usize| bare.char_indices().nth(k).map_or(bare.len(), |(b, _)| b);
        let n = bare.chars().count();
        for k in [2, 3] {
            if n > k {
                add(format_args!("p{k}={}", &bare[..at(k)]));
                add(format_args!("s{k}={}", &bare[at(n - k)..]));
            }
        }
        if n >= 4 {
            // The word's inner letters: a root's trace through its derived forms.
            add(format_args!("m={}", &bare[at(1)..at(n - 1)]));
        }
        if bare.len() < t.norm.len() {
            add(format_args!("pre={}", &t.norm[..t.norm.len() - bare.len()]));
        }
        if t.tm {
            add(format_args!("tm"));
        }
        let word = |k: isize| -> &str {
            let j = i as isize + k;
            if j < s0 as isize || j >= s1 as isize {
                return "<s>";
            }
            doc.norm(j as usize)
        };
        add(format_args!("w-1={}", word(-1)));
        add(format_args!("w+1={}", word(1)));
        add(format_args!("w-2={}", word(-2)));
        add(format_args!("b-1={}", bare_form(word(-1))));
        add(format_args!("b+1={}", bare_form(word(1))));
        add(format_args!("w-1b={}|{}", word(-1), bare));
        for (k, name) in [(-1isize, "-1"), (1, "+1"), (2, "+2")] {
            let j = i as isize + k;
            if j < s0 as isize || j >= s1 as isize {
                continue;
            }
            let (lex, frame) = &view.words[j as usize - s0];
            if let Some(h) = lex {
                add(format_args!("lex{name}={}", h.entry.etype));
            }
            if let Some(k) = frame {
                add(format_args!("frame{name}={k:?}"));
            }
        }
    }

    /// The trigger model's view of every word of a document that is not part of an entity
    /// mention or a date (what `isnad train events` labels with the gold triggers).
    pub fn trigger_tokens(
        &self,
        text: &str,
        sentences: &[(usize, usize)],
        mentions: &[EntitySpan],
        timexes: &[TimexSpan],
    ) -> Vec<TokenFeatures> {
        let doc = Doc::new(self, text);
        let tidied = tidy_mentions(&doc, mentions);
        let mentions = if self.complete {
            complete::complete(&doc, &tidied, timexes)
        } else {
            tidied
        };
        let mut out = Vec::new();
        for &(cs, ce) in sentences {
            let s0 = doc.toks.partition_point(|t| t.start < cs);
            let s1 = doc.toks.partition_point(|t| t.start < ce);
            if s0 >= s1 {
                continue;
            }
            let units = build_units(&doc, &mentions, s0, s1);
            let view = self.lexicon_view(&doc, s0, s1);
            for i in s0..s1 {
                let t = &doc.toks[i];
                let covered = |a: usize, b: usize| a < t.end && t.start < b;
                if t.punct
                    || t.norm.chars().count() < 3
                    || units.iter().any(|u| i >= u.t0 && i < u.t1)
                    || timexes.iter().any(|x| covered(x.start, x.end))
                    || self.frame_at(&doc, i).is_some()
                {
                    continue;
                }
                out.push(TokenFeatures {
                    start: t.start,
                    end: t.end,
                    lexicon: self.match_trigger(&doc, i).map(|h| h.entry.etype),
                    features: self.token_features(&doc, i, &view),
                });
            }
        }
        out
    }

    fn frame_at(&self, doc: &Doc, i: usize) -> Option<FrameEntry> {
        let w = &doc.toks[i].norm;
        let bare = w
            .strip_prefix('و')
            .or_else(|| w.strip_prefix('ف'))
            .unwrap_or(w);
        // أن توقع X اتفاقاً: after a complementiser it is the signing verb (تُوقّع), not
        // "expected" (توقّع X أن).
        if bare == "توقع" && i > 0 && doc.norm(i - 1) == "ان" {
            return None;
        }
        self.frames
            .get(w)
            .or_else(|| self.frames.get(bare))
            .cloned()
    }

    /// Every event mention of a document.
    ///
    /// `text` is the whole document; `sentences` are char ranges into it (as
    /// `isnad_clean::split_sentences` returns them); `mentions` and `timexes` are char
    /// spans into `text` (any order). `outlet` is copied into every attribution.
    pub fn extract_document(
        &self,
        text: &str,
        sentences: &[(usize, usize)],
        mentions: &[EntitySpan],
        timexes: &[TimexSpan],
        outlet: Option<&str>,
    ) -> Vec<EventMention> {
        self.extract(text, sentences, mentions, timexes, outlet, false)
            .into_iter()
            .map(|t| t.event)
            .collect()
    }

    /// The entity mentions the extractor works with: `mentions` plus the parties mention
    /// completion adds (surnames, institutions; see `complete.rs`). For measuring what the
    /// tagger leaves out.
    pub fn completed_mentions(
        &self,
        text: &str,
        mentions: &[EntitySpan],
        timexes: &[TimexSpan],
    ) -> Vec<EntitySpan> {
        let doc = Doc::new(self, text);
        complete::complete(&doc, mentions, timexes)
    }

    /// [`Self::extract_document`], each event with the argument candidates it was decided
    /// from (what `isnad train events` learns from).
    pub fn extract_document_traced(
        &self,
        text: &str,
        sentences: &[(usize, usize)],
        mentions: &[EntitySpan],
        timexes: &[TimexSpan],
        outlet: Option<&str>,
    ) -> Vec<TracedEvent> {
        self.extract(text, sentences, mentions, timexes, outlet, true)
    }

    /// `trace`: keep every candidate's features (training); otherwise they are only summed.
    fn extract(
        &self,
        text: &str,
        sentences: &[(usize, usize)],
        mentions: &[EntitySpan],
        timexes: &[TimexSpan],
        outlet: Option<&str>,
        trace: bool,
    ) -> Vec<TracedEvent> {
        let doc = Doc::new(self, text);
        let tidied = tidy_mentions(&doc, mentions);
        let mentions = &tidied[..];
        let completed;
        let mentions = if self.complete {
            completed = complete::complete(&doc, mentions, timexes);
            &completed[..]
        } else {
            mentions
        };
        // The wire dateline's city, agency and date are no arguments of the lead's events.
        let dateline = dateline::find(&doc, sentences, mentions, timexes);
        let (kept_mentions, kept_timexes);
        let (mentions, timexes) = match &dateline {
            Some(d) => {
                kept_mentions = mentions
                    .iter()
                    .filter(|m| !d.covers(m.start, m.end))
                    .cloned()
                    .collect::<Vec<_>>();
                kept_timexes = timexes
                    .iter()
                    .filter(|t| !d.covers(t.start, t.end))
                    .cloned()
                    .collect::<Vec<_>>();
                (&kept_mentions[..], &kept_timexes[..])
            }
            None => (mentions, timexes),
        };
        let mut out: Vec<TracedEvent> = Vec::new();
        let mut memory = Memory::default();
        for (si, &(cs, ce)) in sentences.iter().enumerate() {
            let s0 = doc.toks.partition_point(|t| t.start < cs);
            let s1 = doc.toks.partition_point(|t| t.start < ce);
            if s0 >= s1 {
                continue;
            }
            let evs = self.sentence(
                &doc,
                (si, s0, s1),
                mentions,
                timexes,
                outlet,
                &mut memory,
                trace,
            );
            out.extend(evs);
        }
        // The lead's events that name no place happened where the wire placed its story.
        if let Some(d) = &dateline {
            for t in out.iter_mut() {
                let ev = &mut t.event;
                // Not a phone call: its parties are where they are, not where the wire is.
                if ev.sentence == d.sentence
                    && ev.place.is_none()
                    && ev.subtype.as_deref() != Some("call")
                    && !is_speech_type(&ev.event_type)
                    && ev.modality == Modality::Asserted
                {
                    ev.place = d.place.clone();
                }
            }
        }
        if trace {
            let all: Vec<Vec<DateCandidate>> = (0..out.len())
                .map(|k| dates::candidates(&doc, sentences, timexes, &out, k, None))
                .collect();
            for (t, c) in out.iter_mut().zip(all) {
                t.date_candidates = c;
            }
        }
        if let Some(m) = &self.dates {
            dates::apply(m, &doc, sentences, timexes, &mut out);
        }
        // أكد X ...، محمّلاً Y المسؤولية. وطالب X ...: a speech act that goes on with the
        // same speaker's dated statement (same sentence or the next) is made on that
        // occasion. The learned model may date the first statement and not the rest.
        for k in 1..out.len() {
            let ev = &out[k].event;
            if ev.date.is_some()
                || ev.modality != Modality::Asserted
                || !is_speech_type(&ev.event_type)
            {
                continue;
            }
            let Some(spk) = ev.attribution.speaker.as_ref().map(|s| key_of(&s.text)) else {
                continue;
            };
            let sent = ev.sentence;
            let prev = (0..k)
                .rev()
                .map(|j| &out[j].event)
                .take_while(|p| p.sentence + 1 >= sent)
                .find(|p| {
                    p.attribution
                        .speaker
                        .as_ref()
                        .is_some_and(|s| key_of(&s.text) == spk)
                });
            if let Some(d) = prev
                .filter(|p| p.modality == Modality::Asserted)
                .and_then(|p| p.date.clone())
            {
                out[k].event.date = Some(inherited(d));
            }
        }
        for t in out.iter_mut() {
            // An event that did not happen has no day (نفى أن يكون التقى أمس): the date
            // nearby is the denial's.
            if t.event.modality == Modality::Denied {
                t.event.date = None;
            }
            date_to_start(&mut t.event);
        }
        if !trace {
            for t in out.iter_mut() {
                widen_to_light_verb(&doc, &mut t.event);
            }
        }
        out
    }
}

/// An event a frame verb makes by itself (a bare request, a declaration): asserted, with no
/// place of its own.
fn frame_event(
    sentence: usize,
    trigger: Span,
    etype: &str,
    subtype: Option<String>,
    participants: Vec<Participant>,
    date: Option<EventDate>,
    attribution: Attribution,
) -> EventMention {
    EventMention {
        sentence,
        trigger,
        event_type: etype.to_string(),
        subtype,
        parties: participants.len(),
        participants,
        place: None,
        date,
        modality: Modality::Asserted,
        modality_cue: None,
        topics: Vec::new(),
        attribution,
    }
}

/// An event that happened over a stretch (اعتصموا منذ الأحد، زارت الجزائر يومي 16 و17)
/// is dated to the day it began; a planned stretch (between August and September) stays
/// one.
fn date_to_start(ev: &mut EventMention) {
    if ev.modality != Modality::Asserted {
        return;
    }
    if let Some(d) = ev.date.as_mut() {
        if let Some((start, _)) = d.value.as_deref().and_then(|v| v.split_once('/')) {
            if !start.is_empty() && !start.starts_with('P') {
                d.value = Some(start.to_string());
            }
        }
    }
}

/// Verbs that carry no event of their own before the noun that does (فرضت عقوبات، شنّ
/// غارات، أجرى اتصالاً، طرح مقترحاً).
const LIGHT_VERBS: &[&str] = &[
    "فرض",
    "فرضت",
    "تفرض",
    "يفرض",
    "ستفرض",
    "سيفرض",
    "شن",
    "شنت",
    "يشن",
    "تشن",
    "نفذ",
    "نفذت",
    "ينفذ",
    "تنفذ",
    "اجري",
    "اجرت",
    "يجري",
    "تجري",
    "طرح",
    "طرحت",
    "يطرح",
    "تطرح",
    "ابرم",
    "ابرمت",
];

/// A date taken from another mention: marked so it is not counted as the event's own.
fn inherited(mut d: EventDate) -> EventDate {
    d.inherited = true;
    d
}

/// The trigger of a noun right after a light verb spans both words: reports name such an
/// event by either (فرضت / عقوبات), and the pair is the event.
fn widen_to_light_verb(doc: &Doc, ev: &mut EventMention) {
    let k = doc.toks.partition_point(|t| t.end <= ev.trigger.start);
    if k == 0 || k >= doc.toks.len() || doc.toks[k].start != ev.trigger.start {
        return;
    }
    // ستفرض مزيداً من العقوبات: past a quantity.
    let v = if k >= 3 && doc.norm(k - 1) == "من" && matches!(doc.norm(k - 2), "مزيدا" | "المزيد")
    {
        k - 3
    } else {
        k - 1
    };
    let is_light = |v: usize| {
        let w = doc.norm(v);
        !doc.toks[v].punct && LIGHT_VERBS.contains(&w.strip_prefix('و').unwrap_or(w))
    };
    let v = if is_light(v) {
        v
    } else if let Some(v) = light_verb_across(doc, ev, k, is_light) {
        v
    } else {
        return;
    };
    // The verb's own proclitic و stays out, as in the gold spans.
    let n = doc.norm(v);
    let glued = n.starts_with('و') && !LIGHT_VERBS.contains(&n);
    let start = doc.toks[v].start + usize::from(glued);
    ev.trigger = Span {
        start,
        end: ev.trigger.end,
        text: doc.text(start, ev.trigger.end),
    };
}

/// فرضت وزارة الخزانة، الثلاثاء، عقوبات: a light verb before its subject and its noun
/// after. Reports name this event by the verb or by the noun, so the trigger spans both;
/// only the event's own parties, its date and commas may stand between.
fn light_verb_across(
    doc: &Doc,
    ev: &EventMention,
    k: usize,
    is_light: impl Fn(usize) -> bool,
) -> Option<usize> {
    let inside = |s: &Span, t: usize| s.start <= doc.toks[t].start && doc.toks[t].end <= s.end;
    let between = |t: usize| {
        matches!(doc.norm(t), "،" | "," | "قد" | "الماضي")
            || is_day_word(doc.norm(t))
            || ev.participants.iter().any(|p| inside(&p.span, t))
            || ev.date.as_ref().is_some_and(|d| inside(&d.span, t))
    };
    let mut v = k.checked_sub(1)?;
    for _ in 0..12 {
        if is_light(v) {
            return (v + 1 < k).then_some(v);
        }
        if !between(v) {
            return None;
        }
        v = v.checked_sub(1)?;
    }
    None
}

/// Repairs of a tagger's mentions that would hide the sentence's structure: a mention
/// that swallowed a verb next to it ([الرئيس الكيني التقى]) loses the verb, a group word
/// tagged as a name ([الوزيران]) is left to group resolution, and a formal country name
/// split or cut short ([جمهورية] [كينيا]، دولة [الإمارات]) becomes one mention. Gold spans
/// pass unchanged (they do none of these).
fn tidy_mentions(doc: &Doc, mentions: &[EntitySpan]) -> Vec<EntitySpan> {
    let verb_like = |k: usize| {
        doc.ex.frame_at(doc, k).is_some()
            || doc.ex.match_trigger(doc, k).is_some_and(|h| h.entry.verb)
    };
    // دولة، جمهورية، مملكة...: the word that makes a country's formal name.
    const STATE: &[&str] = &["دوله", "جمهوريه", "مملكه", "سلطنه", "اماره"];
    let state = |k: usize| {
        let n = doc.norm(k);
        STATE.contains(&n) || n.strip_prefix('و').is_some_and(|r| STATE.contains(&r))
    };
    // First words of the mentions, for telling a glued و from a name's own (وحماس).
    let names: HashSet<String> = mentions
        .iter()
        .filter_map(|m| {
            normalize(&m.text)
                .split_whitespace()
                .next()
                .map(str::to_string)
        })
        .collect();
    // Last words of people's names, for telling two joined names apart.
    let surnames: HashSet<String> = mentions
        .iter()
        .filter(|m| m.label == "PER")
        .filter_map(|m| {
            normalize(&m.text)
                .split_whitespace()
                .last()
                .map(str::to_string)
        })
        .collect();
    // على منصة «إكس»: a platform a statement was posted on is neither a party nor a relay.
    const PLATFORMS: &[&str] = &[
        "اكس",
        "تويتر",
        "فيسبوك",
        "فيس بوك",
        "تلغرام",
        "تليغرام",
        "تيليغرام",
        "تلجرام",
        "يوتيوب",
        "انستغرام",
        "انستجرام",
        "تيك توك",
        "واتساب",
    ];
    let mut sorted: Vec<&EntitySpan> = mentions
        .iter()
        .filter(|m| !PLATFORMS.contains(&normalize(&m.text).as_str()))
        .collect();
    sorted.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut out: Vec<EntitySpan> = Vec::with_capacity(mentions.len());
    for m in sorted {
        let a = doc.toks.partition_point(|t| t.end <= m.start);
        let b = doc.toks.partition_point(|t| t.start < m.end);
        // [جمهورية] [كينيا] → one name; دولة [الإمارات] → دولة الإمارات; [ومملكة البحرين]
        // loses its و.
        if m.label == "GPE" && a < b {
            if let Some(prev) = out.last_mut() {
                let pa = doc.toks.partition_point(|t| t.end <= prev.start);
                let pb = doc.toks.partition_point(|t| t.start < prev.end);
                if prev.label == "GPE" && pb == pa + 1 && pb == a && state(pa) {
                    prev.end = m.end;
                    prev.text = doc.text(prev.start, prev.end);
                    continue;
                }
            }
        }
        // [جان]-[نويل بارو]: a hyphenated first name the tagger cut at its hyphen.
        if m.label == "PER" && a < b {
            if let Some(prev) = out.last_mut() {
                let between = doc.text(prev.end.min(m.start), m.start);
                if prev.label == "PER"
                    && prev.end < m.start
                    && matches!(between.as_str(), "-" | "‐")
                {
                    prev.end = m.end;
                    prev.text = doc.text(prev.start, prev.end);
                    continue;
                }
            }
        }
        let mut m = m.clone();
        // [لمجلس جامعة الدول العربية]، [بالمجلس]: a preposition glued to an institution's
        // head noun (not لل, whose article lost its alef in writing).
        if m.label == "ORG" && a < b && m.start == doc.toks[a].start {
            let n = doc.norm(a);
            let rest = if n.starts_with("لل") {
                None
            } else {
                n.strip_prefix('ل').or_else(|| n.strip_prefix('ب'))
            };
            if rest.is_some_and(|r| r.chars().count() >= 3 && complete::is_body(doc, r)) {
                m.start += 1;
                m.text = doc.text(m.start, m.end);
            }
        }
        if m.label == "GPE" && a < b {
            if a > 0
                && b > a
                && state(a - 1)
                && !doc.toks[a - 1].punct
                && out.last().is_none_or(|p| p.end <= doc.toks[a - 1].start)
            {
                let k = a - 1;
                let strip =
                    usize::from(doc.norm(k).starts_with('و') && !STATE.contains(&doc.norm(k)));
                m.start = doc.toks[k].start + strip;
                m.text = doc.text(m.start, m.end);
            } else if state(a)
                && doc.chars.get(m.start) == Some(&'و')
                && !STATE.contains(&doc.norm(a))
            {
                m.start += 1;
                m.text = doc.text(m.start, m.end);
            }
        }
        let m = &m;
        let a = doc.toks.partition_point(|t| t.end <= m.start);
        let b = doc.toks.partition_point(|t| t.start < m.end);
        if a >= b {
            out.push(m.clone());
            continue;
        }
        if b == a + 1 && doc.is(a, "group") || b == a + 2 && doc.multi_at(a, "group") == Some(2) {
            continue;
        }
        let (mut a2, mut b2) = (a, b);
        while b2 > a2 + 1 && verb_like(b2 - 1) {
            b2 -= 1;
        }
        while b2 > a2 + 1 && verb_like(a2) {
            a2 += 1;
        }
        // [عبد الرحيم دقلو شقيق] قائد القوات: a kinship word starts what follows the name.
        if m.label == "PER" && b2 > a2 + 2 && KINSHIP.contains(&doc.norm(b2 - 1)) {
            b2 -= 1;
        }
        // [محمود عباس والحية]: two people, the second named as elsewhere in the text.
        if m.label == "PER" && b2 > a2 + 2 {
            if let Some(k) = (a2 + 2..b2).find(|&k| {
                doc.norm(k)
                    .strip_prefix('و')
                    .is_some_and(|r| r.chars().count() >= 3 && surnames.contains(r))
            }) {
                let second_start = doc.toks[k].start + 1;
                out.push(EntitySpan {
                    start: doc.toks[a2].start.max(m.start),
                    end: doc.toks[k - 1].end,
                    label: m.label.clone(),
                    text: doc.text(doc.toks[a2].start.max(m.start), doc.toks[k - 1].end),
                });
                let end = doc.toks[b2 - 1].end.min(m.end);
                out.push(EntitySpan {
                    start: second_start,
                    end,
                    label: m.label.clone(),
                    text: doc.text(second_start, end),
                });
                continue;
            }
        }
        // [القوات المسلحة والميليشيا]، [جبهة التحرير الوطني وحركة البناء الوطني]: bodies
        // joined by و, each with its own head noun.
        if matches!(m.label.as_str(), "ORG" | "GPE") && b2 > a2 + 1 {
            let cuts: Vec<usize> = (a2 + 1..b2)
                .filter(|&k| {
                    let n = doc.norm(k);
                    !complete::is_body(doc, n)
                        && n.strip_prefix('و').is_some_and(|r| {
                            r.chars().count() >= 3
                                && (complete::is_body(doc, r)
                                    || matches!(r, "حزب" | "الحزب" | "تيار" | "التيار"))
                        })
                })
                .collect();
            if !cuts.is_empty() {
                let mut from = doc.toks[a2].start.max(m.start);
                for &k in &cuts {
                    out.push(EntitySpan {
                        start: from,
                        end: doc.toks[k - 1].end,
                        label: m.label.clone(),
                        text: doc.text(from, doc.toks[k - 1].end),
                    });
                    from = doc.toks[k].start + 1;
                }
                let end = doc.toks[b2 - 1].end.min(m.end);
                out.push(EntitySpan {
                    start: from,
                    end,
                    label: m.label.clone(),
                    text: doc.text(from, end),
                });
                continue;
            }
        }
        // [وزير الاستثمار] [الإندونيسي روسان روسلاني]: the nationality ends the title
        // before the name, and goes to it (a word left alone would be tagged again).
        if m.label == "PER" && b2 >= a2 + 3 && definite_nisba(doc, a2) {
            if let Some(title) = out.last_mut().filter(|p| p.label == "TITLE") {
                let tb = doc.toks.partition_point(|t| t.start < title.end);
                if tb <= a2 && a2 - tb <= 5 && (tb..a2).all(|k| !doc.toks[k].punct) {
                    title.end = doc.toks[a2].end;
                    title.text = doc.text(title.start, title.end);
                    a2 += 1;
                }
            }
        }
        let clitic = if a2 == a {
            glued_clitic(doc, a, &names)
        } else {
            0
        };
        if (a2, b2) == (a, b) && clitic == 0 {
            out.push(m.clone());
        } else {
            let (start, end) = (
                (doc.toks[a2].start + clitic).max(m.start),
                doc.toks[b2 - 1].end.min(m.end),
            );
            out.push(EntitySpan {
                start,
                end,
                label: m.label.clone(),
                text: doc.text(start, end),
            });
        }
    }
    extend_nisba_surnames(doc, &mut out);
    out
}

/// The outlet a channel was given to, right after it: (خاصة) مع (قناة) «X»، لـ(صحيفة) X.
fn medium_after<'u>(doc: &Doc, mut j: usize, s1: usize, units: &'u [Unit]) -> Option<&'u Unit> {
    const MEDIA: &[&str] = &[
        "قناه",
        "صحيفه",
        "وكاله",
        "اذاعه",
        "موقع",
        "تلفزيون",
        "جريده",
        // في تصريح لمراسل إرنا: the reporter's agency is the medium, not a party.
        "مراسل",
        "مندوب",
    ];
    let unit_at = |j: usize| units.iter().find(|u| u.t0 == j);
    // One adjective of the channel (خاصة، مطولة).
    if j < s1 && !doc.toks[j].punct && unit_at(j).is_none() && doc.norm(j) != "مع" {
        j += 1;
    }
    let skip_quote = |j: usize| {
        if j < s1 && matches!(doc.norm(j), "«" | "\"") {
            j + 1
        } else {
            j
        }
    };
    let with = j < s1 && doc.norm(j) == "مع";
    if with {
        j = skip_quote(j + 1);
    }
    // لـ«الأناضول»، لقناة الجزيرة: the preposition glued on.
    let glued_to = j < s1 && matches!(doc.norm(j), "ل" | "لـ");
    if glued_to {
        j = skip_quote(j + 1);
    }
    let n = doc.norm(j.min(s1.saturating_sub(1)));
    let medium_word = MEDIA
        .iter()
        .any(|m| n == *m || n.strip_prefix('ل').is_some_and(|r| r == *m));
    if j < s1 && medium_word && unit_at(j).is_none() {
        j = skip_quote(j + 1);
    }
    let u = unit_at(j).filter(|u| u.label == "ORG")?;
    let by_prep = matches!(u.prep.as_deref(), Some("ل" | "مع"));
    (with || glued_to || medium_word || by_prep).then_some(u)
}

/// Words in tokens `lo..hi`, a name or title counting as one and punctuation as none.
fn words_between(doc: &Doc, units: &[Unit], lo: usize, hi: usize) -> usize {
    let unit_at = |k: usize| units.iter().position(|u| u.t0 <= k && k < u.t1);
    let mut n = 0;
    let mut last_unit = None;
    for k in lo..hi {
        match unit_at(k) {
            Some(u) if last_unit == Some(u) => {}
            Some(u) => {
                last_unit = Some(u);
                n += 1;
            }
            None if doc.toks[k].punct => {}
            None => n += 1,
        }
    }
    n
}

/// اليوم، أمس and the weekdays (normalised).
fn is_day_word(n: &str) -> bool {
    matches!(
        n,
        "اليوم"
            | "امس"
            | "الاثنين"
            | "الثلاثاء"
            | "الاربعاء"
            | "الخميس"
            | "الجمعه"
            | "السبت"
            | "الاحد"
    )
}

/// Kinship words that follow a name and begin a description of the person (شقيق قائد
/// القوات), never the end of a name.
const KINSHIP: &[&str] = &[
    "شقيق",
    "شقيقه",
    "نجل",
    "نجله",
    "زوجه",
    "ابنه",
    "ابن",
    "والد",
    "عم",
];

/// A nationality or origin adjective (الإندونيسي): definite, ending in ي, no lexicon word.
fn definite_nisba(doc: &Doc, k: usize) -> bool {
    let w = doc.norm(k);
    w.starts_with("ال")
        && w.ends_with('ي')
        && w.chars().count() >= 5
        && doc.word_class(k).is_empty()
}

/// Chars of a proclitic a tagger left on the first token of a mention: a preposition
/// marked by a tatweel (لـمجلس، وبـ), or و before a word that starts another mention of
/// the document on its own ([وحماس] after [حماس]).
fn glued_clitic(doc: &Doc, k: usize, names: &HashSet<String>) -> usize {
    let t = &doc.toks[k];
    let chars = &doc.chars[t.start..t.end];
    if let Some(p) = chars.iter().position(|&c| c == 'ـ') {
        let lead = &chars[..p];
        if (1..=2).contains(&lead.len()) && lead.iter().all(|c| "وفبل".contains(*c)) {
            return p + 1;
        }
    }
    let w = doc.norm(k);
    match w.strip_prefix('و') {
        Some(r) if r.chars().count() >= 3 && names.contains(r) => 1,
        _ => 0,
    }
}

/// A person's name that stops before a definite nisba ([محمد شياع] السوداني) stops before
/// its surname: after a name, nationality and origin adjectives are surnames in news copy
/// (the adjective of a title comes before the name: وزير الخارجية الأردني أيمن الصفدي).
/// Taggers cut there because the word reads as an adjective.
fn extend_nisba_surnames(doc: &Doc, mentions: &mut [EntitySpan]) {
    let starts: Vec<usize> = mentions.iter().map(|m| m.start).collect();
    for m in mentions.iter_mut().filter(|m| m.label == "PER") {
        let a = doc.toks.partition_point(|t| t.end <= m.start);
        let b = doc.toks.partition_point(|t| t.start < m.end);
        let Some(t) = doc.toks.get(b) else { continue };
        let w = t.norm.as_str();
        let nisba = w.starts_with("ال") && w.ends_with('ي') && w.chars().count() >= 5;
        let free = !starts.iter().any(|&s| s >= m.end && s < t.end);
        // Only right after the name (one space), and not a word the lexicons know.
        let adjacent = doc.chars[m.end..t.start].iter().all(|c| *c == ' ') && t.start - m.end == 1;
        if b >= a + 2
            && nisba
            && free
            && adjacent
            && !t.punct
            && doc.word_class(b).is_empty()
            && doc.ex.frame_at(doc, b).is_none()
            && doc.ex.match_trigger(doc, b).is_none()
        {
            m.end = t.end;
            m.text = doc.text(m.start, m.end);
        }
    }
}

/// What `build_event` needs to know about the sentence and the trigger's region.
struct EventCtx<'a> {
    si: usize,
    s0: usize,
    s1: usize,
    /// The trigger's argument region (tokens).
    c0: usize,
    c1: usize,
    units: &'a [Unit],
    frames: &'a [Frame],
    /// Frames governing the trigger from before it, outermost first.
    before: &'a [usize],
    /// An "according to" or relay frame after it.
    after: &'a [usize],
    topic: &'a [bool],
    topics: &'a [(usize, String)],
    date: Option<(usize, &'a TimexSpan)>,
    outlet: Option<&'a str>,
    /// First tokens of all the sentence's triggers.
    hit_pos: &'a [usize],
    /// The subject of a relative "دعا إليها X" right after the trigger: its organiser.
    organiser: Option<(Span, String)>,
    /// The verb predicating a nominal trigger further on (`nominal_predicate`).
    pred: Option<usize>,
    /// The actor of the sentence's last event before this one: the subject a
    /// circumstantial participle hangs on when no frame gives it (اتهم X ...، ملوّحاً).
    prev_actor: Option<(Span, String)>,
    /// The first-named party of that event (تلقى X اتصالاً من Y: X), and its date.
    prev_first: Option<(Span, String)>,
    prev_date: Option<EventDate>,
    /// The lemma of a participle after a comma through which the event is said
    /// (قال X إن ...، مشيراً إلى أن جولة ستُعقد: أشار).
    said_through: Option<String>,
}

/// An event already output, for date inheritance.
struct Past {
    sentence: usize,
    /// Last words of its parties' names.
    keys: HashSet<String>,
    /// Last word of its speaker's name.
    speaker: Option<String>,
    date: Option<EventDate>,
    modality: Modality,
    event_type: String,
    /// Its subtype and those of the nominal triggers that describe it in its sentence
    /// (استقبل X ... في زيارة: a meeting that is also the visit).
    subtypes: HashSet<String>,
    /// A speech act (STATEMENT, REQUEST...): a sentence of undated speech acts only does
    /// not interrupt the occasion the previous sentence reports.
    speech: bool,
}

#[derive(Default)]
struct Memory {
    /// Parties of the last meeting-like event (for الجانبان).
    last_parties: Vec<Participant>,
    /// The sentence whose event gave `last_parties` (a second meeting word with a group
    /// subject in that same sentence is the same occasion, not new talks).
    parties_sentence: Option<usize>,
    /// The event just built took its parties from a group word (set by `build_event`).
    group_used: bool,
    /// Speaker, label and channel of the last frame.
    last_speaker: Option<(Span, String)>,
    last_channel: Option<Span>,
    last_relays: Vec<Span>,
    /// Types of the events already output (a definite nominal trigger of one of them with
    /// nothing new is a reference back, not a new mention).
    seen_types: HashSet<String>,
    /// Events already output, for date inheritance.
    history: Vec<Past>,
}

/// Whom a group word stands for among the parties of the last meeting. الجانبان and
/// الوزيران (and a dual verb with no subject, `word` empty) are the people when two or
/// more were named: the committee or ministry that also took part is not one of "the two
/// sides" (gold: 72 of 98 الجانبان are people). الطرفان، الوفدان، البلدان keep every party.
fn people_of_group(word: &str, parties: &[Participant]) -> Vec<Participant> {
    let personal = word.is_empty()
        || ["الجانب", "الوزير", "الوزراء", "الرئيس", "الزعيم", "القائد"]
            .iter()
            .any(|h| word.starts_with(h));
    let people: Vec<Participant> = parties
        .iter()
        .filter(|p| matches!(p.label.as_str(), "PER" | "TITLE"))
        .cloned()
        .collect();
    if personal && people.len() >= 2 {
        people
    } else {
        parties.to_vec()
    }
}

fn key_of(s: &str) -> String {
    normalize(s)
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_start_matches("ال")
        .to_string()
}

/// The sentence before `si` whose events a new sentence may continue: the previous sentence
/// with events, skipping back over sentences that only hold undated speech acts (a reaction
/// quoted between two reports of the same occasion). `None` when the previous sentence has
/// no event (background breaks the occasion).
fn previous_occasion(history: &[Past], si: usize) -> Option<usize> {
    let mut s = si.checked_sub(1)?;
    loop {
        let evs: Vec<&Past> = history.iter().filter(|p| p.sentence == s).collect();
        if evs.is_empty() {
            return None;
        }
        if !evs.iter().all(|p| p.speech && p.date.is_none()) {
            return Some(s);
        }
        s = s.checked_sub(1)?;
    }
}

/// Event types whose trigger is itself a speech act.
fn is_speech_type(t: &str) -> bool {
    matches!(
        t,
        "STATEMENT" | "REQUEST" | "THREATEN" | "ACCUSE" | "REJECT" | "SUPPORT"
    )
}

impl EventExtractor {
    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        doc: &Doc,
        (si, s0, s1): (usize, usize, usize),
        mentions: &[EntitySpan],
        timexes: &[TimexSpan],
        outlet: Option<&str>,
        mem: &mut Memory,
        trace: bool,
    ) -> Vec<TracedEvent> {
        let units = build_units(doc, mentions, s0, s1);
        let tok_of = |c: usize| doc.toks.partition_point(|t| t.end <= c);
        let tx: Vec<(usize, usize, &TimexSpan)> = timexes
            .iter()
            .filter(|t| t.start < t.end)
            .map(|t| (tok_of(t.start), tok_of(t.end.saturating_sub(1)) + 1, t))
            .filter(|(a, _, _)| *a >= s0 && *a < s1)
            .collect();
        let in_timex = |i: usize| tx.iter().any(|(a, b, _)| i >= *a && i < *b);
        let unit_at = |i: usize| units.iter().position(|u| i >= u.t0 && i < u.t1);

        // Clause boundaries: a comma that opens a new clause (، و+verb, ، فيما) or a word
        // that does (فيما، بينما، في حين). Commas around a date or a place do not.
        let mut part_start = vec![s0; s1 - s0];
        let mut clause_start = vec![s0; s1 - s0];
        let (mut p, mut c) = (s0, s0);
        for i in s0..s1 {
            if self.is_boundary(doc, i) {
                p = i;
                c = i;
            } else if i > s0 && self.strong_comma(doc, i - 1) {
                c = i;
            }
            part_start[i - s0] = p;
            clause_start[i - s0] = c;
        }

        // Frames.
        let mut frames: Vec<Frame> = Vec::new();
        let mut i = s0;
        while i < s1 {
            if unit_at(i).is_none() && !in_timex(i) {
                if let Some(fe) = self.frame_at(doc, i) {
                    if let Some(f) = self.read_frame(doc, i, s1, &fe, &units, &in_timex) {
                        i = f.last.max(i) + 1;
                        frames.push(f);
                        continue;
                    }
                }
            }
            i += 1;
        }
        for f in frames.iter_mut() {
            if f.speaker.is_none() && f.inherits {
                f.speaker = mem.last_speaker.clone();
                if f.channel.is_none() {
                    f.channel = mem.last_channel.clone();
                }
                // وأضاف: the outlet that carried the first words carries these too.
                if f.relays.is_empty() {
                    f.relays = mem.last_relays.clone();
                }
            }
        }
        // Words of speaker phrases and relays are not triggers (مصدر في وزارة ...).
        let in_frame_span = |i: usize| {
            let (a, b) = (doc.toks[i].start, doc.toks[i].end);
            frames.iter().any(|f| {
                f.speaker
                    .iter()
                    .map(|(s, _)| s)
                    .chain(f.relays.iter())
                    .chain(f.channel.iter())
                    .any(|s| s.start < b && a < s.end)
            })
        };

        // Topic phrases: from a topic word to the end of its clause.
        let mut topic = vec![false; s1 - s0];
        let mut topics: Vec<(usize, String)> = Vec::new();
        // اتفق الرئيسان على تعزيز التعاون: what is agreed on is an event, not a topic.
        let agreed_on = |i: usize| {
            i > s0
                && doc.norm(i - 1) == "علي"
                && (s0.max(i.saturating_sub(14))..i - 1).rev().any(|k| {
                    self.match_trigger(doc, k)
                        .is_some_and(|h| h.entry.etype == "AGREE" && h.entry.verb && !h.entry.sign)
                })
        };
        for i in s0..s1 {
            if self.is_topic_word(doc, i, s1, &units) && !agreed_on(i) {
                // A topic verb opening its clause (بحث X وY ...) has its subject after it:
                // only topic words inside a clause (وبحث، لبحث، حول) hide what follows.
                let n = doc.norm(i);
                let opening_verb = matches!(n, "بحث" | "ناقش" | "ناقشا" | "تناول" | "تناولت")
                    && (i + 1..(i + 5).min(s1))
                        .take_while(|&k| !matches!(doc.norm(k), "في" | "علي" | "حول" | "مع"))
                        .any(|k| unit_at(k).is_some() || doc.is(k, "group"));
                let mut j = i;
                // ، بمشاركة X: the parties after a topic are not part of it.
                let joins_next =
                    |j: usize| doc.toks[j].punct && j + 1 < s1 && doc.is(j + 1, "join");
                while j < s1 && !self.is_clause_end(doc, j) && !joins_next(j) {
                    if !opening_verb {
                        topic[j - s0] = true;
                    }
                    j += 1;
                }
                if j > i + 1 {
                    topics.push((i, doc.span_of_tokens(i + 1, j).text));
                }
            } else if let Some(e) = self
                .talks_partner_end(doc, i, s1, &units)
                // بحث X مع Y اليوم العلاقات: a day word may come first.
                .map(|e| {
                    if e + 1 < s1 && is_day_word(doc.norm(e)) {
                        e + 1
                    } else {
                        e
                    }
                })
                .filter(|&e| e < s1 && self.opens_object(doc, e))
            {
                // بحث X مع Y العلاقات التي تربط البلدين: after the partner, the topics
                // (what the talks covered: a definite noun right after the partner).
                let mut j = e;
                while j < s1 && !self.is_clause_end(doc, j) && !doc.toks[j].punct {
                    topic[j - s0] = true;
                    j += 1;
                }
                if j > e {
                    topics.push((i, doc.span_of_tokens(e, j).text));
                }
            }
        }

        // Triggers.
        // With a trigger model every word is looked up once, for the model's features and
        // for the loop below alike.
        let lexicon_view: Option<LexiconView> = self
            .trigger_model
            .is_some()
            .then(|| self.lexicon_view(doc, s0, s1));
        let mut hits: Vec<Hit> = Vec::new();
        let mut aliases: Vec<(usize, String)> = Vec::new();
        let mut i = s0;
        while i < s1 {
            if unit_at(i).is_some() || in_timex(i) || in_frame_span(i) {
                i += 1;
                continue;
            }
            // قافلة مساعدات ... دخلت إلى القطاع: the aid arrives, and the movement verb
            // predicated of it is the event's trigger.
            let bare_word = {
                let n = doc.norm(i);
                n.strip_prefix('و')
                    .or_else(|| n.strip_prefix('ف'))
                    .unwrap_or(n)
            };
            if ARRIVAL_VERBS.contains(&bare_word) {
                if let Some(l) = hits.last_mut().filter(|l| {
                    l.entry.etype == "AID"
                        && !l.entry.verb
                        && i <= l.t1 + 8
                        && clause_start[i - s0] == clause_start[l.t0 - s0]
                }) {
                    l.t0 = i;
                    l.t1 = i + 1;
                    l.entry.verb = true;
                    i += 1;
                    continue;
                }
            }
            let found = match &lexicon_view {
                Some(view) => view.words[i - s0]
                    .0
                    .clone()
                    .or_else(|| self.learned_trigger(doc, i, view)),
                None => self.match_trigger(doc, i),
            };
            if let Some(mut h) = found {
                let next = h.t1;
                // A topic can be a planned visit or meeting; other triggers in a topic
                // phrase (تعزيز التعاون) are subjects of talk, not events.
                let in_topic = topic[i - s0] && h.entry.etype != "CONSULT";
                // A day of its own right after a nominal trigger (خلال اتصال هاتفي ... في
                // الخامس من آذار): a new event, not a reference to one already reported.
                let own_day = tx.iter().any(|(a, _, t)| {
                    *a >= h.t1
                        && *a <= h.t1 + 10
                        && clause_start[*a - s0] == clause_start[h.t0 - s0]
                        && t.value.as_deref().is_some_and(|v| {
                            v.len() >= 10 && v.starts_with(|c: char| c.is_ascii_digit())
                        })
                });
                // قال إن بلاده «حريصة على التعاون»: words quoted are the speaker's, and an
                // event word inside them is part of the statement, not an event reported.
                // A verb is predicated even there (إن الحكومة «تقف خلف الوزير»).
                // Not what a request asks for in quotes (دعا الطرفين إلى «وقف فوري لإطلاق
                // النار»): that is the event proposed.
                let asked_for = frames.iter().any(|f| {
                    f.kind == FrameKind::Propose && f.at < i && f.content <= i && i <= f.content + 2
                });
                let quoted = !h.entry.verb
                    && !asked_for
                    && doc.chars[doc.toks[s0].start..doc.toks[i].start]
                        .iter()
                        .rev()
                        .find(|c| matches!(c, '«' | '»'))
                        == Some(&'«');
                // هاجم مسلحون قافلة إغاثة: the convoy attacked is the attack's object, not aid.
                let attacked = !h.entry.verb
                    && h.entry.etype == "AID"
                    && hits.last().is_some_and(|l| {
                        l.entry.etype == "ASSAULT"
                            && h.t0 <= l.t1 + 4
                            && clause_start[h.t0 - s0] == clause_start[l.t0 - s0]
                    });
                // خلال زيارة X إلى بغداد، إثر مداهمة قوة لـ...: an indefinite noun after a
                // circumstantial word names a new occasion when none of its kind was
                // reported yet, or when a clause of its own follows (إثر اتصال أجراه).
                let new_occasion = !h.entry.verb
                    && indefinite(doc, h.t0)
                    && (!mem.seen_types.contains(&h.entry.etype)
                        || own_clause_follows(doc, h.t1, s1));
                let ok = !in_topic
                    && !quoted
                    && !attacked
                    && self.keep_trigger(doc, &h, s0, s1, &units, &frames, own_day || new_occasion);
                if ok {
                    // One event for a trigger repeated in apposition or as instrument
                    // (حفل توقيع اتفاقيات، استهدف ... بغارة).
                    // The document a signing verb signs is that verb's event.
                    let signed = hits.last().is_some_and(|l| {
                        l.entry.sign
                            && h.entry.etype == "AGREE"
                            && !h.entry.verb
                            && clause_start[h.t0 - s0] == clause_start[l.t0 - s0]
                            && self
                                .signed_document(doc, l, s1)
                                .is_some_and(|d| d.t0 == h.t0)
                    });
                    // جولة جديدة من المحادثات: what a round or series is made of is that
                    // round's event, not a second one (one trigger over both words).
                    let round_of = hits.last().is_some_and(|l| {
                        l.entry.etype == "CONSULT"
                            && h.entry.etype == "CONSULT"
                            && !l.entry.verb
                            && !h.entry.verb
                            && h.t0 > l.t1
                            && h.t0 <= l.t1 + 2
                            && doc.norm(h.t0 - 1) == "من"
                    });
                    if round_of {
                        if let Some(l) = hits.last_mut() {
                            l.t1 = h.t1;
                        }
                    }
                    // وصلت قافلة مساعدات: the object of an `obj=` verb is that verb's event.
                    let object_of = hits.last().is_some_and(|l| {
                        !l.entry.obj.is_empty()
                            && l.entry.etype == h.entry.etype
                            && !h.entry.verb
                            && h.t0 < l.t1 + 14
                    });
                    let signed = signed || round_of || object_of;
                    let merge = !signed
                        && hits.last().is_some_and(|l| {
                            let instrument = doc.norm(h.t0).starts_with('ب') && h.t0 <= l.t1 + 3;
                            l.entry.etype == h.entry.etype
                                && (h.t0 <= l.t1 + 1 || instrument)
                                && clause_start[h.t0 - s0] == clause_start[l.t0 - s0]
                        });
                    // في زيارة after a visit already reported in the sentence describes it.
                    let same_in_fi = i > s0
                        && (i.saturating_sub(2).max(s0)..i).any(|k| doc.norm(k) == "في")
                        && !h.entry.verb
                        && hits.iter().any(|l| l.entry.etype == h.entry.etype);
                    // A definite nominal trigger of a type already reported, with no date
                    // and no frame of its own, refers back to it (ولم تحدد موعد الزيارة).
                    let definite = {
                        let n = doc.norm(i);
                        // اجتماعه، زيارتها: a possessive is as definite as the article.
                        n.starts_with("ال")
                            || n.starts_with("بال")
                            || n.starts_with("لل")
                            || possessive_of(n, &h.entry.words[0])
                    };
                    let own_date = tx.iter().any(|(a, _, t)| {
                        *a + 6 >= h.t0
                            && *a <= h.t1 + 4
                            && clause_start[*a - s0] == clause_start[h.t0 - s0]
                            && t.value.as_deref().is_some_and(|v| {
                                v.starts_with(|c: char| c.is_ascii_digit()) || v == "FUTURE_REF"
                            })
                    });
                    // هذه القمة، ذلك الاجتماع: a reference back.
                    let demonstrative = i > s0
                        && matches!(
                            doc.norm(i - 1),
                            "هذه" | "هذا" | "تلك" | "ذلك" | "لمثل" | "مثل"
                        );
                    let framed = frames
                        .iter()
                        .any(|f| f.at < i && part_start[f.at - s0] == part_start[i - s0]);
                    // In reported words too (قال إن الاتفاقية ستسهم ...), unless the words
                    // say it will take place (إن الاجتماع سيعقد).
                    let happens = (h.t1..(h.t1 + 3).min(s1)).any(|k| doc.is(k, "occur"));
                    // الاجتماع الوزاري المقبل: the next one, not the one reported.
                    let next_one = (h.t1..(h.t1 + 4).min(s1)).any(|k| {
                        matches!(doc.norm(k), "المقبل" | "المقبله" | "القادم" | "القادمه")
                    });
                    let back_ref = definite
                        && !next_one
                        && !h.entry.verb
                        && mem.seen_types.contains(&h.entry.etype)
                        && !own_date
                        && (!framed || !happens)
                        && !(h.t1..(h.t1 + 4).min(s1)).any(|k| {
                            let n = doc.norm(k);
                            (n.starts_with("سي") || n.starts_with("ست") || n == "قد" || n == "لن")
                                && (!framed || happens)
                        });
                    if signed {
                        if let Some(l) = hits.last_mut() {
                            if h.entry.subtype.is_some() {
                                l.entry.subtype = h.entry.subtype.clone();
                            }
                        }
                    } else if merge {
                        if let Some(l) = hits.last_mut() {
                            if h.t0 <= l.t1 + 1 {
                                l.t1 = l.t1.max(h.t1);
                            }
                        }
                    } else if same_in_fi
                        && hits
                            .iter()
                            .rev()
                            .find(|l| l.entry.etype == h.entry.etype)
                            .is_some_and(|l| l.entry.needs_ma)
                    {
                        // بحث X، في اتصال هاتفي مع Y، سبل ...: the call is the event, the
                        // topic verb only says what was discussed.
                        if let Some(k) = hits.iter().rposition(|l| l.entry.etype == h.entry.etype) {
                            h.t1 = h.t1.max(h.t0 + 1);
                            hits[k] = h;
                        }
                    } else if same_in_fi {
                        // The event it describes is also this (استقبل ... في زيارة).
                        if let (Some(l), Some(st)) = (
                            hits.iter().rev().find(|l| l.entry.etype == h.entry.etype),
                            h.entry.subtype.clone(),
                        ) {
                            aliases.push((doc.toks[l.t0].start, st));
                        }
                    } else if !back_ref && !demonstrative {
                        h.t1 = h.t1.max(h.t0 + 1);
                        hits.push(h);
                    }
                }
                i = next;
                continue;
            }
            i += 1;
        }

        // Temporal expressions between a frame verb and its content date the saying, not
        // the event (أعلن ... اليوم الاثنين أن ...).
        let frame_zone = |a: usize| {
            frames
                .iter()
                .any(|f| a > f.at && a < f.content && f.kind != FrameKind::According)
        };
        // Each other expression goes to its nearest trigger (ties: the one before it).
        let mut date_of: Vec<Option<(usize, &TimexSpan)>> = vec![None; hits.len()];
        // A nominal trigger reaches as far as the verb that predicates it (القمة ... ستعقد
        // في موسكو خلال آب المقبل): dates after that verb are measured from it.
        let preds: Vec<Option<usize>> = hits
            .iter()
            .map(|h| self.nominal_predicate(doc, h, s1, &units))
            .collect();
        let reach: Vec<usize> = hits
            .iter()
            .zip(&preds)
            .map(|(h, p)| p.map_or(h.t1, |v| v + 1))
            .collect();
        for (a, b, t) in &tx {
            let Some(v) = &t.value else { continue };
            if v.starts_with('P') || frame_zone(*a) {
                continue;
            }
            // Hits are passed with their index `k` (for the predicate's reach).
            let gap = |k: usize, h: &Hit| {
                if h.t0 >= *b {
                    (*b, h.t0)
                } else {
                    let end = if *a >= reach[k] { reach[k] } else { h.t1 };
                    (end, *a)
                }
            };
            let dist = |k: usize, h: &Hit| {
                let (lo, hi) = gap(k, h);
                hi.saturating_sub(lo)
            };
            // Words between the expression and the trigger, a name or title counting as one
            // and punctuation as none (اجتمع [وزير الداخلية الأردني] [مازن الفراية]
            // و[نظيره السوري] [محمد الرحمون]، أمس: the date is three parties away).
            let date_words = |k: usize, h: &Hit| {
                let (lo, hi) = gap(k, h);
                words_between(doc, &units, lo, hi)
            };
            let best = hits
                .iter()
                .enumerate()
                .min_by_key(|&(k, h)| (dist(k, h) * 2 + usize::from(h.t0 > *a), h.t0));
            if let Some((k, h)) = best {
                let near = dist(k, h) <= 12 || date_words(k, h) <= MAX_DATE_WORDS;
                if near && date_of[k].is_none() {
                    date_of[k] = Some((*a, t));
                }
            }
        }

        let mut events: Vec<EventMention> = Vec::new();
        let mut used_frames: HashSet<usize> = HashSet::new();
        let hit_pos: Vec<usize> = hits.iter().map(|h| h.t0).collect();
        for (k, h) in hits.iter().enumerate() {
            let ps = part_start[h.t0 - s0];
            // Frames governing the trigger: in its part, before it; "according to" and
            // relay frames after it in its part.
            // اقترحت مصر، في ختام اجتماع الفصائل، تشكيل حكومة: a meeting named after a
            // circumstantial word is when the proposal was made, not what it proposes.
            let circumstance = !h.entry.verb && h.t0 > s0 && doc.is(h.t0 - 1, "circ");
            let before: Vec<usize> = (0..frames.len())
                .filter(|&f| {
                    frames[f].at < h.t0
                        && frames[f].at >= ps
                        && frames[f].content <= h.t0
                        && !(circumstance && frames[f].kind == FrameKind::Propose)
                        && !toll_reported(doc, &frames[f])
                })
                .collect();
            let after: Vec<usize> = (0..frames.len())
                .filter(|&f| {
                    frames[f].at > h.t0
                        && matches!(frames[f].kind, FrameKind::According | FrameKind::Relay)
                        && part_start[frames[f].at - s0] == ps
                })
                .take(1)
                .collect();
            // قال X إن ...، متوعداً: a speech act as a participle after a comma is the
            // speaker's second act; the words reported stay a statement of their own.
            let second_act = h.entry.speech && h.entry.verb && circumstantial_act(doc, h.t0);
            // قال X إن «...»، مشيراً إلى أن جولة ستُعقد، أكد X ...، داعياً إلى عقد لقاء: an
            // event past a participle after a comma is said through it; the verb before
            // keeps its own words (a STATEMENT when they hold no event).
            let through = (ps..h.t0).rev().find_map(|j| {
                let outer = before.iter().any(|&f| {
                    frames[f].at < j
                        && frames[f].content <= j
                        && matches!(frames[f].kind, FrameKind::Report | FrameKind::Deny)
                });
                if !outer {
                    return None;
                }
                participle_report(doc, j)
                    .map(|l| (j, l.to_string()))
                    .or_else(|| {
                        before
                            .iter()
                            .map(|&f| &frames[f])
                            .find(|f| {
                                f.at == j
                                    && f.kind == FrameKind::Propose
                                    && after_comma_participle(doc, j)
                            })
                            .and_then(|f| f.lemma.clone().map(|l| (j, l)))
                    })
            });
            for &g in before.iter().chain(&after) {
                let outer = through.as_ref().is_some_and(|(j, _)| frames[g].at < *j);
                if !second_act && !outer {
                    used_frames.insert(g);
                }
            }
            // The event's own region: from its clause start (or the content start of the
            // innermost frame) to the next clause end, stop word or trigger.
            let mut c0 = clause_start[h.t0 - s0].max(ps);
            // رحبت X بالاتفاق بين Y وZ: the subject of a speech verb earlier in the clause
            // is its speaker, not a party of the event it speaks about.
            if let Some(p) = k.checked_sub(1).map(|j| &hits[j]) {
                if p.entry.speech && p.entry.verb && p.t1 > c0 && !h.entry.verb {
                    // Past the verb and its subject (رحبت قطر ومصر أمس).
                    let mut j = p.t1;
                    while j < h.t0 {
                        if let Some(u) = units.iter().find(|u| u.t0 == j) {
                            j = u.t1;
                        } else if in_timex(j) || doc.norm(j) == "و" {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    c0 = j;
                }
            }
            if let Some(&g) = before.last() {
                c0 = c0.max(frames[g].content);
            }
            let next_trigger = hits.get(k + 1).map_or(s1, |n| n.t0);
            let mut c1 = h.t1;
            let region_ends = |c1: usize| {
                c1 >= s1.min(next_trigger)
                    || self.is_clause_end(doc, c1)
                    || self.is_boundary(doc, c1)
                    || (c1 > h.t1 && self.strong_comma(doc, c1 - 1))
                    || doc.is(c1, "stop")
                    || doc.multi_at(c1, "stop").is_some()
            };
            while !region_ends(c1) {
                if c1 > h.t1 && self.frame_at(doc, c1).is_some() && unit_at(c1).is_none() {
                    break;
                }
                c1 += 1;
            }
            // A proposal verb with a resumptive إليها after the trigger (احتجاجات ...، دعا
            // إليها الاتحاد) is a relative clause naming who called the event.
            let organiser = (0..frames.len())
                .find(|&g| {
                    let f = &frames[g];
                    f.kind == FrameKind::Propose
                        && f.at > h.t0
                        && f.at < next_trigger
                        && f.at <= h.t1 + 12
                        && part_start[f.at - s0] == ps
                        && matches!(doc.norm(f.at + 1), "اليها" | "اليه" | "اليهم")
                })
                .and_then(|g| {
                    used_frames.insert(g);
                    frames[g].speaker.clone()
                })
                .or_else(|| {
                    // وقفة ... بدعوة من X، احتشدوا تلبية لدعوة X، مهرجان نظمته X: the
                    // body that called or organised a protest is its actor.
                    if h.entry.etype != "PROTEST" {
                        return None;
                    }
                    let end = (h.t1 + 15).min(s1).min(next_trigger);
                    (h.t1..end).find_map(|j| {
                        let n = doc.norm(j).trim_start_matches('و');
                        let at = match n {
                            "بدعوه" if doc.norm(j + 1) == "من" => j + 2,
                            "لدعوه" | "بدعوه" => j + 1,
                            _ if ["نظمته", "نظمتها", "نظمها", "نظمه"].contains(&n) => {
                                j + 1
                            }
                            _ => return None,
                        };
                        units
                            .iter()
                            .find(|u| {
                                (u.t0 == at || u.t0 + 1 == at)
                                    && u.t1 > at.saturating_sub(1)
                                    && matches!(u.label.as_str(), "ORG" | "PER" | "GPE")
                            })
                            .map(|u| (u.span.clone(), u.label.clone()))
                    })
                });
            let ctx = EventCtx {
                si,
                s0,
                s1,
                c0,
                c1,
                units: &units,
                frames: &frames,
                before: &before,
                after: &after,
                topic: &topic,
                topics: &topics,
                date: date_of[k],
                outlet,
                hit_pos: &hit_pos,
                organiser,
                pred: preds[k],
                prev_first: events.last().and_then(|e| {
                    e.participants
                        .iter()
                        .min_by_key(|p| p.span.start)
                        .map(|p| (p.span.clone(), p.label.clone()))
                }),
                prev_date: events.last().and_then(|e| e.date.clone()),
                said_through: through.map(|(_, l)| l),
                prev_actor: events.last().and_then(|e| {
                    e.participants
                        .iter()
                        .find(|p| p.role == "actor")
                        .map(|p| (p.span.clone(), p.label.clone()))
                }),
            };
            mem.group_used = false;
            if let Some(ev) = self.build_event(doc, h, &ctx, mem) {
                // التقى X نظيره Y، واتفق الوزيران على ...: a later group word or dual verb
                // of the same sentence stands for these parties.
                // An event whose parties a group word gave (استقبل X أعضاء الوفدين) keeps
                // the group as it was: الوفدان later means the delegations, not X.
                let from_group = std::mem::take(&mut mem.group_used);
                if matches!(ev.event_type.as_str(), "CONSULT" | "AGREE")
                    && ev.participants.len() >= 2
                    && !from_group
                {
                    // The parties a later group word stands for are people by name, not
                    // the titles around the names.
                    let mut named = ev.clone();
                    drop_titles_of_named(doc, &mut named);
                    mem.last_parties = named.participants;
                    mem.parties_sentence = Some(si);
                }
                events.push(ev);
            }
        }

        // Frames with no event inside: bare requests (REQUEST), then declarations
        // (STATEMENT). A request reported by someone (قال X إن القاهرة عرضت) takes the
        // reporter's attribution and the reporter's frame is then used.
        let mut order: Vec<usize> = (0..frames.len()).collect();
        order.sort_by_key(|&f| usize::from(frames[f].kind != FrameKind::Propose));
        for fi in order {
            if used_frames.contains(&fi) {
                continue;
            }
            let f = &frames[fi];
            let (etype, sub) = match f.kind {
                FrameKind::Report | FrameKind::Deny => (
                    "STATEMENT",
                    (f.kind == FrameKind::Deny).then(|| "deny".to_string()),
                ),
                FrameKind::Propose => ("REQUEST", None),
                _ => continue,
            };
            // The actor of the last event of the sentence before this frame (an unnamed
            // source left out when `named`).
            let earlier_actor = |named: bool| {
                events
                    .iter()
                    .rev()
                    .filter(|e| e.sentence == si && e.trigger.end <= doc.toks[f.at].start)
                    .find_map(|e| {
                        e.participants
                            .iter()
                            .find(|p| p.role == "actor" && !(named && p.label == "SRC"))
                            .map(|p| (p.span.clone(), p.label.clone()))
                    })
            };
            // ورحّب X بالاتفاق، داعياً الطرفين إلى ...: a request written as a circumstantial
            // participle is made by the main clause's actor.
            // نفى X ...، داعياً: or the speaker of the frame it hangs on.
            let participle_speaker = || {
                // كشف X أن الجماعة احتجزت ...، مطالباً: when the event before sits in what a
                // speaker reports, the participle hangs on the speaker's clause.
                let reporter = frames[..fi]
                    .iter()
                    .rev()
                    .filter(|o| {
                        o.at >= s0
                            && o.at < f.at
                            && matches!(o.kind, FrameKind::Report | FrameKind::Deny)
                    })
                    .find(|o| o.speaker.is_some())
                    .filter(|o| {
                        events
                            .iter()
                            .rev()
                            .find(|e| e.sentence == si && e.trigger.end <= doc.toks[f.at].start)
                            .is_none_or(|e| e.trigger.start >= doc.toks[o.content.min(f.at)].start)
                    })
                    .and_then(|o| o.speaker.clone());
                (f.kind == FrameKind::Propose && after_comma_participle(doc, f.at))
                    .then(|| {
                        reporter.or_else(|| earlier_actor(false)).or_else(|| {
                            frames[..fi]
                                .iter()
                                .rev()
                                .filter(|o| o.at >= s0 && o.at < f.at)
                                .find_map(|o| o.speaker.clone())
                        })
                    })
                    .flatten()
            };
            // التقى X الوفد، وشدد على ...: a speech verb joined by و inside the sentence
            // has the subject of the clause before it, not the last speaker.
            let joined_subject = || {
                (f.inherits && f.at > s0 + 1 && doc.norm(f.at).starts_with('و'))
                    .then(|| earlier_actor(true))
                    .flatten()
            };
            // أكد البيان الختامي ...: a channel as the subject, with no issuer named, still
            // declares.
            let channel_subject = (f.speaker.is_none() || f.inherits)
                && f.at + 1 < s1
                && f.channel
                    .as_ref()
                    .is_some_and(|c| c.start == doc.toks[f.at + 1].start);
            let joined = joined_subject();
            let inherits = f.inherits && joined.is_none() && !channel_subject;
            // وأوضح البيان: the issuer named before, when there is one.
            // ، مطالباً الأمم المتحدة بـ...: the name after a participle is whom it asks, the
            // one who asks is the main clause's subject.
            let asks_after_comma =
                f.kind == FrameKind::Propose && after_comma_participle(doc, f.at);
            let speaker = if channel_subject {
                f.speaker.clone()
            } else if asks_after_comma {
                joined
                    .or_else(participle_speaker)
                    .or_else(|| f.speaker.clone())
            } else {
                joined
                    .or_else(|| f.speaker.clone())
                    .or_else(participle_speaker)
            };
            let issuerless = speaker.is_none()
                && f.channel.is_some()
                && etype == "STATEMENT"
                && (channel_subject || !inherits);
            // تظاهر العشرات أمام مقر X، مطالبين إياها بـ...: protesters nobody names still
            // demand; the request has no speaker and no actor, and a pronoun object points
            // at the body protested before.
            let protest_demand = speaker.is_none()
                && f.kind == FrameKind::Propose
                && after_comma_participle(doc, f.at)
                && events.iter().any(|e| {
                    e.sentence == si
                        && e.event_type == "PROTEST"
                        && e.trigger.end <= doc.toks[f.at].start
                });
            if protest_demand {
                used_frames.insert(fi);
                let pronoun_object =
                    f.at + 1 < s1 && matches!(doc.norm(f.at + 1), "اياها" | "اياه" | "اياهم");
                let participants: Vec<Participant> = if pronoun_object {
                    units
                        .iter()
                        .rev()
                        .find(|u| {
                            u.t1 <= f.at && u.t0 >= s0 && matches!(u.label.as_str(), "ORG" | "GPE")
                        })
                        .map(|u| u.as_party("target"))
                        .into_iter()
                        .collect()
                } else {
                    self.addressees(doc, f.at, s1, &units, &mem.last_parties, usize::MAX)
                };
                let date = tx
                    .iter()
                    .rev()
                    .find(|(a, _, t)| {
                        *a < f.at && t.value.as_ref().is_some_and(|v| !v.starts_with('P'))
                    })
                    .map(|(_, _, t)| dates::timex_date(t, false));
                let att = Attribution {
                    speaker: None,
                    speaker_label: None,
                    channel: None,
                    relays: Vec::new(),
                    outlet: outlet.map(str::to_string),
                    stance: f.lemma.clone(),
                };
                let trig = doc.span_of_tokens(f.at, f.at + 1);
                events.push(frame_event(
                    si,
                    trig,
                    "REQUEST",
                    None,
                    participants,
                    date,
                    att,
                ));
                continue;
            }
            let Some((sp, lab)) = speaker.or_else(|| {
                if issuerless {
                    f.channel.clone().map(|c| (c, String::new()))
                } else {
                    None
                }
            }) else {
                continue;
            };
            // An unnamed source's declaration is a statement too (قال محلل أمني إن ...),
            // but a request needs a named party to ask.
            if (lab == "SRC" && etype == "REQUEST") || (inherits && etype == "STATEMENT") {
                continue;
            }
            used_frames.insert(fi);
            let mut att = Attribution {
                speaker: (!issuerless).then(|| sp.clone()),
                speaker_label: (!issuerless).then(|| lab.clone()),
                channel: f.channel.clone(),
                relays: f.relays.clone(),
                outlet: outlet.map(str::to_string),
                stance: f.lemma.clone(),
            };
            if etype == "REQUEST" {
                let ps = part_start[f.at - s0];
                if let Some(o) = (0..frames.len()).rev().find(|&o| {
                    frames[o].at < f.at
                        && frames[o].at >= ps
                        && frames[o].content <= f.at
                        && frames[o].kind == FrameKind::Report
                }) {
                    // أكد X أن ...، داعياً Y إلى ...: a request as a participle is a second
                    // act said the same way; the words before it stay a statement.
                    let second = after_comma_participle(doc, f.at);
                    if !second {
                        used_frames.insert(o);
                    }
                    let of = &frames[o];
                    if let Some((osp, olab)) = &of.speaker {
                        att.speaker = Some(osp.clone());
                        att.speaker_label = Some(olab.clone());
                    }
                    att.channel = of.channel.clone();
                    att.relays = of.relays.clone();
                    if !second {
                        att.stance = of.lemma.clone();
                    }
                }
            }
            let trig = doc.span_of_tokens(f.at, f.at + 1);
            let date = tx
                .iter()
                .filter(|(a, _, t)| {
                    *a > f.at
                        && *a < f.content + 3
                        && t.value.as_ref().is_some_and(|v| !v.starts_with('P'))
                })
                // نفى X، اليوم، ...، داعياً: a participle shares its main clause's day.
                .chain(
                    tx.iter()
                        .rev()
                        .filter(|(a, _, t)| {
                            after_comma_participle(doc, f.at)
                                && *a < f.at
                                && t.value.as_ref().is_some_and(|v| !v.starts_with('P'))
                        })
                        .take(1),
                )
                .map(|(_, _, t)| dates::timex_date(t, false))
                .next()
                .or_else(|| self.occasion_date(doc, s0, s1, si, mem));
            let mut participants = if issuerless {
                Vec::new()
            } else {
                vec![Participant {
                    span: sp,
                    role: "actor".into(),
                    label: lab,
                }]
            };
            // دانت السعودية وقطر ومصر ...، داعيةً: every subject of the clause asks.
            if asks_after_comma && participants.len() == 1 {
                let first = participants[0].span.start;
                if let Some(e) = events
                    .iter()
                    .rev()
                    .find(|e| e.sentence == si && e.trigger.end <= doc.toks[f.at].start)
                {
                    let mut actors: Vec<&Participant> = e
                        .participants
                        .iter()
                        .filter(|p| p.role == "actor")
                        .collect();
                    actors.sort_by_key(|p| p.span.start);
                    if actors.first().is_some_and(|p| p.span.start == first) {
                        // Only the names listed with it (X وY وZ), not one named elsewhere.
                        for w in actors.windows(2) {
                            let between: String = doc.chars[w[0].span.end..w[1].span.start]
                                .iter()
                                .filter(|c| !c.is_whitespace())
                                .collect();
                            if between != "و" {
                                break;
                            }
                            participants.push(w[1].clone());
                        }
                    }
                }
            }
            if etype == "REQUEST" && !participants.is_empty() {
                let speaker_start = participants[0].span.start;
                participants.extend(self.addressees(
                    doc,
                    f.at,
                    s1,
                    &units,
                    &mem.last_parties,
                    speaker_start,
                ));
            }
            events.push(frame_event(si, trig, etype, sub, participants, date, att));
        }
        events.sort_by_key(|e| e.trigger.start);
        self.same_sentence_dates(doc, &mut events, &tok_of);
        // اتفق الوزيران على عقد لقاء، اتفقا على تعزيز التعاون: what the parties of an
        // agreement verb agree on is planned, and theirs when it names no actor of its own.
        for k in 1..events.len() {
            let Some(p) = (0..k).rev().find(|&p| events[p].event_type == "AGREE") else {
                continue;
            };
            let (a, b) = (
                tok_of(events[p].trigger.end),
                tok_of(events[k].trigger.start),
            );
            let agree_verb = self
                .match_trigger(doc, tok_of(events[p].trigger.start))
                .is_some_and(|h| h.entry.verb && !h.entry.sign);
            let nominal = self.match_trigger(doc, b).is_some_and(|h| !h.entry.verb);
            // Not when another body holds it (على عقد اجتماع للجنة الفنية).
            let of_body = doc
                .toks
                .get(tok_of(events[k].trigger.end))
                .is_some_and(|t| t.norm.starts_with('ل'));
            let held = doc.is(b - 1, "hold") && !of_body;
            // توصلا إلى تفاهم على تشكيل لجنة: what an agreement noun sets up is agreed on too.
            let set_up = self
                .match_trigger(doc, b)
                .is_some_and(|h| !h.entry.pre.is_empty());
            let right_after_ala =
                (agree_verb || set_up) && (b.saturating_sub(3)..b).any(|j| doc.norm(j) == "علي");
            let agreed_on = b > a
                && b <= a + 8
                && nominal
                && (a..b).any(|j| doc.norm(j) == "علي")
                && (held || right_after_ala)
                && !(a..b).any(|j| self.is_clause_end(doc, j) || self.is_boundary(doc, j));
            if !agreed_on {
                continue;
            }
            if events[k].modality == Modality::Asserted {
                events[k].modality = Modality::Planned;
                events[k].modality_cue = Some(events[p].trigger.text.clone());
                // The agreement's day (اتفقا أمس على تشكيل لجنة) is not when the committee
                // forms: only a date of its own, after it (على عقد اجتماع الشهر المقبل).
                let start = events[k].trigger.start;
                if events[k]
                    .date
                    .as_ref()
                    .is_some_and(|d| d.inherited || d.span.start < start)
                {
                    events[k].date = None;
                }
            }
            // اتفقا على تشكيل لجنة تعقد [اللجنة] اجتماعها: what an agreement sets up is
            // not a party to it; the parties are the agreement's.
            let sets_up = events[k].event_type == "COOPERATE" && set_up;
            if sets_up && !events[p].participants.is_empty() {
                events[k].participants.clear();
                events[k].place = None;
            }
            let has_actor = events[k].participants.iter().any(|q| q.role == "actor");
            if !has_actor && !events[p].participants.is_empty() {
                let mut parts = events[p].participants.clone();
                for q in parts.iter_mut() {
                    q.role = "actor".into();
                }
                let own: Vec<Participant> = std::mem::take(&mut events[k].participants)
                    .into_iter()
                    .filter(|q| parts.iter().all(|r| r.span.start != q.span.start))
                    .collect();
                parts.extend(own);
                events[k].parties = events[k].parties.max(parts.len());
                events[k].participants = parts;
            }
        }

        // The learned second opinion on each event's parties and place.
        let anchors: Vec<usize> = events
            .iter()
            .map(|e| tok_of(e.trigger.start))
            .chain(frames.iter().map(|f| f.at))
            .collect();
        let view = SentenceView {
            s0,
            s1,
            units: &units,
            frames: &frames,
            topic: &topic,
            anchors: &anchors,
        };
        let events: Vec<TracedEvent> = events
            .into_iter()
            .map(|mut event| {
                let candidates = if trace {
                    arguments::candidates(doc, &view, &event)
                } else {
                    Vec::new()
                };
                match &self.args {
                    Some(m) if trace => m.apply(&mut event, &candidates),
                    Some(m) => {
                        let scored = arguments::scored(doc, &view, &event, m);
                        arguments::apply_scored(&mut event, &scored);
                    }
                    None => {}
                }
                drop_titles_of_named(doc, &mut event);
                TracedEvent {
                    event,
                    candidates,
                    date_candidates: Vec::new(),
                }
            })
            .collect();

        if let Some(f) = frames.iter().rev().find(|f| f.speaker.is_some()) {
            mem.last_speaker = f.speaker.clone();
            mem.last_channel = f.channel.clone();
            mem.last_relays = f.relays.clone();
        }
        for e in events.iter().map(|t| &t.event) {
            let keys: HashSet<String> = e
                .participants
                .iter()
                .map(|p| key_of(&p.span.text))
                .collect();
            mem.seen_types.insert(e.event_type.clone());
            let mut subtypes: HashSet<String> = e.subtype.iter().cloned().collect();
            subtypes.extend(
                aliases
                    .iter()
                    .filter(|(at, _)| *at == e.trigger.start)
                    .map(|(_, st)| st.clone()),
            );
            mem.history.push(Past {
                sentence: si,
                keys,
                speaker: e.attribution.speaker.as_ref().map(|s| key_of(&s.text)),
                date: e.date.clone(),
                modality: e.modality,
                event_type: e.event_type.clone(),
                subtypes,
                speech: is_speech_type(&e.event_type),
            });
        }
        events
    }

    fn is_boundary(&self, doc: &Doc, i: usize) -> bool {
        if i >= doc.toks.len() {
            return false;
        }
        doc.is(i, "boundary") || doc.multi_at(i, "boundary").is_some()
    }

    fn is_clause_end(&self, doc: &Doc, i: usize) -> bool {
        let t = &doc.toks[i];
        t.punct
            && matches!(
                t.norm.as_str(),
                "،" | "," | "؛" | "." | ":" | "!" | "?" | "؟"
            )
            && (!matches!(t.norm.as_str(), "،" | ",") || self.strong_comma(doc, i))
    }

    /// A comma that opens a new clause: followed by و/ف + a trigger, frame or topic word,
    /// by a clause-opening word, or by a frame verb (، فيما قالت، وقال، من جهته).
    fn strong_comma(&self, doc: &Doc, i: usize) -> bool {
        let Some(t) = doc.toks.get(i) else {
            return false;
        };
        if !(t.punct && matches!(t.norm.as_str(), "،" | "," | "؛")) {
            return false;
        }
        let j = i + 1;
        if j >= doc.toks.len() {
            return true;
        }
        if self.is_boundary(doc, j) || self.frame_at(doc, j).is_some() {
            return true;
        }
        let n = doc.norm(j);
        if matches!(n, "من" | "كما" | "حيث" | "اذ" | "في") && doc.norm(j + 1) != "حين"
        {
            return n != "في";
        }
        if let Some(r) = n.strip_prefix('و').or_else(|| n.strip_prefix('ف')) {
            if r.is_empty() {
                return true;
            }
            return self.match_trigger(doc, j).is_some() || doc.is(j, "topic") || r == "قد";
        }
        // A verb trigger right after the comma opens an asyndetic clause (، التقى خلالها);
        // with the article it is the noun (، القصف: the object of what came before).
        if !n.starts_with("ال")
            && self
                .match_trigger(doc, j)
                .is_some_and(|h| h.entry.verb && h.entry.etype != "-")
        {
            return true;
        }
        // A participle opening a circumstantial clause (مشيرا، واصفا، متهمة).
        // Not a noun that only looks like one (، مذكرة تفاهم: the object of وقعت), nor a
        // meeting noun (، مكالمة هاتفية مع X: the object of أجرى).
        n.starts_with('م')
            && (n.ends_with('ا') || n.ends_with('ه'))
            && self
                .match_trigger(doc, j)
                .is_some_and(|h| h.entry.verb && h.entry.etype != "CONSULT")
    }

    fn is_topic_word(&self, doc: &Doc, i: usize, s1: usize, units: &[Unit]) -> bool {
        if !doc.is(i, "topic") {
            return false;
        }
        // بحث/ناقش + مع + a party is the meeting itself, not a topic.
        let n = doc.norm(i);
        let bare = n.strip_prefix('و').unwrap_or(n);
        if bare == "بحث" || bare == "ناقش" {
            return !self.has_ma(doc, i, s1, units);
        }
        true
    }

    /// Where the partner of a talks verb ends (بحث X مع [نظيره] Y و Z|): the token after
    /// the parties joined to the one after مع; `None` when `i` is no such verb.
    fn talks_partner_end(&self, doc: &Doc, i: usize, s1: usize, units: &[Unit]) -> Option<usize> {
        let n = doc.norm(i);
        let bare = n.strip_prefix('و').unwrap_or(n);
        if !(matches!(bare, "بحث" | "ناقش") && doc.is(i, "topic") && self.has_ma(doc, i, s1, units))
        {
            return None;
        }
        let ma = (i + 1..(i + 20).min(s1)).find(|&k| doc.norm(k) == "مع")?;
        // مع نظيره الأردني X: an untagged title word or two before the partner.
        let mut e = units.iter().find(|u| u.t0 > ma && u.t0 <= ma + 3)?.t1;
        while let Some(u) = units.iter().find(|u| u.t0 == e && u.conj) {
            e = u.t1;
        }
        Some(e)
    }

    /// A definite noun that can be a verb's object: not a day, a place word or a trigger.
    fn opens_object(&self, doc: &Doc, k: usize) -> bool {
        let n = doc.norm(k);
        n.starts_with("ال")
            && !is_day_word(n)
            && !doc.is(k, "place")
            && self.match_trigger(doc, k).is_none()
            && self.frame_at(doc, k).is_none()
    }

    fn has_ma(&self, doc: &Doc, i: usize, s1: usize, units: &[Unit]) -> bool {
        let end = (i + 20).min(s1);
        let mut k = i + 1;
        while k < end {
            if doc.toks[k].punct && doc.toks[k].norm == "." {
                break;
            }
            if doc.norm(k) == "مع"
                || units
                    .iter()
                    .any(|u| u.t0 == k && u.prep.as_deref() == Some("مع"))
            {
                return units.iter().any(|u| u.t0 >= k && u.t0 < k + 6);
            }
            k += 1;
        }
        false
    }

    #[allow(clippy::too_many_arguments)]
    fn keep_trigger(
        &self,
        doc: &Doc,
        h: &Hit,
        s0: usize,
        s1: usize,
        units: &[Unit],
        frames: &[Frame],
        own_day: bool,
    ) -> bool {
        let e = &h.entry;
        if e.etype == "-" {
            return false;
        }
        if e.needs_ma && !self.has_ma(doc, h.t0, s1, units) {
            return false;
        }
        if e.sign && self.signed_document(doc, h, s1).is_none() && !signed_antecedent(doc, h.t0) {
            return false;
        }
        if e.mutual && !self.object_follows(doc, h, s1, 12, &["اتهام"]) {
            return false;
        }
        if e.listing && !self.object_follows(doc, h, s1, 24, &["قايم", "لايح", "ارهابي"])
        {
            return false;
        }
        // واصفاً إياها بأنها «استهداف سياسي»: a word that characterises something said is
        // no event of its own.
        let characterised = || {
            (h.t0.saturating_sub(3).max(s0)..h.t0).any(|k| {
                matches!(
                    doc.norm(k).trim_start_matches('و'),
                    "بانها" | "بانه" | "بانهم" | "بانهما"
                )
            }) && (h.t0.saturating_sub(7).max(s0)..h.t0).any(|k| {
                let n = doc.norm(k);
                ["وصف", "واصف", "اعتبر", "معتبر"]
                    .iter()
                    .any(|st| n.starts_with(st) || n.trim_start_matches('و').starts_with(st))
            })
        };
        if !e.verb && characterised() {
            return false;
        }
        // قافلة مساعدات وصلت إلى المدينة، وصلت قافلة مساعدات: the aid arrives, no one visits.
        // A person named as the subject visits (يزور قائد الجيش الرياض لبحث صرف المنحة).
        let person_subject = units.iter().any(|u| {
            matches!(u.label.as_str(), "PER" | "TITLE")
                && u.prep.is_none()
                && (u.t0 >= h.t1 && u.t0 <= h.t1 + 1 || u.t1 == h.t0)
        });
        if e.visit
            && e.verb
            && !person_subject
            && (h.t0.saturating_sub(6).max(s0)..(h.t1 + 12).min(s1))
                .filter(|&k| k < h.t0 || k >= h.t1)
                .any(|k| {
                    self.match_trigger(doc, k)
                        .is_some_and(|o| o.entry.etype == "AID")
                })
        {
            return false;
        }
        if e.funds && !self.object_follows(doc, h, s1, 8, &["استثمار", "اموال", "مليار", "مليون"])
        {
            return false;
        }
        // على قائمة عقوباتها: the name of the list, not a sanction of its own.
        if !e.verb && e.etype == "SANCTION" && h.t0 > s0 {
            let prev = doc.norm(h.t0 - 1);
            let prev = prev.strip_prefix("ال").unwrap_or(prev);
            if prev.starts_with("قايم") || prev.starts_with("لايح") {
                return false;
            }
        }
        // A frame verb is read as a frame, not a trigger (قال is not an event here).
        if frames
            .iter()
            .any(|f| f.at == h.t0 || (f.at < h.t0 && f.last >= h.t0))
        {
            return false;
        }
        // A noun deep inside what is requested (طالبت X مجلس الأمن بتحمل مسؤولياته في وضع
        // حد للاعتداءات) names no proposed event: the request is the event.
        if !e.verb && self.deep_in_request(doc, h, frames, units) {
            return false;
        }
        // نفى X الاتهامات: denying accusations is a statement, not an accusation.
        if !e.verb
            && e.etype == "ACCUSE"
            && doc.norm(h.t0).contains("اتهام")
            && frames.iter().any(|f| {
                f.kind == FrameKind::Deny
                    && f.at < h.t0
                    && f.content <= h.t0
                    && !(f.at..h.t0).any(|k| self.is_clause_end(doc, k))
            })
        {
            return false;
        }
        // للتعاون after an agreement, مبادرة لوقف إطلاق النار: a purpose, not an event.
        let purpose = e.etype == "COOPERATE" || e.subtype.as_deref() == Some("ceasefire");
        if purpose && doc.norm(h.t0).starts_with('ل') {
            return false;
        }
        // للتشاور: a verb form with لل is its verbal noun as a purpose (a verb takes no ال).
        if e.verb && doc.norm(h.t0).starts_with("لل") {
            return false;
        }
        if h.t0 > s0 {
            let prev = doc.norm(h.t0 - 1);
            // خلال اللقاء، على هامش القمة، عقب الاجتماع: references.
            if doc.is(h.t0 - 1, "circ") && !e.verb && !own_day {
                return false;
            }
            // أكد خلاله وقوف ...: the object of a speech verb said during it is an event.
            if prev.starts_with("خلال")
                && prev.len() > "خلال".len()
                && !(h.t0 >= s0 + 2 && self.frame_at(doc, h.t0 - 2).is_some())
            {
                return false;
            }
            // Conditions are not events (إذا وافق الطرفان).
            if matches!(prev, "اذا" | "لو") && e.verb {
                return false;
            }
        }
        if h.t0 + 1 < s1 {
            let next = doc.norm(h.t0 + 1);
            // ثمّن خلاله: a speech act made during the call is an act of its own.
            if e.verb && !e.speech && (next.starts_with("خلال") && next.len() > "خلال".len())
            {
                return false;
            }
        }
        // THREATEN, ACCUSE and REJECT take their complement with them; a participle after
        // a comma (أدان X ...، ملوّحاً بالإضراب) is the main clause's own act, not part of it.
        let mut j = h.t0;
        let mut steps = 0;
        let own_act = e.speech && e.verb && circumstantial_act(doc, h.t0);
        while j > s0 && steps < 20 && !own_act {
            j -= 1;
            steps += 1;
            if self.is_clause_end(doc, j) || self.is_boundary(doc, j) {
                break;
            }
            if let Some(p) = self.match_trigger(doc, j) {
                // هدوء حذر: a blocked phrase over the word is no speech act.
                let blocked = || {
                    j > s0
                        && self
                            .match_trigger(doc, j - 1)
                            .is_some_and(|b| b.entry.etype == "-" && b.t1 > j)
                };
                if p.entry.speech
                    && matches!(p.entry.etype.as_str(), "THREATEN" | "ACCUSE" | "REJECT")
                    && p.t1 <= h.t0
                    && !blocked()
                {
                    return false;
                }
            }
            // أدانت X الهجوم، معربة عن تضامنها: a participle after a comma opens a clause
            // of its own.
            if circumstantial_participle(doc, j) {
                break;
            }
        }
        true
    }

    /// Whether a nominal trigger sits more than three words into the complement (بـ، إلى)
    /// of a proposal verb before it in its clause.
    fn deep_in_request(&self, doc: &Doc, h: &Hit, frames: &[Frame], units: &[Unit]) -> bool {
        let Some(f) = frames
            .iter()
            .rev()
            .find(|f| f.kind == FrameKind::Propose && f.at < h.t0 && f.content <= h.t0)
        else {
            return false;
        };
        if (f.at..h.t0).any(|k| self.is_clause_end(doc, k) || self.is_boundary(doc, k)) {
            return false;
        }
        // ...، وذلك في إحاطة قدّمها خلال جلسة: a circumstance of the request, not its object.
        if h.t0 > 0 && doc.is(h.t0 - 1, "circ") {
            return false;
        }
        let unit_at = |k: usize| units.iter().position(|u| u.t0 <= k && k < u.t1);
        let Some(comp) = (f.last + 1..h.t0).find(|&k| {
            let n = doc.norm(k);
            // بيان is a channel (دعا X، في بيان، إلى تنظيم وقفة), not بـ + a verbal noun.
            let verbal_noun = n.starts_with('ب')
                && n.chars().count() >= 4
                && !doc.is(k, "channel")
                && !matches!(n, "بشان" | "بينما" | "بعدما");
            unit_at(k).is_none() && (n == "الي" || verbal_noun)
        }) else {
            return false;
        };
        // طالب بعقد اجتماع: a light verbal noun carries the event; طالب بالكشف عن أماكن
        // احتجاز: a verbal noun of its own is what is asked, the rest is its object.
        let light = matches!(
            doc.norm(comp),
            "الي"
                | "بعقد"
                | "باجراء"
                | "بتنظيم"
                | "ببدء"
                | "باستئناف"
                | "باستيناف"
                | "بفتح"
        );
        words_between(doc, units, comp, h.t0) > if light { 3 } else { 2 }
    }

    /// Whether a word starting with one of `stems` (ال off) follows the trigger within
    /// `reach` tokens of its clause: what an exchange verb exchanges (اتهامات), the list a
    /// listing verb puts someone on (قائمة).
    fn object_follows(&self, doc: &Doc, h: &Hit, s1: usize, reach: usize, stems: &[&str]) -> bool {
        (h.t1..s1.min(h.t1 + reach))
            .take_while(|&k| !self.is_clause_end(doc, k))
            .any(|k| {
                let n = doc.norm(k);
                let n = n.strip_prefix("ال").unwrap_or(n);
                let n = n.strip_prefix("علي").unwrap_or(n);
                stems.iter().any(|st| n.starts_with(st))
            })
    }

    /// The agreement a signing verb signs: the first agreement noun of its clause within a
    /// few words (وقعت [X] و[Y] اليوم اتفاقية، وقع الطرفان على مذكرة تفاهم). Not through
    /// التوصل إلى (expecting to reach an agreement is no signing).
    fn signed_document(&self, doc: &Doc, h: &Hit, s1: usize) -> Option<Hit> {
        let mut k = h.t1;
        while k < s1.min(h.t1 + 30) {
            if self.is_clause_end(doc, k) || self.is_boundary(doc, k) {
                return None;
            }
            if matches!(doc.norm(k), "الي" | "التوصل" | "للتوصل") {
                return None;
            }
            // Contracts and protocols are signed too, but are no trigger on their own
            // (عقد is also "held").
            if matches!(
                doc.norm(k),
                "عقد" | "عقدا" | "عقود" | "العقد" | "بروتوكول" | "بروتوكولا" | "ميثاق"
            ) {
                return Some(Hit {
                    t0: k,
                    t1: k + 1,
                    entry: h.entry.clone(),
                });
            }
            if let Some(n) = self.match_trigger(doc, k) {
                if n.entry.etype == "AGREE" && !n.entry.verb {
                    return Some(n);
                }
            }
            k += 1;
        }
        None
    }

    /// Read a frame at token `i`: speaker, channel, relays, content start.
    fn read_frame(
        &self,
        doc: &Doc,
        i: usize,
        s1: usize,
        fe: &FrameEntry,
        units: &[Unit],
        in_timex: &dyn Fn(usize) -> bool,
    ) -> Option<Frame> {
        let unit_starting = |j: usize| units.iter().find(|u| u.t0 == j);
        let mut f = Frame {
            at: i,
            kind: fe.kind,
            lemma: fe.lemma.clone(),
            speaker: None,
            channel: None,
            relays: Vec::new(),
            content: i + 1,
            inherits: false,
            pronoun: false,
            implied: fe.implied,
            actor_issued: false,
            last: i,
        };
        let mut j = i + 1;
        // "بحسب ما أفادت X", "وفق ما أعلن X": the verb after ما is the real frame verb.
        if fe.kind == FrameKind::According && (doc.norm(j) == "ما" || doc.norm(i).ends_with("ما"))
        {
            if doc.norm(j) == "ما" {
                j += 1;
            }
            if let Some(inner) = self.frame_at(doc, j) {
                f.lemma = inner.lemma;
                f.last = j;
                j += 1;
                if doc.norm(j) == "به" {
                    j += 1;
                }
            }
        }
        let mut speaker_from_an = false;
        while j < s1 && in_timex(j) {
            j += 1;
        }
        // A channel noun before the speaker: ذكر بيان لوزارة الخارجية.
        if let Some(len) = self.channel_len(doc, j) {
            f.channel = Some(doc.span_of_tokens(j, j + len));
            j += len;
            let n = doc.norm(j);
            if n.starts_with("اصدر") || n.starts_with("نشر") {
                f.actor_issued = true;
            }
        }
        // The subject may come a few untagged words later (أعلن المتحدث باسم الحكومة X).
        let later = if fe.kind == FrameKind::Source {
            None
        } else {
            (j..(j + 5).min(s1))
                .take_while(|&k| {
                    let n = doc.norm(k);
                    !doc.toks[k].punct
                        && !matches!(n, "ان" | "انه" | "انها" | "بان" | "عن" | "الي")
                        && self.match_trigger(doc, k).is_none()
                        && (k == j || self.source_len(doc, k, s1, units).is_none())
                })
                .find_map(|k| {
                    unit_starting(k).filter(|_| self.source_len(doc, j, s1, units).is_none())
                })
        };
        if let Some(u) = unit_starting(j).or(later) {
            f.speaker = Some((u.span.clone(), u.label.clone()));
            j = u.t1;
        } else if let Some(len) = self.source_len(doc, j, s1, units) {
            let sp = doc.span_of_tokens(j, j + len);
            let definite = doc.norm(j).starts_with("ال") && len == 1;
            if definite {
                f.inherits = true;
            } else {
                f.speaker = Some((sp, "SRC".into()));
            }
            j += len;
        } else if doc.norm(j) == "عن" {
            speaker_from_an = true;
        }
        if f.kind == FrameKind::Relay {
            // نقلت A عن B: A relays, B speaks; نقلاً عن B: B speaks.
            let mut k = j;
            while k < s1 && k < j + 3 && doc.norm(k) != "عن" {
                k += 1;
            }
            if doc.norm(k) == "عن" || speaker_from_an {
                if !speaker_from_an {
                    if let Some((sp, _)) = f.speaker.take() {
                        f.relays.push(sp);
                    }
                } else {
                    k = j;
                }
                let b = k + 1;
                if let Some(u) = unit_starting(b) {
                    f.speaker = Some((u.span.clone(), u.label.clone()));
                    j = u.t1;
                } else if let Some(len) = self.source_len(doc, b, s1, units) {
                    f.speaker = Some((doc.span_of_tokens(b, b + len), "SRC".into()));
                    j = b + len;
                }
                f.lemma = None;
            }
        }
        // The subject may stand before the verb (وكانت صحيفة X قد ذكرت).
        if f.speaker.is_none()
            && !f.inherits
            && !matches!(fe.kind, FrameKind::According | FrameKind::Source)
        {
            let w = doc.norm(i);
            let glued_wa = w.starts_with('و') && !self.frames.contains_key(w);
            let before = units
                .iter()
                .rev()
                .find(|u| u.t1 <= i && i - u.t1 <= 2 && !self.any_end(doc, u.t1, i));
            if let Some(u) = before {
                f.speaker = Some((u.span.clone(), u.label.clone()));
            } else if glued_wa || matches!(fe.kind, FrameKind::Report) {
                f.inherits = true;
            }
        }
        // Channel and relay after the speaker: في بيان، في تصريحات لـ«وكالة X»، لـX.
        let mut k = j;
        let stop = (j + 12).min(s1);
        // لوكالة الأنباء اليمنية (سبأ)، لمراسل «سانا»: a medium's head noun with ل makes
        // the outlet named right after it a relay.
        let mut to_medium = 0usize;
        while k < stop {
            let n = doc.norm(k);
            if matches!(n, "ان" | "انه" | "انها" | "بان" | "ب") || n.starts_with("انه")
            {
                break;
            }
            if let Some(len) = self.channel_len(doc, k) {
                if f.channel.is_none() {
                    f.channel = Some(doc.span_of_tokens(k, k + len));
                }
                k += len;
                // في تصريح خاص، في بيان مقتضب: the channel's adjective.
                while k < stop && is_channel_adjective(doc.norm(k)) {
                    k += 1;
                }
                continue;
            }
            if let Some(u) = unit_starting(k) {
                let lam = u.prep.as_deref().is_some_and(|p| p == "ل" || p == "لل");
                if (lam || to_medium > 0) && u.label == "ORG" {
                    f.relays.push(u.span.clone());
                    k = u.t1;
                    to_medium = 0;
                    continue;
                }
                break;
            }
            if medium_head(n) {
                to_medium = 3;
                k += 1;
                continue;
            }
            // لوكالة الأنباء اليمنية: up to two words of the medium's name before the
            // outlet's own.
            if to_medium > 1 && !doc.toks[k].punct && n.starts_with("ال") {
                to_medium -= 1;
                k += 1;
                continue;
            }
            if in_timex(k)
                || matches!(
                    n,
                    "في" | "«" | "»" | "مع" | "ل" | "لـ" | "قوله" | "اليوم" | "مجددا"
                )
            {
                k += 1;
                continue;
            }
            // وقال X، في مؤتمر صحفي، إن: a comma may open the channel phrase.
            let channel_next = k + 2 < s1
                && matches!(doc.norm(k + 1), "في" | "خلال" | "عبر")
                && self.channel_len(doc, k + 2).is_some();
            if doc.toks[k].punct && (n != "،" || channel_next) {
                k += 1;
                continue;
            }
            break;
        }
        // Content starts after إن/أن (or إلى for proposals, or right after the speaker).
        let mut c = j;
        let lim = (j + 10).min(s1);
        let mut found = false;
        for m in j..lim {
            let n = doc.norm(m);
            // أكد X دعم بلاده لـ...: a noun the reporting verb makes the predicate of is
            // the content itself.
            if self
                .match_trigger(doc, m)
                .is_some_and(|h| !h.entry.pre.is_empty())
            {
                c = m;
                found = true;
                break;
            }
            if matches!(n, "ان" | "بان" | "الي" | "ب") {
                c = m + 1;
                found = true;
                break;
            }
            if matches!(n, "انه" | "انها" | "انهم" | "بانه" | "بانها" | "انهما")
            {
                c = m + 1;
                f.pronoun = true;
                found = true;
                break;
            }
        }
        // أعلن X تقديم مساعدات: a verbal noun right after the speaker has the speaker as
        // its subject, as a pronoun after أن would.
        if !found
            && matches!(fe.kind, FrameKind::Report | FrameKind::Deny)
            && f.speaker.is_some()
            && (j..k).all(in_timex)
            && k < s1
            && !doc.toks[k].punct
            && !in_timex(k)
            && unit_starting(k).is_none()
            && self.channel_len(doc, k).is_none()
            && doc.norm(k).starts_with("ت")
        {
            f.pronoun = true;
        }
        if !found {
            c = k.max(j);
        }
        f.content = c;
        Some(f)
    }

    fn any_end(&self, doc: &Doc, a: usize, b: usize) -> bool {
        (a..b).any(|k| self.is_clause_end(doc, k))
    }

    fn channel_len(&self, doc: &Doc, i: usize) -> Option<usize> {
        if i >= doc.toks.len() {
            return None;
        }
        if let Some(l) = doc.multi_at(i, "channel") {
            return Some(l);
        }
        if doc.is(i, "channel") {
            // Keep an adjective after it (تصريحات صحفية، كلمة متلفزة).
            let n = doc.norm(i + 1);
            let adj = n.ends_with("يه") || n.ends_with("يا") || n.ends_with("ي");
            return Some(if adj && !doc.toks.get(i + 1).is_some_and(|t| t.punct) {
                2
            } else {
                1
            });
        }
        None
    }

    /// An unnamed source phrase at `i`: a source noun and its modifiers.
    fn source_len(&self, doc: &Doc, i: usize, s1: usize, units: &[Unit]) -> Option<usize> {
        if i >= s1 || !doc.is(i, "source") {
            return None;
        }
        let mut j = i + 1;
        while j < s1 && j < i + 6 {
            let n = doc.norm(j);
            if doc.toks[j].punct
                || matches!(n, "ان" | "بان" | "انه" | "قوله" | "عن" | "ما" | "الي")
                || self.match_trigger(doc, j).is_some()
                || n.starts_with('ل') && j > i + 1
                || self.frame_at(doc, j).is_some()
                || self.channel_len(doc, j).is_some()
            {
                break;
            }
            if let Some(u) = units.iter().find(|u| u.t0 == j) {
                // مصدر في وزارة الخارجية: the organisation is part of the phrase.
                if doc.norm(j - 1) == "في" || u.prep.as_deref() == Some("في") {
                    j = u.t1;
                }
                break;
            }
            j += 1;
        }
        Some(j - i)
    }

    fn build_event(
        &self,
        doc: &Doc,
        h: &Hit,
        x: &EventCtx,
        mem: &mut Memory,
    ) -> Option<EventMention> {
        let e = &h.entry;
        let (si, s0, c0, c1) = (x.si, x.s0, x.c0, x.c1);
        let frames = x.frames;
        let gov: Vec<usize> = x.before.iter().chain(x.after).copied().collect();
        let all_frame_spans: Vec<&Span> = frames
            .iter()
            .flat_map(|f| f.speaker.iter().map(|(s, _)| s).chain(f.relays.iter()))
            .collect();
        // لم يصدر أي تعليق من X: a comment nobody made has no speaker.
        let no_comment = e.etype == "STATEMENT" && !e.pre.is_empty();
        let speech = e.speech || (is_speech_type(&e.etype) && !no_comment);
        let mut actors: Vec<&Unit> = Vec::new();
        let mut targets: Vec<&Unit> = Vec::new();
        let mut place: Option<Span> = None;
        let mut joined = false;
        let mut from_caller = false;
        let mut sponsored = false;
        let mut last_role: Option<bool> = None; // Some(true) actor, Some(false) target
        let mut last_end = 0usize;
        let mut invitee: Option<&Unit> = None;
        let mut organiser_unit: Option<(Span, String)> = None;
        let mut host: Option<&Unit> = None;
        let mut first_joined: Option<usize> = None;
        let is_place_label = |l: &str| l == "GPE" || l == "LOC";
        for u in x.units.iter().filter(|u| u.t0 >= c0 && u.t1 <= c1) {
            if u.t0 >= h.t0 && u.t0 < h.t1 {
                continue;
            }
            if x.topic[u.t0 - s0] {
                continue;
            }
            if all_frame_spans.iter().any(|s| s.start == u.span.start) {
                continue;
            }
            let prep = u.prep.as_deref().unwrap_or("");
            let after = u.t0 >= h.t1;
            // Sponsors and mediators are not parties (برعاية السعودية والولايات المتحدة).
            if u.t0 > 0 && (u.t0 - 1..=u.t0).any(|k| doc.is(k, "sponsor")) {
                sponsored = true;
                continue;
            }
            if sponsored && u.conj {
                continue;
            }
            sponsored = false;
            // Places.
            let place_prep = match prep {
                "في" | "ب" => !speech || prep == "في",
                "الي" => e.visit,
                "علي" => e.etype == "ASSAULT" || e.visit,
                _ => false,
            };
            let place_noun_before =
                u.t0 > 0 && (u.t0.saturating_sub(3)..u.t0).any(|k| doc.is(k, "place"));
            if speech && place_noun_before {
                continue;
            }
            // تستضيفها بغداد (verb, subject after); موسكو مستعدة لاستضافة (noun, before).
            let hosts = u.t0 > 0 && doc.is(u.t0 - 1, "host") && !doc.norm(u.t0 - 1).ends_with("ه")
                || (u.t1..(u.t1 + 2).min(x.s1))
                    // Not over another name (مصر والأردن والعراق تستضيفها بغداد).
                    .take_while(|&k| k == u.t1 || !x.units.iter().any(|v| v.t0 < k && k - 1 < v.t1))
                    // تستضيفها بغداد: the pronoun is the event, the host comes after.
                    .any(|k| doc.is(k, "host") && !doc.norm(k).ends_with("ها"));
            if (place_prep || place_noun_before || hosts) && is_place_label(&u.label) {
                if hosts && host.is_none() {
                    host = Some(u);
                }
                if place.is_none() {
                    place = Some(u.span.clone());
                }
                last_role = None;
                continue;
            }
            if e.visit && after && is_place_label(&u.label) && prep.is_empty() && place.is_none() {
                place = Some(u.span.clone());
                continue;
            }
            // اجتماع جنيف، مفاوضات جدة: a place right after a meeting noun is its venue,
            // unless a second name is joined to it (محادثات باكستان والهند: the parties).
            if e.etype == "CONSULT"
                && !e.verb
                && u.t0 == h.t1
                && prep.is_empty()
                && u.label == "GPE"
                && place.is_none()
                && !x
                    .units
                    .iter()
                    .any(|v| v.t0 >= u.t1 && v.t0 <= u.t1 + 1 && v.conj)
            {
                place = Some(u.span.clone());
                continue;
            }
            if !["PER", "ORG", "GPE", "TITLE"].contains(&u.label.as_str()) {
                continue;
            }
            // بمشاركة رؤساء X وY، بين وفدي X وY: up to two plain words may stand between the
            // joining word and its first party.
            let joined_after = |k: usize| {
                let len = if doc.is(k, "join") {
                    Some(1)
                } else {
                    doc.multi_at(k, "join")
                };
                len.is_some_and(|n| k + n <= u.t0)
                    && (k + len.unwrap_or(1)..u.t0).all(|j| {
                        !doc.toks[j].punct
                            && !x.hit_pos.contains(&j)
                            && !x.units.iter().any(|v| v.t0 <= j && j < v.t1)
                    })
            };
            let between = (u.t0.saturating_sub(4)..=u.t0).any(joined_after) || prep == "بين";
            if between && first_joined.is_none() {
                first_joined = Some(u.t0);
            }
            let adjacent_conj = u.conj && last_role.is_some() && u.t0 <= last_end + 2;
            // اجتماع لمجلس الجامعة: the body that meets.
            let of_body =
                matches!(prep, "ل" | "لل") && e.etype == "CONSULT" && after && u.t0 <= h.t1 + 2;
            // تظاهر أمام البرلمان، احتجاجات ضد الحكومة: what is protested against.
            let protested = e.etype == "PROTEST"
                && after
                && (u.t0.saturating_sub(2)..u.t0).any(|k| matches!(doc.norm(k), "امام" | "ضد"));
            // وجه دعوة إلى X لزيارة: the one invited is the visitor.
            let invited = e.visit
                && u.t0 < h.t0
                && matches!(prep, "الي" | "ل")
                && (u.t0.saturating_sub(3)..u.t0).any(|k| doc.norm(k).ends_with("دعوه"));
            if invited {
                invitee = Some(u);
                continue;
            }
            // فرض عقوبات على X، هجوم على X (a party, not a place): X is the target.
            let aimed_at = prep == "علي"
                && after
                && (e.etype == "SANCTION" || e.etype == "ASSAULT" && !is_place_label(&u.label));
            // مساعدات إلى X / لـX: X receives them.
            // دعم مصر للصومال: the one supported.
            // قافلة ... تابعة لبرنامج الأغذية: whose convoy it is gives the aid.
            let owner =
                e.etype == "AID" && matches!(prep, "ل" | "لل") && convoy_owner_at(doc, u.t0);
            // وقف استيراد الخضروات من المغرب: the country whose goods are banned.
            let banned_from = e.etype == "SANCTION"
                && after
                && prep == "من"
                && matches!(u.label.as_str(), "GPE" | "ORG");
            // ضربات على مواقع تابعة للحوثيين: whose positions are struck or raided.
            let struck_owner = matches!(e.etype.as_str(), "ASSAULT" | "COERCE")
                && after
                && matches!(prep, "ل" | "لل")
                && convoy_owner_at(doc, u.t0);
            let recipient = matches!(e.etype.as_str(), "AID" | "SUPPORT")
                && after
                && !owner
                && matches!(prep, "الي" | "ل" | "لل");
            let role_actor = if between {
                joined = true;
                true
            } else if owner {
                true
            } else if protested || aimed_at || recipient || banned_from || struck_owner {
                false
            } else if adjacent_conj {
                last_role.unwrap_or(true)
            } else if of_body {
                true
            } else if matches!(prep, "من" | "عن") && no_comment && after && u.t0 <= h.t1 + 3 {
                // لم يصدر أي تعليق رسمي من عمّان: who made no comment.
                true
            } else if !matches!(prep, "" | "مع" | "ب" | "من" | "بين") {
                continue;
            } else if prep == "مع" {
                // وقّعت X اتفاقية مع Y: an agreement has no target; both sides are parties.
                e.etype == "AGREE"
            } else if prep == "من" {
                if e.subtype.as_deref() != Some("call") {
                    continue;
                }
                from_caller = true;
                true
            } else if prep == "ب" {
                false
            } else if !after {
                true
            } else {
                actors.is_empty()
            };
            if role_actor {
                actors.push(u);
            } else {
                targets.push(u);
            }
            last_role = Some(role_actor);
            last_end = u.t1;
        }
        // وجه X دعوة إلى Y لزيارة: Y's visit is X's proposal, X its speaker.
        let mut inviter: Option<(Span, String)> = None;
        if let Some(u) = invitee {
            inviter = actors
                .iter()
                .find(|a| a.t0 < h.t0 && a.t0 != u.t0)
                .map(|a| (a.span.clone(), a.label.clone()));
            // The inviter is not a party of the visit.
            actors.retain(|a| a.t0 > h.t0);
            actors.insert(0, u);
        }
        // اجتماعات اللجنة الثلاثية، التي شارك فيها ممثلو X وY وZ؛ قمة الهيئة بمشاركة
        // رؤساء X وY: when the members are named, the body that meets is not a party.
        if let Some(j) = first_joined.filter(|_| !e.verb) {
            actors.retain(|u| !(u.label == "ORG" && u.t0 >= h.t1 && u.t0 < j));
        }
        // استقبل X المبعوثَ Y، الذي يزور البلاد: a verb right after a relative pronoun has
        // the name before the pronoun as its subject, and only that name.
        if e.verb && h.t0 >= 2 && matches!(doc.norm(h.t0 - 1), "الذي" | "التي" | "اللذين" | "الذين")
        {
            let k = if doc.norm(h.t0 - 2) == "،" {
                h.t0 - 2
            } else {
                h.t0 - 1
            };
            if let Some(ante) = x.units.iter().find(|u| u.t1 == k && u.t0 >= s0) {
                actors.retain(|u| u.t0 > h.t0);
                targets.retain(|u| u.t0 > h.t0);
                actors.insert(0, ante);
            }
        }
        // العقد الذي وقّعته الوزارة مع الشركة: the signers are named after the verb, all of
        // them parties; the main clause's subject before the document is not one.
        if e.sign && signed_antecedent(doc, h.t0) {
            actors.retain(|u| u.t0 > h.t0);
            let partners: Vec<&Unit> = targets.iter().copied().filter(|u| u.t0 > h.t0).collect();
            targets.clear();
            actors.extend(partners);
        }
        // تستضيف القاهرة مؤتمراً للمانحين: a host is the place, and the party too when the
        // meeting names no other (مباحثات بين X وY تستضيفها بغداد: X and Y are).
        if let Some(u) = host.filter(|_| e.etype == "CONSULT" && actors.is_empty()) {
            if targets.is_empty() {
                actors.push(u);
            }
        }
        // جلسة طارئة لمجلس الأمن، الاجتماع الثالث للجنة المشتركة: the body whose session
        // it is (ل + a body right after the meeting noun and its adjectives) holds it. It
        // is an actor, and whoever asks for the session is not (gold: 62 of 70 such bodies
        // are actors). Members named after بمشاركة stand for the body, as above.
        let holder = (!e.verb && e.etype == "CONSULT" && first_joined.is_none())
            .then(|| {
                x.units.iter().find(|u| {
                    u.label == "ORG"
                        && u.t0 >= h.t1
                        && u.t0 <= h.t1 + 3
                        && u.t1 <= c1
                        && u.prep.as_deref() == Some("ل")
                        && (h.t1..u.t0).all(|k| {
                            !doc.toks[k].punct
                                && doc.ex.match_trigger(doc, k).is_none()
                                && !matches!(
                                    doc.norm(k),
                                    "في" | "مع" | "بين" | "الي" | "علي" | "من" | "عن" | "و"
                                )
                        })
                })
            })
            .flatten();
        if let Some(u) = holder {
            targets.retain(|t| t.t0 != u.t0);
            if actors.iter().all(|a| a.t0 != u.t0) {
                actors.push(u);
            }
        }
        if let Some((sp, lab)) = x.organiser.as_ref().filter(|_| actors.is_empty()) {
            organiser_unit = Some((sp.clone(), lab.clone()));
        }
        if from_caller {
            // تلقى X اتصالاً من Y: Y calls X.
            let (callers, others): (Vec<&Unit>, Vec<&Unit>) =
                actors.iter().partition(|u| u.prep.as_deref() == Some("من"));
            targets.extend(others);
            actors = callers;
        }
        let mut parts: Vec<Participant> = actors
            .iter()
            .map(|u| u.as_party("actor"))
            .chain(targets.iter().map(|u| u.as_party("target")))
            .collect();
        // Group words next to the trigger stand for the parties of the last meeting.
        // A group word belongs to the trigger nearest to it.
        // دعا إليها X: X organised the event.
        if let Some((sp, lab)) = organiser_unit {
            parts.insert(
                0,
                Participant {
                    span: sp,
                    role: "actor".into(),
                    label: lab,
                },
            );
        }
        // A group word after a preposition (على الطرفين، مع الجانبين) stands for targets.
        let group_at = (c0..c1).find(|&k| {
            (doc.is(k, "group") || doc.multi_at(k, "group").is_some())
                && !x.topic[k - s0]
                && x.hit_pos
                    .iter()
                    .min_by_key(|&&t| t.abs_diff(k))
                    .is_some_and(|&t| t == h.t0)
        });
        let group_obj = group_at.is_some_and(|k| {
            let n = doc.norm(k);
            let glued = ["وب", "ول", "ب", "ل"]
                .iter()
                .any(|p| n.strip_prefix(p).is_some_and(|r| r.starts_with("ال")));
            // استقبل X أعضاء الوفدين: after a verb with its own subject, the object.
            let object = e.verb && k >= h.t1 && actors.iter().any(|u| u.t0 < h.t0);
            glued || object || (k > 0 && matches!(doc.norm(k - 1), "علي" | "مع" | "الي"))
        });
        // A dual or plural symmetric verb with no named subject (واتفقا، التقيا، يجتمعان):
        // its pronoun subject is the parties of the last meeting.
        let dual_verb = e.verb && matches!(e.etype.as_str(), "CONSULT" | "AGREE") && {
            let w = e.words.last().map_or("", String::as_str);
            w.ends_with('ا') || w.ends_with("ان")
        };
        let same_occasion = e.etype == "CONSULT" && mem.parties_sentence == Some(si);
        let group = !same_occasion
            && ((group_at.is_some() && !group_obj) || (dual_verb && actors.is_empty()));
        // اتفق الجانبان، خلال الاجتماع الذي حضره X، على ...: a group word right after
        // (or before) its verb is the subject; other names in the clause are not parties.
        let group_subject = e.verb
            && group
            && !group_obj
            && group_at.is_some_and(|k| !matches!(doc.norm(k), "البلدان" | "البلدين"))
            && group_at.is_some_and(|k| k == h.t1 || k + 1 == h.t0)
            && !mem.last_parties.is_empty();
        // جولة جديدة بين الدول الثلاث: the group after بين is the parties; a host or
        // proposer named before is not one.
        let between_group = group
            && group_at.is_some_and(|k| k > s0 && doc.norm(k - 1) == "بين")
            && !mem.last_parties.is_empty();
        if group_subject || between_group {
            actors.clear();
        }
        // رفض X المقترح الذي تقدم به Y، دان العدوان الذي شنته إسرائيل: whoever made what is
        // rejected, condemned or welcomed is the target. Not a relative clause on a name
        // (المنظمة، التي تتخذ من باريس مقراً).
        if matches!(e.etype.as_str(), "REJECT" | "ACCUSE" | "SUPPORT")
            && parts.iter().all(|p| p.role != "target")
        {
            let rel = (h.t1..(h.t1 + 14).min(c1))
                .take_while(|&k| !doc.ex.is_clause_end(doc, k))
                .find(|&k| matches!(doc.norm(k), "الذي" | "التي"))
                .filter(|&r| {
                    let quote_end = doc.toks[r - 1].punct && matches!(doc.norm(r - 1), "»" | ")");
                    r > h.t1
                        && (!doc.toks[r - 1].punct || quote_end)
                        && x.units.iter().all(|u| u.t1 != r && u.t1 + 1 != r)
                });
            let author = rel.and_then(|r| {
                x.units
                    .iter()
                    .find(|u| u.t0 >= r + 2 && u.t0 <= r + 3 && u.t1 <= c1)
                    .filter(|_| x.units.iter().all(|v| v.t0 != r + 1))
            });
            if let Some(u) = author {
                if parts.iter().all(|p| p.span.start != u.span.start) {
                    parts.push(u.as_party("target"));
                }
            }
        }
        // هدّد X بالإضراب إذا لم تستجب الحكومة، لوّح بالمقاطعة ما لم تتراجع الوزارة: who
        // must give way for the threat not to be carried out is its target.
        if e.etype == "THREATEN" && parts.iter().all(|p| p.role != "target") {
            let cond = (h.t1..(h.t1 + 30).min(x.s1))
                .take_while(|&k| !matches!(doc.norm(k), "." | "؛" | ":"))
                .find(|&k| {
                    let prev = if k > 0 { doc.norm(k - 1) } else { "" };
                    match doc.norm(k) {
                        "اذا" | "واذا" => true,
                        "لم" => prev == "ما",
                        "حال" | "صوره" => prev == "في",
                        _ => false,
                    }
                });
            let subject = cond.and_then(|k| {
                x.units
                    .iter()
                    .find(|u| u.t0 > k && u.t0 <= k + 4)
                    .filter(|u| u.prep.is_none())
                    .filter(|u| {
                        parts
                            .iter()
                            .all(|p| key_of(&p.span.text) != key_of(&u.span.text))
                    })
            });
            if let Some(u) = subject {
                parts.push(u.as_party("target"));
            }
        }
        // حمّل الحكومة المسؤولية، متهماً إياها بـ…: the pronoun object is the last party
        // named before, other than the event's own.
        let pronoun_object =
            h.t1 < x.s1 && matches!(doc.norm(h.t1), "اياه" | "اياها" | "اياهم" | "اياهما");
        if pronoun_object && parts.iter().all(|p| p.role != "target") {
            let antecedent = x
                .units
                .iter()
                .rev()
                .filter(|u| u.t0 >= s0 && u.t1 <= h.t0)
                .find(|u| {
                    parts
                        .iter()
                        .all(|p| key_of(&p.span.text) != key_of(&u.span.text))
                })
                .filter(|u| !(is_place_label(&u.label) && u.prep.is_some()));
            if let Some(u) = antecedent {
                parts.push(u.as_party("target"));
            }
        }
        mem.group_used = (group_obj || group) && !mem.last_parties.is_empty();
        let standing_for = people_of_group(
            group_at.map(|k| doc.norm(k)).unwrap_or(""),
            &mem.last_parties,
        );
        if group_obj && !mem.last_parties.is_empty() {
            let have: HashSet<String> = parts.iter().map(|p| key_of(&p.span.text)).collect();
            for p in &standing_for {
                if !have.contains(&key_of(&p.span.text)) {
                    let mut p = p.clone();
                    p.role = "target".into();
                    parts.push(p);
                }
            }
        }
        if group && actors.is_empty() {
            let mut g: Vec<Participant> = standing_for;
            for p in g.iter_mut() {
                p.role = "actor".into();
            }
            g.extend(parts.drain(..).filter(|p| p.role == "target"));
            parts = g;
        }
        // اختتمت جولة جديدة من المفاوضات: talks with no party named are the story's talks,
        // between the parties the last meeting or agreement named.
        let story_talks = !e.verb
            && e.etype == "CONSULT"
            && TALKS_SUBTYPES.contains(&e.subtype.as_deref().unwrap_or(""))
            && parts.is_empty()
            && mem.parties_sentence.is_some_and(|p| p < si);
        if story_talks {
            parts = mem.last_parties.clone();
            for p in parts.iter_mut() {
                p.role = "actor".into();
            }
        }
        // Place phrases that are not entities: العاصمة الأردنية، قصر بيان.
        if place.is_none() && !speech {
            for k in c0..c1 {
                let lead = doc.is(k, "place")
                    && (k > 0 && doc.norm(k - 1) == "في" || doc.norm(k).starts_with("بال"));
                if lead && !x.topic[k - s0] {
                    let mut end = k + 1;
                    if end < c1 && !doc.toks[end].punct && x.units.iter().all(|u| u.t0 != end) {
                        end += 1;
                    }
                    place = Some(doc.span_of_tokens(k, end));
                    break;
                }
            }
        }

        // Attribution: the outermost reporting frame before the trigger, else an
        // "according to" frame after it, else the proposal frame.
        let mut att = Attribution {
            outlet: x.outlet.map(str::to_string),
            ..Attribution::default()
        };
        let primary = x
            .before
            .iter()
            .copied()
            .find(|&g| frames[g].kind != FrameKind::Propose)
            .or(x.after.first().copied())
            .or(x.before.first().copied());
        if let Some(g) = primary {
            let f = &frames[g];
            if let Some((sp, lab)) = &f.speaker {
                att.speaker = Some(sp.clone());
                att.speaker_label = Some(lab.clone());
            }
            att.channel = f.channel.clone();
            att.relays = f.relays.clone();
            att.stance = f.lemma.clone();
        }
        if let Some(l) = &x.said_through {
            att.stance = Some(l.clone());
        }
        // A proposer, or a speaker whose content opens with a pronoun (أنه سيزور), stands
        // in for a missing actor.
        // A source verb with no subject of its own (إنه لا يستبعد) is said by the frame
        // around it: look through it.
        let innermost = x
            .before
            .iter()
            .rev()
            .map(|&g| &frames[g])
            .find(|f| f.kind != FrameKind::Source || f.speaker.is_some());
        let pre_actor = actors.iter().any(|u| u.t0 < h.t0)
            || (group && !mem.last_parties.is_empty())
            || holder.is_some();
        if !pre_actor && !joined && !from_caller {
            if let Some(f) = innermost.filter(|f| f.kind == FrameKind::Propose || f.pronoun) {
                if let Some((sp, lab)) = f.speaker.clone().filter(|(_, l)| l != "SRC") {
                    speaker_acts(&mut parts, sp, lab);
                }
            }
        }
        // نفى X ...، محمّلاً Y المسؤولية: a speech act as a circumstantial participle is done
        // by the subject of the clause it hangs on (the frame's speaker); the names after it
        // are its targets.
        let participle = speech && circumstantial_act(doc, h.t0);
        if participle && !pre_actor && !joined && !from_caller {
            let label = att.speaker_label.clone().unwrap_or_default();
            if let Some(sp) = att.speaker.clone().filter(|_| label != "SRC") {
                if parts.iter().all(|p| p.span.start != sp.start) {
                    speaker_acts(&mut parts, sp, label);
                }
            } else if att.speaker.is_none() {
                // No frame: the main clause's event names the subject (اتهم X ...، ملوّحاً);
                // a name right after the participle is its object (، متوعداً أمريكا بـ).
                if let Some((sp, label)) = x
                    .prev_actor
                    .clone()
                    .filter(|(s, l)| l != "SRC" && parts.iter().all(|p| p.span.start != s.start))
                {
                    speaker_acts(&mut parts, sp, label);
                }
            }
        }
        // التقى X نظيره Y، كما اجتمع بـZ: a verb after كما or ثم with no subject of its own
        // is done by the actor of the event before it in the sentence.
        // اقتحمت القوات المخيم، واعتقلت 23 مواطناً: a verb that opens its clause with و and
        // names no subject shares the subject of the clause before it.
        let coordinated = e.verb
            && h.t0 == c0
            && h.t0 > x.s0
            && doc.norm(h.t0).starts_with('و')
            && att.speaker.is_none();
        let also = e.verb
            && h.t0 > x.s0
            && (matches!(doc.norm(h.t0 - 1), "كما" | "وكما" | "ثم") || coordinated)
            && parts.iter().all(|p| p.role != "actor");
        if also && !joined && !from_caller {
            if let Some((sp, label)) = x.prev_actor.clone().filter(|(_, l)| l != "SRC") {
                if parts.iter().all(|p| p.span.start != sp.start) {
                    speaker_acts(&mut parts, sp, label);
                }
            }
        }
        // ينتقل الوزير إلى أربيل، حيث يلتقي [رئيس الإقليم] X; استقبل A B، كما استقبل C: a
        // singular meeting verb after حيث, كما or ثم whose parties all follow it meets them;
        // its subject is the actor of the event before it in the sentence (Arabic drops
        // the repeated subject, and the names after the verb are its objects).
        let chained = e.verb
            && e.etype == "CONSULT"
            && e.subtype.as_deref() == Some("meeting")
            && e.words.len() == 1
            && !["ا", "ان", "وا"].iter().any(|s| e.words[0].ends_with(s))
            && (1..=3).any(|b| {
                h.t0 >= x.s0 + b
                    && matches!(doc.norm(h.t0 - b), "كما" | "وكما" | "ثم" | "حيث" | "وحيث")
                    && (h.t0 - b + 1..h.t0).all(|j| {
                        !doc.toks[j].punct && !x.units.iter().any(|u| u.t0 <= j && j < u.t1)
                    })
            });
        if chained && !joined && !from_caller {
            let verb_end = doc.toks[h.t0].end;
            let actors_after = parts.iter().filter(|p| p.role == "actor").count() > 0
                && parts
                    .iter()
                    .filter(|p| p.role == "actor")
                    .all(|p| p.span.start >= verb_end)
                && parts.iter().all(|p| p.role != "target");
            if let Some((sp, label)) = x.prev_actor.clone().filter(|(s, l)| {
                actors_after && l != "SRC" && parts.iter().all(|p| p.span.start != s.start)
            }) {
                speaker_acts(&mut parts, sp, label);
            }
        }
        // وصل X إلى مسقط، حيث استقبله السلطان: a meeting verb with an object pronoun meets
        // the subject of the event before it.
        let object_pronoun = e.verb
            && e.etype == "CONSULT"
            && e.words.len() == 1
            && possessive_of(doc.norm(h.t0).trim_start_matches('و'), &e.words[0])
            && parts.iter().all(|p| p.role != "target");
        // Or, with no event before it, the person the sentence opens with (وكان X قد
        // استهل جولته بمسقط، حيث استقبله ...).
        let first_person = || {
            x.units
                .iter()
                .find(|u| u.t0 >= x.s0 && u.t1 <= h.t0 && u.label == "PER" && u.prep.is_none())
                .map(|u| (u.span.clone(), u.label.clone()))
        };
        if let Some((sp, label)) = x.prev_actor.clone().or_else(first_person).filter(|(s, l)| {
            object_pronoun && l != "SRC" && parts.iter().all(|p| p.span.start != s.start)
        }) {
            parts.push(Participant {
                span: sp,
                role: "target".into(),
                label,
            });
        }
        // تلقى X اتصالاً من Y، ثمّن خلاله ...: a verb done during the event before it, with
        // no subject of its own, has that event's first-named party as subject; the names
        // after it are its targets.
        let during = e.verb
            && h.t1 + 1 < x.s1
            && doc.norm(h.t1).starts_with("خلال")
            && doc.norm(h.t1).len() > "خلال".len()
            && !x.units.iter().any(|u| u.t0 == h.t1 + 1);
        if let Some((sp, lab)) = x.prev_first.clone().filter(|_| during && gov.is_empty()) {
            let after = doc.toks[h.t1].start;
            parts.retain(|p| p.span.start >= after && p.span.start != sp.start);
            for p in parts.iter_mut() {
                p.role = "target".into();
            }
            speaker_acts(&mut parts, sp, lab);
            if speech {
                att.speaker = None;
            }
        }
        // أعلن الجيش استدعاء لواءين، أعلنت الوزارة تحييد ...: what one announces as its
        // first words, with no actor of its own, is its own act (not a toll: مقتل، سقوط).
        if !e.verb && parts.iter().all(|p| p.role != "actor") {
            let announced = innermost.filter(|f| {
                f.kind == FrameKind::Report
                    && f.lemma.as_deref() == Some("أعلن")
                    && h.t0 >= f.content
                    && h.t0 <= f.content + 6
                    && !x.units.iter().any(|u| u.t0 >= f.content && u.t0 < h.t0)
            });
            let toll = ["مقتل", "سقوط", "اصاب", "استشهاد", "وفا", "مصرع"]
                .iter()
                .any(|w| bare_form(doc.norm(h.t0)).starts_with(w));
            if let Some((sp, lab)) = announced
                .and_then(|f| f.speaker.clone())
                .filter(|(_, l)| l != "SRC" && !toll)
            {
                speaker_acts(&mut parts, sp, lab);
            }
        }
        // Speech acts with no speaker of their own: the actor speaks; so does the actor
        // that issued the channel (وفق بيان أصدرته).
        let issued = gov.iter().any(|&g| frames[g].actor_issued);
        if att.speaker.is_none() && (speech || issued) {
            if let Some(p) = parts.iter().find(|p| p.role == "actor") {
                att.speaker = Some(p.span.clone());
                att.speaker_label = Some(p.label.clone());
            }
        }
        if speech && gov.is_empty() {
            // في بيان after the actor is the channel of the speech act; so is one between
            // the subject and a nominal trigger (أعربت الوزارة، في بيان، عن إدانة).
            let from = if e.verb {
                h.t1
            } else {
                c0.max(h.t0.saturating_sub(8))
            };
            let next_hit = x
                .hit_pos
                .iter()
                .copied()
                .find(|&t| t > h.t0)
                .unwrap_or(x.s1);
            for k in from..x.s1.min(h.t1 + 8).min(next_hit) {
                if k >= h.t1 && self.frame_at(doc, k).is_some() {
                    break;
                }
                if (h.t0..h.t1).contains(&k) {
                    continue;
                }
                if let Some(len) = self.channel_len(doc, k) {
                    if k > 0 && matches!(doc.norm(k - 1), "في" | "خلال" | "عبر") {
                        att.channel = Some(doc.span_of_tokens(k, k + len));
                        // في مقابلة خاصة مع «السومرية»: the outlet carries the words.
                        if let Some(u) = medium_after(doc, k + len, x.s1, x.units) {
                            if att.relays.iter().all(|r| r.start != u.span.start) {
                                att.relays.push(u.span.clone());
                            }
                            parts.retain(|p| p.span.start != u.span.start);
                        }
                    }
                    break;
                }
            }
            // دعا، طالب: the trigger is itself an attribution verb.
            if let Some(fe) = self.frame_at(doc, h.t0) {
                att.stance = fe.lemma;
            }
            // وأكد الوزير، في تصريح لـ«بترا»، ... وحمّل الوزير دمشق: a speech act that goes on
            // with the last speaker's words (its sentence opens with و) keeps their channel
            // and relays.
            let goes_on = doc.norm(s0).starts_with('و') && att.channel.is_none();
            let same_speaker = match (&att.speaker, &mem.last_speaker) {
                (Some(a), Some((b, lab))) => {
                    key_of(&a.text) == key_of(&b.text)
                        || (att.speaker_label.as_deref() == Some("TITLE") && lab != "SRC")
                }
                _ => false,
            };
            if goes_on && same_speaker && !mem.last_relays.is_empty() {
                att.channel = mem.last_channel.clone();
                att.relays = mem.last_relays.clone();
            }
        }

        // Verb triggers need a subject; bare nominal events with nothing around them are kept.
        // So are a verb whose object showed it is an event (أطلق صواريخ، تجمع عشرات
        // الناشطين) and a protest: crowds protest without names.
        if e.verb
            && e.obj.is_empty()
            && e.etype != "PROTEST"
            && parts.is_empty()
            && att.speaker.is_none()
            && place.is_none()
        {
            return None;
        }

        // Modality.
        let (mut modality, mut cue) = self.modality(doc, h, (c0, c1, x.s1), x.pred);
        for &g in &gov {
            let f = &frames[g];
            let m = match f.kind {
                // The participle is the denier's own act, not part of what is denied.
                FrameKind::Deny if participle => None,
                FrameKind::Deny => Some(Modality::Denied),
                FrameKind::Propose => Some(Modality::Proposed),
                _ => f.implied,
            };
            if let Some(m) = m {
                if f.at < h.t0 && m.rank() > modality.rank() {
                    modality = m;
                    cue = Some(doc.span_of_tokens(f.at, f.at + 1).text);
                }
            }
        }
        if invitee.is_some() && modality.rank() < Modality::Proposed.rank() {
            modality = Modality::Proposed;
            cue = Some("دعوة".to_string());
            if att.speaker.is_none() {
                if let Some((sp, lab)) = inviter {
                    att.speaker = Some(sp);
                    att.speaker_label = Some(lab);
                }
            }
        }
        let date = x.date.map(|(_, t)| dates::timex_date(t, false));
        if modality.rank() < Modality::Planned.rank() {
            if let Some(d) = &date {
                let future = x.date.is_some_and(|(_, t)| t.after_publication)
                    || d.value.as_deref() == Some("FUTURE_REF")
                    || normalize(&d.span.text).split_whitespace().any(|w| {
                        candidates(w, false).any(|c| {
                            self.classes
                                .get(&c)
                                .is_some_and(|v| v.iter().any(|x| x == "future"))
                        })
                    });
                if future {
                    modality = Modality::Planned;
                    cue = Some(d.span.text.clone());
                }
            }
        }
        // No date of its own: the date of the event it continues (same sentence with no
        // frame, a shared party, or the same speaker) — not for new speech acts.
        let date = date
            .or_else(|| x.prev_date.clone().filter(|_| during))
            .or_else(|| {
                // أكد X ...، محمّلاً Y المسؤولية: a speech act as a participle is made on the
                // occasion of the clause it hangs on, or of the sentence before.
                if speech && modality == Modality::Asserted && circumstantial_act(doc, h.t0) {
                    return x
                        .prev_date
                        .clone()
                        .or_else(|| {
                            mem.history
                                .iter()
                                .rev()
                                .take_while(|p| p.sentence + 1 >= si)
                                .find(|p| p.date.is_some() && p.modality == Modality::Asserted)
                                .and_then(|p| p.date.clone())
                        })
                        .map(inherited);
                }
                // وفي تصريح عقب المقابلة، أوضح X؛ اتهم X، خلال مرافعته، ...؛ وفي كلمة بالمناسبة:
                // a speech act made at an occasion already reported is made on its day.
                if speech && modality == Modality::Asserted {
                    if let Some(d) = self.occasion_date(doc, x.s0, x.s1, si, mem) {
                        return Some(d);
                    }
                }
                if speech {
                    // وأكدت الوزارة ...، وأضاف أن: a sentence that goes on with the statement
                    // of the sentence before keeps the date of that statement's occasion.
                    let s0 = x.s0;
                    let goes_on = doc.norm(s0).starts_with('و')
                        && (self.frame_at(doc, s0).is_some() || h.t0 == s0);
                    if !goes_on || modality != Modality::Asserted {
                        return None;
                    }
                    return mem
                        .history
                        .iter()
                        .rev()
                        .take_while(|p| p.sentence + 1 >= si)
                        .find(|p| {
                            p.sentence + 1 == si
                                && (p.speech || p.speaker.is_some())
                                && p.date.is_some()
                                && p.modality == Modality::Asserted
                        })
                        .and_then(|p| p.date.clone())
                        .map(inherited);
                }
                // خلال الزيارة، على هامش القمة: the event is placed inside one already reported
                // and takes its date, whatever its own modality.
                if let Some(d) = self.circ_reference_date(doc, h, c0, c1, x.s1, mem) {
                    return Some(d);
                }
                let keys: HashSet<String> = parts.iter().map(|p| key_of(&p.span.text)).collect();
                let spk = att.speaker.as_ref().map(|s| key_of(&s.text));
                // A denied or proposed event is not the occasion already reported.
                if matches!(modality, Modality::Denied | Modality::Proposed) {
                    return None;
                }
                let prev = previous_occasion(&mem.history, si);
                mem.history
                    .iter()
                    .rev()
                    .take_while(|p| p.sentence == si || prev.is_some_and(|q| p.sentence >= q))
                    .find(|p| {
                        let continues = (p.sentence == si && gov.is_empty())
                        || group
                        || !p.keys.is_disjoint(&keys)
                        || (spk.is_some() && p.speaker == spk)
                        // The next report of an asserted (or planned) occasion in the same
                        // mood continues it.
                        || (Some(p.sentence) == prev
                            && p.modality == modality
                            && matches!(modality, Modality::Asserted | Modality::Planned));
                        p.date.is_some() && continues
                    })
                    .and_then(|p| p.date.clone())
                    .map(inherited)
            });
        // نقل X رسالة إلى Y خلال لقاء جمعهما: the meeting that "brought the two together"
        // is between the sentence's first party and the last one before it.
        if parts.is_empty()
            && !e.verb
            && e.etype == "CONSULT"
            && h.t1 < x.s1
            && doc.norm(h.t1).starts_with("جمع")
        {
            let before: Vec<&Unit> = x
                .units
                .iter()
                .filter(|u| u.t1 <= h.t0 && u.label != "TITLE")
                .collect();
            if let (Some(first), Some(last)) = (before.first(), before.last()) {
                if first.t0 != last.t0 {
                    for u in [first, last] {
                        parts.push(u.as_party("actor"));
                    }
                }
            }
        }
        let mut parties = {
            let mut seen = HashSet::new();
            parts
                .iter()
                .filter(|p| seen.insert(key_of(&p.span.text)))
                .count()
        };
        for k in h.t1..(h.t1 + 2).min(c1) {
            let n = doc.norm(k);
            if n.starts_with("ثلاثي") {
                parties = parties.max(3);
            } else if n.starts_with("ثنائي") {
                parties = parties.max(2);
            }
        }
        let topics: Vec<String> = x
            .topics
            .iter()
            .filter(|(k, _)| *k >= h.t1 && *k < c1 + 1)
            .map(|(_, t)| t.clone())
            .collect();
        // دخلت قافلة ...، تابعة لبرنامج الأغذية العالمي: the convoy's owner sends the aid,
        // wherever in the sentence it is named.
        if e.etype == "AID" && parts.iter().all(|p| p.role != "actor") {
            let owner = x.units.iter().find(|u| {
                u.t0 > h.t0
                    && u.t0 >= 2
                    && u.label != "TITLE"
                    && (matches!(doc.norm(u.t0 - 1), "ل" | "لـ") || doc.norm(u.t0).starts_with('ل'))
                    && convoy_owner_at(doc, u.t0)
            });
            if let Some(u) = owner {
                parts.retain(|p| p.span.start != u.span.start);
                parts.insert(0, u.as_party("actor"));
            }
        }
        // اتهمت X الجيش بـ«استغلال القوافل ... إلى الدلنج»: who is accused or rejected is
        // named before what they are accused of; names inside that are not targets.
        if e.verb && matches!(e.etype.as_str(), "ACCUSE" | "REJECT") {
            let after = doc.toks[h.t1.min(doc.toks.len() - 1)].start;
            let first_target = parts
                .iter()
                .filter(|p| p.role == "target" && p.span.start >= after)
                .map(|p| p.span.end)
                .min();
            let from = first_target.map_or(h.t1, |end| doc.toks.partition_point(|t| t.end <= end));
            let cut = (from..x.s1).find(|&k| {
                let n = doc.norm(k);
                n == "«"
                    || n == "ب"
                    || (n.starts_with('ب')
                        && n.chars().count() >= 4
                        && !x.units.iter().any(|u| u.t0 <= k && k < u.t1))
            });
            if let Some(k) = cut {
                let at = doc.toks[k].start;
                parts.retain(|p| p.role != "target" || p.span.start < at);
            }
        }
        Some(EventMention {
            sentence: si,
            trigger: doc.span_of_tokens(h.t0, h.t1),
            event_type: e.etype.clone(),
            subtype: e.subtype.clone().or_else(|| {
                (e.etype == "CONSULT" && doc.norm(h.t1).starts_with("هاتفي")).then(|| "call".into())
            }),
            parties,
            participants: parts,
            place,
            date,
            modality,
            modality_cue: cue,
            topics,
            attribution: att,
        })
    }

    /// Those a bare request is put to: على/إلى + a party or a group word right after the
    /// verb (عرضت على الطرفين خطة، دعت إلى الجانبين).
    fn addressees(
        &self,
        doc: &Doc,
        at: usize,
        s1: usize,
        units: &[Unit],
        last_parties: &[Participant],
        speaker_start: usize,
    ) -> Vec<Participant> {
        let mut k = at + 1;
        // Skip the subject when it follows the verb.
        if let Some(u) = units
            .iter()
            .find(|u| u.t0 == k && u.prep.is_none() && u.span.start == speaker_start)
        {
            k = u.t1;
        }
        if k >= s1 {
            return Vec::new();
        }
        // طالبت الوزارة، في بيان، مجلس الأمن بـ...؛ دعا X Y وZ إلى: the parties named
        // right before what is asked of them are its addressees.
        let mut j = k;
        if doc.norm(j) == "،" {
            if let Some(c) = (j + 1..(j + 14).min(s1)).find(|&c| doc.norm(c) == "،") {
                j = c + 1;
            }
        }
        let mut asked: Vec<&Unit> = Vec::new();
        while j < s1 {
            let bare = |u: &&Unit| {
                u.t0 == j
                    && (u.prep.is_none() || (!asked.is_empty() && u.prep.as_deref() == Some("و")))
            };
            if let Some(u) = units.iter().find(bare) {
                asked.push(u);
                j = u.t1;
            } else if !asked.is_empty() && doc.norm(j) == "و" {
                j += 1;
            } else {
                break;
            }
        }
        let what = doc.norm(j.min(s1.saturating_sub(1)));
        if !asked.is_empty()
            && j < s1
            && (what == "الي" || (what.starts_with('ب') && what.chars().count() >= 4))
        {
            return asked.iter().map(|u| u.as_party("target")).collect();
        }
        let n = doc.norm(k);
        let prep_word = matches!(n, "علي" | "الي");
        let g = if prep_word { k + 1 } else { k };
        // دعا الطرفين إلى ...، حث البلدين على ...: a group word as the object is asked.
        let group_object = !prep_word
            && (doc.is(g, "group") || doc.multi_at(g, "group").is_some())
            && ((g + 1)..(g + 3).min(s1)).any(|j| matches!(doc.norm(j), "الي" | "علي"));
        if g < s1
            && (prep_word || group_object)
            && (doc.is(g, "group") || doc.multi_at(g, "group").is_some())
        {
            return last_parties
                .iter()
                .map(|p| Participant {
                    role: "target".into(),
                    ..p.clone()
                })
                .collect();
        }
        let mut out = Vec::new();
        if let Some(u) = units
            .iter()
            .find(|u| u.t0 == k && matches!(u.prep.as_deref(), Some("علي")))
        {
            out.push(u.as_party("target"));
        }
        out
    }

    /// The date of the event a circumstantial phrase of the region refers to (خلال الزيارة،
    /// على هامش القمة، عقب الاجتماع): the latest dated event of that type and subtype.
    fn circ_reference_date(
        &self,
        doc: &Doc,
        h: &Hit,
        c0: usize,
        c1: usize,
        s1: usize,
        mem: &Memory,
    ) -> Option<EventDate> {
        let k = (c0.max(1)..c1.min(s1)).find(|&k| {
            (k < h.t0 || k >= h.t1)
                && doc.is(k - 1, "circ")
                && self
                    .match_trigger(doc, k)
                    .is_some_and(|r| !r.entry.verb && r.entry.etype != "-")
        })?;
        let r = self.match_trigger(doc, k)?;
        mem.history
            .iter()
            .rev()
            .find(|p| {
                p.date.is_some()
                    && p.event_type == r.entry.etype
                    && r.entry
                        .subtype
                        .as_ref()
                        .is_none_or(|st| p.subtypes.contains(st))
            })
            .and_then(|p| p.date.clone())
            .map(inherited)
    }

    /// The day of the occasion a sentence places its speech at: a circumstantial word before
    /// an event noun or an occasion word (عقب المقابلة، خلال المراسم، خلال مرافعته), or
    /// بالمناسبة. The event noun's last dated mention of its type gives the day; an occasion
    /// word takes the last dated asserted act of this or the two sentences before.
    fn occasion_date(
        &self,
        doc: &Doc,
        s0: usize,
        s1: usize,
        si: usize,
        mem: &Memory,
    ) -> Option<EventDate> {
        const OCCASIONS: [&str; 9] = [
            "مقابله",
            "مراسم",
            "مرافعه",
            "جلسه",
            "حفل",
            "لقاء",
            "زياره",
            "مباحثات",
            "محادثات",
        ];
        let occasion_word = |k: usize| {
            let w = bare_form(doc.norm(k));
            OCCASIONS.iter().any(|o| w == *o || possessive_of(w, o))
        };
        let mut typed: Option<String> = None;
        (s0.max(1)..s1).find(|&k| {
            let w = bare_form(doc.norm(k));
            if w == "مناسبه" && doc.norm(k).starts_with("بال") {
                return true;
            }
            if !doc.is(k - 1, "circ") {
                return false;
            }
            if let Some(r) = self
                .match_trigger(doc, k)
                .filter(|r| !r.entry.verb && r.entry.etype != "-")
            {
                typed = Some(r.entry.etype.clone());
                return true;
            }
            occasion_word(k)
        })?;
        mem.history
            .iter()
            .rev()
            .take_while(|p| p.sentence + 2 >= si)
            .find(|p| {
                p.date.is_some()
                    && p.modality == Modality::Asserted
                    && typed.as_ref().map_or(!p.speech, |t| &p.event_type == t)
            })
            .and_then(|p| p.date.clone())
            .map(inherited)
    }

    /// An undated event placed inside an earlier dated one of the same sentence takes its
    /// date (زار نيودلهي أمس، والتقى خلال الزيارة X). `build_event` inherits across
    /// sentences; within one, the earlier events are only known once all are built.
    fn same_sentence_dates(
        &self,
        doc: &Doc,
        events: &mut [EventMention],
        tok_of: &dyn Fn(usize) -> usize,
    ) {
        for k in 1..events.len() {
            if events[k].date.is_some()
                || is_speech_type(&events[k].event_type)
                || matches!(events[k].modality, Modality::Denied | Modality::Proposed)
            {
                continue;
            }
            let t0 = tok_of(events[k].trigger.start);
            let Some(p) = (0..k).rev().find(|&p| events[p].date.is_some()) else {
                continue;
            };
            let (a, b) = (tok_of(events[p].trigger.end), t0);
            if b <= a {
                continue;
            }
            // خلال الزيارة after it: a circumstantial reference to an event of p's type.
            let inside = (t0..(t0 + 6).min(doc.toks.len())).any(|j| {
                j > 0
                    && doc.is(j - 1, "circ")
                    && self
                        .match_trigger(doc, j)
                        .is_some_and(|r| r.entry.etype == events[p].event_type)
            });
            if inside {
                let mut d = events[p].date.clone();
                if let Some(d) = d.as_mut() {
                    d.inherited = true;
                }
                events[k].date = d;
            }
        }
    }

    /// The verb that predicates a nominal trigger's occurrence further on in its clause
    /// (لقاء بين [الأسد] و[أردوغان] قد يعقد في موسكو، الزيارة لن تتم): its token. Names
    /// count as one word; at most eight words away, not past another trigger, a frame
    /// or the end of the clause.
    fn nominal_predicate(&self, doc: &Doc, h: &Hit, s1: usize, units: &[Unit]) -> Option<usize> {
        if h.entry.verb {
            return None;
        }
        let mut k = h.t1;
        let mut words = 0;
        while k < s1 && words < 8 {
            if let Some(u) = units.iter().find(|u| k >= u.t0 && k < u.t1) {
                k = u.t1;
                words += 1;
                continue;
            }
            if self.is_clause_end(doc, k)
                || self.is_boundary(doc, k)
                || self.frame_at(doc, k).is_some()
                || self.match_trigger(doc, k).is_some()
            {
                return None;
            }
            if doc.is(k, "occur") && !doc.toks[k].norm.starts_with("ال") {
                return Some(k);
            }
            if !doc.toks[k].punct {
                words += 1;
            }
            k += 1;
        }
        None
    }

    /// Modality from cue words around the trigger and the future prefix.
    fn modality(
        &self,
        doc: &Doc,
        h: &Hit,
        (c0, c1, s1): (usize, usize, usize),
        pred: Option<usize>,
    ) -> (Modality, Option<String>) {
        let mut best = (Modality::Asserted, None::<String>);
        let mut consumed: HashSet<usize> = HashSet::new();
        let take = |m: Modality, cue: String, best: &mut (Modality, Option<String>)| {
            if m.rank() > best.0.rank() {
                *best = (m, Some(cue));
            }
        };
        let lo = c0.min(h.t0);
        // Post cues: four words after a verb; after a noun, up to the end of its clause
        // (أن اجتماع [اللجنة العليا المشتركة] في [جنيف] «غير مجدول»: its predicate comes
        // after its complements).
        let post_end = if h.entry.verb {
            (h.t1 + 4).min(s1)
        } else {
            let reach = (h.t1 + 12).min(s1);
            (h.t1..reach)
                .find(|&k| {
                    self.is_clause_end(doc, k)
                        || self.is_boundary(doc, k)
                        || self.match_trigger(doc, k).is_some()
                })
                .unwrap_or(reach)
                .max((h.t1 + 4).min(s1))
        };
        for cue in &self.cues {
            let n = cue.words.len();
            let (from, to) = match cue.place {
                CueWhere::Pre => (h.t0.saturating_sub(3).max(lo), h.t0),
                CueWhere::Before => (lo, h.t0),
                CueWhere::Post => (h.t1, post_end),
            };
            let mut k = from;
            while k < to {
                if consumed.contains(&k) || k + n > doc.toks.len() {
                    k += 1;
                    continue;
                }
                let hit = cue.words.iter().enumerate().all(|(o, w)| {
                    let t = doc.norm(k + o);
                    t == w
                        || t.strip_prefix('و').is_some_and(|r| r == w)
                        || t.strip_prefix('ف').is_some_and(|r| r == w)
                });
                if hit {
                    for o in 0..n {
                        consumed.insert(k + o);
                    }
                    let ok = match cue.words[0].as_str() {
                        // قد + past is asserted; قد + present is possible.
                        "قد" if n == 1 => {
                            let next = doc.norm(k + 1);
                            (next.starts_with('ي')
                                || next.starts_with('ت')
                                || next.starts_with('ن'))
                                && !pluperfect(doc, k)
                        }
                        // لم ... سوى is an exception, not a denial.
                        "لم" | "لا" if n == 1 => {
                            !(k..(k + 6).min(c1.max(k))).any(|m| doc.norm(m) == "سوي")
                        }
                        _ => true,
                    };
                    if ok {
                        take(cue.class, cue.words.join(" "), &mut best);
                    }
                    k += n;
                    continue;
                }
                k += 1;
            }
        }
        // The verb that predicates a nominal trigger further on: its own cues (قد تعقد،
        // لن تتم، ستعقد).
        if let Some(v) = pred {
            let w = doc.norm(v);
            let w = w.strip_prefix('و').unwrap_or(w);
            for k in v.saturating_sub(2).max(h.t1)..v {
                match doc.norm(k) {
                    "قد" if (w.starts_with('ي') || w.starts_with('ت')) && !pluperfect(doc, k) => {
                        take(Modality::Possible, "قد".into(), &mut best)
                    }
                    "لن" | "لم" => take(
                        Modality::Denied,
                        doc.span_of_tokens(k, k + 1).text,
                        &mut best,
                    ),
                    _ => {}
                }
            }
            if w.starts_with("سي") || w.starts_with("ست") {
                take(
                    Modality::Planned,
                    doc.span_of_tokens(v, v + 1).text,
                    &mut best,
                );
            }
        }
        // لم يصدر حتى مساء أمس أي تعليق، دون أن يصدر أي تعليق: a negated light verb the
        // noun needs denies it, however far back.
        if !h.entry.pre.is_empty() {
            let light = (h.t0.saturating_sub(8).max(lo)..h.t0).rev().find(|&k| {
                let w = doc.norm(k);
                let w = w.strip_prefix('و').unwrap_or(w);
                h.entry.pre.iter().any(|st| w.starts_with(st.as_str()))
            });
            if let Some(k) = light.filter(|&k| k > lo) {
                let before = doc.norm(k - 1);
                let before = before.strip_prefix('و').unwrap_or(before);
                let dun = before == "ان" && k >= lo + 2 && doc.norm(k - 2) == "دون";
                if matches!(before, "لم" | "لن") || dun {
                    take(
                        Modality::Denied,
                        doc.span_of_tokens(k - 1, k).text,
                        &mut best,
                    );
                }
            }
        }
        // A nominal trigger's own verb may follow it: قمة ... قد تعقد، الاجتماع سيعقد.
        if !h.entry.verb {
            for k in h.t1..(h.t1 + 8).min(s1) {
                let w = doc.norm(k);
                if w == "قد" {
                    let next = doc.norm(k + 1);
                    if (next.starts_with('ي') || next.starts_with('ت')) && !pluperfect(doc, k) {
                        take(Modality::Possible, "قد".into(), &mut best);
                    }
                    break;
                }
                if self.frame_at(doc, k).is_some() {
                    break;
                }
            }
        }
        // The future prefix on the trigger or on the verb just before a nominal trigger.
        for k in h.t0.saturating_sub(4).max(lo)..=h.t0 {
            let w = doc.norm(k);
            let w = w.strip_prefix('و').unwrap_or(w);
            if let Some(r) = w.strip_prefix('س') {
                let first = r.chars().next();
                if matches!(first, Some('ي' | 'ت' | 'ن'))
                    && r.chars().count() >= 3
                    && !consumed.contains(&k)
                {
                    take(
                        Modality::Planned,
                        doc.span_of_tokens(k, k + 1).text,
                        &mut best,
                    );
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests;
