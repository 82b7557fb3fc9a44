#!/usr/bin/env bash
# How well confidence predicts correct beads: aligns the development sets in
# ../shared/data (reference sentence splits) with the release build and counts, per
# confidence bucket, the beads and the share that are strictly correct (in the
# reference). Skips with a message when the data is absent.
#
#   scripts/eval-calibration.sh [DATA_DIR]
#
# QANTARA_FREEDICT="ara-eng deu-fra hun-eng" imports those installed FreeDict
# dictionaries first, as scripts/eval-dev.sh does; QANTARA_ALIGN_OPTIONS adds options
# to every `qantara align` (e.g. "--max-bead 6"), as there.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
if [[ ! -d "$data" ]]; then
    echo "eval-calibration: no development data at $data; nothing to evaluate" >&2
    exit 0
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=$root/target/release/qantara
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QANTARA_DB=$work/dev.db
for name in ${QANTARA_FREEDICT:-}; do
    "$qantara" --quiet lexicon import --freedict "$name"
done

# name | source | target | gold | options
sets=(
    "idlib|idlib/idlib.ar.sent|idlib/idlib.en.sent|idlib/idlib.gold|--src-lang ar --tgt-lang en"
    "law_001|alignar-dev/alignar_law_001.ar|alignar-dev/alignar_law_001.en|alignar-dev/alignar_law_001.gold|--src-lang ar --tgt-lang en"
    "lit_002|alignar-dev/alignar_lit_002.ar|alignar-dev/alignar_lit_002.en|alignar-dev/alignar_lit_002.gold|--src-lang ar --tgt-lang en"
    "textberg-dev|textberg-dev/dev.de|textberg-dev/dev.fr|textberg-dev/dev.defr|--src-lang de --tgt-lang fr"
    "hunalign-1984|hunalign-1984/1984.hu|hunalign-1984/1984.en|hunalign-1984/1984.gold|--src-lang hu --tgt-lang en"
)
for entry in "${sets[@]}"; do
    IFS='|' read -r name source target gold options <<<"$entry"
    # shellcheck disable=SC2086 # options are words
    "$qantara" --quiet align --pre-segmented $options ${QANTARA_ALIGN_OPTIONS:-} --format jsonl -o "$work/$name.jsonl" \
        "$data/$source" "$data/$target"
    echo "$name|$data/$gold|$work/$name.jsonl" >> "$work/list"
done
python3 - "$work/list" <<'PY'
import json, re, sys
buckets = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01)]
def beads(path):
    out = set()
    for line in open(path):
        m = re.match(r"\[(.*)\]:\[(.*)\]", line)
        side = lambda s: tuple(int(x) for x in s.split(",") if x.strip())
        out.add((side(m.group(1)), side(m.group(2))))
    return out
totals = {b: [0, 0] for b in buckets}
per_set = []
for line in open(sys.argv[1]):
    name, gold, jsonl = line.strip().split("|")
    reference = beads(gold)
    sure = [0, 0]
    for row in open(jsonl, encoding="utf-8"):
        b = json.loads(row)
        key = (tuple(range(b["source_sentences"]["start"], b["source_sentences"]["end"])),
               tuple(range(b["target_sentences"]["start"], b["target_sentences"]["end"])))
        right = key in reference
        for bucket in buckets:
            if bucket[0] <= b["confidence"] < bucket[1]:
                totals[bucket][0] += 1
                totals[bucket][1] += right
        if b["confidence"] >= 0.9:
            sure[0] += 1
            sure[1] += right
    per_set.append((name, sure))
print("%-12s %7s %9s" % ("confidence", "beads", "correct"))
for (low, high), (count, right) in totals.items():
    label = "%.2f-%.2f" % (low, min(high, 1.0))
    print("%-12s %7d %8.1f%%" % (label, count, 100.0 * right / count if count else 0.0))
for name, (count, right) in per_set:
    print("%-14s beads >= 0.9: %d, correct %.1f%%" % (name, count, 100.0 * right / count if count else 0.0))
PY
