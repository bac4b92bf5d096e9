"""Questions about one document: "what does the LGA briefing say ...?", "the Civil Service World
commentary".

When a question names a document, by its publisher or body together with what kind of text it
is ("briefing", "press statement", "commentary", "debate"), the officer asks what that text
says, whoever it quotes. Its evidence is then that document's sentences, not every document's
and not only the sentences attributed to the publisher: a briefing's summary of the paper is
what the briefing says, though it speaks for the government's proposals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.answer.retrieval import Hit
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData

_DOCUMENT_NOUN = re.compile(
    r"\b(?:briefing|report|article|press (?:statement|release)|statement|update|blog|"
    r"commentary|piece|column|editorial|submission|news item|story|debate|transcript)s?\b",
    re.IGNORECASE,
)


_PUBLISHED = ("news", "commentary")


def names_a_document(question: str) -> bool:
    return bool(_DOCUMENT_NOUN.search(question))


class DocumentNames:
    """How a question may name each document: its publisher, the publisher without a
    bracketed note ("X (NHS)"), and the aliases bodies.yaml gives the publisher's body. Worked
    out once per index version, so a question is matched with one pattern per document."""

    def __init__(self, data: IndexData, directory: Directory) -> None:
        self.data = data
        self.body_of: dict[str, str] = {}  # source id -> the publisher's canonical name
        self.patterns: dict[str, re.Pattern[str]] = {}
        for source in data.sources.values():
            publisher = source.publisher or ""
            canonical = directory.canonical(publisher)
            if canonical:
                self.body_of[source.id] = canonical
            names = {n for n in (publisher, _bare(publisher), canonical) if n}
            names |= {alias for alias, body in directory.names.items() if body in names}
            keys = {n.lower().removeprefix("the ").strip() for n in names}
            keys = sorted((k for k in keys if len(k) > 2), key=len, reverse=True)
            if keys:
                alternatives = "|".join(re.escape(k) for k in keys)
                self.patterns[source.id] = re.compile(rf"\b(?:{alternatives})\b")

    def named(self, question: str) -> list[str]:
        """Ids of the documents the question names by publisher and kind of text (or by a
        news or commentary publisher alone, which speaks for nobody, so naming it names its
        documents); of several by one publisher, those whose title the question echoes."""
        text = question.lower()
        noun = names_a_document(question)
        matched = [
            source
            for source in self.data.sources.values()
            if (noun or source.kind in _PUBLISHED)
            and source.id in self.patterns
            and self.patterns[source.id].search(text)
        ]
        # Of several documents by one publisher, those whose title the question echoes best;
        # documents by different publishers ("compare the LGA briefing and the NHS Providers
        # statement") are each kept.
        asked = set(search_terms(question))
        echoes = {s.id: len(asked & set(search_terms(s.title))) for s in matched}
        best: dict[str, int] = {}
        for source in matched:
            by = self.body_of.get(source.id, source.publisher or "")
            best[by] = max(best.get(by, 0), echoes[source.id])
        return [
            s.id
            for s in matched
            if echoes[s.id] == best[self.body_of.get(s.id, s.publisher or "")]
        ]

    def without_naming(self, question: str, sources: Sequence[str] = ()) -> str:
        """The question less its naming of the documents ("the LGA briefing"), which every
        sentence of a briefing that talks about itself would otherwise match best; the
        publishers of `sources` are taken out too (pass none to keep the body whose view is
        asked)."""
        text = _DOCUMENT_NOUN.sub(" ", question)
        for source_id in sources:
            publisher = self.data.sources[source_id].publisher or ""
            for name in {publisher.strip(), _bare(publisher)}:
                if name:
                    text = re.sub(rf"(?i)\b{re.escape(name)}\b", " ", text)
        return re.sub(r"\s+", " ", text).strip()


def named_documents(question: str, data: IndexData, directory: Directory) -> list[str]:
    """The documents a question names (see DocumentNames.named), for a one-off question."""
    return DocumentNames(data, directory).named(question)


def _bare(publisher: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", publisher).strip()


def document_hits(data: IndexData, sources: Sequence[str], vector: np.ndarray) -> list[Hit]:
    """Every passage of the named documents, as retrieval hits scored by their similarity."""
    wanted = set(sources)
    hits = []
    for i, passage in enumerate(data.passages):
        if passage.source_id in wanted:
            dense = float(data.passage_vectors[i] @ vector)
            hits.append(Hit(i, dense, dense))
    return hits
