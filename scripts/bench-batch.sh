#!/usr/bin/env bash
# Batch throughput and memory: document pairs of 20 to 200 sentences cut at random from
# Orwell's 1984 (Hungarian-English, ../shared/data/hunalign-1984; fixed seed), aligned by
# `qantara batch` (release build) into a fresh database. Reports pairs and sentences per
# second with -j 1 and -j 2 over PAIRS pairs, peak resident memory over 1,000 and PAIRS
# pairs, and how fast the writer stores sentences (sentences of both sides per second of
# database writing, from the run's own summary). Without the data the script says so and
# stops.
#
#   scripts/bench-batch.sh [PAIRS]      default: 10000
#
# SKIP_SMALL=1 leaves out the 1,000-pair run, SKIP_J1=1 the one-thread run; QANTARA_BIN
# times another build of qantara.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${QANTARA_DEV_DATA:-$root/../shared/data}/hunalign-1984
if [[ ! -f "$data/1984.hu" ]]; then
    echo "bench-batch: no development data at $data; nothing to measure" >&2
    exit 0
fi
pairs=${1:-10000}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=${QANTARA_BIN:-$root/target/release/qantara}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes $2 pairs into $work/$1/ with a manifest.
generate() {
    python3 "$root/scripts/cut-1984-pairs.py" "$data" "$work/$1" "$2"
}

# Runs a batch over corpus $1 with $2 threads; prints one line of figures.
measure() {
    local corpus=$1 jobs=$2
    rm -f "$work/bench.db"*
    /usr/bin/time -f "%e %M" -o "$work/time" "$qantara" --quiet batch "$work/$corpus/manifest.tsv" \
        --pre-segmented --src-lang hu --tgt-lang en --db "$work/bench.db" -j "$jobs" \
        --format json > "$work/summary.json"
    read -r wall kb < "$work/time"
    python3 - "$corpus" "$jobs" "$wall" "$kb" "$work/summary.json" <<'PY'
import json, sys
corpus, jobs, wall, kb, path = sys.argv[1:]
s = json.load(open(path))
sentences = s["source_sentences"] + s["target_sentences"]
print("%-8s %4s %8.1f %10.1f %12.0f %9.0f %14.0f" % (s["pairs"], jobs, float(wall), s["pairs"] / float(wall),
      sentences / float(wall), int(kb) / 1024, s["sentences_stored_per_second"]))
PY
}

[[ -n "${SKIP_SMALL:-}" ]] || generate small 1000
generate large "$pairs"
printf '%-8s %4s %8s %10s %12s %9s %14s\n' pairs jobs wall-s pairs/s sentences/s peak-MB stored-sent/s
[[ -n "${SKIP_SMALL:-}" ]] || measure small 2
[[ -n "${SKIP_J1:-}" ]] || measure large 1
measure large 2
