"""The learned second opinion on stance: when it speaks, and that it never saw held-out text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import yaml

from assistant.config import REPO_ROOT
from assistant.stance_model import STANCE_MODEL_FILE, StanceModel

LABELS = ("concern", "mixed", "neutral", "support")


def _model(threshold: float = 0.6) -> StanceModel:
    # dimension 0 votes concern, dimension 1 votes support; nothing votes mixed or neutral
    coef = np.array([[8.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 8.0]], dtype=np.float32)
    return StanceModel(LABELS, coef, np.zeros(4, dtype=np.float32), threshold)


def test_only_sentences_the_rules_call_neutral_are_reconsidered() -> None:
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    stances = _model().second_opinion(["neutral", "support", "neutral"], vectors)
    assert stances == ["concern", "support", "support"]


def test_an_unsure_model_leaves_the_rules_verdict() -> None:
    vectors = np.array([[0.1, 0.0]], dtype=np.float32)  # barely leans: far below the threshold
    assert _model().second_opinion(["neutral"], vectors) == ["neutral"]


def test_without_a_model_file_there_is_no_model(tmp_path: Path) -> None:
    assert StanceModel.load(tmp_path / STANCE_MODEL_FILE) is None


def test_weights_survive_saving_and_loading(tmp_path: Path) -> None:
    path = tmp_path / STANCE_MODEL_FILE
    _model(0.4).save(path, trained="today")
    loaded = StanceModel.load(path)
    assert loaded is not None and loaded.labels == LABELS and loaded.threshold == 0.4
    assert np.allclose(loaded.coef, _model().coef)
    assert json.loads(path.read_text(encoding="utf-8"))["trained"] == "today"


def test_the_shipped_model_never_learnt_from_held_out_documents() -> None:
    shipped = json.loads((REPO_ROOT / "knowledge" / STANCE_MODEL_FILE).read_text("utf-8"))
    labels = yaml.safe_load((REPO_ROOT / "eval" / "positions.yaml").read_text("utf-8"))
    held_out = set(labels["held_out_sources"])
    assert shipped["sources"] and not held_out & set(shipped["sources"])
    assert np.asarray(shipped["coef"]).shape == (len(shipped["labels"]), 384)
