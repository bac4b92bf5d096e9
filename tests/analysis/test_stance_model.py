"""The learned judgement on stance: how it weighs rules and words, and that it never saw
held-out text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.analysis.stance_model import STANCE_MODEL_FILE, StanceModel, ngram_counts
from assistant.config import REPO_ROOT
from assistant.models import STANCES

LABELS = ("concern", "mixed", "neutral", "support")


def _model(word_weight: float = 6.0, rule_weight: float = 1.0) -> StanceModel:
    """One word, "worried", votes concern; the rules' stance votes for itself; no vector."""
    vocabulary = {"worried": 0, "plan": 1}
    coef = np.zeros((4, len(vocabulary) + len(STANCES) + 2))
    coef[LABELS.index("concern"), 0] = word_weight
    for stance in STANCES:
        coef[LABELS.index(stance), len(vocabulary) + STANCES.index(stance)] = 4.0
    return StanceModel(LABELS, vocabulary, np.ones(2), coef, np.zeros(4), rule_weight)


def test_terms_are_lower_cased_words_and_word_pairs() -> None:
    assert ngram_counts("We welcome the Plan, a") == {
        "we": 1, "welcome": 1, "the": 1, "plan": 1, "we welcome": 1, "welcome the": 1,
        "the plan": 1,
    }


def test_without_telling_words_the_rules_verdict_stands() -> None:
    vectors = np.zeros((3, 2))
    texts = ["The plan is published.", "A plan.", "Nothing here."]
    rules = ["support", "mixed", "neutral"]
    assert _model().judge(texts, rules, vectors) == rules


def test_words_the_rules_have_no_cue_for_can_overrule_them() -> None:
    vectors = np.zeros((1, 2))
    assert _model().judge(["We are worried."], ["neutral"], vectors) == ["concern"]
    assert _model(word_weight=1.0).judge(["We are worried."], ["neutral"], vectors) == ["neutral"]


def test_scores_match_the_library_the_weights_were_trained_with() -> None:
    texts = ["We welcome the plan.", "We are worried about funding, and funding is short.",
             "The plan is fine but late.", "It sets out dates.", "Funding is welcome but short."]
    texts, rules = texts * 3, ["support", "concern", "mixed", "neutral", "mixed"] * 3
    gold = [STANCES.index(r) for r in rules]
    vectors = np.random.default_rng(0).normal(size=(len(texts), 5))
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    one_hot = np.eye(4)[gold]
    features = hstack([words.transform(texts), csr_matrix(2 * one_hot), csr_matrix(vectors)])
    fitted = LogisticRegression(C=10, max_iter=3000).fit(features.tocsr(), gold)
    model = StanceModel(tuple(STANCES[k] for k in fitted.classes_), dict(words.vocabulary_),
                        words.idf_, fitted.coef_, fitted.intercept_, 2.0)
    assert np.allclose(model.probabilities(texts, rules, vectors),
                       fitted.predict_proba(features.tocsr()))


def test_without_a_model_file_there_is_no_model(tmp_path: Path) -> None:
    assert StanceModel.load(tmp_path / STANCE_MODEL_FILE) is None


def test_weights_survive_saving_and_loading(tmp_path: Path) -> None:
    path = tmp_path / STANCE_MODEL_FILE
    _model(rule_weight=2.0).save(path, trained="today")
    loaded = StanceModel.load(path)
    assert loaded is not None and loaded.labels == LABELS and loaded.rule_weight == 2.0
    assert loaded.vocabulary == _model().vocabulary
    assert np.allclose(loaded.coef, _model().coef)
    assert json.loads(path.read_text(encoding="utf-8"))["trained"] == "today"


def test_the_shipped_model_never_learnt_from_held_out_documents() -> None:
    shipped = json.loads((REPO_ROOT / "knowledge" / STANCE_MODEL_FILE).read_text("utf-8"))
    labels = yaml.safe_load((REPO_ROOT / "eval" / "positions.yaml").read_text("utf-8"))
    held_out = set(labels["held_out_sources"])
    assert shipped["sources"] and not held_out & set(shipped["sources"])
    width = len(shipped["terms"]) + len(STANCES) + 384
    assert np.asarray(shipped["coef"]).shape == (len(shipped["labels"]), width)


def test_support_over_the_rules_neutral_needs_a_lead_over_neutral() -> None:
    model = StanceModel(LABELS, {}, np.ones(0), np.zeros((4, 4)), np.zeros(4), 1.0)
    narrow = np.array([0.05, 0.05, 0.40, 0.50])  # support leads neutral by 0.1
    margined = StanceModel(**{**model.__dict__, "neutral_margin": 0.3})
    assert model.settled(narrow, "neutral") == "support"
    assert margined.settled(narrow, "neutral") == "neutral"
    assert margined.settled(narrow, "support") == "support"  # the rules found support too
    assert margined.settled(np.array([0.0, 0.0, 0.1, 0.9]), "neutral") == "support"
