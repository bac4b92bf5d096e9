"""Which documents an index version holds, as `python -m assistant sources` lists them."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.index.versions import IndexData
from assistant.models import SourceKind


class DocumentRow(BaseModel):
    """One line of `python -m assistant sources`: a document and how much of it is indexed."""

    id: str
    title: str
    publisher: str | None
    kind: SourceKind
    date: str | None
    passages: int
    added: str | None  # None for documents shipped with the assistant
    about: str | None = None  # another policy paper's id (knowledge/policies.yaml); None: CP 573
    about_title: str | None = None  # that paper as officers read it
    about_reason: str | None = None  # why the document was judged to be about it


def catalogue(data: IndexData) -> list[DocumentRow]:
    """Every document in an index version: shipped ones first, then added ones, newest last."""
    counts: dict[str, int] = {}
    for passage in data.passages:
        counts[passage.source_id] = counts.get(passage.source_id, 0) + 1
    rows = [
        DocumentRow(
            id=s.id,
            title=s.title,
            publisher=s.publisher,
            kind=s.kind,
            date=s.date,
            passages=counts.get(s.id, 0),
            added=s.added,
            about=s.about,
            about_title=s.about_title,
            about_reason=s.about_reason,
        )
        for s in data.sources.values()
    ]
    return sorted(rows, key=lambda r: (r.added is not None, r.added or "", r.id))
