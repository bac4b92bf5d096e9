"""The HTTP API: answers as JSON or server-sent events, sources, positions, health, the widget.

Stateless by design: the client sends its earlier questions with each request, so any number of
workers behind a load balancer can answer any request. Every error is `{"error": "one line"}`
with a fitting status; nothing internal (stack traces, paths) reaches a response.
`python -m assistant serve` runs it; the README's "Embedding" section documents it.

The routes live beside this file, one module a concern (routes_health, routes_answers,
routes_documents, widget); `create_app` builds the app, installs the error handlers and the
middleware, and includes them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from assistant.config import Settings
from assistant.http import routes_answers, routes_documents, routes_health, widget
from assistant.http.access import BodyLimit, OriginGuard
from assistant.http.runtime import ApiError, Runtime
from assistant.service import Assistant

log = logging.getLogger("assistant.http.app")


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
    _install_error_handlers(app)
    for router in (
        routes_health.router,
        routes_answers.router,
        routes_documents.router,
        widget.router,
    ):
        app.include_router(router)
    _install_middleware(app, settings)
    return app


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _first_problem(exc: RequestValidationError) -> str:
    problem = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body")
    return f"{where}: {problem.get('msg', 'not valid')}" if where else "The request is not valid."


def _install_error_handlers(app: FastAPI) -> None:
    """Every error as `{"error": "one line"}`; nothing internal reaches a response."""

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


def _install_middleware(app: FastAPI, settings: Settings) -> None:
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
