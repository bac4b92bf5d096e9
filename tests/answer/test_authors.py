""""Who wrote X?" is answered from the author a named document gives, or says it gives none."""

from __future__ import annotations

import re

import pytest

from assistant.answer.authors import asks_who_wrote
from assistant.models import Source
from assistant.service import Assistant


def _named_by_publisher(assistant: Assistant, authored: bool) -> Source:
    """A shipped document other than the digest, with or without an author in its details,
    whose publisher no other document shares (so naming the publisher names that document)."""
    sources = [s for s in assistant.sources() if s.kind != "digest" and s.publisher]
    publishers = [s.publisher for s in sources]
    return next(
        s for s in sources if bool(s.author) == authored and publishers.count(s.publisher) == 1
    )


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who wrote the briefing?", True),
        ("who is the author of that article", True),
        ("By whom was the update written?", True),
        ("Who says the paper is vague?", False),
        ("What did the writers of the LGA briefing want?", False),
        ("Name the author of the commentary", True),
        ("What did staff complain about to the author of the piece?", False),
    ],
)
def test_questions_asking_for_an_author_are_told_apart(question: str, asks: bool) -> None:
    assert asks_who_wrote(question) is asks


def test_the_author_a_document_gives_opens_the_answer(assistant: Assistant) -> None:
    source = _named_by_publisher(assistant, authored=True)
    publisher = re.sub(r"\s*\(.*\)$", "", source.publisher or "")
    answer = assistant.ask(f"Who wrote the {publisher} piece?")
    opening = answer.answer.split("\n\n")[0]
    assert source.author and source.author in opening
    assert "[1]" in opening
    assert answer.citations[0].source_id == source.id
    assert answer.citations[0].author == source.author


def test_a_document_without_an_author_says_so_rather_than_naming_someone_it_quotes(
    assistant: Assistant,
) -> None:
    source = _named_by_publisher(assistant, authored=False)
    answer = assistant.ask(f"who wrote the {source.publisher} piece")
    assert "does not name an author" in answer.answer
    assert answer.answerable is False and answer.citations == []


def test_an_author_field_that_only_repeats_the_publisher_names_no_writer(
    assistant: Assistant,
) -> None:
    from assistant.answer.authors import authorship_answer

    data = assistant.index.data
    source = _named_by_publisher(assistant, authored=True)
    as_publisher = source.model_copy(update={"author": source.publisher})
    data.sources[source.id] = as_publisher
    try:
        answer = authorship_answer("Who wrote it?", [source.id], data, assistant.session.directory)
    finally:
        data.sources[source.id] = source
    assert answer is not None and answer.answerable is False
    assert f"give only an organisation, {source.publisher}" in answer.answer
