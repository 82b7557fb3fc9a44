#!/usr/bin/env bash
# What a corpus-wide lexicon (`qantara batch --two-pass`) gains over aligning each pair on
# its own: the development sets cut into documents (Orwell's 1984 into chapters of about
# 300 sentences, Text+Berg into articles of about 100, the two alignar-dev texts as they
# are), aligned as one batch with one pass and with two, each scored with `qantara eval`
# (counts summed over the documents of a set). The data sets are not part of the
# repository; without them the script says so and stops.
#
#   scripts/eval-batch.sh [DATA_DIR]
#
# CHAPTER sets the length of the 1984 chapters (default 300): the shorter the documents,
# the less each can learn on its own, and the more the corpus lexicon gains.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
if [[ ! -f "$data/hunalign-1984/1984.hu" ]]; then
    echo "eval-batch: no development data at $data; nothing to evaluate" >&2
    exit 0
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=$root/target/release/qantara
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Cut each set into documents at bead boundaries of its reference, and write a manifest
# with the languages of each pair and the reference of each document beside it.
d=$data
python3 "$root/scripts/cut-documents.py" "$work" \
    1984 "$d/hunalign-1984/1984.hu" "$d/hunalign-1984/1984.en" "$d/hunalign-1984/1984.gold" "${CHAPTER:-300}" hu en \
    textberg "$d/textberg-dev/dev.de" "$d/textberg-dev/dev.fr" "$d/textberg-dev/dev.defr" 100 de fr \
    alignar-law_001 "$d/alignar-dev/alignar_law_001.ar" "$d/alignar-dev/alignar_law_001.en" \
    "$d/alignar-dev/alignar_law_001.gold" 1000000000 ar en \
    alignar-lit_002 "$d/alignar-dev/alignar_lit_002.ar" "$d/alignar-dev/alignar_lit_002.en" \
    "$d/alignar-dev/alignar_lit_002.gold" 1000000000 ar en

# Writes each document's beads from database $1 into $work/<doc>.<label>.
export_beads() {
    python3 - "$1" "$work" "$2" <<'PY'
import sqlite3, sys
db, work, label = sys.argv[1:]
con = sqlite3.connect(db)
for pair, alignment in con.execute("SELECT pair, alignment_id FROM batch_pairs WHERE status = 'aligned'"):
    with open(f"{work}/{pair}.{label}", "w") as out:
        for s0, s1, t0, t1 in con.execute(
                "SELECT source_start, source_end, target_start, target_end FROM beads "
                "WHERE alignment_id = ? ORDER BY position", (alignment,)):
            out.write("[%s]:[%s]\n" % (", ".join(map(str, range(s0, s1))), ", ".join(map(str, range(t0, t1)))))
PY
}

for passes in one two; do
    options=()
    [[ $passes == two ]] && options=(--two-pass)
    "$qantara" --quiet batch "$work/manifest.tsv" --pre-segmented --db "$work/$passes.db" \
        "${options[@]}" --format json > "$work/$passes.json"
    export_beads "$work/$passes.db" "$passes"
done

printf '%-18s %5s %8s %8s %8s   %8s %8s %8s\n' set docs S-P S-R S-F1 L-P L-R L-F1
for set in 1984 textberg alignar-law_001 alignar-lit_002; do
    for passes in one two; do
        golds=("$work/$set"-*.gold)
        tests=("${golds[@]/%.gold/.$passes}")
        json=$("$qantara" eval --gold "${golds[@]}" --test "${tests[@]}" --format json)
        python3 - "$set ($passes)" "${#golds[@]}" "$json" <<'PY'
import json, sys
name, docs, scores = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
s, l = scores["strict"], scores["lax"]
print("%-18s %5s %8.4f %8.4f %8.4f   %8.4f %8.4f %8.4f" % (name, docs, s["precision"], s["recall"], s["f1"], l["precision"], l["recall"], l["f1"]))
PY
    done
done
python3 - "$work/two.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
print("corpus lexicon: %d word pairs; two-pass run %.1f s" % (summary["lexicon_pairs"], summary["seconds"]))
PY
