#!/usr/bin/env python3
"""Python baseline for isnad's dedup stage: datasketch MinHash + MinHashLSH.

What it does, so the numbers compare with `isnad eval dedup` (Rust):

* Reads the 18 SaudiNewsNet zips itself (file-name order, records in array
  order; a document's key is `YYYY-MM-DD.json#index`, as in the Rust eval).
* Normalises `content` with a line-for-line Python port of
  `isnad_arabic::normalize` (NFKC on presentation forms, no diacritics or
  tatweel, ASCII digits, alef/ya/ta-marbuta folds, lower-case Latin), splits
  words on non-alphanumeric characters, and shingles word 3-grams (a shorter
  text is one shingle of all its words; a text without words is skipped).
* datasketch `MinHash.bulk` (128 permutations) and `MinHashLSH` with the same
  bands x rows (32 x 4) as the Rust default; candidates are verified by
  estimated Jaccard >= 0.5. Exact copies (same word sequence) always join.
* Groups with the same rule as the Rust detector (`--linkage canonical`):
  pairs strongest first, two groups merge only if their canonical (first-read)
  documents are themselves copies. `--linkage single` is plain union-find.
* Scores pair precision/recall against the SILVER PAIRS WRITTEN BY THE RUST
  EVAL: run it first with `ISNAD_DEDUP_PAIRS_OUT=/tmp/silver_pairs.json`
  (see crates/isnad-eval/src/dedup.rs). The file also carries every document's
  word count, which this script checks so that both sides read and normalise
  the same documents.

Speed is reported as documents per second for signatures + grouping, from
normalised text (normalisation is timed apart), the same span the Rust eval's
`docs/s` covers.

Usage:
    pip install datasketch
    python3 bench/dedup_baseline.py --pairs /tmp/silver_pairs.json \
        [--shared ../shared] [--threshold 0.5] [--linkage canonical|single]
"""

import argparse
import glob
import json
import os
import re
import sys
import time
import unicodedata
import zipfile

try:
    from datasketch import MinHash, MinHashLSH
except ImportError:  # pragma: no cover - a message instead of a traceback
    sys.exit("dedup_baseline.py: datasketch is not installed (pip install datasketch)")

# --- the normaliser, ported from crates/isnad-arabic/src/lib.rs -------------

FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي",
        "ة": "ه", "ؤ": "و", "ئ": "ي", "ک": "ك"}


def _needs_nfkc(u):
    return (0xFB50 <= u <= 0xFDFF or 0xFE70 <= u <= 0xFEFF or 0xFF00 <= u <= 0xFFEF
            or 0xFB00 <= u <= 0xFB4F or u == 0xA0 or 0x2000 <= u <= 0x200A or 0xB2 <= u <= 0xBE)


def _one(c, out):
    u = ord(c)
    if 0x610 <= u <= 0x61A or 0x64B <= u <= 0x65F or u == 0x670 or 0x6D6 <= u <= 0x6ED:
        return  # diacritics
    if u == 0x640 or 0x200B <= u <= 0x200F or 0x202A <= u <= 0x202E or 0x2066 <= u <= 0x2069 or u == 0xFEFF:
        return  # tatweel, bidi and zero-width controls
    if 0x660 <= u <= 0x669:
        c = chr(48 + u - 0x660)
    elif 0x6F0 <= u <= 0x6F9:
        c = chr(48 + u - 0x6F0)
    c = FOLD.get(c, c)
    if "A" <= c <= "Z":
        c = c.lower()
    out.append(c)


def normalize(s):
    out = []
    for c in s:
        if _needs_nfkc(ord(c)):
            for d in unicodedata.normalize("NFKC", c):
                _one(d, out)
        else:
            _one(c, out)
    return "".join(out)


WORD = re.compile(r"[^\W_]+")  # runs of alphanumeric characters


def words(s):
    return WORD.findall(s)


def shingles(ws, n):
    if not ws:
        return []
    if len(ws) < n:
        return [" ".join(ws).encode()]
    return [" ".join(ws[i:i + n]).encode() for i in range(len(ws) - n + 1)]


# --- reading -----------------------------------------------------------------

def read_docs(shared):
    folder = os.path.join(shared, "datasets", "saudinewsnet", "dataset")
    zips = sorted(glob.glob(os.path.join(folder, "*.zip")))
    if not zips:
        sys.exit(f"dedup_baseline.py: {folder}: no SaudiNewsNet zips")
    docs = []
    for z in zips:
        try:
            with zipfile.ZipFile(z) as zf:
                for name in zf.namelist():
                    if not name.endswith(".json"):
                        continue
                    base = name.rsplit("/", 1)[-1]
                    for i, a in enumerate(json.loads(zf.read(name))):
                        docs.append((f"{base}#{i}", a.get("source") or "", a.get("content") or ""))
        except (zipfile.BadZipFile, json.JSONDecodeError) as e:
            sys.exit(f"dedup_baseline.py: {z}: {e}")
    return docs


