//! One entity, many spellings: resolving mentions to real-world entities
//! within and across documents.
//!
//! Input: per document, its text, date and the mentions NER found (char
//! spans with a type). Output: entities, each with a stable id, a name (the
//! most frequent full form), aliases, a gazetteer link for places and every
//! mention with its role (a name, a title standing for a person, a
//! "counterpart" reference, a country adjective).
//!
//! How, in two passes:
//! 1. **Within a document.** Titles attach to the name they stand next to
//!    (`وزير الخارجية الأردني أيمن الصفدي`) and give that person a role
//!    (office, country). A surname alone joins the full name met in the
//!    article; a title alone joins the one person in the article holding
//!    that office; `نظيره الروسي` takes the office of the other participant
//!    and the country of its adjective. Country adjectives (التركي،
//!    الروسية) become mentions of their country. Places are looked up in
//!    the gazetteer, organisations keyed without article, quotes, `وكالة`
//!    or country adjective (kept as the organisation's country).
//! 2. **Across documents.** Places merge on gazetteer id, organisations on
//!    alias or key (a country-less key joins the one country variant the
//!    article's countries allow), people inside blocks of similar surnames
//!    ([`similarity::block_key`]) when full names match under
//!    [`name_similarity`] and their roles do not conflict (two foreign
//!    ministers of different countries never merge). Titles and
//!    counterparts still unresolved go to the person the corpus shows in
//!    that role nearest to the article's date, within
//!    [`ROLE_WINDOW_DAYS`].
//!
//! Cost: linear in mentions plus the pairs inside each surname block.

pub mod anetac;
pub mod gazetteer;
pub mod similarity;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

pub use gazetteer::{Gazetteer, Place};
pub use similarity::{name_similarity, SimParams, DEFAULT_PARAMS};

use gazetteer::{key, key_words};
use similarity::{block_key, core_name, name_words};

/// A role-to-person link from the corpus is only used when the person is
/// attested in that role within this many days of the article's date.
pub const ROLE_WINDOW_DAYS: i64 = 365;

/// One document to resolve.
#[derive(Debug, Clone, Copy)]
pub struct DocInput<'a> {
    pub doc_id: &'a str,
    pub text: &'a str,
    /// `YYYY-MM-DD` (the store's `published_value`); bounds role links.
    pub date: Option<&'a str>,
    pub mentions: &'a [MentionIn],
}

/// A mention found by NER (or given by gold): char offsets `[start, end)`
/// into the document text, its type (`PER ORG LOC GPE MISC TITLE`) and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionIn {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionRole {
    /// The entity's name, full or short.
    Name,
    /// A title or role standing for a person (`وزير الخارجية الأردني`).
    Title,
    /// `نظيره` — the counterpart of another participant.
    Counterpart,
    /// A country adjective (`التركي`) standing for its country.
    Adjective,
}

/// Gazetteer ids of a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GazRef {
    pub geonames_id: Option<u64>,
    /// ISO 3166-1 alpha-2 of a country.
    pub iso: Option<String>,
    /// ISO alpha-2 of the country the place (or organisation) belongs to.
    pub country: Option<String>,
}

/// One mention of an entity in the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityMention {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub role: MentionRole,
    pub text: String,
}

/// One real-world entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// Stable: type + canonical key (`per:ايمن_صفدي`, `gpe:iso:JO`,
    /// `gpe:gn:170654`, `org:reuters`, `org:وزاره_خارجيه@JO`).
    pub id: String,
    /// `PER ORG LOC GPE MISC`.
    pub kind: String,
    /// The most frequent full form.
    pub name: String,
    pub aliases: Vec<String>,
    pub gazetteer: Option<GazRef>,
    /// Roles seen for a person: (office words, country ISO or "").
    pub roles: Vec<(String, String)>,
    pub mentions: Vec<EntityMention>,
}

/// The result of [`Resolver::resolve`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resolution {
    pub entities: Vec<Entity>,
}

impl Resolution {
    /// Map `(doc, start, end)` → index of its entity (for scoring and export).
    pub fn mention_index(&self) -> HashMap<(String, usize, usize), usize> {
        let mut m = HashMap::new();
        for (i, e) in self.entities.iter().enumerate() {
            for x in &e.mentions {
                m.insert((x.doc.clone(), x.start, x.end), i);
            }
        }
        m
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Per,
    Org,
    Loc,
    Gpe,
    Misc,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Per => "PER",
            Kind::Org => "ORG",
            Kind::Loc => "LOC",
            Kind::Gpe => "GPE",
            Kind::Misc => "MISC",
        }
    }
}

/// A role: canonical office words and the country it is held for.
type Role = (Vec<String>, Option<String>);

/// A mention inside the resolver.
#[derive(Debug, Clone)]
struct Men {
    doc: usize,
    start: usize,
    end: usize,
    label: String,
    role: MentionRole,
    text: String,
}

/// What links a within-document cluster to others.
#[derive(Debug, Clone)]
enum LocalKey {
    /// A person: name word lists (article stripped, particles joined).
    Person,
    Place(Place),
    /// A place not in the gazetteer.
    PlaceName(String),
    OrgAlias(String),
    Org(String, Option<String>),
    Misc(String),
    /// A title or counterpart not resolved in the article: find the holder
    /// of the role in the corpus at the article's date.
    PendingRole(Role),
    /// Left alone (a title with no office or country, unresolvable).
    Unresolved,
}

/// A within-document cluster of mentions.
#[derive(Debug, Clone)]
struct Local {
    doc: usize,
    kind: Kind,
    key: LocalKey,
    names: Vec<Vec<String>>,
    roles: Vec<Role>,
    mentions: Vec<usize>,
}

