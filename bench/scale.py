"""How query latency, build time, disk and memory grow with the corpus: 1k, 10k, 100k passages.

Passages are generated: each is five sentences drawn at random from the shipped documents, so
BM25 sees real English and real term frequencies. Their vectors are generated too (embedding
100k passages would take hours on 2 cores): a passage's vector is the mean of its sentences'
real vectors plus noise, a sentence's is its real vector plus noise, all unit length. The index
is written by the same code as a real build (version folder, Chroma, BM25), so "build" here
means the stores only, without embedding; the questions are embedded for real.

Each size is built in one child process and queried from another, so the memory reported is
what a process serving that index holds, not what building it left behind.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.common import ROOT, child_env, disk_mb, load_questions, peak_rss_mb, rss_mb, summary

SENTENCES_PER_PASSAGE = 5
PASSAGES_PER_SOURCE = 50
NOISE = 0.02  # per dimension; about 0.4 of a unit vector's length


def _pool(shipped: Path) -> tuple[list[str], np.ndarray]:
    """Every sentence of the shipped index with its real vector."""
    from assistant.index.versions import current_folder, load_data

    data = load_data(current_folder(shipped / "index"))
    texts = [
        data.sources[p.source_id].text[s.start : s.end] for p in data.passages for s in p.sentences
    ]
    return texts, np.asarray(data.sentence_vectors, dtype=np.float32)


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def synthetic_index(passages: int, shipped: Path, seed: int = 7):  # noqa: ANN201 (IndexData)
    from assistant.index.versions import IndexData
    from assistant.models import Passage, Sentence, Source

    texts, vectors = _pool(shipped)
    rng = np.random.default_rng(seed)
    sources: dict[str, Source] = {}
    all_passages: list[Passage] = []
    sentence_rows: list[np.ndarray] = []
    passage_rows: list[np.ndarray] = []
    for s in range(0, passages, PASSAGES_PER_SOURCE):
        source_id = f"synthetic-{s // PASSAGES_PER_SOURCE:05d}"
        chunks, spans, offset = [], [], 0
        count = min(PASSAGES_PER_SOURCE, passages - s)
        picks = rng.integers(0, len(texts), size=(count, SENTENCES_PER_PASSAGE))
        for row in picks:
            sentences, start = [], offset
            for k in row:
                sentences.append(Sentence(start=offset, end=offset + len(texts[k])))
                chunks.append(texts[k])
                offset += len(texts[k]) + 1
            spans.append((start, offset - 1, sentences))
            noisy = vectors[row] + rng.normal(0, NOISE, (len(row), vectors.shape[1]))
            sentence_rows.append(_unit(noisy))
            mean = noisy.mean(axis=0, keepdims=True)
            passage_rows.append(_unit(mean + rng.normal(0, NOISE, mean.shape)))
        text = " ".join(chunks)
        sources[source_id] = Source(
            id=source_id,
            title=f"Synthetic document {s // PASSAGES_PER_SOURCE}",
            publisher="Synthetic",
            kind="commentary",
            text=text,
            content_hash=source_id,
        )
        for i, (start, end, sentences) in enumerate(spans):
            all_passages.append(
                Passage(
                    id=f"{source_id}:{i:04d}",
                    source_id=source_id,
                    text=text[start:end],
                    start=start,
                    end=end,
                    kind="commentary",
                    sentences=sentences,
                )
            )
    version = f"synthetic{passages}"
    return IndexData(
        version,
        sources,
        all_passages,
        np.concatenate(passage_rows),
        np.concatenate(sentence_rows),
        {"version": version, "sources": {k: k for k in sources}},
    )


def build(passages: int, shipped: Path, data_dir: Path) -> dict:
    """Child process: generate, then write a version exactly as ingest does; time the write."""
    from assistant.config import Settings
    from assistant.index.stores import ChromaServer, write_stores
    from assistant.index.versions import write_version

    data = synthetic_index(passages, shipped)
    settings = Settings(data_dir=data_dir)
    server = ChromaServer.from_settings(settings)
    started = time.perf_counter()
    name = write_version(settings.index_dir, data, lambda f: write_stores(f, data, server))
    seconds = time.perf_counter() - started
    return {
        "build_s": seconds,
        "disk_mb": disk_mb(settings.index_dir / name),
        "build_peak_rss_mb": peak_rss_mb(),
    }


def serve(data_dir: Path) -> dict:
    """Child process: open the index as the API does and answer the question set, warm."""
    from assistant.config import Settings
    from assistant.service import build_assistant

    started = time.perf_counter()
    assistant = build_assistant(Settings(data_dir=data_dir))
    assistant.ask("warm up")
    open_s = time.perf_counter() - started
    questions, _ = load_questions()
    wall, steps = [], {"embed": [], "dense": [], "bm25": [], "evidence": []}
    for question, history in questions:
        assistant.encoder._query.cache_clear()  # noqa: SLF001 (embed every question)
        t = time.perf_counter()
        answer = assistant.ask(question, history=history)
        wall.append((time.perf_counter() - t) * 1000)
        for step in steps:
            steps[step].append(answer.timings_ms.get(step, 0.0))
    return {
        "open_s": open_s,
        "ask_ms": summary(wall),
        "step_median_ms": {k: float(np.median(v)) for k, v in steps.items()},
        "rss_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
    }


def _child(*args: str, data_dir: Path) -> dict:
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "bench.scale", *args],
        cwd=ROOT,
        env=child_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.scale {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def curve(sizes: tuple[int, ...], shipped: Path, scratch: Path) -> list[dict]:
    rows = []
    for n in sizes:
        data_dir = scratch / f"scale-{n}"
        built = _child("build", str(n), str(shipped), data_dir=data_dir)
        served = _child("serve", data_dir=data_dir)
        rows.append({"passages": n, **built, **served})
        print(f"  {n:>7} passages: {json.dumps(rows[-1])}", flush=True)
    return rows


if __name__ == "__main__":
    import os

    target = Path(os.environ["ASSISTANT_DATA_DIR"])
    if sys.argv[1] == "build":
        result = build(int(sys.argv[2]), Path(sys.argv[3]), target)
    else:
        result = serve(target)
    print(json.dumps(result))
