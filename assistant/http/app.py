"""The HTTP API: answers as JSON or server-sent events, sources, positions, health, the widget.

Stateless by design: the client sends its earlier questions with each request, so any number of
workers behind a load balancer can answer any request. Every error is `{"error": "one line"}`
with a fitting status; nothing internal (stack traces, paths) reaches a response.
`python -m assistant serve` runs it; the README's "Embedding" section documents it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from assistant.analysis.topics import load_topics
from assistant.answer.questions import QuestionError
from assistant.answer.retrieval import Filters
from assistant.config import Settings
from assistant.http.access import (
    BodyLimit,
    OriginGuard,
    RateLimiter,
    TokenError,
    bearer,
    read_token,
)
from assistant.index.versions import IndexUnavailable
from assistant.models import Answer, PositionRow, SourceKind
from assistant.privacy import personal_data_in
from assistant.service import Assistant, build_assistant

log = logging.getLogger("assistant.http.app")

NOT_BUILT = "No index has been built yet; run 'python -m assistant ingest'."
EXAMPLE_QUESTION = "What do councils think of pooled budgets?"


class ApiError(Exception):
    """An error a client should see: status, one plain line, and any headers it needs."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


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


class SourceSummary(BaseModel):
    """A document the assistant answers from (its text is left out)."""

    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    kind: SourceKind
    speaks_for: str | None = None
    characters: int


class Health(BaseModel):
    status: str = Field(examples=["ready"])
    index_version: str | None = None
    error: str | None = None


class Runtime:
    """What one API process holds: settings, the assistant (once loaded), the rate limiter."""

    def __init__(self, settings: Settings, assistant: Assistant | None) -> None:
        self.settings = settings
        self.assistant = assistant
        self.load_failed = False
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_limit_storage)
        self.topics = {t.id: t.label for t in load_topics(settings.knowledge_dir / "topics.yaml")}

    def load_in_background(self) -> None:
        """Load the model off the event loop, so /healthz answers while it loads."""

        def load() -> None:
            try:
                assistant = build_assistant(self.settings)
                assistant.topic_vectors  # noqa: B018 (loads the model now, not at a question)
                try:
                    assistant.index  # noqa: B018 (open the index too, so the first answer is warm)
                except IndexUnavailable:
                    pass  # /readyz says so, and each request looks again
                self.assistant = assistant
            except Exception:
                self.load_failed = True
                log.exception("the assistant could not be loaded")

        threading.Thread(target=load, name="load-assistant", daemon=True).start()

    def ready(self) -> Assistant:
        if self.assistant is None:
            raise ApiError(
                503, "The assistant is starting; try again shortly.", {"Retry-After": "5"}
            )
        try:
            self.assistant.index  # noqa: B018 (opens the current index version)
        except IndexUnavailable:
            raise ApiError(503, NOT_BUILT, {"Retry-After": "30"}) from None
        return self.assistant

    def client_key(self, request: Request, token: str | None) -> str:
        """Who is asking, for rate limits: the token's client, else the network address."""
        secret = self.settings.token_secret
        if secret is not None:
            if not token:
                raise ApiError(401, "This assistant needs an access token from your intranet.")
            try:
                client = read_token(
                    token, secret.get_secret_value(), self.settings.token_max_seconds
                )
            except TokenError as exc:
                raise ApiError(401, str(exc)) from None
            return f"token:{client}"
        return f"ip:{request.client.host if request.client else 'unknown'}"

    def admit(self, request: Request, token: str | None) -> Assistant:
        """Check the token and the rate limit, then hand over the assistant."""
        key = self.client_key(request, token)
        wait = self.limiter.retry_after(key)
        if wait is not None:
            raise ApiError(
                429,
                f"Too many questions; please wait {wait} seconds.",
                {"Retry-After": str(wait)},
            )
        return self.ready()

    def check_request(self, body: AskRequest) -> Filters:
        limit = self.settings.max_history
        if len(body.history) > limit:
            raise ApiError(422, f"Send at most {limit} earlier questions in 'history'.")
        if any(len(h) > self.settings.max_question_chars for h in body.history):
            raise ApiError(422, "An earlier question in 'history' is too long.")
        if self.settings.log_questions:
            # Personal data never reaches the log, even with question logging switched on.
            private = personal_data_in(body.question)
            shown = "[withheld: personal data]" if private else body.question
            log.info("question (%d earlier): %s", len(body.history), shown)
        f = body.filters or AskFilters()
        return Filters(
            kinds=tuple(f.kinds) if f.kinds else None,
            bodies=tuple(f.bodies) if f.bodies else None,
        )


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def admitted(request: Request, rt: Annotated[Runtime, Depends(runtime)]) -> Assistant:
    return rt.admit(request, bearer(request.headers.get("authorization")))


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

    from assistant.http.widget import router as embed_router  # the widget's pages use the above

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
