"""`python -m bench.soak` (`make soak`): many clients for several minutes; memory must stay flat.

A leak or an error that shows only after thousands of answers does not show in a test. This runs
20 clients against a real API server on loopback for five minutes (by default), in windows of
30 seconds, and prints each window's answers per second, p95 latency, errors and the server's
resident memory. It exits 1 if any request failed or memory grew by more than 10% from the
first window to the last, so it can gate a release; it is not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

import httpx

MAX_GROWTH = 0.10  # memory may grow this much from the first window to the last


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--window", type=float, default=30.0, help="seconds per report line")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from assistant.config import Settings
    from assistant.service import Assistant, shared_encoder
    from bench.load import _level
    from bench.processes import api_server, wait_ready

    with tempfile.TemporaryDirectory(prefix="assistant-soak-") as tmp:
        data_dir = Path(tmp) / "data"
        Assistant(Settings(data_dir=data_dir), shared_encoder()).ingestor().build()
        with api_server(data_dir) as (url, pid, _):
            wait_ready(url)
            httpx.post(f"{url}/v1/ask", json={"question": "warm up"}, timeout=60)
            windows = max(1, round(args.minutes * 60 / args.window))
            print(f"{args.clients} clients, {windows} windows of {args.window:.0f} s", flush=True)
            print(f"{'window':>6} {'answers/s':>10} {'p95 ms':>8} {'errors':>7} {'RSS MB':>8}")
            results = []
            for n in range(1, windows + 1):
                result = asyncio.run(_level(url, args.clients, args.window, pid))
                results.append(result)
                p95 = (result["latency_ms"] or {}).get("p95", float("nan"))
                print(
                    f"{n:>6} {result['per_second']:>10.1f} {p95:>8.0f} {result['errors']:>7} "
                    f"{result['rss_mb']:>8.0f}  {result['error_kinds'] or ''}",
                    flush=True,
                )
    errors = sum(r["errors"] for r in results)
    first, last = results[0]["rss_mb"], results[-1]["rss_mb"]
    growth = (last - first) / first if first else 0.0
    print(f"errors: {errors}; memory {first:.0f} MB -> {last:.0f} MB ({growth:+.1%})")
    return 1 if errors or growth > MAX_GROWTH else 0


if __name__ == "__main__":
    sys.exit(main())
