"""Building the index: versions switch only when complete, unchanged input is a no-op,
and a bad file changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.analysis.stance_model import STANCE_MODEL_FILE
from assistant.config import REPO_ROOT, Settings
from assistant.embedding import Encoder
from assistant.errors import SourceError
from assistant.index.stores import chroma_client
from assistant.index.versions import read_pointer
from assistant.ingest.documents import read_document
from assistant.service import Assistant

KNOWLEDGE = REPO_ROOT / "knowledge"


def test_the_chroma_collection_uses_cosine_space(built_settings: Settings) -> None:
    folder = built_settings.index_dir / read_pointer(built_settings.index_dir)
    collection = chroma_client(folder).get_collection("passages")
    assert collection.configuration["hnsw"]["space"] == "cosine"
    assert collection.count() > 20


def test_reingesting_unchanged_documents_writes_nothing(
    built_settings: Settings, encoder: Encoder
) -> None:
    before = read_pointer(built_settings.index_dir)
    folders = sorted(built_settings.index_dir.glob("v-*"))
    report = Assistant(built_settings, encoder).ingestor().build()
    assert report.changed is False
    assert read_pointer(built_settings.index_dir) == before
    assert sorted(built_settings.index_dir.glob("v-*")) == folders


def test_an_added_document_is_answerable_kept_and_reuses_earlier_vectors(
    fresh_settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    assistant = Assistant(fresh_settings, encoder)
    first = assistant.ingestor().build()
    doc = tmp_path / "rcn-response.md"
    doc.write_text(
        "---\ntitle: Nurses on the integration plans\npublisher: Royal College of Nursing\n"
        "kind: response\nspeaks_for: Royal College of Nursing\ndate: 2022-02-11\n---\n"
        "The Royal College of Nursing said district nursing teams are already stretched thin. "
        "Integration will not work unless the community nursing workforce grows.\n",
        encoding="utf-8",
    )
    report = assistant.ingestor().build([read_document(doc)])
    assert report.changed and report.version != first.version
    assert report.reused_vectors > 0 and report.embedded < first.embedded
    answer = assistant.ask("What did the Royal College of Nursing say about district nursing?")
    assert answer.answerable
    assert answer.citations[0].source_id == "rcn-response"
    rows = {r.topic: r for r in assistant.positions(body="Royal College of Nursing")}
    assert rows["workforce"].stance == "concern"  # a new body's stance, with no code change
    assert (fresh_settings.data_dir / "documents" / "rcn-response.md").exists()
    rebuilt = assistant.ingestor().build()
    assert rebuilt.changed is False  # the kept copy is part of the corpus: nothing lost


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", b"", "empty"),
        ("blank.md", b"---\ntitle: T\nkind: news\n---\n   \n", "no text"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (
            "broken.md",
            b"---\ntitle: [unclosed\nkind: news\n---\nSome text here.\n",
            "not valid YAML",
        ),
        (
            "open.md",
            b"---\ntitle: T\nkind: news\nSome text without a closing line.\n",
            "not closed",
        ),
        ("badkind.md", b"---\ntitle: T\nkind: blog\n---\nSome text.\n", "kind must be one of"),
        ("nokind.md", b"---\ntitle: T\n---\nSome text.\n", "say what kind of document this is"),
        ("latin1.txt", "Caf\xe9 society".encode("latin-1"), "not UTF-8"),
        ("sheet.xlsx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_a_bad_file_fails_with_one_line_and_the_old_index_still_answers(
    built_settings: Settings,
    encoder: Encoder,
    tmp_path: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = read_pointer(built_settings.index_dir)
    with pytest.raises(SourceError) as caught:
        Assistant(built_settings, encoder).ingestor().build([read_document(path)])
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert read_pointer(built_settings.index_dir) == before
    assert (
        Assistant(built_settings, encoder).ask("What is the single accountable person?").answerable
    )


def test_a_failed_build_leaves_the_previous_version_serving(
    copied_settings: Settings, encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant = Assistant(copied_settings, encoder)
    before = read_pointer(copied_settings.index_dir)
    doc = tmp_path / "new.md"
    doc.write_text("---\ntitle: New\nkind: news\n---\nA new report on carers.\n", encoding="utf-8")

    def crash(*_: object, **__: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("assistant.ingest.builder.write_stores", crash)
    with pytest.raises(RuntimeError):
        assistant.ingestor().build([read_document(doc)])
    assert read_pointer(copied_settings.index_dir) == before
    assert not list(copied_settings.index_dir.glob(".building-*"))
    assert not (copied_settings.data_dir / "documents" / "new.md").exists()
    assert assistant.ask("What do people say about pooled budgets?").answerable


def test_changing_the_topic_list_rebuilds_the_positions_table(
    tmp_path: Path, encoder: Encoder
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    assistant = Assistant(settings, encoder)
    first = assistant.ingestor().build()
    topics = knowledge / "topics.yaml"
    topics.write_text(
        topics.read_text(encoding="utf-8")
        + "  - id: prevention\n    label: Prevention\n    description: Prevention.\n"
        "    terms: [prevention]\n",
        encoding="utf-8",
    )
    second = assistant.ingestor().build()
    assert second.changed and second.version != first.version
    assert second.embedded == 0  # the text did not change, so no vector is recomputed
    assert any(r.topic == "prevention" for r in assistant.positions())


def test_the_learned_stance_model_is_part_of_the_build(tmp_path: Path, encoder: Encoder) -> None:
    """Without the model file the rules stand alone; putting it back rebuilds with its views."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    model_file = knowledge / STANCE_MODEL_FILE
    weights = model_file.read_bytes()
    model_file.unlink()
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    assistant = Assistant(settings, encoder)
    assistant.ingestor().build()
    rules_only = {(r.body, r.topic): r.stance for r in assistant.positions()}
    model_file.write_bytes(weights)
    second = assistant.ingestor().build()
    assert second.changed and second.embedded == 0
    with_model = {(r.body, r.topic): r.stance for r in assistant.positions()}
    assert with_model != rules_only


def test_a_short_name_a_document_defines_finds_its_body_in_questions_and_the_table(
    tmp_path: Path, encoder: Encoder
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    (knowledge / "sources" / "kestrel-response.md").write_text(
        "---\ntitle: Our response to the integration white paper\npublisher: Kestrel Lane "
        "Institute of Podiatry\nkind: response\ndate: 2022-03-01\nspeaks_for: Kestrel Lane "
        "Institute of Podiatry\n---\n"
        "The Kestrel Lane Institute of Podiatry (KLIP) represents foot health practitioners.\n\n"
        "We are worried that the white paper offers no new funding for community services.\n",
        encoding="utf-8",
    )
    assistant = Assistant(Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge), encoder)
    assistant.ingestor().build()
    by_name = assistant.positions(body="Kestrel Lane Institute of Podiatry")
    assert by_name and assistant.positions(body="KLIP") == by_name
    answer = assistant.ask("What does KLIP think about funding?")
    assert any(p.body == "Kestrel Lane Institute of Podiatry" for p in answer.positions)
