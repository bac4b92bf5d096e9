"""Topics by meaning: a learned judgement over the sentence's vector beside the word rules.

The lexicon of knowledge/topics.yaml finds a topic only when its words are used, but real
responses put the same points in other words ("merging NHS and council budgets" is about pooled
budgets, "lines of responsibility" about accountability). This model is a multinomial logistic
regression over what an index build already has for each sentence: the topics the word rules
found (one-hot, scaled by `lexicon_weight`), its MiniLM vector and, when `context_weight` is
set, the mean vector of the passage it sits in and, when `document_weight` is set, the mean
vector of the whole document (what a document leads with says what its short, ambiguous
sentences are about: "Phase two would then focus on agreeing priorities" in a report on shared
outcomes). Its use is narrow:

- the word rules' topics always stay;
- the topic the model rates highest is added when its probability reaches `threshold`;
- the topics are put in order of the model's probability, so the first is the main topic
  (the one a quote is shown under when a question names no topic).

The weights and the threshold are chosen by `python -m eval.train_topics` (cross-validated by
batches of invented documents, never on held-out or real text) and shipped as
knowledge/topic_model.json. It holds numbers only, no text. Without the file the word rules
stand alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.weights import LinearWeights, load_weights, save_weights

TOPIC_MODEL_FILE = "topic_model.json"


@dataclass(frozen=True)
class TopicModel:
    """A logistic regression over [the word rules' topics (one-hot x `lexicon_weight`), the
    unit-length sentence vector]; `labels` are topic ids in the order of the rows of `coef`."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (len(labels), len(labels) + dimensions)
    intercept: np.ndarray  # (len(labels),)
    lexicon_weight: float
    threshold: float
    context_weight: float = 0.0  # the passage's mean vector, scaled, follows the sentence's
    document_weight: float = 0.0  # the document's mean vector, scaled, follows the passage's

    @classmethod
    def load(cls, path: Path) -> TopicModel | None:
        """The model in `path`, or None when there is none (the word rules then stand alone)."""
        weights = load_weights(path)
        if weights is None:
            return None
        return cls(
            labels=weights.labels,
            coef=weights.coef,
            intercept=weights.intercept,
            lexicon_weight=float(weights.settings["lexicon_weight"]),
            threshold=float(weights.settings["threshold"]),
            context_weight=float(weights.settings.get("context_weight", 0.0)),
            document_weight=float(weights.settings.get("document_weight", 0.0)),
        )

    def save(self, path: Path, **about: object) -> None:
        """Write the weights, with `about` (what it was trained on, and how) for readers."""
        settings = {
            "lexicon_weight": self.lexicon_weight,
            "threshold": self.threshold,
            "context_weight": self.context_weight,
            "document_weight": self.document_weight,
        }
        save_weights(path, LinearWeights(self.labels, self.coef, self.intercept, settings), about)

    def lexicon_features(self, lexical: Sequence[Sequence[str]]) -> np.ndarray:
        """(len(lexical), len(labels)): which topics the word rules found, scaled."""
        found = np.zeros((len(lexical), len(self.labels)))
        for i, tags in enumerate(lexical):
            for tag in tags:
                if tag in self.labels:
                    found[i, self.labels.index(tag)] = self.lexicon_weight
        return found

    def features(
        self,
        lexical: Sequence[Sequence[str]],
        vectors: np.ndarray,
        context: np.ndarray | None,
        document: np.ndarray | None = None,
    ) -> np.ndarray:
        """The rows the weights apply to: word-rule topics, vector, and (if used) the passage's
        and the document's vectors; a sentence given without its passage is its own context,
        and without its document its passage is."""
        parts = [self.lexicon_features(lexical), np.asarray(vectors, np.float64)]
        around = vectors if context is None else context
        if self.context_weight:
            parts.append(self.context_weight * np.asarray(around, np.float64))
        if self.document_weight:
            whole = around if document is None else document
            parts.append(self.document_weight * np.asarray(whole, np.float64))
        return np.hstack(parts)

    def probabilities(
        self,
        lexical: Sequence[Sequence[str]],
        vectors: np.ndarray,
        context: np.ndarray | None = None,
        document: np.ndarray | None = None,
    ) -> np.ndarray:
        """(len(lexical), len(labels)) probability of each topic being the sentence's main one;
        `context` is each sentence's passage vector and `document` its document's
        (`passage_context` over passages or documents) when the model uses them."""
        features = self.features(lexical, vectors, context, document)
        scores = features @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def tag(
        self,
        lexical: Sequence[Sequence[str]],
        vectors: np.ndarray,
        context: np.ndarray | None = None,
        document: np.ndarray | None = None,
    ) -> list[list[str]]:
        """Each sentence's topics: the word rules' own, the model's best when it is sure
        enough, main topic first."""
        if not len(lexical):
            return []
        rows = self.probabilities(lexical, vectors, context, document)
        return [
            combine(tags, row, self.labels, self.threshold)
            for tags, row in zip(lexical, rows, strict=True)
        ]


def passage_context(groups: Sequence[object], vectors: np.ndarray) -> np.ndarray:
    """Each sentence's context: the unit-length mean vector of the sentences of its passage.

    `groups` gives each sentence's passage (the sentences in order, `vectors` beside them);
    given each sentence's document instead, it is the document's mean vector.
    What a passage is about says what a short sentence in it is about ("Phase two would then
    focus on agreeing priorities" in a passage on shared outcomes); the vectors are the ones
    the index already holds, so nothing is embedded twice.
    """
    vectors = np.asarray(vectors, np.float64)
    context = np.zeros_like(vectors)
    keys = np.asarray(groups)
    for key in dict.fromkeys(groups):
        rows = keys == key
        mean = vectors[rows].mean(axis=0)
        context[rows] = mean / (np.linalg.norm(mean) or 1.0)
    return context


def combine(
    lexical: Sequence[str], probabilities: np.ndarray, labels: Sequence[str], threshold: float
) -> list[str]:
    """The word rules' topics, with the likeliest topic added at `threshold` or above, in
    order of probability (a topic the model does not know goes last, in its own order)."""
    best = int(np.argmax(probabilities))
    found = list(dict.fromkeys(lexical))
    if probabilities[best] >= threshold and labels[best] not in found:
        found.append(labels[best])
    score = {label: float(p) for label, p in zip(labels, probabilities, strict=True)}
    return sorted(found, key=lambda t: -score.get(t, -1.0))
