//! Seed lexicons (data files under `data/`, loaded once) and line matching.
//!
//! Everything is compared on the normalised layer (`isnad_arabic::normalize`
//! plus whitespace collapsing), so `اقرأ أيضاً` and `إقرا ايضا` match alike.

use crate::chars::{FxMap as HashMap, FxSet as HashSet};

/// Normalise one word for set lookups.
pub(crate) fn norm_word(w: &str) -> String {
    isnad_arabic::normalize(w)
}

/// Normalise a line for matching: the one normaliser, then whitespace runs
/// collapsed to one space, no space before `:`, trimmed.
pub(crate) fn norm_line(s: &str) -> String {
    let n = isnad_arabic::normalize(s);
    let mut out = String::with_capacity(n.len());
    let mut pending_space = false;
    for c in n.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space && c != ':' {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Word set from a data file: one entry per line, `#` comments. With
/// `clitics`, forms with a leading و or ف are added.
pub(crate) fn load_word_set(data: &str, clitics: bool) -> HashSet<String> {
    let mut set = HashSet::default();
    for line in data.lines() {
        let w = line.trim();
        if w.is_empty() || w.starts_with('#') {
            continue;
        }
        let n = norm_line(w);
        if clitics {
            set.insert(format!("و{n}"));
            set.insert(format!("ف{n}"));
        }
        set.insert(n);
    }
    set
}

/// How a seed phrase is matched against a line (see `data/seeds.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Line,
    Section,
    Prefix,
    Contains,
    Suffix,
    Stub,
    Credit,
    Byline,
    Cta,
    Token,
}

#[derive(Debug)]
struct Seed {
    phrase: String,
    cat: u16,
}

/// What the seed lexicon says about one line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SeedHit {
    pub mode: Mode,
    /// Index into `Lexicon::reasons`.
    pub cat: u16,
    /// For `Token`: how many chrome tokens, and whether separators were seen.
    pub tokens: u16,
    /// For `Stub`, `Credit` and `Byline`: number of words of the matched prefix.
    pub prefix_words: u16,
}

pub(crate) struct Lexicon {
    /// `seed:CATEGORY` per category index.
    pub reasons: Vec<String>,
    by_mode: HashMap<ModeKey, Vec<Seed>>,
    tokens: HashMap<String, u16>,
    pub function_words: HashSet<String>,
    pub date_words: HashSet<String>,
    /// Hint term → (weight, `structure:TERM`).
    hints: HashMap<String, (f32, String)>,
    /// `contains` seeds by their first word (phrases starting with a symbol
    /// are under the empty key and searched for directly).
    contains_by_word: HashMap<String, Vec<Seed>>,
    /// Normalised `section` phrases, for `opens_section`.
    sections: HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ModeKey(u8);

impl From<Mode> for ModeKey {
    fn from(m: Mode) -> Self {
        ModeKey(m as u8)
    }
}

/// Chars that may wrap a line without being part of it: bullets, arrows, separators.
fn is_decoration(c: char) -> bool {
    !crate::chars::is_alnum(c) && !matches!(c, '(' | ')' | '©')
}

/// The line without leading and trailing decoration.
pub(crate) fn core(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_decoration(c))
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| !crate::chars::is_alnum(c))
        .filter(|w| w.chars().any(crate::chars::is_letter))
        .count()
}

fn boundary_after(s: &str, at: usize) -> bool {
    s[at..]
        .chars()
        .next()
        .is_none_or(|c| !crate::chars::is_alnum(c))
}

