"""Server mode: the same code builds into and answers from a real `chroma run` on loopback.

The server is started here as a subprocess of the installed `chroma` command, so CI needs
nothing else. A two-document corpus keeps the embedding to seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.config import REPO_ROOT, Settings
from assistant.embedding import Encoder
from assistant.errors import IndexUnavailable
from assistant.index.versions import current_folder, read_pointer
from assistant.ingest.documents import read_document
from assistant.service import Assistant
from tests.servers import free_port

KNOWLEDGE = REPO_ROOT / "knowledge"
FIRST = "cfgs-update-on-integration-white-paper"
SECOND = "bhta-integration-white-paper"


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real Chroma server on 127.0.0.1 with its own storage folder, stopped afterwards."""
    port = free_port()
    storage = tmp_path_factory.mktemp("chroma-server")
    log = open(storage.parent / "chroma-server.log", "wb")  # closed in the finally below
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("chroma")),
            "run",
            "--path",
            str(storage / "data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                client(port).heartbeat()
                break
            except Exception:  # noqa: BLE001 (not listening yet)
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma run did not start; see chroma-server.log") from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def client(port: int) -> chromadb.ClientAPI:
    return chromadb.HttpClient(
        host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
    )


@pytest.fixture
def server_settings(tmp_path: Path, chroma_port: int) -> Settings:
    """A corpus of one shipped document, with its vectors on the Chroma server."""
    knowledge = tmp_path / "knowledge"
    (knowledge / "sources").mkdir(parents=True)
    for name in ("bodies.yaml", "topics.yaml"):
        shutil.copy(KNOWLEDGE / name, knowledge / name)
    shutil.copy(KNOWLEDGE / "sources" / f"{FIRST}.md", knowledge / "sources")
    return Settings(
        data_dir=tmp_path / "data",
        knowledge_dir=knowledge,
        chroma_host="127.0.0.1",
        chroma_port=chroma_port,
        keep_versions=1,
    )


def collections(port: int) -> set[str]:
    return {c.name for c in client(port).list_collections()}


def test_an_index_built_into_a_chroma_server_answers_from_it_and_prunes_old_versions(
    server_settings: Settings, encoder: Encoder
) -> None:
    port = server_settings.chroma_port
    assistant = Assistant(server_settings, encoder)
    report = assistant.ingestor().build()
    first = read_pointer(server_settings.index_dir)
    folder = current_folder(server_settings.index_dir)

    # The vectors are on the server, named after the version; the folder holds no Chroma.
    assert f"passages-{first}" in collections(port)
    assert not (folder / "chroma").exists()
    stored = client(port).get_collection(f"passages-{first}")
    assert stored.count() == report.passages
    assert stored.configuration["hnsw"]["space"] == "cosine"

    # Dense search through the server ranks passages as exact cosine similarity does.
    question = "What does the Centre for Governance and Scrutiny say about scrutiny committees?"
    index = assistant.index
    query = encoder.query(question)
    found = index.stores.dense(query, 5, None)
    exact = np.argsort(-(index.data.passage_vectors @ query))[:5]
    assert [pid for pid, _ in found] == [index.data.passages[i].id for i in exact]
    top = float(index.data.passage_vectors[exact[0]] @ query)
    assert found[0][1] == pytest.approx(top, abs=1e-4)

    answer = assistant.ask(question)
    assert answer.answerable
    assert {c.source_id for c in answer.citations} == {FIRST}

    # Adding a document makes a new collection, switches to it and drops the old one.
    added = read_document(KNOWLEDGE / "sources" / f"{SECOND}.md", {})
    assistant.ingestor().build([added])
    second = read_pointer(server_settings.index_dir)
    assert second != first
    assert collections(port) >= {f"passages-{second}"}
    assert f"passages-{first}" not in collections(port)
    answer = assistant.ask("What did the British Healthcare Trades Association say?")
    assert SECOND in {c.source_id for c in answer.citations}


def test_an_unreachable_chroma_server_is_reported_in_one_line(
    built_settings: Settings, encoder: Encoder
) -> None:
    settings = Settings(
        data_dir=built_settings.data_dir,
        knowledge_dir=built_settings.knowledge_dir,
        chroma_host="127.0.0.1",
        chroma_port=free_port(),  # nothing listens there
    )
    with pytest.raises(IndexUnavailable, match=r"^the Chroma server at 127\.0\.0\.1:\d+ cannot"):
        Assistant(settings, encoder).index  # noqa: B018 (opening the index is the act)
