"""One real-document evaluation: ingest the folder beside the shipped corpus, then score it.

The documents go in the way an officer adds them (`read_document`, then a build of a new index
version) into a data folder of the run's own, so the user's index is never touched and the
figures describe what the product does with these texts. Attribution, topics and stance are read
from the sentences of that index; the questions are asked of the same assistant and scored by
eval/runner.py, as the main question set is.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.analysis.bodies import Directory
from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.index.versions import IndexData
from assistant.ingest.documents import SUFFIXES, read_document
from assistant.models import Sentence, Source
from assistant.service import Assistant
from eval.evaluate import _commit
from eval.questions import load_questions
from eval.real.labels import DocumentLabel, Label, load_labels, locate
from eval.real.scoring import Scores, filed_under_publisher, score_row
from eval.runner import Embedder, Record, ask_assistant, by_category, summarise

QUESTIONS = Path(__file__).with_name("questions.yaml")


class RealEvalError(ValueError):
    """The evaluation cannot run (no folder, a labelled file absent); the message is one line."""


@dataclass
class RealRun:
    """Everything the report shows: scores by document and overall, and the question scores."""

    documents: dict[str, Scores]
    overall: Scores
    kinds: dict[str, tuple[str, str]]  # file -> (kind as read, kind labelled)
    summary: dict[str, Any] = field(default_factory=dict)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)


def folder_documents(folder: Path) -> dict[str, Source]:
    """Every document in the folder, by file name; a README describes the folder, not the paper."""
    if not folder.is_dir():
        raise RealEvalError(f"no folder at {folder}")
    paths = [
        p
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.stem.lower().startswith("readme")
    ]
    if not paths:
        raise RealEvalError(f"{folder} holds no documents to read")
    return {p.name: read_document(p) for p in paths}


def sentences_by_source(data: IndexData) -> dict[str, list[Sentence]]:
    """The indexed sentences of each source, in document order."""
    found: dict[str, list[Sentence]] = defaultdict(list)
    for passage in data.passages:
        found[passage.source_id].extend(passage.sentences)
    return found


def score_documents(
    files: dict[str, Source],
    sentences: dict[str, list[Sentence]],
    labels: list[Label],
    documents: list[DocumentLabel],
    directory: Directory,
) -> dict[str, Scores]:
    """Scores of every labelled file, keyed by file name, from the sentences the index holds."""
    kinds = {d.file: d.kind for d in documents}
    scores: dict[str, Scores] = {}
    for name, source in files.items():
        held = sentences.get(source.id, [])
        doc = Scores()
        doc.publisher_filed = filed_under_publisher(
            source, [s.body for s in held], directory, kinds.get(name)
        )
        for label in (lb for lb in labels if lb.file == name):
            located = locate(label, source.text, held)
            if located.missing:
                doc.missing.append(located.missing)
                continue
            if located.note:
                doc.notes.append(located.note)
            doc.rows.append(score_row(located, directory))
        scores[name] = doc
    return scores


def _check_folder(files: dict[str, Source], labels: list[Label]) -> None:
    """Stop before the long build if the folder lacks a labelled file (the questions' sources
    are checked against the built index by `ask_assistant`)."""
    absent = sorted({lb.file for lb in labels} - set(files))
    if absent:
        raise RealEvalError(f"the folder has no {absent[0]}, which eval/real/labels.yaml labels")


def run(folder: Path, settings: Settings, encoder: Encoder) -> RealRun:
    """Ingest `folder` beside the shipped corpus into `settings.data_dir` and score everything."""
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    files = folder_documents(folder)
    documents, labels = load_labels()
    questions = load_questions(QUESTIONS)
    _check_folder(files, labels)
    assistant = Assistant(settings, encoder)
    built = assistant.ingestor().build(list(files.values()))
    data = assistant.index.data
    lost = sorted(name for name, s in files.items() if s.id not in data.sources)
    if lost:
        raise RealEvalError(f"{lost[0]} was not indexed (see the ingest report: {built})")
    per_document = score_documents(
        files, sentences_by_source(data), labels, documents, assistant.directory
    )
    overall = Scores()
    for scores in per_document.values():
        overall.merge(scores)
    labelled = {d.file: d.kind for d in documents}
    records = ask_assistant(assistant, questions, Embedder(encoder))
    return RealRun(
        documents=per_document,
        overall=overall,
        kinds={name: (s.kind, labelled.get(name, "not labelled")) for name, s in files.items()},
        summary=summarise(records),
        categories=by_category(records),
        records=records,
        config={
            "started": started,
            "commit": _commit(),
            "index_version": data.version,
            "documents": len(data.sources),
            "added": len(files),
            "questions": len(questions),
        },
    )
