"""eval/reports/real.md: the real-document figures as a reviewer reads them in a pull request.

The report quotes nothing of the documents beyond the opening words eval/real/labels.yaml
already holds: the texts belong to their publishers and stay outside the repository, so an
unsupported answer is counted, not quoted.
"""

from __future__ import annotations

from eval.real.run import RealRun
from eval.real.scoring import Row, Scores
from eval.report import CATEGORY_COLUMNS, METRIC_LABELS, fmt
from eval.runner import Record

# Latency depends on the machine more than on the answers; eval/reports/latest.md reports it.
QUESTION_METRICS = [k for k in METRIC_LABELS if not k.startswith(("llm_", "safe_", "latency_"))]
COLUMNS = (
    "document",
    "kind read / labelled",
    "scored",
    "speaker",
    "body",
    "speaker and body",
    "main topic",
    "main topic first",
    "any topic",
    "stance acc.",
    "stance macro-F1",
    "publisher as body",
    "nobody's filed under a body",
)


def _cells(name: str, kind: str, s: Scores) -> str:
    values = [
        str(len(s.rows)),
        fmt(s.share("speaker_ok")),
        fmt(s.share("body_ok")),
        fmt(s.attribution()),
        fmt(s.share("topic_ok")),
        fmt(s.share("first_ok")),
        fmt(s.share("overlap_ok")),
        fmt(s.share("stance_ok")),
        fmt(s.stance_f1()),
        str(s.publisher_filed),
        str(nobody_filed(s)),
    ]
    return f"| {name} | {kind} | " + " | ".join(values) + " |"


def nobody_filed(s: Scores) -> int:
    """Labelled sentences that speak for nobody (a reporter, a publisher, a guest author) but
    were given a body: each puts a view in the positions table that nobody holds."""
    return sum(r.located.label.body is None and r.body is not None for r in s.rows)


def _wrong(r: Row) -> str | None:
    """One line for a sentence with something wrong, or None when all is right."""
    label = r.located.label
    parts = []
    if not (r.speaker_ok and r.body_ok):
        parts.append(
            f"said by {label.speaker or '-'} / {label.body or '-'}, found "
            f"{r.speaker or '-'} / {r.body or '-'}"
        )
    if not r.topic_ok:
        parts.append(f"topic {label.topic}, found {', '.join(r.topics) or 'none'}")
    if not r.stance_ok:
        parts.append(f"stance {label.stance}, found {r.stance}")
    if r.located.sentence is None:
        parts = ["no indexed sentence holds these words"]
    return f"- “{label.starts} …”: " + "; ".join(parts) if parts else None


def _attribution_section(run: RealRun) -> list[str]:
    lines = [
        f"## Who said it, on what, and how ({len(run.overall.rows)} labelled sentences)",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|---" * len(COLUMNS) + "|",
    ]
    for name, scores in run.documents.items():
        read, labelled = run.kinds[name]
        lines.append(_cells(name, f"{read} / {labelled}", scores))
    lines += [
        _cells("**overall**", "", run.overall),
        "",
        "*Speaker*: the person named as saying the sentence (none where nobody is). *Body*: the "
        "organisation they speak for. *Main topic*: the labelled main topic is among the topics "
        "the sentence is tagged with (the positions table files it under each). *Main topic "
        "first*: it is the topic the sentence leads with. *Any topic*: "
        "some labelled topic is. *Publisher as body*: sentences of a news report or a debate "
        "record (every indexed sentence, labelled or not) filed under its publisher, or under a "
        "body bodies.yaml lists as media. *Nobody's filed under a body*: labelled sentences "
        "whose writer speaks for nobody (a reporter, a news publisher, an unnamed guest author) "
        "that were given a body.",
        "",
        f"Sentences of a news report or a debate filed under its publisher as a body: "
        f"**{run.overall.publisher_filed}**; labelled sentences that speak for nobody filed "
        f"under a body: **{nobody_filed(run.overall)}**.",
        "",
        "Stance, labelled (rows) against found (columns; *none*: not indexed):",
        "",
    ]
    confusion = run.overall.confusion()
    found = list(next(iter(confusion.values())))
    lines += ["| labelled | " + " | ".join(found) + " |", "|---" * (len(found) + 1) + "|"]
    lines += [
        f"| {gold} | " + " | ".join(str(row[f]) for f in found) + " |"
        for gold, row in confusion.items()
    ]
    for what, items in (("Labels not found", run.overall.missing), ("Notes", run.overall.notes)):
        if items:
            lines += ["", f"{what}:", "", *(f"- {i}" for i in items)]
    lines += ["", "### Sentences with something wrong", ""]
    for name, scores in run.documents.items():
        wrong = [w for w in (_wrong(r) for r in scores.rows) if w]
        lines += [f"**{name}** ({len(wrong)} of {len(scores.rows)})", "", *wrong, ""]
    return lines


def _failure(text: str) -> str:
    """A question's failure without answer text: unsupported statements are counted."""
    return "unsupported statement" if text.startswith("unsupported:") else text


def _question_lines(records: list[Record]) -> list[str]:
    lines = []
    for r in records:
        q = r.question
        fails = [_failure(f) for f in r.failures]
        counted = {f: fails.count(f) for f in dict.fromkeys(fails)}
        said = "; ".join(f if n == 1 else f"{f} (x{n})" for f, n in counted.items())
        verdict = "answered" if r.answerable else "declined"
        lines.append(f"- `{q.id}` ({q.category}, {verdict}): {said or 'all checks passed'}")
    return lines


def _question_section(run: RealRun) -> list[str]:
    lines = [
        f"## Questions ({run.config['questions']}, eval/real/questions.yaml)",
        "",
        "Asked of the same assistant and scored by eval/runner.py, with the metrics eval/README.md "
        "defines (extractive answers; the plain pipeline is not run here).",
        "",
        "| metric | assistant |",
        "|---|---|",
        *(f"| {METRIC_LABELS[k]} | {fmt(run.summary.get(k))} |" for k in QUESTION_METRICS),
        "",
        "| category | " + " | ".join(label for _, label in CATEGORY_COLUMNS) + " |",
        "|---" * (len(CATEGORY_COLUMNS) + 1) + "|",
    ]
    for name, row in sorted(run.categories.items()):
        lines.append(
            f"| {name} | " + " | ".join(fmt(row.get(k)) for k, _ in CATEGORY_COLUMNS) + " |"
        )
    return [*lines, "", "### Each question", "", *_question_lines(run.records)]


def markdown(run: RealRun, command: str) -> str:
    """The whole report."""
    c = run.config
    lines = [
        "# Real documents: attribution, topics, stance and questions",
        "",
        f"Run {c['started']} · commit `{c.get('commit') or 'unknown'}` · index "
        f"`{c['index_version']}` ({c['documents']} documents: the shipped corpus and "
        f"{c['added']} real ones) · `{command}`",
        "",
        "Real third-party texts about the white paper, read from the folder passed with "
        "--documents and ingested beside the shipped documents into a private data folder, the "
        "way an officer adds them. Labels: eval/real/labels.yaml, each sentence found by the "
        "words it starts with. This is a development set: the figures are reported as they are "
        "(never gated), and no rule may be written for one of these documents by name.",
        "",
        *_attribution_section(run),
        *_question_section(run),
    ]
    return "\n".join(lines) + "\n"
