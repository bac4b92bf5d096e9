"""Stance designs compared by cross-validation across documents, real ones included.

Run: `python -m eval.stance_cv --documents DIR` (DIR: the real documents, read in place and never
copied). Writes eval/reports/stance_cv.md.

A document is never scored by a model that saw it:
- each real document is judged by a model trained on the labelled invented and shipped
  statements (outside the held-out documents) and, for designs that learn from real text, the
  other real documents only;
- the invented batches are dealt into folds, and each fold is judged by a model trained on the
  other folds (and, for designs that learn from real text, on every real document).

The real labels are eval/real/labels.yaml; each names its sentence by its opening words, found in
the text as eval/real does. A labelled sentence no indexed sentence holds is scored as wrong.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.analysis.bodies import Directory
from assistant.analysis.stance import stance_strength
from assistant.analysis.topics import load_topics
from assistant.config import REPO_ROOT
from assistant.ingest.builder import as_reported, as_said_by, passages_of, token_counter
from assistant.models import SOURCE_KINDS, STANCES
from eval.positions_check import load_labels, macro_f1
from eval.real.labels import load_labels as load_real_labels
from eval.real.labels import locate
from eval.real.run import folder_documents
from eval.train_stance import Example, Vectors, _vectors, labelled_examples
from eval.train_topics import FOLDS, folds

REPORT = REPO_ROOT / "eval" / "reports" / "stance_cv.md"


@dataclass(frozen=True)
class Design:
    """One way of building the model: what it reads, how hard it is held back, what it learns
    from. `context` weighs the document's kind and whether the sentence speaks for nobody."""

    name: str
    c: float = 10.0
    rule_weight: float = 2.0
    words: bool = True
    context: float = 0.0
    real: float = 0.0  # weight of each real statement in training; 0: real text never learnt
    reporters_neutral: bool = False  # a news report's own words (no speaker, no body) describe
    reporters_by_rules: bool = False  # for a news report's own words the rules' verdict stands
    plain_reports: bool = False  # the government's words plainly reported are neutral
    neutral_margin: float = 0.0  # support over the rules' neutral needs this lead over neutral


@dataclass
class Fitted:
    design: Design
    words: TfidfVectorizer | None
    model: LogisticRegression


def real_examples(folder: Path, directory: Directory) -> list[Example]:
    """One example per labelled real sentence; one the index does not hold has no sentences."""
    files = folder_documents(folder)
    _, labels = load_real_labels()
    topics, count = load_topics(), token_counter()
    examples = []
    for name, source in files.items():
        held = [s for p in passages_of(source, 160, count, directory, topics) for s in p.sentences]
        for label in (lb for lb in labels if lb.file == name):
            sentence = locate(label, source.text, held).sentence
            found = [sentence] if sentence is not None else []
            rows = [(source.text[s.start : s.end], s.stance or "neutral", s.body) for s in found]
            speakers = [s.speaker for s in found]
            examples.append(
                Example(name, f"real:{name}", label.stance, rows, source.kind, speakers)
            )
    return examples


def _context(examples: Sequence[Example], weight: float) -> np.ndarray:
    """The document's kind (one-hot) and whether the sentence speaks for nobody, scaled."""
    rows = []
    for e in examples:
        kind = (
            np.eye(len(SOURCE_KINDS))[SOURCE_KINDS.index(e.kind)]
            if e.kind
            else np.zeros(len(SOURCE_KINDS))
        )
        rows.append([*kind, float(e.sentences[0][2] is None)])
    return weight * np.array(rows).reshape(len(examples), len(SOURCE_KINDS) + 1)


def _features(fitted: Fitted, examples: Sequence[Example], vectors: Vectors) -> object:
    d = fitted.design
    texts = [e.sentences[0][0] for e in examples]
    rules = np.eye(len(STANCES))[[STANCES.index(e.sentences[0][1]) for e in examples]]
    parts = [csr_matrix(d.rule_weight * rules), csr_matrix(vectors(texts))]
    if fitted.words is not None:
        parts.insert(0, fitted.words.transform(texts))
    if d.context:
        parts.append(csr_matrix(_context(examples, d.context)))
    return hstack(parts).tocsr()


