"""Officers' ratings of answers, kept locally so that poor answers can become eval cases.

One JSON object a line in `<data dir>/feedback/feedback.jsonl`: the question, the earlier
questions it was read with, the answer, its citations (with exact offsets) and the rating. It
stays on the machine; nothing is sent anywhere. Lines are appended under a lock, so several
Streamlit sessions can rate at once without interleaving. Questions holding personal data never
reach an answer, so never reach this file; a comment that seems to hold some is refused too.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.chat.conversation import Exchange
from assistant.models import Citation
from assistant.privacy import personal_data_in

Rating = Literal["helpful", "not helpful"]
MAX_COMMENT_CHARS = 2000


class CommentRefused(ValueError):
    """A comment that seems to hold personal data; the message says so without repeating it."""


class FeedbackRecord(BaseModel):
    """One rating of one answer: enough to replay the question and check the citations."""

    recorded: str = Field(description="UTC time the rating was given, ISO 8601.")
    exchange_id: str
    rating: Rating
    comment: str | None = None
    question: str
    history: list[str] = Field(default_factory=list)
    filters: dict[str, list[str]] = Field(default_factory=dict)
    answerable: bool
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    index_version: str | None = None


class FeedbackStore:
    """Append-only ratings under the data folder; the latest rating of an answer counts."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "feedback" / "feedback.jsonl"

    def record(
        self, exchange: Exchange, rating: Rating, comment: str | None = None
    ) -> FeedbackRecord:
        comment = (comment or "").strip()[:MAX_COMMENT_CHARS] or None
        kinds = personal_data_in(comment) if comment else []
        if kinds:
            raise CommentRefused(
                f"Your comment seems to hold {' and '.join(kinds)}, so it was not saved. "
                "Please leave personal details out."
            )
        entry = FeedbackRecord(
            recorded=datetime.now(UTC).isoformat(timespec="seconds"),
            exchange_id=exchange.id,
            rating=rating,
            comment=comment,
            question=exchange.question,
            history=list(exchange.history),
            filters=exchange.filters,
            answerable=exchange.answer.answerable,
            answer=exchange.answer.answer,
            citations=exchange.answer.citations,
            index_version=exchange.answer.index_version,
        )
        line = (entry.model_dump_json() + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line)
        finally:
            os.close(fd)  # closing releases the lock
        return entry

    def all(self) -> list[FeedbackRecord]:
        """Every rating given, oldest first (a later rating of the same answer comes later)."""
        if not self.path.exists():
            return []
        records = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                records.append(FeedbackRecord.model_validate(json.loads(line)))
            except ValueError:  # a line cut short by a crash, or edited by hand: skip it
                continue
        return records

    def latest(self) -> dict[str, FeedbackRecord]:
        """The current rating of each rated answer, by exchange id."""
        return {r.exchange_id: r for r in self.all()}
