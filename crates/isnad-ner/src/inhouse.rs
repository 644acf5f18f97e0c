//! Our own annotated news as training data: the development stories of
//! `eval/events/` (the `[TYPE text]` / `[TYPE=ID text]` markup of its README).
//!
//! ANERcorp is 2007 newswire with its own span habits; the event articles are
//! the register isnad reads (ministers' calls, relayed statements, datelines)
//! and follow `eval/ner/README.md`'s conventions. Only the stories listed as
//! development are read, so the held-out stories and `eval/ner/` stay unseen
//! by the tagger and keep measuring it honestly.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use crate::conll::Span;
use crate::text;
use crate::train::Gold;
use crate::{EntityType, Error};

/// Development stories of `eval/events/` (`sNN` numbers): the same slices the
/// event rules are tuned on (`isnad_eval::events`); the others are held out.
pub const DEV_STORIES: [RangeInclusive<u32>; 17] = [
    1..=10,
    21..=30,
    41..=50,
    71..=85,
    86..=99,
    100..=114,
    115..=129,
    130..=144,
    145..=159,
    160..=174,
    175..=189,
    190..=204,
    205..=219,
    220..=234,
    235..=249,
    250..=264,
    265..=279,
];

/// One marked-up article: its clean body and typed char spans.
#[derive(Debug, Clone, Default)]
pub struct Marked {
    pub text: String,
    pub spans: Vec<(usize, usize, EntityType)>,
}

/// Parse an `eval/events` article: header lines (`# key: value`), the body
/// up to a line `---`, markup removed. Span kinds that are not entity types
/// (`EV`, `SRC`, `CH`, `PL`) are dropped; their text stays.
pub fn parse_marked(src: &str, name: &str) -> Result<Marked, Error> {
    let body: Vec<&str> = src
        .lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .take_while(|l| l.trim() != "---")
        .collect();
    let body = body.join("\n");
    let mut out = Marked::default();
    let mut open: Option<(usize, Option<EntityType>, usize)> = None;
    let mut n = 0usize;
    let mut chars = body.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '[' if open.is_none() => {
                let mut kind = String::new();
                while let Some(&d) = chars.peek() {
                    if d == ' ' {
                        break;
                    }
                    kind.push(d);
                    chars.next();
                }
                if chars.next() != Some(' ') {
                    return Err(Error::data(
                        name,
                        format!("line {line}: `[{kind}` is not followed by a space"),
                    ));
                }
                let ty = kind.split('=').next().unwrap_or("");
                open = Some((n, EntityType::parse(ty), line));
            }
            ']' if open.is_some() => {
                if let Some((start, Some(ty), _)) = open.take() {
                    if start < n {
                        out.spans.push((start, n, ty));
                    }
                }
            }
            _ => {
                if c == '\n' {
                    line += 1;
                }
                out.text.push(c);
                n += 1;
            }
        }
    }
    if let Some((_, _, l)) = open {
        return Err(Error::data(
            name,
            format!("line {l}: a span opened with `[` is never closed"),
        ));
    }
    Ok(out)
}

/// Token sentences of a marked article, split as [`crate::NerModel::tag`]
/// splits raw text. Entities (PER ORG LOC GPE MISC) go to the first list,
/// titles to the second. A span covers every token it touches, so a name
/// behind proclitics (`وب[GPE دمشق]`) labels the whole token, as ANERcorp does.
pub fn to_gold(m: &Marked) -> (Vec<Gold>, Vec<Gold>) {
    let toks = text::tokenize(&m.text);
    let mut ents = Vec::new();
    let mut titles = Vec::new();
    for (s, e) in text::sentence_bounds(&m.text, &toks) {
        let sent = &toks[s..e];
        let (lo, hi) = (sent[0].start, sent[sent.len() - 1].end);
        let mut ent = Vec::new();
        let mut tit = Vec::new();
        for &(a, b, ty) in m.spans.iter().filter(|x| x.0 >= lo && x.1 <= hi) {
            let Some(first) = sent.iter().position(|t| t.end > a) else {
                continue;
            };
            let last = sent.iter().rposition(|t| t.start < b).unwrap_or(first);
            if last < first {
                continue;
            }
            let sp = Span {
                start: first,
                end: last + 1,
                label: ty,
            };
            if ty == EntityType::Title {
                tit.push(sp);
            } else {
                ent.push(sp);
            }
        }
        let tokens: Vec<String> = sent.iter().map(|t| t.text.to_string()).collect();
        ents.push(Gold {
            tokens: tokens.clone(),
            spans: no_overlaps(ent),
        });
        titles.push(Gold {
            tokens,
            spans: no_overlaps(tit),
        });
    }
    (ents, titles)
}

