"""Answers about views: several bodies heard, agreement and difference led with, silence stated."""

from __future__ import annotations

import pytest

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import load_topics
from assistant.answer.questions import in_context
from assistant.config import REPO_ROOT
from assistant.index.positions import build_table, compare
from assistant.models import Answer, Passage, Sentence, Source
from assistant.service import Assistant

DIRECTORY = Directory.load(REPO_ROOT / "knowledge" / "bodies.yaml")
LABELS = {t.id: t.label for t in load_topics(REPO_ROOT / "knowledge" / "topics.yaml")}


def _assert_positions_are_cited(answer: Answer) -> None:
    by_n = {c.n: c for c in answer.citations}
    for position in answer.positions:
        citation = by_n[position.citation]
        assert citation.body == position.body
        assert citation.quote == position.quote


def _assert_quotes_verbatim(assistant: Assistant, answer: Answer) -> None:
    sources = {s.id: s for s in assistant.sources()}
    for c in answer.citations:
        assert sources[c.source_id].text[c.start : c.end] == c.quote


# ------------------------------------------------------------------------------ the table
def _source(text: str, kind: str = "news") -> Source:
    return Source(id="doc", title="Doc", kind=kind, text=text, content_hash="x")


def _passage(source: Source, sentences: list[Sentence], kind: str = "news") -> Passage:
    return Passage(
        id="doc:0000",
        source_id=source.id,
        text=source.text,
        start=0,
        end=len(source.text),
        kind=kind,
        sentences=sentences,
    )


def test_reader_comments_and_reporters_are_not_in_the_table() -> None:
    text = "Funding is short. The reporter notes funding. A reader fears funding cuts."
    source = _source(text)
    a, b, c = (text.index(s) for s in ("Funding is", "The reporter", "A reader"))
    said = _passage(
        source,
        [
            Sentence(
                start=a, end=b - 1, body="NHS Providers", topics=["funding"], stance="concern"
            ),
            Sentence(start=b, end=c - 1, body=None, topics=["funding"], stance="neutral"),
        ],
    )
    comment = _passage(
        source,
        [Sentence(start=c, end=len(text), body=None, topics=["funding"], stance="concern")],
        kind="reader-comment",
    )
    rows = build_table([said, comment], {"doc": source}, DIRECTORY)
    assert [(r.body, r.topic, r.stance) for r in rows] == [("NHS Providers", "funding", "concern")]
    assert rows[0].statements[0].quote == "Funding is short."


def test_government_rows_are_marked_apart_and_strength_counts_agreeing_statements() -> None:
    text = "We propose pooling. Pooling is welcome. Pooling is risky. Pooling is a worry."
    source = _source(text, kind="response")
    starts = [
        text.index(s)
        for s in ("We propose", "Pooling is welcome", "Pooling is risky", "Pooling is a worry")
    ] + [len(text) + 1]
    bodies = ["Department of Health and Social Care", "LGA", "LGA", "LGA"]
    stances = ["neutral", "support", "concern", "concern"]
    sentences = [
        Sentence(start=s, end=e - 1, body=b, topics=["pooled-budgets"], stance=st)
        for s, e, b, st in zip(starts, starts[1:], bodies, stances, strict=False)
    ]
    rows = {
        r.body: r
        for r in build_table([_passage(source, sentences, "response")], {"doc": source}, DIRECTORY)
    }
    assert rows["Department of Health and Social Care"].government
    assert not rows["LGA"].government
    assert rows["LGA"].stance == "mixed"
    view = compare(rows.values(), "pooled-budgets")
    assert [r.body for r in view.government] == ["Department of Health and Social Care"]
    assert [r.body for r in view.respondents] == ["LGA"]


def test_views_that_all_lean_one_way_are_flagged_one_sided(assistant: Assistant) -> None:
    rows = assistant.positions()
    for topic in {r.topic for r in rows}:
        view = compare(rows, topic)
        stances = {r.stance for r in view.opinions}
        assert (view.one_sided() is not None) == (len(stances) == 1 or len(view.opinions) == 1)


# ------------------------------------------------------------------------------ answers
def test_worried_about_funding_names_several_concerned_bodies(assistant: Assistant) -> None:
    answer = assistant.ask("Which bodies are worried about funding?")
    concerned = {p.body for p in answer.positions if p.stance == "concern"}
    assert len(concerned) >= 3
    assert {p.topic for p in answer.positions} == {"funding"}
    assert answer.answer.splitlines()[0].startswith("**Bodies")
    _assert_positions_are_cited(answer)
    _assert_quotes_verbatim(assistant, answer)


