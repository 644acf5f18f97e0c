use super::*;
use isnad_arabic::normalize;

const ORIGINAL: &str = include_str!("../testdata/wire_original.txt");
const EDITED_COPY: &str = include_str!("../testdata/wire_copy_edited.txt");
const SAME_TOPIC: &str = include_str!("../testdata/same_topic_other_story.txt");
const OTHER_TOPIC: &str = include_str!("../testdata/other_topic.txt");

fn id(s: &str) -> DocId {
    DocId(s.to_string())
}

/// Insert normalised texts in order under ids `d0`, `d1`, ... and group them.
fn group(texts: &[&str]) -> Vec<CopyGroup> {
    let params = DedupParams::default();
    let hasher = MinHasher::new(params);
    let mut det = CopyDetector::new(params);
    for (i, t) in texts.iter().enumerate() {
        let norm = normalize(t);
        det.insert(
            id(&format!("d{i}")),
            hasher.signature(&norm),
            content_hash(&norm),
        );
    }
    det.groups()
}

/// Exact Jaccard of the word-n-gram sets, to check the estimate against.
fn exact_jaccard(a: &str, b: &str, n: usize) -> f64 {
    let set = |t: &str| -> HashSet<String> {
        let w: Vec<&str> = words(t).collect();
        w.windows(n).map(|s| s.join(" ")).collect()
    };
    let (x, y) = (set(a), set(b));
    x.intersection(&y).count() as f64 / x.union(&y).count() as f64
}

#[test]
fn default_params_are_valid() {
    DedupParams::default().validate().unwrap();
    let p = DedupParams::default();
    assert_eq!(p.rows() * p.bands, p.num_perm);
}

#[test]
fn identical_docs_group() {
    let g = group(&[ORIGINAL, OTHER_TOPIC, ORIGINAL]);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].canonical, id("d0"));
    assert_eq!(g[0].copies, vec![(id("d2"), 1.0)]);
}

#[test]
fn edited_copy_groups() {
    // New title, dateline, first line reworded, last paragraph cut, a
    // boilerplate line added, tanwin written on the other letter.
    let (a, b) = (normalize(ORIGINAL), normalize(EDITED_COPY));
    let j = exact_jaccard(&a, &b, DedupParams::default().shingle_words);
    assert!(
        j > 0.6 && j < 0.95,
        "fixture should be a near copy, exact J = {j}"
    );
    let g = group(&[EDITED_COPY, OTHER_TOPIC, ORIGINAL, SAME_TOPIC]);
    assert_eq!(g.len(), 1, "{g:?}");
    assert_eq!(g[0].canonical, id("d0"), "canonical is the first inserted");
    assert_eq!(g[0].copies.len(), 1);
    let (who, sim) = &g[0].copies[0];
    assert_eq!(who, &id("d2"));
    assert!(
        (*sim as f64 - j).abs() < 0.15,
        "estimate {sim} vs exact {j}"
    );
}

#[test]
fn same_topic_different_story_does_not_group() {
    let (a, b) = (normalize(ORIGINAL), normalize(SAME_TOPIC));
    // They share topic words, not text.
    assert!(exact_jaccard(&a, &b, 1) > 0.1);
    assert!(group(&[ORIGINAL, SAME_TOPIC, OTHER_TOPIC]).is_empty());
}

#[test]
fn signatures_are_deterministic() {
    let text = normalize(ORIGINAL);
    let s1 = MinHasher::new(DedupParams::default()).signature(&text);
    let s2 = MinHasher::new(DedupParams::default()).signature(&text);
    assert_eq!(s1, s2);
    // Pinned: the same text must give the same bytes on every machine and
    // every future build, or stored signatures stop matching.
    assert_eq!(
        &s1.values()[..4],
        &[12_772_230, 1_746_538, 5_051_731, 16_850_656]
    );
    // Other shingle sizes give incomparable signatures.
    let other = DedupParams {
        shingle_words: 4,
        ..DedupParams::default()
    };
    let s3 = MinHasher::new(other).signature(&text);
    assert_eq!(s1.jaccard(&s3), 0.0);
}

#[test]
fn estimate_tracks_exact_jaccard() {
    let n = DedupParams::default().shingle_words;
    let hasher = MinHasher::new(DedupParams {
        num_perm: 512,
        bands: 128,
        ..DedupParams::default()
    });
    let texts: Vec<String> = [ORIGINAL, EDITED_COPY, SAME_TOPIC]
        .iter()
        .map(|t| normalize(t))
        .collect();
    // A doc against its own first half: J is about 0.5.
    let half: String = texts[0]
        .chars()
        .take(texts[0].chars().count() / 2)
        .collect();
    for (a, b) in [
        (&texts[0], &texts[1]),
        (&texts[0], &texts[2]),
        (&texts[0], &half),
    ] {
        let exact = exact_jaccard(a, b, n);
        let est = hasher.signature(a).jaccard(&hasher.signature(b)) as f64;
        assert!((exact - est).abs() < 0.08, "exact {exact} estimated {est}");
    }
}

