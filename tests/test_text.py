"""Document text placed in Markdown reads the same in the chat, the briefing and the widget."""

from __future__ import annotations

import pytest

from assistant.http.widget import inline_segments
from assistant.labels import (
    KIND_LABELS,
    STANCE_LABELS,
    STANCE_PHRASES,
    STANCE_PHRASES_PLURAL,
    STANCE_WORDS,
    kind_label,
)
from assistant.models import SOURCE_KINDS, STANCES
from assistant.text import MARKDOWN_SPECIAL, is_web_link, markdown_text, quoted, unescape_markdown

TRICKY = "Costs rose from $5bn to $7bn ~ a *big* [jump] <b>#1</b> | `code` _under_ \\ back"


def test_markdown_text_escapes_every_special_character() -> None:
    escaped = markdown_text(TRICKY)
    bare, chars = [], iter(escaped)
    for ch in chars:
        if ch == "\\":
            next(chars)  # an escaped character is shown as itself
        else:
            bare.append(ch)
    assert not set(bare) & set(MARKDOWN_SPECIAL)
    assert unescape_markdown(escaped) == TRICKY


def test_widget_shows_escaped_text_as_the_original_words() -> None:
    segments = inline_segments(markdown_text(TRICKY) + " [3]")
    assert segments == [("text", TRICKY + " "), ("cite", "3")]


def test_quoted_drops_a_bullet_and_the_sources_own_quotation_marks() -> None:
    assert quoted("• “It costs $5bn.”") == "“It costs \\$5bn.”"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///x", "", None])
def test_only_web_links_are_links(url: str | None) -> None:
    assert not is_web_link(url)


def test_web_links_in_either_case_are_links() -> None:
    assert is_web_link("https://www.gov.uk/x") and is_web_link("HTTP://example.org")


def test_every_stance_and_kind_has_words_in_each_form() -> None:
    for forms in (STANCE_LABELS, STANCE_WORDS, STANCE_PHRASES, STANCE_PHRASES_PLURAL):
        assert set(forms) == set(STANCES)
    assert set(KIND_LABELS) == set(SOURCE_KINDS)
    assert kind_label("board-paper") == "Board paper"
