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

from assistant.analysis.bodies import Directory
from assistant.answer.retrieval import Hit
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData
from assistant.models import Source

_DOCUMENT_NOUN = re.compile(
    r"\b(?:briefing|report|article|press (?:statement|release)|statement|update|blog|"
    r"commentary|piece|column|editorial|submission|news item|story|debate|transcript)s?\b",
    re.IGNORECASE,
)


_PUBLISHED = ("news", "commentary")


def names_a_document(question: str) -> bool:
    return bool(_DOCUMENT_NOUN.search(question))


def named_documents(question: str, data: IndexData, directory: Directory) -> list[str]:
    """Ids of the documents the question names by publisher, body or title and kind of text;
    [] when it names none, or names a kind of text no single publisher's documents match."""
    text = f" {question.lower()} "
    noun = names_a_document(question)
    matched: list[Source] = []
    for source in data.sources.values():
        # a news or commentary publisher speaks for nobody: naming it names its documents
        if (noun or source.kind in _PUBLISHED) and _publisher_named(text, source, directory):
            matched.append(source)
    if len(matched) > 1:  # several of one publisher: the one whose title the question echoes
        asked = set(search_terms(question))
        scores = [len(asked & set(search_terms(s.title))) for s in matched]
        best = max(scores)
        matched = [s for s, n in zip(matched, scores, strict=True) if n == best]
    return [s.id for s in matched]


def _publisher_named(text: str, source: Source, directory: Directory) -> bool:
    publisher = source.publisher or ""
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", publisher)  # "X (NHS)"
    names = {n for n in (publisher, bare, directory.canonical(publisher)) if n}
    names |= {alias for alias, body in directory.names.items() if body in names}
    for name in names:
        key = name.lower().removeprefix("the ").strip()
        if len(key) > 2 and re.search(rf"\b{re.escape(key)}\b", text):
            return True
    return False


def without_the_document(
    question: str, data: IndexData, sources: list[str], keep_publisher: bool = False
) -> str:
    """The question less its naming of the document ("the LGA briefing"), which every sentence
    of a briefing that talks about itself would otherwise match best; the publisher's name is
    kept when it names the body whose view is asked."""
    text = _DOCUMENT_NOUN.sub(" ", question)
    for source_id in [] if keep_publisher else sources:
        publisher = data.sources[source_id].publisher or ""
        for name in {publisher, re.sub(r"\s*\([^)]*\)", "", publisher)}:
            if name.strip():
                text = re.sub(rf"(?i)\b{re.escape(name.strip())}\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def document_hits(data: IndexData, sources: list[str], vector) -> list[Hit]:  # noqa: ANN001
    """Every passage of the named documents, as retrieval hits scored by their similarity."""
    wanted = set(sources)
    hits = []
    for i, passage in enumerate(data.passages):
        if passage.source_id in wanted:
            dense = float(data.passage_vectors[i] @ vector)
            hits.append(Hit(i, dense, dense))
    return hits
