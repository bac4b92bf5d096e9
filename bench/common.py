"""What every benchmark shares: the machine it ran on, the questions, percentiles, memory.

Benchmarks print measured numbers and assert nothing; docs/benchmarks.md is written from them.
"""

from __future__ import annotations

import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL_QUESTIONS = ROOT / "eval" / "questions.yaml"
BENCH_QUESTIONS = Path(__file__).with_name("questions.txt")
PACKAGES = (
    "torch",
    "sentence-transformers",
    "transformers",
    "chromadb",
    "bm25s",
    "langchain-core",
    "langchain-chroma",
    "fastapi",
    "uvicorn",
    "numpy",
)


def load_questions() -> tuple[list[tuple[str, list[str]]], str]:
    """(question, earlier questions) pairs: the eval set if present, else bench/questions.txt."""
    if EVAL_QUESTIONS.exists():
        items = yaml.safe_load(EVAL_QUESTIONS.read_text(encoding="utf-8"))["questions"]
        pairs = [(q["question"], list(q.get("history") or [])) for q in items]
        return pairs, f"eval/questions.yaml ({len(pairs)} questions)"
    lines = BENCH_QUESTIONS.read_text(encoding="utf-8").splitlines()
    pairs = [(line.strip(), []) for line in lines if line.strip()]
    return pairs, f"bench/questions.txt ({len(pairs)} questions)"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p95": percentile(values, 95),
        "max": max(values),
    }


def _status_kb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1])
    return 0.0


def rss_mb(pid: int | None = None) -> float:
    """Resident memory now, in MB."""
    return _status_kb(pid or os.getpid(), "VmRSS") / 1024


def peak_rss_mb(pid: int | None = None) -> float:
    """The most resident memory the process has held, in MB."""
    return _status_kb(pid or os.getpid(), "VmHWM") / 1024


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> dict[str, object]:
    """Where and with what the numbers were measured."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = _meminfo("MemTotal")
    except OSError:
        mem_kb = 0.0
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
        "commit": _commit(),
    }


def _meminfo(field: str) -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1])
    return 0.0


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 (git from PATH, if any)
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for an assistant subprocess reading `data_dir`, offline and quiet."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        {
            "ASSISTANT_DATA_DIR": str(data_dir),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env
