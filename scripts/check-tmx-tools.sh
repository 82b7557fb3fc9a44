#!/usr/bin/env bash
# Checks that qantara's TMX and XLIFF load in the tools translators use: translate-
# toolkit's TMX and XLIFF readers (PyPI `translate-toolkit`; the XLIFF's states must read
# as written: needs-review-translation as fuzzy, translated as translated) and OmegaT
# (Debian `omegat`), which, given the TMX in a project's tm/auto folder, must fill in the
# translation of every source paragraph the memory holds. Aligns the sample, exports TMX
# and XLIFF, and runs each tool that is installed (PYTHON names the Python that has
# translate-toolkit; by default python3). .ci/run runs it.
#
#   pip install translate-toolkit; apt-get install omegat; scripts/check-tmx-tools.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
qantara=$root/target/release/qantara
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QANTARA_DB=$work/check.db
"$qantara" --quiet align "$root/samples/idlib.ar.txt" "$root/samples/idlib.en.txt" -o "$work/sample.tmx"
# The pairs below 0.999 marked for review: some are, some are not.
"$qantara" --quiet export --all -o "$work/sample.xlf" --review-below 0.999
python=${PYTHON:-python3}

if "$python" -c "import translate.storage.tmx" 2>/dev/null; then
    "$python" - "$work/sample.tmx" "$work/sample.xlf" <<'PY'
import re, sys
from translate.storage import tmx, xliff
units = [u for u in tmx.tmxfile.parsefile(sys.argv[1]).units if u.istranslatable()]
assert len(units) == 13 and all(u.source and u.target for u in units), len(units)
print("translate-toolkit: 13 TMX units read, source and target in each")
text = open(sys.argv[2], encoding="utf-8").read()
written = re.findall(r'state="([a-z-]+)"', text)
units = [u for u in xliff.xlifffile.parsefile(sys.argv[2]).units if u.istranslatable()]
assert len(units) == len(written) == 13, (len(units), len(written))
for unit, state in zip(units, written):
    assert unit.source and unit.target, unit.getid()
    if state == "translated":
        assert unit.istranslated() and not unit.isfuzzy(), unit.getid()
    else:
        assert state == "needs-review-translation" and unit.isfuzzy(), (unit.getid(), state)
review = written.count("needs-review-translation")
assert 0 < review < 13, review
print(f"translate-toolkit: 13 XLIFF units read, {review} needing review and {13 - review} translated, as written")
PY
else
    echo "translate-toolkit: not installed, skipped"
fi

if command -v omegat > /dev/null; then
    project=$work/omegat
    mkdir -p "$project"/{source,target,tm/auto,omegat,glossary,dictionary}
    cat > "$project/omegat.project" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes/>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>AR</source_lang>
        <target_lang>EN</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
XML
    cp "$work/sample.tmx" "$project/tm/auto/"
    # The memory's Arabic segments, one paragraph each, as the document to translate.
    python3 - "$work/sample.tmx" "$project/source/doc.txt" <<'PY'
import html, re, sys
tmx = open(sys.argv[1], encoding="utf-8").read()
arabic = [html.unescape(s) for s in re.findall(r'<tuv xml:lang="ar"><seg>(.*?)</seg>', tmx)]
open(sys.argv[2], "w", encoding="utf-8").write("\n\n".join(arabic) + "\n")
PY
    omegat --mode=console-translate --disable-project-locking --config-dir="$work/omegat-config" \
        "$project" > "$work/omegat.log" 2>&1
    python3 - "$work/sample.tmx" "$project/target/doc.txt" <<'PY'
import html, re, sys
tmx = open(sys.argv[1], encoding="utf-8").read()
english = [html.unescape(s) for s in re.findall(r'<tuv xml:lang="en"><seg>(.*?)</seg>', tmx)]
translated = open(sys.argv[2], encoding="utf-8").read()
missing = [e for e in english if e not in translated]
assert not missing, f"OmegaT left {len(missing)} of {len(english)} untranslated"
print(f"OmegaT: all {len(english)} paragraphs translated from the memory")
PY
else
    echo "OmegaT: not installed, skipped"
fi
