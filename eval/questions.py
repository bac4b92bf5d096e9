"""The question set: what officers ask, and the gold data each answer is scored against.

Questions live in eval/questions.yaml; this module reads and checks them so a typo in the gold
data (a regex that does not compile, a source id that does not exist) stops the run with one
plain line instead of quietly scoring nothing.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from assistant.models import STANCES

QUESTIONS = Path(__file__).with_name("questions.yaml")
FIXTURES = Path(__file__).with_name("fixtures")

Category = Literal[
    "white-paper-facts",
    "body-view",
    "who-said-what",
    "agreement",
    "disagreement",
    "comparison",
    "follow-up",
    "vague-misspelt",
    "outside-corpus",
    "out-of-scope",
    "adversarial",
    "unanswerable",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class QuestionSetError(ValueError):
    """The question file cannot be used; the message is one line."""


class ExpectedStance(BaseModel):
    """A body's stance the answer's positions should report (topic optional)."""

    body: str
    stance: str
    topic: str | None = None

    @field_validator("stance")
    @classmethod
    def _known_stance(cls, value: str) -> str:
        if value not in STANCES:
            raise ValueError(f"stance must be one of {', '.join(STANCES)}")
        return value


class Question(BaseModel):
    """One question with its gold data.

    `sources` lists what must be retrieved and cited: each entry is a source id, or a list of
    ids any one of which will do (when several documents carry the same fact). `facts` are
    case-insensitive regular expressions the answer text must match. `forbidden` are patterns an
    answer must never contain (leaked instructions, invented support).
    """

    id: str
    category: Category
    question: str
    history: list[str] = Field(default_factory=list)
    answerable: bool = True
    sources: list[str | list[str]] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)
    stances: list[ExpectedStance] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    fast: bool = False
    note: str | None = None
    addressed_by: list[str] = Field(default_factory=list)
    not_addressed_by: list[str] = Field(default_factory=list)

    @field_validator("facts", "forbidden")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
        return patterns

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.category == "follow-up" and not self.history:
            raise ValueError("a follow-up question needs the earlier questions in 'history'")
        if self.answerable and not self.sources:
            raise ValueError("an answerable question needs gold 'sources'")
        if not self.answerable and (self.facts or self.stances):
            raise ValueError("a question the sources cannot answer has no facts or stances")
        return self

    @property
    def split(self) -> Literal["tune", "held-out"]:
        """Held out when crc32 of the id divides by 3: stable as questions are added."""
        return "held-out" if zlib.crc32(self.id.encode()) % 3 == 0 else "tune"

    @property
    def source_groups(self) -> list[set[str]]:
        return [{s} if isinstance(s, str) else set(s) for s in self.sources]

    @property
    def gold_ids(self) -> set[str]:
        return {s for group in self.source_groups for s in group}


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """Every question in the file, checked; raises QuestionSetError with a one-line reason."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionSetError(f"{path.name}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise QuestionSetError(f"{path.name}: not valid YAML{where}") from None
    items = raw.get("questions") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise QuestionSetError(f"{path.name}: expected a 'questions:' list")
    questions: list[Question] = []
    for n, item in enumerate(items, start=1):
        try:
            questions.append(Question.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"]) or "question"
            ident = item.get("id", f"#{n}") if isinstance(item, dict) else f"#{n}"
            raise QuestionSetError(f"{path.name}: {ident}: {where}: {error['msg']}") from None
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise QuestionSetError(f"{path.name}: the id '{q.id}' is used twice")
        seen.add(q.id)
    return questions


def check_sources(questions: list[Question], known: set[str]) -> None:
    """Stop if a gold source group names no document the index holds.

    An alternative in a group may be absent (a digest not yet added, say); a group with no
    document at all is a typo that would otherwise score as a retrieval failure.
    """
    for q in questions:
        for group in q.source_groups:
            if not group & known:
                raise QuestionSetError(
                    f"{q.id}: gold source '{sorted(group)[0]}' is not in the index"
                )


def select(questions: list[Question], subset: str) -> list[Question]:
    """'full' is every question; 'fast' the ones marked `fast: true` (the CI subset)."""
    if subset == "full":
        return questions
    if subset == "fast":
        return [q for q in questions if q.fast]
    raise QuestionSetError(f"unknown subset '{subset}' (use full or fast)")
