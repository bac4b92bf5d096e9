"""The documents the assistant holds, and how officers add, replace and remove them.

Shipped documents live in knowledge/sources/ and change only with the code. Documents officers
add are kept as Markdown with front matter in `<data_dir>/documents/`, so every rebuild reads them
again. A change is planned first (what is added, replaced, unchanged or removed), then the kept
copies are changed only while the new index version is being built, and put back exactly as they
were if the build fails: the folder and the index never disagree.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.documents import SourceError, write_document
from assistant.ingest.duplicates import DuplicateError, copies_of, refusal
from assistant.models import Source


@dataclass(frozen=True)
class CorpusChange:
    """A change to the corpus, worked out before anything is written."""

    sources: dict[str, Source]  # every document the new version will hold
    keep: tuple[Source, ...]  # added or replaced documents, to be kept in the documents folder
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    unchanged: tuple[str, ...]  # offered again with the same content: nothing to do
    removed: tuple[str, ...]
    # (held document, the longer copy of its text that replaces it)
    superseded: tuple[tuple[str, str], ...] = ()


def _longer_copies(
    source: Source,
    sources: dict[str, Source],
    shipped_ids: set[str],
    known: dict[str, tuple[str, ...]],
) -> list[str]:
    """The held documents `source` is a longer copy of; raises DuplicateError when its text is
    already held (the same, or part of a held document) or holds a shipped document's text."""
    others = [s for s in sources.values() if s.id != source.id]
    copies = copies_of(source, others, known)
    for copy in copies:
        if copy.relation != "longer" or copy.held.id in shipped_ids:
            raise DuplicateError(refusal(source, copy))
    return [copy.held.id for copy in copies]


def plan_change(
    shipped: Sequence[Source],
    kept: Sequence[Source],
    new: Sequence[Source] = (),
    remove: Sequence[str] = (),
    today: str | None = None,
) -> CorpusChange:
    """Add or replace `new` documents by content hash and take out `remove`, or say why not.

    A document is matched by its id (from its file name): the same content again changes
    nothing, different content replaces it. Under another name, its text is compared with every
    document held (assistant/ingest/duplicates.py), so no text is held twice: a copy of a held
    document, or a part of one, is refused with a DuplicateError naming it; a longer copy of an
    added document replaces it (`superseded`).
    """
    today = today or time.strftime("%Y-%m-%d")
    shipped_ids = {s.id for s in shipped}
    sources = {s.id: s for s in [*shipped, *kept]}
    removed: list[str] = []
    for source_id in remove:
        if source_id in shipped_ids:
            raise SourceError(
                f"'{source_id}' is shipped with the assistant in knowledge/sources/ and cannot "
                "be removed here"
            )
        if source_id not in sources:
            raise SourceError(
                f"there is no document '{source_id}'; 'python -m assistant sources' lists them"
            )
        del sources[source_id]
        removed.append(source_id)
    keep: list[Source] = []
    added: list[str] = []
    replaced: list[str] = []
    unchanged: list[str] = []
    superseded: list[tuple[str, str]] = []
    known: dict[str, tuple[str, ...]] = {}
    for source in new:
        if source.id in shipped_ids:
            raise SourceError(f"'{source.id}' is a shipped document; give the file another name")
        held = sources.get(source.id)
        if held is not None and held.content_hash == source.content_hash:
            unchanged.append(source.id)
            continue
        for old in _longer_copies(source, sources, shipped_ids, known):
            del sources[old]
            keep = [s for s in keep if s.id != old]
            added = [a for a in added if a != old]
            superseded.append((old, source.id))
        (replaced if source.id in sources else added).append(source.id)
        source = source.model_copy(update={"added": today})
        sources[source.id] = source
        keep = [s for s in keep if s.id != source.id] + [source]
    if not sources:
        raise SourceError("there are no documents to index")
    return CorpusChange(
        sources,
        tuple(keep),
        tuple(added),
        tuple(replaced),
        tuple(unchanged),
        tuple(removed),
        tuple(superseded),
    )


@contextmanager
def kept_copies(folder: Path, change: CorpusChange) -> Iterator[None]:
    """Write the kept copies a change needs; undo every file change if the block fails.

    Files being replaced or removed are set aside (under a name no reader picks up) rather than
    deleted, and only dropped once the new index version is in place.
    """
    folder.mkdir(parents=True, exist_ok=True)
    aside: list[tuple[Path, Path]] = []
    written: list[Path] = []
    try:
        gone = (*change.removed, *(old for old, _ in change.superseded))
        for source_id in (*gone, *(s.id for s in change.keep)):
            path = folder / f"{source_id}.md"
            if path.exists():
                spare = folder / f".{source_id}.md.previous"
                path.replace(spare)
                aside.append((path, spare))
        for source in change.keep:
            written.append(write_document(source, folder))
        yield
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for path, spare in aside:
            spare.replace(path)
        raise
    for _, spare in aside:
        spare.unlink(missing_ok=True)
