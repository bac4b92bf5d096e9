"""Run the question set through the assistant and the plain pipeline, and score every answer.

The assistant is the same `Assistant` the CLI, the chat and the API use, built over a private
data folder that holds the shipped documents plus the fixture documents in eval/fixtures/
(ingested first, the way an officer adds a file). Follow-up questions carry their earlier
questions as conversation history.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.retrieval import HybridRetriever
from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.errors import QuestionError
from assistant.ingest.documents import read_document
from assistant.service import Assistant
from eval import metrics
from eval.plain import PlainPipeline
from eval.questions import FIXTURES, Question, check_sources

RECALL_K = 5


def fixture_sources(folder: Path = FIXTURES) -> list:
    """The documents outside the shipped corpus that some questions are about."""
    return [read_document(p) for p in sorted(folder.glob("*.md"))]


def prepare(settings: Settings, encoder: Encoder, seed_index: Path | None = None) -> Assistant:
    """An assistant over the shipped documents plus the fixtures, in `settings.data_dir`.

    `seed_index` is an index folder to start from (its vectors are reused), so a caller that
    already holds an index of the shipped documents does not embed them again.
    """
    if seed_index is not None and not settings.index_dir.exists():
        shutil.copytree(seed_index, settings.index_dir)
    assistant = Assistant(settings, encoder)
    assistant.ingestor().build(fixture_sources())
    return assistant


class Embedder:
    """Unit vectors for the support check, memoised (the same passages are cited often)."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vector in zip(missing, self.encoder.documents(missing), strict=True):
                self.cache[text] = vector
        return np.stack([self.cache[t] for t in texts])


@dataclass
class Record:
    """One system's answer to one question, with its scores and what failed."""

    system: str
    question: Question
    answer: str
    answerable: bool
    citations: list[dict[str, Any]]
    positions: list[dict[str, Any]]
    retrieved: list[str]
    latency_ms: float
    scores: dict[str, Any]
    failures: list[str]

    def to_json(self) -> dict[str, Any]:
        q = self.question
        return {
            "system": self.system,
            "id": q.id,
            "category": q.category,
            "question": q.question,
            "history": q.history,
            "gold": {
                "answerable": q.answerable,
                "sources": q.sources,
                "facts": q.facts,
                "stances": [s.model_dump() for s in q.stances],
            },
            "answer": self.answer,
            "answerable": self.answerable,
            "citations": self.citations,
            "positions": self.positions,
            "retrieved": self.retrieved,
            "latency_ms": round(self.latency_ms, 2),
            "scores": self.scores,
            "failures": self.failures,
        }


def score(
    system: str,
    q: Question,
    answer: str,
    answerable: bool,
    citations: list[dict[str, Any]],
    positions: list[dict[str, Any]],
    retrieved: list[str],
    latency_ms: float,
    texts: dict[str, str],
    embed: metrics.Embed,
    not_addressed: list[str] | None = None,
) -> Record:
    """Every check of one answer against the question's gold data."""
    s: dict[str, Any] = {"refused": not answerable}
    failures: list[str] = []
    if q.answerable:
        s["recall_at_5"], s["rr"] = metrics.retrieval_scores(q.source_groups, retrieved, RECALL_K)
        if s["recall_at_5"] < 1:
            found = set(retrieved[:RECALL_K])
            lost = [sorted(g)[0] for g in q.source_groups if not g & found]
            failures.append(f"gold source not in top {RECALL_K}: {', '.join(lost)}")
        if not answerable:
            failures.append("refused a question the documents answer")
    elif answerable:
        failures.append("answered a question the documents cannot answer")
    if answerable:
        problems = metrics.citation_problems(answer, citations, texts)
        s["citation_valid"] = not problems
        failures += [f"citation: {p}" for p in problems]
        support = metrics.citation_support(answer, citations, texts, embed)
        s |= {
            "statements": support.statements,
            "supported": support.supported,
            "citations": support.citations,
            "precise": support.precise,
        }
        failures += [f"unsupported: {t}" for t in support.unsupported[:3]]
        cited = {c["source_id"] for c in citations}
        if q.answerable and q.source_groups:
            s["cited_gold"] = sum(bool(g & cited) for g in q.source_groups) / len(q.source_groups)
    if q.facts:
        missing = metrics.facts_missing(q.facts, answer) if answerable else list(q.facts)
        s["facts_total"], s["facts_found"] = len(q.facts), len(q.facts) - len(missing)
        failures += [f"fact missing: /{p}/" for p in missing]
        if q.answerable:
            opening = metrics.opening(answer) if answerable else ""
            s["opening_total"] = 1
            s["opening_found"] = int(len(metrics.facts_missing(q.facts, opening)) < len(q.facts))
            if not s["opening_found"]:
                failures.append("the opening holds no gold fact")
    if q.addressed_by:
        wrong = [
            b for b in q.addressed_by if metrics.said_not_addressed(b, answer, not_addressed or [])
        ]
        s["false_not_addressed"] = len(wrong)
        failures += [f"said {b} did not address it, but it did" for b in wrong]
    if q.stances:
        wanted = [st.model_dump() for st in q.stances]
        missing = metrics.stances_missing(wanted, positions)
        s["stances_total"], s["stances_found"] = len(wanted), len(wanted) - len(missing)
        failures += [f"stance missing: {m}" for m in missing]
    if q.forbidden:
        hits = metrics.forbidden_found(q.forbidden, answer)
        s["forbidden_hits"] = len(hits)
        failures += [f"forbidden text: /{p}/" for p in hits]
    return Record(
        system, q, answer, answerable, citations, positions, retrieved, latency_ms, s, failures
    )


