"""qantara: documents and their translations turned into translation memories.

Sentence segmentation (built-in rules for many languages, or a translator's SRX rules)
and sentence alignment by lengths and lexical evidence, from Rust through PyO3. The GIL
is released while segmenting and aligning, so threads align in parallel.
``qantara.distributed`` aligns a whole manifest on a Ray cluster.

>>> import qantara
>>> alignment = qantara.align("Das Haus ist rot. Der Garten ist groß.",
...                           "The house is red. The garden is big.", "de", "en")
>>> [(b.source, b.target) for b in alignment.beads]
[((0, 1), (0, 1)), ((1, 2), (1, 2))]
"""

from ._qantara import (
    Aligner,
    Alignment,
    Bead,
    QantaraError,
    Sentence,
    Store,
    Units,
    align,
    align_files,
    read_manifest,
    segment,
)

__all__ = [
    "Aligner",
    "Alignment",
    "Bead",
    "QantaraError",
    "Sentence",
    "Store",
    "Units",
    "align",
    "align_files",
    "read_manifest",
    "segment",
]
