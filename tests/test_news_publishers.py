"""A news publisher is not a body, and an ordinary phrase is not an organisation's name.

"Community Care" is a magazine (bodies.yaml lists it as media); "community care commissioned by
councils" is a phrase. A quotation printed by a magazine or a paper is the view of whoever it
quotes, never the publisher's. The sentences are written for the test; everyone is fictional.
"""

from __future__ import annotations

import pytest

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import load_topics
from assistant.ingest.builder import passages_of, token_counter
from assistant.models import Sentence, Source
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def directory() -> Directory:
    return Directory.load(KNOWLEDGE / "bodies.yaml")


def _sentences(text: str, kind: str, publisher: str, speaks_for: str | None) -> list[Sentence]:
    source = Source(
        id="test",
        title="A test document",
        kind=kind,
        publisher=publisher,
        speaks_for=speaks_for,
        text=text,
        content_hash="test",
    )
    directory = Directory.load(KNOWLEDGE / "bodies.yaml")
    topics = load_topics(KNOWLEDGE / "topics.yaml")
    passages = passages_of(source, 160, token_counter(), directory, topics)
    return [s for p in passages for s in p.sentences]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("the community care commissioned by councils", []),
        ("as Community Care reported", ["Community Care"]),
        ("skills for care staff are scarce", []),
        ("Skills for Care counts the workforce", ["Skills for Care"]),
        ("the lowdown on integration", []),
        ("the Lowdown says", ["The Lowdown"]),
        ("the lga and cfgs", []),  # acronyms keep their case
        (
            "the LGA and CfGS",
            ["Local Government Association", "Centre for Governance and Scrutiny"],
        ),
        ("The Health Foundation and the Health Foundation", ["The Health Foundation"] * 2),
        ("NHS PROVIDERS RESPONDS", ["NHS Providers"]),  # a heading in capitals
    ],
)
def test_names_match_only_as_they_are_written(
    directory: Directory, text: str, names: list[str]
) -> None:
    assert [name for _, _, name in directory.name_spans(text)] == names


def test_a_providers_chair_mentioning_community_care_speaks_for_the_response() -> None:
    text = (
        "Care providers across the county have responded to the white paper.\n\n"
        "Marion Okoro, who chairs a group of care providers, said the community care "
        "commissioned by councils was being cut to the bone."
    )
    said = _sentences(text, "response", "Fenshire Care Providers", "Fenshire Care Providers")[1]
    assert said.body == "Fenshire Care Providers"


@pytest.mark.parametrize(
    ("publisher", "sentence"),
    [
        (  # a magazine bodies.yaml lists as media, named as the source of a sentence
            "Community Care",
            "Community Care understands that councils are cutting fees, according to Marion "
            "Okoro, who chairs a providers' group.",
        ),
        (  # the paper publishing the report, learnt from the text as someone's workplace
            "Fenmoor Gazette",
            "Jo Bloggs, a reporter at Fenmoor Gazette, said fees were being cut.",
        ),
    ],
)
def test_a_news_publisher_is_never_the_body_of_a_sentence(publisher: str, sentence: str) -> None:
    said = _sentences(f"Providers are angry.\n\n{sentence}", "news", publisher, None)[1]
    assert said.body is None and said.speaker is not None


def test_a_body_publishing_the_record_of_its_own_meeting_still_speaks_for_itself() -> None:
    text = (
        "Minutes of the adult social care committee.\n\n"
        "Councillor Anwar Shah, leader of Northfield County Council, said the council "
        "would pool its budgets for hospital discharge."
    )
    said = _sentences(text, "news", "Northfield County Council", None)[1]
    assert said.body == "Northfield County Council"
