"""Ingestion labels a document about another policy paper, stores the label in the index (the
sources, the Chroma passages, the catalogue), and keeps an officer's correction across rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.errors import SourceError
from assistant.index.stores import chroma_client
from assistant.index.versions import current_folder, load_data
from assistant.ingest.documents import read_document, split_front_matter
from assistant.service import Assistant, IndexSession
from tests.documents import OTHER_POLICY_DOC, OTHER_POLICY_ID


def test_ingestion_stores_the_paper_a_document_is_about(other_policy_settings: Settings) -> None:
    rows = {r.id: r for r in IndexSession.open(other_policy_settings).catalogue()}
    other = rows[OTHER_POLICY_ID]
    assert other.about == "integration-and-innovation"
    assert other.about_title == "Integration and innovation (February 2021)"
    assert "before the integration white paper (CP 573) was published" in other.about_reason
    assert all(r.about is None for i, r in rows.items() if i != OTHER_POLICY_ID)

    folder = current_folder(other_policy_settings.index_dir)
    stored = load_data(folder).sources[OTHER_POLICY_ID]
    assert stored.about == "integration-and-innovation"
    found = (
        chroma_client(folder)
        .get_collection("passages")
        .get(where={"source_id": OTHER_POLICY_ID}, include=["metadatas"])
    )
    assert found["metadatas"], "the document's passages should be in Chroma"
    assert {m.get("about") for m in found["metadatas"]} == {"integration-and-innovation"}
    shipped = (
        chroma_client(folder)
        .get_collection("passages")
        .get(where={"source_id": "white-paper-digest"}, include=["metadatas"], limit=5)
    )
    assert shipped["metadatas"] and all("about" not in m for m in shipped["metadatas"])


def test_an_officers_correction_is_stored_and_kept_across_rebuilds(
    other_policy_settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(other_policy_settings.data_dir, data_dir)
    settings = Settings(data_dir=data_dir, knowledge_dir=other_policy_settings.knowledge_dir)
    path = tmp_path / f"{OTHER_POLICY_ID}.md"
    path.write_text(OTHER_POLICY_DOC, encoding="utf-8")
    ingestor = Assistant(settings, encoder).ingestor()

    report = ingestor.build([read_document(path, {"about": "cp573"})])
    assert report.replaced == (OTHER_POLICY_ID,)
    assert report.other_policy == ()
    source = IndexSession.open(settings).data.sources[OTHER_POLICY_ID]
    assert source.about is None and source.about_title is None
    assert source.about_reason == "Marked by hand as about the integration white paper (CP 573)."

    kept = (data_dir / "documents" / f"{OTHER_POLICY_ID}.md").read_text(encoding="utf-8")
    meta, _ = split_front_matter(path, kept)
    assert meta["about"] == "cp573"
    assert "about_title" not in meta and "about_reason" not in meta
    assert ingestor.build().changed is False  # the kept copy says the same, so nothing changes


def test_a_paper_the_assistant_does_not_know_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(OTHER_POLICY_DOC, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_document(path, {"about": "the-long-term-plan"})
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("doc.md: 'about' must be one of cp573, integration-and-innovation")


def test_front_matter_can_say_what_a_document_is_about(tmp_path: Path) -> None:
    meta, body = split_front_matter(Path("x.md"), OTHER_POLICY_DOC)
    meta["about"] = "People-At-The-Heart-Of-Care"
    path = tmp_path / "doc.md"
    path.write_text(f"---\n{yaml.safe_dump(meta)}---\n{body}", encoding="utf-8")
    assert read_document(path).stated_about == "people-at-the-heart-of-care"
