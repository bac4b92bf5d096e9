"""The regression gate: compare a run's metrics with the committed eval/baseline.json.

Each metric has a direction (higher or lower is better) and a stated tolerance: an absolute
amount for shares, a relative one for latencies (machines differ more than answers do). The
baseline is only rewritten on purpose, with `python -m eval --update-baseline`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).with_name("baseline.json")

# metric -> (direction, tolerance, relative?): the defaults written into a new baseline.json;
# the gate reads the tolerances stored in the file, so a change to them is visible in review.
TOLERANCES: dict[str, tuple[str, float, bool]] = {
    "recall_at_5": ("higher", 0.02, False),
    "mrr": ("higher", 0.03, False),
    "citation_validity": ("higher", 0.0, False),
    "citation_support": ("higher", 0.03, False),
    "citation_precision": ("higher", 0.03, False),
    "fact_recall": ("higher", 0.03, False),
    "stance_accuracy": ("higher", 0.03, False),
    "correct_refusals": ("higher", 0.04, False),
    "false_refusals": ("lower", 0.03, False),
    "safe_answers": ("higher", 0.0, False),
    "opening_fact": ("higher", 0.03, False),
    "false_not_addressed": ("lower", 0.0, False),
    "correct_refusals_held_out": ("higher", 0.05, False),
    "false_refusals_held_out": ("lower", 0.03, False),
    "latency_median_ms": ("lower", 3.0, True),
    "latency_p95_ms": ("lower", 3.0, True),
}
LATENCY = frozenset({"latency_median_ms", "latency_p95_ms"})


@dataclass(frozen=True)
class Regression:
    metric: str
    baseline: float
    now: float | None
    limit: float

    def line(self) -> str:
        now = "missing" if self.now is None else f"{self.now:.4g}"
        return (
            f"  {self.metric:<20} baseline {self.baseline:<8.4g} now {now:<8} "
            f"(limit {self.limit:.4g})"
        )


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    if not path.exists():
        return {"subsets": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def tolerances(baseline: dict[str, Any]) -> dict[str, tuple[str, float, bool]]:
    stored = baseline.get("tolerances") or {}
    return {
        m: (t["direction"], float(t["tolerance"]), bool(t.get("relative", False)))
        for m, t in stored.items()
    } or dict(TOLERANCES)


def limit_for(rule: tuple[str, float, bool], value: float) -> float:
    direction, tolerance, relative = rule
    step = value * tolerance if relative else tolerance
    return value - step if direction == "higher" else value + step


def compare(
    baseline: dict[str, Any],
    subset: str,
    metrics: dict[str, Any],
    skip: frozenset[str] = frozenset(),
) -> list[Regression]:
    """Metrics that moved the wrong way by more than their tolerance (`skip` ignored)."""
    found = []
    expected = baseline.get("subsets", {}).get(subset, {})
    for metric, rule in tolerances(baseline).items():
        before = None if metric in skip else expected.get(metric)
        if before is None:
            continue
        now = metrics.get(metric)
        direction = rule[0]
        limit = limit_for(rule, before)
        worse = now is None or (now < limit - 1e-9 if direction == "higher" else now > limit + 1e-9)
        if worse:
            found.append(Regression(metric, before, now, limit))
    return found


def diff_text(subset: str, regressions: list[Regression]) -> str:
    if not regressions:
        return f"All metrics are within tolerance of the '{subset}' baseline."
    lines = [f"{len(regressions)} metric(s) fell below the '{subset}' baseline:"]
    lines += [r.line() for r in regressions]
    return "\n".join(lines)


def update_baseline(subset: str, metrics: dict[str, Any], path: Path = BASELINE) -> None:
    """Rewrite one subset's numbers, keeping the others; tolerances are written alongside."""
    data = load_baseline(path)
    data.setdefault(
        "tolerances",
        {m: {"direction": d, "tolerance": t, "relative": r} for m, (d, t, r) in TOLERANCES.items()},
    )
    rules = tolerances(data)
    data.setdefault("subsets", {})[subset] = {
        k: v for k, v in metrics.items() if k in rules or k == "questions"
    }
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
