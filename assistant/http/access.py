"""Who may use the HTTP API, and how much: signed tokens, origins, rate and size limits.

Intranet hosts that need access control mint short-lived tokens on their own server with a secret
they share with the assistant, so no long-lived key ever sits in a web page. A token is

    <expires>.<client>.<signature>

where `expires` is a Unix time in whole seconds, `client` names the user or session for rate
limiting (1-64 of A-Z a-z 0-9 _ -; never an email address or a name), and `signature` is
base64url, without padding, of HMAC-SHA256(secret, "<expires>.<client>"). `mint_token` is the
reference implementation; the README shows the same in a few lines for other host languages.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import re
import time
from urllib.parse import urlsplit

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CLIENT_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CLOCK_SKEW_SECONDS = 30


class TokenError(ValueError):
    """A token that cannot be accepted; the message is safe to show to the caller."""


def _sign(secret: str, message: str) -> str:
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def mint_token(secret: str, client: str, lifetime_seconds: int, now: float | None = None) -> str:
    """A token for `client`, valid for `lifetime_seconds`: what a host page's server does."""
    if not CLIENT_PATTERN.match(client):
        raise TokenError("client must be 1-64 letters, digits, '_' or '-'")
    expires = int((time.time() if now is None else now) + lifetime_seconds)
    message = f"{expires}.{client}"
    return f"{message}.{_sign(secret, message)}"


def read_token(token: str, secret: str, max_seconds: int, now: float | None = None) -> str:
    """The client a valid token names; TokenError says why any other token is refused.

    Tokens claiming to live longer than `max_seconds` are refused too, so a leaked token is
    useful for minutes, not months.
    """
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not CLIENT_PATTERN.match(parts[1]):
        raise TokenError("The access token is not in the expected form.")
    expires, client, signature = int(parts[0]), parts[1], parts[2]
    if not hmac.compare_digest(_sign(secret, f"{parts[0]}.{client}"), signature):
        raise TokenError("The access token is not valid.")
    now = time.time() if now is None else now
    if expires < now:
        raise TokenError("The access token has expired; reload the page.")
    if expires > now + max_seconds + CLOCK_SKEW_SECONDS:
        raise TokenError("The access token lives longer than this assistant allows.")
    return client


def bearer(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer ...` header, if there is one."""
    if header and header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def same_origin(origin: str, host: str | None) -> bool:
    """Whether a browser's Origin header names the server it is talking to (by host and port)."""
    return bool(host) and urlsplit(origin).netloc.lower() == str(host).lower()


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """Requests without an Origin (servers, curl, plain navigation) pass; browsers must match."""
    if origin is None:
        return True
    return origin.rstrip("/").lower() in allowed or same_origin(origin, host)


class RateLimiter:
    """A moving-window limit per client key; `limits` does the counting (in memory or Redis)."""

    def __init__(self, rate: str, storage_uri: str) -> None:
        self.item = parse(rate) if rate.strip() else None
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def retry_after(self, key: str) -> int | None:
        """None if the client may go ahead (and count it); else seconds until it may."""
        if self.item is None or self.limiter.hit(self.item, key):
            return None
        reset = self.limiter.get_window_stats(self.item, key).reset_time
        return max(1, math.ceil(reset - time.time()))


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413 before any route reads them.

    Counts what arrives rather than trusting Content-Length, so a chunked upload cannot slip by.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        await send_json_error(
            send, 413, f"The request is too large; the limit is {self.max_bytes:,} bytes."
        )


class OriginGuard:
    """Refuse, with 403, browser requests made by pages on origins not on the allow-list.

    CORS alone only stops a foreign page reading a response; this stops the request being
    answered at all, so other sites cannot spend the assistant's time or a user's rate limit.
    """

    def __init__(self, app: ASGIApp, allowed: list[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            origin = headers.get(b"origin")
            host = headers.get(b"host", b"").decode("latin-1")
            if origin is not None and not origin_allowed(
                origin.decode("latin-1"), host, self.allowed
            ):
                await send_json_error(send, 403, "Pages on this site may not use the assistant.")
                return
        await self.app(scope, receive, send)


async def send_json_error(send: Send, status: int, message: str) -> None:
    """A `{"error": ...}` response sent straight from ASGI middleware."""
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
