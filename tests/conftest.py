"""Shared fixtures: the real model, a real index built once per session, and no network.

Every test runs with outbound network connections refused, which proves the assistant never
downloads a model or phones home.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import REPO_ROOT, Settings
from assistant.embedding import Encoder, load_embeddings
from assistant.service import Assistant
from tests.commands import Ran, run_command, sharing_model

KNOWLEDGE = REPO_ROOT / "knowledge"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)
        host = address[0] if isinstance(address, tuple) else str(address)
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"tests may not reach the network ({host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _private_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test writes into the checkout's data folder."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))


class RememberingEncoder(Encoder):
    """The real model, remembering each text's vector for the rest of the session.

    Many tests build an index of the same shipped documents, each in a folder of its own, so
    the builder's own reuse of vectors (which looks only at the previous version in the same
    folder) never applies across them. The model gives a text the same vector every time, so
    only the first build pays for embedding it; every text no test has embedded yet still goes
    through the model.
    """

    def __init__(self, embeddings: Embeddings) -> None:
        super().__init__(embeddings)
        self._seen: dict[str, np.ndarray] = {}
        self._seen_lock = threading.Lock()

    def documents(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if missing:
            vectors = super().documents(missing)
            with self._seen_lock:
                self._seen.update(zip(missing, vectors, strict=True))
        if not texts:
            return super().documents(texts)
        return np.stack([self._seen[t] for t in texts])


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return RememberingEncoder(load_embeddings())


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Settings:
    """Settings whose data folder holds an index of the shipped documents, built once."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("shared-index"), knowledge_dir=KNOWLEDGE)
    Assistant(settings, encoder).ingestor().build()
    return settings


@pytest.fixture(scope="session")
def assistant(built_settings: Settings, encoder: Encoder) -> Assistant:
    return Assistant(built_settings, encoder)


@pytest.fixture(scope="session")
def other_policy_settings(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Settings:
    """An index of the shipped documents plus one about another policy paper (the February
    2021 white paper), built once and only read by the tests that use it."""
    from assistant.ingest.documents import read_document
    from tests.documents import OTHER_POLICY_DOC, OTHER_POLICY_ID

    folder = tmp_path_factory.mktemp("other-policy")
    path = folder / f"{OTHER_POLICY_ID}.md"
    path.write_text(OTHER_POLICY_DOC, encoding="utf-8")
    settings = Settings(data_dir=folder / "data", knowledge_dir=KNOWLEDGE)
    Assistant(settings, encoder).ingestor().build([read_document(path)])
    return settings


@pytest.fixture(scope="session")
def other_policy_assistant(other_policy_settings: Settings, encoder: Encoder) -> Assistant:
    return Assistant(other_policy_settings, encoder)


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    """A private data folder with no index yet, for tests that change the index."""
    return Settings(data_dir=tmp_path / "own-data", knowledge_dir=KNOWLEDGE)


@pytest.fixture
def copied_settings(built_settings: Settings, tmp_path: Path) -> Settings:
    """A private, writable copy of the shared index of the shipped documents, for a test that
    changes the index but need not watch it being built from nothing (a copy takes a fraction
    of a second; a build, tens)."""
    data_dir = tmp_path / "copied-data"
    shutil.copytree(built_settings.data_dir, data_dir)
    return Settings(data_dir=data_dir, knowledge_dir=built_settings.knowledge_dir)


@pytest.fixture
def cli(encoder: Encoder) -> Iterator[Callable[..., Ran]]:
    """`cli(args, data_dir, stdin=None)`: a command run in this process with the session's
    model (tests/commands.py), for tests about what the command prints and returns."""
    with sharing_model(encoder):
        yield run_command