impl Local {
    fn new(doc: usize, kind: Kind, key: LocalKey) -> Self {
        Local {
            doc,
            kind,
            key,
            names: Vec::new(),
            roles: Vec::new(),
            mentions: Vec::new(),
        }
    }
    /// The longest name (most words) of a person cluster.
    fn full_name(&self) -> Option<&Vec<String>> {
        self.names.iter().max_by_key(|n| n.len())
    }
    fn role_countries(&self) -> HashSet<&str> {
        self.roles
            .iter()
            .filter_map(|(_, c)| c.as_deref())
            .collect()
    }
}

/// A parsed title or counterpart expression.
#[derive(Debug, Clone, Default)]
struct TitleInfo {
    office: Vec<String>,
    country: Option<String>,
    counterpart: bool,
}

/// Union-find over local clusters.
struct Dsu(Vec<usize>);

impl Dsu {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // Keep the smaller index as root: deterministic output.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

/// Resolves mentions to entities. Build once (loads the tables), reuse.
#[derive(Debug)]
pub struct Resolver {
    gaz: Gazetteer,
    params: SimParams,
}

impl Default for Resolver {
    fn default() -> Self {
        Self::new()
    }
}

fn day_number(date: Option<&str>) -> Option<i64> {
    let d = date?;
    isnad_time::Date::parse_iso(d.get(..10)?).map(|d| d.to_days())
}

fn label_kind(label: &str) -> Option<Kind> {
    match label.to_ascii_uppercase().as_str() {
        "PER" | "PERS" | "PERSON" => Some(Kind::Per),
        "ORG" | "ORGANIZATION" => Some(Kind::Org),
        "LOC" | "LOCATION" => Some(Kind::Loc),
        "GPE" => Some(Kind::Gpe),
        "MISC" => Some(Kind::Misc),
        _ => None,
    }
}

/// Only whitespace (and at most `max` chars) between two mentions.
fn adjacent(text_chars: &[char], end: usize, start: usize, max: usize) -> bool {
    start >= end
        && start - end <= max
        && text_chars[end.min(text_chars.len())..start.min(text_chars.len())]
            .iter()
            .all(|c| c.is_whitespace())
}

impl Resolver {
    pub fn new() -> Self {
        Resolver {
            gaz: Gazetteer::load(),
            params: DEFAULT_PARAMS,
        }
    }

    /// The loaded tables.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    fn same_word(&self, a: &str, b: &str) -> bool {
        a == b
            || similarity::skeleton_similarity(
                &similarity::skeleton(a),
                &similarity::skeleton(b),
                &self.params,
            ) >= self.params.threshold
    }

    /// Two person names (word lists) name the same person: surnames match,
    /// and for two full names the whole names and first names match too.
    fn same_person_name(&self, a: &[String], b: &[String]) -> bool {
        let (Some(la), Some(lb)) = (a.last(), b.last()) else {
            return false;
        };
        // "بن فرحان" short for "فيصل بن فرحان".
        for (s, l) in [(a, b), (b, a)] {
            if s.len() >= 2 && s[0] == "بن" && l.len() > s.len() {
                return l.windows(s.len()).any(|w| {
                    w[0] == "بن"
                        && w[1..]
                            .iter()
                            .zip(&s[1..])
                            .all(|(x, y)| self.same_word(x, y))
                });
            }
        }
        if a.len() >= 2 && b.len() >= 2 {
            // A compound surname alone (تشاووش أوغلو after مولود تشاووش أوغلو).
            let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
            if short.len() < long.len()
                && short
                    .iter()
                    .zip(&long[long.len() - short.len()..])
                    .all(|(x, y)| self.same_word(x, y))
            {
                return true;
            }
            if !self.same_word(&a[0], &b[0]) || !self.same_word(la, lb) {
                return false;
            }
            let sa = similarity::skeleton(&a.concat());
            let sb = similarity::skeleton(&b.concat());
            return similarity::skeleton_similarity(&sa, &sb, &self.params)
                >= self.params.threshold
                // One name is the other with a middle name (فلاديمير فلاديميروفيتش بوتين).
                || a.len() != b.len();
        }
        self.same_word(la, lb)
    }

    fn parse_title(&self, text: &str) -> TitleInfo {
        let raw: Vec<String> = isnad_arabic::normalize(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let mut info = TitleInfo::default();
        let mut words: Vec<String> = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if i == 0 && self.gaz.is_counterpart(&raw[0]) {
                info.counterpart = true;
                i += 1;
                continue;
            }
            if i + 1 < raw.len() {
                if let Some(c) = self.gaz.adjective_country(&[&raw[i], &raw[i + 1]]) {
                    info.country.get_or_insert_with(|| c.to_string());
                    i += 2;
                    continue;
                }
            }
            if let Some(c) = self.gaz.adjective_country(&[&raw[i]]) {
                info.country.get_or_insert_with(|| c.to_string());
                i += 1;
                continue;
            }
            // A country name inside the title: وزير خارجية الأردن.
            let mut found = false;
            for n in (1..=4.min(raw.len() - i)).rev() {
                let kw: Vec<String> = raw[i..i + n]
                    .iter()
                    .map(|w| similarity::strip_article(w).to_string())
                    .collect();
                if let Some(c) = self.gaz.country_of_words(&kw) {
                    info.country.get_or_insert_with(|| c.to_string());
                    i += n;
                    found = true;
                    break;
                }
            }
            if !found {
                words.push(similarity::strip_article(&raw[i]).to_string());
                i += 1;
            }
        }
        info.office = self.gaz.canonical_office(&words);
        info
    }

