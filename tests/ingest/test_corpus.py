"""Managing the corpus from the command line: a new response is answerable at once and cited by
paragraph; the same file twice changes nothing; sources lists what is held; remove takes one
out; the official text is preferred to the digest; a failed change leaves everything as it was.

The index is a copy of the session's shared one, so only the new documents are embedded.
`_cli` starts a real `python -m assistant`; `cli` runs the command in this process with the
session's model (tests/commands.py), where what matters is what the command does and prints.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.errors import SourceError
from assistant.index.versions import read_pointer
from assistant.ingest.corpus import plan_change
from assistant.ingest.documents import read_document
from assistant.ingest.duplicates import DuplicateError
from assistant.service import Assistant
from tests.commands import Ran, run_command, sharing_model
from tests.documents import GOVUK_PAGE, PAPER_PAGES, pdf_bytes


def _cli(args: list[str], data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env={**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("incoming")
    response = folder / "care-homes-response.html"
    response.write_text(GOVUK_PAGE, encoding="utf-8")
    paper = folder / "official-paper.pdf"
    paper.write_bytes(pdf_bytes(PAPER_PAGES, title="Joining up care: test paper"))
    return {"response": response, "paper": paper}


@pytest.fixture(scope="module")
def grown(
    built_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    files: dict[str, Path],
    encoder: Encoder,
) -> tuple[Path, subprocess.CompletedProcess]:
    """A data folder holding the shipped index plus the two files, added with one command each
    (the paper by a real process, whose result the first test reads)."""
    data_dir = tmp_path_factory.mktemp("grown") / "data"
    shutil.copytree(built_settings.data_dir, data_dir)
    with sharing_model(encoder):
        added = run_command(["ingest", str(files["response"]), "--kind", "response"], data_dir)
    assert added.returncode == 0, added.stderr
    result = _cli(["ingest", str(files["paper"]), "--kind", "white-paper"], data_dir)
    return data_dir, result


def test_added_files_are_listed_with_their_kind_passages_and_date_added(
    grown: tuple[Path, subprocess.CompletedProcess],
) -> None:
    data_dir, ingested = grown
    assert ingested.returncode == 0, ingested.stderr
    assert "Added: official-paper" in ingested.stdout
    listed = _cli(["sources", "--json"], data_dir)
    assert listed.returncode == 0, listed.stderr
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    response, paper = rows["care-homes-response"], rows["official-paper"]
    assert response["kind"] == "response" and paper["kind"] == "white-paper"
    assert response["publisher"] == "Federation of Test Care Homes"
    assert response["passages"] > 0 and paper["passages"] > 0
    assert response["added"] == paper["added"] == time.strftime("%Y-%m-%d")
    assert (
        rows["white-paper-digest"]["kind"] == "digest"
        and rows["white-paper-digest"]["added"] is None
    )
    table = _cli(["sources"], data_dir).stdout
    assert "official-paper" in table and "shipped" in table


def test_a_new_response_is_answerable_at_once_and_cited_by_paragraph(
    grown: tuple[Path, subprocess.CompletedProcess], cli: Callable[..., Ran]
) -> None:
    data_dir, _ = grown
    result = cli(
        ["ask", "--json", "What do care homes say about night-time nursing cover?"], data_dir
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answerable"]
    ours = [c for c in answer["citations"] if c["source_id"] == "care-homes-response"]
    assert ours, answer["citations"]
    assert any(c["section"].endswith("paragraph 2.3") for c in ours)
    plain = cli(["ask", "What do care homes say about night-time nursing cover?"], data_dir)
    assert "2. Night-time cover, paragraph 2." in plain.stdout  # the Sources list names it


def test_answers_prefer_the_official_text_to_the_digest(
    grown: tuple[Path, subprocess.CompletedProcess], encoder: Encoder
) -> None:
    data_dir, _ = grown
    assistant = Assistant(Settings(data_dir=data_dir), encoder)
    answer = assistant.ask("What does the white paper say about shared records?")
    kinds = [c.kind for c in answer.citations]
    assert "white-paper" in kinds and "digest" not in kinds
    official = next(c for c in answer.citations if c.kind == "white-paper")
    assert official.section and official.section.startswith("Chapter 4: Records, paragraph 4.")
    assert "The white paper:" in answer.answer


def test_the_same_file_again_changes_nothing(
    grown: tuple[Path, subprocess.CompletedProcess], files: dict[str, Path]
) -> None:
    data_dir, _ = grown
    before = read_pointer(data_dir / "index")
    again = _cli(["ingest", str(files["response"]), "--kind", "response"], data_dir)
    assert again.returncode == 0, again.stderr
    assert "Already held, unchanged: care-homes-response" in again.stdout
    assert "nothing to do" in again.stdout
    assert read_pointer(data_dir / "index") == before


def test_remove_takes_one_document_out_and_a_rebuild_does_not_bring_it_back(
    grown: tuple[Path, subprocess.CompletedProcess],
    tmp_path: Path,
    encoder: Encoder,
    cli: Callable[..., Ran],
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(grown[0], data_dir)
    refused = _cli(["remove", "white-paper-digest"], data_dir)
    assert refused.returncode == 2 and "shipped" in refused.stderr
    unknown = cli(["remove", "no-such-document"], data_dir)
    assert unknown.returncode == 2 and "there is no document" in unknown.stderr
    removed = cli(["remove", "care-homes-response"], data_dir)
    assert removed.returncode == 0, removed.stderr
    assert "Removed: care-homes-response" in removed.stdout
    assert not (data_dir / "documents" / "care-homes-response.md").exists()
    assistant = Assistant(Settings(data_dir=data_dir), encoder)
    ids = {s.id for s in assistant.sources()}
    assert "care-homes-response" not in ids and "official-paper" in ids
    assert assistant.ingestor().build().changed is False


def test_a_failed_replacement_keeps_the_previous_copy_and_index(
    grown: tuple[Path, subprocess.CompletedProcess],
    tmp_path: Path,
    encoder: Encoder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(grown[0], data_dir)
    kept = data_dir / "documents" / "care-homes-response.md"
    previous = kept.read_text(encoding="utf-8")
    before = read_pointer(data_dir / "index")
    changed = tmp_path / "care-homes-response.html"
    changed.write_text(GOVUK_PAGE.replace("eight in the evening", "nine at night"), "utf-8")

    def crash(*_: object, **__: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("assistant.ingest.builder.write_stores", crash)
    with pytest.raises(RuntimeError):
        Assistant(Settings(data_dir=data_dir), encoder).ingestor().build(
            [read_document(changed, {"kind": "response"})]
        )
    assert kept.read_text(encoding="utf-8") == previous
    assert read_pointer(data_dir / "index") == before
    assert sorted(p.name for p in kept.parent.iterdir()) == sorted(
        p.name for p in (grown[0] / "documents").iterdir()
    )


def test_a_change_is_planned_by_content_hash(tmp_path: Path) -> None:
    def doc(name: str, text: str) -> object:
        path = tmp_path / name
        path.write_text(f"---\ntitle: T\nkind: response\n---\n{text}\n", encoding="utf-8")
        return read_document(path)

    first = doc("a.md", "Carers need a break.")
    held = plan_change([], [first], [doc("a.md", "Carers need a break.")])
    assert held.unchanged == ("a",) and not held.keep
    with pytest.raises(DuplicateError, match="'b' is the same text as 'a'"):
        plan_change([], [first], [doc("b.md", "Carers need a break.")])
    edited = plan_change(
        [], [first], [doc("a.md", "Carers need a longer break.")], today="2026-01-02"
    )
    assert edited.replaced == ("a",) and edited.sources["a"].added == "2026-01-02"
    with pytest.raises(SourceError, match="shipped"):
        plan_change([first], [], [doc("a.md", "Something else.")])
