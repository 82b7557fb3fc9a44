#!/usr/bin/env bash
# Stress benchmark of the alignment search: inputs whose shape has made aligners lose the
# path or their time, built from the development data beside the repository
# (../shared/data), aligned by the release build and scored against their references.
#
# Families (each at the sizes given; FAMILIES restricts the list, SIZES the sizes):
#   textberg-repeat   Text+Berg (de-fr, 40 omitted sentences a copy) repeated to N a side
#   1984-gaps         1984 (hu-en) repeated to N a side, a different chapter of 300 sentences
#                     removed from each copy, from the source and the target in turn
#   1984-chapter-src  1984 whole, with 1,500 consecutive source sentences removed
#   1984-chapter-tgt  1984 whole, with 1,500 consecutive target sentences removed
#   1984-excerpt-src  1984's English whole against the Hungarian of its first 800 beads only
#   1984-excerpt-tgt  1984's Hungarian whole against the English of its first 800 beads only
#   unrelated         1984's Hungarian against Text+Berg's French repeated to the same
#                     number of sentences: no translation at all
#
# For each input: sentences a side, wall seconds and peak memory (/usr/bin/time), strict
# and lax F1 (`qantara eval`), the mean confidence, and whether `align` warned that the
# texts do not look like translations. The single copy's F1 is printed first for the
# repeated families.
#
#   scripts/bench-robust.sh                    default sizes 10000 50000 200000
#   SIZES="10000" FAMILIES="1984-gaps unrelated" scripts/bench-robust.sh
#   QANTARA_BIN=/path/to/other/qantara scripts/bench-robust.sh     (a baseline build)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${QANTARA_DEV_DATA:-$root/../shared/data}
if [[ ! -f "$data/hunalign-1984/1984.hu" || ! -f "$data/textberg-dev/dev.de" ]]; then
    echo "bench-robust: no development data at $data; nothing to measure" >&2
    exit 0
