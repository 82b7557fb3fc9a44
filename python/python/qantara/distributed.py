"""Corpus-scale alignment on a Ray cluster (Ray Data), through the bindings.

``align_manifest(manifest, output)`` reads a manifest (the TSV ``qantara batch`` reads),
aligns its pairs in parallel across the cluster's workers, and writes Parquet shards under
``output``: ``units/`` one row a translation unit (the columns of ``qantara export
--format parquet``, plus the pair's id), ``summary/`` one row a pair (aligned or failed,
with the reason). A second run skips the pairs the summary already holds as aligned, so
an interrupted run resumes where it stopped.

Locally::

    python -m qantara.distributed pairs.tsv corpus/ --num-workers 2

On a cluster, submit the same command as a Ray job::

    ray job submit --address http://HEAD:8265 --working-dir . -- \\
        python -m qantara.distributed pairs.tsv s3://bucket/corpus/
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Optional

import qantara

#: The columns of a unit row, in order.
UNIT_COLUMNS = [
    "pair", "bead", "source", "target", "confidence", "kind",
    "source_lang", "target_lang", "source_document", "target_document",
]

#: The columns of a summary row, in order.
SUMMARY_COLUMNS = [
    "pair", "source_document", "target_document", "status", "error",
    "source_lang", "target_lang", "beads", "mean_confidence",
]


def align_pair(row: dict, max_bead: Optional[int] = None) -> dict:
    """Aligns one manifest row; the summary fields, and the units as JSON (empty when
    the pair failed). Never raises: a pair that fails is recorded with its reason."""
    summary = {
        "pair": row["id"], "source_document": row["source"], "target_document": row["target"],
        "status": "aligned", "error": "", "source_lang": row.get("source_lang") or "",
        "target_lang": row.get("target_lang") or "", "beads": 0, "mean_confidence": 0.0,
        "units": "[]",
    }
    try:
        alignment, source_lang, target_lang = qantara.align_files(
            row["source"], row["target"], source_lang=row.get("source_lang") or None,
            target_lang=row.get("target_lang") or None, max_bead=max_bead)
    except Exception as error:  # every failure of a pair is recorded, none stops the run
        summary.update(status="failed", error=str(error))
        return summary
    units = []
    for position, (bead, (source, target, confidence)) in enumerate(zip(alignment.beads, alignment.pairs)):
        if source and target:
            units.append([row["id"], position, source, target, confidence, bead.kind, source_lang,
                          target_lang, row["source"], row["target"]])
    summary.update(source_lang=source_lang, target_lang=target_lang, beads=len(alignment.beads),
                   mean_confidence=alignment.mean_confidence, units=json.dumps(units, ensure_ascii=False))
    return summary


def _units_of(row: dict) -> list:
    return [dict(zip(UNIT_COLUMNS, unit)) for unit in json.loads(row["units"])]


def _summary_of(row: dict) -> dict:
    return {column: row[column] for column in SUMMARY_COLUMNS}


def done_pairs(output: str) -> set:
    """The ids of the pairs the output's summary holds as aligned."""
    import pyarrow.parquet as pq

    summary = os.path.join(output, "summary")
    if not os.path.isdir(summary) or not os.listdir(summary):
        return set()
    table = pq.read_table(summary, columns=["pair", "status"])
    return {pair for pair, status in zip(table["pair"].to_pylist(), table["status"].to_pylist())
            if status == "aligned"}


def align_manifest(manifest: str, output: str, *, src_lang: Optional[str] = None,
                   tgt_lang: Optional[str] = None, num_workers: Optional[int] = None,
                   max_bead: Optional[int] = None, address: Optional[str] = None) -> dict:
    """Aligns the pairs of ``manifest`` on Ray and writes Parquet shards under ``output``
    (see the module); languages the manifest leaves out are ``src_lang`` and
    ``tgt_lang``, else told from the texts. Pairs already aligned in ``output`` are
    skipped. Returns the counts: pairs, skipped, aligned, failed, units."""
    import ray

    pairs = qantara.read_manifest(manifest)
    done = done_pairs(output)
    todo = []
    for pair in pairs:
        if pair["id"] in done:
            continue
        pair["source_lang"] = pair["source_lang"] or src_lang
        pair["target_lang"] = pair["target_lang"] or tgt_lang
        todo.append(pair)
    counts = {"pairs": len(pairs), "skipped": len(pairs) - len(todo), "aligned": 0, "failed": 0, "units": 0}
    if not todo:
        return counts
    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    workers = num_workers or max(1, int(ray.available_resources().get("CPU", 1)))
    results = (
        ray.data.from_items(todo, override_num_blocks=min(len(todo), workers * 4))
        .map(align_pair, fn_kwargs={"max_bead": max_bead}, concurrency=workers, num_cpus=1)
        .materialize()
    )
    units = results.flat_map(_units_of)
    summary = results.map(_summary_of)
    counts["units"] = units.count()
    if counts["units"]:
        units.write_parquet(os.path.join(output, "units"))
    summary.write_parquet(os.path.join(output, "summary"))
    for row in summary.select_columns(["status"]).iter_rows():
        counts[row["status"]] += 1
    return counts


def main(argv: Optional[list] = None) -> int:
    """``python -m qantara.distributed MANIFEST OUTPUT``: see the module."""
    parser = argparse.ArgumentParser(prog="python -m qantara.distributed", description=__doc__.splitlines()[0])
    parser.add_argument("manifest", help="a TSV with the columns source and target (and id, source_lang, target_lang)")
    parser.add_argument("output", help="the folder (or bucket path) the Parquet shards go to")
    parser.add_argument("--src-lang", help="the source language of pairs the manifest gives none")
    parser.add_argument("--tgt-lang", help="the target language of pairs the manifest gives none")
    parser.add_argument("--num-workers", type=int, help="pairs aligned at once (default: the cluster's CPUs)")
    parser.add_argument("--max-bead", type=int, default=None,
                        help="the largest number of sentences a side of a bead (default: as qantara align)")
    parser.add_argument("--address", help="the Ray cluster to join (default: RAY_ADDRESS, else a local one)")
    args = parser.parse_args(argv)
    counts = align_manifest(args.manifest, args.output, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
                            num_workers=args.num_workers, max_bead=args.max_bead, address=args.address)
    print(json.dumps(counts))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
