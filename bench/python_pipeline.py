#!/usr/bin/env python3
"""The Python stack people use today for the steps `isnad bench` measures:
trafilatura for cleaning and datasketch MinHashLSH for near-duplicates, on the
same SaudiNewsNet documents, reading the same zips.

SaudiNewsNet `content` is plain text, so each article is wrapped as a minimal
HTML page (one <p> per line, the title in <h1>) before trafilatura.extract, which
is how such a pipeline ingests text. Shingles: word 5-grams of the extracted text
(lower-cased, whitespace-split), 128 permutations, LSH threshold 0.7 (isnad's defaults
are word 3-grams and 0.5, tuned in crates/isnad-dedup/EVAL.md; the cost per document is
the same order either way).

    pip install trafilatura lxml_html_clean datasketch
    python3 bench/python_pipeline.py ../shared/datasets/saudinewsnet/dataset [--limit N]
"""
import glob
import html
import json
import os
import resource
import sys
import time
import zipfile

import trafilatura
from datasketch import MinHash, MinHashLSH


def articles(folder, limit):
    n = 0
    for path in sorted(glob.glob(os.path.join(folder, "*.zip"))):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith(".json"):
                    continue
                data = z.read(name)
                for a in json.loads(data.decode("utf-8")):
                    yield a
                    n += 1
                    if limit and n >= limit:
                        return


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    limit = 0
    if "--limit" in sys.argv:
        limit = int(sys.argv[sys.argv.index("--limit") + 1])
        args = [a for a in args if a != str(limit)]
    folder = args[0] if args else "../shared/datasets/saudinewsnet/dataset"
    num_perm, shingle, threshold = 128, 5, 0.7
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    t0 = time.perf_counter()
    docs = 0
    nbytes = 0
    clean_s = 0.0
    dedup_s = 0.0
    for i, a in enumerate(articles(folder, limit)):
        content = a.get("content") or ""
        nbytes += len(json.dumps(a, ensure_ascii=False).encode("utf-8"))
        page = "<html><body><article><h1>%s</h1>%s</article></body></html>" % (
            html.escape(a.get("title") or ""),
            "".join("<p>%s</p>" % html.escape(line) for line in content.split("\n") if line.strip()),
        )
        t = time.perf_counter()
        text = trafilatura.extract(page) or ""
        clean_s += time.perf_counter() - t
        t = time.perf_counter()
        words = text.lower().split()
        m = MinHash(num_perm=num_perm)
        grams = {" ".join(words[j:j + shingle]) for j in range(max(1, len(words) - shingle + 1))}
        m.update_batch([g.encode("utf-8") for g in grams])
        lsh.insert(str(i), m)
        dedup_s += time.perf_counter() - t
        docs += 1
    total = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({
        "tool": "python trafilatura %s + datasketch" % trafilatura.__version__,
        "documents": docs,
        "input_mb": round(nbytes / 1e6, 1),
        "clean_s": round(clean_s, 2),
        "dedup_s": round(dedup_s, 2),
        "total_s": round(total, 2),
        "docs_per_s": round(docs / total, 1),
        "mb_per_s": round(nbytes / 1e6 / total, 2),
        "peak_rss_mb": round(rss),
    }, indent=2))


if __name__ == "__main__":
    main()
