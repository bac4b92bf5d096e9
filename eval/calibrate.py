"""Choose the relevance floors of answers about views on one split, and report them on the other.

`python -m eval.calibrate` builds the evaluation's index (shipped documents and fixtures), and
for every question whose gold says which bodies addressed its point (`addressed_by`) and which
did not (`not_addressed_by`), finds each such body's best statement for the question, the way an
answer does (assistant.answer.statements). It then sweeps the floors on the tuning questions and
prints, for both splits:

- for a named body: how many bodies that addressed the point would be said not to have (false
  "did not address", the worst answer) and how many that did not would be quoted as answering;
- for "which bodies": precision, recall and F1 of the bodies listed, for an absolute floor and
  a margin below the best body's relevance.

The constants in assistant/answer/statements.py are set from the tuning rows of this report.

`--refusals` instead asks every question and counts, for each split, the questions each kind of
refusal declines (by its reason, `Answer.note`), unanswerable and answerable apart: how the
refusal signals of assistant/answer/unanswered.py and expected.py are chosen on the tuning split
and checked on the held-out one, without reading held-out questions one by one.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.analysis.bodies import Directory
from assistant.answer.compose import names_in
from assistant.answer.opinions import OpinionAnswerer
from assistant.answer.query import QuestionAnalyser
from assistant.answer.spelling import Vocabulary, english_words
from assistant.answer.statements import BodyStatements
from assistant.config import Settings
from assistant.errors import QuestionError
from assistant.service import shared_encoder
from eval.questions import Question, load_questions
from eval.runner import prepare


@dataclass(frozen=True)
class BodyScore:
    question: str
    split: str
    body: str
    relevance: float  # best statement's relevance; -1 when the body has no statements
    addressed: bool
    top: float  # best relevance of any body for the question
    across: bool  # asked across bodies ("which bodies ..."), not of named ones


def body_scores(settings: Settings, questions: list[Question]) -> list[BodyScore]:
    encoder = shared_encoder()
    assistant = prepare(settings, encoder)
    index = assistant.index
    data = index.data
    directory: Directory = assistant.session.directory
    vocabulary = Vocabulary(data, english_words())
    people = assistant._people(data)
    analyser = QuestionAnalyser(directory, assistant.topics, people, vocabulary, encoder)
    statements = BodyStatements(data, directory)
    opinions = OpinionAnswerer(data, directory, statements, assistant.topic_labels, encoder.query)
    rows: list[BodyScore] = []
    for q in questions:
        if not q.addressed_by and not q.not_addressed_by:
            continue
        query = analyser.analyse(q.question, q.history)
        meant = vocabulary.respell(query.text)
        about = opinions._without_names(meant, query)
        vector = encoder.query(about)
        topics = [t for t in query.topics if t != "overall"]

        def best(body: str, about: str = about, vector=vector, topics=topics) -> float:
            found = statements.search(body, about, vector, None, 1, topics)
            return found[0].relevance if found else -1.0

        everyone = {b: best(b) for b in statements.bodies if not directory.is_government(b)}
        top = max(everyone.values(), default=0.0)
        for body, addressed in [
            *((b, True) for b in q.addressed_by),
            *((b, False) for b in q.not_addressed_by),
        ]:
            score = everyone.get(body, best(body))
            across = query.intent in ("which-bodies", "overview") or not query.bodies
            rows.append(BodyScore(q.id, q.split, body, score, addressed, top, across))
    return rows


def _named_report(rows: list[BodyScore], floors: list[float]) -> list[str]:
    lines = ["floor | split | false 'did not address' | quoted though it did not address"]
    for floor in floors:
        for split in ("tune", "held-out"):
            part = [r for r in rows if r.split == split]
            false_dna = sum(r.addressed and r.relevance < floor for r in part)
            false_yes = sum(not r.addressed and r.relevance >= floor for r in part)
            lines.append(f"{floor:.2f} | {split} | {false_dna} | {false_yes}")
    return lines


def _which_report(rows: list[BodyScore], floors: list[float], margins: list[float]) -> list[str]:
    lines = ["floor | margin | split | precision | recall | F1"]
    for floor in floors:
        for margin in margins:
            for split in ("tune", "held-out"):
                part = [r for r in rows if r.split == split]
                listed = [r for r in part if r.relevance >= max(floor, r.top - margin)]
                hits = sum(r.addressed for r in listed)
                gold = sum(r.addressed for r in part)
                p = hits / len(listed) if listed else 0.0
                rc = hits / gold if gold else 0.0
                f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
                lines.append(
                    f"{floor:.2f} | {margin:.2f} | {split} | {p:.3f} | {rc:.3f} | {f1:.3f}"
                )
    return lines


def _kind_of_refusal(note: str) -> str:
    """A refusal's first sentence with its names and years as X and YEAR, so each kind of
    refusal is one row however many bodies or dates it names."""
    first = re.split(r"(?<=[.:;])\s", note.strip(), maxsplit=1)[0]
    for name in sorted(set(names_in(first)), key=len, reverse=True):
        if name.lower() not in ("i", "nhs"):
            first = first.replace(name, "X")
    first = re.sub(r"\b(?:The )?X\b", "X", first)
    return re.sub(r"\b20\d\d\b", "YEAR", first)[:80] or "no reason given"


def refusal_report(settings: Settings, questions: list[Question]) -> list[str]:
    """Per split and refusal reason: unanswerable questions declined, answerable ones declined.

    Each kind of refusal is one row (`_kind_of_refusal`); held-out questions are only counted.
    """
    assistant = prepare(settings, shared_encoder())
    counts: Counter[tuple[str, str, bool]] = Counter()
    totals: Counter[tuple[str, bool]] = Counter()
    for q in questions:
        totals[(q.split, q.answerable)] += 1
        try:
            answer = assistant.ask(q.question, history=q.history)
        except QuestionError:
            counts[(q.split, "the question was rejected", q.answerable)] += 1
            continue
        if not answer.answerable:
            counts[(q.split, _kind_of_refusal(answer.note or ""), q.answerable)] += 1
    lines = ["split | reason | unanswerable declined | answerable declined"]
    for split in ("tune", "held-out"):
        for reason in sorted({r for s, r, _ in counts if s == split}):
            una, ans = counts[(split, reason, False)], counts[(split, reason, True)]
            lines.append(f"{split} | {reason} | {una} | {ans}")
        una = sum(n for (s, _, a), n in counts.items() if s == split and not a)
        ans = sum(n for (s, _, a), n in counts.items() if s == split and a)
        lines.append(
            f"{split} | all | {una} of {totals[(split, False)]} | {ans} of {totals[(split, True)]}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="reuse an evaluation index")
    parser.add_argument("--refusals", action="store_true", help="count refusals by reason")
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="calibrate-"))
    settings = Settings(data_dir=folder)
    questions = load_questions()
    if args.refusals:
        print("## Refusals by reason\n")
        print("\n".join(refusal_report(settings, questions)))
        return
    rows = body_scores(settings, questions)
    floors = [round(0.20 + 0.02 * i, 2) for i in range(21)]
    print("## Named bodies\n")
    print("\n".join(_named_report([r for r in rows if not r.across], floors)))
    print("\n## Which bodies\n")
    print(
        "\n".join(
            _which_report(
                [r for r in rows if r.across], [0.30, 0.36, 0.40, 0.44, 0.48], [0.1, 0.15, 0.2, 1.0]
            )
        )
    )


if __name__ == "__main__":
    main()
