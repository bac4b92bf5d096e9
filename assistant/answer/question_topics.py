"""Topics of a question by meaning, for the questions whose words name none.

The word rules (assistant.answer.reading, topic_words) read most questions, but officers ask in
words no list holds ("is the money going to follow the patient?"). For a question the rules give
no topic, a one-vs-rest logistic regression over the question's MiniLM vector, trained on the
tuning split of eval/query_analysis.yaml (never the held-out one) by
`python -m eval.train_question_topics`, names the topics it judges more likely than not. The
weights ship as knowledge/question_topics.json: numbers only, no question text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.weights import LinearWeights, load_weights, save_weights

QUESTION_TOPICS_FILE = "question_topics.json"


@dataclass(frozen=True)
class QuestionTopics:
    labels: tuple[str, ...]
    coef: np.ndarray  # (len(labels), dimensions)
    intercept: np.ndarray  # (len(labels),)
    threshold: float = 0.5  # the regression's own decision: more likely than not

    @classmethod
    def load(cls, path: Path) -> QuestionTopics | None:
        """The model in `path`, or None when there is none (the word rules then stand alone)."""
        weights = load_weights(path)
        if weights is None:
            return None
        threshold = float(weights.settings.get("threshold", 0.5))
        return cls(weights.labels, weights.coef, weights.intercept, threshold)

    def save(self, path: Path, **about: object) -> None:
        """Write the weights, with `about` (what it was trained on, and how) for readers."""
        settings = {"threshold": self.threshold}
        save_weights(path, LinearWeights(self.labels, self.coef, self.intercept, settings), about)

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        logits = self.coef @ np.asarray(vector, dtype=np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def topics(self, vector: np.ndarray) -> list[str]:
        """The topics more likely than not, most likely first."""
        p = self.probabilities(vector)
        order = np.argsort(-p)
        return [self.labels[i] for i in order if p[i] >= self.threshold]
