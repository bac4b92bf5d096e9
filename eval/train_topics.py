"""Train topics by meaning and write knowledge/topic_model.json.

Run: `python -m eval.train_topics` (then rebuild the index: the file is part of its version);
`python -m eval.train_topics --cross-validate` prints, instead, how each design does when every
batch of invented documents is tagged by a model trained without it, and writes
eval/reports/topics_cv.md; `python -m eval.train_topics --documents DIR` scores designs on the
real documents out of fold (eval/topics_real_cv.py) and adds its section to that report.

It learns from the labelled statements of eval/positions.yaml and eval/positions_docs/, never
from the documents listed in `held_out_sources` and never from the real documents, so the
held-out and real figures stay checks. Each labelled statement gives one example per sentence
it lies in: the topics the word rules find there, the sentence's MiniLM vector, and the labelled
topic as the answer. The regularisation (C), the weight on the word rules' topics and the
threshold at which the model may add a topic are chosen together by cross-validation: the batches
of invented documents (the shipped documents are one batch each) are dealt into eight folds, and
each fold is tagged by a model trained on the other seven, scoring per statement:

- main topic: the first topic the sentence is given is the labelled one;
- labelled topic tagged: it is among the topics given (what eval.positions_check reports);
- topics a sentence: how many the sentence is given (fewer is better: each one files the
  sentence in the positions table).

The design chosen is the one with the best main-topic share among those adding at most
`TAG_BUDGET` topics a sentence to what the word rules give (each topic files the sentence in the
positions table, so a low threshold buys the labelled topic with topics nobody meant).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import product
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.analysis.topic_model import TOPIC_MODEL_FILE, TopicModel, combine
from assistant.analysis.topics import FALLBACK_TOPIC, Topic, tag_topics
from assistant.config import REPO_ROOT
from eval.positions_check import covering, labelled_sentences, load_labels
from eval.train_stance import INVENTED_BATCH, Vectors, _vectors

C = 3.0
LEXICON_WEIGHT = 1.0
THRESHOLD = 0.2
CONTEXT = 1.0
DOCUMENT = 0.0
# Each topic files a sentence in the positions table: a design may add at most this many topics
# a sentence, on average, to what the word rules give.
TAG_BUDGET = 0.15
GRID_C = (3.0, 10.0)
GRID_WEIGHT = (1.0,)
GRID_CONTEXT = (0.0, 1.0)
GRID_DOCUMENT = (0.0,)
GRID_THRESHOLD = (0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.01)  # 1.01: nothing added, only reordered
FOLDS = 8  # batches are dealt into this many folds; a fold is tagged by a model trained without it
REPORT = REPO_ROOT / "eval" / "reports" / "topics_cv.md"


@dataclass
class TopicExample:
    """A labelled statement: the sentences it lies in, their word-rule topics and stances."""

    source: str
    batch: str  # the invented documents' batch ("p", "ab"), or the shipped document's id
    topic: str  # as labelled
    texts: list[str]
    lexical: list[list[str]]  # the word rules' topics of each sentence
    opinions: list[bool]  # whether each sentence takes a stance (for the fallback topic)
    passages: list[list[str]]  # the sentences of the passage each sentence sits in
    document: list[str] = field(default_factory=list)  # every sentence of its document


def context_of(example: TopicExample, vectors: Vectors) -> np.ndarray:
    """Each sentence's passage vector, as `passage_context` gives it at ingest."""
    rows = []
    for texts in example.passages:
        mean = vectors(texts).astype(np.float64).mean(axis=0)
        rows.append(mean / (np.linalg.norm(mean) or 1.0))
    return np.array(rows)


def document_of(example: TopicExample, vectors: Vectors) -> np.ndarray:
    """Each sentence's document vector, as `passage_context` over documents gives it at ingest."""
    mean = vectors(example.document).astype(np.float64).mean(axis=0)
    return np.tile(mean / (np.linalg.norm(mean) or 1.0), (len(example.texts), 1))


