"""Where an answer's time goes: named laps that end up in `Answer.timings_ms`.

Cheap enough to run on every answer (two clock reads a lap), so operators and the benchmarks
(bench/latency.py) see the split between query embedding, vector search, BM25 and evidence
selection without a profiler.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stopwatch:
    """Milliseconds per named step; a step timed twice adds up."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextmanager
    def lap(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = self.ms.get(name, 0.0) + (time.perf_counter() - started) * 1000

    def rounded(self) -> dict[str, float]:
        return {name: round(ms, 2) for name, ms in self.ms.items()}
