"""Faults during ingest and damage to the index: the previous index keeps answering, nothing
is lost, and every failure is one plain line with the command that fixes it.

What is killed, starved of disk or asked of a damaged index is a real `python -m assistant`
process; the ingest that recovers afterwards runs in this process (`cli`), since what it shows
is the command's effect, not a process starting.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.index.versions import read_pointer
from assistant.ingest.documents import read_document
from assistant.service import Assistant
from tests.commands import Ran

QUESTION = "What do the bodies think about pooled budgets?"
NEW_DOCUMENT = (
    "---\ntitle: Carers on the plans\npublisher: Carers Trust\nkind: response\n"
    "speaks_for: Carers Trust\ndate: 2022-02-15\n---\n"
    "Carers Trust said unpaid carers are missing from the plans for shared outcomes. "
    "We are concerned that carers will not be consulted on pooled budgets.\n"
)


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}


def _cli(args: list[str], data_dir: Path, **kwargs: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )


@pytest.fixture
def served(copied_settings: Settings, tmp_path: Path) -> Settings:
    """A private index of the shipped documents, and a new document waiting to be added."""
    (tmp_path / "carers.md").write_text(NEW_DOCUMENT, encoding="utf-8")
    return copied_settings


def _answers_from(settings: Settings, encoder: Encoder) -> str:
    """The index version a brand-new reader answers from (it must answer)."""
    answer = Assistant(settings, encoder).ask(QUESTION)
    assert answer.answerable and answer.citations
    return answer.index_version or ""


@pytest.mark.parametrize("stage", ["Splitting", "Embedding", "Writing the index"])
def test_an_ingest_killed_at_any_stage_leaves_the_old_index_answering(
    served: Settings, encoder: Encoder, tmp_path: Path, stage: str, cli: Callable[..., Ran]
) -> None:
    before = _answers_from(served, encoder)
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", str(tmp_path / "carers.md")],
        env=_env(served.data_dir),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(stage):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=300)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL, f"never reached {stage!r}"
    assert _answers_from(served, encoder) == before
    rerun = cli(["ingest", str(tmp_path / "carers.md")], served.data_dir)
    assert rerun.returncode == 0, rerun.stderr
    after = Assistant(served, encoder)
    assert after.ask(QUESTION).index_version != before
    assert any(s.id == "carers" for s in after.sources())
    assert not list(served.index_dir.glob(".building-*"))


def test_a_full_disk_fails_the_ingest_in_one_line_and_changes_nothing(
    served: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    before = read_pointer(served.index_dir)
    used = sum(f.stat().st_size for f in served.data_dir.rglob("*") if f.is_file())

    def small_disk() -> None:  # runs in the child: files may not grow past what is there now
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (used // 8, used // 8))

    result = _cli(
        ["ingest", str(tmp_path / "carers.md")], served.data_dir, preexec_fn=small_disk
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.strip().endswith(errors[0])  # after the progress lines, one reason
    assert "Traceback" not in result.stderr
    assert read_pointer(served.index_dir) == before
    assert not (served.data_dir / "documents" / "carers.md").exists()
    assert not list(served.index_dir.glob(".building-*"))
    assert _answers_from(served, encoder)


@pytest.mark.parametrize(
    "damage",
    ["delete the version", "truncate passages", "corrupt chroma", "delete bm25", "bad pointer"],
)
def test_a_damaged_index_gives_one_line_and_the_rebuild_command(
    served: Settings, encoder: Encoder, damage: str, cli: Callable[..., Ran]
) -> None:
    folder = served.index_dir / (read_pointer(served.index_dir) or "")
    if damage == "delete the version":
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    elif damage == "truncate passages":
        path = folder / "passages.jsonl"
        path.write_text(path.read_text(encoding="utf-8")[:500], encoding="utf-8")
    elif damage == "corrupt chroma":
        for path in (folder / "chroma").rglob("*.sqlite3"):
            path.write_bytes(b"this is not a database" * 100)
    elif damage == "delete bm25":
        subprocess.run(["rm", "-rf", str(folder / "bm25")], check=True)
    else:
        (served.index_dir / "CURRENT").write_text("../../etc\n", encoding="utf-8")
    result = _cli(["ask", QUESTION], served.data_dir)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "python -m assistant ingest" in result.stderr
    assert "Traceback" not in result.stderr
    rebuilt = cli(["ingest"], served.data_dir)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _answers_from(served, encoder)


def test_readers_never_see_a_half_switched_index_while_ingest_runs(
    served: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    assistant = Assistant(served, encoder)
    before = assistant.ask(QUESTION).index_version
    errors: list[BaseException] = []
    versions: set[str | None] = set()
    done = threading.Event()

    def ask_repeatedly() -> None:
        while not done.is_set():
            try:
                answer = assistant.ask(QUESTION)
                sources = {s.id: s.text for s in assistant.sources()}
                for c in answer.citations:
                    assert c.source_id in sources
                versions.add(answer.index_version)
            except BaseException as exc:  # noqa: BLE001 (any failure is the finding)
                errors.append(exc)
            time.sleep(0.01)

    readers = [threading.Thread(target=ask_repeatedly) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        Assistant(served, encoder).ingestor().build([read_document(tmp_path / "carers.md")])
        deadline = time.monotonic() + 30
        while len(versions) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        done.set()
        for reader in readers:
            reader.join()
    assert not errors, errors[:3]
    assert before in versions and len(versions) == 2
