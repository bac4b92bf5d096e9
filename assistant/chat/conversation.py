"""One officer's conversation: the questions asked and the answers given, oldest first.

The chat keeps it in the browser session only; the feedback store and the briefing note read it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.models import Answer


@dataclass(frozen=True)
class Exchange:
    question: str
    answer: Answer
    history: tuple[str, ...] = ()  # the earlier questions the answer was given in the light of
    filters: dict[str, list[str]] = field(default_factory=dict)  # what the answer was limited to
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


def earlier_questions(exchanges: Sequence[Exchange], limit: int) -> list[str]:
    """The questions a follow-up is read with: the last `limit`, oldest first."""
    questions = [e.question for e in exchanges]
    return questions[-limit:] if limit > 0 else []
