"""How the rules read tuning questions they had never seen: the analyser of each labelled batch's
time, run on that batch.

The cue words score 0.99 on the tuning split because they were written from it, so the tuning
split alone cannot say how far a learned reading should be trusted against them. The git
history can: every batch of labelled questions was committed before any rule was written for
it, so the analyser of the commit before a batch reads the batch's tuning questions as fresh
ones. `python -m eval.fresh_readings` unpacks each such version into a temporary folder, runs
its analyser there on its batch, and writes eval/fresh_readings.json: for each tuning question
of a batch, the intent the rules of the time gave it, whether a cue said so, and its topics
(ids and labels only, no question text). Held-out questions are left out. The training scripts
(eval/train_question_intent.py) choose their policies on these readings.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml

from assistant.config import REPO_ROOT

FRESH = Path(__file__).with_name("fresh_readings.json")
LABELS = "eval/query_analysis.yaml"


def _git(*args: str) -> bytes:
    done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, check=True)  # noqa: S603, S607
    return done.stdout


def _ids(revision: str) -> set[str]:
    """The question ids of the labels file at `revision` (none before the file existed)."""
    try:
        text = _git("show", f"{revision}:{LABELS}")
    except subprocess.CalledProcessError:
        return set()
    return {q["id"] for q in yaml.safe_load(text)["questions"]}


def batches(tune: set[str]) -> dict[str, list[str]]:
    """Each commit that added labelled questions to a file already holding some -> the
    tuning questions it added."""
    found = {}
    for commit in _git("log", "--reverse", "--format=%H", "--", LABELS).decode().split():
        before = _ids(f"{commit}^")
        added = sorted((_ids(commit) - before) & tune)
        if before and added:
            found[commit] = added
    return found


def read_one(ids_file: Path, labels_file: Path) -> dict[str, Any]:
    """Run in the unpacked old version: its analyser on the given questions. The first part's
    reading is caught where classify is called, whichever module held it then."""
    import importlib

    import eval.query_analysis as qa  # the old version's, from the working directory
    from assistant.embedding import Encoder, load_embeddings

    ids = set(json.loads(ids_file.read_text()))
    labels = [q for q in yaml.safe_load(labels_file.read_text())["questions"] if q["id"] in ids]
    analyser = qa.build_analyser(Encoder(load_embeddings()))
    calls: list[Any] = []
    for name in ("assistant.answer.reading", "assistant.answer.query"):
        module = importlib.import_module(name)
        if hasattr(module, "classify"):
            original = module.classify

            def caught(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                calls.append(_original(*args, **kwargs))
                return calls[-1]

            module.classify = caught
    out = {}
    for gold in labels:
        history = gold.get("history") or []
        calls.clear()
        if history:
            analyser.analyse(history[-1], history[:-1])
        first = len(calls)
        query = analyser.analyse(gold["question"], history)
        reading = calls[first] if len(calls) > first else None
        out[gold["id"]] = {
            "intent": query.intent,
            "first": getattr(reading, "intent", query.intent),
            "cued": bool(getattr(reading, "cued", True)),
            "follow_up": query.follow_up,
            "topics": list(query.topics),
        }
    return out


def read_batch(commit: str, ids: list[str], labels_file: Path) -> dict[str, Any]:
    """The analyser of the commit before `commit`, run on the questions `commit` added."""
    with tempfile.TemporaryDirectory() as folder:
        archive = tarfile.open(fileobj=BytesIO(_git("archive", f"{commit}^")))
        files = [m for m in archive if not m.issym()]  # a stray link to a local venv, say
        archive.extractall(folder, members=files, filter="data")
        ids_file = Path(folder) / "fresh-ids.json"
        ids_file.write_text(json.dumps(ids))
        env = {**os.environ, "PYTHONPATH": folder, "HF_HUB_OFFLINE": "1"}
        command = [sys.executable, str(Path(__file__)), "--one", str(ids_file), str(labels_file)]
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, check=True)  # noqa: S603
        return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=FRESH)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(read_one(*args.one)))
        return
    labels_file = REPO_ROOT / LABELS
    questions = yaml.safe_load(labels_file.read_text(encoding="utf-8"))["questions"]
    tune = {q["id"] for q in questions if q["split"] == "tune"}
    readings: dict[str, Any] = {}
    for commit, ids in batches(tune).items():
        read = read_batch(commit, ids, labels_file)
        readings.update({i: {**r, "rules_of": commit[:7]} for i, r in read.items()})
        print(f"{commit[:7]}: {len(ids)} tuning questions read by the rules before them")
    args.out.write_text(json.dumps(readings, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Wrote {args.out} ({len(readings)} questions)")


if __name__ == "__main__":
    main()
