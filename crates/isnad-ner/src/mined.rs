//! Name lists mined from unlabelled news (SaudiNewsNet) with head-word
//! patterns, used as extra gazetteer bits (issue #5: ORG and MISC names
//! unseen in the labelled corpus).
//!
//! Patterns (heads in `data/mined_heads.txt`):
//! - `org`: an indefinite head in construct (نادي، شركة، حزب…) followed by
//!   1-3 name-like tokens: every prefix is a candidate (نادي الهلال السعودي →
//!   `الهلال`, `الهلال السعودي`);
//! - `misc`: a head (برنامج، فيلم، استاد…) followed by a short quoted span
//!   («…» or "…"): the quoted tokens;
//! - `per`: a definite title (السيد، الأمير، المدرب…) followed by 1-3
//!   name-like tokens, the first without the article.
//!
//! Each candidate keeps how often it followed a head and how often it occurs
//! at all (with or without a one-letter clitic or the article's `لل` form).
//! [`Mined::add_to`] keeps those seen with a head at least `min_count` times
//! and with `headed / total >= min_ratio`, which drops common words that
//! merely follow a head (شركة كبرى، فريق عمل).
//!
//! The lists are cached as text under `target/isnad-ner/` (never in the
//! repository); the model file keeps only their hashes, like the gazetteer.

use std::collections::HashMap;
use std::path::Path;

use crate::gazetteer::{Gazetteer, IdBuild, G_MISC_MINED, G_ORG_MINED, G_PER_MINED};
use crate::hash::{hash_str, mix};
use crate::Error;

/// Hand-written head words (`kind<TAB>head`).
pub const HEADS: &str = include_str!("../data/mined_heads.txt");
/// Hand-written words that end a mined name.
pub const STOP: &str = include_str!("../data/mined_stop.txt");

/// Longest mined name (tokens) for `org` and `per`.
const MAX_NAME: usize = 3;
/// Longest quoted span taken for `misc`.
const MAX_QUOTED: usize = 4;

/// Which list a candidate belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Org,
    Misc,
    Per,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Org => "org",
            Kind::Misc => "misc",
            Kind::Per => "per",
        }
    }
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "org" => Kind::Org,
            "misc" => Kind::Misc,
            "per" => Kind::Per,
            _ => return None,
        })
    }
    /// Gazetteer bit of the list.
    pub fn bit(self) -> u16 {
        match self {
            Kind::Org => G_ORG_MINED,
            Kind::Misc => G_MISC_MINED,
            Kind::Per => G_PER_MINED,
        }
    }
}

/// One mined name (normalised tokens joined by spaces) with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub kind: Kind,
    pub name: String,
    /// Occurrences right after a head of its kind.
    pub headed: u32,
    /// Occurrences anywhere (clitic forms included).
    pub total: u32,
}

/// All candidates of a mining run (unfiltered).
#[derive(Debug, Clone, Default)]
pub struct Mined {
    pub candidates: Vec<Candidate>,
}

/// The head lists, normalised.
struct Heads {
    heads: HashMap<String, Kind>,
    stop: std::collections::HashSet<String>,
    /// Words that continue a name but never end it (بن، عبد، أبو).
    join: std::collections::HashSet<String>,
}

impl Heads {
    fn new() -> Heads {
        let mut heads = HashMap::new();
        let mut join = std::collections::HashSet::new();
        for line in HEADS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((k, h)) = line.split_once('\t') {
                if k.trim() == "join" {
                    join.insert(isnad_arabic::normalize(h.trim()));
                } else if let Some(kind) = Kind::parse(k.trim()) {
                    heads.insert(isnad_arabic::normalize(h.trim()), kind);
                }
            }
        }
        let stop = STOP
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(isnad_arabic::normalize)
            .collect();
        Heads { heads, stop, join }
    }

    /// Kind of the head `tok` (normalised) is, once one-letter clitics are
    /// removed: `org`/`misc` heads must be indefinite (لشركة, not الشركة);
    /// `per` heads are listed with the article (والرئيس, للرئيس).
    fn head(&self, tok: &str) -> Option<Kind> {
        clitic_variants(tok)
            .into_iter()
            .find_map(|v| self.heads.get(&v).copied())
    }

    /// A token that can be part of a name: has a letter, two or more chars,
    /// not a stop word and not itself a head.
    fn name_like(&self, tok: &str) -> bool {
        tok.chars().count() >= 2
            && tok.chars().any(char::is_alphabetic)
            && !tok.chars().any(|c| c.is_ascii_digit())
            && !self.stop.contains(tok)
            && self.head(tok).is_none()
    }
}

/// The token and its forms without a leading conjunction و/ف and/or
/// preposition ب/ك/ل (one letter each; `لل` also read as `ال`).
pub fn clitic_variants(tok: &str) -> Vec<String> {
    let mut out = vec![tok.to_string()];
    let mut rest = tok;
    if let Some(r) = rest.strip_prefix(['و', 'ف']) {
        if r.chars().count() >= 2 {
            out.push(r.to_string());
            rest = r;
        }
    }
    if let Some(r) = rest.strip_prefix("لل") {
        if r.chars().count() >= 2 {
            out.push(format!("ال{r}"));
        }
    }
    if let Some(r) = rest.strip_prefix(['ب', 'ك', 'ل']) {
        if r.chars().count() >= 2 {
            out.push(r.to_string());
        }
    }
    out
}