def fit(design: Design, examples: list[Example], vectors: Vectors) -> Fitted:
    """Fitted to the statements that lie within one sentence, real ones weighted by design."""
    single = [e for e in examples if len(e.sentences) == 1]
    texts = [e.sentences[0][0] for e in single]
    words = None
    if design.words:
        words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    fitted = Fitted(design, words, LogisticRegression(C=design.c, max_iter=5000))
    weight = np.array([design.real if e.batch.startswith("real:") else 1.0 for e in single])
    gold = np.array([STANCES.index(e.stance) for e in single])
    fitted.model.set_params(class_weight="balanced")
    fitted.model.fit(_features(fitted, single, vectors), gold, sample_weight=weight)
    return fitted


def _settled(design: Design, row: np.ndarray, rule: str) -> str:
    """The likeliest stance, unless it turns the rules' neutral into support by less than the
    design's margin (as StanceModel.settled does)."""
    best = STANCES[int(row.argmax())]
    lead = row[STANCES.index("support")] - row[STANCES.index("neutral")]
    if rule == "neutral" and best == "support" and lead < design.neutral_margin:
        return "neutral"
    return best


def judge(
    fitted: Fitted | None, examples: list[Example], vectors: Vectors, directory: Directory
) -> list[str]:
    """Each statement's stance as an index build would give it; 'none' where nothing holds it."""
    out = []
    for e in examples:
        if not e.sentences:
            out.append("none")
            continue
        singles = [Example(e.source, e.batch, e.stance, [s], e.kind) for s in e.sentences]
        if fitted is None:
            stances = [s[1] for s in e.sentences]
        else:
            rows = fitted.model.predict_proba(_features(fitted, singles, vectors))
            stances = [
                _settled(fitted.design, row, s[1])
                for row, s in zip(rows, e.sentences, strict=True)
            ]
        if fitted is not None and fitted.design.reporters_neutral and e.kind == "news":
            stances = [
                "neutral" if b is None and p is None else s
                for s, (_, _, b), p in zip(stances, e.sentences, e.speakers, strict=True)
            ]
        if fitted is not None and fitted.design.reporters_by_rules and e.kind == "news":
            stances = [
                r if b is None and p is None else s
                for s, (_, r, b), p in zip(stances, e.sentences, e.speakers, strict=True)
            ]
        plain = fitted is not None and fitted.design.plain_reports
        said = [
            as_reported(s, t, b, directory) if plain else as_said_by(s, b, directory)
            for s, (t, _, b) in zip(stances, e.sentences, strict=True)
        ]
        out.append(stance_strength(said)[0])
    return out


DESIGNS = (
    Design("shipped design: words, rules, vector (C=10)"),
    Design("the same, C=3", c=3.0),
    Design("no words: rules and vector", words=False),
    Design("with document kind and speaks-for-nobody", context=1.0),
    Design("with real statements (weight 1)", real=1.0),
    Design("with real statements (weight 5)", real=5.0),
    Design("kind and nobody, real statements (weight 5)", context=1.0, real=5.0),
    Design("the same as shipped, C=1", c=1.0),
    Design("C=3, rules weight 4", c=3.0, rule_weight=4.0),
    Design("C=1, rules weight 4", c=1.0, rule_weight=4.0),
    Design("C=3, a news report's own words neutral", c=3.0, reporters_neutral=True),
    Design("C=10, a news report's own words neutral", reporters_neutral=True),
    Design("C=3, the rules judge a news report's own words", c=3.0, reporters_by_rules=True),
    Design("C=10, the rules judge a news report's own words", reporters_by_rules=True),
    Design("C=10, the government's words plainly reported are neutral", plain_reports=True),
    Design("the same, support over neutral by 0.15", plain_reports=True, neutral_margin=0.15),
    Design("the same, support over neutral by 0.3", plain_reports=True, neutral_margin=0.3),
)


