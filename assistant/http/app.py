"""The HTTP API: answers as JSON or server-sent events, sources, positions, health, the widget.

Stateless by design: the client sends its earlier questions with each request, so any number of
workers behind a load balancer can answer any request. Every error is `{"error": "one line"}`
with a fitting status; nothing internal (stack traces, paths) reaches a response.
`python -m assistant serve` runs it; the README's "Embedding" section documents it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from assistant.answer.questions import QuestionError
from assistant.config import Settings
from assistant.http.access import BodyLimit, OriginGuard
from assistant.http.runtime import ApiError, Runtime, admitted
from assistant.http.schemas import ANSWER_EXAMPLE, ERRORS, AskRequest, Health, SourceSummary
from assistant.http.widget import router as embed_router
from assistant.models import Answer, PositionRow
from assistant.service import Assistant

log = logging.getLogger("assistant.http.app")


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _first_problem(exc: RequestValidationError) -> str:
    problem = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body")
    return f"{where}: {problem.get('msg', 'not valid')}" if where else "The request is not valid."


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """The API for `settings`; without an `assistant`, one is loaded in the background."""
    settings = settings or Settings()
    rt = Runtime(settings, assistant)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if rt.assistant is None:
            rt.load_in_background()
        yield

    app = FastAPI(
        title="Integration white paper assistant",
        version="1",
        summary="Cited answers about the 2022 health and social care integration white paper.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.runtime = rt

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _first_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s answering %s", type(exc).__name__, request.url.path)
        return _error(500, "Something went wrong; please try again.")

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health:
        """The process is up (the model may still be loading)."""
        return Health(status="ok")

    @app.get("/readyz", response_model=Health, tags=["health"], responses={503: {"model": Health}})
    def readyz() -> Health | JSONResponse:
        """Ready only once the model is loaded and an index is open."""
        try:
            version = rt.ready().index.version
        except ApiError as exc:
            status = "failed" if rt.load_failed else "starting"
            body = Health(status=status, error=exc.message)
            return JSONResponse(body.model_dump(), status_code=503)
        return Health(status="ready", index_version=version)

    @app.post(
        "/v1/ask",
        response_model=Answer,
        tags=["answers"],
        responses={
            **ERRORS,
            200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}},
        },
    )
    async def ask(
        body: AskRequest,
        assistant: Annotated[Assistant, Depends(admitted)],
    ) -> Answer:
        """Answer one question: the Answer JSON, with numbered citations and positions."""
        filters = rt.check_request(body)
        try:
            return await run_in_threadpool(assistant.ask, body.question, filters, body.history)
        except QuestionError as exc:
            raise ApiError(422, str(exc)) from None

    @app.post(
        "/v1/ask/stream",
        tags=["answers"],
        response_class=EventSourceResponse,
        responses={
            **ERRORS,
            200: {
                "description": "`text` events carry the answer line by line as "
                '`{"text": "..."}`; one `answer` event ends the stream with the whole '
                'Answer JSON; an `error` event (`{"error": "..."}`) ends it instead on failure.',
                "content": {
                    "text/event-stream": {
                        "example": 'event: text\ndata: {"text": "- **The LGA**: ... [1]\\n"}\n\n'
                        'event: answer\ndata: {"question": "...", "answerable": true, ...}\n\n'
                    }
                },
            },
        },
    )
    async def ask_stream(
        body: AskRequest,
        assistant: Annotated[Assistant, Depends(admitted)],
    ) -> EventSourceResponse:
        """Answer one question as server-sent events, so the answer shows as it is written."""
        filters = rt.check_request(body)
        chunks = assistant.stream(body.question, filters, body.history)
        try:  # the first step validates the question, so bad input is a 422, not a stream
            first = await run_in_threadpool(next, chunks, None)
        except QuestionError as exc:
            raise ApiError(422, str(exc)) from None

        async def events() -> AsyncIterator[dict[str, str]]:
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

        return EventSourceResponse(events(), ping=15, headers={"Cache-Control": "no-store"})

    @app.get(
        "/v1/sources", response_model=list[SourceSummary], tags=["documents"], responses=ERRORS
    )
    def sources(assistant: Annotated[Assistant, Depends(admitted)]) -> list[SourceSummary]:
        """The documents answers come from, without their text."""
        return [
            SourceSummary(**s.model_dump(exclude={"text"}), characters=len(s.text))
            for s in sorted(assistant.sources(), key=lambda s: (s.date or "", s.title))
        ]

    @app.get(
        "/v1/positions", response_model=list[PositionRow], tags=["documents"], responses=ERRORS
    )
    def positions(
        assistant: Annotated[Assistant, Depends(admitted)],
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

    app.include_router(embed_router)

    # The last added runs first: CORS outermost, so allowed pages can read even the refusals
    # below it; then the origin check; then the size limit, before any route reads a body.
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(OriginGuard, allowed=settings.allowed_origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        max_age=600,
    )
    return app
