"""Warm `ask` latency over bench/questions.txt, and the time to build the shipped index.

Prints measured numbers; asserts nothing. Run with `make bench` (uses ASSISTANT_DATA_DIR or the
checkout's data folder; builds a scratch index for the build timing).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import Settings
from assistant.embedding import Encoder, load_embeddings
from assistant.service import Assistant

QUESTIONS = Path(__file__).with_name("questions.txt")


def main() -> None:
    started = time.perf_counter()
    encoder = Encoder(load_embeddings())
    print(f"model load: {time.perf_counter() - started:.2f} s")

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(data_dir=Path(scratch))
        started = time.perf_counter()
        report = Assistant(settings, encoder).ingestor().build()
        print(
            f"index build (shipped corpus, {report.passages} passages): "
            f"{time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        Assistant(settings, encoder).ingestor().build()
        print(f"no-op re-ingest: {time.perf_counter() - started:.2f} s")

        assistant = Assistant(settings, encoder)
        questions = [q for q in QUESTIONS.read_text(encoding="utf-8").splitlines() if q.strip()]
        assistant.ask("warm up")
        timings = []
        for question in questions:
            encoder._query.cache_clear()  # measure the query embedding every time
            started = time.perf_counter()
            assistant.ask(question)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
        print(
            f"warm ask over {len(timings)} questions: median {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
