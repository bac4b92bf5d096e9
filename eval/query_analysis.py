"""Score question analysis (assistant.answer.query) against eval/query_analysis.yaml.

Run: `python -m eval.query_analysis` (or `make query-analysis`); `--no-model` scores the rules
alone, without the embedding model. Prints the scores and writes eval/reports/query_analysis.md.

The analyser is built as the assistant builds it: bodies.yaml and topics.yaml from knowledge/,
the people bodies.yaml lists, and a spelling vocabulary of the documents the evaluation's index
holds (the shipped documents and eval/fixtures/). Scores on the `tune` split (the questions the
rules were chosen on) and the `held-out` split (every third question, never tuned on) are kept
apart; the report lists the tune misses only, so reading it never turns held-out questions
into tuning material.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import load_topics
from assistant.answer.intent import INTENTS
from assistant.answer.query import Query, QuestionAnalyser, known_people
from assistant.config import REPO_ROOT
from assistant.embedding import Encoder

LABELS = Path(__file__).with_name("query_analysis.yaml")
REPORT = Path(__file__).with_name("reports") / "query_analysis.md"
KNOWLEDGE = REPO_ROOT / "knowledge"
FIXTURES = Path(__file__).with_name("fixtures")
FIELDS = ("intent", "follow_up", "bodies", "unknown_bodies", "people", "topics", "time")
WHOLE = ("intent", "bodies", "people", "topics", "time")
SPLITS = ("tune", "held-out")
LIST_FIELDS = frozenset({"bodies", "unknown_bodies", "people", "topics", "other_intents"})


@dataclass
class SplitScores:
    """Gold and predicted analyses of one split."""

    pairs: list[tuple[dict[str, Any], Query]] = field(default_factory=list)

    def correct(self, name: str) -> int:
        return sum(field_correct(name, gold, got) for gold, got in self.pairs)

    def accuracy(self, name: str) -> float:
        return self.correct(name) / len(self.pairs) if self.pairs else 0.0

    def whole(self) -> int:
        return sum(whole_correct(gold, got) for gold, got in self.pairs)

    def whole_accuracy(self) -> float:
        return self.whole() / len(self.pairs) if self.pairs else 0.0

    def in_order(self) -> float:
        right = sum(_names(g.get("bodies")) == _names(q.bodies) for g, q in self.pairs)
        return right / len(self.pairs) if self.pairs else 0.0

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((gold["intent"], got.intent) for gold, got in self.pairs)


def _names(values: Iterable[str] | None) -> list[str]:
    return [v.replace("’", "'") for v in values or []]


def field_correct(name: str, gold: dict[str, Any], got: Query) -> bool:
    """One field right: lists compared as sets (order is scored apart, for bodies)."""
    wanted = gold.get(name)
    predicted = getattr(got, name)
    if name in LIST_FIELDS:
        return set(_names(wanted)) == set(_names(predicted))
    if name == "follow_up":
        return bool(wanted) == predicted
    return wanted == predicted


def whole_correct(gold: dict[str, Any], got: Query) -> bool:
    """The whole analysis right: intent, bodies, people, topics and time all right."""
    return all(field_correct(name, gold, got) for name in WHOLE)


class _Documents:
    """The documents the evaluation's index holds, as the spelling vocabulary reads them."""

    def __init__(self, folders: Iterable[Path]) -> None:
        from assistant.ingest.documents import read_folder

        self.sources = {s.id: s for folder in folders for s in read_folder(folder)}


def build_analyser(encoder: Encoder | None) -> QuestionAnalyser:
    """The analyser over the shipped knowledge, as the assistant builds it for an index."""
    from assistant.answer.dated import DatedSubjects, proposals_by_date
    from assistant.answer.question_intent import QUESTION_INTENT_FILE, QuestionIntents
    from assistant.answer.question_topics import QUESTION_TOPICS_FILE, QuestionTopics
    from assistant.answer.spelling import Vocabulary, english_words
    from assistant.answer.timeline import milestones

    directory = Directory.load(KNOWLEDGE / "bodies.yaml")
    documents = _Documents([KNOWLEDGE / "sources", FIXTURES])
    vocabulary = Vocabulary(documents, english_words())  # type: ignore[arg-type]
    topics = load_topics(KNOWLEDGE / "topics.yaml")
    embed = encoder.query if encoder is not None else None
    return QuestionAnalyser(
        directory,
        topics,
        known_people(KNOWLEDGE / "bodies.yaml"),
        vocabulary,
        encoder,
        DatedSubjects(proposals_by_date(milestones(documents.sources.values())), topics, embed),
        QuestionTopics.load(KNOWLEDGE / QUESTION_TOPICS_FILE) if encoder is not None else None,
        QuestionIntents.load(KNOWLEDGE / QUESTION_INTENT_FILE) if encoder is not None else None,
    )


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["questions"])