impl Lexicon {
    pub(crate) fn load() -> Self {
        let mut reasons: Vec<String> = Vec::new();
        let mut cat_index: HashMap<String, u16> = HashMap::default();
        let mut by_mode: HashMap<ModeKey, Vec<Seed>> = HashMap::default();
        let mut tokens = HashMap::default();
        let mut sections = HashSet::default();
        let mut contains_by_word: HashMap<String, Vec<Seed>> = HashMap::default();
        for (lineno, line) in include_str!("../data/seeds.tsv").lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, '\t');
            let (Some(mode), Some(cat), Some(phrase)) = (parts.next(), parts.next(), parts.next())
            else {
                // The file is compiled in; a malformed line is a bug caught by the tests.
                debug_assert!(
                    false,
                    "data/seeds.tsv line {}: expected MODE<TAB>CATEGORY<TAB>PHRASE",
                    lineno + 1
                );
                continue;
            };
            let mode = match mode {
                "line" => Mode::Line,
                "section" => Mode::Section,
                "prefix" => Mode::Prefix,
                "contains" => Mode::Contains,
                "suffix" => Mode::Suffix,
                "stub" => Mode::Stub,
                "credit" => Mode::Credit,
                "byline" => Mode::Byline,
                "cta" => Mode::Cta,
                "token" => Mode::Token,
                other => {
                    debug_assert!(
                        false,
                        "data/seeds.tsv line {}: unknown mode {other}",
                        lineno + 1
                    );
                    continue;
                }
            };
            let cat = *cat_index.entry(cat.to_string()).or_insert_with(|| {
                reasons.push(format!("seed:{cat}"));
                (reasons.len() - 1) as u16
            });
            let phrase = norm_line(phrase.trim());
            match mode {
                Mode::Token => {
                    tokens.entry(phrase).or_insert(cat);
                }
                Mode::Section => {
                    sections.insert(core(&phrase).to_string());
                    by_mode
                        .entry(mode.into())
                        .or_default()
                        .push(Seed { phrase, cat });
                }
                Mode::Contains => {
                    let first = if phrase.starts_with(|c: char| crate::chars::is_alnum(c)) {
                        phrase
                            .split(|c: char| !crate::chars::is_alnum(c))
                            .next()
                            .unwrap_or("")
                            .to_string()
                    } else {
                        String::new()
                    };
                    contains_by_word
                        .entry(first)
                        .or_default()
                        .push(Seed { phrase, cat });
                }
                Mode::Line => {
                    let phrase = core(&phrase).to_string();
                    by_mode
                        .entry(mode.into())
                        .or_default()
                        .push(Seed { phrase, cat });
                }
                _ => by_mode
                    .entry(mode.into())
                    .or_default()
                    .push(Seed { phrase, cat }),
            }
        }
        let mut hints = HashMap::default();
        for line in include_str!("../data/hints.tsv").lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((term, w)) = line.split_once('\t') {
                if let Ok(w) = w.trim().parse::<f32>() {
                    hints.insert(
                        term.trim().to_string(),
                        (w, format!("structure:{}", term.trim())),
                    );
                }
            }
        }
        Lexicon {
            reasons,
            by_mode,
            tokens,
            function_words: load_word_set(include_str!("../data/function_words.txt"), true),
            date_words: load_word_set(include_str!("../data/date_words.txt"), false),
            hints,
            contains_by_word,
            sections,
        }
    }

    fn seeds(&self, m: Mode) -> &[Seed] {
        self.by_mode
            .get(&m.into())
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    pub(crate) fn is_function_word(&self, w: &str) -> bool {
        self.function_words.contains(w)
    }

    /// Does this (normalised) line open a chrome section ("الأكثر قراءة")?
    pub(crate) fn opens_section(&self, norm: &str) -> bool {
        self.sections.contains(core(norm))
    }

    /// Are all tokens of `rest` date or time words or numbers?
    pub(crate) fn is_date_words(&self, rest: &str) -> bool {
        let mut n = 0;
        for w in rest
            .split(|c: char| !crate::chars::is_alnum(c))
            .filter(|w| !w.is_empty())
        {
            n += 1;
            if n > 14 {
                return false;
            }
            if w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            // Strip a leading و / ف / ب / ل clitic: "بتوقيت", "والساعة".
            let ok = self.date_words.contains(w)
                || ['و', 'ف', 'ب', 'ل'].iter().any(|&p| {
                    w.strip_prefix(p)
                        .is_some_and(|r| self.date_words.contains(r))
                })
                || ascii_digits_then_letters(w);
            if !ok {
                return false;
            }
        }
        true
    }

    /// A line made only of date words with at least one number and two tokens:
    /// "الثلاثاء 12 مارس 2024 - 10:35 ص".
    pub(crate) fn is_date_line(&self, norm: &str) -> bool {
        let has_digit = norm.chars().any(|c| c.is_ascii_digit());
        let tokens = norm
            .split(|c: char| !crate::chars::is_alnum(c))
            .filter(|w| !w.is_empty())
            .count();
        has_digit
            && tokens >= 2
            && norm.chars().any(crate::chars::is_letter)
            && self.is_date_words(norm)
    }

    /// Match one normalised line against the seeds. `words` is its word count.
    pub(crate) fn match_line(&self, norm: &str, words: usize) -> Option<SeedHit> {
        let c = core(norm);
        if c.is_empty() {
            return None;
        }
        let hit = |mode: Mode, cat: u16| SeedHit {
            mode,
            cat,
            tokens: 0,
            prefix_words: 0,
        };
        // Strip the leading decoration only ("» اقرأ أيضا"); keep trailing ':'.
        let lead = norm.trim_start_matches(|ch: char| ch.is_whitespace() || is_decoration(ch));
        for m in [Mode::Credit, Mode::Byline, Mode::Stub] {
            for s in self.seeds(m) {
                if let Some(rest) = lead.strip_prefix(s.phrase.as_str()) {
                    if !s.phrase.ends_with([':', '-']) && !boundary_after(lead, s.phrase.len()) {
                        continue;
                    }
                    let pw = word_count(&s.phrase) as u16;
                    let rest_words = word_count(rest);
                    let ok = match m {
                        Mode::Credit => rest_words >= 1 && words <= 20,
                        Mode::Byline => {
                            (1..=6).contains(&rest_words)
                                && (s.phrase.ends_with(':')
                                    || rest.trim_start().starts_with(':')
                                    || words <= 5)
                        }
                        _ => words <= 16 && self.is_date_words(rest),
                    };
                    if ok {
                        return Some(SeedHit {
                            prefix_words: pw,
                            ..hit(m, s.cat)
                        });
                    }
                }
            }
        }
        for s in self.seeds(Mode::Section) {
            if core(&s.phrase) == c {
                return Some(hit(Mode::Section, s.cat));
            }
        }
        for s in self.seeds(Mode::Line) {
            if s.phrase == c {
                return Some(hit(Mode::Line, s.cat));
            }
        }
        for s in self.seeds(Mode::Prefix) {
            if lead.starts_with(s.phrase.as_str())
                && (s.phrase.ends_with([':', '-']) || boundary_after(lead, s.phrase.len()))
            {
                return Some(hit(Mode::Prefix, s.cat));
            }
        }
        if words <= 12 {
            for s in self.seeds(Mode::Cta) {
                if lead.starts_with(s.phrase.as_str()) && boundary_after(lead, s.phrase.len()) {
                    return Some(hit(Mode::Cta, s.cat));
                }
            }
        }
        if words <= 15 {
            if let Some(cat) = self.match_contains(norm) {
                return Some(hit(Mode::Contains, cat));
            }
        }
        if words <= 30 {
            let tail = norm.trim_end_matches(|ch: char| {
                ch.is_whitespace() || matches!(ch, '.' | '-' | '–' | '|')
            });
            for s in self.seeds(Mode::Suffix) {
                if let Some(before) = tail.strip_suffix(s.phrase.as_str()) {
                    let sentence_stop_before = before.trim_end().contains(['.', '!', '؟', '?']);
                    if !sentence_stop_before {
                        return Some(hit(Mode::Suffix, s.cat));
                    }
                }
            }
        }
        self.match_tokens(norm).map(|(cat, tokens)| SeedHit {
            tokens,
            ..hit(Mode::Token, cat)
        })
    }

    /// A `contains` seed at word boundaries anywhere in the line: look up each
    /// word of the line as a phrase start instead of searching every phrase.
    fn match_contains(&self, norm: &str) -> Option<u16> {
        fn found<'s>(norm: &str, at: usize, list: &'s [Seed]) -> Option<&'s Seed> {
            list.iter().find(|s| {
                norm[at..].starts_with(s.phrase.as_str())
                    && boundary_after(norm, at + s.phrase.len())
            })
        }
        let mut start: Option<usize> = None;
        for (i, c) in norm
            .char_indices()
            .chain(std::iter::once((norm.len(), ' ')))
        {
            if crate::chars::is_alnum(c) {
                start.get_or_insert(i);
            } else if let Some(st) = start.take() {
                if let Some(list) = self.contains_by_word.get(&norm[st..i]) {
                    if let Some(s) = found(norm, st, list) {
                        return Some(s.cat);
                    }
                }
            }
        }
        let symbols = self.contains_by_word.get("")?;
        symbols
            .iter()
            .find(|s| norm.contains(s.phrase.as_str()))
            .map(|s| s.cat)
    }

    /// A widget line: every word is a chrome token (numbers and symbols allowed).
    fn match_tokens(&self, norm: &str) -> Option<(u16, u16)> {
        let mut cat = None;
        let mut n = 0u16;
        for w in norm
            .split(|c: char| !crate::chars::is_alnum(c))
            .filter(|w| !w.is_empty())
        {
            if w.chars().all(crate::chars::is_number) {
                continue;
            }
            let c = self.tokens.get(w)?;
            if cat.is_none() {
                cat = Some(*c);
            }
            n += 1;
            if n > 24 {
                return None;
            }
        }
        cat.map(|c| (c, n))
    }

    /// The strongest structural hint word in `hint`, with its reason.
    pub(crate) fn hint_weight(&self, hint: &str) -> Option<(f32, &str)> {
        if hint.is_empty() {
            return None;
        }
        let lower = hint.to_ascii_lowercase();
        let mut best: Option<(f32, &str)> = None;
        let mut consider = |w: &str| {
            if let Some((wt, reason)) = self.hints.get(w) {
                if best.is_none_or(|(b, _)| *wt > b) {
                    best = Some((*wt, reason.as_str()));
                }
            }
        };
        for word in lower.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
            if word.is_empty() {
                continue;
            }
            if self.hints.contains_key(word) {
                consider(word);
                continue;
            }
            for part in word.split(['-', '_']) {
                consider(part);
            }
        }
        best
    }
}

