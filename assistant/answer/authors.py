"""Answers to "who wrote X?": the author a named document gives in its details.

An author is named in a document's details (its front matter, or `--author` at ingest), not in
a sentence of its text: bylines ("Posted on ... by ...") are cleaned away with the rest of a
page's furniture before the text is split. So the opening says where the name comes from, and
the citation is the document's own opening sentence, whose card shows the author. When the
document names nobody the answer says so rather than guessing from the people it quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.analysis.bodies import Directory
from assistant.answer.compose import citation_for
from assistant.answer.evidence import Evidence
from assistant.answer.statements import carries_content
from assistant.index.versions import IndexData
from assistant.models import Answer, Citation, Source
from assistant.text import markdown_text

# "Who wrote ...", "who is the author of ...", "who was it written by", "whose article is ..."
_WHO_WROTE = re.compile(
    r"\bwho\b[^?]*\b(?:wrote|writes|authored|penned)\b"
    r"|\bwho\s+(?:is|was)\s+(?:the\s+)?(?:author|writer)\b"
    r"|\bwho\b[^?]*\b(?:written|authored)\s+by\b"
    r"|^\W*(?:who|name|what\s+is\s+the\s+name)\b[^?]*\b(?:author|writer)\s+of\b"
    r"|\bby\s+whom\b",
    re.IGNORECASE,
)


def asks_who_wrote(question: str) -> bool:
    return bool(_WHO_WROTE.search(question))


def _first_sentence(data: IndexData, source_id: str, directory: Directory) -> Evidence | None:
    """The document's first sentence that says something (not its title line)."""
    fallback = None
    for i, passage in enumerate(data.passages):
        if passage.source_id != source_id:
            continue
        text = data.sources[source_id].text
        for j, sentence in enumerate(passage.sentences):
            fallback = fallback or Evidence(i, j, 0.0, 0.0)
            if carries_content(text[sentence.start : sentence.end], directory):
                return Evidence(i, j, 0.0, 0.0)
    return fallback


def _named(source: Source) -> str:
    details = ", ".join(x for x in (source.publisher, source.date) if x)
    title = f"*{markdown_text(source.title)}*"
    return f"{title} ({markdown_text(details)})" if details else title


def authorship_answer(
    question: str, sources: Sequence[str], data: IndexData, directory: Directory
) -> Answer | None:
    """Who the named documents give as their author; None when none of them is indexed."""
    citations: list[Citation] = []
    lines: list[str] = []
    for source_id in sources:
        found = _first_sentence(data, source_id, directory)
        if found is None:
            continue
        citation = citation_for(data, found, len(citations) + 1)
        citations.append(citation)
        source = data.sources[source_id]
        if source.author and not _is_the_publisher(source, directory):
            lines.append(
                f"{_named(source)} names {markdown_text(source.author)} as its author in its "
                f"details [{citation.n}]."
            )
        else:
            citations.pop()
            given = (
                f"; its details give only an organisation, {markdown_text(source.author)}"
                if source.author
                else ""
            )
            lines.append(f"{_named(source)} does not name an author{given}.")
    if not lines:
        return None
    text = "\n\n".join(lines)
    return Answer(
        question=question,
        answerable=bool(citations),  # no document named a writer: the question is not answered
        answer=text,
        citations=citations,
        index_version=data.version,
        note=None if citations else text,
    )


def _is_the_publisher(source: Source, directory: Directory) -> bool:
    """Whether the author a document gives is only its publisher or another organisation (a
    magazine's name in its author field names no writer)."""
    author = source.author or ""
    if source.publisher and author.strip().lower() == source.publisher.strip().lower():
        return True
    return author.strip().lower().replace("’", "'") in directory.names
