"""A learned second opinion on stance, for sentences the rules find no cue in.

The rules in assistant/positions.py are readable and precise, but views come in words no
lexicon lists ("a plan that tells us where to go and not how to get there"). On invented
responses the rules had never seen, they called about four in ten opinions neutral. This model,
a logistic regression over the sentence vectors every index build already computes, is asked
only about sentences the rules call neutral, and overrides them only when fairly sure: measured
on documents neither it nor the rules had seen, that lifted stance macro-F1 from about 0.6 to
about 0.7 (eval/train_stance.py says how).

Its weights are trained by `python -m eval.train_stance` from the labelled statements outside
the held-out documents and shipped as knowledge/stance_model.json: nothing is trained, and
nothing is downloaded, at run time. Without the file the rules stand alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.models import Stance

STANCE_MODEL_FILE = "stance_model.json"


@dataclass(frozen=True)
class StanceModel:
    """Weights of a multinomial logistic regression over unit-length MiniLM sentence vectors."""

    labels: tuple[Stance, ...]
    coef: np.ndarray  # (len(labels), dimensions)
    intercept: np.ndarray  # (len(labels),)
    threshold: float  # the least probability at which it overrules the rules' "neutral"

    @classmethod
    def load(cls, path: Path) -> StanceModel | None:
        """The model in `path`, or None when there is none (the rules then stand alone)."""
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            labels=tuple(data["labels"]),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=np.asarray(data["intercept"], dtype=np.float32),
            threshold=float(data["threshold"]),
        )

    def save(self, path: Path, **about: object) -> None:
        """Write the weights, with `about` (what it was trained on, and how) for readers."""
        data = {
            **about,
            "labels": list(self.labels),
            "threshold": self.threshold,
            "intercept": [round(float(x), 6) for x in self.intercept],
            "coef": [[round(float(x), 6) for x in row] for row in self.coef],
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        scores = vectors @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def second_opinion(self, stances: Sequence[Stance], vectors: np.ndarray) -> list[Stance]:
        """The stances, with each "neutral" the model is sure is a view replaced by that view."""
        result = list(stances)
        asked = [i for i, stance in enumerate(stances) if stance == "neutral"]
        if not asked:
            return result
        probabilities = self.probabilities(vectors[asked])
        for i, row in zip(asked, probabilities, strict=True):
            best = int(row.argmax())
            if self.labels[best] != "neutral" and row[best] > self.threshold:
                result[i] = self.labels[best]
        return result
