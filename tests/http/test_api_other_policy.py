"""The API and the page without JavaScript over an index holding a document about another
policy paper: the source summaries carry its label, answers flag its citations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from assistant.http.app import create_app
from assistant.service import Assistant
from tests.documents import OTHER_POLICY_ID
from tests.servers import api_settings

LABEL = "About another paper: Integration and innovation (February 2021)"
ONLY_OTHER = "Should hospital trusts publish waiting times for community dentistry every quarter?"


@pytest.fixture(scope="module")
def client(other_policy_settings: Settings, other_policy_assistant: Assistant) -> Iterator:
    app = create_app(api_settings(other_policy_settings), other_policy_assistant)
    with TestClient(app) as c:
        yield c


def test_source_summaries_label_a_document_about_another_paper(client: TestClient) -> None:
    rows = {r["id"]: r for r in client.get("/v1/sources").json()}
    other = rows[OTHER_POLICY_ID]
    assert other["about"] == "integration-and-innovation"
    assert other["about_title"] == "Integration and innovation (February 2021)"
    assert other["about_label"] == LABEL
    assert other["about_reason"]
    digest = rows["white-paper-digest"]
    assert digest["about"] is None and digest["about_label"] is None
    assert {"id", "title", "kind", "characters"} <= set(digest)


def test_an_answer_from_another_paper_flags_its_citations(client: TestClient) -> None:
    answer = client.post("/v1/ask", json={"question": ONLY_OTHER}).json()
    assert {c["source_id"] for c in answer["citations"]} == {OTHER_POLICY_ID}
    assert all(c["about_other_policy"] for c in answer["citations"])
    assert answer["answer"].startswith("The only source I hold that covers this is about")

    ordinary = client.post("/v1/ask", json={"question": "What are shared outcomes?"}).json()
    assert ordinary["citations"]
    assert not any(c["about_other_policy"] for c in ordinary["citations"])


def test_the_page_without_javascript_labels_the_source_and_the_document(
    client: TestClient,
) -> None:
    html = client.post("/embed", data={"question": ONLY_OTHER}).text
    assert f'<p class="wpa-about-other">{LABEL}</p>' in html
    assert f'<span class="wpa-about-other">{LABEL}</span>' in html
    assert html.count(LABEL) == 2  # the cited source, and the document in the list
