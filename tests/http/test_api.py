"""The HTTP API against the real index: every endpoint, error and limit, through httpx."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.http.access import mint_token
from assistant.http.app import create_app
from assistant.models import SOURCE_KINDS, STANCES
from assistant.service import Assistant
from tests.servers import api_settings, free_port, sse_events

HOST = "http://intranet.test"
QUESTION = "What do councils think of pooled budgets?"
SECRET = "shared-secret-for-tests"  # noqa: S105 (a test value, not a credential)


@pytest.fixture(scope="module")
def client(built_settings: Settings, assistant: Assistant) -> TestClient:
    app = create_app(api_settings(built_settings, allowed_origins=[HOST]), assistant)
    with TestClient(app) as c:
        yield c


def _client(built_settings: Settings, assistant: Assistant, **overrides: object) -> TestClient:
    return TestClient(create_app(api_settings(built_settings, **overrides), assistant))


# ------------------------------------------------------------------------------------ answers
def test_ask_returns_the_answer_json_with_verbatim_cited_quotes(
    client: TestClient, assistant: Assistant
) -> None:
    response = client.post("/v1/ask", json={"question": QUESTION})
    assert response.status_code == 200
    answer = response.json()
    assert {"question", "answerable", "mode", "answer", "citations", "positions"} <= set(answer)
    assert answer["answerable"] and answer["citations"]
    texts = {s.id: s.text for s in assistant.sources()}
    for c in answer["citations"]:
        assert texts[c["source_id"]][c["start"] : c["end"]] == c["quote"]
        assert f"[{c['n']}]" in answer["answer"]
    for p in answer["positions"]:
        assert p["stance"] in STANCES


def test_filters_restrict_the_kinds_of_source_quoted(client: TestClient) -> None:
    kinds = ["white-paper", "digest"]
    response = client.post(
        "/v1/ask", json={"question": "What is a place?", "filters": {"kinds": kinds}}
    )
    assert response.status_code == 200
    assert {c["kind"] for c in response.json()["citations"]} <= set(kinds)


def test_history_is_accepted_and_the_server_keeps_no_conversation(client: TestClient) -> None:
    follow_up = {"question": "And what about the LGA?", "history": [QUESTION]}
    first = client.post("/v1/ask", json=follow_up).json()
    again = client.post("/v1/ask", json=follow_up).json()
    assert first["answer"] == again["answer"]  # the same request, the same answer: no state


def test_stream_sends_the_answer_line_by_line_then_the_whole_answer(client: TestClient) -> None:
    with client.stream("POST", "/v1/ask/stream", json={"question": QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.read().decode())
    names = [name for name, _ in events]
    assert names[-1] == "answer" and set(names[:-1]) == {"text"}
    final = events[-1][1]
    assert "".join(data["text"] for _, data in events[:-1]) == final["answer"]
    assert final == {
        **client.post("/v1/ask", json={"question": QUESTION}).json(),
        "timings_ms": final["timings_ms"],
    }


def test_sources_lists_every_document_without_its_text(
    client: TestClient, assistant: Assistant
) -> None:
    rows = client.get("/v1/sources").json()
    assert {r["id"] for r in rows} == {s.id for s in assistant.sources()}
    assert all("text" not in r and r["kind"] in SOURCE_KINDS and r["characters"] > 0 for r in rows)


def test_positions_can_be_filtered_by_topic_and_body(client: TestClient) -> None:
    every = client.get("/v1/positions").json()
    for row in every:
        assert row["stance"] in STANCES and 0 <= row["strength"] <= 1
        assert all(s["quote"] for s in row["statements"])
    topic = every[0]["topic"] if every else "funding"
    by_topic = client.get("/v1/positions", params={"topic": topic}).json()
    assert by_topic == [r for r in every if r["topic"] == topic]
    if every:
        body = every[0]["body"]
        both = client.get("/v1/positions", params={"topic": topic, "body": body}).json()
        assert both and all(r["body"] == body and r["topic"] == topic for r in both)
    assert client.get("/v1/positions", params={"body": "No Such Body"}).json() == []


def test_an_unknown_topic_is_refused_with_the_known_ones(client: TestClient) -> None:
    response = client.get("/v1/positions", params={"topic": "weather"})
    assert response.status_code == 422
    assert "pooled-budgets" in response.json()["error"]


# ------------------------------------------------------------------------------------- health
def test_ready_once_the_index_is_open(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["index_version"]


def test_not_ready_while_loading_or_without_an_index(
    built_settings: Settings, fresh_settings: Settings, encoder: Encoder
) -> None:
    loading = TestClient(create_app(api_settings(built_settings)))  # no lifespan: never loads
    assert loading.get("/healthz").status_code == 200
    response = loading.get("/readyz")
    assert response.status_code == 503 and response.json()["status"] == "starting"
    assert loading.post("/v1/ask", json={"question": QUESTION}).status_code == 503

    empty = TestClient(create_app(fresh_settings, Assistant(fresh_settings, encoder)))
    response = empty.get("/readyz")
    assert response.status_code == 503
    assert (
        "ingest" in response.json()["error"] and str(fresh_settings.data_dir) not in response.text
    )
    answer = empty.post("/v1/ask", json={"question": QUESTION})
    assert answer.status_code == 503 and answer.headers["retry-after"]


# ------------------------------------------------------------------------- errors and limits
@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"question": "   "}, "type a question"),
        ({"question": "x" * 2001}, "2,000 characters"),
        ({"question": "?!"}, "in words"),
        ({}, "question"),
        ({"question": "What is a place?", "colour": "red"}, "colour"),
        ({"question": "What is a place?", "filters": {"kinds": ["blog"]}}, "kinds"),
        ({"question": "What is a place?", "history": ["q"] * 11}, "at most 10"),
        ({"question": "What is a place?", "history": ["x" * 2001]}, "too long"),
    ],
)
def test_unusable_requests_get_a_422_with_one_plain_line(
    client: TestClient, body: dict, words: str
) -> None:
    for path in ("/v1/ask", "/v1/ask/stream"):
        response = client.post(path, json=body)
        assert response.status_code == 422
        error = response.json()["error"]
        assert words in error and "\n" not in error and "Traceback" not in error


def test_malformed_json_is_a_422(client: TestClient) -> None:
    response = client.post(
        "/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and "error" in response.json()


def test_a_large_body_is_refused_with_413_before_it_is_read(client: TestClient) -> None:
    huge = {"question": "What is a place?", "history": ["x" * 40_000]}
    response = client.post("/v1/ask", json=huge)
    assert response.status_code == 413 and "32,768 bytes" in response.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b"x" * 5000

    response = client.post(
        "/v1/ask", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_too_many_requests_get_429_with_retry_after(
    built_settings: Settings, assistant: Assistant
) -> None:
    c = _client(built_settings, assistant, rate_limit="2/minute")
    assert [c.get("/v1/sources").status_code for _ in range(2)] == [200, 200]
    refused = c.get("/v1/sources")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert "wait" in refused.json()["error"]
    assert c.get("/healthz").status_code == 200  # health checks are never limited


def test_unexpected_failures_say_nothing_internal(
    built_settings: Settings, assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> list:
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(assistant, "sources", broken)
    c = TestClient(
        create_app(api_settings(built_settings), assistant), raise_server_exceptions=False
    )
    response = c.get("/v1/sources")
    assert response.status_code == 500
    assert response.json() == {"error": "Something went wrong; please try again."}


def test_unknown_paths_are_json_404s(client: TestClient) -> None:
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404 and response.json()["error"]


# ------------------------------------------------------------------------- origins and tokens
def test_cors_allows_only_listed_origins(client: TestClient) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options("/v1/ask", headers={"Origin": HOST, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == HOST
    other = client.options("/v1/ask", headers={"Origin": "http://elsewhere.test", **preflight})
    assert "access-control-allow-origin" not in other.headers

    answered = client.get("/v1/sources", headers={"Origin": HOST})
    assert answered.status_code == 200 and answered.headers["access-control-allow-origin"] == HOST
    refused = client.post(
        "/v1/ask", json={"question": QUESTION}, headers={"Origin": "http://elsewhere.test"}
    )
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers


def test_no_origin_is_allowed_by_default(built_settings: Settings, assistant: Assistant) -> None:
    c = _client(built_settings, assistant)
    assert c.get("/v1/sources", headers={"Origin": HOST}).status_code == 403
    assert c.get("/v1/sources").status_code == 200  # servers and scripts send no Origin
    frame = c.get("/embed").headers["content-security-policy"]
    assert "frame-ancestors 'self'" in frame and HOST not in frame


def test_the_embed_page_may_be_framed_only_by_listed_origins(client: TestClient) -> None:
    policy = client.get("/embed").headers["content-security-policy"]
    assert f"frame-ancestors 'self' {HOST}" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_tokens_are_required_when_a_secret_is_set(
    built_settings: Settings, assistant: Assistant
) -> None:
    secret = SECRET
    c = _client(built_settings, assistant, token_secret=secret, token_max_seconds=300)
    now = time.time()

    def status(token: str | None) -> tuple[int, str]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = c.get("/v1/sources", headers=headers)
        return r.status_code, r.json().get("error", "") if r.status_code != 200 else ""

    assert status(None)[0] == 401
    assert status(mint_token(secret, "officer-1", 120))[0] == 200
    assert status(mint_token("another-secret", "officer-1", 120)) == (
        401,
        "The access token is not valid.",
    )
    assert "expired" in status(mint_token(secret, "officer-1", -10, now))[1]
    assert "longer" in status(mint_token(secret, "officer-1", 86_400, now))[1]
    forged = mint_token(secret, "officer-1", 120).replace("officer-1", "officer-2")
    assert status(forged)[0] == 401
    assert status("not-a-token")[0] == 401
    assert c.get("/healthz").status_code == 200 and c.get("/embed").status_code == 200


def test_each_token_client_has_its_own_rate_limit(
    built_settings: Settings, assistant: Assistant
) -> None:
    secret = SECRET
    c = _client(built_settings, assistant, token_secret=secret, rate_limit="1/minute")

    def get(client_id: str) -> int:
        token = mint_token(secret, client_id, 120)
        return c.get("/v1/sources", headers={"Authorization": f"Bearer {token}"}).status_code

    assert [get("team-a"), get("team-a"), get("team-b")] == [200, 429, 200]


# ---------------------------------------------------------------------------- logging
def test_questions_are_logged_only_when_switched_on(
    built_settings: Settings, assistant: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    marker = "What does Zanzibar think of pooled budgets?"
    caplog.set_level(logging.DEBUG)
    _client(built_settings, assistant).post("/v1/ask", json={"question": marker})
    assert marker not in caplog.text
    _client(built_settings, assistant, log_questions=True).post(
        "/v1/ask", json={"question": marker}
    )
    assert marker in caplog.text


# ------------------------------------------------------------------- the page without JavaScript
def test_the_embed_form_answers_without_javascript(client: TestClient) -> None:
    page = client.get(
        "/embed", params={"title": "Ask the policy team", "starter": ["What is a place?"]}
    )
    assert page.status_code == 200 and "Ask the policy team" in page.text
    assert 'name="ask_starter" value="What is a place?"' in page.text
    form = {"question": QUESTION, "history": ["What is a place?"], "title": "Ask the policy team"}
    answered = client.post("/embed", data=form)
    assert answered.status_code == 200
    html = answered.text
    assert "Answer ready" in html and 'id="wpa-turn-2-source-1"' in html
    assert html.count('name="history"') == 2  # the new question joins the conversation
    assert "Chat history" in html and "New messages" in html


def test_the_embed_form_shows_errors_prefixed_and_keeps_the_draft(client: TestClient) -> None:
    response = client.post("/embed", data={"question": "x" * 2500})
    assert response.status_code == 422
    assert "<title>Error: " in response.text
    assert '<span class="wpa-visually-hidden">Error:</span>' in response.text
    assert "x" * 2500 in response.text


def test_markup_in_a_question_is_shown_as_text(client: TestClient) -> None:
    attack = '<img src=x onerror="alert(1)"> and pooled budgets?'
    html = client.post("/embed", data={"question": attack}).text
    assert "<img" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def test_the_page_without_javascript_shows_where_bodies_stand(
    client: TestClient, assistant: Assistant
) -> None:
    answer = assistant.ask(QUESTION)
    html = client.post("/embed", data={"question": QUESTION}).text
    assert ("Where bodies stand" in html) == bool(answer.positions)
    for position in answer.positions:
        assert position.body.replace("&", "&amp;") in html


# ------------------------------------------------------------------------- the serve command
def test_python_m_assistant_serve_runs_the_api_and_becomes_ready(built_settings: Settings) -> None:
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(built_settings.data_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        statuses = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                statuses.append(httpx.get(f"http://127.0.0.1:{port}/readyz").status_code)
            except httpx.TransportError:
                pass
            if statuses and statuses[-1] == 200:
                break
            time.sleep(0.25)
        assert statuses and statuses[-1] == 200
        assert 503 in statuses  # not ready while the model loads, but already answering
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/ask", json={"question": QUESTION}, timeout=60
        )
        assert answer.status_code == 200 and answer.json()["citations"]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert QUESTION not in output  # questions are not logged by default


@pytest.mark.parametrize("limit", [0, 2])
def test_the_page_without_javascript_carries_only_the_latest_questions(
    built_settings: Settings, assistant: Assistant, limit: int
) -> None:
    c = _client(built_settings, assistant, max_history=limit)
    earlier = ["What is a place?", "What are shared outcomes?", "Who is accountable?"]
    html = c.post("/embed", data={"question": QUESTION, "history": earlier}).text
    carried = [*earlier, QUESTION][-limit:] if limit else []
    assert html.count('name="history"') == len(carried)
    for question in carried:
        assert f'name="history" value="{question}"' in html
