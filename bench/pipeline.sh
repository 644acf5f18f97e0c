#!/usr/bin/env bash
# Ingest + clean + dedup over all of SaudiNewsNet: isnad against the Python
# stack (trafilatura + datasketch MinHashLSH), in one run, on this machine.
#   pip install trafilatura lxml_html_clean datasketch
#   bench/pipeline.sh [../shared/datasets/saudinewsnet/dataset]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/datasets/saudinewsnet/dataset}
cargo build --release -q -p isnad-cli
echo "== machine: $(nproc) cores, $(uname -m)"
echo "== isnad bench (all cores)"
/usr/bin/time -f "wall %e s, max RSS %M KB" ./target/release/isnad bench "$DATA"
echo "== isnad bench (1 thread)"
/usr/bin/time -f "wall %e s, max RSS %M KB" ./target/release/isnad bench --threads 1 "$DATA"
echo "== isnad bench --all (every per-document stage: + dates, entities, events)"
/usr/bin/time -f "wall %e s, max RSS %M KB" ./target/release/isnad bench --all "$DATA"
echo "== isnad analyze into SQLite (all cores, fresh store)"
rm -f /tmp/isnad-bench.db*
/usr/bin/time -f "wall %e s, max RSS %M KB" ./target/release/isnad analyze -q "$DATA" --db /tmp/isnad-bench.db
echo "== python: trafilatura + datasketch (1 process)"
/usr/bin/time -f "wall %e s, max RSS %M KB" python3 bench/python_pipeline.py "$DATA"
