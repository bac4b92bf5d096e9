"""The learned reading of intent decides only where its policy lets it, and the analysis
follows its decision; its weights are read back exactly as the training script wrote them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import load_topics
from assistant.answer.intent import INTENTS, Intent, Reading
from assistant.answer.query import QuestionAnalyser
from assistant.answer.question_intent import (
    FORM_FEATURES,
    QUESTION_INTENT_FILE,
    SCOPES,
    QuestionIntents,
    combine,
    form_features,
)
from assistant.answer.question_topics import QuestionTopics
from assistant.config import REPO_ROOT

KNOWLEDGE = REPO_ROOT / "knowledge"
LABELS = tuple(INTENTS)


def _policy(scope: str, threshold: float = 0.8) -> QuestionIntents:
    empty = np.zeros((0, 0))
    return QuestionIntents(LABELS, empty, empty, 1.0, scope, threshold)


def _sure_of(intent: str, p: float) -> np.ndarray:
    rest = (1.0 - p) / (len(LABELS) - 1)
    return np.array([p if label == intent else rest for label in LABELS])


def test_a_sure_model_decides_where_no_cue_fired_but_not_over_a_cue() -> None:
    uncued, cued = Reading("fact", False), Reading("when", True)
    sure = _sure_of("overview", 0.9)
    assert combine(uncued, sure, LABELS, _policy("uncued")) == "overview"
    assert combine(cued, sure, LABELS, _policy("uncued")) == "when"
    assert combine(cued, sure, LABELS, _policy("always")) == "overview"


def test_an_unsure_model_or_a_never_policy_leaves_the_rules_reading() -> None:
    uncued = Reading("fact", False)
    assert combine(uncued, _sure_of("overview", 0.5), LABELS, _policy("uncued")) == "fact"
    assert combine(uncued, _sure_of("overview", 0.99), LABELS, _policy("never")) == "fact"


def test_form_features_count_the_names_and_read_the_opening_after_a_greeting() -> None:
    none = form_features("hi, how much is the budget?", 0, 0)
    two = form_features("Do the LGA and the BMA agree?", 2, 0)
    assert none.shape == two.shape == (FORM_FEATURES,)
    assert none[0] == 1.0 and two[2] == 1.0 and none[4] == 0.0
    assert not np.array_equal(none[5:], two[5:])  # "how" and "do" open differently


def test_saved_weights_load_back_to_the_same_decisions(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    model = QuestionIntents(
        LABELS, rng.normal(size=(len(LABELS), 4 + FORM_FEATURES)), rng.normal(size=len(LABELS)),
        0.3, "always", 0.6,
    )
    model.save(tmp_path / "intent.json", trained_on="test")
    again = QuestionIntents.load(tmp_path / "intent.json")
    assert again is not None and (again.scope, again.threshold) == ("always", 0.6)
    vector, form = rng.normal(size=4), form_features("who said it?", 0, 0)
    before, after = model.probabilities(vector, form), again.probabilities(vector, form)
    assert np.allclose(before, after, atol=1e-4)
    topics = QuestionTopics(("a", "b"), rng.normal(size=(2, 4)), rng.normal(size=2), 0.4)
    topics.save(tmp_path / "topics.json")
    loaded = QuestionTopics.load(tmp_path / "topics.json")
    assert loaded is not None and loaded.threshold == 0.4
    assert loaded.topics(vector) == topics.topics(vector)


def test_no_weights_file_means_the_rules_stand_alone(tmp_path: Path) -> None:
    assert QuestionIntents.load(tmp_path / "missing.json") is None


def test_the_shipped_model_reads_every_intent_under_a_known_policy() -> None:
    model = QuestionIntents.load(KNOWLEDGE / QUESTION_INTENT_FILE)
    assert model is not None
    assert set(model.labels) == set(INTENTS) and model.scope in SCOPES
    assert model.coef.shape == (len(INTENTS), 384 + FORM_FEATURES)


class _Always:
    """A learned reading that always answers one intent, and counts its calls."""

    def __init__(self, intent: Intent) -> None:
        self.intent, self.calls = intent, 0

    def decide(self, vector: np.ndarray, form: np.ndarray, rules: Reading) -> Intent:
        self.calls += 1
        return self.intent


class _Vectors:
    def query(self, text: str) -> np.ndarray:
        return np.ones(384) / np.sqrt(384)


@pytest.fixture(scope="module")
def parts() -> tuple[Directory, list]:
    return Directory.load(KNOWLEDGE / "bodies.yaml"), load_topics(KNOWLEDGE / "topics.yaml")


def test_the_analysis_follows_the_learned_intent_topics_included(parts: tuple) -> None:
    directory, topics = parts
    reader = _Always("when")
    analyser = QuestionAnalyser(directory, topics, encoder=_Vectors(), intents=reader)  # type: ignore[arg-type]
    query = analyser.analyse("What does the white paper propose for shared outcomes?")
    assert query.intent == "when" and reader.calls == 1
    assert "timeline" in query.topics  # a date asked about a proposal is about the timeline


def test_a_follow_up_is_read_by_the_rules_alone(parts: tuple) -> None:
    directory, topics = parts
    reader = _Always("quantity")
    analyser = QuestionAnalyser(directory, topics, encoder=_Vectors(), intents=reader)  # type: ignore[arg-type]
    query = analyser.analyse("and the BMA?", ["What did the LGA say about pooled budgets?"])
    assert query.follow_up and query.intent == "body-view"  # its own words name a body
    assert reader.calls == 1  # the earlier question only: the follow-up itself is not read


def test_rerouting_the_answer_needs_the_guard_confidence() -> None:
    """A views intent (the positions table) or out-of-scope (a refusal) the rules did not
    choose needs `guarded` confidence; the other intents need only the threshold."""
    empty = np.zeros((0, 0))
    policy = QuestionIntents(LABELS, empty, empty, 1.0, "uncued", 0.3, 0.9)
    uncued = Reading("fact", False)
    assert combine(uncued, _sure_of("overview", 0.8), LABELS, policy) == "fact"
    assert combine(uncued, _sure_of("out-of-scope", 0.8), LABELS, policy) == "fact"
    assert combine(uncued, _sure_of("overview", 0.95), LABELS, policy) == "overview"
    assert combine(uncued, _sure_of("when", 0.4), LABELS, policy) == "when"


def test_the_guard_is_saved_and_read_back(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    model = QuestionIntents(
        LABELS, rng.normal(size=(len(LABELS), 4 + FORM_FEATURES)), rng.normal(size=len(LABELS)),
        0.3, "uncued", 0.3, 0.9,
    )
    model.save(tmp_path / "intent.json")
    again = QuestionIntents.load(tmp_path / "intent.json")
    assert again is not None and again.guarded == 0.9
    unguarded = dataclasses.replace(model, guarded=None)
    unguarded.save(tmp_path / "plain.json")
    plain = QuestionIntents.load(tmp_path / "plain.json")
    assert plain is not None and plain.guarded is None
