//! CoNLL exact-span scoring: a predicted span counts only when its start,
//! end and type all equal a gold span's.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::EntityType;

/// True/false positives and false negatives for one type (or overall).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Per-type counts plus the micro total.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    pub per_type: BTreeMap<EntityType, Counts>,
    pub micro: Counts,
}

impl Scores {
    /// Add one unit's (sentence's or document's) gold and predicted spans,
    /// given as `(start, end, type)` in any common coordinate.
    pub fn add<T: Ord + Copy>(&mut self, gold: &[(T, T, EntityType)], pred: &[(T, T, EntityType)]) {
        let mut g: Vec<_> = gold.to_vec();
        let mut p: Vec<_> = pred.to_vec();
        g.sort();
        g.dedup();
        p.sort();
        p.dedup();
        for s in &p {
            let c = self.per_type.entry(s.2).or_default();
            if g.binary_search(s).is_ok() {
                c.tp += 1;
                self.micro.tp += 1;
            } else {
                c.fp += 1;
                self.micro.fp += 1;
            }
        }
        for s in &g {
            if p.binary_search(s).is_err() {
                self.per_type.entry(s.2).or_default().fn_ += 1;
                self.micro.fn_ += 1;
            }
        }
    }

    /// The table: one row per type then `micro`, P/R/F1 in percent.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<7} {:>6} {:>6} {:>6} {:>6} {:>6}\n",
            "type", "P", "R", "F1", "gold", "pred"
        );
        let mut row = |name: &str, c: &Counts| {
            s.push_str(&format!(
                "{:<7} {:>6.2} {:>6.2} {:>6.2} {:>6} {:>6}\n",
                name,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.tp + c.fn_,
                c.tp + c.fp
            ));
        };
        for (t, c) in &self.per_type {
            row(t.as_str(), c);
        }
        row("micro", &self.micro);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_span_counting() {
        let mut s = Scores::default();
        let gold = [(0, 2, EntityType::Per), (5, 6, EntityType::Loc)];
        let pred = [
            (0, 2, EntityType::Per),
            (5, 7, EntityType::Loc),
            (8, 9, EntityType::Org),
        ];
        s.add(&gold, &pred);
        assert_eq!(
            s.micro,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 1
            }
        );
        assert!((s.micro.precision() - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.micro.recall() - 0.5).abs() < 1e-9);
        assert_eq!(
            s.per_type[&EntityType::Loc],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert!(s.table().contains("micro"));
    }
}
