#!/usr/bin/env bash
# What a lexicon learned from the memory (`qantara lexicon learn`) gains: Orwell's 1984
# (Hungarian-English, ../shared/data/hunalign-1984) cut into chapters of about CHAPTER
# sentences (default 300); all but the last three are aligned into a database (last
# year's memory), a lexicon is learned from it, and the last three are aligned with it;
# they are also aligned alone in a fresh database. Both are scored with `qantara eval`
# (counts summed over the three chapters). Without the data the script says so and
# stops.
#
#   scripts/eval-memory.sh [DATA_DIR]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
if [[ ! -f "$data/hunalign-1984/1984.hu" ]]; then
    echo "eval-memory: no development data at $data; nothing to evaluate" >&2
    exit 0
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=$root/target/release/qantara
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

d=$data/hunalign-1984
python3 "$root/scripts/cut-documents.py" "$work" 1984 "$d/1984.hu" "$d/1984.en" "$d/1984.gold" "${CHAPTER:-300}" hu en
head -n 1 "$work/manifest.tsv" | tee "$work/memory.tsv" > "$work/new.tsv"
tail -n +2 "$work/manifest.tsv" | head -n -3 >> "$work/memory.tsv"
tail -n 3 "$work/manifest.tsv" >> "$work/new.tsv"

# Aligns the pairs of the new chapters with database $1 and scores them.
score_new() {
    "$qantara" --quiet batch "$work/new.tsv" --pre-segmented --db "$1" --format json > /dev/null
    local tests=() golds=()
    while IFS=$'\t' read -r id _; do
        "$qantara" --quiet export --db "$1" --format beads -o "$work/$id.test" \
            --alignment "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT alignment_id FROM batch_pairs WHERE pair = ?", (sys.argv[2],)).fetchone()[0])' "$1" "$id")"
        tests+=("$work/$id.test")
        golds+=("$work/$id.gold")
    done < <(tail -n +2 "$work/new.tsv")
    "$qantara" eval --gold "${golds[@]}" --test "${tests[@]}" --format json
}

"$qantara" --quiet batch "$work/memory.tsv" --pre-segmented --db "$work/memory.db" --format json > /dev/null
learned=$("$qantara" lexicon learn --db "$work/memory.db" 2>&1)
with=$(score_new "$work/memory.db")
alone=$(score_new "$work/alone.db")
printf '%-28s %8s %8s %8s   %8s %8s %8s\n' "last 3 chapters of 1984" S-P S-R S-F1 L-P L-R L-F1
for row in "alone|$alone" "with the memory's lexicon|$with"; do
    python3 - "${row%%|*}" "${row#*|}" <<'PY'
import json, sys
s = json.loads(sys.argv[2])
print("%-28s %8.4f %8.4f %8.4f   %8.4f %8.4f %8.4f" % (sys.argv[1],
      s["strict"]["precision"], s["strict"]["recall"], s["strict"]["f1"],
      s["lax"]["precision"], s["lax"]["recall"], s["lax"]["f1"]))
PY
done
echo "${learned#qantara: }"
