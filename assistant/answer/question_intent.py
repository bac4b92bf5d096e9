"""What a question asks for, by meaning: a learned reading of intent beside the cue words.

The cue words of assistant.answer.intent were written from the questions of the tuning split
of eval/query_analysis.yaml, and questions worded otherwise slip past them, mostly into the
default ("fact", when no cue fires). This model is a multinomial logistic regression over the
question's MiniLM vector, the one retrieval searches with, so reading it costs no embedding of
its own, and a few cheap features of its form: how many bodies and people it names (the
vector barely tells one body from two) and its opening word.

How far it is trusted is the policy `python -m eval.train_question_intent` chose by
cross-validation within the tuning split (out-of-fold predictions, never the held-out split):

- `scope` "uncued": the model decides only where no cue fired, i.e. where the rules fell back
  to their default; "always": it may overrule a cue too; "never": the rules stand alone;
- the model's intent is taken only when its probability reaches `threshold`, and an intent
  that changes the route of the answer (a views intent, answered with a table of bodies, or
  out-of-scope, a refusal) only when it reaches `guarded`: read as views, a plain fact
  question loses the passage that answers it, which is the failure officers complain of most.

A follow-up keeps the rules' reading (its intent comes from the conversation). The weights
ship as knowledge/question_intent.json: numbers and intent names only, no question text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

import numpy as np

from assistant.answer.intent import FILLER, Intent, Reading
from assistant.weights import LinearWeights, load_weights, save_weights

QUESTION_INTENT_FILE = "question_intent.json"
SCOPES = ("never", "uncued", "always")
# Intents that send the answer down another route than the passages' (the positions table, or
# a refusal): the model needs `guarded` confidence to choose one the rules did not.
GUARDED: frozenset[str] = frozenset(
    {"body-view", "which-bodies", "agreement", "overview", "out-of-scope"}
)

# The opening words that say most about what is asked; anything else counts as "other".
OPENINGS: tuple[tuple[str, ...], ...] = (
    ("who", "whos", "who's"),
    ("what", "whats", "what's"),
    ("when",),
    ("how",),
    ("which",),
    ("does", "do", "did"),
    ("is", "are", "was", "were"),
    ("can", "could", "would", "will", "should"),
)
_JOINER = re.compile(r"^\W*(?:(?:so|and|but|also|then)\W+)*", re.IGNORECASE)
_HOW_MUCH = re.compile(r"\bhow\s+(?:much|many)\b", re.IGNORECASE)
_WHEN = re.compile(r"\bwhen\b", re.IGNORECASE)
_WHO = re.compile(r"\bwho\b", re.IGNORECASE)
FORM_FEATURES = 5 + len(OPENINGS) + 1 + 3  # bodies 0..3+, a person, opening, three words


def form_features(text: str, bodies: int, people: int) -> np.ndarray:
    """The question's form, unscaled: bodies named (none, one, two, three or more), whether a
    person is named, its opening word (after greetings), and whether it says "how much/many",
    "when" or "who" anywhere (a later clause often holds the ask)."""
    found = np.zeros(FORM_FEATURES)
    found[min(bodies, 3)] = 1.0
    found[4] = 1.0 if people else 0.0
    words = _JOINER.sub("", FILLER.sub("", text.lower())).split()
    first = words[0].strip("?,.!") if words else ""
    opening = next((i for i, forms in enumerate(OPENINGS) if first in forms), len(OPENINGS))
    found[5 + opening] = 1.0
    tail = 5 + len(OPENINGS) + 1
    for i, cue in enumerate((_HOW_MUCH, _WHEN, _WHO)):
        found[tail + i] = 1.0 if cue.search(text) else 0.0
    return found


class IntentReader(Protocol):
    """What the analyser asks of a learned intent reading (QuestionIntents is one)."""

    def decide(self, vector: np.ndarray, form: np.ndarray, rules: Reading) -> Intent: ...


@dataclass(frozen=True)
class QuestionIntents:
    """A logistic regression over [the unit-length question vector, the form features x
    `form_weight`], with the policy for weighing it against the rules' reading."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (len(labels), dimensions + FORM_FEATURES)
    intercept: np.ndarray  # (len(labels),)
    form_weight: float
    scope: str = "uncued"
    threshold: float = 0.5
    guarded: float | None = None  # for GUARDED intents; None: `threshold` as for the rest

    @classmethod
    def load(cls, path: Path) -> QuestionIntents | None:
        """The model in `path`, or None when there is none (the cue words then stand alone)."""
        weights = load_weights(path)
        if weights is None:
            return None
        settings = weights.settings
        return cls(
            weights.labels,
            weights.coef,
            weights.intercept,
            float(settings["form_weight"]),
            str(settings.get("scope", "uncued")),
            float(settings.get("threshold", 0.5)),
            float(settings["guarded"]) if settings.get("guarded") is not None else None,
        )

    def save(self, path: Path, **about: object) -> None:
        """Write the weights and the policy, with `about` (how they were chosen) for readers."""
        settings = {"form_weight": self.form_weight, "scope": self.scope}
        settings["threshold"] = self.threshold
        if self.guarded is not None:
            settings["guarded"] = self.guarded
        save_weights(path, LinearWeights(self.labels, self.coef, self.intercept, settings), about)

    def features(self, vectors: np.ndarray, forms: np.ndarray) -> np.ndarray:
        """The rows the weights apply to: one per question."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        return np.hstack([vectors, self.form_weight * np.atleast_2d(forms)])

    def probabilities(self, vectors: np.ndarray, forms: np.ndarray) -> np.ndarray:
        """(questions, len(labels)): the probability of each intent."""
        scores = self.features(vectors, forms) @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def decide(self, vector: np.ndarray, form: np.ndarray, rules: Reading) -> Intent:
        """The intent to act on: the rules' unless the policy lets a sure model overrule them."""
        return combine(rules, self.probabilities(vector, form)[0], self.labels, self)


def combine(
    rules: Reading, probabilities: np.ndarray, labels: Sequence[str], policy: QuestionIntents
) -> Intent:
    """The model's likeliest intent where the policy's scope covers the rules' reading and the
    model is at least `threshold` sure of it (`guarded` sure, for an intent that reroutes the
    answer the rules did not choose); otherwise the rules' intent."""
    if policy.scope == "never" or (policy.scope == "uncued" and rules.cued):
        return rules.intent
    best = int(np.argmax(probabilities))
    label = cast(Intent, labels[best])
    needed = policy.threshold
    if label in GUARDED and label != rules.intent and policy.guarded is not None:
        needed = max(needed, policy.guarded)
    return label if probabilities[best] >= needed else rules.intent