def score(analyser: QuestionAnalyser, labels: list[dict[str, Any]]) -> dict[str, SplitScores]:
    """Every labelled question analysed, grouped by split."""
    scores = {split: SplitScores() for split in SPLITS}
    for gold in labels:
        got = analyser.analyse(gold["question"], gold.get("history") or [])
        scores[gold["split"]].pairs.append((gold, got))
    return scores


def held_out_accuracy(encoder: Encoder | None) -> dict[str, float]:
    """Question analysis accuracy on the held-out split, per field and whole, for the main
    evaluation's report."""
    held = score(build_analyser(encoder), load_labels())["held-out"]
    out = {name: round(held.accuracy(name), 4) for name in FIELDS}
    out["whole"] = round(held.whole_accuracy(), 4)
    out["questions"] = len(held.pairs)
    return out


def _confusion_table(scores: SplitScores) -> list[str]:
    counts = scores.confusion()
    short = {i: i.replace("out-of-scope", "oos").replace("which-bodies", "which") for i in INTENTS}
    lines = [
        "| gold \\ predicted | " + " | ".join(short[i] for i in INTENTS) + " |",
        "|---|" + "---:|" * len(INTENTS),
    ]
    for gold in INTENTS:
        cells = [str(counts.get((gold, got), "")) or "·" for got in INTENTS]
        lines.append(f"| {gold} | " + " | ".join(cells) + " |")
    return lines


def _miss_line(gold: dict[str, Any], got: Query) -> str:
    wrong = [n for n in FIELDS if not field_correct(n, gold, got)]
    detail = "; ".join(f"{n}: want {gold.get(n)!r}, got {getattr(got, n)!r}" for n in wrong)
    return f"- {gold['id']} `{gold['question']}`: {detail}"


def markdown(scores: dict[str, SplitScores], with_model: bool) -> str:
    tune, held = scores["tune"], scores["held-out"]
    lines = [
        "# Question analysis",
        "",
        "`python -m eval.query_analysis` scores `assistant.answer.query.analyse_question` against "
        "the hand-labelled questions of eval/query_analysis.yaml. "
        + (
            "Topic matching by meaning used the bundled embedding model."
            if with_model
            else "Run with `--no-model`: topic words only, no embedding model."
        ),
        "",
        "Each field is right when it equals the label; lists (bodies, unknown bodies, people, "
        "topics) are compared as sets, and the order of bodies is scored on its own line. "
        "**Whole analysis correct** means intent, bodies, people, topics and time are all right "
        "for the question (follow-up and unknown bodies are scored on their own).",
        "",
        f"| field | tune ({len(tune.pairs)}) | held-out ({len(held.pairs)}) |",
        "|---|---:|---:|",
    ]
    for name in (*FIELDS, "other_intents"):
        lines.append(f"| {name} | {tune.accuracy(name):.3f} | {held.accuracy(name):.3f} |")
    lines.append(f"| bodies, in order | {tune.in_order():.3f} | {held.in_order():.3f} |")
    lines.append(
        f"| **whole analysis correct** | **{tune.whole_accuracy():.3f}** | "
        f"**{held.whole_accuracy():.3f}** |"
    )
    for split, data in (("held-out", held), ("tune", tune)):
        lines += ["", f"## Intents, {split} (rows: label, columns: predicted)", ""]
        lines += _confusion_table(data)
    misses = [
        _miss_line(g, q) for g, q in tune.pairs if any(not field_correct(n, g, q) for n in FIELDS)
    ]
    lines += [
        "",
        f"## Tune questions with a field wrong ({len(misses)})",
        "",
        "Held-out misses are deliberately not listed: rules are chosen on the tune split only.",
        "",
        *misses,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="rules only, no embedding model")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the report")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    encoder = None
    if not args.no_model:
        from assistant.embedding import load_embeddings

        encoder = Encoder(load_embeddings())
    scores = score(build_analyser(encoder), load_labels())
    for split in SPLITS:
        data = scores[split]
        fields = "  ".join(f"{n} {data.accuracy(n):.3f}" for n in FIELDS)
        print(f"{split:<9} ({len(data.pairs)}): {fields}  whole {data.whole_accuracy():.3f}")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(markdown(scores, encoder is not None), encoding="utf-8")
    print(f"Report written to {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
