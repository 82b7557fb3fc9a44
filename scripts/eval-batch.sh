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
python3 - "$data" "$work" <<'PY'
import os, re, sys
data, work = sys.argv[1:]

def beads(path):
    out = []
    for line in open(path):
        m = re.match(r"\[(.*)\]:\[(.*)\]", line.strip())
        if m:
            out.append(tuple([int(x) for x in g.split(",") if x.strip()] for g in m.groups()))
    return out

def cut(name, src, tgt, gold, size, langs, manifest):
    src = open(src, encoding="utf-8").read().splitlines()
    tgt = open(tgt, encoding="utf-8").read().splitlines()
    gold = beads(gold)
    # A cut may fall before bead k when every earlier index is below every later one.
    later_s = [len(src)] * (len(gold) + 1)
    later_t = [len(tgt)] * (len(gold) + 1)
    for k in range(len(gold) - 1, -1, -1):
        later_s[k] = min([later_s[k + 1]] + gold[k][0])
        later_t[k] = min([later_t[k + 1]] + gold[k][1])
    start, start_s, start_t, part = 0, 0, 0, 0
    seen_s = seen_t = -1
    for k in range(len(gold) + 1):
        if k < len(gold):
            if not (later_s[k] - start_s >= size and seen_s < later_s[k] and seen_t < later_t[k]):
                seen_s = max([seen_s] + gold[k][0])
                seen_t = max([seen_t] + gold[k][1])
                continue
        end_s, end_t = (later_s[k], later_t[k]) if k < len(gold) else (len(src), len(tgt))
        doc = f"{name}-{part:03d}"
        with open(f"{work}/{doc}.src", "w", encoding="utf-8") as f:
            f.write("\n".join(src[start_s:end_s]) + "\n")
        with open(f"{work}/{doc}.tgt", "w", encoding="utf-8") as f:
            f.write("\n".join(tgt[start_t:end_t]) + "\n")
        with open(f"{work}/{doc}.gold", "w") as f:
            for s, t in gold[start:k]:
                f.write("[%s]:[%s]\n" % (", ".join(str(i - start_s) for i in s),
                                         ", ".join(str(j - start_t) for j in t)))
        manifest.write(f"{doc}\t{doc}.src\t{doc}.tgt\t{langs[0]}\t{langs[1]}\n")
        start, start_s, start_t, part = k, end_s, end_t, part + 1
        if k < len(gold):
            seen_s = max([seen_s] + gold[k][0])
            seen_t = max([seen_t] + gold[k][1])

with open(f"{work}/manifest.tsv", "w") as manifest:
    manifest.write("id\tsource\ttarget\tsource_lang\ttarget_lang\n")
    d = data
    cut("1984", f"{d}/hunalign-1984/1984.hu", f"{d}/hunalign-1984/1984.en",
        f"{d}/hunalign-1984/1984.gold", int(os.environ.get("CHAPTER", "300")), ("hu", "en"), manifest)
    cut("textberg", f"{d}/textberg-dev/dev.de", f"{d}/textberg-dev/dev.fr",
        f"{d}/textberg-dev/dev.defr", 100, ("de", "fr"), manifest)
    for doc in ("law_001", "lit_002"):
        base = f"{d}/alignar-dev/alignar_{doc}"
        cut(f"alignar-{doc}", f"{base}.ar", f"{base}.en", f"{base}.gold", 10**9, ("ar", "en"), manifest)
PY

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
