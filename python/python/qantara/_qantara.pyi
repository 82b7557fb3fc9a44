"""Type stubs of the extension module `qantara._qantara` (see `qantara`)."""

from os import PathLike
from typing import Iterator, Optional, Sequence, Union

class QantaraError(Exception):
    """An error of qantara, with its message (the file and the problem)."""

class Sentence:
    """One sentence: its text, character offsets into the text, paragraph number."""
    text: str
    start: int
    end: int
    paragraph: int

class Bead:
    """One bead: source and target sentence ranges [start, end), confidence, kind ("1-2")."""
    source: tuple[int, int]
    target: tuple[int, int]
    confidence: float
    kind: str

class Alignment:
    """The beads of an alignment, each pair's texts, the sentences of both sides."""
    beads: list[Bead]
    pairs: list[tuple[str, str, float]]
    source: list[str]
    target: list[str]
    mean_confidence: float
    looks_like_translation: bool
    def __len__(self) -> int: ...

Text = Union[str, Sequence[str]]
Dictionary = Union[Sequence[tuple[str, str]], str, PathLike[str]]

def segment(text: str, lang: str, srx: Optional[str] = None) -> list[Sentence]:
    """Splits text into sentences by the rules of `lang`, or of the SRX file `srx`."""

def align(
    source: Text,
    target: Text,
    source_lang: str,
    target_lang: str,
    *,
    dictionary: Optional[Dictionary] = None,
    max_bead: Optional[int] = None,
) -> Alignment:
    """Aligns running text or lists of sentences; the GIL is released meanwhile."""

class Aligner:
    """Languages, a dictionary and settings held for many alignments."""
    def __init__(
        self,
        source_lang: str,
        target_lang: str,
        *,
        dictionary: Optional[Dictionary] = None,
        max_bead: Optional[int] = None,
        srx: Optional[str] = None,
    ) -> None: ...
    def align(self, source: Text, target: Text) -> Alignment:
        """Aligns `source` with `target`; the GIL is released meanwhile."""

class Units(Iterator[dict]):
    """Translation units of a store as dicts, read an alignment at a time."""
    def __next__(self) -> dict: ...

class Store:
    """A qantara database opened read only."""
    def __init__(self, path: str) -> None: ...
    def alignments(self) -> list[dict]:
        """The stored alignments: id, method, languages, document paths."""
    def translation_units(self, alignment_id: Optional[int] = None) -> Units:
        """The units of one alignment or all: text, confidence, kind, languages, documents."""

def align_files(
    source: str,
    target: str,
    *,
    source_lang: Optional[str] = None,
    target_lang: Optional[str] = None,
    max_bead: Optional[int] = None,
) -> tuple[Alignment, str, str]:
    """Reads and aligns a document pair as `qantara align` does (any format it reads,
    languages told or checked); returns the alignment and the two languages."""

def read_manifest(path: str) -> list[dict]:
    """The pairs of a batch manifest: id, source, target, source_lang, target_lang."""
