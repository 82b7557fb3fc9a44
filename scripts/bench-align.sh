#!/usr/bin/env bash
# Alignment speed, memory and accuracy on long documents: Orwell's 1984 (Hungarian-English,
# ../shared/data/hunalign-1984) repeated to about 10,000, 50,000 and 200,000 sentences a
# side, aligned by the release build (all passes), timed with /usr/bin/time (wall seconds,
# peak resident memory) and scored against the reference repeated the same way. The data
# set is not part of the repository; without it the script says so and stops.
#
#   scripts/bench-align.sh [COPIES...]      default: 1.5 8 30
#
# QANTARA_BIN times another build of qantara (a baseline) instead of this one.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${QANTARA_DEV_DATA:-$root/../shared/data}/hunalign-1984
if [[ ! -f "$data/1984.hu" ]]; then
    echo "bench-align: no development data at $data; nothing to measure" >&2
    exit 0
fi
copies=("$@")
[[ ${#copies[@]} -gt 0 ]] || copies=(1.5 8 30)

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=${QANTARA_BIN:-$root/target/release/qantara}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-7s %9s %9s %8s %9s %8s %8s\n' copies src-sent tgt-sent wall-s peak-MB S-F1 L-F1
for count in "${copies[@]}"; do
    python3 - "$data" "$work" "$count" <<'PY'
import math, re, sys
data, work, count = sys.argv[1], sys.argv[2], float(sys.argv[3])
hu = open(f"{data}/1984.hu", encoding="utf-8").read().splitlines()
en = open(f"{data}/1984.en", encoding="utf-8").read().splitlines()
gold = open(f"{data}/1984.gold").read().splitlines()
whole, part = int(count), count - int(count)
src, tgt, beads = [], [], []
for copy in range(math.ceil(count)):
    # A fractional last copy takes the first beads of the reference up to that share.
    take = len(gold) if copy < whole else int(len(gold) * part)
    used_s = used_t = 0
    for line in gold[:take]:
        m = re.match(r"\[(.*)\]:\[(.*)\]", line)
        s = [int(x) for x in m.group(1).split(",") if x.strip()]
        t = [int(x) for x in m.group(2).split(",") if x.strip()]
        beads.append(([i + len(src) for i in s], [j + len(tgt) for j in t]))
        used_s = max(used_s, max(s, default=-1) + 1)
        used_t = max(used_t, max(t, default=-1) + 1)
    src += hu[:used_s]
    tgt += en[:used_t]
open(f"{work}/src", "w", encoding="utf-8").write("\n".join(src) + "\n")
open(f"{work}/tgt", "w", encoding="utf-8").write("\n".join(tgt) + "\n")
with open(f"{work}/gold", "w") as out:
    for s, t in beads:
        out.write("[%s]:[%s]\n" % (", ".join(map(str, s)), ", ".join(map(str, t))))
PY
    rm -f "$work/bench.db"*
    /usr/bin/time -f "%e %M" -o "$work/time" "$qantara" --quiet align --pre-segmented \
        --src-lang hu --tgt-lang en --db "$work/bench.db" --format beads -o "$work/test" \
        "$work/src" "$work/tgt"
    read -r wall kb < "$work/time"
    scores=$("$qantara" eval --gold "$work/gold" --test "$work/test" --format json)
    python3 - "$count" "$(wc -l < "$work/src")" "$(wc -l < "$work/tgt")" "$wall" "$kb" "$scores" <<'PY'
import json, sys
count, ns, nt, wall, kb, scores = sys.argv[1:]
s = json.loads(scores)
print("%-7s %9s %9s %8.2f %9.0f %8.4f %8.4f" % (count, ns, nt, float(wall), int(kb) / 1024,
      s["strict"]["f1"], s["lax"]["f1"]))
PY
done