def _real_scores(fitted_for: dict[str, list[str]], gold: dict[str, list[str]]) -> list[str]:
    """Macro-F1 of each real document, then of all real sentences pooled, and accuracy."""
    cells = [f"{macro_f1(gold[f], fitted_for[f]):.3f}" for f in sorted(gold)]
    every_gold = [g for f in sorted(gold) for g in gold[f]]
    every = [p for f in sorted(gold) for p in fitted_for[f]]
    accuracy = sum(g == p for g, p in zip(every_gold, every, strict=True)) / len(every)
    return [*cells, f"{macro_f1(every_gold, every):.3f}", f"{accuracy:.3f}"]


def splits(
    invented: list[Example], real: list[Example], learns_real: bool
) -> Iterator[tuple[str, list[Example], list[Example]]]:
    """(what is scored, the training examples, the scored examples): each real document on its
    own, then each fold of invented batches; nothing scored is ever in its own training set."""
    for name in sorted({e.source for e in real}):
        others = [e for e in real if e.source != name] if learns_real else []
        yield f"real:{name}", invented + others, [e for e in real if e.source == name]
    for fold in folds(sorted({e.batch for e in invented})):
        train = [e for e in invented if e.batch not in fold] + (real if learns_real else [])
        yield "invented", train, [e for e in invented if e.batch in fold]


def evaluate(
    design: Design | None,
    invented: list[Example],
    real: list[Example],
    vectors: Vectors,
    directory: Directory,
) -> list[str]:
    """Markdown cells: macro-F1 on each real document, on all of them, accuracy, then the
    invented folds' macro-F1; `None` is the rules alone."""
    predicted: dict[str, list[str]] = defaultdict(list)
    gold: dict[str, list[str]] = defaultdict(list)
    for scored_as, train, scored in splits(invented, real, bool(design and design.real)):
        fitted = fit(design, train, vectors) if design else None
        predicted[scored_as] += judge(fitted, scored, vectors, directory)
        gold[scored_as] += [e.stance for e in scored]
    invented_f1 = macro_f1(gold.pop("invented"), predicted.pop("invented"))
    return [*_real_scores(predicted, gold), f"{invented_f1:.3f}"]


def main() -> None:
    if len(sys.argv) not in (3, 5) or sys.argv[1] != "--documents":
        sys.exit("usage: python -m eval.stance_cv --documents DIR [--designs 1,2,...]")
    chosen = DESIGNS
    if len(sys.argv) == 5:  # a subset, by number in DESIGNS (1 is the first), for a quick look
        chosen = tuple(DESIGNS[int(n) - 1] for n in sys.argv[4].split(","))
    statements, held_out = load_labels()
    invented, directory = labelled_examples([s for s in statements if s["source"] not in held_out])
    real = real_examples(Path(sys.argv[2]), directory)
    vectors = _vectors()
    files = sorted({e.source for e in real})
    head = [
        "design",
        *(f"real:{f}" for f in files),
        "real macro-F1",
        "real accuracy",
        "invented folds macro-F1",
    ]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for design in (None, *chosen):
        cells = evaluate(design, invented, real, vectors, directory)
        name = design.name if design else "rules alone"
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    report = REPORT if chosen == DESIGNS else REPORT.with_name("stance_cv_subset.md")
    report.write_text(
        "# Stance: cross-validation across documents, real ones included\n\n"
        f"Run on {date.today().isoformat()} with `python -m eval.stance_cv --documents DIR`: "
        f"{len(invented)} labelled invented and shipped statements outside the held-out "
        f"documents, {len(real)} labelled sentences of {len(files)} real documents. Each real "
        "document is scored by a model that never saw it (per-document columns, then all real "
        f"sentences pooled); the invented batches are dealt into {FOLDS} folds, each scored by "
        "a model trained on the others. Stance macro-F1 unless marked.\n\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