def topic_examples(statements: list[dict]) -> list[TopicExample]:
    """Every statement found in its document, with its sentences as ingestion tags them."""
    sources, passages, directory, topics = labelled_sentences()
    by_source = defaultdict(list)
    around: dict[tuple[str, int], list[str]] = {}
    whole: dict[str, list[str]] = defaultdict(list)
    for passage in passages:
        by_source[passage.source_id].extend(passage.sentences)
        text = sources[passage.source_id].text
        inside = [text[s.start : s.end] for s in passage.sentences]
        around.update({(passage.source_id, s.start): inside for s in passage.sentences})
        whole[passage.source_id].extend(inside)
    examples = []
    for item in statements:
        source = sources[item["source"]]
        found = covering(by_source[source.id], source, item["quote"])
        if not found:
            continue
        texts = [source.text[s.start : s.end] for s in found]
        batch = source.id.split("-")[0] if INVENTED_BATCH.match(source.id) else source.id
        examples.append(
            TopicExample(
                source.id,
                batch,
                item["topic"],
                texts,
                [tag_topics(directory.without_names(t), topics) for t in texts],
                [(s.stance or "neutral") != "neutral" for s in found],
                [around[(source.id, s.start)] for s in found],
                whole[source.id],
            )
        )
    return examples


def fit(
    examples: list[TopicExample],
    labels: tuple[str, ...],
    vectors: Vectors,
    c: float,
    weight: float,
    context: float = 0.0,
    document: float = 0.0,
    real: float = 1.0,
) -> TopicModel:
    """A model fitted to every sentence of every statement, each labelled with its statement's
    topic (a statement over several sentences is about its topic in each of them); a real
    document's sentences (batch "real:...") count `real` times."""
    examples = [e for e in examples if e.texts]  # a real sentence the index lost teaches nothing
    texts = [t for e in examples for t in e.texts]
    lexical = [tags for e in examples for tags in e.lexical]
    gold = np.array([labels.index(e.topic) for e in examples for _ in e.texts])
    blank = TopicModel(
        labels, np.zeros((len(labels), 1)), np.zeros(len(labels)), weight, 1.0, context, document
    )
    around = np.vstack([context_of(e, vectors) for e in examples])
    whole = np.vstack([document_of(e, vectors) for e in examples]) if document else None
    features = blank.features(lexical, vectors(texts), around, whole)
    weights = np.array(
        [real if e.batch.startswith("real:") else 1.0 for e in examples for _ in e.texts]
    )
    fitted = LogisticRegression(C=c, max_iter=5000).fit(
        features, gold, sample_weight=None if np.all(weights == 1.0) else weights
    )
    coef = np.zeros((len(labels), features.shape[1]))
    intercept = np.full(len(labels), -1e3)  # a topic never labelled is never chosen
    coef[fitted.classes_], intercept[fitted.classes_] = fitted.coef_, fitted.intercept_
    return TopicModel(labels, coef, intercept, weight, THRESHOLD, context, document)


def tagged(
    model: TopicModel | None, example: TopicExample, vectors: Vectors, threshold: float = THRESHOLD
) -> list[list[str]]:
    """Each sentence's topics as an index build gives them (the word rules alone without a
    model); an opinion on nothing more specific is on the white paper overall."""
    tags = example.lexical
    if model is not None and example.texts:
        around = context_of(example, vectors)
        whole = document_of(example, vectors) if model.document_weight else None
        rows = model.probabilities(example.lexical, vectors(example.texts), around, whole)
        tags = [combine(t, r, model.labels, threshold) for t, r in zip(tags, rows, strict=True)]
    return [
        t or ([FALLBACK_TOPIC] if o else []) for t, o in zip(tags, example.opinions, strict=True)
    ]


@dataclass
class Tally:
    """Per-statement scores of one design."""

    main: int = 0
    tagged: int = 0
    tags: int = 0
    sentences: int = 0
    statements: int = 0

    def add(self, topic: str, tags: list[list[str]]) -> None:
        first = next((t[0] for t in tags if t), None)
        self.main += first == topic
        self.tagged += any(topic in t for t in tags)
        self.tags += sum(len(t) for t in tags)
        self.sentences += len(tags)
        self.statements += 1

    def row(self, name: str) -> str:
        n = max(self.statements, 1)
        per = self.tags / max(self.sentences, 1)
        return f"| {name} | {self.main / n:.3f} | {self.tagged / n:.3f} | {per:.2f} |"


def folds(batches: list[str]) -> list[set[str]]:
    """The batches dealt into `FOLDS` folds (fewer when there are fewer batches); a batch is
    never split, so no document is scored by a model trained on its batch-mates."""
    return [set(batches[i::FOLDS]) for i in range(min(FOLDS, len(batches)))]


