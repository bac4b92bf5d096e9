"""`python -m bench` (`make bench`): run every benchmark, print the numbers, write the report.

    python -m bench                 everything, about 15-25 minutes on 2 cores
    python -m bench --quick         smaller scale curve (1k, 10k) and shorter load runs
    python -m bench --skip scale    leave sections out (latency, cold, ingest, load, scale)
    python -m bench --update --skip scale ...   re-measure some sections, keep the others'
                                    numbers from the last run (the report dates each section)

Builds its own scratch index of the shipped documents, so it never touches ./data. Writes
docs/benchmarks.md (or --out) and a JSON copy of every number beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, machine

SECTIONS = ("latency", "cold", "ingest", "load", "scale")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller scale and load runs")
    parser.add_argument("--skip", action="append", default=[], choices=SECTIONS)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--update", action="store_true", help="keep skipped sections' numbers")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    from assistant.config import Settings
    from assistant.service import Assistant, shared_encoder
    from bench import latency, load, processes, scale
    from bench.report import write_report

    results: dict = {"machine": machine(), "quick": args.quick}
    previous = args.out.with_suffix(".json")
    if args.update and previous.exists():
        kept = json.loads(previous.read_text(encoding="utf-8"))
        results = {**kept, "machine": results["machine"], "quick": kept.get("quick", False)}
    ran = results.setdefault("measured", {})
    for section in SECTIONS:
        if section not in args.skip:
            load_now = results["machine"]["load_average"][0]
            ran[section] = f"{results['machine']['date']} (load average {load_now})"
    print(f"Machine: {json.dumps(results['machine'])}", flush=True)
    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        scratch = Path(tmp)
        shipped = scratch / "shipped"
        encoder = shared_encoder()
        started = time.perf_counter()
        encoder.embeddings  # noqa: B018 (load the model now, timed apart)
        results["model_load_s"] = time.perf_counter() - started
        settings = Settings(data_dir=shipped)
        report = Assistant(settings, encoder).ingestor().build()
        results["build_in_process"] = {"seconds": report.seconds, "passages": report.passages}
        print(f"Shipped index: {report.passages} passages in {report.seconds:.1f} s", flush=True)

        if "latency" not in args.skip:
            results["warm"] = latency.warm_ask(settings, encoder)
            print(f"Warm ask: {json.dumps(results['warm'])}", flush=True)
            results["profile"] = latency.profile_ask(settings, encoder)
            results["plain"] = latency.plain_baseline(settings, encoder)
            print(f"Plain baseline: {json.dumps(results['plain'])}", flush=True)
        if "cold" not in args.skip:
            runs = 1 if args.quick else 3
            results["cold_cli"] = processes.cli_cold_start(shipped, runs=runs)
            print(f"Cold start, CLI: {json.dumps(results['cold_cli'])}", flush=True)
            results["cold_api"] = processes.api_cold_start(shipped, runs=1 if args.quick else 2)
            print(f"Cold start, API: {json.dumps(results['cold_api'])}", flush=True)
        if "ingest" not in args.skip:
            results["ingest"] = processes.ingest_runs(scratch)
            print(f"Ingest: {json.dumps(results['ingest'])}", flush=True)
        if "load" not in args.skip:
            seconds = 8 if args.quick else 20
            results["load"] = load.under_load(shipped, seconds=seconds)
            print(f"Load: {json.dumps(results['load'])}", flush=True)
        if "scale" not in args.skip:
            sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
            print("Scale:", flush=True)
            results["scale"] = scale.curve(sizes, shipped, scratch)

    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    write_report(results, args.out)
    print(f"Wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
