"""The real-document eval finds each labelled sentence by the words it starts with, scores the
indexed sentence holding them, and says plainly when a label's words are not in the document.

The document here is written for the test (a fictional body), split and attributed exactly as an
index build does it, so no real text is read and no model is loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import load_topics
from assistant.ingest.builder import passages_of, token_counter
from assistant.ingest.documents import read_document
from assistant.models import Sentence, Source
from eval.real.labels import DocumentLabel, Label, locate
from eval.real.run import RealEvalError, folder_documents, score_documents
from eval.real.scoring import filed_under_publisher
from tests.conftest import KNOWLEDGE

RESPONSE = """\
---
title: "Carers first, structures second"
publisher: "Wexcombe Carers Alliance"
kind: response
speaks_for: "Wexcombe Carers Alliance"
---
We welcome the ambition of the white paper to join up care around people.
However we are concerned that unpaid carers are barely mentioned in the proposals.
"""


def _label(starts: str, **overrides: object) -> Label:
    fields: dict = {
        "file": "wexcombe-response.md",
        "starts": starts,
        "speaker": None,
        "body": "Wexcombe Carers Alliance",
        "topic": "overall",
        "topics": ("overall",),
        "stance": "support",
    }
    return Label(**{**fields, **overrides})


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Source, list[Sentence]]:
    path = tmp_path_factory.mktemp("real") / "wexcombe-response.md"
    path.write_text(RESPONSE, encoding="utf-8")
    source = read_document(path)
    directory = Directory.load(KNOWLEDGE / "bodies.yaml")
    topics = load_topics(KNOWLEDGE / "topics.yaml")
    passages = passages_of(source, 160, token_counter(), directory, topics)
    return source, [s for p in passages for s in p.sentences]


def test_a_label_is_scored_on_the_indexed_sentence_its_words_open(
    indexed: tuple[Source, list[Sentence]],
) -> None:
    source, sentences = indexed
    located = locate(_label("However we are concerned that unpaid"), source.text, sentences)
    assert located.missing is None and located.sentence is not None
    said = source.text[located.sentence.start : located.sentence.end]
    assert said.startswith("However we are concerned") and "We welcome" not in said


def test_scores_say_what_is_right_and_a_missing_fragment_is_named(
    indexed: tuple[Source, list[Sentence]],
) -> None:
    source, sentences = indexed
    labels = [
        _label("We welcome the ambition of the white paper"),
        _label(
            "However we are concerned that unpaid",
            topic="workforce",
            topics=("workforce",),
            stance="concern",
        ),
        _label("Carers will be paid a wage by 2030"),  # words the document never says
    ]
    directory = Directory.load(KNOWLEDGE / "bodies.yaml")
    scores = score_documents(
        {"wexcombe-response.md": source},
        {source.id: sentences},
        labels,
        [DocumentLabel("wexcombe-response.md", "response", True)],
        directory,
    )["wexcombe-response.md"]
    assert len(scores.rows) == 2  # the missing label is reported, not scored as wrong
    assert scores.missing == [
        "wexcombe-response.md: no sentence starts 'Carers will be paid a wage by 2030'"
    ]
    assert scores.share("body_ok") == 1.0 and scores.share("speaker_ok") == 1.0
    assert scores.share("stance_ok") == 1.0 and scores.stance_f1() == 1.0
    assert scores.publisher_filed == 0


def test_words_no_indexed_sentence_holds_count_as_wrong() -> None:
    text = "A heading the index dropped\nWe welcome it."
    kept = [Sentence(start=28, end=42, body="Wexcombe Carers Alliance")]
    located = locate(_label("A heading the index"), text, kept)
    assert located.sentence is None and located.missing is None
    assert located.note == "wexcombe-response.md: no indexed sentence holds 'A heading the index'"


def test_sentences_filed_under_a_news_publisher_are_counted() -> None:
    directory = Directory.load(KNOWLEDGE / "bodies.yaml")
    debate = Source(
        id="debate",
        title="A debate",
        publisher="Hansard, House of Lords (via Parallel Parliament)",
        kind="news",
        text="...",
        content_hash="x",
    )
    bodies = ["Parallel Parliament", "House of Lords", "Labour Party", None, "Community Care"]
    assert filed_under_publisher(debate, bodies, directory, "response") == 3


def test_the_folder_must_exist_and_its_readme_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(RealEvalError, match="no folder at"):
        folder_documents(tmp_path / "absent")
    (tmp_path / "README.md").write_text("# What these files are\n", encoding="utf-8")
    (tmp_path / "wexcombe-response.md").write_text(RESPONSE, encoding="utf-8")
    assert list(folder_documents(tmp_path)) == ["wexcombe-response.md"]