def cross_validate(examples: list[TopicExample], topics: list[Topic], vectors: Vectors) -> str:
    """The grid of designs, each batch tagged by a model trained without it; Markdown rows."""
    labels = tuple(t.id for t in topics)
    batches = sorted({e.batch for e in examples})
    tallies: dict[tuple[float, ...], Tally] = defaultdict(Tally)
    rules = Tally()
    for e in examples:
        rules.add(e.topic, tagged(None, e, vectors))
    for c, weight, context, document in product(GRID_C, GRID_WEIGHT, GRID_CONTEXT, GRID_DOCUMENT):
        for fold in folds(batches):
            train = [e for e in examples if e.batch not in fold]
            model = fit(train, labels, vectors, c, weight, context, document)
            for e in (e for e in examples if e.batch in fold):
                for t in GRID_THRESHOLD:
                    key = (c, weight, context, document, t)
                    tallies[key].add(e.topic, tagged(model, e, vectors, t))
        print(f"  C={c} weight={weight} context={context} document={document}: done", flush=True)
    budget = rules.tags / rules.sentences + TAG_BUDGET
    within = [k for k in tallies if tallies[k].tags / tallies[k].sentences <= budget]
    best = max(within, key=lambda k: (tallies[k].main, -tallies[k].tags))
    lines = [
        "| design | main topic | labelled topic tagged | topics a sentence |",
        "|---|---|---|---|",
        rules.row("word rules alone"),
    ]
    for key in sorted(tallies):
        mark = " **(chosen)**" if key == best else ""
        name = (
            f"C={key[0]}, weight={key[1]}, context={key[2]}, document={key[3]}, "
            f"threshold={key[4]}{mark}"
        )
        lines.append(tallies[key].row(name))
    chosen = (
        f"C={best[0]}, weight={best[1]}, context={best[2]}, document={best[3]}, "
        f"threshold={best[4]}"
    )
    return "\n".join(lines) + f"\n\nChosen: {chosen}\n"


def main(out: Path = REPO_ROOT / "knowledge" / TOPIC_MODEL_FILE) -> None:
    statements, held_out = load_labels()
    examples = topic_examples([s for s in statements if s["source"] not in held_out])
    topics = labelled_sentences()[3]
    if not examples:
        sys.exit("No labelled statements outside the held-out documents to learn from.")
    if sys.argv[1:2] == ["--documents"] and len(sys.argv) == 3:
        from eval.topics_real_cv import real_cross_validate  # it builds on this module

        real_cross_validate(examples, topics, Path(sys.argv[2]))
        return
    if sys.argv[1:] == ["--cross-validate"]:
        table = cross_validate(examples, topics, _vectors())
        print(table)
        REPORT.write_text(
            f"# Topics by meaning: cross-validation by batch of documents\n\nRun on "
            f"{date.today().isoformat()} with `python -m eval.train_topics --cross-validate`: "
            f"{len(examples)} labelled statements outside the held-out documents, {len(topics)} "
            f"topics. The batches of invented documents (each shipped document a batch of its "
            f"own) are dealt into {FOLDS} folds, each tagged by a model trained on the others; "
            "no held-out or real document is used. Scores are per statement: *main topic*, the "
            "first topic given is the labelled one; *labelled topic tagged*, it is among those "
            "given (what eval.positions_check counts); *topics a sentence*, how many are given. "
            f"A design may add at most {TAG_BUDGET} topics a sentence to the word rules. "
            "\n\n" + table,
            encoding="utf-8",
        )
        return
    labels = tuple(t.id for t in topics)
    model = fit(examples, labels, _vectors(), C, LEXICON_WEIGHT, CONTEXT, DOCUMENT)
    sources = sorted({e.source for e in examples})
    model.save(
        out,
        about="Topics by meaning; see assistant/analysis/topic_model.py. Written by "
        "python -m eval.train_topics.",
        trained=date.today().isoformat(),
        examples=sum(len(e.texts) for e in examples),
        sources=sources,
        C=C,
    )
    print(f"Trained on {len(examples)} statements from {len(sources)} documents; wrote {out}")


if __name__ == "__main__":
    main()
