"""The hand labels of the real documents, and finding each labelled sentence among those indexed.

A label names its sentence by the exact words it starts with (`starts`), never by offsets, so the
labels stay right whatever the splitter does. The runner finds those words in the document's text
and scores the indexed sentence that holds their first character: that is the sentence an officer
would see quoted, with the speaker, body, topics and stance the index gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.models import STANCES, Sentence

LABELS = Path(__file__).with_name("labels.yaml")


class LabelError(ValueError):
    """The labels cannot be used; the message is one line."""


@dataclass(frozen=True)
class DocumentLabel:
    """What a reader decided about a whole document: its kind, and whether it is about CP 573."""

    file: str
    kind: str
    about_cp573: bool


@dataclass(frozen=True)
class Label:
    """One labelled sentence, keyed by its file and the words it starts with."""

    file: str
    starts: str
    speaker: str | None
    body: str | None
    topic: str
    topics: tuple[str, ...]
    stance: str


@dataclass(frozen=True)
class Located:
    """A label and the indexed sentence holding its words.

    `sentence` is None either because the words are not in the document (`missing`, a fault
    in the labels or the folder, left out of the scores) or because no indexed sentence holds
    them (the index dropped the text: scored as wrong, since an officer cannot find it).
    """

    label: Label
    sentence: Sentence | None
    missing: str | None = None
    note: str | None = None


def _label(item: dict, n: int) -> Label:
    """One statement entry, checked, so a typo stops the run with the entry it is in."""
    try:
        label = Label(
            file=str(item["file"]),
            starts=str(item["starts"]),
            speaker=item.get("speaker"),
            body=item.get("body"),
            topic=str(item["topic"]),
            topics=tuple(item.get("topics") or [item["topic"]]),
            stance=str(item["stance"]),
        )
    except (KeyError, TypeError) as exc:
        raise LabelError(f"labels: statement #{n} lacks {exc}") from None
    if label.stance not in STANCES:
        raise LabelError(f"labels: statement #{n} has an unknown stance '{label.stance}'")
    return label


def load_labels(path: Path = LABELS) -> tuple[list[DocumentLabel], list[Label]]:
    """The labelled documents and sentences; raises LabelError with a one-line reason."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelError(f"{path.name}: cannot be read ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not data.get("statements"):
        raise LabelError(f"{path.name}: expected 'documents:' and 'statements:' lists")
    documents = [
        DocumentLabel(str(d["file"]), str(d.get("kind") or ""), bool(d.get("about_cp573")))
        for d in data.get("documents") or []
    ]
    labels = [_label(item, n) for n, item in enumerate(data["statements"], start=1)]
    return documents, labels


def locate(label: Label, text: str, sentences: list[Sentence]) -> Located:
    """The indexed sentence holding the label's opening words in `text` (a document's body)."""
    at = text.find(label.starts)
    if at < 0:
        return Located(label, None, missing=f"{label.file}: no sentence starts '{label.starts}'")
    note = None
    if text.find(label.starts, at + 1) >= 0:
        note = f"{label.file}: '{label.starts}' occurs more than once; the first is scored"
    sentence = next((s for s in sentences if s.start <= at < s.end), None)
    if sentence is None:
        note = f"{label.file}: no indexed sentence holds '{label.starts}'"
    return Located(label, sentence, note=note)
