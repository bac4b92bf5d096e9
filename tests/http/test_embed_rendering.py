"""How the widget page turns answers into safe text, and checks what host pages may set."""

from __future__ import annotations

import pytest

from assistant.http.access import TokenError, mint_token, read_token
from assistant.http.widget import (
    DEFAULT_ACCENT,
    accent_colour,
    answer_blocks,
    contrast_on_white,
    inline_segments,
    who_said,
)
from assistant.models import Citation
from assistant.text import web_link


def test_answer_markdown_becomes_text_bold_and_citation_markers() -> None:
    line = "**NHS Providers**, concerned: “this approach \\[pooling budgets\\] risks it” [1]"
    assert inline_segments(line) == [
        ("strong", "NHS Providers"),
        ("text", ", concerned: “this approach [pooling budgets] risks it” "),
        ("cite", "1"),
    ]


def test_markup_in_an_answer_stays_literal_text() -> None:
    segments = inline_segments('<script>alert("x")</script> [2]')
    assert segments == [("text", '<script>alert("x")</script> '), ("cite", "2")]


def test_answers_split_into_headings_lists_and_paragraphs() -> None:
    blocks = answer_blocks("**What they said**\n\n- one [1]\n- two [2]\n\nA closing line.")
    assert [b.kind for b in blocks] == ["heading", "list", "para"]
    assert len(blocks[1].lines) == 2


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("#00703c", "#00703c"),  # GOV.UK green: readable on white
        ("00703C", "#00703c"),
        ("#ffdd00", DEFAULT_ACCENT),  # yellow fails 4.5:1 on white
        ("red; background: url(x)", DEFAULT_ACCENT),
        (None, DEFAULT_ACCENT),
    ],
)
def test_only_readable_accent_colours_are_used(given: str | None, used: str) -> None:
    assert accent_colour(given) == used
    assert contrast_on_white(used) >= 4.5


def test_only_web_links_are_shown() -> None:
    assert web_link("https://www.gov.uk/x") == "https://www.gov.uk/x"
    assert web_link("javascript:alert(1)") is None
    assert web_link("data:text/html,hi") is None


def test_a_token_names_its_client_until_it_expires() -> None:
    token = mint_token("s3cret", "team-a", 60, now=1_000_000)
    assert read_token(token, "s3cret", 300, now=1_000_030) == "team-a"
    with pytest.raises(TokenError, match="expired"):
        read_token(token, "s3cret", 300, now=1_000_061)
    with pytest.raises(TokenError, match="not valid"):
        read_token(token, "other", 300, now=1_000_030)
    with pytest.raises(TokenError):
        mint_token("s3cret", "someone@example.org", 60)


def test_source_details_leave_out_repeats() -> None:
    c = Citation(
        n=1,
        source_id="s",
        title="Update",
        kind="response",
        speaker="Megan Ingle",
        body="Centre for Governance and Scrutiny",
        publisher="Centre for Governance and Scrutiny (CfGS)",
        date="2022-03-01",
        quote="q",
        start=0,
        end=1,
        passage_id="p",
        passage_start=0,
        passage_end=1,
    )
    assert who_said(c) == "Megan Ingle · Centre for Governance and Scrutiny · 2022-03-01"
