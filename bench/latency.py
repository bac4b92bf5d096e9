"""Warm `ask` latency over the question set, where its time goes, and the plain baseline.

In one process with the model and index already loaded (what an API worker or the Streamlit app
does). The query-embedding memo is cleared before each question, so every answer pays for its
embedding. The plain LangChain pipeline of eval/plain.py, when present, is timed on the same
questions and reported as a ratio.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from pathlib import Path

from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.service import Assistant
from bench.common import load_questions, summary

STEPS = ("embed", "dense", "bm25", "evidence")


def warm_ask(settings: Settings, encoder: Encoder, rounds: int = 1) -> dict:
    questions, origin = load_questions()
    assistant = Assistant(settings, encoder)
    for question, history in questions[:5]:  # warm-up: index open, code paths touched
        assistant.ask(question, history=history)
    wall, cpu, parts = [], [], {step: 0.0 for step in (*STEPS, "other", "framework")}
    per_question = []
    for _ in range(rounds):
        for question, history in questions:
            encoder._query.cache_clear()  # noqa: SLF001 (measure the embedding every time)
            started, started_cpu = time.perf_counter(), time.process_time()
            answer = assistant.ask(question, history=history)
            ms = (time.perf_counter() - started) * 1000
            wall.append(ms)
            cpu.append((time.process_time() - started_cpu) * 1000)
            t = answer.timings_ms
            for step in STEPS:
                parts[step] += t.get(step, 0.0)
            parts["other"] += t["total"] - sum(t.get(step, 0.0) for step in STEPS)
            parts["framework"] += ms - t["total"]  # question checks, LCEL, Answer model
            per_question.append((question, round(ms, 1), answer.answerable))
    total = sum(parts.values())
    return {
        "questions": origin,
        "asks": len(wall),
        "wall_ms": summary(wall),
        "cpu_ms": summary(cpu),
        "share": {step: parts[step] / total for step in parts},
        "mean_ms": {step: parts[step] / len(wall) for step in parts},
        "slowest": sorted(per_question, key=lambda q: -q[1])[:5],
    }


def profile_ask(settings: Settings, encoder: Encoder, top: int = 14) -> str:
    """cProfile of the warm question set: the functions that hold the time, by own time."""
    questions, _ = load_questions()
    assistant = Assistant(settings, encoder)
    assistant.ask("warm up")
    profiler = cProfile.Profile()
    for question, history in questions:
        encoder._query.cache_clear()  # noqa: SLF001
        profiler.enable()
        assistant.ask(question, history=history)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("ncalls"))
    return "\n".join(_short(line) for line in lines[start - 3 :] if line.strip())


def _short(line: str) -> str:
    for marker in ("site-packages/", "/work/main/", str(Path.cwd()) + "/"):
        if marker in line:
            head, _, tail = line.partition(marker)
            line = head + tail
    return line


def plain_baseline(settings: Settings, encoder: Encoder) -> dict | None:
    """The plain pipeline beside ours, question by question, or None if eval/plain.py is absent.

    The two are asked in turn for each question, so both meet the same load on the machine and
    the ratio holds even when other work shares the CPU. Both embed every question.
    """
    try:
        from eval.plain import PlainPipeline
    except ImportError:
        return None
    questions, _ = load_questions()
    assistant = Assistant(settings, encoder)
    started = time.perf_counter()
    plain = PlainPipeline(assistant.sources(), encoder)
    build_s = time.perf_counter() - started
    try:
        plain.ask("warm up")
        assistant.ask("warm up")
        ours, theirs = [], []
        for question, history in questions:
            started = time.perf_counter()
            plain.ask(question)
            theirs.append((time.perf_counter() - started) * 1000)
            encoder._query.cache_clear()  # noqa: SLF001
            started = time.perf_counter()
            assistant.ask(question, history=history)
            ours.append((time.perf_counter() - started) * 1000)
    finally:
        plain.close()
    return {"wall_ms": summary(theirs), "ours_wall_ms": summary(ours), "build_s": build_s}