def ask_assistant(assistant: Assistant, questions: Iterable[Question], embed: metrics.Embed):
    """Score the assistant on each question; a question it rejects counts as a refusal."""
    settings = assistant.settings
    texts = {s.id: s.text for s in assistant.sources()}
    check_sources(list(questions), set(texts))
    retriever = HybridRetriever(
        index=assistant.index,
        encoder=assistant.encoder,
        k=settings.retrieve_k,
        candidates=settings.candidates_k,
    )
    records = []
    for q in questions:
        retrieved = [d.metadata["source_id"] for d in retriever.invoke(q.question)]
        started = time.perf_counter()
        try:
            answer = assistant.ask(q.question, history=q.history)
        except QuestionError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            records.append(
                score("assistant", q, str(exc), False, [], [], retrieved, elapsed, texts, embed)
            )
            continue
        elapsed = (time.perf_counter() - started) * 1000
        data = answer.model_dump(mode="json")
        record = score(
            "assistant",
            q,
            answer.answer,
            answer.answerable,
            data["citations"],
            data["positions"],
            retrieved,
            elapsed,
            texts,
            embed,
            data.get("not_addressed") or [],
        )
        if assistant.chat_model is not None and answer.answerable:
            # --mode llm: was the model's answer shown, or replaced by the quotes (and why)?
            record.scores["fallback"] = answer.mode != "llm"
            if answer.mode != "llm":
                record.failures.append(f"LLM answer not shown: {answer.note}")
        records.append(record)
    return records


def ask_plain(plain: PlainPipeline, questions: Iterable[Question], texts, embed: metrics.Embed):
    records = []
    for q in questions:
        result = plain.ask(q.question)
        records.append(
            score(
                "plain",
                q,
                result.answer,
                True,
                [],
                [],
                result.retrieved,
                result.latency_ms,
                texts,
                embed,
            )
        )
    return records


def _share(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def summarise(records: list[Record]) -> dict[str, float | int | None]:
    """The metrics of a set of records (one system, one category or all)."""

    def total(key: str, rows: list[Record] | None = None) -> float:
        return sum(r.scores.get(key, 0) for r in (records if rows is None else rows))

    answerable = [r for r in records if r.question.answerable]
    unanswerable = [r for r in records if not r.question.answerable]
    held_out = [r for r in records if r.question.split == "held-out"]
    claimed = [r for r in records if r.answerable]
    ranked = [r for r in records if "recall_at_5" in r.scores]
    guarded = [r for r in records if "forbidden_hits" in r.scores]
    latencies = sorted(r.latency_ms for r in records)
    return {
        "questions": len(records),
        "recall_at_5": _share(total("recall_at_5", ranked), len(ranked)),
        "mrr": _share(total("rr", ranked), len(ranked)),
        "citation_validity": _share(
            sum(bool(r.scores.get("citation_valid")) for r in claimed), len(claimed)
        ),
        "citation_support": _share(total("supported"), total("statements")),
        "citation_precision": _share(total("precise"), total("citations")),
        "fact_recall": _share(total("facts_found"), total("facts_total")),
        "stance_accuracy": _share(total("stances_found"), total("stances_total")),
        "correct_refusals": _share(
            sum(r.answerable is False for r in unanswerable), len(unanswerable)
        ),
        "false_refusals": _share(sum(r.answerable is False for r in answerable), len(answerable)),
        "correct_refusals_held_out": _share(
            sum(r.answerable is False for r in held_out if not r.question.answerable),
            sum(not r.question.answerable for r in held_out),
        ),
        "false_refusals_held_out": _share(
            sum(r.answerable is False for r in held_out if r.question.answerable),
            sum(r.question.answerable for r in held_out),
        ),
        "opening_fact": _share(total("opening_found"), total("opening_total")),
        "false_not_addressed": int(total("false_not_addressed")),
        "safe_answers": _share(sum(r.scores["forbidden_hits"] == 0 for r in guarded), len(guarded)),
        "llm_fallback_rate": _share(
            sum(bool(r.scores.get("fallback")) for r in records),
            sum("fallback" in r.scores for r in records),
        ),
        "latency_median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "latency_p95_ms": (round(float(np.percentile(latencies, 95)), 1) if latencies else None),
    }


def by_category(records: list[Record]) -> dict[str, dict[str, float | int | None]]:
    groups: dict[str, list[Record]] = {}
    for r in records:
        groups.setdefault(r.question.category, []).append(r)
    return {name: summarise(rows) for name, rows in groups.items()}
