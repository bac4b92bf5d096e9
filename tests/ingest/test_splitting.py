"""Passages are whole sentences with exact offsets, sized by tokens."""

from __future__ import annotations

import re

import pytest

from assistant.analysis.bodies import Directory
from assistant.config import REPO_ROOT
from assistant.ingest.builder import passages_of, token_counter
from assistant.ingest.documents import read_folder
from assistant.ingest.splitting import split_sentences

SOURCES = read_folder(REPO_ROOT / "knowledge" / "sources")
COUNT = token_counter()
DIRECTORY = Directory.load(REPO_ROOT / "knowledge" / "bodies.yaml")


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_passage_text_is_the_source_text_at_its_offsets(source) -> None:
    for passage in passages_of(source, 160, COUNT, DIRECTORY):
        assert passage.text == source.text[passage.start : passage.end]
        for sentence in passage.sentences:
            assert passage.start <= sentence.start < sentence.end <= passage.end


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_passages_never_overlap_or_repeat_text(source) -> None:
    passages = passages_of(source, 160, COUNT, DIRECTORY)
    for earlier, later in zip(passages, passages[1:], strict=False):
        assert earlier.end <= later.start


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_passages_keep_to_the_token_budget_unless_one_sentence_is_longer(source) -> None:
    for passage in passages_of(source, 80, COUNT, DIRECTORY):
        assert (
            COUNT(passage.text) <= 80 + 10 * len(passage.sentences) or len(passage.sentences) == 1
        )


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_every_sentence_ends_where_a_sentence_can_end(source) -> None:
    for passage in passages_of(source, 160, COUNT, DIRECTORY):
        for sentence in passage.sentences:
            text = source.text[sentence.start : sentence.end]
            line_ends = source.text[sentence.end : sentence.end + 1] in ("", "\n", "\r")
            assert line_ends or re.search(r"[.?!][”’\"')\]]*$", text), text


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = "Councils, e.g. Kent, agreed. Dr. Smith and J. Bloggs spoke (p. 26). Then it ended."
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == [
        "Councils, e.g. Kent, agreed.",
        "Dr. Smith and J. Bloggs spoke (p. 26).",
        "Then it ended.",
    ]


def test_a_bracketed_attribution_stays_with_its_quote() -> None:
    text = "• “Staff matter more than structures.” (Royal College of Physicians)"
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == ["“Staff matter more than structures.” (Royal College of Physicians)"]


def test_quoted_sentences_split_after_the_closing_quote() -> None:
    text = "He said: “It is welcome.” But she disagreed."
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == ["He said: “It is welcome.”", "But she disagreed."]


def test_sections_come_from_headings_and_passages_do_not_cross_them() -> None:
    source = SOURCES[0].model_copy(
        update={
            "text": "Money matters\nThe plan has no money. It is thin.\n"
            "Staff matter\nThere are too few staff. Vacancies grow.\n",
            "reader_comments_from": None,
        }
    )
    passages = passages_of(source, 500, COUNT, DIRECTORY)
    assert [(p.section, p.text) for p in passages] == [
        ("Money matters", "The plan has no money. It is thin."),
        ("Staff matter", "There are too few staff. Vacancies grow."),
    ]
