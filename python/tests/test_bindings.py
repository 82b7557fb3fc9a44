"""The Python bindings on the sample: the reference split and beads, threads in parallel,
errors as exceptions, and a database the command line wrote read back."""

import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

import qantara

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def read(name):
    return (SAMPLES / name).read_text(encoding="utf-8")


def reference_beads():
    beads = []
    for line in read("idlib.gold").splitlines():
        source, target = re.match(r"\[(.*)\]:\[(.*)\]", line).groups()
        side = lambda s: [int(x) for x in s.split(",") if x.strip()]
        s, t = side(source), side(target)
        beads.append(((s[0], s[-1] + 1), (t[0], t[-1] + 1)))
    return beads


def test_segment_gives_the_reference_split_with_character_offsets():
    for lang in ("ar", "en"):
        text = read(f"idlib.{lang}.txt")
        sentences = qantara.segment(text, lang)
        assert [s.text for s in sentences] == read(f"idlib.{lang}.sent").splitlines()
        for s in sentences:
            assert text[s.start:s.end] == s.text
        assert sentences[-1].paragraph == 12


def test_align_running_text_and_sentence_lists_give_the_reference_beads():
    expected = reference_beads()
    alignment = qantara.align(read("idlib.ar.txt"), read("idlib.en.txt"), "ar", "en")
    assert [(b.source, b.target) for b in alignment.beads] == expected
    assert len(alignment) == 13 and alignment.looks_like_translation
    assert alignment.pairs[0][0].startswith("وقالت الخارجية")
    listed = qantara.align(read("idlib.ar.sent").splitlines(), read("idlib.en.sent").splitlines(), "ar", "en")
    assert [(b.source, b.target) for b in listed.beads] == expected
    aligner = qantara.Aligner("ar", "en", dictionary=[("إدلب", "Idlib")], max_bead=4)
    assert [(b.source, b.target) for b in aligner.align(read("idlib.ar.txt"), read("idlib.en.txt")).beads] == expected


def test_errors_are_exceptions_with_the_librarys_messages(tmp_path):
    with pytest.raises(qantara.QantaraError, match="max_bead must be from 2 to 12"):
        qantara.Aligner("ar", "en", max_bead=40)
    with pytest.raises(qantara.QantaraError, match="max_bead must be from 2 to 12"):
        qantara.align_files(str(SAMPLES / "idlib.ar.txt"), str(SAMPLES / "idlib.en.txt"), max_bead=1)
    with pytest.raises(qantara.QantaraError, match="no sentence"):
        qantara.align("", "Some text.", "ar", "en")
    with pytest.raises(qantara.QantaraError, match="missing.tsv"):
        qantara.Aligner("ar", "en", dictionary=str(tmp_path / "missing.tsv"))
    with pytest.raises(qantara.QantaraError, match="none.db: unable to open"):
        qantara.Store(str(tmp_path / "none.db"))
    with pytest.raises(TypeError):
        qantara.align(42, "text", "ar", "en")


def test_the_gil_is_released_while_aligning():
    """Python code runs in another thread while one aligns: with the GIL held, it would
    stop for as long as the alignment runs. (Whether two alignments also run side by
    side depends on the cores the aligner's own parallel parts leave free; the closing
    note reports that ratio.)"""
    source = read("idlib.ar.txt") * 150
    target = read("idlib.en.txt") * 150
    aligner = qantara.Aligner("ar", "en")
    start = time.perf_counter()
    aligner.align(source, target)
    alone = time.perf_counter() - start
    worker = threading.Thread(target=aligner.align, args=(source, target))
    longest_stop = 0.0
    last = time.perf_counter()
    worker.start()
    while worker.is_alive():
        now = time.perf_counter()
        longest_stop, last = max(longest_stop, now - last), now
    longest_stop = max(longest_stop, time.perf_counter() - last)
    # Released, the loop never waits long; held, it would wait the whole alignment.
    assert longest_stop < 0.5 * alone, (longest_stop, alone)