/// "10:30", "12م", "2024هـ" split oddly: digits followed by a date suffix letter.
fn ascii_digits_then_letters(w: &str) -> bool {
    let digits = w.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && matches!(&w[digits..], "م" | "ه" | "ص" | "h" | "am" | "pm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let lex = Lexicon::load();
        assert!(lex.reasons.len() > 10);
        assert!(lex.function_words.contains("في"));
        assert!(lex.function_words.contains("وفي"));
        assert!(lex.date_words.contains("ابريل"));
        let bad = include_str!("../data/seeds.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter(|l| l.split('\t').count() != 3)
            .count();
        assert_eq!(
            bad, 0,
            "every seeds.tsv line has three tab-separated fields"
        );
    }

    #[test]
    fn norm_line_collapses_and_folds() {
        assert_eq!(norm_line("  اقرأ   أيضاً :  خبر "), "اقرا ايضا: خبر");
    }

    #[test]
    fn hint_words() {
        let lex = Lexicon::load();
        assert_eq!(
            lex.hint_weight("div.share-buttons > ul").map(|h| h.1),
            Some("structure:share")
        );
        assert_eq!(
            lex.hint_weight("outside-main").map(|h| h.1),
            Some("structure:outside-main")
        );
        assert_eq!(lex.hint_weight("article > div.body > p"), None);
        assert_eq!(
            lex.hint_weight("header.masthead").map(|h| h.1),
            Some("structure:masthead")
        );
    }
}
