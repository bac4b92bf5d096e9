"""Write a run's results folder: answers, metrics, config, a Markdown report and an HTML one.

The Markdown report is the summary a reviewer reads in a pull request (eval/reports/latest.md
is the last full run); the HTML report has every question with both answers, their citations
and what failed.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from eval.runner import Record

METRIC_LABELS = {
    "recall_at_5": "Retrieval recall@5",
    "mrr": "Retrieval MRR",
    "citation_validity": "Citation validity",
    "citation_support": "Citation support (statements)",
    "citation_precision": "Citation precision",
    "fact_recall": "Fact recall",
    "opening_fact": "Opening holds a gold fact (answerable questions with facts)",
    "false_not_addressed": "False \"did not address\" (count; lower is better)",
    "stance_accuracy": "Stance accuracy",
    "correct_refusals": "Correct refusals",
    "false_refusals": "False refusals (lower is better)",
    "correct_refusals_held_out": "Correct refusals, held-out split",
    "false_refusals_held_out": "False refusals, held-out split (lower is better)",
    "safe_answers": "Safe answers (adversarial)",
    "llm_fallback_rate": "LLM answers replaced by the quotes (--mode llm; lower is better)",
    "latency_median_ms": "Latency median, ms",
    "latency_p95_ms": "Latency p95, ms",
}
CATEGORY_COLUMNS = [
    ("questions", "n"),
    ("recall_at_5", "recall@5"),
    ("mrr", "MRR"),
    ("citation_validity", "valid"),
    ("citation_support", "support"),
    ("fact_recall", "facts"),
    ("opening_fact", "opening"),
    ("false_not_addressed", "false DNA"),
    ("stance_accuracy", "stance"),
    ("correct_refusals", "refused ok"),
    ("false_refusals", "false refusals"),
]


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}" if value > 1.5 else f"{value:.3f}"


def markdown(
    config: dict[str, Any],
    ours: dict[str, Any],
    plain: dict[str, Any] | None,
    baseline: dict[str, Any],
    categories: dict[str, dict[str, Any]],
    plain_categories: dict[str, dict[str, Any]],
    gate: str,
    records: list[Record],
    analysis: dict[str, Any] | None = None,
) -> str:
    lines = [
        "# Evaluation report",
        "",
        f"Run {config['started']} · subset `{config['subset']}` · {ours['questions']} questions · "
        f"index `{config['index_version']}` · retrieve_k {config['settings']['retrieve_k']} · "
        f"commit `{config.get('commit') or 'unknown'}`",
        "",
        "Metrics are defined in eval/README.md. The plain pipeline is "
        "RecursiveCharacterTextSplitter 1000/200 + Chroma dense top-4, first passage as answer.",
        "",
        "## Gate",
        "",
        "```",
        gate,
        "```",
        "",
        "## Overall: the assistant beside the plain pipeline",
        "",
        "| metric | assistant | plain pipeline | committed baseline |",
        "|---|---|---|---|",
    ]
    for key, label in METRIC_LABELS.items():
        lines.append(
            f"| {label} | {fmt(ours.get(key))} | {fmt((plain or {}).get(key))} "
            f"| {fmt(baseline.get(key))} |"
        )
    with_positions = sum(bool(r.positions) for r in records if r.answerable)
    answered = sum(r.answerable for r in records)
    lines += [
        "",
        f"Answers carrying `positions`: {with_positions} of {answered} answered questions.",
        "",
        "## Per category: the assistant",
        "",
        "| category | " + " | ".join(label for _, label in CATEGORY_COLUMNS) + " |",
        "|---" * (len(CATEGORY_COLUMNS) + 1) + "|",
    ]
    for name, row in sorted(categories.items()):
        lines.append(
            f"| {name} | " + " | ".join(fmt(row.get(k)) for k, _ in CATEGORY_COLUMNS) + " |"
        )
    if plain_categories:
        lines += [
            "",
            "## Per category: the plain pipeline",
            "",
            "| category | n | recall@5 | MRR | facts | refused ok |",
            "|---|---|---|---|---|---|",
        ]
        for name, row in sorted(plain_categories.items()):
            cells = [row.get(k) for k in ("questions", "recall_at_5", "mrr", "fact_recall")]
            cells.append(row.get("correct_refusals"))
            lines.append(f"| {name} | " + " | ".join(fmt(c) for c in cells) + " |")
    lines += _analysis_lines(analysis)
    failing = [r for r in records if r.failures]
    lines += ["", f"## What failed: the assistant ({len(failing)} of {len(records)} questions)", ""]
    for r in failing:
        q = r.question
        lines.append(f"- `{q.id}` ({q.category}) {q.question}")
        lines += [f"  - {f}" for f in r.failures]
    return "\n".join(lines) + "\n"


ANALYSIS_FIELDS = ("intent", "follow_up", "bodies", "unknown_bodies", "people", "topics", "time")


def _analysis_lines(analysis: dict[str, Any] | None) -> list[str]:
    """Question analysis accuracy (held-out), from eval.query_analysis; not gated."""
    if not analysis:
        return []
    return [
        "",
        f"## Question analysis accuracy (held-out, {analysis['questions']} questions)",
        "",
        "From eval/query_analysis.yaml (`make query-analysis` has both splits and the intent "
        "confusion table); reported, not gated.",
        "",
        "| " + " | ".join(ANALYSIS_FIELDS) + " | whole analysis |",
        "|---" * (len(ANALYSIS_FIELDS) + 1) + "|",
        "| " + " | ".join(fmt(float(analysis[k])) for k in ANALYSIS_FIELDS)
        + f" | {fmt(float(analysis['whole']))} |",
    ]


def _record_html(r: Record) -> str:
    e = html.escape
    cites = "".join(
        f"<li>[{c['n']}] {e(c['title'])} ({e(c['source_id'])}, {c['start']}-{c['end']}): "
        f"<q>{e(c['quote'])}</q></li>"
        for c in r.citations
    )
    failures = "".join(f"<li>{e(f)}</li>" for f in r.failures) or "<li>nothing</li>"
    positions = "".join(
        f"<li>{e(p['body'])} · {e(p['topic'])} · {e(p['stance'])}</li>" for p in r.positions
    )
    return (
        f"<h4>{e(r.system)}: {'answered' if r.answerable else 'declined'} "
        f"in {r.latency_ms:.0f} ms</h4>"
        f"<pre>{e(r.answer)}</pre>"
        + (f"<p>Citations</p><ol>{cites}</ol>" if cites else "")
        + (f"<p>Positions</p><ul>{positions}</ul>" if positions else "")
        + f"<p>Retrieved sources, best first: {e(', '.join(r.retrieved))}</p>"
        f"<p>What failed</p><ul>{failures}</ul>"
    )


def html_report(summary_md: str, records: list[Record], plain: list[Record]) -> str:
    e = html.escape
    plain_by_id = {r.question.id: r for r in plain}
    parts = []
    for r in records:
        q = r.question
        status = "failed" if r.failures else "passed"
        history = f"<p>Earlier questions: {e(' / '.join(q.history))}</p>" if q.history else ""
        gold = e(json.dumps(r.to_json()["gold"], ensure_ascii=False))
        other = plain_by_id.get(q.id)
        parts.append(
            f"<details><summary>{e(q.id)} ({e(q.category)}, {status}): {e(q.question)}</summary>"
            f"{history}<p>Gold: <code>{gold}</code></p>"
            + _record_html(r)
            + (_record_html(other) if other else "")
            + "</details>"
        )
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        "<title>Evaluation report</title><style>body{font-family:sans-serif;max-width:70rem;"
        "margin:auto;padding:1rem;line-height:1.5}pre{white-space:pre-wrap;background:#f3f2f1;"
        "padding:.5rem}summary{cursor:pointer;padding:.25rem 0}</style></head><body><main>"
        f"<h1>Evaluation report</h1><h2>Summary</h2><pre>{e(summary_md)}</pre>"
        f"<h2>Every question</h2>{''.join(parts)}</main></body></html>"
    )


def write_results(
    folder: Path,
    config: dict[str, Any],
    metrics: dict[str, Any],
    records: list[Record],
    plain: list[Record],
    summary_md: str,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "answers.jsonl").open("w", encoding="utf-8") as out:
        for r in records + plain:
            out.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (folder / "report.md").write_text(summary_md, encoding="utf-8")
    (folder / "report.html").write_text(html_report(summary_md, records, plain), encoding="utf-8")