def qantara_binary():
    """The command line: QANTARA_BIN, else the newer of the release and debug builds."""
    if "QANTARA_BIN" in os.environ:
        return os.environ["QANTARA_BIN"]
    builds = [ROOT / "target" / build / "qantara" for build in ("release", "debug")]
    built = [path for path in builds if path.exists()]
    if not built:
        pytest.fail("build the command line first (cargo build)")
    return str(max(built, key=lambda path: path.stat().st_mtime))


def test_store_reads_what_the_command_line_stored(tmp_path):
    db = tmp_path / "q.db"
    subprocess.run(
        [qantara_binary(), "-q", "align", str(SAMPLES / "idlib.ar.txt"), str(SAMPLES / "idlib.en.txt"),
         "--db", str(db), "-o", str(tmp_path / "pairs.tsv")],
        check=True,
    )
    store = qantara.Store(str(db))
    [alignment] = store.alignments()
    assert (alignment["id"], alignment["source_lang"], alignment["target_lang"]) == (1, "ar", "en")
    units = list(store.translation_units())
    assert len(units) == 13
    assert units[0]["target"].startswith("Turkey stressed")
    tsv = (tmp_path / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert [u["target"] for u in units] == [line.split("\t")[1] for line in tsv]
    assert list(store.translation_units(1))[12]["bead"] == 12


def test_the_package_docstring_example_runs():
    import doctest

    failures, tried = doctest.testmod(qantara)
    assert tried > 0 and failures == 0


def test_the_readme_python_example_runs_as_written(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```python\n(.*?)```", readme, re.S)
    # Where the README's reader stands: the repository, after the main job on the sample.
    (tmp_path / "samples").mkdir()
    for name in ("idlib.ar.txt", "idlib.en.txt"):
        (tmp_path / "samples" / name).write_text(read(name), encoding="utf-8")
    subprocess.run(
        [qantara_binary(), "-q", "align", "samples/idlib.ar.txt", "samples/idlib.en.txt", "-o", "pairs.tsv"],
        check=True, cwd=tmp_path,
    )
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})


def test_parquet_export_read_by_pyarrow_equals_the_tsv_export(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    db = tmp_path / "q.db"
    binary = qantara_binary()
    subprocess.run([binary, "-q", "align", str(SAMPLES / "idlib.ar.txt"), str(SAMPLES / "idlib.en.txt"),
                    "--db", str(db), "-o", str(tmp_path / "pairs.tsv")], check=True)
    subprocess.run([binary, "-q", "export", "--all", "--db", str(db), "-o", str(tmp_path / "corpus.parquet")], check=True)
    tsv = subprocess.run([binary, "-q", "export", "--all", "--db", str(db), "--format", "tsv"],
                         check=True, capture_output=True, text=True).stdout
    rows = pq.read_table(tmp_path / "corpus.parquet").to_pylist()
    expected = [line.split("\t") for line in tsv.splitlines()[1:]]
    assert [(r["source"], r["target"], f"{r['confidence']:.4f}", r["kind"], r["source_lang"], r["target_lang"])
            for r in rows] == [tuple(fields[:6]) for fields in expected]
    assert {r["alignment_id"] for r in rows} == {1}


def test_segment_with_srx_rules_and_rules_that_cannot_be_compiled(tmp_path):
    rules = ROOT / "tests" / "srx" / "two-languages.srx"
    sentences = qantara.segment("Dear Mr. Smith: We met J. Doe today. Did you?", "en", srx=str(rules))
    assert [s.text for s in sentences] == ["Dear Mr. Smith:", "We met J. Doe today.", "Did you?"]
    broken = tmp_path / "broken.srx"
    broken.write_text(rules.read_text(encoding="utf-8").replace(r"(?&lt;=\s)(?:Mr|Mrs|Dr|Prof)\.", r"\QMr.\E("),
                      encoding="utf-8")
    with pytest.raises(qantara.QantaraError, match='language rule "English", rule 1'):
        qantara.segment("One. Two.", "en", srx=str(broken))
    with pytest.raises(qantara.QantaraError, match="is not an SRX file qantara can read"):
        qantara.segment("One. Two.", "en", srx=str(ROOT / "README.md"))
