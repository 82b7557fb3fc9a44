"""qantara.distributed on a local Ray instance: the pairs `qantara batch` gives, a failed
pair recorded with its reason, and a second run that skips what is done."""

import csv
import subprocess
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

from qantara import distributed  # noqa: E402

from test_bindings import SAMPLES, qantara_binary, read  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


def make_manifest(folder: Path) -> Path:
    """Pairs cut from the sample (its first k paragraphs, k = 4..12), the sample whole,
    and a pair whose target is missing."""
    ar, en = read("idlib.ar.txt").splitlines(), read("idlib.en.txt").splitlines()
    rows = [("id", "source", "target", "source_lang", "target_lang")]
    for k in range(4, 13):
        (folder / f"cut{k}.ar.txt").write_text("\n".join(ar[:k]) + "\n", encoding="utf-8")
        (folder / f"cut{k}.en.txt").write_text("\n".join(en[:k]) + "\n", encoding="utf-8")
        rows.append((f"cut{k}", f"cut{k}.ar.txt", f"cut{k}.en.txt", "ar", "en"))
    rows.append(("sample", str(SAMPLES / "idlib.ar.txt"), str(SAMPLES / "idlib.en.txt"), "ar", "en"))
    rows.append(("broken", "cut4.ar.txt", "missing.en.txt", "ar", "en"))
    manifest = folder / "pairs.tsv"
    with manifest.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter="\t").writerows(rows)
    return manifest


def test_align_manifest_gives_the_pairs_of_batch_records_failures_and_resumes(tmp_path, local_ray):
    manifest = make_manifest(tmp_path)
    output = tmp_path / "corpus"
    counts = distributed.align_manifest(str(manifest), str(output), num_workers=2)
    assert counts == {"pairs": 11, "skipped": 0, "aligned": 10, "failed": 1, "units": counts["units"]}
    units = pq.read_table(output / "units").to_pylist()
    summary = {row["pair"]: row for row in pq.read_table(output / "summary").to_pylist()}
    assert summary["broken"]["status"] == "failed"
    assert "missing.en.txt" in summary["broken"]["error"]
    assert summary["sample"]["beads"] == 13

    # The same pairs as `qantara batch` stores and exports.
    db = tmp_path / "batch.db"
    subprocess.run([qantara_binary(), "-q", "batch", str(manifest), "--db", str(db)], capture_output=True)
    tsv = subprocess.run([qantara_binary(), "-q", "export", "--all", "--db", str(db), "--format", "tsv"],
                         check=True, capture_output=True, text=True).stdout
    batch_pairs = sorted((f[6], f[0], f[1]) for f in (line.split("\t") for line in tsv.splitlines()[1:]))
    ray_pairs = sorted((u["source_document"], u["source"], u["target"]) for u in units)
    assert ray_pairs == batch_pairs
    assert counts["units"] == len(units)

    # A second run skips every pair aligned, and tries the failed one again.
    again = distributed.align_manifest(str(manifest), str(output), num_workers=2)
    assert again["skipped"] == 10 and again["aligned"] == 0 and again["failed"] == 1
    assert len(pq.read_table(output / "units")) == len(units)


def test_the_command_line_entry_point(tmp_path, local_ray):
    (tmp_path / "a.ar.txt").write_text(read("idlib.ar.txt"), encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(read("idlib.en.txt"), encoding="utf-8")
    manifest = tmp_path / "m.tsv"
    manifest.write_text("source\ttarget\na.ar.txt\ta.en.txt\n", encoding="utf-8")
    code = distributed.main([str(manifest), str(tmp_path / "out"), "--src-lang", "ar", "--tgt-lang", "en"])
    assert code == 0
    assert len(pq.read_table(tmp_path / "out" / "units")) == 13