    /// Country adjectives and counterpart words in the text that no given
    /// mention covers as a name: new mentions (label `ADJ:XX` / `CP`).
    fn scan_text(&self, doc: usize, text: &str, given: &[Men]) -> Vec<Men> {
        let chars: Vec<char> = text.chars().collect();
        let spans = isnad_arabic::word_spans(text);
        let covered = |s: usize, e: usize, labels: &[&str]| {
            given
                .iter()
                .any(|m| m.start <= s && e <= m.end && labels.contains(&m.label.as_str()))
        };
        let mut surnames: HashSet<String> = given
            .iter()
            .filter(|m| m.label == "PER")
            .filter_map(|m| {
                let w = name_words(&m.text);
                (w.len() >= 2).then(|| w.last().cloned()).flatten()
            })
            .collect();
        // A nisba right after a name is its surname even when the NER cut it
        // off (محمد شياع | السوداني).
        for m in given.iter().filter(|m| m.label == "PER") {
            if let Some(&(s, e)) = spans.iter().find(|&&(s, _)| s >= m.end) {
                if adjacent(&chars, m.end, s, 1) {
                    let w = isnad_arabic::normalize(&chars[s..e].iter().collect::<String>());
                    if w.starts_with("ال") {
                        surnames.insert(similarity::strip_article(&w).to_string());
                    }
                }
            }
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < spans.len() {
            let (s, e) = spans[i];
            let w: String = chars[s..e].iter().collect();
            let n = isnad_arabic::normalize(&w);
            // Single-letter clitics before the word (و، ف، ب، ل، ك).
            let mut skip = 0;
            let mut stem: &str = &n;
            while let Some(c) = stem.chars().next() {
                if skip < 2
                    && matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك')
                    && !self.gaz.is_counterpart(stem)
                    && !stem.starts_with("ال")
                    && !stem.starts_with("لل")
                {
                    stem = &stem[c.len_utf8()..];
                    skip += 1;
                } else {
                    break;
                }
            }
            // Map the skipped letters back to chars of the original word.
            let mut s2 = s;
            let mut k = 0;
            while k < skip && s2 < e {
                if !isnad_arabic::is_diacritic(chars[s2]) && chars[s2] != isnad_arabic::TATWEEL {
                    k += 1;
                }
                s2 += 1;
            }
            if self.gaz.is_counterpart(stem) {
                if !covered(s2, e, &["PER", "TITLE", "CP"]) {
                    out.push(Men {
                        doc,
                        start: s2,
                        end: e,
                        label: "CP".into(),
                        role: MentionRole::Counterpart,
                        text: chars[s2..e].iter().collect(),
                    });
                }
                i += 1;
                continue;
            }
            // Two-word adjectives first (الكورية الجنوبية).
            let mut matched = None;
            if let Some(&(s3, e3)) = spans.get(i + 1) {
                let w2 = isnad_arabic::normalize(&chars[s3..e3].iter().collect::<String>());
                if let Some(c) = self.gaz.adjective_country(&[stem, &w2]) {
                    matched = Some((c.to_string(), e3, 2));
                }
            }
            if matched.is_none() {
                if let Some(c) = self.gaz.adjective_country(&[stem]) {
                    matched = Some((c.to_string(), e, 1));
                }
            }
            if let Some((iso, end, nw)) = matched {
                // A nisba that is the surname of a person named in the
                // article (السوداني for محمد شياع السوداني) is that person.
                let surname = nw == 1 && surnames.contains(similarity::strip_article(stem));
                if !surname && !covered(s2, end, &["PER", "GPE", "LOC"]) {
                    out.push(Men {
                        doc,
                        start: s2,
                        end,
                        label: format!("ADJ:{iso}"),
                        role: MentionRole::Adjective,
                        text: chars[s2..end].iter().collect(),
                    });
                }
                i += nw;
                continue;
            }
            i += 1;
        }
        out
    }

    /// Pick a gazetteer entry for a place mention.
    fn pick_place(&self, surface: &str, doc_countries: &HashSet<String>) -> Option<Place> {
        let mut cands = self.gaz.places(&key(surface)).to_vec();
        if cands.is_empty() {
            // A single-letter clitic the NER left on: وسوريا، بلبنان.
            let n = isnad_arabic::normalize(surface);
            if let Some(c) = n.chars().next() {
                if matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك') {
                    cands = self.gaz.places(&key(&n[c.len_utf8()..])).to_vec();
                }
            }
        }
        if cands.is_empty() {
            return None;
        }
        let country = cands
            .iter()
            .find(|p| matches!(p, Place::Country { .. }))
            .cloned();
        let mut cities: Vec<&Place> = cands
            .iter()
            .filter(|p| matches!(p, Place::City { .. }))
            .collect();
        // Cities in a country the article mentions first, then by population.
        cities.sort_by_key(|p| match p {
            Place::City {
                country,
                population,
                ..
            } => (
                !doc_countries.contains(country),
                std::cmp::Reverse(*population),
            ),
            _ => (true, std::cmp::Reverse(0)),
        });
        let city = cities.first().map(|p| (*p).clone());
        match (country, city) {
            (Some(c), Some(city)) => {
                let Place::Country { iso } = &c else {
                    return Some(c);
                };
                let Place::City { country: cc, .. } = &city else {
                    return Some(c);
                };
                // عمّان (the city, with shadda) vs عمان (Oman).
                let shadda = surface.contains('\u{0651}');
                if shadda || (doc_countries.contains(cc) && !doc_countries.contains(iso)) {
                    Some(city)
                } else {
                    Some(c)
                }
            }
            (c, city) => c.or(city),
        }
    }

