"""What one API process holds, and the checks every request passes before it is answered.

The routes (assistant/http/routes_*.py) and the widget (widget.py) share these; `create_app`
(app.py) puts one Runtime on `app.state`. An ApiError is what a client sees: a status, one plain
line and any headers it needs.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated

from fastapi import Depends, Request

from assistant.config import Settings
from assistant.errors import IndexUnavailable
from assistant.http.access import RateLimiter, TokenError, bearer, read_token
from assistant.http.schemas import AskFilters, AskRequest
from assistant.models import Filters
from assistant.privacy import personal_data_in
from assistant.service import Assistant, build_assistant, topic_labels

# The API's log lines keep the name they have always had, so logging set up for them still works.
log = logging.getLogger("assistant.http.app")

NOT_BUILT = "No index has been built yet; run 'python -m assistant ingest'."


class ApiError(Exception):
    """An error a client should see: status, one plain line, and any headers it needs."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class Runtime:
    """What one API process holds: settings, the assistant (once loaded), the rate limiter."""

    def __init__(self, settings: Settings, assistant: Assistant | None) -> None:
        self.settings = settings
        self.assistant = assistant
        self.load_failed = False
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_limit_storage)
        self.topics = topic_labels(settings)

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
