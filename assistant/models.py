"""Domain types shared by ingestion, retrieval, composition and every interface.

The Answer JSON of docs/architecture.md section 3 is `Answer.model_dump(mode="json")`; its field
names are a contract with evals and API clients, so extra fields are added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

SourceKind = Literal["white-paper", "digest", "response", "news", "commentary", "reader-comment"]
Stance = Literal["support", "concern", "mixed", "neutral"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
STANCES: tuple[str, ...] = Stance.__args__  # type: ignore[attr-defined]


class SourceFacts(BaseModel):
    """What is known of a document besides its text: shared by Source and the API's listing."""

    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    kind: SourceKind
    speaks_for: str | None = None
    about: str | None = Field(
        default=None,
        description="The id of the other policy paper the document is about (knowledge/"
        "policies.yaml); None when it is about the integration white paper, CP 573.",
    )
    about_title: str | None = Field(
        default=None,
        description='The other paper, as officers read it: "Integration and '
        'innovation (February 2021)"; None when the document is about CP 573.',
    )
    about_reason: str | None = Field(
        default=None, description="Why the document was judged to be about the paper it is."
    )


class Source(SourceFacts):
    """One document as the assistant holds it: metadata plus its text, verbatim.

    `text` is the document body after any front matter; every offset elsewhere counts
    characters in this string.
    """

    text: str
    content_hash: str
    origin: str | None = None
    reader_comments_from: str | None = None
    added: str | None = Field(
        default=None, description="When an officer added it (YYYY-MM-DD); None if shipped."
    )
    stated_about: str | None = Field(
        default=None,
        description="The paper an officer or the front matter ('about:') said the document is "
        "about ('cp573' or another paper's id); None to let ingestion judge it.",
    )


@dataclass(frozen=True)
class Filters:
    """Restrict answers to some kinds of source, some bodies and/or some documents; None means
    no restriction."""

    kinds: tuple[str, ...] | None = None
    bodies: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None  # a question about named documents

    def allows(self, passage: Passage) -> bool:
        if self.kinds and passage.kind not in self.kinds:
            return False
        if self.sources and passage.source_id not in self.sources:
            return False
        if self.bodies:
            wanted = {b.lower() for b in self.bodies}
            return any(b.lower() in wanted for b in passage.bodies)
        return True


class Sentence(BaseModel):
    """A sentence of a source, with who is speaking in it (filled by attribution)."""

    start: int
    end: int
    speaker: str | None = None
    body: str | None = None
    topics: list[str] = Field(default_factory=list)
    stance: Stance | None = None
    learned: bool = False  # the learned model's stance differs from the rules'
    also: list[str] = Field(default_factory=list)  # bodies speaking jointly with `body`


class Passage(BaseModel):
    """A run of whole sentences from one section of one source: the unit that is indexed."""

    id: str
    source_id: str
    text: str
    start: int
    end: int
    section: str | None = None
    kind: SourceKind
    sentences: list[Sentence]

    @property
    def bodies(self) -> list[str]:
        return sorted({s.body for s in self.sentences if s.body})


class Citation(BaseModel):
    n: int
    source_id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    kind: SourceKind
    url: str | None = None
    date: str | None = None
    section: str | None = None
    speaker: str | None = None
    body: str | None = None
    quote: str = Field(description="Verbatim source text; equals source.text[start:end].")
    start: int
    end: int
    passage_id: str
    passage_start: int
    passage_end: int
    about_other_policy: bool = Field(
        default=False,
        description="The cited document is about another policy paper, not CP 573: it is "
        "cited only because no document about CP 573 covers the point.",
    )
    about_title: str | None = Field(
        default=None, description="That other paper, as officers read it; None for CP 573."
    )


class Position(BaseModel):
    body: str
    topic: str
    stance: Stance
    quote: str
    citation: int | None = None


class Statement(BaseModel):
    """One attributed sentence behind a position: what was said, by whom, and where."""

    source_id: str
    title: str
    kind: SourceKind
    url: str | None = None
    date: str | None = None
    section: str | None = None
    speaker: str | None = None
    quote: str = Field(description="Verbatim source text; equals source.text[start:end].")
    start: int
    end: int
    stance: Stance
    learned: bool = Field(
        default=False, description="The learned model judged the stance differently from the rules."
    )
    passage_id: str


class PositionRow(BaseModel):
    """Where one body stands on one topic, across everything it is quoted as saying on it.

    `strength` is the share of the body's opinionated statements on the topic that agree with
    `stance` (1.0 = every statement leans the same way). `government` marks the government's own
    position, which answers show apart from the respondents' views.
    """

    body: str
    topic: str
    stance: Stance
    strength: float
    government: bool = False
    statements: list[Statement]


class Answer(BaseModel):
    question: str
    answerable: bool
    mode: Literal["extractive", "llm"] = "extractive"
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    not_addressed: list[str] = Field(
        default_factory=list,
        description="Bodies the answer says did not address the question: their own statements "
        "were searched with it and none was relevant enough.",
    )
    index_version: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
    note: str | None = Field(
        default=None, description="Why the answer is limited: not covered, filtered, fallback."
    )