def test_a_question_on_how_views_differ_leads_with_where_bodies_stand(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("How do views on shared care records differ?")
    assert len({p.body for p in answer.positions}) >= 2
    assert {p.topic for p in answer.positions} == {"data-sharing"}
    lead = answer.answer.split("**What they said**")[0]
    assert "agree" in lead or "differ" in lead
    _assert_positions_are_cited(answer)


def test_the_governments_position_is_labelled_apart_from_respondents(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("What do people think of the single accountable person?")
    government = [c for c in answer.citations if DIRECTORY.is_government(c.body)]
    assert government, "the white paper's own position should be shown"
    assert "government's own position" in answer.answer
    assert not any(DIRECTORY.is_government(p.body) for p in answer.positions)


def test_a_body_that_said_nothing_on_a_topic_is_said_not_to_have_addressed_it(
    assistant: Assistant,
) -> None:
    rows = assistant.positions()
    spoken = {(r.body, r.topic) for r in rows}
    body = next(r.body for r in rows if r.body == "Local Government Association")
    silent = next(t for t in LABELS if t != "overall" and (body, t) not in spoken)
    answer = assistant.ask(f"What does the LGA think about {LABELS[silent].lower()}?")
    assert f"{body} did not address" in answer.answer
    assert not any(p.body == body and p.topic == silent for p in answer.positions)
    assert not answer.answerable and not answer.citations  # nothing to cite: not covered


def test_a_question_naming_a_body_quotes_that_body(assistant: Assistant) -> None:
    answer = assistant.ask("What did the Health Foundation say?")
    assert answer.positions
    assert {p.body for p in answer.positions} == {"The Health Foundation"}
    assert all(c.body == "The Health Foundation" for c in answer.citations)


def test_a_follow_up_keeps_the_topic_of_the_previous_question(assistant: Assistant) -> None:
    first = "What do the bodies think about pooled budgets?"
    answer = assistant.ask("and what about NHS Providers?", history=[first])
    assert answer.positions
    assert {p.topic for p in answer.positions} == {"pooled-budgets"}
    assert {p.body for p in answer.positions} == {"NHS Providers"}


def test_a_factual_question_is_not_answered_as_views(assistant: Assistant) -> None:
    answer = assistant.ask("How many people live in a place?")
    assert answer.positions == []


def test_a_view_question_is_deterministic(assistant: Assistant) -> None:
    question = "Who supports pooled budgets?"
    assert assistant.ask(question).answer == assistant.ask(question).answer


# ------------------------------------------------------------------------------ follow-ups
@pytest.mark.parametrize(
    ("question", "meant"),
    [
        ("and what about the LGA?", "What about budgets? and what about the LGA?"),
        ("Why do they think that?", "What about budgets? Why do they think that?"),
        (
            "What does the white paper propose for shared care records by 2024?",
            "What does the white paper propose for shared care records by 2024?",
        ),
    ],
)
def test_follow_ups_are_read_with_the_previous_question(question: str, meant: str) -> None:
    assert in_context(question, ["What about budgets?"]) == meant


def test_a_question_without_history_is_unchanged() -> None:
    assert in_context("and the LGA?", []) == "and the LGA?"


def test_two_bodies_joined_by_and_are_both_recognised(assistant: Assistant) -> None:
    answer = assistant.ask("Do the LGA and NHS Providers agree on funding?")
    assert answer.answerable
    assert {p.body for p in answer.positions} == {"Local Government Association", "NHS Providers"}


def test_a_body_absent_from_the_documents_is_named_once_beside_the_others(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("What do the Kings Fund and NHS Providers think?")
    assert answer.answer.count("Kings Fund is not among the documents I hold") == 1
    assert {p.body for p in answer.positions} == {"NHS Providers"}


def test_the_digest_speaks_for_no_body(assistant: Assistant) -> None:
    digests = [s.id for s in assistant.sources() if s.kind == "digest"]
    rows = assistant.positions()
    assert not any(st.source_id in digests for r in rows for st in r.statements)


def test_a_body_mentioned_but_never_quoted_gets_no_invented_view(assistant: Assistant) -> None:
    quoted = {r.body for r in assistant.positions()}
    texts = " ".join(s.text for s in assistant.sources())
    body = next(
        name
        for name in sorted(set(DIRECTORY.names.values()))
        if name not in quoted and name in texts and not DIRECTORY.is_government(name)
    )
    answer = assistant.ask(f"What does the {body} think of the white paper?")
    assert body in answer.answer and "not" in answer.answer
    assert answer.positions == [] and not answer.answerable


def test_positions_can_be_asked_for_by_a_bodys_alias(assistant: Assistant) -> None:
    by_alias = assistant.positions(body="LGA")
    assert by_alias
    assert by_alias == assistant.positions(body="Local Government Association")


def test_a_view_stated_jointly_counts_for_each_body() -> None:
    text = "Both bodies broadly welcome pooling."
    source = _source(text, kind="news")
    sentence = Sentence(start=0, end=len(text), body="LGA", also=["NHS Confederation"],
                        topics=["pooled-budgets"], stance="mixed")
    rows = build_table([_passage(source, [sentence], "news")], {"doc": source}, DIRECTORY)
    assert {(r.body, r.stance) for r in rows} == {("LGA", "mixed"), ("NHS Confederation", "mixed")}
