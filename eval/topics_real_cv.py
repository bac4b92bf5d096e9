"""Topic designs scored on the real documents out of fold, real text learnt from or not.

Run: `python -m eval.train_topics --documents DIR` (DIR: the real documents, read in place and
never copied). Adds (or replaces) its section at the end of eval/reports/topics_cv.md.

The topic model learns from invented statements only, so eval.real's topic figure is a check on
text it never saw. Whether the real documents' own labels would teach it more can only be told
the same way stance was (eval/stance_cv.py, whose splits are reused): each real document is
tagged by a model trained on the invented statements and, for designs that learn from real
text, the other real documents only; each fold of invented batches by a model trained on the
other folds (and every real document, for those designs). A labelled real sentence no indexed
sentence holds is scored as not tagged, as eval.real scores it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import Topic, tag_topics
from assistant.ingest.builder import passages_of, token_counter
from eval.real.labels import load_labels as load_real_labels
from eval.real.labels import locate
from eval.real.run import folder_documents
from eval.stance_cv import splits
from eval.train_stance import Vectors, _vectors
from eval.train_topics import (
    CONTEXT,
    DOCUMENT,
    LEXICON_WEIGHT,
    REPORT,
    THRESHOLD,
    C,
    Tally,
    TopicExample,
    fit,
    tagged,
)

HEADING = "## Real documents out of fold"
# Fixed before the first run. A design that learns from real text ships only if its pooled
# out-of-fold real figure beats the shipped design's by at least this many sentences, its
# invented folds' labelled-topic-tagged share stays within `INVENTED_SLACK` of the shipped
# design's, and (checked by hand after refitting) eval.positions_check's held-out topic
# accuracy does not fall.
MIN_GAIN = 2
INVENTED_SLACK = 0.01
REAL_WEIGHTS = (0.0, 1.0, 5.0, 20.0)  # 0: the shipped design, real text never learnt


@dataclass(frozen=True)
class Scores:
    """One design's out-of-fold figures: real sentences tagged with their main topic, per
    document and pooled, and the invented folds' tally."""

    per_document: dict[str, tuple[int, int]]
    invented: Tally

    @property
    def pooled(self) -> int:
        return sum(hit for hit, _ in self.per_document.values())


def real_topic_examples(
    folder: Path, directory: Directory, topics: list[Topic]
) -> list[TopicExample]:
    """One example per labelled real sentence, as an index build tags it (its passage and
    document as context); one the index does not hold has no sentences."""
    _, labels = load_real_labels()
    count = token_counter()
    examples = []
    for name, source in folder_documents(folder).items():
        passages = passages_of(source, 160, count, directory, topics)
        inside = {
            (s.start, s.end): [source.text[t.start : t.end] for t in p.sentences]
            for p in passages
            for s in p.sentences
        }
        held = [s for p in passages for s in p.sentences]
        whole = [source.text[s.start : s.end] for s in held]
        for label in (lb for lb in labels if lb.file == name):
            sentence = locate(label, source.text, held).sentence
            found = [sentence] if sentence is not None else []
            texts = [source.text[s.start : s.end] for s in found]
            examples.append(
                TopicExample(
                    name,
                    f"real:{name}",
                    label.topic,
                    texts,
                    [tag_topics(directory.without_names(t), topics) for t in texts],
                    [(s.stance or "neutral") != "neutral" for s in found],
                    [inside[(s.start, s.end)] for s in found],
                    whole,
                )
            )
    return examples


def score(
    real: float,
    invented: list[TopicExample],
    real_examples: list[TopicExample],
    labels: tuple[str, ...],
    vectors: Vectors,
) -> Scores:
    """The shipped hyperparameters with real sentences weighted `real` (0: not learnt from)."""
    per_document: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tally = Tally()
    # `splits` reads only each example's source and batch, which a TopicExample has too
    for scored_as, train, scored in splits(invented, real_examples, bool(real)):
        model = fit(train, labels, vectors, C, LEXICON_WEIGHT, CONTEXT, DOCUMENT, real)
        for e in scored:
            tags = tagged(model, e, vectors, THRESHOLD)
            if scored_as == "invented":
                tally.add(e.topic, tags)
            else:
                per_document[e.source][0] += any(e.topic in t for t in tags)
                per_document[e.source][1] += 1
    return Scores({k: (v[0], v[1]) for k, v in per_document.items()}, tally)


