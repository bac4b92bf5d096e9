"""Helpers for the API tests: settings for a test app, a real uvicorn server, SSE parsing."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from assistant.config import Settings


def api_settings(base: Settings, **overrides: Any) -> Settings:
    """The shared index's settings with API options changed (a generous rate limit unless set)."""
    values = {"data_dir": base.data_dir, "knowledge_dir": base.knowledge_dir}
    values.setdefault("rate_limit", "10000/minute")
    return Settings(**{**values, **overrides})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app: ASGIApp, port: int | None = None) -> Iterator[str]:
    """Run `app` on 127.0.0.1 with real uvicorn in a thread; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def sse_events(text: str) -> list[tuple[str, Any]]:
    """(event name, decoded JSON data) for each event of a text/event-stream body."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events
