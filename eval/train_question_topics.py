"""Fit the learned reading of a question's topics on the tuning questions, never the held-out.

`python -m eval.train_question_topics` embeds every tuning question of eval/query_analysis.yaml
(with the question before it, for a follow-up), fits one logistic regression per topic labelled
on at least three of them, and writes knowledge/question_topics.json. The analyser uses it only
for questions its word rules give no topic (assistant/answer/question_topics.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.answer.question_topics import QUESTION_TOPICS_FILE, QuestionTopics
from assistant.service import shared_encoder
from eval.query_analysis import KNOWLEDGE, load_labels

C = 3.0
MIN_EXAMPLES = 3


def question_text(label: dict) -> str:
    """What is embedded for a labelled question: it, after the question before it if any."""
    return " ".join([*(label.get("history") or [])[-1:], label["question"]])


def fit(vectors: np.ndarray, labels: list[dict]) -> QuestionTopics:
    topics = sorted({t for g in labels for t in g["topics"]})
    kept, coef, intercept = [], [], []
    for topic in topics:
        y = np.array([topic in g["topics"] for g in labels])
        if y.sum() < MIN_EXAMPLES:
            continue
        model = LogisticRegression(C=C, max_iter=2000).fit(vectors, y)
        kept.append(topic)
        coef.append(model.coef_[0])
        intercept.append(model.intercept_[0])
    return QuestionTopics(tuple(kept), np.asarray(coef), np.asarray(intercept))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=KNOWLEDGE / QUESTION_TOPICS_FILE)
    args = parser.parse_args()
    tune = [g for g in load_labels() if g["split"] == "tune"]
    encoder = shared_encoder()
    vectors = np.stack([encoder.query(question_text(g)) for g in tune])
    model = fit(vectors, tune)
    model.save(
        args.out,
        trained_on=f"{len(tune)} tuning questions of eval/query_analysis.yaml",
        design=f"one-vs-rest logistic regression, C={C}, over the MiniLM question vector",
    )
    print(f"Wrote {args.out} ({len(model.labels)} topics from {len(tune)} questions)")


if __name__ == "__main__":
    main()
