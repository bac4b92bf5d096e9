"""/v1/ask and /v1/ask/stream: one question answered as JSON, or as server-sent events."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import APIRouter, Depends
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from assistant.errors import QuestionError
from assistant.http.runtime import ApiError, Runtime, admitted, runtime
from assistant.http.schemas import ANSWER_EXAMPLE, ERRORS, AskRequest
from assistant.models import Answer
from assistant.service import Assistant

# The API's log lines keep the name they have always had, so logging set up for them still works.
log = logging.getLogger("assistant.http.app")

router = APIRouter(tags=["answers"])

STREAM_RESPONSE = {
    "description": "`text` events carry the answer line by line as "
    '`{"text": "..."}`; one `answer` event ends the stream with the whole '
    'Answer JSON; an `error` event (`{"error": "..."}`) ends it instead on failure.',
    "content": {
        "text/event-stream": {
            "example": 'event: text\ndata: {"text": "- **The LGA**: ... [1]\\n"}\n\n'
            'event: answer\ndata: {"question": "...", "answerable": true, ...}\n\n'
        }
    },
}


@router.post(
    "/v1/ask",
    response_model=Answer,
    responses={**ERRORS, 200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}}},
)
async def ask(
    body: AskRequest,
    assistant: Annotated[Assistant, Depends(admitted)],
    rt: Annotated[Runtime, Depends(runtime)],
) -> Answer:
    """Answer one question: the Answer JSON, with numbered citations and positions."""
    filters = rt.check_request(body)
    try:
        return await run_in_threadpool(assistant.ask, body.question, filters, body.history)
    except QuestionError as exc:
        raise ApiError(422, str(exc)) from None


@router.post(
    "/v1/ask/stream",
    response_class=EventSourceResponse,
    responses={**ERRORS, 200: STREAM_RESPONSE},
)
async def ask_stream(
    body: AskRequest,
    assistant: Annotated[Assistant, Depends(admitted)],
    rt: Annotated[Runtime, Depends(runtime)],
) -> EventSourceResponse:
    """Answer one question as server-sent events, so the answer shows as it is written."""
    filters = rt.check_request(body)
    chunks = assistant.stream(body.question, filters, body.history)
    try:  # the first step validates the question, so bad input is a 422, not a stream
        first = await run_in_threadpool(next, chunks, None)
    except QuestionError as exc:
        raise ApiError(422, str(exc)) from None
    return EventSourceResponse(
        _events(first, chunks), ping=15, headers={"Cache-Control": "no-store"}
    )


async def _events(
    first: str | Answer | None, chunks: Iterator[str | Answer]
) -> AsyncIterator[dict[str, str]]:
    """`text` events as the answer is written, then one `answer` event (or an `error` one)."""
    item = first
    try:
        while item is not None:
            if isinstance(item, Answer):
                yield {"event": "answer", "data": item.model_dump_json()}
            else:
                yield {"event": "text", "data": json.dumps({"text": item})}
            item = await run_in_threadpool(next, chunks, None)
    except Exception as exc:  # the status line is sent; say so in the stream
        log.error("stream failed: %s", type(exc).__name__)
        yield {"event": "error", "data": json.dumps({"error": "The answer failed."})}
