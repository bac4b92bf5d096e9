"""The API under load: a bounded asyncio client in this process, the server in another.

For each level of concurrency, that many clients ask questions back to back for a fixed time
(each waits for its answer before asking again), cycling through the question set. Each
request is numbered ("... (request 12)"), so no two are the same text and none is served from
the query-embedding memo: every answer is computed in full. Reported:
answers per second, latency median and p95, errors (any non-200 or failed request) and the
server's resident memory, sampled while it works.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path

import httpx

from bench.common import load_questions, peak_rss_mb, rss_mb, summary
from bench.processes import api_server, wait_ready


async def _level(url: str, clients: int, seconds: float, pid: int) -> dict:
    questions, _ = load_questions()
    cycle = itertools.cycle(questions)
    numbers = itertools.count()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    rss_samples: list[float] = []
    stop = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop:
            question, history = next(cycle)
            question = f"{question} (request {next(numbers)})"
            started = time.perf_counter()
            try:
                reply = await http.post(
                    f"{url}/v1/ask", json={"question": question, "history": history}
                )
                if reply.status_code == 200:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[str(reply.status_code)] = errors.get(str(reply.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    async def sample_memory() -> None:
        while time.perf_counter() < stop:
            rss_samples.append(rss_mb(pid))
            await asyncio.sleep(0.5)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(sample_memory(), *(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "answers": len(latencies),
        "per_second": len(latencies) / elapsed,
        "latency_ms": summary(latencies) if latencies else None,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "rss_mb": max(rss_samples) if rss_samples else rss_mb(pid),
    }


def under_load(
    data_dir: Path, levels: tuple[int, ...] = (1, 10, 50), seconds: float = 20, workers: int = 1
) -> dict:
    with api_server(data_dir, workers=workers) as (url, pid, _):
        wait_ready(url)
        httpx.post(f"{url}/v1/ask", json={"question": "warm up"}, timeout=60)
        results = [asyncio.run(_level(url, n, seconds, pid)) for n in levels]
        peak = peak_rss_mb(pid)
    return {"workers": workers, "levels": results, "server_peak_rss_mb": peak}
