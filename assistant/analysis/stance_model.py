"""A learned judgement on stance, weighing the rules' verdict with the sentence's words.

The rules in assistant/analysis/stance.py are readable and precise, but views come in words no
lexicon lists ("a plan that tells us where to go and not how to get there", "2024 is not very
far away"). On invented responses the rules had never seen they called about four in ten
opinions neutral. This model is a logistic regression over three things each index build
already has for a sentence: the rules' stance, its words and word pairs (tf-idf), and its
MiniLM vector. It gives every sentence its final stance; where it differs from the rules the
sentence is marked `learned`. Measured by leaving out one batch of invented documents at a
time, and on documents written after it was designed, it lifts stance macro-F1 from about 0.61
(the rules alone) to about 0.77 on text nobody had read (eval/train_stance.py says how).

Its weights are trained by `python -m eval.train_stance` from the labelled statements outside
the held-out documents and shipped as knowledge/stance_model.json: nothing is trained, and
nothing is downloaded, at run time. Without the file the rules stand alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.models import STANCES, Stance
from assistant.weights import LinearWeights, load_weights, rounded, save_weights

STANCE_MODEL_FILE = "stance_model.json"
# The same words scikit-learn's TfidfVectorizer counts by default, so weights trained there
# apply here unchanged.
_WORD = re.compile(r"(?u)\b\w\w+\b")


def ngram_counts(text: str, longest: int = 2) -> Counter[str]:
    """Words and runs of up to `longest` words, lower-cased, with how often each occurs."""
    words = _WORD.findall(text.lower())
    return Counter(
        " ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)
    )


@dataclass(frozen=True)
class StanceModel:
    """A multinomial logistic regression over [tf-idf of the words, the rules' stance (one-hot,
    scaled by `rule_weight`), the unit-length MiniLM sentence vector]."""

    labels: tuple[Stance, ...]
    vocabulary: dict[str, int]  # term -> column
    idf: np.ndarray  # (len(vocabulary),)
    coef: np.ndarray  # (len(labels), len(vocabulary) + len(STANCES) + dimensions)
    intercept: np.ndarray  # (len(labels),)
    rule_weight: float
    longest: int = 2  # the longest run of words counted as a term
    # The model overturns the rules' neutral with support only when it is surer of support
    # than of neutral by this much: on real documents a sentence that describes a plan ("phase
    # one would see ICSs build their partnerships") reads as support to it by a small margin.
    neutral_margin: float = 0.0

    @classmethod
    def load(cls, path: Path) -> StanceModel | None:
        """The model in `path`, or None when there is none (the rules then stand alone)."""
        weights = load_weights(path)
        if weights is None:
            return None
        settings = weights.settings
        return cls(
            labels=weights.labels,
            vocabulary={term: i for i, term in enumerate(settings["terms"])},
            idf=np.asarray(settings["idf"], dtype=np.float64),
            coef=weights.coef,
            intercept=weights.intercept,
            rule_weight=float(settings["rule_weight"]),
            longest=int(settings.get("longest", 2)),
            neutral_margin=float(settings.get("neutral_margin", 0.0)),
        )

    def save(self, path: Path, **about: object) -> None:
        """Write the weights, with `about` (what it was trained on, and how) for readers."""
        settings = {
            "rule_weight": self.rule_weight,
            "longest": self.longest,
            "neutral_margin": self.neutral_margin,
            "terms": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
            "idf": rounded(self.idf),
        }
        save_weights(path, LinearWeights(self.labels, self.coef, self.intercept, settings), about)

    def word_scores(self, text: str) -> np.ndarray:
        """Each label's score from the sentence's words: sublinear tf-idf, unit length."""
        weights = {
            self.vocabulary[term]: (1 + math.log(n)) * self.idf[self.vocabulary[term]]
            for term, n in ngram_counts(text, self.longest).items()
            if term in self.vocabulary
        }
        if not weights:
            return np.zeros(len(self.labels))
        columns = np.fromiter(weights, dtype=np.int64)
        values = np.fromiter(weights.values(), dtype=np.float64)
        return self.coef[:, columns] @ (values / np.linalg.norm(values))

    def probabilities(
        self, texts: Sequence[str], rule_stances: Sequence[Stance], vectors: np.ndarray
    ) -> np.ndarray:
        """(len(texts), len(labels)) probabilities of each label."""
        n_terms = len(self.vocabulary)
        rules = self.coef[:, n_terms : n_terms + len(STANCES)]
        dense = self.coef[:, n_terms + len(STANCES) :]
        scores = np.asarray(vectors, dtype=np.float64) @ dense.T + self.intercept
        for i, (text, rule) in enumerate(zip(texts, rule_stances, strict=True)):
            scores[i] += self.word_scores(text) + self.rule_weight * rules[:, STANCES.index(rule)]
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def judge(
        self, texts: Sequence[str], rule_stances: Sequence[Stance], vectors: np.ndarray
    ) -> list[Stance]:
        """Each sentence's stance, weighing the rules' verdict with its words and vector."""
        if not texts:
            return []
        rows = self.probabilities(texts, rule_stances, vectors)
        return [self.settled(row, rule) for row, rule in zip(rows, rule_stances, strict=True)]

    def settled(self, row: np.ndarray, rule: Stance) -> Stance:
        """The likeliest label, unless it turns the rules' neutral into support by less than
        `neutral_margin`."""
        best = self.labels[int(row.argmax())]
        if rule == "neutral" and best == "support" and "neutral" in self.labels:
            lead = row[self.labels.index("support")] - row[self.labels.index("neutral")]
            if lead < self.neutral_margin:
                return "neutral"
        return best
