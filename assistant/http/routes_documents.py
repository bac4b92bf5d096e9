"""/v1/sources and /v1/positions: the documents answered from, and where each body stands."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from assistant.http.runtime import ApiError, Runtime, admitted, runtime
from assistant.http.schemas import ERRORS, SourceSummary
from assistant.labels import about_label
from assistant.models import PositionRow, SourceFacts
from assistant.service import Assistant

router = APIRouter(tags=["documents"], responses=ERRORS)


@router.get("/v1/sources", response_model=list[SourceSummary])
def sources(assistant: Annotated[Assistant, Depends(admitted)]) -> list[SourceSummary]:
    """The documents answers come from, without their text."""
    return [
        SourceSummary(
            **s.model_dump(include=set(SourceFacts.model_fields)),
            characters=len(s.text),
            about_label=about_label(s.about_title) if s.about_title else None,
        )
        for s in sorted(assistant.sources(), key=lambda s: (s.date or "", s.title))
    ]


@router.get("/v1/positions", response_model=list[PositionRow])
def positions(
    assistant: Annotated[Assistant, Depends(admitted)],
    rt: Annotated[Runtime, Depends(runtime)],
    topic: Annotated[
        str | None, Query(max_length=64, description="A topic id, e.g. pooled-budgets.")
    ] = None,
    body: Annotated[
        str | None, Query(max_length=200, description="A sector body's canonical name.")
    ] = None,
) -> list[PositionRow]:
    """Where each sector body stands on each topic, with the statements behind it."""
    if topic is not None and topic not in rt.topics:
        raise ApiError(422, f"Unknown topic {topic[:64]!r}; known: {', '.join(rt.topics)}.")
    return assistant.positions(topic, body)
