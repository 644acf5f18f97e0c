#!/usr/bin/env python3
"""dateparser baseline for `isnad eval time` (isnad_eval::time::run calls it).

Reads JSON on stdin: [{"id": ..., "text": ..., "dct": "YYYY-MM-DD"}, ...]
Writes JSON on stdout: {"version": ..., "seconds": ..., "results": {id: [[surface, iso_datetime], ...]}}
Each text goes through dateparser.search.search_dates(text, languages=["ar"],
settings={"RELATIVE_BASE": dct}). Exit status 3 when dateparser is not installed
(install it with `pip install dateparser`).
"""
import datetime
import json
import sys
import time

try:
    import dateparser
    from dateparser.search import search_dates
except ImportError:
    print("dateparser is not installed: pip install dateparser", file=sys.stderr)
    sys.exit(3)


def main():
    docs = json.load(sys.stdin)
    out = {}
    t0 = time.perf_counter()
    for d in docs:
        base = datetime.datetime.fromisoformat(d["dct"])
        try:
            found = search_dates(d["text"], languages=["ar"], settings={"RELATIVE_BASE": base}) or []
        except Exception as e:  # dateparser raises on some inputs; count as nothing found
            print(f"{d['id']}: dateparser failed: {e}", file=sys.stderr)
            found = []
        out[d["id"]] = [[s, dt.isoformat()] for s, dt in found]
    secs = time.perf_counter() - t0
    json.dump({"version": dateparser.__version__, "seconds": secs, "results": out}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
