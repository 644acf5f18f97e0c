//! A linear-chain CRF trained by stochastic gradient ascent with L2
//! regularisation (lazy scaling), as an alternative learner to the averaged
//! perceptron. Same features, same runtime model ([`crate::perceptron::Linear`]):
//! only the training differs, so the two can be compared on dev.

use crate::hash::Rng;
use crate::perceptron::{Example, Scheme};

/// Settings of the SGD CRF.
#[derive(Debug, Clone, Copy)]
pub struct CrfOptions {
    /// Initial learning rate; decays as `eta0 / (1 + t / n_sentences)`.
    pub eta0: f32,
    /// L2 strength per sentence (`1 / (C · N)` in the usual notation).
    pub l2: f32,
}

impl Default for CrfOptions {
    fn default() -> Self {
        CrfOptions {
            eta0: 0.05,
            l2: 1e-5,
        }
    }
}

pub struct CrfTrainer {
    pub l: usize,
    pub mask: Vec<bool>,
    opts: CrfOptions,
    /// Weights are `scale × v`.
    v: Vec<f32>,
    tv: Vec<f32>,
    scale: f32,
    t: f32,
    n_sent: f32,
}

fn logsumexp(xs: impl Iterator<Item = f32>) -> f32 {
    let v: Vec<f32> = xs.collect();
    let m = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + v.iter().map(|x| (x - m).exp()).sum::<f32>().ln()
}

impl CrfTrainer {
    pub fn new(n_feats: usize, scheme: &Scheme, opts: CrfOptions, n_sent: usize) -> Self {
        let l = scheme.n_labels();
        CrfTrainer {
            l,
            mask: scheme.mask(),
            opts,
            v: vec![0.0; n_feats * l],
            tv: vec![0.0; (l + 1) * l],
            scale: 1.0,
            t: 0.0,
            n_sent: n_sent.max(1) as f32,
        }
    }

    fn rescale(&mut self) {
        let s = self.scale;
        self.v.iter_mut().for_each(|x| *x *= s);
        self.tv.iter_mut().for_each(|x| *x *= s);
        self.scale = 1.0;
    }

    /// One pass in shuffled order; returns the number of sentences whose
    /// Viterbi labels were wrong before their update.
    pub fn epoch(&mut self, data: &[Example], rng: &mut Rng) -> usize {
        let mut order: Vec<usize> = (0..data.len()).collect();
        rng.shuffle(&mut order);
        let mut errors = 0;
        let l = self.l;
        for &i in &order {
            let ex = &data[i];
            let n = ex.gold.len();
            if n == 0 {
                continue;
            }
            let eta = self.opts.eta0 / (1.0 + self.t / self.n_sent);
            self.t += 1.0;
            // Emissions and transitions at the current scale.
            let s = self.scale;
            let mut e = vec![0f32; n * l];
            for (t, fs) in ex.feats.iter().enumerate() {
                for &f in fs {
                    let row = &self.v[f as usize * l..(f as usize + 1) * l];
                    for (x, w) in e[t * l..(t + 1) * l].iter_mut().zip(row) {
                        *x += w * s;
                    }
                }
            }
            let tr: Vec<f32> = self.tv.iter().map(|x| x * s).collect();
            let pred = crate::perceptron::viterbi(&e, n, l, &tr, &self.mask);
            if pred != ex.gold {
                errors += 1;
            }
            let ninf = f32::NEG_INFINITY;
            let mask = self.mask.clone();
            let ok = |p: usize, c: usize| mask[p * l + c];
            let end_ok = |c: usize| mask.get((l + 1) * l + c).copied().unwrap_or(true);
            // Forward.
            let mut alpha = vec![ninf; n * l];
            for c in 0..l {
                if ok(l, c) {
                    alpha[c] = e[c] + tr[l * l + c];
                }
            }
            for t in 1..n {
                for c in 0..l {
                    let v = logsumexp(
                        (0..l)
                            .filter(|&p| ok(p, c))
                            .map(|p| alpha[(t - 1) * l + p] + tr[p * l + c]),
                    );
                    alpha[t * l + c] = v + e[t * l + c];
                }
            }
            // Backward.
            let mut beta = vec![ninf; n * l];
            for c in 0..l {
                if end_ok(c) {
                    beta[(n - 1) * l + c] = 0.0;
                }
            }
            for t in (0..n - 1).rev() {
                for p in 0..l {
                    beta[t * l + p] = logsumexp(
                        (0..l)
                            .filter(|&c| ok(p, c))
                            .map(|c| tr[p * l + c] + e[(t + 1) * l + c] + beta[(t + 1) * l + c]),
                    );
                }
            }
            let log_z = logsumexp((0..l).map(|c| alpha[(n - 1) * l + c] + beta[(n - 1) * l + c]));
            if !log_z.is_finite() {
                continue;
            }
            // L2 shrink (lazy), then the gradient step in unscaled units.
            self.scale *= 1.0 - eta * self.opts.l2;
            if self.scale < 1e-6 {
                self.rescale();
            }
            let step = eta / self.scale;
            let mut mu = vec![0f32; l];
            for t in 0..n {
                let g = ex.gold[t] as usize;
                for (c, m) in mu.iter_mut().enumerate() {
                    *m = (alpha[t * l + c] + beta[t * l + c] - log_z).exp();
                }
                for &f in &ex.feats[t] {
                    let b = f as usize * l;
                    self.v[b + g] += step;
                    for (c, &m) in mu.iter().enumerate() {
                        if m > 1e-6 {
                            self.v[b + c] -= step * m;
                        }
                    }
                }
                let gp = if t == 0 { l } else { ex.gold[t - 1] as usize };
                self.tv[gp * l + g] += step;
                if t == 0 {
                    for c in 0..l {
                        let mu = (alpha[c] + beta[c] - log_z).exp();
                        self.tv[l * l + c] -= step * mu;
                    }
                } else {
                    for p in 0..l {
                        let a = alpha[(t - 1) * l + p];
                        if a == ninf {
                            continue;
                        }
                        for c in 0..l {
                            if !ok(p, c) {
                                continue;
                            }
                            let xi =
                                (a + tr[p * l + c] + e[t * l + c] + beta[t * l + c] - log_z).exp();
                            self.tv[p * l + c] -= step * xi;
                        }
                    }
                }
            }
        }
        errors
    }

    /// Current weights (features `n × L`, transitions).
    pub fn weights(&self) -> (Vec<f32>, Vec<f32>) {
        let s = self.scale;
        (
            self.v.iter().map(|x| x * s).collect(),
            self.tv.iter().map(|x| x * s).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityType;

    #[test]
    fn learns_a_toy_pattern() {
        let s = Scheme::bio(vec![EntityType::Per]);
        let data = vec![
            Example {
                feats: vec![vec![1], vec![0], vec![0], vec![1]],
                gold: vec![0, 1, 2, 0],
                dense: vec![],
            },
            Example {
                feats: vec![vec![0], vec![1]],
                gold: vec![1, 0],
                dense: vec![],
            },
        ];
        let mut t = CrfTrainer::new(
            2,
            &s,
            CrfOptions {
                eta0: 0.5,
                l2: 1e-4,
            },
            data.len(),
        );
        let mut rng = Rng::new(3);
        for _ in 0..30 {
            t.epoch(&data, &mut rng);
        }
        let (w, tw) = t.weights();
        let p = crate::perceptron::Trainer::new(2, &s);
        for ex in &data {
            assert_eq!(p.predict(&w, &tw, ex), ex.gold);
        }
    }
}
