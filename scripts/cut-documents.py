#!/usr/bin/env python3
"""Cuts development sets into documents at bead boundaries of their references, for the
evaluation scripts: each document's source, target and reference (indices renumbered)
beside a manifest with the languages of each pair.

    cut-documents.py WORK NAME SOURCE TARGET GOLD SIZE SOURCE_LANG TARGET_LANG [NAME ...]

writes WORK/NAME-000.src, .tgt, .gold, … (documents of SIZE source sentences or a little
more) and WORK/manifest.tsv.
"""
import re, sys

def beads(path):
    out = []
    for line in open(path):
        m = re.match(r"\[(.*)\]:\[(.*)\]", line.strip())
        if m:
            out.append(tuple([int(x) for x in g.split(",") if x.strip()] for g in m.groups()))
    return out

def cut(name, src, tgt, gold, size, langs, manifest, work):
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


def main(args):
    work, sets = args[0], args[1:]
    if len(sets) % 7:
        sys.exit("cut-documents: each set takes NAME SOURCE TARGET GOLD SIZE SOURCE_LANG TARGET_LANG")
    with open(f"{work}/manifest.tsv", "w") as manifest:
        manifest.write("id\tsource\ttarget\tsource_lang\ttarget_lang\n")
        for k in range(0, len(sets), 7):
            name, src, tgt, gold, size, src_lang, tgt_lang = sets[k:k + 7]
            cut(name, src, tgt, gold, int(size), (src_lang, tgt_lang), manifest, work)


if __name__ == "__main__":
    main(sys.argv[1:])
