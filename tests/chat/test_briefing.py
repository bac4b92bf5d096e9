"""Briefing notes, citation cards, the feedback store and the positions chart, on real answers."""

from __future__ import annotations

import html
import threading
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assistant.chat.briefing import briefing_html, briefing_markdown
from assistant.chat.cards import passage_around, passage_html, readable_date
from assistant.chat.chart import STANCE_COLOURS, chart, describe, table_rows
from assistant.chat.conversation import Exchange, earlier_questions
from assistant.chat.feedback import FeedbackStore
from assistant.models import Answer, Citation, PositionRow, Statement
from assistant.service import Assistant

PREPARED = datetime(2026, 3, 5, 14, 7)


@pytest.fixture(scope="module")
def exchanges(assistant: Assistant) -> list[Exchange]:
    first = "What is the single accountable person?"
    second = "What do councils say about funding?"
    return [
        Exchange(first, assistant.ask(first)),
        Exchange(second, assistant.ask(second, history=[first]), (first,)),
    ]


def test_the_markdown_note_keeps_every_question_quote_and_link(
    exchanges: list[Exchange],
) -> None:
    note = briefing_markdown(exchanges, PREPARED)
    assert note.startswith("# Briefing note")
    assert "Prepared on 5 March 2026 at 14:07" in note
    assert exchanges[0].answer.index_version in note
    for i, exchange in enumerate(exchanges, start=1):
        assert f"## {i}. {exchange.question}" in note
        for c in exchange.answer.citations:
            assert c.quote.split()[0] in note
            if c.url:
                assert f"<{c.url}>" in note


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_printable_page_is_structured_and_escapes_document_text(
    exchanges: list[Exchange],
) -> None:
    hostile = Answer(
        question="<script>alert(1)</script>",
        answerable=True,
        answer="- <img src=x onerror=alert(1)> [1]",
        citations=[
            Citation(
                n=1,
                source_id="x",
                title="A <b>bold</b> title",
                kind="news",
                url="javascript:alert(1)",
                quote="<script>bad()</script>",
                start=0,
                end=22,
                passage_id="x:0000",
                passage_start=0,
                passage_end=22,
            )
        ],
    )
    page = briefing_html([*exchanges, Exchange(hostile.question, hostile)], PREPARED)
    parsed = _Collector()
    parsed.feed(page)
    assert parsed.lang == "en-GB"
    assert parsed.tags.count("h1") == 1
    assert parsed.tags.count("h2") == len(exchanges) + 1
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert not any(link.startswith("javascript:") for link in parsed.links)
    text = "".join(parsed.text)
    for c in exchanges[0].answer.citations:
        assert c.quote in text
        if c.url:
            assert c.url in parsed.links
    assert "@media print" in page


def test_a_card_shows_the_quote_inside_its_passage(assistant: Assistant) -> None:
    answer = assistant.ask("What is the single accountable person?")
    sources = {s.id: s for s in assistant.sources()}
    for c in answer.citations:
        before, quote, after = passage_around(c, sources[c.source_id])
        assert quote == c.quote
        assert before + quote + after in sources[c.source_id].text
        assert len(before + after) > 0 or c.passage_end - c.passage_start == len(c.quote)
    c = answer.citations[0]
    assert passage_around(c, None) == ("", c.quote, "")  # source gone: the quote alone


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2022-02-10", "10 February 2022"), ("2022-02", "February 2022"), (None, "not known")],
)
def test_dates_read_the_british_way(value: str | None, shown: str) -> None:
    assert readable_date(value) == shown


def test_earlier_questions_are_the_most_recent_oldest_first(exchanges: list[Exchange]) -> None:
    assert earlier_questions(exchanges, 10) == [e.question for e in exchanges]
    assert earlier_questions(exchanges, 1) == [exchanges[-1].question]
    assert earlier_questions(exchanges, 0) == []


def test_ratings_from_many_sessions_at_once_are_all_kept(
    tmp_path: Path, exchanges: list[Exchange]
) -> None:
    store = FeedbackStore(tmp_path)
    threads = [
        threading.Thread(target=store.record, args=(exchanges[i % 2], "helpful", f"note {i}"))
        for i in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = store.all()
    assert sorted(r.comment for r in records) == sorted(f"note {i}" for i in range(20))
    assert set(store.latest()) == {e.id for e in exchanges}


def _row(body: str, topic: str, stance: str, government: bool = False) -> PositionRow:
    statement = Statement(
        source_id="s",
        title="A response",
        kind="response",
        quote=f"{body} on {topic}.",
        start=0,
        end=5,
        stance=stance,
        passage_id="s:0000",
    )
    return PositionRow(
        body=body,
        topic=topic,
        stance=stance,
        strength=1.0,
        government=government,
        statements=[statement],
    )


LABELS = {"funding": "Funding and resources", "place": "Place and local partnerships"}


def test_the_chart_labels_every_cell_with_its_stance_in_words() -> None:
    rows = [
        _row("Body A", "funding", "concern"),
        _row("Body B", "funding", "support"),
        _row("Government", "place", "support", government=True),
    ]
    spec = chart(rows, LABELS).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "text"]
    assert spec["layer"][1]["encoding"]["text"]["field"] == "Stance"
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["range"] == [STANCE_COLOURS[s] for s in colour["domain"]]
    records = table_rows(rows, LABELS)
    assert records[0]["Body"] == "Government (government)"  # the government's own position first
    assert {r["Stance"] for r in records} == {"Concern", "Support"}


def test_the_text_alternative_says_where_bodies_differ() -> None:
    rows = [
        _row("Body A", "funding", "concern"),
        _row("Body B", "funding", "support"),
        _row("Body C", "place", "support"),
        _row("Body D", "place", "support"),
    ]
    words = describe(rows, LABELS)
    assert words.startswith("Positions of 4 bodies on 2 topics.")
    assert "Funding and resources: support: Body B; concern: Body A. Bodies differ here." in words
    assert "Place and local partnerships: support: Body C, Body D." in words
    assert describe([], LABELS).startswith("No positions")


def test_document_text_in_a_card_is_escaped(assistant: Assistant) -> None:
    c = assistant.ask("What is the single accountable person?").citations[0]
    hostile = c.model_copy(update={"quote": "<script>x()</script>"})
    assert "<script>" not in passage_html(hostile, None)
    assert html.escape("<script>x()</script>") in passage_html(hostile, None)
