"""What a user waits for from a fresh process: cold start of the CLI and the API, and ingest.

Every number here is process start to finish, so it includes importing the libraries and
loading the model, as a user at a terminal or an operator restarting a worker sees it.
"""

from __future__ import annotations

import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.common import ROOT, child_env, free_port, rss_mb

QUESTION = "What is the single accountable person?"
ADDED = Path(__file__).with_name("added-document.md")


def _run(args: list[str], data_dir: Path) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, output) of `python -m assistant ARGS`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=child_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"assistant {' '.join(args)} failed: {done.stderr.strip()[-300:]}")
    return wall, cpu, done.stdout + done.stderr


def cli_cold_start(data_dir: Path, runs: int = 3) -> dict:
    """Process start to a printed answer: `python -m assistant ask QUESTION --json`."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, _ = _run(["ask", QUESTION, "--json"], data_dir)
        walls.append(wall)
        cpus.append(cpu)
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "runs": runs}


def api_cold_start(data_dir: Path, runs: int = 2) -> dict:
    """Process start to the first answer over HTTP from `python -m assistant serve`.

    The client polls /readyz, as a load balancer would, then asks one question.
    """
    firsts, readies, rss = [], [], []
    for _ in range(runs):
        with api_server(data_dir) as (url, pid, started):
            wait_ready(url)
            readies.append(time.perf_counter() - started)
            reply = httpx.post(f"{url}/v1/ask", json={"question": QUESTION}, timeout=60)
            if reply.status_code != 200:
                raise RuntimeError(f"the API answered {reply.status_code}: {reply.text[:200]}")
            firsts.append(time.perf_counter() - started)
            rss.append(rss_mb(pid))
    return {
        "first_answer_s": statistics.median(firsts),
        "ready_s": statistics.median(readies),
        "rss_mb": max(rss),
        "runs": runs,
    }


class api_server:  # noqa: N801 (used as a context manager, like open)
    """`python -m assistant serve` on a free loopback port, no rate limit, stopped on exit."""

    def __init__(self, data_dir: Path, workers: int = 1) -> None:
        self.data_dir = data_dir
        self.workers = workers

    def __enter__(self) -> tuple[str, int, float]:
        port = free_port()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [
                sys.executable,
                "-m",
                "assistant",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(self.workers),
            ],
            cwd=ROOT,
            env=child_env(self.data_dir, ASSISTANT_RATE_LIMIT=""),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return f"http://127.0.0.1:{port}", self.process.pid, self.started

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_ready(url: str, timeout: float = 300) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=10).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the API did not become ready")


def ingest_runs(scratch: Path) -> dict:
    """Full build of the shipped corpus, adding one new document, and a re-run with no change."""
    data = scratch / "ingest-bench"
    shutil.rmtree(data, ignore_errors=True)
    full_wall, full_cpu, full_log = _run(["ingest"], data)
    add_wall, add_cpu, add_log = _run(["ingest", str(ADDED)], data)
    noop_wall, noop_cpu, _ = _run(["ingest"], data)
    shutil.rmtree(data, ignore_errors=True)
    return {
        "full": {"wall_s": full_wall, "cpu_s": full_cpu, "inside_s": _inside(full_log)},
        "add_one": {"wall_s": add_wall, "cpu_s": add_cpu, "inside_s": _inside(add_log)},
        "noop": {"wall_s": noop_wall, "cpu_s": noop_cpu},
        "passages": _passages(full_log),
    }


def _inside(log: str) -> float | None:
    """The build's own time as the CLI reports it ('... in 21.7s'), without start-up."""
    found = re.findall(r" in (\d+(?:\.\d+)?)s\.", log)
    return float(found[-1]) if found else None


def _passages(log: str) -> int | None:
    found = re.findall(r"(\d+) passages", log)
    return int(found[-1]) if found else None
