#!/usr/bin/env bash
# Throughput of qantara.distributed.align_manifest on Ray beside `qantara batch`: PAIRS
# pairs (default 2,000) cut from 1984 as scripts/bench-batch.sh cuts them, aligned by
# `qantara batch -j 1` and `-j 2` (as running text, as the Python side reads them) and by
# align_manifest with 1 and 2 Ray workers on a local Ray instance (started before the
# clock); pairs per second each, and Ray's overhead as the ratio of batch's rate to Ray's
# at the same parallelism. PYTHON names a Python with qantara, ray[data] and pyarrow
# installed (default: python3). Without the development data the script says so and
# stops.
#
#   PYTHON=.venv/bin/python scripts/bench-distributed.sh [PAIRS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${QANTARA_DEV_DATA:-$root/../shared/data}/hunalign-1984
if [[ ! -f "$data/1984.hu" ]]; then
    echo "bench-distributed: no development data at $data; nothing to measure" >&2
    exit 0
fi
pairs=${1:-2000}
python=${PYTHON:-python3}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=${QANTARA_BIN:-$root/target/release/qantara}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/cut-1984-pairs.py" "$data" "$work/pairs" "$pairs"

printf '%-22s %8s %10s\n' run wall-s pairs/s
for jobs in 1 2; do
    start=$(date +%s.%N)
    "$qantara" --quiet batch "$work/pairs/manifest.tsv" --src-lang hu --tgt-lang en \
        --db "$work/batch-$jobs.db" -j "$jobs" > /dev/null
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc -l)
    printf '%-22s %8.1f %10.1f\n' "qantara batch -j $jobs" "$wall" "$(echo "$pairs / $wall" | bc -l)"
    echo "$jobs $wall" >> "$work/batch-times"
done
"$python" - "$work" "$pairs" <<'PY'
import sys, time
import ray
from qantara import distributed
work, pairs = sys.argv[1], int(sys.argv[2])
batch = dict(line.split() for line in open(f"{work}/batch-times"))
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
for workers in (1, 2):
    start = time.perf_counter()
    counts = distributed.align_manifest(f"{work}/pairs/manifest.tsv", f"{work}/ray-{workers}",
                                        src_lang="hu", tgt_lang="en", num_workers=workers)
    wall = time.perf_counter() - start
    assert counts["aligned"] == pairs, counts
    overhead = wall / float(batch[str(workers)])
    print("%-22s %8.1f %10.1f   (time %.2fx batch -j %d)" % (f"ray, {workers} worker(s)", wall, pairs / wall,
                                                           overhead, workers))
PY
