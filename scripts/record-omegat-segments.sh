#!/usr/bin/env bash
# Records how OmegaT itself segments the sample with its default SRX rules, for the test
# `omegat_default_rules_give_omegats_own_segments` (tests/cli/srx.rs): a throwaway
# OmegaT project per language whose plain-text filter makes each line a paragraph (as
# qantara does with text that has no blank lines), OmegaT's console mode writing every
# segment into a pseudo-translated TMX, and the segments put back in the order of the
# text. Writes tests/srx/omegat-default.{en,ar}.txt, one segment a line. Needs the Debian
# package omegat (apt-get install omegat) and python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v omegat >/dev/null || { echo "record-omegat-segments: omegat is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for lang in en ar; do
    project=$work/$lang
    mkdir -p "$project"/{source,target,tm,glossary,dictionary,omegat}
    cp "$root/samples/idlib.$lang.txt" "$project/source/"
    upper=$(echo "$lang" | tr a-z A-Z)
    cat > "$project/omegat.project" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>source</source_dir>
        <source_dir_excludes/>
        <target_dir>target</target_dir>
        <tm_dir>tm</tm_dir>
        <glossary_dir>glossary</glossary_dir>
        <glossary_file>glossary/glossary.txt</glossary_file>
        <dictionary_dir>dictionary</dictionary_dir>
        <source_lang>$upper</source_lang>
        <target_lang>FR</target_lang>
        <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
        <sentence_seg>true</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
XML
    cat > "$project/omegat/filters.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="true" preserveSpaces="false" ignoreFileContext="false">
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}"/>
        <option name="segmentOn" value="BREAKS"/>
    </filter>
</filters>
XML
    omegat --mode=console-createpseudotranslatetmx --pseudotranslatetmx="$work/$lang.tmx" \
        --pseudotranslatetype=equal "$project" >"$work/$lang.log" 2>&1
    python3 - "$work/$lang.tmx" "$root/samples/idlib.$lang.txt" "$root/tests/srx/omegat-default.$lang.txt" <<'PY'
import html, re, sys
tmx, source, out = sys.argv[1:]
text = open(source, encoding="utf-8").read()
segments = [html.unescape(re.search(r"<seg>(.*?)</seg>", tu, re.S).group(1))
            for tu in re.findall(r"<tu>(.*?)</tu>", open(tmx, encoding="utf-8").read(), re.S)]
# The TMX holds each segment once, in no particular order: put them in the text's.
positions = {}
for segment in segments:
    at = text.find(segment)
    assert at >= 0, f"segment not in the text: {segment[:60]}"
    positions[segment] = at
ordered = sorted(segments, key=positions.get)
assert len(set(positions.values())) == len(ordered), "two segments start at one place"
open(out, "w", encoding="utf-8").write("".join(s + "\n" for s in ordered))
print(f"{out}: {len(ordered)} segments")
PY
done
