#!/usr/bin/env bash
# Writes the sample article (samples/idlib.{ar,en}.txt) in the formats translators keep
# their work in, for the tests of tests/cli/documents.rs: an HTML page of each side
# (with the page furniture a real page has: head, styles, script, navigation), Markdown,
# XLIFF 1.2 (both sides in one file) and 2.0 (one file a side), and, converted from the
# HTML pages by LibreOffice (a real word processor, as the tests must read what Word and
# Writer write), DOCX, ODT and PDF. The files are committed under tests/documents/;
# run this again only to remake them (needs python3 and LibreOffice Writer:
# `apt-get install libreoffice-writer-nogui`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/tests/documents
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$root/samples" "$out" "$work" <<'PY'
import html, sys
samples, out, work = sys.argv[1], sys.argv[2], sys.argv[3]

def paragraphs(lang):
    return [l.strip() for l in open(f"{samples}/idlib.{lang}.txt", encoding="utf-8") if l.strip()]

def is_heading(p):
    return p[-1] not in '.!?"؟'

ar, en = paragraphs("ar"), paragraphs("en")
title = {"ar": "تركيا وروسيا في إدلب", "en": "Turkey and Russia in Idlib"}
for lang, paras in (("ar", ar), ("en", en)):
    direction = "rtl" if lang == "ar" else "ltr"
    body = []
    for p in paras:
        tag = "h2" if is_heading(p) else "p"
        body.append(f"<{tag}>{html.escape(p, quote=True)}</{tag}>")
    page = f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<title>{title[lang]}</title>
<style>body {{ font-family: serif; }} .nav a {{ margin: 0 1em; }}</style>
<script>window.analytics = {{ page: "idlib", tags: ["<p>", "&amp;"] }};</script>
</head>
<body>
<nav class="nav"><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/world">World</a></nav>
<article>
{chr(10).join(body)}
</article>
<!-- related stories are loaded here -->
</body>
</html>
"""
    open(f"{out}/idlib.{lang}.html", "w", encoding="utf-8").write(page)
    # The word processor's copy: the article alone, as a translator's document holds it.
    article = f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8"><title>{title[lang]}</title></head>\n<body>\n{chr(10).join(body)}\n</body></html>\n'
    open(f"{work}/idlib.{lang}.html", "w", encoding="utf-8").write(article)
    md = []
    for p in paras:
        md.append(("## " if is_heading(p) else "") + p)
    md.append("```\n# code is left out of alignment\nprint('idlib')\n```")
    open(f"{out}/idlib.{lang}.md", "w", encoding="utf-8").write("\n\n".join(md) + "\n")
    units = "\n".join(
        f'    <unit id="u{k}">\n      <segment><source>{html.escape(p, quote=False)}</source></segment>\n    </unit>'
        for k, p in enumerate(paras, 1)
    )
    open(f"{out}/idlib.{lang}.xlf", "w", encoding="utf-8").write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{lang}">\n  <file id="f1" original="idlib.{lang}.txt">\n{units}\n  </file>\n</xliff>\n'
    )
# A short report with a table and a footnote, in LibreOffice's HTML for footnotes, which
# its import turns into a real footnote.
open(f"{work}/notes.html", "w", encoding="utf-8").write("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Notes</title></head>
<body>
<h1>A short report</h1>
<p>The ceasefire held for three days.<a class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym"><sup>1</sup></a> Talks resume on Monday.</p>
<table><tr><td><p>First cell.</p></td><td><p>Second cell.</p></td></tr></table>
<div id="sdfootnote1"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>According to both sides.</p></div>
</body></html>
""")
assert len(ar) == len(en)
units = "\n".join(
    f'      <trans-unit id="{k}">\n        <source>{html.escape(a, quote=False)}</source>\n        <target state="translated">{html.escape(e, quote=False)}</target>\n      </trans-unit>'
    for k, (a, e) in enumerate(zip(ar, en), 1)
)
open(f"{out}/idlib.ar-en.xlf", "w", encoding="utf-8").write(
    f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n  <file original="idlib.txt" source-language="ar" target-language="en" datatype="plaintext">\n    <body>\n{units}\n    </body>\n  </file>\n</xliff>\n'
)
PY
for format in docx odt; do
    soffice --headless --infilter="HTML (StarWriter)" --convert-to "$format" \
        --outdir "$out" "$work/notes.html" >/dev/null
done
for lang in ar en; do
    for format in docx odt pdf; do
        soffice --headless --infilter="HTML (StarWriter)" --convert-to "$format" \
            --outdir "$out" "$work/idlib.$lang.html" >/dev/null
    done
done
ls -l "$out"
