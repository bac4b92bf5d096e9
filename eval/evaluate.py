"""One evaluation run end to end: prepare, ask both systems, score, report, gate.

Kept apart from the command line so tests run exactly what `python -m eval` runs.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.embedding import Encoder
from eval import gate, report
from eval.plain import CHUNK_OVERLAP, CHUNK_SIZE, TOP_K, PlainPipeline
from eval.query_analysis import held_out_accuracy
from eval.questions import QUESTIONS, load_questions, select
from eval.runner import Embedder, ask_assistant, ask_plain, by_category, prepare, summarise

REPORTS = Path(__file__).with_name("reports")


@dataclass
class Outcome:
    folder: Path
    metrics: dict[str, Any]
    regressions: list[gate.Regression] = field(default_factory=list)
    diff: str = ""


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 (git from PATH is intended)
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def evaluate(
    subset: str,
    settings: Settings,
    encoder: Encoder,
    out: Path | None = None,
    *,
    seed_index: Path | None = None,
    with_plain: bool = True,
    update_baseline: bool = False,
    baseline_path: Path = gate.BASELINE,
    questions_path: Path = QUESTIONS,
    gate_latency: bool = True,
    mode: str = "extractive",
) -> Outcome:
    """Run one subset and write its results folder; `settings.data_dir` must be private."""
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    if mode == "llm" and update_baseline:
        raise ValueError("the baseline holds extractive answers; --update-baseline needs that mode")
    questions = select(load_questions(questions_path), subset)
    assistant = prepare(settings, encoder, seed_index)
    embed = Embedder(encoder)
    records = ask_assistant(assistant, questions, embed)
    plain_records = []
    if with_plain:
        pipeline = PlainPipeline(assistant.sources(), encoder)
        try:
            texts = {s.id: s.text for s in assistant.sources()}
            plain_records = ask_plain(pipeline, questions, texts, embed)
        finally:
            pipeline.close()
    ours = summarise(records)
    plain = summarise(plain_records) if plain_records else None
    baseline = gate.load_baseline(baseline_path)
    if update_baseline:
        gate.update_baseline(subset, ours, baseline_path)
        baseline = gate.load_baseline(baseline_path)
    skip = frozenset() if gate_latency else gate.LATENCY
    regressions = gate.compare(baseline, subset, ours, skip)
    diff = gate.diff_text(subset, regressions)
    config = {
        "started": started,
        "subset": subset,
        "mode": mode,
        "questions": len(questions),
        "index_version": assistant.index.version,
        "commit": _commit(),
        "settings": settings.model_dump(mode="json", exclude={"data_dir", "knowledge_dir"}),
        "plain": {"chunk_size": CHUNK_SIZE, "chunk_overlap": CHUNK_OVERLAP, "top_k": TOP_K}
        if with_plain
        else None,
    }
    analysis = held_out_accuracy(encoder)
    metrics = {
        "question_analysis": analysis,
        "assistant": ours,
        "plain": plain,
        "assistant_by_category": by_category(records),
        "plain_by_category": by_category(plain_records),
        "gate": {"subset": subset, "regressions": [r.metric for r in regressions]},
    }
    summary = report.markdown(
        config,
        ours,
        plain,
        baseline.get("subsets", {}).get(subset, {}),
        metrics["assistant_by_category"],
        metrics["plain_by_category"],
        diff,
        records,
        analysis,
    )
    folder = out or REPORTS / "runs" / f"{started.replace(':', '')}-{subset}"
    report.write_results(folder, config, metrics, records, plain_records, summary)
    return Outcome(folder, metrics, regressions, diff)


def private_settings(
    folder: Path | None = None, mode: str = "extractive"
) -> tuple[Settings, tempfile.TemporaryDirectory | None]:
    """Settings from the environment (ASSISTANT_*), with a data folder of the run's own.

    `mode` 'extractive' ignores any configured model, so the numbers are the default answers';
    'llm' needs one (ASSISTANT_LLM_BASE_URL).
    """
    if mode not in ("extractive", "llm"):
        raise ValueError(f"unknown mode {mode!r}: use 'extractive' or 'llm'")
    model = {} if mode == "llm" else {"llm_base_url": None}
    if mode == "llm" and not Settings().llm_base_url:
        raise ValueError("--mode llm needs ASSISTANT_LLM_BASE_URL (and ASSISTANT_LLM_MODEL) set")
    if folder is not None:
        return Settings(data_dir=folder, **model), None
    tmp = tempfile.TemporaryDirectory(prefix="eval-data-")
    return Settings(data_dir=Path(tmp.name), **model), tmp
