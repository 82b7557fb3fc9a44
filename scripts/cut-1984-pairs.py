#!/usr/bin/env python3
"""Writes COUNT document pairs of 20 to 200 beads cut at random (fixed seed) from
Orwell's 1984 (Hungarian-English, hunalign-1984) into OUT, one sentence a line, with a
manifest `OUT/manifest.tsv` (id, source, target). Used by scripts/bench-batch.sh and
scripts/bench-distributed.sh.

    scripts/cut-1984-pairs.py DATA OUT COUNT
"""
import os, random, re, sys
data, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
hu = open(f"{data}/1984.hu", encoding="utf-8").read().splitlines()
en = open(f"{data}/1984.en", encoding="utf-8").read().splitlines()
gold = []
for line in open(f"{data}/1984.gold"):
    m = re.match(r"\[(.*)\]:\[(.*)\]", line.strip())
    gold.append(tuple([int(x) for x in g.split(",") if x.strip()] for g in m.groups()))
random.seed(1984)
os.makedirs(out, exist_ok=True)
with open(f"{out}/manifest.tsv", "w") as manifest:
    manifest.write("id\tsource\ttarget\n")
    for p in range(count):
        length = random.randint(20, 200)
        start = random.randrange(len(gold) - length)
        beads = gold[start:start + length]
        s = [i for b in beads for i in b[0]]
        t = [j for b in beads for j in b[1]]
        src = hu[min(s):max(s) + 1] if s else []
        tgt = en[min(t):max(t) + 1] if t else []
        open(f"{out}/{p}.hu", "w", encoding="utf-8").write("\n".join(src) + "\n")
        open(f"{out}/{p}.en", "w", encoding="utf-8").write("\n".join(tgt) + "\n")
        manifest.write(f"p{p}\t{p}.hu\t{p}.en\n")
