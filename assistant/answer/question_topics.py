"""Topics of a question by meaning, for the questions whose words name none.

The word rules (assistant.answer.reading, topic_words) read most questions, but officers ask in
words no list holds ("is the money going to follow the patient?"). For a question the rules give
no topic, a one-vs-rest logistic regression over the question's MiniLM vector, trained on the
tuning split of eval/query_analysis.yaml (never the held-out one) by
`python -m eval.train_question_topics`, names the topics it judges more likely than not. The
weights ship as knowledge/question_topics.json: numbers only, no question text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            labels=tuple(data["labels"]),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            threshold=float(data.get("threshold", 0.5)),
        )

    def save(self, path: Path, **about: object) -> None:
        data = {
            **about,
            "labels": list(self.labels),
            "threshold": self.threshold,
            "intercept": [round(float(x), 6) for x in self.intercept],
            "coef": [[round(float(x), 5) for x in row] for row in self.coef],
        }
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        logits = self.coef @ np.asarray(vector, dtype=np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def topics(self, vector: np.ndarray) -> list[str]:
        """The topics more likely than not, most likely first."""
        p = self.probabilities(vector)
        order = np.argsort(-p)
        return [self.labels[i] for i in order if p[i] >= self.threshold]
