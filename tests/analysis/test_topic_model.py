"""Topics by meaning: the word rules' topics stay, the model adds the one it is sure of, the
main topic comes first, and the shipped model never saw held-out or real text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.analysis.bodies import Directory
from assistant.analysis.topic_model import (
    TOPIC_MODEL_FILE,
    TopicModel,
    combine,
    passage_context,
)
from assistant.analysis.topics import load_topics, tag_topics
from assistant.config import REPO_ROOT
from assistant.embedding import Encoder
from assistant.ingest.builder import passages_of, tag_meanings, token_counter
from assistant.models import Source
from eval.real.labels import load_labels as load_real_labels

KNOWLEDGE = REPO_ROOT / "knowledge"
TOPICS = load_topics(KNOWLEDGE / "topics.yaml")
SHIPPED = TopicModel.load(KNOWLEDGE / TOPIC_MODEL_FILE)
LABELS = ("overall", "funding", "workforce")


def _model(threshold: float = 0.5) -> TopicModel:
    """A two-dimensional 'vector' votes funding (first axis) or workforce (second)."""
    coef = np.zeros((3, 3 + 2))
    coef[1, 3], coef[2, 4] = 5.0, 5.0
    return TopicModel(LABELS, coef, np.zeros(3), 1.0, threshold)


def test_a_sure_model_adds_its_topic_beside_the_word_rules_and_leads_with_it() -> None:
    tags = _model().tag([["workforce"]], np.array([[1.0, 0.0]]))
    assert tags == [["funding", "workforce"]]


def test_the_word_rules_topics_stay_when_the_model_is_unsure() -> None:
    assert _model(threshold=0.99).tag([["workforce"]], np.array([[1.0, 0.0]])) == [["workforce"]]
    assert _model(threshold=0.99).tag([[]], np.array([[1.0, 0.0]])) == [[]]


def test_the_main_topic_is_the_likeliest_of_those_found() -> None:
    assert combine(["overall", "funding"], np.array([0.1, 0.6, 0.3]), LABELS, 1.0) == [
        "funding",
        "overall",
    ]


def test_the_passage_a_sentence_sits_in_is_its_context() -> None:
    context = passage_context([0, 0, 1], np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 2.0]]))
    assert np.allclose(context, [[0.7071, 0.7071], [0.7071, 0.7071], [0.0, 1.0]], atol=1e-4)
    model = TopicModel(LABELS, np.zeros((3, 3 + 4)), np.zeros(3), 1.0, 0.5, context_weight=1.0)
    model.coef[2, 5] = 5.0  # the context's first axis votes workforce
    assert model.tag([[]], np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]])) == [["workforce"]]
    assert model.tag([[]], np.array([[0.0, 0.0]]), np.array([[0.0, 1.0]])) == [[]]


def test_weights_survive_saving_and_loading(tmp_path: Path) -> None:
    path = tmp_path / TOPIC_MODEL_FILE
    _model(threshold=0.4).save(path, trained="today")
    loaded = TopicModel.load(path)
    assert loaded is not None and loaded.labels == LABELS and loaded.threshold == 0.4
    assert np.allclose(loaded.coef, _model().coef)
    assert TopicModel.load(tmp_path / "absent.json") is None


def test_the_shipped_model_holds_numbers_and_never_learnt_from_held_out_or_real_text() -> None:
    shipped = json.loads((KNOWLEDGE / TOPIC_MODEL_FILE).read_text("utf-8"))
    held_out = set(
        yaml.safe_load((REPO_ROOT / "eval" / "positions.yaml").read_text())["held_out_sources"]
    )
    real = {Path(label.file).stem for label in load_real_labels()[1]}
    assert shipped["sources"] and not (held_out | real) & set(shipped["sources"])
    assert set(shipped) <= {
        "about",
        "trained",
        "examples",
        "sources",
        "C",
        "labels",
        "lexicon_weight",
        "threshold",
        "context_weight",
        "document_weight",
        "intercept",
        "coef",
    }
    assert tuple(shipped["labels"]) == tuple(t.id for t in TOPICS)
    # the sentence's vector, its passage's and its document's
    vectors = 1 + bool(shipped["context_weight"]) + bool(shipped.get("document_weight"))
    assert np.asarray(shipped["coef"]).shape == (len(TOPICS), len(TOPICS) + 384 * vectors)


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        # invented wording with no word of the topic's lexicon
        (
            "Councils and hospitals should be able to put their money into one shared pot.",
            "pooled-budgets",
        ),
        ("Nobody yet knows who will answer for it when things go wrong locally.", "accountability"),
        ("Nurses and care assistants are leaving faster than they can be replaced.", "workforce"),
    ],
)
def test_the_meaning_tagger_finds_a_topic_worded_without_its_words(
    encoder: Encoder, sentence: str, topic: str
) -> None:
    assert SHIPPED is not None
    assert topic not in tag_topics(sentence, TOPICS)
    assert topic in SHIPPED.tag([tag_topics(sentence, TOPICS)], encoder.documents([sentence]))[0]


def test_an_index_build_gives_sentences_their_topics_by_meaning(encoder: Encoder) -> None:
    assert SHIPPED is not None
    text = (
        "We welcome the plan. "
        "Councils and hospitals should be able to put their money into one shared pot."
    )
    source = Source(
        id="invented", title="An invented response", kind="response", text=text, content_hash="-"
    )
    directory = Directory.load(KNOWLEDGE / "bodies.yaml")
    passages = passages_of(source, 160, token_counter(), directory, TOPICS)
    sentences = [s for p in passages for s in p.sentences]
    vectors = encoder.documents([text[s.start : s.end] for s in sentences])
    tag_meanings(passages, {source.id: source}, vectors, SHIPPED, directory, TOPICS)
    assert "pooled-budgets" in sentences[-1].topics
    assert sentences[0].topics[0] == "overall"


def test_the_document_weighs_in_when_the_model_reads_it() -> None:
    # sentence vector (2), then the document's (2); the document's first dimension votes workforce
    coef = np.zeros((3, 3 + 4))
    coef[LABELS.index("workforce"), 3 + 2] = 5.0
    model = TopicModel(LABELS, coef, np.zeros(3), 1.0, 0.5, document_weight=1.0)
    sentence = np.array([[0.0, 0.0]])
    assert model.tag([[]], sentence, None, np.array([[1.0, 0.0]])) == [["workforce"]]
    assert model.tag([[]], sentence, None, np.array([[0.0, 1.0]])) == [[]]


def test_a_topic_term_yaml_reads_as_a_number_is_refused_in_one_line(tmp_path) -> None:
    import pytest

    from assistant.analysis.topics import load_topics
    from assistant.errors import SourceError

    path = tmp_path / "topics.yaml"
    path.write_text(
        "topics:\n  - id: place\n    label: Place\n    terms: [place, 250,000]\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match="topics.yaml: topic 'place' has a term that is not text"):
        load_topics(path)
    assert all(isinstance(term, str) for topic in TOPICS for term in topic.terms)
