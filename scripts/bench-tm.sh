#!/usr/bin/env bash
# Translation-memory speed with UNITS units (default 1,000,000) in the database: TMX
# import rate (the search index built as units are stored), the first search (which
# built the index in builds before the index was kept at write), search latency for two-word
# queries, lookup latency, and TMX export rate; release build, figures from the command
# line as a user runs it (process start included). Units are made from the pairs of
# Orwell's 1984 (Hungarian-English, ../shared/data/hunalign-1984), two random pairs
# joined per unit (fixed seed). Without the data the script says so and stops.
#
#   scripts/bench-tm.sh [UNITS]
#   QANTARA_BIN=/path/to/other/qantara scripts/bench-tm.sh     (a baseline build)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${QANTARA_DEV_DATA:-$root/../shared/data}/hunalign-1984
if [[ ! -f "$data/1984.hu" ]]; then
    echo "bench-tm: no development data at $data; nothing to measure" >&2
    exit 0
fi
units=${1:-1000000}
if [[ -n "${QANTARA_BIN:-}" ]]; then
    qantara=$QANTARA_BIN
else
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    qantara=$root/target/release/qantara
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QANTARA_DB=$work/tm.db

python3 - "$data" "$work" "$units" <<'PY'
import random, re, sys
from xml.sax.saxutils import escape
data, work, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
hu = open(f"{data}/1984.hu", encoding="utf-8").read().splitlines()
en = open(f"{data}/1984.en", encoding="utf-8").read().splitlines()
pairs = []
for line in open(f"{data}/1984.gold"):
    s, t = (g.split(",") for g in re.match(r"\[(.*)\]:\[(.*)\]", line.strip()).groups())
    s, t = [int(x) for x in s if x.strip()], [int(x) for x in t if x.strip()]
    if s and t:
        pairs.append((" ".join(hu[i] for i in s), " ".join(en[j] for j in t)))
random.seed(1984)
with open(f"{work}/tm.tmx", "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="hu" '
              'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
              'creationtoolversion="1"/><body>\n')
    for _ in range(count):
        (s1, t1), (s2, t2) = random.choice(pairs), random.choice(pairs)
        out.write(f'<tu><tuv xml:lang="hu"><seg>{escape(s1 + " " + s2)}</seg></tuv>'
                  f'<tuv xml:lang="en"><seg>{escape(t1 + " " + t2)}</seg></tuv></tu>\n')
    out.write("</body></tmx>\n")
# Queries: two-word phrases and sentences (one word dropped) from the data.
words = [w for _, t in pairs for w in re.findall(r"[A-Za-z]{4,}", t)]
with open(f"{work}/queries", "w") as q:
    for _ in range(20):
        q.write(f"{random.choice(words)} {random.choice(words)}\n")
with open(f"{work}/sentences", "w", encoding="utf-8") as q:
    for _ in range(20):
        s = random.choice(pairs)[0].split()
        if len(s) > 3:
            del s[len(s) // 2]
        q.write(" ".join(s) + "\n")
PY

# Wall seconds of a command (its output discarded; a search that finds nothing exits 1).
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
# The median of numbers on stdin, in milliseconds.
median_ms() {
    sort -n | awk '{v[NR] = $1} END {printf "%.1f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) * 1000}'
}

/usr/bin/time -f "%e %M" -o "$work/time" "$qantara" --quiet import "$work/tm.tmx"
read -r import_s import_kb < "$work/time"
index_s=$(seconds "$qantara" --quiet search "first query")
search_ms=$(while read -r a b; do seconds "$qantara" --quiet search "$a" "$b"; done < "$work/queries" | median_ms)
lookup_ms=$(while read -r s; do seconds "$qantara" --quiet lookup "$s" --min 50; done < "$work/sentences" | median_ms)
/usr/bin/time -f "%e %M" -o "$work/time" "$qantara" --quiet export --all --format tmx -o "$work/out.tmx"
read -r export_s export_kb < "$work/time"
/usr/bin/time -f "%e %M" -o "$work/time" "$qantara" --quiet export --all --format tsv -o "$work/out.tsv"
read -r tsv_s tsv_kb < "$work/time"
/usr/bin/time -f "%e %M" -o "$work/time" "$qantara" --quiet export --all -o "$work/out.parquet"
read -r parquet_s parquet_kb < "$work/time"

printf 'units                 %d\n' "$units"
printf 'import                %.1f s, %.0f units/s, peak %.0f MB\n' "$import_s" "$(echo "$units / $import_s" | bc -l)" "$(echo "$import_kb / 1024" | bc -l)"
printf 'first search (index)  %.1f s\n' "$index_s"
printf 'search, two words     %s ms median of 20\n' "$search_ms"
printf 'lookup                %s ms median of 20\n' "$lookup_ms"
printf 'export TMX            %.1f s, %.0f units/s, peak %.0f MB\n' "$export_s" "$(echo "$units / $export_s" | bc -l)" "$(echo "$export_kb / 1024" | bc -l)"
for format in tsv parquet; do
    s_var=${format}_s kb_var=${format}_kb
    printf 'export %-14s %.1f s, %.0f units/s, peak %.0f MB, file %.0f MB\n' "${format^^}" "${!s_var}" \
        "$(echo "$units / ${!s_var}" | bc -l)" "$(echo "${!kb_var} / 1024" | bc -l)" \
        "$(echo "$(stat -c %s "$work/out.$format") / 1048576" | bc -l)"
done