#[test]
fn bytes_round_trip_and_reject_garbage() {
    let sig = MinHasher::new(DedupParams::default()).signature(&normalize(ORIGINAL));
    let bytes = sig.to_bytes();
    assert_eq!(bytes.len(), 8 + 4 * 128);
    assert_eq!(Signature::from_bytes(&bytes), Some(sig.clone()));
    assert_eq!(Signature::from_bytes(&[]), None);
    assert_eq!(Signature::from_bytes(&bytes[..8]), None, "header only");
    assert_eq!(
        Signature::from_bytes(&bytes[..bytes.len() - 1]),
        None,
        "truncated"
    );
    let mut bad = bytes.clone();
    bad[0] = b'X';
    assert_eq!(Signature::from_bytes(&bad), None, "wrong magic");
    let mut v2 = bytes;
    v2[2] = 2;
    assert_eq!(Signature::from_bytes(&v2), None, "unknown version");
    // serde form round-trips too.
    let json = serde_json::to_string(&sig).unwrap();
    assert_eq!(serde_json::from_str::<Signature>(&json).unwrap(), sig);
}

#[test]
fn empty_and_wordless_texts_never_group() {
    let hasher = MinHasher::new(DedupParams::default());
    let e = hasher.signature("");
    assert!(e.is_empty());
    assert_eq!(e.len(), 128);
    assert_eq!(
        hasher.signature(" ،.. - «» "),
        e,
        "punctuation only is empty"
    );
    assert_eq!(e.jaccard(&e), 0.0);
    assert_eq!(Signature::from_bytes(&e.to_bytes()), Some(e));
    assert!(group(&["", "", " . ", ORIGINAL]).is_empty());
}

#[test]
fn short_docs_get_a_signature_from_what_they_have() {
    let hasher = MinHasher::new(DedupParams::default());
    let a = hasher.signature("عاجل");
    let b = hasher.signature("خبر عاجل");
    assert!(!a.is_empty() && !b.is_empty());
    assert_ne!(a, b);
    assert_eq!(a.jaccard(&hasher.signature("عاجل")), 1.0);
    // Identical two-word texts are exact copies; different ones are not.
    let g = group(&["خبر عاجل", "خبر عاجل", "خبر آخر"]);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].copies, vec![(id("d1"), 1.0)]);
}

#[test]
fn exact_copies_join_by_content_hash_even_without_usable_signature() {
    let params = DedupParams::default();
    let hasher = MinHasher::new(params);
    let mut det = CopyDetector::new(params);
    let norm = normalize(ORIGINAL);
    det.insert(id("a"), hasher.signature(&norm), content_hash(&norm));
    // Signature from other parameters: refused for near matching, reported.
    let foreign = MinHasher::new(DedupParams {
        num_perm: 64,
        bands: 16,
        ..params
    })
    .signature(&norm);
    let err = det
        .try_insert(id("b"), foreign, content_hash(&norm))
        .unwrap_err();
    assert!(err
        .to_string()
        .contains("b: signature made with other dedup parameters"));
    // Inserting the same id twice is refused, not double counted.
    let dup = det.try_insert(id("a"), hasher.signature(&norm), content_hash(&norm));
    assert!(matches!(dup, Err(InsertError::DuplicateId(_))));
    assert_eq!(det.len(), 2);
    let g = det.groups();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].copies, vec![(id("b"), 1.0)]);
}

#[test]
fn punctuation_and_spacing_do_not_matter_for_content_hash() {
    assert_eq!(
        content_hash("قال الوزير: «نعم»"),
        content_hash("قال  الوزير \"نعم\"")
    );
    assert_ne!(content_hash("قال الوزير"), content_hash("الوزير قال"));
}

#[test]
fn chains_fold_into_one_group_with_canonical_first() {
    // Three copies, each inserted in an order where the canonical is the
    // first one seen, even though it only matches through the others.
    let g = group(&[EDITED_COPY, ORIGINAL, OTHER_TOPIC, ORIGINAL]);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].canonical, id("d0"));
    let ids: Vec<&DocId> = g[0].copies.iter().map(|(d, _)| d).collect();
    assert_eq!(ids, vec![&id("d1"), &id("d3")]);
}