/// Spans sorted, and any that overlap an earlier one dropped (two marked
/// names glued in one token, `و[PER x]-[PER y]`).
fn no_overlaps(mut v: Vec<Span>) -> Vec<Span> {
    v.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for s in v {
        if out.last().is_none_or(|p| p.end <= s.start) {
            out.push(s);
        }
    }
    out
}

/// Read the development stories of an `eval/events` folder (its `articles/`),
/// sorted by file name: (entity sentences, title sentences, articles read).
pub fn read_events_dev(
    dir: &Path,
    stories: &[RangeInclusive<u32>],
) -> Result<(Vec<Gold>, Vec<Gold>, usize), Error> {
    let files = story_files(dir, |n| stories.iter().any(|r| r.contains(&n)))?;
    let (mut ents, mut titles) = (Vec::new(), Vec::new());
    for p in &files {
        let src = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
        let (e, t) = to_gold(&parse_marked(&src, &p.display().to_string())?);
        ents.extend(e);
        titles.extend(t);
    }
    Ok((ents, titles, files.len()))
}

/// The `articles/*.txt` of an `eval/events` folder whose story number `keep` accepts,
/// sorted by name (the tagger reads the development stories, its evaluation the others).
pub fn story_files(dir: &Path, keep: impl Fn(u32) -> bool) -> Result<Vec<PathBuf>, Error> {
    let arts = dir.join("articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&arts)
        .map_err(|e| Error::io(&arts, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| story_number(p).is_some_and(&keep))
        .collect();
    files.sort();
    Ok(files)
}

/// `s07-petra.txt` → 7.
pub fn story_number(p: &Path) -> Option<u32> {
    let name = p.file_name()?.to_str()?;
    let digits: String = name
        .strip_prefix('s')?
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_gives_token_spans_with_clitics_attached() {
        let src = "# id: x\n# story: s01\n\n[EV=t1 التقى] [PER=a أحمد سالم] وب[GPE دمشق] [TITLE وزير الخارجية].\n---\nev t1 CONSULT meeting actor=a\n";
        let m = parse_marked(src, "x").unwrap();
        assert_eq!(m.text, "التقى أحمد سالم وبدمشق وزير الخارجية.");
        let (e, t) = to_gold(&m);
        assert_eq!(e.len(), 1);
        let spans: Vec<(usize, usize, EntityType)> = e[0]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        assert_eq!(
            spans,
            vec![(1, 3, EntityType::Per), (3, 4, EntityType::Gpe)]
        );
        assert_eq!(e[0].tokens[3], "وبدمشق");
        assert_eq!(t[0].spans.len(), 1);
        assert_eq!((t[0].spans[0].start, t[0].spans[0].end), (4, 6));
    }

    #[test]
    fn unclosed_span_names_file_and_line() {
        let err = parse_marked("\nأ\n[PER زيد", "f.txt").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("f.txt") && msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn only_development_stories_are_read() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/events");
        if !dir.is_dir() {
            return;
        }
        let (e, _, n) = read_events_dev(&dir, &DEV_STORIES).unwrap();
        let (_, _, all) = read_events_dev(&dir, &[1..=999]).unwrap();
        assert!(n >= 90 && n < all, "{n} of {all}");
        assert!(e.iter().map(|g| g.spans.len()).sum::<usize>() > 500);
    }
}
