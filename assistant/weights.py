"""The weights of a linear model shipped in knowledge/, written and read in one way.

Several learned judgements (a sentence's topics, its stance, a question's topics and intent)
are logistic regressions whose weights ship as JSON beside the word rules: class labels, one
row of coefficients per class and an intercept, plus the few settings each model needs. Keeping
the file format in one place means a model saved by a training script in eval/ is read back
exactly as written, and every such file holds numbers (and label names) only, never text the
model was trained on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class LinearWeights:
    """What a weights file holds: `labels` name the rows of `coef`; `settings` is the rest."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (len(labels), features)
    intercept: np.ndarray  # (len(labels),)
    settings: Mapping[str, Any] = field(default_factory=dict)


def load_weights(path: Path) -> LinearWeights | None:
    """The weights in `path`, or None when there is no file (the rules then stand alone)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    rest = {k: v for k, v in data.items() if k not in ("labels", "coef", "intercept")}
    return LinearWeights(
        labels=tuple(data["labels"]),
        coef=np.asarray(data["coef"], dtype=np.float64),
        intercept=np.asarray(data["intercept"], dtype=np.float64),
        settings=rest,
    )


def save_weights(
    path: Path,
    weights: LinearWeights,
    about: Mapping[str, object] | None = None,
) -> None:
    """Write `weights` compactly, `about` (what they were trained on, and how) first for
    readers; coefficients are rounded, which changes no decision but keeps the file small."""
    data = {
        **(about or {}),
        "labels": list(weights.labels),
        **weights.settings,
        "intercept": [round(float(x), 6) for x in weights.intercept],
        "coef": [[round(float(x), 5) for x in row] for row in weights.coef],
    }
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def rounded(values: np.ndarray, digits: int = 6) -> list[float]:
    """A vector of settings (an idf, say) as short JSON numbers."""
    return [round(float(x), digits) for x in values]
