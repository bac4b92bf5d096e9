"""A document whose text is already held is never counted twice.

The same page under another name, a copy from another site with its own menus and an edited
line, or an excerpt of it, is refused with one line naming the held document, and nothing
changes; a longer copy replaces the shorter one; a different document on the same subject is
added. Builds are real (the shipped index, copied, plus the documents written here); the
responses are fictional.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import REPO_ROOT, Settings
from assistant.embedding import Encoder
from assistant.index.versions import read_pointer
from assistant.ingest.documents import read_document, read_folder
from assistant.ingest.duplicates import DuplicateError, relation, words
from assistant.models import Source
from assistant.service import Assistant

FRONT = '---\ntitle: "{title}"\npublisher: "Wexcombe Carers Alliance"\nkind: response\n---\n'
PARAGRAPHS = [
    "The Wexcombe Carers Alliance welcomes the ambition of the integration white paper to join "
    "up care around the people who use it, and around the family members who hold it together.",
    "Unpaid carers in Wexcombe provide more care each week than the county's paid home care "
    "workforce, yet the white paper mentions them only in passing and sets no outcome for them.",
    "We ask that every place board publishes a shared outcome for carers' breaks, measured by "
    "the number of carers who had a week away from caring in the past year.",
    "Pooled budgets will not help carers unless the money for short breaks is protected inside "
    "them; in our county the respite budget has fallen by a third since 2015.",
    "The single accountable person for each place should meet carers' groups twice a year and "
    "answer their questions in public, so that accountability means something to families.",
    "We are concerned that the timetable leaves little room for carers to be heard before the "
    "new arrangements begin in 2023, and we would welcome an early meeting with the department.",
]
MORE = [
    "Our survey of 412 carers found that two in three had not had a night off in the past year, "
    "and that most did not know who to ask about a carers' assessment.",
    "Wexcombe's hospitals discharge patients to the care of relatives without asking whether "
    "those relatives can cope, and readmissions follow within weeks.",
    "The alliance will publish a guide for place boards in the spring, setting out what good "
    "support for carers looks like and how it can be measured locally.",
]


def _write(folder: Path, name: str, title: str, paragraphs: list[str], extra: str = "") -> Path:
    path = folder / name
    path.write_text(FRONT.format(title=title) + extra + "\n\n".join(paragraphs) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def held(
    built_settings: Settings, tmp_path_factory: pytest.TempPathFactory, encoder: Encoder
) -> tuple[Settings, Path]:
    """The shipped index plus the alliance's response, added once; and a folder for copies."""
    data_dir = tmp_path_factory.mktemp("dup") / "data"
    shutil.copytree(built_settings.data_dir, data_dir)
    settings = Settings(data_dir=data_dir, knowledge_dir=built_settings.knowledge_dir)
    incoming = tmp_path_factory.mktemp("incoming")
    response = _write(incoming, "wexcombe-response.md", "Carers first", PARAGRAPHS)
    report = Assistant(settings, encoder).ingestor().build([read_document(response)])
    assert report.added == ("wexcombe-response",)
    return settings, incoming


def _refused(settings: Settings, encoder: Encoder, path: Path, match: str) -> None:
    """Adding `path` raises a one-line DuplicateError naming the held response; nothing moves."""
    before = read_pointer(settings.index_dir)
    kept = sorted(p.name for p in (settings.data_dir / "documents").iterdir())
    with pytest.raises(DuplicateError, match=match) as refused:
        Assistant(settings, encoder).ingestor().build([read_document(path)])
    assert "'wexcombe-response'" in str(refused.value) and "\n" not in str(refused.value)
    assert read_pointer(settings.index_dir) == before
    assert sorted(p.name for p in (settings.data_dir / "documents").iterdir()) == kept