# --- grouping ----------------------------------------------------------------

class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))
        self.size = [1] * n
        self.canon = list(range(n))

    def find(self, x):
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.canon[ra] = min(self.canon[ra], self.canon[rb])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", required=True, help="silver pairs JSON written by the Rust eval")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--threshold", type=float, default=None, help="default: the Rust run's threshold")
    ap.add_argument("--linkage", choices=["canonical", "single"], default="canonical")
    args = ap.parse_args()

    try:
        with open(args.pairs) as f:
            silver = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        sys.exit(f"dedup_baseline.py: {args.pairs}: cannot read the silver pairs ({e}); "
                 "write them with ISNAD_DEDUP_PAIRS_OUT (see the docstring)")
    p = silver["params"]
    num_perm, n, bands, threshold = p["num_perm"], p["shingle_words"], p["bands"], p["threshold"]
    if args.threshold is not None:
        threshold = args.threshold
    rows = num_perm // bands

    t0 = time.perf_counter()
    docs = read_docs(args.shared)
    t_read = time.perf_counter() - t0
    if [d[0] for d in docs] != silver["keys"]:
        sys.exit("dedup_baseline.py: the documents differ from the Rust eval's (keys do not match)")

    t0 = time.perf_counter()
    norm = [normalize(c) for _, _, c in docs]
    t_norm = time.perf_counter() - t0

    # Signatures: tokenise + shingle + MinHash, from normalised text.
    t0 = time.perf_counter()
    toks = [words(t) for t in norm]
    sh = [shingles(w, n) for w in toks]
    live = [i for i, s in enumerate(sh) if s]
    sigs = dict(zip(live, MinHash.bulk((sh[i] for i in live), num_perm=num_perm, seed=1)))
    t_sig = time.perf_counter() - t0
    mismatched = sum(len(w) != c for w, c in zip(toks, silver["word_counts"]))

    # Grouping: exact copies, LSH candidates, verification, linkage.
    t0 = time.perf_counter()
    uf = UnionFind(len(docs))
    first_of = {}
    reps = []
    for i in live:
        key = tuple(toks[i])
        if key in first_of:
            uf.union(i, first_of[key])
        else:
            first_of[key] = i
            reps.append(i)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=(bands, rows))
    with lsh.insertion_session() as session:
        for i in reps:
            session.insert(i, sigs[i], check_duplication=False)
    edges = []
    for i in reps:
        for j in lsh.query(sigs[i]):
            if j > i:
                s = sigs[i].jaccard(sigs[j])
                if s >= threshold:
                    edges.append((-s, i, j))
    edges.sort()
    for _, a, b in edges:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        if args.linkage == "single" or sigs[uf.canon[ra]].jaccard(sigs[uf.canon[rb]]) >= threshold:
            uf.union(a, b)
    groups = {}
    for i in range(len(docs)):
        groups.setdefault(uf.find(i), []).append(i)
    groups = [g for g in groups.values() if len(g) > 1]
    t_group = time.perf_counter() - t0

    # Scoring, with the Rust eval's definitions (cross-outlet pairs only).
    gold = {(a, b) for a, b, _ in silver["pairs"]}
    pred = set()
    for g in groups:
        for x, a in enumerate(g):
            for b in g[x + 1:]:
                if docs[a][1] != docs[b][1]:
                    pred.add((min(a, b), max(a, b)))
    tp = len(pred & gold)
    prec = tp / len(pred) if pred else 0.0
    rec = tp / len(gold) if gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    print("dedup baseline — datasketch MinHash + MinHashLSH")
    print(f"docs {len(docs)} (with words {len(live)}), word-count mismatches vs Rust {mismatched}")
    print(f"params: num_perm {num_perm} shingle_words {n} bands {bands} (rows {rows}) "
          f"threshold {threshold} linkage {args.linkage}")
    print(f"pair precision {100 * prec:5.1f}%  recall {100 * rec:5.1f}%  F1 {100 * f1:5.1f}%  "
          f"(predicted cross-outlet pairs {len(pred)}, true {tp}, silver {len(gold)})")
    print(f"groups {len(groups)} holding {sum(map(len, groups))} docs (largest {max(map(len, groups), default=0)})")
    print(f"time: read {t_read:.2f}s, normalise {t_norm:.2f}s, signatures {t_sig:.2f}s, "
          f"group {t_group:.2f}s -> {len(docs) / (t_sig + t_group):.0f} docs/s (signatures + grouping)")


if __name__ == "__main__":
    main()