fn is_open_quote(t: &str) -> bool {
    matches!(t, "«" | "\"" | "“")
}

fn closes(open: &str, t: &str) -> bool {
    match open {
        "«" => t == "»",
        "“" => t == "”" || t == "\"",
        _ => t == "\"" || t == "”",
    }
}

/// Normalised tokens of one article.
fn tokens(text: &str) -> Vec<String> {
    let norm = isnad_arabic::normalize(text);
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    isnad_arabic::word_spans(&norm)
        .into_iter()
        .map(|(s, e)| {
            let bs = chars[s].0;
            let be = chars.get(e).map_or(norm.len(), |x| x.0);
            norm[bs..be].to_string()
        })
        .collect()
}

/// Candidates of one tokenised text, pushed as (kind, tokens) pairs.
fn candidates_in(toks: &[String], h: &Heads, out: &mut Vec<(Kind, Vec<String>)>) {
    for i in 0..toks.len() {
        let Some(kind) = h.head(&toks[i]) else {
            continue;
        };
        match kind {
            Kind::Org | Kind::Per => {
                let mut name: Vec<String> = Vec::new();
                for t in toks.iter().skip(i + 1).take(MAX_NAME) {
                    if !h.name_like(t) {
                        break;
                    }
                    // A person's name does not start with the article
                    // (الرئيس الأمريكي …): an adjective, not a name.
                    if kind == Kind::Per && name.is_empty() && t.starts_with("ال") {
                        break;
                    }
                    name.push(t.clone());
                    if !h.join.contains(t) {
                        out.push((kind, name.clone()));
                    }
                }
            }
            Kind::Misc => {
                let Some(open) = toks.get(i + 1) else {
                    continue;
                };
                if !is_open_quote(open) {
                    continue;
                }
                let end =
                    (i + 2..toks.len().min(i + 3 + MAX_QUOTED)).find(|&j| closes(open, &toks[j]));
                if let Some(j) = end {
                    let inner = &toks[i + 2..j];
                    if !inner.is_empty()
                        && inner.iter().all(|t| t.chars().any(char::is_alphanumeric))
                    {
                        out.push((kind, inner.to_vec()));
                    }
                }
            }
        }
    }
}

/// Hash of a token chain (first token, then the rest mixed in).
fn chain(first: u64, rest: &[u64]) -> u64 {
    rest.iter().fold(first, |h, &w| mix(h, w))
}

impl Mined {
    /// Mine candidates from article texts: headed counts, then total counts.
    pub fn from_texts<S: AsRef<str>>(articles: &[S]) -> Mined {
        let h = Heads::new();
        let mut headed: HashMap<(Kind, Vec<String>), u32> = HashMap::new();
        let mut buf = Vec::new();
        let docs: Vec<Vec<String>> = articles.iter().map(|a| tokens(a.as_ref())).collect();
        for toks in &docs {
            buf.clear();
            candidates_in(toks, &h, &mut buf);
            for c in buf.drain(..) {
                *headed.entry(c).or_insert(0) += 1;
            }
        }
        // Total occurrences of every distinct candidate token chain.
        let mut totals: HashMap<u64, u32, IdBuild> = HashMap::default();
        let mut max_len = 1;
        for (_, toks) in headed.keys() {
            let hs: Vec<u64> = toks.iter().map(|t| hash_str(t)).collect();
            totals.insert(chain(hs[0], &hs[1..]), 0);
            max_len = max_len.max(toks.len());
        }
        let mut seen: Vec<u64> = Vec::new();
        for toks in &docs {
            let hs: Vec<u64> = toks.iter().map(|t| hash_str(t)).collect();
            for i in 0..toks.len() {
                seen.clear();
                for v in clitic_variants(&toks[i]) {
                    let mut c = hash_str(&v);
                    for (k, &w) in hs[i..toks.len().min(i + max_len)].iter().enumerate() {
                        if k > 0 {
                            c = mix(c, w);
                        }
                        if !seen.contains(&c) {
                            if let Some(n) = totals.get_mut(&c) {
                                *n += 1;
                                seen.push(c);
                            }
                        }
                    }
                }
            }
        }
        let mut candidates: Vec<Candidate> = headed
            .into_iter()
            .map(|((kind, toks), n)| {
                let hs: Vec<u64> = toks.iter().map(|t| hash_str(t)).collect();
                Candidate {
                    kind,
                    name: toks.join(" "),
                    headed: n,
                    total: totals[&chain(hs[0], &hs[1..])].max(n),
                }
            })
            .collect();
        candidates.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        Mined { candidates }
    }

