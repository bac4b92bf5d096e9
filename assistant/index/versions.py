"""Index versions on disk: write one whole, switch to it atomically, read whichever is current.

Layout under `<data_dir>/index/` (docs/architecture.md, section 4):
    CURRENT              name of the version readers use (replaced atomically)
    .lock                held by the one writer
    v-<time>-<hash>/     manifest.json, sources.json, passages.jsonl, positions.json,
                         passage_vectors.npy, sentence_vectors.npy, bm25/, chroma/
A version folder is never changed after CURRENT names it, so readers never share a Chroma folder
with a writer, and a crash mid-build leaves the previous version serving.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.errors import IndexBusy, IndexUnavailable
from assistant.models import Passage, PositionRow, Source

POINTER = "CURRENT"
BUILDING = ".building-"  # prefix of a version folder until it is complete
PASSAGE_VECTORS = "passage_vectors.npy"
SENTENCE_VECTORS = "sentence_vectors.npy"
COLLECTION = "passages"




@dataclass
class IndexData:
    """Everything a version holds, in memory."""

    version: str
    sources: dict[str, Source]
    passages: list[Passage]
    passage_vectors: np.ndarray
    sentence_vectors: np.ndarray  # one row per sentence, passages in order
    manifest: dict
    positions: list[PositionRow] = field(default_factory=list)  # the body x topic table
    sentence_offsets: list[int] = field(default_factory=list)  # first sentence row per passage

    def __post_init__(self) -> None:
        offsets, total = [], 0
        for passage in self.passages:
            offsets.append(total)
            total += len(passage.sentences)
        self.sentence_offsets = offsets
        self.by_id = {p.id: i for i, p in enumerate(self.passages)}

    @cached_property
    def bodies(self) -> list[str]:
        """Every body some sentence is attributed to, sorted; worked out once per version."""
        return sorted({s.body for p in self.passages for s in p.sentences if s.body})


def version_of(folder: Path) -> str:
    """The version's name, also while its folder is being built."""
    return folder.name.removeprefix(BUILDING)


def read_pointer(root: Path) -> str | None:
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def switch_to(root: Path, name: str) -> None:
    tmp = root / f".{POINTER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(root / POINTER)
    _fsync_dir(root)


@contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """One writer at a time; a second one is told so at once rather than waiting."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(
                "another ingest is already running; try again when it finishes"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_version(root: Path, data: IndexData, write_stores) -> str:  # noqa: ANN001
    """Write a complete version folder, then point CURRENT at it. Returns the folder name.

    `write_stores(folder)` writes the search stores (Chroma, BM25) into the folder being built.
    """
    # Microseconds keep names in build order when two builds land in the same second, which
    # `prune` relies on: it keeps the newest by name.
    name = f"v-{datetime.now().strftime('%Y%m%dT%H%M%S%f')}-{data.version}"
    building = root / f"{BUILDING}{name}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        (building / "sources.json").write_text(
            json.dumps([s.model_dump(mode="json") for s in data.sources.values()]),
            encoding="utf-8",
        )
        with open(building / "passages.jsonl", "w", encoding="utf-8") as fh:
            for passage in data.passages:
                fh.write(passage.model_dump_json() + "\n")
        (building / "positions.json").write_text(
            json.dumps([r.model_dump(mode="json") for r in data.positions]), encoding="utf-8"
        )
        np.save(building / PASSAGE_VECTORS, np.asarray(data.passage_vectors, dtype=np.float32))
        np.save(building / SENTENCE_VECTORS, np.asarray(data.sentence_vectors, dtype=np.float32))
        write_stores(building)
        (building / "manifest.json").write_text(
            json.dumps(data.manifest, indent=2), encoding="utf-8"
        )
        final = root / name
        building.rename(final)
        _fsync_dir(root)
        switch_to(root, name)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return name


def load_data(folder: Path) -> IndexData:
    """Read a version folder into memory; any damage becomes an IndexUnavailable with a fix."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        sources = {
            s["id"]: Source.model_validate(s)
            for s in json.loads((folder / "sources.json").read_text(encoding="utf-8"))
        }
        with open(folder / "passages.jsonl", encoding="utf-8") as fh:
            passages = [Passage.model_validate_json(line) for line in fh if line.strip()]
        positions = [
            PositionRow.model_validate(r)
            for r in json.loads((folder / "positions.json").read_text(encoding="utf-8"))
        ]
        passage_vectors, sentence_vectors = _vectors(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnavailable(
            f"the index at {folder} is damaged ({type(exc).__name__}); rebuild it with "
            "'python -m assistant ingest'"
        ) from None
    if len(passage_vectors) != len(passages):
        raise IndexUnavailable(
            f"the index at {folder} is incomplete; rebuild it with 'python -m assistant ingest'"
        )
    return IndexData(
        manifest["version"],
        sources,
        passages,
        passage_vectors,
        sentence_vectors,
        manifest,
        positions,
    )


def _vectors(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """The version's vectors, mapped from disk rather than read into memory.

    A version folder never changes, so mapping is safe, and a process only holds the pages it
    touches: at 100k passages the sentence vectors alone are about 800 MB, and an answer reads
    the rows of eight passages. Versions written before the .npy files were used still load.
    """
    if (folder / PASSAGE_VECTORS).exists():
        return (
            np.load(folder / PASSAGE_VECTORS, mmap_mode="r"),
            np.load(folder / SENTENCE_VECTORS, mmap_mode="r"),
        )
    with np.load(folder / "vectors.npz") as vectors:
        return vectors["passages"], vectors["sentences"]


def current_folder(root: Path) -> Path:
    name = read_pointer(root)
    if name is None:
        raise IndexUnavailable("there is no index yet; build it with 'python -m assistant ingest'")
    folder = root / name
    if not folder.is_dir():
        raise IndexUnavailable(
            f"the index version {name} is missing; rebuild it with 'python -m assistant ingest'"
        )
    return folder


def prune(root: Path, keep: int) -> None:
    """Remove old versions beyond the newest `keep` (and never the current one)."""
    current = read_pointer(root)
    versions = sorted(p for p in root.glob("v-*") if p.is_dir())
    for old in versions[:-keep] if keep else versions:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(f"{BUILDING}*"):
        shutil.rmtree(stale, ignore_errors=True)


def stores_intact(folder: Path) -> bool:
    """Whether a version's search stores look whole: a cheap check before calling a build a no-op.

    A version whose BM25 files are gone or whose Chroma database is not a database cannot serve,
    so "nothing changed" must not stop the rebuild its error message asks for.
    """
    bm25 = folder / "bm25"
    if not bm25.is_dir() or not any(bm25.iterdir()):
        return False
    for database in (folder / "chroma").rglob("*.sqlite3"):
        with open(database, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
    return True
