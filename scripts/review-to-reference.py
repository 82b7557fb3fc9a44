#!/usr/bin/env python3
"""Corrects an alignment into its reference through the review server's API, with only
the edits the review page offers (join, move a sentence to the row above or below, a
sentence with no translation), and says how many it took. It shows that a reviewer can
reach the right alignment from qantara's output in the page alone; the result is then
scored with `qantara eval` against the reference.

    scripts/review-to-reference.py SOURCE TARGET GOLD [--pre-segmented] [-- ALIGN-OPTIONS]

Aligns SOURCE and TARGET into a fresh database, starts `qantara review` on it, edits,
and prints the edits made and the scores before and after. QANTARA_BIN names the binary
(default: the release build).
"""
import json, os, re, subprocess, sys, tempfile, urllib.request
from collections import Counter

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
qantara = os.environ.get("QANTARA_BIN", os.path.join(root, "target", "release", "qantara"))
args = sys.argv[1:]
extra = args[args.index("--") + 1:] if "--" in args else []
args = args[: args.index("--")] if "--" in args else args
source, target, gold = args[:3]
options = args[3:] + extra

work = tempfile.mkdtemp()
db = os.path.join(work, "review.db")
run = lambda *a: subprocess.run([qantara, "--quiet", *a, "--db", db], check=True, capture_output=True, text=True).stdout


def beads_of(text):
    """A bead file's beads as ((s0, s1), (t0, t1)) ranges."""
    out = []
    for line in text.splitlines():
        m = re.match(r"\[(.*)\]:\[(.*)\]", line.strip())
        if not m:
            continue
        side = lambda s: [int(x) for x in s.split(",") if x.strip()]
        out.append((side(m.group(1)), side(m.group(2))))
    # Fill the empty sides' positions: a bead with no sentence on a side sits where the
    # side's next sentence begins.
    ranges, s_next, t_next = [], 0, 0
    for s, t in out:
        s_range = (s[0], s[-1] + 1) if s else (s_next, s_next)
        t_range = (t[0], t[-1] + 1) if t else (t_next, t_next)
        ranges.append((s_range, t_range))
        s_next, t_next = s_range[1], t_range[1]
    return ranges


def score():
    """Strict F1 of alignment 1 against the reference, by `qantara eval`."""
    test = os.path.join(work, "test.beads")
    run("export", "--alignment", "1", "--format", "beads", "-o", test)
    out = subprocess.run([qantara, "eval", "--gold", gold, "--test", test, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return "strict F1 %.6f" % json.loads(out)["strict"]["f1"]


run("align", source, target, "-o", os.path.join(work, "out.tsv"), *options)
before = score()
server = subprocess.Popen([qantara, "--quiet", "review", "1", "--db", db], stdout=subprocess.PIPE, text=True)
url = server.stdout.readline().strip()
base, token = url.split("/?token=")


def call(path, body=None):
    request = urllib.request.Request(f"{base}{path}?token={token}", method="POST" if body is not None else "GET",
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


reference = beads_of(open(gold, encoding="utf-8").read())
state = call("/api/alignment")
edits = Counter()
SIDES = ("source", "target")
try:
    p = 0
    while p < len(reference):
        beads = state["beads"]
        want = reference[p]
        have = (tuple(beads[p]["source"]), tuple(beads[p]["target"]))
        if have == want:
            p += 1
            continue
        edit = None
        for k, side in enumerate(SIDES):
            end, wanted = have[k][1], want[k][1]
            if end < wanted:
                nxt = beads[p + 1]
                if nxt[side][1] > nxt[side][0]:
                    edit = {"op": "move", "bead": p + 1, "side": side, "forward": False}
                else:
                    edit = {"op": "join", "bead": p}
                break
            if end > wanted:
                if p + 1 < len(beads):
                    edit = {"op": "move", "bead": p, "side": side, "forward": True}
                else:
                    edit = {"op": "untranslated", "bead": p, "side": side, "last": True}
                break
        state = call("/api/edit", edit)
        edits[edit["op"]] += 1
    while len(state["beads"]) > len(reference):
        raise SystemExit("more rows than the reference after its last bead: cannot happen")
finally:
    server.terminate()
    server.wait()
print(f"before review: {before}")
print(f"edits made through the API, as the page makes them: {sum(edits.values())} ({dict(edits)})")
print(f"after review:  {score()}")
