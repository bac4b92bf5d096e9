"""Shared fixtures: the real model, a real index built once per session, and no network.

Every test runs with outbound network connections refused, which proves the assistant never
downloads a model or phones home.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.config import REPO_ROOT, Settings
from assistant.embedding import Encoder, load_embeddings
from assistant.service import Assistant

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


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return Encoder(load_embeddings())


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