#[test]
fn bad_params_are_reported_and_clamped() {
    let bad = DedupParams {
        num_perm: 0,
        shingle_words: 0,
        bands: 0,
        threshold: 1.5,
    };
    assert!(bad
        .validate()
        .unwrap_err()
        .to_string()
        .contains("num_perm = 0"));
    let c = bad.clamped();
    c.validate().unwrap();
    let nan = DedupParams {
        threshold: f32::NAN,
        ..DedupParams::default()
    };
    assert!(nan.validate().is_err());
    // Constructors never panic on bad params.
    let h = MinHasher::new(bad);
    let mut det = CopyDetector::new(bad);
    det.insert(id("x"), h.signature("نص"), 1);
    det.insert(id("y"), h.signature("نص"), 1);
    assert_eq!(det.groups().len(), 1);
}

#[test]
fn candidate_probability_is_an_s_curve() {
    let p = DedupParams::default();
    assert!(p.candidate_probability(0.2) < 0.1);
    assert!(p.candidate_probability(p.threshold as f64) > 0.8);
    assert!(p.candidate_probability(0.9) > 0.999);
}

/// xorshift64 for synthetic test sets (not the hasher's own stream).
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn estimates_are_unbiased_with_the_expected_spread() {
    // 400 random pairs of sets of 300 shingles sharing 200 (J = 0.5): the
    // estimate's mean error must be ~0 and its spread that of independent
    // permutations, sqrt(J(1-J)/k). Correlated permutations would widen it.
    let hasher = MinHasher::new(DedupParams::default());
    let k = hasher.params().num_perm as f64;
    let mut state = 0x1234_5678_9abc_def1;
    let (mut sum, mut sum_sq, trials) = (0.0, 0.0, 400);
    for _ in 0..trials {
        let mut draw = |n: usize| -> Vec<u32> {
            (0..n)
                .map(|_| (xorshift(&mut state) >> 32) as u32)
                .collect()
        };
        let shared = draw(200);
        let a = [shared.clone(), draw(100)].concat();
        let b = [shared, draw(100)].concat();
        let est = hasher
            .signature_of_shingles(&a)
            .jaccard(&hasher.signature_of_shingles(&b)) as f64;
        sum += est - 0.5;
        sum_sq += (est - 0.5).powi(2);
    }
    let mean = sum / trials as f64;
    let rmse = (sum_sq / trials as f64).sqrt();
    let theory = (0.25 / k).sqrt();
    assert!(mean.abs() < 0.01, "bias {mean}");
    assert!(
        rmse > 0.8 * theory && rmse < 1.2 * theory,
        "rmse {rmse} vs {theory}"
    );
}

#[test]
fn every_kernel_gives_the_same_bits() {
    // The AVX2 path (when this CPU has it) and the portable one must agree,
    // including a signature length that is not a multiple of the block.
    for num_perm in [128, 100, 7] {
        let p = DedupParams {
            num_perm,
            bands: 1,
            ..DedupParams::default()
        };
        let h = MinHasher::new(p);
        let xs: Vec<u32> = (0..500u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
        let mut portable = vec![u32::MAX; num_perm];
        minhash_portable(&mut portable, &h.mul, &h.add, &xs);
        assert_eq!(h.signature_of_shingles(&xs).values(), &portable[..]);
        // Against the definition, slot by slot.
        for (i, &v) in portable.iter().enumerate() {
            let want = xs
                .iter()
                .map(|&x| {
                    let v = h.mul[i].wrapping_mul(x).wrapping_add(h.add[i]);
                    v ^ (v >> 15)
                })
                .min()
                .unwrap();
            assert_eq!(v, want);
        }
    }
}

#[test]
fn groups_do_not_chain_through_a_middle_document() {
    // A ~ B and B ~ C, but A and C share too little: C must not join A's
    // group through B (the template-chain failure of single linkage).
    let text = |from: usize, to: usize| {
        (from..to)
            .map(|i| format!("كلمه{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b, c) = (text(0, 100), text(20, 120), text(45, 145));
    let n = DedupParams::default().shingle_words;
    assert!(exact_jaccard(&a, &b, n) > 0.6 && exact_jaccard(&b, &c, n) > 0.55);
    assert!(exact_jaccard(&a, &c, n) < 0.4);
    let g = group(&[&a, &b, &c]);
    assert_eq!(g.len(), 1, "{g:?}");
    assert_eq!(g[0].canonical, id("d0"));
    assert_eq!(g[0].copies.len(), 1);
    assert_eq!(g[0].copies[0].0, id("d1"));
}