def test_the_same_text_under_another_name_is_refused_from_the_command_line(
    held: tuple[Settings, Path],
) -> None:
    settings, incoming = held
    copy = _write(incoming, "carers-first-saved.md", "Carers first (saved page)", PARAGRAPHS)
    before = read_pointer(settings.index_dir)
    result = subprocess.run(  # noqa: S603 (the project's own CLI)
        [sys.executable, "-m", "assistant", "ingest", str(copy)],
        env={**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: 'carers-first-saved' is the same text as 'wexcombe-response' (“Carers first”), "
        "which is already held; nothing was changed"
    ]
    assert read_pointer(settings.index_dir) == before


def test_a_copy_with_other_menus_and_an_edited_line_is_refused(
    held: tuple[Settings, Path], encoder: Encoder
) -> None:
    settings, incoming = held
    edited = [p.replace("twice a year", "every quarter") for p in PARAGRAPHS]
    menus = "Home | News | Campaigns | Donate\nSkip to main content\n\n"
    copy = _write(incoming, "alliance-news.md", "Alliance news", edited, extra=menus)
    _refused(settings, encoder, copy, "is the same text as")


def test_a_shorter_excerpt_is_refused(held: tuple[Settings, Path], encoder: Encoder) -> None:
    settings, incoming = held
    excerpt = [*PARAGRAPHS[:2], PARAGRAPHS[2][:60] + " [...]"]
    _refused(settings, encoder, _write(incoming, "excerpt.md", "Excerpt", excerpt), "part of")


def test_a_longer_copy_replaces_the_shorter_one(
    held: tuple[Settings, Path], encoder: Encoder, tmp_path: Path
) -> None:
    settings, incoming = held
    data_dir = tmp_path / "data"
    shutil.copytree(settings.data_dir, data_dir)
    own = Settings(data_dir=data_dir, knowledge_dir=settings.knowledge_dir)
    longer = _write(incoming, "wexcombe-full.md", "Carers first (full)", PARAGRAPHS + MORE)
    assistant = Assistant(own, encoder)
    report = assistant.ingestor().build([read_document(longer)])
    assert report.superseded == (("wexcombe-response", "wexcombe-full"),)
    assert report.added == ("wexcombe-full",)
    ids = {s.id for s in assistant.sources()}
    assert "wexcombe-full" in ids and "wexcombe-response" not in ids
    assert [p.name for p in (data_dir / "documents").iterdir()] == ["wexcombe-full.md"]


def test_a_different_document_on_the_same_subject_is_added(
    held: tuple[Settings, Path], encoder: Encoder, tmp_path: Path
) -> None:
    """A council's response on carers and pooled budgets, quoting one of the alliance's lines."""
    settings, incoming = held
    data_dir = tmp_path / "data"
    shutil.copytree(settings.data_dir, data_dir)
    own = Settings(data_dir=data_dir, knowledge_dir=settings.knowledge_dir)
    council = [
        "Wexcombe County Council supports the integration white paper's ambition to join up "
        "care around people, and agrees that carers deserve more attention than it gives them.",
        f"The Wexcombe Carers Alliance told us: “{PARAGRAPHS[3]}” We share that worry.",
        "Pooled budgets are a tool, not a goal: the council will pool what helps people leave "
        "hospital sooner and keep separate what the law requires it to account for alone.",
        "The council would welcome the single accountable person for each place, provided the "
        "role sits with an elected member and answers to the health scrutiny committee.",
    ]
    path = _write(incoming, "wexcombe-council.md", "Council response", council)
    report = Assistant(own, encoder).ingestor().build([read_document(path)])
    assert report.added == ("wexcombe-council",) and report.superseded == ()


def test_a_longer_copy_of_a_shipped_document_is_refused(
    held: tuple[Settings, Path], encoder: Encoder
) -> None:
    settings, incoming = held
    shipped = read_document(
        REPO_ROOT / "knowledge" / "sources" / "lowdown-empty-words-vague-ideas.md"
    )
    path = incoming / "lowdown-with-more.md"
    path.write_text(
        f'---\ntitle: "{shipped.title}"\nkind: commentary\n---\n'
        + "\n\n".join(PARAGRAPHS + MORE)  # before the text: its tail may be page furniture
        + "\n\n"
        + shipped.text,
        encoding="utf-8",
    )
    with pytest.raises(DuplicateError, match="shipped with the assistant"):
        Assistant(settings, encoder).ingestor().build([read_document(path)])


@functools.cache
def _documents() -> list[Source]:
    return read_folder(REPO_ROOT / "knowledge" / "sources") + read_folder(
        REPO_ROOT / "eval" / "fixtures"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [(a.id, b.id) for a, b in itertools.permutations(_documents(), 2)],
)
def test_no_shipped_document_is_taken_for_a_copy_of_another(first: str, second: str) -> None:
    """Every pair of shipped documents (and eval fixtures), both ways round, is not a copy,
    though several quote the same statements and the same white paper."""
    by_id = {s.id: s for s in _documents()}
    assert relation(words(by_id[first]), words(by_id[second])) is None