fi
sizes=(${SIZES:-10000 50000 200000})
families=(${FAMILIES:-textberg-repeat 1984-gaps 1984-chapter-src 1984-chapter-tgt 1984-excerpt-src 1984-excerpt-tgt unrelated})

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=${QANTARA_BIN:-$root/target/release/qantara}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make FAMILY SIZE: writes $work/src, $work/tgt, $work/gold and $work/langs.
make_input() {
    python3 - "$data" "$work" "$1" "$2" <<'PY'
import re, sys
data, work, family, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def read(path):
    return open(path, encoding="utf-8").read().splitlines()

def beads(path):
    out = []
    for line in read(path):
        m = re.match(r"\[(.*)\]:\[(.*)\]", line)
        side = lambda s: [int(x) for x in s.split(",") if x.strip()]
        out.append((side(m.group(1)), side(m.group(2))))
    return out

def repeat(src, tgt, gold, copies, drop=None):
    """`copies` copies of a document; drop(copy) gives (side, first bead, beads) to remove."""
    S, T, G = [], [], []
    for copy in range(copies):
        removed = drop(copy) if drop else None
        for b, (s, t) in enumerate(gold):
            cut = removed and removed[1] <= b < removed[1] + removed[2]
            if cut and removed[0] == "src":
                s = []
            if cut and removed[0] == "tgt":
                t = []
            ns = [len(S) + k for k in range(len(s))]
            nt = [len(T) + k for k in range(len(t))]
            S += [src[i] for i in s]
            T += [tgt[j] for j in t]
            if cut:  # what is left of a cut bead is one-sided: one bead a sentence
                G += [([i], []) for i in ns] + [([], [j]) for j in nt]
            else:
                G.append((ns, nt))
    return S, T, G

langs = "hu en"
if family == "textberg-repeat":
    src, tgt = read(f"{data}/textberg-dev/dev.de"), read(f"{data}/textberg-dev/dev.fr")
    gold = beads(f"{data}/textberg-dev/dev.defr")
    S, T, G = repeat(src, tgt, gold, max(1, round(size / len(src))))
    langs = "de fr"
elif family == "1984-gaps":
    src, tgt = read(f"{data}/hunalign-1984/1984.hu"), read(f"{data}/hunalign-1984/1984.en")
    gold = beads(f"{data}/hunalign-1984/1984.gold")
    copies = max(1, -(-size // len(src)))
    span = 300
    S, T, G = repeat(src, tgt, gold, copies,
                     lambda c: ("src" if c % 2 else "tgt", (c * 997) % (len(gold) - span), span))
elif family in ("1984-chapter-src", "1984-chapter-tgt"):
    src, tgt = read(f"{data}/hunalign-1984/1984.hu"), read(f"{data}/hunalign-1984/1984.en")
    gold = beads(f"{data}/hunalign-1984/1984.gold")
    side = family.rsplit("-", 1)[1]
    S, T, G = repeat(src, tgt, gold, 1, lambda c: (side, 3000, 1500))
elif family in ("1984-excerpt-src", "1984-excerpt-tgt"):
    src, tgt = read(f"{data}/hunalign-1984/1984.hu"), read(f"{data}/hunalign-1984/1984.en")
    gold = beads(f"{data}/hunalign-1984/1984.gold")
    side = family.rsplit("-", 1)[1]
    S, T, G = repeat(src, tgt, gold, 1, lambda c: (side, 800, len(gold) - 800))
elif family == "unrelated":
    hu = read(f"{data}/hunalign-1984/1984.hu")
    fr = read(f"{data}/textberg-dev/dev.fr")
    S = (hu * (size // len(hu) + 1))[:size]
    T = (fr * (size // len(fr) + 1))[:size]
    G = [([i], []) for i in range(len(S))] + [([], [j]) for j in range(len(T))]
    langs = "hu fr"
else:
    sys.exit(f"unknown family {family}")
open(f"{work}/src", "w", encoding="utf-8").write("\n".join(S) + "\n")
open(f"{work}/tgt", "w", encoding="utf-8").write("\n".join(T) + "\n")
open(f"{work}/langs", "w").write(langs + "\n")
with open(f"{work}/gold", "w") as out:
    for s, t in G:
        out.write("[%s]:[%s]\n" % (", ".join(map(str, s)), ", ".join(map(str, t))))
PY
}

printf '%-17s %8s %8s %8s %8s %8s %8s %8s %s\n' family size src tgt wall-s peak-MB S-F1 L-F1 "mean-conf warned"
for family in "${families[@]}"; do
    family_sizes=("${sizes[@]}")
    case $family in
        1984-chapter-* | 1984-excerpt-*) family_sizes=(6700) ;;
        textberg-repeat) family_sizes=(468 "${sizes[@]}") ;;
        1984-gaps) family_sizes=(6732 "${sizes[@]}") ;;
        unrelated) family_sizes=(6700 "${sizes[@]}") ;;
    esac
    for size in "${family_sizes[@]}"; do
        make_input "$family" "$size"
        read -r sl tl < "$work/langs"
        rm -f "$work/bench.db"*
        /usr/bin/time -f "%e %M" -o "$work/time" "$qantara" align --pre-segmented \
            --src-lang "$sl" --tgt-lang "$tl" --db "$work/bench.db" --format jsonl -o "$work/test.jsonl" \
            "$work/src" "$work/tgt" 2> "$work/stderr"
        read -r wall kb < "$work/time"
        python3 - "$work/test.jsonl" "$work/test" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        b = json.loads(line)
        s, t = b["source_sentences"], b["target_sentences"]
        out.write("[%s]:[%s]\n" % (", ".join(map(str, range(s["start"], s["end"]))),
                                   ", ".join(map(str, range(t["start"], t["end"])))))
PY
        scores=$("$qantara" eval --gold "$work/gold" --test "$work/test" --format json)
        warned=no
        grep -q "not look like translations" "$work/stderr" && warned=yes
        python3 - "$family" "$size" "$(wc -l < "$work/src")" "$(wc -l < "$work/tgt")" "$wall" "$kb" \
            "$scores" "$work/test.jsonl" "$warned" <<'PY'
import json, sys
family, size, ns, nt, wall, kb, scores, jsonl, warned = sys.argv[1:]
s = json.loads(scores)
conf = [json.loads(line)["confidence"] for line in open(jsonl, encoding="utf-8")]
mean = sum(conf) / len(conf) if conf else 1.0
print("%-17s %8s %8s %8s %8.2f %8.0f %8.4f %8.4f %8.3f %s" % (family, size, ns, nt, float(wall),
      int(kb) / 1024, s["strict"]["f1"], s["lax"]["f1"], mean, warned))
PY
    done
done
