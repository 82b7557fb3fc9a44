#!/usr/bin/env bash
# Aligns every development set in ../shared/data with the release build of qantara and
# scores it with `qantara eval`; with --cross-check, also with the independent scorer
# ../shared/tools/score.py. The data sets are not part of the repository (their licences
# keep them out), so this script skips with a message where they are absent.
#
#   scripts/eval-dev.sh [--cross-check] [DATA_DIR]
#
# QANTARA_ALIGN_OPTIONS adds options to every `qantara align`, e.g. "--length-only";
# QANTARA_BIN aligns with another build of qantara (a baseline) instead of this one;
# QANTARA_FREEDICT="ara-eng deu-fra hun-eng" imports those installed FreeDict
# dictionaries first (`qantara lexicon import --freedict NAME`), for every set.
# Figures have six decimals, so that two builds can be told apart by any bead.
set -euo pipefail

cross_check=false
if [[ "${1:-}" == "--cross-check" ]]; then
    cross_check=true
    shift
fi
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
if [[ ! -d "$data" ]]; then
    echo "eval-dev: no development data at $data; nothing to evaluate" >&2
    exit 0
fi
scorer=$(dirname "$data")/tools/score.py

if [[ -n "${QANTARA_BIN:-}" ]]; then
    qantara=$QANTARA_BIN
else
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    qantara=$root/target/release/qantara
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QANTARA_DB=$work/dev.db
for name in ${QANTARA_FREEDICT:-}; do
    "$qantara" --quiet lexicon import --freedict "$name"
done

# name | source | target | gold | qantara align options
sets=(
    "idlib-reference-split|idlib/idlib.ar.sent|idlib/idlib.en.sent|idlib/idlib.gold|--pre-segmented"
    "idlib-raw-text|idlib/idlib.ar.txt|idlib/idlib.en.txt|idlib/idlib.gold|"
    "alignar-law_001|alignar-dev/alignar_law_001.ar|alignar-dev/alignar_law_001.en|alignar-dev/alignar_law_001.gold|--pre-segmented"
    "alignar-lit_002|alignar-dev/alignar_lit_002.ar|alignar-dev/alignar_lit_002.en|alignar-dev/alignar_lit_002.gold|--pre-segmented"
    "textberg-dev|textberg-dev/dev.de|textberg-dev/dev.fr|textberg-dev/dev.defr|--pre-segmented --src-lang de --tgt-lang fr"
    "hunalign-1984|hunalign-1984/1984.hu|hunalign-1984/1984.en|hunalign-1984/1984.gold|--pre-segmented --src-lang hu --tgt-lang en"
)

# The alignar sentence files with the paragraphs of their running-text versions marked
# by blank lines (paragraph k of one side translates paragraph k of the other): the same
# sentences, so the same reference, with paragraph boundaries for the aligner to weigh.
for doc in alignar_law_001 alignar_lit_002; do
    for lang in ar en; do
        python3 - "$data/alignar-dev/$doc.$lang" "$data/alignar-dev/$doc.$lang.txt" "$work/$doc.$lang.paragraphs" <<'PY'
import sys
sentences = open(sys.argv[1], encoding="utf-8").read().splitlines()
paragraphs = [p.strip() for p in open(sys.argv[2], encoding="utf-8").read().split("\n\n") if p.strip()]
out, k = [], 0
for paragraph in paragraphs:
    position = 0
    while k < len(sentences) and paragraph.find(sentences[k].strip(), position) >= 0:
        position = paragraph.find(sentences[k].strip(), position) + len(sentences[k].strip())
        out.append(sentences[k])
        k += 1
    out.append("")
if k != len(sentences):
    sys.exit("eval-dev: cannot place the sentences of %s in the paragraphs of %s" % (sys.argv[1], sys.argv[2]))
open(sys.argv[3], "w", encoding="utf-8").write("\n".join(out))
PY
    done
done
sets+=(
    "law_001-paragraphs|$work/alignar_law_001.ar.paragraphs|$work/alignar_law_001.en.paragraphs|alignar-dev/alignar_law_001.gold|--pre-segmented"
    "lit_002-paragraphs|$work/alignar_lit_002.ar.paragraphs|$work/alignar_lit_002.en.paragraphs|alignar-dev/alignar_lit_002.gold|--pre-segmented"
)

printf '%-22s %8s %8s %8s   %8s %8s %8s\n' set S-P S-R S-F1 L-P L-R L-F1
for entry in "${sets[@]}"; do
    IFS='|' read -r name source target gold options <<<"$entry"
    # shellcheck disable=SC2086 # options are words
    [[ "$source" == /* ]] || source=$data/$source
    [[ "$target" == /* ]] || target=$data/$target
    "$qantara" --quiet align "$source" "$target" $options ${QANTARA_ALIGN_OPTIONS:-} --format beads -o "$work/$name.beads"
    json=$("$qantara" eval --gold "$data/$gold" --test "$work/$name.beads" --format json)
    python3 - "$name" "$json" <<'PY'
import json, sys
s = json.loads(sys.argv[2])
print("%-22s %8.6f %8.6f %8.6f   %8.6f %8.6f %8.6f" % (sys.argv[1],
      s["strict"]["precision"], s["strict"]["recall"], s["strict"]["f1"],
      s["lax"]["precision"], s["lax"]["recall"], s["lax"]["f1"]))
PY
    if $cross_check && [[ -f "$scorer" ]]; then
        printf '%-22s %s\n' "  score.py" "$(python3 "$scorer" --gold "$data/$gold" --test "$work/$name.beads" | tail -n 1)"
    fi
done