    /// Organisation key and country: alias id, or words without article,
    /// quotes, a leading وكالة/وزارة and a country adjective or name.
    fn org_key(&self, surface: &str) -> LocalKey {
        if let Some(a) = self.gaz.org_alias(surface) {
            return LocalKey::OrgAlias(a.to_string());
        }
        let raw: Vec<String> = isnad_arabic::normalize(surface)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let mut country = None;
        let mut words: Vec<String> = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if i > 0 {
                if let Some(c) = self.gaz.adjective_country(&[&raw[i]]) {
                    country.get_or_insert_with(|| c.to_string());
                    i += 1;
                    continue;
                }
            }
            words.push(similarity::strip_article(&raw[i]).to_string());
            i += 1;
        }
        // A trailing country name: وزارة خارجية الأردن.
        for n in (1..=3.min(words.len().saturating_sub(1))).rev() {
            if let Some(c) = self.gaz.country_of_words(&words[words.len() - n..]) {
                country.get_or_insert_with(|| c.to_string());
                words.truncate(words.len() - n);
                break;
            }
        }
        if words.len() > 1 && matches!(words[0].as_str(), "وكاله" | "وزاره") && words[1] != "انباء"
        {
            words.remove(0);
        }
        let k = words.join(" ");
        if let Some(a) = self.gaz.org_alias(&k) {
            return LocalKey::OrgAlias(a.to_string());
        }
        LocalKey::Org(k, country)
    }

    /// Resolve all documents: within each, then across them.
    pub fn resolve(&self, docs: &[DocInput]) -> Resolution {
        let mut men: Vec<Men> = Vec::new();
        let mut locals: Vec<Local> = Vec::new();
        let mut doc_countries: Vec<HashSet<String>> = Vec::with_capacity(docs.len());
        for (d, doc) in docs.iter().enumerate() {
            let (m, l, c) = self.resolve_doc(d, doc, men.len());
            men.extend(m);
            locals.extend(l);
            doc_countries.push(c);
        }
        let days: Vec<Option<i64>> = docs.iter().map(|d| day_number(d.date)).collect();
        let mut dsu = Dsu((0..locals.len()).collect());
        self.link_across(&locals, &doc_countries, &days, &mut dsu);
        self.build(docs, &men, &locals, &mut dsu)
    }

    // Mentions and clusters are addressed by index in several parallel
    // arrays (local_of, titles, attached), so index loops are clearer here.
    #[allow(clippy::needless_range_loop)]
    /// Within one document. Returns its mentions, its local clusters (with
    /// mention indices offset by `m0`) and the countries it mentions.
    fn resolve_doc(
        &self,
        d: usize,
        doc: &DocInput,
        m0: usize,
    ) -> (Vec<Men>, Vec<Local>, HashSet<String>) {
        let chars: Vec<char> = doc.text.chars().collect();
        let n = chars.len();
        let mut men: Vec<Men> = doc
            .mentions
            .iter()
            .filter(|m| m.start < m.end && m.end <= n)
            .map(|m| Men {
                doc: d,
                start: m.start,
                end: m.end,
                label: m.label.to_ascii_uppercase(),
                role: MentionRole::Name,
                text: m.text.clone(),
            })
            .collect();
        let extra = self.scan_text(d, doc.text, &men);
        men.extend(extra);
        men.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        men.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.label == b.label);

        // Countries the article mentions (for place and organisation choice).
        let mut countries: HashSet<String> = HashSet::new();
        for m in &men {
            if let Some(iso) = m.label.strip_prefix("ADJ:") {
                countries.insert(iso.to_string());
            } else if m.label == "GPE" || m.label == "LOC" {
                if let Some(iso) = self.gaz.country_of_words(&key_words(&m.text)) {
                    countries.insert(iso.to_string());
                }
            }
        }

        let mut locals: Vec<Local> = Vec::new();
        let mut local_of: Vec<Option<usize>> = vec![None; men.len()];
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let add =
            |locals: &mut Vec<Local>, local_of: &mut Vec<Option<usize>>, l: usize, i: usize| {
                locals[l].mentions.push(m0 + i);
                local_of[i] = Some(l);
            };

        // Places, adjectives, organisations, misc.
        for i in 0..men.len() {
            let m = &men[i];
            let (kind, lkey, k) = if let Some(iso) = m.label.strip_prefix("ADJ:") {
                let p = Place::Country { iso: iso.into() };
                (Kind::Gpe, LocalKey::Place(p), format!("place:iso:{iso}"))
            } else {
                match label_kind(&m.label) {
                    Some(kind @ (Kind::Gpe | Kind::Loc)) => {
                        match self.pick_place(&m.text, &countries) {
                            Some(p) => {
                                let k = match &p {
                                    Place::Country { iso } => format!("place:iso:{iso}"),
                                    Place::City { geonameid, .. } => {
                                        format!("place:gn:{geonameid}")
                                    }
                                };
                                let kind = match p {
                                    Place::Country { .. } | Place::City { .. } => Kind::Gpe,
                                };
                                (kind, LocalKey::Place(p), k)
                            }
                            None => {
                                let k = key(&m.text);
                                (kind, LocalKey::PlaceName(k.clone()), format!("place:{k}"))
                            }
                        }
                    }
                    Some(Kind::Org) => {
                        let lk = self.org_key(&m.text);
                        let k = format!("org:{lk:?}");
                        (Kind::Org, lk, k)
                    }
                    Some(Kind::Misc) => {
                        let k = key(&m.text);
                        (Kind::Misc, LocalKey::Misc(k.clone()), format!("misc:{k}"))
                    }
                    _ => continue,
                }
            };
            let l = *by_key.entry(k).or_insert_with(|| {
                locals.push(Local::new(d, kind, lkey));
                locals.len() - 1
            });
            if m.role == MentionRole::Name {
                locals[l].names.push(key_words(&m.text));
            }
            add(&mut locals, &mut local_of, l, i);
        }
        // A country-less organisation joins the one same-key variant with a
        // country in this article.
        for l in 0..locals.len() {
            let LocalKey::Org(k, None) = &locals[l].key else {
                continue;
            };
            let with_country: Vec<usize> = (0..locals.len())
                .filter(|&o| matches!(&locals[o].key, LocalKey::Org(k2, Some(_)) if k2 == k))
                .collect();
            if with_country.len() == 1 {
                let o = with_country[0];
                let ms = std::mem::take(&mut locals[l].mentions);
                let names = std::mem::take(&mut locals[l].names);
                for &gm in &ms {
                    local_of[gm - m0] = Some(o);
                }
                locals[o].mentions.extend(ms);
                locals[o].names.extend(names);
            }
        }

        // Titles: parse, then attach to an adjacent name.
        for m in men.iter_mut() {
            if m.label == "TITLE" || m.label == "CP" {
                m.role = if m.label == "CP" || self.parse_title(&m.text).counterpart {
                    MentionRole::Counterpart
                } else {
                    MentionRole::Title
                };
            }
        }
        let men = men;
        // End of mention i extended over country adjectives right after it
        // (a title or نظيره whose adjective the NER left outside the span).
        let eff_end = |i: usize| -> (usize, Option<String>) {
            let mut end = men[i].end;
            let mut country = None;
            loop {
                let next = men.iter().find(|m| {
                    m.label.starts_with("ADJ:")
                        && m.start >= end
                        && adjacent(&chars, end, m.start, 2)
                });
                match next {
                    Some(m) => {
                        end = m.end;
                        country.get_or_insert_with(|| m.label[4..].to_string());
                    }
                    None => return (end, country),
                }
            }
        };
        let titles: HashMap<usize, TitleInfo> = men
            .iter()
            .enumerate()
            .filter(|(_, m)| m.label == "TITLE" || m.label == "CP")
            .map(|(i, m)| {
                let mut t = self.parse_title(&m.text);
                if t.country.is_none() {
                    t.country = eff_end(i).1;
                }
                (i, t)
            })
            .collect();
        let person_like = |m: &Men| m.label == "PER" || m.label == "TITLE" || m.label == "CP";
        // Next person-like mention after i that is not inside it.
        let next_after = |i: usize| -> Option<usize> {
            (i + 1..men.len()).find(|&j| men[j].start >= men[i].end && person_like(&men[j]))
        };
        // title index → PER index it stands for.
        let mut attached: HashMap<usize, usize> = HashMap::new();
        for i in 0..men.len() {
            if men[i].role != MentionRole::Title {
                continue;
            }
            let mut chain = vec![i];
            let mut cur = i;
            while let Some(j) = next_after(cur) {
                if !adjacent(&chars, eff_end(cur).0, men[j].start, 3) {
                    break;
                }
                if men[j].label == "PER" {
                    for &t in &chain {
                        attached.entry(t).or_insert(j);
                    }
                    break;
                }
                if men[j].role != MentionRole::Title {
                    break;
                }
                chain.push(j);
                cur = j;
            }
        }
        // "PER، TITLE" (apposition after the name) when the title is not
        // itself followed by a name.
        for i in 0..men.len() {
            if men[i].label != "PER" {
                continue;
            }
            if let Some(j) = next_after(i) {
                let gap: String = chars[men[i].end..men[j].start.max(men[i].end)]
                    .iter()
                    .collect();
                if men[j].role == MentionRole::Title
                    && !attached.contains_key(&j)
                    && matches!(gap.trim(), "،" | ",")
                {
                    let follows_name = next_after(j).is_some_and(|k| {
                        men[k].label == "PER" && adjacent(&chars, men[j].end, men[k].start, 3)
                    });
                    if !follows_name {
                        attached.insert(j, i);
                    }
                }
            }
        }

        // People: cluster names in reading order.
        let first_person_local = locals.len();
        for i in 0..men.len() {
            if men[i].label != "PER" {
                continue;
            }
            let words = core_name(&name_words(&men[i].text));
            if words.is_empty() {
                continue;
            }
            let mut best: Option<(usize, usize)> = None; // (local, last mention pos)
            let mut n_cands = 0;
            for l in first_person_local..locals.len() {
                if locals[l].kind != Kind::Per || !matches!(locals[l].key, LocalKey::Person) {
                    continue;
                }
                let ok = locals[l].names.iter().any(|n| {
                    if words.len() == 1 && n.len() >= 2 {
                        // A surname alone after the full name.
                        self.same_word(&words[0], n.last().unwrap())
                    } else if words.len() >= 2 && n.len() == 1 {
                        self.same_word(n[0].as_str(), words.last().unwrap())
                    } else {
                        self.same_person_name(&words, n)
                    }
                });
                if ok {
                    n_cands += 1;
                    let last = locals[l].mentions.last().copied().unwrap_or(0);
                    if best.is_none_or(|(_, p)| last > p) {
                        best = Some((l, last));
                    }
                }
            }
            // A lone given name (بهاء after بهاء الحريري) when no surname fits.
            if best.is_none() && words.len() == 1 {
                let firsts: Vec<usize> = (first_person_local..locals.len())
                    .filter(|&l| matches!(locals[l].key, LocalKey::Person))
                    .filter(|&l| {
                        locals[l]
                            .names
                            .iter()
                            .any(|n| n.len() >= 2 && self.same_word(&n[0], &words[0]))
                    })
                    .collect();
                if firsts.len() == 1 {
                    best = Some((firsts[0], 0));
                    n_cands = 1;
                }
            }
            // A lone word matching two people of the article stays apart.
            let l = match best {
                Some((l, _)) if words.len() >= 2 || n_cands == 1 => l,
                _ => {
                    locals.push(Local::new(d, Kind::Per, LocalKey::Person));
                    locals.len() - 1
                }
            };
            locals[l].names.push(words);
            add(&mut locals, &mut local_of, l, i);
        }
        // Attached titles join their person and give a role.
        let mut tmp: Vec<(usize, usize)> = attached.iter().map(|(&t, &p)| (t, p)).collect();
        tmp.sort();
        for (t, p) in tmp {
            let Some(l) = local_of[p] else { continue };
            let info = &titles[&t];
            if !info.office.is_empty() {
                let r = (info.office.clone(), info.country.clone());
                if !locals[l].roles.contains(&r) {
                    locals[l].roles.push(r);
                }
            }
            add(&mut locals, &mut local_of, l, t);
        }
        // Counterparts: office of the other participant, country of the
        // adjective; a name right after is the counterpart's name.
        let mut order: Vec<usize> = titles.keys().copied().collect();
        order.sort();
        let mut pending: HashMap<String, usize> = HashMap::new();
        for &t in &order {
            if local_of[t].is_some() {
                continue;
            }
            let info = titles[&t].clone();
            // جلالته / سموه: the last person introduced with جلالة / سمو.
            if let Some(base) = self.gaz.pronoun_base(&men[t].text) {
                let target = (0..t).rev().find_map(|j| {
                    let l = local_of[j]?;
                    (men[j].role == MentionRole::Title
                        && key_words(&men[j].text).iter().any(|w| w == base))
                    .then_some(l)
                });
                let l = target.unwrap_or_else(|| {
                    locals.push(Local::new(d, Kind::Per, LocalKey::Unresolved));
                    locals.len() - 1
                });
                add(&mut locals, &mut local_of, l, t);
                continue;
            }
            let role: Option<Role> = if info.counterpart {
                // The subject: nearest earlier person with an office.
                let subject = (0..t).rev().find_map(|j| {
                    let l = local_of[j]?;
                    (locals[l].kind == Kind::Per)
                        .then(|| {
                            locals[l]
                                .roles
                                .iter()
                                .find(|r| !r.0.is_empty())
                                .map(|r| (l, r.clone()))
                        })
                        .flatten()
                });
                let tail = eff_end(t).0;
                let next_name = next_after(t)
                    .filter(|&j| men[j].label == "PER" && adjacent(&chars, tail, men[j].start, 3));
                let country = info.country.clone();
                if let Some(j) = next_name {
                    if let Some(l) = local_of[j] {
                        if let Some((_, (office, _))) = &subject {
                            let r = (office.clone(), country.clone());
                            if !locals[l].roles.contains(&r) {
                                locals[l].roles.push(r);
                            }
                        }
                        add(&mut locals, &mut local_of, l, t);
                        continue;
                    }
                }
                subject.map(|(sl, (office, sc))| {
                    let c = country.or_else(|| {
                        // نظيره alone: any other holder of the office in the article.
                        let others: Vec<&Local> = locals[first_person_local..]
                            .iter()
                            .enumerate()
                            .filter(|(k, o)| {
                                first_person_local + k != sl
                                    && o.roles.iter().any(|r| r.0 == office && r.1 != sc)
                            })
                            .map(|(_, o)| o)
                            .collect();
                        if others.len() == 1 {
                            others[0]
                                .roles
                                .iter()
                                .find(|r| r.0 == office)
                                .and_then(|r| r.1.clone())
                        } else {
                            None
                        }
                    });
                    (office, c)
                })
            } else {
                Some((info.office.clone(), info.country.clone()))
            };
            let Some((office, country)) = role else {
                locals.push(Local::new(d, Kind::Per, LocalKey::Unresolved));
                let l = locals.len() - 1;
                add(&mut locals, &mut local_of, l, t);
                continue;
            };
            if office.is_empty() {
                locals.push(Local::new(d, Kind::Per, LocalKey::Unresolved));
                let l = locals.len() - 1;
                add(&mut locals, &mut local_of, l, t);
                continue;
            }
            // The one person of the article holding this office (for a
            // counterpart, someone other than the participant).
            let subject_local = info.counterpart.then(|| {
                (0..t).rev().find_map(|j| {
                    let l = local_of[j]?;
                    (locals[l].kind == Kind::Per && locals[l].roles.iter().any(|r| !r.0.is_empty()))
                        .then_some(l)
                })
            });
            let holders: Vec<usize> = (first_person_local..locals.len())
                .filter(|&l| matches!(locals[l].key, LocalKey::Person))
                .filter(|&l| subject_local.flatten() != Some(l))
                .filter(|&l| {
                    locals[l].roles.iter().any(|(o, c)| {
                        (o == &office || o.starts_with(&office[..]))
                            && match (&country, c) {
                                (Some(a), Some(b)) => a == b,
                                // Holder's country unknown (الملك عبد الله then
                                // العاهل الأردني): allowed, but only a unique holder
                                // (checked below) is taken.
                                (Some(_), None) => true,
                                (None, _) => true,
                            }
                    })
                })
                .collect();
            if holders.len() == 1 {
                // The title may name the country the holder's role lacked.
                let r = (office.clone(), country.clone());
                if country.is_some() && !locals[holders[0]].roles.contains(&r) {
                    locals[holders[0]].roles.push(r);
                }
                add(&mut locals, &mut local_of, holders[0], t);
                continue;
            }
            if holders.is_empty() && country.is_some() {
                let k = format!("{office:?}{country:?}");
                let l = *pending.entry(k).or_insert_with(|| {
                    locals.push(Local::new(
                        d,
                        Kind::Per,
                        LocalKey::PendingRole((office.clone(), country.clone())),
                    ));
                    locals.len() - 1
                });
                add(&mut locals, &mut local_of, l, t);
                continue;
            }
            locals.push(Local::new(d, Kind::Per, LocalKey::Unresolved));
            let l = locals.len() - 1;
            add(&mut locals, &mut local_of, l, t);
        }
        // Mentions never clustered (a TITLE-less label we do not handle) are dropped.
        (men, locals, countries)
    }

    /// Across documents: union local clusters.
    fn link_across(
        &self,
        locals: &[Local],
        doc_countries: &[HashSet<String>],
        days: &[Option<i64>],
        dsu: &mut Dsu,
    ) {
        // Places, aliased organisations, misc: exact keys.
        let mut exact: HashMap<String, usize> = HashMap::new();
        let mut org_by_key: HashMap<String, Vec<(usize, Option<String>)>> = HashMap::new();
        for (i, l) in locals.iter().enumerate() {
            let k = match &l.key {
                LocalKey::Place(Place::Country { iso }) => format!("iso:{iso}"),
                LocalKey::Place(Place::City { geonameid, .. }) => format!("gn:{geonameid}"),
                LocalKey::PlaceName(k) => format!("place:{k}"),
                LocalKey::OrgAlias(a) => format!("alias:{a}"),
                LocalKey::Org(k, c) => {
                    org_by_key
                        .entry(k.clone())
                        .or_default()
                        .push((i, c.clone()));
                    format!("org:{k}@{}", c.as_deref().unwrap_or(""))
                }
                LocalKey::Misc(k) => format!("misc:{k}"),
                _ => continue,
            };
            if l.mentions.is_empty() {
                continue;
            }
            match exact.get(&k) {
                Some(&j) => dsu.union(i, j),
                None => {
                    exact.insert(k, i);
                }
            }
        }
        // Country-less organisations: the one country variant the article allows.
        for group in org_by_key.values() {
            for (i, c) in group {
                if c.is_some() || locals[*i].mentions.is_empty() {
                    continue;
                }
                let dc = &doc_countries[locals[*i].doc];
                let cands: HashSet<&str> = group
                    .iter()
                    .filter_map(|(_, c2)| c2.as_deref())
                    .filter(|c2| dc.contains(*c2))
                    .collect();
                if cands.len() == 1 {
                    let target = cands.into_iter().next().unwrap();
                    if let Some((j, _)) = group.iter().find(|(_, c2)| c2.as_deref() == Some(target))
                    {
                        dsu.union(*i, *j);
                    }
                }
            }
        }

        // People: block by surname key, merge matching full names.
        let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, l) in locals.iter().enumerate() {
            if matches!(l.key, LocalKey::Person) {
                if let Some(n) = l.full_name() {
                    blocks
                        .entry(block_key(n.last().unwrap()))
                        .or_default()
                        .push(i);
                }
            }
        }
        let roles_conflict = |a: &Local, b: &Local| {
            let (ca, cb) = (a.role_countries(), b.role_countries());
            !ca.is_empty() && !cb.is_empty() && ca.is_disjoint(&cb)
        };
        let mut keys: Vec<&String> = blocks.keys().collect();
        keys.sort();
        for k in keys {
            let b = &blocks[k];
            // Group the block by full name: a common surname gathers thousands
            // of mentions across a corpus, but far fewer distinct names, and
            // the similarity test is needed once per pair of names.
            let mut names: Vec<(&Vec<String>, Vec<usize>)> = Vec::new();
            let mut index: HashMap<&Vec<String>, usize> = HashMap::new();
            for &i in b {
                let n = locals[i].full_name().unwrap();
                let j = *index.entry(n).or_insert_with(|| {
                    names.push((n, Vec::new()));
                    names.len() - 1
                });
                names[j].1.push(i);
            }
            // Full names first: each mention joins the first mention of a
            // matching name whose roles do not conflict with its own.
            for a in 0..names.len() {
                for c in a..names.len() {
                    let (na, nb) = (names[a].0, names[c].0);
                    if na.len() < 2 || nb.len() < 2 || (a != c && !self.same_person_name(na, nb)) {
                        continue;
                    }
                    for &y in &names[c].1 {
                        if let Some(&x) = names[a]
                            .1
                            .iter()
                            .find(|&&x| x != y && !roles_conflict(&locals[x], &locals[y]))
                        {
                            dsu.union(x, y);
                        }
                    }
                }
            }
            // The people of the block: full-name clusters, one representative
            // mention each.
            let mut people: Vec<(&Vec<String>, BTreeMap<usize, usize>)> = Vec::new();
            for (n, members) in &names {
                if n.len() >= 2 {
                    let mut roots = BTreeMap::new();
                    for &y in members {
                        roots.entry(dsu.find(y)).or_insert(y);
                    }
                    people.push((n, roots));
                }
            }
            // Surname-only mentions: the one person of the block they fit.
            for (nx, xs) in &names {
                if nx.len() >= 2 {
                    continue;
                }
                let fitting: Vec<&BTreeMap<usize, usize>> = people
                    .iter()
                    .filter(|(ny, _)| self.same_word(&nx[0], ny.last().unwrap()))
                    .map(|(_, r)| r)
                    .collect();
                for &x in xs {
                    let lx = &locals[x];
                    let mut roots: BTreeMap<usize, usize> = BTreeMap::new();
                    for r in &fitting {
                        for (&root, &y) in r.iter() {
                            if !roles_conflict(lx, &locals[y]) {
                                roots.insert(root, y);
                            }
                        }
                    }
                    if roots.len() > 1 && !lx.roles.is_empty() {
                        roots.retain(|_, y| locals[*y].roles.iter().any(|r| lx.roles.contains(r)));
                    }
                    if roots.len() == 1 {
                        let y = *roots.values().next().unwrap();
                        dsu.union(x, y);
                    } else if roots.is_empty() {
                        // Only ever named by this one word: join equal single words.
                        dsu.union(x, xs[0]);
                    }
                }
            }
        }

        // Role table: (office, country) → (person root, day).
        let mut table: HashMap<Role, Vec<(usize, i64)>> = HashMap::new();
        for (i, l) in locals.iter().enumerate() {
            if !matches!(l.key, LocalKey::Person) {
                continue;
            }
            let Some(day) = days[l.doc] else { continue };
            for r in &l.roles {
                if r.1.is_some() {
                    table.entry(r.clone()).or_default().push((i, day));
                }
            }
        }
        let links: Vec<(usize, usize)> = locals
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let LocalKey::PendingRole(role) = &l.key else {
                    return None;
                };
                let entries = table.get(role)?;
                let mut best: BTreeMap<usize, i64> = BTreeMap::new();
                for &(p, day) in entries {
                    let dist = match days[l.doc] {
                        Some(d) => (d - day).abs(),
                        None => 0,
                    };
                    if dist > ROLE_WINDOW_DAYS {
                        continue;
                    }
                    let r = dsu.find(p);
                    let e = best.entry(r).or_insert(i64::MAX);
                    *e = (*e).min(dist);
                }
                let mut v: Vec<(i64, usize)> = best.into_iter().map(|(r, d)| (d, r)).collect();
                v.sort();
                match v.as_slice() {
                    [] => None,
                    [(_, r)] => Some((i, *r)),
                    [(d0, r), (d1, _), ..] if d0 < d1 && days[l.doc].is_some() => Some((i, *r)),
                    _ => None,
                }
            })
            .collect();
        for (i, r) in links {
            dsu.union(r, i);
        }
    }

    fn build(&self, docs: &[DocInput], men: &[Men], locals: &[Local], dsu: &mut Dsu) -> Resolution {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, l) in locals.iter().enumerate() {
            if !l.mentions.is_empty() {
                groups.entry(dsu.find(i)).or_default().push(i);
            }
        }
        let mut entities = Vec::with_capacity(groups.len());
        let mut used_ids: HashMap<String, usize> = HashMap::new();
        for (_, ls) in groups {
            let mut ms: Vec<usize> = ls
                .iter()
                .flat_map(|&l| locals[l].mentions.iter().copied())
                .collect();
            ms.sort_by_key(|&m| (men[m].doc, men[m].start, men[m].end));
            ms.dedup();
            let kind = {
                let mut c: BTreeMap<Kind, usize> = BTreeMap::new();
                for &l in &ls {
                    *c.entry(locals[l].kind).or_default() += locals[l].mentions.len();
                }
                c.into_iter()
                    .max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))
                    .map(|(k, _)| k)
                    .unwrap_or(Kind::Misc)
            };
            // Name: the most frequent form among the longest-worded names.
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for &m in &ms {
                if men[m].role == MentionRole::Name {
                    *counts.entry(men[m].text.trim().to_string()).or_default() += 1;
                }
            }
            let words = |s: &str| s.split_whitespace().count();
            let min_words = if kind == Kind::Per { 2 } else { 1 };
            let name = counts
                .iter()
                .filter(|(s, _)| words(s) >= min_words)
                .max_by_key(|(s, n)| (**n, s.chars().count()))
                .or_else(|| counts.iter().max_by_key(|(s, n)| (**n, s.chars().count())))
                .map(|(s, _)| s.clone());
            let gaz = ls.iter().find_map(|&l| match &locals[l].key {
                LocalKey::Place(Place::Country { iso }) => Some(GazRef {
                    geonames_id: None,
                    iso: Some(iso.clone()),
                    country: Some(iso.clone()),
                }),
                LocalKey::Place(Place::City {
                    geonameid, country, ..
                }) => Some(GazRef {
                    geonames_id: Some(*geonameid),
                    iso: None,
                    country: Some(country.clone()),
                }),
                _ => None,
            });
            let org_country = ls.iter().find_map(|&l| match &locals[l].key {
                LocalKey::Org(_, Some(c)) => Some(c.clone()),
                _ => None,
            });
            let gazetteer = gaz.or(org_country.map(|c| GazRef {
                geonames_id: None,
                iso: None,
                country: Some(c),
            }));
            let name = name
                .or_else(|| {
                    gazetteer
                        .as_ref()
                        .and_then(|g| g.iso.as_deref())
                        .and_then(|iso| self.gaz.country_name(iso))
                        .map(str::to_string)
                })
                .unwrap_or_else(|| men[ms[0]].text.clone());
            let base = match (
                &gazetteer,
                ls.iter().find_map(|&l| match &locals[l].key {
                    LocalKey::OrgAlias(a) => Some(a.clone()),
                    _ => None,
                }),
            ) {
                (Some(GazRef { iso: Some(iso), .. }), _) if kind == Kind::Gpe => {
                    format!("gpe:iso:{iso}")
                }
                (
                    Some(GazRef {
                        geonames_id: Some(g),
                        ..
                    }),
                    _,
                ) => format!("{}:gn:{g}", kind.as_str().to_lowercase()),
                (_, Some(a)) => format!("org:{a}"),
                (g, None) => {
                    let k = key(&name).replace(' ', "_");
                    let c = g
                        .as_ref()
                        .and_then(|g| g.country.clone())
                        .filter(|_| kind == Kind::Org);
                    match c {
                        Some(c) => format!("org:{k}@{c}"),
                        None => format!("{}:{k}", kind.as_str().to_lowercase()),
                    }
                }
            };
            let n = used_ids.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}~{n}") };
            let mut aliases: Vec<String> = counts.keys().filter(|s| **s != name).cloned().collect();
            aliases.sort();
            let mut roles: Vec<(String, String)> = ls
                .iter()
                .flat_map(|&l| locals[l].roles.iter())
                .map(|(o, c)| (o.join(" "), c.clone().unwrap_or_default()))
                .collect();
            roles.sort();
            roles.dedup();
            entities.push(Entity {
                id,
                kind: kind.as_str().to_string(),
                name,
                aliases,
                gazetteer,
                roles,
                mentions: ms
                    .iter()
                    .map(|&m| EntityMention {
                        doc: docs[men[m].doc].doc_id.to_string(),
                        start: men[m].start,
                        end: men[m].end,
                        role: men[m].role,
                        text: men[m].text.clone(),
                    })
                    .collect(),
            });
        }
        Resolution { entities }
    }
}

#[cfg(test)]
mod tests;