    /// Mine SaudiNewsNet under `shared` (title + content of every article).
    pub fn from_shared(shared: &Path) -> Result<Mined, Error> {
        let dir = shared.join("datasets").join("saudinewsnet").join("dataset");
        let articles = crate::clusters::read_saudinewsnet(&dir, 0)?;
        Ok(Mined::from_texts(&articles))
    }

    /// Cache text: `kind<TAB>headed<TAB>total<TAB>name` lines.
    pub fn to_tsv(&self) -> String {
        let mut s = String::new();
        for c in &self.candidates {
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                c.kind.name(),
                c.headed,
                c.total,
                c.name
            ));
        }
        s
    }

    /// Parse [`Mined::to_tsv`]'s text; `path` names the input in errors.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Mined, Error> {
        let mut candidates = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let cols: Vec<&str> = line.splitn(4, '\t').collect();
            let bad = || {
                Error::data(
                    path,
                    format!("line {}: expected kind, headed, total, name", n + 1),
                )
            };
            if cols.len() != 4 {
                return Err(bad());
            }
            candidates.push(Candidate {
                kind: Kind::parse(cols[0]).ok_or_else(bad)?,
                headed: cols[1].parse().map_err(|_| bad())?,
                total: cols[2].parse().map_err(|_| bad())?,
                name: cols[3].to_string(),
            });
        }
        Ok(Mined { candidates })
    }

    /// Candidates that pass the filter.
    pub fn kept(&self, min_count: u32, min_ratio: f32) -> impl Iterator<Item = &Candidate> {
        self.candidates
            .iter()
            .filter(move |c| c.headed >= min_count && c.headed as f32 >= min_ratio * c.total as f32)
    }

    /// Add the kept candidates to `gaz` with their list's bit; returns the
    /// number per kind (org, misc, per).
    pub fn add_to(&self, gaz: &mut Gazetteer, min_count: u32, min_ratio: f32) -> [usize; 3] {
        let mut n = [0; 3];
        for c in self.kept(min_count, min_ratio) {
            gaz.add(&c.name, c.kind.bit());
            n[c.kind as usize] += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_need_the_right_definiteness() {
        let h = Heads::new();
        let n = isnad_arabic::normalize;
        assert_eq!(h.head(&n("لشركة")), Some(Kind::Org));
        assert_eq!(h.head(&n("الشركة")), None);
        assert_eq!(h.head(&n("للرئيس")), Some(Kind::Per));
        assert_eq!(h.head(&n("والأمير")), Some(Kind::Per));
        assert_eq!(h.head(&n("رئيس")), None);
    }

    #[test]
    fn mines_counts_and_filters_common_words() {
        // Written for this test: a club name mostly seen after its head, and a
        // common word that sometimes follows one.
        let texts = [
            "فاز نادي الهلال على ضيفه، وقال مدرب فريق الهلال إن الفوز مستحق.",
            "أعلن نادي الهلال عن صفقة جديدة مع شركة أرامكو السعودية.",
            "تعمل شركة كبرى في المشروع، والمدينة كبرى المدن وهي كبرى الأسواق.",
            "عرض برنامج «صباح الخير» أمس، وقال السيد خالد العمري إن الهلال فاز.",
            "وللهلال جمهور كبير، واستقبل الأمير فهد بن سعد الوفد.",
        ];
        let m = Mined::from_texts(&texts);
        let get = |k: Kind, s: &str| {
            m.candidates
                .iter()
                .find(|c| c.kind == k && c.name == isnad_arabic::normalize(s))
                .cloned()
        };
        let hilal = get(Kind::Org, "الهلال").unwrap();
        // Three times after a head; five times in all (والهلال via لل → ال).
        assert_eq!((hilal.headed, hilal.total), (3, 5));
        assert_eq!(get(Kind::Org, "أرامكو السعودية").unwrap().headed, 1);
        assert!(get(Kind::Org, "أرامكو السعودية في").is_none());
        assert_eq!(get(Kind::Misc, "صباح الخير").unwrap().headed, 1);
        assert_eq!(get(Kind::Per, "خالد العمري").unwrap().headed, 1);
        assert_eq!(get(Kind::Per, "فهد بن سعد").unwrap().headed, 1);
        assert!(get(Kind::Per, "فهد بن").is_none());
        let kbra = get(Kind::Org, "كبرى").unwrap();
        assert_eq!((kbra.headed, kbra.total), (1, 3));
        let kept: Vec<&str> = m.kept(1, 0.5).map(|c| c.name.as_str()).collect();
        assert!(kept.contains(&hilal.name.as_str()));
        assert!(!kept.contains(&kbra.name.as_str()));
        assert!(m.kept(2, 0.0).all(|c| c.headed >= 2));
        // The cache round-trips.
        let back = Mined::from_tsv(&m.to_tsv(), Path::new("x.tsv")).unwrap();
        assert_eq!(back.candidates, m.candidates);
        let e = Mined::from_tsv("org\tx\t1\tname\n", Path::new("bad.tsv")).unwrap_err();
        assert!(e.to_string().contains("bad.tsv"), "{e}");
    }
}