def chosen(results: dict[float, Scores]) -> float:
    """The rule fixed before running: the real-learning design with the most real sentences
    tagged among those clearing both bars (fewest real weight on a tie), else the shipped one."""
    shipped = results[0.0]
    base = shipped.invented.tagged / shipped.invented.statements
    passing = [
        w
        for w, s in results.items()
        if w
        and s.pooled >= shipped.pooled + MIN_GAIN
        and s.invented.tagged / s.invented.statements >= base - INVENTED_SLACK
    ]
    return max(passing, key=lambda w: (results[w].pooled, -w), default=0.0)


def section(results: dict[float, Scores], files: list[str], invented_count: int) -> str:
    """The report's Markdown section: the rule, the table and what it picks."""
    head = ["design", *files, "real pooled", "invented: labelled topic tagged"]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for weight, s in results.items():
        name = f"with real sentences, weight {weight:g}" if weight else "shipped (invented only)"
        cells = [f"{s.per_document[f][0]}/{s.per_document[f][1]}" for f in files]
        n = sum(t for _, t in s.per_document.values())
        share = s.invented.tagged / s.invented.statements
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {s.pooled}/{n} ({s.pooled / n:.3f}) | "
            f"{share:.3f} |"
        )
    pick = chosen(results)
    verdict = (
        f"Passes the first two bars: real weight {pick:g}. It ships only if, refitted on "
        "everything, it keeps eval.positions_check's held-out topic accuracy."
        if pick
        else "No design that learns from real text passes: the shipped design stays."
    )
    return (
        f"{HEADING}\n\nRun on {date.today().isoformat()} with `python -m eval.train_topics "
        f"--documents DIR`: {invented_count} invented statements, real labels from "
        "eval/real/labels.yaml. Shipped hyperparameters throughout (C, word-rule weight, "
        "context, threshold as in eval/train_topics.py). Each real document is tagged by a model "
        "trained on the invented statements plus, for designs learning from real text, the "
        "other real documents only; the invented folds as above (plus every real document for "
        "those designs). Cells: real sentences whose labelled main topic is among their tags.\n\n"
        f"Choosing rule, fixed before the first run: a design that learns from real text ships "
        f"only if its pooled real figure beats the shipped design's by at least {MIN_GAIN} "
        f"sentences, its invented folds' labelled-topic-tagged share is within "
        f"{INVENTED_SLACK} of the shipped design's, and `python -m eval.positions_check` "
        "held-out topic accuracy does not fall once refitted on everything.\n\n"
        + "\n".join(lines)
        + f"\n\n{verdict}\n"
    )


def real_cross_validate(invented: list[TopicExample], topics: list[Topic], folder: Path) -> None:
    """Score every design, print the table and write it into the topics report."""
    from eval.positions_check import labelled_sentences  # its directory, as training uses

    directory = labelled_sentences()[2]
    real = real_topic_examples(folder, directory, topics)
    vectors = _vectors()
    results = {}
    for weight in REAL_WEIGHTS:
        results[weight] = score(weight, invented, real, tuple(t.id for t in topics), vectors)
        print(f"  real weight {weight}: {results[weight].pooled} real sentences", flush=True)
    files = sorted({e.source for e in real})
    text = section(results, files, len(invented))
    print(text)
    old = REPORT.read_text(encoding="utf-8")
    old = re.split(rf"\n{re.escape(HEADING)}\n", old)[0].rstrip("\n")
    REPORT.write_text(old + "\n\n" + text, encoding="utf-8")
