//! Historical claims on events («أول لقاء على هذا المستوى منذ 2011»): kept on the
//! fused event so that the timeline shows what sources say an event means.

use std::sync::OnceLock;

struct Cues {
    first: Vec<String>,
    bound: Vec<String>,
    whole: Vec<Vec<String>>,
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| {
        let mut c = Cues {
            first: Vec::new(),
            bound: Vec::new(),
            whole: Vec::new(),
        };
        for line in include_str!("../data/claim_cues.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, rest)) = line.split_once(' ') else {
                continue;
            };
            let rest = isnad_arabic::normalize(rest.trim());
            match kind {
                "first" => c.first.push(rest),
                "bound" => c.bound.push(rest),
                "whole" => c
                    .whole
                    .push(rest.split_whitespace().map(str::to_string).collect()),
                _ => {}
            }
        }
        c
    })
}

/// How many words a `first` cue may sit before its bound (`أول زيارة لرئيس ... منذ`).
const FIRST_TO_BOUND: usize = 8;
/// Longest claim kept, in words.
const MAX_WORDS: usize = 16;

/// The claim phrases of one sentence, as written: from the opening cue to the
/// end of its clause.
pub fn find_claims(sentence: &str) -> Vec<String> {
    let c = cues();
    let spans: Vec<(usize, usize)> = isnad_arabic::word_spans(sentence)
        .into_iter()
        .filter(|&(a, b)| {
            b > a + 1
                || sentence
                    .chars()
                    .nth(a)
                    .is_some_and(|ch| ch.is_alphanumeric())
        })
        .collect();
    let chars: Vec<char> = sentence.chars().collect();
    let words: Vec<String> = spans
        .iter()
        .map(|&(a, b)| {
            let w: String = chars[a..b].iter().collect();
            let n = isnad_arabic::normalize(&w);
            // A glued و/ف/ل does not hide the cue («وللمرة»، «ولأول»).
            n.strip_prefix('و')
                .filter(|r| r.chars().count() > 2)
                .map(str::to_string)
                .unwrap_or(n)
        })
        .collect();
    let mut out = Vec::new();
    let mut next_free = 0;
    for i in 0..words.len() {
        if i < next_free {
            continue;
        }
        let opens = c.whole.iter().any(|ph| {
            ph.iter()
                .enumerate()
                .all(|(k, w)| words.get(i + k) == Some(w))
        }) || (c.first.contains(&words[i])
            && words[i + 1..words.len().min(i + 1 + FIRST_TO_BOUND)]
                .iter()
                .any(|w| c.bound.contains(w)));
        if !opens {
            continue;
        }
        // The clause ends at the next comma-like mark or sentence end.
        let start = spans[i].0;
        let stop = chars[start..]
            .iter()
            .position(|ch| "،,؛;.!?:()«»\"".contains(*ch))
            .map_or(chars.len(), |p| start + p);
        let within: Vec<usize> = (i..spans.len())
            .take_while(|&k| spans[k].1 <= stop)
            .take(MAX_WORDS)
            .collect();
        let n = within.len().max(1);
        let end = within.last().map_or(spans[i].1, |&k| spans[k].1);
        out.push(chars[start..end].iter().collect());
        next_free = i + n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_since_claims() {
        let s = "وهو أول لقاء على هذا المستوى منذ عام 2011، بحسب مراقبين.";
        assert_eq!(
            find_claims(s),
            vec!["أول لقاء على هذا المستوى منذ عام 2011"]
        );
        let s = "وزار الرئيس بغداد للمرة الأولى منذ توليه منصبه.";
        assert_eq!(find_claims(s), vec!["للمرة الأولى منذ توليه منصبه"]);
        let s = "وتعد الزيارة الأولى من نوعها لوزير خارجية سوري.";
        assert_eq!(find_claims(s), vec!["الأولى من نوعها لوزير خارجية سوري"]);
    }

    #[test]
    fn ordinals_without_a_bound_are_not_claims() {
        assert!(find_claims("وكان اللقاء الأول بين الجانبين قد عقد في آذار.").is_empty());
        assert!(find_claims("قال الوزير إن المرحلة الأولى من الاتفاق بدأت.").is_empty());
    }
}
