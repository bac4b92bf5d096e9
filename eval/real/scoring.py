"""Scores of the indexed sentences against the labels: who speaks, for which body, on what, how.

Each figure answers a question an officer relies on: is the quote given to the right person
(speaker) and the right organisation (body), is it filed under the topic it is about, and is its
stance the one a reader sees. Stance is given as accuracy and as macro-F1, because most sentences
of a press statement lean one way and accuracy alone rewards always guessing that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.analysis.bodies import Directory
from assistant.models import STANCES, Source
from eval.positions_check import macro_f1
from eval.real.labels import Located


def _person(name: str | None) -> str:
    """A speaker's name compared without case or spacing differences."""
    return re.sub(r"\s+", " ", (name or "").strip()).casefold()


@dataclass(frozen=True)
class Row:
    """One scored label: what the index gives its sentence and whether each part is right."""

    located: Located
    speaker: str | None
    body: str | None
    topics: tuple[str, ...]
    stance: str
    speaker_ok: bool
    body_ok: bool
    topic_ok: bool
    overlap_ok: bool
    first_ok: bool = False  # the first topic tagged (the sentence's main topic) is the labelled one

    @property
    def stance_ok(self) -> bool:
        return self.stance == self.located.label.stance


def score_row(located: Located, directory: Directory) -> Row:
    """Compare one located label with its indexed sentence (a sentence not indexed is wrong).

    The body counts as right when it is the sentence's body or one of the bodies speaking with
    it, as in eval/positions_check.py. The index does not rank a sentence's topics, and the
    positions table files a sentence under every topic it is tagged with, so the main topic is
    right when it is among the tags; `overlap_ok` asks only that some labelled topic is, and
    `first_ok` that the topic the sentence leads with (its main topic) is the labelled one.
    """
    label, sentence = located.label, located.sentence
    expected = directory.canonical(label.body)
    if sentence is None:
        return Row(located, None, None, (), "none", False, False, False, False)
    said_by = expected if expected is not None and expected in sentence.also else sentence.body
    topics = tuple(sentence.topics)
    return Row(
        located,
        sentence.speaker,
        sentence.body,
        topics,
        sentence.stance or "neutral",
        speaker_ok=_person(label.speaker) == _person(sentence.speaker),
        body_ok=directory.canonical(said_by) == expected,
        topic_ok=label.topic in topics,
        overlap_ok=bool(set(label.topics) & set(topics)),
        first_ok=bool(topics) and topics[0] == label.topic,
    )


@dataclass
class Scores:
    """The rows of one document, or of all of them, and the labels that could not be scored."""

    rows: list[Row] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    publisher_filed: int = 0  # sentences filed under a news or debate publisher as their body

    def share(self, attribute: str) -> float | None:
        """The share of rows for which `attribute` holds; None when nothing was scored."""
        if not self.rows:
            return None
        return sum(bool(getattr(r, attribute)) for r in self.rows) / len(self.rows)

    def attribution(self) -> float | None:
        """Speaker and body both right: what a reader needs to trust a quote's attribution."""
        if not self.rows:
            return None
        return sum(r.speaker_ok and r.body_ok for r in self.rows) / len(self.rows)

    def stance_f1(self) -> float | None:
        if not self.rows:
            return None
        return macro_f1([r.located.label.stance for r in self.rows], [r.stance for r in self.rows])

    def confusion(self) -> dict[str, dict[str, int]]:
        """Labelled stance (rows) against the stance found (columns; 'none': not indexed)."""
        table = {g: dict.fromkeys((*STANCES, "none"), 0) for g in STANCES}
        for r in self.rows:
            table[r.located.label.stance][r.stance] += 1
        return table

    def merge(self, other: Scores) -> None:
        self.rows += other.rows
        self.missing += other.missing
        self.notes += other.notes
        self.publisher_filed += other.publisher_filed


def publisher_names(source: Source, directory: Directory) -> set[str]:
    """The names a news report's or a debate record's publisher goes by, canonical.

    "Hansard, House of Lords (via Parallel Parliament)" is Hansard, the House of Lords and
    Parallel Parliament: each part on its own, since name finding may find any of them.
    """
    names: set[str] = set()
    for field_value in (source.publisher, source.author if source.kind == "news" else None):
        if not field_value:
            continue
        parts = [field_value, *re.split(r"[,()]", field_value)]
        for part in parts:
            part = re.sub(r"^\s*via\s+", "", part).strip()
            if part:
                names.add(directory.canonical(part) or part)
    return names


def filed_under_publisher(
    source: Source, bodies: list[str | None], directory: Directory, labelled_kind: str | None
) -> int:
    """How many of a document's sentences are filed under a publisher of news as their body.

    A publisher of news or of a debate record speaks for nobody: a sentence filed under it (or
    under any body bodies.yaml lists as media) puts a magazine or Hansard in the positions table
    beside the bodies that respond. The document counts as news when its front matter or its
    label says so (a debate record arrives as news).
    """
    news = source.kind == "news" or labelled_kind == "news"
    names = publisher_names(source, directory) if news else set()
    return sum(bool(b) and (b in names or directory.kinds.get(b or "") == "media") for b in bodies)
