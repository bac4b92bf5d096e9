"""What the HTTP API reads and writes: the request and response models, and their examples.

These shape the OpenAPI document at /docs and /openapi.json; the Answer itself is
assistant/models.py's, so every interface returns the same JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import SourceFacts, SourceKind

EXAMPLE_QUESTION = "What do councils think of pooled budgets?"


class ErrorBody(BaseModel):
    error: str = Field(examples=["Please type a question."])


class AskFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kinds: list[SourceKind] | None = Field(
        default=None, max_length=6, description="Only these kinds of source."
    )
    bodies: list[Annotated[str, Field(max_length=200)]] | None = Field(
        default=None, max_length=20, description="Only passages quoting these sector bodies."
    )


class AskRequest(BaseModel):
    """One question, with the conversation so far as the client keeps it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question": "What is the single accountable person?"},
                {
                    "question": "And what do councils think of it?",
                    "history": ["What is the single accountable person?"],
                    "filters": {"kinds": ["response", "news"]},
                },
            ]
        },
    )

    question: str = Field(description="The question, in plain English.")
    history: list[str] = Field(
        default_factory=list,
        description="The earlier questions of this conversation, oldest first.",
    )
    filters: AskFilters | None = None


class SourceSummary(SourceFacts):
    """A document the assistant answers from (its text is left out)."""

    characters: int
    about_label: str | None = Field(
        default=None,
        description="Shown beside a document about another policy paper, never beside one "
        "about the integration white paper.",
        examples=["About another paper: People at the Heart of Care (December 2021)"],
    )


class Health(BaseModel):
    status: str = Field(examples=["ready"])
    index_version: str | None = None
    error: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in {
        400: "The body could not be read (not JSON)",
        401: "A token is needed, or the one given is not valid",
        403: "A browser request from a page whose origin is not allowed",
        413: "The request body is too large",
        422: "The question or request cannot be used",
        429: "Too many requests from this client; see Retry-After",
        503: "Not ready: the model is loading or no index is built",
    }.items()
}


ANSWER_EXAMPLE = {
    "question": EXAMPLE_QUESTION,
    "answerable": True,
    "mode": "extractive",
    "answer": "**What they said**\n\n- **NHS Providers**, concerned: “We remain concerned that "
    "this approach would risk the NHS budget ...” [1]",
    "citations": [
        {
            "n": 1,
            "source_id": "lowdown-empty-words-vague-ideas",
            "title": "Empty words and vague ideas on integration",
            "publisher": "The Lowdown",
            "kind": "commentary",
            "url": "https://lowdownnhs.info/",
            "date": "2022-02",
            "section": None,
            "speaker": None,
            "body": "NHS Providers",
            "quote": "We remain concerned that this approach would risk the NHS budget ...",
            "start": 5120,
            "end": 5301,
            "passage_id": "lowdown-empty-words-vague-ideas-0012",
            "passage_start": 4980,
            "passage_end": 5702,
        }
    ],
    "positions": [
        {
            "body": "NHS Providers",
            "topic": "pooled-budgets",
            "stance": "concern",
            "quote": "We remain concerned ...",
            "citation": 1,
        }
    ],
    "index_version": "bb2b20578d424ff2",
    "timings_ms": {"retrieve": 12.1, "compose": 8.4, "total": 21.0},
    "note": None,
}
