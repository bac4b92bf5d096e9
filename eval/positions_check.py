"""Score attribution against the hand-labelled statements in eval/positions.yaml.

Run: `python -m eval.positions_check`. Reports accuracy on the documents the rules were written
from and, separately, on the held-out documents nobody tuned on.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from assistant.attribution import Directory
from assistant.config import REPO_ROOT
from assistant.ingest import _token_counter, passages_of
from assistant.models import Sentence
from assistant.sources import read_folder

LABELS = Path(__file__).with_name("positions.yaml")


def _expected_body(label: str | None, directory: Directory) -> str | None:
    return None if label in (None, "reader-comment") else directory.canonical(label)


def attribution_scores(knowledge: Path = REPO_ROOT / "knowledge") -> dict[str, tuple[int, int]]:
    """(correct, total) per split ('tuned', 'held-out') for the body of each labelled quote."""
    directory = Directory.load(knowledge / "bodies.yaml")
    sources = {s.id: s for s in read_folder(knowledge / "sources")}
    count = _token_counter()
    sentences: dict[str, list[Sentence]] = {
        sid: [s for p in passages_of(src, 160, count, directory) for s in p.sentences]
        for sid, src in sources.items()
    }
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    held_out = set(labels.get("held_out_sources") or [])
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in labels["statements"]:
        source = sources[item["source"]]
        at = source.text.find(item["quote"])
        span = range(at, at + len(item["quote"]))
        match = next((s for s in sentences[source.id] if s.start in span or at in
                      range(s.start, s.end)), None)
        got = match.body if match else "(not indexed)"
        split = "held-out" if item["source"] in held_out else "tuned"
        scores[split][0] += got == _expected_body(item["body"], directory)
        scores[split][1] += 1
    return {k: (v[0], v[1]) for k, v in scores.items()}


def main() -> None:
    for split, (correct, total) in sorted(attribution_scores().items()):
        print(f"attribution accuracy ({split}): {correct / total:.3f} ({correct}/{total})")


if __name__ == "__main__":
    main()
