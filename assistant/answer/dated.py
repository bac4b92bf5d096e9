"""What a date of the white paper's commitments stands for in a question.

Officers name a proposal by its date: "the spring 2023 deadline" is the deadline for the
governance models, "the April 2023 start date" the start of the shared outcomes. The digest
holds the dated commitments under the heading of their proposal (assistant.answer.timeline
reads them), so a date named as a deadline is read as being about that proposal's topic. The
dates and headings come from the documents an index holds, never from a list kept here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from assistant.analysis.topics import FALLBACK_TOPIC, Topic, tag_topics

if TYPE_CHECKING:
    from assistant.answer.timeline import Milestone

# The date is named as a proposal's deadline or start, not as a time to look at.
_AS_DEADLINE = re.compile(
    r"^\s*(?:deadline|timescale|timetable|timeline|start\s+date|date|target|milestone|"
    r"go-live)s?\b",
    re.IGNORECASE,
)
# Below this, a heading's nearest topic description is not trusted (MiniLM cosine).
HEADING_MIN = 0.3


def proposals_by_date(milestones: Iterable[Milestone]) -> dict[str, set[str]]:
    """Each date the digest gives ("spring 2023"), lower case, with the headings of the
    proposals dated then."""
    dated: dict[str, set[str]] = {}
    for m in milestones:
        dated.setdefault(m.when.lower(), set()).add(m.proposal)
    return dated


class DatedSubjects:
    """The topic of the proposal each commitment date belongs to, read once per index."""

    def __init__(
        self,
        dated: Mapping[str, Iterable[str]],
        topics: Sequence[Topic],
        embed: Callable[[str], np.ndarray] | None = None,
    ) -> None:
        self.topics = [t for t in topics if t.id not in (FALLBACK_TOPIC, "timeline")]
        self._embed = embed
        self._vectors: np.ndarray | None = None
        self.subjects: dict[str, str] = {}
        for when, headings in dated.items():
            found = {self._topic_of(h) for h in headings} - {None}
            if len(found) == 1:  # dates shared by two proposals say nothing on their own
                self.subjects[when] = str(found.pop())

    def _topic_of(self, heading: str) -> str | None:
        """A heading's topic: its one topic word, or among several (or none) the topic whose
        description it is nearest in meaning, when a model is at hand."""
        words = tag_topics(heading, self.topics)
        if len(words) == 1 or (words and self._embed is None):
            return words[0] if len(words) == 1 else None
        if self._embed is None:
            return None
        if self._vectors is None:
            self._vectors = np.stack(
                [self._embed(f"{t.label}: {t.description}") for t in self.topics]
            )
        similarity = self._vectors @ self._embed(heading)
        pool = [i for i, t in enumerate(self.topics) if not words or t.id in words]
        best = max(pool, key=lambda i: similarity[i])
        return self.topics[best].id if similarity[best] >= HEADING_MIN else None

    def subject(self, text: str, when: str | None) -> str | None:
        """The topic a question's date stands for, when it names the date as a deadline."""
        if when is None or when.lower() not in self.subjects:
            return None
        for m in re.finditer(re.escape(when), text, re.IGNORECASE):
            if _AS_DEADLINE.match(text[m.end() :]):
                return self.subjects[when.lower()]
        return None
